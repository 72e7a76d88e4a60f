package scoring

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The Mentorship of Library Associations pilot: the maximum matching.
//
// A request is a (mentee, area): an association that asks for mentoring
// in an area where it is emerging or developing. An offer is a (mentor,
// area): one that offers mentoring where it is established or leading.
// A request and an offer of the same area are compatible when the two
// share a working language, have the same format (where both gave one),
// are in the same region where either asks for scope "region", and have
// not declined each other before. A mentor takes at most its capacity of
// requests (a mentee it mentors in two areas counts twice: see below).
//
// MatchPilot serves first as many requests as the constraints allow (a
// maximum flow), then, among the maximum ones, the matching with the
// most overlapping working hours on the matching date, then the most
// cross-region pairs, then the largest total score gap: a minimum-cost
// maximum flow whose cost weighs the three lexicographically.
//
// Memory stays linear in offers and requests: the network does not list
// the compatible (mentor, mentee) pairs but classes of them. Mentees of
// an area with the same languages, UTC offset on the date, region,
// format and scope are one node; so are mentors. Compatibility, hours and
// cross-region depend only on the two classes, and the score gap is a
// mentor's score minus a mentee's, so it sits on the individual arcs:
//
//	source -(1, +mentee score)-> mentee class -(∞, -hours, cross)-> mentor class
//	  -(capacity, -mentor score)-> mentor -(capacity)-> sink
//
// Every member of a class is interchangeable for the classes it is
// linked to, so a flow is turned back into pairs class pair by class
// pair. Declines are the one pairwise constraint: an association with a
// declined pair is a class of its own whose arcs go to the compatible
// mentors it has not declined, one by one (declines are few).
//
// Counting a mentee mentored in two areas once would make the problem a
// set packing, which no flow expresses; counting it twice keeps the
// maximum exact and never gives a mentor more mentees than it said.

// DefaultPilotCapacity is a mentor's capacity when its profile gives none.
const DefaultPilotCapacity = 2

// PilotOptions are the inputs of MatchPilot beside the profiles.
type PilotOptions struct {
	// On is the matching date (its calendar date in each zone).
	On time.Time
	// Declined holds the pairs of associations that declined each other,
	// keyed by DeclinedKey.
	Declined map[string]bool
}

// DeclinedKey is the key of the unordered pair (a, b) in Declined.
func DeclinedKey(a, b string) string {
	if b < a {
		a, b = b, a
	}
	return a + "\x00" + b
}

// PilotArea counts one area's requests and how many were matched.
type PilotArea struct {
	// Area is the area.
	Area string `json:"area"`
	// Requests is the mentees asking in the area at emerging or developing.
	Requests int `json:"requests"`
	// Matched is how many of them got a mentor.
	Matched int `json:"matched"`
}

// PilotResult is the outcome of MatchPilot.
type PilotResult struct {
	// Matches are the pairs, by area, mentor and mentee.
	Matches []Match `json:"matches"`
	// Requests is the number of (mentee, area) requests.
	Requests int `json:"requests"`
	// Areas counts requests and matches per area, in area order.
	Areas []PilotArea `json:"areas"`
}

// pilotClass is the mentees or the mentors of one area with the same
// attributes, or one association with declines.
type pilotClass struct {
	node    int
	area    string
	sample  *MentoringProfile
	members []*MentoringProfile // by id
	arcs    []int               // mentees: source arcs, per member; mentors: arcs to each member
}

// pilotNet is the network of one MatchPilot run.
type pilotNet struct {
	g            *flowGraph
	s, t         int
	order        []int
	date         [3]int
	mentorNode   map[string]int
	mentorCap    map[string]int
	menteeCls    map[string][]*pilotClass // area -> classes
	mentorCls    map[string][]*pilotClass
	direct       []directArc // declined classes' arcs to mentors
	between      []betweenArc
	wHours, wCro int64
}

// betweenArc is a mentee class -> mentor class arc.
type betweenArc struct {
	arc      int
	area     string
	from, to *pilotClass
}

