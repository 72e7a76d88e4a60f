package scoring

import (
	"cmp"
	"math"
	"sync"

	"github.com/assocbench/assocbench/questionnaires"
)

// Status says whether an item counts in its section's score, and if not, why.
type Status string

// Item statuses.
const (
	// StatusScored items count in their section with their weight.
	StatusScored Status = "scored"
	// StatusNA items were answered "not applicable" (or with a choice that carries no points).
	StatusNA Status = "n/a"
	// StatusUnanswered items have no answer, or an indicator could not be computed.
	StatusUnanswered Status = "unanswered"
	// StatusIrrelevant items do not apply given the other answers (skip logic).
	StatusIrrelevant Status = "irrelevant"
	// StatusInformational items are never scored (scoring method none).
	StatusInformational Status = "informational"
)

// Reason records how an item's points were found, for explanations.
type Reason struct {
	Method questionnaires.Method `json:"method"`
	// Band is the index of the band reached (bands, count); Threshold its lower bound.
	Band      int     `json:"band,omitempty"`
	Threshold float64 `json:"threshold,omitempty"`
	// From and To are the linear range.
	From float64 `json:"from,omitempty"`
	To   float64 `json:"to,omitempty"`
	// Level of Levels on a scale (likert, rubric); for a matrix, the mean level over Rows rows.
	Level  float64 `json:"level,omitempty"`
	Levels int     `json:"levels,omitempty"`
	Rows   int     `json:"rows,omitempty"`
	// Count is the number of options selected (count).
	Count int `json:"count,omitempty"`
	// Capped is true when multi_choice points were capped at 100.
	Capped bool `json:"capped,omitempty"`
}

// Item is the score line of one question or computed indicator.
type Item struct {
	ID        string `json:"id"`
	Section   string `json:"section"`
	Indicator bool   `json:"indicator,omitempty"`
	// Value is the number the points were computed from: a numeric
	// answer or an indicator's value. HasValue says whether there is one.
	Value    float64 `json:"value,omitempty"`
	HasValue bool    `json:"has_value,omitempty"`
	Status   Status  `json:"status"`
	Points   float64 `json:"points"`
	Weight   float64 `json:"weight"`
	// Gain is how many points the area score would rise if this item
	// scored 100: (100 - points) x its effective weight in the area.
	Gain   float64 `json:"gain"`
	Reason Reason  `json:"reason"`
}

// Section is a section's score: the weighted mean of its scored items.
type Section struct {
	ID     string  `json:"id"`
	Weight float64 `json:"weight"`
	// Scored is false when no item of the section has a score; Score is then 0 and means nothing.
	Scored bool    `json:"scored"`
	Score  float64 `json:"score"`
	// Items is the number of scored items.
	Items int `json:"items"`
}

// Result is the score of one response to one questionnaire.
type Result struct {
	Questionnaire string              `json:"questionnaire"`
	Version       string              `json:"version"`
	Area          questionnaires.Area `json:"area"`
	// Scored is false when no section has a score (or the questionnaire is not scored).
	Scored   bool      `json:"scored"`
	Score    float64   `json:"score"`
	Maturity string    `json:"maturity,omitempty"`
	Sections []Section `json:"sections"`
	Items    []Item    `json:"items"`
	// Improve lists up to three items with the largest gain: where to improve first.
	Improve []Item `json:"improve"`
	// ImpactAreas are the questionnaire's IFLA impact areas.
	ImpactAreas []string `json:"impact_areas,omitempty"`
}

// ImproveCount is how many items "where to improve first" lists.
const ImproveCount = 3

