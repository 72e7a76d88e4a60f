package scoring

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	q "github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/questionnaires/synth"
)

const methodsYAML = `id: methods
version: "1"
area: financial
impact_areas: [IA02]
title: {en: Methods}
languages: [en]
sections:
  - id: s1
    weight: 2
    title: {en: S1}
    questions:
      - id: c1
        type: single_choice
        label: {en: C1}
        choices:
          - {id: a, label: {en: A}, points: 0}
          - {id: b, label: {en: B}, points: 50}
          - {id: c, label: {en: C}, points: 100}
          - {id: x, label: {en: Don't know}}
      - id: m1
        type: multi_choice
        label: {en: M1}
        choices:
          - {id: p, label: {en: P}, points: 60}
          - {id: q, label: {en: Q}, points: 60}
          - {id: r, label: {en: R}, points: 10}
          - {id: none, label: {en: None}, points: 0, exclusive: true}
      - id: cnt
        type: multi_choice
        label: {en: Count}
        weight: 2
        scoring: {method: count, bands: [[0, 0], [2, 50], [3, 100]]}
        choices:
          - {id: a, label: {en: A}}
          - {id: b, label: {en: B}}
          - {id: c, label: {en: C}}
          - {id: d, label: {en: D}}
          - {id: none, label: {en: None}, exclusive: true}
      - {id: yn, type: yes_no, label: {en: YN}, allow_na: true}
      - {id: yn2, type: yes_no, label: {en: YN2}, scoring: {method: yes_no, yes: 20, no: 80}}
  - id: s2
    title: {en: S2}
    questions:
      - id: lk
        type: likert
        label: {en: LK}
        allow_na: true
        levels: [{en: "1"}, {en: "2"}, {en: "3"}, {en: "4"}, {en: "5"}]
      - id: rb
        type: rubric
        label: {en: RB}
        allow_na: true
        levels: [{en: "1"}, {en: "2"}, {en: "3"}, {en: "4"}]
      - id: mx
        type: matrix
        label: {en: MX}
        allow_na: true
        levels: [{en: "1"}, {en: "2"}, {en: "3"}, {en: "4"}]
        rows: [{id: r1, label: {en: R1}}, {id: r2, label: {en: R2}}, {id: r3, label: {en: R3}}]
      - id: num
        type: decimal
        label: {en: Num}
        scoring: {method: bands, bands: [[0, 0], [1, 30], [3, 60], [6, 100]]}
      - id: lin
        type: currency
        label: {en: Lin}
        scoring: {method: linear, from: 100, to: 0}
      - {id: info, type: integer, label: {en: Info}}
      - id: rel
        type: decimal
        label: {en: Rel}
        relevant: "yn == 'yes'"
        scoring: {method: linear, from: 0, to: 10}
  - id: s3
    title: {en: S3}
    questions:
      - {id: story, type: long_text, label: {en: Story}}
indicators:
  - id: ind
    section: s2
    label: {en: Ind}
    expr: "ratio(num, 2)"
    scoring: {method: bands, bands: [[0, 0], [1, 100]]}
maturity_levels:
  - {min: 0, id: emerging, label: {en: Emerging}}
  - {min: 40, id: developing, label: {en: Developing}}
  - {min: 65, id: established, label: {en: Established}}
  - {min: 85, id: leading, label: {en: Leading}}
`

func methods(t testing.TB) *q.Questionnaire {
	t.Helper()
	qn, err := q.Load("methods.yaml", []byte(methodsYAML))
	if err != nil {
		t.Fatal(err)
	}
	return qn
}

func item(r *Result, id string) Item {
	for _, it := range r.Items {
		if it.ID == id {
			return it
		}
	}
	return Item{Status: "missing"}
}

