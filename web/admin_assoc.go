package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/survey"
)

// adminAssoc is the data of one association's administration page.
type adminAssoc struct {
	ID, Name  string
	Saved     bool
	Form      assocForm
	Types     []option
	Budgets   []option
	Langs     []option
	Problems  []string
	Tokens    []tokenRow
	Campaigns []assocCampaign
}

// tokenRow is one invitation of an association (never its secret).
type tokenRow struct {
	Prefix, Label, Created, Expires string
	Revoked                         bool
}

// assocCampaign is the association's responses in one campaign, with
// the reopen form for those submitted while the campaign is open.
type assocCampaign struct {
	ID, Title string
	Open      bool
	Responses []assocResponse
}

type assocResponse struct {
	Questionnaire, Title, Status, StatusLabel string
}

func (w *site) adminAssociation(c *gin.Context) {
	p, ok := w.adminOnly(c)
	if !ok {
		return
	}
	a, err := w.svc.GetAssociation(c.Request.Context(), p, c.Param("a"))
	if err != nil {
		w.errorPage(c, err)
		return
	}
	w.renderAssoc(c, p, http.StatusOK, a, formOf(a), nil)
}

func formOf(a *survey.Association) assocForm {
	return assocForm{ID: a.ID, Name: a.Name, Country: a.Country, Type: a.Type, Members: strconv.Itoa(a.Members),
		BudgetBand: a.BudgetBand, Languages: strings.Join(a.Languages, ", "), TimeZone: a.TimeZone, Language: a.Language, Email: a.Email}
}

func (w *site) renderAssoc(c *gin.Context, p survey.Principal, status int, a *survey.Association, form assocForm, problems []string) {
	ctx := c.Request.Context()
	pg := w.newPage(c, "", &p)
	pg.Title = a.Name
	d := adminAssoc{ID: a.ID, Name: a.Name, Saved: c.Query("saved") != "", Form: form, Problems: problems}
	d.Types, d.Budgets, d.Langs = formOptions(pg, form)
	ts, err := w.svc.ListTokens(ctx, p, a.ID)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	for _, t := range ts {
		if t.Role != survey.RoleAssociation {
			continue
		}
		d.Tokens = append(d.Tokens, tokenRow{Prefix: t.Prefix(), Label: t.Label, Created: i18n.Date(t.CreatedAt, pg.Lang),
			Expires: i18n.Date(t.ExpiresAt, pg.Lang), Revoked: t.RevokedAt != nil})
	}
	cs, err := w.svc.ListCampaigns(ctx, p)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	for _, cp := range cs {
		rs, err := w.svc.ListResponses(ctx, p, cp.ID, a.ID)
		if err != nil {
			w.errorPage(c, err)
			return
		}
		ac := assocCampaign{ID: cp.ID, Title: cp.Title.In(pg.Lang), Open: cp.Status(w.svc.Now()) == survey.CampaignOpen}
		for _, r := range rs {
			st := string(r.Status)
			if r.Revision == 0 {
				st = survey.ProgressNotStarted
			}
			title := r.Questionnaire
			if q, err := w.svc.Questionnaire(ctx, r.Questionnaire); err == nil {
				title = q.Title.In(pg.Lang)
			}
			ac.Responses = append(ac.Responses, assocResponse{Questionnaire: r.Questionnaire, Title: title, Status: st, StatusLabel: pg.T("status." + st)})
		}
		d.Campaigns = append(d.Campaigns, ac)
	}
	pg.Data = d
	w.render(c, status, "admin_association", pg)
}

func (w *site) adminUpdateAssociation(c *gin.Context) {
	p, ok := w.adminPost(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	cur, err := w.svc.GetAssociation(ctx, p, c.Param("a"))
	if err != nil {
		w.errorPage(c, err)
		return
	}
	form := postedForm(c)
	form.ID = cur.ID
	a, bad := form.record()
	if len(bad) == 0 {
		patch := survey.AssociationPatch{Name: &a.Name, Country: &a.Country, Type: &a.Type, Members: &a.Members,
			BudgetBand: &a.BudgetBand, Languages: &a.Languages, TimeZone: &a.TimeZone, Language: &a.Language, Email: &a.Email}
		_, err := w.svc.UpdateAssociation(ctx, p, cur.ID, patch)
		if err == nil {
			c.Redirect(http.StatusSeeOther, "/admin/associations/"+url.PathEscape(cur.ID)+"?saved=1")
			return
		}
		if bad = fieldsOf(err); bad == nil {
			w.errorPage(c, err)
			return
		}
	}
	w.renderAssoc(c, p, http.StatusUnprocessableEntity, cur, form, problemList(bad))
}

// invitationData is the page that shows new invitation links once.
type invitationData struct {
	Back  string
	Links []invitationLink
}

type invitationLink struct {
	Name, Region, Email, URL string
}

// adminInvite issues an invitation and shows its link once.
func (w *site) adminInvite(c *gin.Context) {
	p, ok := w.adminPost(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	a, err := w.svc.GetAssociation(ctx, p, c.Param("a"))
	if err != nil {
		w.errorPage(c, err)
		return
	}
	raw, _, err := w.svc.IssueToken(ctx, p, survey.TokenRequest{Role: survey.RoleAssociation, Association: a.ID, Label: "invitation"})
	if err != nil {
		w.errorPage(c, err)
		return
	}
	pg := w.newPage(c, "admin.invite.title", &p)
	pg.Scripts = []string{"js/admin.js"}
	pg.Data = invitationData{Back: "/admin/associations/" + url.PathEscape(a.ID),
		Links: []invitationLink{{Name: a.Name, Region: a.Region.Label(pg.Lang), Email: a.Email, URL: w.x.BaseURL(c) + "/s/" + raw}}}
	w.render(c, http.StatusOK, "admin_invitations", pg)
}

// adminRevoke revokes one of the association's invitations.
func (w *site) adminRevoke(c *gin.Context) {
	p, ok := w.adminPost(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	id, prefix := c.Param("a"), c.PostForm("prefix")
	ts, err := w.svc.ListTokens(ctx, p, id)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	found := false
	for _, t := range ts {
		found = found || (t.Prefix() == prefix && t.Association == id)
	}
	if !found { // only this association's own invitations, named in full
		w.errorPage(c, &survey.ValidationError{Message: "invalid form", Fields: map[string]string{"prefix": "is not an invitation of " + id}})
		return
	}
	if err := w.svc.RevokeToken(ctx, p, prefix); err != nil {
		w.errorPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/associations/"+url.PathEscape(id)+"?saved=1#invitations")
}
