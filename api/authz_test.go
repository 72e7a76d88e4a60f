package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/questionnaires/xlsform"
	"github.com/assocbench/assocbench/survey"
)

// caller is who makes a request in the authorization matrix.
type caller int

const (
	nobody        caller = iota // no token
	analyst                     // a working-group token
	otherAssoc                  // association A's token on association B's objects
	ownAssoc                    // association A's token on its own objects
	administrator               // an administrator token
)

var callerNames = [...]string{"no token", "analyst", "association A on B", "association A on A", "admin"}

// xlsxType is the media type of Excel workbooks.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// minimalYAML is a small valid questionnaire definition.
const minimalYAML = `id: matrix-q
version: "1"
area: financial
title: {en: Matrix}
languages: [en]
sections:
  - id: main
    title: {en: Main}
    questions:
      - id: has_reserves
        type: yes_no
        label: {en: Do you hold reserves?}
maturity_levels:
  - {min: 0, id: emerging, label: {en: Emerging}}
`

// matrix is the authorization test's world.
type matrix struct {
	h       *harness
	assocA  string // association A's raw token
	revoke  string // prefix of a token to revoke
	answers map[string]any
	plan    map[string]any // a plan body with one item of communications
}

// planRevision is the stored revision of a plan (0 when never saved).
func (m *matrix) planRevision(t *testing.T, campaign, association string) string {
	t.Helper()
	v, err := m.h.svc.GetPlan(context.Background(), survey.System, campaign, association)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf(`"%d"`, v.Plan.Revision)
}

// planBody is a plan of one item: the first scored question of questionnaire.
func planBody(t *testing.T, h *harness, questionnaire string) map[string]any {
	t.Helper()
	q, err := h.svc.Questionnaire(context.Background(), questionnaire)
	if err != nil {
		t.Fatal(err)
	}
	for _, qu := range q.Questions() {
		if qu.Method() != questionnaires.MethodNone {
			return map[string]any{"items": []map[string]any{{"questionnaire": q.ID, "item": qu.ID, "action": "Write a plan",
				"owner": "Board", "due": "2027-03-31", "status": "planned", "target": 80}}}
		}
	}
	t.Fatalf("%s has no scored question", questionnaire)
	return nil
}

// token is the caller's token.
func (m *matrix) token(c caller) string {
	switch c {
	case analyst:
		return analystToken
	case otherAssoc, ownAssoc:
		return m.assocA
	case administrator:
		return adminToken
	}
	return ""
}

// target is the association whose objects the caller reaches for.
func target(c caller) string {
	if c == otherAssoc {
		return "assoc-b"
	}
	return "assoc-a"
}

// revision is the stored revision of a response (0 when never saved).
func (m *matrix) revision(t *testing.T, campaign, association, questionnaire string) string {
	t.Helper()
	r, err := m.h.svc.GetResponse(context.Background(), survey.System,
		survey.ResponseRef{Campaign: campaign, Association: association, Questionnaire: questionnaire})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf(`"%d"`, r.Revision)
}

