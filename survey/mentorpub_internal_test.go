package survey

import (
	"strings"
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
	if n := len(MentoringOutcomeMetrics()); n != 9 {
		t.Errorf("%d outcome metrics, want 9 (three kinds of three areas)", n)
	}
}

// TestRatings: a mentee's rating metric is the mean of every rating its
// pairs of the area received; unrated pairs and mentors give none.
func TestRatings(t *testing.T) {
	pairs := []*Pair{
		{Mentor: "m1", Mentee: "a", Area: "membership", Feedback: []PairFeedback{{Side: "mentee", Rating: 5}, {Side: "mentor", Rating: 2}}},
		{Mentor: "m2", Mentee: "a", Area: "financial", Feedback: []PairFeedback{{Side: "mentee", Rating: 4}}},
		{Mentor: "m1", Mentee: "b", Area: "membership"},
	}
	want := map[string]map[string]float64{"a": {
		MentoringOutcomeMetric("membership", OutcomeRating): 3.5,
		MentoringOutcomeMetric("financial", OutcomeRating):  4,
	}}
	if diff := cmp.Diff(want, ratings(pairs)); diff != "" {
		t.Errorf("ratings (-want +got):\n%s", diff)
	}
	for _, spec := range outcomeSpecs() {
		if strings.HasSuffix(spec.Name, "/"+OutcomeRating) && spec.Owner != spec.Name {
			t.Errorf("%s shares the suppression owner %q", spec.Name, spec.Owner)
		}
	}
}
