package scoring

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

func TestQuantile(t *testing.T) {
	tests := []struct {
		name   string
		sorted []float64
		p      float64
		want   float64
	}{
		{"p10 of 1..4", []float64{1, 2, 3, 4}, 0.1, 1.3},
		{"median of 1..4", []float64{1, 2, 3, 4}, 0.5, 2.5},
		{"p25 of 1..4", []float64{1, 2, 3, 4}, 0.25, 1.75},
		{"p75 of 1..4", []float64{1, 2, 3, 4}, 0.75, 3.25},
		{"p90 of 1..4", []float64{1, 2, 3, 4}, 0.9, 3.7},
		{"min", []float64{1, 2, 3, 4}, 0, 1},
		{"max", []float64{1, 2, 3, 4}, 1, 4},
		{"median of odd n", []float64{10, 20, 30, 40, 50}, 0.5, 30},
		{"p10 of 5 values", []float64{10, 20, 30, 40, 50}, 0.1, 14},
		{"n = 1", []float64{7}, 0.9, 7},
		{"n = 2 median", []float64{7, 9}, 0.5, 8},
		{"n = 2 p25", []float64{7, 9}, 0.25, 7.5},
		{"ties", []float64{5, 5, 5, 8}, 0.5, 5},
		{"ties interpolated", []float64{5, 5, 5, 8}, 0.9, 7.1},
		{"negative", []float64{-4, -2, 0}, 0.25, -3},
		{"p below 0 clamps", []float64{1, 2}, -1, 1},
		{"p above 1 clamps", []float64{1, 2}, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Quantile(tt.sorted, tt.p)
			if math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("Quantile(%v, %v) = %v, want %v", tt.sorted, tt.p, got, tt.want)
			}
		})
	}
	if got := Quantile(nil, 0.5); !math.IsNaN(got) {
		t.Errorf("Quantile(nil, 0.5) = %v, want NaN", got)
	}
	if got := Quantile([]float64{1}, math.NaN()); !math.IsNaN(got) {
		t.Errorf("Quantile([1], NaN) = %v, want NaN", got)
	}
}

func TestPercentRank(t *testing.T) {
	tests := []struct {
		name   string
		sorted []float64
		x      float64
		want   float64
	}{
		{"lowest of 4", []float64{1, 2, 3, 4}, 1, 12.5},
		{"highest of 4", []float64{1, 2, 3, 4}, 4, 87.5},
		{"second of 4", []float64{1, 2, 3, 4}, 2, 37.5},
		{"tie of three", []float64{1, 5, 5, 5, 9}, 5, 50},
		{"all equal", []float64{3, 3, 3}, 3, 50},
		{"below everything", []float64{1, 2}, 0, 0},
		{"above everything", []float64{1, 2}, 3, 100},
		{"between values", []float64{1, 2, 3, 4}, 2.5, 50},
		{"alone", []float64{42}, 42, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PercentRank(tt.sorted, tt.x); got != tt.want {
				t.Errorf("PercentRank(%v, %v) = %v, want %v", tt.sorted, tt.x, got, tt.want)
			}
		})
	}
	if got := PercentRank(nil, 1); !math.IsNaN(got) {
		t.Errorf("PercentRank(nil, 1) = %v, want NaN", got)
	}
}

func TestSummarize(t *testing.T) {
	ten := []float64{10, 1, 9, 2, 8, 3, 7, 4, 6, 5}
	tests := []struct {
		name   string
		values []float64
		k      int
		want   Stats
	}{
		{
			name: "below k shows n only", values: []float64{1, 2, 3, 4}, k: 5,
			want: Stats{N: 4, Suppressed: true},
		},
		{
			name: "k rule ignores NaN and Inf", values: []float64{1, 2, 3, 4, math.NaN(), math.Inf(1)}, k: 5,
			want: Stats{N: 4, Suppressed: true},
		},
		{
			name: "between k and 2k shows the mean only", values: []float64{4, 1, 3, 2, 5}, k: 3,
			want: Stats{N: 5, Mean: 3},
		},
		{
			name: "from 2k shows the quartiles", values: ten, k: 5,
			want: Stats{N: 10, Mean: 5.5, Median: 5.5, P25: 3.25, P75: 7.75, QuartilesShown: true},
		},
		{
			name: "from 4k shows the deciles, never min or max", values: ten, k: 2,
			want: Stats{N: 10, Mean: 5.5, Median: 5.5, P10: 1.9, P25: 3.25, P75: 7.75, P90: 9.1, QuartilesShown: true, DecilesShown: true},
		},
		{
			name: "k below 1 means DefaultK", values: []float64{1, 2, 3}, k: 0,
			want: Stats{N: 3, Suppressed: true},
		},
		{
			name: "empty", values: nil, k: 1,
			want: Stats{N: 0, Suppressed: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := slices.Clone(tt.values)
			got := Summarize(in, tt.k)
			if !statsClose(got, tt.want, 1e-12) {
				t.Errorf("Summarize(%v, %d) = %+v, want %+v", tt.values, tt.k, got, tt.want)
			}
			if !slices.EqualFunc(in, tt.values, func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }) {
				t.Errorf("Summarize modified its input: %v, want %v", in, tt.values)
			}
		})
	}
}

