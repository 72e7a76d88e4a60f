package scoring_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/assocbench/assocbench/internal/attack"
	"github.com/assocbench/assocbench/scoring"
)

// pubCampaign generates a campaign's results as scoring.Publish takes them: n
// associations spread unevenly over regions, sizes, budgets and types
// (so that many cells are small), two scored questionnaires with an area,
// sections, items that some associations leave out, unbounded
// indicators, choice questions of every kind and maturity levels, an
// overall score, and consent from about a third.
func pubCampaign(n int, seed uint64) scoring.PublicationInput {
	rng := rand.New(rand.NewPCG(seed, 11))
	pick := func(xs []string, w []float64) string {
		x := rng.Float64()
		for i, p := range w {
			if x < p {
				return xs[i]
			}
			x -= p
		}
		return xs[len(xs)-1]
	}
	regions := []string{"africa", "asia-oceania", "europe", "latin-america", "mena", "north-america"}
	metrics := []scoring.MetricSpec{{Name: "overall", Bounded: true, Visible: true, Shared: true}}
	var questions []scoring.QuestionSpec
	var refs []string
	const items, sections = 8, 3
	for _, q := range []string{"fin", "mem"} {
		ref := "submitted:" + q
		refs = append(refs, ref)
		metrics = append(metrics, scoring.MetricSpec{Name: "area:" + q, Bounded: true, Visible: true, Shared: true})
		for s := range sections {
			metrics = append(metrics, scoring.MetricSpec{Name: fmt.Sprintf("section:%s/s%d", q, s), Bounded: true, Visible: true, Shared: true})
		}
		for i := range items {
			metrics = append(metrics, scoring.MetricSpec{Name: fmt.Sprintf("item:%s/i%d", q, i), Bounded: true, Owner: fmt.Sprintf("%s/i%d", q, i)})
		}
		metrics = append(metrics, scoring.MetricSpec{Name: "indicator:" + q + "/x"})
		questions = append(questions,
			scoring.QuestionSpec{Name: "choice:" + q + "/i0", Options: []string{"yes", "no"}, Owner: q + "/i0"},
			scoring.QuestionSpec{Name: "choice:" + q + "/i1", Options: []string{"a", "b", "c", "d"}, Owner: q + "/i1"},
			scoring.QuestionSpec{Name: "choice:" + q + "/m", Options: []string{"x", "y", "z"}, Multi: true},
			scoring.QuestionSpec{Name: "level:" + q, Options: []string{"emerging", "developing", "established", "leading"}, Visible: true})
	}
	names := make([]string, len(metrics))
	for i, m := range metrics {
		names[i] = m.Name
	}
	d := scoring.NewDataset(names)
	for _, q := range questions {
		d.AddChoice(q.Name)
	}
	for _, r := range refs {
		d.AddChoice(r)
	}
	col := func(name string) int { c, _ := d.Metric(name); return c }
	choice := func(name string) int { c, _ := d.Choice(name); return c }
	consented := map[string]bool{}
	for i := range n {
		id := fmt.Sprintf("a%05d", i)
		row := d.Add(id, map[string]string{
			"region": pick(regions, []float64{0.2, 0.25, 0.3, 0.12, 0.07}),
			"size":   pick([]string{"small", "medium", "large", "very-large"}, []float64{0.4, 0.3, 0.2}),
			"budget": pick([]string{"usd_lt_10k", "usd_10k_50k", "usd_50k_250k", "usd_250k_1m", "usd_gt_1m"}, []float64{0.3, 0.3, 0.2, 0.12}),
			"type":   pick([]string{"national", "regional", "special", "student", "other"}, []float64{0.5, 0.2, 0.15, 0.05}),
		})
		if rng.IntN(3) == 0 {
			consented[id] = true
		}
		var sum float64
		areas := 0
		for _, q := range []string{"fin", "mem"} {
			if rng.Float64() < 0.05 {
				continue
			}
			areas++
			d.SetChoice(row, choice("submitted:"+q), scoring.Answered)
			base := rng.Float64() * 100
			var tot float64
			cnt := 0
			for it := range items {
				if rng.Float64() < float64(it)/(2*items) {
					continue // not applicable: fewer values than the reference
				}
				v := math.Round(math.Max(0, math.Min(100, base+rng.NormFloat64()*30))/20) * 20
				d.Set(row, col(fmt.Sprintf("item:%s/i%d", q, it)), v)
				tot += v
				cnt++
				switch it {
				case 0:
					d.SetChoice(row, choice("choice:"+q+"/i0"), scoring.Answered|1<<min(1, int(v)/60))
				case 1:
					d.SetChoice(row, choice("choice:"+q+"/i1"), scoring.Answered|1<<min(3, int(v)/25))
				}
			}
			score := 0.0
			if cnt > 0 {
				score = tot / float64(cnt)
			}
			d.Set(row, col("area:"+q), score)
			for s := range sections {
				d.Set(row, col(fmt.Sprintf("section:%s/s%d", q, s)), math.Max(0, math.Min(100, math.Round(score+rng.NormFloat64()*10))))
			}
			d.Set(row, col("indicator:"+q+"/x"), math.Round(rng.ExpFloat64()*30)/10)
			d.SetChoice(row, choice("choice:"+q+"/m"), scoring.Answered|uint64(rng.IntN(8)))
			d.SetChoice(row, choice("level:"+q), scoring.Answered|1<<min(3, int(score/25)))
			sum += score
		}
		if areas == 2 {
			d.Set(row, col("overall"), sum/2)
		}
	}
	return scoring.PublicationInput{Campaign: "c", Number: 1, K: 5, Data: d, Metrics: metrics, Questions: questions, Refs: refs, Consented: consented}
}