// TestAuthorizationMatrix tries every route with every kind of caller and
// checks the exact status. An association reaching for another
// association's objects, or for a route it may never use, gets 404;
// analysts get 403 where their role may not act and never see a single
// response.
func TestAuthorizationMatrix(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	h.createAssociation(t, "assoc-a", "FR", 300)
	h.createAssociation(t, "assoc-b", "KE", 150)
	h.createCampaign(t, "c0", "communications")
	h.createCampaign(t, "c1", "communications")
	h.createCampaign(t, "c-close", "communications")
	m := &matrix{h: h, assocA: h.issueToken(t, "assoc-a").Token, answers: h.fullAnswers(t, "communications", 11),
		plan: planBody(t, h, "communications")}
	// B has submitted: its objects exist, and A must not learn so
	if _, err := h.svc.Submit(ctx, survey.System, survey.SubmitInput{
		ResponseRef: survey.ResponseRef{Campaign: "c1", Association: "assoc-b", Questionnaire: "communications"},
		Key:         "matrix-b-submit", Answers: mustParse(t, h, "communications", h.fullAnswers(t, "communications", 12))}); err != nil {
		t.Fatal(err)
	}
	// A shares its scores with the working group; B does not. Both
	// campaigns have a release, so that results can be read.
	if _, err := h.svc.SetConsent(ctx, survey.System, "c1", "assoc-a", true); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"c0", "c1"} {
		if _, err := h.svc.Publish(ctx, survey.System, c, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, tok, err := h.svc.IssueToken(ctx, survey.System, survey.TokenRequest{Role: survey.RoleAnalyst, Label: "to revoke"}); err != nil {
		t.Fatal(err)
	} else {
		m.revoke = tok.Prefix()
	}

	// a rater of each association in c1 (r1)
	for _, a := range []string{"assoc-a", "assoc-b"} {
		if _, err := h.svc.InviteRater(ctx, survey.System, "c1", a, "Rater of "+a); err != nil {
			t.Fatal(err)
		}
	}

	// a meeting of c1 with a session, and a registration of each
	// association with a named participant of its own
	setupMatrixMeeting(t, h)
	// a mentoring pair of A (mentee) and B, and one of B and another
	pairOf := setupMatrixPairs(t, h)
	// the good-practice library: a resource with a document, pending stories
	lib := setupMatrixPractices(t, h)

	// an XLSForm workbook of a questionnaire no one has uploaded yet
	q, err := questionnaires.Load("xlsform.yaml", []byte(strings.Replace(minimalYAML, "id: matrix-q", "id: matrix-xlsform", 1)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := xlsform.Export(&buf, q); err != nil {
		t.Fatal(err)
	}
	xlsform := buf.Bytes()

	const (
		ok        = http.StatusOK
		created   = http.StatusCreated
		noContent = http.StatusNoContent
		unauth    = http.StatusUnauthorized
		forbidden = http.StatusForbidden
		notFound  = http.StatusNotFound
		// unprocessable: the caller passed the authorization and reached the checks
		unprocessable = http.StatusUnprocessableEntity
	)
	get := func(path string) func(*testing.T, caller) call {
		return func(_ *testing.T, c caller) call {
			return call{method: "GET", path: strings.ReplaceAll(path, "{assoc}", target(c)), token: m.token(c)}
		}
	}
	rows := []struct {
		op   string // the documented operation
		req  func(*testing.T, caller) call
		want [5]int // by caller: nobody, analyst, otherAssoc, ownAssoc, administrator
	}{
		{"GET /healthz", get("/healthz"), [5]int{ok, ok, ok, ok, ok}},
		{"GET /readyz", get("/readyz"), [5]int{ok, ok, ok, ok, ok}},
		{"GET /metrics", get("/metrics"), [5]int{ok, ok, ok, ok, ok}},
		{"GET /api/v1/openapi.yaml", get("/api/v1/openapi.yaml"), [5]int{ok, ok, ok, ok, ok}},

		{"GET /api/v1/questionnaires", get("/api/v1/questionnaires"), [5]int{unauth, ok, ok, ok, ok}},
		{"GET /api/v1/questionnaires/{id}", get("/api/v1/questionnaires/communications"), [5]int{unauth, ok, ok, ok, ok}},
		{"POST /api/v1/questionnaires", func(_ *testing.T, c caller) call {
			return call{method: "POST", path: "/api/v1/questionnaires", token: m.token(c), body: minimalYAML, contentType: "application/yaml"}
		}, [5]int{unauth, forbidden, notFound, notFound, created}},
		{"GET /api/v1/questionnaires/{id}/xlsform", get("/api/v1/questionnaires/communications/xlsform"), [5]int{unauth, ok, ok, ok, ok}},
		{"POST /api/v1/questionnaires/xlsform", func(_ *testing.T, c caller) call {
			return call{method: "POST", path: "/api/v1/questionnaires/xlsform", token: m.token(c), body: xlsform, contentType: xlsxType}
		}, [5]int{unauth, forbidden, notFound, notFound, created}},

		{"GET /api/v1/associations", get("/api/v1/associations"), [5]int{unauth, ok, notFound, notFound, ok}},
		{"POST /api/v1/associations", func(_ *testing.T, c caller) call {
			return call{method: "POST", path: "/api/v1/associations", token: m.token(c),
				body: map[string]any{"id": "assoc-new", "name": "New", "country": "BR", "type": "national"}}
		}, [5]int{unauth, forbidden, notFound, notFound, created}},
		{"GET /api/v1/associations/{id}", get("/api/v1/associations/{assoc}"), [5]int{unauth, ok, notFound, ok, ok}},
		{"PATCH /api/v1/associations/{id}", func(_ *testing.T, c caller) call {
			return call{method: "PATCH", path: "/api/v1/associations/" + target(c), token: m.token(c), body: map[string]any{"members": 400}}
		}, [5]int{unauth, forbidden, notFound, ok, ok}},
		{"POST /api/v1/associations/{id}/tokens", func(_ *testing.T, c caller) call {
			return call{method: "POST", path: "/api/v1/associations/" + target(c) + "/tokens", token: m.token(c), body: map[string]any{"ttl_days": 30}}
		}, [5]int{unauth, forbidden, notFound, notFound, created}},
		{"POST /api/v1/tokens", func(_ *testing.T, c caller) call {
			return call{method: "POST", path: "/api/v1/tokens", token: m.token(c), body: map[string]any{"role": "analyst", "label": "matrix"}}
		}, [5]int{unauth, forbidden, notFound, notFound, created}},
		{"DELETE /api/v1/tokens/{prefix}", func(_ *testing.T, c caller) call {
			return call{method: "DELETE", path: "/api/v1/tokens/" + m.revoke, token: m.token(c)}
		}, [5]int{unauth, forbidden, notFound, notFound, noContent}},

		{"GET /api/v1/campaigns", get("/api/v1/campaigns"), [5]int{unauth, ok, ok, ok, ok}},
		{"POST /api/v1/campaigns", func(_ *testing.T, c caller) call {
			return call{method: "POST", path: "/api/v1/campaigns", token: m.token(c), body: map[string]any{
				"id": "c-new", "title": map[string]string{"en": "New"}, "questionnaires": []string{"membership"}, "deadline_date": "2099-12-31"}}
		}, [5]int{unauth, forbidden, notFound, notFound, created}},
		{"GET /api/v1/campaigns/{c}", get("/api/v1/campaigns/c1"), [5]int{unauth, ok, ok, ok, ok}},
		{"PATCH /api/v1/campaigns/{c}", func(_ *testing.T, c caller) call {
			return call{method: "PATCH", path: "/api/v1/campaigns/c-close", token: m.token(c), body: map[string]any{"k": 6}}
		}, [5]int{unauth, forbidden, notFound, notFound, ok}},
		{"POST /api/v1/campaigns/{c}/close", func(_ *testing.T, c caller) call {
			return call{method: "POST", path: "/api/v1/campaigns/c-close/close", token: m.token(c)}
		}, [5]int{unauth, forbidden, notFound, notFound, ok}},
		{"POST /api/v1/campaigns/{c}/rescore", func(_ *testing.T, c caller) call {
			return call{method: "POST", path: "/api/v1/campaigns/c1/rescore", token: m.token(c)}
		}, [5]int{unauth, forbidden, notFound, notFound, ok}},

		{"GET /api/v1/campaigns/{c}/responses/{association}", get("/api/v1/campaigns/c1/responses/{assoc}"),
			[5]int{unauth, forbidden, notFound, ok, ok}},
		{"GET /api/v1/campaigns/{c}/responses/{association}/{questionnaire}", get("/api/v1/campaigns/c1/responses/{assoc}/communications"),
			[5]int{unauth, forbidden, notFound, ok, ok}},
		{"PUT /api/v1/campaigns/{c}/responses/{association}/{questionnaire}", func(t *testing.T, c caller) call {
			return call{method: "PUT", path: responsePath("c1", target(c), "communications"), token: m.token(c),
				header: map[string]string{"If-Match": m.revision(t, "c1", target(c), "communications")},
				body:   map[string]any{"answers": map[string]any{"comms_strategy": "informal"}}}
		}, [5]int{unauth, forbidden, notFound, ok, ok}},
		{"GET /api/v1/campaigns/{c}/responses/{association}/{questionnaire}/fill-in",
			get("/api/v1/campaigns/c1/responses/{assoc}/communications/fill-in"), [5]int{unauth, forbidden, notFound, ok, ok}},
		{"POST /api/v1/campaigns/{c}/responses/{association}/{questionnaire}/fill-in", func(t *testing.T, c caller) call {
			// the workbook of the target's draft, as an administrator downloads it
			wb := h.must(t, call{method: "GET", path: responsePath("c1", target(c), "communications") + "/fill-in", token: adminToken},
				http.StatusOK, nil).body
			return call{method: "POST", path: responsePath("c1", target(c), "communications") + "/fill-in", token: m.token(c),
				body: wb, contentType: xlsxType}
		}, [5]int{unauth, forbidden, notFound, ok, ok}},
		{"POST /api/v1/campaigns/{c}/responses/{association}/{questionnaire}/submit", func(_ *testing.T, c caller) call {
			// the administrator repeats the association's submission: same key, same answers
			return call{method: "POST", path: responsePath("c1", target(c), "communications") + "/submit", token: m.token(c),
				header: map[string]string{"Idempotency-Key": "matrix-a-submit"}, body: map[string]any{"answers": m.answers}}
		}, [5]int{unauth, forbidden, notFound, ok, ok}},
		{"POST /api/v1/campaigns/{c}/responses/{association}/{questionnaire}/reopen", func(_ *testing.T, c caller) call {
			return call{method: "POST", path: responsePath("c1", target(c), "communications") + "/reopen", token: m.token(c)}
		}, [5]int{unauth, forbidden, notFound, notFound, ok}},

		{"GET /api/v1/campaigns/{c}/associations/{association}/raters", get("/api/v1/campaigns/c1/associations/{assoc}/raters"),
			[5]int{unauth, forbidden, notFound, ok, ok}},
		{"POST /api/v1/campaigns/{c}/associations/{association}/raters", func(_ *testing.T, c caller) call {
			return call{method: "POST", path: "/api/v1/campaigns/c1/associations/" + target(c) + "/raters", token: m.token(c),
				body: map[string]any{"name": "Matrix rater"}}
		}, [5]int{unauth, forbidden, notFound, created, created}},
		{"GET /api/v1/campaigns/{c}/associations/{association}/raters/{rater}/responses/{questionnaire}",
			get("/api/v1/campaigns/c1/associations/{assoc}/raters/r1/responses/communications"), [5]int{unauth, forbidden, notFound, ok, ok}},
		{"PUT /api/v1/campaigns/{c}/associations/{association}/raters/{rater}/responses/{questionnaire}", func(_ *testing.T, c caller) call {
			// only the rater itself writes its response
			return call{method: "PUT", path: "/api/v1/campaigns/c1/associations/" + target(c) + "/raters/r1/responses/communications",
				token: m.token(c), header: map[string]string{"If-Match": `"0"`}, body: map[string]any{"answers": map[string]any{}}}
		}, [5]int{unauth, notFound, notFound, notFound, notFound}},
		{"POST /api/v1/campaigns/{c}/associations/{association}/raters/{rater}/responses/{questionnaire}/submit", func(_ *testing.T, c caller) call {
			return call{method: "POST", path: "/api/v1/campaigns/c1/associations/" + target(c) + "/raters/r1/responses/communications/submit",
				token: m.token(c), header: map[string]string{"Idempotency-Key": "matrix-rater"}}
		}, [5]int{unauth, notFound, notFound, notFound, notFound}},
		{"GET /api/v1/campaigns/{c}/associations/{association}/divergence/{questionnaire}",
			get("/api/v1/campaigns/c1/associations/{assoc}/divergence/communications"), [5]int{unauth, forbidden, notFound, ok, ok}},

		{"GET /api/v1/campaigns/{c}/scores", get("/api/v1/campaigns/c1/scores"), [5]int{unauth, forbidden, notFound, notFound, ok}},
		{"GET /api/v1/campaigns/{c}/scores/{association}", get("/api/v1/campaigns/c1/scores/{assoc}"), [5]int{unauth, ok, notFound, ok, ok}},
		{"GET /api/v1/campaigns/{c}/benchmarks", get("/api/v1/campaigns/c1/benchmarks?group_by=region,size"),
			[5]int{unauth, ok, notFound, notFound, ok}},
		{"GET /api/v1/campaigns/{c}/prevalence", get("/api/v1/campaigns/c1/prevalence?questionnaire=communications&question=comms_strategy"),
			[5]int{unauth, ok, notFound, notFound, ok}},
		{"GET /api/v1/campaigns/{c}/trends", get("/api/v1/campaigns/c1/trends?from=c0"), [5]int{unauth, ok, notFound, notFound, ok}},
		{"GET /api/v1/campaigns/{c}/mentoring", get("/api/v1/campaigns/c1/mentoring"), [5]int{unauth, ok, notFound, notFound, ok}},
		{"POST /api/v1/campaigns/{c}/mentoring/pairs/{pair}", func(_ *testing.T, c caller) call {
			// each side accepts for itself: an administrator may not
			return call{method: "POST", path: "/api/v1/campaigns/c1/mentoring/pairs/" + pairOf(c), token: m.token(c),
				body: map[string]any{"action": "accept"}}
		}, [5]int{unauth, forbidden, notFound, ok, forbidden}},
		{"GET /api/v1/campaigns/{c}/mentoring/outcomes", get("/api/v1/campaigns/c1/mentoring/outcomes?group_by=region"),
			[5]int{unauth, ok, notFound, notFound, ok}},
		{"GET /api/v1/campaigns/{c}/mentoring/pairs", get("/api/v1/campaigns/c1/mentoring/pairs"), [5]int{unauth, ok, ok, ok, ok}},
		// after the pair rows: a run supersedes the unanswered proposals
		{"POST /api/v1/campaigns/{c}/mentoring/proposals", func(_ *testing.T, c caller) call {
			return call{method: "POST", path: "/api/v1/campaigns/c1/mentoring/proposals", token: m.token(c)}
		}, [5]int{unauth, ok, notFound, notFound, ok}},
		{"GET /api/v1/campaigns/{c}/levels", get("/api/v1/campaigns/c1/levels?area=communications&group_by=region"),
			[5]int{unauth, ok, notFound, notFound, ok}},
		{"GET /api/v1/campaigns/{c}/releases", get("/api/v1/campaigns/c1/releases"), [5]int{unauth, ok, notFound, notFound, ok}},
		{"POST /api/v1/campaigns/{c}/releases", func(_ *testing.T, c caller) call {
			return call{method: "POST", path: "/api/v1/campaigns/c1/releases", token: m.token(c)}
		}, [5]int{unauth, forbidden, notFound, notFound, created}},
		{"GET /api/v1/campaigns/{c}/consent/{association}", get("/api/v1/campaigns/c1/consent/{assoc}"), [5]int{unauth, ok, notFound, ok, ok}},
		{"PUT /api/v1/campaigns/{c}/consent/{association}", func(_ *testing.T, c caller) call {
			return call{method: "PUT", path: "/api/v1/campaigns/c1/consent/" + target(c), token: m.token(c), body: map[string]any{"share": true}}
		}, [5]int{unauth, forbidden, notFound, ok, ok}},

		{"GET /api/v1/practices", get("/api/v1/practices"), [5]int{unauth, ok, ok, ok, ok}},
		{"GET /api/v1/practices/{id}", get("/api/v1/practices/" + lib.resource), [5]int{unauth, ok, ok, ok, ok}},
		{"GET /api/v1/practices/{id}/file", get("/api/v1/practices/" + lib.resource + "/file"), [5]int{unauth, ok, ok, ok, ok}},
		{"POST /api/v1/practices/resources", func(_ *testing.T, c caller) call {
			return call{method: "POST", path: "/api/v1/practices/resources", token: m.token(c),
				body: map[string]any{"title": "A link", "link": "https://example.org/guide", "languages": []string{"en"}, "items": []string{"communications/comms_strategy"}}}
		}, [5]int{unauth, created, notFound, notFound, created}},
		// an association reaches the story checks (422: nothing qualifies it in c1); no one else does
		{"POST /api/v1/practices/stories", func(_ *testing.T, c caller) call {
			return call{method: "POST", path: "/api/v1/practices/stories", token: m.token(c),
				body: map[string]any{"campaign": "c1", "item": "communications/comms_strategy", "title": "What we did", "did": "A strategy",
					"languages": []string{"en"}, "attribution": "named"}}
		}, [5]int{unauth, forbidden, unprocessable, unprocessable, forbidden}},
		{"POST /api/v1/practices/{id}/approve", func(t *testing.T, c caller) call {
			return call{method: "POST", path: "/api/v1/practices/" + lib.story(t, target(c)) + "/approve", token: m.token(c)}
		}, [5]int{unauth, ok, notFound, notFound, ok}},
		// a story is withdrawn by its author, analysts and administrators
		{"DELETE /api/v1/practices/{id}", func(t *testing.T, c caller) call {
			return call{method: "DELETE", path: "/api/v1/practices/" + lib.story(t, target(c)), token: m.token(c)}
		}, [5]int{unauth, noContent, notFound, noContent, noContent}},

		{"GET /api/v1/campaigns/{c}/plans", get("/api/v1/campaigns/c1/plans?group_by=region"), [5]int{unauth, ok, notFound, notFound, ok}},
		{"GET /api/v1/campaigns/{c}/plans/{association}", get("/api/v1/campaigns/c1/plans/{assoc}"), [5]int{unauth, forbidden, notFound, ok, ok}},
		{"PUT /api/v1/campaigns/{c}/plans/{association}", func(t *testing.T, c caller) call {
			return call{method: "PUT", path: "/api/v1/campaigns/c1/plans/" + target(c), token: m.token(c),
				header: map[string]string{"If-Match": m.planRevision(t, "c1", target(c))}, body: m.plan}
		}, [5]int{unauth, forbidden, notFound, ok, forbidden}},
		{"POST /api/v1/campaigns/{c}/plans/{association}/reopen", func(_ *testing.T, c caller) call {
			return call{method: "POST", path: "/api/v1/campaigns/c1/plans/" + target(c) + "/reopen", token: m.token(c)}
		}, [5]int{unauth, forbidden, notFound, notFound, ok}},

		{"POST /api/v1/campaigns/{c}/plans/{association}/workbook", func(t *testing.T, c caller) call {
			// the target's scorecard workbook with its plan sheet, as an administrator downloads it
			wb := h.must(t, call{method: "GET", path: "/api/v1/campaigns/c1/exports/scorecard/" + target(c), token: adminToken},
				http.StatusOK, nil).body
			return call{method: "POST", path: "/api/v1/campaigns/c1/plans/" + target(c) + "/workbook", token: m.token(c),
				body: wb, contentType: xlsxType}
		}, [5]int{unauth, forbidden, notFound, ok, forbidden}},

		{"GET /api/v1/campaigns/{c}/exports/scorecard/{association}", get("/api/v1/campaigns/c1/exports/scorecard/{assoc}?lang=fr"),
			[5]int{unauth, ok, notFound, ok, ok}},
		{"GET /api/v1/campaigns/{c}/exports/pack", get("/api/v1/campaigns/c1/exports/pack"), [5]int{unauth, ok, notFound, notFound, ok}},
		{"GET /api/v1/campaigns/{c}/exports/responses", get("/api/v1/campaigns/c1/exports/responses?labels=labels"),
			[5]int{unauth, forbidden, notFound, notFound, ok}},

		{"GET /api/v1/campaigns/{c}/meetings", get("/api/v1/campaigns/c1/meetings"), [5]int{unauth, ok, ok, ok, ok}},
		{"POST /api/v1/campaigns/{c}/meetings", func(_ *testing.T, c caller) call {
			return call{method: "POST", path: "/api/v1/campaigns/c1/meetings", token: m.token(c),
				body: map[string]any{"id": fmt.Sprintf("mx-%d", c), "title": map[string]string{"en": "X"}, "days": []string{"2026-04-29"}}}
		}, [5]int{unauth, created, notFound, notFound, created}},
		{"GET /api/v1/meetings/{m}", get("/api/v1/meetings/mm"), [5]int{unauth, ok, ok, ok, ok}},
		{"PATCH /api/v1/meetings/{m}", func(_ *testing.T, c caller) call {
			return call{method: "PATCH", path: "/api/v1/meetings/mm", token: m.token(c), body: map[string]any{"weekends": false}}
		}, [5]int{unauth, ok, notFound, notFound, ok}},
		{"GET /api/v1/meetings/{m}/plan", get("/api/v1/meetings/mm/plan?sessions=2&grid=30"), [5]int{unauth, ok, notFound, notFound, ok}},
		{"GET /api/v1/meetings/{m}/agenda", get("/api/v1/meetings/mm/agenda?participant=p-{assoc}"), [5]int{unauth, ok, notFound, ok, ok}},
		{"GET /api/v1/meetings/{m}/calendar", get("/api/v1/meetings/mm/calendar?participant=p-{assoc}"), [5]int{unauth, ok, notFound, ok, ok}},
		{"PUT /api/v1/meetings/{m}/sessions/{s}", func(_ *testing.T, c caller) call {
			return call{method: "PUT", path: "/api/v1/meetings/mm/sessions/s1", token: m.token(c),
				body: map[string]any{"title": map[string]string{"en": "Renamed"}, "starts": []string{"2026-04-29T08:00:00Z"}}}
		}, [5]int{unauth, ok, notFound, notFound, ok}},
		{"DELETE /api/v1/meetings/{m}/sessions/{s}", func(_ *testing.T, c caller) call {
			return call{method: "DELETE", path: fmt.Sprintf("/api/v1/meetings/mm/sessions/del-%d", c), token: m.token(c)}
		}, [5]int{unauth, noContent, notFound, notFound, noContent}},
		{"GET /api/v1/meetings/{m}/registrations/{association}", get("/api/v1/meetings/mm/registrations/{assoc}"),
			[5]int{unauth, forbidden, notFound, ok, ok}},
		{"PUT /api/v1/meetings/{m}/registrations/{association}", func(_ *testing.T, c caller) call {
			return call{method: "PUT", path: "/api/v1/meetings/mm/registrations/" + target(c), token: m.token(c),
				body: map[string]any{"participants": []map[string]any{{"id": "p-" + target(c), "name": "P", "time_zone": "Asia/Kolkata"}},
					"sessions": []map[string]any{{"session": "s1", "repeat": 0}}}}
		}, [5]int{unauth, forbidden, notFound, ok, ok}},
		{"DELETE /api/v1/meetings/{m}/registrations/{association}", func(t *testing.T, c caller) call {
			if c == administrator { // the association has cancelled its own already
				registerMatrix(t, h, target(c))
			}
			return call{method: "DELETE", path: "/api/v1/meetings/mm/registrations/" + target(c), token: m.token(c)}
		}, [5]int{unauth, forbidden, notFound, noContent, noContent}},
	}

	// every documented operation has a row
	var have []string
	for _, r := range rows {
		have = append(have, normalise(r.op))
	}
	served := map[string]bool{}
	for _, op := range registered(t, h) {
		served[normalise(op)] = true
	}
	for _, op := range documented(t) {
		if !slices.Contains(have, normalise(op)) {
			t.Errorf("no row of the matrix for %s", op)
		}
	}

	for _, row := range rows {
		if !served[normalise(row.op)] {
			t.Errorf("%s: not served", row.op)
			continue
		}
		var got [5]int
		for c := range len(callerNames) {
			got[c] = h.do(t, row.req(t, caller(c))).status
		}
		if got != row.want {
			var diffs []string
			for c := range got {
				if got[c] != row.want[c] {
					diffs = append(diffs, fmt.Sprintf("%s: got %d, want %d", callerNames[c], got[c], row.want[c]))
				}
			}
			t.Errorf("%s: %s", row.op, strings.Join(diffs, "; "))
		}
	}
}

// TestNoExistenceLeak checks that an association reaching for another
// association's objects gets exactly the answer it gets for objects that
// do not exist.
func TestNoExistenceLeak(t *testing.T) {
	h := newHarness(t, nil)
	h.createAssociation(t, "assoc-a", "FR", 300)
	h.createAssociation(t, "assoc-b", "KE", 150)
	h.createCampaign(t, "c1", "communications")
	h.must(t, call{method: "POST", path: responsePath("c1", "assoc-b", "communications") + "/submit", token: adminToken,
		header: map[string]string{"Idempotency-Key": "leak-b-submit"}, body: map[string]any{"answers": h.fullAnswers(t, "communications", 5)}},
		http.StatusOK, nil)
	tok := h.issueToken(t, "assoc-a").Token
	for _, tc := range []struct {
		method, path string
		header       map[string]string
		body         any
	}{
		{"GET", "/api/v1/associations/{x}", nil, nil},
		{"PATCH", "/api/v1/associations/{x}", nil, map[string]any{"name": "Taken over"}},
		{"GET", "/api/v1/campaigns/c1/responses/{x}", nil, nil},
		{"GET", "/api/v1/campaigns/c1/responses/{x}/communications", nil, nil},
		{"PUT", "/api/v1/campaigns/c1/responses/{x}/communications", map[string]string{"If-Match": `"1"`}, map[string]any{"answers": map[string]any{}}},
		{"POST", "/api/v1/campaigns/c1/responses/{x}/communications/submit", map[string]string{"Idempotency-Key": "leak-b-submit"}, nil},
		{"POST", "/api/v1/campaigns/c1/responses/{x}/communications/reopen", nil, nil},
		{"GET", "/api/v1/campaigns/c1/scores/{x}", nil, nil},
		{"GET", "/api/v1/campaigns/c1/plans/{x}", nil, nil},
		{"PUT", "/api/v1/campaigns/c1/plans/{x}", map[string]string{"If-Match": `"0"`}, map[string]any{"items": []any{}}},
		{"POST", "/api/v1/associations/{x}/tokens", nil, nil},
	} {
		var bodies [2]string
		var statuses [2]int
		for i, id := range []string{"assoc-b", "assoc-none"} {
			r := h.do(t, call{method: tc.method, path: strings.ReplaceAll(tc.path, "{x}", id), token: tok, header: tc.header, body: tc.body})
			e := r.errorBody(t)
			e.Error.RequestID = ""
			bodies[i] = fmt.Sprintf("%+v", e)
			statuses[i] = r.status
		}
		if statuses[0] != http.StatusNotFound || statuses[1] != http.StatusNotFound {
			t.Errorf("%s %s: statuses %v for an existing and a missing association; want 404 both", tc.method, tc.path, statuses)
		}
		if diff := cmp.Diff(bodies[1], bodies[0]); diff != "" {
			t.Errorf("%s %s: the answer tells existing from missing (-missing +existing):\n%s", tc.method, tc.path, diff)
		}
	}
	// B's data is untouched
	a, err := h.svc.GetAssociation(context.Background(), survey.System, "assoc-b")
	if err != nil || a.Name != "Library Association assoc-b" {
		t.Errorf("association B after A's attempts: %+v, %v", a, err)
	}
}

// mustParse turns JSON answers into typed answers of a questionnaire.
func mustParse(t *testing.T, h *harness, questionnaire string, answers map[string]any) questionnaires.Answers {
	t.Helper()
	q, err := h.svc.Questionnaire(context.Background(), questionnaire)
	if err != nil {
		t.Fatal(err)
	}
	raw := map[string]json.RawMessage{}
	for k, v := range answers {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		raw[k] = b
	}
	a, fe := q.ParseAnswers(raw, "")
	if fe != nil {
		t.Fatalf("parse answers: %v", fe)
	}
	return a
}

// setupMatrixMeeting creates meeting mm of c1 with session s1 (and
// del-1, del-4 for the analyst's and the administrator's deletes) and
// registers both associations, each with a participant p-{id}.
func setupMatrixMeeting(t *testing.T, h *harness) {
	t.Helper()
	ctx := context.Background()
	if _, err := h.svc.CreateMeeting(ctx, survey.System, "c1", survey.MeetingInput{ID: "mm", Title: questionnaires.Text{"en": "Meeting"},
		Days: []string{"2026-04-29"}, Repeats: 2}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"s1", "del-1", "del-4"} {
		if _, err := h.svc.PutSession(ctx, survey.System, "mm", id, survey.SessionInput{Title: questionnaires.Text{"en": id},
			Starts: []time.Time{time.Date(2026, 4, 29, 8, 0, 0, 0, time.UTC)}}); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{"assoc-a", "assoc-b"} {
		registerMatrix(t, h, id)
	}
}

// registerMatrix registers an association for meeting mm.
func registerMatrix(t *testing.T, h *harness, id string) {
	t.Helper()
	if _, err := h.svc.Register(context.Background(), survey.System, "mm", id, survey.RegistrationInput{
		Participants: []survey.Participant{{ID: "p-" + id, Name: "P " + id, TimeZone: "Pacific/Auckland"}},
		Sessions:     []survey.SessionChoice{{Session: "s1", Repeat: 0, Participant: "p-" + id}}}); err != nil {
		t.Fatal(err)
	}
}

// setupMatrixPairs stores a proposed pair of assoc-b mentoring assoc-a and
// one of assoc-b mentoring an association the callers are not, and
// returns the pair each caller reaches for.
func setupMatrixPairs(t *testing.T, h *harness) func(caller) string {
	t.Helper()
	own := survey.PairID("c1", "financial", "assoc-a", "assoc-b")
	other := survey.PairID("c1", "membership", "assoc-x", "assoc-b")
	for _, p := range []*survey.Pair{
		{ID: own, Campaign: "c1", Area: "financial", Mentor: "assoc-b", Mentee: "assoc-a"},
		{ID: other, Campaign: "c1", Area: "membership", Mentor: "assoc-b", Mentee: "assoc-x"},
	} {
		p.State, p.ProposedAt, p.Revision = survey.PairProposed, time.Now().UTC(), 1
		if err := h.svc.Store().InsertPair(context.Background(), p); err != nil {
			t.Fatal(err)
		}
	}
	return func(c caller) string {
		if c == otherAssoc {
			return other
		}
		return own
	}
}
