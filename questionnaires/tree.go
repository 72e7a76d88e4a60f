package questionnaires

import (
	"fmt"
	"strings"

	"github.com/expr-lang/expr/ast"
)

// The expression tree. Every expression of a definition is parsed once,
// by Parse, into this typed tree; the evaluator (exprc.go, exprfast.go),
// the load-time checks (expr.go), the JSON form for the browser
// (TreeJSON, ExprJSONVersion), the words of the fill-in workbooks
// (reports) and XLSForm's XPath, read into the tree and written from it
// (questionnaires/xlsform), are all functions of it. Parse uses expr-lang's parser and converts its
// syntax tree once; nothing else reads expr-lang's tree.

// Node is a node of the expression tree: one of NilLit, NumLit, StrLit, BoolLit, Ref,
// Member, Get, Attr, Unary, Binary, Cond, ListLit, Call and Invalid.
type Node interface{ exprNode() }

// NilLit is the literal nil (no answer).
type NilLit struct{}

// NumLit is a number literal; Text is how it is written when that is
// known and matters (XLSForm import keeps "1.50"), else "".
type NumLit struct {
	Value float64
	Text  string
}

// StrLit is a string literal.
type StrLit struct{ Value string }

// BoolLit is true or false.
type BoolLit struct{ Value bool }

// Ref reads a question or an indicator by id, or the checked answer
// ("value") in a constraint.
type Ref struct{ Name string }

// Member is Of.Name as written: a matrix row, or choice.<attribute> in a
// choice_filter. Compile resolves it into Get or Attr.
type Member struct{ Of, Name string }

// Get is the answer of matrix ID on row Row.
type Get struct{ ID, Row string }

// Attr is the attribute Name of the choice a choice_filter decides.
type Attr struct{ Name string }

// Unary is "-", "+" or "not" applied to X (any other operator is refused
// at load).
type Unary struct {
	Op string
	X  Node
}

// Binary is an operator between L and R; "&&", "||" and "^" are written
// "and", "or" and "**".
type Binary struct {
	Op   string
	L, R Node
}

// Cond is If ? Then : Else.
type Cond struct{ If, Then, Else Node }

// ListLit is a list literal.
type ListLit struct{ Elems []Node }

// Call is a function call; Name is "" when the callee is not a plain name.
type Call struct {
	Name string
	Args []Node
}

// Invalid is a construct outside the expression language, kept so that
// the load-time checks can name it (What: "member" for a member access
// that is not id.name, "builtin NAME", or expr-lang's node type).
type Invalid struct{ What string }

func (NilLit) exprNode()  {}
func (NumLit) exprNode()  {}
func (StrLit) exprNode()  {}
func (BoolLit) exprNode() {}
func (Ref) exprNode()     {}
func (Member) exprNode()  {}
func (Get) exprNode()     {}
func (Attr) exprNode()    {}
func (Unary) exprNode()   {}
func (Binary) exprNode()  {}
func (Cond) exprNode()    {}
func (ListLit) exprNode() {}
func (Call) exprNode()    {}
func (Invalid) exprNode() {}

// Children returns the direct sub-expressions of n, in order.
func Children(n Node) []Node {
	switch v := n.(type) {
	case Unary:
		return []Node{v.X}
	case Binary:
		return []Node{v.L, v.R}
	case Cond:
		return []Node{v.If, v.Then, v.Else}
	case ListLit:
		return v.Elems
	case Call:
		return v.Args
	}
	return nil
}

// Walk calls fn on n and, when fn returns true, on each sub-expression of
// n, depth first.
func Walk(n Node, fn func(Node) bool) {
	if n == nil || !fn(n) {
		return
	}
	for _, c := range Children(n) {
		Walk(c, fn)
	}
}

// Rewrite rebuilds n bottom up: each node, its sub-expressions already
// rewritten, is replaced by fn's result.
func Rewrite(n Node, fn func(Node) Node) Node {
	if n == nil {
		return nil
	}
	all := func(ns []Node) []Node {
		out := make([]Node, len(ns))
		for i, c := range ns {
			out[i] = Rewrite(c, fn)
		}
		return out
	}
	switch v := n.(type) {
	case Unary:
		v.X = Rewrite(v.X, fn)
		n = v
	case Binary:
		v.L, v.R = Rewrite(v.L, fn), Rewrite(v.R, fn)
		n = v
	case Cond:
		n = Cond{Rewrite(v.If, fn), Rewrite(v.Then, fn), Rewrite(v.Else, fn)}
	case ListLit:
		n = ListLit{all(v.Elems)}
	case Call:
		n = Call{Name: v.Name, Args: all(v.Args)}
	}
	return fn(n)
}

