package reports

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// decode parses chart options and fails on invalid JSON.
func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("options are not JSON: %v\n%s", err, b)
	}
	return m
}

// seriesData returns the data of series i.
func seriesData(t *testing.T, m map[string]any, i int) []any {
	t.Helper()
	ss, ok := m["series"].([]any)
	if !ok || len(ss) <= i {
		t.Fatalf("no series %d in %v", i, m["series"])
	}
	d, _ := ss[i].(map[string]any)["data"].([]any)
	return d
}

func TestChartOptions(t *testing.T) {
	evil := `</script><script>alert(1)</script> & "quotes"`
	tests := []struct {
		name      string
		build     func() ([]byte, error)
		chartType string
		check     func(t *testing.T, m map[string]any)
	}{
		{
			name: "radar", chartType: "radar",
			build: func() ([]byte, error) {
				return RadarOptions([]string{evil, "B", "C"}, 100, []Series{
					{Name: "You", Values: []*float64{Float(72.46), nil, Float(0)}},
					{Name: "Median", Values: []*float64{Float(50), Float(60), Float(70)}},
				})
			},
			check: func(t *testing.T, m map[string]any) {
				got := seriesData(t, m, 0)[0].(map[string]any)["value"]
				if diff := cmp.Diff([]any{72.5, "-", 0.0}, got); diff != "" {
					t.Errorf("values (-want +got):\n%s", diff)
				}
				ind := m["radar"].(map[string]any)["indicator"].([]any)
				if len(ind) != 3 || ind[0].(map[string]any)["name"] != evil || ind[1].(map[string]any)["max"] != 100.0 {
					t.Errorf("indicators %v", ind)
				}
			},
		},
		{
			name: "horizontal bars", chartType: "bar",
			build: func() ([]byte, error) {
				return BarOptions([]string{"A", "B"}, []Series{{Name: "You", Values: []*float64{Float(10), nil}}}, 100, true)
			},
			check: func(t *testing.T, m map[string]any) {
				d := seriesData(t, m, 0)
				if got := []any{d[0].(map[string]any)["value"], d[1].(map[string]any)["value"]}; !cmp.Equal(got, []any{10.0, "-"}) {
					t.Errorf("bar values %v, want [10 -]: a missing value is no bar, never 0", got)
				}
				y := m["yAxis"].([]any)[0].(map[string]any)
				x := m["xAxis"].([]any)[0].(map[string]any)
				if y["type"] != "category" || x["type"] != "value" || x["max"] != 100.0 {
					t.Errorf("axes x=%v y=%v, want a value x axis to 100 and a category y axis", x, y)
				}
			},
		},
		{
			name: "box plot", chartType: "boxplot",
			build: func() ([]byte, error) {
				return BoxPlotOptions([]string{"All", "Europe"}, "score", []*Box{{P10: 10, P25: 20, Median: 30, P75: 40, P90: 50}, nil}, 100)
			},
			check: func(t *testing.T, m map[string]any) {
				d := seriesData(t, m, 0)
				if diff := cmp.Diff([]any{10.0, 20.0, 30.0, 40.0, 50.0}, d[0].(map[string]any)["value"]); diff != "" {
					t.Errorf("box (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff([]any{"-", "-", "-", "-", "-"}, d[1].(map[string]any)["value"]); diff != "" {
					t.Errorf("a suppressed group must draw nothing (-want +got):\n%s", diff)
				}
			},
		},
		{
			name: "heat map", chartType: "heatmap",
			build: func() ([]byte, error) {
				return HeatMapOptions([]string{"All", "Europe"}, []string{"yes", "no"},
					[][]*float64{{Float(0.25), nil}, {Float(0.75), nil}})
			},
			check: func(t *testing.T, m map[string]any) {
				d := seriesData(t, m, 0)
				var cells [][]any
				for _, x := range d {
					cells = append(cells, x.(map[string]any)["value"].([]any))
				}
				if diff := cmp.Diff([][]any{{0.0, 0.0, 25.0}, {0.0, 1.0, 75.0}}, cells); diff != "" {
					t.Errorf("cells (-want +got): a suppressed column has no cell\n%s", diff)
				}
				if _, ok := m["visualMap"]; !ok {
					t.Error("no visualMap")
				}
			},
		},
		{
			name: "line", chartType: "line",
			build: func() ([]byte, error) {
				return LineOptions([]string{"2025", "2026"}, []Series{{Name: "All", Values: []*float64{Float(40), Float(45)}},
					{Name: "Europe", Values: []*float64{nil, nil}}}, 100)
			},
			check: func(t *testing.T, m map[string]any) {
				if d := seriesData(t, m, 1); d[0].(map[string]any)["value"] != "-" {
					t.Errorf("suppressed trend point %v, want -", d[0])
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := tc.build()
			if err != nil {
				t.Fatal(err)
			}
			for _, bad := range []string{"<", ">", "&", "function"} {
				if strings.Contains(string(b), bad) {
					t.Errorf("options contain %q: not safe to embed in a page, or not usable under the CSP", bad)
				}
			}
			m := decode(t, b)
			if got := m["series"].([]any)[0].(map[string]any)["type"]; got != tc.chartType {
				t.Errorf("series type %v, want %s", got, tc.chartType)
			}
			if m["animation"] != false || m["aria"] == nil {
				t.Errorf("animation %v aria %v: want no animation and aria on", m["animation"], m["aria"])
			}
			tc.check(t, m)
		})
	}
}

func TestChartOptionsRejectMismatches(t *testing.T) {
	one := []*float64{Float(1)}
	tests := map[string]func() ([]byte, error){
		"radar without indicators": func() ([]byte, error) { return RadarOptions(nil, 100, nil) },
		"radar short series":       func() ([]byte, error) { return RadarOptions([]string{"a", "b"}, 100, []Series{{Values: one}}) },
		"bar short series":         func() ([]byte, error) { return BarOptions([]string{"a", "b"}, []Series{{Values: one}}, 0, false) },
		"box plot short":           func() ([]byte, error) { return BoxPlotOptions([]string{"a", "b"}, "x", []*Box{nil}, 0) },
		"heat map rows":            func() ([]byte, error) { return HeatMapOptions([]string{"a"}, []string{"x", "y"}, [][]*float64{one}) },
		"heat map cells":           func() ([]byte, error) { return HeatMapOptions([]string{"a", "b"}, []string{"x"}, [][]*float64{one}) },
		"line short":               func() ([]byte, error) { return LineOptions([]string{"a", "b"}, []Series{{Values: one}}, 0) },
	}
	for name, build := range tests {
		if _, err := build(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
