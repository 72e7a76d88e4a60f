package survey

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/assocbench/assocbench/scoring"
)

// The participants of a meeting are, by default, every association (a
// campaign is open to every association of the directory) in its profile
// time zone, plus the named participants of the registrations, each in
// its own zone and counted in its association's region. Associations
// without a valid time zone cannot be planned for and are counted apart.

// PlanRequest asks for a plan of one day; zero fields take the meeting's
// settings (the campaign's plan: 90 minutes, 1 session, 09:00-17:00).
type PlanRequest struct {
	// Day is the UTC date, YYYY-MM-DD.
	Day string
	// Sessions is the number of repeats.
	Sessions int
	// Duration is the length of a repeat in minutes.
	Duration int
	// Window and Limits are local clock ranges, "09:00-17:00".
	Window, Limits string
	// Grid is the step of the starts in minutes (15, 30 or 60).
	Grid int
}

// Plan is a planner's answer with the participants it was made for.
type Plan struct {
	*scoring.MeetingPlan
	// WithoutTimeZone counts the associations left out for want of a valid time zone.
	WithoutTimeZone int `json:"without_time_zone"`
}

// participants gathers the plan's zones: every association in its
// profile zone and the named participants of the meetings' registrations.
func (s *Service) participants(ctx context.Context, meetings []*Meeting) ([]scoring.PlanZone, int, error) {
	as, err := s.store.ListAssociations(ctx, AssociationFilter{})
	if err != nil {
		return nil, 0, fmt.Errorf("associations: %w", err)
	}
	locs := map[string]*time.Location{}
	loc := func(name string) *time.Location {
		if l, ok := locs[name]; ok {
			return l
		}
		var l *time.Location
		if validZone(name) {
			l, _ = time.LoadLocation(name)
		}
		locs[name] = l
		return l
	}
	region := map[string]string{}
	var zones []scoring.PlanZone
	skipped := 0
	for _, a := range as {
		region[a.ID] = string(a.Region)
		l := loc(a.TimeZone)
		if l == nil {
			skipped++
			continue
		}
		zones = append(zones, scoring.PlanZone{Zone: a.TimeZone, Location: l, Region: string(a.Region), Count: 1})
	}
	seen := map[string]bool{}
	for _, m := range meetings {
		for _, r := range m.Registrations {
			for _, pt := range r.Participants {
				key := r.Association + "/" + pt.ID
				if l := loc(pt.TimeZone); l != nil && !seen[key] {
					seen[key] = true
					zones = append(zones, scoring.PlanZone{Zone: pt.TimeZone, Location: l, Region: region[r.Association], Count: 1})
				}
			}
		}
	}
	return zones, skipped, nil
}

// options turns a request into planner options over base.
func (req PlanRequest) options(base scoring.PlanOptions) (scoring.PlanOptions, error) {
	fe := fieldErrors{}
	o := base
	day, err := time.Parse(time.DateOnly, req.Day)
	if err != nil {
		fe.add("date", "must be a date YYYY-MM-DD")
	}
	o.Date = day
	if req.Sessions != 0 {
		o.Sessions = req.Sessions
	}
	if req.Duration != 0 {
		o.Duration = time.Duration(req.Duration) * time.Minute
	}
	if req.Grid != 0 {
		o.Grid = req.Grid
	}
	if req.Window != "" {
		if o.Window, err = scoring.ParseClockRange(req.Window); err != nil {
			fe.add("window", "must be a range of local times such as 09:00-17:00")
		}
	}
	if req.Limits != "" {
		if o.Limits, err = scoring.ParseClockRange(req.Limits); err != nil {
			fe.add("limits", "must be a range of local times such as 07:00-21:00")
		}
	}
	if o.Sessions < 1 || o.Sessions > maxRepeats {
		fe.add("sessions", "must be from 1 to %d", maxRepeats)
	}
	if d := int(o.Duration / time.Minute); d < minMeetingLength || d > maxMeetingLength {
		fe.add("duration", "must be from %d to %d minutes", minMeetingLength, maxMeetingLength)
	}
	if o.Grid != 0 && o.Grid != 15 && o.Grid != 30 && o.Grid != 60 {
		fe.add("grid", "must be 15, 30 or 60 minutes")
	}
	return o, fe.err("invalid plan request")
}

// plan runs the planner and maps its option errors to validation errors.
func plan(zones []scoring.PlanZone, skipped int, o scoring.PlanOptions) (*Plan, error) {
	p, err := scoring.PlanMeeting(zones, o)
	if errors.Is(err, scoring.ErrPlan) {
		return nil, invalid("sessions", "%v", err)
	}
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	return &Plan{MeetingPlan: p, WithoutTimeZone: skipped}, nil
}

