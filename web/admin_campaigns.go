package web

import (
	"bytes"
	"encoding/csv"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
)

func (w *site) adminCampaignRoutes(e *gin.Engine) {
	w.adminNewRoutes(e)
	e.GET("/admin/campaigns", w.adminCampaigns)
	e.GET("/admin/campaigns/:c", w.adminProgress)
	e.GET("/admin/campaigns/:c/reminders.csv", w.adminReminders)
	e.POST("/admin/campaigns/:c/invitations", w.adminInviteMissing)
	e.POST("/admin/campaigns/:c/reopen", w.adminReopen)
	e.POST("/admin/campaigns/:c/rescore", w.adminRescore)
	e.POST("/admin/campaigns/:c/reminders", w.adminSendReminders)
	e.POST("/admin/campaigns/:c", w.adminPatchCampaign)
	e.POST("/admin/campaigns/:c/close", w.adminCloseCampaign)
}

// campaignRow is a line of the campaign list.
type campaignRow struct {
	ID, Title, Status, StatusLabel, URL string
}

func (w *site) adminCampaigns(c *gin.Context) {
	p, ok := w.adminOnly(c)
	if !ok {
		return
	}
	w.renderCampaigns(c, p, http.StatusOK, campaignForm{K: strconv.Itoa(survey.DefaultK), AoE: true}, nil)
}

// progressData is the campaign progress page's data.
type progressData struct {
	ID, Title, Region, CSVURL string
	Open                      bool
	Regions                   []option
	Questionnaires            []string
	Rows                      []progressRow
	NotStarted, Drafts, Done  int
	Rescored                  string
	// CanMail: reminders can be e-mailed; Mailed says how the last went.
	CanMail bool
	Mailed  string
	// the campaign's fields, for its form
	TitleEN, Deadline string
	// PublicReport, PublicURL and KeyPractices (one a line) are the
	// public report's switch, address and key practices.
	PublicReport            bool
	PublicURL, KeyPractices string
	AoE                     bool
	K                       int
}

// progressRow is one association's line of the progress table.
type progressRow struct {
	Name, URL, Email, State, StateLabel, Mailto string
	Cells                                       []assocResponse
}

// progress reads a campaign's progress for the region of the query.
func (w *site) progress(c *gin.Context, p survey.Principal) (*survey.Progress, string, bool) {
	region := c.Query("region")
	if region != "" && !questionnaires.Region(region).Valid() {
		w.errorPage(c, &survey.ValidationError{Message: "invalid query", Fields: map[string]string{"region": "must be an IFLA region"}})
		return nil, "", false
	}
	pr, err := w.svc.CampaignProgress(c.Request.Context(), p, c.Param("c"), region)
	if err != nil {
		w.errorPage(c, err)
		return nil, "", false
	}
	return pr, region, true
}

