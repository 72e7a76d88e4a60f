package survey

import (
	"context"
	"fmt"

	"github.com/assocbench/assocbench/questionnaires"
)

// StreamSubmitted calls fn for each submitted response of a campaign's
// questionnaire, in no particular order, without loading them all (administrators:
// raw answers of every association).
func (s *Service) StreamSubmitted(ctx context.Context, p Principal, campaign, questionnaire string, fn func(*Response) error) error {
	if err := requireRole(p, RoleAdmin); err != nil {
		return err
	}
	c, err := s.store.GetCampaign(ctx, campaign)
	if err != nil {
		return fmt.Errorf("campaign %s: %w", campaign, err)
	}
	if questionnaire != "" {
		if _, err := s.campaignQuestionnaire(ctx, c, questionnaire); err != nil {
			return err
		}
	}
	return s.store.StreamResponses(ctx, ResponseFilter{Campaign: c.ID, Questionnaire: questionnaire, Status: StatusSubmitted}, fn)
}

// ImportDraft stores answers read from an offline fill-in workbook as the
// response's draft, replacing the draft's answers (the association itself
// or administrators). It is a draft save at the current revision, audited.
func (s *Service) ImportDraft(ctx context.Context, p Principal, ref ResponseRef, answers questionnaires.Answers, lang string) (*Response, error) {
	cur, err := s.GetResponse(ctx, p, ref)
	if err != nil {
		return nil, err
	}
	r, err := s.SaveDraft(ctx, p, DraftInput{ResponseRef: ref, Revision: cur.Revision, Answers: answers, Lang: lang})
	if err != nil {
		return nil, err
	}
	s.audit(ctx, p, ActionImport, ref.ID(), fmt.Sprintf("%d answers", len(answers)))
	return r, nil
}
