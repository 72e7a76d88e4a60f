package survey

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
)

// Releases. Everything about other associations that an analyst (or,
// later, the public) sees is read from the latest release of the
// campaign's publication (scoring.Publish): built from the current
// results when the campaign closes, when an administrator publishes one,
// or on a schedule (PublishDue), stored, and never changed. An
// association's own scores are live; where it stands among its peers is
// computed against the latest release.

// Release reasons.
const (
	ReleaseClosed    = "closed"
	ReleasePublished = "published"
	ReleaseScheduled = "scheduled"
)

// DefaultReleaseEvery is how often PublishDue makes a release of an open
// campaign whose results changed (Options.ReleaseEvery).
const DefaultReleaseEvery = 24 * time.Hour

// ReleaseInfo describes a stored release.
type ReleaseInfo struct {
	Campaign string    `json:"campaign"`
	Number   int       `json:"number"`
	At       time.Time `json:"at"`
	By       string    `json:"by"`
	// Reason is ReleaseClosed, ReleasePublished or ReleaseScheduled.
	Reason string `json:"reason"`
	// Generation is the campaign's generation the release was built from.
	Generation int64 `json:"generation"`
	// Associations is the number of associations with a submitted response.
	Associations int `json:"associations"`
	// Report says what the gate hid and why.
	Report scoring.ReleaseReport `json:"report"`
}

// StoredRelease is a release with its data.
type StoredRelease struct {
	ReleaseInfo
	Frozen *scoring.FrozenRelease
}

// releaseCache keeps, per campaign, the releases read or built so far
// (index: number - 1). Releases never change, so nothing is evicted but
// whole campaigns.
type releaseCache struct {
	entries cacheMap[[]*scoring.Release]
}

// Publish builds the campaign's next release from its current results
// and stores it (administrators; reason is ReleasePublished unless the
// caller is the closing or the schedule).
func (s *Service) Publish(ctx context.Context, p Principal, campaign, reason string) (*ReleaseInfo, error) {
	if err := requireRole(p, RoleAdmin); err != nil {
		return nil, err
	}
	if reason == "" {
		reason = ReleasePublished
	}
	unlock := s.locks.lock("release/" + campaign)
	defer unlock()
	in, gen, err := s.nextRelease(ctx, campaign)
	if err != nil {
		return nil, err
	}
	earlier := in.Earlier
	rel, err := scoring.Publish(in)
	if err != nil {
		return nil, fmt.Errorf("publish %s: %w", campaign, err)
	}
	info := ReleaseInfo{Campaign: campaign, Number: rel.Number, At: s.Now(), By: p.Token, Reason: reason,
		Generation: gen, Associations: in.Data.Len(), Report: rel.Report}
	if err := s.store.PutRelease(ctx, &StoredRelease{ReleaseInfo: info, Frozen: rel.Freeze()}); err != nil {
		return nil, fmt.Errorf("store release %d of %s: %w", rel.Number, campaign, err)
	}
	if err := s.store.SetLatestRelease(ctx, campaign, rel.Number); err != nil {
		return nil, fmt.Errorf("record release %d of %s: %w", rel.Number, campaign, err)
	}
	s.releases.entries.put(campaign, append(slices.Clip(earlier), rel))
	s.audit(ctx, p, ActionPublish, campaign, fmt.Sprintf("release %d (%s)", rel.Number, reason))
	s.log.Info("release published", "campaign", campaign, "release", rel.Number, "reason", reason,
		"associations", info.Associations, "cells", rel.Report.Cells, "published", rel.Report.Published,
		"unit_cells", rel.Report.UnitCells, "unit_published", rel.Report.UnitPublished, "took", rel.Report.Took)
	return &info, nil
}

// PublicationInput returns what the campaign's next release would be
// built from — its current results, earlier releases and consents
// (administrators; for measurement, and for the attacker tests, which
// build from it a release with the gate bypassed to prove they work).
func (s *Service) PublicationInput(ctx context.Context, p Principal, campaign string) (scoring.PublicationInput, error) {
	if err := requireRole(p, RoleAdmin); err != nil {
		return scoring.PublicationInput{}, err
	}
	in, _, err := s.nextRelease(ctx, campaign)
	return in, err
}