// Score scores answers to a questionnaire. It never fails: unanswered,
// irrelevant and N/A items are left out and the weights renormalised; a
// section with no scorable item has no score. Answers should have passed
// Validate in Submit mode; answers of the wrong shape count as unanswered.
// A caller done with the Result (one that stores or aggregates the scores)
// should Release it, which makes the next Score much cheaper.
func Score(q *questionnaires.Questionnaire, a questionnaires.Answers) *Result {
	if !q.Scored() {
		return &Result{Questionnaire: q.ID, Version: q.Version, Area: q.Area, ImpactAreas: q.ImpactAreas}
	}
	return ScoreEvaluated(q, a, q.Evaluate(a))
}

// ScoreEvaluated is Score with the Evaluation of the answers a already
// made (by questionnaires.ValidateEvaluate); it releases ev. The answers
// are read from ev, which looked each one up once.
func ScoreEvaluated(q *questionnaires.Questionnaire, a questionnaires.Answers, ev *questionnaires.Evaluation) *Result {
	if !q.Scored() {
		ev.Release()
		return &Result{Questionnaire: q.ID, Version: q.Version, Area: q.Area, ImpactAreas: q.ImpactAreas}
	}
	p := planOf(q)
	r, items, improve := newResult(q, len(p.items))
	// the weight of each section's scored items
	var weightBuf [16]float64
	weights := weightBuf[:0]
	if len(p.sections) > len(weightBuf) {
		weights = make([]float64, 0, len(p.sections))
	}
	var areaSum, areaWeight float64
	for si := range p.sections {
		ps := &p.sections[si]
		for k := ps.start; k < ps.end; k++ {
			pi, it := &p.items[k], &items[k]
			it.ID, it.Section, it.Weight = pi.id, pi.section, pi.weight
			if qu := pi.qu; qu != nil {
				switch {
				case !ev.Relevant(qu):
					it.Status = StatusIrrelevant
				case pi.method == questionnaires.MethodNone:
					it.Status = StatusInformational
					if v, answered := ev.Answer(qu); answered && v.Kind == questionnaires.KindNumber {
						it.Value, it.HasValue = v.Num, true
					}
				default:
					if v, answered := ev.Answer(qu); answered {
						pi.score(&v, it)
					} else {
						it.Status = StatusUnanswered
					}
				}
				continue
			}
			it.Indicator = true
			val, ok := ev.IndicatorValue(pi.in)
			if ok {
				it.Value, it.HasValue = val, true
			}
			switch {
			case pi.method == questionnaires.MethodNone:
				it.Status = StatusInformational
			case !ok:
				it.Status = StatusUnanswered
			default:
				it.Status = StatusScored
				it.Points = numeric(pi.in.Scoring, val, &it.Reason)
			}
		}

		// the section's score: the weighted mean of its scored items
		sec := &r.Sections[si]
		sec.ID, sec.Weight = ps.id, ps.weight
		var sum, w float64
		for k := ps.start; k < ps.end; k++ {
			if it := &items[k]; it.Status == StatusScored {
				sum += it.Points * it.Weight
				w += it.Weight
				sec.Items++
			}
		}
		if w > 0 {
			sec.Scored = true
			sec.Score = sum / w
			areaSum += sec.Score * ps.weight
			areaWeight += ps.weight
		}
		weights = append(weights, w)
	}
	ev.Release()
	if areaWeight > 0 {
		r.Scored = true
		r.Score = areaSum / areaWeight
		if m := q.Maturity(r.Score); m != nil {
			r.Maturity = m.ID
		}
		for si := range p.sections {
			if !r.Sections[si].Scored {
				continue
			}
			ps := &p.sections[si]
			share := ps.weight / areaWeight / weights[si]
			for k := ps.start; k < ps.end; k++ {
				if it := &items[k]; it.Status == StatusScored {
					it.Gain = (100 - it.Points) * it.Weight * share
				}
			}
		}
	}
	r.Items = items
	r.Improve = improveFirst(items, improve)
	return r
}

// resultPool holds released Results, whose memory newResult reuses.
var resultPool sync.Pool

