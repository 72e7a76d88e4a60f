package mongostore_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/mongostore"
)

func plan(campaign, association string) *survey.ActionPlan {
	return &survey.ActionPlan{ID: survey.PlanID(campaign, association), Campaign: campaign, Association: association,
		Items: []survey.PlanItem{
			{Questionnaire: "membership", Item: "retention", Action: "Call lapsed members", Owner: "Secretary", Due: "2026-06-30",
				Status: survey.PlanInProgress, Points: ptr(40.0), Target: 80, Links: []string{},
				History: []survey.PlanStep{{Campaign: "2024", Status: survey.PlanPlanned, Points: ptr(20.0), Target: 60, Action: "Survey members"}}},
			{Questionnaire: "financial-sustainability", Item: "fundraising_strategy", Action: "Write a strategy", Status: survey.PlanPlanned,
				Target: 100, Links: []string{}},
		},
		Revision: 1, CreatedAt: at(0), UpdatedAt: at(1), UpdatedBy: "tok"}
}

func TestPlans(t *testing.T) {
	bothModes(t, func(t *testing.T, s *mongostore.Store) {
		ctx := t.Context()
		p := plan("2026-midterm", "ala")
		checkErr(t, "InsertPlan", s.InsertPlan(ctx, p), nil)
		checkErr(t, "InsertPlan again", s.InsertPlan(ctx, p), survey.ErrConflict)
		checkErr(t, "InsertPlan other", s.InsertPlan(ctx, plan("2025-baseline", "ala")), nil)
		got, err := s.GetPlan(ctx, p.ID)
		checkErr(t, "GetPlan", err, nil)
		if diff := cmp.Diff(p, got); diff != "" {
			t.Errorf("GetPlan (-want +got):\n%s", diff)
		}
		_, err = s.GetPlan(ctx, "2026-midterm/none")
		checkErr(t, "GetPlan none", err, survey.ErrNotFound)

		p.Items, p.Revision, p.ClosedAt = p.Items[:1], 2, ptr(at(3))
		checkErr(t, "ReplacePlan", s.ReplacePlan(ctx, p, 1), nil)
		checkErr(t, "ReplacePlan stale", s.ReplacePlan(ctx, p, 1), survey.ErrConflict)
		checkErr(t, "ReplacePlan missing", s.ReplacePlan(ctx, plan("x", "y"), 0), survey.ErrNotFound)
		got, err = s.GetPlan(ctx, p.ID)
		checkErr(t, "GetPlan", err, nil)
		if diff := cmp.Diff(p, got); diff != "" {
			t.Errorf("after ReplacePlan (-want +got):\n%s", diff)
		}
		list, err := s.ListPlans(ctx, "2026-midterm")
		checkErr(t, "ListPlans", err, nil)
		if len(list) != 1 || list[0].ID != p.ID {
			t.Errorf("ListPlans(2026-midterm) = %v, want [%s]", list, p.ID)
		}
	})
}
