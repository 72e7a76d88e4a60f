package survey

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
)

// ResponseRef names a response.
type ResponseRef struct {
	Campaign      string
	Association   string
	Questionnaire string // id, not key: the campaign fixes the version
}

// ID is the response's storage id.
func (r ResponseRef) ID() string { return ResponseID(r.Campaign, r.Association, r.Questionnaire) }

// maxRetries bounds optimistic-concurrency retries of one submission.
const maxRetries = 5

// locate checks access and returns the campaign, the questionnaire and the
// association of a response.
func (s *Service) locate(ctx context.Context, p Principal, ref ResponseRef) (*Campaign, *questionnaires.Questionnaire, *Association, error) {
	if err := canTouchResponse(p, ref.Association); err != nil {
		return nil, nil, nil, err
	}
	c, err := s.store.GetCampaign(ctx, ref.Campaign)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("campaign %s: %w", ref.Campaign, err)
	}
	q, err := s.campaignQuestionnaire(ctx, c, ref.Questionnaire)
	if err != nil {
		return nil, nil, nil, err
	}
	a, err := s.store.GetAssociation(ctx, ref.Association)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("association %s: %w", ref.Association, err)
	}
	return c, q, a, nil
}

// GetResponse returns a response, or a fresh unsaved draft (revision 0)
// when none exists; nothing is written. A new profile draft is pre-filled
// from the association record. Administrators and the association itself only.
func (s *Service) GetResponse(ctx context.Context, p Principal, ref ResponseRef) (*Response, error) {
	if p.Role == RoleRater {
		return s.consensusForRater(ctx, p, ref)
	}
	c, q, a, err := s.locate(ctx, p, ref)
	if err != nil {
		return nil, err
	}
	r, err := s.store.GetResponse(ctx, ref.ID())
	if err == nil {
		if p.Role == RoleAdmin && p != System {
			s.audit(ctx, p, ActionReadAnswers, ref.ID(), "")
		}
		return r, nil
	}
	if !IsNotFound(err) {
		return nil, fmt.Errorf("get response %s: %w", ref.ID(), err)
	}
	r = &Response{ID: ref.ID(), Campaign: c.ID, Association: a.ID, Questionnaire: q.ID, Version: q.Version,
		Status: StatusDraft, Answers: questionnaires.Answers{}}
	if q.Area == questionnaires.AreaProfile {
		r.Answers = q.PruneIrrelevant(validOnly(q, ProfileAnswers(a)))
	}
	return r, nil
}

// validOnly drops answers that would not pass a draft check.
func validOnly(q *questionnaires.Questionnaire, a questionnaires.Answers) questionnaires.Answers {
	fe := q.Validate(a, questionnaires.Draft, "")
	for id := range fe {
		delete(a, id)
	}
	return a
}

// DraftInput is a draft save.
type DraftInput struct {
	ResponseRef
	// Revision is the revision the client read (0 for a response never saved).
	Revision int64
	Answers  questionnaires.Answers
	// Position is the section the respondent is on ("" to keep the stored one).
	Position string
	// Lang is the language of validation messages.
	Lang string
}

// SaveDraft replaces a draft's answers. A revision other than the stored
// one is ErrConflict; a submitted response or a campaign that is not open
// is ErrClosed; answers of the wrong type are a ValidationError.
func (s *Service) SaveDraft(ctx context.Context, p Principal, in DraftInput) (*Response, error) {
	c, q, _, err := s.locate(ctx, p, in.ResponseRef)
	if err != nil {
		return nil, err
	}
	if err := s.checkDraft(c, q, in); err != nil {
		return nil, err
	}
	return s.writeDraft(ctx, s.responseTable(), c, q, in.ID(), in)
}

