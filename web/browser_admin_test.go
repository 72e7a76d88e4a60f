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

// TestBrowserAdmin walks an administrator's journey in chromium:
// register an association, invite it (copy the link), see the campaign's
// progress; axe-core checks every administrator page at 1 280 px and on
// a 360 px phone, where no page may scroll sideways.
func TestBrowserAdmin(t *testing.T) {
	if findBrowser() == "" {
		t.Skip("no chromium, chromium-browser or google-chrome on PATH: browser tests skipped (apt-get install -y chromium; .ci/run installs it)")
	}
	if testing.Short() {
		t.Skip("browser tests are slow: skipped in -short mode")
	}
	shots := filepath.Join(os.TempDir(), fmt.Sprintf("assocbench-admin-screenshots-%d", time.Now().Unix()))
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", shots)
	axeSrc := readAxe(t)
	f := newWebFixture(t, 12)
	base := f.srv.URL
	b := newBrowser(t, base, shots)
	b.do("sign in", chromedp.Navigate(base+"/login"), chromedp.SendKeys(chromedp.ID("token"), webAdminToken+"\r"))
	b.pathIs("/dashboard")
	if n := eval[int](b, `document.querySelectorAll('nav.nav a[href="/admin/associations"]').length`); n != 1 {
		t.Errorf("the administrator's navigation has %d links to the associations", n)
	}

	// register an association with the form
	b.do("associations", chromedp.Navigate(base+"/admin/associations"))
	b.pathIs("/admin/associations")
	b.axe("associations", axeSrc)
	b.do("create", chromedp.SetValue(chromedp.ID("id"), "sn-browser"), chromedp.SetValue(chromedp.ID("name"), "Association sénégalaise des bibliothécaires"),
		chromedp.SetValue(chromedp.ID("country"), "SN"), chromedp.SetValue(chromedp.ID("members"), "210"),
		chromedp.SetValue(chromedp.ID("time_zone"), "Africa/Dakar"), chromedp.SetValue(chromedp.ID("language"), "fr"),
		chromedp.SetValue(chromedp.ID("email"), "contact@asbad.example.org"), chromedp.Submit(chromedp.CSS(`form[action^="/admin/associations#new"]`)))
	b.pathIs("/admin/associations/sn-browser")
	b.shot("01-association")
	b.axe("association", axeSrc)
	b.clean("create")

	// invite it: the link is shown once with a copy button
	b.do("invite", chromedp.Submit(chromedp.CSS(`form[action$="/invitations"]`)))
	b.waitFor("the invitation page", `document.readyState === 'complete' && !!document.querySelector('.invite-link')`)
	link := eval[string](b, `document.querySelector('.invite-link').value`)
	if !strings.HasPrefix(link, base+"/s/abk_") {
		t.Errorf("invitation link %q", link)
	}
	b.do("copy", chromedp.Click(chromedp.CSS(`[data-copy]`)))
	b.waitFor("the copied status", `document.querySelector('.copy-status').textContent !== ''`)
	b.shot("02-invitation")
	b.axe("invitation", axeSrc)
	b.clean("invite")

	// the campaign's progress, filtered by region
	b.do("progress", chromedp.Navigate(base+"/admin/campaigns/"+demo.Midterm+"?region=africa"))
	b.pathIs("/admin/campaigns/" + demo.Midterm)
	if !strings.Contains(eval[string](b, `document.querySelector('main').textContent`), "Association sénégalaise des bibliothécaires") {
		t.Error("the progress page of Africa lacks the new association")
	}
	b.shot("03-progress")
	b.axe("progress", axeSrc)
	b.clean("progress")

	pages := []string{"/admin/associations", "/admin/associations/sn-browser", "/admin/campaigns", "/admin/campaigns/" + demo.Midterm}
	for _, p := range pages[2:3] {
		b.do("page "+p, chromedp.Navigate(base+p))
		b.pathIs(p)
		b.axe(p, axeSrc)
	}
	// a phone
	b.do("phone", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	for i, p := range pages {
		b.do("phone "+p, chromedp.Navigate(base+p))
		b.pathIs(p)
		if w := eval[int](b, `document.documentElement.scrollWidth`); w > 362 {
			wide := eval[string](b, `Array.from(document.querySelectorAll('main *')).filter(e => e.getBoundingClientRect().right > 362 && !e.closest('.table-wrap')).slice(0, 3).map(e => e.tagName + '.' + e.className).join(', ')`)
			t.Errorf("at 360 px %s is %d px wide: it scrolls sideways (%s)", p, w, wide)
		}
		b.shot(fmt.Sprintf("%02d-phone", 4+i))
		b.axe(p+" at 360 px", axeSrc)
	}
	b.clean("phone")
}

// TestBrowserStickySaveStatus types into the last field of a long
// section, scrolled to the bottom: the save status is in view (sticky)
// when it says the answer is saved, at 1 280 px and 360 px.
func TestBrowserStickySaveStatus(t *testing.T) {
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
	for _, width := range []int64{1280, 360} {
		b.do("viewport", chromedp.EmulateViewport(width, 740))
		b.do("section", chromedp.Navigate(base+"/survey/"+demo.Midterm+"/membership"))
		b.waitFor("the section", `document.readyState === 'complete' && !!document.querySelector('#qform input[type=number]')`)
		b.do("type", chromedp.Evaluate[chromedp.Void](`(function () {
			var els = document.querySelectorAll('#qform input[type=number]');
			var el = els[els.length - 1];
			el.scrollIntoView({block: 'end'});
			el.focus();
		})()`))
		b.do("keys", chromedp.KeyEvent(fmt.Sprint(width%7+1)), chromedp.KeyEvent("\t"))
		b.waitFor("a save status", `document.getElementById('save-status').textContent.trim() !== ''`)
		if !eval[bool](b, `window.scrollY > 200`) {
			t.Errorf("at %d px the page did not scroll: the check proves nothing", width)
		}
		if r := eval[map[string]float64](b, `(function () { var r = document.getElementById('save-status').getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; })()`); r["top"] < 0 || r["bottom"] > 740 {
			t.Errorf("at %d px the save status is out of view: %v", width, r)
		}
	}
	b.clean("sticky save status")
}
