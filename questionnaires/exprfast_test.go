package questionnaires

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/expr-lang/expr/ast"
)

// fastQuestionnaire has a question of every type an expression reads and
// two indicators.
const fastQuestionnaire = `id: fast
version: "1"
area: profile
title: {en: Fast}
languages: [en]
sections:
  - id: s
    title: {en: S}
    questions:
      - {id: a, type: decimal, label: {en: A}}
      - {id: b, type: integer, label: {en: B}}
      - {id: t, type: text, label: {en: T}}
      - id: s1
        type: single_choice
        label: {en: S}
        choices: [{id: x, label: {en: X}}, {id: y, label: {en: Y}}]
      - id: m
        type: multi_choice
        label: {en: M}
        choices: [{id: x, label: {en: X}}, {id: y, label: {en: Y}}, {id: z, label: {en: Z}}]
      - {id: yn, type: yes_no, label: {en: YN}, allow_na: true}
      - {id: lk, type: likert, label: {en: LK}, allow_na: true, levels: [{en: "1"}, {en: "2"}, {en: "3"}]}
      - {id: rb, type: rubric, label: {en: RB}, allow_na: true, levels: [{en: "1"}, {en: "2"}, {en: "3"}, {en: "4"}]}
      - id: g
        type: matrix
        label: {en: G}
        allow_na: true
        levels: [{en: "1"}, {en: "2"}, {en: "3"}]
        rows: [{id: r1, label: {en: R1}}, {id: r2, label: {en: R2}}]
indicators:
  - {id: i1, section: s, label: {en: I1}, expr: "a"}
  - {id: i2, section: s, label: {en: I2}, expr: "b"}
`

// exprGen makes random syntax trees of every node kind the whitelist
// accepts, well typed or not.
type exprGen struct {
	rng *rand.Rand
	ids []string
}

var (
	genStrings  = []string{"x", "y", "z", "yes", "no", "", "r1"}
	genNumbers  = []float64{0, 1, 2, 3, -1, 0.5, 100, 1e308, math.Copysign(0, -1)}
	genOps      = []string{"+", "-", "*", "/", "**", "^", "==", "!=", "<", "<=", ">", ">=", "and", "or", "&&", "||", "in", "??"}
	genHelpers  = []string{"selected", "count", "answered", "sum", "min", "max", "ratio", "hhi", "abs", "round"}
	genFixedArg = map[string]int{"selected": 2, "count": 1, "answered": 1, "ratio": 2, "abs": 1, "round": 1}
)

func (g *exprGen) leaf() ast.Node {
	switch g.rng.IntN(7) {
	case 0:
		return &ast.IntegerNode{Value: g.rng.IntN(5) - 1}
	case 1:
		return &ast.FloatNode{Value: genNumbers[g.rng.IntN(len(genNumbers))]}
	case 2:
		return &ast.StringNode{Value: genStrings[g.rng.IntN(len(genStrings))]}
	case 3:
		return &ast.BoolNode{Value: g.rng.IntN(2) == 0}
	case 4:
		if g.rng.IntN(4) == 0 {
			return &ast.NilNode{}
		}
		fallthrough
	default:
		return &ast.IdentifierNode{Value: g.ids[g.rng.IntN(len(g.ids))]}
	}
}

func (g *exprGen) node(depth int) ast.Node {
	if depth <= 0 || g.rng.IntN(4) == 0 {
		return g.leaf()
	}
	switch g.rng.IntN(10) {
	case 0:
		return &ast.UnaryNode{Operator: []string{"-", "+", "not", "!"}[g.rng.IntN(4)], Node: g.node(depth - 1)}
	case 1:
		return &ast.ConditionalNode{Cond: g.node(depth - 1), Exp1: g.node(depth - 1), Exp2: g.node(depth - 1)}
	case 2:
		return &ast.MemberNode{Node: &ast.IdentifierNode{Value: "g"}, Property: &ast.StringNode{Value: []string{"r1", "r2", "r3"}[g.rng.IntN(3)]}}
	case 3:
		return &ast.ChainNode{Node: g.node(depth - 1)}
	case 4:
		return g.array(depth - 1)
	case 5, 6:
		name := genHelpers[g.rng.IntN(len(genHelpers))]
		n, fixed := genFixedArg[name]
		if !fixed {
			n = 1 + g.rng.IntN(4)
		}
		args := make([]ast.Node, n)
		for i := range args {
			if !fixed && g.rng.IntN(3) == 0 {
				args[i] = g.array(depth - 1)
			} else {
				args[i] = g.node(depth - 1)
			}
		}
		if name == "selected" && g.rng.IntN(3) > 0 {
			args[1] = &ast.StringNode{Value: genStrings[g.rng.IntN(len(genStrings))]}
		}
		return &ast.CallNode{Callee: &ast.IdentifierNode{Value: name}, Arguments: args}
	}
	op := genOps[g.rng.IntN(len(genOps))]
	return &ast.BinaryNode{Operator: op, Left: g.node(depth - 1), Right: g.node(depth - 1)}
}

func (g *exprGen) array(depth int) ast.Node {
	nodes := make([]ast.Node, g.rng.IntN(4))
	for i := range nodes {
		nodes[i] = g.node(depth)
	}
	return &ast.ArrayNode{Nodes: nodes}
}

