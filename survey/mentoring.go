package survey

import (
	"context"
	"fmt"
	"maps"
	"time"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
)

// MaxMentees is how many mentees one mentor is offered at most by the
// greedy matching that the pilot's maximum matching replaced (kept for
// the comparison in MentoringRun.Greedy).
const MaxMentees = 3

// MentoringRun is one run of the pilot's matching for a campaign.
type MentoringRun struct {
	// Campaign is the campaign whose results the run read.
	Campaign string `json:"campaign"`
	// Date is the matching date (YYYY-MM-DD): the first day of the
	// campaign's earliest meeting, or today when it has none.
	Date string `json:"date"`
	scoring.PilotResult
	// Greedy is how many requests the earlier greedy matching served on
	// the same data (it knew neither formats, scopes nor capacities).
	Greedy int `json:"greedy"`
}

// Mentoring returns the matches of the campaign's pilot matching (see
// MentoringPilot); callers must not modify them.
func (s *Service) Mentoring(ctx context.Context, p Principal, campaign string) ([]scoring.Match, error) {
	run, err := s.MentoringPilot(ctx, p, campaign)
	if err != nil {
		return nil, err
	}
	return run.Matches, nil
}

// MentoringPilot runs the pilot's matching on a campaign's results and
// the associations' enrolments, without writing anything (analysts and
// administrators): a maximum matching of (mentee, area) requests under
// the hard constraints, then the preferences (scoring.MatchPilot). A
// match tells both sides' maturity levels and scores, so for analysts
// only associations that share their scores with the working group take
// part. Stored pairs constrain the run: declined and cancelled pairs are
// not made again, accepted and active pairs hold their mentor's capacity,
// and requests of the campaign already served (accepted, active,
// completed) are not asked again. The run is computed once per results
// generation, consent set, role, matching date and pairs' state, and shared: callers must not modify it; a
// profile changed through this instance is seen at once, through another
// within the association cache's TTL.
func (s *Service) MentoringPilot(ctx context.Context, p Principal, campaign string) (*MentoringRun, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	res, err := s.results(ctx, campaign)
	if err != nil {
		return nil, err
	}
	cs, err := s.consentsOf(ctx, campaign)
	if err != nil {
		return nil, err
	}
	on, err := s.matchingDate(ctx, campaign)
	if err != nil {
		return nil, err
	}
	st, err := s.readPairState(ctx, campaign)
	if err != nil {
		return nil, err
	}
	res.mu.RLock()
	key := fmt.Sprintf("%d/%x/%t/%s/%x", res.held, cs.key, p.Role == RoleAnalyst, on.Format(time.DateOnly), st.digest)
	res.mu.RUnlock()
	cacheKey := campaign + "/" + string(p.Role)
	if e, ok := s.mentoring.get(cacheKey); ok && e.key == key {
		return e.run, nil
	}
	profiles, err := s.mentoringProfiles(ctx, res, p.Role == RoleAnalyst, cs.now)
	if err != nil {
		return nil, err
	}
	greedy := len(scoring.MatchMentors(profiles, on, MaxMentees))
	st.constrain(profiles)
	run := &MentoringRun{Campaign: campaign, Date: on.Format(time.DateOnly),
		PilotResult: scoring.MatchPilot(profiles, scoring.PilotOptions{On: on, Declined: st.declined}),
		Greedy:      greedy}
	s.mentoring.put(cacheKey, mentoringEntry{key: key, run: run})
	return run, nil
}

// matchingDate is the first day of the campaign's earliest meeting, at
// noon UTC, or today when the campaign has no meeting.
func (s *Service) matchingDate(ctx context.Context, campaign string) (time.Time, error) {
	ms, err := s.store.ListMeetings(ctx, campaign)
	if err != nil {
		return time.Time{}, fmt.Errorf("meetings of %s: %w", campaign, err)
	}
	first := ""
	for _, m := range ms {
		if len(m.Days) > 0 && (first == "" || m.Days[0] < first) {
			first = m.Days[0]
		}
	}
	if d, err := time.Parse(time.DateOnly, first); err == nil {
		return d.Add(12 * time.Hour), nil
	}
	return s.Now().UTC(), nil
}

// mentoringProfiles reads what the matching needs of every association
// with results in the campaign (for analysts, the consenting ones only).
func (s *Service) mentoringProfiles(ctx context.Context, res *campaignResults, analyst bool, consenting map[string]bool) ([]scoring.MentoringProfile, error) {
	type known struct {
		levels map[string]string
		scores map[string]float64
	}
	res.mu.RLock()
	var ids []string
	got := map[string]known{}
	for i := 0; i < res.data.Len(); i++ {
		id := res.data.ID(i)
		if analyst && !consenting[id] {
			continue // a match tells both sides' levels: consenting associations only
		}
		k := known{levels: maps.Clone(res.maturity[id]), scores: map[string]float64{}}
		for _, area := range questionnaires.ScoredAreas {
			if v, ok := res.value(id, scoring.AreaMetric(area)); ok {
				k.scores[string(area)] = v
			}
		}
		ids, got[id] = append(ids, id), k
	}
	res.mu.RUnlock()
	assocs, err := s.associations(ctx, ids)
	if err != nil {
		return nil, err
	}
	var profiles []scoring.MentoringProfile
	for _, id := range ids {
		a := assocs[id]
		if a == nil {
			continue
		}
		mp := scoring.MentoringProfile{ID: a.ID, Name: a.Name, Region: string(a.Region), Languages: a.Languages,
			Offers: a.MentoringOffers, Seeks: a.MentoringSeeks, Levels: got[id].levels, Scores: got[id].scores,
			Format: a.MentoringFormat, Scope: a.MentoringScope, Capacity: a.MentoringCapacity}
		if loc, err := time.LoadLocation(a.TimeZone); err == nil {
			mp.Location = loc
		}
		profiles = append(profiles, mp)
	}
	return profiles, nil
}

// mentoringEntry is a campaign's run for one role, kept while the
// results generation, the consents and the matching date (which the
// hours of overlap depend on) are those of key.
type mentoringEntry struct {
	key string
	run *MentoringRun
}
