// Package api is assocbench's HTTP surface: the JSON API under /api/v1
// (described by openapi.yaml, served at /api/v1/openapi.yaml), the
// server-rendered pages for respondents, working groups and
// administrators, authentication (bearer tokens and session cookies),
// authorization middleware, rate limits, request size limits, access
// logs, Prometheus metrics, and the one table that maps domain errors to
// HTTP statuses (errors.go). It is the only package that imports gin.
//
// Every route is registered in routes.go. Handlers return errors; they
// never write an error status themselves.
package api
