package xlsform

import (
	"strings"

	"github.com/assocbench/assocbench/questionnaires"
)

// Choice names that are not ids. Real XLSForms often name their choices
// 1, 2, 10 or Yes; assocbench ids are lower-case letters, digits, '_' and
// '-', starting with a letter. Import maps such a name to an id with
// xfChoiceID and keeps the name in Choice.Name; the string literals that
// expressions compare with a question of that list (${q} = '1',
// selected(${q}, '1'), . = '1' in its constraint) are mapped the same way.
// Export writes the names back, in the choices sheet and in expressions,
// so that the round trip restores them.

// xfChoiceID is the id of a choice name: lower-cased, every run of other
// characters than letters, digits, '_' and '-' turned into '_', and "c"
// in front when it does not start with a letter ("1" -> "c1", "Yes" ->
// "yes", "1.5" -> "c1_5").
func xfChoiceID(name string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(strings.TrimSpace(name)) {
		ok := (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '_' || r == '-'
		switch {
		case ok:
			b.WriteRune(r)
			under = false
		case !under:
			b.WriteByte('_')
			under = true
		}
	}
	id := b.String()
	if id == "" || id[0] < 'a' || id[0] > 'z' {
		id = "c" + id
	}
	return id
}

// selectLists reads which list each select question of the survey sheet
// uses, before the rows are translated (expressions may name questions
// further down).
func (im *xfImporter) selectLists() {
	im.selectList = map[string]string{}
	s := im.sheets["survey"]
	if s == nil {
		return
	}
	for row := 2; row <= len(s.rows); row++ {
		typ, _ := s.get(row, "type")
		name, _ := s.get(row, "name")
		if t, problem := xfParseType(typ); problem == "" && t.list != "" && name != "" {
			im.selectList[name] = t.list
		}
	}
}

// mapNames rewrites, in place, the choice names that an expression
// compares with a select question into their ids. self is the question
// whose value "." is (constraints).
func (im *xfImporter) mapNames(n *xfNode, self string) {
	if n == nil {
		return
	}
	for _, a := range n.args {
		im.mapNames(a, self)
	}
	fix := func(ref, lit *xfNode) {
		if lit.kind != xnStr {
			return
		}
		q := ref.s
		switch ref.kind {
		case xnRef:
		case xnValue:
			q = self
		default:
			return
		}
		if id, ok := im.renamed[im.selectList[q]][lit.s]; ok {
			lit.s = id
		}
	}
	switch {
	case n.kind == xnBinary && (n.s == "==" || n.s == "!="):
		fix(n.args[0], n.args[1])
		fix(n.args[1], n.args[0])
	case n.kind == xnCall && n.s == "selected" && len(n.args) == 2:
		fix(n.args[0], n.args[1])
	}
}

// toExpr translates an XLSForm expression of question self into the
// expression language, mapping choice names.
func (im *xfImporter) toExpr(src string, constraint bool, self string) (string, error) {
	n, err := xfParse(src, constraint)
	if err != nil {
		return "", err
	}
	im.mapNames(n, self)
	return n.expr(), nil
}

// restoreNames rewrites, in place, choice ids that an expression compares
// with a question into the names they were imported from.
func (x *xfExporter) restoreNames(n *xfNode, self string) {
	for _, a := range n.args {
		x.restoreNames(a, self)
	}
	fix := func(ref, lit *xfNode) {
		if lit.kind != xnStr {
			return
		}
		id := ref.s
		switch ref.kind {
		case xnRef:
		case xnValue:
			id = self
		default:
			return
		}
		qu := x.q.Question(id)
		if qu == nil {
			return
		}
		for _, c := range qu.Choices {
			if c.ID == lit.s && c.Name != "" {
				lit.s = c.Name
			}
		}
	}
	switch {
	case n.kind == xnBinary && (n.s == "==" || n.s == "!="):
		fix(n.args[0], n.args[1])
		fix(n.args[1], n.args[0])
	case n.kind == xnBinary && n.s == "in" && n.args[1].kind == xnList:
		for _, it := range n.args[1].args {
			fix(n.args[0], it)
		}
	case n.kind == xnCall && n.s == "selected" && len(n.args) == 2:
		fix(n.args[0], n.args[1])
	}
}

// rename records that a choice name of a list became another id, and
// reports two names of the list that become the same id.
func (im *xfImporter) rename(list string, c xfChoice) {
	if im.renamed == nil {
		im.renamed = map[string]map[string]string{}
	}
	m := im.renamed[list]
	if m == nil {
		m = map[string]string{}
		im.renamed[list] = m
	}
	for name, id := range m {
		if id == c.id && name != c.name {
			im.bad(c.at, "choices %q and %q of list %q both become the id %q: rename one", name, c.name, list, c.id)
		}
	}
	for _, other := range im.lists[list] {
		if other.id == c.id && other.name == "" {
			im.bad(c.at, "choice %q of list %q becomes the id %q, which another choice has: rename one", c.name, list, c.id)
		}
	}
	m[c.name] = c.id
}

// xlsformName is the choice's name as the workbook writes it.
func (c xfChoice) xlsformName() string {
	if c.name != "" {
		return c.name
	}
	return c.id
}

// xfOtherLabels label the choice and the follow-up question that or_other adds.
var xfOtherLabels = map[string][2]string{
	"en": {"Other", "Specify other"}, "fr": {"Autre", "Précisez"}, "es": {"Otro", "Especifique"},
	"ar": {"أخرى", "حدد"}, "pt": {"Outro", "Especifique"},
}

// orOther gives a select question read from "select_one L or_other" its
// "other" choice (unless L has one) and returns the text question that
// follows it, NAME_other, relevant when "other" is selected: the form
// pyxform makes of it.
func (im *xfImporter) orOther(qu *xfQuestion, nat, tat xfCell) *xfQuestion {
	if qu.typ == string(questionnaires.TypeYesNo) {
		// yes, no or other is no longer a yes_no question
		qu.typ = string(questionnaires.TypeSingleChoice)
		qu.choices = []xfChoice{{id: "yes", label: questionnaires.Text{"en": "Yes"}, at: tat}, {id: "no", label: questionnaires.Text{"en": "No"}, at: tat}}
	}
	choice, label := questionnaires.Text{}, questionnaires.Text{}
	for _, l := range append([]string{questionnaires.DefaultLanguage}, im.langs...) {
		if w, ok := xfOtherLabels[l]; ok {
			choice[l], label[l] = w[0], w[1]
		}
	}
	has := false
	for _, c := range qu.choices {
		has = has || c.id == "other"
	}
	if !has {
		qu.choices = append(qu.choices, xfChoice{id: "other", label: choice, at: tat})
	}
	return &xfQuestion{
		id: qu.id + "_other", typ: string(questionnaires.TypeText), label: label,
		relevant: "selected(" + qu.id + ", 'other')",
		at:       map[string]xfCell{"id": nat, "type": tat, "label": tat, "relevant": tat},
		row:      tat,
	}
}
