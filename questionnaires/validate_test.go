package questionnaires

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestParseAnswersDraft(t *testing.T) {
	q := mustLoad(t, "testdata/valid/alltypes.yaml")
	tests := []struct {
		name    string
		id      string
		json    string
		wantErr string // substring of the field error; "" = accepted
	}{
		{"choice ok", "strategy", `"written"`, ""},
		{"choice unknown id", "strategy", `"typed"`, "must be one of the listed choices"},
		{"choice as number", "strategy", `3`, "must be one of the listed choices"},
		{"choice operator object", "strategy", `{"$gt": ""}`, "must be one of the listed choices"},
		{"multi ok", "channels", `["web", "mail"]`, ""},
		{"multi empty", "channels", `[]`, ""},
		{"multi duplicate", "channels", `["web", "web"]`, "selected twice"},
		{"multi exclusive", "channels", `["web", "nothing"]`, "cannot be combined"},
		{"multi unknown", "channels", `["tv"]`, "listed choices"},
		{"multi as string", "channels", `"web"`, "list"},
		{"yes", "has_plan", `"yes"`, ""},
		{"yes_no n/a allowed", "has_plan", `"n/a"`, ""},
		{"yes_no other", "has_plan", `"maybe"`, "yes or no"},
		{"yes_no bool", "has_plan", `true`, "yes or no"},
		{"integer", "members", `120`, ""},
		{"integer fraction", "members", `12.5`, "whole number"},
		{"integer as string", "members", `"12"`, "must be a number"},
		{"integer huge", "members", `1e300`, "must be a number"},
		{"integer overflow", "members", `1e400`, "must be a number"},
		{"decimal ok", "fee", `12.5`, ""},
		{"decimal NaN text", "fee", `"NaN"`, "must be a number"},
		{"percent ok", "share", `55.5`, ""},
		{"percent over", "share", `101`, "between 0 and 100"},
		{"currency negative allowed in draft", "budget", `-5`, ""},
		{"likert ok", "satisfaction", `3`, ""},
		{"likert n/a", "satisfaction", `"n/a"`, ""},
		{"likert out of scale", "satisfaction", `4`, "level from 1 to 3"},
		{"likert zero", "satisfaction", `0`, "level from 1 to 3"},
		{"rubric ok", "inclusion", `{"level": 2, "justification": "we try", "evidence": "https://example.org/report"}`, ""},
		{"rubric n/a", "inclusion", `{"level": "n/a"}`, ""},
		{"rubric no level", "inclusion", `{"justification": "x"}`, "must give a level"},
		{"rubric extra key", "inclusion", `{"level": 2, "$set": {}}`, "must give a level"},
		{"rubric level 5", "inclusion", `{"level": 5}`, "level from 1 to 4"},
		{"rubric bad evidence", "inclusion", `{"level": 2, "evidence": "javascript:alert(1)"}`, "evidence link"},
		{"text ok", "name", `"Somewhere Library"`, ""},
		{"text too long", "name", `"` + strings.Repeat("x", 21) + `"`, "too long"},
		{"text control char", "name", `"a\u0000b"`, "control characters"},
		{"text newline in one-line text", "name", `"a\nb"`, "control characters"},
		{"long text newline", "story", `"line one\nline two"`, ""},
		{"long text 1 MB", "story", `"` + strings.Repeat("y", 1<<20) + `"`, "too long"},
		{"date ok", "founded", `"1998-04-30"`, ""},
		{"date bad", "founded", `"30/04/1998"`, "YYYY-MM-DD"},
		{"date impossible", "founded", `"1998-02-30"`, "YYYY-MM-DD"},
		{"matrix ok", "engagement", `{"events": 4, "volunteering": "n/a"}`, ""},
		{"matrix unknown row", "engagement", `{"$where": 1}`, "unknown row"},
		{"matrix dotted row", "engagement", `{"events.x": 1}`, "unknown row"},
		{"matrix level", "engagement", `{"events": 9}`, "level from 1 to 4"},
		{"matrix as list", "engagement", `[1, 2]`, "rows"},
		{"note answered", "intro", `"hello"`, "information only"},
		{"unknown question", "nope", `1`, "unknown question"},
		{"dollar key", "$gt", `1`, "unknown question"},
		{"dotted key", "a.b", `1`, "unknown question"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, fe := q.ParseAnswers(map[string]json.RawMessage{tt.id: json.RawMessage(tt.json)}, "")
			got := fe[tt.id]
			switch {
			case tt.wantErr == "" && fe != nil:
				t.Errorf("ParseAnswers(%s=%s) errors = %v, want none", tt.id, tt.json, fe)
			case tt.wantErr != "" && !strings.Contains(got, tt.wantErr):
				t.Errorf("ParseAnswers(%s=%s) error = %q, want it to contain %q (all: %v)", tt.id, tt.json, got, tt.wantErr, fe)
			case tt.wantErr != "" && len(a) != 0:
				t.Errorf("ParseAnswers(%s=%s) kept %v despite the error", tt.id, tt.json, a)
			case tt.wantErr == "" && len(a) != 1:
				t.Errorf("ParseAnswers(%s=%s) = %v, want one answer", tt.id, tt.json, a)
			}
		})
	}
}

