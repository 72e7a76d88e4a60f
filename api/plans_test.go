package api_test

import (
	"net/http"
	"testing"

	"github.com/assocbench/assocbench/survey"
)

// TestPlanAPI saves a plan through the API with If-Match as a draft is
// saved: a missing If-Match is 428, a stale one 412, bad items 4xx naming
// the field with nothing stored.
func TestPlanAPI(t *testing.T) {
	h := newHarness(t, nil)
	h.createAssociation(t, "assoc-a", "FR", 300)
	h.createCampaign(t, "c1", "communications")
	tok := h.issueToken(t, "assoc-a").Token
	h.must(t, call{method: "POST", path: responsePath("c1", "assoc-a", "communications") + "/submit", token: tok,
		header: map[string]string{"Idempotency-Key": "plan-api-submit"}, body: map[string]any{"answers": h.fullAnswers(t, "communications", 3)}},
		http.StatusOK, nil)
	const path = "/api/v1/campaigns/c1/plans/assoc-a"
	var v survey.PlanView
	r := h.must(t, call{method: "GET", path: path, token: tok}, http.StatusOK, &v)
	if v.Plan.Revision != 0 || r.header.Get("ETag") != `"0"` || v.FollowUp != nil {
		t.Errorf("a plan never saved: revision %d, ETag %q, follow-up %v", v.Plan.Revision, r.header.Get("ETag"), v.FollowUp)
	}
	body := planBody(t, h, "communications")
	h.must(t, call{method: "PUT", path: path, token: tok, body: body, check: unchecked}, http.StatusPreconditionRequired, nil)
	r = h.must(t, call{method: "PUT", path: path, token: tok, body: body, header: map[string]string{"If-Match": `"0"`}}, http.StatusOK, &v)
	if v.Plan.Revision != 1 || r.header.Get("ETag") != `"1"` || len(v.Plan.Items) != 1 || v.Plan.Items[0].Points == nil {
		t.Errorf("saved plan: revision %d, ETag %q, items %+v", v.Plan.Revision, r.header.Get("ETag"), v.Plan.Items)
	}
	h.must(t, call{method: "PUT", path: path, token: tok, body: body, header: map[string]string{"If-Match": `"0"`}}, http.StatusPreconditionFailed, nil)

	item := func(edit func(map[string]any)) map[string]any {
		it := map[string]any{}
		for k, v := range body["items"].([]map[string]any)[0] {
			it[k] = v
		}
		edit(it)
		return map[string]any{"items": []map[string]any{it}}
	}
	for _, tc := range []struct {
		name   string
		body   any
		status int
		field  string
	}{
		{"no items", map[string]any{}, http.StatusBadRequest, "items"},
		{"no target", item(func(it map[string]any) { delete(it, "target") }), http.StatusBadRequest, "items[0].target"},
		{"status", item(func(it map[string]any) { it["status"] = "finished" }), http.StatusUnprocessableEntity, "items[0].status"},
		{"item", item(func(it map[string]any) { it["item"] = "nope" }), http.StatusUnprocessableEntity, "items[0].item"},
		{"target", item(func(it map[string]any) { it["target"] = 101 }), http.StatusUnprocessableEntity, "items[0].target"},
		{"due", item(func(it map[string]any) { it["due"] = "31/03/2027" }), http.StatusUnprocessableEntity, "items[0].due"},
		{"links", item(func(it map[string]any) { it["links"] = []string{"p1"} }), http.StatusUnprocessableEntity, "items[0].links"},
		{"unknown field", item(func(it map[string]any) { it["colour"] = "red" }), http.StatusBadRequest, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := h.do(t, call{method: "PUT", path: path, token: tok, body: tc.body, header: map[string]string{"If-Match": `"1"`}, check: unchecked})
			if r.status != tc.status {
				t.Fatalf("status %d, want %d; body %s", r.status, tc.status, r.body)
			}
			if e := r.errorBody(t); tc.field != "" && e.Error.Fields[tc.field] == "" {
				t.Errorf("error %+v does not name %s", e.Error, tc.field)
			}
			var after survey.PlanView
			h.must(t, call{method: "GET", path: path, token: tok}, http.StatusOK, &after)
			if after.Plan.Revision != 1 || after.Plan.Items[0].Action != "Write a plan" {
				t.Errorf("after a refused save: revision %d, items %+v; want revision 1 unchanged", after.Plan.Revision, after.Plan.Items)
			}
		})
	}
	// what GET returns can be sent back as it is (points and history are ignored)
	var round survey.PlanView
	h.must(t, call{method: "GET", path: path, token: tok}, http.StatusOK, &round)
	h.must(t, call{method: "PUT", path: path, token: tok, body: map[string]any{"items": round.Plan.Items},
		header: map[string]string{"If-Match": `"1"`}}, http.StatusOK, &v)
	if v.Plan.Revision != 2 {
		t.Errorf("round trip: revision %d, want 2", v.Plan.Revision)
	}
}
