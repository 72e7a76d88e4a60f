package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/questionnaires/synth"
	"github.com/assocbench/assocbench/reports"
	"github.com/assocbench/assocbench/survey"
)

// exportFixture is a campaign with a few associations that submitted
// the three scored questionnaires.
func exportFixture(t *testing.T) (*harness, string) {
	t.Helper()
	ctx := context.Background()
	h := newHarness(t, nil)
	h.createCampaign(t, "c1", "profile", "financial-sustainability", "membership", "communications")
	for i, c := range []string{"FR", "KE", "BR", "JP", "EG", "CA"} {
		id := "assoc-" + strings.ToLower(c)
		h.createAssociation(t, id, c, 300+100*i)
		rng := rand.New(rand.NewPCG(uint64(i), 3))
		for _, qid := range []string{"financial-sustainability", "membership", "communications"} {
			q := questionnaires.Builtin(qid)
			a, err := synth.Answers(q, rng, synth.Options{Propensity: 0.2 + 0.12*float64(i)})
			if err != nil {
				t.Fatal(err)
			}
			ref := survey.ResponseRef{Campaign: "c1", Association: id, Questionnaire: qid}
			if _, err := h.svc.Submit(ctx, survey.System, survey.SubmitInput{ResponseRef: ref, Key: "key-" + ref.ID(), Answers: a}); err != nil {
				t.Fatal(err)
			}
		}
	}
	// assoc-fr shares its scores with the working group; the campaign has a release
	if _, err := h.svc.SetConsent(ctx, survey.System, "c1", "assoc-fr", true); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.Publish(ctx, survey.System, "c1", ""); err != nil {
		t.Fatal(err)
	}
	return h, "assoc-fr"
}

