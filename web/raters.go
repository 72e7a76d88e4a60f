package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
)

// The raters' pages: the coordinator's /raters (invite raters, their
// progress, a divergence per questionnaire), /raters/{c}/{q} (where the
// raters differ; the consensus pre-filled into the association's draft),
// and the rater's own start page (/survey for a rater token) and
// questionnaire pages, which are the association's fill-in pages pointed
// at the rater's response.

func (w *site) raterRoutes(e *gin.Engine) {
	e.GET("/raters", w.ratersPage)
	e.POST("/raters/:c/invite", w.inviteRater)
	e.GET("/raters/:c/:q", w.divergencePage)
	e.POST("/raters/:c/:q/consensus", w.startConsensus)
}

// raterPages are the only pages (method and route) a rater token reaches.
var raterPages = map[string]bool{
	"GET /survey": true, "GET /survey/:c/:q": true, "GET /survey/:c/:q/submit": true, "POST /survey/:c/:q/check": true,
	"GET /survey/:c/:q/:section": true, "GET /raters/:c/:q": true,
}

// divergenceURL is the divergence page of a questionnaire.
func divergenceURL(campaign, q string) string {
	return "/raters/" + url.PathEscape(campaign) + "/" + url.PathEscape(q)
}

// raterHomeData is a rater's start page.
type raterHomeData struct {
	Association, CampaignTitle, Name string
	Done                             string
	Open                             bool
	Items                            []questionnaireItem
}

// raterHome is /survey for a rater: the scored questionnaires it fills in.
func (w *site) raterHome(c *gin.Context, p survey.Principal) {
	ctx := c.Request.Context()
	h, err := w.svc.RaterHome(ctx, p)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	pg := w.newPage(c, "rater.home.title", &p)
	d := raterHomeData{Association: h.AssociationName, CampaignTitle: h.Campaign.Title.In(pg.Lang), Name: h.Rater.Name,
		Done: c.Query("done"), Open: h.Campaign.Status(w.svc.Now()) == survey.CampaignOpen}
	for _, r := range h.Responses {
		q, err := w.svc.Questionnaire(ctx, r.Key())
		if err != nil {
			w.errorPage(c, err)
			return
		}
		it := questionnaireItem{ID: q.ID, Title: q.Title.In(pg.Lang), URL: "/survey/" + url.PathEscape(h.Campaign.ID) + "/" + url.PathEscape(q.ID)}
		it.Answered, it.Required = progress(q, r.Answers)
		it.Percent = 100
		if it.Required > 0 {
			it.Percent = 100 * it.Answered / it.Required
		}
		switch {
		case r.Status == survey.StatusSubmitted:
			it.Status, it.Action = "submitted", pg.T("rater.divergence")
			it.URL = divergenceURL(h.Campaign.ID, q.ID)
		case r.Revision == 0:
			it.Status, it.Action = "not_started", pg.T("home.start")
		default:
			it.Status, it.Action = "draft", pg.T("home.continue")
		}
		it.StatusLabel = pg.T("status." + it.Status)
		d.Items = append(d.Items, it)
	}
	pg.Data = d
	w.render(c, http.StatusOK, "rater_home", pg)
}

// ratersData is the coordinator's raters page.
type ratersData struct {
	Association string
	AdminQuery  string
	Campaigns   []raterCampaign
}

type raterCampaign struct {
	ID, Title      string
	Open           bool
	Min            int
	Questionnaires []raterQuestionnaire
	Raters         []raterRow
	// NewName and NewLink show a rater just invited, once.
	NewName, NewLink string
}

type raterQuestionnaire struct {
	Title, URL string
}

type raterRow struct {
	ID, Name string
	Cells    []string
}

// ratersPage lists the association's raters per open campaign (or
// campaign with raters), with the invitation form.
func (w *site) ratersPage(c *gin.Context) {
	w.renderRaters(c, "", "", "")
}

