package scoring

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// refReq is one (mentee, area) request with the mentors it may have,
// computed pair by pair, independently of the matcher's classes.
type refReq struct {
	mentee  *MentoringProfile
	area    string
	mentors []*MentoringProfile
}

// pilotCompatible is the hard constraints written out pair by pair.
func pilotCompatible(mentor, mentee *MentoringProfile, area string, declined map[string]bool) bool {
	if mentor.ID == mentee.ID || declined[DeclinedKey(mentor.ID, mentee.ID)] {
		return false
	}
	if !slices.Contains(mentor.Offers, area) || !slices.Contains(mentee.Seeks, area) {
		return false
	}
	if lv := mentor.Levels[area]; lv != LevelEstablished && lv != LevelLeading {
		return false
	}
	if lv := mentee.Levels[area]; lv != LevelEmerging && lv != LevelDeveloping {
		return false
	}
	shared := false
	for _, a := range mentor.Languages {
		for _, b := range mentee.Languages {
			shared = shared || strings.EqualFold(a, b)
		}
	}
	if !shared || (mentor.Format != "" && mentee.Format != "" && mentor.Format != mentee.Format) {
		return false
	}
	if mentor.Scope == "region" || mentee.Scope == "region" {
		return mentor.Region != "" && mentor.Region == mentee.Region
	}
	return true
}

// pilotRequests lists every request with its compatible mentors.
func pilotRequests(ps []MentoringProfile, declined map[string]bool) []refReq {
	var out []refReq
	for i := range ps {
		for _, area := range dedupe(ps[i].Seeks) {
			if lv := ps[i].Levels[area]; lv != LevelEmerging && lv != LevelDeveloping {
				continue
			}
			r := refReq{mentee: &ps[i], area: area}
			for j := range ps {
				if pilotCompatible(&ps[j], &ps[i], area, declined) {
					r.mentors = append(r.mentors, &ps[j])
				}
			}
			out = append(out, r)
		}
	}
	return out
}

// refCapacity is a mentor's capacity as the definition says.
func refCapacity(p *MentoringProfile) int {
	if p.Capacity < 0 {
		return 0
	}
	if p.Capacity == 0 {
		return DefaultPilotCapacity
	}
	return p.Capacity
}

// refMaxFlow is the largest number of requests served, by augmenting
// paths on the request -> mentor bipartite graph with capacities.
func refMaxFlow(reqs []refReq) int {
	load := map[string][]int{} // mentor -> requests it serves
	owner := make([]string, len(reqs))
	var try func(r int, seen map[string]bool) bool
	try = func(r int, seen map[string]bool) bool {
		for _, m := range reqs[r].mentors {
			if seen[m.ID] {
				continue
			}
			seen[m.ID] = true
			if len(load[m.ID]) < refCapacity(m) {
				load[m.ID] = append(load[m.ID], r)
				owner[r] = m.ID
				return true
			}
			for k, other := range load[m.ID] {
				if try(other, seen) {
					load[m.ID][k] = r
					owner[r] = m.ID
					return true
				}
			}
		}
		return false
	}
	n := 0
	for r := range reqs {
		if try(r, map[string]bool{}) {
			n++
		}
	}
	return n
}

// pilotValue is a matching's preferences: quarter hours, cross-region
// pairs and score gap in whole points, summed.
type pilotValue struct{ quarters, cross, gap int64 }

func (v *pilotValue) add(m Match) {
	v.quarters += int64(math.Round(m.OverlapHours * 4))
	if m.CrossRegion {
		v.cross++
	}
	v.gap += int64(math.Round(m.MentorScore)) - int64(math.Round(m.MenteeScore))
}

func (v pilotValue) better(w pilotValue) bool {
	if v.quarters != w.quarters {
		return v.quarters > w.quarters
	}
	if v.cross != w.cross {
		return v.cross > w.cross
	}
	return v.gap > w.gap
}

