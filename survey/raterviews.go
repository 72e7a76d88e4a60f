package survey

import (
	"context"
	"fmt"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
)

// RaterColumn is one submitted rater in a divergence view; Name is empty
// for a rater's own view (the others stay anonymous), and Self marks the
// viewer's own column.
type RaterColumn struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	Self bool   `json:"self,omitempty"`
}

// Divergence is how the raters of an association answered one
// questionnaire: the items where they differ most first, and the
// consensus pre-filled from them.
type Divergence struct {
	Campaign      string `json:"campaign"`
	Association   string `json:"association"`
	Questionnaire string `json:"questionnaire"`
	// Invited and Submitted count the raters.
	Invited   int `json:"invited"`
	Submitted int `json:"submitted"`
	// Min is the campaign's minimum of raters (0: none).
	Min int `json:"min"`
	// Raters are the columns of Items[i].Values: the submitted raters.
	Raters []RaterColumn `json:"raters"`
	// Items compare the submitted answers, from two raters (empty before).
	Items []scoring.Spread `json:"items"`
	// Index is the consensus index (nil before two raters submitted).
	Index *float64 `json:"index,omitempty"`
	// Prefill is the consensus pre-filled from the raters (median, mode).
	Prefill questionnaires.Answers `json:"prefill"`
	// Consensus is the status of the association's own response ("" when
	// never saved).
	Consensus ResponseStatus `json:"consensus,omitempty"`
	// Definition is the questionnaire compared.
	Definition *questionnaires.Questionnaire `json:"-"`
}

// Divergence compares the submitted raters' answers to a questionnaire
// (from two raters). The association itself and administrators see the
// raters' names; a rater who has submitted the questionnaire sees the
// same view without them; anyone else gets ErrNotFound.
func (s *Service) Divergence(ctx context.Context, p Principal, campaign, association, qid string) (*Divergence, error) {
	self := ""
	if p.Role == RoleRater {
		ref := RaterRef{Campaign: campaign, Association: association, ID: p.Rater.ID}
		if !isRater(p, ref) {
			return nil, fmt.Errorf("divergence: %w", ErrNotFound)
		}
		done, err := s.raterSubmitted(ctx, ref, qid)
		if err != nil {
			return nil, err
		}
		if !done {
			return nil, fmt.Errorf("the divergence shows once the rater has submitted: %w", ErrNotFound)
		}
		self = ref.ID
	} else if err := canTouchResponse(p, association); err != nil {
		return nil, err
	}
	c, err := s.store.GetCampaign(ctx, campaign)
	if err != nil {
		return nil, fmt.Errorf("campaign %s: %w", campaign, err)
	}
	q, err := s.campaignQuestionnaire(ctx, c, qid)
	if err != nil {
		return nil, err
	}
	if !q.Scored() {
		return nil, fmt.Errorf("raters rate scored questionnaires, not %s: %w", qid, ErrNotFound)
	}
	d, err := s.divergence(ctx, c, q, association, self)
	if err != nil {
		return nil, err
	}
	if p.Role == RoleAdmin && p != System && d.Submitted > 0 {
		s.audit(ctx, p, ActionReadAnswers, RaterPanelID(campaign, association)+"/"+qid, "raters")
	}
	return d, nil
}

// divergence builds the view; self is the viewing rater ("" for the
// association and administrators, who see the names).
func (s *Service) divergence(ctx context.Context, c *Campaign, q *questionnaires.Questionnaire, association, self string) (*Divergence, error) {
	panel, err := s.panel(ctx, c.ID, association)
	if err != nil {
		return nil, err
	}
	d := &Divergence{Campaign: c.ID, Association: association, Questionnaire: q.ID, Invited: len(panel.Raters),
		Min: c.Raters.MinOf(), Raters: []RaterColumn{}, Items: []scoring.Spread{}, Prefill: questionnaires.Answers{}, Definition: q}
	var answers []questionnaires.Answers
	for _, r := range panel.Raters {
		rr, err := s.store.GetRaterResponse(ctx, RaterResponseID(RaterRef{Campaign: c.ID, Association: association, ID: r.ID}, q.ID))
		if IsNotFound(err) {
			continue
		} else if err != nil {
			return nil, fmt.Errorf("rater response: %w", err)
		}
		if rr.Status != StatusSubmitted {
			continue
		}
		col := RaterColumn{ID: r.ID, Name: r.Name, Self: r.ID == self}
		if self != "" {
			col.Name = ""
		}
		d.Raters = append(d.Raters, col)
		answers = append(answers, rr.Answers)
	}
	d.Submitted = len(answers)
	if own, err := s.store.GetResponse(ctx, ResponseID(c.ID, association, q.ID)); err == nil {
		d.Consensus = own.Status
	} else if !IsNotFound(err) {
		return nil, fmt.Errorf("get response: %w", err)
	}
	if d.Submitted < 2 {
		return d, nil
	}
	d.Items = scoring.Diverge(q, answers)
	if ix, ok := scoring.ConsensusIndex(d.Items); ok {
		d.Index = &ix
	}
	d.Prefill = scoring.ConsensusAnswers(q, d.Items)
	return d, nil
}

// RaterSummary is the raters' part of a scorecard: the consensus index
// over every compared item of the scored questionnaires, and per
// questionnaire.
type RaterSummary struct {
	Index float64 `json:"index"`
	// Items is how many items the index is over.
	Items int `json:"items"`
	// Areas are the questionnaires that two or more raters submitted.
	Areas []RaterArea `json:"areas"`
	// Divergences are the views behind it (the scorecard workbook's
	// Raters sheet).
	Divergences []*Divergence `json:"-"`
}

// RaterArea is one questionnaire's consensus index.
type RaterArea struct {
	Questionnaire string  `json:"questionnaire"`
	Raters        int     `json:"raters"`
	Index         float64 `json:"index"`
}

// raterSummary computes the scorecard's raters summary of an
// association; nil when it has no two raters of any questionnaire.
func (s *Service) raterSummary(ctx context.Context, c *Campaign, qs []*questionnaires.Questionnaire, association string) (*RaterSummary, error) {
	panel, err := s.panel(ctx, c.ID, association)
	if err != nil || len(panel.Raters) < 2 {
		return nil, err
	}
	sum := &RaterSummary{Areas: []RaterArea{}}
	var all []scoring.Spread
	for _, q := range qs {
		d, err := s.divergence(ctx, c, q, association, "")
		if err != nil {
			return nil, err
		}
		if d.Index == nil {
			continue
		}
		sum.Divergences = append(sum.Divergences, d)
		sum.Areas = append(sum.Areas, RaterArea{Questionnaire: q.ID, Raters: d.Submitted, Index: *d.Index})
		all = append(all, d.Items...)
	}
	ix, ok := scoring.ConsensusIndex(all)
	if !ok {
		return nil, nil
	}
	sum.Index = ix
	for _, sp := range all {
		if sp.Disagreement != nil {
			sum.Items++
		}
	}
	return sum, nil
}
