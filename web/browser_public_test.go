package web

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/assocbench/assocbench/survey/demo"
)

// TestBrowserPublicReport opens the demo's public report without signing
// in, in the four languages: its charts are drawn by the app's own
// ECharts; printed, it keeps its figures and drops the language links
// and the buttons.
func TestBrowserPublicReport(t *testing.T) {
	requireBrowser(t)
	if testing.Short() {
		t.Skip("browser tests are slow: skipped in -short mode")
	}
	f := newWebFixture(t, 40)
	base := f.srv.URL
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("assocbench-public-%d", time.Now().Unix()))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, base, dir)
	path := "/public/" + demo.Midterm
	for _, lang := range []string{"en", "fr", "es", "ar"} {
		b.do("public report "+lang, chromedp.Navigate(base+path+"?lang="+lang))
		b.pathIs(path)
		ids := eval[[]string](b, `Array.from(document.querySelectorAll('.chart')).map(function (e) { return e.id; })`)
		for _, want := range []string{"chart-part", "chart-scores", "chart-line"} {
			if !slices.Contains(ids, want) {
				t.Errorf("the %s page has no %s (charts %v)", lang, want, ids)
			}
		}
		if len(ids) < 5 {
			t.Errorf("the %s page draws %d charts, want participation, scores, levels or practices, trend", lang, len(ids))
		}
		for _, id := range ids {
			b.chart(id)
		}
		if dir := eval[string](b, `document.documentElement.dir`); (lang == "ar") != (dir == "rtl") {
			t.Errorf("%s page direction %q", lang, dir)
		}
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatalf("pdftotext is missing: apt-get install -y poppler-utils (.ci/run installs it)")
	}
	b.do("public report en", chromedp.Navigate(base+path+"?lang=en"))
	b.pathIs(path)
	b.chart("chart-scores")
	pages := printPDF(t, b, filepath.Join(dir, "public.pdf"))
	text := strings.Join(pages, "\n")
	for _, want := range []string{"Public report: 2026 midterm self-assessment", "Participation", "Maturity levels by region"} {
		if !strings.Contains(strings.Join(strings.Fields(text), " "), want) {
			t.Errorf("the printed report lacks %q", want)
		}
	}
	for _, bad := range []string{"Français", "العربية", "Every figure (CSV)", "Print / Save as PDF"} {
		if strings.Contains(text, bad) {
			t.Errorf("the printed report prints %q", bad)
		}
	}
}
