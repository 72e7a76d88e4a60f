package survey

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/assocbench/assocbench/scoring"
)

// Audit actions of the mentorship pilot.
const (
	ActionPairsPropose = "mentoring.propose"
	ActionPairAct      = "mentoring.pair"
)

// pairState is what the matching takes from the stored pairs: the
// declined pairs, the capacity the mentors' accepted and active pairs
// hold, the requests of the campaign already served, and a digest of it
// all for the cache key.
type pairState struct {
	pairs    []*Pair
	declined map[string]bool
	busy     map[string]int  // mentor -> accepted and active pairs, every campaign
	served   map[string]bool // "mentee/area" of this campaign: accepted, active or completed
	digest   [32]byte
}

// readPairState reads every stored pair. Declined and cancelled pairs
// are never proposed again (in any campaign).
func (s *Service) readPairState(ctx context.Context, campaign string) (*pairState, error) {
	all, err := s.store.ListPairs(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("mentoring pairs: %w", err)
	}
	ps := &pairState{declined: map[string]bool{}, busy: map[string]int{}, served: map[string]bool{}}
	h := sha256.New()
	for _, p := range all {
		fmt.Fprintf(h, "%s\x00%s\x00%d\x00", p.ID, p.State, p.Revision)
		switch {
		case p.State == PairDeclined || p.State == PairCancelled:
			ps.declined[scoring.DeclinedKey(p.Mentor, p.Mentee)] = true
		case p.Holds():
			ps.busy[p.Mentor]++
		}
		if p.Campaign == campaign {
			ps.pairs = append(ps.pairs, p)
			if p.Holds() || p.State == PairCompleted {
				ps.served[p.Mentee+"/"+p.Area] = true
			}
		}
	}
	copy(ps.digest[:], h.Sum(nil))
	return ps, nil
}

// constrain applies the stored pairs to the profiles: served requests
// are not asked again, and a mentor's capacity is what its holding
// pairs leave.
func (ps *pairState) constrain(profiles []scoring.MentoringProfile) {
	for i := range profiles {
		p := &profiles[i]
		p.Seeks = slices.DeleteFunc(slices.Clone(p.Seeks), func(area string) bool { return ps.served[p.ID+"/"+area] })
		if b := ps.busy[p.ID]; b > 0 {
			c := p.Capacity
			if c == 0 {
				c = scoring.DefaultPilotCapacity
			}
			if p.Capacity = c - b; p.Capacity <= 0 {
				p.Capacity = -1
			}
		}
	}
}

// ProposalResult says what writing a run's matches as proposals did.
type ProposalResult struct {
	// Campaign and Date are those of the run.
	Campaign string `json:"campaign"`
	Date     string `json:"date"`
	// Proposed is the number of pairs written as proposed (new or again).
	Proposed int `json:"proposed"`
	// Kept is the unanswered proposals the run made again, unchanged.
	Kept int `json:"kept"`
	// Superseded is the unanswered proposals the run did not make again.
	Superseded int `json:"superseded"`
	// Requests is the run's number of requests still open.
	Requests int `json:"requests"`
}

