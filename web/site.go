package web

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
)

// The HTML pages: server-rendered with html/template, a little
// hand-written JavaScript (autosave, skip logic, charts) and every asset
// served by the app itself (no CDN). The pages obey the server's
// Content-Security-Policy: no inline script or style; data for the page
// scripts travels in <script type="application/json"> blocks.
//
// Sessions: the session cookie holds the raw token (HttpOnly,
// SameSite=Strict); a second cookie holds a CSRF token that forms send
// back in a hidden field and scripts in the X-CSRF-Token header (double
// submit). The language is ?lang=, then the language cookie, then
// Accept-Language.

//go:embed templates
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// echartsAsset is where `make assets` puts the ECharts script.
const echartsAsset = "vendor/echarts.min.js"

// site serves the HTML pages and their static assets.
type site struct {
	x          *httpx.Server
	svc        *survey.Service
	log        *slog.Logger
	pages      map[string]*template.Template
	assets     map[string]*asset
	hasECharts bool
	// mail sends reminders when ASSOCBENCH_SMTP_URL is set (WithMailer).
	mail mailSender
}

// asset is one embedded static file, with its gzip form when that is smaller.
type asset struct {
	body  []byte
	gz    []byte
	etag  string
	ctype string
}

// pageNames are the page templates; each is parsed with layout.html.
var pageNames = []string{"message", "login", "survey_home", "section", "submit", "scorecard", "dashboard",
	"meetings", "meeting", "agenda", "plan", "public", "library",
	"admin_associations", "admin_association", "admin_invitations", "admin_campaigns", "admin_progress", "admin_questionnaires",
	"raters", "divergence", "rater_home"}

// Mount registers the pages and their static assets on x.
func Mount(x *httpx.Server, opts ...Option) error {
	_, err := mount(x, opts...)
	return err
}

// mount is Mount, returning the site (for the tests).
func mount(x *httpx.Server, opts ...Option) (*site, error) {
	w, err := newSite(x)
	if err != nil {
		return nil, err
	}
	for _, o := range opts {
		o(w)
	}
	w.routes(x.Engine())
	return w, nil
}

func newSite(x *httpx.Server) (*site, error) {
	w := &site{x: x, svc: x.Service(), log: x.Logger(), pages: map[string]*template.Template{}, assets: map[string]*asset{}}
	if err := w.loadAssets(); err != nil {
		return nil, err
	}
	if _, ok := w.assets[echartsAsset]; ok {
		w.hasECharts = true
	} else {
		w.log.Warn("static/vendor/echarts.min.js is missing: charts will not be drawn; run make assets")
	}
	funcs := template.FuncMap{"asset": w.assetURL, "dict": func(p *page, v any) sub { return sub{P: p, V: v} }}
	for _, name := range pageNames {
		files := []string{"templates/layout.html", "templates/" + name + ".html"}
		if name == "section" || name == "submit" {
			files = append(files, "templates/form_parts.html")
		}
		if strings.HasPrefix(name, "admin_") {
			files = append(files, "templates/admin_parts.html")
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, files...)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		w.pages[name] = t
	}
	return w, nil
}

func (w *site) loadAssets() error {
	return fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return fmt.Errorf("read asset %s: %w", p, err)
		}
		sum := sha256.Sum256(b)
		a := &asset{body: b, etag: `"` + hex.EncodeToString(sum[:8]) + `"`, ctype: mime.TypeByExtension(path.Ext(p))}
		switch path.Ext(p) {
		case ".js":
			a.ctype = "text/javascript; charset=utf-8"
		case ".css":
			a.ctype = "text/css; charset=utf-8"
		case ".svg":
			a.ctype = "image/svg+xml"
		}
		if a.ctype == "" {
			a.ctype = "application/octet-stream"
		}
		if strings.HasPrefix(a.ctype, "text/") || a.ctype == "image/svg+xml" {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			_, _ = zw.Write(b)
			_ = zw.Close()
			if buf.Len() < len(b) {
				a.gz = buf.Bytes()
			}
		}
		w.assets[strings.TrimPrefix(p, "static/")] = a
		return nil
	})
}

// assetURL is the versioned URL of a static file: the version makes it
// cacheable for a long time.
func (w *site) assetURL(name string) string {
	if a, ok := w.assets[name]; ok {
		return "/static/" + name + "?v=" + strings.Trim(a.etag, `"`)
	}
	return "/static/" + name
}