// bruteForce tries every assignment of requests to mentors (or none) and
// returns the largest number served and the best preferences among those.
func bruteForce(reqs []refReq, on time.Time) (int, pilotValue) {
	bestN, best := -1, pilotValue{}
	used := map[string]int{}
	var cur []Match
	var rec func(i int)
	rec = func(i int) {
		if i == len(reqs) {
			var v pilotValue
			for _, m := range cur {
				v.add(m)
			}
			if len(cur) > bestN || (len(cur) == bestN && v.better(best)) {
				bestN, best = len(cur), v
			}
			return
		}
		rec(i + 1)
		for _, m := range reqs[i].mentors {
			if used[m.ID] >= refCapacity(m) {
				continue
			}
			used[m.ID]++
			cur = append(cur, pilotMatch(reqs[i].area, m, reqs[i].mentee, on))
			rec(i + 1)
			cur = cur[:len(cur)-1]
			used[m.ID]--
		}
	}
	rec(0)
	return bestN, best
}

// randomPilot makes n associations with random enrolments, and some
// declined pairs.
func randomPilot(t *testing.T, r *rand.Rand, n int) ([]MentoringProfile, map[string]bool) {
	zones := []string{"Europe/Paris", "America/Bogota", "Asia/Kolkata", "Asia/Tokyo", ""}
	langs := []string{"en", "fr", "es"}
	regions := []string{"europe", "asia-oceania", "latin-america-caribbean", ""}
	formats := []string{"", "", "one_off", "weeks"}
	levels := []string{LevelEmerging, LevelDeveloping, LevelEstablished, LevelLeading}
	var ps []MentoringProfile
	for i := range n {
		p := MentoringProfile{ID: fmt.Sprintf("a%02d", i), Region: regions[r.IntN(len(regions))],
			Format: formats[r.IntN(len(formats))], Capacity: r.IntN(4) - 1,
			Levels: map[string]string{}, Scores: map[string]float64{}}
		if r.IntN(4) == 0 {
			p.Scope = "region"
		}
		for _, l := range langs {
			if r.IntN(2) == 0 {
				p.Languages = append(p.Languages, l)
			}
		}
		if z := zones[r.IntN(len(zones))]; z != "" {
			p.Location = zone(t, z)
		}
		for _, area := range []string{"financial", "membership"} {
			lv := levels[r.IntN(len(levels))]
			p.Levels[area] = lv
			p.Scores[area] = float64(r.IntN(1000)) / 10
			if lv == LevelEstablished || lv == LevelLeading {
				if r.IntN(3) > 0 {
					p.Offers = append(p.Offers, area)
				}
			} else if r.IntN(3) > 0 {
				p.Seeks = append(p.Seeks, area)
			}
		}
		ps = append(ps, p)
	}
	declined := map[string]bool{}
	for range n / 3 {
		a, b := ps[r.IntN(n)].ID, ps[r.IntN(n)].ID
		if a != b {
			declined[DeclinedKey(a, b)] = true
		}
	}
	return ps, declined
}

// checkPilot checks that res respects every hard constraint.
func checkPilot(t *testing.T, ps []MentoringProfile, declined map[string]bool, res PilotResult) {
	t.Helper()
	byID := map[string]*MentoringProfile{}
	for i := range ps {
		byID[ps[i].ID] = &ps[i]
	}
	load := map[string]int{}
	served := map[string]bool{}
	for _, m := range res.Matches {
		mentor, mentee := byID[m.Mentor], byID[m.Mentee]
		if !pilotCompatible(mentor, mentee, m.Area, declined) {
			t.Errorf("match %s: %s -> %s breaks a hard constraint", m.Area, m.Mentor, m.Mentee)
		}
		if key := m.Mentee + "/" + m.Area; served[key] {
			t.Errorf("request %s served twice", key)
		} else {
			served[key] = true
		}
		load[m.Mentor]++
	}
	for id, l := range load {
		if l > refCapacity(byID[id]) {
			t.Errorf("mentor %s has %d requests, capacity %d", id, l, refCapacity(byID[id]))
		}
	}
}

