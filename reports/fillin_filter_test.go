package reports_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/reports"
)

// TestFillInChoiceFilter: a fill-in workbook offers a cascading select's
// full list, and reading it back checks the choice_filter, naming the cell.
func TestFillInChoiceFilter(t *testing.T) {
	src, err := os.ReadFile("../questionnaires/testdata/valid/cascade.yaml")
	if err != nil {
		t.Fatal(err)
	}
	q, err := questionnaires.Load("cascade.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	write := func(a questionnaires.Answers) []byte {
		var buf bytes.Buffer
		if err := reports.WriteFillIn(&buf, q, a, reports.FillInOptions{Options: reports.Options{Lang: "en", Now: now}}); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	ok := questionnaires.Answers{"region": questionnaires.Str("north"), "city": questionnaires.Str("oslo"), "venues": questionnaires.List("opera", "online")}
	got, problems := reports.ReadFillIn(bytes.NewReader(write(ok)), q, "en")
	if len(problems) > 0 || !got.Equal(ok) {
		t.Fatalf("offered choices: %v, problems %v", got, problems)
	}
	bad := questionnaires.Answers{"region": questionnaires.Str("south"), "city": questionnaires.Str("oslo")}
	data := write(bad)
	_, problems = reports.ReadFillIn(bytes.NewReader(data), q, "en")
	if len(problems) != 1 || problems[0].Sheet != "Questions" || !strings.Contains(problems[0].Message, `"oslo" is not among the choices offered`) {
		t.Fatalf("problems %v, want one on the city line", problems)
	}
	for _, l := range lines(t, read(t, data).f, "Questions") {
		if l.id == "city" && problems[0].Cell != cellName(4, l.row) {
			t.Errorf("problem at %s, want the city answer %s", problems[0].Cell, cellName(4, l.row))
		}
	}
	// the workbook's list held Oslo although the region is south (the
	// full list): the answer read back as oslo, refused by the filter only
}
