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
	if err := n.writeXLSForm(&b); err != nil {
		return "", fmt.Errorf("expression %q: %w", src, err)
	}
	return b.String(), nil
}

// xfParseExpr parses an expression of the expression language into the
// expression tree (questionnaires.Parse), then into an xfNode tree.
func xfParseExpr(src string) (*xfNode, error) {
	tree, err := questionnaires.Parse(src)
	if err != nil {
		return nil, fmt.Errorf("expression %q does not parse: %w", src, err)
	}
	n, err := xfFromTree(tree)
	if err != nil {
		return nil, fmt.Errorf("expression %q: %w", src, err)
	}
	return n, nil
}

// xfFromTree converts an expression tree into an xfNode tree.
func xfFromTree(node questionnaires.Node) (*xfNode, error) {
	conv := func(ns ...questionnaires.Node) ([]*xfNode, error) {
		out := make([]*xfNode, len(ns))
		for i, c := range ns {
			x, err := xfFromTree(c)
			if err != nil {
				return nil, err
			}
			out[i] = x
		}
		return out, nil
	}
	switch v := node.(type) {
	case questionnaires.NilLit:
		return &xfNode{kind: xnNil}, nil
	case questionnaires.NumLit:
		return &xfNode{kind: xnNum, s: strconv.FormatFloat(v.Value, 'f', -1, 64)}, nil
	case questionnaires.StrLit:
		return &xfNode{kind: xnStr, s: v.Value}, nil
	case questionnaires.BoolLit:
		return &xfNode{kind: xnBool, s: strconv.FormatBool(v.Value)}, nil
	case questionnaires.Ref:
		if v.Name == "value" {
			return &xfNode{kind: xnValue}, nil
		}
		return &xfNode{kind: xnRef, s: v.Name}, nil
	case questionnaires.Member:
		return &xfNode{kind: xnMember, s: v.Of, row: v.Name}, nil
	case questionnaires.Unary:
		x, err := xfFromTree(v.X)
		if err != nil {
			return nil, err
		}
		switch v.Op {
		case "not", "-":
			return &xfNode{kind: xnUnary, s: v.Op, args: []*xfNode{x}}, nil
		case "+":
			return x, nil
		}
		return nil, fmt.Errorf("operator %q has no XLSForm equivalent", v.Op)
	case questionnaires.Binary:
		args, err := conv(v.L, v.R)
		if err != nil {
			return nil, err
		}
		if _, ok := xfExprBinaryPrec[v.Op]; !ok {
			return nil, fmt.Errorf("operator %q has no XLSForm equivalent", v.Op)
		}
		return &xfNode{kind: xnBinary, s: v.Op, args: args}, nil
	case questionnaires.Cond:
		args, err := conv(v.If, v.Then, v.Else)
		if err != nil {
			return nil, err
		}
		return &xfNode{kind: xnCond, args: args}, nil
	case questionnaires.ListLit:
		args, err := conv(v.Elems...)
		if err != nil {
			return nil, err
		}
		return &xfNode{kind: xnList, args: args}, nil
	case questionnaires.Call:
		if !questionnaires.IsFunction(v.Name) {
			return nil, fmt.Errorf("only the functions %s can be called", questionnaires.FunctionList())
		}
		args, err := conv(v.Args...)
		if err != nil {
			return nil, err
		}
		return &xfNode{kind: xnCall, s: v.Name, args: args}, nil
	case questionnaires.Invalid:
		if v.What == "member" {
			return nil, fmt.Errorf("member access is written matrix.row only")
		}
		what := v.What
		if strings.HasPrefix(what, "builtin ") {
			what = "BuiltinNode"
		}
		return nil, fmt.Errorf("%s has no XLSForm equivalent", what)
	}
	return nil, fmt.Errorf("%T has no XLSForm equivalent", node)
}

