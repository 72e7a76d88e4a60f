package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
)

// TestBrowserRaters: the coordinator of a new association invites three
// raters on its raters page; each fills in the financial questionnaire in
// the browser from its own link (autosaved) and submits; a rater cannot
// reach another's response; the coordinator sees where they differ,
// pre-fills the consensus from them, completes and submits it; the
// scorecard shows the consensus index; a rater then sees the divergence
// without the other raters' names.
func TestBrowserRaters(t *testing.T) {
	requireBrowser(t)
	if testing.Short() {
		t.Skip("browser tests are slow: skipped in -short mode")
	}
	shots := filepath.Join(os.TempDir(), fmt.Sprintf("assocbench-raters-screenshots-%d", time.Now().Unix()))
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	axeSrc := readAxe(t)
	ctx := context.Background()
	f := newWebFixture(t, 24)
	if _, err := f.svc.PatchCampaign(ctx, survey.System, demo.Midterm, survey.CampaignPatch{Raters: &survey.RaterRule{Min: 3}}); err != nil {
		t.Fatal(err)
	}
	base := f.srv.URL
	const q = "financial-sustainability"
	div := "/raters/" + demo.Midterm + "/" + q

	b := newBrowser(t, base, shots)
	b.do("open the coordinator's invitation", chromedp.Navigate(base+"/s/"+webNewToken))
	b.pathIs("/survey")
	names := []string{"Aïssatou (board)", "Moussa (staff)", "Fatou (volunteer)"}
	var links []string
	for _, name := range names {
		b.do("the raters page", chromedp.Navigate(base+"/raters?lang=en"))
		b.do("invite "+name, chromedp.SendKeys(chromedp.ID("rater-name-"+demo.Midterm), name),
			chromedp.Submit(chromedp.ID("rater-name-"+demo.Midterm)))
		b.waitFor("the new link", `document.readyState === 'complete' && !!document.getElementById('rater-link')`)
		links = append(links, eval[string](b, `document.getElementById('rater-link').value`))
	}
	b.shot("01-raters-invited")
	b.axe("raters page", axeSrc)
	b.clean("invite raters")
	if n := eval[int](b, `document.querySelectorAll('#raters-`+demo.Midterm+` tbody tr').length`); n != 3 {
		t.Errorf("the raters page lists %d raters, want 3", n)
	}

	levels := []int{1, 4, 2} // confidence_12m: three levels apart
	for i, link := range links {
		if !strings.HasPrefix(link, base+"/s/abk_") {
			t.Fatalf("rater link %q", link)
		}
		b.do("open rater link", chromedp.Navigate(link))
		b.pathIs("/survey")
		if !strings.Contains(eval[string](b, `document.body.innerText`), names[i]) {
			t.Errorf("rater %d's home does not name it", i+1)
		}
		if i == 0 {
			b.axe("rater home", axeSrc)
		}
		b.do("start", chromedp.Click(chromedp.CSS(`#rq-`+q+` a.button`)))
		b.waitFor("the first section", `document.readyState === 'complete' && location.pathname.indexOf('/survey/`+demo.Midterm+`/`+q+`/') === 0`)
		raterFill(b, levels[i])
		if i == 1 { // the second rater reaches for the first one's response and for the consensus
			st := eval[int](b, `fetch('/api/v1/campaigns/`+demo.Midterm+`/associations/`+newAssociation+`/raters/r1/responses/`+q+`').then(function (r) { return r.status; })`, chromedp.EvalAwaitPromise)
			if st != 404 {
				t.Errorf("rater 2 reading rater 1's response: %d, want 404", st)
			}
			b.expected("status of 404")
		}
		confirmSubmit(b)
		b.do("submit", chromedp.Click(chromedp.ID("submit")))
		b.waitFor("the rater's home after submitting", `location.pathname === '/survey' && location.search.indexOf('done=') >= 0`)
		b.clean(fmt.Sprintf("rater %d", i+1))
	}

	// the coordinator: where the raters differ, then the consensus
	b.do("the coordinator again", chromedp.Navigate(base+"/s/"+webNewToken))
	b.do("the divergence", chromedp.Navigate(base+div))
	b.waitFor("the divergence table", `document.readyState === 'complete' && !!document.getElementById('divergence')`)
	if first := eval[string](b, `document.querySelector('#divergence tbody tr').id`); first != "d-confidence_12m" {
		t.Errorf("first row %q, want the item three levels apart", first)
	}
	if !eval[bool](b, `document.getElementById('d-confidence_12m').classList.contains('split')`) {
		t.Error("confidence_12m is not marked two or more levels apart")
	}
	head := eval[string](b, `document.querySelector('#divergence thead').innerText`)
	for _, n := range names {
		if !strings.Contains(head, n) {
			t.Errorf("the coordinator's divergence does not name %s: %q", n, head)
		}
	}
	b.shot("02-divergence")
	b.axe("divergence", axeSrc)
	b.do("the divergence in Arabic", chromedp.Navigate(base+div+"?lang=ar"))
	b.waitFor("the Arabic divergence", `document.documentElement.dir === 'rtl' && !!document.getElementById('divergence')`)
	b.axe("divergence (ar)", axeSrc)
	b.do("back to English", chromedp.Navigate(base+div+"?lang=en"))
	b.clean("divergence")
	b.do("pre-fill the consensus", chromedp.Click(chromedp.ID("start-consensus")))
	b.waitFor("the questionnaire", `document.readyState === 'complete' && location.pathname.indexOf('/survey/`+demo.Midterm+`/`+q+`') === 0`)
	if got := eval[bool](b, `(function () { var c = JSON.parse(document.getElementById('survey-config').textContent); return c.answers.confidence_12m === 2; })()`); !got {
		t.Error("the consensus is not pre-filled with the raters' median (2) of confidence_12m")
	}
	b.do("the first section", chromedp.Navigate(base+"/survey/"+demo.Midterm+"/"+q+"/revenue"))
	raterFill(b, 0)
	confirmSubmit(b)
	b.do("submit the consensus", chromedp.Click(chromedp.ID("submit")))
	b.waitFor("the survey home after submitting", `location.pathname === '/survey' && location.search.indexOf('done=') >= 0`)
	b.clean("consensus")
	d, err := f.svc.Divergence(ctx, survey.Principal{Role: survey.RoleAssociation, Association: newAssociation}, demo.Midterm, newAssociation, q)
	if err != nil || d.Index == nil || d.Consensus != survey.StatusSubmitted {
		t.Fatalf("after the consensus: %+v, %v", d, err)
	}
	b.do("the scorecard", chromedp.Navigate(base+"/scorecard/"+demo.Midterm))
	b.waitFor("the consensus index", `document.readyState === 'complete' && !!document.getElementById('sc-consensus-index')`)
	if got, want := eval[string](b, `document.getElementById('sc-consensus-index').textContent`), strconv.FormatFloat(*d.Index, 'f', 1, 64); got != want {
		t.Errorf("scorecard consensus index %q, want %q", got, want)
	}
	b.shot("03-scorecard-index")
	b.clean("scorecard")

	// a rater after submitting: the divergence without names
	b.do("rater 3 again", chromedp.Navigate(links[2]))
	b.do("rater's divergence", chromedp.Navigate(base+div))
	b.waitFor("the divergence table", `document.readyState === 'complete' && !!document.getElementById('divergence')`)
	body := eval[string](b, `document.body.innerText`)
	for _, n := range names {
		if strings.Contains(body, n) {
			t.Errorf("a rater's divergence names %s", n)
		}
	}
	if strings.Contains(body, "Pre-fill") || eval[bool](b, `!!document.getElementById('start-consensus')`) {
		t.Error("a rater is offered to pre-fill the consensus")
	}
	b.do("a page a rater may not open", chromedp.Navigate(base+"/scorecard/"+demo.Midterm))
	if !strings.Contains(eval[string](b, `document.title`), "found") {
		t.Errorf("a rater opened the scorecard: %q", eval[string](b, `document.title`))
	}
	b.expected("status of 404")
	b.clean("rater after submitting")
}

