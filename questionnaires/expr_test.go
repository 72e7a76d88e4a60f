package questionnaires

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// exprQuestionnaire has numbers a, b, c, a single choice s, a multi
// choice m and a matrix g, and one indicator per expression.
func exprQuestionnaire(t *testing.T, exprs ...string) *Questionnaire {
	t.Helper()
	var b strings.Builder
	b.WriteString(`id: helpers
version: "1"
area: profile
title: {en: Helpers}
languages: [en]
sections:
  - id: s
    title: {en: S}
    questions:
      - {id: a, type: decimal, label: {en: A}}
      - {id: b, type: decimal, label: {en: B}}
      - {id: c, type: decimal, label: {en: C}}
      - {id: t, type: text, label: {en: T}}
      - id: s1
        type: single_choice
        label: {en: S}
        choices: [{id: x, label: {en: X}}, {id: y, label: {en: Y}}]
      - id: m
        type: multi_choice
        label: {en: M}
        choices: [{id: x, label: {en: X}}, {id: y, label: {en: Y}}, {id: z, label: {en: Z}}]
      - id: g
        type: matrix
        label: {en: G}
        allow_na: true
        levels: [{en: "1"}, {en: "2"}, {en: "3"}]
        rows: [{id: r1, label: {en: R1}}, {id: r2, label: {en: R2}}]
indicators:
`)
	for i, e := range exprs {
		fmt.Fprintf(&b, "  - {id: e%d, section: s, label: {en: E}, expr: %q}\n", i, e)
	}
	q, err := Load("helpers.yaml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestExpressionSemantics(t *testing.T) {
	all := Answers{"a": Num(1), "b": Num(4), "c": Num(0), "t": Str("2026-01-05"), "s1": Str("x"), "m": List("x", "z"),
		"g": Matrix(map[string]float64{"r1": 3, "r2": 0})}
	tests := []struct {
		expr string
		a    Answers
		want float64 // NaN = missing; booleans as 1/0 through a ternary
	}{
		{"ratio(a, b)", all, 0.25},
		{"ratio(a, c)", all, math.NaN()},                  // division by zero is missing
		{"ratio(a, b)", Answers{"b": Num(4)}, math.NaN()}, // missing numerator
		{"ratio(a, b)", Answers{"a": Num(4)}, math.NaN()}, // missing denominator
		{"a / c", all, math.NaN()},                        // plain division by zero too
		{"a + b * 2", all, 9},
		{"a + b", Answers{"a": Num(1)}, math.NaN()},            // arithmetic on missing
		{"sum(a, b, c)", Answers{"a": Num(1), "c": Num(2)}, 3}, // sum ignores missing
		{"sum([a, b])", all, 5},
		{"sum(a, b)", Answers{}, math.NaN()}, // all missing
		{"min(a, b, c)", Answers{"b": Num(3), "c": Num(-1)}, -1},
		{"max(a, b, 7)", all, 7},
		{"hhi([a, b, c])", Answers{"a": Num(10)}, 1},                  // one source, missing count as 0
		{"hhi([a, b])", Answers{"a": Num(5), "b": Num(5)}, 0.5},       // equal shares
		{"hhi([a, b])", Answers{"a": Num(0.3), "b": Num(0.1)}, 0.625}, // shares not summing to 1
		{"hhi([a, b, c])", Answers{"a": Num(60), "b": Num(20), "c": Num(20)}, 0.44},
		{"hhi([a, b])", Answers{"a": Num(0), "b": Num(0)}, math.NaN()},   // no revenue at all
		{"hhi([a, b])", Answers{"a": Num(10), "b": Num(-1)}, math.NaN()}, // negative amount
		{"count(m)", all, 2},
		{"count(m)", Answers{}, math.NaN()},
		{"count(g)", all, 1}, // n/a rows do not count
		{"g.r1", all, 3},
		{"g.r2", all, math.NaN()}, // n/a row
		{"abs(c - a)", all, 1},
		{"round(b / 3)", all, 1},
		{"a ?? 5", Answers{}, 5},
		{"selected(m, 'z') ? 1 : 0", all, 1},
		{"selected(m, 'y') ? 1 : 0", all, 0},
		{"selected(s1, 'x') ? 1 : 0", all, 1},
		{"selected(m, 'x') ? 1 : 0", Answers{}, 0}, // unanswered is not selected
		{"answered(a) ? 1 : 0", Answers{}, 0},
		{"answered(g) ? 1 : 0", all, 1},
		{"a > 0 ? 1 : 0", Answers{}, math.NaN()},              // undecidable condition
		{"a > 0 and b > 0 ? 1 : 0", Answers{"b": Num(-1)}, 0}, // false and missing is false
		{"a > 0 or b > 0 ? 1 : 0", Answers{"b": Num(1)}, 1},   // missing or true is true
		{"a > 0 or b > 0 ? 1 : 0", Answers{"b": Num(-1)}, math.NaN()},
		{"not (a > 0) ? 1 : 0", all, 0},
		{"a == nil ? 1 : 0", Answers{}, 1},
		{"a != nil ? 1 : 0", all, 1},
		{"'z' in m ? 1 : 0", all, 1},
		{"a in [1, 2] ? 1 : 0", all, 1},
		{"t >= '2026-01-01' ? 1 : 0", all, 1}, // dates compare as strings
		{"b ** 0.5", all, 2},
		{"b ^ 2", all, 16},
		{"-a", all, -1},
	}
	exprs := make([]string, len(tests))
	for i, tt := range tests {
		exprs[i] = tt.expr
	}
	q := exprQuestionnaire(t, exprs...)
	for i, tt := range tests {
		e := q.Evaluate(tt.a)
		got, ok := e.IndicatorValue(q.Indicators[i])
		e.Release()
		if math.IsNaN(tt.want) {
			if ok {
				t.Errorf("%s with %v = %v, want missing", tt.expr, tt.a, got)
			}
			continue
		}
		if !ok || math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%s with %v = %v (ok %v), want %v", tt.expr, tt.a, got, ok, tt.want)
		}
	}
}

