package scoring

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/assocbench/assocbench/i18n"
)

// Maturity level ids used by mentoring: mentors are established or
// leading in the area, mentees emerging or developing.
const (
	LevelEmerging    = "emerging"
	LevelDeveloping  = "developing"
	LevelEstablished = "established"
	LevelLeading     = "leading"
)

// DefaultMaxMentees is the number of mentees a mentor gets at most when
// MatchMentors is given a limit below 1.
const DefaultMaxMentees = 3

// Working hours, local time, used for the overlap of two associations.
const (
	workStartHour = 9
	workEndHour   = 17
)

// MentoringProfile is what mentoring matches need to know of an association.
type MentoringProfile struct {
	// ID is the association id.
	ID string `json:"id"`
	// Name is the association's name, used in the reasons (ID when empty).
	Name string `json:"name"`
	// Region is the association's region; empty when unknown.
	Region string `json:"region"`
	// Languages is the working languages, as ISO 639-1 codes ("fr") or
	// names, in order of preference; compared case-insensitively.
	Languages []string `json:"languages"`
	// Location is the association's time zone; nil when unknown (then no
	// working hours overlap is counted).
	Location *time.Location `json:"-"`
	// Offers is the areas the association offers mentoring in.
	Offers []string `json:"offers"`
	// Seeks is the areas the association asks for mentoring in.
	Seeks []string `json:"seeks"`
	// Levels maps an area to the association's maturity level id there.
	Levels map[string]string `json:"levels"`
	// Scores maps an area to the association's score there, 0-100.
	Scores map[string]float64 `json:"scores"`
	// Format is the length of mentorship it wants ("one_off", "weeks",
	// "long_term"), "" for any; MatchPilot pairs equal formats only.
	Format string `json:"format,omitempty"`
	// Scope is "region" when it wants partners of its own region only
	// ("" or "global" otherwise); used by MatchPilot.
	Scope string `json:"scope,omitempty"`
	// Capacity is how many more requests it takes as a mentor in
	// MatchPilot: DefaultPilotCapacity when 0, none when negative (a
	// mentor whose pairs already fill its capacity).
	Capacity int `json:"capacity,omitempty"`
}

// Match is one mentor paired with one mentee in one area.
type Match struct {
	// Area is the area of the mentoring.
	Area string `json:"area"`
	// Mentor is the mentor's association id.
	Mentor string `json:"mentor"`
	// Mentee is the mentee's association id.
	Mentee string `json:"mentee"`
	// SharedLanguages is the working languages both have, in the mentor's order.
	SharedLanguages []string `json:"shared_languages"`
	// OverlapHours is how many hours their 09:00-17:00 local working days
	// overlap on the date of the matching.
	OverlapHours float64 `json:"overlap_hours"`
	// CrossRegion is true when both regions are known and differ.
	CrossRegion bool `json:"cross_region"`
	// MentorScore is the mentor's score in the area.
	MentorScore float64 `json:"mentor_score"`
	// MenteeScore is the mentee's score in the area.
	MenteeScore float64 `json:"mentee_score"`
	// Reasons says in plain English why the pair was made.
	Reasons []string `json:"reasons"`
}

// MatchMentors pairs mentors with mentees. A candidate pair, in an area,
// is a mentor that offers mentoring in the area and is established or
// leading in it, and a mentee (another association) that asks for
// mentoring in the area and is emerging or developing in it.
//
// Candidates are ranked by, in turn: sharing a working language; the
// hours their working days (09:00-17:00 local time in each one's
// Location, on the calendar date of on, so that daylight saving time is
// that of the date) overlap; being from different regions; the mentor's
// score in the area; then area, mentor id and mentee id. They are taken
// greedily in that order: a mentee gets at most one mentor per area, a
// mentor at most maxMenteesPerMentor different mentees (DefaultMaxMentees
// when below 1). Both days are of the same calendar date: Friday afternoon
// in Bogota, which is Saturday morning in Auckland, does not count.
//
// Profiles with a repeated id after the first are ignored. The matches
// are returned in the order they were made, best first; each carries its
// reasons in words.
func MatchMentors(profiles []MentoringProfile, on time.Time, maxMenteesPerMentor int) []Match {
	if maxMenteesPerMentor < 1 {
		maxMenteesPerMentor = DefaultMaxMentees
	}
	var ps []*MentoringProfile
	seenID := make(map[string]bool)
	for i := range profiles {
		if !seenID[profiles[i].ID] {
			seenID[profiles[i].ID] = true
			ps = append(ps, &profiles[i])
		}
	}
	return newMatcher(ps, on, maxMenteesPerMentor).run()
}

// dedupe returns ss without repeats, in order.
func dedupe(ss []string) []string {
	_, out := normalize(1, ss)
	return out
}

