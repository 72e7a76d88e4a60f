package scoring

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// peer builds a Peer with one "score" value (NaN: no value) and attributes
// from "dim=value" pairs.
func peer(id string, score float64, attrs ...string) Peer {
	p := Peer{ID: id, Attrs: map[string]string{}, Values: map[string]float64{}}
	if !math.IsNaN(score) {
		p.Values["score"] = score
	}
	for _, a := range attrs {
		d, v, _ := strings.Cut(a, "=")
		p.Attrs[d] = v
	}
	return p
}

// groupByKey returns the table's group of key (All, a marginal or a group).
func groupByKey(t *testing.T, tb *Table, key string) Group {
	t.Helper()
	if tb.All.Key == key {
		return tb.All
	}
	for _, g := range slices.Concat(tb.Marginals, tb.Groups) {
		if g.Key == key {
			return g
		}
	}
	t.Fatalf("no group %q in table", key)
	return Group{}
}

func TestBenchmarkOneDimension(t *testing.T) {
	var peers []Peer
	for i, v := range []float64{10, 20, 30, 40, 50, 60, 70, 80, 90} {
		region := "c"
		switch {
		case i < 2:
			region = "a"
		case i < 5:
			region = "b"
		}
		peers = append(peers, peer(fmt.Sprint("p", i), v, "region="+region))
	}
	peers = append(peers, peer("none", math.NaN(), "region=c")) // no value: not counted
	tb := Benchmark(peers, []string{"score"}, []string{"region"}, 3)

	want := map[string]Stats{
		// all: n >= 2k shows the quartiles, n < 4k no deciles, never min or max.
		"all": {N: 9, Mean: 50, Median: 50, P25: 30, P75: 70, QuartilesShown: true},
		// a has n < k; b is the smallest visible sibling: hidden too, or a = all - b - c.
		"region=a": {N: 2, Suppressed: true},
		"region=b": {N: 3, Suppressed: true},
		// c: n < 2k, so the mean only.
		"region=c": {N: 4, Mean: 75},
	}
	for key, w := range want {
		if got := groupByKey(t, tb, key).Stats["score"]; !statsClose(got, w, 1e-12) {
			t.Errorf("%s: got %+v, want %+v", key, got, w)
		}
	}
	if got, want := len(tb.Groups), 3; got != want {
		t.Errorf("got %d groups, want %d", got, want)
	}
	if len(tb.Marginals) != 0 {
		t.Errorf("got marginals %v for one dimension, want none", tb.Marginals)
	}

	ranks := tb.Ranks(peer("p6", 70, "region=c"))
	wantRanks := []Rank{
		{Group: "all", Attrs: map[string]string{}, Metric: "score", N: 9, Percentile: 6.5 / 9 * 100},
		{Group: "region=c", Attrs: map[string]string{"region": "c"}, Metric: "score", N: 4, Percentile: 37.5},
	}
	if diff := cmp.Diff(wantRanks, ranks, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("Ranks of p6 (-want +got):\n%s", diff)
	}
	ranks = tb.Ranks(peer("p0", 10, "region=a"))
	wantRanks = []Rank{
		{Group: "all", Attrs: map[string]string{}, Metric: "score", N: 9, Percentile: 0.5 / 9 * 100},
		{Group: "region=a", Attrs: map[string]string{"region": "a"}, Metric: "score", N: 2, Suppressed: true},
	}
	if diff := cmp.Diff(wantRanks, ranks, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("Ranks of p0 (-want +got):\n%s", diff)
	}
	if got := tb.Ranks(peer("none", math.NaN(), "region=c")); len(got) != 0 {
		t.Errorf("Ranks of a peer without value = %v, want none", got)
	}
	if got := (&Table{}).Ranks(peers[0]); got != nil {
		t.Errorf("Ranks of a Table not made by Benchmark = %v, want nil", got)
	}
}

