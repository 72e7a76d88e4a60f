package reports

import (
	"bytes"
	"io"
	"slices"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// ReadCells reads every sheet's cell values of a workbook, and how many
// cells it holds (used to measure a workbook against WriteCellsFloor).
func ReadCells(xlsx []byte) (map[string][][]string, int, error) {
	f, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	out, n := map[string][][]string{}, 0
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			return nil, 0, err
		}
		out[sh] = rows
		for _, r := range rows {
			n += len(r)
		}
	}
	return out, n, nil
}

// WriteCellsFloor writes sheets (cell values by sheet name, as ReadCells
// gives them) with excelize's StreamWriter, numbers as numbers, nothing
// else: the floor of the dependency that assocbench bench measures a
// workbook such as the session pack against.
func WriteCellsFloor(w io.Writer, sheets map[string][][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range sheets {
			if !yield(k) {
				return
			}
		}
	})
	for i, name := range names {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := floorDimension(f, name, sheets[name]); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		for r, row := range sheets[name] {
			vals := make([]any, len(row))
			for c, v := range row {
				if x, err := strconv.ParseFloat(v, 64); err == nil {
					vals[c] = x
				} else {
					vals[c] = v
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := sw.SetRow(cell, vals); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// floorDimension sets the used range of a sheet about to be streamed from
// its cell values (the stream writer writes the dimension first).
func floorDimension(f *excelize.File, name string, rows [][]string) error {
	ref, err := usedRange(rows)
	if err != nil {
		return err
	}
	return f.SetSheetDimension(name, ref)
}
