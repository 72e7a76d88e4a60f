package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/assocbench/assocbench/survey/demo"
)

func TestMeetingPlanCommand(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no campaign", []string{"meeting", "plan", "--date", "2026-04-29"}, "--campaign is required"},
		{"bad date", []string{"meeting", "plan", "--campaign", "c", "--date", "29/04/2026"}, "--date"},
		{"sessions", []string{"meeting", "plan", "--campaign", "c", "--date", "2026-04-29", "--sessions", "9"}, "--sessions"},
		{"window", []string{"meeting", "plan", "--campaign", "c", "--date", "2026-04-29", "--window", "9-5"}, "--window"},
		{"rotation count", []string{"meeting", "rotation", "--campaign", "c", "--from", "2026-05-06", "--count", "0"}, "--count"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, tc.args...)
			if code != exitUsage || !strings.Contains(errOut, tc.stderr) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tc.stderr)
			}
		})
	}

	c := newCLI(t)
	c.must(exitOK, "demo", "seed", "--associations", "6", "--seed", "2")
	out := c.must(exitOK, "meeting", "plan", "--campaign", demo.Midterm, "--date", "2026-04-29", "--sessions", "3", "--duration", "90m", "--json")
	var plan struct {
		Sessions []struct {
			Start string `json:"start"`
			End   string `json:"end"`
		} `json:"sessions"`
		Regions []struct {
			Region       string `json:"region"`
			Participants int    `json:"participants"`
			Covered      int    `json:"covered"`
		} `json:"regions"`
		Covered      int `json:"covered"`
		Participants int `json:"participants"`
	}
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatalf("--json output %q: %v", out, err)
	}
	if len(plan.Sessions) != 3 || len(plan.Regions) != 6 || plan.Participants < 6 || !strings.HasPrefix(plan.Sessions[0].Start, "2026-04-29T") {
		t.Errorf("plan %+v: want 3 sessions on 29 April and six regions", plan)
	}
	text := c.must(exitOK, "meeting", "plan", "--campaign", demo.Midterm, "--date", "2026-04-29", "--sessions", "2")
	if !strings.Contains(text, "North America") || !strings.Contains(text, "exhaustive search: 4560 combinations") {
		t.Errorf("plan output:\n%s", text)
	}
	rot := c.must(exitOK, "meeting", "rotation", "--campaign", demo.Midterm, "--from", "2026-05-06", "--count", "3")
	if strings.Count(rot, "UTC") != 3 {
		t.Errorf("rotation output:\n%s", rot)
	}
}