func TestScoreItems(t *testing.T) {
	qn := methods(t)
	tests := []struct {
		name   string
		id     string
		answer q.Value
		status Status
		points float64
	}{
		{"choice", "c1", q.Str("b"), StatusScored, 50},
		{"choice without points is N/A", "c1", q.Str("x"), StatusNA, 0},
		{"multi sum", "m1", q.List("p", "r"), StatusScored, 70},
		{"multi capped", "m1", q.List("p", "q", "r"), StatusScored, 100},
		{"multi exclusive none scores its points", "m1", q.List("none"), StatusScored, 0},
		{"multi empty is unanswered", "m1", q.List(), StatusUnanswered, 0},
		{"count below second band", "cnt", q.List("a"), StatusScored, 0},
		{"count at band border", "cnt", q.List("a", "b"), StatusScored, 50},
		{"count top band", "cnt", q.List("a", "b", "c", "d"), StatusScored, 100},
		{"count none", "cnt", q.List("none"), StatusScored, 0},
		{"yes default", "yn", q.Str("yes"), StatusScored, 100},
		{"no default", "yn", q.Str("no"), StatusScored, 0},
		{"yes_no n/a", "yn", q.NotApplicable(), StatusNA, 0},
		{"custom yes points", "yn2", q.Str("yes"), StatusScored, 20},
		{"custom no points", "yn2", q.Str("no"), StatusScored, 80},
		{"likert bottom", "lk", q.Num(1), StatusScored, 0},
		{"likert middle", "lk", q.Num(3), StatusScored, 50},
		{"likert top", "lk", q.Num(5), StatusScored, 100},
		{"likert n/a", "lk", q.NotApplicable(), StatusNA, 0},
		{"rubric level 2", "rb", q.Rubric(2, "", ""), StatusScored, 100.0 / 3},
		{"rubric n/a", "rb", q.Rubric(0, "not yet", ""), StatusNA, 0},
		{"matrix mean of rows", "mx", q.Matrix(map[string]float64{"r1": 1, "r2": 4, "r3": 0}), StatusScored, 50},
		{"matrix all n/a", "mx", q.Matrix(map[string]float64{"r1": 0}), StatusNA, 0},
		{"bands below first threshold", "num", q.Num(-5), StatusScored, 0},
		{"bands just below a border", "num", q.Num(0.999), StatusScored, 0},
		{"bands at a border", "num", q.Num(1), StatusScored, 30},
		{"bands between", "num", q.Num(4.5), StatusScored, 60},
		{"bands at the top", "num", q.Num(6), StatusScored, 100},
		{"bands above the top", "num", q.Num(600), StatusScored, 100},
		{"linear downward", "lin", q.Num(25), StatusScored, 75},
		{"linear clamped low", "lin", q.Num(500), StatusScored, 0},
		{"linear clamped high", "lin", q.Num(-3), StatusScored, 100},
		{"informational", "info", q.Num(3), StatusInformational, 0},
		{"irrelevant even when answered", "rel", q.Num(5), StatusIrrelevant, 0},
		{"unanswered", "c1", q.Value{}, StatusUnanswered, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := q.Answers{}
			if tt.answer.Kind != 0 {
				a[tt.id] = tt.answer
			}
			it := item(Score(qn, a), tt.id)
			if it.Status != tt.status || math.Abs(it.Points-tt.points) > 1e-9 {
				t.Errorf("%s = %s %v, want %s %v", tt.id, it.Status, it.Points, tt.status, tt.points)
			}
		})
	}
}

