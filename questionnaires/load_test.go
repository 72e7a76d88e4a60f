package questionnaires

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestLoadInvalid(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"unknown_key.yaml", []string{
			`13: sections[0].questions[0]: unknown key "requried" (did you mean "required"?)`,
		}},
		{"duplicate_ids.yaml", []string{
			`13: sections[0].questions[1].id: duplicate id "q1" (first used on line 10)`,
		}},
		{"two_errors.yaml", []string{
			`16: sections[0].questions[0].choices: duplicate id "none" (first used on line 14)`,
			`20: sections[0].questions[1].relevant: expression "strategy_typo == 'written'": unknown id "strategy_typo"`,
		}},
		{"bad_ids.yaml", []string{
			`1: id: id "Bad_Questionnaire" must match ^[a-z][a-z0-9-]*$ and be at most 64 characters`,
			`10: sections[0].questions[0].id: question id "Revenue-Total" must match ^[a-z][a-z0-9_]*$ and be at most 64 characters`,
			`13: sections[0].questions[1].id: id "value" is reserved in expressions`,
		}},
		{"expressions.yaml", []string{
			`16: sections[0].questions[1].relevant: expression "has_reserves == 'yes' and" does not compile: unexpected token EOF (column 25)`,
			`20: sections[0].questions[2].relevant: expression "has_reserves > 5" does not compile: invalid operation: > (mismatched types string and int) (column 14)`,
			`24: sections[0].questions[3].relevant: expression "len(has_reserves) > 0": only the functions abs, answered, boolean, concat, count, hhi, int, max, min, mod, number, ratio, regex, round, selected, selected_at, string_length, sum, today can be called`,
			`28: sections[0].questions[4].constraint: expression "value in 1..100000000": operator ".." is not allowed`,
			`32: sections[0].questions[5].relevant: expression "let x = 1; x > 0": VariableDeclaratorNode is not allowed in expressions`,
			`36: sections[0].questions[6].relevant: expression "members" does not compile: expected bool, but got float64`,
		}},
		{"bands_weights.yaml", []string{
			`9: sections[0].weight: weight must be greater than 0, not 0`,
			`14: sections[0].questions[0].weight: weight must be greater than 0, not -1`,
			`15: sections[0].questions[0].scoring.bands: band thresholds must increase: 3 does not come after 3`,
			`15: sections[0].questions[0].scoring.bands: band thresholds must increase: 1 does not come after 3`,
			`19: sections[0].questions[1].scoring: method bands needs bands`,
			`23: sections[0].questions[2].scoring.to: from and to must differ`,
			`27: maturity_levels[2].min: maturity levels must be in increasing order of min`,
		}},
		{"texts.yaml", []string{
			`4: title: missing English text (en)`,
			`12: sections[0].questions[0].label: missing fr text`,
			`15: sections[0].questions[1].label: must be a mapping of language to text, e.g. {en: ...}`,
			`18: sections[0].questions[2].label: language "de" is not in the questionnaire's languages [en fr]`,
		}},
		{"choices.yaml", []string{
			`10: sections[0].questions[0]: a single_choice question needs choices (or choices_from)`,
			`16: sections[0].questions[1].choices: a multi_choice question needs at least 2 choices`,
			`17: sections[0].questions[1].choices[0].points: points must be from 0 to 100, not 120`,
			`21: sections[0].questions[2].choices_from: unknown built-in list "planets" (want countries, timezones or languages)`,
			`25: sections[0].questions[3].levels: a likert needs 2 to 11 levels, not 1`,
			`29: sections[0].questions[4].levels: a rubric needs exactly 4 level descriptors, not 3`,
			`30: sections[0].questions[5]: a matrix question needs rows`,
		}},
		{"missing_version.yaml", []string{
			`1: missing required key "version"`,
		}},
		{"version_number.yaml", []string{
			`2: version: must be a quoted string (write "2026.1")`,
			`3: area: unknown area "finance" (want financial, membership, communications or profile)`,
		}},
		{"cycle.yaml", []string{
			`17: indicators[0].expr: indicators depend on each other in a cycle: a -> b -> a`,
			`23: indicators[2].section: unknown section "nowhere"`,
			`25: indicators[2].expr: expression "c + 1" refers to c itself`,
			`26: indicators[2].scoring: an indicator is scored with bands, linear or none, not choice`,
		}},
		{"syntax.yaml", []string{
			`4: invalid YAML: ',' or '}' must be specified`,
		}},
		{"types_misuse.yaml", []string{
			`13: sections[0].questions[0].min: min and max apply to numbers and multi_choice only`,
			`14: sections[0].questions[0].scoring: scoring method bands does not apply to a text question`,
			`18: sections[0].questions[1].required: a note is display only: required does not apply`,
			`23: sections[0].questions[2].max: max 5 is less than min 10`,
			`24: sections[0].questions[2].allow_na: allow_na applies to yes_no, likert, rubric and matrix only (give choice questions a choice without points)`,
			`26: sections[0].questions[3].type: unknown type "favourite"`,
		}},
	}
	files, _ := filepath.Glob("testdata/invalid/*.yaml")
	if len(files) != len(tests) {
		t.Errorf("testdata/invalid has %d files, the table covers %d: every invalid file needs its expected errors", len(files), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "invalid", tt.file)
			q, err := LoadFile(path)
			if q != nil {
				t.Fatalf("Load(%s) returned a questionnaire, want errors", path)
			}
			var de *DefinitionError
			if !errors.As(err, &de) {
				t.Fatalf("Load(%s) error = %v (%T), want *DefinitionError", path, err, err)
			}
			var got []string
			for _, p := range de.Problems {
				got = append(got, p.String())
			}
			want := make([]string, len(tt.want))
			for i, w := range tt.want {
				want[i] = path + ":" + w
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadValidMinimal(t *testing.T) {
	q, err := LoadFile("testdata/valid/minimal.yaml")
	if err != nil {
		t.Fatalf("LoadFile: %v", err)
	}
	if got, want := q.Key(), "minimal@1"; got != want {
		t.Errorf("Key() = %q, want %q", got, want)
	}
	if got := q.Question("reserves"); got == nil || got.SectionOf().ID != "main" || got.Relevant == "" {
		t.Errorf("Question(reserves) = %+v, want a relevant-guarded question in section main", got)
	}
	if got, want := q.Counts(), (Counts{Sections: 1, Questions: 2, Scored: 2}); got != want {
		t.Errorf("Counts() = %+v, want %+v", got, want)
	}
}

// The example in the format documentation must load as written.
func TestFormatDocExample(t *testing.T) {
	doc, err := os.ReadFile("../docs/questionnaire-format.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)## Example\n\n```yaml\n(.*?)```").FindSubmatch(doc)
	if m == nil {
		t.Fatal("no yaml example under ## Example in docs/questionnaire-format.md")
	}
	q, err := Load("example.yaml", m[1])
	if err != nil {
		t.Fatalf("the documented example does not load:\n%v", err)
	}
	if len(q.Indicators) != 1 || q.Counts().Scored != 1 {
		t.Errorf("example: %d indicators, %d scored questions; want 1 and 1", len(q.Indicators), q.Counts().Scored)
	}
}

// The example in the README must load as written.
func TestReadmeExample(t *testing.T) {
	doc, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```yaml\n(id: .*?)```").FindSubmatch(doc)
	if m == nil {
		t.Fatal("no yaml questionnaire example in README.md")
	}
	if _, err := Load("README.md", m[1]); err != nil {
		t.Fatalf("the README example does not load:\n%v", err)
	}
}

// A definition written out as JSON loads again as the same definition.
func TestJSONRoundTrip(t *testing.T) {
	qs := append(mustLibrary(t), mustLoad(t, "testdata/valid/minimal.yaml"))
	for _, q := range qs {
		t.Run(q.ID, func(t *testing.T) {
			b1, err := json.Marshal(q)
			if err != nil {
				t.Fatal(err)
			}
			q2, err := Load(q.ID+".json", b1)
			if err != nil {
				t.Fatalf("reload JSON: %v", err)
			}
			b2, err := json.Marshal(q2)
			if err != nil {
				t.Fatal(err)
			}
			if string(b1) != string(b2) {
				t.Errorf("JSON differs after a round trip:\n%s", cmp.Diff(string(b1), string(b2)))
			}
		})
	}
}

func TestLoadLimits(t *testing.T) {
	big := strings.Repeat("#", MaxDefinitionSize+1)
	if _, err := Load("big.yaml", []byte(big)); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("oversized definition: err = %v, want a size error", err)
	}
	deep := strings.Repeat("[", 200) + strings.Repeat("]", 200)
	if _, err := Load("deep.yaml", []byte(deep)); err == nil {
		t.Error("deeply nested definition loaded, want an error")
	}
	long := "id: x\nversion: '1'\narea: profile\ntitle: {en: X}\nlanguages: [en]\nsections:\n- id: s\n  title: {en: S}\n  questions:\n  - id: q\n    type: integer\n    label: {en: Q}\n    relevant: \"" + strings.Repeat("q > 1 or ", 150) + "q > 1\"\n"
	if _, err := Load("long.yaml", []byte(long)); err == nil || !strings.Contains(err.Error(), "longer than 1000") {
		t.Errorf("long expression: err = %v, want a length error", err)
	}
}

// Aliases that expand exponentially ("billion laughs") are refused
// instead of being expanded.
func TestLoadAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 9; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [", i, i)
		for j := 0; j < 9; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	done := make(chan error, 1)
	go func() { _, err := Load("bomb.yaml", []byte(b.String())); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "too large") {
			t.Errorf("alias bomb: err = %v, want a size error", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("alias bomb: Load did not return within 10 s")
	}
}

func mustLoad(t testing.TB, path string) *Questionnaire {
	t.Helper()
	q, err := LoadFile(path)
	if err != nil {
		t.Fatalf("LoadFile(%s): %v", path, err)
	}
	return q
}

func mustLibrary(t testing.TB) []*Questionnaire {
	t.Helper()
	qs, err := Library()
	if err != nil {
		t.Fatalf("Library: %v", err)
	}
	return qs
}
