package survey

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
)

// Meeting is an online meeting of a campaign's working group held over a
// few days across every time zone (the midterm meeting): sessions, each
// held Repeats times so that every region can attend one repeat in its
// working hours, and the associations' registrations. Stored as one
// document (its _id the slug ID).
type Meeting struct {
	// ID is a slug (^[a-z0-9][a-z0-9-]{1,62}$).
	ID       string              `json:"id"`
	Campaign string              `json:"campaign"`
	Title    questionnaires.Text `json:"title"`
	// Days are the meeting's UTC dates, YYYY-MM-DD, in order.
	Days []string `json:"days"`
	// Duration is the length of a session in minutes.
	Duration int `json:"duration_minutes"`
	// Repeats is how many times each session is held (1-4).
	Repeats int `json:"repeats"`
	// Window is the local working window, "09:00-17:00".
	Window string `json:"window"`
	// Weekends makes the window count on Saturdays and Sundays.
	Weekends bool `json:"weekends"`
	// Limits are optional hard limits, "07:00-21:00" ("" for none).
	Limits string `json:"limits,omitempty"`
	// Sessions are the agenda, in start order.
	Sessions []MeetingSession `json:"sessions"`
	// Registrations are the associations' registrations, by association id.
	Registrations []Registration `json:"registrations"`
	// Revision increases with every change; calendars use it as SEQUENCE.
	Revision  int64     `json:"revision"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// MeetingSession is one item of the agenda, held at each of Starts.
type MeetingSession struct {
	// ID is a slug, stable across edits (calendar UIDs are made of it).
	ID    string              `json:"id"`
	Title questionnaires.Text `json:"title"`
	// Starts are the UTC instants of the session's repeats, in order.
	Starts []time.Time `json:"starts"`
}

// Registration is an association's registration for a meeting: its named
// participants and who attends which repeat of which session.
type Registration struct {
	Association  string          `json:"association"`
	Participants []Participant   `json:"participants"`
	Sessions     []SessionChoice `json:"sessions"`
	At           time.Time       `json:"at"`
	By           string          `json:"by"`
}

// Participant is a named person of an association, who may live in
// another time zone than the association's profile says.
type Participant struct {
	// ID names the participant within its association (a slug).
	ID       string `json:"id"`
	Name     string `json:"name"`
	TimeZone string `json:"time_zone"`
	// Language is the participant's language for the agenda (en, fr, es, ar; "" for the association's).
	Language string `json:"language,omitempty"`
}

// SessionChoice says that a participant (its ID; "" for the association
// itself, in its profile time zone) attends repeat Repeat (0-based) of a session.
type SessionChoice struct {
	Session     string `json:"session"`
	Repeat      int    `json:"repeat"`
	Participant string `json:"participant,omitempty"`
}

// Limits of a meeting document.
const (
	maxMeetingDays   = 14
	maxRepeats       = 4
	maxSessions      = 40
	maxParticipants  = 20
	maxMeetingTitle  = 200
	maxPersonName    = 120
	minMeetingLength = 15
	maxMeetingLength = 720
)

var reParticipant = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,40}$`)

// Session returns the session with the id, or nil.
func (m *Meeting) Session(id string) *MeetingSession {
	for i := range m.Sessions {
		if m.Sessions[i].ID == id {
			return &m.Sessions[i]
		}
	}
	return nil
}

// Registration returns the association's registration, or nil.
func (m *Meeting) Registration(association string) *Registration {
	for i := range m.Registrations {
		if m.Registrations[i].Association == association {
			return &m.Registrations[i]
		}
	}
	return nil
}

// PlanOptions returns the planner's options for one of the meeting's days.
func (m *Meeting) PlanOptions(day time.Time) scoring.PlanOptions {
	o := scoring.PlanOptions{Date: day, Duration: time.Duration(m.Duration) * time.Minute, Sessions: m.Repeats, Weekends: m.Weekends}
	o.Window, _ = scoring.ParseClockRange(m.Window) // checked by validate
	if m.Limits != "" {
		o.Limits, _ = scoring.ParseClockRange(m.Limits)
	}
	return o
}

// validTitle checks a required multilingual title.
func validTitle(f fieldErrors, field string, t questionnaires.Text) {
	if strings.TrimSpace(t["en"]) == "" {
		f.add(field, "required: an English title (en)")
	}
	for lang, s := range t {
		if !slices.Contains(questionnaires.MessageLanguages, lang) {
			f.add(field, "languages must be en, fr, es or ar, not %q", truncate(lang, 10))
		}
		if m := validText(s, maxMeetingTitle); m != "" {
			f.add(field+"."+lang, "%s", m)
		}
	}
}

