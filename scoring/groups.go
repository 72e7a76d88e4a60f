package scoring

import (
	"encoding/binary"
	"maps"
	"math/bits"
	"slices"
	"strings"
)

// Anonymity: the rules that Benchmark (and BenchmarkDataset), Table.Ranks
// (and Table.RankRow), Prevalence and Trends apply to every peer group
// they publish.
//
//  1. k is the campaign's anonymity threshold (DefaultK = 5 by default; a
//     k below 1 means DefaultK).
//  2. Primary suppression: a group with n < k shows n and nothing else: no
//     mean, no quantile, no min or max, no option share, no percentile
//     rank of anyone in it. A suppressed Stats has every field but N zero.
//  3. Min and max are single associations' values: they are shown only in
//     groups of at least 2k (Stats.MinMaxShown).
//  4. Published groups: a grouping by dimensions D1 x ... x Dm publishes
//     "all", every marginal (the groups by each proper subset of the
//     dimensions: for region x size, every region total and every size
//     total) and the full combination. A family is a published parent and
//     its children along one more dimension: "all" and the regions; a
//     region and its region x size cells; a size and its region x size
//     cells. A family is one equation, parent = sum of its children (for
//     counts and for sums, that is mean x n).
//  5. Complementary suppression, per metric: wherever exactly one member
//     of a family with n > 0 is hidden, it could be recovered from the
//     others by subtraction (a hidden child under a visible parent) or by
//     addition (a hidden parent whose children are all visible). Then the
//     visible child with the smallest n > 0 is hidden too (ties: the
//     smaller key); if there is none (the hidden child is the parent's only
//     non-empty child, so both hold the same values) the parent is hidden.
//     This repeats until no family changes. If "all" has n < k everything
//     is hidden (rule 2 already implies it).
//  6. n is always shown. Empty cells (n = 0, listed when the group has
//     peers but none with a value for the metric) do not count as hidden:
//     they hold nothing to recover.
//
// Limits, written down so that nobody relies on more: the rule closes
// every single-equation recovery; it does not solve the whole system of
// equations of all families together, where in rare layouts a hidden value
// might be bounded by combining several. A level's suppression depends only
// on the levels above it (except in the rare case where a parent had to be
// hidden), so the region table computed on its own and the region
// marginals of a region x size table normally agree; tables over unrelated
// groupings (region x size and budget x type) are each safe on their own,
// not necessarily together.

// Unknown is the value of a dimension for a peer that has none.
const Unknown = "unknown"

// AllKey is the key of the group of every peer.
const AllKey = "all"

// Peer is the metric values of one submitted response and the peer
// attributes of its association.
type Peer struct {
	// ID is the association id.
	ID string `json:"id"`
	// Attrs maps a grouping dimension ("region", "size", "budget",
	// "type") to the association's value. A missing or empty value is
	// grouped as Unknown.
	Attrs map[string]string `json:"attrs"`
	// Values maps a metric name to its value. Metric names are opaque
	// strings to this package (see the package documentation). A missing
	// key means no value, never 0; NaN and infinite values are ignored
	// the same way.
	Values map[string]float64 `json:"values"`
}

// Group is one published peer group of a Table.
type Group struct {
	// Key is AllKey or the group's dimension values in the order of the
	// table's GroupBy, e.g. "region=africa,size=small". Attrs is the same
	// as a map and is authoritative when values contain ',' or '='.
	Key string `json:"key"`
	// Attrs maps each dimension of the group to its value; empty for AllKey.
	Attrs map[string]string `json:"attrs"`
	// Stats maps every metric of the table to the group's statistics.
	Stats map[string]Stats `json:"stats"`
}

// Table is the peer statistics of a set of responses grouped by some
// dimensions, with the anonymity rules applied (see the Anonymity comment
// in groups.go and Benchmark).
type Table struct {
	// GroupBy is the grouping dimensions, in the requested order.
	GroupBy []string `json:"group_by"`
	// K is the anonymity threshold applied.
	K int `json:"k"`
	// Metrics is the metrics summarised, in the requested order.
	Metrics []string `json:"metrics"`
	// All is the group of every peer.
	All Group `json:"all"`
	// Marginals are the groups by each proper, non-empty subset of
	// GroupBy (none when GroupBy has fewer than two dimensions), ordered
	// by the subset (fewer dimensions first, then in GroupBy order) and
	// then by key. For region x size: every region, then every size.
	Marginals []Group `json:"marginals"`
	// Groups are the groups by every dimension of GroupBy, sorted by key;
	// empty when GroupBy is empty.
	Groups []Group `json:"groups"`

	data *tableData // what Ranks needs; nil in a Table not made by Benchmark
}

