package survey

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
)

// The results model: per campaign, the submitted responses' scores, peer
// attributes and choice answers in columns (a scoring.Dataset, one row
// per association), which the publication, trends, mentoring and the
// administrators' lists read.
//
// It is loaded once per process (lazily, or at start-up by LoadResults)
// by one scan of the campaign's result records — compact documents of
// their own (ResultRecord), so that the scan reads little — and then kept
// up to date in place: every submit, reopen, re-score and profile change
// of this process applies the responses it wrote (applyResults), which
// costs one association's row, never a rescan.
//
// Generations. Every change takes the campaign's next generation before
// it writes, and writes it into the responses it changes. The model holds
// the generation up to which it has seen every change (held); changes of
// this process that finish out of order are counted when the gap before
// them closes (ahead). With a store other instances write to as well
// (MongoDB; Store.Exclusive is false), a reader that finds the campaign
// at a newer generation catches up by reading the responses changed after
// its held generation minus catchUpMargin — a change whose generation was
// taken before the counter moved on but whose write landed after another
// instance read is found that way — and for settleTime keeps re-reading
// from the oldest generation it has not seen a response of. Every
// application is idempotent and ordered by generation (a response's entry
// is replaced only by one of the same or a newer generation), so reading
// a change twice, or late, is harmless. The embedded store has one writer
// (its data dir is locked): there the model never reads back.
//
// A campaign whose questionnaires change is loaded anew.

// catchUpMargin is how many generations below the held one a catching-up
// model re-reads.
const catchUpMargin = 64

// settleTime is how long a model waits for the response of a generation
// another instance has taken before it counts it as lost (a failed write).
const settleTime = 30 * time.Second

// loadLogEvery is how many records the load logs its progress after.
const loadLogEvery = 5000

// metricValue is one metric of a response, by column of the model's data.
type metricValue struct {
	metric int
	v      float64
}

// choiceCell is one choice column value of a response.
type choiceCell struct {
	col int
	v   uint64
}

// resultEntry is one response's part of the model; removed marks a
// response that is no longer submitted (reopened), kept so that an older
// state read late is not applied over it.
type resultEntry struct {
	gen      int64
	removed  bool
	at       time.Time
	attrs    map[string]string
	values   []metricValue
	choices  []choiceCell
	result   *scoring.Result // nil: not scored
	area     questionnaires.Area
	maturity string
}

// campaignResults is a campaign's results model. Its fields are guarded
// by mu; the readers in results.go and releases.go hold mu for reading.
type campaignResults struct {
	mu       sync.RWMutex
	campaign *Campaign
	// held: every change up to this generation is in the model.
	held      int64
	ahead     map[int64]bool      // changes applied beyond held
	unsettled map[int64]time.Time // generations not seen yet, since when
	lastRead  time.Time           // the last catch-up
	behind    time.Time           // when the exclusive model was first seen behind
	// data holds one row per association with a submitted response, one
	// column per metric (columns, not maps: peer statistics read them fast).
	data     *scoring.Dataset
	index    map[string]int // association -> row
	kinds    map[string]string
	maturity map[string]map[string]string                  // association -> area -> maturity level
	entries  map[string]map[string]*resultEntry            // association -> questionnaire -> entry
	roll     func(results []*scoring.Result) []metricValue // the rollup's metrics
}

// resultsCache keeps each campaign's model, and the changes made while one
// is loading (replayed on it once loaded).
type resultsCache struct {
	mu      sync.Mutex
	entries map[string]*campaignResults
	loading map[string]int
	recent  map[string][]recentChange
	// building serialises the load of one campaign's model.
	building keyedMutex
}

// recentChange is a change applied while the campaign's model was loading.
type recentChange struct {
	gen       int64
	responses []*Response
}

func (c *resultsCache) get(id string) *campaignResults {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.entries[id]
}

func (c *resultsCache) drop(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, id)
}

// startLoad records that a model of campaign id is loading: changes made
// from now on are kept for it.
func (c *resultsCache) startLoad(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.loading == nil {
		c.loading, c.recent = map[string]int{}, map[string][]recentChange{}
	}
	c.loading[id]++
}

