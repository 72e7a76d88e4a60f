package xlsform

import (
	"bytes"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/assocbench/assocbench/questionnaires"
)

// What real XLSForms use (written by ODK Build, KoboToolbox or by hand),
// beyond what Export writes.

func TestImportXLSFormCalculationColumn(t *testing.T) {
	data := xfWorkbook(t, xfSurveySheet(
		[]any{"type", "name", "label", "calculation"},
		[]any{"integer", "a", "A"},
		[]any{"integer", "b", "B"},
		[]any{"calculate", "total", "Total", "${a} + ${b}"},
	))
	q := xfImportOK(t, "calculation.xlsx", data)
	if in := q.Indicator("total"); in == nil || in.Expr != "a + b" {
		t.Fatalf("indicator total = %+v, want a + b", in)
	}
}

func TestImportXLSFormMetadata(t *testing.T) {
	data := xfWorkbook(t, xfSurveySheet(
		[]any{"type", "name", "label"},
		[]any{"start", "start"},
		[]any{"uri:deviceid", "device"},
		[]any{"uri:email", "mail"},
		[]any{"uri:username", "user"},
		[]any{"email", "email2"},
		[]any{"text", "name", "Name"},
	))
	q := xfImportOK(t, "meta.xlsx", data)
	var ids []string
	for _, qu := range q.Questions() {
		ids = append(ids, qu.ID)
	}
	if !slices.Equal(ids, []string{"name"}) {
		t.Errorf("questions %v, want only name (metadata carry no question)", ids)
	}
}

func TestImportXLSFormPresentationColumns(t *testing.T) {
	data := xfWorkbook(t, xfSurveySheet(
		[]any{"type", "name", "label", "rows", "bind::saveIncomplete", "guidance_hint::English (en)"},
		[]any{"text", "story", "Story", 5, "true", "Tell it"},
		[]any{"text", "more", "More", 3},
	))
	src, q, warnings, err := ImportWithWarnings("present.xlsx", bytes.NewReader(data))
	if err != nil {
		t.Fatalf("ImportWithWarnings: %v\n%s", err, src)
	}
	if q.Question("story") == nil {
		t.Fatal("no question story")
	}
	want := []string{
		`survey!D1: column "rows" only changes how ODK shows the form: ignored`,
		`survey!E1: column "bind::saveIncomplete" only changes how ODK shows the form: ignored`,
		`survey!F1: column "guidance_hint::English (en)" only changes how ODK shows the form: ignored`,
	}
	if !slices.Equal(warnings, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warnings, "\n"), strings.Join(want, "\n"))
	}
}

func TestImportXLSFormSheetDiscovery(t *testing.T) {
	t.Run("one sheet of another name is the survey", func(t *testing.T) {
		data := xfWorkbook(t, xfTestSheet{"Form 1", [][]any{{"type", "name", "label"}, {"text", "name", "Name"}}})
		if q := xfImportOK(t, "one.xlsx", data); q.Question("name") == nil {
			t.Error("no question name")
		}
	})
	t.Run("names in any case, with spaces", func(t *testing.T) {
		data := xfWorkbook(t, xfTestSheet{" Survey ", [][]any{{"type", "name", "label"}, {"text", "name", "Name"}}},
			xfTestSheet{"CHOICES", nil}, xfTestSheet{"notes", [][]any{{"anything"}}})
		if q := xfImportOK(t, "case.xlsx", data); q.Question("name") == nil {
			t.Error("no question name")
		}
	})
	t.Run("an empty unused choices sheet", func(t *testing.T) {
		data := xfWorkbook(t, xfSurveySheet([]any{"type", "name", "label"}, []any{"integer", "n", "N"}), xfChoicesSheet())
		xfImportOK(t, "empty-choices.xlsx", data)
	})
	t.Run("no survey among several sheets", func(t *testing.T) {
		data := xfWorkbook(t, xfTestSheet{"questions", [][]any{{"type"}}}, xfChoicesSheet([]any{"list_name", "name", "label"}))
		got := xfImportErr(t, "none.xlsx", data)
		if !strings.Contains(got, "survey!A1: the workbook has no survey sheet") || !strings.Contains(got, "questions, choices") {
			t.Errorf("error %q, want no survey sheet and the sheet names", got)
		}
	})
}

func TestImportXLSFormLegacyXLS(t *testing.T) {
	data := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...)
	_, _, err := Import("old.xls", bytes.NewReader(data))
	if !errors.Is(err, ErrLegacyXLS) || !strings.Contains(err.Error(), "save it as .xlsx") {
		t.Fatalf("error %v, want ErrLegacyXLS saying save it as .xlsx", err)
	}
}

