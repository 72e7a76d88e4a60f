package scoring

import "encoding/json"

// The JSON forms of suppressed results leave the hidden values out rather
// than writing zeros that a reader could take for real values.

// MarshalJSON writes n and suppressed for a hidden group; otherwise every
// statistic, and min and max only when they may be shown.
func (s Stats) MarshalJSON() ([]byte, error) {
	type shown struct {
		N           int      `json:"n"`
		Suppressed  bool     `json:"suppressed"`
		Mean        *float64 `json:"mean,omitempty"`
		Median      *float64 `json:"median,omitempty"`
		P10         *float64 `json:"p10,omitempty"`
		P25         *float64 `json:"p25,omitempty"`
		P75         *float64 `json:"p75,omitempty"`
		P90         *float64 `json:"p90,omitempty"`
		Min         *float64 `json:"min,omitempty"`
		Max         *float64 `json:"max,omitempty"`
		MinMaxShown bool     `json:"min_max_shown"`
	}
	out := shown{N: s.N, Suppressed: s.Suppressed, MinMaxShown: s.MinMaxShown}
	if !s.Suppressed && s.N > 0 {
		out.Mean, out.Median, out.P10, out.P25, out.P75, out.P90 = &s.Mean, &s.Median, &s.P10, &s.P25, &s.P75, &s.P90
		if s.MinMaxShown {
			out.Min, out.Max = &s.Min, &s.Max
		}
	}
	return json.Marshal(out)
}

// MarshalJSON leaves the percentile out of a suppressed rank.
func (r Rank) MarshalJSON() ([]byte, error) {
	type plain Rank
	type shown struct {
		plain
		Percentile *float64 `json:"percentile,omitempty"`
	}
	out := shown{plain: plain(r)}
	if !r.Suppressed {
		out.Percentile = &r.Percentile
	}
	return json.Marshal(out)
}

// MarshalJSON leaves the medians out of a suppressed group trend.
func (g GroupTrend) MarshalJSON() ([]byte, error) {
	type plain GroupTrend
	type shown struct {
		plain
		FromMedian  *float64 `json:"from_median,omitempty"`
		ToMedian    *float64 `json:"to_median,omitempty"`
		DeltaMedian *float64 `json:"delta_median,omitempty"`
	}
	out := shown{plain: plain(g)}
	if !g.Suppressed {
		out.FromMedian, out.ToMedian, out.DeltaMedian = &g.FromMedian, &g.ToMedian, &g.DeltaMedian
	}
	return json.Marshal(out)
}
