package web

import (
	"encoding/csv"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/reports"
	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
)

// The public report (/public/{campaign}): readable without signing in
// when an administrator switched it on, rate-limited per client address,
// every figure from the campaign's latest release as an analyst sees it
// (survey.PublicReport), and every figure again in report.csv.

func (w *site) publicRoutes(e *gin.Engine) {
	e.GET("/public/:c", w.publicPage)
	e.GET("/public/:c/report.csv", w.publicCSV)
}

// publicReport checks the client's budget and reads the report.
func (w *site) publicReport(c *gin.Context) (*survey.PublicReport, bool) {
	if err := w.x.AllowPublic(c); err != nil {
		w.errorPage(c, err)
		return nil, false
	}
	r, err := w.svc.PublicReport(c.Request.Context(), c.Param("c"))
	if err != nil {
		w.errorPage(c, err)
		return nil, false
	}
	return r, true
}

// publicCSV writes every cell of the public report, one row each.
func (w *site) publicCSV(c *gin.Context) {
	r, ok := w.publicReport(c)
	if !ok {
		return
	}
	h := c.Writer.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-public-report.csv"`, url.PathEscape(r.Campaign)))
	h.Set("Cache-Control", "no-store")
	c.Status(http.StatusOK)
	cw := csv.NewWriter(c.Writer)
	_ = cw.Write(survey.PublicColumns)
	for _, cell := range r.Cells() {
		_ = cw.Write(csvRow(cell))
	}
	cw.Flush()
}

// csvRow writes a cell in the order of survey.PublicColumns; n is empty
// when the release hides it, statistics where it publishes none. The
// table, grouping, group and metric are identifiers (never user text).
func csvRow(cell survey.PublicCell) []string {
	row := []string{cell.Table, cell.Grouping, cell.Group, cell.Metric, "", strconv.FormatBool(cell.Hidden)}
	if !cell.NHidden {
		row[4] = strconv.Itoa(cell.N)
	}
	for _, col := range survey.PublicColumns[6:] {
		v, ok := cell.Values[col]
		if !ok {
			row = append(row, "")
			continue
		}
		row = append(row, strconv.FormatFloat(v, 'f', -1, 64))
	}
	return row
}

// publicData is the public report page.
type publicData struct {
	Title, ReleasedAt, CSV string
	Release, K, K2, K4     int
	Participation          []partRow
	PartChart              template.JS
	Metrics                []string
	Scores                 []scoreRow
	ScoreChart             template.JS
	Areas                  []prevBlock
	Practices              []prevBlock
	TrendFrom, TrendTo     string
	TrendNote              string
	Trend                  []publicTrendRow
	Line                   template.JS
	Stories                []libraryEntry
}

type partRow struct {
	Group string
	N     string
}

type scoreRow struct {
	Group string
	Cells []scoreCell
}

type scoreCell struct {
	N, Median, IQR, Mean, Hidden string
}

// prevBlock is one distribution (maturity levels or a practice) by region.
type prevBlock struct {
	ID, Title string
	Cols      []prevCol
	Rows      []prevRow
	Heat      template.JS
}

type publicTrendRow struct {
	Group, Metric, N, From, To, Change, Hidden string
}