// On random small instances the matcher serves exactly as many requests
// as an independent maximum flow, and among the maximum matchings has
// the best preferences an exhaustive search finds.
func TestMatchPilotMaximumAndOptimal(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 13))
	on := day(2026, 4, 28)
	brute := 0
	for it := range 300 {
		n := 4 + r.IntN(7)
		ps, declined := randomPilot(t, r, n)
		res := MatchPilot(ps, PilotOptions{On: on, Declined: declined})
		checkPilot(t, ps, declined, res)
		reqs := pilotRequests(ps, declined)
		if res.Requests != len(reqs) {
			t.Errorf("instance %d: %d requests, want %d", it, res.Requests, len(reqs))
		}
		if want := refMaxFlow(reqs); len(res.Matches) != want {
			t.Errorf("instance %d: %d matches, an independent maximum flow serves %d", it, len(res.Matches), want)
		}
		space := 1.0
		for _, q := range reqs {
			space *= float64(len(q.mentors) + 1)
		}
		if space > 200_000 {
			continue
		}
		brute++
		wantN, wantV := bruteForce(reqs, on)
		var got pilotValue
		for _, m := range res.Matches {
			got.add(m)
		}
		if len(res.Matches) != wantN || got != wantV {
			t.Errorf("instance %d: %d matches with %+v, exhaustive search: %d with %+v", it, len(res.Matches), got, wantN, wantV)
		}
	}
	if brute < 100 {
		t.Errorf("only %d instances small enough for the exhaustive search", brute)
	}
}

// The hard constraints one by one, on two associations.
func TestMatchPilotConstraints(t *testing.T) {
	paris, bogota := zone(t, "Europe/Paris"), zone(t, "America/Bogota")
	mentor := func() MentoringProfile {
		return MentoringProfile{ID: "mentor", Region: "europe", Languages: []string{"fr", "en"}, Location: paris,
			Offers: []string{"membership"}, Levels: map[string]string{"membership": LevelLeading},
			Scores: map[string]float64{"membership": 90}}
	}
	mentee := func() MentoringProfile {
		return MentoringProfile{ID: "mentee", Region: "latin-america-caribbean", Languages: []string{"es", "FR"}, Location: bogota,
			Seeks: []string{"membership"}, Levels: map[string]string{"membership": LevelEmerging},
			Scores: map[string]float64{"membership": 20}}
	}
	tests := []struct {
		name     string
		edit     func(m, e *MentoringProfile)
		declined bool
		want     int
	}{
		{"compatible", func(m, e *MentoringProfile) {}, false, 1},
		{"no shared language", func(m, e *MentoringProfile) { e.Languages = []string{"es"} }, false, 0},
		{"different formats", func(m, e *MentoringProfile) { m.Format, e.Format = "one_off", "long_term" }, false, 0},
		{"same format", func(m, e *MentoringProfile) { m.Format, e.Format = "weeks", "weeks" }, false, 1},
		{"one format given", func(m, e *MentoringProfile) { m.Format = "weeks" }, false, 1},
		{"mentee in its region only", func(m, e *MentoringProfile) { e.Scope = "region" }, false, 0},
		{"mentor in its region only", func(m, e *MentoringProfile) { m.Scope = "region" }, false, 0},
		{"region scope, same region", func(m, e *MentoringProfile) { m.Scope, e.Region = "region", "europe" }, false, 1},
		{"no capacity left", func(m, e *MentoringProfile) { m.Capacity = -1 }, false, 0},
		{"mentor only developing", func(m, e *MentoringProfile) { m.Levels["membership"] = LevelDeveloping }, false, 0},
		{"mentee already established", func(m, e *MentoringProfile) { e.Levels["membership"] = LevelEstablished }, false, 0},
		{"area not offered", func(m, e *MentoringProfile) { m.Offers = []string{"financial"} }, false, 0},
		{"declined before", func(m, e *MentoringProfile) {}, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, e := mentor(), mentee()
			tt.edit(&m, &e)
			var declined map[string]bool
			if tt.declined {
				declined = map[string]bool{DeclinedKey("mentee", "mentor"): true}
			}
			res := MatchPilot([]MentoringProfile{m, e}, PilotOptions{On: day(2026, 4, 28), Declined: declined})
			if len(res.Matches) != tt.want {
				t.Errorf("%d matches, want %d: %+v", len(res.Matches), tt.want, res.Matches)
			}
		})
	}
}