func (w *site) adminProgress(c *gin.Context) {
	p, ok := w.adminOnly(c)
	if !ok {
		return
	}
	pr, region, ok := w.progress(c, p)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	pg := w.newPage(c, "", &p)
	cp := pr.Campaign
	pg.Title = cp.Title.In(pg.Lang)
	d := progressData{ID: cp.ID, Title: pg.Title, Region: region, Open: cp.Status(w.svc.Now()) == survey.CampaignOpen,
		NotStarted: pr.Count(survey.ProgressNotStarted), Drafts: pr.Count(survey.ProgressDrafts), Done: pr.Count(survey.ProgressSubmitted),
		CSVURL: "/admin/campaigns/" + url.PathEscape(cp.ID) + "/reminders.csv" + withQuery(&url.URL{}, "region", region)}
	if n, err := strconv.Atoi(c.Query("rescored")); err == nil && n >= 0 {
		d.Rescored = pg.T("admin.rescored", n)
	}
	d.CanMail = w.mail != nil
	if n, err := strconv.Atoi(c.Query("sent")); err == nil && n >= 0 {
		f, _ := strconv.Atoi(c.Query("failed"))
		d.Mailed = pg.T("admin.remind.sent", n, max(0, f))
	}
	d.TitleEN, d.AoE, d.K = cp.Title["en"], cp.AnywhereOnEarth, cp.K
	d.PublicReport, d.PublicURL, d.KeyPractices = cp.PublicReport, "/public/"+url.PathEscape(cp.ID), strings.Join(cp.KeyPractices, "\n")
	d.Deadline = cp.Closes.UTC().Format(time.DateOnly)
	if cp.AnywhereOnEarth {
		d.Deadline = cp.Closes.Add(-12 * time.Hour).UTC().Format(time.DateOnly)
	}
	d.Regions = append(d.Regions, option{Value: "", Label: pg.T("admin.allregions"), Selected: region == ""})
	for _, r := range questionnaires.Regions {
		d.Regions = append(d.Regions, option{Value: string(r), Label: r.Label(pg.Lang), Selected: string(r) == region})
	}
	ids := make([]string, len(cp.Questionnaires))
	for i, k := range cp.Questionnaires {
		q, err := w.svc.Questionnaire(ctx, k)
		if err != nil {
			w.errorPage(c, err)
			return
		}
		ids[i], d.Questionnaires = q.ID, append(d.Questionnaires, q.Title.In(pg.Lang))
	}
	for _, r := range pr.Rows {
		row := progressRow{Name: r.Association.Name, URL: "/admin/associations/" + url.PathEscape(r.Association.ID),
			Email: r.Association.Email, State: r.State, StateLabel: pg.T("admin.state." + r.State)}
		if r.State != survey.ProgressSubmitted && r.Association.Email != "" {
			row.Mailto = reminderMailto(cp, r.Association)
		}
		for _, id := range ids {
			st := survey.ProgressNotStarted
			if s, ok := r.Status[id]; ok {
				st = string(s)
			}
			row.Cells = append(row.Cells, assocResponse{Questionnaire: id, Status: st, StatusLabel: pg.T("status." + st)})
		}
		d.Rows = append(d.Rows, row)
	}
	pg.Data = d
	w.render(c, http.StatusOK, "admin_progress", pg)
}

// reminderMailto is a mailto: link with a reminder in the association's
// own language.
func reminderMailto(cp *survey.Campaign, a *survey.Association) string {
	subject, body := reminderText(cp, a)
	q := url.Values{}
	q.Set("subject", subject)
	q.Set("body", body)
	// mailto wants %20 for spaces (RFC 6068), not "+"
	return "mailto:" + url.PathEscape(a.Email) + "?" + strings.ReplaceAll(q.Encode(), "+", "%20")
}

