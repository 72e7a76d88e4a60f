package survey

import (
	"github.com/assocbench/assocbench/scoring"
)

// PublicColumns are the columns of the public report's CSV, in order:
// the cell's identity, its n, whether the release hides it, then every
// statistic a cell may publish (empty where the cell does not).
var PublicColumns = []string{"table", "grouping", "group", "metric", "n", "hidden",
	"mean", "median", "p25", "p75", "p10", "p90", "count", "share",
	"from_n", "from_mean", "from_median", "to_mean", "to_median", "delta_mean", "delta_median"}

// PublicCell is one cell of the public report: one row of report.csv.
type PublicCell struct {
	// Table is "participation", "scores", "levels:{area}",
	// "practice:{questionnaire}/{question}" or "trend".
	Table string
	// Grouping is "all" or PublicGrouping; Group is "all" or the region.
	Grouping, Group string
	// Metric is the score metric, the maturity level or the option.
	Metric string
	// N is the group's n; NHidden when the release hides even that.
	N       int
	NHidden bool
	// Hidden is true when the release hides the cell's statistics.
	Hidden bool
	// Values are the published statistics by column name.
	Values map[string]float64
}

// Cells lists every figure of the report, table by table, each group
// ("all" first, then the regions) and metric in the release's order.
func (r *PublicReport) Cells() []PublicCell {
	var out []PublicCell
	groups := append([]scoring.Group{r.Scores.All}, r.Scores.Groups...)
	for _, g := range groups {
		st := g.Stats[scoring.MetricOverall]
		out = append(out, PublicCell{Table: "participation", Grouping: groupingOf(g.Attrs), Group: groupOf(g.Attrs),
			Metric: "associations", N: st.N, NHidden: st.NHidden})
	}
	for _, m := range r.Metrics {
		for _, g := range groups {
			out = append(out, statsCell("scores", m, g.Attrs, g.Stats[m]))
		}
	}
	for _, a := range r.Areas {
		out = append(out, prevalenceCells("levels:"+string(a.Area), a.Table)...)
	}
	for _, p := range r.Practices {
		out = append(out, prevalenceCells("practice:"+p.Questionnaire+"/"+p.Question.ID, p.Table)...)
	}
	if r.Trend != nil {
		for _, g := range r.Trend.Groups {
			c := PublicCell{Table: "trend", Grouping: groupingOf(g.Attrs), Group: groupOf(g.Attrs), Metric: g.Metric,
				N: g.ToN, NHidden: g.NHidden, Hidden: g.Suppressed, Values: map[string]float64{}}
			if !g.NHidden {
				c.Values["from_n"] = float64(g.FromN)
			}
			if !g.Suppressed {
				c.Values["from_mean"], c.Values["to_mean"], c.Values["delta_mean"] = g.FromMean, g.ToMean, g.DeltaMean
				if g.MedianShown {
					c.Values["from_median"], c.Values["to_median"], c.Values["delta_median"] = g.FromMedian, g.ToMedian, g.DeltaMedian
				}
			}
			out = append(out, c)
		}
	}
	return out
}

// statsCell is one cell of a benchmark table.
func statsCell(table, metric string, attrs map[string]string, st scoring.Stats) PublicCell {
	c := PublicCell{Table: table, Grouping: groupingOf(attrs), Group: groupOf(attrs), Metric: metric,
		N: st.N, NHidden: st.NHidden, Hidden: st.Suppressed || st.N == 0, Values: map[string]float64{}}
	if c.Hidden {
		return c
	}
	c.Values["mean"] = st.Mean
	if st.QuartilesShown {
		c.Values["median"], c.Values["p25"], c.Values["p75"] = st.Median, st.P25, st.P75
	}
	if st.DecilesShown {
		c.Values["p10"], c.Values["p90"] = st.P10, st.P90
	}
	return c
}

// prevalenceCells are the cells of a prevalence table: one per group and
// option.
func prevalenceCells(table string, t *scoring.PrevalenceTable) []PublicCell {
	var out []PublicCell
	for _, g := range append([]scoring.PrevalenceGroup{t.All}, t.Groups...) {
		for _, o := range t.Options {
			c := PublicCell{Table: table, Grouping: groupingOf(g.Attrs), Group: groupOf(g.Attrs), Metric: o,
				N: g.N, NHidden: g.NHidden, Hidden: g.Suppressed || g.N == 0, Values: map[string]float64{}}
			if !c.Hidden {
				c.Values["count"], c.Values["share"] = float64(g.Counts[o]), g.Shares[o]
			}
			out = append(out, c)
		}
	}
	return out
}

func groupingOf(attrs map[string]string) string {
	if len(attrs) == 0 {
		return scoring.AllKey
	}
	return PublicGrouping
}

func groupOf(attrs map[string]string) string {
	if v, ok := attrs[PublicGrouping]; ok {
		return v
	}
	return scoring.AllKey
}
