package scoring

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Mentoring in bounded memory. MatchMentors is defined as a greedy pass
// over every candidate pair sorted by (shares a language, overlap hours,
// cross-region, mentor score, area, mentor id, mentee id). The first
// three keys depend only on the two associations' languages, time zone
// and region, so the matcher groups the mentors and the mentees of each
// area into classes by those attributes and never lists the pairs:
//
//   - a tier is one value of the first three keys; tiers are taken in
//     their order, and in a tier the (mentor, area) entries by score,
//     area and mentor id, as the definition orders them;
//   - for one entry, the mentees are those of the mentee classes paired
//     with the mentor's class in that tier, in id order: a k-way merge
//     of the classes' id-sorted lists, where a mentee taken in the area
//     is skipped through a "next untaken" forest (union-find), so each
//     is passed over in amortised constant time;
//   - once the mentor is full, only mentees it already has (in another
//     area) can still be taken, as in the definition; they are looked up
//     directly.
//
// Memory is linear in offers and requests plus one small record per pair
// of classes (bounded by the distinct combinations of languages, zones
// and regions, not by the number of associations); time is
// O((offers + requests) log + class pairs + matches × classes). The
// result is exactly the definition's (TestMatchMentorsClassesExact
// checks it against the all-pairs version on random directories).

// mentorTier is the value of the three class-level sort keys.
type mentorTier struct {
	shared bool
	hours  float64
	cross  bool
}

