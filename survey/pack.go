package survey

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
)

// Pack is everything a working group's session pack shows of a campaign,
// with the anonymity rules applied: peer statistics by region, practice
// prevalence, trends, mentoring matches and the questionnaires' definitions.
type Pack struct {
	Campaign *Campaign
	// Generated is when the pack was gathered (UTC).
	Generated time.Time
	// K is the campaign's anonymity threshold.
	K int
	// Release is the number of the release the pack is cut from.
	Release int
	// Questionnaire is the questionnaire id the pack is limited to ("" for all).
	Questionnaire string
	// Definitions are the questionnaires in the pack, in campaign order.
	Definitions []*questionnaires.Questionnaire
	// Submitted is the number of associations with a submitted response.
	Submitted int
	// ByRegion counts those associations by region ("unknown" for none).
	ByRegion map[string]int
	// Overall is the overall, area and impact-area scores by region; nil
	// when the pack is limited to one questionnaire.
	Overall *scoring.Table
	// Areas are the scored questionnaires' metrics by region.
	Areas []PackArea
	// Prevalence is, for every choice and yes/no question (built-in lists
	// such as countries excepted), the share of associations choosing
	// each option, by region.
	Prevalence []PackPrevalence
	// Previous is the campaign the trends compare with; nil when the
	// campaign names none (or it is gone), and Trend is then nil too.
	Previous *Campaign
	// Trend compares the campaign with Previous, by region.
	Trend *scoring.Trend
	// Mentoring are the proposed mentor/mentee pairs (nil when the pack is
	// limited to one questionnaire).
	Mentoring []scoring.Match
	// Names maps the associations of the mentoring matches to their names.
	Names map[string]string
	// Agenda is the campaign's meetings' sessions with their local times
	// per region (nil when the pack is limited to one questionnaire).
	Agenda []PackAgendaRow
	// Plans is the plan table family by region: the follow-up of the
	// previous campaign's action plans (nil when the pack is limited to
	// one questionnaire).
	Plans *scoring.Table
	// Outcomes is the mentorship pilot's outcome table family by region
	// (the sheet "Mentoring pilot"; nil when the pack is limited to one
	// questionnaire).
	Outcomes *scoring.Table
	// Practices are the approved entries of the good-practice library in
	// the pack's areas, as the caller sees them (an anonymous story
	// without its author).
	Practices []*Practice
}

// PackArea is one scored questionnaire's statistics by region.
type PackArea struct {
	Questionnaire *questionnaires.Questionnaire
	// Table holds the area score, section scores, item points and
	// indicator values by region.
	Table *scoring.Table
}

// PackPrevalence is one choice question's prevalence table by region.
type PackPrevalence struct {
	Questionnaire *questionnaires.Questionnaire
	Question      *questionnaires.Question
	Table         *scoring.PrevalenceTable
}

// packGroupBy is how the session pack groups peers.
var packGroupBy = []string{"region"}

// SessionPack gathers a campaign's session pack (analysts and
// administrators) from its latest release; questionnaire limits it to one
// of the campaign's questionnaires ("" for all).
func (s *Service) SessionPack(ctx context.Context, p Principal, campaign, questionnaire string) (*Pack, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	rel, c, err := s.latestRelease(ctx, campaign)
	if err != nil {
		return nil, err
	}
	pk := &Pack{Campaign: c, Generated: s.Now(), K: rel.K, Release: rel.Number, Questionnaire: questionnaire,
		ByRegion: map[string]int{}, Names: map[string]string{}}
	if questionnaire != "" {
		q, err := s.campaignQuestionnaire(ctx, c, questionnaire)
		if err != nil {
			return nil, err
		}
		pk.Definitions = []*questionnaires.Questionnaire{q}
	} else {
		for _, k := range c.Questionnaires {
			q, err := s.Questionnaire(ctx, k)
			if err != nil {
				return nil, err
			}
			pk.Definitions = append(pk.Definitions, q)
		}
		if pk.Overall, err = rel.Table(metricsOf(nil), packGroupBy); err != nil {
			return nil, err
		}
	}
	byRegion, err := rel.Table(nil, packGroupBy)
	if err != nil {
		return nil, err
	}
	pk.Submitted = rel.Data().Len()
	for _, g := range byRegion.Groups {
		pk.ByRegion[g.Attrs["region"]] = rel.Count(g.Attrs)
	}
	for _, q := range pk.Definitions {
		if q.Scored() {
			t, err := rel.Table(metricsOf(q), packGroupBy)
			if err != nil {
				return nil, err
			}
			pk.Areas = append(pk.Areas, PackArea{Questionnaire: q, Table: t})
		}
		for _, qu := range q.Questions() {
			if !publishedChoice(q, qu) {
				continue
			}
			t, err := rel.Prevalence(choiceUnit(q.ID, qu.ID), packGroupBy)
			if err != nil {
				return nil, err
			}
			pk.Prevalence = append(pk.Prevalence, PackPrevalence{Questionnaire: q, Question: qu, Table: t})
		}
	}
	if c.Previous != "" {
		prev, err := s.store.GetCampaign(ctx, c.Previous)
		switch {
		case IsNotFound(err):
		case err != nil:
			return nil, fmt.Errorf("campaign %s: %w", c.Previous, err)
		default:
			tr, err := s.Trends(ctx, p, c.ID, prev.ID, packGroupBy)
			switch {
			case errors.Is(err, ErrNoRelease):
			case err != nil:
				return nil, err
			default:
				pk.Previous, pk.Trend = prev, tr
			}
		}
	}
	if questionnaire == "" {
		ms, err := s.Mentoring(ctx, p, c.ID)
		if err != nil {
			return nil, err
		}
		pk.Mentoring = ms
		for _, m := range ms {
			for _, id := range []string{m.Mentor, m.Mentee} {
				if _, ok := pk.Names[id]; ok {
					continue
				}
				a, err := s.store.GetAssociation(ctx, id)
				if err != nil && !errors.Is(err, ErrNotFound) {
					return nil, fmt.Errorf("association %s: %w", id, err)
				}
				if a != nil {
					pk.Names[id] = a.Name
				}
			}
		}
		if pk.Agenda, err = s.packAgenda(ctx, c.ID); err != nil {
			return nil, err
		}
		if pk.Plans, err = rel.Table(PlanMetrics(), packGroupBy); err != nil {
			return nil, err
		}
		if pk.Outcomes, err = rel.Table(MentoringOutcomeMetrics(), packGroupBy); err != nil {
			return nil, err
		}
	}
	ps, err := s.ListPractices(ctx, p, PracticeFilter{})
	if err != nil {
		return nil, err
	}
	for _, pr := range ps {
		if pr.State == PracticeApproved && slices.ContainsFunc(pk.Definitions, func(q *questionnaires.Questionnaire) bool { return q.Area == pr.Area }) {
			pk.Practices = append(pk.Practices, pr)
		}
	}
	return pk, nil
}
