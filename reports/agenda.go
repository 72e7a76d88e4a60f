package reports

import (
	"fmt"
	"strings"

	"github.com/assocbench/assocbench/i18n"
)

// agenda writes the session pack's "Agenda" sheet: every repeat of every
// session of the campaign's meetings, one row per region, with the UTC
// times, the local times in each zone of the region's participants, and
// how many of them the repeat covers (counts only).
func (p *packWriter) agenda() string {
	b, lang := p.b, p.lang
	sh := b.sheet(i18n.T(lang, "sheet.agenda"))
	b.str(sh, 1, 1, i18n.T(lang, "sheet.agenda"), b.st.title)
	if len(p.pk.Agenda) == 0 {
		b.str(sh, 1, 3, i18n.T(lang, "no.sessions"), b.st.note)
		b.finish(sh, layout{})
		return sh
	}
	hr := 3
	b.header(sh, hr, i18n.T(lang, "agenda.meeting"), i18n.T(lang, "agenda.session"), i18n.T(lang, "agenda.repeat"),
		i18n.T(lang, "agenda.start"), i18n.T(lang, "agenda.end"), i18n.T(lang, "dim.region"), i18n.T(lang, "agenda.local"),
		i18n.T(lang, "agenda.participants"), i18n.T(lang, "agenda.covered"))
	r := hr + 1
	for _, row := range p.pk.Agenda {
		var local []string
		for _, l := range row.Local {
			local = append(local, fmt.Sprintf("%s %s %s–%s (UTC%s)", l.Zone, l.Date, l.Start, l.End, l.Offset))
		}
		b.str(sh, 1, r, row.Meeting.In(lang), b.st.wrap)
		b.str(sh, 2, r, row.Session.In(lang), b.st.wrap)
		b.str(sh, 3, r, fmt.Sprintf("%d/%d", row.Repeat+1, row.Repeats), b.st.text)
		b.when(sh, 4, r, row.Start)
		b.when(sh, 5, r, row.End)
		b.str(sh, 6, r, dimValue("region", row.Region, lang), b.st.text)
		b.str(sh, 7, r, strings.Join(local, "; "), b.st.wrap)
		b.integer(sh, 8, r, row.Participants)
		b.integer(sh, 9, r, row.Covered)
		r++
	}
	b.capCol(sh, 1, 30)
	b.capCol(sh, 2, 40)
	b.capCol(sh, 7, 90)
	b.finish(sh, layout{headerRow: hr, firstCol: 1, lastCol: 9, lastRow: r - 1})
	return sh
}