func (w *site) publicPage(c *gin.Context) {
	r, ok := w.publicReport(c)
	if !ok {
		return
	}
	pg := w.newPage(c, "", nil)
	l := pg.Lang
	d := publicData{Title: r.Title.In(l), Release: r.Release, ReleasedAt: i18n.Date(r.ReleasedAt, l), K: r.K,
		CSV: "/public/" + url.PathEscape(r.Campaign) + "/report.csv"}
	if d.K < 1 {
		d.K = scoring.DefaultK
	}
	d.K2, d.K4 = 2*d.K, 4*d.K
	pg.Title = pg.T("pub.title", d.Title)
	if err := w.publicScores(&d, r, pg); err != nil {
		w.errorPage(c, err)
		return
	}
	for _, a := range r.Areas {
		labels := map[string]string{}
		for _, lv := range a.Levels {
			labels[lv.ID] = lv.Label.In(l)
		}
		b, err := w.prevBlock("levels-"+string(a.Area), a.Title.In(l), a.Table, func(o string) string { return labels[o] }, pg, d.K)
		if err != nil {
			w.errorPage(c, err)
			return
		}
		d.Areas = append(d.Areas, b)
	}
	for i, p := range r.Practices {
		qu := p.Question
		b, err := w.prevBlock(fmt.Sprintf("practice-%d", i), qu.Label.In(l), p.Table, func(o string) string {
			if qu.Type == questionnaires.TypeYesNo {
				return pg.T("answer." + o)
			}
			if ch := qu.Choice(o); ch != nil {
				return ch.Label.In(l)
			}
			return o
		}, pg, d.K)
		if err != nil {
			w.errorPage(c, err)
			return
		}
		d.Practices = append(d.Practices, b)
	}
	if err := w.publicTrend(&d, r, pg); err != nil {
		w.errorPage(c, err)
		return
	}
	if len(r.Stories) > 0 {
		items, err := w.svc.PublicItems(c.Request.Context(), r.Campaign)
		if err != nil {
			w.errorPage(c, err)
			return
		}
		labels := map[string]string{}
		for _, it := range items {
			labels[it.Key] = it.Label.In(l)
		}
		for _, st := range r.Stories {
			d.Stories = append(d.Stories, w.libraryEntry(survey.Principal{}, st, labels, pg))
		}
	}
	pg.Data = d
	pg.Charts = true
	pg.Scripts = []string{"js/admin.js"} // the print button
	w.render(c, http.StatusOK, "public", pg)
}

// publicScores fills the participation and the scores by region.
func (w *site) publicScores(d *publicData, r *survey.PublicReport, pg *page) error {
	l := pg.Lang
	dims := []string{survey.PublicGrouping}
	groups := append([]scoring.Group{r.Scores.All}, r.Scores.Groups...)
	var cats, regions []string
	var counts []*float64
	series := make([]reports.Series, len(r.Metrics))
	for i, m := range r.Metrics {
		d.Metrics = append(d.Metrics, metricLabel(m, l))
		series[i].Name = metricLabel(m, l)
	}
	for _, g := range groups {
		label := groupLabel(g.Key, g.Attrs, dims, l)
		part := g.Stats[scoring.MetricOverall]
		n := "—"
		if !part.NHidden {
			n = strconv.Itoa(part.N)
			if g.Key != scoring.AllKey {
				cats, counts = append(cats, label), append(counts, reports.Float(float64(part.N)))
			}
		}
		d.Participation = append(d.Participation, partRow{Group: label, N: n})
		row := scoreRow{Group: label}
		if g.Key != scoring.AllKey {
			regions = append(regions, label)
		}
		for i, m := range r.Metrics {
			st := g.Stats[m]
			cell := scoreCell{N: strconv.Itoa(st.N), Median: "—", IQR: "—", Mean: "—"}
			var median *float64
			switch {
			case st.NHidden:
				cell.N, cell.Hidden = "—", pg.T("suppressed.hidden")
			case st.Suppressed:
				cell.Hidden = pg.Suppressed(d.K, st.N)
			case st.N > 0:
				cell.Mean = fmtScore(st.Mean)
				if st.QuartilesShown {
					cell.Median, cell.IQR = fmtScore(st.Median), fmtScore(st.P25)+"–"+fmtScore(st.P75)
					median = reports.Float(st.Median)
				}
			}
			row.Cells = append(row.Cells, cell)
			if g.Key != scoring.AllKey {
				series[i].Values = append(series[i].Values, median)
			}
		}
		d.Scores = append(d.Scores, row)
	}
	if len(cats) > 0 {
		b, err := reports.BarOptions(cats, []reports.Series{{Name: pg.T("pub.participation"), Values: counts}}, 0, true)
		if err != nil {
			return err
		}
		d.PartChart = rawBlock(b)
	}
	if len(regions) > 0 {
		b, err := reports.BarOptions(regions, series, 100, false)
		if err != nil {
			return err
		}
		d.ScoreChart = rawBlock(b)
	}
	return nil
}

