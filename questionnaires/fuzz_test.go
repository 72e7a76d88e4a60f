package questionnaires

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad: no definition, however broken, makes the loader panic, and
// whatever loads also survives evaluation of empty answers.
func FuzzLoad(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.yaml")
	lib, _ := filepath.Glob("library/*.yaml")
	for _, p := range append(files, lib...) {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("id: x\nversion: '1'\narea: profile\ntitle: {en: X}\nlanguages: [en]\nsections: [{id: s, title: {en: S}, questions: [{id: q, type: integer, label: {en: Q}, relevant: 'q > 1'}]}]"))
	f.Fuzz(func(t *testing.T, src []byte) {
		q, err := Load("fuzz.yaml", src)
		if err != nil {
			if q != nil {
				t.Fatal("Load returned both a questionnaire and an error")
			}
			return
		}
		q.Evaluate(Answers{}).Release()
		if _, err := json.Marshal(q); err != nil {
			t.Fatalf("a loaded questionnaire does not marshal: %v", err)
		}
	})
}

// FuzzAnswers: no answer payload makes parsing or validation panic, and
// what parses validates as a draft.
func FuzzAnswers(f *testing.F) {
	q, err := LoadFile("testdata/valid/alltypes.yaml")
	if err != nil {
		f.Fatal(err)
	}
	seeds := []string{
		`{"strategy": "written", "channels": ["web"], "has_plan": "yes", "plan_year": 2025}`,
		`{"inclusion": {"level": 2, "justification": "x", "evidence": "https://e.org"}}`,
		`{"engagement": {"events": 4, "volunteering": "n/a"}, "founded": "2001-02-03"}`,
		`{"$gt": 1, "a.b": {"$ne": null}, "members": 1e308, "share": -0}`,
		`{"satisfaction": "n/a", "story": "\u0000", "renewed": 5, "members": 2}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var raw map[string]json.RawMessage
		if json.Unmarshal(body, &raw) != nil {
			return
		}
		for _, lang := range []string{"", "ar"} {
			a, fe := q.ParseAnswers(raw, lang)
			if fe == nil {
				if v := q.Validate(a, Draft, lang); v != nil {
					t.Fatalf("parsed answers fail the draft check: %v", v)
				}
			}
			_ = q.Validate(a, Submit, lang)
			q.PruneIrrelevant(a)
			if _, err := json.Marshal(a); err != nil {
				t.Fatalf("parsed answers do not marshal: %v", err)
			}
		}
	})
}
