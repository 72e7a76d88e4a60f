package survey_test

import (
	"errors"
	"testing"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
)

const finance = "financial-sustainability"

// raterFixture is campaign c1 with three raters of a1, signed in with
// the tokens they were given.
type raterFixture struct {
	*fixture
	coord  survey.Principal
	raters []survey.Principal
	q      *questionnaires.Questionnaire
}

func newRaterFixture(t *testing.T) *raterFixture {
	t.Helper()
	f := newFixture(t)
	f.setup(t)
	rf := &raterFixture{fixture: f, coord: survey.Principal{Role: survey.RoleAssociation, Association: "a1", Token: "coord"}}
	for _, name := range []string{"Board member", "Staff member", "Volunteer"} {
		inv, err := f.svc.InviteRater(f.ctx, rf.coord, "c1", "a1", name)
		if err != nil {
			t.Fatal(err)
		}
		p, err := f.svc.Authenticate(f.ctx, inv.Token)
		if err != nil {
			t.Fatal(err)
		}
		rf.raters = append(rf.raters, p)
	}
	q, err := f.svc.Questionnaire(f.ctx, finance)
	if err != nil {
		t.Fatal(err)
	}
	rf.q = q
	return rf
}

// rate saves a draft of rater i and submits it, answers from seed.
func (rf *raterFixture) rate(t *testing.T, i int, seed uint64) questionnaires.Answers {
	t.Helper()
	ans, err := synthAnswers(rf.q, seed)
	if err != nil {
		t.Fatal(err)
	}
	p := rf.raters[i]
	ref := survey.ResponseRef{Campaign: "c1", Association: "a1", Questionnaire: finance}
	d, err := rf.svc.SaveRaterDraft(rf.ctx, p, p.Rater.ID, survey.DraftInput{ResponseRef: ref, Answers: ans})
	if err != nil {
		t.Fatal(err)
	}
	if d.Revision != 1 {
		t.Fatalf("rater draft revision %d, want 1", d.Revision)
	}
	if _, err := rf.svc.SubmitRater(rf.ctx, p, p.Rater.ID, survey.SubmitInput{ResponseRef: ref, Key: "rater-key-" + p.Rater.ID}); err != nil {
		t.Fatal(err)
	}
	return ans
}

