package survey

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
)

// The mentorship pilot's outcomes: a table family of the publication. A
// campaign's release holds, for every association with a submitted
// response whose previous campaign is that of the pairing, per area: the
// change of its area score since the previous campaign, as
// "mentoring:<area>/matched" when it was the mentee of a pair of that
// area in the previous campaign that was accepted (accepted, active or
// completed), or "mentoring:<area>/unmatched" when it sought mentoring
// in the area (its enrolment says so and it was emerging or developing
// there) but had no such pair. They are ordinary metrics of the release
// under the rules of every cell: a group with fewer than k associations
// shows n only, a median needs 2k, secondary suppression and the audit
// over every table. The two change metrics of an area share one
// suppression owner; changes lie in -100..100, beyond the audit's bounds.
// The third kind, "mentoring:<area>/rating", is the pilot's feedback in
// the release of the pairs' own campaign (OutcomeRating): the working
// group sees the feedback only through it.

// Outcome kinds. OutcomeRating is the pilot's feedback: for every mentee
// of a pair of the release's own campaign that was rated, the mean of the
// ratings (1-5, both sides) its pairs of the area received; it has its own
// suppression owner.
const (
	OutcomeMatched   = "matched"
	OutcomeUnmatched = "unmatched"
	OutcomeRating    = "rating"
)

// MentoringOutcomeMetric is the metric name of an area's outcome kind.
func MentoringOutcomeMetric(area, kind string) string { return "mentoring:" + area + "/" + kind }

// MentoringOutcomeMetrics returns the outcome metric names in table order.
func MentoringOutcomeMetrics() []string {
	var out []string
	for _, a := range mentoringAreas {
		out = append(out, MentoringOutcomeMetric(a, OutcomeMatched), MentoringOutcomeMetric(a, OutcomeUnmatched),
			MentoringOutcomeMetric(a, OutcomeRating))
	}
	return out
}

// outcomeSpecs are the publication's outcome metrics.
func outcomeSpecs() []scoring.MetricSpec {
	var out []scoring.MetricSpec
	for _, name := range MentoringOutcomeMetrics() {
		owner := "mentoring:" + outcomeArea(name)
		if strings.HasSuffix(name, "/"+OutcomeRating) {
			owner = name
		}
		out = append(out, scoring.MetricSpec{Name: name, Owner: owner})
	}
	return out
}

// outcomeArea is the area of an outcome metric name.
func outcomeArea(name string) string {
	for _, a := range mentoringAreas {
		if strings.HasPrefix(name, "mentoring:"+a+"/") {
			return a
		}
	}
	return ""
}

// outcomeInput is what the outcomes are computed from, per association
// and area: the scores before and after, whether it was matched, and
// whether it sought mentoring.
type outcomeInput struct {
	before, after map[string]map[string]float64 // association -> area -> score
	matched       map[string]bool               // "association/area"
	sought        map[string]bool               // "association/area"
}

// outcomes computes the outcome values: association -> metric -> change.
func outcomes(in outcomeInput) map[string]map[string]float64 {
	out := map[string]map[string]float64{}
	for id, after := range in.after {
		for _, area := range mentoringAreas {
			a, ok1 := after[area]
			b, ok2 := in.before[id][area]
			if !ok1 || !ok2 {
				continue
			}
			kind := ""
			switch key := id + "/" + area; {
			case in.matched[key]:
				kind = OutcomeMatched
			case in.sought[key]:
				kind = OutcomeUnmatched
			default:
				continue
			}
			if out[id] == nil {
				out[id] = map[string]float64{}
			}
			out[id][MentoringOutcomeMetric(area, kind)] = a - b
		}
	}
	return out
}

// addMentoringUnits adds the outcome metrics to a release's input: their
// specs, and, when the previous campaign has pairs or the campaign's own
// pairs were rated, a copy of the data with their columns.
func (s *Service) addMentoringUnits(ctx context.Context, c *Campaign, in *scoring.PublicationInput) error {
	in.Metrics = append(in.Metrics, outcomeSpecs()...)
	if in.Data == nil {
		return nil
	}
	vals, err := s.outcomeValues(ctx, c, in.Data)
	if err != nil {
		return err
	}
	own, err := s.store.ListPairs(ctx, c.ID)
	if err != nil {
		return fmt.Errorf("pairs of %s: %w", c.ID, err)
	}
	for id, ms := range ratings(own) {
		if vals[id] == nil {
			vals[id] = map[string]float64{}
		}
		maps.Copy(vals[id], ms)
	}
	if len(vals) == 0 {
		return nil
	}
	rows := make(map[string]int, in.Data.Len())
	for row := range in.Data.Len() {
		rows[in.Data.ID(row)] = row
	}
	d := in.Data.Clone()
	for id, ms := range vals {
		row, ok := rows[id]
		if !ok {
			continue // a mentee without a submitted response: no unit
		}
		for m, v := range ms {
			d.Set(row, d.AddMetric(m), v)
		}
	}
	in.Data = d
	return nil
}

