package web

// Browser tests: Debian's chromium, driven through chromedp, plays a new
// respondent (invitation link, skip logic, autosave, reload, keyboard
// only, submission, scorecard, Arabic) and an analyst (dashboard). Every
// step fails on a console error, an uncaught exception, a failed request
// logged by the browser, or a request to another host than the app.
// axe-core checks the survey, scorecard and dashboard pages. Screenshots
// go to a directory under os.TempDir() named in the test log.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/assocbench/assocbench/httpx"
)

// findBrowser returns the path of a Chromium or Chrome binary, or "".
func findBrowser() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser is one headless browser with a fresh profile, and what it saw.
type browser struct {
	t    *testing.T
	ctx  context.Context
	host string
	dir  string // screenshots

	mu       sync.Mutex
	problems []string
}

func newBrowser(t *testing.T, appURL, shots string) *browser {
	t.Helper()
	path := findBrowser()
	if path == "" {
		requireBrowser(t)
	}
	u, err := url.Parse(appURL)
	if err != nil {
		t.Fatal(err)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("lang", "en-GB"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	t.Cleanup(cancelAlloc)
	b := &browser{t: t, host: u.Host, dir: shots}
	ctx, cancel := chromedp.NewContext(alloc, chromedp.WithListener(b.listen))
	t.Cleanup(cancel)
	b.ctx = ctx
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	return b
}

// listen records console errors, exceptions, browser log errors and
// requests to other hosts. It runs in the tab's event loop: it must be quick.
func (b *browser) listen(ev any) {
	var p string
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range e.Args {
				if len(a.Value) > 0 {
					parts = append(parts, string(a.Value))
				} else {
					parts = append(parts, a.Description)
				}
			}
			p = "console." + string(e.Type) + ": " + strings.Join(parts, " ")
		}
	case *runtime.EventExceptionThrown:
		p = "exception: " + e.ExceptionDetails.Text
		if e.ExceptionDetails.Exception != nil {
			p += " " + e.ExceptionDetails.Exception.Description
		}
	case *log.EventEntryAdded:
		if e.Entry.Level == log.EntryLevelError {
			p = "browser log: " + e.Entry.Text + " " + e.Entry.URL
		}
	case *network.EventRequestWillBeSent:
		u, err := url.Parse(e.Request.URL)
		if err == nil && (u.Scheme == "http" || u.Scheme == "https" || u.Scheme == "ws" || u.Scheme == "wss") && u.Host != b.host {
			p = "request to another host: " + e.Request.URL
		}
	}
	if p != "" {
		b.mu.Lock()
		b.problems = append(b.problems, p)
		b.mu.Unlock()
	}
}

// clean fails the test if the browser saw a problem since the last check.
func (b *browser) clean(step string) {
	b.t.Helper()
	time.Sleep(100 * time.Millisecond) // let late events arrive
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.problems {
		b.t.Errorf("%s: %s", step, p)
	}
	b.problems = nil
}

func (b *browser) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.shot("failed-" + strings.ReplaceAll(step, " ", "-"))
		b.t.Fatalf("%s: %v", step, err)
	}
}

// eval runs JavaScript in the page and decodes its value into T.
func eval[T any](b *browser, js string, opts ...chromedp.EvaluateOption) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, opts...))
	if err != nil {
		b.t.Fatalf("evaluate %.80q: %v", js, err)
	}
	return v
}

// waitFor polls a JavaScript condition, also across page loads.
func (b *browser) waitFor(what, cond string) {
	b.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		cancel()
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(50 * time.Millisecond)
	}
	b.shot("timeout")
	b.t.Fatalf("waiting for %s (%s): last error %v", what, cond, last)
}

// shot saves a screenshot of the whole page.
func (b *browser) shot(name string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(b.dir, name+".png"), png, 0o644); err != nil {
		b.t.Errorf("save screenshot: %v", err)
	}
}

