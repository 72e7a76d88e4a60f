package scoring

import (
	"math/bits"
	"slices"
)

// The gate: Publish's suppression, rule by rule (see publication.go).

// unitKind tells what a unit of the publication is.
type unitKind uint8

const (
	unitMetric   unitKind = iota // a MetricSpec
	unitQuestion                 // a QuestionSpec
	unitRef                      // a reference column (PublicationInput.Refs)
)

// unit is one published metric or question, or a reference column, with
// its values' presence in the release's cells.
type unit struct {
	name    string
	kind    unitKind
	col     int // column (metric) or choice column of the snapshot; -1: none
	bounded bool
	visible bool
	shared  bool
	multi   bool
	options int
	owner   int // index into gate.owners; -1 for references
	present []bool
	n       [][]int // level -> cell -> rows with a value
}

// owner is a group of units that share their own (local) suppression.
type owner struct {
	name    string
	units   []int
	local   [][]bool // level -> cell: hidden for these units only
	version int      // local hides so far
}

// gate applies the rules to one release.
type gate struct {
	r      *Release
	in     PublicationInput
	k      int
	units  []*unit
	owners []*owner
	byName map[string]int // unit name -> index
	// reason is the rule that first hid a cell for every unit.
	reason [][]string
	// primaryShared is the cells hidden for every unit by the primary
	// rules, to report what secondary suppression cost.
	primaryShared [][]bool
	// changes counts the cells hidden so far (globally or locally).
	changes int
	// clean holds the keys of systems found without leaks: a system that
	// has not changed since need not be solved again.
	clean map[systemKey]bool
	// ids indexes the associations of every release (idIndex).
	ids *idIndex
	// shared counts the hides for every unit; cleanAt[unit] is the
	// (shared, owner's version) at which the unit's system was last found
	// clean: unchanged since, it need not even be built.
	shared  int
	cleanAt map[int][2]int
	// boundsCleanAt is the same for the bounds check.
	boundsCleanAt map[int][2]int
}

// newGate prepares the units of r from the input.
func newGate(r *Release, in PublicationInput) *gate {
	g := &gate{r: r, in: in, k: r.K, byName: map[string]int{}}
	g.reason = make([][]string, len(r.lat.levels))
	for li, lv := range r.lat.levels {
		g.reason[li] = make([]string, len(lv.cells))
	}
	owners := map[string]int{}
	ownerOf := func(name, own string) int {
		if own == "" {
			own = name
		}
		o, ok := owners[own]
		if !ok {
			o = len(g.owners)
			owners[own] = o
			g.owners = append(g.owners, &owner{name: own, local: r.newMask()})
		}
		return o
	}
	for i, m := range r.Metrics {
		g.addUnit(&unit{name: m.Name, kind: unitMetric, col: r.metricCol[i], bounded: m.Bounded, visible: m.Visible, shared: m.Shared,
			owner: ownerOf(m.Name, m.Owner)})
	}
	for i, q := range r.Questions {
		g.addUnit(&unit{name: q.Name, kind: unitQuestion, col: r.choiceCol[i], visible: q.Visible, shared: q.Shared, multi: q.Multi,
			options: len(q.Options), owner: ownerOf(q.Name, q.Owner)})
	}
	for _, name := range r.refs {
		col, ok := r.data.Choice(name)
		if !ok {
			col = -1
		}
		g.addUnit(&unit{name: name, kind: unitRef, col: col, owner: -1})
	}
	for _, u := range g.units {
		if u.owner >= 0 {
			o := g.owners[u.owner]
			o.units = append(o.units, g.byName[u.name])
		}
	}
	return g
}

// addUnit adds u with its presence and cell counts.
func (g *gate) addUnit(u *unit) {
	u.present = presence(g.r.data, u)
	u.n = g.r.cellCounts(u.present)
	g.byName[u.name] = len(g.units)
	g.units = append(g.units, u)
}

