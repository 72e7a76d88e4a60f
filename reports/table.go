package reports

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// ReadTable reads the first sheet of an .xlsx workbook as rows of cell
// text (an import of many associations, for instance), within the limits
// of an uploaded fill-in workbook. sheet is the sheet's name.
func ReadTable(r io.Reader) (sheet string, rows [][]string, err error) {
	f, err := openWorkbook(r)
	if err != nil {
		return "", nil, fmt.Errorf("read table: not an .xlsx workbook: %w", err)
	}
	defer f.Close()
	list := f.GetSheetList()
	if len(list) == 0 {
		return "", nil, fmt.Errorf("read table: the workbook has no sheet")
	}
	rows, err = f.GetRows(list[0])
	if err != nil {
		return "", nil, fmt.Errorf("read table %s: %w", list[0], err)
	}
	return list[0], rows, nil
}

// WriteTable writes rows as the one sheet of a workbook, every cell as
// text (never a formula), the first row bold: the template of a table
// to import.
func WriteTable(w io.Writer, sheet string, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	for r, cells := range rows {
		for c, v := range cells {
			if err := f.SetCellStr(sheet, cell(c+1, r+1), v); err != nil {
				return fmt.Errorf("write table: %w", err)
			}
		}
	}
	if len(rows) > 0 && len(rows[0]) > 0 {
		bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
		if err != nil {
			return fmt.Errorf("write table: %w", err)
		}
		if err := f.SetCellStyle(sheet, "A1", cell(len(rows[0]), 1), bold); err != nil {
			return fmt.Errorf("write table: %w", err)
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	return nil
}