// attackAll runs every attacker on a sequence of releases of one campaign
// and returns what each recovered.
func attackAll(rels []*scoring.Release, consented map[string]bool, own []string) map[string][]attack.Recovery {
	var pubs []*attack.Published
	var rows [][]attack.Row
	for _, r := range rels {
		p, rs := attack.FromRelease(r)
		pubs, rows = append(pubs, p), append(rows, rs)
	}
	return attack.Run(pubs, rows, attack.UnitsOf(rels[len(rels)-1]), consented, own)
}

// someSingletons returns up to n associations alone in their finest cell:
// those for whom knowing their own values could tell the most.
func someSingletons(d *scoring.Dataset, n int) []string {
	count := map[string]int{}
	key := func(row int) string {
		return d.Attr(row, "region") + d.Attr(row, "size") + d.Attr(row, "budget") + d.Attr(row, "type")
	}
	for row := range d.Len() {
		count[key(row)]++
	}
	var out []string
	for row := range d.Len() {
		if count[key(row)] == 1 && len(out) < n {
			out = append(out, d.ID(row))
		}
	}
	return out
}

func TestPublicationWithstandsAttackers(t *testing.T) {
	sizes := []int{150, 2000}
	if testing.Short() {
		sizes = sizes[:1]
	}
	for _, n := range sizes {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			in := pubCampaign(n, uint64(n))
			r, err := scoring.Publish(in)
			if err != nil {
				t.Fatal(err)
			}
			if r.Report.Unresolved != 0 {
				t.Fatalf("%d leaks left unresolved", r.Report.Unresolved)
			}
			// A release that hides everything withstands any attacker.
			if r.Report.Published == 0 || r.Report.UnitPublished < r.Report.UnitCells/20 {
				t.Fatalf("the release shows %d shared cells and %d of %d unit cells: the attack proves nothing", r.Report.Published, r.Report.UnitPublished, r.Report.UnitCells)
			}
			found := attackAll([]*scoring.Release{r}, in.Consented, someSingletons(in.Data, 2))
			for kind, rec := range found {
				for i, x := range rec {
					if i < 5 {
						t.Errorf("%s attacker recovered %s", kind, x)
					}
				}
				if len(rec) > 0 {
					t.Errorf("%s attacker recovered %d values from the publication", kind, len(rec))
				}
			}
			t.Logf("n=%d: %d of %d unit cells published (%d after primary suppression alone), hidden by rule %v, %d rounds, %v",
				n, r.Report.UnitPublished, r.Report.UnitCells, r.Report.UnitPublishedPrimary, r.Report.HiddenBy, r.Report.Rounds, r.Report.Took)

			// The proof that the attackers work: with the gate bypassed
			// (primary suppression only, the old quantile rules) each finds leaks.
			in.NoSecondary, in.AllQuantiles = true, true
			open, err := scoring.Publish(in)
			if err != nil {
				t.Fatal(err)
			}
			found = attackAll([]*scoring.Release{open}, in.Consented, someSingletons(in.Data, 2))
			for _, kind := range []string{"linear", "bounds", "order"} {
				if len(found[kind]) == 0 {
					t.Errorf("%s attacker found nothing in a release without secondary suppression", kind)
				}
			}
		})
	}
}

