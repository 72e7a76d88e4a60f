package scoring

import (
	"fmt"
	"slices"
	"time"
)

// RotationCall is one meeting of a series planned by PlanRotation: one
// session (no repeats) on its date.
type RotationCall struct {
	// Date is the call's UTC date, YYYY-MM-DD.
	Date  string    `json:"date"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// OffHours lists the regions that get an off-hours slot: fewer than
	// half of their participants covered.
	OffHours []string `json:"off_hours"`
	// Regions is the coverage per region.
	Regions      []RegionCoverage `json:"regions"`
	Participants int              `json:"participants"`
	Covered      int              `json:"covered"`
	// Relaxed is true when no start kept the rotation's rule (then the
	// start that breaks it least was taken).
	Relaxed bool `json:"relaxed"`
}

// PlanRotation plans a series of single-session calls, one on each date,
// so that no region gets an off-hours slot twice before every other
// region (with participants) has had one: a region may get its n-th
// off-hours slot only when every other region has had at least n-1
// (counting the call itself). Among the starts that keep the rule, each
// call takes the best by the plan's criteria (smallest regional share,
// total covered, fewest off-hours minutes, earliest); when none does, the
// one that breaks it least, and the call says Relaxed.
func PlanRotation(zones []PlanZone, dates []time.Time, o PlanOptions) ([]RotationCall, error) {
	o.Sessions = 1
	if err := o.normalise(); err != nil {
		return nil, err
	}
	groups, err := aggregate(zones)
	if err != nil {
		return nil, err
	}
	if len(dates) == 0 {
		return nil, fmt.Errorf("no date for the series: %w", ErrPlan)
	}
	had := make([]int, numRegions-1) // off-hours slots so far, per IFLA region
	var out []RotationCall
	for _, d := range dates {
		od := o
		y, m, day := d.Date()
		od.Date = time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
		g := newGrid(&od, groups, candidateStarts(&od))
		type cand struct {
			slot, violation, off int
			ob                   objective
			offRegions           []int
		}
		var best *cand
		for slot := range g.starts {
			covered := make([]int, numRegions)
			for i, gr := range groups {
				if g.cover[slot][i/64]&(1<<(i%64)) != 0 {
					covered[gr.region] += gr.count
				}
			}
			c := cand{slot: slot, ob: g.objectiveOf(covered)}
			for i, v := range g.cost[slot] {
				c.off += groups[i].count * int(v&costMinutes)
			}
			for r := range had {
				if g.total[r] > 0 && 2*covered[r] < g.total[r] {
					c.offRegions = append(c.offRegions, r)
				}
			}
			c.violation = violation(had, g.total, c.offRegions)
			if best == nil || c.violation < best.violation ||
				c.violation == best.violation && (c.ob.compare(best.ob) > 0 || c.ob.compare(best.ob) == 0 && c.off < best.off) {
				cc := c
				best = &cc
			}
		}
		call := RotationCall{Date: od.Date.Format(time.DateOnly), Start: g.starts[best.slot], Relaxed: best.violation > 0,
			End: g.starts[best.slot].Add(o.Duration), OffHours: []string{}}
		p := evaluate(&od, groups, []time.Time{call.Start})
		call.Regions, call.Participants, call.Covered = p.Regions, p.Participants, p.Covered
		for _, r := range best.offRegions {
			had[r]++
			call.OffHours = append(call.OffHours, regionName(r))
		}
		out = append(out, call)
	}
	return out, nil
}

// violation is how far giving off-hours slots to the regions off breaks
// the rotation's rule, given the slots each region has had: for each of
// them, by how many its new count would exceed one more than the
// smallest count of any other region with participants after the call.
func violation(had, total []int, off []int) int {
	v := 0
	for _, r := range off {
		after := had[r] + 1
		least := -1
		for q := range had {
			if q == r || total[q] == 0 {
				continue
			}
			n := had[q]
			if slices.Contains(off, q) {
				n++
			}
			if least < 0 || n < least {
				least = n
			}
		}
		if least >= 0 && after > least+1 {
			v += after - least - 1
		}
	}
	return v
}
