package api_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/assocbench/assocbench/survey"
)

// meetingHarness is a server with campaign c1, associations assoc-a
// (Paris) and assoc-b (Nairobi), and meeting m1 created through the API.
func meetingHarness(t *testing.T) (*harness, string) {
	t.Helper()
	h := newHarness(t, nil)
	h.createAssociation(t, "assoc-a", "FR", 300)
	h.createAssociation(t, "assoc-b", "KE", 150)
	h.createCampaign(t, "c1", "communications")
	h.must(t, call{method: "POST", path: "/api/v1/campaigns/c1/meetings", token: analystToken, body: map[string]any{
		"id": "m1", "title": map[string]string{"en": "Midterm meeting", "fr": "Réunion"}, "days": []string{"2026-04-28", "2026-04-29"},
		"duration_minutes": 90, "repeats": 3}}, http.StatusCreated, nil)
	h.must(t, call{method: "PUT", path: "/api/v1/meetings/m1/sessions/finance", token: analystToken, body: map[string]any{
		"title": map[string]string{"en": "Finance"}, "day": "2026-04-29"}}, http.StatusOK, nil)
	return h, h.issueToken(t, "assoc-a").Token
}

func TestMeetingValidation(t *testing.T) {
	h, tokA := meetingHarness(t)
	for _, tc := range []struct {
		name, method, path, token string
		body                      any
		field                     string
	}{
		{"no days", "POST", "/api/v1/campaigns/c1/meetings", analystToken, map[string]any{"id": "m2", "title": map[string]string{"en": "X"}}, "days"},
		{"bad day", "POST", "/api/v1/campaigns/c1/meetings", analystToken,
			map[string]any{"id": "m2", "title": map[string]string{"en": "X"}, "days": []string{"29/04/2026"}}, "days"},
		{"repeats", "POST", "/api/v1/campaigns/c1/meetings", analystToken,
			map[string]any{"id": "m2", "title": map[string]string{"en": "X"}, "days": []string{"2026-04-29"}, "repeats": 7}, "repeats"},
		{"window", "PATCH", "/api/v1/meetings/m1", analystToken, map[string]any{"window": "17:00-09:00"}, "window"},
		{"session without starts", "PUT", "/api/v1/meetings/m1/sessions/x1", analystToken, map[string]any{"title": map[string]string{"en": "X"}}, "starts"},
		{"session off the days", "PUT", "/api/v1/meetings/m1/sessions/x1", analystToken,
			map[string]any{"title": map[string]string{"en": "X"}, "starts": []string{"2026-05-01T10:00:00Z"}}, "starts[0]"},
		{"participant zone", "PUT", "/api/v1/meetings/m1/registrations/assoc-a", tokA,
			map[string]any{"participants": []map[string]any{{"id": "x", "name": "X", "time_zone": "Mars/Olympus"}}}, "time_zone"},
		{"unknown session", "PUT", "/api/v1/meetings/m1/registrations/assoc-a", tokA,
			map[string]any{"sessions": []map[string]any{{"session": "nope", "repeat": 0}}}, "sessions[0].session"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := h.must(t, call{method: tc.method, path: tc.path, token: tc.token, body: tc.body, check: unchecked}, http.StatusUnprocessableEntity, nil)
			if e := r.errorBody(t); e.Error.Fields[tc.field] == "" {
				t.Errorf("fields %v, want one on %s", e.Error.Fields, tc.field)
			}
		})
	}
	for _, q := range []struct{ query, field string }{{"sessions=x", "sessions"}, {"date=2026-4-29", "date"}, {"duration=-5", "duration"}, {"sessions=9", "sessions"}} {
		r := h.must(t, call{method: "GET", path: "/api/v1/meetings/m1/plan?" + q.query, token: analystToken}, http.StatusUnprocessableEntity, nil)
		if e := r.errorBody(t); e.Error.Fields[q.field] == "" {
			t.Errorf("plan?%s: fields %v, want one on %s", q.query, e.Error.Fields, q.field)
		}
	}
}

