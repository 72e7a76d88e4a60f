package survey_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
)

func TestSubmitBatch(t *testing.T) {
	f := newFixture(t)
	f.setup(t)
	for i := 0; i < 4; i++ {
		if _, err := f.svc.CreateAssociation(f.ctx, admin, association(fmt.Sprintf("b%d", i), "BR")); err != nil {
			t.Fatal(err)
		}
	}
	good := membershipAnswers(t, f)
	// b3 has a draft already: a batch does not overwrite it
	if _, err := f.svc.SaveDraft(f.ctx, assocPrincipal("b3"), survey.DraftInput{ResponseRef: ref("b3", "membership"), Answers: questionnaires.Answers{}}); err != nil {
		t.Fatal(err)
	}
	items := []survey.BatchItem{
		{Association: "b0", Questionnaire: "membership", Key: "batch-key-0", Answers: good},
		{Association: "b1", Questionnaire: "membership", Key: "batch-key-1", Answers: good},
		{Association: "b2", Questionnaire: "membership", Key: "batch-key-2", Answers: questionnaires.Answers{"members_now": questionnaires.Num(3)}},
		{Association: "nobody", Questionnaire: "membership", Key: "batch-key-3", Answers: good},
		{Association: "b0", Questionnaire: "cooking", Key: "batch-key-4", Answers: good},
		{Association: "b3", Questionnaire: "membership", Key: "batch-key-5", Answers: good},
	}
	res, err := f.svc.SubmitBatch(f.ctx, admin, "c1", items)
	if err != nil {
		t.Fatal(err)
	}
	var ve *survey.ValidationError
	checks := []func(survey.BatchResult) bool{
		func(r survey.BatchResult) bool { return r.Err == nil && r.Response.Status == survey.StatusSubmitted },
		func(r survey.BatchResult) bool { return r.Err == nil && r.Response.Scores.Scored },
		func(r survey.BatchResult) bool { return errors.As(r.Err, &ve) },
		func(r survey.BatchResult) bool { return errors.Is(r.Err, survey.ErrNotFound) },
		func(r survey.BatchResult) bool { return errors.Is(r.Err, survey.ErrNotFound) },
		func(r survey.BatchResult) bool { return errors.Is(r.Err, survey.ErrConflict) },
	}
	for i, ok := range checks {
		if !ok(res[i]) {
			t.Errorf("item %d: %+v", i, res[i])
		}
	}
	stored, err := f.svc.GetResponse(f.ctx, admin, ref("b0", "membership"))
	if err != nil || stored.Status != survey.StatusSubmitted || stored.Scores.Score != res[0].Response.Scores.Score {
		t.Errorf("stored b0: %+v, %v", stored, err)
	}
	draft, _ := f.svc.GetResponse(f.ctx, admin, ref("b3", "membership"))
	if draft.Status != survey.StatusDraft {
		t.Errorf("b3's draft was overwritten: %s", draft.Status)
	}
	// the same batch again: the two submitted ones are idempotent repeats
	again, err := f.svc.SubmitBatch(f.ctx, admin, "c1", items[:2])
	if err != nil || again[0].Err != nil || again[1].Err != nil || again[0].Response.Revision != 1 {
		t.Errorf("repeat: %+v, %v", again, err)
	}
	changed := items[0]
	changed.Key = "batch-key-other"
	if r, _ := f.svc.SubmitBatch(f.ctx, admin, "c1", []survey.BatchItem{changed}); !errors.Is(r[0].Err, survey.ErrClosed) {
		t.Errorf("another key on a submitted response: %v, want ErrClosed", r[0].Err)
	}
	if _, err := f.svc.SubmitBatch(f.ctx, analyst, "c1", items[:1]); !errors.Is(err, survey.ErrForbidden) {
		t.Errorf("analyst batch: %v, want ErrForbidden", err)
	}
}
