package api

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
)

// QuestionnaireSummary is one line of GET /questionnaires.
type QuestionnaireSummary struct {
	ID        string              `json:"id"`
	Version   string              `json:"version"`
	Key       string              `json:"key"`
	Area      questionnaires.Area `json:"area"`
	Title     questionnaires.Text `json:"title"`
	Languages []string            `json:"languages"`
	questionnaires.Counts
	// Warnings are what an XLSForm import ignored (only in its answer).
	Warnings []string `json:"warnings,omitempty"`
}

func (s *handlers) listQuestionnaires(c *gin.Context) error {
	qs, err := s.svc.Questionnaires(c.Request.Context())
	if err != nil {
		return err
	}
	out := make([]QuestionnaireSummary, len(qs))
	for i, q := range qs {
		out[i] = QuestionnaireSummary{ID: q.ID, Version: q.Version, Key: q.Key(), Area: q.Area, Title: q.Title, Languages: q.Languages, Counts: q.Counts()}
	}
	c.JSON(statusOK, gin.H{"questionnaires": out})
	return nil
}

func (s *handlers) getQuestionnaire(c *gin.Context) error {
	ref := c.Param("id")
	if v := c.Query("version"); v != "" {
		ref += "@" + v
	}
	q, err := s.svc.Questionnaire(c.Request.Context(), ref)
	if err != nil {
		return err
	}
	c.JSON(statusOK, q)
	return nil
}

func (s *handlers) uploadQuestionnaire(c *gin.Context) error {
	if err := requireRoleEarly(c, survey.RoleAdmin); err != nil {
		return err
	}
	ct := c.GetHeader("Content-Type")
	switch {
	case strings.HasPrefix(ct, "application/json"), strings.HasPrefix(ct, "application/yaml"),
		strings.HasPrefix(ct, "application/x-yaml"), strings.HasPrefix(ct, "text/yaml"):
	default:
		return &httpx.RequestError{Kind: httpx.ErrMediaType, Msg: "send the definition as application/yaml or application/json"}
	}
	b, err := readBody(c, httpx.MaxUploadBody)
	if err != nil {
		return err
	}
	name := "upload.yaml"
	if strings.HasPrefix(ct, "application/json") {
		name = "upload.json"
	}
	q, err := s.svc.UploadQuestionnaire(c.Request.Context(), httpx.Principal(c), name, b)
	if err != nil {
		return err
	}
	c.Header("Location", "/api/v1/questionnaires/"+q.ID+"?version="+q.Version)
	c.JSON(statusCreated, QuestionnaireSummary{ID: q.ID, Version: q.Version, Key: q.Key(), Area: q.Area, Title: q.Title, Languages: q.Languages, Counts: q.Counts()})
	return nil
}

// DirectoryEntry is what analysts see of an association: its name,
// country, region and type, and, for a campaign, which questionnaires it
// has submitted — nothing its profile answers.
type DirectoryEntry struct {
	ID        string                `json:"id"`
	Name      string                `json:"name"`
	Country   string                `json:"country"`
	Region    questionnaires.Region `json:"region"`
	Type      string                `json:"type"`
	Submitted []string              `json:"submitted,omitempty"`
}

func directoryEntry(a *survey.Association) DirectoryEntry {
	return DirectoryEntry{ID: a.ID, Name: a.Name, Country: a.Country, Region: a.Region, Type: a.Type}
}

// Paging of GET /associations: limit defaults to DefaultPageSize and is
// at most MaxPageSize; the cursor is opaque (the last id of the page,
// base64url-encoded) and next_cursor is absent on the last page.
const (
	DefaultPageSize = 100
	MaxPageSize     = 1000
)

func (s *handlers) listAssociations(c *gin.Context) error {
	ctx, p := c.Request.Context(), httpx.Principal(c)
	f := survey.AssociationFilter{Region: c.Query("region"), Type: c.Query("type")}
	var err error
	if f.Limit, f.After, err = pageQuery(c); err != nil {
		return err
	}
	f.Limit++ // one more tells whether a next page exists
	as, err := s.svc.ListAssociations(ctx, p, f)
	if err != nil {
		return err
	}
	page := gin.H{}
	if len(as) == f.Limit {
		as = as[:f.Limit-1]
		page["next_cursor"] = base64.RawURLEncoding.EncodeToString([]byte(as[len(as)-1].ID))
	}
	campaign := c.Query("campaign")
	if p.Role != survey.RoleAnalyst && campaign == "" {
		page["associations"] = as
		c.JSON(statusOK, page)
		return nil
	}
	var submitted map[string][]string
	if campaign != "" {
		if submitted, err = s.svc.SubmittedBy(ctx, p, campaign); err != nil {
			return err
		}
	}
	out := make([]DirectoryEntry, len(as))
	for i, a := range as {
		out[i] = directoryEntry(a)
		out[i].Submitted = submitted[a.ID]
	}
	page["associations"] = out
	c.JSON(statusOK, page)
	return nil
}