// directArc is a declined mentee class -> mentor arc.
type directArc struct {
	arc    int
	area   string
	from   *pilotClass
	mentor *MentoringProfile
}

// MatchPilot returns the pilot's matches: a maximum matching of requests
// to offers under the hard constraints, and among those the one with the
// most working-hours overlap, then cross-region pairs, then score gap.
// Profiles with a repeated id after the first are ignored. The result
// depends only on the data, not on the profiles' order.
func MatchPilot(profiles []MentoringProfile, opt PilotOptions) PilotResult {
	ps := uniqueProfiles(profiles)
	n := buildPilotNet(ps, opt)
	n.g.minCostMaxFlow(n.s, n.t, n.order)
	res := PilotResult{Matches: n.decompose(opt.On)}
	slices.SortFunc(res.Matches, func(a, b Match) int {
		return cmp.Or(strings.Compare(a.Area, b.Area), strings.Compare(a.Mentor, b.Mentor), strings.Compare(a.Mentee, b.Mentee))
	})
	areas := map[string]*PilotArea{}
	for area, cls := range n.menteeCls {
		pa := &PilotArea{Area: area}
		for _, c := range cls {
			pa.Requests += len(c.members)
		}
		areas[area] = pa
		res.Requests += pa.Requests
	}
	for _, m := range res.Matches {
		areas[m.Area].Matched++
	}
	for _, pa := range areas {
		res.Areas = append(res.Areas, *pa)
	}
	slices.SortFunc(res.Areas, func(a, b PilotArea) int { return strings.Compare(a.Area, b.Area) })
	return res
}

// uniqueProfiles returns pointers to the profiles by id, the first of
// each id.
func uniqueProfiles(profiles []MentoringProfile) []*MentoringProfile {
	var ps []*MentoringProfile
	seen := map[string]bool{}
	for i := range profiles {
		if !seen[profiles[i].ID] {
			seen[profiles[i].ID] = true
			ps = append(ps, &profiles[i])
		}
	}
	slices.SortFunc(ps, func(a, b *MentoringProfile) int { return strings.Compare(a.ID, b.ID) })
	return ps
}

// tenths is a score in tenths of a point (0 when unknown).
func tenths(scores map[string]float64, area string) int64 {
	v, ok := scores[area]
	if !ok || !isFinite(v) {
		return 0
	}
	return int64(math.Round(v * 10))
}

// buildPilotNet builds the network of ps.
func buildPilotNet(ps []*MentoringProfile, opt PilotOptions) *pilotNet {
	y, mo, d := opt.On.Date()
	n := &pilotNet{g: newFlowGraph(2), s: 0, t: 1, date: [3]int{y, int(mo), d},
		mentorNode: map[string]int{}, mentorCap: map[string]int{},
		menteeCls: map[string][]*pilotClass{}, mentorCls: map[string][]*pilotClass{}}
	declines := map[string]bool{} // associations with a declined pair
	for k := range opt.Declined {
		a, b, _ := strings.Cut(k, "\x00")
		declines[a], declines[b] = true, true
	}
	menteeIdx, mentorIdx := map[string]*pilotClass{}, map[string]*pilotClass{}
	requests := 0
	for _, p := range ps {
		for _, area := range dedupe(p.Seeks) {
			if lv := p.Levels[area]; lv == LevelEmerging || lv == LevelDeveloping {
				key := area + "\x1d" + n.pilotKey(p)
				if declines[p.ID] {
					key += "\x1d" + p.ID
				}
				n.join(menteeIdx, n.menteeCls, key, area, p)
				requests++
			}
		}
		for _, area := range dedupe(p.Offers) {
			if lv := p.Levels[area]; lv == LevelEstablished || lv == LevelLeading {
				n.join(mentorIdx, n.mentorCls, area+"\x1d"+n.pilotKey(p), area, p)
				if _, ok := n.mentorNode[p.ID]; !ok {
					n.mentorNode[p.ID] = -1
					n.mentorCap[p.ID] = pilotCapacity(p)
				}
			}
		}
	}
	// Lexicographic weights: one cross-region pair outweighs any total
	// score gap (at most 1000 tenths a request), an hour's quarter any
	// number of cross-region pairs.
	n.wCro = int64(requests+1) * 1001
	n.wHours = int64(requests+1) * n.wCro
	n.arcs(opt)
	return n
}

