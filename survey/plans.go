package survey

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
)

// Who may do what with action plans: the association reads and edits its
// own; an administrator reads any (audited) and reopens a closed one;
// analysts never see a plan, only the publication's plan tables
// (PlanTable); another association gets ErrNotFound, as if none existed.

// Audit actions of plans.
const (
	ActionPlanSave   = "plan.save"
	ActionPlanReopen = "plan.reopen"
	ActionPlanRead   = "plan.read"
)

// PlanView is a plan as its association or an administrator sees it: the
// plan (revision 0 when never saved: then its items are those carried over
// from the previous campaign's plan) and the follow-up of the previous
// campaign's plan in this campaign's scores.
type PlanView struct {
	Plan *ActionPlan `json:"plan"`
	// FollowUp is nil when the previous campaign had no plan.
	FollowUp *PlanFollowUp `json:"follow_up,omitempty"`
}

// PlanFollowUp is the follow-up of the previous campaign's plan.
type PlanFollowUp struct {
	// Campaign is the previous campaign, whose plan is followed up.
	Campaign string `json:"campaign"`
	// Planned are the previous plan's items, with Status their latest
	// status (that of the carried-over item when it moved forward), in
	// the order of FollowUp.Items.
	Planned []PlanItem `json:"planned"`
	scoring.FollowUp
}

// planAccess checks who may touch a plan: write is the association only.
func planAccess(p Principal, association string, write bool) error {
	switch p.Role {
	case RoleAssociation:
		if p.Association == association {
			return nil
		}
		return fmt.Errorf("plan: %w", ErrNotFound)
	case RoleAdmin:
		if !write {
			return nil
		}
		return fmt.Errorf("an administrator reads and reopens plans, the association writes them: %w", ErrForbidden)
	case RoleAnalyst:
		return fmt.Errorf("analysts see plan aggregates, not plans: %w", ErrForbidden)
	case RoleRater:
		return fmt.Errorf("plan: %w", ErrNotFound)
	}
	return ErrUnauthenticated
}

// GetPlan returns an association's plan for a campaign with the follow-up
// of its previous plan; nothing is written.
func (s *Service) GetPlan(ctx context.Context, p Principal, campaign, association string) (*PlanView, error) {
	if err := planAccess(p, association, false); err != nil {
		return nil, err
	}
	c, err := s.planCampaign(ctx, campaign, association)
	if err != nil {
		return nil, err
	}
	v, _, err := s.planView(ctx, c, association)
	if err != nil {
		return nil, err
	}
	if p.Role == RoleAdmin && p != System {
		s.audit(ctx, p, ActionPlanRead, v.Plan.ID, "")
	}
	return v, nil
}

// planCampaign reads the campaign and checks the association exists.
func (s *Service) planCampaign(ctx context.Context, campaign, association string) (*Campaign, error) {
	c, err := s.store.GetCampaign(ctx, campaign)
	if err != nil {
		return nil, fmt.Errorf("campaign %s: %w", campaign, err)
	}
	if _, err := s.association(ctx, association); err != nil {
		return nil, fmt.Errorf("association %s: %w", association, err)
	}
	return c, nil
}

// planView builds the view of a plan; prev is the previous campaign's
// plan when there is one.
func (s *Service) planView(ctx context.Context, c *Campaign, association string) (*PlanView, *ActionPlan, error) {
	prev, err := s.previousPlan(ctx, c, association)
	if err != nil {
		return nil, nil, err
	}
	pl, err := s.store.GetPlan(ctx, PlanID(c.ID, association))
	switch {
	case IsNotFound(err):
		pl = &ActionPlan{ID: PlanID(c.ID, association), Campaign: c.ID, Association: association, Items: []PlanItem{}}
		if prev != nil {
			after, err := s.itemPoints(ctx, c, association)
			if err != nil {
				return nil, nil, err
			}
			pl.Items = carryOver(prev, after)
		}
	case err != nil:
		return nil, nil, fmt.Errorf("get plan %s: %w", PlanID(c.ID, association), err)
	}
	if err := s.dropWithdrawnLinks(ctx, pl); err != nil {
		return nil, nil, err
	}
	v := &PlanView{Plan: pl}
	if prev != nil {
		if v.FollowUp, err = s.followUp(ctx, c, prev, pl); err != nil {
			return nil, nil, err
		}
	}
	return v, prev, nil
}

// previousPlan reads the plan of the campaign's previous campaign (nil
// when there is no previous campaign or no plan in it).
func (s *Service) previousPlan(ctx context.Context, c *Campaign, association string) (*ActionPlan, error) {
	if c.Previous == "" {
		return nil, nil
	}
	prev, err := s.store.GetPlan(ctx, PlanID(c.Previous, association))
	if IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("get plan %s: %w", PlanID(c.Previous, association), err)
	}
	return prev, nil
}

