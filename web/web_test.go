package web

// Tests of the HTML pages without a browser: cookies and redirects of
// the sign-in, CSRF refusals, the interface catalog, right-to-left pages,
// suppressed cells and page weights. TestMain runs them against a
// MongoDB wire server (mongotest).

import (
	"context"
	"crypto/tls"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/assocbench/assocbench/api"
	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
	"github.com/assocbench/assocbench/survey/mongostore"
	"github.com/assocbench/assocbench/survey/mongostore/mongotest"
)

func TestMain(m *testing.M) { mongotest.Main(m) }

// Tokens of the web fixture.
const (
	webAdminToken   = "abk_web-test-administrator-0123456789"
	webAnalystToken = "abk_web-test-analyst-token-0123456789"
	webNewToken     = "abk_web-test-new-association-0123456789"
	webDemoToken    = "abk_web-test-demo-association-0123456789"
	newAssociation  = "zz-new-association"
)

// webFixture is a server over a database seeded with the demo data and
// one association that has not answered anything yet.
type webFixture struct {
	srv     *httptest.Server
	site    *site
	svc     *survey.Service
	demoID  string
	handler http.Handler
}

func newWebFixture(t *testing.T, associations int) *webFixture {
	t.Helper()
	ctx := context.Background()
	uri, db := mongotest.NewDatabase(t)
	st, err := mongostore.Open(ctx, mongostore.Config{URI: uri, Database: db})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = st.Close(context.Background()) })
	if _, err := demo.Seed(ctx, st, demo.Options{Associations: associations, Seed: 7}); err != nil {
		t.Fatalf("seed demo data: %v", err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	svc, err := survey.NewService(st, survey.Options{Logger: log})
	if err != nil {
		t.Fatalf("new service: %v", err)
	}
	srv, err := httpx.New(svc, httpx.Options{Logger: log, Registry: prometheus.NewRegistry(),
		RequestsPerSecond: 1e6, Burst: 1 << 20, AuthFailuresPerMinute: 1e6, AuthBurst: 1 << 20})
	if err != nil {
		t.Fatalf("httpx.New: %v", err)
	}
	api.Mount(srv)
	w, err := mount(srv)
	if err != nil {
		t.Fatalf("mount the pages: %v", err)
	}
	if _, err := svc.CreateAssociation(ctx, survey.System, survey.Association{ID: newAssociation, Name: "Bibliothèques Test du Sénégal",
		Country: "SN", Type: "national", Members: 320, BudgetBand: "usd_10k_50k", Languages: []string{"fr", "en"},
		TimeZone: "Africa/Dakar", Language: "fr"}); err != nil {
		t.Fatalf("create association: %v", err)
	}
	as, err := svc.ListAssociations(ctx, survey.System, survey.AssociationFilter{})
	if err != nil || len(as) == 0 {
		t.Fatalf("list associations: %v", err)
	}
	demoID := as[0].ID
	for _, tk := range []struct {
		raw   string
		role  survey.Role
		assoc string
	}{{webAdminToken, survey.RoleAdmin, ""}, {webAnalystToken, survey.RoleAnalyst, ""},
		{webNewToken, survey.RoleAssociation, newAssociation}, {webDemoToken, survey.RoleAssociation, demoID}} {
		if _, err := svc.EnsureToken(ctx, tk.raw, tk.role, tk.assoc, "web test"); err != nil {
			t.Fatalf("ensure token: %v", err)
		}
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return &webFixture{srv: hs, site: w, svc: svc, demoID: demoID, handler: srv.Handler()}
}

// client returns an HTTP client with its own cookie jar that does not
// follow redirects.
func (f *webFixture) client(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// signIn opens an invitation link with c and checks the redirect.
func (f *webFixture) signIn(t *testing.T, c *http.Client, token, want string) {
	t.Helper()
	res := f.do(t, c, "GET", "/s/"+token, nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
		t.Fatalf("GET /s/{token}: %d to %q, want 303 to %q", res.StatusCode, res.Header.Get("Location"), want)
	}
}

func (f *webFixture) do(t *testing.T, c *http.Client, method, path string, form url.Values) *http.Response {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, f.srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}

func (f *webFixture) get(t *testing.T, c *http.Client, path string) (int, string) {
	t.Helper()
	res := f.do(t, c, "GET", path, nil)
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

func cookieNamed(res *http.Response, name string) *http.Cookie {
	for _, ck := range res.Cookies() {
		if ck.Name == name {
			return ck
		}
	}
	return nil
}

func csrfOf(t *testing.T, f *webFixture, c *http.Client) string {
	t.Helper()
	u, _ := url.Parse(f.srv.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == httpx.CookieCSRF {
			return ck.Value
		}
	}
	t.Fatal("no CSRF cookie in the jar")
	return ""
}

func TestWebPages(t *testing.T) {
	f := newWebFixture(t, 12)

	t.Run("invitation sets the session cookies and drops the token from the address", func(t *testing.T) {
		res := f.do(t, f.client(t), "GET", "/s/"+webNewToken, nil)
		if got, want := res.StatusCode, http.StatusSeeOther; got != want {
			t.Fatalf("status %d, want %d", got, want)
		}
		if got, want := res.Header.Get("Location"), "/survey"; got != want {
			t.Errorf("Location %q, want %q", got, want)
		}
		s := cookieNamed(res, httpx.CookieSession)
		if s == nil {
			t.Fatal("no session cookie")
		}
		if !s.HttpOnly || s.SameSite != http.SameSiteStrictMode || s.Path != "/" || s.Secure {
			t.Errorf("session cookie HttpOnly=%v SameSite=%v Path=%q Secure=%v, want true, Strict, /, false (plain HTTP)", s.HttpOnly, s.SameSite, s.Path, s.Secure)
		}
		cs := cookieNamed(res, httpx.CookieCSRF)
		if cs == nil || cs.HttpOnly || cs.SameSite != http.SameSiteStrictMode || len(cs.Value) < 16 {
			t.Errorf("CSRF cookie %+v, want readable by scripts, SameSite=Strict, at least 16 characters", cs)
		}
		if got := res.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("Cache-Control %q, want no-store", got)
		}
	})

	t.Run("a profile pre-filled from the record is not said not started", func(t *testing.T) {
		c := f.client(t)
		f.signIn(t, c, webNewToken, "/survey")
		_, body := f.get(t, c, "/survey")
		items := regexp.MustCompile(`(?s)badge-([a-z_]+)">[^<]*</span>\s*</div>\s*<p class="progress-text"[^>]*>(\d+) of (\d+) required`).FindAllStringSubmatch(body, -1)
		if len(items) == 0 {
			t.Fatalf("no questionnaire with its status and progress on the survey home:\n%s", body)
		}
		full := 0
		for _, m := range items {
			if m[2] == m[3] && m[3] != "0" {
				full++
				if m[1] != "prefilled" {
					t.Errorf("%s of %s required answers given, nothing saved yet: status %s, want prefilled", m[2], m[3], m[1])
				}
			}
		}
		if full != 1 {
			t.Errorf("%d questionnaires with every required answer, want 1 (the profile, pre-filled from the record)", full)
		}
	})

	t.Run("cookies are Secure over TLS", func(t *testing.T) {
		req := httptest.NewRequest("GET", "/s/"+webNewToken, nil)
		req.TLS = &tls.ConnectionState{}
		rec := httptest.NewRecorder()
		f.handler.ServeHTTP(rec, req)
		res := rec.Result()
		for _, name := range []string{httpx.CookieSession, httpx.CookieCSRF} {
			if ck := cookieNamed(res, name); ck == nil || !ck.Secure {
				t.Errorf("cookie %s over TLS: %+v, want Secure", name, ck)
			}
		}
	})

	t.Run("an unknown invitation shows a friendly 401 page", func(t *testing.T) {
		code, body := f.get(t, f.client(t), "/s/abk_not-a-real-token-000000000000000")
		if code != http.StatusUnauthorized {
			t.Errorf("status %d, want 401", code)
		}
		if !strings.Contains(body, "This link does not work") || !strings.Contains(body, "<html") {
			t.Errorf("body is not the friendly page: %.300s", body)
		}
	})

	t.Run("pages redirect to the sign-in page without a session", func(t *testing.T) {
		for _, p := range []string{"/survey", "/dashboard", "/scorecard/2026-midterm", "/survey/2026-midterm/membership/members_base"} {
			res := f.do(t, f.client(t), "GET", p, nil)
			want := "/login?next=" + url.QueryEscape(p)
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
				t.Errorf("GET %s: %d to %q, want 303 to %q", p, res.StatusCode, res.Header.Get("Location"), want)
			}
		}
	})

	t.Run("redirects by role and resume position", func(t *testing.T) {
		c := f.client(t)
		f.signIn(t, c, webNewToken, "/survey")
		for path, want := range map[string]string{
			"/":                               "/survey",
			"/dashboard":                      "/survey",
			"/survey/2026-midterm/membership": "/survey/2026-midterm/membership/members_base",
			"/scorecard":                      "/scorecard/2026-midterm",
		} {
			res := f.do(t, c, "GET", path, nil)
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
				t.Errorf("GET %s: %d to %q, want 303 to %q", path, res.StatusCode, res.Header.Get("Location"), want)
			}
		}
		a := f.client(t)
		f.signIn(t, a, webAnalystToken, "/dashboard")
		if res := f.do(t, a, "GET", "/survey", nil); res.Header.Get("Location") != "/dashboard" {
			t.Errorf("analyst GET /survey: to %q, want /dashboard", res.Header.Get("Location"))
		}
	})

	t.Run("login and logout need the CSRF token", func(t *testing.T) {
		c := f.client(t)
		if code, _ := f.get(t, c, "/login"); code != http.StatusOK {
			t.Fatalf("GET /login: %d", code)
		}
		tok := csrfOf(t, f, c)
		for name, form := range map[string]url.Values{
			"missing": {"token": {webAnalystToken}},
			"wrong":   {"token": {webAnalystToken}, "csrf": {strings.Repeat("0", 32)}},
		} {
			res := f.do(t, c, "POST", "/login", form)
			if res.StatusCode != http.StatusForbidden || cookieNamed(res, httpx.CookieSession) != nil {
				t.Errorf("login with %s csrf: %d, session cookie %v; want 403 and none", name, res.StatusCode, cookieNamed(res, httpx.CookieSession))
			}
		}
		res := f.do(t, c, "POST", "/login", url.Values{"token": {"abk_wrong-token-000000000000000000"}, "csrf": {tok}})
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("login with a wrong token: %d, want 401", res.StatusCode)
		}
		res = f.do(t, c, "POST", "/login", url.Values{"token": {webAnalystToken}, "csrf": {tok}, "next": {"//evil.example/"}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/dashboard" {
			t.Fatalf("login: %d to %q, want 303 to /dashboard (an outside next is ignored)", res.StatusCode, res.Header.Get("Location"))
		}
		if code, _ := f.get(t, c, "/dashboard"); code != http.StatusOK {
			t.Errorf("GET /dashboard after login: %d", code)
		}
		// a cross-site form cannot sign the user out
		if res := f.do(t, c, "POST", "/logout", url.Values{}); res.StatusCode != http.StatusForbidden {
			t.Errorf("logout without csrf: %d, want 403", res.StatusCode)
		}
		if code, _ := f.get(t, c, "/dashboard"); code != http.StatusOK {
			t.Errorf("still signed in after a refused logout: GET /dashboard %d", code)
		}
		res = f.do(t, c, "POST", "/logout", url.Values{"csrf": {csrfOf(t, f, c)}})
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("logout: %d, want 303", res.StatusCode)
		}
		if ck := cookieNamed(res, httpx.CookieSession); ck == nil || ck.MaxAge >= 0 {
			t.Errorf("logout session cookie %+v, want it deleted", ck)
		}
		if res := f.do(t, c, "GET", "/dashboard", nil); res.StatusCode != http.StatusSeeOther {
			t.Errorf("GET /dashboard after logout: %d, want 303 to the sign-in page", res.StatusCode)
		}
	})

	t.Run("cookie-authenticated API writes need the CSRF header", func(t *testing.T) {
		c := f.client(t)
		f.signIn(t, c, webNewToken, "/survey")
		api := "/api/v1/campaigns/2026-midterm/responses/" + newAssociation + "/membership"
		req, _ := http.NewRequest("PUT", f.srv.URL+api, strings.NewReader(`{"answers":{}}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("If-Match", `"0"`)
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("PUT without X-CSRF-Token: %d, want 403", res.StatusCode)
		}
	})

	t.Run("Arabic pages are right to left and the choice is remembered", func(t *testing.T) {
		c := f.client(t)
		f.signIn(t, c, webNewToken, "/survey")
		_, body := f.get(t, c, "/survey?lang=ar")
		if !strings.Contains(body, `<html lang="ar" dir="rtl">`) {
			t.Errorf("GET /survey?lang=ar: no <html lang=\"ar\" dir=\"rtl\">: %.200s", body)
		}
		_, body = f.get(t, c, "/survey/2026-midterm/membership/members_base")
		if !strings.Contains(body, `<html lang="ar" dir="rtl">`) || !strings.Contains(body, "العضوية") {
			t.Errorf("the next page is not in Arabic: %.300s", body)
		}
		_, body = f.get(t, c, "/survey?lang=fr")
		if !strings.Contains(body, `<html lang="fr" dir="ltr">`) || !strings.Contains(body, "Autoévaluation") {
			t.Errorf("GET /survey?lang=fr is not French: %.300s", body)
		}
	})

	t.Run("irrelevant questions are hidden when the page is built", func(t *testing.T) {
		c := f.client(t)
		f.signIn(t, c, webNewToken, "/survey")
		// a question shown only when has_reserves == 'yes', still unanswered: hidden
		q := financialQuestion(t, "has_reserves == 'yes'")
		_, body := f.get(t, c, "/survey/2026-midterm/financial-sustainability/"+q.SectionOf().ID+"?lang=en")
		re := regexp.MustCompile(`<div class="q [^"]*" id="q-` + q.ID + `"[^>]*>`)
		m := re.FindString(body)
		if m == "" {
			t.Fatalf("question %s not on its section page", q.ID)
		}
		if !strings.Contains(m, " hidden") {
			t.Errorf("question %s depends on an unanswered question but is shown: %s", q.ID, m)
		}
	})

	t.Run("suppressed cells say fewer than k responses, never zero", func(t *testing.T) {
		c := f.client(t)
		f.signIn(t, c, webAnalystToken, "/dashboard")
		ctx := context.Background()
		p := survey.Principal{Role: survey.RoleAnalyst, Token: "test"}
		tb, err := f.svc.Benchmarks(ctx, p, demo.Midterm, "membership", []string{"region"})
		if err != nil {
			t.Fatal(err)
		}
		var hidden []int
		for _, g := range tb.Groups {
			if st := g.Stats["area:membership"]; st.Suppressed && st.N > 0 && st.N < tb.K {
				hidden = append(hidden, st.N)
			}
		}
		if len(hidden) == 0 {
			t.Fatal("the small demo has no suppressed region: the test cannot check anything")
		}
		_, body := f.get(t, c, "/dashboard?campaign=2026-midterm&questionnaire=membership&group=region&lang=en")
		for _, n := range hidden {
			want := "fewer than " + strconv.Itoa(tb.K) + " responses (n = " + strconv.Itoa(n) + ")"
			if !strings.Contains(body, want) {
				t.Errorf("dashboard lacks %q", want)
			}
		}
		if strings.Contains(body, `<td colspan="4"><span class="suppressed">0`) {
			t.Error("a suppressed cell shows 0")
		}
	})

	t.Run("the dashboard shows the pilot's run as the service computes it", func(t *testing.T) {
		c := f.client(t)
		f.signIn(t, c, webAnalystToken, "/dashboard")
		run, err := f.svc.MentoringPilot(context.Background(), survey.Principal{Role: survey.RoleAnalyst, Token: "test"}, demo.Midterm)
		if err != nil {
			t.Fatal(err)
		}
		_, body := f.get(t, c, "/dashboard?campaign=2026-midterm&lang=en")
		want := fmt.Sprintf("%d of %d requests served (the greedy matching it replaces served %d)", len(run.Matches), run.Requests, run.Greedy)
		if !strings.Contains(body, `id="pilot-served"`) || !strings.Contains(body, want) {
			t.Errorf("dashboard lacks %q", want)
		}
		for _, a := range run.Areas {
			if line := fmt.Sprintf(": %d of %d</li>", a.Matched, a.Requests); !strings.Contains(body, line) {
				t.Errorf("dashboard lacks the area line %q", line)
			}
		}
	})

	t.Run("an association acts on its own pairs only; the dashboard proposes and lists pairs", func(t *testing.T) {
		ctx := context.Background()
		own := survey.PairID(demo.Midterm, "financial", f.demoID, "zz-mentor")
		other := survey.PairID(demo.Midterm, "financial", "zz-mentee", "zz-mentor")
		for _, pr := range []*survey.Pair{
			{ID: own, Campaign: demo.Midterm, Area: "financial", Mentor: "zz-mentor", Mentee: f.demoID},
			{ID: other, Campaign: demo.Midterm, Area: "financial", Mentor: "zz-mentor", Mentee: "zz-mentee"},
		} {
			pr.State, pr.ProposedAt, pr.Revision = survey.PairProposed, time.Now().UTC(), 1
			if err := f.svc.Store().InsertPair(ctx, pr); err != nil {
				t.Fatal(err)
			}
		}
		c := f.client(t)
		f.signIn(t, c, webDemoToken, "/survey")
		_, body := f.get(t, c, "/survey?lang=en")
		if !strings.Contains(body, `data-pair="`+own+`"`) || strings.Contains(body, other) {
			t.Fatalf("survey page: own pair shown %v, other pair shown %v", strings.Contains(body, own), strings.Contains(body, other))
		}
		tok := csrfOf(t, f, c)
		res := f.do(t, c, "POST", "/survey/"+demo.Midterm+"/pairs/"+other, url.Values{"csrf": {tok}, "action": {"accept"}})
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("accepting another association's pair: %d, want 404", res.StatusCode)
		}
		res = f.do(t, c, "POST", "/survey/"+demo.Midterm+"/pairs/"+own, url.Values{"action": {"accept"}})
		if res.StatusCode == http.StatusSeeOther {
			t.Errorf("a form without the CSRF token was accepted")
		}
		res = f.do(t, c, "POST", "/survey/"+demo.Midterm+"/pairs/"+own, url.Values{"csrf": {tok}, "action": {"accept"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("accepting its own pair: %d, want 303", res.StatusCode)
		}
		if pr, err := f.svc.Store().GetPair(ctx, own); err != nil || pr.MenteeAcceptedAt == nil {
			t.Errorf("own pair after the form: %+v, %v", pr, err)
		}
		if pr, _ := f.svc.Store().GetPair(ctx, other); pr.Revision != 1 {
			t.Errorf("the other pair changed: %+v", pr)
		}
		_, body = f.get(t, c, "/survey?lang=en")
		if !strings.Contains(body, "waiting for the other association") {
			t.Error("the survey page does not say the pair waits for the other side")
		}

		a := f.client(t)
		f.signIn(t, a, webAdminToken, "/dashboard")
		res = f.do(t, a, "POST", "/dashboard/"+demo.Midterm+"/mentoring/propose", url.Values{"csrf": {csrfOf(t, f, a)}})
		if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "proposed=") {
			t.Fatalf("propose from the dashboard: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		_, body = f.get(t, a, res.Header.Get("Location")+"&lang=en")
		if !strings.Contains(body, "pairs proposed") || !strings.Contains(body, `id="pairs"`) || !strings.Contains(body, `id="outcomes"`) && !strings.Contains(body, `id="h-outcomes"`) {
			t.Errorf("dashboard after proposing lacks the result, the pairs table or the outcomes")
		}
	})

	t.Run("every page weighs less than 300 KB apart from ECharts", func(t *testing.T) {
		assoc := f.client(t)
		f.signIn(t, assoc, webDemoToken, "/survey")
		analyst := f.client(t)
		f.signIn(t, analyst, webAnalystToken, "/dashboard")
		pages := map[string]*http.Client{"/survey": assoc, "/scorecard/2026-midterm": assoc, "/dashboard": analyst,
			"/survey/2026-midterm/membership/submit": assoc, "/login": f.client(t)}
		for _, q := range questionnaires.Builtin("membership").Sections {
			pages["/survey/2026-midterm/membership/"+q.ID] = assoc
		}
		for _, q := range questionnaires.Builtin("profile").Sections {
			pages["/survey/2026-midterm/profile/"+q.ID+"?lang=ar"] = assoc
		}
		assetRe := regexp.MustCompile(`(?:src|href)="(/static/[^"?]+)`)
		for path, c := range pages {
			code, body := f.get(t, c, path)
			if code != http.StatusOK {
				t.Errorf("GET %s: %d", path, code)
				continue
			}
			total := len(body)
			for _, m := range assetRe.FindAllStringSubmatch(body, -1) {
				if strings.HasSuffix(m[1], "/echarts.min.js") {
					continue
				}
				req, _ := http.NewRequest("GET", f.srv.URL+m[1], nil)
				req.Header.Set("Accept-Encoding", "gzip")
				res, err := http.DefaultTransport.RoundTrip(req)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					t.Errorf("%s: asset %s: %d", path, m[1], res.StatusCode)
				}
				total += len(b)
			}
			if total > 300<<10 {
				t.Errorf("%s weighs %d bytes with its assets, want < 300 KB", path, total)
			}
			t.Logf("%s: %d bytes", path, total)
		}
	})

	t.Run("static assets are cached, gzipped and never from elsewhere", func(t *testing.T) {
		w := f.site
		u := f.srv.URL + w.assetURL("js/survey.js")
		req, _ := http.NewRequest("GET", u, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("Content-Encoding"); got != "gzip" {
			t.Errorf("Content-Encoding %q, want gzip", got)
		}
		if got := res.Header.Get("Cache-Control"); !strings.Contains(got, "immutable") {
			t.Errorf("Cache-Control %q of a versioned asset, want immutable", got)
		}
		if code, _ := f.get(t, f.client(t), "/static/js/nothing.js"); code != http.StatusNotFound {
			t.Errorf("missing asset: %d, want 404", code)
		}
		for _, name := range []string{"templates", "static"} {
			err := filepath.WalkDir(name, func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() || strings.Contains(p, "vendor") {
					return err
				}
				b, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				if regexp.MustCompile(`(?i)(src|href)=["']?(https?:)?//`).Match(b) {
					t.Errorf("%s loads something from another host", p)
				}
				if regexp.MustCompile(`(?i)<[a-z][^>]*\sstyle=`).Match(b) {
					t.Errorf("%s has an inline style attribute (the CSP forbids it)", p)
				}
				if regexp.MustCompile(`<script>|<script [^>]*>[^<\s]`).Match(b) && !strings.HasSuffix(p, ".js") {
					if regexp.MustCompile(`<script>`).Match(b) {
						t.Errorf("%s has an inline script (the CSP forbids it)", p)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	})
}

// financialQuestion returns the financial questionnaire's question whose
// relevance is expr.
func financialQuestion(t *testing.T, expr string) *questionnaires.Question {
	t.Helper()
	for _, q := range questionnaires.Builtin("financial-sustainability").Questions() {
		if q.Relevant == expr {
			return q
		}
	}
	t.Fatalf("no question with relevant %q", expr)
	return nil
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/survey":            "/survey",
		"/dashboard?group=x": "/dashboard?group=x",
		"":                   "",
		"https://evil.test/": "",
		"//evil.test/":       "",
		"/\\evil.test":       "",
		"/s/abk_token":       "",
		"survey":             "",
		"/\t/evil.test":      "",
		"/\n/evil.test":      "",
		"/%09/evil.test":     "/%09/evil.test", // an escaped tab stays a path segment
		"/./\\evil.test":     "",
		"/x/../..//evil":     "",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRuntimeKeys checks the catalog keys the pages build at run time
// (the i18n tests check the ones written literally).
func TestRuntimeKeys(t *testing.T) {
	var keys []string
	for _, s := range []string{"submitted", "draft", "not_started", "prefilled"} {
		keys = append(keys, "status."+s)
	}
	for _, s := range []survey.CampaignStatus{survey.CampaignOpen, survey.CampaignClosed, survey.CampaignScheduled} {
		keys = append(keys, "campaign."+string(s))
	}
	for _, d := range survey.Dimensions {
		keys = append(keys, "dim."+d)
	}
	for _, s := range survey.SizeBands {
		keys = append(keys, "size."+s)
	}
	for _, s := range survey.BudgetBands {
		keys = append(keys, "budget."+s)
	}
	for _, s := range survey.AssociationTypes {
		keys = append(keys, "type."+s)
	}
	for _, a := range questionnaires.ScoredAreas {
		keys = append(keys, "metric.area."+string(a))
	}
	for _, k := range []string{"notfound", "unauthenticated", "forbidden", "ratelimited", "conflict", "internal", "other"} {
		keys = append(keys, "err."+k+".title", "err."+k+".text")
	}
	for _, k := range []string{"submitted", "closed", "scheduled"} {
		keys = append(keys, "form.ro."+k)
	}
	keys = append(keys, jsMessages...)
	keys = append(keys, "answer.yes", "answer.no")
	for _, key := range keys {
		if !i18n.Has(key) {
			t.Errorf("the catalog lacks %q, which the pages build at run time", key)
		}
	}
}

// TestScorecardPickerPages: an administrator's association picker on the
// scorecard lists one page of the directory at a time, the pages
// together list every association once in id order, and the chosen
// association is listed (selected) whatever the page.
func TestScorecardPickerPages(t *testing.T) {
	f := newWebFixture(t, 12)
	defer func(n int) { pickerPage = n }(pickerPage)
	pickerPage = 5
	c := f.client(t)
	f.signIn(t, c, webAdminToken, "/dashboard")
	all, err := f.svc.ListAssociations(context.Background(), survey.System, survey.AssociationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	option := regexp.MustCompile(`<option value="([^"]+)"( selected)?>`)
	more := regexp.MustCompile(`<a href="\?(after=[^"]+)">`)
	var got []string
	path, pages := "/scorecard/2026-midterm", 0
	for path != "" && pages <= len(all) {
		status, body := f.get(t, c, path)
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d", path, status)
		}
		pages++
		sel := body[strings.Index(body, `id="association"`):]
		sel = sel[:strings.Index(sel, "</select>")]
		for _, m := range option.FindAllStringSubmatch(sel, -1) {
			got = append(got, m[1])
		}
		path = ""
		field := body[strings.Index(body, `id="association"`):]
		if m := more.FindStringSubmatch(field[:strings.Index(field, "</div>")]); m != nil {
			path = "/scorecard/2026-midterm?" + html.UnescapeString(m[1])
		}
	}
	var want []string
	for _, a := range all {
		want = append(want, a.ID)
	}
	if !slices.Equal(got, want) {
		t.Errorf("picker pages list %v, want %v", got, want)
	}
	if wantPages := (len(want) + 4) / 5; pages != wantPages {
		t.Errorf("%d pages, want %d", pages, wantPages)
	}
	last := want[len(want)-1]
	_, body := f.get(t, c, "/scorecard/2026-midterm?association="+last)
	if !strings.Contains(body, `<option value="`+last+`" selected>`) {
		t.Errorf("the chosen association %s (on the last page) is not listed selected on the first page", last)
	}
}
