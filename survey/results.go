package survey

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
)

// choiceValue codes the answer to a published choice question as a
// choice column value (scoring.Dataset.SetChoice): the options chosen,
// or no value for no answer (and for "n/a").
func choiceValue(qu *questionnaires.Question, v questionnaires.Value) (uint64, bool) {
	options := choiceOptions(qu)
	var sel []string
	switch v.Kind {
	case questionnaires.KindString:
		sel = []string{v.Str}
	case questionnaires.KindList:
		sel = v.List
	default:
		return 0, false
	}
	out := scoring.Answered
	for _, id := range sel {
		if i := slices.Index(options, id); i >= 0 && i < scoring.MaxOptions {
			out |= 1 << i
		}
	}
	if qu.Type != questionnaires.TypeMultiChoice && out == scoring.Answered {
		return 0, false // a single answer outside the options (n/a)
	}
	return out, true
}

// snapshotPeers returns the results as one Peer per association (for the
// map-based parts of scoring: trends), read under the model's lock.
func (r *campaignResults) snapshotPeers() []scoring.Peer {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]scoring.Peer, r.data.Len())
	for row := range out {
		out[row] = r.data.Peer(row)
	}
	return out
}

// value returns an association's value of a metric.
func (r *campaignResults) value(association, metric string) (float64, bool) {
	row, ok := r.index[association]
	if !ok {
		return 0, false
	}
	j, ok := r.data.Metric(metric)
	if !ok {
		return 0, false
	}
	return r.data.Value(row, j)
}

// addScoreMetrics adds a response's stored scores as metrics.
func addScoreMetrics(m map[string]float64, q *questionnaires.Questionnaire, sc *Scores) {
	m[scoring.AreaMetric(q.Area)] = sc.Score
	for id, v := range sc.Sections {
		m[scoring.SectionMetric(q.ID, id)] = v
	}
	for id, v := range sc.Items {
		m[scoring.ItemMetric(q.ID, id)] = v
	}
	for id, v := range sc.Indicators {
		m[scoring.IndicatorMetric(q.ID, id)] = v
	}
}

// addKinds records what each metric of a questionnaire measures, so that
// trends can tell comparable metrics from changed ones.
func addKinds(k map[string]string, q *questionnaires.Questionnaire) {
	if !q.Scored() {
		return
	}
	k[scoring.MetricOverall] = "overall"
	k[scoring.AreaMetric(q.Area)] = "area"
	for _, ia := range q.ImpactAreas {
		k[scoring.ImpactMetric(ia)] = "impact"
	}
	for _, s := range q.Sections {
		k[scoring.SectionMetric(q.ID, s.ID)] = "section"
	}
	for _, qu := range q.Questions() {
		if qu.Method() != questionnaires.MethodNone {
			k[scoring.ItemMetric(q.ID, qu.ID)] = string(qu.Type) + "/" + string(qu.Method())
		}
	}
	for _, in := range q.Indicators {
		k[scoring.IndicatorMetric(q.ID, in.ID)] = "indicator"
		if in.Method() != questionnaires.MethodNone {
			k[scoring.ItemMetric(q.ID, in.ID)] = "indicator/" + string(in.Method())
		}
	}
}

// metricsOf lists a questionnaire's metrics (area, sections, items,
// indicators), or the overall ones when q is nil.
func metricsOf(q *questionnaires.Questionnaire) []string {
	if q == nil {
		m := []string{scoring.MetricOverall}
		for _, a := range questionnaires.ScoredAreas {
			m = append(m, scoring.AreaMetric(a))
		}
		for _, ia := range questionnaires.ImpactAreas {
			m = append(m, scoring.ImpactMetric(ia))
		}
		return m
	}
	m := []string{scoring.AreaMetric(q.Area)}
	for _, s := range q.Sections {
		m = append(m, scoring.SectionMetric(q.ID, s.ID))
	}
	for _, s := range q.Sections {
		for _, qu := range s.Questions {
			if qu.Method() != questionnaires.MethodNone {
				m = append(m, scoring.ItemMetric(q.ID, qu.ID))
			}
		}
		for _, in := range s.Indicators() {
			if in.Method() != questionnaires.MethodNone {
				m = append(m, scoring.ItemMetric(q.ID, in.ID))
			}
		}
	}
	for _, in := range q.Indicators {
		m = append(m, scoring.IndicatorMetric(q.ID, in.ID))
	}
	return m
}

