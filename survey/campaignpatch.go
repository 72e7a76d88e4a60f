package survey

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/assocbench/assocbench/questionnaires"
)

// ActionCampaignUpdate records a change to a campaign's fields.
const ActionCampaignUpdate = "campaign.update"

// CampaignPatch changes a campaign's fields; nil fields stay as they
// are. The deadline is DeadlineDate (with AnywhereOnEarth) or Closes, as
// in CampaignInput; Previous "" removes the previous campaign.
type CampaignPatch struct {
	Title           *questionnaires.Text `json:"title"`
	Closes          *time.Time           `json:"closes"`
	DeadlineDate    *string              `json:"deadline_date"`
	AnywhereOnEarth *bool                `json:"anywhere_on_earth"`
	K               *int                 `json:"k"`
	Previous        *string              `json:"previous"`
	// Raters sets the campaign's rater rule; {"min": 0} removes it.
	Raters       *RaterRule `json:"raters"`
	PublicReport *bool      `json:"public_report"`
	KeyPractices *[]string  `json:"key_practices"`
}

// CampaignFields are the fields of a campaign that a patch sets (Store).
type CampaignFields struct {
	Title           questionnaires.Text
	Closes          time.Time
	AnywhereOnEarth bool
	K               int
	Previous        string
	// RatersMin is the campaign's RaterRule.Min (0: no rule).
	RatersMin    int
	PublicReport bool
	KeyPractices []string
}

// PatchCampaign changes a campaign's title, deadline, anonymity threshold,
// previous campaign, public report switch or key practices (administrators). The deadline of a closed
// campaign stays as it is (ErrClosed); a new deadline or k makes the
// cached results stale.
func (s *Service) PatchCampaign(ctx context.Context, p Principal, id string, patch CampaignPatch) (*Campaign, error) {
	if err := requireRole(p, RoleAdmin); err != nil {
		return nil, err
	}
	unlock := s.locks.lock("campaign/" + id)
	defer unlock()
	c, err := s.store.GetCampaign(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("campaign %s: %w", id, err)
	}
	f := CampaignFields{Title: c.Title, Closes: c.Closes, AnywhereOnEarth: c.AnywhereOnEarth, K: c.K, Previous: c.Previous,
		RatersMin: c.Raters.MinOf(), PublicReport: c.PublicReport, KeyPractices: c.KeyPractices}
	fe := fieldErrors{}
	if patch.Title != nil {
		checkTitle(fe, *patch.Title)
		f.Title = *patch.Title
	}
	deadline := patch.Closes != nil || patch.DeadlineDate != nil || patch.AnywhereOnEarth != nil
	if deadline {
		in := CampaignInput{AnywhereOnEarth: c.AnywhereOnEarth}
		if patch.AnywhereOnEarth != nil {
			in.AnywhereOnEarth = *patch.AnywhereOnEarth
		}
		if patch.Closes != nil {
			in.Closes = *patch.Closes
		}
		if patch.DeadlineDate != nil {
			in.DeadlineDate = *patch.DeadlineDate
		}
		if in.Closes.IsZero() && in.DeadlineDate == "" {
			fe.add("deadline_date", "give the new deadline: deadline_date or closes")
		} else if closes := deadlineOf(fe, in); !closes.IsZero() {
			f.Closes, f.AnywhereOnEarth = closes.UTC(), in.AnywhereOnEarth
			if !f.Closes.After(c.Opens) {
				fe.add("closes", "must be after opens")
			}
		}
	}
	if patch.K != nil {
		if f.K = *patch.K; f.K < 2 || f.K > 100 {
			fe.add("k", "must be from 2 to 100")
		}
	}
	if patch.Previous != nil {
		f.Previous = *patch.Previous
		s.checkPrevious(ctx, fe, id, f.Previous)
	}
	if patch.Raters != nil {
		if f.RatersMin = patch.Raters.Min; f.RatersMin < 0 || f.RatersMin > MaxRaters {
			fe.add("raters.min", "must be from 0 to %d", MaxRaters)
		}
	}
	if patch.PublicReport != nil {
		f.PublicReport = *patch.PublicReport
	}
	if patch.KeyPractices != nil {
		f.KeyPractices = s.checkKeyPractices(ctx, fe, c, *patch.KeyPractices)
	}
	if err := fe.err("invalid campaign"); err != nil {
		return nil, err
	}
	if deadline && c.ClosedAt != nil {
		return nil, fmt.Errorf("campaign %s was closed: its deadline stays: %w", id, ErrClosed)
	}
	if err := s.store.UpdateCampaign(ctx, id, f); err != nil {
		return nil, fmt.Errorf("update campaign %s: %w", id, err)
	}
	// The results model holds no k and no deadline: releases read k when
	// they are built, and a campaign's status is read from its document.
	s.audit(ctx, p, ActionCampaignUpdate, id, fmt.Sprintf("k %d, closes %s, previous %q, raters min %d, public report %t, key practices %v",
		f.K, f.Closes.Format(time.RFC3339), f.Previous, f.RatersMin, f.PublicReport, f.KeyPractices))
	return s.store.GetCampaign(ctx, id)
}

// checkTitle checks a campaign's title: English required, known
// languages, 1-200 characters each.
func checkTitle(fe fieldErrors, title questionnaires.Text) {
	if m := validText(title.In("en"), 200); m != "" || title["en"] == "" {
		fe.add("title", "needs an English title (title.en) of 1-200 characters")
	}
	for lang, t := range title {
		if !slices.Contains(questionnaires.MessageLanguages, lang) {
			fe.add("title", "unknown language %q", truncate(lang, 10))
		} else if m := validText(t, 200); m != "" {
			fe.add("title."+lang, "%s", m)
		}
	}
}

// deadlineOf is the deadline instant of an input: closes, or the end of
// deadline_date in UTC or anywhere on earth (zero after a problem).
func deadlineOf(fe fieldErrors, in CampaignInput) time.Time {
	closes := in.Closes
	if in.DeadlineDate != "" {
		d, err := time.Parse(time.DateOnly, in.DeadlineDate)
		switch {
		case err != nil:
			fe.add("deadline_date", "must be a date YYYY-MM-DD")
			return time.Time{}
		case in.AnywhereOnEarth:
			closes = AoEDeadline(d.Year(), d.Month(), d.Day())
		default:
			closes = time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 59, 0, time.UTC)
		}
		if !in.Closes.IsZero() {
			fe.add("closes", "give either closes or deadline_date, not both")
		}
	} else if in.AnywhereOnEarth {
		fe.add("deadline_date", "an anywhere-on-earth deadline is given as a date")
	}
	return closes
}

// checkPrevious checks the previous campaign of campaign id.
func (s *Service) checkPrevious(ctx context.Context, fe fieldErrors, id, previous string) {
	if previous == "" {
		return
	}
	if previous == id {
		fe.add("previous", "must be another campaign")
	} else if _, err := s.store.GetCampaign(ctx, previous); err != nil {
		fe.add("previous", "no campaign %q", truncate(previous, 64))
	}
}
