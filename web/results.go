package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/reports"
	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
)

// option is one entry of a <select>.
type option struct {
	Value, Label string
	Selected     bool
}

// fmtScore writes a 0-100 score without false precision.
// It rounds by the one rule of reports.Round, as the charts do.
func fmtScore(f float64) string { return reports.FormatRound(f, 0) }

// groupLabel names a peer group ("all" or "region=africa,size=small") in lang.
func groupLabel(key string, attrs map[string]string, dims []string, lang string) string {
	if key == scoring.AllKey {
		return i18n.T(lang, "group.all")
	}
	var parts []string
	for _, d := range dims {
		v, ok := attrs[d]
		if !ok {
			continue
		}
		parts = append(parts, dimValueLabel(d, v, lang))
	}
	if len(parts) == 0 { // attrs missing: fall back to the key
		for _, kv := range strings.Split(key, ",") {
			d, v, _ := strings.Cut(kv, "=")
			parts = append(parts, dimValueLabel(d, v, lang))
		}
	}
	return strings.Join(parts, " · ")
}

// dimValueLabel names one value of a grouping dimension in lang.
func dimValueLabel(dim, v, lang string) string {
	if v == scoring.Unknown || v == "" {
		return i18n.T(lang, "group.unknown")
	}
	if dim == "region" {
		return questionnaires.Region(v).Label(lang)
	}
	if k := dim + "." + v; i18n.Has(k) {
		return i18n.T(lang, k)
	}
	return v
}

// metricLabel names an overall, area or impact-area metric in lang.
func metricLabel(m, lang string) string {
	if k := "metric." + strings.ReplaceAll(m, ":", "."); i18n.Has(k) {
		return i18n.T(lang, k)
	}
	return m
}

// scorecardIndex opens the scorecard of the latest campaign that has begun.
func (w *site) scorecardIndex(c *gin.Context) {
	p, ok := w.principal(c)
	if !ok {
		return
	}
	cs, err := w.svc.ListCampaigns(c.Request.Context(), p)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	now := w.svc.Now()
	var best *survey.Campaign
	for _, cp := range cs {
		if cp.Status(now) != survey.CampaignScheduled && (best == nil || cp.Opens.After(best.Opens)) {
			best = cp
		}
	}
	if best == nil {
		w.errorPage(c, fmt.Errorf("no campaign has begun: %w", survey.ErrNotFound))
		return
	}
	q := ""
	if c.Request.URL.RawQuery != "" {
		q = "?" + c.Request.URL.RawQuery
	}
	c.Redirect(http.StatusSeeOther, "/scorecard/"+url.PathEscape(best.ID)+q)
}

// scorecardData is the scorecard page's data.
type scorecardData struct {
	Campaign      string
	CampaignTitle string
	Campaigns     []option
	Association   string
	AssocID       string
	Picker        []option
	PickerAfter   string // the last id listed when the picker has a next page
	NeedPick      bool
	Submitted     int
	Total         int
	K             int
	Overall       string
	Areas         []areaView
	RankCols      []string
	RankRows      []rankRow
	Radar         template.JS
	Bar           template.JS
	Download      string
	Survey        string
	Plan          *planSummary // plans.go
	Raters        *raterCard   // raters.go
}

type areaView struct {
	Title, Status, StatusLabel string
	Scored                     bool
	Score                      string
	Maturity, MaturityDesc     string
	Sections                   []sectionView
	Improve                    []improveView
	// Weak are the items under 50 points not among Improve.
	Weak []improveView
}

type sectionView struct {
	Title, Score, PeerMedian string
	Scored, HasPeer          bool
}

type improveView struct {
	Label, Section, Gain, Points string
	// Practices are matching entries of the library.
	Practices []practiceLink
}

type rankRow struct {
	Group string
	Cells []rankCell
}

type rankCell struct {
	Value      string
	N          int
	Suppressed bool
	Missing    bool
}

