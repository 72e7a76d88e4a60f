package scoring

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/assocbench/assocbench/questionnaires"
)

// Meeting planning: choosing the start times of an online session held
// several times on one date (its repeats) so that participants in every
// IFLA region can attend one of them inside their local working window.
//
// A participant is covered by a repeat when the whole repeat lies inside
// its working window on its own local date (the local date of the
// repeat's start), with the real UTC offsets of that date — daylight
// saving included — and, unless weekends count, that local date is a
// Monday to Friday. A repeat's date is its UTC date: the candidate starts
// are 00:00, 00:15, ... 23:45 UTC of the plan's date (on a 15-minute grid).
//
// The plan maximises, in turn: the smallest share of covered participants
// over the regions that have participants (no region left out); the
// number of participants covered; and the fewest participant-minutes off
// hours, outside 08:00-18:00 local on a working day. The search is exact:
// every combination of grid starts is evaluated. Participants are
// aggregated by time zone and region first, and every zone gets, per
// candidate start, a bit in a coverage mask and an attendance cost, so
// that one combination costs a few word operations (C(96, 3) = 142 880
// triples take milliseconds). Among equal plans the earliest starts win.

// The off-hours band of the third criterion, in minutes after local midnight.
const (
	offHoursFrom = 8 * 60
	offHoursTo   = 18 * 60
)

// MaxPlanCombinations bounds the exhaustive search: a plan whose grid and
// number of repeats make more combinations than this is refused (use a
// 30-minute grid or fewer repeats).
const MaxPlanCombinations = 5_000_000

// PlanOptions describe what the planner may choose.
type PlanOptions struct {
	// Date is the UTC date of the repeats (only its year, month and day count).
	Date time.Time
	// Duration is the length of one repeat (whole minutes, 15 minutes to 12 hours).
	Duration time.Duration
	// Sessions is the number of repeats to place (at least 1).
	Sessions int
	// Grid is the step between candidate starts in minutes: 15 (default), 30 or 60.
	Grid int
	// Window is the local working window (default 09:00-17:00).
	Window ClockRange
	// Weekends makes the window apply on Saturdays and Sundays too
	// (by default it is weekdays only).
	Weekends bool
	// Limits are optional hard limits: a participant is never expected to
	// attend a repeat that is not wholly inside them (zero: none).
	Limits ClockRange
}

// ClockRange is a range of local clock times in minutes after midnight,
// From inclusive, To exclusive-end (the session must end by To).
type ClockRange struct {
	From int `json:"from"`
	To   int `json:"to"`
}

// IsZero reports whether the range is unset.
func (c ClockRange) IsZero() bool { return c.From == 0 && c.To == 0 }

// String writes the range as "09:00-17:00".
func (c ClockRange) String() string { return Clock(c.From) + "-" + Clock(c.To) }

// DefaultWindow is the default local working window, 09:00-17:00.
var DefaultWindow = ClockRange{From: 9 * 60, To: 17 * 60}

// Clock writes minutes after midnight as "HH:MM".
func Clock(minutes int) string { return fmt.Sprintf("%02d:%02d", minutes/60, minutes%60) }

// ParseClockRange reads "09:00-17:00" (To may be 24:00).
func ParseClockRange(s string) (ClockRange, error) {
	from, to, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		return ClockRange{}, fmt.Errorf("clock range %q: want HH:MM-HH:MM", s)
	}
	f, err := parseClock(from)
	if err != nil {
		return ClockRange{}, fmt.Errorf("clock range %q: %w", s, err)
	}
	t, err := parseClock(to)
	if err != nil {
		return ClockRange{}, fmt.Errorf("clock range %q: %w", s, err)
	}
	if t <= f {
		return ClockRange{}, fmt.Errorf("clock range %q: the end must be after the start", s)
	}
	return ClockRange{From: f, To: t}, nil
}

func parseClock(s string) (int, error) {
	s = strings.TrimSpace(s)
	var h, m int
	if len(s) != 5 || s[2] != ':' {
		return 0, fmt.Errorf("%q is not HH:MM", s)
	}
	if _, err := fmt.Sscanf(s, "%02d:%02d", &h, &m); err != nil || h > 24 || m > 59 || (h == 24 && m != 0) {
		return 0, fmt.Errorf("%q is not a time of day HH:MM", s)
	}
	return h*60 + m, nil
}