func (w *site) routes(e *gin.Engine) {
	e.GET("/static/*path", w.static)
	e.GET("/", w.home)
	e.GET("/s/:token", w.invitation)
	e.GET("/login", w.loginForm)
	e.POST("/login", w.login)
	e.POST("/logout", w.logout)
	e.GET("/survey", w.surveyHome)
	e.POST("/survey/:c/consent", w.consent)
	e.GET("/survey/:c/:q", w.questionnaireStart)
	e.GET("/survey/:c/:q/submit", w.submitPage)
	e.POST("/survey/:c/:q/check", w.surveyCheck)
	e.GET("/survey/:c/:q/:section", w.sectionPage)
	e.GET("/scorecard", w.scorecardIndex)
	e.GET("/scorecard/:c", w.scorecardPage)
	e.GET("/dashboard", w.dashboard)
	w.meetingRoutes(e)
	w.planRoutes(e)
	w.raterRoutes(e)
	w.pairRoutes(e)
	w.adminRoutes(e)
	w.publicRoutes(e)
	w.libraryRoutes(e)
}

// static serves an embedded asset, gzipped when the client accepts it.
func (w *site) static(c *gin.Context) {
	name := strings.TrimPrefix(c.Param("path"), "/")
	a, ok := w.assets[name]
	if !ok {
		w.errorPage(c, &httpx.RequestError{Kind: httpx.ErrNoRoute, Msg: "no such file"})
		return
	}
	h := c.Writer.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("ETag", a.etag)
	h.Set("Vary", "Accept-Encoding")
	if c.Query("v") == strings.Trim(a.etag, `"`) {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	if inm := c.GetHeader("If-None-Match"); inm != "" && strings.Contains(inm, a.etag) {
		c.Status(http.StatusNotModified)
		return
	}
	body := a.body
	if a.gz != nil && strings.Contains(c.GetHeader("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		body = a.gz
	}
	c.Data(http.StatusOK, a.ctype, body)
}

// sub passes the page and a part of its data to a sub-template.
type sub struct {
	P *page
	V any
}

// page is what every template receives.
type page struct {
	Lang      string
	Dir       string
	Title     string
	Role      survey.Role
	CSRF      string
	Langs     []langLink
	Nav       []navLink
	Charts    bool
	Scripts   []string
	Data      any
	RequestID string
	// Today is the date of the request in the page's language (printed
	// documents carry it).
	Today string
}

type langLink struct {
	Code, Name, URL string
	Current         bool
}

type navLink struct {
	URL, Label string
	Current    bool
}

// newPage prepares the common part of a page: language (remembered in a
// cookie when chosen with ?lang=), direction, CSRF token, navigation.
func (w *site) newPage(c *gin.Context, title string, p *survey.Principal) *page {
	l := httpx.Lang(c)
	if q := c.Query("lang"); httpx.Supported(q) {
		if ck, err := c.Cookie(httpx.CookieLang); err != nil || ck != q {
			w.setCookie(c, httpx.CookieLang, q, 365*24*3600, false, http.SameSiteLaxMode)
		}
	}
	pg := &page{Lang: l, Dir: "ltr", CSRF: w.ensureCSRF(c), RequestID: httpx.RequestID(c), Today: i18n.Date(w.svc.Now(), l)}
	if questionnaires.RTL(l) {
		pg.Dir = "rtl"
	}
	if title != "" { // pages titled by their content set it themselves
		pg.Title = pg.T(title)
	}
	for _, code := range questionnaires.MessageLanguages {
		pg.Langs = append(pg.Langs, langLink{Code: code, Name: i18n.Endonym(code), URL: withQuery(c.Request.URL, "lang", code), Current: code == l})
	}
	if p != nil {
		pg.Role = p.Role
		here := c.Request.URL.Path
		add := func(u, key string) {
			pg.Nav = append(pg.Nav, navLink{URL: u, Label: pg.T(key), Current: here == u || strings.HasPrefix(here, u+"/")})
		}
		switch p.Role {
		case survey.RoleAssociation:
			add("/survey", "nav.survey")
			add("/scorecard", "sc.title")
			add("/raters", "raters.title")
			add("/agenda", "agenda.title")
			add("/library", "lib.title")
		case survey.RoleRater:
			add("/survey", "nav.survey")
		case survey.RoleAnalyst:
			add("/dashboard", "nav.dashboard")
			add("/scorecard", "sc.title")
			add("/meetings", "meet.title")
			add("/library", "lib.title")
		case survey.RoleAdmin:
			add("/admin/associations", "admin.assoc.title")
			add("/admin/campaigns", "admin.campaigns.title")
			add("/admin/questionnaires", "scope")
			add("/dashboard", "nav.dashboard")
			add("/scorecard", "sc.title")
			add("/meetings", "meet.title")
			add("/library", "lib.title")
		}
	}
	return pg
}

// withQuery returns a link to the same page with key set to value in its
// query. It is query-only ("?..."), so that no request path, however odd,
// can turn it into a link to another site.
func withQuery(u *url.URL, key, value string) string {
	q := u.Query()
	q.Set(key, value)
	return "?" + q.Encode()
}

// render writes a page; a template failure is a 500.
func (w *site) render(c *gin.Context, status int, name string, pg *page) {
	t := w.pages[name]
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", pg); err != nil {
		w.log.Error("render page", "page", name, "request_id", pg.RequestID, "err", err)
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("internal error; request id "+pg.RequestID))
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Language", pg.Lang)
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// message is the data of a page that only says something.
type message struct {
	Heading string
	Text    string
	Link    string
	LinkTxt string
	Detail  string
}

// errorPage renders an error as a friendly page with the status of errors.go.
func (w *site) errorPage(c *gin.Context, err error) {
	status, _ := httpx.StatusOf(err)
	if secs, ok := httpx.RetryAfter(err); ok {
		c.Header("Retry-After", strconv.Itoa(secs))
	}
	if status >= 500 {
		w.log.Error("page failed", "request_id", httpx.RequestID(c), "route", c.FullPath(), "err", err)
	}
	key := "err.other"
	switch status {
	case http.StatusNotFound:
		key = "err.notfound"
	case http.StatusUnauthorized:
		key = "err.unauthenticated"
	case http.StatusForbidden:
		key = "err.forbidden"
	case http.StatusTooManyRequests:
		key = "err.ratelimited"
	case http.StatusConflict:
		key = "err.conflict"
	case http.StatusInternalServerError:
		key = "err.internal"
	}
	pg := w.newPage(c, key+".title", nil)
	m := message{Heading: pg.T(key + ".title"), Text: pg.T(key + ".text"), Link: "/", LinkTxt: pg.T("err.home")}
	var ve *survey.ValidationError
	if errors.As(err, &ve) {
		m.Detail = ve.Error()
	}
	if status >= 500 {
		m.Detail = pg.T("err.requestid", pg.RequestID)
	}
	pg.Data = m
	w.render(c, status, "message", pg)
	c.Abort()
}

// principal authenticates a page request. Without a valid session it
// redirects to the sign-in page and returns false.
func (w *site) principal(c *gin.Context) (survey.Principal, bool) {
	p, err := w.x.Authenticate(c)
	if err == nil && p.Role == survey.RoleRater && !raterPages[c.Request.Method+" "+c.FullPath()] {
		w.errorPage(c, fmt.Errorf("a rater reaches its own questionnaires only: %w", survey.ErrNotFound))
		return survey.Principal{}, false
	}
	if err == nil {
		return p, true
	}
	if errors.Is(err, survey.ErrUnauthenticated) {
		next := c.Request.URL.Path
		if c.Request.URL.RawQuery != "" {
			next += "?" + c.Request.URL.RawQuery
		}
		c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(next))
		c.Abort()
		return survey.Principal{}, false
	}
	w.errorPage(c, err)
	return survey.Principal{}, false
}

// setCookie sets a cookie on the whole site; maxAge < 0 deletes it,
// 0 makes it last for the browser session.
func (w *site) setCookie(c *gin.Context, name, value string, maxAge int, httpOnly bool, same http.SameSite) {
	http.SetCookie(c.Writer, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: httpOnly, Secure: w.x.Secure(c), SameSite: same})
}

