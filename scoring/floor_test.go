package scoring

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"testing"
	"time"

	q "github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/questionnaires/synth"
)

// The raw floor of BenchmarkScore.
//
// BenchmarkScoreFloor computes the same scores as Score — every item's
// status and points, every section's score and the area score — for the
// same questionnaire (the built-in financial-sustainability one: 40
// questions, 5 indicators) and the same answers, as fast as plain Go can:
// the answers are resolved beforehand (outside the timer) into one
// []float64 by question index, relevance and indicators are written out
// below as Go expressions for this one questionnaire, and points are found
// by method from flat tables. No maps, no closures, no allocation, no
// explanations (Reason, Gain, "where to improve first"). Score's ratio to
// this floor, measured in the same run, is what issue #12 bounds (<= 20x).
//
// TestScoreFloorMatchesScore checks, on many synthesized answer sets,
// that the floor's results equal Score's exactly; otherwise the floor
// would measure something else. TestScoreFloorDefinition fails first, with
// a clear message, when the questionnaire changes under the floor.

// Question indices (Questionnaire.Questions order) that the floor's
// expressions read; checked against the definition by newScoreFloor.
const (
	fRevenueTotal      = 3
	fRevDues           = 4 // rev_dues .. rev_other are 4..9
	fRevOther          = 9
	fExpenditureTotal  = 14
	fSurplusYears      = 15
	fDeficitPlan       = 16
	fHasReserves       = 17
	fReserves          = 18
	fExternalAudit     = 24
	fLastAuditDate     = 25
	fAuditFollowup     = 26
	fFinancialPolicies = 27
	fReserveTarget     = 28
	fGrantApplications = 38
	fGrantsAwarded     = 39
)

// Choice indices the floor's expressions compare with.
const (
	fSurplusNone       = 0 // surplus_years: none
	fSurplusOne        = 1 // surplus_years: one
	fAuditFull         = 0 // external_audit: full_audit
	fAuditIndependent  = 1 // external_audit: independent_review
	fAuditNone         = 3 // external_audit: none
	fPoliciesReserves  = 1 // financial_policies: reserves
	fIndicatorCount    = 5
	fHHI, fDuesShare   = 0, 1
	fSurplusMargin     = 2
	fReserveMonths     = 3
	fGrantSuccessRate  = 4
	floorSectionsCount = 5
)

// floorExprs are the expressions written out in floorScore, by question
// or indicator id, exactly as the definition has them.
var floorExprs = map[string]string{
	"deficit_plan":          "selected(surplus_years, 'none') or selected(surplus_years, 'one')",
	"reserves":              "has_reserves == 'yes'",
	"last_audit_date":       "answered(external_audit) and not selected(external_audit, 'none')",
	"audit_followup":        "selected(external_audit, 'full_audit') or selected(external_audit, 'independent_review')",
	"reserve_target_months": "selected(financial_policies, 'reserves')",
	"grants_awarded":        "grant_applications > 0",
	"revenue_hhi":           "hhi([rev_dues, rev_grants, rev_events, rev_publications, rev_sponsorship, rev_other])",
	"dues_share":            "ratio(rev_dues, revenue_total) * 100",
	"surplus_margin":        "ratio(revenue_total - expenditure_total, revenue_total) * 100",
	"reserve_months":        "has_reserves == 'no' ? 0 : ratio(reserves, expenditure_total / 12)",
	"grant_success_rate":    "ratio(grants_awarded, grant_applications) * 100",
}

// How the floor's input encodes an answer, by question index (NaN: no answer):
// single_choice: the choice's index (-1: an unknown id); yes_no: 1 yes,
// 0 no, -1 n/a; likert: the level, -1 n/a; rubric: the level, 0 n/a;
// numbers: the number; multi_choice: a bit mask of the selected choice
// indices (an empty selection is no answer); matrix: 1, or -1 for n/a,
// with the rows' levels in slots after the questions (0: n/a row, NaN:
// not answered); text and dates: 1.

