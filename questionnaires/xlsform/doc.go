// Package xlsform translates between assocbench questionnaires and XLSForm
// workbooks (https://xlsform.org, the spreadsheet format of ODK and
// KoboToolbox): Import reads a workbook into a definition (YAML source,
// loaded with questionnaires.Load), Export writes one that pyxform, the
// converter behind ODK Central and KoboToolbox, turns into a full XForm in
// ODK's XPath only, with assocbench's own columns to give the same
// questionnaire back. The mapping is documented in xlsform.go (reading the
// workbook); yaml.go writes the definition with the cell of every line;
// xpath.go reads XLSForm expressions, xpath_write.go writes them and
// xlsform_odk.go turns them into ODK's XPath; xlsform_names.go maps choice
// names that are not ids; xlsform_export.go writes the workbook.
package xlsform