// ProposeMentoring writes the matches of a fresh run as proposed pairs
// (administrators and analysts; an analyst's run pairs consenting
// associations only). Unanswered proposals the run does not make again
// are superseded; accepted, active and ended pairs are never touched,
// and accepted and active pairs count against their mentor's capacity.
func (s *Service) ProposeMentoring(ctx context.Context, p Principal, campaign string) (*ProposalResult, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	unlock := s.locks.lock("pairs/" + campaign)
	defer unlock()
	run, err := s.MentoringPilot(ctx, p, campaign)
	if err != nil {
		return nil, err
	}
	st, err := s.readPairState(ctx, campaign)
	if err != nil {
		return nil, err
	}
	// an analyst's run sees consenting associations only: it leaves the
	// proposals it cannot see as they are (and does not count them)
	visible := func(*Pair) bool { return true }
	if p.Role == RoleAnalyst {
		cs, err := s.consentsOf(ctx, campaign)
		if err != nil {
			return nil, err
		}
		visible = func(pr *Pair) bool { return cs.now[pr.Mentor] && cs.now[pr.Mentee] }
	}
	now := s.Now().UTC()
	out := &ProposalResult{Campaign: campaign, Date: run.Date, Requests: run.Requests}
	want := map[string]scoring.Match{}
	for _, m := range run.Matches {
		want[PairID(campaign, m.Area, m.Mentee, m.Mentor)] = m
	}
	for _, old := range st.pairs {
		if old.State != PairProposed || !visible(old) {
			continue
		}
		if _, again := want[old.ID]; again {
			out.Kept++
			delete(want, old.ID)
			continue
		}
		prev := old.Revision
		old.State, old.EndedAt, old.EndedBy, old.Revision = PairSuperseded, &now, "run", prev+1
		if err := s.store.ReplacePair(ctx, old, prev); err != nil {
			return nil, fmt.Errorf("supersede %s: %w", old.ID, err)
		}
		out.Superseded++
	}
	ids := make([]string, 0, len(want))
	for id := range want {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		m := want[id]
		np := &Pair{ID: id, Campaign: campaign, Area: m.Area, Mentor: m.Mentor, Mentee: m.Mentee, State: PairProposed,
			ProposedAt: now, CheckIns: []CheckIn{}, Feedback: []PairFeedback{}, Revision: 1}
		err := s.store.InsertPair(ctx, np)
		if errors.Is(err, ErrConflict) { // a superseded proposal made again
			var old *Pair
			if old, err = s.store.GetPair(ctx, id); err == nil {
				np.Revision = old.Revision + 1
				err = s.store.ReplacePair(ctx, np, old.Revision)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("propose %s: %w", id, err)
		}
		out.Proposed++
	}
	s.audit(ctx, p, ActionPairsPropose, campaign, fmt.Sprintf("proposed %d, kept %d, superseded %d", out.Proposed, out.Kept, out.Superseded))
	return out, nil
}

// PairsView is the pairs of a campaign as a principal may see them.
type PairsView struct {
	Campaign string  `json:"campaign"`
	Pairs    []*Pair `json:"pairs"`
	// Reminders are the proposals unanswered for at least ReminderDays.
	Reminders    []*Pair `json:"reminders"`
	ReminderDays int     `json:"reminder_days"`
	// Feedback is the feedback per area, for the working group only
	// aggregated (nil for an association).
	Feedback []FeedbackSummary `json:"feedback,omitempty"`
}

// FeedbackSummary is the feedback of one area's completed pairs.
type FeedbackSummary struct {
	Area string `json:"area"`
	// Pairs is how many pairs gave feedback (for analysts: how many
	// rated mentees the campaign's latest release counts).
	Pairs int `json:"pairs"`
	// Suppressed is true when fewer than k pairs gave it: then no rating.
	Suppressed bool `json:"suppressed"`
	// MeanRating is the mean of every rating given (both sides).
	MeanRating *float64 `json:"mean_rating,omitempty"`
}

// ListPairs returns a campaign's pairs: all of them for administrators,
// those between two associations that share their scores for analysts
// (without the feedback, which they see only as the latest release
// publishes it, releasedFeedback), an association's own for it. Reminders are the
// proposals older than reminderDays (7 when below 1).
func (s *Service) ListPairs(ctx context.Context, p Principal, campaign string, reminderDays int) (*PairsView, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst, RoleAssociation); err != nil {
		return nil, err
	}
	c, err := s.store.GetCampaign(ctx, campaign)
	if err != nil {
		return nil, fmt.Errorf("campaign %s: %w", campaign, err)
	}
	if reminderDays < 1 {
		reminderDays = 7
	}
	all, err := s.store.ListPairs(ctx, campaign)
	if err != nil {
		return nil, fmt.Errorf("pairs of %s: %w", campaign, err)
	}
	var cs consentSets
	if p.Role == RoleAnalyst {
		if cs, err = s.consentsOf(ctx, campaign); err != nil {
			return nil, err
		}
	}
	v := &PairsView{Campaign: campaign, Pairs: []*Pair{}, Reminders: []*Pair{}, ReminderDays: reminderDays}
	cutoff := s.Now().Add(-time.Duration(reminderDays) * 24 * time.Hour)
	for _, pr := range all {
		switch p.Role {
		case RoleAssociation:
			if pr.Side(p.Association) == "" {
				continue
			}
		case RoleAnalyst:
			if !cs.now[pr.Mentor] || !cs.now[pr.Mentee] {
				continue
			}
			cp := *pr
			cp.Feedback = []PairFeedback{}
			pr = &cp
		}
		v.Pairs = append(v.Pairs, pr)
		if pr.State == PairProposed && pr.ProposedAt.Before(cutoff) {
			v.Reminders = append(v.Reminders, pr)
		}
	}
	switch p.Role {
	case RoleAnalyst:
		if v.Feedback, err = s.releasedFeedback(ctx, campaign); err != nil {
			return nil, err
		}
	case RoleAdmin:
		v.Feedback = feedbackSummaries(feedbackGiven(all), c.K)
	}
	return v, nil
}

