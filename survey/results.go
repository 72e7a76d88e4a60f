package survey

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
)

// campaignResults are a campaign's submitted results in the compact form
// peer statistics need, built by streaming the responses once per
// campaign generation.
type campaignResults struct {
	campaign *Campaign
	gen      int64
	// data holds one row per association with a submitted response, one
	// column per metric (columns, not maps: peer statistics read them fast).
	data     *scoring.Dataset
	index    map[string]int // association -> row
	kinds    map[string]string
	maturity map[string]map[string]string // association -> area -> maturity level

	mu     sync.Mutex
	tables map[string]*scoring.Table // memoised Benchmark results by request
}

// resultsCache keeps the results of each campaign's latest generation.
type resultsCache struct {
	mu      sync.Mutex
	entries map[string]*campaignResults
	// building serialises the build of one campaign's results.
	building keyedMutex
}

func (c *resultsCache) get(id string, gen int64) *campaignResults {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[id]; e != nil && e.gen == gen {
		return e
	}
	return nil
}

func (c *resultsCache) put(e *campaignResults) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]*campaignResults{}
	}
	if old := c.entries[e.campaign.ID]; old == nil || old.gen <= e.gen {
		c.entries[e.campaign.ID] = e
	}
}

func (c *resultsCache) drop(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, id)
}

// resultsChanged invalidates cached results of a campaign here and, by
// bumping its generation in the database, in every other instance.
func (s *Service) resultsChanged(ctx context.Context, campaign string) {
	s.cache.drop(campaign)
	if _, err := s.store.BumpGeneration(context.WithoutCancel(ctx), campaign); err != nil {
		s.log.Error("campaign generation not bumped: cached benchmarks may be stale", "campaign", campaign, "err", err)
	}
}

// results returns the campaign's results, building them when the cached
// ones are of an older generation.
func (s *Service) results(ctx context.Context, campaign string) (*campaignResults, error) {
	c, err := s.store.GetCampaign(ctx, campaign)
	if err != nil {
		return nil, fmt.Errorf("campaign %s: %w", campaign, err)
	}
	if r := s.cache.get(c.ID, c.Generation); r != nil {
		return r, nil
	}
	unlock := s.cache.building.lock(c.ID)
	defer unlock()
	if r := s.cache.get(c.ID, c.Generation); r != nil {
		return r, nil
	}
	r, err := s.buildResults(ctx, c)
	if err != nil {
		return nil, err
	}
	s.cache.put(r)
	return r, nil
}

