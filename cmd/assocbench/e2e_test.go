package main

// End-to-end tests: the real run() serving on port 0 over the embedded
// database (or MONGODB_URI when set), driven over HTTP.

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	mrand "math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/questionnaires/synth"
)

// e2eAdminToken is the bootstrap administrator token the tests set.
const e2eAdminToken = "abk_e2e-admin-token-0123456789ab"

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// e2eEnv returns the environment of a test server: MONGODB_URI and a
// database of its own when the environment names a server, else nothing
// (the embedded database in --data-dir).
func e2eEnv(t *testing.T) map[string]string {
	t.Helper()
	vars := map[string]string{"ASSOCBENCH_LOG_LEVEL": "info"}
	if uri := os.Getenv("MONGODB_URI"); uri != "" {
		var b [4]byte
		_, _ = rand.Read(b[:])
		vars["MONGODB_URI"] = uri
		vars["ASSOCBENCH_DB"] = "e2e_" + hex.EncodeToString(b[:])
		t.Logf("using MONGODB_URI, database %s (left in place)", vars["ASSOCBENCH_DB"])
	}
	return vars
}

// server is a run("serve", ...) in progress.
type server struct {
	addr           string
	stdout, stderr *syncBuffer
	cancel         context.CancelFunc
	done           chan int
}

// startServe runs `assocbench serve args...` until it listens.
func startServe(t *testing.T, vars map[string]string, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{stdout: &syncBuffer{}, stderr: &syncBuffer{}, cancel: cancel, done: make(chan int, 1)}
	addrc := make(chan string, 1)
	e := &env{stdin: strings.NewReader(""), stdout: s.stdout, stderr: s.stderr,
		getenv: func(k string) string { return vars[k] }, ready: func(a string) { addrc <- a }}
	go func() { s.done <- run(ctx, append([]string{"serve"}, args...), e) }()
	select {
	case s.addr = <-addrc:
	case code := <-s.done:
		cancel()
		t.Fatalf("serve exited with %d before listening; stderr:\n%s", code, s.stderr)
	case <-time.After(5 * time.Minute):
		cancel()
		t.Fatalf("serve did not listen within 5 minutes; stderr:\n%s", s.stderr)
	}
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.done:
		case <-time.After(time.Minute):
		}
	})
	return s
}

// stop cancels the server's context, as SIGINT does, and returns run's exit code.
func (s *server) stop(t *testing.T) int {
	t.Helper()
	s.cancel()
	select {
	case code := <-s.done:
		s.done <- code // for the cleanup
		return code
	case <-time.After(time.Minute):
		t.Fatalf("serve did not return within a minute of its context ending; stderr:\n%s", s.stderr)
	}
	return -1
}

// reply is an HTTP answer.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// request sends one JSON request to s.
func (s *server) request(t *testing.T, method, path, token string, header map[string]string, body any) reply {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, "http://"+s.addr+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: b}
}

// expect sends a request and fails t unless the status is want; it decodes
// the body into dst when dst is not nil.
func (s *server) expect(t *testing.T, want int, dst any, method, path, token string, header map[string]string, body any) reply {
	t.Helper()
	r := s.request(t, method, path, token, header, body)
	if r.status != want {
		t.Fatalf("%s %s: status %d, want %d; body %s", method, path, r.status, want, r.body)
	}
	if dst != nil {
		if err := json.Unmarshal(r.body, dst); err != nil {
			t.Fatalf("%s %s: decode %s: %v", method, path, r.body, err)
		}
	}
	return r
}

// fullAnswers returns answers to a built-in questionnaire that pass submission.
func fullAnswers(t *testing.T, id string, seed uint64) map[string]json.RawMessage {
	t.Helper()
	lib, err := questionnaires.Library()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range lib {
		if q.ID != id {
			continue
		}
		a, err := synth.Answers(q, mrand.New(mrand.NewPCG(seed, 1)), synth.Options{Propensity: 0.5})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]json.RawMessage{}
		for k, v := range a {
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			out[k] = b
		}
		return out
	}
	t.Fatalf("no built-in questionnaire %s", id)
	return nil
}

// responseView is the part of a response the end-to-end tests read.
type responseView struct {
	Status   string            `json:"status"`
	Revision int64             `json:"revision"`
	Answers  map[string]any    `json:"answers"`
	History  []json.RawMessage `json:"history"`
	Scores   *struct {
		Score float64 `json:"score"`
	} `json:"scores"`
}

