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
	seeded, err := f.svc.ListPairs(f.ctx, admin, demo.Midterm, 7)
	if err != nil {
		t.Fatal(err)
	}
	states := map[survey.PairState]int{}
	checkIns, feedback := 0, 0
	for _, pr := range seeded.Pairs {
		states[pr.State]++
		checkIns += len(pr.CheckIns)
		feedback += len(pr.Feedback)
	}
	for _, st := range []survey.PairState{survey.PairProposed, survey.PairAccepted, survey.PairActive, survey.PairCompleted,
		survey.PairCancelled, survey.PairDeclined} {
		if states[st] == 0 {
			t.Errorf("the demo has no %s pair: %v", st, states)
		}
	}
	if checkIns == 0 || feedback == 0 {
		t.Errorf("the demo has %d check-ins and %d feedbacks, want some of each", checkIns, feedback)
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

	proposePilot(t, f)
}

// proposePilot writes the run as proposals, lets one pair be accepted by
// both sides and one declined, and re-runs: the accepted pair is kept as
// it was and holds its mentor's capacity and its request, the declined
// pair is not proposed again, and the other proposals are kept.
func proposePilot(t *testing.T, f *fixture) {
	t.Helper()
	res, err := f.svc.ProposeMentoring(f.ctx, admin, demo.Midterm)
	if err != nil {
		t.Fatal(err)
	}
	v, err := f.svc.ListPairs(f.ctx, admin, demo.Midterm, 7)
	if err != nil {
		t.Fatal(err)
	}
	var open []*survey.Pair // proposed, neither side has answered
	for _, pr := range v.Pairs {
		if pr.State == survey.PairProposed && pr.MentorAcceptedAt == nil && pr.MenteeAcceptedAt == nil {
			open = append(open, pr)
		}
	}
	proposed := 0
	for _, pr := range v.Pairs {
		if pr.State == survey.PairProposed {
			proposed++
		}
	}
	if res.Proposed+res.Kept != proposed || len(open) < 2 {
		t.Fatalf("propose: %+v, %d proposed pairs stored, %d unanswered", res, proposed, len(open))
	}
	acc, dec := open[0], open[1]
	for _, who := range []string{acc.Mentor, acc.Mentee} {
		if _, err := f.svc.ActOnPair(f.ctx, assocPrincipal(who), demo.Midterm, acc.ID, survey.PairAction{Action: survey.ActAccept}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.svc.ActOnPair(f.ctx, assocPrincipal(dec.Mentee), demo.Midterm, dec.ID, survey.PairAction{Action: survey.ActDecline}); err != nil {
		t.Fatal(err)
	}
	again, err := f.svc.ProposeMentoring(f.ctx, admin, demo.Midterm)
	if err != nil {
		t.Fatal(err)
	}
	if again.Kept+again.Superseded != proposed-2 {
		t.Errorf("re-run: %+v; want the %d other proposals kept or superseded", again, proposed-2)
	}
	kept, err := f.store.GetPair(f.ctx, acc.ID)
	if err != nil || kept.State != survey.PairAccepted || kept.Revision != 3 {
		t.Errorf("accepted pair after the re-run: %+v, %v; want untouched", kept, err)
	}
	run, err := f.svc.MentoringPilot(f.ctx, admin, demo.Midterm)
	if err != nil {
		t.Fatal(err)
	}
	mentor, err := f.svc.GetAssociation(f.ctx, admin, acc.Mentor)
	if err != nil {
		t.Fatal(err)
	}
	load := 1 // the accepted pair
	for _, m := range run.Matches {
		if m.Mentor == acc.Mentor {
			load++
		}
		if m.Mentee == acc.Mentee && m.Area == acc.Area {
			t.Errorf("the accepted request %s/%s is matched again: %+v", acc.Mentee, acc.Area, m)
		}
		if m.Mentor == dec.Mentor && m.Mentee == dec.Mentee {
			t.Errorf("the declined pair is matched again: %+v", m)
		}
	}
	if load > mentor.MentoringCapacity {
		t.Errorf("mentor %s: %d pairs with the accepted one, capacity %d", acc.Mentor, load, mentor.MentoringCapacity)
	}
}
