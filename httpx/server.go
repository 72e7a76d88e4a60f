package httpx

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"golang.org/x/time/rate"

	"github.com/assocbench/assocbench/survey"
)

// Options configure a Server.
type Options struct {
	Logger *slog.Logger
	// Registry receives the metrics (a new registry when nil).
	Registry *prometheus.Registry
	// BaseURL is the public address used in invitation links ("" = from the request).
	BaseURL string
	// Readiness checks the database; nil means always ready.
	Readiness func(ctx context.Context) error
	// RequestsPerSecond and Burst limit each token (defaults 20 and 60).
	RequestsPerSecond float64
	Burst             int
	// AuthFailuresPerMinute and AuthBurst limit failed authentications per client address (defaults 30 and 20).
	AuthFailuresPerMinute float64
	AuthBurst             int
	// PublicPerMinute and PublicBurst limit requests to the public report
	// per client address (defaults 120 and 60).
	PublicPerMinute float64
	PublicBurst     int
	// TrustedProxies are the addresses or CIDRs of reverse proxies whose
	// X-Forwarded-For names the client (none by default: the peer address is the client).
	TrustedProxies []string
}

// Body limits: no request body is read beyond MaxDocumentBody, and only
// the library's document upload reads more than MaxUploadBody.
const (
	MaxJSONBody   = 1 << 20  // 1 MiB
	MaxUploadBody = 10 << 20 // 10 MiB
	// MaxDocumentBody is a library document's upload: a file of up to
	// MaxUploadBody and its form fields.
	MaxDocumentBody = MaxUploadBody + 512<<10
)

// Server is the gin engine, the service it serves and what the API and
// the pages share.
type Server struct {
	svc     *survey.Service
	log     *slog.Logger
	opts    Options
	engine  *gin.Engine
	metrics *metrics

	tokenLimits  limiterSet
	authLimits   limiterSet
	publicLimits limiterSet
}

// Context keys.
const (
	ctxRequestID = "assocbench.request_id"
	ctxPrincipal = "assocbench.principal"
)

func init() { gin.SetMode(gin.ReleaseMode) }

// New returns a Server for svc with the operational routes (/healthz,
// /readyz, /metrics) and nothing else: mount the API and the pages on it.
func New(svc *survey.Service, o Options) (*Server, error) {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Registry == nil {
		o.Registry = prometheus.NewRegistry()
	}
	if o.RequestsPerSecond == 0 {
		o.RequestsPerSecond = 20
	}
	if o.Burst == 0 {
		o.Burst = 60
	}
	if o.AuthFailuresPerMinute == 0 {
		o.AuthFailuresPerMinute = 30
	}
	if o.AuthBurst == 0 {
		o.AuthBurst = 20
	}
	if o.PublicPerMinute == 0 {
		o.PublicPerMinute = 120
	}
	if o.PublicBurst == 0 {
		o.PublicBurst = 60
	}
	s := &Server{svc: svc, log: o.Logger, opts: o, metrics: newMetrics(o.Registry)}
	s.tokenLimits = limiterSet{limit: rate.Limit(o.RequestsPerSecond), burst: o.Burst}
	s.authLimits = limiterSet{limit: rate.Limit(o.AuthFailuresPerMinute / 60), burst: o.AuthBurst}
	s.publicLimits = limiterSet{limit: rate.Limit(o.PublicPerMinute / 60), burst: o.PublicBurst}
	e := gin.New()
	if err := e.SetTrustedProxies(o.TrustedProxies); err != nil {
		return nil, fmt.Errorf("trusted proxies: %w", err)
	}
	e.HandleMethodNotAllowed = true
	e.MaxMultipartMemory = 1 << 20 // forms are small; a multipart body beyond it goes to disk, within the body cap
	e.RemoveExtraSlash = true
	e.Use(s.requestContext, s.recovery, s.securityHeaders)
	e.NoRoute(func(c *gin.Context) { s.AbortWith(c, &RequestError{Kind: ErrNoRoute, Msg: "no such route"}) })
	e.NoMethod(func(c *gin.Context) { s.AbortWith(c, &RequestError{Kind: ErrNotAllowed, Msg: "method not allowed"}) })
	s.engine = e
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.Handle(s.readyz))
	e.GET("/metrics", gin.WrapH(promhttp.HandlerFor(o.Registry, promhttp.HandlerOpts{})))
	return s, nil
}