// renderRaters renders the raters page, with a new invitation link of
// campaign when given.
func (w *site) renderRaters(c *gin.Context, campaign, name, link string) {
	p, assoc, ok := w.coordinator(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	a, err := w.svc.GetAssociation(ctx, p, assoc)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	cs, err := w.svc.ListCampaigns(ctx, p)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	pg := w.newPage(c, "raters.title", &p)
	d := ratersData{Association: a.Name, AdminQuery: adminQuery(p, assoc)}
	for _, cp := range cs {
		o, err := w.svc.RaterOverview(ctx, p, cp.ID, assoc)
		if err != nil {
			w.errorPage(c, err)
			return
		}
		open := cp.Status(w.svc.Now()) == survey.CampaignOpen
		if !open && len(o.Panel.Raters) == 0 {
			continue
		}
		rc := raterCampaign{ID: cp.ID, Title: cp.Title.In(pg.Lang), Open: open, Min: cp.Raters.MinOf()}
		if cp.ID == campaign {
			rc.NewName, rc.NewLink = name, link
		}
		for _, q := range o.Questionnaires {
			rc.Questionnaires = append(rc.Questionnaires, raterQuestionnaire{Title: q.Title.In(pg.Lang), URL: divergenceURL(cp.ID, q.ID) + adminQuery(p, assoc)})
		}
		for _, r := range o.Panel.Raters {
			row := raterRow{ID: r.ID, Name: r.Name}
			for _, q := range o.Questionnaires {
				st := string(o.Status[r.ID][q.ID])
				if st == "" {
					st = "not_started"
				}
				row.Cells = append(row.Cells, pg.T("status."+st))
			}
			rc.Raters = append(rc.Raters, row)
		}
		d.Campaigns = append(d.Campaigns, rc)
	}
	pg.Data = d
	pg.Scripts = []string{"js/admin.js"}
	w.render(c, http.StatusOK, "raters", pg)
}

// coordinator is the association a raters page is about: its own, or
// ?association= for administrators; anyone else gets 404.
func (w *site) coordinator(c *gin.Context) (survey.Principal, string, bool) {
	p, ok := w.principal(c)
	if !ok {
		return p, "", false
	}
	switch {
	case p.Role == survey.RoleAssociation:
		return p, p.Association, true
	case p.Role == survey.RoleAdmin && c.Query("association") != "":
		return p, c.Query("association"), true
	}
	w.errorPage(c, fmt.Errorf("raters page: %w", survey.ErrNotFound))
	return p, "", false
}

// inviteRater invites a named rater and shows its link once.
func (w *site) inviteRater(c *gin.Context) {
	p, assoc, ok := w.coordinator(c)
	if !ok {
		return
	}
	if err := formCSRF(c); err != nil {
		w.formExpired(c)
		return
	}
	inv, err := w.svc.InviteRater(c.Request.Context(), p, c.Param("c"), assoc, c.PostForm("name"))
	if err != nil {
		w.errorPage(c, err)
		return
	}
	w.renderRaters(c, c.Param("c"), inv.Rater.Name, w.x.BaseURL(c)+"/s/"+inv.Token)
}

// divergenceData is the divergence page.
type divergenceData struct {
	Title, CampaignTitle string
	Invited, Submitted   int
	Min                  int
	Columns              []string
	Rows                 []divergenceRow
	Index                string
	Rater                bool
	Consensus            string // the status label of the association's response
	Start                string // the form action pre-filling the consensus ("" when not offered)
	Questionnaire        string // the association's questionnaire pages
	Back                 string
}

type divergenceRow struct {
	ID, Label string
	Cells     []string
	Range     string
	SD        string
	Split     bool
	Consensus string
}

// divergencePage shows where the raters differ (the coordinator, an
// administrator, or a rater who has submitted, without the names).
func (w *site) divergencePage(c *gin.Context) {
	p, ok := w.principal(c)
	if !ok {
		return
	}
	assoc := p.Association
	switch p.Role {
	case survey.RoleRater:
		assoc = p.Rater.Association
	case survey.RoleAdmin:
		assoc = c.Query("association")
	}
	ctx := c.Request.Context()
	d, err := w.svc.Divergence(ctx, p, c.Param("c"), assoc, c.Param("q"))
	if err != nil {
		w.errorPage(c, err)
		return
	}
	cp, err := w.svc.GetCampaign(ctx, p, d.Campaign)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	pg := w.newPage(c, "", &p)
	q := d.Definition
	pg.Title = pg.T("rater.divergence") + " · " + q.Title.In(pg.Lang)
	v := divergenceData{Title: q.Title.In(pg.Lang), CampaignTitle: cp.Title.In(pg.Lang), Invited: d.Invited, Submitted: d.Submitted,
		Min: d.Min, Rater: p.Role == survey.RoleRater, Back: "/raters" + adminQuery(p, assoc)}
	if v.Rater {
		v.Back = "/survey"
	}
	for i, col := range d.Raters {
		switch {
		case col.Self:
			v.Columns = append(v.Columns, pg.T("rater.you"))
		case col.Name != "":
			v.Columns = append(v.Columns, col.Name)
		default:
			v.Columns = append(v.Columns, pg.T("rater.n", i+1))
		}
	}
	for _, sp := range d.Items {
		v.Rows = append(v.Rows, spreadRow(q.Question(sp.Item), sp, pg))
	}
	if d.Index != nil {
		v.Index = strconv.FormatFloat(*d.Index, 'f', 1, 64)
	}
	st := string(d.Consensus)
	if st == "" {
		st = "not_started"
	}
	v.Consensus = pg.T("status." + st)
	if !v.Rater {
		v.Questionnaire = "/survey/" + url.PathEscape(d.Campaign) + "/" + url.PathEscape(q.ID) + adminQuery(p, assoc)
		if d.Submitted >= 2 && d.Consensus != survey.StatusSubmitted && cp.Status(w.svc.Now()) == survey.CampaignOpen {
			v.Start = divergenceURL(d.Campaign, q.ID) + "/consensus" + adminQuery(p, assoc)
		}
	}
	pg.Data = v
	w.render(c, http.StatusOK, "divergence", pg)
}

// spreadRow formats one compared item.
func spreadRow(qu *questionnaires.Question, sp scoring.Spread, pg *page) divergenceRow {
	row := divergenceRow{ID: sp.Item, Label: qu.Label.In(pg.Lang), Split: sp.Split()}
	for _, v := range sp.Values {
		row.Cells = append(row.Cells, raterAnswer(qu, v, pg))
	}
	if sp.Kind != scoring.SpreadChoice {
		row.Range = fmtFloat(sp.Min) + "–" + fmtFloat(sp.Max)
	} else {
		row.Range = fmt.Sprintf("%.0f%%", 100*sp.ModeShare)
	}
	if sp.SD != nil {
		row.SD = strconv.FormatFloat(*sp.SD, 'f', 1, 64)
	}
	if sp.HasConsensus {
		v := scoring.RaterValue{Answered: true, Num: sp.Consensus.Num, Choice: sp.Consensus.Str}
		row.Consensus = raterAnswer(qu, v, pg)
	}
	return row
}

// raterAnswer is one rater's answer as the divergence table shows it.
func raterAnswer(qu *questionnaires.Question, v scoring.RaterValue, pg *page) string {
	switch {
	case !v.Answered:
		return "—"
	case qu.Type == questionnaires.TypeYesNo:
		return pg.T("answer." + v.Choice)
	case qu.Type == questionnaires.TypeSingleChoice:
		for _, ch := range qu.Choices {
			if ch.ID == v.Choice {
				return ch.Label.In(pg.Lang)
			}
		}
		return v.Choice
	case qu.Type == questionnaires.TypeRubric:
		return pg.T("rubric.level", int(v.Num))
	}
	return fmtFloat(v.Num)
}

// startConsensus pre-fills the association's draft from the raters and
// opens the questionnaire.
func (w *site) startConsensus(c *gin.Context) {
	p, assoc, ok := w.coordinator(c)
	if !ok {
		return
	}
	if err := formCSRF(c); err != nil {
		w.formExpired(c)
		return
	}
	if _, err := w.svc.StartConsensus(c.Request.Context(), p, c.Param("c"), assoc, c.Param("q")); err != nil {
		w.errorPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/survey/"+url.PathEscape(c.Param("c"))+"/"+url.PathEscape(c.Param("q"))+adminQuery(p, assoc))
}

// raterCard is the scorecard's consensus index.
type raterCard struct {
	Index string
	Items int
	Areas []raterAreaView
}

type raterAreaView struct {
	Title, Index, URL string
	Raters            int
}

// raterSummaryCard formats the scorecard's raters summary (nil without one).
func raterSummaryCard(sc *survey.Scorecard, p survey.Principal, campaign, assoc, lang string) *raterCard {
	if sc.Raters == nil {
		return nil
	}
	rc := &raterCard{Index: strconv.FormatFloat(sc.Raters.Index, 'f', 1, 64), Items: sc.Raters.Items}
	for _, a := range sc.Raters.Areas {
		title := a.Questionnaire
		if def := sc.Definitions[a.Questionnaire]; def != nil {
			title = def.Title.In(lang)
		}
		rc.Areas = append(rc.Areas, raterAreaView{Title: title, Index: strconv.FormatFloat(a.Index, 'f', 1, 64), Raters: a.Raters,
			URL: divergenceURL(campaign, a.Questionnaire) + adminQuery(p, assoc)})
	}
	return rc
}

// ratersWait is the submit page's notice to a coordinator whose consensus
// waits for the campaign's minimum of raters ("" when it does not).
func (w *site) ratersWait(c *gin.Context, l *located, pg *page) string {
	min := l.campaign.Raters.MinOf()
	if l.readOnly != "" || l.p.Role != survey.RoleAssociation || min == 0 || !l.q.Scored() {
		return ""
	}
	d, err := w.svc.Divergence(c.Request.Context(), l.p, l.campaign.ID, l.assoc, l.q.ID)
	if err != nil || d.Invited == 0 || d.Submitted >= min {
		return ""
	}
	return pg.T("raters.wait", d.Submitted, min)
}
