package web

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
)

// TestReviewAndCheck reads the review page (the answers given, amounts
// with their currency and separators, the confirmation) and the field
// check: every rule's message by question id, nothing stored, the CSRF
// header required, another association's questionnaire not found.
func TestReviewAndCheck(t *testing.T) {
	f := newWebFixture(t, 12)
	ctx := context.Background()
	own, other := f.client(t), f.client(t)
	f.signIn(t, own, webNewToken, "/survey")
	f.signIn(t, other, webDemoToken, "/survey")
	p := survey.Principal{Role: survey.RoleAssociation, Association: newAssociation, Token: "t"}
	ref := survey.ResponseRef{Campaign: demo.Midterm, Association: newAssociation, Questionnaire: "financial-sustainability"}
	if _, err := f.svc.SaveDraft(ctx, p, survey.DraftInput{ResponseRef: ref, Answers: questionnaires.Answers{
		"reporting_currency": questionnaires.Str("kes"), "revenue_total": questionnaires.Num(1234567)}}); err != nil {
		t.Fatal(err)
	}
	base := "/survey/" + demo.Midterm + "/financial-sustainability"
	code, body := f.get(t, own, base+"/submit?lang=fr")
	body = html.UnescapeString(body)
	if code != http.StatusOK {
		t.Fatalf("review page: %d", code)
	}
	for _, want := range []string{"Vos réponses", "1\u202f234\u202f567 KES", `id="confirm-submit"`, `id="submit" class="button primary" disabled`} {
		if !strings.Contains(body, want) {
			t.Errorf("the review page lacks %q", want)
		}
	}
	check := func(c *http.Client, path string, csrf bool, answers map[string]any) (int, map[string]string) {
		t.Helper()
		b, _ := json.Marshal(map[string]any{"answers": answers})
		req, _ := http.NewRequest("POST", f.srv.URL+path, bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		if csrf {
			req.Header.Set("X-CSRF-Token", csrfOf(t, f, c))
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		var out struct {
			Fields map[string]string `json:"fields"`
		}
		_ = json.Unmarshal(raw, &out)
		return res.StatusCode, out.Fields
	}
	mem := "/survey/" + demo.Midterm + "/membership/check"
	bad := map[string]any{"members_now": 500, "members_last_year": 480, "members_renewed": 999, "members_new": -3, "membership_records": "nope"}
	code, fields := check(own, mem, true, bad)
	if code != http.StatusOK {
		t.Fatalf("check: %d", code)
	}
	for id, want := range map[string]string{"members_renewed": "ne peut dépasser", "members_new": "", "membership_records": ""} {
		if m, ok := fields[id]; !ok || !strings.Contains(m, want) {
			t.Errorf("check: %s = %q, want a message with %q (all: %v)", id, m, want, fields)
		}
	}
	if _, ok := fields["members_now"]; ok {
		t.Errorf("check: a right answer has a message: %q", fields["members_now"])
	}
	if code, _ := check(own, mem, false, bad); code != http.StatusForbidden {
		t.Errorf("check without the CSRF header: %d, want 403", code)
	}
	anon := f.client(t)
	f.do(t, anon, "GET", "/login", nil) // a CSRF cookie, no session
	if code, _ := check(anon, mem, true, bad); code == http.StatusOK {
		t.Errorf("a check without a session: %d", code)
	}
	if code, _ := check(other, "/survey/"+demo.Midterm+"/no-such-questionnaire/check", true, bad); code != http.StatusNotFound {
		t.Errorf("a check of an unknown questionnaire: %d, want 404", code)
	}
	r, err := f.svc.GetResponse(ctx, survey.System, survey.ResponseRef{Campaign: demo.Midterm, Association: newAssociation, Questionnaire: "membership"})
	if err == nil && r.Revision != 0 {
		t.Errorf("the check stored answers (revision %d)", r.Revision)
	}
}