func (s *Service) buildResults(ctx context.Context, c *Campaign) (*campaignResults, error) {
	res := &campaignResults{campaign: c, gen: c.Generation, index: map[string]int{}, kinds: map[string]string{},
		maturity: map[string]map[string]string{}, tables: map[string]*scoring.Table{}}
	for _, k := range c.Questionnaires {
		q, err := s.Questionnaire(ctx, k)
		if err != nil {
			return nil, err
		}
		addKinds(res.kinds, q)
	}
	metrics := make([]string, 0, len(res.kinds))
	for m := range res.kinds {
		metrics = append(metrics, m)
	}
	slices.Sort(metrics)
	// The stream is read once into compact per-association records; rows
	// are added afterwards, with the peer attributes of each association's
	// latest submission.
	type value struct {
		metric int
		v      float64
	}
	type acc struct {
		attrs   map[string]string
		latest  time.Time
		values  []value
		results []*scoring.Result
	}
	var order []string
	accs := map[string]*acc{}
	probe := scoring.NewDataset(metrics)
	err := s.store.StreamResponses(ctx, ResponseFilter{Campaign: c.ID, Status: StatusSubmitted}, func(r *Response) error {
		q, err := s.Questionnaire(ctx, r.Key())
		if err != nil || r.Scores == nil {
			return err
		}
		a := accs[r.Association]
		if a == nil {
			a = &acc{}
			accs[r.Association] = a
			order = append(order, r.Association)
		}
		if r.Peer != nil && r.SubmittedAt != nil && !r.SubmittedAt.Before(a.latest) {
			a.attrs = r.Peer.Attrs()
			a.latest = *r.SubmittedAt
		}
		if !q.Scored() || !r.Scores.Scored {
			return nil
		}
		m := map[string]float64{}
		addScoreMetrics(m, q, r.Scores)
		for name, v := range m {
			if j, ok := probe.Metric(name); ok {
				a.values = append(a.values, value{j, v})
			}
		}
		a.results = append(a.results, &scoring.Result{Questionnaire: q.ID, Area: q.Area, Scored: true,
			Score: r.Scores.Score, Maturity: r.Scores.Maturity, ImpactAreas: q.ImpactAreas})
		if res.maturity[r.Association] == nil {
			res.maturity[r.Association] = map[string]string{}
		}
		res.maturity[r.Association][string(q.Area)] = r.Scores.Maturity
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read results of %s: %w", c.ID, err)
	}
	slices.Sort(order) // storage order is unspecified: make rows reproducible
	d := probe
	d.Grow(len(order))
	for _, id := range order {
		a := accs[id]
		row := d.Add(id, a.attrs)
		res.index[id] = row
		for _, v := range a.values {
			d.Set(row, v.metric, v.v)
		}
		roll := map[string]float64{}
		scoring.Roll(a.results).AddMetrics(roll)
		for name, v := range roll {
			if j, ok := d.Metric(name); ok {
				d.Set(row, j, v)
			}
		}
	}
	res.data = d
	return res, nil
}

// peers returns the results as one Peer per association (for the map-based
// parts of scoring: trends).
func (r *campaignResults) peers() []scoring.Peer {
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

// table returns a memoised Benchmark of the results.
func (r *campaignResults) table(metrics, groupBy []string) *scoring.Table {
	key := strings.Join(metrics, "|") + "#" + strings.Join(groupBy, ",")
	r.mu.Lock()
	defer r.mu.Unlock()
	if t := r.tables[key]; t != nil {
		return t
	}
	t := scoring.BenchmarkDataset(r.data, metrics, groupBy, r.campaign.K)
	r.tables[key] = t
	return t
}

// Benchmarks returns peer statistics of a campaign (analysts and
// administrators), for one questionnaire's metrics or, when questionnaire
// is "", the overall, area and impact-area scores; anonymity rules applied.
func (s *Service) Benchmarks(ctx context.Context, p Principal, campaign, questionnaire string, groupBy []string) (*scoring.Table, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	res, err := s.results(ctx, campaign)
	if err != nil {
		return nil, err
	}
	var q *questionnaires.Questionnaire
	if questionnaire != "" {
		if q, err = s.campaignQuestionnaire(ctx, res.campaign, questionnaire); err != nil {
			return nil, err
		}
		if !q.Scored() {
			return nil, invalid("questionnaire", "%s is not scored", q.ID)
		}
	}
	return res.table(metricsOf(q), groupBy), nil
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
	// Result is the full scoring result (explanations need the definition).
	Result *scoring.Result `json:"-"`
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
}

// Scorecard returns an association's scores, maturity levels, percentile
// ranks in each of its peer groups (suppressed where the anonymity rule
// says so) and where to improve first (the association itself, analysts,
// administrators). Scores are recomputed from the stored answers for the
// explanations; the stored scores are what peers are compared on.
func (s *Service) Scorecard(ctx context.Context, p Principal, campaign, association string) (*Scorecard, error) {
	if err := canSeeAssociation(p, association); err != nil {
		return nil, err
	}
	res, err := s.results(ctx, campaign)
	if err != nil {
		return nil, err
	}
	a, err := s.store.GetAssociation(ctx, association)
	if err != nil {
		return nil, fmt.Errorf("association %s: %w", association, err)
	}
	c := res.campaign
	sc := &Scorecard{Campaign: c, Association: a, K: c.K, Definitions: map[string]*questionnaires.Questionnaire{}}
	var results []*scoring.Result
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
		card := AreaCard{Questionnaire: q.ID, Version: q.Version, Area: q.Area, Status: StatusDraft}
		r, err := s.store.GetResponse(ctx, ResponseID(c.ID, association, q.ID))
		switch {
		case IsNotFound(err):
		case err != nil:
			return nil, fmt.Errorf("get response: %w", err)
		case r.Status == StatusSubmitted:
			sc.Submitted++
			card.Status = StatusSubmitted
			rq, err := s.Questionnaire(ctx, r.Key())
			if err != nil {
				return nil, err
			}
			result := scoring.Score(rq, r.Answers)
			if p.Role == RoleAnalyst {
				// analysts see scores, never an association's raw answers
				// (a numeric item's value is the answer itself)
				for i := range result.Items {
					result.Items[i].Value, result.Items[i].HasValue = 0, false
				}
				for i := range result.Improve {
					result.Improve[i].Value, result.Improve[i].HasValue = 0, false
				}
			}
			card.Result, card.Scored, card.Score, card.Maturity = result, result.Scored, result.Score, result.Maturity
			card.Items, card.Improve = result.Items, result.Improve
			all := res.table(metricsOf(rq), nil).All
			for _, sec := range result.Sections {
				ss := SectionScore{Section: sec}
				if st, ok := all.Stats[scoring.SectionMetric(rq.ID, sec.ID)]; ok && !st.Suppressed && st.N > 0 {
					m := st.Median
					ss.PeerMedian = &m
				}
				card.Sections = append(card.Sections, ss)
			}
			results = append(results, result)
			if r.Peer != nil {
				sc.Peer = r.Peer
			}
		}
		sc.Areas = append(sc.Areas, card)
	}
	sc.Rollup = scoring.Roll(results)
	if row, ok := res.index[association]; ok {
		for _, dim := range Dimensions {
			t := res.table(metricsOf(nil), []string{dim})
			for _, rk := range t.RankRow(res.data, row) {
				if dim != Dimensions[0] && rk.Group == scoring.AllKey {
					continue // "all" is listed once
				}
				sc.Ranks = append(sc.Ranks, rk)
			}
		}
	}
	return sc, nil
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
	rows := make([]ScoreRow, 0, res.data.Len())
	for i := 0; i < res.data.Len(); i++ {
		peer := res.data.Peer(i)
		row := ScoreRow{Association: peer.ID, Peer: peer.Attrs, Values: map[string]float64{}, Maturity: res.maturity[peer.ID]}
		for _, m := range metricsOf(nil) {
			if v, ok := res.value(peer.ID, m); ok {
				row.Values[m] = v
			}
		}
		if a, err := s.store.GetAssociation(ctx, peer.ID); err == nil {
			row.Name = a.Name
		}
		rows = append(rows, row)
	}
	slices.SortFunc(rows, func(a, b ScoreRow) int { return strings.Compare(a.Association, b.Association) })
	return rows, nil
}

// Prevalence returns, for a choice question, the share of associations in
// each peer group choosing each option (analysts and administrators;
// anonymity rules applied).
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
	}
	var options []string
	if qu.Type == questionnaires.TypeYesNo {
		options = []string{"yes", "no"}
	} else {
		for _, ch := range qu.Choices {
			options = append(options, ch.ID)
		}
	}
	var answers []scoring.ChoiceAnswer
	err = s.store.StreamResponses(ctx, ResponseFilter{Campaign: c.ID, Questionnaire: q.ID, Status: StatusSubmitted}, func(r *Response) error {
		v, ok := r.Answers[question]
		if !ok || r.Peer == nil {
			return nil
		}
		var sel []string
		switch v.Kind {
		case questionnaires.KindString:
			sel = []string{v.Str}
		case questionnaires.KindList:
			sel = v.List
		default:
			return nil
		}
		answers = append(answers, scoring.ChoiceAnswer{ID: r.Association, Attrs: r.Peer.Attrs(), Selected: sel})
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read answers: %w", err)
	}
	return scoring.Prevalence(answers, options, groupBy, c.K), qu, nil
}

