package scoring

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// testZones are real time zones with their IFLA regions.
var testZones = []struct{ zone, region string }{
	{"Africa/Lagos", "africa"}, {"Africa/Nairobi", "africa"}, {"Africa/Dakar", "africa"}, {"Africa/Johannesburg", "africa"},
	{"Asia/Kolkata", "asia-oceania"}, {"Asia/Shanghai", "asia-oceania"}, {"Australia/Sydney", "asia-oceania"},
	{"Pacific/Auckland", "asia-oceania"}, {"Asia/Kathmandu", "asia-oceania"},
	{"Europe/London", "europe"}, {"Europe/Berlin", "europe"}, {"Europe/Moscow", "europe"},
	{"America/Mexico_City", "latin-america-caribbean"}, {"America/Bogota", "latin-america-caribbean"},
	{"America/Sao_Paulo", "latin-america-caribbean"}, {"America/Santiago", "latin-america-caribbean"},
	{"Africa/Cairo", "mena"}, {"Asia/Riyadh", "mena"}, {"Asia/Tehran", "mena"},
	{"America/Los_Angeles", "north-america"}, {"America/New_York", "north-america"}, {"America/St_Johns", "north-america"},
}

func load(t testing.TB, zone string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatalf("load %s: %v", zone, err)
	}
	return loc
}

// person is one participant, not aggregated.
type person struct {
	loc    *time.Location
	region string
}

// bruteFit is written independently of fitOf: it reads local clock
// readings minute by minute.
type bruteFit struct {
	covered, attendable bool
	off                 int
}

func clockMinutes(t time.Time) int { return t.Hour()*60 + t.Minute() }

func weekday(t time.Time) bool { return t.Weekday() != time.Saturday && t.Weekday() != time.Sunday }

func bruteFitOf(start time.Time, dur time.Duration, loc *time.Location, win, lim ClockRange) bruteFit {
	ls, le := start.In(loc), start.Add(dur).In(loc)
	sameDay := ls.Format(time.DateOnly) == le.Format(time.DateOnly) ||
		(clockMinutes(le) == 0 && le.Add(-time.Minute).Format(time.DateOnly) == ls.Format(time.DateOnly))
	endMin := clockMinutes(le)
	if endMin == 0 && sameDay {
		endMin = 24 * 60
	}
	f := bruteFit{attendable: true}
	f.covered = weekday(ls) && sameDay && clockMinutes(ls) >= win.From && endMin <= win.To
	if !lim.IsZero() {
		f.attendable = sameDay && clockMinutes(ls) >= lim.From && endMin <= lim.To
	}
	for m := time.Duration(0); m < dur; m += time.Minute {
		at := start.Add(m).In(loc)
		if !weekday(at) || clockMinutes(at) < 8*60 || clockMinutes(at) >= 18*60 {
			f.off++
		}
	}
	return f
}

// bruteValue is a combination's criteria, from per-person fits.
type bruteValue struct {
	minShare float64
	total    int
	off      int
}

func (a bruteValue) better(b bruteValue) bool {
	if a.minShare != b.minShare {
		return a.minShare > b.minShare
	}
	if a.total != b.total {
		return a.total > b.total
	}
	return a.off < b.off
}

func bruteEval(people []person, fits [][]bruteFit, combo []int, dur int) bruteValue {
	n, c := map[string]int{}, map[string]int{}
	v := bruteValue{minShare: 1}
	for i, p := range people {
		n[p.region]++
		cov, off, att := false, dur, false
		for _, s := range combo {
			f := fits[s][i]
			if f.covered {
				if !cov || f.off < off {
					off = f.off
				}
				cov = true
			}
		}
		if !cov {
			for _, s := range combo {
				if f := fits[s][i]; f.attendable && (!att || f.off < off) {
					off, att = f.off, true
				}
			}
		}
		if cov {
			c[p.region]++
			v.total++
		}
		v.off += off
	}
	for r, nr := range n {
		if s := float64(c[r]) / float64(nr); s < v.minShare {
			v.minShare = s
		}
	}
	return v
}

