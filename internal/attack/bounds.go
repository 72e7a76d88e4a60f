package attack

import (
	"math"

	"github.com/assocbench/assocbench/scoring"
)

// Bounds narrows, for one unit of the latest release, the interval of
// every class of associations from the published totals and the bounds
// (0 to top per value: 100 for scores, 1 for counts), through every
// published total and every difference of two nested published totals,
// and reports the hidden totals (of fewer than 2k) and single
// associations pinned. Not counted: what one published cell tells of its
// members by itself (everyone at a bound; the mean of a large part), and,
// when zeroSafe (a single choice of three options or more), a count
// pinned at 0.
func (a *Attack) Bounds(unit string, known map[string]bool, top float64, zeroSafe bool) []Recovery {
	s := len(a.pubs) - 1
	p := a.pubs[s]
	count := isCount(unit)
	// Classes of the latest release alone.
	var ids []string
	classOf := map[string]int{}
	byTuple := map[string]int{}
	var size []int
	value := map[string]float64{}
	for _, r := range a.rows[s] {
		v, ok := r.Values[unit]
		if !ok || known[r.ID] {
			continue
		}
		tuple := make(map[string]string, len(scoring.PubDims))
		for _, d := range scoring.PubDims {
			tuple[d] = attrValue(r.Attrs, d)
		}
		k := key(tuple)
		c, ok := byTuple[k]
		if !ok {
			c = len(size)
			byTuple[k] = c
			size = append(size, 0)
		}
		size[c]++
		classOf[r.ID] = c
		value[r.ID] = v
		ids = append(ids, r.ID)
	}
	type eq struct {
		set    []bool
		lo, hi float64
		n      int
		atTop  bool // the published figures say every member is at a bound
		name   string
	}
	var eqs, hidden []eq
	for _, c := range p.Cells[unit] {
		if c.N == 0 || c.NHidden {
			continue
		}
		set := make([]bool, len(size))
		n, knownSum, trueSum := 0, 0.0, 0.0
		for _, i := range a.index[s][key(c.Attrs)] {
			r := a.rows[s][i]
			v, ok := r.Values[unit]
			if !ok {
				continue
			}
			if known[r.ID] {
				knownSum += v
				continue
			}
			set[classOf[r.ID]] = true
			n++
			trueSum += v
		}
		if n == 0 {
			continue
		}
		if c.Hidden {
			// A group of fewer than k, or of fewer than 2k whose true
			// total is what the primary rules hide (near-unanimous, or
			// within a point of a bound per member): its pinned total
			// tells what was protected. A larger hidden group pinned tells
			// what it would have told had it been published.
			mt := float64(n)
			sensitive := c.N < p.K || c.N < 2*p.K &&
				(count && (trueSum >= mt-1 || trueSum <= 1) || !count && (top*mt-trueSum <= pinWidth+top || trueSum <= pinWidth+top))
			if sensitive {
				hidden = append(hidden, eq{set: set, n: n, lo: trueSum, name: key(c.Attrs)})
			}
			continue
		}
		slack := roundSlack * float64(c.N)
		if count {
			slack = 0
		}
		v := c.Total - knownSum
		atBound := v <= slack+1e-9 || v >= top*float64(n)-slack-1e-9
		eqs = append(eqs, eq{set: set, lo: v - slack, hi: v + slack, n: n, atTop: atBound})
	}
	base := len(eqs)
	for i := range base {
		for j := range base {
			if i == j {
				continue
			}
			nested, any := true, false
			diff := make([]bool, len(size))
			for c := range size {
				if eqs[j].set[c] && !eqs[i].set[c] {
					nested = false
					break
				}
				diff[c] = eqs[i].set[c] && !eqs[j].set[c]
				any = any || diff[c]
			}
			if nested && any {
				eqs = append(eqs, eq{set: diff, lo: eqs[i].lo - eqs[j].hi, hi: eqs[i].hi - eqs[j].lo})
			}
		}
	}
	lo := make([]float64, len(size))
	hi := make([]float64, len(size))
	for c, n := range size {
		hi[c] = top * float64(n)
	}
	for range 100 {
		moved := false
		for _, e := range eqs {
			var slo, shi float64
			for c, in := range e.set {
				if in {
					slo += lo[c]
					shi += hi[c]
				}
			}
			for c, in := range e.set {
				if !in {
					continue
				}
				nlo := math.Max(lo[c], e.lo-(shi-hi[c]))
				nhi := math.Min(hi[c], e.hi-(slo-lo[c]))
				if nlo > nhi+1e-9 {
					continue // inconsistent (rounding): no information
				}
				if nlo > lo[c]+1e-9 || nhi < hi[c]-1e-9 {
					moved = true
					slo += nlo - lo[c]
					shi += nhi - hi[c]
					lo[c], hi[c] = nlo, nhi
				}
			}
		}
		if !moved {
			break
		}
	}
	interval := func(set []bool) (float64, float64) {
		var slo, shi float64
		for c, in := range set {
			if in {
				slo += lo[c]
				shi += hi[c]
			}
		}
		return slo, shi
	}
	pinned := func(l, h float64, n int) bool {
		if count {
			return pinnedCount(l, h)
		}
		return h-l <= pinWidth*float64(n)
	}
	// What one published cell alone says of a set of its members.
	saidByOne := func(set []bool, n int) bool {
		each := true
		for c, in := range set {
			if !in {
				continue
			}
			atBound := false
			for _, e := range eqs[:base] {
				if e.set[c] && e.atTop {
					atBound = true
					break
				}
			}
			each = each && atBound
		}
		if each {
			return true
		}
		for _, e := range eqs[:base] {
			inside := e.n >= n
			for c, in := range set {
				if in && !e.set[c] {
					inside = false
					break
				}
			}
			if inside && pinned(math.Max(0, e.lo-top*float64(e.n-n)), math.Min(top*float64(n), e.hi), n) {
				return true
			}
		}
		return false
	}
	var out []Recovery
	report := func(set []bool, n int, name string, truth float64) {
		l, h := interval(set)
		if !pinned(l, h, n) || saidByOne(set, n) {
			return
		}
		guess := (l + h) / 2
		if count {
			guess = math.Ceil(l - 1e-9)
			if zeroSafe && guess == 0 {
				return
			}
		}
		out = append(out, Recovery{unit, name, guess, truth, "bounds"})
	}
	for _, h := range hidden {
		report(h.set, h.n, "hidden cell "+h.name, h.lo)
	}
	for _, id := range ids {
		if size[classOf[id]] == 1 {
			set := make([]bool, len(size))
			set[classOf[id]] = true
			report(set, 1, "association "+id, value[id])
		}
	}
	return out
}

// Order reads the order statistics that a release's quantiles pin (R type
// 7: the quantile p of n values is the value of rank (n-1)p when that is
// whole) and reports every published cell where they, with the mean, give
// away the minimum, the maximum or every value.
func Order(p *Published) []Recovery {
	var out []Recovery
	probs := []struct {
		p       float64
		deciles bool
	}{{0.5, false}, {0.25, false}, {0.75, false}, {0.1, true}, {0.9, true}}
	for unit, cells := range p.Cells {
		if isCount(unit) {
			continue
		}
		for _, c := range cells {
			st := c.Stats
			if st.Suppressed || st.N == 0 {
				continue
			}
			ranks := map[int]bool{}
			if st.MinMaxShown {
				ranks[0], ranks[st.N-1] = true, true
			}
			for _, q := range probs {
				shown := st.QuartilesShown && !q.deciles || st.DecilesShown && q.deciles
				h := float64(st.N-1) * q.p
				if shown && h == math.Floor(h) {
					ranks[int(h)] = true
				}
			}
			if ranks[0] || ranks[st.N-1] || len(ranks) >= st.N-1 {
				out = append(out, Recovery{unit, "order statistics of " + key(c.Attrs), 0, 0, "order"})
			}
		}
	}
	return out
}
