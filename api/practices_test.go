package api_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
)

// practiceList is the answer of GET /practices.
type practiceList struct {
	Practices []survey.Practice `json:"practices"`
}

// multipartBody builds a resource upload.
func multipartBody(t *testing.T, fields map[string]string, name string, content []byte) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write(content); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return mw.FormDataContentType(), b.Bytes()
}

// zipOf builds a zip archive of the named (empty) members.
func zipOf(t *testing.T, names ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(w, "<xml>%s</xml>", n)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestLibraryResources: links and uploads, checked by content; hostile
// files refused with the field named and nothing stored; documents
// served as attachments with nosniff; only analysts and administrators
// curate.
func TestLibraryResources(t *testing.T) {
	h := newHarness(t, nil)
	h.createAssociation(t, "assoc-a", "FR", 300)
	h.createCampaign(t, "c1", "membership")
	assoc := h.issueToken(t, "assoc-a").Token
	const path = "/api/v1/practices/resources"
	good := map[string]any{"title": "Recruitment toolkit", "description": "Step by step.\nWith templates.", "link": "https://example.org/toolkit",
		"languages": []string{"en", "fr"}, "items": []string{"membership/recruitment_strategy"}}
	var pr survey.Practice
	h.must(t, call{method: "POST", path: path, token: analystToken, body: good}, http.StatusCreated, &pr)
	if pr.Area != "membership" || pr.State != survey.PracticeApproved || pr.Kind != survey.KindResource {
		t.Errorf("resource %+v: want area membership (from its item), approved", pr)
	}
	h.must(t, call{method: "POST", path: path, token: assoc, body: good}, http.StatusNotFound, nil)
	for _, tc := range []struct {
		name  string
		edit  map[string]any
		field string
	}{
		{"javascript link", map[string]any{"link": "javascript:alert(1)"}, "link"},
		{"no link and no file", map[string]any{"link": ""}, "link"},
		{"unknown item", map[string]any{"items": []string{"membership/nope"}}, "items[0]"},
		{"no title", map[string]any{"title": " "}, "title"},
		{"bad language", map[string]any{"languages": []string{"english"}}, "languages[0]"},
		{"no area", map[string]any{"items": []string{}}, "area"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := map[string]any{}
			for k, v := range good {
				body[k] = v
			}
			for k, v := range tc.edit {
				body[k] = v
			}
			r := h.must(t, call{method: "POST", path: path, token: adminToken, body: body, check: unchecked}, http.StatusUnprocessableEntity, nil)
			if e := r.errorBody(t); e.Error.Fields[tc.field] == "" {
				t.Errorf("fields %v, want one on %s", e.Error.Fields, tc.field)
			}
		})
	}

	pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	docx := zipOf(t, "[Content_Types].xml", "word/document.xml", "_rels/.rels")
	fields := map[string]string{"title": "Membership survey template", "languages": "en, es", "items": "membership/recruitment_strategy"}
	for _, tc := range []struct {
		name, file string
		content    []byte
		want       int
		typ        string
	}{
		{"a PDF", "template.pdf", pdf, http.StatusCreated, "pdf"},
		{"a DOCX", "template.docx", docx, http.StatusCreated, "docx"},
		{"HTML disguised as PDF", "evil.pdf", []byte("<html><script>alert(1)</script></html>"), http.StatusUnprocessableEntity, ""},
		{"HTML after a PDF header", "evil.pdf", []byte("%PDF-1.4\n<html><script>alert(1)</script></html>"), http.StatusUnprocessableEntity, ""},
		{"a spreadsheet named .docx", "sheet.docx", zipOf(t, "[Content_Types].xml", "xl/workbook.xml"), http.StatusUnprocessableEntity, ""},
		{"not a zip", "broken.docx", []byte("PK\x03\x04garbage"), http.StatusUnprocessableEntity, ""},
		{"empty", "empty.pdf", []byte{}, http.StatusUnprocessableEntity, ""},
		{"over 10 MiB", "big.pdf", append(append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 10<<20)...), "%%EOF"...), http.StatusUnprocessableEntity, ""},
		{"far over 10 MiB", "huge.pdf", bytes.Repeat([]byte("x"), 11<<20), http.StatusRequestEntityTooLarge, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before practiceList
			h.must(t, call{method: "GET", path: "/api/v1/practices", token: analystToken}, http.StatusOK, &before)
			ct, body := multipartBody(t, fields, tc.file, tc.content)
			var got survey.Practice
			r := h.must(t, call{method: "POST", path: path, token: adminToken, body: body, contentType: ct, check: unchecked}, tc.want, &got)
			var after practiceList
			h.must(t, call{method: "GET", path: "/api/v1/practices", token: analystToken}, http.StatusOK, &after)
			if tc.want != http.StatusCreated {
				if tc.want == http.StatusUnprocessableEntity && r.errorBody(t).Error.Fields["file"] == "" {
					t.Errorf("refusal names no file field: %s", r.body)
				}
				if len(after.Practices) != len(before.Practices) {
					t.Errorf("a refused upload was stored: %d entries, were %d", len(after.Practices), len(before.Practices))
				}
				return
			}
			if got.File == nil || got.File.Type != tc.typ || got.File.Size != len(tc.content) {
				t.Fatalf("file %+v, want %s of %d bytes", got.File, tc.typ, len(tc.content))
			}
			dl := h.must(t, call{method: "GET", path: "/api/v1/practices/" + got.ID + "/file", token: assoc}, http.StatusOK, nil)
			if !bytes.Equal(dl.body, tc.content) {
				t.Errorf("downloaded %d bytes, uploaded %d", len(dl.body), len(tc.content))
			}
			if cd := dl.header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, tc.file) {
				t.Errorf("Content-Disposition %q", cd)
			}
			if dl.header.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no nosniff")
			}
			if tc.typ == "pdf" {
				h.must(t, call{method: "DELETE", path: "/api/v1/practices/" + got.ID, token: assoc}, http.StatusNotFound, nil)
				h.must(t, call{method: "DELETE", path: "/api/v1/practices/" + got.ID, token: analystToken}, http.StatusNoContent, nil)
				h.must(t, call{method: "GET", path: "/api/v1/practices/" + got.ID + "/file", token: adminToken}, http.StatusNotFound, nil)
				if _, err := h.store.GetPracticeFile(context.Background(), got.ID); !survey.IsNotFound(err) {
					t.Errorf("the withdrawn resource's file is still stored: %v", err)
				}
			}
		})
	}
}

