package reports

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/assocbench/assocbench/questionnaires"
)

// TestTableRoundTrip writes a table and reads it back, text that looks
// like a formula or a number included.
func TestTableRoundTrip(t *testing.T) {
	rows := [][]string{{"id", "name", "members"}, {"sn-one", "=HYPERLINK(\"x\")", "0120"}, {"ke-two", "Kenya", ""}}
	var buf bytes.Buffer
	if err := WriteTable(&buf, "associations", rows); err != nil {
		t.Fatal(err)
	}
	sheet, got, err := ReadTable(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if sheet != "associations" {
		t.Errorf("sheet %q, want associations", sheet)
	}
	want := [][]string{rows[0], rows[1], {"ke-two", "Kenya"}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("read back %q, want %q", got, want)
	}
	if _, _, err := ReadTable(strings.NewReader("id,name\n")); err == nil {
		t.Error("a CSV read as a workbook: no error")
	}
}

func TestAnswerText(t *testing.T) {
	q, err := questionnaires.Load("t.yaml", []byte(`id: t
version: "1"
area: financial
title: {en: T}
languages: [en]
sections:
  - id: s
    title: {en: S}
    questions:
      - {id: amount, type: currency, label: {en: Amount}}
      - {id: share, type: percent, label: {en: Share}}
      - {id: kind, type: single_choice, label: {en: Kind}, choices: [{id: a, label: {en: Alpha}, points: 1}, {id: b, label: {en: Beta}, points: 2}]}
      - {id: ok, type: yes_no, label: {en: OK}}
maturity_levels:
  - {min: 0, id: emerging, label: {en: Emerging}}
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id   string
		v    questionnaires.Value
		lang string
		want string
	}{
		{"amount", questionnaires.Num(1234567), "en", "1,234,567 EUR"},
		{"amount", questionnaires.Num(1234567), "fr", "1\u202f234\u202f567 EUR"},
		{"share", questionnaires.Num(12.5), "en", "12.5 %"},
		{"kind", questionnaires.Str("b"), "en", "Beta"},
		{"ok", questionnaires.Str("yes"), "en", "Yes"},
	} {
		if got := AnswerText(q.Question(tc.id), tc.v, tc.lang, "EUR"); got != tc.want {
			t.Errorf("AnswerText(%s, %s) = %q, want %q", tc.id, tc.lang, got, tc.want)
		}
	}
}