// ParseGroupBy checks a comma-separated grouping: up to three distinct
// dimensions among region, size, budget, type ("" or "all" is no grouping).
func ParseGroupBy(s string) ([]string, error) {
	if s == "" || s == "all" {
		return nil, nil
	}
	dims := strings.Split(s, ",")
	if len(dims) > 3 {
		return nil, invalid("group_by", "at most 3 dimensions")
	}
	for i, d := range dims {
		if !slices.Contains(Dimensions, d) {
			return nil, invalid("group_by", "unknown dimension %q (want region, size, budget or type)", truncate(d, 20))
		}
		if slices.Contains(dims[:i], d) {
			return nil, invalid("group_by", "dimension %q given twice", d)
		}
	}
	return dims, nil
}

// Benchmarks returns peer statistics of a campaign (analysts and
// administrators), for one questionnaire's metrics or, when questionnaire
// is "", the overall, area and impact-area scores: read from the
// campaign's latest release (ErrNoRelease when there is none).
func (s *Service) Benchmarks(ctx context.Context, p Principal, campaign, questionnaire string, groupBy []string) (*scoring.Table, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	rel, c, err := s.latestRelease(ctx, campaign)
	if err != nil {
		return nil, err
	}
	var q *questionnaires.Questionnaire
	if questionnaire != "" {
		if q, err = s.campaignQuestionnaire(ctx, c, questionnaire); err != nil {
			return nil, err
		}
		if !q.Scored() {
			return nil, invalid("questionnaire", "%s is not scored", q.ID)
		}
	}
	t, err := rel.Table(metricsOf(q), groupBy)
	if err != nil {
		return nil, invalid("group_by", "%v", err)
	}
	return t, nil
}

// SectionScore is one line of a scorecard's section list.
type SectionScore struct {
	scoring.Section
	// PeerMedian is the median of all associations' section scores, when
	// the anonymity rule lets it be shown.
	PeerMedian *float64 `json:"peer_median,omitempty"`
}

// AreaCard is a scorecard's part for one questionnaire.
type AreaCard struct {
	Questionnaire string              `json:"questionnaire"`
	Version       string              `json:"version"`
	Area          questionnaires.Area `json:"area"`
	Status        ResponseStatus      `json:"status"`
	Scored        bool                `json:"scored"`
	Score         float64             `json:"score"`
	Maturity      string              `json:"maturity,omitempty"`
	Sections      []SectionScore      `json:"sections"`
	Items         []scoring.Item      `json:"items"`
	Improve       []scoring.Item      `json:"improve"`
	// Result is the full scoring result (explanations need the definition);
	// nil for an analyst.
	Result *scoring.Result `json:"-"`
	peer   *Peer
}

// Scorecard is an association's scores in a campaign and where it stands.
type Scorecard struct {
	Campaign    *Campaign                                `json:"campaign"`
	Association *Association                             `json:"association"`
	Areas       []AreaCard                               `json:"areas"`
	Rollup      scoring.Rollup                           `json:"rollup"`
	Peer        *Peer                                    `json:"peer,omitempty"`
	Ranks       []scoring.Rank                           `json:"ranks"`
	K           int                                      `json:"k"`
	Submitted   int                                      `json:"submitted"`
	Total       int                                      `json:"total"`
	Definitions map[string]*questionnaires.Questionnaire `json:"-"`
	// Raters is the consensus index of an association that had raters
	// (the association itself and administrators only).
	Raters *RaterSummary `json:"raters,omitempty"`
}

