package api

import (
	"mime"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/survey"
)

// The good-practice library's routes (survey/practices.go).

func (s *handlers) practiceRoutes(a *gin.RouterGroup) {
	h := func(fn func(*gin.Context) error) gin.HandlerFunc {
		return s.x.Handle(func(c *gin.Context) error {
			c.Header("Cache-Control", "no-store") // entries are for signed-in readers only
			return fn(c)
		})
	}
	a.GET("/practices", h(s.listPractices))
	a.POST("/practices/resources", h(s.createResource))
	a.POST("/practices/stories", h(s.offerStory))
	a.GET("/practices/:id", h(s.getPractice))
	a.GET("/practices/:id/file", h(s.practiceFile))
	a.POST("/practices/:id/approve", h(s.approvePractice))
	a.DELETE("/practices/:id", h(s.withdrawPractice))
}

func (s *handlers) listPractices(c *gin.Context) error {
	f := survey.PracticeFilter{Area: c.Query("area"), Item: c.Query("item"), Region: c.Query("region"),
		Language: c.Query("lang"), Query: c.Query("q"), Kind: survey.PracticeKind(c.Query("kind")), Pending: c.Query("pending") == "true"}
	if f.Kind != "" && f.Kind != survey.KindResource && f.Kind != survey.KindStory {
		return &survey.ValidationError{Message: "invalid query", Fields: map[string]string{"kind": "must be resource or story"}}
	}
	ps, err := s.svc.ListPractices(c.Request.Context(), httpx.Principal(c), f)
	if err != nil {
		return err
	}
	if ps == nil {
		ps = []*survey.Practice{}
	}
	c.JSON(statusOK, gin.H{"practices": ps})
	return nil
}

func (s *handlers) getPractice(c *gin.Context) error {
	pr, err := s.svc.GetPractice(c.Request.Context(), httpx.Principal(c), c.Param("id"))
	if err != nil {
		return err
	}
	c.JSON(statusOK, pr)
	return nil
}

// practiceFile serves an entry's document as an attachment, never to be
// rendered by the browser.
func (s *handlers) practiceFile(c *gin.Context) error {
	f, data, err := s.svc.PracticeFileData(c.Request.Context(), httpx.Principal(c), c.Param("id"))
	if err != nil {
		return err
	}
	ServeDocument(c, f, data)
	return nil
}

// ServeDocument writes an uploaded document: its checked type,
// Content-Disposition attachment, nosniff and a sandboxing policy.
func ServeDocument(c *gin.Context, f *survey.PracticeFile, data []byte) {
	h := c.Writer.Header()
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cache-Control", "private, no-store")
	c.Data(http.StatusOK, survey.FileContentType(f.Type), data)
}

// maxResourceBody is the largest resource upload: the 10 MiB document
// and its form fields.
const maxResourceBody = httpx.MaxDocumentBody

// createResource adds a resource: JSON with a link, or
// multipart/form-data with the fields and a file part.
func (s *handlers) createResource(c *gin.Context) error {
	if err := requireRoleEarly(c, survey.RoleAdmin, survey.RoleAnalyst); err != nil {
		return err
	}
	mt, params, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	var in survey.ResourceInput
	var file *survey.PracticeFile
	var data []byte
	switch mt {
	case "application/json":
		if err := decodeJSON(c, &in); err != nil {
			return err
		}
	case "multipart/form-data":
		b, err := readBody(c, maxResourceBody)
		if err != nil {
			return err
		}
		form, name, content, err := httpx.ReadMultipart(b, params["boundary"])
		if err != nil {
			return err
		}
		in = survey.ResourceFromForm(form)
		if name != "" || content != nil {
			if file, err = survey.CheckUpload(name, content); err != nil {
				return err
			}
			data = content
		}
	default:
		return &httpx.RequestError{Kind: httpx.ErrMediaType, Msg: "send JSON, or multipart/form-data with a file"}
	}
	pr, err := s.svc.CreateResource(c.Request.Context(), httpx.Principal(c), in, file, data)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, pr)
	return nil
}

func (s *handlers) offerStory(c *gin.Context) error {
	if err := requireRoleEarly(c, survey.RoleAssociation); err != nil {
		return err
	}
	var in survey.StoryInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	pr, err := s.svc.OfferStory(c.Request.Context(), httpx.Principal(c), in)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, pr)
	return nil
}

func (s *handlers) approvePractice(c *gin.Context) error {
	pr, err := s.svc.ApprovePractice(c.Request.Context(), httpx.Principal(c), c.Param("id"))
	if err != nil {
		return err
	}
	c.JSON(statusOK, pr)
	return nil
}

func (s *handlers) withdrawPractice(c *gin.Context) error {
	if err := s.svc.WithdrawPractice(c.Request.Context(), httpx.Principal(c), c.Param("id")); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}
