package reports

import (
	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
)

// The Raters sheet of the scorecard workbook, for an association that had
// raters (its own workbook and an administrator's, never an analyst's): the
// consensus index, then per questionnaire that two or more raters
// submitted a block: each item with every rater's answer (by name), min–max
// (or the share agreeing with the most frequent choice), the standard
// deviation of numbers and the median pre-filled into the consensus; the
// items two or more levels apart first and marked.

// ratersSheetName is the sheet's name in lang.
func ratersSheetName(lang string) string { return i18n.T(lang, "raters.title") }

// ratersSheet writes the Raters sheet.
func (s *scorecardWriter) ratersSheet(rs *survey.RaterSummary) {
	b, lang := s.b, s.lang
	sh := b.sheet(ratersSheetName(lang))
	b.str(sh, 1, 1, ratersSheetName(lang), b.st.title)
	b.pair(sh, 3, i18n.T(lang, "raters.index"), rs.Index, b.st.decimal)
	b.pair(sh, 4, i18n.T(lang, "raters.items"), rs.Items, b.st.integer)
	r := 6
	for _, d := range rs.Divergences {
		q := d.Definition
		b.str(sh, 1, r, q.Title.In(lang), b.st.subtitle)
		if d.Index != nil {
			b.num(sh, 2, r, *d.Index, b.st.decimal)
		}
		r++
		labels := []string{i18n.T(lang, "plan.item")}
		for i, c := range d.Raters {
			name := c.Name
			if name == "" {
				name = i18n.T(lang, "rater.n", i+1)
			}
			labels = append(labels, name)
		}
		labels = append(labels, i18n.T(lang, "raters.range"), i18n.T(lang, "raters.sd"), i18n.T(lang, "raters.median"), i18n.T(lang, "raters.apart"))
		b.header(sh, r, labels...)
		r++
		for _, sp := range d.Items {
			s.spreadLine(sh, r, q, sp, len(d.Raters))
			r++
		}
		r++
	}
	b.capCol(sh, 1, 50)
	b.finish(sh, layout{})
}

// spreadLine writes one compared item.
func (s *scorecardWriter) spreadLine(sh string, r int, q *questionnaires.Questionnaire, sp scoring.Spread, raters int) {
	b, lang := s.b, s.lang
	qu := q.Question(sp.Item)
	b.str(sh, 1, r, itemLabel(q, sp.Item, lang), b.st.wrap)
	for i, v := range sp.Values {
		s.raterCell(sh, 2+i, r, qu, v)
	}
	col := 2 + raters
	if sp.Kind == scoring.SpreadChoice {
		b.num(sh, col, r, sp.ModeShare, b.st.percent)
	} else {
		b.str(sh, col, r, formatNumber(sp.Min)+" – "+formatNumber(sp.Max), b.st.text)
	}
	if sp.SD != nil {
		b.num(sh, col+1, r, *sp.SD, b.st.decimal)
	}
	if sp.HasConsensus {
		s.raterCell(sh, col+2, r, qu, scoring.RaterValue{Answered: true, Num: sp.Consensus.Num, Choice: sp.Consensus.Str})
	}
	if sp.Split() {
		b.str(sh, col+3, r, i18n.T(lang, "answer.yes"), b.st.text)
	}
}

// raterCell writes one answer: a number, or the choice's label.
func (s *scorecardWriter) raterCell(sh string, col, r int, qu *questionnaires.Question, v scoring.RaterValue) {
	b, lang := s.b, s.lang
	switch {
	case !v.Answered || qu == nil:
	case qu.Type == questionnaires.TypeYesNo:
		b.str(sh, col, r, i18n.T(lang, "answer."+v.Choice), b.st.text)
	case qu.Type == questionnaires.TypeSingleChoice:
		label := v.Choice
		for _, ch := range qu.Choices {
			if ch.ID == v.Choice {
				label = ch.Label.In(lang)
			}
		}
		b.str(sh, col, r, label, b.st.text)
	default:
		b.num(sh, col, r, v.Num, b.st.decimal)
	}
}
