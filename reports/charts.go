package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Chart options for the web pages. Each function builds an ECharts option
// object with go-echarts and returns it as JSON, ready to be embedded in a
// <script type="application/json"> block and passed to
// echarts.init(el).setOption(...) by the page's own script. The JSON is
// HTML-escaped (no '<', '>' or '&' appear literally), so it can be embedded
// in a page safely. Labels come translated from the caller; the options
// hold no JavaScript functions (the pages' Content-Security-Policy allows
// no eval).
//
// A nil value (*float64) is "no value": the chart leaves a gap, never a
// zero; the pages list suppressed groups in a table beside the chart.

// Palette is the colour list of every chart: colour-blind-safe (Okabe-Ito).
var Palette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"}

// Series is one named line of values; Values[i] belongs to the i-th
// category (or radar indicator); nil is no value.
type Series struct {
	Name   string
	Values []*float64
}

// Box is the five quantiles a box plot draws: whiskers at p10 and p90, the
// box from p25 to p75, the line at the median. A nil *Box is a group
// without published statistics.
type Box struct {
	P10, P25, Median, P75, P90 float64
}

// Float returns a pointer to f, for Series values.
func Float(f float64) *float64 { return &f }

// round1 keeps one decimal: the charts show scores, not measurements.
func round1(f float64) float64 { return Round(f, 1) }

func value(v *float64) any {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return "-" // ECharts' "no data"
	}
	return round1(*v)
}

// finish validates a chart, applies the shared settings and encodes it.
func finish(obj map[string]any, extra map[string]any) ([]byte, error) {
	obj["color"] = Palette
	obj["animation"] = false
	obj["aria"] = map[string]any{"enabled": true}
	obj["textStyle"] = map[string]any{"fontFamily": "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif"}
	delete(obj, "toolbox")
	for k, v := range extra {
		obj[k] = v
	}
	b, err := json.Marshal(obj) // escapes <, > and &
	if err != nil {
		return nil, fmt.Errorf("encode chart options: %w", err)
	}
	var out bytes.Buffer
	json.HTMLEscape(&out, b)
	return out.Bytes(), nil
}

func checkLengths(n int, series []Series) error {
	for _, s := range series {
		if len(s.Values) != n {
			return fmt.Errorf("series %q has %d values for %d categories", s.Name, len(s.Values), n)
		}
	}
	return nil
}

func legend(show bool) opts.Legend {
	return opts.Legend{Show: opts.Bool(show), Bottom: "0", Type: "scroll"}
}

// RadarOptions draws series on a radar of indicators scored 0..max
// (an association against the peer median for each section).
func RadarOptions(indicators []string, max float64, series []Series) ([]byte, error) {
	if len(indicators) == 0 {
		return nil, fmt.Errorf("radar chart: no indicators")
	}
	if err := checkLengths(len(indicators), series); err != nil {
		return nil, fmt.Errorf("radar chart: %w", err)
	}
	ind := make([]*opts.Indicator, len(indicators))
	for i, name := range indicators {
		ind[i] = &opts.Indicator{Name: name, Max: float32(max)}
	}
	r := charts.NewRadar()
	r.SetGlobalOptions(
		charts.WithLegendOpts(legend(len(series) > 1)),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithRadarComponentOpts(opts.RadarComponent{Indicator: ind, Shape: "polygon", SplitNumber: 4}),
	)
	for _, s := range series {
		vals := make([]any, len(s.Values))
		for i, v := range s.Values {
			vals[i] = value(v)
		}
		r.AddSeries(s.Name, []opts.RadarData{{Name: s.Name, Value: vals}},
			charts.WithAreaStyleOpts(opts.AreaStyle{Opacity: opts.Float(0.15)}))
	}
	r.Validate()
	obj := r.JSON()
	if rc, ok := obj["radar"].(opts.RadarComponent); ok {
		obj["radar"] = map[string]any{"indicator": rc.Indicator, "shape": rc.Shape, "splitNumber": rc.SplitNumber,
			"radius": "58%", "center": []string{"50%", "48%"},
			"axisName": map[string]any{"color": "#333b45", "width": 96, "overflow": "break", "lineHeight": 14}}
	}
	return finish(obj, nil)
}

// BarOptions draws one bar per category and series, on a 0..max value
// axis (max <= 0: automatic). Horizontal bars suit long category names.
func BarOptions(categories []string, series []Series, max float64, horizontal bool) ([]byte, error) {
	if err := checkLengths(len(categories), series); err != nil {
		return nil, fmt.Errorf("bar chart: %w", err)
	}
	b := charts.NewBar()
	catAxis := opts.YAxis{Type: "category", Data: categories, AxisLabel: &opts.AxisLabel{Width: 140, Overflow: "truncate"}}
	b.SetGlobalOptions(
		charts.WithLegendOpts(legend(len(series) > 1)),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithGridOpts(opts.Grid{Left: "2%", Right: "4%", Top: "4%", Bottom: "48", ContainLabel: opts.Bool(true)}),
	)
	for _, s := range series {
		data := make([]opts.BarData, len(s.Values))
		for i, v := range s.Values {
			data[i] = opts.BarData{Value: value(v)}
		}
		b.AddSeries(s.Name, data)
	}
	b.Validate()
	obj := b.JSON()
	xa := map[string]any{"type": "value"}
	if max > 0 {
		xa["min"], xa["max"] = 0, max
	}
	ca := map[string]any{"type": "category", "data": categories,
		"axisLabel": map[string]any{"width": catAxis.AxisLabel.Width, "overflow": "truncate", "interval": 0}}
	if horizontal {
		ca["inverse"] = true // first category on top
		obj["xAxis"], obj["yAxis"] = []any{xa}, []any{ca}
	} else {
		ca["axisLabel"].(map[string]any)["rotate"] = 30
		obj["xAxis"], obj["yAxis"] = []any{ca}, []any{xa}
	}
	return finish(obj, nil)
}

