package scoring

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	q "github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/questionnaires/synth"
)

// scoreReference is Score written the straightforward way (as it was
// before it was made fast): each answer looked up in the map, each item
// appended, sections and gains in separate passes, nothing reused. Score
// must return exactly what it returns.
func scoreReference(qn *q.Questionnaire, a q.Answers) *Result {
	r := &Result{Questionnaire: qn.ID, Version: qn.Version, Area: qn.Area, ImpactAreas: qn.ImpactAreas}
	if !qn.Scored() {
		return r
	}
	ev := qn.Evaluate(a)
	defer ev.Release()
	r.Sections = make([]Section, len(qn.Sections))
	sectionStart := make([]int, len(qn.Sections)+1)
	for si, s := range qn.Sections {
		sectionStart[si] = len(r.Items)
		for _, qu := range s.Questions {
			if qu.Type == q.TypeNote {
				continue
			}
			it := Item{ID: qu.ID, Section: s.ID, Weight: qu.Weight}
			v, answered := a[qu.ID]
			switch {
			case !ev.Relevant(qu):
				it.Status = StatusIrrelevant
			case qu.Method() == q.MethodNone:
				it.Status = StatusInformational
				if answered && v.Kind == q.KindNumber {
					it.Value, it.HasValue = v.Num, true
				}
			case !answered:
				it.Status = StatusUnanswered
			default:
				referenceScoreQuestion(qu, v, &it)
			}
			r.Items = append(r.Items, it)
		}
		for _, in := range s.Indicators() {
			it := Item{ID: in.ID, Section: s.ID, Indicator: true, Weight: in.Weight}
			val, ok := ev.IndicatorValue(in)
			if ok {
				it.Value, it.HasValue = val, true
			}
			switch {
			case in.Method() == q.MethodNone:
				it.Status = StatusInformational
			case !ok:
				it.Status = StatusUnanswered
			default:
				it.Status = StatusScored
				it.Points = numeric(in.Scoring, val, &it.Reason)
			}
			r.Items = append(r.Items, it)
		}
	}
	sectionStart[len(qn.Sections)] = len(r.Items)
	var areaSum, areaWeight float64
	sectionItemWeight := make([]float64, len(qn.Sections))
	for si, s := range qn.Sections {
		sec := Section{ID: s.ID, Weight: s.Weight}
		var sum, w float64
		for _, it := range r.Items[sectionStart[si]:sectionStart[si+1]] {
			if it.Status == StatusScored {
				sum += it.Points * it.Weight
				w += it.Weight
				sec.Items++
			}
		}
		if w > 0 {
			sec.Scored = true
			sec.Score = sum / w
			areaSum += sec.Score * s.Weight
			areaWeight += s.Weight
		}
		sectionItemWeight[si] = w
		r.Sections[si] = sec
	}
	if areaWeight > 0 {
		r.Scored = true
		r.Score = areaSum / areaWeight
		if m := qn.Maturity(r.Score); m != nil {
			r.Maturity = m.ID
		}
		for si, s := range qn.Sections {
			if !r.Sections[si].Scored {
				continue
			}
			share := s.Weight / areaWeight / sectionItemWeight[si]
			for i := sectionStart[si]; i < sectionStart[si+1]; i++ {
				if it := &r.Items[i]; it.Status == StatusScored {
					it.Gain = (100 - it.Points) * it.Weight * share
				}
			}
		}
	}
	r.Improve = improveFirst(r.Items, make([]Item, 0, ImproveCount))
	return r
}

// oddAnswers changes a few answers to values of other shapes than their
// questions', which Score must take as it always did (mostly as
// unanswered or N/A).
func oddAnswers(qn *q.Questionnaire, a q.Answers, rng *rand.Rand) q.Answers {
	b := a.Clone()
	qs := qn.Questions()
	for range 1 + rng.IntN(4) {
		qu := qs[rng.IntN(len(qs))]
		switch rng.IntN(10) {
		case 0:
			delete(b, qu.ID)
		case 1:
			b[qu.ID] = q.Num(rng.NormFloat64() * 100)
		case 2:
			b[qu.ID] = q.Str([]string{"yes", "no", "x", "", "none"}[rng.IntN(5)])
		case 3:
			b[qu.ID] = q.NotApplicable()
		case 4:
			b[qu.ID] = q.List()
		case 5:
			var ids []string
			for _, c := range qu.Choices {
				if rng.IntN(2) == 0 {
					ids = append(ids, c.ID)
				}
			}
			b[qu.ID] = q.List(append(ids, "bogus")...)
		case 6:
			b[qu.ID] = q.Matrix(map[string]float64{"a": 2, "b": 0})
		case 7:
			b[qu.ID] = q.Rubric(rng.IntN(5), "", "")
		case 8:
			b[qu.ID] = q.Num(0)
		case 9:
			b[qu.ID] = q.Value{} // a key with no value
		}
	}
	return b
}

