package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs one command line in-process.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code = run(context.Background(), args, e)
	return code, out.String(), errb.String()
}

func TestCLIExitCodes(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // substring
		stderr string // substring
	}{
		{"version", []string{"version"}, 0, "assocbench ", ""},
		{"no command", nil, 2, "", "Usage"},
		{"help", []string{"--help"}, 0, "", "Commands:"},
		{"unknown command", []string{"frobnicate"}, 2, "", `unknown command "frobnicate"`},
		{"bad flag", []string{"version", "--nope"}, 2, "", "flag provided but not defined"},
		{"subcommand help", []string{"questionnaires", "list", "--help"}, 0, "", "Usage: assocbench questionnaires list"},
		{"missing subcommand", []string{"questionnaires"}, 2, "", "needs a subcommand"},
		{"unknown questionnaire", []string{"questionnaires", "show", "cooking"}, 2, "", `no built-in questionnaire "cooking"`},
		{"untranslated language", []string{"questionnaires", "show", "membership", "--lang", "de"}, 2, "", "not translated"},
		{"outline in French", []string{"questionnaires", "show", "membership", "--lang", "fr"}, 0, "Effectifs et fidélisation", ""},
		{"validate built-ins", []string{"questionnaires", "validate"}, 0, "membership.yaml: ok", ""},
		{"validate a broken file", []string{"questionnaires", "validate", "../../questionnaires/testdata/invalid/two_errors.yaml"}, 1, "",
			`two_errors.yaml:20: sections[0].questions[1].relevant: expression "strategy_typo == 'written'": unknown id "strategy_typo"`},
		{"validate a missing file", []string{"questionnaires", "validate", "/nonexistent.yaml"}, 1, "", "no such file"},
		{"demo with too few associations", []string{"demo", "seed", "--associations", "2"}, 2, "", "--associations"},
		{"bench with a bad count", []string{"bench", "--associations", "1"}, 2, "", "--associations"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.stdout) || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("assocbench %v = exit %d\nstdout: %.300s\nstderr: %.300s\nwant exit %d, stdout ~ %q, stderr ~ %q",
					tt.args, code, out, errOut, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}

func TestQuestionnairesListJSON(t *testing.T) {
	code, out, errOut := runCLI(t, "questionnaires", "list", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var list []listEntry
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 4 {
		t.Fatalf("%d questionnaires, want 4", len(list))
	}
	for _, e := range list {
		if e.Area == "profile" {
			if e.Scored != 0 {
				t.Errorf("profile has %d scored questions, want 0", e.Scored)
			}
			continue
		}
		if e.Sections < 4 || e.Sections > 6 || e.Scored < 20 || e.Indicators < 3 || len(e.Languages) != 4 {
			t.Errorf("%s: %+v", e.ID, e)
		}
	}
}

// The JSON of `questionnaires show --json` loads back as a definition.
func TestQuestionnairesShowJSON(t *testing.T) {
	code, out, errOut := runCLI(t, "questionnaires", "show", "financial-sustainability", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	if m["id"] != "financial-sustainability" || m["version"] != "2026.1" {
		t.Errorf("show --json: id %v version %v", m["id"], m["version"])
	}
}

// TestValidateHostileNesting: the 200 KB file of #11 that took the CLI to
// 15 GB is refused for its nesting.
func TestValidateHostileNesting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deep.yaml")
	if err := os.WriteFile(path, []byte(strings.Repeat("[x, ", 50000)), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "questionnaires", "validate", path)
	if want := path + ":1: nesting too deep: more than 64 levels of lists and mappings"; code != 1 || !strings.Contains(errOut, want) {
		t.Errorf("validate = exit %d\nstdout: %.300s\nstderr: %.300s\nwant exit 1, stderr ~ %q", code, out, errOut, want)
	}
}
