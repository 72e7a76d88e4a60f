package survey

import (
	"context"
	"fmt"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
)

// The plans' table family of the publication. A campaign's release holds,
// for every association with a submitted response that had a plan in the
// previous campaign, per area of that plan: the share of its items done,
// the mean change of its planned items and the mean change of its other
// items of the area (scoring.FollowedArea). Those are ordinary metrics of
// the release (scoring.PlanMetric), under the same rules as every other
// cell: n counts associations with a plan in the area, a group with fewer
// than k of them shows n only, medians only from 2k, secondary suppression
// and the audit over every table. The three metrics of an area share one
// suppression owner. The share done is a bounded metric (0-100); the
// changes are not (they lie in -100..100, beyond the audit's bounds).
// Plans of associations that did not submit in the campaign are not
// counted: a follow-up needs new scores.

// planAreas are the areas of the plan table family, in table order.
var planAreas = []questionnaires.Area{questionnaires.AreaFinancial, questionnaires.AreaMembership, questionnaires.AreaCommunications}

// PlanMetrics returns the plan metric names in table order: for each area,
// done, planned and unplanned.
func PlanMetrics() []string {
	var out []string
	for _, a := range planAreas {
		for _, k := range scoring.PlanKinds {
			out = append(out, scoring.PlanMetric(string(a), k))
		}
	}
	return out
}

// planSpecs are the publication's plan metrics.
func planSpecs() []scoring.MetricSpec {
	var out []scoring.MetricSpec
	for _, a := range planAreas {
		for _, k := range scoring.PlanKinds {
			out = append(out, scoring.MetricSpec{Name: scoring.PlanMetric(string(a), k), Bounded: k == scoring.PlanDone,
				Owner: scoring.PlanOwner(string(a))})
		}
	}
	return out
}

// addPlanUnits adds the plan metrics to a release's input: their specs,
// and, when the previous campaign has plans, a copy of the data with
// their columns.
func (s *Service) addPlanUnits(ctx context.Context, c *Campaign, in *scoring.PublicationInput) error {
	in.Metrics = append(in.Metrics, planSpecs()...)
	if c.Previous == "" || in.Data == nil {
		return nil
	}
	plans, err := s.store.ListPlans(ctx, c.Previous)
	if err != nil {
		return fmt.Errorf("plans of %s: %w", c.Previous, err)
	}
	if len(plans) == 0 {
		return nil
	}
	pc, err := s.store.GetCampaign(ctx, c.Previous)
	if err != nil {
		return fmt.Errorf("campaign %s: %w", c.Previous, err)
	}
	rows := make(map[string]int, in.Data.Len())
	for row := range in.Data.Len() {
		rows[in.Data.ID(row)] = row
	}
	d := in.Data.Clone()
	for _, pl := range plans {
		row, ok := rows[pl.Association]
		if !ok {
			continue
		}
		f, err := s.planFollowUp(ctx, c, pc, pl)
		if err != nil {
			return err
		}
		for _, a := range f.Areas {
			for kind, v := range a.PlanValues() {
				d.Set(row, d.AddMetric(scoring.PlanMetric(a.Area, kind)), v)
			}
		}
	}
	in.Data = d
	return nil
}

// planFollowUp is the follow-up of prev (a plan of pc) in campaign c.
func (s *Service) planFollowUp(ctx context.Context, c, pc *Campaign, prev *ActionPlan) (PlanFollowUp, error) {
	cur, err := s.store.GetPlan(ctx, PlanID(c.ID, prev.Association))
	if err != nil && !IsNotFound(err) {
		return PlanFollowUp{}, fmt.Errorf("get plan: %w", err)
	}
	before, err := s.itemPoints(ctx, pc, prev.Association)
	if err != nil {
		return PlanFollowUp{}, err
	}
	after, err := s.itemPoints(ctx, c, prev.Association)
	if err != nil {
		return PlanFollowUp{}, err
	}
	areas, err := s.itemAreas(ctx, pc)
	if err != nil {
		return PlanFollowUp{}, err
	}
	return followPlan(prev, cur, before, after, areas), nil
}

// PlanTable returns the plan table family of the campaign's latest
// release grouped by groupBy (analysts and administrators): per group
// and area, n associations with a plan, the share of items done, and the
// changes of planned and unplanned items.
func (s *Service) PlanTable(ctx context.Context, p Principal, campaign string, groupBy []string) (*scoring.Table, error) {
	if err := requireRole(p, RoleAdmin, RoleAnalyst); err != nil {
		return nil, err
	}
	rel, _, err := s.latestRelease(ctx, campaign)
	if err != nil {
		return nil, err
	}
	t, err := rel.Table(PlanMetrics(), groupBy)
	if err != nil {
		return nil, invalid("group_by", "%v", err)
	}
	return t, nil
}
