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
// cross-region pairs, then the largest total score gap (in whole points): a minimum-cost
// maximum flow whose cost weighs the three lexicographically.
//
// Memory stays linear in offers and requests: the network never lists
// the compatible (mentor, mentee) pairs. Compatibility, hours and
// cross-region depend only on a language both speak and on the two
// sides' format, scope, region and UTC offset on the date, so each side
// meets at hubs, one per (area, language, format, scope, region,
// offset); the score gap is a mentor's score minus a mentee's, so it
// sits on the individual arcs:
//
//	source -(1, +mentee score)-> request -(1)-> mentee hub, per language
//	  -(∞, -hours, cross)-> mentor hub, same language -(capacity, -mentor score)-> mentor -(capacity)-> sink
//
// Hubs are bounded by the attributes' combinations, not by the number of
// associations. The flow is acyclic, so it is turned back into pairs by
// following each served request's flow to a mentor. Declines are the one
// pairwise constraint: a request of an association with a declined pair
// bypasses the hubs, with one arc to each compatible mentor it has not
// declined (declines are few).
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

// pilotHub is where the requests (or the offers) of one area that share
// a language and the attributes the costs depend on meet.
type pilotHub struct {
	node   int
	area   string
	lang   string
	sample *MentoringProfile // format, scope, region and zone
}

// pilotReq is one request's node and the arcs that leave it.
type pilotReq struct {
	node   int
	area   string
	mentee *MentoringProfile
}

// pilotNet is the network of one MatchPilot run.
type pilotNet struct {
	g            *flowGraph
	s, t         int
	date         [3]int
	mentorNode   map[string]int
	mentorOf     map[int]*MentoringProfile // mentor node -> profile
	mentorCap    map[string]int
	reqs         []*pilotReq
	wHours, wCro int64
}

