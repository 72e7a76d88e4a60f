package questionnaires

import (
	"encoding/json"
	"math"
	"slices"
)

// Expressions are parsed into the expression tree (tree.go) and
// type-checked by expr-lang at load time, then the tree is compiled here
// into Go closures over the evaluation's slots (xctx). The closures
// implement the documented semantics exactly (a missing value propagates;
// and/or are three-valued), run without allocating, and the same tree is
// exported as JSON (Program.AST, TreeJSON) so that the web pages apply
// skip logic with the same rules.
//
// These generic closures are the reference. Evaluate runs the typed fast
// paths of exprfast.go instead, which give the same results for the
// common shapes and fall back on these for the rest. A question's slot is
// read from the answers as Evaluate looked them up, converted only when an
// expression reads it (toXV), and a list or matrix answer is referenced
// (xv.p), not copied, which keeps an xv small enough (8 words) to be
// passed in registers.

type xkind uint8

const (
	xnil xkind = iota // missing
	xnum
	xstr
	xbool
	xlist // selected ids of a multi_choice
	xrows // matrix rows
	xarr  // a list literal
)

// xv is a value in an expression.
type xv struct {
	k xkind
	n float64 // number; bool as 0/1
	s string
	p *Value // xlist: p.List holds the selected ids; xrows: p.Rows the rows
	a []xv
}

var missing = xv{}

// num is a number, or missing when f is NaN or infinite.
func num(f float64) xv {
	if f-f != 0 { // NaN - NaN and Inf - Inf are NaN; finite f - f is 0
		return missing
	}
	return xv{k: xnum, n: f}
}

func boolean(b bool) xv {
	if b {
		return xv{k: xbool, n: 1}
	}
	return xv{k: xbool}
}

func (v xv) truth() (bool, bool) { return v.n != 0, v.k == xbool }

// xctx is the state of one evaluation: the slots expressions read, and a
// scratch stack for call arguments and list literals, reused across
// expressions.
type xctx struct {
	// answers holds each question's answer by question index; live says
	// whether its slot has a value: answered, and not (yet) found
	// irrelevant. A question slot reads as toXV(&answers[i]) when live,
	// missing otherwise.
	answers []Value
	live    []bool
	// ind holds the indicators' values by indicator index, NaN = missing.
	ind []float64
	// value is the answer a constraint checks, or nil.
	value *Value
	// choice is the choice a choice_filter is deciding, or nil.
	choice *Choice
	stack  []xv
}

// fn evaluates an expression.
type fn func(c *xctx) xv

// slot is where an id's value is read: a question's answer or an
// indicator's value, by index.
type slot struct {
	indicator bool
	index     int
}

// slots maps question and indicator ids to their slot.
type slots map[string]slot

// answer reads question slot i.
func (c *xctx) answer(i int) xv {
	if !c.live[i] {
		return missing
	}
	return toXV(&c.answers[i])
}

// reader returns the closure that reads an identifier: "value" (in a
// constraint), a question or an indicator.
func reader(sl slots, name string) fn {
	if name == "value" {
		return func(c *xctx) xv {
			if c.value == nil {
				return missing
			}
			return toXV(c.value)
		}
	}
	s := sl[name]
	i := s.index
	if s.indicator {
		return func(c *xctx) xv { return num(c.ind[i]) }
	}
	return func(c *xctx) xv { return c.answer(i) }
}

// compileTree turns a resolved, whitelisted tree into closures.
func compileTree(n Node, sl slots) fn {
	switch v := n.(type) {
	case NilLit:
		return func(*xctx) xv { return missing }
	case NumLit:
		c := num(v.Value)
		return func(*xctx) xv { return c }
	case StrLit:
		c := xv{k: xstr, s: v.Value}
		return func(*xctx) xv { return c }
	case BoolLit:
		c := boolean(v.Value)
		return func(*xctx) xv { return c }
	case Ref:
		return reader(sl, v.Name)
	case Attr:
		return choiceReader(v.Name)
	case Get:
		read, row := reader(sl, v.ID), v.Row
		return func(c *xctx) xv {
			x := read(c)
			if x.k != xrows {
				return missing
			}
			if r, ok := x.p.Rows[row]; ok && r > 0 {
				return num(r)
			}
			return missing
		}
	case Unary:
		a := compileTree(v.X, sl)
		switch v.Op {
		case "-":
			return func(c *xctx) xv {
				x := a(c)
				if x.k != xnum {
					return missing
				}
				return num(-x.n)
			}
		case "+":
			return a
		default: // not
			return func(c *xctx) xv {
				if b, ok := a(c).truth(); ok {
					return boolean(!b)
				}
				return missing
			}
		}
	case Binary:
		return compileBinary(v, sl)
	case Cond:
		cond, a, b := compileTree(v.If, sl), compileTree(v.Then, sl), compileTree(v.Else, sl)
		return func(c *xctx) xv {
			t, ok := cond(c).truth()
			switch {
			case !ok:
				return missing
			case t:
				return a(c)
			}
			return b(c)
		}
	case ListLit:
		fs := make([]fn, len(v.Elems))
		for i, e := range v.Elems {
			fs[i] = compileTree(e, sl)
		}
		// the elements stay on the stack until the enclosing call returns
		return func(c *xctx) xv {
			b := len(c.stack)
			for _, f := range fs {
				v := f(c)
				c.stack = append(c.stack, v)
			}
			return xv{k: xarr, a: c.stack[b:len(c.stack):len(c.stack)]}
		}
	case Call:
		fs := make([]fn, len(v.Args))
		for i, e := range v.Args {
			fs[i] = compileTree(e, sl)
		}
		if v.Name == "regex" && len(fs) == 2 {
			if p, ok := v.Args[1].(StrLit); ok {
				return compileRegex(fs[0], p.Value)
			}
		}
		h := xhelpers[v.Name]
		n := len(fs)
		return func(c *xctx) xv {
			base := len(c.stack)
			for range n {
				c.stack = append(c.stack, missing)
			}
			for i, f := range fs {
				v := f(c)
				c.stack[base+i] = v
			}
			out := h(c.stack[base : base+n])
			c.stack = c.stack[:base]
			return out
		}
	}
	// unreachable: the whitelist rejects everything else first
	return func(*xctx) xv { return missing }
}