// pageQuery reads the limit and cursor query parameters of a paged list.
func pageQuery(c *gin.Context) (limit int, after string, err error) {
	limit = DefaultPageSize
	if v, ok := c.GetQuery("limit"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxPageSize {
			return 0, "", httpx.BadRequest("limit", fmt.Sprintf("must be a whole number from 1 to %d", MaxPageSize))
		}
		limit = n
	}
	if v, ok := c.GetQuery("cursor"); ok {
		id, err := base64.RawURLEncoding.DecodeString(v)
		if err != nil || len(id) == 0 || !utf8.Valid(id) {
			return 0, "", httpx.BadRequest("cursor", "must be the next_cursor of an earlier page")
		}
		after = string(id)
	}
	return limit, after, nil
}

// associationInput is the body of POST /associations.
type associationInput struct {
	ID                   string   `json:"id" validate:"required,max=63"`
	Name                 string   `json:"name" validate:"required,max=200"`
	Country              string   `json:"country" validate:"required,iso3166_1_alpha2"`
	Type                 string   `json:"type" validate:"required"`
	Members              int      `json:"members" validate:"min=0,max=10000000"`
	InstitutionalMembers int      `json:"institutional_members" validate:"min=0,max=10000000"`
	BudgetBand           string   `json:"budget_band"`
	Languages            []string `json:"languages" validate:"max=20"`
	TimeZone             string   `json:"time_zone" validate:"omitempty,timezone"`
	Language             string   `json:"language" validate:"omitempty,oneof=en fr es ar"`
	Email                string   `json:"email" validate:"omitempty,email,max=254"`
	MentoringOffers      []string `json:"mentoring_offers" validate:"max=3,dive,oneof=financial membership communications"`
	MentoringSeeks       []string `json:"mentoring_seeks" validate:"max=3,dive,oneof=financial membership communications"`
	MentoringHours       int      `json:"mentoring_hours" validate:"min=0,max=200"`
	MentoringFormat      string   `json:"mentoring_format" validate:"omitempty,oneof=one_off weeks long_term"`
	MentoringScope       string   `json:"mentoring_scope" validate:"omitempty,oneof=global region"`
	MentoringCapacity    int      `json:"mentoring_capacity" validate:"min=0,max=10"`
}

func (s *handlers) createAssociation(c *gin.Context) error {
	if err := requireRoleEarly(c, survey.RoleAdmin); err != nil {
		return err
	}
	var in associationInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	in.Country = strings.ToUpper(strings.TrimSpace(in.Country)) // the service accepts "fr" too
	if err := validateBody(&in, "invalid association"); err != nil {
		return err
	}
	a, err := s.svc.CreateAssociation(c.Request.Context(), httpx.Principal(c), survey.Association{
		ID: in.ID, Name: in.Name, Country: in.Country, Type: in.Type, Members: in.Members,
		InstitutionalMembers: in.InstitutionalMembers, BudgetBand: in.BudgetBand, Languages: in.Languages,
		TimeZone: in.TimeZone, Language: in.Language, Email: in.Email, MentoringOffers: in.MentoringOffers, MentoringSeeks: in.MentoringSeeks,
		MentoringHours: in.MentoringHours, MentoringFormat: in.MentoringFormat, MentoringScope: in.MentoringScope,
		MentoringCapacity: in.MentoringCapacity})
	if err != nil {
		return err
	}
	c.Header("Location", "/api/v1/associations/"+a.ID)
	c.JSON(statusCreated, a)
	return nil
}

