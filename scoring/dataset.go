package scoring

import (
	"math"
	"slices"
	"strings"
)

// Dataset is peers in columns: one row per association (one submitted
// response), one float64 column per metric, and the rows' peer attributes
// stored per dimension as small integer codes. It holds the same
// information as a []Peer; BenchmarkDataset computes from it exactly the
// Table that Benchmark computes from the equivalent peers, but reads each
// value from a column instead of looking it up in a map, which is most of
// Benchmark's cost on large sets.
//
// Fill it as responses are decoded: Add a row for each association, then
// Set its values (or write them into Column directly). A value that is NaN
// or infinite means no value, as a missing key does in Peer.Values; new
// rows have NaN everywhere. An attribute that is missing, empty or equal
// to Unknown is grouped as Unknown.
//
// A Dataset must not be modified concurrently with any other use; reading
// it (BenchmarkDataset, Table.RankRow, Peer and the other getters) from
// several goroutines at once is safe. The zero Dataset is an empty Dataset
// without metrics.
type Dataset struct {
	ids         []string
	metrics     []string
	metricIndex map[string]int
	columns     [][]float64 // metric -> row -> value (NaN: none)

	dims     []string // in order of first appearance
	dimIndex map[string]int
	codes    [][]uint32          // dim -> row -> code; code 0 is Unknown
	values   [][]string          // dim -> code -> value; values[d][0] == Unknown
	valueOf  []map[string]uint32 // dim -> value -> code (Unknown excluded)

	choiceNames []string
	choiceIndex map[string]int
	choices     [][]uint64 // choice column -> row -> Answered | option bits
}

// Answered is the bit of a choice value (see Dataset.SetChoice) that says
// the row answered the question; the other 63 bits are its options, bit i
// for option i.
const Answered uint64 = 1 << 63

// MaxOptions is how many options a choice column can record.
const MaxOptions = 63

// NewDataset returns an empty Dataset with one column per metric, in the
// given order; duplicate metrics are ignored.
func NewDataset(metrics []string) *Dataset {
	_, metrics = normalize(DefaultK, metrics)
	d := &Dataset{
		metrics:     metrics,
		metricIndex: make(map[string]int, len(metrics)),
		columns:     make([][]float64, len(metrics)),
		dimIndex:    make(map[string]int),
	}
	for m, name := range metrics {
		d.metricIndex[name] = m
	}
	return d
}

// NewDatasetFromPeers returns a Dataset of peers (one row each, in order)
// with one column per metric. Values of other metrics are left out.
func NewDatasetFromPeers(peers []Peer, metrics []string) *Dataset {
	d := NewDataset(metrics)
	d.Grow(len(peers))
	for _, p := range peers {
		row := d.Add(p.ID, p.Attrs)
		for m, name := range d.metrics {
			if v, ok := p.Values[name]; ok {
				d.columns[m][row] = v
			}
		}
	}
	return d
}

// Len returns the number of rows.
func (d *Dataset) Len() int {
	if d == nil {
		return 0
	}
	return len(d.ids)
}

// Metrics returns the metric names of the columns, in column order.
func (d *Dataset) Metrics() []string {
	if d == nil {
		return nil
	}
	return slices.Clone(d.metrics)
}

// Metric returns the column of the metric name and whether the Dataset
// has it.
func (d *Dataset) Metric(name string) (int, bool) {
	if d == nil {
		return 0, false
	}
	m, ok := d.metricIndex[name]
	return m, ok
}

// Dims returns the attribute dimensions that some row has a value for,
// in order of first appearance.
func (d *Dataset) Dims() []string {
	if d == nil {
		return nil
	}
	return slices.Clone(d.dims)
}

// Grow makes room for n more rows without reallocating.
func (d *Dataset) Grow(n int) {
	if n <= 0 {
		return
	}
	d.ids = slices.Grow(d.ids, n)
	for m := range d.columns {
		d.columns[m] = slices.Grow(d.columns[m], n)
	}
	for j := range d.codes {
		d.codes[j] = slices.Grow(d.codes[j], n)
	}
	for c := range d.choices {
		d.choices[c] = slices.Grow(d.choices[c], n)
	}
}

// Add appends a row for the association id with the peer attributes attrs
// (dimension -> value, as in Peer.Attrs; attrs is not kept) and returns
// its row number, which is Len() before the call. Every value of the new
// row is NaN (no value) until Set. A dimension that no earlier row had is
// added, with Unknown for the earlier rows.
func (d *Dataset) Add(id string, attrs map[string]string) int {
	row := len(d.ids)
	d.ids = append(d.ids, id)
	nan := math.NaN()
	for m := range d.columns {
		d.columns[m] = append(d.columns[m], nan)
	}
	for c := range d.choices {
		d.choices[c] = append(d.choices[c], 0)
	}
	known := 0
	for j, dim := range d.dims {
		v, ok := attrs[dim]
		if ok {
			known++
		}
		d.codes[j] = append(d.codes[j], d.code(j, v))
	}
	if known == len(attrs) {
		return row
	}
	d.addDims(row, attrs)
	return row
}

