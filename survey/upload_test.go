package survey_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/assocbench/assocbench/survey"
)

func zipWith(t *testing.T, names ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range names {
		if _, err := zw.Create(n); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestCheckUpload accepts PDF and DOCX by their content only and refuses
// everything else with a message on the file field.
func TestCheckUpload(t *testing.T) {
	pdf := []byte("%PDF-1.5\n...\n%%EOF\r\n")
	for _, tc := range []struct {
		name, file string
		data       []byte
		typ        string // "" = refused
	}{
		{"pdf", "a.pdf", pdf, "pdf"},
		{"pdf named .txt", "a.txt", pdf, "pdf"},
		{"docx", "a.docx", zipWith(t, "[Content_Types].xml", "word/document.xml"), "docx"},
		{"path in the name", `..\..\evil/a.pdf`, pdf, "pdf"},
		{"html named .pdf", "a.pdf", []byte("<html><body>hi</body></html>"), ""},
		{"pdf header, html body", "a.pdf", []byte("%PDF-1.4\n<script>alert(1)</script>"), ""},
		{"xlsx named .docx", "a.docx", zipWith(t, "[Content_Types].xml", "xl/workbook.xml"), ""},
		{"zip without content types", "a.docx", zipWith(t, "word/document.xml"), ""},
		{"truncated zip", "a.docx", []byte("PK\x03\x04\x14\x00"), ""},
		{"executable", "a.pdf", []byte("MZ\x90\x00"), ""},
		{"empty", "a.pdf", nil, ""},
		{"too large", "a.pdf", append(append([]byte("%PDF-1.4\n"), make([]byte, survey.MaxPracticeFile)...), "%%EOF"...), ""},
		{"control characters in the name", "a\x07.pdf", pdf, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := survey.CheckUpload(tc.file, tc.data)
			if tc.typ == "" {
				var ve *survey.ValidationError
				if !errors.As(err, &ve) || ve.Fields["file"] == "" {
					t.Fatalf("CheckUpload = %+v, %v; want a validation error on file", f, err)
				}
				return
			}
			if err != nil || f.Type != tc.typ || f.Size != len(tc.data) || strings.ContainsAny(f.Name, `/\`) {
				t.Fatalf("CheckUpload = %+v, %v; want %s of %d bytes with a base name", f, err, tc.typ, len(tc.data))
			}
		})
	}
}