// carryOver returns the open items of prev moved into the next campaign:
// their step in prev appended to their history, their points those of
// the new scores (after) when the item has some.
func carryOver(prev *ActionPlan, after map[string]scoring.ItemPoints) []PlanItem {
	out := []PlanItem{}
	for _, it := range prev.Items {
		if !it.Status.Open() {
			continue
		}
		n := it
		n.History = append(slices.Clone(it.History), PlanStep{Campaign: prev.Campaign, Status: it.Status, Points: it.Points,
			Target: it.Target, Action: it.Action})
		n.Links = slices.Clone(it.Links)
		if a, ok := after[it.Key()]; ok {
			pts := a.Points
			n.Points = &pts
		}
		out = append(out, n)
	}
	return out
}

// followUp computes the follow-up of prev in campaign c's scores; cur is
// c's plan (stored or carried over), whose statuses are the latest of
// the items that moved forward.
func (s *Service) followUp(ctx context.Context, c *Campaign, prev, cur *ActionPlan) (*PlanFollowUp, error) {
	pc, err := s.store.GetCampaign(ctx, prev.Campaign)
	if err != nil {
		return nil, fmt.Errorf("campaign %s: %w", prev.Campaign, err)
	}
	before, err := s.itemPoints(ctx, pc, prev.Association)
	if err != nil {
		return nil, err
	}
	after, err := s.itemPoints(ctx, c, prev.Association)
	if err != nil {
		return nil, err
	}
	areas, err := s.itemAreas(ctx, pc)
	if err != nil {
		return nil, err
	}
	f := followPlan(prev, cur, before, after, areas)
	return &f, nil
}

// followPlan is the follow-up of prev, with the latest statuses of cur.
func followPlan(prev, cur *ActionPlan, before, after map[string]scoring.ItemPoints, areas map[string]string) PlanFollowUp {
	latest := map[string]PlanStatus{}
	if cur != nil {
		for _, it := range cur.Items {
			latest[it.Key()] = it.Status
		}
	}
	f := PlanFollowUp{Campaign: prev.Campaign, Planned: make([]PlanItem, len(prev.Items))}
	planned := make([]scoring.PlannedItem, len(prev.Items))
	for i, it := range prev.Items {
		if st, ok := latest[it.Key()]; ok && it.Status.Open() {
			it.Status = st
		}
		f.Planned[i] = it
		planned[i] = scoring.PlannedItem{Key: it.Key(), Area: areas[it.Questionnaire], Before: it.Points, Target: it.Target,
			Done: it.Status == PlanDone}
	}
	f.FollowUp = scoring.Follow(planned, before, after)
	return f
}

// itemAreas maps the campaign's scored questionnaire ids to their areas.
func (s *Service) itemAreas(ctx context.Context, c *Campaign) (map[string]string, error) {
	qs, err := s.scoredQuestionnaires(ctx, c)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(qs))
	for id, q := range qs {
		out[id] = string(q.Area)
	}
	return out, nil
}

// scoredQuestionnaires returns the campaign's scored questionnaires by id.
func (s *Service) scoredQuestionnaires(ctx context.Context, c *Campaign) (map[string]*questionnaires.Questionnaire, error) {
	out := map[string]*questionnaires.Questionnaire{}
	for _, k := range c.Questionnaires {
		q, err := s.Questionnaire(ctx, k)
		if err != nil {
			return nil, err
		}
		if q.Scored() {
			out[q.ID] = q
		}
	}
	return out, nil
}

// itemPoints returns the points of every scored item of the association's
// submitted responses in campaign c, by "questionnaire/item".
func (s *Service) itemPoints(ctx context.Context, c *Campaign, association string) (map[string]scoring.ItemPoints, error) {
	out := map[string]scoring.ItemPoints{}
	qs, err := s.scoredQuestionnaires(ctx, c)
	if err != nil {
		return nil, err
	}
	for qid := range qs {
		r, err := s.store.GetResponse(ctx, ResponseID(c.ID, association, qid))
		if IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("get response: %w", err)
		}
		if r.Status != StatusSubmitted {
			continue
		}
		rq, err := s.Questionnaire(ctx, r.Key())
		if err != nil {
			return nil, err
		}
		res := scoring.Score(rq, r.Answers)
		for _, it := range res.Items {
			if it.Status == scoring.StatusScored {
				out[qid+"/"+it.ID] = scoring.ItemPoints{Area: string(rq.Area), Points: it.Points}
			}
		}
		res.Release()
	}
	return out, nil
}

// PlanInput is a plan save.
type PlanInput struct {
	Campaign    string
	Association string
	// Revision is the revision the client read (0 for a plan never saved).
	Revision int64
	Items    []PlanItem
}

