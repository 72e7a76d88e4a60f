package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/assocbench/assocbench/survey"
)

// TestScorecardGoodPractices: the demo association's scorecard lists
// matching library entries under its weakest items, in the page's
// language where there are some and in English, marked, otherwise.
func TestScorecardGoodPractices(t *testing.T) {
	f := newWebFixture(t, 12)
	c := f.client(t)
	f.signIn(t, c, webDemoToken, "/survey")
	for lang, fallback := range map[string]string{"en": "", "fr": "(en anglais)"} {
		code, body := f.get(t, c, "/scorecard/2026-midterm?lang="+lang)
		if code != http.StatusOK {
			t.Fatalf("scorecard in %s: %d", lang, code)
		}
		if !strings.Contains(body, `<ul class="practices"`) || !strings.Contains(body, `href="https://www.ifla.org/units/mla/"`) {
			t.Errorf("the %s scorecard lists no good practice under its weakest items", lang)
		}
		if fallback != "" && !strings.Contains(body, fallback) {
			t.Errorf("the %s scorecard marks no English entry %q", lang, fallback)
		}
		if lang == "en" && strings.Contains(body, "(in English)") {
			t.Error("the English scorecard marks entries as English")
		}
		for _, ul := range strings.Split(body, `<ul class="practices"`)[1:] {
			if n := strings.Count(ul[:strings.Index(ul, "</ul>")], "<li>"); n > 3 {
				t.Errorf("an item lists %d entries, want at most 3", n)
			}
		}
	}
}

// TestLibraryPage: every role reads and filters the library; an analyst
// adds a resource with a PDF through the page's form (a disguised file
// is refused), the association downloads it as an attachment; a story
// offered for a weak item is refused; withdrawal removes an entry.
func TestLibraryPage(t *testing.T) {
	f := newWebFixture(t, 12)
	ctx := context.Background()
	assoc, analyst := f.client(t), f.client(t)
	f.signIn(t, assoc, webDemoToken, "/survey")
	f.signIn(t, analyst, webAnalystToken, "/dashboard")

	code, body := f.get(t, assoc, "/library?area=financial")
	if code != http.StatusOK || !strings.Contains(body, `id="p-`) {
		t.Fatalf("library filtered on financial: %d", code)
	}
	if strings.Contains(body, "Guide: Recruitment") || strings.Contains(body, `action="/library/resources"`) {
		t.Error("the financial filter shows a membership entry, or an association gets the resource form")
	}
	if !strings.Contains(body, `action="/library/stories"`) {
		t.Error("no story form for the association")
	}

	upload := func(name string, content []byte) *http.Response {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		for k, v := range map[string]string{"csrf": csrfOf(t, f, analyst), "title": "Budget template <b>", "languages": "fr",
			"items": "financial-sustainability/has_reserves"} {
			_ = mw.WriteField(k, v)
		}
		fw, _ := mw.CreateFormFile("file", name)
		_, _ = fw.Write(content)
		_ = mw.Close()
		req, _ := http.NewRequest("POST", f.srv.URL+"/library/resources", &b)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		res, err := analyst.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	if res := upload("budget.pdf", []byte("<!doctype html><html><script>alert(1)</script>")); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("HTML disguised as PDF: %d, want 422", res.StatusCode)
	}
	pdf := []byte("%PDF-1.7\n%%EOF")
	if res := upload("budget.pdf", pdf); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("PDF upload: %d, want 303", res.StatusCode)
	}
	ps, err := f.svc.ListPractices(ctx, survey.System, survey.PracticeFilter{Language: "fr", Item: "financial-sustainability/has_reserves", Query: "budget template"})
	if err != nil || len(ps) != 1 || ps[0].File == nil {
		t.Fatalf("the uploaded resource: %v %v", ps, err)
	}
	id := ps[0].ID
	code, body = f.get(t, assoc, "/library?lang_filter=fr&q=budget")
	if code != http.StatusOK || !strings.Contains(body, "Budget template &lt;b&gt;") || !strings.Contains(body, "/library/"+id+"/file") {
		t.Errorf("the association's library does not list the new resource, escaped (%d)", code)
	}
	res := f.do(t, assoc, "GET", "/library/"+id+"/file", nil)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") ||
		res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf("download: %d %v", res.StatusCode, res.Header)
	}

	// a story for an item where the association is not established: refused, naming why
	sc, err := f.svc.Scorecard(ctx, survey.System, "2026-midterm", f.demoID)
	if err != nil {
		t.Fatal(err)
	}
	weak := ""
	for _, card := range sc.Areas {
		for _, it := range card.Items {
			if it.Status == "scored" && it.Points < 40 && weak == "" {
				weak = card.Questionnaire + "/" + it.ID
			}
		}
	}
	if weak == "" {
		t.Fatal("the demo association has no weak item")
	}
	form := url.Values{"csrf": {csrfOf(t, f, assoc)}, "campaign": {"2026-midterm"}, "item": {weak}, "title": {"Ours"},
		"did": {"Things"}, "languages": {"en"}, "attribution": {"named"}}
	if res := f.do(t, assoc, "POST", "/library/stories", form); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a story for a weak item: %d, want 422", res.StatusCode)
	}
	if res := f.do(t, assoc, "POST", "/library/"+id+"/withdraw", url.Values{"csrf": {csrfOf(t, f, assoc)}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("an association withdrawing a resource: %d, want 404", res.StatusCode)
	}
	if res := f.do(t, analyst, "POST", "/library/"+id+"/withdraw", url.Values{"csrf": {csrfOf(t, f, analyst)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", res.StatusCode)
	}
	if code, body := f.get(t, assoc, "/library?q=budget"); code != http.StatusOK || strings.Contains(body, id) {
		t.Error("a withdrawn resource is still listed")
	}
	if code, _ := f.get(t, assoc, "/library/"+id+"/file"); code != http.StatusNotFound {
		t.Errorf("a withdrawn resource's file: %d, want 404", code)
	}
}
