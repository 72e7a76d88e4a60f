package scoring

import (
	"encoding/binary"
	"hash/maphash"
	"runtime"
	"slices"
	"sync"
)

// The exact audit of secondary suppression (rule 3 of publication.go).
//
// For one unit (a metric or a question: every option of a question has
// the same structure) the unknowns are classes of associations: those
// whose cell of all four dimensions was the same in every release in
// which they had a value for the unit (associations that counted from the
// second release on, or moved cell, or left, form classes of their own).
// Every cell published in any release is one equation, the sum of the
// classes it held. An association that consented, for a unit analysts see
// with consent, is known and left out. The targets are every cell hidden
// in some release, every finest cell with fewer than k values and every
// class of fewer than k associations; a target is determined when its
// 0/1 vector lies in the span of the equations, which the null space
// tells (echelon.go). An association also knows its own value: a class of
// one association s determines a target t when t's image in the null
// space is a multiple of s's, unless t is s itself.
//
// A leak is repaired by hiding a cell of this release whose equation is
// used in one combination that gives the target away: the one with the
// fewest values (never "all" while another will do).

// cellRef names a cell of a release's lattice.
type cellRef struct{ level, cell int }

// leak is a determined target of one unit and the cells of the current
// release whose equations determine it.
type leak struct {
	unit       int
	candidates []cellRef
	target     []int // support (classes), for the fallback
	system     *system
}

// system is one unit's equations over its classes.
type system struct {
	unit    int
	m       int     // classes
	size    []int   // class -> associations
	leaf    [][]int // release -> class -> leaf in that release (-1: absent)
	eqs     [][]int32
	eqCell  []cellRef
	eqRel   []int
	targets [][]int
	// sensitive tells, per target, whether it is what the primary rules
	// protect (a hidden cell of fewer than 2k values, a finest cell or a
	// class of fewer than k): only those are tried against an
	// association's own knowledge. A cell hidden to protect another, with
	// 2k values or more, may be worked out by that other association:
	// had it been published it would have told as much.
	sensitive []bool
}

// releases returns the earlier releases followed by the current one.
func (g *gate) releases() []*Release {
	return append(slices.Clone(g.in.Earlier), g.r)
}

// unitView returns, for release rel, which rows have a value for the unit
// named name (of kind kind), and a function telling whether a cell of rel
// is hidden for the unit's owner.
func unitView(rel *Release, name string, kind unitKind) (present []bool, hidden func(li, c int) bool) {
	u, own := unitIn(rel, name, kind)
	present = presence(rel.data, u)
	local := rel.local[own]
	return present, func(li, c int) bool {
		return rel.hidden[li][c] || (local != nil && local[li][c])
	}
}

// unitIn returns the unit named name (of kind kind) as release rel holds
// it — its column of rel's snapshot, -1 when rel has none — and its owner.
func unitIn(rel *Release, name string, kind unitKind) (*unit, string) {
	own := ""
	u := &unit{name: name, kind: kind, col: -1}
	switch kind {
	case unitMetric:
		for i, m := range rel.Metrics {
			if m.Name == name {
				u.col, own = rel.metricCol[i], m.Owner
			}
		}
	case unitQuestion:
		for i, q := range rel.Questions {
			if q.Name == name {
				u.col, own = rel.choiceCol[i], q.Owner
			}
		}
	}
	if own == "" {
		own = name
	}
	return u, own
}

// idIndex lists every association of every release, in id order, with
// its row in each release (-1: absent); made once per gate.
type idIndex struct {
	ids []string
	row [][]int // release -> association -> row
}

// idIndex returns the gate's association index, making it the first time.
func (g *gate) idIndex() *idIndex {
	if g.ids != nil {
		return g.ids
	}
	rels := g.releases()
	seen := map[string]bool{}
	ix := &idIndex{row: make([][]int, len(rels))}
	for _, rel := range rels {
		for row := range rel.data.Len() {
			if id := rel.data.ID(row); !seen[id] {
				seen[id] = true
				ix.ids = append(ix.ids, id)
			}
		}
	}
	slices.Sort(ix.ids)
	for s, rel := range rels {
		ix.row[s] = make([]int, len(ix.ids))
		for i, id := range ix.ids {
			ix.row[s][i] = -1
			if row, ok := rel.rowOf[id]; ok {
				ix.row[s][i] = row
			}
		}
	}
	g.ids = ix
	return ix
}

