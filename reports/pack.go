package reports

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
)

// WritePack writes a working group's session pack to w: a cover sheet
// (what is inside, k, n by region, generation time, language); overall
// scores by region (for a whole campaign); per area, a region comparison
// table (n, median, quartiles, mean) with a column chart; practice
// prevalence with a heatmap; trends against the previous campaign with a
// chart; mentoring matches; the meetings' agenda with local times per
// region; and a data dictionary. Hidden peer figures
// are written as words, never 0.
func WritePack(w io.Writer, pk *survey.Pack, o Options) error {
	if pk == nil || pk.Campaign == nil {
		return fmt.Errorf("write session pack: incomplete pack")
	}
	b, err := newBook(o.Lang, pk.K)
	if err != nil {
		return fmt.Errorf("write session pack: %w", err)
	}
	pw := packWriter{b: b, pk: pk, lang: b.lang, defs: map[string]*questionnaires.Questionnaire{}}
	for _, q := range pk.Definitions {
		pw.defs[q.ID] = q
	}
	pw.groups = packGroups(pk)
	cover := b.sheet(i18n.T(b.lang, "sheet.about"))
	type entry struct{ sheet, what string }
	var inside []entry
	if pk.Overall != nil {
		inside = append(inside, entry{pw.overall(), i18n.T(b.lang, "about.overall")})
	}
	for _, a := range pk.Areas {
		title := a.Questionnaire.Title.In(b.lang)
		inside = append(inside, entry{pw.area(a), i18n.T(b.lang, "about.area", title)})
	}
	inside = append(inside, entry{pw.practices(), i18n.T(b.lang, "about.practices")})
	inside = append(inside, entry{pw.trends(), i18n.T(b.lang, "about.trends")})
	if pk.Questionnaire == "" {
		inside = append(inside, entry{pw.mentoring(), i18n.T(b.lang, "about.mentoring")})
		inside = append(inside, entry{pw.agenda(), i18n.T(b.lang, "about.agenda")})
	}
	if pk.Plans != nil {
		inside = append(inside, entry{pw.plans(), i18n.T(b.lang, "about.plans")}) // plans.go
	}
	if pk.Outcomes != nil {
		inside = append(inside, entry{pw.pilot(), i18n.T(b.lang, "about.pilot")}) // pilot.go
	}
	for _, q := range pk.Definitions {
		if q.Scored() {
			title := q.Title.In(b.lang)
			inside = append(inside, entry{pw.goodPractices(q.Area, title), i18n.T(b.lang, "about.goodpractices")}) // practicesheet.go
		}
	}
	inside = append(inside, entry{pw.dictionary(), i18n.T(b.lang, "about.dictionary")})

	// the cover, now that the sheet names are known
	lang := b.lang
	c := pk.Campaign
	b.str(cover, 1, 1, i18n.T(lang, "pack.title"), b.st.title)
	b.str(cover, 1, 2, c.Title.In(lang), b.st.subtitle)
	r := 4
	b.pair(cover, r, i18n.T(lang, "dash.campaign"), c.Title.In(lang), b.st.text)
	b.pair(cover, r+1, i18n.T(lang, "campaign.id"), c.ID, b.st.text)
	scope := i18n.T(lang, "scope.all")
	if pk.Questionnaire != "" && len(pk.Definitions) == 1 {
		scope = pk.Definitions[0].Title.In(lang) + " (" + pk.Definitions[0].Key() + ")"
	}
	b.pair(cover, r+2, i18n.T(lang, "scope"), scope, b.st.text)
	generated := pk.Generated
	if !o.Now.IsZero() {
		generated = o.Now.UTC()
	}
	b.pair(cover, r+3, i18n.T(lang, "generated"), generated, b.st.datetime)
	b.pair(cover, r+4, i18n.T(lang, "nav.languages"), lang, b.st.text)
	b.pair(cover, r+5, i18n.T(lang, "k"), pk.K, b.st.integer)
	r += 7
	b.str(cover, 2, r, i18n.T(lang, "anonymity.note", pk.K), b.st.warn)
	r += 2
	if pk.Submitted == 0 {
		b.str(cover, 2, r, i18n.T(lang, "no.responses"), b.st.warn)
		r += 2
	}
	b.str(cover, 1, r, i18n.T(lang, "n.by.region"), b.st.subtitle)
	r++
	b.header(cover, r, i18n.T(lang, "dim.region"), i18n.T(lang, "n"))
	r++
	for _, g := range pw.groups {
		if g == scoring.AllKey {
			continue
		}
		b.str(cover, 1, r, dimValue("region", regionOf(g), lang), b.st.text)
		b.integer(cover, 2, r, pk.ByRegion[regionOf(g)])
		r++
	}
	b.str(cover, 1, r, i18n.T(lang, "total"), b.st.label)
	b.integer(cover, 2, r, pk.Submitted)
	r += 2
	b.str(cover, 1, r, i18n.T(lang, "inside"), b.st.subtitle)
	r++
	b.header(cover, r, i18n.T(lang, "sheet"), i18n.T(lang, "meaning"))
	r++
	for _, e := range inside {
		b.str(cover, 1, r, e.sheet, b.st.text)
		b.str(cover, 2, r, e.what, b.st.wrap)
		r++
	}
	b.capCol(cover, 1, 40)
	b.capCol(cover, 2, 80)
	b.finish(cover, layout{})

	b.props(i18n.T(lang, "pack.title")+": "+c.Title.In(lang), c.ID,
		fmt.Sprintf("%s, %s, k = %d", i18n.T(lang, "pack.title"), c.ID, pk.K), generated)
	if err := b.write(w); err != nil {
		return fmt.Errorf("write session pack: %w", err)
	}
	return nil
}

