package api_test

import (
	"net/http"
	"os"
	"strings"
	"testing"
)

// TestSubmitChoiceFilter: a submission choosing a choice that the
// question's choice_filter does not offer (cascading selects) is a 422
// naming the question, and nothing is stored; the offered choice goes in.
func TestSubmitChoiceFilter(t *testing.T) {
	h := newHarness(t, nil)
	src, err := os.ReadFile("../questionnaires/testdata/valid/cascade.yaml")
	if err != nil {
		t.Fatal(err)
	}
	h.must(t, call{method: "POST", path: "/api/v1/questionnaires", token: adminToken, contentType: "application/yaml", body: string(src)}, http.StatusCreated, nil)
	h.createAssociation(t, "assoc-cf", "AR", 90)
	h.createCampaign(t, "2026-cascade", "cascade")
	assoc := h.issueToken(t, "assoc-cf").Token
	path := responsePath("2026-cascade", "assoc-cf", "cascade")
	bad := h.do(t, call{method: "POST", path: path + "/submit", token: assoc, header: map[string]string{"Idempotency-Key": "cascade-submit-0001"},
		body: map[string]any{"answers": map[string]any{"region": "south", "city": "oslo", "venues": []string{"online"}}}})
	if bad.status != http.StatusUnprocessableEntity {
		t.Fatalf("a city of the north in the south: %d %s, want 422", bad.status, clip(bad.body))
	}
	fields := bad.errorBody(t).Error.Fields
	if len(fields) != 1 || fields["city"] == "" {
		t.Errorf("fields %v, want city only", fields)
	}
	if got := h.do(t, call{method: "GET", path: path, token: assoc}); got.status == http.StatusOK && strings.Contains(string(got.body), `"submitted"`) {
		t.Errorf("the refused submission was stored: %s", clip(got.body))
	}
	var ok struct {
		Status string `json:"status"`
	}
	h.must(t, call{method: "POST", path: path + "/submit", token: assoc, header: map[string]string{"Idempotency-Key": "cascade-submit-0002"},
		body: map[string]any{"answers": map[string]any{"region": "south", "city": "rome", "venues": []string{"forum", "online"}}}}, http.StatusOK, &ok)
	if ok.Status != "submitted" {
		t.Errorf("status %q, want submitted", ok.Status)
	}
}
