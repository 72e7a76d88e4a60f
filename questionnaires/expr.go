package questionnaires

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/file"
)

// Bounds on expressions: a definition uploaded by an administrator must not
// be able to make the server work without end.
const (
	maxExprLen   = 1000
	maxExprNodes = 200
)

// helperNames are the only functions an expression may call.
var helperNames = map[string]bool{
	"selected": true, "count": true, "answered": true, "sum": true, "min": true,
	"max": true, "ratio": true, "hhi": true, "abs": true, "round": true,
	// from ODK XPath (exprodk.go)
	"mod": true, "today": true, "string_length": true, "int": true, "number": true,
	"concat": true, "selected_at": true, "boolean": true, "regex": true,
}

// allowedOperators are the binary operators an expression may use.
var allowedOperators = map[string]bool{
	"+": true, "-": true, "*": true, "/": true, "**": true, "^": true,
	"==": true, "!=": true, "<": true, "<=": true, ">": true, ">=": true,
	"and": true, "or": true, "&&": true, "||": true, "in": true, "??": true,
}

// program is one compiled expression.
type program struct {
	src  string
	tree Node // resolved (tree.go)
	eval fn   // the generic closure, the reference (exprc.go)
	// test and number are the typed fast paths of the same expression as
	// a condition and as a number (exprfast.go), which Evaluate runs.
	test   pred
	number numFn
	ast    json.RawMessage
	deps   []string
	today  bool // calls today()
}

// programs are the compiled expressions of a question.
type programs struct {
	relevant   *program
	constraint *program
	filter     *program // choice_filter
}

type exprKind int

const (
	exprRelevant exprKind = iota
	exprConstraint
	exprIndicator
	exprChoiceFilter
)

func (k exprKind) key() string {
	switch k {
	case exprRelevant:
		return "relevant"
	case exprConstraint:
		return "constraint"
	case exprChoiceFilter:
		return "choice_filter"
	}
	return "expr"
}

// checkStub stands for a helper during type checking: expr-lang only needs
// to know the name exists and returns a value of unknown type. Evaluation
// uses xhelpers (exprc.go).
func checkStub(...any) (any, error) { return nil, nil }

// helperArity is the least and the most arguments each helper takes
// (-1: no most).
var helperArity = map[string][2]int{
	"selected": {2, 2}, "count": {1, 1}, "answered": {1, 1}, "sum": {1, -1}, "min": {1, -1}, "max": {1, -1},
	"ratio": {2, 2}, "hhi": {1, -1}, "abs": {1, 1}, "round": {1, 2},
	"mod": {2, 2}, "today": {0, 0}, "string_length": {1, 1}, "int": {1, 1}, "number": {1, 1},
	"concat": {1, -1}, "selected_at": {2, 2}, "boolean": {1, 1}, "regex": {2, 2},
}

func exprOptions(env map[string]any) []expr.Option {
	opts := []expr.Option{expr.Env(env), expr.DisableAllBuiltins(), expr.MaxNodes(maxExprNodes)}
	names := make([]string, 0, len(helperNames))
	for n := range helperNames {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		opts = append(opts, expr.Function(n, checkStub))
	}
	return opts
}

// sampleValue is a value of the type a question has in expressions, used
// to type-check expressions at load time.
func sampleValue(t Type) any {
	switch t {
	case TypeMultiChoice:
		return []string{}
	case TypeMatrix:
		return map[string]float64{}
	case TypeSingleChoice, TypeYesNo, TypeText, TypeLongText, TypeDate:
		return ""
	default:
		return 0.0
	}
}

