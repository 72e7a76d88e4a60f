package questionnaires

import (
	"strconv"
	"strings"
)

// Mode is how strictly answers are validated.
type Mode int

const (
	// Draft checks types only: every key is a question, every value has the
	// question's shape (choice ids, levels, lengths, finite numbers).
	// Missing and out-of-range answers are fine.
	Draft Mode = iota
	// Submit adds required answers, min/max, constraints and relevance:
	// an answer to a question that does not apply is an error.
	Submit
)

// Validate checks answers in the given mode and returns the problems keyed
// by question id, in lang (English when lang is empty or unknown), or nil.
func (q *Questionnaire) Validate(a Answers, mode Mode, lang string) FieldErrors {
	fe, e := q.validate(a, mode, lang)
	if e != nil {
		e.Release()
	}
	return fe
}

// ValidateEvaluate is Validate in Submit mode that also returns the
// Evaluation it made, so that scoring need not evaluate again; it is nil
// when the answers have problems. Release it when done.
func (q *Questionnaire) ValidateEvaluate(a Answers, lang string) (FieldErrors, *Evaluation) {
	fe, e := q.validate(a, Submit, lang)
	if fe != nil && e != nil {
		e.Release()
		e = nil
	}
	return fe, e
}

func (q *Questionnaire) validate(a Answers, mode Mode, lang string) (FieldErrors, *Evaluation) {
	var fe FieldErrors
	for id, v := range a {
		qu := q.byID[id]
		if qu == nil {
			fe = fe.add(safeKey(id), msg(lang, msgUnknownQuestion))
			continue
		}
		if qu.Type == TypeNote {
			fe = fe.add(id, msg(lang, msgNote))
			continue
		}
		if m := q.checkShape(qu, v, lang); m != "" {
			fe = fe.add(id, m)
		}
	}
	if mode == Draft || fe != nil {
		return fe, nil
	}
	e := q.Evaluate(a)
	for _, qu := range q.questions {
		if qu.Type == TypeNote {
			continue
		}
		v, answered := a[qu.ID]
		if answered && isEmpty(v) {
			answered = false
		}
		if !e.Relevant(qu) {
			if answered {
				fe = fe.add(qu.ID, msg(lang, msgNotRelevant))
			}
			continue
		}
		if !answered {
			if qu.Required {
				fe = fe.add(qu.ID, msg(lang, msgRequired))
			}
			continue
		}
		if m := boundsMessage(qu, v, lang); m != "" {
			fe = fe.add(qu.ID, m)
			continue
		}
		if id, out := e.filteredOut(qu, v); out {
			fe = fe.add(qu.ID, msg(lang, msgChoiceFiltered, id))
			continue
		}
		if p := qu.prog.constraint; p != nil && !e.constraintHolds(p, v) {
			m := qu.ConstraintMessage.In(lang)
			if m == "" {
				m = msg(lang, msgConstraint)
			}
			fe = fe.add(qu.ID, m)
		}
	}
	return fe, e
}

// isEmpty reports an answer that says nothing: an empty text, an empty
// selection, a matrix with no row answered.
func isEmpty(v Value) bool {
	switch v.Kind {
	case KindString:
		return strings.TrimSpace(v.Str) == ""
	case KindList:
		return len(v.List) == 0
	case KindMatrix:
		return len(v.Rows) == 0
	}
	return false
}

func boundsMessage(qu *Question, v Value, lang string) string {
	var x float64
	switch {
	case qu.Type.IsNumeric() && v.Kind == KindNumber:
		x = v.Num
	case qu.Type == TypeMultiChoice && v.Kind == KindList:
		x = float64(len(v.List))
		if qu.Min != nil && x < *qu.Min {
			return msg(lang, msgMinSelected, fmtNum(*qu.Min))
		}
		if qu.Max != nil && x > *qu.Max {
			return msg(lang, msgMaxSelected, fmtNum(*qu.Max))
		}
		return ""
	default:
		return ""
	}
	if qu.Min != nil && x < *qu.Min {
		return msg(lang, msgMin, fmtNum(*qu.Min))
	}
	if qu.Max != nil && x > *qu.Max {
		return msg(lang, msgMax, fmtNum(*qu.Max))
	}
	return ""
}

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
