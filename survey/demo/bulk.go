package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/questionnaires/synth"
	"github.com/assocbench/assocbench/survey"
)

// BulkOptions describe a bulk campaign (Bulk).
type BulkOptions struct {
	// Campaign is the id of the campaign to create (open for a year).
	Campaign string
	// Associations is how many associations take part (at least 6).
	Associations int
	// Seed makes the data reproducible.
	Seed uint64
	// IDPrefix prefixes the associations' ids, so that several bulk
	// campaigns can share one database without sharing associations.
	IDPrefix string
	// Consent is the share of associations that share their scores with
	// the working group (0: none).
	Consent float64
	// Previous, when set, is an earlier bulk campaign of the same
	// Associations, Seed and IDPrefix: the campaign compares with it (its
	// Previous), the same associations take part (they exist already) and
	// answer anew, a little better on the whole.
	Previous string
}

// Bulk creates a campaign of many associations quickly: the demo's spread
// of regions, sizes, budgets, types and practice (its plans), every
// association submitting the three scored questionnaires through
// SubmitBatch (validated and scored as any submission). It is for tests
// and measurements at 2 000 and 10 000 associations, where Seed, which
// submits one response at a time, would take minutes. It returns the
// association ids.
func Bulk(ctx context.Context, svc *survey.Service, o BulkOptions) ([]string, error) {
	if o.Associations < len(regionMix) {
		return nil, fmt.Errorf("bulk campaign needs at least %d associations, not %d", len(regionMix), o.Associations)
	}
	now := svc.Now()
	if _, err := svc.CreateCampaign(ctx, survey.System, survey.CampaignInput{ID: o.Campaign,
		Title:          questionnaires.Text{"en": "Bulk campaign " + o.Campaign},
		Questionnaires: []string{"profile", "financial-sustainability", "membership", "communications"},
		Opens:          now.Add(-24 * time.Hour), Closes: now.Add(365 * 24 * time.Hour), Previous: o.Previous}); err != nil {
		return nil, fmt.Errorf("create campaign %s: %w", o.Campaign, err)
	}
	qids := []string{"financial-sustainability", "membership", "communications"}
	qs := make([]*questionnaires.Questionnaire, len(qids))
	for i, id := range qids {
		q, err := svc.Questionnaire(ctx, id)
		if err != nil {
			return nil, err
		}
		qs[i] = q
	}
	stream, better := uint64(0xb01c), 0.0
	if o.Previous != "" {
		stream, better = 0xb01d, 0.08
	}
	rng := rand.New(rand.NewPCG(o.Seed, stream))
	var items []survey.BatchItem
	var ids []string
	for i, pl := range plans(o.Associations, o.Seed) {
		a := pl.assoc
		a.ID = fmt.Sprintf("%s%s-%d", o.IDPrefix, a.ID, i)
		if _, err := svc.CreateAssociation(ctx, survey.System, a); err != nil && (o.Previous == "" || !errors.Is(err, survey.ErrConflict)) {
			return nil, fmt.Errorf("create association %s: %w", a.ID, err)
		}
		ids = append(ids, a.ID)
		for _, q := range qs {
			ans, err := synth.Answers(q, rng, synth.Options{Propensity: min(1, pl.propensity+better), Skip: 0.1})
			if err != nil {
				return nil, err
			}
			items = append(items, survey.BatchItem{Association: a.ID, Questionnaire: q.ID,
				Key: fmt.Sprintf("bulk-%s-%s-%s", o.Campaign, a.ID, q.ID), Answers: ans})
		}
		if rng.Float64() < o.Consent {
			if _, err := svc.SetConsent(ctx, survey.System, o.Campaign, a.ID, true); err != nil {
				return nil, err
			}
		}
	}
	const batch = 1000
	for i := 0; i < len(items); i += batch {
		res, err := svc.SubmitBatch(ctx, survey.System, o.Campaign, items[i:min(i+batch, len(items))])
		if err != nil {
			return nil, fmt.Errorf("submit to %s: %w", o.Campaign, err)
		}
		for j, r := range res {
			if r.Err != nil {
				return nil, fmt.Errorf("submit %s: %w", items[i+j].Association, r.Err)
			}
		}
	}
	return ids, nil
}
