package api

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/survey"
)

// ErrorBody is the JSON error envelope: {"error": {...}}.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail describes what went wrong.
type ErrorDetail struct {
	Code      string            `json:"code"`
	Message   string            `json:"message"`
	Fields    map[string]string `json:"fields,omitempty"`
	RequestID string            `json:"request_id,omitempty"`
}

// requestError is a problem with the HTTP request itself (not the domain).
type requestError struct {
	kind   error
	msg    string
	fields map[string]string
}

func (e *requestError) Error() string { return e.msg }
func (e *requestError) Unwrap() error { return e.kind }

// Request problem kinds, mapped in statusOf.
var (
	errBadRequest    = errors.New("bad request")
	errTooLarge      = errors.New("request body too large")
	errMediaType     = errors.New("unsupported media type")
	errRateLimited   = errors.New("rate limited")
	errNoRoute       = errors.New("no such route")
	errNotAllowed    = errors.New("method not allowed")
	errNotAcceptable = errors.New("not acceptable")
)

func badRequest(field, msg string) error {
	e := &requestError{kind: errBadRequest, msg: "bad request: " + msg}
	if field != "" {
		e.fields = map[string]string{field: msg}
	}
	return e
}

// rateLimitError carries how long to wait.
type rateLimitError struct{ retryAfter int }

func (e *rateLimitError) Error() string { return "too many requests" }
func (e *rateLimitError) Unwrap() error { return errRateLimited }

// statusTable is the one place where error kinds become HTTP statuses.
// Order matters: the first kind the error matches wins.
var statusTable = []struct {
	kind   error
	status int
	code   string
}{
	{survey.ErrStaleRevision, http.StatusPreconditionFailed, "stale_revision"},
	{survey.ErrPrecondition, http.StatusPreconditionRequired, "precondition_required"},
	{survey.ErrNotFound, http.StatusNotFound, "not_found"},
	{survey.ErrUnauthenticated, http.StatusUnauthorized, "unauthenticated"},
	{survey.ErrForbidden, http.StatusForbidden, "forbidden"},
	{survey.ErrClosed, http.StatusConflict, "closed"},
	{survey.ErrConflict, http.StatusConflict, "conflict"},
	{errTooLarge, http.StatusRequestEntityTooLarge, "too_large"},
	{errMediaType, http.StatusUnsupportedMediaType, "unsupported_media_type"},
	{errRateLimited, http.StatusTooManyRequests, "rate_limited"},
	{errNoRoute, http.StatusNotFound, "not_found"},
	{errNotAllowed, http.StatusMethodNotAllowed, "method_not_allowed"},
	{errNotAcceptable, http.StatusNotAcceptable, "not_acceptable"},
	{errBadRequest, http.StatusBadRequest, "bad_request"},
}

// statusOf maps an error to its HTTP status and code.
func statusOf(err error) (int, string) {
	var ve *survey.ValidationError
	if errors.As(err, &ve) {
		return http.StatusUnprocessableEntity, "invalid"
	}
	for _, row := range statusTable {
		if errors.Is(err, row.kind) {
			return row.status, row.code
		}
	}
	return http.StatusInternalServerError, "internal"
}

// errorDetail builds the body of an error; internal errors get a generic
// message and the request id (the detail goes to the log only).
func errorDetail(err error, reqID string) (int, ErrorDetail) {
	status, code := statusOf(err)
	d := ErrorDetail{Code: code, Message: err.Error(), RequestID: reqID}
	var ve *survey.ValidationError
	var re *requestError
	switch {
	case errors.As(err, &ve):
		d.Message, d.Fields = ve.Message, ve.Fields
	case errors.As(err, &re):
		d.Fields = re.fields
	}
	switch status {
	case http.StatusInternalServerError:
		d.Message = "internal error; quote request id " + reqID + " when reporting it"
	case http.StatusNotFound:
		d.Message = "not found"
	case http.StatusUnauthorized:
		d.Message = "missing, unknown, revoked or expired token"
	}
	return status, d
}

// abortWith writes err as the response (JSON for the API).
func (s *Server) abortWith(c *gin.Context, err error) {
	reqID := c.GetString(ctxRequestID)
	status, d := errorDetail(err, reqID)
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", "request_id", reqID, "route", c.FullPath(), "err", err)
	} else {
		s.log.Debug("request refused", "request_id", reqID, "status", status, "err", err)
	}
	var rl *rateLimitError
	if errors.As(err, &rl) {
		c.Header("Retry-After", strconv.Itoa(rl.retryAfter))
	}
	if status == http.StatusUnauthorized {
		c.Header("WWW-Authenticate", `Bearer realm="assocbench"`)
	}
	c.AbortWithStatusJSON(status, ErrorBody{Error: d})
}