// addDims adds the dimensions of attrs that d does not have yet, in name
// order (so that Dims does not depend on map iteration order), Unknown
// for every row but row, which gets its value.
func (d *Dataset) addDims(row int, attrs map[string]string) {
	var added []string
	for dim, v := range attrs {
		if _, ok := d.dimIndex[dim]; !ok && v != "" && v != Unknown {
			added = append(added, dim)
		}
	}
	slices.Sort(added)
	if d.dimIndex == nil {
		d.dimIndex = make(map[string]int)
	}
	n := len(d.ids)
	for _, dim := range added {
		j := len(d.dims)
		d.dims = append(d.dims, dim)
		d.dimIndex[dim] = j
		d.codes = append(d.codes, make([]uint32, n, max(cap(d.ids), n)))
		d.values = append(d.values, []string{Unknown})
		d.valueOf = append(d.valueOf, make(map[string]uint32))
		d.codes[j][row] = d.code(j, attrs[dim])
	}
}

// code returns the code of value v of dimension j, adding it if new.
func (d *Dataset) code(j int, v string) uint32 {
	if v == "" || v == Unknown {
		return 0
	}
	c, ok := d.valueOf[j][v]
	if !ok {
		c = uint32(len(d.values[j]))
		d.values[j] = append(d.values[j], v)
		d.valueOf[j][v] = c
	}
	return c
}

// Set stores v as row's value of the metric in column metric (see
// Metric); NaN or an infinite v means no value. It panics if row or
// metric is out of range.
func (d *Dataset) Set(row, metric int, v float64) {
	d.columns[metric][row] = v
}

// Value returns row's value of the metric in column metric and whether it
// has one (the value is finite). It panics if row or metric is out of
// range.
func (d *Dataset) Value(row, metric int) (float64, bool) {
	v := d.columns[metric][row]
	return v, isFinite(v)
}

// Column returns the values of the metric in column metric, indexed by
// row: the Dataset's own storage, so writing into it is the same as Set.
// It is valid until the next Add or Grow. It panics if metric is out of
// range.
func (d *Dataset) Column(metric int) []float64 {
	return d.columns[metric]
}

// AddChoice adds a choice column named name (a question whose answers
// are option sets, e.g. prevalence of a practice, or a maturity level),
// with no answer in every existing row, and returns its index; a name
// that exists returns its index.
func (d *Dataset) AddChoice(name string) int {
	if c, ok := d.choiceIndex[name]; ok {
		return c
	}
	if d.choiceIndex == nil {
		d.choiceIndex = make(map[string]int)
	}
	c := len(d.choiceNames)
	d.choiceNames = append(d.choiceNames, name)
	d.choiceIndex[name] = c
	d.choices = append(d.choices, make([]uint64, len(d.ids), max(cap(d.ids), len(d.ids))))
	return c
}

// Choice returns the index of the choice column name and whether it exists.
func (d *Dataset) Choice(name string) (int, bool) {
	if d == nil {
		return 0, false
	}
	c, ok := d.choiceIndex[name]
	return c, ok
}

// Choices returns the names of the choice columns, in column order.
func (d *Dataset) Choices() []string {
	if d == nil {
		return nil
	}
	return slices.Clone(d.choiceNames)
}

// SetChoice stores row's answer in choice column c: Answered with bit i
// set for each option i chosen (options below MaxOptions), or 0 for no
// answer. It panics if row or c is out of range.
func (d *Dataset) SetChoice(row, c int, v uint64) {
	d.choices[c][row] = v
}

// ChoiceValue returns row's answer in choice column c (see SetChoice).
// It panics if row or c is out of range.
func (d *Dataset) ChoiceValue(row, c int) uint64 {
	return d.choices[c][row]
}

// ID returns row's association id. It panics if row is out of range.
func (d *Dataset) ID(row int) string {
	return d.ids[row]
}

// Attr returns row's value of the dimension dim, Unknown when it has
// none. It panics if row is out of range.
func (d *Dataset) Attr(row int, dim string) string {
	_ = d.ids[row]
	j, ok := d.dimIndex[dim]
	if !ok {
		return Unknown
	}
	return d.values[j][d.codes[j][row]]
}

