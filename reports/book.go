package reports

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/questionnaires"
)

// Formula and injection safety.
//
// Every piece of text in a workbook (association names, answers, labels of
// uploaded questionnaires, campaign titles, and the workbooks' own words)
// is written by book.str as a string cell: a shared or inline string
// (t="s" or t="inlineStr"), never through a path that makes a formula, so
// no text ever becomes an <f> element. A spreadsheet shows such a cell as
// text when it opens the file. The danger is later: a reader who edits
// the cell (F2, then Enter) has the program parse the text again, and
// text that starts with "=", "+", "-" or "@" (or a tab or carriage return
// before one) becomes a formula. So text that starts with one of those
// characters (or their full-width forms, or a line break) gets a cell
// style with
//
//   - quotePrefix="1": the cell shows a leading apostrophe in the edit
//     line, which keeps the content text when it is entered again (Excel,
//     LibreOffice); and
//   - the Text number format ("@"): whatever is typed into the cell is
//     kept as text, not parsed as a formula or a number.
//
// The text itself is never changed: reading the cell back gives exactly
// what was written, and data imported from a workbook is what the user
// typed. Chart series names, which a chart stores as formulas, are always
// references to such cells, never the text itself.

// needsQuote reports whether a spreadsheet could read s as a formula
// when s is typed (or edited and entered) into a cell.
func needsQuote(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	switch r {
	case '=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠':
		return true
	}
	return false
}

// book is a workbook being written, with the styles and helpers every
// workbook of this package uses. Errors are kept (the first one wins) so
// that writing code reads as a list of cells; write reports them.
type book struct {
	f    *excelize.File
	lang string
	k    int
	err  error

	defs   map[int]excelize.Style // style id -> definition, to derive variants
	quoted map[int]int            // style id -> its quote-prefixed text variant
	st     styles

	sheets   []string
	widths   map[string]map[int]int // sheet -> column -> widest text seen
	capWidth map[string]map[int]int // sheet -> column -> maximal width
	fixWidth map[string]map[int]int // sheet -> column -> width, whatever the content
	wraps    map[int]bool           // styles that wrap text
	wrapped  map[string]map[int][]wrapText

	chartSheet string   // name of the chart data sheet, "" until a chart needs it
	chartRow   int      // next free row on it
	reserved   []string // sheet names taken by sheets not yet created
	pending    []func() // chart data to write
	charts     []func() // charts to add

	streamed map[string]bool // sheets written through the StreamWriter, rows not known in advance
}

// wrapText is text written in a wrapping style, for the row height.
type wrapText struct {
	col  int
	text string
}

// styles are the cell styles shared by the workbooks.
type styles struct {
	title, subtitle, header, label, text, wrap, note, bold, section int
	score, integer, decimal, percent, currency, date, datetime      int
	required, warn                                                  int
}

// newBook starts a workbook whose own words are in lang, for a campaign
// with anonymity threshold k.
func newBook(lang string, k int) (*book, error) {
	if k < 1 {
		k = 5
	}
	b := &book{f: excelize.NewFile(), lang: i18n.Lang(lang), k: k,
		defs: map[int]excelize.Style{}, quoted: map[int]int{},
		widths: map[string]map[int]int{}, capWidth: map[string]map[int]int{}, fixWidth: map[string]map[int]int{},
		wraps: map[int]bool{}, wrapped: map[string]map[int][]wrapText{}}
	border := []excelize.Border{{Type: "bottom", Color: "7F7F7F", Style: 1}}
	b.st = styles{
		title:    b.style(excelize.Style{Font: &excelize.Font{Bold: true, Size: 16, Color: "1F3864"}}),
		subtitle: b.style(excelize.Style{Font: &excelize.Font{Bold: true, Size: 12, Color: "1F3864"}}),
		header: b.style(excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}, Border: border}),
		label:    b.style(excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top"}}),
		text:     b.style(excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}}),
		wrap:     b.style(excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}),
		note:     b.style(excelize.Style{Font: &excelize.Font{Italic: true, Color: "595959"}, Alignment: &excelize.Alignment{Vertical: "top"}}),
		bold:     b.style(excelize.Style{Font: &excelize.Font{Bold: true}}),
		section:  b.style(excelize.Style{Font: &excelize.Font{Bold: true, Color: "1F3864"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}}),
		score:    b.style(excelize.Style{CustomNumFmt: ptr("0.0"), Alignment: &excelize.Alignment{Vertical: "top"}}),
		integer:  b.style(excelize.Style{NumFmt: 3, Alignment: &excelize.Alignment{Vertical: "top"}}),
		decimal:  b.style(excelize.Style{CustomNumFmt: ptr("#,##0.##"), Alignment: &excelize.Alignment{Vertical: "top"}}),
		percent:  b.style(excelize.Style{NumFmt: 9, Alignment: &excelize.Alignment{Vertical: "top"}}),
		currency: b.style(excelize.Style{CustomNumFmt: ptr("#,##0.00"), Alignment: &excelize.Alignment{Vertical: "top"}}),
		date:     b.style(excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd"), Alignment: &excelize.Alignment{Vertical: "top"}}),
		datetime: b.style(excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd hh:mm"), Alignment: &excelize.Alignment{Vertical: "top"}}),
		required: b.style(excelize.Style{Font: &excelize.Font{Bold: true, Color: "C00000"}, Alignment: &excelize.Alignment{Vertical: "top"}}),
		warn:     b.style(excelize.Style{Font: &excelize.Font{Italic: true, Color: "7F6000"}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}),
	}
	return b, b.err
}