// Where greedy takes the best pair first and strands a mentee, the
// maximum matching serves both; among maximum matchings, hours decide
// before the score gap, and the result does not depend on the order of
// the profiles.
func TestMatchPilotBeatsGreedy(t *testing.T) {
	paris, tokyo := zone(t, "Europe/Paris"), zone(t, "Asia/Tokyo")
	ps := []MentoringProfile{
		{ID: "m-both", Region: "europe", Languages: []string{"en", "fr"}, Location: paris, Capacity: 1,
			Offers: []string{"membership"}, Levels: map[string]string{"membership": LevelLeading}, Scores: map[string]float64{"membership": 95}},
		{ID: "m-en", Region: "asia-oceania", Languages: []string{"en"}, Location: tokyo, Capacity: 1,
			Offers: []string{"membership"}, Levels: map[string]string{"membership": LevelEstablished}, Scores: map[string]float64{"membership": 70}},
		// Shares only French: only m-both can take it.
		{ID: "e-fr", Region: "europe", Languages: []string{"fr"}, Location: paris,
			Seeks: []string{"membership"}, Levels: map[string]string{"membership": LevelEmerging}, Scores: map[string]float64{"membership": 30}},
		// Shares English with both; greedy gives it m-both (8 hours of overlap).
		{ID: "e-en", Region: "europe", Languages: []string{"en"}, Location: paris,
			Seeks: []string{"membership"}, Levels: map[string]string{"membership": LevelEmerging}, Scores: map[string]float64{"membership": 10}},
	}
	on := day(2026, 11, 27)
	shared := 0 // greedy treats a shared language as a preference only
	for _, m := range MatchMentors(ps, on, 1) {
		if len(m.SharedLanguages) > 0 {
			shared++
		}
	}
	if shared != 1 {
		t.Fatalf("greedy made %d matches with a shared language, the example expects it to strand one mentee", shared)
	}
	res := MatchPilot(ps, PilotOptions{On: on})
	var got []string
	for _, m := range res.Matches {
		got = append(got, m.Mentor+" -> "+m.Mentee)
	}
	want := []string{"m-both -> e-fr", "m-en -> e-en"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("MatchPilot (-want +got):\n%s", diff)
	}
	if res.Requests != 2 || len(res.Areas) != 1 || res.Areas[0] != (PilotArea{Area: "membership", Requests: 2, Matched: 2}) {
		t.Errorf("counts = %d requests, areas %+v", res.Requests, res.Areas)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 10 {
		shuffled := slices.Clone(ps)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if diff := cmp.Diff(res, MatchPilot(shuffled, PilotOptions{On: on})); diff != "" {
			t.Fatalf("another profile order changed the result (-first +now):\n%s", diff)
		}
	}

	// With room for two, m-both takes both (8 hours each) rather than
	// leaving e-en to Tokyo (1 hour), though Tokyo would be cross-region.
	ps[0].Capacity = 2
	res = MatchPilot(ps, PilotOptions{On: on})
	got = got[:0]
	for _, m := range res.Matches {
		got = append(got, m.Mentor+" -> "+m.Mentee)
	}
	if diff := cmp.Diff([]string{"m-both -> e-en", "m-both -> e-fr"}, got); diff != "" {
		t.Errorf("MatchPilot with capacity 2 (-want +got):\n%s", diff)
	}
}

// Random directories: the matcher respects the constraints and is
// deterministic at a size the brute force cannot reach.
func TestMatchPilotLarge(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	ps, declined := randomPilot(t, r, 400)
	res := MatchPilot(ps, PilotOptions{On: day(2026, 4, 28), Declined: declined})
	checkPilot(t, ps, declined, res)
	if want := refMaxFlow(pilotRequests(ps, declined)); len(res.Matches) != want {
		t.Errorf("%d matches, an independent maximum flow serves %d", len(res.Matches), want)
	}
	for range 5 {
		if diff := cmp.Diff(res, MatchPilot(ps, PilotOptions{On: day(2026, 4, 28), Declined: declined})); diff != "" {
			t.Fatalf("a second run on the same data differs (-first +now):\n%s", diff)
		}
	}
}

func BenchmarkMatchPilot(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	ps := randomDirectory(b, r, 10_000)
	for b.Loop() {
		MatchPilot(ps, PilotOptions{On: day(2026, 4, 28)})
	}
}
