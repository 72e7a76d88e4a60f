package questionnaires

import (
	"math"
	"slices"
)

// Typed fast paths of the compiled expressions.
//
// The generic closures of exprc.go return an xv, whatever the expression.
// Most expressions, though, are conditions (relevance, constraints) and
// numbers (indicators) made of a few shapes: selected(q, 'choice'),
// q == 'choice', comparisons, and/or/not, arithmetic, ratio, hhi. For
// those, predTree and numTree build closures that return plain
// values instead, (b, ok bool) for a condition and (float64, nstate) for a
// number, which cost a fraction of an xv to pass around, and read a
// question's answer in place. Every node they do not cover, and every case
// a fast path cannot decide alone (two strings compared or added), falls
// back to the generic closure, so the semantics are exactly the generic
// ones; TestFastPathsMatchGeneric checks that on random expressions and
// answers of every shape.
//
// Evaluate runs a program's pred (relevance, constraints) and num
// (indicators); the generic closure (program.eval) and its JSON form stay
// the reference.

// nstate is what a value is in a numeric context.
type nstate uint8

const (
	nNum     nstate = iota // a finite number
	nMissing               // missing
	nOther                 // present but not a number: a string, a boolean, a list...
)

// numFn evaluates an expression in a numeric context: its value when it
// is a number, and its state.
type numFn func(c *xctx) (float64, nstate)

// pred evaluates an expression as a condition: b and ok are the truth()
// of its value (ok: it is a boolean).
type pred func(c *xctx) (b, ok bool)

// numOf is num in a numeric context: NaN and infinities are missing.
func numOf(f float64) (float64, nstate) {
	if f-f != 0 {
		return 0, nMissing
	}
	return f, nNum
}

// stateOf is a generic value in a numeric context.
func stateOf(x xv) (float64, nstate) {
	switch x.k {
	case xnum:
		return x.n, nNum
	case xnil:
		return 0, nMissing
	}
	return 0, nOther
}

// answerNum reads question slot i in a numeric context, as
// stateOf(c.answer(i)) does.
func (c *xctx) answerNum(i int) (float64, nstate) {
	if !c.live[i] {
		return 0, nMissing
	}
	v := &c.answers[i]
	switch v.Kind {
	case KindNumber:
		return numOf(v.Num)
	case KindRubric:
		if v.Num == 0 {
			return 0, nMissing
		}
		return numOf(v.Num)
	case KindString, KindList, KindMatrix:
		return 0, nOther
	}
	return 0, nMissing
}

// questionSlot returns the question slot an identifier reads, if n is one.
func questionSlot(n Node, sl slots) (int, bool) {
	id, ok := n.(Ref)
	if !ok || id.Name == "value" {
		return 0, false
	}
	s := sl[id.Name]
	return s.index, !s.indicator
}

// stringLiteral returns the value of a string literal, if n is one.
func stringLiteral(n Node) (string, bool) {
	s, ok := n.(StrLit)
	if !ok {
		return "", false
	}
	return s.Value, true
}

// compileXV returns a closure giving the generic value of n: reading a
// question's slot in place when n is a question, else the generic closure.
func compileXV(n Node, sl slots) fn {
	if i, ok := questionSlot(n, sl); ok {
		return func(c *xctx) xv { return c.answer(i) }
	}
	return compileTree(n, sl)
}

// canBeArray reports whether n may evaluate to a list literal, which the
// numeric helpers flatten.
func canBeArray(n Node) bool {
	switch v := n.(type) {
	case ListLit:
		return true
	case Cond:
		return canBeArray(v.Then) || canBeArray(v.Else)
	case Binary:
		return v.Op == "??" && (canBeArray(v.L) || canBeArray(v.R))
	}
	return false
}