// SavePlan replaces an association's plan (the association only). A
// revision other than the stored one is ErrStaleRevision; a closed plan
// is ErrClosed; bad items are a ValidationError naming items[i].field.
// The items' points are set from the association's scores and their
// history is the server's, whatever the input says. The first save of a
// plan that carried items over from the previous campaign closes that
// plan.
func (s *Service) SavePlan(ctx context.Context, p Principal, in PlanInput) (*PlanView, error) {
	if err := planAccess(p, in.Association, true); err != nil {
		return nil, err
	}
	c, err := s.planCampaign(ctx, in.Campaign, in.Association)
	if err != nil {
		return nil, err
	}
	qs, err := s.scoredQuestionnaires(ctx, c)
	if err != nil {
		return nil, err
	}
	entries, err := s.approvedEntries(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkItems(in.Items, qs, entries); err != nil {
		return nil, err
	}
	id := PlanID(c.ID, in.Association)
	unlock := s.locks.lock("plan/" + id)
	defer unlock()
	v, prev, err := s.planView(ctx, c, in.Association)
	if err != nil {
		return nil, err
	}
	cur := v.Plan
	if cur.ClosedAt != nil {
		return nil, fmt.Errorf("plan %s was carried over into the next campaign and is read-only: %w", id, ErrClosed)
	}
	if cur.Revision != in.Revision {
		return nil, fmt.Errorf("plan %s is at revision %d, not %d: %w", id, cur.Revision, in.Revision, ErrStaleRevision)
	}
	points, err := s.itemPoints(ctx, c, in.Association)
	if err != nil {
		return nil, err
	}
	next := *cur
	next.Items = mergeItems(in.Items, cur.Items, points)
	next.Revision, next.UpdatedAt, next.UpdatedBy = cur.Revision+1, s.Now(), p.Token
	if err := s.writePlan(ctx, &next, cur.Revision); err != nil {
		return nil, err
	}
	if cur.Revision == 0 && prev != nil && prev.ClosedAt == nil {
		s.closePlan(ctx, prev)
	}
	s.audit(ctx, p, ActionPlanSave, id, fmt.Sprintf("revision %d, %d items", next.Revision, len(next.Items)))
	v.Plan = &next
	if prev != nil {
		// the latest statuses of the items carried over
		if v.FollowUp, err = s.followUp(ctx, c, prev, &next); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// mergeItems returns the input items with the server's points (from the
// scores; the stored ones for an item with no score now) and history.
func mergeItems(in, stored []PlanItem, points map[string]scoring.ItemPoints) []PlanItem {
	old := map[string]PlanItem{}
	for _, it := range stored {
		old[it.Key()] = it
	}
	out := make([]PlanItem, len(in))
	for i, it := range in {
		it.Links = append([]string{}, it.Links...) // checked by checkLinks
		it.History = nil
		it.Points = nil
		if o, ok := old[it.Key()]; ok {
			it.History, it.Points = o.History, o.Points
		}
		if a, ok := points[it.Key()]; ok {
			pts := a.Points
			it.Points = &pts
		}
		out[i] = it
	}
	return out
}

// writePlan inserts (from revision 0) or replaces a plan.
func (s *Service) writePlan(ctx context.Context, pl *ActionPlan, from int64) error {
	var err error
	if from == 0 {
		pl.CreatedAt = pl.UpdatedAt
		err = s.store.InsertPlan(ctx, pl)
	} else {
		err = s.store.ReplacePlan(ctx, pl, from)
	}
	if errors.Is(err, ErrConflict) {
		err = ErrStaleRevision // another writer saved in between
	}
	if err != nil {
		return fmt.Errorf("save plan %s: %w", pl.ID, err)
	}
	return nil
}

// closePlan marks a plan carried over; a failure is logged (the new plan
// is saved, and the old one can be closed by the next save or reopened).
func (s *Service) closePlan(ctx context.Context, pl *ActionPlan) {
	now := s.Now()
	next := *pl
	next.ClosedAt, next.Revision, next.UpdatedAt = &now, pl.Revision+1, now
	if err := s.store.ReplacePlan(ctx, &next, pl.Revision); err != nil {
		s.log.Error("carried-over plan not closed", "plan", pl.ID, "err", err)
	}
}

// ReopenPlan makes a closed plan editable again (administrators).
func (s *Service) ReopenPlan(ctx context.Context, p Principal, campaign, association string) (*ActionPlan, error) {
	if err := requireRole(p, RoleAdmin); err != nil {
		return nil, err
	}
	id := PlanID(campaign, association)
	unlock := s.locks.lock("plan/" + id)
	defer unlock()
	pl, err := s.store.GetPlan(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("plan %s: %w", id, err)
	}
	next := *pl
	next.ClosedAt, next.Revision, next.UpdatedAt, next.UpdatedBy = nil, pl.Revision+1, s.Now(), p.Token
	if err := s.writePlan(ctx, &next, pl.Revision); err != nil {
		return nil, err
	}
	s.audit(ctx, p, ActionPlanReopen, id, "")
	return &next, nil
}
