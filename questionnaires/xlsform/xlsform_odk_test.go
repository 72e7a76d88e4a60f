package xlsform

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/assocbench/assocbench/questionnaires"
)

// xls2xformPaths are where pyxform's converter may be (DESIGN.md §3:
// ../shared/tools/xls2xform beside the project); ASSOCBENCH_XLS2XFORM
// overrides.
var xls2xformPaths = []string{os.Getenv("ASSOCBENCH_XLS2XFORM"), "../../../shared/tools/xls2xform", "/work/shared/tools/xls2xform"}

// missingInCI skips the test outside CI and fails it in CI (CI=true),
// where the tool must be installed (.ci/run installs it).
func missingInCI(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

// xls2xform returns the converter, after checking that Debian's python
// has the packages it needs.
func xls2xform(t *testing.T) string {
	t.Helper()
	tool := ""
	for _, p := range xls2xformPaths {
		if p == "" {
			continue
		}
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			tool, _ = filepath.Abs(p)
			break
		}
	}
	if tool == "" {
		missingInCI(t, "pyxform's xls2xform is not in ../shared/tools (set ASSOCBENCH_XLS2XFORM)")
	}
	if out, err := exec.Command("/usr/bin/python3", "-c", "import openpyxl, lark, xlrd, defusedxml").CombinedOutput(); err != nil {
		missingInCI(t, "xls2xform needs apt-get install -y python3-openpyxl python3-lark python3-xlrd python3-defusedxml: %v %s", err, out)
	}
	return tool
}

// odkFunctions are the XPath functions of the ODK XForms specification
// (https://getodk.github.io/xforms-spec/#xpath-functions) that exported
// relevant, constraint and calculate expressions may call; pyxform does
// not check them, ODK Collect and Enketo refuse a form that calls others.
var odkFunctions = map[string]bool{
	// XPath 1.0 core and the ODK additions
	"if": true, "coalesce": true, "not": true, "true": true, "false": true, "boolean": true,
	"boolean-from-string": true, "number": true, "string": true, "int": true, "round": true,
	"pow": true, "abs": true, "log": true, "log10": true, "exp": true, "exp10": true, "sqrt": true,
	"min": true, "max": true, "sum": true, "count": true, "count-non-empty": true,
	"selected": true, "selected-at": true, "count-selected": true, "jr:choice-name": true,
	"concat": true, "join": true, "substr": true, "substring-before": true, "substring-after": true,
	"string-length": true, "normalize-space": true, "contains": true, "starts-with": true,
	"ends-with": true, "translate": true, "regex": true, "today": true, "now": true,
	"date": true, "date-time": true, "decimal-date-time": true, "format-date": true,
	"position": true, "once": true, "uuid": true, "checklist": true, "weighted-checklist": true,
}

// reCall finds function calls; the operators div, mod, and, or may be
// followed by a bracket.
var reCall = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_.:-]*)\s*\(`)

// reXPathString is an XPath string literal.
var reXPathString = regexp.MustCompile(`'[^']*'|"[^"]*"`)

var xpathOperators = map[string]bool{"div": true, "mod": true, "and": true, "or": true}

// xform is what the test reads of pyxform's XForm.
type xform struct {
	Binds []struct {
		Nodeset    string `xml:"nodeset,attr"`
		Calculate  string `xml:"calculate,attr"`
		Relevant   string `xml:"relevant,attr"`
		Constraint string `xml:"constraint,attr"`
	} `xml:"head>model>bind"`
	Translations []struct {
		Lang  string `xml:"lang,attr"`
		Texts []struct {
			ID    string `xml:"id,attr"`
			Value string `xml:"value"`
		} `xml:"text"`
	} `xml:"head>model>itext>translation"`
}

// odkQuestionnaires are the built-in questionnaires and those of testdata/valid.
func odkQuestionnaires(t *testing.T) []*questionnaires.Questionnaire {
	t.Helper()
	qs, err := questionnaires.Library()
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("../testdata/valid/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		q, err := questionnaires.Load(filepath.Base(f), src)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		qs = append(qs, q)
	}
	edge, err := questionnaires.Load("edge.yaml", []byte(xfEdgeDefinition))
	if err != nil {
		t.Fatal(err)
	}
	return append(qs, edge)
}

// TestExportXLSFormNoXForms checks that what XForms cannot express makes
// the export fail, naming the question, instead of writing a form that
// ODK refuses.
func TestExportXLSFormNoXForms(t *testing.T) {
	base := strings.Replace(xfEdgeDefinition, "relevant: \"count(langs) >= 2", "relevant: \"RELEVANT and count(langs) >= 2", 1)
	tests := []struct{ relevant, want string }{
		{"engagement.events >= 2", "question budget: relevant: expression \"engagement.events >= 2 and"},
		{"'events' in engagement", "in over this operand has no XForms equivalent"},
		{"count(engagement) > 1", "count() of this operand has no XForms equivalent"},
	}
	for _, tt := range tests {
		t.Run(tt.relevant, func(t *testing.T) {
			q, err := questionnaires.Load("edge.yaml", []byte(strings.Replace(base, "RELEVANT", tt.relevant, 1)))
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			err = Export(&buf, q)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "budget") {
				t.Fatalf("Export error %v, want one naming budget and saying %q", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("a failed export wrote %d bytes", buf.Len())
			}
		})
	}
}

