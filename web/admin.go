package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
)

// The administrator's pages under /admin: the association directory
// (search, paging, create, edit), invitations (issue, shown once with a
// copy button, revoke, a printable list), campaign progress with
// reminders, reopening a submission and re-scoring. Every change goes
// through survey.Service, which audits it; every form carries the CSRF
// token; associations get 404 and analysts 403 for every page here.

// adminPageSize is how many associations a directory page lists.
const adminPageSize = 25

func (w *site) adminRoutes(e *gin.Engine) {
	e.GET("/admin", func(c *gin.Context) {
		if _, ok := w.adminOnly(c); ok {
			c.Redirect(http.StatusSeeOther, "/admin/associations")
		}
	})
	e.GET("/admin/associations", w.adminAssociations)
	e.POST("/admin/associations", w.adminCreateAssociation)
	w.adminImportRoutes(e)
	e.GET("/admin/associations/:a", w.adminAssociation)
	e.POST("/admin/associations/:a", w.adminUpdateAssociation)
	e.POST("/admin/associations/:a/invitations", w.adminInvite)
	e.POST("/admin/associations/:a/invitations/revoke", w.adminRevoke)
	w.adminCampaignRoutes(e)
}

// adminOnly authenticates an administrator's page; others get a 404
// (associations: the page does not exist for them) or a 403 (analysts).
func (w *site) adminOnly(c *gin.Context) (survey.Principal, bool) {
	p, ok := w.principal(c)
	if !ok {
		return p, false
	}
	switch p.Role {
	case survey.RoleAdmin:
		return p, true
	case survey.RoleAnalyst:
		w.errorPage(c, survey.ErrForbidden)
	default:
		w.errorPage(c, survey.ErrNotFound)
	}
	return p, false
}

// adminPost is adminOnly for a form post, with its CSRF check.
func (w *site) adminPost(c *gin.Context) (survey.Principal, bool) {
	p, ok := w.adminOnly(c)
	if !ok {
		return p, false
	}
	if err := formCSRF(c); err != nil {
		w.formExpired(c)
		return p, false
	}
	return p, true
}

// assocRow is one line of the directory.
type assocRow struct {
	ID, Name, Country, Region, Type, Email string
	URL                                    string
}

// assocForm is the association form, filled from a record or a post.
type assocForm struct {
	ID, Name, Country, Type, Members, BudgetBand, Languages, TimeZone, Language, Email string
}

// adminAssocList is the directory page's data.
type adminAssocList struct {
	Query    string
	Rows     []assocRow
	Total    int
	Page     int
	Pages    int
	PrevURL  string
	NextURL  string
	Form     assocForm
	Types    []option
	Budgets  []option
	Langs    []option
	Problems []string
	// ImportProblems locate what is wrong with an uploaded table;
	// Imported says how many associations the last import registered.
	ImportProblems []string
	Imported       string
}

func (w *site) adminAssociations(c *gin.Context) {
	p, ok := w.adminOnly(c)
	if !ok {
		return
	}
	w.renderAssocList(c, p, http.StatusOK, assocForm{Language: "en", TimeZone: "UTC"}, nil, nil)
}

func (w *site) renderAssocList(c *gin.Context, p survey.Principal, status int, form assocForm, problems, importProblems []string) {
	pg := w.newPage(c, "admin.assoc.title", &p)
	page := 1
	if v := c.Query("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100000 {
			w.errorPage(c, &survey.ValidationError{Message: "invalid query", Fields: map[string]string{"page": "must be a whole number from 1"}})
			return
		}
		page = n
	}
	q := strings.TrimSpace(c.Query("q"))
	if len(q) > 200 {
		w.errorPage(c, &survey.ValidationError{Message: "invalid query", Fields: map[string]string{"q": "must be at most 200 characters"}})
		return
	}
	all, err := w.svc.ListAssociations(c.Request.Context(), p, survey.AssociationFilter{})
	if err != nil {
		w.errorPage(c, err)
		return
	}
	all = slices.DeleteFunc(all, func(a *survey.Association) bool { return !matches(a, q) })
	d := adminAssocList{Query: q, Total: len(all), Page: page, Pages: max(1, (len(all)+adminPageSize-1)/adminPageSize),
		Form: form, Problems: problems, ImportProblems: importProblems}
	if n, err := strconv.Atoi(c.Query("imported")); err == nil && n > 0 {
		d.Imported = pg.T("admin.import.done", n)
	}
	if page > d.Pages {
		d.Page = d.Pages
	}
	from := (d.Page - 1) * adminPageSize
	for _, a := range all[from:min(len(all), from+adminPageSize)] {
		d.Rows = append(d.Rows, assocRow{ID: a.ID, Name: a.Name, Country: a.Country, Region: a.Region.Label(pg.Lang),
			Type: pg.T("type." + a.Type), Email: a.Email, URL: "/admin/associations/" + url.PathEscape(a.ID)})
	}
	if d.Page > 1 {
		d.PrevURL = withQuery(c.Request.URL, "page", strconv.Itoa(d.Page-1))
	}
	if d.Page < d.Pages {
		d.NextURL = withQuery(c.Request.URL, "page", strconv.Itoa(d.Page+1))
	}
	d.Types, d.Budgets, d.Langs = formOptions(pg, form)
	pg.Data = d
	w.render(c, status, "admin_associations", pg)
}