// floor method codes.
const (
	fmNone uint8 = iota
	fmChoice
	fmYesNo
	fmScale
	fmMatrix
	fmBands
	fmLinear
	fmCount
)

// floor item status codes, mapped to Status by floorStatus.
const (
	fsScored uint8 = iota
	fsNA
	fsUnanswered
	fsIrrelevant
	fsInformational
)

var floorStatus = [...]Status{StatusScored, StatusNA, StatusUnanswered, StatusIrrelevant, StatusInformational}

// floorItem is one score line: a question (q >= 0) or an indicator (ind).
type floorItem struct {
	q, ind  int
	method  uint8
	weight  float64
	points  []float64 // fmChoice: by choice index, NaN = no points
	yes, no float64   // fmYesNo
	span    float64   // fmScale, fmMatrix: levels - 1
	from    float64   // fmLinear
	width   float64   // fmLinear: to - from
	bands   []q.Band  // fmBands, fmCount
	count   uint64    // fmCount: the choices that count (not exclusive)
	row, nr int       // fmMatrix: first row slot and number of rows
}

type floorSection struct {
	start, end int
	weight     float64
}

// scoreFloor is the floor's flat description of the questionnaire.
type scoreFloor struct {
	nq       int // questions; matrix rows follow in the input
	slots    int // length of an input
	items    []floorItem
	sections []floorSection
	choices  []map[string]int // per question: choice id -> index (encoding only)
	rowSlot  []map[string]int // per matrix question: row id -> input slot (encoding only)
}

// floorResult is what the floor computes: what Score's area, section and
// item scores hold.
type floorResult struct {
	scored        bool
	area          float64
	sectionScored [floorSectionsCount]bool
	sections      [floorSectionsCount]float64
	status        []uint8
	points        []float64
	// scratch
	relevant   []bool
	indicators [fIndicatorCount]float64
}

func newFloorResult(f *scoreFloor) *floorResult {
	return &floorResult{status: make([]uint8, len(f.items)), points: make([]float64, len(f.items)), relevant: make([]bool, f.nq)}
}

