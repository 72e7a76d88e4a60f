package api

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/questionnaires/xlsform"
	"github.com/assocbench/assocbench/reports"
	"github.com/assocbench/assocbench/survey"
)

// Export kinds, as audited and counted.
const (
	exportScorecard = "scorecard"
	exportPack      = "pack"
	exportResponses = "responses"
	exportFillIn    = "fill-in"
	exportXLSForm   = "xlsform"
)

// download is the response writer of a workbook download: it sets the
// headers when the first byte is written, so that an export that fails
// before (the workbooks are complete before they are written) still
// answers with a JSON error.
type download struct {
	c       *gin.Context
	name    string
	started bool
}

func (d *download) Write(p []byte) (int, error) {
	if !d.started {
		d.started = true
		h := d.c.Writer.Header()
		h.Set("Content-Type", reports.ContentType)
		h.Set("Content-Disposition", `attachment; filename="`+d.name+`"`)
		h.Set("Cache-Control", "no-store")
		d.c.Status(statusOK)
	}
	return d.c.Writer.Write(p)
}

// done finishes a download: an error before the first byte is the
// response; after it, the client has a truncated file and the error is
// only logged.
func (s *handlers) done(d *download, err error) error {
	if err == nil || !d.started {
		return err
	}
	s.log.Warn("download interrupted", "request_id", httpx.RequestID(d.c), "file", d.name, "err", err)
	d.c.Abort()
	return nil
}

// GET /campaigns/{c}/exports/scorecard/{association}: the association
// itself, analysts and administrators. Analysts get scores without the
// association's answers.
func (s *handlers) exportScorecard(c *gin.Context) error {
	ctx, p := c.Request.Context(), httpx.Principal(c)
	campaign, association := c.Param("c"), c.Param("association")
	sc, err := s.svc.Scorecard(ctx, p, campaign, association)
	if err != nil {
		return err
	}
	var answers map[string]questionnaires.Answers
	if p.Role != survey.RoleAnalyst {
		rs, err := s.svc.ListResponses(ctx, p, campaign, association)
		if err != nil {
			return err
		}
		answers = map[string]questionnaires.Answers{}
		for _, r := range rs {
			if r.Status == survey.StatusSubmitted {
				answers[r.Questionnaire] = r.Answers
			}
		}
	}
	o := reports.Options{Lang: httpx.Lang(c), Now: s.svc.Now()}
	if p.Role != survey.RoleAnalyst { // the association and administrators get the plan sheet
		v, err := s.svc.GetPlan(ctx, p, campaign, association)
		if err != nil {
			return err
		}
		o.Plan = v.Plan
	}
	d := &download{c: c, name: reports.FileName(exportScorecard, campaign, association)}
	err = reports.WriteScorecard(d, sc, answers, o)
	if err == nil {
		s.svc.RecordExport(ctx, p, exportScorecard, campaign+"/"+association)
	}
	return s.done(d, err)
}

// GET /campaigns/{c}/exports/pack?questionnaire=&lang=: analysts and administrators.
func (s *handlers) exportPack(c *gin.Context) error {
	ctx, p := c.Request.Context(), httpx.Principal(c)
	campaign, qid := c.Param("c"), c.Query("questionnaire")
	pk, err := s.svc.SessionPack(ctx, p, campaign, qid)
	if err != nil {
		return err
	}
	ids := []string{}
	if qid != "" {
		ids = append(ids, qid)
	}
	d := &download{c: c, name: reports.FileName(exportPack, campaign, ids...)}
	err = reports.WritePack(d, pk, reports.Options{Lang: httpx.Lang(c), Now: s.svc.Now()})
	if err == nil {
		s.svc.RecordExport(ctx, p, exportPack, strings.TrimSuffix(campaign+"/"+qid, "/"))
	}
	return s.done(d, err)
}

// campaignDefinitions returns the definitions of a campaign's
// questionnaires, or of one of them.
func (s *handlers) campaignDefinitions(c *gin.Context, cp *survey.Campaign, qid string) ([]*questionnaires.Questionnaire, error) {
	var out []*questionnaires.Questionnaire
	for _, key := range cp.Questionnaires {
		if qid != "" && !strings.HasPrefix(key, qid+"@") {
			continue
		}
		q, err := s.svc.Questionnaire(c.Request.Context(), key)
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("questionnaire %s is not part of campaign %s: %w", qid, cp.ID, survey.ErrNotFound)
	}
	return out, nil
}