// requireRoleEarly refuses a request before its body is read when the
// caller's role can never do it (the service checks again).
func requireRoleEarly(c *gin.Context, roles ...survey.Role) error {
	p := httpx.Principal(c)
	for _, r := range roles {
		if p.Role == r {
			return nil
		}
	}
	if p.Role == survey.RoleAssociation || p.Role == survey.RoleRater {
		return survey.ErrNotFound
	}
	return survey.ErrForbidden
}

func (s *handlers) getAssociation(c *gin.Context) error {
	p := httpx.Principal(c)
	a, err := s.svc.GetAssociation(c.Request.Context(), p, c.Param("id"))
	if err != nil {
		return err
	}
	if p.Role == survey.RoleAnalyst {
		c.JSON(statusOK, directoryEntry(a))
		return nil
	}
	c.JSON(statusOK, a)
	return nil
}

func (s *handlers) patchAssociation(c *gin.Context) error {
	p := httpx.Principal(c)
	if _, err := s.svc.GetAssociation(c.Request.Context(), p, c.Param("id")); err != nil {
		return err
	}
	var patch survey.AssociationPatch
	if err := decodeJSON(c, &patch); err != nil {
		return err
	}
	a, err := s.svc.UpdateAssociation(c.Request.Context(), p, c.Param("id"), patch)
	if err != nil {
		return err
	}
	c.JSON(statusOK, a)
	return nil
}

// tokenInput is the body of POST /associations/{id}/tokens.
type tokenInput struct {
	Label   string `json:"label" validate:"max=200"`
	TTLDays int    `json:"ttl_days" validate:"min=0,max=1095"`
}

// TokenIssued is the answer to a token request: the raw token, shown once.
type TokenIssued struct {
	Token     string    `json:"token"`
	Prefix    string    `json:"prefix"`
	Role      string    `json:"role"`
	Link      string    `json:"link"`
	ExpiresAt time.Time `json:"expires_at"`
	Warning   string    `json:"warning"`
}

func (s *handlers) issueToken(c *gin.Context) error {
	if err := requireRoleEarly(c, survey.RoleAdmin); err != nil {
		return err
	}
	// the association names the route: a missing one is a 404, not a field error
	if _, err := s.svc.GetAssociation(c.Request.Context(), httpx.Principal(c), c.Param("id")); err != nil {
		return err
	}
	var in tokenInput
	if err := decodeOptionalJSON(c, &in); err != nil {
		return err
	}
	if err := validateBody(&in, "invalid token request"); err != nil {
		return err
	}
	raw, t, err := s.svc.IssueToken(c.Request.Context(), httpx.Principal(c), survey.TokenRequest{
		Role: survey.RoleAssociation, Association: c.Param("id"), Label: in.Label, TTL: time.Duration(in.TTLDays) * 24 * time.Hour})
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(statusCreated, TokenIssued{Token: raw, Prefix: t.Prefix(), Role: string(t.Role), Link: s.x.BaseURL(c) + "/s/" + raw,
		ExpiresAt: t.ExpiresAt, Warning: "this token is shown once; store it or send the link now"})
	return nil
}

// staffTokenInput is the body of POST /tokens.
type staffTokenInput struct {
	Role    string `json:"role" validate:"oneof=analyst admin"`
	Label   string `json:"label" validate:"max=200"`
	TTLDays int    `json:"ttl_days" validate:"min=0,max=1095"`
}

// issueStaffToken issues an analyst or administrator token (administrators).
func (s *handlers) issueStaffToken(c *gin.Context) error {
	if err := requireRoleEarly(c, survey.RoleAdmin); err != nil {
		return err
	}
	var in staffTokenInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := validateBody(&in, "invalid token request"); err != nil {
		return err
	}
	role := survey.Role(in.Role)
	raw, t, err := s.svc.IssueToken(c.Request.Context(), httpx.Principal(c), survey.TokenRequest{
		Role: role, Label: in.Label, TTL: time.Duration(in.TTLDays) * 24 * time.Hour})
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(statusCreated, TokenIssued{Token: raw, Prefix: t.Prefix(), Role: string(t.Role), Link: s.x.BaseURL(c) + "/login",
		ExpiresAt: t.ExpiresAt, Warning: "this token is shown once; store it now"})
	return nil
}

