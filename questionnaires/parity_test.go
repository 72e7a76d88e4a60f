package questionnaires

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var updateParity = flag.Bool("update-parity", false, "rewrite testdata/parity.json from the Go evaluator")

// parityFile is testdata/parity.json: the expressions and answer sets
// (written by hand), and what the Go evaluator makes of them (written by
// go test -run TestParity -update-parity): the questions as the survey
// page receives them, with their compiled expressions, and the relevance
// of every question for each answer set. web/static/expr.test.mjs
// evaluates the same questions in JavaScript and must find the same.
type parityFile struct {
	Version   int                          `json:"version"`
	About     string                       `json:"about"`
	Exprs     []string                     `json:"exprs"`
	Answers   []map[string]json.RawMessage `json:"answers"`
	Questions []parityQuestion             `json:"questions"`
	Want      []map[string]bool            `json:"want"`
	Offered   []map[string][]string        `json:"offered"`
	Kept      []int                        `json:"kept"`
	// Patterns are regex() patterns Load accepts, Texts the texts they are
	// tried on, Matches whether each pattern finds a match in each text.
	Patterns []string `json:"patterns"`
	Texts    []string `json:"texts"`
	Matches  [][]bool `json:"matches"`
}

// parityQuestion is a question as the survey page receives it (web/survey.go).
type parityQuestion struct {
	ID       string          `json:"id"`
	Type     string          `json:"type"`
	Relevant json.RawMessage `json:"relevant,omitempty"`
	Filter   json.RawMessage `json:"filter,omitempty"`
	Choices  []parityChoice  `json:"choices,omitempty"`
}

type parityChoice struct {
	ID    string            `json:"id"`
	Attrs map[string]string `json:"attrs,omitempty"`
}

const parityAbout = "Go/JavaScript expression parity: for each expression i, question ei is relevant when it is true and ei_nil when it is missing. " +
	"exprs and answers are written by hand; questions, want and kept by go test ./questionnaires -run TestParity -update-parity."

// parityQuestionnaire is testdata/parity.yaml with the expression questions.
func parityQuestionnaire(t *testing.T, exprs []string) *Questionnaire {
	t.Helper()
	base, err := os.ReadFile("testdata/parity.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	sb.Write(base)
	for i, e := range exprs {
		fmt.Fprintf(&sb, "      - {id: e%d, type: text, label: {en: E%d}, relevant: %s}\n", i, i, strconv.Quote(e))
		fmt.Fprintf(&sb, "      - {id: e%d_nil, type: text, label: {en: E%d nil}, relevant: %s}\n", i, i, strconv.Quote("("+e+") == nil"))
	}
	q, err := Load("parity.yaml", []byte(sb.String()))
	if err != nil {
		t.Fatalf("load the parity questionnaire: %v", err)
	}
	return q
}

func TestParity(t *testing.T) {
	raw, err := os.ReadFile("testdata/parity.json")
	if err != nil {
		t.Fatal(err)
	}
	var f parityFile
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatalf("testdata/parity.json: %v", err)
	}
	q := parityQuestionnaire(t, f.Exprs)
	if f.Version != ExprJSONVersion {
		t.Errorf("testdata/parity.json is version %d, the JSON form of expressions %d", f.Version, ExprJSONVersion)
	}
	got := parityFile{Version: ExprJSONVersion, About: parityAbout, Exprs: f.Exprs, Answers: f.Answers, Patterns: f.Patterns, Texts: f.Texts}
	for _, p := range f.Patterns {
		g, err := checkRegex(p)
		if err != nil {
			t.Errorf("pattern %q is refused: %v", p, err)
			continue
		}
		re := regexp.MustCompile(g)
		row := make([]bool, len(f.Texts))
		for i, s := range f.Texts {
			row[i] = re.MatchString(s)
		}
		got.Matches = append(got.Matches, row)
	}
	for _, qu := range q.Questions() {
		pq := parityQuestion{ID: qu.ID, Type: string(qu.Type), Relevant: qu.RelevantAST(), Filter: qu.ChoiceFilterAST()}
		if qu.HasChoiceFilter() {
			for _, c := range qu.Choices {
				pq.Choices = append(pq.Choices, parityChoice{ID: c.ID, Attrs: c.Attrs})
			}
		}
		got.Questions = append(got.Questions, pq)
	}
	states := map[string]int{}
	for ai, m := range f.Answers {
		answers, fe := q.ParseAnswers(m, "en")
		if fe != nil {
			t.Fatalf("answers %d do not parse: %v", ai, fe)
		}
		ev := q.Evaluate(answers)
		rel := map[string]bool{}
		offered := map[string][]string{}
		for _, qu := range q.Questions() {
			rel[qu.ID] = ev.Relevant(qu)
			if qu.HasChoiceFilter() {
				offered[qu.ID] = []string{}
				for i := range qu.Choices {
					if ev.ChoiceOffered(qu, &qu.Choices[i]) {
						offered[qu.ID] = append(offered[qu.ID], qu.Choices[i].ID)
					}
				}
			}
			// the generic closures (the reference) agree with the fast paths
			if p := qu.prog.relevant; p != nil {
				b, ok := p.eval(&ev.ctx).truth()
				if fb, fok := p.test(&ev.ctx); fb != b || fok != ok {
					t.Errorf("answers %d, %s: the fast path gives (%v, %v), the reference (%v, %v)", ai, p.src, fb, fok, b, ok)
				}
			}
		}
		ev.Release()
		for i := range f.Exprs {
			id := fmt.Sprintf("e%d", i)
			switch {
			case rel[id+"_nil"]:
				states["missing"]++
			case rel[id]:
				states["true"]++
			default:
				states["false"]++
			}
		}
		got.Want = append(got.Want, rel)
		got.Offered = append(got.Offered, offered)
		got.Kept = append(got.Kept, len(q.PruneIrrelevant(answers)))
	}
	if states["true"] < 60 || states["false"] < 60 || states["missing"] < 60 {
		t.Errorf("the parity table is one-sided: %v", states)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(got); err != nil {
		t.Fatal(err)
	}
	if *updateParity {
		if err := os.WriteFile("testdata/parity.json", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(bytes.TrimSpace(buf.Bytes()), bytes.TrimSpace(raw)) {
		t.Errorf("testdata/parity.json is not what the Go evaluator gives: if the change is intended, run go test ./questionnaires -run TestParity -update-parity and check the diff")
	}
	t.Logf("expression parity: %d expressions x %d answer sets, outcomes %v", len(f.Exprs), len(f.Answers), states)
}