func compileBinary(v Binary, sl slots) fn {
	a, b := compileTree(v.L, sl), compileTree(v.R, sl)
	op := v.Op
	switch op {
	case "and":
		return func(c *xctx) xv {
			x, xok := a(c).truth()
			if xok && !x {
				return boolean(false)
			}
			y, yok := b(c).truth()
			switch {
			case yok && !y:
				return boolean(false)
			case xok && yok:
				return boolean(true)
			}
			return missing
		}
	case "or":
		return func(c *xctx) xv {
			x, xok := a(c).truth()
			if xok && x {
				return boolean(true)
			}
			y, yok := b(c).truth()
			switch {
			case yok && y:
				return boolean(true)
			case xok && yok:
				return boolean(false)
			}
			return missing
		}
	case "??":
		return func(c *xctx) xv {
			if x := a(c); x.k != xnil {
				return x
			}
			return b(c)
		}
	case "==", "!=":
		_, lnil := v.L.(NilLit)
		_, rnil := v.R.(NilLit)
		neg := op == "!="
		return func(c *xctx) xv {
			x, y := a(c), b(c)
			if lnil || rnil {
				return boolean((x.k == y.k) != neg)
			}
			if x.k == xnil || y.k == xnil {
				return missing
			}
			return boolean(equal(x, y) != neg)
		}
	case "in":
		return func(c *xctx) xv {
			x, y := a(c), b(c)
			if x.k == xnil || y.k == xnil {
				return missing
			}
			switch y.k {
			case xlist:
				return boolean(x.k == xstr && slices.Contains(y.p.List, x.s))
			case xarr:
				for _, e := range y.a {
					if equal(x, e) {
						return boolean(true)
					}
				}
				return boolean(false)
			case xrows:
				_, ok := y.p.Rows[x.s]
				return boolean(x.k == xstr && ok)
			}
			return missing
		}
	case "<", "<=", ">", ">=":
		return func(c *xctx) xv {
			x, y := a(c), b(c)
			var d int
			switch {
			case x.k == xnum && y.k == xnum:
				d = cmpFloat(x.n, y.n)
			case x.k == xstr && y.k == xstr:
				d = cmpString(x.s, y.s)
			default:
				return missing
			}
			switch op {
			case "<":
				return boolean(d < 0)
			case "<=":
				return boolean(d <= 0)
			case ">":
				return boolean(d > 0)
			}
			return boolean(d >= 0)
		}
	}
	// arithmetic
	return func(c *xctx) xv {
		x, y := a(c), b(c)
		if op == "+" && x.k == xstr && y.k == xstr {
			return xv{k: xstr, s: x.s + y.s}
		}
		if x.k != xnum || y.k != xnum {
			return missing
		}
		switch op {
		case "+":
			return num(x.n + y.n)
		case "-":
			return num(x.n - y.n)
		case "*":
			return num(x.n * y.n)
		case "/":
			if y.n == 0 {
				return missing
			}
			return num(x.n / y.n)
		case "**":
			return num(math.Pow(x.n, y.n))
		}
		return missing
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func equal(x, y xv) bool {
	if x.k != y.k {
		return false
	}
	switch x.k {
	case xnum, xbool:
		return x.n == y.n
	case xstr:
		return x.s == y.s
	case xlist:
		return slices.Equal(x.p.List, y.p.List)
	}
	return false
}

// numbers flattens arguments (and list literals) into the present numbers;
// ok is false when a present argument is not a number.
func numbers(args []xv, each func(float64)) (present int, ok bool) {
	for _, a := range args {
		switch a.k {
		case xnil:
		case xnum:
			each(a.n)
			present++
		case xarr:
			p, ok := numbers(a.a, each)
			if !ok {
				return present, false
			}
			present += p
		default:
			return present, false
		}
	}
	return present, true
}

// xhelpers implement the expression functions of docs/questionnaire-format.md.
var xhelpers = map[string]func(args []xv) xv{
	"selected": func(args []xv) xv {
		c := args[1]
		switch x := args[0]; {
		case c.k != xstr:
			return missing
		case x.k == xnil:
			return boolean(false)
		case x.k == xstr:
			return boolean(x.s == c.s)
		case x.k == xlist:
			return boolean(slices.Contains(x.p.List, c.s))
		}
		return missing
	},
	"count": func(args []xv) xv {
		switch x := args[0]; x.k {
		case xlist:
			return num(float64(len(x.p.List)))
		case xrows:
			n := 0
			for _, r := range x.p.Rows {
				if r > 0 {
					n++
				}
			}
			return num(float64(n))
		case xarr:
			return num(float64(len(x.a)))
		case xstr:
			return num(1)
		}
		return missing
	},
	"answered": func(args []xv) xv { return boolean(args[0].k != xnil) },
	"sum": func(args []xv) xv {
		var s float64
		n, ok := numbers(args, func(f float64) { s += f })
		if !ok || n == 0 {
			return missing
		}
		return num(s)
	},
	"min": func(args []xv) xv {
		m := math.Inf(1)
		n, ok := numbers(args, func(f float64) { m = math.Min(m, f) })
		if !ok || n == 0 {
			return missing
		}
		return num(m)
	},
	"max": func(args []xv) xv {
		m := math.Inf(-1)
		n, ok := numbers(args, func(f float64) { m = math.Max(m, f) })
		if !ok || n == 0 {
			return missing
		}
		return num(m)
	},
	"ratio": func(args []xv) xv {
		a, b := args[0], args[1]
		if a.k != xnum || b.k != xnum || b.n == 0 {
			return missing
		}
		return num(a.n / b.n)
	},
	"hhi": func(args []xv) xv {
		var total, sq float64
		neg := false
		_, ok := numbers(args, func(f float64) {
			if f < 0 {
				neg = true
			}
			total += f
			sq += f * f
		})
		if !ok || neg || total == 0 {
			return missing
		}
		// sum of (v/total)^2 = sum(v^2) / total^2
		return num(sq / (total * total))
	},
	"abs": func(args []xv) xv {
		if args[0].k != xnum {
			return missing
		}
		return num(math.Abs(args[0].n))
	},
}

func init() {
	for name, h := range odkHelpers {
		xhelpers[name] = h
	}
}

// toXV converts an answer into its expression value; a list or matrix
// value refers to *v, which must not change while the value is in use.
func toXV(v *Value) xv {
	switch v.Kind {
	case KindString:
		return xv{k: xstr, s: v.Str}
	case KindNumber:
		return num(v.Num)
	case KindList:
		return xv{k: xlist, p: v}
	case KindMatrix:
		return xv{k: xrows, p: v} // n/a rows are 0 and read as missing
	case KindRubric:
		if v.Num == 0 {
			return missing
		}
		return num(v.Num)
	}
	return missing
}

// ExprJSONVersion is the version of the JSON form of expressions
// (program.AST) that web/static/js/expr.js evaluates (ABExpr.VERSION) and
// questionnaires/testdata/parity.json records. It changes when a form is
// added or changes meaning; version 1 has the forms listed at AST, the
// functions of docs/questionnaire-format.md and ["attr", name].
const ExprJSONVersion = 1

// AST returns the compiled expression as JSON, for evaluators outside Go
// (the survey page's skip logic). Forms (ExprJSONVersion 1): ["nil"],
// ["num", n], ["str", s], ["bool", b], ["id", name], ["get", matrix, row],
// ["attr", name] (choice.<name> in a choice_filter), ["neg", x], ["not", x],
// ["op", operator, a, b], ["if", cond, a, b], ["arr", ...],
// ["call", name, ...args].
func (p *program) AST() json.RawMessage {
	if p == nil {
		return nil
	}
	return p.ast
}

// RelevantAST is the compiled relevance expression as JSON (see
// program.AST), or nil when the question is always relevant.
func (qu *Question) RelevantAST() json.RawMessage { return qu.prog.relevant.AST() }

// RelevantTree is the resolved expression tree of the relevance (see
// tree.go), or nil when the question is always relevant.
func (qu *Question) RelevantTree() Node { return qu.prog.relevant.Tree() }

// Tree is the resolved expression tree of the program, or nil.
func (p *program) Tree() Node {
	if p == nil {
		return nil
	}
	return p.tree
}

// ConstraintAST is the compiled constraint as JSON, or nil.
func (qu *Question) ConstraintAST() json.RawMessage { return qu.prog.constraint.AST() }

// ExprAST is the compiled expression of an indicator as JSON (see
// program.AST).
func (in *Indicator) ExprAST() json.RawMessage { return in.prog.AST() }