// presence returns, per row of d, whether the unit has a value there.
func presence(d *Dataset, u *unit) []bool {
	out := make([]bool, d.Len())
	if u.col < 0 {
		return out
	}
	switch u.kind {
	case unitMetric:
		col := d.Column(u.col)
		for row, v := range col {
			out[row] = isFinite(v)
		}
	default:
		for row := range out {
			out[row] = d.ChoiceValue(row, u.col)&Answered != 0
		}
	}
	return out
}

// cellCounts returns, per level and cell, how many rows with present set
// it holds.
func (r *Release) cellCounts(present []bool) [][]int {
	leafN := make([]int, r.lat.leaves)
	for row, ok := range present {
		if ok {
			leafN[r.leafOf[row]]++
		}
	}
	return r.sumLeaves(leafN)
}

// sumLeaves adds leaf counts up to every cell of every level.
func (r *Release) sumLeaves(leafN []int) [][]int {
	out := make([][]int, len(r.lat.levels))
	for li, lv := range r.lat.levels {
		out[li] = make([]int, len(lv.cells))
		for c, ce := range lv.cells {
			for _, l := range ce.leaves {
				out[li][c] += leafN[l]
			}
		}
	}
	return out
}

// hiddenFor reports whether cell c of level li is hidden for unit u
// (finest cells always are).
func (g *gate) hiddenFor(u *unit, li, c int) bool {
	if g.r.hidden[li][c] {
		return true
	}
	return u.owner >= 0 && g.owners[u.owner].local[li][c]
}

// hide hides cell c of level li for u — for every unit when u is shared
// (or nil), for u's owner only otherwise — and reports whether that
// changed anything. The reason is recorded the first time.
func (g *gate) hide(u *unit, li, c int, reason string) bool {
	if u == nil || u.owner < 0 || u.shared {
		if g.r.hidden[li][c] {
			return false
		}
		g.r.hidden[li][c] = true
		g.reason[li][c] = reason
		g.changes++
		g.shared++
		return true
	}
	o := g.owners[u.owner]
	if g.r.hidden[li][c] || o.local[li][c] {
		return false
	}
	o.local[li][c] = true
	o.version++
	g.changes++
	return true
}

// run applies every rule until nothing more needs hiding.
func (g *gate) run() {
	g.primaryRules()
	g.r.Report.UnitPublishedPrimary = g.unitPublished()
	g.primaryShared = make([][]bool, len(g.r.hidden))
	for li := range g.r.hidden {
		g.primaryShared[li] = slices.Clone(g.r.hidden[li])
	}
	if !g.in.NoSecondary && !g.allHidden() {
		g.differenceRule()
		for {
			g.familyRule()
			g.r.Report.Rounds++
			before := g.changes
			leaks, audits := g.audit()
			g.r.Report.Audits = audits
			pins := 0
			if leaks == 0 {
				// Bounds only once the equations give nothing away: a
				// linear leak is repaired by the audit's own choice.
				pins = g.bounds()
			}
			if leaks+pins == 0 {
				break
			}
			if g.changes == before {
				// Every repair was already in place: nothing more can be
				// hidden that would help. A repair always hides a cell the
				// leak used, so this cannot happen; guard anyway.
				g.r.Report.Unresolved = leaks + pins
				break
			}
		}
	}
	g.report()
}

// allHidden reports whether "all" is hidden (then everything is).
func (g *gate) allHidden() bool { return g.r.hidden[0][0] }

// hideAll hides every cell (fewer than k associations in all).
func (g *gate) hideAll(reason string) {
	for li := range g.r.hidden {
		for c := range g.r.hidden[li] {
			g.hide(nil, li, c, reason)
		}
	}
}

