package scoring

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSuppressedJSONHasNoValues(t *testing.T) {
	tests := []struct {
		name    string
		v       any
		absent  []string
		present []string
	}{
		{"suppressed stats", Stats{N: 3, Suppressed: true}, []string{`"mean"`, `"median"`, `"p10"`, `"min"`, `"max"`}, []string{`"n":3`, `"suppressed":true`}},
		{"visible stats, min/max hidden", Stats{N: 6, Mean: 50, Median: 40}, []string{`"min"`, `"max"`}, []string{`"mean":50`, `"median":40`, `"p10":0`}},
		{"visible stats with min/max", Stats{N: 12, Min: 1, Max: 99, MinMaxShown: true}, nil, []string{`"min":1`, `"max":99`}},
		{"suppressed rank", Rank{Group: "all", N: 2, Suppressed: true}, []string{`"percentile"`}, []string{`"n":2`}},
		{"visible rank", Rank{Group: "all", N: 20, Percentile: 0}, nil, []string{`"percentile":0`}},
		{"suppressed trend", GroupTrend{Key: "all", FromN: 2, ToN: 3, Suppressed: true}, []string{`median`}, []string{`"from_n":2`}},
		{"visible trend", GroupTrend{Key: "all", FromMedian: 1, ToMedian: 2, DeltaMedian: 1}, nil, []string{`"delta_median":1`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			s := string(b)
			for _, a := range tt.absent {
				if strings.Contains(s, a) {
					t.Errorf("%s contains %s", s, a)
				}
			}
			for _, p := range tt.present {
				if !strings.Contains(s, p) {
					t.Errorf("%s lacks %s", s, p)
				}
			}
		})
	}
}
