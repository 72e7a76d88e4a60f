package survey_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
	"github.com/assocbench/assocbench/survey/mongostore"
	"github.com/assocbench/assocbench/survey/mongostore/mongotest"
)

func TestMain(m *testing.M) { mongotest.Main(m) }

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

type fixture struct {
	svc   *survey.Service
	store *mongostore.Store
	clock *clock
	ctx   context.Context
}

// newFixture opens a store in a fresh database with a service whose clock
// starts on 2026-10-01, inside the test campaign.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	uri, db := mongotest.NewDatabase(t)
	ctx := context.Background()
	st, err := mongostore.Open(ctx, mongostore.Config{URI: uri, Database: db})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close(context.Background()) })
	clk := &clock{t: time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)}
	svc, err := survey.NewService(st, survey.Options{Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{svc: svc, store: st, clock: clk, ctx: ctx}
}

var admin = survey.System

func association(id, country string) survey.Association {
	return survey.Association{ID: id, Name: "Library Association " + id, Country: country, Type: "national",
		Members: 420, BudgetBand: "usd_10k_50k", Languages: []string{"en"}, TimeZone: "Europe/Paris"}
}

// setup creates campaign "c1" (deadline 2026-12-31 anywhere on earth)
// and associations a1 and a2.
func (f *fixture) setup(t *testing.T) {
	t.Helper()
	for _, a := range []survey.Association{association("a1", "FR"), association("a2", "KE")} {
		if _, err := f.svc.CreateAssociation(f.ctx, admin, a); err != nil {
			t.Fatal(err)
		}
	}
	_, err := f.svc.CreateCampaign(f.ctx, admin, survey.CampaignInput{ID: "c1", Title: questionnaires.Text{"en": "Test cycle"},
		Questionnaires: []string{"profile", "financial-sustainability", "membership", "communications"},
		Opens:          time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), DeadlineDate: "2026-12-31", AnywhereOnEarth: true})
	if err != nil {
		t.Fatal(err)
	}
}

func assocPrincipal(id string) survey.Principal {
	return survey.Principal{Role: survey.RoleAssociation, Association: id, Token: "tok-" + id}
}

var analyst = survey.Principal{Role: survey.RoleAnalyst, Token: "tok-analyst"}

// membershipAnswers returns a complete, valid set of membership answers.
func membershipAnswers(t *testing.T, f *fixture) questionnaires.Answers {
	t.Helper()
	q, err := f.svc.Questionnaire(f.ctx, "membership")
	if err != nil {
		t.Fatal(err)
	}
	a, err := synthAnswers(q, 7)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func ref(assoc, q string) survey.ResponseRef {
	return survey.ResponseRef{Campaign: "c1", Association: assoc, Questionnaire: q}
}

func TestAoEDeadline(t *testing.T) {
	got := survey.AoEDeadline(2026, 12, 31)
	want := time.Date(2027, 1, 1, 11, 59, 59, 0, time.UTC)
	if !got.Equal(want) {
		t.Errorf("AoEDeadline(2026-12-31) = %v, want %v", got, want)
	}
}

func TestCreateAssociationValidation(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name  string
		edit  func(a *survey.Association)
		field string
	}{
		{"bad id", func(a *survey.Association) { a.ID = "Bad Id" }, "id"},
		{"dollar id", func(a *survey.Association) { a.ID = "$where" }, "id"},
		{"empty name", func(a *survey.Association) { a.Name = " " }, "name"},
		{"control characters", func(a *survey.Association) { a.Name = "x\x00y" }, "name"},
		{"unknown country", func(a *survey.Association) { a.Country = "XX" }, "country"},
		{"unknown type", func(a *survey.Association) { a.Type = "club" }, "type"},
		{"negative members", func(a *survey.Association) { a.Members = -1 }, "members"},
		{"budget band", func(a *survey.Association) { a.BudgetBand = "rich" }, "budget_band"},
		{"language", func(a *survey.Association) { a.Languages = []string{"$gt"} }, "languages"},
		{"time zone", func(a *survey.Association) { a.TimeZone = "Mars/Olympus" }, "time_zone"},
		{"mentoring area", func(a *survey.Association) { a.MentoringOffers = []string{"cooking"} }, "mentoring_offers"},
		{"mentoring hours negative", func(a *survey.Association) { a.MentoringHours = -1 }, "mentoring_hours"},
		{"mentoring hours too many", func(a *survey.Association) { a.MentoringHours = 201 }, "mentoring_hours"},
		{"mentoring format", func(a *survey.Association) { a.MentoringFormat = "forever" }, "mentoring_format"},
		{"mentoring scope", func(a *survey.Association) { a.MentoringScope = "country" }, "mentoring_scope"},
		{"mentoring capacity negative", func(a *survey.Association) { a.MentoringCapacity = -2 }, "mentoring_capacity"},
		{"mentoring capacity too large", func(a *survey.Association) { a.MentoringCapacity = 11 }, "mentoring_capacity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := association("ok-id", "FR")
			tt.edit(&a)
			_, err := f.svc.CreateAssociation(f.ctx, admin, a)
			var ve *survey.ValidationError
			if !errors.As(err, &ve) || ve.Fields[tt.field] == "" {
				t.Fatalf("CreateAssociation error = %v, want a ValidationError on %s", err, tt.field)
			}
		})
	}
	list, err := f.svc.ListAssociations(f.ctx, admin, survey.AssociationFilter{})
	if err != nil || len(list) != 0 {
		t.Errorf("after invalid creations: %d associations stored (err %v), want 0", len(list), err)
	}
	created, err := f.svc.CreateAssociation(f.ctx, admin, association("ok-id", "fr"))
	if err != nil {
		t.Fatal(err)
	}
	if created.Country != "FR" || created.Region != questionnaires.RegionEurope {
		t.Errorf("country %q region %q, want FR europe", created.Country, created.Region)
	}
	if created.MentoringCapacity != survey.DefaultMentoringCapacity || created.MentoringScope != "global" || created.MentoringFormat != "" {
		t.Errorf("enrolment defaults: capacity %d scope %q format %q, want %d global \"\"",
			created.MentoringCapacity, created.MentoringScope, created.MentoringFormat, survey.DefaultMentoringCapacity)
	}
	if _, err := f.svc.CreateAssociation(f.ctx, admin, association("ok-id", "FR")); !errors.Is(err, survey.ErrConflict) {
		t.Errorf("duplicate id: err = %v, want ErrConflict", err)
	}
}

