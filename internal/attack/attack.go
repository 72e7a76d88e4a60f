// Package attack is an attacker on assocbench's publication, for the
// confidentiality tests (DESIGN.md §6 and §9). It works from what an
// analyst reads — every table of every release, in every grouping — and
// is given more than an analyst has: which associations sit in which
// cell of the four dimensions in each release (so that it need not guess
// the structure), and the values it may legitimately know (associations
// that consented; an association's own). It tries three things:
//
//   - Linear: solve the system "published total = sum of its members"
//     exactly (modulo a prime, with its own arithmetic), over every
//     release together, and estimate each determined target from the
//     published, rounded figures;
//   - Bounds: narrow intervals with the bounds (scores in 0-100, counts in
//     0-n) through every published total and every difference of two
//     nested ones;
//   - Order: read the order statistics that published quantiles pin.
//
// A value counts as recovered when a single association's value, or the
// total of a hidden group of fewer than k, is pinned within ±0.5 points
// per member (a count exactly); for the linear attack also the total of
// any hidden group of fewer than 2k, for the bounds one of such a group
// whose total the primary rules hide (near-unanimous, or at a bound).
// Not counted, because the publication says so itself (README,
// Confidentiality): what one published group's figures tell of all its
// members (everyone at a bound), and, in a single choice of three
// options or more, that nobody in a group chose one option.
//
// The package is imported by tests only.
package attack

import (
	"fmt"
	"math"
	"math/bits"
	"strings"

	"github.com/assocbench/assocbench/scoring"
)

// Cell is one group of one release as an analyst reads it, for one unit.
type Cell struct {
	// Attrs are the group's dimension values (empty: all).
	Attrs map[string]string
	// N is the group's n (0 when NHidden).
	N int
	// Hidden is true when only n is shown; NHidden when n is hidden too.
	Hidden, NHidden bool
	// Total is n x mean (a metric) or the option's count (a question).
	Total float64
	// Stats are a metric's published statistics.
	Stats scoring.Stats
}

// Published is everything an analyst reads of one release.
type Published struct {
	// K is the release's threshold.
	K int
	// Cells maps a unit to its cells: a metric name, or
	// "question#option" for a question's option.
	Cells map[string][]Cell
}

// Row is one association as the attacker's side information knows it in
// one release: its cell and its true values (unit -> value; absent: no
// value), for scoring guesses.
type Row struct {
	ID     string
	Attrs  map[string]string
	Values map[string]float64
}

// Recovery is one value pinned.
type Recovery struct {
	Unit   string
	Target string
	Guess  float64
	Truth  float64
	How    string
}

func (r Recovery) String() string {
	return fmt.Sprintf("%s %s: guessed %.2f, truth %.2f (%s)", r.Unit, r.Target, r.Guess, r.Truth, r.How)
}

// Groupings are every grouping an analyst can ask for: all, each
// dimension, each pair, each triple of scoring.PubDims.
func Groupings() [][]string {
	var out [][]string
	for m := 0; m < 1<<len(scoring.PubDims); m++ {
		if bits.OnesCount(uint(m)) > 3 {
			continue
		}
		var g []string
		for i, d := range scoring.PubDims {
			if m&(1<<i) != 0 {
				g = append(g, d)
			}
		}
		out = append(out, g)
	}
	return out
}

// key is a group's identity in any grouping.
func key(attrs map[string]string) string {
	var b strings.Builder
	for _, d := range scoring.PubDims {
		if v, ok := attrs[d]; ok {
			b.WriteString(d + "=" + v + ";")
		}
	}
	return b.String()
}

// NewPublished returns an empty Published.
func NewPublished(k int) *Published { return &Published{K: k, Cells: map[string][]Cell{}} }

// AddTable adds a benchmark table's groups, one Cell per metric; a group
// read twice (a marginal of several groupings) is kept once.
func (p *Published) AddTable(t *scoring.Table) {
	for _, g := range append(append([]scoring.Group{t.All}, t.Marginals...), t.Groups...) {
		for _, m := range t.Metrics {
			st := g.Stats[m]
			p.add(m, Cell{Attrs: g.Attrs, N: st.N, Hidden: st.Suppressed, NHidden: st.NHidden, Total: float64(st.N) * st.Mean, Stats: st})
		}
	}
}

// AddPrevalence adds a prevalence (or maturity-level) table of question
// q, one unit per option.
func (p *Published) AddPrevalence(q string, t *scoring.PrevalenceTable) {
	for _, g := range append(append([]scoring.PrevalenceGroup{t.All}, t.Marginals...), t.Groups...) {
		for _, o := range t.Options {
			c := Cell{Attrs: g.Attrs, N: g.N, Hidden: g.Suppressed, NHidden: g.NHidden}
			if !g.Suppressed {
				c.Total = float64(g.Counts[o])
			}
			p.add(OptionUnit(q, o), c)
		}
	}
}

// OptionUnit names the unit of one option of a question.
func OptionUnit(q, option string) string { return q + "#" + option }

func (p *Published) add(unit string, c Cell) {
	k := key(c.Attrs)
	for _, have := range p.Cells[unit] {
		if key(have.Attrs) == k {
			return
		}
	}
	p.Cells[unit] = append(p.Cells[unit], c)
}

// isCount reports whether a unit is a question's option.
func isCount(unit string) bool { return strings.Contains(unit, "#") }

// roundSlack is how far a published total may be from the true one per
// value: means are published to one decimal.
const roundSlack = 0.05

// pinWidth is the widest interval, in points per value, that pins it.
const pinWidth = 1.0

// pinnedCount reports whether [lo, hi] holds one integer.
func pinnedCount(lo, hi float64) bool { return math.Floor(hi+1e-9) == math.Ceil(lo-1e-9) }
