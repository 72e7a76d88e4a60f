package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/assocbench/assocbench/api"
	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
)

// response is the part of a Response the tests look at.
type response struct {
	ID        string            `json:"id"`
	Status    string            `json:"status"`
	Revision  int64             `json:"revision"`
	Answers   map[string]any    `json:"answers"`
	Scores    *survey.Scores    `json:"scores"`
	History   []json.RawMessage `json:"history"`
	Submitted time.Time         `json:"submitted_at"`
}

// TestJourney plays the whole life of a response through the API: an
// administrator registers associations, opens a campaign and invites an
// association; the association saves drafts (with stale and missing
// revisions), submits idempotently and reads its scores; an analyst reads
// benchmarks in which the small groups are suppressed; the administrator
// reopens the response, and the association edits it again.
func TestJourney(t *testing.T) {
	h := newHarness(t, nil)
	const campaign, qn = "2026-journey", "communications"
	a := h.createAssociation(t, "assoc-fr", "FR", 300)
	if got, want := a.Region, "europe"; string(got) != want {
		t.Errorf("region of an association in FR = %q, want %q", got, want)
	}
	h.createAssociation(t, "assoc-ng", "NG", 80)
	h.createCampaign(t, campaign, qn)

	tok := h.issueToken(t, "assoc-fr")
	if !strings.HasPrefix(tok.Token, survey.TokenPrefixRaw) || !strings.HasSuffix(tok.Link, "/s/"+tok.Token) || tok.Role != "association" {
		t.Errorf("issued token = %+v; want an association token and its /s/ link", tok)
	}
	assoc := tok.Token
	path := responsePath(campaign, "assoc-fr", qn)

	// a response never saved: revision 0
	var r response
	got := h.must(t, call{method: "GET", path: path, token: assoc}, http.StatusOK, &r)
	if r.Revision != 0 || r.Status != "draft" || got.header.Get("ETag") != `"0"` {
		t.Errorf("new response: revision %d, status %q, ETag %q; want 0, draft, \"0\"", r.Revision, r.Status, got.header.Get("ETag"))
	}

	// drafts: 0 -> 1 -> 2
	drafts := []map[string]any{
		{"comms_strategy": "informal", "advocacy_strategy": "reactive"},
		{"comms_strategy": "written", "members": 300},
	}
	for i, answers := range drafts {
		ifMatch := strconv.Itoa(i)
		var saved, read response
		got := h.must(t, call{method: "PUT", path: path, token: assoc, header: map[string]string{"If-Match": `"` + ifMatch + `"`},
			body: map[string]any{"answers": answers, "position": "strategy"}}, http.StatusOK, &saved)
		if want := int64(i + 1); saved.Revision != want || got.header.Get("ETag") != `"`+strconv.FormatInt(want, 10)+`"` {
			t.Errorf("draft %d: revision %d, ETag %q; want %d", i, saved.Revision, got.header.Get("ETag"), want)
		}
		h.must(t, call{method: "GET", path: path, token: assoc}, http.StatusOK, &read)
		want := map[string]any{}
		for k, v := range answers {
			if n, ok := v.(int); ok {
				v = float64(n)
			}
			want[k] = v
		}
		if diff := cmp.Diff(want, read.Answers); diff != "" || read.Revision != saved.Revision {
			t.Errorf("draft %d read back at revision %d (saved %d); answers (-want +got):\n%s", i, read.Revision, saved.Revision, diff)
		}
	}

	// a stale revision and a missing one
	for _, tc := range []struct {
		name    string
		header  map[string]string
		want    int
		code    string
		checked check
	}{
		{"stale If-Match", map[string]string{"If-Match": `"1"`}, http.StatusPreconditionFailed, "stale_revision", conforms},
		{"no If-Match", nil, http.StatusPreconditionRequired, "precondition_required", unchecked},
	} {
		got := h.do(t, call{method: "PUT", path: path, token: assoc, header: tc.header, check: tc.checked,
			body: map[string]any{"answers": map[string]any{"comms_strategy": "none"}}})
		if got.status != tc.want || got.errorBody(t).Error.Code != tc.code {
			t.Errorf("%s: %d %s; want %d %s", tc.name, got.status, clip(got.body), tc.want, tc.code)
		}
	}

	// submit twice with one key, then with the key and other answers
	full := h.fullAnswers(t, qn, 1)
	submit := call{method: "POST", path: path + "/submit", token: assoc,
		header: map[string]string{"Idempotency-Key": "journey-submit-0001"}, body: map[string]any{"answers": full}}
	var first, again response
	h.must(t, submit, http.StatusOK, &first)
	h.must(t, submit, http.StatusOK, &again)
	if first.Status != "submitted" || first.Revision != 3 || first.Scores == nil || !first.Scores.Scored {
		t.Errorf("submitted: status %q, revision %d, scores %+v; want submitted, 3, scored", first.Status, first.Revision, first.Scores)
	}
	// The stored submission time has millisecond precision (MongoDB dates);
	// the first answer carries the clock's: compare at the millisecond.
	if diff := cmp.Diff(first, again, cmp.Comparer(sameMillisecond)); diff != "" {
		t.Errorf("second submission with the same key differs from the first (-first +second):\n%s", diff)
	}
	changed := map[string]any{}
	for k, v := range full {
		changed[k] = v
	}
	changed["comms_strategy"] = "none"
	submit.body = map[string]any{"answers": changed}
	if got := h.do(t, submit); got.status != http.StatusConflict || got.errorBody(t).Error.Code != "conflict" {
		t.Errorf("same key, other answers: %d %s; want 409 conflict", got.status, clip(got.body))
	}
	// a submitted response is read-only
	if got := h.do(t, call{method: "PUT", path: path, token: assoc, header: map[string]string{"If-Match": `"3"`},
		body: map[string]any{"answers": map[string]any{}}}); got.status != http.StatusConflict || got.errorBody(t).Error.Code != "closed" {
		t.Errorf("draft save of a submitted response: %d %s; want 409 closed", got.status, clip(got.body))
	}

	// the association reads its scores
	var card struct {
		Areas []struct {
			Questionnaire string  `json:"questionnaire"`
			Status        string  `json:"status"`
			Score         float64 `json:"score"`
		} `json:"areas"`
		Ranks     []scoring.Rank `json:"ranks"`
		Submitted int            `json:"submitted"`
	}
	h.must(t, call{method: "GET", path: "/api/v1/campaigns/" + campaign + "/scores/assoc-fr", token: assoc}, http.StatusOK, &card)
	if len(card.Areas) != 1 || card.Areas[0].Status != "submitted" || card.Areas[0].Score != first.Scores.Score || card.Submitted != 1 {
		t.Errorf("scorecard areas %+v, submitted %d; want one submitted area scoring %v", card.Areas, card.Submitted, first.Scores.Score)
	}
	for _, rk := range card.Ranks {
		if !rk.Suppressed || rk.Percentile != 0 {
			t.Errorf("rank %+v among %d associations: want suppressed without a percentile (k = 5)", rk, rk.N)
		}
	}

	// a second association submits (through an administrator); the
	// analyst's benchmarks show n = 2 and nothing else
	h.must(t, call{method: "POST", path: responsePath(campaign, "assoc-ng", qn) + "/submit", token: adminToken,
		header: map[string]string{"Idempotency-Key": "journey-submit-0002"}, body: map[string]any{"answers": h.fullAnswers(t, qn, 2)}},
		http.StatusOK, nil)
	// nothing about other associations is shown before a release
	h.must(t, call{method: "GET", path: "/api/v1/campaigns/" + campaign + "/benchmarks", token: analystToken}, http.StatusConflict, nil)
	h.must(t, call{method: "POST", path: "/api/v1/campaigns/" + campaign + "/releases", token: adminToken}, http.StatusCreated, nil)
	var table scoring.Table
	h.must(t, call{method: "GET", path: "/api/v1/campaigns/" + campaign + "/benchmarks?questionnaire=" + qn + "&group_by=region", token: analystToken},
		http.StatusOK, &table)
	area := table.All.Stats["area:communications"]
	if want := (scoring.Stats{N: 2, Suppressed: true}); area != want {
		t.Errorf("benchmark of 2 associations = %+v, want %+v", area, want)
	}
	for _, g := range table.Groups {
		for m, st := range g.Stats {
			if !st.Suppressed || st != (scoring.Stats{N: st.N, Suppressed: true}) {
				t.Errorf("group %s metric %s = %+v; want suppressed with n only", g.Key, m, st)
			}
		}
	}
	// an analyst never reads a single response
	if got := h.do(t, call{method: "GET", path: path, token: analystToken}); got.status != http.StatusForbidden {
		t.Errorf("analyst GET of a response: %d, want 403", got.status)
	}

	// the administrator reopens; the history keeps the submission
	var reopened response
	got = h.must(t, call{method: "POST", path: path + "/reopen", token: adminToken, body: map[string]any{"reason": "figures corrected"}},
		http.StatusOK, &reopened)
	if reopened.Status != "draft" || reopened.Revision != 4 || len(reopened.History) != 1 || reopened.Scores != nil ||
		got.header.Get("ETag") != `"4"` {
		t.Errorf("reopened: status %q, revision %d, %d history entries, scores %v; want draft, 4, 1, none",
			reopened.Status, reopened.Revision, len(reopened.History), reopened.Scores)
	}
	var hist struct {
		Revision int64          `json:"revision"`
		Reason   string         `json:"reason"`
		Scores   *survey.Scores `json:"scores"`
		Answers  map[string]any `json:"answers"`
	}
	if len(reopened.History) == 1 {
		if err := json.Unmarshal(reopened.History[0], &hist); err != nil {
			t.Fatal(err)
		}
		if hist.Revision != 3 || hist.Reason != "figures corrected" || hist.Scores == nil || hist.Scores.Score != first.Scores.Score ||
			!cmp.Equal(hist.Answers, first.Answers) {
			t.Errorf("history entry %+v; want revision 3 with its scores and the reason", hist)
		}
	}
	// and the association can edit again
	h.must(t, call{method: "PUT", path: path, token: assoc, header: map[string]string{"If-Match": `"4"`},
		body: map[string]any{"answers": map[string]any{"comms_strategy": "written_reviewed"}}}, http.StatusOK, &r)
	if r.Revision != 5 || r.Status != "draft" {
		t.Errorf("draft after reopening: revision %d status %q; want 5 draft", r.Revision, r.Status)
	}
	// every answer withdrawn: an empty draft reads back as one
	h.must(t, call{method: "PUT", path: path, token: assoc, header: map[string]string{"If-Match": `"5"`},
		body: map[string]any{"answers": map[string]any{"comms_strategy": nil}}}, http.StatusOK, nil)
	var empty response
	h.must(t, call{method: "GET", path: path, token: assoc}, http.StatusOK, &empty)
	if empty.Revision != 6 || len(empty.Answers) != 0 || empty.Answers == nil {
		t.Errorf("empty draft: revision %d, answers %#v; want 6 and {}", empty.Revision, empty.Answers)
	}
}

