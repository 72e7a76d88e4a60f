package web

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/questionnaires/xlsform"
	"github.com/assocbench/assocbench/survey"
)

// Opening a campaign with its questionnaires, and the questionnaire
// library: every definition known, and an upload of a YAML definition
// or an XLSForm workbook (told apart by content) whose problems are
// shown on the page, located by line and path or by sheet and cell.
// survey.Service audits both; the forms carry the CSRF token.

func (w *site) adminNewRoutes(e *gin.Engine) {
	e.POST("/admin/campaigns", w.adminCreateCampaign)
	e.GET("/admin/questionnaires", w.adminQuestionnaires)
	e.POST("/admin/questionnaires", w.adminUploadQuestionnaire)
}

// campaignForm is the new-campaign form, as posted.
type campaignForm struct {
	ID, Title, Deadline, K, Previous string
	AoE                              bool
	Questionnaires                   []string
}

// campaignsData is the campaign list page with its new-campaign form.
type campaignsData struct {
	Rows           []campaignRow
	Form           campaignForm
	Questionnaires []option
	Previous       []option
	Problems       []string
}

func postedCampaign(c *gin.Context) campaignForm {
	get := func(k string) string { return strings.TrimSpace(c.PostForm(k)) }
	return campaignForm{ID: get("id"), Title: get("title"), Deadline: get("deadline_date"), K: get("k"), Previous: get("previous"),
		AoE: c.PostForm("anywhere_on_earth") == "yes", Questionnaires: c.PostFormArray("questionnaires")}
}

// adminCreateCampaign opens a campaign from the form.
func (w *site) adminCreateCampaign(c *gin.Context) {
	p, ok := w.adminPost(c)
	if !ok {
		return
	}
	form := postedCampaign(c)
	in := survey.CampaignInput{ID: form.ID, Title: questionnaires.Text{"en": form.Title}, Questionnaires: form.Questionnaires,
		DeadlineDate: form.Deadline, AnywhereOnEarth: form.AoE, Previous: form.Previous}
	bad := map[string]string{}
	if form.K != "" {
		k, err := strconv.Atoi(form.K)
		if err != nil {
			bad["k"] = "must be a whole number from 2 to 100"
		}
		in.K = k
	}
	if len(bad) == 0 {
		cp, err := w.svc.CreateCampaign(c.Request.Context(), p, in)
		if err == nil {
			c.Redirect(http.StatusSeeOther, "/admin/campaigns/"+url.PathEscape(cp.ID))
			return
		}
		if bad = fieldsOf(err); bad == nil {
			w.errorPage(c, err)
			return
		}
		if _, ok := bad["id"]; ok && errors.Is(err, survey.ErrConflict) {
			bad["id"] = "is taken by another campaign"
		}
	}
	w.renderCampaigns(c, p, http.StatusUnprocessableEntity, form, problemList(bad))
}

// renderCampaigns is the campaign list with the new-campaign form.
func (w *site) renderCampaigns(c *gin.Context, p survey.Principal, status int, form campaignForm, problems []string) {
	ctx := c.Request.Context()
	cs, err := w.svc.ListCampaigns(ctx, p)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	qs, err := w.svc.Questionnaires(ctx)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	pg := w.newPage(c, "admin.campaigns.title", &p)
	d := campaignsData{Form: form, Problems: problems}
	d.Previous = append(d.Previous, option{Value: "", Label: pg.T("admin.campaign.noprevious"), Selected: form.Previous == ""})
	for _, cp := range cs {
		st := string(cp.Status(w.svc.Now()))
		d.Rows = append(d.Rows, campaignRow{ID: cp.ID, Title: cp.Title.In(pg.Lang), Status: st, StatusLabel: pg.T("campaign." + st),
			URL: "/admin/campaigns/" + url.PathEscape(cp.ID)})
		d.Previous = append(d.Previous, option{Value: cp.ID, Label: cp.Title.In(pg.Lang), Selected: form.Previous == cp.ID})
	}
	for _, q := range qs {
		d.Questionnaires = append(d.Questionnaires, option{Value: q.Key(), Label: q.Title.In(pg.Lang) + " (" + q.Version + ")",
			Selected: slices.Contains(form.Questionnaires, q.Key())})
	}
	pg.Data = d
	w.render(c, status, "admin_campaigns", pg)
}

// questionnaireRow is one definition of the library page.
type questionnaireRow struct {
	Key, ID, Version, Title, Area string
	Sections, Questions           int
}

// questionnairesData is the library page's data.
type questionnairesData struct {
	Rows     []questionnaireRow
	Stored   string
	Warnings []string
	Problems []string
}

