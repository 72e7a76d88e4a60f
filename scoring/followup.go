package scoring

import (
	"maps"
	"slices"
)

// Follow-up of an action plan: an association picked score items of its
// scorecard in one campaign, each with a target; in the next campaign its
// new scores say how each item moved, whether its target was reached,
// how much of the plan is done, and how its planned items moved against
// the items it did not plan (of the same areas), so that a working group
// can see whether planning goes with change.
//
// Definitions (the follow-up test's hand-computed table pins them):
//   - an item's change is its points after minus its points before, when
//     it has both; its target is reached when its points after are at
//     least the target;
//   - the share done is the number of items with status done over every
//     item of the plan (a dropped item counts as not done), in percent;
//   - an area's planned change is the mean change of its planned items
//     with both points; its unplanned change the mean change of every
//     other item of the area scored in both campaigns.

// ItemPoints is a score item's points in one campaign and the area of its
// questionnaire. Maps of them are keyed by item key "questionnaire/item".
type ItemPoints struct {
	Area   string  `json:"area"`
	Points float64 `json:"points"`
}

// PlannedItem is what the follow-up needs of one plan item.
type PlannedItem struct {
	// Key is "questionnaire/item".
	Key string
	// Area is the area of the item's questionnaire.
	Area string
	// Before is the item's points when it was planned; nil when it had
	// none (then the points of the before map are used, if any).
	Before *float64
	// Target is the points aimed at (0-100).
	Target float64
	// Done is true when the item's status is done.
	Done bool
}

// FollowedItem is one plan item's follow-up.
type FollowedItem struct {
	Key       string  `json:"key"`
	Before    float64 `json:"before"`
	HasBefore bool    `json:"has_before"`
	After     float64 `json:"after"`
	HasAfter  bool    `json:"has_after"`
	// Change is After - Before when the item has both.
	Change float64 `json:"change"`
	// Reached is true when After is at least the target.
	Reached bool `json:"reached"`
}

// FollowedArea is the follow-up of one area's plan items.
type FollowedArea struct {
	Area string `json:"area"`
	// Items is the number of plan items of the area, Done of them done.
	Items int `json:"items"`
	Done  int `json:"done"`
	// Share is Done / Items in percent.
	Share float64 `json:"share"`
	// Planned is the mean change of the planned items with both points
	// (HasPlanned false when none has).
	Planned    float64 `json:"planned"`
	HasPlanned bool    `json:"has_planned"`
	// Unplanned is the mean change of the area's other items scored in
	// both campaigns (HasUnplanned false when none was).
	Unplanned    float64 `json:"unplanned"`
	HasUnplanned bool    `json:"has_unplanned"`
}

// FollowUp is a plan's follow-up.
type FollowUp struct {
	Items []FollowedItem `json:"items"`
	// Done and Total count the plan's items; Share is Done / Total in percent.
	Done  int     `json:"done"`
	Total int     `json:"total"`
	Share float64 `json:"share"`
	// Areas are the areas with plan items, in order of name.
	Areas []FollowedArea `json:"areas"`
}

// Follow computes the follow-up of a plan's items from the association's
// item points before (the plan's campaign) and after (the next one).
func Follow(plan []PlannedItem, before, after map[string]ItemPoints) FollowUp {
	f := FollowUp{Items: make([]FollowedItem, len(plan)), Total: len(plan), Areas: []FollowedArea{}}
	areas := map[string]*FollowedArea{}
	sums := map[string]*[2]float64{} // area -> planned sum, count
	planned := make(map[string]bool, len(plan))
	for i, it := range plan {
		planned[it.Key] = true
		fi := FollowedItem{Key: it.Key}
		if it.Before != nil {
			fi.Before, fi.HasBefore = *it.Before, true
		} else if b, ok := before[it.Key]; ok {
			fi.Before, fi.HasBefore = b.Points, true
		}
		if a, ok := after[it.Key]; ok {
			fi.After, fi.HasAfter = a.Points, true
			fi.Reached = a.Points >= it.Target
		}
		a := areas[it.Area]
		if a == nil {
			a = &FollowedArea{Area: it.Area}
			areas[it.Area], sums[it.Area] = a, &[2]float64{}
		}
		a.Items++
		if it.Done {
			a.Done++
			f.Done++
		}
		if fi.HasBefore && fi.HasAfter {
			fi.Change = fi.After - fi.Before
			sums[it.Area][0] += fi.Change
			sums[it.Area][1]++
		}
		f.Items[i] = fi
	}
	f.Share = share(f.Done, f.Total)
	unplanned := map[string]*[2]float64{}
	for key, a := range after {
		b, ok := before[key]
		if !ok || planned[key] || areas[a.Area] == nil {
			continue
		}
		if unplanned[a.Area] == nil {
			unplanned[a.Area] = &[2]float64{}
		}
		unplanned[a.Area][0] += a.Points - b.Points
		unplanned[a.Area][1]++
	}
	for _, name := range slices.Sorted(maps.Keys(areas)) {
		a := areas[name]
		a.Share = share(a.Done, a.Items)
		if s := sums[name]; s[1] > 0 {
			a.Planned, a.HasPlanned = s[0]/s[1], true
		}
		if s := unplanned[name]; s != nil {
			a.Unplanned, a.HasUnplanned = s[0]/s[1], true
		}
		f.Areas = append(f.Areas, *a)
	}
	return f
}

// share is part / whole in percent (0 when whole is 0).
func share(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return 100 * float64(part) / float64(whole)
}

// Plan metrics: the publication's table family of action plans. For a
// campaign whose previous campaign had plans, each association that had a
// plan there with items of an area has, in the area, the share of those
// items done, the mean change of its planned items and the mean change of
// its unplanned items (FollowedArea); the publication gives, per group,
// their n (associations with a plan in the area), means and, from 2k
// values, medians.

// Plan metric kinds.
const (
	PlanDone      = "done"
	PlanPlanned   = "planned"
	PlanUnplanned = "unplanned"
)

// PlanKinds are the plan metric kinds in table order.
var PlanKinds = []string{PlanDone, PlanPlanned, PlanUnplanned}

// PlanMetric names a plan metric of an area: "plan:financial/done".
func PlanMetric(area, kind string) string { return "plan:" + area + "/" + kind }

// PlanOwner is the suppression owner shared by an area's plan metrics.
func PlanOwner(area string) string { return "plan:" + area }

// PlanValues returns an area's plan metric values (kind -> value) of a
// follow-up: the share done always, the changes when there are some.
func (a FollowedArea) PlanValues() map[string]float64 {
	out := map[string]float64{PlanDone: a.Share}
	if a.HasPlanned {
		out[PlanPlanned] = a.Planned
	}
	if a.HasUnplanned {
		out[PlanUnplanned] = a.Unplanned
	}
	return out
}