func TestParseAnswersNullIsNoAnswer(t *testing.T) {
	q := mustLoad(t, "testdata/valid/alltypes.yaml")
	a, fe := q.ParseAnswers(map[string]json.RawMessage{"strategy": json.RawMessage("null")}, "")
	if fe != nil || len(a) != 0 {
		t.Errorf("null answer: answers %v, errors %v; want none of either", a, fe)
	}
}

// Parsing, then writing JSON, then parsing again gives the same answers.
func TestAnswersJSONRoundTrip(t *testing.T) {
	q := mustLoad(t, "testdata/valid/alltypes.yaml")
	in := map[string]json.RawMessage{
		"strategy": json.RawMessage(`"written"`), "channels": json.RawMessage(`["web","mail"]`),
		"has_plan": json.RawMessage(`"n/a"`), "members": json.RawMessage(`120`),
		"satisfaction": json.RawMessage(`2`), "inclusion": json.RawMessage(`{"level":"n/a","justification":"new"}`),
		"founded": json.RawMessage(`"1998-04-30"`), "engagement": json.RawMessage(`{"events":4,"volunteering":"n/a"}`),
		"story": json.RawMessage(`"a\nb"`),
	}
	a, fe := q.ParseAnswers(in, "")
	if fe != nil {
		t.Fatalf("ParseAnswers: %v", fe)
	}
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	a2, fe := q.ParseAnswers(raw, "")
	if fe != nil {
		t.Fatalf("ParseAnswers after round trip: %v", fe)
	}
	if !a.Equal(a2) {
		t.Errorf("round trip changed the answers:\n got %v\nwant %v", a2, a)
	}
}

func validAnswers() Answers {
	return Answers{
		"strategy": Str("written"), "channels": List("web"), "has_plan": Str("yes"),
		"plan_year": Num(2025), "members": Num(500), "renewed": Num(400),
	}
}

func TestValidateSubmit(t *testing.T) {
	q := mustLoad(t, "testdata/valid/alltypes.yaml")
	tests := []struct {
		name   string
		change func(a Answers)
		lang   string
		want   FieldErrors
	}{
		{"complete", func(Answers) {}, "", nil},
		{"required missing", func(a Answers) { delete(a, "strategy") }, "", FieldErrors{"strategy": "this answer is required"}},
		{"required missing in French", func(a Answers) { delete(a, "strategy") }, "fr", FieldErrors{"strategy": "cette réponse est obligatoire"}},
		{"empty list is no answer", func(a Answers) { a["channels"] = List() }, "", nil},
		{"empty required choice", func(a Answers) { a["strategy"] = Str(" ") }, "", FieldErrors{"strategy": "must be one of the listed choices"}},
		{"required but irrelevant is fine", func(a Answers) { a["has_plan"] = Str("no"); delete(a, "plan_year") }, "", nil},
		{"answer to an irrelevant question", func(a Answers) { a["has_plan"] = Str("no") }, "", FieldErrors{"plan_year": "this question does not apply given your other answers: remove this answer"}},
		{"n/a makes dependant irrelevant", func(a Answers) { a["has_plan"] = NotApplicable(); delete(a, "plan_year") }, "", nil},
		{"relevant required missing", func(a Answers) { delete(a, "plan_year") }, "", FieldErrors{"plan_year": "this answer is required"}},
		{"below min", func(a Answers) { a["plan_year"] = Num(1999) }, "", FieldErrors{"plan_year": "must be at least 2000"}},
		{"above max", func(a Answers) { a["plan_year"] = Num(2031) }, "es", FieldErrors{"plan_year": "debe ser como máximo 2030"}},
		{"too many selected", func(a Answers) { a["channels"] = List("web", "mail", "radio") }, "", FieldErrors{"channels": "select at most 2"}},
		{"constraint fails", func(a Answers) { a["renewed"] = Num(600) }, "", FieldErrors{"renewed": "Cannot exceed members"}},
		{"constraint message translated", func(a Answers) { a["renewed"] = Num(600) }, "fr", FieldErrors{"renewed": "Ne peut dépasser le nombre de membres"}},
		{"constraint undecidable passes", func(a Answers) { delete(a, "members") }, "", nil},
		{"shape still checked", func(a Answers) { a["members"] = Num(math.NaN()) }, "", FieldErrors{"members": "must be a number"}},
		{"arabic", func(a Answers) { delete(a, "strategy") }, "ar", FieldErrors{"strategy": "هذه الإجابة مطلوبة"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := validAnswers()
			tt.change(a)
			got := q.Validate(a, Submit, tt.lang)
			if len(got) != len(tt.want) {
				t.Fatalf("Validate = %v, want %v", got, tt.want)
			}
			for k, w := range tt.want {
				if got[k] != w {
					t.Errorf("Validate[%s] = %q, want %q", k, got[k], w)
				}
			}
		})
	}
}

