package scoring

import (
	"math"
	"slices"
	"sort"
)

// DefaultK is the default anonymity threshold: a peer group with fewer
// than DefaultK values shows its n and nothing else.
const DefaultK = 5

// Stats are the descriptive statistics of one metric in one peer group.
//
// Quantiles are exact: R's type 7 (numpy's default "linear" method), the
// linear interpolation between order statistics; see Quantile.
//
// What may be shown follows the order-statistic rules of the publication
// (publication.go): when Suppressed is true only N may be shown (and not
// even N when NHidden); the median and the quartiles only from 2k values
// (QuartilesShown), the 10th and 90th percentiles only from 4k
// (DecilesShown); the minimum and maximum, single associations' values,
// only where MinMaxShown (never in a publication). Fields that may not be
// shown are zero.
type Stats struct {
	// N is the number of values in the group. It is shown unless NHidden.
	N int `json:"n"`
	// Suppressed is true when the group is hidden by the anonymity rules;
	// then only N may be shown and every other field is zero.
	Suppressed bool `json:"suppressed"`
	// NHidden is true when even N is hidden (a count that would tell the
	// size or budget band of named associations); N is then zero.
	NHidden bool `json:"n_hidden,omitempty"`
	// Mean is the arithmetic mean.
	Mean float64 `json:"mean"`
	// Median is the 0.5 quantile; zero unless QuartilesShown.
	Median float64 `json:"median"`
	// P10 is the 0.10 quantile; zero unless DecilesShown.
	P10 float64 `json:"p10"`
	// P25 is the 0.25 quantile (first quartile); zero unless QuartilesShown.
	P25 float64 `json:"p25"`
	// P75 is the 0.75 quantile (third quartile); zero unless QuartilesShown.
	P75 float64 `json:"p75"`
	// P90 is the 0.90 quantile; zero unless DecilesShown.
	P90 float64 `json:"p90"`
	// Min is the smallest value; zero unless MinMaxShown.
	Min float64 `json:"min"`
	// Max is the largest value; zero unless MinMaxShown.
	Max float64 `json:"max"`
	// QuartilesShown reports whether Median, P25 and P75 are given: only
	// when the group is not suppressed and N >= 2k.
	QuartilesShown bool `json:"quartiles_shown"`
	// DecilesShown reports whether P10 and P90 are given: only when the
	// group is not suppressed and N >= 4k.
	DecilesShown bool `json:"deciles_shown"`
	// MinMaxShown reports whether Min and Max are given. Peer statistics
	// never give them (Benchmark, Release); Summarize of an association's
	// own values may.
	MinMaxShown bool `json:"min_max_shown"`
}

// statsQuantiles are the probabilities of Stats' quantile fields in the
// order Median, P10, P25, P75, P90.
var statsQuantiles = [...]float64{0.5, 0.10, 0.25, 0.75, 0.90}

// setQuantiles stores q (in the order of statsQuantiles) into s.
func (s *Stats) setQuantiles(q [len(statsQuantiles)]float64) {
	s.Median, s.P10, s.P25, s.P75, s.P90 = q[0], q[1], q[2], q[3], q[4]
}

// Quantile returns the p-quantile of sorted (ascending, no NaN) by R's
// type 7 definition, numpy's default: with h = (n-1)p, the value
// x[floor(h)] + (h - floor(h)) (x[floor(h)+1] - x[floor(h)]) with 0-based
// order statistics x. p is clamped to [0, 1]. Quantile returns NaN when
// sorted is empty or p is NaN.
func Quantile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 || math.IsNaN(p) {
		return math.NaN()
	}
	j, f := type7(n, p)
	a := sorted[j]
	b := a
	if j+1 < n {
		b = sorted[j+1]
	}
	return lerp(a, b, f)
}

// type7 returns the 0-based index j of the lower order statistic and the
// interpolation fraction f of the p-quantile of n values, p clamped to [0, 1].
func type7(n int, p float64) (j int, f float64) {
	p = min(max(p, 0), 1)
	h := float64(n-1) * p
	fl := math.Floor(h)
	j = int(fl)
	if j >= n-1 {
		return n - 1, 0
	}
	return j, h - fl
}