// sharedLanguages returns the languages of a also in b (case-insensitive),
// in a's order and spelling.
func sharedLanguages(a, b []string) []string {
	out := []string{}
	for _, x := range a {
		lx := strings.ToLower(strings.TrimSpace(x))
		if lx == "" {
			continue
		}
		for _, y := range b {
			if strings.ToLower(strings.TrimSpace(y)) == lx {
				if !slices.ContainsFunc(out, func(s string) bool { return strings.EqualFold(s, x) }) {
					out = append(out, x)
				}
				break
			}
		}
	}
	return out
}

// overlap is the common part of two working days.
type overlap struct {
	known      bool
	hours      float64
	start, end time.Time // in UTC; meaningful when hours > 0
	a, b       *time.Location
}

// workOverlap returns the overlap of the 09:00-17:00 working days of the
// calendar date y-m-d in the locations a and b.
func workOverlap(a, b *time.Location, y int, m time.Month, d int) overlap {
	if a == nil || b == nil {
		return overlap{}
	}
	o := overlap{known: true, a: a, b: b}
	start := later(time.Date(y, m, d, workStartHour, 0, 0, 0, a), time.Date(y, m, d, workStartHour, 0, 0, 0, b))
	end := earlier(time.Date(y, m, d, workEndHour, 0, 0, 0, a), time.Date(y, m, d, workEndHour, 0, 0, 0, b))
	if end.After(start) {
		o.hours = end.Sub(start).Hours()
		o.start, o.end = start, end
	}
	return o
}

// later returns the later of two instants.
func later(x, y time.Time) time.Time {
	if x.After(y) {
		return x
	}
	return y
}

// earlier returns the earlier of two instants.
func earlier(x, y time.Time) time.Time {
	if x.Before(y) {
		return x
	}
	return y
}

// reasons explains a match in words.
func reasons(m Match, mentor, mentee *MentoringProfile, w overlap, on time.Time) []string {
	date := on.Format(time.DateOnly)
	out := []string{
		fmt.Sprintf("%s offers mentoring in %s and is %s%s",
			displayName(mentor), m.Area, mentor.Levels[m.Area], scoreNote(mentor, m.Area)),
		fmt.Sprintf("%s asks for mentoring in %s and is %s%s",
			displayName(mentee), m.Area, mentee.Levels[m.Area], scoreNote(mentee, m.Area)),
	}
	if len(m.SharedLanguages) == 0 {
		out = append(out, "no shared working language")
	} else {
		names := make([]string, len(m.SharedLanguages))
		for i, l := range m.SharedLanguages {
			names[i] = languageName(l)
		}
		out = append(out, "shares "+joinWords(names))
	}
	switch {
	case !w.known:
		var who []string
		for _, p := range []*MentoringProfile{mentor, mentee} {
			if p.Location == nil {
				who = append(who, displayName(p))
			}
		}
		out = append(out, fmt.Sprintf("working hours overlap unknown: no time zone for %s", joinWords(who)))
	case w.hours == 0:
		out = append(out, fmt.Sprintf("no working hours overlap on %s (09:00-17:00 local time)", date))
	default:
		unit := "working hours"
		if w.hours == 1 {
			unit = "working hour"
		}
		out = append(out, fmt.Sprintf("%s %s overlap on %s: %s-%s in %s is %s-%s in %s",
			formatNumber(w.hours), unit, date,
			w.start.In(w.a).Format("15:04"), w.end.In(w.a).Format("15:04"), w.a,
			w.start.In(w.b).Format("15:04"), w.end.In(w.b).Format("15:04"), w.b))
	}
	switch {
	case m.CrossRegion:
		out = append(out, fmt.Sprintf("different regions: %s and %s", mentor.Region, mentee.Region))
	case mentor.Region != "" && mentor.Region == mentee.Region:
		out = append(out, "same region: "+mentor.Region)
	}
	return out
}

// displayName is p's name, or its id when it has none.
func displayName(p *MentoringProfile) string {
	if p.Name != "" {
		return p.Name
	}
	return p.ID
}

// scoreNote is " (score 72)" for p's score in area, or "" when it has none.
func scoreNote(p *MentoringProfile, area string) string {
	s, ok := p.Scores[area]
	if !ok || !isFinite(s) {
		return ""
	}
	return " (score " + formatNumber(s) + ")"
}

// formatNumber writes x rounded to one decimal, without trailing zeros.
func formatNumber(x float64) string {
	return strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64)
}

// languageName is the English name of an ISO 639 language code ("fr" ->
// "French"), or code itself when it is not one.
func languageName(code string) string { return i18n.LanguageName(code, i18n.Default) }

// joinWords joins words as English prose: "a", "a and b", "a, b and c".
func joinWords(ws []string) string {
	switch len(ws) {
	case 0:
		return ""
	case 1:
		return ws[0]
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " and " + ws[len(ws)-1]
}
