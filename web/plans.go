package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/reports"
	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
)

// The action-plan page (/scorecard/{c}/plan): the association writes and
// edits its plan for a campaign from its scorecard (a plain form: each
// "where to improve first" item and each item already planned is a row,
// and one more row adds any other scored item) and reads the follow-up of
// its previous campaign's plan. The scorecard shows a summary and links
// here (planSummary).

// planPageData is the plan page.
type planPageData struct {
	Campaign, CampaignTitle string
	Revision                int64
	Closed, Saved           bool
	Rows                    []planRow
	Add                     []option
	Statuses                []option
	Errors                  []string
	FollowUp                *followUpView
	Scorecard               string
	// Download is the scorecard workbook, whose plan sheet the upload reads.
	Download string
}

// planRow is one row of the plan form.
type planRow struct {
	N                            int
	Key, Label, Area, Points     string
	In                           bool
	Action, Owner, Due, Target   string
	Status                       string
	Carried                      string // the campaign it came from
	ActionErr, DueErr, TargetErr string
	StatusErr, ItemErr           string
	Statuses                     []option
}

// followUpView is the follow-up of the previous campaign's plan.
type followUpView struct {
	Campaign    string
	Done, Total int
	Share       string
	Items       []followRow
	Areas       []followArea
}

type followRow struct {
	Label, Status, Before, After, Target string
	Reached                              bool
}

type followArea struct {
	Area, Items, Share, Planned, Unplanned string
}

// planSummary is the scorecard's plan section.
type planSummary struct {
	URL      string
	Items    int
	Done     int
	FollowUp *followUpView
}

// planRoutes registers the plan pages.
func (w *site) planRoutes(e *gin.Engine) {
	e.GET("/scorecard/:c/plan", w.planPage)
	e.POST("/scorecard/:c/plan", w.savePlan)
	e.POST("/scorecard/:c/plan/workbook", w.importPlanSheet)
}

// planURL is the plan page of a campaign.
func planURL(campaign string) string { return "/scorecard/" + url.PathEscape(campaign) + "/plan" }

// planSummary returns the scorecard's plan section for an association
// looking at its own scorecard (nil for anyone else or on error).
func (w *site) planSummary(c *gin.Context, p survey.Principal, campaign, assoc string, defs map[string]*questionnaires.Questionnaire, lang string) *planSummary {
	if p.Role != survey.RoleAssociation || p.Association != assoc {
		return nil
	}
	v, err := w.svc.GetPlan(c.Request.Context(), p, campaign, assoc)
	if err != nil {
		return nil
	}
	s := &planSummary{URL: planURL(campaign), Items: len(v.Plan.Items)}
	for _, it := range v.Plan.Items {
		if it.Status == survey.PlanDone {
			s.Done++
		}
	}
	if v.FollowUp != nil {
		s.FollowUp = followView(v.FollowUp, defs, lang, func(k string) string { return k })
		s.FollowUp.Campaign = w.campaignTitle(c, p, v.FollowUp.Campaign, lang)
	}
	return s
}

// campaignTitle is a campaign's title in lang (its id when it cannot be read).
func (w *site) campaignTitle(c *gin.Context, p survey.Principal, id, lang string) string {
	cp, err := w.svc.GetCampaign(c.Request.Context(), p, id)
	if err != nil {
		return id
	}
	return cp.Title.In(lang)
}

func (w *site) planPage(c *gin.Context) {
	p, ok := w.associationPlan(c)
	if !ok {
		return
	}
	w.renderPlan(c, p, http.StatusOK, nil, nil)
}

// associationPlan lets only associations in (staff read plans through the API).
func (w *site) associationPlan(c *gin.Context) (survey.Principal, bool) {
	p, ok := w.principal(c)
	if !ok {
		return p, false
	}
	if p.Role != survey.RoleAssociation {
		w.errorPage(c, fmt.Errorf("the plan page is the association's: %w", survey.ErrNotFound))
		return p, false
	}
	return p, true
}

