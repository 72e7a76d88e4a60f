package demo

import (
	"context"
	"fmt"

	"github.com/assocbench/assocbench/survey"
)

// Labels of the tokens the demo prints once. A live token labelled
// AnalystLabel marks a demo whose sign-in secrets were printed.
const (
	AdminLabel      = "demo administrator"
	AnalystLabel    = "demo analyst"
	InvitationLabel = "demo invitation"
)

// Progress states of an association in a campaign.
const (
	StateNotStarted = "not started"
	StateDrafts     = "drafts"
	StateSubmitted  = "submitted"
)

// Invitee is an association the demo invites and where it stands in the
// midterm campaign.
type Invitee struct {
	Association *survey.Association
	// State is StateNotStarted, StateDrafts or StateSubmitted.
	State string
}

// Invitees returns three associations of the midterm campaign, in
// different regions when possible: one that has not started, one with
// drafts and one that has submitted everything (to see a scorecard). A
// state no association is in is left out.
func Invitees(ctx context.Context, svc *survey.Service) ([]Invitee, error) {
	all, err := svc.ListAssociations(ctx, survey.System, survey.AssociationFilter{})
	if err != nil {
		return nil, fmt.Errorf("list associations: %w", err)
	}
	want := []string{StateNotStarted, StateDrafts, StateSubmitted}
	found := map[string]*survey.Association{}
	states := map[string]string{}
	// first in different regions, then wherever they are
	for _, spread := range []bool{true, false} {
		for _, a := range all {
			if len(found) == len(want) {
				break
			}
			st, ok := states[a.ID]
			if !ok {
				if st, err = State(ctx, svc, Midterm, a.ID); err != nil {
					return nil, err
				}
				states[a.ID] = st
			}
			if found[st] == nil && !(spread && regionTaken(found, a)) {
				found[st] = a
			}
		}
	}
	// the submitted one has raters when some association has, to show them
	if a, err := raterInvitee(ctx, svc, all); err != nil {
		return nil, err
	} else if a != nil {
		found[StateSubmitted] = a
	}
	var out []Invitee
	for _, st := range want {
		if a := found[st]; a != nil {
			out = append(out, Invitee{Association: a, State: st})
		}
	}
	return out, nil
}

func regionTaken(found map[string]*survey.Association, a *survey.Association) bool {
	for _, f := range found {
		if f.Region == a.Region {
			return true
		}
	}
	return false
}

// State says whether an association has not started a campaign, has
// drafts (something saved, not everything submitted) or has submitted
// every questionnaire.
func State(ctx context.Context, svc *survey.Service, campaign, association string) (string, error) {
	rs, err := svc.ListResponses(ctx, survey.System, campaign, association)
	if err != nil {
		return "", fmt.Errorf("responses of %s: %w", association, err)
	}
	saved, submitted := 0, 0
	for _, r := range rs {
		if r.Revision > 0 {
			saved++
		}
		if r.Status == survey.StatusSubmitted {
			submitted++
		}
	}
	switch {
	case saved == 0:
		return StateNotStarted, nil
	case submitted == len(rs):
		return StateSubmitted, nil
	}
	return StateDrafts, nil
}

// raterInvitee returns the first association with midterm raters that
// submitted everything, nil when there is none.
func raterInvitee(ctx context.Context, svc *survey.Service, all []*survey.Association) (*survey.Association, error) {
	for _, a := range all {
		panel, err := svc.Raters(ctx, survey.System, Midterm, a.ID)
		if err != nil {
			return nil, err
		}
		if len(panel.Raters) == 0 {
			continue
		}
		st, err := State(ctx, svc, Midterm, a.ID)
		if err != nil {
			return nil, err
		}
		if st == StateSubmitted {
			return a, nil
		}
	}
	return nil, nil
}
