package reports

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/questionnaires"
)

// The fill-in workbook.
//
// The sheet of questions has one line per question, and one line per
// part of the questions that take several values: a multi_choice has one
// Yes/No line per option, a matrix one line per row, a rubric a line for
// the level, one for the justification and one for the evidence link.
// Two hidden columns say what each line answers: F holds the question id,
// G the part ("" for a plain question, "header" for the title line of a
// split question, "option:ID", "row:ID", "level", "justification",
// "evidence"). The hidden sheet Meta holds the questionnaire key, the
// language and the name of the questions sheet; the hidden sheet Lists
// holds the choices of the drop-down lists (labels can be long and can
// hold commas, so lists are never written inline), referenced through
// defined names.

// FillInFormat identifies the layout of fill-in workbooks (Meta!B1).
const FillInFormat = "assocbench-fill-in/1"

// Fill-in workbook layout: columns of the questions sheet and the names
// of the hidden sheets.
const (
	colSection  = 1
	colQuestion = 2
	colRequired = 3
	colAnswer   = 4
	colHelp     = 5
	colID       = 6
	colPart     = 7

	metaSheet  = "Meta"
	listsSheet = "Lists"
)

// Parts of split questions (column G).
const (
	partHeader        = "header"
	partOption        = "option:"
	partRow           = "row:"
	partLevel         = "level"
	partJustification = "justification"
	partEvidence      = "evidence"
)

// FillInOptions tune a fill-in workbook.
type FillInOptions struct {
	Options
	// Association and Campaign name who the workbook is for (shown on
	// the instructions sheet; optional).
	Association string
	Campaign    string
}

// choiceOption is one entry of a drop-down list and what it means.
type choiceOption struct {
	label string
	id    string  // single_choice id, "yes"/"no", or NA
	level float64 // likert, matrix and rubric levels (0 = n/a)
}

// dropDown returns the drop-down entries of a question (or of its matrix
// rows and rubric level). Labels are unique: two choices with the same
// label are told apart by their ids.
func dropDown(qu *questionnaires.Question, lang string) []choiceOption {
	var out []choiceOption
	na := choiceOption{label: i18n.T(lang, "answer.na"), id: questionnaires.NA}
	switch qu.Type {
	case questionnaires.TypeSingleChoice:
		count := map[string]int{}
		for _, c := range qu.Choices {
			count[c.Label.In(lang)]++
		}
		for _, c := range qu.Choices {
			l := c.Label.In(lang)
			if count[l] > 1 || l == "" || c.Name != "" {
				// the name an imported XLSForm gave the choice ("1", "Yes")
				// is shown, as in the form it came from
				l += " [" + c.Code() + "]"
			}
			out = append(out, choiceOption{label: l, id: c.ID})
		}
		return out
	case questionnaires.TypeYesNo:
		out = []choiceOption{{label: i18n.T(lang, "answer.yes"), id: "yes"}, {label: i18n.T(lang, "answer.no"), id: "no"}}
	case questionnaires.TypeMultiChoice:
		return []choiceOption{{label: i18n.T(lang, "answer.yes"), id: "yes"}, {label: i18n.T(lang, "answer.no"), id: "no"}}
	case questionnaires.TypeLikert, questionnaires.TypeMatrix, questionnaires.TypeRubric:
		for i := range qu.Levels {
			out = append(out, choiceOption{label: levelLabel(qu, i+1, lang), level: float64(i + 1)})
		}
		na.level = 0
	}
	if qu.AllowNA {
		out = append(out, na)
	}
	return out
}

