// Package questionnaires defines assocbench's questionnaires: the model
// (questionnaire, section, question, choice, indicator, maturity level,
// multilingual text), a strict YAML/JSON loader that reports every problem
// as FILE:LINE: PATH: message, safe expressions (relevance, constraints and
// computed indicators, compiled once with expr-lang and limited to a small
// whitelist of helpers), typed answers and their validation for draft saves
// and submissions and the built-in instrument under library/. XLSForm
// import and export live in questionnaires/xlsform, which uses the small
// surface of surface.go.
//
// The format is documented in docs/questionnaire-format.md; schema.json is
// its JSON Schema for editors.
package questionnaires
