package survey_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
)

// On a seeded demo, the pilot's run is dated by the midterm meeting's
// first day, every match respects the enrolments of both associations
// as stored, mentors stay within their capacity, and an analyst's run
// only pairs associations that share their scores.
func TestMentoringPilotOnDemo(t *testing.T) {
	f := newFixture(t)
	if _, err := demo.Seed(f.ctx, f.store, demo.Options{Associations: 60, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	run, err := f.svc.MentoringPilot(f.ctx, admin, demo.Midterm)
	if err != nil {
		t.Fatal(err)
	}
	if run.Date != "2026-04-28" {
		t.Errorf("matching date %s, want the meeting's first day 2026-04-28", run.Date)
	}
	if len(run.Matches) == 0 || run.Requests < len(run.Matches) {
		t.Fatalf("%d matches for %d requests: the demo should match some", len(run.Matches), run.Requests)
	}
	load := map[string]int{}
	for _, m := range run.Matches {
		mentor, err := f.svc.GetAssociation(f.ctx, admin, m.Mentor)
		if err != nil {
			t.Fatal(err)
		}
		mentee, err := f.svc.GetAssociation(f.ctx, admin, m.Mentee)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(mentor.MentoringOffers, m.Area) || !slices.Contains(mentee.MentoringSeeks, m.Area) {
			t.Errorf("%+v: area not offered or not sought", m)
		}
		shared := false
		for _, l := range mentor.Languages {
			shared = shared || slices.ContainsFunc(mentee.Languages, func(x string) bool { return strings.EqualFold(x, l) })
		}
		if !shared || len(m.SharedLanguages) == 0 {
			t.Errorf("%s -> %s share no language", m.Mentor, m.Mentee)
		}
		if mentor.MentoringFormat != "" && mentee.MentoringFormat != "" && mentor.MentoringFormat != mentee.MentoringFormat {
			t.Errorf("%s -> %s: formats %s and %s", m.Mentor, m.Mentee, mentor.MentoringFormat, mentee.MentoringFormat)
		}
		if (mentor.MentoringScope == "region" || mentee.MentoringScope == "region") && mentor.Region != mentee.Region {
			t.Errorf("%s -> %s: a regional enrolment across regions", m.Mentor, m.Mentee)
		}
		if load[m.Mentor]++; load[m.Mentor] > mentor.MentoringCapacity {
			t.Errorf("%s has %d matches, capacity %d", m.Mentor, load[m.Mentor], mentor.MentoringCapacity)
		}
	}
	analyst := survey.Principal{Role: survey.RoleAnalyst, Token: "wg"}
	arun, err := f.svc.MentoringPilot(f.ctx, analyst, demo.Midterm)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range arun.Matches {
		for _, id := range []string{m.Mentor, m.Mentee} {
			if c, err := f.svc.GetConsent(f.ctx, admin, demo.Midterm, id); err != nil || !c.Share {
				t.Errorf("an analyst's run pairs %s, which does not share its scores (%v)", id, err)
			}
		}
	}
	if arun.Requests > run.Requests {
		t.Errorf("analyst's run has %d requests, more than the administrator's %d", arun.Requests, run.Requests)
	}
}
