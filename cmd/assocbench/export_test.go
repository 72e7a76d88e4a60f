package main

// Tests of the export and import commands: the real run() over the
// embedded database in a temporary data directory (or MONGODB_URI).

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
)

// cli runs commands against one database.
type cli struct {
	t    *testing.T
	dir  string
	vars map[string]string
}

func newCLI(t *testing.T) *cli {
	dir := t.TempDir()
	vars := map[string]string{"ASSOCBENCH_DATA_DIR": filepath.Join(dir, "data"), "ASSOCBENCH_LOG_LEVEL": "warn"}
	if uri := os.Getenv("MONGODB_URI"); uri != "" {
		var b [4]byte
		_, _ = rand.Read(b[:])
		vars["MONGODB_URI"] = uri
		vars["ASSOCBENCH_DB"] = "export_" + hex.EncodeToString(b[:])
		t.Logf("using MONGODB_URI, database %s (left in place)", vars["ASSOCBENCH_DB"])
	}
	return &cli{t: t, dir: dir, vars: vars}
}

// run runs one command line and returns its exit code and outputs.
func (c *cli) run(args ...string) (int, string, string) {
	c.t.Helper()
	var stdout, stderr bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, getenv: func(k string) string { return c.vars[k] }}
	code := run(context.Background(), args, e)
	return code, stdout.String(), stderr.String()
}

// must runs a command line and fails unless it exits with want.
func (c *cli) must(want int, args ...string) string {
	c.t.Helper()
	code, out, errOut := c.run(args...)
	if code != want {
		c.t.Fatalf("assocbench %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, want, out, errOut)
	}
	return out + errOut
}

// path is a file in the test's directory.
func (c *cli) path(name string) string { return filepath.Join(c.dir, name) }

// open opens a written workbook.
func (c *cli) open(name string) *excelize.File {
	c.t.Helper()
	f, err := excelize.OpenFile(c.path(name))
	if err != nil {
		c.t.Fatalf("%s does not open: %v", name, err)
	}
	c.t.Cleanup(func() { f.Close() })
	return f
}

// service opens the database between commands.
func (c *cli) service() (*survey.Service, func()) {
	c.t.Helper()
	cfg := config{mongoURI: c.vars["MONGODB_URI"], dataDir: c.vars["ASSOCBENCH_DATA_DIR"], database: "assocbench", logLevel: "warn"}
	if db := c.vars["ASSOCBENCH_DB"]; db != "" {
		cfg.database = db
	}
	s, err := cfg.openSession(context.Background(), &env{stderr: &bytes.Buffer{}})
	if err != nil {
		c.t.Fatal(err)
	}
	return s.svc, s.close
}

func TestExportCommands(t *testing.T) {
	c := newCLI(t)
	c.must(exitOK, "demo", "seed", "--associations", "12", "--seed", "5")

	out := c.must(exitOK, "export", "responses", "--campaign", demo.Midterm, "-o", c.path("responses.xlsx"))
	if !strings.Contains(out, "wrote "+c.path("responses.xlsx")) {
		t.Errorf("export responses says %q", out)
	}
	f := c.open("responses.xlsx")
	rows, err := f.GetRows("Membership and engagement")
	if err != nil || len(rows) < 2 {
		t.Fatalf("membership responses: %d rows, %v", len(rows), err)
	}
	assoc := rows[1][0]

	c.must(exitOK, "export", "scorecard", "--campaign", demo.Midterm, "--association", assoc, "--lang", "es", "-o", c.path("scorecard.xlsx"))
	if got := c.open("scorecard.xlsx").GetSheetList()[0]; got != "Resumen" {
		t.Errorf("Spanish scorecard starts with %q", got)
	}
	c.must(exitOK, "export", "pack", "--campaign", demo.Midterm, "--questionnaire", "financial-sustainability", "-o", c.path("pack.xlsx"))
	if got := c.open("pack.xlsx").GetSheetList(); len(got) != 7 || got[1] != "Financial sustainability" || got[4] != "Good practices – Financial" {
		t.Errorf("pack sheets = %q", got)
	}
	// the default file name is the download's
	t.Chdir(c.dir)
	c.must(exitOK, "export", "pack", "--campaign", demo.Midterm)
	if fi, err := os.Stat(c.path("assocbench-pack-" + demo.Midterm + ".xlsx")); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("default pack file: %v %v", fi, err)
	}

	// usage errors
	for _, args := range [][]string{
		{"export", "scorecard", "--campaign", demo.Midterm},
		{"export", "pack", "--campaign", demo.Midterm, "--lang", "xx"},
		{"export", "nothing"},
		{"import", "fill-in", "--campaign", demo.Midterm},
		{"export", "fill-in", "--questionnaire", "membership", "--campaign", demo.Midterm},
	} {
		c.must(exitUsage, args...)
	}
	// failures
	c.must(exitFail, "export", "scorecard", "--campaign", "no-such-campaign", "--association", assoc, "-o", c.path("x.xlsx"))
	if _, err := os.Stat(c.path("x.xlsx")); !os.IsNotExist(err) {
		t.Errorf("a failed export left %s: %v", c.path("x.xlsx"), err)
	}
}

