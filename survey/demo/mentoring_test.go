package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
)

// TestDemoMentoringOutcomes: the demo completes pairs of the baseline's
// pilot, so that the midterm release's outcome tables show a change for
// mentored associations and for unmatched seekers as an analyst reads
// them, and the feedback the working group sees is the release's rating
// cells; seeding again adds nothing.
func TestDemoMentoringOutcomes(t *testing.T) {
	ctx := context.Background()
	st, sum := seedDemo(t, demo.Options{Associations: 150, Seed: 1})
	if sum.BaselinePairs == 0 {
		t.Fatal("the demo completes no baseline pair")
	}
	svc, err := survey.NewService(st, survey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	analyst := survey.Principal{Role: survey.RoleAnalyst, Token: "t"}
	tb, err := svc.MentoringOutcomes(ctx, analyst, demo.Midterm, nil)
	if err != nil {
		t.Fatal(err)
	}
	shown := map[string]int{}
	for _, m := range tb.Metrics {
		st := tb.All.Stats[m]
		if st.N > 0 && !st.Suppressed {
			shown[m[strings.LastIndex(m, "/")+1:]]++ // survey.OutcomeMatched or OutcomeUnmatched
		}
		t.Logf("%s: n %d, suppressed %t, median shown %t, median %.1f", m, st.N, st.Suppressed, st.QuartilesShown, st.Median)
	}
	if shown[survey.OutcomeMatched] == 0 || shown[survey.OutcomeUnmatched] == 0 {
		t.Errorf("outcome figures shown in the midterm release: %v, want mentored and unmatched ones", shown)
	}
	// the feedback the working group sees is the release's rating cells
	v, err := svc.ListPairs(ctx, analyst, demo.Midterm, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Feedback) == 0 {
		t.Error("the analyst sees no feedback of the midterm pairs")
	}
	for _, fs := range v.Feedback {
		st := tb.All.Stats[survey.MentoringOutcomeMetric(fs.Area, survey.OutcomeRating)]
		if fs.Pairs != st.N || fs.Suppressed != st.Suppressed || (fs.MeanRating == nil) != st.Suppressed ||
			(fs.MeanRating != nil && *fs.MeanRating != st.Mean) {
			t.Errorf("feedback %s: %+v, the release says n %d, suppressed %t, mean %v", fs.Area, fs, st.N, st.Suppressed, st.Mean)
		}
	}
	again, err := demo.Seed(ctx, st, demo.Options{Associations: 150, Seed: 1})
	if err != nil || again.BaselinePairs != 0 {
		t.Errorf("seeding again completed %d baseline pairs more, %v", again.BaselinePairs, err)
	}
}
