package xlsform

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/assocbench/assocbench/questionnaires"
)

// fixtureDirs are where the pyxform fixtures may be: DESIGN.md §9 puts
// them in ../shared/fixtures/xlsform beside the project (the repository is
// checked out as main/ next to shared/); ASSOCBENCH_XLSFORM_FIXTURES
// overrides.
var fixtureDirs = []string{os.Getenv("ASSOCBENCH_XLSFORM_FIXTURES"), "../../../shared/fixtures/xlsform", "/work/shared/fixtures/xlsform"}

// xlsformFixtures returns the fixture directory, skipping the test with a
// clear message when the workspace has none (failing it in CI).
func xlsformFixtures(t *testing.T) string {
	t.Helper()
	for _, d := range fixtureDirs {
		if d == "" {
			continue
		}
		if m, _ := filepath.Glob(filepath.Join(d, "*.xlsx")); len(m) > 0 {
			return d
		}
	}
	missingInCI(t, "the pyxform fixtures are not in ../shared/fixtures/xlsform (set ASSOCBENCH_XLSFORM_FIXTURES): checked out outside the workspace")
	return ""
}

var xfReProblemPath = regexp.MustCompile(`^(?:survey|choices|settings|assocbench)![A-Z]+([0-9]+)$`)

// xfTestSheet is a sheet of a workbook built by a test.
type xfTestSheet struct {
	name string
	rows [][]any
}