// confirmSubmit ticks the submit page's confirmation (the keyboard, as a
// user would) and waits for the submit button to be enabled.
func confirmSubmit(b *browser) {
	b.t.Helper()
	b.focus(`#confirm-submit`)
	b.do("confirm", chromedp.KeyEvent(" "))
	b.waitFor("the submit button after the confirmation", `!document.getElementById('submit').disabled`)
	b.focus(`#submit`)
}

// raterFill fills in every page of the questionnaire from the current
// one to the submit page: a large revenue (the parts must not exceed it),
// confidence_12m at level (0: as it is), the rest with fillPage.
func raterFill(b *browser, level int) {
	b.t.Helper()
	for page := 0; ; page++ {
		if page > 15 {
			b.t.Fatal("the submit page was not reached")
		}
		path := eval[string](b, `location.pathname`)
		if strings.HasSuffix(path, "/submit") {
			return
		}
		if eval[bool](b, `(function () { var e = document.getElementById('i-revenue_total'); return !!e && e.value === ''; })()`) {
			b.do("revenue", chromedp.SendKeys(chromedp.ID("i-revenue_total"), "100000"))
		}
		if level > 0 && eval[bool](b, `!!document.getElementById('q-confidence_12m-`+strconv.Itoa(level)+`')`) {
			b.do("confidence", chromedp.Click(chromedp.ID("q-confidence_12m-"+strconv.Itoa(level))))
		}
		eval[bool](b, fillPage)
		b.waitFor("autosave", `(function () { var s = document.getElementById('save-status'); return !s || s.textContent === '' || s.classList.contains('ok'); })()`)
		b.do("next", chromedp.Click(chromedp.CSS(`a[rel=next]`)))
		b.waitFor("the next page", fmt.Sprintf(`location.pathname !== %q && document.readyState === 'complete'`, path))
	}
}

