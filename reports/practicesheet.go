package reports

import (
	"strings"

	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
)

// goodPractices writes the "Good practices" sheet of one area: every
// approved entry of the library for the area, one row each. Every text
// is user text and written as text (book.str), never as a formula.
func (p *packWriter) goodPractices(area questionnaires.Area, title string) string {
	b, lang := p.b, p.lang
	sh := b.sheet(i18n.T(lang, "sheet.goodpractices", title))
	b.str(sh, 1, 1, i18n.T(lang, "sheet.goodpractices", title), b.st.title)
	b.str(sh, 1, 2, i18n.T(lang, "about.goodpractices"), b.st.note)
	hr := 4
	b.header(sh, hr, i18n.T(lang, "meet.name"), i18n.T(lang, "lib.kind"), i18n.T(lang, "lib.items"),
		i18n.T(lang, "nav.languages"), i18n.T(lang, "lib.source"), i18n.T(lang, "lib.text"))
	r := hr + 1
	for _, pr := range p.pk.Practices {
		if pr.Area != area {
			continue
		}
		kind := i18n.T(lang, "lib.kind.resource")
		source := pr.Link
		text := pr.Description
		if pr.Kind == survey.KindStory {
			kind = i18n.T(lang, "lib.kind.story")
			source = i18n.T(lang, "lib.anonymous", questionnaires.Region(pr.Region).Label(lang))
			if pr.Attribution == survey.AttributionNamed {
				source = i18n.T(lang, "lib.sharedby", pr.AssociationName)
			}
			text = strings.Join(nonEmpty(pr.Did, pr.Cost, pr.Changed), "\n\n")
		} else if pr.File != nil {
			source = pr.File.Name
		}
		var items []string
		for _, it := range pr.Items {
			items = append(items, p.itemLabel(it))
		}
		b.str(sh, 1, r, pr.Title, b.st.wrap)
		b.str(sh, 2, r, kind, b.st.text)
		b.str(sh, 3, r, strings.Join(items, "; "), b.st.wrap)
		b.str(sh, 4, r, strings.Join(pr.Languages, ", "), b.st.text)
		b.str(sh, 5, r, source, b.st.wrap)
		b.str(sh, 6, r, text, b.st.wrap)
		r++
	}
	if r == hr+1 {
		b.str(sh, 1, r, i18n.T(lang, "admin.none"), b.st.text)
		r++
	}
	for col, w := range []int{40, 16, 40, 12, 40, 80} {
		b.capCol(sh, col+1, w)
	}
	b.finish(sh, layout{headerRow: hr, firstCol: 1, lastCol: 6, lastRow: r - 1})
	return sh
}

// itemLabel names an item "questionnaire/item" by its definition.
func (p *packWriter) itemLabel(key string) string {
	qid, id, _ := strings.Cut(key, "/")
	if q := p.defs[qid]; q != nil {
		if qu := q.Question(id); qu != nil {
			return qu.Label.In(p.lang)
		}
		if in := q.Indicator(id); in != nil {
			return in.Label.In(p.lang)
		}
	}
	return key
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
