package xlsform

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/assocbench/assocbench/questionnaires"
)

// XLSForm mapping
//
// Import and Export translate between assocbench definitions
// and XLSForm workbooks (https://xlsform.org, the spreadsheet format of
// KoboToolbox and ODK). Sheet and column names are matched without regard to
// case or surrounding spaces; other sheets than survey, choices, settings and
// assocbench are not read, except that a workbook of one sheet is the survey
// whatever its name (as pyxform reads it). An empty choices sheet is fine. An
// .xls workbook is refused with ErrLegacyXLS ("save it as .xlsx").
//
// Texts. A text column is "label::Language (code)" (also with a single colon,
// as older pyxform forms write it); the code in parentheses is taken. A bare
// code ("label::fr", "LABEL::EN") and the English or native name of a common
// language ("label::english", "label::Français") are understood too; any
// other language name is an error on the header cell. A column without a
// language ("label", "hint") is in the settings' default_language, English
// when there is none. The questionnaire's languages are those of the text
// columns, in the order they first appear; English is required. A text that
// lacks a language gets its English text (ODK falls back the same way).
// Export writes "label::Name (code)" columns for every language.
//
// survey sheet. Columns: type, name, label, hint, required (yes/true/1 or
// no/false/0/empty; a dynamic required is an error), relevant, constraint,
// constraint_message, calculate (or calculation, its name in the XLSForm
// standard), appearance (read for "multiline" only, otherwise ignored) and
// the assocbench extensions below. Columns whose name starts with "$"
// (KoboToolbox bookkeeping such as $kuid) are ignored. Columns that only
// change how ODK shows the form (rows, autoplay, guidance_hint,
// required_message, bind::saveIncomplete, body::..., see xfPresentation)
// are ignored with a warning naming their header cell
// (ImportWithWarnings). Any other column that has a value on a row is an
// error on that cell, so that nothing that changes the form (default,
// read_only, media, ...) is silently dropped. Every problem is reported
// once, at its sheet!cell, in one error, with the problems that Load finds
// in the translation on the rows where the workbook has none.
// choice_filter (cascading selects) is read: bare names are columns of
// the choices sheet (choicefilter.go).
//
// Types:
//
//	select_one L, select one from L       single_choice with the choices of list L;
//	                                      yes_no when L's options are exactly yes and no, without points
//	select_multiple L, select all that apply (from) L   multi_choice
//	integer (int), decimal                integer, decimal
//	text (string)                         text; long_text with appearance multiline
//	phone number                          text (pyxform's digits-only check cannot be expressed and is not kept)
//	date                                  date
//	note                                  note
//	acknowledge (trigger)                 yes_no
//	calculate                             an indicator scored in the current section, expr from the calculate column,
//	                                      label from the label columns (the name when there are none)
//	begin group / end group               a section: name is the section id, label its title (the name when
//	                                      unlabelled), hint its description; weight its weight. A group's
//	                                      relevant is added to each of its questions ("group and question");
//	                                      nested groups and calculates in a relevant group are errors.
//	start end today deviceid username simserial subscriberid phonenumber audit email uri:...
//	                                      metadata: skipped, they carry no question
//
// Questions outside any group form a section "main" (titled with the form
// title) at the place of the first of them. A calculate outside any group
// is scored in "main" when there is one, else in the section of the group
// before it (the first group when there is none before).
//
// "select_one L or_other" (and "or specify other") adds an "other" choice
// to L's options (unless it has one) and, after the question, a text
// question NAME_other labelled "Specify other", relevant when other is
// selected, as pyxform builds it; export writes them as they are.
//
// Errors, each naming the sheet and row and saying "not supported":
// repeats and loops, geopoint/geotrace/geoshape,
// image/audio/video/file and other media, barcode, time/datetime, range,
// rank, select_one_external and select_one_from_file, osm, hidden, and any
// unknown type.
//
// A yes_no question is exported as "select_one yes_no" with a shared list
// labelled Yes/No in each language; import reads no labels from such a list.
//
// choices sheet: list_name (or "list name"), name, label columns, and the
// assocbench extensions points (number, the choice's points) and exclusive
// (yes: a "none of these" multi_choice option). Media columns with a value
// are errors; other columns are the choices' attrs, which a choice_filter
// reads. A name that is not an assocbench id (1, 10, Yes) becomes one
// deterministically (xfChoiceID: c1, c10, yes) and is kept as the choice's
// name, which export writes back; expressions comparing a question of that
// list with the name are mapped the same way (xlsform_names.go).
//
// settings sheet (first data row): form_id is the id, lower-cased with runs
// of other characters than letters and digits turned into "-" (an error when
// no id is left; without form_id the workbook's file name is used), version
// (default "1"), form_title (the English title; default the id),
// default_language, and the assocbench extensions area (financial,
// membership, communications or profile; missing means profile, so that an
// imported form is never scored by accident) and impact_areas (IA01 IA02
// IA03, separated by spaces or commas). Other settings configure ODK
// servers and clients and are ignored.
//
// assocbench extension columns of the survey sheet, written by export and
// read by import (ODK and Kobo ignore them):
//
//	unit::Language (code)     the unit text
//	weight                    the item's weight (on a begin group row: the section's weight)
//	min, max, max_length      bounds (numbers; max_length a whole number)
//	allow_na                  yes: accept "n/a"
//	scoring                   none | choice | scale | yes_no[:yes=P;no=P] | bands:T=P;T=P... |
//	                          count:T=P;... | linear:FROM..TO   (empty: the type's default)
//	assocbench_type           the assocbench type where the XLSForm type does not say it:
//	                          percent and currency (on integer or decimal), likert, rubric and matrix
//	                          (on select_one, the list's names are 1..N and its labels the levels),
//	                          single_choice (a yes/no list that is not a yes_no question)
//	assocbench_rows           matrix: the choices list holding the rows
//	assocbench_choices_from   countries, timezones or languages: the built-in list; the choices
//	                          list is written for ODK users and not read back
//	assocbench_relevant, assocbench_constraint, assocbench_calculate
//	                          the expression in the assocbench spelling below, when the standard
//	                          column holds another one, in ODK's XPath only (xlsform_odk.go);
//	                          "-" for a question whose constraint column holds only its bounds.
//	                          Import reads these instead of the standard column.
//
// assocbench sheet (optional): columns kind, name, min, label::..., description::...
// One row of kind "title" (the title in every language; when settings has a
// form_title too, the English texts must agree), one of kind "description",
// and one per maturity level, kind "maturity_level", name the level id, min
// its threshold.
//
// Expressions. relevant, constraint and calculate are XPath as ODK writes
// it, translated by a tokenizer and parser, not by rewriting text:
// ${q} -> q, "." -> value (constraints only), selected(${q}, 'x') ->
// selected(q, 'x'), count-selected(${q}) -> count(q), and, or, not(x) ->
// not x, = -> ==, != < <= > >=, + - * and div (-> /), unary minus, numbers,
// 'strings' and "strings", true() and false(), if(c, a, b) -> c ? a : b,
// pow(a, b) -> a ** b, coalesce(a, b) -> a ?? b, round(x) and round(x, 0)
// -> round(x), abs, min, max. ${q} = '' and ${q} != '' (ODK's idiom for
// "unanswered"/"answered") become not answered(q) and answered(q). The
// extensions that assocbench needs and ODK lacks are read, and written in
// the assocbench_ columns, the same way in both directions: answered(),
// sum() with several arguments, ratio(), hhi(), lists [a, b], a in b,
// nil(), and ${matrix}/row for a matrix row (the standard columns get
// their ODK translation, see xlsform_odk.go).
// Anything else (mod, count() of repeats, concat(), regex(), today(), paths,
// "|", ...) is an error that names the sheet, row and offending token.
// Expressions come back canonically formatted (single spaces around
// operators, 'single quotes'), so an exported and re-imported questionnaire
// has the same expression trees, not always the same spelling; a comparison
// with the empty string comes back as answered().
//
// Export then import gives back the same questionnaire, except that the
// indicators are listed in the order of their sections (each is written at
// the end of its section's group).