// view saves a screenshot of the viewport.
func (b *browser) view(name string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(b.dir, name+".png"), png, 0o644); err != nil {
		b.t.Errorf("save screenshot: %v", err)
	}
}

// axeViolation is a serious or critical accessibility problem.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axe runs axe-core on the page and fails on serious or critical violations.
func (b *browser) axe(page, src string) {
	b.t.Helper()
	if src == "" {
		return
	}
	eval[chromedp.Void](b, src)
	vs := eval[[]axeViolation](b, `axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
		.filter(v => v.impact === 'serious' || v.impact === 'critical')
		.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))})))`,
		chromedp.EvalAwaitPromise)
	for _, v := range vs {
		b.t.Errorf("axe on %s: %s (%s): %s at %v", page, v.ID, v.Impact, v.Help, v.Nodes)
	}
}

// chartState is what a drawn chart shows.
type chartState struct {
	OK      bool `json:"ok"`
	Points  int  `json:"points"`
	Painted int  `json:"painted"`
	Colors  int  `json:"colors"`
}

// chart checks that an ECharts instance with data is drawn on a canvas that is not blank.
func (b *browser) chart(id string) {
	b.t.Helper()
	js := fmt.Sprintf(`(function () {
		var el = document.getElementById(%q);
		var inst = el && window.echarts && echarts.getInstanceByDom(el);
		if (!inst) return {ok: false};
		var n = 0;
		(inst.getOption().series || []).forEach(function (s) { n += (s.data || []).length; });
		var c = el.querySelector('canvas');
		if (!c) return {ok: true, points: n};
		var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
		var painted = 0, colors = new Set();
		for (var i = 0; i < d.length; i += 4 * 5) {
			if (d[i + 3] > 0) { painted++; colors.add(d[i] + ',' + d[i + 1] + ',' + d[i + 2]); }
		}
		return {ok: true, points: n, painted: painted, colors: colors.size};
	})()`, id)
	b.waitFor("chart "+id+" drawn", js+`.painted > 100`)
	st := eval[chartState](b, js)
	if !st.OK || st.Points == 0 || st.Painted < 100 || st.Colors < 3 {
		b.t.Errorf("chart %s: %+v, want an ECharts instance with data drawn on a canvas with several colours", id, st)
	}
}

// pathIs waits until the page at path has loaded.
func (b *browser) pathIs(path string) {
	b.t.Helper()
	b.waitFor("page "+path, fmt.Sprintf(`location.pathname === %q && document.readyState === 'complete'`, path))
}

// requireBrowser skips t when no chromium is on PATH, and fails it when
// that happens in CI (CI set), where .ci/run installs chromium.
func requireBrowser(t *testing.T) {
	t.Helper()
	if findBrowser() != "" {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium, chromium-browser or google-chrome on PATH in CI: .ci/run installs chromium")
	}
	t.Skip("no chromium, chromium-browser or google-chrome on PATH: browser tests skipped (apt-get install -y chromium; .ci/run installs it)")
}

// readAxe reads axe-core, which make assets installs; missing fails in CI.
func readAxe(t *testing.T) string {
	b, err := os.ReadFile(filepath.Join("..", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("node_modules/axe-core/axe.min.js is missing in CI (%v): run make assets (make test does)", err)
		}
		t.Logf("node_modules/axe-core/axe.min.js is missing (%v): accessibility checks skipped; run make assets (make test does)", err)
		return ""
	}
	return string(b)
}