// finishLoad installs m (nil: the load failed) and returns the changes
// made while it loaded.
func (c *resultsCache) finishLoad(id string, m *campaignResults) []recentChange {
	c.mu.Lock()
	defer c.mu.Unlock()
	if m != nil {
		if c.entries == nil {
			c.entries = map[string]*campaignResults{}
		}
		c.entries[id] = m
	}
	recent := c.recent[id]
	if c.loading[id]--; c.loading[id] <= 0 {
		delete(c.loading, id)
		delete(c.recent, id)
	}
	return recent
}

// changed returns the campaign's model to apply a change to, or keeps the
// change for a model that is loading.
func (c *resultsCache) changed(id string, ch recentChange) *campaignResults {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.loading[id] > 0 {
		c.recent[id] = append(c.recent[id], ch)
	}
	return c.entries[id]
}

// applyResults applies the responses a change of generation gen wrote
// (submitted ones, reopened ones, none when the write failed) to the
// campaign's model.
func (s *Service) applyResults(ctx context.Context, campaign string, gen int64, rs ...*Response) {
	m := s.cache.changed(campaign, recentChange{gen: gen, responses: rs})
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	s.applyLocked(ctx, m, rs)
	m.seen(gen)
}

// applyLocked applies responses to m, which the caller holds locked.
func (s *Service) applyLocked(ctx context.Context, m *campaignResults, rs []*Response) {
	for _, r := range rs {
		e, err := s.entryOf(ctx, m, r)
		if err != nil {
			s.log.Error("results model: response not applied", "response", r.ID, "err", err)
			continue
		}
		if m.put(r.Association, r.Questionnaire, e) {
			m.refresh(r.Association)
		}
	}
}

// seen counts generation gen as applied.
func (m *campaignResults) seen(gen int64) {
	if gen <= m.held {
		return
	}
	delete(m.unsettled, gen)
	m.ahead[gen] = true
	for m.ahead[m.held+1] {
		delete(m.ahead, m.held+1)
		m.held++
	}
}

// put records e as the entry of an association's response to a
// questionnaire, unless the entry held is of a newer generation, and
// reports whether it did.
func (m *campaignResults) put(assoc, qid string, e *resultEntry) bool {
	es := m.entries[assoc]
	if es == nil {
		es = map[string]*resultEntry{}
		m.entries[assoc] = es
	}
	if cur := es[qid]; cur != nil && cur.gen > e.gen {
		return false
	}
	es[qid] = e
	return true
}

// refresh rewrites an association's row from its entries: removed when
// none is submitted, attributes of its latest submission.
func (m *campaignResults) refresh(assoc string) {
	es := m.entries[assoc]
	var live []string
	for qid, e := range es {
		if !e.removed {
			live = append(live, qid)
		}
	}
	slices.Sort(live)
	row, has := m.index[assoc]
	if len(live) == 0 {
		if has {
			if moved := m.data.RemoveRow(row); moved != "" {
				m.index[moved] = row
			}
			delete(m.index, assoc)
		}
		delete(m.maturity, assoc)
		return
	}
	var latest *resultEntry
	for _, qid := range live {
		if e := es[qid]; e.attrs != nil && (latest == nil || !e.at.Before(latest.at)) {
			latest = e
		}
	}
	var attrs map[string]string
	if latest != nil {
		attrs = latest.attrs
	}
	if has {
		m.data.SetAttrs(row, attrs)
		m.data.ClearRow(row)
	} else {
		row = m.data.Add(assoc, attrs)
		m.index[assoc] = row
	}
	m.fill(row, assoc, live)
}

// fill writes the values of an association's live entries into its row.
func (m *campaignResults) fill(row int, assoc string, live []string) {
	var results []*scoring.Result
	levels := map[string]string{}
	for _, qid := range live {
		e := m.entries[assoc][qid]
		for _, v := range e.values {
			m.data.Set(row, v.metric, v.v)
		}
		for _, ch := range e.choices {
			m.data.SetChoice(row, ch.col, ch.v)
		}
		if e.result != nil {
			results = append(results, e.result)
			levels[string(e.area)] = e.maturity
		}
	}
	for _, v := range m.roll(results) {
		m.data.Set(row, v.metric, v.v)
	}
	if len(levels) > 0 {
		m.maturity[assoc] = levels
	} else {
		delete(m.maturity, assoc)
	}
}

