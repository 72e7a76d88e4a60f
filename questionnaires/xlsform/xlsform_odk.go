package xlsform

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/assocbench/assocbench/questionnaires"
)

// XPath for ODK. The relevant, constraint and calculate columns that
// Export writes hold only the XPath of the ODK XForms specification
// (the function table that TestXLSFormODK keeps), so that ODK Collect,
// Enketo and KoboToolbox evaluate them. The assocbench extensions are
// translated:
//
//	ratio(a, b)          if(b != 0, a div b, '')
//	hhi([a, b, ...])     if(t != 0, (pow(A, 2) + pow(B, 2) + ...) div pow(t, 2), '')
//	                     with A = coalesce(a, 0), ..., t = A + B + ...
//	sum(a, b, ...)       coalesce(a, 0) + coalesce(b, 0) + ...
//	nil                  ''
//	x in [a, b]          x = a or x = b
//	x in m (multi)       selected(m, x)
//	answered(e)          e != ''
//
// min and max keep their several arguments (ODK's min and max take any
// number of node-sets or numbers). Where assocbench leaves a value
// unanswered, the translation can give 0 (sum of unanswered questions) or
// NaN; ODK does not score, so these values are for display only.
//
// A question's bounds become constraint terms: min and max on a number,
// ". >= min and . <= max"; on a multi_choice, "count-selected(.)"; and
// max_length, "string-length(.) <= n".
//
// When the ODK spelling differs from the assocbench one, the original is
// kept in the extension column assocbench_relevant, assocbench_constraint
// ("-" when the question has no constraint of its own, only bounds) or
// assocbench_calculate, which import reads instead of the standard column;
// ODK and KoboToolbox ignore it.
//
// A matrix is one select_one in XLSForm, so its rows have no field: an
// expression that reads a matrix row (m.row, x in m, count(m)) has no
// XForms equivalent and the export fails, naming the question.

// exprToODK translates an expression tree (from xfParseExpr) into ODK
// XPath; src is its source, for errors.
func (x *xfExporter) exprToODK(src string, n *xfNode) (string, error) {
	o, err := x.odk(n)
	if err != nil {
		return "", fmt.Errorf("expression %q: %w", src, err)
	}
	var b strings.Builder
	if err := o.writeXLSForm(&b); err != nil {
		return "", fmt.Errorf("expression %q: %w", src, err)
	}
	return b.String(), nil
}

// refType is the type of the question an identifier names ("" for an
// indicator or anything else).
func (x *xfExporter) refType(n *xfNode) questionnaires.Type {
	if n.kind != xnRef {
		return ""
	}
	if qu := x.q.Question(n.s); qu != nil {
		return qu.Type
	}
	return ""
}

func xfNum(s string) *xfNode { return &xfNode{kind: xnNum, s: s} }
func xfEmpty() *xfNode       { return &xfNode{kind: xnStr} }
func xfBin(op string, a, b *xfNode) *xfNode {
	return &xfNode{kind: xnBinary, s: op, args: []*xfNode{a, b}}
}

// xfChain joins nodes with a left-associative operator.
func xfChain(op string, ns []*xfNode) *xfNode {
	out := ns[0]
	for _, n := range ns[1:] {
		out = xfBin(op, out, n)
	}
	return out
}

