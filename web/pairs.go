package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
)

// The mentorship pilot's pages: on the survey home page an association
// sees its pairs of each campaign and acts on them (accept, decline,
// start, complete, record a check-in); on the dashboard the working
// group sees the pairs of consenting associations, the reminders, and
// writes a run's matches as proposals.

// pairCard is one of the association's pairs on its survey home page.
type pairCard struct {
	ID, Area, Partner, Role, State, StateLabel string
	// Actions are the buttons offered (accept, decline, start, complete).
	Actions []string
	// Waiting is true when this side has accepted and the other not yet.
	Waiting bool
	// CheckIn offers the check-in form (an active pair).
	CheckIn  bool
	CheckIns int
	// Cancel offers the cancel form (an accepted or active pair);
	// Feedback the feedback form (a completed pair this side has not
	// rated yet).
	Cancel, Feedback bool
}

// pairRow is a pair on the dashboard.
type pairRow struct {
	Area, Mentor, Mentee, State, Proposed string
}

func (w *site) pairRoutes(e *gin.Engine) {
	e.POST("/survey/:c/pairs/:pair", w.pairAction)
	e.POST("/dashboard/:c/mentoring/propose", w.proposePairs)
}

// pairCards lists the association's pairs of a campaign as cards.
func (w *site) pairCards(c *gin.Context, p survey.Principal, assoc, campaign string, pg *page) []pairCard {
	v, err := w.svc.ListPairs(c.Request.Context(), p, campaign, 0)
	if err != nil {
		return nil
	}
	var out []pairCard
	for _, pr := range v.Pairs {
		side := pr.Side(assoc)
		if pr.State == survey.PairSuperseded || side == "" {
			continue // an administrator's list holds every pair of the campaign
		}
		card := pairCard{ID: pr.ID, Area: metricLabel("area:"+pr.Area, pg.Lang), Role: pg.T("pairs.role." + side),
			State: string(pr.State), StateLabel: pg.T("pairs.state." + string(pr.State)), CheckIns: len(pr.CheckIns)}
		card.Partner = pr.Mentee
		if side == "mentee" {
			card.Partner = pr.Mentor
		}
		mine := pr.MentorAcceptedAt
		if side == "mentee" {
			mine = pr.MenteeAcceptedAt
		}
		switch pr.State {
		case survey.PairProposed:
			if mine == nil {
				card.Actions = []string{survey.ActAccept, survey.ActDecline}
			} else {
				card.Waiting = true
			}
		case survey.PairAccepted:
			card.Actions, card.Cancel = []string{survey.ActStart}, true
		case survey.PairActive:
			card.Actions, card.CheckIn, card.Cancel = []string{survey.ActComplete}, true, true
		case survey.PairCompleted:
			card.Feedback = !slices.ContainsFunc(pr.Feedback, func(f survey.PairFeedback) bool { return f.Side == side })
		}
		out = append(out, card)
	}
	return out
}

// pairAction performs an association's action on one of its pairs.
func (w *site) pairAction(c *gin.Context) {
	p, assoc, ok := w.respondent(c)
	if !ok {
		return
	}
	if err := formCSRF(c); err != nil {
		w.formExpired(c)
		return
	}
	in := survey.PairAction{Action: c.PostForm("action"), Reason: c.PostForm("reason"), Date: c.PostForm("date"),
		Topics: c.PostForm("topics"), Text: c.PostForm("text")}
	for field, dst := range map[string]*int{"minutes": &in.Minutes, "rating": &in.Rating} {
		if v := c.PostForm(field); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				w.errorPage(c, &survey.ValidationError{Message: "invalid form", Fields: map[string]string{field: "must be a whole number"}})
				return
			}
			*dst = n
		}
	}
	if _, err := w.svc.ActOnPair(c.Request.Context(), p, c.Param("c"), c.Param("pair"), in); err != nil {
		w.errorPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/survey"+adminQuery(p, assoc)+"#pairs-"+c.Param("c"))
}