// Limits on an uploaded workbook.
const (
	maxXLSFormSize     = 32 << 20
	maxXLSFormUnzipped = 256 << 20
	maxXLSFormRows     = 20000
)

// xfMetadata are the XLSForm metadata types: they record facts about the
// submission and carry no question.
var xfMetadata = map[string]bool{
	"start": true, "end": true, "today": true, "deviceid": true, "username": true,
	"simserial": true, "subscriberid": true, "phonenumber": true, "audit": true,
	"email": true,
}

// xfUnsupported are XLSForm types with no assocbench equivalent, with the reason.
var xfUnsupported = map[string]string{
	"geopoint": "assocbench has no location questions", "geotrace": "assocbench has no location questions",
	"geoshape": "assocbench has no location questions", "start-geopoint": "assocbench has no location questions",
	"image": "assocbench has no file or media answers", "photo": "assocbench has no file or media answers",
	"audio": "assocbench has no file or media answers", "video": "assocbench has no file or media answers",
	"file": "assocbench has no file or media answers", "background-audio": "assocbench has no file or media answers",
	"background-geopoint": "assocbench has no location questions",
	"barcode":             "assocbench has no barcode questions",
	"time":                "assocbench has dates only", "datetime": "assocbench has dates only", "datetime-local": "assocbench has dates only",
	"range":        "use integer or decimal with min and max",
	"hidden":       "assocbench has no hidden fields",
	"xml-external": "assocbench has no external data", "csv-external": "assocbench has no external data",
}

// xfLanguageNames maps language codes to their English and native names.
var xfLanguageNames = []struct{ code, english, native string }{
	{"en", "English", "English"}, {"fr", "French", "Français"}, {"es", "Spanish", "Español"},
	{"ar", "Arabic", "العربية"}, {"pt", "Portuguese", "Português"}, {"de", "German", "Deutsch"},
	{"it", "Italian", "Italiano"}, {"nl", "Dutch", "Nederlands"}, {"ru", "Russian", "Русский"},
	{"zh", "Chinese", "中文"}, {"ja", "Japanese", "日本語"}, {"ko", "Korean", "한국어"},
	{"hi", "Hindi", "हिन्दी"}, {"bn", "Bengali", "বাংলা"}, {"ur", "Urdu", "اردو"},
	{"fa", "Persian", "فارسی"}, {"tr", "Turkish", "Türkçe"}, {"sw", "Swahili", "Kiswahili"},
	{"id", "Indonesian", "Bahasa Indonesia"}, {"ms", "Malay", "Bahasa Melayu"}, {"vi", "Vietnamese", "Tiếng Việt"},
	{"th", "Thai", "ไทย"}, {"pl", "Polish", "Polski"}, {"uk", "Ukrainian", "Українська"},
	{"el", "Greek", "Ελληνικά"}, {"he", "Hebrew", "עברית"}, {"am", "Amharic", "አማርኛ"},
	{"ha", "Hausa", "Hausa"}, {"yo", "Yoruba", "Yorùbá"}, {"so", "Somali", "Soomaali"},
	{"ne", "Nepali", "नेपाली"}, {"my", "Burmese", "မြန်မာ"}, {"km", "Khmer", "ខ្មែរ"},
	{"sv", "Swedish", "Svenska"}, {"da", "Danish", "Dansk"}, {"fi", "Finnish", "Suomi"},
	{"no", "Norwegian", "Norsk"}, {"ro", "Romanian", "Română"}, {"hu", "Hungarian", "Magyar"},
	{"cs", "Czech", "Čeština"}, {"rw", "Kinyarwanda", "Ikinyarwanda"}, {"mg", "Malagasy", "Malagasy"},
	{"ps", "Pashto", "پښتو"}, {"tl", "Tagalog", "Tagalog"}, {"ta", "Tamil", "தமிழ்"},
	{"ca", "Catalan", "Català"}, {"hr", "Croatian", "Hrvatski"}, {"sr", "Serbian", "Српски"},
}

var xfLanguageAliases = map[string]string{"francais": "fr", "espanol": "es", "portugues": "pt", "arabe": "ar"}

// xfTextBases are the columns that hold multilingual text.
var xfTextBases = map[string]bool{"label": true, "hint": true, "constraint_message": true, "unit": true, "description": true}

var xfReCode = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// xfLanguage turns the language part of a column name into a code.
func xfLanguage(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '('); i >= 0 && strings.HasSuffix(s, ")") {
		s = strings.TrimSpace(s[i+1 : len(s)-1])
		if !xfReCode.MatchString(s) {
			return "", false
		}
	}
	if xfReCode.MatchString(s) && (len(s) <= 3 || strings.Contains(s, "-")) {
		first, rest, _ := strings.Cut(s, "-")
		if rest != "" {
			return strings.ToLower(first) + "-" + rest, true
		}
		return strings.ToLower(first), true
	}
	low := strings.ToLower(s)
	if c, ok := xfLanguageAliases[low]; ok {
		return c, true
	}
	for _, l := range xfLanguageNames {
		if low == strings.ToLower(l.english) || low == strings.ToLower(l.native) {
			return l.code, true
		}
	}
	return "", false
}

// xfCell is a cell of the workbook, where a problem is reported.
type xfCell struct {
	sheet    string
	row, col int // 1-based
}

func (c xfCell) String() string {
	name, err := excelize.CoordinatesToCellName(max(c.col, 1), max(c.row, 1))
	if err != nil {
		name = "A1"
	}
	return c.sheet + "!" + name
}

var xfSheetOrder = map[string]int{"survey": 0, "choices": 1, "settings": 2, "assocbench": 3}

// xfColumn is one header of a sheet.
type xfColumn struct {
	idx    int // 0-based
	header string
	base   string // normalised name without language
	lang   string // text columns: the language code
}

// xfSheet is a sheet read into rows of strings.
type xfSheet struct {
	name  string // the sheet's name in the workbook
	kind  string // survey, choices, settings or assocbench
	rows  [][]string
	cols  []xfColumn
	plain map[string]int            // base -> column of non-text columns
	texts map[string]map[string]int // base -> language -> column
}

func (s *xfSheet) cell(row, idx int) xfCell { return xfCell{sheet: s.kind, row: row, col: idx + 1} }

// get is the trimmed value of a column on a row (row is 1-based).
func (s *xfSheet) get(row int, base string) (string, xfCell) {
	idx, ok := s.plain[base]
	if !ok {
		return "", s.cell(row, 0)
	}
	r := s.rows[row-1]
	if idx < len(r) {
		return strings.TrimSpace(r[idx]), s.cell(row, idx)
	}
	return "", s.cell(row, idx)
}

// expr is the expression of a relevant, constraint or calculate column
// on a row: the assocbench_ extension column when it has a value (the
// assocbench spelling that export keeps beside the ODK one; "-" for none),
// else the standard column (for calculate, also its standard name
// "calculation").
func (s *xfSheet) expr(row int, base string) (string, xfCell) {
	if v, at := s.get(row, "assocbench_"+base); v != "" {
		if v == "-" {
			v = ""
		}
		return v, at
	}
	v, at := s.get(row, base)
	if v == "" && base == "calculate" {
		if w, wat := s.get(row, "calculation"); w != "" {
			return w, wat
		}
	}
	return v, at
}

