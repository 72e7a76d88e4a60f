package scoring

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
)

// Benchmark data: 100 000 responses with 40 metrics each (overall, three
// areas, twelve sections, twenty-four items: half of them choice-like
// points in steps of 25, half continuous; about 3% of items not
// applicable), grouped by region x size band.
const (
	benchPeers = 100_000
	benchK     = 5
)

var benchGroupBy = []string{"region", "size"}

type benchData struct {
	peers   []Peer
	dataset *Dataset // the same responses in columns
	metrics []string
	cells   [][]float64 // per (region x size cell, metric), unsorted: what the floor sorts
	cellOf  []string    // cell (index in cells / len(metrics)) -> region + "\x00" + size
}

// benchSet is the benchmarks' data, built once.
var benchSet = sync.OnceValue(func() benchData { return makeBenchData(benchPeers) })

// benchColumns is the same data without the Peers, for the benchmarks
// that do not read them, so that the garbage collections during those
// benchmarks do not have to mark some 400 MB of maps that nothing uses.
// (The data is generated deterministically: it is benchSet's.)
var benchColumns = sync.OnceValue(func() benchData {
	d := makeBenchData(benchPeers)
	d.peers = nil
	return d
})

// makeBenchData builds n responses, as Peers and as a Dataset, and the
// floor's slices.
func makeBenchData(n int) benchData {
	r := rand.New(rand.NewPCG(2026, 11))
	metrics := []string{"overall"}
	areas := []string{"financial", "membership", "communications"}
	for _, a := range areas {
		metrics = append(metrics, "area:"+a)
	}
	for _, a := range areas {
		for s := range 4 {
			metrics = append(metrics, fmt.Sprintf("section:%s/s%d", a, s))
		}
	}
	for _, a := range areas {
		for i := range 8 {
			metrics = append(metrics, fmt.Sprintf("item:%s/q%02d", a, i))
		}
	}
	regions := []string{"africa", "asia-oceania", "europe", "latin-america-caribbean", "mena", "north-america"}
	sizes := []string{"small", "medium", "large", "very-large"}
	peers := make([]Peer, n)
	for i := range peers {
		p := Peer{
			ID:     fmt.Sprintf("assoc-%06d", i),
			Attrs:  map[string]string{"budget": "b" + fmt.Sprint(r.IntN(3)), "type": "national"},
			Values: make(map[string]float64, len(metrics)),
		}
		if r.IntN(200) != 0 { // a few have no region: "unknown"
			p.Attrs["region"] = regions[min(r.IntN(len(regions)), r.IntN(len(regions)+2))]
		}
		p.Attrs["size"] = sizes[min(r.IntN(len(sizes)), r.IntN(len(sizes)+1))]
		base := r.Float64() * 100
		for j, m := range metrics {
			// Keys are separate strings per response, as decoded from storage.
			key := strings.Clone(m)
			v := math.Min(100, math.Max(0, base+r.NormFloat64()*15))
			switch {
			case strings.HasPrefix(m, "item:") && j%2 == 0:
				v = 25 * math.Round(v/25)
			case strings.HasPrefix(m, "item:") && r.IntN(33) == 0:
				continue // not applicable
			}
			p.Values[key] = v
		}
		peers[i] = p
	}
	// The floor's slices: the same values in the same per-cell buckets as
	// Benchmark's, gathered straightforwardly.
	index := map[string]int{}
	var cells [][]float64
	var cellOf []string
	for _, p := range peers {
		key := attrValue(p.Attrs, "region") + "\x00" + attrValue(p.Attrs, "size")
		c, ok := index[key]
		if !ok {
			c = len(cellOf)
			index[key] = c
			cellOf = append(cellOf, key)
			cells = append(cells, make([][]float64, len(metrics))...)
		}
		for m, name := range metrics {
			if v, ok := p.Values[name]; ok {
				cells[c*len(metrics)+m] = append(cells[c*len(metrics)+m], v)
			}
		}
	}
	// The Dataset is what a caller builds while decoding the responses.
	dataset := NewDatasetFromPeers(peers, metrics)
	return benchData{peers: peers, dataset: dataset, metrics: metrics, cells: cells, cellOf: cellOf}
}

// BenchmarkGroupStats computes the full table (every metric; all, region
// and size marginals and region x size groups; suppression) from the
// responses in a Dataset, built beforehand as a caller builds it while
// decoding them. BenchmarkDataset does not modify the Dataset, so nothing
// needs restoring between iterations; the working memory it allocates
// (the per-cell buckets it sorts, which the Table keeps for Ranks) is
// timed.
func BenchmarkGroupStats(b *testing.B) {
	d := benchColumns()
	b.ReportAllocs()
	for b.Loop() {
		BenchmarkDataset(d.dataset, d.metrics, benchGroupBy, benchK)
	}
}