// buildSystem builds unit u's equations and targets over every release.
func (g *gate) buildSystem(ui int) *system {
	u := g.units[ui]
	rels := g.releases()
	type view struct {
		present []bool
		hidden  func(li, c int) bool
	}
	views := make([]view, len(rels))
	for s, rel := range rels {
		if rel == g.r {
			views[s] = view{u.present, func(li, c int) bool { return g.hiddenFor(u, li, c) }}
			continue
		}
		p, h := unitView(rel, u.name, u.kind)
		views[s] = view{p, h}
	}
	// Trajectories: per association, its leaf in each release where it
	// has a value for the unit. Classes are numbered in the order of the
	// associations' ids, so the system does not depend on storage order.
	ix := g.idIndex()
	sys := &system{unit: ui, leaf: make([][]int, len(rels))}
	classOf := map[string]int{}
	traj := make([]int, len(rels))
	var key []byte
	for i, id := range ix.ids {
		if u.visible && g.in.Consented[id] {
			continue
		}
		any := false
		key = key[:0]
		for s, rel := range rels {
			traj[s] = -1
			if row := ix.row[s][i]; row >= 0 && views[s].present[row] {
				traj[s] = rel.leafOf[row]
				any = true
			}
			key = binary.AppendVarint(key, int64(traj[s]))
		}
		if !any {
			continue
		}
		c, ok := classOf[string(key)]
		if !ok {
			c = sys.m
			sys.m++
			classOf[string(key)] = c
			sys.size = append(sys.size, 0)
			for s := range rels {
				sys.leaf[s] = append(sys.leaf[s], traj[s])
			}
		}
		sys.size[c]++
	}
	fin := g.r.finestLevel()
	for s, rel := range rels {
		// support[level][cell]: the classes in the cell in release s.
		support := make([][][]int32, len(rel.lat.levels))
		for li, lv := range rel.lat.levels {
			support[li] = make([][]int32, len(lv.cells))
		}
		for c, l := range sys.leaf[s] {
			if l < 0 {
				continue
			}
			for li, lv := range rel.lat.levels {
				cell := lv.ofLeaf[l]
				support[li][cell] = append(support[li][cell], int32(c))
			}
		}
		// Finer levels first: their equations are sparse.
		for li := fin - 1; li >= 0; li-- {
			for c, sup := range support[li] {
				if len(sup) > 0 && !views[s].hidden(li, c) {
					sys.eqs = append(sys.eqs, sup)
					sys.eqCell = append(sys.eqCell, cellRef{li, c})
					sys.eqRel = append(sys.eqRel, s)
				}
			}
		}
		// Targets: hidden cells, and finest cells with fewer than k values.
		nFinest := make([]int, rel.lat.leaves)
		for row, ok := range views[s].present {
			if ok {
				nFinest[rel.leafOf[row]]++
			}
		}
		nCell := rel.sumLeaves(nFinest)
		for li := range fin {
			for c, sup := range support[li] {
				if len(sup) > 0 && views[s].hidden(li, c) {
					sys.targets = append(sys.targets, int32s(sup))
					sys.sensitive = append(sys.sensitive, nCell[li][c] < 2*g.k)
				}
			}
		}
		for c, sup := range support[fin] {
			l := rel.lat.levels[fin].cells[c].leaves[0]
			if len(sup) > 0 && nFinest[l] < g.k {
				sys.targets = append(sys.targets, int32s(sup))
				sys.sensitive = append(sys.sensitive, true)
			}
		}
	}
	for c, n := range sys.size {
		if n < g.k {
			sys.targets = append(sys.targets, []int{c})
			sys.sensitive = append(sys.sensitive, true)
		}
	}
	return sys
}

// int32s converts a support to ints.
func int32s(s []int32) []int {
	out := make([]int, len(s))
	for i, x := range s {
		out[i] = int(x)
	}
	return out
}

// solve returns the leaks of the system: determined targets with the
// cells of the current release (release index cur) to choose from.
func (sys *system) solve(cur int) []leak {
	// A first pass without provenance finds the leaks; only a system that
	// leaks is solved again to find which equations give them away.
	found := sys.leaks(false, cur)
	if len(found) == 0 {
		return nil
	}
	return sys.leaks(true, cur)
}