func TestValidateDraftIsPartial(t *testing.T) {
	q := mustLoad(t, "testdata/valid/alltypes.yaml")
	a := Answers{"plan_year": Num(1900), "has_plan": Str("no")} // out of range and irrelevant
	if fe := q.Validate(a, Draft, ""); fe != nil {
		t.Errorf("Validate(Draft) = %v, want nil: drafts check types only", fe)
	}
	if fe := q.Validate(a, Submit, ""); fe == nil {
		t.Error("Validate(Submit) = nil, want errors for the same answers")
	}
	if fe := q.Validate(Answers{"members": Str("many")}, Draft, ""); fe["members"] == "" {
		t.Errorf("Validate(Draft) of a wrongly typed answer = %v, want an error on members", fe)
	}
}

func TestPruneIrrelevant(t *testing.T) {
	q := mustLoad(t, "testdata/valid/alltypes.yaml")
	a := validAnswers()
	a["has_plan"] = Str("no")
	got := q.PruneIrrelevant(a)
	if _, ok := got["plan_year"]; ok {
		t.Error("PruneIrrelevant kept plan_year, which does not apply when has_plan is no")
	}
	if len(got) != len(a)-1 {
		t.Errorf("PruneIrrelevant kept %d answers, want %d", len(got), len(a)-1)
	}
	if fe := q.Validate(got, Submit, ""); fe != nil {
		t.Errorf("pruned answers do not validate: %v", fe)
	}
}

func TestDigest(t *testing.T) {
	base := Answers{"a": Str("x"), "b": Num(1), "c": List("p", "q"), "d": Matrix(map[string]float64{"r1": 1, "r2": 0}), "e": Rubric(2, "why", "https://e.org")}
	same := base.Clone()
	if base.Digest() != same.Digest() {
		t.Fatal("equal answers have different digests")
	}
	changes := []func(a Answers){
		func(a Answers) { a["a"] = Str("y") },
		func(a Answers) { a["b"] = Num(2) },
		func(a Answers) { a["c"] = List("q", "p") },
		func(a Answers) { a["c"] = List("pq") },
		func(a Answers) { a["d"] = Matrix(map[string]float64{"r1": 1, "r2": 1}) },
		func(a Answers) { a["e"] = Rubric(2, "why", "https://e.org/x") },
		func(a Answers) { a["e"] = Rubric(2, "whyhttps://e.org", "") },
		func(a Answers) { a["b"] = Str("1") },
		func(a Answers) { delete(a, "a") },
		func(a Answers) { a["f"] = NotApplicable() },
	}
	for i, change := range changes {
		b := base.Clone()
		change(b)
		if b.Digest() == base.Digest() {
			t.Errorf("change %d: different answers have the same digest", i)
		}
	}
}

func TestDigestNegativeZero(t *testing.T) {
	neg := Answers{"a": Num(math.Copysign(0, -1)), "m": Matrix(map[string]float64{"r": math.Copysign(0, -1)})}
	pos := Answers{"a": Num(0), "m": Matrix(map[string]float64{"r": 0})}
	if !neg.Equal(pos) || neg.Digest() != pos.Digest() {
		t.Error("-0 and 0 answers are Equal but have different digests")
	}
}
