package attack

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"strings"

	"github.com/assocbench/assocbench/scoring"
)

// The attacker's own arithmetic modulo the prime 2^61 - 1 (hardware
// remainder, big.Int inverses): independent of the gate's.

const prime = 1<<61 - 1

func mul(a, b uint64) uint64 { hi, lo := bits.Mul64(a, b); return bits.Rem64(hi, lo, prime) }
func sub(a, b uint64) uint64 { return (a + prime - b) % prime }
func inv(a uint64) uint64 {
	return new(big.Int).ModInverse(new(big.Int).SetUint64(a), new(big.Int).SetUint64(prime)).Uint64()
}
func residue(x int64) uint64 {
	if x >= 0 {
		return uint64(x) % prime
	}
	return sub(0, uint64(-x)%prime)
}

// basis is a row-reduced basis with each row's right-hand side.
type basis struct {
	rows   [][]uint64
	rhs    []uint64
	pivRow []int
}

func newBasis(m int) *basis {
	b := &basis{pivRow: make([]int, m)}
	for i := range b.pivRow {
		b.pivRow[i] = -1
	}
	return b
}

// reduce returns row minus its components on the pivots, and their
// right-hand side.
func (b *basis) reduce(row []uint64) ([]uint64, uint64) {
	r := slices.Clone(row)
	var val uint64
	for c := range r {
		if r[c] == 0 || b.pivRow[c] < 0 {
			continue
		}
		i, f := b.pivRow[c], r[c]
		for j, x := range b.rows[i] {
			if x != 0 {
				r[j] = sub(r[j], mul(f, x))
			}
		}
		val = (val + mul(f, b.rhs[i])) % prime
	}
	return r, val
}

func (b *basis) add(row []uint64, rhs uint64) {
	r, v := b.reduce(row)
	rhs = sub(rhs, v)
	q := slices.IndexFunc(r, func(x uint64) bool { return x != 0 })
	if q < 0 {
		return
	}
	f := inv(r[q])
	for j := range r {
		r[j] = mul(r[j], f)
	}
	rhs = mul(rhs, f)
	for i, br := range b.rows {
		if g := br[q]; g != 0 {
			for j, x := range r {
				if x != 0 {
					br[j] = sub(br[j], mul(g, x))
				}
			}
			b.rhs[i] = sub(b.rhs[i], mul(g, rhs))
		}
	}
	b.pivRow[q] = len(b.rows)
	b.rows = append(b.rows, r)
	b.rhs = append(b.rhs, rhs)
}

// determined reports whether t is in the span, and its value.
func (b *basis) determined(t []uint64) (bool, uint64) {
	rest, val := b.reduce(t)
	return !slices.ContainsFunc(rest, func(x uint64) bool { return x != 0 }), val
}