func TestAssociationAccess(t *testing.T) {
	f := newFixture(t)
	f.setup(t)
	tests := []struct {
		name string
		p    survey.Principal
		id   string
		want error
	}{
		{"admin", admin, "a1", nil},
		{"analyst", analyst, "a1", nil},
		{"itself", assocPrincipal("a1"), "a1", nil},
		{"another association", assocPrincipal("a2"), "a1", survey.ErrNotFound},
		{"nobody", survey.Principal{}, "a1", survey.ErrUnauthenticated},
		{"missing", admin, "zz", survey.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.svc.GetAssociation(f.ctx, tt.p, tt.id)
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Errorf("GetAssociation = %v, want %v", err, tt.want)
			}
		})
	}
	name := "Renamed association"
	if _, err := f.svc.UpdateAssociation(f.ctx, assocPrincipal("a1"), "a1", survey.AssociationPatch{Name: &name}); err != nil {
		t.Fatalf("an association edits its own profile: %v", err)
	}
	if _, err := f.svc.UpdateAssociation(f.ctx, assocPrincipal("a2"), "a1", survey.AssociationPatch{Name: &name}); !errors.Is(err, survey.ErrNotFound) {
		t.Errorf("another association edits it: err = %v, want ErrNotFound", err)
	}
	if _, err := f.svc.UpdateAssociation(f.ctx, analyst, "a1", survey.AssociationPatch{Name: &name}); !errors.Is(err, survey.ErrForbidden) {
		t.Errorf("analyst edits it: err = %v, want ErrForbidden", err)
	}
	if _, err := f.svc.ListAssociations(f.ctx, assocPrincipal("a1"), survey.AssociationFilter{}); !errors.Is(err, survey.ErrNotFound) {
		t.Errorf("association lists all: err = %v, want ErrNotFound", err)
	}
	got, _ := f.svc.ListAssociations(f.ctx, admin, survey.AssociationFilter{Region: "africa"})
	if len(got) != 1 || got[0].ID != "a2" {
		t.Errorf("filter region africa = %v, want [a2]", got)
	}
}

