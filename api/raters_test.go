package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/assocbench/assocbench/api"
)

const fin = "financial-sustainability"

func raterPath(association, rater string) string {
	return "/api/v1/campaigns/c1/associations/" + association + "/raters/" + rater + "/responses/" + fin
}

// rateAPI saves and submits rater answers through the API.
func rateAPI(t *testing.T, h *harness, token, rater string, seed uint64) {
	t.Helper()
	h.must(t, call{method: "PUT", path: raterPath("a1", rater), token: token, header: map[string]string{"If-Match": `"0"`},
		body: map[string]any{"answers": h.fullAnswers(t, fin, seed)}}, http.StatusOK, nil)
	h.must(t, call{method: "POST", path: raterPath("a1", rater) + "/submit", token: token,
		header: map[string]string{"Idempotency-Key": "rater-" + rater + "-key"}}, http.StatusOK, nil)
}

// TestRatersAPI: three raters of a1 from their own tokens, who reaches
// what, the minimum, the divergence, the consensus and its index, and the
// publication counting a1 once.
func TestRatersAPI(t *testing.T) {
	h := newHarness(t, nil)
	h.createAssociation(t, "a1", "FR", 300)
	h.createAssociation(t, "a2", "FR", 300)
	h.createCampaign(t, "c1", fin)
	var cp struct {
		Raters struct {
			Min int `json:"min"`
		} `json:"raters"`
	}
	h.must(t, call{method: "PATCH", path: "/api/v1/campaigns/c1", token: adminToken, body: map[string]any{"raters": map[string]any{"min": 2}}}, http.StatusOK, &cp)
	if cp.Raters.Min != 2 {
		t.Fatalf("campaign raters %+v", cp.Raters)
	}
	r := h.do(t, call{method: "PATCH", path: "/api/v1/campaigns/c1", token: adminToken, body: map[string]any{"raters": map[string]any{"min": 99}}, check: unchecked})
	if r.status != http.StatusUnprocessableEntity || r.errorBody(t).Error.Fields["raters.min"] == "" {
		t.Errorf("raters min 99: %d %s", r.status, r.body)
	}
	coord, other := h.issueToken(t, "a1").Token, h.issueToken(t, "a2").Token
	invite := "/api/v1/campaigns/c1/associations/a1/raters"
	var raters []api.RaterInvited
	for _, name := range []string{"Board", "Staff", "Volunteer"} {
		var inv api.RaterInvited
		h.must(t, call{method: "POST", path: invite, token: coord, body: map[string]any{"name": name}}, http.StatusCreated, &inv)
		if !strings.HasSuffix(inv.Link, "/s/"+inv.Token) || inv.Rater.Name != name {
			t.Errorf("invitation %+v", inv)
		}
		raters = append(raters, inv)
	}
	r1, r2, r3 := raters[0].Token, raters[1].Token, raters[2].Token
	checkRaterDenials(t, h, invite, coord, other, r1, r2)
	var panel struct {
		Raters []struct{ ID, Name string } `json:"raters"`
	}
	h.must(t, call{method: "GET", path: invite, token: coord}, http.StatusOK, &panel)
	if len(panel.Raters) != 3 || panel.Raters[1].Name != "Staff" {
		t.Errorf("raters %+v", panel.Raters)
	}

	rateAPI(t, h, r1, "r1", 31)
	sub := call{method: "POST", path: responsePath("c1", "a1", fin) + "/submit", token: coord,
		header: map[string]string{"Idempotency-Key": "a1-consensus"}, body: map[string]any{"answers": h.fullAnswers(t, fin, 33)}}
	if r := h.do(t, sub); r.status != http.StatusUnprocessableEntity || r.errorBody(t).Error.Fields["raters"] == "" {
		t.Errorf("consensus with one rater of the minimum two: %d %s", r.status, clip(r.body))
	}
	rateAPI(t, h, r2, "r2", 32)
	var div struct {
		Submitted int `json:"submitted"`
		Raters    []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"raters"`
		Items []struct {
			Item   string `json:"item"`
			Values []any  `json:"values"`
		} `json:"items"`
		Index *float64 `json:"index"`
	}
	divPath := "/api/v1/campaigns/c1/associations/a1/divergence/" + fin
	h.must(t, call{method: "GET", path: divPath, token: coord}, http.StatusOK, &div)
	if div.Submitted != 2 || div.Raters[0].Name != "Board" || len(div.Items) == 0 || len(div.Items[0].Values) != 2 || div.Index == nil {
		t.Errorf("coordinator's divergence %+v", div)
	}
	r = h.must(t, call{method: "GET", path: divPath, token: r1}, http.StatusOK, nil)
	if strings.Contains(string(r.body), "Staff") || strings.Contains(string(r.body), "Board") {
		t.Errorf("a rater's divergence names raters: %s", clip(r.body))
	}
	for _, tok := range []string{r3, analystToken, other} {
		if r := h.do(t, call{method: "GET", path: divPath, token: tok}); r.status == http.StatusOK {
			t.Errorf("divergence reached by another: %d", r.status)
		}
	}
	h.must(t, sub, http.StatusOK, nil)
	h.must(t, call{method: "GET", path: responsePath("c1", "a1", fin), token: r1}, http.StatusOK, nil)
	if r := h.do(t, call{method: "PUT", path: responsePath("c1", "a1", fin), token: r1, header: map[string]string{"If-Match": `"1"`},
		body: map[string]any{"answers": map[string]any{}}}); r.status != http.StatusNotFound {
		t.Errorf("a rater writes the consensus: %d", r.status)
	}
	var card struct {
		Raters *struct {
			Index float64 `json:"index"`
		} `json:"raters"`
	}
	h.must(t, call{method: "GET", path: "/api/v1/campaigns/c1/scores/a1", token: coord}, http.StatusOK, &card)
	if card.Raters == nil || card.Raters.Index != *div.Index {
		t.Errorf("scorecard raters %+v, want index %v", card.Raters, *div.Index)
	}
	// a2 without raters submits as before; the publication counts each once
	h.must(t, call{method: "POST", path: responsePath("c1", "a2", fin) + "/submit", token: other,
		header: map[string]string{"Idempotency-Key": "a2-submit"}, body: map[string]any{"answers": h.fullAnswers(t, fin, 34)}}, http.StatusOK, nil)
	h.must(t, call{method: "POST", path: "/api/v1/campaigns/c1/releases", token: adminToken}, http.StatusCreated, nil)
	var table struct {
		All struct {
			Stats map[string]struct {
				N int `json:"n"`
			} `json:"stats"`
		} `json:"all"`
	}
	h.must(t, call{method: "GET", path: "/api/v1/campaigns/c1/benchmarks", token: analystToken}, http.StatusOK, &table)
	if n := table.All.Stats["area:financial"].N; n != 2 {
		t.Errorf("the publication counts %d associations, want 2 (stats %v)", n, table.All.Stats)
	}
	if strings.Contains(string(h.must(t, call{method: "GET", path: "/api/v1/campaigns/c1/benchmarks", token: analystToken}, http.StatusOK, nil).body), "rater") {
		t.Errorf("the benchmarks mention raters")
	}
}

// TestRaterTokenScope: a rater token gets 404 on every route but its own
// few, whatever the route's parameters and body.
func TestRaterTokenScope(t *testing.T) {
	h := newHarness(t, nil)
	h.createAssociation(t, "a1", "FR", 300)
	h.createCampaign(t, "c1", fin)
	var inv api.RaterInvited
	h.must(t, call{method: "POST", path: "/api/v1/campaigns/c1/associations/a1/raters", token: adminToken,
		body: map[string]any{"name": "Scoped"}}, http.StatusCreated, &inv)
	allowed := map[string]bool{
		"GET /api/v1/campaigns/{}/associations/{}/raters/{}/responses/{}":         true,
		"PUT /api/v1/campaigns/{}/associations/{}/raters/{}/responses/{}":         true,
		"POST /api/v1/campaigns/{}/associations/{}/raters/{}/responses/{}/submit": true,
		"GET /api/v1/campaigns/{}/associations/{}/divergence/{}":                  true,
		"GET /api/v1/campaigns/{}/responses/{}/{}":                                true,
		"PUT /api/v1/campaigns/{}/responses/{}/{}":                                true,
		"GET /api/v1/campaigns":                                                   true,
		"GET /api/v1/campaigns/{}":                                                true,
		"GET /api/v1/questionnaires":                                              true,
		"PATCH /api/v1/campaigns/{}":                                              true,
		"GET /api/v1/questionnaires/{}":                                           true,
	}
	tried := 0
	for _, op := range registered(t, h) {
		method, path, _ := strings.Cut(normalise(op), " ")
		if !strings.HasPrefix(path, "/api/v1/") || path == "/api/v1/openapi.yaml" || allowed[method+" "+path] {
			continue
		}
		path = strings.ReplaceAll(path, "{}", "a1")
		r := h.do(t, call{method: method, path: path, token: inv.Token, body: map[string]any{}, check: unchecked})
		if r.status != http.StatusNotFound {
			t.Errorf("rater %s %s: %d, want 404", method, path, r.status)
		}
		tried++
	}
	if tried < 40 {
		t.Errorf("only %d routes tried", tried)
	}
	// and where its route is allowed, the scope still holds
	for _, c := range []call{
		{method: "PATCH", path: "/api/v1/campaigns/c1", body: map[string]any{"k": 6}},
		{method: "PUT", path: responsePath("c1", "a1", fin), header: map[string]string{"If-Match": `"0"`}, body: map[string]any{"answers": map[string]any{}}},
		{method: "GET", path: raterPath("a1", "r2")},
	} {
		c.token = inv.Token
		if r := h.do(t, c); r.status != http.StatusNotFound {
			t.Errorf("rater %s %s: %d, want 404", c.method, c.path, r.status)
		}
	}
}

// checkRaterDenials: before any rater submitted, who gets what on the
// raters' routes, and a rater token on the association's own routes.
func checkRaterDenials(t *testing.T, h *harness, invite, coord, other, r1, r2 string) {
	t.Helper()
	bad := []struct {
		name  string
		c     call
		want  int
		field string
	}{
		{"no name", call{method: "POST", path: invite, token: coord, body: map[string]any{"name": ""}}, http.StatusUnprocessableEntity, "name"},
		{"unknown field", call{method: "POST", path: invite, token: coord, body: map[string]any{"nom": "x"}, check: unchecked}, http.StatusBadRequest, ""},
		{"another association", call{method: "POST", path: invite, token: other, body: map[string]any{"name": "x"}}, http.StatusNotFound, ""},
		{"analyst", call{method: "POST", path: invite, token: analystToken, body: map[string]any{"name": "x"}}, http.StatusForbidden, ""},
		{"a rater", call{method: "POST", path: invite, token: r1, body: map[string]any{"name": "x"}}, http.StatusNotFound, ""},
		{"r1 reads r2", call{method: "GET", path: raterPath("a1", "r2"), token: r1}, http.StatusNotFound, ""},
		{"r1 writes r2", call{method: "PUT", path: raterPath("a1", "r2"), token: r1, header: map[string]string{"If-Match": `"0"`}, body: map[string]any{"answers": map[string]any{}}}, http.StatusNotFound, ""},
		{"coordinator writes r1", call{method: "PUT", path: raterPath("a1", "r1"), token: coord, header: map[string]string{"If-Match": `"0"`}, body: map[string]any{"answers": map[string]any{}}}, http.StatusNotFound, ""},
		{"analyst reads r1", call{method: "GET", path: raterPath("a1", "r1"), token: analystToken}, http.StatusForbidden, ""},
		{"a2 reads r1", call{method: "GET", path: raterPath("a1", "r1"), token: other}, http.StatusNotFound, ""},
		{"r1 reads the consensus", call{method: "GET", path: responsePath("c1", "a1", fin), token: r1}, http.StatusNotFound, ""},
		{"r1 reads the divergence", call{method: "GET", path: "/api/v1/campaigns/c1/associations/a1/divergence/" + fin, token: r1}, http.StatusNotFound, ""},
		{"r1 lists raters", call{method: "GET", path: invite, token: r1}, http.StatusNotFound, ""},
		{"a rater response without If-Match", call{method: "PUT", path: raterPath("a1", "r1"), token: r1, body: map[string]any{"answers": map[string]any{}}, check: unchecked}, http.StatusPreconditionRequired, ""},
		{"a rater's bad answer", call{method: "PUT", path: raterPath("a1", "r1"), token: r1, header: map[string]string{"If-Match": `"0"`}, body: map[string]any{"answers": map[string]any{"revenue_total": "lots"}}}, http.StatusUnprocessableEntity, "revenue_total"},
	}
	for _, b := range bad {
		r := h.do(t, b.c)
		if r.status != b.want {
			t.Errorf("%s: %d, want %d: %s", b.name, r.status, b.want, clip(r.body))
		} else if b.field != "" && r.errorBody(t).Error.Fields[b.field] == "" {
			t.Errorf("%s: %s does not name %s", b.name, r.body, b.field)
		}
	}
	// a rater token reaches nothing of the association's own
	for _, path := range []string{"/api/v1/associations/a1", "/api/v1/campaigns/c1/responses/a1", "/api/v1/campaigns/c1/scores/a1",
		"/api/v1/campaigns/c1/exports/scorecard/a1", "/api/v1/campaigns/c1/consent/a1", "/api/v1/campaigns/c1/plans/a1", "/api/v1/campaigns/c1/scores"} {
		if r := h.do(t, call{method: "GET", path: path, token: r2, check: unchecked}); r.status == http.StatusOK || r.status == http.StatusUnauthorized {
			t.Errorf("rater GET %s: %d", path, r.status)
		}
	}
}