// nextCampaignState changes a campaign's data as the weeks between two
// releases do: new associations (a few, so that differencing the two
// releases would single them out), some changed values and some that
// moved cell.
func nextCampaignState(in scoring.PublicationInput, added int, seed uint64) *scoring.Dataset {
	rng := rand.New(rand.NewPCG(seed, 5))
	more := pubCampaign(in.Data.Len()+added, seed)
	d := in.Data.Clone()
	for row := in.Data.Len(); row < more.Data.Len(); row++ {
		p := more.Data.Peer(row)
		nr := d.Add(fmt.Sprintf("new%04d", row), p.Attrs)
		for m, name := range d.Metrics() {
			if c, ok := more.Data.Metric(name); ok {
				d.Set(nr, m, more.Data.Column(c)[row])
			}
		}
		for _, name := range d.Choices() {
			c, _ := d.Choice(name)
			mc, _ := more.Data.Choice(name)
			d.SetChoice(nr, c, more.Data.ChoiceValue(row, mc))
		}
	}
	for range 10 {
		row := rng.IntN(in.Data.Len())
		m, _ := d.Metric("area:fin")
		if v := d.Column(m)[row]; !math.IsNaN(v) {
			d.Set(row, m, math.Min(100, v+7))
		}
	}
	return d
}

func TestPublicationReleasesTogether(t *testing.T) {
	in := pubCampaign(300, 21)
	r1, err := scoring.Publish(in)
	if err != nil {
		t.Fatal(err)
	}
	in2 := in
	in2.Data = nextCampaignState(in, 3, 22)
	in2.Number, in2.Earlier = 2, []*scoring.Release{r1}
	r2, err := scoring.Publish(in2)
	if err != nil {
		t.Fatal(err)
	}
	if r2.Report.Published == 0 || r2.Report.UnitPublished == 0 {
		t.Fatalf("the second release shows %d shared and %d unit cells: the attack proves nothing", r2.Report.Published, r2.Report.UnitPublished)
	}
	own := someSingletons(in2.Data, 1)
	if got := attackAll([]*scoring.Release{r1, r2}, in.Consented, own)["linear"]; len(got) > 0 {
		t.Errorf("differencing two releases recovered %d values, e.g. %s", len(got), got[0])
	}
}

// gridRow is one association of gridRelease: its place in the 2×2×2×2
// grid of groupings, its score and its answer (an option index).
type gridRow struct {
	id                         string
	region, size, budget, kind string
	score                      float64
	option                     int
}

// gridRows returns n associations spread evenly over the grid.
func gridRows(n int) []gridRow {
	out := make([]gridRow, n)
	for i := range out {
		out[i] = gridRow{fmt.Sprint("a", i), fmt.Sprint("r", i%2), fmt.Sprint("s", i/2%2), fmt.Sprint("b", i/4%2), fmt.Sprint("t", i/8%2),
			float64(20 + i%50), i * 7 % 3}
	}
	return out
}

// gridRelease is a one-metric, one-question release input of rows.
func gridRelease(number int, rows []gridRow) scoring.PublicationInput {
	d := scoring.NewDataset([]string{"area:a"})
	q := d.AddChoice("choice:a/q")
	for _, r := range rows {
		row := d.Add(r.id, map[string]string{"region": r.region, "size": r.size, "budget": r.budget, "type": r.kind})
		d.Set(row, 0, r.score)
		d.SetChoice(row, q, scoring.Answered|1<<r.option)
	}
	return scoring.PublicationInput{Campaign: "c", Number: number, K: 3, Data: d,
		Metrics:   []scoring.MetricSpec{{Name: "area:a", Bounded: true, Shared: true}},
		Questions: []scoring.QuestionSpec{{Name: "choice:a/q", Options: []string{"yes", "no", "maybe"}, Shared: true}}}
}

// TestDifferenceRule lines up two releases that differ by one association
// and checks that the second gives nothing away about it — neither its
// score or answer (the attackers), nor its size or budget band (every
// placement of it consistent with the counts shown in both releases) —
// while still showing the cells it cannot be in: those of the other
// region and type, whose n everybody knows anyway.
func TestDifferenceRule(t *testing.T) {
	newcomer := gridRow{"new", "r0", "s0", "b0", "t0", 90, 0}
	first := gridRows(160)[0] // r0, s0, b0, t0
	moved := first
	moved.region = "r1"
	cases := []struct {
		name          string
		change        func([]gridRow) []gridRow
		before, after *gridRow // the association that changed, as each release has it
		leaks         bool     // audited alone, the second release gives it away
	}{
		{"arrival", func(r []gridRow) []gridRow { return append(r, newcomer) }, nil, &newcomer, true},
		{"departure", func(r []gridRow) []gridRow { return r[1:] }, &first, nil, true},
		{"new score", func(r []gridRow) []gridRow { r[0].score += 9; return r }, &first, &first, false},
		{"new answer", func(r []gridRow) []gridRow { r[0].option = (r[0].option + 1) % 3; return r }, &first, &first, false},
		{"moved region", func(r []gridRow) []gridRow { r[0].region = "r1"; return r }, &first, &moved, false},
		{"unchanged", func(r []gridRow) []gridRow { return r }, nil, nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r1, err := scoring.Publish(gridRelease(1, gridRows(160)))
			if err != nil {
				t.Fatal(err)
			}
			if r1.Report.Published != 65 {
				t.Fatalf("first release published %d cells, want all 65", r1.Report.Published)
			}
			in2 := gridRelease(2, tc.change(gridRows(160)))
			alone, err := scoring.Publish(in2)
			if err != nil {
				t.Fatal(err)
			}
			if got := attackAll([]*scoring.Release{r1, alone}, nil, nil)["linear"]; tc.leaks && len(got) == 0 {
				t.Error("audited without the first release, the second gave nothing away: the case proves nothing")
			}
			if tc.before != nil && tc.before != tc.after && len(bandsConsistent(r1, alone, tc.before, tc.after)) != 1 {
				t.Error("audited without the first release, the counts did not tell the band: the case proves nothing")
			}
			in2.Earlier = []*scoring.Release{r1}
			r2, err := scoring.Publish(in2)
			if err != nil {
				t.Fatal(err)
			}
			for name, got := range attackAll([]*scoring.Release{r1, r2}, nil, nil) {
				if len(got) > 0 {
					t.Errorf("%s attacker recovered %d values from both releases, e.g. %s", name, len(got), got[0])
				}
			}
			if tc.before != nil && tc.before != tc.after {
				if got := bandsConsistent(r1, r2, tc.before, tc.after); pinned(got) != "" {
					t.Errorf("the counts of both releases pin the %s band (placements left: %v)", pinned(got), got)
				}
			}
			valueChanged := tc.before != nil && tc.after != nil && (tc.before.score != tc.after.score || tc.before.option != tc.after.option)
			shown := 0
			for _, g := range attack.Groupings() {
				tab, _ := r2.Table([]string{"area:a"}, g)
				for _, grp := range append(append([]scoring.Group{tab.All}, tab.Marginals...), tab.Groups...) {
					b, a := holdsRow(grp.Attrs, tc.before), holdsRow(grp.Attrs, tc.after)
					st := grp.Stats["area:a"]
					if (b != a || (b && valueChanged)) && !st.Suppressed {
						t.Errorf("%v %s changed by one association and is shown", g, grp.Key)
					}
					if !b && !a && !st.Suppressed {
						shown++
					}
				}
			}
			switch {
			case tc.before == nil && tc.after == nil && r2.Report.Published != 65:
				t.Errorf("nothing changed, yet the second release published %d of 65 cells (%v)", r2.Report.Published, r2.Report.HiddenBy)
			case shown == 0:
				t.Errorf("no cell away from the changed association is shown (%v): the rule hides more than it must", r2.Report.HiddenBy)
			}
		})
	}
}

