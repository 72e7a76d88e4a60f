package api_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/api"
)

// TestOpenAPIDocumentIsValid loads openapi.yaml with kin-openapi and
// validates it as an OpenAPI 3.0 document.
func TestOpenAPIDocumentIsValid(t *testing.T) {
	doc, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := doc.OpenAPI, "3.0.3"; got != want {
		t.Errorf("openapi = %q, want %q", got, want)
	}
	// every error answer of every operation is an ErrorBody
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for code, ref := range op.Responses.Map() {
				if code[0] != '4' && code != "500" {
					continue
				}
				mt := ref.Value.Content.Get("application/json")
				if mt == nil || mt.Schema == nil || mt.Schema.Ref != "#/components/schemas/ErrorBody" {
					t.Errorf("%s %s: %s answer is not an ErrorBody", method, path, code)
				}
			}
			if op.Responses.Value("500") == nil {
				t.Errorf("%s %s: no 500 answer", method, path)
			}
		}
	}
}

// documented are the operations of openapi.yaml as "METHOD /path/{param}".
func documented(t *testing.T) []string {
	t.Helper()
	doc, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	var ops []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			ops = append(ops, method+" "+path)
		}
	}
	slices.Sort(ops)
	return ops
}

var ginParam = regexp.MustCompile(`[:*]([A-Za-z_]+)`)

// registered are the API routes the server registers as "METHOD /path/{param}":
// everything under /api/ and the operational endpoints, not the web pages.
func registered(t *testing.T, h *harness) []string {
	t.Helper()
	e, ok := h.api.Handler().(*gin.Engine)
	if !ok {
		t.Fatalf("Handler() is a %T, not a *gin.Engine", h.api.Handler())
	}
	var ops []string
	for _, r := range e.Routes() {
		switch {
		case strings.HasPrefix(r.Path, "/api/"), r.Path == "/healthz", r.Path == "/readyz", r.Path == "/metrics":
		default:
			continue
		}
		if r.Method == http.MethodHead {
			continue
		}
		ops = append(ops, r.Method+" "+ginParam.ReplaceAllString(r.Path, "{$1}"))
	}
	slices.Sort(ops)
	return ops
}

// normalise forgets parameter names, which gin and the document may spell differently.
func normalise(op string) string {
	return regexp.MustCompile(`\{[^}]*\}`).ReplaceAllString(op, "{}")
}

// TestOpenAPIDescribesEveryRoute checks that every API route the server
// registers is in openapi.yaml and every documented operation is served.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	h := newHarness(t, nil)
	docOps := map[string]bool{}
	for _, op := range documented(t) {
		docOps[normalise(op)] = true
	}
	routes := map[string]bool{}
	for _, op := range registered(t, h) {
		routes[normalise(op)] = true
		if !docOps[normalise(op)] {
			t.Errorf("route %s is not in openapi.yaml", op)
		}
	}
	for _, op := range documented(t) {
		if !routes[normalise(op)] {
			t.Errorf("openapi.yaml describes %s, which the server does not serve", op)
		}
	}
}

// TestOpenAPIServed checks that the server serves the document it embeds.
func TestOpenAPIServed(t *testing.T) {
	h := newHarness(t, nil)
	r := h.must(t, call{method: "GET", path: "/api/v1/openapi.yaml"}, http.StatusOK, nil)
	if got, want := r.header.Get("Content-Type"), "application/yaml; charset=utf-8"; got != want {
		t.Errorf("Content-Type = %q, want %q", got, want)
	}
	if !bytes.Equal(r.body, api.OpenAPI) {
		t.Errorf("served document (%d bytes) is not api.OpenAPI (%d bytes)", len(r.body), len(api.OpenAPI))
	}
}

// recorder is a testing.TB that keeps the errors reported to it.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recorder) Helper() {}

// fixed is a transport that answers every request with one response.
type fixed struct {
	status int
	header http.Header
	body   string
}

func (f fixed) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: f.status, Header: f.header, Body: io.NopCloser(strings.NewReader(f.body)), Request: req}, nil
}

// TestValidatorCatchesDrift checks that the harness's transport fails a
// test on a request or a response that openapi.yaml does not allow.
func TestValidatorCatchesDrift(t *testing.T) {
	router, err := spec()
	if err != nil {
		t.Fatal(err)
	}
	jsonHeader := func(extra ...string) http.Header {
		h := http.Header{"Content-Type": {"application/json; charset=utf-8"}, "X-Request-Id": {"r1"}}
		for i := 0; i+1 < len(extra); i += 2 {
			h.Set(extra[i], extra[i+1])
		}
		return h
	}
	for _, tc := range []struct {
		name       string
		method     string
		path       string
		body       string
		resp       fixed
		wantErrors int
	}{
		{"conforming", "GET", "/healthz", "", fixed{200, jsonHeader(), `{"status":"ok"}`}, 0},
		{"wrong body type", "GET", "/healthz", "", fixed{200, jsonHeader(), `{"status":1}`}, 1},
		{"undocumented field", "GET", "/healthz", "", fixed{200, jsonHeader(), `{"status":"ok","extra":true}`}, 1},
		{"undocumented status", "GET", "/healthz", "", fixed{418, jsonHeader(), `{}`}, 1},
		{"missing request id", "GET", "/healthz", "", fixed{200, http.Header{"Content-Type": {"application/json"}}, `{"status":"ok"}`}, 1},
		{"429 without Retry-After", "GET", "/api/v1/campaigns", "", fixed{429, jsonHeader(),
			`{"error":{"code":"rate_limited","message":"too many requests"}}`}, 1},
		{"error body of another shape", "GET", "/api/v1/campaigns/c1", "", fixed{404, jsonHeader(), `{"message":"not found"}`}, 1},
		{"undocumented route", "GET", "/api/v1/nothing", "", fixed{404, jsonHeader(), `{}`}, 1},
		{"request with an unknown field", "POST", "/api/v1/associations", `{"id":"a-b","name":"n","country":"FR","type":"national","x":1}`,
			fixed{400, jsonHeader(), `{"error":{"code":"bad_request","message":"unknown field","fields":{"x":"unknown field"}}}`}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			v := &validator{router: router, base: tc.resp, t: rec}
			var body io.Reader
			if tc.body != "" {
				body = strings.NewReader(tc.body)
			}
			req, err := http.NewRequest(tc.method, "http://example.test"+tc.path, body)
			if err != nil {
				t.Fatal(err)
			}
			if body != nil {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := v.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := len(rec.errors); got != tc.wantErrors {
				t.Errorf("%d validation errors %q, want %d", got, rec.errors, tc.wantErrors)
			}
		})
	}
}