// ensureCSRF returns the request's CSRF token, issuing one when it has none.
func (w *site) ensureCSRF(c *gin.Context) string {
	if v, ok := c.Get("assocbench.csrf"); ok {
		return v.(string)
	}
	tok, err := c.Cookie(httpx.CookieCSRF)
	if err != nil || len(tok) < 16 || len(tok) > 128 {
		tok = w.newCSRF(c)
	}
	c.Set("assocbench.csrf", tok)
	return tok
}

// newCSRF issues a fresh CSRF token (at sign-in and sign-out).
func (w *site) newCSRF(c *gin.Context) string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	tok := hex.EncodeToString(b[:])
	w.setCookie(c, httpx.CookieCSRF, tok, 0, false, http.SameSiteStrictMode)
	c.Set("assocbench.csrf", tok)
	return tok
}

// formCSRF checks the CSRF field of a form post against the cookie.
func formCSRF(c *gin.Context) error {
	if !httpx.ValidCSRF(c) {
		return fmt.Errorf("form without a valid csrf token: %w", survey.ErrForbidden)
	}
	return nil
}

// jsonBlock encodes data for a <script type="application/json"> block:
// HTML-escaped, so that no "</script>" can end the block early.
func jsonBlock(v any) (template.JS, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode page data: %w", err)
	}
	var out bytes.Buffer
	json.HTMLEscape(&out, b)
	return template.JS(out.String()), nil
}

// rawBlock is jsonBlock for JSON that is already encoded.
func rawBlock(b []byte) template.JS {
	var out bytes.Buffer
	json.HTMLEscape(&out, b)
	return template.JS(out.String())
}

// home sends each role to its start page.
func (w *site) home(c *gin.Context) {
	p, err := w.x.Authenticate(c)
	switch {
	case err != nil:
		c.Redirect(http.StatusSeeOther, "/login")
	case p.Role == survey.RoleAssociation, p.Role == survey.RoleRater:
		c.Redirect(http.StatusSeeOther, "/survey")
	default:
		c.Redirect(http.StatusSeeOther, "/dashboard")
	}
}