// newScoreFloor builds the floor's tables from the definition and checks
// that the definition is the one the floor's expressions were written for.
func newScoreFloor(qn *q.Questionnaire) (*scoreFloor, error) {
	qs := qn.Questions()
	f := &scoreFloor{nq: len(qs), choices: make([]map[string]int, len(qs)), rowSlot: make([]map[string]int, len(qs))}
	f.slots = f.nq
	if len(qn.Sections) != floorSectionsCount || len(qn.Indicators) != fIndicatorCount {
		return nil, fmt.Errorf("%s has %d sections and %d indicators; the floor was written for %d and %d",
			qn.ID, len(qn.Sections), len(qn.Indicators), floorSectionsCount, fIndicatorCount)
	}
	for i, qu := range qs {
		f.choices[i] = map[string]int{}
		for ci, c := range qu.Choices {
			f.choices[i][c.ID] = ci
		}
		if qu.Type == q.TypeMatrix {
			f.rowSlot[i] = map[string]int{}
			for _, r := range qu.Rows {
				f.rowSlot[i][r.ID] = f.slots
				f.slots++
			}
		}
		if want := floorExprs[qu.ID]; qu.Relevant != want {
			return nil, fmt.Errorf("relevance of %s is %q; the floor was written for %q", qu.ID, qu.Relevant, want)
		}
		if qu.Type.IsChoice() && len(qu.Choices) > 64 {
			return nil, fmt.Errorf("%s has more than 64 choices", qu.ID)
		}
	}
	for _, in := range qn.Indicators {
		if want := floorExprs[in.ID]; in.Expr != want {
			return nil, fmt.Errorf("indicator %s is %q; the floor was written for %q", in.ID, in.Expr, want)
		}
	}
	for _, c := range []struct {
		id     string
		index  int
		choice string
		ci     int
	}{
		{"revenue_total", fRevenueTotal, "", 0},
		{"rev_dues", fRevDues, "", 0},
		{"rev_other", fRevOther, "", 0},
		{"expenditure_total", fExpenditureTotal, "", 0},
		{"surplus_years", fSurplusYears, "none", fSurplusNone},
		{"surplus_years", fSurplusYears, "one", fSurplusOne},
		{"deficit_plan", fDeficitPlan, "", 0},
		{"has_reserves", fHasReserves, "", 0},
		{"reserves", fReserves, "", 0},
		{"external_audit", fExternalAudit, "full_audit", fAuditFull},
		{"external_audit", fExternalAudit, "independent_review", fAuditIndependent},
		{"external_audit", fExternalAudit, "none", fAuditNone},
		{"last_audit_date", fLastAuditDate, "", 0},
		{"audit_followup", fAuditFollowup, "", 0},
		{"financial_policies", fFinancialPolicies, "reserves", fPoliciesReserves},
		{"reserve_target_months", fReserveTarget, "", 0},
		{"grant_applications", fGrantApplications, "", 0},
		{"grants_awarded", fGrantsAwarded, "", 0},
	} {
		qu := qn.Question(c.id)
		if qu == nil || qu.Index() != c.index {
			return nil, fmt.Errorf("question %s is not at index %d", c.id, c.index)
		}
		if c.choice != "" {
			if ci, ok := f.choices[c.index][c.choice]; !ok || ci != c.ci {
				return nil, fmt.Errorf("choice %s of %s is not at index %d", c.choice, c.id, c.ci)
			}
		}
	}
	for i, id := range []string{"revenue_hhi", "dues_share", "surplus_margin", "reserve_months", "grant_success_rate"} {
		if in := qn.Indicator(id); in == nil || in.Index() != i {
			return nil, fmt.Errorf("indicator %s is not at index %d", id, i)
		}
	}
	for _, s := range qn.Sections {
		fs := floorSection{start: len(f.items), weight: s.Weight}
		for _, qu := range s.Questions {
			if qu.Type == q.TypeNote {
				continue
			}
			it := floorItem{q: qu.Index(), ind: -1, weight: qu.Weight}
			switch m := qu.Method(); {
			case m == q.MethodNone:
				it.method = fmNone
			case m == q.MethodChoice && qu.Type == q.TypeSingleChoice:
				it.method = fmChoice
				for _, c := range qu.Choices {
					p := math.NaN()
					if c.Points != nil {
						p = *c.Points
					}
					it.points = append(it.points, p)
				}
			case m == q.MethodYesNo:
				it.method, it.yes, it.no = fmYesNo, 100, 0
				if qu.Scoring != nil && qu.Scoring.Yes != nil {
					it.yes = *qu.Scoring.Yes
				}
				if qu.Scoring != nil && qu.Scoring.No != nil {
					it.no = *qu.Scoring.No
				}
			case m == q.MethodScale && qu.Type == q.TypeMatrix:
				it.method, it.span = fmMatrix, float64(len(qu.Levels)-1)
				it.row, it.nr = f.rowSlot[qu.Index()][qu.Rows[0].ID], len(qu.Rows)
			case m == q.MethodScale:
				it.method, it.span = fmScale, float64(len(qu.Levels)-1)
			case m == q.MethodBands:
				it.method, it.bands = fmBands, qu.Scoring.Bands
			case m == q.MethodLinear:
				it.method, it.from, it.width = fmLinear, *qu.Scoring.From, *qu.Scoring.To-*qu.Scoring.From
			case m == q.MethodCount:
				it.method, it.bands = fmCount, qu.Scoring.Bands
				for ci, c := range qu.Choices {
					if !c.Exclusive {
						it.count |= 1 << ci
					}
				}
			default:
				return nil, fmt.Errorf("%s: the floor has no %s scoring of %s", qu.ID, m, qu.Type)
			}
			f.items = append(f.items, it)
		}
		for _, in := range s.Indicators() {
			if in.Method() != q.MethodBands {
				return nil, fmt.Errorf("indicator %s: the floor scores only bands", in.ID)
			}
			f.items = append(f.items, floorItem{q: -1, ind: in.Index(), weight: in.Weight, method: fmBands, bands: in.Scoring.Bands})
		}
		fs.end = len(f.items)
		f.sections = append(f.sections, fs)
	}
	return f, nil
}

