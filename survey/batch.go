package survey

import (
	"context"
	"errors"
	"fmt"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
)

// BatchItem is one submission of a bulk ingest.
type BatchItem struct {
	Association   string
	Questionnaire string
	// Key is the submission's idempotency key (8-200 characters).
	Key     string
	Answers questionnaires.Answers
}

// BatchResult is the outcome of one BatchItem.
type BatchResult struct {
	Response *Response
	// Err is nil on success (also for an idempotent repeat), else a
	// ValidationError, ErrNotFound (unknown association or
	// questionnaire) or ErrClosed/ErrConflict (already submitted otherwise).
	Err error
}

// MaxBatch bounds one SubmitBatch call.
const MaxBatch = 5000

// SubmitBatch submits many new responses at once (administrators: bulk
// imports, the benchmark harness). Each item is validated and scored
// exactly like Submit; the valid ones are written together with one bulk
// insert, and the campaign's generation is bumped and one audit event
// recorded for the batch. A response that exists already is an idempotent
// repeat when its key and answers match, else an error for that item;
// existing drafts are not overwritten (use Submit for them). The error
// return is for failures of the whole batch.
func (s *Service) SubmitBatch(ctx context.Context, p Principal, campaign string, items []BatchItem) ([]BatchResult, error) {
	if err := requireRole(p, RoleAdmin); err != nil {
		return nil, err
	}
	if len(items) > MaxBatch {
		return nil, invalid("items", "at most %d items per batch", MaxBatch)
	}
	c, err := s.store.GetCampaign(ctx, campaign)
	if err != nil {
		return nil, fmt.Errorf("campaign %s: %w", campaign, err)
	}
	if st := c.Status(s.Now()); st != CampaignOpen {
		return nil, fmt.Errorf("campaign %s is %s: %w", c.ID, st, ErrClosed)
	}
	results := make([]BatchResult, len(items))
	assocs := map[string]*Association{}
	defs := map[string]*questionnaires.Questionnaire{}
	now := s.Now()
	var pending []*Response
	var pendingIdx []int
	for i, it := range items {
		q, ok := defs[it.Questionnaire]
		if !ok {
			q, err = s.campaignQuestionnaire(ctx, c, it.Questionnaire)
			if err != nil && !IsNotFound(err) {
				return nil, err
			}
			defs[it.Questionnaire] = q
		}
		if q == nil {
			results[i].Err = fmt.Errorf("questionnaire %s is not part of campaign %s: %w", it.Questionnaire, c.ID, ErrNotFound)
			continue
		}
		a, ok := assocs[it.Association]
		if !ok {
			a, err = s.store.GetAssociation(ctx, it.Association)
			if err != nil && !IsNotFound(err) {
				return nil, fmt.Errorf("association %s: %w", it.Association, err)
			}
			assocs[it.Association] = a
		}
		if a == nil {
			results[i].Err = fmt.Errorf("association %s: %w", it.Association, ErrNotFound)
			continue
		}
		if len(it.Key) < 8 || len(it.Key) > 200 {
			results[i].Err = invalid("key", "must be 8 to 200 characters")
			continue
		}
		if fe := q.Validate(it.Answers, questionnaires.Submit, ""); fe != nil {
			results[i].Err = &ValidationError{Message: "the questionnaire cannot be submitted", Fields: fe}
			continue
		}
		hash, err := AnswersHash(it.Answers)
		if err != nil {
			results[i].Err = err
			continue
		}
		if q.Area == questionnaires.AreaProfile {
			updated := *a
			profileFields(&updated, it.Answers)
			if updated.normalise() == nil {
				updated.UpdatedAt = now
				if err := s.store.ReplaceAssociation(ctx, &updated); err != nil {
					return nil, fmt.Errorf("update profile of %s: %w", a.ID, err)
				}
				assocs[a.ID] = &updated
				a = &updated
			}
		}
		peer := a.Peer()
		at := now
		id := ResponseID(c.ID, a.ID, q.ID)
		pending = append(pending, &Response{ID: id, Campaign: c.ID, Association: a.ID, Questionnaire: q.ID, Version: q.Version,
			Status: StatusSubmitted, Revision: 1, Answers: it.Answers.Clone(), CreatedAt: now, UpdatedAt: now,
			SubmittedAt: &at, SubmittedBy: p.Token, IdempotencyKey: it.Key, BodyHash: hash,
			Scores: CompactScores(scoring.Score(q, it.Answers)), Peer: &peer})
		pendingIdx = append(pendingIdx, i)
	}
	written := 0
	if len(pending) > 0 {
		errs, err := s.store.InsertResponses(ctx, pending)
		if err != nil {
			return nil, fmt.Errorf("insert responses: %w", err)
		}
		for j, r := range pending {
			i := pendingIdx[j]
			switch {
			case errs[j] == nil:
				results[i].Response = r
				written++
			case errors.Is(errs[j], ErrConflict):
				results[i].Response, results[i].Err = s.existing(ctx, r)
			default:
				results[i].Err = errs[j]
			}
		}
	}
	if written > 0 {
		s.resultsChanged(ctx, c.ID)
		s.audit(ctx, p, ActionSubmit, c.ID, fmt.Sprintf("batch: %d of %d responses submitted", written, len(items)))
		if s.hooks.Submitted != nil {
			for _, r := range pending {
				s.hooks.Submitted(c.ID, r.Questionnaire)
			}
		}
	}
	return results, nil
}

// existing decides what an insert conflict means for a batch item: an
// idempotent repeat (same key and answers) or a response already there.
func (s *Service) existing(ctx context.Context, want *Response) (*Response, error) {
	cur, err := s.store.GetResponse(ctx, want.ID)
	if err != nil {
		return nil, fmt.Errorf("get response %s: %w", want.ID, err)
	}
	switch {
	case cur.Status == StatusSubmitted && cur.IdempotencyKey == want.IdempotencyKey && cur.BodyHash == want.BodyHash:
		return cur, nil
	case cur.Status == StatusSubmitted:
		return nil, fmt.Errorf("response %s is already submitted: %w", want.ID, ErrClosed)
	}
	return nil, fmt.Errorf("response %s has a draft; submit it with Submit: %w", want.ID, ErrConflict)
}
