package reports_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/assocbench/assocbench/reports"
	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
)

// TestPackGoodPractices: the session pack has a "Good practices" sheet
// per area listing the library's approved entries of the area, their
// text kept text (a title that looks like a formula is not one).
func TestPackGoodPractices(t *testing.T) {
	ctx := context.Background()
	svc := seeded(t, 12)
	const hostile = `=HYPERLINK("https://evil.example","click")`
	if _, err := svc.CreateResource(ctx, survey.System, survey.ResourceInput{Title: hostile, Link: "https://example.org/a",
		Languages: []string{"en"}, Items: []string{"membership/recruitment_strategy"}}, nil, nil); err != nil {
		t.Fatal(err)
	}
	pk, err := svc.SessionPack(ctx, survey.System, demo.Midterm, "")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := reports.WritePack(&buf, pk, reports.Options{Lang: "en", Now: now}); err != nil {
		t.Fatal(err)
	}
	w := read(t, buf.Bytes())
	var sheets []string
	for _, s := range w.f.GetSheetList() {
		if strings.HasPrefix(s, "Good practices") {
			sheets = append(sheets, s)
		}
	}
	if len(sheets) != 3 {
		t.Fatalf("good-practice sheets %q, want one per area", sheets)
	}
	membership := ""
	for _, s := range sheets {
		if strings.Contains(s, "Membership") {
			membership = s
		}
	}
	r := w.find(t, membership, 1, hostile)
	if r == 0 {
		t.Fatalf("sheet %q does not list the resource titled %s", membership, hostile)
	}
	if f, err := w.f.GetCellFormula(membership, cellName(1, r)); err != nil || f != "" {
		t.Errorf("the title became a formula %q (%v)", f, err)
	}

	for _, pr := range pk.Practices {
		if pr.Kind == survey.KindStory && pr.Area == "membership" {

			if w.find(t, membership, 1, pr.Title) == 0 {
				t.Errorf("story %q missing from %s", pr.Title, membership)
			}
		}
	}
	if fin := w.rows(t, sheets[0]); len(fin) < 5 {
		t.Errorf("sheet %s has %d rows: no entries", sheets[0], len(fin))
	}

}
