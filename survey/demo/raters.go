package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
)

// Demo raters: a few associations that submitted everything in the
// midterm had three people rate their financial sustainability first —
// a board member, a staff member and a volunteer — whose answers differ
// from the consensus the association submitted by a level or two here and
// there, so that the divergence page and the consensus index have
// something to show.

// raterAssociations is how many associations have demo raters.
const raterAssociations = 3

// raterQuestionnaire is the questionnaire the demo raters fill in.
const raterQuestionnaire = "financial-sustainability"

// demoRaters are the demo raters' names.
var demoRaters = []string{"Board member", "Staff member", "Volunteer"}

// seedRaters invites and submits the demo raters of the first few
// associations that submitted everything in the midterm (svc's clock is
// inside the midterm).
func seedRaters(ctx context.Context, svc *survey.Service, ps []plan, seed uint64, sum *Summary) error {
	done := 0
	for i, pl := range ps {
		if done == raterAssociations {
			break
		}
		if !pl.inBaseline || pl.notStarted || len(pl.draftOnly) > 0 {
			continue
		}
		done++
		panel, err := svc.Raters(ctx, survey.System, Midterm, pl.assoc.ID)
		if err != nil {
			return err
		}
		if len(panel.Raters) > 0 {
			continue // seeded before
		}
		ref := survey.ResponseRef{Campaign: Midterm, Association: pl.assoc.ID, Questionnaire: raterQuestionnaire}
		consensus, err := svc.GetResponse(ctx, survey.System, ref)
		if err != nil {
			return err
		}
		if consensus.Status != survey.StatusSubmitted {
			continue
		}
		q, err := svc.Questionnaire(ctx, consensus.Key())
		if err != nil {
			return err
		}
		rng := rand.New(rand.NewPCG(seed+uint64(i), 0x72617465))
		for k, name := range demoRaters {
			if err := seedRater(ctx, svc, ref, perturb(q, consensus.Answers, k, rng), name); err != nil {
				return fmt.Errorf("rater %s of %s: %w", name, pl.assoc.ID, err)
			}
			sum.Raters++
		}
	}
	return nil
}

// seedRater invites one rater and submits its answers.
func seedRater(ctx context.Context, svc *survey.Service, ref survey.ResponseRef, answers questionnaires.Answers, name string) error {
	inv, err := svc.InviteRater(ctx, survey.System, ref.Campaign, ref.Association, name)
	if err != nil {
		return err
	}
	p, err := svc.Authenticate(ctx, inv.Token)
	if err != nil {
		return err
	}
	_, err = svc.SubmitRater(ctx, p, inv.Rater.ID, survey.SubmitInput{ResponseRef: ref, Key: "demo-rater-" + inv.Rater.ID, Answers: answers})
	return err
}

// perturb returns rater k's answers: a copy of the consensus a with its
// likert and rubric levels spread around the consensus (the first rater a
// level lower, the second two above the first, the third at the
// consensus: two levels apart) and some single choices moved; a change
// that would make the answers fail submission is left out.
func perturb(q *questionnaires.Questionnaire, a questionnaires.Answers, k int, rng *rand.Rand) questionnaires.Answers {
	out := a.Clone()
	for _, qu := range q.Questions() {
		v, ok := out[qu.ID]
		if !ok || v.IsNA() {
			continue
		}
		next := v
		switch {
		case (qu.Type == questionnaires.TypeLikert || qu.Type == questionnaires.TypeRubric) && len(qu.Levels) > 2:
			lo := max(1, v.Num-1)
			hi := min(float64(len(qu.Levels)), lo+2)
			lo = hi - 2
			next.Num = []float64{lo, hi, v.Num}[k%3]
		case qu.Type == questionnaires.TypeSingleChoice && len(qu.Choices) > 1 && rng.Float64() < 0.3:
			next.Str = qu.Choices[rng.IntN(len(qu.Choices))].ID
		default:
			continue
		}
		out[qu.ID] = next
		if q.Validate(out, questionnaires.Submit, "en") != nil {
			out[qu.ID] = v
		}
	}
	return out
}
