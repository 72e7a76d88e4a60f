package demo

import (
	"context"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
)

// enrolmentPlaceholders are given to the synthesizer for the enrolment
// questions an association leaves empty, so that it draws no random
// number for them and the demo's other answers stay as they were before
// the enrolment existed; unfixEnrolment takes them out again (or the
// questions' relevance does).
var enrolmentPlaceholders = questionnaires.Answers{
	"mentoring_hours":    questionnaires.Num(1),
	"mentoring_format":   questionnaires.Str("weeks"),
	"mentoring_scope":    questionnaires.Str("global"),
	"mentoring_capacity": questionnaires.Num(2),
}

// fixEnrolment adds the placeholders for what fixed lacks.
func fixEnrolment(fixed questionnaires.Answers) {
	for k, v := range enrolmentPlaceholders {
		if _, ok := fixed[k]; !ok {
			fixed[k] = v
		}
	}
}

// unfixEnrolment removes the placeholders the association did not give.
func unfixEnrolment(ans questionnaires.Answers, a *survey.Association) {
	if a.MentoringHours == 0 {
		delete(ans, "mentoring_hours")
	}
	if a.MentoringFormat == "" {
		delete(ans, "mentoring_format")
	}
}

// enrol fills the mentorship pilot's enrolment of an association that
// offers or seeks mentoring: hours a month, format, scope and capacity,
// drawn from its id (not from the seed's random stream, so that adding
// the enrolment left every other demo figure as it was). Most give no
// format or want a few weeks; a fifth want partners of their own region;
// mentors take two to four mentees.
func enrol(a *survey.Association) {
	if len(a.MentoringOffers)+len(a.MentoringSeeks) == 0 {
		return
	}
	h := fnv.New64a()
	h.Write([]byte(a.ID))
	x := h.Sum64()
	pick := func(n uint64) int {
		v := int(x % n)
		x /= n
		return v
	}
	a.MentoringHours = []int{2, 4, 4, 6, 8, 10}[pick(6)]
	a.MentoringFormat = []string{"", "", "", "", "weeks", "long_term", "one_off"}[pick(7)]
	a.MentoringScope = "global"
	if pick(5) == 0 {
		a.MentoringScope = "region"
	}
	if len(a.MentoringOffers) > 0 {
		a.MentoringCapacity = []int{2, 2, 3, 4}[pick(4)]
	}
}

