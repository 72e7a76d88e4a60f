package reports

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Every worksheet declares its used range in a <dimension> element, and
// readers in read-only mode trust it (openpyxl, hence pyxform, reads a
// sheet declared "A1" as one cell). excelize leaves the "A1" of a new
// sheet in place, so each workbook sets it before writing:
//   - a sheet written cell by cell gets the bounding box of its values
//     (usedRange);
//   - a sheet written through the StreamWriter whose size is known before
//     its first row gets that size (WriteCellsFloor);
//   - a streamed sheet whose number of rows is known only after the last
//     row (the responses export) has no dimension element at all, which
//     the format allows and which makes every reader read every row.
//
// The dimension tests in dimension_test.go read every kind of workbook
// back and compare the element with the cells actually there.

// dimensions sets the used range of every sheet of the book not written
// through the StreamWriter.
func (b *book) dimensions() {
	for _, name := range b.sheets {
		if b.streamed[name] {
			continue
		}
		b.fail(setUsedRange(b.f, name))
	}
}

// stream marks a sheet as written through the StreamWriter with a number
// of rows not known in advance, and removes its dimension element (the
// stream writer copies the sheet's settings when it starts).
func (b *book) stream(name string) {
	if b.streamed == nil {
		b.streamed = map[string]bool{}
	}
	b.streamed[name] = true
	b.fail(b.f.SetSheetDimension(name, ""))
}

// setUsedRange sets the dimension of a sheet held in memory to the
// bounding box of its non-empty cells (A1 when it has none).
func setUsedRange(f *excelize.File, sheet string) error {
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return fmt.Errorf("used range of %s: %w", sheet, err)
	}
	ref, err := usedRange(rows)
	if err != nil {
		return fmt.Errorf("used range of %s: %w", sheet, err)
	}
	if err := f.SetSheetDimension(sheet, ref); err != nil {
		return fmt.Errorf("used range of %s: %w", sheet, err)
	}
	return nil
}

// usedRange is the range reference of the bounding box of the non-empty
// cells of rows (cell values by row, as GetRows gives them).
func usedRange(rows [][]string) (string, error) {
	minR, minC, maxR, maxC := 0, 0, 0, 0
	for r, row := range rows {
		for c, v := range row {
			if v == "" {
				continue
			}
			if minR == 0 {
				minR, minC, maxC = r+1, c+1, c+1
			}
			maxR = r + 1
			minC, maxC = min(minC, c+1), max(maxC, c+1)
		}
	}
	if minR == 0 {
		return "A1", nil
	}
	return rangeRef(minC, minR, maxC, maxR)
}

// rangeRef names the range from (c1, r1) to (c2, r2), or the single cell.
func rangeRef(c1, r1, c2, r2 int) (string, error) {
	from, err := excelize.CoordinatesToCellName(c1, r1)
	if err != nil {
		return "", err
	}
	if c1 == c2 && r1 == r2 {
		return from, nil
	}
	to, err := excelize.CoordinatesToCellName(c2, r2)
	if err != nil {
		return "", err
	}
	return from + ":" + to, nil
}