// lerp interpolates linearly between a and b; f == 0 gives a exactly.
func lerp(a, b, f float64) float64 {
	if f == 0 {
		return a
	}
	return a + f*(b-a)
}

// PercentRank returns x's percentile rank among sorted (ascending, no
// NaN) by the mid-rank definition: (count below x + half the count equal
// to x) / n x 100, between 0 and 100. It returns NaN when sorted is empty
// or x is NaN.
func PercentRank(sorted []float64, x float64) float64 {
	n := len(sorted)
	if n == 0 || math.IsNaN(x) {
		return math.NaN()
	}
	below := sort.SearchFloat64s(sorted, x)
	upto := below + sort.Search(n-below, func(i int) bool { return sorted[below+i] > x })
	return midRank(below, upto-below, n)
}

// midRank is the mid-rank percentile of a value with below smaller and
// equal equal values among n.
func midRank(below, equal, n int) float64 {
	return (float64(below) + float64(equal)/2) / float64(n) * 100
}

// Summarize returns the statistics of one stand-alone group of values
// under the threshold k (DefaultK when k < 1), with the rules of applyK:
// suppressed when it has fewer than k values, quartiles from 2k, deciles
// from 4k, no minimum or maximum. NaN and infinite
// values are ignored. Summarize does not modify values. There is no
// complementary suppression for a single group: use Benchmark for groups
// that are published side by side with their totals.
func Summarize(values []float64, k int) Stats {
	if k < 1 {
		k = DefaultK
	}
	s := make([]float64, 0, len(values))
	for _, v := range values {
		if isFinite(v) {
			s = append(s, v)
		}
	}
	sortFloats(s, nil)
	st := sortedStats(s, sumOf(s))
	applyK(&st, false, k)
	return st
}

// isFinite reports whether v is neither NaN nor infinite.
func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// sumOf returns the sum of s, added in order.
func sumOf(s []float64) float64 {
	var t float64
	for _, v := range s {
		t += v
	}
	return t
}

// sortedStats returns the unsuppressed statistics of the sorted values s
// whose sum is sum.
func sortedStats(s []float64, sum float64) Stats {
	st := Stats{N: len(s)}
	if len(s) == 0 {
		return st
	}
	st.Mean = sum / float64(len(s))
	var q [len(statsQuantiles)]float64
	for i, p := range statsQuantiles {
		q[i] = Quantile(s, p)
	}
	st.setQuantiles(q)
	st.Min, st.Max = s[0], s[len(s)-1]
	return st
}

// applyK enforces the anonymity and order-statistic rules on st: when
// hidden or st.N < k every field but N is cleared; the median and the
// quartiles are kept only from 2k values, the 10th and 90th percentiles
// only from 4k, the minimum and maximum never.
func applyK(st *Stats, hidden bool, k int) {
	if hidden || st.N < k {
		*st = Stats{N: st.N, Suppressed: true}
		return
	}
	st.Min, st.Max, st.MinMaxShown = 0, 0, false
	st.QuartilesShown = st.N >= 2*k
	if !st.QuartilesShown {
		st.Median, st.P25, st.P75 = 0, 0, 0
	}
	st.DecilesShown = st.N >= 4*k
	if !st.DecilesShown {
		st.P10, st.P90 = 0, 0
	}
}

// publishK is applyK followed by the publication's rounding: the mean
// and the quantiles to one decimal.
func publishK(st *Stats, hidden bool, k int) {
	applyK(st, hidden, k)
	if st.Suppressed {
		return
	}
	st.Mean = round1(st.Mean)
	st.Median, st.P25, st.P75 = round1(st.Median), round1(st.P25), round1(st.P75)
	st.P10, st.P90 = round1(st.P10), round1(st.P90)
}