func TestMeetingRegistrationAndCalendar(t *testing.T) {
	h, tokA := meetingHarness(t)
	reg := map[string]any{
		"participants": []map[string]any{{"id": "kiri", "name": "Kiri", "time_zone": "Pacific/Auckland", "language": "en"}},
		"sessions":     []map[string]any{{"session": "finance", "repeat": 1}, {"session": "finance", "repeat": 0, "participant": "kiri"}},
	}
	// an association registers only itself
	h.must(t, call{method: "PUT", path: "/api/v1/meetings/m1/registrations/assoc-b", token: tokA, body: reg}, http.StatusNotFound, nil)
	h.must(t, call{method: "PUT", path: "/api/v1/meetings/m1/registrations/assoc-a", token: analystToken, body: reg}, http.StatusForbidden, nil)
	var got survey.Registration
	h.must(t, call{method: "PUT", path: "/api/v1/meetings/m1/registrations/assoc-a", token: tokA, body: reg}, http.StatusOK, &got)
	if got.Association != "assoc-a" || len(got.Participants) != 1 || len(got.Sessions) != 2 {
		t.Errorf("registration %+v", got)
	}
	h.must(t, call{method: "PUT", path: "/api/v1/meetings/m1/registrations/assoc-b", token: adminToken,
		body: map[string]any{"sessions": []map[string]any{{"session": "finance", "repeat": 2}}}}, http.StatusOK, nil)

	var asA survey.MeetingView
	h.must(t, call{method: "GET", path: "/api/v1/meetings/m1", token: tokA}, http.StatusOK, &asA)
	if len(asA.Registrations) != 1 || asA.Registrations[0].Association != "assoc-a" {
		t.Errorf("assoc-a sees registrations %+v, want its own only", asA.Registrations)
	}
	var asAnalyst survey.MeetingView
	h.must(t, call{method: "GET", path: "/api/v1/meetings/m1", token: analystToken}, http.StatusOK, &asAnalyst)
	if len(asAnalyst.Registrations) != 0 || len(asAnalyst.Attendance) != 3 {
		t.Errorf("the analyst sees %d registrations and %d attendance rows, want 0 and 3", len(asAnalyst.Registrations), len(asAnalyst.Attendance))
	}

	// Kiri's calendar: one event, the repeat registered, in UTC
	r := h.must(t, call{method: "GET", path: "/api/v1/meetings/m1/calendar?participant=kiri", token: tokA}, http.StatusOK, nil)
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
		t.Errorf("Content-Type %q", ct)
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(r.body))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	m := asA.Meeting
	want := m.Session("finance").Starts[0]
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("%d events, want 1", len(evs))
	}
	start, err := evs[0].GetStartAt()
	if err != nil || !start.Equal(want) {
		t.Errorf("start %v (%v), want %v", start, err, want)
	}
	if end, _ := evs[0].GetEndAt(); !end.Equal(want.Add(90 * time.Minute)) {
		t.Errorf("end %v, want %v", end, want.Add(90*time.Minute))
	}

	// the agenda in Kiri's zone
	var ag survey.Agenda
	h.must(t, call{method: "GET", path: "/api/v1/meetings/m1/agenda?participant=kiri", token: tokA}, http.StatusOK, &ag)
	if ag.Zone != "Pacific/Auckland" || len(ag.Items) != 1 || ag.Items[0].Attending != 0 || !ag.Items[0].Registered {
		t.Errorf("agenda %+v", ag)
	}
	if _, off := ag.Items[0].Repeats[0].LocalStart.Zone(); off != 12*3600 {
		t.Errorf("Auckland offset %d, want +12:00", off)
	}

	// the plan: the shape the CLI prints too
	var plan struct {
		Sessions []struct {
			Start, End time.Time
		} `json:"sessions"`
		Regions []struct {
			Region                string
			Participants, Covered int
		} `json:"regions"`
		Covered, Participants int
	}
	h.must(t, call{method: "GET", path: "/api/v1/meetings/m1/plan?date=2026-04-29&sessions=3&duration=90", token: analystToken}, http.StatusOK, &plan)
	if len(plan.Sessions) != 3 || plan.Participants != 3 || len(plan.Regions) != 2 {
		t.Errorf("plan %+v: want 3 sessions, 3 participants (2 associations, 1 named) in 2 regions", plan)
	}
}