// TestScoreMatchesReference checks that Score returns exactly what the
// straightforward scoreReference returns — every field of the Result —
// for every scored questionnaire of the library and the methods
// questionnaire (and one with more sections than Score keeps on its
// stack), on synthesized answers and on answers of odd shapes,
// with released Results of other questionnaires reused in between.
func TestScoreMatchesReference(t *testing.T) {
	qs := append(scoredQuestionnaires(t), manySections(t))
	rng := rand.New(rand.NewPCG(8, 9))
	var prev *Result
	for n := 0; n < 3000; n++ {
		qn := qs[rng.IntN(len(qs))]
		a, err := synth.Answers(qn, rng, synth.Options{Propensity: rng.Float64(), Skip: rng.Float64() * 0.7})
		if err != nil {
			t.Fatal(err)
		}
		if n%3 == 0 {
			a = oddAnswers(qn, a, rng)
		}
		want := scoreReference(qn, a)
		var got *Result
		if n%2 == 0 {
			got = Score(qn, a)
		} else {
			got = ScoreEvaluated(qn, a, qn.Evaluate(a))
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s, answers %v:\nScore     %+v\nreference %+v", qn.ID, a, got, want)
		}
		// appending to Items must not change Improve
		improve := slices.Clone(got.Improve)
		_ = append(got.Items, Item{ID: "appended"})
		if !reflect.DeepEqual(got.Improve, improve) {
			t.Fatalf("%s: appending to Items changed Improve", qn.ID)
		}
		prev.Release()
		prev = got
	}
}

// TestScoreReleasedIsReused checks that a released Result's memory is
// reused and that the reused Result holds nothing of the released one.
func TestScoreReleasedIsReused(t *testing.T) {
	qn := methods(t)
	full := Score(qn, q.Answers{"c1": q.Str("b"), "yn": q.Str("yes"), "lk": q.Num(5), "num": q.Num(6)})
	items := &full.Items[0]
	full.Release()
	// nothing answered: the sync.Pool gives the released Result back on
	// the same goroutine unless a garbage collection intervened
	empty := Score(qn, q.Answers{})
	if want := scoreReference(qn, q.Answers{}); !reflect.DeepEqual(empty, want) {
		t.Fatalf("reused Result:\n%+v\nwant\n%+v", empty, want)
	}
	if &empty.Items[0] != items {
		t.Log("released Result not reused (a garbage collection emptied the pool)")
	}
	var nilResult *Result
	nilResult.Release() // a nil Result is fine
}

// manySections is a questionnaire of 20 sections of two questions each,
// more than Score keeps on its stack.
func manySections(t testing.TB) *q.Questionnaire {
	t.Helper()
	qn, err := q.Load("many.yaml", []byte(manySectionsYAML()))
	if err != nil {
		t.Fatal(err)
	}
	return qn
}

func manySectionsYAML() string {
	var b strings.Builder
	b.WriteString("id: many\nversion: \"1\"\narea: membership\ntitle: {en: Many}\nlanguages: [en]\nsections:\n")
	for i := range 20 {
		fmt.Fprintf(&b, "  - id: s%d\n    weight: %d\n    title: {en: S}\n    questions:\n", i, 1+i%3)
		fmt.Fprintf(&b, "      - {id: yn%d, type: yes_no, label: {en: Q}}\n", i)
		fmt.Fprintf(&b, "      - {id: lk%d, type: likert, label: {en: Q}, levels: [{en: \"1\"}, {en: \"2\"}, {en: \"3\"}]}\n", i)
	}
	b.WriteString("maturity_levels:\n  - {min: 0, id: emerging, label: {en: Emerging}}\n  - {min: 50, id: leading, label: {en: Leading}}\n")
	return b.String()
}