// Peer returns row as a Peer: its id, the attributes it has a value for
// (other than Unknown) and its finite values. Benchmark of the peers of
// every row gives the same Table as BenchmarkDataset. It panics if row is
// out of range.
func (d *Dataset) Peer(row int) Peer {
	p := Peer{ID: d.ids[row], Attrs: map[string]string{}, Values: make(map[string]float64, len(d.metrics))}
	for j, dim := range d.dims {
		if c := d.codes[j][row]; c != 0 {
			p.Attrs[dim] = d.values[j][c]
		}
	}
	for m, name := range d.metrics {
		if v := d.columns[m][row]; isFinite(v) {
			p.Values[name] = v
		}
	}
	return p
}

// BenchmarkDataset is Benchmark for peers stored in a Dataset: it returns
// exactly the Table that Benchmark returns for the peers of d's rows
// (d.Peer of each row), with the same anonymity rules. Metrics that d has
// no column for have no values; dimensions that no row has a value for
// are Unknown for every row. A nil d is an empty Dataset. d is not
// modified and not kept.
func BenchmarkDataset(d *Dataset, metrics []string, groupBy []string, k int) *Table {
	if d == nil {
		d = NewDataset(nil)
	}
	k, dims := normalize(k, groupBy)
	_, metrics = normalize(k, metrics)
	leafOf, leaves := d.leafIndex(dims)
	nm := len(metrics)
	return buildTable(dims, metrics, k, leafOf, leaves, func(buf []float64, pos []int) {
		// Column by column: each metric's values are read in order and
		// written to one run per leaf.
		for m, name := range metrics {
			col, ok := d.metricIndex[name]
			if !ok {
				continue
			}
			for row, v := range d.columns[col] {
				if isFinite(v) {
					w := &pos[leafOf[row]*nm+m]
					buf[*w] = v
					*w++
				}
			}
		}
	})
}

// denseLeaves is the number of combinations of codes up to which
// Dataset.leafIndex uses a table rather than a map (or the number of
// rows, if larger).
const denseLeaves = 1 << 12

// leafIndex is leafIndex for the rows of d: each row's leaf and the
// leaves' value tuples of dims, in key order.
func (d *Dataset) leafIndex(dims []string) (leafOf []int, leaves [][]string) {
	n := len(d.ids)
	codes := make([][]uint32, len(dims)) // nil: no row has the dimension
	dicts := make([][]string, len(dims))
	stride := make([]int, len(dims))
	size := 1
	for i, dim := range dims {
		dicts[i] = []string{Unknown}
		if j, ok := d.dimIndex[dim]; ok {
			codes[i], dicts[i] = d.codes[j], d.values[j]
		}
		stride[i] = size
		if size > max(denseLeaves, n)/len(dicts[i]) {
			// Too many combinations for a table: go through the values.
			return leafIndexBy(n, dims, func(row, i int) string {
				if codes[i] == nil {
					return Unknown
				}
				return dicts[i][codes[i][row]]
			})
		}
		size *= len(dicts[i])
	}
	// Each combination of codes is a mixed-radix number below size.
	table := make([]int32, size)
	for c := range table {
		table[c] = -1
	}
	leafOf = make([]int, n)
	for row := range n {
		c := 0
		for i, col := range codes {
			if col != nil {
				c += int(col[row]) * stride[i]
			}
		}
		l := table[c]
		if l < 0 {
			l = int32(len(leaves))
			table[c] = l
			vals := make([]string, len(dims))
			for i := range dims {
				vals[i] = dicts[i][c/stride[i]%len(dicts[i])]
			}
			leaves = append(leaves, vals)
		}
		leafOf[row] = int(l)
	}
	return sortLeaves(dims, leafOf, leaves)
}

// RankRow is Ranks for row of the Dataset d: its percentile rank for every
// metric of the table that d has a finite value for in that row, in every
// group of the table the row belongs to by its attributes, exactly as
// t.Ranks(d.Peer(row)). It returns nil for a Table not made by Benchmark
// or BenchmarkDataset, or a nil d; it panics if row is out of range. It
// is safe for concurrent use.
func (t *Table) RankRow(d *Dataset, row int) []Rank {
	if t == nil || t.data == nil || d == nil {
		return nil
	}
	_ = d.ids[row]
	dims := t.data.lat.dims
	vals := make([]string, len(dims))
	for i, dim := range dims {
		vals[i] = d.Attr(row, dim)
	}
	cols := make([][]float64, len(t.Metrics)) // nil: d has no column
	for m, name := range t.Metrics {
		if c, ok := d.metricIndex[name]; ok {
			cols[m] = d.columns[c]
		}
	}
	return t.ranks(vals, func(m int) (float64, bool) {
		if cols[m] == nil {
			return 0, false
		}
		v := cols[m][row]
		return v, isFinite(v)
	})
}