// matches reports whether an association's id, name or country contains q.
func matches(a *survey.Association, q string) bool {
	if q == "" {
		return true
	}
	q = strings.ToLower(q)
	return strings.Contains(strings.ToLower(a.Name), q) || strings.Contains(a.ID, q) || strings.EqualFold(a.Country, q)
}

// formOptions are the choices of the association form's selects.
func formOptions(pg *page, f assocForm) (types, budgets, langs []option) {
	for _, t := range survey.AssociationTypes {
		types = append(types, option{Value: t, Label: pg.T("type." + t), Selected: f.Type == t})
	}
	budgets = append(budgets, option{Value: "", Label: "—", Selected: f.BudgetBand == ""})
	for _, b := range survey.BudgetBands {
		budgets = append(budgets, option{Value: b, Label: pg.T("budget." + b), Selected: f.BudgetBand == b})
	}
	for _, l := range questionnaires.MessageLanguages {
		langs = append(langs, option{Value: l, Label: i18n.Endonym(l), Selected: f.Language == l})
	}
	return types, budgets, langs
}

// postedForm reads the association form.
func postedForm(c *gin.Context) assocForm {
	get := func(k string) string { return strings.TrimSpace(c.PostForm(k)) }
	return assocForm{ID: get("id"), Name: get("name"), Country: strings.ToUpper(get("country")), Type: get("type"),
		Members: get("members"), BudgetBand: get("budget_band"), Languages: get("languages"), TimeZone: get("time_zone"),
		Language: get("language"), Email: get("email")}
}

// record turns the form into an association, or the fields it cannot read.
func (f assocForm) record() (survey.Association, map[string]string) {
	bad := map[string]string{}
	members := 0
	if f.Members != "" {
		n, err := strconv.Atoi(f.Members)
		if err != nil {
			bad["members"] = "must be a whole number"
		}
		members = n
	}
	var langs []string
	for _, l := range strings.Split(f.Languages, ",") {
		if l = strings.ToLower(strings.TrimSpace(l)); l != "" {
			langs = append(langs, l)
		}
	}
	return survey.Association{ID: f.ID, Name: f.Name, Country: f.Country, Type: f.Type, Members: members, BudgetBand: f.BudgetBand,
		Languages: langs, TimeZone: f.TimeZone, Language: f.Language, Email: f.Email}, bad
}

func (w *site) adminCreateAssociation(c *gin.Context) {
	p, ok := w.adminPost(c)
	if !ok {
		return
	}
	form := postedForm(c)
	a, bad := form.record()
	if len(bad) == 0 {
		created, err := w.svc.CreateAssociation(c.Request.Context(), p, a)
		if err == nil {
			c.Redirect(http.StatusSeeOther, "/admin/associations/"+url.PathEscape(created.ID)+"?saved=1")
			return
		}
		if bad = fieldsOf(err); bad == nil {
			w.errorPage(c, err)
			return
		}
	}
	w.renderAssocList(c, p, http.StatusUnprocessableEntity, form, problemList(bad), nil)
}

// fieldsOf returns the fields of a validation error, a duplicate id as
// a problem of "id", or nil for any other error.
func fieldsOf(err error) map[string]string {
	var v *survey.ValidationError
	switch {
	case errors.As(err, &v):
		return v.Fields
	case errors.Is(err, survey.ErrConflict):
		return map[string]string{"id": "is taken by another association"}
	}
	return nil
}

// problemList writes located problems as "field: message", sorted.
func problemList(fields map[string]string) []string {
	out := make([]string, 0, len(fields))
	for k, v := range fields {
		out = append(out, k+": "+v)
	}
	slices.Sort(out)
	return out
}