// Handler returns the HTTP handler.
func (s *Server) Handler() http.Handler { return s.engine }

// Engine is the gin engine the API and the pages register their routes on.
func (s *Server) Engine() *gin.Engine { return s.engine }

// Service is the domain service the handlers call.
func (s *Server) Service() *survey.Service { return s.svc }

// Logger is the server's log.
func (s *Server) Logger() *slog.Logger { return s.log }

// BaseURL is the public address for links: the configured one, else the request's.
func (s *Server) BaseURL(c *gin.Context) string {
	if s.opts.BaseURL != "" {
		return strings.TrimRight(s.opts.BaseURL, "/")
	}
	scheme := "http"
	if c.Request.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}

// Secure reports whether cookies must be Secure: on TLS, or behind a
// proxy when the public base URL is https.
func (s *Server) Secure(c *gin.Context) bool {
	return c.Request.TLS != nil || strings.HasPrefix(s.opts.BaseURL, "https://")
}

// Handle adapts a handler that returns an error: the error becomes the
// JSON error answer of the status table.
func (s *Server) Handle(fn func(c *gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := fn(c); err != nil {
			s.AbortWith(c, err)
			return
		}
		// An answer that cannot be encoded (a NaN, say) is recorded by gin,
		// which then writes nothing: make it a 500 rather than an empty 200.
		if len(c.Errors) > 0 && !c.Writer.Written() {
			s.AbortWith(c, fmt.Errorf("write the answer: %w", c.Errors.Last().Err))
		}
	}
}

// RequestID is the id of the request, set by the server's middleware.
func RequestID(c *gin.Context) string { return c.GetString(ctxRequestID) }

func (s *Server) healthz(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) }

func (s *Server) readyz(c *gin.Context) error {
	if s.opts.Readiness != nil {
		ctx, cancel := context.WithTimeout(c.Request.Context(), 3*time.Second)
		defer cancel()
		if err := s.opts.Readiness(ctx); err != nil {
			s.log.Warn("not ready", "err", err)
			c.JSON(http.StatusServiceUnavailable, gin.H{"status": "database unreachable"})
			return nil
		}
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
	return nil
}

// requestContext gives every request an id, logs it and records metrics.
// Tokens, cookies and bodies are never logged.
func (s *Server) requestContext(c *gin.Context) {
	start := time.Now()
	id := c.GetHeader("X-Request-Id")
	if id == "" || len(id) > 64 || strings.ContainsFunc(id, func(r rune) bool { return r < 0x21 || r > 0x7e }) {
		var b [8]byte
		_, _ = rand.Read(b[:])
		id = hex.EncodeToString(b[:])
	}
	c.Set(ctxRequestID, id)
	c.Header("X-Request-Id", id)
	// no route reads more than an upload: cap every body (the API caps JSON
	// lower and answers 413; forms and routes that read nothing are capped here)
	if c.Request.Body != nil {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, MaxDocumentBody)
	}
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	status := c.Writer.Status()
	took := time.Since(start)
	s.metrics.observe(knownMethod(c.Request.Method), route, status, took)
	lvl := slog.LevelInfo
	if status >= 500 {
		lvl = slog.LevelError
	}
	s.log.Log(c.Request.Context(), lvl, "request", "request_id", id, "method", c.Request.Method, "route", route,
		"status", status, "bytes", c.Writer.Size(), "ms", float64(took.Microseconds())/1000, "client", ClientAddr(c))
}

// knownMethod bounds the method label of metrics: any method a client
// invents would otherwise be a new series.
func knownMethod(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return m
	}
	return "OTHER"
}

// recovery turns a panic into a 500 and logs the stack.
func (s *Server) recovery(c *gin.Context) {
	defer func() {
		if r := recover(); r != nil {
			if r == http.ErrAbortHandler {
				panic(r)
			}
			s.log.Error("panic", "request_id", RequestID(c), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			s.AbortWith(c, fmt.Errorf("panic: %v", r))
		}
	}()
	c.Next()
}

// securityHeaders sets conservative headers on every response.
func (s *Server) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
	c.Next()
}

// ClientAddr is the client's address: the peer, or what a trusted proxy says.
func ClientAddr(c *gin.Context) string {
	if ip := c.ClientIP(); ip != "" {
		return ip
	}
	host, _, err := net.SplitHostPort(c.Request.RemoteAddr)
	if err != nil {
		return c.Request.RemoteAddr
	}
	return host
}
