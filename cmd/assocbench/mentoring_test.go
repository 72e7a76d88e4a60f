package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/assocbench/assocbench/survey/demo"
)

func TestMentoringMatchCommand(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no campaign", []string{"mentoring", "match"}, "--campaign"},
		{"argument", []string{"mentoring", "match", "--campaign", "c", "extra"}, "no arguments"},
		{"unknown subcommand", []string{"mentoring", "marry"}, "marry"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, tc.args...)
			if code != exitUsage || !strings.Contains(errOut, tc.stderr) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tc.stderr)
			}
		})
	}

	c := newCLI(t)
	c.must(exitOK, "demo", "seed", "--associations", "40", "--seed", "2")
	out := c.must(exitOK, "mentoring", "match", "--campaign", demo.Midterm, "--json")
	var run struct {
		Matches []struct {
			Area, Mentor, Mentee string
		} `json:"matches"`
		Requests int    `json:"requests"`
		Date     string `json:"date"`
	}
	if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &run); err != nil {
		t.Fatalf("--json output %q: %v", out, err)
	}
	if len(run.Matches) == 0 || run.Requests < len(run.Matches) || run.Date != "2026-04-28" {
		t.Fatalf("run: %d matches, %d requests, date %s", len(run.Matches), run.Requests, run.Date)
	}
	seen := map[string]bool{}
	for _, m := range run.Matches {
		if m.Area == "" || m.Mentor == "" || m.Mentee == "" || m.Mentor == m.Mentee || seen[m.Mentee+"/"+m.Area] {
			t.Errorf("match %+v: incomplete, a self-pair or a request served twice", m)
		}
		seen[m.Mentee+"/"+m.Area] = true
	}
	prop := c.must(exitOK, "mentoring", "propose", "--campaign", demo.Midterm)
	if !strings.Contains(prop, "pairs proposed") {
		t.Errorf("propose output:\n%s", prop)
	}
	again := c.must(exitOK, "mentoring", "propose", "--campaign", demo.Midterm, "--json")
	var res struct{ Proposed, Kept, Superseded int }
	if err := json.Unmarshal([]byte(again[strings.Index(again, "{"):]), &res); err != nil || res.Proposed != 0 || res.Superseded != 0 || res.Kept == 0 {
		t.Errorf("a second propose on the same data: %+v (%v); want every proposal kept", res, err)
	}
	text := c.must(exitOK, "mentoring", "match", "--campaign", demo.Midterm)
	first := run.Matches[0]
	if !strings.Contains(text, "matching date 2026-04-28") || !strings.Contains(text, first.Mentor) || !strings.Contains(text, first.Mentee) {
		t.Errorf("text output:\n%s", text)
	}
}