// nextRelease gathers the input of the campaign's next release, and the
// generation of the results it is built from.
func (s *Service) nextRelease(ctx context.Context, campaign string) (scoring.PublicationInput, int64, error) {
	res, err := s.results(ctx, campaign)
	if err != nil {
		return scoring.PublicationInput{}, 0, err
	}
	res.mu.RLock()
	c, gen := res.campaign, res.held
	data := res.data.SortedByID() // a snapshot, in id order
	res.mu.RUnlock()
	earlier, err := s.allReleases(ctx, c)
	if err != nil {
		return scoring.PublicationInput{}, 0, err
	}
	cs, err := s.readConsents(ctx, campaign)
	if err != nil {
		return scoring.PublicationInput{}, 0, err
	}
	in, err := s.publicationInput(ctx, c, data)
	if err != nil {
		return in, 0, err
	}
	in.Number, in.Earlier, in.Consented = len(earlier)+1, earlier, cs.ever
	return in, gen, nil
}

// Releases lists a campaign's releases, oldest first (administrators and
// analysts: what each one hid is part of what is published).
func (s *Service) Releases(ctx context.Context, p Principal, campaign string) ([]*ReleaseInfo, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	if _, err := s.store.GetCampaign(ctx, campaign); err != nil {
		return nil, fmt.Errorf("campaign %s: %w", campaign, err)
	}
	return s.store.ListReleases(ctx, campaign)
}

// allReleases returns every release of the campaign, oldest first.
func (s *Service) allReleases(ctx context.Context, c *Campaign) ([]*scoring.Release, error) {
	have, _ := s.releases.entries.get(c.ID)
	n := c.Release
	if len(have) >= n {
		return have[:n:n], nil
	}
	out := slices.Clone(have)
	for number := len(out) + 1; number <= n; number++ {
		sr, err := s.store.GetRelease(ctx, c.ID, number)
		if err != nil {
			return nil, fmt.Errorf("release %d of %s: %w", number, c.ID, err)
		}
		rel, err := scoring.RestoreRelease(sr.Frozen)
		if err != nil {
			return nil, fmt.Errorf("restore release %d of %s: %w", number, c.ID, err)
		}
		out = append(out, rel)
	}
	s.releases.entries.put(c.ID, out)
	return out, nil
}

// latestRelease returns the campaign's latest release, ErrNoRelease when
// it has none.
// LatestRelease returns the campaign's latest release (analysts and
// administrators; ErrNoRelease when there is none). The release is
// shared and immutable.
func (s *Service) LatestRelease(ctx context.Context, p Principal, campaign string) (*scoring.Release, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	rel, _, err := s.latestRelease(ctx, campaign)
	return rel, err
}

func (s *Service) latestRelease(ctx context.Context, campaign string) (*scoring.Release, *Campaign, error) {
	c, err := s.store.GetCampaign(ctx, campaign)
	if err != nil {
		return nil, nil, fmt.Errorf("campaign %s: %w", campaign, err)
	}
	if c.Release == 0 {
		return nil, c, fmt.Errorf("campaign %s: %w", campaign, ErrNoRelease)
	}
	all, err := s.allReleases(ctx, c)
	if err != nil {
		return nil, c, err
	}
	return all[len(all)-1], c, nil
}

// PublishDue makes the releases that are due: a campaign that has closed
// since its latest release (or whose results changed after), and an open
// campaign whose results changed and whose latest release is older than
// every (DefaultReleaseEvery when 0). It returns the releases made; a
// campaign that fails is logged and skipped.
func (s *Service) PublishDue(ctx context.Context, every time.Duration) []*ReleaseInfo {
	if every <= 0 {
		every = DefaultReleaseEvery
	}
	cs, err := s.store.ListCampaigns(ctx)
	if err != nil {
		s.log.Error("release schedule: campaigns not listed", "err", err)
		return nil
	}
	now := s.Now()
	var out []*ReleaseInfo
	for _, c := range cs {
		reason := s.releaseDue(ctx, c, now, every)
		if reason == "" {
			continue
		}
		info, err := s.Publish(ctx, System, c.ID, reason)
		if err != nil {
			s.log.Error("scheduled release failed", "campaign", c.ID, "err", err)
			continue
		}
		out = append(out, info)
	}
	return out
}

// releaseDue returns why campaign c needs a release now ("" when it does
// not).
func (s *Service) releaseDue(ctx context.Context, c *Campaign, now time.Time, every time.Duration) string {
	var latest *ReleaseInfo
	if c.Release > 0 {
		infos, err := s.store.ListReleases(ctx, c.ID)
		if err != nil || len(infos) == 0 {
			s.log.Error("release schedule: releases not listed", "campaign", c.ID, "err", err)
			return ""
		}
		latest = infos[len(infos)-1]
	}
	changed := latest == nil || latest.Generation < c.Generation
	if c.Status(now) == CampaignClosed {
		closedAt := c.Closes
		if c.ClosedAt != nil {
			closedAt = *c.ClosedAt
		}
		if changed || latest.At.Before(closedAt) {
			return ReleaseClosed
		}
		return ""
	}
	if c.Status(now) == CampaignOpen && changed && (latest == nil || now.Sub(latest.At) >= every) {
		return ReleaseScheduled
	}
	return ""
}

