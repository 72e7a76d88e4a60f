package xlsform

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/assocbench/assocbench/questionnaires"
)

// xfMaxCellChars is the most characters (UTF-16 units) an Excel cell holds;
// excelize would cut longer texts short.
const xfMaxCellChars = 32767

// xfYesNoLabels label the shared yes/no list of exported yes_no questions.
var xfYesNoLabels = map[string][2]string{
	"en": {"Yes", "No"}, "fr": {"Oui", "Non"}, "es": {"Sí", "No"}, "ar": {"نعم", "لا"},
	"pt": {"Sim", "Não"}, "de": {"Ja", "Nein"}, "it": {"Sì", "No"}, "nl": {"Ja", "Nee"},
	"ru": {"Да", "Нет"}, "zh": {"是", "否"}, "sw": {"Ndiyo", "Hapana"},
}

// xfLanguageHeader is the language part of a column name: "Français (fr)".
func xfLanguageHeader(code string) string {
	for _, l := range xfLanguageNames {
		if l.code == code {
			return l.native + " (" + code + ")"
		}
	}
	return code + " (" + code + ")"
}

// xfRow is one exported row: column key -> value (string or float64).
type xfRow map[string]any

// xfTable collects the rows of a sheet and writes the columns that are used.
type xfTable struct {
	sheet   string
	columns []string          // keys in order
	headers map[string]string // key -> header
	always  map[string]bool
	rows    []xfRow
}

func xfNewTable(sheet string) *xfTable {
	return &xfTable{sheet: sheet, headers: map[string]string{}, always: map[string]bool{}}
}

func (t *xfTable) column(key, header string, always bool) {
	t.columns = append(t.columns, key)
	t.headers[key] = header
	t.always[key] = always
}

// textColumns adds one column per language: key "base::code".
func (t *xfTable) textColumns(base string, langs []string, always bool) {
	for _, l := range langs {
		t.column(base+"::"+l, base+"::"+xfLanguageHeader(l), always)
	}
}

func xfSetText(r xfRow, base string, langs []string, tx questionnaires.Text) {
	if tx == nil {
		return
	}
	for _, l := range langs {
		if v, ok := tx[l]; ok && v != "" {
			r[base+"::"+l] = v
		}
	}
}

