// Package reports writes assocbench's Excel workbooks (excelize) and
// chart options (go-echarts): the association scorecard, the working
// group's session pack, the raw responses export and the offline fill-in
// workbook (and reads it back). It writes to an io.Writer and never
// imports api or mongostore.
//
// The workbooks:
//
//   - WriteScorecard: an association's scores, maturity levels, percentile
//     ranks per peer group, a native radar chart of its section scores
//     against the peer median, and one sheet per area with every item's
//     answer, points, weight, status and an explanation in words.
//   - WritePack: a working group's session pack (survey.Service.SessionPack):
//     region comparison tables with column charts, practice prevalence with
//     a colour scale, trends with a chart, mentoring matches, a data
//     dictionary.
//   - WriteResponses: every submitted response, one row each, streamed
//     (administrators).
//   - WriteFillIn and ReadFillIn: a questionnaire to fill in offline, and
//     its answers read back with every problem at its sheet and cell.
//
// Peer figures that the anonymity rules hide are written in words ("fewer
// than 5 responses"), never as 0, and charts leave a gap for them. Text is
// never a formula: see the comment on needsQuote in book.go. The words of
// the workbooks exist in English, French, Spanish and Arabic (right to
// left); labels come from the questionnaires in the language asked for.
package reports