func TestBenchmarkComplementaryTwoDimensions(t *testing.T) {
	// Leaf sizes: a/small 2 (< k), a/large 5, b/small 4, b/large 4, c/small 3.
	sizes := map[string]int{"a/small": 2, "a/large": 5, "b/small": 4, "b/large": 4, "c/small": 3}
	var peers []Peer
	for _, cellName := range slices.Sorted(maps.Keys(sizes)) {
		region, size, _ := strings.Cut(cellName, "/")
		for i := range sizes[cellName] {
			peers = append(peers, peer(cellName+fmt.Sprint(i), float64(10*i), "region="+region, "size="+size))
		}
	}
	tb := Benchmark(peers, []string{"score"}, []string{"region", "size"}, 3)
	// a/small is hidden (n < k); then a/large (family a), b/large (family
	// large) and c/small (family small); then b/small (family b) and c,
	// whose only child is hidden; then a (family "all").
	wantHidden := map[string]bool{
		"all": false, "region=a": true, "region=b": false, "region=c": true,
		"size=large": false, "size=small": false,
		"region=a,size=large": true, "region=a,size=small": true,
		"region=b,size=large": true, "region=b,size=small": true,
		"region=c,size=small": true,
	}
	gotHidden := map[string]bool{}
	var keys []string
	for _, g := range slices.Concat([]Group{tb.All}, tb.Marginals, tb.Groups) {
		gotHidden[g.Key] = g.Stats["score"].Suppressed
		keys = append(keys, g.Key)
	}
	if diff := cmp.Diff(wantHidden, gotHidden); diff != "" {
		t.Errorf("hidden groups (-want +got):\n%s", diff)
	}
	wantKeys := []string{
		"all", "region=a", "region=b", "region=c", "size=large", "size=small",
		"region=a,size=large", "region=a,size=small", "region=b,size=large", "region=b,size=small", "region=c,size=small",
	}
	if diff := cmp.Diff(wantKeys, keys); diff != "" {
		t.Errorf("group order (-want +got):\n%s", diff)
	}
}

