package reports

import (
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
)

// Options tune a workbook.
type Options struct {
	// Lang is the language of the workbook: of the questionnaires' labels
	// and of the workbook's own words (en, fr, es or ar; English otherwise).
	Lang string
	// Now is the generation time written in the workbook (time.Now when zero).
	Now time.Time
	// Plan, for a scorecard workbook, adds the editable "Plan" sheet with
	// the association's action plan (nil: no plan sheet, as for analysts).
	Plan *survey.ActionPlan
}

func (o Options) now() time.Time {
	if o.Now.IsZero() {
		return time.Now().UTC()
	}
	return o.Now.UTC()
}

// ContentType is the media type of the workbooks.
const ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// WriteScorecard writes an association's scorecard workbook to w: an
// overview (the association, the campaign, area and overall scores,
// maturity levels, percentile ranks per peer group, a radar chart of the
// section scores against the peer median, where to improve first) and one
// sheet per area with every item: question, answer, points, weight,
// status and an explanation in words.
//
// answers holds the association's submitted answers by questionnaire id;
// pass nil for a reader who may not see them (analysts see scores, never
// one association's answers): the answer column then says so. Peer
// figures that the anonymity rule hides are written as words, never 0.
func WriteScorecard(w io.Writer, sc *survey.Scorecard, answers map[string]questionnaires.Answers, o Options) error {
	if sc == nil || sc.Campaign == nil || sc.Association == nil {
		return fmt.Errorf("write scorecard: incomplete scorecard")
	}
	b, err := newBook(o.Lang, sc.K)
	if err != nil {
		return fmt.Errorf("write scorecard: %w", err)
	}
	lang := b.lang
	now := o.now()
	sw := scorecardWriter{b: b, sc: sc, answers: answers, lang: lang, now: now}
	sw.overview()
	for _, card := range sc.Areas {
		sw.area(card)
	}
	if o.Plan != nil {
		sw.planSheet(o.Plan) // plansheet.go
	}
	if sc.Raters != nil && answers != nil {
		sw.ratersSheet(sc.Raters) // raters.go
	}
	a := sc.Association
	b.props(i18n.T(lang, "scorecard.title")+": "+a.Name, sc.Campaign.Title.In(lang),
		fmt.Sprintf("%s, %s / %s", i18n.T(lang, "scorecard.title"), sc.Campaign.ID, a.ID), now)
	if err := b.write(w); err != nil {
		return fmt.Errorf("write scorecard: %w", err)
	}
	return nil
}

type scorecardWriter struct {
	b       *book
	sc      *survey.Scorecard
	answers map[string]questionnaires.Answers
	lang    string
	now     time.Time
}

// def returns the definition of an area card.
func (s *scorecardWriter) def(card survey.AreaCard) *questionnaires.Questionnaire {
	if q := s.sc.Definitions[card.Questionnaire]; q != nil {
		return q
	}
	return questionnaires.Builtin(card.Questionnaire)
}

// maturityLabel names a maturity level of an area card's questionnaire.
func (s *scorecardWriter) maturityLabel(card survey.AreaCard) string {
	q := s.def(card)
	if q == nil || card.Maturity == "" {
		return card.Maturity
	}
	for _, m := range q.MaturityLevels {
		if m.ID == card.Maturity {
			return m.Label.In(s.lang)
		}
	}
	return card.Maturity
}

func countryLabel(code, lang string) string {
	cs, _ := questionnaires.BuiltinChoices("countries")
	for _, c := range cs {
		if c.ID == code {
			return c.Label.In(lang)
		}
	}
	return code
}

