package mongostore

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/assocbench/assocbench/survey"
)

// Mentoring pairs: one document per (campaign, area, mentee, mentor), _id
// "campaign:area:mentee:mentor", with its steps, check-ins (at most 100)
// and feedback. Reads and writes are by _id; ListPairs filters by campaign.

// pairDoc is a mentoring_pairs document.
type pairDoc struct {
	ID               string        `bson:"_id"`
	Campaign         string        `bson:"campaign"`
	Area             string        `bson:"area"`
	Mentor           string        `bson:"mentor"`
	Mentee           string        `bson:"mentee"`
	State            string        `bson:"state"`
	ProposedAt       time.Time     `bson:"proposed_at"`
	MentorAcceptedAt *time.Time    `bson:"mentor_accepted_at,omitempty"`
	MenteeAcceptedAt *time.Time    `bson:"mentee_accepted_at,omitempty"`
	AcceptedAt       *time.Time    `bson:"accepted_at,omitempty"`
	ActiveAt         *time.Time    `bson:"active_at,omitempty"`
	EndedAt          *time.Time    `bson:"ended_at,omitempty"`
	EndedBy          string        `bson:"ended_by,omitempty"`
	Reason           string        `bson:"reason,omitempty"`
	CheckIns         []checkInDoc  `bson:"check_ins"`
	Feedback         []feedbackDoc `bson:"feedback"`
	Revision         int64         `bson:"revision"`
}

type checkInDoc struct {
	Date    string    `bson:"date"`
	Minutes int64     `bson:"minutes"`
	Topics  string    `bson:"topics"`
	By      string    `bson:"by"`
	At      time.Time `bson:"at"`
}

type feedbackDoc struct {
	Side   string    `bson:"side"`
	Rating int64     `bson:"rating"`
	Text   string    `bson:"text"`
	At     time.Time `bson:"at"`
}

func fromPair(p *survey.Pair) *pairDoc {
	d := &pairDoc{ID: p.ID, Campaign: p.Campaign, Area: p.Area, Mentor: p.Mentor, Mentee: p.Mentee, State: string(p.State),
		ProposedAt: p.ProposedAt, MentorAcceptedAt: p.MentorAcceptedAt, MenteeAcceptedAt: p.MenteeAcceptedAt,
		AcceptedAt: p.AcceptedAt, ActiveAt: p.ActiveAt, EndedAt: p.EndedAt, EndedBy: p.EndedBy, Reason: p.Reason,
		CheckIns: []checkInDoc{}, Feedback: []feedbackDoc{}, Revision: p.Revision}
	for _, c := range p.CheckIns {
		d.CheckIns = append(d.CheckIns, checkInDoc{Date: c.Date, Minutes: int64(c.Minutes), Topics: c.Topics, By: c.By, At: c.At})
	}
	for _, f := range p.Feedback {
		d.Feedback = append(d.Feedback, feedbackDoc{Side: f.Side, Rating: int64(f.Rating), Text: f.Text, At: f.At})
	}
	return d
}

func (d *pairDoc) toPair() *survey.Pair {
	p := &survey.Pair{ID: d.ID, Campaign: d.Campaign, Area: d.Area, Mentor: d.Mentor, Mentee: d.Mentee, State: survey.PairState(d.State),
		ProposedAt: utc(d.ProposedAt), MentorAcceptedAt: utcPtr(d.MentorAcceptedAt), MenteeAcceptedAt: utcPtr(d.MenteeAcceptedAt),
		AcceptedAt: utcPtr(d.AcceptedAt), ActiveAt: utcPtr(d.ActiveAt), EndedAt: utcPtr(d.EndedAt), EndedBy: d.EndedBy, Reason: d.Reason,
		CheckIns: []survey.CheckIn{}, Feedback: []survey.PairFeedback{}, Revision: d.Revision}
	for _, c := range d.CheckIns {
		p.CheckIns = append(p.CheckIns, survey.CheckIn{Date: c.Date, Minutes: int(c.Minutes), Topics: c.Topics, By: c.By, At: utc(c.At)})
	}
	for _, f := range d.Feedback {
		p.Feedback = append(p.Feedback, survey.PairFeedback{Side: f.Side, Rating: int(f.Rating), Text: f.Text, At: utc(f.At)})
	}
	return p
}

// GetPair reads one mentoring pair by id.
func (s *Store) GetPair(ctx context.Context, id string) (*survey.Pair, error) {
	var d pairDoc
	if err := s.findOne(ctx, collPairs, id, &d); err != nil {
		return nil, storeErr(err, "get pair %s", id)
	}
	return d.toPair(), nil
}

// InsertPair inserts a pair (survey.ErrConflict when the id exists).
func (s *Store) InsertPair(ctx context.Context, p *survey.Pair) error {
	return storeErr(s.insert(ctx, collPairs, fromPair(p)), "insert pair %s", p.ID)
}

// ReplacePair overwrites a pair if its stored revision is expected.
func (s *Store) ReplacePair(ctx context.Context, p *survey.Pair, expected int64) error {
	return s.replaceRevised(ctx, collPairs, p.ID, fromPair(p), expected, "replace pair "+p.ID)
}

// ListPairs returns a campaign's pairs ("" for every campaign's), by id.
func (s *Store) ListPairs(ctx context.Context, campaign string) ([]*survey.Pair, error) {
	filter := bson.D{}
	if campaign != "" {
		filter = bson.D{{Key: "campaign", Value: campaign}}
	}
	out, err := findAll(ctx, s.db.Collection(collPairs), filter,
		options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}), (*pairDoc).toPair)
	return out, storeErr(err, "list pairs of %q", campaign)
}