// Clone returns a deep copy of d, which later changes to d do not affect.
func (d *Dataset) Clone() *Dataset {
	if d == nil {
		return nil
	}
	c := &Dataset{
		ids:         slices.Clone(d.ids),
		metrics:     slices.Clone(d.metrics),
		metricIndex: make(map[string]int, len(d.metricIndex)),
		columns:     make([][]float64, len(d.columns)),
		dims:        slices.Clone(d.dims),
		dimIndex:    make(map[string]int, len(d.dimIndex)),
		codes:       make([][]uint32, len(d.codes)),
		values:      make([][]string, len(d.values)),
		valueOf:     make([]map[string]uint32, len(d.valueOf)),
		choiceNames: slices.Clone(d.choiceNames),
		choiceIndex: make(map[string]int, len(d.choiceIndex)),
		choices:     make([][]uint64, len(d.choices)),
	}
	for k, v := range d.metricIndex {
		c.metricIndex[k] = v
	}
	for m := range d.columns {
		c.columns[m] = slices.Clone(d.columns[m])
	}
	for k, v := range d.dimIndex {
		c.dimIndex[k] = v
	}
	for j := range d.codes {
		c.codes[j] = slices.Clone(d.codes[j])
		c.values[j] = slices.Clone(d.values[j])
		c.valueOf[j] = make(map[string]uint32, len(d.valueOf[j]))
		for k, v := range d.valueOf[j] {
			c.valueOf[j][k] = v
		}
	}
	for k, v := range d.choiceIndex {
		c.choiceIndex[k] = v
	}
	for j := range d.choices {
		c.choices[j] = slices.Clone(d.choices[j])
	}
	return c
}

// SetAttrs replaces row's peer attributes with attrs (as in Add; attrs is
// not kept). It panics if row is out of range.
func (d *Dataset) SetAttrs(row int, attrs map[string]string) {
	_ = d.ids[row]
	for j, dim := range d.dims {
		d.codes[j][row] = d.code(j, attrs[dim])
	}
	d.addDims(row, attrs)
}

// ClearRow removes every value and choice of row (as a new row has none),
// keeping its id and attributes. It panics if row is out of range.
func (d *Dataset) ClearRow(row int) {
	_ = d.ids[row]
	nan := math.NaN()
	for m := range d.columns {
		d.columns[m][row] = nan
	}
	for c := range d.choices {
		d.choices[c][row] = 0
	}
}

// RemoveRow deletes row: the last row takes its place (its number becomes
// row) and Len shrinks by one. It returns the id of the row that moved,
// or "" when row was the last. It panics if row is out of range.
func (d *Dataset) RemoveRow(row int) string {
	last := len(d.ids) - 1
	moved := ""
	if row != last {
		moved = d.ids[last]
		d.ids[row] = d.ids[last]
		for m := range d.columns {
			d.columns[m][row] = d.columns[m][last]
		}
		for j := range d.codes {
			d.codes[j][row] = d.codes[j][last]
		}
		for c := range d.choices {
			d.choices[c][row] = d.choices[c][last]
		}
	}
	d.ids = d.ids[:last]
	for m := range d.columns {
		d.columns[m] = d.columns[m][:last]
	}
	for j := range d.codes {
		d.codes[j] = d.codes[j][:last]
	}
	for c := range d.choices {
		d.choices[c] = d.choices[c][:last]
	}
	return moved
}

// SortedByID returns a copy of d with its rows in id order: a Dataset
// changed in place (RemoveRow moves rows) made comparable with one built
// in id order.
func (d *Dataset) SortedByID() *Dataset {
	if d == nil {
		return nil
	}
	order := make([]int, len(d.ids))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(d.ids[a], d.ids[b]) })
	c := d.Clone()
	for i, row := range order {
		c.ids[i] = d.ids[row]
		for m := range d.columns {
			c.columns[m][i] = d.columns[m][row]
		}
		for j := range d.codes {
			c.codes[j][i] = d.codes[j][row]
		}
		for ch := range d.choices {
			c.choices[ch][i] = d.choices[ch][row]
		}
	}
	return c
}

// AddMetric adds a metric column named name, with no value in any row,
// and returns its index; an existing metric's index is returned as it is.
func (d *Dataset) AddMetric(name string) int {
	if m, ok := d.metricIndex[name]; ok {
		return m
	}
	if d.metricIndex == nil {
		d.metricIndex = make(map[string]int)
	}
	col := make([]float64, len(d.ids), max(cap(d.ids), len(d.ids)))
	for i := range col {
		col[i] = math.NaN()
	}
	m := len(d.metrics)
	d.metrics = append(d.metrics, name)
	d.metricIndex[name] = m
	d.columns = append(d.columns, col)
	return m
}
