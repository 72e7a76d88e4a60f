package reports

import (
	"strings"
	"testing"

	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
)

func TestNeedsQuote(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"=cmd|' /C calc'!A0", true},
		{"+1+1", true},
		{"-2", true},
		{"@SUM(1)", true},
		{"\t=1", true},
		{"\r=1", true},
		{"\n=1", true},
		{"＝1+1", true},
		{`=HYPERLINK("http://x")`, true},
		{"", false},
		{"Library Association", false},
		{" =1", false},
		{"1=1", false},
		{"'=1", false},
	}
	for _, tt := range tests {
		if got := needsQuote(tt.in); got != tt.want {
			t.Errorf("needsQuote(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestSkipLogic(t *testing.T) {
	fin := questionnaires.Builtin("financial-sustainability")
	mem := questionnaires.Builtin("membership")
	com := questionnaires.Builtin("communications")
	if fin == nil || mem == nil || com == nil {
		t.Fatal("built-in questionnaires missing")
	}
	label := func(q *questionnaires.Questionnaire, id string) string {
		return "“" + q.Question(id).Label.In("en") + "”"
	}
	choice := func(q *questionnaires.Questionnaire, id, c string) string {
		return "“" + q.Question(id).Choice(c).Label.In("en") + "”"
	}
	// questions whose relevance the test knows, from the library
	find := func(q *questionnaires.Questionnaire, expr string) *questionnaires.Question {
		for _, qu := range q.Questions() {
			if qu.Relevant == expr {
				return qu
			}
		}
		t.Fatalf("%s: no question is relevant when %s", q.ID, expr)
		return nil
	}
	tests := []struct {
		q    *questionnaires.Questionnaire
		expr string
		want string
	}{
		{fin, "has_reserves == 'yes'", "Answer only if " + label(fin, "has_reserves") + " is “Yes”."},
		{fin, "grant_applications > 0", "Answer only if " + label(fin, "grant_applications") + " is more than 0."},
		{fin, "selected(financial_policies, 'reserves')",
			"Answer only if " + label(fin, "financial_policies") + " includes " + choice(fin, "financial_policies", "reserves") + "."},
		{mem, "not selected(cpd_offer, 'none')",
			"Answer only if " + label(mem, "cpd_offer") + " is not " + choice(mem, "cpd_offer", "none") + "."}, // a single choice
		{com, "answered(key_messages) and not selected(key_messages, 'none')",
			"Answer only if " + label(com, "key_messages") + " is answered and " + label(com, "key_messages") +
				" is not " + choice(com, "key_messages", "none") + "."},
	}
	for _, tt := range tests {
		qu := find(tt.q, tt.expr)
		if got := skipLogic(tt.q, qu, "en"); got != tt.want {
			t.Errorf("skipLogic(%s)\n got %s\nwant %s", tt.expr, got, tt.want)
		}
	}
	// every relevance of the library renders in every language without
	// falling back to raw JSON
	for _, q := range []*questionnaires.Questionnaire{fin, mem, com} {
		for _, qu := range q.Questions() {
			if qu.Relevant == "" {
				if s := skipLogic(q, qu, "en"); s != "" {
					t.Errorf("%s.%s has no relevance but skipLogic says %q", q.ID, qu.ID, s)
				}
				continue
			}
			for _, lang := range i18n.Languages {
				if s := skipLogic(q, qu, lang); strings.Contains(s, "[") {
					t.Errorf("%s.%s in %s: %q is not in words", q.ID, qu.ID, lang, s)
				}
			}
		}
	}
}

func TestExplain(t *testing.T) {
	fin := questionnaires.Builtin("financial-sustainability")
	reserves := fin.Question("has_reserves")
	tests := []struct {
		name   string
		qu     *questionnaires.Question
		it     scoring.Item
		answer *questionnaires.Value
		want   string
	}{
		{"unanswered", reserves, scoring.Item{Status: scoring.StatusUnanswered}, nil, "No answer: left out of the section score."},
		{"indicator", nil, scoring.Item{Status: scoring.StatusUnanswered, Indicator: true}, nil,
			"Could not be computed from the answers: left out of the section score."},
		{"yes", reserves, scoring.Item{Status: scoring.StatusScored, Points: 100, Reason: scoring.Reason{Method: questionnaires.MethodYesNo}},
			ptr(questionnaires.Str("yes")), "“Yes” gives 100 points."},
		{"no", reserves, scoring.Item{Status: scoring.StatusScored, Points: 0, Reason: scoring.Reason{Method: questionnaires.MethodYesNo}},
			ptr(questionnaires.Str("no")), "“No” gives 0 points."},
		{"scale", nil, scoring.Item{Status: scoring.StatusScored, Points: 50, Reason: scoring.Reason{Method: questionnaires.MethodScale, Level: 3, Levels: 5}},
			nil, "Level 3 of 5: level 1 gives 0 points, level 5 gives 100, evenly in between."},
		{"bands", nil, scoring.Item{Status: scoring.StatusScored, Points: 80, Value: 7.5, HasValue: true,
			Reason: scoring.Reason{Method: questionnaires.MethodBands, Band: 2, Threshold: 5}}, nil,
			"The value 7.5 reaches the band starting at 5, which gives 80 points."},
		{"linear", nil, scoring.Item{Status: scoring.StatusScored, Points: 25, Value: 3, HasValue: true,
			Reason: scoring.Reason{Method: questionnaires.MethodLinear, From: 0, To: 12}}, nil,
			"The value 3 is placed on a line from 0 (0 points) to 12 (100 points)."},
	}
	for _, tt := range tests {
		if got := explain(tt.qu, tt.it, tt.answer, "en"); got != tt.want {
			t.Errorf("%s: explain = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestLineCount(t *testing.T) {
	tests := []struct {
		text  string
		width float64
		want  int
	}{
		{"short", 40, 1},
		{strings.Repeat("x", 100), 40, 3},
		{"a\nb\nc", 40, 3},
		{"", 40, 1},
	}
	for _, tt := range tests {
		if got := lineCount(tt.text, tt.width); got != tt.want {
			t.Errorf("lineCount(%q, %v) = %d, want %d", tt.text, tt.width, got, tt.want)
		}
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{Sheet: "Questions", Cell: "D12", Message: "must be a number"}, "Questions!D12: must be a number"},
		{Problem{Message: "cannot read"}, "workbook: cannot read"},
		{Problem{Sheet: "Meta", Message: "x"}, "Meta: x"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestSheetName(t *testing.T) {
	b, err := newBook("en", 5)
	if err != nil {
		t.Fatal(err)
	}
	defer b.f.Close()
	got := []string{
		b.sheet("Overview"),
		b.sheet("overview"),
		b.sheet("A/B: [c]?*"),
		b.sheet(strings.Repeat("long name ", 5)),
		b.sheet(strings.Repeat("long name ", 5)),
		b.sheet("'quoted'"),
	}
	want := []string{"Overview", "overview (2)", "A B   c", "long name long name long name", "long name long name long na (2)", "quoted"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("sheet %d = %q, want %q", i, got[i], want[i])
		}
	}
}