func TestCreateCampaignValidation(t *testing.T) {
	f := newFixture(t)
	base := survey.CampaignInput{ID: "c2", Title: questionnaires.Text{"en": "T"}, Questionnaires: []string{"membership"},
		Opens: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), Closes: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	tests := []struct {
		name  string
		edit  func(in *survey.CampaignInput)
		field string
	}{
		{"bad id", func(in *survey.CampaignInput) { in.ID = "C 2" }, "id"},
		{"no title", func(in *survey.CampaignInput) { in.Title = nil }, "title"},
		{"no questionnaires", func(in *survey.CampaignInput) { in.Questionnaires = nil }, "questionnaires"},
		{"unknown questionnaire", func(in *survey.CampaignInput) { in.Questionnaires = []string{"cooking"} }, "questionnaires"},
		{"twice", func(in *survey.CampaignInput) { in.Questionnaires = []string{"membership", "membership@2026.1"} }, "questionnaires"},
		{"closes before opens", func(in *survey.CampaignInput) { in.Closes = in.Opens.Add(-time.Hour) }, "closes"},
		{"k too small", func(in *survey.CampaignInput) { in.K = 1 }, "k"},
		{"AoE without a date", func(in *survey.CampaignInput) { in.AnywhereOnEarth = true }, "deadline_date"},
		{"bad date", func(in *survey.CampaignInput) { in.Closes = time.Time{}; in.DeadlineDate = "31/12/2026" }, "deadline_date"},
		{"unknown previous", func(in *survey.CampaignInput) { in.Previous = "nope" }, "previous"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base
			tt.edit(&in)
			_, err := f.svc.CreateCampaign(f.ctx, admin, in)
			var ve *survey.ValidationError
			if !errors.As(err, &ve) || ve.Fields[tt.field] == "" {
				t.Fatalf("CreateCampaign error = %v, want a ValidationError on %s", err, tt.field)
			}
		})
	}
	in := base
	in.Closes, in.DeadlineDate, in.AnywhereOnEarth = time.Time{}, "2026-12-31", true
	c, err := f.svc.CreateCampaign(f.ctx, admin, in)
	if err != nil {
		t.Fatal(err)
	}
	if c.K != survey.DefaultK || !c.Closes.Equal(survey.AoEDeadline(2026, 12, 31)) || c.Questionnaires[0] != "membership@2026.1" {
		t.Errorf("campaign = k %d closes %v questionnaires %v; want default k, AoE deadline, the key", c.K, c.Closes, c.Questionnaires)
	}
	if _, err := f.svc.CreateCampaign(f.ctx, analyst, base); !errors.Is(err, survey.ErrForbidden) {
		t.Errorf("analyst creates a campaign: err = %v, want ErrForbidden", err)
	}
}

func TestDraftRevisions(t *testing.T) {
	f := newFixture(t)
	f.setup(t)
	p := assocPrincipal("a1")
	r0, err := f.svc.GetResponse(f.ctx, p, ref("a1", "membership"))
	if err != nil {
		t.Fatal(err)
	}
	if r0.Revision != 0 || r0.Status != survey.StatusDraft {
		t.Fatalf("fresh response: revision %d status %s, want 0 draft", r0.Revision, r0.Status)
	}
	save := func(rev int64, members float64) (*survey.Response, error) {
		return f.svc.SaveDraft(f.ctx, p, survey.DraftInput{ResponseRef: ref("a1", "membership"), Revision: rev,
			Answers: questionnaires.Answers{"members_now": questionnaires.Num(members)}, Position: "members_base"})
	}
	r1, err := save(0, 100)
	if err != nil || r1.Revision != 1 {
		t.Fatalf("first save: revision %v err %v, want 1", r1, err)
	}
	if _, err := save(0, 200); !errors.Is(err, survey.ErrStaleRevision) || !errors.Is(err, survey.ErrConflict) {
		t.Errorf("stale save: err = %v, want ErrStaleRevision (a conflict)", err)
	}
	r2, err := save(1, 300)
	if err != nil || r2.Revision != 2 {
		t.Fatalf("second save: %v %v", r2, err)
	}
	got, err := f.svc.GetResponse(f.ctx, p, ref("a1", "membership"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Revision != 2 || got.Answers["members_now"].Num != 300 {
		t.Errorf("stored: revision %d members %v, want 2 and 300 (the stale save changed nothing)", got.Revision, got.Answers["members_now"])
	}
	if _, err := f.svc.SaveDraft(f.ctx, p, survey.DraftInput{ResponseRef: ref("a1", "membership"), Revision: 2, Position: "nowhere"}); err == nil {
		t.Error("save with an unknown position succeeded")
	}
	if _, err := f.svc.GetResponse(f.ctx, analyst, ref("a1", "membership")); !errors.Is(err, survey.ErrForbidden) {
		t.Errorf("analyst reads raw answers: err = %v, want ErrForbidden", err)
	}
	if _, err := f.svc.GetResponse(f.ctx, assocPrincipal("a2"), ref("a1", "membership")); !errors.Is(err, survey.ErrNotFound) {
		t.Errorf("other association reads it: err = %v, want ErrNotFound", err)
	}
}

// Two concurrent saves from the same revision: one wins, the other gets
// a conflict, and the winner's answers are what is stored. Run through one
// service (in-process lock) and through two services on the same store
// (as two processes would be).
func TestConcurrentDraftSaves(t *testing.T) {
	for _, twoServices := range []bool{false, true} {
		name := "one service"
		if twoServices {
			name = "two services"
		}
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			f.setup(t)
			other := f.svc
			if twoServices {
				var err error
				if other, err = survey.NewService(f.store, survey.Options{Now: f.clock.now}); err != nil {
					t.Fatal(err)
				}
			}
			p := assocPrincipal("a1")
			if _, err := f.svc.SaveDraft(f.ctx, p, survey.DraftInput{ResponseRef: ref("a1", "membership"), Revision: 0,
				Answers: questionnaires.Answers{"members_now": questionnaires.Num(1)}}); err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i, svc := range []*survey.Service{f.svc, other} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, errs[i] = svc.SaveDraft(f.ctx, p, survey.DraftInput{ResponseRef: ref("a1", "membership"), Revision: 1,
						Answers: questionnaires.Answers{"members_now": questionnaires.Num(float64(100 + i))}})
				}()
			}
			wg.Wait()
			won := -1
			for i, err := range errs {
				switch {
				case err == nil:
					if won >= 0 {
						t.Fatal("both concurrent saves from revision 1 succeeded")
					}
					won = i
				case !errors.Is(err, survey.ErrConflict):
					t.Fatalf("losing save: err = %v, want a conflict", err)
				}
			}
			if won < 0 {
				t.Fatal("neither save succeeded")
			}
			got, _ := f.svc.GetResponse(f.ctx, p, ref("a1", "membership"))
			if got.Revision != 2 || got.Answers["members_now"].Num != float64(100+won) {
				t.Errorf("stored revision %d members %v, want 2 and the winner's %d", got.Revision, got.Answers["members_now"].Num, 100+won)
			}
		})
	}
}

