package web

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
)

// TestBrowserPrintScorecard prints a scorecard to PDF with chromium's
// own printing (Page.printToPDF, what --print-to-pdf and "Save as PDF"
// use), reads its text back with pdftotext and renders its pages with
// pdftoppm (poppler-utils): no navigation, language links or buttons;
// the association, campaign and date on every page; each area on a page
// of its own.
func TestBrowserPrintScorecard(t *testing.T) {
	if findBrowser() == "" {
		t.Skip("no chromium, chromium-browser or google-chrome on PATH: browser tests skipped (apt-get install -y chromium; .ci/run installs it)")
	}
	if testing.Short() {
		t.Skip("browser tests are slow: skipped in -short mode")
	}
	for _, tool := range []string{"pdftotext", "pdftoppm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: apt-get install -y poppler-utils (.ci/run installs it)", tool)
		}
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("assocbench-print-%d", time.Now().Unix()))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("PDF and page images in %s", dir)
	f := newWebFixture(t, 12)
	ctx := context.Background()
	pr, err := f.svc.CampaignProgress(ctx, survey.System, demo.Midterm, "")
	if err != nil {
		t.Fatal(err)
	}
	var a *survey.Association
	for _, r := range pr.Rows {
		if r.State == survey.ProgressSubmitted {
			a = r.Association
			break
		}
	}
	if a == nil {
		t.Fatal("no association of the demo has submitted everything")
	}
	const tok = "abk_web-test-print-association-0123456789"
	if _, err := f.svc.EnsureToken(ctx, tok, survey.RoleAssociation, a.ID, "print test"); err != nil {
		t.Fatal(err)
	}
	base := f.srv.URL
	b := newBrowser(t, base, dir)
	b.do("sign in", chromedp.Navigate(base+"/s/"+tok))
	b.pathIs("/survey")
	b.do("scorecard", chromedp.Navigate(base+"/scorecard/"+demo.Midterm+"?lang=en"))
	b.pathIs("/scorecard/" + demo.Midterm)
	b.chart("chart-bar")
	pages := printPDF(t, b, filepath.Join(dir, "scorecard.pdf"))
	if len(pages) < 4 {
		t.Errorf("the scorecard prints on %d pages, want the summary and each of the three areas on its own", len(pages))
	}
	head := a.Name + " — 2026 midterm self-assessment"
	for i, p := range pages {
		if !strings.Contains(strings.Join(strings.Fields(p), " "), strings.Join(strings.Fields(head), " ")) {
			t.Errorf("page %d lacks the heading %q:\n%s", i+1, head, p)
		}
		for _, bad := range []string{"Sign out", "Français", "العربية", "Download the scorecard workbook", "Skip to content"} {
			if strings.Contains(p, bad) {
				t.Errorf("page %d prints %q", i+1, bad)
			}
		}
	}

	// the working group's dashboard prints without its forms either
	d := newBrowser(t, base, dir)
	d.do("sign in", chromedp.Navigate(base+"/login"), chromedp.SendKeys(chromedp.ID("token"), webAnalystToken+"\r"))
	d.pathIs("/dashboard")
	d.chart("chart-box")
	for i, p := range printPDF(t, d, filepath.Join(dir, "dashboard.pdf")) {
		if !strings.Contains(p, "2026 midterm self-assessment") {
			t.Errorf("dashboard page %d lacks the campaign", i+1)
		}
		for _, bad := range []string{"Sign out", "Français", "Download the session pack"} {
			if strings.Contains(p, bad) {
				t.Errorf("dashboard page %d prints %q", i+1, bad)
			}
		}
	}
}

// printPDF prints the page to file as A4 and returns the text of each
// printed page (pdftotext); pdftoppm renders them next to it.
func printPDF(t *testing.T, b *browser, file string) []string {
	t.Helper()
	res, err := chromedp.Call(b.ctx, cdppage.PrintToPDF, cdppage.PrintToPDFParams{PreferCSSPageSize: new(true), PaperWidth: 8.27, PaperHeight: 11.69})
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	if err := os.WriteFile(file, res.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(strings.TrimRight(string(out), "\f\n "), "\f")
	stem := strings.TrimSuffix(file, ".pdf")
	if err := exec.Command("pdftoppm", "-r", "40", "-png", file, stem).Run(); err != nil {
		t.Fatalf("pdftoppm: %v", err)
	}
	imgs, _ := filepath.Glob(stem + "-*.png")
	if len(imgs) != len(pages) {
		t.Errorf("pdftoppm rendered %d pages of %s, pdftotext read %d", len(imgs), file, len(pages))
	}
	return pages
}
