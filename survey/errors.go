package survey

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Sentinel errors. Wrap them with context (fmt.Errorf("...: %w", ErrNotFound));
// the API maps each to one HTTP status.
var (
	// ErrNotFound: the object does not exist, or the caller may not know it does.
	ErrNotFound = errors.New("not found")
	// ErrConflict: a stale revision, a duplicate id, an idempotency key reused with other content.
	ErrConflict = errors.New("conflict")
	// ErrForbidden: the caller is known but its role does not allow the action.
	ErrForbidden = errors.New("forbidden")
	// ErrUnauthenticated: no valid credentials.
	ErrUnauthenticated = errors.New("unauthenticated")
	// ErrClosed: the campaign is not open, or the response is submitted and read-only.
	ErrClosed = errors.New("closed")
	// ErrPrecondition: a required precondition (an If-Match revision) is missing.
	ErrPrecondition = errors.New("precondition required")
	// ErrNoRelease: the campaign has no release yet, so nothing about other
	// associations can be shown (an administrator publishes one).
	ErrNoRelease = errors.New("no release")
)

// ErrStaleRevision is the ErrConflict of a draft saved from a revision
// that is no longer the stored one.
var ErrStaleRevision = fmt.Errorf("stale revision: %w", ErrConflict)

// ValidationError reports bad input, field by field.
type ValidationError struct {
	// Message summarises the problem.
	Message string
	// Fields maps a field (a question id, a JSON field, "file:line") to what is wrong with it.
	Fields map[string]string
}

// Error lists the fields in order.
func (e *ValidationError) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e.Fields[k]
	}
	return e.Message + ": " + strings.Join(parts, "; ")
}

// invalid returns a ValidationError for one field.
func invalid(field, format string, args ...any) *ValidationError {
	msg := fmt.Sprintf(format, args...)
	return &ValidationError{Message: "invalid input", Fields: map[string]string{field: msg}}
}

// fieldErrors collects problems with several fields.
type fieldErrors map[string]string

func (f fieldErrors) add(field, format string, args ...any) {
	if _, ok := f[field]; !ok {
		f[field] = fmt.Sprintf(format, args...)
	}
}

func (f fieldErrors) err(msg string) error {
	if len(f) == 0 {
		return nil
	}
	return &ValidationError{Message: msg, Fields: f}
}

// IsNotFound reports whether err is (or wraps) ErrNotFound.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }
