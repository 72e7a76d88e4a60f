package web

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/reports"
	"github.com/assocbench/assocbench/survey"
)

// Importing many associations from a CSV or XLSX table: all or nothing
// (survey.ImportAssociations), the problems located by row and column on
// the directory page. The kind of file is told by its content, never by
// its name: an .xlsx workbook starts with a zip header, anything else
// must be UTF-8 CSV separated by commas or semicolons.

// zipMagic starts every .xlsx workbook; ole2Magic every .xls one.
var (
	zipMagic  = []byte("PK\x03\x04")
	ole2Magic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

func (w *site) adminImportRoutes(e *gin.Engine) {
	e.POST("/admin/associations/import", w.adminImportAssociations)
	e.GET("/admin/associations/template.csv", w.adminImportTemplate)
	e.GET("/admin/associations/template.xlsx", w.adminImportTemplate)
}

// importTemplate is the header and one example row of an import table.
func importTemplate() [][]string {
	return [][]string{survey.ImportColumns,
		{"sn-absds", "Association sénégalaise des bibliothécaires", "SN", "national", "350", "12", "usd_10k_50k", "fr, en",
			"Africa/Dakar", "fr", "contact@absds.example.org", "membership", "financial"}}
}

// adminImportTemplate downloads the template, as CSV or XLSX.
func (w *site) adminImportTemplate(c *gin.Context) {
	if _, ok := w.adminOnly(c); !ok {
		return
	}
	rows := importTemplate()
	c.Header("Cache-Control", "no-store")
	if strings.HasSuffix(c.Request.URL.Path, ".xlsx") {
		var buf bytes.Buffer
		if err := reports.WriteTable(&buf, "associations", rows); err != nil {
			w.errorPage(c, err)
			return
		}
		c.Header("Content-Disposition", `attachment; filename="associations.xlsx"`)
		c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
		return
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	_ = cw.WriteAll(rows)
	c.Header("Content-Disposition", `attachment; filename="associations.csv"`)
	c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// adminImportAssociations registers the associations of an uploaded table.
func (w *site) adminImportAssociations(c *gin.Context) {
	p, ok := w.adminPost(c)
	if !ok {
		return
	}
	lang := httpx.Lang(c)
	rows, err := uploadedTable(c)
	var list []*survey.Association
	if err == nil {
		list, err = w.svc.ImportAssociations(c.Request.Context(), p, rows)
	}
	var ie *survey.ImportError
	var ue uploadError
	switch {
	case errors.As(err, &ie):
		problems := make([]string, len(ie.Problems))
		for i, pr := range ie.Problems {
			problems[i] = pr.String()
		}
		w.renderAssocList(c, p, http.StatusUnprocessableEntity, assocForm{Language: "en", TimeZone: "UTC"}, nil, problems)
	case errors.As(err, &ue):
		w.renderAssocList(c, p, http.StatusUnprocessableEntity, assocForm{Language: "en", TimeZone: "UTC"}, nil,
			[]string{i18n.T(lang, string(ue))})
	case err != nil:
		w.errorPage(c, err)
	default:
		c.Redirect(http.StatusSeeOther, "/admin/associations?imported="+strconv.Itoa(len(list)))
	}
}

// uploadError is a message key for an upload that cannot be read.
type uploadError string

func (e uploadError) Error() string { return "unreadable upload: " + string(e) }

// uploadedTable reads the "table" file of the form as rows.
func uploadedTable(c *gin.Context) ([][]string, error) {
	b, err := uploadedFile(c, "table")
	if err != nil {
		return nil, err
	}
	switch {
	case bytes.HasPrefix(b, zipMagic):
		_, rows, err := reports.ReadTable(bytes.NewReader(b))
		if err != nil {
			return nil, uploadError("admin.import.badxlsx")
		}
		return rows, nil
	case bytes.HasPrefix(b, ole2Magic):
		return nil, uploadError("admin.import.xls")
	}
	return readCSV(b)
}

// uploadedFile reads a file field of a multipart form.
func uploadedFile(c *gin.Context, field string) ([]byte, error) {
	fh, err := c.FormFile(field)
	if err != nil {
		return nil, uploadError("admin.upload.nofile")
	}
	f, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("open the upload: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, httpx.MaxUploadBody+1))
	if err != nil {
		return nil, fmt.Errorf("read the upload: %w", err)
	}
	if len(b) == 0 {
		return nil, uploadError("admin.upload.nofile")
	}
	return b, nil
}

// readCSV reads UTF-8 CSV (a byte-order mark allowed), separated by the
// commas or the semicolons (as spreadsheets write it in many locales)
// that its first line has more of.
func readCSV(b []byte) ([][]string, error) {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	if !utf8.Valid(b) || bytes.IndexByte(b, 0) >= 0 {
		return nil, uploadError("admin.import.notcsv")
	}
	first, _, _ := bytes.Cut(b, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(b))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, &survey.ImportError{Problems: []survey.ImportProblem{{Row: pe.StartLine, Message: pe.Err.Error()}}}
		}
		return nil, uploadError("admin.import.notcsv")
	}
	return rows, nil
}
