package xlsform

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/assocbench/assocbench/questionnaires"
)

// --- expressions: XLSForm -> assocbench ------------------------------------

// Both directions of the translation work on the expression tree of
// questionnaires (tree.go): XPath is parsed into it, and written from it.
type (
	node    = questionnaires.Node
	nilLit  = questionnaires.NilLit
	numLit  = questionnaires.NumLit
	strLit  = questionnaires.StrLit
	boolLit = questionnaires.BoolLit
	ref     = questionnaires.Ref
	member  = questionnaires.Member
	unary   = questionnaires.Unary
	binary  = questionnaires.Binary
	cond    = questionnaires.Cond
	listLit = questionnaires.ListLit
	call    = questionnaires.Call
)

// numText is a number literal as written: its text when known.
func numText(n numLit) string {
	if n.Text != "" {
		return n.Text
	}
	return strconv.FormatFloat(n.Value, 'f', -1, 64)
}

// num is a number literal written as s.
func num(s string) numLit {
	f, _ := strconv.ParseFloat(s, 64)
	return numLit{Value: f, Text: s}
}

// isRef reports whether n reads a question, an indicator or "." (value).
func isRef(n node) bool {
	_, ok := n.(ref)
	return ok
}

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

func (p *xfParser) binary(level int) (node, error) {
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
			left = call{Name: "mod", Args: []node{left, right}}
			continue
		}
		left = xfIdiom(binary{Op: op, L: left, R: right})
	}
}

// xfIdiom turns ODK's ${q} = ” and ${q} != ” into not answered(q) and answered(q).
func xfIdiom(n binary) node {
	if n.Op != "==" && n.Op != "!=" {
		return n
	}
	a, b := n.L, n.R
	if s, ok := a.(strLit); ok && s.Value == "" {
		a, b = b, a
	}
	if s, ok := b.(strLit); !ok || s.Value != "" || !isRef(a) {
		return n
	}
	c := call{Name: "answered", Args: []node{a}}
	if n.Op == "!=" {
		return c
	}
	return unary{Op: "not", X: c}
}

func (p *xfParser) unary() (node, error) {
	if p.isOp("-") {
		p.next()
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return unary{Op: "-", X: x}, nil
	}
	return p.primary()
}