// pinned returns the band ("size" or "budget") that all the placements
// share, or "" when both bands stay open.
func pinned(placements []string) string {
	sizes, budgets := map[string]bool{}, map[string]bool{}
	for _, p := range placements {
		s, b, _ := strings.Cut(p, "/")
		sizes[s], budgets[b] = true, true
	}
	switch {
	case len(sizes) < 2:
		return "size"
	case len(budgets) < 2:
		return "budget"
	}
	return ""
}

// holdsRow reports whether a group of attrs holds row (nil: none).
func holdsRow(attrs map[string]string, row *gridRow) bool {
	if row == nil {
		return false
	}
	have := map[string]string{"region": row.region, "size": row.size, "budget": row.budget, "type": row.kind}
	for d, v := range attrs {
		if have[d] != v {
			return false
		}
	}
	return true
}

// bandsConsistent is the attacker on counts: the association that changed
// is known by name, region and type (the association list) but not its
// size and budget bands; it returns the (size, budget) placements under
// which every count shown in both releases moved as that placement
// predicts (nothing else changed between them).
func bandsConsistent(r1, r2 *scoring.Release, before, after *gridRow) []string {
	counts := func(r *scoring.Release) map[string]int {
		out := map[string]int{}
		for _, g := range attack.Groupings() {
			tab, _ := r.Table([]string{"area:a"}, g)
			for _, grp := range append(append([]scoring.Group{tab.All}, tab.Marginals...), tab.Groups...) {
				if st := grp.Stats["area:a"]; !st.NHidden {
					out[fmt.Sprint(g, grp.Key)] = st.N
				}
			}
		}
		return out
	}
	attrsOf := map[string]map[string]string{}
	for _, g := range attack.Groupings() {
		tab, _ := r2.Table([]string{"area:a"}, g)
		for _, grp := range append(append([]scoring.Group{tab.All}, tab.Marginals...), tab.Groups...) {
			attrsOf[fmt.Sprint(g, grp.Key)] = grp.Attrs
		}
	}
	n1, n2 := counts(r1), counts(r2)
	var out []string
	for _, size := range []string{"s0", "s1"} {
		for _, budget := range []string{"b0", "b1"} {
			place := func(r *gridRow) *gridRow {
				if r == nil {
					return nil
				}
				c := *r
				c.size, c.budget = size, budget
				return &c
			}
			b, a := place(before), place(after)
			ok := true
			for key, n := range n2 {
				was, shown := n1[key]
				if !shown {
					continue
				}
				delta := 0
				if holdsRow(attrsOf[key], a) {
					delta++
				}
				if holdsRow(attrsOf[key], b) {
					delta--
				}
				if n-was != delta {
					ok = false
					break
				}
			}
			if ok {
				out = append(out, size+"/"+budget)
			}
		}
	}
	return out
}

func TestFrozenReleaseRestoresTheSameTables(t *testing.T) {
	in := pubCampaign(400, 3)
	r, err := scoring.Publish(in)
	if err != nil {
		t.Fatal(err)
	}
	back, err := scoring.RestoreRelease(r.Freeze())
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(r.Metrics))
	for i, m := range r.Metrics {
		names[i] = m.Name
	}
	for _, g := range attack.Groupings() {
		a, _ := r.Table(names, g)
		b, _ := back.Table(names, g)
		for i, ga := range append(append([]scoring.Group{a.All}, a.Marginals...), a.Groups...) {
			gb := append(append([]scoring.Group{b.All}, b.Marginals...), b.Groups...)[i]
			for _, m := range names {
				if ga.Stats[m] != gb.Stats[m] {
					t.Fatalf("%v %s %s: restored %+v, published %+v", g, ga.Key, m, gb.Stats[m], ga.Stats[m])
				}
			}
		}
		for _, q := range r.Questions {
			pa, _ := r.Prevalence(q.Name, g)
			pb, _ := back.Prevalence(q.Name, g)
			if fmt.Sprint(pa) != fmt.Sprint(pb) {
				t.Fatalf("%v %s: prevalence differs after restore", g, q.Name)
			}
		}
	}
	if _, err := scoring.RestoreRelease(&scoring.FrozenRelease{Campaign: "c", IDs: []string{"a"}}); err == nil {
		t.Error("a malformed frozen release was restored")
	}
}