// releasedFeedback is the feedback per area as the campaign's latest
// release publishes it (the rating metrics of its outcome table family):
// the number of rated mentees, and their mean rating where the release
// shows it. Nothing before the first release.
func (s *Service) releasedFeedback(ctx context.Context, campaign string) ([]FeedbackSummary, error) {
	rel, _, err := s.latestRelease(ctx, campaign)
	if errors.Is(err, ErrNoRelease) {
		return []FeedbackSummary{}, nil
	}
	if err != nil {
		return nil, err
	}
	var ms []string
	for _, a := range mentoringAreas {
		ms = append(ms, MentoringOutcomeMetric(a, OutcomeRating))
	}
	t, err := rel.Table(ms, nil)
	if err != nil {
		return nil, fmt.Errorf("feedback of %s: %w", campaign, err)
	}
	out := []FeedbackSummary{}
	for i, a := range mentoringAreas {
		st := t.All.Stats[ms[i]]
		if st.N == 0 {
			continue
		}
		fs := FeedbackSummary{Area: a, Pairs: st.N, Suppressed: st.Suppressed}
		if !st.Suppressed {
			m := st.Mean
			fs.MeanRating = &m
		}
		out = append(out, fs)
	}
	return out, nil
}

// feedbackGiven is the pairs with feedback.
func feedbackGiven(ps []*Pair) []*Pair {
	var out []*Pair
	for _, p := range ps {
		if len(p.Feedback) > 0 {
			out = append(out, p)
		}
	}
	return out
}

// feedbackSummaries aggregates the feedback per area; an area where
// fewer than k pairs gave feedback shows only its count.
func feedbackSummaries(ps []*Pair, k int) []FeedbackSummary {
	byArea := map[string]*FeedbackSummary{}
	sums := map[string][2]int{}
	for _, p := range ps {
		fs := byArea[p.Area]
		if fs == nil {
			fs = &FeedbackSummary{Area: p.Area}
			byArea[p.Area] = fs
		}
		fs.Pairs++
		sum := sums[p.Area]
		for _, f := range p.Feedback {
			sum[0] += f.Rating
			sum[1]++
		}
		sums[p.Area] = sum
	}
	out := []FeedbackSummary{}
	for _, area := range mentoringAreas {
		fs := byArea[area]
		if fs == nil {
			continue
		}
		if fs.Pairs < k {
			fs.Suppressed = true
		} else if sum := sums[area]; sum[1] > 0 {
			m := float64(sum[0]) / float64(sum[1])
			m = float64(int(m*10+0.5)) / 10
			fs.MeanRating = &m
		}
		out = append(out, *fs)
	}
	return out
}

// ActOnPair performs an action on a pair: the mentor and the mentee act
// through their own tokens (accept, decline, start, complete, cancel,
// check in, give feedback); administrators start and cancel; analysts
// read only. A pair of another association is ErrNotFound.
func (s *Service) ActOnPair(ctx context.Context, p Principal, campaign, id string, in PairAction) (*Pair, error) {
	if p.Role == "" {
		return nil, ErrUnauthenticated
	}
	unlock := s.locks.lock("pair/" + id)
	defer unlock()
	pr, err := s.store.GetPair(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("pair %s: %w", id, err)
	}
	if pr.Campaign != campaign {
		return nil, fmt.Errorf("pair %s: %w", id, ErrNotFound)
	}
	var side string
	switch p.Role {
	case RoleAssociation:
		if side = pr.Side(p.Association); side == "" {
			return nil, fmt.Errorf("pair %s: %w", id, ErrNotFound)
		}
	case RoleAdmin:
		side = "admin"
	default:
		return nil, fmt.Errorf("analysts read pairs only: %w", ErrForbidden)
	}
	prev := pr.Revision
	if err := pr.apply(side, in, s.Now().UTC()); err != nil {
		return nil, err
	}
	pr.Revision = prev + 1
	if err := s.store.ReplacePair(ctx, pr, prev); err != nil {
		return nil, fmt.Errorf("save pair %s: %w", id, err)
	}
	s.audit(ctx, p, ActionPairAct, id, in.Action+" by "+side+" -> "+string(pr.State)+" (revision "+strconv.FormatInt(pr.Revision, 10)+")")
	return pr, nil
}
