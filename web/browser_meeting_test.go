package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
)

// agendaZones are the zones the agenda must show correctly.
var agendaZones = []struct{ id, name, zone string }{
	{"aroha", "Aroha", "Pacific/Auckland"}, {"priya", "Priya", "Asia/Kolkata"}, {"wanjiru", "Wanjiru", "Africa/Nairobi"},
	{"lena", "Lena", "Europe/Berlin"}, {"joao", "João", "America/Sao_Paulo"}, {"maya", "Maya", "America/Los_Angeles"},
}

// TestBrowserAgenda opens the demo meeting's agenda as an association
// with participants in Auckland, Kolkata, Nairobi, Berlin, São Paulo and
// Los Angeles, picks each person with the form and checks every repeat's
// local time against Go's time zone database; then the page in Arabic,
// on a phone, and the working group's planner, with axe-core.
func TestBrowserAgenda(t *testing.T) {
	requireBrowser(t)
	if testing.Short() {
		t.Skip("browser tests are slow: skipped in -short mode")
	}
	shots := filepath.Join(os.TempDir(), fmt.Sprintf("assocbench-agenda-screenshots-%d", time.Now().Unix()))
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", shots)
	axeSrc := readAxe(t)
	f := newWebFixture(t, 12)
	ctx := context.Background()
	in := survey.RegistrationInput{}
	for _, z := range agendaZones {
		in.Participants = append(in.Participants, survey.Participant{ID: z.id, Name: z.name, TimeZone: z.zone})
	}
	if _, err := f.svc.Register(ctx, survey.System, demo.MidtermMeeting, f.demoID, in); err != nil {
		t.Fatal(err)
	}
	v, err := f.svc.GetMeeting(ctx, survey.System, demo.MidtermMeeting)
	if err != nil {
		t.Fatal(err)
	}
	var starts []time.Time
	for _, s := range v.Sessions {
		starts = append(starts, s.Starts...)
	}
	base := f.srv.URL
	page := "/agenda/" + demo.MidtermMeeting

	b := newBrowser(t, base, shots)
	b.do("open the invitation", chromedp.Navigate(base+"/s/"+webDemoToken))
	b.pathIs("/survey")
	b.do("open the agenda from the menu", chromedp.Click(chromedp.CSS(`.nav a[href="/agenda"]`)))
	b.pathIs(page)
	b.axe("agenda", axeSrc)
	b.clean("agenda")

	type shown struct {
		ISO  string `json:"iso"`
		Text string `json:"text"`
		Zone string `json:"zone"`
	}
	for _, z := range agendaZones {
		loc, err := time.LoadLocation(z.zone)
		if err != nil {
			t.Fatal(err)
		}
		b.do("choose "+z.name, chromedp.SetValue(chromedp.ID("person"), z.id), chromedp.Click(chromedp.CSS(`form.filters button`)))
		b.waitFor(z.name+"'s agenda", fmt.Sprintf(`location.search.indexOf('person=%s') >= 0 && document.readyState === 'complete'`, z.id))
		got := eval[[]shown](b, `Array.from(document.querySelectorAll('.repeat')).map(li => ({
			iso: li.querySelector('time').getAttribute('datetime'), text: li.querySelector('time').textContent,
			zone: li.querySelector('.tz').textContent}))`)
		if len(got) != len(starts) {
			t.Fatalf("%s: %d repeats shown, want %d", z.zone, len(got), len(starts))
		}
		for i, s := range starts {
			ls := s.In(loc)
			le := s.Add(time.Duration(v.Duration) * time.Minute).In(loc)
			want := ls.Format(time.RFC3339)
			if got[i].ISO != want {
				t.Errorf("%s repeat %d: datetime %s, want %s", z.zone, i, got[i].ISO, want)
			}
			if !strings.Contains(got[i].Text, ls.Format("15:04")) || !strings.Contains(got[i].Text, le.Format("15:04")) ||
				!strings.Contains(got[i].Text, fmt.Sprintf("%d %s %d", ls.Day(), ls.Month(), ls.Year())) {
				t.Errorf("%s repeat %d: %q, want %s to %s local", z.zone, i, got[i].Text, ls.Format("2 January 2006 15:04"), le.Format("15:04"))
			}
			if !strings.Contains(got[i].Zone, z.zone) {
				t.Errorf("%s repeat %d: zone %q", z.zone, i, got[i].Zone)
			}
		}
	}
	b.shot("01-agenda-los-angeles")
	b.clean("agendas")

	// register the association itself for the first session with the keyboard-reachable form
	b.do("register", chromedp.Navigate(base+page), chromedp.SetValue(chromedp.CSS(`select[name="choice.`+v.Sessions[0].ID+`.-"]`), "0"),
		chromedp.Submit(chromedp.CSS(`form[action$="/register"]`)))
	b.waitFor("the saved notice", `location.search.indexOf('done=1') >= 0 && document.readyState === 'complete' && !!document.querySelector('.notice.success')`)
	b.clean("register")

	// Arabic: right to left
	b.do("Arabic", chromedp.Navigate(base+page+"?lang=ar"))
	b.pathIs(page)
	if got := eval[string](b, `document.documentElement.dir`); got != "rtl" {
		t.Errorf("Arabic agenda dir = %q, want rtl", got)
	}
	b.shot("02-agenda-ar")
	b.axe("Arabic agenda", axeSrc)
	b.clean("Arabic agenda")

	// a phone: nothing wider than the screen
	b.do("phone", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile), chromedp.Navigate(base+page+"?lang=en"))
	b.pathIs(page)
	if w := eval[int](b, `document.documentElement.scrollWidth`); w > 362 {
		t.Errorf("at 360 px the agenda is %d px wide: it scrolls sideways", w)
	}
	b.shot("03-agenda-phone")
	b.clean("phone")

	// the working group's planner
	s := newBrowser(t, base, shots)
	s.do("sign in", chromedp.Navigate(base+"/login"), chromedp.SendKeys(chromedp.ID("token"), webAnalystToken+"\r"))
	s.pathIs("/dashboard")
	s.do("planner", chromedp.Navigate(base+"/meetings/"+demo.MidtermMeeting+"?date=2026-04-29&sessions=3"))
	s.pathIs("/meetings/" + demo.MidtermMeeting)
	if n := eval[int](s, `document.querySelectorAll('#plan-regions tbody tr').length`); n == 0 {
		t.Error("the planner shows no coverage per region")
	}
	s.shot("04-planner")
	s.axe("planner", axeSrc)
	s.clean("planner")
}