// renderPlan shows the plan page; posted (with its validation error) is a
// refused save to show again as it was sent.
func (w *site) renderPlan(c *gin.Context, p survey.Principal, status int, posted []planRow, verr *survey.ValidationError) {
	ctx := c.Request.Context()
	campaign := c.Param("c")
	v, err := w.svc.GetPlan(ctx, p, campaign, p.Association)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	sc, err := w.svc.Scorecard(ctx, p, campaign, p.Association)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	pg := w.newPage(c, "plan.title", &p)
	l := pg.Lang
	d := planPageData{Campaign: campaign, CampaignTitle: sc.Campaign.Title.In(l), Revision: v.Plan.Revision,
		Closed: v.Plan.ClosedAt != nil, Saved: c.Query("saved") == "1", Scorecard: "/scorecard/" + url.PathEscape(campaign),
		Download: "/api/v1/campaigns/" + url.PathEscape(campaign) + "/exports/scorecard/" + url.PathEscape(p.Association) + "?lang=" + pg.Lang}
	label := itemLabels(sc.Definitions, l)
	for _, st := range survey.PlanStatuses {
		d.Statuses = append(d.Statuses, option{Value: string(st), Label: pg.T("plan.status." + string(st))})
	}
	if posted != nil {
		d.Rows = posted
		for i := range d.Rows {
			d.Rows[i].Label, d.Rows[i].Area = label(d.Rows[i].Key)
		}
		d.Revision, _ = strconv.ParseInt(c.PostForm("revision"), 10, 64)
	} else {
		d.Rows = planRows(v.Plan, sc, label)
	}
	for i := range d.Rows {
		d.Rows[i].N = i
		d.Rows[i].Statuses = markSelected(d.Statuses, d.Rows[i].Status)
	}
	if verr != nil {
		d.Errors = locateErrors(d.Rows, verr)
	}
	d.Add = addOptions(sc, d.Rows, label, l)
	if v.FollowUp != nil {
		d.FollowUp = followView(v.FollowUp, sc.Definitions, l, func(st string) string { return pg.T("plan.status." + st) })
		d.FollowUp.Campaign = w.campaignTitle(c, p, v.FollowUp.Campaign, l)
	}
	pg.Data = d
	w.render(c, status, "plan", pg)
}

// markSelected returns opts with the option of value selected.
func markSelected(opts []option, value string) []option {
	out := make([]option, len(opts))
	for i, o := range opts {
		o.Selected = o.Value == value
		out[i] = o
	}
	return out
}

// itemLabels returns a function naming a score item "questionnaire/item".
func itemLabels(defs map[string]*questionnaires.Questionnaire, lang string) func(string) (string, string) {
	return func(key string) (string, string) {
		qid, id, _ := strings.Cut(key, "/")
		q := defs[qid]
		if q == nil {
			return key, ""
		}
		area := string(q.Area)
		if qu := q.Question(id); qu != nil {
			return qu.Label.In(lang), area
		}
		if in := q.Indicator(id); in != nil {
			return in.Label.In(lang), area
		}
		return key, area
	}
}

// planRows are the form's rows: the plan's items, then the scorecard's
// "where to improve first" items not in it.
func planRows(pl *survey.ActionPlan, sc *survey.Scorecard, label func(string) (string, string)) []planRow {
	var rows []planRow
	seen := map[string]bool{}
	for _, it := range pl.Items {
		r := planRow{Key: it.Key(), In: true, Action: it.Action, Owner: it.Owner, Due: it.Due, Status: string(it.Status),
			Target: strconv.FormatFloat(it.Target, 'f', -1, 64)}
		r.Label, r.Area = label(r.Key)
		if it.Points != nil {
			r.Points = fmtScore(*it.Points)
		}
		if n := len(it.History); n > 0 {
			r.Carried = it.History[n-1].Campaign
		}
		seen[r.Key] = true
		rows = append(rows, r)
	}
	for _, card := range sc.Areas {
		for _, it := range card.Improve {
			key := card.Questionnaire + "/" + it.ID
			if seen[key] {
				continue
			}
			seen[key] = true
			r := planRow{Key: key, Status: string(survey.PlanPlanned), Points: fmtScore(it.Points),
				Target: strconv.FormatFloat(min(100, it.Points+30), 'f', 0, 64)}
			r.Label, r.Area = label(key)
			rows = append(rows, r)
		}
	}
	return rows
}

