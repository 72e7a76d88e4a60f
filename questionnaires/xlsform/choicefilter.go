package xlsform

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/assocbench/assocbench/questionnaires"
)

// Cascading selects. A choice_filter reads the columns of the choices
// sheet by their bare names (pastel = 'yes', region = ${region}) and the
// choice's own name as name; assocbench writes them choice.pastel,
// choice.region and choice.id, with the other columns of a choice as its
// attrs. Export writes the attrs back as columns of the choices sheet and
// the filter in ODK's spelling.

// xfChoiceColumns are the columns of the choices sheet that are not attributes.
var xfChoiceColumns = map[string]bool{"list_name": true, "name": true, "value": true, "points": true, "exclusive": true}

var xfReAttr = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// xfChoiceAttrs reads the attribute columns of a choices row: plain
// columns that are not list_name, name, label, points, exclusive or media,
// under names a choice_filter can read.
func xfChoiceAttrs(s *xfSheet, row int, nameCol string) map[string]string {
	r := s.rows[row-1]
	var out map[string]string
	for _, c := range s.cols {
		if c.lang != "" || xfChoiceColumns[c.base] || c.base == nameCol || strings.Contains(c.base, ":") || xfTextBases[c.base] || c.idx >= len(r) {
			continue
		}
		name := strings.ReplaceAll(c.base, "-", "_")
		v := strings.TrimSpace(r[c.idx])
		if v == "" || !xfReAttr.MatchString(name) || name == "id" || name == "image" || name == "audio" || name == "video" || name == "big_image" {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[name] = v
	}
	return out
}

// choiceFilter reads the choice_filter of a select question.
func (im *xfImporter) choiceFilter(s *xfSheet, row int, qu *xfQuestion) {
	if v, at := s.get(row, "assocbench_choice_filter"); v != "" {
		qu.at["choice_filter"] = at
		qu.choiceFilter = v // the assocbench spelling, kept by export
		return
	}
	v, at := s.get(row, "choice_filter")
	if v == "" {
		return
	}
	qu.at["choice_filter"] = at
	if len(qu.choices) == 0 {
		im.bad(at, "choice_filter applies to select_one and select_multiple questions with a list of the choices sheet")
		return
	}
	attrs := map[string]bool{}
	for _, c := range qu.choices {
		for k := range c.attrs {
			attrs[k] = true
		}
	}
	toks, err := xfTokens(v)
	if err != nil {
		im.bad(at, "choice_filter %q: %v", v, err)
		return
	}
	p := &xfParser{toks: toks, attrs: attrs}
	n, err := p.binary(0)
	if err == nil && p.peek().kind != xtEOF {
		err = p.unexpected(p.peek())
	}
	if err != nil {
		im.bad(at, "choice_filter %q: %v", v, err)
		return
	}
	for _, u := range p.unknown {
		im.warnings = append(im.warnings, fmt.Sprintf("%s: choice_filter %q: %s is not a column of the choices: read as the text '%s' (ODK reads it as an empty value)", at, v, u, u))
	}
	qu.choiceFilter = xfExpr(n)
}

// filterName is a bare name in a choice_filter: a column of the choices
// (choice.<attr>), name (choice.id), or else the text itself, noted in
// p.unknown.
func (p *xfParser) filterName(name string) node {
	switch {
	case name == "name":
		return member{Of: "choice", Name: "id"}
	case p.attrs[strings.ReplaceAll(name, "-", "_")]:
		return member{Of: "choice", Name: strings.ReplaceAll(name, "-", "_")}
	}
	if !slices.Contains(p.unknown, name) {
		p.unknown = append(p.unknown, name)
	}
	return strLit{Value: name}
}

// filterToXLSForm writes a choice_filter in ODK XPath (choice.id as name,
// choice.<attr> as the bare column name), and as it reads without the ODK
// translations: when the two differ, export keeps the original in
// assocbench_choice_filter.
func (x *xfExporter) filterToXLSForm(qu *questionnaires.Question) (odk, plain string, err error) {
	n, err := xfParseExpr(qu.ChoiceFilter)
	if err != nil {
		return "", "", err
	}
	o, err := x.odk(n)
	if err != nil {
		return "", "", fmt.Errorf("choice_filter %q: %w", qu.ChoiceFilter, err)
	}
	var b, p strings.Builder
	if err := writeXLSForm(&b, o); err != nil {
		return "", "", fmt.Errorf("choice_filter %q: %w", qu.ChoiceFilter, err)
	}
	if err := writeXLSForm(&p, n); err != nil {
		return "", "", fmt.Errorf("choice_filter %q: %w", qu.ChoiceFilter, err)
	}
	return b.String(), p.String(), nil
}

// attrColumns are the attribute names of all the choices, sorted: the
// extra columns of the choices sheet.
func attrColumns(q *questionnaires.Questionnaire) []string {
	seen := map[string]bool{}
	for _, qu := range q.Questions() {
		for _, c := range qu.Choices {
			for k := range c.Attrs {
				seen[k] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
