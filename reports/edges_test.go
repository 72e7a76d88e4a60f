package reports_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/reports"
	"github.com/assocbench/assocbench/survey"
)

// exports writes the scorecard of assoc, the session pack and the raw
// responses of a campaign.
func exports(t *testing.T, svc *survey.Service, camp, assoc string) (scorecard, pack, responses *workbook) {
	t.Helper()
	ctx := context.Background()
	// peer figures come from the campaign's latest release: make one of
	// the current results when there is none of them yet
	c, err := svc.GetCampaign(ctx, survey.System, camp)
	if err != nil {
		t.Fatal(err)
	}
	if rels, err := svc.Releases(ctx, survey.System, camp); err != nil {
		t.Fatal(err)
	} else if len(rels) == 0 || rels[len(rels)-1].Generation < c.Generation {
		if _, err := svc.Publish(ctx, survey.System, camp, ""); err != nil {
			t.Fatal(err)
		}
	}
	sc, err := svc.Scorecard(ctx, survey.System, camp, assoc)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := reports.WriteScorecard(&buf, sc, map[string]questionnaires.Answers{}, reports.Options{Lang: "en", Now: now}); err != nil {
		t.Fatal(err)
	}
	scorecard = read(t, slices.Clone(buf.Bytes()))
	pk, err := svc.SessionPack(ctx, survey.System, camp, "")
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := reports.WritePack(&buf, pk, reports.Options{Lang: "en", Now: now}); err != nil {
		t.Fatal(err)
	}
	pack = read(t, slices.Clone(buf.Bytes()))
	cp, err := svc.GetCampaign(ctx, survey.System, camp)
	if err != nil {
		t.Fatal(err)
	}
	var defs []*questionnaires.Questionnaire
	for _, k := range cp.Questionnaires {
		q, _ := svc.Questionnaire(ctx, k)
		defs = append(defs, q)
	}
	buf.Reset()
	_, err = reports.WriteResponses(&buf, func(yield func(*survey.Response) error) error {
		return svc.StreamSubmitted(ctx, survey.System, camp, "", yield)
	}, reports.ResponsesOptions{Options: reports.Options{Lang: "en", Now: now}, Campaign: cp, Questionnaires: defs})
	if err != nil {
		t.Fatal(err)
	}
	responses = read(t, slices.Clone(buf.Bytes()))
	return scorecard, pack, responses
}

// says reports whether some cell of the sheet holds the text.
func (w *workbook) says(t *testing.T, sheet, text string) bool {
	t.Helper()
	for _, r := range w.rows(t, sheet) {
		for _, c := range r {
			if c == text {
				return true
			}
		}
	}
	return false
}

func TestNoResponses(t *testing.T) {
	svc := clocked(t)
	campaign(t, svc, "empty", 5, "")
	association(t, svc, "lonely", "Lonely Library Association", "FR")
	sc, pk, rs := exports(t, svc, "empty", "lonely")

	if !sc.says(t, "Overview", "Not submitted") || !sc.says(t, "Overview", "No percentile ranks: no submitted scores to compare with.") ||
		!sc.says(t, "Overview", "needs all three areas submitted") || !sc.says(t, "Overview", "No section scores yet.") {
		t.Error("the empty scorecard does not say that nothing was submitted")
	}
	if got := sc.get(t, "Financial sustainability", "A3"); got != "This questionnaire has not been submitted: there is no score yet." {
		t.Errorf("empty area sheet says %q", got)
	}
	if n := len(sc.parts(t, `^xl/charts/`)); n != 0 {
		t.Errorf("%d chart parts in a scorecard with no scores", n)
	}

	if !pk.says(t, "About", "No submitted responses yet: there is nothing to compare.") {
		t.Error("the empty pack's cover does not say there are no responses")
	}
	for _, s := range []string{"Overall", "Financial sustainability"} {
		if !pk.says(t, s, "No submitted responses yet: there is nothing to compare.") {
			t.Errorf("%s does not say there are no responses", s)
		}
		// n = 0 is shown; every figure is words
		r := pk.find(t, s, 1, "Measure") + 1
		if got := pk.get(t, s, cellName(3, r)); got != "0" {
			t.Errorf("%s n = %q, want 0", s, got)
		}
		for c := 4; c <= 7; c++ {
			if got := pk.get(t, s, cellName(c, r)); got != fewer {
				t.Errorf("%s %s = %q, want %q", s, cellName(c, r), got, fewer)
			}
		}
	}
	if !pk.says(t, "Trends", "This campaign names no previous campaign: there is no trend to show.") ||
		!pk.says(t, "Mentoring", "No mentoring matches: no association offers what another seeks in this campaign.") {
		t.Error("the empty pack does not explain its empty sheets")
	}
	for _, s := range rs.f.GetSheetList()[1 : len(rs.f.GetSheetList())-1] {
		if got := rs.get(t, s, "A3"); got != "No submitted responses." {
			t.Errorf("responses sheet %s A3 = %q", s, got)
		}
	}
}

