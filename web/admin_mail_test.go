package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/assocbench/assocbench/mailer"
	"github.com/assocbench/assocbench/mailer/mailtest"
	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
)

// TestAdminMailReminders sends the reminders of a campaign through a
// local SMTP server: one message to each association still missing with
// a contact address, none to those that submitted everything, each in
// the association's language, each audited; without a mail server the
// page offers no button and the post is refused.
func TestAdminMailReminders(t *testing.T) {
	f := newWebFixture(t, 12)
	ctx := context.Background()
	admin := f.client(t)
	f.signIn(t, admin, webAdminToken, "/dashboard")
	page := "/admin/campaigns/" + demo.Midterm
	form := func() url.Values { return url.Values{"csrf": {csrfOf(t, f, admin)}} }
	if _, body := f.get(t, admin, page); strings.Contains(body, `action="`+page+`/reminders"`) {
		t.Error("a button to e-mail reminders without a mail server")
	}
	if res := f.do(t, admin, "POST", page+"/reminders", form()); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("post without a mail server: %d, want 422", res.StatusCode)
	}
	srv, err := mailtest.NewServer()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	m, err := mailer.New(srv.URL("wg", "pw"))
	if err != nil {
		t.Fatal(err)
	}
	f.site.mail = m
	// every association gets an address and one of the four languages
	list, err := f.svc.ListAssociations(ctx, survey.System, survey.AssociationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	langs := []string{"en", "fr", "es", "ar"}
	subject := map[string]string{"en": "Reminder: ", "fr": "Rappel : ", "es": "Recordatorio: ", "ar": "تذكير: "}
	greeting := map[string]string{"en": "Dear colleagues of ", "fr": "Chères et chers collègues de ", "es": "Estimados colegas de ", "ar": "الزملاء الأعزاء في "}
	lang := map[string]string{} // address -> language
	for i, a := range list {
		l, email := langs[i%4], a.ID+"@example.org"
		if _, err := f.svc.UpdateAssociation(ctx, survey.System, a.ID, survey.AssociationPatch{Language: &l, Email: &email}); err != nil {
			t.Fatal(err)
		}
		lang[email] = l
	}
	pr, err := f.svc.CampaignProgress(ctx, survey.System, demo.Midterm, "")
	if err != nil {
		t.Fatal(err)
	}
	var missing, done []string
	for _, r := range pr.Rows {
		if r.State == survey.ProgressSubmitted {
			done = append(done, r.Association.ID+"@example.org")
		} else {
			missing = append(missing, r.Association.ID+"@example.org")
		}
	}
	if len(missing) == 0 || len(done) == 0 {
		t.Fatalf("the demo has %d missing and %d done: the test needs both", len(missing), len(done))
	}
	if _, body := f.get(t, admin, page); !strings.Contains(body, `action="`+page+`/reminders"`) {
		t.Fatal("no button to e-mail reminders with a mail server")
	}
	if res := f.do(t, admin, "POST", page+"/reminders", url.Values{}); res.StatusCode != http.StatusForbidden || len(srv.Messages()) != 0 {
		t.Fatalf("post without CSRF: %d and %d messages", res.StatusCode, len(srv.Messages()))
	}
	res := f.do(t, admin, "POST", page+"/reminders", form())
	if want := "?failed=0&sent=" + strconv.Itoa(len(missing)); res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), want) {
		t.Fatalf("send: %d to %q, want 303 to ...%s", res.StatusCode, res.Header.Get("Location"), want)
	}
	msgs := srv.Messages()
	var to []string
	for _, msg := range msgs {
		if len(msg.To) != 1 || msg.Auth != "wg:pw" || msg.From != "reminders@assocbench.example.org" {
			t.Errorf("message to %q auth %q from %q: want one recipient, the credentials and the sender", msg.To, msg.Auth, msg.From)
			continue
		}
		addr := msg.To[0]
		to = append(to, addr)
		l := lang[addr]
		if !strings.HasPrefix(msg.Subject, subject[l]) || !strings.Contains(msg.Subject, "2026") {
			t.Errorf("to %s (%s): subject %q", addr, l, msg.Subject)
		}
		if !strings.HasPrefix(msg.Body, greeting[l]) {
			t.Errorf("to %s (%s): body starts %q", addr, l, msg.Body[:min(40, len(msg.Body))])
		}
	}
	slices.Sort(to)
	slices.Sort(missing)
	if !slices.Equal(to, missing) {
		t.Errorf("reminders went to %q, want %q", to, missing)
	}
	events, err := f.svc.Audit(ctx, survey.System, survey.AuditFilter{Action: survey.ActionRemind})
	if err != nil || len(events) != len(missing) {
		t.Errorf("%d reminder audit events, want %d (err %v)", len(events), len(missing), err)
	}
	if _, body := f.get(t, admin, page+"?sent=3&failed=1"); !strings.Contains(body, "Reminders e-mailed: 3; not sent (see the log): 1.") {
		t.Error("the progress page does not say how the sending went")
	}
}
