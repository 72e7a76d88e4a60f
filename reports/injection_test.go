package reports_test

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/reports"
	"github.com/assocbench/assocbench/survey"
)

// payloads are texts that a spreadsheet would evaluate if they were typed
// (or edited and entered) into a cell.
var payloads = []string{
	"=cmd|' /C calc'!A0",
	"+1+1",
	"-2",
	"@SUM(1)",
	"\t=1",
	"\r=1",
	`=HYPERLINK("http://x")`,
}

// formula matches a formula element in sheet XML.
var formula = regexp.MustCompile(`<(x:)?f[ >/]`)

// noFormulas checks that no sheet of the workbook holds a formula, that
// chart references never carry the payloads, and that every cell holding
// a payload reads back as the payload and keeps it text when edited.
func noFormulas(t *testing.T, w *workbook, what string, want []string) {
	t.Helper()
	sheets := w.parts(t, `^xl/worksheets/sheet\d+\.xml$`)
	if len(sheets) == 0 {
		t.Fatalf("%s: no sheets", what)
	}
	for name, x := range sheets {
		if loc := formula.FindStringIndex(x); loc != nil {
			t.Errorf("%s: %s has a formula: %s", what, name, x[loc[0]:min(len(x), loc[0]+80)])
		}
	}
	for name, x := range w.parts(t, `^xl/(charts|drawings)/.*\.xml$`) {
		for _, p := range []string{"cmd|", "HYPERLINK", "SUM(1)"} {
			if strings.Contains(x, p) {
				t.Errorf("%s: %s contains %q", what, name, p)
			}
		}
	}
	found := map[string]int{}
	for _, sheet := range w.f.GetSheetList() {
		rows, err := w.f.GetRows(sheet, excelizeRaw)
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range rows {
			for j, v := range row {
				if v == "" || !strings.ContainsRune("=+-@\t\r", []rune(v)[0]) {
					continue
				}
				c := cellName(j+1, i+1)
				if typ, _ := w.f.GetCellType(sheet, c); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
					continue // a negative number
				}
				found[v]++
				id, err := w.f.GetCellStyle(sheet, c)
				if err != nil {
					t.Fatal(err)
				}
				xf := w.f.Styles.CellXfs.Xf[id]
				if xf.QuotePrefix == nil || !*xf.QuotePrefix || xf.NumFmtID == nil || *xf.NumFmtID != 49 {
					t.Errorf("%s: %s!%s = %q is not kept text (quotePrefix and the Text format)", what, sheet, c, v)
				}
			}
		}
	}
	for _, p := range want {
		if found[p] == 0 {
			t.Errorf("%s: %q was not written back as it is", what, p)
		}
	}
}

