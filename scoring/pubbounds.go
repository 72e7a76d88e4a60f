package scoring

import (
	"math"
	"runtime"
	"slices"
	"sync"
)

// Bounds (rule 3 of publication.go, second half). The rank audit treats
// values as unbounded; an attacker knows more: scores lie in 0-100 and a
// count of answers in 0-n. Where the hidden children of a family must sum
// to what their bounds allow at most (two hidden cells whose members all
// scored 100, a hidden count that must be 0), the bounds pin them. The
// gate finds such pins by propagating intervals through every family of
// the current release (the "shuttle" of Buzzigoli and Giusti for
// contingency tables): a published cell is its exact total, every other
// cell starts at its bounds, and parent = sum of children narrows both
// sides until nothing moves. A hidden cell (or a finest cell with fewer
// than k values) whose interval is narrower than ±0.5 points per member
// (for counts: holds one integer) is pinned, unless it lies inside a
// published cell whose own mean or count already tells every member's
// value (everyone at a bound: what a published group says of all its
// members is not protected, see the README).

// interval is a closed interval of possible totals.
type interval struct{ lo, hi float64 }

// shuttleIterations bounds the propagation rounds.
const shuttleIterations = 64

// bounds runs the bounds check for every bounded metric and every option
// of every question, repairs every pin and returns the number of pins.
func (g *gate) bounds() int {
	// The intervals of each unit are found in parallel; the repairs,
	// which change the pattern, one unit after the other.
	type work struct {
		ui   int
		u    *unit
		at   [2]int
		pins []pin
	}
	if g.boundsCleanAt == nil {
		g.boundsCleanAt = map[int][2]int{}
	}
	var jobs []*work
	for ui, u := range g.units {
		if u.col < 0 || !(u.kind == unitMetric && u.bounded || u.kind == unitQuestion) {
			continue
		}
		at := [2]int{g.shared, g.owners[u.owner].version}
		if was, ok := g.boundsCleanAt[ui]; ok && was == at {
			continue // nothing hidden since it was found without pins
		}
		jobs = append(jobs, &work{ui: ui, u: u, at: at})
	}
	var wg sync.WaitGroup
	next := make(chan *work)
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for w := range next {
				w.pins = g.pinsOf(w.u)
			}
		})
	}
	for _, w := range jobs {
		next <- w
	}
	close(next)
	wg.Wait()
	n := 0
	for _, w := range jobs {
		if len(w.pins) == 0 {
			g.boundsCleanAt[w.ui] = w.at
		}
		for _, p := range w.pins {
			n++
			g.repairPin(w.u, p.level, p.cell, p.tot, p.known, p.top)
		}
	}
	return n
}

// pin is a target the bounds pin, with what its repair needs.
type pin struct {
	level, cell int
	tot         [][]float64
	known       [][]int
	top         float64
}

// pinsOf returns the pins of one unit: of its total for a metric, of each
// option's count for a question.
func (g *gate) pinsOf(u *unit) []pin {
	if u.kind == unitMetric {
		sums, known := g.sums(u, -1)
		return g.shuttle(u, sums, known, scoreMax, false)
	}
	// In a single choice of three options or more, that nobody in a group
	// chose one option leaves each member's answer open among the others:
	// zeros are partial, not disclosed answers (as zero cells are safe in
	// frequency tables). A yes/no question or an option of a multiple
	// choice is a two-way answer: its zero is the answer.
	zeroSafe := !u.multi && u.options >= 3
	var out []pin
	for o := range u.options {
		sums, known := g.sums(u, o)
		out = append(out, g.shuttle(u, sums, known, 1, zeroSafe)...)
	}
	return out
}

// sums returns, per level and cell, the total of u's values (option o's
// count for a question; o < 0 for a metric) and the number of values that
// an analyst knows (consented associations' values of a visible unit),
// the known values being subtracted from the totals.
func (g *gate) sums(u *unit, o int) (tot [][]float64, known [][]int) {
	r := g.r
	leafSum := make([]float64, r.lat.leaves)
	leafKnown := make([]int, r.lat.leaves)
	for row, ok := range u.present {
		if !ok {
			continue
		}
		l := r.leafOf[row]
		if u.visible && g.in.Consented[r.data.ID(row)] {
			leafKnown[l]++
			continue
		}
		if o < 0 {
			leafSum[l] += r.data.Column(u.col)[row]
		} else if r.data.ChoiceValue(row, u.col)&(1<<o) != 0 {
			leafSum[l]++
		}
	}
	tot = make([][]float64, len(r.lat.levels))
	known = make([][]int, len(r.lat.levels))
	for li, lv := range r.lat.levels {
		tot[li] = make([]float64, len(lv.cells))
		known[li] = make([]int, len(lv.cells))
		for c, ce := range lv.cells {
			for _, l := range ce.leaves {
				tot[li][c] += leafSum[l]
				known[li][c] += leafKnown[l]
			}
		}
	}
	return tot, known
}