// encode resolves answers into the floor's input (not timed).
func (f *scoreFloor) encode(qn *q.Questionnaire, a q.Answers) []float64 {
	x := make([]float64, f.slots)
	for i := range x {
		x[i] = math.NaN()
	}
	for i, qu := range qn.Questions() {
		v, ok := a[qu.ID]
		if !ok || qu.Type == q.TypeNote {
			continue
		}
		switch qu.Type {
		case q.TypeSingleChoice:
			if ci, ok := f.choices[i][v.Str]; ok {
				x[i] = float64(ci)
			} else {
				x[i] = -1
			}
		case q.TypeYesNo:
			switch {
			case v.Kind == q.KindNA:
				x[i] = -1
			case v.Str == "yes":
				x[i] = 1
			case v.Str == "no":
				x[i] = 0
			}
		case q.TypeLikert:
			if v.Kind == q.KindNA {
				x[i] = -1
			} else {
				x[i] = v.Num
			}
		case q.TypeRubric:
			x[i] = v.Num
		case q.TypeMultiChoice:
			var mask uint64
			for _, id := range v.List {
				mask |= 1 << f.choices[i][id]
			}
			if mask != 0 {
				x[i] = float64(mask)
			}
		case q.TypeMatrix:
			if v.Kind == q.KindNA {
				x[i] = -1
				continue
			}
			x[i] = 1
			for id, lv := range v.Rows {
				x[f.rowSlot[i][id]] = lv
			}
		case q.TypeText, q.TypeLongText, q.TypeDate:
			x[i] = 1
		default:
			x[i] = v.Num
		}
	}
	return x
}

// finite is the expressions' rule that a NaN or infinite result is missing.
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// floorRatio is ratio(a, b): missing (NaN) when either is missing or b is 0.
func floorRatio(a, b float64) float64 {
	if math.IsNaN(a) || math.IsNaN(b) || b == 0 {
		return math.NaN()
	}
	if r := a / b; finite(r) {
		return r
	}
	return math.NaN()
}

// times100 is x * 100 with a missing (NaN) or non-finite result missing.
func times100(x float64) float64 {
	if r := x * 100; finite(r) {
		return r
	}
	return math.NaN()
}

// floorBands is bands without the explanation.
func floorBands(bs []q.Band, x float64) float64 {
	i := 0
	for j := range bs {
		if x >= bs[j].Threshold {
			i = j
		}
	}
	return bs[i].Points
}

