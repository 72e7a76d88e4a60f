package questionnaires

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// compileSchema compiles schema.json.
func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("schema.json")
	if err != nil {
		t.Fatalf("open schema: %v", err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("parse schema.json: %v", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatalf("add schema: %v", err)
	}
	sch, err := c.Compile("schema.json")
	if err != nil {
		t.Fatalf("compile schema.json: %v", err)
	}
	return sch
}

// yamlDocument parses YAML into the JSON-like values jsonschema validates:
// maps with string keys, []any, strings, numbers, booleans and nil.
func yamlDocument(src []byte) (any, error) {
	var v any
	if err := yaml.Unmarshal(src, &v); err != nil {
		return nil, fmt.Errorf("parse yaml: %w", err)
	}
	return jsonLike(v), nil
}

func jsonLike(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = jsonLike(e)
		}
		return x
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[fmt.Sprint(k)] = jsonLike(e)
		}
		return m
	case []any:
		for i, e := range x {
			x[i] = jsonLike(e)
		}
		return x
	case time.Time:
		return x.Format(time.RFC3339)
	}
	return v
}

func validateFile(t *testing.T, sch *jsonschema.Schema, file string) error {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	doc, err := yamlDocument(src)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return sch.Validate(doc)
}

func TestSchemaLibrary(t *testing.T) {
	sch := compileSchema(t)
	files, err := filepath.Glob("library/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no questionnaire in library/*.yaml")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			if err := validateFile(t, sch, file); err != nil {
				t.Errorf("%s does not match schema.json: %v", file, err)
			}
		})
	}
}

func TestSchemaValidSamples(t *testing.T) {
	sch := compileSchema(t)
	files, err := filepath.Glob("testdata/valid/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, "testdata/schema/valid.yaml")
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			if err := validateFile(t, sch, file); err != nil {
				t.Errorf("%s does not match schema.json: %v", file, err)
			}
			if _, err := LoadFile(file); err != nil {
				t.Errorf("LoadFile(%s): %v", file, err)
			}
		})
	}
}

// schemaBase is a valid questionnaire with one question, %s.
const schemaBase = `id: sample
version: "1"
area: financial
title: {en: Sample}
languages: [en]
sections:
  - id: main
    title: {en: Main}
    questions:
      - %s
maturity_levels:
  - {min: 0, id: emerging, label: {en: Emerging}}
`

