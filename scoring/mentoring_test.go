package scoring

import (
	stdcmp "cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // LoadLocation works without a system tz database

	"github.com/google/go-cmp/cmp"
)

// zone loads an IANA time zone or fails the test.
func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load location %s: %v", name, err)
	}
	return loc
}

// day is the given date at noon UTC.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }

func TestWorkOverlap(t *testing.T) {
	tests := []struct {
		a, b string
		on   time.Time
		want float64
	}{
		// Winter in Paris (UTC+1), Bogota is UTC-5 all year.
		{"Europe/Paris", "America/Bogota", day(2026, 11, 27), 2},
		// Summer in Paris (UTC+2).
		{"Europe/Paris", "America/Bogota", day(2026, 6, 15), 1},
		// Last working day before, and the Sunday of, the European change.
		{"Europe/Paris", "America/Bogota", day(2026, 3, 27), 2},
		{"Europe/Paris", "America/Bogota", day(2026, 3, 29), 1},
		{"Europe/Paris", "Asia/Tokyo", day(2026, 11, 27), 0},
		// Auckland in daylight saving time (UTC+13) and in standard time
		// (UTC+12), the latter from 5 April 2026.
		{"Asia/Tokyo", "Pacific/Auckland", day(2026, 11, 27), 4},
		{"Asia/Tokyo", "Pacific/Auckland", day(2026, 6, 15), 5},
		{"Asia/Tokyo", "Pacific/Auckland", day(2026, 4, 4), 4},
		{"Asia/Tokyo", "Pacific/Auckland", day(2026, 4, 5), 5},
		// Friday afternoon in Bogota is Saturday morning in Auckland: not the same date.
		{"America/Bogota", "Pacific/Auckland", day(2026, 11, 27), 0},
		// Half-hour zone.
		{"Europe/Paris", "Asia/Kolkata", day(2026, 11, 27), 3.5},
		{"Europe/Paris", "Asia/Kolkata", day(2026, 6, 15), 4.5},
		{"Europe/Paris", "Europe/Paris", day(2026, 6, 15), 8},
	}
	for _, tt := range tests {
		y, m, d := tt.on.Date()
		a, b := zone(t, tt.a), zone(t, tt.b)
		if got := workOverlap(a, b, y, m, d).hours; got != tt.want {
			t.Errorf("overlap of %s and %s on %s = %v hours, want %v", tt.a, tt.b, tt.on.Format(time.DateOnly), got, tt.want)
		}
		if got := workOverlap(b, a, y, m, d).hours; got != tt.want {
			t.Errorf("overlap of %s and %s on %s = %v hours, want %v", tt.b, tt.a, tt.on.Format(time.DateOnly), got, tt.want)
		}
	}
	if got := workOverlap(nil, zone(t, "Europe/Paris"), 2026, 11, 27); got.known || got.hours != 0 {
		t.Errorf("overlap with an unknown zone = %+v, want unknown and 0", got)
	}
}

// mentoringProfiles are five associations on four continents.
func mentoringProfiles(t *testing.T) []MentoringProfile {
	return []MentoringProfile{
		{
			ID: "paris", Name: "Bibliothèques de Paris", Region: "europe",
			Languages: []string{"fr", "en"}, Location: zone(t, "Europe/Paris"),
			Offers: []string{"membership", "financial"}, Seeks: []string{"communications"},
			Levels: map[string]string{"membership": "established", "financial": "leading", "communications": "emerging"},
			Scores: map[string]float64{"membership": 72, "financial": 90, "communications": 20},
		},
		{
			ID: "bogota", Name: "Red de Bogotá", Region: "latin-america-caribbean",
			Languages: []string{"es", "FR"}, Location: zone(t, "America/Bogota"),
			Seeks:  []string{"membership", "financial"},
			Levels: map[string]string{"membership": "developing", "financial": "emerging"},
			Scores: map[string]float64{"membership": 40, "financial": 15},
		},
		{
			ID: "tokyo", Name: "Tokyo Library Association", Region: "asia-oceania",
			Languages: []string{"ja", "en"}, Location: zone(t, "Asia/Tokyo"),
			Offers: []string{"membership"}, Seeks: []string{"financial"},
			Levels: map[string]string{"membership": "leading", "financial": "developing"},
			Scores: map[string]float64{"membership": 85, "financial": 35},
		},
		{
			ID: "auckland", Name: "Auckland Libraries Network", Region: "asia-oceania",
			Languages: []string{"en"}, Location: zone(t, "Pacific/Auckland"),
			Offers: []string{"communications"}, Seeks: []string{"membership"},
			Levels: map[string]string{"communications": "established", "membership": "emerging"},
			Scores: map[string]float64{"communications": 70, "membership": 25},
		},
		{
			ID: "nowhere", Languages: []string{"en"},
			Seeks:  []string{"membership"},
			Levels: map[string]string{"membership": "emerging"},
		},
		// A repeated id is ignored.
		{ID: "tokyo", Offers: []string{"financial"}, Levels: map[string]string{"financial": "leading"}},
	}
}

