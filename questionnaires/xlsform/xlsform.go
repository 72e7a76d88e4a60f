package xlsform

import (
	"bytes"
	"encoding/json"
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
// read_only, choice_filter, media, ...) is silently dropped. Every problem
// is reported once, at its sheet!cell, in one error; problems that Load
// finds in the translation come only once the workbook itself has none.
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
// Errors, each naming the sheet and row: or_other ("select_one L or_other",
// "or specify other"), repeats and loops, geopoint/geotrace/geoshape,
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
// are errors; other columns only feed choice_filter (itself refused) and are
// ignored. A name that is not an assocbench id (1, 10, Yes) becomes one
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
	if len(im.problems) > 0 {
		return nil, nil, im.err()
	}
	src, origins := doc.yaml(im.langs)
	q, err = questionnaires.Load(name, src)
	if err != nil {
		var de *questionnaires.DefinitionError
		if !errors.As(err, &de) {
			return src, nil, fmt.Errorf("load %s: %w", name, err)
		}
		for _, p := range de.Problems {
			at := xfCell{sheet: "survey", row: 1, col: 1}
			if p.Line >= 1 && p.Line <= len(origins) {
				at = origins[p.Line-1]
			}
			msg := xfReOnLine.ReplaceAllStringFunc(p.Message, func(m string) string {
				n, _ := strconv.Atoi(xfReOnLine.FindStringSubmatch(m)[1])
				if n >= 1 && n <= len(origins) {
					return "in " + origins[n-1].String()
				}
				return m
			})
			im.bad(at, "%s", msg)
		}
		return src, nil, im.err()
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
	relevant    *xfNode
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
}

// xfType is a parsed survey type cell.
type xfType struct {
	kind string              // question, group, endgroup, repeat, endrepeat, calculate, metadata
	typ  questionnaires.Type // questions
	xf   string              // the XLSForm type, normalised: select_one, select_multiple, integer, ...
	list string
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
		switch tail {
		case "":
		case "or_other", "or specify other", "or other":
			return xfType{}, notSupported(`or_other has no equivalent (add an "other" choice and a text question relevant when it is selected)`)
		default:
			return xfType{}, fmt.Sprintf("type %q: unexpected %q after the list name", raw, strings.Join(rest[1:], " "))
		}
		xf := "select_one"
		if typ == questionnaires.TypeMultiChoice {
			xf = "select_multiple"
		}
		return xfType{kind: "question", typ: typ, xf: xf, list: rest[0]}, ""
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
		im.mapNames(n, "")
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
	var rel *xfNode
	if v != "" {
		n, err := xfParse(v, false)
		im.mapNames(n, name)
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
			rel = &xfNode{kind: xnBinary, s: "and", args: []*xfNode{sec.relevant, rel}}
		}
	}
	if rel != nil {
		qu.relevant = rel.expr()
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
				return nil, fmt.Errorf("want %s:THRESHOLD=POINTS;THRESHOLD=POINTS...", sc.Method)
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
			return nil, fmt.Errorf("want %s:THRESHOLD=POINTS;THRESHOLD=POINTS...", sc.Method)
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

// --- expressions: XLSForm -> assocbench ------------------------------------

// xfNode is an expression tree shared by both directions of the translation.
type xfNode struct {
	kind xfNodeKind
	s    string    // number text, string value, id, operator, function name
	row  string    // member: the matrix row
	args []*xfNode // operands, arguments, list items
}

type xfNodeKind int

const (
	xnNum xfNodeKind = iota
	xnStr
	xnBool
	xnNil
	xnRef   // a question or indicator
	xnValue // the current value (constraints)
	xnMember
	xnList
	xnUnary  // s: "not" or "-"
	xnBinary // s: an assocbench operator
	xnCond
	xnCall
)

// xfExprError is a translation problem at a token.
type xfExprError struct {
	msg string
	pos int // byte offset, -1 when not known
}

func (e *xfExprError) Error() string {
	if e.pos >= 0 {
		return fmt.Sprintf("%s (at character %d)", e.msg, e.pos+1)
	}
	return e.msg
}

type xfTokKind int

const (
	xtEOF xfTokKind = iota
	xtNum
	xtStr
	xtRef
	xtDot
	xtName
	xtOp // = != < <= > >= + - * / ( ) , [ ] |
)

type xfTok struct {
	kind xfTokKind
	text string // the token as written (strings and refs: their content)
	pos  int
}

var xfReRefName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]*$`)

func xfIsNameStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func xfIsNameChar(c byte) bool {
	return xfIsNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ':'
}

// xfTokens splits an XLSForm expression into tokens.
func xfTokens(src string) ([]xfTok, error) {
	var out []xfTok
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '$':
			if i+1 >= len(src) || src[i+1] != '{' {
				return nil, &xfExprError{msg: `unexpected "$" (a reference is written ${name})`, pos: i}
			}
			end := strings.IndexByte(src[i:], '}')
			if end < 0 {
				return nil, &xfExprError{msg: fmt.Sprintf("%q is not closed with }", src[i:]), pos: i}
			}
			name := strings.TrimSpace(src[i+2 : i+end])
			if !xfReRefName.MatchString(name) {
				return nil, &xfExprError{msg: fmt.Sprintf("invalid reference %q", src[i:i+end+1]), pos: i}
			}
			out = append(out, xfTok{kind: xtRef, text: name, pos: i})
			i += end + 1
		case c == '.' && (i+1 >= len(src) || src[i+1] < '0' || src[i+1] > '9'):
			if i+1 < len(src) && src[i+1] == '.' {
				return nil, &xfExprError{msg: `".." (the parent) is not supported`, pos: i}
			}
			out = append(out, xfTok{kind: xtDot, text: ".", pos: i})
			i++
		case c >= '0' && c <= '9' || c == '.':
			j := i
			for j < len(src) && src[j] >= '0' && src[j] <= '9' {
				j++
			}
			if j < len(src) && src[j] == '.' {
				j++
				for j < len(src) && src[j] >= '0' && src[j] <= '9' {
					j++
				}
			}
			if j < len(src) && (xfIsNameStart(src[j])) {
				return nil, &xfExprError{msg: fmt.Sprintf("unexpected %q after a number", src[j:j+1]), pos: j}
			}
			out = append(out, xfTok{kind: xtNum, text: src[i:j], pos: i})
			i = j
		case c == '\'' || c == '"':
			end := strings.IndexByte(src[i+1:], c)
			if end < 0 {
				return nil, &xfExprError{msg: "string is not closed", pos: i}
			}
			out = append(out, xfTok{kind: xtStr, text: src[i+1 : i+1+end], pos: i})
			i += end + 2
		case xfIsNameStart(c):
			j := i
			for j < len(src) && xfIsNameChar(src[j]) {
				j++
			}
			out = append(out, xfTok{kind: xtName, text: src[i:j], pos: i})
			i = j
		default:
			for _, op := range []string{"!=", "<=", ">=", "=", "<", ">", "+", "-", "*", "/", "(", ")", ",", "[", "]", "|"} {
				if strings.HasPrefix(src[i:], op) {
					out = append(out, xfTok{kind: xtOp, text: op, pos: i})
					i += len(op)
					goto next
				}
			}
			return nil, &xfExprError{msg: fmt.Sprintf("unexpected %q", string([]rune(src[i:])[0])), pos: i}
		next:
		}
	}
	out = append(out, xfTok{kind: xtEOF, pos: len(src)})
	return out, nil
}

// xfParser parses XLSForm expressions (XPath as ODK uses it).
type xfParser struct {
	toks       []xfTok
	i          int
	constraint bool
}

func (p *xfParser) peek() xfTok { return p.toks[p.i] }

func (p *xfParser) next() xfTok {
	t := p.toks[p.i]
	if t.kind != xtEOF {
		p.i++
	}
	return t
}

func (p *xfParser) unexpected(t xfTok) error {
	if t.kind == xtEOF {
		return &xfExprError{msg: "unexpected end of expression", pos: -1}
	}
	text := t.text
	switch t.kind {
	case xtRef:
		text = "${" + t.text + "}"
	case xtStr:
		text = "'" + t.text + "'"
	}
	return &xfExprError{msg: fmt.Sprintf("unexpected %q", text), pos: t.pos}
}

func (p *xfParser) isOp(text string) bool {
	t := p.peek()
	return (t.kind == xtOp || t.kind == xtName) && t.text == text
}

func (p *xfParser) expect(text string) error {
	if !p.isOp(text) {
		return p.unexpected(p.peek())
	}
	p.next()
	return nil
}

// xfLevels are the XPath binary operators by precedence, lowest first,
// with their assocbench spelling. "in" is an assocbench extension.
var xfLevels = [][][2]string{
	{{"or", "or"}},
	{{"and", "and"}},
	{{"=", "=="}, {"!=", "!="}},
	{{"<", "<"}, {"<=", "<="}, {">", ">"}, {">=", ">="}, {"in", "in"}},
	{{"+", "+"}, {"-", "-"}},
	{{"*", "*"}, {"div", "/"}, {"mod", ""}},
}

func (p *xfParser) binary(level int) (*xfNode, error) {
	if level == len(xfLevels) {
		return p.unary()
	}
	left, err := p.binary(level + 1)
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		op := ""
		for _, o := range xfLevels[level] {
			if (t.kind == xtOp || t.kind == xtName) && t.text == o[0] {
				op = o[1]
				if op == "" {
					return nil, &xfExprError{msg: fmt.Sprintf("operator %q is not supported", t.text), pos: t.pos}
				}
			}
		}
		if op == "" {
			return left, nil
		}
		p.next()
		right, err := p.binary(level + 1)
		if err != nil {
			return nil, err
		}
		left = xfIdiom(&xfNode{kind: xnBinary, s: op, args: []*xfNode{left, right}})
	}
}

// xfIdiom turns ODK's ${q} = ” and ${q} != ” into not answered(q) and answered(q).
func xfIdiom(n *xfNode) *xfNode {
	if n.s != "==" && n.s != "!=" {
		return n
	}
	a, b := n.args[0], n.args[1]
	if a.kind == xnStr && a.s == "" {
		a, b = b, a
	}
	if b.kind != xnStr || b.s != "" || (a.kind != xnRef && a.kind != xnValue) {
		return n
	}
	call := &xfNode{kind: xnCall, s: "answered", args: []*xfNode{a}}
	if n.s == "!=" {
		return call
	}
	return &xfNode{kind: xnUnary, s: "not", args: []*xfNode{call}}
}

func (p *xfParser) unary() (*xfNode, error) {
	if p.isOp("-") {
		p.next()
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &xfNode{kind: xnUnary, s: "-", args: []*xfNode{x}}, nil
	}
	return p.primary()
}

func (p *xfParser) list(closer string) ([]*xfNode, error) {
	var args []*xfNode
	if p.isOp(closer) {
		p.next()
		return args, nil
	}
	for {
		a, err := p.binary(0)
		if err != nil {
			return nil, err
		}
		args = append(args, a)
		if p.isOp(",") {
			p.next()
			continue
		}
		if err := p.expect(closer); err != nil {
			return nil, err
		}
		return args, nil
	}
}

func (p *xfParser) primary() (*xfNode, error) {
	t := p.next()
	switch t.kind {
	case xtNum:
		return &xfNode{kind: xnNum, s: xfNumber(t.text)}, nil
	case xtStr:
		return &xfNode{kind: xnStr, s: t.text}, nil
	case xtDot:
		if !p.constraint {
			return nil, &xfExprError{msg: `"." (the current value) can be used in a constraint only`, pos: t.pos}
		}
		return &xfNode{kind: xnValue}, nil
	case xtRef:
		if p.isOp("/") {
			p.next()
			row := p.next()
			if row.kind != xtName {
				return nil, p.unexpected(row)
			}
			return &xfNode{kind: xnMember, s: t.text, row: row.text}, nil
		}
		return &xfNode{kind: xnRef, s: t.text}, nil
	case xtOp:
		switch t.text {
		case "(":
			x, err := p.binary(0)
			if err != nil {
				return nil, err
			}
			if err := p.expect(")"); err != nil {
				return nil, err
			}
			return x, nil
		case "[":
			items, err := p.list("]")
			if err != nil {
				return nil, err
			}
			return &xfNode{kind: xnList, args: items}, nil
		}
	case xtName:
		if p.isOp("(") {
			p.next()
			args, err := p.list(")")
			if err != nil {
				return nil, err
			}
			return xfCall(t, args)
		}
	}
	return nil, p.unexpected(t)
}

// xfNumber writes a number token the way the expression language reads it.
func xfNumber(s string) string {
	if strings.HasPrefix(s, ".") {
		s = "0" + s
	}
	s = strings.TrimSuffix(s, ".")
	if !strings.Contains(s, ".") {
		s = strings.TrimLeft(s, "0")
		if s == "" {
			s = "0"
		}
	}
	return s
}

// xfCall translates a function call.
func xfCall(t xfTok, args []*xfNode) (*xfNode, error) {
	name := t.text
	arity := func(n int) error {
		if len(args) != n {
			return &xfExprError{msg: fmt.Sprintf("%s() takes %d argument(s), not %d", name, n, len(args)), pos: t.pos}
		}
		return nil
	}
	switch name {
	case "selected":
		if err := arity(2); err != nil {
			return nil, err
		}
		return &xfNode{kind: xnCall, s: "selected", args: args}, nil
	case "count-selected":
		if err := arity(1); err != nil {
			return nil, err
		}
		return &xfNode{kind: xnCall, s: "count", args: args}, nil
	case "not":
		if err := arity(1); err != nil {
			return nil, err
		}
		return &xfNode{kind: xnUnary, s: "not", args: args}, nil
	case "if":
		if err := arity(3); err != nil {
			return nil, err
		}
		return &xfNode{kind: xnCond, args: args}, nil
	case "true", "false":
		if err := arity(0); err != nil {
			return nil, err
		}
		return &xfNode{kind: xnBool, s: name}, nil
	case "nil":
		if err := arity(0); err != nil {
			return nil, err
		}
		return &xfNode{kind: xnNil}, nil
	case "pow":
		if err := arity(2); err != nil {
			return nil, err
		}
		return &xfNode{kind: xnBinary, s: "**", args: args}, nil
	case "coalesce":
		if err := arity(2); err != nil {
			return nil, err
		}
		return &xfNode{kind: xnBinary, s: "??", args: args}, nil
	case "round":
		if len(args) == 2 && args[1].kind == xnNum && args[1].s == "0" {
			args = args[:1]
		}
		if err := arity(1); err != nil {
			return nil, &xfExprError{msg: "round() is supported to whole numbers only: round(x) or round(x, 0)", pos: t.pos}
		}
		return &xfNode{kind: xnCall, s: "round", args: args}, nil
	case "count":
		return nil, &xfExprError{msg: "count() counts repeat instances, which are not supported (count-selected() counts the options of a select_multiple)", pos: t.pos}
	}
	if questionnaires.IsFunction(name) && name != "count" && name != "selected" {
		return &xfNode{kind: xnCall, s: name, args: args}, nil
	}
	return nil, &xfExprError{msg: fmt.Sprintf("function %s() is not supported", name), pos: t.pos}
}

// xfParse parses an XLSForm expression; constraint allows "." (the current value).
func xfParse(src string, constraint bool) (*xfNode, error) {
	if len(src) > questionnaires.MaxExprLen {
		return nil, &xfExprError{msg: fmt.Sprintf("expression is longer than %d characters", questionnaires.MaxExprLen), pos: -1}
	}
	toks, err := xfTokens(src)
	if err != nil {
		return nil, err
	}
	p := &xfParser{toks: toks, constraint: constraint}
	n, err := p.binary(0)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != xtEOF {
		return nil, p.unexpected(t)
	}
	return n, nil
}

// xlsformToExpr translates an XLSForm expression into the expression
// language; constraint allows "." (the current value).
func xlsformToExpr(src string, constraint bool) (string, error) {
	n, err := xfParse(src, constraint)
	if err != nil {
		return "", err
	}
	return n.expr(), nil
}

// xfExprPrec is the precedence of an expression-language node (expr-lang's
// parser/operator table); atoms bind tightest, the conditional loosest.
func xfExprPrec(n *xfNode) int {
	switch n.kind {
	case xnBinary:
		return xfExprBinaryPrec[n.s]
	case xnUnary:
		if n.s == "not" {
			return 50
		}
		return 90
	case xnCond:
		return 0
	}
	return 1000
}

var xfExprBinaryPrec = map[string]int{
	"or": 10, "and": 15, "==": 20, "!=": 20, "<": 20, "<=": 20, ">": 20, ">=": 20, "in": 20,
	"+": 30, "-": 30, "*": 60, "/": 60, "**": 100, "??": 500,
}

// expr prints the tree in the expression language, canonically.
func (n *xfNode) expr() string {
	var b strings.Builder
	n.writeExpr(&b)
	return b.String()
}

func (n *xfNode) writeExpr(b *strings.Builder) {
	paren := func(c *xfNode, need bool) {
		if need {
			b.WriteByte('(')
		}
		c.writeExpr(b)
		if need {
			b.WriteByte(')')
		}
	}
	switch n.kind {
	case xnNum:
		b.WriteString(n.s)
	case xnStr:
		b.WriteString(xfExprQuote(n.s))
	case xnBool:
		b.WriteString(n.s)
	case xnNil:
		b.WriteString("nil")
	case xnRef:
		b.WriteString(n.s)
	case xnValue:
		b.WriteString("value")
	case xnMember:
		b.WriteString(n.s + "." + n.row)
	case xnList:
		b.WriteByte('[')
		for i, a := range n.args {
			if i > 0 {
				b.WriteString(", ")
			}
			a.writeExpr(b)
		}
		b.WriteByte(']')
	case xnCall:
		b.WriteString(n.s + "(")
		for i, a := range n.args {
			if i > 0 {
				b.WriteString(", ")
			}
			a.writeExpr(b)
		}
		b.WriteByte(')')
	case xnUnary:
		x := n.args[0]
		if n.s == "not" {
			b.WriteString("not ")
		} else {
			b.WriteString("-")
		}
		paren(x, xfExprPrec(x) < xfExprPrec(n) || x.kind == xnUnary || x.kind == xnBinary && (n.s == "not" || x.s == "??"))
	case xnBinary:
		p := xfExprPrec(n)
		l, r := n.args[0], n.args[1]
		right := n.s == "**"
		// a "not" operand of a comparison or arithmetic is bracketed for
		// readers; expr-lang wants ?? bracketed among other operators
		extra := func(c *xfNode) bool {
			return c.kind == xnUnary && c.s == "not" && n.s != "and" && n.s != "or" ||
				c.kind == xnBinary && (c.s == "??") != (n.s == "??")
		}
		paren(l, xfExprPrec(l) < p || (right && xfExprPrec(l) == p) || extra(l))
		b.WriteString(" " + n.s + " ")
		paren(r, xfExprPrec(r) < p || (!right && xfExprPrec(r) == p) || extra(r))
	case xnCond:
		paren(n.args[0], n.args[0].kind == xnCond)
		b.WriteString(" ? ")
		paren(n.args[1], n.args[1].kind == xnCond)
		b.WriteString(" : ")
		n.args[2].writeExpr(b)
	}
}

// xfExprQuote writes a string literal of the expression language.
func xfExprQuote(s string) string {
	if !strings.ContainsAny(s, "'\\") && !strings.ContainsFunc(s, func(r rune) bool { return r < ' ' }) {
		return "'" + s + "'"
	}
	return strconv.Quote(s)
}
