package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/assocbench/assocbench/survey"
)

// The enrolment round-trips through the API: an association sets its
// own, a bad value is a 422 naming the field and changes nothing, and
// the mentoring run answers with its counts and matching date.
func TestMentoringEnrolmentAPI(t *testing.T) {
	h := newHarness(t, nil)
	h.createAssociation(t, "enrols", "FR", 300)
	tok := h.issueToken(t, "enrols")
	path := "/api/v1/associations/enrols"
	var a survey.Association
	h.must(t, call{method: "PATCH", path: path, token: tok.Token, body: map[string]any{
		"mentoring_hours": 6, "mentoring_format": "weeks", "mentoring_scope": "region", "mentoring_capacity": 3,
	}}, http.StatusOK, &a)
	if a.MentoringHours != 6 || a.MentoringFormat != "weeks" || a.MentoringScope != "region" || a.MentoringCapacity != 3 {
		t.Fatalf("after PATCH: %+v", a)
	}
	for field, value := range map[string]any{
		"mentoring_hours": 500, "mentoring_format": "forever", "mentoring_scope": "planet", "mentoring_capacity": 11,
	} {
		r := h.do(t, call{method: "PATCH", path: path, token: tok.Token, body: map[string]any{field: value}, check: unchecked})
		if r.status != http.StatusUnprocessableEntity || r.errorBody(t).Error.Fields[field] == "" {
			t.Errorf("PATCH %s=%v: %d %s; want 422 naming %s", field, value, r.status, clip(r.body), field)
		}
	}
	h.must(t, call{method: "GET", path: path, token: tok.Token}, http.StatusOK, &a)
	if a.MentoringHours != 6 || a.MentoringFormat != "weeks" || a.MentoringScope != "region" || a.MentoringCapacity != 3 {
		t.Errorf("bad PATCHes changed the enrolment: %+v", a)
	}

	h.createCampaign(t, "pilot", "profile")
	var run struct {
		Campaign string `json:"campaign"`
		Date     string `json:"date"`
		Requests int    `json:"requests"`
	}
	h.must(t, call{method: "GET", path: "/api/v1/campaigns/pilot/mentoring", token: adminToken}, http.StatusOK, &run)
	if run.Campaign != "pilot" || len(run.Date) != 10 || !strings.HasPrefix(run.Date, "20") {
		t.Errorf("run %+v: want the campaign and a matching date", run)
	}
}

// The pair routes through the API: the two sides accept through their
// own tokens, a third association sees nothing of the pair and gets 404
// acting on it, bad bodies are 422s naming the field.
func TestPairsAPI(t *testing.T) {
	h := newHarness(t, nil)
	for _, id := range []string{"mentor-a", "mentee-b", "third-c"} {
		h.createAssociation(t, id, "FR", 200)
	}
	h.createCampaign(t, "pilot", "profile")
	id := survey.PairID("pilot", "financial", "mentee-b", "mentor-a")
	if err := h.svc.Store().InsertPair(context.Background(), &survey.Pair{ID: id, Campaign: "pilot", Area: "financial",
		Mentor: "mentor-a", Mentee: "mentee-b", State: survey.PairProposed, ProposedAt: time.Now().UTC(), Revision: 1}); err != nil {
		t.Fatal(err)
	}
	tok := map[string]string{}
	for _, a := range []string{"mentor-a", "mentee-b", "third-c"} {
		tok[a] = h.issueToken(t, a).Token
	}
	path := "/api/v1/campaigns/pilot/mentoring/pairs"
	var v survey.PairsView
	h.must(t, call{method: "GET", path: path, token: tok["third-c"]}, http.StatusOK, &v)
	if len(v.Pairs) != 0 || len(v.Reminders) != 0 {
		t.Errorf("a third association sees %+v", v)
	}
	h.must(t, call{method: "POST", path: path + "/" + id, token: tok["third-c"], body: map[string]any{"action": "accept"}}, http.StatusNotFound, nil)
	for _, tc := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"action": "marry"}, "action"},
		{map[string]any{"action": "feedback", "rating": 9}, "rating"},
		{map[string]any{"action": "check_in", "date": "28/04/2026"}, "date"},
	} {
		r := h.do(t, call{method: "POST", path: path + "/" + id, token: tok["mentor-a"], body: tc.body, check: unchecked})
		if r.status != http.StatusUnprocessableEntity || r.errorBody(t).Error.Fields[tc.field] == "" {
			t.Errorf("POST %v: %d %s; want 422 naming %s", tc.body, r.status, clip(r.body), tc.field)
		}
	}
	var pr survey.Pair
	h.must(t, call{method: "POST", path: path + "/" + id, token: tok["mentor-a"], body: map[string]any{"action": "accept"}}, http.StatusOK, &pr)
	if pr.State != survey.PairProposed || pr.MentorAcceptedAt == nil {
		t.Fatalf("after the mentor's accept: %+v", pr)
	}
	h.must(t, call{method: "POST", path: path + "/" + id, token: tok["mentee-b"], body: map[string]any{"action": "accept"}}, http.StatusOK, &pr)
	if pr.State != survey.PairAccepted {
		t.Fatalf("after both accepts: %+v", pr)
	}
	r := h.do(t, call{method: "POST", path: path + "/" + id, token: tok["mentee-b"], body: map[string]any{"action": "cancel"}})
	if r.status != http.StatusUnprocessableEntity || r.errorBody(t).Error.Fields["reason"] == "" {
		t.Errorf("cancel without a reason: %d %s", r.status, clip(r.body))
	}
	h.must(t, call{method: "POST", path: path + "/" + id, token: tok["mentee-b"], body: map[string]any{"action": "decline"}}, http.StatusConflict, nil)
	h.must(t, call{method: "GET", path: path, token: tok["mentee-b"]}, http.StatusOK, &v)
	if len(v.Pairs) != 1 || v.Pairs[0].State != survey.PairAccepted {
		t.Errorf("the mentee's pairs: %+v", v.Pairs)
	}
}