// checkDraft checks a draft save: an open campaign, answers of the right
// types, a known position.
func (s *Service) checkDraft(c *Campaign, q *questionnaires.Questionnaire, in DraftInput) error {
	if st := c.Status(s.Now()); st != CampaignOpen {
		return fmt.Errorf("campaign %s is %s: %w", c.ID, st, ErrClosed)
	}
	if fe := q.Validate(in.Answers, questionnaires.Draft, in.Lang); fe != nil {
		return &ValidationError{Message: "some answers are not valid", Fields: fe}
	}
	if in.Position != "" && q.Section(in.Position) == nil {
		return invalid("position", "unknown section %q", truncate(in.Position, 64))
	}
	return nil
}

// responseTable is where responses of one kind are stored: the
// associations' own (responses) or the raters' (rater_responses).
type responseTable struct {
	get     func(context.Context, string) (*Response, error)
	insert  func(context.Context, *Response) error
	replace func(context.Context, *Response, int64) error
}

func (s *Service) responseTable() responseTable {
	return responseTable{get: s.store.GetResponse, insert: s.store.InsertResponse, replace: s.store.ReplaceResponse}
}

// writeDraft stores a validated draft save of the response id in t,
// checking its revision.
func (s *Service) writeDraft(ctx context.Context, t responseTable, c *Campaign, q *questionnaires.Questionnaire, id string, in DraftInput) (*Response, error) {
	unlock := s.locks.lock(id)
	defer unlock()
	now := s.Now()
	cur, err := t.get(ctx, id)
	switch {
	case IsNotFound(err):
		if in.Revision != 0 {
			return nil, fmt.Errorf("response %s was never saved, revision %d: %w", id, in.Revision, ErrStaleRevision)
		}
		r := &Response{ID: id, Campaign: c.ID, Association: in.Association, Questionnaire: q.ID, Version: q.Version,
			Status: StatusDraft, Revision: 1, Answers: in.Answers.Clone(), Position: in.Position, CreatedAt: now, UpdatedAt: now}
		if err := t.insert(ctx, r); err != nil {
			if errors.Is(err, ErrConflict) {
				err = ErrStaleRevision // another process saved first
			}
			return nil, fmt.Errorf("save draft %s: %w", id, err)
		}
		return r, nil
	case err != nil:
		return nil, fmt.Errorf("get response %s: %w", id, err)
	}
	if cur.Status == StatusSubmitted {
		return nil, fmt.Errorf("response %s is submitted and read-only: %w", id, ErrClosed)
	}
	if cur.Revision != in.Revision {
		return nil, fmt.Errorf("response %s is at revision %d, not %d: %w", id, cur.Revision, in.Revision, ErrStaleRevision)
	}
	r := *cur
	r.Revision = cur.Revision + 1
	r.Answers = in.Answers.Clone()
	if in.Position != "" {
		r.Position = in.Position
	}
	r.UpdatedAt = now
	if err := t.replace(ctx, &r, cur.Revision); err != nil {
		if errors.Is(err, ErrConflict) {
			err = ErrStaleRevision // another process saved in between
		}
		return nil, fmt.Errorf("save draft %s: %w", id, err)
	}
	return &r, nil
}

// SubmitInput is a submission.
type SubmitInput struct {
	ResponseRef
	// Key is the client's idempotency key (8-200 characters).
	Key string
	// Answers to submit; nil submits the stored draft.
	Answers questionnaires.Answers
	Lang    string
}

// AnswersHash is the hash that identifies submitted answers (see
// questionnaires.Answers.Digest).
func AnswersHash(a questionnaires.Answers) (string, error) { return a.Digest(), nil }

// Submit validates fully, scores and stores a response as submitted,
// with the association's peer attributes of this moment. The same key
// with the same answers returns the stored result (also after the
// campaign closed); the same key with other answers is ErrConflict; a
// response submitted under another key is ErrClosed.
func (s *Service) Submit(ctx context.Context, p Principal, in SubmitInput) (*Response, error) {
	if len(in.Key) < 8 || len(in.Key) > 200 {
		return nil, invalid("Idempotency-Key", "must be 8 to 200 characters")
	}
	c, q, _, err := s.locate(ctx, p, in.ResponseRef)
	if err != nil {
		return nil, err
	}
	id := in.ID()
	unlock := s.locks.lock(id)
	defer unlock()
	for attempt := 0; ; attempt++ {
		r, err := s.submitOnce(ctx, p, c, q, in)
		if errors.Is(err, errRetry) && attempt < maxRetries {
			continue
		}
		if errors.Is(err, errRetry) {
			return nil, fmt.Errorf("submit %s: too much concurrent activity: %w", id, ErrConflict)
		}
		return r, err
	}
}

// errRetry means another writer changed the response between read and write.
var errRetry = errors.New("retry")

func (s *Service) submitOnce(ctx context.Context, p Principal, c *Campaign, q *questionnaires.Questionnaire, in SubmitInput) (*Response, error) {
	id := in.ID()
	cur, err := s.store.GetResponse(ctx, id)
	if err != nil && !IsNotFound(err) {
		return nil, fmt.Errorf("get response %s: %w", id, err)
	}
	if cur == nil && in.Answers == nil {
		return nil, invalid("answers", "nothing to submit: no draft saved and no answers given")
	}
	answers := in.Answers
	if answers == nil {
		answers = cur.Answers
	}
	hash, err := AnswersHash(answers)
	if err != nil {
		return nil, err
	}
	if cur != nil && cur.Status == StatusSubmitted {
		switch {
		case cur.IdempotencyKey == in.Key && cur.BodyHash == hash:
			// A replay: the first attempt may have died between writing the
			// response and recording it, so write its result record and
			// apply it again (both idempotent) and record the replay (its own
			// action: the original event may exist).
			s.committed(ctx, c.ID, cur.Generation, cur)
			s.audit(ctx, p, ActionSubmitReplay, id, fmt.Sprintf("revision %d", cur.Revision))
			return cur, nil
		case cur.IdempotencyKey == in.Key:
			return nil, fmt.Errorf("idempotency key of %s was used with other answers: %w", id, ErrConflict)
		}
		return nil, fmt.Errorf("response %s is already submitted: %w", id, ErrClosed)
	}
	if st := c.Status(s.Now()); st != CampaignOpen {
		return nil, fmt.Errorf("campaign %s is %s: %w", c.ID, st, ErrClosed)
	}
	if fe := q.Validate(answers, questionnaires.Submit, in.Lang); fe != nil {
		return nil, &ValidationError{Message: "the questionnaire cannot be submitted yet", Fields: fe}
	}
	if err := s.checkRaterMinimum(ctx, p, c, q, in.Association); err != nil {
		return nil, err
	}
	assoc, err := s.association(ctx, in.Association)
	if err != nil {
		return nil, fmt.Errorf("association %s: %w", in.Association, err)
	}
	if q.Area == questionnaires.AreaProfile {
		// the peer attributes the profile submission will record
		if updated, ok := withProfile(assoc, answers); ok {
			assoc = updated
		}
	}
	gen, err := s.nextGeneration(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	peer := assoc.Peer()
	r := &Response{ID: id, Campaign: c.ID, Association: in.Association, Questionnaire: q.ID, Version: q.Version,
		Status: StatusSubmitted, Revision: 1, Answers: answers.Clone(), CreatedAt: now, UpdatedAt: now,
		SubmittedAt: &now, SubmittedBy: p.Token, IdempotencyKey: in.Key, BodyHash: hash,
		Scores: scoredCompact(scoring.Score(q, answers)), Peer: &peer, Generation: gen}
	if cur == nil {
		err = s.store.InsertResponse(ctx, r)
	} else {
		r.Revision = cur.Revision + 1
		r.CreatedAt = cur.CreatedAt
		r.Position = cur.Position
		r.History = cur.History
		err = s.store.ReplaceResponse(ctx, r, cur.Revision)
	}
	if err != nil {
		s.committed(ctx, c.ID, gen) // the generation is spent, with nothing written
		if errors.Is(err, ErrConflict) {
			return nil, errRetry
		}
		return nil, fmt.Errorf("submit %s: %w", id, err)
	}
	s.committed(ctx, c.ID, gen, r)
	if q.Area == questionnaires.AreaProfile {
		s.applyProfile(ctx, in.Association, answers)
	}
	s.audit(ctx, p, ActionSubmit, id, fmt.Sprintf("revision %d", r.Revision))
	if s.hooks.Submitted != nil {
		s.hooks.Submitted(c.ID, q.ID)
	}
	return r, nil
}

// withProfile returns a copy of a with the profile answers applied, and
// whether they fit the record.
func withProfile(a *Association, answers questionnaires.Answers) (*Association, bool) {
	updated := cloneAssociation(a)
	profileFields(updated, answers)
	if updated.normalise() != nil {
		return nil, false
	}
	return updated, true
}

// applyProfile writes a submitted profile's answers into the association
// record, once the submission is stored: read fresh under the
// association's lock (not from the cache), so that no other change is
// overwritten. A failure is logged: the submission itself stands.
func (s *Service) applyProfile(ctx context.Context, id string, answers questionnaires.Answers) {
	ctx = context.WithoutCancel(ctx)
	unlock := s.locks.lock("association/" + id)
	defer unlock()
	a, err := s.store.GetAssociation(ctx, id)
	if err != nil {
		s.log.Error("profile not applied to the association", "association", id, "err", err)
		return
	}
	updated, ok := withProfile(a, answers)
	if !ok {
		s.log.Warn("profile answers do not fit the association record", "association", id)
		return
	}
	updated.UpdatedAt = s.Now()
	if err := s.store.ReplaceAssociation(ctx, updated); err != nil {
		s.log.Error("profile not applied to the association", "association", id, "err", err)
		return
	}
	s.assocs.put(updated)
	s.recopyPeer(ctx, updated)
}

// Reopen turns a submitted response back into a draft (administrators);
// the submission is kept in the response's history.
func (s *Service) Reopen(ctx context.Context, p Principal, ref ResponseRef, reason string) (*Response, error) {
	if err := requireRole(p, RoleAdmin); err != nil {
		return nil, err
	}
	if reason != "" {
		if m := validText(reason, 500); m != "" {
			return nil, invalid("reason", "%s", m)
		}
	}
	c, _, _, err := s.locate(ctx, p, ref)
	if err != nil {
		return nil, err
	}
	if st := c.Status(s.Now()); st != CampaignOpen {
		return nil, fmt.Errorf("campaign %s is %s: %w", c.ID, st, ErrClosed)
	}
	id := ref.ID()
	unlock := s.locks.lock(id)
	defer unlock()
	cur, err := s.store.GetResponse(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("get response %s: %w", id, err)
	}
	if cur.Status != StatusSubmitted {
		return nil, fmt.Errorf("response %s is not submitted: %w", id, ErrConflict)
	}
	gen, err := s.nextGeneration(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	r := *cur
	r.Generation = gen
	r.History = append(slices.Clone(cur.History), Submission{Revision: cur.Revision, SubmittedAt: *cur.SubmittedAt,
		SubmittedBy: cur.SubmittedBy, Answers: cur.Answers, Scores: cur.Scores, ReopenedAt: now, ReopenedBy: p.Token, Reason: reason})
	r.Status = StatusDraft
	r.Revision = cur.Revision + 1
	r.UpdatedAt = now
	r.SubmittedAt, r.SubmittedBy, r.IdempotencyKey, r.BodyHash, r.Scores, r.Peer = nil, "", "", "", nil, nil
	if err := s.store.ReplaceResponse(ctx, &r, cur.Revision); err != nil {
		s.committed(ctx, c.ID, gen)
		return nil, fmt.Errorf("reopen %s: %w", id, err)
	}
	s.committed(ctx, c.ID, gen, &r)
	s.audit(ctx, p, ActionReopen, id, reason)
	return &r, nil
}

// Rescore recomputes the scores of every submitted response of a
// campaign (after a scoring change) and returns how many changed. It
// writes response by response, by id.
func (s *Service) Rescore(ctx context.Context, p Principal, campaign string) (int, error) {
	if err := requireRole(p, RoleAdmin); err != nil {
		return 0, err
	}
	if _, err := s.store.GetCampaign(ctx, campaign); err != nil {
		return 0, fmt.Errorf("campaign %s: %w", campaign, err)
	}
	var ids []string
	err := s.store.StreamResponses(ctx, ResponseFilter{Campaign: campaign, Status: StatusSubmitted}, func(r *Response) error {
		ids = append(ids, r.ID)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("list responses of %s: %w", campaign, err)
	}
	gen, err := s.nextGeneration(ctx, campaign)
	if err != nil {
		return 0, err
	}
	changed := 0
	var current []*Response
	defer func() {
		// also after a partial failure: what was rewritten goes into the
		// model, and every record is written again (the repair of a record
		// that a crash left behind its response)
		s.committed(ctx, campaign, gen, current...)
		s.audit(ctx, p, ActionRescore, campaign, fmt.Sprintf("%d of %d responses changed", changed, len(ids)))
	}()
	for _, id := range ids {
		r, n, err := s.rescoreOne(ctx, id, gen)
		if err != nil {
			return changed, err
		}
		if r != nil {
			current = append(current, r)
		}
		changed += n
	}
	return changed, nil
}

// rescoreOne scores a response again, rewriting it under generation gen
// when its scores changed; it returns the response as stored (nil when it
// is no longer submitted) and 1 when it changed.
func (s *Service) rescoreOne(ctx context.Context, id string, gen int64) (*Response, int, error) {
	unlock := s.locks.lock(id)
	defer unlock()
	cur, err := s.store.GetResponse(ctx, id)
	if err != nil {
		return nil, 0, fmt.Errorf("get response %s: %w", id, err)
	}
	if cur.Status != StatusSubmitted {
		return nil, 0, nil
	}
	q, err := s.Questionnaire(ctx, cur.Key())
	if err != nil {
		return nil, 0, err
	}
	scores := scoredCompact(scoring.Score(q, cur.Answers))
	if scoresEqual(scores, cur.Scores) {
		return cur, 0, nil
	}
	r := *cur
	r.Scores = scores
	r.Revision = cur.Revision + 1
	r.UpdatedAt = s.Now()
	r.Generation = gen
	if err := s.store.ReplaceResponse(ctx, &r, cur.Revision); err != nil {
		return nil, 0, fmt.Errorf("rescore %s: %w", id, err)
	}
	return &r, 1, nil
}

func scoresEqual(a, b *Scores) bool {
	if a == nil || b == nil {
		return a == b
	}
	eq := func(x, y map[string]float64) bool {
		if len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if w, ok := y[k]; !ok || w != v {
				return false
			}
		}
		return true
	}
	return a.Scored == b.Scored && a.Score == b.Score && a.Maturity == b.Maturity &&
		eq(a.Sections, b.Sections) && eq(a.Items, b.Items) && eq(a.Indicators, b.Indicators)
}

// ListResponses returns an association's responses in a campaign
// (administrators and the association itself), one per questionnaire of
// the campaign; questionnaires never started come back as unsaved drafts.
func (s *Service) ListResponses(ctx context.Context, p Principal, campaign, association string) ([]*Response, error) {
	if err := canTouchResponse(p, association); err != nil {
		return nil, err
	}
	c, err := s.store.GetCampaign(ctx, campaign)
	if err != nil {
		return nil, fmt.Errorf("campaign %s: %w", campaign, err)
	}
	var out []*Response
	for _, k := range c.Questionnaires {
		q, err := s.Questionnaire(ctx, k)
		if err != nil {
			return nil, err
		}
		r, err := s.GetResponse(ctx, p, ResponseRef{Campaign: campaign, Association: association, Questionnaire: q.ID})
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}