func (s *scorecardWriter) overview() {
	b, lang, sc := s.b, s.lang, s.sc
	sh := b.sheet(i18n.T(lang, "sheet.overview"))
	a := sc.Association
	b.str(sh, 1, 1, i18n.T(lang, "scorecard.title"), b.st.title)
	b.str(sh, 1, 2, a.Name, b.st.subtitle)
	r := 4
	b.pair(sh, r, i18n.T(lang, "sc.association"), a.Name, b.st.text)
	b.pair(sh, r+1, i18n.T(lang, "association.id"), a.ID, b.st.text)
	b.pair(sh, r+2, i18n.T(lang, "country"), countryLabel(a.Country, lang), b.st.text)
	b.pair(sh, r+3, i18n.T(lang, "dim.region"), a.Region.Label(lang), b.st.text)
	b.pair(sh, r+4, i18n.T(lang, "dash.campaign"), sc.Campaign.Title.In(lang), b.st.text)
	b.pair(sh, r+5, i18n.T(lang, "campaign.id"), sc.Campaign.ID, b.st.text)
	peers := i18n.T(lang, "unknown")
	if sc.Peer != nil {
		peers = groupLabel("", sc.Peer.Attrs(), survey.Dimensions, lang)
	}
	b.pair(sh, r+6, i18n.T(lang, "peers.of"), peers, b.st.wrap)
	b.pair(sh, r+7, i18n.T(lang, "submitted.of"), i18n.T(lang, "of", sc.Submitted, sc.Total), b.st.text)
	b.pair(sh, r+8, i18n.T(lang, "generated"), s.now, b.st.datetime)
	b.pair(sh, r+9, i18n.T(lang, "nav.languages"), lang, b.st.text)
	b.pair(sh, r+10, i18n.T(lang, "k"), sc.K, b.st.integer)
	r += 12

	// scores
	b.str(sh, 1, r, i18n.T(lang, "scores"), b.st.subtitle)
	r++
	b.header(sh, r, i18n.T(lang, "dash.area"), i18n.T(lang, "status"), i18n.T(lang, "score"), i18n.T(lang, "maturity"))
	r++
	for _, card := range sc.Areas {
		q := s.def(card)
		title := card.Questionnaire
		if q != nil {
			title = q.Title.In(lang)
		}
		b.str(sh, 1, r, title, b.st.text)
		if card.Status == survey.StatusSubmitted {
			b.str(sh, 2, r, i18n.T(lang, "submitted"), b.st.text)
		} else {
			b.str(sh, 2, r, i18n.T(lang, "not.submitted"), b.st.note)
		}
		if card.Scored {
			b.num(sh, 3, r, card.Score, b.st.score)
			b.str(sh, 4, r, s.maturityLabel(card), b.st.text)
		}
		r++
	}
	for _, ia := range sortedKeys(sc.Rollup.ImpactAreas) {
		b.str(sh, 1, r, i18n.T(lang, "impact", ia), b.st.text)
		b.num(sh, 3, r, sc.Rollup.ImpactAreas[ia], b.st.score)
		r++
	}
	b.str(sh, 1, r, i18n.T(lang, "overall"), b.st.label)
	if sc.Rollup.HasOverall {
		b.num(sh, 3, r, sc.Rollup.Overall, b.st.score)
	} else {
		b.str(sh, 3, r, i18n.T(lang, "overall.missing"), b.st.note)
	}
	r += 2

	// percentile ranks
	b.str(sh, 1, r, i18n.T(lang, "ranks"), b.st.subtitle)
	r++
	b.str(sh, 1, r, i18n.T(lang, "ranks.note"), b.st.note)
	r++
	if len(sc.Ranks) == 0 {
		b.str(sh, 1, r, i18n.T(lang, "no.ranks"), b.st.note)
		r++
	} else {
		b.header(sh, r, i18n.T(lang, "measure"), i18n.T(lang, "sc.group"), i18n.T(lang, "n"), i18n.T(lang, "percentile"))
		r++
		for _, rk := range sc.Ranks {
			b.str(sh, 1, r, metricLabel(rk.Metric, sc.Definitions, lang), b.st.text)
			b.str(sh, 2, r, groupLabel(rk.Group, rk.Attrs, survey.Dimensions, lang), b.st.text)
			b.integer(sh, 3, r, rk.N)
			if rk.Suppressed {
				b.str(sh, 4, r, b.suppressed(rk.N), b.st.note)
			} else {
				b.num(sh, 4, r, rk.Percentile, b.st.score)
			}
			r++
		}
	}
	r++

	// sections against the peer median, with the radar chart
	b.str(sh, 1, r, i18n.T(lang, "sections.vs"), b.st.subtitle)
	r++
	var cats []string
	var mine, peer []*float64
	anyPeer := false
	hasSections := false
	for _, card := range sc.Areas {
		if len(card.Sections) > 0 {
			hasSections = true
		}
	}
	if !hasSections {
		b.str(sh, 1, r, i18n.T(lang, "no.sections"), b.st.note)
		r += 2
	} else {
		b.header(sh, r, i18n.T(lang, "dash.area"), i18n.T(lang, "sc.section"), i18n.T(lang, "your.score"), i18n.T(lang, "peer.median"))
		r++
		for _, card := range sc.Areas {
			q := s.def(card)
			for _, ss := range card.Sections {
				title, secTitle := card.Questionnaire, ss.ID
				if q != nil {
					title = q.Title.In(lang)
					if sec := q.Section(ss.ID); sec != nil {
						secTitle = sec.Title.In(lang)
					}
				}
				b.str(sh, 1, r, title, b.st.text)
				b.str(sh, 2, r, secTitle, b.st.text)
				var mv, pv *float64
				if ss.Scored {
					b.num(sh, 3, r, ss.Score, b.st.score)
					mv = ptr(ss.Score)
				}
				if ss.PeerMedian != nil {
					b.num(sh, 4, r, *ss.PeerMedian, b.st.score)
					pv = ptr(*ss.PeerMedian)
					anyPeer = true
				} else {
					b.str(sh, 4, r, b.suppressed(0), b.st.note) // the "all" group is hidden only below k
				}
				cats = append(cats, truncateRunes(secTitle, 40))
				mine = append(mine, mv)
				peer = append(peer, pv)
				r++
			}
		}
		r++
		series := []chartSeries{{name: i18n.T(lang, "your.score"), values: mine}}
		if anyPeer {
			series = append(series, chartSeries{name: i18n.T(lang, "peer.median"), values: peer})
		}
		refs := b.chartData(i18n.T(lang, "sections.vs"), cats, series)
		b.chart(sh, "F4", excelize.Radar, i18n.T(lang, "sections.vs"), refs, 620, 460, true)
	}

	// where to improve first
	b.str(sh, 1, r, i18n.T(lang, "sc.improve"), b.st.subtitle)
	r++
	hasImprove := false
	for _, card := range sc.Areas {
		if len(card.Improve) > 0 {
			hasImprove = true
		}
	}
	switch {
	case !hasImprove && sc.Submitted == 0:
		b.str(sh, 1, r, i18n.T(lang, "not.submitted"), b.st.note)
	case !hasImprove:
		b.str(sh, 1, r, i18n.T(lang, "nothing.to.improve"), b.st.note)
	default:
		b.header(sh, r, i18n.T(lang, "dash.area"), i18n.T(lang, "question"), i18n.T(lang, "points"), i18n.T(lang, "gain"))
		r++
		for _, card := range sc.Areas {
			q := s.def(card)
			for _, it := range card.Improve {
				title, label := card.Questionnaire, it.ID
				if q != nil {
					title, label = q.Title.In(lang), itemLabel(q, it.ID, lang)
				}
				b.str(sh, 1, r, title, b.st.text)
				b.str(sh, 2, r, label, b.st.wrap)
				b.num(sh, 3, r, it.Points, b.st.score)
				b.num(sh, 4, r, it.Gain, b.st.score)
				r++
			}
		}
	}
	b.capCol(sh, 1, 40)
	b.capCol(sh, 2, 50)
	b.finish(sh, layout{})
}

