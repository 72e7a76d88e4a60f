package questionnaires

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
)

// Cascading selects: a single_choice or multi_choice question may have a
// choice_filter, an expression over the other answers and the attributes
// of each choice (choice.<attribute>, choice.id), which decides the
// choices offered. A choice whose filter is false or missing is not
// offered: the pages hide it and validation refuses it.

// reAttrName is a choice attribute's name: a name member access can read.
var reAttrName = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// maxAttrs bounds the attributes of one choice.
const maxAttrs = 20

// choiceAttrs reads a choice's attrs: a mapping of names to scalars
// (numbers and booleans are kept as their text).
func (l *loader) choiceAttrs(co *obj, path string) map[string]string {
	n := co.n.get("attrs")
	if n == nil || n.kind == kindNull {
		return nil
	}
	path = join(path, "attrs")
	if n.kind != kindMapping {
		l.errAt(n, path, "must be a mapping of attribute names to values, e.g. {region: north}")
		return nil
	}
	if len(n.keys) > maxAttrs {
		l.errAt(n, path, "more than %d attributes", maxAttrs)
		return nil
	}
	out := make(map[string]string, len(n.keys))
	for i, k := range n.keys {
		name, _ := k.val.(string)
		if !reAttrName.MatchString(name) || name == "id" {
			l.errAt(k, path, "attribute name %q must be lower case letters, digits and _ (and not id)", name)
			continue
		}
		v := n.items[i]
		if v.kind != kindScalar || v.val == nil {
			l.errAt(v, join(path, name), "must be a text, a number or a boolean")
			continue
		}
		s := fmt.Sprint(v.val)
		if len(s) > maxTextLen {
			l.errAt(v, join(path, name), "is longer than %d bytes", maxTextLen)
			continue
		}
		out[name] = s
	}
	return out
}

// filterAttrs are the attribute names the choices of qu have.
func filterAttrs(qu *Question) map[string]bool {
	names := map[string]bool{"id": true}
	for _, c := range qu.Choices {
		for k := range c.Attrs {
			names[k] = true
		}
	}
	return names
}

// attrList names the attributes for messages.
func attrList(names map[string]bool) string {
	var out []string
	for n := range names {
		out = append(out, "choice."+n)
	}
	sort.Strings(out)
	return fmt.Sprint(out)
}

// compileFilter compiles qu's choice_filter.
func (l *loader) compileFilter(q *Questionnaire, qu *Question, env map[string]any) {
	p := l.qpos[qu]
	if !qu.Type.IsChoice() || qu.ChoicesFrom != "" {
		l.add(lineOfKey(p.n, "choice_filter"), join(p.path, "choice_filter"), "choice_filter applies to single_choice and multi_choice with their own choices only")
		return
	}
	if q.byID["choice"] != nil || q.indByID["choice"] != nil {
		l.add(lineOfKey(p.n, "choice_filter"), join(p.path, "choice_filter"), "choice_filter reads the choice as choice.<attribute>: rename the question or indicator with id choice")
		return
	}
	fenv := make(map[string]any, len(env)+1)
	for k, v := range env {
		fenv[k] = v
	}
	fenv["choice"] = map[string]string{}
	qu.prog.filter = l.expressionAttrs(q, qu.ChoiceFilter, p, exprChoiceFilter, fenv, qu.ID, filterAttrs(qu))
}

// choiceReader is the closure of choice.<attr> in a choice_filter.
func choiceReader(attr string) fn {
	return func(c *xctx) xv {
		if c.choice == nil {
			return missing
		}
		if attr == "id" {
			return xv{k: xstr, s: c.choice.ID}
		}
		if s, ok := c.choice.Attrs[attr]; ok && s != "" {
			return xv{k: xstr, s: s}
		}
		return missing
	}
}

// ChoiceFilterAST is the compiled choice_filter as JSON (see program.AST;
// choice.<attr> is ["attr", name]), or nil.
func (qu *Question) ChoiceFilterAST() json.RawMessage { return qu.prog.filter.AST() }

// HasChoiceFilter reports whether the choices offered depend on other answers.
func (qu *Question) HasChoiceFilter() bool { return qu.prog.filter != nil }

// ChoiceOffered reports whether the question's choice_filter offers the
// choice given the evaluated answers: always without a filter, never when
// the filter is false or cannot be decided.
func (e *Evaluation) ChoiceOffered(qu *Question, ch *Choice) bool {
	p := qu.prog.filter
	if p == nil {
		return true
	}
	e.ctx.choice = ch
	ok, known := p.test(&e.ctx)
	e.ctx.choice = nil
	return known && ok
}

// filteredOut returns the first selected choice of v that the question's
// choice_filter does not offer.
func (e *Evaluation) filteredOut(qu *Question, v Value) (string, bool) {
	if qu.prog.filter == nil {
		return "", false
	}
	ids := v.List
	if v.Kind == KindString {
		ids = []string{v.Str}
	}
	for _, id := range ids {
		if ch := qu.Choice(id); ch != nil && !e.ChoiceOffered(qu, ch) {
			return id, true
		}
	}
	return "", false
}

// CheckChoiceFilters reports the answers that choose a choice their
// question's choice_filter does not offer given the other answers, by
// question id. Validate checks it on submission; fill-in workbooks, whose
// dropdowns hold the full lists, check it on import.
func (q *Questionnaire) CheckChoiceFilters(a Answers, lang string) FieldErrors {
	var fe FieldErrors
	var e *Evaluation
	for _, qu := range q.questions {
		if qu.prog.filter == nil {
			continue
		}
		v, ok := a[qu.ID]
		if !ok {
			continue
		}
		if e == nil {
			e = q.Evaluate(a)
			defer e.Release()
		}
		if !e.Relevant(qu) {
			continue
		}
		if id, out := e.filteredOut(qu, v); out {
			fe = fe.add(qu.ID, msg(lang, msgChoiceFiltered, id))
		}
	}
	return fe
}