// compareTiers orders tiers as MatchMentors ranks candidates.
func compareTiers(a, b mentorTier) int {
	if a.shared != b.shared {
		if a.shared {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(b.hours, a.hours); c != 0 {
		return c
	}
	if a.cross != b.cross {
		if a.cross {
			return -1
		}
		return 1
	}
	return 0
}

// mentorClass is the associations of one area with the same languages,
// time zone and region.
type mentorClass struct {
	sample  *MentoringProfile   // any member: the class's attributes
	members []*MentoringProfile // sorted by id (mentee classes)
	next    []int32             // union-find: smallest untaken index ≥ i (mentee classes)
}

// untaken returns the smallest index ≥ i of an untaken member, or
// len(members).
func (c *mentorClass) untaken(i int) int {
	root := i
	for int(c.next[root]) != root {
		root = int(c.next[root])
	}
	for int(c.next[i]) != root { // path compression
		i, c.next[i] = int(c.next[i]), int32(root)
	}
	return root
}

// take marks member i taken.
func (c *mentorClass) take(i int) { c.next[i] = int32(i + 1) }

// pairing is a mentee class paired with a mentor class, with what the
// pair's matches share.
type pairing struct {
	mentees *mentorClass
	shared  []string
	window  overlap
}

// mentorEntry is one mentor in one area within one tier.
type mentorEntry struct {
	mentor *MentoringProfile
	area   string
	score  float64
	with   []pairing
}

// menteeSpot is where a mentee sits in an area's classes.
type menteeSpot struct {
	class *mentorClass
	index int
}

// matcher is the state of one MatchMentors run.
type matcher struct {
	on      time.Time
	max     int
	areas   []string
	mentors map[string][]*mentorClass // area -> mentor classes
	mentees map[string][]*mentorClass // area -> mentee classes
	spots   map[string]map[string]menteeSpot
	mine    map[string]map[string]bool // mentor -> its mentees
	out     []Match
}

// newMatcher groups ps into classes per area.
func newMatcher(ps []*MentoringProfile, on time.Time, max int) *matcher {
	m := &matcher{on: on, max: max,
		mentors: map[string][]*mentorClass{}, mentees: map[string][]*mentorClass{},
		spots: map[string]map[string]menteeSpot{}, mine: map[string]map[string]bool{}}
	mentorIdx := map[string]map[string]*mentorClass{}
	menteeIdx := map[string]map[string]*mentorClass{}
	add := func(idx map[string]map[string]*mentorClass, classes map[string][]*mentorClass, area string, p *MentoringProfile) {
		if !slices.Contains(m.areas, area) {
			m.areas = append(m.areas, area)
		}
		if idx[area] == nil {
			idx[area] = map[string]*mentorClass{}
		}
		k := classKey(p)
		c := idx[area][k]
		if c == nil {
			c = &mentorClass{sample: p}
			idx[area][k] = c
			classes[area] = append(classes[area], c)
		}
		c.members = append(c.members, p)
	}
	for _, p := range ps {
		for _, area := range dedupe(p.Offers) {
			if lv := p.Levels[area]; lv == LevelEstablished || lv == LevelLeading {
				add(mentorIdx, m.mentors, area, p)
			}
		}
		for _, area := range dedupe(p.Seeks) {
			if lv := p.Levels[area]; lv == LevelEmerging || lv == LevelDeveloping {
				add(menteeIdx, m.mentees, area, p)
			}
		}
	}
	for area, classes := range m.mentees {
		spots := map[string]menteeSpot{}
		for _, c := range classes {
			slices.SortFunc(c.members, func(a, b *MentoringProfile) int { return strings.Compare(a.ID, b.ID) })
			c.next = make([]int32, len(c.members)+1)
			for i := range c.next {
				c.next[i] = int32(i)
			}
			for i, p := range c.members {
				spots[p.ID] = menteeSpot{c, i}
			}
		}
		m.spots[area] = spots
	}
	return m
}

// classKey is the attributes the tier keys depend on: the languages in
// order (the shared languages are listed in the mentor's order), the
// time zone and the region.
func classKey(p *MentoringProfile) string {
	zone := "\x00"
	if p.Location != nil {
		zone = p.Location.String()
	}
	return strings.Join(p.Languages, "\x1f") + "\x1e" + zone + "\x1e" + p.Region
}

// run makes the matches.
func (m *matcher) run() []Match {
	tiers := m.tiers()
	keys := make([]mentorTier, 0, len(tiers))
	for k := range tiers {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compareTiers)
	for _, k := range keys {
		entries := tiers[k]
		slices.SortFunc(entries, func(a, b mentorEntry) int {
			return cmp.Or(cmp.Compare(b.score, a.score), strings.Compare(a.area, b.area), strings.Compare(a.mentor.ID, b.mentor.ID))
		})
		for i := range entries {
			m.serve(&entries[i], k)
		}
	}
	return m.out
}

// tiers lists, per tier, every (mentor, area) entry with the mentee
// classes its class is paired with in that tier.
func (m *matcher) tiers() map[mentorTier][]mentorEntry {
	y, mo, d := m.on.Date()
	windows := map[[2]string]overlap{}
	out := map[mentorTier][]mentorEntry{}
	for _, area := range m.areas {
		for _, mc := range m.mentors[area] {
			byTier := map[mentorTier][]pairing{}
			a := mc.sample
			for _, ec := range m.mentees[area] {
				b := ec.sample
				key := [2]string{zoneName(a.Location), zoneName(b.Location)}
				w, ok := windows[key]
				if !ok {
					w = workOverlap(a.Location, b.Location, y, mo, d)
					windows[key] = w
				}
				shared := sharedLanguages(a.Languages, b.Languages)
				t := mentorTier{shared: len(shared) > 0, hours: w.hours,
					cross: a.Region != "" && b.Region != "" && a.Region != b.Region}
				byTier[t] = append(byTier[t], pairing{mentees: ec, shared: shared, window: w})
			}
			for t, with := range byTier {
				for _, p := range mc.members {
					out[t] = append(out[t], mentorEntry{mentor: p, area: area, score: p.Scores[area], with: with})
				}
			}
		}
	}
	return out
}

// zoneName is a location's name, "" for none.
func zoneName(l *time.Location) string {
	if l == nil {
		return ""
	}
	return l.String()
}

// serve takes the mentees of one entry in id order while the mentor has
// room, then those it already has.
func (m *matcher) serve(e *mentorEntry, t mentorTier) {
	mine := m.mine[e.mentor.ID]
	pos := make([]int, len(e.with))
	for {
		best := -1
		for j := range e.with {
			c := e.with[j].mentees
			pos[j] = c.untaken(pos[j])
			if pos[j] < len(c.members) && (best < 0 || c.members[pos[j]].ID < e.with[best].mentees.members[pos[best]].ID) {
				best = j
			}
		}
		if best < 0 {
			return
		}
		p := e.with[best]
		mentee := p.mentees.members[pos[best]]
		if mentee.ID == e.mentor.ID {
			pos[best]++
			continue
		}
		if !mine[mentee.ID] && len(mine) >= m.max {
			m.serveOwn(e, t, mentee.ID)
			return
		}
		m.take(e, t, p, pos[best])
		mine = m.mine[e.mentor.ID]
		pos[best]++
	}
}

// serveOwn takes, once the mentor is full, the mentees it already has
// whose id is from on, in id order, where they are in one of the entry's
// classes and untaken in the area.
func (m *matcher) serveOwn(e *mentorEntry, t mentorTier, from string) {
	own := make([]string, 0, len(m.mine[e.mentor.ID]))
	for id := range m.mine[e.mentor.ID] {
		if id >= from {
			own = append(own, id)
		}
	}
	slices.Sort(own)
	for _, id := range own {
		spot, ok := m.spots[e.area][id]
		if !ok || spot.class.untaken(spot.index) != spot.index {
			continue
		}
		for _, p := range e.with {
			if p.mentees == spot.class {
				m.take(e, t, p, spot.index)
				break
			}
		}
	}
}

// take records the match of e's mentor with member i of p's class.
func (m *matcher) take(e *mentorEntry, t mentorTier, p pairing, i int) {
	mentee := p.mentees.members[i]
	p.mentees.take(i)
	if m.mine[e.mentor.ID] == nil {
		m.mine[e.mentor.ID] = map[string]bool{}
	}
	m.mine[e.mentor.ID][mentee.ID] = true
	match := Match{
		Area: e.area, Mentor: e.mentor.ID, Mentee: mentee.ID,
		SharedLanguages: slices.Clone(p.shared),
		OverlapHours:    t.hours, CrossRegion: t.cross,
		MentorScore: e.score, MenteeScore: mentee.Scores[e.area],
	}
	match.Reasons = reasons(match, e.mentor, mentee, p.window, m.on)
	m.out = append(m.out, match)
}