// BenchmarkGroupStatsPeers is BenchmarkGroupStats from the same responses
// as Peers: one map lookup per value.
func BenchmarkGroupStatsPeers(b *testing.B) {
	d := benchSet()
	b.ReportAllocs()
	for b.Loop() {
		Benchmark(d.peers, d.metrics, benchGroupBy, benchK)
	}
}

// BenchmarkGroupStatsSortFloor is the floor of BenchmarkGroupStats: only
// sorting, with slices.Sort, the same per-(region x size cell, metric)
// slices, already extracted (TestBenchDataCells checks that they hold
// exactly the values each table sorts); restoring the unsorted copies is
// not timed.
func BenchmarkGroupStatsSortFloor(b *testing.B) {
	d := benchColumns()
	work := make([][]float64, len(d.cells))
	for i, c := range d.cells {
		work[i] = make([]float64, len(c))
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		for i, c := range d.cells {
			copy(work[i], c)
		}
		b.StartTimer()
		for _, s := range work {
			slices.Sort(s)
		}
	}
}

// BenchmarkGroupStatsExtractFloor is the other part of the work that any
// implementation taking Peers must do: reading every metric of every
// response from its Values map into per-(cell, metric) slices
// (preallocated; the cell of each response is found outside the timer).
// It is not in the brief's floor; it shows how much of BenchmarkGroupStats
// the map lookups take.
func BenchmarkGroupStatsExtractFloor(b *testing.B) {
	d := benchSet()
	nm := len(d.metrics)
	index := map[string]int{}
	cellOf := make([]int, len(d.peers))
	for i, p := range d.peers {
		key := attrValue(p.Attrs, "region") + "\x00" + attrValue(p.Attrs, "size")
		c, ok := index[key]
		if !ok {
			c = len(index)
			index[key] = c
		}
		cellOf[i] = c
	}
	work := make([][]float64, len(d.cells))
	for i, c := range d.cells {
		work[i] = make([]float64, 0, len(c))
	}
	b.ReportAllocs()
	for b.Loop() {
		for i := range work {
			work[i] = work[i][:0]
		}
		for i, p := range d.peers {
			w := work[cellOf[i]*nm : cellOf[i]*nm+nm]
			for m, name := range d.metrics {
				if v, ok := p.Values[name]; ok {
					w[m] = append(w[m], v)
				}
			}
		}
	}
}

// BenchmarkDatasetFromPeers is the cost of converting Peers to a Dataset,
// for a caller that has Peers; a caller that decodes responses straight
// into a Dataset does not pay it.
func BenchmarkDatasetFromPeers(b *testing.B) {
	d := benchSet()
	b.ReportAllocs()
	for b.Loop() {
		NewDatasetFromPeers(d.peers, d.metrics)
	}
}

// TestBenchDataCells checks, on a smaller set made the same way, that the
// floor sorts exactly the values that Benchmark and BenchmarkDataset
// bucket and sort: same cells, same values.
func TestBenchDataCells(t *testing.T) {
	d := makeBenchData(5000)
	nm := len(d.metrics)
	for _, tb := range []*Table{
		Benchmark(d.peers, d.metrics, benchGroupBy, benchK),
		BenchmarkDataset(d.dataset, d.metrics, benchGroupBy, benchK),
	} {
		leaves := tb.data.lat.levels[len(tb.data.lat.levels)-1].cells
		if got, want := len(leaves), len(d.cellOf); got != want {
			t.Fatalf("table has %d region x size cells, floor %d", got, want)
		}
		for c, key := range d.cellOf {
			region, size, _ := strings.Cut(key, "\x00")
			l := slices.IndexFunc(leaves, func(ce cell) bool {
				return ce.attrs["region"] == region && ce.attrs["size"] == size
			})
			if l < 0 {
				t.Fatalf("no table cell for region %q, size %q", region, size)
			}
			for m, name := range d.metrics {
				want := slices.Sorted(slices.Values(d.cells[c*nm+m]))
				if got := tb.data.values[l*nm+m]; !slices.Equal(got, want) {
					t.Fatalf("%s %s %s: table sorts %d values, floor %d, or different ones", region, size, name, len(got), len(want))
				}
			}
		}
	}
}
