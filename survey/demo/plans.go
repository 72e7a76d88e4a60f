package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/assocbench/assocbench/survey"
)

// Demo action plans: about half of the baseline's associations wrote a
// plan from their baseline scorecard ("where to improve first" of each
// area), with statuses as the year went; a quarter of them have already
// carried their open items into a midterm plan and marked some done, so
// that the midterm scorecard shows a follow-up and the working group's
// plan table has something to show.

// demoActions are plan actions by area (demo content, in English).
var demoActions = map[string][]string{
	"financial": {"Write a fundraising strategy and present it to the board", "Build up a reserve of three months of spending",
		"Apply to two new grant programmes", "Introduce a sponsorship package for the annual conference"},
	"membership": {"Call every member who did not renew", "Write a welcome pack for new members",
		"Introduce a reduced rate for students", "Survey members on what they value"},
	"communications": {"Publish a communications plan for the year", "Post every week on two social networks",
		"Train three spokespeople for the media", "Run a campaign for National Library Week"},
}

// demoOwners are plan owners (roles).
var demoOwners = []string{"Treasurer", "Secretary general", "Membership officer", "Communications committee", "Board"}

// demoStatus draws a status as a plan stands a year on.
func demoStatus(rng *rand.Rand) survey.PlanStatus {
	switch x := rng.Float64(); {
	case x < 0.35:
		return survey.PlanDone
	case x < 0.65:
		return survey.PlanInProgress
	case x < 0.85:
		return survey.PlanPlanned
	}
	return survey.PlanDropped
}

// seedPlans writes the demo plans: baseline plans through svcs[0],
// midterm ones (the carry-over) through svcs[1].
func seedPlans(ctx context.Context, svcs []*survey.Service, ps []plan, seed uint64, sum *Summary) error {
	for i, pl := range ps {
		if !pl.inBaseline || i%2 != 0 {
			continue
		}
		rng := rand.New(rand.NewPCG(seed+uint64(i), 0x706c616e))
		p := survey.Principal{Role: survey.RoleAssociation, Association: pl.assoc.ID, Token: "demo"}
		saved, err := seedPlan(ctx, svcs[0], p, Baseline, rng)
		if err != nil {
			return err
		}
		if saved {
			sum.Plans++
		}
		if i%4 != 0 {
			continue
		}
		if saved, err = seedCarryOver(ctx, svcs[1], p, rng); err != nil {
			return err
		}
		if saved {
			sum.Plans++
		}
	}
	return nil
}

// seedPlan writes an association's baseline plan from its scorecard
// unless it has one; it reports whether it wrote one.
func seedPlan(ctx context.Context, svc *survey.Service, p survey.Principal, campaign string, rng *rand.Rand) (bool, error) {
	v, err := svc.GetPlan(ctx, p, campaign, p.Association)
	if err != nil || v.Plan.Revision > 0 {
		return false, err
	}
	card, err := svc.Scorecard(ctx, p, campaign, p.Association)
	if err != nil {
		return false, err
	}
	var items []survey.PlanItem
	for _, area := range card.Areas {
		actions := demoActions[string(area.Area)]
		for j, it := range area.Improve {
			if j >= 2 || rng.Float64() < 0.3 {
				continue
			}
			items = append(items, survey.PlanItem{Questionnaire: area.Questionnaire, Item: it.ID,
				Action: actions[rng.IntN(len(actions))], Owner: demoOwners[rng.IntN(len(demoOwners))],
				Due: fmt.Sprintf("2026-%02d-%02d", 1+rng.IntN(9), 1+rng.IntN(28)), Status: demoStatus(rng),
				Target: math.Min(100, math.Round(it.Points/10)*10+40)})
		}
	}
	if len(items) == 0 {
		return false, nil
	}
	if _, err := svc.SavePlan(ctx, p, survey.PlanInput{Campaign: campaign, Association: p.Association, Items: items}); err != nil {
		return false, fmt.Errorf("plan of %s in %s: %w", p.Association, campaign, err)
	}
	return true, nil
}

// seedCarryOver saves the midterm plan with the items carried over from
// the baseline, some of them now done; it reports whether it wrote one.
func seedCarryOver(ctx context.Context, svc *survey.Service, p survey.Principal, rng *rand.Rand) (bool, error) {
	v, err := svc.GetPlan(ctx, p, Midterm, p.Association)
	if err != nil || v.Plan.Revision > 0 || len(v.Plan.Items) == 0 {
		return false, err
	}
	items := v.Plan.Items
	for j := range items {
		if rng.Float64() < 0.4 {
			items[j].Status = survey.PlanDone
		}
	}
	if _, err := svc.SavePlan(ctx, p, survey.PlanInput{Campaign: Midterm, Association: p.Association, Items: items}); err != nil {
		return false, fmt.Errorf("plan of %s in %s: %w", p.Association, Midterm, err)
	}
	return true, nil
}