func TestImportFillInCommand(t *testing.T) {
	c := newCLI(t)
	c.must(exitOK, "demo", "seed", "--associations", "6", "--seed", "2")
	svc, done := c.service()
	_, err := svc.CreateAssociation(context.Background(), survey.System, survey.Association{ID: "offline", Name: "Offline Library Association",
		Country: "ML", Type: "national", Members: 90, Languages: []string{"fr"}})
	done()
	if err != nil {
		t.Fatal(err)
	}
	c.must(exitOK, "export", "fill-in", "--questionnaire", "membership", "--campaign", demo.Midterm, "--association", "offline",
		"--lang", "fr", "-o", c.path("fill.xlsx"))
	f := c.open("fill.xlsx")
	rows, err := f.GetRows("Questions")
	if err != nil {
		t.Fatal(err)
	}
	row := 0
	for i, r := range rows {
		if len(r) > 5 && r[5] == "members_now" {
			row = i + 1
		}
	}
	if row == 0 {
		t.Fatal("no line for members_now")
	}
	save := func(v any, name string) {
		if err := f.SetCellValue("Questions", fmt.Sprintf("D%d", row), v); err != nil {
			t.Fatal(err)
		}
		if err := f.SaveAs(c.path(name)); err != nil {
			t.Fatal(err)
		}
	}
	save(123, "filled.xlsx")
	out := c.must(exitOK, "import", "fill-in", "--campaign", demo.Midterm, "--association", "offline", c.path("filled.xlsx"))
	if !strings.Contains(out, "imported 1 answer into") {
		t.Errorf("import says %q", out)
	}
	svc, done = c.service()
	r, err := svc.GetResponse(context.Background(), survey.System, survey.ResponseRef{Campaign: demo.Midterm, Association: "offline", Questionnaire: "membership"})
	done()
	if err != nil {
		t.Fatal(err)
	}
	if v := r.Answers["members_now"]; r.Revision != 1 || v.Num != 123 {
		t.Errorf("draft revision %d members_now %v, want revision 1 with 123", r.Revision, v)
	}

	save("cent", "bad.xlsx")
	out = c.must(exitFail, "import", "fill-in", "--campaign", demo.Midterm, "--association", "offline", "--lang", "fr", c.path("bad.xlsx"))
	if want := fmt.Sprintf("bad.xlsx: Questions!D%d: doit être un nombre", row); !strings.Contains(out, want) {
		t.Errorf("import of a bad workbook says %q, want %q", out, want)
	}
}

func TestXLSFormCommands(t *testing.T) {
	c := newCLI(t)
	c.must(exitOK, "questionnaires", "export-xlsform", "communications", "-o", c.path("comms.xlsx"))
	c.must(exitOK, "questionnaires", "import-xlsform", c.path("comms.xlsx"), "-o", c.path("comms.yaml"))
	q, err := questionnaires.LoadFile(c.path("comms.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	orig := questionnaires.Builtin("communications")
	a, _ := json.Marshal(q)
	b, _ := json.Marshal(orig)
	if !bytes.Equal(a, b) {
		t.Error("communications -> XLSForm -> YAML is not the same questionnaire")
	}
	// problems of a workbook are listed with their sheet and cell
	f := c.open("comms.xlsx")
	if err := f.SetCellStr("survey", "A2", "geopoint"); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(c.path("bad.xlsx")); err != nil {
		t.Fatal(err)
	}
	out := c.must(exitFail, "questionnaires", "import-xlsform", c.path("bad.xlsx"))
	if !strings.Contains(out, "survey!A2") {
		t.Errorf("import of a bad XLSForm says %q, want the cell survey!A2", out)
	}
	c.must(exitUsage, "questionnaires", "import-xlsform")
}
