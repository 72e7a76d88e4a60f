package scoring

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// tableInternals compares Tables including what Ranks keeps.
var tableInternals = cmp.AllowUnexported(Table{}, tableData{}, lattice{}, level{}, cell{}, family{})

// diffTables returns the differences between two Tables, what Ranks keeps
// included; reflect.DeepEqual first, as cmp is slow on the sorted values.
func diffTables(want, got *Table) string {
	if reflect.DeepEqual(want, got) {
		return ""
	}
	if diff := cmp.Diff(want, got, tableInternals); diff != "" {
		return diff
	}
	return "(reflect.DeepEqual differs)"
}

// messyPeers returns randomPeers with, in addition, NaN and infinite
// values, attributes that are empty or spelled Unknown, a dimension that
// appears only from some peer on, and values of a metric outside metrics.
func messyPeers(r *rand.Rand, n int, metrics []string) []Peer {
	peers := randomPeers(r, n, metrics)
	for i := range peers {
		p := &peers[i]
		switch r.IntN(10) {
		case 0:
			p.Attrs["region"] = ""
		case 1:
			p.Attrs["size"] = Unknown
		case 2:
			p.Attrs["budget"] = ""
		}
		if i > n/2 && r.IntN(3) == 0 {
			p.Attrs["type"] = []string{"national", "regional"}[r.IntN(2)]
		}
		for _, m := range metrics {
			switch r.IntN(20) {
			case 0:
				p.Values[m] = math.NaN()
			case 1:
				p.Values[m] = math.Inf(1 - 2*r.IntN(2))
			}
		}
		p.Values["extra"] = r.Float64()
	}
	return peers
}

// datasetOf stores peers in a Dataset with the columns metrics, by Add
// and Set (NaN and infinite values included).
func datasetOf(t *testing.T, peers []Peer, metrics []string) *Dataset {
	t.Helper()
	d := NewDataset(metrics)
	for i, p := range peers {
		row := d.Add(p.ID, p.Attrs)
		if row != i {
			t.Fatalf("Add returned row %d, want %d", row, i)
		}
		for name, v := range p.Values {
			if m, ok := d.Metric(name); ok {
				d.Set(row, m, v)
			}
		}
	}
	return d
}

func TestBenchmarkDatasetMatchesBenchmark(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 37))
	stored := []string{"m0", "m1", "m2", "m3"}
	dimsPool := []string{"region", "size", "budget", "type", "absent"}
	ranked := 0
	for iter := range 400 {
		peers := messyPeers(r, r.IntN(160), stored)
		d := datasetOf(t, peers, stored)
		// Requested metrics: a random selection in random order, with a
		// duplicate and a metric the Dataset lacks now and then.
		metrics := slices.Clone(stored)
		r.Shuffle(len(metrics), func(i, j int) { metrics[i], metrics[j] = metrics[j], metrics[i] })
		metrics = metrics[:1+r.IntN(len(metrics))]
		if r.IntN(4) == 0 {
			metrics = append(metrics, "missing", metrics[0])
		}
		dims := slices.Clone(dimsPool)
		r.Shuffle(len(dims), func(i, j int) { dims[i], dims[j] = dims[j], dims[i] })
		dims = dims[:r.IntN(4)]
		k := r.IntN(7) // 0: DefaultK

		want := Benchmark(peers, metrics, dims, k)
		got := BenchmarkDataset(d, metrics, dims, k)
		if diff := diffTables(want, got); diff != "" {
			t.Fatalf("iteration %d (dims %v, metrics %v, k %d): BenchmarkDataset differs from Benchmark (-Benchmark +BenchmarkDataset):\n%s", iter, dims, metrics, k, diff)
		}
		// The Dataset's rows as Peers give the same table too.
		var back []Peer
		for row := range d.Len() {
			back = append(back, d.Peer(row))
		}
		if diff := diffTables(want, Benchmark(back, metrics, dims, k)); diff != "" {
			t.Fatalf("iteration %d: Benchmark of Dataset.Peer rows differs (-want +got):\n%s", iter, diff)
		}
		for row := range min(d.Len(), 6) {
			wantRanks := want.Ranks(peers[row])
			for _, c := range []struct {
				name string
				got  []Rank
			}{
				{"Benchmark table, RankRow", want.RankRow(d, row)},
				{"BenchmarkDataset table, RankRow", got.RankRow(d, row)},
				{"BenchmarkDataset table, Ranks", got.Ranks(peers[row])},
				{"BenchmarkDataset table, Ranks of Peer(row)", got.Ranks(d.Peer(row))},
			} {
				// reflect.DeepEqual first: cmp is slow.
				if !reflect.DeepEqual(wantRanks, c.got) {
					t.Fatalf("iteration %d row %d: %s differs from Ranks (-want +got):\n%s", iter, row, c.name, cmp.Diff(wantRanks, c.got))
				}
			}
			ranked += len(wantRanks)
		}
	}
	if ranked < 1000 {
		t.Errorf("compared %d ranks, want thousands", ranked)
	}
}

