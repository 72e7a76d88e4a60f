package survey

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/assocbench/assocbench/questionnaires"
)

// Raters: several named people of one association rate it independently
// in a campaign, each from their own invitation link (a token of role
// rater, scoped to the association, the campaign and the rater), before
// the association's coordinator writes the consensus — the association's
// ordinary response, the only one scored, benchmarked and published. The
// raters' responses live in their own collection, which the results model
// never reads. Who sees what:
//
//   - a rater reads and writes only its own responses; after submitting a
//     questionnaire it reads the divergence of that questionnaire (without
//     the other raters' names) and the consensus, read-only;
//   - the coordinator (the association's token) and administrators invite
//     raters, read every rater's answers and the divergence;
//   - analysts and other associations never see any of it (404 or 403).

// MaxRaters bounds the raters of one association in one campaign.
const MaxRaters = 20

// Audit actions of the raters.
const (
	ActionRaterInvite = "rater.invite"
	ActionRaterSubmit = "rater.submit"
)

// RaterRule is a campaign's rule for raters.
type RaterRule struct {
	// Min is how many raters must have submitted a questionnaire before
	// an association that invited raters submits its consensus
	// (administrators are not held to it); 0: no minimum.
	Min int `json:"min"`
}

// MinOf returns the rule's minimum, 0 for no rule.
func (r *RaterRule) MinOf() int {
	if r == nil {
		return 0
	}
	return r.Min
}

// RatersMin returns the rule of a minimum, nil for 0.
func RatersMin(n int) *RaterRule {
	if n <= 0 {
		return nil
	}
	return &RaterRule{Min: n}
}

// RaterRef names one rater: the scope of a rater token.
type RaterRef struct {
	Campaign    string `json:"campaign"`
	Association string `json:"association"`
	ID          string `json:"id"`
}

// PanelID is the storage id of the rater's panel (campaign/association).
func (r RaterRef) PanelID() string { return RaterPanelID(r.Campaign, r.Association) }

// RaterPanelID is the storage id of an association's raters in a campaign.
func RaterPanelID(campaign, association string) string { return campaign + "/" + association }

// RaterResponseID is the storage id of a rater's response:
// campaign/association/questionnaire/rater.
func RaterResponseID(r RaterRef, questionnaire string) string {
	return ResponseID(r.Campaign, r.Association, questionnaire) + "/" + r.ID
}

// Rater is one named person rating an association.
type Rater struct {
	// ID is "r1", "r2", ... in the order of invitation.
	ID   string `json:"id"`
	Name string `json:"name"`
	// Token is the prefix of the rater's token (to revoke it).
	Token     string    `json:"token"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by,omitempty"`
}

