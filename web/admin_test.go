package web

import (
	"context"
	"encoding/csv"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
)

var reInviteLink = regexp.MustCompile(`/s/(abk_[A-Za-z0-9_-]+)`)

// TestAdminAuthz checks every administrator page and form: associations
// get 404, analysts 403, anonymous visitors the sign-in page, and posts
// without the CSRF token change nothing.
func TestAdminAuthz(t *testing.T) {
	f := newWebFixture(t, 12)
	assoc, analyst, admin, anon := f.client(t), f.client(t), f.client(t), f.client(t)
	f.signIn(t, assoc, webDemoToken, "/survey")
	f.signIn(t, analyst, webAnalystToken, "/dashboard")
	f.signIn(t, admin, webAdminToken, "/dashboard")
	a := "/admin/associations/" + f.demoID
	c := "/admin/campaigns/" + demo.Midterm
	gets := []string{"/admin", "/admin/associations", a, "/admin/campaigns", c, c + "/reminders.csv",
		"/admin/questionnaires", "/admin/associations/template.csv", "/admin/associations/template.xlsx"}
	posts := []string{"/admin/associations", a, a + "/invitations", a + "/invitations/revoke", c + "/invitations", c + "/reopen", c + "/rescore", c, c + "/close",
		"/admin/campaigns", "/admin/questionnaires", "/admin/associations/import", c + "/reminders"}
	for _, p := range gets {
		for _, tc := range []struct {
			who    string
			c      *http.Client
			status int
		}{{"association", assoc, http.StatusNotFound}, {"analyst", analyst, http.StatusForbidden}, {"anonymous", anon, http.StatusSeeOther}} {
			if res := f.do(t, tc.c, "GET", p, nil); res.StatusCode != tc.status {
				t.Errorf("GET %s as %s: %d, want %d", p, tc.who, res.StatusCode, tc.status)
			}
		}
		want := http.StatusOK
		if p == "/admin" {
			want = http.StatusSeeOther
		}
		if res := f.do(t, admin, "GET", p, nil); res.StatusCode != want {
			t.Errorf("GET %s as administrator: %d, want %d", p, res.StatusCode, want)
		}
	}
	before := tokenCount(t, f)
	for _, p := range posts {
		form := url.Values{"name": {"Renamed"}, "association": {f.demoID}, "questionnaire": {"profile"}, "reason": {"x"}}
		for _, tc := range []struct {
			who    string
			c      *http.Client
			status int
		}{{"association", assoc, http.StatusNotFound}, {"analyst", analyst, http.StatusForbidden}} {
			form.Set("csrf", csrfOf(t, f, tc.c))
			if res := f.do(t, tc.c, "POST", p, form); res.StatusCode != tc.status {
				t.Errorf("POST %s as %s: %d, want %d", p, tc.who, res.StatusCode, tc.status)
			}
		}
		form.Del("csrf")
		if res := f.do(t, admin, "POST", p, form); res.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s without the CSRF token: %d, want 403", p, res.StatusCode)
		}
	}
	if got, err := f.svc.GetAssociation(context.Background(), survey.System, f.demoID); err != nil || got.Name == "Renamed" {
		t.Errorf("a refused post renamed the association: %v", err)
	}
	if after := tokenCount(t, f); after != before {
		t.Errorf("refused posts issued %d tokens", after-before)
	}
}

func tokenCount(t *testing.T, f *webFixture) int {
	t.Helper()
	ts, err := f.svc.ListTokens(context.Background(), survey.System, "")
	if err != nil {
		t.Fatal(err)
	}
	return len(ts)
}