func TestInjection(t *testing.T) {
	ctx := context.Background()
	svc := clocked(t)
	campaign(t, svc, "inject", 2, `=HYPERLINK("http://x")`)
	// associations named after the payloads that a name may hold (names
	// take no control characters), answering with every payload in texts
	var names []string
	for i, p := range payloads {
		id := fmt.Sprintf("inject-%d", i)
		_, err := svc.CreateAssociation(ctx, survey.System, survey.Association{ID: id, Name: p, Country: "NG", Type: "national",
			Members: 300 + i, Languages: []string{"en"}, MentoringOffers: []string{"financial"}})
		if strings.ContainsAny(p, "\t\r") {
			if err == nil {
				t.Errorf("the name %q was accepted: it holds a control character", p)
			}
			association(t, svc, id, "Payload association "+fmt.Sprint(i), "NG")
		} else {
			if err != nil {
				t.Fatalf("create association named %q: %v", p, err)
			}
			names = append(names, p)
		}
		fixed := map[string]questionnaires.Answers{
			"financial-sustainability": {"finance_context": questionnaires.Str(p)},
			"membership":               {"member_voice_example": questionnaires.Str(p)},
		}
		if !strings.ContainsAny(p, "\t\r") {
			fixed["financial-sustainability"]["accounting_system"] = questionnaires.Str(p)
		}
		submitAll(t, svc, "inject", id, uint64(i+1), 0.97, fixed)
	}
	// a mentee, so that the mentoring sheet names the payload associations
	association(t, svc, "inject-mentee", "Mentee", "KE")
	if _, err := svc.UpdateAssociation(ctx, survey.System, "inject-mentee", survey.AssociationPatch{MentoringSeeks: &[]string{"financial"}}); err != nil {
		t.Fatal(err)
	}
	submitAll(t, svc, "inject", "inject-mentee", 99, 0.02, nil)

	all := payloads
	for i := range payloads {
		sc, pk, rs := exports(t, svc, "inject", fmt.Sprintf("inject-%d", i))
		if i == 0 {
			pack, err := svc.SessionPack(ctx, survey.System, "inject", "")
			if err != nil {
				t.Fatal(err)
			}
			var mentors []string
			for _, m := range pack.Mentoring {
				if n := pack.Names[m.Mentor]; slices.Contains(names, n) {
					mentors = append(mentors, n+" ("+m.Mentor+")")
				}
			}
			if len(mentors) == 0 {
				t.Error("no association named after a payload is a mentor: the mentoring sheet is not exercised")
			}
			noFormulas(t, pk, "pack", append([]string{payloads[6]}, mentors...)) // the campaign title, the mentors
			noFormulas(t, rs, "responses", all)
		}
		want := []string{payloads[6]}
		if slices.Contains(names, payloads[i]) {
			want = append(want, payloads[i])
		}
		noFormulas(t, sc, "scorecard of "+fmt.Sprintf("%q", payloads[i]), want)
	}
	// a scorecard whose name holds a control character (the service
	// refuses it, the workbook would still keep it text)
	for _, p := range []string{"\t=1", "\r=1"} {
		sc, err := svc.Scorecard(ctx, survey.System, "inject", "inject-0")
		if err != nil {
			t.Fatal(err)
		}
		a := *sc.Association
		a.Name = p
		sc.Association = &a
		var buf bytes.Buffer
		if err := reports.WriteScorecard(&buf, sc, nil, reports.Options{Lang: "en", Now: now}); err != nil {
			t.Fatal(err)
		}
		noFormulas(t, read(t, buf.Bytes()), fmt.Sprintf("scorecard of %q", p), []string{p})
	}

	// fill-in, pre-filled with every payload, reads back unchanged
	q := questionnaires.Builtin("financial-sustainability")
	for _, p := range payloads {
		answers := questionnaires.Answers{"finance_context": questionnaires.Str(p)}
		var buf bytes.Buffer
		if err := reports.WriteFillIn(&buf, q, answers, reports.FillInOptions{Options: reports.Options{Lang: "en", Now: now}, Association: p}); err != nil {
			t.Fatal(err)
		}
		w := read(t, buf.Bytes())
		noFormulas(t, w, fmt.Sprintf("fill-in with %q", p), []string{p})
		got, problems := reports.ReadFillIn(bytes.NewReader(buf.Bytes()), q, "en")
		if len(problems) > 0 || !got.Equal(answers) {
			t.Errorf("fill-in with %q read back as %v, %v", p, got, problems)
		}
	}

	// the stored data is unchanged
	for i, p := range payloads {
		id := fmt.Sprintf("inject-%d", i)
		a, err := svc.GetAssociation(ctx, survey.System, id)
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(names, p) && a.Name != p {
			t.Errorf("stored name %q, want %q", a.Name, p)
		}
		r, err := svc.GetResponse(ctx, survey.System, survey.ResponseRef{Campaign: "inject", Association: id, Questionnaire: "financial-sustainability"})
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Answers["finance_context"].Str; got != p {
			t.Errorf("stored answer %q, want %q", got, p)
		}
	}
}