// leavesOnStack reports whether evaluating n with the generic closures
// leaves values on the argument stack: a list literal's elements stay
// there until the call around it returns. Inside a list literal, such an
// element makes the generic closure count those values as elements too
// (sum([a, [b, c]]) is a + 2b + 2c); the fast paths leave those lists to
// the generic closure so that the results stay the same.
func leavesOnStack(n Node) bool {
	switch v := n.(type) {
	case ListLit:
		return true
	case Call:
		return false // a call pops what its arguments push
	case Unary:
		return leavesOnStack(v.X)
	case Binary:
		return leavesOnStack(v.L) || leavesOnStack(v.R)
	case Cond:
		return leavesOnStack(v.If) || leavesOnStack(v.Then) || leavesOnStack(v.Else)
	}
	return false
}

// numTree compiles n for a numeric context.
func numTree(n Node, sl slots) numFn {
	switch v := n.(type) {
	case NumLit:
		f, st := numOf(v.Value)
		return func(*xctx) (float64, nstate) { return f, st }
	case Ref:
		if v.Name == "value" {
			break
		}
		s := sl[v.Name]
		i := s.index
		if s.indicator {
			return func(c *xctx) (float64, nstate) { return numOf(c.ind[i]) }
		}
		return func(c *xctx) (float64, nstate) { return c.answerNum(i) }
	case Unary:
		switch v.Op {
		case "+":
			return numTree(v.X, sl)
		case "-":
			a := numTree(v.X, sl)
			return func(c *xctx) (float64, nstate) {
				if x, st := a(c); st == nNum {
					return numOf(-x)
				}
				return 0, nMissing
			}
		}
	case Binary:
		if f := compileNumBinary(v, sl); f != nil {
			return f
		}
	case Cond:
		cond := predTree(v.If, sl)
		a, b := numTree(v.Then, sl), numTree(v.Else, sl)
		return func(c *xctx) (float64, nstate) {
			t, ok := cond(c)
			switch {
			case !ok:
				return 0, nMissing
			case t:
				return a(c)
			}
			return b(c)
		}
	case Call:
		if f := compileNumCall(v, sl); f != nil {
			return f
		}
	}
	g := compileTree(n, sl)
	return func(c *xctx) (float64, nstate) { return stateOf(g(c)) }
}

// compileNumBinary compiles the numeric operators, or returns nil.
func compileNumBinary(v Binary, sl slots) numFn {
	op := v.Op
	if op == "^" {
		op = "**"
	}
	switch op {
	case "+", "-", "*", "/", "**", "??":
	default:
		return nil
	}
	a, b := numTree(v.L, sl), numTree(v.R, sl)
	switch op {
	case "+":
		// two values that are not numbers may be strings, which + joins:
		// the generic closure decides those
		g := compileTree(v, sl)
		return func(c *xctx) (float64, nstate) {
			x, sx := a(c)
			y, sy := b(c)
			switch {
			case sx == nNum && sy == nNum:
				return numOf(x + y)
			case sx == nOther && sy == nOther:
				return stateOf(g(c))
			}
			return 0, nMissing
		}
	case "-":
		return func(c *xctx) (float64, nstate) {
			x, sx := a(c)
			y, sy := b(c)
			if sx != nNum || sy != nNum {
				return 0, nMissing
			}
			return numOf(x - y)
		}
	case "*":
		return func(c *xctx) (float64, nstate) {
			x, sx := a(c)
			y, sy := b(c)
			if sx != nNum || sy != nNum {
				return 0, nMissing
			}
			return numOf(x * y)
		}
	case "/":
		return func(c *xctx) (float64, nstate) {
			x, sx := a(c)
			y, sy := b(c)
			if sx != nNum || sy != nNum || y == 0 {
				return 0, nMissing
			}
			return numOf(x / y)
		}
	case "**":
		return func(c *xctx) (float64, nstate) {
			x, sx := a(c)
			y, sy := b(c)
			if sx != nNum || sy != nNum {
				return 0, nMissing
			}
			return numOf(math.Pow(x, y))
		}
	}
	// ??: the left value unless it is missing
	return func(c *xctx) (float64, nstate) {
		if x, sx := a(c); sx != nMissing {
			return x, sx
		}
		return b(c)
	}
}

