package survey

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A hand-computed example: a matched mentee, a seeker left unmatched, an
// association that neither sought nor was matched, and one without a
// score in the previous campaign.
func TestOutcomes(t *testing.T) {
	in := outcomeInput{
		before: map[string]map[string]float64{
			"matched":   {"membership": 30, "financial": 50},
			"unmatched": {"membership": 40},
			"neither":   {"membership": 20},
		},
		after: map[string]map[string]float64{
			"matched":   {"membership": 42.5, "financial": 55},
			"unmatched": {"membership": 38},
			"neither":   {"membership": 60},
			"new":       {"membership": 10},
		},
		matched: map[string]bool{"matched/membership": true, "new/membership": true},
		sought:  map[string]bool{"unmatched/membership": true, "matched/financial": true},
	}
	want := map[string]map[string]float64{
		"matched": {
			MentoringOutcomeMetric("membership", OutcomeMatched):  12.5,
			MentoringOutcomeMetric("financial", OutcomeUnmatched): 5,
		},
		"unmatched": {MentoringOutcomeMetric("membership", OutcomeUnmatched): -2},
	}
	if diff := cmp.Diff(want, outcomes(in)); diff != "" {
		t.Errorf("outcomes (-want +got):\n%s", diff)
	}
	if got := outcomeArea(MentoringOutcomeMetric("communications", OutcomeUnmatched)); got != "communications" {
		t.Errorf("outcomeArea = %q", got)
	}
	if n := len(MentoringOutcomeMetrics()); n != 6 {
		t.Errorf("%d outcome metrics, want 6", n)
	}
}