// WriteFillIn writes a questionnaire as a workbook to fill in offline,
// pre-filled with answers (nil for a blank one): instructions, then one
// line per question with its label, help (the kind of answer, its range
// and unit, and when it applies, in words), a required mark, and an
// answer cell with a drop-down list or a range check.
func WriteFillIn(w io.Writer, q *questionnaires.Questionnaire, answers questionnaires.Answers, o FillInOptions) error {
	if q == nil {
		return fmt.Errorf("write fill-in workbook: no questionnaire")
	}
	b, err := newBook(o.Lang, 1)
	if err != nil {
		return fmt.Errorf("write fill-in workbook: %w", err)
	}
	lang := b.lang
	now := o.now()
	fw := fillWriter{b: b, q: q, lang: lang, answers: answers}
	fw.styles()
	instr := b.sheet(i18n.T(lang, "sheet.instructions"))
	fw.sheet = b.sheet(i18n.T(lang, "sheet.questions"))
	fw.lists = b.sheet(listsSheet)
	meta := b.sheet(metaSheet)
	fw.questions()

	// instructions
	b.str(instr, 1, 1, q.Title.In(lang), b.st.title)
	b.str(instr, 1, 2, i18n.T(lang, "fill.title"), b.st.subtitle)
	r := 4
	b.pair(instr, r, i18n.T(lang, "dash.questionnaire"), q.Key(), b.st.text)
	r++
	if o.Campaign != "" {
		b.pair(instr, r, i18n.T(lang, "dash.campaign"), o.Campaign, b.st.text)
		r++
	}
	if o.Association != "" {
		b.pair(instr, r, i18n.T(lang, "sc.association"), o.Association, b.st.text)
		r++
	}
	b.pair(instr, r, i18n.T(lang, "nav.languages"), lang, b.st.text)
	b.pair(instr, r+1, i18n.T(lang, "generated"), now, b.st.datetime)
	r += 3
	if d := q.Description.In(lang); d != "" {
		b.str(instr, 2, r, d, b.st.wrap)
		r += 2
	}
	b.str(instr, 1, r, i18n.T(lang, "fill.how"), b.st.subtitle)
	r++
	for i := 1; i <= 6; i++ {
		var s string
		switch i {
		case 1, 6:
			s = i18n.T(lang, "fill."+strconv.Itoa(i), fw.sheet)
		default:
			s = i18n.T(lang, "fill."+strconv.Itoa(i))
		}
		b.str(instr, 1, r, strconv.Itoa(i)+".", b.st.label)
		b.str(instr, 2, r, s, b.st.wrap)
		r++
	}
	b.capCol(instr, 1, 24)
	b.fixCol(instr, 2, 100)
	b.finish(instr, layout{})

	// meta (very hidden) and lists (hidden)
	for i, kv := range [][2]string{{"format", FillInFormat}, {"questionnaire", q.Key()}, {"language", lang},
		{"questions", fw.sheet}, {"generated", now.Format(time.RFC3339)}, {"association", o.Association}, {"campaign", o.Campaign}} {
		b.str(meta, 1, i+1, kv[0], b.st.text)
		b.str(meta, 2, i+1, kv[1], b.st.text)
	}
	b.finish(fw.lists, layout{})
	b.finish(meta, layout{})
	b.fail(b.f.SetSheetVisible(fw.lists, false, true))
	b.fail(b.f.SetSheetVisible(meta, false, true))

	b.props(q.Title.In(lang)+": "+i18n.T(lang, "fill.title"), q.Key(), FillInFormat, now)
	if err := b.write(w); err != nil {
		return fmt.Errorf("write fill-in workbook: %w", err)
	}
	return nil
}

type fillWriter struct {
	b       *book
	q       *questionnaires.Questionnaire
	lang    string
	answers questionnaires.Answers
	sheet   string
	lists   string

	listNames map[string]string // list content -> defined name
	listCol   int

	inText, inNum, inInt, inMoney, inDate, inNone, sectionRow int
}

func (fw *fillWriter) styles() {
	b := fw.b
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}
	border := []excelize.Border{{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1}}
	top := &excelize.Alignment{Vertical: "top", WrapText: true}
	unlocked := &excelize.Protection{Locked: false}
	fw.inText = b.style(excelize.Style{Fill: fill, Border: border, Alignment: top, NumFmt: 49, Protection: unlocked})
	fw.inNum = b.style(excelize.Style{Fill: fill, Border: border, Alignment: top, CustomNumFmt: ptr("#,##0.##########"), Protection: unlocked})
	fw.inInt = b.style(excelize.Style{Fill: fill, Border: border, Alignment: top, CustomNumFmt: ptr("#,##0"), Protection: unlocked})
	fw.inMoney = b.style(excelize.Style{Fill: fill, Border: border, Alignment: top, CustomNumFmt: ptr("#,##0.00"), Protection: unlocked})
	fw.inDate = b.style(excelize.Style{Fill: fill, Border: border, Alignment: top, CustomNumFmt: ptr("yyyy-mm-dd"), Protection: unlocked})
	fw.inNone = b.style(excelize.Style{Font: &excelize.Font{Italic: true, Color: "808080"}, Alignment: top,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}})
	fw.sectionRow = b.st.section
}

