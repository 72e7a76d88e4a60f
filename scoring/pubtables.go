package scoring

import (
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"strings"
)

// The published figures of a release and the tables cut out of them.

// ownerName is the owner of a unit (its own name when it names none).
func ownerName(name, owner string) string {
	if owner == "" {
		return name
	}
	return owner
}

// hiddenFor reports whether cell c of level li is hidden for the unit of
// the given owner.
func (r *Release) hiddenFor(owner string, li, c int) bool {
	if r.hidden[li][c] {
		return true
	}
	l := r.local[owner]
	return l != nil && l[li][c]
}

// computeStats fills the published statistics of every metric and the
// counts of every question, for every cell of the published levels.
func (r *Release) computeStats() {
	fin := r.finestLevel()
	r.sorted = make([][][]float64, len(r.Metrics))
	r.stats = make([][][]Stats, len(r.Metrics))
	var u union
	var parts [][]float64
	for i, m := range r.Metrics {
		owner := ownerName(m.Name, m.Owner)
		leafVals := make([][]float64, r.lat.leaves)
		if col := r.metricCol[i]; col >= 0 {
			for row, v := range r.data.Column(col) {
				if isFinite(v) {
					l := r.leafOf[row]
					leafVals[l] = append(leafVals[l], v)
				}
			}
		}
		var scratch []uint64
		sums := make([]float64, r.lat.leaves)
		for l, vs := range leafVals {
			scratch = sortFloats(vs, scratch)
			sums[l] = sumOf(vs)
		}
		r.sorted[i] = leafVals
		r.stats[i] = make([][]Stats, fin)
		for li := range fin {
			lv := r.lat.levels[li]
			r.stats[i][li] = make([]Stats, len(lv.cells))
			for c, ce := range lv.cells {
				parts = parts[:0]
				var sum float64
				for _, l := range ce.leaves {
					parts = append(parts, leafVals[l])
					sum += sums[l]
				}
				u.reset(parts)
				st := Stats{N: u.n}
				hidden := r.hiddenFor(owner, li, c)
				if !hidden && u.n > 0 {
					st = u.stats(sum)
				}
				if r.allQuantiles {
					st.MinMaxShown = st.N >= 2*r.K
					st.QuartilesShown, st.DecilesShown = true, true
					if hidden || st.N < r.K {
						st = Stats{N: st.N, Suppressed: true}
					} else if !st.MinMaxShown {
						st.Min, st.Max = 0, 0
					}
				} else {
					publishK(&st, hidden, r.K)
				}
				if r.nHidden[li][c] {
					st = Stats{Suppressed: true, NHidden: true}
				}
				r.stats[i][li][c] = st
			}
		}
	}
	r.answered = make([][][]int, len(r.Questions))
	r.counts = make([][][][]int, len(r.Questions))
	for i, q := range r.Questions {
		no := len(q.Options)
		leafN := make([]int, r.lat.leaves)
		leafC := make([]int, r.lat.leaves*no)
		if col := r.choiceCol[i]; col >= 0 {
			for row := range r.data.Len() {
				v := r.data.ChoiceValue(row, col)
				if v&Answered == 0 {
					continue
				}
				l := r.leafOf[row]
				leafN[l]++
				for v &^= Answered; v != 0; v &= v - 1 {
					if o := bits.TrailingZeros64(v); o < no {
						leafC[l*no+o]++
					}
				}
			}
		}
		r.answered[i] = r.sumLeaves(leafN)[:fin]
		r.counts[i] = make([][][]int, fin)
		for li := range fin {
			lv := r.lat.levels[li]
			r.counts[i][li] = make([][]int, len(lv.cells))
			for c, ce := range lv.cells {
				if r.hiddenFor(ownerName(q.Name, q.Owner), li, c) {
					continue
				}
				counts := make([]int, no)
				for _, l := range ce.leaves {
					for o := range no {
						counts[o] += leafC[l*no+o]
					}
				}
				r.counts[i][li][c] = counts
			}
		}
	}
}