// PlanZone is a number of participants of one region in one time zone.
type PlanZone struct {
	// Zone is the IANA name of the time zone.
	Zone string
	// Location is the loaded zone (time.LoadLocation(Zone)).
	Location *time.Location
	// Region is the participants' IFLA region ("" when unknown: counted in
	// the totals, in no region's share).
	Region string
	// Count is how many participants (at least 1).
	Count int
}

// MeetingPlan is a planned (or evaluated) set of repeats on one date.
type MeetingPlan struct {
	// Date is the UTC date of the repeats, YYYY-MM-DD.
	Date string `json:"date"`
	// Duration is the length of one repeat, in minutes.
	Duration int `json:"duration_minutes"`
	// Window and Limits are the options planned with.
	Window string `json:"window"`
	Limits string `json:"limits,omitempty"`
	// Sessions are the repeats, in start order.
	Sessions []PlannedSession `json:"sessions"`
	// Regions is the coverage per region over all repeats, in IFLA order.
	Regions []RegionCoverage `json:"regions"`
	// Zones is, per time zone and region, which repeat its participants attend.
	Zones []ZoneCoverage `json:"zones"`
	// Participants and Covered are the totals.
	Participants int `json:"participants"`
	Covered      int `json:"covered"`
	// MinShare is the smallest covered share over the regions with participants.
	MinShare float64 `json:"min_share"`
	// OffHoursMinutes is the participant-minutes outside 08:00-18:00 local
	// of the repeats the participants attend (the whole repeat for a
	// participant who can attend none).
	OffHoursMinutes int `json:"off_hours_minutes"`
	// Evaluated is how many combinations the search evaluated (0 when the
	// starts were given).
	Evaluated int `json:"evaluated"`
}

// PlannedSession is one repeat: when, and who it covers.
type PlannedSession struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// Covered is how many participants this repeat covers (some may be
	// covered by another repeat too).
	Covered int `json:"covered"`
	// Regions is this repeat's coverage per region.
	Regions []RegionCoverage `json:"regions"`
	// Local is the repeat in each participant's time zone, by zone name.
	Local []LocalSession `json:"local"`
}

// LocalSession is a repeat in one time zone.
type LocalSession struct {
	Zone string `json:"zone"`
	// Date, Start and End are the local date and clock times ("2026-04-29", "15:30").
	Date  string `json:"date"`
	Start string `json:"start"`
	End   string `json:"end"`
	// Offset is the UTC offset at the start ("+12:00").
	Offset string `json:"offset"`
	// Covered: the repeat is inside the working window there.
	Covered bool `json:"covered"`
	// OffHours is the repeat's minutes outside 08:00-18:00 local on a working day.
	OffHours int `json:"off_hours_minutes"`
	// Participants is the number of participants in the zone.
	Participants int `json:"participants"`
}

// RegionCoverage is how many of a region's participants are covered.
type RegionCoverage struct {
	Region       string  `json:"region"`
	Participants int     `json:"participants"`
	Covered      int     `json:"covered"`
	Share        float64 `json:"share"`
}

// ZoneCoverage says which repeat the participants of one zone and region
// attend: a covering one when there is one (the one with the fewest
// off-hours minutes, then the earliest), else the attendable one with the
// fewest off-hours minutes; Session is -1 when none is attendable.
type ZoneCoverage struct {
	Zone         string `json:"zone"`
	Region       string `json:"region"`
	Participants int    `json:"participants"`
	Covered      bool   `json:"covered"`
	Session      int    `json:"session"`
	OffHours     int    `json:"off_hours_minutes"`
}

// ErrPlan is wrapped by the planner's errors about its options.
var ErrPlan = errors.New("invalid meeting plan")

// numRegions is the IFLA regions plus one bucket for unknown ones.
var numRegions = len(questionnaires.Regions) + 1

// regionIndex is the index of a region in questionnaires.Regions, or
// the last (unknown) bucket.
func regionIndex(r string) int {
	if i := slices.Index(questionnaires.Regions, questionnaires.Region(r)); i >= 0 {
		return i
	}
	return len(questionnaires.Regions)
}