// shuttle propagates the bounds [0, top x unknown members] for one unit's
// totals tot and returns every pinned target (but a total pinned at 0
// when zeroSafe). It only reads the gate.
func (g *gate) shuttle(u *unit, tot [][]float64, known [][]int, top float64, zeroSafe bool) []pin {
	r := g.r
	iv := make([][]interval, len(r.lat.levels))
	for li, lv := range r.lat.levels {
		iv[li] = make([]interval, len(lv.cells))
		for c := range lv.cells {
			m := float64(u.n[li][c] - known[li][c])
			if !g.hiddenFor(u, li, c) {
				iv[li][c] = interval{tot[li][c], tot[li][c]}
			} else {
				iv[li][c] = interval{0, top * m}
			}
		}
	}
	for range shuttleIterations {
		moved := false
		for _, f := range r.lat.fams {
			if narrowFamily(iv, f) {
				moved = true
			}
		}
		if !moved {
			break
		}
	}
	implied := g.impliedLeaves(u, tot, known, top)
	leafLo, leafHi := g.leafIntervals(u, tot, known, top)
	var pins []pin
	for li := range r.lat.levels {
		for c, ce := range r.lat.levels[li].cells {
			m := u.n[li][c] - known[li][c]
			if m <= 0 || !g.hiddenFor(u, li, c) || !g.boundSensitive(u, li, c, tot, known, top) {
				continue
			}
			var slo, shi float64
			for _, l := range ce.leaves {
				slo += leafLo[l]
				shi += leafHi[l]
			}
			tighten(&iv[li][c], slo, shi)
			if !pinned(iv[li][c], m, top) || (zeroSafe && iv[li][c].hi < 0.5) ||
				g.allImplied(u, li, c, known, implied) || g.impliedByOne(u, li, c, tot, known, top) {
				continue
			}
			pins = append(pins, pin{li, c, tot, known, top})
		}
	}
	return pins
}

// boundSensitive reports whether a pinned total of cell c of level li
// would tell what the primary rules protect: the total of fewer than k
// values, or, under 2k, a near-unanimous or extreme cell (its true total
// tells which). A cell hidden only to protect others (complementary, with
// at least k values) may be narrowed by the bounds without harm: had it
// been published, it would have told as much.
func (g *gate) boundSensitive(u *unit, li, c int, tot [][]float64, known [][]int, top float64) bool {
	n := u.n[li][c]
	switch {
	case n < g.k:
		return true
	case n >= 2*g.k:
		return false
	}
	m := float64(n - known[li][c])
	t := tot[li][c]
	if top == 1 {
		return t >= m-1 || t <= 1
	}
	return m*top-t+roundSlack*float64(n) <= pinWidth+top || t+roundSlack*float64(n) <= pinWidth+top
}

