package survey

import (
	"context"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"time"
)

// Consent is an association's decision, per campaign, to let the working
// group (analysts) see its own scores and maturity levels — never its
// answers, nor item points that would give them away. It is off unless
// the association gives it, and the association can withdraw it.
type Consent struct {
	Campaign    string `json:"campaign"`
	Association string `json:"association"`
	// Share is the current decision.
	Share bool `json:"share"`
	// Ever is true once the association has shared in this campaign: the
	// working group may have seen its scores, so the audit of every later
	// release counts them as known.
	Ever bool      `json:"ever"`
	At   time.Time `json:"at"`
	By   string    `json:"by"`
}

// SetConsent records an association's consent for a campaign (the
// association itself, or an administrator on its behalf).
func (s *Service) SetConsent(ctx context.Context, p Principal, campaign, association string, share bool) (*Consent, error) {
	if err := canTouchResponse(p, association); err != nil {
		return nil, err
	}
	if _, err := s.store.GetCampaign(ctx, campaign); err != nil {
		return nil, fmt.Errorf("campaign %s: %w", campaign, err)
	}
	if _, err := s.association(ctx, association); err != nil {
		return nil, err
	}
	unlock := s.locks.lock("consent/" + campaign + "/" + association)
	defer unlock()
	old, err := s.store.GetConsent(ctx, campaign, association)
	switch {
	case IsNotFound(err):
		old = &Consent{}
	case err != nil:
		return nil, fmt.Errorf("consent of %s: %w", association, err)
	}
	c := &Consent{Campaign: campaign, Association: association, Share: share, Ever: old.Ever || share, At: s.Now(), By: p.Token}
	if err := s.store.PutConsent(ctx, c); err != nil {
		return nil, fmt.Errorf("store consent of %s: %w", association, err)
	}
	detail := "withdrawn"
	if share {
		detail = "given"
	}
	s.audit(ctx, p, ActionConsent, campaign+"/"+association, detail)
	s.consents.drop(campaign)
	return c, nil
}

// GetConsent returns an association's consent for a campaign (the
// association itself, administrators, analysts); never given is Share false.
func (s *Service) GetConsent(ctx context.Context, p Principal, campaign, association string) (*Consent, error) {
	if err := canSeeAssociation(p, association); err != nil {
		return nil, err
	}
	c, err := s.store.GetConsent(ctx, campaign, association)
	if IsNotFound(err) {
		return &Consent{Campaign: campaign, Association: association}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("consent of %s: %w", association, err)
	}
	return c, nil
}

// consentSets is what the rules need of a campaign's consents: who shares
// now (analysts see them) and who ever shared (the audit counts their
// scores as known).
type consentSets struct {
	now, ever map[string]bool
	read      time.Time
	key       uint64 // a hash of now: equal sets, equal keys
}

// consentTTL is how long a campaign's consent sets are kept in this
// instance: a consent changed through another instance reaches this one's
// mentoring lists within that time (a single association's scorecard and
// every release read the consent fresh).
const consentTTL = 30 * time.Second

// consentCache keeps each campaign's consent sets (dropped on every change
// made here).
type consentCache struct {
	entries cacheMap[consentSets]
}

func (c *consentCache) drop(campaign string) { c.entries.drop(campaign) }

// consentsOf returns a campaign's consent sets, read at most consentTTL ago.
func (s *Service) consentsOf(ctx context.Context, campaign string) (consentSets, error) {
	if cs, ok := s.consents.entries.get(campaign); ok && s.now().Sub(cs.read) < consentTTL {
		return cs, nil
	}
	return s.readConsents(ctx, campaign)
}

// readConsents reads a campaign's consent sets from the store.
func (s *Service) readConsents(ctx context.Context, campaign string) (consentSets, error) {
	list, err := s.store.ListConsents(ctx, campaign)
	if err != nil {
		return consentSets{}, fmt.Errorf("consents of %s: %w", campaign, err)
	}
	cs := consentSets{now: map[string]bool{}, ever: map[string]bool{}, read: s.now()}
	for _, c := range list {
		if c.Share {
			cs.now[c.Association] = true
		}
		if c.Ever || c.Share {
			cs.ever[c.Association] = true
		}
	}
	h := fnv.New64a()
	for _, id := range slices.Sorted(maps.Keys(cs.now)) {
		h.Write([]byte(id))
		h.Write([]byte{0})
	}
	cs.key = h.Sum64()
	s.consents.entries.put(campaign, cs)
	return cs, nil
}

// analystMaySee allows an analyst to see one association's scores and
// levels in a campaign only when it shares them now; administrators and
// the association itself always.
func (s *Service) analystMaySee(ctx context.Context, p Principal, campaign, association string) error {
	if err := canSeeAssociation(p, association); err != nil {
		return err
	}
	if p.Role != RoleAnalyst {
		return nil
	}
	c, err := s.store.GetConsent(ctx, campaign, association)
	if err != nil && !IsNotFound(err) {
		return fmt.Errorf("consent of %s: %w", association, err)
	}
	if c == nil || !c.Share {
		return fmt.Errorf("association %s does not share its scores with the working group in %s: %w", association, campaign, ErrForbidden)
	}
	return nil
}
