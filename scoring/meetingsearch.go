package scoring

import (
	"fmt"
	"math/bits"
	"slices"
	"time"
)

// The exhaustive search of PlanMeeting. Every zone group (a time zone and
// a region) is a bit; every candidate start has a coverage mask over the
// groups and an attendance cost per group, so that a combination's
// coverage is the OR of its masks (counted incrementally: only the bits
// a start adds are visited) and its off-hours minutes the sum of each
// group's smallest cost.

// Attendance costs: the off-hours minutes of a covering repeat; of an
// attendable one, plus costUncovered; of none, costAbsent plus the
// repeat's length. The smallest cost of a group over a combination's
// repeats is thus the repeat it attends, and cost & costMinutes its
// off-hours minutes.
const (
	costMinutes   = 1<<12 - 1
	costUncovered = 1 << 12
	costAbsent    = 1 << 13
)

// grid is the candidate starts and each group's fit to each.
type grid struct {
	groups []group
	starts []time.Time
	words  int
	cover  [][]uint64 // [start][word]
	cost   [][]uint16 // [start][group]
	total  []int      // participants per region bucket
}

// candidateStarts are the grid starts of the plan's UTC date.
func candidateStarts(o *PlanOptions) []time.Time {
	var out []time.Time
	for m := 0; m < 24*60; m += o.Grid {
		out = append(out, o.Date.Add(time.Duration(m)*time.Minute))
	}
	return out
}

// newGrid computes every group's fit to every start.
func newGrid(o *PlanOptions, groups []group, starts []time.Time) *grid {
	g := &grid{groups: groups, starts: starts, words: (len(groups) + 63) / 64, total: make([]int, numRegions)}
	for _, gr := range groups {
		g.total[gr.region] += gr.count
	}
	g.cover = make([][]uint64, len(starts))
	g.cost = make([][]uint16, len(starts))
	fits := make(map[string]fit, len(groups))
	for s, start := range starts {
		g.cover[s] = make([]uint64, g.words)
		g.cost[s] = make([]uint16, len(groups))
		clear(fits)
		for i, gr := range groups {
			f, ok := fits[gr.zone]
			if !ok {
				f = o.fitOf(start, gr.loc)
				fits[gr.zone] = f
			}
			switch {
			case f.covered:
				g.cover[s][i/64] |= 1 << (i % 64)
				g.cost[s][i] = uint16(f.offHours)
			case f.attendable:
				g.cost[s][i] = uint16(costUncovered + f.offHours)
			default:
				g.cost[s][i] = uint16(costAbsent + int(o.Duration/time.Minute))
			}
		}
	}
	return g
}

// objective is a combination's value on the first two criteria.
type objective struct {
	minC, minN int // the smallest share is minC/minN
	total      int
}

// objectiveOf computes the objective of covered counts per region bucket.
func (g *grid) objectiveOf(covered []int) objective {
	ob := objective{minC: 1, minN: 1}
	for r := 0; r < numRegions-1; r++ {
		n := g.total[r]
		ob.total += covered[r]
		if n > 0 && covered[r]*ob.minN < ob.minC*n {
			ob.minC, ob.minN = covered[r], n
		}
	}
	ob.total += covered[numRegions-1]
	return ob
}

// compare orders objectives: negative when a is worse than b.
func (a objective) compare(b objective) int {
	if l, r := a.minC*b.minN, b.minC*a.minN; l != r {
		return l - r
	}
	return a.total - b.total
}

// search enumerates the combinations of k starts.
type search struct {
	g       *grid
	k       int
	union   [][]uint64 // per depth + 1 (0: empty)
	counts  [][]int    // per depth + 1
	minCost [][]uint16 // per depth + 1
	pick    []int

	best      []int
	bestOb    objective
	bestOff   int
	found     bool
	evaluated int
}

// run finds the best combination of k starts.
func (g *grid) run(k int) *search {
	s := &search{g: g, k: k, pick: make([]int, k)}
	for range k + 1 {
		s.union = append(s.union, make([]uint64, g.words))
		s.counts = append(s.counts, make([]int, numRegions))
		s.minCost = append(s.minCost, make([]uint16, len(g.groups)))
	}
	for i := range s.minCost[0] {
		s.minCost[0][i] = 1<<16 - 1
	}
	s.rec(0, 0)
	return s
}