// text reads a multilingual text of a row, with the cell of its first language.
func (s *xfSheet) text(row int, base string) (questionnaires.Text, xfCell) {
	cols := s.texts[base]
	var t questionnaires.Text
	at := s.cell(row, 0)
	first := -1
	r := s.rows[row-1]
	for lang, idx := range cols {
		if idx < len(r) && strings.TrimSpace(r[idx]) != "" {
			if t == nil {
				t = questionnaires.Text{}
			}
			t[lang] = strings.TrimSpace(r[idx])
			if first < 0 || idx < first {
				first = idx
			}
		}
	}
	if first >= 0 {
		at = s.cell(row, first)
	} else if len(cols) > 0 {
		for _, idx := range cols {
			if first < 0 || idx < first {
				first = idx
			}
		}
		at = s.cell(row, first)
	}
	return t, at
}

func (s *xfSheet) empty(row int) bool {
	for _, v := range s.rows[row-1] {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// xfImporter holds the state of one import.
type xfImporter struct {
	file     string
	problems []xfProblem
	sheets   map[string]*xfSheet
	defLang  string
	langs    []string
	lists    map[string][]xfChoice
	listRow  map[string]int

	sheetNames []string                     // the workbook's sheets, for problems
	selectList map[string]string            // select question -> its list
	renamed    map[string]map[string]string // list -> choice name -> id, for names that are not ids
	warnings   []string
	warned     map[xfCell]bool
}

type xfProblem struct {
	at  xfCell
	msg string
}

func (im *xfImporter) bad(at xfCell, format string, args ...any) {
	p := xfProblem{at: at, msg: fmt.Sprintf(format, args...)}
	if slices.Contains(im.problems, p) {
		return // every problem once
	}
	im.problems = append(im.problems, p)
}

// err is the problems as a *DefinitionError, in sheet, row and column order.
func (im *xfImporter) err() error {
	ps := slices.Clone(im.problems)
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i].at, ps[j].at
		if a.sheet != b.sheet {
			return xfSheetOrder[a.sheet] < xfSheetOrder[b.sheet]
		}
		if a.row != b.row {
			return a.row < b.row
		}
		return a.col < b.col
	})
	e := &questionnaires.DefinitionError{}
	for _, p := range ps {
		e.Problems = append(e.Problems, questionnaires.Problem{File: im.file, Line: p.at.row, Path: p.at.String(), Message: p.msg})
	}
	return e
}

// ErrLegacyXLS is the error of Import for an .xls (Excel 97-2003)
// workbook, which it does not read.
var ErrLegacyXLS = errors.New("this is an .xls (Excel 97-2003) workbook: save it as .xlsx (Excel Workbook) and import that")

