package reports

import (
	"testing"

	"github.com/assocbench/assocbench/questionnaires"
)

// TestSkipLogicEveryShape: every shape of relevance the expression tree
// has gets words, ending (a condition with ??, in or ? : used to make the
// renderer call itself without end).
func TestSkipLogicEveryShape(t *testing.T) {
	q, err := questionnaires.Load("shapes.yaml", []byte(`id: shapes
version: "1"
area: profile
title: {en: Shapes}
languages: [en]
sections:
  - id: s
    title: {en: S}
    questions:
      - id: n
        type: integer
        label: {en: Staff}
      - id: pick
        type: single_choice
        label: {en: Pick}
        choices: [{id: a, label: {en: Alpha}}, {id: b, label: {en: Beta}}]
      - id: q1
        type: text
        label: {en: Q1}
        relevant: "(n ?? 0) > 2"
      - id: q2
        type: text
        label: {en: Q2}
        relevant: "pick in ['a', 'b']"
      - id: q3
        type: text
        label: {en: Q3}
        relevant: "n > 1 ? pick == 'a' : pick == 'b'"
      - id: q4
        type: text
        label: {en: Q4}
        relevant: "+n > -1"
`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"q1": "Answer only if (“Staff” ?? 0) is more than 2.",
		"q2": "Answer only if (“Pick” in [“a”, “b”]).",
		"q3": "Answer only if (“Staff” is more than 1 ? “Pick” is “Alpha” : “Pick” is “Beta”).",
		"q4": "Answer only if “Staff” is more than -1.",
	}
	for id, w := range want {
		if got := skipLogic(q, q.Question(id), "en"); got != w {
			t.Errorf("%s: got %s\nwant %s", id, got, w)
		}
	}
}