// ratings is the rating metric of every rated mentee: per area, the mean
// of the ratings its pairs received.
func ratings(pairs []*Pair) map[string]map[string]float64 {
	type acc struct{ sum, n int }
	byKey := map[[2]string]*acc{}
	for _, p := range pairs {
		for _, f := range p.Feedback {
			k := [2]string{p.Mentee, p.Area}
			if byKey[k] == nil {
				byKey[k] = &acc{}
			}
			byKey[k].sum += f.Rating
			byKey[k].n++
		}
	}
	out := map[string]map[string]float64{}
	for k, a := range byKey {
		if out[k[0]] == nil {
			out[k[0]] = map[string]float64{}
		}
		out[k[0]][MentoringOutcomeMetric(k[1], OutcomeRating)] = float64(a.sum) / float64(a.n)
	}
	return out
}

// outcomeValues computes the outcome values of the campaign's data
// against the pairs of its previous campaign (none without one).
func (s *Service) outcomeValues(ctx context.Context, c *Campaign, data *scoring.Dataset) (map[string]map[string]float64, error) {
	if c.Previous == "" {
		return map[string]map[string]float64{}, nil
	}
	pairs, err := s.store.ListPairs(ctx, c.Previous)
	if err != nil {
		return nil, fmt.Errorf("pairs of %s: %w", c.Previous, err)
	}
	if len(pairs) == 0 {
		return map[string]map[string]float64{}, nil
	}
	prev, err := s.results(ctx, c.Previous)
	if err != nil {
		return nil, err
	}
	oi := outcomeInput{before: map[string]map[string]float64{}, after: map[string]map[string]float64{},
		matched: map[string]bool{}, sought: map[string]bool{}}
	for _, p := range pairs {
		if p.Holds() || p.State == PairCompleted {
			oi.matched[p.Mentee+"/"+p.Area] = true
		}
	}
	var ids []string
	for row := range data.Len() {
		id := data.ID(row)
		ids = append(ids, id)
		for _, area := range mentoringAreas {
			if j, ok := data.Metric(scoring.AreaMetric(questionnaires.Area(area))); ok {
				if v, ok := data.Value(row, j); ok {
					if oi.after[id] == nil {
						oi.after[id] = map[string]float64{}
					}
					oi.after[id][area] = v
				}
			}
		}
	}
	assocs, err := s.associations(ctx, ids)
	if err != nil {
		return nil, err
	}
	prev.mu.RLock()
	for _, id := range ids {
		for _, area := range mentoringAreas {
			v, ok := prev.value(id, scoring.AreaMetric(questionnaires.Area(area)))
			if !ok {
				continue
			}
			if oi.before[id] == nil {
				oi.before[id] = map[string]float64{}
			}
			oi.before[id][area] = v
			lv := prev.maturity[id][area]
			if a := assocs[id]; a != nil && slices.Contains(a.MentoringSeeks, area) &&
				(lv == scoring.LevelEmerging || lv == scoring.LevelDeveloping) {
				oi.sought[id+"/"+area] = true
			}
		}
	}
	prev.mu.RUnlock()
	return outcomes(oi), nil
}

// MentoringOutcomes returns the outcome table family of the campaign's
// latest release grouped by groupBy (analysts and administrators): per
// group and area, the change of the area score since the campaign of the
// pairing for the matched mentees and for the seekers not matched, with
// n, and a median from 2k.
func (s *Service) MentoringOutcomes(ctx context.Context, p Principal, campaign string, groupBy []string) (*scoring.Table, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	rel, _, err := s.latestRelease(ctx, campaign)
	if err != nil {
		return nil, err
	}
	t, err := rel.Table(MentoringOutcomeMetrics(), groupBy)
	if err != nil {
		return nil, invalid("group_by", "%v", err)
	}
	return t, nil
}