// Groupings by dimensions with many values take Dataset.leafIndex's path
// without a table of every combination.
func TestBenchmarkDatasetManyCombinations(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 43))
	metrics := []string{"m0", "m1"}
	peers := messyPeers(r, 400, metrics)
	for i := range peers {
		peers[i].Attrs["x"] = fmt.Sprint("x", r.IntN(300))
		peers[i].Attrs["y"] = fmt.Sprint("y", r.IntN(300))
	}
	d := datasetOf(t, peers, metrics)
	for _, dims := range [][]string{{"x", "y"}, {"region", "x", "y"}, {"x"}, {"y", "region"}} {
		want := Benchmark(peers, metrics, dims, 1)
		got := BenchmarkDataset(d, metrics, dims, 1)
		if diff := diffTables(want, got); diff != "" {
			t.Errorf("dims %v: BenchmarkDataset differs (-Benchmark +BenchmarkDataset):\n%s", dims, diff)
		}
		if len(got.Groups) < 100 {
			t.Errorf("dims %v: %d groups, want many", dims, len(got.Groups))
		}
	}
}

// Attribute values that contain the characters of keys or NUL stay
// distinct groups.
func TestBenchmarkDatasetAwkwardValues(t *testing.T) {
	var peers []Peer
	for i, a := range [][2]string{{"a\x00", "b"}, {"a", "\x00b"}, {"a,b=c", "d"}, {"a", "b=c,d"}} {
		for j := range 3 {
			peers = append(peers, Peer{
				ID:     fmt.Sprint(i, j),
				Attrs:  map[string]string{"p": a[0], "q": a[1]},
				Values: map[string]float64{"m": float64(10*i + j)},
			})
		}
	}
	d := NewDatasetFromPeers(peers, []string{"m"})
	for _, tb := range []*Table{Benchmark(peers, []string{"m"}, []string{"p", "q"}, 1), BenchmarkDataset(d, []string{"m"}, []string{"p", "q"}, 1)} {
		if got, want := len(tb.Groups), 4; got != want {
			t.Errorf("got %d groups, want %d", got, want)
		}
		for _, g := range tb.Groups {
			if got, want := g.Stats["m"].N, 3; got != want {
				t.Errorf("group %q: n = %d, want %d", g.Attrs, got, want)
			}
		}
	}
}