// Parse parses an expression into the tree, with the functions of the
// expression language and without checking the identifiers (that needs
// the questionnaire: Load does it). Its error is in the words of the
// loader's problems.
func Parse(src string) (Node, error) {
	n, err := parseSyntax(src)
	if err != nil {
		return nil, err
	}
	return fromAST(n), nil
}

// fromAST converts expr-lang's syntax tree into the tree.
func fromAST(n ast.Node) Node {
	all := func(ns []ast.Node) []Node {
		out := make([]Node, len(ns))
		for i, c := range ns {
			out[i] = fromAST(c)
		}
		return out
	}
	switch v := n.(type) {
	case *ast.NilNode, *ast.ConstantNode:
		return NilLit{}
	case *ast.IntegerNode:
		return NumLit{Value: float64(v.Value)}
	case *ast.FloatNode:
		return NumLit{Value: v.Value}
	case *ast.StringNode:
		return StrLit{v.Value}
	case *ast.BoolNode:
		return BoolLit{v.Value}
	case *ast.IdentifierNode:
		return Ref{v.Value}
	case *ast.ChainNode:
		return fromAST(v.Node)
	case *ast.MemberNode:
		id, ok := v.Node.(*ast.IdentifierNode)
		prop, ok2 := v.Property.(*ast.StringNode)
		if !ok || !ok2 || v.Method {
			return Invalid{"member"}
		}
		return Member{Of: id.Value, Name: prop.Value}
	case *ast.UnaryNode:
		op := v.Operator
		if op == "!" {
			op = "not"
		}
		return Unary{Op: op, X: fromAST(v.Node)}
	case *ast.BinaryNode:
		op := v.Operator
		switch op {
		case "&&":
			op = "and"
		case "||":
			op = "or"
		case "^":
			op = "**"
		}
		return Binary{Op: op, L: fromAST(v.Left), R: fromAST(v.Right)}
	case *ast.ConditionalNode:
		return Cond{fromAST(v.Cond), fromAST(v.Exp1), fromAST(v.Exp2)}
	case *ast.ArrayNode:
		return ListLit{all(v.Nodes)}
	case *ast.CallNode:
		name := ""
		if id, ok := v.Callee.(*ast.IdentifierNode); ok {
			name = id.Value
		}
		return Call{Name: name, Args: all(v.Arguments)}
	case *ast.BuiltinNode:
		return Invalid{"builtin " + v.Name}
	}
	return Invalid{strings.TrimPrefix(fmt.Sprintf("%T", n), "*ast.")}
}

// resolve turns each Member into Get (a matrix row) or Attr (choice.<name>
// when no question is called "choice").
func resolve(n Node, sl slots) Node {
	_, choiceIsSlot := sl["choice"]
	return Rewrite(n, func(c Node) Node {
		m, ok := c.(Member)
		switch {
		case !ok:
			return c
		case m.Of == "choice" && !choiceIsSlot:
			return Attr{m.Name}
		}
		return Get{ID: m.Of, Row: m.Name}
	})
}

// TreeJSON is the JSON form of a resolved tree (ExprJSONVersion; the
// forms are listed at program.AST).
func TreeJSON(n Node) any {
	all := func(head []any, ns []Node) []any {
		for _, c := range ns {
			head = append(head, TreeJSON(c))
		}
		return head
	}
	switch v := n.(type) {
	case NumLit:
		return []any{"num", v.Value}
	case StrLit:
		return []any{"str", v.Value}
	case BoolLit:
		return []any{"bool", v.Value}
	case Ref:
		return []any{"id", v.Name}
	case Get:
		return []any{"get", v.ID, v.Row}
	case Attr:
		return []any{"attr", v.Name}
	case Unary:
		switch v.Op {
		case "-":
			return []any{"neg", TreeJSON(v.X)}
		case "+":
			return TreeJSON(v.X)
		}
		return []any{"not", TreeJSON(v.X)}
	case Binary:
		return []any{"op", v.Op, TreeJSON(v.L), TreeJSON(v.R)}
	case Cond:
		return []any{"if", TreeJSON(v.If), TreeJSON(v.Then), TreeJSON(v.Else)}
	case ListLit:
		return all([]any{"arr"}, v.Elems)
	case Call:
		return all([]any{"call", v.Name}, v.Args)
	}
	return []any{"nil"}
}
