package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
)

// Tokens of the two sides of the pair the browser accepts.
const (
	webMentorToken = "abk_web-test-pair-mentor-0123456789abcdef"
	webMenteeToken = "abk_web-test-pair-mentee-0123456789abcdef"
)

// TestBrowserPairAccept accepts a proposed pair from both sides, each on
// its own survey page: after the mentor the pair waits for the mentee,
// after the mentee it is accepted and offers to start.
func TestBrowserPairAccept(t *testing.T) {
	if findBrowser() == "" {
		t.Skip("no chromium, chromium-browser or google-chrome on PATH: browser tests skipped (apt-get install -y chromium; .ci/run installs it)")
	}
	if testing.Short() {
		t.Skip("browser tests are slow: skipped in -short mode")
	}
	shots := filepath.Join(os.TempDir(), fmt.Sprintf("assocbench-pairs-screenshots-%d", time.Now().Unix()))
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	f := newWebFixture(t, 24)
	ctx := context.Background()
	as, err := f.svc.ListAssociations(ctx, survey.System, survey.AssociationFilter{})
	if err != nil || len(as) < 2 {
		t.Fatalf("%d associations, %v", len(as), err)
	}
	mentor, mentee := as[0].ID, as[1].ID
	id := survey.PairID(demo.Midterm, "communications", mentee, mentor)
	if err := f.svc.Store().InsertPair(ctx, &survey.Pair{ID: id, Campaign: demo.Midterm, Area: "communications", Mentor: mentor,
		Mentee: mentee, State: survey.PairProposed, ProposedAt: time.Now().UTC(), Revision: 1}); err != nil {
		t.Fatal(err)
	}
	for tok, a := range map[string]string{webMentorToken: mentor, webMenteeToken: mentee} {
		if _, err := f.svc.EnsureToken(ctx, tok, survey.RoleAssociation, a, "web pair test"); err != nil {
			t.Fatal(err)
		}
	}
	base := f.srv.URL
	b := newBrowser(t, base, shots)
	card := `li[data-pair="` + id + `"]`
	for i, side := range []struct{ token, wait string }{
		{webMentorToken, `.muted`},
		{webMenteeToken, `button[value="start"]`},
	} {
		b.do("open the invitation", chromedp.Navigate(base+"/s/"+side.token))
		b.pathIs("/survey")
		b.do("accept", chromedp.Click(card+` button[value="accept"]`))
		b.waitFor("the pair after the accept", fmt.Sprintf(`document.readyState === 'complete' && !!document.querySelector('%s %s')`, card, side.wait))
		b.shot(fmt.Sprintf("0%d-pair-accepted", i+1))
		b.clean("accept")
	}
	pr, err := f.svc.Store().GetPair(ctx, id)
	if err != nil || pr.State != survey.PairAccepted || pr.MentorAcceptedAt == nil || pr.MenteeAcceptedAt == nil {
		t.Errorf("pair after both accepted in the browser: %+v, %v", pr, err)
	}
}
