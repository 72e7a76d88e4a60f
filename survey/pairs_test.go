package survey_test

import (
	"errors"
	"testing"
	"time"

	"github.com/assocbench/assocbench/survey"
)

// newPair stores a proposed pair of a1 (mentor) and a2 (mentee) in c1.
func (f *fixture) newPair(t *testing.T, area string) *survey.Pair {
	return f.newPairOf(t, area, "a1", "a2")
}

// newPairOf stores a proposed pair of mentor and mentee in c1.
func (f *fixture) newPairOf(t *testing.T, area, mentor, mentee string) *survey.Pair {
	t.Helper()
	p := &survey.Pair{ID: survey.PairID("c1", area, mentee, mentor), Campaign: "c1", Area: area, Mentor: mentor, Mentee: mentee,
		State: survey.PairProposed, ProposedAt: f.clock.now(), CheckIns: []survey.CheckIn{}, Feedback: []survey.PairFeedback{}, Revision: 1}
	if err := f.store.InsertPair(f.ctx, p); err != nil {
		t.Fatal(err)
	}
	return p
}

// Every step of a pair's life, by whom it is allowed and refused.
func TestPairStateMachine(t *testing.T) {
	f := newFixture(t)
	f.setup(t)
	if _, err := f.svc.CreateAssociation(f.ctx, admin, association("a3", "BR")); err != nil {
		t.Fatal(err)
	}
	mentor, mentee, third := assocPrincipal("a1"), assocPrincipal("a2"), assocPrincipal("a3")
	wg := survey.Principal{Role: survey.RoleAnalyst, Token: "wg"}
	today := f.clock.now().UTC().Format(time.DateOnly)
	type step struct {
		who   survey.Principal
		in    survey.PairAction
		err   error // nil, or the sentinel wanted
		field string
		state survey.PairState
	}
	act := func(a string) survey.PairAction { return survey.PairAction{Action: a} }
	checkIn := survey.PairAction{Action: survey.ActCheckIn, Date: today, Minutes: 60, Topics: "membership drive"}
	tests := []struct {
		name  string
		steps []step
	}{
		{"accepted, active, check-ins, completed, feedback", []step{
			{mentee, act(survey.ActStart), survey.ErrConflict, "", ""},
			{third, act(survey.ActAccept), survey.ErrNotFound, "", ""},
			{wg, act(survey.ActAccept), survey.ErrForbidden, "", ""},
			{admin, act(survey.ActAccept), survey.ErrForbidden, "", ""},
			{mentor, act(survey.ActAccept), nil, "", survey.PairProposed},
			{mentor, act(survey.ActAccept), nil, "", survey.PairProposed}, // the same side again changes nothing
			{mentee, checkIn, survey.ErrConflict, "", ""},
			{mentee, act(survey.ActAccept), nil, "", survey.PairAccepted},
			{mentee, act(survey.ActDecline), survey.ErrConflict, "", ""},
			{mentee, act(survey.ActComplete), survey.ErrConflict, "", ""},
			{mentor, act(survey.ActStart), nil, "", survey.PairActive},
			{mentee, survey.PairAction{Action: survey.ActCheckIn, Date: "yesterday", Minutes: 2}, nil, "date", ""},
			{mentee, survey.PairAction{Action: survey.ActCheckIn, Date: today, Minutes: 2, Topics: "x"}, nil, "minutes", ""},
			{mentee, survey.PairAction{Action: survey.ActCheckIn, Date: today, Minutes: 30}, nil, "topics", ""},
			{third, checkIn, survey.ErrNotFound, "", ""},
			{mentee, checkIn, nil, "", survey.PairActive},
			{mentor, checkIn, nil, "", survey.PairActive},
			{mentee, survey.PairAction{Action: survey.ActFeedback, Rating: 5}, survey.ErrConflict, "", ""},
			{admin, act(survey.ActComplete), survey.ErrForbidden, "", ""},
			{mentee, act(survey.ActComplete), nil, "", survey.PairCompleted},
			{mentor, act(survey.ActCancel), survey.ErrConflict, "", ""},
			{mentee, survey.PairAction{Action: survey.ActFeedback, Rating: 6}, nil, "rating", ""},
			{mentee, survey.PairAction{Action: survey.ActFeedback, Rating: 4, Text: "very useful"}, nil, "", survey.PairCompleted},
			{mentee, survey.PairAction{Action: survey.ActFeedback, Rating: 4}, survey.ErrConflict, "", ""},
			{mentor, survey.PairAction{Action: survey.ActFeedback, Rating: 5}, nil, "", survey.PairCompleted},
		}},
		{"declined by the mentee", []step{
			{mentor, act(survey.ActAccept), nil, "", survey.PairProposed},
			{mentee, survey.PairAction{Action: survey.ActDecline, Reason: "not now"}, nil, "", survey.PairDeclined},
			{mentor, act(survey.ActAccept), survey.ErrConflict, "", ""},
		}},
		{"cancelled with a reason", []step{
			{mentor, act(survey.ActCancel), survey.ErrConflict, "", ""},
			{mentor, act(survey.ActAccept), nil, "", survey.PairProposed},
			{mentee, act(survey.ActAccept), nil, "", survey.PairAccepted},
			{mentor, act(survey.ActCancel), nil, "reason", ""},
			{admin, survey.PairAction{Action: survey.ActCancel, Reason: "the mentor left the pilot"}, nil, "", survey.PairCancelled},
			{mentee, act(survey.ActStart), survey.ErrConflict, "", ""},
		}},
		{"an unknown action", []step{
			{mentor, act("marry"), nil, "action", ""},
		}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var pr *survey.Pair
			if i < 3 {
				pr = f.newPair(t, []string{"financial", "membership", "communications"}[i])
			} else {
				pr = f.newPairOf(t, "financial", "a2", "a1")
			}
			for j, st := range tt.steps {
				before, _ := f.store.GetPair(f.ctx, pr.ID)
				got, err := f.svc.ActOnPair(f.ctx, st.who, "c1", pr.ID, st.in)
				var ve *survey.ValidationError
				switch {
				case st.field != "":
					if !errors.As(err, &ve) || ve.Fields[st.field] == "" {
						t.Fatalf("step %d %s: err %v, want a ValidationError on %s", j, st.in.Action, err, st.field)
					}
				case st.err != nil:
					if !errors.Is(err, st.err) {
						t.Fatalf("step %d %s by %s: err %v, want %v", j, st.in.Action, st.who.Role, err, st.err)
					}
				case err != nil:
					t.Fatalf("step %d %s: %v", j, st.in.Action, err)
				case got.State != st.state:
					t.Fatalf("step %d %s: state %s, want %s", j, st.in.Action, got.State, st.state)
				}
				if err != nil {
					if after, _ := f.store.GetPair(f.ctx, pr.ID); after.Revision != before.Revision || after.State != before.State {
						t.Fatalf("step %d: a refused action changed the pair", j)
					}
				}
			}
		})
	}
	done, err := f.store.GetPair(f.ctx, survey.PairID("c1", "financial", "a2", "a1"))
	if err != nil {
		t.Fatal(err)
	}
	if done.AcceptedAt == nil || done.ActiveAt == nil || done.EndedAt == nil || done.EndedBy != "mentee" ||
		len(done.CheckIns) != 2 || len(done.Feedback) != 2 {
		t.Errorf("completed pair lost a step: %+v", done)
	}
	if _, err := f.svc.ActOnPair(f.ctx, mentor, "other", done.ID, act(survey.ActStart)); !errors.Is(err, survey.ErrNotFound) {
		t.Errorf("a pair through another campaign: %v, want ErrNotFound", err)
	}
}