// prevBlock renders a distribution by region as a table and a heat map.
func (w *site) prevBlock(id, title string, t *scoring.PrevalenceTable, option func(string) string, pg *page, k int) (prevBlock, error) {
	b := prevBlock{ID: id, Title: title}
	dims := []string{survey.PublicGrouping}
	groups := append([]scoring.PrevalenceGroup{t.All}, t.Groups...)
	var cols, rows []string
	for _, g := range groups {
		label := groupLabel(g.Key, g.Attrs, dims, pg.Lang)
		b.Cols = append(b.Cols, prevCol{Label: label, N: g.N, Suppressed: g.Suppressed, NHidden: g.NHidden})
		cols = append(cols, label)
	}
	var cells [][]*float64
	for _, o := range t.Options {
		row := prevRow{Option: option(o)}
		var vals []*float64
		for _, g := range groups {
			switch {
			case g.NHidden:
				row.Cells, vals = append(row.Cells, pg.T("suppressed.hidden")), append(vals, nil)
			case g.Suppressed:
				row.Cells, vals = append(row.Cells, pg.Suppressed(k, g.N)), append(vals, nil)
			case g.N == 0:
				row.Cells, vals = append(row.Cells, "—"), append(vals, nil)
			default:
				row.Cells = append(row.Cells, fmt.Sprintf("%.0f%% (%d)", 100*g.Shares[o], g.Counts[o]))
				vals = append(vals, reports.Float(g.Shares[o]))
			}
		}
		b.Rows = append(b.Rows, row)
		rows = append(rows, row.Option)
		cells = append(cells, vals)
	}
	if !slices.ContainsFunc(cells, func(row []*float64) bool { return slices.ContainsFunc(row, func(v *float64) bool { return v != nil }) }) {
		return b, nil // every group hidden: the table says why, no empty chart
	}
	js, err := reports.HeatMapOptions(cols, rows, cells)
	if err != nil {
		return b, err
	}
	b.Heat = rawBlock(js)
	return b, nil
}

// publicTrend fills the trend table and the line of the overall median by region.
func (w *site) publicTrend(d *publicData, r *survey.PublicReport, pg *page) error {
	l := pg.Lang
	if r.Trend == nil {
		d.TrendNote = pg.T("pub.trend.none")
		if r.TrendNote == "no_release" {
			d.TrendNote = pg.T("pub.trend.norelease")
		}
		return nil
	}
	d.TrendFrom, d.TrendTo = r.PreviousTitle.In(l), r.Title.In(l)
	if d.TrendFrom == "" {
		d.TrendFrom = r.Trend.From
	}
	dims := []string{survey.PublicGrouping}
	var series []reports.Series
	for _, g := range r.Trend.Groups {
		label := groupLabel(g.Key, g.Attrs, dims, l)
		row := publicTrendRow{Group: label, Metric: metricLabel(g.Metric, l), N: fmt.Sprintf("%d → %d", g.FromN, g.ToN),
			From: "—", To: "—", Change: "—"}
		if g.NHidden {
			row.N = "—"
		}
		s := reports.Series{Name: label, Values: []*float64{nil, nil}}
		switch {
		case g.Suppressed:
			row.Hidden = pg.N("suppressed.trend", d.K, d.K)
		case g.MedianShown:
			row.From, row.To, row.Change = fmtScore(g.FromMedian), fmtScore(g.ToMedian), fmt.Sprintf("%+.1f", g.DeltaMedian)
			s.Values = []*float64{reports.Float(g.FromMedian), reports.Float(g.ToMedian)}
		}
		d.Trend = append(d.Trend, row)
		if g.Metric == scoring.MetricOverall {
			series = append(series, s)
		}
	}
	if len(series) > 0 {
		b, err := reports.LineOptions([]string{d.TrendFrom, d.TrendTo}, series, 100)
		if err != nil {
			return err
		}
		d.Line = rawBlock(b)
	}
	return nil
}
