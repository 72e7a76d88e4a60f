package scoring

// An attacker written from the published tables only, to test the gate.
// It knows what an analyst knows (every table of every release, every
// grouping, the values of associations that consented) and more: which
// associations sit in which finest cell in each release (so that it need
// not guess the structure). It solves the linear system of every unit
// exactly (modulo a prime, with its own arithmetic, independent of the
// gate's) and estimates each determined target from the published,
// rounded figures; it also narrows bounds (scores in 0-100, counts in
// 0-n) and reads order statistics.

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"strings"
)

// atkP is the attacker's prime (its own arithmetic: hardware remainder).
const atkP = 1<<61 - 1

func atkMul(a, b uint64) uint64 { hi, lo := bits.Mul64(a, b); return bits.Rem64(hi, lo, atkP) }
func atkSub(a, b uint64) uint64 { return (a + atkP - b) % atkP }
func atkInv(a uint64) uint64 {
	return new(big.Int).ModInverse(new(big.Int).SetUint64(a), new(big.Int).SetUint64(atkP)).Uint64()
}
func atkFrom(x int64) uint64 {
	if x >= 0 {
		return uint64(x) % atkP
	}
	return atkSub(0, uint64(-x)%atkP)
}

// atkBasis is a row-reduced basis with each row's right-hand side.
type atkBasis struct {
	m      int
	rows   [][]uint64
	rhs    []uint64
	pivRow []int
}

func newAtkBasis(m int) *atkBasis {
	b := &atkBasis{m: m, pivRow: make([]int, m)}
	for i := range b.pivRow {
		b.pivRow[i] = -1
	}
	return b
}

// reduce returns row minus its components on the basis's pivots, and
// the right-hand side of those components.
func (b *atkBasis) reduce(row []uint64) ([]uint64, uint64) {
	r := slices.Clone(row)
	var val uint64
	for c := range r {
		if r[c] == 0 || b.pivRow[c] < 0 {
			continue
		}
		i := b.pivRow[c]
		f := r[c]
		for j, x := range b.rows[i] {
			if x != 0 {
				r[j] = atkSub(r[j], atkMul(f, x))
			}
		}
		val = (val + atkMul(f, b.rhs[i])) % atkP
	}
	return r, val
}

func (b *atkBasis) add(row []uint64, rhs uint64) {
	r, v := b.reduce(row)
	rhs = atkSub(rhs, v)
	q := slices.IndexFunc(r, func(x uint64) bool { return x != 0 })
	if q < 0 {
		return
	}
	inv := atkInv(r[q])
	for j := range r {
		r[j] = atkMul(r[j], inv)
	}
	rhs = atkMul(rhs, inv)
	for i, br := range b.rows {
		if f := br[q]; f != 0 {
			for j, x := range r {
				if x != 0 {
					br[j] = atkSub(br[j], atkMul(f, x))
				}
			}
			b.rhs[i] = atkSub(b.rhs[i], atkMul(f, rhs))
		}
	}
	b.pivRow[q] = len(b.rows)
	b.rows = append(b.rows, r)
	b.rhs = append(b.rhs, rhs)
}

// ratRecon turns a residue into the rational it stands for (small
// numerator and denominator), as a float.
func ratRecon(v uint64) (float64, bool) {
	p := new(big.Int).SetUint64(atkP)
	bound := new(big.Int).Lsh(big.NewInt(1), 30)
	r0, r1 := new(big.Int).Set(p), new(big.Int).SetUint64(v)
	s0, s1 := big.NewInt(0), big.NewInt(1)
	for r1.Cmp(bound) >= 0 {
		q := new(big.Int).Quo(r0, r1)
		r0, r1 = r1, new(big.Int).Sub(r0, new(big.Int).Mul(q, r1))
		s0, s1 = s1, new(big.Int).Sub(s0, new(big.Int).Mul(q, s1))
	}
	if s1.Sign() == 0 || new(big.Int).Abs(s1).Cmp(bound) >= 0 {
		return 0, false
	}
	num, _ := new(big.Float).SetInt(r1).Float64()
	den, _ := new(big.Float).SetInt(s1).Float64()
	return num / den, true
}