// Scorecard returns an association's scores and maturity levels (live),
// where to improve first, and where it stands: its percentile rank in
// each of its peer groups and the peers' section medians, against the
// campaign's latest release, shown only where the release shows the group.
// The association itself and administrators see everything; an analyst
// sees the scores and levels of an association that shares them with the
// working group (SetConsent) and nothing else — no item points, which
// would give the answers away, no ranks.
func (s *Service) Scorecard(ctx context.Context, p Principal, campaign, association string) (*Scorecard, error) {
	if err := s.analystMaySee(ctx, p, campaign, association); err != nil {
		return nil, err
	}
	c, err := s.store.GetCampaign(ctx, campaign)
	if err != nil {
		return nil, fmt.Errorf("campaign %s: %w", campaign, err)
	}
	rel, _, err := s.latestRelease(ctx, campaign)
	if err != nil && !errors.Is(err, ErrNoRelease) {
		return nil, err
	}
	a, err := s.store.GetAssociation(ctx, association)
	if err != nil {
		return nil, fmt.Errorf("association %s: %w", association, err)
	}
	analyst := p.Role == RoleAnalyst
	sc := &Scorecard{Campaign: c, Association: a, K: c.K, Definitions: map[string]*questionnaires.Questionnaire{}}
	if analyst {
		sc.Association = a.Directory()
	}
	if sc.K < 1 {
		sc.K = scoring.DefaultK
	}
	var results []*scoring.Result
	var scored []*questionnaires.Questionnaire
	for _, k := range c.Questionnaires {
		q, err := s.Questionnaire(ctx, k)
		if err != nil {
			return nil, err
		}
		if !q.Scored() {
			continue
		}
		sc.Total++
		sc.Definitions[q.ID] = q
		scored = append(scored, q)
		card, result, err := s.areaCard(ctx, c, q, association, rel, analyst)
		if err != nil {
			return nil, err
		}
		if card.Status == StatusSubmitted {
			sc.Submitted++
			results = append(results, result)
			if card.peer != nil {
				sc.Peer = card.peer
			}
		}
		sc.Areas = append(sc.Areas, card)
	}
	sc.Rollup = scoring.Roll(results)
	if rel != nil && sc.Peer != nil && !analyst {
		sc.Ranks = ranksOf(rel, sc.Peer.Attrs(), sc.Rollup)
	}
	if analyst {
		sc.Peer = nil
	} else if sc.Raters, err = s.raterSummary(ctx, c, scored, association); err != nil {
		return nil, err
	}
	sc.Ranks = append([]scoring.Rank{}, sc.Ranks...)
	return sc, nil
}

// areaCard is the scorecard's part for one questionnaire: the stored
// response's live scores, rescored for the explanations.
func (s *Service) areaCard(ctx context.Context, c *Campaign, q *questionnaires.Questionnaire, association string, rel *scoring.Release, analyst bool) (AreaCard, *scoring.Result, error) {
	card := AreaCard{Questionnaire: q.ID, Version: q.Version, Area: q.Area, Status: StatusDraft}
	r, err := s.store.GetResponse(ctx, ResponseID(c.ID, association, q.ID))
	switch {
	case IsNotFound(err):
		return card, nil, nil
	case err != nil:
		return card, nil, fmt.Errorf("get response: %w", err)
	case r.Status != StatusSubmitted:
		return card, nil, nil
	}
	card.Status = StatusSubmitted
	rq, err := s.Questionnaire(ctx, r.Key())
	if err != nil {
		return card, nil, err
	}
	result := scoring.Score(rq, r.Answers)
	card.Result, card.Scored, card.Score, card.Maturity = result, result.Scored, result.Score, result.Maturity
	card.peer = r.Peer
	for _, sec := range result.Sections {
		ss := SectionScore{Section: sec}
		if rel != nil && !analyst {
			if st, ok := rel.Cell(scoring.SectionMetric(rq.ID, sec.ID), nil, nil); ok && st.QuartilesShown {
				m := st.Median
				ss.PeerMedian = &m
			}
		}
		card.Sections = append(card.Sections, ss)
	}
	if analyst {
		// Scores and levels only: an item's points, with its scoring
		// parameters, give the answer away.
		card.Items, card.Improve, card.Result = []scoring.Item{}, []scoring.Item{}, nil
	} else {
		card.Items, card.Improve = result.Items, result.Improve
	}
	return card, result, nil
}

// ranksOf returns an association's percentile ranks, for its overall,
// area and impact-area scores, in "all" and each of its one-dimension
// groups, against the release.
func ranksOf(rel *scoring.Release, attrs map[string]string, ro scoring.Rollup) []scoring.Rank {
	values := map[string]float64{}
	ro.AddMetrics(values)
	for area, v := range ro.Areas {
		values[scoring.AreaMetric(area)] = v
	}
	var out []scoring.Rank
	for _, m := range metricsOf(nil) {
		x, ok := values[m]
		if !ok {
			continue
		}
		out = append(out, rel.Rank(m, nil, attrs, x))
		for _, dim := range Dimensions {
			out = append(out, rel.Rank(m, []string{dim}, attrs, x))
		}
	}
	return out
}