// bruteBest enumerates every combination of k of the starts.
func bruteBest(people []person, starts []time.Time, k int, dur time.Duration, win, lim ClockRange) bruteValue {
	fits := make([][]bruteFit, len(starts))
	for s, st := range starts {
		for _, p := range people {
			fits[s] = append(fits[s], bruteFitOf(st, dur, p.loc, win, lim))
		}
	}
	var best bruteValue
	found := false
	combo := make([]int, k)
	var rec func(d, from int)
	rec = func(d, from int) {
		if d == k {
			if v := bruteEval(people, fits, combo, int(dur/time.Minute)); !found || v.better(best) {
				best, found = v, true
			}
			return
		}
		for s := from; s < len(starts); s++ {
			combo[d] = s
			rec(d+1, s+1)
		}
	}
	rec(0, 0)
	return best
}

func TestPlanMeetingOptimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	date := time.Date(2026, 4, 29, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		k    int
		grid int
		lim  ClockRange
	}{{1, 15, ClockRange{}}, {2, 15, ClockRange{}}, {2, 15, ClockRange{From: 7 * 60, To: 21 * 60}}, {3, 30, ClockRange{}}, {3, 15, ClockRange{}}}
	for trial := range 4 {
		var people []person
		var zones []PlanZone
		for range 6 + rng.IntN(14) {
			z := testZones[rng.IntN(len(testZones))]
			p := person{loc: load(t, z.zone), region: z.region}
			people = append(people, p)
			zones = append(zones, PlanZone{Zone: z.zone, Location: p.loc, Region: z.region, Count: 1})
		}
		for _, tc := range cases {
			t.Run(fmt.Sprintf("set%d/k%d/grid%d/limits%v", trial, tc.k, tc.grid, !tc.lim.IsZero()), func(t *testing.T) {
				o := PlanOptions{Date: date, Duration: 90 * time.Minute, Sessions: tc.k, Grid: tc.grid, Limits: tc.lim}
				p, err := PlanMeeting(zones, o)
				if err != nil {
					t.Fatal(err)
				}
				var starts []time.Time
				for m := 0; m < 24*60; m += tc.grid {
					starts = append(starts, date.Add(time.Duration(m)*time.Minute))
				}
				want := bruteBest(people, starts, tc.k, o.Duration, DefaultWindow, tc.lim)
				var chosen []time.Time
				for _, s := range p.Sessions {
					chosen = append(chosen, s.Start)
				}
				got := bruteBest(people, chosen, tc.k, o.Duration, DefaultWindow, tc.lim)
				if got != want {
					t.Errorf("plan %v: criteria %+v, exhaustive optimum %+v", chosen, got, want)
				}
				if p.MinShare != got.minShare || p.Covered != got.total || p.OffHoursMinutes != got.off {
					t.Errorf("plan reports min share %v, covered %d, off-hours %d; recomputed %+v", p.MinShare, p.Covered, p.OffHoursMinutes, got)
				}
			})
		}
	}
}