func TestScoreSectionsAndArea(t *testing.T) {
	qn := methods(t)
	tests := []struct {
		name     string
		a        q.Answers
		s1, s2   float64 // NaN = no score
		area     float64 // NaN = not scored
		maturity string
	}{
		{"nothing answered", q.Answers{}, math.NaN(), math.NaN(), math.NaN(), ""},
		{"all n/a", q.Answers{"c1": q.Str("x"), "yn": q.NotApplicable(), "lk": q.NotApplicable()}, math.NaN(), math.NaN(), math.NaN(), ""},
		{
			"one answer", q.Answers{"c1": q.Str("c")},
			100, math.NaN(), 100, "leading",
		},
		{
			// s1: c1 50 (w1), cnt 50 (w2), yn 100 (w1) -> (50+100+100)/4 = 62.5
			// s2: lk 100, num 6 -> 100, ind = 3 -> 100 -> 100
			// area: (62.5*2 + 100*1) / 3 = 75
			"weights renormalised", q.Answers{"c1": q.Str("b"), "cnt": q.List("a", "b"), "yn": q.Str("yes"), "lk": q.Num(5), "num": q.Num(6)},
			62.5, 100, 75, "established",
		},
		{
			// rel becomes relevant with yn yes: 0 points -> s2 = (lk 0 + rel 0)/2 = 0
			"relevance brings an item in", q.Answers{"yn": q.Str("yes"), "rel": q.Num(0), "lk": q.Num(1)},
			100, 0, 200.0 / 3, "established",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Score(qn, tt.a)
			for i, want := range []float64{tt.s1, tt.s2} {
				s := r.Sections[i]
				if math.IsNaN(want) != !s.Scored || (s.Scored && math.Abs(s.Score-want) > 1e-9) {
					t.Errorf("section %s = %v (scored %v), want %v", s.ID, s.Score, s.Scored, want)
				}
			}
			if s3 := r.Sections[2]; s3.Scored {
				t.Errorf("section s3 has only informational items but scored %v", s3.Score)
			}
			if math.IsNaN(tt.area) != !r.Scored || (r.Scored && math.Abs(r.Score-tt.area) > 1e-9) {
				t.Errorf("area = %v (scored %v), want %v", r.Score, r.Scored, tt.area)
			}
			if r.Maturity != tt.maturity {
				t.Errorf("maturity = %q, want %q", r.Maturity, tt.maturity)
			}
		})
	}
}

func TestImproveFirst(t *testing.T) {
	qn := methods(t)
	// s1 (weight 2/3 of the area): c1 0 (w1), cnt 0 (w2), yn 100 (w1); s2 (1/3): lk 50
	r := Score(qn, q.Answers{"c1": q.Str("a"), "cnt": q.List("a"), "yn": q.Str("yes"), "lk": q.Num(3)})
	var got []string
	for _, it := range r.Improve {
		got = append(got, it.ID)
	}
	// gains: cnt 100*2/4*2/3 = 33.3, c1 100*1/4*2/3 = 16.7, lk 50*1*1/3 = 16.7 (tie: lower points first)
	want := []string{"cnt", "c1", "lk"}
	if len(got) != len(want) {
		t.Fatalf("Improve = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Improve = %v, want %v", got, want)
		}
	}
	if g := r.Improve[0].Gain; math.Abs(g-100.0/3) > 1e-9 {
		t.Errorf("gain of cnt = %v, want 33.33", g)
	}
	// the gain is exactly what the area would rise by
	a2 := q.Answers{"c1": q.Str("a"), "cnt": q.List("a", "b", "c"), "yn": q.Str("yes"), "lk": q.Num(3)}
	if rise := Score(qn, a2).Score - r.Score; math.Abs(rise-r.Improve[0].Gain) > 1e-9 {
		t.Errorf("raising cnt to 100 raised the area by %v, gain said %v", rise, r.Improve[0].Gain)
	}
}

func TestRoll(t *testing.T) {
	res := []*Result{
		{Area: q.AreaFinancial, Scored: true, Score: 60, Maturity: "developing", ImpactAreas: []string{"IA02", "IA03"}},
		{Area: q.AreaMembership, Scored: true, Score: 80, ImpactAreas: []string{"IA01", "IA03"}},
	}
	ro := Roll(res)
	if ro.HasOverall {
		t.Error("overall present with two areas of three")
	}
	if got := ro.ImpactAreas["IA03"]; got != 70 {
		t.Errorf("IA03 = %v, want 70", got)
	}
	res = append(res, &Result{Area: q.AreaCommunications, Scored: true, Score: 40, ImpactAreas: []string{"IA02", "IA01"}})
	ro = Roll(res)
	if !ro.HasOverall || ro.Overall != 60 {
		t.Errorf("overall = %v (%v), want 60", ro.Overall, ro.HasOverall)
	}
	if ro.ImpactAreas["IA02"] != 50 || ro.ImpactAreas["IA01"] != 60 {
		t.Errorf("impact areas = %v, want IA01 60, IA02 50", ro.ImpactAreas)
	}
}

func scoredQuestionnaires(t testing.TB) []*q.Questionnaire {
	t.Helper()
	lib, err := q.Library()
	if err != nil {
		t.Fatal(err)
	}
	var out []*q.Questionnaire
	for _, qn := range lib {
		if qn.Scored() {
			out = append(out, qn)
		}
	}
	return append(out, methods(t))
}

