package survey

import (
	"context"
	"fmt"
	"slices"

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
// over every table. The two metrics of an area share one suppression
// owner; changes lie in -100..100, beyond the audit's bounds.

// Outcome kinds.
const (
	OutcomeMatched   = "matched"
	OutcomeUnmatched = "unmatched"
)

// MentoringOutcomeMetric is the metric name of an area's outcome kind.
func MentoringOutcomeMetric(area, kind string) string { return "mentoring:" + area + "/" + kind }

// MentoringOutcomeMetrics returns the outcome metric names in table order.
func MentoringOutcomeMetrics() []string {
	var out []string
	for _, a := range mentoringAreas {
		out = append(out, MentoringOutcomeMetric(a, OutcomeMatched), MentoringOutcomeMetric(a, OutcomeUnmatched))
	}
	return out
}

// outcomeSpecs are the publication's outcome metrics.
func outcomeSpecs() []scoring.MetricSpec {
	var out []scoring.MetricSpec
	for _, name := range MentoringOutcomeMetrics() {
		out = append(out, scoring.MetricSpec{Name: name, Owner: "mentoring:" + outcomeArea(name)})
	}
	return out
}

// outcomeArea is the area of an outcome metric name.
func outcomeArea(name string) string {
	for _, a := range mentoringAreas {
		if name == MentoringOutcomeMetric(a, OutcomeMatched) || name == MentoringOutcomeMetric(a, OutcomeUnmatched) {
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
// specs, and, when the previous campaign has pairs, a copy of the data
// with their columns.
func (s *Service) addMentoringUnits(ctx context.Context, c *Campaign, in *scoring.PublicationInput) error {
	in.Metrics = append(in.Metrics, outcomeSpecs()...)
	if c.Previous == "" || in.Data == nil {
		return nil
	}
	pairs, err := s.store.ListPairs(ctx, c.Previous)
	if err != nil {
		return fmt.Errorf("pairs of %s: %w", c.Previous, err)
	}
	if len(pairs) == 0 {
		return nil
	}
	prev, err := s.results(ctx, c.Previous)
	if err != nil {
		return err
	}
	oi := outcomeInput{before: map[string]map[string]float64{}, after: map[string]map[string]float64{},
		matched: map[string]bool{}, sought: map[string]bool{}}
	for _, p := range pairs {
		if p.Holds() || p.State == PairCompleted {
			oi.matched[p.Mentee+"/"+p.Area] = true
		}
	}
	rows := make(map[string]int, in.Data.Len())
	var ids []string
	for row := range in.Data.Len() {
		id := in.Data.ID(row)
		rows[id] = row
		ids = append(ids, id)
		for _, area := range mentoringAreas {
			if j, ok := in.Data.Metric(scoring.AreaMetric(questionnaires.Area(area))); ok {
				if v, ok := in.Data.Value(row, j); ok {
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
		return err
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
	vals := outcomes(oi)
	if len(vals) == 0 {
		return nil
	}
	d := in.Data.Clone()
	for id, ms := range vals {
		for m, v := range ms {
			d.Set(rows[id], d.AddMetric(m), v)
		}
	}
	in.Data = d
	return nil
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