// ScoreRow is one association's line in the all-scores audit list.
type ScoreRow struct {
	Association string             `json:"association"`
	Name        string             `json:"name"`
	Peer        map[string]string  `json:"peer"`
	Values      map[string]float64 `json:"values"`
	Maturity    map[string]string  `json:"maturity"`
}

// AllScores lists every association's scores in a campaign (administrators, for audits).
func (s *Service) AllScores(ctx context.Context, p Principal, campaign string) ([]ScoreRow, error) {
	if err := requireRole(p, RoleAdmin); err != nil {
		return nil, err
	}
	res, err := s.results(ctx, campaign)
	if err != nil {
		return nil, err
	}
	res.mu.RLock()
	rows := make([]ScoreRow, 0, res.data.Len())
	ids := make([]string, 0, res.data.Len())
	for i := 0; i < res.data.Len(); i++ {
		peer := res.data.Peer(i)
		row := ScoreRow{Association: peer.ID, Peer: peer.Attrs, Values: map[string]float64{}, Maturity: maps.Clone(res.maturity[peer.ID])}
		for _, m := range metricsOf(nil) {
			if v, ok := res.value(peer.ID, m); ok {
				row.Values[m] = v
			}
		}
		rows, ids = append(rows, row), append(ids, peer.ID)
	}
	res.mu.RUnlock()
	names, err := s.associations(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		if a := names[rows[i].Association]; a != nil {
			rows[i].Name = a.Name
		}
	}
	slices.SortFunc(rows, func(a, b ScoreRow) int { return strings.Compare(a.Association, b.Association) })
	return rows, nil
}

// Prevalence returns, for a choice question, the share of associations in
// each peer group choosing each option (analysts and administrators), from
// the campaign's latest release.
func (s *Service) Prevalence(ctx context.Context, p Principal, campaign, questionnaire, question string, groupBy []string) (*scoring.PrevalenceTable, *questionnaires.Question, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, nil, err
	}
	c, err := s.store.GetCampaign(ctx, campaign)
	if err != nil {
		return nil, nil, fmt.Errorf("campaign %s: %w", campaign, err)
	}
	q, err := s.campaignQuestionnaire(ctx, c, questionnaire)
	if err != nil {
		return nil, nil, err
	}
	qu := q.Question(question)
	switch {
	case qu == nil:
		return nil, nil, invalid("question", "%s has no question %q", q.ID, truncate(question, 64))
	case !qu.Type.IsChoice() && qu.Type != questionnaires.TypeYesNo:
		return nil, nil, invalid("question", "%s is a %s question; prevalence needs a choice or yes/no question", qu.ID, qu.Type)
	case qu.ChoicesFrom != "":
		return nil, nil, invalid("question", "%s lists %s: prevalence would single out associations", qu.ID, qu.ChoicesFrom)
	case !publishedChoice(q, qu):
		return nil, nil, invalid("question", "%s is a peer attribute: see the n of the benchmark tables", qu.ID)
	}
	rel, _, err := s.latestRelease(ctx, campaign)
	if err != nil {
		return nil, nil, err
	}
	t, err := rel.Prevalence(choiceUnit(q.ID, qu.ID), groupBy)
	if err != nil {
		return nil, nil, invalid("group_by", "%v", err)
	}
	return t, qu, nil
}

// Levels returns the distribution of an area's maturity levels in each
// peer group (analysts and administrators), from the latest release.
func (s *Service) Levels(ctx context.Context, p Principal, campaign string, area questionnaires.Area, groupBy []string) (*scoring.PrevalenceTable, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	rel, _, err := s.latestRelease(ctx, campaign)
	if err != nil {
		return nil, err
	}
	t, err := rel.Prevalence(levelUnit(area), groupBy)
	if err != nil {
		return nil, invalid("area", "%v", err)
	}
	return t, nil
}