// referenceScoreQuestion fills the status, points and reason of an
// answered, relevant, scored question: scoring.go's code before it was
// made fast, kept verbatim as the reference.
func referenceScoreQuestion(qu *q.Question, v q.Value, it *Item) {
	it.Reason.Method = qu.Method()
	if v.IsNA() {
		it.Status = StatusNA
		return
	}
	it.Status = StatusScored
	switch it.Reason.Method {
	case q.MethodChoice:
		switch v.Kind {
		case q.KindString:
			c := qu.Choice(v.Str)
			if c == nil || c.Points == nil {
				it.Status = StatusNA
				return
			}
			it.Points = *c.Points
		case q.KindList:
			if len(v.List) == 0 {
				it.Status = StatusUnanswered
				return
			}
			pointed := false
			var sum float64
			for _, id := range v.List {
				if c := qu.Choice(id); c != nil && c.Points != nil {
					sum += *c.Points
					pointed = true
				}
			}
			if !pointed {
				it.Status = StatusNA
				return
			}
			if sum > 100 {
				sum, it.Reason.Capped = 100, true
			}
			it.Points = sum
		default:
			it.Status = StatusUnanswered
		}
	case q.MethodCount:
		if v.Kind != q.KindList || len(v.List) == 0 {
			it.Status = StatusUnanswered
			return
		}
		n := 0
		for _, id := range v.List {
			if c := qu.Choice(id); c != nil && !c.Exclusive {
				n++
			}
		}
		it.Reason.Count = n
		it.Value, it.HasValue = float64(n), true
		it.Points = bands(qu.Scoring.Bands, float64(n), &it.Reason)
	case q.MethodScale:
		levels := len(qu.Levels)
		it.Reason.Levels = levels
		switch v.Kind {
		case q.KindNumber, q.KindRubric:
			it.Reason.Level = v.Num
			it.Points = scale(v.Num, levels)
		case q.KindMatrix:
			var sum float64
			n := 0
			for _, lv := range v.Rows {
				if lv > 0 {
					sum += lv
					n++
				}
			}
			if n == 0 {
				it.Status = StatusNA
				return
			}
			it.Reason.Rows = n
			it.Reason.Level = sum / float64(n)
			it.Points = scale(it.Reason.Level, levels)
		default:
			it.Status = StatusUnanswered
		}
	case q.MethodYesNo:
		yes, no := 100.0, 0.0
		if qu.Scoring != nil && qu.Scoring.Yes != nil {
			yes = *qu.Scoring.Yes
		}
		if qu.Scoring != nil && qu.Scoring.No != nil {
			no = *qu.Scoring.No
		}
		switch v.Str {
		case "yes":
			it.Points = yes
		case "no":
			it.Points = no
		default:
			it.Status = StatusUnanswered
			return
		}
	case q.MethodBands, q.MethodLinear:
		if v.Kind != q.KindNumber {
			it.Status = StatusUnanswered
			return
		}
		it.Value, it.HasValue = v.Num, true
		it.Points = numeric(qu.Scoring, v.Num, &it.Reason)
	default:
		it.Status = StatusInformational
	}
}

// TestScoreConcurrent scores and releases from several goroutines at once
// (the plan is derived on first use, Results and Evaluations are pooled):
// every Result must still equal the reference (run with -race).
func TestScoreConcurrent(t *testing.T) {
	qn, err := q.Load("many.yaml", []byte(manySectionsYAML()))
	if err != nil {
		t.Fatal(err)
	}
	fin, sets := scoreBenchSets(t)
	many := make([]q.Answers, 16)
	rng := rand.New(rand.NewPCG(3, 3))
	for i := range many {
		if many[i], err = synth.Answers(qn, rng, synth.Options{Propensity: rng.Float64()}); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 200 {
				qs, a := fin, sets[(i*7+g)%len(sets)]
				if i%3 == g%3 {
					qs, a = qn, many[i%len(many)]
				}
				r := Score(qs, a)
				if want := scoreReference(qs, a); !reflect.DeepEqual(r, want) {
					t.Errorf("%s, goroutine %d, set %d: Score differs from the reference", qs.ID, g, i)
					return
				}
				r.Release()
			}
		})
	}
	wg.Wait()
}