// fillPage answers every visible required question of the page that has
// no answer yet, as a person would (a click on the first option, 40 for a
// number, a date, a word), with the events the page listens to.
const fillPage = `(function () {
	var cfg = JSON.parse(document.getElementById('survey-config').textContent);
	var req = {};
	cfg.questions.forEach(function (q) { req[q.id] = q.required; });
	var changed = function (e) { e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); };
	for (var pass = 0; pass < 3; pass++) {
		document.querySelectorAll('#qform .q[data-qid]').forEach(function (box) {
			if (box.hidden || !req[box.getAttribute('data-qid')]) return;
			var radios = box.querySelectorAll('input[type=radio]');
			if (radios.length) {
				var groups = {};
				radios.forEach(function (r) { groups[r.name] = groups[r.name] || r.checked; });
				Object.keys(groups).forEach(function (g) {
					if (!groups[g]) { box.querySelector('input[type=radio][name="' + g + '"]').click(); }
				});
				return;
			}
			var boxes = box.querySelectorAll('input[type=checkbox]');
			if (boxes.length) {
				if (!Array.prototype.some.call(boxes, function (c) { return c.checked; })) { boxes[0].click(); }
				return;
			}
			var sel = box.querySelector('select');
			if (sel) {
				if (sel.value === '') { sel.selectedIndex = sel.options.length > 1 ? 1 : 0; changed(sel); }
				return;
			}
			var inp = box.querySelector('input, textarea');
			if (inp && inp.value.trim() === '') {
				inp.value = inp.type === 'number' ? '40' : inp.type === 'date' ? '2025-12-31' : 'ok';
				changed(inp);
			}
		});
	}
	return true;
})()`
