package api

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/reports"
	"github.com/assocbench/assocbench/survey"
)

// The meeting routes: the working group (analysts) and administrators
// plan a campaign's online meeting and its sessions; associations read
// the agenda in their people's time zones, download it as a calendar and
// register themselves (only themselves; administrators anyone).

// meetingInput is the body of POST /campaigns/{c}/meetings.
type meetingInput struct {
	ID       string            `json:"id" validate:"required,max=63"`
	Title    map[string]string `json:"title" validate:"required"`
	Days     []string          `json:"days" validate:"required,min=1,max=14,dive,datetime=2006-01-02"`
	Duration int               `json:"duration_minutes" validate:"omitempty,min=15,max=720"`
	Repeats  int               `json:"repeats" validate:"omitempty,min=1,max=4"`
	Window   string            `json:"window" validate:"omitempty,max=11"`
	Weekends bool              `json:"weekends"`
	Limits   string            `json:"limits" validate:"omitempty,max=11"`
}

// meetingPatch is the body of PATCH /meetings/{m}: the settings to change.
type meetingPatch struct {
	Title    map[string]string `json:"title"`
	Days     []string          `json:"days" validate:"omitempty,min=1,max=14,dive,datetime=2006-01-02"`
	Duration *int              `json:"duration_minutes" validate:"omitempty,min=15,max=720"`
	Repeats  *int              `json:"repeats" validate:"omitempty,min=1,max=4"`
	Window   *string           `json:"window" validate:"omitempty,max=11"`
	Weekends *bool             `json:"weekends"`
	Limits   *string           `json:"limits" validate:"omitempty,max=11"`
}

// sessionInput is the body of PUT /meetings/{m}/sessions/{s}.
type sessionInput struct {
	Title  map[string]string `json:"title" validate:"required"`
	Starts []time.Time       `json:"starts" validate:"max=4"`
	Day    string            `json:"day" validate:"omitempty,datetime=2006-01-02"`
}

// participantInput is a named participant of a registration.
type participantInput struct {
	ID       string `json:"id" validate:"required,max=41"`
	Name     string `json:"name" validate:"required,max=120"`
	TimeZone string `json:"time_zone" validate:"required,timezone"`
	Language string `json:"language" validate:"omitempty,oneof=en fr es ar"`
}

// choiceInput is one session choice of a registration.
type choiceInput struct {
	Session     string `json:"session" validate:"required,max=63"`
	Repeat      int    `json:"repeat" validate:"min=0,max=3"`
	Participant string `json:"participant" validate:"max=41"`
}

// registrationInput is the body of PUT /meetings/{m}/registrations/{association}.
type registrationInput struct {
	Participants []participantInput `json:"participants" validate:"max=20,dive"`
	Sessions     []choiceInput      `json:"sessions" validate:"max=200,dive"`
}

func (s *handlers) listMeetings(c *gin.Context) error {
	ms, err := s.svc.ListMeetings(c.Request.Context(), httpx.Principal(c), c.Param("c"))
	if err != nil {
		return err
	}
	c.JSON(statusOK, gin.H{"meetings": ms})
	return nil
}

func (s *handlers) createMeeting(c *gin.Context) error {
	if err := requireRoleEarly(c, survey.RoleAdmin, survey.RoleAnalyst); err != nil {
		return err
	}
	var in meetingInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := validateBody(&in, "invalid meeting"); err != nil {
		return err
	}
	m, err := s.svc.CreateMeeting(c.Request.Context(), httpx.Principal(c), c.Param("c"), survey.MeetingInput{
		ID: in.ID, Title: questionnaires.Text(in.Title), Days: in.Days, Duration: in.Duration, Repeats: in.Repeats,
		Window: in.Window, Weekends: in.Weekends, Limits: in.Limits})
	if err != nil {
		return err
	}
	c.Header("Location", "/api/v1/meetings/"+m.ID)
	c.JSON(statusCreated, survey.MeetingView{Meeting: m, Attendance: []survey.SessionAttendance{}})
	return nil
}

func (s *handlers) getMeeting(c *gin.Context) error {
	v, err := s.svc.GetMeeting(c.Request.Context(), httpx.Principal(c), c.Param("m"))
	if err != nil {
		return err
	}
	c.JSON(statusOK, v)
	return nil
}

func (s *handlers) patchMeeting(c *gin.Context) error {
	if err := requireRoleEarly(c, survey.RoleAdmin, survey.RoleAnalyst); err != nil {
		return err
	}
	ctx, p := c.Request.Context(), httpx.Principal(c)
	cur, err := s.svc.GetMeeting(ctx, p, c.Param("m"))
	if err != nil {
		return err
	}
	var in meetingPatch
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := validateBody(&in, "invalid meeting"); err != nil {
		return err
	}
	m := cur.Meeting
	mi := survey.MeetingInput{Title: m.Title, Days: m.Days, Duration: m.Duration, Repeats: m.Repeats,
		Window: m.Window, Weekends: m.Weekends, Limits: m.Limits}
	if in.Title != nil {
		mi.Title = in.Title
	}
	if in.Days != nil {
		mi.Days = in.Days
	}
	set(&mi.Duration, in.Duration)
	set(&mi.Repeats, in.Repeats)
	set(&mi.Window, in.Window)
	set(&mi.Weekends, in.Weekends)
	set(&mi.Limits, in.Limits)
	if _, err := s.svc.UpdateMeeting(ctx, p, m.ID, mi); err != nil {
		return err
	}
	return s.getMeeting(c)
}

