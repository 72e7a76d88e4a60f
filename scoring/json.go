package scoring

import "encoding/json"

// The JSON forms of suppressed results leave the hidden values out rather
// than writing zeros that a reader could take for real values.

// MarshalJSON writes n and suppressed for a hidden group (not even n when
// it is hidden too); otherwise the mean and the quantiles and extremes
// that may be shown.
func (s Stats) MarshalJSON() ([]byte, error) {
	type shown struct {
		N              *int     `json:"n,omitempty"`
		Suppressed     bool     `json:"suppressed"`
		NHidden        bool     `json:"n_hidden,omitempty"`
		Mean           *float64 `json:"mean,omitempty"`
		Median         *float64 `json:"median,omitempty"`
		P10            *float64 `json:"p10,omitempty"`
		P25            *float64 `json:"p25,omitempty"`
		P75            *float64 `json:"p75,omitempty"`
		P90            *float64 `json:"p90,omitempty"`
		Min            *float64 `json:"min,omitempty"`
		Max            *float64 `json:"max,omitempty"`
		QuartilesShown bool     `json:"quartiles_shown"`
		DecilesShown   bool     `json:"deciles_shown"`
		MinMaxShown    bool     `json:"min_max_shown"`
	}
	out := shown{Suppressed: s.Suppressed, NHidden: s.NHidden, QuartilesShown: s.QuartilesShown,
		DecilesShown: s.DecilesShown, MinMaxShown: s.MinMaxShown}
	if !s.NHidden {
		out.N = &s.N
	}
	if !s.Suppressed && s.N > 0 {
		out.Mean = &s.Mean
		if s.QuartilesShown {
			out.Median, out.P25, out.P75 = &s.Median, &s.P25, &s.P75
		}
		if s.DecilesShown {
			out.P10, out.P90 = &s.P10, &s.P90
		}
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

// MarshalJSON leaves out of a group trend what is not shown: the means
// and medians of a suppressed group, the medians unless both releases
// show them, the n of a group whose n is hidden.
func (g GroupTrend) MarshalJSON() ([]byte, error) {
	type plain GroupTrend
	type shown struct {
		plain
		FromN       *int     `json:"from_n,omitempty"`
		ToN         *int     `json:"to_n,omitempty"`
		DeltaN      *int     `json:"delta_n,omitempty"`
		FromMean    *float64 `json:"from_mean,omitempty"`
		ToMean      *float64 `json:"to_mean,omitempty"`
		DeltaMean   *float64 `json:"delta_mean,omitempty"`
		FromMedian  *float64 `json:"from_median,omitempty"`
		ToMedian    *float64 `json:"to_median,omitempty"`
		DeltaMedian *float64 `json:"delta_median,omitempty"`
	}
	out := shown{plain: plain(g)}
	if !g.NHidden {
		out.FromN, out.ToN, out.DeltaN = &g.FromN, &g.ToN, &g.DeltaN
	}
	if !g.Suppressed && g.FromN > 0 && g.ToN > 0 {
		out.FromMean, out.ToMean, out.DeltaMean = &g.FromMean, &g.ToMean, &g.DeltaMean
		if g.MedianShown {
			out.FromMedian, out.ToMedian, out.DeltaMedian = &g.FromMedian, &g.ToMedian, &g.DeltaMedian
		}
	}
	return json.Marshal(out)
}