// Trends compares a campaign with an earlier one (from; the campaign's
// Previous when ""), per association and per peer group (analysts and
// administrators).
func (s *Service) Trends(ctx context.Context, p Principal, campaign, from string, groupBy []string) (*scoring.Trend, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	to, err := s.results(ctx, campaign)
	if err != nil {
		return nil, err
	}
	if from == "" {
		from = to.campaign.Previous
	}
	if from == "" {
		return nil, invalid("from", "campaign %s has no previous campaign; give from", campaign)
	}
	if from == campaign {
		return nil, invalid("from", "compare with another campaign")
	}
	prev, err := s.results(ctx, from)
	if err != nil {
		return nil, err
	}
	metrics := map[string]bool{}
	for m := range to.kinds {
		metrics[m] = true
	}
	for m := range prev.kinds {
		metrics[m] = true
	}
	list := make([]string, 0, len(metrics))
	for m := range metrics {
		list = append(list, m)
	}
	slices.Sort(list)
	// the stricter threshold of the two, so that a group hidden in either
	// campaign's own results is hidden here too
	tr := scoring.Trends(
		scoring.Campaign{ID: prev.campaign.ID, Peers: prev.peers(), Kinds: prev.kinds},
		scoring.Campaign{ID: to.campaign.ID, Peers: to.peers(), Kinds: to.kinds},
		list, groupBy, max(prev.campaign.K, to.campaign.K))
	if p.Role != RoleAdmin {
		// single associations' changes are for administrators (and, one by
		// one, for each association itself), not for working groups
		tr.Associations = nil
	}
	return tr, nil
}

// MaxMentees is how many mentees one mentor is offered at most.
const MaxMentees = 3

// Mentoring proposes mentor/mentee pairs from a campaign's results and the
// associations' profiles (analysts and administrators).
func (s *Service) Mentoring(ctx context.Context, p Principal, campaign string) ([]scoring.Match, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	res, err := s.results(ctx, campaign)
	if err != nil {
		return nil, err
	}
	var profiles []scoring.MentoringProfile
	for i := 0; i < res.data.Len(); i++ {
		peer := res.data.Peer(i)
		a, err := s.store.GetAssociation(ctx, peer.ID)
		if err != nil {
			continue
		}
		mp := scoring.MentoringProfile{ID: a.ID, Name: a.Name, Region: string(a.Region), Languages: a.Languages,
			Offers: a.MentoringOffers, Seeks: a.MentoringSeeks, Levels: res.maturity[a.ID], Scores: map[string]float64{}}
		if loc, err := time.LoadLocation(a.TimeZone); err == nil {
			mp.Location = loc
		}
		for _, area := range questionnaires.ScoredAreas {
			if v, ok := res.value(peer.ID, scoring.AreaMetric(area)); ok {
				mp.Scores[string(area)] = v
			}
		}
		profiles = append(profiles, mp)
	}
	return scoring.MatchMentors(profiles, s.Now(), MaxMentees), nil
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
	return res.data, nil
}