// adminReminders downloads the associations still missing (not started
// or drafts) with their contact address, as CSV.
func (w *site) adminReminders(c *gin.Context) {
	p, ok := w.adminOnly(c)
	if !ok {
		return
	}
	pr, _, ok := w.progress(c, p)
	if !ok {
		return
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	_ = cw.Write([]string{"association", "name", "region", "state", "email", "language", "submitted", "questionnaires"})
	for _, r := range pr.Rows {
		if r.State == survey.ProgressSubmitted {
			continue
		}
		n := 0
		for _, st := range r.Status {
			if st == survey.StatusSubmitted {
				n++
			}
		}
		a := r.Association
		_ = cw.Write([]string{a.ID, cell(a.Name), string(a.Region), r.State, cell(a.Email), a.Language,
			strconv.Itoa(n), strconv.Itoa(len(pr.Campaign.Questionnaires))})
	}
	cw.Flush()
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Disposition", `attachment; filename="reminders-`+pr.Campaign.ID+`.csv"`)
	c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// cell keeps user text in a CSV file from being read as a formula by a
// spreadsheet.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// adminInviteMissing issues an invitation to every association of the
// filter that has not submitted everything and shows the links once, as
// a printable list.
func (w *site) adminInviteMissing(c *gin.Context) {
	p, ok := w.adminPost(c)
	if !ok {
		return
	}
	region := c.PostForm("region")
	if region != "" && !questionnaires.Region(region).Valid() {
		w.errorPage(c, &survey.ValidationError{Message: "invalid form", Fields: map[string]string{"region": "must be an IFLA region"}})
		return
	}
	ctx := c.Request.Context()
	pr, err := w.svc.CampaignProgress(ctx, p, c.Param("c"), region)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	pg := w.newPage(c, "admin.invite.title", &p)
	pg.Scripts = []string{"js/admin.js"}
	d := invitationData{Back: "/admin/campaigns/" + url.PathEscape(pr.Campaign.ID)}
	for _, r := range pr.Rows {
		if r.State == survey.ProgressSubmitted {
			continue
		}
		a := r.Association
		raw, _, err := w.svc.IssueToken(ctx, p, survey.TokenRequest{Role: survey.RoleAssociation, Association: a.ID, Label: "invitation " + pr.Campaign.ID})
		if err != nil {
			w.errorPage(c, err)
			return
		}
		d.Links = append(d.Links, invitationLink{Name: a.Name, Region: a.Region.Label(pg.Lang), Email: a.Email, URL: w.x.BaseURL(c) + "/s/" + raw})
	}
	pg.Data = d
	w.render(c, http.StatusOK, "admin_invitations", pg)
}

// adminReopen reopens a submitted response, with a reason.
func (w *site) adminReopen(c *gin.Context) {
	p, ok := w.adminPost(c)
	if !ok {
		return
	}
	ref := survey.ResponseRef{Campaign: c.Param("c"), Association: c.PostForm("association"), Questionnaire: c.PostForm("questionnaire")}
	reason := strings.TrimSpace(c.PostForm("reason"))
	if reason == "" {
		w.errorPage(c, &survey.ValidationError{Message: "invalid form", Fields: map[string]string{"reason": "must say why the submission is reopened"}})
		return
	}
	if _, err := w.svc.Reopen(c.Request.Context(), p, ref, reason); err != nil {
		w.errorPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/associations/"+url.PathEscape(ref.Association)+"?saved=1#c-"+url.PathEscape(ref.Campaign))
}

// adminRescore re-scores every submission of the campaign.
func (w *site) adminRescore(c *gin.Context) {
	p, ok := w.adminPost(c)
	if !ok {
		return
	}
	n, err := w.svc.Rescore(c.Request.Context(), p, c.Param("c"))
	if err != nil {
		w.errorPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/campaigns/"+url.PathEscape(c.Param("c"))+"?rescored="+strconv.Itoa(n))
}

// adminPatchCampaign changes the campaign's English title, deadline date
// (in UTC or anywhere on earth), k, the public report's switch and its
// key practices.
func (w *site) adminPatchCampaign(c *gin.Context) {
	p, ok := w.adminPost(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	cp, err := w.svc.GetCampaign(ctx, p, c.Param("c"))
	if err != nil {
		w.errorPage(c, err)
		return
	}
	title := cp.Title.In("en")
	if v := strings.TrimSpace(c.PostForm("title")); v != "" {
		title = v
	}
	k, err := strconv.Atoi(c.PostForm("k"))
	if err != nil {
		w.errorPage(c, &survey.ValidationError{Message: "invalid form", Fields: map[string]string{"k": "must be a whole number from 2 to 100"}})
		return
	}
	titles := maps.Clone(cp.Title)
	titles["en"] = title
	public := c.PostForm("public_report") == "yes"
	patch := survey.CampaignPatch{Title: &titles, K: &k, PublicReport: &public}
	if lines, ok := c.GetPostForm("key_practices"); ok {
		key := []string{}
		for _, line := range strings.Split(lines, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				key = append(key, line)
			}
		}
		patch.KeyPractices = &key
	}
	if date := strings.TrimSpace(c.PostForm("deadline_date")); date != "" {
		aoe := c.PostForm("anywhere_on_earth") == "yes"
		patch.DeadlineDate, patch.AnywhereOnEarth = &date, &aoe
	}
	if _, err := w.svc.PatchCampaign(ctx, p, cp.ID, patch); err != nil {
		w.errorPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/campaigns/"+url.PathEscape(cp.ID))
}

// adminCloseCampaign closes the campaign now.
func (w *site) adminCloseCampaign(c *gin.Context) {
	p, ok := w.adminPost(c)
	if !ok {
		return
	}
	if _, err := w.svc.CloseCampaign(c.Request.Context(), p, c.Param("c")); err != nil {
		w.errorPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/campaigns/"+url.PathEscape(c.Param("c")))
}
