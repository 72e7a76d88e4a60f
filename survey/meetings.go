package survey

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
)

// Who may do what with meetings: the working group (analysts) and
// administrators plan them, name and place their sessions and see who
// registered, as counts and association names (directory data), never
// the named participants; an association sees the agenda and only its
// own registration, and registers only itself; an administrator may
// register any association.

// Audit actions of meetings.
const (
	ActionMeeting      = "meeting.change"
	ActionRegistration = "meeting.register"
)

// MeetingInput describes a meeting to create or the settings to change.
type MeetingInput struct {
	ID       string              `json:"id"`
	Title    questionnaires.Text `json:"title"`
	Days     []string            `json:"days"`
	Duration int                 `json:"duration_minutes"`
	Repeats  int                 `json:"repeats"`
	Window   string              `json:"window"`
	Weekends bool                `json:"weekends"`
	Limits   string              `json:"limits"`
}

// MeetingView is a meeting as one caller may see it: staff get the
// attendance counts and no named participants; an association gets its
// own registration only.
type MeetingView struct {
	*Meeting
	// Attendance counts the registrations per session and repeat (staff only).
	Attendance []SessionAttendance `json:"attendance,omitempty"`
}

// SessionAttendance is who registered for one repeat of a session.
type SessionAttendance struct {
	Session string    `json:"session"`
	Repeat  int       `json:"repeat"`
	Start   time.Time `json:"start"`
	// Registered is the number of participants registered.
	Registered int `json:"registered"`
	// ByRegion counts them by region.
	ByRegion map[string]int `json:"by_region"`
	// Associations are the ids of the associations attending.
	Associations []string `json:"associations"`
}

func isStaff(p Principal) bool { return p.Role == RoleAdmin || p.Role == RoleAnalyst }

// CreateMeeting creates a campaign's meeting (analysts, administrators).
func (s *Service) CreateMeeting(ctx context.Context, p Principal, campaign string, in MeetingInput) (*Meeting, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	if _, err := s.store.GetCampaign(ctx, campaign); err != nil {
		return nil, fmt.Errorf("campaign %s: %w", campaign, err)
	}
	now := s.Now()
	m := &Meeting{ID: in.ID, Campaign: campaign, Sessions: []MeetingSession{}, Registrations: []Registration{},
		Revision: 1, CreatedAt: now, UpdatedAt: now}
	m.apply(in)
	if err := m.validate(); err != nil {
		return nil, err
	}
	if err := s.store.CreateMeeting(ctx, m); err != nil {
		return nil, fmt.Errorf("create meeting %s: %w", m.ID, err)
	}
	s.audit(ctx, p, ActionMeeting, m.ID, "create")
	return m, nil
}

// apply copies the settings of in, with the defaults for those left out.
func (m *Meeting) apply(in MeetingInput) {
	m.Title, m.Days, m.Duration, m.Repeats = in.Title, in.Days, in.Duration, in.Repeats
	m.Window, m.Weekends, m.Limits = in.Window, in.Weekends, in.Limits
	if m.Duration == 0 {
		m.Duration = 90
	}
	if m.Repeats == 0 {
		m.Repeats = 1
	}
	if m.Window == "" {
		m.Window = scoring.DefaultWindow.String()
	}
}

// meeting reads a meeting for p: any signed-in caller may know it exists.
func (s *Service) meeting(ctx context.Context, p Principal, id string) (*Meeting, error) {
	if p.Role == "" {
		return nil, ErrUnauthenticated
	}
	m, err := s.store.GetMeeting(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("meeting %s: %w", id, err)
	}
	return m, nil
}