func TestSubmitIdempotent(t *testing.T) {
	f := newFixture(t)
	f.setup(t)
	p := assocPrincipal("a1")
	ans := membershipAnswers(t, f)
	const n = 20
	results := make([]*survey.Response, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = f.svc.Submit(f.ctx, p, survey.SubmitInput{ResponseRef: ref("a1", "membership"), Key: "key-0001", Answers: ans})
		}()
	}
	wg.Wait()
	for i := 0; i < n; i++ {
		if errs[i] != nil {
			t.Fatalf("submit %d: %v", i, errs[i])
		}
		if results[i].Revision != results[0].Revision || results[i].Scores.Score != results[0].Scores.Score || !results[i].SubmittedAt.Equal(*results[0].SubmittedAt) {
			t.Errorf("submit %d answered revision %d score %v, want the same as the first: %d %v",
				i, results[i].Revision, results[i].Scores.Score, results[0].Revision, results[0].Scores.Score)
		}
	}
	events, err := f.svc.Audit(f.ctx, admin, survey.AuditFilter{Action: survey.ActionSubmit, Target: ref("a1", "membership").ID()})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 {
		t.Errorf("%d submit audit events, want exactly 1", len(events))
	}
	stored, _ := f.svc.GetResponse(f.ctx, p, ref("a1", "membership"))
	if stored.Status != survey.StatusSubmitted || stored.Revision != results[0].Revision || stored.Peer == nil || stored.Peer.Region != "europe" {
		t.Errorf("stored: %s revision %d peer %+v", stored.Status, stored.Revision, stored.Peer)
	}

	// same key, other answers: conflict; another key: closed; drafts: closed
	changed := ans.Clone()
	changed["members_now"] = questionnaires.Num(ans["members_now"].Num + 1)
	if _, err := f.svc.Submit(f.ctx, p, survey.SubmitInput{ResponseRef: ref("a1", "membership"), Key: "key-0001", Answers: changed}); !errors.Is(err, survey.ErrConflict) || errors.Is(err, survey.ErrClosed) {
		t.Errorf("same key, other body: err = %v, want ErrConflict", err)
	}
	if _, err := f.svc.Submit(f.ctx, p, survey.SubmitInput{ResponseRef: ref("a1", "membership"), Key: "key-0002", Answers: ans}); !errors.Is(err, survey.ErrClosed) {
		t.Errorf("new key after submission: err = %v, want ErrClosed", err)
	}
	if _, err := f.svc.SaveDraft(f.ctx, p, survey.DraftInput{ResponseRef: ref("a1", "membership"), Revision: stored.Revision, Answers: ans}); !errors.Is(err, survey.ErrClosed) {
		t.Errorf("draft save after submission: err = %v, want ErrClosed", err)
	}
	if _, err := f.svc.Submit(f.ctx, p, survey.SubmitInput{ResponseRef: ref("a1", "membership"), Key: "short", Answers: ans}); err == nil {
		t.Error("a 5-character idempotency key was accepted")
	}
}

