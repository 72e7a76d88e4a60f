package api

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"
)

// OpenAPI is the OpenAPI 3.0 description of the JSON API.
//
//go:embed openapi.yaml
var OpenAPI []byte

func (s *handlers) openapi(c *gin.Context) {
	c.Data(http.StatusOK, "application/yaml; charset=utf-8", OpenAPI)
}
