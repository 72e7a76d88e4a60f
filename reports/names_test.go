package reports_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/reports"
	"github.com/assocbench/assocbench/survey"
)

// namedYAML has choices imported from an XLSForm whose names were not ids.
const namedYAML = `
id: named
version: "1"
area: profile
title: {en: Named}
languages: [en]
sections:
  - id: s
    title: {en: S}
    questions:
      - id: freq
        type: single_choice
        label: {en: How often}
        choices:
          - {id: c1, name: "1", label: {en: Daily}}
          - {id: c10, name: "10", label: {en: Weekly}}
      - id: topics
        type: multi_choice
        label: {en: Topics}
        choices:
          - {id: open_access, name: Open Access, label: {en: Open access}}
          - {id: copyright, label: {en: Copyright}}
`

// TestResponsesChoiceNames checks that the raw responses export writes the
// XLSForm names of imported choices, in codes and column headers.
func TestResponsesChoiceNames(t *testing.T) {
	q, err := questionnaires.Load("named.yaml", []byte(namedYAML))
	if err != nil {
		t.Fatal(err)
	}
	r := &survey.Response{Campaign: "c", Association: "a", Questionnaire: "named", Version: "1", Status: survey.StatusSubmitted,
		Answers: questionnaires.Answers{"freq": questionnaires.Str("c10"), "topics": questionnaires.List("open_access")}}
	var buf bytes.Buffer
	_, err = reports.WriteResponses(&buf, func(yield func(*survey.Response) error) error { return yield(r) },
		reports.ResponsesOptions{Options: reports.Options{Lang: "en", Now: now}, Questionnaires: []*questionnaires.Questionnaire{q}})
	if err != nil {
		t.Fatal(err)
	}
	w := read(t, buf.Bytes())
	rows := w.rows(t, "Named")
	if len(rows) < 2 {
		t.Fatalf("rows %v", rows)
	}
	col := func(code string) string {
		i := slices.Index(rows[0], code)
		if i < 0 || i >= len(rows[1]) {
			t.Fatalf("no column %s in %v", code, rows[0])
		}
		return rows[1][i]
	}
	if got := col("freq"); got != "10" {
		t.Errorf("freq = %q, want the XLSForm name 10", got)
	}
	if got := col("topics.Open Access"); got != "1" {
		t.Errorf("topics.Open Access = %q, want 1", got)
	}
	if got := col("topics.copyright"); got != "0" {
		t.Errorf("topics.copyright = %q, want 0", got)
	}
}