// TestImportXLSFormOnePass checks that the problems of every sheet come in
// one error, each once, each at its cell, and that what stays unsupported
// says "not supported".
func TestImportXLSFormOnePass(t *testing.T) {
	data := xfWorkbook(t,
		xfSurveySheet(
			[]any{"type", "name", "label", "default", "relevant"},
			[]any{"begin repeat", "people", "People"},
			[]any{"text", "who", "Who", "x"},
			[]any{"end repeat"},
			[]any{"geopoint", "where", "Where"},
			[]any{"image", "photo", "Photo"},
			[]any{"select_one_external city", "city", "City"},
			[]any{"text", "later", "Later", "y", "pulldata('f', 'c', 'k', ${who}) = 1"},
			[]any{"select_one nolist", "q", "Q"},
		),
		xfChoicesSheet([]any{"list_name", "name", "label", "media::image"}, []any{"l", "a", "A", "a.png"}),
	)
	got := xfImportErr(t, "pass.xlsx", data)
	lines := strings.Split(got, "\n")
	seen := map[string]bool{}
	for _, l := range lines {
		if seen[l] {
			t.Errorf("problem twice: %s", l)
		}
		seen[l] = true
	}
	for _, want := range []string{
		`survey!A2: type "begin repeat" is not supported`,
		`survey!D8: column "default" is not supported`,
		`survey!A5: type "geopoint" is not supported`,
		`survey!A6: type "image" is not supported`,
		`survey!A7: type "select_one_external city" is not supported`,
		`survey!E8: `,
		`survey!A9: `,
		`choices!D2: column "media::image" is not supported`,
	} {
		found := false
		for _, l := range lines {
			found = found || strings.Contains(l, want)
		}
		if !found {
			t.Errorf("no problem %q in:\n%s", want, got)
		}
	}
	for _, l := range lines {
		if strings.Contains(l, "pulldata") && !strings.Contains(l, "not supported") {
			t.Errorf("pulldata problem without \"not supported\": %s", l)
		}
	}
}

// TestImportXLSFormChoiceNames imports choice names that are not ids,
// with expressions comparing them, and checks that export writes them back.
func TestImportXLSFormChoiceNames(t *testing.T) {
	data := xfWorkbook(t,
		xfSurveySheet(
			[]any{"type", "name", "label", "relevant", "constraint"},
			[]any{"select_one freq", "freq", "How often?", "", ". != '99'"},
			[]any{"select_multiple topics", "topics", "Topics"},
			[]any{"text", "why", "Why?", "${freq} = '1' or selected(${topics}, 'Open Access')"},
			[]any{"text", "other", "Other", "'10' = ${freq}"},
		),
		xfChoicesSheet(
			[]any{"list_name", "name", "label"},
			[]any{"freq", 1, "Daily"},
			[]any{"freq", 10, "Weekly"},
			[]any{"freq", 99, "Don't know"},
			[]any{"topics", "Open Access", "Open access"},
			[]any{"topics", "copyright", "Copyright"},
		),
	)
	q := xfImportOK(t, "names.xlsx", data)
	type choice struct{ ID, Name string }
	var got []choice
	for _, id := range []string{"freq", "topics"} {
		for _, c := range q.Question(id).Choices {
			got = append(got, choice{c.ID, c.Name})
		}
	}
	want := []choice{{"c1", "1"}, {"c10", "10"}, {"c99", "99"}, {"open_access", "Open Access"}, {"copyright", ""}}
	if !slices.Equal(got, want) {
		t.Errorf("choices %v, want %v", got, want)
	}
	for id, want := range map[string]string{
		"freq/constraint": "value != 'c99'",
		"why/relevant":    "freq == 'c1' or selected(topics, 'open_access')",
		"other/relevant":  "'c10' == freq",
	} {
		qid, what, _ := strings.Cut(id, "/")
		got := q.Question(qid).Relevant
		if what == "constraint" {
			got = q.Question(qid).Constraint
		}
		if got != want {
			t.Errorf("%s = %q, want %q", id, got, want)
		}
	}
	// the answers are the ids
	e := q.Evaluate(questionnaires.Answers{"freq": questionnaires.Str("c1")})
	defer e.Release()
	if !e.Relevant(q.Question("why")) {
		t.Error("why is not relevant when freq is c1 (1 in the workbook)")
	}
	// export writes the names back, import gives the same questionnaire
	var buf bytes.Buffer
	if err := Export(&buf, q); err != nil {
		t.Fatal(err)
	}
	back := xfImportOK(t, "names-again.xlsx", buf.Bytes())
	for _, id := range []string{"freq", "topics", "why", "other"} {
		a, b := q.Question(id), back.Question(id)
		if !choicesEqual(a.Choices, b.Choices) || a.Relevant != b.Relevant || a.Constraint != b.Constraint {
			t.Errorf("%s after the round trip: %+v, want %+v", id, b, a)
		}
	}
	rows := xfSheetRows(t, buf.Bytes(), "choices")
	var names []string
	for _, r := range rows[1:] {
		names = append(names, r[1])
	}
	if !slices.Equal(names, []string{"1", "10", "99", "Open Access", "copyright"}) {
		t.Errorf("exported choice names %v", names)
	}
	survey := xfSheetRows(t, buf.Bytes(), "survey")
	found := false
	for _, r := range survey {
		for _, c := range r {
			found = found || c == "${freq} = '1' or selected(${topics}, 'Open Access')"
		}
	}
	if !found {
		t.Errorf("the exported relevant of why does not name the choices as the workbook did:\n%v", survey)
	}
}

