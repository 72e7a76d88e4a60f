package api_test

import (
	"net/http"
	"strings"
	"testing"

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