// TestXLSFormODK converts every export with pyxform, the converter behind
// ODK Central and KoboToolbox, and checks the XForm: a bind for every
// question and indicator, a label in every language, and only ODK
// functions in the expressions.
func TestXLSFormODK(t *testing.T) {
	tool := xls2xform(t)
	for _, q := range odkQuestionnaires(t) {
		t.Run(q.ID, func(t *testing.T) {
			dir := t.TempDir()
			var buf bytes.Buffer
			if err := Export(&buf, q); err != nil {
				t.Fatalf("Export: %v", err)
			}
			in, out := filepath.Join(dir, q.ID+".xlsx"), filepath.Join(dir, q.ID+".xml")
			if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			// the --json result is written on stderr
			var stdout, stderr bytes.Buffer
			cmd := exec.Command(tool, "--skip_validate", "--json", in, out)
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("xls2xform: %v\n%s%s", err, stdout.Bytes(), stderr.Bytes())
			}
			var res struct {
				Code     int      `json:"code"`
				Message  string   `json:"message"`
				Warnings []string `json:"warnings"`
			}
			if err := json.Unmarshal(stderr.Bytes(), &res); err != nil {
				t.Fatalf("xls2xform output %q: %v", stderr.Bytes(), err)
			}
			if res.Code != 100 || len(res.Warnings) > 0 {
				t.Fatalf("xls2xform: code %d %s, warnings %q; want 100 and none", res.Code, res.Message, res.Warnings)
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			var xf xform
			if err := xml.Unmarshal(data, &xf); err != nil {
				t.Fatalf("the XForm does not parse: %v", err)
			}
			checkXForm(t, q, xf)
		})
	}
}

func checkXForm(t *testing.T, q *questionnaires.Questionnaire, xf xform) {
	t.Helper()
	binds := map[string]int{}
	for _, b := range xf.Binds {
		binds[b.Nodeset[strings.LastIndexByte(b.Nodeset, '/')+1:]]++
		for _, e := range []string{b.Calculate, b.Relevant, b.Constraint} {
			e = reXPathString.ReplaceAllString(e, "''") // a regex() pattern may hold [ and (
			for _, m := range reCall.FindAllStringSubmatch(e, -1) {
				if !odkFunctions[m[1]] && !xpathOperators[m[1]] {
					t.Errorf("%s: %s() is not an ODK function, in %q", b.Nodeset, m[1], e)
				}
			}
			if strings.Contains(e, "[") {
				t.Errorf("%s: a list literal in %q", b.Nodeset, e)
			}
		}
	}
	paths := map[string]string{} // id -> nodeset
	for _, b := range xf.Binds {
		paths[b.Nodeset[strings.LastIndexByte(b.Nodeset, '/')+1:]] = b.Nodeset
	}
	var ids []string
	for _, qu := range q.Questions() {
		ids = append(ids, qu.ID)
	}
	for _, in := range q.Indicators {
		ids = append(ids, in.ID)
	}
	for _, id := range ids {
		if binds[id] != 1 {
			t.Errorf("%s has %d binds, want 1", id, binds[id])
		}
	}
	if len(xf.Translations) != len(q.Languages) {
		t.Errorf("%d translations, want one per language %v", len(xf.Translations), q.Languages)
	}
	for _, tr := range xf.Translations {
		labels := map[string]bool{}
		for _, tx := range tr.Texts {
			if strings.HasSuffix(tx.ID, ":label") && strings.TrimSpace(tx.Value) != "" {
				labels[strings.TrimSuffix(tx.ID, ":label")] = true
			}
		}
		for _, qu := range q.Questions() {
			if !labels[paths[qu.ID]] {
				t.Errorf("%s: no label for %s", tr.Lang, qu.ID)
			}
		}
	}
}

// TestXLSFormRoundTripODKFunctions exports the questionnaire that calls
// every function from ODK XPath and imports it again: the same
// questionnaire, and the ODK spellings (string-length, selected-at, mod)
// in the standard columns.
func TestXLSFormRoundTripODKFunctions(t *testing.T) {
	src, err := os.ReadFile("../testdata/valid/odk-functions.yaml")
	if err != nil {
		t.Fatal(err)
	}
	q, err := questionnaires.Load("odk-functions.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	back, _ := xfRoundTrip(t, q)
	if diff := cmp.Diff(xfNormalJSON(t, q), xfNormalJSON(t, back)); diff != "" {
		t.Errorf("export then import differs (-original +round trip):\n%s", diff)
	}
	for id, want := range map[string]string{
		"postcode": "regex(., '^[0-9]{5}$') and string-length(.) = 5",
		"members":  ". mod 1 = 0 and int(.) = .",
	} {
		x := &xfExporter{q: q}
		n, err := xfParseExpr(q.Question(id).Constraint)
		if err != nil {
			t.Fatal(err)
		}
		got, err := x.exprToODK(q.Question(id).Constraint, n)
		if err != nil || got != want {
			t.Errorf("%s: constraint in ODK XPath %q, %v; want %q", id, got, err, want)
		}
	}
}
