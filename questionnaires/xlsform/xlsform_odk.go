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
func (x *xfExporter) exprToODK(src string, n node) (string, error) {
	o, err := x.odk(n)
	if err != nil {
		return "", fmt.Errorf("expression %q: %w", src, err)
	}
	var b strings.Builder
	if err := writeXLSForm(&b, o); err != nil {
		return "", fmt.Errorf("expression %q: %w", src, err)
	}
	return b.String(), nil
}

// refType is the type of the question an identifier names ("" for an
// indicator or anything else).
func (x *xfExporter) refType(n node) questionnaires.Type {
	r, ok := n.(ref)
	if !ok || r.Name == "value" {
		return ""
	}
	if qu := x.q.Question(r.Name); qu != nil {
		return qu.Type
	}
	return ""
}

func xfEmpty() node { return strLit{} }
func xfBin(op string, a, b node) node {
	return binary{Op: op, L: a, R: b}
}

// xfChain joins nodes with a left-associative operator.
func xfChain(op string, ns []node) node {
	out := ns[0]
	for _, n := range ns[1:] {
		out = xfBin(op, out, n)
	}
	return out
}

// odkItems translates the arguments of a numeric function, a list
// literal giving its items.
func (x *xfExporter) odkItems(args []node) ([]node, error) {
	var out []node
	for _, a := range args {
		items := []node{a}
		if l, ok := a.(listLit); ok {
			items = l.Elems
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

// odkAll translates each node.
func (x *xfExporter) odkAll(ns []node) ([]node, error) {
	out := make([]node, len(ns))
	for i, a := range ns {
		o, err := x.odk(a)
		if err != nil {
			return nil, err
		}
		out[i] = o
	}
	return out, nil
}

// odk rewrites a tree into one that writeXLSForm prints as ODK XPath.
func (x *xfExporter) odk(n node) (node, error) {
	switch v := n.(type) {
	case numLit, strLit, boolLit, ref:
		return n, nil
	case nilLit:
		return xfEmpty(), nil
	case member:
		if v.Of == "choice" { // choice.<attr> in a choice_filter: a column of the choices
			return n, nil
		}
		return nil, fmt.Errorf("the matrix row %s.%s has no XForms equivalent (a matrix is one select_one in XLSForm)", v.Of, v.Name)
	case listLit:
		return nil, fmt.Errorf("a list outside hhi() and in has no XForms equivalent")
	case call:
		return x.odkCall(v)
	case binary:
		if v.Op == "in" {
			return x.odkIn(v)
		}
		args, err := x.odkAll([]node{v.L, v.R})
		if err != nil {
			return nil, err
		}
		return binary{Op: v.Op, L: args[0], R: args[1]}, nil
	case unary:
		a, err := x.odk(v.X)
		if err != nil {
			return nil, err
		}
		return unary{Op: v.Op, X: a}, nil
	case cond:
		args, err := x.odkAll([]node{v.If, v.Then, v.Else})
		if err != nil {
			return nil, err
		}
		return cond{If: args[0], Then: args[1], Else: args[2]}, nil
	}
	return n, nil
}

// odkIn translates x in [a, b] and x in multi.
func (x *xfExporter) odkIn(n binary) (node, error) {
	l, err := x.odk(n.L)
	if err != nil {
		return nil, err
	}
	r := n.R
	list, isList := r.(listLit)
	switch {
	case isList && len(list.Elems) > 0:
		var terms []node
		for _, it := range list.Elems {
			o, err := x.odk(it)
			if err != nil {
				return nil, err
			}
			terms = append(terms, xfBin("==", l, o))
		}
		return xfChain("or", terms), nil
	case x.refType(r) == questionnaires.TypeMultiChoice:
		return call{Name: "selected", Args: []node{r, l}}, nil
	}
	return nil, fmt.Errorf("in over this operand has no XForms equivalent (only a list [a, b] or a multi_choice question)")
}

// odkCall translates a function call.
func (x *xfExporter) odkCall(n call) (node, error) {
	switch n.Name {
	case "ratio":
		args, err := x.odkAll(n.Args)
		if err != nil {
			return nil, err
		}
		a, b := args[0], args[1]
		return cond{If: xfBin("!=", b, num("0")), Then: xfBin("/", a, b), Else: xfEmpty()}, nil
	case "sum", "hhi":
		items, err := x.odkItems(n.Args)
		if err != nil {
			return nil, err
		}
		for i, it := range items {
			if _, ok := it.(numLit); !ok {
				items[i] = xfBin("??", it, num("0"))
			}
		}
		total := xfChain("+", items)
		if n.Name == "sum" {
			return total, nil
		}
		squares := make([]node, len(items))
		for i, it := range items {
			squares[i] = xfBin("**", it, num("2"))
		}
		share := xfBin("/", xfChain("+", squares), xfBin("**", total, num("2")))
		return cond{If: xfBin("!=", total, num("0")), Then: share, Else: xfEmpty()}, nil
	case "min", "max":
		items, err := x.odkItems(n.Args)
		if err != nil {
			return nil, err
		}
		return call{Name: n.Name, Args: items}, nil
	case "count":
		a := n.Args[0]
		if l, ok := a.(listLit); ok {
			return num(strconv.Itoa(len(l.Elems))), nil
		}
		if r, ok := a.(ref); ok && (r.Name == "value" || x.refType(a) == questionnaires.TypeMultiChoice) {
			return n, nil
		}
		return nil, fmt.Errorf("count() of this operand has no XForms equivalent (only of a multi_choice question)")
	case "answered":
		if xfAnsweredIdiom(n) {
			return n, nil
		}
		a, err := x.odk(n.Args[0])
		if err != nil {
			return nil, err
		}
		return xfBin("!=", a, xfEmpty()), nil
	}
	args, err := x.odkAll(n.Args)
	if err != nil {
		return nil, err
	}
	return call{Name: n.Name, Args: args}, nil
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
		n = x.restoreNames(n, self)
		var b strings.Builder
		if err := writeXLSForm(&b, n); err != nil {
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