// list returns the defined name of a drop-down list holding labels,
// writing the list on the Lists sheet the first time.
func (fw *fillWriter) list(labels []string) string {
	key := strings.Join(labels, "\x00")
	if fw.listNames == nil {
		fw.listNames = map[string]string{}
	}
	if n, ok := fw.listNames[key]; ok {
		return n
	}
	fw.listCol++
	col := fw.listCol
	for i, l := range labels {
		fw.b.str(fw.lists, col, i+1, l, fw.b.st.text)
	}
	name := "choices_" + strconv.Itoa(col)
	fw.b.fail(fw.b.f.SetDefinedName(&excelize.DefinedName{Name: name, RefersTo: absRef(fw.lists, col, 1, col, max(len(labels), 1))}))
	fw.listNames[key] = name
	return name
}

// validate adds a data validation to one answer cell.
func (fw *fillWriter) validate(row int, set func(dv *excelize.DataValidation) error, errMsg, prompt string) {
	b := fw.b
	dv := excelize.NewDataValidation(true)
	dv.Sqref = cell(colAnswer, row)
	if err := set(dv); err != nil {
		b.fail(fmt.Errorf("data validation of %s: %w", dv.Sqref, err))
		return
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, truncateRunes(i18n.T(fw.lang, "dv.title"), 30), truncateRunes(errMsg, 220))
	if prompt != "" {
		dv.SetInput(truncateRunes(i18n.T(fw.lang, "help"), 30), truncateRunes(prompt, 250))
	}
	b.fail(b.f.AddDataValidation(fw.sheet, dv))
}

// dropDownCell makes an answer cell a drop-down list of labels.
func (fw *fillWriter) dropDownCell(row int, opts []choiceOption, prompt string) {
	labels := make([]string, len(opts))
	for i, o := range opts {
		labels[i] = o.label
	}
	name := fw.list(labels)
	fw.validate(row, func(dv *excelize.DataValidation) error { dv.SetSqrefDropList(name); return nil }, i18n.T(fw.lang, "dv.list"), prompt)
}

// base writes the visible and hidden columns of a line.
func (fw *fillWriter) base(row int, section, label string, labelStyle int, id, part string) {
	b := fw.b
	b.str(fw.sheet, colSection, row, section, b.st.text)
	b.str(fw.sheet, colQuestion, row, label, labelStyle)
	if id != "" {
		b.str(fw.sheet, colID, row, id, b.st.text)
	}
	if part != "" {
		b.str(fw.sheet, colPart, row, part, b.st.text)
	}
}

// input styles an answer cell and writes its pre-filled value.
func (fw *fillWriter) input(row int, style int, v any) {
	b := fw.b
	c := cell(colAnswer, row)
	switch x := v.(type) {
	case nil:
		b.fail(b.f.SetCellStyle(fw.sheet, c, c, style))
	case string:
		b.str(fw.sheet, colAnswer, row, x, style)
	case float64:
		b.num(fw.sheet, colAnswer, row, x, style)
	case time.Time:
		b.fail(b.f.SetCellStyle(fw.sheet, c, c, style))
		b.fail(b.f.SetCellValue(fw.sheet, c, x))
	}
}

// labelOf returns the drop-down label of a value, or "".
func labelOf(opts []choiceOption, id string, level float64, byLevel bool) string {
	for _, o := range opts {
		if (byLevel && o.id == "" && o.level == level) || (!byLevel && o.id == id) || (byLevel && level == 0 && o.id == questionnaires.NA) {
			return o.label
		}
	}
	return ""
}

func (fw *fillWriter) questions() {
	b, q, lang := fw.b, fw.q, fw.lang
	sh := fw.sheet
	b.header(sh, 1, i18n.T(lang, "sc.section"), i18n.T(lang, "question"), i18n.T(lang, "required"), i18n.T(lang, "your.answer"), i18n.T(lang, "help"), "question_id", "part")
	r := 2
	for _, s := range q.Sections {
		title := s.Title.In(lang)
		for c := colSection; c <= colHelp; c++ {
			b.fail(b.f.SetCellStyle(sh, cell(c, r), cell(c, r), fw.sectionRow))
		}
		b.str(sh, colSection, r, title, fw.sectionRow)
		if d := s.Description.In(lang); d != "" {
			b.str(sh, colQuestion, r, d, fw.sectionRow)
		}
		r++
		for _, qu := range s.Questions {
			r = fw.question(s, qu, r)
		}
	}
	last := r - 1
	for col, w := range map[int]int{colSection: 24, colQuestion: 60, colRequired: 12, colAnswer: 40, colHelp: 60} {
		b.fixCol(sh, col, w)
	}
	b.finish(sh, layout{headerRow: 1, firstCol: 1, lastCol: colPart, lastRow: last})
	b.fail(b.f.SetColVisible(sh, "F:G", false))
	// the hidden columns are text so that ids are never read as numbers
	b.fail(b.f.SetColStyle(sh, "F:G", b.quote(b.st.text)))
}

