package survey_test

import (
	"errors"
	"testing"
	"time"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
)

// setupMeeting creates campaign c1, associations a1 (Paris) and a2
// (Nairobi), and meeting m1 over 28-30 April 2026 with three repeats.
func (f *fixture) setupMeeting(t *testing.T) *survey.Meeting {
	t.Helper()
	f.setup(t)
	if _, err := f.svc.UpdateAssociation(f.ctx, admin, "a2", survey.AssociationPatch{TimeZone: ptrTo("Africa/Nairobi")}); err != nil {
		t.Fatal(err)
	}
	m, err := f.svc.CreateMeeting(f.ctx, analyst, "c1", survey.MeetingInput{ID: "m1", Title: questionnaires.Text{"en": "Midterm meeting"},
		Days: []string{"2026-04-28", "2026-04-29", "2026-04-30"}, Duration: 90, Repeats: 3})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func ptrTo[T any](v T) *T { return &v }

func TestCreateMeetingValidation(t *testing.T) {
	f := newFixture(t)
	f.setup(t)
	good := survey.MeetingInput{ID: "m1", Title: questionnaires.Text{"en": "Midterm"}, Days: []string{"2026-04-29"}}
	for _, tc := range []struct {
		name  string
		edit  func(*survey.MeetingInput)
		field string
	}{
		{"id", func(in *survey.MeetingInput) { in.ID = "M 1" }, "id"},
		{"title", func(in *survey.MeetingInput) { in.Title = questionnaires.Text{"fr": "Réunion"} }, "title"},
		{"no days", func(in *survey.MeetingInput) { in.Days = nil }, "days"},
		{"bad day", func(in *survey.MeetingInput) { in.Days = []string{"2026-02-30"} }, "days[0]"},
		{"unordered days", func(in *survey.MeetingInput) { in.Days = []string{"2026-04-29", "2026-04-28"} }, "days"},
		{"duration", func(in *survey.MeetingInput) { in.Duration = 5 }, "duration_minutes"},
		{"repeats", func(in *survey.MeetingInput) { in.Repeats = 9 }, "repeats"},
		{"window", func(in *survey.MeetingInput) { in.Window = "17:00-09:00" }, "window"},
		{"limits", func(in *survey.MeetingInput) { in.Limits = "10:00-16:00" }, "limits"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := good
			tc.edit(&in)
			_, err := f.svc.CreateMeeting(f.ctx, admin, "c1", in)
			var ve *survey.ValidationError
			if !errors.As(err, &ve) || ve.Fields[tc.field] == "" {
				t.Errorf("CreateMeeting: error %v, want a validation error on %s", err, tc.field)
			}
		})
	}
	if _, err := f.svc.CreateMeeting(f.ctx, assocPrincipal("a1"), "c1", good); !errors.Is(err, survey.ErrNotFound) {
		t.Errorf("an association creating a meeting: %v, want ErrNotFound", err)
	}
	if _, err := f.svc.CreateMeeting(f.ctx, admin, "nope", good); !errors.Is(err, survey.ErrNotFound) {
		t.Errorf("a meeting of a missing campaign: %v, want ErrNotFound", err)
	}
}