// pilotCapacity is how many requests p still takes as a mentor.
func pilotCapacity(p *MentoringProfile) int {
	switch {
	case p.Capacity < 0:
		return 0
	case p.Capacity == 0:
		return DefaultPilotCapacity
	}
	return p.Capacity
}

// pilotKey is the attributes the classes are formed by: the languages as
// a set, the UTC offset on the date, the region, format and scope.
func (n *pilotNet) pilotKey(p *MentoringProfile) string {
	langs := make([]string, 0, len(p.Languages))
	for _, l := range p.Languages {
		if l = strings.ToLower(strings.TrimSpace(l)); l != "" {
			langs = append(langs, l)
		}
	}
	slices.Sort(langs)
	langs = slices.Compact(langs)
	off := "none"
	if p.Location != nil {
		_, o := time.Date(n.date[0], time.Month(n.date[1]), n.date[2], 12, 0, 0, 0, p.Location).Zone()
		off = strconv.Itoa(o)
	}
	return strings.Join(langs, ",") + "\x1e" + off + "\x1e" + p.Region + "\x1e" + p.Format + "\x1e" + scopeOf(p)
}

// scopeOf is p's scope, "global" when it gave none.
func scopeOf(p *MentoringProfile) string { return cmp.Or(p.Scope, "global") }

// join adds p to its class of the area.
func (n *pilotNet) join(idx map[string]*pilotClass, classes map[string][]*pilotClass, key, area string, p *MentoringProfile) {
	c := idx[key]
	if c == nil {
		c = &pilotClass{area: area, sample: p}
		idx[key] = c
		classes[area] = append(classes[area], c)
	}
	c.members = append(c.members, p)
}

// compatible reports whether a mentee of class e and a mentor of class m
// may be paired, with the cost of such a pair (hours and cross-region).
func (n *pilotNet) compatible(e, m *pilotClass) (bool, int64) {
	a, b := m.sample, e.sample
	if len(sharedLanguages(a.Languages, b.Languages)) == 0 {
		return false, 0
	}
	if a.Format != "" && b.Format != "" && a.Format != b.Format {
		return false, 0
	}
	if (scopeOf(a) == "region" || scopeOf(b) == "region") && (a.Region == "" || a.Region != b.Region) {
		return false, 0
	}
	w := workOverlap(a.Location, b.Location, n.date[0], time.Month(n.date[1]), n.date[2])
	cost := -int64(math.Round(w.hours*4)) * n.wHours
	if a.Region != "" && b.Region != "" && a.Region != b.Region {
		cost -= n.wCro
	}
	return true, cost
}

