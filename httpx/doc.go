// Package httpx is what assocbench's two HTTP surfaces share: the JSON API
// (package api) and the server-rendered pages (package web). It builds the
// gin engine with the middleware every request goes through (request id,
// access log, metrics, panic recovery, security headers, a cap on every
// body), authenticates callers (bearer tokens and the pages' session
// cookie with its double-submitted CSRF token), applies the rate limits,
// picks the language of messages, and holds the one table that maps
// errors to HTTP statuses (errors.go).
//
// Only api, web and this package import gin (see the layout test in
// internal/layout). cmd/assocbench builds a Server with New, then mounts
// the API (api.Mount) and the pages (web.Mount) on it.
package httpx
