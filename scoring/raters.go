package scoring

import (
	"math"
	"sort"

	"github.com/assocbench/assocbench/questionnaires"
)

// Spread kinds: how the raters' answers to an item are compared.
const (
	// SpreadLevel is a likert or rubric item: levels 1..N.
	SpreadLevel = "level"
	// SpreadNumber is an integer, decimal, percent or currency item.
	SpreadNumber = "number"
	// SpreadChoice is a single_choice or yes_no item.
	SpreadChoice = "choice"
)

// RaterValue is one rater's answer to an item: a level or number in Num,
// a choice id in Choice; Answered is false when the rater left it out
// (or answered n/a).
type RaterValue struct {
	Answered bool    `json:"answered"`
	Num      float64 `json:"num"`
	Choice   string  `json:"choice,omitempty"`
}

// Spread is how several raters answered one item.
type Spread struct {
	Item string `json:"item"`
	Kind string `json:"kind"`
	// Values are the raters' answers, in the order of the answers given to
	// Diverge.
	Values []RaterValue `json:"values"`
	// N is how many raters answered.
	N int `json:"n"`
	// Min, Max (levels and numbers) and SD (numbers, the sample standard
	// deviation, from two answers) describe the answers.
	Min float64  `json:"min"`
	Max float64  `json:"max"`
	SD  *float64 `json:"sd,omitempty"`
	// Apart is Max - Min for levels: how many levels apart the raters are.
	Apart int `json:"apart"`
	// Scale is the item's scale range (levels - 1, or the question's max -
	// min; 0 when the question has no bounds).
	Scale float64 `json:"scale"`
	// Mode is the most frequent choice ("" on a tie), ModeShare the share
	// of the answers agreeing with the most frequent choice.
	Mode      string  `json:"mode,omitempty"`
	ModeShare float64 `json:"mode_share,omitempty"`
	// Disagreement is (Max - Min) / Scale, or 1 - ModeShare for choices,
	// from two answers; nil when it cannot be computed.
	Disagreement *float64 `json:"disagreement,omitempty"`
	// Consensus is the pre-filled consensus answer: the median (levels: on
	// an even count, empty when the two middle levels differ), the mode for
	// choices (empty on a tie); HasConsensus says whether there is one.
	Consensus    questionnaires.Value `json:"-"`
	HasConsensus bool                 `json:"has_consensus"`
}

// Split reports whether the raters are two or more levels apart.
func (s *Spread) Split() bool { return s.Kind == SpreadLevel && s.Apart >= 2 }

// spreadKind returns the kind of a question, "" for questions not compared.
func spreadKind(t questionnaires.Type) string {
	switch t {
	case questionnaires.TypeLikert, questionnaires.TypeRubric:
		return SpreadLevel
	case questionnaires.TypeInteger, questionnaires.TypeDecimal, questionnaires.TypePercent, questionnaires.TypeCurrency:
		return SpreadNumber
	case questionnaires.TypeSingleChoice, questionnaires.TypeYesNo:
		return SpreadChoice
	}
	return ""
}

// Diverge compares the submitted answers of several raters of one
// questionnaire, item by item: every level, number and choice question
// that at least one rater answered, those where raters are two or more
// levels apart first, then in the questionnaire's order. Multiple
// choices, matrices and texts are not compared.
func Diverge(q *questionnaires.Questionnaire, answers []questionnaires.Answers) []Spread {
	var split, rest []Spread
	for _, qu := range q.Questions() {
		kind := spreadKind(qu.Type)
		if kind == "" {
			continue
		}
		s := Spread{Item: qu.ID, Kind: kind, Values: make([]RaterValue, len(answers))}
		for i, a := range answers {
			s.Values[i] = raterValue(kind, a, qu.ID)
		}
		s.summarise(qu)
		if s.N == 0 {
			continue
		}
		if s.Split() {
			split = append(split, s)
		} else {
			rest = append(rest, s)
		}
	}
	return append(split, rest...)
}

func raterValue(kind string, a questionnaires.Answers, id string) RaterValue {
	v, ok := a[id]
	if !ok || v.IsNA() {
		return RaterValue{}
	}
	switch {
	case kind == SpreadChoice && v.Kind == questionnaires.KindString:
		return RaterValue{Answered: true, Choice: v.Str}
	case kind != SpreadChoice && (v.Kind == questionnaires.KindNumber || v.Kind == questionnaires.KindRubric):
		return RaterValue{Answered: true, Num: v.Num}
	}
	return RaterValue{}
}

