package survey_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
)

// Trends applies the stricter threshold of the two campaigns, so that a
// group hidden in the earlier campaign's own results stays hidden.
func TestTrendsUseTheStricterK(t *testing.T) {
	f := newFixture(t)
	ans := membershipAnswers(t, f)
	var items []survey.BatchItem
	for i := 0; i < 6; i++ {
		id := fmt.Sprintf("t%d", i)
		if _, err := f.svc.CreateAssociation(f.ctx, admin, association(id, "FR")); err != nil {
			t.Fatal(err)
		}
		items = append(items, survey.BatchItem{Association: id, Questionnaire: "membership", Key: "trend-key-" + id, Answers: ans})
	}
	for _, c := range []struct {
		id, prev string
		k        int
	}{{"c-old", "", 10}, {"c-new", "c-old", 5}} {
		_, err := f.svc.CreateCampaign(f.ctx, admin, survey.CampaignInput{ID: c.id, Title: questionnaires.Text{"en": c.id},
			Questionnaires: []string{"membership"}, Opens: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC),
			Closes: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), K: c.k, Previous: c.prev})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SubmitBatch(f.ctx, admin, c.id, items); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Publish(f.ctx, admin, c.id, ""); err != nil {
			t.Fatal(err)
		}
	}
	tr, err := f.svc.Trends(f.ctx, analyst, "c-new", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	metric := scoring.AreaMetric(questionnaires.AreaMembership)
	for _, g := range tr.Groups {
		if g.Key == scoring.AllKey && g.Metric == metric && (!g.Suppressed || g.FromMedian != 0) {
			t.Errorf("trend of %s for all: %+v; the group has n=6 < k=10 in c-old and must be hidden", metric, g)
		}
	}
}

// A profile submission rejected at the insert leaves the association as it was.
func TestRejectedProfileLeavesTheAssociation(t *testing.T) {
	f := newFixture(t)
	f.setup(t)
	p := assocPrincipal("a1")
	r, _ := f.svc.GetResponse(f.ctx, p, ref("a1", "profile"))
	if _, err := f.svc.Submit(f.ctx, p, survey.SubmitInput{ResponseRef: ref("a1", "profile"), Key: "profile-first", Answers: r.Answers}); err != nil {
		t.Fatal(err)
	}
	other := r.Answers.Clone()
	other["members_individual"] = questionnaires.Num(9000)
	res, err := f.svc.SubmitBatch(f.ctx, admin, "c1", []survey.BatchItem{{Association: "a1", Questionnaire: "profile", Key: "profile-second", Answers: other}})
	if err != nil || res[0].Err == nil {
		t.Fatalf("second profile submission: %+v, %v; want it refused", res, err)
	}
	a, _ := f.svc.GetAssociation(f.ctx, admin, "a1")
	if a.Members != 420 {
		t.Errorf("members = %d after a refused profile submission, want 420", a.Members)
	}
}