func TestDataset(t *testing.T) {
	d := NewDataset([]string{"a", "b", "a"})
	if diff := cmp.Diff([]string{"a", "b"}, d.Metrics()); diff != "" {
		t.Errorf("Metrics (-want +got):\n%s", diff)
	}
	for _, c := range []struct {
		name string
		m    int
		ok   bool
	}{{"a", 0, true}, {"b", 1, true}, {"c", 0, false}} {
		if m, ok := d.Metric(c.name); m != c.m || ok != c.ok {
			t.Errorf("Metric(%q) = %d, %v, want %d, %v", c.name, m, ok, c.m, c.ok)
		}
	}
	d.Grow(3)
	rows := []int{
		d.Add("x", map[string]string{"region": "europe"}),
		d.Add("y", map[string]string{"region": "", "size": "small", "type": Unknown}),
		d.Add("z", nil),
	}
	if diff := cmp.Diff([]int{0, 1, 2}, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if got, want := d.Len(), 3; got != want {
		t.Errorf("Len = %d, want %d", got, want)
	}
	if diff := cmp.Diff([]string{"region", "size"}, d.Dims()); diff != "" {
		t.Errorf("Dims (-want +got):\n%s", diff)
	}
	d.Set(0, 0, 40)
	d.Set(1, 0, math.Inf(-1))
	d.Column(1)[2] = 7
	attrs := []struct {
		row       int
		dim, want string
	}{
		{0, "region", "europe"}, {0, "size", Unknown}, {1, "region", Unknown},
		{1, "size", "small"}, {1, "type", Unknown}, {2, "region", Unknown},
	}
	for _, c := range attrs {
		if got := d.Attr(c.row, c.dim); got != c.want {
			t.Errorf("Attr(%d, %q) = %q, want %q", c.row, c.dim, got, c.want)
		}
	}
	values := []struct {
		row, m int
		want   float64
		ok     bool
	}{{0, 0, 40, true}, {0, 1, math.NaN(), false}, {1, 0, math.Inf(-1), false}, {2, 1, 7, true}}
	for _, c := range values {
		v, ok := d.Value(c.row, c.m)
		if ok != c.ok || !(v == c.want || math.IsNaN(v) && math.IsNaN(c.want)) {
			t.Errorf("Value(%d, %d) = %v, %v, want %v, %v", c.row, c.m, v, ok, c.want, c.ok)
		}
	}
	wantPeers := []Peer{
		{ID: "x", Attrs: map[string]string{"region": "europe"}, Values: map[string]float64{"a": 40}},
		{ID: "y", Attrs: map[string]string{"size": "small"}, Values: map[string]float64{}},
		{ID: "z", Attrs: map[string]string{}, Values: map[string]float64{"b": 7}},
	}
	for row, want := range wantPeers {
		if got := d.Peer(row); !cmp.Equal(want, got) {
			t.Errorf("Peer(%d) = %+v, want %+v", row, got, want)
		}
		if got := d.ID(row); got != want.ID {
			t.Errorf("ID(%d) = %q, want %q", row, got, want.ID)
		}
	}
	for row, want := range wantPeers {
		// The metrics in another order: columns follow the given order.
		got := NewDatasetFromPeers(wantPeers, []string{"b", "a"}).Peer(row)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("NewDatasetFromPeers: Peer(%d) (-want +got):\n%s", row, diff)
		}
	}
}

func TestDatasetZeroAndNil(t *testing.T) {
	var zero Dataset
	row := zero.Add("x", map[string]string{"region": "europe"})
	if got, want := zero.Attr(row, "region"), "europe"; got != want {
		t.Errorf("zero Dataset: Attr = %q, want %q", got, want)
	}
	tb := BenchmarkDataset(&zero, []string{"m"}, []string{"region"}, 1)
	if got, want := len(tb.Groups), 1; got != want {
		t.Fatalf("zero Dataset: %d groups, want %d", got, want)
	}
	if got, want := tb.Groups[0].Key, "region=europe"; got != want {
		t.Errorf("zero Dataset: group %q, want %q", got, want)
	}
	var nilSet *Dataset
	if got := nilSet.Len(); got != 0 {
		t.Errorf("nil Dataset: Len = %d, want 0", got)
	}
	want := Benchmark(nil, []string{"m"}, []string{"region"}, 0)
	if diff := diffTables(want, BenchmarkDataset(nil, []string{"m"}, []string{"region"}, 0)); diff != "" {
		t.Errorf("nil Dataset table differs from Benchmark(nil) (-want +got):\n%s", diff)
	}
	if got := want.RankRow(nil, 0); got != nil {
		t.Errorf("RankRow of nil Dataset = %v, want nil", got)
	}
	if got := (&Table{}).RankRow(&zero, 0); got != nil {
		t.Errorf("RankRow on a Table not made by Benchmark = %v, want nil", got)
	}
}

// Dataset.Peer returns the peer as Benchmark sees it: attributes without
// empty or Unknown values, finite values of the Dataset's metrics only.
func TestDatasetPeerRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(47, 53))
	metrics := []string{"m0", "m1", "m2"}
	peers := messyPeers(r, 300, metrics)
	d := NewDatasetFromPeers(peers, metrics)
	for row, p := range peers {
		want := Peer{ID: p.ID, Attrs: map[string]string{}, Values: map[string]float64{}}
		for dim, v := range p.Attrs {
			if v != "" && v != Unknown {
				want.Attrs[dim] = v
			}
		}
		for _, m := range metrics {
			if v, ok := p.Values[m]; ok && isFinite(v) {
				want.Values[m] = v
			}
		}
		if diff := cmp.Diff(want, d.Peer(row), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("Peer(%d) (-want +got):\n%s", row, diff)
		}
	}
	if got, want := slices.Sorted(slices.Values(d.Dims())), slices.Sorted(maps.Keys(map[string]bool{"region": true, "size": true, "budget": true, "type": true})); !slices.Equal(got, want) {
		t.Errorf("Dims = %v, want %v", got, want)
	}
}