// Release hands the result back, so that a later Score or ScoreEvaluated
// reuses its memory instead of allocating: a scored Result holds some
// 10 KB (45 items for the financial questionnaire), and allocating and
// collecting that is the largest part of what scoring a response costs.
// Call it at most once, and only when done with r: neither r nor its
// Sections, Items and Improve slices may be used afterwards (values copied
// out of them, such as an Item or a score, stay valid). Releasing is
// optional; a Result that is not released is garbage-collected as usual.
func (r *Result) Release() {
	if r != nil {
		resultPool.Put(r)
	}
}

// newResult returns a zeroed Result for q with its Sections, its n
// (zeroed) items and an empty Improve with room for ImproveCount items,
// reusing a released Result's memory when there is one. A fresh Result
// holds its items and, after them, Improve in one allocation; the items'
// capacity never reaches into Improve's, so that appending to Items never
// overwrites Improve.
func newResult(q *questionnaires.Questionnaire, n int) (r *Result, items, improve []Item) {
	r, _ = resultPool.Get().(*Result)
	if r == nil {
		r = new(Result)
	}
	items, improve, sections := r.Items, r.Improve, r.Sections
	*r = Result{Questionnaire: q.ID, Version: q.Version, Area: q.Area, ImpactAreas: q.ImpactAreas}
	if cap(items) >= n && cap(improve) >= ImproveCount {
		items = items[:n]
		clear(items)
		improve = improve[:0]
	} else {
		buf := make([]Item, n+ImproveCount)
		items, improve = buf[:n:n], buf[n:n]
	}
	if ns := len(q.Sections); cap(sections) >= ns {
		sections = sections[:ns]
		clear(sections)
	} else {
		sections = make([]Section, ns)
	}
	r.Sections = sections
	return r, items, improve
}

// improveFirst picks the items whose improvement would raise the area
// score most: the lowest-scoring items with the most weight.
// Ties go to the lower points, then to the earlier item. It appends
// copies of them to dst (which has room for ImproveCount items).
func improveFirst(items, dst []Item) []Item {
	var top [ImproveCount]int
	n := 0
	for i := range items {
		if items[i].Status != StatusScored || items[i].Gain <= 1e-9 {
			continue
		}
		if n < ImproveCount {
			top[n] = i
			n++
		} else if ranksBefore(items, i, top[n-1]) {
			top[n-1] = i
		} else {
			continue
		}
		for k := n - 1; k > 0 && ranksBefore(items, top[k], top[k-1]); k-- {
			top[k], top[k-1] = top[k-1], top[k]
		}
	}
	for k := 0; k < n; k++ {
		dst = append(dst, items[top[k]])
	}
	return dst
}

// ranksBefore reports whether item i ranks before item j in improveFirst:
// the larger gain, then the lower points, then the earlier item.
func ranksBefore(items []Item, i, j int) bool {
	a, b := &items[i], &items[j]
	if c := cmp.Compare(b.Gain, a.Gain); c != 0 {
		return c < 0
	}
	if c := cmp.Compare(a.Points, b.Points); c != 0 {
		return c < 0
	}
	return i < j
}

// scale maps level 1..n linearly onto 0..100.
func scale(level float64, n int) float64 {
	if n < 2 {
		return 0
	}
	return clamp((level - 1) / float64(n-1) * 100)
}

// numeric scores a number by bands or linearly.
func numeric(sc *questionnaires.Scoring, x float64, r *Reason) float64 {
	r.Method = sc.Method
	switch sc.Method {
	case questionnaires.MethodBands:
		return bands(sc.Bands, x, r)
	case questionnaires.MethodLinear:
		r.From, r.To = *sc.From, *sc.To
		return clamp((x - *sc.From) / (*sc.To - *sc.From) * 100)
	}
	return 0
}

// bands returns the points of the highest band whose threshold x reaches;
// below the first threshold, the first band's points.
func bands(bs []questionnaires.Band, x float64, r *Reason) float64 {
	i := 0
	for j := range bs {
		if x >= bs[j].Threshold {
			i = j
		}
	}
	r.Band, r.Threshold = i, bs[i].Threshold
	return bs[i].Points
}