// GET /campaigns/{c}/exports/responses?questionnaire=&lang=&labels=codes|labels:
// administrators (raw answers of every association, no anonymity).
func (s *handlers) exportResponses(c *gin.Context) error {
	if err := requireRoleEarly(c, survey.RoleAdmin); err != nil {
		return err
	}
	ctx, p := c.Request.Context(), httpx.Principal(c)
	campaign, qid := c.Param("c"), c.Query("questionnaire")
	labels := false
	switch c.Query("labels") {
	case "", "codes":
	case "labels":
		labels = true
	default:
		return httpx.BadRequest("labels", "must be codes or labels")
	}
	cp, err := s.svc.GetCampaign(ctx, p, campaign)
	if err != nil {
		return err
	}
	defs, err := s.campaignDefinitions(c, cp, qid)
	if err != nil {
		return err
	}
	as, err := s.svc.ListAssociations(ctx, p, survey.AssociationFilter{})
	if err != nil {
		return err
	}
	names := make(map[string]string, len(as))
	for _, a := range as {
		names[a.ID] = a.Name
	}
	src := func(yield func(*survey.Response) error) error {
		return s.svc.StreamSubmitted(ctx, p, campaign, qid, yield)
	}
	ids := []string{}
	if qid != "" {
		ids = append(ids, qid)
	}
	d := &download{c: c, name: reports.FileName(exportResponses, campaign, ids...)}
	_, err = reports.WriteResponses(d, src, reports.ResponsesOptions{Options: reports.Options{Lang: httpx.Lang(c), Now: s.svc.Now()},
		Campaign: cp, Questionnaires: defs, Labels: labels, Name: func(id string) string { return names[id] }})
	if err == nil {
		s.svc.RecordExport(ctx, p, exportResponses, strings.TrimSuffix(campaign+"/"+qid, "/"))
	}
	return s.done(d, err)
}

// GET /campaigns/{c}/responses/{association}/{questionnaire}/fill-in:
// the association itself and administrators; pre-filled with the draft.
func (s *handlers) exportFillIn(c *gin.Context) error {
	ctx, p := c.Request.Context(), httpx.Principal(c)
	r := ref(c)
	cur, err := s.svc.GetResponse(ctx, p, r)
	if err != nil {
		return err
	}
	q, err := s.svc.Questionnaire(ctx, cur.Key())
	if err != nil {
		return err
	}
	l := httpx.Lang(c)
	o := reports.FillInOptions{Options: reports.Options{Lang: l, Now: s.svc.Now()}}
	if a, err := s.svc.GetAssociation(ctx, p, r.Association); err == nil {
		o.Association = a.Name + " (" + a.ID + ")"
	}
	if cp, err := s.svc.GetCampaign(ctx, p, r.Campaign); err == nil {
		o.Campaign = cp.Title.In(l) + " (" + cp.ID + ")"
	}
	d := &download{c: c, name: reports.FileName(exportFillIn, r.Campaign, r.Association, r.Questionnaire)}
	err = reports.WriteFillIn(d, q, cur.Answers, o)
	if err == nil {
		s.svc.RecordExport(ctx, p, exportFillIn, r.ID())
	}
	return s.done(d, err)
}

// requireXLSX checks the media type of an uploaded workbook.
func requireXLSX(c *gin.Context) error {
	mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || (mt != reports.ContentType && mt != "application/octet-stream") {
		return &httpx.RequestError{Kind: httpx.ErrMediaType, Msg: "send the workbook as " + reports.ContentType}
	}
	return nil
}

