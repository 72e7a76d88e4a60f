package questionnaires

import "github.com/assocbench/assocbench/i18n"

// msgKey is the key of a validation message in the catalog (package
// i18n, file catalog.go, map validation).
type msgKey string

// The validation messages.
const (
	msgUnknownQuestion msgKey = "v.unknown_question"
	msgNote            msgKey = "v.note"
	msgWrongKind       msgKey = "v.wrong_kind"
	msgWantText        msgKey = "v.want_text"
	msgWantNumber      msgKey = "v.want_number"
	msgWantWhole       msgKey = "v.want_whole"
	msgWantChoice      msgKey = "v.want_choice"
	msgWantChoices     msgKey = "v.want_choices"
	msgDuplicateChoice msgKey = "v.duplicate_choice"
	msgExclusive       msgKey = "v.exclusive"
	msgWantYesNo       msgKey = "v.want_yes_no"
	msgWantLevel       msgKey = "v.want_level"
	msgNANotAllowed    msgKey = "v.na_not_allowed"
	msgTooLong         msgKey = "v.too_long"
	msgControl         msgKey = "v.control"
	msgDate            msgKey = "v.date"
	msgWantRows        msgKey = "v.want_rows"
	msgUnknownRow      msgKey = "v.unknown_row"
	msgRubricShape     msgKey = "v.rubric_shape"
	msgEvidence        msgKey = "v.evidence"
	msgPercent         msgKey = "v.percent"
	msgRequired        msgKey = "v.required"
	msgMin             msgKey = "v.min"
	msgMax             msgKey = "v.max"
	msgMinSelected     msgKey = "v.min_selected"
	msgMaxSelected     msgKey = "v.max_selected"
	msgNotRelevant     msgKey = "v.not_relevant"
	msgConstraint      msgKey = "v.constraint"
	msgChoiceFiltered  msgKey = "v.choice_filtered"
)

// MessageLanguages are the languages validation messages are written in:
// the catalog's.
var MessageLanguages = i18n.Languages

// msg is the validation message k in lang; the message "is too long"
// takes the plural form of its count.
func msg(lang string, k msgKey, args ...any) string {
	if k == msgTooLong && len(args) == 1 {
		if n, ok := args[0].(int); ok {
			return i18n.N(lang, string(k), n, n)
		}
	}
	return i18n.T(lang, string(k), args...)
}