// write puts the table on its sheet: a bold, frozen header of the used
// columns, then the rows.
func (t *xfTable) write(f *excelize.File, bold int) error {
	var used []string
	for _, k := range t.columns {
		if t.always[k] {
			used = append(used, k)
			continue
		}
		for _, r := range t.rows {
			if _, ok := r[k]; ok {
				used = append(used, k)
				break
			}
		}
	}
	for _, r := range t.rows {
		for k := range r {
			if !slices.Contains(used, k) {
				return fmt.Errorf("sheet %s: value in unknown column %q", t.sheet, k)
			}
		}
	}
	header := make([]any, len(used))
	for i, k := range used {
		header[i] = t.headers[k]
	}
	if err := f.SetSheetRow(t.sheet, "A1", &header); err != nil {
		return fmt.Errorf("sheet %s: %w", t.sheet, err)
	}
	for i, r := range t.rows {
		vals := make([]any, len(used))
		for j, k := range used {
			v, ok := r[k]
			if !ok {
				continue
			}
			if s, ok := v.(string); ok && len(utf16.Encode([]rune(s))) > xfMaxCellChars {
				return fmt.Errorf("sheet %s row %d: %s is longer than the %d characters an Excel cell holds", t.sheet, i+2, t.headers[k], xfMaxCellChars)
			}
			vals[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(t.sheet, cell, &vals); err != nil {
			return fmt.Errorf("sheet %s: %w", t.sheet, err)
		}
	}
	// the used range: openpyxl's read-only mode, hence pyxform, reads
	// no cell outside it (excelize leaves a new sheet's "A1" in place)
	if len(used) > 0 {
		last, _ := excelize.CoordinatesToCellName(len(used), len(t.rows)+1)
		if err := f.SetSheetDimension(t.sheet, "A1:"+last); err != nil {
			return fmt.Errorf("sheet %s: %w", t.sheet, err)
		}
	}
	if len(used) > 0 {
		last, _ := excelize.ColumnNumberToName(len(used))
		if err := f.SetCellStyle(t.sheet, "A1", last+"1", bold); err != nil {
			return fmt.Errorf("sheet %s: %w", t.sheet, err)
		}
		for j, k := range used {
			name, _ := excelize.ColumnNumberToName(j + 1)
			width := 14.0
			if strings.Contains(k, "::") || k == "relevant" || k == "constraint" || k == "calculate" {
				width = 36
			}
			if err := f.SetColWidth(t.sheet, name, name, width); err != nil {
				return fmt.Errorf("sheet %s: %w", t.sheet, err)
			}
		}
	}
	if err := f.SetPanes(t.sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("sheet %s: %w", t.sheet, err)
	}
	return nil
}

// xfExporter holds the state of one export.
type xfExporter struct {
	q       *questionnaires.Questionnaire
	langs   []string
	survey  *xfTable
	choices *xfTable
	taken   map[string]bool   // list names in use
	shared  map[string]string // shared list key -> list name
}

// Export writes a questionnaire as an XLSForm workbook: survey,
// choices and settings sheets that ODK and KoboToolbox accept for the
// standard parts, with label::Language (code) columns for every language,
// and the assocbench extension columns and assocbench sheet that let
// Import give back the same questionnaire (see the mapping in
// xlsform.go).
func Export(w io.Writer, q *questionnaires.Questionnaire) error {
	x := &xfExporter{q: q, langs: q.Languages, taken: map[string]bool{}, shared: map[string]string{}}
	for _, qu := range q.Questions() {
		x.taken[qu.ID] = true
		x.taken[qu.ID+"-rows"] = true
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := x.build(); err != nil {
		return fmt.Errorf("export xlsform %s: %w", q.ID, err)
	}
	settings := x.settings()
	extra := x.assocbenchSheet()
	if err := f.SetSheetName("Sheet1", "survey"); err != nil {
		return fmt.Errorf("export xlsform %s: %w", q.ID, err)
	}
	for _, s := range []string{"choices", "settings", "assocbench"} {
		if _, err := f.NewSheet(s); err != nil {
			return fmt.Errorf("export xlsform %s: %w", q.ID, err)
		}
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("export xlsform %s: %w", q.ID, err)
	}
	for _, t := range []*xfTable{x.survey, x.choices, settings, extra} {
		if err := t.write(f, bold); err != nil {
			return fmt.Errorf("export xlsform %s: %w", q.ID, err)
		}
	}
	f.SetActiveSheet(0)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: q.Title.In(questionnaires.DefaultLanguage), Subject: "XLSForm", Creator: "assocbench",
		Description: "Questionnaire " + q.Key() + " as an XLSForm",
	}); err != nil {
		return fmt.Errorf("export xlsform %s: %w", q.ID, err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("export xlsform %s: write: %w", q.ID, err)
	}
	return nil
}

// listName allocates a list name for a shared list (yes/no, built-in lists).
func (x *xfExporter) listName(key, want string) (string, bool) {
	if name, ok := x.shared[key]; ok {
		return name, false
	}
	name := want
	for i := 2; x.taken[name]; i++ {
		name = want + "-" + strconv.Itoa(i)
	}
	x.taken[name] = true
	x.shared[key] = name
	return name, true
}

// build fills the survey and choices tables: a group per section, its
// questions, then its indicators.
func (x *xfExporter) build() error {
	s := xfNewTable("survey")
	s.column("type", "type", true)
	s.column("name", "name", true)
	s.textColumns("label", x.langs, true)
	s.textColumns("hint", x.langs, false)
	s.column("required", "required", false)
	s.column("relevant", "relevant", false)
	s.column("constraint", "constraint", false)
	s.textColumns("constraint_message", x.langs, false)
	s.column("calculate", "calculate", false)
	s.column("appearance", "appearance", false)
	s.textColumns("unit", x.langs, false)
	for _, k := range []string{"weight", "min", "max", "max_length", "allow_na", "scoring", "assocbench_type", "assocbench_rows", "assocbench_choices_from",
		"assocbench_relevant", "assocbench_constraint", "assocbench_calculate", "choice_filter", "assocbench_choice_filter"} {
		s.column(k, k, false)
	}
	c := xfNewTable("choices")
	c.column("list_name", "list_name", true)
	c.column("name", "name", true)
	c.textColumns("label", x.langs, true)
	c.column("points", "points", false)
	c.column("exclusive", "exclusive", false)
	for _, a := range attrColumns(x.q) {
		if xfChoiceColumns[a] || a == "label" || a == "image" || a == "audio" || a == "video" {
			return fmt.Errorf("choice attribute %q is a column of the choices sheet: rename it", a)
		}
		c.column("attr."+a, a, false)
	}
	x.survey, x.choices = s, c

	for _, sec := range x.q.Sections {
		r := xfRow{"type": "begin group", "name": sec.ID}
		xfSetText(r, "label", x.langs, sec.Title)
		xfSetText(r, "hint", x.langs, sec.Description)
		if sec.Weight != 1 {
			r["weight"] = sec.Weight
		}
		s.rows = append(s.rows, r)
		for _, qu := range sec.Questions {
			if err := x.question(qu); err != nil {
				return fmt.Errorf("question %s: %w", qu.ID, err)
			}
		}
		for _, in := range sec.Indicators() {
			if err := x.indicator(in); err != nil {
				return fmt.Errorf("indicator %s: %w", in.ID, err)
			}
		}
		s.rows = append(s.rows, xfRow{"type": "end group"})
	}
	return nil
}

func (x *xfExporter) addChoices(list string, cs []questionnaires.Choice) {
	for _, ch := range cs {
		name := ch.ID
		if ch.Name != "" {
			name = ch.Name // the name it was imported from
		}
		r := xfRow{"list_name": list, "name": name}
		xfSetText(r, "label", x.langs, ch.Label)
		if ch.Points != nil {
			r["points"] = *ch.Points
		}
		if ch.Exclusive {
			r["exclusive"] = "yes"
		}
		for k, v := range ch.Attrs {
			r["attr."+k] = v
		}
		x.choices.rows = append(x.choices.rows, r)
	}
}

func (x *xfExporter) levels(list string, levels []questionnaires.Text) {
	for i, l := range levels {
		r := xfRow{"list_name": list, "name": strconv.Itoa(i + 1)}
		xfSetText(r, "label", x.langs, l)
		x.choices.rows = append(x.choices.rows, r)
	}
}

// xfIsYesNoChoices reports whether a choice question would read back as a yes_no question.
func xfIsYesNoChoices(cs []questionnaires.Choice) bool {
	xs := make([]xfChoice, len(cs))
	for i, c := range cs {
		xs[i] = xfChoice{id: c.ID, points: c.Points, exclusive: c.Exclusive}
	}
	return xfIsYesNoList(xs)
}

// question writes a question row and its choice lists.
func (x *xfExporter) question(qu *questionnaires.Question) error {
	r := xfRow{"name": qu.ID}
	xfSetText(r, "label", x.langs, qu.Label)
	xfSetText(r, "hint", x.langs, qu.Hint)
	xfSetText(r, "unit", x.langs, qu.Unit)
	xfSetText(r, "constraint_message", x.langs, qu.ConstraintMessage)
	if qu.Required {
		r["required"] = "yes"
	}
	if err := x.odkColumns(r, "relevant", qu.Relevant, qu.ID, nil); err != nil {
		return fmt.Errorf("relevant: %w", err)
	}
	if err := x.odkColumns(r, "constraint", qu.Constraint, qu.ID, boundTerms(qu)); err != nil {
		return fmt.Errorf("constraint: %w", err)
	}
	if qu.ChoiceFilter != "" {
		f, plain, err := x.filterToXLSForm(qu)
		if err != nil {
			return err
		}
		r["choice_filter"] = f
		if f != plain {
			r["assocbench_choice_filter"] = qu.ChoiceFilter
		}
	}
	if qu.Weight != 1 {
		r["weight"] = qu.Weight
	}
	if qu.Min != nil {
		r["min"] = *qu.Min
	}
	if qu.Max != nil {
		r["max"] = *qu.Max
	}
	if qu.MaxLength != 0 {
		r["max_length"] = float64(qu.MaxLength)
	}
	if qu.AllowNA {
		r["allow_na"] = "yes"
	}
	if qu.Scoring != nil {
		r["scoring"] = xfFormatScoring(qu.Scoring)
	}
	switch qu.Type {
	case questionnaires.TypeSingleChoice, questionnaires.TypeMultiChoice:
		kind := "select_one "
		if qu.Type == questionnaires.TypeMultiChoice {
			kind = "select_multiple "
		}
		if qu.ChoicesFrom != "" {
			name, fresh := x.listName("builtin:"+qu.ChoicesFrom, qu.ChoicesFrom)
			if fresh {
				// the built-in lists are labelled in their own languages: write the
				// questionnaire's, falling back to English as everywhere
				cs, _ := questionnaires.BuiltinChoices(qu.ChoicesFrom)
				own := make([]questionnaires.Choice, len(cs))
				for i, c := range cs {
					own[i] = questionnaires.Choice{ID: c.ID, Label: questionnaires.Text{}}
					for _, l := range x.langs {
						own[i].Label[l] = c.Label.In(l)
					}
				}
				x.addChoices(name, own)
			}
			r["type"] = kind + name
			r["assocbench_choices_from"] = qu.ChoicesFrom
		} else {
			r["type"] = kind + qu.ID
			x.addChoices(qu.ID, qu.Choices)
			if qu.Type == questionnaires.TypeSingleChoice && xfIsYesNoChoices(qu.Choices) {
				r["assocbench_type"] = string(questionnaires.TypeSingleChoice)
			}
		}
	case questionnaires.TypeYesNo:
		name, fresh := x.listName("yes_no", "yes_no")
		if fresh {
			yes, no := questionnaires.Text{}, questionnaires.Text{}
			for _, l := range x.langs {
				lab, ok := xfYesNoLabels[l]
				if !ok {
					lab = xfYesNoLabels[questionnaires.DefaultLanguage]
				}
				yes[l], no[l] = lab[0], lab[1]
			}
			x.addChoices(name, []questionnaires.Choice{{ID: "yes", Label: yes}, {ID: "no", Label: no}})
		}
		r["type"] = "select_one " + name
	case questionnaires.TypeLikert, questionnaires.TypeRubric, questionnaires.TypeMatrix:
		r["type"] = "select_one " + qu.ID
		r["assocbench_type"] = string(qu.Type)
		x.levels(qu.ID, qu.Levels)
		if qu.Type == questionnaires.TypeMatrix {
			r["assocbench_rows"] = qu.ID + "-rows"
			x.addChoices(qu.ID+"-rows", qu.Rows)
		}
	case questionnaires.TypeInteger, questionnaires.TypeDecimal, questionnaires.TypeText, questionnaires.TypeDate, questionnaires.TypeNote:
		r["type"] = string(qu.Type)
	case questionnaires.TypePercent, questionnaires.TypeCurrency:
		r["type"] = "decimal"
		r["assocbench_type"] = string(qu.Type)
	case questionnaires.TypeLongText:
		r["type"] = "text"
		r["appearance"] = "multiline"
	default:
		return fmt.Errorf("type %s has no XLSForm equivalent", qu.Type)
	}
	x.survey.rows = append(x.survey.rows, r)
	return nil
}

// indicator writes an indicator as a calculate row.
func (x *xfExporter) indicator(in *questionnaires.Indicator) error {
	r := xfRow{"type": "calculate", "name": in.ID}
	xfSetText(r, "label", x.langs, in.Label)
	xfSetText(r, "hint", x.langs, in.Hint)
	xfSetText(r, "unit", x.langs, in.Unit)
	if err := x.odkColumns(r, "calculate", in.Expr, "", nil); err != nil {
		return fmt.Errorf("expr: %w", err)
	}
	if in.Weight != 1 {
		r["weight"] = in.Weight
	}
	if in.Scoring != nil {
		r["scoring"] = xfFormatScoring(in.Scoring)
	}
	x.survey.rows = append(x.survey.rows, r)
	return nil
}

func (x *xfExporter) settings() *xfTable {
	t := xfNewTable("settings")
	for _, k := range []string{"form_title", "form_id", "version", "default_language", "area", "impact_areas"} {
		t.column(k, k, false)
	}
	r := xfRow{
		"form_title": x.q.Title[questionnaires.DefaultLanguage], "form_id": x.q.ID, "version": x.q.Version,
		"default_language": xfLanguageHeader(questionnaires.DefaultLanguage), "area": string(x.q.Area),
	}
	if len(x.q.ImpactAreas) > 0 {
		r["impact_areas"] = strings.Join(x.q.ImpactAreas, " ")
	}
	t.rows = append(t.rows, r)
	return t
}

func (x *xfExporter) assocbenchSheet() *xfTable {
	t := xfNewTable("assocbench")
	t.column("kind", "kind", true)
	t.column("name", "name", true)
	t.column("min", "min", true)
	t.textColumns("label", x.langs, true)
	t.textColumns("description", x.langs, true)
	r := xfRow{"kind": "title"}
	xfSetText(r, "label", x.langs, x.q.Title)
	t.rows = append(t.rows, r)
	if x.q.Description != nil {
		r := xfRow{"kind": "description"}
		xfSetText(r, "label", x.langs, x.q.Description)
		t.rows = append(t.rows, r)
	}
	for _, m := range x.q.MaturityLevels {
		r := xfRow{"kind": "maturity_level", "name": m.ID, "min": m.Min}
		xfSetText(r, "label", x.langs, m.Label)
		xfSetText(r, "description", x.langs, m.Description)
		t.rows = append(t.rows, r)
	}
	return t
}

// xfFormatScoring writes a scoring in the scoring column's syntax.
func xfFormatScoring(sc *questionnaires.Scoring) string {
	var b strings.Builder
	b.WriteString(string(sc.Method))
	switch sc.Method {
	case questionnaires.MethodBands, questionnaires.MethodCount:
		b.WriteByte(':')
		for i, band := range sc.Bands {
			if i > 0 {
				b.WriteByte(';')
			}
			b.WriteString(xfYAMLNumber(band.Threshold) + "=" + xfYAMLNumber(band.Points))
		}
	case questionnaires.MethodLinear:
		if sc.From != nil && sc.To != nil {
			b.WriteString(":" + xfYAMLNumber(*sc.From) + ".." + xfYAMLNumber(*sc.To))
		}
	case questionnaires.MethodYesNo:
		var parts []string
		if sc.Yes != nil {
			parts = append(parts, "yes="+xfYAMLNumber(*sc.Yes))
		}
		if sc.No != nil {
			parts = append(parts, "no="+xfYAMLNumber(*sc.No))
		}
		if len(parts) > 0 {
			b.WriteString(":" + strings.Join(parts, ";"))
		}
	}
	return b.String()
}