func ptr[T any](v T) *T { return &v }

// fail records the first error.
func (b *book) fail(err error) {
	if err != nil && b.err == nil {
		b.err = err
	}
}

// style registers a cell style and returns its id.
func (b *book) style(s excelize.Style) int {
	id, err := b.f.NewStyle(&s)
	if err != nil {
		b.fail(fmt.Errorf("new style: %w", err))
		return 0
	}
	b.defs[id] = s
	if s.Alignment != nil && s.Alignment.WrapText {
		b.wraps[id] = true
	}
	return id
}

// quote returns the variant of style that keeps text as text when it is
// edited: the Text number format and quotePrefix (see needsQuote).
// excelize has no option for quotePrefix, so the variant is a copy of the
// style's cell format record with the attribute set, appended to the
// style sheet (where NewStyle never matches it: it returns the first
// matching record).
func (b *book) quote(style int) int {
	if q, ok := b.quoted[style]; ok {
		return q
	}
	def := b.defs[style]
	def.NumFmt, def.CustomNumFmt = 49, nil
	base := b.style(def)
	ss := b.f.Styles
	if ss == nil || ss.CellXfs == nil || base < 0 || base >= len(ss.CellXfs.Xf) {
		b.fail(errors.New("quote style: no style sheet"))
		return style
	}
	xf := ss.CellXfs.Xf[base]
	xf.QuotePrefix = ptr(true)
	ss.CellXfs.Xf = append(ss.CellXfs.Xf, xf)
	ss.CellXfs.Count = len(ss.CellXfs.Xf)
	q := len(ss.CellXfs.Xf) - 1
	b.quoted[style] = q
	b.wraps[q] = b.wraps[style]
	return q
}

// textStyle returns the style to write s with: style itself, or its
// quote variant when s could be read as a formula.
func (b *book) textStyle(s string, style int) int {
	if needsQuote(s) {
		return b.quote(style)
	}
	return style
}

// sheetName makes name a valid, unused sheet name.
func (b *book) sheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		switch r {
		case '[', ']', ':', '*', '?', '/', '\\':
			return ' '
		}
		if r < 0x20 {
			return ' '
		}
		return r
	}, name)
	name = strings.Trim(strings.TrimSpace(name), "'")
	if name == "" {
		name = "Sheet"
	}
	base := truncateWords(name, 31)
	name = base
	for i := 2; b.hasSheet(name); i++ {
		suffix := " (" + strconv.Itoa(i) + ")"
		name = truncateRunes(base, 31-len(suffix)) + suffix
	}
	return name
}

func (b *book) hasSheet(name string) bool {
	for _, s := range slices.Concat(b.sheets, b.reserved) {
		if strings.EqualFold(s, name) {
			return true
		}
	}
	return false
}

// sheet adds a worksheet named after name (made valid and unique) and
// returns its name; the first call renames the default sheet.
func (b *book) sheet(name string) string {
	name = b.sheetName(name)
	if len(b.sheets) == 0 {
		b.fail(b.f.SetSheetName("Sheet1", name))
	} else if _, err := b.f.NewSheet(name); err != nil {
		b.fail(fmt.Errorf("new sheet %q: %w", name, err))
	}
	b.sheets = append(b.sheets, name)
	b.widths[name] = map[int]int{}
	b.capWidth[name] = map[int]int{}
	b.fixWidth[name] = map[int]int{}
	b.wrapped[name] = map[int][]wrapText{}
	if questionnaires.RTL(b.lang) {
		b.fail(b.f.SetSheetView(name, 0, &excelize.ViewOptions{RightToLeft: ptr(true)}))
	}
	return name
}