// randomValue is an answer of any shape, usually the question's own.
func randomValue(qu *Question, rng *rand.Rand) (Value, bool) {
	kind := rng.IntN(12)
	if kind >= 8 { // the question's own shape
		switch qu.Type {
		case TypeDecimal, TypeInteger, TypeLikert:
			kind = 1
		case TypeText, TypeSingleChoice, TypeYesNo:
			kind = 2
		case TypeMultiChoice:
			kind = 3
		case TypeMatrix:
			kind = 4
		case TypeRubric:
			kind = 5
		}
	}
	switch kind {
	case 0:
		return Value{}, rng.IntN(2) == 0 // no answer, or a key with a zero value
	case 1:
		return Num(genNumbers[rng.IntN(len(genNumbers))]), true
	case 2:
		return Str(genStrings[rng.IntN(len(genStrings))]), true
	case 3:
		var ids []string
		for _, id := range []string{"x", "y", "z"} {
			if rng.IntN(2) == 0 {
				ids = append(ids, id)
			}
		}
		return List(ids...), true
	case 4:
		rows := map[string]float64{}
		for _, id := range []string{"r1", "r2"} {
			if rng.IntN(3) > 0 {
				rows[id] = float64(rng.IntN(4))
			}
		}
		return Matrix(rows), true
	case 5:
		return Rubric(rng.IntN(5), "", ""), true
	case 6:
		return NotApplicable(), true
	}
	return Num(math.NaN()), true
}

// TestFastPathsMatchGeneric checks that the typed fast paths (compilePred,
// compileNum) give exactly what the generic closure gives, as a condition
// (truth) and as a number (state and value, to the bit), on random syntax
// trees and random slots: answers of every shape, hidden questions,
// missing indicators, a constraint's value or none.
func TestFastPathsMatchGeneric(t *testing.T) {
	q, err := Load("fast.yaml", []byte(fastQuestionnaire))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(12, 34))
	g := &exprGen{rng: rng, ids: []string{"value"}}
	for id := range q.slots {
		g.ids = append(g.ids, id)
	}
	slices.Sort(g.ids) // so that the trees depend on the seed only
	ctxs := make([]*xctx, 64)
	for k := range ctxs {
		c := &xctx{answers: make([]Value, len(q.questions)), live: make([]bool, len(q.questions)), ind: make([]float64, len(q.Indicators))}
		for i, qu := range q.questions {
			c.answers[i], c.live[i] = randomValue(qu, rng)
			if rng.IntN(8) == 0 {
				c.live[i] = false // hidden by relevance
			}
		}
		for i := range c.ind {
			c.ind[i] = []float64{math.NaN(), 0, 2.5, -1}[rng.IntN(4)]
		}
		if rng.IntN(2) == 0 {
			v, _ := randomValue(q.questions[rng.IntN(len(q.questions))], rng)
			c.value = &v
		}
		ctxs[k] = c
	}
	fastCases := 0
	for n := 0; n < 20000; n++ {
		tree := g.node(1 + rng.IntN(4))
		generic, _ := compileNode(tree, q.slots)
		test, number := compilePred(tree, q.slots), compileNum(tree, q.slots)
		for _, c := range ctxs {
			want := generic(c)
			c.stack = c.stack[:0] // a list literal outside a call leaves its elements there
			wb, wok := want.truth()
			b, ok := test(c)
			c.stack = c.stack[:0]
			if b != wb || ok != wok {
				t.Fatalf("%s as a condition: fast (%v, %v), generic (%v, %v) of %+v", render(tree), b, ok, wb, wok, want)
			}
			wx, wst := stateOf(want)
			if x, st := number(c); st != wst || math.Float64bits(x) != math.Float64bits(wx) {
				t.Fatalf("%s as a number: fast (%v, %v), generic (%v, %v) of %+v", render(tree), x, st, wx, wst, want)
			}
			c.stack = c.stack[:0]
			if wst == nNum || wok {
				fastCases++
			}
		}
	}
	if fastCases < 100000 {
		t.Errorf("only %d evaluations gave a number or a boolean; the generator is too weak", fastCases)
	}
}

// render writes a syntax tree for failure messages.
func render(n ast.Node) string {
	switch v := n.(type) {
	case *ast.IntegerNode:
		return fmt.Sprint(v.Value)
	case *ast.FloatNode:
		return fmt.Sprint(v.Value)
	case *ast.StringNode:
		return fmt.Sprintf("%q", v.Value)
	case *ast.BoolNode:
		return fmt.Sprint(v.Value)
	case *ast.NilNode:
		return "nil"
	case *ast.IdentifierNode:
		return v.Value
	case *ast.MemberNode:
		return render(v.Node) + "." + v.Property.(*ast.StringNode).Value
	case *ast.ChainNode:
		return render(v.Node)
	case *ast.UnaryNode:
		return "(" + v.Operator + " " + render(v.Node) + ")"
	case *ast.BinaryNode:
		return "(" + render(v.Left) + " " + v.Operator + " " + render(v.Right) + ")"
	case *ast.ConditionalNode:
		return "(" + render(v.Cond) + " ? " + render(v.Exp1) + " : " + render(v.Exp2) + ")"
	case *ast.ArrayNode:
		s := "["
		for i, e := range v.Nodes {
			if i > 0 {
				s += ", "
			}
			s += render(e)
		}
		return s + "]"
	case *ast.CallNode:
		s := render(v.Callee) + "("
		for i, e := range v.Arguments {
			if i > 0 {
				s += ", "
			}
			s += render(e)
		}
		return s + ")"
	}
	return fmt.Sprintf("%T", n)
}
