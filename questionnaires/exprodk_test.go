package questionnaires

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestODKFunctionValues checks the values of the functions from ODK XPath
// as indicators (numbers) over the helpers questionnaire.
func TestODKFunctionValues(t *testing.T) {
	answers := Answers{"a": Num(7.25), "b": Num(-7), "t": Str(" 12.5 "), "s1": Str("y"), "m": List("x", "z")}
	tests := []struct {
		expr string
		want float64 // NaN: missing
	}{
		{"mod(b, 3)", -1},
		{"mod(a, 2)", 1.25},
		{"mod(a, 0)", math.NaN()},
		{"mod(c, 2)", math.NaN()},
		{"string_length(t)", 6},
		{"string_length(concat(a, b))", 6}, // "7.25-7"
		{"string_length(m)", 3},            // "x z"
		{"string_length(g)", math.NaN()},
		{"int(a)", 7},
		{"int(b / 2)", -3},
		{"int(t)", 12},
		{"number(t)", 12.5},
		{"number('1e3') ?? -1", -1},
		{"number(s1) ?? -1", -1},
		{"selected_at(m, 1) == 'z' ? 1 : 0", 1},
		{"(selected_at(m, 2) ?? 'none') == 'none' ? 1 : 0", 1},
		{"boolean(t) ? 1 : 0", 1},
		{"boolean(c) ? 1 : 0", 0},
		{"round(a, 1)", 7.3},
		{"round(b * 123, -2)", -900},
		{"round(a, 1.5) ?? -1", -1},
		{"regex(t, '^ [0-9]+[.]5 $') ? 1 : 0", 1},
		{"regex(s1, '^x') ? 1 : 0", 0},
		{"concat(s1, c, 'k') == 'yk' ? 1 : 0", 1},
	}
	exprs := make([]string, len(tests))
	for i, tc := range tests {
		exprs[i] = tc.expr
	}
	q := exprQuestionnaire(t, exprs...)
	ev := q.Evaluate(answers)
	defer ev.Release()
	for i, tc := range tests {
		got, ok := ev.IndicatorValue(q.Indicators[i])
		if !ok {
			got = math.NaN()
		}
		if !(got == tc.want || math.IsNaN(got) && math.IsNaN(tc.want)) {
			t.Errorf("%s = %v, want %v", tc.expr, got, tc.want)
		}
	}
}