// A profile submission does not write back a stale copy of the association
// over a change made through another instance.
func TestProfileSubmitKeepsOtherChanges(t *testing.T) {
	f := newFixture(t)
	f.setup(t)
	p := assocPrincipal("a1")
	r, _ := f.svc.GetResponse(f.ctx, p, ref("a1", "profile")) // caches a1 in f.svc
	other, err := survey.NewService(f.store, survey.Options{Now: f.clock.now})
	if err != nil {
		t.Fatal(err)
	}
	name := "Renamed elsewhere"
	if _, err := other.UpdateAssociation(f.ctx, admin, "a1", survey.AssociationPatch{Name: &name}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Submit(f.ctx, p, survey.SubmitInput{ResponseRef: ref("a1", "profile"), Key: "profile-key-1", Answers: r.Answers}); err != nil {
		t.Fatal(err)
	}
	a, _ := f.store.GetAssociation(f.ctx, "a1")
	if a.Name != name {
		t.Errorf("name = %q after the profile submission, want %q", a.Name, name)
	}
}

// Closing a campaign shows at once in results that were cached.
func TestCloseRefreshesCachedResults(t *testing.T) {
	f := newFixture(t)
	f.setup(t)
	if _, err := f.svc.Submit(f.ctx, assocPrincipal("a1"), survey.SubmitInput{ResponseRef: ref("a1", "membership"), Key: "close-key-1", Answers: membershipAnswers(t, f)}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Scorecard(f.ctx, admin, "c1", "a1"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.CloseCampaign(f.ctx, admin, "c1"); err != nil {
		t.Fatal(err)
	}
	sc, err := f.svc.Scorecard(f.ctx, admin, "c1", "a1")
	if err != nil {
		t.Fatal(err)
	}
	if sc.Campaign.ClosedAt == nil {
		t.Error("the scorecard shows the campaign open after it was closed")
	}
}

// Analysts see an association's scores and levels only when it shares
// them, and never its items (points with their scoring parameters give
// the answers away) nor its profile figures.
func TestAnalystScorecardNeedsConsentAndHasNoItems(t *testing.T) {
	f := newFixture(t)
	f.setup(t)
	if _, err := f.svc.Submit(f.ctx, assocPrincipal("a1"), survey.SubmitInput{ResponseRef: ref("a1", "membership"), Key: "analyst-key-1", Answers: membershipAnswers(t, f)}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Scorecard(f.ctx, analyst, "c1", "a1"); !errors.Is(err, survey.ErrForbidden) {
		t.Fatalf("analyst reads a scorecard without consent: err = %v, want ErrForbidden", err)
	}
	if _, err := f.svc.SetConsent(f.ctx, assocPrincipal("a2"), "c1", "a1", true); !errors.Is(err, survey.ErrNotFound) {
		t.Fatalf("another association gives a1's consent: err = %v, want ErrNotFound", err)
	}
	if _, err := f.svc.SetConsent(f.ctx, analyst, "c1", "a1", true); !errors.Is(err, survey.ErrForbidden) {
		t.Fatalf("an analyst gives a1's consent: err = %v, want ErrForbidden", err)
	}
	if _, err := f.svc.SetConsent(f.ctx, assocPrincipal("a1"), "c1", "a1", true); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		p         survey.Principal
		wantItems bool
	}{{analyst, false}, {assocPrincipal("a1"), true}} {
		sc, err := f.svc.Scorecard(f.ctx, tc.p, "c1", "a1")
		if err != nil {
			t.Fatal(err)
		}
		items, scored := 0, 0
		for _, card := range sc.Areas {
			items += len(card.Items) + len(card.Improve)
			if card.Scored {
				scored++
			}
		}
		if (items > 0) != tc.wantItems || scored == 0 {
			t.Errorf("%s: %d items, %d scored areas; want items %v and the area scores", tc.p.Role, items, scored, tc.wantItems)
		}
		if tc.p.Role == survey.RoleAnalyst && (sc.Association.Members != 0 || sc.Association.BudgetBand != "" || len(sc.Ranks) != 0 || sc.Peer != nil) {
			t.Errorf("analyst scorecard shows profile figures or ranks: %+v, ranks %v", sc.Association, sc.Ranks)
		}
	}
	if _, err := f.svc.SetConsent(f.ctx, assocPrincipal("a1"), "c1", "a1", false); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Scorecard(f.ctx, analyst, "c1", "a1"); !errors.Is(err, survey.ErrForbidden) {
		t.Errorf("analyst reads a scorecard after consent was withdrawn: err = %v, want ErrForbidden", err)
	}
	c, err := f.svc.GetConsent(f.ctx, assocPrincipal("a1"), "c1", "a1")
	if err != nil || c.Share || !c.Ever {
		t.Errorf("consent after withdrawal: %+v, %v; want share false, ever true", c, err)
	}
}
