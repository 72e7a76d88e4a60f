package reports_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/assocbench/assocbench/reports"
)

// sheetXML is what checkDimensions reads of a worksheet part.
type sheetXML struct {
	Dimension *struct {
		Ref string `xml:"ref,attr"`
	} `xml:"dimension"`
	Rows []struct {
		Cells []struct {
			Ref    string `xml:"r,attr"`
			Type   string `xml:"t,attr"`
			V      string `xml:"v"`
			F      string `xml:"f"`
			Inline string `xml:"is>t"`
		} `xml:"c"`
	} `xml:"sheetData>row"`
}

// checkDimensions reads every worksheet of an xlsx without excelize (zip
// and XML, as a reader trusting the dimension would) and fails unless
// each one either declares exactly the bounding box of its non-empty cells
// in <dimension>, or declares none (streamed sheets, which readers then
// read to the end). A wrong dimension makes openpyxl's read-only mode,
// hence pyxform, see only part of the sheet.
func checkDimensions(t *testing.T, data []byte) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	var shared []string
	sheets := map[string][]byte{}
	for _, zf := range z.File {
		isSheet := strings.HasPrefix(zf.Name, "xl/worksheets/sheet") && strings.HasSuffix(zf.Name, ".xml")
		if !isSheet && zf.Name != "xl/sharedStrings.xml" {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if isSheet {
			sheets[zf.Name] = b
			continue
		}
		var sst struct {
			SI []struct {
				T string   `xml:"t"`
				R []string `xml:"r>t"`
			} `xml:"si"`
		}
		if err := xml.Unmarshal(b, &sst); err != nil {
			t.Fatalf("sharedStrings: %v", err)
		}
		for _, si := range sst.SI {
			shared = append(shared, si.T+strings.Join(si.R, ""))
		}
	}
	if len(sheets) == 0 {
		t.Fatal("no worksheet in the workbook")
	}
	for name, b := range sheets {
		var ws sheetXML
		if err := xml.Unmarshal(b, &ws); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := usedBox(t, name, ws, shared)
		if ws.Dimension == nil {
			continue
		}
		if got := normalRef(ws.Dimension.Ref); got != want {
			t.Errorf("%s declares the used range %q, its non-empty cells span %q", name, ws.Dimension.Ref, want)
		}
	}
}

// usedBox is the bounding box of a sheet's non-empty cells, as A1:B2
// (A1:A1 for an empty sheet).
func usedBox(t *testing.T, name string, ws sheetXML, shared []string) string {
	t.Helper()
	minR, minC, maxR, maxC := 0, 0, 0, 0
	for _, r := range ws.Rows {
		for _, c := range r.Cells {
			v := c.V + c.Inline + c.F
			if c.Type == "s" && c.V != "" {
				var i int
				for _, d := range c.V {
					i = i*10 + int(d-'0')
				}
				if i >= len(shared) {
					t.Fatalf("%s!%s: shared string %d of %d", name, c.Ref, i, len(shared))
				}
				v = shared[i]
			}
			if v == "" {
				continue
			}
			col, row, err := excelize.CellNameToCoordinates(c.Ref)
			if err != nil {
				t.Fatalf("%s: cell %q: %v", name, c.Ref, err)
			}
			if minR == 0 {
				minR, maxR, minC, maxC = row, row, col, col
			}
			minR, maxR = min(minR, row), max(maxR, row)
			minC, maxC = min(minC, col), max(maxC, col)
		}
	}
	if minR == 0 {
		return "A1:A1"
	}
	from, _ := excelize.CoordinatesToCellName(minC, minR)
	to, _ := excelize.CoordinatesToCellName(maxC, maxR)
	return from + ":" + to
}

// normalRef writes a single-cell reference as a range of one cell.
func normalRef(ref string) string {
	if !strings.Contains(ref, ":") {
		return ref + ":" + ref
	}
	return ref
}

// TestDimensionFloors checks the bare workbooks the benchmark measures
// against (the other kinds are checked by read, which every workbook test
// goes through).
func TestDimensionFloors(t *testing.T) {
	var buf bytes.Buffer
	sheets := map[string][][]string{"one": {{"a", "b"}, {"1", "", "x"}}, "two": {}, "three": {{}, {"", "y"}}}
	if err := reports.WriteCellsFloor(&buf, sheets); err != nil {
		t.Fatal(err)
	}
	checkDimensions(t, buf.Bytes())
	got := map[string]string{}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for name := range sheets {
		if got[name], err = f.GetSheetDimension(name); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]string{"one": "A1:C2", "two": "A1", "three": "B2"}
	for name := range want {
		if got[name] != want[name] {
			t.Errorf("dimension of %s = %q, want %q", name, got[name], want[name])
		}
	}
}