type packWriter struct {
	b      *book
	pk     *survey.Pack
	lang   string
	defs   map[string]*questionnaires.Questionnaire
	groups []string // "all", then "region=..." in region order
}

// regionOf returns the region of a group key "region=x" ("" for all).
func regionOf(key string) string {
	_, v, _ := strings.Cut(key, "=")
	return v
}

// packGroups lists the groups the pack shows: "all", then every region
// with a submitted response, in the IFLA regions' order (unknown last).
func packGroups(pk *survey.Pack) []string {
	out := []string{scoring.AllKey}
	seen := map[string]bool{}
	for _, r := range questionnaires.Regions {
		if pk.ByRegion[string(r)] > 0 {
			out = append(out, "region="+string(r))
			seen[string(r)] = true
		}
	}
	var rest []string
	for r, n := range pk.ByRegion {
		if n > 0 && !seen[r] {
			rest = append(rest, r)
		}
	}
	sort.Strings(rest)
	for _, r := range rest {
		out = append(out, "region="+r)
	}
	return out
}

// groupName names a pack group key.
func (p *packWriter) groupName(key string) string {
	if key == scoring.AllKey {
		return i18n.T(p.lang, "group.all")
	}
	return dimValue("region", regionOf(key), p.lang)
}

// statsOf returns a table's group by key.
func statsOf(t *scoring.Table, key string) (scoring.Group, bool) {
	if t == nil {
		return scoring.Group{}, false
	}
	if key == scoring.AllKey {
		return t.All, true
	}
	for _, g := range t.Groups {
		if g.Key == key {
			return g, true
		}
	}
	return scoring.Group{}, false
}

// statRow writes n, median, p25, p75 and mean from column col; a hidden
// group's figures are words.
func (p *packWriter) statRow(sh string, r, col int, st scoring.Stats, style int) {
	b := p.b
	b.integer(sh, col, r, st.N)
	if st.Suppressed {
		words := b.suppressed(st.N)
		for j := 1; j <= 4; j++ {
			b.str(sh, col+j, r, words, b.st.note)
		}
		return
	}
	b.num(sh, col+1, r, st.Median, style)
	b.num(sh, col+2, r, st.P25, style)
	b.num(sh, col+3, r, st.P75, style)
	b.num(sh, col+4, r, st.Mean, style)
}