func TestMeetingSessionsAndRegistrations(t *testing.T) {
	f := newFixture(t)
	f.setupMeeting(t)
	m, err := f.svc.PutSession(f.ctx, analyst, "m1", "finance", survey.SessionInput{Title: questionnaires.Text{"en": "Financial sustainability"}, Day: "2026-04-29"})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(m.Session("finance").Starts); got != 3 {
		t.Fatalf("planned session has %d starts, want 3", got)
	}
	starts := m.Session("finance").Starts
	if _, err := f.svc.PutSession(f.ctx, analyst, "m1", "late", survey.SessionInput{Title: questionnaires.Text{"en": "Late"},
		Starts: []time.Time{time.Date(2026, 5, 2, 10, 0, 0, 0, time.UTC)}}); !isField(err, "starts[0]") {
		t.Errorf("a session outside the days: %v, want a validation error on starts[0]", err)
	}

	a1 := assocPrincipal("a1")
	in := survey.RegistrationInput{
		Participants: []survey.Participant{{ID: "kiri", Name: "Kiri", TimeZone: "Pacific/Auckland"}},
		Sessions:     []survey.SessionChoice{{Session: "finance", Repeat: 1}, {Session: "finance", Repeat: 0, Participant: "kiri"}},
	}
	if _, err := f.svc.Register(f.ctx, a1, "m1", "a1", in); err != nil {
		t.Fatalf("a1 registers itself: %v", err)
	}
	// an association registers only itself; analysts register nobody
	for _, tc := range []struct {
		p     survey.Principal
		assoc string
		want  error
	}{{a1, "a2", survey.ErrNotFound}, {analyst, "a1", survey.ErrForbidden}, {survey.Principal{}, "a1", survey.ErrUnauthenticated}} {
		if _, err := f.svc.Register(f.ctx, tc.p, "m1", tc.assoc, in); !errors.Is(err, tc.want) {
			t.Errorf("%s registering %s: %v, want %v", tc.p.Role, tc.assoc, err, tc.want)
		}
		if _, err := f.svc.GetRegistration(f.ctx, tc.p, "m1", tc.assoc); !errors.Is(err, tc.want) {
			t.Errorf("%s reading %s's registration: %v, want %v", tc.p.Role, tc.assoc, err, tc.want)
		}
	}
	if _, err := f.svc.Register(f.ctx, admin, "m1", "a2", survey.RegistrationInput{Sessions: []survey.SessionChoice{{Session: "finance", Repeat: 2}}}); err != nil {
		t.Fatalf("an administrator registers a2: %v", err)
	}
	for _, tc := range []struct {
		name  string
		in    survey.RegistrationInput
		field string
	}{
		{"zone", survey.RegistrationInput{Participants: []survey.Participant{{ID: "x", Name: "X", TimeZone: "Mars/Olympus"}}}, "participants[0].time_zone"},
		{"name", survey.RegistrationInput{Participants: []survey.Participant{{ID: "x", TimeZone: "UTC"}}}, "participants[0].name"},
		{"session", survey.RegistrationInput{Sessions: []survey.SessionChoice{{Session: "none"}}}, "sessions[0].session"},
		{"repeat", survey.RegistrationInput{Sessions: []survey.SessionChoice{{Session: "finance", Repeat: 3}}}, "sessions[0].repeat"},
		{"participant", survey.RegistrationInput{Sessions: []survey.SessionChoice{{Session: "finance", Participant: "ghost"}}}, "sessions[0].participant"},
	} {
		if _, err := f.svc.Register(f.ctx, a1, "m1", "a1", tc.in); !isField(err, tc.field) {
			t.Errorf("%s: %v, want a validation error on %s", tc.name, err, tc.field)
		}
	}

	// what each caller sees of the meeting
	v, err := f.svc.GetMeeting(f.ctx, a1, "m1")
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Registrations) != 1 || v.Registrations[0].Association != "a1" || v.Attendance != nil {
		t.Errorf("a1 sees registrations %+v and attendance %v; want its own only and no counts", v.Registrations, v.Attendance)
	}
	v, err = f.svc.GetMeeting(f.ctx, analyst, "m1")
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Registrations) != 0 {
		t.Errorf("an analyst sees registrations %+v, want none (counts only)", v.Registrations)
	}
	want := []int{1, 1, 1} // kiri at 0, a1 at 1, a2 at 2
	for i, a := range v.Attendance {
		if a.Registered != want[i] {
			t.Errorf("attendance of repeat %d: %d, want %d", i, a.Registered, want[i])
		}
	}

	// the agenda in Kiri's zone: Auckland, UTC+12 in April
	ag, err := f.svc.Agenda(f.ctx, a1, "m1", survey.AgendaFor{Participant: "kiri"})
	if err != nil {
		t.Fatal(err)
	}
	r := ag.Items[0].Repeats[0]
	if ag.Zone != "Pacific/Auckland" || !r.LocalStart.Equal(starts[0]) {
		t.Errorf("agenda zone %s, first repeat %v", ag.Zone, r.LocalStart)
	}
	if _, off := r.LocalStart.Zone(); off != 12*3600 {
		t.Errorf("Auckland offset on 29 April 2026: %d s, want +12:00", off)
	}
	if !ag.Items[0].Registered || ag.Items[0].Attending != 0 {
		t.Errorf("kiri's item: registered %v attending %d, want repeat 0", ag.Items[0].Registered, ag.Items[0].Attending)
	}
	if _, err := f.svc.Agenda(f.ctx, assocPrincipal("a2"), "m1", survey.AgendaFor{Participant: "kiri"}); !errors.Is(err, survey.ErrNotFound) {
		t.Errorf("a2 asking for a1's participant: %v, want ErrNotFound", err)
	}

	// calendar UIDs survive an edit; the sequence grows
	cal1, err := f.svc.MeetingCalendar(f.ctx, a1, "m1", "", survey.AgendaFor{}, "en")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.PutSession(f.ctx, analyst, "m1", "finance", survey.SessionInput{Title: questionnaires.Text{"en": "Finance (renamed)"}, Starts: starts}); err != nil {
		t.Fatal(err)
	}
	cal2, err := f.svc.MeetingCalendar(f.ctx, a1, "m1", "", survey.AgendaFor{}, "en")
	if err != nil {
		t.Fatal(err)
	}
	if len(cal1.Events) != 1 || len(cal2.Events) != 1 || cal1.Events[0].UID != cal2.Events[0].UID || cal2.Events[0].Sequence <= cal1.Events[0].Sequence {
		t.Errorf("calendar before %+v and after an edit %+v: want one event, same UID, higher sequence", cal1.Events, cal2.Events)
	}
	staff, err := f.svc.MeetingCalendar(f.ctx, analyst, "m1", "finance", survey.AgendaFor{}, "en")
	if err != nil || len(staff.Events) != 3 {
		t.Errorf("staff calendar of a session: %v events, %v; want one per repeat", len(staff.Events), err)
	}

	// deleting the session drops the choices
	if _, err := f.svc.DeleteSession(f.ctx, analyst, "m1", "finance"); err != nil {
		t.Fatal(err)
	}
	reg, err := f.svc.GetRegistration(f.ctx, a1, "m1", "a1")
	if err != nil || len(reg.Sessions) != 0 || len(reg.Participants) != 1 {
		t.Errorf("after deleting the session: %+v, %v; want no choices and the participant kept", reg, err)
	}
	if err := f.svc.CancelRegistration(f.ctx, a1, "m1", "a2"); !errors.Is(err, survey.ErrNotFound) {
		t.Errorf("a1 cancelling a2: %v, want ErrNotFound", err)
	}
	if err := f.svc.CancelRegistration(f.ctx, a1, "m1", "a1"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.GetRegistration(f.ctx, a1, "m1", "a1"); !errors.Is(err, survey.ErrNotFound) {
		t.Errorf("after cancelling: %v, want ErrNotFound", err)
	}
}

