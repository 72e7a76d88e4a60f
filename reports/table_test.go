package reports

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// TestTableRoundTrip writes a table and reads it back, text that looks
// like a formula or a number included.
func TestTableRoundTrip(t *testing.T) {
	rows := [][]string{{"id", "name", "members"}, {"sn-one", "=HYPERLINK(\"x\")", "0120"}, {"ke-two", "Kenya", ""}}
	var buf bytes.Buffer
	if err := WriteTable(&buf, "associations", rows); err != nil {
		t.Fatal(err)
	}
	sheet, got, err := ReadTable(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if sheet != "associations" {
		t.Errorf("sheet %q, want associations", sheet)
	}
	want := [][]string{rows[0], rows[1], {"ke-two", "Kenya"}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("read back %q, want %q", got, want)
	}
	if _, _, err := ReadTable(strings.NewReader("id,name\n")); err == nil {
		t.Error("a CSV read as a workbook: no error")
	}
}
