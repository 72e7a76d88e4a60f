package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/reports"
	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
)

// The meeting pages: the working group's planner (/meetings, staff) and
// the association's agenda (/agenda). Every time is shown in a person's
// own zone with the zone named, in a <time> element carrying the instant
// with its offset; the UTC time is beside it.

func (w *site) meetingRoutes(e *gin.Engine) {
	e.GET("/meetings", w.meetingsPage)
	e.POST("/meetings", w.createMeeting)
	e.GET("/meetings/:m", w.plannerPage)
	e.POST("/meetings/:m/sessions", w.saveSession)
	e.POST("/meetings/:m/sessions/:s/delete", w.deleteSession)
	e.GET("/meetings/:m/calendar.ics", w.calendarFile)
	e.GET("/agenda", w.agendaIndex)
	e.GET("/agenda/:m", w.agendaPage)
	e.POST("/agenda/:m/register", w.register)
	e.POST("/agenda/:m/participants", w.addParticipant)
	e.POST("/agenda/:m/participants/:id/delete", w.removeParticipant)
	e.POST("/agenda/:m/cancel", w.cancelRegistration)
}

// localTime is an instant shown in a zone.
type localTime struct {
	// ISO is the instant with the zone's offset (the datetime attribute).
	ISO string
	// Text is the local date and time range in the page's language.
	Text string
	// Zone names the zone and its offset ("Pacific/Auckland, UTC+12:00").
	Zone string
	// UTC is the same range in UTC.
	UTC string
}

// newLocal writes [start, end) in loc for lang.
func newLocal(start, end time.Time, loc *time.Location, lang string) localTime {
	ls, le := start.In(loc), end.In(loc)
	text := i18n.DateTime(ls, lang) + "–" + i18n.Time(le, lang)
	if ls.Format(time.DateOnly) != le.Format(time.DateOnly) {
		text = i18n.DateTime(ls, lang) + " – " + i18n.DateTime(le, lang)
	}
	_, off := ls.Zone()
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	return localTime{ISO: ls.Format(time.RFC3339), Text: text,
		Zone: fmt.Sprintf("%s, UTC%s%02d:%02d", i18n.Zone(loc), sign, off/3600, off/60%60),
		UTC:  start.UTC().Format("2006-01-02 15:04") + "–" + end.UTC().Format("15:04") + " UTC"}
}

// staffOnly sends associations to their agenda; it returns false when it answered.
func (w *site) staffOnly(c *gin.Context) (survey.Principal, bool) {
	p, ok := w.principal(c)
	if !ok {
		return p, false
	}
	if p.Role == survey.RoleAssociation {
		c.Redirect(http.StatusSeeOther, "/agenda")
		return p, false
	}
	return p, true
}

// meetingsData is the staff list of meetings and the creation form.
type meetingsData struct {
	Meetings  []meetingLink
	Campaigns []option
}

type meetingLink struct {
	URL, Title, Campaign, Days string
	Sessions                   int
}