// addOptions are the scored items of the scorecard not yet in a row.
func addOptions(sc *survey.Scorecard, rows []planRow, label func(string) (string, string), lang string) []option {
	have := map[string]bool{}
	for _, r := range rows {
		have[r.Key] = true
	}
	var out []option
	for _, card := range sc.Areas {
		q := sc.Definitions[card.Questionnaire]
		if q == nil {
			continue
		}
		add := func(id string) {
			key := q.ID + "/" + id
			if !have[key] {
				l, _ := label(key)
				out = append(out, option{Value: key, Label: q.Title.In(lang) + " — " + l})
			}
		}
		for _, qu := range q.Questions() {
			if qu.Method() != questionnaires.MethodNone {
				add(qu.ID)
			}
		}
		for _, in := range q.IndicatorsInOrder() {
			if in.Method() != questionnaires.MethodNone {
				add(in.ID)
			}
		}
	}
	return out
}

// followView formats a follow-up; status names a status in the page's language.
func followView(f *survey.PlanFollowUp, defs map[string]*questionnaires.Questionnaire, lang string, status func(string) string) *followUpView {
	label := itemLabels(defs, lang)
	v := &followUpView{Campaign: f.Campaign, Done: f.Done, Total: f.Total, Share: fmtScore(f.Share) + "%"}
	for i, it := range f.Planned {
		fi := f.Items[i]
		r := followRow{Status: status(string(it.Status)), Target: fmtScore(it.Target), Reached: fi.Reached, Before: "—", After: "—"}
		r.Label, _ = label(it.Key())
		if fi.HasBefore {
			r.Before = fmtScore(fi.Before)
		}
		if fi.HasAfter {
			r.After = fmtScore(fi.After)
		}
		v.Items = append(v.Items, r)
	}
	for _, a := range f.Areas {
		fa := followArea{Area: metricLabel(scoring.AreaMetric(questionnaires.Area(a.Area)), lang), Items: strconv.Itoa(a.Items),
			Share: fmtScore(a.Share) + "%", Planned: "—", Unplanned: "—"}
		if a.HasPlanned {
			fa.Planned = fmt.Sprintf("%+.1f", a.Planned)
		}
		if a.HasUnplanned {
			fa.Unplanned = fmt.Sprintf("%+.1f", a.Unplanned)
		}
		v.Areas = append(v.Areas, fa)
	}
	return v
}

// savePlan takes the plan form: rows item.N (the item key), in.N (in
// the plan), action.N, owner.N, due.N, status.N, target.N; and add, an
// item to add as a new row.
func (w *site) savePlan(c *gin.Context) {
	p, ok := w.associationPlan(c)
	if !ok {
		return
	}
	if err := formCSRF(c); err != nil {
		w.formExpired(c)
		return
	}
	rows, items, bad := postedPlan(c)
	if bad != nil {
		w.renderPlan(c, p, http.StatusUnprocessableEntity, rows, bad)
		return
	}
	rev, err := strconv.ParseInt(c.PostForm("revision"), 10, 64)
	if err != nil {
		w.errorPage(c, &survey.ValidationError{Message: "invalid plan", Fields: map[string]string{"revision": "must be the revision read"}})
		return
	}
	_, err = w.svc.SavePlan(c.Request.Context(), p, survey.PlanInput{Campaign: c.Param("c"), Association: p.Association, Revision: rev, Items: items})
	var ve *survey.ValidationError
	switch {
	case errors.As(err, &ve):
		w.renderPlan(c, p, http.StatusUnprocessableEntity, rows, ve)
		return
	case errors.Is(err, survey.ErrStaleRevision):
		w.stalePlan(c, p)
		return
	case err != nil:
		w.errorPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, planURL(c.Param("c"))+"?saved=1")
}

