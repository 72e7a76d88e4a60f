package questionnaires

import (
	"math"
	"sync"
)

// Evaluation is what a set of answers implies: which questions are
// relevant and the values of the computed indicators.
type Evaluation struct {
	nq         int
	relevant   []bool
	indicators []float64 // NaN when missing
	ctx        xctx      // env: questions, then indicators, then value
}

// Relevant reports whether the question applies given the other answers.
func (e *Evaluation) Relevant(qu *Question) bool { return e.relevant[qu.index] }

// IndicatorValue returns the computed value of the indicator, if it could be computed.
func (e *Evaluation) IndicatorValue(in *Indicator) (float64, bool) {
	v := e.indicators[in.index]
	return v, !math.IsNaN(v)
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
	e.nq = nq
	e.relevant = grow(e.relevant, nq)
	e.indicators = grow(e.indicators, ni)
	e.ctx.env = grow(e.ctx.env, nq+ni+1)
	env := e.ctx.env
	clear(env)
	for id, v := range a {
		if qu := q.byID[id]; qu != nil && qu.Type != TypeNote {
			env[qu.index] = toXV(v)
		}
	}
	for i, qu := range q.questions {
		e.relevant[i] = true
		if p := qu.prog.relevant; p != nil && !e.test(p) {
			e.relevant[i] = false
			env[i] = missing
		}
	}
	for i := range e.indicators {
		e.indicators[i] = math.NaN()
	}
	for _, in := range q.indOrder {
		if in.prog == nil {
			continue
		}
		out := in.prog.eval(&e.ctx)
		if out.k != xnum {
			continue
		}
		e.indicators[in.index] = out.n
		env[nq+in.index] = out
	}
	return e
}

// Release hands the evaluation back for reuse; it must not be used afterwards.
func (e *Evaluation) Release() {
	clear(e.ctx.env)
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
	b, ok := p.eval(&e.ctx).truth()
	return ok && b
}

// constraintHolds runs a constraint with value bound to the answer; one
// that cannot be decided (a missing value it reads) holds.
func (e *Evaluation) constraintHolds(p *program, v Value) bool {
	x := toXV(v)
	if x.k == xnil {
		return true
	}
	vs := len(e.ctx.env) - 1
	e.ctx.env[vs] = x
	b, ok := p.eval(&e.ctx).truth()
	e.ctx.env[vs] = missing
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