// statsSheet writes, from row start, a long region comparison table of
// metrics and a column chart of the medians of chartMetrics.
func (p *packWriter) statsSheet(sh string, t *scoring.Table, metrics, chartMetrics []string, start int) {
	b, lang := p.b, p.lang
	r := start
	if p.pk.Submitted == 0 {
		b.str(sh, 1, r, i18n.T(lang, "no.responses"), b.st.warn)
		r += 2
	} else if len(metrics) > 0 {
		if g, ok := statsOf(t, scoring.AllKey); ok && g.Stats[metrics[0]].Suppressed {
			b.str(sh, 1, r, i18n.T(lang, "all.suppressed", p.pk.K), b.st.warn)
			r += 2
		}
	}
	hr := r
	b.header(sh, hr, i18n.T(lang, "measure"), i18n.T(lang, "sc.group"), i18n.T(lang, "n"), i18n.T(lang, "stat.median"), i18n.T(lang, "p25"), i18n.T(lang, "p75"), i18n.T(lang, "stat.mean"))
	r++
	for _, m := range metrics {
		style := b.st.score
		label := metricLabel(m, p.defs, lang)
		if strings.HasPrefix(m, "indicator:") {
			// raw indicator values, in their unit (a ratio, months...);
			// amounts in each association's own currency are never pooled
			style = b.st.decimal
			qid, id, _ := strings.Cut(strings.TrimPrefix(m, "indicator:"), "/")
			if q := p.defs[qid]; q != nil && q.Indicator(id) != nil {
				if u := q.Indicator(id).Unit.In(lang); u != "" {
					label += " (" + u + ")"
				}
			}
		}
		for _, key := range p.groups {
			b.str(sh, 1, r, label, b.st.text)
			b.str(sh, 2, r, p.groupName(key), b.st.text)
			g, ok := statsOf(t, key)
			st := scoring.Stats{Suppressed: true}
			if ok {
				st = g.Stats[m]
			}
			p.statRow(sh, r, 3, st, style)
			r++
		}
	}
	last := r - 1
	// the chart: median by group, one series per chart metric
	cats := make([]string, len(p.groups))
	for i, key := range p.groups {
		cats[i] = p.groupName(key)
	}
	series := make([]chartSeries, len(chartMetrics))
	for j, m := range chartMetrics {
		series[j].name = truncateRunes(metricLabel(m, p.defs, lang), 60)
		for _, key := range p.groups {
			var v *float64
			if g, ok := statsOf(t, key); ok {
				if st := g.Stats[m]; !st.Suppressed && st.N > 0 {
					v = ptr(st.Median)
				}
			}
			series[j].values = append(series[j].values, v)
		}
	}
	if len(series) > 0 {
		refs := b.chartData(sh+": "+i18n.T(lang, "medians.by.region"), cats, series)
		b.chart(sh, cell(9, hr), excelize.Col, i18n.T(lang, "medians.by.region"), refs, 720, 400, true)
	}
	b.capCol(sh, 1, 50)
	b.finish(sh, layout{headerRow: hr, firstCol: 1, lastCol: 7, lastRow: last})
}

func (p *packWriter) overall() string {
	b, lang := p.b, p.lang
	sh := b.sheet(i18n.T(lang, "sheet.overall"))
	b.str(sh, 1, 1, i18n.T(lang, "sheet.overall"), b.st.title)
	metrics := []string{scoring.MetricOverall}
	chart := []string{scoring.MetricOverall}
	for _, a := range questionnaires.ScoredAreas {
		metrics = append(metrics, scoring.AreaMetric(a))
		chart = append(chart, scoring.AreaMetric(a))
	}
	for _, ia := range questionnaires.ImpactAreas {
		metrics = append(metrics, scoring.ImpactMetric(ia))
	}
	p.statsSheet(sh, p.pk.Overall, metrics, chart, 3)
	return sh
}

