package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
)

func TestMeetingPages(t *testing.T) {
	f := newWebFixture(t, 12)
	ctx := context.Background()
	meeting := "/agenda/" + demo.MidtermMeeting

	assoc := f.client(t)
	f.signIn(t, assoc, webDemoToken, "/survey")
	staff := f.client(t)
	f.signIn(t, staff, webAnalystToken, "/dashboard")

	t.Run("each role lands on its own meeting page", func(t *testing.T) {
		for _, tc := range []struct {
			c          *http.Client
			path, want string
		}{
			{assoc, "/agenda", meeting},
			{assoc, "/meetings", "/agenda"},
			{assoc, "/meetings/" + demo.MidtermMeeting, "/agenda"},
			{staff, "/agenda", "/meetings"},
			{staff, meeting, "/meetings"},
		} {
			res := f.do(t, tc.c, "GET", tc.path, nil)
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != tc.want {
				t.Errorf("GET %s: %d to %q, want 303 to %q", tc.path, res.StatusCode, res.Header.Get("Location"), tc.want)
			}
		}
	})

	t.Run("the association adds a participant and registers", func(t *testing.T) {
		form := url.Values{"name": {"Kiri Parata"}, "time_zone": {"Pacific/Auckland"}, "language": {"en"}}
		if res := f.do(t, assoc, "POST", meeting+"/participants", form); res.StatusCode != http.StatusForbidden {
			t.Errorf("without the CSRF token: %d, want 403", res.StatusCode)
		}
		form.Set("csrf", csrfOf(t, f, assoc))
		if res := f.do(t, assoc, "POST", meeting+"/participants", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add a participant: %d", res.StatusCode)
		}
		choice := url.Values{"csrf": {csrfOf(t, f, assoc)}, "choice.centenary.kiri-parata": {"0"}, "choice.centenary.-": {"1"}}
		if res := f.do(t, assoc, "POST", meeting+"/register", choice); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("register: %d", res.StatusCode)
		}
		reg, err := f.svc.GetRegistration(ctx, survey.System, demo.MidtermMeeting, f.demoID)
		if err != nil {
			t.Fatal(err)
		}
		if len(reg.Participants) == 0 || len(reg.Sessions) != 2 {
			t.Errorf("registration %+v: want the participant and two choices", reg)
		}
		code, body := f.get(t, assoc, meeting+"?person=kiri-parata")
		if code != http.StatusOK || !strings.Contains(body, "Pacific/Auckland, UTC&#43;12:00") {
			t.Errorf("Kiri's agenda: %d, no Auckland times in it", code)
		}
		if code, _ := f.get(t, assoc, meeting+"?person=someone-else"); code != http.StatusNotFound {
			t.Errorf("another association's person: %d, want 404", code)
		}
		res := f.do(t, assoc, "GET", "/meetings/"+demo.MidtermMeeting+"/calendar.ics?person=kiri-parata", nil)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
			t.Errorf("calendar: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
	})

	t.Run("the working group plans without seeing who registered", func(t *testing.T) {
		code, body := f.get(t, staff, "/meetings/"+demo.MidtermMeeting+"?date=2026-04-29&sessions=3")
		if code != http.StatusOK || !strings.Contains(body, "142880") {
			t.Fatalf("planner: %d, no exhaustive plan in the page", code)
		}
		a, err := f.svc.GetAssociation(ctx, survey.System, f.demoID)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(body, a.Name) || strings.Contains(body, "Kiri Parata") {
			t.Error("the analyst's planner names a registered association or participant")
		}
		form := url.Values{"csrf": {csrfOf(t, f, staff)}, "id": {"extra"}, "title": {"Extra session"}, "day": {"2026-04-29"}}
		if res := f.do(t, staff, "POST", "/meetings/"+demo.MidtermMeeting+"/sessions", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add a session: %d", res.StatusCode)
		}
		if res := f.do(t, staff, "POST", "/meetings/"+demo.MidtermMeeting+"/sessions/extra/delete", url.Values{"csrf": {csrfOf(t, f, staff)}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("delete a session: %d", res.StatusCode)
		}
		code, _ = f.get(t, staff, "/meetings")
		if code != http.StatusOK {
			t.Errorf("meetings list: %d", code)
		}
	})
}
