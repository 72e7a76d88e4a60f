package questionnaires

import (
	"math"
	"sync"
)

// Evaluation is what a set of answers implies: which questions are
// relevant and the values of the computed indicators.
type Evaluation struct {
	relevant   []bool
	indicators []float64 // NaN when missing
	answered   []bool    // by question index: the answers have the question's key
	// ctx holds the slots the expressions read: ctx.answers (each
	// question's answer, looked up once), ctx.live and ctx.ind (which is
	// indicators).
	ctx xctx
	// constraint holds the answer a constraint is checking (ctx.value).
	constraint Value
}

// Relevant reports whether the question applies given the other answers.
func (e *Evaluation) Relevant(qu *Question) bool { return e.relevant[qu.index] }

// IndicatorValue returns the computed value of the indicator, if it could be computed.
func (e *Evaluation) IndicatorValue(in *Indicator) (float64, bool) {
	v := e.indicators[in.index]
	return v, !math.IsNaN(v)
}

// Answer returns the evaluated answers' value for the question, relevant
// or not, as Evaluate looked it up (once per question, so that callers
// such as scoring need not look the answers up again): what a[qu.ID]
// gives, except that a note never has an answer.
func (e *Evaluation) Answer(qu *Question) (v Value, ok bool) {
	return e.ctx.answers[qu.index], e.answered[qu.index]
}

var evalPool sync.Pool

// Evaluate decides relevance in document order (the answer to an
// irrelevant question is missing for the expressions after it) and then
// computes the indicators in dependency order.
//
// The Evaluation may be handed back with Release when the caller is done
// with it, so that the next Evaluate reuses its memory.
func (q *Questionnaire) Evaluate(a Answers) *Evaluation {
	e, _ := evalPool.Get().(*Evaluation)
	if e == nil {
		e = &Evaluation{}
	}
	nq, ni := len(q.questions), len(q.Indicators)
	e.relevant = grow(e.relevant, nq)
	e.answered = grow(e.answered, nq)
	e.indicators = grow(e.indicators, ni)
	c := &e.ctx
	c.answers = grow(c.answers, nq)
	c.live = grow(c.live, nq)
	c.ind = e.indicators
	// One lookup per question: cheaper than ranging over the map and
	// looking each key up in byID. Every slot is written.
	answers, answered := c.answers, e.answered
	for i, qu := range q.questions {
		if qu.Type != TypeNote {
			if v, ok := a[qu.ID]; ok {
				answers[i], answered[i] = v, true
				continue
			}
		}
		answers[i], answered[i] = Value{}, false
	}
	copy(c.live, answered)
	for i := range e.indicators {
		e.indicators[i] = math.NaN()
	}
	for i, qu := range q.questions {
		e.relevant[i] = true
		if p := qu.prog.relevant; p != nil && !e.test(p) {
			e.relevant[i] = false
			c.live[i] = false
		}
	}
	for _, in := range q.indOrder {
		if in.prog == nil {
			continue
		}
		if x, st := in.prog.number(c); st == nNum {
			e.indicators[in.index] = x
		}
	}
	return e
}

// Release hands the evaluation back for reuse; it must not be used afterwards.
func (e *Evaluation) Release() {
	clear(e.ctx.answers) // holds no answer's memory while pooled
	clear(e.ctx.stack[:cap(e.ctx.stack)])
	e.ctx.stack = e.ctx.stack[:0]
	evalPool.Put(e)
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// test runs a boolean expression; one that cannot be decided is false.
func (e *Evaluation) test(p *program) bool {
	b, ok := p.test(&e.ctx)
	return ok && b
}

// constraintHolds runs a constraint with value bound to the answer; one
// that cannot be decided (a missing value it reads) holds.
func (e *Evaluation) constraintHolds(p *program, v Value) bool {
	if toXV(&v).k == xnil {
		return true
	}
	e.constraint = v
	e.ctx.value = &e.constraint
	b, ok := p.test(&e.ctx)
	e.ctx.value, e.constraint = nil, Value{}
	return !ok || b
}

// PruneIrrelevant returns the answers without those to questions that do
// not apply given the others (what a respondent sees once skip logic ran).
func (q *Questionnaire) PruneIrrelevant(a Answers) Answers {
	e := q.Evaluate(a)
	defer e.Release()
	out := make(Answers, len(a))
	for id, v := range a {
		if qu := q.byID[id]; qu != nil && e.Relevant(qu) {
			out[id] = v
		}
	}
	return out
}