// TestServeEndToEnd runs the real server, plays a respondent's journey
// over HTTP, shuts the server down as SIGINT would, and starts it again on
// the same data to read the response back.
func TestServeEndToEnd(t *testing.T) {
	dir := t.TempDir()
	vars := e2eEnv(t)
	vars["ASSOCBENCH_ADMIN_TOKEN"] = e2eAdminToken
	args := []string{"--addr", "127.0.0.1:0", "--data-dir", dir}
	s := startServe(t, vars, args...)
	const admin = e2eAdminToken
	const path = "/api/v1/campaigns/2026-e2e/responses/e2e-assoc/communications"

	for _, p := range []string{"/healthz", "/readyz"} {
		s.expect(t, http.StatusOK, nil, "GET", p, "", nil, nil)
	}
	// The embedded database talks over a Unix socket in the data dir, not TCP.
	checkOnlyHTTPListener(t, s.addr)
	if vars["MONGODB_URI"] == "" {
		if fi, err := os.Lstat(filepath.Join(dir, "ferretdb.sock")); err != nil || fi.Mode().Type() != fs.ModeSocket {
			t.Errorf("database socket in the data dir: %v, %v; want a Unix socket", fi, err)
		}
	}
	s.expect(t, http.StatusCreated, nil, "POST", "/api/v1/associations", admin, nil, map[string]any{
		"id": "e2e-assoc", "name": "E2E Library Association", "country": "SN", "type": "national", "members": 420})
	s.expect(t, http.StatusCreated, nil, "POST", "/api/v1/campaigns", admin, nil, map[string]any{
		"id": "2026-e2e", "title": map[string]string{"en": "End to end"}, "questionnaires": []string{"communications"},
		"deadline_date": time.Now().AddDate(0, 1, 0).Format(time.DateOnly), "anywhere_on_earth": true})
	var tok struct {
		Token string `json:"token"`
		Link  string `json:"link"`
	}
	s.expect(t, http.StatusCreated, &tok, "POST", "/api/v1/associations/e2e-assoc/tokens", admin, nil, map[string]any{"label": "e2e"})
	if want := "http://" + s.addr + "/s/" + tok.Token; tok.Link != want {
		t.Errorf("invitation link %q, want %q", tok.Link, want)
	}
	assoc := tok.Token

	if got := s.expect(t, http.StatusOK, nil, "GET", path, assoc, nil, nil).header.Get("ETag"); got != `"0"` {
		t.Errorf("ETag of a new response %q, want \"0\"", got)
	}
	draft := map[string]any{"answers": map[string]any{"comms_strategy": "informal", "members": 420}}
	if got := s.expect(t, http.StatusOK, nil, "PUT", path, assoc, map[string]string{"If-Match": `"0"`}, draft).header.Get("ETag"); got != `"1"` {
		t.Errorf("ETag after the first draft %q, want \"1\"", got)
	}
	s.expect(t, http.StatusPreconditionFailed, nil, "PUT", path, assoc, map[string]string{"If-Match": `"0"`}, draft)

	answers := fullAnswers(t, "communications", 9)
	key := map[string]string{"Idempotency-Key": "e2e-submission-1"}
	var first, again responseView
	s.expect(t, http.StatusOK, &first, "POST", path+"/submit", assoc, key, map[string]any{"answers": answers})
	s.expect(t, http.StatusOK, &again, "POST", path+"/submit", assoc, key, map[string]any{"answers": answers})
	if first.Status != "submitted" || first.Revision != 2 || again.Revision != 2 || first.Scores == nil || again.Scores == nil ||
		first.Scores.Score != again.Scores.Score {
		t.Errorf("submissions: %+v then %+v; want the same submitted revision 2 and scores", first, again)
	}
	answers["comms_strategy"] = json.RawMessage(`"none"`)
	s.expect(t, http.StatusConflict, nil, "POST", path+"/submit", assoc, key, map[string]any{"answers": answers})

	var card struct {
		Areas []struct {
			Status string  `json:"status"`
			Score  float64 `json:"score"`
		} `json:"areas"`
	}
	s.expect(t, http.StatusOK, &card, "GET", "/api/v1/campaigns/2026-e2e/scores/e2e-assoc", assoc, nil, nil)
	if len(card.Areas) != 1 || card.Areas[0].Status != "submitted" || first.Scores == nil || card.Areas[0].Score != first.Scores.Score {
		t.Errorf("scorecard areas %+v; want the submitted score", card.Areas)
	}
	var table struct {
		All struct {
			Stats map[string]struct {
				N          int     `json:"n"`
				Suppressed bool    `json:"suppressed"`
				Median     float64 `json:"median"`
			} `json:"stats"`
		} `json:"all"`
	}
	s.expect(t, http.StatusConflict, nil, "GET", "/api/v1/campaigns/2026-e2e/benchmarks?questionnaire=communications", admin, nil, nil)
	s.expect(t, http.StatusCreated, nil, "POST", "/api/v1/campaigns/2026-e2e/releases", admin, nil, nil)
	s.expect(t, http.StatusOK, &table, "GET", "/api/v1/campaigns/2026-e2e/benchmarks?questionnaire=communications", admin, nil, nil)
	if st := table.All.Stats["area:communications"]; st.N != 1 || !st.Suppressed || st.Median != 0 {
		t.Errorf("benchmark of one association: %+v; want n 1, suppressed, no median", st)
	}
	var reopened responseView
	s.expect(t, http.StatusOK, &reopened, "POST", path+"/reopen", admin, nil, map[string]any{"reason": "e2e"})
	if reopened.Status != "draft" || reopened.Revision != 3 || len(reopened.History) != 1 {
		t.Errorf("reopened: %+v; want a draft at revision 3 with one history entry", reopened)
	}
	metrics := s.expect(t, http.StatusOK, nil, "GET", "/metrics", "", nil, nil)
	if !bytes.Contains(metrics.body, []byte(`assocbench_submissions_total{questionnaire="communications"} 1`)) {
		t.Error("/metrics does not count the submission")
	}

	if code := s.stop(t); code != exitOK {
		t.Fatalf("serve returned %d after its context ended, want %d; stderr:\n%s", code, exitOK, s.stderr)
	}
	logs := s.stderr.String()
	for _, secret := range []string{admin, assoc, "informal"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the server's log shows %q", secret)
		}
	}
	if !strings.Contains(logs, "route=/api/v1/campaigns/:c/responses/:association/:questionnaire/submit") {
		t.Errorf("the access log lacks the submissions; log:\n%s", logs)
	}

	// the data survives a restart
	s = startServe(t, vars, args...)
	var back responseView
	s.expect(t, http.StatusOK, &back, "GET", path, assoc, nil, nil)
	if back.Status != "draft" || back.Revision != 3 || len(back.History) != 1 {
		t.Errorf("after a restart: %+v; want the draft at revision 3 with its history", back)
	}
	if strings.Contains(s.stdout.String(), "abk_") {
		t.Errorf("a restart printed a token:\n%s", s.stdout)
	}
	if code := s.stop(t); code != exitOK {
		t.Errorf("second serve returned %d, want %d", code, exitOK)
	}
}