// GetMeeting returns a meeting as p may see it.
func (s *Service) GetMeeting(ctx context.Context, p Principal, id string) (*MeetingView, error) {
	m, err := s.meeting(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return s.view(ctx, p, m)
}

// ListMeetings returns a campaign's meetings as p may see them.
func (s *Service) ListMeetings(ctx context.Context, p Principal, campaign string) ([]*MeetingView, error) {
	if p.Role == "" {
		return nil, ErrUnauthenticated
	}
	if _, err := s.store.GetCampaign(ctx, campaign); err != nil {
		return nil, fmt.Errorf("campaign %s: %w", campaign, err)
	}
	ms, err := s.store.ListMeetings(ctx, campaign)
	if err != nil {
		return nil, fmt.Errorf("meetings of %s: %w", campaign, err)
	}
	out := make([]*MeetingView, 0, len(ms))
	for _, m := range ms {
		v, err := s.view(ctx, p, m)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// view cuts a meeting down to what p may see.
func (s *Service) view(ctx context.Context, p Principal, m *Meeting) (*MeetingView, error) {
	regs := m.Registrations
	m.Registrations = []Registration{}
	switch {
	case p.Role == RoleAdmin:
		m.Registrations = regs
	case p.Role == RoleAssociation:
		for _, r := range regs {
			if r.Association == p.Association {
				m.Registrations = append(m.Registrations, r)
			}
		}
	}
	v := &MeetingView{Meeting: m}
	if isStaff(p) {
		att, err := s.attendance(ctx, m, regs)
		if err != nil {
			return nil, err
		}
		v.Attendance = att
	}
	return v, nil
}

// attendance counts the registrations of every repeat of every session.
func (s *Service) attendance(ctx context.Context, m *Meeting, regs []Registration) ([]SessionAttendance, error) {
	ids := make([]string, len(regs))
	for i, r := range regs {
		ids[i] = r.Association
	}
	as, err := s.store.GetAssociations(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("associations of meeting %s: %w", m.ID, err)
	}
	out := []SessionAttendance{}
	for _, ses := range m.Sessions {
		for i, start := range ses.Starts {
			a := SessionAttendance{Session: ses.ID, Repeat: i, Start: start, ByRegion: map[string]int{}, Associations: []string{}}
			for _, r := range regs {
				for _, c := range r.Sessions {
					if c.Session != ses.ID || c.Repeat != i {
						continue
					}
					a.Registered++
					region := ""
					if as[r.Association] != nil {
						region = string(as[r.Association].Region)
					}
					a.ByRegion[region]++
					if !slices.Contains(a.Associations, r.Association) {
						a.Associations = append(a.Associations, r.Association)
					}
				}
			}
			out = append(out, a)
		}
	}
	return out, nil
}

// changeMeeting applies change to the stored meeting under its lock and
// stores it with the next revision; callers check the role first.
func (s *Service) changeMeeting(ctx context.Context, p Principal, id, action, detail string, change func(m *Meeting) error) (*Meeting, error) {
	unlock := s.locks.lock("meeting/" + id)
	defer unlock()
	m, err := s.meeting(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if err := change(m); err != nil {
		return nil, err
	}
	m.Revision++
	m.UpdatedAt = s.Now()
	if err := s.store.ReplaceMeeting(ctx, m, m.Revision-1); err != nil {
		return nil, fmt.Errorf("store meeting %s: %w", id, err)
	}
	s.audit(ctx, p, action, id, detail)
	return m, nil
}

// UpdateMeeting changes a meeting's settings (analysts, administrators).
// Sessions whose starts fall outside the new days, or that have more
// starts than the new repeats, are refused: move them first.
func (s *Service) UpdateMeeting(ctx context.Context, p Principal, id string, in MeetingInput) (*Meeting, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	return s.changeMeeting(ctx, p, id, ActionMeeting, "settings", func(m *Meeting) error {
		in.ID = m.ID
		m.apply(in)
		if err := m.validate(); err != nil {
			return err
		}
		for _, ses := range m.Sessions {
			if err := m.validateSession(&ses); err != nil {
				return fmt.Errorf("session %s no longer fits the meeting (%v): %w", ses.ID, err, ErrConflict)
			}
		}
		return nil
	})
}

// SessionInput names and places a session: its starts, or the day whose
// planned starts it takes.
type SessionInput struct {
	Title  questionnaires.Text `json:"title"`
	Starts []time.Time         `json:"starts"`
	// Day, when Starts is empty, takes the planner's starts for that day.
	Day string `json:"day"`
}

// PutSession creates or replaces a session of the agenda (analysts,
// administrators). Registrations for repeats the session no longer has
// are dropped.
func (s *Service) PutSession(ctx context.Context, p Principal, meeting, id string, in SessionInput) (*Meeting, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	if len(in.Starts) == 0 && in.Day != "" {
		m, err := s.meeting(ctx, p, meeting)
		if err != nil {
			return nil, err
		}
		plan, err := s.PlanMeetingDay(ctx, p, m.ID, in.Day, 0)
		if err != nil {
			return nil, err
		}
		for _, ps := range plan.Sessions {
			in.Starts = append(in.Starts, ps.Start)
		}
	}
	return s.changeMeeting(ctx, p, meeting, ActionMeeting, "session "+id, func(m *Meeting) error {
		ses := MeetingSession{ID: id, Title: in.Title, Starts: make([]time.Time, len(in.Starts))}
		for i, t := range in.Starts {
			ses.Starts[i] = t.UTC()
		}
		if err := m.validateSession(&ses); err != nil {
			return err
		}
		if cur := m.Session(id); cur != nil {
			*cur = ses
		} else {
			if len(m.Sessions) >= maxSessions {
				return invalid("id", "a meeting has at most %d sessions", maxSessions)
			}
			m.Sessions = append(m.Sessions, ses)
		}
		slices.SortStableFunc(m.Sessions, func(a, b MeetingSession) int { return a.Starts[0].Compare(b.Starts[0]) })
		m.dropChoices(func(c SessionChoice) bool { return c.Session == id && c.Repeat >= len(ses.Starts) })
		return nil
	})
}

// DeleteSession removes a session and its registrations (analysts, administrators).
func (s *Service) DeleteSession(ctx context.Context, p Principal, meeting, id string) (*Meeting, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	return s.changeMeeting(ctx, p, meeting, ActionMeeting, "delete session "+id, func(m *Meeting) error {
		i := slices.IndexFunc(m.Sessions, func(ses MeetingSession) bool { return ses.ID == id })
		if i < 0 {
			return fmt.Errorf("session %s: %w", id, ErrNotFound)
		}
		m.Sessions = slices.Delete(m.Sessions, i, i+1)
		m.dropChoices(func(c SessionChoice) bool { return c.Session == id })
		return nil
	})
}

// dropChoices removes the registrations' choices that drop says.
func (m *Meeting) dropChoices(drop func(SessionChoice) bool) {
	for i := range m.Registrations {
		m.Registrations[i].Sessions = slices.DeleteFunc(m.Registrations[i].Sessions, drop)
	}
}

// RegistrationInput is an association's registration as it sends it.
type RegistrationInput struct {
	Participants []Participant   `json:"participants"`
	Sessions     []SessionChoice `json:"sessions"`
}

// MayRegister reports whether p may register the association: itself,
// or any existing association for an administrator (ErrNotFound otherwise,
// ErrForbidden for analysts).
func (s *Service) MayRegister(ctx context.Context, p Principal, association string) error {
	if err := canTouchResponse(p, association); err != nil {
		return err
	}
	_, err := s.association(ctx, association)
	return err
}

// Register creates or replaces an association's registration (the
// association itself, administrators).
func (s *Service) Register(ctx context.Context, p Principal, meeting, association string, in RegistrationInput) (*Registration, error) {
	if err := s.MayRegister(ctx, p, association); err != nil {
		return nil, err
	}
	var out Registration
	_, err := s.changeMeeting(ctx, p, meeting, ActionRegistration, "register "+association, func(m *Meeting) error {
		r := Registration{Association: association, Participants: in.Participants, Sessions: in.Sessions, At: s.Now(), By: p.Token}
		if r.Participants == nil {
			r.Participants = []Participant{}
		}
		if r.Sessions == nil {
			r.Sessions = []SessionChoice{}
		}
		for i := range r.Participants {
			r.Participants[i].Name = strings.TrimSpace(r.Participants[i].Name)
		}
		if err := m.validateRegistration(&r); err != nil {
			return err
		}
		if cur := m.Registration(association); cur != nil {
			*cur = r
		} else {
			m.Registrations = append(m.Registrations, r)
			slices.SortFunc(m.Registrations, func(a, b Registration) int { return strings.Compare(a.Association, b.Association) })
		}
		out = r
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// GetRegistration returns an association's registration (the association
// itself, administrators); ErrNotFound when it has not registered.
func (s *Service) GetRegistration(ctx context.Context, p Principal, meeting, association string) (*Registration, error) {
	if err := canTouchResponse(p, association); err != nil {
		return nil, err
	}
	m, err := s.meeting(ctx, p, meeting)
	if err != nil {
		return nil, err
	}
	r := m.Registration(association)
	if r == nil {
		return nil, fmt.Errorf("registration of %s for %s: %w", association, meeting, ErrNotFound)
	}
	return r, nil
}

// CancelRegistration removes an association's registration (the
// association itself, administrators).
func (s *Service) CancelRegistration(ctx context.Context, p Principal, meeting, association string) error {
	if err := canTouchResponse(p, association); err != nil {
		return err
	}
	_, err := s.changeMeeting(ctx, p, meeting, ActionRegistration, "cancel "+association, func(m *Meeting) error {
		i := slices.IndexFunc(m.Registrations, func(r Registration) bool { return r.Association == association })
		if i < 0 {
			return fmt.Errorf("registration of %s for %s: %w", association, meeting, ErrNotFound)
		}
		m.Registrations = slices.Delete(m.Registrations, i, i+1)
		return nil
	})
	return err
}
