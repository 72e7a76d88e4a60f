package web

import (
	"bytes"
	"context"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/assocbench/assocbench/reports"
	"github.com/assocbench/assocbench/survey"
)

// upload posts a file (and fields) as a multipart form, the CSRF token
// included unless fields sets "csrf" to "".
func (f *webFixture) upload(t *testing.T, c *http.Client, path, field, name string, data []byte, fields map[string]string) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if _, ok := fields["csrf"]; !ok {
		_ = mw.WriteField("csrf", csrfOf(t, f, c))
	}
	for k, v := range fields {
		if v != "" {
			_ = mw.WriteField(k, v)
		}
	}
	if data != nil {
		fw, err := mw.CreateFormFile(field, name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write(data)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest("POST", f.srv.URL+path, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if loc := res.Header.Get("Location"); loc != "" {
		return res.StatusCode, loc
	}
	return res.StatusCode, html.UnescapeString(string(b))
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestAdminImportAssociations imports associations from CSV and XLSX:
// a table with a bad row stores nothing and names the row and column;
// a file that is not a table is refused by its content; good tables are
// registered; associations, analysts and forms without CSRF are refused.
func TestAdminImportAssociations(t *testing.T) {
	f := newWebFixture(t, 12)
	ctx := context.Background()
	admin, analyst := f.client(t), f.client(t)
	f.signIn(t, admin, webAdminToken, "/dashboard")
	f.signIn(t, analyst, webAnalystToken, "/dashboard")
	count := func() int {
		list, err := f.svc.ListAssociations(ctx, survey.System, survey.AssociationFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	before := count()
	good := readTestdata(t, "associations.csv")
	if code, _ := f.upload(t, analyst, "/admin/associations/import", "table", "a.csv", good, nil); code != http.StatusForbidden {
		t.Errorf("analyst import: %d, want 403", code)
	}
	if code, _ := f.upload(t, admin, "/admin/associations/import", "table", "a.csv", good, map[string]string{"csrf": ""}); code != http.StatusForbidden {
		t.Errorf("import without CSRF: %d, want 403", code)
	}
	var xls bytes.Buffer
	if err := reports.WriteTable(&xls, "associations", [][]string{{"id", "name", "country", "type"}, {"ng-x", "Nigerian Library Association", "NG", "national"}}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want []string
	}{
		{"bad row", readTestdata(t, "associations_bad.csv"), []string{"Nothing was imported", "row 3, column C (country): must be an ISO 3166-1",
			"row 3, column D (type): must be one of", "row 3, column E (members): must be a whole number"}},
		{"binary", []byte{0, 1, 2, 0xff, 0xfe}, []string{"neither an .xlsx workbook nor UTF-8 CSV"}},
		{"xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}, []string{"Excel 97-2003"}},
		{"broken zip", []byte("PK\x03\x04 not really"), []string{"cannot be read"}},
		{"no file", nil, []string{"Choose a file"}},
		{"csv quote", []byte("id,name,country,type\n\"sn-q,x\n"), []string{"row 2:"}},
	} {
		code, body := f.upload(t, admin, "/admin/associations/import", "table", "t.csv", tc.data, nil)
		if code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", tc.name, code)
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: the page does not say %q", tc.name, w)
			}
		}
	}
	if n := count(); n != before {
		t.Fatalf("refused imports stored %d associations", n-before)
	}
	if code, loc := f.upload(t, admin, "/admin/associations/import", "table", "a.csv", good, nil); code != http.StatusSeeOther || loc != "/admin/associations?imported=2" {
		t.Fatalf("good CSV import: %d to %q", code, loc)
	}
	if code, body := f.get(t, admin, "/admin/associations?imported=2"); code != http.StatusOK || !strings.Contains(body, "Associations registered by the import: 2.") {
		t.Errorf("after the import: %d", code)
	}
	sn, err := f.svc.GetAssociation(ctx, survey.System, "sn-csv")
	if err != nil || sn.Name != "Association sénégalaise" || sn.Language != "fr" || len(sn.Languages) != 2 {
		t.Errorf("sn-csv stored as %+v (err %v)", sn, err)
	}
	// the same table again: every id is taken, nothing more stored
	if code, body := f.upload(t, admin, "/admin/associations/import", "table", "a.csv", good, nil); code != http.StatusUnprocessableEntity || !strings.Contains(body, "row 2, column A (id): is taken") {
		t.Errorf("second import of the same table: %d", code)
	}
	if code, loc := f.upload(t, admin, "/admin/associations/import", "table", "a.xlsx", xls.Bytes(), nil); code != http.StatusSeeOther || loc != "/admin/associations?imported=1" {
		t.Errorf("XLSX import: %d to %q", code, loc)
	}
	if n := count(); n != before+3 {
		t.Errorf("%d associations imported, want 3", n-before)
	}
	// the templates import as they are: the XLSX one registers its
	// example, the CSV one then finds its id taken
	for i, p := range []string{"/admin/associations/template.xlsx", "/admin/associations/template.csv"} {
		res := f.do(t, admin, "GET", p, nil)
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || len(b) == 0 {
			t.Fatalf("GET %s: %d", p, res.StatusCode)
		}
		if code := f.do(t, analyst, "GET", p, nil).StatusCode; code != http.StatusForbidden {
			t.Errorf("analyst GET %s: %d, want 403", p, code)
		}
		code, got := f.upload(t, admin, "/admin/associations/import", "table", "template", b, nil)
		if i == 0 && (code != http.StatusSeeOther || got != "/admin/associations?imported=1") {
			t.Errorf("the XLSX template imported: %d %q", code, got)
		}
		if i == 1 && (code != http.StatusUnprocessableEntity || !strings.Contains(got, "row 2, column A (id): is taken")) {
			t.Errorf("the CSV template imported after the XLSX one: %d", code)
		}
	}
}