// question writes the lines of one question from row r and returns the next row.
func (fw *fillWriter) question(s *questionnaires.Section, qu *questionnaires.Question, r int) int {
	b, q, lang := fw.b, fw.q, fw.lang
	sh := fw.sheet
	section := s.Title.In(lang)
	label := qu.Label.In(lang)
	if qu.Type == questionnaires.TypeNote {
		fw.base(r, section, label, b.st.note, "", "")
		b.str(sh, colHelp, r, i18n.T(lang, "h.note"), b.st.note)
		return r + 1
	}
	help := []string{}
	if h := qu.Hint.In(lang); h != "" {
		help = append(help, h)
	}
	help = append(help, typeHelp(qu, lang))
	if sl := skipLogic(q, qu, lang); sl != "" {
		help = append(help, sl)
	}
	helpText := strings.Join(help, "\n")
	prompt := typeHelp(qu, lang)
	if sl := skipLogic(q, qu, lang); sl != "" {
		prompt += " " + sl
	}
	v, answered := fw.answers[qu.ID]
	split := qu.Type == questionnaires.TypeMultiChoice || qu.Type == questionnaires.TypeMatrix || qu.Type == questionnaires.TypeRubric
	part := ""
	if split {
		part = partHeader
	}
	fw.base(r, section, label, b.st.wrap, qu.ID, part)
	if qu.Required {
		b.str(sh, colRequired, r, i18n.T(lang, "required"), b.st.required)
	}
	b.str(sh, colHelp, r, helpText, b.st.wrap)
	opts := dropDown(qu, lang)
	indent := "    "
	switch qu.Type {
	case questionnaires.TypeMultiChoice:
		b.str(sh, colAnswer, r, i18n.T(lang, "h.below"), fw.inNone)
		r++
		for _, c := range qu.Choices {
			label := c.Label.In(lang)
			if c.Name != "" {
				label += " [" + c.Name + "]" // the imported XLSForm's name
			}
			fw.base(r, section, indent+label, b.st.wrap, qu.ID, partOption+c.ID)
			var pre any
			if answered && v.Kind == questionnaires.KindList {
				pre = i18n.T(lang, "answer.no")
				if slices.Contains(v.List, c.ID) {
					pre = i18n.T(lang, "answer.yes")
				}
			}
			fw.input(r, fw.inText, pre)
			fw.dropDownCell(r, opts, label)
			r++
		}
		return r
	case questionnaires.TypeMatrix:
		b.str(sh, colAnswer, r, i18n.T(lang, "h.below"), fw.inNone)
		r++
		for _, row := range qu.Rows {
			fw.base(r, section, indent+row.Label.In(lang), b.st.wrap, qu.ID, partRow+row.ID)
			var pre any
			if answered && v.Kind == questionnaires.KindMatrix {
				if lv, ok := v.Rows[row.ID]; ok {
					pre = labelOf(opts, "", lv, true)
				}
			}
			fw.input(r, fw.inText, pre)
			fw.dropDownCell(r, opts, label)
			r++
		}
		return r
	case questionnaires.TypeRubric:
		b.str(sh, colAnswer, r, i18n.T(lang, "h.below"), fw.inNone)
		r++
		rubric := answered && v.Kind == questionnaires.KindRubric
		fw.base(r, section, indent+i18n.T(lang, "level"), b.st.wrap, qu.ID, partLevel)
		var pre any
		if rubric {
			pre = labelOf(opts, "", v.Num, true)
		}
		fw.input(r, fw.inText, pre)
		fw.dropDownCell(r, opts, label)
		r++
		fw.base(r, section, indent+i18n.T(lang, "justification"), b.st.wrap, qu.ID, partJustification)
		pre = nil
		if rubric && v.Str != "" {
			pre = v.Str
		}
		fw.input(r, fw.inText, pre)
		fw.validate(r, func(dv *excelize.DataValidation) error {
			return dv.SetRange(0, maxLength(qu), excelize.DataValidationTypeTextLength, excelize.DataValidationOperatorBetween)
		}, i18n.N(lang, "h.text", maxLength(qu), maxLength(qu)), "")
		r++
		fw.base(r, section, indent+i18n.T(lang, "evidence"), b.st.wrap, qu.ID, partEvidence)
		pre = nil
		if rubric && v.Evidence != "" {
			pre = v.Evidence
		}
		fw.input(r, fw.inText, pre)
		return r + 1
	case questionnaires.TypeSingleChoice, questionnaires.TypeYesNo, questionnaires.TypeLikert:
		var pre any
		if answered {
			switch {
			case v.Kind == questionnaires.KindNA:
				pre = labelOf(opts, questionnaires.NA, 0, false)
			case qu.Type == questionnaires.TypeLikert:
				pre = labelOf(opts, "", v.Num, true)
			default:
				pre = labelOf(opts, v.Str, 0, false)
			}
		}
		fw.input(r, fw.inText, pre)
		fw.dropDownCell(r, opts, prompt)
	case questionnaires.TypeInteger, questionnaires.TypeDecimal, questionnaires.TypePercent, questionnaires.TypeCurrency:
		style := fw.inNum
		typ := excelize.DataValidationTypeDecimal
		switch qu.Type {
		case questionnaires.TypeInteger:
			style, typ = fw.inInt, excelize.DataValidationTypeWhole
		case questionnaires.TypeCurrency:
			style = fw.inMoney
		}
		lo, hi := -1e15, 1e15
		if qu.Type == questionnaires.TypePercent {
			lo, hi = 0, 100
		}
		if qu.Min != nil {
			lo = math.Max(lo, *qu.Min)
		}
		if qu.Max != nil {
			hi = math.Min(hi, *qu.Max)
		}
		var pre any
		if answered && v.Kind == questionnaires.KindNumber {
			pre = v.Num
		}
		fw.input(r, style, pre)
		msg := typeHelp(qu, lang)
		fw.validate(r, func(dv *excelize.DataValidation) error {
			if typ == excelize.DataValidationTypeWhole {
				return dv.SetRange(int(math.Ceil(lo)), int(math.Floor(hi)), typ, excelize.DataValidationOperatorBetween)
			}
			return dv.SetRange(lo, hi, typ, excelize.DataValidationOperatorBetween)
		}, msg, prompt)
	case questionnaires.TypeDate:
		var pre any
		if answered && v.Kind == questionnaires.KindString {
			if t, err := time.Parse(time.DateOnly, v.Str); err == nil {
				pre = t
			} else {
				pre = v.Str
			}
		}
		fw.input(r, fw.inDate, pre)
		fw.validate(r, func(dv *excelize.DataValidation) error {
			return dv.SetRange(1, 2958465, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween)
		}, i18n.T(lang, "h.date"), prompt)
	default: // text, long_text
		var pre any
		if answered && v.Kind == questionnaires.KindString && v.Str != "" {
			pre = v.Str
		}
		fw.input(r, fw.inText, pre)
		fw.validate(r, func(dv *excelize.DataValidation) error {
			return dv.SetRange(0, maxLength(qu), excelize.DataValidationTypeTextLength, excelize.DataValidationOperatorBetween)
		}, i18n.N(lang, "h.text", maxLength(qu), maxLength(qu)), prompt)
	}
	return r + 1
}