// peerQuestions are profile questions whose answers are the peer
// attributes themselves: their counts are the n of every table already.
var peerQuestions = map[string]bool{"country": true, "association_type": true, "budget_band": true}

// published reports whether a choice question's prevalence is published.
func publishedChoice(q *questionnaires.Questionnaire, qu *questionnaires.Question) bool {
	if !(qu.Type.IsChoice() || qu.Type == questionnaires.TypeYesNo) || qu.ChoicesFrom != "" {
		return false
	}
	return q.Area != questionnaires.AreaProfile || !peerQuestions[qu.ID]
}

// choiceOptions returns the option ids of a published choice question.
func choiceOptions(qu *questionnaires.Question) []string {
	if qu.Type == questionnaires.TypeYesNo {
		return []string{"yes", "no"}
	}
	out := make([]string, len(qu.Choices))
	for i, ch := range qu.Choices {
		out[i] = ch.ID
	}
	return out
}

// Unit names of the publication beside scoring's metric names.
func choiceUnit(qid, question string) string    { return "choice:" + qid + "/" + question }
func levelUnit(area questionnaires.Area) string { return "level:" + string(area) }
func submittedRef(qid string) string            { return "submitted:" + qid }
func itemOwner(qid, item string) string         { return "q:" + qid + "/" + item }

// publicationInput describes the campaign's results for Publish: every
// metric of every scored questionnaire, the prevalence of every choice
// question and the maturity-level distribution of every area.
func (s *Service) publicationInput(ctx context.Context, c *Campaign, data *scoring.Dataset) (scoring.PublicationInput, error) {
	in := scoring.PublicationInput{Campaign: c.ID, K: c.K, Data: data}
	in.Metrics = append(in.Metrics, scoring.MetricSpec{Name: scoring.MetricOverall, Bounded: true, Visible: true, Shared: true})
	for _, ia := range questionnaires.ImpactAreas {
		in.Metrics = append(in.Metrics, scoring.MetricSpec{Name: scoring.ImpactMetric(ia), Bounded: true, Visible: true, Shared: true})
	}
	for _, key := range c.Questionnaires {
		q, err := s.Questionnaire(ctx, key)
		if err != nil {
			return in, err
		}
		in.Refs = append(in.Refs, submittedRef(q.ID))
		if q.Scored() {
			in.Metrics = append(in.Metrics, scoring.MetricSpec{Name: scoring.AreaMetric(q.Area), Bounded: true, Visible: true, Shared: true})
			for _, sec := range q.Sections {
				in.Metrics = append(in.Metrics, scoring.MetricSpec{Name: scoring.SectionMetric(q.ID, sec.ID), Bounded: true, Visible: true, Shared: true})
			}
			for _, qu := range q.Questions() {
				if qu.Method() != questionnaires.MethodNone {
					in.Metrics = append(in.Metrics, scoring.MetricSpec{Name: scoring.ItemMetric(q.ID, qu.ID), Bounded: true, Owner: itemOwner(q.ID, qu.ID)})
				}
			}
			for _, ind := range q.Indicators {
				if ind.Method() != questionnaires.MethodNone {
					in.Metrics = append(in.Metrics, scoring.MetricSpec{Name: scoring.ItemMetric(q.ID, ind.ID), Bounded: true, Owner: itemOwner(q.ID, ind.ID)})
				}
				in.Metrics = append(in.Metrics, scoring.MetricSpec{Name: scoring.IndicatorMetric(q.ID, ind.ID), Owner: itemOwner(q.ID, ind.ID)})
			}
			if len(q.MaturityLevels) > 0 {
				levels := make([]string, len(q.MaturityLevels))
				for i, l := range q.MaturityLevels {
					levels[i] = l.ID
				}
				in.Questions = append(in.Questions, scoring.QuestionSpec{Name: levelUnit(q.Area), Options: levels, Visible: true})
			}
		}
		for _, qu := range q.Questions() {
			if publishedChoice(q, qu) {
				in.Questions = append(in.Questions, scoring.QuestionSpec{Name: choiceUnit(q.ID, qu.ID), Options: choiceOptions(qu),
					Multi: qu.Type == questionnaires.TypeMultiChoice, Owner: itemOwner(q.ID, qu.ID)})
			}
		}
	}
	if err := s.addPlanUnits(ctx, c, &in); err != nil { // planpub.go
		return in, err
	}
	return in, s.addMentoringUnits(ctx, c, &in) // mentorpub.go
}