// normalise checks the options and fills in the defaults.
func (o *PlanOptions) normalise() error {
	if o.Grid == 0 {
		o.Grid = 15
	}
	if o.Grid != 15 && o.Grid != 30 && o.Grid != 60 {
		return fmt.Errorf("grid of %d minutes: want 15, 30 or 60: %w", o.Grid, ErrPlan)
	}
	if o.Window.IsZero() {
		o.Window = DefaultWindow
	}
	if o.Duration%time.Minute != 0 || o.Duration < 15*time.Minute || o.Duration > 12*time.Hour {
		return fmt.Errorf("duration %v: want whole minutes from 15m to 12h: %w", o.Duration, ErrPlan)
	}
	if o.Sessions < 1 {
		return fmt.Errorf("%d sessions: want at least 1: %w", o.Sessions, ErrPlan)
	}
	for _, r := range []ClockRange{o.Window, o.Limits} {
		if r.From < 0 || r.To > 24*60 || (!r.IsZero() && r.To <= r.From) {
			return fmt.Errorf("clock range %s: %w", r, ErrPlan)
		}
	}
	y, m, d := o.Date.Date()
	o.Date = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return nil
}

// group is the participants of one zone and region.
type group struct {
	zone   string
	loc    *time.Location
	region int
	count  int
}

// aggregate merges zones by name and region, in name order.
func aggregate(zones []PlanZone) ([]group, error) {
	idx := map[string]int{}
	var out []group
	for _, z := range zones {
		if z.Location == nil {
			return nil, fmt.Errorf("time zone %q not loaded: %w", z.Zone, ErrPlan)
		}
		if z.Count < 1 {
			continue
		}
		key := z.Zone + "\x00" + z.Region
		if i, ok := idx[key]; ok {
			out[i].count += z.Count
			continue
		}
		idx[key] = len(out)
		out = append(out, group{zone: z.Zone, loc: z.Location, region: regionIndex(z.Region), count: z.Count})
	}
	slices.SortFunc(out, func(a, b group) int {
		if c := strings.Compare(a.zone, b.zone); c != 0 {
			return c
		}
		return a.region - b.region
	})
	return out, nil
}

// fit is how one repeat suits one zone.
type fit struct {
	covered, attendable bool
	offHours            int
	local               time.Time
}

// wall is the instant of a local clock time (minutes after midnight, up
// to 24:00) on a local date; a clock time that a DST change skips is
// normalised as time.Date does.
func wall(y int, m time.Month, d, minutes int, loc *time.Location) time.Time {
	return time.Date(y, m, d, minutes/60, minutes%60, 0, 0, loc)
}

// workday reports whether a local date counts for the working window.
func (o *PlanOptions) workday(t time.Time) bool {
	wd := t.Weekday()
	return o.Weekends || (wd != time.Saturday && wd != time.Sunday)
}

// inside reports whether [start, end) lies inside the clock range r on
// the local date of start.
func inside(start, end time.Time, r ClockRange, loc *time.Location) bool {
	y, m, d := start.In(loc).Date()
	return !start.Before(wall(y, m, d, r.From, loc)) && !end.After(wall(y, m, d, r.To, loc))
}

// fitOf says how the repeat [start, start+duration) suits zone loc.
func (o *PlanOptions) fitOf(start time.Time, loc *time.Location) fit {
	end := start.Add(o.Duration)
	local := start.In(loc)
	f := fit{local: local, attendable: true}
	f.covered = o.workday(local) && inside(start, end, o.Window, loc)
	if !o.Limits.IsZero() {
		f.attendable = inside(start, end, o.Limits, loc)
	}
	// minutes inside 08:00-18:00 of a working day, over the local dates
	// the repeat touches (at most two for a repeat of up to 12 hours)
	in := time.Duration(0)
	for day := local; !day.After(end); day = day.AddDate(0, 0, 1) {
		y, m, d := day.Date()
		if !o.workday(time.Date(y, m, d, 12, 0, 0, 0, loc)) {
			continue
		}
		from, to := wall(y, m, d, offHoursFrom, loc), wall(y, m, d, offHoursTo, loc)
		lo, hi := from, to
		if start.After(lo) {
			lo = start
		}
		if end.Before(hi) {
			hi = end
		}
		if hi.After(lo) {
			in += hi.Sub(lo)
		}
		day = time.Date(y, m, d, 0, 0, 0, 0, loc)
	}
	f.offHours = int((o.Duration - in) / time.Minute)
	return f
}