// statsClose reports whether a and b are equal, floating-point fields
// within tol.
func statsClose(a, b Stats, tol float64) bool {
	near := func(x, y float64) bool { return math.Abs(x-y) <= tol*max(1, math.Abs(x), math.Abs(y)) }
	return a.N == b.N && a.Suppressed == b.Suppressed && a.MinMaxShown == b.MinMaxShown &&
		a.QuartilesShown == b.QuartilesShown && a.DecilesShown == b.DecilesShown && a.NHidden == b.NHidden &&
		near(a.Mean, b.Mean) && near(a.Median, b.Median) && near(a.P10, b.P10) && near(a.P25, b.P25) &&
		near(a.P75, b.P75) && near(a.P90, b.P90) && near(a.Min, b.Min) && near(a.Max, b.Max)
}

// refQuantile is a separate, straightforward R type 7 quantile: sort a
// copy, then interpolate at the 1-based position 1 + (n-1)p as R writes it.
func refQuantile(values []float64, p float64) float64 {
	x := slices.Clone(values)
	sort.Float64s(x)
	h := 1 + float64(len(x)-1)*p
	lo := int(math.Floor(h))
	hi := int(math.Ceil(h))
	return x[lo-1] + (h-float64(lo))*(x[hi-1]-x[lo-1])
}

// refPercentRank counts below and equal one by one.
func refPercentRank(values []float64, x float64) float64 {
	below, equal := 0, 0
	for _, v := range values {
		switch {
		case v < x:
			below++
		case v == x:
			equal++
		}
	}
	return 100 * (float64(below) + 0.5*float64(equal)) / float64(len(values))
}

// randomValues returns n values: continuous, or drawn from a few levels
// (many ties), or all equal, by the random source.
func randomValues(r *rand.Rand, n int) []float64 {
	out := make([]float64, n)
	mode := r.IntN(4)
	for i := range out {
		switch mode {
		case 0:
			out[i] = r.Float64() * 100
		case 1:
			out[i] = float64(25 * r.IntN(5))
		case 2:
			out[i] = 42
		default:
			out[i] = math.Round(r.NormFloat64()*1000) / 10 // negatives too
		}
	}
	return out
}

func TestQuantileMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 7))
	ps := []float64{0, 0.1, 0.25, 0.5, 0.75, 0.9, 1, r.Float64(), r.Float64()}
	for trial := range 5000 {
		n := 1 + r.IntN(40)
		if trial%10 == 0 {
			n = 1 + trial/10%2 // n = 1 and n = 2 often
		}
		values := randomValues(r, n)
		sorted := slices.Clone(values)
		sortFloats(sorted, nil)
		for _, p := range ps {
			got, want := Quantile(sorted, p), refQuantile(values, p)
			if math.Abs(got-want) > 1e-9*max(1, math.Abs(want)) {
				t.Fatalf("Quantile(%v, %v) = %v, want %v", sorted, p, got, want)
			}
		}
		x := values[r.IntN(n)]
		if trial%3 == 0 {
			x = r.Float64() * 100
		}
		if got, want := PercentRank(sorted, x), refPercentRank(values, x); math.Abs(got-want) > 1e-9 {
			t.Fatalf("PercentRank(%v, %v) = %v, want %v", sorted, x, got, want)
		}
	}
}

func TestSortFloats(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 9))
	special := []float64{0, math.Copysign(0, -1), math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, math.MaxFloat64, -math.MaxFloat64, 1e-300, -1e300}
	var scratch []uint64
	for trial := range 400 {
		n := r.IntN(3 * radixMin)
		if trial%4 == 0 {
			n = radixMin + r.IntN(5000)
		}
		values := randomValues(r, n)
		for i := range values {
			if r.IntN(20) == 0 {
				values[i] = special[r.IntN(len(special))]
			}
		}
		want := slices.Clone(values)
		slices.Sort(want)
		got := slices.Clone(values)
		scratch = sortFloats(got, scratch)
		if !slices.Equal(got, want) {
			t.Fatalf("sortFloats of %d values differs from slices.Sort", n)
		}
		for i := 1; i < len(got); i++ {
			if !math.Signbit(got[i-1]) && got[i-1] == 0 && math.Signbit(got[i]) && got[i] == 0 {
				t.Fatalf("sortFloats put +0 before -0 at %d", i)
			}
		}
	}
}

func TestUnionMatchesMerged(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 11))
	ps := []float64{0, 0.1, 0.25, 0.5, 0.75, 0.9, 1, r.Float64()}
	var u union
	for trial := range 3000 {
		m := 1 + r.IntN(8)
		parts := make([][]float64, m)
		var all []float64
		for i := range parts {
			n := r.IntN(60)
			if trial%5 == 0 {
				n = r.IntN(3) // tiny and empty parts
			}
			if trial%50 == 0 {
				n = 500 + r.IntN(2000)
			}
			parts[i] = randomValues(r, n)
			if trial%2 == 0 {
				for j := range parts[i] {
					parts[i][j] = float64(r.IntN(4)) // heavy ties across parts
				}
			}
			sortFloats(parts[i], nil)
			all = append(all, parts[i]...)
		}
		if len(all) == 0 {
			continue
		}
		sortFloats(all, nil)
		u.reset(parts)
		for _, p := range ps {
			if got, want := u.quantile(p), Quantile(all, p); got != want {
				t.Fatalf("union quantile(%v) = %v, want %v (parts %v)", p, got, want, parts)
			}
		}
		for range 3 {
			x := all[r.IntN(len(all))] + float64(r.IntN(3)-1)*0.5
			if got, want := u.percentRank(x), PercentRank(all, x); got != want {
				t.Fatalf("union percentRank(%v) = %v, want %v", x, got, want)
			}
		}
		got := u.stats(sumOf(all))
		want := sortedStats(all, sumOf(all))
		if got != want {
			t.Fatalf("union stats = %+v, want %+v", got, want)
		}
	}
}