// primaryRules applies rule 1 of publication.go.
func (g *gate) primaryRules() {
	r := g.r
	fin := r.finestLevel()
	if len(r.lat.levels[0].cells) == 0 || r.data.Len() < g.k {
		g.hideAll("all")
		return
	}
	for _, u := range g.units {
		if u.kind == unitRef || u.col < 0 {
			continue
		}
		var opt [][][]int // question: level -> cell -> option counts
		var agg [][]cellAgg
		switch {
		case u.kind == unitQuestion:
			opt = r.optionCounts(u)
		case u.bounded:
			agg = r.cellAggs(u)
		}
		for li := range fin {
			for c, n := range u.n[li] {
				switch {
				case n == 0:
				case n < g.k:
					g.hide(u, li, c, "k")
				case n >= 2*g.k:
				case opt != nil && nearUnanimous(opt[li][c], n, u.multi):
					g.hide(u, li, c, "unanimity")
				case agg != nil && agg[li][c].extreme():
					g.hide(u, li, c, "extreme")
				}
			}
		}
	}
	g.countTables()
	if r.hidden[0][0] {
		g.hideAll("all")
	}
}

// nearUnanimous reports whether one option holds all or all but one of
// the n answers (for a multiple choice: is chosen by at least n-1 or by
// at most one of them).
func nearUnanimous(counts []int, n int, multi bool) bool {
	for _, x := range counts {
		if x >= n-1 || (multi && x <= 1) {
			return true
		}
	}
	return false
}

// cellAgg is what the extreme rule needs of a bounded metric's cell.
type cellAgg struct {
	n             int
	sum, min, max float64
}

// scoreMax is the upper bound of bounded metrics (scores on 0-100).
const scoreMax = 100

// pinWidth is the widest interval, in points, that counts as pinning a
// value: within ±0.5.
const pinWidth = 1.0

// roundSlack is how far a published sum may be from the true one for
// each value: means are rounded to one decimal.
const roundSlack = 0.05

// extreme reports whether the cell's mean, with the bounds 0 and 100,
// pins every member, or every member but one to the one left out, within
// pinWidth (see rule 1 of publication.go).
func (a cellAgg) extreme() bool {
	if a.n == 0 {
		return false
	}
	n := float64(a.n)
	slack := roundSlack * n
	return n*scoreMax-a.sum+slack <= pinWidth || a.sum+slack <= pinWidth ||
		(n-1)*scoreMax-(a.sum-a.min)+slack <= pinWidth || (a.sum-a.max)+slack <= pinWidth
}

// cellAggs returns the count, sum, min and max of u's values per cell.
func (r *Release) cellAggs(u *unit) [][]cellAgg {
	leaf := make([]cellAgg, r.lat.leaves)
	col := r.data.Column(u.col)
	for row, v := range col {
		if !u.present[row] {
			continue
		}
		a := &leaf[r.leafOf[row]]
		if a.n == 0 || v < a.min {
			a.min = v
		}
		if a.n == 0 || v > a.max {
			a.max = v
		}
		a.n++
		a.sum += v
	}
	out := make([][]cellAgg, len(r.lat.levels))
	for li, lv := range r.lat.levels {
		out[li] = make([]cellAgg, len(lv.cells))
		for c, ce := range lv.cells {
			var a cellAgg
			for _, l := range ce.leaves {
				b := leaf[l]
				if b.n == 0 {
					continue
				}
				if a.n == 0 || b.min < a.min {
					a.min = b.min
				}
				if a.n == 0 || b.max > a.max {
					a.max = b.max
				}
				a.n += b.n
				a.sum += b.sum
			}
			out[li][c] = a
		}
	}
	return out
}

// optionCounts returns, per level and cell, how many answers of question
// u chose each option.
func (r *Release) optionCounts(u *unit) [][][]int {
	no := u.options
	leaf := make([]int, r.lat.leaves*no)
	for row, ok := range u.present {
		if !ok {
			continue
		}
		v := r.data.ChoiceValue(row, u.col)
		base := r.leafOf[row] * no
		for v &^= Answered; v != 0; v &= v - 1 {
			if o := bits.TrailingZeros64(v); o < no {
				leaf[base+o]++
			}
		}
	}
	out := make([][][]int, len(r.lat.levels))
	for li, lv := range r.lat.levels {
		out[li] = make([][]int, len(lv.cells))
		for c, ce := range lv.cells {
			counts := make([]int, no)
			for _, l := range ce.leaves {
				for o := range no {
					counts[o] += leaf[l*no+o]
				}
			}
			out[li][c] = counts
		}
	}
	return out
}