func (p *packWriter) area(a survey.PackArea) string {
	b, lang := p.b, p.lang
	q := a.Questionnaire
	sh := b.sheet(q.Title.In(lang))
	b.str(sh, 1, 1, q.Title.In(lang), b.st.title)
	b.str(sh, 1, 2, q.Key(), b.st.note)
	metrics := []string{scoring.AreaMetric(q.Area)}
	chart := []string{scoring.AreaMetric(q.Area)}
	for _, s := range q.Sections {
		metrics = append(metrics, scoring.SectionMetric(q.ID, s.ID))
		chart = append(chart, scoring.SectionMetric(q.ID, s.ID))
	}
	for _, in := range q.Indicators {
		metrics = append(metrics, scoring.IndicatorMetric(q.ID, in.ID))
	}
	p.statsSheet(sh, a.Table, metrics, chart, 4)
	return sh
}

func (p *packWriter) practices() string {
	b, lang := p.b, p.lang
	sh := b.sheet(i18n.T(lang, "sheet.practices"))
	b.str(sh, 1, 1, i18n.T(lang, "sheet.practices"), b.st.title)
	b.str(sh, 1, 2, i18n.T(lang, "practices.note"), b.st.note)
	r := 4
	if p.pk.Submitted == 0 {
		b.str(sh, 1, r-1, i18n.T(lang, "no.responses"), b.st.warn)
	}
	if len(p.pk.Prevalence) == 0 {
		b.str(sh, 1, r, i18n.T(lang, "no.practices"), b.st.note)
		b.finish(sh, layout{})
		return sh
	}
	hr := r
	head := []string{i18n.T(lang, "dash.questionnaire"), i18n.T(lang, "question"), i18n.T(lang, "option")}
	for _, key := range p.groups {
		head = append(head, p.groupName(key))
	}
	b.header(sh, hr, head...)
	r++
	first := 4 // first group column
	lastCol := first + len(p.groups) - 1
	for _, pv := range p.pk.Prevalence {
		qu, t := pv.Question, pv.Table
		title := pv.Questionnaire.Title.In(lang)
		label := qu.Label.In(lang)
		groups := map[string]scoring.PrevalenceGroup{scoring.AllKey: t.All}
		for _, g := range t.Groups {
			groups[g.Key] = g
		}
		b.str(sh, 1, r, title, b.st.text)
		b.str(sh, 2, r, label, b.st.label)
		b.str(sh, 3, r, i18n.T(lang, "answered"), b.st.label)
		for j, key := range p.groups {
			b.integer(sh, first+j, r, groups[key].N)
		}
		r++
		top := r
		for _, opt := range t.Options {
			optLabel := opt
			switch {
			case qu.Type == questionnaires.TypeYesNo:
				optLabel = i18n.T(lang, "answer."+opt)
			case qu.Choice(opt) != nil:
				optLabel = qu.Choice(opt).Label.In(lang)
			}
			b.str(sh, 1, r, title, b.st.text)
			b.str(sh, 2, r, label, b.st.text)
			b.str(sh, 3, r, optLabel, b.st.wrap)
			for j, key := range p.groups {
				g, ok := groups[key]
				switch {
				case !ok || g.N == 0:
				case g.Suppressed:
					b.str(sh, first+j, r, b.suppressed(g.N), b.st.note)
				default:
					b.num(sh, first+j, r, g.Shares[opt], b.st.percent)
				}
			}
			r++
		}
		if r > top {
			b.fail(b.f.SetConditionalFormat(sh, cell(first, top)+":"+cell(lastCol, r-1), []excelize.ConditionalFormatOptions{{
				Type: "3_color_scale", Criteria: "=", MinType: "num", MinValue: "0", MidType: "num", MidValue: "0.5",
				MaxType: "num", MaxValue: "1", MinColor: "#F7FBFF", MidColor: "#C6DBEF", MaxColor: "#6BAED6"}}))
		}
	}
	b.capCol(sh, 1, 30)
	b.capCol(sh, 2, 50)
	b.capCol(sh, 3, 40)
	for j := range p.groups {
		b.capCol(sh, first+j, 22)
	}
	b.finish(sh, layout{headerRow: hr, firstCol: 1, lastCol: lastCol, lastRow: r - 1})
	return sh
}