// tableData is what Benchmark keeps for Ranks.
type tableData struct {
	lat    *lattice
	values [][]float64 // leaf*len(metrics)+metric -> sorted values
	stats  [][][]Stats // metric -> level -> cell
	metric map[string]int
}

// Rank is an association's percentile rank for one metric in one group it
// belongs to.
type Rank struct {
	// Group is the group's key (AllKey or e.g. "region=africa").
	Group string `json:"group"`
	// Attrs is the group's dimension values; empty for AllKey.
	Attrs map[string]string `json:"attrs"`
	// Metric is the metric name.
	Metric string `json:"metric"`
	// N is the group's number of values for the metric; always shown.
	N int `json:"n"`
	// Suppressed is true when the group is hidden: no rank is given.
	Suppressed bool `json:"suppressed"`
	// Percentile is the mid-rank percentile (see PercentRank), 0-100;
	// zero when Suppressed.
	Percentile float64 `json:"percentile"`
}

// attrValue returns p's value of dimension d, Unknown when it has none.
func attrValue(attrs map[string]string, d string) string {
	if v := attrs[d]; v != "" {
		return v
	}
	return Unknown
}

// normalize returns k (DefaultK when below 1) and ss without duplicates,
// first occurrence kept.
func normalize(k int, ss []string) (int, []string) {
	if k < 1 {
		k = DefaultK
	}
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return k, out
}

// leafIndex assigns each of n items (whose attributes attrs(i) returns)
// the index of its combination of dims values; leaves are numbered in key
// order and returned as their value tuples.
func leafIndex(n int, attrs func(int) map[string]string, dims []string) (leafOf []int, leaves [][]string) {
	return leafIndexBy(n, dims, func(i, j int) string { return attrValue(attrs(i), dims[j]) })
}

// leafIndexBy is leafIndex for items whose value of dims[j] (Unknown for
// none) value(i, j) returns.
func leafIndexBy(n int, dims []string, value func(i, j int) string) (leafOf []int, leaves [][]string) {
	leafOf = make([]int, n)
	index := make(map[string]int)
	var buf []byte
	for i := range n {
		buf = buf[:0]
		for j := range dims {
			// Length-prefixed, so that no two tuples share a key.
			v := value(i, j)
			buf = binary.AppendUvarint(buf, uint64(len(v)))
			buf = append(buf, v...)
		}
		id, ok := index[string(buf)]
		if !ok {
			id = len(leaves)
			index[string(buf)] = id
			vals := make([]string, len(dims))
			for j := range dims {
				vals[j] = value(i, j)
			}
			leaves = append(leaves, vals)
		}
		leafOf[i] = id
	}
	return sortLeaves(dims, leafOf, leaves)
}

// sortLeaves renumbers the leaves (value tuples of dims) in key order, so
// that results do not depend on the order of the input, and updates
// leafOf to the new numbers; it returns both.
func sortLeaves(dims []string, leafOf []int, leaves [][]string) ([]int, [][]string) {
	order := make([]int, len(leaves))
	keys := make([]string, len(leaves))
	for i, vals := range leaves {
		order[i] = i
		keys[i] = cellKey(dims, vals, 1<<len(dims)-1)
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(keys[a], keys[b]) })
	renum := make([]int, len(leaves))
	sorted := make([][]string, len(leaves))
	for newID, old := range order {
		renum[old] = newID
		sorted[newID] = leaves[old]
	}
	for i, id := range leafOf {
		leafOf[i] = renum[id]
	}
	return leafOf, sorted
}

