// Package survey is assocbench's domain: associations, campaigns,
// responses, tokens, audit events, the sentinel errors, the Store interface
// (defined here, by its consumer; survey/mongostore implements it) and the
// Service that applies the business rules:
//
//   - object-level authorization: every Service method takes the caller's
//     Principal; an association reaching another association's objects
//     gets ErrNotFound, never a hint that they exist;
//   - drafts carry the revision they read: a stale save is ErrConflict;
//   - submission validates fully, scores, and stores the scores and the
//     association's peer attributes of that moment; it is idempotent by
//     key (same key and same answers: the stored result; same key, other
//     answers: ErrConflict);
//   - a submitted response is read-only until an administrator reopens it
//     (the earlier submission is kept in its history);
//   - nothing is written to a campaign that is not open (ErrClosed);
//   - raw tokens exist only in the caller's hands: the store keeps their
//     SHA-256 hash.
package survey
