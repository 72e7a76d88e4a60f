package xlsform

import (
	"bytes"
	"encoding/json"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/assocbench/assocbench/questionnaires"
)

// --- YAML output ----------------------------------------------------------

// xfYAML writes the definition as YAML, remembering for each line the cell it comes from.
type xfYAML struct {
	buf     bytes.Buffer
	origins []xfCell
	langs   []string
}

func (y *xfYAML) line(at xfCell, indent int, s string) {
	y.buf.WriteString(strings.Repeat(" ", indent))
	y.buf.WriteString(s)
	y.buf.WriteByte('\n')
	y.origins = append(y.origins, at)
}

func xfYAMLString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSpace(b.String())
}

// xfRequired stands for a missing required text, so that Load reports it
// where the text belongs.
func xfRequired(t questionnaires.Text) questionnaires.Text {
	if t == nil {
		return questionnaires.Text{}
	}
	return t
}

func xfYAMLNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// key writes "key: value"; first puts a "- " before the key (first key of a list item).
func (y *xfYAML) key(at xfCell, indent int, first bool, key, value string) {
	if first {
		y.line(at, indent-2, "- "+key+": "+value)
		return
	}
	y.line(at, indent, key+": "+value)
}

func (y *xfYAML) text(at xfCell, indent int, key string, t questionnaires.Text) {
	if t == nil {
		return
	}
	if len(t) == 0 {
		y.line(at, indent, key+": {}")
		return
	}
	y.line(at, indent, key+":")
	langs := slices.Clone(y.langs)
	var extra []string
	for l := range t {
		if !slices.Contains(langs, l) {
			extra = append(extra, l)
		}
	}
	slices.Sort(extra)
	for _, l := range append(langs, extra...) {
		if v, ok := t[l]; ok {
			y.line(at, indent+2, xfYAMLString(l)+": "+xfYAMLString(v))
		}
	}
}

func (y *xfYAML) scoring(at xfCell, indent int, sc *questionnaires.Scoring) {
	if sc == nil {
		return
	}
	y.line(at, indent, "scoring:")
	y.line(at, indent+2, "method: "+xfYAMLString(string(sc.Method)))
	if len(sc.Bands) > 0 {
		parts := make([]string, len(sc.Bands))
		for i, b := range sc.Bands {
			parts[i] = "[" + xfYAMLNumber(b.Threshold) + ", " + xfYAMLNumber(b.Points) + "]"
		}
		y.line(at, indent+2, "bands: ["+strings.Join(parts, ", ")+"]")
	}
	for _, p := range []struct {
		k string
		v *float64
	}{{"from", sc.From}, {"to", sc.To}, {"yes", sc.Yes}, {"no", sc.No}} {
		if p.v != nil {
			y.line(at, indent+2, p.k+": "+xfYAMLNumber(*p.v))
		}
	}
}

func (y *xfYAML) choices(listAt xfCell, indent int, key string, cs []xfChoice, withScore bool) {
	if len(cs) == 0 {
		return
	}
	y.line(listAt, indent, key+":")
	for _, c := range cs {
		y.key(c.at, indent+4, true, "id", xfYAMLString(c.id))
		if c.name != "" && key != "rows" {
			y.line(c.at, indent+4, "name: "+xfYAMLString(c.name))
		}
		y.text(c.at, indent+4, "label", xfRequired(c.label))
		if withScore && c.points != nil {
			y.line(c.at, indent+4, "points: "+xfYAMLNumber(*c.points))
		}
		if withScore && c.exclusive {
			y.line(c.at, indent+4, "exclusive: true")
		}
		if len(c.attrs) > 0 && key != "rows" {
			names := make([]string, 0, len(c.attrs))
			for k := range c.attrs {
				names = append(names, k)
			}
			sort.Strings(names)
			parts := make([]string, len(names))
			for i, k := range names {
				parts[i] = k + ": " + xfYAMLString(c.attrs[k])
			}
			y.line(c.at, indent+4, "attrs: {"+strings.Join(parts, ", ")+"}")
		}
	}
}

