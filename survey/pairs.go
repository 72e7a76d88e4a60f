package survey

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// PairState is where a mentoring pair is in its life:
//
//	proposed -> accepted (both sides accepted) -> active -> completed | cancelled
//	proposed -> declined (by either side) | superseded (by a later run)
//	accepted -> cancelled
type PairState string

// Pair states.
const (
	PairProposed   PairState = "proposed"
	PairAccepted   PairState = "accepted"
	PairActive     PairState = "active"
	PairCompleted  PairState = "completed"
	PairCancelled  PairState = "cancelled"
	PairDeclined   PairState = "declined"
	PairSuperseded PairState = "superseded"
)

// Pair actions (PairAction.Action).
const (
	ActAccept   = "accept"
	ActDecline  = "decline"
	ActStart    = "start"
	ActComplete = "complete"
	ActCancel   = "cancel"
	ActCheckIn  = "check_in"
	ActFeedback = "feedback"
)

// PairActions are the actions on a pair, in the order of its life.
var PairActions = []string{ActAccept, ActDecline, ActStart, ActComplete, ActCancel, ActCheckIn, ActFeedback}

// Pair is a mentoring pair of the pilot: a mentor and a mentee in one
// area, proposed by a matching run of a campaign.
type Pair struct {
	// ID is "campaign:area:mentee:mentor".
	ID       string    `json:"id"`
	Campaign string    `json:"campaign"`
	Area     string    `json:"area"`
	Mentor   string    `json:"mentor"`
	Mentee   string    `json:"mentee"`
	State    PairState `json:"state"`
	// ProposedAt is when the latest run proposed it; the accepts are
	// each side's, AcceptedAt when both had, then the later steps.
	ProposedAt       time.Time  `json:"proposed_at"`
	MentorAcceptedAt *time.Time `json:"mentor_accepted_at,omitempty"`
	MenteeAcceptedAt *time.Time `json:"mentee_accepted_at,omitempty"`
	AcceptedAt       *time.Time `json:"accepted_at,omitempty"`
	ActiveAt         *time.Time `json:"active_at,omitempty"`
	EndedAt          *time.Time `json:"ended_at,omitempty"`
	// EndedBy is who declined, cancelled or completed it ("mentor",
	// "mentee", "admin", "run" for a superseded proposal).
	EndedBy string `json:"ended_by,omitempty"`
	// Reason is the reason of a cancellation (or a decline, optional).
	Reason   string         `json:"reason,omitempty"`
	CheckIns []CheckIn      `json:"check_ins"`
	Feedback []PairFeedback `json:"feedback"`
	Revision int64          `json:"revision"`
}

// CheckIn is a meeting of the pair one side recorded.
type CheckIn struct {
	Date    string    `json:"date"`
	Minutes int       `json:"minutes"`
	Topics  string    `json:"topics"`
	By      string    `json:"by"`
	At      time.Time `json:"at"`
}

// PairFeedback is one side's feedback at completion.
type PairFeedback struct {
	Side   string    `json:"side"`
	Rating int       `json:"rating"`
	Text   string    `json:"text"`
	At     time.Time `json:"at"`
}

// PairAction is a request to act on a pair.
type PairAction struct {
	Action  string `json:"action"`
	Reason  string `json:"reason"`
	Date    string `json:"date"`
	Minutes int    `json:"minutes"`
	Topics  string `json:"topics"`
	Rating  int    `json:"rating"`
	Text    string `json:"text"`
}

// PairID is the id of the pair of mentor and mentee in area of campaign.
func PairID(campaign, area, mentee, mentor string) string {
	return campaign + ":" + area + ":" + mentee + ":" + mentor
}

// Open reports whether the pair still holds: proposed, accepted or
// active.
func (p *Pair) Open() bool {
	return p.State == PairProposed || p.State == PairAccepted || p.State == PairActive
}

// Holds reports whether the pair counts against the mentor's capacity
// and serves the mentee's request: accepted or active.
func (p *Pair) Holds() bool { return p.State == PairAccepted || p.State == PairActive }

// Side is "mentor" or "mentee" for an association of the pair, "" else.
func (p *Pair) Side(association string) string {
	switch association {
	case p.Mentor:
		return "mentor"
	case p.Mentee:
		return "mentee"
	}
	return ""
}

const (
	maxPairReason   = 500
	maxCheckIns     = 100
	maxCheckInTopic = 1000
	maxFeedbackText = 2000
)