// rational turns a residue into the small rational it stands for.
func rational(v uint64) (float64, bool) {
	p := new(big.Int).SetUint64(prime)
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

// Attack holds what the attacker reads and knows of a campaign's releases.
type Attack struct {
	pubs  []*Published
	rows  [][]Row
	index []map[string][]int // release -> group key -> rows in it
}

// New prepares an attack on releases pubs (oldest first) with the side
// information rows (the associations of each release).
func New(pubs []*Published, rows [][]Row) *Attack {
	a := &Attack{pubs: pubs, rows: rows, index: make([]map[string][]int, len(rows))}
	for s, rs := range rows {
		a.index[s] = map[string][]int{}
		for i, r := range rs {
			for _, g := range Groupings() {
				attrs := make(map[string]string, len(g))
				for _, d := range g {
					attrs[d] = attrValue(r.Attrs, d)
				}
				k := key(attrs)
				a.index[s][k] = append(a.index[s][k], i)
			}
		}
	}
	return a
}

// attrValue is a row's value of a dimension, "unknown" for none.
func attrValue(attrs map[string]string, d string) string {
	if v := attrs[d]; v != "" {
		return v
	}
	return scoring.Unknown
}

// class is a set of associations the tables never tell apart: the same
// cell in every release in which they have a value.
type class struct {
	members []string
	last    float64 // a member's value in its latest release (for single ones)
}

// classes groups the associations with a value for unit, known ones left out.
func (a *Attack) classes(unit string, known map[string]bool) (map[string]int, []class) {
	traj := map[string][]string{}
	var ids []string
	last := map[string]float64{}
	for s, rs := range a.rows {
		for _, r := range rs {
			v, ok := r.Values[unit]
			if !ok {
				continue
			}
			if _, seen := traj[r.ID]; !seen {
				traj[r.ID] = make([]string, len(a.rows))
				ids = append(ids, r.ID)
			}
			tuple := make(map[string]string, len(scoring.PubDims))
			for _, d := range scoring.PubDims {
				tuple[d] = attrValue(r.Attrs, d)
			}
			traj[r.ID][s] = key(tuple)
			last[r.ID] = v
		}
	}
	slices.Sort(ids)
	of := map[string]int{}
	byKey := map[string]int{}
	var out []class
	for _, id := range ids {
		if known[id] {
			continue
		}
		k := strings.Join(traj[id], "|")
		c, ok := byKey[k]
		if !ok {
			c = len(out)
			byKey[k] = c
			out = append(out, class{})
		}
		out[c].members = append(out[c].members, id)
		out[c].last = last[id]
		of[id] = c
	}
	return of, out
}

// members returns, for a cell of release s, its support over the
// classes, the number of unknown members, and the known and true totals.
func (a *Attack) members(unit string, s int, attrs map[string]string, of map[string]int, m int, known map[string]bool) (vec []uint64, n int, knownSum, trueSum float64) {
	vec = make([]uint64, m)
	for _, i := range a.index[s][key(attrs)] {
		r := a.rows[s][i]
		v, ok := r.Values[unit]
		if !ok {
			continue
		}
		if known[r.ID] {
			knownSum += v
			continue
		}
		n++
		trueSum += v
		vec[of[r.ID]] = 1
	}
	return vec, n, knownSum, trueSum
}

// Linear runs the linear attack on one unit over every release; known
// lists the associations whose values the attacker knows (those that
// consented, for a unit analysts see with consent; an association's own).
// A target is counted only if the latest release, with the earlier ones,
// determines it while the earlier ones alone do not.
func (a *Attack) Linear(unit string, known map[string]bool) []Recovery {
	of, classes := a.classes(unit, known)
	m := len(classes)
	all, early := newBasis(m), newBasis(m)
	type target struct {
		vec     []uint64
		members int
		truth   float64
		name    string
	}
	var targets []target
	for s, p := range a.pubs {
		for _, c := range p.Cells[unit] {
			if c.N == 0 || c.NHidden {
				continue
			}
			vec, n, knownSum, trueSum := a.members(unit, s, c.Attrs, of, m, known)
			if n == 0 {
				continue
			}
			if c.Hidden {
				if c.N < 2*p.K {
					targets = append(targets, target{vec, n, trueSum, fmt.Sprintf("release %d hidden %s", s+1, key(c.Attrs))})
				}
				continue
			}
			// Scaled by 10: means are published to one decimal.
			rhs := residue(int64(math.Round((c.Total - knownSum) * 10)))
			all.add(vec, rhs)
			if s < len(a.pubs)-1 {
				early.add(vec, rhs)
			}
		}
	}
	for ci, c := range classes {
		if len(c.members) == 1 {
			vec := make([]uint64, m)
			vec[ci] = 1
			targets = append(targets, target{vec, 1, c.last, "association " + c.members[0]})
		}
	}
	var out []Recovery
	for _, t := range targets {
		ok, val := all.determined(t.vec)
		if !ok {
			continue
		}
		if len(a.pubs) > 1 {
			if was, _ := early.determined(t.vec); was {
				continue
			}
		}
		guess, ok := rational(val)
		if !ok {
			continue
		}
		guess /= 10
		tol := pinWidth / 2 * float64(t.members)
		if isCount(unit) {
			tol = 0.5
		}
		if math.Abs(guess-t.truth) <= tol {
			out = append(out, Recovery{unit, t.name, guess, t.truth, "linear"})
		}
	}
	return out
}
