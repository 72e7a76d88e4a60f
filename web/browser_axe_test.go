package web

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/assocbench/assocbench/survey/demo"
)

// TestBrowserAxeEveryPage opens every page of the site, as each role
// sees it, at 1 280 px and on a 360 px phone: axe-core finds no serious
// or critical violation, no page scrolls sideways on the phone, and the
// browser reports no error.
func TestBrowserAxeEveryPage(t *testing.T) {
	if findBrowser() == "" {
		t.Skip("no chromium, chromium-browser or google-chrome on PATH: browser tests skipped (apt-get install -y chromium; .ci/run installs it)")
	}
	if testing.Short() {
		t.Skip("browser tests are slow: skipped in -short mode")
	}
	axeSrc := readAxe(t)
	if axeSrc == "" && os.Getenv("CI") == "" {
		t.Skip("axe-core is missing: run make assets")
	}
	shots := filepath.Join(os.TempDir(), fmt.Sprintf("assocbench-axe-screenshots-%d", time.Now().Unix()))
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", shots)
	f := newWebFixture(t, 12)
	base := f.srv.URL
	m := demo.Midterm
	roles := []struct {
		name, token string
		pages       []string
	}{
		{"anonymous", "", []string{"/login", "/s/abk_not-a-real-invitation-link-0000000"}},
		{"association", webNewToken, []string{"/survey", "/survey/" + m + "/membership/members_base", "/survey/" + m + "/financial-sustainability/revenue",
			"/survey/" + m + "/membership/submit", "/scorecard", "/scorecard/" + m, "/scorecard/" + m + "/plan", "/agenda"}},
		{"analyst", webAnalystToken, []string{"/dashboard", "/scorecard", "/meetings", "/meetings/" + demo.MidtermMeeting}},
		{"administrator", webAdminToken, []string{"/admin/associations", "/admin/associations/" + f.demoID, "/admin/campaigns",
			"/admin/campaigns/" + m, "/admin/questionnaires", "/dashboard?lang=ar"}},
	}
	for _, role := range roles {
		t.Run(role.name, func(t *testing.T) {
			b := newBrowser(t, base, shots)
			if role.token != "" {
				b.do("sign in", chromedp.Navigate(base+"/login"), chromedp.SendKeys(chromedp.ID("token"), role.token+"\r"))
				b.waitFor("signed in", `location.pathname !== '/login' && document.readyState === 'complete'`)
			}
			for _, width := range []int64{1280, 360} {
				if width == 360 {
					b.do("phone", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
				} else {
					b.do("desktop", chromedp.EmulateViewport(1280, 900))
				}
				for i, p := range role.pages {
					b.do("open "+p, chromedp.Navigate(base+p))
					b.waitFor(p+" loaded", `document.readyState === 'complete' && !!document.querySelector('main')`)
					if got := eval[string](b, `location.pathname`); got == "/login" && role.token != "" {
						t.Errorf("%s led to the sign-in page", p)
					}
					if width == 360 {
						if w := eval[int](b, `document.documentElement.scrollWidth`); w > 362 {
							wide := eval[string](b, `Array.from(document.querySelectorAll('main *')).filter(e => e.getBoundingClientRect().right > 362 && !e.closest('.table-wrap')).slice(0, 3).map(e => e.tagName + '.' + e.className).join(', ')`)
							t.Errorf("at 360 px %s is %d px wide: it scrolls sideways (%s)", p, w, wide)
						}
					}
					b.axe(fmt.Sprintf("%s at %d px", p, width), axeSrc)
					b.shot(fmt.Sprintf("%s-%d-%02d", role.name, width, i))
					if strings.HasPrefix(p, "/s/") { // a refused invitation link is a 401, which the browser logs
						b.forget("status of 401")
					}
					b.clean(fmt.Sprintf("%s at %d px", p, width))
				}
			}
		})
	}
}

// forget drops the problems recorded so far that contain s (an error
// status the page means to have).
func (b *browser) forget(s string) {
	time.Sleep(100 * time.Millisecond)
	b.mu.Lock()
	defer b.mu.Unlock()
	kept := b.problems[:0]
	for _, p := range b.problems {
		if !strings.Contains(p, s) {
			kept = append(kept, p)
		}
	}
	b.problems = kept
}