// trendMetrics are the metrics the trends sheet compares: overall, areas,
// impact areas and the sections of the pack's questionnaires.
func (p *packWriter) trendMetrics() []string {
	var m []string
	if p.pk.Questionnaire == "" {
		m = append(m, scoring.MetricOverall)
		for _, a := range questionnaires.ScoredAreas {
			m = append(m, scoring.AreaMetric(a))
		}
		for _, ia := range questionnaires.ImpactAreas {
			m = append(m, scoring.ImpactMetric(ia))
		}
	}
	for _, q := range p.pk.Definitions {
		if !q.Scored() {
			continue
		}
		if p.pk.Questionnaire != "" {
			m = append(m, scoring.AreaMetric(q.Area))
		}
		for _, s := range q.Sections {
			m = append(m, scoring.SectionMetric(q.ID, s.ID))
		}
	}
	return m
}

func (p *packWriter) trends() string {
	b, lang := p.b, p.lang
	sh := b.sheet(i18n.T(lang, "sheet.trends"))
	b.str(sh, 1, 1, i18n.T(lang, "sheet.trends"), b.st.title)
	tr0 := p.pk.Trend
	if tr0 == nil || p.pk.Previous == nil {
		b.str(sh, 1, 3, i18n.T(lang, "no.previous"), b.st.note)
		b.finish(sh, layout{})
		return sh
	}
	b.pair(sh, 2, i18n.T(lang, "previous"), p.pk.Previous.Title.In(lang)+" ("+p.pk.Previous.ID+")", b.st.text)
	from, to := tr0.From, tr0.To
	hr := 4
	b.header(sh, hr, i18n.T(lang, "measure"), i18n.T(lang, "sc.group"), i18n.T(lang, "n.in", from), i18n.T(lang, "n.in", to),
		i18n.T(lang, "median.in", from), i18n.T(lang, "median.in", to), i18n.T(lang, "change"))
	r := hr + 1
	metrics := p.trendMetrics()
	byKey := map[string]scoring.GroupTrend{}
	for _, g := range tr0.Groups {
		byKey[g.Metric+"|"+g.Key] = g
	}
	var chartCats []string
	var fromVals, toVals []*float64
	for _, m := range metrics {
		label := metricLabel(m, p.defs, lang)
		for _, key := range p.groups {
			g, ok := byKey[m+"|"+key]
			if !ok {
				continue
			}
			b.str(sh, 1, r, label, b.st.text)
			b.str(sh, 2, r, p.groupName(key), b.st.text)
			b.integer(sh, 3, r, g.FromN)
			b.integer(sh, 4, r, g.ToN)
			if g.Suppressed {
				words := b.suppressed(min(g.FromN, g.ToN))
				for j := 5; j <= 7; j++ {
					b.str(sh, j, r, words, b.st.note)
				}
			} else {
				b.num(sh, 5, r, g.FromMedian, b.st.score)
				b.num(sh, 6, r, g.ToMedian, b.st.score)
				b.num(sh, 7, r, g.DeltaMedian, b.st.score)
			}
			if key == scoring.AllKey && !strings.HasPrefix(m, "section:") {
				chartCats = append(chartCats, truncateRunes(label, 40))
				if g.Suppressed {
					fromVals, toVals = append(fromVals, nil), append(toVals, nil)
				} else {
					fromVals, toVals = append(fromVals, ptr(g.FromMedian)), append(toVals, ptr(g.ToMedian))
				}
			}
			r++
		}
	}
	last := r - 1
	var notComparable []scoring.NotComparable
	for _, nc := range tr0.NotComparable {
		for _, m := range metrics {
			if nc.Metric == m {
				notComparable = append(notComparable, nc)
			}
		}
	}
	if len(notComparable) > 0 {
		r++
		for _, nc := range notComparable {
			b.str(sh, 1, r, metricLabel(nc.Metric, p.defs, lang), b.st.note)
			b.str(sh, 2, r, nc.Reason, b.st.note)
			r++
		}
	}
	if len(chartCats) > 0 {
		refs := b.chartData(sh+": "+i18n.T(lang, "trend.chart"), chartCats,
			[]chartSeries{{name: i18n.T(lang, "median.in", from), values: fromVals}, {name: i18n.T(lang, "median.in", to), values: toVals}})
		b.chart(sh, cell(9, hr), excelize.Col, i18n.T(lang, "trend.chart"), refs, 720, 400, true)
	}
	b.capCol(sh, 1, 50)
	b.finish(sh, layout{headerRow: hr, firstCol: 1, lastCol: 7, lastRow: last})
	return sh
}