// xfOLE2Magic starts every .xls file (an OLE2 compound document).
var xfOLE2Magic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Import reads an XLSForm workbook (survey, choices and settings
// sheets, and the assocbench sheet that Export writes) and returns
// the equivalent definition as YAML source, loaded with Load so that it
// passes the same validation as any definition. name is the workbook's name
// in problems. A problem with the workbook is a *DefinitionError whose
// problems have File name, Line the row and Path the sheet and cell
// ("survey!A12"); problems that Load finds in the translation are reported
// at the cells they come from. The YAML source is returned whenever the
// workbook could be translated, also when Load rejects it. A file that is
// not a readable .xlsx workbook is a plain error.
func Import(name string, r io.Reader) (yamlSource []byte, q *questionnaires.Questionnaire, err error) {
	yamlSource, q, _, err = ImportWithWarnings(name, r)
	return yamlSource, q, err
}

// ImportWithWarnings is Import that also returns what it ignored
// ("survey!F1: column "rows" only changes how ODK shows the form:
// ignored"), one warning per column, with its header cell.
func ImportWithWarnings(name string, r io.Reader) (yamlSource []byte, q *questionnaires.Questionnaire, warnings []string, err error) {
	im := &xfImporter{file: name, sheets: map[string]*xfSheet{}, warned: map[xfCell]bool{}}
	yamlSource, q, err = im.run(name, r)
	return yamlSource, q, im.warnings, err
}

// run is Import with the importer's state in im.
func (im *xfImporter) run(name string, r io.Reader) (yamlSource []byte, q *questionnaires.Questionnaire, err error) {
	data, err := io.ReadAll(io.LimitReader(r, maxXLSFormSize+1))
	if err != nil {
		return nil, nil, fmt.Errorf("read xlsform %s: %w", name, err)
	}
	if len(data) > maxXLSFormSize {
		return nil, nil, fmt.Errorf("read xlsform %s: larger than %d bytes", name, maxXLSFormSize)
	}
	if bytes.HasPrefix(data, xfOLE2Magic) {
		return nil, nil, fmt.Errorf("read xlsform %s: %w", name, ErrLegacyXLS)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue: true, UnzipSizeLimit: maxXLSFormUnzipped, UnzipXMLSizeLimit: maxXLSFormUnzipped / 4,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read xlsform %s: not an .xlsx workbook: %w", name, err)
	}
	defer f.Close()
	list := f.GetSheetList()
	im.sheetNames = list
	for _, sn := range list {
		kind := strings.ToLower(strings.TrimSpace(sn))
		if _, ok := xfSheetOrder[kind]; !ok && len(list) == 1 {
			kind = "survey" // as pyxform: a workbook of one sheet is the survey
		}
		if _, ok := xfSheetOrder[kind]; !ok || im.sheets[kind] != nil {
			continue
		}
		rows, err := f.GetRows(sn, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, nil, fmt.Errorf("read xlsform %s: sheet %s: %w", name, sn, err)
		}
		if len(rows) > maxXLSFormRows {
			im.bad(xfCell{sheet: kind, row: maxXLSFormRows + 1, col: 1}, "more than %d rows", maxXLSFormRows)
			rows = rows[:maxXLSFormRows]
		}
		im.sheets[kind] = &xfSheet{name: sn, kind: kind, rows: rows}
	}
	doc := im.read(name)
	// the definition is loaded also when the workbook has problems, so
	// that all are reported in one pass: Load's problems at cells that
	// have none of the workbook's
	sheetProblems := len(im.problems)
	type sheetRow struct {
		sheet string
		row   int
	}
	rows := map[sheetRow]bool{}
	for _, p := range im.problems {
		rows[sheetRow{p.at.sheet, p.at.row}] = true
	}
	// with the workbook's problems, only Load's problems on other data rows
	// of the survey and choices sheets: the others follow from what was
	// left out (a form without questions, a title without a form_id)
	echo := func(c xfCell) bool {
		return sheetProblems > 0 && (rows[sheetRow{c.sheet, c.row}] || c.row < 2 || (c.sheet != "survey" && c.sheet != "choices"))
	}
	src, origins := doc.yaml(im.langs)
	q, err = questionnaires.Load(name, src)
	if err != nil {
		var de *questionnaires.DefinitionError
		if !errors.As(err, &de) {
			return src, nil, fmt.Errorf("load %s: %w", name, err)
		}
		for _, p := range de.Problems {
			cell := xfCell{sheet: "survey", row: 1, col: 1}
			if p.Line >= 1 && p.Line <= len(origins) {
				cell = origins[p.Line-1]
			}
			if echo(cell) {
				continue
			}
			msg := xfReOnLine.ReplaceAllStringFunc(p.Message, func(m string) string {
				n, _ := strconv.Atoi(xfReOnLine.FindStringSubmatch(m)[1])
				if n >= 1 && n <= len(origins) {
					return "in " + origins[n-1].String()
				}
				return m
			})
			im.bad(cell, "%s", msg)
		}
		return src, nil, im.err()
	}
	if sheetProblems > 0 {
		return nil, nil, im.err()
	}
	return src, q, nil
}

var xfReOnLine = regexp.MustCompile(`on line (\d+)`)

// header reads the first row of a sheet into columns.
func (im *xfImporter) header(s *xfSheet) {
	s.plain = map[string]int{}
	s.texts = map[string]map[string]int{}
	if len(s.rows) == 0 {
		return
	}
	for idx, h := range s.rows[0] {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		base, langPart, hasLang := h, "", false
		if i := strings.Index(h, "::"); i >= 0 {
			base, langPart, hasLang = h[:i], h[i+2:], true
		} else if i := strings.IndexByte(h, ':'); i >= 0 {
			base, langPart, hasLang = h[:i], h[i+1:], true
		}
		base = strings.Join(strings.Fields(strings.ToLower(base)), "_")
		col := xfColumn{idx: idx, header: h, base: base}
		switch {
		case xfTextBases[base]:
			lang := im.defLang
			if hasLang {
				var ok bool
				if lang, ok = xfLanguage(langPart); !ok {
					im.bad(s.cell(1, idx), "cannot tell the language of column %q: write it as %s::Name (code), e.g. %s::English (en)", h, base, base)
					continue
				}
			}
			col.lang = lang
			if s.texts[base] == nil {
				s.texts[base] = map[string]int{}
			}
			if prev, dup := s.texts[base][lang]; dup {
				im.bad(s.cell(1, idx), "column %q repeats column %q (both are %s in %s)", h, s.rows[0][prev], base, lang)
				continue
			}
			s.texts[base][lang] = idx
			if !slices.Contains(im.langs, lang) {
				im.langs = append(im.langs, lang)
			}
		case hasLang:
			col.base = strings.ToLower(h) // e.g. media::image, jr:constraintMsg, bind::...
		default:
			if _, dup := s.plain[base]; dup && !strings.HasPrefix(base, "$") {
				im.bad(s.cell(1, idx), "column %q appears twice", h)
				continue
			}
			s.plain[base] = idx
		}
		s.cols = append(s.cols, col)
	}
}

// xfPresentation reports whether a column (its lower-case base) only
// changes how ODK Collect or Enketo shows the form, so that import can
// ignore it with a warning.
func xfPresentation(base string) bool {
	switch base {
	case "rows", "autoplay", "body::rows", "bind::jr:saveincomplete", "bind::saveincomplete", "bind::odk:saveincomplete", "style":
		return true
	}
	for _, p := range []string{"guidance_hint", "required_message", "body::", "jr:requiredmsg"} {
		if strings.HasPrefix(base, p) {
			return true
		}
	}
	return false
}

// unsupportedCells reports every value in a column that the sheet does not understand.
func (im *xfImporter) unsupportedCells(s *xfSheet, row int, known func(base string) bool, what string) {
	r := s.rows[row-1]
	for _, c := range s.cols {
		if c.idx >= len(r) || strings.TrimSpace(r[c.idx]) == "" || strings.HasPrefix(c.base, "$") || known(c.base) {
			continue
		}
		if xfPresentation(c.base) {
			if at := s.cell(1, c.idx); !im.warned[at] {
				im.warned[at] = true
				im.warnings = append(im.warnings, fmt.Sprintf("%s: column %q only changes how ODK shows the form: ignored", at, c.header))
			}
			continue
		}
		im.bad(s.cell(row, c.idx), "column %q is not supported%s", c.header, what)
	}
}

// xfDoc is the definition being built, with the cell each part comes from.
type xfDoc struct {
	id, version, area  string
	impact             []string
	title, description questionnaires.Text
	sections           []*xfSection
	indicators         []*xfIndicator
	levels             []*xfLevel
	at                 map[string]xfCell
	top                xfCell
	mainSection        *xfSection // the questions outside any group
}

type xfSection struct {
	id          string
	title, desc questionnaires.Text
	weight      *float64
	questions   []*xfQuestion
	relevant    node
	at          map[string]xfCell
	row         xfCell
}

type xfQuestion struct {
	id, typ                 string
	label, hint, unit, cmsg questionnaires.Text
	required, allowNA       bool
	weight, min, max        *float64
	maxLength               int
	relevant, constraint    string
	choiceFilter            string
	choices, rows           []xfChoice
	choicesFrom             string
	levels                  []xfChoice
	scoring                 *questionnaires.Scoring
	at                      map[string]xfCell
	row                     xfCell
	choicesListAt           xfCell
}

type xfChoice struct {
	id        string
	name      string // the XLSForm name, when it is not a valid id
	label     questionnaires.Text
	points    *float64
	exclusive bool
	attrs     map[string]string // the other columns, which a choice_filter reads
	at        xfCell
}

type xfIndicator struct {
	id, section       string
	label, hint, unit questionnaires.Text
	expr              string
	weight            *float64
	scoring           *questionnaires.Scoring
	at                map[string]xfCell
	row               xfCell
}

type xfLevel struct {
	id                 string
	min                *float64
	label, description questionnaires.Text
	at                 map[string]xfCell
	row                xfCell
}

// read translates the sheets into a definition, collecting problems.
func (im *xfImporter) read(name string) *xfDoc {
	doc := &xfDoc{at: map[string]xfCell{}, top: xfCell{sheet: "settings", row: 1, col: 1}}
	survey := im.sheets["survey"]
	if survey == nil || len(survey.rows) == 0 {
		im.bad(xfCell{sheet: "survey", row: 1, col: 1}, "the workbook has no survey sheet (or it is empty); its sheets are %s", strings.Join(im.sheetNames, ", "))
		return doc
	}
	// the default language comes first: bare text columns are in it
	im.defLang = questionnaires.DefaultLanguage
	if st := im.sheets["settings"]; st != nil {
		im.header(st)
		if len(st.rows) >= 2 {
			if v, at := st.get(2, "default_language"); v != "" {
				if code, ok := xfLanguage(v); ok {
					im.defLang = code
				} else {
					im.bad(at, "cannot tell the language of default_language %q: write it as Name (code), e.g. English (en)", v)
				}
			}
		}
	}
	im.langs = nil
	for _, kind := range []string{"survey", "choices", "assocbench"} {
		if s := im.sheets[kind]; s != nil {
			im.header(s)
		}
	}
	if _, ok := survey.plain["type"]; !ok {
		im.bad(survey.cell(1, 0), "the survey sheet has no type column")
		return doc
	}
	if _, ok := survey.plain["name"]; !ok {
		im.bad(survey.cell(1, 0), "the survey sheet has no name column")
		return doc
	}
	if _, ok := survey.texts["label"][questionnaires.DefaultLanguage]; !ok {
		im.bad(survey.cell(1, 0), "the survey sheet has no English label column (label or label::English (en)): assocbench needs English on every text")
		return doc
	}
	im.langs = im.languageOrder()

	im.settings(doc, name)
	im.choices()
	im.selectLists()
	im.survey(doc)
	im.assocbench(doc)
	im.fillTexts(doc)
	return doc
}

// languageOrder orders the languages as their label columns appear in the survey sheet.
func (im *xfImporter) languageOrder() []string {
	s := im.sheets["survey"]
	var out []string
	for _, c := range s.cols {
		if c.base == "label" && !slices.Contains(out, c.lang) {
			out = append(out, c.lang)
		}
	}
	for _, l := range im.langs {
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

var xfReIDRun = regexp.MustCompile(`[^a-z0-9]+`)

// xfSanitiseID turns a form_id or file name into a questionnaire id.
func xfSanitiseID(s string) (string, bool) {
	s = xfReIDRun.ReplaceAllString(strings.ToLower(s), "-")
	s = strings.TrimLeft(s, "-0123456789")
	if len(s) > questionnaires.MaxIDLen {
		s = s[:questionnaires.MaxIDLen]
	}
	s = strings.TrimRight(s, "-")
	return s, questionnaires.ValidQuestionnaireID(s)
}

// settings reads the first data row of the settings sheet into the top level.
func (im *xfImporter) settings(doc *xfDoc, name string) {
	st := im.sheets["settings"]
	val := func(key string) (string, xfCell) {
		if st == nil || len(st.rows) < 2 {
			return "", xfCell{sheet: "settings", row: 1, col: 1}
		}
		if _, ok := st.plain[key]; !ok {
			return "", xfCell{sheet: "settings", row: 1, col: 1}
		}
		return st.get(2, key)
	}
	id, at := val("form_id")
	doc.at["id"] = at
	if id == "" {
		base := path.Base(strings.ReplaceAll(name, "\\", "/"))
		base = strings.TrimSuffix(base, path.Ext(base))
		if s, ok := xfSanitiseID(base); ok {
			doc.id = s
		} else {
			im.bad(at, "no form_id in the settings sheet, and the workbook name %q does not make an id: add a settings sheet with a form_id", name)
		}
	} else if s, ok := xfSanitiseID(id); ok {
		doc.id = s
	} else {
		im.bad(at, "form_id %q cannot be turned into an id (a letter, then letters, digits and '-')", id)
	}
	doc.version, doc.at["version"] = val("version")
	if doc.version == "" {
		doc.version = "1"
	}
	title, tat := val("form_title")
	doc.at["title"] = tat
	if title != "" {
		doc.title = questionnaires.Text{questionnaires.DefaultLanguage: title}
	}
	doc.area, doc.at["area"] = val("area")
	if doc.area == "" {
		doc.area = string(questionnaires.AreaProfile)
	}
	doc.area = strings.ToLower(doc.area)
	ia, iat := val("impact_areas")
	doc.at["impact_areas"] = iat
	for _, f := range strings.FieldsFunc(ia, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		doc.impact = append(doc.impact, strings.ToUpper(f))
	}
	doc.top = doc.at["id"]
}

// xfBlank reports whether a sheet has no value at all.
func xfBlank(s *xfSheet) bool {
	for _, r := range s.rows {
		for _, v := range r {
			if strings.TrimSpace(v) != "" {
				return false
			}
		}
	}
	return true
}

// choices reads the choices sheet into lists by name.
func (im *xfImporter) choices() {
	im.lists = map[string][]xfChoice{}
	im.listRow = map[string]int{}
	s := im.sheets["choices"]
	if s == nil || xfBlank(s) {
		return // an empty choices sheet is fine when no question needs a list
	}
	listCol := "list_name"
	if _, ok := s.plain[listCol]; !ok {
		im.bad(s.cell(1, 0), "the choices sheet has no list_name column")
		return
	}
	nameCol := "name"
	if _, ok := s.plain[nameCol]; !ok {
		nameCol = "value"
	}
	known := func(base string) bool {
		switch base {
		case "image", "audio", "video", "big-image", "big_image":
			return false
		}
		return !strings.HasPrefix(base, "media::") && !strings.HasPrefix(base, "media:")
	}
	for row := 2; row <= len(s.rows); row++ {
		if s.empty(row) {
			continue
		}
		list, lat := s.get(row, listCol)
		cname, nat := s.get(row, nameCol)
		if list == "" {
			im.bad(lat, "choice %q has no list_name", cname)
			continue
		}
		im.unsupportedCells(s, row, known, ": choices cannot have media")
		c := xfChoice{id: cname, at: nat}
		if cname != "" && !questionnaires.ValidChoiceID(cname) {
			c.id, c.name = xfChoiceID(cname), cname
			im.rename(list, c)
		}
		c.label, _ = s.text(row, "label")
		if v, at := s.get(row, "points"); v != "" {
			c.points = im.number(v, at, "points")
		}
		if v, at := s.get(row, "exclusive"); v != "" {
			c.exclusive = im.yesNo(v, at, "exclusive")
		}
		c.attrs = xfChoiceAttrs(s, row, nameCol)
		if _, ok := im.listRow[list]; !ok {
			im.listRow[list] = row
		}
		im.lists[list] = append(im.lists[list], c)
	}
}

func (im *xfImporter) number(v string, at xfCell, what string) *float64 {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		im.bad(at, "%s %q is not a number", what, v)
		return nil
	}
	return &f
}

func (im *xfImporter) yesNo(v string, at xfCell, what string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "yes", "true", "1", "true()", "y":
		return true
	case "no", "false", "0", "false()", "n", "":
		return false
	}
	im.bad(at, "%s %q must be yes or no", what, v)
	return false
}

// xfSurveyColumns are the survey columns import understands.
var xfSurveyColumns = map[string]bool{
	"type": true, "name": true, "label": true, "hint": true, "required": true, "relevant": true,
	"constraint": true, "constraint_message": true, "calculate": true, "appearance": true,
	"unit": true, "weight": true, "min": true, "max": true, "max_length": true, "allow_na": true,
	"scoring": true, "assocbench_type": true, "assocbench_rows": true, "assocbench_choices_from": true,
	"assocbench_relevant": true, "assocbench_constraint": true, "calculation": true, "assocbench_calculate": true,
	"choice_filter": true, "assocbench_choice_filter": true,
}

// xfType is a parsed survey type cell.
type xfType struct {
	kind string              // question, group, endgroup, repeat, endrepeat, calculate, metadata
	typ  questionnaires.Type // questions
	xf   string              // the XLSForm type, normalised: select_one, select_multiple, integer, ...
	list string
	// orOther: "select_one L or_other": an "other" choice and a text
	// question NAME_other, relevant when it is selected (as pyxform does)
	orOther bool
}

// xfParseType reads a type cell; a non-empty problem means the type is refused.
func xfParseType(raw string) (xfType, string) {
	fields := strings.Fields(raw)
	low := make([]string, len(fields))
	for i, f := range fields {
		low[i] = strings.ToLower(f)
	}
	joined := strings.Join(low, " ")
	notSupported := func(why string) string {
		if why == "" {
			return fmt.Sprintf("type %q is not supported", raw)
		}
		return fmt.Sprintf("type %q is not supported: %s", raw, why)
	}
	switch joined {
	case "begin group", "begin_group":
		return xfType{kind: "group"}, ""
	case "end group", "end_group":
		return xfType{kind: "endgroup"}, ""
	case "end repeat", "end_repeat", "end loop", "end_loop", "end lgroup", "end looped group":
		return xfType{kind: "endrepeat"}, ""
	case "integer", "int":
		return xfType{kind: "question", typ: questionnaires.TypeInteger, xf: "integer"}, ""
	case "decimal":
		return xfType{kind: "question", typ: questionnaires.TypeDecimal, xf: "decimal"}, ""
	case "text", "string":
		return xfType{kind: "question", typ: questionnaires.TypeText, xf: "text"}, ""
	case "phone number", "phone_number":
		return xfType{kind: "question", typ: questionnaires.TypeText, xf: "text"}, ""
	case "date":
		return xfType{kind: "question", typ: questionnaires.TypeDate, xf: "date"}, ""
	case "note":
		return xfType{kind: "question", typ: questionnaires.TypeNote, xf: "note"}, ""
	case "acknowledge", "trigger":
		return xfType{kind: "question", typ: questionnaires.TypeYesNo, xf: "acknowledge"}, ""
	case "calculate":
		return xfType{kind: "calculate"}, ""
	}
	if strings.HasPrefix(joined, "begin repeat") || strings.HasPrefix(joined, "begin_repeat") ||
		strings.HasPrefix(joined, "begin loop") || strings.HasPrefix(joined, "begin lgroup") ||
		strings.HasPrefix(joined, "begin looped") {
		return xfType{kind: "repeat"}, notSupported("assocbench has no repeats or loops")
	}
	if len(low) == 1 && (xfMetadata[low[0]] || strings.HasPrefix(low[0], "uri:")) {
		return xfType{kind: "metadata"}, ""
	}
	// selects
	var typ questionnaires.Type
	var rest []string
	switch {
	case len(low) >= 1 && low[0] == "select_one":
		typ, rest = questionnaires.TypeSingleChoice, fields[1:]
	case len(low) >= 1 && low[0] == "select_multiple":
		typ, rest = questionnaires.TypeMultiChoice, fields[1:]
	case len(low) >= 2 && low[0] == "select" && low[1] == "one":
		typ, rest = questionnaires.TypeSingleChoice, fields[2:]
	case len(low) >= 2 && low[0] == "select" && low[1] == "multiple":
		typ, rest = questionnaires.TypeMultiChoice, fields[2:]
	case len(low) >= 4 && strings.Join(low[:4], " ") == "select all that apply":
		typ, rest = questionnaires.TypeMultiChoice, fields[4:]
	}
	if typ != "" {
		if len(rest) > 0 && strings.EqualFold(rest[0], "from") {
			if len(rest) > 1 && strings.EqualFold(rest[1], "file") {
				return xfType{}, notSupported("choices from a file are not supported")
			}
			rest = rest[1:]
		}
		if len(rest) == 0 {
			return xfType{}, fmt.Sprintf("type %q needs the name of a choice list", raw)
		}
		tail := strings.ToLower(strings.Join(rest[1:], " "))
		orOther := false
		switch tail {
		case "":
		case "or_other", "or specify other", "or other":
			orOther = true
		default:
			return xfType{}, fmt.Sprintf("type %q: unexpected %q after the list name", raw, strings.Join(rest[1:], " "))
		}
		xf := "select_one"
		if typ == questionnaires.TypeMultiChoice {
			xf = "select_multiple"
		}
		return xfType{kind: "question", typ: typ, xf: xf, list: rest[0], orOther: orOther}, ""
	}
	if len(low) >= 1 {
		switch {
		case strings.HasPrefix(low[0], "select_one_from_file"), strings.HasPrefix(low[0], "select_multiple_from_file"):
			return xfType{}, notSupported("choices from a file are not supported")
		case strings.HasPrefix(low[0], "select_one_external"), strings.HasPrefix(low[0], "select_multiple_external"):
			return xfType{}, notSupported("external choices are not supported")
		case low[0] == "rank":
			return xfType{}, notSupported("assocbench has no ranking questions")
		case low[0] == "osm":
			return xfType{}, notSupported("assocbench has no map questions")
		}
		if why, ok := xfUnsupported[low[0]]; ok && len(low) == 1 {
			return xfType{}, notSupported(why)
		}
	}
	return xfType{}, fmt.Sprintf("unknown type %q", raw)
}

// survey reads the survey sheet into sections, questions and indicators.
func (im *xfImporter) survey(doc *xfDoc) {
	s := im.sheets["survey"]
	var cur *xfSection // open group
	var last *xfSection
	repeatDepth := 0
	refusedGroups := 0 // nested groups refused: their end group closes them
	var pending []*xfIndicator
	var pendingAfter []*xfSection
	for row := 2; row <= len(s.rows); row++ {
		if s.empty(row) {
			continue
		}
		rawType, tat := s.get(row, "type")
		name, nat := s.get(row, "name")
		if rawType == "" {
			im.bad(tat, "row has no type")
			continue
		}
		t, problem := xfParseType(rawType)
		if repeatDepth > 0 {
			// inside a refused repeat: only track its end
			switch t.kind {
			case "repeat":
				repeatDepth++
			case "endrepeat":
				repeatDepth--
			}
			continue
		}
		if problem != "" {
			im.bad(tat, "%s", problem)
			if t.kind == "repeat" {
				repeatDepth = 1
			}
			continue
		}
		switch t.kind {
		case "metadata":
			continue
		case "endrepeat":
			im.bad(tat, "%q without a begin repeat", rawType)
			continue
		case "group":
			if cur != nil {
				im.bad(tat, "group %q is inside group %q: nested groups are not supported (a group is a section)", name, cur.id)
				refusedGroups++
				continue
			}
			cur = im.group(s, row, name, nat, tat)
			doc.sections = append(doc.sections, cur)
			last = cur
			continue
		case "endgroup":
			if refusedGroups > 0 {
				refusedGroups--
				continue
			}
			if cur == nil {
				im.bad(tat, "end group without a begin group")
			}
			cur = nil
			continue
		}
		sec := cur
		if t.kind == "calculate" {
			in := im.calculate(s, row, name, nat, tat)
			if in == nil {
				continue
			}
			if sec != nil {
				if sec.relevant != nil {
					im.bad(tat, "calculate %q is in group %q that has a relevant: indicators cannot depend on relevance", name, sec.id)
					continue
				}
				in.section = sec.id
			} else {
				pending = append(pending, in)
				pendingAfter = append(pendingAfter, last)
			}
			doc.indicators = append(doc.indicators, in)
			continue
		}
		if sec == nil {
			if doc.mainSection == nil {
				doc.mainSection = &xfSection{id: "main", at: map[string]xfCell{}, row: tat}
				doc.sections = append(doc.sections, doc.mainSection)
			}
			sec = doc.mainSection
		}
		if qu := im.question(s, row, t, name, nat, tat, sec); qu != nil {
			sec.questions = append(sec.questions, qu)
			if t.orOther {
				sec.questions = append(sec.questions, im.orOther(qu, nat, tat))
			}
		}
	}
	if cur != nil {
		im.bad(cur.row, "group %q has no end group", cur.id)
	}
	for i, in := range pending {
		switch {
		case doc.mainSection != nil:
			in.section = doc.mainSection.id
		case pendingAfter[i] != nil:
			in.section = pendingAfter[i].id
		case len(doc.sections) > 0:
			in.section = doc.sections[0].id
		default:
			im.bad(in.row, "calculate %q: the form has no question to score it with", in.id)
		}
	}
}

// group reads a begin group row into a section.
func (im *xfImporter) group(s *xfSheet, row int, name string, nat, tat xfCell) *xfSection {
	sec := &xfSection{id: name, at: map[string]xfCell{"id": nat}, row: tat}
	sec.title, sec.at["title"] = s.text(row, "label")
	if sec.title == nil {
		sec.title = questionnaires.Text{questionnaires.DefaultLanguage: name}
		sec.at["title"] = nat
	}
	sec.desc, sec.at["description"] = s.text(row, "hint")
	if v, at := s.get(row, "weight"); v != "" {
		sec.weight = im.number(v, at, "weight")
		sec.at["weight"] = at
	}
	if v, at := s.get(row, "relevant"); v != "" {
		sec.at["relevant"] = at
		n, err := xfParse(v, false)
		n = im.mapNames(n, "")
		if err != nil {
			im.bad(at, "relevant %q: %v", v, err)
		} else {
			sec.relevant = n
		}
	}
	known := func(base string) bool {
		switch base {
		case "type", "name", "label", "hint", "weight", "relevant", "appearance":
			return true
		}
		return false
	}
	im.unsupportedCells(s, row, known, " on a begin group row")
	return sec
}

// calculate reads a calculate row into an indicator.
func (im *xfImporter) calculate(s *xfSheet, row int, name string, nat, tat xfCell) *xfIndicator {
	in := &xfIndicator{id: name, at: map[string]xfCell{"id": nat}, row: tat}
	in.label, in.at["label"] = s.text(row, "label")
	if in.label == nil {
		in.label = questionnaires.Text{questionnaires.DefaultLanguage: name}
		in.at["label"] = nat
	}
	in.hint, in.at["hint"] = s.text(row, "hint")
	in.unit, in.at["unit"] = s.text(row, "unit")
	v, at := s.expr(row, "calculate")
	in.at["expr"] = at
	if v == "" {
		im.bad(at, "calculate %q has no calculate expression", name)
		return nil
	}
	if e, err := im.toExpr(v, false, ""); err != nil {
		im.bad(at, "calculate %q: %v", v, err)
	} else {
		in.expr = e
	}
	if v, at := s.get(row, "weight"); v != "" {
		in.weight = im.number(v, at, "weight")
		in.at["weight"] = at
	}
	if v, at := s.get(row, "scoring"); v != "" {
		in.scoring = im.scoring(v, at)
		in.at["scoring"] = at
	}
	known := func(base string) bool {
		switch base {
		case "type", "name", "label", "hint", "unit", "calculate", "calculation", "assocbench_calculate", "weight", "scoring", "appearance":
			return true
		}
		return false
	}
	im.unsupportedCells(s, row, known, " on a calculate row")
	return in
}

// question reads a question row; nil when the row is refused.
func (im *xfImporter) question(s *xfSheet, row int, t xfType, name string, nat, tat xfCell, sec *xfSection) *xfQuestion {
	qu := &xfQuestion{id: name, typ: string(t.typ), at: map[string]xfCell{"id": nat, "type": tat}, row: tat}
	im.unsupportedCells(s, row, func(base string) bool { return xfSurveyColumns[base] }, "")
	qu.label, qu.at["label"] = s.text(row, "label")
	qu.hint, qu.at["hint"] = s.text(row, "hint")
	qu.unit, qu.at["unit"] = s.text(row, "unit")
	qu.cmsg, qu.at["constraint_message"] = s.text(row, "constraint_message")
	if v, at := s.get(row, "required"); v != "" {
		qu.at["required"] = at
		switch strings.ToLower(v) {
		case "yes", "true", "1", "true()", "y":
			qu.required = true
		case "no", "false", "0", "false()", "n":
		default:
			im.bad(at, "required %q: only yes or no is supported (a required that depends on answers has no equivalent)", v)
		}
	}
	if v, at := s.get(row, "allow_na"); v != "" {
		qu.at["allow_na"] = at
		qu.allowNA = im.yesNo(v, at, "allow_na")
	}
	// relevance, with the group's
	v, at := s.expr(row, "relevant")
	qu.at["relevant"] = at
	var rel node
	if v != "" {
		n, err := xfParse(v, false)
		n = im.mapNames(n, name)
		if err != nil {
			im.bad(at, "relevant %q: %v", v, err)
		} else {
			rel = n
		}
	}
	if sec.relevant != nil {
		if rel == nil {
			rel = sec.relevant
			qu.at["relevant"] = sec.at["relevant"]
		} else {
			rel = binary{Op: "and", L: sec.relevant, R: rel}
		}
	}
	if rel != nil {
		qu.relevant = xfExpr(rel)
	}
	if v, at := s.expr(row, "constraint"); v != "" {
		qu.at["constraint"] = at
		if e, err := im.toExpr(v, true, name); err != nil {
			im.bad(at, "constraint %q: %v", v, err)
		} else {
			qu.constraint = e
		}
	}
	if v, at := s.expr(row, "calculate"); v != "" {
		im.bad(at, "calculate applies to calculate rows only")
	}
	for _, k := range []string{"weight", "min", "max"} {
		if v, at := s.get(row, k); v != "" {
			qu.at[k] = at
			n := im.number(v, at, k)
			switch k {
			case "weight":
				qu.weight = n
			case "min":
				qu.min = n
			case "max":
				qu.max = n
			}
		}
	}
	if v, at := s.get(row, "max_length"); v != "" {
		qu.at["max_length"] = at
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			im.bad(at, "max_length %q is not a whole number from 1", v)
		}
		qu.maxLength = n
	}
	if v, at := s.get(row, "scoring"); v != "" {
		qu.at["scoring"] = at
		qu.scoring = im.scoring(v, at)
	}
	appearance, _ := s.get(row, "appearance")
	abType, abAt := s.get(row, "assocbench_type")
	from, fromAt := s.get(row, "assocbench_choices_from")
	rowsList, rowsAt := s.get(row, "assocbench_rows")
	if t.typ == questionnaires.TypeText && slices.Contains(strings.Fields(strings.ToLower(appearance)), "multiline") {
		qu.typ = string(questionnaires.TypeLongText)
	}
	if abType != "" {
		qu.at["type"] = abAt
		allowed := map[string][]questionnaires.Type{
			"select_one":      {questionnaires.TypeSingleChoice, questionnaires.TypeYesNo, questionnaires.TypeLikert, questionnaires.TypeRubric, questionnaires.TypeMatrix},
			"select_multiple": {questionnaires.TypeMultiChoice},
			"integer":         {questionnaires.TypeInteger, questionnaires.TypePercent, questionnaires.TypeCurrency},
			"decimal":         {questionnaires.TypeDecimal, questionnaires.TypePercent, questionnaires.TypeCurrency},
			"text":            {questionnaires.TypeText, questionnaires.TypeLongText},
		}[t.xf]
		if allowed == nil {
			allowed = []questionnaires.Type{t.typ}
		}
		if !slices.Contains(allowed, questionnaires.Type(abType)) {
			im.bad(abAt, "assocbench_type %q does not fit type %q", abType, strings.TrimSpace(s.rows[row-1][s.plain["type"]]))
			return nil
		}
		qu.typ = abType
	}
	if t.list == "" {
		if from != "" || rowsList != "" {
			im.bad(fromAt, "assocbench_choices_from and assocbench_rows apply to select_one and select_multiple only")
		}
		im.choiceFilter(s, row, qu)
		return qu
	}
	// choice lists
	choices, ok := im.lists[t.list]
	if !ok && from == "" {
		im.bad(tat, "list %q is not in the choices sheet", t.list)
		return nil
	}
	qu.choicesListAt = tat
	switch questionnaires.Type(qu.typ) {
	case questionnaires.TypeSingleChoice, questionnaires.TypeMultiChoice:
		if from != "" {
			qu.choicesFrom = from
			qu.at["choices_from"] = fromAt
		} else {
			qu.choices = slices.Clone(choices)
			if abType == "" && qu.typ == string(questionnaires.TypeSingleChoice) && xfIsYesNoList(choices) {
				qu.typ = string(questionnaires.TypeYesNo)
				qu.choices = nil
			}
		}
	case questionnaires.TypeYesNo:
		if !xfIsYesNoList(choices) {
			im.bad(abAt, "assocbench_type yes_no needs a list whose options are exactly yes and no, without points (yes_no points go in the scoring column)")
		}
	case questionnaires.TypeLikert, questionnaires.TypeRubric, questionnaires.TypeMatrix:
		for i, c := range choices {
			if c.xlsformName() != strconv.Itoa(i+1) {
				im.bad(c.at, "list %q holds the levels of %s question %q: its names must be 1, 2, 3... in order, not %q", t.list, qu.typ, name, c.xlsformName())
				break
			}
			if c.points != nil || c.exclusive {
				im.bad(c.at, "list %q holds the levels of %s question %q: levels have no points or exclusive", t.list, qu.typ, name)
				break
			}
		}
		qu.levels = slices.Clone(choices)
	}
	if questionnaires.Type(qu.typ) == questionnaires.TypeMatrix {
		if rowsList == "" {
			im.bad(abAt, "matrix question %q needs assocbench_rows naming the list of its rows", name)
			return nil
		}
		rows, ok := im.lists[rowsList]
		if !ok {
			im.bad(rowsAt, "list %q is not in the choices sheet", rowsList)
			return nil
		}
		for _, r := range rows {
			if r.points != nil || r.exclusive {
				im.bad(r.at, "list %q holds matrix rows: rows have no points or exclusive", rowsList)
				break
			}
		}
		qu.rows = slices.Clone(rows)
		qu.at["rows"] = rowsAt
	} else if rowsList != "" {
		im.bad(rowsAt, "assocbench_rows applies to matrix questions only")
	}
	if from != "" && !questionnaires.Type(qu.typ).IsChoice() {
		im.bad(fromAt, "assocbench_choices_from applies to single_choice and multi_choice only")
	}
	im.choiceFilter(s, row, qu)
	return qu
}

