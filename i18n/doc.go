// Package i18n is assocbench's one message catalog: the words of the web
// pages, of the Excel workbooks, of answer validation and of the command
// line, in one list of languages (Languages: en, fr, es, ar), with plural
// forms chosen by each language's CLDR rules (golang.org/x/text/feature/plural)
// and dates and times written with each language's CLDR patterns.
//
// A message is a Text: its wording in each language, in the order of
// Languages, with fmt verbs for its arguments (every language has the
// same verbs, in the same order). T looks a message up; N looks up a
// counted message, whose wording in each language lists one form per
// CLDR plural category ("one=%d answer|other=%d answers"), and picks the
// form of the count. A key that does not exist, in T or N, panics: the
// tests in this package check that every key the code uses exists in
// every language, that every key is used, and that no English phrase has
// two keys (and so two translations).
//
// The package imports nothing of assocbench, so that every package may
// use it (questionnaires included). Questionnaire text is not here: it
// comes with the definitions (questionnaires.Text).
package i18n