// postedPlan reads the form's rows and the plan items of the rows in the
// plan; a target that is not a number is a validation error of its row.
func postedPlan(c *gin.Context) ([]planRow, []survey.PlanItem, *survey.ValidationError) {
	var rows []planRow
	var items []survey.PlanItem
	fe := map[string]string{}
	for i := 0; i <= survey.MaxPlanItems+3*len(questionnaires.ScoredAreas); i++ {
		n := strconv.Itoa(i)
		key := c.PostForm("item." + n)
		if key == "" {
			break
		}
		rows = append(rows, postedRow(c, n, key))
	}
	if add := c.PostForm("add"); add != "" {
		rows = append(rows, planRow{Key: add, In: true, Status: string(survey.PlanPlanned), Target: "100"})
	}
	for _, r := range rows {
		if !r.In {
			continue
		}
		qid, id, _ := strings.Cut(r.Key, "/")
		target, err := strconv.ParseFloat(strings.TrimSpace(r.Target), 64)
		if err != nil {
			fe[fmt.Sprintf("items[%d].target", len(items))] = "must be a number from 0 to 100"
			target = -1
		}
		items = append(items, survey.PlanItem{Questionnaire: qid, Item: id, Action: r.Action, Owner: r.Owner, Due: r.Due,
			Status: survey.PlanStatus(r.Status), Target: target})
	}
	if len(fe) > 0 {
		return rows, items, &survey.ValidationError{Message: "invalid plan", Fields: fe}
	}
	return rows, items, nil
}

// postedRow is row n of the form.
func postedRow(c *gin.Context, n, key string) planRow {
	return planRow{Key: key, In: c.PostForm("in."+n) != "", Action: c.PostForm("action." + n), Owner: c.PostForm("owner." + n),
		Due: c.PostForm("due." + n), Status: c.PostForm("status." + n), Target: c.PostForm("target." + n),
		Points: c.PostForm("points." + n), Carried: c.PostForm("carried." + n)}
}

// locateErrors puts each error of items[j].field on the row of the j-th
// item in the plan and returns the messages that belong to no row.
func locateErrors(rows []planRow, ve *survey.ValidationError) []string {
	var rowOf []int
	for i, r := range rows {
		if r.In {
			rowOf = append(rowOf, i)
		}
	}
	var rest []string
	for field, msg := range ve.Fields {
		var j int
		var name string
		if _, err := fmt.Sscanf(strings.Replace(field, "].", "] ", 1), "items[%d] %s", &j, &name); err != nil || j >= len(rowOf) {
			rest = append(rest, field+": "+msg)
			continue
		}
		r := &rows[rowOf[j]]
		switch name {
		case "action":
			r.ActionErr = msg
		case "due":
			r.DueErr = msg
		case "target":
			r.TargetErr = msg
		case "status":
			r.StatusErr = msg
		default:
			r.ItemErr = msg
		}
	}
	return rest
}

// planTableView is the dashboard's plan table: per group, per area, from
// the campaign's release.
type planTableView struct {
	Areas []string
	Rows  []planTableRow
	Error string
}

type planTableRow struct {
	Group string
	Cells []planTableCell
}

// planTableCell is one area of one group: n associations with a plan, the
// share of items done (mean), the median changes (from 2k plans).
type planTableCell struct {
	N                        int
	Hidden                   string // why the cell shows n only ("" when shown)
	Done, Planned, Unplanned string
}