// leafIntervals narrows the interval of each finest cell's unknown total
// through every published total and every difference between a published
// cell and a published cell holding it (its ancestor in the lattice, or
// any cell that holds all its members): the constraints an attacker can
// write down at once, which propagation through families alone can lose.
func (g *gate) leafIntervals(u *unit, tot [][]float64, known [][]int, top float64) (lo, hi []float64) {
	r := g.r
	fin := r.finestLevel()
	lo = make([]float64, r.lat.leaves)
	hi = make([]float64, r.lat.leaves)
	for l := range hi {
		fc := r.lat.levels[fin].ofLeaf[l]
		hi[l] = top * float64(u.n[fin][fc]-known[fin][fc])
	}
	type eq struct {
		leaves []int
		v      float64
	}
	var pub []cellRef
	for li := range fin {
		for c := range r.lat.levels[li].cells {
			if u.n[li][c]-known[li][c] > 0 && !g.hiddenFor(u, li, c) {
				pub = append(pub, cellRef{li, c})
			}
		}
	}
	// Only finest cells with unknown members matter.
	live := func(ls []int) []int {
		out := make([]int, 0, len(ls))
		for _, l := range ls {
			if hi[l] > 0 {
				out = append(out, l)
			}
		}
		return out
	}
	var eqs []eq
	for _, p := range pub {
		eqs = append(eqs, eq{live(r.lat.levels[p.level].cells[p.cell].leaves), tot[p.level][p.cell]})
	}
	// A published cell holding all of c holds c's first finest cell: one
	// cell per level does, so there are at most as many candidates as levels.
	isPub := make([][]bool, fin)
	for li := range fin {
		isPub[li] = make([]bool, len(r.lat.levels[li].cells))
	}
	for _, p := range pub {
		isPub[p.level][p.cell] = true
	}
	for ci, c := range pub {
		cl := eqs[ci].leaves
		if len(cl) == 0 {
			continue
		}
		for pl := range fin {
			pc := r.lat.levels[pl].ofLeaf[cl[0]]
			if !isPub[pl][pc] || (pl == c.level && pc == c.cell) {
				continue
			}
			p := cellRef{pl, pc}
			pl2 := live(r.lat.levels[p.level].cells[p.cell].leaves)
			if len(pl2) <= len(cl) || !containsAll(pl2, cl) {
				continue
			}
			diff := make([]int, 0, len(pl2)-len(cl))
			for _, l := range pl2 {
				if _, in := slices.BinarySearch(cl, l); !in {
					diff = append(diff, l)
				}
			}
			eqs = append(eqs, eq{diff, tot[p.level][p.cell] - tot[c.level][c.cell]})
		}
	}
	for range shuttleIterations {
		moved := false
		for _, e := range eqs {
			var slo, shi float64
			for _, l := range e.leaves {
				slo += lo[l]
				shi += hi[l]
			}
			for _, l := range e.leaves {
				a := interval{lo[l], hi[l]}
				if tighten(&a, e.v-(shi-hi[l]), e.v-(slo-lo[l])) {
					slo += a.lo - lo[l]
					shi += a.hi - hi[l]
					lo[l], hi[l] = a.lo, a.hi
					moved = true
				}
			}
		}
		if !moved {
			break
		}
	}
	return lo, hi
}

// narrowFamily narrows the intervals of a family's parent and children by
// parent = sum of children and reports whether anything moved.
func narrowFamily(iv [][]interval, f family) bool {
	p := &iv[f.parentLevel][f.parent]
	var slo, shi float64
	for _, c := range f.children {
		slo += iv[f.childLevel][c].lo
		shi += iv[f.childLevel][c].hi
	}
	moved := tighten(p, slo, shi)
	for _, c := range f.children {
		ch := &iv[f.childLevel][c]
		olo, ohi := slo-ch.lo, shi-ch.hi
		if tighten(ch, p.lo-ohi, p.hi-olo) {
			moved = true
		}
	}
	return moved
}

// tighten intersects *a with [lo, hi] and reports whether it narrowed by
// more than a rounding error. An empty intersection (inconsistent totals)
// leaves a as it was.
func tighten(a *interval, lo, hi float64) bool {
	const eps = 1e-9
	nlo, nhi := math.Max(a.lo, lo), math.Min(a.hi, hi)
	if nlo > nhi+eps {
		return false
	}
	moved := nlo > a.lo+eps || nhi < a.hi-eps
	a.lo, a.hi = nlo, math.Max(nlo, nhi)
	return moved
}

// pinned reports whether an interval of the total of m unknown values
// tells it within ±0.5 points per value (top > 1: scores) or to one
// integer (counts).
func pinned(a interval, m int, top float64) bool {
	if top == 1 {
		return math.Floor(a.hi+1e-9) == math.Ceil(a.lo-1e-9)
	}
	return a.hi-a.lo <= pinWidth*float64(m)
}

