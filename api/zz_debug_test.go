package api_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
)

func TestZZDebug(t *testing.T) {
	h := newHarness(t, nil)
	if _, err := demo.Seed(context.Background(), h.store, demo.Options{Associations: 12, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	sc, err := h.svc.Scorecard(context.Background(), survey.System, demo.Midterm, "br-national-1")
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range sc.Areas {
		if _, err := json.Marshal(a); err != nil {
			t.Errorf("area %d %s: %v", i, a.Questionnaire, err)
			for _, it := range a.Items {
				if _, err := json.Marshal(it); err != nil {
					t.Errorf("item %+v: %v", it, err)
				}
			}
			for _, s := range a.Sections {
				if _, err := json.Marshal(s); err != nil {
					t.Errorf("section %+v: %v", s, err)
				}
			}
		}
	}
	for _, x := range []any{sc.Rollup, sc.Ranks, sc.Campaign, sc.Association, sc.Peer} {
		if _, err := json.Marshal(x); err != nil {
			t.Errorf("%T: %v", x, err)
		}
	}
}