// Sorting. The values are finite, so they map to uint64 keys whose
// unsigned order is their numeric order (the sign bit flipped for
// positives, all bits flipped for negatives; -0 sorts just before +0).
// Sorting the keys gives one deterministic order for any input order, and
// an LSD radix sort of the keys is several times faster than a comparison
// sort on the slice sizes of peer groups.

// radixMin is the length below which sortKeys uses a comparison sort.
const radixMin = 192

// floatKey maps v to a key whose unsigned order is v's numeric order.
func floatKey(v float64) uint64 {
	b := math.Float64bits(v)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

// keyFloat inverts floatKey.
func keyFloat(k uint64) float64 {
	if k>>63 != 0 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}

// sortFloats sorts the finite values s ascending in place, using scratch
// (grown as needed, returned for reuse) as working memory.
func sortFloats(s []float64, scratch []uint64) []uint64 {
	n := len(s)
	if n < 2 {
		return scratch
	}
	if cap(scratch) < 2*n {
		scratch = make([]uint64, 2*n)
	}
	keys, tmp := scratch[:n], scratch[n:2*n]
	for i, v := range s {
		keys[i] = floatKey(v)
	}
	keys = sortKeys(keys, tmp)
	for i, k := range keys {
		s[i] = keyFloat(k)
	}
	return scratch
}

// sortKeys sorts keys ascending using tmp (same length) as a buffer and
// returns whichever of the two holds the result.
func sortKeys(keys, tmp []uint64) []uint64 {
	n := len(keys)
	if n < radixMin {
		slices.Sort(keys)
		return keys
	}
	var count [8][256]uint32
	for _, k := range keys {
		count[0][k&0xff]++
		count[1][k>>8&0xff]++
		count[2][k>>16&0xff]++
		count[3][k>>24&0xff]++
		count[4][k>>32&0xff]++
		count[5][k>>40&0xff]++
		count[6][k>>48&0xff]++
		count[7][k>>56]++
	}
	src, dst := keys, tmp
	for pass := range 8 {
		c := &count[pass]
		shift := uint(pass * 8)
		if c[src[0]>>shift&0xff] == uint32(n) {
			continue // every key has the same byte here
		}
		var offset [256]uint32
		var sum uint32
		for i, x := range c {
			offset[i] = sum
			sum += x
		}
		for _, k := range src {
			b := k >> shift & 0xff
			dst[offset[b]] = k
			offset[b]++
		}
		src, dst = dst, src
	}
	return src
}

// union views several ascending slices as one sorted multiset, to take
// exact order statistics and ranks of a group from the sorted values of
// its cells without merging them.
type union struct {
	parts  [][]float64
	n      int
	lo, hi []int // scratch: active ranges of the selection
	a, b   []int // scratch: bounds around the pivot
	mids   []weighted
}

// weighted is a pivot candidate: the middle value of a part's active
// range and the range's length.
type weighted struct {
	v float64
	w int
}

// reset makes u view parts (which are not copied); empty parts are dropped.
func (u *union) reset(parts [][]float64) {
	u.parts = u.parts[:0]
	u.n = 0
	for _, p := range parts {
		if len(p) > 0 {
			u.parts = append(u.parts, p)
			u.n += len(p)
		}
	}
	m := len(u.parts)
	if cap(u.lo) < m {
		u.lo, u.hi = make([]int, m), make([]int, m)
		u.a, u.b = make([]int, m), make([]int, m)
		u.mids = make([]weighted, 0, m)
	}
	u.lo, u.hi, u.a, u.b = u.lo[:m], u.hi[:m], u.a[:m], u.b[:m]
}

// selectSmall is the number of remaining candidates at which kth stops
// narrowing and sorts them.
const selectSmall = 48

// kth returns the k-th smallest (0-based) value of the union and the
// number of values less than or equal to it. It narrows each part's
// active range around a pivot, the weighted median of the parts' middle
// values, which discards at least a quarter of the candidates each round.
func (u *union) kth(k int) (float64, int) {
	for i, p := range u.parts {
		u.lo[i], u.hi[i] = 0, len(p)
	}
	for {
		below, active := 0, 0
		for i := range u.parts {
			below += u.lo[i]
			active += u.hi[i] - u.lo[i]
		}
		if active <= selectSmall {
			var buf [selectSmall]float64
			c := buf[:0]
			for i, p := range u.parts {
				c = append(c, p[u.lo[i]:u.hi[i]]...)
			}
			slices.Sort(c)
			v := c[k-below]
			return v, u.countUpTo(v)
		}
		u.mids = u.mids[:0]
		for i, p := range u.parts {
			if w := u.hi[i] - u.lo[i]; w > 0 {
				u.mids = append(u.mids, weighted{p[u.lo[i]+w/2], w})
			}
		}
		slices.SortFunc(u.mids, func(x, y weighted) int {
			switch {
			case x.v < y.v:
				return -1
			case x.v > y.v:
				return 1
			}
			return 0
		})
		pivot := u.mids[len(u.mids)-1].v
		for acc, i := 0, 0; i < len(u.mids); i++ {
			acc += u.mids[i].w
			if 2*acc >= active {
				pivot = u.mids[i].v
				break
			}
		}
		less, leq := 0, 0
		for i, p := range u.parts {
			r := p[u.lo[i]:u.hi[i]]
			a := sort.SearchFloat64s(r, pivot)
			b := a + sort.Search(len(r)-a, func(j int) bool { return r[a+j] > pivot })
			u.a[i], u.b[i] = u.lo[i]+a, u.lo[i]+b
			less += u.a[i]
			leq += u.b[i]
		}
		switch {
		case k < less:
			copy(u.hi, u.a)
		case k < leq:
			return pivot, leq
		default:
			copy(u.lo, u.b)
		}
	}
}

// countUpTo returns the number of values of the union <= v.
func (u *union) countUpTo(v float64) int {
	c := 0
	for _, p := range u.parts {
		c += sort.Search(len(p), func(j int) bool { return p[j] > v })
	}
	return c
}

// pair returns the j-th and (j+1)-th smallest values (0-based); the
// second is the first when j is the last index.
func (u *union) pair(j int) (float64, float64) {
	a, leq := u.kth(j)
	if j+1 >= u.n || j+1 < leq {
		return a, a
	}
	// The (j+1)-th is the smallest value greater than a.
	b := math.Inf(1)
	for _, p := range u.parts {
		i := sort.Search(len(p), func(i int) bool { return p[i] > a })
		if i < len(p) && p[i] < b {
			b = p[i]
		}
	}
	return a, b
}

// quantile returns the p-quantile of the union, exactly as Quantile of
// its merged values.
func (u *union) quantile(p float64) float64 {
	j, f := type7(u.n, p)
	if f == 0 {
		v, _ := u.kth(j)
		return v
	}
	a, b := u.pair(j)
	return lerp(a, b, f)
}

// percentRank returns x's mid-rank percentile in the union, exactly as
// PercentRank of its merged values.
func (u *union) percentRank(x float64) float64 {
	below, upto := 0, 0
	for _, p := range u.parts {
		a := sort.SearchFloat64s(p, x)
		below += a
		upto += a + sort.Search(len(p)-a, func(j int) bool { return p[a+j] > x })
	}
	return midRank(below, upto-below, u.n)
}

// stats returns the unsuppressed statistics of the union whose values
// sum to sum.
func (u *union) stats(sum float64) Stats {
	if len(u.parts) == 1 {
		return sortedStats(u.parts[0], sum)
	}
	st := Stats{N: u.n}
	if u.n == 0 {
		return st
	}
	st.Mean = sum / float64(u.n)
	var q [len(statsQuantiles)]float64
	for i, p := range statsQuantiles {
		q[i] = u.quantile(p)
	}
	st.setQuantiles(q)
	st.Min, st.Max = math.Inf(1), math.Inf(-1)
	for _, p := range u.parts {
		st.Min = min(st.Min, p[0])
		st.Max = max(st.Max, p[len(p)-1])
	}
	return st
}
