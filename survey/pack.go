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
// administrators); questionnaire limits it to one of the campaign's
// questionnaires ("" for all).
func (s *Service) SessionPack(ctx context.Context, p Principal, campaign, questionnaire string) (*Pack, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	res, err := s.results(ctx, campaign)
	if err != nil {
		return nil, err
	}
	c := res.campaign
	pk := &Pack{Campaign: c, Generated: s.Now(), K: c.K, Questionnaire: questionnaire, ByRegion: map[string]int{}, Names: map[string]string{}}
	if pk.K < 1 {
		pk.K = scoring.DefaultK
	}
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
		pk.Overall = res.table(metricsOf(nil), packGroupBy)
	}
	pk.Submitted = len(res.peers)
	for _, peer := range res.peers {
		region := peer.Attrs["region"]
		if region == "" {
			region = scoring.Unknown
		}
		pk.ByRegion[region]++
	}
	for _, q := range pk.Definitions {
		if q.Scored() {
			pk.Areas = append(pk.Areas, PackArea{Questionnaire: q, Table: res.table(metricsOf(q), packGroupBy)})
		}
		prev, err := s.prevalenceAll(ctx, c, q)
		if err != nil {
			return nil, err
		}
		pk.Prevalence = append(pk.Prevalence, prev...)
	}
	if c.Previous != "" {
		prev, err := s.store.GetCampaign(ctx, c.Previous)
		switch {
		case IsNotFound(err):
		case err != nil:
			return nil, fmt.Errorf("campaign %s: %w", c.Previous, err)
		default:
			tr, err := s.Trends(ctx, p, c.ID, prev.ID, packGroupBy)
			if err != nil {
				return nil, err
			}
			pk.Previous, pk.Trend = prev, tr
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
	}
	return pk, nil
}

// prevalenceAll computes the prevalence table of every choice and yes/no
// question of q (built-in lists excepted: they would single out
// associations) from one pass over the submitted responses.
func (s *Service) prevalenceAll(ctx context.Context, c *Campaign, q *questionnaires.Questionnaire) ([]PackPrevalence, error) {
	var qs []*questionnaires.Question
	for _, qu := range q.Questions() {
		if (qu.Type.IsChoice() || qu.Type == questionnaires.TypeYesNo) && qu.ChoicesFrom == "" {
			qs = append(qs, qu)
		}
	}
	if len(qs) == 0 {
		return nil, nil
	}
	answers := make([][]scoring.ChoiceAnswer, len(qs))
	err := s.store.StreamResponses(ctx, ResponseFilter{Campaign: c.ID, Questionnaire: q.ID, Status: StatusSubmitted}, func(r *Response) error {
		if r.Peer == nil {
			return nil
		}
		attrs := r.Peer.Attrs()
		for i, qu := range qs {
			v, ok := r.Answers[qu.ID]
			if !ok {
				continue
			}
			var sel []string
			switch v.Kind {
			case questionnaires.KindString:
				sel = []string{v.Str}
			case questionnaires.KindList:
				sel = slices.Clone(v.List)
			default:
				continue
			}
			answers[i] = append(answers[i], scoring.ChoiceAnswer{ID: r.Association, Attrs: attrs, Selected: sel})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read answers of %s: %w", q.ID, err)
	}
	out := make([]PackPrevalence, len(qs))
	for i, qu := range qs {
		options := []string{"yes", "no"}
		if qu.Type != questionnaires.TypeYesNo {
			options = options[:0]
			for _, ch := range qu.Choices {
				options = append(options, ch.ID)
			}
		}
		out[i] = PackPrevalence{Questionnaire: q, Question: qu, Table: scoring.Prevalence(answers[i], options, packGroupBy, c.K)}
	}
	return out, nil
}