func TestSubmitValidationAndClose(t *testing.T) {
	f := newFixture(t)
	f.setup(t)
	p := assocPrincipal("a2")
	_, err := f.svc.Submit(f.ctx, p, survey.SubmitInput{ResponseRef: ref("a2", "membership"), Key: "key-incomplete",
		Answers: questionnaires.Answers{"members_now": questionnaires.Num(10)}, Lang: "fr"})
	var ve *survey.ValidationError
	if !errors.As(err, &ve) || !strings.Contains(ve.Fields["members_last_year"], "obligatoire") {
		t.Fatalf("incomplete submit: err = %v, want French required-field errors", err)
	}
	if _, err := f.svc.GetResponse(f.ctx, admin, ref("a2", "membership")); err != nil {
		t.Fatal(err)
	}
	ans := membershipAnswers(t, f)
	first, err := f.svc.Submit(f.ctx, p, survey.SubmitInput{ResponseRef: ref("a2", "membership"), Key: "key-before-close", Answers: ans})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.CloseCampaign(f.ctx, admin, "c1"); err != nil {
		t.Fatal(err)
	}
	// a lost answer is replayed after the close: same result
	again, err := f.svc.Submit(f.ctx, p, survey.SubmitInput{ResponseRef: ref("a2", "membership"), Key: "key-before-close", Answers: ans})
	if err != nil || again.Revision != first.Revision {
		t.Errorf("replay after close: %v, %v; want the stored submission", again, err)
	}
	if _, err := f.svc.Submit(f.ctx, p, survey.SubmitInput{ResponseRef: ref("a2", "communications"), Key: "key-after-close", Answers: ans}); !errors.Is(err, survey.ErrClosed) {
		t.Errorf("submit after close: err = %v, want ErrClosed", err)
	}
	if _, err := f.svc.SaveDraft(f.ctx, p, survey.DraftInput{ResponseRef: ref("a2", "communications"), Answers: questionnaires.Answers{}}); !errors.Is(err, survey.ErrClosed) {
		t.Errorf("draft after close: err = %v, want ErrClosed", err)
	}
}

func TestDeadlinePasses(t *testing.T) {
	f := newFixture(t)
	f.setup(t)
	f.clock.set(survey.AoEDeadline(2026, 12, 31).Add(-time.Second))
	if _, err := f.svc.SaveDraft(f.ctx, assocPrincipal("a1"), survey.DraftInput{ResponseRef: ref("a1", "membership"), Answers: questionnaires.Answers{}}); err != nil {
		t.Fatalf("save one second before the AoE deadline: %v", err)
	}
	f.clock.set(survey.AoEDeadline(2026, 12, 31))
	if _, err := f.svc.SaveDraft(f.ctx, assocPrincipal("a1"), survey.DraftInput{ResponseRef: ref("a1", "membership"), Revision: 1, Answers: questionnaires.Answers{}}); !errors.Is(err, survey.ErrClosed) {
		t.Errorf("save at the deadline: err = %v, want ErrClosed", err)
	}
}