// Problem is a problem found in a completed fill-in workbook, at a cell.
type Problem struct {
	// Sheet and Cell locate the problem ("Questions", "D12"); both are
	// empty for a problem with the whole file.
	Sheet   string `json:"sheet,omitempty"`
	Cell    string `json:"cell,omitempty"`
	Message string `json:"message"`
}

// Key is where the problem is: "Questions!D12", or "workbook".
func (p Problem) Key() string {
	if p.Sheet == "" {
		return "workbook"
	}
	if p.Cell == "" {
		return p.Sheet
	}
	return p.Sheet + "!" + p.Cell
}

// String is "Questions!D12: must be a number".
func (p Problem) String() string { return p.Key() + ": " + p.Message }

// Limits on reading uploaded workbooks.
const (
	maxFillInSize     = 20 << 20
	maxFillInUnzipped = 200 << 20
)

// openWorkbook opens an uploaded workbook within the size limits.
func openWorkbook(r io.Reader) (*excelize.File, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFillInSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFillInSize {
		return nil, fmt.Errorf("larger than %d bytes", maxFillInSize)
	}
	return excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true,
		UnzipSizeLimit: maxFillInUnzipped, UnzipXMLSizeLimit: maxFillInUnzipped / 4})
}

// meta reads the Meta sheet of a fill-in workbook.
func meta(f *excelize.File) (map[string]string, bool) {
	if idx, _ := f.GetSheetIndex(metaSheet); idx < 0 {
		return nil, false
	}
	rows, err := f.GetRows(metaSheet)
	if err != nil {
		return nil, false
	}
	m := map[string]string{}
	for _, row := range rows {
		if len(row) >= 2 {
			m[row[0]] = row[1]
		}
	}
	return m, m["format"] == FillInFormat
}