func (w *site) scorecardPage(c *gin.Context) {
	p, ok := w.principal(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	campaign := c.Param("c")
	if other := c.Query("campaign"); other != "" && other != campaign {
		q := c.Request.URL.Query()
		q.Del("campaign")
		c.Redirect(http.StatusSeeOther, "/scorecard/"+url.PathEscape(other)+"?"+q.Encode())
		return
	}
	pg := w.newPage(c, "sc.title", &p)
	cs, err := w.svc.ListCampaigns(ctx, p)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	d := scorecardData{Campaign: campaign}
	assoc := p.Association
	if p.Role != survey.RoleAssociation {
		assoc = c.Query("association")
		if err := w.scorecardPicker(c, &d, assoc); err != nil {
			w.errorPage(c, err)
			return
		}
		d.NeedPick = assoc == ""
	}
	for _, cp := range cs {
		if cp.Status(w.svc.Now()) == survey.CampaignScheduled {
			continue
		}
		d.Campaigns = append(d.Campaigns, option{Value: cp.ID, Label: cp.Title.In(pg.Lang), Selected: cp.ID == campaign})
		if cp.ID == campaign {
			d.CampaignTitle = cp.Title.In(pg.Lang)
		}
	}
	if d.CampaignTitle == "" {
		w.errorPage(c, fmt.Errorf("campaign %s: %w", campaign, survey.ErrNotFound))
		return
	}
	if d.NeedPick {
		pg.Data = d
		w.render(c, http.StatusOK, "scorecard", pg)
		return
	}
	sc, err := w.svc.Scorecard(ctx, p, campaign, assoc)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	l := pg.Lang
	d.Association, d.AssocID = sc.Association.Name, sc.Association.ID
	d.Submitted, d.Total, d.K = sc.Submitted, sc.Total, sc.K
	d.Download = "/api/v1/campaigns/" + url.PathEscape(campaign) + "/exports/scorecard/" + url.PathEscape(assoc) + "?lang=" + l
	if p.Role == survey.RoleAssociation {
		d.Survey = "/survey"
	}
	d.Plan = w.planSummary(c, p, campaign, assoc, sc.Definitions, l)
	d.Raters = raterSummaryCard(sc, p, campaign, assoc, l)
	if sc.Rollup.HasOverall {
		d.Overall = fmtScore(sc.Rollup.Overall)
	}
	var indicators []string
	var mine, peers []*float64
	for _, card := range sc.Areas {
		def := sc.Definitions[card.Questionnaire]
		av := areaView{Title: def.Title.In(l), Status: string(card.Status), StatusLabel: pg.T("status." + string(card.Status)), Scored: card.Scored}
		if card.Status != survey.StatusSubmitted {
			av.StatusLabel = pg.T("sc.notsubmitted")
		}
		if card.Scored {
			av.Score = fmtScore(card.Score)
			for _, ml := range def.MaturityLevels {
				if ml.ID == card.Maturity {
					av.Maturity, av.MaturityDesc = ml.Label.In(l), ml.Description.In(l)
				}
			}
		}
		for _, sec := range card.Sections {
			s := def.Section(sec.ID)
			title := sec.ID
			if s != nil {
				title = s.Title.In(l)
			}
			sv := sectionView{Title: title, Scored: sec.Scored, HasPeer: sec.PeerMedian != nil}
			if sec.Scored {
				sv.Score = fmtScore(sec.Score)
			}
			if sec.PeerMedian != nil {
				sv.PeerMedian = fmtScore(*sec.PeerMedian)
			}
			av.Sections = append(av.Sections, sv)
			if sec.Scored {
				indicators = append(indicators, title)
				mine = append(mine, reports.Float(sec.Score))
				if sec.PeerMedian != nil {
					peers = append(peers, reports.Float(*sec.PeerMedian))
				} else {
					peers = append(peers, nil)
				}
			}
		}
		av.Improve, av.Weak = w.itemViews(c, p, def, card, pg) // practiceviews.go
		d.Areas = append(d.Areas, av)
	}
	// percentile ranks: a row per peer group, a column per metric
	metrics := []string{scoring.MetricOverall}
	for _, a := range questionnaires.ScoredAreas {
		metrics = append(metrics, scoring.AreaMetric(a))
	}
	for _, m := range metrics {
		d.RankCols = append(d.RankCols, metricLabel(m, l))
	}
	rowIndex := map[string]int{}
	for _, rk := range sc.Ranks {
		col := slices.Index(metrics, rk.Metric)
		if col < 0 {
			continue
		}
		i, ok := rowIndex[rk.Group]
		if !ok {
			i = len(d.RankRows)
			rowIndex[rk.Group] = i
			dims := make([]string, 0, len(rk.Attrs))
			for _, dim := range survey.Dimensions {
				if _, ok := rk.Attrs[dim]; ok {
					dims = append(dims, dim)
				}
			}
			label := groupLabel(rk.Group, rk.Attrs, dims, l)
			if len(dims) == 1 {
				label = pg.T("dim."+dims[0]) + ": " + label
			}
			row := rankRow{Group: label, Cells: make([]rankCell, len(metrics))}
			for j := range row.Cells {
				row.Cells[j].Missing = true
			}
			d.RankRows = append(d.RankRows, row)
		}
		cell := rankCell{N: rk.N, Suppressed: rk.Suppressed}
		if !rk.Suppressed {
			cell.Value = fmtScore(rk.Percentile)
		}
		d.RankRows[i].Cells[col] = cell
	}
	if len(indicators) > 0 {
		you, median := pg.T("chart.you"), pg.T("chart.median")
		series := []reports.Series{{Name: you, Values: mine}, {Name: median, Values: peers}}
		radar, err := reports.RadarOptions(indicators, 100, series)
		if err != nil {
			w.errorPage(c, err)
			return
		}
		bar, err := reports.BarOptions(indicators, series, 100, true)
		if err != nil {
			w.errorPage(c, err)
			return
		}
		d.Radar, d.Bar = rawBlock(radar), rawBlock(bar)
		pg.Charts = true
	}
	pg.Data = d
	w.render(c, http.StatusOK, "scorecard", pg)
}

// dashboardData is the working-group dashboard's data.
type dashboardData struct {
	Campaigns      []option
	Questionnaires []option
	Groupings      []option
	Questions      []option
	Campaign       string
	CampaignTitle  string
	Questionnaire  string
	QTitle         string
	Group          string
	GroupLabel     string
	K              int
	// K2 and K4 are the sizes from which quartiles and deciles are shown.
	K2, K4 int
	// Release and ReleasedAt say which release the figures come from.
	Release       int
	ReleasedAt    string
	Stats         []statRow
	Box           template.JS
	BoxError      string
	Question      string
	QuestionLabel string
	PrevCols      []prevCol
	PrevRows      []prevRow
	Heat          template.JS
	PrevError     string
	TrendFrom     string
	TrendTo       string
	Trend         []trendRow
	Line          template.JS
	TrendError    string
	Matches       []matchRow
	MatchError    string
	PilotServed   string   // the run's counts in words
	PilotAreas    []string // matched of requests per area
	PilotPropose  string   // the propose form's action
	PilotResult   string   // what the last propose did
	Pairs         []pairRow
	Reminders     []pairRow
	Feedback      []string
	Outcomes      *outcomeView
	Pack          string
	Plans         *planTableView // plans.go
}

type statRow struct {
	Group                    string
	N                        int
	Suppressed, NHidden      bool
	Median, IQR, Range, Mean string
}

type prevCol struct {
	Label      string
	N          int
	Suppressed bool
	// NHidden: the release hides even the group's n.
	NHidden bool
}

type prevRow struct {
	Option string
	Cells  []string
}

type trendRow struct {
	Group            string
	FromN, ToN       int
	Suppressed       bool
	From, To, Change string
}

type matchRow struct {
	Area, Mentor, Mentee, Languages, Overlap string
	CrossRegion                              bool
}

func (w *site) dashboard(c *gin.Context) {
	p, ok := w.principal(c)
	if !ok {
		return
	}
	if p.Role == survey.RoleAssociation {
		c.Redirect(http.StatusSeeOther, "/survey")
		return
	}
	ctx := c.Request.Context()
	pg := w.newPage(c, "nav.dashboard", &p)
	l := pg.Lang
	cs, err := w.svc.ListCampaigns(ctx, p)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	now := w.svc.Now()
	d := dashboardData{Campaign: c.Query("campaign"), Questionnaire: c.Query("questionnaire"), Group: c.Query("group"), Question: c.Query("question")}
	var cp *survey.Campaign
	for _, x := range cs {
		if x.Status(now) == survey.CampaignScheduled {
			continue
		}
		if x.ID == d.Campaign || (d.Campaign == "" && (cp == nil || x.Opens.After(cp.Opens))) {
			cp = x
		}
	}
	if cp == nil {
		w.errorPage(c, fmt.Errorf("campaign %q: %w", d.Campaign, survey.ErrNotFound))
		return
	}
	d.Campaign, d.CampaignTitle, d.K = cp.ID, cp.Title.In(l), cp.K
	if d.K < 1 {
		d.K = scoring.DefaultK
	}
	d.K2, d.K4 = 2*d.K, 4*d.K
	if infos, err := w.svc.Releases(ctx, p, cp.ID); err == nil && len(infos) > 0 {
		last := infos[len(infos)-1]
		d.Release, d.ReleasedAt = last.Number, i18n.Date(last.At, l)
	}
	for _, x := range cs {
		if x.Status(now) != survey.CampaignScheduled {
			d.Campaigns = append(d.Campaigns, option{Value: x.ID, Label: x.Title.In(l), Selected: x.ID == cp.ID})
		}
	}
	var q *questionnaires.Questionnaire
	for _, k := range cp.Questionnaires {
		def, err := w.svc.Questionnaire(ctx, k)
		if err != nil {
			w.errorPage(c, err)
			return
		}
		if !def.Scored() {
			continue
		}
		if q == nil || def.ID == d.Questionnaire {
			q = def
		}
		d.Questionnaires = append(d.Questionnaires, option{Value: def.ID, Label: def.Title.In(l)})
	}
	if q == nil {
		w.errorPage(c, fmt.Errorf("campaign %s has no scored questionnaire: %w", cp.ID, survey.ErrNotFound))
		return
	}
	for i := range d.Questionnaires {
		d.Questionnaires[i].Selected = d.Questionnaires[i].Value == q.ID
	}
	d.Questionnaire, d.QTitle = q.ID, q.Title.In(l)
	if !slices.Contains(survey.Dimensions, d.Group) {
		d.Group = "region"
	}
	for _, dim := range survey.Dimensions {
		d.Groupings = append(d.Groupings, option{Value: dim, Label: pg.T("dim." + dim), Selected: dim == d.Group})
	}
	d.GroupLabel = pg.T("dim." + d.Group)
	dims := []string{d.Group}
	suppressed := func(n int) string { return pg.Suppressed(cp.K, n) }

	// median and spread of the area score by group
	metric := scoring.AreaMetric(q.Area)
	if t, err := w.svc.Benchmarks(ctx, p, cp.ID, q.ID, dims); err != nil {
		d.BoxError = w.sectionError(c, err, l)
	} else {
		groups := append([]scoring.Group{t.All}, t.Groups...)
		var cats []string
		var boxes []*reports.Box
		for _, g := range groups {
			st := g.Stats[metric]
			label := groupLabel(g.Key, g.Attrs, dims, l)
			row := statRow{Group: label, N: st.N, Suppressed: st.Suppressed, NHidden: st.NHidden}
			var box *reports.Box
			if !st.Suppressed && st.N > 0 {
				row.Mean, row.Median, row.IQR, row.Range = fmtScore(st.Mean), "—", "—", "—"
				if st.QuartilesShown {
					row.Median = fmtScore(st.Median)
					row.IQR = fmtScore(st.P25) + "–" + fmtScore(st.P75)
					// whiskers at the 10th and 90th percentiles when shown, else at the quartiles
					box = &reports.Box{P10: st.P25, P25: st.P25, Median: st.Median, P75: st.P75, P90: st.P75}
				}
				if st.DecilesShown {
					row.Range = fmtScore(st.P10) + "–" + fmtScore(st.P90)
					box.P10, box.P90 = st.P10, st.P90
				}
			}
			if st.N == 0 && !st.NHidden {
				continue
			}
			d.Stats = append(d.Stats, row)
			cats = append(cats, label)
			boxes = append(boxes, box)
		}
		if len(cats) > 0 {
			b, err := reports.BoxPlotOptions(cats, d.QTitle, boxes, 100)
			if err != nil {
				w.errorPage(c, err)
				return
			}
			d.Box = rawBlock(b)
		}
	}

	// practice prevalence of a choice question by group
	var choiceQs []*questionnaires.Question
	for _, qu := range q.Questions() {
		if (qu.Type.IsChoice() || qu.Type == questionnaires.TypeYesNo) && qu.ChoicesFrom == "" {
			choiceQs = append(choiceQs, qu)
		}
	}
	var pq *questionnaires.Question
	for _, qu := range choiceQs {
		if pq == nil || qu.ID == d.Question {
			pq = qu
		}
	}
	for _, qu := range choiceQs {
		d.Questions = append(d.Questions, option{Value: qu.ID, Label: qu.Label.In(l), Selected: qu == pq})
	}
	if pq != nil {
		d.Question, d.QuestionLabel = pq.ID, pq.Label.In(l)
		if t, _, err := w.svc.Prevalence(ctx, p, cp.ID, q.ID, pq.ID, dims); err != nil {
			d.PrevError = w.sectionError(c, err, l)
		} else {
			groups := append([]scoring.PrevalenceGroup{t.All}, t.Groups...)
			var cols []string
			for _, g := range groups {
				label := groupLabel(g.Key, g.Attrs, dims, l)
				d.PrevCols = append(d.PrevCols, prevCol{Label: label, N: g.N, Suppressed: g.Suppressed})
				cols = append(cols, label)
			}
			var rowsLabels []string
			var cells [][]*float64
			for _, o := range t.Options {
				label := o
				if pq.Type == questionnaires.TypeYesNo {
					label = pg.T("answer." + o)
				} else if ch := pq.Choice(o); ch != nil {
					label = ch.Label.In(l)
				}
				row := prevRow{Option: label}
				var vals []*float64
				for _, g := range groups {
					switch {
					case g.Suppressed:
						row.Cells = append(row.Cells, suppressed(g.N))
						vals = append(vals, nil)
					case g.N == 0:
						row.Cells = append(row.Cells, "—")
						vals = append(vals, nil)
					default:
						row.Cells = append(row.Cells, reports.Percent(g.Shares[o]))
						vals = append(vals, reports.Float(g.Shares[o]))
					}
				}
				d.PrevRows = append(d.PrevRows, row)
				rowsLabels = append(rowsLabels, label)
				cells = append(cells, vals)
			}
			b, err := reports.HeatMapOptions(cols, rowsLabels, cells)
			if err != nil {
				w.errorPage(c, err)
				return
			}
			d.Heat = rawBlock(b)
		}
	}

	// trend against the previous campaign
	if cp.Previous == "" {
		d.TrendError = pg.T("dash.trend.none")
	} else if tr, err := w.svc.Trends(ctx, p, cp.ID, "", dims); err != nil {
		d.TrendError = w.sectionError(c, err, l)
	} else {
		d.TrendFrom, d.TrendTo = campaignTitle(cs, tr.From, l), campaignTitle(cs, tr.To, l)
		var series []reports.Series
		for _, g := range tr.Groups {
			if g.Metric != metric || (len(g.Attrs) != 0 && len(g.Attrs) != len(dims)) {
				continue
			}
			label := groupLabel(g.Key, g.Attrs, dims, l)
			row := trendRow{Group: label, FromN: g.FromN, ToN: g.ToN, Suppressed: g.Suppressed}
			s := reports.Series{Name: label, Values: []*float64{nil, nil}}
			if !g.Suppressed {
				row.From, row.To = fmtScore(g.FromMedian), fmtScore(g.ToMedian)
				row.Change = fmt.Sprintf("%+.1f", g.DeltaMedian)
				if g.FromN > 0 {
					s.Values[0] = reports.Float(g.FromMedian)
				}
				if g.ToN > 0 {
					s.Values[1] = reports.Float(g.ToMedian)
				}
			}
			d.Trend = append(d.Trend, row)
			series = append(series, s)
		}
		if len(series) > 0 {
			b, err := reports.LineOptions([]string{d.TrendFrom, d.TrendTo}, series, 100)
			if err != nil {
				w.errorPage(c, err)
				return
			}
			d.Line = rawBlock(b)
		}
	}

	// mentoring matches
	if run, err := w.svc.MentoringPilot(ctx, p, cp.ID); err != nil {
		d.MatchError = w.sectionError(c, err, l)
	} else {
		ms := run.Matches
		d.PilotServed = i18n.T(l, "dash.pilot.served", len(ms), run.Requests, run.Greedy, pilotDate(run.Date, l))
		for _, a := range run.Areas {
			d.PilotAreas = append(d.PilotAreas, i18n.T(l, "dash.pilot.area", metricLabel("area:"+a.Area, l), a.Matched, a.Requests))
		}
		var ids []string
		for _, m := range ms {
			ids = append(ids, m.Mentor, m.Mentee)
		}
		names, err := w.svc.AssociationNames(ctx, p, ids)
		if err != nil {
			names = map[string]string{}
		}
		name := func(id string) string {
			if n := names[id]; n != "" {
				return n
			}
			return id
		}
		for _, m := range ms {
			langs := make([]string, len(m.SharedLanguages))
			for i, code := range m.SharedLanguages {
				langs[i] = i18n.LanguageName(code, l)
			}
			d.Matches = append(d.Matches, matchRow{Area: metricLabel("area:"+m.Area, l), Mentor: name(m.Mentor), Mentee: name(m.Mentee),
				Languages: strings.Join(langs, ", "), Overlap: reports.FormatRound(m.OverlapHours, 1), CrossRegion: m.CrossRegion})
		}
	}
	d.PilotPropose = "/dashboard/" + url.PathEscape(cp.ID) + "/mentoring/propose"
	if pr := c.Query("proposed"); pr != "" {
		d.PilotResult = pg.T("dash.pilot.result", atoiOr(pr), atoiOr(c.Query("kept")), atoiOr(c.Query("superseded")))
	}
	d.Pairs, d.Reminders, d.Feedback = w.pairRows(c, p, cp.ID, pg)
	d.Outcomes = w.outcomeTable(c, p, cp.ID, dims, pg)
	d.Plans = w.planTable(c, p, cp.ID, dims, pg)
	d.Pack = "/api/v1/campaigns/" + url.PathEscape(cp.ID) + "/exports/pack?questionnaire=" + url.QueryEscape(q.ID) + "&lang=" + l
	pg.Data = d
	pg.Charts = d.Box != "" || d.Heat != "" || d.Line != ""
	w.render(c, http.StatusOK, "dashboard", pg)
}

// sectionError turns the failure of one part of a page into a message for that part.
func (w *site) sectionError(c *gin.Context, err error, lang string) string {
	status, _ := httpx.StatusOf(err)
	if status >= 500 {
		w.log.Error("dashboard part failed", "request_id", httpx.RequestID(c), "err", err)
		return i18n.T(lang, "err.internal.title")
	}
	return err.Error()
}

func campaignTitle(cs []*survey.Campaign, id, lang string) string {
	for _, c := range cs {
		if c.ID == id {
			return c.Title.In(lang)
		}
	}
	return id
}

// pickerPage is how many associations the scorecard's picker lists at
// once (the page never loads the whole directory); a variable so that a
// test can page a small directory.
var pickerPage = 200

// scorecardPicker fills d's association picker with one page of the
// directory, from the query's after, and the chosen association.
func (w *site) scorecardPicker(c *gin.Context, d *scorecardData, assoc string) error {
	ctx, p := c.Request.Context(), httpx.Principal(c)
	as, err := w.svc.ListAssociations(ctx, p, survey.AssociationFilter{After: c.Query("after"), Limit: pickerPage + 1})
	if err != nil {
		return err
	}
	if len(as) > pickerPage {
		as = as[:pickerPage]
		d.PickerAfter = as[len(as)-1].ID
	}
	listed := false
	for _, a := range as {
		d.Picker = append(d.Picker, option{Value: a.ID, Label: a.Name, Selected: a.ID == assoc})
		listed = listed || a.ID == assoc
	}
	if assoc != "" && !listed {
		names, err := w.svc.AssociationNames(ctx, p, []string{assoc})
		if err != nil {
			return err
		}
		if name, ok := names[assoc]; ok {
			d.Picker = append([]option{{Value: assoc, Label: name, Selected: true}}, d.Picker...)
		}
	}
	return nil
}

// pilotDate writes a YYYY-MM-DD matching date in lang.
func pilotDate(day, lang string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return i18n.Date(t, lang)
}

// atoiOr is s as a number, 0 when it is not one.
func atoiOr(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