// compile checks and compiles every expression, orders the indicators by
// their dependencies and reports cycles.
func (l *loader) compile(q *Questionnaire) {
	env := map[string]any{}
	for _, qu := range q.questions {
		if qu.Type != TypeNote {
			env[qu.ID] = sampleValue(qu.Type)
		}
	}
	for _, in := range q.Indicators {
		env[in.ID] = 0.0
	}
	sl := slots{}
	for i, qu := range q.questions {
		sl[qu.ID] = slot{index: i}
	}
	for i, in := range q.Indicators {
		sl[in.ID] = slot{indicator: true, index: i}
	}
	q.slots = sl
	l.slots = sl
	for _, qu := range q.questions {
		p := l.qpos[qu]
		if qu.Relevant != "" {
			qu.prog.relevant = l.expression(q, qu.Relevant, p, exprRelevant, env, qu.ID)
		}
		if qu.Constraint != "" {
			cenv := make(map[string]any, len(env)+1)
			for k, v := range env {
				cenv[k] = v
			}
			cenv["value"] = sampleValue(qu.Type)
			qu.prog.constraint = l.expression(q, qu.Constraint, p, exprConstraint, cenv, "")
		}
		if qu.ChoiceFilter != "" {
			l.compileFilter(q, qu, env)
		}
	}
	for _, in := range q.Indicators {
		p := l.ipos[in]
		if in.Expr != "" {
			in.prog = l.expression(q, in.Expr, p, exprIndicator, env, in.ID)
			if in.prog != nil {
				in.deps = in.prog.deps
			}
		}
	}
	l.orderIndicators(q)
	l.checkToday(q)
}

// checkToday refuses today() in the relevance of a question that feeds the
// scores: a scored question, one an indicator reads, or one the relevance
// of such a question reads (and so on), so that re-scoring the same
// answers never depends on the date.
func (l *loader) checkToday(q *Questionnaire) {
	feeds := map[string]bool{}
	var work []string
	mark := func(id string) {
		if qu := q.byID[id]; qu != nil && !feeds[id] {
			feeds[id] = true
			work = append(work, id)
		}
	}
	for _, qu := range q.questions {
		if q.Scored() && qu.Method() != MethodNone {
			mark(qu.ID)
		}
	}
	for _, in := range q.Indicators {
		for _, d := range in.deps {
			mark(d)
		}
	}
	for len(work) > 0 {
		qu := q.byID[work[len(work)-1]]
		work = work[:len(work)-1]
		if p := qu.prog.relevant; p != nil {
			for _, d := range p.deps {
				mark(d)
			}
		}
	}
	for _, qu := range q.questions {
		if p := qu.prog.relevant; p != nil && p.today && feeds[qu.ID] {
			pos := l.qpos[qu]
			l.add(lineOfKey(pos.n, "relevant"), join(pos.path, "relevant"), "expression %q: today() cannot decide the relevance of %s, which feeds the scores: re-scoring must not depend on the date", p.src, qu.ID)
		}
	}
}

func lineOfKey(n *node, key string) int {
	for _, k := range n.keys {
		if k.val == key {
			return k.line
		}
	}
	return n.line
}

// expression validates the syntax tree against the whitelist, then
// compiles with expr's type checker.
func (l *loader) expression(q *Questionnaire, src string, p pos, kind exprKind, env map[string]any, self string) *program {
	return l.expressionAttrs(q, src, p, kind, env, self, nil)
}

// expressionAttrs is expression with the choice attributes a
// choice_filter may read.
func (l *loader) expressionAttrs(q *Questionnaire, src string, p pos, kind exprKind, env map[string]any, self string, attrs map[string]bool) *program {
	ln := lineOfKey(p.n, kind.key())
	path := join(p.path, kind.key())
	if len(src) > maxExprLen {
		l.add(ln, path, "expression is longer than %d characters", maxExprLen)
		return nil
	}
	opts := exprOptions(env)
	tree, err := Parse(src)
	if err != nil {
		l.add(ln, path, "expression %q does not compile: %s", src, err)
		return nil
	}
	w := &whitelist{q: q, kind: kind, env: env, attrs: attrs}
	w.walk(tree)
	if len(w.problems) > 0 {
		for _, m := range w.problems {
			l.add(ln, path, "expression %q: %s", src, m)
		}
		return nil
	}
	if self != "" && slices.Contains(w.deps, self) {
		l.add(ln, path, "expression %q refers to %s itself", src, self)
		return nil
	}
	if kind != exprIndicator {
		opts = append(opts, expr.AsBool())
	}
	if _, err := expr.Compile(src, opts...); err != nil {
		l.add(ln, path, "expression %q does not compile: %s", src, exprMessage(err))
		return nil
	}
	tree = resolve(tree, l.slots)
	eval, js := compileTree(tree, l.slots), TreeJSON(tree)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err = enc.Encode(js)
	raw := json.RawMessage(bytes.TrimSpace(buf.Bytes()))
	if err != nil {
		l.add(ln, path, "expression %q: %v", src, err)
		return nil
	}
	prog := &program{src: src, tree: tree, eval: eval, ast: raw, deps: w.deps, today: w.today}
	if kind == exprIndicator {
		prog.number = numTree(tree, l.slots)
	} else {
		prog.test = predTree(tree, l.slots)
	}
	return prog
}