// yaml renders the definition; origins[i] is the cell of line i+1.
func (doc *xfDoc) yaml(langs []string) ([]byte, []xfCell) {
	y := &xfYAML{langs: langs}
	top := doc.top
	y.line(top, 0, "# Imported from an XLSForm workbook by assocbench.")
	y.line(doc.at["id"], 0, "id: "+xfYAMLString(doc.id))
	y.line(doc.at["version"], 0, "version: "+xfYAMLString(doc.version))
	y.line(doc.at["area"], 0, "area: "+xfYAMLString(doc.area))
	if len(doc.impact) > 0 {
		parts := make([]string, len(doc.impact))
		for i, s := range doc.impact {
			parts[i] = xfYAMLString(s)
		}
		y.line(doc.at["impact_areas"], 0, "impact_areas: ["+strings.Join(parts, ", ")+"]")
	}
	y.text(doc.at["title"], 0, "title", doc.title)
	y.text(doc.at["description"], 0, "description", doc.description)
	parts := make([]string, len(langs))
	for i, l := range langs {
		parts[i] = xfYAMLString(l)
	}
	y.line(top, 0, "languages: ["+strings.Join(parts, ", ")+"]")
	y.line(top, 0, "sections:")
	for _, s := range doc.sections {
		y.key(s.at["id"], 4, true, "id", xfYAMLString(s.id))
		y.text(s.at["title"], 4, "title", s.title)
		y.text(s.at["description"], 4, "description", s.desc)
		if s.weight != nil {
			y.line(s.at["weight"], 4, "weight: "+xfYAMLNumber(*s.weight))
		}
		y.line(s.row, 4, "questions:")
		for _, qu := range s.questions {
			at := func(k string) xfCell {
				if c, ok := qu.at[k]; ok {
					return c
				}
				return qu.row
			}
			y.key(at("id"), 8, true, "id", xfYAMLString(qu.id))
			y.line(at("type"), 8, "type: "+xfYAMLString(qu.typ))
			y.text(at("label"), 8, "label", xfRequired(qu.label))
			y.text(at("hint"), 8, "hint", qu.hint)
			y.text(at("unit"), 8, "unit", qu.unit)
			if qu.required {
				y.line(at("required"), 8, "required: true")
			}
			if qu.weight != nil {
				y.line(at("weight"), 8, "weight: "+xfYAMLNumber(*qu.weight))
			}
			if qu.relevant != "" {
				y.line(at("relevant"), 8, "relevant: "+xfYAMLString(qu.relevant))
			}
			if qu.constraint != "" {
				y.line(at("constraint"), 8, "constraint: "+xfYAMLString(qu.constraint))
			}
			if qu.choiceFilter != "" {
				y.line(at("choice_filter"), 8, "choice_filter: "+xfYAMLString(qu.choiceFilter))
			}
			y.text(at("constraint_message"), 8, "constraint_message", qu.cmsg)
			if qu.min != nil {
				y.line(at("min"), 8, "min: "+xfYAMLNumber(*qu.min))
			}
			if qu.max != nil {
				y.line(at("max"), 8, "max: "+xfYAMLNumber(*qu.max))
			}
			if qu.maxLength > 0 {
				y.line(at("max_length"), 8, "max_length: "+strconv.Itoa(qu.maxLength))
			}
			if qu.choicesFrom != "" {
				y.line(at("choices_from"), 8, "choices_from: "+xfYAMLString(qu.choicesFrom))
			}
			y.choices(qu.choicesListAt, 8, "choices", qu.choices, true)
			if len(qu.levels) > 0 {
				y.line(qu.choicesListAt, 8, "levels:")
				for _, lv := range qu.levels {
					if lv.label == nil {
						y.line(lv.at, 10, "- {}")
						continue
					}
					first := true
					for _, l := range langs {
						if v, ok := lv.label[l]; ok {
							if first {
								y.line(lv.at, 10, "- "+xfYAMLString(l)+": "+xfYAMLString(v))
								first = false
							} else {
								y.line(lv.at, 12, xfYAMLString(l)+": "+xfYAMLString(v))
							}
						}
					}
				}
			}
			y.choices(at("rows"), 8, "rows", qu.rows, false)
			if qu.allowNA {
				y.line(at("allow_na"), 8, "allow_na: true")
			}
			y.scoring(at("scoring"), 8, qu.scoring)
		}
	}
	if len(doc.indicators) > 0 {
		y.line(top, 0, "indicators:")
		for _, in := range doc.indicators {
			at := func(k string) xfCell {
				if c, ok := in.at[k]; ok {
					return c
				}
				return in.row
			}
			y.key(at("id"), 4, true, "id", xfYAMLString(in.id))
			y.line(in.row, 4, "section: "+xfYAMLString(in.section))
			y.text(at("label"), 4, "label", in.label)
			y.text(at("hint"), 4, "hint", in.hint)
			y.text(at("unit"), 4, "unit", in.unit)
			y.line(at("expr"), 4, "expr: "+xfYAMLString(in.expr))
			if in.weight != nil {
				y.line(at("weight"), 4, "weight: "+xfYAMLNumber(*in.weight))
			}
			y.scoring(at("scoring"), 4, in.scoring)
		}
	}
	if len(doc.levels) > 0 {
		y.line(doc.at["area"], 0, "maturity_levels:")
		for _, lv := range doc.levels {
			at := func(k string) xfCell {
				if c, ok := lv.at[k]; ok {
					return c
				}
				return lv.row
			}
			y.key(at("id"), 4, true, "id", xfYAMLString(lv.id))
			if lv.min != nil {
				y.line(at("min"), 4, "min: "+xfYAMLNumber(*lv.min))
			}
			y.text(at("label"), 4, "label", xfRequired(lv.label))
			y.text(at("description"), 4, "description", lv.description)
		}
	}
	return y.buf.Bytes(), y.origins
}
