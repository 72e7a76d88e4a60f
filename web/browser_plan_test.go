package web

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
)

// webPlanToken signs in the association whose plan the browser edits.
const webPlanToken = "abk_web-test-plan-association-0123456789"

// planAssociation returns a demo association with a baseline plan and no
// midterm plan yet (its midterm plan is the carry-over), with a token.
func planAssociation(t *testing.T, f *webFixture) (string, *survey.PlanView) {
	t.Helper()
	ctx := context.Background()
	as, err := f.svc.ListAssociations(ctx, survey.System, survey.AssociationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		p := survey.Principal{Role: survey.RoleAssociation, Association: a.ID}
		base, err := f.svc.GetPlan(ctx, p, demo.Baseline, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		mid, err := f.svc.GetPlan(ctx, p, demo.Midterm, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if base.Plan.Revision > 0 && mid.Plan.Revision == 0 && len(mid.Plan.Items) > 0 && mid.FollowUp != nil {
			if _, err := f.svc.EnsureToken(ctx, webPlanToken, survey.RoleAssociation, a.ID, "web plan test"); err != nil {
				t.Fatal(err)
			}
			return a.ID, mid
		}
	}
	t.Fatal("no demo association has a baseline plan to carry over")
	return "", nil
}

// TestBrowserPlan writes an action plan in the browser: from the midterm
// scorecard to the plan page, which shows the follow-up of the baseline
// plan and the carried-over items; an edit in French is saved, a target
// that is not a number is refused on its row with nothing stored; then
// Spanish and Arabic (right to left), with axe-core.
func TestBrowserPlan(t *testing.T) {
	if findBrowser() == "" {
		t.Skip("no chromium, chromium-browser or google-chrome on PATH: browser tests skipped (apt-get install -y chromium; .ci/run installs it)")
	}
	if testing.Short() {
		t.Skip("browser tests are slow: skipped in -short mode")
	}
	shots := filepath.Join(os.TempDir(), fmt.Sprintf("assocbench-plan-screenshots-%d", time.Now().Unix()))
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	axeSrc := readAxe(t)
	f := newWebFixture(t, 24)
	assoc, before := planAssociation(t, f)
	base := f.srv.URL
	page := "/scorecard/" + demo.Midterm + "/plan"

	b := newBrowser(t, base, shots)
	b.do("open the invitation", chromedp.Navigate(base+"/s/"+webPlanToken))
	b.pathIs("/survey")
	b.do("the midterm scorecard", chromedp.Navigate(base+"/scorecard/"+demo.Midterm+"?lang=fr"))
	if n := eval[int](b, `document.querySelectorAll('#plan-summary #plan-followup-share').length`); n != 1 {
		t.Error("the scorecard shows no follow-up of the baseline plan")
	}
	b.do("open the plan", chromedp.Click(chromedp.ID("plan-link")))
	b.pathIs(page)
	if got, want := eval[string](b, `document.getElementById('plan-save').textContent`), i18n.T("fr", "plan.save"); got != want {
		t.Errorf("save button %q, want %q", got, want)
	}
	if n := eval[int](b, `document.querySelectorAll('#followup tbody tr').length`); n < len(before.FollowUp.Planned) {
		t.Errorf("the follow-up shows %d rows, want at least %d", n, len(before.FollowUp.Planned))
	}
	if n := eval[int](b, `document.querySelectorAll('#plan-form .plan-row .badge').length`); n != len(before.Plan.Items) {
		t.Errorf("%d rows marked carried over, want %d", n, len(before.Plan.Items))
	}
	b.axe("plan (fr)", axeSrc)
	b.clean("plan")

	// edit the first row and save
	b.do("edit the first item", chromedp.SetValue(chromedp.ID("action-0"), "Appeler chaque membre qui n'a pas renouvelé"),
		chromedp.SetValue(chromedp.ID("owner-0"), "Secrétaire générale"), chromedp.SetValue(chromedp.ID("status-0"), "done"),
		chromedp.SetValue(chromedp.ID("target-0"), "90"), chromedp.Click(chromedp.ID("plan-save")))
	b.waitFor("the saved notice", `location.search.indexOf('saved=1') >= 0 && document.readyState === 'complete' && !!document.getElementById('plan-saved')`)
	b.shot("01-plan-saved-fr")
	b.clean("save")
	ctx := context.Background()
	p := survey.Principal{Role: survey.RoleAssociation, Association: assoc}
	saved, err := f.svc.GetPlan(ctx, p, demo.Midterm, assoc)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Plan.Revision != 1 || saved.Plan.Items[0].Status != survey.PlanDone || saved.Plan.Items[0].Target != 90 ||
		saved.Plan.Items[0].Owner != "Secrétaire générale" || len(saved.Plan.Items[0].History) == 0 {
		t.Errorf("saved plan = %+v", saved.Plan.Items[0])
	}

	// a target that is not a number: refused on its row, nothing stored
	b.do("a bad target", chromedp.SetValue(chromedp.ID("target-0"), "beaucoup"), chromedp.Click(chromedp.ID("plan-save")))
	b.waitFor("the refused form", `document.readyState === 'complete' && !!document.querySelector('#row-0 .field-error')`)
	b.expected("status of 422") // the refused form is a 422 page
	b.clean("refused")
	again, err := f.svc.GetPlan(ctx, p, demo.Midterm, assoc)
	if err != nil || again.Plan.Revision != 1 {
		t.Errorf("after a refused save: %+v, %v; want revision 1", again, err)
	}

	// offline: the scorecard workbook's plan sheet, edited and imported in the page
	sheet := planWorkbook(t, f, shots, func(x *excelize.File, sh string) {
		if err := x.SetCellStr(sh, "D4", "Appeler les membres, puis leur écrire"); err != nil {
			t.Fatal(err)
		}
	})
	b.do("import the plan sheet", chromedp.Navigate(base+page+"?lang=fr"), chromedp.SetUploadFiles(`#workbook`, []string{sheet}),
		chromedp.Submit(chromedp.CSS(`#plan-upload`)))
	b.waitFor("the saved notice", `location.search.indexOf('saved=1') >= 0 && document.readyState === 'complete' && !!document.getElementById('plan-saved')`)
	b.clean("import")
	if v, err := f.svc.GetPlan(ctx, p, demo.Midterm, assoc); err != nil || v.Plan.Revision != 2 || v.Plan.Items[0].Action != "Appeler les membres, puis leur écrire" {
		t.Errorf("after the import: %+v, %v; want revision 2 with the new action", v, err)
	}
	bad := planWorkbook(t, f, shots, func(x *excelize.File, sh string) {
		if err := x.SetCellStr(sh, "H4", "beaucoup"); err != nil {
			t.Fatal(err)
		}
	})
	b.do("import a bad sheet", chromedp.Navigate(base+page+"?lang=fr"), chromedp.SetUploadFiles(`#workbook`, []string{bad}),
		chromedp.Submit(chromedp.CSS(`#plan-upload`)))
	b.waitFor("the problems", `document.readyState === 'complete' && !!document.getElementById('plan-errors')`)
	if got := eval[string](b, `document.getElementById('plan-errors').textContent`); !strings.Contains(got, "!H4") {
		t.Errorf("the problems %q do not name the cell H4", got)
	}
	b.expected("status of 422")
	b.clean("bad import")

	for _, l := range []string{"es", "ar"} {
		b.do("plan in "+l, chromedp.Navigate(base+page+"?lang="+l))
		b.pathIs(page)
		if got, want := eval[string](b, `document.getElementById('h-plan').textContent`), i18n.T(l, "plan.edit"); got != want {
			t.Errorf("%s: heading %q, want %q", l, got, want)
		}
		if l == "ar" {
			if got := eval[string](b, `document.documentElement.dir`); got != "rtl" {
				t.Errorf("Arabic plan dir = %q, want rtl", got)
			}
			b.shot("02-plan-ar")
			b.axe("plan (ar)", axeSrc)
		}
		b.clean("plan " + l)
	}

	// the working group: the plan table on the dashboard, no single plan
	s := newBrowser(t, base, shots)
	s.do("sign in", chromedp.Navigate(base+"/login"), chromedp.SendKeys(chromedp.ID("token"), webAnalystToken+"\r"))
	s.pathIs("/dashboard")
	s.do("dashboard", chromedp.Navigate(base+"/dashboard?campaign="+demo.Midterm))
	if n := eval[int](s, `document.querySelectorAll('#dash-plans tbody tr').length`); n == 0 {
		t.Error("the dashboard shows no plan table")
	}
	s.shot("03-dashboard-plans")
	s.axe("dashboard with plans", axeSrc)
	s.clean("dashboard")
	a := f.client(t)
	f.signIn(t, a, webAnalystToken, "/dashboard")
	if code, _ := f.get(t, a, page); code != http.StatusNotFound {
		t.Errorf("an analyst opening an association's plan page: %d, want 404", code)
	}
	// an upload without the form's CSRF token is refused
	own := f.client(t)
	f.signIn(t, own, webPlanToken, "/survey")
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("workbook", "plan.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest("POST", base+page+"/workbook", &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := own.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("an upload without the CSRF token: %d, want 403", res.StatusCode)
	}
}

// expected forgets the problems seen so far that contain what (the
// browser logs a page answered with an error status).
func (b *browser) expected(what string) {
	time.Sleep(100 * time.Millisecond)
	b.mu.Lock()
	defer b.mu.Unlock()
	kept := b.problems[:0]
	for _, p := range b.problems {
		if !strings.Contains(p, what) {
			kept = append(kept, p)
		}
	}
	b.problems = kept
}

// planWorkbook downloads the plan association's scorecard workbook in
// French, lets edit change its plan sheet and writes it to a file in dir.
func planWorkbook(t *testing.T, f *webFixture, dir string, edit func(*excelize.File, string)) string {
	t.Helper()
	req, err := http.NewRequest("GET", f.srv.URL+"/api/v1/campaigns/"+demo.Midterm+"/exports/scorecard/"+planAssoc(t, f)+"?lang=fr", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+webPlanToken)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("scorecard workbook: %d", res.StatusCode)
	}
	x, err := excelize.OpenReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	edit(x, "Plan d'action")
	name := filepath.Join(dir, fmt.Sprintf("plan-%d.xlsx", time.Now().UnixNano()))
	if err := x.SaveAs(name); err != nil {
		t.Fatal(err)
	}
	return name
}

// planAssoc is the association of webPlanToken.
func planAssoc(t *testing.T, f *webFixture) string {
	t.Helper()
	p, err := f.svc.Authenticate(context.Background(), webPlanToken)
	if err != nil {
		t.Fatal(err)
	}
	return p.Association
}