// TestAdminJourney registers an association without curl, invites it,
// watches its progress and downloads the reminder list; bad input is a
// 422 naming the field that stores nothing; every change is audited.
func TestAdminJourney(t *testing.T) {
	f := newWebFixture(t, 12)
	ctx := context.Background()
	admin := f.client(t)
	f.signIn(t, admin, webAdminToken, "/dashboard")
	post := func(path string, form url.Values) (*http.Response, string) {
		t.Helper()
		form.Set("csrf", csrfOf(t, f, admin))
		res := f.do(t, admin, "POST", path, form)
		b := new(strings.Builder)
		buf := make([]byte, 32<<10)
		for {
			n, err := res.Body.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		return res, html.UnescapeString(b.String())
	}
	good := url.Values{"id": {"cm-abc"}, "name": {"Association des Bibliothécaires du Cameroun"}, "country": {"cm"}, "type": {"national"},
		"members": {"420"}, "budget_band": {"usd_10k_50k"}, "languages": {"fr, en"}, "time_zone": {"Africa/Douala"}, "language": {"fr"},
		"email": {"contact@abc.example.org"}}
	for _, tc := range []struct{ field, value, want string }{
		{"country", "XX", "country: must be an ISO 3166-1"},
		{"members", "many", "members: must be a whole number"},
		{"email", "Jo <jo@example.org>", "email: must be an e-mail address"},
		{"time_zone", "Mars/Olympus", "time_zone: must be an IANA time zone"},
		{"id", "ABC!", "id: must be 2-63"},
	} {
		form := url.Values{}
		for k, v := range good {
			form[k] = v
		}
		form.Set(tc.field, tc.value)
		res, body := post("/admin/associations", form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) {
			t.Errorf("%s = %q: %d, want 422 saying %q", tc.field, tc.value, res.StatusCode, tc.want)
		}
		if _, err := f.svc.GetAssociation(ctx, survey.System, "cm-abc"); !survey.IsNotFound(err) && tc.field != "id" {
			t.Fatalf("%s = %q stored the association (%v)", tc.field, tc.value, err)
		}
	}
	if res, _ := post("/admin/associations", good); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/associations/cm-abc?saved=1" {
		t.Fatalf("create: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res, body := post("/admin/associations", good); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "id: is taken") {
		t.Errorf("a second create with the same id: %d", res.StatusCode)
	}
	// search and paging
	if code, body := f.get(t, admin, "/admin/associations?q=Cameroun"); code != http.StatusOK || !strings.Contains(body, `href="/admin/associations/cm-abc"`) || !strings.Contains(body, "1 associations; page 1 of 1") {
		t.Errorf("search by name: %d", code)
	}
	if code, _ := f.get(t, admin, "/admin/associations?page=zero"); code != http.StatusUnprocessableEntity {
		t.Errorf("page=zero: %d, want 422", code)
	}
	// edit
	edit := url.Values{}
	for k, v := range good {
		edit[k] = v
	}
	edit.Set("members", "480")
	edit.Set("email", "secretariat@abc.example.org")
	if res, _ := post("/admin/associations/cm-abc", edit); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	a, err := f.svc.GetAssociation(ctx, survey.System, "cm-abc")
	if err != nil || a.Members != 480 || a.Email != "secretariat@abc.example.org" || a.Region != "africa" && a.Region == "" {
		t.Fatalf("after the edit: %+v %v", a, err)
	}
	// invite: the link is shown once and works; revoked, it does not
	res, body := post("/admin/associations/cm-abc/invitations", url.Values{})
	m := reInviteLink.FindStringSubmatch(body)
	if res.StatusCode != http.StatusOK || m == nil || !strings.Contains(body, "data-copy=") {
		t.Fatalf("invite: %d, no link with a copy button", res.StatusCode)
	}
	respondent := f.client(t)
	f.signIn(t, respondent, m[1], "/survey")
	if code, body := f.get(t, admin, "/admin/associations/cm-abc"); code != http.StatusOK || strings.Contains(body, m[1]) {
		t.Errorf("the association page shows the secret again (%d)", code)
	}
	p, err := f.svc.Authenticate(ctx, m[1])
	if err != nil {
		t.Fatal(err)
	}
	if res, _ := post("/admin/associations/cm-abc/invitations/revoke", url.Values{"prefix": {p.Token[:8]}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("revoke by a short prefix: %d, want 422", res.StatusCode)
	}
	if res, _ := post("/admin/associations/"+f.demoID+"/invitations/revoke", url.Values{"prefix": {p.Token}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("revoke through another association: %d, want 422", res.StatusCode)
	}
	if res, _ := post("/admin/associations/cm-abc/invitations/revoke", url.Values{"prefix": {p.Token}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	if _, err := f.svc.Authenticate(ctx, m[1]); err == nil {
		t.Error("a revoked invitation still signs in")
	}
	// progress and reminders
	code, body := f.get(t, admin, "/admin/campaigns/"+demo.Midterm+"?region=africa")
	body = html.UnescapeString(body)
	if code != http.StatusOK || !strings.Contains(body, "Association des Bibliothécaires du Cameroun") {
		t.Fatalf("progress filtered by region: %d, the new association missing", code)
	}
	if mailto := regexp.MustCompile(`href="mailto:secretariat@abc\.example\.org\?[^"]*"`).FindString(body); !strings.Contains(mailto, "subject=Rappel%20%3A%20") || !strings.Contains(mailto, "body=Ch%C3%A8res") {
		t.Errorf("no reminder mailto link in the association's language (French): %s", mailto)
	}
	if code, _ := f.get(t, admin, "/admin/campaigns/"+demo.Midterm+"?region=atlantis"); code != http.StatusUnprocessableEntity {
		t.Errorf("region=atlantis: %d, want 422", code)
	}
	code, body = f.get(t, admin, "/admin/campaigns/"+demo.Midterm+"/reminders.csv")
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if code != http.StatusOK || err != nil || len(rows) < 2 {
		t.Fatalf("reminders.csv: %d %v %d rows", code, err, len(rows))
	}
	found := false
	for _, r := range rows[1:] {
		if r[0] == "cm-abc" {
			found = r[3] == survey.ProgressNotStarted && r[4] == "secretariat@abc.example.org" && r[5] == "fr" && r[6] == "0" && r[7] == "4"
		}
		if r[3] == survey.ProgressSubmitted {
			t.Errorf("reminders list %s, which has submitted everything", r[0])
		}
	}
	if !found {
		t.Errorf("reminders.csv lacks cm-abc as not started with its address:\n%s", body)
	}
	// the printable list for those missing
	res, body = post("/admin/campaigns/"+demo.Midterm+"/invitations", url.Values{"region": {"africa"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "data-print") || len(reInviteLink.FindAllString(body, -1)) == 0 {
		t.Errorf("printable invitations: %d", res.StatusCode)
	}
	// every change is audited
	for _, action := range []string{survey.ActionAssociationCreate, survey.ActionAssociationUpdate, survey.ActionTokenIssue, survey.ActionTokenRevoke} {
		evs, err := f.svc.Audit(ctx, survey.System, survey.AuditFilter{Action: action})
		if err != nil || len(evs) == 0 {
			t.Errorf("no %s audit event (%v)", action, err)
		}
	}
}

// TestAdminReopenRescore reopens a submission with a reason (none: 422,
// nothing changed) and re-scores the campaign from the pages.
func TestAdminReopenRescore(t *testing.T) {
	f := newWebFixture(t, 12)
	ctx := context.Background()
	admin := f.client(t)
	f.signIn(t, admin, webAdminToken, "/dashboard")
	pr, err := f.svc.CampaignProgress(ctx, survey.System, demo.Midterm, "")
	if err != nil {
		t.Fatal(err)
	}
	var target string
	for _, r := range pr.Rows {
		if r.Status["membership"] == survey.StatusSubmitted {
			target = r.Association.ID
			break
		}
	}
	if target == "" {
		t.Fatal("no submitted membership response in the demo")
	}
	if code, body := f.get(t, admin, "/admin/associations/"+target); code != http.StatusOK || !strings.Contains(body, `action="/admin/campaigns/`+demo.Midterm+`/reopen"`) {
		t.Fatalf("the association page has no reopen form (%d)", code)
	}
	ref := survey.ResponseRef{Campaign: demo.Midterm, Association: target, Questionnaire: "membership"}
	form := url.Values{"association": {target}, "questionnaire": {"membership"}, "csrf": {csrfOf(t, f, admin)}}
	if res := f.do(t, admin, "POST", "/admin/campaigns/"+demo.Midterm+"/reopen", form); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("reopen without a reason: %d, want 422", res.StatusCode)
	}
	if r, _ := f.svc.GetResponse(ctx, survey.System, ref); r.Status != survey.StatusSubmitted {
		t.Fatal("a refused reopen changed the response")
	}
	form.Set("reason", "the treasurer sent corrected figures")
	if res := f.do(t, admin, "POST", "/admin/campaigns/"+demo.Midterm+"/reopen", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reopen: %d", res.StatusCode)
	}
	if r, _ := f.svc.GetResponse(ctx, survey.System, ref); r.Status != survey.StatusDraft {
		t.Errorf("after reopen the response is %s", r.Status)
	}
	evs, err := f.svc.Audit(ctx, survey.System, survey.AuditFilter{Action: survey.ActionReopen, Target: ref.ID()})
	if err != nil || len(evs) != 1 || evs[0].Detail != "the treasurer sent corrected figures" {
		t.Errorf("reopen audit: %+v %v", evs, err)
	}
	res := f.do(t, admin, "POST", "/admin/campaigns/"+demo.Midterm+"/rescore", url.Values{"csrf": {csrfOf(t, f, admin)}})
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/campaigns/"+demo.Midterm+"?rescored=") {
		t.Fatalf("rescore: %d to %q", res.StatusCode, loc)
	}
	if code, body := f.get(t, admin, res.Header.Get("Location")); code != http.StatusOK || !strings.Contains(body, "Re-scored") {
		t.Errorf("the progress page does not say it re-scored (%d)", code)
	}
}

// TestAdminCampaignFields changes a campaign's title, deadline and k
// from its page (a bad k: 422, nothing changed) and closes it.
func TestAdminCampaignFields(t *testing.T) {
	f := newWebFixture(t, 12)
	ctx := context.Background()
	admin := f.client(t)
	f.signIn(t, admin, webAdminToken, "/dashboard")
	path := "/admin/campaigns/" + demo.Midterm
	if code, body := f.get(t, admin, path); code != http.StatusOK || !strings.Contains(body, `value="2027-01-31"`) || !strings.Contains(body, "checked") {
		t.Fatalf("the campaign form does not show the deadline 2027-01-31 anywhere on earth (%d)", code)
	}
	form := url.Values{"title": {"2026 midterm"}, "deadline_date": {"2027-02-28"}, "anywhere_on_earth": {"yes"}, "k": {"1"}, "csrf": {csrfOf(t, f, admin)}}
	if res := f.do(t, admin, "POST", path, form); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("k = 1: %d, want 422", res.StatusCode)
	}
	if cp, _ := f.svc.GetCampaign(ctx, survey.System, demo.Midterm); cp.K != 5 || cp.Title["en"] != "2026 midterm self-assessment" {
		t.Fatalf("a refused change changed the campaign: %+v", cp)
	}
	form.Set("k", "6")
	if res := f.do(t, admin, "POST", path, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d", res.StatusCode)
	}
	cp, err := f.svc.GetCampaign(ctx, survey.System, demo.Midterm)
	if err != nil || cp.K != 6 || cp.Title["en"] != "2026 midterm" || cp.Title["fr"] == "" || !cp.Closes.Equal(survey.AoEDeadline(2027, time.February, 28)) {
		t.Errorf("after the change: %+v %v", cp, err)
	}
	// the public report's switch and key practices
	form.Set("public_report", "yes")
	form.Set("key_practices", "membership/recruitment_strategy\r\nnot-a-practice\r\n")
	if res := f.do(t, admin, "POST", path, form); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a bad key practice: %d, want 422", res.StatusCode)
	}
	form.Set("key_practices", "membership/recruitment_strategy\r\n communications/comms_strategy \r\n")
	if res := f.do(t, admin, "POST", path, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("public report on: %d", res.StatusCode)
	}
	if cp, _ := f.svc.GetCampaign(ctx, survey.System, demo.Midterm); !cp.PublicReport || !slices.Equal(cp.KeyPractices, []string{"membership/recruitment_strategy", "communications/comms_strategy"}) {
		t.Errorf("public report %v, key practices %q", cp.PublicReport, cp.KeyPractices)
	}
	if code, body := f.get(t, admin, path); code != http.StatusOK || !strings.Contains(body, `name="public_report" value="yes" checked`) || !strings.Contains(body, `href="/public/`+demo.Midterm+`"`) {
		t.Errorf("the campaign page does not show the public report switched on (%d)", code)
	}
	if res := f.do(t, admin, "POST", path+"/close", url.Values{"csrf": {csrfOf(t, f, admin)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d", res.StatusCode)
	}
	if cp, _ := f.svc.GetCampaign(ctx, survey.System, demo.Midterm); cp.ClosedAt == nil {
		t.Error("the campaign is not closed")
	}
}

func TestCSVCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"}, {"+1", "'+1"}, {"-1", "'-1"}, {"@SUM(A1)", "'@SUM(A1)"},
		{"Chile Library Association", "Chile Library Association"}, {"", ""},
	} {
		if got := cell(tc.in); got != tc.want {
			t.Errorf("cell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