// cellKey is the key of the group of vals (one per dim) restricted to the
// dimensions in mask: "d1=v1,d2=v2" in dims order, AllKey for none.
func cellKey(dims, vals []string, mask uint) string {
	if mask == 0 {
		return AllKey
	}
	var b strings.Builder
	for i, d := range dims {
		if mask&(1<<i) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(d)
		b.WriteByte('=')
		b.WriteString(vals[i])
	}
	return b.String()
}

// lattice is every published group of a grouping: one level per subset of
// the dimensions, from "all" (levels[0]) to the full combination (the
// last level, whose cells are the leaves in order), and the families
// that complementary suppression checks.
type lattice struct {
	dims   []string
	leaves int
	levels []level
	fams   []family
}

// level is the groups by one subset of the dimensions.
type level struct {
	mask   uint
	cells  []cell // sorted by key
	index  map[string]int
	ofLeaf []int // leaf -> cell
}

// cell is one group of a level.
type cell struct {
	key    string
	attrs  map[string]string
	leaves []int // ascending
}

// family is a parent group and its children along one more dimension.
type family struct {
	parentLevel, parent int
	childLevel          int
	children            []int // in key order
}

// newLattice builds the lattice of dims over the leaves (value tuples in
// key order).
func newLattice(dims []string, leaves [][]string) *lattice {
	d := len(dims)
	masks := make([]uint, 0, 1<<d)
	for m := uint(0); m < 1<<d; m++ {
		masks = append(masks, m)
	}
	// Fewer dimensions first, then by the dimensions' positions.
	slices.SortFunc(masks, func(a, b uint) int {
		if c := bits.OnesCount(a) - bits.OnesCount(b); c != 0 {
			return c
		}
		for i := range d {
			ai, bi := a&(1<<i) != 0, b&(1<<i) != 0
			if ai != bi {
				if ai {
					return -1
				}
				return 1
			}
		}
		return 0
	})
	lt := &lattice{dims: dims, leaves: len(leaves), levels: make([]level, len(masks))}
	byMask := make(map[uint]int, len(masks))
	for li, mask := range masks {
		byMask[mask] = li
		lv := level{mask: mask, index: make(map[string]int), ofLeaf: make([]int, len(leaves))}
		for leaf, vals := range leaves {
			key := cellKey(dims, vals, mask)
			c, ok := lv.index[key]
			if !ok {
				c = len(lv.cells)
				lv.index[key] = c
				attrs := make(map[string]string, bits.OnesCount(mask))
				for i, dim := range dims {
					if mask&(1<<i) != 0 {
						attrs[dim] = vals[i]
					}
				}
				lv.cells = append(lv.cells, cell{key: key, attrs: attrs})
			}
			lv.cells[c].leaves = append(lv.cells[c].leaves, leaf)
		}
		if mask == 0 && len(lv.cells) == 0 {
			// "all" is always published, even with no peers.
			lv.cells = []cell{{key: AllKey, attrs: map[string]string{}}}
			lv.index[AllKey] = 0
		}
		slices.SortFunc(lv.cells, func(a, b cell) int { return strings.Compare(a.key, b.key) })
		for c := range lv.cells {
			lv.index[lv.cells[c].key] = c
			for _, leaf := range lv.cells[c].leaves {
				lv.ofLeaf[leaf] = c
			}
		}
		lt.levels[li] = lv
	}
	for pl, parent := range lt.levels {
		for i := range d {
			if parent.mask&(1<<i) != 0 {
				continue
			}
			cl := byMask[parent.mask|1<<i]
			children := make([][]int, len(parent.cells))
			for c, ch := range lt.levels[cl].cells {
				p := parent.ofLeaf[ch.leaves[0]]
				children[p] = append(children[p], c)
			}
			for p, cs := range children {
				lt.fams = append(lt.fams, family{parentLevel: pl, parent: p, childLevel: cl, children: cs})
			}
		}
	}
	return lt
}