// xfIsYesNoList reports whether a list's options are exactly yes and no, without points.
func xfIsYesNoList(cs []xfChoice) bool {
	if len(cs) != 2 {
		return false
	}
	ids := []string{strings.ToLower(cs[0].id), strings.ToLower(cs[1].id)}
	slices.Sort(ids)
	return ids[0] == "no" && ids[1] == "yes" && cs[0].points == nil && cs[1].points == nil && !cs[0].exclusive && !cs[1].exclusive
}

// scoring parses the scoring column (see the mapping above).
func (im *xfImporter) scoring(v string, at xfCell) *questionnaires.Scoring {
	sc, err := xfParseScoring(v)
	if err != nil {
		im.bad(at, "scoring %q: %v", v, err)
		return nil
	}
	return sc
}

// xfParseScoring parses the syntax that xfFormatScoring writes.
func xfParseScoring(v string) (*questionnaires.Scoring, error) {
	method, params, _ := strings.Cut(strings.TrimSpace(v), ":")
	sc := &questionnaires.Scoring{Method: questionnaires.Method(strings.ToLower(strings.TrimSpace(method)))}
	params = strings.TrimSpace(params)
	num := func(s string) (float64, error) {
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return 0, fmt.Errorf("%q is not a number", strings.TrimSpace(s))
		}
		return f, nil
	}
	switch sc.Method {
	case questionnaires.MethodNone, questionnaires.MethodChoice, questionnaires.MethodScale:
		if params != "" {
			return nil, fmt.Errorf("method %s takes no parameters", sc.Method)
		}
	case questionnaires.MethodYesNo:
		for _, p := range strings.Split(params, ";") {
			if strings.TrimSpace(p) == "" {
				continue
			}
			k, val, ok := strings.Cut(p, "=")
			if !ok {
				return nil, fmt.Errorf("want yes_no:yes=POINTS;no=POINTS")
			}
			f, err := num(val)
			if err != nil {
				return nil, err
			}
			switch strings.TrimSpace(k) {
			case "yes":
				sc.Yes = &f
			case "no":
				sc.No = &f
			default:
				return nil, fmt.Errorf("want yes_no:yes=POINTS;no=POINTS")
			}
		}
	case questionnaires.MethodBands, questionnaires.MethodCount:
		for _, p := range strings.Split(params, ";") {
			if strings.TrimSpace(p) == "" {
				continue
			}
			t, pts, ok := strings.Cut(p, "=")
			if !ok {
				return nil, fmt.Errorf("want %s:THRESHOLD=POINTS;THRESHOLD=POINTS (one pair or more)", sc.Method)
			}
			tf, err := num(t)
			if err != nil {
				return nil, err
			}
			pf, err := num(pts)
			if err != nil {
				return nil, err
			}
			sc.Bands = append(sc.Bands, questionnaires.Band{Threshold: tf, Points: pf})
		}
		if len(sc.Bands) == 0 {
			return nil, fmt.Errorf("want %s:THRESHOLD=POINTS;THRESHOLD=POINTS (one pair or more)", sc.Method)
		}
	case questionnaires.MethodLinear:
		from, to, ok := strings.Cut(params, "..")
		if !ok {
			return nil, fmt.Errorf("want linear:FROM..TO")
		}
		ff, err := num(from)
		if err != nil {
			return nil, err
		}
		tf, err := num(to)
		if err != nil {
			return nil, err
		}
		sc.From, sc.To = &ff, &tf
	default:
		return nil, fmt.Errorf("unknown scoring method %q (want none, choice, scale, yes_no, bands, count or linear)", method)
	}
	return sc, nil
}

