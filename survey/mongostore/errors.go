package mongostore

import (
	"errors"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/assocbench/assocbench/survey"
)

// ferretInternalError is the code of FerretDB's "(InternalError)" errors.
const ferretInternalError = 1

// storeErr wraps err with the operation's description, mapping the driver
// errors that mean something to the domain onto its sentinels:
//
//   - mongo.ErrNoDocuments becomes survey.ErrNotFound;
//   - a duplicate key becomes survey.ErrConflict: an insert's E11000 on
//     MongoDB and FerretDB alike (mongo.IsDuplicateKeyError), and FerretDB's
//     "(InternalError) ... UNIQUE constraint failed", which is how FerretDB v1
//     reports an update that breaks a unique index (DESIGN.md §3).
//
// Other errors (network, context, validation) are wrapped as they are, so
// that errors.Is still finds context.Canceled and the like. A nil err gives nil.
func storeErr(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	op := fmt.Sprintf(format, args...)
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		return fmt.Errorf("%s: %w", op, survey.ErrNotFound)
	case isDuplicateKey(err):
		return fmt.Errorf("%s: %w: duplicate key", op, survey.ErrConflict)
	}
	return fmt.Errorf("%s: %w", op, err)
}

// isDuplicateKey reports whether err is a unique-index violation, as MongoDB
// or FerretDB reports it.
func isDuplicateKey(err error) bool {
	if mongo.IsDuplicateKeyError(err) {
		return true
	}
	var se mongo.ServerError
	return errors.As(err, &se) && se.HasErrorCode(ferretInternalError) &&
		strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// notFound returns survey.ErrNotFound wrapped with the operation's description.
func notFound(format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), survey.ErrNotFound)
}

// conflict returns survey.ErrConflict wrapped with the operation's description
// and the reason.
func conflict(reason, format string, args ...any) error {
	return fmt.Errorf("%s: %w: %s", fmt.Sprintf(format, args...), survey.ErrConflict, reason)
}