// RaterPanel is the raters of an association in a campaign.
type RaterPanel struct {
	ID          string    `json:"-"`
	Campaign    string    `json:"campaign"`
	Association string    `json:"association"`
	Raters      []Rater   `json:"raters"`
	Revision    int64     `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Rater returns the panel's rater with an id, nil when absent.
func (p *RaterPanel) Rater(id string) *Rater {
	for i := range p.Raters {
		if p.Raters[i].ID == id {
			return &p.Raters[i]
		}
	}
	return nil
}

// Invitation is a rater just invited, with its raw token (shown once).
type Invitation struct {
	Rater Rater  `json:"rater"`
	Token string `json:"token"`
}

// InviteRater names a rater of an association in a campaign and issues
// its token (the association itself and administrators). The raw token is
// returned once.
func (s *Service) InviteRater(ctx context.Context, p Principal, campaign, association, name string) (*Invitation, error) {
	if err := canTouchResponse(p, association); err != nil {
		return nil, err
	}
	c, err := s.store.GetCampaign(ctx, campaign)
	if err != nil {
		return nil, fmt.Errorf("campaign %s: %w", campaign, err)
	}
	if _, err := s.association(ctx, association); err != nil {
		return nil, fmt.Errorf("association %s: %w", association, err)
	}
	name = strings.TrimSpace(name)
	if m := validText(name, 100); m != "" || name == "" {
		return nil, invalid("name", "must be a name of 1 to 100 characters")
	}
	if c.Status(s.Now()) == CampaignClosed {
		return nil, fmt.Errorf("campaign %s is closed: %w", campaign, ErrClosed)
	}
	id := RaterPanelID(campaign, association)
	unlock := s.locks.lock("raters/" + id)
	defer unlock()
	panel, err := s.store.GetRaterPanel(ctx, id)
	now := s.Now()
	switch {
	case IsNotFound(err):
		panel = &RaterPanel{ID: id, Campaign: campaign, Association: association, CreatedAt: now}
	case err != nil:
		return nil, fmt.Errorf("raters of %s: %w", id, err)
	}
	if len(panel.Raters) >= MaxRaters {
		return nil, invalid("name", "an association has at most %d raters in a campaign", MaxRaters)
	}
	ref := RaterRef{Campaign: campaign, Association: association, ID: fmt.Sprintf("r%d", len(panel.Raters)+1)}
	raw := newRawToken()
	t := &Token{Hash: HashToken(raw), Role: RoleRater, Association: association, Rater: &ref, Label: "rater " + ref.ID + " of " + campaign,
		CreatedAt: now, CreatedBy: p.Token, ExpiresAt: now.Add(s.tokenTTL)}
	if err := s.store.InsertToken(ctx, t); err != nil {
		return nil, fmt.Errorf("store rater token: %w", err)
	}
	r := Rater{ID: ref.ID, Name: name, Token: t.Prefix(), CreatedAt: now, CreatedBy: p.Token}
	expected := panel.Revision
	next := *panel
	next.Raters = append(append([]Rater{}, panel.Raters...), r)
	next.Revision, next.UpdatedAt = expected+1, now
	if expected == 0 {
		err = s.store.InsertRaterPanel(ctx, &next)
	} else {
		err = s.store.ReplaceRaterPanel(ctx, &next, expected)
	}
	if err != nil {
		_ = s.store.RevokeToken(context.WithoutCancel(ctx), t.Hash, now) // an unlisted rater must not sign in
		return nil, fmt.Errorf("store raters of %s: %w", id, err)
	}
	s.audit(ctx, p, ActionRaterInvite, id, ref.ID+" "+t.Prefix())
	return &Invitation{Rater: r, Token: raw}, nil
}

// Raters returns an association's raters in a campaign, an empty panel
// when it has none (the association itself and administrators).
func (s *Service) Raters(ctx context.Context, p Principal, campaign, association string) (*RaterPanel, error) {
	if err := canTouchResponse(p, association); err != nil {
		return nil, err
	}
	if _, err := s.store.GetCampaign(ctx, campaign); err != nil {
		return nil, fmt.Errorf("campaign %s: %w", campaign, err)
	}
	return s.panel(ctx, campaign, association)
}

// panel reads a panel, an empty one when none is stored.
func (s *Service) panel(ctx context.Context, campaign, association string) (*RaterPanel, error) {
	id := RaterPanelID(campaign, association)
	panel, err := s.store.GetRaterPanel(ctx, id)
	switch {
	case IsNotFound(err):
		return &RaterPanel{ID: id, Campaign: campaign, Association: association, Raters: []Rater{}}, nil
	case err != nil:
		return nil, fmt.Errorf("raters of %s: %w", id, err)
	}
	return panel, nil
}

// isRater reports whether p is the rater ref.
func isRater(p Principal, ref RaterRef) bool { return p.Role == RoleRater && p.Rater == ref }

// locateRater checks access to a rater's response and returns the
// campaign and the questionnaire. The rater itself reads and writes; the
// association and administrators read (write false). Only scored
// questionnaires of the campaign have rater responses, and only listed
// raters.
func (s *Service) locateRater(ctx context.Context, p Principal, ref RaterRef, qid string, write bool) (*Campaign, *questionnaires.Questionnaire, error) {
	switch {
	case isRater(p, ref):
	case write:
		return nil, nil, fmt.Errorf("rater response: %w", ErrNotFound)
	default:
		if err := canTouchResponse(p, ref.Association); err != nil {
			return nil, nil, err
		}
	}
	c, err := s.store.GetCampaign(ctx, ref.Campaign)
	if err != nil {
		return nil, nil, fmt.Errorf("campaign %s: %w", ref.Campaign, err)
	}
	q, err := s.campaignQuestionnaire(ctx, c, qid)
	if err != nil {
		return nil, nil, err
	}
	if !q.Scored() {
		return nil, nil, fmt.Errorf("raters rate scored questionnaires, not %s: %w", qid, ErrNotFound)
	}
	panel, err := s.panel(ctx, ref.Campaign, ref.Association)
	if err != nil {
		return nil, nil, err
	}
	if panel.Rater(ref.ID) == nil {
		return nil, nil, fmt.Errorf("rater %s of %s: %w", ref.ID, panel.ID, ErrNotFound)
	}
	return c, q, nil
}

func (s *Service) raterTable() responseTable {
	return responseTable{get: s.store.GetRaterResponse, insert: s.store.InsertRaterResponse, replace: s.store.ReplaceRaterResponse}
}

// GetRaterResponse returns a rater's response to a questionnaire, or a
// fresh unsaved draft (revision 0).
func (s *Service) GetRaterResponse(ctx context.Context, p Principal, ref RaterRef, qid string) (*Response, error) {
	c, q, err := s.locateRater(ctx, p, ref, qid, false)
	if err != nil {
		return nil, err
	}
	id := RaterResponseID(ref, q.ID)
	r, err := s.store.GetRaterResponse(ctx, id)
	switch {
	case IsNotFound(err):
		return &Response{ID: id, Campaign: c.ID, Association: ref.Association, Questionnaire: q.ID, Version: q.Version,
			Status: StatusDraft, Answers: questionnaires.Answers{}}, nil
	case err != nil:
		return nil, fmt.Errorf("get rater response %s: %w", id, err)
	}
	if p.Role == RoleAdmin && p != System {
		s.audit(ctx, p, ActionReadAnswers, id, "")
	}
	return r, nil
}

// SaveRaterDraft saves a rater's draft (the rater itself), as SaveDraft
// saves an association's; in.Association and in.Campaign name the rater's
// association and campaign.
func (s *Service) SaveRaterDraft(ctx context.Context, p Principal, rater string, in DraftInput) (*Response, error) {
	ref := RaterRef{Campaign: in.Campaign, Association: in.Association, ID: rater}
	c, q, err := s.locateRater(ctx, p, ref, in.Questionnaire, true)
	if err != nil {
		return nil, err
	}
	if err := s.checkDraft(c, q, in); err != nil {
		return nil, err
	}
	return s.writeDraft(ctx, s.raterTable(), c, q, RaterResponseID(ref, q.ID), in)
}

// SubmitRater submits a rater's response (the rater itself): fully
// validated, not scored, idempotent as Submit is.
func (s *Service) SubmitRater(ctx context.Context, p Principal, rater string, in SubmitInput) (*Response, error) {
	if len(in.Key) < 8 || len(in.Key) > 200 {
		return nil, invalid("Idempotency-Key", "must be 8 to 200 characters")
	}
	ref := RaterRef{Campaign: in.Campaign, Association: in.Association, ID: rater}
	c, q, err := s.locateRater(ctx, p, ref, in.Questionnaire, true)
	if err != nil {
		return nil, err
	}
	id := RaterResponseID(ref, q.ID)
	unlock := s.locks.lock(id)
	defer unlock()
	cur, err := s.store.GetRaterResponse(ctx, id)
	if err != nil && !IsNotFound(err) {
		return nil, fmt.Errorf("get rater response %s: %w", id, err)
	}
	if cur == nil && in.Answers == nil {
		return nil, invalid("answers", "nothing to submit: no draft saved and no answers given")
	}
	answers := in.Answers
	if answers == nil {
		answers = cur.Answers
	}
	hash := answers.Digest()
	if cur != nil && cur.Status == StatusSubmitted {
		switch {
		case cur.IdempotencyKey == in.Key && cur.BodyHash == hash:
			return cur, nil
		case cur.IdempotencyKey == in.Key:
			return nil, fmt.Errorf("idempotency key of %s was used with other answers: %w", id, ErrConflict)
		}
		return nil, fmt.Errorf("rater response %s is already submitted: %w", id, ErrClosed)
	}
	if st := c.Status(s.Now()); st != CampaignOpen {
		return nil, fmt.Errorf("campaign %s is %s: %w", c.ID, st, ErrClosed)
	}
	if fe := q.Validate(answers, questionnaires.Submit, in.Lang); fe != nil {
		return nil, &ValidationError{Message: "the questionnaire cannot be submitted yet", Fields: fe}
	}
	now := s.Now()
	r := &Response{ID: id, Campaign: c.ID, Association: ref.Association, Questionnaire: q.ID, Version: q.Version,
		Status: StatusSubmitted, Revision: 1, Answers: answers.Clone(), CreatedAt: now, UpdatedAt: now,
		SubmittedAt: &now, SubmittedBy: p.Token, IdempotencyKey: in.Key, BodyHash: hash}
	if cur == nil {
		err = s.store.InsertRaterResponse(ctx, r)
	} else {
		r.Revision, r.CreatedAt, r.Position = cur.Revision+1, cur.CreatedAt, cur.Position
		err = s.store.ReplaceRaterResponse(ctx, r, cur.Revision)
	}
	if err != nil {
		if errors.Is(err, ErrConflict) {
			err = ErrStaleRevision
		}
		return nil, fmt.Errorf("submit rater response %s: %w", id, err)
	}
	s.audit(ctx, p, ActionRaterSubmit, id, fmt.Sprintf("revision %d", r.Revision))
	return r, nil
}

// raterSubmitted reports whether the rater has submitted a questionnaire.
func (s *Service) raterSubmitted(ctx context.Context, ref RaterRef, qid string) (bool, error) {
	r, err := s.store.GetRaterResponse(ctx, RaterResponseID(ref, qid))
	switch {
	case IsNotFound(err):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("get rater response: %w", err)
	}
	return r.Status == StatusSubmitted, nil
}

// consensusForRater returns the association's response (the consensus)
// to a rater who has submitted that questionnaire, read-only; to anyone
// else, and before, ErrNotFound.
func (s *Service) consensusForRater(ctx context.Context, p Principal, ref ResponseRef) (*Response, error) {
	rater := p.Rater
	if p.Role != RoleRater || rater.Campaign != ref.Campaign || rater.Association != ref.Association {
		return nil, fmt.Errorf("response: %w", ErrNotFound)
	}
	if _, _, err := s.locateRater(ctx, p, rater, ref.Questionnaire, true); err != nil {
		return nil, err
	}
	done, err := s.raterSubmitted(ctx, rater, ref.Questionnaire)
	if err != nil {
		return nil, err
	}
	if !done {
		return nil, fmt.Errorf("the consensus shows once the rater has submitted: %w", ErrNotFound)
	}
	r, err := s.store.GetResponse(ctx, ref.ID())
	if err != nil {
		return nil, fmt.Errorf("get response %s: %w", ref.ID(), err)
	}
	return r, nil
}

// checkRaterMinimum refuses a consensus submitted before the campaign's
// minimum of raters has submitted the questionnaire, for an association
// that invited raters; administrators override it.
func (s *Service) checkRaterMinimum(ctx context.Context, p Principal, c *Campaign, q *questionnaires.Questionnaire, association string) error {
	min := c.Raters.MinOf()
	if min == 0 || p.Role == RoleAdmin || !q.Scored() {
		return nil
	}
	panel, err := s.panel(ctx, c.ID, association)
	if err != nil || len(panel.Raters) == 0 {
		return err
	}
	done := 0
	for _, r := range panel.Raters {
		ok, err := s.raterSubmitted(ctx, RaterRef{Campaign: c.ID, Association: association, ID: r.ID}, q.ID)
		if err != nil {
			return err
		}
		if ok {
			done++
		}
	}
	if done < min {
		return invalid("raters", "the consensus needs %d raters' submissions of %s; %d so far", min, q.ID, done)
	}
	return nil
}