// compileNumCall compiles the numeric helpers, or returns nil.
func compileNumCall(v Call, sl slots) numFn {
	name := v.Name
	args := v.Args
	switch {
	case name == "ratio" && len(args) == 2:
		a, b := numTree(args[0], sl), numTree(args[1], sl)
		return func(c *xctx) (float64, nstate) {
			x, sx := a(c)
			y, sy := b(c)
			if sx != nNum || sy != nNum || y == 0 {
				return 0, nMissing
			}
			return numOf(x / y)
		}
	case (name == "abs" || name == "round") && len(args) == 1:
		a := numTree(args[0], sl)
		f := math.Abs
		if name == "round" {
			f = math.Round
		}
		return func(c *xctx) (float64, nstate) {
			if x, st := a(c); st == nNum {
				return numOf(f(x))
			}
			return 0, nMissing
		}
	case name == "sum" || name == "min" || name == "max" || name == "hhi":
		// the arguments flattened, as numbers() flattens them: list
		// literals in place of their elements; an argument that may be
		// a list only at run time is left to the generic closure
		var elems []numFn
		for _, a := range args {
			if arr, ok := a.(ListLit); ok {
				for _, e := range arr.Elems {
					if leavesOnStack(e) {
						return nil
					}
					elems = append(elems, numTree(e, sl))
				}
				continue
			}
			if canBeArray(a) {
				return nil
			}
			elems = append(elems, numTree(a, sl))
		}
		return compileAggregate(name, elems)
	}
	return nil
}

// compileAggregate is sum, min, max or hhi over the flattened arguments,
// accumulated in the generic helpers' order: missing values are left out,
// and a value that is not a number makes the result missing.
func compileAggregate(name string, elems []numFn) numFn {
	switch name {
	case "sum":
		return func(c *xctx) (float64, nstate) {
			var s float64
			n := 0
			for _, e := range elems {
				switch x, st := e(c); st {
				case nNum:
					s += x
					n++
				case nOther:
					return 0, nMissing
				}
			}
			if n == 0 {
				return 0, nMissing
			}
			return numOf(s)
		}
	case "min", "max":
		m, pick := math.Inf(1), math.Min
		if name == "max" {
			m, pick = math.Inf(-1), math.Max
		}
		return func(c *xctx) (float64, nstate) {
			m := m
			n := 0
			for _, e := range elems {
				switch x, st := e(c); st {
				case nNum:
					m = pick(m, x)
					n++
				case nOther:
					return 0, nMissing
				}
			}
			if n == 0 {
				return 0, nMissing
			}
			return numOf(m)
		}
	}
	// hhi: sum of (v/total)^2 = sum(v^2) / total^2
	return func(c *xctx) (float64, nstate) {
		var total, sq float64
		neg := false
		for _, e := range elems {
			switch x, st := e(c); st {
			case nNum:
				if x < 0 {
					neg = true
				}
				total += x
				sq += x * x
			case nOther:
				return 0, nMissing
			}
		}
		if neg || total == 0 {
			return 0, nMissing
		}
		return numOf(sq / (total * total))
	}
}

// predTree compiles n as a condition.
func predTree(n Node, sl slots) pred {
	switch v := n.(type) {
	case BoolLit:
		b := v.Value
		return func(*xctx) (bool, bool) { return b, true }
	case Unary:
		switch v.Op {
		case "+":
			return predTree(v.X, sl)
		case "not", "!":
			a := predTree(v.X, sl)
			return func(c *xctx) (bool, bool) {
				if b, ok := a(c); ok {
					return !b, true
				}
				return false, false
			}
		}
	case Binary:
		if p := compilePredBinary(v, sl); p != nil {
			return p
		}
	case Cond:
		cond, a, b := predTree(v.If, sl), predTree(v.Then, sl), predTree(v.Else, sl)
		return func(c *xctx) (bool, bool) {
			t, ok := cond(c)
			switch {
			case !ok:
				return false, false
			case t:
				return a(c)
			}
			return b(c)
		}
	case Call:
		if p := compilePredCall(v, sl); p != nil {
			return p
		}
	}
	g := compileTree(n, sl)
	return func(c *xctx) (bool, bool) { return g(c).truth() }
}