// apply performs the action by side ("mentor", "mentee" or "admin") at
// now, or returns why it may not: a ValidationError naming the field for
// bad input, ErrConflict for a step the pair's state does not allow,
// ErrForbidden for a step that side may not take.
func (p *Pair) apply(side string, in PairAction, now time.Time) error {
	fe := fieldErrors{}
	party := side == "mentor" || side == "mentee"
	refuse := func() error {
		return fmt.Errorf("%s cannot %s a pair that is %s: %w", side, in.Action, p.State, ErrConflict)
	}
	switch in.Action {
	case ActAccept:
		if !party {
			return fmt.Errorf("only the mentor and the mentee accept: %w", ErrForbidden)
		}
		if p.State != PairProposed {
			return refuse()
		}
		if side == "mentor" {
			p.MentorAcceptedAt = &now
		} else {
			p.MenteeAcceptedAt = &now
		}
		if p.MentorAcceptedAt != nil && p.MenteeAcceptedAt != nil {
			p.State, p.AcceptedAt = PairAccepted, &now
		}
	case ActDecline:
		if !party {
			return fmt.Errorf("only the mentor and the mentee decline: %w", ErrForbidden)
		}
		if p.State != PairProposed {
			return refuse()
		}
		if in.Reason != "" {
			if m := validText(in.Reason, maxPairReason); m != "" {
				fe.add("reason", "%s", m)
				return fe.err("invalid decline")
			}
		}
		p.State, p.EndedAt, p.EndedBy, p.Reason = PairDeclined, &now, side, in.Reason
	case ActStart:
		if p.State != PairAccepted {
			return refuse()
		}
		p.State, p.ActiveAt = PairActive, &now
	case ActComplete:
		if !party {
			return fmt.Errorf("only the mentor and the mentee complete a pair: %w", ErrForbidden)
		}
		if p.State != PairActive {
			return refuse()
		}
		p.State, p.EndedAt, p.EndedBy = PairCompleted, &now, side
	case ActCancel:
		if p.State != PairAccepted && p.State != PairActive {
			return refuse()
		}
		if m := validText(in.Reason, maxPairReason); m != "" {
			fe.add("reason", "%s", m)
			return fe.err("a cancellation needs a reason")
		}
		p.State, p.EndedAt, p.EndedBy, p.Reason = PairCancelled, &now, side, in.Reason
	case ActCheckIn:
		return p.checkIn(side, party, in, now)
	case ActFeedback:
		return p.feedback(side, party, in, now)
	default:
		fe.add("action", "must be one of %s", strings.Join(PairActions, ", "))
		return fe.err("invalid pair action")
	}
	return nil
}

// checkIn records a meeting of an active (or completed) pair.
func (p *Pair) checkIn(side string, party bool, in PairAction, now time.Time) error {
	if !party {
		return fmt.Errorf("only the mentor and the mentee record check-ins: %w", ErrForbidden)
	}
	if p.State != PairActive && p.State != PairCompleted {
		return fmt.Errorf("check-ins are for active pairs, this one is %s: %w", p.State, ErrConflict)
	}
	fe := fieldErrors{}
	if d, err := time.Parse(time.DateOnly, in.Date); err != nil {
		fe.add("date", "must be a date YYYY-MM-DD")
	} else if (p.ActiveAt != nil && d.Before(p.ActiveAt.Truncate(24*time.Hour))) || d.After(now.Add(24*time.Hour)) {
		fe.add("date", "must be from the pair's start to today")
	}
	if in.Minutes < 5 || in.Minutes > 600 {
		fe.add("minutes", "must be from 5 to 600")
	}
	if m := validText(in.Topics, maxCheckInTopic); m != "" {
		fe.add("topics", "%s", m)
	}
	if len(p.CheckIns) >= maxCheckIns {
		fe.add("date", "a pair records at most %d check-ins", maxCheckIns)
	}
	if err := fe.err("invalid check-in"); err != nil {
		return err
	}
	p.CheckIns = append(p.CheckIns, CheckIn{Date: in.Date, Minutes: in.Minutes, Topics: in.Topics, By: side, At: now})
	return nil
}

// feedback records one side's feedback on a completed pair (once).
func (p *Pair) feedback(side string, party bool, in PairAction, now time.Time) error {
	if !party {
		return fmt.Errorf("only the mentor and the mentee give feedback: %w", ErrForbidden)
	}
	if p.State != PairCompleted {
		return fmt.Errorf("feedback is for completed pairs, this one is %s: %w", p.State, ErrConflict)
	}
	if slices.ContainsFunc(p.Feedback, func(f PairFeedback) bool { return f.Side == side }) {
		return fmt.Errorf("the %s has given its feedback: %w", side, ErrConflict)
	}
	fe := fieldErrors{}
	if in.Rating < 1 || in.Rating > 5 {
		fe.add("rating", "must be from 1 to 5")
	}
	if !utf8.ValidString(in.Text) || utf8.RuneCountInString(in.Text) > maxFeedbackText {
		fe.add("text", "must be valid text of at most %d characters", maxFeedbackText)
	}
	if err := fe.err("invalid feedback"); err != nil {
		return err
	}
	p.Feedback = append(p.Feedback, PairFeedback{Side: side, Rating: in.Rating, Text: in.Text, At: now})
	return nil
}
