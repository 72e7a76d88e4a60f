package web

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
)

// The good-practice library page (/library): every signed-in role reads
// and filters the approved entries; analysts and administrators add
// resources (a link or a PDF/DOCX), approve stories and withdraw
// entries; an association offers stories and withdraws its own.

func (w *site) libraryRoutes(e *gin.Engine) {
	e.GET("/library", w.libraryPage)
	e.GET("/library/:id/file", w.libraryFile)
	e.POST("/library/resources", w.libraryAddResource)
	e.POST("/library/stories", w.libraryOfferStory)
	e.POST("/library/:id/approve", w.libraryApprove)
	e.POST("/library/:id/withdraw", w.libraryWithdraw)
}

// libraryData is the library page.
type libraryData struct {
	Area, Item, Region, Language, Query string
	Areas, Items, Regions, Languages    []option
	Entries                             []libraryEntry
	Staff, Association                  bool
	Campaigns                           []option
	Saved                               string
}

// libraryEntry is one entry as the page shows it.
type libraryEntry struct {
	ID, Title, Kind, Description, Did, Cost, Changed string
	Author, Area, Languages, Items                   string
	URL                                              string
	External, Pending, CanApprove, CanWithdraw       bool
}

func (w *site) libraryPage(c *gin.Context) {
	p, ok := w.principal(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	pg := w.newPage(c, "lib.title", &p)
	l := pg.Lang
	d := libraryData{Area: c.Query("area"), Item: c.Query("item"), Region: c.Query("region"), Language: c.Query("lang_filter"),
		Query: c.Query("q"), Staff: p.Role == survey.RoleAdmin || p.Role == survey.RoleAnalyst, Association: p.Role == survey.RoleAssociation}
	items, err := w.svc.LibraryItems(ctx, p)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	labels := map[string]string{}
	for _, it := range items {
		labels[it.Key] = it.Label.In(l)
		d.Items = append(d.Items, option{Value: it.Key, Label: metricLabel("area:"+string(it.Area), l) + " — " + it.Label.In(l), Selected: it.Key == d.Item})
	}
	for _, a := range questionnaires.ScoredAreas {
		d.Areas = append(d.Areas, option{Value: string(a), Label: metricLabel("area:"+string(a), l), Selected: string(a) == d.Area})
	}
	for _, r := range questionnaires.Regions {
		d.Regions = append(d.Regions, option{Value: string(r), Label: r.Label(l), Selected: string(r) == d.Region})
	}
	for _, code := range questionnaires.MessageLanguages {
		d.Languages = append(d.Languages, option{Value: code, Label: i18n.LanguageName(code, l), Selected: code == d.Language})
	}
	entries, err := w.svc.ListPractices(ctx, p, survey.PracticeFilter{Area: d.Area, Item: d.Item, Region: d.Region,
		Language: d.Language, Query: d.Query, Pending: d.Staff})
	if err != nil {
		w.errorPage(c, err)
		return
	}
	for _, pr := range entries {
		d.Entries = append(d.Entries, w.libraryEntry(p, pr, labels, pg))
	}
	if d.Association {
		cs, err := w.svc.ListCampaigns(ctx, p)
		if err != nil {
			w.errorPage(c, err)
			return
		}
		for _, cp := range cs {
			if cp.Status(w.svc.Now()) != survey.CampaignScheduled {
				d.Campaigns = append(d.Campaigns, option{Value: cp.ID, Label: cp.Title.In(l)})
			}
		}
		slices.Reverse(d.Campaigns) // the latest first
	}
	if c.Query("saved") != "" {
		d.Saved = pg.T("lib.saved")
	}
	pg.Data = d
	pg.Scripts = []string{"js/admin.js"}
	w.render(c, http.StatusOK, "library", pg)
}

// libraryEntry prepares one entry for the page.
func (w *site) libraryEntry(p survey.Principal, pr *survey.Practice, labels map[string]string, pg *page) libraryEntry {
	l := pg.Lang
	e := libraryEntry{ID: pr.ID, Title: pr.Title, Kind: kindLabel(pr.Kind, pg), Description: pr.Description, Did: pr.Did,
		Cost: pr.Cost, Changed: pr.Changed, Area: metricLabel("area:"+string(pr.Area), l), Pending: pr.State != survey.PracticeApproved}
	var langs, items []string
	for _, code := range pr.Languages {
		langs = append(langs, i18n.LanguageName(code, l))
	}
	for _, it := range pr.Items {
		if lb := labels[it]; lb != "" {
			items = append(items, lb)
		} else {
			items = append(items, it)
		}
	}
	e.Languages, e.Items = strings.Join(langs, ", "), strings.Join(items, "; ")
	if pr.Kind == survey.KindStory {
		if pr.Attribution == survey.AttributionNamed {
			e.Author = pg.T("lib.sharedby", pr.AssociationName)
		} else {
			e.Author = pg.T("lib.anonymous", questionnaires.Region(pr.Region).Label(l))
		}
	}
	if pr.Kind == survey.KindResource {
		e.URL, e.External = practiceURL(pr)
	}
	staff := p.Role == survey.RoleAdmin || p.Role == survey.RoleAnalyst
	e.CanApprove = staff && e.Pending
	e.CanWithdraw = staff || (p.Role == survey.RoleAssociation && pr.Association == p.Association)
	return e
}

// libraryFile serves an entry's document as an attachment.
func (w *site) libraryFile(c *gin.Context) {
	p, ok := w.principal(c)
	if !ok {
		return
	}
	f, data, err := w.svc.PracticeFileData(c.Request.Context(), p, c.Param("id"))
	if err != nil {
		w.errorPage(c, err)
		return
	}
	h := c.Writer.Header()
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cache-Control", "private, no-store")
	c.Data(http.StatusOK, survey.FileContentType(f.Type), data)
}

// libraryPost checks a form post of the library: signed in, CSRF.
func (w *site) libraryPost(c *gin.Context) (survey.Principal, bool) {
	p, ok := w.principal(c)
	if !ok {
		return p, false
	}
	if err := formCSRF(c); err != nil {
		w.formExpired(c)
		return p, false
	}
	return p, true
}

// libraryAddResource adds a resource from the page's form: the body
// (fields and file) is read in memory, never to disk.
func (w *site) libraryAddResource(c *gin.Context) {
	// staff only, known before the body (up to 10 MiB) is read
	if pre, err := w.x.Identify(c); err != nil || (pre.Role != survey.RoleAdmin && pre.Role != survey.RoleAnalyst) {
		if err == nil {
			err = survey.ErrNotFound
		}
		w.errorPage(c, fmt.Errorf("add a resource: %w", err))
		return
	}
	mt, params, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if mt != "multipart/form-data" {
		w.errorPage(c, &httpx.RequestError{Kind: httpx.ErrMediaType, Msg: "send the library's form"})
		return
	}
	b, err := io.ReadAll(io.LimitReader(c.Request.Body, httpx.MaxDocumentBody+1))
	if err != nil || len(b) > httpx.MaxDocumentBody {
		w.errorPage(c, &httpx.RequestError{Kind: httpx.ErrTooLarge, Msg: fmt.Sprintf("the form is larger than %d bytes", httpx.MaxDocumentBody)})
		return
	}
	form, name, content, err := httpx.ReadMultipart(b, params["boundary"])
	if err != nil {
		w.errorPage(c, err)
		return
	}
	// the form's CSRF field goes where the session check reads it without
	// parsing the body again (which could spill the file to disk)
	c.Request.Header.Set(httpx.HeaderCSRF, form.Get("csrf"))
	p, ok := w.principal(c)
	if !ok {
		return
	}
	var file *survey.PracticeFile
	if name != "" || len(content) > 0 {
		if file, err = survey.CheckUpload(name, content); err != nil {
			w.errorPage(c, err)
			return
		}
	}
	if _, err := w.svc.CreateResource(c.Request.Context(), p, survey.ResourceFromForm(form), file, content); err != nil {
		w.errorPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/library?saved=1")
}

// libraryOfferStory records an association's story from the page's form.
func (w *site) libraryOfferStory(c *gin.Context) {
	p, ok := w.libraryPost(c)
	if !ok {
		return
	}
	in := survey.StoryInput{Campaign: c.PostForm("campaign"), Item: c.PostForm("item"), Title: c.PostForm("title"),
		Did: c.PostForm("did"), Cost: c.PostForm("cost"), Changed: c.PostForm("changed"), Attribution: c.PostForm("attribution"),
		Languages: survey.ResourceFromForm(url.Values{"languages": {c.PostForm("languages")}}).Languages}
	if _, err := w.svc.OfferStory(c.Request.Context(), p, in); err != nil {
		w.errorPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/library?saved=1")
}

func (w *site) libraryApprove(c *gin.Context) {
	p, ok := w.libraryPost(c)
	if !ok {
		return
	}
	if _, err := w.svc.ApprovePractice(c.Request.Context(), p, c.Param("id")); err != nil {
		w.errorPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/library?saved=1")
}

func (w *site) libraryWithdraw(c *gin.Context) {
	p, ok := w.libraryPost(c)
	if !ok {
		return
	}
	if err := w.svc.WithdrawPractice(c.Request.Context(), p, c.Param("id")); err != nil {
		w.errorPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/library?saved=1")
}
