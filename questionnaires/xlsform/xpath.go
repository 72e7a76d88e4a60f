package xlsform

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/assocbench/assocbench/questionnaires"
)

// --- expressions: XLSForm -> assocbench ------------------------------------

// xfNode is an expression tree shared by both directions of the translation.
type xfNode struct {
	kind xfNodeKind
	s    string    // number text, string value, id, operator, function name
	row  string    // member: the matrix row
	args []*xfNode // operands, arguments, list items
}

type xfNodeKind int

const (
	xnNum xfNodeKind = iota
	xnStr
	xnBool
	xnNil
	xnRef   // a question or indicator
	xnValue // the current value (constraints)
	xnMember
	xnList
	xnUnary  // s: "not" or "-"
	xnBinary // s: an assocbench operator
	xnCond
	xnCall
)

// xfExprError is a translation problem at a token.
type xfExprError struct {
	msg string
	pos int // byte offset, -1 when not known
}

func (e *xfExprError) Error() string {
	if e.pos >= 0 {
		return fmt.Sprintf("%s (at character %d)", e.msg, e.pos+1)
	}
	return e.msg
}

type xfTokKind int

const (
	xtEOF xfTokKind = iota
	xtNum
	xtStr
	xtRef
	xtDot
	xtName
	xtOp // = != < <= > >= + - * / ( ) , [ ] |
)

type xfTok struct {
	kind xfTokKind
	text string // the token as written (strings and refs: their content)
	pos  int
}

