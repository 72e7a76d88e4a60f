package survey

import (
	"context"
	"fmt"

	"github.com/assocbench/assocbench/questionnaires"
)

// RaterHome is what a rater's start page shows: who it rates, in which
// campaign, and its responses to the campaign's scored questionnaires.
type RaterHome struct {
	Rater           Rater
	Campaign        *Campaign
	AssociationName string
	TimeZone        string
	Responses       []*Response
}

// RaterHome returns the signed-in rater's start page (raters only).
func (s *Service) RaterHome(ctx context.Context, p Principal) (*RaterHome, error) {
	if p.Role != RoleRater {
		return nil, fmt.Errorf("rater home: %w", ErrNotFound)
	}
	ref := p.Rater
	c, err := s.store.GetCampaign(ctx, ref.Campaign)
	if err != nil {
		return nil, fmt.Errorf("campaign %s: %w", ref.Campaign, err)
	}
	panel, err := s.panel(ctx, ref.Campaign, ref.Association)
	if err != nil {
		return nil, err
	}
	r := panel.Rater(ref.ID)
	if r == nil {
		return nil, fmt.Errorf("rater %s of %s: %w", ref.ID, panel.ID, ErrNotFound)
	}
	a, err := s.association(ctx, ref.Association)
	if err != nil {
		return nil, fmt.Errorf("association %s: %w", ref.Association, err)
	}
	h := &RaterHome{Rater: *r, Campaign: c, AssociationName: a.Name, TimeZone: a.TimeZone}
	for _, k := range c.Questionnaires {
		q, err := s.Questionnaire(ctx, k)
		if err != nil {
			return nil, err
		}
		if !q.Scored() {
			continue
		}
		resp, err := s.GetRaterResponse(ctx, p, ref, q.ID)
		if err != nil {
			return nil, err
		}
		h.Responses = append(h.Responses, resp)
	}
	return h, nil
}

// RaterOverview is the coordinator's view of its raters in a campaign:
// who was invited and how far each is, per scored questionnaire.
type RaterOverview struct {
	Panel          *RaterPanel
	Questionnaires []*questionnaires.Questionnaire
	// Status: rater id -> questionnaire id -> draft or submitted ("" when
	// not started).
	Status map[string]map[string]ResponseStatus
}

// RaterOverview returns the raters of an association in a campaign and
// their progress (the association itself and administrators).
func (s *Service) RaterOverview(ctx context.Context, p Principal, campaign, association string) (*RaterOverview, error) {
	panel, err := s.Raters(ctx, p, campaign, association)
	if err != nil {
		return nil, err
	}
	c, err := s.store.GetCampaign(ctx, campaign)
	if err != nil {
		return nil, fmt.Errorf("campaign %s: %w", campaign, err)
	}
	o := &RaterOverview{Panel: panel, Status: map[string]map[string]ResponseStatus{}}
	for _, k := range c.Questionnaires {
		q, err := s.Questionnaire(ctx, k)
		if err != nil {
			return nil, err
		}
		if q.Scored() {
			o.Questionnaires = append(o.Questionnaires, q)
		}
	}
	for _, r := range panel.Raters {
		o.Status[r.ID] = map[string]ResponseStatus{}
		for _, q := range o.Questionnaires {
			rr, err := s.store.GetRaterResponse(ctx, RaterResponseID(RaterRef{Campaign: campaign, Association: association, ID: r.ID}, q.ID))
			switch {
			case IsNotFound(err):
			case err != nil:
				return nil, fmt.Errorf("rater response: %w", err)
			default:
				o.Status[r.ID][q.ID] = rr.Status
			}
		}
	}
	return o, nil
}

// StartConsensus writes the consensus pre-filled from the raters into the
// association's draft of a questionnaire: every compared item that has a
// pre-filled answer and that the draft leaves unanswered (the
// association itself and administrators; from two submitted raters).
func (s *Service) StartConsensus(ctx context.Context, p Principal, campaign, association, qid string) (*Response, error) {
	d, err := s.Divergence(ctx, p, campaign, association, qid)
	if err != nil {
		return nil, err
	}
	if d.Submitted < 2 {
		return nil, invalid("raters", "the consensus is pre-filled once two raters have submitted; %d so far", d.Submitted)
	}
	ref := ResponseRef{Campaign: campaign, Association: association, Questionnaire: qid}
	cur, err := s.GetResponse(ctx, p, ref)
	if err != nil {
		return nil, err
	}
	answers := cur.Answers.Clone()
	for id, v := range d.Prefill {
		if _, ok := answers[id]; !ok {
			answers[id] = v
		}
	}
	return s.SaveDraft(ctx, p, DraftInput{ResponseRef: ref, Revision: cur.Revision, Answers: d.Definition.PruneIrrelevant(answers)})
}
