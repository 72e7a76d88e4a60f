package api_test

// The test harness of the API tests: a server over a fresh database per
// test, an HTTP client whose transport validates every request and
// response against openapi.yaml, and helpers for the usual set-up.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/assocbench/assocbench/api"
	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/questionnaires/synth"
	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/mongostore"
	"github.com/assocbench/assocbench/survey/mongostore/mongotest"
)

func TestMain(m *testing.M) { mongotest.Main(m) }

// Tokens the harness registers for every test server.
const (
	adminToken   = "abk_test-administrator-0123456789"
	analystToken = "abk_test-analyst-token-0123456789"
)

// spec is openapi.yaml, loaded and validated once, and a router over it.
var spec = sync.OnceValues(func() (routers.Router, error) {
	doc, err := loadSpec()
	if err != nil {
		return nil, err
	}
	// Route by path alone: the servers entry names the default address,
	// not the test server's.
	doc.Servers = nil
	return legacy.NewRouter(doc)
})

// loadSpec parses and validates the embedded openapi.yaml.
func loadSpec() (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(api.OpenAPI)
	if err != nil {
		return nil, fmt.Errorf("load openapi.yaml: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("validate openapi.yaml: %w", err)
	}
	return doc, nil
}

func init() {
	// The definition upload accepts text/yaml too; kin-openapi knows only
	// application/yaml and application/x-yaml.
	openapi3filter.RegisterBodyDecoder("text/yaml", openapi3filter.YamlBodyDecoder)
	// The meeting calendar is text/calendar (RFC 5545), read as plain text.
	openapi3filter.RegisterBodyDecoder("text/calendar", openapi3filter.PlainBodyDecoder)
}

// harness is one API server over its own database.
type harness struct {
	srv    *httptest.Server
	svc    *survey.Service
	store  *mongostore.Store
	api    *httpx.Server
	client *http.Client
}

// newHarness starts a server over a new database. edit, when not nil,
// changes the server's options (the harness lifts the rate limits, which
// tests that are not about them would hit).
func newHarness(t *testing.T, edit func(*httpx.Options)) *harness {
	t.Helper()
	router, err := spec()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	uri, db := mongotest.NewDatabase(t)
	st, err := mongostore.Open(ctx, mongostore.Config{URI: uri, Database: db})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = st.Close(context.Background()) })
	log := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	svc, err := survey.NewService(st, survey.Options{Logger: log})
	if err != nil {
		t.Fatalf("new service: %v", err)
	}
	o := httpx.Options{Logger: log, Registry: prometheus.NewRegistry(), Readiness: st.Ping,
		RequestsPerSecond: 1e6, Burst: 1 << 20, AuthFailuresPerMinute: 1e6, AuthBurst: 1 << 20}
	if edit != nil {
		edit(&o)
	}
	srv, err := httpx.New(svc, o)
	if err != nil {
		t.Fatalf("httpx.New: %v", err)
	}
	api.Mount(srv)
	svc.SetHooks(survey.Hooks{Submitted: srv.Submitted, Exported: srv.Exported})
	for raw, role := range map[string]survey.Role{adminToken: survey.RoleAdmin, analystToken: survey.RoleAnalyst} {
		if _, err := svc.EnsureToken(ctx, raw, role, "", "test "+string(role)); err != nil {
			t.Fatalf("ensure %s token: %v", role, err)
		}
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return &harness{srv: hs, svc: svc, store: st, api: srv,
		client: &http.Client{Transport: &validator{router: router, base: http.DefaultTransport, t: t}}}
}

// testWriter sends the server's log to the test's log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// check says what to expect of a request when it is validated against the
// document. Responses are always validated.
type check int

const (
	// conforms: the request must conform to openapi.yaml (the default).
	conforms check = iota
	// unchecked: a request that may or may not conform (hostile input that
	// only the server's own checks can judge); its response is still
	// validated.
	unchecked
	// unrouted: a request to a path the document does not describe; neither
	// it nor its response can be validated.
	unrouted
)

// ctxKey keys the test and the check mode in a request's context.
type ctxKey int

const (
	keyT ctxKey = iota
	keyCheck
)

// validator is an http.RoundTripper that validates each request and its
// response against openapi.yaml and fails the test on any mismatch.
type validator struct {
	router routers.Router
	base   http.RoundTripper
	t      testing.TB // used when the request does not name its test
}

func (v *validator) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	t, _ := ctx.Value(keyT).(testing.TB)
	if t == nil {
		t = v.t
	}
	mode, _ := ctx.Value(keyCheck).(check)
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	withBody := func(r *http.Request) *http.Request {
		c := r.Clone(ctx)
		if r.Body != nil && r.Body != http.NoBody {
			c.Body = io.NopCloser(bytes.NewReader(body))
			c.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		}
		return c
	}
	what := req.Method + " " + req.URL.RequestURI()
	var in *openapi3filter.RequestValidationInput
	if mode != unrouted {
		route, params, err := v.router.FindRoute(req)
		if err != nil {
			t.Errorf("%s: no such operation in openapi.yaml: %v", what, err)
		} else {
			in = &openapi3filter.RequestValidationInput{Request: withBody(req), PathParams: params, Route: route,
				Options: &openapi3filter.Options{AuthenticationFunc: acceptAll}}
			err := openapi3filter.ValidateRequest(ctx, in)
			if err != nil && mode == conforms {
				t.Errorf("%s: request does not conform to openapi.yaml: %v", what, err)
			}
		}
	}
	resp, err := v.base.RoundTrip(withBody(req))
	if err != nil {
		return nil, err
	}
	rb, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(rb))
	if in != nil {
		out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode,
			Header: resp.Header, Options: &openapi3filter.Options{IncludeResponseStatus: true}}
		out.SetBodyBytes(rb)
		if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
			t.Errorf("%s: %d response does not conform to openapi.yaml: %v\nbody: %s", what, resp.StatusCode, err, clip(rb))
		}
	}
	return resp, nil
}

