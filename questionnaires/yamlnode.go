package questionnaires

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// nodeKind is the shape of a YAML node.
type nodeKind int

const (
	kindNull nodeKind = iota
	kindScalar
	kindMapping
	kindSequence
)

func (k nodeKind) String() string {
	switch k {
	case kindNull:
		return "null"
	case kindScalar:
		return "a scalar"
	case kindMapping:
		return "a mapping"
	default:
		return "a list"
	}
}

// node is a YAML (or JSON) value with the line it starts on. The loader
// walks nodes rather than decoding into structs so that it can report
// every problem, each with its line and path, instead of the first one.
type node struct {
	kind  nodeKind
	line  int
	val   any // scalar: string, int64, float64 or bool
	keys  []*node
	items []*node // mapping values (parallel to keys) or list items
}

// maxYAMLDepth bounds nesting so that hostile documents cannot exhaust the
// stack or, in the parser, memory (see yamlguard.go).
const maxYAMLDepth = 64

// parseYAML parses src into a node tree. Aliases are resolved; merge keys
// and multi-document streams are errors. Documents that would make the
// parser exhaust memory are refused before it runs (see yamlguard.go).
func parseYAML(src []byte) (*node, error) {
	if err := prescanYAML(src); err != nil {
		return nil, err
	}
	tokens, err := tokenizeYAML(string(src))
	if err != nil {
		return nil, err
	}
	if err := checkYAMLTokens(tokens); err != nil {
		return nil, err
	}
	f, err := parser.Parse(tokens, 0)
	if err != nil {
		var ye interface{ GetToken() *token.Token }
		msg := err.Error()
		if se, ok := err.(interface{ GetMessage() string }); ok {
			msg = se.GetMessage()
		}
		line := 0
		if errors.As(err, &ye) && ye.GetToken() != nil {
			line = ye.GetToken().Position.Line
		}
		return nil, &lineError{line: line, msg: "invalid YAML: " + msg}
	}
	if len(f.Docs) == 0 || f.Docs[0].Body == nil {
		return &node{kind: kindNull, line: 1}, nil
	}
	if len(f.Docs) > 1 {
		return nil, &lineError{line: line(f.Docs[1].Body), msg: "only one YAML document is allowed"}
	}
	c := converter{anchors: map[string]ast.Node{}}
	return c.convert(f.Docs[0].Body, 0)
}

// maxYAMLNodes bounds the nodes of a document after aliases are expanded,
// so that aliases of aliases ("billion laughs") cannot exhaust memory.
const maxYAMLNodes = 200000

// lineError is a problem found while parsing, before paths exist.
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return fmt.Sprintf("%d: %s", e.line, e.msg) }

type converter struct {
	anchors map[string]ast.Node
	nodes   int
}

func line(n ast.Node) int {
	if n == nil || n.GetToken() == nil {
		return 0
	}
	return n.GetToken().Position.Line
}