// cell names a cell by column and row (from 1).
func cell(col, row int) string {
	s, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return "A1"
	}
	return s
}

// absRef is an absolute reference to a range of a sheet, quoted for formulas.
func absRef(sheet string, col1, row1, col2, row2 int) string {
	a, _ := excelize.CoordinatesToCellName(col1, row1, true)
	z, _ := excelize.CoordinatesToCellName(col2, row2, true)
	return quoteSheet(sheet) + "!" + a + ":" + z
}

// quoteSheet quotes a sheet name for a reference.
func quoteSheet(sheet string) string { return "'" + strings.ReplaceAll(sheet, "'", "''") + "'" }

// widen records that the column holds s, for its width (capped by finish).
func (b *book) widen(sheet string, col int, s string, style int) {
	n := 0
	for _, line := range strings.Split(s, "\n") {
		n = max(n, utf8.RuneCountInString(line))
	}
	if style == b.st.header {
		n = min(n, 24) // headers wrap
	}
	if n > b.widths[sheet][col] {
		b.widths[sheet][col] = n
	}
}

// str writes text (see needsQuote for how it is kept text).
func (b *book) str(sheet string, col, row int, s string, style int) {
	if b.err != nil {
		return
	}
	c := cell(col, row)
	b.fail(b.f.SetCellStr(sheet, c, s))
	b.fail(b.f.SetCellStyle(sheet, c, c, b.textStyle(s, style)))
	b.widen(sheet, col, s, style)
	if b.wraps[style] {
		b.wrapped[sheet][row] = append(b.wrapped[sheet][row], wrapText{col, s})
	}
}

// num writes a number.
func (b *book) num(sheet string, col, row int, v float64, style int) {
	if b.err != nil {
		return
	}
	c := cell(col, row)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return
	}
	b.fail(b.f.SetCellFloat(sheet, c, Round15(v), -1, 64))
	b.fail(b.f.SetCellStyle(sheet, c, c, style))
	b.widen(sheet, col, formatNumber(v)+"00", style)
}

// integer writes a whole number.
func (b *book) integer(sheet string, col, row int, v int) {
	if b.err != nil {
		return
	}
	c := cell(col, row)
	b.fail(b.f.SetCellInt(sheet, c, int64(v)))
	b.fail(b.f.SetCellStyle(sheet, c, c, b.st.integer))
	b.widen(sheet, col, strconv.Itoa(v)+"0", b.st.integer)
}

// when writes an instant in UTC.
func (b *book) when(sheet string, col, row int, t time.Time) {
	if b.err != nil || t.IsZero() {
		return
	}
	c := cell(col, row)
	b.fail(b.f.SetCellValue(sheet, c, t.UTC()))
	b.fail(b.f.SetCellStyle(sheet, c, c, b.st.datetime))
	b.widen(sheet, col, "2006-01-02 15:04", b.st.datetime)
}

// put writes a value of any of the kinds the workbooks hold: string,
// float64, int, time.Time; nil leaves the cell empty.
func (b *book) put(sheet string, col, row int, v any, style int) {
	switch x := v.(type) {
	case nil:
	case string:
		b.str(sheet, col, row, x, style)
	case float64:
		b.num(sheet, col, row, x, style)
	case int:
		b.integer(sheet, col, row, x)
	case time.Time:
		b.when(sheet, col, row, x)
	default:
		b.fail(fmt.Errorf("cell %s!%s: unsupported value %T", sheet, cell(col, row), v))
	}
}

// header writes a header row from column 1.
func (b *book) header(sheet string, row int, labels ...string) {
	for i, l := range labels {
		b.str(sheet, i+1, row, l, b.st.header)
	}
}

// pair writes a label and a value on one row.
func (b *book) pair(sheet string, row int, label string, v any, style int) {
	b.str(sheet, 1, row, label, b.st.label)
	b.put(sheet, 2, row, v, style)
}

// capCol bounds a column's width (for long, wrapped text).
func (b *book) capCol(sheet string, col, width int) { b.capWidth[sheet][col] = width }

// fixCol sets a column's width whatever its content.
func (b *book) fixCol(sheet string, col, width int) { b.fixWidth[sheet][col] = width }