// FillInKey returns the key (id@version) of the questionnaire a fill-in
// workbook answers.
func FillInKey(r io.Reader) (string, error) {
	f, err := openWorkbook(r)
	if err != nil {
		return "", fmt.Errorf("read fill-in workbook: not an .xlsx workbook: %w", err)
	}
	defer f.Close()
	m, ok := meta(f)
	if !ok || m["questionnaire"] == "" {
		return "", fmt.Errorf("read fill-in workbook: %s", i18n.T("en", "p.nometa"))
	}
	return m["questionnaire"], nil
}

// ReadFillIn reads a completed fill-in workbook of q. It returns the
// answers (blank lines are no answer) when the workbook has no problem;
// otherwise the problems, each at its sheet and cell, in lang. The
// answers pass the checks of a draft save (q.Validate in Draft mode).
// Numbers keep the 15 significant digits of a spreadsheet cell, and the
// options of a multi_choice come back in the questionnaire's order.
func ReadFillIn(r io.Reader, q *questionnaires.Questionnaire, lang string) (questionnaires.Answers, []Problem) {
	lang = i18n.Lang(lang)
	f, err := openWorkbook(r)
	if err != nil {
		return nil, []Problem{{Message: i18n.T(lang, "p.unreadable")}}
	}
	defer f.Close()
	m, ok := meta(f)
	if !ok {
		return nil, []Problem{{Message: i18n.T(lang, "p.nometa")}}
	}
	if m["questionnaire"] != q.Key() {
		return nil, []Problem{{Sheet: metaSheet, Cell: "B2", Message: i18n.T(lang, "p.other", m["questionnaire"], q.Key())}}
	}
	sheet := m["questions"]
	if idx, _ := f.GetSheetIndex(sheet); sheet == "" || idx < 0 {
		return nil, []Problem{{Sheet: sheet, Message: i18n.T(lang, "p.nosheet")}}
	}
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, []Problem{{Sheet: sheet, Message: i18n.T(lang, "p.unreadable")}}
	}
	rd := fillReader{q: q, lang: lang, wbLang: i18n.Lang(m["language"]), sheet: sheet, f: f, parts: map[string]map[string]fillCell{}, first: map[string]int{}}
	for i, row := range rows {
		if i == 0 {
			continue // header
		}
		rd.line(i+1, row)
	}
	answers := rd.assemble()
	fe := q.Validate(answers, questionnaires.Draft, lang)
	if fe == nil {
		// the dropdowns hold the full lists: a cascading select is checked here
		fe = q.CheckChoiceFilters(answers, lang)
	}
	for id, msg := range fe {
		rd.problem(rd.first[id], colAnswer, msg)
	}
	if len(rd.problems) > 0 {
		sort.SliceStable(rd.problems, func(i, j int) bool { return rd.problems[i].row < rd.problems[j].row })
		out := make([]Problem, len(rd.problems))
		for i, p := range rd.problems {
			out[i] = p.Problem
		}
		return nil, out
	}
	return answers, nil
}

// fillCell is one answer line read back.
type fillCell struct {
	row   int
	value string
}

type rowProblem struct {
	Problem
	row int
}

type fillReader struct {
	q        *questionnaires.Questionnaire
	lang     string // of the messages
	wbLang   string // of the workbook's labels
	sheet    string
	f        *excelize.File
	parts    map[string]map[string]fillCell // question -> part -> line
	order    []string                       // questions in the order read
	first    map[string]int                 // question -> row of its first answer cell
	problems []rowProblem
}

