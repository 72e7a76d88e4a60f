// Package api is assocbench's JSON API under /api/v1, described by
// openapi.yaml (served at /api/v1/openapi.yaml): questionnaires,
// associations, tokens, campaigns, responses, scores, benchmarks,
// prevalence, trends, mentoring and the workbook exports. Authentication,
// rate limits, body caps and the table that maps errors to statuses are
// package httpx's, shared with the pages (package web).
//
// Mount registers every route (routes.go). Handlers return errors; they
// never write an error status themselves. Request bodies are decoded
// strictly (input.go) and validated with validator/v10 tags (validate.go).
package api
