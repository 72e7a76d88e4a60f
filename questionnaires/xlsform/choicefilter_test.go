package xlsform

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/assocbench/assocbench/questionnaires"
)

// TestImportXLSFormChoiceFilter reads a cascading select written as ODK
// writes them: bare column names, name for the choice's own name.
func TestImportXLSFormChoiceFilter(t *testing.T) {
	data := xfWorkbook(t,
		xfSurveySheet(
			[]any{"type", "name", "label", "choice_filter"},
			[]any{"select_one regions", "region", "Region"},
			[]any{"select_one cities", "city", "City", "region=${region} and name != 'x' or big-city = 'yes'"},
			[]any{"select_multiple cities", "cities", "Cities", "pastel = yes"},
			[]any{"integer", "n", "N", "${region} = 'a'"},
		),
		xfChoicesSheet(
			[]any{"list_name", "name", "label", "region", "big-city"},
			[]any{"regions", "north", "North"},
			[]any{"regions", "south", "South"},
			[]any{"cities", "oslo", "Oslo", "north", "yes"},
			[]any{"cities", "rome", "Rome", "south"},
		),
	)
	_, _, err := Import("f.xlsx", bytes.NewReader(data))
	if err == nil || !strings.Contains(err.Error(), `survey!D5: choice_filter applies to select_one and select_multiple questions`) {
		t.Fatalf("a choice_filter on an integer: %v", err)
	}
	data = xfWorkbook(t,
		xfSurveySheet(
			[]any{"type", "name", "label", "choice_filter"},
			[]any{"select_one regions", "region", "Region"},
			[]any{"select_one cities", "city", "City", "region=${region} and name != 'x' or big-city = 'yes'"},
			[]any{"select_multiple cities", "cities", "Cities", "pastel = yes"},
		),
		xfChoicesSheet(
			[]any{"list_name", "name", "label", "region", "big-city"},
			[]any{"regions", "north", "North"},
			[]any{"regions", "south", "South"},
			[]any{"cities", "oslo", "Oslo", "north", "yes"},
			[]any{"cities", "rome", "Rome", "south"},
		),
	)
	_, q, warnings, err := ImportWithWarnings("f.xlsx", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := q.Question("city").ChoiceFilter, "choice.region == region and choice.id != 'x' or choice.big_city == 'yes'"; got != want {
		t.Errorf("city filter %q, want %q", got, want)
	}
	if got := q.Question("city").Choices[0].Attrs; !cmp.Equal(got, map[string]string{"region": "north", "big_city": "yes"}) {
		t.Errorf("oslo attrs %v", got)
	}
	if got := q.Question("cities").ChoiceFilter; got != "'pastel' == 'yes'" {
		t.Errorf("cities filter %q", got)
	}
	if len(warnings) != 2 || !strings.Contains(warnings[0], "survey!D4: choice_filter \"pastel = yes\": pastel is not a column of the choices") {
		t.Errorf("warnings %q", warnings)
	}
	e := q.Evaluate(questionnaires.Answers{"region": questionnaires.Str("south")})
	defer e.Release()
	city := q.Question("city")
	if !e.ChoiceOffered(city, &city.Choices[0]) || !e.ChoiceOffered(city, &city.Choices[1]) {
		t.Error("oslo (a big city) and rome (in the south) are not both offered")
	}
}

// TestImportXLSFormOrOtherFixture checks the shared or_other.xlsx: its
// choice_filter pastel=yes reads the pastel column (yes is no column: the
// text, with a warning).
func TestImportXLSFormOrOtherFixture(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(xlsformFixtures(t), "or_other.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	_, q, warnings, err := ImportWithWarnings("or_other.xlsx", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	pastel := q.Question("fav_pastel")
	if pastel.ChoiceFilter != "choice.pastel == 'yes'" {
		t.Errorf("filter %q", pastel.ChoiceFilter)
	}
	e := q.Evaluate(questionnaires.Answers{})
	defer e.Release()
	var offered []string
	for i := range pastel.Choices {
		if e.ChoiceOffered(pastel, &pastel.Choices[i]) {
			offered = append(offered, pastel.Choices[i].ID)
		}
	}
	if strings.Join(offered, " ") != "mauve apricot" {
		t.Errorf("offered %v, want the pastels", offered)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "yes is not a column of the choices") {
		t.Errorf("warnings %q", warnings)
	}
}

// TestXLSFormRoundTripChoiceFilter exports testdata/valid/cascade.yaml and
// imports it again; the filters are written in ODK's spelling, with the
// original beside it where that spelling reads back differently.
func TestXLSFormRoundTripChoiceFilter(t *testing.T) {
	src, err := os.ReadFile("../testdata/valid/cascade.yaml")
	if err != nil {
		t.Fatal(err)
	}
	q, err := questionnaires.Load("cascade.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	back, _ := xfRoundTrip(t, q)
	if diff := cmp.Diff(xfNormalJSON(t, q), xfNormalJSON(t, back)); diff != "" {
		t.Errorf("export then import differs (-original +round trip):\n%s", diff)
	}
	x := &xfExporter{q: q}
	for id, want := range map[string][2]string{
		"city":   {"region = ${region}", "region = ${region}"},
		"venues": {"city = ${city} or name = 'online' or city = '' and ${region} != ''", "city = ${city} or name = 'online' or city = nil() and ${region} != ''"},
	} {
		odk, plain, err := x.filterToXLSForm(q.Question(id))
		if err != nil || odk != want[0] || plain != want[1] {
			t.Errorf("%s: %q, %q, %v; want %q", id, odk, plain, err, want)
		}
	}
	for _, c := range back.Question("venues").Choices {
		if want := q.Question("venues").Choice(c.ID).Attrs; !cmp.Equal(c.Attrs, want) {
			t.Errorf("%s: attrs %v, want %v", c.ID, c.Attrs, want)
		}
	}
}