// pubRows builds a one-metric, one-question release input from rows of
// (region, size, score, option).
func pubRows(k int, rows ...[4]any) scoring.PublicationInput {
	d := scoring.NewDataset([]string{"area:a"})
	q := d.AddChoice("choice:a/q")
	for i, r := range rows {
		row := d.Add(fmt.Sprint("a", i), map[string]string{"region": r[0].(string), "size": r[1].(string), "budget": "b", "type": "t"})
		d.Set(row, 0, r[2].(float64))
		d.SetChoice(row, q, scoring.Answered|1<<r[3].(int))
	}
	return scoring.PublicationInput{Campaign: "c", Number: 1, K: k, Data: d,
		Metrics:   []scoring.MetricSpec{{Name: "area:a", Bounded: true, Shared: true}},
		Questions: []scoring.QuestionSpec{{Name: "choice:a/q", Options: []string{"yes", "no", "maybe"}, Shared: true}}}
}

func TestPublicationPrimaryRules(t *testing.T) {
	var rows [][4]any
	add := func(region, size string, n int, score func(i int) float64, opt func(i int) int) {
		for i := range n {
			rows = append(rows, [4]any{region, size, score(i), opt(i)})
		}
	}
	spread := func(i int) float64 { return float64(10 + 13*i%80) }
	mixed := func(i int) int { return i % 3 }
	add("europe", "small", 12, spread, mixed)                                     // published, quartiles (n >= 2k)
	add("europe", "large", 2, spread, mixed)                                      // n < k
	add("africa", "small", 4, func(int) float64 { return 100 }, mixed)            // n < 2k, every score 100: extreme
	add("africa", "large", 4, spread, func(int) int { return 0 })                 // n < 2k, everyone "yes": unanimous
	add("asia-oceania", "small", 30, spread, mixed)                               // deciles (n >= 4k)
	add("asia-oceania", "large", 7, func(i int) float64 { return 33.333 }, mixed) // rounding
	r, err := scoring.Publish(pubRows(3, rows...))
	if err != nil {
		t.Fatal(err)
	}
	tb, err := r.Table([]string{"area:a"}, []string{"region", "size"})
	if err != nil {
		t.Fatal(err)
	}
	stats := map[string]scoring.Stats{}
	for _, g := range append(append([]scoring.Group{tb.All}, tb.Marginals...), tb.Groups...) {
		stats[g.Key] = g.Stats["area:a"]
	}
	tests := []struct {
		key  string
		want func(scoring.Stats) bool
		what string
	}{
		{"region=europe,size=large", func(s scoring.Stats) bool { return s.Suppressed && s.N == 2 }, "n < k shows n only"},
		{"region=africa,size=small", func(s scoring.Stats) bool { return s.Suppressed && s.N == 4 }, "extreme cell under 2k hidden"},
		{"region=africa,size=large", func(s scoring.Stats) bool { return s.Suppressed && s.N == 4 }, "unanimous cell under 2k hidden (for every unit)"},
		{"region=europe,size=small", func(s scoring.Stats) bool { return s.Suppressed && s.N == 12 }, "complement of africa,small (family size=small)"},
		{"region=asia-oceania,size=small", func(s scoring.Stats) bool {
			return !s.Suppressed && s.DecilesShown && s.QuartilesShown && !s.MinMaxShown && s.Min == 0
		}, "deciles from 4k, never min"},
		{"region=asia-oceania,size=large", func(s scoring.Stats) bool {
			return !s.Suppressed && s.QuartilesShown && !s.DecilesShown && s.Mean == 33.3 && s.Median == 33.3
		}, "quartiles from 2k, one decimal"},
	}
	for _, tt := range tests {
		if st := stats[tt.key]; !tt.want(st) {
			t.Errorf("%s (%s): got %+v", tt.key, tt.what, st)
		}
	}
	// One pattern for shared units: a cell hidden in the score table is
	// hidden in the prevalence table too.
	pt, err := r.Prevalence("choice:a/q", []string{"region", "size"})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range append(append([]scoring.PrevalenceGroup{pt.All}, pt.Marginals...), pt.Groups...) {
		if g.Suppressed != stats[g.Key].Suppressed {
			t.Errorf("%s: hidden in one table (%v) and not the other (%v)", g.Key, g.Suppressed, stats[g.Key].Suppressed)
		}
	}
	if sum := r.Report.HiddenBy["k"] + r.Report.HiddenBy["extreme"] + r.Report.HiddenBy["unanimity"]; sum < 3 {
		t.Errorf("report says %v: at least three cells were hidden by primary rules", r.Report.HiddenBy)
	}
}

