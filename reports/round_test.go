package reports

import (
	"strings"
	"testing"
)

func TestRound(t *testing.T) {
	for _, tc := range []struct {
		f      float64
		digits int
		want   string
	}{
		{12.5, 0, "13"}, {13.5, 0, "14"}, {-12.5, 0, "-13"}, {-0.4, 0, "0"},
		{0.25, 1, "0.3"}, {66.65, 1, "66.7"}, {100, 0, "100"}, {2.449, 1, "2.4"},
	} {
		if got := FormatRound(tc.f, tc.digits); got != tc.want {
			t.Errorf("FormatRound(%v, %d) = %q, want %q", tc.f, tc.digits, got, tc.want)
		}
	}
}

// TestHeatMapRoundsAsTables: the heat map's cell and the table's text
// of the same share agree (the 13 vs 12 % bug: 1 in 8 is 12.5 %).
func TestHeatMapRoundsAsTables(t *testing.T) {
	for _, share := range []float64{1.0 / 8, 3.0 / 8, 5.0 / 8, 0.145, 0.5, 1.0 / 3} {
		b, err := HeatMapOptions([]string{"g"}, []string{"o"}, [][]*float64{{Float(share)}})
		if err != nil {
			t.Fatal(err)
		}
		want := strings.TrimSuffix(Percent(share), "%")
		if !strings.Contains(string(b), `"data":[{"value":[0,0,`+want+`]}]`) {
			t.Errorf("share %v: the table says %s%% but the heat map holds %s", share, want, b[strings.Index(string(b), `"data"`):][:40])
		}
	}
	if got := Percent(1.0 / 8); got != "13%" {
		t.Errorf("Percent(1/8) = %q, want 13%%", got)
	}
}
