package xlsform

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/assocbench/assocbench/questionnaires"
)

// --- expressions: assocbench -> XLSForm ------------------------------------

// exprToXLSForm translates an expression of the expression language into
// XLSForm syntax.
func exprToXLSForm(src string) (string, error) {
	n, err := xfParseExpr(src)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := writeXLSForm(&b, n); err != nil {
		return "", fmt.Errorf("expression %q: %w", src, err)
	}
	return b.String(), nil
}

// xfParseExpr parses an expression of the expression language into the
// expression tree (questionnaires.Parse) and checks that XLSForm can
// write it.
func xfParseExpr(src string) (node, error) {
	tree, err := questionnaires.Parse(src)
	if err != nil {
		return nil, fmt.Errorf("expression %q does not parse: %w", src, err)
	}
	n, err := xfCheck(tree)
	if err != nil {
		return nil, fmt.Errorf("expression %q: %w", src, err)
	}
	return n, nil
}

// xfCheck refuses what XLSForm cannot write, and leaves out unary pluses.
func xfCheck(n node) (node, error) {
	var bad error
	out := questionnaires.Rewrite(n, func(c node) node {
		if bad != nil {
			return c
		}
		switch v := c.(type) {
		case unary:
			switch v.Op {
			case "+":
				return v.X
			case "not", "-":
			default:
				bad = fmt.Errorf("operator %q has no XLSForm equivalent", v.Op)
			}
		case binary:
			if _, ok := xfExprBinaryPrec[v.Op]; !ok {
				bad = fmt.Errorf("operator %q has no XLSForm equivalent", v.Op)
			}
		case call:
			if !questionnaires.IsFunction(v.Name) {
				bad = fmt.Errorf("only the functions %s can be called", questionnaires.FunctionList())
			}
		case questionnaires.Invalid:
			switch {
			case v.What == "member":
				bad = fmt.Errorf("member access is written matrix.row only")
			case strings.HasPrefix(v.What, "builtin "):
				bad = fmt.Errorf("BuiltinNode has no XLSForm equivalent")
			default:
				bad = fmt.Errorf("%s has no XLSForm equivalent", v.What)
			}
		case questionnaires.Get, questionnaires.Attr:
			bad = fmt.Errorf("%T has no XLSForm equivalent", c)
		}
		return c
	})
	if bad != nil {
		return nil, bad
	}
	return out, nil
}

// xfXLSFormPrec is the XPath precedence of a node as writeXLSForm prints it.
func xfXLSFormPrec(n node) int {
	switch v := n.(type) {
	case binary:
		switch v.Op {
		case "or":
			return 1
		case "and":
			return 2
		case "==", "!=":
			return 3
		case "<", "<=", ">", ">=", "in":
			return 4
		case "+", "-":
			return 5
		case "*", "/":
			return 6
		}
	case unary:
		if v.Op == "-" {
			return 7
		}
	case numLit:
		if strings.HasPrefix(numText(v), "-") {
			return 7
		}
	case call:
		if xfAnsweredIdiom(v) {
			return 3
		}
		if v.Name == "mod" && len(v.Args) == 2 {
			return 6
		}
	}
	return 10
}

// xfAnsweredIdiom reports whether the node is answered(q) written as ${q} != ”.
func xfAnsweredIdiom(n node) bool {
	c, ok := n.(call)
	return ok && c.Name == "answered" && len(c.Args) == 1 && isRef(c.Args[0])
}

var xfOperators = map[string]string{"==": "=", "/": "div"}

