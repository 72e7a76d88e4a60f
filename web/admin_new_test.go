package web

import (
	"bytes"
	"context"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/questionnaires/xlsform"
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

// TestAdminCreateCampaign opens a campaign with chosen questionnaires in
// the browser's form: bad input is a 422 naming the field and stores
// nothing; a good form opens it, audited.
func TestAdminCreateCampaign(t *testing.T) {
	f := newWebFixture(t, 12)
	ctx := context.Background()
	admin := f.client(t)
	f.signIn(t, admin, webAdminToken, "/dashboard")
	code, page := f.get(t, admin, "/admin/campaigns")
	if code != http.StatusOK || !strings.Contains(page, `name="questionnaires" value="membership@`) {
		t.Fatalf("the campaign page offers no questionnaire: %d", code)
	}
	post := func(form url.Values) (*http.Response, string) {
		t.Helper()
		form.Set("csrf", csrfOf(t, f, admin))
		res := f.do(t, admin, "POST", "/admin/campaigns", form)
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, html.UnescapeString(string(b))
	}
	qs, err := f.svc.Questionnaires(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, q := range qs {
		if q.ID == "membership" || q.ID == "profile" {
			keys = append(keys, q.Key())
		}
	}
	good := url.Values{"id": {"2027-cycle"}, "title": {"Cycle 2027"}, "questionnaires": keys, "deadline_date": {"2027-12-31"},
		"anywhere_on_earth": {"yes"}, "k": {"5"}}
	for _, tc := range []struct{ field, value, want string }{
		{"id", "Bad Id", "id: must be 2-63"},
		{"title", "", "title: needs an English title"},
		{"questionnaires", "", "questionnaires: must list 1 to 20"},
		{"questionnaires", "nope@1", "questionnaires: unknown questionnaire"},
		{"deadline_date", "2020-01-01", "closes: must be after opens"},
		{"k", "many", "k: must be a whole number"},
		{"k", "1", "k: must be from 2 to 100"},
		{"previous", "no-such-campaign", "previous:"},
	} {
		form := url.Values{}
		for k, v := range good {
			form[k] = v
		}
		if tc.value == "" {
			form.Del(tc.field)
		} else {
			form.Set(tc.field, tc.value)
		}
		res, body := post(form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) {
			t.Errorf("%s = %q: %d, want 422 saying %q", tc.field, tc.value, res.StatusCode, tc.want)
		}
		if _, err := f.svc.GetCampaign(ctx, survey.System, "2027-cycle"); !survey.IsNotFound(err) {
			t.Fatalf("%s = %q stored the campaign (%v)", tc.field, tc.value, err)
		}
	}
	if res, _ := post(good); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/campaigns/2027-cycle" {
		t.Fatalf("create: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	cp, err := f.svc.GetCampaign(ctx, survey.System, "2027-cycle")
	if err != nil || len(cp.Questionnaires) != 2 || !cp.AnywhereOnEarth || cp.K != 5 {
		t.Fatalf("stored %+v (err %v)", cp, err)
	}
	if res, body := post(good); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "id: is taken by another campaign") {
		t.Errorf("the same id again: %d", res.StatusCode)
	}
	events, err := f.svc.Audit(ctx, survey.System, survey.AuditFilter{Target: "2027-cycle", Action: survey.ActionCampaign})
	if err != nil || len(events) != 1 {
		t.Errorf("%d audit events for the creation, want 1 (err %v)", len(events), err)
	}
	if code, body := f.get(t, admin, "/admin/campaigns/2027-cycle"); code != http.StatusOK || !strings.Contains(body, "Cycle 2027") {
		t.Errorf("the new campaign's page: %d", code)
	}
}

// TestAdminUploadQuestionnaire uploads definitions in the browser's
// form: YAML and XLSForm (told apart by content) are stored and listed,
// their problems shown by line or cell with nothing stored, a second
// upload of a version refused.
func TestAdminUploadQuestionnaire(t *testing.T) {
	f := newWebFixture(t, 12)
	ctx := context.Background()
	admin, analyst := f.client(t), f.client(t)
	f.signIn(t, admin, webAdminToken, "/dashboard")
	f.signIn(t, analyst, webAnalystToken, "/dashboard")
	good := readTestdata(t, "upload_good.yaml")
	if code, _ := f.get(t, analyst, "/admin/questionnaires"); code != http.StatusForbidden {
		t.Errorf("analyst GET: %d, want 403", code)
	}
	if code, _ := f.upload(t, analyst, "/admin/questionnaires", "definition", "q.yaml", good, nil); code != http.StatusForbidden {
		t.Errorf("analyst upload: %d, want 403", code)
	}
	if code, _ := f.upload(t, admin, "/admin/questionnaires", "definition", "q.yaml", good, map[string]string{"csrf": ""}); code != http.StatusForbidden {
		t.Errorf("upload without CSRF: %d, want 403", code)
	}
	// an XLSForm workbook: the good definition under another id, exported
	q, err := questionnaires.Load("x.yaml", bytes.Replace(good, []byte("id: web-upload"), []byte("id: web-xlsform"), 1))
	if err != nil {
		t.Fatal(err)
	}
	var wb bytes.Buffer
	if err := xlsform.Export(&wb, q); err != nil {
		t.Fatal(err)
	}
	// a broken one: the survey sheet with an unknown question type
	var badWB bytes.Buffer
	if err := reports.WriteTable(&badWB, "survey", [][]string{{"type", "name", "label"}, {"colour", "q1", "One"}}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want []string
	}{
		{"bad yaml", readTestdata(t, "upload_bad.yaml"), []string{"The definition was not stored", `line 13: sections[0].questions[1].id: duplicate id "q1"`,
			`line 14: sections[0].questions[1].type: unknown type "colour"`}},
		{"bad xlsform", badWB.Bytes(), []string{"survey!A2"}},
		{"xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0}, []string{"Excel 97-2003"}},
		{"binary", []byte{0, 0xff, 0xfe}, []string{"neither YAML text nor an XLSForm"}},
		{"no file", nil, []string{"Choose a file"}},
	} {
		code, body := f.upload(t, admin, "/admin/questionnaires", "definition", "q", tc.data, nil)
		if code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", tc.name, code)
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: the page does not say %q", tc.name, w)
			}
		}
	}
	for _, id := range []string{"web-bad", "web-upload", "web-xlsform"} {
		if _, err := f.svc.Questionnaire(ctx, id); err == nil {
			t.Fatalf("%s is stored before its upload succeeded", id)
		}
	}
	for _, up := range []struct {
		name string
		data []byte
		key  string
	}{{"q.yaml", good, "web-upload@1"}, {"q.xlsx", wb.Bytes(), "web-xlsform@1"}} {
		code, body := f.upload(t, admin, "/admin/questionnaires", "definition", up.name, up.data, nil)
		if code != http.StatusCreated || !strings.Contains(body, "Stored: Uploaded in the browser — "+up.key) {
			t.Errorf("upload %s: %d", up.name, code)
		}
		if _, err := f.svc.Questionnaire(ctx, up.key); err != nil {
			t.Errorf("%s not stored: %v", up.key, err)
		}
		events, err := f.svc.Audit(ctx, survey.System, survey.AuditFilter{Target: up.key, Action: survey.ActionUpload})
		if err != nil || len(events) != 1 {
			t.Errorf("%s: %d audit events, want 1 (err %v)", up.key, len(events), err)
		}
	}
	if code, body := f.upload(t, admin, "/admin/questionnaires", "definition", "q.yaml", good, nil); code != http.StatusConflict || !strings.Contains(body, "exist already") {
		t.Errorf("the same version again: %d", code)
	}
	if code, body := f.get(t, admin, "/admin/questionnaires"); code != http.StatusOK || !strings.Contains(body, ">web-xlsform<") {
		t.Errorf("the library lists no uploaded definition: %d", code)
	}
	// the uploaded definition can be chosen for a new campaign
	if _, body := f.get(t, admin, "/admin/campaigns"); !strings.Contains(body, `value="web-upload@1"`) {
		t.Error("the campaign form does not offer the uploaded definition")
	}
}
