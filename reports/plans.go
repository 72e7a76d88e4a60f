package reports

import (
	"strings"

	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
)

// plans writes the pack's action-plan sheet: the plan table family of the
// release by region (n associations with a plan, median, quartiles and
// mean of each area's share done and changes), with a chart of the
// medians of the share done.
func (p *packWriter) plans() string {
	b, lang := p.b, p.lang
	sh := b.sheet(i18n.T(lang, "sheet.plans"))
	b.str(sh, 1, 1, i18n.T(lang, "sheet.plans"), b.st.title)
	b.str(sh, 1, 2, i18n.T(lang, "about.plans"), b.st.note)
	var chart []string
	for _, a := range questionnaires.ScoredAreas {
		chart = append(chart, scoring.PlanMetric(string(a), scoring.PlanDone))
	}
	p.statsSheet(sh, p.pk.Plans, survey.PlanMetrics(), chart, 4)
	return sh
}

// planMetricLabel names a plan metric "area/kind": "Membership: share of
// plan items done".
func planMetricLabel(rest string, defs map[string]*questionnaires.Questionnaire, lang string) string {
	area, kind, _ := strings.Cut(rest, "/")
	key := map[string]string{scoring.PlanDone: "plan.share", scoring.PlanPlanned: "plan.change.planned",
		scoring.PlanUnplanned: "plan.change.unplanned"}[kind]
	if key == "" {
		return rest
	}
	return metricLabel(scoring.AreaMetric(questionnaires.Area(area)), defs, lang) + ": " + i18n.T(lang, key)
}