// score computes one response's scores from its resolved answers x.
func (f *scoreFloor) score(x []float64, r *floorResult) {
	// relevance, written out (an irrelevant answer is missing afterwards)
	rel := r.relevant
	for i := range rel {
		rel[i] = true
	}
	sy := x[fSurplusYears]
	rel[fDeficitPlan] = sy == fSurplusNone || sy == fSurplusOne
	hr := x[fHasReserves] // 1 yes, 0 no, NaN or -1 missing
	rel[fReserves] = hr == 1
	ea := x[fExternalAudit]
	rel[fLastAuditDate] = !math.IsNaN(ea) && ea != fAuditNone
	rel[fAuditFollowup] = ea == fAuditFull || ea == fAuditIndependent
	fp := x[fFinancialPolicies]
	rel[fReserveTarget] = !math.IsNaN(fp) && uint64(fp)&(1<<fPoliciesReserves) != 0
	ga := x[fGrantApplications]
	rel[fGrantsAwarded] = ga > 0

	// indicators, written out
	ind := &r.indicators
	var total, sq float64
	neg := false
	for i := fRevDues; i <= fRevOther; i++ {
		if v := x[i]; !math.IsNaN(v) {
			if v < 0 {
				neg = true
			}
			total += v
			sq += v * v
		}
	}
	ind[fHHI] = math.NaN()
	if !neg && total != 0 {
		if h := sq / (total * total); finite(h) {
			ind[fHHI] = h
		}
	}
	rt, et := x[fRevenueTotal], x[fExpenditureTotal]
	ind[fDuesShare] = times100(floorRatio(x[fRevDues], rt))
	margin := math.NaN()
	if d := rt - et; finite(d) {
		margin = d
	}
	ind[fSurplusMargin] = times100(floorRatio(margin, rt))
	switch {
	case hr == 0:
		ind[fReserveMonths] = 0
	case hr == 1:
		reserves := x[fReserves]
		if !rel[fReserves] {
			reserves = math.NaN()
		}
		ind[fReserveMonths] = floorRatio(reserves, et/12)
	default:
		ind[fReserveMonths] = math.NaN()
	}
	awarded := x[fGrantsAwarded]
	if !rel[fGrantsAwarded] {
		awarded = math.NaN()
	}
	ind[fGrantSuccessRate] = times100(floorRatio(awarded, ga))

	// points by method
	for k := range f.items {
		it := &f.items[k]
		st, p := fsScored, 0.0
		if it.q < 0 {
			if v := ind[it.ind]; math.IsNaN(v) {
				st = fsUnanswered
			} else {
				p = floorBands(it.bands, v)
			}
			r.status[k], r.points[k] = st, p
			continue
		}
		v := x[it.q]
		switch {
		case !rel[it.q]:
			st = fsIrrelevant
		case it.method == fmNone:
			st = fsInformational
		case math.IsNaN(v):
			st = fsUnanswered
		default:
			switch it.method {
			case fmChoice:
				if v < 0 || math.IsNaN(it.points[int(v)]) {
					st = fsNA
				} else {
					p = it.points[int(v)]
				}
			case fmYesNo:
				switch v {
				case 1:
					p = it.yes
				case 0:
					p = it.no
				default:
					st = fsNA
				}
			case fmScale:
				if v <= 0 {
					st = fsNA
				} else {
					p = clamp((v - 1) / it.span * 100)
				}
			case fmMatrix:
				if v < 0 {
					st = fsNA
					break
				}
				var sum float64
				n := 0
				for _, lv := range x[it.row : it.row+it.nr] {
					if lv > 0 {
						sum += lv
						n++
					}
				}
				if n == 0 {
					st = fsNA
				} else {
					p = clamp((sum/float64(n) - 1) / it.span * 100)
				}
			case fmBands:
				p = floorBands(it.bands, v)
			case fmLinear:
				p = clamp((v - it.from) / it.width * 100)
			case fmCount:
				p = floorBands(it.bands, float64(bits.OnesCount64(uint64(v)&it.count)))
			}
		}
		r.status[k], r.points[k] = st, p
	}

	// sections, then the area
	var areaSum, areaWeight float64
	for si, s := range f.sections {
		var sum, w float64
		for k := s.start; k < s.end; k++ {
			if r.status[k] == fsScored {
				sum += r.points[k] * f.items[k].weight
				w += f.items[k].weight
			}
		}
		r.sectionScored[si], r.sections[si] = w > 0, 0
		if w > 0 {
			r.sections[si] = sum / w
			areaSum += r.sections[si] * s.weight
			areaWeight += s.weight
		}
	}
	r.scored, r.area = areaWeight > 0, 0
	if areaWeight > 0 {
		r.area = areaSum / areaWeight
	}
}

// floorFixture is the floor and its inputs for the 256 answer sets of BenchmarkScore.
type floorFixture struct {
	qn    *q.Questionnaire
	floor *scoreFloor
	sets  []q.Answers
	flat  [][]float64
}

// scoreBenchSets returns BenchmarkScore's questionnaire and answer sets.
func scoreBenchSets(tb testing.TB) (*q.Questionnaire, []q.Answers) {
	tb.Helper()
	qn := q.Builtin("financial-sustainability")
	if qn == nil {
		tb.Fatal("no built-in financial-sustainability questionnaire")
	}
	rng := rand.New(rand.NewPCG(5, 6))
	sets := make([]q.Answers, 256)
	for i := range sets {
		a, err := synth.Answers(qn, rng, synth.Options{Propensity: rng.Float64(), Skip: 0.1})
		if err != nil {
			tb.Fatal(err)
		}
		sets[i] = a
	}
	return qn, sets
}

