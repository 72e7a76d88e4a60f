package demo

import (
	"testing"
	"time"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
)

// demoPeople are the demo's participants as `make run` seeds them (150
// associations, seed 1): each association in its zone, plus the named
// participants, in their associations' regions.
func demoPeople(t testing.TB) (zones []string, regions []string) {
	t.Helper()
	for _, pl := range plans(150, 1) {
		r, _ := questionnaires.RegionOf(pl.assoc.Country)
		zones, regions = append(zones, pl.assoc.TimeZone), append(regions, string(r))
	}
	for region, people := range demoNamed {
		for _, p := range people {
			zones, regions = append(zones, p.zone), append(regions, string(region))
		}
	}
	return zones, regions
}

// TestDemoPlanIsOptimal checks, for the demo's participants on 29 April
// 2026, that the planner's coverage per region for 1, 2 and 3 sessions of
// 90 minutes equals that of an exhaustive search written here on its own:
// local clock readings, per participant, every combination, the first
// best in start order.
func TestDemoPlanIsOptimal(t *testing.T) {
	zones, regions := demoPeople(t)
	locs := map[string]*time.Location{}
	var pz []scoring.PlanZone
	for i, z := range zones {
		if locs[z] == nil {
			loc, err := time.LoadLocation(z)
			if err != nil {
				t.Fatal(err)
			}
			locs[z] = loc
		}
		pz = append(pz, scoring.PlanZone{Zone: z, Location: locs[z], Region: regions[i], Count: 1})
	}
	date := time.Date(2026, 4, 29, 0, 0, 0, 0, time.UTC)
	const dur = 90
	// per slot and zone: covered, off-hours minutes
	type fit struct {
		covered bool
		off     int
	}
	fits := make([]map[string]fit, 96)
	for s := range fits {
		start := date.Add(time.Duration(s*15) * time.Minute)
		fits[s] = map[string]fit{}
		for z, loc := range locs {
			ls, le := start.In(loc), start.Add(dur*time.Minute).In(loc)
			wd := ls.Weekday() != time.Saturday && ls.Weekday() != time.Sunday
			f := fit{covered: wd && ls.YearDay() == le.YearDay() && ls.Hour()*60+ls.Minute() >= 9*60 && le.Hour()*60+le.Minute() <= 17*60}
			for m := 0; m < dur; m++ {
				at := start.Add(time.Duration(m) * time.Minute).In(loc)
				if h := at.Hour(); h < 8 || h >= 18 || at.Weekday() == time.Saturday || at.Weekday() == time.Sunday {
					f.off++
				}
			}
			fits[s][z] = f
		}
	}
	total := map[string]int{}
	for _, r := range regions {
		total[r]++
	}
	type value struct {
		minShare float64
		covered  int
		off      int
		byRegion map[string]int
	}
	eval := func(combo []int) value {
		v := value{minShare: 1, byRegion: map[string]int{}}
		for i, z := range zones {
			cov, off := false, dur
			for _, s := range combo {
				if f := fits[s][z]; f.covered && (!cov || f.off < off) {
					cov, off = true, f.off
				}
			}
			if !cov {
				for _, s := range combo {
					off = min(off, fits[s][z].off)
				}
			}
			if cov {
				v.byRegion[regions[i]]++
				v.covered++
			}
			v.off += off
		}
		for r, n := range total {
			v.minShare = min(v.minShare, float64(v.byRegion[r])/float64(n))
		}
		return v
	}
	better := func(a, b value) bool {
		if a.minShare != b.minShare {
			return a.minShare > b.minShare
		}
		if a.covered != b.covered {
			return a.covered > b.covered
		}
		return a.off < b.off
	}
	for k := 1; k <= 3; k++ {
		var best value
		found := false
		combo := make([]int, k)
		var rec func(d, from int)
		rec = func(d, from int) {
			if d == k {
				if v := eval(combo); !found || better(v, best) {
					best, found = v, true
				}
				return
			}
			for s := from; s < 96; s++ {
				combo[d] = s
				rec(d+1, s+1)
			}
		}
		rec(0, 0)
		p, err := scoring.PlanMeeting(pz, scoring.PlanOptions{Date: date, Duration: dur * time.Minute, Sessions: k})
		if err != nil {
			t.Fatal(err)
		}
		for _, rc := range p.Regions {
			if rc.Covered != best.byRegion[rc.Region] || rc.Participants != total[rc.Region] {
				t.Errorf("%d sessions, %s: planner covers %d of %d, the exhaustive optimum %d of %d",
					k, rc.Region, rc.Covered, rc.Participants, best.byRegion[rc.Region], total[rc.Region])
			}
		}
		if p.Covered != best.covered || p.OffHoursMinutes != best.off || p.MinShare != best.minShare {
			t.Errorf("%d sessions: planner %d covered, %d off-hours minutes, min share %v; optimum %+v", k, p.Covered, p.OffHoursMinutes, p.MinShare, best)
		}
	}
}

// BenchmarkDemoPlan3 plans three 90-minute repeats on 29 April 2026 for
// the demo's 157 participants: 142 880 triples.
func BenchmarkDemoPlan3(b *testing.B) {
	zones, regions := demoPeople(b)
	var pz []scoring.PlanZone
	for i, z := range zones {
		loc, err := time.LoadLocation(z)
		if err != nil {
			b.Fatal(err)
		}
		pz = append(pz, scoring.PlanZone{Zone: z, Location: loc, Region: regions[i], Count: 1})
	}
	o := scoring.PlanOptions{Date: time.Date(2026, 4, 29, 0, 0, 0, 0, time.UTC), Duration: 90 * time.Minute, Sessions: 3}
	for b.Loop() {
		if _, err := scoring.PlanMeeting(pz, o); err != nil {
			b.Fatal(err)
		}
	}
}
