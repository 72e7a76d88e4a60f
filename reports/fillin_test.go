package reports_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/questionnaires/synth"
	"github.com/assocbench/assocbench/reports"
	"github.com/assocbench/assocbench/survey"
)

// french are the workbook's words the test types in a French workbook.
var french = map[string]string{"yes": "Oui", "no": "Non", "n/a": "Sans objet"}

// line is one answer line of a fill-in workbook: its row and what the
// hidden columns say it answers.
type line struct {
	row      int
	id, part string
}

// lines lists the answer lines of a fill-in workbook's questions sheet.
func lines(t *testing.T, f *excelize.File, sheet string) []line {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var out []line
	for i, r := range rows {
		if i == 0 || len(r) < 6 || r[5] == "" {
			continue
		}
		part := ""
		if len(r) > 6 {
			part = r[6]
		}
		out = append(out, line{row: i + 1, id: r[5], part: part})
	}
	return out
}

// fill types answers into a blank French fill-in workbook as a person
// would: choice labels, Oui/Non, level numbers, numbers, dates, text.
func fill(t *testing.T, data []byte, q *questionnaires.Questionnaire, answers questionnaires.Answers) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const sheet = "Questions"
	set := func(row int, v any) {
		c := cellName(4, row)
		var err error
		switch x := v.(type) {
		case string:
			err = f.SetCellStr(sheet, c, x)
		case float64:
			err = f.SetCellFloat(sheet, c, x, -1, 64)
		case time.Time:
			err = f.SetCellValue(sheet, c, x)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	level := func(lv float64) any {
		if lv == 0 {
			return french["n/a"]
		}
		return strconv.Itoa(int(lv))
	}
	for _, l := range lines(t, f, sheet) {
		qu := q.Question(l.id)
		v, ok := answers[l.id]
		if qu == nil || !ok || l.part == "header" {
			continue
		}
		switch {
		case strings.HasPrefix(l.part, "option:"):
			yn := french["no"]
			if slices.Contains(v.List, strings.TrimPrefix(l.part, "option:")) {
				yn = french["yes"]
			}
			set(l.row, yn)
		case strings.HasPrefix(l.part, "row:"):
			if lv, has := v.Rows[strings.TrimPrefix(l.part, "row:")]; has {
				set(l.row, level(lv))
			}
		case l.part == "level":
			set(l.row, level(v.Num))
		case l.part == "justification":
			if v.Str != "" {
				set(l.row, v.Str)
			}
		case l.part == "evidence":
			if v.Evidence != "" {
				set(l.row, v.Evidence)
			}
		case v.Kind == questionnaires.KindNA:
			set(l.row, french["n/a"])
		case qu.Type == questionnaires.TypeSingleChoice:
			set(l.row, qu.Choice(v.Str).Label.In("fr"))
		case qu.Type == questionnaires.TypeYesNo:
			set(l.row, french[v.Str])
		case qu.Type == questionnaires.TypeLikert:
			set(l.row, level(v.Num))
		case qu.Type.IsNumeric():
			set(l.row, v.Num)
		case qu.Type == questionnaires.TypeDate:
			d, err := time.Parse(time.DateOnly, v.Str)
			if err != nil {
				t.Fatal(err)
			}
			set(l.row, d)
		default:
			set(l.row, v.Str)
		}
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestFillInRoundTrip(t *testing.T) {
	ctx := context.Background()
	svc := clocked(t)
	campaign(t, svc, "round-trip", 5, "")
	association(t, svc, "fill-1", "Fill-in Library Association", "SN")
	lib, err := questionnaires.Library()
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range lib {
		t.Run(q.ID, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(i), 42))
			answers, err := synth.Answers(q, rng, synth.Options{Propensity: 0.6, Skip: 0.05})
			if err != nil {
				t.Fatal(err)
			}
			// a spreadsheet keeps 15 significant digits; selections come
			// back in the order of the choices
			for id, v := range answers {
				switch v.Kind {
				case questionnaires.KindNumber:
					answers[id] = questionnaires.Num(reports.Round15(v.Num))
				case questionnaires.KindList:
					qu := q.Question(id)
					slices.SortFunc(v.List, func(a, b string) int {
						return slices.IndexFunc(qu.Choices, func(c questionnaires.Choice) bool { return c.ID == a }) -
							slices.IndexFunc(qu.Choices, func(c questionnaires.Choice) bool { return c.ID == b })
					})
				}
			}
			// typed by hand into a blank French workbook
			var blank bytes.Buffer
			if err := reports.WriteFillIn(&blank, q, nil, reports.FillInOptions{Options: reports.Options{Lang: "fr", Now: now}}); err != nil {
				t.Fatal(err)
			}
			if n := len(lines(t, read(t, blank.Bytes()).f, "Questions")); n < len(q.Questions())/2 {
				t.Fatalf("%d answer lines for %d questions", n, len(q.Questions()))
			}
			filled := fill(t, blank.Bytes(), q, answers)
			got, problems := reports.ReadFillIn(bytes.NewReader(filled), q, "fr")
			if len(problems) > 0 {
				t.Fatalf("problems: %v", problems)
			}
			if !got.Equal(answers) {
				t.Errorf("typed workbook read back differs:\n%s", diff(answers, got))
			}
			// pre-filled in English, read back untouched
			var pre bytes.Buffer
			if err := reports.WriteFillIn(&pre, q, answers, reports.FillInOptions{Options: reports.Options{Lang: "en", Now: now}}); err != nil {
				t.Fatal(err)
			}
			got, problems = reports.ReadFillIn(bytes.NewReader(pre.Bytes()), q, "en")
			if len(problems) > 0 {
				t.Fatalf("problems in a pre-filled workbook: %v", problems)
			}
			if !got.Equal(answers) {
				t.Errorf("pre-filled workbook read back differs:\n%s", diff(answers, got))
			}
			// stored as the association's draft
			ref := survey.ResponseRef{Campaign: "round-trip", Association: "fill-1", Questionnaire: q.ID}
			if _, err := svc.ImportDraft(ctx, survey.System, ref, got, "en"); err != nil {
				t.Fatalf("import draft: %v", err)
			}
			r, err := svc.GetResponse(ctx, survey.System, ref)
			if err != nil {
				t.Fatal(err)
			}
			if r.Status != survey.StatusDraft || !r.Answers.Equal(answers) {
				t.Errorf("stored draft (%s) differs from the answers", r.Status)
			}
		})
	}
}