// offset writes a UTC offset as "+05:30".
func offset(t time.Time) string {
	_, secs := t.Zone()
	sign := '+'
	if secs < 0 {
		sign, secs = '-', -secs
	}
	return fmt.Sprintf("%c%02d:%02d", sign, secs/3600, secs/60%60)
}

// regionName is the region of a bucket ("" for the unknown one).
func regionName(i int) string {
	if i < len(questionnaires.Regions) {
		return string(questionnaires.Regions[i])
	}
	return ""
}

// regionTable writes covered counts per bucket as the regions with
// participants, in IFLA order (unknown last).
func regionTable(total, covered []int) []RegionCoverage {
	var out []RegionCoverage
	for r, n := range total {
		if n == 0 {
			continue
		}
		out = append(out, RegionCoverage{Region: regionName(r), Participants: n, Covered: covered[r],
			Share: float64(covered[r]) / float64(n)})
	}
	return out
}

// evaluate computes the plan of repeats at starts for the groups.
func evaluate(o *PlanOptions, groups []group, starts []time.Time) *MeetingPlan {
	p := &MeetingPlan{Date: o.Date.Format(time.DateOnly), Duration: int(o.Duration / time.Minute),
		Window: o.Window.String(), Sessions: []PlannedSession{}, Zones: []ZoneCoverage{}, MinShare: 1}
	if !o.Limits.IsZero() {
		p.Limits = o.Limits.String()
	}
	total := make([]int, numRegions)
	covered := make([]int, numRegions)
	fits := make([][]fit, len(starts)) // [session][group]
	for s, start := range starts {
		fits[s] = make([]fit, len(groups))
		byZone := map[string]fit{}
		for i, g := range groups {
			f, ok := byZone[g.zone]
			if !ok {
				f = o.fitOf(start, g.loc)
				byZone[g.zone] = f
			}
			fits[s][i] = f
		}
	}
	for i, g := range groups {
		total[g.region] += g.count
		zc := ZoneCoverage{Zone: g.zone, Region: regionName(g.region), Participants: g.count, Session: -1,
			OffHours: int(o.Duration / time.Minute)}
		best := costAbsent * 2
		for s := range starts {
			f := fits[s][i]
			c := costAbsent * 2
			switch {
			case f.covered:
				c = f.offHours
			case f.attendable:
				c = costUncovered + f.offHours
			}
			if c < best {
				best, zc.Session, zc.OffHours, zc.Covered = c, s, f.offHours, f.covered
			}
		}
		if zc.Covered {
			covered[g.region] += g.count
			p.Covered += g.count
		}
		p.Participants += g.count
		p.OffHoursMinutes += g.count * zc.OffHours
		p.Zones = append(p.Zones, zc)
	}
	p.Regions = regionTable(total, covered)
	for _, r := range p.Regions {
		if r.Region != "" && r.Share < p.MinShare {
			p.MinShare = r.Share
		}
	}
	for s, start := range starts {
		ps := PlannedSession{Start: start.UTC(), End: start.Add(o.Duration).UTC(), Local: []LocalSession{}}
		cov := make([]int, numRegions)
		var local *LocalSession
		for i, g := range groups {
			f := fits[s][i]
			if f.covered {
				cov[g.region] += g.count
				ps.Covered += g.count
			}
			if local == nil || local.Zone != g.zone {
				end := f.local.Add(o.Duration)
				ps.Local = append(ps.Local, LocalSession{Zone: g.zone, Date: f.local.Format(time.DateOnly),
					Start: f.local.Format("15:04"), End: end.Format("15:04"), Offset: offset(f.local),
					Covered: f.covered, OffHours: f.offHours})
				local = &ps.Local[len(ps.Local)-1]
			}
			local.Participants += g.count
		}
		ps.Regions = regionTable(total, cov)
		p.Sessions = append(p.Sessions, ps)
	}
	return p
}
