package survey_test

import (
	"errors"
	"testing"
	"time"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
)

// planFixture sets up campaign c1 with a1's membership response submitted
// and returns two scored membership items.
func planFixture(t *testing.T) (*fixture, []string) {
	t.Helper()
	f := newFixture(t)
	f.setup(t)
	if _, err := f.svc.Submit(f.ctx, assocPrincipal("a1"), survey.SubmitInput{ResponseRef: ref("a1", "membership"), Key: "key-plan-1",
		Answers: membershipAnswers(t, f)}); err != nil {
		t.Fatal(err)
	}
	q, err := f.svc.Questionnaire(f.ctx, "membership")
	if err != nil {
		t.Fatal(err)
	}
	var items []string
	for _, qu := range q.Questions() {
		if qu.Method() != questionnaires.MethodNone && len(items) < 3 {
			items = append(items, qu.ID)
		}
	}
	return f, items
}

func planItems(items []string) []survey.PlanItem {
	return []survey.PlanItem{
		{Questionnaire: "membership", Item: items[0], Action: "Call every lapsed member", Owner: "Secretary", Due: "2027-03-31",
			Status: survey.PlanInProgress, Target: 100},
		{Questionnaire: "membership", Item: items[1], Action: "Write a welcome pack", Status: survey.PlanDone, Target: 80},
		{Questionnaire: "membership", Item: items[2], Action: "Try a student rate", Status: survey.PlanPlanned, Target: 60},
	}
}

func TestPlanSaveAndRevisions(t *testing.T) {
	f, items := planFixture(t)
	a1 := assocPrincipal("a1")
	v, err := f.svc.GetPlan(f.ctx, a1, "c1", "a1")
	if err != nil || v.Plan.Revision != 0 || len(v.Plan.Items) != 0 || v.FollowUp != nil {
		t.Fatalf("GetPlan of no plan = %+v, %v; want an empty plan at revision 0 without follow-up", v, err)
	}
	in := survey.PlanInput{Campaign: "c1", Association: "a1", Items: planItems(items)}
	in.Items[0].History = []survey.PlanStep{{Campaign: "forged"}}
	v, err = f.svc.SavePlan(f.ctx, a1, in)
	if err != nil {
		t.Fatal(err)
	}
	if v.Plan.Revision != 1 || len(v.Plan.Items) != 3 || v.Plan.Items[0].Points == nil || v.Plan.Items[0].History != nil {
		t.Errorf("saved plan = %+v; want revision 1, 3 items with points from the scores and no forged history", v.Plan)
	}
	if _, err := f.svc.SavePlan(f.ctx, a1, in); !errors.Is(err, survey.ErrStaleRevision) {
		t.Errorf("save from revision 0 again: %v, want ErrStaleRevision", err)
	}
	in.Revision, in.Items = 1, in.Items[:2]
	if v, err = f.svc.SavePlan(f.ctx, a1, in); err != nil || v.Plan.Revision != 2 || len(v.Plan.Items) != 2 {
		t.Errorf("save from revision 1 = %+v, %v; want revision 2 with 2 items", v, err)
	}
}

func TestPlanValidation(t *testing.T) {
	f, items := planFixture(t)
	a1 := assocPrincipal("a1")
	if _, err := f.svc.SavePlan(f.ctx, a1, survey.PlanInput{Campaign: "c1", Association: "a1", Items: planItems(items)}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		edit  func(*survey.PlanItem)
		field string
	}{
		{"questionnaire", func(it *survey.PlanItem) { it.Questionnaire = "nope" }, "items[1].questionnaire"},
		{"profile", func(it *survey.PlanItem) { it.Questionnaire = "profile" }, "items[1].questionnaire"},
		{"item", func(it *survey.PlanItem) { it.Item = "nope" }, "items[1].item"},
		{"duplicate", func(it *survey.PlanItem) { it.Item = items[0] }, "items[1].item"},
		{"action", func(it *survey.PlanItem) { it.Action = "  " }, "items[1].action"},
		{"due", func(it *survey.PlanItem) { it.Due = "2027-02-30" }, "items[1].due"},
		{"status", func(it *survey.PlanItem) { it.Status = "finished" }, "items[1].status"},
		{"target", func(it *survey.PlanItem) { it.Target = 120 }, "items[1].target"},
		{"links", func(it *survey.PlanItem) { it.Links = []string{"practice-1"} }, "items[1].links[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			its := planItems(items)
			tc.edit(&its[1])
			_, err := f.svc.SavePlan(f.ctx, a1, survey.PlanInput{Campaign: "c1", Association: "a1", Revision: 1, Items: its})
			var ve *survey.ValidationError
			if !errors.As(err, &ve) || ve.Fields[tc.field] == "" {
				t.Errorf("SavePlan: %v, want a validation error on %s", err, tc.field)
			}
			v, err := f.svc.GetPlan(f.ctx, a1, "c1", "a1")
			if err != nil || v.Plan.Revision != 1 || v.Plan.Items[1].Item != items[1] {
				t.Errorf("after a refused save the plan is %+v, %v; want revision 1 unchanged", v, err)
			}
		})
	}
}

