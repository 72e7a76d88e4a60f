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
	pk.Submitted = res.data.Len()
	for row := 0; row < res.data.Len(); row++ {
		pk.ByRegion[res.data.Attr(row, "region")]++
	}
	for _, q := range pk.Definitions {
		if q.Scored() {
			pk.Areas = append(pk.Areas, PackArea{Questionnaire: q, Table: res.table(metricsOf(q), packGroupBy)})
		}
	}
	if pk.Prevalence, err = s.prevalenceAll(ctx, c, questionnaire, pk.Definitions); err != nil {
		return nil, err
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
// question of the definitions (built-in lists excepted: they would single
// out associations) from one pass over the campaign's submitted responses
// (of questionnaire only, when it is not "").
func (s *Service) prevalenceAll(ctx context.Context, c *Campaign, questionnaire string, defs []*questionnaires.Questionnaire) ([]PackPrevalence, error) {
	type question struct {
		q       *questionnaires.Questionnaire
		qu      *questionnaires.Question
		answers []scoring.ChoiceAnswer
	}
	var all []*question
	byQ := map[string][]*question{}
	for _, q := range defs {
		for _, qu := range q.Questions() {
			if (qu.Type.IsChoice() || qu.Type == questionnaires.TypeYesNo) && qu.ChoicesFrom == "" {
				x := &question{q: q, qu: qu}
				all = append(all, x)
				byQ[q.ID] = append(byQ[q.ID], x)
			}
		}
	}
	if len(all) == 0 {
		return nil, nil
	}
	err := s.store.StreamResponses(ctx, ResponseFilter{Campaign: c.ID, Questionnaire: questionnaire, Status: StatusSubmitted}, func(r *Response) error {
		qs := byQ[r.Questionnaire]
		if len(qs) == 0 || r.Peer == nil {
			return nil
		}
		attrs := r.Peer.Attrs()
		for _, x := range qs {
			v, ok := r.Answers[x.qu.ID]
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
			x.answers = append(x.answers, scoring.ChoiceAnswer{ID: r.Association, Attrs: attrs, Selected: sel})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read answers of %s: %w", c.ID, err)
	}
	out := make([]PackPrevalence, len(all))
	for i, x := range all {
		options := []string{"yes", "no"}
		if x.qu.Type != questionnaires.TypeYesNo {
			options = make([]string, len(x.qu.Choices))
			for j, ch := range x.qu.Choices {
				options[j] = ch.ID
			}
		}
		out[i] = PackPrevalence{Questionnaire: x.q, Question: x.qu, Table: scoring.Prevalence(x.answers, options, packGroupBy, c.K)}
	}
	return out, nil
}