// TestODKFunctionRefusals checks what Load refuses: today() where it would
// make scores depend on the date, regex() patterns outside the syntax RE2
// and JavaScript share, and wrong numbers of arguments.
func TestODKFunctionRefusals(t *testing.T) {
	const head = `id: f
version: "1"
area: %s
title: {en: F}
languages: [en]
%ssections:
  - id: s
    title: {en: S}
    questions:
      - {id: d, type: date, label: {en: D}}
      - {id: t, type: text, label: {en: T}%s}
      - {id: y, type: yes_no, label: {en: Y}, scoring: {method: yes_no}%s}
      - {id: n, type: integer, label: {en: N}%s}
`
	load := func(area, tRel, yRel, nRel, tail string) error {
		levels := ""
		if area != "profile" {
			levels = "maturity_levels:\n  - {min: 0, id: emerging, label: {en: Emerging}}\n"
		}
		_, err := Load("f.yaml", []byte(fmt.Sprintf(head, area, levels, tRel, yRel, nRel)+tail))
		return err
	}
	tests := []struct {
		name                   string
		area, tRel, yRel, nRel string
		tail                   string
		want                   string // "" = loads
	}{
		{"today in a relevant of an unscored question", "financial", `, relevant: "d < today()"`, "", "", "", ""},
		{"today in a constraint", "financial", `, constraint: "d <= today()"`, "", "", "", ""},
		{"today in an indicator", "profile", "", "", "", "indicators:\n  - {id: i, section: s, label: {en: I}, expr: \"today() == d ? 1 : 0\"}\n", "today() can be used in relevant and constraint only"},
		{"today deciding a scored question", "financial", "", `, relevant: "today() > d"`, "", "", "y, which feeds the scores"},
		{"today deciding a question an indicator reads", "profile", "", "", `, relevant: "today() > d"`, "indicators:\n  - {id: i, section: s, label: {en: I}, expr: \"n * 2\"}\n", "n, which feeds the scores"},
		{"today deciding a question whose answer decides a scored one", "financial", `, relevant: "today() > d"`, `, relevant: "answered(t)"`, "", "", "t, which feeds the scores"},
		{"today with an argument", "profile", `, relevant: "today(d) > d"`, "", "", "", "today takes 0 argument(s), not 1"},
		{"round with three arguments", "profile", `, relevant: "round(1, 2, 3) > 0"`, "", "", "", "round takes 1 to 2 arguments, not 3"},
		{"concat without arguments", "profile", `, relevant: "concat() == ''"`, "", "", "", "concat needs at least 1 argument(s)"},
		{"regex with a computed pattern", "profile", `, relevant: "regex(d, concat('^', '2'))"`, "", "", "", "the pattern must be a 'string'"},
		{"regex with \\s", "profile", `, relevant: "regex(d, '\\\\s')"`, "", "", "", `\s is not supported`},
		{"regex with a look-ahead", "profile", `, relevant: "regex(d, 'a(?=b)')"`, "", "", "", "only the groups ( ) and (?: )"},
		{"regex with a back reference", "profile", `, relevant: "regex(d, '(a)\\\\1')"`, "", "", "", "back reference"},
		{"regex accepted", "profile", `, relevant: "regex(d, '^[0-9]{4}-(0[1-9]|1[0-2])')"`, "", "", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := load(tc.area, tc.tRel, tc.yRel, tc.nRel, tc.tail)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want != "" && err == nil:
				t.Fatalf("loaded, want a problem with %q", tc.want)
			case tc.want != "" && !strings.Contains(err.Error(), tc.want):
				t.Fatalf("problem %v, want %q", err, tc.want)
			}
		})
	}
}

// TestCheckRegex checks the syntax that regex() accepts, and the Go
// pattern of what it accepts.
func TestCheckRegex(t *testing.T) {
	ok := map[string]string{
		`^a.b$`:        `^a[^\n\r\x{2028}\x{2029}]b$`,
		`[.]`:          `[.]`,
		`[a-z\-_]+?`:   `[a-z\-_]+?`,
		`(?:ab){2,10}`: `(?:ab){2,10}`,
		`\d\w\b\/`:     `\d\w\b\/`,
		`[^-a]|[a-]`:   `[^-a]|[a-]`,
	}
	for p, want := range ok {
		got, err := checkRegex(p)
		if err != nil || got != want {
			t.Errorf("checkRegex(%q) = %q, %v; want %q", p, got, err, want)
		}
	}
	refused := map[string]string{
		`\s+`:         `\s is not supported`,
		`a(?=b)`:      "only the groups",
		`(?i)a`:       "only the groups",
		`(?<n>a)`:     "only the groups",
		`(a)\1`:       "back reference",
		`\p{L}`:       `\p is not supported`,
		`\x41`:        `\x is not supported`,
		`\u0041`:      `\u is not supported`,
		`[[:alpha:]]`: "no POSIX classes",
		`[]a]`:        "empty class",
		`a{`:          `write \{`,
		`a{1,2`:       `write \{`,
		`a}`:          `bare }`,
		`a]`:          `bare ]`,
		`*a`:          "nothing to repeat",
		`a**`:         "a quantifier after a quantifier",
		`^*`:          "nothing to repeat",
		`a{3,1}`:      "not above its maximum",
		`a{1001}`:     "at most 1000",
		`(a`:          "not closed",
		`a)`:          "has no (",
		`[a`:          "not closed",
		`[z-a]`:       "out of order",
		`[a-c-e]`:     `write \-`,
		`[\d-z]`:      `write \-`,
		`[\b]`:        "not supported in a class",
		`a\`:          `ends with \`,
	}
	for p, want := range refused {
		_, err := checkRegex(p)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("checkRegex(%q) = %v, want a refusal with %q", p, err, want)
		}
	}
}
