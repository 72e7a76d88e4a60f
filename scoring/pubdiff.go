package scoring

// The difference rule: a release after the first hides, for a unit, every
// cell that an earlier release published for it and whose content has
// changed by fewer than k associations since — arrivals, departures,
// associations that moved to another group or whose value changed. The
// difference of the two published figures would tell those few
// associations' values (their sum, or their count) to anyone who lines the
// two releases up.
//
// The audit would find these leaks too, but one at a time: it hides the
// cheapest cell of each and the family rule then protects that cell by
// hiding its siblings, which are unchanged and safe. Hiding every changed
// cell in one pass first leaves the family rule nothing to protect that a
// changed parent does not already cover, so a release after one new
// submission hides the cells that hold it and publishes the rest.

// differenceRule applies the rule to every unit against every earlier
// release, and to the counts (n) of the cells whose n is not public, and
// reports whether it hid anything.
func (g *gate) differenceRule() bool {
	changed := false
	for s, e := range g.in.Earlier {
		for _, u := range g.units {
			if u.kind == unitRef || u.col < 0 {
				continue
			}
			if g.differenceOne(u, s, e) {
				changed = true
			}
		}
		if g.differenceCounts(s, e) {
			changed = true
		}
	}
	return changed
}

// differenceOne applies the rule to unit u against earlier release e (the
// s-th of the releases).
func (g *gate) differenceOne(u *unit, s int, e *Release) bool {
	eu, _ := unitIn(e, u.name, u.kind)
	if eu.col < 0 {
		return false
	}
	present, hidden := unitView(e, u.name, u.kind)
	diff := g.changedCells(s, e, func(row int) bool { return present[row] }, func(row int) bool { return u.present[row] },
		func(re, rc int) bool { return !sameValue(e.data, eu, re, g.r.data, u, rc) }, func(int) bool { return false })
	changed := false
	for li := range g.r.finestLevel() {
		for c, d := range diff[li] {
			if d == 0 || d >= g.k || g.hiddenFor(u, li, c) {
				continue
			}
			ec := e.cellOf(li, g.r.lat.levels[li].cells[c].key)
			if ec < 0 || hidden(li, ec) {
				continue // not published then: nothing to line up with
			}
			if g.hide(u, li, c, "difference") {
				changed = true
			}
		}
	}
	return changed
}

// differenceCounts hides the n of every cell whose members changed by 1
// to k-1 associations since e showed its n: the two counts side by side
// would tell the size or budget band of an association that arrived, left
// or moved. Counts by region and type only are public anyway.
func (g *gate) differenceCounts(s int, e *Release) bool {
	always := func(int) bool { return true }
	diff := g.changedCells(s, e, always, always, func(int, int) bool { return false }, g.r.publicCount)
	changed := false
	for li := range g.r.finestLevel() {
		for c, d := range diff[li] {
			if d == 0 || d >= g.k || g.r.nHidden[li][c] {
				continue
			}
			ec := e.cellOf(li, g.r.lat.levels[li].cells[c].key)
			if ec < 0 || e.nHidden[li][ec] {
				continue
			}
			if g.hideCount(li, c, "difference") {
				changed = true
			}
		}
	}
	return changed
}

// changedCells counts, for every cell of this release below the finest
// level (and not skipped), the associations whose part in it differs from
// their part in e's cell of the same key: in one and not the other
// (inE and inCur say whether a row of each release counts), or in both
// with changedValue. Cells are those of this release; an association
// only in a cell that no longer exists counts nowhere.
func (g *gate) changedCells(s int, e *Release, inE, inCur func(row int) bool, changedValue func(re, rc int) bool, skip func(li int) bool) [][]int {
	fin := g.r.finestLevel()
	diff := g.r.newCounts()
	ix := g.idIndex()
	cur := len(g.in.Earlier)
	for i := range ix.ids {
		re, rc := ix.row[s][i], ix.row[cur][i]
		pe, pc := re >= 0 && inE(re), rc >= 0 && inCur(rc)
		if !pe && !pc {
			continue
		}
		valueChanged := pe && pc && changedValue(re, rc)
		if pe && pc && !valueChanged && e.leafKey(re) == g.r.leafKey(rc) {
			continue
		}
		for li := range fin {
			if skip(li) {
				continue
			}
			cc, ec := -1, -1
			if pc {
				cc = g.r.lat.levels[li].ofLeaf[g.r.leafOf[rc]]
			}
			if pe {
				ec = g.r.cellOf(li, e.cellKey(li, e.leafOf[re]))
			}
			if cc == ec {
				if cc >= 0 && valueChanged {
					diff[li][cc]++
				}
				continue
			}
			if cc >= 0 {
				diff[li][cc]++
			}
			if ec >= 0 {
				diff[li][ec]++
			}
		}
	}
	return diff
}

// sameValue reports whether unit a at row ra of da holds the same value as
// unit b at row rb of db.
func sameValue(da *Dataset, a *unit, ra int, db *Dataset, b *unit, rb int) bool {
	if a.kind == unitMetric {
		return da.Column(a.col)[ra] == db.Column(b.col)[rb]
	}
	return da.ChoiceValue(ra, a.col) == db.ChoiceValue(rb, b.col)
}

// newCounts returns a zero count for every cell of every level.
func (r *Release) newCounts() [][]int {
	out := make([][]int, len(r.lat.levels))
	for li, lv := range r.lat.levels {
		out[li] = make([]int, len(lv.cells))
	}
	return out
}

// leafKey returns the key of row's finest cell: equal across releases for
// associations with the same grouping attributes.
func (r *Release) leafKey(row int) string {
	return r.cellKey(r.finestLevel(), r.leafOf[row])
}

// cellKey returns the key of the cell of level li holding leaf l.
func (r *Release) cellKey(li, l int) string {
	lv := r.lat.levels[li]
	return lv.cells[lv.ofLeaf[l]].key
}

// cellOf returns the index of the cell of level li with key key, or -1.
func (r *Release) cellOf(li int, key string) int {
	if c, ok := r.lat.levels[li].index[key]; ok {
		return c
	}
	return -1
}
