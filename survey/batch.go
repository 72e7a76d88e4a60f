package survey

import (
	"context"
	"errors"
	"fmt"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
)

// BatchItem is one submission of a bulk ingest. SubmitBatch keeps its
// Answers (in the returned responses) without copying them: the caller
// must not change them afterwards.
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

// batchChunk is how many responses SubmitBatch writes with one insert.
const batchChunk = 250

// SubmitBatch submits many new responses at once (administrators: bulk
// imports, the benchmark harness). Each item is validated and scored
// exactly like Submit; the valid ones are written together with one bulk
// insert, under one generation of the campaign, and one audit event is
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
	assocs, err := s.batchAssociations(ctx, items)
	if err != nil {
		return nil, err
	}
	defs := map[string]*questionnaires.Questionnaire{}
	for _, it := range items {
		if _, ok := defs[it.Questionnaire]; ok {
			continue
		}
		q, err := s.campaignQuestionnaire(ctx, c, it.Questionnaire)
		if err != nil && !IsNotFound(err) {
			return nil, err
		}
		defs[it.Questionnaire] = q // nil: not part of the campaign
	}
	gen, err := s.nextGeneration(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	// Validated and scored responses go to the store in chunks, written by
	// another goroutine while the next chunk is prepared: our CPU work
	// overlaps the database's.
	type chunk struct {
		rs  []*Response
		idx []int
	}
	type inserted struct {
		chunk
		errs []error
		err  error
	}
	toInsert := make(chan chunk, 1)
	insertedCh := make(chan inserted, len(items)/batchChunk+2)
	go func() {
		defer close(insertedCh)
		for ch := range toInsert {
			errs, err := s.store.InsertResponses(ctx, ch.rs)
			if err == nil { // the chunk's result records, while the next chunk is prepared
				var stored []*Response
				for j, r := range ch.rs {
					if errs[j] == nil {
						stored = append(stored, r)
					}
				}
				if len(stored) > 0 {
					s.writeResults(ctx, c.ID, stored...)
				}
			}
			insertedCh <- inserted{chunk: ch, errs: errs, err: err}
		}
	}()
	var pending []*Response
	var pendingIdx []int
	flush := func() {
		if len(pending) > 0 {
			toInsert <- chunk{rs: pending, idx: pendingIdx}
			pending, pendingIdx = nil, nil
		}
	}
	for i, it := range items {
		q := defs[it.Questionnaire]
		if q == nil {
			results[i].Err = fmt.Errorf("questionnaire %s is not part of campaign %s: %w", it.Questionnaire, c.ID, ErrNotFound)
			continue
		}
		a := assocs[it.Association]
		if a == nil {
			results[i].Err = fmt.Errorf("association %s: %w", it.Association, ErrNotFound)
			continue
		}
		if len(it.Key) < 8 || len(it.Key) > 200 {
			results[i].Err = invalid("key", "must be 8 to 200 characters")
			continue
		}
		fe, ev := q.ValidateEvaluate(it.Answers, "")
		if fe != nil {
			results[i].Err = &ValidationError{Message: "the questionnaire cannot be submitted", Fields: fe}
			continue
		}
		hash, _ := AnswersHash(it.Answers)
		if q.Area == questionnaires.AreaProfile {
			if updated, ok := withProfile(a, it.Answers); ok {
				a = updated // recorded as peer attributes; written to the record once stored
			}
		}
		peer := a.Peer()
		at := now
		id := ResponseID(c.ID, a.ID, q.ID)
		pending = append(pending, &Response{ID: id, Campaign: c.ID, Association: a.ID, Questionnaire: q.ID, Version: q.Version,
			Status: StatusSubmitted, Revision: 1, Answers: it.Answers, CreatedAt: now, UpdatedAt: now,
			SubmittedAt: &at, SubmittedBy: p.Token, IdempotencyKey: it.Key, BodyHash: hash,
			Scores: scoredCompact(scoring.ScoreEvaluated(q, it.Answers, ev)), Peer: &peer, Generation: gen})
		pendingIdx = append(pendingIdx, i)
		if len(pending) == batchChunk {
			flush()
		}
	}
	flush()
	close(toInsert)
	written := 0
	var insertErr error
	var submitted []*Response
	for done := range insertedCh {
		if done.err != nil {
			if insertErr == nil {
				insertErr = fmt.Errorf("insert responses: %w", done.err)
			}
			continue
		}
		for j, r := range done.rs {
			i := done.idx[j]
			switch {
			case done.errs[j] == nil:
				results[i].Response = r
				submitted = append(submitted, r)
				written++
				if defs[r.Questionnaire].Area == questionnaires.AreaProfile {
					s.applyProfile(ctx, r.Association, r.Answers)
				}
			case errors.Is(done.errs[j], ErrConflict):
				results[i].Response, results[i].Err = s.existing(ctx, r)
			default:
				results[i].Err = done.errs[j]
			}
		}
	}
	s.applyResults(ctx, c.ID, gen, submitted...) // their records are written
	if insertErr != nil {
		return nil, insertErr
	}
	if written > 0 {
		s.audit(ctx, p, ActionSubmit, c.ID, fmt.Sprintf("batch: %d of %d responses submitted", written, len(items)))
		if s.hooks.Submitted != nil {
			for _, r := range submitted {
				s.hooks.Submitted(c.ID, r.Questionnaire)
			}
		}
	}
	return results, nil
}

// batchAssociations reads the associations a batch names.
func (s *Service) batchAssociations(ctx context.Context, items []BatchItem) (map[string]*Association, error) {
	seen := map[string]bool{}
	var ids []string
	for _, it := range items {
		if !seen[it.Association] {
			seen[it.Association] = true
			ids = append(ids, it.Association)
		}
	}
	out, err := s.associations(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("read associations: %w", err)
	}
	return out, nil
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
