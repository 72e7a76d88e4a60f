package scoring

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFollow checks the follow-up arithmetic against an example computed
// by hand:
//
//	item          before  target  status       after  change  reached
//	fin/a             40      80  done            80     +40  yes
//	fin/b             20      60  in progress     40     +20  no
//	mem/c    (map)    50      70  dropped         50       0  no
//	mem/d             10      50  done             -       -  no
//
//	done 2 of 4: 50 %
//	financial:  2 items, 1 done (50 %); planned (40+20)/2 = 30;
//	            unplanned fin/x 30->40 (+10), fin/y 60->50 (-10): 0
//	membership: 2 items, 1 done (50 %); planned mem/c only: 0;
//	            unplanned mem/z 0->25: +25
//	communications has no plan item: com/w is left out; fin/new has no
//	points before: left out.
func TestFollow(t *testing.T) {
	p := func(x float64) *float64 { return &x }
	plan := []PlannedItem{
		{Key: "fin/a", Area: "financial", Before: p(40), Target: 80, Done: true},
		{Key: "fin/b", Area: "financial", Before: p(20), Target: 60},
		{Key: "mem/c", Area: "membership", Target: 70},
		{Key: "mem/d", Area: "membership", Before: p(10), Target: 50, Done: true},
	}
	fin := func(x float64) ItemPoints { return ItemPoints{Area: "financial", Points: x} }
	mem := func(x float64) ItemPoints { return ItemPoints{Area: "membership", Points: x} }
	com := func(x float64) ItemPoints { return ItemPoints{Area: "communications", Points: x} }
	before := map[string]ItemPoints{"fin/a": fin(40), "fin/b": fin(20), "fin/x": fin(30), "fin/y": fin(60),
		"mem/c": mem(50), "mem/z": mem(0), "com/w": com(10)}
	after := map[string]ItemPoints{"fin/a": fin(80), "fin/b": fin(40), "fin/x": fin(40), "fin/y": fin(50),
		"mem/c": mem(50), "mem/z": mem(25), "com/w": com(90), "fin/new": fin(70)}
	want := FollowUp{
		Items: []FollowedItem{
			{Key: "fin/a", Before: 40, HasBefore: true, After: 80, HasAfter: true, Change: 40, Reached: true},
			{Key: "fin/b", Before: 20, HasBefore: true, After: 40, HasAfter: true, Change: 20},
			{Key: "mem/c", Before: 50, HasBefore: true, After: 50, HasAfter: true},
			{Key: "mem/d", Before: 10, HasBefore: true},
		},
		Done: 2, Total: 4, Share: 50,
		Areas: []FollowedArea{
			{Area: "financial", Items: 2, Done: 1, Share: 50, Planned: 30, HasPlanned: true, Unplanned: 0, HasUnplanned: true},
			{Area: "membership", Items: 2, Done: 1, Share: 50, Planned: 0, HasPlanned: true, Unplanned: 25, HasUnplanned: true},
		},
	}
	got := Follow(plan, before, after)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Follow (-want +got):\n%s", diff)
	}
	if v := got.Areas[1].PlanValues(); v[PlanDone] != 50 || v[PlanPlanned] != 0 || v[PlanUnplanned] != 25 {
		t.Errorf("membership PlanValues = %v, want done 50, planned 0, unplanned 25", v)
	}
}

func TestFollowEmpty(t *testing.T) {
	got := Follow(nil, nil, map[string]ItemPoints{"a/b": {Area: "financial", Points: 10}})
	if got.Total != 0 || got.Share != 0 || len(got.Areas) != 0 || len(got.Items) != 0 {
		t.Errorf("Follow of no plan = %+v, want nothing", got)
	}
	one := Follow([]PlannedItem{{Key: "a/b", Area: "financial", Target: 100}}, nil, nil)
	if a := one.Areas[0]; a.HasPlanned || a.HasUnplanned || a.Share != 0 || one.Items[0].HasBefore || one.Items[0].Reached {
		t.Errorf("Follow without points = %+v", one)
	}
	if v := one.Areas[0].PlanValues(); len(v) != 1 {
		t.Errorf("PlanValues without changes = %v, want the share only", v)
	}
}

func TestDatasetAddMetric(t *testing.T) {
	d := NewDataset([]string{"overall"})
	d.Add("a", map[string]string{"region": "africa"})
	d.Add("b", map[string]string{"region": "asia"})
	d.Set(1, 0, 50)
	m := d.AddMetric(PlanMetric("financial", PlanDone))
	if again := d.AddMetric(PlanMetric("financial", PlanDone)); again != m || m != 1 {
		t.Fatalf("AddMetric = %d then %d, want 1 twice", m, again)
	}
	if _, ok := d.Value(0, m); ok {
		t.Error("a new metric has a value")
	}
	d.Set(0, m, 25)
	d.Add("c", nil)
	if v, ok := d.Value(0, m); !ok || v != 25 {
		t.Errorf("value = %v %v, want 25", v, ok)
	}
	if _, ok := d.Value(2, m); ok || d.Len() != 3 {
		t.Error("a row added after AddMetric has a value")
	}
	if v, _ := d.Value(1, 0); v != 50 {
		t.Errorf("the old column changed: %v", v)
	}
}
