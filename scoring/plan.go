package scoring

import "github.com/assocbench/assocbench/questionnaires"

// plan is what scoring needs of a questionnaire, derived once and kept
// with it (Questionnaire.Memo): its score items in order — every question
// but notes, then the section's indicators, section by section — each with
// its effective scoring method, so that scoring a response walks flat
// slices instead of re-deriving methods and skipping notes each time.
type plan struct {
	sections []planSection
	items    []planItem
}

// planSection is a section's span of items.
type planSection struct {
	id         string
	weight     float64
	start, end int // items[start:end]
}

// planItem is one score item: a question (qu) or an indicator (in).
type planItem struct {
	id, section string
	weight      float64
	qu          *questionnaires.Question
	in          *questionnaires.Indicator
	method      questionnaires.Method // qu.Method() or in.Method()
}

type planKey struct{}

// planOf returns q's plan, deriving it on first use.
func planOf(q *questionnaires.Questionnaire) *plan {
	return q.Memo(planKey{}, func() any { return newPlan(q) }).(*plan)
}

func newPlan(q *questionnaires.Questionnaire) *plan {
	p := &plan{sections: make([]planSection, len(q.Sections))}
	for si, s := range q.Sections {
		ps := planSection{id: s.ID, weight: s.Weight, start: len(p.items)}
		for _, qu := range s.Questions {
			if qu.Type == questionnaires.TypeNote {
				continue
			}
			p.items = append(p.items, planItem{id: qu.ID, section: s.ID, weight: qu.Weight, qu: qu, method: qu.Method()})
		}
		for _, in := range s.Indicators() {
			p.items = append(p.items, planItem{id: in.ID, section: s.ID, weight: in.Weight, in: in, method: in.Method()})
		}
		ps.end = len(p.items)
		p.sections[si] = ps
	}
	return p
}