// area writes the sheet of one area: every item with its answer, points,
// weight, status and explanation; where to improve first; the sections.
func (s *scorecardWriter) area(card survey.AreaCard) {
	b, lang := s.b, s.lang
	q := s.def(card)
	title := card.Questionnaire
	if q != nil {
		title = q.Title.In(lang)
	}
	sh := b.sheet(title)
	b.str(sh, 1, 1, title, b.st.title)
	if card.Status != survey.StatusSubmitted || q == nil {
		b.str(sh, 1, 3, i18n.T(lang, "not.submitted.note"), b.st.note)
		b.finish(sh, layout{})
		return
	}
	line := i18n.T(lang, "score") + ": " + formatNumber(card.Score)
	if m := s.maturityLabel(card); m != "" {
		line += " · " + i18n.T(lang, "maturity") + ": " + m
	}
	b.str(sh, 1, 2, line, b.st.subtitle)
	answers, shown := s.answers[card.Questionnaire]
	if s.answers == nil {
		b.str(sh, 1, 3, i18n.T(lang, "dash.option")+": "+i18n.T(lang, "answers.hidden"), b.st.note)
	}
	hr := 4
	if card.Result == nil {
		// An analyst's copy: the area and section scores only (an item's
		// points with their parameters would give the answers away).
		s.sectionTable(sh, q, card, hr)
		b.capCol(sh, 1, 30)
		b.finish(sh, layout{})
		return
	}
	b.header(sh, hr, i18n.T(lang, "sc.section"), i18n.T(lang, "question"), i18n.T(lang, "dash.option"), i18n.T(lang, "points"),
		i18n.T(lang, "weight"), i18n.T(lang, "status"), i18n.T(lang, "explanation"))
	r := hr + 1
	for _, it := range card.Items {
		secTitle := it.Section
		if sec := q.Section(it.Section); sec != nil {
			secTitle = sec.Title.In(lang)
		}
		b.str(sh, 1, r, secTitle, b.st.text)
		b.str(sh, 2, r, itemLabel(q, it.ID, lang), b.st.wrap)
		qu := q.Question(it.ID)
		var ans *questionnaires.Value
		switch {
		case it.Indicator:
			if it.HasValue {
				b.num(sh, 3, r, it.Value, b.st.decimal)
			}
		case shown && qu != nil:
			if v, ok := answers[it.ID]; ok {
				ans = &v
				switch x := answerValue(qu, v, lang).(type) {
				case float64:
					b.num(sh, 3, r, x, b.numberStyle(qu.Type))
				case string:
					b.str(sh, 3, r, x, b.st.wrap)
				}
			}
		}
		if it.Status == scoring.StatusScored {
			b.num(sh, 4, r, it.Points, b.st.score)
		}
		b.num(sh, 5, r, it.Weight, b.st.decimal)
		b.str(sh, 6, r, i18n.T(lang, statusKey(it.Status)), b.st.text)
		b.str(sh, 7, r, explain(qu, it, ans, lang), b.st.wrap)
		r++
	}
	last := r - 1
	r++
	b.str(sh, 1, r, i18n.T(lang, "sc.improve"), b.st.subtitle)
	r++
	if len(card.Improve) == 0 {
		b.str(sh, 1, r, i18n.T(lang, "nothing.to.improve"), b.st.note)
		r++
	} else {
		b.str(sh, 1, r, i18n.T(lang, "sc.section"), b.st.header)
		b.str(sh, 2, r, i18n.T(lang, "question"), b.st.header)
		b.str(sh, 3, r, i18n.T(lang, "points"), b.st.header)
		b.str(sh, 4, r, i18n.T(lang, "gain"), b.st.header)
		r++
		for _, it := range card.Improve {
			secTitle := it.Section
			if sec := q.Section(it.Section); sec != nil {
				secTitle = sec.Title.In(lang)
			}
			b.str(sh, 1, r, secTitle, b.st.text)
			b.str(sh, 2, r, itemLabel(q, it.ID, lang), b.st.wrap)
			b.num(sh, 3, r, it.Points, b.st.score)
			b.num(sh, 4, r, it.Gain, b.st.score)
			r++
		}
	}
	s.sectionTable(sh, q, card, r+1)
	b.capCol(sh, 1, 30)
	b.capCol(sh, 2, 60)
	b.capCol(sh, 3, 40)
	b.capCol(sh, 7, 70)
	b.finish(sh, layout{headerRow: hr, firstCol: 1, lastCol: 7, lastRow: last})
}

// sectionTable writes the section scores of an area from row r on.
func (s *scorecardWriter) sectionTable(sh string, q *questionnaires.Questionnaire, card survey.AreaCard, r int) {
	b, lang := s.b, s.lang
	b.str(sh, 1, r, i18n.T(lang, "sc.section"), b.st.header)
	b.str(sh, 2, r, i18n.T(lang, "weight"), b.st.header)
	b.str(sh, 3, r, i18n.T(lang, "your.score"), b.st.header)
	b.str(sh, 4, r, i18n.T(lang, "peer.median"), b.st.header)
	r++
	for _, ss := range card.Sections {
		secTitle := ss.ID
		if sec := q.Section(ss.ID); sec != nil {
			secTitle = sec.Title.In(lang)
		}
		b.str(sh, 1, r, secTitle, b.st.text)
		b.num(sh, 2, r, ss.Weight, b.st.decimal)
		if ss.Scored {
			b.num(sh, 3, r, ss.Score, b.st.score)
		}
		if ss.PeerMedian != nil {
			b.num(sh, 4, r, *ss.PeerMedian, b.st.score)
		} else {
			b.str(sh, 4, r, b.suppressed(0), b.st.note)
		}
		r++
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