// The JSON form of an expression is what the survey page evaluates.
func TestExpressionAST(t *testing.T) {
	q := exprQuestionnaire(t, "a > 1 and selected(m, 'x') ? -b : g.r1")
	got := string(q.Indicators[0].prog.AST())
	want := `["if",["op","and",["op",">",["id","a"],["num",1]],["call","selected",["id","m"],["str","x"]]],["neg",["id","b"]],["get","g","r1"]]`
	if got != want {
		t.Errorf("AST = %s\nwant  %s", got, want)
	}
}

func TestEvaluateIndicators(t *testing.T) {
	q := mustLoad(t, "testdata/valid/alltypes.yaml")
	tests := []struct {
		name         string
		a            Answers
		retention    float64 // NaN = missing
		retentionGap float64
		planRelevant bool
	}{
		{"both answered", Answers{"members": Num(200), "renewed": Num(150)}, 75, 25, false},
		{"division by zero", Answers{"members": Num(0), "renewed": Num(0)}, math.NaN(), math.NaN(), false},
		{"missing input", Answers{"renewed": Num(10)}, math.NaN(), math.NaN(), false},
		{"plan relevant", Answers{"has_plan": Str("yes")}, math.NaN(), math.NaN(), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := q.Evaluate(tt.a)
			for _, c := range []struct {
				id   string
				want float64
			}{{"retention", tt.retention}, {"retention_gap", tt.retentionGap}} {
				got, ok := e.IndicatorValue(q.Indicator(c.id))
				if math.IsNaN(c.want) {
					if ok {
						t.Errorf("%s = %v, want missing", c.id, got)
					}
				} else if !ok || math.Abs(got-c.want) > 1e-9 {
					t.Errorf("%s = %v (ok %v), want %v", c.id, got, ok, c.want)
				}
			}
			if got := e.Relevant(q.Question("plan_year")); got != tt.planRelevant {
				t.Errorf("plan_year relevant = %v, want %v", got, tt.planRelevant)
			}
		})
	}
	// the gap depends on retention: it must be evaluated after it
	order := q.IndicatorsInOrder()
	if len(order) != 2 || order[0].ID != "retention" || order[1].ID != "retention_gap" {
		t.Errorf("indicator order = %v, want retention before retention_gap", order)
	}
}

// A relevance chain: a question hidden by skip logic is missing for the
// questions after it, even when an old answer is still stored.
func TestEvaluateRelevanceChain(t *testing.T) {
	src := `id: chain
version: "1"
area: profile
title: {en: Chain}
languages: [en]
sections:
  - id: s
    title: {en: S}
    questions:
      - {id: a, type: yes_no, label: {en: A}}
      - {id: b, type: yes_no, label: {en: B}, relevant: "a == 'yes'"}
      - {id: c, type: text, label: {en: C}, relevant: "b == 'yes'"}
`
	q, err := Load("chain.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	e := q.Evaluate(Answers{"a": Str("no"), "b": Str("yes")})
	if e.Relevant(q.Question("b")) || e.Relevant(q.Question("c")) {
		t.Errorf("b relevant %v, c relevant %v; want both false when a is no", e.Relevant(q.Question("b")), e.Relevant(q.Question("c")))
	}
}

func TestMatrixMemberAccess(t *testing.T) {
	src := `id: m
version: "1"
area: profile
title: {en: M}
languages: [en]
sections:
  - id: s
    title: {en: S}
    questions:
      - id: grid
        type: matrix
        label: {en: Grid}
        levels: [{en: Low}, {en: High}]
        rows: [{id: events, label: {en: Events}}]
      - {id: why, type: text, label: {en: Why}, relevant: "grid.events == 2"}
      - {id: bad, type: text, label: {en: Bad}, relevant: "grid.nothing == 2"}
`
	_, err := Load("m.yaml", []byte(src))
	var de *DefinitionError
	if !errors.As(err, &de) || len(de.Problems) != 1 || !strings.Contains(de.Problems[0].Message, `matrix "grid" has no row "nothing"`) {
		t.Fatalf("Load: %v, want an error about the unknown row only", err)
	}
}