// impliedLeaves marks the finest cells that lie inside a published cell
// whose own total already tells every unknown member's value (all at 0
// or all at the top): what such a cell says of its members is published.
func (g *gate) impliedLeaves(u *unit, tot [][]float64, known [][]int, top float64) []bool {
	r := g.r
	out := make([]bool, r.lat.leaves)
	for li, lv := range r.lat.levels {
		for c, ce := range lv.cells {
			m := float64(u.n[li][c] - known[li][c])
			if m <= 0 || g.hiddenFor(u, li, c) {
				continue
			}
			if t := tot[li][c]; t <= 1e-9 || t >= top*m-1e-9 {
				for _, l := range ce.leaves {
					out[l] = true
				}
			}
		}
	}
	return out
}

// allImplied reports whether every finest cell of cell c of level li
// that holds unknown members of u is marked in implied: then each of its
// members' values is published by some cell, and so is its total.
func (g *gate) allImplied(u *unit, li, c int, known [][]int, implied []bool) bool {
	r := g.r
	fin := r.finestLevel()
	for _, l := range r.lat.levels[li].cells[c].leaves {
		fc := r.lat.levels[fin].ofLeaf[l]
		if u.n[fin][fc]-known[fin][fc] > 0 && !implied[l] {
			return false
		}
	}
	return true
}

// impliedByOne reports whether the total of cell c of level li is pinned
// by one published cell alone that holds all its members, with the bounds:
// what a published group's mean says of its subgroups (a mean within a
// point of 0 or of the top tells every large enough subgroup's mean) is
// published with it, not given away by the combination of tables.
func (g *gate) impliedByOne(u *unit, li, c int, tot [][]float64, known [][]int, top float64) bool {
	r := g.r
	fin := r.finestLevel()
	mt := float64(u.n[li][c] - known[li][c])
	var members []int // finest cells holding unknown members of the target
	for _, l := range r.lat.levels[li].cells[c].leaves {
		fc := r.lat.levels[fin].ofLeaf[l]
		if u.n[fin][fc]-known[fin][fc] > 0 {
			members = append(members, l)
		}
	}
	for pl := range fin {
		for pc, ce := range r.lat.levels[pl].cells {
			if (pl == li && pc == c) || g.hiddenFor(u, pl, pc) {
				continue
			}
			mp := float64(u.n[pl][pc] - known[pl][pc])
			if mp < mt || !containsAll(ce.leaves, members) {
				continue
			}
			t := tot[pl][pc]
			lo := math.Max(0, t-top*(mp-mt))
			hi := math.Min(top*mt, t)
			if pinned(interval{lo, hi}, int(mt), top) {
				return true
			}
		}
	}
	return false
}

// containsAll reports whether the ascending set has every element of xs.
func containsAll(set, xs []int) bool {
	for _, x := range xs {
		if _, ok := slices.BinarySearch(set, x); !ok {
			return false
		}
	}
	return true
}

// repairPin hides, for unit u, the published cell next to a pinned one
// (its parent or a sibling in one of its families) with the fewest values,
// preferring cells whose total is not at a bound.
func (g *gate) repairPin(u *unit, li, c int, tot [][]float64, known [][]int, top float64) {
	r := g.r
	best := cellRef{-1, -1}
	bestAtBound := true
	consider := func(cr cellRef) {
		if g.hiddenFor(u, cr.level, cr.cell) || u.n[cr.level][cr.cell] == 0 {
			return
		}
		m := float64(u.n[cr.level][cr.cell] - known[cr.level][cr.cell])
		t := tot[cr.level][cr.cell]
		atBound := t <= 1e-9 || t >= top*m-1e-9
		if best.level < 0 || (bestAtBound && !atBound) || (atBound == bestAtBound && g.cheaper(u, cr, best)) {
			best, bestAtBound = cr, atBound
		}
	}
	for _, f := range r.lat.fams {
		if f.childLevel != li || !containsInt(f.children, c) {
			continue
		}
		consider(cellRef{f.parentLevel, f.parent})
		for _, s := range f.children {
			if s != c {
				consider(cellRef{f.childLevel, s})
			}
		}
	}
	if best.level < 0 {
		// No published neighbour: the smallest published cell holding
		// any of its members (its bounds come from such cells).
		for _, leaf := range r.lat.levels[li].cells[c].leaves {
			for pl := range r.finestLevel() {
				if pl != li {
					consider(cellRef{pl, r.lat.levels[pl].ofLeaf[leaf]})
				}
			}
		}
	}
	if best.level >= 0 {
		g.hide(u, best.level, best.cell, "bounds")
	}
}

// containsInt reports whether x is in s.
func containsInt(s []int, x int) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}