func TestReopenAndRescore(t *testing.T) {
	f := newFixture(t)
	f.setup(t)
	p := assocPrincipal("a1")
	ans := membershipAnswers(t, f)
	sub, err := f.svc.Submit(f.ctx, p, survey.SubmitInput{ResponseRef: ref("a1", "membership"), Key: "key-first", Answers: ans})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Reopen(f.ctx, p, ref("a1", "membership"), "typo"); !errors.Is(err, survey.ErrNotFound) {
		t.Errorf("association reopens: err = %v, want ErrNotFound", err)
	}
	re, err := f.svc.Reopen(f.ctx, admin, ref("a1", "membership"), "members figure was wrong")
	if err != nil {
		t.Fatal(err)
	}
	if re.Status != survey.StatusDraft || len(re.History) != 1 || re.History[0].Revision != sub.Revision || re.History[0].Scores == nil || re.Scores != nil {
		t.Fatalf("reopened: status %s history %+v scores %v", re.Status, re.History, re.Scores)
	}
	if _, err := f.svc.Reopen(f.ctx, admin, ref("a1", "membership"), ""); !errors.Is(err, survey.ErrConflict) {
		t.Errorf("reopen a draft: err = %v, want ErrConflict", err)
	}
	sub2, err := f.svc.Submit(f.ctx, p, survey.SubmitInput{ResponseRef: ref("a1", "membership"), Key: "key-second", Answers: ans})
	if err != nil {
		t.Fatal(err)
	}
	if len(sub2.History) != 1 || sub2.Revision != re.Revision+1 {
		t.Errorf("resubmitted: revision %d history %d, want %d and 1", sub2.Revision, len(sub2.History), re.Revision+1)
	}

	// stale stored scores are corrected by a re-score, and only they
	stale := *sub2
	stale.Scores = &survey.Scores{Scored: true, Score: 1, Sections: map[string]float64{}, Items: map[string]float64{}, Indicators: map[string]float64{}}
	stale.Revision = sub2.Revision + 1
	if err := f.store.ReplaceResponse(f.ctx, &stale, sub2.Revision); err != nil {
		t.Fatal(err)
	}
	n, err := f.svc.Rescore(f.ctx, admin, "c1")
	if err != nil || n != 1 {
		t.Fatalf("Rescore = %d, %v; want 1 changed", n, err)
	}
	got, _ := f.svc.GetResponse(f.ctx, p, ref("a1", "membership"))
	if math.Abs(got.Scores.Score-sub2.Scores.Score) > 1e-9 {
		t.Errorf("after re-score: %v, want %v", got.Scores.Score, sub2.Scores.Score)
	}
	if n, err := f.svc.Rescore(f.ctx, admin, "c1"); err != nil || n != 0 {
		t.Errorf("second Rescore = %d, %v; want 0", n, err)
	}
}