// layout is how a sheet is finished.
type layout struct {
	// headerRow is the row of the main table's header (0: none); the rows
	// up to it are frozen and repeated on every printed page.
	headerRow int
	// filter is the main table's range (first column, last column, last
	// row) for an autofilter; zero lastCol means no filter.
	firstCol, lastCol, lastRow int
}

// finish sets a sheet's column widths, frozen header, filter and print setup.
func (b *book) finish(sheet string, l layout) {
	if b.err != nil {
		return
	}
	final := map[int]float64{}
	for col, w := range b.widths[sheet] {
		width := float64(w) + 2
		limit := 60
		if c, ok := b.capWidth[sheet][col]; ok {
			limit = c
		}
		final[col] = math.Max(8, math.Min(width, float64(limit)))
	}
	for col, w := range b.fixWidth[sheet] {
		final[col] = float64(w)
	}
	for col, width := range final {
		name, _ := excelize.ColumnNumberToName(col)
		b.fail(b.f.SetColWidth(sheet, name, name, width))
	}
	// Wrapped text: set the row heights, which not every program
	// computes when it opens a file.
	for row, cells := range b.wrapped[sheet] {
		lines := 1
		for _, wt := range cells {
			width, ok := final[wt.col]
			if !ok {
				width = 8.43
			}
			lines = max(lines, lineCount(wt.text, width))
		}
		if lines > 1 {
			b.fail(b.f.SetRowHeight(sheet, row, math.Min(409, 15*float64(lines)+2)))
		}
	}
	if l.headerRow > 0 {
		b.fail(b.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: l.headerRow, TopLeftCell: cell(1, l.headerRow+1),
			ActivePane: "bottomLeft", Selection: []excelize.Selection{{SQRef: cell(1, l.headerRow+1), ActiveCell: cell(1, l.headerRow+1), Pane: "bottomLeft"}}}))
		b.fail(b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles",
			RefersTo: quoteSheet(sheet) + "!$" + strconv.Itoa(l.headerRow) + ":$" + strconv.Itoa(l.headerRow), Scope: sheet}))
	}
	if l.lastCol > 0 && l.headerRow > 0 {
		first := max(l.firstCol, 1)
		last := max(l.lastRow, l.headerRow+1)
		b.fail(b.f.AutoFilter(sheet, cell(first, l.headerRow)+":"+cell(l.lastCol, last), nil))
	}
	b.printSetup(sheet)
}

// printSetup prints the sheet landscape, fitted to the page width.
func (b *book) printSetup(sheet string) {
	b.fail(b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: ptr("landscape"), FitToWidth: ptr(1), FitToHeight: ptr(0), Size: ptr(9)}))
	b.fail(b.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: ptr(true)}))
	b.fail(b.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: ptr(0.4), Right: ptr(0.4), Top: ptr(0.5), Bottom: ptr(0.5)}))
}

// props sets the document properties.
func (b *book) props(title, subject, description string, now time.Time) {
	t := now.UTC().Format(time.RFC3339)
	b.fail(b.f.SetDocProps(&excelize.DocProperties{Title: title, Subject: subject, Description: description,
		Creator: "assocbench", LastModifiedBy: "assocbench", Created: t, Modified: t, Language: b.lang,
		Keywords: "assocbench", Category: "assocbench"}))
	b.fail(b.f.SetAppProps(&excelize.AppProperties{Application: "assocbench"}))
}

// write writes the workbook to w. Nothing is written to w before the
// whole workbook is ready, so a failed export writes nothing. The first
// sheet is the active one (it is the new file's first sheet, renamed; a
// call to SetActiveSheet would parse every sheet, streamed ones included,
// back into memory).
func (b *book) write(w io.Writer) error {
	defer b.f.Close()
	b.done()
	b.dimensions()
	if b.err != nil {
		return b.err
	}
	if err := b.f.Write(w); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}

// suppressed is the words shown instead of a hidden peer figure.
func (b *book) suppressed(n int) string {
	if n < b.k {
		return i18n.N(b.lang, "suppressed.few", b.k, b.k)
	}
	return i18n.T(b.lang, "suppressed.hidden")
}

// chartSeries is one series of a chart's data.
type chartSeries struct {
	name   string
	values []*float64 // nil: no value (a gap, never 0)
}

// chartRefs locate a chart's data.
type chartRefs struct {
	categories string
	names      []string // references to the cells holding the series names
	values     []string
}

