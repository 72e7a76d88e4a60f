package demo_test

import (
	"context"
	"testing"

	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
	"github.com/assocbench/assocbench/survey/mongostore"
	"github.com/assocbench/assocbench/survey/mongostore/mongotest"
)

func TestMain(m *testing.M) { mongotest.Main(m) }

// seedDemo seeds a demo with o on a fresh database of its own.
func seedDemo(t *testing.T, o demo.Options) (*mongostore.Store, demo.Summary) {
	t.Helper()
	ctx := context.Background()
	uri, db := mongotest.NewDatabase(t)
	st, err := mongostore.Open(ctx, mongostore.Config{URI: uri, Database: db})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close(context.Background()) })
	sum, err := demo.Seed(ctx, st, o)
	if err != nil {
		t.Fatal(err)
	}
	return st, sum
}

// TestDemoPlans seeds a small demo and checks its plans: baseline plans
// with statuses, some carried into the midterm with a follow-up, and the
// midterm release publishing the plan table family.
func TestDemoPlans(t *testing.T) {
	ctx := context.Background()
	st, sum := seedDemo(t, demo.Options{Associations: 24, Seed: 3})
	base, err := st.ListPlans(ctx, demo.Baseline)
	if err != nil {
		t.Fatal(err)
	}
	mid, err := st.ListPlans(ctx, demo.Midterm)
	if err != nil {
		t.Fatal(err)
	}
	if len(base) < 4 || len(mid) == 0 || sum.Plans != len(base)+len(mid) {
		t.Fatalf("demo plans: %d baseline, %d midterm, summary %d", len(base), len(mid), sum.Plans)
	}
	statuses := map[survey.PlanStatus]int{}
	for _, p := range base {
		for _, it := range p.Items {
			statuses[it.Status]++
		}
	}
	if len(statuses) < 3 {
		t.Errorf("baseline plan statuses %v: want a mix", statuses)
	}
	svc, err := survey.NewService(st, survey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := mid[0].Association
	v, err := svc.GetPlan(ctx, survey.Principal{Role: survey.RoleAssociation, Association: a}, demo.Midterm, a)
	if err != nil {
		t.Fatal(err)
	}
	if v.FollowUp == nil || v.FollowUp.Total == 0 || len(v.Plan.Items[0].History) == 0 {
		t.Errorf("midterm plan of %s = %+v, want a follow-up and carried items with history", a, v)
	}
	tb, err := svc.PlanTable(ctx, survey.System, demo.Midterm, []string{"region"})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range tb.Metrics {
		n += tb.All.Stats[m].N
	}
	if n == 0 {
		t.Errorf("the midterm plan table counts no association: %+v", tb.All)
	}
}