func TestProfileSubmitUpdatesAssociation(t *testing.T) {
	f := newFixture(t)
	f.setup(t)
	p := assocPrincipal("a1")
	r, err := f.svc.GetResponse(f.ctx, p, ref("a1", "profile"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Answers["country"].Str != "FR" || r.Answers["members_individual"].Num != 420 {
		t.Fatalf("profile draft is not pre-filled from the record: %v", r.Answers)
	}
	ans := r.Answers.Clone()
	ans["members_individual"] = questionnaires.Num(6000)
	ans["country"] = questionnaires.Str("SN")
	ans["mentoring_offers"] = questionnaires.List("membership")
	ans["mentoring_hours"] = questionnaires.Num(6)
	ans["mentoring_format"] = questionnaires.Str("weeks")
	ans["mentoring_scope"] = questionnaires.Str("region")
	ans["mentoring_capacity"] = questionnaires.Num(4)
	if _, err := f.svc.Submit(f.ctx, p, survey.SubmitInput{ResponseRef: ref("a1", "profile"), Key: "profile-key", Answers: ans}); err != nil {
		t.Fatal(err)
	}
	a, _ := f.svc.GetAssociation(f.ctx, p, "a1")
	if a.Members != 6000 || a.Country != "SN" || a.Region != questionnaires.RegionAfrica || survey.SizeBand(a.Members) != "very-large" {
		t.Errorf("association after profile submit: %+v", a)
	}
	if a.MentoringHours != 6 || a.MentoringFormat != "weeks" || a.MentoringScope != "region" || a.MentoringCapacity != 4 {
		t.Errorf("enrolment after profile submit: hours %d format %q scope %q capacity %d, want 6 weeks region 4",
			a.MentoringHours, a.MentoringFormat, a.MentoringScope, a.MentoringCapacity)
	}
	back := survey.ProfileAnswers(a)
	if back["mentoring_format"].Str != "weeks" || back["mentoring_capacity"].Num != 4 || back["mentoring_hours"].Num != 6 {
		t.Errorf("profile pre-fill lost the enrolment: %v", back)
	}
}

// Hostile answers are refused by validation and nothing reaches the store.
func TestHostileAnswers(t *testing.T) {
	f := newFixture(t)
	f.setup(t)
	p := assocPrincipal("a1")
	q, _ := f.svc.Questionnaire(f.ctx, "membership")
	raw := []map[string]json.RawMessage{
		{"$gt": json.RawMessage(`""`)},
		{"members_now.$": json.RawMessage(`1`)},
		{"members_now": json.RawMessage(`{"$gt": ""}`)},
		{"members_now": json.RawMessage(`"NaN"`)},
		{"members_now": json.RawMessage(`1e999`)},
		{"members_now": json.RawMessage(`[1, 2]`)},
		{"exit_reasons_text": json.RawMessage(`"` + strings.Repeat("a", 1<<20) + `"`)},
	}
	for i, r := range raw {
		a, fe := q.ParseAnswers(r, "")
		if fe == nil {
			t.Errorf("payload %d parsed: %v", i, a)
		}
	}
	typed := []questionnaires.Answers{
		{"$where": questionnaires.Str("1")},
		{"a.b": questionnaires.Num(1)},
		{"members_now": questionnaires.Num(math.NaN())},
		{"members_now": questionnaires.Num(math.Inf(1))},
		{"members_now": questionnaires.Str("many")},
	}
	for i, a := range typed {
		_, err := f.svc.SaveDraft(f.ctx, p, survey.DraftInput{ResponseRef: ref("a1", "membership"), Answers: a})
		var ve *survey.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("hostile draft %d: err = %v, want a ValidationError", i, err)
		}
		if _, err := f.store.GetResponse(f.ctx, ref("a1", "membership").ID()); !survey.IsNotFound(err) {
			t.Fatalf("hostile draft %d reached the store (err %v)", i, err)
		}
	}
}

func TestTokens(t *testing.T) {
	f := newFixture(t)
	f.setup(t)
	raw, tok, err := f.svc.IssueToken(f.ctx, admin, survey.TokenRequest{Role: survey.RoleAssociation, Association: "a1", TTL: 48 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) < 40 || !strings.HasPrefix(raw, survey.TokenPrefixRaw) {
		t.Errorf("raw token %q: want a long abk_ token", raw)
	}
	stored, err := f.store.GetToken(f.ctx, survey.HashToken(raw))
	if err != nil {
		t.Fatal(err)
	}
	if stored.Hash == raw || strings.Contains(stored.Hash, raw) || stored.Hash != tok.Hash {
		t.Errorf("stored hash %q vs raw %q", stored.Hash, raw)
	}
	all, _ := f.store.ListTokens(f.ctx, "")
	for _, st := range all {
		if b, _ := json.Marshal(st); strings.Contains(string(b), raw) || st.Hash == raw {
			t.Errorf("the raw token is stored in %+v", st)
		}
	}
	p, err := f.svc.Authenticate(f.ctx, raw)
	if err != nil || p.Role != survey.RoleAssociation || p.Association != "a1" || p.Token != tok.Prefix() {
		t.Fatalf("Authenticate = %+v, %v", p, err)
	}
	for _, bad := range []string{"", "abk_nope", raw + "x", strings.Repeat("x", 500)} {
		if _, err := f.svc.Authenticate(f.ctx, bad); !errors.Is(err, survey.ErrUnauthenticated) {
			t.Errorf("Authenticate(%.10q) = %v, want ErrUnauthenticated", bad, err)
		}
	}
	f.clock.set(f.clock.now().Add(49 * time.Hour))
	if _, err := f.svc.Authenticate(f.ctx, raw); !errors.Is(err, survey.ErrUnauthenticated) {
		t.Errorf("expired token: err = %v, want ErrUnauthenticated", err)
	}
	raw2, tok2, _ := f.svc.IssueToken(f.ctx, admin, survey.TokenRequest{Role: survey.RoleAnalyst})
	if err := f.svc.RevokeToken(f.ctx, admin, tok2.Prefix()[:4]); err == nil {
		t.Error("revoke with a 4-digit prefix succeeded")
	}
	if err := f.svc.RevokeToken(f.ctx, analyst, tok2.Prefix()); !errors.Is(err, survey.ErrForbidden) {
		t.Errorf("analyst revokes: err = %v, want ErrForbidden", err)
	}
	if err := f.svc.RevokeToken(f.ctx, admin, tok2.Prefix()); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Authenticate(f.ctx, raw2); !errors.Is(err, survey.ErrUnauthenticated) {
		t.Errorf("revoked token: err = %v, want ErrUnauthenticated", err)
	}
	if _, _, err := f.svc.IssueToken(f.ctx, admin, survey.TokenRequest{Role: survey.RoleAssociation, Association: "nope"}); err == nil {
		t.Error("token for an unknown association was issued")
	}
}

// The demo seeds through the service, is reproducible, and a second run
// adds nothing; benchmarks over it suppress small groups.
func TestDemoSeedAndBenchmarks(t *testing.T) {
	f := newFixture(t)
	sum, err := demo.Seed(f.ctx, f.store, demo.Options{Associations: 24, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Associations != 24 || sum.Campaigns != 2 || sum.Submitted == 0 || sum.Meetings != 4 || sum.Registrations != 12 {
		t.Fatalf("first seed: %+v (want the meeting and its 3 sessions, 2 registrations per region)", sum)
	}
	again, err := demo.Seed(f.ctx, f.store, demo.Options{Associations: 24, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if !again.Existed {
		t.Errorf("second seed changed something: %+v", again)
	}
	tbl, err := f.svc.Benchmarks(f.ctx, analyst, demo.Midterm, "", []string{"region"})
	if err != nil {
		t.Fatal(err)
	}
	if tbl.All.Stats["overall"].N == 0 || tbl.All.Stats["overall"].Suppressed {
		t.Errorf("all group: %+v, want visible statistics", tbl.All.Stats["overall"])
	}
	hidden := 0
	for _, g := range tbl.Groups {
		st := g.Stats["overall"]
		if st.N < tbl.K && st.N > 0 {
			if !st.Suppressed || st.Mean != 0 || st.Median != 0 {
				t.Errorf("group %s with n=%d < k shows %+v", g.Key, st.N, st)
			}
			hidden++
		}
	}
	if hidden == 0 {
		t.Log("no small region group in this seed; suppression is covered by the scoring tests")
	}
	if _, err := f.svc.Benchmarks(f.ctx, assocPrincipal("x"), demo.Midterm, "", nil); !errors.Is(err, survey.ErrNotFound) {
		t.Errorf("association reads benchmarks: err = %v, want ErrNotFound", err)
	}
	as, _ := f.svc.ListAssociations(f.ctx, admin, survey.AssociationFilter{})
	sc, err := f.svc.Scorecard(f.ctx, assocPrincipal(as[0].ID), demo.Midterm, as[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Total != 3 {
		t.Errorf("scorecard covers %d areas, want 3", sc.Total)
	}
	tr, err := f.svc.Trends(f.ctx, admin, demo.Midterm, "", []string{"region"})
	if err != nil || tr.From != demo.Baseline || len(tr.Associations) == 0 || len(tr.Groups) == 0 {
		t.Errorf("Trends for an administrator: from %q, %d associations, %d groups, %v; want changes against the baseline",
			tr.From, len(tr.Associations), len(tr.Groups), err)
	}
	tr, err = f.svc.Trends(f.ctx, analyst, demo.Midterm, "", []string{"region"})
	if err != nil || len(tr.Associations) != 0 || len(tr.Groups) == 0 {
		t.Errorf("Trends for an analyst: %d single associations, %d groups, %v; want groups only", len(tr.Associations), len(tr.Groups), err)
	}
	if _, err := f.svc.Mentoring(f.ctx, analyst, demo.Midterm); err != nil {
		t.Errorf("Mentoring: %v", err)
	}
}

// Data survives closing the embedded server and opening the same dir.
func TestRestartPersistence(t *testing.T) {
	if os.Getenv(mongotest.EnvURI) != "" {
		t.Skip("MONGODB_URI is set: the embedded server is not used")
	}
	dir := t.TempDir()
	ctx := context.Background()
	open := func() (*mongostore.Store, *survey.Service) {
		st, err := mongostore.Open(ctx, mongostore.Config{DataDir: dir, Database: "persist"})
		if err != nil {
			t.Fatal(err)
		}
		svc, err := survey.NewService(st, survey.Options{Now: func() time.Time { return time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC) }})
		if err != nil {
			t.Fatal(err)
		}
		return st, svc
	}
	st, svc := open()
	f := &fixture{svc: svc, store: st, ctx: ctx}
	f.setup(t)
	ans := membershipAnswers(t, f)
	sub, err := svc.Submit(ctx, assocPrincipal("a1"), survey.SubmitInput{ResponseRef: ref("a1", "membership"), Key: "persist-key", Answers: ans})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(ctx); err != nil {
		t.Fatal(err)
	}
	st2, svc2 := open()
	defer st2.Close(ctx)
	got, err := svc2.GetResponse(ctx, admin, ref("a1", "membership"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Revision != sub.Revision || !got.Answers.Equal(ans) || got.Scores.Score != sub.Scores.Score {
		t.Errorf("after restart: revision %d (want %d), answers equal %v, score %v (want %v)",
			got.Revision, sub.Revision, got.Answers.Equal(ans), got.Scores.Score, sub.Scores.Score)
	}
}
