package demo_test

import (
	"context"
	"testing"

	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
)

// TestDemoRaters: the demo has associations with three raters whose
// answers differ, a submitted consensus and a consensus index; the
// submitted invitee is one of them; seeding again adds nothing.
func TestDemoRaters(t *testing.T) {
	ctx := context.Background()
	st, sum := seedDemo(t, demo.Options{Associations: 24, Seed: 5})
	if sum.Raters != 9 {
		t.Fatalf("demo raters: %d, want 3 of 3 associations", sum.Raters)
	}
	svc, err := survey.NewService(st, survey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	inv, err := demo.Invitees(ctx, svc)
	if err != nil {
		t.Fatal(err)
	}
	var with string
	for _, in := range inv {
		if in.State == demo.StateSubmitted {
			with = in.Association.ID
		}
	}
	d, err := svc.Divergence(ctx, survey.System, demo.Midterm, with, "financial-sustainability")
	if err != nil {
		t.Fatal(err)
	}
	split := 0
	for _, it := range d.Items {
		if it.Split() {
			split++
		}
	}
	if d.Submitted != 3 || d.Index == nil || *d.Index >= 100 || split == 0 || d.Consensus != survey.StatusSubmitted {
		t.Errorf("divergence of the submitted invitee %s: %d raters, index %v, %d items 2+ levels apart, consensus %q",
			with, d.Submitted, d.Index, split, d.Consensus)
	}
	sc, err := svc.Scorecard(ctx, survey.System, demo.Midterm, with)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Raters == nil || sc.Raters.Index != *d.Index {
		t.Errorf("scorecard raters %+v", sc.Raters)
	}
	again, err := demo.Seed(ctx, st, demo.Options{Associations: 24, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	if again.Raters != 0 || !again.Existed {
		t.Errorf("second seed: %+v", again)
	}
}
