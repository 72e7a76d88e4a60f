// Package xlsform translates between assocbench questionnaires and XLSForm
// workbooks (https://xlsform.org, the spreadsheet format of ODK and
// KoboToolbox): Import reads a workbook into a definition (YAML source,
// loaded with questionnaires.Load), Export writes one that pyxform, the
// converter behind ODK Central and KoboToolbox, turns into a full XForm in
// ODK's XPath only, with assocbench's own columns to give the same
// questionnaire back. The mapping is documented in xlsform.go, the XPath
// translation for ODK in xlsform_odk.go, choice names in xlsform_names.go.
package xlsform
