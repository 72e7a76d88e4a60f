package scoring

import (
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
