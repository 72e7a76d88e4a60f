package reports_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/questionnaires/synth"
	"github.com/assocbench/assocbench/reports"
	"github.com/assocbench/assocbench/survey"
)

// TestRatersSheet: the scorecard workbook of an association with three
// raters has a Raters sheet, read back: the consensus index, a header with
// the raters' names (a name that looks like a formula stays text), each
// rater's level of an item; without answers (an analyst's) no sheet.
func TestRatersSheet(t *testing.T) {
	ctx := context.Background()
	svc := clocked(t)
	campaign(t, svc, "c1", 5, "")
	association(t, svc, "a1", "Raters Association", "FR")
	q := questionnaires.Builtin("financial-sustainability")
	names := []string{"Board", "=1+1", "Volunteer"}
	levels := []float64{1, 4, 2}
	for i, name := range names {
		inv, err := svc.InviteRater(ctx, survey.System, "c1", "a1", name)
		if err != nil {
			t.Fatal(err)
		}
		p, err := svc.Authenticate(ctx, inv.Token)
		if err != nil {
			t.Fatal(err)
		}
		ans, err := synth.Answers(q, rand.New(rand.NewPCG(uint64(40+i), 1)), synth.Options{Propensity: 0.6})
		if err != nil {
			t.Fatal(err)
		}
		ans["confidence_12m"] = questionnaires.Num(levels[i])
		ref := survey.ResponseRef{Campaign: "c1", Association: "a1", Questionnaire: q.ID}
		if _, err := svc.SubmitRater(ctx, p, inv.Rater.ID, survey.SubmitInput{ResponseRef: ref, Key: fmt.Sprintf("rater-key-%d", i), Answers: ans}); err != nil {
			t.Fatal(err)
		}
	}
	submitAll(t, svc, "c1", "a1", 9, 0.6, nil)
	sc, err := svc.Scorecard(ctx, survey.System, "c1", "a1")
	if err != nil {
		t.Fatal(err)
	}
	if sc.Raters == nil {
		t.Fatal("no raters on the scorecard")
	}
	var buf bytes.Buffer
	if err := reports.WriteScorecard(&buf, sc, map[string]questionnaires.Answers{}, reports.Options{Lang: "en", Now: now}); err != nil {
		t.Fatal(err)
	}
	wb := read(t, buf.Bytes())
	const sheet = "Raters"
	if got := wb.num(t, sheet, "B3"); got != sc.Raters.Index {
		t.Errorf("index %v, want %v", got, sc.Raters.Index)
	}
	hr := wb.find(t, sheet, 1, "Item")
	if hr == 0 {
		t.Fatalf("no header row: %v", wb.rows(t, sheet))
	}
	header := wb.rows(t, sheet)[hr-1]
	if !slices.Equal(header[1:4], names) {
		t.Errorf("header %v, want the raters' names %v", header, names)
	}
	noFormulas(t, wb, "raters sheet", []string{"=1+1"})
	row := wb.find(t, sheet, 1, q.Question("confidence_12m").Label.In("en"))
	if row == 0 {
		t.Fatal("no line for confidence_12m")
	}
	// three levels apart: among the first lines, marked
	if row != hr+1 && row != hr+2 {
		t.Errorf("confidence_12m on row %d, want among the first after the header %d", row, hr)
	}
	for i, l := range levels {
		if got := wb.num(t, sheet, cellName(2+i, row)); got != l {
			t.Errorf("rater %d level %v, want %v", i+1, got, l)
		}
	}
	if got := wb.num(t, sheet, cellName(7, row)); got != 2 {
		t.Errorf("median %v, want 2", got)
	}
	if got := wb.get(t, sheet, cellName(8, row)); got != "Yes" {
		t.Errorf("2+ levels apart: %q, want Yes", got)
	}
	buf.Reset()
	if err := reports.WriteScorecard(&buf, sc, nil, reports.Options{Lang: "en", Now: now}); err != nil {
		t.Fatal(err)
	}
	if idx, _ := read(t, buf.Bytes()).f.GetSheetIndex(sheet); idx >= 0 {
		t.Errorf("a workbook without answers has the Raters sheet")
	}
}