func TestBrowser(t *testing.T) {
	requireBrowser(t)
	if testing.Short() {
		t.Skip("browser tests are slow: skipped in -short mode")
	}
	shots := filepath.Join(os.TempDir(), fmt.Sprintf("assocbench-screenshots-%d", time.Now().Unix()))
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", shots)
	axeSrc := readAxe(t)
	f := newWebFixture(t, 60)
	base := f.srv.URL

	t.Run("expressions evaluate in the page as on the server", func(t *testing.T) {
		b := newBrowser(t, base, shots)
		b.do("open a page", chromedp.Navigate(base+"/login"))
		// load expr.js as the app serves it (the CSP allows scripts of the app only)
		eval[chromedp.Void](b, `new Promise(function (ok, fail) {
			var s = document.createElement('script'); s.src = '/static/js/expr.js'; s.onload = ok; s.onerror = fail;
			document.head.appendChild(s); })`, chromedp.EvalAwaitPromise)
		testParity(t, b)
		b.clean("parity")
		// the watchers work: a console error, a request the CSP blocks and
		// a request to another host are all seen
		eval[chromedp.Void](b, `console.error('self-test'); fetch('http://127.0.0.2:9/self-test').catch(function () {})`)
		_, _ = chromedp.Run(b.ctx, chromedp.Navigate("http://127.0.0.2:9/elsewhere")) // refused: only the request matters
		time.Sleep(300 * time.Millisecond)
		b.mu.Lock()
		seen := strings.Join(b.problems, "\n")
		b.problems = nil
		b.mu.Unlock()
		for _, want := range []string{`console.error: "self-test"`, "Content Security Policy", "another host: http://127.0.0.2:9/elsewhere"} {
			if !strings.Contains(seen, want) {
				t.Errorf("the browser watchers missed %q; saw:\n%s", want, seen)
			}
		}
	})

	t.Run("a new respondent answers, submits and reads the scorecard", func(t *testing.T) {
		b := newBrowser(t, base, shots)
		// the invitation link signs in and leaves the address bar clean
		b.do("open the invitation", chromedp.Navigate(base+"/s/"+webNewToken))
		b.pathIs("/survey")
		if got := eval[string](b, `location.href`); strings.Contains(got, "abk_") {
			t.Errorf("the token is still in the address: %s", got)
		}
		if got := eval[string](b, `document.cookie`); strings.Contains(got, "abk_") || !strings.Contains(got, httpx.CookieCSRF) {
			t.Errorf("document.cookie = %q: want the CSRF cookie and no readable session", got)
		}
		b.shot("01-survey-home")
		b.axe("survey home", axeSrc)
		b.clean("survey home")

		// start the membership questionnaire: it opens on its first section
		b.do("start membership", chromedp.Click(chromedp.CSS(`a.button[href="/survey/2026-midterm/membership"]`)))
		b.pathIs("/survey/2026-midterm/membership/members_base")
		for id, v := range map[string]string{"members_now": "500", "members_last_year": "480", "members_renewed": "400", "members_new": "90"} {
			b.do("type "+id, chromedp.SendKeys(chromedp.ID("i-"+id), v))
		}
		b.do("choose records", chromedp.Click(chromedp.ID("q-membership_records-database")))
		b.waitFor("autosave", `document.getElementById('save-status').classList.contains('ok')`)
		b.shot("02-section-members-base")
		b.axe("questionnaire section", axeSrc)
		b.clean("first section")

		// skip logic: the exit reasons appear with an exit survey and go away without
		b.do("go to lifecycle", chromedp.Click(chromedp.CSS(`.steps a[href$="/lifecycle"]`)))
		b.pathIs("/survey/2026-midterm/membership/lifecycle")
		hidden := `document.getElementById('q-exit_reasons').hidden`
		if !eval[bool](b, hidden) {
			t.Error("exit_reasons is shown before exit_survey is answered")
		}
		b.do("exit survey yes", chromedp.Click(chromedp.ID("q-exit_survey-yes")))
		b.waitFor("exit_reasons to appear", "!"+hidden)
		b.shot("03-skip-logic-shown")
		b.do("exit survey no", chromedp.Click(chromedp.ID("q-exit_survey-no")))
		b.waitFor("exit_reasons to disappear", hidden)
		b.do("exit survey yes again", chromedp.Click(chromedp.ID("q-exit_survey-yes")))
		b.waitFor("exit_reasons to appear again", "!"+hidden)
		reason := eval[string](b, `document.querySelector('#q-exit_reasons input[type=checkbox]').id`)
		b.do("pick a reason", chromedp.Click(chromedp.ID(reason)))
		b.waitFor("autosave", `document.getElementById('save-status').classList.contains('ok')`)
		b.clean("skip logic")

		// reload: the answers are there
		b.do("reload", chromedp.Reload())
		b.pathIs("/survey/2026-midterm/membership/lifecycle")
		if !eval[bool](b, `document.getElementById('q-exit_survey-yes').checked && document.getElementById(`+jsString(reason)+`).checked && !`+hidden) {
			t.Error("after a reload, exit_survey=yes and the chosen reason are not shown")
		}
		b.do("back to the first section", chromedp.Navigate(base+"/survey/2026-midterm/membership"))
		b.pathIs("/survey/2026-midterm/membership/lifecycle") // resumes where we left off
		b.do("first section", chromedp.Navigate(base+"/survey/2026-midterm/membership/members_base"))
		b.pathIs("/survey/2026-midterm/membership/members_base")
		if got := eval[string](b, `document.getElementById('i-members_now').value`); got != "500" {
			t.Errorf("after a reload members_now = %q, want 500", got)
		}
		b.clean("reload")

		// a rule is checked as soon as the field is left, before the review
		renewed := `document.getElementById('e-members_renewed').textContent`
		b.do("too many renewed", chromedp.SetValue(chromedp.ID("i-members_renewed"), ""), chromedp.SendKeys(chromedp.ID("i-members_renewed"), "999"))
		b.focus(`#i-members_new`)
		b.waitFor("the constraint's message after leaving the field", renewed+`.indexOf('cannot be more than') >= 0`)
		if !eval[bool](b, `document.getElementById('i-members_renewed').getAttribute('aria-invalid') === 'true'`) {
			t.Error("the field with a broken rule is not marked invalid")
		}
		b.waitFor("a save status that says some answers need attention", `document.getElementById('save-status').textContent.indexOf('need attention') >= 0`)
		b.shot("03b-rule-on-blur")
		b.do("a right number", chromedp.SetValue(chromedp.ID("i-members_renewed"), ""), chromedp.SendKeys(chromedp.ID("i-members_renewed"), "400"))
		b.focus(`#i-members_new`)
		b.waitFor("the message to go", renewed+` === ''`)
		b.waitFor("autosave", `document.getElementById('save-status').classList.contains('ok')`)
		b.clean("rules on blur")

		// finish with the keyboard only
		for page := 0; ; page++ {
			if page > 10 {
				t.Fatal("the keyboard did not reach the submit page")
			}
			path := eval[string](b, `location.pathname`)
			if strings.HasSuffix(path, "/submit") {
				break
			}
			keyboardFill(b)
			b.focus(`a[rel=next]`)
			b.do("next section", chromedp.KeyEvent(kb.Enter))
			b.waitFor("the next page", fmt.Sprintf(`location.pathname !== %q && document.readyState === 'complete'`, path))
		}
		b.shot("04-submit-page")
		if n := eval[int](b, `document.querySelectorAll('#problems li').length`); n != 0 {
			t.Fatalf("the submit page lists %d problems: %s", n, eval[string](b, `document.getElementById('problems').innerText`))
		}
		b.axe("submit page", axeSrc)
		// the review lists the answers given, and submitting needs a confirmation
		if got := eval[string](b, `document.querySelector('.review').innerText`); !strings.Contains(got, "500") || !strings.Contains(got, "How many of last year's members renewed?") {
			t.Errorf("the review does not list the answers given: %q", got[:min(300, len(got))])
		}
		if !eval[bool](b, `document.getElementById('submit').disabled`) {
			t.Error("the submit button works before the confirmation")
		}
		b.focus(`#confirm-submit`)
		b.do("confirm", chromedp.KeyEvent(" "))
		b.waitFor("the submit button after the confirmation", `!document.getElementById('submit').disabled`)
		b.focus(`#submit`)
		b.do("submit", chromedp.KeyEvent(kb.Enter))
		b.waitFor("the survey home after submitting", `location.pathname === '/survey' && location.search.indexOf('done=') >= 0`)
		b.shot("05-submitted")
		if !eval[bool](b, `document.querySelector('.notice.success') !== null`) {
			t.Error("no confirmation after submitting")
		}
		b.clean("keyboard and submit")

		// read-only after submission
		b.do("open a submitted section", chromedp.Navigate(base+"/survey/2026-midterm/membership/members_base"))
		b.pathIs("/survey/2026-midterm/membership/members_base")
		if !eval[bool](b, `document.getElementById('i-members_now').disabled && document.getElementById('readonly-note') !== null`) {
			t.Error("a submitted questionnaire is not read-only")
		}
		// the submission time is in the association's zone, named, with
		// each language's date pattern, beside deadlines in the same zone
		for lang, want := range map[string]string{"en": " at ", "fr": " à ", "es": " de 20", "ar": " في "} {
			b.do("read-only note in "+lang, chromedp.Navigate(base+"/survey/2026-midterm/membership/members_base?lang="+lang))
			note := eval[string](b, `document.getElementById('readonly-note').innerText`)
			if !strings.Contains(note, "(Africa/Dakar)") || strings.Contains(note, "UTC") || !strings.Contains(note, want) {
				t.Errorf("%s: read-only note %q: want the time in Africa/Dakar, named, written with %q", lang, note, want)
			}
			b.do("survey home in "+lang, chromedp.Navigate(base+"/survey?lang="+lang))
			home := eval[string](b, `document.querySelector('.deadline').innerText`)
			if !strings.Contains(home, "Africa/Dakar") || (lang == "es" && !strings.Contains(home, "1 de febrero de 2027")) {
				t.Errorf("%s: deadline %q: want it in Africa/Dakar (and in Spanish 1 de febrero de 2027)", lang, home)
			}
		}
		b.do("back to English", chromedp.Navigate(base+"/survey?lang=en"))
		b.clean("dates and zones")

		// the scorecard
		b.do("scorecard", chromedp.Navigate(base+"/scorecard/2026-midterm"))
		b.pathIs("/scorecard/2026-midterm")
		b.chart("chart-radar")
		b.chart("chart-bar")
		if n := labelCount(b, "chart-radar"); n < 4 {
			t.Errorf("the radar draws %d texts: the label check checks nothing", n)
		}
		if cut := labelsOutside(b, "chart-radar"); len(cut) > 0 {
			t.Errorf("at 1280 px radar labels run off the chart: %q", cut)
		}
		b.shot("06-scorecard")
		b.axe("scorecard", axeSrc)
		b.clean("scorecard")

		// switch to Arabic with the language link
		b.do("switch to Arabic", chromedp.Click(chromedp.CSS(`.langs a[hreflang=ar]`)))
		b.waitFor("the Arabic page", `document.documentElement.lang === 'ar' && document.readyState === 'complete'`)
		if got := eval[string](b, `document.documentElement.dir`); got != "rtl" {
			t.Errorf("Arabic page dir = %q, want rtl", got)
		}
		b.chart("chart-radar")
		b.shot("07-scorecard-ar")
		b.axe("Arabic scorecard", axeSrc)
		b.do("Arabic section", chromedp.Navigate(base+"/survey/2026-midterm/membership/engagement"))
		b.pathIs("/survey/2026-midterm/membership/engagement")
		if got := eval[string](b, `document.documentElement.dir`); got != "rtl" {
			t.Errorf("the language is not remembered: dir = %q, want rtl", got)
		}
		// the header mirrors: the brand is on the right
		if !eval[bool](b, `document.querySelector('.brand').getBoundingClientRect().left > window.innerWidth / 2`) {
			t.Error("in Arabic the brand is not on the right: the layout does not mirror")
		}
		b.shot("08-section-ar")
		b.clean("Arabic")

		// a phone: 360 px wide, nothing wider than the screen
		b.do("phone", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile), chromedp.Navigate(base+"/survey/2026-midterm/membership/engagement?lang=en"))
		b.pathIs("/survey/2026-midterm/membership/engagement")
		if w := eval[int](b, `document.documentElement.scrollWidth`); w > 362 {
			t.Errorf("at 360 px the page is %d px wide: it scrolls sideways", w)
		}
		b.shot("09-phone-section")
		b.do("scroll to the matrix", chromedp.ScrollIntoView(chromedp.CSS(`#q-engagement_practices`)))
		b.view("10-phone-matrix")
		b.do("phone scorecard", chromedp.Navigate(base+"/scorecard/2026-midterm?lang=en"))
		b.pathIs("/scorecard/2026-midterm")
		if cut := labelsOutside(b, "chart-radar"); len(cut) > 0 {
			t.Errorf("at 360 px radar labels run off the chart: %q", cut)
		}
		if cut := labelsOutside(b, "chart-bar"); len(cut) > 0 {
			t.Errorf("at 360 px bar labels run off the chart: %q", cut)
		}
		b.do("scroll to the radar", chromedp.ScrollIntoView(chromedp.ID("chart-radar")))
		b.view("10b-phone-scorecard")
		b.clean("phone")
	})

	t.Run("an analyst opens the dashboard", func(t *testing.T) {
		b := newBrowser(t, base, shots)
		b.do("sign in", chromedp.Navigate(base+"/login"), chromedp.SendKeys(chromedp.ID("token"), webAnalystToken+"\r"))
		b.pathIs("/dashboard")
		for _, id := range []string{"chart-box", "chart-heat", "chart-line"} {
			b.chart(id)
		}
		b.shot("11-dashboard")
		b.axe("dashboard", axeSrc)
		b.clean("dashboard")
		// another grouping with the form
		b.do("group by size", chromedp.SetValue(chromedp.ID("group"), "size"), chromedp.Click(chromedp.CSS(`.filters button`)))
		b.waitFor("grouped by size", `location.search.indexOf('group=size') >= 0 && document.readyState === 'complete'`)
		b.chart("chart-box")
		b.do("French", chromedp.Navigate(base+"/dashboard?lang=fr&group=region"))
		b.pathIs("/dashboard")
		if !eval[bool](b, `document.body.innerText.indexOf('moins de') >= 0 || document.querySelectorAll('.suppressed').length === 0`) {
			t.Error("suppressed cells are not translated")
		}
		b.shot("12-dashboard-fr")
		b.clean("dashboard by size")
		// a phone: the heat map gives way to its table, readable; the box plot's labels fit
		b.do("phone dashboard", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile), chromedp.Navigate(base+"/dashboard?lang=en"))
		b.pathIs("/dashboard")
		if !eval[bool](b, `getComputedStyle(document.querySelector('.chart-heat-box')).display === 'none' && document.querySelector('table.prevalence').getBoundingClientRect().height > 40`) {
			t.Error("at 360 px the heat map is shown instead of its table")
		}
		if px := eval[float64](b, `parseFloat(getComputedStyle(document.querySelector('table.prevalence td')).fontSize)`); px < 12 {
			t.Errorf("at 360 px the prevalence table's text is %.0f px", px)
		}
		if w := eval[int](b, `document.documentElement.scrollWidth`); w > 362 {
			t.Errorf("at 360 px the dashboard is %d px wide", w)
		}
		b.view("13-phone-dashboard")
		b.do("wide again", chromedp.EmulateViewport(1280, 900))
		b.chart("chart-heat") // drawn once it has room
		b.clean("phone dashboard")
	})
}

