package scoring

import "github.com/assocbench/assocbench/questionnaires"

// plan is what scoring needs of a questionnaire, derived once and kept
// with it (Questionnaire.Memo): its score items in order — every question
// but notes, then the section's indicators, section by section — each with
// its effective scoring method and, for a question, what scoring its
// answer reads (choice points, yes/no points, levels), so that scoring a
// response walks flat slices instead of re-deriving all that each time.
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
	qs          questionScoring       // a question's
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
			m := qu.Method()
			p.items = append(p.items, planItem{id: qu.ID, section: s.ID, weight: qu.Weight, qu: qu, method: m, qs: newQuestionScoring(qu, m)})
		}
		for _, in := range s.Indicators() {
			p.items = append(p.items, planItem{id: in.ID, section: s.ID, weight: in.Weight, in: in, method: in.Method()})
		}
		ps.end = len(p.items)
		p.sections[si] = ps
	}
	return p
}

// scoreCode is how an answered, relevant question is scored.
type scoreCode uint8

const (
	codeOther  scoreCode = iota // informational (an unknown method)
	codeChoice                  // choice points (single or multiple)
	codeCount                   // count of selected options, in bands
	codeScale                   // likert, rubric, matrix
	codeYesNo                   // yes/no points
	codeNumber                  // bands or linear
)

// planChoice is a choice of a choice question.
type planChoice struct {
	id        string
	points    float64
	pointed   bool // the choice carries points
	exclusive bool
}

// questionScoring is what scoring a question's answer reads, derived
// from its definition.
type questionScoring struct {
	code    scoreCode
	choices []planChoice // codeChoice, codeCount
	levels  int          // codeScale
	yes, no float64      // codeYesNo
	scoring *questionnaires.Scoring
}

func newQuestionScoring(qu *questionnaires.Question, m questionnaires.Method) questionScoring {
	qs := questionScoring{scoring: qu.Scoring, levels: len(qu.Levels), yes: 100}
	switch m {
	case questionnaires.MethodChoice:
		qs.code = codeChoice
	case questionnaires.MethodCount:
		qs.code = codeCount
	case questionnaires.MethodScale:
		qs.code = codeScale
	case questionnaires.MethodYesNo:
		qs.code = codeYesNo
		if qu.Scoring != nil && qu.Scoring.Yes != nil {
			qs.yes = *qu.Scoring.Yes
		}
		if qu.Scoring != nil && qu.Scoring.No != nil {
			qs.no = *qu.Scoring.No
		}
	case questionnaires.MethodBands, questionnaires.MethodLinear:
		qs.code = codeNumber
	}
	for _, c := range qu.Choices {
		pc := planChoice{id: c.ID, pointed: c.Points != nil, exclusive: c.Exclusive}
		if c.Points != nil {
			pc.points = *c.Points
		}
		qs.choices = append(qs.choices, pc)
	}
	return qs
}

// choice returns the choice with the id, or nil.
func (qs *questionScoring) choice(id string) *planChoice {
	for i := range qs.choices {
		if qs.choices[i].id == id {
			return &qs.choices[i]
		}
	}
	return nil
}

// score fills the status, points and reason of the item of an answered,
// relevant question.
func (pi *planItem) score(v *questionnaires.Value, it *Item) {
	it.Reason.Method = pi.method
	if v.IsNA() {
		it.Status = StatusNA
		return
	}
	it.Status = StatusScored
	qs := &pi.qs
	switch qs.code {
	case codeChoice:
		switch v.Kind {
		case questionnaires.KindString:
			c := qs.choice(v.Str)
			if c == nil || !c.pointed {
				it.Status = StatusNA
				return
			}
			it.Points = c.points
		case questionnaires.KindList:
			if len(v.List) == 0 {
				it.Status = StatusUnanswered
				return
			}
			pointed := false
			var sum float64
			for _, id := range v.List {
				if c := qs.choice(id); c != nil && c.pointed {
					sum += c.points
					pointed = true
				}
			}
			if !pointed {
				it.Status = StatusNA
				return
			}
			if sum > 100 {
				sum, it.Reason.Capped = 100, true
			}
			it.Points = sum
		default:
			it.Status = StatusUnanswered
		}
	case codeCount:
		if v.Kind != questionnaires.KindList || len(v.List) == 0 {
			it.Status = StatusUnanswered
			return
		}
		n := 0
		for _, id := range v.List {
			if c := qs.choice(id); c != nil && !c.exclusive {
				n++
			}
		}
		it.Reason.Count = n
		it.Value, it.HasValue = float64(n), true
		it.Points = bands(qs.scoring.Bands, float64(n), &it.Reason)
	case codeScale:
		it.Reason.Levels = qs.levels
		switch v.Kind {
		case questionnaires.KindNumber, questionnaires.KindRubric:
			it.Reason.Level = v.Num
			it.Points = scale(v.Num, qs.levels)
		case questionnaires.KindMatrix:
			var sum float64
			n := 0
			for _, lv := range v.Rows {
				if lv > 0 {
					sum += lv
					n++
				}
			}
			if n == 0 {
				it.Status = StatusNA
				return
			}
			it.Reason.Rows = n
			it.Reason.Level = sum / float64(n)
			it.Points = scale(it.Reason.Level, qs.levels)
		default:
			it.Status = StatusUnanswered
		}
	case codeYesNo:
		switch v.Str {
		case "yes":
			it.Points = qs.yes
		case "no":
			it.Points = qs.no
		default:
			it.Status = StatusUnanswered
		}
	case codeNumber:
		if v.Kind != questionnaires.KindNumber {
			it.Status = StatusUnanswered
			return
		}
		it.Value, it.HasValue = v.Num, true
		it.Points = numeric(qs.scoring, v.Num, &it.Reason)
	default:
		it.Status = StatusInformational
	}
}
