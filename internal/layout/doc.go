// Package layout holds the test that keeps the import direction of
// DESIGN.md §2: i18n <- questionnaires <- scoring <- survey <-
// (survey/mongostore, reports) <- httpx <- (api, web) <- cmd, and each
// third-party dependency inside the package that owns it. It has no code
// of its own.
package layout