// proposePairs writes a fresh run's matches as proposals (analysts and
// administrators, from the dashboard).
func (w *site) proposePairs(c *gin.Context) {
	p, ok := w.principal(c)
	if !ok {
		return
	}
	if err := formCSRF(c); err != nil {
		w.formExpired(c)
		return
	}
	res, err := w.svc.ProposeMentoring(c.Request.Context(), p, c.Param("c"))
	if err != nil {
		w.errorPage(c, err)
		return
	}
	q := url.Values{"campaign": {c.Param("c")}, "proposed": {strconv.Itoa(res.Proposed)},
		"kept": {strconv.Itoa(res.Kept)}, "superseded": {strconv.Itoa(res.Superseded)}}
	c.Redirect(http.StatusSeeOther, "/dashboard?"+q.Encode()+"#h-pairs")
}

// pairRows lists the pairs and the reminders the principal may see, and
// the feedback per area in words (a mean rating only from k pairs).
func (w *site) pairRows(c *gin.Context, p survey.Principal, campaign string, pg *page) (pairs, reminders []pairRow, feedback []string) {
	v, err := w.svc.ListPairs(c.Request.Context(), p, campaign, 0)
	if err != nil {
		return nil, nil, nil
	}
	for _, f := range v.Feedback {
		area := metricLabel("area:"+f.Area, pg.Lang)
		if f.MeanRating == nil {
			feedback = append(feedback, pg.T("dash.pilot.feedback.hidden", area, f.Pairs))
		} else {
			feedback = append(feedback, pg.T("dash.pilot.feedback", area, f.Pairs, fmt.Sprintf("%.1f", *f.MeanRating)))
		}
	}
	var ids []string
	for _, pr := range v.Pairs {
		ids = append(ids, pr.Mentor, pr.Mentee)
	}
	names, err := w.svc.AssociationNames(c.Request.Context(), p, ids)
	if err != nil {
		names = map[string]string{}
	}
	name := func(id string) string {
		if n := names[id]; n != "" {
			return n
		}
		return id
	}
	row := func(pr *survey.Pair) pairRow {
		return pairRow{Area: metricLabel("area:"+pr.Area, pg.Lang), Mentor: name(pr.Mentor), Mentee: name(pr.Mentee),
			State: pg.T("pairs.state." + string(pr.State)), Proposed: pilotDate(pr.ProposedAt.Format("2006-01-02"), pg.Lang)}
	}
	for _, pr := range v.Pairs {
		if pr.State != survey.PairSuperseded {
			pairs = append(pairs, row(pr))
		}
	}
	for _, pr := range v.Reminders {
		reminders = append(reminders, row(pr))
	}
	return pairs, reminders, feedback
}

// outcomeView is the pilot's outcome table on the dashboard.
type outcomeView struct {
	Error string
	Areas []string
	Rows  []outcomeRow
}

// outcomeRow is one group: per area, matched then unmatched.
type outcomeRow struct {
	Group string
	Cells []outcomeCell
}

// outcomeCell is n with the median change, or the words of a hidden cell.
type outcomeCell struct {
	N              int
	Median, Hidden string
}

// outcomeTable reads the outcome table family of the latest release.
func (w *site) outcomeTable(c *gin.Context, p survey.Principal, campaign string, dims []string, pg *page) *outcomeView {
	v := &outcomeView{}
	t, err := w.svc.MentoringOutcomes(c.Request.Context(), p, campaign, dims)
	if err != nil {
		v.Error = w.sectionError(c, err, pg.Lang)
		return v
	}
	areas := questionnaires.ScoredAreas
	for _, a := range areas {
		v.Areas = append(v.Areas, metricLabel(scoring.AreaMetric(a), pg.Lang))
	}
	for _, g := range append([]scoring.Group{t.All}, t.Groups...) {
		row := outcomeRow{Group: groupLabel(g.Key, g.Attrs, dims, pg.Lang)}
		seen := false
		for _, a := range areas {
			for _, kind := range []string{survey.OutcomeMatched, survey.OutcomeUnmatched} {
				st := g.Stats[survey.MentoringOutcomeMetric(string(a), kind)]
				cell := outcomeCell{N: st.N, Median: planMedian(st)}
				seen = seen || st.N > 0 || st.NHidden
				if st.Suppressed && (st.N > 0 || st.NHidden) {
					cell.Hidden = pg.Suppressed(t.K, st.N)
				}
				row.Cells = append(row.Cells, cell)
			}
		}
		if seen {
			v.Rows = append(v.Rows, row)
		}
	}
	return v
}