// suppress returns, for leaf counts leafN, every group's n and whether it
// is hidden under the anonymity rules with threshold k, by level and cell.
func (lt *lattice) suppress(leafN []int, k int) (n [][]int, hidden [][]bool) {
	n = make([][]int, len(lt.levels))
	hidden = make([][]bool, len(lt.levels))
	for li, lv := range lt.levels {
		n[li] = make([]int, len(lv.cells))
		hidden[li] = make([]bool, len(lv.cells))
		for c, ce := range lv.cells {
			for _, leaf := range ce.leaves {
				n[li][c] += leafN[leaf]
			}
			hidden[li][c] = n[li][c] < k
		}
	}
	if n[0][0] < k {
		for li := range hidden {
			for c := range hidden[li] {
				hidden[li][c] = true
			}
		}
		return n, hidden
	}
	for changed := true; changed; {
		changed = false
		for _, f := range lt.fams {
			if n[f.parentLevel][f.parent] == 0 {
				continue
			}
			cn, ch := n[f.childLevel], hidden[f.childLevel]
			count := 0
			if hidden[f.parentLevel][f.parent] {
				count++
			}
			smallest := -1
			for _, c := range f.children {
				switch {
				case cn[c] == 0:
				case ch[c]:
					count++
				case smallest < 0 || cn[c] < cn[smallest]:
					smallest = c
				}
			}
			if count != 1 {
				continue
			}
			if smallest >= 0 {
				ch[smallest] = true
			} else {
				hidden[f.parentLevel][f.parent] = true
			}
			changed = true
		}
	}
	return n, hidden
}

// Benchmark computes the peer statistics of every metric for "all" and
// every group of peers by the dimensions groupBy, under the anonymity
// threshold k (DefaultK when k < 1).
//
// A peer lacking a value for a dimension is grouped under Unknown. Each
// group's n for a metric counts the peers of the group that have a value
// for it. The anonymity rules (the Anonymity comment in groups.go) are
// applied per metric: primary suppression below k, min and max only from
// 2k, and complementary suppression over "all", the marginals and the
// groups.
//
// Duplicate metrics and dimensions are ignored; the cost grows with
// 2^len(groupBy), which is meant to be small (up to four dimensions).
// The result does not depend on the order of peers. The Table keeps the
// peers' sorted values for Ranks.
//
// BenchmarkDataset computes the same table from peers stored in columns
// (a Dataset), without one map lookup per value; it is the faster input
// for large sets of responses.
func Benchmark(peers []Peer, metrics []string, groupBy []string, k int) *Table {
	k, dims := normalize(k, groupBy)
	_, metrics = normalize(k, metrics)
	leafOf, leaves := leafIndex(len(peers), func(i int) map[string]string { return peers[i].Attrs }, dims)
	nm := len(metrics)
	return buildTable(dims, metrics, k, leafOf, leaves, func(buf []float64, pos []int) {
		for i, p := range peers {
			w := pos[leafOf[i]*nm : leafOf[i]*nm+nm]
			for m, name := range metrics {
				if v, ok := p.Values[name]; ok && isFinite(v) {
					buf[w[m]] = v
					w[m]++
				}
			}
		}
	})
}