func TestOnlySuppressedGroups(t *testing.T) {
	svc := clocked(t)
	campaign(t, svc, "small", 5, "")
	for i, c := range []string{"FR", "KE", "BR"} {
		id := "small-" + strings.ToLower(c)
		association(t, svc, id, "Small association "+c, c)
		submitAll(t, svc, "small", id, uint64(i+1), 0.3+0.2*float64(i), nil)
	}
	sc, pk, rs := exports(t, svc, "small", "small-fr")

	// the scorecard: scores, but every peer figure in words
	if r := sc.find(t, "Overview", 1, "Measure"); r == 0 {
		t.Fatal("no ranks table")
	} else {
		rows := sc.rows(t, "Overview")
		for i := r; i < len(rows) && len(rows[i]) >= 4 && rows[i][0] != ""; i++ {
			if rows[i][3] != fewer {
				t.Errorf("rank row %d shows %q, want %q", i+1, rows[i][3], fewer)
			}
		}
	}
	r := sc.find(t, "Overview", 1, "Section scores and the peer median") + 2
	for i := 0; i < 3; i++ {
		if got := sc.get(t, "Overview", cellName(4, r+i)); got != fewer {
			t.Errorf("peer median %s = %q, want %q", cellName(4, r+i), got, fewer)
		}
		sc.num(t, "Overview", cellName(3, r+i)) // the association's own score is shown
	}
	// the radar chart has only the association's series: no peer figure is plotted
	data := sc.rows(t, "Chart data")
	if len(data) < 2 || len(data[1]) != 2 || data[1][1] != "Your score" {
		t.Errorf("chart data header = %q, want only the association's series", data[1])
	}

	// the pack: n shown, every figure in words, and a note saying why
	if !pk.says(t, "Overall", "Every peer group has fewer than 5 responses: only the n of each group is shown.") {
		t.Error("the pack does not say that every group is hidden")
	}
	for _, s := range []string{"Overall", "Financial sustainability", "Membership and engagement", "Practices"} {
		rows := pk.rows(t, s)
		head := "Measure"
		if s == "Practices" {
			head = "Questionnaire"
		}
		start := pk.find(t, s, 1, head)
		if start == 0 {
			t.Fatalf("%s has no table", s)
		}
		numbers := 0
		for i, row := range rows {
			if i < start {
				continue
			}
			for j := range row {
				if j < 3 || (s == "Practices" && rows[i][2] == "n (answered)") || row[j] == "" {
					continue
				}
				if row[j] != fewer {
					t.Fatalf("%s!%s = %q: a peer figure of a group below k is shown", s, cellName(j+1, i+1), row[j])
				}
				numbers++
			}
		}
		if numbers == 0 {
			t.Errorf("%s has no figures at all", s)
		}
	}
	for _, row := range pk.rows(t, "Chart data") {
		if len(row) > 1 && row[0] != "" && !strings.Contains(row[0], ":") && slices.ContainsFunc(row[1:], func(s string) bool { return s != "" }) {
			t.Errorf("chart data plots a hidden figure: %q", row)
		}
	}
	// raw responses: an administrator's export, no anonymity rule
	if got := len(rs.rows(t, "Membership and engagement")); got != 4 {
		t.Errorf("membership responses sheet has %d rows, want 3 and a header", got)
	}
}
