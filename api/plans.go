package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/reports"
	"github.com/assocbench/assocbench/survey"
)

// The plan routes: an association reads and saves its action plan for a
// campaign (with If-Match, as a draft); an administrator reads and
// reopens one; analysts read only the publication's plan table.

// planItemInput is one item of PUT /campaigns/{c}/plans/{association}.
// points and history are the server's: accepted (a client may send back
// what it read) and ignored.
type planItemInput struct {
	Questionnaire string          `json:"questionnaire"`
	Item          string          `json:"item"`
	Action        string          `json:"action"`
	Owner         string          `json:"owner"`
	Due           string          `json:"due"`
	Status        string          `json:"status"`
	Target        *float64        `json:"target"`
	Links         []string        `json:"links"`
	Points        json.RawMessage `json:"points"`
	History       json.RawMessage `json:"history"`
}

// planInput is the body of PUT /campaigns/{c}/plans/{association}.
type planInput struct {
	Items []planItemInput `json:"items"`
}

// planItems converts the body's items; a missing target is a field error.
func (in planInput) planItems() ([]survey.PlanItem, error) {
	if in.Items == nil {
		return nil, httpx.BadRequest("items", "required: a list of plan items (empty to clear the plan)")
	}
	out := make([]survey.PlanItem, len(in.Items))
	for i, it := range in.Items {
		if it.Target == nil {
			return nil, httpx.BadRequest(fmt.Sprintf("items[%d].target", i), "required: the points aimed at, 0 to 100")
		}
		out[i] = survey.PlanItem{Questionnaire: it.Questionnaire, Item: it.Item, Action: it.Action, Owner: it.Owner, Due: it.Due,
			Status: survey.PlanStatus(it.Status), Target: *it.Target, Links: it.Links}
	}
	return out, nil
}

func (s *handlers) getPlan(c *gin.Context) error {
	v, err := s.svc.GetPlan(c.Request.Context(), httpx.Principal(c), c.Param("c"), c.Param("association"))
	if err != nil {
		return err
	}
	c.Header("ETag", etag(v.Plan.Revision))
	c.Header("Cache-Control", "no-store")
	c.JSON(statusOK, v)
	return nil
}

func (s *handlers) putPlan(c *gin.Context) error {
	ctx, p := c.Request.Context(), httpx.Principal(c)
	rev, err := ifMatch(c)
	if err != nil {
		return err
	}
	// access before reading the body
	if _, err := s.svc.GetPlan(ctx, p, c.Param("c"), c.Param("association")); err != nil {
		return err
	}
	var in planInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	items, err := in.planItems()
	if err != nil {
		return err
	}
	v, err := s.svc.SavePlan(ctx, p, survey.PlanInput{Campaign: c.Param("c"), Association: c.Param("association"), Revision: rev, Items: items})
	if err != nil {
		return err
	}
	c.Header("ETag", etag(v.Plan.Revision))
	c.Header("Cache-Control", "no-store")
	c.JSON(statusOK, v)
	return nil
}

func (s *handlers) reopenPlan(c *gin.Context) error {
	pl, err := s.svc.ReopenPlan(c.Request.Context(), httpx.Principal(c), c.Param("c"), c.Param("association"))
	if err != nil {
		return err
	}
	c.Header("ETag", etag(pl.Revision))
	c.JSON(statusOK, pl)
	return nil
}

func (s *handlers) planTable(c *gin.Context) error {
	g, err := groupBy(c)
	if err != nil {
		return err
	}
	t, err := s.svc.PlanTable(c.Request.Context(), httpx.Principal(c), c.Param("c"), g)
	if err != nil {
		return err
	}
	c.JSON(statusOK, t)
	return nil
}

// importPlan reads the plan sheet of a scorecard workbook back: POST
// /campaigns/{c}/plans/{association}/workbook. Problems of the sheet, and
// the service's refusals, come back at their cells; a sheet written from
// an older revision than the stored one is a stale save (412).
func (s *handlers) importPlan(c *gin.Context) error {
	ctx, p := c.Request.Context(), httpx.Principal(c)
	campaign, association := c.Param("c"), c.Param("association")
	if _, err := s.svc.GetPlan(ctx, p, campaign, association); err != nil { // access before reading the body
		return err
	}
	if err := requireXLSX(c); err != nil {
		return err
	}
	b, err := readBody(c, httpx.MaxUploadBody)
	if err != nil {
		return err
	}
	ps, problems := reports.ReadPlanSheet(bytes.NewReader(b), httpx.Lang(c))
	if len(problems) > 0 {
		return problemsError(problems)
	}
	if ps.Campaign != campaign || ps.Association != association {
		return problemsError([]reports.Problem{{Message: fmt.Sprintf("this plan sheet is of %s in %s, not of %s in %s",
			ps.Association, ps.Campaign, association, campaign)}})
	}
	v, err := s.svc.SavePlan(ctx, p, survey.PlanInput{Campaign: campaign, Association: association, Revision: ps.Revision, Items: ps.Items})
	var ve *survey.ValidationError
	if errors.As(err, &ve) {
		return problemsError(ps.Locate(ve))
	}
	if err != nil {
		return err
	}
	c.Header("ETag", etag(v.Plan.Revision))
	c.Header("Cache-Control", "no-store")
	c.JSON(statusOK, v)
	return nil
}