// assocbench reads the assocbench sheet: title, description and maturity levels.
func (im *xfImporter) assocbench(doc *xfDoc) {
	s := im.sheets["assocbench"]
	if s == nil || len(s.rows) < 2 {
		if doc.title == nil {
			doc.title = questionnaires.Text{questionnaires.DefaultLanguage: doc.id}
		}
		return
	}
	kindCol := "kind"
	if _, ok := s.plain[kindCol]; !ok {
		im.bad(s.cell(1, 0), "the assocbench sheet has no kind column")
		return
	}
	known := func(base string) bool {
		switch base {
		case "kind", "name", "min", "label", "description":
			return true
		}
		return false
	}
	for row := 2; row <= len(s.rows); row++ {
		if s.empty(row) {
			continue
		}
		im.unsupportedCells(s, row, known, " in the assocbench sheet")
		kind, kat := s.get(row, kindCol)
		label, lat := s.text(row, "label")
		switch strings.ToLower(kind) {
		case "title":
			if doc.title != nil && label != nil && label[questionnaires.DefaultLanguage] != "" && label[questionnaires.DefaultLanguage] != doc.title[questionnaires.DefaultLanguage] {
				im.bad(lat, "the English title %q differs from settings form_title %q", label[questionnaires.DefaultLanguage], doc.title[questionnaires.DefaultLanguage])
				continue
			}
			if label != nil {
				if label[questionnaires.DefaultLanguage] == "" && doc.title != nil {
					label[questionnaires.DefaultLanguage] = doc.title[questionnaires.DefaultLanguage]
				}
				doc.title = label
				doc.at["title"] = lat
			}
		case "description":
			doc.description = label
			doc.at["description"] = lat
		case "maturity_level":
			lv := &xfLevel{label: label, at: map[string]xfCell{"label": lat}, row: kat}
			lv.id, lv.at["id"] = s.get(row, "name")
			if v, at := s.get(row, "min"); v != "" {
				lv.min = im.number(v, at, "min")
				lv.at["min"] = at
			}
			lv.description, lv.at["description"] = s.text(row, "description")
			doc.levels = append(doc.levels, lv)
		default:
			im.bad(kat, "unknown kind %q (want title, description or maturity_level)", kind)
		}
	}
	if doc.title == nil {
		doc.title = questionnaires.Text{questionnaires.DefaultLanguage: doc.id}
	}
}

