package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/assocbench/assocbench/survey"
)

// TestAnalystPolicyMatrix: an analyst × {an association that shares its
// scores, one that does not} × every route that shows a single
// association. Without consent nothing of it; with consent its scores and
// maturity levels, never its answers, item points or profile figures.
func TestAnalystPolicyMatrix(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, nil)
	h.createAssociation(t, "shares", "FR", 300)
	h.createAssociation(t, "keeps", "FR", 300)
	h.createCampaign(t, "c1", "communications")
	for i, id := range []string{"shares", "keeps"} {
		if _, err := h.svc.Submit(ctx, survey.System, survey.SubmitInput{
			ResponseRef: survey.ResponseRef{Campaign: "c1", Association: id, Questionnaire: "communications"},
			Key:         "policy-" + id, Answers: mustParse(t, h, "communications", h.fullAnswers(t, "communications", uint64(20+i)))}); err != nil {
			t.Fatal(err)
		}
	}
	own := h.issueToken(t, "shares").Token
	h.must(t, call{method: "PUT", path: "/api/v1/campaigns/c1/consent/shares", token: own, body: map[string]any{"share": true}}, http.StatusOK, nil)
	h.must(t, call{method: "POST", path: "/api/v1/campaigns/c1/releases", token: adminToken}, http.StatusCreated, nil)

	forbidden, ok := http.StatusForbidden, http.StatusOK
	// absent are JSON fields that must never reach an analyst.
	absent := []string{`"members"`, `"budget_band"`, `"institutional_members"`, `"time_zone"`, `"mentoring_offers"`, `"answers"`, `"reason"`, `"points"`}
	tests := []struct {
		path          string
		shares, keeps int
	}{
		{"/api/v1/campaigns/c1/scores/{a}", ok, forbidden},
		{"/api/v1/campaigns/c1/exports/scorecard/{a}", ok, forbidden},
		{"/api/v1/associations/{a}", ok, ok},
		{"/api/v1/associations?campaign=c1", ok, ok},
		{"/api/v1/campaigns/c1/responses/{a}", forbidden, forbidden},
		{"/api/v1/campaigns/c1/responses/{a}/communications", forbidden, forbidden},
		{"/api/v1/campaigns/c1/responses/{a}/communications/fill-in", forbidden, forbidden},
		{"/api/v1/campaigns/c1/consent/{a}", ok, ok},
		{"/api/v1/campaigns/c1/scores", forbidden, forbidden},
	}
	for _, tt := range tests {
		for _, tc := range []struct {
			assoc string
			want  int
		}{{"shares", tt.shares}, {"keeps", tt.keeps}} {
			path := strings.ReplaceAll(tt.path, "{a}", tc.assoc)
			r := h.do(t, call{method: "GET", path: path, token: analystToken})
			if r.status != tc.want {
				t.Errorf("analyst GET %s: %d, want %d", path, r.status, tc.want)
				continue
			}
			if r.status != ok || strings.Contains(path, "/exports/") {
				continue
			}
			for _, field := range absent {
				if strings.Contains(string(r.body), field) {
					t.Errorf("analyst GET %s shows %s: %s", path, field, r.body)
				}
			}
		}
	}
	// the consented scorecard shows scores and levels
	var card struct {
		Areas []struct {
			Scored   bool    `json:"scored"`
			Score    float64 `json:"score"`
			Maturity string  `json:"maturity"`
			Items    []any   `json:"items"`
		} `json:"areas"`
	}
	h.must(t, call{method: "GET", path: "/api/v1/campaigns/c1/scores/shares", token: analystToken}, ok, &card)
	if len(card.Areas) != 1 || !card.Areas[0].Scored || card.Areas[0].Maturity == "" || len(card.Areas[0].Items) != 0 {
		t.Errorf("consented scorecard for an analyst: %+v; want the score and level, no items", card.Areas)
	}
	// mentoring matches only between associations that share their scores
	var ms struct {
		Matches []struct{ Mentor, Mentee string } `json:"matches"`
	}
	h.must(t, call{method: "GET", path: "/api/v1/campaigns/c1/mentoring", token: analystToken}, ok, &ms)
	for _, m := range ms.Matches {
		if m.Mentor == "keeps" || m.Mentee == "keeps" {
			t.Errorf("an analyst sees a match of an association that does not share its scores: %+v", m)
		}
	}
	// withdrawing closes the scorecard again
	h.must(t, call{method: "PUT", path: "/api/v1/campaigns/c1/consent/shares", token: own, body: map[string]any{"share": false}}, ok, nil)
	h.must(t, call{method: "GET", path: "/api/v1/campaigns/c1/scores/shares", token: analystToken}, forbidden, nil)
	// bad consent bodies get a 4xx naming the field, and change nothing
	for _, body := range []any{map[string]any{}, map[string]any{"share": "yes"}, map[string]any{"share": true, "extra": 1}} {
		r := h.do(t, call{method: "PUT", path: "/api/v1/campaigns/c1/consent/shares", token: own, body: body, check: unchecked})
		if r.status < 400 || r.status >= 500 || !strings.Contains(string(r.body), "share") && !strings.Contains(string(r.body), "extra") {
			t.Errorf("PUT consent %v: %d %s; want a 4xx naming the field", body, r.status, r.body)
		}
	}
	cs, err := h.svc.GetConsent(ctx, survey.System, "c1", "shares")
	if err != nil || cs.Share || !cs.Ever {
		t.Errorf("consent after the bad bodies: %+v, %v; want withdrawn, ever given", cs, err)
	}
}
