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

// mapNames rewrites the choice names that an expression compares with a
// select question into their ids. self is the question whose value "."
// is (constraints).
func (im *xfImporter) mapNames(n node, self string) node {
	return renameChoices(n, self, false, func(q, name string) (string, bool) {
		id, ok := im.renamed[im.selectList[q]][name]
		return id, ok
	})
}

// toExpr translates an XLSForm expression of question self into the
// expression language, mapping choice names.
func (im *xfImporter) toExpr(src string, constraint bool, self string) (string, error) {
	n, err := xfParse(src, constraint)
	if err != nil {
		return "", err
	}
	return xfExpr(im.mapNames(n, self)), nil
}

// restoreNames rewrites choice ids that an expression compares with a
// question into the names they were imported from.
func (x *xfExporter) restoreNames(n node, self string) node {
	return renameChoices(n, self, true, func(id, choice string) (string, bool) {
		qu := x.q.Question(id)
		if qu == nil {
			return "", false
		}
		out, ok := "", false
		for _, c := range qu.Choices {
			if c.ID == choice && c.Name != "" {
				out, ok = c.Name, true
			}
		}
		return out, ok
	})
}

// renameChoices rewrites the string literals compared with a question (q
// == 'x', 'x' != q, selected(q, 'x'), and with lists, q in ['x', 'y'])
// by rename(question, literal). self is the question "." (value) is.
func renameChoices(n node, self string, lists bool, rename func(q, s string) (string, bool)) node {
	fix := func(r, lit node) node {
		s, ok := lit.(strLit)
		id, isRef := r.(ref)
		if !ok || !isRef {
			return lit
		}
		q := id.Name
		if q == "value" {
			q = self
		}
		if to, ok := rename(q, s.Value); ok {
			return strLit{Value: to}
		}
		return lit
	}
	return questionnaires.Rewrite(n, func(c node) node {
		switch v := c.(type) {
		case binary:
			switch {
			case v.Op == "==" || v.Op == "!=":
				l, r := v.L, v.R
				v.R = fix(l, r)
				v.L = fix(r, l)
				return v
			case lists && v.Op == "in":
				if l, ok := v.R.(listLit); ok {
					elems := make([]node, len(l.Elems))
					for i, it := range l.Elems {
						elems[i] = fix(v.L, it)
					}
					v.R = listLit{Elems: elems}
				}
				return v
			}
		case call:
			if v.Name == "selected" && len(v.Args) == 2 {
				args := []node{v.Args[0], fix(v.Args[0], v.Args[1])}
				v.Args = args
			}
			return v
		}
		return c
	})
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