func (p *packWriter) mentoring() string {
	b, lang := p.b, p.lang
	sh := b.sheet(i18n.T(lang, "sheet.mentoring"))
	b.str(sh, 1, 1, i18n.T(lang, "sheet.mentoring"), b.st.title)
	if len(p.pk.Mentoring) == 0 {
		b.str(sh, 1, 3, i18n.T(lang, "no.matches"), b.st.note)
		b.finish(sh, layout{})
		return sh
	}
	hr := 3
	b.header(sh, hr, i18n.T(lang, "dash.area"), i18n.T(lang, "dash.mentor"), i18n.T(lang, "dash.mentee"), i18n.T(lang, "mentor.score"), i18n.T(lang, "mentee.score"),
		i18n.T(lang, "dash.languages"), i18n.T(lang, "dash.overlap"), i18n.T(lang, "dash.cross"), i18n.T(lang, "reasons"))
	r := hr + 1
	langs, _ := questionnaires.BuiltinChoices("languages")
	langName := func(code string) string {
		for _, c := range langs {
			if c.ID == code {
				return c.Label.In(lang)
			}
		}
		return code
	}
	for _, m := range p.pk.Mentoring {
		area := m.Area
		for _, q := range p.pk.Definitions {
			if string(q.Area) == m.Area {
				area = q.Title.In(lang)
			}
		}
		name := func(id string) string {
			if n := p.pk.Names[id]; n != "" {
				return n + " (" + id + ")"
			}
			return id
		}
		shared := make([]string, len(m.SharedLanguages))
		for i, l := range m.SharedLanguages {
			shared[i] = langName(l)
		}
		b.str(sh, 1, r, area, b.st.text)
		b.str(sh, 2, r, name(m.Mentor), b.st.wrap)
		b.str(sh, 3, r, name(m.Mentee), b.st.wrap)
		b.num(sh, 4, r, m.MentorScore, b.st.score)
		b.num(sh, 5, r, m.MenteeScore, b.st.score)
		b.str(sh, 6, r, strings.Join(shared, ", "), b.st.wrap)
		b.num(sh, 7, r, m.OverlapHours, b.st.score)
		yn := i18n.T(lang, "answer.no")
		if m.CrossRegion {
			yn = i18n.T(lang, "answer.yes")
		}
		b.str(sh, 8, r, yn, b.st.text)
		b.str(sh, 9, r, strings.Join(m.Reasons, " "), b.st.wrap)
		r++
	}
	b.capCol(sh, 2, 45)
	b.capCol(sh, 3, 45)
	b.capCol(sh, 6, 30)
	b.capCol(sh, 9, 80)
	b.finish(sh, layout{headerRow: hr, firstCol: 1, lastCol: 9, lastRow: r - 1})
	return sh
}

