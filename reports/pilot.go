package reports

import (
	"strings"

	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
)

// pilot writes the sheet "Mentoring pilot": the outcome table family by
// region, the change of the area score since the pairing campaign of
// matched mentees and of seekers not matched, under the release's rules.
func (p *packWriter) pilot() string {
	b, lang := p.b, p.lang
	sh := b.sheet(i18n.T(lang, "sheet.pilot"))
	b.str(sh, 1, 1, i18n.T(lang, "sheet.pilot"), b.st.title)
	b.str(sh, 1, 2, i18n.T(lang, "about.pilot"), b.st.note)
	p.statsSheet(sh, p.pk.Outcomes, survey.MentoringOutcomeMetrics(), nil, 4)
	return sh
}

// outcomeMetricLabel names an outcome metric "area/kind": "Membership:
// change of mentored associations".
func outcomeMetricLabel(rest string, defs map[string]*questionnaires.Questionnaire, lang string) string {
	area, kind, _ := strings.Cut(rest, "/")
	key := map[string]string{survey.OutcomeMatched: "pilot.matched", survey.OutcomeUnmatched: "pilot.unmatched",
		survey.OutcomeRating: "pilot.rating"}[kind]
	if key == "" {
		return rest
	}
	return metricLabel(scoring.AreaMetric(questionnaires.Area(area)), defs, lang) + ": " + i18n.T(lang, key)
}