// entryOf turns a response into its entry: removed unless it is
// submitted and scored.
func (s *Service) entryOf(ctx context.Context, m *campaignResults, r *Response) (*resultEntry, error) {
	e := &resultEntry{gen: r.Generation}
	if r.Status != StatusSubmitted || r.Scores == nil {
		e.removed = true
		return e, nil
	}
	q, err := s.Questionnaire(ctx, r.Key())
	if err != nil {
		return nil, err
	}
	if r.Peer != nil && r.SubmittedAt != nil {
		e.attrs, e.at = r.Peer.Attrs(), *r.SubmittedAt
	}
	d := m.data
	if col, ok := d.Choice(submittedRef(q.ID)); ok {
		e.choices = append(e.choices, choiceCell{col, scoring.Answered})
	}
	for _, qu := range q.Questions() {
		col, ok := d.Choice(choiceUnit(q.ID, qu.ID))
		if !ok {
			continue
		}
		if v, ok := choiceValue(qu, r.Answers[qu.ID]); ok {
			e.choices = append(e.choices, choiceCell{col, v})
		}
	}
	if !q.Scored() || !r.Scores.Scored {
		return e, nil
	}
	if col, ok := d.Choice(levelUnit(q.Area)); ok {
		for i, l := range q.MaturityLevels {
			if l.ID == r.Scores.Maturity && i < scoring.MaxOptions {
				e.choices = append(e.choices, choiceCell{col, scoring.Answered | 1<<i})
			}
		}
	}
	vals := map[string]float64{}
	addScoreMetrics(vals, q, r.Scores)
	for _, name := range slices.Sorted(maps.Keys(vals)) {
		if j, ok := d.Metric(name); ok {
			e.values = append(e.values, metricValue{j, vals[name]})
		}
	}
	e.result = &scoring.Result{Questionnaire: q.ID, Area: q.Area, Scored: true,
		Score: r.Scores.Score, Maturity: r.Scores.Maturity, ImpactAreas: q.ImpactAreas}
	e.area, e.maturity = q.Area, r.Scores.Maturity
	return e, nil
}

// newModel returns an empty model of campaign c: its columns, no row.
func (s *Service) newModel(ctx context.Context, c *Campaign) (*campaignResults, error) {
	m := &campaignResults{campaign: c, held: c.Generation, ahead: map[int64]bool{}, unsettled: map[int64]time.Time{},
		index: map[string]int{}, kinds: map[string]string{}, maturity: map[string]map[string]string{},
		entries: map[string]map[string]*resultEntry{}}
	var defs []*questionnaires.Questionnaire
	for _, k := range c.Questionnaires {
		q, err := s.Questionnaire(ctx, k)
		if err != nil {
			return nil, err
		}
		defs = append(defs, q)
		addKinds(m.kinds, q)
	}
	m.data = scoring.NewDataset(slices.Sorted(maps.Keys(m.kinds)))
	// Choice columns: who submitted each questionnaire, the answers of its
	// published choice questions, the maturity level of its area.
	for _, q := range defs {
		m.data.AddChoice(submittedRef(q.ID))
		for _, qu := range q.Questions() {
			if publishedChoice(q, qu) {
				m.data.AddChoice(choiceUnit(q.ID, qu.ID))
			}
		}
		if q.Scored() && len(q.MaturityLevels) > 0 {
			m.data.AddChoice(levelUnit(q.Area))
		}
	}
	d := m.data
	m.roll = func(results []*scoring.Result) []metricValue {
		vals := map[string]float64{}
		scoring.Roll(results).AddMetrics(vals)
		out := make([]metricValue, 0, len(vals))
		for _, name := range slices.Sorted(maps.Keys(vals)) {
			if j, ok := d.Metric(name); ok {
				out = append(out, metricValue{j, vals[name]})
			}
		}
		return out
	}
	return m, nil
}