func TestPlanAccess(t *testing.T) {
	f, items := planFixture(t)
	in := survey.PlanInput{Campaign: "c1", Association: "a1", Items: planItems(items)}
	if _, err := f.svc.SavePlan(f.ctx, assocPrincipal("a1"), in); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		p        survey.Principal
		get, put error
	}{
		{"another association", assocPrincipal("a2"), survey.ErrNotFound, survey.ErrNotFound},
		{"analyst", analyst, survey.ErrForbidden, survey.ErrForbidden},
		{"administrator", survey.Principal{Role: survey.RoleAdmin, Token: "tok-admin"}, nil, survey.ErrForbidden},
		{"nobody", survey.Principal{}, survey.ErrUnauthenticated, survey.ErrUnauthenticated},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := f.svc.GetPlan(f.ctx, tc.p, "c1", "a1"); !errors.Is(err, tc.get) && !(tc.get == nil && err == nil) {
				t.Errorf("GetPlan: %v, want %v", err, tc.get)
			}
			in.Revision = 1
			if _, err := f.svc.SavePlan(f.ctx, tc.p, in); !errors.Is(err, tc.put) {
				t.Errorf("SavePlan: %v, want %v", err, tc.put)
			}
		})
	}
	if _, err := f.svc.GetPlan(f.ctx, assocPrincipal("a1"), "none", "a1"); !errors.Is(err, survey.ErrNotFound) {
		t.Errorf("plan of an unknown campaign: %v, want ErrNotFound", err)
	}
}

// TestPlanCarryOver follows a1's plan of c1 into c2 (previous c1): the
// open items move forward with their history, the follow-up shows the
// points before and after, the first save in c2 closes c1's plan, and an
// administrator reopens it.
func TestPlanCarryOver(t *testing.T) {
	f, items := planFixture(t)
	a1 := assocPrincipal("a1")
	if _, err := f.svc.SavePlan(f.ctx, a1, survey.PlanInput{Campaign: "c1", Association: "a1", Items: planItems(items)}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.CreateCampaign(f.ctx, admin, survey.CampaignInput{ID: "c2", Title: questionnaires.Text{"en": "Next cycle"},
		Questionnaires: []string{"profile", "financial-sustainability", "membership", "communications"}, Previous: "c1",
		Opens: time.Date(2026, 9, 15, 0, 0, 0, 0, time.UTC), DeadlineDate: "2027-06-30"}); err != nil {
		t.Fatal(err)
	}
	q, err := f.svc.Questionnaire(f.ctx, "membership")
	if err != nil {
		t.Fatal(err)
	}
	ans, err := synthAnswers(q, 99)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Submit(f.ctx, a1, survey.SubmitInput{ResponseRef: survey.ResponseRef{Campaign: "c2", Association: "a1", Questionnaire: "membership"},
		Key: "key-plan-2", Answers: ans}); err != nil {
		t.Fatal(err)
	}
	v, err := f.svc.GetPlan(f.ctx, a1, "c2", "a1")
	if err != nil {
		t.Fatal(err)
	}
	if v.Plan.Revision != 0 || len(v.Plan.Items) != 2 || v.Plan.Items[0].Item != items[0] || v.Plan.Items[1].Item != items[2] {
		t.Fatalf("carried-over plan = %+v; want the two open items at revision 0", v.Plan)
	}
	if h := v.Plan.Items[0].History; len(h) != 1 || h[0].Campaign != "c1" || h[0].Status != survey.PlanInProgress {
		t.Errorf("history = %+v, want c1's in_progress step", h)
	}
	fu := v.FollowUp
	if fu == nil || fu.Campaign != "c1" || fu.Total != 3 || fu.Done != 1 || len(fu.Planned) != 3 || !fu.Items[0].HasAfter {
		t.Fatalf("follow-up = %+v; want c1's 3 items, 1 done, with points after", fu)
	}
	// the carried item marked done in c2 counts as done in the follow-up
	carried := v.Plan.Items
	carried[0].Status = survey.PlanDone
	v, err = f.svc.SavePlan(f.ctx, a1, survey.PlanInput{Campaign: "c2", Association: "a1", Items: carried})
	if err != nil {
		t.Fatal(err)
	}
	if v.FollowUp.Done != 2 || v.Plan.Items[0].History == nil {
		t.Errorf("after marking the carried item done: follow-up done %d (want 2), history %v", v.FollowUp.Done, v.Plan.Items[0].History)
	}
	old, err := f.svc.GetPlan(f.ctx, admin, "c1", "a1")
	if err != nil || old.Plan.ClosedAt == nil {
		t.Fatalf("c1's plan after the carry-over = %+v, %v; want it closed", old, err)
	}
	if _, err := f.svc.SavePlan(f.ctx, a1, survey.PlanInput{Campaign: "c1", Association: "a1", Revision: old.Plan.Revision,
		Items: planItems(items)}); !errors.Is(err, survey.ErrClosed) {
		t.Errorf("save of the closed plan: %v, want ErrClosed", err)
	}
	if _, err := f.svc.ReopenPlan(f.ctx, a1, "c1", "a1"); !errors.Is(err, survey.ErrNotFound) {
		t.Errorf("an association reopening: %v, want ErrNotFound", err)
	}
	re, err := f.svc.ReopenPlan(f.ctx, admin, "c1", "a1")
	if err != nil || re.ClosedAt != nil || re.Revision != old.Plan.Revision+1 {
		t.Fatalf("ReopenPlan = %+v, %v", re, err)
	}
	if _, err := f.svc.SavePlan(f.ctx, a1, survey.PlanInput{Campaign: "c1", Association: "a1", Revision: re.Revision,
		Items: planItems(items)}); err != nil {
		t.Errorf("save of the reopened plan: %v", err)
	}
}