// validate checks the meeting's settings (not its sessions or registrations).
func (m *Meeting) validate() error {
	f := fieldErrors{}
	if !ValidSlug(m.ID) {
		f.add("id", "must be a slug: lower-case letters, digits and hyphens, 2 to 63 characters")
	}
	validTitle(f, "title", m.Title)
	if len(m.Days) == 0 || len(m.Days) > maxMeetingDays {
		f.add("days", "must list from 1 to %d dates", maxMeetingDays)
	}
	for i, d := range m.Days {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			f.add(fmt.Sprintf("days[%d]", i), "must be a date YYYY-MM-DD")
		} else if i > 0 && d <= m.Days[i-1] {
			f.add("days", "must be in order, each date once")
		}
	}
	if m.Duration < minMeetingLength || m.Duration > maxMeetingLength {
		f.add("duration_minutes", "must be from %d to %d", minMeetingLength, maxMeetingLength)
	}
	if m.Repeats < 1 || m.Repeats > maxRepeats {
		f.add("repeats", "must be from 1 to %d", maxRepeats)
	}
	win, err := scoring.ParseClockRange(m.Window)
	if err != nil {
		f.add("window", "must be a range of local times such as 09:00-17:00")
	}
	if m.Limits != "" {
		lim, err := scoring.ParseClockRange(m.Limits)
		switch {
		case err != nil:
			f.add("limits", "must be a range of local times such as 07:00-21:00")
		case win.From < lim.From || win.To > lim.To:
			f.add("limits", "must contain the working window %s", m.Window)
		}
	}
	return f.err("invalid meeting")
}

// validateSession checks a session against the meeting.
func (m *Meeting) validateSession(s *MeetingSession) error {
	f := fieldErrors{}
	if !ValidSlug(s.ID) {
		f.add("id", "must be a slug: lower-case letters, digits and hyphens, 2 to 63 characters")
	}
	validTitle(f, "title", s.Title)
	if len(s.Starts) == 0 || len(s.Starts) > m.Repeats {
		f.add("starts", "must list from 1 to %d start times (the meeting's repeats)", m.Repeats)
	}
	for i, t := range s.Starts {
		field := fmt.Sprintf("starts[%d]", i)
		switch {
		case !slices.Contains(m.Days, t.UTC().Format(time.DateOnly)):
			f.add(field, "must be on one of the meeting's days (%s), by its UTC date", strings.Join(m.Days, ", "))
		case t.Second() != 0 || t.Nanosecond() != 0:
			f.add(field, "must be on a whole minute")
		case i > 0 && !t.After(s.Starts[i-1]):
			f.add("starts", "must be in order, each time once")
		}
	}
	return f.err("invalid session")
}

// validateRegistration checks a registration against the meeting.
func (m *Meeting) validateRegistration(r *Registration) error {
	f := fieldErrors{}
	if len(r.Participants) > maxParticipants {
		f.add("participants", "must list at most %d participants", maxParticipants)
	}
	ids := map[string]bool{"": true}
	for i, p := range r.Participants {
		field := fmt.Sprintf("participants[%d]", i)
		if !reParticipant.MatchString(p.ID) {
			f.add(field+".id", "must be a short slug: lower-case letters, digits and hyphens")
		} else if ids[p.ID] {
			f.add(field+".id", "is used twice")
		}
		ids[p.ID] = true
		if m := validText(p.Name, maxPersonName); m != "" {
			f.add(field+".name", "%s", m)
		}
		if !validZone(p.TimeZone) {
			f.add(field+".time_zone", "must be an IANA time zone name such as Europe/Paris")
		}
		if p.Language != "" && !slices.Contains(questionnaires.MessageLanguages, p.Language) {
			f.add(field+".language", "must be one of en, fr, es, ar")
		}
	}
	seen := map[string]bool{}
	for i, c := range r.Sessions {
		field := fmt.Sprintf("sessions[%d]", i)
		s := m.Session(c.Session)
		switch {
		case s == nil:
			f.add(field+".session", "no session %q in this meeting", c.Session)
		case c.Repeat < 0 || c.Repeat >= len(s.Starts):
			f.add(field+".repeat", "must be from 0 to %d", len(s.Starts)-1)
		case !ids[c.Participant]:
			f.add(field+".participant", "no participant %q in this registration", c.Participant)
		case seen[c.Session+"\x00"+c.Participant]:
			f.add(field, "a participant attends a session once")
		}
		seen[c.Session+"\x00"+c.Participant] = true
	}
	return f.err("invalid registration")
}

// validZone reports whether name is an IANA time zone this system knows.
func validZone(name string) bool {
	if name == "" || name == "Local" || strings.TrimSpace(name) != name {
		return false
	}
	_, err := time.LoadLocation(name)
	return err == nil
}
