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
// release and reports whether it hid anything.
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
	fin := g.r.finestLevel()
	diff := g.r.newCounts()
	ix := g.idIndex()
	cur := len(g.in.Earlier)
	for i := range ix.ids {
		re, rc := ix.row[s][i], ix.row[cur][i]
		pe := re >= 0 && present[re]
		pc := rc >= 0 && u.present[rc]
		if !pe && !pc {
			continue
		}
		valueChanged := pe && pc && !sameValue(e.data, eu, re, g.r.data, u, rc)
		if pe && pc && !valueChanged && e.leafKey(re) == g.r.leafKey(rc) {
			continue
		}
		for li := range fin {
			cc, ec := -1, -1
			if pc {
				cc = g.r.lat.levels[li].ofLeaf[g.r.leafOf[rc]]
			}
			if pe {
				ec = g.r.cellOf(li, e.cellKey(li, e.leafOf[re]))
			}
			switch {
			case cc == ec && cc >= 0:
				if valueChanged {
					diff[li][cc]++
				}
			default:
				if cc >= 0 {
					diff[li][cc]++
				}
				if ec >= 0 {
					diff[li][ec]++
				}
			}
		}
	}
	changed := false
	for li := range fin {
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
