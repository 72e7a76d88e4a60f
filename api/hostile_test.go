package api_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/survey"
)

// hostile is a request that must be refused without changing anything.
type hostile struct {
	name string
	call call
	want int
	// field is the field the error must name ("" when none applies).
	field string
}

// nested returns n nested JSON arrays around 1.
func nested(n int) string { return strings.Repeat("[", n) + "1" + strings.Repeat("]", n) }

// hostileCases returns the payloads; assoc is association A's token.
func hostileCases(assoc string) []hostile {
	const (
		assocs    = "/api/v1/associations"
		campaigns = "/api/v1/campaigns"
		profile   = "/api/v1/associations/assoc-a"
		tokens    = "/api/v1/associations/assoc-a/tokens"
	)
	draft := responsePath("c1", "assoc-a", "communications")
	submit := draft + "/submit"
	reopen := draft + "/reopen"
	ifMatch := map[string]string{"If-Match": `"1"`}
	key := map[string]string{"Idempotency-Key": "hostile-submit-key"}
	assocBody := func(field, value string) string {
		fields := map[string]string{"id": `"assoc-x"`, "name": `"X"`, "country": `"FR"`, "type": `"national"`}
		fields[field] = value
		var parts []string
		for _, k := range []string{"id", "name", "country", "type"} {
			parts = append(parts, fmt.Sprintf("%q: %s", k, fields[k]))
			delete(fields, k)
		}
		for k, v := range fields {
			parts = append(parts, fmt.Sprintf("%q: %s", k, v))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	campaignBody := func(field, value string) string {
		fields := map[string]string{"id": `"c-x"`, "title": `{"en": "X"}`, "questionnaires": `["communications"]`, "deadline_date": `"2099-01-01"`}
		fields[field] = value
		var parts []string
		for k, v := range fields {
			parts = append(parts, fmt.Sprintf("%q: %s", k, v))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	admin := func(method, path, body string) call {
		return call{method: method, path: path, token: adminToken, body: body, check: unchecked}
	}
	put := func(body string) call {
		return call{method: "PUT", path: draft, token: assoc, header: ifMatch, body: body, check: unchecked}
	}
	patch := func(body string) call {
		return call{method: "PATCH", path: profile, token: assoc, body: body, check: unchecked}
	}
	post := func(path string, header map[string]string, body string) call {
		return call{method: "POST", path: path, token: assoc, header: header, body: body, check: unchecked}
	}
	huge := `{"answers": {"value_proposition": "` + strings.Repeat("a", httpx.MaxJSONBody) + `"}}`
	padded := `{"answers": {}}` + strings.Repeat(" ", 2<<20)

	const (
		bad      = http.StatusBadRequest
		invalid  = http.StatusUnprocessableEntity
		tooLarge = http.StatusRequestEntityTooLarge
		media    = http.StatusUnsupportedMediaType
		notFound = http.StatusNotFound
	)
	return []hostile{
		// associations: operators and $/dotted keys in every field
		{"association id operator", admin("POST", assocs, assocBody("id", `{"$gt": ""}`)), bad, "id"},
		{"association id $", admin("POST", assocs, assocBody("id", `"$where"`)), invalid, "id"},
		{"association id dotted", admin("POST", assocs, assocBody("id", `"a.b"`)), invalid, "id"},
		{"association name operator", admin("POST", assocs, assocBody("name", `{"$ne": null}`)), bad, "name"},
		{"association country regex", admin("POST", assocs, assocBody("country", `{"$regex": ".*"}`)), bad, "country"},
		{"association country $", admin("POST", assocs, assocBody("country", `"$F"`)), invalid, "country"},
		{"association type $in", admin("POST", assocs, assocBody("type", `{"$in": ["national"]}`)), bad, "type"},
		{"association members operator", admin("POST", assocs, assocBody("members", `{"$gt": 0}`)), bad, "members"},
		{"association members 1e400", admin("POST", assocs, assocBody("members", `1e400`)), bad, "members"},
		{"association members 1e308", admin("POST", assocs, assocBody("members", `1e308`)), bad, "members"},
		{"association members NaN", admin("POST", assocs, assocBody("members", `"NaN"`)), bad, "members"},
		{"association members negative", admin("POST", assocs, assocBody("members", `-1`)), invalid, "members"},
		{"association members fraction", admin("POST", assocs, assocBody("members", `1.5`)), bad, "members"},
		{"association institutional $", admin("POST", assocs, assocBody("institutional_members", `"$inc"`)), bad, "institutional_members"},
		{"association budget $", admin("POST", assocs, assocBody("budget_band", `"$expr"`)), invalid, "budget_band"},
		{"association languages $", admin("POST", assocs, assocBody("languages", `["$foo"]`)), invalid, "languages"},
		{"association languages $push", admin("POST", assocs, assocBody("languages", `{"$push": "en"}`)), bad, "languages"},
		{"association time zone $$ROOT", admin("POST", assocs, assocBody("time_zone", `"$$ROOT"`)), invalid, "time_zone"},
		{"association language $", admin("POST", assocs, assocBody("language", `"$lang"`)), invalid, "language"},
		{"association mentoring dotted", admin("POST", assocs, assocBody("mentoring_offers", `["financial.x"]`)), invalid, "mentoring_offers"},
		{"association mentoring $", admin("POST", assocs, assocBody("mentoring_seeks", `[{"$gt": ""}]`)), bad, "mentoring_seeks"},
		{"association mentoring format", admin("POST", assocs, assocBody("mentoring_format", `"forever"`)), invalid, "mentoring_format"},
		{"association mentoring scope", admin("POST", assocs, assocBody("mentoring_scope", `"$region"`)), invalid, "mentoring_scope"},
		{"association mentoring capacity", admin("POST", assocs, assocBody("mentoring_capacity", `11`)), invalid, "mentoring_capacity"},
		{"association mentoring hours", admin("POST", assocs, assocBody("mentoring_hours", `-3`)), invalid, "mentoring_hours"},
		{"association $set key", admin("POST", assocs, assocBody("$set", `{"name": "x"}`)), bad, "$set"},
		{"association dotted key", admin("POST", assocs, assocBody("name.first", `"x"`)), bad, "name.first"},
		{"association region given", admin("POST", assocs, assocBody("region", `"europe"`)), bad, "region"},
		{"association name control", admin("POST", assocs, assocBody("name", `"a\u0000b"`)), invalid, "name"},
		{"association name too long", admin("POST", assocs, assocBody("name", `"`+strings.Repeat("n", 201)+`"`)), invalid, "name"},

		// campaigns
		{"campaign id $", admin("POST", campaigns, campaignBody("id", `"$c"`)), invalid, "id"},
		{"campaign id operator", admin("POST", campaigns, campaignBody("id", `{"$exists": true}`)), bad, "id"},
		{"campaign title $ key", admin("POST", campaigns, campaignBody("title", `{"en": "X", "$where": "1"}`)), invalid, "title"},
		{"campaign title dotted key", admin("POST", campaigns, campaignBody("title", `{"en": "X", "en.x": "t"}`)), invalid, "title"},
		{"campaign title operator value", admin("POST", campaigns, campaignBody("title", `{"en": {"$ne": ""}}`)), bad, "title"},
		{"campaign questionnaire operator", admin("POST", campaigns, campaignBody("questionnaires", `[{"$gt": ""}]`)), bad, "questionnaires"},
		{"campaign questionnaire $", admin("POST", campaigns, campaignBody("questionnaires", `["$where"]`)), invalid, "questionnaires"},
		{"campaign k operator", admin("POST", campaigns, campaignBody("k", `{"$gt": 1}`)), bad, "k"},
		{"campaign k 1e400", admin("POST", campaigns, campaignBody("k", `1e400`)), bad, "k"},
		{"campaign k 1", admin("POST", campaigns, campaignBody("k", `1`)), invalid, "k"},
		{"campaign opens operator", admin("POST", campaigns, campaignBody("opens", `{"$date": 0}`)), bad, "opens"},
		{"campaign closes not a date", admin("POST", campaigns, campaignBody("closes", `"tomorrow"`)), bad, "closes"},
		{"campaign deadline operator", admin("POST", campaigns, campaignBody("deadline_date", `{"$gt": ""}`)), bad, "deadline_date"},
		{"campaign deadline $", admin("POST", campaigns, campaignBody("deadline_date", `"$now"`)), invalid, "deadline_date"},
		{"campaign previous $", admin("POST", campaigns, campaignBody("previous", `"$where"`)), invalid, "previous"},
		{"campaign status given", admin("POST", campaigns, campaignBody("status", `"closed"`)), bad, "status"},

		// draft answers: keys and values
		{"answer key $where", put(`{"answers": {"$where": "1"}}`), invalid, "$where"},
		{"answer key dotted", put(`{"answers": {"comms.strategy": "x"}}`), invalid, "comms.strategy"},
		{"answer key $set", put(`{"answers": {"$set": {"status": "submitted"}}}`), invalid, "$set"},
		{"answer value operator", put(`{"answers": {"comms_strategy": {"$ne": null}}}`), invalid, "comms_strategy"},
		{"answer value $", put(`{"answers": {"comms_strategy": "$where"}}`), invalid, "comms_strategy"},
		{"answer number 1e400", put(`{"answers": {"members": 1e400}}`), invalid, "members"},
		{"answer number 1e308", put(`{"answers": {"members": 1e308}}`), invalid, "members"},
		{"answer number NaN", put(`{"answers": {"members": "NaN"}}`), invalid, "members"},
		{"answer number extended JSON", put(`{"answers": {"members": {"$numberDouble": "Infinity"}}}`), invalid, "members"},
		{"answer list $in", put(`{"answers": {"channels_used": ["$in", "website"]}}`), invalid, "channels_used"},
		{"answer list operator", put(`{"answers": {"channels_used": [{"$gt": ""}]}}`), invalid, "channels_used"},
		{"answer text too long", put(`{"answers": {"value_proposition": "` + strings.Repeat("v", 6000) + `"}}`), invalid, "value_proposition"},
		{"answers a list", put(`{"answers": []}`), bad, "answers"},
		{"answers a string", put(`{"answers": "$where"}`), bad, "answers"},
		{"answers null", put(`{"answers": null}`), bad, "answers"},
		{"answers missing", put(`{"position": "strategy"}`), bad, "answers"},
		{"position $", put(`{"answers": {}, "position": "$where"}`), invalid, "position"},
		{"position operator", put(`{"answers": {}, "position": {"$ne": ""}}`), bad, "position"},
		{"draft $set key", put(`{"answers": {}, "$set": {"status": "submitted"}}`), bad, "$set"},
		{"draft status given", put(`{"answers": {}, "status": "submitted"}`), bad, "status"},
		{"draft revision given", put(`{"answers": {}, "revision": 99}`), bad, "revision"},
		{"draft scores given", put(`{"answers": {}, "scores": {"score": 100}}`), bad, "scores"},
		{"nesting 1000 levels", put(`{"answers": {"comms_strategy": ` + nested(1000) + `}}`), bad, ""},
		{"nesting 33 levels", put(`{"answers": {"comms_strategy": ` + nested(31) + `}}`), bad, ""},
		{"invalid UTF-8 value", put("{\"answers\": {\"value_proposition\": \"\xff\xfe\"}}"), bad, ""},
		{"invalid UTF-8 key", put("{\"answers\": {\"\xc3\x28\": \"x\"}}"), bad, ""},
		{"body over 1 MiB", put(huge), tooLarge, ""},
		{"object and 2 MiB of spaces", put(padded), tooLarge, ""},
		{"object and 2 MiB of spaces, chunked", func() call { c := put(padded); c.chunked = true; return c }(), tooLarge, ""},
		{"body over 1 MiB, chunked", func() call { c := put(huge); c.chunked = true; return c }(), tooLarge, ""},
		{"empty body", put(""), bad, ""},
		{"blank body", put(" \n\t "), bad, ""},
		{"null body", put("null"), bad, "answers"},
		{"array body", put(`[{"answers": {}}]`), bad, ""},
		{"number body", put(`1e400`), bad, ""},
		{"trailing garbage", put(`{"answers": {}} x`), bad, ""},
		{"two objects", put(`{"answers": {}}{"answers": {}}`), bad, ""},
		{"truncated", put(`{"answers": {"comms_strategy": "inf`), bad, ""},
		{"duplicate keys with an operator", put(`{"answers": {"comms_strategy": "none", "comms_strategy": {"$ne": 1}}}`), bad, "comms_strategy"},
		{"text/plain", func() call { c := put(`{"answers": {}}`); c.contentType = "text/plain"; return c }(), media, ""},
		{"form encoded", func() call { c := put(`answers[$ne]=1`); c.contentType = "application/x-www-form-urlencoded"; return c }(), media, ""},
		{"no content type", func() call { c := put(`{"answers": {}}`); c.contentType = "-"; return c }(), media, ""},
		{"If-Match not a number", func() call { c := put(`{"answers": {}}`); c.header = map[string]string{"If-Match": `"$gt"`}; return c }(), bad, "If-Match"},
		{"If-Match negative", func() call { c := put(`{"answers": {}}`); c.header = map[string]string{"If-Match": `"-1"`}; return c }(), bad, "If-Match"},

		// submissions
		{"submit without key", post(submit, nil, `{"answers": {}}`), bad, "Idempotency-Key"},
		{"submit short key", post(submit, map[string]string{"Idempotency-Key": "$k"}, ``), invalid, "Idempotency-Key"},
		{"submit answer key $where", post(submit, key, `{"answers": {"$where": "sleep(1000)"}}`), invalid, "$where"},
		{"submit $set key", post(submit, key, `{"$set": {"status": "submitted"}}`), bad, "$set"},
		{"submit answers operator", post(submit, key, `{"answers": {"$or": [{}]}}`), invalid, "$or"},
		{"submit incomplete", post(submit, key, `{"answers": {"comms_strategy": "none"}}`), invalid, "members"},

		// tokens
		{"token label operator", admin("POST", tokens, `{"label": {"$ne": ""}}`), bad, "label"},
		{"token ttl 1e400", admin("POST", tokens, `{"ttl_days": 1e400}`), bad, "ttl_days"},
		{"token ttl negative", admin("POST", tokens, `{"ttl_days": -5}`), invalid, "ttl_days"},
		{"token role escalation", admin("POST", tokens, `{"role": "admin"}`), bad, "role"},
		{"token other association", admin("POST", tokens, `{"association": "assoc-b"}`), bad, "association"},
		{"token label control", admin("POST", tokens, `{"label": "a\u0007b"}`), invalid, "label"},
		{"token for association $", admin("POST", "/api/v1/associations/$where/tokens", `{}`), notFound, ""},
		{"revoke prefix $", admin("DELETE", "/api/v1/tokens/$where", ""), invalid, "prefix"},

		// reopen
		{"reopen reason operator", admin("POST", reopen, `{"reason": {"$gt": ""}}`), bad, "reason"},
		{"reopen reason control", admin("POST", reopen, `{"reason": "x\u0007"}`), invalid, "reason"},
		{"reopen $set key", admin("POST", reopen, `{"$set": {"status": "draft"}}`), bad, "$set"},

		// profile PATCH by the association itself
		{"patch name operator", patch(`{"name": {"$set": "x"}}`), bad, "name"},
		{"patch members $inc", patch(`{"members": "$inc"}`), bad, "members"},
		{"patch id", patch(`{"id": "assoc-b"}`), bad, "id"},
		{"patch region", patch(`{"region": "europe"}`), bad, "region"},
		{"patch created_at", patch(`{"created_at": "2000-01-01T00:00:00Z"}`), bad, "created_at"},
		{"patch country $", patch(`{"country": "$where"}`), invalid, "country"},
		{"patch $unset", patch(`{"$unset": {"name": 1}}`), bad, "$unset"},
		{"patch languages operator", patch(`{"languages": {"$each": ["en"]}}`), bad, "languages"},
		{"patch members 1e400", patch(`{"members": 1e400}`), bad, "members"},

		// questionnaire upload
		{"definition id $", call{method: "POST", path: "/api/v1/questionnaires", token: adminToken, contentType: "application/yaml",
			body: strings.Replace(minimalYAML, "id: matrix-q", `id: "$where"`, 1), check: unchecked}, invalid, ""},
		{"definition key $", call{method: "POST", path: "/api/v1/questionnaires", token: adminToken, contentType: "application/yaml",
			body: minimalYAML + "$where: 1\n", check: unchecked}, invalid, ""},
		{"definition as text/plain", call{method: "POST", path: "/api/v1/questionnaires", token: adminToken, contentType: "text/plain",
			body: minimalYAML, check: unchecked}, media, ""},
		{"definition over 10 MiB", call{method: "POST", path: "/api/v1/questionnaires", token: adminToken, contentType: "application/yaml",
			body: minimalYAML + "#" + strings.Repeat("x", httpx.MaxUploadBody), check: unchecked}, tooLarge, ""},

		// workbook uploads
		{"fill-in not a workbook", call{method: "POST", path: draft + "/fill-in", token: assoc, contentType: xlsxType,
			body: `{"answers": {"$where": "1"}}`, check: unchecked}, invalid, "workbook"},
		{"fill-in as JSON", call{method: "POST", path: draft + "/fill-in", token: assoc,
			body: `{"answers": {}}`, check: unchecked}, media, ""},
		{"fill-in over 10 MiB", call{method: "POST", path: draft + "/fill-in", token: assoc, contentType: xlsxType,
			body: "PK\x03\x04" + strings.Repeat("z", httpx.MaxUploadBody), check: unchecked}, tooLarge, ""},
		{"XLSForm not a workbook", call{method: "POST", path: "/api/v1/questionnaires/xlsform", token: adminToken, contentType: xlsxType,
			body: minimalYAML, check: unchecked}, bad, ""},
		{"XLSForm as YAML", call{method: "POST", path: "/api/v1/questionnaires/xlsform", token: adminToken, contentType: "application/yaml",
			body: minimalYAML, check: unchecked}, media, ""},

		// query parameters and paths
		{"group_by $", call{method: "GET", path: "/api/v1/campaigns/c1/benchmarks?group_by=$where", token: analystToken, check: unchecked}, invalid, "group_by"},
		{"group_by dotted", call{method: "GET", path: "/api/v1/campaigns/c1/benchmarks?group_by=region.x", token: analystToken, check: unchecked}, invalid, "group_by"},
		{"prevalence question $", call{method: "GET", path: "/api/v1/campaigns/c1/prevalence?questionnaire=communications&question=$where",
			token: analystToken, check: unchecked}, invalid, "question"},
		{"campaign path $", call{method: "GET", path: "/api/v1/campaigns/$where", token: adminToken, check: unchecked}, notFound, ""},
		{"response path $", call{method: "GET", path: responsePath("c1", "assoc-a", "$where"), token: assoc, check: unchecked}, notFound, ""},
	}
}

// TestHostileInput sends hostile payloads to every route that reads input:
// each gets a 4xx naming the field where one applies, nothing is stored,
// and the server never fails (a panic would be a 500).
func TestHostileInput(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	h.createAssociation(t, "assoc-a", "FR", 300)
	h.createAssociation(t, "assoc-b", "KE", 150)
	h.createCampaign(t, "c1", "communications")
	assoc := h.issueToken(t, "assoc-a").Token
	h.must(t, call{method: "PUT", path: responsePath("c1", "assoc-a", "communications"), token: assoc,
		header: map[string]string{"If-Match": `"0"`}, body: map[string]any{"answers": map[string]any{"comms_strategy": "informal"}}},
		http.StatusOK, nil)
	before := snapshot(t, h)

	cases := hostileCases(assoc)
	if len(cases) < 50 {
		t.Errorf("%d hostile payloads, want at least 50", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := h.do(t, tc.call)
			if got.status != tc.want {
				t.Errorf("status %d, want %d; body %s", got.status, tc.want, clip(got.body))
			}
			if got.status >= 500 {
				return
			}
			e := got.errorBody(t).Error
			if tc.field != "" {
				if _, ok := e.Fields[tc.field]; !ok {
					t.Errorf("error fields %v do not name %q (message %q)", e.Fields, tc.field, e.Message)
				}
			}
			if e.Code == "" || e.Message == "" {
				t.Errorf("error body %+v lacks a code or a message", e)
			}
			if bytes.Contains(got.body, []byte("\xff")) {
				t.Errorf("error body echoes invalid UTF-8: %q", clip(got.body))
			}
		})
	}

	after := snapshot(t, h)
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("stored state changed (-before +after):\n%s", diff)
	}
	if r, err := h.svc.GetResponse(ctx, survey.System, survey.ResponseRef{Campaign: "c1", Association: "assoc-a", Questionnaire: "communications"}); err != nil ||
		r.Revision != 1 || r.Status != survey.StatusDraft {
		t.Errorf("response after the payloads: %+v, %v; want the draft at revision 1", r, err)
	}
}

// snapshot reads what the hostile payloads must not change, through the API.
func snapshot(t *testing.T, h *harness) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, path := range []string{
		"/api/v1/associations",
		"/api/v1/campaigns",
		"/api/v1/questionnaires",
		responsePath("c1", "assoc-a", "communications"),
		"/api/v1/campaigns/c1/responses/assoc-b",
	} {
		out[path] = string(h.must(t, call{method: "GET", path: path, token: adminToken}, http.StatusOK, nil).body)
	}
	ts, err := h.svc.ListTokens(context.Background(), survey.System, "")
	if err != nil {
		t.Fatal(err)
	}
	out["tokens"] = fmt.Sprint(len(ts))
	return out
}
