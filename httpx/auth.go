package httpx

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/survey"
)

// Cookie names of the web pages.
const (
	CookieSession = "assocbench_session"
	CookieLang    = "assocbench_lang"
	CookieCSRF    = "assocbench_csrf"
)

// credential returns the raw token of a request: the bearer token, or the
// session cookie. fromCookie says which.
func credential(c *gin.Context) (raw string, fromCookie bool, err error) {
	if h := c.GetHeader("Authorization"); h != "" {
		scheme, tok, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
			return "", false, survey.ErrUnauthenticated
		}
		return strings.TrimSpace(tok), false, nil
	}
	if ck, err := c.Cookie(CookieSession); err == nil && ck != "" {
		return ck, true, nil
	}
	return "", false, survey.ErrUnauthenticated
}

// Authenticate resolves the caller. Failed attempts are counted per
// client address; an address with too many failures gets 429 instead of
// 401 for its next failures (a valid token still works, so that clients
// sharing an address behind a proxy are not locked out by one of them).
// Every authenticated caller is rate-limited per token.
func (s *Server) Authenticate(c *gin.Context) (survey.Principal, error) {
	if p, ok := c.Get(ctxPrincipal); ok {
		return p.(survey.Principal), nil
	}
	raw, fromCookie, err := credential(c)
	if err == nil {
		var p survey.Principal
		p, err = s.svc.Authenticate(c.Request.Context(), raw)
		if err == nil && fromCookie && !safeMethod(c.Request.Method) && !ValidCSRF(c) {
			return survey.Principal{}, fmt.Errorf("missing or wrong %s header: %w", HeaderCSRF, survey.ErrForbidden)
		}
		if err == nil {
			if err := s.tokenLimits.allow(p.Token); err != nil {
				return survey.Principal{}, err
			}
			c.Set(ctxPrincipal, p)
			return p, nil
		}
	}
	if errors.Is(err, survey.ErrUnauthenticated) {
		if lerr := s.authLimits.allow(ClientAddr(c)); lerr != nil {
			return survey.Principal{}, lerr
		}
	}
	return survey.Principal{}, err
}

// Identify reads who the caller is without the CSRF check and without
// signing it in: for a page that must refuse a large body before reading
// it; the caller then signs in through Authenticate (which checks CSRF).
func (s *Server) Identify(c *gin.Context) (survey.Principal, error) {
	raw, _, err := credential(c)
	if err != nil {
		return survey.Principal{}, err
	}
	return s.svc.Authenticate(c.Request.Context(), raw)
}

// MaxFormBody caps the body of a form post.
const MaxFormBody = 64 << 10

// HeaderCSRF carries the CSRF token of cookie-authenticated requests
// that change state (double submit: it must equal the CSRF cookie).
const HeaderCSRF = "X-CSRF-Token"

func safeMethod(m string) bool { return m == "GET" || m == "HEAD" || m == "OPTIONS" }

// ValidCSRF checks the double-submitted CSRF token of a cookie-authenticated
// request: the X-CSRF-Token header, or the csrf field of a form post.
func ValidCSRF(c *gin.Context) bool {
	ck, err := c.Cookie(CookieCSRF)
	h := c.GetHeader(HeaderCSRF)
	switch ct := c.GetHeader("Content-Type"); {
	case h != "":
	case strings.HasPrefix(ct, "application/x-www-form-urlencoded"):
		// a form post (the pages' forms): read the field, within a small limit
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, MaxFormBody)
		h = c.PostForm("csrf")
	case strings.HasPrefix(ct, "multipart/form-data"):
		// a page's file upload (the plan sheet): within the upload limit
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, MaxUploadBody)
		h = c.PostForm("csrf")
	}
	return err == nil && len(ck) >= 16 && subtle.ConstantTimeCompare([]byte(ck), []byte(h)) == 1
}

// RequireAuth is middleware for API routes that need a signed-in caller.
func (s *Server) RequireAuth(c *gin.Context) {
	if _, err := s.Authenticate(c); err != nil {
		s.AbortWith(c, err)
		return
	}
	c.Next()
}

// Principal returns the caller set by RequireAuth (or Authenticate).
func Principal(c *gin.Context) survey.Principal {
	p, _ := c.Get(ctxPrincipal)
	pr, _ := p.(survey.Principal)
	return pr
}
