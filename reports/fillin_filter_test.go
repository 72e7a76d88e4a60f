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

// TestFillInChoiceNames: the names an imported XLSForm gave the choices
// ("1", "Yes") are shown in the fill-in workbook, and typed by hand they
// read back as their choices.
func TestFillInChoiceNames(t *testing.T) {
	q, err := questionnaires.Load("names.yaml", []byte(`id: names
version: "1"
area: profile
title: {en: Names}
languages: [en]
sections:
  - id: s
    title: {en: S}
    questions:
      - id: agree
        type: single_choice
        label: {en: Agree?}
        choices: [{id: c1, name: "1", label: {en: Agree}}, {id: c2, name: "2", label: {en: Disagree}}]
      - id: many
        type: multi_choice
        label: {en: Many}
        choices: [{id: yes_, name: "Yes!", label: {en: Loud}}, {id: quiet, label: {en: Quiet}}]
`))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	a := questionnaires.Answers{"agree": questionnaires.Str("c2"), "many": questionnaires.List("yes_")}
	if err := reports.WriteFillIn(&buf, q, a, reports.FillInOptions{Options: reports.Options{Lang: "en", Now: now}}); err != nil {
		t.Fatal(err)
	}
	f := read(t, buf.Bytes()).f
	rows, err := f.GetRows("Questions")
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, r := range rows {
		texts = append(texts, strings.Join(r, "|"))
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{"Disagree [2]", "Loud [Yes!]"} {
		if !strings.Contains(all, want) {
			t.Errorf("the workbook does not show %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "Quiet [") {
		t.Errorf("a choice without a name shows one:\n%s", all)
	}
	got, problems := reports.ReadFillIn(bytes.NewReader(buf.Bytes()), q, "en")
	if len(problems) > 0 || !got.Equal(a) {
		t.Fatalf("read back %v, problems %v", got, problems)
	}
	// the name typed by hand
	for _, l := range lines(t, f, "Questions") {
		if l.id == "agree" {
			if err := f.SetCellValue("Questions", cellName(4, l.row), "1"); err != nil {
				t.Fatal(err)
			}
		}
	}
	var typed bytes.Buffer
	if err := f.Write(&typed); err != nil {
		t.Fatal(err)
	}
	got, problems = reports.ReadFillIn(bytes.NewReader(typed.Bytes()), q, "en")
	if len(problems) > 0 || got["agree"].Str != "c1" {
		t.Fatalf("typed name read back %v, problems %v", got, problems)
	}
}