// atkGroupings are every grouping an analyst can ask for.
func atkGroupings() [][]string {
	var out [][]string
	for m := 0; m < 1<<len(PubDims); m++ {
		if bits.OnesCount(uint(m)) > 3 {
			continue
		}
		var g []string
		for i, d := range PubDims {
			if m&(1<<i) != 0 {
				g = append(g, d)
			}
		}
		out = append(out, g)
	}
	return out
}

// atkCell is one published or hidden group of one release, as read.
type atkCell struct {
	rel    int
	attrs  map[string]string
	n      int
	hidden bool
	value  float64 // n x mean, or a count
}

// atkUnit reads one unit's cells from every release: for a metric (opt
// < 0) its n x mean, for a question option opt's count.
func atkUnit(rels []*Release, name string, question bool, opt int) []atkCell {
	var out []atkCell
	seen := map[string]bool{}
	for s, rel := range rels {
		for _, g := range atkGroupings() {
			var cells []atkCell
			if question {
				t, err := rel.Prevalence(name, g)
				if err != nil {
					continue
				}
				for _, pg := range append(append([]PrevalenceGroup{t.All}, t.Marginals...), t.Groups...) {
					c := atkCell{rel: s, attrs: pg.Attrs, n: pg.N, hidden: pg.Suppressed}
					if !pg.Suppressed && len(pg.Counts) > 0 {
						c.value = float64(pg.Counts[t.Options[opt]])
					}
					cells = append(cells, c)
				}
			} else {
				t, err := rel.Table([]string{name}, g)
				if err != nil {
					continue
				}
				for _, gr := range append(append([]Group{t.All}, t.Marginals...), t.Groups...) {
					st := gr.Stats[name]
					cells = append(cells, atkCell{rel: s, attrs: gr.Attrs, n: st.N, hidden: st.Suppressed, value: float64(st.N) * st.Mean})
				}
			}
			for _, c := range cells {
				k := fmt.Sprintf("%d|%s", s, groupKey(PubDims, c.attrs))
				if !seen[k] {
					seen[k] = true
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// atkTruth is what the attacker is after, for checking its guesses.
type atkTruth struct {
	present func(rel, row int) bool
	value   func(rel, row int) float64
}

// recovery is one value the attacker pinned.
type recovery struct {
	Unit   string
	Target string
	Guess  float64
	Truth  float64
	How    string
}

func (r recovery) String() string {
	return fmt.Sprintf("%s %s: guessed %.2f, truth %.2f (%s)", r.Unit, r.Target, r.Guess, r.Truth, r.How)
}

// atkMember is one association's place in every release.
type atkMember struct {
	id   string
	rows []int // release -> row, -1 absent (or no value)
}

// atkRowsByGroup maps the key of every group of every grouping to the
// rows of d in it.
func atkRowsByGroup(d *Dataset) map[string][]int {
	out := map[string][]int{}
	for row := range d.Len() {
		for _, g := range atkGroupings() {
			attrs := make(map[string]string, len(g))
			for _, dim := range g {
				attrs[dim] = d.Attr(row, dim)
			}
			k := groupKey(PubDims, attrs)
			out[k] = append(out[k], row)
		}
	}
	return out
}

// attackLinear runs the linear attack on one unit. known lists the
// associations whose values the attacker knows (consented, or its own).
func attackLinear(rels []*Release, unitName string, question bool, opt int, truth atkTruth, known map[string]bool) []recovery {
	cells := atkUnit(rels, unitName, question, opt)
	// Members and their trajectories.
	byID := map[string]*atkMember{}
	var ids []string
	for s, rel := range rels {
		d := rel.Data()
		for row := range d.Len() {
			if !truth.present(s, row) {
				continue
			}
			id := d.ID(row)
			m := byID[id]
			if m == nil {
				m = &atkMember{id: id, rows: slices.Repeat([]int{-1}, len(rels))}
				byID[id] = m
				ids = append(ids, id)
			}
			m.rows[s] = row
		}
	}
	slices.Sort(ids)
	tupleOf := func(s, row int) string {
		d := rels[s].Data()
		var b strings.Builder
		for _, dim := range PubDims {
			b.WriteString(d.Attr(row, dim))
			b.WriteByte('|')
		}
		return b.String()
	}
	classOf := map[string]int{}
	var classes [][]*atkMember
	for _, id := range ids {
		m := byID[id]
		if known[id] {
			continue
		}
		var key strings.Builder
		for s, row := range m.rows {
			if row >= 0 {
				key.WriteString(tupleOf(s, row))
			}
			key.WriteByte(';')
		}
		c, ok := classOf[key.String()]
		if !ok {
			c = len(classes)
			classOf[key.String()] = c
			classes = append(classes, nil)
		}
		classes[c] = append(classes[c], m)
	}
	// rowsIn[s][key]: the rows of release s in the group of that key.
	rowsIn := make([]map[string][]int, len(rels))
	for s, rel := range rels {
		rowsIn[s] = atkRowsByGroup(rel.Data())
	}
	classIdx := map[string]int{}
	for ci, ms := range classes {
		for _, m := range ms {
			classIdx[m.id] = ci
		}
	}
	support := func(c atkCell) (vec []uint64, members int, knownSum, trueSum float64) {
		vec = make([]uint64, len(classes))
		for _, row := range rowsIn[c.rel][groupKey(PubDims, c.attrs)] {
			if !truth.present(c.rel, row) {
				continue
			}
			id := rels[c.rel].Data().ID(row)
			v := truth.value(c.rel, row)
			if known[id] {
				knownSum += v
				continue
			}
			members++
			trueSum += v
			vec[classIdx[id]] = 1
		}
		return vec, members, knownSum, trueSum
	}
	b := newAtkBasis(len(classes))
	// What the earlier releases alone give away is not this release's
	// doing (it was published, or found by the attack on them).
	early := newAtkBasis(len(classes))
	type tgt struct {
		vec     []uint64
		members int
		truth   float64
		name    string
	}
	var targets []tgt
	for _, c := range cells {
		if c.n == 0 {
			continue
		}
		vec, members, knownSum, trueSum := support(c)
		if members == 0 {
			continue
		}
		if c.hidden {
			// A group of fewer than 2k: its total would tell what the
			// primary rules hide (a cell hidden only to protect another,
			// larger, would have told nothing had it been published).
			if c.n < 2*rels[c.rel].K {
				targets = append(targets, tgt{vec, members, trueSum, fmt.Sprintf("release %d hidden %s", c.rel+1, groupKey(PubDims, c.attrs))})
			}
			continue
		}
		// Right-hand sides scaled by 10: means are published to one decimal.
		rhs := atkFrom(int64(math.Round((c.value - knownSum) * 10)))
		b.add(vec, rhs)
		if c.rel < len(rels)-1 {
			early.add(vec, rhs)
		}
	}
	for ci, ms := range classes {
		if len(ms) == 1 {
			vec := make([]uint64, len(classes))
			vec[ci] = 1
			last := -1
			for s, row := range ms[0].rows {
				if row >= 0 {
					last = s
				}
			}
			targets = append(targets, tgt{vec, 1, truth.value(last, ms[0].rows[last]), "association " + ms[0].id})
		}
	}
	var out []recovery
	for _, t := range targets {
		rest, val := b.reduce(t.vec)
		if slices.ContainsFunc(rest, func(x uint64) bool { return x != 0 }) {
			continue
		}
		if len(rels) > 1 {
			if rest, _ := early.reduce(t.vec); !slices.ContainsFunc(rest, func(x uint64) bool { return x != 0 }) {
				continue
			}
		}
		guess, ok := ratRecon(val)
		if !ok {
			continue
		}
		guess /= 10
		tol := 0.5 * float64(t.members) // a mean within ±0.5 points
		if question {
			tol = 0.5 // a count, exactly
		}
		if math.Abs(guess-t.truth) <= tol {
			out = append(out, recovery{unitName, t.name, guess, t.truth, "linear"})
		}
	}
	return out
}

// attackRelease runs the linear attack on every unit of the latest of
// rels, as an analyst (consented values known for units analysts see with
// consent) and as each of the associations in own (its own values known).
func attackRelease(rels []*Release, consented map[string]bool, own []string) []recovery {
	last := rels[len(rels)-1]
	var out []recovery
	knownFor := func(visible bool, extra string) map[string]bool {
		k := map[string]bool{}
		if visible {
			for id := range consented {
				k[id] = true
			}
		}
		if extra != "" {
			k[extra] = true
		}
		return k
	}
	attackers := append([]string{""}, own...)
	for _, m := range last.Metrics {
		truth := atkTruth{
			present: func(s, row int) bool {
				c, ok := rels[s].Data().Metric(m.Name)
				return ok && isFinite(rels[s].Data().Column(c)[row])
			},
			value: func(s, row int) float64 {
				c, _ := rels[s].Data().Metric(m.Name)
				return rels[s].Data().Column(c)[row]
			},
		}
		for _, a := range attackers {
			out = append(out, attackLinear(rels, m.Name, false, -1, truth, knownFor(m.Visible, a))...)
		}
	}
	for _, q := range last.Questions {
		for o := range q.Options {
			truth := atkTruth{
				present: func(s, row int) bool {
					c, ok := rels[s].Data().Choice(q.Name)
					return ok && rels[s].Data().ChoiceValue(row, c)&Answered != 0
				},
				value: func(s, row int) float64 {
					c, _ := rels[s].Data().Choice(q.Name)
					if rels[s].Data().ChoiceValue(row, c)&(1<<o) != 0 {
						return 1
					}
					return 0
				},
			}
			for _, a := range attackers {
				out = append(out, attackLinear(rels, q.Name, true, o, truth, knownFor(q.Visible, a))...)
			}
		}
	}
	return out
}

// attackBounds narrows, for one unit of the latest release, the interval
// of every class of associations from the published totals and the
// bounds (0 to top per value: 100 for scores, 1 for counts), through
// every published total and every difference of two nested published
// totals, and reports the hidden totals and single associations pinned
// (within ±0.5 points per value; a count to one integer), except where
// a published cell holding them says it of all its members (everyone at
// a bound: documented as not protected).
//
// In a single choice of three options or more, a count pinned at 0 leaves
// every member's answer open among the other options: it is not counted
// (the README's Confidentiality section says so).
func attackBounds(rel *Release, unitName string, question bool, opt int, truth atkTruth, known map[string]bool, top float64) []recovery {
	zeroSafe := false
	if question {
		for _, q := range rel.Questions {
			if q.Name == unitName {
				zeroSafe = !q.Multi && len(q.Options) >= 3
			}
		}
	}
	cells := atkUnit([]*Release{rel}, unitName, question, opt)
	d := rel.Data()
	type member struct {
		row   int
		tuple string
	}
	var members []member
	for row := range d.Len() {
		if truth.present(0, row) && !known[d.ID(row)] {
			var b strings.Builder
			for _, dim := range PubDims {
				b.WriteString(d.Attr(row, dim) + "|")
			}
			members = append(members, member{row, b.String()})
		}
	}
	classOf := map[string]int{}
	var size []int
	var cls []int // member -> class
	for _, m := range members {
		c, ok := classOf[m.tuple]
		if !ok {
			c = len(size)
			classOf[m.tuple] = c
			size = append(size, 0)
		}
		size[c]++
		cls = append(cls, c)
	}
	rowsIn := atkRowsByGroup(d)
	memberOf := map[int]int{} // row -> member index
	for i, m := range members {
		memberOf[m.row] = i
	}
	type eq struct {
		set    []bool
		lo, hi float64
		n      int
	}
	var eqs []eq
	var hidden []eq
	for _, c := range cells {
		set := make([]bool, len(size))
		n, knownSum := 0, 0.0
		for _, row := range rowsIn[groupKey(PubDims, c.attrs)] {
			if !truth.present(0, row) {
				continue
			}
			if i, ok := memberOf[row]; ok {
				set[cls[i]] = true
				n++
			} else if known[d.ID(row)] {
				knownSum += truth.value(0, row)
			}
		}
		if n == 0 {
			continue
		}
		if c.hidden {
			if c.n < 2*rel.K { // what the primary rules protect (see attackLinear)
				hidden = append(hidden, eq{set: set, n: n})
			}
			continue
		}
		slack := roundSlack * float64(c.n)
		if question {
			slack = 0
		}
		eqs = append(eqs, eq{set: set, lo: c.value - knownSum - slack, hi: c.value - knownSum + slack, n: n})
	}
	// Differences of nested published totals.
	base := len(eqs)
	for i := range base {
		for j := range base {
			if i == j {
				continue
			}
			sub := true
			diff := make([]bool, len(size))
			any := false
			for c := range size {
				if eqs[j].set[c] && !eqs[i].set[c] {
					sub = false
					break
				}
				diff[c] = eqs[i].set[c] && !eqs[j].set[c]
				any = any || diff[c]
			}
			if sub && any {
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
	pinnedSet := func(set []bool, n int) (bool, float64) {
		var slo, shi float64
		for c, in := range set {
			if in {
				slo += lo[c]
				shi += hi[c]
			}
		}
		if top == 1 {
			return math.Floor(shi+1e-9) == math.Ceil(slo-1e-9), math.Ceil(slo - 1e-9)
		}
		return shi-slo <= pinWidth*float64(n), (slo + shi) / 2
	}
	// What one published cell says of its members' values is published
	// with it (see the README): a cell whose total is at a bound tells every
	// member's value, and a cell alone may pin the total of any large part.
	extremeCover := func(set []bool, n int) bool {
		covered := true
		for c, in := range set {
			if !in {
				continue
			}
			byOne := false
			for _, e := range eqs[:base] {
				if e.set[c] && (e.hi <= 1e-9 || e.lo >= top*float64(e.n)-1e-9) {
					byOne = true
					break
				}
			}
			covered = covered && byOne
		}
		if covered {
			return true
		}
		for _, e := range eqs[:base] {
			inside := true
			for c, in := range set {
				if in && !e.set[c] {
					inside = false
					break
				}
			}
			if !inside || e.n < n {
				continue
			}
			lo := math.Max(0, e.lo-top*float64(e.n-n))
			hi := math.Min(top*float64(n), e.hi)
			if top == 1 && math.Floor(hi+1e-9) == math.Ceil(lo-1e-9) || top > 1 && hi-lo <= pinWidth*float64(n) {
				return true
			}
		}
		return false
	}
	var out []recovery
	report := func(set []bool, n int, name string, trueVal float64) {
		if ok, guess := pinnedSet(set, n); ok && !extremeCover(set, n) && !(zeroSafe && guess == 0) {
			out = append(out, recovery{unitName, name, guess, trueVal, "bounds"})
		}
	}
	for _, h := range hidden {
		var t float64
		for i, m := range members {
			if h.set[cls[i]] {
				t += truth.value(0, m.row)
			}
		}
		report(h.set, h.n, "hidden cell", t)
	}
	for i, m := range members {
		if size[cls[i]] == 1 {
			set := make([]bool, len(size))
			set[cls[i]] = true
			report(set, 1, "association "+d.ID(m.row), truth.value(0, m.row))
		}
	}
	return out
}

// attackOrder reads the order statistics that a release's quantiles pin
// (R type 7: the quantile p of n values is the value of rank (n-1)p when
// that is a whole number) and reports every published cell where they,
// with the mean, give away the minimum, the maximum or every value.
func attackOrder(rel *Release) []recovery {
	var out []recovery
	probs := map[string]float64{"median": 0.5, "p25": 0.25, "p75": 0.75, "p10": 0.1, "p90": 0.9}
	for _, m := range rel.Metrics {
		for _, g := range atkGroupings() {
			t, err := rel.Table([]string{m.Name}, g)
			if err != nil {
				continue
			}
			for _, gr := range append(append([]Group{t.All}, t.Marginals...), t.Groups...) {
				st := gr.Stats[m.Name]
				if st.Suppressed || st.N == 0 {
					continue
				}
				pinnedRank := map[int]bool{}
				if st.MinMaxShown {
					pinnedRank[0], pinnedRank[st.N-1] = true, true
				}
				for q, p := range probs {
					shown := (q == "p10" || q == "p90") && st.DecilesShown || (q != "p10" && q != "p90") && st.QuartilesShown
					h := float64(st.N-1) * p
					if shown && h == math.Floor(h) {
						pinnedRank[int(h)] = true
					}
				}
				if pinnedRank[0] || pinnedRank[st.N-1] || len(pinnedRank) >= st.N-1 {
					out = append(out, recovery{m.Name, "order statistics of " + gr.Key, 0, 0, "order"})
				}
			}
		}
	}
	return out
}