// odkItems translates the arguments of a numeric function, a list
// literal giving its items.
func (x *xfExporter) odkItems(args []*xfNode) ([]*xfNode, error) {
	var out []*xfNode
	for _, a := range args {
		items := []*xfNode{a}
		if a.kind == xnList {
			items = a.args
		}
		for _, it := range items {
			o, err := x.odk(it)
			if err != nil {
				return nil, err
			}
			out = append(out, o)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("a function without arguments has no XForms equivalent")
	}
	return out, nil
}

// odk rewrites a tree into one that writeXLSForm prints as ODK XPath.
func (x *xfExporter) odk(n *xfNode) (*xfNode, error) {
	switch n.kind {
	case xnNum, xnStr, xnBool, xnRef, xnValue:
		return n, nil
	case xnNil:
		return xfEmpty(), nil
	case xnMember:
		if n.s == "choice" { // choice.<attr> in a choice_filter: a column of the choices
			return n, nil
		}
		return nil, fmt.Errorf("the matrix row %s.%s has no XForms equivalent (a matrix is one select_one in XLSForm)", n.s, n.row)
	case xnList:
		return nil, fmt.Errorf("a list outside hhi() and in has no XForms equivalent")
	case xnCall:
		return x.odkCall(n)
	case xnBinary:
		if n.s == "in" {
			return x.odkIn(n)
		}
	}
	out := &xfNode{kind: n.kind, s: n.s, row: n.row}
	for _, a := range n.args {
		o, err := x.odk(a)
		if err != nil {
			return nil, err
		}
		out.args = append(out.args, o)
	}
	return out, nil
}

// odkIn translates x in [a, b] and x in multi.
func (x *xfExporter) odkIn(n *xfNode) (*xfNode, error) {
	l, err := x.odk(n.args[0])
	if err != nil {
		return nil, err
	}
	r := n.args[1]
	switch {
	case r.kind == xnList && len(r.args) > 0:
		var terms []*xfNode
		for _, it := range r.args {
			o, err := x.odk(it)
			if err != nil {
				return nil, err
			}
			terms = append(terms, xfBin("==", l, o))
		}
		return xfChain("or", terms), nil
	case x.refType(r) == questionnaires.TypeMultiChoice:
		return &xfNode{kind: xnCall, s: "selected", args: []*xfNode{r, l}}, nil
	}
	return nil, fmt.Errorf("in over this operand has no XForms equivalent (only a list [a, b] or a multi_choice question)")
}

// odkCall translates a function call.
func (x *xfExporter) odkCall(n *xfNode) (*xfNode, error) {
	switch n.s {
	case "ratio":
		a, err := x.odk(n.args[0])
		if err != nil {
			return nil, err
		}
		b, err := x.odk(n.args[1])
		if err != nil {
			return nil, err
		}
		return &xfNode{kind: xnCond, args: []*xfNode{xfBin("!=", b, xfNum("0")), xfBin("/", a, b), xfEmpty()}}, nil
	case "sum", "hhi":
		items, err := x.odkItems(n.args)
		if err != nil {
			return nil, err
		}
		for i, it := range items {
			if it.kind != xnNum {
				items[i] = xfBin("??", it, xfNum("0"))
			}
		}
		total := xfChain("+", items)
		if n.s == "sum" {
			return total, nil
		}
		squares := make([]*xfNode, len(items))
		for i, it := range items {
			squares[i] = xfBin("**", it, xfNum("2"))
		}
		share := xfBin("/", xfChain("+", squares), xfBin("**", total, xfNum("2")))
		return &xfNode{kind: xnCond, args: []*xfNode{xfBin("!=", total, xfNum("0")), share, xfEmpty()}}, nil
	case "min", "max":
		items, err := x.odkItems(n.args)
		if err != nil {
			return nil, err
		}
		return &xfNode{kind: xnCall, s: n.s, args: items}, nil
	case "count":
		a := n.args[0]
		switch {
		case a.kind == xnList:
			return xfNum(strconv.Itoa(len(a.args))), nil
		case x.refType(a) == questionnaires.TypeMultiChoice || a.kind == xnValue:
			return n, nil
		}
		return nil, fmt.Errorf("count() of this operand has no XForms equivalent (only of a multi_choice question)")
	case "answered":
		if xfAnsweredIdiom(n) {
			return n, nil
		}
		a, err := x.odk(n.args[0])
		if err != nil {
			return nil, err
		}
		return xfBin("!=", a, xfEmpty()), nil
	}
	out := &xfNode{kind: xnCall, s: n.s}
	for _, a := range n.args {
		o, err := x.odk(a)
		if err != nil {
			return nil, err
		}
		out.args = append(out.args, o)
	}
	return out, nil
}

// boundTerms are the constraint terms of a question's bounds, in XPath.
func boundTerms(qu *questionnaires.Question) []string {
	var terms []string
	subject := "."
	if qu.Type == questionnaires.TypeMultiChoice {
		subject = "count-selected(.)"
	}
	if qu.Min != nil {
		terms = append(terms, subject+" >= "+xfYAMLNumber(*qu.Min))
	}
	if qu.Max != nil {
		terms = append(terms, subject+" <= "+xfYAMLNumber(*qu.Max))
	}
	if qu.MaxLength != 0 {
		terms = append(terms, "string-length(.) <= "+strconv.Itoa(qu.MaxLength))
	}
	return terms
}

// odkColumns sets a standard expression column to its ODK spelling and,
// when the assocbench spelling differs, the extension column that keeps
// it. self is the question whose value "." is; extra are XPath terms
// and-ed to the expression (bounds). Choice ids compared with a question
// are written as the names they were imported from.
func (x *xfExporter) odkColumns(r xfRow, column, src, self string, extra []string) error {
	var own, odk string
	if src != "" {
		n, err := xfParseExpr(src)
		if err != nil {
			return err
		}
		x.restoreNames(n, self)
		var b strings.Builder
		if err := n.writeXLSForm(&b); err != nil {
			return fmt.Errorf("expression %q: %w", src, err)
		}
		own = b.String()
		if odk, err = x.exprToODK(src, n); err != nil {
			return err
		}
	}
	terms := extra
	if odk != "" {
		if len(extra) > 0 {
			odk = "(" + odk + ")"
		}
		terms = append([]string{odk}, extra...)
	}
	if len(terms) == 0 {
		return nil
	}
	r[column] = strings.Join(terms, " and ")
	switch {
	case own == "":
		r["assocbench_"+column] = "-"
	case own != r[column]:
		r["assocbench_"+column] = own
	}
	return nil
}