func TestPublicationCountTables(t *testing.T) {
	// In europe x national, four of five associations are small: the size
	// breakdown of that region x type cell would tell each one's size.
	d := scoring.NewDataset([]string{"area:a"})
	add := func(region, size, typ string, n int) {
		for range n {
			row := d.Add(fmt.Sprint(region, size, typ, d.Len()), map[string]string{"region": region, "size": size, "budget": "b", "type": typ})
			d.Set(row, 0, float64(d.Len()%90))
		}
	}
	add("europe", "small", "national", 4)
	add("europe", "large", "national", 1)
	add("europe", "small", "regional", 5)
	add("europe", "large", "regional", 5)
	add("africa", "small", "national", 6)
	add("africa", "large", "national", 6)
	r, err := scoring.Publish(scoring.PublicationInput{Campaign: "c", Number: 1, K: 3, Data: d, Metrics: []scoring.MetricSpec{{Name: "area:a", Bounded: true}}})
	if err != nil {
		t.Fatal(err)
	}
	tb, _ := r.Table([]string{"area:a"}, []string{"region", "size", "type"})
	for _, g := range tb.Groups {
		st := g.Stats["area:a"]
		if g.Attrs["region"] == "europe" && g.Attrs["type"] == "national" && !st.NHidden {
			t.Errorf("%s: n shown (%d) though it tells the size of named associations", g.Key, st.N)
		}
	}
	hidden := 0
	for _, g := range tb.Groups {
		if g.Stats["area:a"].NHidden {
			hidden++
		}
	}
	if hidden < 3 {
		t.Errorf("%d cells with hidden n: the two europe x national cells and at least one complement", hidden)
	}
}

func TestReleaseRank(t *testing.T) {
	var rows [][4]any
	for i := range 20 {
		rows = append(rows, [4]any{"europe", "small", float64(i * 5), i % 3})
	}
	rows = append(rows, [4]any{"africa", "small", 50.0, 0})
	for i := range 10 {
		rows = append(rows, [4]any{"asia-oceania", "small", float64(i * 7), i % 3})
	}
	r, err := scoring.Publish(pubRows(5, rows...))
	if err != nil {
		t.Fatal(err)
	}
	rk := r.Rank("area:a", []string{"region"}, map[string]string{"region": "europe"}, 50)
	// 10 of 20 values below 50, one equal: (10 + 0.5) / 20 = 52.5.
	if rk.Suppressed || rk.N != 20 || rk.Percentile != 52.5 {
		t.Errorf("rank in europe: %+v, want n 20, 52.5", rk)
	}
	if rk := r.Rank("area:a", []string{"region"}, map[string]string{"region": "africa"}, 50); !rk.Suppressed || rk.N != 1 {
		t.Errorf("rank in africa (n 1): %+v, want suppressed", rk)
	}
	if rk := r.Rank("area:unknown", nil, nil, 1); !rk.Suppressed || rk.N != 0 {
		t.Errorf("rank of a metric the release lacks: %+v", rk)
	}
}

func TestPublicationIsDeterministic(t *testing.T) {
	in := pubCampaign(400, 5)
	a, err := scoring.Publish(in)
	if err != nil {
		t.Fatal(err)
	}
	b, err := scoring.Publish(in)
	if err != nil {
		t.Fatal(err)
	}
	fa, fb := a.Freeze(), b.Freeze()
	if fmt.Sprint(fa.Hidden, fa.NHidden, fa.Local) != fmt.Sprint(fb.Hidden, fb.NHidden, fb.Local) {
		t.Error("two publications of the same input hide different cells")
	}
}
