package main

import (
	"context"
	"fmt"
	mrand "math/rand/v2"
	"time"

	"github.com/assocbench/assocbench/scoring"
)

// mentoringDirectory makes n enrolled associations for the mentoring
// stage: six regions, zones around the world, one to three working
// languages, a third mentors and a third mentees in each area, some
// formats and regional scopes, capacities one to four.
func mentoringDirectory(n int) ([]scoring.MentoringProfile, error) {
	zones := []string{"Africa/Lagos", "Africa/Nairobi", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
		"Europe/Paris", "Europe/London", "America/Sao_Paulo", "America/Bogota", "Asia/Riyadh", "Africa/Cairo",
		"America/New_York", "America/Los_Angeles", "Asia/Kathmandu", "Asia/Manila"}
	regions := []string{"africa", "asia-oceania", "europe", "latin-america-caribbean", "mena", "north-america"}
	langs := []string{"en", "fr", "es", "ar", "pt", "zh", "ru", "sw"}
	formats := []string{"", "", "", "weeks", "long_term", "one_off"}
	locs := make([]*time.Location, len(zones))
	for i, z := range zones {
		loc, err := time.LoadLocation(z)
		if err != nil {
			return nil, fmt.Errorf("mentoring directory: %w", err)
		}
		locs[i] = loc
	}
	rng := mrand.New(mrand.NewPCG(11, 5))
	out := make([]scoring.MentoringProfile, n)
	for i := range out {
		z := rng.IntN(len(zones))
		p := scoring.MentoringProfile{ID: fmt.Sprintf("assoc-%06d", i), Region: regions[z%len(regions)], Location: locs[z],
			Languages: []string{langs[rng.IntN(3)]}, Format: formats[rng.IntN(len(formats))], Capacity: 1 + rng.IntN(4),
			Levels: map[string]string{}, Scores: map[string]float64{}}
		for range rng.IntN(3) {
			p.Languages = append(p.Languages, langs[rng.IntN(len(langs))])
		}
		if rng.IntN(5) == 0 {
			p.Scope = "region"
		}
		for _, area := range []string{"financial", "membership", "communications"} {
			s := rng.Float64() * 100
			p.Scores[area] = s
			switch {
			case s >= 65:
				p.Levels[area] = scoring.LevelEstablished
				if rng.IntN(2) == 0 {
					p.Offers = append(p.Offers, area)
				}
			default:
				p.Levels[area] = scoring.LevelDeveloping
				if rng.IntN(2) == 0 {
					p.Seeks = append(p.Seeks, area)
				}
			}
		}
		out[i] = p
	}
	return out, nil
}

// mentoring: the pilot's maximum matching (a minimum-cost maximum flow
// over compatibility classes) against the greedy bounded matching it
// replaced, on the same directory, with the peak live heap of each.
func (b *bench) mentoring(context.Context) error {
	b.progress("mentoring: matching %d associations", b.n)
	ps, err := mentoringDirectory(b.n)
	if err != nil {
		return err
	}
	on := time.Date(2026, 4, 28, 12, 0, 0, 0, time.UTC)
	var res scoring.PilotResult
	ours, _, _ := timed(func() error { res = scoring.MatchPilot(ps, scoring.PilotOptions{On: on}); return nil })
	greedy := 0
	floor, _, _ := timed(func() error { greedy = len(scoring.MatchMentors(ps, on, 3)); return nil })
	oursHeap, _ := peakLive(func() error { scoring.MatchPilot(ps, scoring.PilotOptions{On: on}); return nil })
	floorHeap, _ := peakLive(func() error { scoring.MatchMentors(ps, on, 3); return nil })
	b.add(stage{Name: "mentoring", Ours: "scoring.MatchPilot (maximum matching, min-cost flow through language hubs)",
		Floor: "scoring.MatchMentors (the greedy matching over classes it replaced)", N: b.n,
		OursSec: ours.Seconds(), FloorSec: floor.Seconds(), OursHeap: oursHeap, FloorHeap: floorHeap,
		Note: fmt.Sprintf("%d of %d requests served under the hard constraints (greedy, without them: %d)", len(res.Matches), res.Requests, greedy)})
	return nil
}