// TestLibraryStories: a story only for an item where the author is
// established or leading; anonymous only when k associations of its
// region qualify (else refused, saying to choose named); approval
// before anyone else sees it; the anonymous author never shown to other
// associations or analysts; withdrawn: gone everywhere.
func TestLibraryStories(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	if _, err := demo.Seed(ctx, h.store, demo.Options{Associations: 150, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	d, err := h.svc.ResultsDataset(ctx, survey.System, demo.Midterm)
	if err != nil {
		t.Fatal(err)
	}
	c, err := h.svc.GetCampaign(ctx, survey.System, demo.Midterm)
	if err != nil {
		t.Fatal(err)
	}
	var key string
	for _, k := range c.Questionnaires {
		if strings.HasPrefix(k, "membership@") {
			key = k
		}
	}
	q, err := h.svc.Questionnaire(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	// per scored item: the qualifying associations of each region, and one that does not qualify
	// the release by region: an anonymous story needs its item cell of
	// the author's region to show that k associations qualify
	rel, err := h.svc.Benchmarks(ctx, survey.Principal{Role: survey.RoleAnalyst, Token: "t"}, demo.Midterm, q.ID, []string{"region"})
	if err != nil {
		t.Fatal(err)
	}
	published := func(metric, region string) bool {
		for _, g := range rel.Groups {
			if st := g.Stats[metric]; g.Attrs["region"] == region && st.QuartilesShown && st.Median >= 65 {
				return true
			}
		}
		return false
	}
	type pick struct{ item, weak, lonely, crowded string }
	var found pick
	for _, qu := range q.Questions() {
		j, ok := d.Metric(scoring.ItemMetric(q.ID, qu.ID))
		if !ok {
			continue
		}
		byRegion := map[string][]string{}
		weak := ""
		for row := 0; row < d.Len(); row++ {
			v, ok := d.Value(row, j)
			switch {
			case !ok:
			case v >= 65:
				byRegion[d.Attr(row, "region")] = append(byRegion[d.Attr(row, "region")], d.ID(row))
			default:
				weak = d.ID(row)
			}
		}
		p := pick{item: q.ID + "/" + qu.ID, weak: weak}
		for region, ids := range byRegion {
			if len(ids) >= 5 && p.crowded == "" && published(scoring.ItemMetric(q.ID, qu.ID), region) {
				p.crowded = ids[0]
			}
			if len(ids) < 5 && p.lonely == "" {
				p.lonely = ids[0]
			}
		}
		if p.weak != "" && p.crowded != "" && p.lonely != "" {
			found = p
			break
		}
	}
	if found.item == "" {
		t.Fatal("the demo has no item with a crowded region, a lonely one and a weak association")
	}
	tok := func(a string) string { return h.issueToken(t, a).Token }
	crowded, lonely, weak := tok(found.crowded), tok(found.lonely), tok(found.weak)
	story := func(attribution string) map[string]any {
		return map[string]any{"campaign": demo.Midterm, "item": found.item, "title": "How we did it", "did": "We asked every member.",
			"cost": "Two days", "changed": "More members", "languages": []string{"en"}, "attribution": attribution}
	}
	const path = "/api/v1/practices/stories"
	r := h.must(t, call{method: "POST", path: path, token: weak, body: story("named"), check: unchecked}, http.StatusUnprocessableEntity, nil)
	if e := r.errorBody(t); !strings.Contains(e.Error.Fields["item"], "established or leading") {
		t.Errorf("a weak association's story: %v", e.Error.Fields)
	}
	r = h.must(t, call{method: "POST", path: path, token: lonely, body: story("anonymous"), check: unchecked}, http.StatusUnprocessableEntity, nil)
	if e := r.errorBody(t); !strings.Contains(e.Error.Fields["attribution"], "choose named") || strings.ContainsAny(e.Error.Fields["attribution"], "0123456789") {
		t.Errorf("anonymous with fewer than k qualifying: %v, want a refusal saying to choose named, with no count", e.Error.Fields)
	}
	h.must(t, call{method: "POST", path: path, token: analystToken, body: story("named")}, http.StatusForbidden, nil)

	var named, anon survey.Practice
	h.must(t, call{method: "POST", path: path, token: lonely, body: story("named")}, http.StatusCreated, &named)
	h.must(t, call{method: "POST", path: path, token: crowded, body: story("anonymous")}, http.StatusCreated, &anon)
	if named.State != survey.PracticePending || named.AssociationName == "" || anon.Region == "" {
		t.Errorf("named %+v, anonymous %+v", named, anon)
	}
	list := func(token string) map[string]survey.Practice {
		var l practiceList
		h.must(t, call{method: "GET", path: "/api/v1/practices?item=" + found.item, token: token}, http.StatusOK, &l)
		out := map[string]survey.Practice{}
		for _, p := range l.Practices {
			out[p.ID] = p
		}
		return out
	}
	if _, ok := list(weak)[named.ID]; ok {
		t.Error("another association sees a story before approval")
	}
	h.must(t, call{method: "GET", path: "/api/v1/practices/" + named.ID, token: weak}, http.StatusNotFound, nil)
	h.must(t, call{method: "POST", path: "/api/v1/practices/" + named.ID + "/approve", token: lonely}, http.StatusNotFound, nil)
	for _, id := range []string{named.ID, anon.ID} {
		h.must(t, call{method: "POST", path: "/api/v1/practices/" + id + "/approve", token: analystToken}, http.StatusOK, nil)
	}
	for _, token := range []string{weak, analystToken} {
		got := list(token)
		if p, ok := got[named.ID]; !ok || p.AssociationName == "" || p.Association != found.lonely {
			t.Errorf("the approved named story as seen by others: %+v (%v)", p, ok)
		}
		if p, ok := got[anon.ID]; !ok || p.Association != "" || p.AssociationName != "" || p.Region == "" {
			t.Errorf("the approved anonymous story as seen by others: %+v (%v), want its region and no author", p, ok)
		}
	}
	if p := list(crowded)[anon.ID]; p.Association != found.crowded {
		t.Errorf("the author does not see its own anonymous story as its own: %+v", p)
	}
	// a plan item links library entries (approved ones only)
	planPath := "/api/v1/campaigns/" + demo.Midterm + "/plans/" + found.crowded
	qid, iid, _ := strings.Cut(found.item, "/")
	planItem := func(links ...string) map[string]any {
		return map[string]any{"items": []map[string]any{{"questionnaire": qid, "item": iid, "action": "Do as the story says",
			"status": "planned", "target": 90, "links": links}}}
	}
	etag := h.must(t, call{method: "GET", path: planPath, token: crowded}, http.StatusOK, nil).header.Get("ETag")
	r = h.must(t, call{method: "PUT", path: planPath, token: crowded, body: planItem("nope"), header: map[string]string{"If-Match": etag}, check: unchecked},
		http.StatusUnprocessableEntity, nil)
	if e := r.errorBody(t); e.Error.Fields["items[0].links[0]"] == "" {
		t.Errorf("a link to no entry: %v", e.Error.Fields)
	}
	var pv survey.PlanView
	h.must(t, call{method: "PUT", path: planPath, token: crowded, body: planItem(anon.ID, named.ID), header: map[string]string{"If-Match": etag}}, http.StatusOK, &pv)
	if len(pv.Plan.Items) != 1 || len(pv.Plan.Items[0].Links) != 2 {
		t.Fatalf("plan items %+v, want one with two links", pv.Plan.Items)
	}
	h.must(t, call{method: "DELETE", path: "/api/v1/practices/" + anon.ID, token: weak}, http.StatusNotFound, nil)
	h.must(t, call{method: "DELETE", path: "/api/v1/practices/" + anon.ID, token: crowded}, http.StatusNoContent, nil)
	for _, token := range []string{weak, analystToken, adminToken, crowded} {
		if _, ok := list(token)[anon.ID]; ok {
			t.Error("a withdrawn story is still listed")
		}
		h.must(t, call{method: "GET", path: "/api/v1/practices/" + anon.ID, token: token}, http.StatusNotFound, nil)
	}
	h.must(t, call{method: "GET", path: planPath, token: crowded}, http.StatusOK, &pv)
	if links := pv.Plan.Items[0].Links; len(links) != 1 || links[0] != named.ID {
		t.Errorf("the plan's links after the withdrawal: %v, want only %s", links, named.ID)
	}
}