func (s *handlers) revokeToken(c *gin.Context) error {
	if err := s.svc.RevokeToken(c.Request.Context(), httpx.Principal(c), c.Param("prefix")); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

func (s *handlers) listCampaigns(c *gin.Context) error {
	cs, err := s.svc.ListCampaigns(c.Request.Context(), httpx.Principal(c))
	if err != nil {
		return err
	}
	out := make([]campaignView, len(cs))
	for i, cp := range cs {
		out[i] = s.campaignView(cp)
	}
	c.JSON(statusOK, gin.H{"campaigns": out})
	return nil
}

// campaignView is a campaign with its status now.
type campaignView struct {
	*survey.Campaign
	Status survey.CampaignStatus `json:"status"`
}

func (s *handlers) campaignView(c *survey.Campaign) campaignView {
	return campaignView{Campaign: c, Status: c.Status(s.svc.Now())}
}

func (s *handlers) createCampaign(c *gin.Context) error {
	if err := requireRoleEarly(c, survey.RoleAdmin); err != nil {
		return err
	}
	var in survey.CampaignInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	cp, err := s.svc.CreateCampaign(c.Request.Context(), httpx.Principal(c), in)
	if err != nil {
		return err
	}
	c.Header("Location", "/api/v1/campaigns/"+cp.ID)
	c.JSON(statusCreated, s.campaignView(cp))
	return nil
}

func (s *handlers) getCampaign(c *gin.Context) error {
	cp, err := s.svc.GetCampaign(c.Request.Context(), httpx.Principal(c), c.Param("c"))
	if err != nil {
		return err
	}
	c.JSON(statusOK, s.campaignView(cp))
	return nil
}

// patchCampaign changes a campaign's title, deadline, k or previous
// campaign (administrators).
func (s *handlers) patchCampaign(c *gin.Context) error {
	if err := requireRoleEarly(c, survey.RoleAdmin); err != nil {
		return err
	}
	var patch survey.CampaignPatch
	if err := decodeJSON(c, &patch); err != nil {
		return err
	}
	cp, err := s.svc.PatchCampaign(c.Request.Context(), httpx.Principal(c), c.Param("c"), patch)
	if err != nil {
		return err
	}
	c.JSON(statusOK, s.campaignView(cp))
	return nil
}

func (s *handlers) closeCampaign(c *gin.Context) error {
	cp, err := s.svc.CloseCampaign(c.Request.Context(), httpx.Principal(c), c.Param("c"))
	if err != nil {
		return err
	}
	c.JSON(statusOK, s.campaignView(cp))
	return nil
}

func (s *handlers) rescore(c *gin.Context) error {
	n, err := s.svc.Rescore(c.Request.Context(), httpx.Principal(c), c.Param("c"))
	if err != nil {
		return err
	}
	c.JSON(statusOK, gin.H{"changed": n})
	return nil
}

func ref(c *gin.Context) survey.ResponseRef {
	return survey.ResponseRef{Campaign: c.Param("c"), Association: c.Param("association"), Questionnaire: c.Param("questionnaire")}
}

// etag is the HTTP entity tag of a revision.
func etag(rev int64) string { return `"` + strconv.FormatInt(rev, 10) + `"` }

func (s *handlers) listResponses(c *gin.Context) error {
	rs, err := s.svc.ListResponses(c.Request.Context(), httpx.Principal(c), c.Param("c"), c.Param("association"))
	if err != nil {
		return err
	}
	c.JSON(statusOK, gin.H{"responses": rs})
	return nil
}

func (s *handlers) getResponse(c *gin.Context) error {
	r, err := s.svc.GetResponse(c.Request.Context(), httpx.Principal(c), ref(c))
	if err != nil {
		return err
	}
	c.Header("ETag", etag(r.Revision))
	c.Header("Cache-Control", "no-store")
	c.JSON(statusOK, r)
	return nil
}

// draftInput is the body of a draft save.
type draftInput struct {
	Answers  map[string]json.RawMessage `json:"answers"`
	Position string                     `json:"position"`
}

// ifMatch reads the revision a client read from If-Match.
func ifMatch(c *gin.Context) (int64, error) {
	h := strings.TrimSpace(c.GetHeader("If-Match"))
	if h == "" {
		return 0, survey.ErrPrecondition
	}
	h = strings.Trim(strings.TrimPrefix(h, "W/"), `"`)
	rev, err := strconv.ParseInt(h, 10, 64)
	if err != nil || rev < 0 {
		return 0, httpx.BadRequest("If-Match", "must be the revision read, e.g. \"3\"")
	}
	return rev, nil
}

func (s *handlers) saveDraft(c *gin.Context) error {
	p, r := httpx.Principal(c), ref(c)
	return s.putDraft(c,
		func() (*survey.Response, error) { return s.svc.GetResponse(c.Request.Context(), p, r) },
		func(in survey.DraftInput) (*survey.Response, error) {
			return s.svc.SaveDraft(c.Request.Context(), p, in)
		})
}

// putDraft serves a draft save: get reads the response (the access check,
// before the body is read), save writes the parsed answers.
func (s *handlers) putDraft(c *gin.Context, get func() (*survey.Response, error), save func(survey.DraftInput) (*survey.Response, error)) error {
	rev, err := ifMatch(c)
	if err != nil {
		return err
	}
	r := ref(c)
	cur, err := get()
	if err != nil {
		return err
	}
	var in draftInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Answers == nil {
		return httpx.BadRequest("answers", "required: an object of question id to answer")
	}
	q, err := s.svc.Questionnaire(c.Request.Context(), cur.Key())
	if err != nil {
		return err
	}
	l := httpx.Lang(c)
	answers, fe := q.ParseAnswers(in.Answers, l)
	if fe != nil {
		return &survey.ValidationError{Message: "some answers are not valid", Fields: fe}
	}
	saved, err := save(survey.DraftInput{ResponseRef: r, Revision: rev, Answers: answers, Position: in.Position, Lang: l})
	if err != nil {
		return err
	}
	c.Header("ETag", etag(saved.Revision))
	c.JSON(statusOK, saved)
	return nil
}

// submitInput is the optional body of a submission.
type submitInput struct {
	Answers map[string]json.RawMessage `json:"answers"`
}

func (s *handlers) submit(c *gin.Context) error {
	p, r := httpx.Principal(c), ref(c)
	return s.postSubmit(c,
		func() (*survey.Response, error) { return s.svc.GetResponse(c.Request.Context(), p, r) },
		func(in survey.SubmitInput) (*survey.Response, error) { return s.svc.Submit(c.Request.Context(), p, in) })
}

// postSubmit serves a submission: get reads the response (the access
// check), submit submits the parsed answers under the Idempotency-Key.
func (s *handlers) postSubmit(c *gin.Context, get func() (*survey.Response, error), submit func(survey.SubmitInput) (*survey.Response, error)) error {
	r := ref(c)
	cur, err := get()
	if err != nil {
		return err
	}
	key := c.GetHeader("Idempotency-Key")
	if key == "" {
		return httpx.BadRequest("Idempotency-Key", "required header: a unique key per submission, reused when retrying")
	}
	l := httpx.Lang(c)
	var answers questionnaires.Answers
	var in submitInput
	if err := decodeOptionalJSON(c, &in); err != nil {
		return err
	}
	if in.Answers != nil {
		q, err := s.svc.Questionnaire(c.Request.Context(), cur.Key())
		if err != nil {
			return err
		}
		var fe questionnaires.FieldErrors
		if answers, fe = q.ParseAnswers(in.Answers, l); fe != nil {
			return &survey.ValidationError{Message: "some answers are not valid", Fields: fe}
		}
	}
	done, err := submit(survey.SubmitInput{ResponseRef: r, Key: key, Answers: answers, Lang: l})
	if err != nil {
		return err
	}
	c.Header("ETag", etag(done.Revision))
	c.JSON(statusOK, done)
	return nil
}

// reopenInput is the optional body of a reopen.
type reopenInput struct {
	Reason string `json:"reason"`
}

func (s *handlers) reopen(c *gin.Context) error {
	if err := requireRoleEarly(c, survey.RoleAdmin); err != nil {
		return err
	}
	var in reopenInput
	if err := decodeOptionalJSON(c, &in); err != nil {
		return err
	}
	r, err := s.svc.Reopen(c.Request.Context(), httpx.Principal(c), ref(c), in.Reason)
	if err != nil {
		return err
	}
	c.Header("ETag", etag(r.Revision))
	c.JSON(statusOK, r)
	return nil
}

func (s *handlers) scorecard(c *gin.Context) error {
	p := httpx.Principal(c)
	sc, err := s.svc.Scorecard(c.Request.Context(), p, c.Param("c"), c.Param("association"))
	if err != nil {
		return err
	}
	if p.Role == survey.RoleAnalyst {
		c.JSON(statusOK, struct {
			*survey.Scorecard
			Association DirectoryEntry `json:"association"`
		}{sc, directoryEntry(sc.Association)})
		return nil
	}
	c.JSON(statusOK, sc)
	return nil
}

func (s *handlers) publish(c *gin.Context) error {
	info, err := s.svc.Publish(c.Request.Context(), httpx.Principal(c), c.Param("c"), survey.ReleasePublished)
	if err != nil {
		return err
	}
	c.Header("Location", fmt.Sprintf("/api/v1/campaigns/%s/releases/%d", info.Campaign, info.Number))
	c.JSON(statusCreated, info)
	return nil
}

func (s *handlers) listReleases(c *gin.Context) error {
	infos, err := s.svc.Releases(c.Request.Context(), httpx.Principal(c), c.Param("c"))
	if err != nil {
		return err
	}
	c.JSON(statusOK, gin.H{"releases": infos})
	return nil
}

func (s *handlers) levels(c *gin.Context) error {
	g, err := groupBy(c)
	if err != nil {
		return err
	}
	area := questionnaires.Area(c.Query("area"))
	if !slices.Contains(questionnaires.ScoredAreas, area) {
		return &survey.ValidationError{Message: "invalid input", Fields: map[string]string{"area": "required: financial, membership or communications"}}
	}
	t, err := s.svc.Levels(c.Request.Context(), httpx.Principal(c), c.Param("c"), area, g)
	if err != nil {
		return err
	}
	c.JSON(statusOK, t)
	return nil
}

func (s *handlers) getConsent(c *gin.Context) error {
	cs, err := s.svc.GetConsent(c.Request.Context(), httpx.Principal(c), c.Param("c"), c.Param("association"))
	if err != nil {
		return err
	}
	c.JSON(statusOK, cs)
	return nil
}

// consentInput is the body of PUT /campaigns/{c}/consent/{association}.
type consentInput struct {
	Share *bool `json:"share" validate:"required"`
}

func (s *handlers) putConsent(c *gin.Context) error {
	var in consentInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := validateBody(&in, "invalid consent"); err != nil {
		return err
	}
	cs, err := s.svc.SetConsent(c.Request.Context(), httpx.Principal(c), c.Param("c"), c.Param("association"), *in.Share)
	if err != nil {
		return err
	}
	c.JSON(statusOK, cs)
	return nil
}

func (s *handlers) allScores(c *gin.Context) error {
	rows, err := s.svc.AllScores(c.Request.Context(), httpx.Principal(c), c.Param("c"))
	if err != nil {
		return err
	}
	c.JSON(statusOK, gin.H{"scores": rows})
	return nil
}

func groupBy(c *gin.Context) ([]string, error) {
	return survey.ParseGroupBy(c.Query("group_by"))
}

func (s *handlers) benchmarks(c *gin.Context) error {
	g, err := groupBy(c)
	if err != nil {
		return err
	}
	t, err := s.svc.Benchmarks(c.Request.Context(), httpx.Principal(c), c.Param("c"), c.Query("questionnaire"), g)
	if err != nil {
		return err
	}
	c.JSON(statusOK, t)
	return nil
}

func (s *handlers) prevalence(c *gin.Context) error {
	g, err := groupBy(c)
	if err != nil {
		return err
	}
	if c.Query("questionnaire") == "" || c.Query("question") == "" {
		return &survey.ValidationError{Message: "missing parameters", Fields: map[string]string{"questionnaire": "required with question", "question": "required: a choice question id"}}
	}
	t, _, err := s.svc.Prevalence(c.Request.Context(), httpx.Principal(c), c.Param("c"), c.Query("questionnaire"), c.Query("question"), g)
	if err != nil {
		return err
	}
	c.JSON(statusOK, t)
	return nil
}

func (s *handlers) trends(c *gin.Context) error {
	g, err := groupBy(c)
	if err != nil {
		return err
	}
	t, err := s.svc.Trends(c.Request.Context(), httpx.Principal(c), c.Param("c"), c.Query("from"), g)
	if err != nil {
		return err
	}
	c.JSON(statusOK, t)
	return nil
}

func (s *handlers) mentoring(c *gin.Context) error {
	run, err := s.svc.MentoringPilot(c.Request.Context(), httpx.Principal(c), c.Param("c"))
	if err != nil {
		return err
	}
	c.JSON(statusOK, run)
	return nil
}