func exprMessage(err error) string {
	var fe *file.Error
	if errors.As(err, &fe) {
		return fmt.Sprintf("%s (column %d)", typeWords(fe.Message), fe.Column+1)
	}
	msg := err.Error()
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return msg
}

// reMismatch is expr-lang's message for operands of the wrong types.
var reMismatch = regexp.MustCompile(`^invalid operation: (\S+) \(mismatched types (\S+) and (\S+)\)$`)

// exprTypeWords name expr-lang's types as the questions they come from.
var exprTypeWords = map[string]string{
	"[]string": "a multi_choice answer", "map[string]float64": "a matrix answer",
	"string": "text", "float64": "a number", "int": "a number", "bool": "a condition",
}

// typeWords rewrites a type mismatch in the words of questions, with the
// usual fix for a multi_choice answer (a list of options), instead of Go
// type names.
func typeWords(msg string) string {
	m := reMismatch.FindStringSubmatch(msg)
	if m == nil || (m[2] != "[]string" && m[3] != "[]string" && m[2] != "map[string]float64" && m[3] != "map[string]float64") {
		return msg
	}
	word := func(t string) string {
		if w, ok := exprTypeWords[t]; ok {
			return w
		}
		return t
	}
	out := fmt.Sprintf("%s cannot take %s and %s", m[1], word(m[2]), word(m[3]))
	if m[2] == "[]string" || m[3] == "[]string" {
		out += ": a multi_choice answer is a list of options, test one with selected(q, 'option') or their number with count(q)"
	} else {
		out += ": a matrix answer is read row by row, as matrix.row"
	}
	return out
}

// whitelist walks an expression tree and rejects anything outside the
// safe subset: only known ids, helper calls, literals and plain operators.
type whitelist struct {
	q        *Questionnaire
	kind     exprKind
	env      map[string]any
	problems []string
	deps     []string
	today    bool            // the expression calls today()
	attrs    map[string]bool // choice_filter: the attributes of the choices
}

// checkArity checks the number of arguments of a call.
func (w *whitelist) checkArity(name string, n int) {
	ar := helperArity[name]
	switch {
	case ar[0] == ar[1] && n != ar[0]:
		w.bad("%s takes %d argument(s), not %d", name, ar[0], n)
	case n < ar[0] && ar[1] < 0:
		w.bad("%s needs at least %d argument(s)", name, ar[0])
	case n < ar[0] || (ar[1] >= 0 && n > ar[1]):
		w.bad("%s takes %d to %d arguments, not %d", name, ar[0], ar[1], n)
	}
}

// checkRegexCall checks that the pattern of regex(x, 'pattern') is a
// string literal in the syntax RE2 and JavaScript agree on.
func (w *whitelist) checkRegexCall(pn Node) {
	s, ok := pn.(StrLit)
	if !ok {
		w.bad("regex: the pattern must be a 'string' written in the expression")
		return
	}
	if _, err := checkRegex(s.Value); err != nil {
		w.bad("regex: pattern %q: %v", s.Value, err)
	}
}

func (w *whitelist) bad(format string, args ...any) {
	w.problems = append(w.problems, fmt.Sprintf(format, args...))
}

func (w *whitelist) ident(name string) {
	if _, ok := w.env[name]; !ok {
		if name == "value" && w.kind != exprConstraint {
			w.bad("value can be used in a constraint only")
			return
		}
		if w.q.byID[name] != nil {
			w.bad("%q is a note and has no value", name)
			return
		}
		w.bad("unknown id %q", name)
		return
	}
	if name != "value" && !slices.Contains(w.deps, name) {
		w.deps = append(w.deps, name)
	}
}

