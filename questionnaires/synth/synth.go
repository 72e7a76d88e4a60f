// Package synth makes plausible synthetic answers to any questionnaire,
// for demo data, property tests and benchmarks. Answers are biased by a
// propensity (0 = a young association with few practices in place, 1 = a
// leading one) and always pass submission validation.
package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	q "github.com/assocbench/assocbench/questionnaires"
)

// Options tune the generator.
type Options struct {
	// Propensity in [0, 1] biases answers towards higher points.
	Propensity float64
	// Skip is the probability of leaving an optional question unanswered.
	Skip float64
	// Fixed answers are used as given (e.g. profile facts of a known association).
	Fixed q.Answers
}

// Answers returns answers to qn that pass qn.Validate(..., q.Submit, "").
// It fails only when the questionnaire's constraints cannot be met by
// retrying, which would point at a contradictory definition.
func Answers(qn *q.Questionnaire, rng *rand.Rand, o Options) (q.Answers, error) {
	a := make(q.Answers, len(qn.Questions()))
	for _, qu := range qn.Questions() {
		if v, ok := o.Fixed[qu.ID]; ok {
			a[qu.ID] = v
			continue
		}
		if qu.Type == q.TypeNote || (!qu.Required && rng.Float64() < o.Skip) {
			continue
		}
		if v, ok := value(qu, rng, o.Propensity); ok {
			a[qu.ID] = v
		}
	}
	for attempt := 0; attempt < 8; attempt++ {
		a = qn.PruneIrrelevant(a)
		fe := qn.Validate(a, q.Submit, "")
		if fe == nil {
			return a, nil
		}
		for id := range fe {
			qu := qn.Question(id)
			if qu == nil {
				delete(a, id)
				continue
			}
			if _, fixed := o.Fixed[id]; fixed && attempt == 0 {
				continue
			}
			if qu.Type.IsNumeric() && fixNumber(qn, a, qu) {
				continue
			}
			// retry with a fresh value, moving towards the lower bound on later attempts
			p := o.Propensity * (1 - float64(attempt)/8)
			if v, ok := value(qu, rng, p); ok && (qu.Required || attempt < 4) {
				a[id] = v
			} else {
				delete(a, id)
			}
		}
	}
	a = qn.PruneIrrelevant(a)
	if fe := qn.Validate(a, q.Submit, ""); fe != nil {
		return nil, fmt.Errorf("synthesize answers to %s: %w", qn.Key(), fe)
	}
	return a, nil
}

// fixNumber tries values that commonly satisfy cross-field constraints
// (a total equal to the sum of its parts, a bound, a scaled value) and
// keeps the first that makes the question's error go away.
func fixNumber(qn *q.Questionnaire, a q.Answers, qu *q.Question) bool {
	old, had := a[qu.ID]
	var sum float64
	for _, other := range qu.SectionOf().Questions {
		if other != qu && other.Type == qu.Type {
			if v, ok := a[other.ID]; ok && v.Kind == q.KindNumber {
				sum += v.Num
			}
		}
	}
	cands := []float64{sum, sum * 1.1}
	if qu.Min != nil {
		cands = append(cands, *qu.Min)
	}
	cands = append(cands, 0, 1)
	if had {
		cands = append(cands, old.Num/10, old.Num*2, old.Num*10, old.Num*100)
	}
	if qu.Max != nil {
		cands = append(cands, *qu.Max)
	}
	for _, c := range cands {
		if qu.Type == q.TypeInteger {
			c = math.Round(c)
		}
		a[qu.ID] = q.Num(c)
		if _, bad := qn.Validate(a, q.Submit, "")[qu.ID]; !bad {
			return true
		}
	}
	if had {
		a[qu.ID] = old
	} else {
		delete(a, qu.ID)
	}
	return false
}

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }

// target is a noisy point target around the propensity.
func target(rng *rand.Rand, p float64) float64 { return clamp01(p+rng.NormFloat64()*0.2) * 100 }

