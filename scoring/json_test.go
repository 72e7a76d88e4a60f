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
		{"visible stats under 2k: the mean only", Stats{N: 6, Mean: 50}, []string{`"min"`, `"max"`, `"median"`, `"p10"`}, []string{`"mean":50`, `"n":6`}},
		{"visible stats from 2k: quartiles", Stats{N: 12, Mean: 50, Median: 40, QuartilesShown: true}, []string{`"min"`, `"p10"`}, []string{`"median":40`, `"p25":0`}},
		{"visible stats from 4k: deciles", Stats{N: 24, Mean: 50, QuartilesShown: true, DecilesShown: true}, []string{`"min"`}, []string{`"p10":0`, `"p90":0`}},
		{"hidden n", Stats{Suppressed: true, NHidden: true}, []string{`"n"`, `"mean"`}, []string{`"n_hidden":true`}},
		{"visible stats with min/max", Stats{N: 12, Min: 1, Max: 99, MinMaxShown: true}, nil, []string{`"min":1`, `"max":99`}},
		{"suppressed rank", Rank{Group: "all", N: 2, Suppressed: true}, []string{`"percentile"`}, []string{`"n":2`}},
		{"visible rank", Rank{Group: "all", N: 20, Percentile: 0}, nil, []string{`"percentile":0`}},
		{"suppressed trend", GroupTrend{Key: "all", FromN: 2, ToN: 3, Suppressed: true}, []string{`"from_median"`, `"from_mean"`}, []string{`"from_n":2`}},
		{"visible trend, means only", GroupTrend{Key: "all", FromN: 6, ToN: 7, FromMean: 1, ToMean: 2, DeltaMean: 1, FromMedian: 5}, []string{`"from_median"`}, []string{`"delta_mean":1`}},
		{"visible trend with medians", GroupTrend{Key: "all", FromN: 12, ToN: 12, MedianShown: true, FromMedian: 1, ToMedian: 2, DeltaMedian: 1}, nil, []string{`"delta_median":1`}},
		{"trend with hidden n", GroupTrend{Key: "all", FromN: 3, NHidden: true, Suppressed: true}, []string{`"from_n"`}, []string{`"n_hidden":true`}},
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