// Trends compares a campaign with an earlier one (from; the campaign's
// Previous when ""), per peer group, from the two campaigns' latest
// releases (analysts and administrators); administrators also get each
// association's changes, from the live results.
func (s *Service) Trends(ctx context.Context, p Principal, campaign, from string, groupBy []string) (*scoring.Trend, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	c, err := s.store.GetCampaign(ctx, campaign)
	if err != nil {
		return nil, fmt.Errorf("campaign %s: %w", campaign, err)
	}
	if from == "" {
		from = c.Previous
	}
	if from == "" {
		return nil, invalid("from", "campaign %s has no previous campaign; give from", campaign)
	}
	if from == campaign {
		return nil, invalid("from", "compare with another campaign")
	}
	prevC, err := s.store.GetCampaign(ctx, from)
	if err != nil {
		return nil, fmt.Errorf("campaign %s: %w", from, err)
	}
	toKinds, err := s.campaignKinds(ctx, c)
	if err != nil {
		return nil, err
	}
	prevKinds, err := s.campaignKinds(ctx, prevC)
	if err != nil {
		return nil, err
	}
	toRel, _, err := s.latestRelease(ctx, campaign)
	if err != nil {
		return nil, err
	}
	fromRel, _, err := s.latestRelease(ctx, from)
	if err != nil {
		return nil, err
	}
	list := slices.Sorted(maps.Keys(toKinds))
	for m := range prevKinds {
		if _, ok := toKinds[m]; !ok {
			list = append(list, m)
		}
	}
	slices.Sort(list)
	tr, err := scoring.TrendOf(fromRel, toRel, prevKinds, toKinds, list, groupBy)
	if err != nil {
		return nil, invalid("group_by", "%v", err)
	}
	if p.Role == RoleAdmin {
		// single associations' changes are for administrators (and, one by
		// one, for each association itself), not for working groups
		to, err := s.results(ctx, campaign)
		if err != nil {
			return nil, err
		}
		prev, err := s.results(ctx, from)
		if err != nil {
			return nil, err
		}
		toPeers, prevPeers := to.snapshotPeers(), prev.snapshotPeers()
		live := scoring.Trends(
			scoring.Campaign{ID: prevC.ID, Peers: prevPeers, Kinds: prevKinds},
			scoring.Campaign{ID: c.ID, Peers: toPeers, Kinds: toKinds},
			list, nil, max(prevC.K, c.K))
		tr.Associations = live.Associations
	}
	return tr, nil
}

// campaignKinds says what each metric of the campaign's questionnaires
// measures (addKinds), from their definitions.
func (s *Service) campaignKinds(ctx context.Context, c *Campaign) (map[string]string, error) {
	kinds := map[string]string{}
	for _, k := range c.Questionnaires {
		q, err := s.Questionnaire(ctx, k)
		if err != nil {
			return nil, err
		}
		addKinds(kinds, q)
	}
	return kinds, nil
}

// ResultsDataset returns the campaign's submitted results in columns, one
// row per association and one column per metric, as peer statistics read
// them (administrators; for measurement and audits). The Dataset is shared
// with the cache: callers must not modify it.
func (s *Service) ResultsDataset(ctx context.Context, p Principal, campaign string) (*scoring.Dataset, error) {
	if err := requireRole(p, RoleAdmin); err != nil {
		return nil, err
	}
	res, err := s.results(ctx, campaign)
	if err != nil {
		return nil, err
	}
	res.mu.RLock()
	defer res.mu.RUnlock()
	return res.data.SortedByID(), nil
}

// SubmittedBy returns, for every association with a submitted response
// in the campaign, the questionnaires it has submitted (administrators and
// analysts: the association list shows it).
func (s *Service) SubmittedBy(ctx context.Context, p Principal, campaign string) (map[string][]string, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	res, err := s.results(ctx, campaign)
	if err != nil {
		return nil, err
	}
	res.mu.RLock()
	defer res.mu.RUnlock()
	out := make(map[string][]string, res.data.Len())
	for _, k := range res.campaign.Questionnaires {
		q, err := s.Questionnaire(ctx, k)
		if err != nil {
			return nil, err
		}
		col, ok := res.data.Choice(submittedRef(q.ID))
		if !ok {
			continue
		}
		for row := range res.data.Len() {
			if res.data.ChoiceValue(row, col)&scoring.Answered != 0 {
				id := res.data.ID(row)
				out[id] = append(out[id], q.ID)
			}
		}
	}
	return out, nil
}
