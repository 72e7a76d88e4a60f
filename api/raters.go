package api

import (
	"fmt"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/survey"
)

// raterInput is the body of a rater's invitation.
type raterInput struct {
	Name string `json:"name"`
}

// RaterInvited is the answer to a rater's invitation: the raw token and
// its link, shown once.
type RaterInvited struct {
	Rater   survey.Rater `json:"rater"`
	Token   string       `json:"token"`
	Link    string       `json:"link"`
	Warning string       `json:"warning"`
}

// raterRef is the rater a route names.
func raterRef(c *gin.Context) survey.RaterRef {
	return survey.RaterRef{Campaign: c.Param("c"), Association: c.Param("association"), ID: c.Param("rater")}
}

func (s *handlers) listRaters(c *gin.Context) error {
	panel, err := s.svc.Raters(c.Request.Context(), httpx.Principal(c), c.Param("c"), c.Param("association"))
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(statusOK, panel)
	return nil
}

func (s *handlers) inviteRater(c *gin.Context) error {
	p := httpx.Principal(c)
	// the access check before the body: another association's route is a 404
	if _, err := s.svc.Raters(c.Request.Context(), p, c.Param("c"), c.Param("association")); err != nil {
		return err
	}
	var in raterInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	inv, err := s.svc.InviteRater(c.Request.Context(), p, c.Param("c"), c.Param("association"), in.Name)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(statusCreated, RaterInvited{Rater: inv.Rater, Token: inv.Token, Link: s.x.BaseURL(c) + "/s/" + inv.Token,
		Warning: "this token is shown once; send the link to the rater now"})
	return nil
}

func (s *handlers) getRaterResponse(c *gin.Context) error {
	r, err := s.svc.GetRaterResponse(c.Request.Context(), httpx.Principal(c), raterRef(c), c.Param("questionnaire"))
	if err != nil {
		return err
	}
	c.Header("ETag", etag(r.Revision))
	c.Header("Cache-Control", "no-store")
	c.JSON(statusOK, r)
	return nil
}

func (s *handlers) saveRaterDraft(c *gin.Context) error {
	p, rr := httpx.Principal(c), raterRef(c)
	return s.putDraft(c,
		func() (*survey.Response, error) { return s.raterForWrite(c, p, rr) },
		func(in survey.DraftInput) (*survey.Response, error) {
			return s.svc.SaveRaterDraft(c.Request.Context(), p, rr.ID, in)
		})
}

func (s *handlers) submitRater(c *gin.Context) error {
	p, rr := httpx.Principal(c), raterRef(c)
	return s.postSubmit(c,
		func() (*survey.Response, error) { return s.raterForWrite(c, p, rr) },
		func(in survey.SubmitInput) (*survey.Response, error) {
			return s.svc.SubmitRater(c.Request.Context(), p, rr.ID, in)
		})
}

// raterForWrite reads a rater's response for a write: only the rater
// itself writes, anyone else gets a 404 before the body is read.
func (s *handlers) raterForWrite(c *gin.Context, p survey.Principal, rr survey.RaterRef) (*survey.Response, error) {
	if p.Role != survey.RoleRater || p.Rater != rr {
		return nil, survey.ErrNotFound
	}
	return s.svc.GetRaterResponse(c.Request.Context(), p, rr, c.Param("questionnaire"))
}

func (s *handlers) divergence(c *gin.Context) error {
	d, err := s.svc.Divergence(c.Request.Context(), httpx.Principal(c), c.Param("c"), c.Param("association"), c.Param("questionnaire"))
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(statusOK, d)
	return nil
}

// raterRoutes are the only API operations (method and route) a rater
// token reaches (each still checks the rater's scope): its own responses,
// the divergence and the consensus once it has submitted, the campaign
// and the questionnaires.
var raterRoutes = map[string]bool{
	"GET /api/v1/campaigns/:c/associations/:association/raters/:rater/responses/:questionnaire":         true,
	"PUT /api/v1/campaigns/:c/associations/:association/raters/:rater/responses/:questionnaire":         true,
	"POST /api/v1/campaigns/:c/associations/:association/raters/:rater/responses/:questionnaire/submit": true,
	"GET /api/v1/campaigns/:c/associations/:association/divergence/:questionnaire":                      true,
	"GET /api/v1/campaigns/:c/responses/:association/:questionnaire":                                    true,
	"GET /api/v1/campaigns/:c":       true,
	"GET /api/v1/questionnaires/:id": true,
}

// raterScope answers 404 to a rater token on every other route, before
// its handler runs: a rater is no association and no staff.
func raterScope(c *gin.Context) error {
	if httpx.Principal(c).Role == survey.RoleRater && !raterRoutes[c.Request.Method+" "+c.FullPath()] {
		return fmt.Errorf("a rater token reaches its own responses only: %w", survey.ErrNotFound)
	}
	return nil
}
