package survey

import (
	"archive/zip"
	"bytes"
	"path"
	"strings"
	"unicode/utf8"
)

// MaxPracticeFile is the largest document a resource may carry (10 MiB).
const MaxPracticeFile = 10 << 20

// CheckUpload checks an uploaded document by its content, whatever its
// name or declared type says: a PDF starts with "%PDF-" and ends with
// "%%EOF" (trailing whitespace allowed); a DOCX is a zip archive holding
// [Content_Types].xml and word/document.xml (its directory is read, no
// member is inflated). Anything else — HTML renamed .pdf, an XLSX, an
// executable — is refused, as is an empty or oversized file. The name is
// reduced to its base and must be valid UTF-8 without control characters.
func CheckUpload(name string, data []byte) (*PracticeFile, error) {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	switch {
	case len(data) == 0:
		return nil, invalid("file", "the file is empty")
	case len(data) > MaxPracticeFile:
		return nil, invalid("file", "the file is larger than 10 MiB")
	case !utf8.ValidString(name) || validText(name, 200) != "" || name == "." || name == "/":
		return nil, invalid("file", "the file name must be 1-200 printable characters")
	}
	f := &PracticeFile{Name: name, Size: len(data)}
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		tail := bytes.TrimRight(data[max(0, len(data)-1024):], " \t\r\n\x00")
		if !bytes.HasSuffix(tail, []byte("%%EOF")) {
			return nil, invalid("file", "the file starts like a PDF but is not a complete PDF document")
		}
		f.Type = "pdf"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return nil, invalid("file", "the file is not a readable DOCX (zip) document")
		}
		var types, doc bool
		for _, zf := range zr.File {
			types = types || zf.Name == "[Content_Types].xml"
			doc = doc || zf.Name == "word/document.xml"
		}
		if !types || !doc {
			return nil, invalid("file", "the zip file is not a Word (DOCX) document: no word/document.xml")
		}
		f.Type = "docx"
	default:
		return nil, invalid("file", "only PDF and Word (DOCX) documents are accepted; this file is neither")
	}
	return f, nil
}

// FileContentType is the media type a document of type t is served as.
func FileContentType(t string) string {
	if t == "docx" {
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	}
	return "application/pdf"
}