// levelOf returns the index of the level grouping exactly dims.
func (r *Release) levelOf(dims ...string) int {
	var mask uint
	for _, d := range dims {
		mask |= 1 << slices.Index(PubDims, d)
	}
	for li, lv := range r.lat.levels {
		if lv.mask == mask {
			return li
		}
	}
	return -1
}

// countTables applies the count-table rule: within a region x type cell
// of fewer than 2k associations (the association list names its
// members), a size or budget band that holds all or all but one of them
// would tell each one's band, so the n of that cell's size (or budget)
// breakdown is hidden, with its statistics.
func (g *gate) countTables() {
	r := g.r
	rt := r.levelOf("region", "type")
	all := make([]bool, r.data.Len())
	for i := range all {
		all[i] = true
	}
	n := r.cellCounts(all)
	for _, dim := range []string{"size", "budget"} {
		lvl := r.levelOf("region", dim, "type")
		dimPos := slices.Index(PubDims, dim)
		for c, ce := range r.lat.levels[rt].cells {
			total := n[rt][c]
			if total == 0 || total >= 2*g.k {
				continue
			}
			byBand := map[string]int{}
			cellsOf := map[string][]int{}
			fin := r.finestLevel()
			for _, l := range ce.leaves {
				sub := r.lat.levels[lvl].ofLeaf[l]
				fc := r.lat.levels[fin].ofLeaf[l]
				band := r.lat.levels[fin].cells[fc].attrs[PubDims[dimPos]]
				if !slices.Contains(cellsOf[band], sub) {
					cellsOf[band] = append(cellsOf[band], sub)
				}
				byBand[band] += n[fin][fc]
			}
			near := false
			for _, x := range byBand {
				if x >= total-1 {
					near = true
				}
			}
			if !near {
				continue
			}
			for _, subs := range cellsOf {
				for _, sub := range subs {
					g.hideCount(lvl, sub, "counts")
				}
			}
		}
	}
}

// hideCount hides a cell's n (and so its statistics) and reports whether
// that changed anything.
func (g *gate) hideCount(li, c int, reason string) bool {
	changed := g.hide(nil, li, c, reason)
	if !g.r.nHidden[li][c] {
		g.r.nHidden[li][c] = true
		changed = true
	}
	return changed
}

// familyRule hides, in every family (a cell and its children along one
// more dimension) in which exactly one member with values is unknown to a
// reader and that member must stay unknown, the published child with the
// fewest values (or the parent when no child is published): one equation,
// parent = sum of children, would otherwise give it away. Repeated until
// nothing changes.
func (g *gate) familyRule() {
	fin := g.r.finestLevel()
	for changed := true; changed; {
		changed = false
		for _, u := range g.units {
			if u.kind == unitRef {
				continue
			}
			for _, f := range g.r.lat.fams {
				if g.familyOne(u, f, fin) {
					changed = true
				}
			}
		}
		if g.countFamilies() {
			changed = true
		}
	}
}

// familyOne applies the family rule to one family for one unit.
func (g *gate) familyOne(u *unit, f family, fin int) bool {
	pn := u.n[f.parentLevel][f.parent]
	if pn == 0 {
		return false
	}
	unknown, sensitive := 0, false
	if g.hiddenFor(u, f.parentLevel, f.parent) {
		unknown++
		sensitive = true
	}
	best := -1
	for _, c := range f.children {
		n := u.n[f.childLevel][c]
		switch {
		case n == 0:
		case f.childLevel == fin:
			unknown++
			if n < g.k {
				sensitive = true
			}
		case g.hiddenFor(u, f.childLevel, c):
			unknown++
			sensitive = true
		case best < 0 || g.cheaper(u, cellRef{f.childLevel, c}, cellRef{f.childLevel, best}):
			best = c
		}
	}
	if unknown != 1 || !sensitive {
		return false
	}
	if best >= 0 {
		return g.hide(u, f.childLevel, best, "family")
	}
	return g.hide(u, f.parentLevel, f.parent, "family")
}