func (w *whitelist) walk(n Node) {
	switch v := n.(type) {
	case NilLit, NumLit, BoolLit, StrLit:
	case Ref:
		w.ident(v.Name)
	case Unary:
		switch v.Op {
		case "-", "+", "not":
		default:
			w.bad("operator %q is not allowed", v.Op)
		}
		w.walk(v.X)
	case Binary:
		if !allowedOperators[v.Op] {
			w.bad("operator %q is not allowed", v.Op)
		}
		w.walk(v.L)
		w.walk(v.R)
	case Cond, ListLit:
		for _, c := range Children(n) {
			w.walk(c)
		}
	case Member:
		w.member(v)
	case Call:
		if !helperNames[v.Name] {
			w.bad("only the functions %s can be called", helperList())
			return
		}
		w.checkArity(v.Name, len(v.Args))
		switch {
		case v.Name == "selected" && len(v.Args) == 2:
			w.checkSelected(v.Args[0], v.Args[1])
		case v.Name == "regex" && len(v.Args) == 2:
			w.checkRegexCall(v.Args[1])
		case v.Name == "today":
			w.today = true
			if w.kind == exprIndicator {
				w.bad("today() can be used in relevant and constraint only: a score or an indicator must not depend on the date")
			}
		}
		for _, a := range v.Args {
			w.walk(a)
		}
	case Invalid:
		switch {
		case v.What == "member":
			w.bad("member access is allowed on a matrix only, as matrix.row")
		case strings.HasPrefix(v.What, "builtin "):
			w.bad("function %q is not allowed; only %s can be called", strings.TrimPrefix(v.What, "builtin "), helperList())
		default:
			w.bad("%s is not allowed in expressions", v.What)
		}
	default:
		w.bad("%T is not allowed in expressions", n)
	}
}

// member checks matrix.row, or choice.<attribute> in a choice_filter.
func (w *whitelist) member(v Member) {
	if v.Of == "choice" && w.kind == exprChoiceFilter {
		if !w.attrs[v.Name] {
			w.bad("the choices have no attribute %q (they have %s)", v.Name, attrList(w.attrs))
		}
		return
	}
	qu := w.q.byID[v.Of]
	if qu == nil || qu.Type != TypeMatrix {
		w.bad("%q is not a matrix: member access is allowed on a matrix only", v.Of)
		return
	}
	if qu.Row(v.Name) == nil {
		w.bad("matrix %q has no row %q", v.Of, v.Name)
		return
	}
	w.ident(v.Of)
}

// checkSelected verifies selected(q, 'choice') names a choice question and one of its choices.
func (w *whitelist) checkSelected(qn, cn Node) {
	id, ok := qn.(Ref)
	if !ok {
		return
	}
	qu := w.q.byID[id.Name]
	if qu == nil {
		return // reported as unknown id
	}
	if !qu.Type.IsChoice() && qu.Type != TypeYesNo {
		w.bad("selected: %q is a %s, not a choice question", id.Name, qu.Type)
		return
	}
	c, ok := cn.(StrLit)
	if !ok {
		return
	}
	if qu.Type == TypeYesNo {
		if c.Value != "yes" && c.Value != "no" {
			w.bad("selected: %q has no choice %q", id.Name, c.Value)
		}
		return
	}
	if qu.ChoicesFrom == "" && qu.Choice(c.Value) == nil {
		w.bad("selected: %q has no choice %q", id.Name, c.Value)
	}
}

func helperList() string {
	names := make([]string, 0, len(helperNames))
	for n := range helperNames {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// orderIndicators sorts indicators so that each comes after the indicators
// it reads; a cycle is a problem on each indicator in it.
func (l *loader) orderIndicators(q *Questionnaire) {
	const (
		unvisited = iota
		visiting
		done
	)
	state := map[*Indicator]int{}
	var order []*Indicator
	var stack []*Indicator
	reported := map[*Indicator]bool{}
	var visit func(in *Indicator)
	visit = func(in *Indicator) {
		switch state[in] {
		case done:
			return
		case visiting:
			i := slices.Index(stack, in)
			cycle := stack[i:]
			names := make([]string, 0, len(cycle)+1)
			for _, c := range cycle {
				names = append(names, c.ID)
			}
			names = append(names, in.ID)
			if !reported[in] {
				p := l.ipos[in]
				l.add(lineOfKey(p.n, "expr"), join(p.path, "expr"), "indicators depend on each other in a cycle: %s", strings.Join(names, " -> "))
				for _, c := range cycle {
					reported[c] = true
				}
			}
			return
		}
		state[in] = visiting
		stack = append(stack, in)
		for _, d := range in.deps {
			if dep := q.indByID[d]; dep != nil {
				visit(dep)
			}
		}
		stack = stack[:len(stack)-1]
		state[in] = done
		order = append(order, in)
	}
	for _, in := range q.Indicators {
		visit(in)
	}
	q.indOrder = order
}