// PlanMeetingDay plans the repeats of one of a meeting's days for its
// participants (analysts, administrators); sessions 0 takes the meeting's repeats.
func (s *Service) PlanMeetingDay(ctx context.Context, p Principal, meeting, day string, sessions int) (*Plan, error) {
	return s.PlanMeeting(ctx, p, meeting, PlanRequest{Day: day, Sessions: sessions})
}

// PlanMeeting plans one day of a meeting with the request's overrides
// (analysts, administrators).
func (s *Service) PlanMeeting(ctx context.Context, p Principal, meeting string, req PlanRequest) (*Plan, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	m, err := s.meeting(ctx, p, meeting)
	if err != nil {
		return nil, err
	}
	if req.Day == "" && len(m.Days) > 0 {
		req.Day = m.Days[0]
	}
	o, err := req.options(m.PlanOptions(time.Time{}))
	if err != nil {
		return nil, err
	}
	zones, skipped, err := s.participants(ctx, []*Meeting{m})
	if err != nil {
		return nil, err
	}
	return plan(zones, skipped, o)
}

// PlanCampaign plans a day for a campaign's participants: every
// association and the named participants registered for any of the
// campaign's meetings (analysts, administrators; the CLI).
func (s *Service) PlanCampaign(ctx context.Context, p Principal, campaign string, req PlanRequest) (*Plan, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	if _, err := s.store.GetCampaign(ctx, campaign); err != nil {
		return nil, fmt.Errorf("campaign %s: %w", campaign, err)
	}
	o, err := req.options(scoring.PlanOptions{Duration: 90 * time.Minute, Sessions: 1, Window: scoring.DefaultWindow})
	if err != nil {
		return nil, err
	}
	ms, err := s.store.ListMeetings(ctx, campaign)
	if err != nil {
		return nil, fmt.Errorf("meetings of %s: %w", campaign, err)
	}
	zones, skipped, err := s.participants(ctx, ms)
	if err != nil {
		return nil, err
	}
	return plan(zones, skipped, o)
}

// RotateCampaign plans a series of single-session calls on the dates for
// a campaign's participants (analysts, administrators; the CLI).
func (s *Service) RotateCampaign(ctx context.Context, p Principal, campaign string, dates []time.Time, req PlanRequest) ([]scoring.RotationCall, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	if _, err := s.store.GetCampaign(ctx, campaign); err != nil {
		return nil, fmt.Errorf("campaign %s: %w", campaign, err)
	}
	if len(dates) == 0 {
		return nil, invalid("dates", "required: at least one date")
	}
	req.Day, req.Sessions = dates[0].Format(time.DateOnly), 1
	o, err := req.options(scoring.PlanOptions{Duration: 60 * time.Minute, Window: scoring.DefaultWindow})
	if err != nil {
		return nil, err
	}
	ms, err := s.store.ListMeetings(ctx, campaign)
	if err != nil {
		return nil, fmt.Errorf("meetings of %s: %w", campaign, err)
	}
	zones, _, err := s.participants(ctx, ms)
	if err != nil {
		return nil, err
	}
	calls, err := scoring.PlanRotation(zones, dates, o)
	if errors.Is(err, scoring.ErrPlan) {
		return nil, invalid("dates", "%v", err)
	}
	return calls, err
}

// evaluateSessions evaluates every session of a meeting for its participants.
func (s *Service) evaluateSessions(ctx context.Context, m *Meeting) ([]*scoring.MeetingPlan, error) {
	zones, _, err := s.participants(ctx, []*Meeting{m})
	if err != nil {
		return nil, err
	}
	out := make([]*scoring.MeetingPlan, len(m.Sessions))
	for i, ses := range m.Sessions {
		p, err := scoring.EvaluateMeeting(zones, m.PlanOptions(time.Time{}), ses.Starts)
		if err != nil {
			return nil, fmt.Errorf("session %s: %w", ses.ID, err)
		}
		out[i] = p
	}
	return out, nil
}

// SessionCoverage evaluates every session of a meeting for its
// participants: who each repeat covers, by region and zone (analysts,
// administrators).
func (s *Service) SessionCoverage(ctx context.Context, p Principal, meeting string) ([]*scoring.MeetingPlan, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	m, err := s.meeting(ctx, p, meeting)
	if err != nil {
		return nil, err
	}
	return s.evaluateSessions(ctx, m)
}

// zonesByRegion maps a plan's regions to the zones of their participants, in name order.
func zonesByRegion(p *scoring.MeetingPlan) map[string][]string {
	out := map[string][]string{}
	for _, z := range p.Zones {
		if !slices.Contains(out[z.Region], z.Zone) {
			out[z.Region] = append(out[z.Region], z.Zone)
		}
	}
	return out
}