// groupLevels returns, for a grouping (distinct dimensions of PubDims, at
// most three), the level of each subset of its dimensions, ordered as a
// Table orders them: "all" first, then fewer dimensions first (in the
// grouping's order), the full grouping last.
func (r *Release) groupLevels(groupBy []string) ([]int, error) {
	if len(groupBy) > 3 {
		return nil, fmt.Errorf("group by %v: at most three dimensions", groupBy)
	}
	for i, d := range groupBy {
		if !slices.Contains(PubDims, d) {
			return nil, fmt.Errorf("group by %q: not a dimension of %v", d, PubDims)
		}
		if slices.Contains(groupBy[:i], d) {
			return nil, fmt.Errorf("group by %q twice", d)
		}
	}
	subsets := make([]uint, 0, 1<<len(groupBy))
	for m := uint(0); m < 1<<len(groupBy); m++ {
		subsets = append(subsets, m)
	}
	slices.SortStableFunc(subsets, func(a, b uint) int {
		if c := bits.OnesCount(a) - bits.OnesCount(b); c != 0 {
			return c
		}
		for i := range groupBy {
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
	out := make([]int, len(subsets))
	for i, m := range subsets {
		var dims []string
		for j, d := range groupBy {
			if m&(1<<j) != 0 {
				dims = append(dims, d)
			}
		}
		out[i] = r.levelOf(dims...)
	}
	return out, nil
}

// groupKey is the key of a cell in a grouping's order.
func groupKey(groupBy []string, attrs map[string]string) string {
	if len(attrs) == 0 {
		return AllKey
	}
	var b strings.Builder
	for _, d := range groupBy {
		v, ok := attrs[d]
		if !ok {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(d)
		b.WriteByte('=')
		b.WriteString(v)
	}
	return b.String()
}

// Table returns the published statistics of metrics grouped by groupBy:
// the same shape as Benchmark's (All, Marginals, Groups), every value
// read from the release. Metrics the release does not publish have n = 0.
// The Table has no ranks (see Release.Rank).
func (r *Release) Table(metrics []string, groupBy []string) (*Table, error) {
	levels, err := r.groupLevels(groupBy)
	if err != nil {
		return nil, err
	}
	_, metrics = normalize(r.K, metrics)
	idx := make([]int, len(metrics))
	for i, m := range metrics {
		idx[i] = slices.IndexFunc(r.Metrics, func(s MetricSpec) bool { return s.Name == m })
	}
	t := &Table{GroupBy: slices.Clone(groupBy), K: r.K, Metrics: metrics, Marginals: []Group{}, Groups: []Group{}}
	for i, li := range levels {
		groups := r.levelGroups(li, groupBy, func(c int) map[string]Stats {
			st := make(map[string]Stats, len(metrics))
			for j, m := range metrics {
				switch {
				case c < 0:
					st[m] = Stats{Suppressed: true, NHidden: true}
				case idx[j] >= 0:
					st[m] = r.stats[idx[j]][li][c]
				default:
					st[m] = Stats{}
				}
			}
			return st
		})
		switch {
		case i == 0:
			t.All = groups[0]
		case i == len(levels)-1:
			t.Groups = groups
		default:
			t.Marginals = append(t.Marginals, groups...)
		}
	}
	return t, nil
}

// levelGroups returns the groups of one level, keyed in groupBy's order
// and sorted by key, with the statistics stats gives each cell (c < 0:
// a phantom, see phantoms).
func (r *Release) levelGroups(li int, groupBy []string, stats func(c int) map[string]Stats) []Group {
	lv := r.lat.levels[li]
	out := make([]Group, 0, len(lv.cells))
	for c, ce := range lv.cells {
		out = append(out, Group{Key: groupKey(groupBy, ce.attrs), Attrs: maps.Clone(ce.attrs), Stats: stats(c)})
	}
	for _, attrs := range r.phantoms(li) {
		out = append(out, Group{Key: groupKey(groupBy, attrs), Attrs: attrs, Stats: stats(-1)})
	}
	slices.SortFunc(out, func(a, b Group) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// phantoms returns, for a level where some cell's n is hidden, every
// combination of the values seen along its dimensions that has no
// associations: listed with their n hidden too, so that the absence of a
// group from a table does not tell that it is empty, and with it the n
// of a hidden neighbour.
func (r *Release) phantoms(li int) []map[string]string {
	if !slices.Contains(r.nHidden[li], true) {
		return nil
	}
	lv := r.lat.levels[li]
	var dims []string
	for i, d := range PubDims {
		if lv.mask&(1<<i) != 0 {
			dims = append(dims, d)
		}
	}
	values := make([][]string, len(dims))
	fin := r.lat.levels[r.finestLevel()]
	for i, d := range dims {
		seen := map[string]bool{}
		for _, ce := range fin.cells {
			if v := ce.attrs[d]; !seen[v] {
				seen[v] = true
				values[i] = append(values[i], v)
			}
		}
		slices.Sort(values[i])
	}
	var out []map[string]string
	var walk func(i int, cur map[string]string)
	walk = func(i int, cur map[string]string) {
		if i == len(dims) {
			if _, ok := lv.index[cellKey(PubDims, dimValues(cur), lv.mask)]; !ok {
				out = append(out, maps.Clone(cur))
			}
			return
		}
		for _, v := range values[i] {
			cur[dims[i]] = v
			walk(i+1, cur)
		}
		delete(cur, dims[i])
	}
	walk(0, map[string]string{})
	return out
}

// Prevalence returns the published counts of a question (its prevalence,
// or a maturity-level distribution) grouped by groupBy, in the shape of
// Prevalence's table. A hidden group shows N only (nothing when its n is
// hidden too).
func (r *Release) Prevalence(question string, groupBy []string) (*PrevalenceTable, error) {
	qi := slices.IndexFunc(r.Questions, func(q QuestionSpec) bool { return q.Name == question })
	if qi < 0 {
		return nil, fmt.Errorf("question %s: not in release %d of %s", question, r.Number, r.Campaign)
	}
	levels, err := r.groupLevels(groupBy)
	if err != nil {
		return nil, err
	}
	q := r.Questions[qi]
	t := &PrevalenceTable{Options: slices.Clone(q.Options), GroupBy: slices.Clone(groupBy), K: r.K,
		Marginals: []PrevalenceGroup{}, Groups: []PrevalenceGroup{}}
	for i, li := range levels {
		lv := r.lat.levels[li]
		groups := make([]PrevalenceGroup, 0, len(lv.cells))
		for c, ce := range lv.cells {
			pg := PrevalenceGroup{Key: groupKey(groupBy, ce.attrs), Attrs: maps.Clone(ce.attrs),
				N: r.answered[qi][li][c], Counts: map[string]int{}, Shares: map[string]float64{}}
			counts := r.counts[qi][li][c]
			switch {
			case r.nHidden[li][c]:
				pg.N, pg.Suppressed, pg.NHidden = 0, true, true
			case counts == nil:
				pg.Suppressed = true
			case pg.N > 0:
				for o, opt := range q.Options {
					pg.Counts[opt] = counts[o]
					pg.Shares[opt] = float64(counts[o]) / float64(pg.N)
				}
			}
			groups = append(groups, pg)
		}
		for _, attrs := range r.phantoms(li) {
			groups = append(groups, PrevalenceGroup{Key: groupKey(groupBy, attrs), Attrs: attrs, Suppressed: true, NHidden: true,
				Counts: map[string]int{}, Shares: map[string]float64{}})
		}
		slices.SortFunc(groups, func(a, b PrevalenceGroup) int { return strings.Compare(a.Key, b.Key) })
		switch {
		case i == 0:
			t.All = groups[0]
		case i == len(levels)-1:
			t.Groups = groups
		default:
			t.Marginals = append(t.Marginals, groups...)
		}
	}
	return t, nil
}

// Rank returns the percentile rank (mid-rank: the share of the group's
// values below x plus half the share equal to it) of the value x of a
// metric in the group of attrs along dims (none: "all"), against the
// release's values; suppressed, with N only, where the release hides the
// group. It is how an association sees where it stands: its own value,
// live, against the latest release.
func (r *Release) Rank(metric string, dims []string, attrs map[string]string, x float64) Rank {
	sub := make(map[string]string, len(dims))
	for _, d := range dims {
		sub[d] = attrValue(attrs, d)
	}
	rk := Rank{Group: groupKey(dims, sub), Attrs: sub, Metric: metric, Suppressed: true}
	if len(dims) == 0 {
		rk.Group = AllKey
	}
	mi := slices.IndexFunc(r.Metrics, func(s MetricSpec) bool { return s.Name == metric })
	li := r.levelOf(dims...)
	if mi < 0 || li < 0 {
		return rk
	}
	lv := r.lat.levels[li]
	key := cellKey(PubDims, dimValues(attrs), lv.mask)
	c, ok := lv.index[key]
	if !ok {
		return rk
	}
	st := r.stats[mi][li][c]
	if st.NHidden {
		return rk
	}
	rk.N = st.N
	if st.Suppressed || st.N == 0 || !isFinite(x) {
		return rk
	}
	parts := make([][]float64, 0, len(lv.cells[c].leaves))
	for _, l := range lv.cells[c].leaves {
		parts = append(parts, r.sorted[mi][l])
	}
	var u union
	u.reset(parts)
	rk.Suppressed = false
	rk.Percentile = round1(u.percentRank(x))
	return rk
}

// dimValues returns attrs' values along PubDims (Unknown for none).
func dimValues(attrs map[string]string) []string {
	out := make([]string, len(PubDims))
	for i, d := range PubDims {
		out[i] = attrValue(attrs, d)
	}
	return out
}

// Cell returns the published statistics of a metric in the group of
// attrs along dims (none: "all"); ok is false when the release has no
// such group or metric.
func (r *Release) Cell(metric string, dims []string, attrs map[string]string) (Stats, bool) {
	mi := slices.IndexFunc(r.Metrics, func(s MetricSpec) bool { return s.Name == metric })
	li := r.levelOf(dims...)
	if mi < 0 || li < 0 {
		return Stats{}, false
	}
	lv := r.lat.levels[li]
	c, ok := lv.index[cellKey(PubDims, dimValues(attrs), lv.mask)]
	if !ok {
		return Stats{}, false
	}
	return r.stats[mi][li][c], true
}

// Count returns the number of associations of the release in the group
// of attrs (its dimensions: any of PubDims; none: all), -1 when the
// release hides it.
func (r *Release) Count(attrs map[string]string) int {
	var dims []string
	for _, d := range PubDims {
		if _, ok := attrs[d]; ok {
			dims = append(dims, d)
		}
	}
	li := r.levelOf(dims...)
	if li < 0 {
		return -1
	}
	lv := r.lat.levels[li]
	c, ok := lv.index[cellKey(PubDims, dimValues(attrs), lv.mask)]
	if !ok {
		return 0
	}
	if r.nHidden[li][c] {
		return -1
	}
	n := 0
	for _, l := range lv.cells[c].leaves {
		n += r.leafN[l]
	}
	return n
}
