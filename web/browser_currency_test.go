package web

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
)

// TestBrowserCurrency types an amount into a currency field: the page
// writes it out with the currency code and the language's thousands
// separators beside the field, and the stored answer is the plain number.
func TestBrowserCurrency(t *testing.T) {
	if findBrowser() == "" {
		t.Skip("no chromium, chromium-browser or google-chrome on PATH: browser tests skipped (apt-get install -y chromium; .ci/run installs it)")
	}
	if testing.Short() {
		t.Skip("browser tests are slow: skipped in -short mode")
	}
	f := newWebFixture(t, 12)
	base := f.srv.URL
	b := newBrowser(t, base, t.TempDir())
	b.do("sign in", chromedp.Navigate(base+"/s/"+webNewToken))
	b.pathIs("/survey")
	page := "/survey/" + demo.Midterm + "/financial-sustainability/revenue"
	for _, tc := range []struct{ lang, want string }{{"en", "1,234,567 KES"}, {"fr", "1\u202f234\u202f567 KES"}} {
		b.do("section", chromedp.Navigate(base+page+"?lang="+tc.lang))
		b.pathIs(page)
		b.do("empty the fields", chromedp.Evaluate[chromedp.Void](`['i-reporting_currency', 'i-revenue_total'].forEach(function (id) { document.getElementById(id).value = ''; })`))
		b.do("currency", chromedp.SendKeys(chromedp.ID("i-reporting_currency"), "kes"))
		b.do("amount", chromedp.SendKeys(chromedp.ID("i-revenue_total"), "1234567"))
		b.waitFor("the amount written out", `document.getElementById('f-revenue_total').textContent === `+jsString(tc.want))
		if got := eval[string](b, `document.getElementById('i-revenue_total').value`); got != "1234567" {
			t.Errorf("%s: the field holds %q, want the plain number", tc.lang, got)
		}
		b.waitFor("autosave", `document.getElementById('save-status').classList.contains('ok') || document.getElementById('save-status').classList.contains('warn')`)
	}
	r, err := f.svc.GetResponse(context.Background(), survey.System, survey.ResponseRef{Campaign: demo.Midterm, Association: newAssociation, Questionnaire: "financial-sustainability"})
	if err != nil {
		t.Fatal(err)
	}
	if v := r.Answers["revenue_total"]; v.Num != 1234567 {
		t.Errorf("stored revenue_total = %v, want 1234567", v.Num)
	}
	b.clean("currency")
}