// fillTexts gives every text the languages it lacks, from its English text.
func (im *xfImporter) fillTexts(doc *xfDoc) {
	fill := func(t questionnaires.Text) questionnaires.Text {
		if t == nil {
			return nil
		}
		en := t[questionnaires.DefaultLanguage]
		if en == "" {
			return t
		}
		for _, l := range im.langs {
			if t[l] == "" {
				t[l] = en
			}
		}
		return t
	}
	if doc.mainSection != nil {
		doc.mainSection.title = xfCopyText(doc.title)
		doc.mainSection.at["title"] = doc.at["title"]
	}
	doc.title = fill(doc.title)
	doc.description = fill(doc.description)
	for _, s := range doc.sections {
		s.title, s.desc = fill(s.title), fill(s.desc)
		for _, qu := range s.questions {
			qu.label, qu.hint, qu.unit, qu.cmsg = fill(qu.label), fill(qu.hint), fill(qu.unit), fill(qu.cmsg)
			for _, cs := range [][]xfChoice{qu.choices, qu.rows, qu.levels} {
				for i := range cs {
					cs[i].label = fill(xfCopyText(cs[i].label))
				}
			}
		}
	}
	for _, in := range doc.indicators {
		in.label, in.hint, in.unit = fill(in.label), fill(in.hint), fill(in.unit)
	}
	for _, lv := range doc.levels {
		lv.label, lv.description = fill(lv.label), fill(lv.description)
	}
}

// xfCopyText copies a text, so that a list shared by questions is filled once per use.
func xfCopyText(t questionnaires.Text) questionnaires.Text {
	if t == nil {
		return nil
	}
	out := make(questionnaires.Text, len(t))
	for k, v := range t {
		out[k] = v
	}
	return out
}