// BoxPlotOptions draws a box per category (nil boxes are left empty),
// on a 0..max value axis (max <= 0: automatic).
func BoxPlotOptions(categories []string, name string, boxes []*Box, max float64) ([]byte, error) {
	if len(boxes) != len(categories) {
		return nil, fmt.Errorf("box plot: %d boxes for %d categories", len(boxes), len(categories))
	}
	bp := charts.NewBoxPlot()
	bp.SetGlobalOptions(
		charts.WithLegendOpts(legend(false)),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithGridOpts(opts.Grid{Left: "2%", Right: "4%", Top: "6%", Bottom: "4%", ContainLabel: opts.Bool(true)}),
	)
	bp.SetXAxis(categories)
	data := make([]opts.BoxPlotData, len(boxes))
	for i, b := range boxes {
		if b == nil {
			data[i] = opts.BoxPlotData{Value: []any{"-", "-", "-", "-", "-"}}
			continue
		}
		data[i] = opts.BoxPlotData{Value: []float64{round1(b.P10), round1(b.P25), round1(b.Median), round1(b.P75), round1(b.P90)}}
	}
	bp.AddSeries(name, data)
	bp.Validate()
	obj := bp.JSON()
	ya := map[string]any{"type": "value"}
	if max > 0 {
		ya["min"], ya["max"] = 0, max
	}
	obj["yAxis"] = []any{ya}
	obj["xAxis"] = []any{map[string]any{"type": "category", "data": categories,
		"axisLabel": map[string]any{"interval": 0, "rotate": 30, "width": 120, "overflow": "truncate"}}}
	return finish(obj, nil)
}

// HeatMapOptions draws shares (0..1) of options (rows) by group
// (columns) as percentages; cells[row][col] nil is no value (a suppressed
// group), drawn blank.
func HeatMapOptions(groups, options []string, cells [][]*float64) ([]byte, error) {
	if len(cells) != len(options) {
		return nil, fmt.Errorf("heat map: %d rows for %d options", len(cells), len(options))
	}
	var data []opts.HeatMapData
	for r, row := range cells {
		if len(row) != len(groups) {
			return nil, fmt.Errorf("heat map: row %d has %d cells for %d groups", r, len(row), len(groups))
		}
		for c, v := range row {
			if v == nil {
				continue
			}
			data = append(data, opts.HeatMapData{Value: []any{c, r, Round(100**v, 0)}})
		}
	}
	hm := charts.NewHeatMap()
	hm.SetGlobalOptions(
		charts.WithLegendOpts(legend(false)),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithGridOpts(opts.Grid{Left: "2%", Right: "4%", Top: "4%", Bottom: "64", ContainLabel: opts.Bool(true)}),
	)
	hm.AddSeries("%", data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true)}))
	hm.Validate()
	obj := hm.JSON()
	obj["xAxis"] = []any{map[string]any{"type": "category", "data": groups, "splitArea": map[string]any{"show": true},
		"axisLabel": map[string]any{"interval": 0, "rotate": 30, "width": 110, "overflow": "truncate"}}}
	obj["yAxis"] = []any{map[string]any{"type": "category", "data": options, "splitArea": map[string]any{"show": true}, "inverse": true,
		"axisLabel": map[string]any{"width": 150, "overflow": "truncate"}}}
	return finish(obj, map[string]any{"visualMap": []any{map[string]any{
		"min": 0, "max": 100, "calculable": false, "orient": "horizontal", "left": "center", "bottom": 0,
		"itemHeight": 120, "text": []string{"100%", "0%"},
		"inRange": map[string]any{"color": []string{"#f7fbff", "#6baed6", "#08306b"}},
	}}})
}

// LineOptions draws series over categories (campaigns, for trends), on a
// 0..max value axis (max <= 0: automatic); nil values break the line.
func LineOptions(categories []string, series []Series, max float64) ([]byte, error) {
	if err := checkLengths(len(categories), series); err != nil {
		return nil, fmt.Errorf("line chart: %w", err)
	}
	l := charts.NewLine()
	l.SetGlobalOptions(
		charts.WithLegendOpts(legend(true)),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithGridOpts(opts.Grid{Left: "2%", Right: "6%", Top: "6%", Bottom: "56", ContainLabel: opts.Bool(true)}),
	)
	l.SetXAxis(categories)
	for _, s := range series {
		data := make([]opts.LineData, len(s.Values))
		for i, v := range s.Values {
			data[i] = opts.LineData{Value: value(v)}
		}
		l.AddSeries(s.Name, data)
	}
	l.Validate()
	obj := l.JSON()
	ya := map[string]any{"type": "value"}
	if max > 0 {
		ya["min"], ya["max"] = 0, max
	}
	obj["yAxis"] = []any{ya}
	obj["xAxis"] = []any{map[string]any{"type": "category", "data": categories, "boundaryGap": true}}
	return finish(obj, nil)
}