// leaks solves the system and returns its determined targets, with the
// repair candidates when provenance is kept.
func (sys *system) leaks(provenance bool, cur int) []leak {
	rows := 0
	if provenance {
		rows = len(sys.eqs)
	}
	e := newEchelon(sys.m, rows)
	// Earlier releases' equations first: what they determine alone was
	// given away (or published) then, not by this release.
	var before *nullSpace
	for i, eq := range sys.eqs {
		if before == nil && sys.eqRel[i] == cur && cur > 0 {
			before = e.null()
		}
		e.add01(eq)
	}
	if before == nil && cur > 0 {
		before = e.null()
	}
	ns := e.null()
	var leaks []leak
	// Singletons, by the canonical form of their null-space image.
	seed := maphash.MakeSeed()
	single := map[uint64][]int{}
	for c, n := range sys.size {
		if n == 1 {
			if v := ns.vec(c); !zeroVec(v) {
				h := canonicalHash(seed, v)
				single[h] = append(single[h], c)
			}
		}
	}
	v := make([]uint64, ns.f)
	var v0 []uint64
	if before != nil {
		v0 = make([]uint64, before.f)
	}
	image := func(dst []uint64, n *nullSpace, t []int) {
		clear(dst)
		for _, c := range t {
			addVec(dst, n.vec(c))
		}
	}
	for ti, t := range sys.targets {
		image(v, ns, t)
		if zeroVec(v) {
			if before != nil {
				if image(v0, before, t); zeroVec(v0) {
					continue // determined by earlier releases alone
				}
			}
			leaks = append(leaks, sys.leakOf(e, t, -1, 0, cur))
			continue
		}
		if len(single) == 0 || !sys.sensitive[ti] {
			continue
		}
		for _, s := range single[canonicalHash(seed, v)] {
			if len(t) == 1 && t[0] == s {
				continue
			}
			lam, ok := multipleOf(v, ns.vec(s))
			if !ok {
				continue
			}
			if before != nil {
				image(v0, before, t)
				if _, was := multipleOf(v0, before.vec(s)); was || zeroVec(v0) {
					continue // s could tell it from earlier releases alone
				}
			}
			leaks = append(leaks, sys.leakOf(e, t, s, lam, cur))
			break
		}
	}
	return leaks
}

// leakOf describes a determined target t (given, when own >= 0, the value
// of the one-association class own with t = lam * own + a combination of
// equations): the equations of the current release in that combination.
func (sys *system) leakOf(e *echelon, t []int, own int, lam uint64, cur int) leak {
	lk := leak{unit: sys.unit, target: t, system: sys}
	if e.max == 0 {
		return lk
	}
	dense := make([]uint64, sys.m)
	for _, c := range t {
		dense[c] = addP(dense[c], 1)
	}
	if own >= 0 {
		dense[own] = subP(dense[own], lam)
	}
	coef := e.combination(dense)
	for i, x := range coef {
		if x != 0 && sys.eqRel[i] == cur {
			lk.candidates = append(lk.candidates, sys.eqCell[i])
		}
	}
	return lk
}

// canonicalHash hashes v scaled so that its first nonzero entry is 1:
// multiples of one vector hash alike.
func canonicalHash(seed maphash.Seed, v []uint64) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	var inv uint64
	var buf [8]byte
	for _, x := range v {
		if x != 0 && inv == 0 {
			inv = invP(x)
		}
		binary.LittleEndian.PutUint64(buf[:], mulP(x, inv))
		h.Write(buf[:])
	}
	return h.Sum64()
}

// multipleOf returns lam with v = lam * w, when there is one.
func multipleOf(v, w []uint64) (uint64, bool) {
	var lam uint64
	for i := range v {
		if w[i] != 0 {
			lam = mulP(v[i], invP(w[i]))
			break
		}
	}
	if lam == 0 {
		return 0, false
	}
	for i := range v {
		if mulP(lam, w[i]) != v[i] {
			return 0, false
		}
	}
	return lam, true
}

