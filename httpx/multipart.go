package httpx

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"net/url"
)

// Multipart limits: the fields of a form besides its file.
const (
	maxFormFields = 20
	maxFieldBytes = 64 << 10
)

// ReadMultipart reads a multipart/form-data body already in memory (so
// that nothing is written to disk): its fields and its one "file" part
// (name "" and content nil when there is none).
func ReadMultipart(b []byte, boundary string) (form url.Values, name string, content []byte, err error) {
	if boundary == "" {
		return nil, "", nil, BadRequest("", "multipart body without a boundary")
	}
	mr := multipart.NewReader(bytes.NewReader(b), boundary)
	form = url.Values{}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, "", nil, BadRequest("", "malformed multipart body")
		}
		v, err := io.ReadAll(part)
		if err != nil {
			return nil, "", nil, BadRequest("", "malformed multipart body")
		}
		if part.FormName() == "file" && part.FileName() != "" {
			if content != nil {
				return nil, "", nil, BadRequest("file", "one file per form")
			}
			name, content = part.FileName(), v
			continue
		}
		if len(form) >= maxFormFields || len(v) > maxFieldBytes {
			return nil, "", nil, BadRequest(part.FormName(), "too many or too long form fields")
		}
		form.Add(part.FormName(), string(v))
	}
	return form, name, content, nil
}
