package mongostore_test

import (
	"time"

	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/mongostore"
)

func meeting(id, campaign string) *survey.Meeting {
	return &survey.Meeting{ID: id, Campaign: campaign, Title: questionnaires.Text{"en": "Midterm meeting", "fr": "Réunion"},
		Days: []string{"2026-04-28", "2026-04-29"}, Duration: 90, Repeats: 3, Window: "09:00-17:00", Limits: "07:00-21:00",
		Sessions: []survey.MeetingSession{{ID: "finance", Title: questionnaires.Text{"en": "Finance"},
			Starts: []time.Time{at(1), at(6), at(14)}}},
		Registrations: []survey.Registration{{Association: "ala", At: at(2), By: "tok",
			Participants: []survey.Participant{{ID: "maria", Name: "María", TimeZone: "America/Bogota", Language: "es"}},
			Sessions:     []survey.SessionChoice{{Session: "finance", Repeat: 2}, {Session: "finance", Repeat: 1, Participant: "maria"}}}},
		Revision: 1, CreatedAt: at(0), UpdatedAt: at(0)}
}

func TestMeetings(t *testing.T) {
	bothModes(t, func(t *testing.T, s *mongostore.Store) {
		ctx := t.Context()
		m := meeting("midterm", "2026-midterm")
		checkErr(t, "CreateMeeting", s.CreateMeeting(ctx, m), nil)
		checkErr(t, "CreateMeeting again", s.CreateMeeting(ctx, m), survey.ErrConflict)
		checkErr(t, "CreateMeeting other", s.CreateMeeting(ctx, meeting("other", "2025-baseline")), nil)
		got, err := s.GetMeeting(ctx, "midterm")
		checkErr(t, "GetMeeting", err, nil)
		if diff := cmp.Diff(m, got); diff != "" {
			t.Errorf("GetMeeting (-want +got):\n%s", diff)
		}
		_, err = s.GetMeeting(ctx, "none")
		checkErr(t, "GetMeeting none", err, survey.ErrNotFound)

		m.Registrations = nil
		m.Revision = 2
		checkErr(t, "ReplaceMeeting", s.ReplaceMeeting(ctx, m, 1), nil)
		checkErr(t, "ReplaceMeeting stale", s.ReplaceMeeting(ctx, m, 1), survey.ErrConflict)
		checkErr(t, "ReplaceMeeting missing", s.ReplaceMeeting(ctx, meeting("none", "x"), 0), survey.ErrNotFound)
		got, err = s.GetMeeting(ctx, "midterm")
		checkErr(t, "GetMeeting", err, nil)
		m.Registrations = []survey.Registration{}
		if diff := cmp.Diff(m, got); diff != "" {
			t.Errorf("after ReplaceMeeting (-want +got):\n%s", diff)
		}

		list, err := s.ListMeetings(ctx, "2026-midterm")
		checkErr(t, "ListMeetings", err, nil)
		if len(list) != 1 || list[0].ID != "midterm" {
			t.Errorf("ListMeetings(2026-midterm) = %v, want [midterm]", list)
		}
		all, err := s.ListMeetings(ctx, "")
		checkErr(t, "ListMeetings all", err, nil)
		if len(all) != 2 || all[0].ID != "midterm" || all[1].ID != "other" {
			t.Errorf("ListMeetings() = %d meetings, want midterm and other by id", len(all))
		}
	})
}