func (c *converter) convert(n ast.Node, depth int) (*node, error) {
	if depth > maxYAMLDepth {
		return nil, &lineError{line: line(n), msg: "nesting is too deep"}
	}
	if c.nodes++; c.nodes > maxYAMLNodes {
		return nil, &lineError{line: line(n), msg: fmt.Sprintf("document too large: more than %d values once aliases are expanded", maxYAMLNodes)}
	}
	ln := line(n)
	switch v := n.(type) {
	case nil:
		return &node{kind: kindNull}, nil
	case *ast.DocumentNode:
		return c.convert(v.Body, depth)
	case *ast.NullNode:
		return &node{kind: kindNull, line: ln}, nil
	case *ast.StringNode:
		return &node{kind: kindScalar, line: ln, val: v.Value}, nil
	case *ast.LiteralNode:
		return &node{kind: kindScalar, line: ln, val: v.Value.Value}, nil
	case *ast.IntegerNode:
		switch i := v.Value.(type) {
		case int64:
			return &node{kind: kindScalar, line: ln, val: i}, nil
		case uint64:
			if i > math.MaxInt64 {
				return &node{kind: kindScalar, line: ln, val: float64(i)}, nil
			}
			return &node{kind: kindScalar, line: ln, val: int64(i)}, nil
		}
		return nil, &lineError{line: ln, msg: "invalid integer"}
	case *ast.FloatNode:
		return &node{kind: kindScalar, line: ln, val: v.Value}, nil
	case *ast.InfinityNode:
		return &node{kind: kindScalar, line: ln, val: v.Value}, nil
	case *ast.NanNode:
		return &node{kind: kindScalar, line: ln, val: math.NaN()}, nil
	case *ast.BoolNode:
		return &node{kind: kindScalar, line: ln, val: v.Value}, nil
	case *ast.TagNode:
		return c.tagged(v, depth)
	case *ast.AnchorNode:
		if name := v.Name.GetToken(); name != nil {
			c.anchors[name.Value] = v.Value
		}
		return c.convert(v.Value, depth+1)
	case *ast.AliasNode:
		name := ""
		if v.Value != nil && v.Value.GetToken() != nil {
			name = v.Value.GetToken().Value
		}
		target, ok := c.anchors[name]
		if !ok {
			return nil, &lineError{line: ln, msg: fmt.Sprintf("unknown alias %q", name)}
		}
		out, err := c.convert(target, depth+1)
		if err != nil {
			return nil, err
		}
		cp := *out
		cp.line = ln
		return &cp, nil
	case *ast.MappingNode:
		out := &node{kind: kindMapping, line: ln}
		for _, mv := range v.Values {
			if err := c.pair(out, mv, depth); err != nil {
				return nil, err
			}
		}
		if len(v.Values) > 0 {
			out.line = line(v.Values[0].Key)
		}
		return out, nil
	case *ast.MappingValueNode:
		out := &node{kind: kindMapping, line: line(v.Key)}
		if err := c.pair(out, v, depth); err != nil {
			return nil, err
		}
		return out, nil
	case *ast.SequenceNode:
		out := &node{kind: kindSequence, line: ln}
		for _, it := range v.Values {
			item, err := c.convert(it, depth+1)
			if err != nil {
				return nil, err
			}
			out.items = append(out.items, item)
		}
		return out, nil
	}
	return nil, &lineError{line: ln, msg: fmt.Sprintf("unsupported YAML node %s", n.Type())}
}

func (c *converter) tagged(v *ast.TagNode, depth int) (*node, error) {
	inner, err := c.convert(v.Value, depth+1)
	if err != nil {
		return nil, err
	}
	tag := ""
	if v.Start != nil {
		tag = v.Start.Value
	}
	switch tag {
	case "!!str":
		if inner.kind == kindScalar || inner.kind == kindNull {
			s := ""
			if inner.val != nil {
				s = scalarString(inner.val)
			}
			return &node{kind: kindScalar, line: inner.line, val: s}, nil
		}
	case "!!int", "!!float", "!!bool", "!!map", "!!seq", "!!null":
		return inner, nil
	}
	return nil, &lineError{line: line(v), msg: fmt.Sprintf("unsupported YAML tag %q", tag)}
}

func (c *converter) pair(out *node, mv *ast.MappingValueNode, depth int) error {
	if mv.Key == nil || mv.Key.IsMergeKey() {
		return &lineError{line: line(mv), msg: "merge keys (<<) are not supported"}
	}
	k, err := c.convert(mv.Key, depth+1)
	if err != nil {
		return err
	}
	if k.kind != kindScalar {
		return &lineError{line: k.line, msg: "mapping keys must be scalars"}
	}
	key := scalarString(k.val)
	for _, prev := range out.keys {
		if prev.val == key {
			return &lineError{line: k.line, msg: fmt.Sprintf("duplicate key %q", key)}
		}
	}
	k.val = key
	v, err := c.convert(mv.Value, depth+1)
	if err != nil {
		return err
	}
	if v.kind == kindNull && v.line == 0 {
		v.line = k.line
	}
	out.keys = append(out.keys, k)
	out.items = append(out.items, v)
	return nil
}

func scalarString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

// get returns the value of key in a mapping node, or nil.
func (n *node) get(key string) *node {
	for i, k := range n.keys {
		if k.val == key {
			return n.items[i]
		}
	}
	return nil
}

// toAny converts the node to plain Go values (map[string]any, []any,
// string, float64, bool, nil), the shape encoding/json produces.
func (n *node) toAny() any {
	switch n.kind {
	case kindMapping:
		m := make(map[string]any, len(n.keys))
		for i, k := range n.keys {
			m[k.val.(string)] = n.items[i].toAny()
		}
		return m
	case kindSequence:
		s := make([]any, len(n.items))
		for i, it := range n.items {
			s[i] = it.toAny()
		}
		return s
	case kindScalar:
		if i, ok := n.val.(int64); ok {
			return float64(i)
		}
		return n.val
	}
	return nil
}