// acceptAll lets every request through the document's security
// requirements: the server's authentication is what the tests test.
func acceptAll(context.Context, *openapi3filter.AuthenticationInput) error { return nil }

// clip shortens a body for a failure message.
func clip(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "..."
	}
	return string(b)
}

// call is one request.
type call struct {
	method string
	path   string
	token  string // bearer token; "" for none
	// body is sent as is when it is []byte or string, else as JSON.
	body        any
	contentType string // default application/json when there is a body
	header      map[string]string
	// chunked sends the body without a Content-Length.
	chunked bool
	check   check
}

// result is a response, read.
type result struct {
	status int
	header http.Header
	body   []byte
}

// do sends c and returns the response; it fails t when the request cannot be made.
func (h *harness) do(t testing.TB, c call) result {
	t.Helper()
	var rd io.Reader
	if c.body != nil {
		var b []byte
		switch v := c.body.(type) {
		case []byte:
			b = v
		case string:
			b = []byte(v)
		default:
			var err error
			if b, err = json.Marshal(v); err != nil {
				t.Fatalf("marshal body: %v", err)
			}
		}
		rd = bytes.NewReader(b)
		if c.chunked {
			rd = io.MultiReader(rd) // hides the length
		}
		if c.contentType == "" {
			c.contentType = "application/json"
		}
	}
	ctx := context.WithValue(context.WithValue(context.Background(), keyT, t), keyCheck, c.check)
	req, err := http.NewRequestWithContext(ctx, c.method, h.srv.URL+c.path, rd)
	if err != nil {
		t.Fatalf("new request: %v", err)
	}
	if c.contentType != "" && c.contentType != "-" {
		req.Header.Set("Content-Type", c.contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	resp, err := h.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", c.method, c.path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", c.method, c.path, err)
	}
	if resp.StatusCode >= 500 && resp.StatusCode != http.StatusServiceUnavailable {
		t.Logf("%s %s: %d %s", c.method, c.path, resp.StatusCode, clip(b))
	}
	return result{status: resp.StatusCode, header: resp.Header, body: b}
}

// must sends c and fails t unless the status is want; it decodes a JSON
// answer into dst when dst is not nil.
func (h *harness) must(t testing.TB, c call, want int, dst any) result {
	t.Helper()
	r := h.do(t, c)
	if r.status != want {
		t.Fatalf("%s %s: status %d, want %d; body %s", c.method, c.path, r.status, want, clip(r.body))
	}
	if dst != nil {
		if err := json.Unmarshal(r.body, dst); err != nil {
			t.Fatalf("%s %s: decode %s: %v", c.method, c.path, clip(r.body), err)
		}
	}
	return r
}

// errorBody decodes an error answer.
func (r result) errorBody(t testing.TB) httpx.ErrorBody {
	t.Helper()
	var e httpx.ErrorBody
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("error body %s: %v", clip(r.body), err)
	}
	return e
}

// createAssociation registers an association through the API.
func (h *harness) createAssociation(t testing.TB, id, country string, members int) survey.Association {
	t.Helper()
	var a survey.Association
	h.must(t, call{method: "POST", path: "/api/v1/associations", token: adminToken, body: map[string]any{
		"id": id, "name": "Library Association " + id, "country": country, "type": "national",
		"members": members, "languages": []string{"en"}, "time_zone": "Europe/Paris",
		"mentoring_offers": []string{"financial"}, "mentoring_seeks": []string{"communications"},
	}}, http.StatusCreated, &a)
	return a
}

// createCampaign opens a campaign through the API, closing in 30 days.
func (h *harness) createCampaign(t testing.TB, id string, qs ...string) {
	t.Helper()
	h.must(t, call{method: "POST", path: "/api/v1/campaigns", token: adminToken, body: map[string]any{
		"id": id, "title": map[string]string{"en": "Campaign " + id}, "questionnaires": qs,
		"closes": time.Now().Add(30 * 24 * time.Hour).UTC().Format(time.RFC3339),
	}}, http.StatusCreated, nil)
}

// issueToken issues an association token through the API.
func (h *harness) issueToken(t testing.TB, association string) api.TokenIssued {
	t.Helper()
	var tok api.TokenIssued
	h.must(t, call{method: "POST", path: "/api/v1/associations/" + association + "/tokens", token: adminToken,
		body: map[string]any{"label": "test"}}, http.StatusCreated, &tok)
	return tok
}

// fullAnswers returns answers to a questionnaire that pass submission, as
// JSON values; seed varies them.
func (h *harness) fullAnswers(t testing.TB, questionnaire string, seed uint64) map[string]any {
	t.Helper()
	q, err := h.svc.Questionnaire(context.Background(), questionnaire)
	if err != nil {
		t.Fatal(err)
	}
	ans, err := synth.Answers(q, rand.New(rand.NewPCG(seed, 7)), synth.Options{Propensity: 0.6})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(ans)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// responsePath is the path of a response.
func responsePath(campaign, association, questionnaire string) string {
	return "/api/v1/campaigns/" + campaign + "/responses/" + association + "/" + questionnaire
}