func TestMatchMentors(t *testing.T) {
	profiles := mentoringProfiles(t)
	on := day(2026, 11, 27)
	got := MatchMentors(profiles, on, 1)
	want := []Match{
		{
			Area: "membership", Mentor: "tokyo", Mentee: "auckland", SharedLanguages: []string{"en"},
			OverlapHours: 4, MentorScore: 85, MenteeScore: 25,
			Reasons: []string{
				"Tokyo Library Association offers mentoring in membership and is leading (score 85)",
				"Auckland Libraries Network asks for mentoring in membership and is emerging (score 25)",
				"shares English",
				"4 working hours overlap on 2026-11-27: 09:00-13:00 in Asia/Tokyo is 13:00-17:00 in Pacific/Auckland",
				"same region: asia-oceania",
			},
		},
		{
			Area: "financial", Mentor: "paris", Mentee: "bogota", SharedLanguages: []string{"fr"},
			OverlapHours: 2, CrossRegion: true, MentorScore: 90, MenteeScore: 15,
			Reasons: []string{
				"Bibliothèques de Paris offers mentoring in financial and is leading (score 90)",
				"Red de Bogotá asks for mentoring in financial and is emerging (score 15)",
				"shares French",
				"2 working hours overlap on 2026-11-27: 15:00-17:00 in Europe/Paris is 09:00-11:00 in America/Bogota",
				"different regions: europe and latin-america-caribbean",
			},
		},
		{
			// The same mentee again: Paris still has one mentee.
			Area: "membership", Mentor: "paris", Mentee: "bogota", SharedLanguages: []string{"fr"},
			OverlapHours: 2, CrossRegion: true, MentorScore: 72, MenteeScore: 40,
			Reasons: []string{
				"Bibliothèques de Paris offers mentoring in membership and is established (score 72)",
				"Red de Bogotá asks for mentoring in membership and is developing (score 40)",
				"shares French",
				"2 working hours overlap on 2026-11-27: 15:00-17:00 in Europe/Paris is 09:00-11:00 in America/Bogota",
				"different regions: europe and latin-america-caribbean",
			},
		},
		{
			Area: "communications", Mentor: "auckland", Mentee: "paris", SharedLanguages: []string{"en"},
			CrossRegion: true, MentorScore: 70, MenteeScore: 20,
			Reasons: []string{
				"Auckland Libraries Network offers mentoring in communications and is established (score 70)",
				"Bibliothèques de Paris asks for mentoring in communications and is emerging (score 20)",
				"shares English",
				"no working hours overlap on 2026-11-27 (09:00-17:00 local time)",
				"different regions: asia-oceania and europe",
			},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("MatchMentors(limit 1) (-want +got):\n%s", diff)
	}

	// With room for three mentees each, Paris also takes Tokyo in
	// financial and Tokyo takes the association without a time zone.
	got = MatchMentors(profiles, on, 3)
	var pairs []string
	for _, m := range got {
		pairs = append(pairs, m.Area+": "+m.Mentor+" -> "+m.Mentee)
	}
	wantPairs := []string{
		"membership: tokyo -> auckland",
		"financial: paris -> bogota",
		"membership: paris -> bogota",
		"financial: paris -> tokyo",
		"communications: auckland -> paris",
		"membership: tokyo -> nowhere",
	}
	if diff := cmp.Diff(wantPairs, pairs); diff != "" {
		t.Errorf("MatchMentors(limit 3) (-want +got):\n%s", diff)
	}
	last := got[len(got)-1].Reasons
	wantLast := []string{
		"Tokyo Library Association offers mentoring in membership and is leading (score 85)",
		"nowhere asks for mentoring in membership and is emerging",
		"shares English",
		"working hours overlap unknown: no time zone for nowhere",
	}
	if diff := cmp.Diff(wantLast, last); diff != "" {
		t.Errorf("reasons without time zone, region or score (-want +got):\n%s", diff)
	}

	// On a June date Paris is on summer time: one hour with Bogota.
	june := MatchMentors(profiles, day(2026, 6, 15), 1)
	for _, m := range june {
		if m.Mentor == "paris" && m.Mentee == "bogota" && m.OverlapHours != 1 {
			t.Errorf("Paris-Bogota overlap in June = %v hours, want 1", m.OverlapHours)
		}
	}
}

func TestMatchMentorsNoSelfOrIneligible(t *testing.T) {
	profiles := []MentoringProfile{
		// Offers and seeks the same area: never its own mentor.
		{ID: "self", Offers: []string{"membership"}, Seeks: []string{"membership"}, Levels: map[string]string{"membership": "leading"}},
		// Developing: cannot mentor.
		{ID: "weak", Offers: []string{"membership"}, Levels: map[string]string{"membership": "developing"}},
		// Established: does not need a mentor.
		{ID: "strong", Seeks: []string{"membership"}, Levels: map[string]string{"membership": "established"}},
	}
	if got := MatchMentors(profiles, day(2026, 11, 27), 0); len(got) != 0 {
		t.Errorf("MatchMentors = %+v, want no match", got)
	}
}

func TestLanguageNameAndJoin(t *testing.T) {
	for code, want := range map[string]string{"fr": "French", "ES": "Spanish", "no": "Norwegian", "ar": "Arabic", "Klingonese": "Klingonese"} {
		if got := languageName(code); got != want {
			t.Errorf("languageName(%q) = %q, want %q", code, got, want)
		}
	}
	for _, tt := range []struct {
		in   []string
		want string
	}{
		{[]string{"French"}, "French"},
		{[]string{"English", "French"}, "English and French"},
		{[]string{"English", "French", "Spanish"}, "English, French and Spanish"},
	} {
		if got := joinWords(tt.in); got != tt.want {
			t.Errorf("joinWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// matchMentorsAllPairs is the definition MatchMentors must agree with:
// every candidate pair materialised, sorted, taken greedily. Quadratic
// in memory; kept here as the reference of TestMatchMentorsClassesExact.
func matchMentorsAllPairs(profiles []MentoringProfile, on time.Time, maxMenteesPerMentor int) []Match {
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
	y, mo, d := on.Date()

	type candidate struct {
		m      Match
		shared bool
		from   *MentoringProfile
		to     *MentoringProfile
		window overlap
	}
	var cands []candidate
	for _, mentor := range ps {
		for _, area := range dedupe(mentor.Offers) {
			if lv := mentor.Levels[area]; lv != LevelEstablished && lv != LevelLeading {
				continue
			}
			for _, mentee := range ps {
				if mentee.ID == mentor.ID || !slices.Contains(mentee.Seeks, area) {
					continue
				}
				if lv := mentee.Levels[area]; lv != LevelEmerging && lv != LevelDeveloping {
					continue
				}
				w := workOverlap(mentor.Location, mentee.Location, y, mo, d)
				c := candidate{
					m: Match{
						Area: area, Mentor: mentor.ID, Mentee: mentee.ID,
						SharedLanguages: sharedLanguages(mentor.Languages, mentee.Languages),
						OverlapHours:    w.hours,
						CrossRegion:     mentor.Region != "" && mentee.Region != "" && mentor.Region != mentee.Region,
						MentorScore:     mentor.Scores[area],
						MenteeScore:     mentee.Scores[area],
					},
					from: mentor, to: mentee, window: w,
				}
				c.shared = len(c.m.SharedLanguages) > 0
				cands = append(cands, c)
			}
		}
	}
	slices.SortFunc(cands, func(a, b candidate) int {
		if a.shared != b.shared {
			if a.shared {
				return -1
			}
			return 1
		}
		if c := stdcmp.Compare(b.m.OverlapHours, a.m.OverlapHours); c != 0 {
			return c
		}
		if a.m.CrossRegion != b.m.CrossRegion {
			if a.m.CrossRegion {
				return -1
			}
			return 1
		}
		if c := stdcmp.Compare(b.m.MentorScore, a.m.MentorScore); c != 0 {
			return c
		}
		return stdcmp.Or(
			strings.Compare(a.m.Area, b.m.Area),
			strings.Compare(a.m.Mentor, b.m.Mentor),
			strings.Compare(a.m.Mentee, b.m.Mentee),
		)
	})

	type areaMentee struct{ area, mentee string }
	taken := make(map[areaMentee]bool)
	mentees := make(map[string]map[string]bool) // mentor -> mentees
	var out []Match
	for _, c := range cands {
		am := areaMentee{c.m.Area, c.m.Mentee}
		if taken[am] {
			continue
		}
		mine := mentees[c.m.Mentor]
		if !mine[c.m.Mentee] && len(mine) >= maxMenteesPerMentor {
			continue
		}
		if mine == nil {
			mine = make(map[string]bool)
			mentees[c.m.Mentor] = mine
		}
		mine[c.m.Mentee] = true
		taken[am] = true
		c.m.Reasons = reasons(c.m, c.from, c.to, c.window, on)
		out = append(out, c.m)
	}
	return out
}

// randomDirectory is n associations drawn from few attribute values, so
// that classes are large and every sort key ties often.
func randomDirectory(t testing.TB, r *rand.Rand, n int) []MentoringProfile {
	zones := []*time.Location{nil}
	for _, name := range []string{"Europe/Paris", "America/Bogota", "Asia/Tokyo", "Pacific/Auckland", "Africa/Lagos"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatalf("time zone %s: %v", name, err)
		}
		zones = append(zones, loc)
	}
	languages := [][]string{nil, {"en"}, {"fr"}, {"en", "fr"}, {"fr", "en"}, {"es", "EN"}, {"ar"}}
	regions := []string{"", "europe", "asia-oceania", "africa"}
	areas := []string{"financial", "membership", "communications"}
	levels := []string{LevelEmerging, LevelDeveloping, LevelEstablished, LevelLeading, ""}
	out := make([]MentoringProfile, n)
	for i := range out {
		p := MentoringProfile{
			ID:        fmt.Sprintf("a%03d", r.IntN(n*9/10+1)), // some ids repeat
			Region:    regions[r.IntN(len(regions))],
			Languages: languages[r.IntN(len(languages))],
			Location:  zones[r.IntN(len(zones))],
			Levels:    map[string]string{},
			Scores:    map[string]float64{},
		}
		for _, a := range areas {
			p.Levels[a] = levels[r.IntN(len(levels))]
			if r.IntN(4) > 0 {
				p.Scores[a] = float64(10 * r.IntN(10)) // ties
			}
			switch r.IntN(3) {
			case 0:
				p.Offers = append(p.Offers, a)
			case 1:
				p.Seeks = append(p.Seeks, a, a) // a repeat
			}
		}
		out[i] = p
	}
	return out
}

// TestMatchMentorsClassesExact: the class-based matcher gives exactly the
// all-pairs definition's matches, in the same order with the same
// reasons, on random directories full of ties, for every mentor limit.
func TestMatchMentorsClassesExact(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for trial := range 60 {
		n := 5 + r.IntN(120)
		dir := randomDirectory(t, r, n)
		limit := r.IntN(4) // 0 means the default
		on := day(2026, time.Month(1+r.IntN(12)), 1+r.IntN(28))
		want := matchMentorsAllPairs(dir, on, limit)
		got := MatchMentors(dir, on, limit)
		if trial == 0 && len(want) == 0 {
			t.Fatal("the first random directory has no match: the test would prove nothing")
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("trial %d (%d associations, limit %d): classes differ from all pairs (-want +got):\n%s", trial, n, limit, diff)
		}
	}
}

// BenchmarkMatchMentors measures the matcher on directories of 2 000
// and 10 000 associations; BenchmarkMatchMentorsAllPairs is the
// definition it replaced, for comparison.
func BenchmarkMatchMentors(b *testing.B) {
	for _, n := range []int{2000, 10000} {
		dir := randomDirectory(b, rand.New(rand.NewPCG(1, 2)), n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				MatchMentors(dir, day(2026, 4, 29), 2)
			}
		})
	}
}

// BenchmarkMatchMentorsAllPairs is the all-pairs definition at 2 000
// associations (10 000 takes gigabytes).
func BenchmarkMatchMentorsAllPairs(b *testing.B) {
	dir := randomDirectory(b, rand.New(rand.NewPCG(1, 2)), 2000)
	b.ReportAllocs()
	for b.Loop() {
		matchMentorsAllPairs(dir, day(2026, 4, 29), 2)
	}
}