func (rd *fillReader) problem(row, col int, msg string) {
	c := ""
	if row > 0 {
		c = cell(col, row)
	}
	rd.problems = append(rd.problems, rowProblem{Problem{Sheet: rd.sheet, Cell: c, Message: msg}, row})
}

// line records one line of the questions sheet.
func (rd *fillReader) line(row int, cells []string) {
	get := func(col int) string {
		if col-1 < len(cells) {
			return cells[col-1]
		}
		return ""
	}
	id := strings.TrimSpace(get(colID))
	if id == "" {
		return
	}
	part := strings.TrimSpace(get(colPart))
	value := get(colAnswer)
	qu := rd.q.Question(id)
	if qu == nil || qu.Type == questionnaires.TypeNote {
		rd.problem(row, colID, i18n.T(rd.lang, "p.unknown", truncateRunes(id, 64)))
		return
	}
	if part == partHeader {
		if strings.TrimSpace(value) != "" && value != i18n.T(rd.wbLang, "h.below") {
			rd.problem(row, colAnswer, i18n.T(rd.lang, "p.below"))
		}
		return
	}
	if rd.parts[id] == nil {
		rd.parts[id] = map[string]fillCell{}
		rd.order = append(rd.order, id)
	}
	if _, dup := rd.parts[id][part]; dup {
		rd.problem(row, colID, i18n.T(rd.lang, "p.twice"))
		return
	}
	rd.parts[id][part] = fillCell{row: row, value: value}
	if _, ok := rd.first[id]; !ok || row < rd.first[id] {
		rd.first[id] = row
	}
}

// match finds the drop-down entry a cell holds: its label in the
// workbook's language (exactly, then ignoring case), a code, or a label
// in another of the questionnaire's languages.
func (rd *fillReader) match(qu *questionnaires.Question, s string) (choiceOption, bool) {
	s = strings.TrimSpace(s)
	opts := dropDown(qu, rd.wbLang)
	for _, o := range opts {
		if o.label == s {
			return o, true
		}
	}
	for _, o := range opts {
		if strings.EqualFold(o.label, s) {
			return o, true
		}
	}
	for _, o := range opts {
		if (o.id != "" && strings.EqualFold(o.id, s)) || (o.id == "" && s == strconv.Itoa(int(o.level))) {
			return o, true
		}
	}
	for _, c := range qu.Choices { // the XLSForm name, typed by hand
		if c.Name != "" && strings.EqualFold(c.Name, s) {
			return choiceOption{label: s, id: c.ID}, true
		}
	}
	for _, l := range append(slices.Clone(rd.q.Languages), i18n.Languages...) {
		for _, o := range dropDown(qu, l) {
			if strings.EqualFold(o.label, s) {
				return o, true
			}
		}
	}
	return choiceOption{}, false
}

// yes reads a Yes/No line of a multi_choice.
func (rd *fillReader) yes(qu *questionnaires.Question, s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "x", "true", "y":
		return true, true
	case "0", "false", "n":
		return false, true
	}
	o, ok := rd.match(&questionnaires.Question{Type: questionnaires.TypeYesNo}, s)
	if !ok {
		return false, false
	}
	return o.id == "yes", true
}

// number parses a number as a spreadsheet stores it, or as typed in a
// text cell (spaces as thousands separators, a decimal comma).
func number(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '\'':
			return -1
		}
		return r
	}, s)
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// date parses a date cell: an Excel serial number or YYYY-MM-DD text.
func date(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.Format(time.DateOnly), true
	}
	if len(s) > 10 {
		if t, err := time.Parse(time.DateOnly, s[:10]); err == nil && (s[10] == ' ' || s[10] == 'T') {
			return t.Format(time.DateOnly), true
		}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 1 && f < 2958466 {
		t, err := excelize.ExcelDateToTime(f, false)
		if err == nil {
			return t.Format(time.DateOnly), true
		}
	}
	return "", false
}