// jsString quotes s for JavaScript.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// focus presses Tab until the element matching sel has the focus.
func (b *browser) focus(sel string) {
	b.t.Helper()
	check := fmt.Sprintf(`document.activeElement === document.querySelector(%s)`, jsString(sel))
	for i := 0; i < 400; i++ {
		if eval[bool](b, check) {
			return
		}
		b.do("tab", chromedp.KeyEvent(kb.Tab))
	}
	b.shot("focus-failed")
	b.t.Fatalf("Tab never reached %s", sel)
}

// keyboardFill answers, with the keyboard only, every visible required
// question of the page that has no answer yet: Tab to it, then Space for
// a choice, digits for a number, a word for a text.
func keyboardFill(b *browser) {
	b.t.Helper()
	// marks the next field to fill with data-kbd and says how
	next := `(function () {
		document.querySelectorAll('[data-kbd]').forEach(function (e) { e.removeAttribute('data-kbd'); });
		var cfg = JSON.parse(document.getElementById('survey-config').textContent);
		var req = {};
		cfg.questions.forEach(function (q) { req[q.id] = q.required; });
		var boxes = document.querySelectorAll('#qform .q[data-qid]');
		for (var i = 0; i < boxes.length; i++) {
			var box = boxes[i];
			if (box.hidden || !req[box.getAttribute('data-qid')]) continue;
			var radios = box.querySelectorAll('input[type=radio]');
			if (radios.length) {
				var groups = [];
				radios.forEach(function (r) { if (groups.indexOf(r.name) < 0) groups.push(r.name); });
				for (var g = 0; g < groups.length; g++) {
					var group = box.querySelectorAll('input[type=radio][name="' + groups[g] + '"]');
					if (!Array.prototype.some.call(group, function (r) { return r.checked; })) {
						group[0].setAttribute('data-kbd', '1');
						return 'space';
					}
				}
				continue;
			}
			var boxesC = box.querySelectorAll('input[type=checkbox]');
			if (boxesC.length) {
				if (!Array.prototype.some.call(boxesC, function (c) { return c.checked; })) {
					boxesC[0].setAttribute('data-kbd', '1');
					return 'space';
				}
				continue;
			}
			var sel = box.querySelector('select');
			if (sel) {
				if (sel.selectedOptions.length === 0 || sel.value === '') { sel.setAttribute('data-kbd', '1'); return 'down'; }
				continue;
			}
			var inp = box.querySelector('input, textarea');
			if (inp && inp.value.trim() === '') {
				inp.setAttribute('data-kbd', '1');
				return inp.type === 'number' ? 'number' : 'text';
			}
		}
		return '';
	})()`
	for i := 0; i < 60; i++ {
		how := eval[string](b, next)
		if how == "" {
			return
		}
		b.focus(`[data-kbd]`)
		switch how {
		case "space":
			b.do("space", chromedp.KeyEvent(" "))
		case "down":
			b.do("arrow down", chromedp.KeyEvent(kb.ArrowDown))
		case "number":
			b.do("type a number", chromedp.KeyEvent("40"))
		default:
			b.do("type a word", chromedp.KeyEvent("ok"))
		}
	}
	b.t.Fatal("the keyboard could not fill the page")
}

// testParity evaluates the parity cases (questionnaires/testdata/parity.json,
// which web/expr.test.mjs checks in full under node) with expr.js as the
// page loads it in chromium, on every answer set.
func testParity(t *testing.T, b *browser) {
	raw, err := os.ReadFile("../questionnaires/testdata/parity.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Questions json.RawMessage   `json:"questions"`
		Answers   []json.RawMessage `json:"answers"`
		Want      []map[string]bool `json:"want"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	for ai, answers := range f.Answers {
		got := eval[map[string]bool](b, fmt.Sprintf(`ABExpr.relevance(%s, %s)`, f.Questions, answers))
		for id, want := range f.Want[ai] {
			if got[id] != want {
				t.Errorf("answers %d, question %s: the page gives relevant = %v, Go %v", ai, id, got[id], want)
			}
		}
	}
}