// seedPairs proposes the midterm's matches once and walks some pairs
// through their life, so that the pilot's pages show every state: of
// every eight pairs (by id) one is completed with check-ins and both
// sides' feedback, one active with a check-in, one accepted, one
// accepted by the mentor only, one declined by the mentee, one
// cancelled, and two stay proposed.
func seedPairs(ctx context.Context, svc *survey.Service, sum *Summary) error {
	v, err := svc.ListPairs(ctx, survey.System, Midterm, 0)
	if err != nil {
		return err
	}
	if len(v.Pairs) > 0 {
		return nil
	}
	res, err := svc.ProposeMentoring(ctx, survey.System, Midterm)
	if err != nil {
		return err
	}
	sum.Pairs, sum.PairRequests = res.Proposed, res.Requests
	if run, err := svc.MentoringPilot(ctx, survey.System, Midterm); err == nil {
		sum.Greedy = run.Greedy
	}
	if v, err = svc.ListPairs(ctx, survey.System, Midterm, 0); err != nil {
		return err
	}
	day := svc.Now().UTC().Format(time.DateOnly)
	for i, pr := range v.Pairs {
		mentor := survey.Principal{Role: survey.RoleAssociation, Association: pr.Mentor, Token: "demo"}
		mentee := survey.Principal{Role: survey.RoleAssociation, Association: pr.Mentee, Token: "demo"}
		var steps []struct {
			who survey.Principal
			in  survey.PairAction
		}
		add := func(who survey.Principal, in survey.PairAction) {
			steps = append(steps, struct {
				who survey.Principal
				in  survey.PairAction
			}{who, in})
		}
		accept := func() {
			add(mentor, survey.PairAction{Action: survey.ActAccept})
			add(mentee, survey.PairAction{Action: survey.ActAccept})
		}
		checkIn := func(who survey.Principal, minutes int, topics string) {
			add(who, survey.PairAction{Action: survey.ActCheckIn, Date: day, Minutes: minutes, Topics: topics})
		}
		switch i % 8 {
		case 0:
			accept()
			add(mentor, survey.PairAction{Action: survey.ActStart})
			checkIn(mentee, 60, "Goals for the year and a first look at the figures")
			checkIn(mentor, 45, "Follow-up: what was tried and what comes next")
			add(mentee, survey.PairAction{Action: survey.ActComplete})
			add(mentee, survey.PairAction{Action: survey.ActFeedback, Rating: 4 + i%2, Text: "Practical advice we could use at once."})
			add(mentor, survey.PairAction{Action: survey.ActFeedback, Rating: 4, Text: "A committed partner."})
		case 1:
			accept()
			add(mentee, survey.PairAction{Action: survey.ActStart})
			checkIn(mentor, 90, "Introductions and a plan of meetings")
		case 2:
			accept()
		case 3:
			add(mentor, survey.PairAction{Action: survey.ActAccept})
		case 4:
			add(mentee, survey.PairAction{Action: survey.ActDecline, Reason: "Not this year"})
		case 5:
			accept()
			add(survey.System, survey.PairAction{Action: survey.ActCancel, Reason: "The mentor's contact person left"})
		}
		for _, st := range steps {
			if _, err := svc.ActOnPair(ctx, st.who, Midterm, pr.ID, st.in); err != nil {
				return fmt.Errorf("%s %s: %w", st.in.Action, pr.ID, err)
			}
		}
	}
	return nil
}

// seedBaselinePairs runs the pilot in the baseline campaign (before it
// closes): three of every four pairs are accepted, run and completed
// with a check-in, the fourth is left unanswered. The midterm's
// outcome tables (the change since the baseline of mentored and of
// unmatched seekers) then have figures. Seeding again adds nothing.
func seedBaselinePairs(ctx context.Context, svc *survey.Service, sum *Summary) error {
	v, err := svc.ListPairs(ctx, survey.System, Baseline, 0)
	if err != nil {
		return err
	}
	if len(v.Pairs) > 0 {
		return nil
	}
	if _, err := svc.ProposeMentoring(ctx, survey.System, Baseline); err != nil {
		return err
	}
	if v, err = svc.ListPairs(ctx, survey.System, Baseline, 0); err != nil {
		return err
	}
	day := svc.Now().UTC().Format(time.DateOnly)
	for i, pr := range v.Pairs {
		if i%4 == 3 {
			continue
		}
		mentor := survey.Principal{Role: survey.RoleAssociation, Association: pr.Mentor, Token: "demo"}
		mentee := survey.Principal{Role: survey.RoleAssociation, Association: pr.Mentee, Token: "demo"}
		steps := []struct {
			who survey.Principal
			in  survey.PairAction
		}{
			{mentor, survey.PairAction{Action: survey.ActAccept}},
			{mentee, survey.PairAction{Action: survey.ActAccept}},
			{mentee, survey.PairAction{Action: survey.ActStart}},
			{mentor, survey.PairAction{Action: survey.ActCheckIn, Date: day, Minutes: 60, Topics: "What the mentee wants to change this year"}},
			{mentee, survey.PairAction{Action: survey.ActComplete}},
		}
		for _, st := range steps {
			if _, err := svc.ActOnPair(ctx, st.who, Baseline, pr.ID, st.in); err != nil {
				return fmt.Errorf("%s %s: %w", st.in.Action, pr.ID, err)
			}
		}
		sum.BaselinePairs++
	}
	return nil
}