func (w *site) meetingsPage(c *gin.Context) {
	p, ok := w.staffOnly(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	pg := w.newPage(c, "meet.title", &p)
	cs, err := w.svc.ListCampaigns(ctx, p)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	d := meetingsData{}
	for _, cp := range cs {
		d.Campaigns = append(d.Campaigns, option{Value: cp.ID, Label: cp.Title.In(pg.Lang)})
		ms, err := w.svc.ListMeetings(ctx, p, cp.ID)
		if err != nil {
			w.errorPage(c, err)
			return
		}
		for _, m := range ms {
			d.Meetings = append(d.Meetings, meetingLink{URL: "/meetings/" + m.ID, Title: m.Title.In(pg.Lang),
				Campaign: cp.Title.In(pg.Lang), Days: strings.Join(m.Days, ", "), Sessions: len(m.Sessions)})
		}
	}
	if len(d.Campaigns) > 0 {
		d.Campaigns[len(d.Campaigns)-1].Selected = true
	}
	pg.Data = d
	w.render(c, http.StatusOK, "meetings", pg)
}

func (w *site) createMeeting(c *gin.Context) {
	p, ok := w.staffOnly(c)
	if !ok {
		return
	}
	if err := formCSRF(c); err != nil {
		w.formExpired(c)
		return
	}
	duration, _ := strconv.Atoi(c.PostForm("duration"))
	repeats, _ := strconv.Atoi(c.PostForm("repeats"))
	days := strings.FieldsFunc(c.PostForm("days"), func(r rune) bool { return r == ',' || r == ' ' || r == ';' })
	m, err := w.svc.CreateMeeting(c.Request.Context(), p, c.PostForm("campaign"), survey.MeetingInput{
		ID: strings.TrimSpace(c.PostForm("id")), Title: questionnaires.Text{"en": strings.TrimSpace(c.PostForm("title"))},
		Days: days, Duration: duration, Repeats: repeats})
	if err != nil {
		w.errorPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/meetings/"+m.ID)
}

// plannerData is the working group's page of one meeting.
type plannerData struct {
	ID, Title, Campaign, Days, Window string
	Duration, Repeats                 int
	Weekends                          bool
	DayOptions                        []option
	SessionOptions                    []option
	Plan                              *planView
	Sessions                          []sessionView
	Calendar                          string
}

// planView is a plan as the page shows it.
type planView struct {
	Date                  string
	Starts                []string
	Regions               []regionRow
	Zones                 []zoneRow
	Covered, Participants int
	OffHours, Evaluated   int
	WithoutZone           int
}

type regionRow struct {
	Region                string
	Participants, Covered int
	Share                 string
}

type zoneRow struct {
	Zone         string
	Participants int
	Times        []zoneTime
}

type zoneTime struct {
	Text    string
	Covered bool
}

// sessionView is a session of the agenda with its coverage and registrations.
type sessionView struct {
	ID, Title, Delete string
	Repeats           []repeatRow
}

type repeatRow struct {
	UTC        string
	Regions    []regionRow
	Covered    int
	Registered int
}

func regionRows(rs []scoring.RegionCoverage, lang string) []regionRow {
	out := make([]regionRow, len(rs))
	for i, r := range rs {
		name := r.Region
		if q := questionnaires.Region(r.Region); q.Valid() {
			name = q.Label(lang)
		}
		out[i] = regionRow{Region: name, Participants: r.Participants, Covered: r.Covered, Share: reports.Percent(r.Share)}
	}
	return out
}

func newPlanView(pl *survey.Plan, lang string) *planView {
	v := &planView{Date: pl.Date, Regions: regionRows(pl.Regions, lang), Covered: pl.Covered, Participants: pl.Participants,
		OffHours: pl.OffHoursMinutes, Evaluated: pl.Evaluated, WithoutZone: pl.WithoutTimeZone}
	for _, s := range pl.Sessions {
		v.Starts = append(v.Starts, s.Start.Format("15:04")+"–"+s.End.Format("15:04")+" UTC")
	}
	if len(pl.Sessions) > 0 {
		for zi, l := range pl.Sessions[0].Local {
			z := zoneRow{Zone: l.Zone, Participants: l.Participants}
			for _, s := range pl.Sessions {
				ls := s.Local[zi]
				z.Times = append(z.Times, zoneTime{Text: ls.Date + " " + ls.Start + "–" + ls.End + " (UTC" + ls.Offset + ")", Covered: ls.Covered})
			}
			v.Zones = append(v.Zones, z)
		}
	}
	return v
}

func (w *site) plannerPage(c *gin.Context) {
	p, ok := w.staffOnly(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	v, err := w.svc.GetMeeting(ctx, p, c.Param("m"))
	if err != nil {
		w.errorPage(c, err)
		return
	}
	m := v.Meeting
	pg := w.newPage(c, "", &p)
	l := pg.Lang
	pg.Title = m.Title.In(l)
	d := plannerData{ID: m.ID, Title: m.Title.In(l), Campaign: m.Campaign, Days: strings.Join(m.Days, ", "), Window: m.Window,
		Duration: m.Duration, Repeats: m.Repeats, Weekends: m.Weekends, Calendar: "/meetings/" + m.ID + "/calendar.ics"}
	day := c.Query("date")
	if !slices.Contains(m.Days, day) {
		day = m.Days[0]
	}
	for _, dd := range m.Days {
		d.DayOptions = append(d.DayOptions, option{Value: dd, Label: dd, Selected: dd == day})
	}
	sessions, _ := strconv.Atoi(c.Query("sessions"))
	if sessions < 1 || sessions > 4 {
		sessions = m.Repeats
	}
	for n := 1; n <= 4; n++ {
		d.SessionOptions = append(d.SessionOptions, option{Value: strconv.Itoa(n), Label: strconv.Itoa(n), Selected: n == sessions})
	}
	if c.Query("date") != "" {
		pl, err := w.svc.PlanMeeting(ctx, p, m.ID, survey.PlanRequest{Day: day, Sessions: sessions})
		if err != nil {
			w.errorPage(c, err)
			return
		}
		d.Plan = newPlanView(pl, l)
	}
	cov, err := w.svc.SessionCoverage(ctx, p, m.ID)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	for i, ses := range m.Sessions {
		sv := sessionView{ID: ses.ID, Title: ses.Title.In(l), Delete: "/meetings/" + m.ID + "/sessions/" + ses.ID + "/delete"}
		for r, ps := range cov[i].Sessions {
			row := repeatRow{UTC: ps.Start.Format("2006-01-02 15:04") + "–" + ps.End.Format("15:04") + " UTC",
				Regions: regionRows(ps.Regions, l), Covered: ps.Covered}
			for _, a := range v.Attendance {
				if a.Session == ses.ID && a.Repeat == r {
					row.Registered = a.Registered
				}
			}
			sv.Repeats = append(sv.Repeats, row)
		}
		d.Sessions = append(d.Sessions, sv)
	}
	pg.Data = d
	w.render(c, http.StatusOK, "meeting", pg)
}

func (w *site) saveSession(c *gin.Context) {
	p, ok := w.staffOnly(c)
	if !ok {
		return
	}
	if err := formCSRF(c); err != nil {
		w.formExpired(c)
		return
	}
	in := survey.SessionInput{Title: questionnaires.Text{"en": strings.TrimSpace(c.PostForm("title"))}, Day: c.PostForm("day")}
	if _, err := w.svc.PutSession(c.Request.Context(), p, c.Param("m"), strings.TrimSpace(c.PostForm("id")), in); err != nil {
		w.errorPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/meetings/"+url.PathEscape(c.Param("m")))
}

func (w *site) deleteSession(c *gin.Context) {
	p, ok := w.staffOnly(c)
	if !ok {
		return
	}
	if err := formCSRF(c); err != nil {
		w.formExpired(c)
		return
	}
	if _, err := w.svc.DeleteSession(c.Request.Context(), p, c.Param("m"), c.Param("s")); err != nil {
		w.errorPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/meetings/"+url.PathEscape(c.Param("m")))
}

// calendarFile serves the agenda as .ics: a person's of the association
// (?person=), or every repeat for staff; ?session= for one session.
func (w *site) calendarFile(c *gin.Context) {
	p, ok := w.principal(c)
	if !ok {
		return
	}
	cal, err := w.svc.MeetingCalendar(c.Request.Context(), p, c.Param("m"), c.Query("session"),
		survey.AgendaFor{Participant: c.Query("person")}, httpx.Lang(c))
	if err != nil {
		w.errorPage(c, err)
		return
	}
	var buf bytes.Buffer
	if err := reports.WriteCalendar(&buf, cal); err != nil {
		w.errorPage(c, err)
		return
	}
	name := c.Param("m")
	if s := c.Query("session"); s != "" {
		name += "-" + s
	}
	c.Header("Content-Disposition", `attachment; filename="`+strings.Map(safeFileRune, name)+`.ics"`)
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, reports.CalendarType, buf.Bytes())
}

// safeFileRune keeps slug characters of a file name.
func safeFileRune(r rune) rune {
	if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
		return r
	}
	return '_'
}