// chartData reserves room for a chart's data on the workbook's hidden
// chart data sheet (written by done, after every visible sheet): a title
// row, a header of series names, then one row per category. Hidden peer
// figures are left empty, so the chart shows a gap, never 0.
func (b *book) chartData(title string, categories []string, series []chartSeries) chartRefs {
	if b.chartSheet == "" {
		b.chartSheet = b.sheetName(i18n.T(b.lang, "sheet.chartdata"))
		b.reserved = append(b.reserved, b.chartSheet)
		b.chartRow = 1
	}
	s := b.chartSheet
	r := b.chartRow
	head := r + 1
	last := head + len(categories)
	b.chartRow = last + 2
	b.pending = append(b.pending, func() {
		b.str(s, 1, r, title, b.st.subtitle)
		for j, se := range series {
			b.str(s, j+2, head, se.name, b.st.header)
		}
		for i, c := range categories {
			b.str(s, 1, head+1+i, c, b.st.text)
			for j, se := range series {
				if i < len(se.values) && se.values[i] != nil {
					b.num(s, j+2, head+1+i, *se.values[i], b.st.score)
				}
			}
		}
	})
	refs := chartRefs{categories: absRef(s, 1, head+1, 1, last)}
	for j := range series {
		refs.names = append(refs.names, absRef(s, j+2, head, j+2, head))
		refs.values = append(refs.values, absRef(s, j+2, head+1, j+2, last))
	}
	return refs
}

// chart adds a chart at cell of sheet (when done writes the chart data).
func (b *book) chart(sheet, at string, typ excelize.ChartType, title string, refs chartRefs, width, height uint, scale100 bool) {
	ch := &excelize.Chart{Type: typ, Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title}}},
		Legend: excelize.ChartLegend{Position: "bottom"}, Dimension: excelize.ChartDimension{Width: width, Height: height},
		ShowBlanksAs: "gap", Format: excelize.GraphicOptions{PrintObject: ptr(true), AltText: title}}
	palette := []string{"0072B2", "E69F00", "009E73", "CC79A7", "56B4E9", "D55E00", "F0E442", "000000"} // Okabe-Ito, as the web charts
	for i := range refs.values {
		se := excelize.ChartSeries{Name: refs.names[i], Categories: refs.categories, Values: refs.values[i]}
		color := palette[i%len(palette)]
		if typ == excelize.Radar {
			se.Line = excelize.LineOptions{Width: 2, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}}
			se.Marker = excelize.ChartMarker{Symbol: "circle", Size: 5, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}}
		} else {
			se.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
		}
		ch.Series = append(ch.Series, se)
	}
	if scale100 {
		ch.YAxis.Minimum, ch.YAxis.Maximum = ptr(0.0), ptr(100.0)
		ch.YAxis.MajorGridLines = true
	}
	b.charts = append(b.charts, func() { b.fail(b.f.AddChart(sheet, at, ch)) })
}

// done writes the chart data sheet (hidden, last) and adds the charts.
func (b *book) done() {
	if b.chartSheet == "" {
		return
	}
	b.reserved = nil
	name := b.sheet(b.chartSheet)
	if name != b.chartSheet {
		b.fail(fmt.Errorf("chart data sheet %q became %q", b.chartSheet, name))
	}
	for _, fn := range b.pending {
		fn()
	}
	b.finish(b.chartSheet, layout{})
	for _, fn := range b.charts {
		fn()
	}
	b.fail(b.f.SetSheetVisible(b.chartSheet, false))
}

// lineCount estimates how many lines text takes in a wrapped cell of a
// column width (in widths of "0"; ordinary text fits about 1.15
// characters per unit).
func lineCount(text string, width float64) int {
	perLine := max(1, int((width-1)*1.15))
	n := 0
	for _, seg := range strings.Split(text, "\n") {
		c := utf8.RuneCountInString(seg)
		n += max(1, (c+perLine-1)/perLine)
	}
	return n
}

// Round15 rounds x to 15 significant digits, the precision of a
// spreadsheet cell: a number written to a workbook and read back is
// Round15 of the original.
func Round15(x float64) float64 {
	r, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 15, 64), 64)
	if err != nil {
		return x
	}
	return r
}

// formatNumber writes a number for people: at most two decimals, no
// trailing zeros.
func formatNumber(x float64) string {
	return strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64)
}

// truncateWords cuts s to at most n runes, at a word boundary when one
// is near the end.
func truncateWords(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	for i := n - 1; i >= n-12 && i > 0; i-- {
		if r[i] == ' ' {
			return strings.TrimRight(string(r[:i]), " ,;:-–")
		}
	}
	return string(r)
}

// truncateRunes cuts s to at most n runes.
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n])
}
