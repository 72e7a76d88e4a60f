package mongostore

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
)

// Meetings: one document per meeting, _id its slug, holding its sessions
// and registrations (a meeting has at most 40 sessions and one
// registration per association: well under the 16 MB of a document).
// Every read and write is by _id; ListMeetings filters by campaign.

// meetingDoc is a meetings document.
type meetingDoc struct {
	ID            string            `bson:"_id"`
	Campaign      string            `bson:"campaign"`
	Title         map[string]string `bson:"title"`
	Days          []string          `bson:"days"`
	Duration      int64             `bson:"duration_minutes"`
	Repeats       int64             `bson:"repeats"`
	Window        string            `bson:"window"`
	Weekends      bool              `bson:"weekends"`
	Limits        string            `bson:"limits,omitempty"`
	Sessions      []sessionDoc      `bson:"sessions"`
	Registrations []registrationDoc `bson:"registrations"`
	Revision      int64             `bson:"revision"`
	CreatedAt     time.Time         `bson:"created_at"`
	UpdatedAt     time.Time         `bson:"updated_at"`
}

type sessionDoc struct {
	ID     string            `bson:"id"`
	Title  map[string]string `bson:"title"`
	Starts []time.Time       `bson:"starts"`
}

type registrationDoc struct {
	Association  string           `bson:"association"`
	Participants []participantDoc `bson:"participants"`
	Sessions     []choiceDoc      `bson:"sessions"`
	At           time.Time        `bson:"at"`
	By           string           `bson:"by"`
}

type participantDoc struct {
	ID       string `bson:"id"`
	Name     string `bson:"name"`
	TimeZone string `bson:"time_zone"`
	Language string `bson:"language,omitempty"`
}

type choiceDoc struct {
	Session     string `bson:"session"`
	Repeat      int64  `bson:"repeat"`
	Participant string `bson:"participant,omitempty"`
}

func fromMeeting(m *survey.Meeting) (*meetingDoc, error) {
	if err := checkKeys("title", m.Title); err != nil {
		return nil, err
	}
	d := &meetingDoc{ID: m.ID, Campaign: m.Campaign, Title: m.Title, Days: m.Days, Duration: int64(m.Duration),
		Repeats: int64(m.Repeats), Window: m.Window, Weekends: m.Weekends, Limits: m.Limits,
		Sessions: []sessionDoc{}, Registrations: []registrationDoc{},
		Revision: m.Revision, CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt}
	for _, s := range m.Sessions {
		if err := checkKeys("sessions.title", s.Title); err != nil {
			return nil, err
		}
		d.Sessions = append(d.Sessions, sessionDoc{ID: s.ID, Title: s.Title, Starts: s.Starts})
	}
	for _, r := range m.Registrations {
		rd := registrationDoc{Association: r.Association, Participants: []participantDoc{}, Sessions: []choiceDoc{}, At: r.At, By: r.By}
		for _, p := range r.Participants {
			rd.Participants = append(rd.Participants, participantDoc{ID: p.ID, Name: p.Name, TimeZone: p.TimeZone, Language: p.Language})
		}
		for _, c := range r.Sessions {
			rd.Sessions = append(rd.Sessions, choiceDoc{Session: c.Session, Repeat: int64(c.Repeat), Participant: c.Participant})
		}
		d.Registrations = append(d.Registrations, rd)
	}
	return d, nil
}

func (d *meetingDoc) toMeeting() *survey.Meeting {
	m := &survey.Meeting{ID: d.ID, Campaign: d.Campaign, Title: questionnaires.Text(d.Title), Days: d.Days,
		Duration: int(d.Duration), Repeats: int(d.Repeats), Window: d.Window, Weekends: d.Weekends, Limits: d.Limits,
		Sessions: []survey.MeetingSession{}, Registrations: []survey.Registration{},
		Revision: d.Revision, CreatedAt: utc(d.CreatedAt), UpdatedAt: utc(d.UpdatedAt)}
	if m.Days == nil {
		m.Days = []string{}
	}
	for _, s := range d.Sessions {
		ses := survey.MeetingSession{ID: s.ID, Title: questionnaires.Text(s.Title), Starts: make([]time.Time, len(s.Starts))}
		for i, t := range s.Starts {
			ses.Starts[i] = utc(t)
		}
		m.Sessions = append(m.Sessions, ses)
	}
	for _, r := range d.Registrations {
		reg := survey.Registration{Association: r.Association, Participants: []survey.Participant{}, Sessions: []survey.SessionChoice{},
			At: utc(r.At), By: r.By}
		for _, p := range r.Participants {
			reg.Participants = append(reg.Participants, survey.Participant{ID: p.ID, Name: p.Name, TimeZone: p.TimeZone, Language: p.Language})
		}
		for _, c := range r.Sessions {
			reg.Sessions = append(reg.Sessions, survey.SessionChoice{Session: c.Session, Repeat: int(c.Repeat), Participant: c.Participant})
		}
		m.Registrations = append(m.Registrations, reg)
	}
	return m
}

// CreateMeeting inserts a meeting (survey.ErrConflict when the id exists).
func (s *Store) CreateMeeting(ctx context.Context, m *survey.Meeting) error {
	d, err := fromMeeting(m)
	if err != nil {
		return storeErr(err, "create meeting %s", m.ID)
	}
	return storeErr(s.insert(ctx, collMeetings, d), "create meeting %s", m.ID)
}

// GetMeeting reads one meeting by id.
func (s *Store) GetMeeting(ctx context.Context, id string) (*survey.Meeting, error) {
	var d meetingDoc
	if err := s.findOne(ctx, collMeetings, id, &d); err != nil {
		return nil, storeErr(err, "get meeting %s", id)
	}
	return d.toMeeting(), nil
}

// ReplaceMeeting overwrites a meeting if its stored revision is expected.
func (s *Store) ReplaceMeeting(ctx context.Context, m *survey.Meeting, expected int64) error {
	d, err := fromMeeting(m)
	if err != nil {
		return storeErr(err, "replace meeting %s", m.ID)
	}
	return s.replaceRevised(ctx, collMeetings, m.ID, d, expected, "replace meeting "+m.ID)
}

// ListMeetings returns a campaign's meetings ("" for every one), by id.
func (s *Store) ListMeetings(ctx context.Context, campaign string) ([]*survey.Meeting, error) {
	filter := bson.D{}
	if campaign != "" {
		filter = bson.D{{Key: "campaign", Value: campaign}}
	}
	out, err := findAll(ctx, s.db.Collection(collMeetings), filter,
		options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}), (*meetingDoc).toMeeting)
	return out, storeErr(err, "list meetings of %q", campaign)
}