// xfXLSFormPrec is the XPath precedence of a node as writeXLSForm prints it.
func xfXLSFormPrec(n *xfNode) int {
	switch n.kind {
	case xnBinary:
		switch n.s {
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
	case xnUnary:
		if n.s == "-" {
			return 7
		}
	case xnNum:
		if strings.HasPrefix(n.s, "-") {
			return 7
		}
	case xnCall:
		if xfAnsweredIdiom(n) {
			return 3
		}
		if n.s == "mod" && len(n.args) == 2 {
			return 6
		}
	}
	return 10
}

// xfAnsweredIdiom reports whether the node is answered(q) written as ${q} != ”.
func xfAnsweredIdiom(n *xfNode) bool {
	return n.kind == xnCall && n.s == "answered" && len(n.args) == 1 && (n.args[0].kind == xnRef || n.args[0].kind == xnValue)
}

var xfOperators = map[string]string{"==": "=", "/": "div"}

// writeXLSForm prints the tree in XLSForm syntax.
func (n *xfNode) writeXLSForm(b *strings.Builder) error {
	paren := func(c *xfNode, need bool) error {
		if need {
			b.WriteByte('(')
		}
		if err := c.writeXLSForm(b); err != nil {
			return err
		}
		if need {
			b.WriteByte(')')
		}
		return nil
	}
	call := func(name string, args ...*xfNode) error {
		b.WriteString(name + "(")
		for i, a := range args {
			if i > 0 {
				b.WriteString(", ")
			}
			if err := a.writeXLSForm(b); err != nil {
				return err
			}
		}
		b.WriteByte(')')
		return nil
	}
	switch n.kind {
	case xnNum:
		b.WriteString(n.s)
	case xnStr:
		switch {
		case !strings.Contains(n.s, "'"):
			b.WriteString("'" + n.s + "'")
		case !strings.Contains(n.s, `"`):
			b.WriteString(`"` + n.s + `"`)
		default:
			return fmt.Errorf("string %q holds both quote characters, which XLSForm cannot write", n.s)
		}
	case xnBool:
		b.WriteString(n.s + "()")
	case xnNil:
		b.WriteString("nil()")
	case xnRef:
		b.WriteString("${" + n.s + "}")
	case xnValue:
		b.WriteString(".")
	case xnMember:
		switch {
		case n.s == "choice" && n.row == "id": // in a choice_filter: the choice's name
			b.WriteString("name")
		case n.s == "choice":
			b.WriteString(n.row)
		default:
			b.WriteString("${" + n.s + "}/" + n.row)
		}
	case xnList:
		b.WriteByte('[')
		for i, a := range n.args {
			if i > 0 {
				b.WriteString(", ")
			}
			if err := a.writeXLSForm(b); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case xnCall:
		switch {
		case n.s == "count":
			return call("count-selected", n.args...)
		case n.s == "round" && len(n.args) == 1:
			return call("round", n.args[0], &xfNode{kind: xnNum, s: "0"})
		case xfAnsweredIdiom(n):
			if err := n.args[0].writeXLSForm(b); err != nil {
				return err
			}
			b.WriteString(" != ''")
			return nil
		case n.s == "mod" && len(n.args) == 2: // XPath's operator
			if err := paren(n.args[0], xfXLSFormPrec(n.args[0]) < 6); err != nil {
				return err
			}
			b.WriteString(" mod ")
			return paren(n.args[1], xfXLSFormPrec(n.args[1]) <= 6)
		}
		for odk, name := range xfODKNames {
			if n.s == name {
				return call(odk, n.args...)
			}
		}
		return call(n.s, n.args...)
	case xnUnary:
		if n.s == "not" {
			return call("not", n.args[0])
		}
		b.WriteByte('-')
		x := n.args[0]
		return paren(x, xfXLSFormPrec(x) < 7 || x.kind == xnUnary || (x.kind == xnNum && strings.HasPrefix(x.s, "-")))
	case xnBinary:
		switch n.s {
		case "**":
			return call("pow", n.args...)
		case "??":
			return call("coalesce", n.args...)
		}
		p := xfXLSFormPrec(n)
		op := n.s
		if o, ok := xfOperators[op]; ok {
			op = o
		}
		// answered(q) written as ${q} != '' is bracketed inside anything but and/or
		idiom := func(c *xfNode) bool { return xfAnsweredIdiom(c) && n.s != "and" && n.s != "or" }
		if err := paren(n.args[0], xfXLSFormPrec(n.args[0]) < p || idiom(n.args[0])); err != nil {
			return err
		}
		b.WriteString(" " + op + " ")
		return paren(n.args[1], xfXLSFormPrec(n.args[1]) <= p || idiom(n.args[1]))
	case xnCond:
		return call("if", n.args...)
	}
	return nil
}