// POST /campaigns/{c}/responses/{association}/{questionnaire}/fill-in:
// a completed fill-in workbook (at most httpx.MaxUploadBody) becomes the
// response's draft. Problems are a 422 whose fields are keyed "Sheet!Cell".
func (s *handlers) importFillIn(c *gin.Context) error {
	ctx, p := c.Request.Context(), httpx.Principal(c)
	r := ref(c)
	cur, err := s.svc.GetResponse(ctx, p, r) // access check before reading the body
	if err != nil {
		return err
	}
	if err := requireXLSX(c); err != nil {
		return err
	}
	b, err := readBody(c, httpx.MaxUploadBody)
	if err != nil {
		return err
	}
	q, err := s.svc.Questionnaire(ctx, cur.Key())
	if err != nil {
		return err
	}
	l := httpx.Lang(c)
	answers, problems := reports.ReadFillIn(bytes.NewReader(b), q, l)
	if len(problems) > 0 {
		return problemsError(problems)
	}
	saved, err := s.svc.ImportDraft(ctx, p, r, answers, l)
	if err != nil {
		return err
	}
	c.Header("ETag", etag(saved.Revision))
	c.JSON(statusOK, saved)
	return nil
}

// problemsError reports fill-in problems as a validation error keyed by cell.
func problemsError(problems []reports.Problem) error {
	ve := &survey.ValidationError{Message: "the workbook has problems", Fields: map[string]string{}}
	for _, pr := range problems {
		k := pr.Key()
		if prev, ok := ve.Fields[k]; ok {
			ve.Fields[k] = prev + "; " + pr.Message
		} else {
			ve.Fields[k] = pr.Message
		}
	}
	return ve
}

// GET /questionnaires/{id}/xlsform?version=: any signed-in caller.
func (s *handlers) exportXLSForm(c *gin.Context) error {
	ctx, p := c.Request.Context(), httpx.Principal(c)
	id := c.Param("id")
	refKey := id
	if v := c.Query("version"); v != "" {
		refKey += "@" + v
	}
	q, err := s.svc.Questionnaire(ctx, refKey)
	if err != nil {
		return err
	}
	d := &download{c: c, name: reports.FileName(exportXLSForm, q.ID, q.Version)}
	var buf bytes.Buffer
	if err := xlsform.Export(&buf, q); err != nil {
		return fmt.Errorf("export %s as xlsform: %w", q.Key(), err)
	}
	_, err = buf.WriteTo(d)
	if err == nil {
		s.svc.RecordExport(ctx, p, exportXLSForm, q.Key())
	}
	return s.done(d, err)
}

// POST /questionnaires/xlsform: an XLSForm workbook, translated into a
// definition and uploaded (administrators). Problems in the workbook are
// a 422 whose fields are keyed by sheet and cell ("survey!C12").
func (s *handlers) importXLSForm(c *gin.Context) error {
	if err := requireRoleEarly(c, survey.RoleAdmin); err != nil {
		return err
	}
	if err := requireXLSX(c); err != nil {
		return err
	}
	b, err := readBody(c, httpx.MaxUploadBody)
	if err != nil {
		return err
	}
	src, _, warnings, err := xlsform.ImportWithWarnings("upload.xlsx", bytes.NewReader(b))
	var de *questionnaires.DefinitionError
	switch {
	case errors.As(err, &de):
		ve := &survey.ValidationError{Message: "the XLSForm has errors", Fields: map[string]string{}}
		for _, pr := range de.Problems {
			k := pr.Path
			if k == "" {
				k = fmt.Sprintf("row %d", pr.Line)
			}
			if prev, ok := ve.Fields[k]; ok {
				ve.Fields[k] = prev + "; " + pr.Message
			} else {
				ve.Fields[k] = pr.Message
			}
		}
		return ve
	case errors.Is(err, xlsform.ErrLegacyXLS):
		return httpx.BadRequest("", xlsform.ErrLegacyXLS.Error())
	case err != nil:
		return httpx.BadRequest("", "not an XLSForm .xlsx workbook")
	}
	q, err := s.svc.UploadQuestionnaire(c.Request.Context(), httpx.Principal(c), "upload.yaml", src)
	if err != nil {
		return err
	}
	c.Header("Location", "/api/v1/questionnaires/"+q.ID+"?version="+q.Version)
	c.JSON(statusCreated, QuestionnaireSummary{ID: q.ID, Version: q.Version, Key: q.Key(), Area: q.Area, Title: q.Title, Languages: q.Languages, Counts: q.Counts(), Warnings: warnings})
	return nil
}