// TestOperations covers /healthz, /readyz and /metrics.
func TestOperations(t *testing.T) {
	h := newHarness(t, nil)
	for _, tc := range []struct {
		path string
		want string
	}{
		{"/healthz", `"status":"ok"`},
		{"/readyz", `"status":"ready"`},
	} {
		got := h.must(t, call{method: "GET", path: tc.path}, http.StatusOK, nil)
		if !strings.Contains(string(got.body), tc.want) {
			t.Errorf("GET %s = %s, want %s", tc.path, got.body, tc.want)
		}
		if got.header.Get("X-Request-Id") == "" {
			t.Errorf("GET %s: no X-Request-Id", tc.path)
		}
	}

	// a submission shows in the metrics
	h.createAssociation(t, "assoc-metrics", "KE", 120)
	h.createCampaign(t, "2026-metrics", "communications")
	h.must(t, call{method: "POST", path: responsePath("2026-metrics", "assoc-metrics", "communications") + "/submit", token: adminToken,
		header: map[string]string{"Idempotency-Key": "metrics-submit-1"}, body: map[string]any{"answers": h.fullAnswers(t, "communications", 3)}},
		http.StatusOK, nil)
	got := h.must(t, call{method: "GET", path: "/metrics"}, http.StatusOK, nil)
	for _, want := range []string{
		`assocbench_http_requests_total{method="POST",route="/api/v1/campaigns/:c/responses/:association/:questionnaire/submit",status="200"} 1`,
		`assocbench_submissions_total{questionnaire="communications"} 1`,
		`assocbench_http_request_duration_seconds_bucket{method="GET",route="/healthz"`,
	} {
		if !strings.Contains(string(got.body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(string(got.body), adminToken) {
		t.Error("/metrics shows a token")
	}

	// routes that do not exist answer in JSON too
	for _, tc := range []struct {
		method, path string
		want         int
		code         string
	}{
		{"GET", "/api/v1/nothing", http.StatusNotFound, "not_found"},
		{"DELETE", "/api/v1/campaigns", http.StatusMethodNotAllowed, "method_not_allowed"},
	} {
		got := h.do(t, call{method: tc.method, path: tc.path, token: adminToken, check: unrouted})
		if got.status != tc.want || got.errorBody(t).Error.Code != tc.code {
			t.Errorf("%s %s: %d %s, want %d %s", tc.method, tc.path, got.status, clip(got.body), tc.want, tc.code)
		}
	}

	// a client's request id is echoed; a bad one is replaced
	for _, tc := range []struct {
		sent string
		same bool
	}{
		{"client-id-42", true},
		{strings.Repeat("x", 65), false},
		{"two words", false},
	} {
		got := h.must(t, call{method: "GET", path: "/healthz", header: map[string]string{"X-Request-Id": tc.sent}}, http.StatusOK, nil)
		if id := got.header.Get("X-Request-Id"); (id == tc.sent) != tc.same || id == "" {
			t.Errorf("X-Request-Id %q came back as %q; same = %v, want %v", tc.sent, id, id == tc.sent, tc.same)
		}
	}
}

// TestUnexpectedError closes the database under the server: requests then
// fail with a 500 that says nothing but the request id, and /readyz says
// the database is unreachable.
func TestUnexpectedError(t *testing.T) {
	h := newHarness(t, nil)
	h.createCampaign(t, "2026-broken", "communications")
	if err := h.store.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := h.do(t, call{method: "GET", path: "/api/v1/campaigns/2026-broken", token: adminToken,
		header: map[string]string{"X-Request-Id": "req-500-check"}})
	if got.status != http.StatusInternalServerError {
		t.Fatalf("with the database closed: %d %s, want 500", got.status, got.body)
	}
	e := got.errorBody(t).Error
	want := httpx.ErrorDetail{Code: "internal", Message: "internal error; quote request id req-500-check when reporting it", RequestID: "req-500-check"}
	if diff := cmp.Diff(want, e); diff != "" {
		t.Errorf("500 body (-want +got):\n%s", diff)
	}
	if got := h.do(t, call{method: "GET", path: "/readyz"}); got.status != http.StatusServiceUnavailable {
		t.Errorf("/readyz with the database closed: %d, want 503", got.status)
	}
	if got := h.do(t, call{method: "GET", path: "/healthz"}); got.status != http.StatusOK {
		t.Errorf("/healthz with the database closed: %d, want 200", got.status)
	}
}

// TestRateLimits exceeds the per-token limit and the failed-authentication
// limit per client address.
func TestRateLimits(t *testing.T) {
	t.Run("per token", func(t *testing.T) {
		h := newHarness(t, func(o *httpx.Options) { o.RequestsPerSecond, o.Burst = 0.5, 3 })
		var statuses []int
		var last result
		for range 5 {
			last = h.do(t, call{method: "GET", path: "/api/v1/campaigns", token: adminToken})
			statuses = append(statuses, last.status)
		}
		if diff := cmp.Diff([]int{200, 200, 200, 429, 429}, statuses); diff != "" {
			t.Errorf("statuses (-want +got):\n%s", diff)
		}
		if ra, err := strconv.Atoi(last.header.Get("Retry-After")); err != nil || ra < 1 || ra > 3 {
			t.Errorf("Retry-After = %q, want 1 to 3 seconds", last.header.Get("Retry-After"))
		}
		if got := last.errorBody(t).Error.Code; got != "rate_limited" {
			t.Errorf("code %q, want rate_limited", got)
		}
		// another token is not limited
		if got := h.do(t, call{method: "GET", path: "/api/v1/campaigns", token: analystToken}); got.status != http.StatusOK {
			t.Errorf("another token: %d, want 200", got.status)
		}
	})
	t.Run("failed authentication per address", func(t *testing.T) {
		h := newHarness(t, func(o *httpx.Options) { o.AuthFailuresPerMinute, o.AuthBurst = 1, 3 })
		var statuses []int
		var last result
		for i := range 5 {
			last = h.do(t, call{method: "GET", path: "/api/v1/campaigns", token: "abk_guessed-token-number-" + strconv.Itoa(i)})
			statuses = append(statuses, last.status)
		}
		if diff := cmp.Diff([]int{401, 401, 401, 429, 429}, statuses); diff != "" {
			t.Errorf("statuses (-want +got):\n%s", diff)
		}
		if ra, err := strconv.Atoi(last.header.Get("Retry-After")); err != nil || ra < 1 {
			t.Errorf("Retry-After = %q, want at least 1 second", last.header.Get("Retry-After"))
		}
		// a good token from the same address still works: clients behind
		// one proxy are not locked out by another client's failures
		if got := h.do(t, call{method: "GET", path: "/api/v1/campaigns", token: adminToken}); got.status != http.StatusOK {
			t.Errorf("good token from a blocked address: %d, want 200", got.status)
		}
		if got := h.do(t, call{method: "GET", path: "/api/v1/campaigns", token: "abk_guessed-again"}); got.status != http.StatusTooManyRequests {
			t.Errorf("another bad token from the blocked address: %d, want 429", got.status)
		}
	})
}

// Behind a trusted proxy, failed sign-ins are counted per forwarded
// client address; from an untrusted peer the header is ignored.
func TestTrustedProxyAddresses(t *testing.T) {
	for _, tc := range []struct {
		name    string
		proxies []string
		want    []int
	}{
		{"trusted proxy", []string{"127.0.0.1"}, []int{401, 401, 429, 401, 401}},
		{"no trusted proxy", nil, []int{401, 401, 429, 429, 429}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, func(o *httpx.Options) { o.AuthFailuresPerMinute, o.AuthBurst, o.TrustedProxies = 1, 2, tc.proxies })
			var got []int
			for i, client := range []string{"203.0.113.7", "203.0.113.7", "203.0.113.7", "198.51.100.9", "198.51.100.9"} {
				r := h.do(t, call{method: "GET", path: "/api/v1/campaigns", token: "abk_wrong-" + strconv.Itoa(i),
					header: map[string]string{"X-Forwarded-For": client}})
				got = append(got, r.status)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("statuses (-want +got):\n%s", diff)
			}
		})
	}
}

// sameMillisecond compares instants at the precision the database keeps.
func sameMillisecond(a, b time.Time) bool {
	return a.Truncate(time.Millisecond).Equal(b.Truncate(time.Millisecond))
}

// TestResultsConformToSpec reads every kind of result over the demo data
// (two campaigns, enough associations for unsuppressed groups), so that
// the schemas of full answers are validated too.
func TestResultsConformToSpec(t *testing.T) {
	h := newHarness(t, nil)
	if _, err := demo.Seed(context.Background(), h.store, demo.Options{Associations: 30, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	as, err := h.svc.ListAssociations(context.Background(), survey.System, survey.AssociationFilter{})
	if err != nil || len(as) == 0 {
		t.Fatalf("demo associations: %d, %v", len(as), err)
	}
	shares := ""
	for _, a := range as {
		if cs, err := h.svc.GetConsent(context.Background(), survey.System, demo.Midterm, a.ID); err == nil && cs.Share && shares == "" {
			shares = a.ID
		}
	}
	if shares == "" {
		t.Fatal("no demo association shares its scores with the working group")
	}
	c := "/api/v1/campaigns/" + demo.Midterm
	for _, tc := range []struct {
		path  string
		token string
	}{
		{c + "/benchmarks", analystToken},
		{c + "/benchmarks?group_by=region,size", analystToken},
		{c + "/benchmarks?questionnaire=financial-sustainability&group_by=type", analystToken},
		{c + "/prevalence?questionnaire=communications&question=channels_used&group_by=region", analystToken},
		{c + "/prevalence?questionnaire=membership&question=" + firstChoiceQuestion(t, h, "membership") + "&group_by=size,budget", analystToken},
		{c + "/trends", analystToken},
		{c + "/trends?from=" + demo.Baseline + "&group_by=region", analystToken},
		{c + "/mentoring", analystToken},
		{c + "/scores", adminToken},
		{c + "/scores/" + shares, analystToken},
		{c + "/scores/" + as[0].ID, adminToken},
		{c + "/levels?area=membership&group_by=region", analystToken},
		{c + "/releases", analystToken},
		{c + "/consent/" + as[0].ID, adminToken},
		{"/api/v1/associations?campaign=" + demo.Midterm, analystToken},
		{c + "/responses/" + as[0].ID, adminToken},
		{"/api/v1/campaigns", analystToken},
		{"/api/v1/associations?region=europe", analystToken},
		{"/api/v1/questionnaires", analystToken},
		{"/api/v1/questionnaires/profile", analystToken},
		{"/api/v1/questionnaires/financial-sustainability?version=2026.1", analystToken},
	} {
		h.must(t, call{method: "GET", path: tc.path, token: tc.token}, http.StatusOK, nil)
	}
	var card struct {
		Ranks []scoring.Rank `json:"ranks"`
	}
	own := h.issueToken(t, as[0].ID).Token
	h.must(t, call{method: "GET", path: c + "/scores/" + as[0].ID, token: own}, http.StatusOK, &card)
	shown := 0
	for _, rk := range card.Ranks {
		if !rk.Suppressed {
			shown++
		}
		if rk.N < 5 && !rk.Suppressed {
			t.Errorf("rank %+v in a group of %d (k = 5) is shown", rk, rk.N)
		}
	}
	if shown == 0 {
		t.Errorf("no rank shown among 30 associations: %+v", card.Ranks)
	}
}

// firstChoiceQuestion returns the id of a questionnaire's first single_choice question.
func firstChoiceQuestion(t *testing.T, h *harness, id string) string {
	t.Helper()
	q, err := h.svc.Questionnaire(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, qu := range q.Questions() {
		if qu.Type == questionnaires.TypeSingleChoice && qu.ChoicesFrom == "" {
			return qu.ID
		}
	}
	t.Fatalf("%s has no single_choice question", id)
	return ""
}

// TestQuestionnaireUpload uploads definitions as YAML and JSON: a new one
// is stored, the same version again is a 409, a broken one a 422 naming
// the line and path of each problem.
func TestQuestionnaireUpload(t *testing.T) {
	h := newHarness(t, nil)
	upload := func(ct string, body string) result {
		return h.do(t, call{method: "POST", path: "/api/v1/questionnaires", token: adminToken, contentType: ct, body: body})
	}
	got := upload("application/yaml", minimalYAML)
	if got.status != http.StatusCreated || got.header.Get("Location") != "/api/v1/questionnaires/matrix-q?version=1" {
		t.Fatalf("upload: %d %s, Location %q", got.status, got.body, got.header.Get("Location"))
	}
	if got := upload("text/yaml", minimalYAML); got.status != http.StatusConflict {
		t.Errorf("same version again: %d, want 409", got.status)
	}
	var def map[string]any
	h.must(t, call{method: "GET", path: "/api/v1/questionnaires/matrix-q", token: analystToken}, http.StatusOK, &def)
	def["version"] = "2"
	b, err := json.Marshal(def)
	if err != nil {
		t.Fatal(err)
	}
	if got := upload("application/json", string(b)); got.status != http.StatusCreated {
		t.Errorf("the JSON form of a definition as version 2: %d %s, want 201", got.status, got.body)
	}
	var q struct {
		Version string `json:"version"`
	}
	h.must(t, call{method: "GET", path: "/api/v1/questionnaires/matrix-q", token: analystToken}, http.StatusOK, &q)
	if q.Version != "2" {
		t.Errorf("latest version %q, want 2", q.Version)
	}
	broken := strings.Replace(minimalYAML, "type: yes_no", "type: yes_maybe", 1)
	got = upload("application/yaml", broken)
	if got.status != http.StatusUnprocessableEntity {
		t.Fatalf("broken definition: %d %s, want 422", got.status, got.body)
	}
	fields := got.errorBody(t).Error.Fields
	if _, ok := fields["11: sections[0].questions[0].type"]; !ok {
		t.Errorf("fields %v do not name line 11, sections[0].questions[0].type", fields)
	}
}

// TestSessionCookie uses the API with the web pages' session cookie: reads
// need nothing more; changes need the CSRF token of the double submit.
func TestSessionCookie(t *testing.T) {
	h := newHarness(t, nil)
	h.createAssociation(t, "assoc-ck", "AR", 90)
	h.createCampaign(t, "2026-cookie", "communications")
	tok := h.issueToken(t, "assoc-ck").Token
	const csrf = "csrf-0123456789abcdef"
	path := responsePath("2026-cookie", "assoc-ck", "communications")
	draft := map[string]any{"answers": map[string]any{"comms_strategy": "informal"}}
	for _, tc := range []struct {
		name   string
		method string
		header map[string]string
		body   any
		want   int
	}{
		{"read with the cookie", "GET", map[string]string{"Cookie": "assocbench_session=" + tok}, nil, http.StatusOK},
		{"change without a CSRF token", "PUT", map[string]string{"Cookie": "assocbench_session=" + tok, "If-Match": `"0"`}, draft,
			http.StatusForbidden},
		{"change with a CSRF header but no cookie", "PUT", map[string]string{"Cookie": "assocbench_session=" + tok, "If-Match": `"0"`,
			"X-CSRF-Token": csrf}, draft, http.StatusForbidden},
		{"change with another CSRF token", "PUT", map[string]string{"Cookie": "assocbench_session=" + tok + "; assocbench_csrf=" + csrf,
			"If-Match": `"0"`, "X-CSRF-Token": csrf + "x"}, draft, http.StatusForbidden},
		{"change with the CSRF token", "PUT", map[string]string{"Cookie": "assocbench_session=" + tok + "; assocbench_csrf=" + csrf,
			"If-Match": `"0"`, "X-CSRF-Token": csrf}, draft, http.StatusOK},
		{"unknown session", "GET", map[string]string{"Cookie": "assocbench_session=abk_not-a-token-at-all-0000"}, nil, http.StatusUnauthorized},
		{"a bearer token needs no CSRF token", "PUT", map[string]string{"Authorization": "Bearer " + tok, "If-Match": `"1"`}, draft, http.StatusOK},
		{"malformed Authorization", "GET", map[string]string{"Authorization": "Basic " + tok}, nil, http.StatusUnauthorized},
	} {
		got := h.do(t, call{method: tc.method, path: path, header: tc.header, body: tc.body})
		if got.status != tc.want {
			t.Errorf("%s: %d %s, want %d", tc.name, got.status, clip(got.body), tc.want)
		}
	}
}

// Bodies are capped even on routes that read none, and form posts are
// read only up to a small limit; method labels of metrics stay bounded.
func TestBodyCapsAndMetricLabels(t *testing.T) {
	h := newHarness(t, nil)
	big := strings.NewReader(strings.Repeat("x", httpx.MaxUploadBody+1024))
	req, err := http.NewRequest("POST", h.srv.URL+"/login", big)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode < 400 || resp.StatusCode >= 500 {
		t.Errorf("an 11 MiB login form: status %d, want a 4xx", resp.StatusCode)
	}
	for i := 0; i < 5; i++ {
		req, _ := http.NewRequest(fmt.Sprintf("M%06d", i), h.srv.URL+"/nowhere", nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}
	resp, err = http.Get(h.srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if strings.Contains(string(b), "M000001") || !strings.Contains(string(b), `method="OTHER"`) {
		t.Error("invented methods appear as metric labels, or are not counted as OTHER")
	}
}

// TestAssociationsPaged walks GET /associations page by page, as an
// administrator and as an analyst, with and without a region, and checks
// that the pages together are the whole list, in id order, each once;
// bad limits and cursors get a 400 naming the parameter.
func TestAssociationsPaged(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	if _, err := demo.Seed(ctx, h.store, demo.Options{Associations: 23, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	type page struct {
		Associations []struct {
			ID     string `json:"id"`
			Region string `json:"region"`
		} `json:"associations"`
		NextCursor string `json:"next_cursor"`
	}
	for _, tc := range []struct {
		name, token, query string
		filter             survey.AssociationFilter
		limit              int
	}{
		{"admin, pages of 4", adminToken, "", survey.AssociationFilter{}, 4},
		{"analyst, pages of 1", analystToken, "", survey.AssociationFilter{}, 1},
		{"analyst, one page", analystToken, "", survey.AssociationFilter{}, 1000},
		{"analyst, europe, pages of 2", analystToken, "region=europe&", survey.AssociationFilter{Region: "europe"}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			all, err := h.svc.ListAssociations(ctx, survey.System, tc.filter)
			if err != nil || len(all) == 0 {
				t.Fatalf("associations: %d, %v", len(all), err)
			}
			var got []string
			cursor, pages := "", 0
			for {
				path := fmt.Sprintf("/api/v1/associations?%slimit=%d", tc.query, tc.limit)
				if cursor != "" {
					path += "&cursor=" + cursor
				}
				var p page
				h.must(t, call{method: "GET", path: path, token: tc.token}, http.StatusOK, &p)
				pages++
				if len(p.Associations) > tc.limit || len(p.Associations) == 0 {
					t.Fatalf("page %d has %d associations, limit %d", pages, len(p.Associations), tc.limit)
				}
				for _, a := range p.Associations {
					got = append(got, a.ID)
				}
				if p.NextCursor == "" {
					break
				}
				cursor = p.NextCursor
			}
			var want []string
			for _, a := range all {
				want = append(want, a.ID)
			}
			if !slices.Equal(got, want) {
				t.Errorf("pages give %v, want %v", got, want)
			}
			if wantPages := (len(want) + tc.limit - 1) / tc.limit; pages != wantPages {
				t.Errorf("%d pages, want %d", pages, wantPages)
			}
		})
	}
	var first page
	h.must(t, call{method: "GET", path: "/api/v1/associations", token: adminToken}, http.StatusOK, &first)
	if len(first.Associations) != 23 || first.NextCursor != "" {
		t.Errorf("default page: %d associations, next %q; want all 23 in one page of %d", len(first.Associations), first.NextCursor, api.DefaultPageSize)
	}
	for _, tc := range []struct{ query, field string }{
		{"limit=0", "limit"},
		{"limit=-3", "limit"},
		{"limit=1001", "limit"},
		{"limit=ten", "limit"},
		{"limit=", "limit"},
		{"limit=1e3", "limit"},
		{"cursor=", "cursor"},
		{"cursor=%24where", "cursor"},
		{"cursor=__8", "cursor"},
	} {
		r := h.do(t, call{method: "GET", path: "/api/v1/associations?" + tc.query, token: adminToken, check: unchecked})
		if r.status != http.StatusBadRequest {
			t.Errorf("?%s: status %d, want 400; body %s", tc.query, r.status, clip(r.body))
			continue
		}
		if e := r.errorBody(t); e.Error.Fields[tc.field] == "" {
			t.Errorf("?%s: error %+v does not name %s", tc.query, e.Error, tc.field)
		}
	}
}