func TestPlanCampaignParticipants(t *testing.T) {
	f := newFixture(t)
	f.setupMeeting(t)
	if _, err := f.svc.PutSession(f.ctx, admin, "m1", "s1", survey.SessionInput{Title: questionnaires.Text{"en": "S"}, Day: "2026-04-29"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Register(f.ctx, admin, "m1", "a1", survey.RegistrationInput{
		Participants: []survey.Participant{{ID: "ana", Name: "Ana", TimeZone: "America/Sao_Paulo"}}}); err != nil {
		t.Fatal(err)
	}
	p, err := f.svc.PlanCampaign(f.ctx, analyst, "c1", survey.PlanRequest{Day: "2026-04-29", Sessions: 2, Duration: 60})
	if err != nil {
		t.Fatal(err)
	}
	if p.Participants != 3 || len(p.Sessions) != 2 {
		t.Errorf("plan: %d participants, %d sessions; want 3 (two associations and a named participant) and 2", p.Participants, len(p.Sessions))
	}
	if _, err := f.svc.PlanCampaign(f.ctx, assocPrincipal("a1"), "c1", survey.PlanRequest{Day: "2026-04-29"}); !errors.Is(err, survey.ErrNotFound) {
		t.Errorf("an association planning: %v, want ErrNotFound", err)
	}
	if _, err := f.svc.PlanCampaign(f.ctx, analyst, "c1", survey.PlanRequest{Day: "29/04/2026"}); !isField(err, "date") {
		t.Errorf("a bad date: %v, want a validation error on date", err)
	}
}

// isField reports whether err is a validation error naming field.
func isField(err error, field string) bool {
	var ve *survey.ValidationError
	return errors.As(err, &ve) && ve.Fields[field] != ""
}
