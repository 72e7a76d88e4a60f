package httpx

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

// RequestError is a problem with the HTTP request itself (not the
// domain): Kind is one of the Err* kinds below, Fields name the parts of
// the request at fault.
type RequestError struct {
	Kind   error
	Msg    string
	Fields map[string]string
}

// Error returns the message.
func (e *RequestError) Error() string { return e.Msg }

// Unwrap returns the kind, which the status table maps.
func (e *RequestError) Unwrap() error { return e.Kind }

// Request problem kinds, mapped in StatusOf.
var (
	ErrBadRequest    = errors.New("bad request")
	ErrTooLarge      = errors.New("request body too large")
	ErrMediaType     = errors.New("unsupported media type")
	ErrRateLimited   = errors.New("rate limited")
	ErrNoRoute       = errors.New("no such route")
	ErrNotAllowed    = errors.New("method not allowed")
	ErrNotAcceptable = errors.New("not acceptable")
)

// BadRequest is a malformed request; field, when not empty, names the
// part at fault (a JSON field, a header).
func BadRequest(field, msg string) error {
	e := &RequestError{Kind: ErrBadRequest, Msg: "bad request: " + msg}
	if field != "" {
		e.Fields = map[string]string{field: msg}
	}
	return e
}

// rateLimitError carries how long to wait.
type rateLimitError struct{ retryAfter int }

func (e *rateLimitError) Error() string { return "too many requests" }
func (e *rateLimitError) Unwrap() error { return ErrRateLimited }

// RetryAfter says how many seconds a rate-limited caller should wait.
func RetryAfter(err error) (seconds int, ok bool) {
	var rl *rateLimitError
	if errors.As(err, &rl) {
		return rl.retryAfter, true
	}
	return 0, false
}

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
	{survey.ErrNoRelease, http.StatusConflict, "no_release"},
	{survey.ErrConflict, http.StatusConflict, "conflict"},
	{ErrTooLarge, http.StatusRequestEntityTooLarge, "too_large"},
	{ErrMediaType, http.StatusUnsupportedMediaType, "unsupported_media_type"},
	{ErrRateLimited, http.StatusTooManyRequests, "rate_limited"},
	{ErrNoRoute, http.StatusNotFound, "not_found"},
	{ErrNotAllowed, http.StatusMethodNotAllowed, "method_not_allowed"},
	{ErrNotAcceptable, http.StatusNotAcceptable, "not_acceptable"},
	{ErrBadRequest, http.StatusBadRequest, "bad_request"},
}

// StatusOf maps an error to its HTTP status and code.
func StatusOf(err error) (int, string) {
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
	status, code := StatusOf(err)
	d := ErrorDetail{Code: code, Message: err.Error(), RequestID: reqID}
	var ve *survey.ValidationError
	var re *RequestError
	switch {
	case errors.As(err, &ve):
		d.Message, d.Fields = ve.Message, ve.Fields
	case errors.As(err, &re):
		d.Fields = re.Fields
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

// AbortWith writes err as the JSON error answer and stops the request.
func (s *Server) AbortWith(c *gin.Context, err error) {
	reqID := RequestID(c)
	status, d := errorDetail(err, reqID)
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", "request_id", reqID, "route", c.FullPath(), "err", err)
	} else {
		s.log.Debug("request refused", "request_id", reqID, "status", status, "err", err)
	}
	if secs, ok := RetryAfter(err); ok {
		c.Header("Retry-After", strconv.Itoa(secs))
	}
	if status == http.StatusUnauthorized {
		c.Header("WWW-Authenticate", `Bearer realm="assocbench"`)
	}
	c.AbortWithStatusJSON(status, ErrorBody{Error: d})
}