// workbookOf checks a download's headers and opens it.
func workbookOf(t *testing.T, r result, filename string) *excelize.File {
	t.Helper()
	if got := r.header.Get("Content-Type"); got != reports.ContentType {
		t.Errorf("Content-Type = %q", got)
	}
	if got, want := r.header.Get("Content-Disposition"), `attachment; filename="`+filename+`"`; got != want {
		t.Errorf("Content-Disposition = %q, want %q", got, want)
	}
	f, err := excelize.OpenReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatalf("the download is not a workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestExportDownloads(t *testing.T) {
	ctx := context.Background()
	h, assoc := exportFixture(t)
	own := h.issueToken(t, assoc).Token

	// the association's own scorecard, in French, with its answers
	r := h.must(t, call{method: "GET", path: "/api/v1/campaigns/c1/exports/scorecard/" + assoc + "?lang=fr", token: own}, http.StatusOK, nil)
	f := workbookOf(t, r, "assocbench-scorecard-c1-"+assoc+".xlsx")
	if got := f.GetSheetList()[0]; got != "Vue d'ensemble" {
		t.Errorf("first sheet %q, want the French overview", got)
	}
	sheet := questionnaires.Builtin("financial-sustainability").Title.In("fr")
	if v, _ := f.GetCellValue(sheet, "A3"); v != "" {
		t.Errorf("the association's own scorecard says %q where answers are hidden from analysts", v)
	}
	// an analyst's: the same scores, without the answers
	r = h.must(t, call{method: "GET", path: "/api/v1/campaigns/c1/exports/scorecard/" + assoc, token: analystToken}, http.StatusOK, nil)
	f = workbookOf(t, r, "assocbench-scorecard-c1-"+assoc+".xlsx")
	if v, _ := f.GetCellValue("Financial sustainability", "A3"); !strings.Contains(v, "shown to the association and administrators only") {
		t.Errorf("an analyst's scorecard says %q, want that answers are hidden", v)
	}
	// another association's scorecard does not exist for this one
	h.must(t, call{method: "GET", path: "/api/v1/campaigns/c1/exports/scorecard/assoc-ke", token: own}, http.StatusNotFound, nil)

	// the session pack, limited to one questionnaire
	r = h.must(t, call{method: "GET", path: "/api/v1/campaigns/c1/exports/pack?questionnaire=membership&lang=es", token: analystToken}, http.StatusOK, nil)
	f = workbookOf(t, r, "assocbench-pack-c1-membership.xlsx")
	if got := f.GetSheetList(); got[0] != "Acerca de" || len(got) != 7 || !slices.Contains(got, "Buenas prácticas – Membresía y") {
		t.Errorf("pack sheets = %q", got)
	}
	h.must(t, call{method: "GET", path: "/api/v1/campaigns/c1/exports/pack?questionnaire=nope", token: analystToken}, http.StatusNotFound, nil)

	// raw responses, labels in French
	r = h.must(t, call{method: "GET", path: "/api/v1/campaigns/c1/exports/responses?questionnaire=communications&labels=labels&lang=fr", token: adminToken}, http.StatusOK, nil)
	f = workbookOf(t, r, "assocbench-responses-c1-communications.xlsx")
	rows, err := f.GetRows(questionnaires.Builtin("communications").Title.In("fr"))
	if err != nil || len(rows) != 7 {
		t.Errorf("communications responses: %d rows, %v; want 6 and a header", len(rows), err)
	}
	r = h.must(t, call{method: "GET", path: "/api/v1/campaigns/c1/exports/responses?labels=names", token: adminToken, check: unchecked}, http.StatusBadRequest, nil)
	if e := r.errorBody(t); e.Error.Fields["labels"] == "" {
		t.Errorf("bad labels: %+v", e)
	}

	// every download is audited
	events, err := h.svc.Audit(ctx, survey.System, survey.AuditFilter{Action: survey.ActionExport})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, e := range events {
		kinds[e.Detail]++
	}
	if kinds["scorecard"] != 2 || kinds["pack"] != 1 || kinds["responses"] != 1 {
		t.Errorf("audited exports = %v, want 2 scorecards, 1 pack, 1 responses", kinds)
	}
	// and counted
	m := h.must(t, call{method: "GET", path: "/metrics", check: unrouted}, http.StatusOK, nil)
	if !strings.Contains(string(m.body), `assocbench_exports_total{kind="scorecard"} 2`) {
		t.Error("the exports metric does not count the scorecards")
	}
}

func TestFillInUpload(t *testing.T) {
	h, _ := exportFixture(t)
	h.createAssociation(t, "drafter", "SN", 120)
	tok := h.issueToken(t, "drafter").Token
	path := responsePath("c1", "drafter", "membership") + "/fill-in"

	// a blank workbook (no draft yet), filled with one answer of each
	// kind the test can type
	r := h.must(t, call{method: "GET", path: path + "?lang=en", token: tok}, http.StatusOK, nil)
	f := workbookOf(t, r, "assocbench-fill-in-c1-drafter-membership.xlsx")
	q := questionnaires.Builtin("membership")
	rows, err := f.GetRows("Questions")
	if err != nil {
		t.Fatal(err)
	}
	want := questionnaires.Answers{}
	typed := map[questionnaires.Type]bool{}
	problemRow := 0
	for i, row := range rows {
		if i == 0 || len(row) < 6 || row[5] == "" || (len(row) > 6 && row[6] != "") {
			continue
		}
		qu := q.Question(row[5])
		if qu.Relevant != "" || qu.Constraint != "" || typed[qu.Type] {
			continue
		}
		c := fmt.Sprintf("D%d", i+1)
		var err error
		switch qu.Type {
		case questionnaires.TypeInteger:
			err = f.SetCellInt("Questions", c, 42)
			want[qu.ID] = questionnaires.Num(42)
			problemRow = i + 1
		case questionnaires.TypeYesNo:
			err = f.SetCellStr("Questions", c, "Yes")
			want[qu.ID] = questionnaires.Str("yes")
		case questionnaires.TypeSingleChoice:
			err = f.SetCellStr("Questions", c, qu.Choices[0].Label.In("en"))
			want[qu.ID] = questionnaires.Str(qu.Choices[0].ID)
		default:
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		typed[qu.Type] = true
	}
	if len(want) != 3 || problemRow == 0 {
		t.Fatalf("filled %d answers", len(want))
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	var saved struct {
		Status   survey.ResponseStatus      `json:"status"`
		Revision int64                      `json:"revision"`
		Answers  map[string]json.RawMessage `json:"answers"`
	}
	r = h.must(t, call{method: "POST", path: path, token: tok, body: buf.Bytes(), contentType: reports.ContentType}, http.StatusOK, &saved)
	answers, fe := q.ParseAnswers(saved.Answers, "en")
	if fe != nil || !answers.Equal(want) || saved.Status != survey.StatusDraft || saved.Revision != 1 || r.header.Get("ETag") != `"1"` {
		t.Errorf("saved draft: %s revision %d answers %v (%v), want %v", saved.Status, saved.Revision, answers, fe, want)
	}

	// the next download is pre-filled with the draft
	r = h.must(t, call{method: "GET", path: path, token: tok}, http.StatusOK, nil)
	got, problems := reports.ReadFillIn(bytes.NewReader(r.body), q, "en")
	if len(problems) > 0 || !got.Equal(want) {
		t.Errorf("pre-filled download reads %v, %v; want %v", got, problems, want)
	}

	// a problem names the sheet and cell, in the caller's language
	if err := f.SetCellStr("Questions", fmt.Sprintf("D%d", problemRow), "beaucoup"); err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	r = h.must(t, call{method: "POST", path: path + "?lang=fr", token: tok, body: buf.Bytes(), contentType: reports.ContentType}, http.StatusUnprocessableEntity, nil)
	e := r.errorBody(t)
	key := fmt.Sprintf("Questions!D%d", problemRow)
	if e.Error.Code != "invalid" || e.Error.Fields[key] != "doit être un nombre" {
		t.Errorf("problem fields = %v, want %s: doit être un nombre", e.Error.Fields, key)
	}
	// another association's workbook is not this one's to upload
	h.must(t, call{method: "POST", path: responsePath("c1", "assoc-ke", "membership") + "/fill-in", token: tok, body: buf.Bytes(),
		contentType: reports.ContentType}, http.StatusNotFound, nil)
	// nor is a workbook of another questionnaire
	r = h.must(t, call{method: "POST", path: responsePath("c1", "drafter", "communications") + "/fill-in", token: tok, body: buf.Bytes(),
		contentType: reports.ContentType}, http.StatusUnprocessableEntity, nil)
	if e := r.errorBody(t); !strings.Contains(e.Error.Fields["Meta!B2"], "membership@") {
		t.Errorf("another questionnaire's workbook: %v", e.Error.Fields)
	}
}

func TestXLSFormRoundTrip(t *testing.T) {
	h := newHarness(t, nil)
	r := h.must(t, call{method: "GET", path: "/api/v1/questionnaires/membership/xlsform", token: analystToken}, http.StatusOK, nil)
	q := questionnaires.Builtin("membership")
	f := workbookOf(t, r, "assocbench-xlsform-membership-"+q.Version+".xlsx")

	// the same form as a new version uploads as a new questionnaire
	rows, err := f.GetRows("settings")
	if err != nil || len(rows) < 2 {
		t.Fatalf("settings sheet: %v %v", rows, err)
	}
	col := -1
	for j, name := range rows[0] {
		if name == "version" {
			col = j
		}
	}
	if col < 0 {
		t.Fatalf("no version column in %q", rows[0])
	}
	cell, _ := excelize.CoordinatesToCellName(col+1, 2)
	if err := f.SetCellStr("settings", cell, "2027.1"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	var sum map[string]any
	r = h.must(t, call{method: "POST", path: "/api/v1/questionnaires/xlsform", token: adminToken, body: buf.Bytes(),
		contentType: reports.ContentType}, http.StatusCreated, &sum)
	if sum["key"] != "membership@2027.1" || r.header.Get("Location") != "/api/v1/questionnaires/membership?version=2027.1" {
		t.Errorf("uploaded %v at %s", sum["key"], r.header.Get("Location"))
	}
	got, err := h.svc.Questionnaire(context.Background(), "membership@2027.1")
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(got.Sections)
	b, _ := json.Marshal(q.Sections)
	if !bytes.Equal(a, b) {
		t.Error("the uploaded XLSForm has other sections than the one exported")
	}
	// the same version again is a conflict; only administrators upload
	h.must(t, call{method: "POST", path: "/api/v1/questionnaires/xlsform", token: adminToken, body: buf.Bytes(), contentType: reports.ContentType}, http.StatusConflict, nil)
	h.must(t, call{method: "POST", path: "/api/v1/questionnaires/xlsform", token: analystToken, body: buf.Bytes(), contentType: reports.ContentType}, http.StatusForbidden, nil)
	// an .xls workbook: 400 saying what to do, nothing stored
	xls := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...)
	var bad map[string]any
	h.must(t, call{method: "POST", path: "/api/v1/questionnaires/xlsform", token: adminToken, body: xls, contentType: reports.ContentType}, http.StatusBadRequest, &bad)
	if msg, _ := json.Marshal(bad); !strings.Contains(string(msg), "save it as .xlsx") {
		t.Errorf("an .xls upload answered %s, want save it as .xlsx", msg)
	}
}