// writeXLSForm prints the tree in XLSForm syntax.
func writeXLSForm(b *strings.Builder, n node) error {
	paren := func(c node, need bool) error {
		if need {
			b.WriteByte('(')
		}
		if err := writeXLSForm(b, c); err != nil {
			return err
		}
		if need {
			b.WriteByte(')')
		}
		return nil
	}
	items := func(args []node) error {
		for i, a := range args {
			if i > 0 {
				b.WriteString(", ")
			}
			if err := writeXLSForm(b, a); err != nil {
				return err
			}
		}
		return nil
	}
	fn := func(name string, args ...node) error {
		b.WriteString(name + "(")
		if err := items(args); err != nil {
			return err
		}
		b.WriteByte(')')
		return nil
	}
	switch v := n.(type) {
	case numLit:
		b.WriteString(numText(v))
	case strLit:
		switch {
		case !strings.Contains(v.Value, "'"):
			b.WriteString("'" + v.Value + "'")
		case !strings.Contains(v.Value, `"`):
			b.WriteString(`"` + v.Value + `"`)
		default:
			return fmt.Errorf("string %q holds both quote characters, which XLSForm cannot write", v.Value)
		}
	case boolLit:
		b.WriteString(strconv.FormatBool(v.Value) + "()")
	case nilLit:
		b.WriteString("nil()")
	case ref:
		if v.Name == "value" {
			b.WriteString(".")
		} else {
			b.WriteString("${" + v.Name + "}")
		}
	case member:
		switch {
		case v.Of == "choice" && v.Name == "id": // in a choice_filter: the choice's name
			b.WriteString("name")
		case v.Of == "choice":
			b.WriteString(v.Name)
		default:
			b.WriteString("${" + v.Of + "}/" + v.Name)
		}
	case listLit:
		b.WriteByte('[')
		if err := items(v.Elems); err != nil {
			return err
		}
		b.WriteByte(']')
	case call:
		return writeXLSFormCall(b, v, paren, fn)
	case unary:
		if v.Op == "not" {
			return fn("not", v.X)
		}
		b.WriteByte('-')
		x := v.X
		_, xu := x.(unary)
		xn, isNum := x.(numLit)
		return paren(x, xfXLSFormPrec(x) < 7 || xu || (isNum && strings.HasPrefix(numText(xn), "-")))
	case binary:
		switch v.Op {
		case "**":
			return fn("pow", v.L, v.R)
		case "??":
			return fn("coalesce", v.L, v.R)
		}
		p := xfXLSFormPrec(v)
		op := v.Op
		if o, ok := xfOperators[op]; ok {
			op = o
		}
		// answered(q) written as ${q} != '' is bracketed inside anything but and/or
		idiom := func(c node) bool { return xfAnsweredIdiom(c) && v.Op != "and" && v.Op != "or" }
		if err := paren(v.L, xfXLSFormPrec(v.L) < p || idiom(v.L)); err != nil {
			return err
		}
		b.WriteString(" " + op + " ")
		return paren(v.R, xfXLSFormPrec(v.R) <= p || idiom(v.R))
	case cond:
		return fn("if", v.If, v.Then, v.Else)
	}
	return nil
}

// writeXLSFormCall prints a function call in XLSForm syntax.
func writeXLSFormCall(b *strings.Builder, v call, paren func(node, bool) error, fn func(string, ...node) error) error {
	switch {
	case v.Name == "count":
		return fn("count-selected", v.Args...)
	case v.Name == "round" && len(v.Args) == 1:
		return fn("round", v.Args[0], num("0"))
	case xfAnsweredIdiom(v):
		if err := writeXLSForm(b, v.Args[0]); err != nil {
			return err
		}
		b.WriteString(" != ''")
		return nil
	case v.Name == "mod" && len(v.Args) == 2: // XPath's operator
		if err := paren(v.Args[0], xfXLSFormPrec(v.Args[0]) < 6); err != nil {
			return err
		}
		b.WriteString(" mod ")
		return paren(v.Args[1], xfXLSFormPrec(v.Args[1]) <= 6)
	}
	for odk, name := range xfODKNames {
		if v.Name == name {
			return fn(odk, v.Args...)
		}
	}
	return fn(v.Name, v.Args...)
}
