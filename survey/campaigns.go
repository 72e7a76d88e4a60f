package survey

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/assocbench/assocbench/questionnaires"
)

// DefaultK is the default anonymity threshold.
const DefaultK = 5

// CampaignInput describes a campaign to open.
type CampaignInput struct {
	ID    string              `json:"id"`
	Title questionnaires.Text `json:"title"`
	// Questionnaires are ids (the latest version is taken) or id@version keys.
	Questionnaires []string  `json:"questionnaires"`
	Opens          time.Time `json:"opens"`
	// Closes is the deadline instant; or give DeadlineDate (YYYY-MM-DD) with
	// AnywhereOnEarth for a deadline at the end of that day anywhere on earth.
	Closes          time.Time `json:"closes"`
	DeadlineDate    string    `json:"deadline_date"`
	AnywhereOnEarth bool      `json:"anywhere_on_earth"`
	K               int       `json:"k"`
	Previous        string    `json:"previous"`
}

// CreateCampaign opens a campaign (administrators).
func (s *Service) CreateCampaign(ctx context.Context, p Principal, in CampaignInput) (*Campaign, error) {
	if err := requireRole(p, RoleAdmin); err != nil {
		return nil, err
	}
	fe := fieldErrors{}
	if !ValidSlug(in.ID) {
		fe.add("id", "must be 2-63 lower-case letters, digits or '-', e.g. 2026-midterm")
	}
	checkTitle(fe, in.Title)
	var keys []string
	if len(in.Questionnaires) == 0 || len(in.Questionnaires) > 20 {
		fe.add("questionnaires", "must list 1 to 20 questionnaires")
	}
	for _, ref := range in.Questionnaires {
		q, err := s.Questionnaire(ctx, ref)
		if err != nil {
			fe.add("questionnaires", "unknown questionnaire %q", truncate(ref, 80))
			continue
		}
		for _, k := range keys {
			if strings.HasPrefix(k, q.ID+"@") {
				fe.add("questionnaires", "questionnaire %s is listed twice", q.ID)
			}
		}
		keys = append(keys, q.Key())
	}
	closes := deadlineOf(fe, in)
	if in.Opens.IsZero() {
		in.Opens = s.Now()
	}
	if closes.IsZero() {
		fe.add("closes", "needs a deadline: closes (an instant) or deadline_date")
	} else if !closes.After(in.Opens) {
		fe.add("closes", "must be after opens")
	}
	if in.K == 0 {
		in.K = DefaultK
	}
	if in.K < 2 || in.K > 100 {
		fe.add("k", "must be from 2 to 100")
	}
	s.checkPrevious(ctx, fe, in.ID, in.Previous)
	if err := fe.err("invalid campaign"); err != nil {
		return nil, err
	}
	c := &Campaign{ID: in.ID, Title: in.Title, Questionnaires: keys, Opens: in.Opens.UTC().Truncate(time.Second),
		Closes: closes.UTC(), AnywhereOnEarth: in.AnywhereOnEarth, K: in.K, Previous: in.Previous, CreatedAt: s.Now(), ResultsLayout: 1}
	if err := s.store.CreateCampaign(ctx, c); err != nil {
		return nil, fmt.Errorf("create campaign %s: %w", c.ID, err)
	}
	s.audit(ctx, p, ActionCampaign, c.ID, "")
	return c, nil
}

// GetCampaign reads a campaign (any signed-in role).
func (s *Service) GetCampaign(ctx context.Context, p Principal, id string) (*Campaign, error) {
	if p.Role == "" {
		return nil, ErrUnauthenticated
	}
	c, err := s.store.GetCampaign(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("get campaign %s: %w", id, err)
	}
	return c, nil
}

// ListCampaigns lists campaigns (any signed-in role).
func (s *Service) ListCampaigns(ctx context.Context, p Principal) ([]*Campaign, error) {
	if p.Role == "" {
		return nil, ErrUnauthenticated
	}
	return s.store.ListCampaigns(ctx)
}

// CloseCampaign closes a campaign now (administrators); closing twice is fine.
func (s *Service) CloseCampaign(ctx context.Context, p Principal, id string) (*Campaign, error) {
	if err := requireRole(p, RoleAdmin); err != nil {
		return nil, err
	}
	c, err := s.store.GetCampaign(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("get campaign %s: %w", id, err)
	}
	if c.ClosedAt == nil {
		if err := s.store.CloseCampaign(ctx, id, s.Now()); err != nil {
			return nil, fmt.Errorf("close campaign %s: %w", id, err)
		}
		s.audit(ctx, p, ActionClose, id, "")
		// The closing release: what the working group keeps of the campaign.
		if _, err := s.Publish(ctx, p, id, ReleaseClosed); err != nil {
			s.log.Error("closing release not made: the schedule will retry", "campaign", id, "err", err)
		}
	}
	return s.store.GetCampaign(ctx, id)
}

// campaignQuestionnaire returns the campaign's definition of a questionnaire id.
func (s *Service) campaignQuestionnaire(ctx context.Context, c *Campaign, qid string) (*questionnaires.Questionnaire, error) {
	for _, k := range c.Questionnaires {
		if strings.HasPrefix(k, qid+"@") {
			return s.Questionnaire(ctx, k)
		}
	}
	return nil, fmt.Errorf("questionnaire %s is not part of campaign %s: %w", qid, c.ID, ErrNotFound)
}