func TestSchemaCases(t *testing.T) {
	sch := compileSchema(t)
	const text = `{id: q, type: text, label: {en: Q}}`
	const levels = `[{en: A}, {en: B}, {en: C}, {en: D}]`
	tests := []struct {
		name     string
		question string
		replace  []string // old, new pairs applied to the document
		wantErr  bool
	}{
		{name: "base", question: text},
		{name: "profile without maturity levels", question: text, replace: []string{
			"area: financial", "area: profile",
			"maturity_levels:\n  - {min: 0, id: emerging, label: {en: Emerging}}\n", ""}},
		{name: "choices_from", question: `{id: q, type: single_choice, label: {en: Q}, choices_from: timezones}`},
		{name: "indicator", question: `{id: q, type: decimal, label: {en: Q}}`, replace: []string{
			"maturity_levels:", "indicators:\n  - {id: double, section: main, label: {en: D}, expr: 'q * 2', scoring: {method: linear, from: 0, to: 10}}\nmaturity_levels:"}},

		{name: "unknown top-level key", question: text, replace: []string{"sections:", "colour: blue\nsections:"}, wantErr: true},
		{name: "unknown question key", question: `{id: q, type: text, label: {en: Q}, lable: {en: Q}}`, wantErr: true},
		{name: "unknown type", question: `{id: q, type: favourite, label: {en: Q}}`, wantErr: true},
		{name: "missing type", question: `{id: q, label: {en: Q}}`, wantErr: true},
		{name: "bad questionnaire id", question: text, replace: []string{"id: sample", "id: Sample_1"}, wantErr: true},
		{name: "bad question id", question: `{id: Revenue, type: text, label: {en: Q}}`, wantErr: true},
		{name: "reserved question id", question: `{id: value, type: text, label: {en: Q}}`, wantErr: true},
		{name: "helper as question id", question: `{id: ratio, type: text, label: {en: Q}}`, wantErr: true},
		{name: "unquoted version", question: text, replace: []string{`version: "1"`, "version: 2026.1"}, wantErr: true},
		{name: "unknown area", question: text, replace: []string{"area: financial", "area: finance"}, wantErr: true},
		{name: "unknown impact area", question: text, replace: []string{"sections:", "impact_areas: [IA04]\nsections:"}, wantErr: true},
		{name: "languages without en", question: text, replace: []string{"languages: [en]", "languages: [fr]"}, wantErr: true},
		{name: "label without en", question: `{id: q, type: text, label: {fr: Q}}`, wantErr: true},
		{name: "label as a string", question: `{id: q, type: text, label: Q}`, wantErr: true},
		{name: "bad language key", question: `{id: q, type: text, label: {en: Q, French: Q}}`, wantErr: true},
		{name: "band of three numbers", question: `{id: q, type: integer, label: {en: Q}, scoring: {method: bands, bands: [[0, 10, 20]]}}`, wantErr: true},
		{name: "band points over 100", question: `{id: q, type: integer, label: {en: Q}, scoring: {method: bands, bands: [[0, 150]]}}`, wantErr: true},
		{name: "bands method without bands", question: `{id: q, type: integer, label: {en: Q}, scoring: {method: bands}}`, wantErr: true},
		{name: "unknown method", question: `{id: q, type: integer, label: {en: Q}, scoring: {method: log}}`, wantErr: true},
		{name: "linear without to", question: `{id: q, type: integer, label: {en: Q}, scoring: {method: linear, from: 0}}`, wantErr: true},
		{name: "yes points on linear", question: `{id: q, type: integer, label: {en: Q}, scoring: {method: linear, from: 0, to: 5, yes: 10}}`, wantErr: true},
		{name: "bands on yes_no", question: `{id: q, type: yes_no, label: {en: Q}, scoring: {method: bands, bands: [[0, 0]]}}`, wantErr: true},
		{name: "rubric with 3 levels", question: `{id: q, type: rubric, label: {en: Q}, levels: [{en: A}, {en: B}, {en: C}]}`, wantErr: true},
		{name: "likert without levels", question: `{id: q, type: likert, label: {en: Q}}`, wantErr: true},
		{name: "likert with 12 levels", question: `{id: q, type: likert, label: {en: Q}, levels: [` + strings.Repeat(`{en: L}, `, 11) + `{en: L}]}`, wantErr: true},
		{name: "levels on text", question: `{id: q, type: text, label: {en: Q}, levels: ` + levels + `}`, wantErr: true},
		{name: "matrix without rows", question: `{id: q, type: matrix, label: {en: Q}, levels: ` + levels + `}`, wantErr: true},
		{name: "choices on integer", question: `{id: q, type: integer, label: {en: Q}, choices: [{id: a, label: {en: A}}, {id: b, label: {en: B}}]}`, wantErr: true},
		{name: "single_choice without choices", question: `{id: q, type: single_choice, label: {en: Q}}`, wantErr: true},
		{name: "choices and choices_from", question: `{id: q, type: single_choice, label: {en: Q}, choices_from: countries, choices: [{id: a, label: {en: A}}, {id: b, label: {en: B}}]}`, wantErr: true},
		{name: "unknown choices_from", question: `{id: q, type: single_choice, label: {en: Q}, choices_from: currencies}`, wantErr: true},
		{name: "bad choice id", question: `{id: q, type: single_choice, label: {en: Q}, choices: [{id: A, label: {en: A}}, {id: b, label: {en: B}}]}`, wantErr: true},
		{name: "exclusive on single_choice", question: `{id: q, type: single_choice, label: {en: Q}, choices: [{id: a, label: {en: A}}, {id: b, label: {en: B}, exclusive: true}]}`, wantErr: true},
		{name: "points with method none", question: `{id: q, type: single_choice, label: {en: Q}, scoring: {method: none}, choices: [{id: a, label: {en: A}, points: 0}, {id: b, label: {en: B}}]}`, wantErr: true},
		{name: "note with required", question: `{id: q, type: note, label: {en: Q}, required: true}`, wantErr: true},
		{name: "allow_na on text", question: `{id: q, type: text, label: {en: Q}, allow_na: true}`, wantErr: true},
		{name: "min on text", question: `{id: q, type: text, label: {en: Q}, min: 1}`, wantErr: true},
		{name: "max_length on integer", question: `{id: q, type: integer, label: {en: Q}, max_length: 10}`, wantErr: true},
		{name: "fractional bound on integer", question: `{id: q, type: integer, label: {en: Q}, min: 0.5}`, wantErr: true},
		{name: "percent bound over 100", question: `{id: q, type: percent, label: {en: Q}, max: 120}`, wantErr: true},
		{name: "zero weight", question: `{id: q, type: text, label: {en: Q}, weight: 0}`, wantErr: true},
		{name: "constraint_message without constraint", question: `{id: q, type: integer, label: {en: Q}, constraint_message: {en: No}}`, wantErr: true},
		{name: "required as a string", question: `{id: q, type: text, label: {en: Q}, required: "yes"}`, wantErr: true},
		{name: "first maturity level above 0", question: text, replace: []string{"{min: 0, id: emerging", "{min: 10, id: emerging"}, wantErr: true},
		{name: "scored area without maturity levels", question: text, replace: []string{
			"maturity_levels:\n  - {min: 0, id: emerging, label: {en: Emerging}}\n", ""}, wantErr: true},
		{name: "profile with maturity levels", question: text, replace: []string{"area: financial", "area: profile"}, wantErr: true},
		{name: "indicator scored by scale", question: `{id: q, type: decimal, label: {en: Q}}`, replace: []string{
			"maturity_levels:", "indicators:\n  - {id: double, section: main, label: {en: D}, expr: 'q * 2', scoring: {method: scale}}\nmaturity_levels:"}, wantErr: true},
		{name: "indicator without expr", question: `{id: q, type: decimal, label: {en: Q}}`, replace: []string{
			"maturity_levels:", "indicators:\n  - {id: double, section: main, label: {en: D}}\nmaturity_levels:"}, wantErr: true},
		{name: "empty sections", question: text, replace: []string{
			"sections:\n  - id: main\n    title: {en: Main}\n    questions:\n      - " + text + "\n", "sections: []\n"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := fmt.Sprintf(schemaBase, tt.question)
			for i := 0; i+1 < len(tt.replace); i += 2 {
				if !strings.Contains(src, tt.replace[i]) {
					t.Fatalf("test document has no %q", tt.replace[i])
				}
				src = strings.Replace(src, tt.replace[i], tt.replace[i+1], 1)
			}
			doc, err := yamlDocument([]byte(src))
			if err != nil {
				t.Fatal(err)
			}
			err = sch.Validate(doc)
			if gotErr := err != nil; gotErr != tt.wantErr {
				t.Errorf("schema validation error = %v, want error %v; document:\n%s", err, tt.wantErr, src)
			}
			// The loader, which checks more, must agree.
			_, lerr := Load("case.yaml", []byte(src))
			if gotErr := lerr != nil; gotErr != tt.wantErr {
				t.Errorf("Load error = %v, want error %v", lerr, tt.wantErr)
			}
		})
	}
}
