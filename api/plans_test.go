package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

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
		{"links", item(func(it map[string]any) { it["links"] = []string{"p1"} }), http.StatusUnprocessableEntity, "items[0].links[0]"},
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

// TestPlanSheet downloads the scorecard workbook, edits its plan sheet
// offline (with excelize, as a spreadsheet program would) and imports it
// back: the plan is saved; problems come back at their cells with nothing
// stored; a sheet of an older revision is a 412; an analyst's workbook
// has no plan sheet.
func TestPlanSheet(t *testing.T) {
	h := newHarness(t, nil)
	h.createAssociation(t, "assoc-a", "FR", 300)
	h.createCampaign(t, "c1", "communications")
	tok := h.issueToken(t, "assoc-a").Token
	h.must(t, call{method: "POST", path: responsePath("c1", "assoc-a", "communications") + "/submit", token: tok,
		header: map[string]string{"Idempotency-Key": "plan-sheet-submit"}, body: map[string]any{"answers": h.fullAnswers(t, "communications", 4)}},
		http.StatusOK, nil)
	const path = "/api/v1/campaigns/c1/plans/assoc-a"
	download := func(token string) *excelize.File {
		r := h.must(t, call{method: "GET", path: "/api/v1/campaigns/c1/exports/scorecard/assoc-a?lang=fr", token: token}, http.StatusOK, nil)
		return workbookOf(t, r, "assocbench-scorecard-c1-assoc-a.xlsx")
	}
	upload := func(f *excelize.File) result {
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		return h.do(t, call{method: "POST", path: path + "/workbook", token: tok, body: buf.Bytes(), contentType: xlsxType})
	}
	const sh = "Plan d'action"
	f := download(tok)
	if !slices.Contains(f.GetSheetList(), sh) {
		t.Fatalf("sheets %q: no plan sheet", f.GetSheetList())
	}
	key, _ := f.GetCellValue(sh, "A4")
	if key == "" {
		t.Fatal("the plan sheet lists no item to improve")
	}
	for c, v := range map[string]string{"D4": "=HYPERLINK(\"http://x\")", "E4": "Bureau", "F4": "2027-03-31", "G4": "en cours", "H4": "75"} {
		if err := f.SetCellStr(sh, c, v); err != nil {
			t.Fatal(err)
		}
	}
	var v survey.PlanView
	r := upload(f)
	if r.status != http.StatusOK {
		t.Fatalf("import: %d %s", r.status, r.body)
	}
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatal(err)
	}
	it := v.Plan.Items
	if v.Plan.Revision != 1 || len(it) != 1 || it[0].Key() != key || it[0].Status != survey.PlanInProgress || it[0].Target != 75 ||
		it[0].Due != "2027-03-31" || it[0].Action != "=HYPERLINK(\"http://x\")" || it[0].Owner != "Bureau" {
		t.Fatalf("imported plan = %+v", v.Plan)
	}
	// the new download carries the plan, the action as text, not a formula
	f = download(tok)
	if got, _ := f.GetCellValue(sh, "D4"); got != it[0].Action {
		t.Errorf("D4 = %q, want the action", got)
	}
	if fm, _ := f.GetCellFormula(sh, "D4"); fm != "" {
		t.Errorf("D4 is a formula: %q", fm)
	}
	fresh := download(tok)

	// problems at their cells, nothing stored
	for _, tc := range []struct{ cell, value, problem string }{
		{"H4", "beaucoup", sh + "!H4"},
		{"G4", "fini", sh + "!G4"},
		{"F4", "demain", sh + "!F4"},
		{"A4", "communications/nope", sh + "!A4"},
	} {
		g := download(tok)
		if err := g.SetCellStr(sh, tc.cell, tc.value); err != nil {
			t.Fatal(err)
		}
		r := upload(g)
		if r.status != http.StatusUnprocessableEntity || r.errorBody(t).Error.Fields[tc.problem] == "" {
			t.Errorf("%s = %q: %d %s, want a 422 at %s", tc.cell, tc.value, r.status, r.body, tc.problem)
		}
	}
	h.must(t, call{method: "GET", path: path, token: tok}, http.StatusOK, &v)
	if v.Plan.Revision != 1 {
		t.Errorf("after refused imports the plan is at revision %d, want 1", v.Plan.Revision)
	}
	// a sheet of an older revision is stale
	h.must(t, call{method: "PUT", path: path, token: tok, body: map[string]any{"items": v.Plan.Items},
		header: map[string]string{"If-Match": `"1"`}}, http.StatusOK, nil)
	if r := upload(fresh); r.status != http.StatusPreconditionFailed {
		t.Errorf("a stale sheet: %d %s, want 412", r.status, r.body)
	}
	// not a workbook; another association's sheet
	if r := h.do(t, call{method: "POST", path: path + "/workbook", token: tok, body: []byte("PK not really"), contentType: xlsxType}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("not a workbook: %d, want 422", r.status)
	}
	// analysts get no plan sheet (of an association that shares its scores)
	if _, err := h.svc.SetConsent(context.Background(), survey.System, "c1", "assoc-a", true); err != nil {
		t.Fatal(err)
	}
	if a := download(analystToken); slices.Contains(a.GetSheetList(), sh) {
		t.Error("an analyst's scorecard workbook has the plan sheet")
	}
}