// publicCount reports whether the n of the cells of level li is known to
// every reader anyway: groupings by region and type only, whose members
// the association list names.
func (r *Release) publicCount(li int) bool {
	var mask uint
	for _, d := range []string{"region", "type"} {
		mask |= 1 << slices.Index(PubDims, d)
	}
	return r.lat.levels[li].mask&^mask == 0
}

// countFamilies applies the family rule to the counts (n) of the cells
// whose n is hidden, and reports whether it hid anything. Counts by
// region and type only are public (the association list names their
// members): they are never hidden and count as known.
func (g *gate) countFamilies() bool {
	r := g.r
	any := false
	for li := range r.nHidden {
		if slices.Contains(r.nHidden[li], true) {
			any = true
		}
	}
	if !any {
		return false
	}
	fin := r.finestLevel()
	all := make([]bool, r.data.Len())
	for i := range all {
		all[i] = true
	}
	n := r.cellCounts(all)
	changed := false
	for _, f := range r.lat.fams {
		if f.childLevel == fin || n[f.parentLevel][f.parent] == 0 {
			continue
		}
		unknown := 0
		if r.nHidden[f.parentLevel][f.parent] {
			unknown++
		}
		best := -1
		for _, c := range f.children {
			switch {
			case n[f.childLevel][c] == 0:
			case r.nHidden[f.childLevel][c]:
				unknown++
			case r.publicCount(f.childLevel):
			case best < 0 || n[f.childLevel][c] < n[f.childLevel][best]:
				best = c
			}
		}
		if unknown != 1 {
			continue
		}
		switch {
		case best >= 0:
			changed = g.hideCount(f.childLevel, best, "family") || changed
		case !r.publicCount(f.parentLevel):
			changed = g.hideCount(f.parentLevel, f.parent, "family") || changed
		}
	}
	return changed
}

// unitPublished counts the (unit, cell) pairs with values that are shown.
func (g *gate) unitPublished() int {
	n := 0
	for _, u := range g.units {
		if u.kind == unitRef {
			continue
		}
		for li := range g.r.finestLevel() {
			for c, x := range u.n[li] {
				if x > 0 && !g.hiddenFor(u, li, c) {
					n++
				}
			}
		}
	}
	return n
}

// report fills the release's report.
func (g *gate) report() {
	r := g.r
	rep := &r.Report
	rep.UnitPublished = g.unitPublished()
	for _, u := range g.units {
		if u.kind == unitRef {
			continue
		}
		for li := range r.finestLevel() {
			for _, x := range u.n[li] {
				if x > 0 {
					rep.UnitCells++
				}
			}
		}
	}
	rep.HiddenBy = map[string]int{}
	fin := r.finestLevel()
	all := make([]bool, r.data.Len())
	for i := range all {
		all[i] = true
	}
	n := r.cellCounts(all)
	for li := range fin {
		for c := range r.lat.levels[li].cells {
			if n[li][c] == 0 {
				continue
			}
			rep.Cells++
			for _, o := range g.owners {
				if o.local[li][c] {
					rep.LocalHidden++
				}
			}
			if !g.primaryShared[li][c] {
				rep.PublishedPrimary++
			}
			if r.hidden[li][c] {
				rep.HiddenBy[g.reason[li][c]]++
			} else {
				rep.Published++
			}
		}
	}
	for _, o := range g.owners {
		if slices.ContainsFunc(o.local, func(cs []bool) bool { return slices.Contains(cs, true) }) {
			r.local[o.name] = o.local
		}
	}
}