// MatchPilot returns the pilot's matches: a maximum matching of requests
// to offers under the hard constraints, and among those the one with the
// most working-hours overlap, then cross-region pairs, then score gap.
// Profiles with a repeated id after the first are ignored. The result
// depends only on the data, not on the profiles' order.
func MatchPilot(profiles []MentoringProfile, opt PilotOptions) PilotResult {
	ps := uniqueProfiles(profiles)
	n, order := buildPilotNet(ps, opt)
	n.g.minCostMaxFlow(n.s, n.t, order)
	res := PilotResult{Matches: n.decompose(opt.On)}
	slices.SortFunc(res.Matches, func(a, b Match) int {
		return cmp.Or(strings.Compare(a.Area, b.Area), strings.Compare(a.Mentor, b.Mentor), strings.Compare(a.Mentee, b.Mentee))
	})
	areas := map[string]*PilotArea{}
	for _, r := range n.reqs {
		if areas[r.area] == nil {
			areas[r.area] = &PilotArea{Area: r.area}
		}
		areas[r.area].Requests++
		res.Requests++
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

// points is a score rounded to whole points (0 when unknown): the score
// gap is compared in points, as scores are shown, which also keeps the
// number of distinct path costs (the flow's phases) small.
func points(scores map[string]float64, area string) int64 {
	v, ok := scores[area]
	if !ok || !isFinite(v) {
		return 0
	}
	return int64(math.Round(v))
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

// languageSet is p's working languages, lower case, sorted, once each.
func languageSet(p *MentoringProfile) []string {
	langs := make([]string, 0, len(p.Languages))
	for _, l := range p.Languages {
		if l = strings.ToLower(strings.TrimSpace(l)); l != "" {
			langs = append(langs, l)
		}
	}
	slices.Sort(langs)
	return slices.Compact(langs)
}

// hubKey is the attributes a hub is formed by beside area and language:
// format, scope, region and the UTC offset on the date.
func (n *pilotNet) hubKey(p *MentoringProfile) string {
	off := "none"
	if p.Location != nil {
		_, o := time.Date(n.date[0], time.Month(n.date[1]), n.date[2], 12, 0, 0, 0, p.Location).Zone()
		off = strconv.Itoa(o)
	}
	return p.Format + "\x1e" + scopeOf(p) + "\x1e" + p.Region + "\x1e" + off
}

// scopeOf is p's scope, "global" when it gave none.
func scopeOf(p *MentoringProfile) string { return cmp.Or(p.Scope, "global") }

// pairCost tells whether a mentee like b and a mentor like a (in format,
// scope, region and zone) may be paired, and the cost of such a pair:
// minus the weighted quarter hours of overlap and cross-region.
func (n *pilotNet) pairCost(a, b *MentoringProfile) (bool, int64) {
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

// buildPilotNet builds the network of ps and a topological order of its
// nodes.
func buildPilotNet(ps []*MentoringProfile, opt PilotOptions) (*pilotNet, []int) {
	y, mo, d := opt.On.Date()
	n := &pilotNet{g: newFlowGraph(2), s: 0, t: 1, date: [3]int{y, int(mo), d},
		mentorNode: map[string]int{}, mentorOf: map[int]*MentoringProfile{}, mentorCap: map[string]int{}}
	declines := map[string]bool{} // associations with a declined pair
	for k := range opt.Declined {
		a, b, _ := strings.Cut(k, "\x00")
		declines[a], declines[b] = true, true
	}
	type offer struct {
		mentor *MentoringProfile
		area   string
	}
	var offers []offer
	for _, p := range ps {
		for _, area := range dedupe(p.Offers) {
			if lv := p.Levels[area]; lv == LevelEstablished || lv == LevelLeading {
				offers = append(offers, offer{p, area})
			}
		}
	}
	for _, p := range ps {
		for _, area := range dedupe(p.Seeks) {
			if lv := p.Levels[area]; lv == LevelEmerging || lv == LevelDeveloping {
				n.reqs = append(n.reqs, &pilotReq{area: area, mentee: p})
			}
		}
	}
	// Lexicographic weights: one cross-region pair outweighs any total
	// score gap (at most 100 points a request), an hour's quarter any
	// number of cross-region pairs.
	n.wCro = int64(len(n.reqs)+1) * 101
	n.wHours = int64(len(n.reqs)+1) * n.wCro
	g := n.g
	var reqNodes, menteeHubs, mentorHubs, mentorNodes []int
	for _, r := range n.reqs {
		r.node = g.addNode()
		reqNodes = append(reqNodes, r.node)
		g.addArc(n.s, r.node, 1, points(r.mentee.Scores, r.area))
	}
	for _, o := range offers {
		if _, ok := n.mentorNode[o.mentor.ID]; !ok {
			v := g.addNode()
			n.mentorNode[o.mentor.ID], n.mentorOf[v] = v, o.mentor
			n.mentorCap[o.mentor.ID] = pilotCapacity(o.mentor)
			mentorNodes = append(mentorNodes, v)
			g.addArc(v, n.t, n.mentorCap[o.mentor.ID], 0)
		}
	}
	hub := func(idx map[string]*pilotHub, list *[]*pilotHub, nodes *[]int, area, lang string, p *MentoringProfile) *pilotHub {
		key := area + "\x1d" + lang + "\x1d" + n.hubKey(p)
		h := idx[key]
		if h == nil {
			h = &pilotHub{node: g.addNode(), area: area, lang: lang, sample: p}
			idx[key] = h
			*list = append(*list, h)
			*nodes = append(*nodes, h.node)
		}
		return h
	}
	eIdx, mIdx := map[string]*pilotHub{}, map[string]*pilotHub{}
	var eHubs, mHubs []*pilotHub
	for _, r := range n.reqs {
		if declines[r.mentee.ID] {
			continue // direct arcs below
		}
		for _, l := range languageSet(r.mentee) {
			g.addArc(r.node, hub(eIdx, &eHubs, &menteeHubs, r.area, l, r.mentee).node, 1, 0)
		}
	}
	for _, o := range offers {
		for _, l := range languageSet(o.mentor) {
			h := hub(mIdx, &mHubs, &mentorHubs, o.area, l, o.mentor)
			g.addArc(h.node, n.mentorNode[o.mentor.ID], n.mentorCap[o.mentor.ID], -points(o.mentor.Scores, o.area))
		}
	}
	byKey := map[string][]*pilotHub{} // area+lang -> mentor hubs
	for _, h := range mHubs {
		byKey[h.area+"\x1d"+h.lang] = append(byKey[h.area+"\x1d"+h.lang], h)
	}
	for _, e := range eHubs {
		for _, m := range byKey[e.area+"\x1d"+e.lang] {
			if ok, cost := n.pairCost(m.sample, e.sample); ok {
				g.addArc(e.node, m.node, len(n.reqs), cost)
			}
		}
	}
	for _, r := range n.reqs {
		if !declines[r.mentee.ID] {
			continue
		}
		for _, o := range offers {
			if o.area != r.area || o.mentor.ID == r.mentee.ID || opt.Declined[DeclinedKey(o.mentor.ID, r.mentee.ID)] ||
				len(sharedLanguages(o.mentor.Languages, r.mentee.Languages)) == 0 {
				continue
			}
			if ok, cost := n.pairCost(o.mentor, r.mentee); ok {
				g.addArc(r.node, n.mentorNode[o.mentor.ID], 1, cost-points(o.mentor.Scores, o.area))
			}
		}
	}
	order := append([]int{n.s}, reqNodes...)
	order = append(append(append(order, menteeHubs...), mentorHubs...), mentorNodes...)
	return n, append(order, n.t)
}

// decompose turns the flow back into matches: each served request's
// unit is followed along arcs with flow left to a mentor.
func (n *pilotNet) decompose(on time.Time) []Match {
	g := n.g
	left := make([]int32, len(g.to)) // flow not yet assigned, per forward arc
	for a := 0; a < len(g.to); a += 2 {
		left[a] = int32(g.flow(a))
	}
	next := func(u int) int {
		for a := g.head[u]; a >= 0; a = g.next[a] {
			if a%2 == 0 && left[a] > 0 {
				left[a]--
				return int(g.to[a])
			}
		}
		return -1
	}
	var out []Match
	for _, r := range n.reqs {
		u := r.node
		for u >= 0 {
			if m := n.mentorOf[u]; m != nil {
				out = append(out, pilotMatch(r.area, m, r.mentee, on))
				break
			}
			u = next(u)
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