// results returns the campaign's results model, loading it the first time
// and catching up with other instances' changes (see above).
func (s *Service) results(ctx context.Context, campaign string) (*campaignResults, error) {
	c, err := s.store.GetCampaign(ctx, campaign)
	if err != nil {
		return nil, fmt.Errorf("campaign %s: %w", campaign, err)
	}
	m := s.cache.get(c.ID)
	if m != nil && !m.sameShape(c) {
		s.cache.drop(c.ID)
		m = nil
	}
	if m == nil {
		if m, err = s.loadOnce(ctx, c); err != nil {
			return nil, err
		}
	}
	now := s.Now()
	m.mu.Lock()
	m.campaign = c
	read, reload := m.needsRead(c.Generation, s.store.Exclusive(), now)
	m.mu.Unlock()
	switch {
	case reload:
		s.log.Warn("results model behind the campaign for too long: loading it again", "campaign", c.ID)
		s.cache.drop(c.ID)
		return s.loadOnce(ctx, c)
	case read:
		if err := s.catchUp(ctx, m, c.Generation); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// sameShape reports whether the model fits campaign c (the same
// questionnaires).
func (m *campaignResults) sameShape(c *Campaign) bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return slices.Equal(m.campaign.Questionnaires, c.Questionnaires) && m.campaign.K == c.K
}

// needsRead tells a reader finding the campaign at generation gen whether
// to read the changes of other instances, or (exclusive store) to load
// the model again because it has stayed behind for settleTime — which
// only a lost local change can cause.
func (m *campaignResults) needsRead(gen int64, exclusive bool, now time.Time) (read, reload bool) {
	if exclusive {
		switch {
		case gen <= m.held:
			m.behind = time.Time{}
		case m.behind.IsZero():
			m.behind = now
		case now.Sub(m.behind) > settleTime:
			return false, true
		}
		return false, false
	}
	if gen > m.held {
		return true, false
	}
	for g, since := range m.unsettled {
		if now.Sub(since) > settleTime {
			delete(m.unsettled, g)
		}
	}
	return len(m.unsettled) > 0 && now.Sub(m.lastRead) >= time.Second, false
}

// loadOnce loads the campaign's model unless another goroutine just did.
func (s *Service) loadOnce(ctx context.Context, c *Campaign) (*campaignResults, error) {
	unlock := s.cache.building.lock(c.ID)
	defer unlock()
	if m := s.cache.get(c.ID); m != nil {
		return m, nil
	}
	s.cache.startLoad(c.ID)
	// The campaign again, now that changes are kept for the model: held is
	// then a generation that every change applied since comes after.
	fresh, err := s.store.GetCampaign(ctx, c.ID)
	if err != nil {
		s.cache.finishLoad(c.ID, nil)
		return nil, fmt.Errorf("campaign %s: %w", c.ID, err)
	}
	m, err := s.loadResults(ctx, fresh)
	recent := s.cache.finishLoad(c.ID, m)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	for _, ch := range recent {
		s.applyLocked(ctx, m, ch.responses)
		m.seen(ch.gen)
	}
	m.mu.Unlock()
	return m, nil
}

// loadResults reads a campaign's results into a new model: its result
// records, or — a campaign of an older data dir — its submitted
// responses, writing their records as it goes (the migration).
func (s *Service) loadResults(ctx context.Context, c *Campaign) (*campaignResults, error) {
	start := time.Now()
	m, err := s.newModel(ctx, c)
	if err != nil {
		return nil, err
	}
	read := 0
	add := func(r *Response) error {
		e, err := s.entryOf(ctx, m, r)
		if err != nil {
			return err
		}
		m.put(r.Association, r.Questionnaire, e)
		if read++; read%loadLogEvery == 0 {
			s.log.Info("loading results", "campaign", c.ID, "responses", read, "took", time.Since(start).Round(time.Millisecond))
		}
		return nil
	}
	migrate := c.ResultsLayout < 1
	if migrate {
		err = s.migrateResults(ctx, c, add)
	} else {
		err = s.store.StreamResults(ctx, c.ID, func(rec *ResultRecord) error { return add(rec.response()) })
	}
	if err != nil {
		return nil, fmt.Errorf("read results of %s: %w", c.ID, err)
	}
	// Rows in id order, so that a fresh model is reproducible.
	ids := slices.Sorted(maps.Keys(m.entries))
	m.data.Grow(len(ids))
	for _, id := range ids {
		m.refresh(id)
	}
	if !s.store.Exclusive() {
		m.unsettleWindow(c.Generation, s.Now())
	}
	s.log.Info("results loaded", "campaign", c.ID, "associations", m.data.Len(), "responses", read,
		"migrated", migrate, "took", time.Since(start).Round(time.Millisecond))
	return m, nil
}

// unsettleWindow marks the generations of the last catchUpMargin below
// gen of which no entry holds a response as not seen yet: another
// instance may still be writing them.
func (m *campaignResults) unsettleWindow(gen int64, now time.Time) {
	have := map[int64]bool{}
	for _, es := range m.entries {
		for _, e := range es {
			have[e.gen] = true
		}
	}
	for g := max(1, gen-catchUpMargin+1); g <= gen; g++ {
		if !have[g] {
			m.unsettled[g] = now
		}
	}
}

// catchUp reads the responses other instances changed (see above) and
// applies them; the campaign is at generation gen.
func (s *Service) catchUp(ctx context.Context, m *campaignResults, gen int64) error {
	m.mu.Lock()
	from := m.held
	for g := range m.unsettled {
		from = min(from, g-1)
	}
	from = max(0, from-catchUpMargin)
	m.lastRead = s.Now()
	m.mu.Unlock()
	var rs []*Response
	err := s.store.StreamResponses(ctx, ResponseFilter{Campaign: m.campaign.ID, After: from}, func(r *Response) error {
		rs = append(rs, r)
		return nil
	})
	if err != nil {
		return fmt.Errorf("catch up with the results of %s: %w", m.campaign.ID, err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	old := m.held
	s.applyLocked(ctx, m, rs)
	seen := map[int64]bool{}
	for _, r := range rs {
		seen[r.Generation] = true
		delete(m.unsettled, r.Generation)
	}
	now := s.Now()
	for g := old + 1; g <= gen; g++ {
		if !seen[g] && !m.ahead[g] {
			m.unsettled[g] = now
		}
		delete(m.ahead, g)
	}
	m.held = max(m.held, gen)
	return nil
}

// response returns the record as the submitted response it stands for
// (with the answers of its choice questions only).
func (r *ResultRecord) response() *Response {
	at := r.SubmittedAt
	peer := r.Peer
	return &Response{ID: r.ID, Campaign: r.Campaign, Association: r.Association, Questionnaire: r.Questionnaire,
		Version: r.Version, Status: StatusSubmitted, Answers: r.Choices, SubmittedAt: &at, Scores: r.Scores, Peer: &peer,
		Generation: r.Generation}
}

// recordOf returns the result record of a submitted response.
func recordOf(q *questionnaires.Questionnaire, r *Response) *ResultRecord {
	rec := &ResultRecord{ID: r.ID, Campaign: r.Campaign, Association: r.Association, Questionnaire: r.Questionnaire,
		Version: r.Version, Generation: r.Generation, Scores: r.Scores, Choices: questionnaires.Answers{}}
	if r.SubmittedAt != nil {
		rec.SubmittedAt = *r.SubmittedAt
	}
	if r.Peer != nil {
		rec.Peer = *r.Peer
	}
	for _, qu := range q.Questions() {
		if v, ok := r.Answers[qu.ID]; ok && (qu.Type.IsChoice() || qu.Type == questionnaires.TypeYesNo) {
			rec.Choices[qu.ID] = v
		}
	}
	return rec
}

// migrateResults reads a campaign's submitted responses into add and
// writes their result records, then records the campaign's new layout.
func (s *Service) migrateResults(ctx context.Context, c *Campaign, add func(*Response) error) error {
	s.log.Info("results: writing the compact records of an earlier data dir's campaign", "campaign", c.ID)
	var batch []*ResultRecord
	flush := func() error {
		err := s.store.PutResults(ctx, c.ID, batch)
		batch = batch[:0]
		return err
	}
	err := s.store.StreamResponses(ctx, ResponseFilter{Campaign: c.ID, Status: StatusSubmitted}, func(r *Response) error {
		if r.Scores == nil {
			return nil
		}
		q, err := s.Questionnaire(ctx, r.Key())
		if err != nil {
			return err
		}
		if err := add(r); err != nil {
			return err
		}
		if batch = append(batch, recordOf(q, r)); len(batch) == 500 {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err == nil {
		err = s.store.SetResultsLayout(ctx, c.ID, 1)
	}
	return err
}

// LoadResults loads the results model of every campaign that is open or
// has a release (at start-up, so that the first reader does not wait),
// logging each; a campaign that fails is logged and skipped.
func (s *Service) LoadResults(ctx context.Context) {
	cs, err := s.store.ListCampaigns(ctx)
	if err != nil {
		s.log.Error("results not loaded", "err", err)
		return
	}
	now := s.Now()
	for _, c := range cs {
		if c.Status(now) == CampaignScheduled {
			continue
		}
		if _, err := s.results(ctx, c.ID); err != nil {
			s.log.Error("results not loaded", "campaign", c.ID, "err", err)
		}
	}
}

// writeResults brings a campaign's result records in line with responses
// it just wrote: the records of submitted ones put, the others deleted.
// A failure is logged: the responses stand, and the record of each is
// rewritten by its next change or by Rescore.
func (s *Service) writeResults(ctx context.Context, campaign string, rs ...*Response) {
	ctx = context.WithoutCancel(ctx)
	var put []*ResultRecord
	for _, r := range rs {
		if r.Status == StatusSubmitted && r.Scores != nil {
			q, err := s.Questionnaire(ctx, r.Key())
			if err != nil {
				s.log.Error("result record not written", "response", r.ID, "err", err)
				continue
			}
			put = append(put, recordOf(q, r))
			continue
		}
		if err := s.store.DeleteResult(ctx, campaign, r.ID); err != nil {
			s.log.Error("result record not deleted", "response", r.ID, "err", err)
		}
	}
	if err := s.store.PutResults(ctx, campaign, put); err != nil {
		s.log.Error("result records not written", "campaign", campaign, "responses", len(put), "err", err)
	}
}

// nextGeneration takes the campaign's next generation for a change about
// to be written.
func (s *Service) nextGeneration(ctx context.Context, campaign string) (int64, error) {
	gen, err := s.store.BumpGeneration(ctx, campaign)
	if err != nil {
		return 0, fmt.Errorf("campaign %s: take a generation: %w", campaign, err)
	}
	return gen, nil
}

// committed finishes a change of generation gen that wrote responses rs
// (none when it failed): their result records, the model.
func (s *Service) committed(ctx context.Context, campaign string, gen int64, rs ...*Response) {
	if len(rs) > 0 {
		s.writeResults(ctx, campaign, rs...)
	}
	s.applyResults(ctx, campaign, gen, rs...)
}

// recopyPeer copies an association's peer attributes, after a change of
// its profile, into its submitted responses of every open campaign (a
// closed campaign keeps those of its time), under one generation per
// campaign, with their result records and the model. A failure is
// logged: the profile change stands, and the responses keep the
// attributes they had.
func (s *Service) recopyPeer(ctx context.Context, a *Association) {
	ctx = context.WithoutCancel(ctx)
	s.mentoring.reset() // offers, seeks, languages and zones may have changed
	peer := a.Peer()
	cs, err := s.store.ListCampaigns(ctx)
	if err != nil {
		s.log.Error("peer attributes not copied into open campaigns", "association", a.ID, "err", err)
		return
	}
	now := s.Now()
	for _, c := range cs {
		if c.Status(now) != CampaignOpen {
			continue
		}
		if err := s.recopyPeerIn(ctx, c, a.ID, peer); err != nil {
			s.log.Error("peer attributes not copied", "association", a.ID, "campaign", c.ID, "err", err)
		}
	}
}

// recopyPeerIn is recopyPeer for one campaign.
func (s *Service) recopyPeerIn(ctx context.Context, c *Campaign, assoc string, peer Peer) error {
	var ids []string
	for _, k := range c.Questionnaires {
		q, err := s.Questionnaire(ctx, k)
		if err != nil {
			return err
		}
		r, err := s.store.GetResponse(ctx, ResponseID(c.ID, assoc, q.ID))
		if IsNotFound(err) {
			continue
		}
		if err != nil {
			return err
		}
		if r.Status == StatusSubmitted && (r.Peer == nil || *r.Peer != peer) {
			ids = append(ids, r.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	gen, err := s.nextGeneration(ctx, c.ID)
	if err != nil {
		return err
	}
	var changed []*Response
	defer func() { s.committed(ctx, c.ID, gen, changed...) }()
	for _, id := range ids {
		// Revision-checked, without the response's lock: a submission of
		// the profile holds it while the profile is applied. The revision
		// stays: peer attributes are the server's copy, not the
		// association's document, so its acknowledged submission (and
		// the ETag it holds) stays the stored one.
		for attempt := 0; ; attempt++ {
			cur, err := s.store.GetResponse(ctx, id)
			if err != nil {
				return err
			}
			if cur.Status != StatusSubmitted || (cur.Peer != nil && *cur.Peer == peer) {
				break
			}
			r := *cur
			r.Peer, r.Generation = &peer, gen
			err = s.store.ReplaceResponse(ctx, &r, cur.Revision)
			if err == nil {
				changed = append(changed, &r)
				break
			}
			if !errors.Is(err, ErrConflict) || attempt >= maxRetries {
				return err
			}
		}
	}
	return nil
}