// The views: an association sees its own pairs, a third none; the working
// group sees pairs of consenting associations only, without feedback,
// and the reminders of proposals unanswered for N days.
func TestListPairs(t *testing.T) {
	f := newFixture(t)
	f.setup(t)
	if _, err := f.svc.CreateAssociation(f.ctx, admin, association("a3", "BR")); err != nil {
		t.Fatal(err)
	}
	f.newPair(t, "financial")
	f.clock.t = f.clock.t.Add(10 * 24 * time.Hour)
	f.newPair(t, "membership")
	for _, tc := range []struct {
		who  survey.Principal
		want int
	}{{assocPrincipal("a1"), 2}, {assocPrincipal("a2"), 2}, {assocPrincipal("a3"), 0}, {admin, 2},
		{survey.Principal{Role: survey.RoleAnalyst, Token: "wg"}, 0}} {
		v, err := f.svc.ListPairs(f.ctx, tc.who, "c1", 7)
		if err != nil || len(v.Pairs) != tc.want {
			t.Errorf("%s %s: %d pairs, %v; want %d", tc.who.Role, tc.who.Association, len(v.Pairs), err, tc.want)
		}
	}
	for _, id := range []string{"a1", "a2"} {
		if _, err := f.svc.SetConsent(f.ctx, assocPrincipal(id), "c1", id, true); err != nil {
			t.Fatal(err)
		}
	}
	v, err := f.svc.ListPairs(f.ctx, survey.Principal{Role: survey.RoleAnalyst, Token: "wg"}, "c1", 7)
	if err != nil || len(v.Pairs) != 2 || len(v.Reminders) != 1 || v.Reminders[0].Area != "financial" {
		t.Fatalf("working group after consent: %+v, %v; want 2 pairs and the 10-day-old proposal as a reminder", v, err)
	}
}