// planTable reads the plan table family of the campaign's release grouped by dims.
func (w *site) planTable(c *gin.Context, p survey.Principal, campaign string, dims []string, pg *page) *planTableView {
	v := &planTableView{}
	t, err := w.svc.PlanTable(c.Request.Context(), p, campaign, dims)
	if err != nil {
		v.Error = w.sectionError(c, err, pg.Lang)
		return v
	}
	areas := questionnaires.ScoredAreas
	for _, a := range areas {
		v.Areas = append(v.Areas, metricLabel(scoring.AreaMetric(a), pg.Lang))
	}
	for _, g := range append([]scoring.Group{t.All}, t.Groups...) {
		row := planTableRow{Group: groupLabel(g.Key, g.Attrs, dims, pg.Lang)}
		seen := false
		for _, a := range areas {
			done := g.Stats[scoring.PlanMetric(string(a), scoring.PlanDone)]
			cell := planTableCell{N: done.N, Done: "—", Planned: "—", Unplanned: "—"}
			seen = seen || done.N > 0 || done.NHidden
			switch {
			case done.N == 0 && !done.NHidden:
			case done.Suppressed:
				cell.Hidden = pg.Suppressed(t.K, done.N)
			default:
				cell.Done = fmtScore(done.Mean) + "%"
				cell.Planned = planMedian(g.Stats[scoring.PlanMetric(string(a), scoring.PlanPlanned)])
				cell.Unplanned = planMedian(g.Stats[scoring.PlanMetric(string(a), scoring.PlanUnplanned)])
			}
			row.Cells = append(row.Cells, cell)
		}
		if seen {
			v.Rows = append(v.Rows, row)
		}
	}
	return v
}

// planMedian writes a published median change, "—" when not shown.
func planMedian(st scoring.Stats) string {
	if st.Suppressed || !st.QuartilesShown {
		return "—"
	}
	return fmt.Sprintf("%+.1f", st.Median)
}

// importPlanSheet takes the plan sheet of a scorecard workbook uploaded
// from the plan page (field "workbook"): problems are shown on the page,
// at their cells; a sheet of an older revision is a stale save.
func (w *site) importPlanSheet(c *gin.Context) {
	p, ok := w.associationPlan(c)
	if !ok {
		return
	}
	if err := formCSRF(c); err != nil {
		w.formExpired(c)
		return
	}
	problems, err := w.readPlanUpload(c, p)
	switch {
	case errors.Is(err, survey.ErrStaleRevision):
		w.stalePlan(c, p)
	case err != nil:
		w.errorPage(c, err)
	case len(problems) > 0:
		w.renderPlan(c, p, http.StatusUnprocessableEntity, nil, &survey.ValidationError{Message: "the workbook has problems", Fields: problems})
	default:
		c.Redirect(http.StatusSeeOther, planURL(c.Param("c"))+"?saved=1")
	}
}

// readPlanUpload reads and saves the uploaded plan sheet; it returns the
// problems by cell when the sheet or the plan has some.
func (w *site) readPlanUpload(c *gin.Context, p survey.Principal) (map[string]string, error) {
	fh, err := c.FormFile("workbook")
	if err != nil {
		return map[string]string{"workbook": i18n.T(httpx.Lang(c), "p.unreadable")}, nil
	}
	file, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("open the upload: %w", err)
	}
	defer file.Close()
	ps, problems := reports.ReadPlanSheet(file, httpx.Lang(c))
	if len(problems) == 0 && (ps.Campaign != c.Param("c") || ps.Association != p.Association) {
		problems = []reports.Problem{{Message: i18n.T(httpx.Lang(c), "p.noplan")}}
	}
	if len(problems) == 0 {
		_, err = w.svc.SavePlan(c.Request.Context(), p, survey.PlanInput{Campaign: ps.Campaign, Association: ps.Association,
			Revision: ps.Revision, Items: ps.Items})
		var ve *survey.ValidationError
		if !errors.As(err, &ve) {
			return nil, err
		}
		problems = ps.Locate(ve)
	}
	out := map[string]string{}
	for _, pr := range problems {
		out[pr.Key()] = pr.Message
	}
	return out, nil
}

// stalePlan says the plan changed since it was read.
func (w *site) stalePlan(c *gin.Context, p survey.Principal) {
	pg := w.newPage(c, "plan.stale.title", &p)
	pg.Data = message{Heading: pg.T("plan.stale.title"), Text: pg.T("plan.stale.text"), Link: planURL(c.Param("c")), LinkTxt: pg.T("plan.title")}
	w.render(c, http.StatusPreconditionFailed, "message", pg)
}