var xfReRefName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]*$`)

func xfIsNameStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func xfIsNameChar(c byte) bool {
	return xfIsNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ':'
}

// xfTokens splits an XLSForm expression into tokens.
func xfTokens(src string) ([]xfTok, error) {
	var out []xfTok
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '$':
			if i+1 >= len(src) || src[i+1] != '{' {
				return nil, &xfExprError{msg: `unexpected "$" (a reference is written ${name})`, pos: i}
			}
			end := strings.IndexByte(src[i:], '}')
			if end < 0 {
				return nil, &xfExprError{msg: fmt.Sprintf("%q is not closed with }", src[i:]), pos: i}
			}
			name := strings.TrimSpace(src[i+2 : i+end])
			if !xfReRefName.MatchString(name) {
				return nil, &xfExprError{msg: fmt.Sprintf("invalid reference %q", src[i:i+end+1]), pos: i}
			}
			out = append(out, xfTok{kind: xtRef, text: name, pos: i})
			i += end + 1
		case c == '.' && (i+1 >= len(src) || src[i+1] < '0' || src[i+1] > '9'):
			if i+1 < len(src) && src[i+1] == '.' {
				return nil, &xfExprError{msg: `".." (the parent) is not supported`, pos: i}
			}
			out = append(out, xfTok{kind: xtDot, text: ".", pos: i})
			i++
		case c >= '0' && c <= '9' || c == '.':
			j := i
			for j < len(src) && src[j] >= '0' && src[j] <= '9' {
				j++
			}
			if j < len(src) && src[j] == '.' {
				j++
				for j < len(src) && src[j] >= '0' && src[j] <= '9' {
					j++
				}
			}
			if j < len(src) && (xfIsNameStart(src[j])) {
				return nil, &xfExprError{msg: fmt.Sprintf("unexpected %q after a number", src[j:j+1]), pos: j}
			}
			out = append(out, xfTok{kind: xtNum, text: src[i:j], pos: i})
			i = j
		case c == '\'' || c == '"':
			end := strings.IndexByte(src[i+1:], c)
			if end < 0 {
				return nil, &xfExprError{msg: "string is not closed", pos: i}
			}
			out = append(out, xfTok{kind: xtStr, text: src[i+1 : i+1+end], pos: i})
			i += end + 2
		case xfIsNameStart(c):
			j := i
			for j < len(src) && xfIsNameChar(src[j]) {
				j++
			}
			out = append(out, xfTok{kind: xtName, text: src[i:j], pos: i})
			i = j
		default:
			for _, op := range []string{"!=", "<=", ">=", "=", "<", ">", "+", "-", "*", "/", "(", ")", ",", "[", "]", "|"} {
				if strings.HasPrefix(src[i:], op) {
					out = append(out, xfTok{kind: xtOp, text: op, pos: i})
					i += len(op)
					goto next
				}
			}
			return nil, &xfExprError{msg: fmt.Sprintf("unexpected %q", string([]rune(src[i:])[0])), pos: i}
		next:
		}
	}
	out = append(out, xfTok{kind: xtEOF, pos: len(src)})
	return out, nil
}

// xfParser parses XLSForm expressions (XPath as ODK uses it).
type xfParser struct {
	toks       []xfTok
	i          int
	constraint bool
	// attrs, in a choice_filter, are the columns of the choices, which
	// bare names read (filterName); unknown collects the other bare names.
	attrs   map[string]bool
	unknown []string
}

func (p *xfParser) peek() xfTok { return p.toks[p.i] }

func (p *xfParser) next() xfTok {
	t := p.toks[p.i]
	if t.kind != xtEOF {
		p.i++
	}
	return t
}

func (p *xfParser) unexpected(t xfTok) error {
	if t.kind == xtEOF {
		return &xfExprError{msg: "unexpected end of expression", pos: -1}
	}
	text := t.text
	switch t.kind {
	case xtRef:
		text = "${" + t.text + "}"
	case xtStr:
		text = "'" + t.text + "'"
	}
	return &xfExprError{msg: fmt.Sprintf("unexpected %q", text), pos: t.pos}
}

func (p *xfParser) isOp(text string) bool {
	t := p.peek()
	return (t.kind == xtOp || t.kind == xtName) && t.text == text
}

func (p *xfParser) expect(text string) error {
	if !p.isOp(text) {
		return p.unexpected(p.peek())
	}
	p.next()
	return nil
}

// xfLevels are the XPath binary operators by precedence, lowest first,
// with their assocbench spelling. "in" is an assocbench extension.
var xfLevels = [][][2]string{
	{{"or", "or"}},
	{{"and", "and"}},
	{{"=", "=="}, {"!=", "!="}},
	{{"<", "<"}, {"<=", "<="}, {">", ">"}, {">=", ">="}, {"in", "in"}},
	{{"+", "+"}, {"-", "-"}},
	{{"*", "*"}, {"div", "/"}, {"mod", "mod"}},
}

func (p *xfParser) binary(level int) (*xfNode, error) {
	if level == len(xfLevels) {
		return p.unary()
	}
	left, err := p.binary(level + 1)
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		op := ""
		for _, o := range xfLevels[level] {
			if (t.kind == xtOp || t.kind == xtName) && t.text == o[0] {
				op = o[1]
				if op == "" {
					return nil, &xfExprError{msg: fmt.Sprintf("operator %q is not supported", t.text), pos: t.pos}
				}
			}
		}
		if op == "" {
			return left, nil
		}
		p.next()
		right, err := p.binary(level + 1)
		if err != nil {
			return nil, err
		}
		if op == "mod" { // a function of the expression language
			left = &xfNode{kind: xnCall, s: "mod", args: []*xfNode{left, right}}
			continue
		}
		left = xfIdiom(&xfNode{kind: xnBinary, s: op, args: []*xfNode{left, right}})
	}
}

// xfIdiom turns ODK's ${q} = ” and ${q} != ” into not answered(q) and answered(q).
func xfIdiom(n *xfNode) *xfNode {
	if n.s != "==" && n.s != "!=" {
		return n
	}
	a, b := n.args[0], n.args[1]
	if a.kind == xnStr && a.s == "" {
		a, b = b, a
	}
	if b.kind != xnStr || b.s != "" || (a.kind != xnRef && a.kind != xnValue) {
		return n
	}
	call := &xfNode{kind: xnCall, s: "answered", args: []*xfNode{a}}
	if n.s == "!=" {
		return call
	}
	return &xfNode{kind: xnUnary, s: "not", args: []*xfNode{call}}
}

func (p *xfParser) unary() (*xfNode, error) {
	if p.isOp("-") {
		p.next()
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &xfNode{kind: xnUnary, s: "-", args: []*xfNode{x}}, nil
	}
	return p.primary()
}

func (p *xfParser) list(closer string) ([]*xfNode, error) {
	var args []*xfNode
	if p.isOp(closer) {
		p.next()
		return args, nil
	}
	for {
		a, err := p.binary(0)
		if err != nil {
			return nil, err
		}
		args = append(args, a)
		if p.isOp(",") {
			p.next()
			continue
		}
		if err := p.expect(closer); err != nil {
			return nil, err
		}
		return args, nil
	}
}

func (p *xfParser) primary() (*xfNode, error) {
	t := p.next()
	switch t.kind {
	case xtNum:
		return &xfNode{kind: xnNum, s: xfNumber(t.text)}, nil
	case xtStr:
		return &xfNode{kind: xnStr, s: t.text}, nil
	case xtDot:
		if !p.constraint {
			return nil, &xfExprError{msg: `"." (the current value) can be used in a constraint only`, pos: t.pos}
		}
		return &xfNode{kind: xnValue}, nil
	case xtRef:
		if p.isOp("/") {
			p.next()
			row := p.next()
			if row.kind != xtName {
				return nil, p.unexpected(row)
			}
			return &xfNode{kind: xnMember, s: t.text, row: row.text}, nil
		}
		return &xfNode{kind: xnRef, s: t.text}, nil
	case xtOp:
		switch t.text {
		case "(":
			x, err := p.binary(0)
			if err != nil {
				return nil, err
			}
			if err := p.expect(")"); err != nil {
				return nil, err
			}
			return x, nil
		case "[":
			items, err := p.list("]")
			if err != nil {
				return nil, err
			}
			return &xfNode{kind: xnList, args: items}, nil
		}
	case xtName:
		if p.isOp("(") {
			p.next()
			args, err := p.list(")")
			if err != nil {
				return nil, err
			}
			return xfCall(t, args)
		}
		if p.attrs != nil && !xfOperatorNames[t.text] {
			return p.filterName(t.text), nil
		}
	}
	return nil, p.unexpected(t)
}

// xfOperatorNames are the names that are XPath operators, never columns.
var xfOperatorNames = map[string]bool{"and": true, "or": true, "div": true, "mod": true, "in": true}

// xfNumber writes a number token the way the expression language reads it.
func xfNumber(s string) string {
	if strings.HasPrefix(s, ".") {
		s = "0" + s
	}
	s = strings.TrimSuffix(s, ".")
	if !strings.Contains(s, ".") {
		s = strings.TrimLeft(s, "0")
		if s == "" {
			s = "0"
		}
	}
	return s
}

// xfODKNames are the ODK functions whose name in the expression language
// is different (a name there cannot hold "-").
var xfODKNames = map[string]string{"string-length": "string_length", "selected-at": "selected_at"}

// xfCall translates a function call.
func xfCall(t xfTok, args []*xfNode) (*xfNode, error) {
	name := t.text
	if n, ok := xfODKNames[name]; ok {
		name = n
	}
	arity := func(n int) error {
		if len(args) != n {
			return &xfExprError{msg: fmt.Sprintf("%s() takes %d argument(s), not %d", name, n, len(args)), pos: t.pos}
		}
		return nil
	}
	switch name {
	case "selected":
		if err := arity(2); err != nil {
			return nil, err
		}
		return &xfNode{kind: xnCall, s: "selected", args: args}, nil
	case "count-selected":
		if err := arity(1); err != nil {
			return nil, err
		}
		return &xfNode{kind: xnCall, s: "count", args: args}, nil
	case "not":
		if err := arity(1); err != nil {
			return nil, err
		}
		return &xfNode{kind: xnUnary, s: "not", args: args}, nil
	case "if":
		if err := arity(3); err != nil {
			return nil, err
		}
		return &xfNode{kind: xnCond, args: args}, nil
	case "true", "false":
		if err := arity(0); err != nil {
			return nil, err
		}
		return &xfNode{kind: xnBool, s: name}, nil
	case "nil":
		if err := arity(0); err != nil {
			return nil, err
		}
		return &xfNode{kind: xnNil}, nil
	case "pow":
		if err := arity(2); err != nil {
			return nil, err
		}
		return &xfNode{kind: xnBinary, s: "**", args: args}, nil
	case "coalesce":
		if err := arity(2); err != nil {
			return nil, err
		}
		return &xfNode{kind: xnBinary, s: "??", args: args}, nil
	case "round":
		if len(args) == 2 && args[1].kind == xnNum && args[1].s == "0" {
			args = args[:1]
		}
		if len(args) != 1 && len(args) != 2 {
			return nil, &xfExprError{msg: fmt.Sprintf("round() takes 1 or 2 arguments, not %d", len(args)), pos: t.pos}
		}
		return &xfNode{kind: xnCall, s: "round", args: args}, nil
	case "count":
		return nil, &xfExprError{msg: "count() counts repeat instances, which are not supported (count-selected() counts the options of a select_multiple)", pos: t.pos}
	}
	if questionnaires.IsFunction(name) && name != "count" && name != "selected" {
		return &xfNode{kind: xnCall, s: name, args: args}, nil
	}
	return nil, &xfExprError{msg: fmt.Sprintf("function %s() is not supported", name), pos: t.pos}
}

// xfParse parses an XLSForm expression; constraint allows "." (the current value).
func xfParse(src string, constraint bool) (*xfNode, error) {
	if len(src) > questionnaires.MaxExprLen {
		return nil, &xfExprError{msg: fmt.Sprintf("expression is longer than %d characters", questionnaires.MaxExprLen), pos: -1}
	}
	toks, err := xfTokens(src)
	if err != nil {
		return nil, err
	}
	p := &xfParser{toks: toks, constraint: constraint}
	n, err := p.binary(0)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != xtEOF {
		return nil, p.unexpected(t)
	}
	return n, nil
}

// xlsformToExpr translates an XLSForm expression into the expression
// language; constraint allows "." (the current value).
func xlsformToExpr(src string, constraint bool) (string, error) {
	n, err := xfParse(src, constraint)
	if err != nil {
		return "", err
	}
	return n.expr(), nil
}

// xfExprPrec is the precedence of an expression-language node (expr-lang's
// parser/operator table); atoms bind tightest, the conditional loosest.
func xfExprPrec(n *xfNode) int {
	switch n.kind {
	case xnBinary:
		return xfExprBinaryPrec[n.s]
	case xnUnary:
		if n.s == "not" {
			return 50
		}
		return 90
	case xnCond:
		return 0
	}
	return 1000
}

var xfExprBinaryPrec = map[string]int{
	"or": 10, "and": 15, "==": 20, "!=": 20, "<": 20, "<=": 20, ">": 20, ">=": 20, "in": 20,
	"+": 30, "-": 30, "*": 60, "/": 60, "**": 100, "??": 500,
}

// expr prints the tree in the expression language, canonically.
func (n *xfNode) expr() string {
	var b strings.Builder
	n.writeExpr(&b)
	return b.String()
}

func (n *xfNode) writeExpr(b *strings.Builder) {
	paren := func(c *xfNode, need bool) {
		if need {
			b.WriteByte('(')
		}
		c.writeExpr(b)
		if need {
			b.WriteByte(')')
		}
	}
	switch n.kind {
	case xnNum:
		b.WriteString(n.s)
	case xnStr:
		b.WriteString(xfExprQuote(n.s))
	case xnBool:
		b.WriteString(n.s)
	case xnNil:
		b.WriteString("nil")
	case xnRef:
		b.WriteString(n.s)
	case xnValue:
		b.WriteString("value")
	case xnMember:
		b.WriteString(n.s + "." + n.row)
	case xnList:
		b.WriteByte('[')
		for i, a := range n.args {
			if i > 0 {
				b.WriteString(", ")
			}
			a.writeExpr(b)
		}
		b.WriteByte(']')
	case xnCall:
		b.WriteString(n.s + "(")
		for i, a := range n.args {
			if i > 0 {
				b.WriteString(", ")
			}
			a.writeExpr(b)
		}
		b.WriteByte(')')
	case xnUnary:
		x := n.args[0]
		if n.s == "not" {
			b.WriteString("not ")
		} else {
			b.WriteString("-")
		}
		paren(x, xfExprPrec(x) < xfExprPrec(n) || x.kind == xnUnary || x.kind == xnBinary && (n.s == "not" || x.s == "??"))
	case xnBinary:
		p := xfExprPrec(n)
		l, r := n.args[0], n.args[1]
		right := n.s == "**"
		// a "not" operand of a comparison or arithmetic is bracketed for
		// readers; expr-lang wants ?? bracketed among other operators
		extra := func(c *xfNode) bool {
			return c.kind == xnUnary && c.s == "not" && n.s != "and" && n.s != "or" ||
				c.kind == xnBinary && (c.s == "??") != (n.s == "??")
		}
		paren(l, xfExprPrec(l) < p || (right && xfExprPrec(l) == p) || extra(l))
		b.WriteString(" " + n.s + " ")
		paren(r, xfExprPrec(r) < p || (!right && xfExprPrec(r) == p) || extra(r))
	case xnCond:
		paren(n.args[0], n.args[0].kind == xnCond)
		b.WriteString(" ? ")
		paren(n.args[1], n.args[1].kind == xnCond)
		b.WriteString(" : ")
		n.args[2].writeExpr(b)
	}
}

// xfExprQuote writes a string literal of the expression language.
func xfExprQuote(s string) string {
	if !strings.ContainsAny(s, "'\\") && !strings.ContainsFunc(s, func(r rune) bool { return r < ' ' }) {
		return "'" + s + "'"
	}
	return strconv.Quote(s)
}