// Property: every score is within [0, 100] for random answers.
func TestScoreBounds(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, qn := range scoredQuestionnaires(t) {
		for i := 0; i < 300; i++ {
			a, err := synth.Answers(qn, rng, synth.Options{Propensity: rng.Float64(), Skip: 0.3})
			if err != nil {
				t.Fatal(err)
			}
			r := Score(qn, a)
			check := func(what string, v float64) {
				if v < 0 || v > 100 || math.IsNaN(v) {
					t.Fatalf("%s: %s = %v, out of [0, 100]", qn.ID, what, v)
				}
			}
			check("area", r.Score)
			for _, s := range r.Sections {
				check("section "+s.ID, s.Score)
			}
			for _, it := range r.Items {
				check("item "+it.ID, it.Points)
				if it.Gain < 0 || it.Gain > 100 {
					t.Fatalf("%s: gain of %s = %v", qn.ID, it.ID, it.Gain)
				}
			}
		}
	}
}

// Property: raising one answer's points never lowers its section's score
// (when the change leaves relevance and indicators alone).
func TestScoreMonotone(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	checked := 0
	for _, qn := range scoredQuestionnaires(t) {
		for i := 0; i < 60; i++ {
			a, err := synth.Answers(qn, rng, synth.Options{Propensity: rng.Float64(), Skip: 0.2})
			if err != nil {
				t.Fatal(err)
			}
			before := Score(qn, a)
			for _, it := range before.Items {
				qu := qn.Question(it.ID)
				if it.Status != StatusScored || qu == nil || qu.Type != q.TypeSingleChoice {
					continue
				}
				for _, c := range qu.Choices {
					if c.Points == nil || *c.Points <= it.Points {
						continue
					}
					b := a.Clone()
					b[qu.ID] = q.Str(c.ID)
					if !sameEvaluation(qn, a, b) {
						continue
					}
					after := Score(qn, b)
					si := sectionIndex(before, it.Section)
					if after.Sections[si].Score < before.Sections[si].Score-1e-9 {
						t.Fatalf("%s: raising %s from %v to %v lowered section %s from %v to %v",
							qn.ID, qu.ID, it.Points, *c.Points, it.Section, before.Sections[si].Score, after.Sections[si].Score)
					}
					checked++
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d monotonicity cases checked; the generator or library changed", checked)
	}
}

func sectionIndex(r *Result, id string) int {
	for i, s := range r.Sections {
		if s.ID == id {
			return i
		}
	}
	return -1
}

func sameEvaluation(qn *q.Questionnaire, a, b q.Answers) bool {
	ea, eb := qn.Evaluate(a), qn.Evaluate(b)
	for _, qu := range qn.Questions() {
		if ea.Relevant(qu) != eb.Relevant(qu) {
			return false
		}
	}
	for _, in := range qn.Indicators {
		va, oka := ea.IndicatorValue(in)
		vb, okb := eb.IndicatorValue(in)
		if oka != okb || va != vb {
			return false
		}
	}
	return true
}

// BenchmarkScore scores the built-in financial questionnaire (40
// questions, 5 indicators) for 256 synthesized answer sets in turn, each
// Result kept by the caller (never released). Besides ns/op it reports
// x-floor: its time over BenchmarkScoreFloor's for as many responses, the
// floor timed right after the benchmark loop, in the same run (issue #12
// asks for at most 20).
func BenchmarkScore(b *testing.B) {
	benchmarkScore(b, false)
}

// BenchmarkScoreRelease is BenchmarkScore for a caller that releases each
// Result when done with it (as one that stores or aggregates the scores
// can), so that the next Score reuses its memory.
func BenchmarkScoreRelease(b *testing.B) {
	benchmarkScore(b, true)
}

func benchmarkScore(b *testing.B, release bool) {
	fx := newFloorFixture(b)
	qn, sets := fx.qn, fx.sets
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := Score(qn, sets[i%len(sets)])
		if release {
			r.Release()
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "responses/s")
	runtime.GC() // the floor is timed without our garbage to collect
	b.ReportMetric(float64(b.Elapsed())/float64(floorTime(fx, b.N)), "x-floor")
}