// xfWorkbook writes sheets into an .xlsx workbook.
func xfWorkbook(t *testing.T, sheets ...xfTestSheet) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(s.name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func xfSurveySheet(rows ...[]any) xfTestSheet  { return xfTestSheet{"survey", rows} }
func xfChoicesSheet(rows ...[]any) xfTestSheet { return xfTestSheet{"choices", rows} }
func xfSettingsSheet(rows ...[]any) xfTestSheet {
	return xfTestSheet{"settings", rows}
}

// xfImportOK imports a workbook that must load.
func xfImportOK(t *testing.T, name string, data []byte) *questionnaires.Questionnaire {
	t.Helper()
	src, q, err := Import(name, bytes.NewReader(data))
	if err != nil {
		t.Fatalf("Import(%s): %v\n%s", name, err, src)
	}
	// the YAML source is a definition that loads on its own
	if _, err := questionnaires.Load(name+".yaml", src); err != nil {
		t.Fatalf("Load(YAML of %s): %v", name, err)
	}
	if !bytes.Equal(q.Source(), src) {
		t.Errorf("q.Source() is not the returned YAML")
	}
	return q
}

// xfImportErr imports a workbook that must be refused and returns the problem text.
func xfImportErr(t *testing.T, name string, data []byte) string {
	t.Helper()
	_, q, err := Import(name, bytes.NewReader(data))
	if err == nil {
		t.Fatalf("Import(%s) loaded %s, want an error", name, q.Key())
	}
	var de *questionnaires.DefinitionError
	if !errors.As(err, &de) {
		t.Fatalf("Import(%s) error %T %v, want a *DefinitionError", name, err, err)
	}
	for _, p := range de.Problems {
		m := xfReProblemPath.FindStringSubmatch(p.Path)
		if p.File != name || m == nil || m[1] != strconv.Itoa(p.Line) {
			t.Errorf("problem %+v: want File %q, Path sheet!cell and Line the cell's row", p, name)
		}
	}
	return err.Error()
}

func TestImportXLSFormFixtures(t *testing.T) {
	type section struct {
		id    string
		types []questionnaires.Type
	}
	tests := []struct {
		file      string
		id        string
		languages []string
		sections  []section
		wantErr   string
	}{
		{
			file: "group.xlsx", id: "group", languages: []string{"en"},
			sections: []section{{"main", []questionnaires.Type{questionnaires.TypeText}}, {"father", []questionnaires.Type{questionnaires.TypeText, questionnaires.TypeInteger}}},
		},
		{
			file: "text_and_integer.xlsx", id: "text-and-integer", languages: []string{"en"},
			sections: []section{{"main", []questionnaires.Type{questionnaires.TypeText, questionnaires.TypeInteger}}},
		},
		{
			file: "yes_or_no_question.xlsx", id: "yes-or-no-question", languages: []string{"en"},
			sections: []section{{"main", []questionnaires.Type{questionnaires.TypeYesNo}}},
		},
		{
			// label::chinese exists on the choices only: the questions get their English text in zh
			file: "field-list.xlsx", id: "field-list", languages: []string{"en", "zh"},
			sections: []section{{"name", []questionnaires.Type{questionnaires.TypeYesNo}}},
		},
		{
			// mixed-case sheets and columns are read (the rows are found), but the
			// form uses two features assocbench refuses
			file: "case_insensitivity.xlsx",
			wantErr: `case_insensitivity.xlsx:3: survey!A3: type "select_one_external c1" is not supported: external choices are not supported
case_insensitivity.xlsx:4: survey!A4: type "osm c1" is not supported: assocbench has no map questions`,
		},
		{
			file: "loop.xlsx",
			// "or specify other" is read (an other choice and a text question), the loop is not
			wantErr: `loop.xlsx:3: survey!A3: type "begin loop over toilet_type" is not supported: assocbench has no repeats or loops`,
		},
		{
			// or_other is read (an other choice and a text question) and so is
			// choice_filter: pastel=yes reads the pastel column of the choices
			file: "or_other.xlsx", id: "or-other", languages: []string{"en"},
			sections: []section{{"main", []questionnaires.Type{questionnaires.TypeSingleChoice, questionnaires.TypeText, questionnaires.TypeSingleChoice}}},
		},
	}
	xfFixtures := xlsformFixtures(t)
	files, err := filepath.Glob(filepath.Join(xfFixtures, "*.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	var covered []string
	for _, tt := range tests {
		covered = append(covered, tt.file)
	}
	for _, f := range files {
		if !slices.Contains(covered, filepath.Base(f)) {
			t.Errorf("fixture %s has no test case", f)
		}
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(xfFixtures, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantErr != "" {
				if got := xfImportErr(t, tt.file, data); got != tt.wantErr {
					t.Errorf("error:\n%s\nwant:\n%s", got, tt.wantErr)
				}
				return
			}
			q := xfImportOK(t, tt.file, data)
			if q.ID != tt.id || q.Area != questionnaires.AreaProfile || q.Version != "1" {
				t.Errorf("id, area, version = %s, %s, %s; want %s, profile, 1", q.ID, q.Area, q.Version, tt.id)
			}
			if !slices.Equal(q.Languages, tt.languages) {
				t.Errorf("languages %v, want %v", q.Languages, tt.languages)
			}
			var got []section
			for _, s := range q.Sections {
				sec := section{id: s.ID}
				for _, qu := range s.Questions {
					sec.types = append(sec.types, qu.Type)
				}
				got = append(got, sec)
			}
			if diff := cmp.Diff(tt.sections, got, cmp.AllowUnexported(section{})); diff != "" {
				t.Errorf("sections (-want +got):\n%s", diff)
			}
		})
	}
}

func TestImportXLSFormGroups(t *testing.T) {
	data := xfWorkbook(t,
		xfSurveySheet(
			[]any{"type", "name", "label::English (en)", "hint::English (en)", "weight", "appearance"},
			[]any{"text", "org_name", "Name of the association"},
			[]any{"begin group", "gov", "Governance", "How you are run", 2, "field-list"},
			[]any{"integer", "board_size", "Board members"},
			[]any{"select_one yn", "has_plan", "Do you have a strategic plan?"},
			[]any{},
			[]any{"end group"},
			[]any{"begin_group", "comms"},
			[]any{"note", "intro", "Welcome"},
			[]any{"start", "started"},
			[]any{"end_group"},
		),
		xfChoicesSheet(
			[]any{"list name", "name", "label::English (en)"},
			[]any{"yn", "yes", "Yes"},
			[]any{"yn", "no", "No"},
		),
		xfSettingsSheet(
			[]any{"form_id", "form_title", "version"},
			[]any{"Assoc Survey 2026!", "Association survey", "2026.1"},
		),
	)
	q := xfImportOK(t, "groups.xlsx", data)
	type sec struct {
		ID, Title, Description string
		Weight                 float64
		Questions              []string
	}
	var got []sec
	for _, s := range q.Sections {
		g := sec{ID: s.ID, Title: s.Title["en"], Description: s.Description["en"], Weight: s.Weight}
		for _, qu := range s.Questions {
			g.Questions = append(g.Questions, qu.ID+":"+string(qu.Type))
		}
		got = append(got, g)
	}
	want := []sec{
		{ID: "main", Title: "Association survey", Weight: 1, Questions: []string{"org_name:text"}},
		{ID: "gov", Title: "Governance", Description: "How you are run", Weight: 2, Questions: []string{"board_size:integer", "has_plan:yes_no"}},
		{ID: "comms", Title: "comms", Weight: 1, Questions: []string{"intro:note"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sections (-want +got):\n%s", diff)
	}
	if q.ID != "assoc-survey-2026" || q.Version != "2026.1" || q.Title["en"] != "Association survey" {
		t.Errorf("id, version, title = %q, %q, %q", q.ID, q.Version, q.Title["en"])
	}
}

func TestImportXLSFormTranslations(t *testing.T) {
	data := xfWorkbook(t,
		xfSurveySheet(
			[]any{"type", "name", "label::English (en)", "label::Français (fr)", "label:Español (es)", "hint::English (en)", "hint::fr", "required"},
			[]any{"select_one colour", "fav", "Favourite colour", "Couleur préférée", "Color favorito", "Pick one", "Choisissez", "yes"},
			[]any{"text", "comment", "Comment", "Commentaire", "", "", "", "no"},
		),
		xfChoicesSheet(
			[]any{"list_name", "name", "label::English (en)", "label::Français (fr)", "label::Español (es)", "points"},
			[]any{"colour", "red", "Red", "Rouge", "Rojo", 10},
			[]any{"colour", "blue", "Blue", "Bleu", "Azul"},
		),
		xfSettingsSheet(
			[]any{"form_id", "form_title", "default_language"},
			[]any{"colours", "Colours", "English (en)"},
		),
	)
	q := xfImportOK(t, "translations.xlsx", data)
	if want := []string{"en", "fr", "es"}; !slices.Equal(q.Languages, want) {
		t.Errorf("languages %v, want %v", q.Languages, want)
	}
	fav, comment := q.Question("fav"), q.Question("comment")
	ten := 10.0
	checks := []struct {
		name      string
		got, want any
	}{
		{"fav label", fav.Label, questionnaires.Text{"en": "Favourite colour", "fr": "Couleur préférée", "es": "Color favorito"}},
		{"fav hint (es from English)", fav.Hint, questionnaires.Text{"en": "Pick one", "fr": "Choisissez", "es": "Pick one"}},
		{"fav required", fav.Required, true},
		{"fav choices", fav.Choices, []questionnaires.Choice{
			{ID: "red", Label: questionnaires.Text{"en": "Red", "fr": "Rouge", "es": "Rojo"}, Points: &ten},
			{ID: "blue", Label: questionnaires.Text{"en": "Blue", "fr": "Bleu", "es": "Azul"}},
		}},
		{"comment label (es from English)", comment.Label, questionnaires.Text{"en": "Comment", "fr": "Commentaire", "es": "Comment"}},
		{"comment hint", comment.Hint, questionnaires.Text(nil)},
		{"comment required", comment.Required, false},
		{"title", q.Title, questionnaires.Text{"en": "Colours", "fr": "Colours", "es": "Colours"}},
	}
	for _, c := range checks {
		if diff := cmp.Diff(c.want, c.got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.name, diff)
		}
	}
}

// TestImportXLSFormLanguageKeys checks language codes that YAML would read
// as booleans if they were not quoted (no: Norwegian).
func TestImportXLSFormLanguageKeys(t *testing.T) {
	data := xfWorkbook(t, xfSurveySheet(
		[]any{"type", "name", "label::English (en)", "label::Norsk (no)", "label::ON"},
		[]any{"text", "a", "A", "Ja", "On"},
	))
	q := xfImportOK(t, "no.xlsx", data)
	if got, want := q.Question("a").Label, (questionnaires.Text{"en": "A", "no": "Ja", "on": "On"}); !cmp.Equal(got, want) {
		t.Errorf("label %v, want %v", got, want)
	}
	if got, want := q.Languages, []string{"en", "no", "on"}; !slices.Equal(got, want) {
		t.Errorf("languages %v, want %v", got, want)
	}
}

func TestImportXLSFormRelevance(t *testing.T) {
	data := xfWorkbook(t,
		xfSurveySheet(
			[]any{"type", "name", "label", "relevant"},
			[]any{"select_multiple channels", "channels", "Channels you use"},
			[]any{"integer", "followers", "Followers", "selected(${channels}, 'social')"},
			[]any{"text", "why_none", "Why no website?", "count-selected(${channels}) = 0 or not(selected(${channels}, 'web'))"},
			[]any{"begin group", "details", "Details", "${followers} > 100"},
			[]any{"decimal", "engagement", "Engagement rate", "${followers} div 10 >= 5"},
			[]any{"text", "handle", "Handle"},
			[]any{"end group"},
			[]any{"text", "contact", "Contact", "${why_none} != ''"},
		),
		xfChoicesSheet(
			[]any{"list_name", "name", "label"},
			[]any{"channels", "web", "Website"},
			[]any{"channels", "social", "Social media"},
		),
	)
	q := xfImportOK(t, "relevance.xlsx", data)
	want := map[string]string{
		"channels":   "",
		"followers":  "selected(channels, 'social')",
		"why_none":   "count(channels) == 0 or not selected(channels, 'web')",
		"engagement": "followers > 100 and followers / 10 >= 5",
		"handle":     "followers > 100",
		"contact":    "answered(why_none)",
	}
	got := map[string]string{}
	for _, qu := range q.Questions() {
		got[qu.ID] = qu.Relevant
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("relevant (-want +got):\n%s", diff)
	}
	// the translated expressions mean what the XLSForm meant
	e := q.Evaluate(questionnaires.Answers{"channels": questionnaires.List("social"), "followers": questionnaires.Num(40), "why_none": questionnaires.Str("no budget")})
	defer e.Release()
	rel := map[string]bool{}
	for _, qu := range q.Questions() {
		rel[qu.ID] = e.Relevant(qu)
	}
	wantRel := map[string]bool{"channels": true, "followers": true, "why_none": true, "engagement": false, "handle": false, "contact": true}
	if diff := cmp.Diff(wantRel, rel); diff != "" {
		t.Errorf("relevance of the answers (-want +got):\n%s", diff)
	}
}

func TestImportXLSFormConstraints(t *testing.T) {
	data := xfWorkbook(t,
		xfSurveySheet(
			[]any{"type", "name", "label::English (en)", "label::Français (fr)", "constraint", "constraint_message::English (en)", "constraint_message::Français (fr)"},
			[]any{"integer", "members", "Members", "Membres", ". >= 0 and . <= 100000", "From 0 to 100 000", "De 0 à 100 000"},
			[]any{"integer", "active", "Active members", "Membres actifs", ". <= ${members}", "No more than the members", "Pas plus que les membres"},
			[]any{"select_multiple tools", "tools", "Tools", "Outils", "count-selected(.) <= 2", "Two at most", "Deux au plus"},
			[]any{"date", "founded", "Founded", "Fondée", ". >= \"1900-01-01\""},
		),
		xfChoicesSheet(
			[]any{"list_name", "name", "label::English (en)", "label::Français (fr)"},
			[]any{"tools", "crm", "CRM", "CRM"},
			[]any{"tools", "mail", "Mailing", "Publipostage"},
			[]any{"tools", "web", "Website", "Site web"},
		),
	)
	q := xfImportOK(t, "constraints.xlsx", data)
	want := map[string]string{
		"members": "value >= 0 and value <= 100000",
		"active":  "value <= members",
		"tools":   "count(value) <= 2",
		"founded": "value >= '1900-01-01'",
	}
	got := map[string]string{}
	for _, qu := range q.Questions() {
		got[qu.ID] = qu.Constraint
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("constraints (-want +got):\n%s", diff)
	}
	if got, want := q.Question("active").ConstraintMessage, (questionnaires.Text{"en": "No more than the members", "fr": "Pas plus que les membres"}); !cmp.Equal(got, want) {
		t.Errorf("constraint_message %v, want %v", got, want)
	}
	fe := q.Validate(questionnaires.Answers{"members": questionnaires.Num(10), "active": questionnaires.Num(12), "tools": questionnaires.List("crm", "mail", "web"), "founded": questionnaires.Str("1850-01-01")}, questionnaires.Submit, "fr")
	// founded has no message of its own: the default one belongs to messages.go
	if _, ok := fe["founded"]; !ok {
		t.Errorf("Validate: founded 1850-01-01 passes its constraint")
	}
	delete(fe, "founded")
	wantFE := questionnaires.FieldErrors{"active": "Pas plus que les membres", "tools": "Deux au plus"}
	if diff := cmp.Diff(wantFE, fe); diff != "" {
		t.Errorf("Validate (-want +got):\n%s", diff)
	}
}

func TestImportXLSFormCalculate(t *testing.T) {
	data := xfWorkbook(t,
		xfSurveySheet(
			[]any{"type", "name", "label", "calculate", "scoring", "weight"},
			[]any{"begin group", "finance", "Finance"},
			[]any{"decimal", "revenue", "Revenue"},
			[]any{"decimal", "spend", "Spending"},
			[]any{"calculate", "margin", "Surplus margin", "if(${revenue} = 0, 0, (${revenue} - ${spend}) div ${revenue} * 100)", "bands:0=0;5=50;10=100", 2},
			[]any{"end group"},
			[]any{"calculate", "total", "", "${revenue} + ${spend}"},
		),
		xfSettingsSheet(
			[]any{"form_id", "area"},
			[]any{"calc", "profile"},
		),
	)
	q := xfImportOK(t, "calculate.xlsx", data)
	type ind struct {
		ID, Section, Label, Expr string
		Weight                   float64
		Scoring                  *questionnaires.Scoring
	}
	var got []ind
	for _, in := range q.Indicators {
		got = append(got, ind{in.ID, in.Section, in.Label["en"], in.Expr, in.Weight, in.Scoring})
	}
	want := []ind{
		{"margin", "finance", "Surplus margin", "revenue == 0 ? 0 : (revenue - spend) / revenue * 100", 2,
			&questionnaires.Scoring{Method: questionnaires.MethodBands, Bands: []questionnaires.Band{{Threshold: 0, Points: 0}, {Threshold: 5, Points: 50}, {Threshold: 10, Points: 100}}}},
		// outside any group, no section "main": scored in the group before it; no label: its name
		{"total", "finance", "total", "revenue + spend", 1, nil},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("indicators (-want +got):\n%s", diff)
	}
	e := q.Evaluate(questionnaires.Answers{"revenue": questionnaires.Num(200), "spend": questionnaires.Num(150)})
	defer e.Release()
	if v, ok := e.IndicatorValue(q.Indicator("margin")); !ok || v != 25 {
		t.Errorf("margin = %v, %v; want 25", v, ok)
	}
}

// TestImportXLSFormExtensions reads the assocbench columns and sheet as a person would write them.
func TestImportXLSFormExtensions(t *testing.T) {
	data := xfWorkbook(t,
		xfSurveySheet(
			[]any{"type", "name", "label", "assocbench_type", "assocbench_rows", "scoring", "allow_na", "min", "max", "unit"},
			[]any{"begin group", "s", "Section"},
			[]any{"select_one agree", "satisfied", "Members are satisfied", "likert", "", "", "yes"},
			[]any{"select_one agree", "engagement", "Engagement", "matrix", "activities"},
			[]any{"decimal", "share", "Share of dues", "percent", "", "linear:0..60", "", 0, 100, "%"},
			[]any{"select_multiple tools", "tools", "Tools", "", "", "count:0=0;2=50;3=100"},
			[]any{"end group"},
		),
		xfChoicesSheet(
			[]any{"list_name", "name", "label", "exclusive"},
			[]any{"agree", "1", "Disagree"},
			[]any{"agree", "2", "Neutral"},
			[]any{"agree", "3", "Agree"},
			[]any{"activities", "events", "Events"},
			[]any{"activities", "training", "Training"},
			[]any{"tools", "crm", "CRM"},
			[]any{"tools", "mail", "Mailing"},
			[]any{"tools", "none", "None of these", "yes"},
		),
		xfSettingsSheet(
			[]any{"form_id", "area", "impact_areas"},
			[]any{"ext", "membership", "IA01, IA03"},
		),
		xfTestSheet{"assocbench", [][]any{
			{"kind", "name", "min", "label"},
			{"maturity_level", "emerging", 0, "Emerging"},
			{"maturity_level", "leading", 60, "Leading"},
		}},
	)
	q := xfImportOK(t, "ext.xlsx", data)
	zero, sixty, hundred := 0.0, 60.0, 100.0
	checks := []struct {
		name      string
		got, want any
	}{
		{"area", q.Area, questionnaires.AreaMembership},
		{"impact areas", q.ImpactAreas, []string{"IA01", "IA03"}},
		{"likert", []any{q.Question("satisfied").Type, len(q.Question("satisfied").Levels), q.Question("satisfied").AllowNA}, []any{questionnaires.TypeLikert, 3, true}},
		{"matrix rows", q.Question("engagement").Rows, []questionnaires.Choice{{ID: "events", Label: questionnaires.Text{"en": "Events"}}, {ID: "training", Label: questionnaires.Text{"en": "Training"}}}},
		{"percent", []any{q.Question("share").Type, q.Question("share").Min, q.Question("share").Max, q.Question("share").Unit},
			[]any{questionnaires.TypePercent, &zero, &hundred, questionnaires.Text{"en": "%"}}},
		{"linear", q.Question("share").Scoring, &questionnaires.Scoring{Method: questionnaires.MethodLinear, From: &zero, To: &sixty}},
		{"exclusive", q.Question("tools").Choice("none").Exclusive, true},
		{"maturity", q.MaturityLevels, []questionnaires.MaturityLevel{{Min: 0, ID: "emerging", Label: questionnaires.Text{"en": "Emerging"}}, {Min: 60, ID: "leading", Label: questionnaires.Text{"en": "Leading"}}}},
	}
	for _, c := range checks {
		if diff := cmp.Diff(c.want, c.got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.name, diff)
		}
	}
}

func TestImportXLSFormErrors(t *testing.T) {
	head := []any{"type", "name", "label", "relevant", "required"}
	tests := []struct {
		name   string
		sheets []xfTestSheet
		want   string
	}{
		{
			name: "geopoint",
			sheets: []xfTestSheet{xfSurveySheet(head,
				[]any{"text", "org", "Association"},
				[]any{"geopoint", "location", "Where is your office?"},
			)},
			want: `f.xlsx:3: survey!A3: type "geopoint" is not supported: assocbench has no location questions`,
		},
		{
			name: "repeat, its rows skipped",
			sheets: []xfTestSheet{xfSurveySheet(head,
				[]any{"begin repeat", "staff", "Staff"},
				[]any{"text", "staff_name", "Name"},
				[]any{"begin group", "inner", "Inner"},
				[]any{"end group"},
				[]any{"end repeat"},
				[]any{"image", "logo", "Logo"},
				[]any{"barcode", "code", "Code"},
			)},
			want: `f.xlsx:2: survey!A2: type "begin repeat" is not supported: assocbench has no repeats or loops
f.xlsx:7: survey!A7: type "image" is not supported: assocbench has no file or media answers
f.xlsx:8: survey!A8: type "barcode" is not supported: assocbench has no barcode questions`,
		},
		{
			name: "unknown type",
			sheets: []xfTestSheet{
				xfSurveySheet(head, []any{"select_multiple c or_other", "c", "C"}, []any{"colour", "x", "X"}),
				xfChoicesSheet([]any{"list_name", "name", "label"}, []any{"c", "a", "A"}, []any{"c", "b", "B"}),
			},
			want: `f.xlsx:3: survey!A3: unknown type "colour"`,
		},
		{
			name: "expression errors name the token",
			sheets: []xfTestSheet{xfSurveySheet(head,
				[]any{"integer", "a", "A"},
				[]any{"integer", "b", "B", "substr(${a}, 1) = 'x'"},
				[]any{"text", "c", "C", "uuid() = 'x'"},
				[]any{"text", "d", "D", ". > 1"},
				[]any{"text", "e", "E", "${a} > 1 |"},
				[]any{"text", "f", "F", "/data/a > 1"},
				[]any{"text", "g", "G", "${a > 1"},
			)},
			want: `f.xlsx:3: survey!D3: relevant "substr(${a}, 1) = 'x'": function substr() is not supported (at character 1)
f.xlsx:4: survey!D4: relevant "uuid() = 'x'": function uuid() is not supported (at character 1)
f.xlsx:5: survey!D5: relevant ". > 1": "." (the current value) can be used in a constraint only (at character 1)
f.xlsx:6: survey!D6: relevant "${a} > 1 |": unexpected "|" (at character 10)
f.xlsx:7: survey!D7: relevant "/data/a > 1": unexpected "/" (at character 1)
f.xlsx:8: survey!D8: relevant "${a > 1": "${a > 1" is not closed with } (at character 1)`,
		},
		{
			name: "dynamic required, nested group, unsupported column",
			sheets: []xfTestSheet{xfSurveySheet(append(slices.Clone(head), "default", "$kuid"),
				[]any{"begin group", "g", "G"},
				[]any{"integer", "a", "A", "", "${b} > 1", "3", "k1"},
				[]any{"begin group", "h", "H"},
				[]any{"end group"},
				[]any{"end group"},
				[]any{"end group"},
			)},
			want: `f.xlsx:3: survey!E3: required "${b} > 1": only yes or no is supported (a required that depends on answers has no equivalent)
f.xlsx:3: survey!F3: column "default" is not supported
f.xlsx:4: survey!A4: group "h" is inside group "g": nested groups are not supported (a group is a section)
f.xlsx:7: survey!A7: end group without a begin group`,
		},
		{
			name: "headers",
			sheets: []xfTestSheet{xfSurveySheet(
				[]any{"type", "name", "label::Klingon", "label::Français (fr)"},
				[]any{"text", "a", "A", "A"},
			)},
			want: `f.xlsx:1: survey!A1: the survey sheet has no English label column (label or label::English (en)): assocbench needs English on every text
f.xlsx:1: survey!C1: cannot tell the language of column "label::Klingon": write it as label::Name (code), e.g. label::English (en)`,
		},
		{
			name: "settings and lists",
			sheets: []xfTestSheet{
				xfSurveySheet(head, []any{"select_one missing", "a", "A"}, []any{"select_one media", "b", "B"}),
				xfChoicesSheet([]any{"list_name", "name", "label", "image"}, []any{"media", "x", "X", "x.png"}, []any{"media", "y", "Y"}),
				xfSettingsSheet([]any{"form_id"}, []any{"2026"}),
			},
			want: `f.xlsx:2: survey!A2: list "missing" is not in the choices sheet
f.xlsx:2: choices!D2: column "image" is not supported: choices cannot have media
f.xlsx:2: settings!A2: form_id "2026" cannot be turned into an id (a letter, then letters, digits and '-')`,
		},
		{
			name: "calculate in a relevant group, scoring syntax",
			sheets: []xfTestSheet{xfSurveySheet(
				[]any{"type", "name", "label", "relevant", "calculate", "scoring"},
				[]any{"begin group", "g", "G", "${a} > 1"},
				[]any{"integer", "a", "A", "", "", "bands:0=zero"},
				[]any{"calculate", "c", "", "", "${a} * 2"},
				[]any{"end group"},
			)},
			// the group's relevant reads a, one of its own questions: a problem
			// Load finds, reported in the same pass as the workbook's
			want: `f.xlsx:2: survey!D2: expression "a > 1" refers to a itself
f.xlsx:3: survey!F3: scoring "bands:0=zero": "zero" is not a number
f.xlsx:4: survey!A4: calculate "c" is in group "g" that has a relevant: indicators cannot depend on relevance`,
		},
		{
			// problems that Load finds are reported at the cells they come from
			name: "load problems at their cells",
			sheets: []xfTestSheet{xfSurveySheet(
				[]any{"type", "name", "label", "relevant", "hint::Français (fr)"},
				[]any{"integer", "1st", "First"},
				[]any{"integer", "a", "A"},
				[]any{"integer", "a", "Again", "${nope} > 1"},
				[]any{"note", "n", ""},
			)},
			want: `f.xlsx:2: survey!B2: question id "1st" must match ^[a-z][a-z0-9_]*$ and be at most 64 characters
f.xlsx:4: survey!B4: duplicate id "a" (first used in survey!B3)
f.xlsx:4: survey!D4: expression "nope > 1": unknown id "nope"
f.xlsx:5: survey!C5: missing English text (en)
f.xlsx:5: survey!C5: missing fr text`,
		},
		{
			name: "scored area needs maturity levels",
			sheets: []xfTestSheet{
				xfSurveySheet(head, []any{"integer", "a", "A"}),
				xfSettingsSheet([]any{"form_id", "area"}, []any{"fin", "financial"}),
			},
			want: `f.xlsx:2: settings!A2: missing required key "maturity_levels" for a scored questionnaire`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := xfImportErr(t, "f.xlsx", xfWorkbook(t, tt.sheets...))
			if got != tt.want {
				t.Errorf("error:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestImportXLSFormNotAWorkbook(t *testing.T) {
	_, _, err := Import("x.xlsx", strings.NewReader("id: x\n"))
	var de *questionnaires.DefinitionError
	if err == nil || errors.As(err, &de) || !strings.Contains(err.Error(), "not an .xlsx workbook") {
		t.Errorf("error %v, want a plain \"not an .xlsx workbook\" error", err)
	}
}

// xfNormalJSON is the JSON form of a questionnaire with every expression
// replaced by its compiled syntax tree, so that spelling does not matter.
func xfNormalJSON(t *testing.T, q *questionnaires.Questionnaire) any {
	t.Helper()
	b, err := json.Marshal(q)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	tree := func(ast json.RawMessage) any {
		var v any
		if err := json.Unmarshal(ast, &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	secs := m["sections"].([]any)
	for i, s := range q.Sections {
		qs := secs[i].(map[string]any)["questions"].([]any)
		for j, qu := range s.Questions {
			qm := qs[j].(map[string]any)
			if a := qu.RelevantAST(); a != nil {
				qm["relevant"] = tree(a)
			}
			if a := qu.ConstraintAST(); a != nil {
				qm["constraint"] = tree(a)
			}
		}
	}
	if inds, ok := m["indicators"].([]any); ok {
		for i, in := range q.Indicators {
			inds[i].(map[string]any)["expr"] = tree(in.ExprAST())
		}
	}
	return m
}

// xfRoundTrip exports a questionnaire and imports the workbook again.
func xfRoundTrip(t *testing.T, q *questionnaires.Questionnaire) (*questionnaires.Questionnaire, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := Export(&buf, q); err != nil {
		t.Fatalf("Export: %v", err)
	}
	src, back, err := Import(q.ID+".xlsx", bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("Import of the export: %v\n%s", err, src)
	}
	return back, buf.Bytes()
}

func TestXLSFormRoundTripLibrary(t *testing.T) {
	qs, err := questionnaires.Library()
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) == 0 {
		t.Fatal("no built-in questionnaires")
	}
	for _, q := range qs {
		t.Run(q.ID, func(t *testing.T) {
			back, _ := xfRoundTrip(t, q)
			if diff := cmp.Diff(xfNormalJSON(t, q), xfNormalJSON(t, back)); diff != "" {
				t.Errorf("export then import differs (-original +round trip):\n%s", diff)
			}
			spelled := 0
			for _, qu := range q.Questions() {
				b := back.Question(qu.ID)
				if qu.Relevant != b.Relevant || qu.Constraint != b.Constraint {
					spelled++
				}
			}
			for _, in := range q.Indicators {
				if in.Expr != back.Indicator(in.ID).Expr {
					spelled++
				}
			}
			t.Logf("%s: %d questions, %d indicators, %d expressions spelled differently after the round trip",
				q.ID, len(q.Questions()), len(q.Indicators), spelled)
		})
	}
}

// xfEdgeDefinition uses what the built-ins do not: every scoring form,
// choices_from, a yes/no single_choice, in over a list and a multi_choice and the
// operators that XLSForm writes as functions.
const xfEdgeDefinition = `
id: edge
version: "3"
area: communications
title: {en: Edge, fr: Bord}
description: {en: Everything, fr: Tout}
languages: [fr, en]
sections:
  - id: one
    title: {en: One, fr: Un}
    description: {en: First, fr: Premier}
    weight: 0.5
    questions:
      - id: country
        type: single_choice
        label: {en: Country, fr: Pays}
        choices_from: countries
      - id: langs
        type: multi_choice
        label: {en: Languages, fr: Langues}
        choices_from: languages
        min: 1
        max: 3
      - id: consent
        type: single_choice
        label: {en: Consent, fr: Accord}
        choices:
          - {id: "yes", label: {en: "Yes", fr: Oui}}
          - {id: "no", label: {en: "No", fr: Non}}
      - id: audit
        type: yes_no
        label: {en: Audit, fr: Audit}
        allow_na: true
        scoring: {method: yes_no, yes: 80, no: 10}
      - id: engagement
        type: matrix
        label: {en: Engagement, fr: Engagement}
        levels: [{en: Low, fr: Bas}, {en: High, fr: Haut}]
        rows:
          - {id: events, label: {en: Events, fr: Événements}}
          - {id: training, label: {en: Training, fr: Formation}}
      - id: maturity
        type: rubric
        label: {en: Maturity, fr: Maturité}
        levels: [{en: A, fr: A}, {en: B, fr: B}, {en: C, fr: C}, {en: D, fr: D}]
        max_length: 300
      - id: budget
        type: currency
        label: {en: Budget, fr: Budget}
        unit: {en: EUR, fr: EUR}
        weight: 3
        relevant: "count(langs) >= 2 and (consent == 'yes' || audit in ['yes', 'n/a']) and 'fr' in langs"
        constraint: "value ** 2 >= 0 && -value <= 0 && (value ?? 0) >= 0"
        constraint_message: {en: "Can't be negative", fr: 'Pas "négatif"'}
        scoring: {method: linear, from: 1000, to: -5}
      - id: story
        type: long_text
        label: {en: Story, fr: Histoire}
        relevant: "budget != nil and not (budget - 1 - 2 > 3 == true)"
      - id: note1
        type: note
        label: {en: "=1+1", fr: "@SUM(A1)"}
indicators:
  - id: per_event
    section: one
    label: {en: Per event, fr: Par événement}
    expr: "round(abs(budget) / max(1, count(langs))) + hhi([budget, 1]) + ratio(budget, 2) + (answered(story) ? 1 : 0)"
    scoring: {method: none}
maturity_levels:
  - {min: 0, id: low, label: {en: Low, fr: Bas}, description: {en: Starting, fr: Début}}
  - {min: 50.5, id: high, label: {en: High, fr: Haut}}
`

func TestXLSFormRoundTripEdges(t *testing.T) {
	q, err := questionnaires.Load("edge.yaml", []byte(xfEdgeDefinition))
	if err != nil {
		t.Fatal(err)
	}
	back, data := xfRoundTrip(t, q)
	if diff := cmp.Diff(xfNormalJSON(t, q), xfNormalJSON(t, back)); diff != "" {
		t.Errorf("export then import differs (-original +round trip):\n%s", diff)
	}
	if len(back.Question("country").Choices) != len(q.Question("country").Choices) || back.Question("country").ChoicesFrom != "countries" {
		t.Errorf("choices_from countries not restored")
	}

	// the workbook as ODK sees it
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := f.GetSheetList(), []string{"survey", "choices", "settings", "assocbench"}; !slices.Equal(got, want) {
		t.Errorf("sheets %v, want %v", got, want)
	}
	rows, err := f.GetRows("survey")
	if err != nil {
		t.Fatal(err)
	}
	header := rows[0]
	for _, h := range []string{"type", "name", "label::Français (fr)", "label::English (en)", "hint::Français (fr)", "relevant", "constraint", "constraint_message::English (en)", "calculate", "appearance", "assocbench_type", "assocbench_choices_from"} {
		if !slices.Contains(header, h) {
			t.Errorf("survey header %v lacks %q", header, h)
		}
	}
	col := func(row []string, name string) string {
		i := slices.Index(header, name)
		if i < 0 || i >= len(row) {
			return ""
		}
		return row[i]
	}
	byName := map[string][]string{}
	for _, r := range rows[1:] {
		byName[col(r, "name")+"/"+col(r, "type")] = r
	}
	cells := []struct{ row, column, want string }{
		{"one/begin group", "label::English (en)", "One"},
		{"country/select_one countries", "assocbench_choices_from", "countries"},
		{"consent/select_one consent", "assocbench_type", "single_choice"},
		{"audit/select_one yes_no", "scoring", "yes_no:yes=80;no=10"},
		{"engagement/select_one engagement", "assocbench_rows", "engagement-rows"},
		{"langs/select_multiple languages", "constraint", `count-selected(.) >= 1 and count-selected(.) <= 3`},
		{"langs/select_multiple languages", "assocbench_constraint", "-"},
		{"budget/decimal", "relevant", `count-selected(${langs}) >= 2 and (${consent} = 'yes' or (${audit} = 'yes' or ${audit} = 'n/a')) and selected(${langs}, 'fr')`},
		{"budget/decimal", "assocbench_relevant", `count-selected(${langs}) >= 2 and (${consent} = 'yes' or ${audit} in ['yes', 'n/a']) and 'fr' in ${langs}`},
		{"budget/decimal", "constraint", `pow(., 2) >= 0 and -. <= 0 and coalesce(., 0) >= 0`},
		{"budget/decimal", "scoring", "linear:1000..-5"},
		{"story/text", "appearance", "multiline"},
		{"story/text", "relevant", `${budget} != '' and not(${budget} - 1 - 2 > 3 = true())`},
		{"story/text", "assocbench_relevant", `${budget} != nil() and not(${budget} - 1 - 2 > 3 = true())`},
		{"per_event/calculate", "calculate", `round(abs(${budget}) div max(1, count-selected(${langs})), 0) + ` +
			`if(coalesce(${budget}, 0) + 1 != 0, (pow(coalesce(${budget}, 0), 2) + pow(1, 2)) div pow(coalesce(${budget}, 0) + 1, 2), '') + ` +
			`if(2 != 0, ${budget} div 2, '') + if(${story} != '', 1, 0)`},
		{"per_event/calculate", "assocbench_calculate", `round(abs(${budget}) div max(1, count-selected(${langs})), 0) + hhi([${budget}, 1]) + ratio(${budget}, 2) + if(${story} != '', 1, 0)`},
		{"note1/note", "label::English (en)", "=1+1"},
	}
	for _, c := range cells {
		r, ok := byName[c.row]
		if !ok {
			t.Errorf("no survey row %s", c.row)
			continue
		}
		if got := col(r, c.column); got != c.want {
			t.Errorf("%s %s = %q, want %q", c.row, c.column, got, c.want)
		}
	}
	// user text never becomes a formula
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for i, r := range rows {
			for j := range r {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
					t.Errorf("%s!%s holds formula %q", sheet, cell, formula)
				}
			}
		}
	}
	settingsRows, _ := f.GetRows("settings")
	if diff := cmp.Diff([][]string{
		{"form_title", "form_id", "version", "default_language", "area"},
		{"Edge", "edge", "3", "English (en)", "communications"},
	}, settingsRows); diff != "" {
		t.Errorf("settings (-want +got):\n%s", diff)
	}
}

func TestXLSFormToExpr(t *testing.T) {
	tests := []struct {
		in         string
		constraint bool
		want       string
		wantErr    string
	}{
		{in: "${q}", want: "q"},
		{in: " ${ q } ", want: "q"},
		{in: ". >= 0", constraint: true, want: "value >= 0"},
		{in: "selected(${q}, 'x')", want: "selected(q, 'x')"},
		{in: `selected(${q}, "x")`, want: "selected(q, 'x')"},
		{in: "count-selected(${q}) > 2", want: "count(q) > 2"},
		{in: "count-selected(.) <= 2", constraint: true, want: "count(value) <= 2"},
		{in: "${a} = 1 and ${b} != 2 or not(${c} < 3)", want: "a == 1 and b != 2 or not (c < 3)"},
		{in: "${a} <= 1 or ${a} >= 9 or ${a} > 3", want: "a <= 1 or a >= 9 or a > 3"},
		{in: "(${a} or ${b}) and ${c}", want: "(a or b) and c"},
		{in: "${a} + ${b} * 2 - 1", want: "a + b * 2 - 1"},
		{in: "(${a} + ${b}) * 2", want: "(a + b) * 2"},
		{in: "${a} - (${b} - ${c})", want: "a - (b - c)"},
		{in: "${a} div ${b} div 2", want: "a / b / 2"},
		{in: "${a} div (${b} * 2)", want: "a / (b * 2)"},
		{in: "-${a} + 1.50", want: "-a + 1.50"},
		{in: "-(${a} + 1)", want: "-(a + 1)"},
		{in: ".5 + 007", want: "0.5 + 7"},
		{in: "${a} = (${b} < ${c})", want: "a == (b < c)"},
		{in: "${a} < ${b} = true()", want: "a < b == true"},
		{in: "not(${a}) = false()", want: "(not a) == false"},
		{in: "if(${a} > 0, ${b}, if(${c}, 1, 2))", want: "a > 0 ? b : c ? 1 : 2"},
		{in: "if(if(${a}, true(), false()), 1, 2) + 1", want: "((a ? true : false) ? 1 : 2) + 1"},
		{in: "pow(${a}, 2) + pow(2, pow(${a}, 3))", want: "a ** 2 + 2 ** a ** 3"},
		{in: "pow(pow(${a}, 2), 3)", want: "(a ** 2) ** 3"},
		{in: "-pow(${a}, 2)", want: "-a ** 2"},
		{in: "coalesce(${a}, 0) + 1", want: "(a ?? 0) + 1"},
		{in: "-coalesce(${a}, 0)", want: "-(a ?? 0)"},
		{in: "coalesce(${a} + 1, 0)", want: "(a + 1) ?? 0"},
		{in: "round(${a}) + round(${b}, 0)", want: "round(a) + round(b)"},
		{in: "sum(${a}, ${b}) + ratio(${a}, ${b}) + hhi([${a}, ${b}]) + min(${a}, 1) + max(1, 2) + abs(${a})", want: "sum(a, b) + ratio(a, b) + hhi([a, b]) + min(a, 1) + max(1, 2) + abs(a)"},
		{in: "${m}/events >= 2", want: "m.events >= 2"},
		{in: "${a} in ['x', 'y']", want: "a in ['x', 'y']"},
		{in: "${a} = nil()", want: "a == nil"},
		{in: "${a} != ''", want: "answered(a)"},
		{in: "'' = ${a}", want: "not answered(a)"},
		{in: ". != ''", constraint: true, want: "answered(value)"},
		{in: "answered(${a}) and not(answered(${b}))", want: "answered(a) and not answered(b)"},
		{in: `"it's" = ${a}`, want: `"it's" == a`},
		{in: `'back\slash' = ${a}`, want: `"back\\slash" == a`},
		{in: "${a}mod 2", want: "mod(a, 2)"},
		{in: "${a} mod 2 = 0 and ${b} * 3 mod 2 > 1", want: "mod(a, 2) == 0 and mod(b * 3, 2) > 1"},
		{in: "${a} + ${b} mod 2", want: "a + mod(b, 2)"},
		{in: "concat(${a}, 'b')", want: "concat(a, 'b')"},
		{in: "today() > '2020-01-01'", want: "today() > '2020-01-01'"},
		{in: "string-length(.) <= 10", constraint: true, want: "string_length(value) <= 10"},
		{in: "selected-at(${m}, 0) = 'x'", want: "selected_at(m, 0) == 'x'"},
		{in: "int(${a}) + number(${b}) + round(${c}, 2)", want: "int(a) + number(b) + round(c, 2)"},
		{in: "boolean(${a}) and regex(., '^[0-9]{5}$')", constraint: true, want: "boolean(a) and regex(value, '^[0-9]{5}$')"},
		{in: `regex(., '^\d+$')`, constraint: true, want: `regex(value, "^\\d+$")`},
		{in: "substr(${a}, 1)", wantErr: "function substr() is not supported (at character 1)"},
		{in: "count(${a})", wantErr: "count() counts repeat instances, which are not supported (count-selected() counts the options of a select_multiple) (at character 1)"},
		{in: "selected(${a})", wantErr: "selected() takes 2 argument(s), not 1 (at character 1)"},
		{in: "round(${a}, 2, 3)", wantErr: "round() takes 1 or 2 arguments, not 3 (at character 1)"},
		{in: ". > 1", wantErr: `"." (the current value) can be used in a constraint only (at character 1)`},
		{in: "../a > 1", constraint: true, wantErr: `".." (the parent) is not supported (at character 1)`},
		{in: "${a} == 1", wantErr: `unexpected "=" (at character 7)`},
		{in: "${a} && ${b}", wantErr: `unexpected "&" (at character 6)`},
		{in: "${a} | ${b}", wantErr: `unexpected "|" (at character 6)`},
		{in: "/data/a", wantErr: `unexpected "/" (at character 1)`},
		{in: "a > 1", wantErr: `unexpected "a" (at character 1)`},
		{in: "true", wantErr: `unexpected "true" (at character 1)`},
		{in: "${a} > ", wantErr: "unexpected end of expression"},
		{in: "(${a} > 1", wantErr: "unexpected end of expression"},
		{in: "${a} > 1)", wantErr: `unexpected ")" (at character 9)`},
		{in: "'open", wantErr: "string is not closed (at character 1)"},
		{in: "${}", wantErr: `invalid reference "${}" (at character 1)`},
		{in: "$a", wantErr: `unexpected "$" (a reference is written ${name}) (at character 1)`},
		{in: "${a} > 1 # c", wantErr: `unexpected "#" (at character 10)`},
		{in: "3x", wantErr: `unexpected "x" after a number (at character 2)`},
		{in: "", wantErr: "unexpected end of expression"},
		{in: strings.Repeat("(", 1001), wantErr: "expression is longer than 1000 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := xlsformToExpr(tt.in, tt.constraint)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Errorf("xlsformToExpr(%q) = %q, %v; want error %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("xlsformToExpr(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestExprToXLSForm(t *testing.T) {
	tests := []struct {
		in, want, wantErr string
	}{
		{in: "q", want: "${q}"},
		{in: "value >= 0", want: ". >= 0"},
		{in: "selected(q, 'x') or selected(q, 'y')", want: "selected(${q}, 'x') or selected(${q}, 'y')"},
		{in: "count(q) > 2", want: "count-selected(${q}) > 2"},
		{in: "a == 1 && b != 2 || !(c < 3)", want: "${a} = 1 and ${b} != 2 or not(${c} < 3)"},
		{in: "not selected(q, 'none')", want: "not(selected(${q}, 'none'))"},
		{in: "a / b / 2", want: "${a} div ${b} div 2"},
		{in: "a / (b * 2)", want: "${a} div (${b} * 2)"},
		{in: "a - (b - c)", want: "${a} - (${b} - ${c})"},
		{in: "(a + b) * 2", want: "(${a} + ${b}) * 2"},
		{in: "(a or b) and c", want: "(${a} or ${b}) and ${c}"},
		{in: "a == (b < c)", want: "${a} = ${b} < ${c}"},
		{in: "(a == b) < c", want: "(${a} = ${b}) < ${c}"},
		{in: "a ? b : c", want: "if(${a}, ${b}, ${c})"},
		{in: "a ** 2 + 2 ^ b", want: "pow(${a}, 2) + pow(2, ${b})"},
		{in: "a ?? 0", want: "coalesce(${a}, 0)"},
		{in: "-a + -(b - 1) - -2", want: "-${a} + -(${b} - 1) - -2"},
		{in: "1.5 * 1e3 + 0.1", want: "1.5 * 1000 + 0.1"},
		{in: "a == nil or b == true", want: "${a} = nil() or ${b} = true()"},
		{in: "m.events > m['training']", want: "${m}/events > ${m}/training"},
		{in: "x in ['a', 'b']", want: "${x} in ['a', 'b']"},
		{in: "x not in ['a']", want: "not(${x} in ['a'])"},
		{in: "round(a) + abs(b) + sum(a, b) + hhi([a, b]) + ratio(a, b)", want: "round(${a}, 0) + abs(${b}) + sum(${a}, ${b}) + hhi([${a}, ${b}]) + ratio(${a}, ${b})"},
		{in: "answered(a) and not answered(b)", want: "${a} != '' and not(${b} != '')"},
		{in: "mod(a, 2) == 0 and mod(a + 1, b * 2) > 0", want: "${a} mod 2 = 0 and (${a} + 1) mod (${b} * 2) > 0"},
		{in: "a * mod(b, 2)", want: "${a} * (${b} mod 2)"},
		{in: "string_length(value) <= 10 and selected_at(m, 0) == 'x'", want: "string-length(.) <= 10 and selected-at(${m}, 0) = 'x'"},
		{in: "today() > d and int(a) + number(b) + round(c, 2) > 0", want: "today() > ${d} and int(${a}) + number(${b}) + round(${c}, 2) > 0"},
		{in: "boolean(a) and regex(value, '^[0-9]{5}$') and concat(a, 'x') == 'x'", want: "boolean(${a}) and regex(., '^[0-9]{5}$') and concat(${a}, 'x') = 'x'"},
		{in: "answered(a) == false", want: "(${a} != '') = false()"},
		{in: `value == "it's"`, want: `. = "it's"`},
		{in: `value == 'say "hi"'`, want: `. = 'say "hi"'`},
		{in: `value == "it's \"x\""`, wantErr: `expression "value == \"it's \\\"x\\\"\"": string "it's \"x\"" holds both quote characters, which XLSForm cannot write`},
		{in: "a +", wantErr: `expression "a +" does not parse: unexpected token EOF (column 3)`},
		{in: "a matches 'x'", wantErr: `expression "a matches 'x'": operator "matches" has no XLSForm equivalent`},
		{in: "foo(a)", wantErr: `expression "foo(a)": only the functions abs, answered, boolean, concat, count, hhi, int, max, min, mod, number, ratio, regex, round, selected, selected_at, string_length, sum, today can be called`},
		{in: "a[0]", wantErr: `expression "a[0]": member access is written matrix.row only`},
		{in: "let x = 1; x", wantErr: `expression "let x = 1; x": VariableDeclaratorNode has no XLSForm equivalent`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := exprToXLSForm(tt.in)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Errorf("exprToXLSForm(%q) = %q, %v; want error %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("exprToXLSForm(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
				return
			}
			// and back: the same tree, canonically spelled
			back, err := xlsformToExpr(got, true)
			if err != nil {
				t.Fatalf("xlsformToExpr(%q): %v", got, err)
			}
			again, err := exprToXLSForm(back)
			if err != nil || again != got {
				t.Errorf("exprToXLSForm(xlsformToExpr(%q)) = %q, %v; want %q", got, again, err, got)
			}
		})
	}
}