func clamp(p float64) float64 {
	switch {
	case math.IsNaN(p):
		return 0
	case p < 0:
		return 0
	case p > 100:
		return 100
	}
	return p
}

// Rollup combines an association's results across questionnaires.
type Rollup struct {
	// Areas holds the score of each scored area present.
	Areas map[questionnaires.Area]float64 `json:"areas"`
	// Maturity holds each area's maturity level id.
	Maturity map[questionnaires.Area]string `json:"maturity"`
	// ImpactAreas holds, for each IFLA impact area, the mean score of the
	// areas whose questionnaires serve it.
	ImpactAreas map[string]float64 `json:"impact_areas"`
	// Overall is the mean of the three area scores; HasOverall is false
	// unless all three are present.
	Overall    float64 `json:"overall"`
	HasOverall bool    `json:"has_overall"`
}

// Roll combines results into area, impact-area and overall scores.
// When an area has several results, the last one wins.
func Roll(results []*Result) Rollup {
	ro := Rollup{Areas: map[questionnaires.Area]float64{}, Maturity: map[questionnaires.Area]string{}, ImpactAreas: map[string]float64{}}
	ia := map[string][2]float64{}
	for _, r := range results {
		if r == nil || !r.Scored {
			continue
		}
		ro.Areas[r.Area] = r.Score
		if r.Maturity != "" {
			ro.Maturity[r.Area] = r.Maturity
		}
		for _, a := range r.ImpactAreas {
			s := ia[a]
			ia[a] = [2]float64{s[0] + r.Score, s[1] + 1}
		}
	}
	for a, s := range ia {
		ro.ImpactAreas[a] = s[0] / s[1]
	}
	var sum float64
	n := 0
	for _, a := range questionnaires.ScoredAreas {
		if s, ok := ro.Areas[a]; ok {
			sum += s
			n++
		}
	}
	if n == len(questionnaires.ScoredAreas) {
		ro.Overall, ro.HasOverall = sum/float64(n), true
	}
	return ro
}

// Metric name prefixes; see the package documentation.
const (
	MetricOverall = "overall"
)

// AreaMetric names an area score metric.
func AreaMetric(a questionnaires.Area) string { return "area:" + string(a) }

// ImpactMetric names an impact-area metric.
func ImpactMetric(ia string) string { return "impact:" + ia }

// SectionMetric names a section score metric.
func SectionMetric(qid, section string) string { return "section:" + qid + "/" + section }

// ItemMetric names the points of a question or indicator.
func ItemMetric(qid, item string) string { return "item:" + qid + "/" + item }

// IndicatorMetric names the raw value of an indicator.
func IndicatorMetric(qid, ind string) string { return "indicator:" + qid + "/" + ind }

// AddMetrics adds the result's metrics to m: the area score, every scored
// section, every scored item's points and every computed indicator value.
func (r *Result) AddMetrics(m map[string]float64) {
	if r == nil || !r.Scored {
		return
	}
	m[AreaMetric(r.Area)] = r.Score
	for _, s := range r.Sections {
		if s.Scored {
			m[SectionMetric(r.Questionnaire, s.ID)] = s.Score
		}
	}
	for _, it := range r.Items {
		if it.Status == StatusScored {
			m[ItemMetric(r.Questionnaire, it.ID)] = it.Points
		}
		if it.Indicator && it.HasValue {
			m[IndicatorMetric(r.Questionnaire, it.ID)] = it.Value
		}
	}
}

// AddMetrics adds the overall and impact-area metrics to m.
func (ro Rollup) AddMetrics(m map[string]float64) {
	if ro.HasOverall {
		m[MetricOverall] = ro.Overall
	}
	for ia, s := range ro.ImpactAreas {
		m[ImpactMetric(ia)] = s
	}
}