func (p *packWriter) dictionary() string {
	b, lang := p.b, p.lang
	sh := b.sheet(i18n.T(lang, "sheet.dictionary"))
	hr := 1
	b.header(sh, hr, i18n.T(lang, "dash.questionnaire"), i18n.T(lang, "sc.section"), i18n.T(lang, "question.id"), i18n.T(lang, "dim.type"),
		i18n.T(lang, "label"), i18n.T(lang, "required"), i18n.T(lang, "unit"), i18n.T(lang, "minimum"), i18n.T(lang, "maximum"),
		i18n.T(lang, "choices"), i18n.T(lang, "skip.logic"), i18n.T(lang, "scoring"), i18n.T(lang, "weight"))
	r := hr + 1
	for _, q := range p.pk.Definitions {
		for _, s := range q.Sections {
			for _, qu := range s.Questions {
				b.str(sh, 1, r, q.Key(), b.st.text)
				b.str(sh, 2, r, s.Title.In(lang), b.st.text)
				b.str(sh, 3, r, qu.ID, b.st.text)
				b.str(sh, 4, r, string(qu.Type), b.st.text)
				b.str(sh, 5, r, qu.Label.In(lang), b.st.wrap)
				if qu.Required {
					b.str(sh, 6, r, i18n.T(lang, "required"), b.st.text)
				}
				if u := qu.Unit.In(lang); u != "" {
					b.str(sh, 7, r, u, b.st.text)
				}
				if qu.Min != nil {
					b.num(sh, 8, r, *qu.Min, b.st.decimal)
				}
				if qu.Max != nil {
					b.num(sh, 9, r, *qu.Max, b.st.decimal)
				}
				if c := choicesWords(qu, lang); c != "" {
					b.str(sh, 10, r, c, b.st.wrap)
				}
				if sl := skipLogic(q, qu, lang); sl != "" {
					b.str(sh, 11, r, sl+" ("+qu.Relevant+")", b.st.wrap)
				}
				if qu.Type != questionnaires.TypeNote {
					b.str(sh, 12, r, scoringWords(qu.Method(), qu.Scoring, lang), b.st.wrap)
					if qu.Method() != questionnaires.MethodNone {
						b.num(sh, 13, r, qu.Weight, b.st.decimal)
					}
				}
				r++
			}
			for _, in := range s.Indicators() {
				b.str(sh, 1, r, q.Key(), b.st.text)
				b.str(sh, 2, r, s.Title.In(lang), b.st.text)
				b.str(sh, 3, r, in.ID, b.st.text)
				b.str(sh, 4, r, i18n.T(lang, "indicator"), b.st.text)
				b.str(sh, 5, r, in.Label.In(lang), b.st.wrap)
				if u := in.Unit.In(lang); u != "" {
					b.str(sh, 7, r, u, b.st.text)
				}
				b.str(sh, 10, r, i18n.T(lang, "formula", in.Expr), b.st.wrap)
				b.str(sh, 12, r, scoringWords(in.Method(), in.Scoring, lang), b.st.wrap)
				if in.Method() != questionnaires.MethodNone {
					b.num(sh, 13, r, in.Weight, b.st.decimal)
				}
				r++
			}
		}
	}
	b.capCol(sh, 1, 32)
	b.capCol(sh, 2, 30)
	b.capCol(sh, 5, 60)
	b.capCol(sh, 10, 60)
	b.capCol(sh, 11, 60)
	b.capCol(sh, 12, 30)
	b.finish(sh, layout{headerRow: hr, firstCol: 1, lastCol: 13, lastRow: r - 1})
	return sh
}

// choicesWords lists a question's choices, levels or rows for the dictionary.
func choicesWords(qu *questionnaires.Question, lang string) string {
	if qu.ChoicesFrom != "" {
		return i18n.N(lang, "builtin.list", len(qu.Choices), qu.ChoicesFrom, len(qu.Choices))
	}
	var parts []string
	for _, c := range qu.Choices {
		s := c.Code() + " = " + c.Label.In(lang)
		if c.Points != nil {
			s += " [" + formatNumber(*c.Points) + "]"
		}
		parts = append(parts, s)
	}
	out := strings.Join(parts, "; ")
	if len(qu.Rows) > 0 {
		rows := make([]string, len(qu.Rows))
		for i, r := range qu.Rows {
			rows[i] = r.ID + " = " + r.Label.In(lang)
		}
		out = i18n.T(lang, "rows", strings.Join(rows, "; "))
	}
	if len(qu.Levels) > 0 {
		levels := make([]string, len(qu.Levels))
		for i, l := range qu.Levels {
			levels[i] = fmt.Sprintf("%d = %s", i+1, l.In(lang))
		}
		lv := i18n.T(lang, "levels", strings.Join(levels, "; "))
		if out != "" {
			out += "\n"
		}
		out += lv
	}
	if qu.Type == questionnaires.TypeYesNo {
		out = "yes = " + i18n.T(lang, "answer.yes") + "; no = " + i18n.T(lang, "answer.no")
	}
	if qu.AllowNA {
		if out != "" {
			out += "; "
		}
		out += questionnaires.NA + " = " + i18n.T(lang, "answer.na")
	}
	return out
}