func value(qu *q.Question, rng *rand.Rand, p float64) (q.Value, bool) {
	switch qu.Type {
	case q.TypeSingleChoice:
		return q.Str(pickChoice(qu, rng, p)), true
	case q.TypeMultiChoice:
		return q.List(pickMany(qu, rng, p)...), true
	case q.TypeYesNo:
		if qu.AllowNA && rng.Float64() < 0.03 {
			return q.NotApplicable(), true
		}
		yesBetter := qu.Scoring == nil || qu.Scoring.Yes == nil || qu.Scoring.No == nil || *qu.Scoring.Yes >= *qu.Scoring.No
		yes := rng.Float64() < clamp01(p*0.9+0.1)
		if !yesBetter {
			yes = !yes
		}
		if yes {
			return q.Str("yes"), true
		}
		return q.Str("no"), true
	case q.TypeLikert:
		if qu.AllowNA && rng.Float64() < 0.03 {
			return q.NotApplicable(), true
		}
		return q.Num(level(rng, p, len(qu.Levels))), true
	case q.TypeRubric:
		if qu.AllowNA && rng.Float64() < 0.03 {
			return q.Rubric(0, "Not relevant to our association yet.", ""), true
		}
		lv := int(level(rng, p, 4))
		return q.Rubric(lv, justifications[lv-1], "https://example.org/evidence/"+qu.ID), true
	case q.TypeMatrix:
		rows := make(map[string]float64, len(qu.Rows))
		for _, r := range qu.Rows {
			if qu.AllowNA && rng.Float64() < 0.05 {
				rows[r.ID] = 0
				continue
			}
			rows[r.ID] = level(rng, p, len(qu.Levels))
		}
		return q.Matrix(rows), true
	case q.TypeInteger, q.TypeDecimal, q.TypePercent, q.TypeCurrency:
		x := number(qu, rng, p)
		if qu.Type == q.TypeInteger {
			x = math.Round(x)
		} else {
			x = math.Round(x*100) / 100
		}
		if qu.Min != nil && x < *qu.Min {
			x = math.Ceil(*qu.Min)
		}
		if qu.Max != nil && x > *qu.Max {
			x = math.Floor(*qu.Max)
		}
		return q.Num(x), true
	case q.TypeText:
		return q.Str(truncate(phrases[rng.IntN(len(phrases))], qu.MaxLength)), true
	case q.TypeLongText:
		return q.Str(truncate(phrases[rng.IntN(len(phrases))]+". "+phrases[rng.IntN(len(phrases))]+".", qu.MaxLength)), true
	case q.TypeDate:
		d := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(11*365))
		return q.Str(d.Format(time.DateOnly)), true
	}
	return q.Value{}, false
}

func level(rng *rand.Rand, p float64, n int) float64 {
	return 1 + math.Round(target(rng, p)/100*float64(n-1))
}

func pickChoice(qu *q.Question, rng *rand.Rand, p float64) string {
	cs := qu.Choices
	pointed := false
	for _, c := range cs {
		if c.Points != nil {
			pointed = true
		}
	}
	if !pointed {
		return cs[rng.IntN(len(cs))].ID
	}
	if rng.Float64() < 0.04 {
		for _, c := range cs {
			if c.Points == nil {
				return c.ID
			}
		}
	}
	t := target(rng, p)
	best, bestD := cs[0].ID, math.Inf(1)
	for _, c := range cs {
		if c.Points == nil {
			continue
		}
		if d := math.Abs(*c.Points-t) + rng.Float64(); d < bestD {
			best, bestD = c.ID, d
		}
	}
	return best
}

func pickMany(qu *q.Question, rng *rand.Rand, p float64) []string {
	var out []string
	var exclusive string
	prob := clamp01(p*0.8 + 0.1 + rng.NormFloat64()*0.1)
	for _, c := range qu.Choices {
		if c.Exclusive {
			exclusive = c.ID
			continue
		}
		if rng.Float64() < prob {
			out = append(out, c.ID)
		}
	}
	if qu.Max != nil && len(out) > int(*qu.Max) {
		rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
		out = out[:int(*qu.Max)]
	}
	if len(out) == 0 {
		if exclusive != "" {
			return []string{exclusive}
		}
		for _, c := range qu.Choices {
			if !c.Exclusive {
				return []string{c.ID}
			}
		}
	}
	return out
}

// number picks a value whose points are near the target when the
// question is scored, or a plausible size otherwise.
func number(qu *q.Question, rng *rand.Rand, p float64) float64 {
	t := target(rng, p)
	if sc := qu.Scoring; sc != nil {
		switch sc.Method {
		case q.MethodLinear:
			return *sc.From + t/100*(*sc.To-*sc.From)
		case q.MethodBands:
			bs := sc.Bands
			best, bestD := 0, math.Inf(1)
			for i, b := range bs {
				if d := math.Abs(b.Points-t) + rng.Float64(); d < bestD {
					best, bestD = i, d
				}
			}
			lo := bs[best].Threshold
			hi := lo + math.Max(1, math.Abs(lo))
			if best+1 < len(bs) {
				hi = bs[best+1].Threshold
			}
			return lo + rng.Float64()*(hi-lo)*0.999
		}
	}
	lo, hi := 0.0, 1000.0
	switch qu.Type {
	case q.TypePercent:
		hi = 100
	case q.TypeCurrency:
		hi = 200000
	}
	if qu.Min != nil {
		lo = *qu.Min
	}
	if qu.Max != nil {
		hi = *qu.Max
	}
	return lo + clamp01(t/100*0.7+rng.Float64()*0.3)*(hi-lo)
}

var justifications = [4]string{
	"Nothing formal is in place yet.",
	"Some steps taken, not yet systematic.",
	"A documented practice that we review.",
	"Embedded, evaluated every year and shared with peers.",
}

var phrases = []string{
	"Annual conference and regional workshops",
	"Partnership with the national library",
	"Volunteer-led working groups",
	"Advocacy campaign on library funding",
	"New student membership category",
	"Newsletter redesign and member survey",
}

// truncate cuts s to at most n runes (n <= 0: no limit).
func truncate(s string, n int) string {
	r := []rune(s)
	if n <= 0 || len(r) <= n {
		return s
	}
	return string(r[:n])
}
