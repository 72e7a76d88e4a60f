package web

import (
	"errors"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/survey"
)

// invitation exchanges the token of an invitation link (/s/{token}) for
// a session cookie and redirects to the same place without the token, so
// that it leaves the address bar and the history.
func (w *site) invitation(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	raw := c.Param("token")
	p, err := w.svc.Authenticate(c.Request.Context(), raw)
	if err != nil {
		if errors.Is(err, survey.ErrUnauthenticated) {
			if lerr := w.x.AllowAuthFailure(c); lerr != nil {
				w.errorPage(c, lerr)
				return
			}
			pg := w.newPage(c, "invite.bad.title", nil)
			pg.Data = message{Heading: pg.T("invite.bad.title"), Text: pg.T("invite.bad.text"), Link: "/login", LinkTxt: pg.T("login.title")}
			w.render(c, http.StatusUnauthorized, "message", pg)
			return
		}
		w.errorPage(c, err)
		return
	}
	w.startSession(c, raw)
	c.Redirect(http.StatusSeeOther, startPage(p))
}

// startSession sets the session cookie and a fresh CSRF token.
func (w *site) startSession(c *gin.Context, raw string) {
	w.setCookie(c, httpx.CookieSession, raw, 0, true, http.SameSiteStrictMode)
	w.newCSRF(c)
}

// startPage is where a role lands after signing in.
func startPage(p survey.Principal) string {
	if p.Role == survey.RoleAssociation || p.Role == survey.RoleRater {
		return "/survey"
	}
	return "/dashboard"
}

// loginData is the sign-in form's data.
type loginData struct {
	Next    string
	Error   string
	Message string
}

func (w *site) loginForm(c *gin.Context) {
	pg := w.newPage(c, "login.title", nil)
	d := loginData{Next: safeNext(c.Query("next"))}
	if c.Query("bye") != "" {
		d.Message = pg.T("login.bye")
	}
	pg.Data = d
	w.render(c, http.StatusOK, "login", pg)
}

// login checks the token of the sign-in form (CSRF-protected by the
// cookie set when the form was shown).
func (w *site) login(c *gin.Context) {
	if err := formCSRF(c); err != nil {
		w.formExpired(c)
		return
	}
	raw := strings.TrimSpace(c.PostForm("token"))
	next := safeNext(c.PostForm("next"))
	p, err := w.svc.Authenticate(c.Request.Context(), raw)
	if err != nil {
		if !errors.Is(err, survey.ErrUnauthenticated) {
			w.errorPage(c, err)
			return
		}
		if lerr := w.x.AllowAuthFailure(c); lerr != nil {
			w.errorPage(c, lerr)
			return
		}
		pg := w.newPage(c, "login.title", nil)
		pg.Data = loginData{Next: next, Error: pg.T("login.bad")}
		w.render(c, http.StatusUnauthorized, "login", pg)
		return
	}
	w.startSession(c, raw)
	if next == "" {
		next = startPage(p)
	}
	c.Redirect(http.StatusSeeOther, next)
}

// logout clears the session.
func (w *site) logout(c *gin.Context) {
	if err := formCSRF(c); err != nil {
		w.formExpired(c)
		return
	}
	w.setCookie(c, httpx.CookieSession, "", -1, true, http.SameSiteStrictMode)
	w.newCSRF(c)
	c.Redirect(http.StatusSeeOther, "/login?bye=1")
}

// formExpired answers a form post whose CSRF token is missing or wrong.
func (w *site) formExpired(c *gin.Context) {
	pg := w.newPage(c, "csrf.title", nil)
	pg.Data = message{Heading: pg.T("csrf.title"), Text: pg.T("csrf.text"), Link: "/login", LinkTxt: pg.T("login.title")}
	w.render(c, http.StatusForbidden, "message", pg)
}

// safeNext keeps only local paths as redirect targets.
func safeNext(s string) string {
	if len(s) > 500 || !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "/s/") {
		return ""
	}
	for i := 0; i < len(s); i++ {
		// control characters (browsers drop tabs and newlines: "/\t/x" is
		// "//x") and backslashes (read as slashes) could lead off-site
		if c := s[i]; c < 0x20 || c == 0x7f || c == '\\' {
			return ""
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || strings.Contains(u.Path, "//") ||
		!strings.HasPrefix(path.Clean(u.Path), "/") || strings.HasPrefix(path.Clean(u.Path), "//") {
		return ""
	}
	return s
}