// summarise computes the statistics and the consensus of a spread.
func (s *Spread) summarise(qu *questionnaires.Question) {
	if s.Kind == SpreadChoice {
		s.summariseChoice()
		return
	}
	var xs []float64
	for _, v := range s.Values {
		if v.Answered {
			xs = append(xs, v.Num)
		}
	}
	s.N = len(xs)
	if s.N == 0 {
		return
	}
	sort.Float64s(xs)
	s.Min, s.Max = xs[0], xs[len(xs)-1]
	switch {
	case s.Kind == SpreadLevel:
		s.Apart = int(s.Max - s.Min)
		s.Scale = float64(len(qu.Levels) - 1)
	case qu.Min != nil && qu.Max != nil:
		s.Scale = *qu.Max - *qu.Min
	case qu.Type == questionnaires.TypePercent:
		s.Scale = 100
	}
	if s.Kind == SpreadNumber && s.N >= 2 {
		sd := sampleSD(xs)
		s.SD = &sd
	}
	if s.N >= 2 && s.Scale > 0 {
		d := math.Min(1, (s.Max-s.Min)/s.Scale)
		s.Disagreement = &d
	}
	s.consensusNumber(qu, xs)
}

// consensusNumber sets the median of sorted xs as the consensus.
func (s *Spread) consensusNumber(qu *questionnaires.Question, xs []float64) {
	n := len(xs)
	m := xs[n/2]
	if n%2 == 0 {
		lo, hi := xs[n/2-1], xs[n/2]
		if s.Kind == SpreadLevel && lo != hi {
			return // a tie between two levels: the raters decide
		}
		m = (lo + hi) / 2
		if qu.Type == questionnaires.TypeInteger && m != math.Trunc(m) {
			return
		}
	}
	s.HasConsensus = true
	if qu.Type == questionnaires.TypeRubric {
		s.Consensus = questionnaires.Rubric(int(m), "", "")
	} else {
		s.Consensus = questionnaires.Num(m)
	}
}

func (s *Spread) summariseChoice() {
	counts := map[string]int{}
	var order []string
	for _, v := range s.Values {
		if !v.Answered {
			continue
		}
		s.N++
		if counts[v.Choice] == 0 {
			order = append(order, v.Choice)
		}
		counts[v.Choice]++
	}
	if s.N == 0 {
		return
	}
	best, tie := 0, false
	for _, c := range order {
		switch n := counts[c]; {
		case n > best:
			best, tie, s.Mode = n, false, c
		case n == best:
			tie = true
		}
	}
	s.ModeShare = float64(best) / float64(s.N)
	if tie {
		s.Mode = ""
	} else {
		s.HasConsensus, s.Consensus = true, questionnaires.Str(s.Mode)
	}
	if s.N >= 2 {
		d := 1 - s.ModeShare
		s.Disagreement = &d
	}
}

// sampleSD is the sample standard deviation (n - 1) of xs, len(xs) >= 2.
func sampleSD(xs []float64) float64 {
	mean := 0.0
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	ss := 0.0
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return math.Sqrt(ss / float64(len(xs)-1))
}

// ConsensusIndex is 100 × (1 − the mean disagreement over the items whose
// disagreement can be computed), rounded to one decimal; ok is false when
// there is no such item.
func ConsensusIndex(spreads []Spread) (index float64, ok bool) {
	sum, n := 0.0, 0
	for _, s := range spreads {
		if s.Disagreement != nil {
			sum += *s.Disagreement
			n++
		}
	}
	if n == 0 {
		return 0, false
	}
	return math.Round(1000*(1-sum/float64(n))) / 10, true
}

// ConsensusAnswers are the pre-filled consensus answers of the spreads,
// without the answers that are irrelevant under them.
func ConsensusAnswers(q *questionnaires.Questionnaire, spreads []Spread) questionnaires.Answers {
	a := questionnaires.Answers{}
	for _, s := range spreads {
		if s.HasConsensus {
			a[s.Item] = s.Consensus
		}
	}
	return q.PruneIrrelevant(a)
}