// set copies *from into to when from is set.
func set[T any](to *T, from *T) {
	if from != nil {
		*to = *from
	}
}

// queryInt reads an optional integer query parameter (0 when absent).
func queryInt(c *gin.Context, name, must string) (int, error) {
	v := c.Query(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, &survey.ValidationError{Message: "invalid parameter", Fields: map[string]string{name: must}}
	}
	return n, nil
}

func (s *handlers) planMeeting(c *gin.Context) error {
	if err := requireRoleEarly(c, survey.RoleAdmin, survey.RoleAnalyst); err != nil {
		return err
	}
	req := survey.PlanRequest{Day: c.Query("date"), Window: c.Query("window"), Limits: c.Query("limits")}
	var err error
	if req.Sessions, err = queryInt(c, "sessions", "must be a number of sessions from 1 to 4"); err != nil {
		return err
	}
	if req.Duration, err = queryInt(c, "duration", "must be a number of minutes from 15 to 720"); err != nil {
		return err
	}
	if req.Grid, err = queryInt(c, "grid", "must be 15, 30 or 60 minutes"); err != nil {
		return err
	}
	plan, err := s.svc.PlanMeeting(c.Request.Context(), httpx.Principal(c), c.Param("m"), req)
	if err != nil {
		return err
	}
	c.JSON(statusOK, plan)
	return nil
}

func (s *handlers) putSession(c *gin.Context) error {
	if err := requireRoleEarly(c, survey.RoleAdmin, survey.RoleAnalyst); err != nil {
		return err
	}
	ctx, p := c.Request.Context(), httpx.Principal(c)
	if _, err := s.svc.GetMeeting(ctx, p, c.Param("m")); err != nil {
		return err
	}
	var in sessionInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := validateBody(&in, "invalid session"); err != nil {
		return err
	}
	if len(in.Starts) == 0 && in.Day == "" {
		return &survey.ValidationError{Message: "invalid session", Fields: map[string]string{
			"starts": "required: the start times of the repeats, or a day to take the planned ones"}}
	}
	m, err := s.svc.PutSession(ctx, p, c.Param("m"), c.Param("s"), survey.SessionInput{Title: questionnaires.Text(in.Title), Starts: in.Starts, Day: in.Day})
	if err != nil {
		return err
	}
	c.JSON(statusOK, m.Session(c.Param("s")))
	return nil
}

func (s *handlers) deleteSession(c *gin.Context) error {
	if _, err := s.svc.DeleteSession(c.Request.Context(), httpx.Principal(c), c.Param("m"), c.Param("s")); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

// agendaFor reads whose agenda a request asks for.
func agendaFor(c *gin.Context) survey.AgendaFor {
	return survey.AgendaFor{Participant: c.Query("participant"), Zone: c.Query("zone")}
}

func (s *handlers) agenda(c *gin.Context) error {
	ag, err := s.svc.Agenda(c.Request.Context(), httpx.Principal(c), c.Param("m"), agendaFor(c))
	if err != nil {
		return err
	}
	c.JSON(statusOK, ag)
	return nil
}

func (s *handlers) calendar(c *gin.Context) error {
	cal, err := s.svc.MeetingCalendar(c.Request.Context(), httpx.Principal(c), c.Param("m"), c.Query("session"), agendaFor(c), httpx.Lang(c))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := reports.WriteCalendar(&buf, cal); err != nil {
		return err
	}
	name := c.Param("m")
	if ses := c.Query("session"); ses != "" {
		name += "-" + ses
	}
	c.Header("Content-Disposition", `attachment; filename="`+strings.ReplaceAll(name, `"`, "")+`.ics"`)
	c.Header("Cache-Control", "no-store")
	c.Data(statusOK, reports.CalendarType, buf.Bytes())
	return nil
}

func (s *handlers) getRegistration(c *gin.Context) error {
	r, err := s.svc.GetRegistration(c.Request.Context(), httpx.Principal(c), c.Param("m"), c.Param("association"))
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(statusOK, r)
	return nil
}

func (s *handlers) putRegistration(c *gin.Context) error {
	ctx, p := c.Request.Context(), httpx.Principal(c)
	// who may register whom is known before the body is read
	if err := s.svc.MayRegister(ctx, p, c.Param("association")); err != nil {
		return err
	}
	if _, err := s.svc.GetMeeting(ctx, p, c.Param("m")); err != nil {
		return err
	}
	var in registrationInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := validateBody(&in, "invalid registration"); err != nil {
		return err
	}
	ri := survey.RegistrationInput{Participants: []survey.Participant{}, Sessions: []survey.SessionChoice{}}
	for _, pt := range in.Participants {
		ri.Participants = append(ri.Participants, survey.Participant{ID: pt.ID, Name: pt.Name, TimeZone: pt.TimeZone, Language: pt.Language})
	}
	for _, ch := range in.Sessions {
		ri.Sessions = append(ri.Sessions, survey.SessionChoice{Session: ch.Session, Repeat: ch.Repeat, Participant: ch.Participant})
	}
	r, err := s.svc.Register(ctx, p, c.Param("m"), c.Param("association"), ri)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(statusOK, r)
	return nil
}

func (s *handlers) deleteRegistration(c *gin.Context) error {
	if err := s.svc.CancelRegistration(c.Request.Context(), httpx.Principal(c), c.Param("m"), c.Param("association")); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}