func TestBenchmarkUnknownAndEmpty(t *testing.T) {
	peers := []Peer{
		peer("x", 1, "region=a"), peer("y", 2), peer("z", 3, "region="),
	}
	tb := Benchmark(peers, []string{"score", "score"}, []string{"region", "region"}, 1)
	if diff := cmp.Diff([]string{"region"}, tb.GroupBy); diff != "" {
		t.Errorf("GroupBy (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"score"}, tb.Metrics); diff != "" {
		t.Errorf("Metrics (-want +got):\n%s", diff)
	}
	var keys []string
	for _, g := range tb.Groups {
		keys = append(keys, g.Key)
	}
	if diff := cmp.Diff([]string{"region=a", "region=unknown"}, keys); diff != "" {
		t.Errorf("group keys (-want +got):\n%s", diff)
	}
	if got, want := groupByKey(t, tb, "region=unknown").Stats["score"].N, 2; got != want {
		t.Errorf("unknown region n = %d, want %d", got, want)
	}

	empty := Benchmark(nil, []string{"score"}, []string{"region"}, 0)
	if got, want := empty.All.Stats["score"], (Stats{Suppressed: true}); got != want {
		t.Errorf("empty table all = %+v, want %+v", got, want)
	}
	if got, want := empty.K, DefaultK; got != want {
		t.Errorf("k = %d, want %d", got, want)
	}
	if len(empty.Groups) != 0 {
		t.Errorf("empty table groups = %v, want none", empty.Groups)
	}
	none := Benchmark(peers, []string{"score"}, nil, 1)
	if got, want := none.All.Stats["score"].N, 3; got != want || len(none.Groups) != 0 || len(none.Marginals) != 0 {
		t.Errorf("no grouping: all n = %d (want %d), groups %v, marginals %v, want none", got, want, none.Groups, none.Marginals)
	}
}

// The region level of a region x size table is the region table, except
// where a parent had to be hidden (rule 5), which is rare.
func TestBenchmarkMarginalsMatchCoarserTable(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	metrics := []string{"m0", "m1"}
	compared := 0
	for range 100 {
		peers := randomPeers(r, 20+r.IntN(60), metrics)
		fine := Benchmark(peers, metrics, []string{"region", "size"}, 3)
		coarse := Benchmark(peers, metrics, []string{"region"}, 3)
		var regions []Group
		for _, g := range fine.Marginals {
			if _, ok := g.Attrs["region"]; ok {
				regions = append(regions, g)
			}
		}
		if hiddenUpwards(regions, coarse.Groups) {
			continue
		}
		compared++
		// Means are sums of the cells' sums: equal up to rounding.
		if diff := cmp.Diff(coarse.Groups, regions, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
			t.Fatalf("region marginals differ from the region table (-region table +marginals):\n%s", diff)
		}
	}
	if compared < 80 {
		t.Errorf("compared %d of 100 tables, want most", compared)
	}
}

// hiddenUpwards reports whether a marginal is hidden where the coarser
// table's group (same index) is not.
func hiddenUpwards(marg, coarse []Group) bool {
	for i := range marg {
		for m, st := range marg[i].Stats {
			if i < len(coarse) && st.Suppressed && !coarse[i].Stats[m].Suppressed {
				return true
			}
		}
	}
	return false
}

var (
	testRegions = []string{"africa", "europe", "mena", "north-america"}
	testSizes   = []string{"small", "medium", "large"}
	testBudgets = []string{"low", "high"}
)

// randomPeers returns n peers with skewed attributes (some missing, so
// some cells are small) and values for metrics (some missing, many ties).
func randomPeers(r *rand.Rand, n int, metrics []string) []Peer {
	peers := make([]Peer, n)
	for i := range peers {
		p := Peer{ID: fmt.Sprintf("assoc-%04d", i), Attrs: map[string]string{}, Values: map[string]float64{}}
		if r.IntN(20) != 0 {
			p.Attrs["region"] = testRegions[min(r.IntN(6), r.IntN(len(testRegions)))]
		}
		p.Attrs["size"] = testSizes[min(r.IntN(len(testSizes)), r.IntN(len(testSizes)))]
		if r.IntN(2) == 0 {
			p.Attrs["budget"] = testBudgets[r.IntN(len(testBudgets))]
		}
		for j, m := range metrics {
			if r.IntN(8) == 0 {
				continue
			}
			if j%2 == 0 {
				p.Values[m] = float64(25 * r.IntN(5))
			} else {
				p.Values[m] = math.Round(r.Float64()*1000) / 10
			}
		}
		peers[i] = p
	}
	return peers
}

// randomGrouping returns 0-3 distinct dimensions in random order.
func randomGrouping(r *rand.Rand) []string {
	dims := []string{"region", "size", "budget"}
	r.Shuffle(len(dims), func(i, j int) { dims[i], dims[j] = dims[j], dims[i] })
	return dims[:r.IntN(4)]
}

// allGroups lists every group of the table.
func allGroups(tb *Table) []Group {
	return slices.Concat([]Group{tb.All}, tb.Marginals, tb.Groups)
}

// members returns the values of metric of the peers in the group with attrs.
func members(peers []Peer, attrs map[string]string, metric string) []float64 {
	var out []float64
	for _, p := range peers {
		in := true
		for d, v := range attrs {
			pv := p.Attrs[d]
			if pv == "" {
				pv = Unknown
			}
			if pv != v {
				in = false
			}
		}
		if x, ok := p.Values[metric]; in && ok {
			out = append(out, x)
		}
	}
	return out
}

func TestBenchmarkMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 13))
	metrics := []string{"m0", "m1", "m2", "m3"}
	groups := 0
	for range 300 {
		peers := randomPeers(r, r.IntN(120), metrics)
		k := 1 + r.IntN(5)
		tb := Benchmark(peers, metrics, randomGrouping(r), k)
		for _, g := range allGroups(tb) {
			for _, m := range metrics {
				groups++
				got := g.Stats[m]
				values := members(peers, g.Attrs, m)
				if got.N != len(values) {
					t.Fatalf("%s %s: n = %d, want %d", g.Key, m, got.N, len(values))
				}
				if got.N < k && !got.Suppressed {
					t.Fatalf("%s %s: n = %d < k = %d but not suppressed", g.Key, m, got.N, k)
				}
				if got.Suppressed {
					continue
				}
				want := Stats{
					N: len(values), Mean: refMean(values),
					Median: refQuantile(values, 0.5), P10: refQuantile(values, 0.1), P25: refQuantile(values, 0.25),
					P75: refQuantile(values, 0.75), P90: refQuantile(values, 0.9),
				}
				want.Min, want.Max = slices.Min(values), slices.Max(values)
				applyK(&want, false, k)
				if !statsClose(got, want, 1e-9) {
					t.Fatalf("%s %s (k %d): got %+v, want %+v", g.Key, m, k, got, want)
				}
			}
		}
		for _, p := range peers[:min(len(peers), 5)] {
			for _, rk := range tb.Ranks(p) {
				st := groupByKey(t, tb, rk.Group).Stats[rk.Metric]
				if rk.N != st.N || rk.Suppressed != st.Suppressed {
					t.Fatalf("rank %+v disagrees with group stats %+v", rk, st)
				}
				want := 0.0
				if !rk.Suppressed {
					want = refPercentRank(members(peers, rk.Attrs, rk.Metric), p.Values[rk.Metric])
				}
				if math.Abs(rk.Percentile-want) > 1e-9 {
					t.Fatalf("rank of %s in %s %s = %v, want %v", p.ID, rk.Group, rk.Metric, rk.Percentile, want)
				}
			}
		}
	}
	if groups < 1000 {
		t.Errorf("checked %d groups, want thousands", groups)
	}
}

// refMean is the mean of values.
func refMean(values []float64) float64 {
	s := 0.0
	for _, v := range values {
		s += v
	}
	return s / float64(len(values))
}

func TestBenchmarkOrderIndependent(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 19))
	metrics := []string{"m0", "m1", "m2"}
	for range 100 {
		peers := randomPeers(r, r.IntN(400), metrics)
		dims := randomGrouping(r)
		k := 1 + r.IntN(6)
		want := Benchmark(peers, metrics, dims, k)
		shuffled := slices.Clone(peers)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		got := Benchmark(shuffled, metrics, dims, k)
		if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(Table{})); diff != "" {
			t.Fatalf("shuffled input changed the table (-want +got):\n%s", diff)
		}
	}
}