func TestPlanMeetingAggregatesZones(t *testing.T) {
	berlin := load(t, "Europe/Berlin")
	zones := []PlanZone{{Zone: "Europe/Berlin", Location: berlin, Region: "europe", Count: 2},
		{Zone: "Europe/Berlin", Location: berlin, Region: "europe", Count: 3},
		{Zone: "Europe/Berlin", Location: berlin, Region: "mena", Count: 1}}
	p, err := PlanMeeting(zones, PlanOptions{Date: time.Date(2026, 4, 29, 0, 0, 0, 0, time.UTC), Duration: time.Hour, Sessions: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(p.Zones), 2; got != want {
		t.Fatalf("zones %+v: %d rows, want %d (one per zone and region)", p.Zones, got, want)
	}
	if got, want := p.Sessions[0].Local[0].Participants, 6; got != want {
		t.Errorf("participants in Berlin: got %d, want %d", got, want)
	}
	if got, want := p.Sessions[0].Start, time.Date(2026, 4, 29, 7, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("start %v, want the earliest covering one, %v (09:00 in Berlin)", got, want)
	}
}

// TestMeetingDaylightSaving evaluates the same UTC start on dates either
// side of the changes of 29 March 2026 (Europe) and 5 April 2026
// (Australia, New Zealand, Chile).
func TestMeetingDaylightSaving(t *testing.T) {
	type local struct{ zone, date, start, offset string }
	cases := []struct {
		name  string
		start time.Time
		want  []local
	}{
		{"friday 27 march", time.Date(2026, 3, 27, 12, 0, 0, 0, time.UTC), []local{
			{"Europe/Berlin", "2026-03-27", "13:00", "+01:00"}, {"Europe/London", "2026-03-27", "12:00", "+00:00"},
			{"America/New_York", "2026-03-27", "08:00", "-04:00"}, {"Pacific/Auckland", "2026-03-28", "01:00", "+13:00"}}},
		{"monday 30 march", time.Date(2026, 3, 30, 12, 0, 0, 0, time.UTC), []local{
			{"Europe/Berlin", "2026-03-30", "14:00", "+02:00"}, {"Europe/London", "2026-03-30", "13:00", "+01:00"},
			{"America/New_York", "2026-03-30", "08:00", "-04:00"}, {"Pacific/Auckland", "2026-03-31", "01:00", "+13:00"}}},
		{"friday 3 april", time.Date(2026, 4, 3, 22, 0, 0, 0, time.UTC), []local{
			{"Australia/Sydney", "2026-04-04", "09:00", "+11:00"}, {"Pacific/Auckland", "2026-04-04", "11:00", "+13:00"},
			{"America/Santiago", "2026-04-03", "19:00", "-03:00"}}},
		{"monday 6 april", time.Date(2026, 4, 6, 22, 0, 0, 0, time.UTC), []local{
			{"Australia/Sydney", "2026-04-07", "08:00", "+10:00"}, {"Pacific/Auckland", "2026-04-07", "10:00", "+12:00"},
			{"America/Santiago", "2026-04-06", "18:00", "-04:00"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var zones []PlanZone
			for _, w := range tc.want {
				zones = append(zones, PlanZone{Zone: w.zone, Location: load(t, w.zone), Region: "europe", Count: 1})
			}
			p, err := EvaluateMeeting(zones, PlanOptions{Duration: 90 * time.Minute}, []time.Time{tc.start})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]LocalSession{}
			for _, l := range p.Sessions[0].Local {
				got[l.Zone] = l
			}
			for _, w := range tc.want {
				g := got[w.zone]
				if g.Date != w.date || g.Start != w.start || g.Offset != w.offset {
					t.Errorf("%s: %s %s (%s), want %s %s (%s)", w.zone, g.Date, g.Start, g.Offset, w.date, w.start, w.offset)
				}
			}
		})
	}

	// Auckland's Saturday morning is not covered; its Tuesday morning is.
	akl := []PlanZone{{Zone: "Pacific/Auckland", Location: load(t, "Pacific/Auckland"), Region: "asia-oceania", Count: 1}}
	for _, tc := range []struct {
		start   time.Time
		covered bool
	}{{time.Date(2026, 4, 3, 22, 0, 0, 0, time.UTC), false}, {time.Date(2026, 4, 6, 22, 0, 0, 0, time.UTC), true}} {
		p, err := EvaluateMeeting(akl, PlanOptions{Duration: 90 * time.Minute}, []time.Time{tc.start})
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Covered == 1; got != tc.covered {
			t.Errorf("Auckland at %v: covered %v, want %v", tc.start, got, tc.covered)
		}
	}

	// The best single start for Berlin moves by the hour with the change.
	ber := []PlanZone{{Zone: "Europe/Berlin", Location: load(t, "Europe/Berlin"), Region: "europe", Count: 1}}
	for _, tc := range []struct {
		date time.Time
		want string
	}{{time.Date(2026, 3, 27, 0, 0, 0, 0, time.UTC), "08:00"}, {time.Date(2026, 3, 30, 0, 0, 0, 0, time.UTC), "07:00"}} {
		p, err := PlanMeeting(ber, PlanOptions{Date: tc.date, Duration: 90 * time.Minute, Sessions: 1})
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Sessions[0].Start.Format("15:04"); got != tc.want {
			t.Errorf("%s: first covering start %s UTC, want %s", tc.date.Format(time.DateOnly), got, tc.want)
		}
	}
}

func TestPlanOptionsErrors(t *testing.T) {
	berlin := []PlanZone{{Zone: "Europe/Berlin", Location: load(t, "Europe/Berlin"), Count: 1}}
	date := time.Date(2026, 4, 29, 0, 0, 0, 0, time.UTC)
	for _, o := range []PlanOptions{
		{Date: date, Duration: 90 * time.Minute, Sessions: 0},
		{Date: date, Duration: 90*time.Minute + time.Second, Sessions: 1},
		{Date: date, Duration: 90 * time.Minute, Sessions: 1, Grid: 20},
		{Date: date, Duration: 90 * time.Minute, Sessions: 6},
		{Date: date, Duration: 90 * time.Minute, Sessions: 1, Window: ClockRange{From: 600, To: 500}},
	} {
		if _, err := PlanMeeting(berlin, o); !errors.Is(err, ErrPlan) {
			t.Errorf("PlanMeeting(%+v): error %v, want ErrPlan", o, err)
		}
	}
	if _, err := PlanMeeting([]PlanZone{{Zone: "X/Y", Count: 1}}, PlanOptions{Date: date, Duration: time.Hour, Sessions: 1}); !errors.Is(err, ErrPlan) {
		t.Errorf("a zone not loaded: error %v, want ErrPlan", err)
	}
}

func TestParseClockRange(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want ClockRange
		ok   bool
	}{
		{"09:00-17:00", ClockRange{540, 1020}, true},
		{"07:30-24:00", ClockRange{450, 1440}, true},
		{"17:00-09:00", ClockRange{}, false},
		{"9:00-17:00", ClockRange{}, false},
		{"09:00", ClockRange{}, false},
		{"09:60-17:00", ClockRange{}, false},
		{"24:30-25:00", ClockRange{}, false},
	} {
		got, err := ParseClockRange(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseClockRange(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestPlanRotation(t *testing.T) {
	var zones []PlanZone
	for _, z := range testZones {
		zones = append(zones, PlanZone{Zone: z.zone, Location: load(t, z.zone), Region: z.region, Count: 1})
	}
	var dates []time.Time
	for m := range 8 {
		dates = append(dates, time.Date(2026, time.Month(5+m), 6, 0, 0, 0, 0, time.UTC))
	}
	calls, err := PlanRotation(zones, dates, PlanOptions{Duration: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != len(dates) {
		t.Fatalf("%d calls for %d dates", len(calls), len(dates))
	}
	had := map[string]int{}
	regions := []string{"africa", "asia-oceania", "europe", "latin-america-caribbean", "mena", "north-america"}
	for i, c := range calls {
		if c.Relaxed {
			t.Errorf("call %d (%s): relaxed", i, c.Date)
		}
		for _, r := range c.OffHours {
			had[r]++
		}
		for _, r := range c.OffHours {
			for _, q := range regions {
				if q != r && had[q] < had[r]-1 {
					t.Errorf("call %d (%s): %s has had %d off-hours slots while %s has had %d", i, c.Date, r, had[r], q, had[q])
				}
			}
		}
	}
}

func BenchmarkPlanMeeting3(b *testing.B) {
	var zones []PlanZone
	for _, z := range testZones {
		zones = append(zones, PlanZone{Zone: z.zone, Location: load(b, z.zone), Region: z.region, Count: 3})
	}
	o := PlanOptions{Date: time.Date(2026, 4, 29, 0, 0, 0, 0, time.UTC), Duration: 90 * time.Minute, Sessions: 3}
	for b.Loop() {
		if _, err := PlanMeeting(zones, o); err != nil {
			b.Fatal(err)
		}
	}
}
