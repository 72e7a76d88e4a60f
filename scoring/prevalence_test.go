package scoring

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// answer builds a ChoiceAnswer in region with the selected options.
func answer(id, region string, selected ...string) ChoiceAnswer {
	return ChoiceAnswer{ID: id, Attrs: map[string]string{"region": region}, Selected: selected}
}

func TestPrevalence(t *testing.T) {
	answers := []ChoiceAnswer{
		// europe: 4 answers
		answer("e1", "europe", "fees", "grants"),
		answer("e2", "europe", "fees"),
		answer("e3", "europe", "grants", "grants"), // a repeat counts once
		answer("e4", "europe"),                     // nothing selected: counts in N
		// africa: 3 answers
		answer("a1", "africa", "fees", "other"), // "other" is not an option
		answer("a2", "africa", "donations"),
		answer("a3", "africa", "fees"),
		// mena: 1 answer, below k
		answer("m1", "mena", "fees"),
	}
	options := []string{"fees", "grants", "donations"}
	got := Prevalence(answers, options, []string{"region"}, 2)
	want := &PrevalenceTable{
		Options: options, GroupBy: []string{"region"}, K: 2,
		All: PrevalenceGroup{
			Key: "all", Attrs: map[string]string{}, N: 8,
			Counts: map[string]int{"fees": 5, "grants": 2, "donations": 1},
			Shares: map[string]float64{"fees": 5.0 / 8, "grants": 2.0 / 8, "donations": 1.0 / 8},
		},
		Marginals: []PrevalenceGroup{},
		Groups: []PrevalenceGroup{
			// mena is hidden (n < k), so africa, the smallest other region, is too.
			{Key: "region=africa", Attrs: map[string]string{"region": "africa"}, N: 3, Suppressed: true, Counts: map[string]int{}, Shares: map[string]float64{}},
			{
				Key: "region=europe", Attrs: map[string]string{"region": "europe"}, N: 4,
				Counts: map[string]int{"fees": 2, "grants": 2, "donations": 0},
				Shares: map[string]float64{"fees": 0.5, "grants": 0.5, "donations": 0},
			},
			{Key: "region=mena", Attrs: map[string]string{"region": "mena"}, N: 1, Suppressed: true, Counts: map[string]int{}, Shares: map[string]float64{}},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Prevalence (-want +got):\n%s", diff)
	}
}

func TestPrevalenceSuppressionProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 37))
	options := []string{"a", "b", "c", "d"}
	for range 500 {
		var answers []ChoiceAnswer
		for i := range r.IntN(120) {
			p := randomPeers(r, 1, nil)[0]
			var sel []string
			for _, o := range options {
				if r.IntN(3) == 0 {
					sel = append(sel, o)
				}
			}
			answers = append(answers, ChoiceAnswer{ID: fmt.Sprint(i), Attrs: p.Attrs, Selected: sel})
		}
		dims := randomGrouping(r)
		k := 1 + r.IntN(8)
		tb := Prevalence(answers, options, dims, k)
		groups := slices.Concat([]PrevalenceGroup{tb.All}, tb.Marginals, tb.Groups)
		for _, g := range groups {
			if g.N < k && !g.Suppressed {
				t.Fatalf("%s: n = %d < k = %d shown", g.Key, g.N, k)
			}
			if g.Suppressed {
				if len(g.Counts) != 0 || len(g.Shares) != 0 {
					t.Fatalf("%s: suppressed group leaks %v %v", g.Key, g.Counts, g.Shares)
				}
				continue
			}
			for _, o := range options {
				c, ok := g.Counts[o]
				if !ok || c > g.N || math.Abs(g.Shares[o]-float64(c)/float64(g.N)) > 1e-15 {
					t.Fatalf("%s: option %s count %d share %v of n %d", g.Key, o, c, g.Shares[o], g.N)
				}
			}
		}
		fams := families(dims, groups, func(g PrevalenceGroup) map[string]string { return g.Attrs })
		checkFamilies(t, fams,
			func(i int) int { return groups[i].N },
			func(i int) bool { return groups[i].Suppressed },
			func(i int) string { return groups[i].Key })
	}
}