// checkNoLeak fails when a suppressed Stats shows anything but N, or a
// shown one breaks the k rules.
func checkNoLeak(t *testing.T, where string, st Stats, k int) {
	t.Helper()
	if st.Suppressed {
		if st != (Stats{N: st.N, Suppressed: true}) {
			t.Fatalf("%s: suppressed stats leak values: %+v", where, st)
		}
		return
	}
	if st.N < k {
		t.Fatalf("%s: n = %d < k = %d shown: %+v", where, st.N, k, st)
	}
	if st.MinMaxShown || st.Min != 0 || st.Max != 0 {
		t.Fatalf("%s: min/max given: %+v", where, st)
	}
	if st.QuartilesShown != (st.N >= 2*k) || st.DecilesShown != (st.N >= 4*k) {
		t.Fatalf("%s: quartiles %v, deciles %v with n = %d, k = %d", where, st.QuartilesShown, st.DecilesShown, st.N, k)
	}
	if !st.QuartilesShown && (st.Median != 0 || st.P25 != 0 || st.P75 != 0) {
		t.Fatalf("%s: quartiles given though not shown: %+v", where, st)
	}
	if !st.DecilesShown && (st.P10 != 0 || st.P90 != 0) {
		t.Fatalf("%s: deciles given though not shown: %+v", where, st)
	}
}

// families returns, from a table's exported groups only, every family: a
// parent and its children along one more dimension.
func families[G any](dims []string, groups []G, attrs func(G) map[string]string) [][]int {
	var out [][]int
	for p, pg := range groups {
		pa := attrs(pg)
		for _, d := range dims {
			if _, ok := pa[d]; ok {
				continue
			}
			fam := []int{p}
			for c, cg := range groups {
				ca := attrs(cg)
				if len(ca) != len(pa)+1 {
					continue
				}
				if _, ok := ca[d]; !ok {
					continue
				}
				match := true
				for pd, pv := range pa {
					if ca[pd] != pv {
						match = false
					}
				}
				if match {
					fam = append(fam, c)
				}
			}
			out = append(out, fam)
		}
	}
	return out
}

// checkFamilies fails when a family's counts do not add up, or when
// exactly one of its non-empty members is hidden (it could be recovered
// by subtraction or addition); n(i) and hidden(i) describe group i.
func checkFamilies(t *testing.T, fams [][]int, n func(int) int, hidden func(int) bool, name func(int) string) {
	t.Helper()
	for _, f := range fams {
		sum, count := 0, 0
		for j, g := range f {
			if j > 0 {
				sum += n(g)
			}
			if n(g) > 0 && hidden(g) {
				count++
			}
		}
		if sum != n(f[0]) {
			t.Fatalf("family of %s: children n sum to %d, parent n = %d", name(f[0]), sum, n(f[0]))
		}
		if count == 1 {
			var desc []string
			for _, g := range f {
				desc = append(desc, fmt.Sprintf("%s n=%d hidden=%v", name(g), n(g), hidden(g)))
			}
			t.Fatalf("one hidden member can be recovered in family %v", desc)
		}
	}
}

func TestBenchmarkSuppressionProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 29))
	metrics := []string{"m0", "m1", "m2"}
	hiddenSeen, complementarySeen := 0, 0
	for range 500 {
		peers := randomPeers(r, r.IntN(150), metrics)
		dims := randomGrouping(r)
		k := 1 + r.IntN(8)
		tb := Benchmark(peers, metrics, dims, k)
		groups := allGroups(tb)
		fams := families(dims, groups, func(g Group) map[string]string { return g.Attrs })
		for _, m := range metrics {
			for _, g := range groups {
				st := g.Stats[m]
				checkNoLeak(t, g.Key+" "+m, st, k)
				if st.Suppressed && st.N > 0 {
					hiddenSeen++
					if st.N >= k {
						complementarySeen++
					}
				}
			}
			checkFamilies(t, fams,
				func(i int) int { return groups[i].Stats[m].N },
				func(i int) bool { return groups[i].Stats[m].Suppressed },
				func(i int) string { return groups[i].Key })
		}
		for _, p := range peers[:min(len(peers), 3)] {
			for _, rk := range tb.Ranks(p) {
				if rk.Suppressed && rk.Percentile != 0 {
					t.Fatalf("rank in suppressed group %s leaks %v", rk.Group, rk.Percentile)
				}
			}
		}
	}
	if hiddenSeen == 0 || complementarySeen == 0 {
		t.Errorf("random data hid %d cells, %d by complementary suppression: want both > 0", hiddenSeen, complementarySeen)
	}
}
