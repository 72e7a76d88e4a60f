package web

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
)

// TestBrowserCascade answers the demo's cascading selects (demo-cascade,
// choice_filter): the cities follow the region live, a city no longer
// offered is deselected, and the venues follow the city.
func TestBrowserCascade(t *testing.T) {
	requireBrowser(t)
	if testing.Short() {
		t.Skip("browser tests are slow: skipped in -short mode")
	}
	shots := filepath.Join(os.TempDir(), "assocbench-screenshots-cascade")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	f := newWebFixture(t, 6)
	if _, err := f.svc.CreateCampaign(context.Background(), survey.System, survey.CampaignInput{ID: "2026-cascade",
		Title: questionnaires.Text{"en": "Cascade"}, Questionnaires: []string{"demo-cascade"}, Closes: time.Now().Add(30 * 24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, f.srv.URL, shots)
	b.do("open the invitation", chromedp.Navigate(f.srv.URL+"/s/"+webNewToken))
	b.pathIs("/survey")
	b.do("open the cascade", chromedp.Navigate(f.srv.URL+"/survey/2026-cascade/demo-cascade/where"))
	b.pathIs("/survey/2026-cascade/demo-cascade/where")
	shown := func(id string) string { return `!document.getElementById('` + id + `').closest('.choice').hidden` }
	hidden := func(id string) string { return `document.getElementById('` + id + `').closest('.choice').hidden` }
	// nothing decides the cities yet: none is offered
	b.waitFor("no city before a region", hidden("q-city-oslo")+" && "+hidden("q-city-rome"))
	b.do("region south", chromedp.Click(chromedp.ID("q-region-south")))
	b.waitFor("rome only", shown("q-city-rome")+" && "+hidden("q-city-oslo")+" && "+hidden("q-city-tromso"))
	b.do("city rome", chromedp.Click(chromedp.ID("q-city-rome")))
	b.waitFor("the venues of rome", shown("q-venues-forum")+" && "+hidden("q-venues-opera")+" && "+shown("q-venues-library")+" && "+shown("q-venues-online"))
	b.do("venue forum", chromedp.Click(chromedp.ID("q-venues-forum")))
	b.shot("cascade-south")
	// another region: rome is no longer offered and is deselected, and so the forum
	b.do("region north", chromedp.Click(chromedp.ID("q-region-north")))
	b.waitFor("the cities of the north", shown("q-city-oslo")+" && "+shown("q-city-tromso")+" && "+hidden("q-city-rome"))
	if eval[bool](b, `document.getElementById('q-city-rome').checked || document.getElementById('q-venues-forum').checked`) {
		t.Error("rome or the forum is still selected once no longer offered")
	}
	b.waitFor("autosave", `document.getElementById('save-status').classList.contains('ok')`)
	b.clean("cascade")
}
