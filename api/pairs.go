package api

import (
	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/survey"
)

// The mentorship pilot's pair routes: administrators and analysts write a
// run's matches as proposals; everyone signed in lists the pairs it may
// see; the mentor and the mentee act on their own pairs (administrators
// start and cancel).

// pairActionInput is the body of POST /campaigns/{c}/mentoring/pairs/{pair}.
type pairActionInput struct {
	Action  string `json:"action" validate:"required,oneof=accept decline start complete cancel check_in feedback"`
	Reason  string `json:"reason" validate:"max=500"`
	Date    string `json:"date" validate:"omitempty,datetime=2006-01-02"`
	Minutes int    `json:"minutes" validate:"min=0,max=600"`
	Topics  string `json:"topics" validate:"max=1000"`
	Rating  int    `json:"rating" validate:"min=0,max=5"`
	Text    string `json:"text" validate:"max=2000"`
}

func (s *handlers) proposePairs(c *gin.Context) error {
	if err := requireRoleEarly(c, survey.RoleAdmin, survey.RoleAnalyst); err != nil {
		return err
	}
	res, err := s.svc.ProposeMentoring(c.Request.Context(), httpx.Principal(c), c.Param("c"))
	if err != nil {
		return err
	}
	c.JSON(statusOK, res)
	return nil
}

func (s *handlers) listPairs(c *gin.Context) error {
	days, err := queryInt(c, "reminder_days", "must be a whole number of days")
	if err != nil {
		return err
	}
	v, err := s.svc.ListPairs(c.Request.Context(), httpx.Principal(c), c.Param("c"), days)
	if err != nil {
		return err
	}
	c.JSON(statusOK, v)
	return nil
}

func (s *handlers) actOnPair(c *gin.Context) error {
	var in pairActionInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := validateBody(&in, "invalid pair action"); err != nil {
		return err
	}
	pr, err := s.svc.ActOnPair(c.Request.Context(), httpx.Principal(c), c.Param("c"), c.Param("pair"), survey.PairAction{
		Action: in.Action, Reason: in.Reason, Date: in.Date, Minutes: in.Minutes, Topics: in.Topics, Rating: in.Rating, Text: in.Text})
	if err != nil {
		return err
	}
	c.JSON(statusOK, pr)
	return nil
}

func (s *handlers) mentoringOutcomes(c *gin.Context) error {
	g, err := groupBy(c)
	if err != nil {
		return err
	}
	t, err := s.svc.MentoringOutcomes(c.Request.Context(), httpx.Principal(c), c.Param("c"), g)
	if err != nil {
		return err
	}
	c.JSON(statusOK, t)
	return nil
}