// assemble turns the lines into answers, reporting what cannot be read.
func (rd *fillReader) assemble() questionnaires.Answers {
	out := questionnaires.Answers{}
	for _, id := range rd.order {
		qu := rd.q.Question(id)
		parts := rd.parts[id]
		bad := func(part, key string) {
			rd.problem(parts[part].row, colAnswer, i18n.T(rd.lang, key))
		}
		switch qu.Type {
		case questionnaires.TypeMultiChoice:
			var sel []string
			seen := false
			ok := true
			for _, c := range qu.Choices {
				fc, has := parts[partOption+c.ID]
				if !has || strings.TrimSpace(fc.value) == "" {
					continue
				}
				y, valid := rd.yes(qu, fc.value)
				if !valid {
					bad(partOption+c.ID, "p.yesno")
					ok = false
					continue
				}
				seen = true
				if y {
					sel = append(sel, c.ID)
				}
			}
			rd.unknownParts(qu, parts)
			if ok && seen {
				out[id] = questionnaires.List(sel...)
			}
		case questionnaires.TypeMatrix:
			rows := map[string]float64{}
			ok := true
			for _, row := range qu.Rows {
				fc, has := parts[partRow+row.ID]
				if !has || strings.TrimSpace(fc.value) == "" {
					continue
				}
				o, valid := rd.match(qu, fc.value)
				if !valid {
					bad(partRow+row.ID, "p.level")
					ok = false
					continue
				}
				rows[row.ID] = o.level
			}
			rd.unknownParts(qu, parts)
			if ok && len(rows) > 0 {
				out[id] = questionnaires.Matrix(rows)
			}
		case questionnaires.TypeRubric:
			lv, just, ev := parts[partLevel], parts[partJustification], parts[partEvidence]
			rd.unknownParts(qu, parts)
			if strings.TrimSpace(lv.value) == "" {
				if strings.TrimSpace(just.value) != "" || strings.TrimSpace(ev.value) != "" {
					row := lv.row
					if row == 0 {
						row = max(just.row, ev.row)
					}
					rd.problem(row, colAnswer, i18n.T(rd.lang, "p.nolevel"))
				}
				continue
			}
			o, valid := rd.match(qu, lv.value)
			if !valid {
				bad(partLevel, "p.level")
				continue
			}
			out[id] = questionnaires.Rubric(int(o.level), just.value, strings.TrimSpace(ev.value))
		default:
			fc, has := parts[""]
			rd.unknownParts(qu, parts)
			if !has {
				continue
			}
			s := fc.value
			if strings.TrimSpace(s) == "" {
				continue
			}
			switch qu.Type {
			case questionnaires.TypeSingleChoice, questionnaires.TypeYesNo, questionnaires.TypeLikert:
				o, valid := rd.match(qu, s)
				if !valid {
					key := "v.want_choice"
					switch qu.Type {
					case questionnaires.TypeYesNo:
						key = "p.yesno"
					case questionnaires.TypeLikert:
						key = "p.level"
					}
					bad("", key)
					continue
				}
				switch {
				case o.id == questionnaires.NA:
					out[id] = questionnaires.NotApplicable()
				case qu.Type == questionnaires.TypeLikert:
					out[id] = questionnaires.Num(o.level)
				default:
					out[id] = questionnaires.Str(o.id)
				}
			case questionnaires.TypeInteger, questionnaires.TypeDecimal, questionnaires.TypePercent, questionnaires.TypeCurrency:
				x, valid := number(s)
				if !valid {
					bad("", "v.want_number")
					continue
				}
				if qu.Type == questionnaires.TypeInteger && x != math.Trunc(x) {
					bad("", "v.want_whole")
					continue
				}
				out[id] = questionnaires.Num(x)
			case questionnaires.TypeDate:
				d, valid := date(s)
				if !valid {
					bad("", "v.date")
					continue
				}
				out[id] = questionnaires.Str(d)
			default:
				out[id] = questionnaires.Str(s)
			}
		}
	}
	return out
}

// unknownParts reports lines whose part does not belong to the question.
func (rd *fillReader) unknownParts(qu *questionnaires.Question, parts map[string]fillCell) {
	for part, fc := range parts {
		known := false
		switch qu.Type {
		case questionnaires.TypeMultiChoice:
			known = strings.HasPrefix(part, partOption) && qu.Choice(strings.TrimPrefix(part, partOption)) != nil
		case questionnaires.TypeMatrix:
			known = strings.HasPrefix(part, partRow) && qu.Row(strings.TrimPrefix(part, partRow)) != nil
		case questionnaires.TypeRubric:
			known = part == partLevel || part == partJustification || part == partEvidence
		default:
			known = part == ""
		}
		if !known {
			rd.problem(fc.row, colPart, i18n.T(rd.lang, "p.unknown", truncateRunes(qu.ID+" "+part, 80)))
		}
	}
}
