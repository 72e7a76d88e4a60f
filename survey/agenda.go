package survey

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
)

// Agenda is a meeting's sessions in one person's time zone.
type Agenda struct {
	Meeting string              `json:"meeting"`
	Title   questionnaires.Text `json:"title"`
	// Association is the association whose person it is ("" for staff).
	Association string `json:"association,omitempty"`
	// Participant is the named participant ("" for the association itself).
	Participant string `json:"participant,omitempty"`
	// Name is the person's name (the association's, or the participant's).
	Name string `json:"name,omitempty"`
	// Zone is the IANA time zone the times are in.
	Zone string `json:"zone"`
	// Language is the person's language ("" when unknown).
	Language string       `json:"language,omitempty"`
	Items    []AgendaItem `json:"items"`
}

// AgendaItem is one session of an agenda.
type AgendaItem struct {
	Session string              `json:"session"`
	Title   questionnaires.Text `json:"title"`
	Repeats []AgendaRepeat      `json:"repeats"`
	// Attending is the repeat the person attends: the one registered, else
	// the suggested one (-1 when none is attendable).
	Attending int `json:"attending"`
	// Registered is true when the person registered for a repeat.
	Registered bool `json:"registered"`
}

// AgendaRepeat is one repeat of a session, in UTC and in the person's zone.
type AgendaRepeat struct {
	Index int       `json:"index"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// LocalStart and LocalEnd are the same instants in the person's zone.
	LocalStart time.Time `json:"local_start"`
	LocalEnd   time.Time `json:"local_end"`
	// Covered: inside the person's working window on its local date.
	Covered bool `json:"covered"`
	// Suggested: the repeat the planner would have the person attend.
	Suggested bool `json:"suggested"`
}

// AgendaFor says whose agenda: an association's person (Participant ""
// for the association itself) or, for staff, any time zone.
type AgendaFor struct {
	Participant string
	Zone        string
}

// Agenda returns a meeting's agenda in one person's zone. An association
// gets its own people's agendas only (the association by default, or one
// of its named participants); staff get the agenda in any zone (UTC by
// default).
func (s *Service) Agenda(ctx context.Context, p Principal, meeting string, who AgendaFor) (*Agenda, error) {
	m, err := s.meeting(ctx, p, meeting)
	if err != nil {
		return nil, err
	}
	ag := &Agenda{Meeting: m.ID, Title: m.Title, Items: []AgendaItem{}}
	var loc *time.Location
	var reg *Registration
	switch p.Role {
	case RoleAssociation:
		a, err := s.association(ctx, p.Association)
		if err != nil {
			return nil, err
		}
		ag.Association, ag.Name, ag.Zone, ag.Language = a.ID, a.Name, a.TimeZone, a.Language
		reg = m.Registration(a.ID)
		if who.Participant != "" {
			pt := findParticipant(reg, who.Participant)
			if pt == nil {
				return nil, fmt.Errorf("participant %s: %w", who.Participant, ErrNotFound)
			}
			ag.Participant, ag.Name, ag.Zone = pt.ID, pt.Name, pt.TimeZone
			if pt.Language != "" {
				ag.Language = pt.Language
			}
		}
		if !validZone(ag.Zone) {
			ag.Zone = "UTC"
		}
	default:
		ag.Zone = who.Zone
		if ag.Zone == "" {
			ag.Zone = "UTC"
		}
		if ag.Zone != "UTC" && !validZone(ag.Zone) {
			return nil, invalid("zone", "must be an IANA time zone name such as Europe/Paris")
		}
	}
	if loc, err = time.LoadLocation(ag.Zone); err != nil {
		return nil, fmt.Errorf("zone %s: %w", ag.Zone, err)
	}
	o := m.PlanOptions(time.Time{})
	zone := []scoring.PlanZone{{Zone: ag.Zone, Location: loc, Count: 1}}
	for _, ses := range m.Sessions {
		it := AgendaItem{Session: ses.ID, Title: ses.Title, Attending: -1}
		pl, err := scoring.EvaluateMeeting(zone, o, ses.Starts)
		if err != nil {
			return nil, fmt.Errorf("session %s: %w", ses.ID, err)
		}
		suggested := pl.Zones[0].Session
		for i, start := range ses.Starts {
			end := start.Add(time.Duration(m.Duration) * time.Minute)
			it.Repeats = append(it.Repeats, AgendaRepeat{Index: i, Start: start, End: end, LocalStart: start.In(loc),
				LocalEnd: end.In(loc), Covered: pl.Sessions[i].Covered > 0, Suggested: i == suggested})
		}
		it.Attending = suggested
		if c := choiceOf(reg, ses.ID, ag.Participant); c != nil {
			it.Attending, it.Registered = c.Repeat, true
		}
		ag.Items = append(ag.Items, it)
	}
	return ag, nil
}

// findParticipant returns the named participant of a registration, or nil.
func findParticipant(r *Registration, id string) *Participant {
	if r == nil {
		return nil
	}
	for i := range r.Participants {
		if r.Participants[i].ID == id {
			return &r.Participants[i]
		}
	}
	return nil
}

// choiceOf returns a participant's choice for a session, or nil.
func choiceOf(r *Registration, session, participant string) *SessionChoice {
	if r == nil {
		return nil
	}
	for i := range r.Sessions {
		if c := &r.Sessions[i]; c.Session == session && c.Participant == participant {
			return c
		}
	}
	return nil
}

// CalendarEvent is one VEVENT of a calendar.
type CalendarEvent struct {
	// UID is stable across edits of the meeting.
	UID   string
	Start time.Time
	End   time.Time
	// Summary and Description are in the calendar's language.
	Summary     string
	Description string
	// Sequence is the meeting's revision.
	Sequence int64
	// Stamp is when the meeting last changed.
	Stamp time.Time
}

// Calendar is a meeting's events for one person, or every repeat for staff.
type Calendar struct {
	Name   string
	Events []CalendarEvent
}

// MeetingCalendar returns the events of a meeting's agenda (session ""
// for the whole agenda) in lang. For an association's person, one event
// per session: the repeat registered, else the suggested one (sessions it
// can attend none of are left out). For staff, one event per repeat.
func (s *Service) MeetingCalendar(ctx context.Context, p Principal, meeting, session string, who AgendaFor, lang string) (*Calendar, error) {
	ag, err := s.Agenda(ctx, p, meeting, who)
	if err != nil {
		return nil, err
	}
	m, err := s.meeting(ctx, p, meeting)
	if err != nil {
		return nil, err
	}
	if session != "" && m.Session(session) == nil {
		return nil, fmt.Errorf("session %s: %w", session, ErrNotFound)
	}
	cal := &Calendar{Name: ag.Title.In(lang)}
	for _, it := range ag.Items {
		if session != "" && it.Session != session {
			continue
		}
		title := ag.Title.In(lang) + ": " + it.Title.In(lang)
		for _, r := range it.Repeats {
			ev := CalendarEvent{Start: r.Start, End: r.End, Summary: title, Sequence: m.Revision, Stamp: m.UpdatedAt}
			if ag.Association == "" {
				ev.UID = fmt.Sprintf("%s.%s.%d@assocbench", m.ID, it.Session, r.Index)
			} else if r.Index == it.Attending {
				ev.UID = fmt.Sprintf("%s.%s.%s", m.ID, it.Session, ag.Association)
				if ag.Participant != "" {
					ev.UID += "." + ag.Participant
				}
				ev.UID += "@assocbench"
			} else {
				continue
			}
			ev.Description = fmt.Sprintf("%s (%d/%d)", it.Title.In(lang), r.Index+1, len(it.Repeats))
			cal.Events = append(cal.Events, ev)
		}
	}
	return cal, nil
}

// PackAgendaRow is one repeat of one session, seen from one region: the
// session pack's "Agenda" sheet.
type PackAgendaRow struct {
	Meeting questionnaires.Text
	Session questionnaires.Text
	// Repeat is the 0-based repeat, of Repeats.
	Repeat, Repeats int
	Start, End      time.Time
	Region          string
	// Local is the repeat in each zone of the region's participants.
	Local []scoring.LocalSession
	// Participants and Covered count the region's participants and those
	// this repeat covers.
	Participants, Covered int
}

// packAgenda lists the sessions of a campaign's meetings, each repeat
// with its local times per region (counts only: no association named).
func (s *Service) packAgenda(ctx context.Context, campaign string) ([]PackAgendaRow, error) {
	ms, err := s.store.ListMeetings(ctx, campaign)
	if err != nil {
		return nil, fmt.Errorf("meetings of %s: %w", campaign, err)
	}
	var out []PackAgendaRow
	for _, m := range ms {
		plans, err := s.evaluateSessions(ctx, m)
		if err != nil {
			return nil, err
		}
		for i, ses := range m.Sessions {
			pl := plans[i]
			zones := zonesByRegion(pl)
			for r, ps := range pl.Sessions {
				for _, rc := range ps.Regions {
					row := PackAgendaRow{Meeting: m.Title, Session: ses.Title, Repeat: r, Repeats: len(ses.Starts),
						Start: ps.Start, End: ps.End, Region: rc.Region, Participants: rc.Participants, Covered: rc.Covered}
					for _, l := range ps.Local {
						if slices.Contains(zones[rc.Region], l.Zone) {
							row.Local = append(row.Local, l)
						}
					}
					out = append(out, row)
				}
			}
		}
	}
	return out, nil
}