func (p *xfParser) list(closer string) ([]node, error) {
	var args []node
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

func (p *xfParser) primary() (node, error) {
	t := p.next()
	switch t.kind {
	case xtNum:
		return num(xfNumber(t.text)), nil
	case xtStr:
		return strLit{Value: t.text}, nil
	case xtDot:
		if !p.constraint {
			return nil, &xfExprError{msg: `"." (the current value) can be used in a constraint only`, pos: t.pos}
		}
		return ref{Name: "value"}, nil
	case xtRef:
		if p.isOp("/") {
			p.next()
			row := p.next()
			if row.kind != xtName {
				return nil, p.unexpected(row)
			}
			return member{Of: t.text, Name: row.text}, nil
		}
		return ref{Name: t.text}, nil
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
			return listLit{Elems: items}, nil
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
func xfCall(t xfTok, args []node) (node, error) {
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
		return call{Name: "selected", Args: args}, nil
	case "count-selected":
		if err := arity(1); err != nil {
			return nil, err
		}
		return call{Name: "count", Args: args}, nil
	case "not":
		if err := arity(1); err != nil {
			return nil, err
		}
		return unary{Op: "not", X: args[0]}, nil
	case "if":
		if err := arity(3); err != nil {
			return nil, err
		}
		return cond{If: args[0], Then: args[1], Else: args[2]}, nil
	case "true", "false":
		if err := arity(0); err != nil {
			return nil, err
		}
		return boolLit{Value: name == "true"}, nil
	case "nil":
		if err := arity(0); err != nil {
			return nil, err
		}
		return nilLit{}, nil
	case "pow":
		if err := arity(2); err != nil {
			return nil, err
		}
		return binary{Op: "**", L: args[0], R: args[1]}, nil
	case "coalesce":
		if err := arity(2); err != nil {
			return nil, err
		}
		return binary{Op: "??", L: args[0], R: args[1]}, nil
	case "round":
		if len(args) == 2 {
			if n, ok := args[1].(numLit); ok && numText(n) == "0" {
				args = args[:1]
			}
		}
		if len(args) != 1 && len(args) != 2 {
			return nil, &xfExprError{msg: fmt.Sprintf("round() takes 1 or 2 arguments, not %d", len(args)), pos: t.pos}
		}
		return call{Name: "round", Args: args}, nil
	case "count":
		return nil, &xfExprError{msg: "count() counts repeat instances, which are not supported (count-selected() counts the options of a select_multiple)", pos: t.pos}
	}
	if questionnaires.IsFunction(name) && name != "count" && name != "selected" {
		return call{Name: name, Args: args}, nil
	}
	return nil, &xfExprError{msg: fmt.Sprintf("function %s() is not supported", name), pos: t.pos}
}

// xfParse parses an XLSForm expression; constraint allows "." (the current value).
func xfParse(src string, constraint bool) (node, error) {
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
	return xfExpr(n), nil
}

// xfExprPrec is the precedence of an expression-language node (expr-lang's
// parser/operator table); atoms bind tightest, the conditional loosest.
func xfExprPrec(n node) int {
	switch v := n.(type) {
	case binary:
		return xfExprBinaryPrec[v.Op]
	case unary:
		if v.Op == "not" {
			return 50
		}
		return 90
	case cond:
		return 0
	}
	return 1000
}

var xfExprBinaryPrec = map[string]int{
	"or": 10, "and": 15, "==": 20, "!=": 20, "<": 20, "<=": 20, ">": 20, ">=": 20, "in": 20,
	"+": 30, "-": 30, "*": 60, "/": 60, "**": 100, "??": 500,
}

// xfExpr prints the tree in the expression language, canonically.
func xfExpr(n node) string {
	var b strings.Builder
	writeExpr(&b, n)
	return b.String()
}

// isOp reports whether n is a binary operator, op when op is not "".
func isOp(n node, op string) bool {
	v, ok := n.(binary)
	return ok && (op == "" || v.Op == op)
}

// isNot reports whether n is "not x".
func isNot(n node) bool {
	v, ok := n.(unary)
	return ok && v.Op == "not"
}

func writeExpr(b *strings.Builder, n node) {
	paren := func(c node, need bool) {
		if need {
			b.WriteByte('(')
		}
		writeExpr(b, c)
		if need {
			b.WriteByte(')')
		}
	}
	items := func(ns []node) {
		for i, a := range ns {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, a)
		}
	}
	switch v := n.(type) {
	case numLit:
		b.WriteString(numText(v))
	case strLit:
		b.WriteString(xfExprQuote(v.Value))
	case boolLit:
		b.WriteString(strconv.FormatBool(v.Value))
	case nilLit:
		b.WriteString("nil")
	case ref:
		b.WriteString(v.Name)
	case member:
		b.WriteString(v.Of + "." + v.Name)
	case listLit:
		b.WriteByte('[')
		items(v.Elems)
		b.WriteByte(']')
	case call:
		b.WriteString(v.Name + "(")
		items(v.Args)
		b.WriteByte(')')
	case unary:
		x := v.X
		if v.Op == "not" {
			b.WriteString("not ")
		} else {
			b.WriteString("-")
		}
		_, xu := x.(unary)
		paren(x, xfExprPrec(x) < xfExprPrec(v) || xu || isOp(x, "") && (v.Op == "not" || isOp(x, "??")))
	case binary:
		p := xfExprPrec(v)
		right := v.Op == "**"
		// a "not" operand of a comparison or arithmetic is bracketed for
		// readers; expr-lang wants ?? bracketed among other operators
		extra := func(c node) bool {
			return isNot(c) && v.Op != "and" && v.Op != "or" ||
				isOp(c, "") && isOp(c, "??") != (v.Op == "??")
		}
		paren(v.L, xfExprPrec(v.L) < p || (right && xfExprPrec(v.L) == p) || extra(v.L))
		b.WriteString(" " + v.Op + " ")
		paren(v.R, xfExprPrec(v.R) < p || (!right && xfExprPrec(v.R) == p) || extra(v.R))
	case cond:
		_, c0 := v.If.(cond)
		_, c1 := v.Then.(cond)
		paren(v.If, c0)
		b.WriteString(" ? ")
		paren(v.Then, c1)
		b.WriteString(" : ")
		writeExpr(b, v.Else)
	}
}

// xfExprQuote writes a string literal of the expression language.
func xfExprQuote(s string) string {
	if !strings.ContainsAny(s, "'\\") && !strings.ContainsFunc(s, func(r rune) bool { return r < ' ' }) {
		return "'" + s + "'"
	}
	return strconv.Quote(s)
}