// compilePredBinary compiles and/or, comparisons and equality, or returns nil.
func compilePredBinary(v Binary, sl slots) pred {
	switch op := v.Op; op {
	case "and", "&&":
		a, b := predTree(v.L, sl), predTree(v.R, sl)
		return func(c *xctx) (bool, bool) {
			x, xok := a(c)
			if xok && !x {
				return false, true
			}
			y, yok := b(c)
			switch {
			case yok && !y:
				return false, true
			case xok && yok:
				return true, true
			}
			return false, false
		}
	case "or", "||":
		a, b := predTree(v.L, sl), predTree(v.R, sl)
		return func(c *xctx) (bool, bool) {
			x, xok := a(c)
			if xok && x {
				return true, true
			}
			y, yok := b(c)
			switch {
			case yok && y:
				return true, true
			case xok && yok:
				return false, true
			}
			return false, false
		}
	case "<", "<=", ">", ">=":
		a, b := numTree(v.L, sl), numTree(v.R, sl)
		g := compileTree(v, sl) // two strings compare as strings
		lt, le, gt := op == "<", op == "<=", op == ">"
		return func(c *xctx) (bool, bool) {
			x, sx := a(c)
			y, sy := b(c)
			switch {
			case sx == nNum && sy == nNum:
				switch {
				case lt:
					return x < y, true
				case le:
					return x <= y, true
				case gt:
					return x > y, true
				}
				return x >= y, true
			case sx == nOther && sy == nOther:
				return g(c).truth()
			}
			return false, false
		}
	case "==", "!=":
		return compileEquality(v, sl, op == "!=")
	}
	return nil
}

// compileEquality compiles == (or != when neg), or returns nil: against a
// string literal, reading the other side's generic value; otherwise in a
// numeric context, leaving two values that are not numbers to the generic
// closure. Comparisons with nil are left to it too.
func compileEquality(v Binary, sl slots, neg bool) pred {
	_, lnil := v.L.(NilLit)
	_, rnil := v.R.(NilLit)
	if lnil || rnil {
		return nil
	}
	other, lit := v.L, ""
	s, ok := stringLiteral(v.R)
	if !ok {
		other = v.R
		s, ok = stringLiteral(v.L)
	}
	if ok {
		lit = s
		x := compileXV(other, sl)
		return func(c *xctx) (bool, bool) {
			switch v := x(c); v.k {
			case xnil:
				return false, false
			case xstr:
				return (v.s == lit) != neg, true
			}
			return neg, true // not a string: not equal
		}
	}
	a, b := numTree(v.L, sl), numTree(v.R, sl)
	g := compileTree(v, sl)
	return func(c *xctx) (bool, bool) {
		x, sx := a(c)
		y, sy := b(c)
		switch {
		case sx == nMissing || sy == nMissing:
			return false, false
		case sx == nNum && sy == nNum:
			return (x == y) != neg, true
		case sx == nOther && sy == nOther:
			return g(c).truth()
		}
		return neg, true // a number and something else: not equal
	}
}

// compilePredCall compiles selected(x, 'choice') and answered(x), or returns nil.
func compilePredCall(v Call, sl slots) pred {
	name := v.Name
	args := v.Args
	switch {
	case name == "selected" && len(args) == 2:
		choice, ok := stringLiteral(args[1])
		if !ok {
			return nil
		}
		x := compileXV(args[0], sl)
		return func(c *xctx) (bool, bool) {
			switch v := x(c); v.k {
			case xnil:
				return false, true
			case xstr:
				return v.s == choice, true
			case xlist:
				return slices.Contains(v.p.List, choice), true
			}
			return false, false
		}
	case name == "answered" && len(args) == 1:
		x := compileXV(args[0], sl)
		return func(c *xctx) (bool, bool) { return x(c).k != xnil, true }
	}
	return nil
}
