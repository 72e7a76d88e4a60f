package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
)

// TestRaterPages: who reaches the raters' pages, and a rater token
// reaches nothing else; bad invitations are refused with the field named.
func TestRaterPages(t *testing.T) {
	ctx := context.Background()
	f := newWebFixture(t, 24)
	coord := survey.Principal{Role: survey.RoleAssociation, Association: newAssociation}
	inv, err := f.svc.InviteRater(ctx, coord, demo.Midterm, newAssociation, "Rater One")
	if err != nil {
		t.Fatal(err)
	}
	div := "/raters/" + demo.Midterm + "/financial-sustainability"
	rater := f.client(t)
	f.signIn(t, rater, inv.Token, "/survey")
	for path, want := range map[string]int{
		"/survey": http.StatusOK,
		"/survey/" + demo.Midterm + "/financial-sustainability/revenue": http.StatusOK,
		"/survey/" + demo.Midterm + "/profile/identity":                 http.StatusNotFound,
		div:                                    http.StatusNotFound, // not submitted yet
		"/raters":                              http.StatusNotFound,
		"/scorecard":                           http.StatusNotFound,
		"/scorecard/" + demo.Midterm:           http.StatusNotFound,
		"/dashboard":                           http.StatusNotFound,
		"/agenda":                              http.StatusNotFound,
		"/admin/associations":                  http.StatusNotFound,
		"/scorecard/" + demo.Midterm + "/plan": http.StatusNotFound,
	} {
		if st, _ := f.get(t, rater, path); st != want {
			t.Errorf("rater GET %s: %d, want %d", path, st, want)
		}
	}
	if _, body := f.get(t, rater, "/survey"); !strings.Contains(body, "Bibliothèques Test du Sénégal") || !strings.Contains(body, "Rater One") {
		t.Error("the rater's home does not name its association and the rater")
	}
	// the fill-in page saves to the rater's own response
	if _, body := f.get(t, rater, "/survey/"+demo.Midterm+"/financial-sustainability/revenue"); !strings.Contains(body,
		`/api/v1/campaigns/`+demo.Midterm+`/associations/`+newAssociation+`/raters/r1/responses/financial-sustainability`) {
		t.Error("the rater's form does not save to its own response")
	}

	c := f.client(t)
	f.signIn(t, c, webNewToken, "/survey")
	if st, body := f.get(t, c, "/raters"); st != http.StatusOK || !strings.Contains(body, "Rater One") {
		t.Errorf("coordinator's raters page: %d", st)
	}
	if st, body := f.get(t, c, div); st != http.StatusOK || !strings.Contains(body, `id="too-few"`) {
		t.Errorf("coordinator's divergence with one rater: %d", st)
	}
	submit := "/survey/" + demo.Midterm + "/financial-sustainability/submit"
	if _, body := f.get(t, c, submit); strings.Contains(body, `id="raters-wait"`) {
		t.Error("the submit page waits for raters in a campaign without a minimum")
	}
	if _, err := f.svc.PatchCampaign(ctx, survey.System, demo.Midterm, survey.CampaignPatch{Raters: &survey.RaterRule{Min: 2}}); err != nil {
		t.Fatal(err)
	}
	if _, body := f.get(t, c, submit); !strings.Contains(body, `id="raters-wait"`) {
		t.Error("the submit page does not say the consensus waits for raters")
	}
	csrf := csrfOf(t, f, c)
	res := f.do(t, c, "POST", "/raters/"+demo.Midterm+"/invite", url.Values{"csrf": {csrf}, "name": {"  "}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an empty name: %d, want 422", res.StatusCode)
	}
	if res := f.do(t, c, "POST", "/raters/"+demo.Midterm+"/invite", url.Values{"name": {"No CSRF"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("an invitation without the CSRF token: %d, want 403", res.StatusCode)
	}
	if res := f.do(t, c, "POST", div+"/consensus", url.Values{"csrf": {csrf}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a consensus pre-filled from one rater: %d, want 422", res.StatusCode)
	}
	if panel, _ := f.svc.Raters(ctx, coord, demo.Midterm, newAssociation); len(panel.Raters) != 1 {
		t.Errorf("raters after refused invitations: %d, want 1", len(panel.Raters))
	}
	admin := f.client(t)
	f.signIn(t, admin, webAdminToken, "/dashboard")
	if st, _ := f.get(t, admin, "/raters"); st != http.StatusNotFound {
		t.Errorf("an administrator's raters page without an association: %d, want 404", st)
	}
	if st, body := f.get(t, admin, "/raters?association="+newAssociation); st != http.StatusOK || !strings.Contains(body, "Rater One") {
		t.Errorf("an administrator's raters page of the association: %d", st)
	}
	analyst := f.client(t)
	f.signIn(t, analyst, webAnalystToken, "/dashboard")
	for _, path := range []string{"/raters", div + "?association=" + newAssociation} {
		if st, _ := f.get(t, analyst, path); st == http.StatusOK {
			t.Errorf("analyst GET %s: %d", path, st)
		}
	}
}