// buildTable is the common part of Benchmark and BenchmarkDataset: k,
// dims and metrics are normalized, leafOf gives each row's leaf (leaves
// are the value tuples in key order). fill must store every finite value
// of metric m (index in metrics) of every row i in buf[pos[leafOf[i]*nm+m]]
// and increment that pos (nm = len(metrics)); buf holds, for each leaf in
// order and each metric, one run of as many slots as the leaf has rows.
func buildTable(dims, metrics []string, k int, leafOf []int, leaves [][]string, fill func(buf []float64, pos []int)) *Table {
	nm := len(metrics)
	lt := newLattice(dims, leaves)

	// Bucket the values into one preallocated block per (leaf, metric):
	// leaf l's block holds nm runs of size[l] slots.
	size := make([]int, len(leaves))
	for _, l := range leafOf {
		size[l]++
	}
	start := make([]int, len(leaves)*nm)
	pos := make([]int, len(leaves)*nm)
	off := 0
	for l, s := range size {
		for m := range nm {
			start[l*nm+m] = off
			pos[l*nm+m] = off
			off += s
		}
	}
	buf := make([]float64, off)
	fill(buf, pos)
	values := make([][]float64, len(leaves)*nm)
	sums := make([]float64, len(leaves)*nm)
	var scratch []uint64
	for i := range values {
		s := buf[start[i]:pos[i]:pos[i]]
		scratch = sortFloats(s, scratch)
		values[i] = s
		sums[i] = sumOf(s)
	}

	t := &Table{GroupBy: dims, K: k, Metrics: metrics, Marginals: []Group{}, Groups: []Group{}}
	groups := make([][]Group, len(lt.levels))
	for li, lv := range lt.levels {
		groups[li] = make([]Group, len(lv.cells))
		for c, ce := range lv.cells {
			groups[li][c] = Group{Key: ce.key, Attrs: ce.attrs, Stats: make(map[string]Stats, nm)}
		}
	}
	data := &tableData{lat: lt, values: values, stats: make([][][]Stats, nm), metric: make(map[string]int, nm)}
	leafN := make([]int, len(leaves))
	var u union
	var parts [][]float64
	for m, name := range metrics {
		data.metric[name] = m
		for l := range leaves {
			leafN[l] = len(values[l*nm+m])
		}
		n, hidden := lt.suppress(leafN, k)
		data.stats[m] = make([][]Stats, len(lt.levels))
		for li, lv := range lt.levels {
			data.stats[m][li] = make([]Stats, len(lv.cells))
			for c, ce := range lv.cells {
				st := Stats{N: n[li][c]}
				if !hidden[li][c] {
					parts = parts[:0]
					var sum float64
					for _, l := range ce.leaves {
						parts = append(parts, values[l*nm+m])
						sum += sums[l*nm+m]
					}
					u.reset(parts)
					st = u.stats(sum)
				}
				applyK(&st, hidden[li][c], k)
				data.stats[m][li][c] = st
				groups[li][c].Stats[name] = st
			}
		}
	}
	t.data = data
	last := len(lt.levels) - 1
	t.All = groups[0][0]
	for li := 1; li < last; li++ {
		t.Marginals = append(t.Marginals, groups[li]...)
	}
	if last > 0 {
		t.Groups = groups[last]
	}
	return t
}

// Ranks returns p's percentile rank for every metric of the table that p
// has a value for, in every group of the table p belongs to by its
// attributes: "all", the marginals and the full combination, in that
// order for each metric (metrics in table order). A suppressed group gives
// N and Suppressed only. p is ranked against the group's values as they
// are (p is normally one of the peers the table was made from; a peer
// that was not is ranked as if it were an outsider, and groups of its
// combination that the table lacks are left out).
//
// Ranks works on a Table made by Benchmark or BenchmarkDataset (it uses
// the sorted values they kept) and returns nil for any other; RankRow is
// the same for a row of a Dataset. It is safe for
// concurrent use.
func (t *Table) Ranks(p Peer) []Rank {
	if t == nil || t.data == nil {
		return nil
	}
	vals := make([]string, len(t.data.lat.dims))
	for i, dim := range t.data.lat.dims {
		vals[i] = attrValue(p.Attrs, dim)
	}
	return t.ranks(vals, func(m int) (float64, bool) {
		x, ok := p.Values[t.Metrics[m]]
		return x, ok && isFinite(x)
	})
}

// ranks is Ranks of a peer whose values of the table's dimensions are
// vals (Unknown for none) and whose value of the table's metric m value
// returns (false: none).
func (t *Table) ranks(vals []string, value func(m int) (float64, bool)) []Rank {
	d := t.data
	lt := d.lat
	nm := len(t.Metrics)
	cells := make([]int, len(lt.levels))
	for li, lv := range lt.levels {
		c, ok := lv.index[cellKey(lt.dims, vals, lv.mask)]
		if !ok {
			c = -1
		}
		cells[li] = c
	}
	var out []Rank
	var u union
	var parts [][]float64
	for m, name := range t.Metrics {
		x, ok := value(m)
		if !ok {
			continue
		}
		for li, c := range cells {
			if c < 0 {
				continue
			}
			ce := lt.levels[li].cells[c]
			st := d.stats[m][li][c]
			r := Rank{Group: ce.key, Attrs: maps.Clone(ce.attrs), Metric: name, N: st.N, Suppressed: st.Suppressed}
			if !st.Suppressed {
				parts = parts[:0]
				for _, l := range ce.leaves {
					parts = append(parts, d.values[l*nm+m])
				}
				u.reset(parts)
				r.Percentile = u.percentRank(x)
			}
			out = append(out, r)
		}
	}
	return out
}