// diff lists the answers that differ.
func diff(want, got questionnaires.Answers) string {
	var b strings.Builder
	for id, w := range want {
		if g, ok := got[id]; !ok || !g.Equal(w) {
			b.WriteString(id + ": " + cmp.Diff(w, g, cmp.AllowUnexported(questionnaires.Value{})) + "\n")
		}
	}
	for id, g := range got {
		if _, ok := want[id]; !ok {
			b.WriteString(id + ": unexpected " + g.String() + "\n")
		}
	}
	return b.String()
}

func TestFillInProblems(t *testing.T) {
	q := questionnaires.Builtin("financial-sustainability")
	var blank bytes.Buffer
	if err := reports.WriteFillIn(&blank, q, nil, reports.FillInOptions{Options: reports.Options{Lang: "en", Now: now}}); err != nil {
		t.Fatal(err)
	}
	w := read(t, blank.Bytes())
	rowOf := func(id, part string) int {
		for _, l := range lines(t, w.f, "Questions") {
			if l.id == id && l.part == part {
				return l.row
			}
		}
		t.Fatalf("no line for %s %q", id, part)
		return 0
	}
	multi, single, text := "", "", ""
	for _, qu := range q.Questions() {
		switch {
		case multi == "" && qu.Type == questionnaires.TypeMultiChoice:
			multi = qu.ID
		case single == "" && qu.Type == questionnaires.TypeSingleChoice:
			single = qu.ID
		case text == "" && qu.Type == questionnaires.TypeText:
			text = qu.ID
		}
	}
	mq := q.Question(multi)
	edit := func(cells map[string]any) []byte {
		f, err := excelize.OpenReader(bytes.NewReader(blank.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for c, v := range cells {
			if err := f.SetCellValue("Questions", c, v); err != nil {
				t.Fatal(err)
			}
		}
		var out bytes.Buffer
		if err := f.Write(&out); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	revenue := rowOf("revenue_total", "")
	choice := rowOf(single, "")
	option := rowOf(multi, "option:"+mq.Choices[0].ID)
	header := rowOf(multi, "header")
	long := rowOf(text, "")
	tests := []struct {
		name  string
		cells map[string]any
		want  []string
	}{
		{"not a number", map[string]any{cellName(4, revenue): "lots"}, []string{"Questions!" + cellName(4, revenue) + ": must be a number"}},
		{"not a choice", map[string]any{cellName(4, choice): "Something else"}, []string{"Questions!" + cellName(4, choice) + ": must be one of the listed choices"}},
		{"not yes or no", map[string]any{cellName(4, option): "maybe"}, []string{"Questions!" + cellName(4, option) + ": must be Yes or No"}},
		{"answer on the title line", map[string]any{cellName(4, header): "Yes"}, []string{"Questions!" + cellName(4, header) + ": write the answer in the lines below this one"}},
		{"too long", map[string]any{cellName(4, long): strings.Repeat("x", 600)},
			[]string{"Questions!" + cellName(4, long) + ": is too long (at most " + strconv.Itoa(q.Question(text).MaxLength) + " characters)"}},
		{"hidden id changed", map[string]any{cellName(6, revenue): "no_such_question"},
			[]string{"Questions!" + cellName(6, revenue) + `: unknown question "no_such_question": do not change the hidden columns`}},
		{"two problems, in row order", map[string]any{cellName(4, choice): "?", cellName(4, revenue): "x"},
			[]string{"Questions!" + cellName(4, min(choice, revenue)), "Questions!" + cellName(4, max(choice, revenue))}},
	}
	for _, tt := range tests {
		_, problems := reports.ReadFillIn(bytes.NewReader(edit(tt.cells)), q, "en")
		if len(problems) != len(tt.want) {
			t.Errorf("%s: problems %v, want %v", tt.name, problems, tt.want)
			continue
		}
		for i, p := range problems {
			if !strings.HasPrefix(p.String(), tt.want[i]) {
				t.Errorf("%s: problem %q, want %q", tt.name, p.String(), tt.want[i])
			}
		}
	}
	// a workbook of another questionnaire, and a file that is no workbook
	_, problems := reports.ReadFillIn(bytes.NewReader(blank.Bytes()), questionnaires.Builtin("membership"), "fr")
	if len(problems) != 1 || problems[0].Key() != "Meta!B2" || !strings.Contains(problems[0].Message, "financial-sustainability@") {
		t.Errorf("other questionnaire: %v", problems)
	}
	_, problems = reports.ReadFillIn(strings.NewReader("id,answer\n"), q, "en")
	if len(problems) != 1 || problems[0].String() != "workbook: cannot read the workbook: it is not an .xlsx file" {
		t.Errorf("not a workbook: %v", problems)
	}
	if key, err := reports.FillInKey(bytes.NewReader(blank.Bytes())); err != nil || key != q.Key() {
		t.Errorf("FillInKey = %q, %v; want %s", key, err, q.Key())
	}
}

func TestFillInWorkbook(t *testing.T) {
	q := questionnaires.Builtin("profile")
	var buf bytes.Buffer
	if err := reports.WriteFillIn(&buf, q, nil, reports.FillInOptions{Options: reports.Options{Lang: "ar", Now: now}}); err != nil {
		t.Fatal(err)
	}
	w := read(t, buf.Bytes())
	if got, want := w.f.GetSheetList(), []string{"التعليمات", "الأسئلة", "Lists", "Meta"}; !slices.Equal(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	for _, s := range []string{"Lists", "Meta"} {
		if vis, _ := w.f.GetSheetVisible(s); vis {
			t.Errorf("%s is visible", s)
		}
	}
	rtl, err := w.f.GetSheetView("الأسئلة", 0)
	if err != nil || rtl.RightToLeft == nil || !*rtl.RightToLeft {
		t.Errorf("the Arabic questions sheet is not right to left: %+v %v", rtl, err)
	}
	// the country question: a drop-down over the hidden list of 249 countries
	dvs, err := w.f.GetDataValidations("الأسئلة")
	if err != nil {
		t.Fatal(err)
	}
	row := 0
	for _, l := range lines(t, w.f, "الأسئلة") {
		if l.id == "country" {
			row = l.row
		}
	}
	var country *excelize.DataValidation
	for _, dv := range dvs {
		if dv.Sqref == cellName(4, row) {
			country = dv
		}
	}
	if country == nil || country.Type != "list" || !strings.HasPrefix(country.Formula1, "choices_") {
		t.Fatalf("country validation = %+v", country)
	}
	var ref string
	for _, dn := range w.f.GetDefinedName() {
		if dn.Name == strings.Trim(country.Formula1, "=") {
			ref = dn.RefersTo
		}
	}
	if !strings.HasPrefix(ref, "'Lists'!$") || !strings.HasSuffix(ref, "$249") {
		t.Errorf("country list refers to %q, want 249 entries on the Lists sheet", ref)
	}
	// numbers: a whole-number range
	members := 0
	for _, l := range lines(t, w.f, "الأسئلة") {
		if l.id == "members_individual" {
			members = l.row
		}
	}
	found := false
	for _, dv := range dvs {
		if dv.Sqref == cellName(4, members) {
			found = dv.Type == "whole" && dv.Operator == "between"
		}
	}
	if !found {
		t.Error("members_individual has no whole-number range check")
	}
	// skip logic in words on the financial questionnaire
	fin := questionnaires.Builtin("financial-sustainability")
	buf.Reset()
	if err := reports.WriteFillIn(&buf, fin, nil, reports.FillInOptions{Options: reports.Options{Lang: "en", Now: now}}); err != nil {
		t.Fatal(err)
	}
	w = read(t, buf.Bytes())
	for _, l := range lines(t, w.f, "Questions") {
		qu := fin.Question(l.id)
		if qu.Relevant == "has_reserves == 'yes'" && l.part == "" {
			help := w.get(t, "Questions", cellName(5, l.row))
			want := "Answer only if “" + fin.Question("has_reserves").Label.In("en") + "” is “Yes”."
			if !strings.Contains(help, want) {
				t.Errorf("help of %s = %q, want it to contain %q", l.id, help, want)
			}
			found = true
		}
		if qu.Required && (l.part == "" || l.part == "header") && w.get(t, "Questions", cellName(3, l.row)) != "Required" {
			t.Errorf("%s is required but not marked", l.id)
		}
	}
	if hidden, err := w.f.GetColVisible("Questions", "F"); err != nil || hidden {
		t.Errorf("column F visible = %v, %v; want hidden", hidden, err)
	}
}