func (s *search) rec(depth, from int) {
	g := s.g
	prevU, prevC, prevM := s.union[depth], s.counts[depth], s.minCost[depth]
	u, c := s.union[depth+1], s.counts[depth+1]
	last := depth == s.k-1
	for slot := from; slot <= len(g.starts)-(s.k-depth); slot++ {
		copy(c, prevC)
		for w, m := range g.cover[slot] {
			u[w] = prevU[w] | m
			for nb := m &^ prevU[w]; nb != 0; nb &= nb - 1 {
				i := w*64 + bits.TrailingZeros64(nb)
				c[g.groups[i].region] += g.groups[i].count
			}
		}
		s.pick[depth] = slot
		if last {
			s.leaf(prevM, slot)
			continue
		}
		mc := s.minCost[depth+1]
		for i, v := range g.cost[slot] {
			mc[i] = min(prevM[i], v)
		}
		s.rec(depth+1, slot+1)
	}
}

// leaf evaluates a complete combination; the off-hours sum is computed
// only when the first two criteria do not lose.
func (s *search) leaf(prevM []uint16, slot int) {
	s.evaluated++
	ob := s.g.objectiveOf(s.counts[s.k])
	cmp := 1
	if s.found {
		if cmp = ob.compare(s.bestOb); cmp < 0 {
			return
		}
	}
	off := 0
	for i, v := range s.g.cost[slot] {
		off += s.g.groups[i].count * int(min(prevM[i], v)&costMinutes)
	}
	if cmp > 0 || off < s.bestOff {
		s.found, s.bestOb, s.bestOff = true, ob, off
		s.best = slices.Clone(s.pick)
	}
}

// binomial is C(n, k), saturating at max+1.
func binomial(n, k, max int) int {
	r := 1
	for i := 1; i <= k; i++ {
		r = r * (n - k + i) / i
		if r > max {
			return max + 1
		}
	}
	return r
}

// PlanMeeting chooses o.Sessions start times on o.Date for the
// participants in zones, by the exhaustive search described above, and
// returns the plan with its coverage.
func PlanMeeting(zones []PlanZone, o PlanOptions) (*MeetingPlan, error) {
	if err := o.normalise(); err != nil {
		return nil, err
	}
	groups, err := aggregate(zones)
	if err != nil {
		return nil, err
	}
	starts := candidateStarts(&o)
	if o.Sessions > len(starts) {
		return nil, fmt.Errorf("%d sessions on a grid of %d starts: %w", o.Sessions, len(starts), ErrPlan)
	}
	if n := binomial(len(starts), o.Sessions, MaxPlanCombinations); n > MaxPlanCombinations {
		return nil, fmt.Errorf("%d sessions on a %d-minute grid make more than %d combinations; use a coarser grid or fewer sessions: %w",
			o.Sessions, o.Grid, MaxPlanCombinations, ErrPlan)
	}
	s := newGrid(&o, groups, starts).run(o.Sessions)
	chosen := make([]time.Time, len(s.best))
	for i, slot := range s.best {
		chosen[i] = starts[slot]
	}
	p := evaluate(&o, groups, chosen)
	p.Evaluated = s.evaluated
	return p, nil
}

// EvaluateMeeting returns the coverage of repeats at the given starts
// (any instants, not only grid ones), as PlanMeeting reports it; o.Date
// and o.Sessions are taken from the starts.
func EvaluateMeeting(zones []PlanZone, o PlanOptions, starts []time.Time) (*MeetingPlan, error) {
	if len(starts) == 0 {
		return nil, fmt.Errorf("no session start: %w", ErrPlan)
	}
	starts = slices.Clone(starts)
	slices.SortFunc(starts, time.Time.Compare)
	o.Date, o.Sessions = starts[0].UTC(), len(starts)
	if err := o.normalise(); err != nil {
		return nil, err
	}
	groups, err := aggregate(zones)
	if err != nil {
		return nil, err
	}
	return evaluate(&o, groups, starts), nil
}