var (
	reAnalyst = regexp.MustCompile(`analyst token:\s+(abk_[A-Za-z0-9_-]+)`)
	reLink    = regexp.MustCompile(`/s/abk_[A-Za-z0-9_-]+`)
	reAdmin   = regexp.MustCompile(`administrator token[^:]*:\s+(abk_[A-Za-z0-9_-]+)`)
)

// TestServeDemo checks that --demo seeds an empty database and prints the
// sign-in secrets once, and that a second start says the data exists.
func TestServeDemo(t *testing.T) {
	dir := t.TempDir()
	vars := e2eEnv(t)
	args := []string{"--addr", "127.0.0.1:0", "--data-dir", dir, "--demo", "--demo-associations", "12"}
	s := startServe(t, vars, args...)
	out := s.stdout.String()
	m := reAnalyst.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no analyst token in the output:\n%s", out)
	}
	if got := len(reLink.FindAllString(out, -1)); got != 3 {
		t.Errorf("%d invitation links in the output, want 3:\n%s", got, out)
	}
	if got := len(reAdmin.FindAllString(out, -1)); got != 1 {
		t.Errorf("%d administrator tokens in the output, want 1:\n%s", got, out)
	}
	// the printed secrets work
	var cs struct {
		Campaigns []struct {
			ID string `json:"id"`
		} `json:"campaigns"`
	}
	s.expect(t, http.StatusOK, &cs, "GET", "/api/v1/campaigns", m[1], nil, nil)
	if len(cs.Campaigns) != 2 {
		t.Errorf("the analyst sees %d campaigns, want the demo's 2", len(cs.Campaigns))
	}
	link := reLink.FindString(out)
	s.expect(t, http.StatusOK, nil, "GET", "/api/v1/campaigns", strings.TrimPrefix(link, "/s/"), nil, nil)
	// the demo's public report is on, without a token, with its CSV
	if r := s.expect(t, http.StatusOK, nil, "GET", "/public/2026-midterm/report.csv", "", nil, nil); !strings.HasPrefix(string(r.body), "table,grouping,group,metric,n,") {
		t.Errorf("the demo's report.csv starts %.80q", r.body)
	}
	s.expect(t, http.StatusOK, nil, "GET", "/public/2026-midterm?lang=ar", "", nil, nil)
	var lib struct {
		Practices []json.RawMessage `json:"practices"`
	}
	s.expect(t, http.StatusOK, &lib, "GET", "/api/v1/practices", m[1], nil, nil)
	if len(lib.Practices) == 0 {
		t.Error("the demo's good-practice library is empty")
	}
	if code := s.stop(t); code != exitOK {
		t.Fatalf("serve --demo returned %d, want %d", code, exitOK)
	}

	s = startServe(t, vars, args...)
	out = s.stdout.String()
	if !strings.Contains(out, "already has data") {
		t.Errorf("second start does not say the data exists:\n%s", out)
	}
	if strings.Contains(out, "abk_") {
		t.Errorf("second start printed a token:\n%s", out)
	}
	if code := s.stop(t); code != exitOK {
		t.Errorf("second serve --demo returned %d, want %d", code, exitOK)
	}
}