func TestInviteRaterChecks(t *testing.T) {
	rf := newRaterFixture(t)
	a2 := survey.Principal{Role: survey.RoleAssociation, Association: "a2"}
	analyst := survey.Principal{Role: survey.RoleAnalyst, Token: "an"}
	var ve *survey.ValidationError
	tests := []struct {
		name  string
		p     survey.Principal
		rater string
		check func(error) bool
	}{
		{"empty name", rf.coord, "  ", func(err error) bool { return errors.As(err, &ve) && ve.Fields["name"] != "" }},
		{"another association", a2, "X", survey.IsNotFound},
		{"analyst", analyst, "X", func(err error) bool { return errors.Is(err, survey.ErrForbidden) }},
		{"a rater", rf.raters[0], "X", survey.IsNotFound},
	}
	for _, tt := range tests {
		_, err := rf.svc.InviteRater(rf.ctx, tt.p, "c1", "a1", tt.rater)
		if err == nil || !tt.check(err) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	panel, err := rf.svc.Raters(rf.ctx, admin, "c1", "a1")
	if err != nil {
		t.Fatal(err)
	}
	if len(panel.Raters) != 3 || panel.Raters[2].ID != "r3" || panel.Raters[2].Name != "Volunteer" {
		t.Errorf("panel %+v: want r1-r3, r3 the volunteer", panel.Raters)
	}
	if p := rf.raters[1]; p.Role != survey.RoleRater || p.Association != "" || p.Rater != (survey.RaterRef{Campaign: "c1", Association: "a1", ID: "r2"}) {
		t.Errorf("rater principal %+v", p)
	}
}

// TestRaterConfidentiality: a rater reaches its own response only; the
// consensus and the divergence once it has submitted, read-only.
func TestRaterConfidentiality(t *testing.T) {
	rf := newRaterFixture(t)
	r1, r2 := rf.raters[0], rf.raters[1]
	ref := survey.ResponseRef{Campaign: "c1", Association: "a1", Questionnaire: finance}
	own := survey.RaterRef{Campaign: "c1", Association: "a1", ID: "r1"}
	other := survey.RaterRef{Campaign: "c1", Association: "a1", ID: "r2"}
	if _, err := rf.svc.GetRaterResponse(rf.ctx, r1, own, finance); err != nil {
		t.Errorf("own response: %v", err)
	}
	rf.rate(t, 1, 7) // r2 submitted
	analyst := survey.Principal{Role: survey.RoleAnalyst, Token: "an"}
	a2 := survey.Principal{Role: survey.RoleAssociation, Association: "a2"}
	denied := []struct {
		name string
		err  error
		want error
	}{}
	add := func(name string, want error, err error) {
		denied = append(denied, struct {
			name string
			err  error
			want error
		}{name, err, want})
	}
	_, err := rf.svc.GetRaterResponse(rf.ctx, r1, other, finance)
	add("r1 reads r2", survey.ErrNotFound, err)
	_, err = rf.svc.GetRaterResponse(rf.ctx, analyst, other, finance)
	add("analyst reads r2", survey.ErrForbidden, err)
	_, err = rf.svc.GetRaterResponse(rf.ctx, a2, other, finance)
	add("a2 reads r2", survey.ErrNotFound, err)
	_, err = rf.svc.SaveRaterDraft(rf.ctx, rf.coord, "r1", survey.DraftInput{ResponseRef: ref, Answers: questionnaires.Answers{}})
	add("coordinator writes r1", survey.ErrNotFound, err)
	_, err = rf.svc.GetResponse(rf.ctx, r1, ref)
	add("r1 reads the consensus before submitting", survey.ErrNotFound, err)
	_, err = rf.svc.Divergence(rf.ctx, r1, "c1", "a1", finance)
	add("r1 reads the divergence before submitting", survey.ErrNotFound, err)
	_, err = rf.svc.Divergence(rf.ctx, analyst, "c1", "a1", finance)
	add("analyst reads the divergence", survey.ErrForbidden, err)
	_, err = rf.svc.GetRaterResponse(rf.ctx, r1, own, "profile")
	add("a rater response to the profile", survey.ErrNotFound, err)
	_, err = rf.svc.GetResponse(rf.ctx, r2, survey.ResponseRef{Campaign: "c1", Association: "a1", Questionnaire: "profile"})
	add("r2 reads the association's profile", survey.ErrNotFound, err)
	_, err = rf.svc.ListResponses(rf.ctx, r2, "c1", "a1")
	add("r2 lists the association's responses", survey.ErrNotFound, err)
	_, err = rf.svc.GetAssociation(rf.ctx, r2, "a1")
	add("r2 reads the association record", survey.ErrNotFound, err)
	for _, d := range denied {
		if !errors.Is(d.err, d.want) {
			t.Errorf("%s: %v, want %v", d.name, d.err, d.want)
		}
	}
	// after submitting: the consensus read-only, the divergence without names
	if _, err := rf.svc.SaveDraft(rf.ctx, rf.coord, survey.DraftInput{ResponseRef: ref, Answers: questionnaires.Answers{}}); err != nil {
		t.Fatal(err)
	}
	if r, err := rf.svc.GetResponse(rf.ctx, r2, ref); err != nil || r.Association != "a1" {
		t.Errorf("r2 reads the consensus after submitting: %v", err)
	}
	if _, err := rf.svc.SaveDraft(rf.ctx, r2, survey.DraftInput{ResponseRef: ref, Revision: 1, Answers: questionnaires.Answers{}}); !survey.IsNotFound(err) {
		t.Errorf("r2 writes the consensus: %v, want not found", err)
	}
	rf.rate(t, 2, 8)
	d, err := rf.svc.Divergence(rf.ctx, r2, "c1", "a1", finance)
	if err != nil {
		t.Fatal(err)
	}
	if d.Submitted != 2 || len(d.Raters) != 2 {
		t.Fatalf("divergence raters %+v", d.Raters)
	}
	for _, c := range d.Raters {
		if c.Name != "" {
			t.Errorf("a rater sees the name %q", c.Name)
		}
		if c.Self != (c.ID == "r2") {
			t.Errorf("column %+v: self wrong", c)
		}
	}
	dc, err := rf.svc.Divergence(rf.ctx, rf.coord, "c1", "a1", finance)
	if err != nil {
		t.Fatal(err)
	}
	if dc.Raters[0].Name != "Staff member" || len(dc.Items) == 0 || dc.Index == nil {
		t.Errorf("coordinator's divergence: %+v", dc)
	}
}

// TestConsensusScoredAlone: raters' answers stay out of the responses;
// only the consensus is scored; the campaign minimum holds the
// coordinator (not an administrator) back; the scorecard shows the index.
func TestConsensusScoredAlone(t *testing.T) {
	rf := newRaterFixture(t)
	min := 3
	if _, err := rf.svc.PatchCampaign(rf.ctx, admin, "c1", survey.CampaignPatch{Raters: &survey.RaterRule{Min: min}}); err != nil {
		t.Fatal(err)
	}
	var ve *survey.ValidationError
	if _, err := rf.svc.PatchCampaign(rf.ctx, admin, "c1", survey.CampaignPatch{Raters: &survey.RaterRule{Min: -1}}); !errors.As(err, &ve) || ve.Fields["raters.min"] == "" {
		t.Errorf("raters.min -1: %v", err)
	}
	rf.rate(t, 0, 11)
	rf.rate(t, 1, 12)
	d, err := rf.svc.Divergence(rf.ctx, rf.coord, "c1", "a1", finance)
	if err != nil {
		t.Fatal(err)
	}
	consensus, err := synthAnswers(rf.q, 13)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range d.Prefill {
		consensus[k] = v
	}
	consensus = rf.q.PruneIrrelevant(consensus)
	ref := survey.ResponseRef{Campaign: "c1", Association: "a1", Questionnaire: finance}
	sub := survey.SubmitInput{ResponseRef: ref, Key: "consensus-key", Answers: consensus}
	if _, err := rf.svc.Submit(rf.ctx, rf.coord, sub); !errors.As(err, &ve) || ve.Fields["raters"] == "" {
		t.Fatalf("consensus with 2 of 3 raters: %v, want a validation error on raters", err)
	}
	rf.rate(t, 2, 14)
	r, err := rf.svc.Submit(rf.ctx, rf.coord, sub)
	if err != nil {
		t.Fatal(err)
	}
	want := scoring.Score(rf.q, consensus)
	if r.Scores.Score != want.Score {
		t.Errorf("consensus score %v, want %v", r.Scores.Score, want.Score)
	}
	var stored []*survey.Response
	if err := rf.store.StreamResponses(rf.ctx, survey.ResponseFilter{Campaign: "c1"}, func(r *survey.Response) error {
		stored = append(stored, r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(stored) != 1 || stored[0].ID != "c1/a1/"+finance {
		t.Errorf("responses of c1: %d, want the consensus only", len(stored))
	}
	ds := rf.dataset(t, rf.svc, "c1")
	m, ok := ds.Metric(scoring.AreaMetric(rf.q.Area))
	if !ok || ds.Len() != 1 {
		t.Fatalf("results model: %d rows", ds.Len())
	}
	if v, _ := ds.Value(0, m); v != want.Score {
		t.Errorf("results model score %v, want the consensus's %v", v, want.Score)
	}
	sc, err := rf.svc.Scorecard(rf.ctx, rf.coord, "c1", "a1")
	if err != nil {
		t.Fatal(err)
	}
	full, err := rf.svc.Divergence(rf.ctx, rf.coord, "c1", "a1", finance)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Raters == nil || full.Index == nil || sc.Raters.Index != *full.Index || len(sc.Raters.Areas) != 1 || sc.Raters.Areas[0].Raters != 3 {
		t.Errorf("scorecard raters %+v, want index %v of 3 raters", sc.Raters, full.Index)
	}
	if full.Consensus != survey.StatusSubmitted {
		t.Errorf("consensus status %q", full.Consensus)
	}
	// an administrator is not held to the minimum: a2 has one rater
	inv, err := rf.svc.InviteRater(rf.ctx, admin, "c1", "a2", "Only one")
	if err != nil || inv.Rater.ID != "r1" {
		t.Fatalf("invite for a2: %v", err)
	}
	ans, _ := synthAnswers(rf.q, 15)
	if _, err := rf.svc.Submit(rf.ctx, admin, survey.SubmitInput{ResponseRef: survey.ResponseRef{Campaign: "c1", Association: "a2", Questionnaire: finance},
		Key: "admin-override", Answers: ans}); err != nil {
		t.Errorf("administrator's override: %v", err)
	}
}

// TestNoRatersUnchanged: without raters a campaign with a minimum still
// takes the association's submission, and the scorecard has no raters.
func TestNoRatersUnchanged(t *testing.T) {
	f := newFixture(t)
	f.setup(t)
	if _, err := f.svc.PatchCampaign(f.ctx, admin, "c1", survey.CampaignPatch{Raters: &survey.RaterRule{Min: 3}}); err != nil {
		t.Fatal(err)
	}
	q, _ := f.svc.Questionnaire(f.ctx, finance)
	ans, _ := synthAnswers(q, 3)
	a1 := survey.Principal{Role: survey.RoleAssociation, Association: "a1"}
	if _, err := f.svc.Submit(f.ctx, a1, survey.SubmitInput{ResponseRef: survey.ResponseRef{Campaign: "c1", Association: "a1", Questionnaire: finance},
		Key: "no-raters", Answers: ans}); err != nil {
		t.Fatal(err)
	}
	sc, err := f.svc.Scorecard(f.ctx, a1, "c1", "a1")
	if err != nil || sc.Raters != nil {
		t.Errorf("scorecard raters %+v, %v: want none", sc.Raters, err)
	}
}

// TestStartConsensusKeepsOwnAnswers: pre-filling the consensus fills the
// items the draft leaves unanswered with the raters' median and keeps the
// coordinator's own; a rater's submission is idempotent.
func TestStartConsensusKeepsOwnAnswers(t *testing.T) {
	rf := newRaterFixture(t)
	ref := survey.ResponseRef{Campaign: "c1", Association: "a1", Questionnaire: finance}
	if _, err := rf.svc.StartConsensus(rf.ctx, rf.coord, "c1", "a1", finance); err == nil {
		t.Error("a consensus pre-filled without two raters")
	}
	for i, level := range []float64{1, 4, 2} {
		ans, err := synthAnswers(rf.q, 21)
		if err != nil {
			t.Fatal(err)
		}
		ans["confidence_12m"] = questionnaires.Num(level)
		p := rf.raters[i]
		in := survey.SubmitInput{ResponseRef: ref, Key: "rater-start-" + p.Rater.ID, Answers: ans}
		first, err := rf.svc.SubmitRater(rf.ctx, p, p.Rater.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if again, err := rf.svc.SubmitRater(rf.ctx, p, p.Rater.ID, in); err != nil || again.Revision != first.Revision {
			t.Errorf("a repeated rater submission: %v, revision %d, want %d", err, again.Revision, first.Revision)
		}
		other := in
		other.Answers = ans.Clone()
		other.Answers["confidence_12m"] = questionnaires.Num(5)
		if _, err := rf.svc.SubmitRater(rf.ctx, p, p.Rater.ID, other); !errors.Is(err, survey.ErrConflict) {
			t.Errorf("the same key with other answers: %v, want a conflict", err)
		}
	}
	if _, err := rf.svc.SaveDraft(rf.ctx, rf.coord, survey.DraftInput{ResponseRef: ref, Answers: questionnaires.Answers{"multi_year_plan": questionnaires.Rubric(4, "", "")}}); err != nil {
		t.Fatal(err)
	}
	r, err := rf.svc.StartConsensus(rf.ctx, rf.coord, "c1", "a1", finance)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Answers["confidence_12m"]; !got.Equal(questionnaires.Num(2)) {
		t.Errorf("confidence_12m pre-filled %+v, want the median 2", got)
	}
	if got := r.Answers["multi_year_plan"]; got.Num != 4 {
		t.Errorf("the coordinator's multi_year_plan became %+v, want its own 4", got)
	}
	if r.Revision != 2 || r.Status != survey.StatusDraft {
		t.Errorf("consensus draft revision %d status %s", r.Revision, r.Status)
	}
}
