package survey

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
)

// The public report. An administrator switches it on per campaign
// (Campaign.PublicReport, off by default); it is then readable by anyone,
// without a token. It shows only cells of the campaign's latest release,
// read through the very methods that serve a working-group analyst
// (Benchmarks, Levels, Prevalence, Trends) with the analyst's role, so
// that every public figure is the analyst's figure and every cell the
// analyst sees hidden is hidden here too: participation and the medians
// of the overall and area scores by region, the maturity-level
// distribution of every area by region, the prevalence of the key
// practices the working group chose (Campaign.KeyPractices) by region,
// and the trends against the previous campaign. No association is named.

// publicReader is the principal the public report reads the publication
// with: an analyst's view and nothing more (it is never a signed-in
// principal and is not audited as one).
var publicReader = Principal{Role: RoleAnalyst, Token: "public"}

// MaxKeyPractices is how many key practices a campaign may list.
const MaxKeyPractices = 20

// PublicGrouping is the one grouping besides "all" that the public report
// shows.
const PublicGrouping = "region"

// PublicReport is a campaign's public report: tables of its latest
// release, as an analyst sees them.
type PublicReport struct {
	Campaign   string
	Title      questionnaires.Text
	K          int
	Release    int
	ReleasedAt time.Time
	// Scores holds the overall and area scores by region (Metrics lists
	// those shown); the n of MetricOverall is the participation.
	Scores  *scoring.Table
	Metrics []string
	// Areas are the scored areas with their maturity-level distributions.
	Areas []PublicArea
	// Practices are the key practices' prevalence tables.
	Practices []PublicPractice
	// Trend compares with the previous campaign (nil when there is none
	// or it has no release; TrendNote says why). Its groups are only
	// "all" and the regions, for the metrics of Metrics.
	Trend         *scoring.Trend
	TrendNote     string
	PreviousTitle questionnaires.Text
	// Stories are the campaign's approved named practice stories (choosing
	// named is the author's consent to be shown as established or leading
	// in the item); anonymous stories and resources are not part of it.
	Stories []*Practice
}

// PublicArea is one area of the public report.
type PublicArea struct {
	Area   questionnaires.Area
	Title  questionnaires.Text
	Levels []questionnaires.MaturityLevel
	Table  *scoring.PrevalenceTable
}

// PublicPractice is one key practice of the public report.
type PublicPractice struct {
	Questionnaire string
	Question      *questionnaires.Question
	Table         *scoring.PrevalenceTable
}

// PublicReport returns the public report of a campaign. A campaign whose
// report is switched off answers ErrNotFound, like one that does not
// exist; one without a release answers ErrNoRelease.
func (s *Service) PublicReport(ctx context.Context, campaign string) (*PublicReport, error) {
	c, err := s.store.GetCampaign(ctx, campaign)
	if err != nil || !c.PublicReport {
		return nil, fmt.Errorf("public report of %s: %w", campaign, ErrNotFound)
	}
	infos, err := s.store.ListReleases(ctx, c.ID)
	if err != nil {
		return nil, fmt.Errorf("releases of %s: %w", c.ID, err)
	}
	if len(infos) == 0 {
		return nil, fmt.Errorf("campaign %s: %w", c.ID, ErrNoRelease)
	}
	last := infos[len(infos)-1]
	r := &PublicReport{Campaign: c.ID, Title: c.Title, K: c.K, Release: last.Number, ReleasedAt: last.At}
	group := []string{PublicGrouping}
	if r.Scores, err = s.Benchmarks(ctx, publicReader, c.ID, "", group); err != nil {
		return nil, err
	}
	r.Metrics = []string{scoring.MetricOverall}
	for _, key := range c.Questionnaires {
		q, err := s.Questionnaire(ctx, key)
		if err != nil {
			return nil, err
		}
		if !q.Scored() {
			continue
		}
		r.Metrics = append(r.Metrics, scoring.AreaMetric(q.Area))
		if len(q.MaturityLevels) == 0 {
			continue
		}
		t, err := s.Levels(ctx, publicReader, c.ID, q.Area, group)
		if err != nil {
			return nil, err
		}
		r.Areas = append(r.Areas, PublicArea{Area: q.Area, Title: q.Title, Levels: q.MaturityLevels, Table: t})
	}
	for _, kp := range c.KeyPractices {
		qid, question, _ := strings.Cut(kp, "/")
		t, qu, err := s.Prevalence(ctx, publicReader, c.ID, qid, question, group)
		if err != nil {
			return nil, fmt.Errorf("key practice %s: %w", kp, err)
		}
		r.Practices = append(r.Practices, PublicPractice{Questionnaire: qid, Question: qu, Table: t})
	}
	if err := s.publicTrend(ctx, c, r); err != nil {
		return nil, err
	}
	all, err := s.store.ListPractices(ctx)
	if err != nil {
		return nil, fmt.Errorf("list practices: %w", err)
	}
	for _, pr := range all {
		if pr.Kind == KindStory && pr.State == PracticeApproved && pr.Attribution == AttributionNamed && pr.Campaign == c.ID {
			out := *pr
			out.Association, out.CreatedBy, out.ApprovedBy = "", "", ""
			r.Stories = append(r.Stories, &out)
		}
	}
	return r, nil
}

// publicTrend fills the report's trend against the previous campaign; a
// missing previous campaign or release is a note, not a failure.
func (s *Service) publicTrend(ctx context.Context, c *Campaign, r *PublicReport) error {
	if c.Previous == "" {
		r.TrendNote = "none"
		return nil
	}
	tr, err := s.Trends(ctx, publicReader, c.ID, "", []string{PublicGrouping})
	switch {
	case errors.Is(err, ErrNoRelease):
		r.TrendNote = "no_release"
		return nil
	case err != nil:
		return err
	}
	if prev, err := s.store.GetCampaign(ctx, c.Previous); err == nil {
		r.PreviousTitle = prev.Title
	}
	out := *tr
	out.Associations, out.Groups = nil, nil
	out.Metrics = slices.DeleteFunc(slices.Clone(tr.Metrics), func(m string) bool { return !slices.Contains(r.Metrics, m) })
	for _, g := range tr.Groups {
		if slices.Contains(r.Metrics, g.Metric) {
			out.Groups = append(out.Groups, g)
		}
	}
	r.Trend = &out
	return nil
}

// checkKeyPractices checks a campaign's key practices: at most
// MaxKeyPractices distinct "questionnaire/question" of the campaign's
// questionnaires whose prevalence is published.
func (s *Service) checkKeyPractices(ctx context.Context, fe fieldErrors, c *Campaign, list []string) []string {
	if len(list) > MaxKeyPractices {
		fe.add("key_practices", "at most %d key practices", MaxKeyPractices)
		return nil
	}
	for i, kp := range list {
		field := fmt.Sprintf("key_practices[%d]", i)
		qid, question, ok := strings.Cut(kp, "/")
		if !ok || qid == "" || question == "" {
			fe.add(field, "want questionnaire/question, e.g. membership/recruitment_strategy")
			continue
		}
		if slices.Contains(list[:i], kp) {
			fe.add(field, "%s is listed twice", truncate(kp, 100))
			continue
		}
		q, err := s.campaignQuestionnaire(ctx, c, qid)
		if err != nil {
			fe.add(field, "questionnaire %q is not part of campaign %s", truncate(qid, 64), c.ID)
			continue
		}
		qu := q.Question(question)
		if qu == nil || !publishedChoice(q, qu) {
			fe.add(field, "%s has no published choice question %q", q.ID, truncate(question, 64))
		}
	}
	return slices.Clone(list)
}