func (w *site) adminQuestionnaires(c *gin.Context) {
	p, ok := w.adminOnly(c)
	if !ok {
		return
	}
	w.renderQuestionnaires(c, p, http.StatusOK, questionnairesData{})
}

func (w *site) renderQuestionnaires(c *gin.Context, p survey.Principal, status int, d questionnairesData) {
	qs, err := w.svc.Questionnaires(c.Request.Context())
	if err != nil {
		w.errorPage(c, err)
		return
	}
	pg := w.newPage(c, "scope", &p)
	for _, q := range qs {
		n := q.Counts()
		d.Rows = append(d.Rows, questionnaireRow{Key: q.Key(), ID: q.ID, Version: q.Version, Title: q.Title.In(pg.Lang),
			Area: areaLabel(pg, q.Area), Sections: n.Sections, Questions: n.Questions})
	}
	pg.Data = d
	w.render(c, status, "admin_questionnaires", pg)
}

// adminUploadQuestionnaire stores an uploaded definition, YAML or XLSForm.
func (w *site) adminUploadQuestionnaire(c *gin.Context) {
	p, ok := w.adminPost(c)
	if !ok {
		return
	}
	b, err := uploadedFile(c, "definition")
	var ue uploadError
	if errors.As(err, &ue) {
		w.renderQuestionnaires(c, p, http.StatusUnprocessableEntity, questionnairesData{Problems: []string{i18n.T(httpx.Lang(c), string(ue))}})
		return
	}
	if err != nil {
		w.errorPage(c, err)
		return
	}
	src, warnings, problems := definitionSource(b)
	if len(problems) > 0 {
		w.renderQuestionnaires(c, p, http.StatusUnprocessableEntity, questionnairesData{Problems: problems})
		return
	}
	q, err := w.svc.UploadQuestionnaire(c.Request.Context(), p, "upload.yaml", src)
	var ve *survey.ValidationError
	switch {
	case errors.As(err, &ve):
		w.renderQuestionnaires(c, p, http.StatusUnprocessableEntity, questionnairesData{Problems: lineProblems(ve.Fields)})
	case errors.Is(err, survey.ErrConflict):
		w.renderQuestionnaires(c, p, http.StatusConflict, questionnairesData{Problems: []string{i18n.T(httpx.Lang(c), "admin.q.exists")}})
	case err != nil:
		w.errorPage(c, err)
	default:
		w.renderQuestionnaires(c, p, http.StatusCreated, questionnairesData{Stored: q.Title.In("en") + " — " + q.Key(), Warnings: warnings})
	}
}

// definitionSource is the YAML source of an upload: the file itself, or
// the translation of an XLSForm workbook; problems are located.
func definitionSource(b []byte) (src []byte, warnings, problems []string) {
	switch {
	case bytes.HasPrefix(b, ole2Magic):
		return nil, nil, []string{xlsform.ErrLegacyXLS.Error()}
	case bytes.HasPrefix(b, zipMagic):
		src, _, warnings, err := xlsform.ImportWithWarnings("upload.xlsx", bytes.NewReader(b))
		var de *questionnaires.DefinitionError
		switch {
		case errors.As(err, &de):
			for _, pr := range de.Problems {
				at := pr.Path
				if at == "" {
					at = "row " + strconv.Itoa(pr.Line)
				}
				problems = append(problems, at+": "+pr.Message)
			}
			return nil, nil, problems
		case err != nil:
			return nil, nil, []string{"not an XLSForm .xlsx workbook: " + err.Error()}
		}
		return src, warnings, nil
	case !utf8.Valid(b) || bytes.IndexByte(b, 0) >= 0:
		return nil, nil, []string{"the file is neither YAML text nor an XLSForm .xlsx workbook"}
	}
	return b, nil, nil
}

// lineProblems writes the "LINE: PATH" fields of a definition's
// ValidationError in the order of the lines.
func lineProblems(fields map[string]string) []string {
	type pr struct {
		line int
		text string
	}
	var out []pr
	for k, v := range fields {
		n, _ := strconv.Atoi(strings.SplitN(k, ":", 2)[0])
		out = append(out, pr{n, "line " + k + ": " + v})
	}
	slices.SortFunc(out, func(a, b pr) int {
		if a.line != b.line {
			return a.line - b.line
		}
		return strings.Compare(a.text, b.text)
	})
	texts := make([]string, len(out))
	for i, p := range out {
		texts[i] = p.text
	}
	return texts
}

// areaLabel names a questionnaire's area.
func areaLabel(pg *page, a questionnaires.Area) string {
	if a == questionnaires.AreaProfile {
		return pg.T("admin.q.profile")
	}
	return pg.T("metric.area." + string(a))
}