// arcs adds the nodes and arcs, in a deterministic order.
func (n *pilotNet) arcs(opt PilotOptions) {
	g := n.g
	areas := make([]string, 0, len(n.menteeCls))
	for area := range n.menteeCls {
		areas = append(areas, area)
	}
	slices.Sort(areas)
	byFirst := func(a, b *pilotClass) int { return strings.Compare(a.members[0].ID, b.members[0].ID) }
	var menteeNodes, mentorClassNodes []int
	for _, area := range areas {
		slices.SortFunc(n.menteeCls[area], byFirst)
		slices.SortFunc(n.mentorCls[area], byFirst)
		for _, c := range n.menteeCls[area] {
			c.node = g.addNode()
			menteeNodes = append(menteeNodes, c.node)
			for _, p := range c.members {
				c.arcs = append(c.arcs, g.addArc(n.s, c.node, 1, tenths(p.Scores, area)))
			}
		}
		for _, c := range n.mentorCls[area] {
			c.node = g.addNode()
			mentorClassNodes = append(mentorClassNodes, c.node)
		}
	}
	ids := make([]string, 0, len(n.mentorNode))
	for id := range n.mentorNode {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var mentorNodes []int
	for _, id := range ids {
		v := g.addNode()
		n.mentorNode[id] = v
		mentorNodes = append(mentorNodes, v)
		g.addArc(v, n.t, n.mentorCap[id], 0)
	}
	for _, area := range areas {
		for _, c := range n.mentorCls[area] {
			for _, p := range c.members {
				c.arcs = append(c.arcs, g.addArc(c.node, n.mentorNode[p.ID], n.mentorCap[p.ID], -tenths(p.Scores, area)))
			}
		}
		for _, e := range n.menteeCls[area] {
			for _, m := range n.mentorCls[area] {
				ok, cost := n.compatible(e, m)
				if !ok {
					continue
				}
				if len(e.members) == 1 && anyDecline(opt.Declined, e.members[0].ID) {
					for _, p := range m.members {
						if !opt.Declined[DeclinedKey(p.ID, e.members[0].ID)] {
							arc := g.addArc(e.node, n.mentorNode[p.ID], 1, cost-tenths(p.Scores, area))
							n.direct = append(n.direct, directArc{arc: arc, area: area, from: e, mentor: p})
						}
					}
					continue
				}
				arc := g.addArc(e.node, m.node, len(e.members), cost)
				n.between = append(n.between, betweenArc{arc: arc, area: area, from: e, to: m})
			}
		}
	}
	n.order = append(append(append(append([]int{n.s}, menteeNodes...), mentorClassNodes...), mentorNodes...), n.t)
}

// anyDecline reports whether id is in a declined pair.
func anyDecline(declined map[string]bool, id string) bool {
	for k := range declined {
		a, b, _ := strings.Cut(k, "\x00")
		if a == id || b == id {
			return true
		}
	}
	return false
}

// decompose turns the flow back into matches.
func (n *pilotNet) decompose(on time.Time) []Match {
	g := n.g
	// The served mentees of each mentee class, in id order.
	served := map[*pilotClass][]*MentoringProfile{}
	for _, cls := range n.menteeCls {
		for _, c := range cls {
			for i, a := range c.arcs {
				if g.flow(a) > 0 {
					served[c] = append(served[c], c.members[i])
				}
			}
		}
	}
	var out []Match
	for _, d := range n.direct {
		if g.flow(d.arc) > 0 {
			e := served[d.from][0]
			served[d.from] = served[d.from][1:]
			out = append(out, pilotMatch(d.area, d.mentor, e, on))
		}
	}
	// Each mentor class's incoming mentees, then its members' flows.
	incoming := map[*pilotClass][]*MentoringProfile{}
	var order []*pilotClass
	for _, b := range n.between {
		f := g.flow(b.arc)
		if f == 0 {
			continue
		}
		if incoming[b.to] == nil {
			order = append(order, b.to)
		}
		incoming[b.to] = append(incoming[b.to], served[b.from][:f]...)
		served[b.from] = served[b.from][f:]
	}
	for _, m := range order {
		in := incoming[m]
		area := m.area
		for i, a := range m.arcs {
			for f := g.flow(a); f > 0 && len(in) > 0; f-- {
				out = append(out, pilotMatch(area, m.members[i], in[0], on))
				in = in[1:]
			}
		}
	}
	return out
}

// pilotMatch describes the pair of mentor and mentee in area.
func pilotMatch(area string, mentor, mentee *MentoringProfile, on time.Time) Match {
	y, mo, d := on.Date()
	w := workOverlap(mentor.Location, mentee.Location, y, mo, d)
	m := Match{Area: area, Mentor: mentor.ID, Mentee: mentee.ID,
		SharedLanguages: sharedLanguages(mentor.Languages, mentee.Languages),
		OverlapHours:    w.hours,
		CrossRegion:     mentor.Region != "" && mentee.Region != "" && mentor.Region != mentee.Region,
		MentorScore:     mentor.Scores[area], MenteeScore: mentee.Scores[area]}
	m.Reasons = reasons(m, mentor, mentee, w, on)
	return m
}
