package reports

import (
	"strings"

	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/scoring"
)

// The workbooks' own words are in the one catalog (package i18n); labels
// that come from a questionnaire are in whatever languages it has.

// Lang returns lang when the workbooks' own text exists in it, else English.
func Lang(lang string) string { return i18n.Lang(lang) }

// statusKey is the catalog key of an item's status ("Scored", "Not applicable", ...).
func statusKey(s scoring.Status) string {
	if s == scoring.StatusNA {
		return "answer.na"
	}
	return "st." + string(s)
}

// FileName is the name of an exported workbook, shared by the downloads
// and the command line: "assocbench-KIND-CAMPAIGN[-ID...].xlsx", empty ids
// left out and anything but letters, digits, '.', '-' and '_' replaced by '_'.
func FileName(kind, campaign string, ids ...string) string {
	parts := []string{"assocbench", kind, campaign}
	for _, id := range ids {
		if id != "" {
			parts = append(parts, id)
		}
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return '_'
	}, strings.Join(parts, "-")) + ".xlsx"
}
