package api_test

import (
	"bytes"
	"net/http"
	"testing"
	"time"
)

// TestPatchCampaign changes a campaign's fields through PATCH; bad
// fields are a 422 naming the field that leaves the campaign as it was;
// other roles cannot; a closed campaign's deadline stays.
func TestPatchCampaign(t *testing.T) {
	h := newHarness(t, nil)
	h.createAssociation(t, "assoc-a", "FR", 300)
	h.createCampaign(t, "c0", "communications")
	h.createCampaign(t, "c1", "communications")
	path := "/api/v1/campaigns/c1"
	before := h.must(t, call{method: "GET", path: path, token: adminToken}, http.StatusOK, nil).body
	for _, tc := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"k too small", map[string]any{"k": 1}, "k"},
		{"no English title", map[string]any{"title": map[string]string{"fr": "Campagne"}}, "title"},
		{"bad date", map[string]any{"deadline_date": "31/01/2027"}, "deadline_date"},
		{"both deadlines", map[string]any{"deadline_date": "2027-01-31", "closes": "2027-01-31T12:00:00Z"}, "closes"},
		{"deadline before opening", map[string]any{"closes": "2001-01-01T00:00:00Z"}, "closes"},
		{"aoe without a date", map[string]any{"anywhere_on_earth": true}, "deadline_date"},
		{"unknown previous", map[string]any{"previous": "nope"}, "previous"},
		{"itself as previous", map[string]any{"previous": "c1"}, "previous"},
		{"key practice without a question", map[string]any{"public_report": true, "key_practices": []string{"communications"}}, "key_practices[0]"},
		{"key practice of another questionnaire", map[string]any{"key_practices": []string{"membership/recruitment_strategy"}}, "key_practices[0]"},
		{"key practice not a choice", map[string]any{"key_practices": []string{"communications/comms_strategy", "communications/nope"}}, "key_practices[1]"},
		{"key practice twice", map[string]any{"key_practices": []string{"communications/comms_strategy", "communications/comms_strategy"}}, "key_practices[1]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := h.must(t, call{method: "PATCH", path: path, token: adminToken, body: tc.body, check: unchecked}, http.StatusUnprocessableEntity, nil)
			if e := r.errorBody(t); e.Error.Fields[tc.field] == "" {
				t.Errorf("fields %v, want one on %s", e.Error.Fields, tc.field)
			}
		})
	}
	h.must(t, call{method: "PATCH", path: path, token: adminToken, body: map[string]any{"colour": "red"}, check: unchecked}, http.StatusBadRequest, nil)
	h.must(t, call{method: "PATCH", path: path, token: analystToken, body: map[string]any{"k": 7}}, http.StatusForbidden, nil)
	assoc := h.issueToken(t, "assoc-a").Token
	h.must(t, call{method: "PATCH", path: path, token: assoc, body: map[string]any{"k": 7}}, http.StatusNotFound, nil)
	if now := h.must(t, call{method: "GET", path: path, token: adminToken}, http.StatusOK, nil).body; !bytes.Equal(now, before) {
		t.Fatalf("refused patches changed the campaign:\n%s\n%s", before, now)
	}

	var got struct {
		Title    map[string]string `json:"title"`
		Closes   time.Time         `json:"closes"`
		AoE      bool              `json:"anywhere_on_earth"`
		K        int               `json:"k"`
		Previous string            `json:"previous"`
		Public   bool              `json:"public_report"`
		Key      []string          `json:"key_practices"`
	}
	h.must(t, call{method: "PATCH", path: path, token: adminToken, body: map[string]any{
		"title": map[string]string{"en": "Midterm", "fr": "Mi-parcours"}, "deadline_date": "2027-01-31", "anywhere_on_earth": true,
		"k": 7, "previous": "c0", "public_report": true, "key_practices": []string{"communications/comms_strategy"}}}, http.StatusOK, &got)
	if !got.Public || len(got.Key) != 1 || got.Key[0] != "communications/comms_strategy" {
		t.Errorf("public report %v, key practices %v, want on and [communications/comms_strategy]", got.Public, got.Key)
	}
	if got.Title["fr"] != "Mi-parcours" || got.K != 7 || got.Previous != "c0" || !got.AoE ||
		!got.Closes.Equal(time.Date(2027, 2, 1, 11, 59, 59, 0, time.UTC)) {
		t.Errorf("after the patch: %+v", got)
	}
	got.Previous = "" // left out of the JSON when empty
	h.must(t, call{method: "PATCH", path: path, token: adminToken, body: map[string]any{"previous": ""}}, http.StatusOK, &got)
	if got.Previous != "" || got.K != 7 || got.Title["fr"] != "Mi-parcours" || !got.Public || len(got.Key) != 1 {
		t.Errorf("removing previous: %+v", got)
	}
	h.must(t, call{method: "POST", path: path + "/close", token: adminToken}, http.StatusOK, nil)
	h.must(t, call{method: "PATCH", path: path, token: adminToken, body: map[string]any{"deadline_date": "2027-03-31"}}, http.StatusConflict, nil)
	h.must(t, call{method: "PATCH", path: path, token: adminToken, body: map[string]any{"title": map[string]string{"en": "Midterm (closed)"}}}, http.StatusOK, nil)
}
