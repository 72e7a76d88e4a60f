// Package reports writes assocbench's Excel workbooks (excelize) and
// chart options (go-echarts): the association scorecard, the working
// group's session pack, the raw responses export and the offline fill-in
// workbook (and reads it back). It writes to an io.Writer and never
// imports api or mongostore.
package reports
