package scoring

import (
	"math"
	"os"
	"testing"

	q "github.com/assocbench/assocbench/questionnaires"
)

func loadRaters(t *testing.T) *q.Questionnaire {
	t.Helper()
	src, err := os.ReadFile("testdata/raters.yaml")
	if err != nil {
		t.Fatal(err)
	}
	qn, err := q.Load("testdata/raters.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	return qn
}

// TestDivergeHandComputed: three raters, every kind of item, the figures
// worked out by hand.
func TestDivergeHandComputed(t *testing.T) {
	qn := loadRaters(t)
	answers := []q.Answers{
		{"lk": q.Num(1), "rb": q.Rubric(2, "", ""), "ch": q.Str("a"), "yn": q.Str("yes"), "pc": q.Num(10), "cur": q.Num(100), "cnt": q.Num(2), "note": q.Str("x")},
		{"lk": q.Num(2), "rb": q.Rubric(2, "", ""), "ch": q.Str("b"), "yn": q.Str("yes"), "pc": q.Num(30), "cur": q.Num(200), "cnt": q.Num(3)},
		{"lk": q.Num(4), "rb": q.Rubric(0, "", ""), "ch": q.Str("c"), "yn": q.Str("no"), "pc": q.Num(20), "cur": q.Num(600)},
	}
	sp := Diverge(qn, answers)
	var order []string
	by := map[string]Spread{}
	for _, s := range sp {
		order = append(order, s.Item)
		by[s.Item] = s
	}
	// lk is 3 levels apart: first; the text is not compared
	want := []string{"lk", "rb", "ch", "yn", "pc", "cur", "cnt"}
	if len(order) != len(want) {
		t.Fatalf("items %v, want %v", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("items %v, want %v", order, want)
		}
	}
	type exp struct {
		n            int
		min, max     float64
		apart        int
		disagreement float64 // -1: none
		consensus    q.Value
		has          bool
		mode         string
	}
	tests := map[string]exp{
		// 1, 2, 4 on 1..5: (4-1)/4; median 2
		"lk": {n: 3, min: 1, max: 4, apart: 3, disagreement: 0.75, consensus: q.Num(2), has: true},
		// 2, 2 (n/a left out) on 1..4: 0; even count, both middles 2
		"rb": {n: 2, min: 2, max: 2, disagreement: 0, consensus: q.Rubric(2, "", ""), has: true},
		// a, b, c: every choice once, a tie: no mode; 1 - 1/3
		"ch": {n: 3, disagreement: 2.0 / 3, has: false},
		// yes, yes, no: mode yes, 1 - 2/3
		"yn": {n: 3, disagreement: 1.0 / 3, consensus: q.Str("yes"), has: true, mode: "yes"},
		// 10, 30, 20 on 0..100: 0.2, median 20
		"pc": {n: 3, min: 10, max: 30, disagreement: 0.2, consensus: q.Num(20), has: true},
		// no max: no disagreement; median 200
		"cur": {n: 3, min: 100, max: 600, disagreement: -1, consensus: q.Num(200), has: true},
		// 2, 3 of an integer: median 2.5 is not an integer: left empty; (3-2)/10
		"cnt": {n: 2, min: 2, max: 3, disagreement: 0.1, has: false},
	}
	for id, w := range tests {
		s := by[id]
		if s.N != w.n || s.Apart != w.apart || s.HasConsensus != w.has || s.Mode != w.mode {
			t.Errorf("%s: n %d apart %d has %v mode %q, want %d %d %v %q", id, s.N, s.Apart, s.HasConsensus, s.Mode, w.n, w.apart, w.has, w.mode)
		}
		if s.Kind != SpreadChoice && (s.Min != w.min || s.Max != w.max) {
			t.Errorf("%s: min-max %v-%v, want %v-%v", id, s.Min, s.Max, w.min, w.max)
		}
		switch {
		case w.disagreement < 0 && s.Disagreement != nil:
			t.Errorf("%s: disagreement %v, want none", id, *s.Disagreement)
		case w.disagreement >= 0 && (s.Disagreement == nil || math.Abs(*s.Disagreement-w.disagreement) > 1e-9):
			t.Errorf("%s: disagreement %v, want %v", id, s.Disagreement, w.disagreement)
		}
		if w.has && !s.Consensus.Equal(w.consensus) {
			t.Errorf("%s: consensus %+v, want %+v", id, s.Consensus, w.consensus)
		}
	}
	// sd of 100, 200, 600: mean 300, squares 40000+10000+90000 over 2
	if sd := by["cur"].SD; sd == nil || math.Abs(*sd-math.Sqrt(70000)) > 1e-9 {
		t.Errorf("cur sd %v, want %v", sd, math.Sqrt(70000))
	}
	if by["lk"].SD != nil {
		t.Errorf("a level item has no sd")
	}
	// index: 100 × (1 − (0.75 + 0 + 2/3 + 1/3 + 0.2 + 0.1) / 6) = 100 × (1 − 2.05/6) = 65.8333 -> 65.8
	ix, ok := ConsensusIndex(sp)
	if !ok || ix != 65.8 {
		t.Errorf("consensus index %v %v, want 65.8", ix, ok)
	}
	pre := ConsensusAnswers(qn, sp)
	if len(pre) != 5 || !pre["lk"].Equal(q.Num(2)) || !pre["yn"].Equal(q.Str("yes")) {
		t.Errorf("prefill %v", pre)
	}
	if _, ok := pre["ch"]; ok {
		t.Errorf("a tie between choices is pre-filled: %v", pre["ch"])
	}
}

// TestConsensusEvenLevels: with an even count, a tie between two levels
// is left empty, two equal middle levels are the consensus.
func TestConsensusEvenLevels(t *testing.T) {
	qn := loadRaters(t)
	tests := []struct {
		levels []float64
		want   float64 // 0: empty
	}{
		{[]float64{1, 2, 3, 4}, 0},
		{[]float64{1, 2, 2, 5}, 2},
		{[]float64{3, 4}, 0},
		{[]float64{4, 4}, 4},
		{[]float64{5, 1, 3}, 3},
	}
	for _, tt := range tests {
		var as []q.Answers
		for _, l := range tt.levels {
			as = append(as, q.Answers{"lk": q.Num(l)})
		}
		sp := Diverge(qn, as)
		if len(sp) != 1 {
			t.Fatalf("%v: %d items", tt.levels, len(sp))
		}
		got := 0.0
		if sp[0].HasConsensus {
			got = sp[0].Consensus.Num
		}
		if got != tt.want {
			t.Errorf("%v: consensus %v, want %v", tt.levels, got, tt.want)
		}
	}
	if _, ok := ConsensusIndex(nil); ok {
		t.Errorf("an index without items")
	}
}