// audit runs one round of the audit over every unit (identical systems
// are solved once), hides a repair for every leak and returns the number
// of leaks and of systems solved.
func (g *gate) audit() (int, int) {
	type job struct {
		sys   *system
		key   systemKey
		units []int
		at    map[int][2]int // each unit's versions when its system was built
	}
	var jobs []*job
	byKey := map[systemKey]*job{}
	if g.cleanAt == nil {
		g.cleanAt = map[int][2]int{}
	}
	for ui, u := range g.units {
		if u.kind == unitRef {
			continue
		}
		at := [2]int{g.shared, g.owners[u.owner].version}
		if was, ok := g.cleanAt[ui]; ok && was == at {
			continue
		}
		sys := g.buildSystem(ui)
		if len(sys.targets) == 0 {
			continue
		}
		k := sys.key()
		if g.clean[k] {
			g.cleanAt[ui] = at
			continue
		}
		if j := byKey[k]; j != nil {
			j.units = append(j.units, ui)
			j.at[ui] = at
			continue
		}
		j := &job{sys: sys, key: k, units: []int{ui}, at: map[int][2]int{ui: at}}
		byKey[k] = j
		jobs = append(jobs, j)
	}
	cur := len(g.in.Earlier)
	results := make([][]leak, len(jobs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := range next {
				results[i] = jobs[i].sys.solve(cur)
			}
		})
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	total := 0
	if g.clean == nil {
		g.clean = map[systemKey]bool{}
	}
	for i, j := range jobs {
		if len(results[i]) == 0 {
			g.clean[jobs[i].key] = true
			for _, ui := range j.units {
				g.cleanAt[ui] = j.at[ui]
			}
		}
		for _, lk := range results[i] {
			total++
			for _, ui := range j.units {
				g.repair(ui, lk)
			}
		}
	}
	return total, len(jobs)
}

// systemKey identifies a system: two 64-bit hashes of its classes,
// equations and targets (the same give the same leaks).
type systemKey [2]uint64

// keySeeds are the hash seeds of systemKey, one per half.
var keySeeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

// key identifies a system.
func (sys *system) key() systemKey {
	var h [2]maphash.Hash
	for i := range h {
		h[i].SetSeed(keySeeds[i])
	}
	buf := make([]byte, 0, 64)
	write := func() {
		h[0].Write(buf)
		h[1].Write(buf)
		buf = buf[:0]
	}
	for c := range sys.m {
		buf = binary.AppendUvarint(buf, uint64(sys.size[c]))
		for s := range sys.leaf {
			buf = binary.AppendVarint(buf, int64(sys.leaf[s][c]))
		}
		write()
	}
	buf = append(buf, 0xff)
	for i, cr := range sys.eqCell {
		buf = binary.AppendUvarint(buf, uint64(sys.eqRel[i]))
		buf = binary.AppendUvarint(buf, uint64(cr.level))
		buf = binary.AppendUvarint(buf, uint64(cr.cell))
		write()
	}
	buf = append(buf, 0xff)
	for ti, t := range sys.targets {
		for _, c := range t {
			buf = binary.AppendUvarint(buf, uint64(c))
		}
		if sys.sensitive[ti] {
			buf = append(buf, 1)
		}
		buf = append(buf, 0xfe)
		write()
	}
	return systemKey{h[0].Sum64(), h[1].Sum64()}
}

// repair hides, for unit ui, one cell of the current release among the
// leak's candidates: the one with the fewest values, "all" last. With no
// candidate (the target is given away by earlier releases and the values
// of associations that consented since), every published cell of this
// release holding a class of the target is hidden.
func (g *gate) repair(ui int, lk leak) {
	u := g.units[ui]
	best := cellRef{-1, -1}
	for _, cr := range lk.candidates {
		if g.hiddenFor(u, cr.level, cr.cell) {
			return // already repaired by another leak's repair
		}
		if best.level < 0 || g.cheaper(u, cr, best) {
			best = cr
		}
	}
	if best.level >= 0 {
		g.hide(u, best.level, best.cell, "audit")
		return
	}
	cur := len(g.in.Earlier)
	for _, c := range lk.target {
		l := lk.system.leaf[cur][c]
		if l < 0 {
			continue
		}
		for li := 1; li < g.r.finestLevel(); li++ {
			g.hide(u, li, g.r.lat.levels[li].ofLeaf[l], "audit")
		}
	}
}

// cheaper reports whether hiding a costs less than hiding b for unit u:
// "all" last, then fewer values, then a finer grouping, then key order.
func (g *gate) cheaper(u *unit, a, b cellRef) bool {
	if (a.level == 0) != (b.level == 0) {
		return b.level == 0
	}
	na, nb := u.n[a.level][a.cell], u.n[b.level][b.cell]
	if na != nb {
		return na < nb
	}
	if a.level != b.level {
		return a.level > b.level
	}
	return a.cell < b.cell
}