func newFloorFixture(tb testing.TB) floorFixture {
	tb.Helper()
	qn, sets := scoreBenchSets(tb)
	f, err := newScoreFloor(qn)
	if err != nil {
		tb.Fatalf("the floor is out of date: %v", err)
	}
	flat := make([][]float64, len(sets))
	for i, a := range sets {
		flat[i] = f.encode(qn, a)
	}
	return floorFixture{qn: qn, floor: f, sets: sets, flat: flat}
}

func BenchmarkScoreFloor(b *testing.B) {
	fx := newFloorFixture(b)
	r := newFloorResult(fx.floor)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		fx.floor.score(fx.flat[i%len(fx.flat)], r)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "responses/s")
}

// floorTime times the floor over n responses, for BenchmarkScore's ratio.
func floorTime(fx floorFixture, n int) time.Duration {
	r := newFloorResult(fx.floor)
	start := time.Now()
	for i := 0; i < n; i++ {
		fx.floor.score(fx.flat[i%len(fx.flat)], r)
	}
	return time.Since(start)
}

func TestScoreFloorDefinition(t *testing.T) {
	qn := q.Builtin("financial-sustainability")
	if qn == nil {
		t.Fatal("no built-in financial-sustainability questionnaire")
	}
	f, err := newScoreFloor(qn)
	if err != nil {
		t.Fatalf("the floor is out of date (update floor_test.go): %v", err)
	}
	if got, want := len(f.items), len(qn.Questions())-1+len(qn.Indicators); got != want {
		t.Errorf("floor has %d items, want %d (40 questions, 5 indicators)", got, want)
	}
}

// TestScoreFloorMatchesScore checks that the floor computes exactly what
// Score does: every item's status and points, every indicator's value,
// every section score, the area score, on the benchmark's answer sets and many more.
func TestScoreFloorMatchesScore(t *testing.T) {
	fx := newFloorFixture(t)
	sets := fx.sets
	rng := rand.New(rand.NewPCG(21, 12))
	for range 2000 {
		a, err := synth.Answers(fx.qn, rng, synth.Options{Propensity: rng.Float64(), Skip: rng.Float64() * 0.7})
		if err != nil {
			t.Fatal(err)
		}
		sets = append(sets, a)
	}
	r := newFloorResult(fx.floor)
	statuses := map[Status]int{}
	for n, a := range sets {
		fx.floor.score(fx.floor.encode(fx.qn, a), r)
		want := Score(fx.qn, a)
		if len(want.Items) != len(r.points) {
			t.Fatalf("Score has %d items, the floor %d", len(want.Items), len(r.points))
		}
		for k, it := range want.Items {
			statuses[it.Status]++
			if got := floorStatus[r.status[k]]; got != it.Status || r.points[k] != it.Points {
				t.Fatalf("set %d, item %s: floor %s %v, Score %s %v", n, it.ID, got, r.points[k], it.Status, it.Points)
			}
			if it.Indicator {
				v := r.indicators[fx.floor.items[k].ind]
				if finite(v) != it.HasValue || (it.HasValue && v != it.Value) {
					t.Fatalf("set %d, indicator %s: floor %v, Score %v (has value %v)", n, it.ID, v, it.Value, it.HasValue)
				}
			}
		}
		for si, s := range want.Sections {
			if r.sectionScored[si] != s.Scored || r.sections[si] != s.Score {
				t.Fatalf("set %d, section %s: floor %v (scored %v), Score %v (scored %v)", n, s.ID, r.sections[si], r.sectionScored[si], s.Score, s.Scored)
			}
		}
		if r.scored != want.Scored || r.area != want.Score {
			t.Fatalf("set %d: floor area %v (scored %v), Score %v (scored %v)", n, r.area, r.scored, want.Score, want.Scored)
		}
	}
	// the sets exercise every status
	for _, st := range floorStatus {
		if statuses[st] == 0 {
			t.Errorf("no item of status %s in %d answer sets", st, len(sets))
		}
	}
}