func choicesEqual(a, b []questionnaires.Choice) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID || a[i].Name != b[i].Name || !maps.Equal(a[i].Label, b[i].Label) {
			return false
		}
	}
	return true
}

// xfSheetRows reads a sheet of a workbook.
func xfSheetRows(t *testing.T, data []byte, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestImportXLSFormMultiEquals checks that comparing a select_multiple
// with a string (ODK allows it) is refused in the words of questions.
func TestImportXLSFormMultiEquals(t *testing.T) {
	data := xfWorkbook(t, xfSurveySheet(
		[]any{"type", "name", "label", "relevant"},
		[]any{"select_multiple topics", "topics", "Topics"},
		[]any{"text", "why", "Why?", "${topics} = 'a'"},
	), xfChoicesSheet([]any{"list_name", "name", "label"}, []any{"topics", "a", "A"}, []any{"topics", "b", "B"}))
	got := xfImportErr(t, "multi.xlsx", data)
	want := `multi.xlsx:3: survey!D3: expression "topics == 'a'" does not compile: == cannot take a multi_choice answer and text: a multi_choice answer is a list of options, test one with selected(q, 'option') or their number with count(q) (column 8)`
	if got != want {
		t.Errorf("error:\n%s\nwant:\n%s", got, want)
	}
}

// TestImportXLSFormOrOther reads "or_other" and "or specify other" as
// pyxform does: an "other" choice and a text question NAME_other,
// relevant when it is selected.
func TestImportXLSFormOrOther(t *testing.T) {
	data := xfWorkbook(t,
		xfSurveySheet(
			[]any{"type", "name", "label::English (en)", "label::Français (fr)"},
			[]any{"select_one colors or_other", "color", "Colour", "Couleur"},
			[]any{"select all that apply from colors or specify other", "colors", "Colours", "Couleurs"},
		),
		xfChoicesSheet(
			[]any{"list_name", "name", "label::English (en)", "label::Français (fr)"},
			[]any{"colors", "red", "Red", "Rouge"},
			[]any{"colors", "blue", "Blue", "Bleu"},
		),
	)
	q := xfImportOK(t, "other.xlsx", data)
	var ids []string
	for _, qu := range q.Questions() {
		ids = append(ids, qu.ID+":"+string(qu.Type))
	}
	if want := []string{"color:single_choice", "color_other:text", "colors:multi_choice", "colors_other:text"}; !slices.Equal(ids, want) {
		t.Fatalf("questions %v, want %v", ids, want)
	}
	for _, id := range []string{"color", "colors"} {
		cs := q.Question(id).Choices
		last := cs[len(cs)-1]
		if len(cs) != 3 || last.ID != "other" || last.Label["en"] != "Other" || last.Label["fr"] != "Autre" {
			t.Errorf("%s choices %+v, want red, blue, other (Other, Autre)", id, cs)
		}
		o := q.Question(id + "_other")
		if o.Relevant != "selected("+id+", 'other')" || o.Label["en"] != "Specify other" || o.Label["fr"] != "Précisez" {
			t.Errorf("%s_other = %+v", id, o)
		}
	}
	e := q.Evaluate(questionnaires.Answers{"color": questionnaires.Str("other"), "colors": questionnaires.List("red")})
	defer e.Release()
	if !e.Relevant(q.Question("color_other")) || e.Relevant(q.Question("colors_other")) {
		t.Error("NAME_other is relevant exactly when other is chosen")
	}
}

// TestImportXLSFormOnePassWithLoad: the workbook's problems and those Load
// finds in the translation come in one answer, each once, at its cell.
func TestImportXLSFormOnePassWithLoad(t *testing.T) {
	data := xfWorkbook(t,
		xfSurveySheet(
			[]any{"type", "name", "label", "relevant", "constraint"},
			[]any{"geopoint", "where", "Where"},
			[]any{"integer", "n", "N", "${n} > 1"},
			[]any{"integer", "m", "M", "", "regex(., '\\s')"},
			[]any{"select_one l", "c", "C", "${nobody} = 'a'"},
		),
		xfChoicesSheet([]any{"list_name", "name", "label"}, []any{"l", "a", "A"}, []any{"l", "b", "B"}),
	)
	got := xfImportErr(t, "load.xlsx", data)
	want := []string{
		`load.xlsx:2: survey!A2: type "geopoint" is not supported`,
		`load.xlsx:3: survey!D3: expression "n > 1" refers to n itself`,
		`load.xlsx:4: survey!E4: expression "regex(value, \"\\\\s\")": regex: pattern "\\s": \s is not supported`,
		`load.xlsx:5: survey!D5: expression "nobody == 'a'": unknown id "nobody"`,
	}
	lines := strings.Split(got, "\n")
	if len(lines) != len(want) {
		t.Fatalf("problems:\n%s\nwant %d", got, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("problem %d:\n%s\nwant it to start with\n%s", i, lines[i], w)
		}
	}
}
