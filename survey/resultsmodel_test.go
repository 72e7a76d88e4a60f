package survey_test

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/mongostore"
)

// datasetDump is a Dataset as comparable text: every row (sorted by id)
// with its attributes, values and choices.
func datasetDump(t *testing.T, d *scoring.Dataset) []string {
	t.Helper()
	var out []string
	for row := range d.Len() {
		line := fmt.Sprint(d.Peer(row))
		for c, name := range d.Choices() {
			if v := d.ChoiceValue(row, c); v != 0 {
				line += fmt.Sprintf(" %s=%x", name, v)
			}
		}
		out = append(out, line)
	}
	slices.Sort(out)
	return out
}

// sameDataset fails unless a and b hold the same rows.
func sameDataset(t *testing.T, what string, a, b *scoring.Dataset) {
	t.Helper()
	da, db := datasetDump(t, a), datasetDump(t, b)
	if len(da) != len(db) {
		t.Fatalf("%s: %d rows, want %d", what, len(da), len(db))
	}
	for i := range da {
		if da[i] != db[i] {
			t.Fatalf("%s: row %d differs:\n%s\nwant\n%s", what, i, da[i], db[i])
		}
	}
}

// newService is another service on the fixture's store (as after a restart).
func (f *fixture) newService(t *testing.T, st survey.Store) *survey.Service {
	t.Helper()
	svc, err := survey.NewService(st, survey.Options{Now: f.clock.now})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func (f *fixture) dataset(t *testing.T, svc *survey.Service, campaign string) *scoring.Dataset {
	t.Helper()
	d, err := svc.ResultsDataset(f.ctx, admin, campaign)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestResultsModelFollowsChanges makes random submissions, reopenings,
// re-submissions and profile changes and checks that the model kept up to
// date in place holds exactly what a model loaded afresh from the result
// records holds, and what one loaded from the responses themselves (the
// migration path) holds.
func TestResultsModelFollowsChanges(t *testing.T) {
	f := newFixture(t)
	f.setup(t)
	countries := []string{"FR", "KE", "BR", "IN", "CA", "EG"}
	var ids []string
	for i := range 10 {
		a := association(fmt.Sprintf("m%02d", i), countries[i%len(countries)])
		a.Members = 50 + 400*i
		if _, err := f.svc.CreateAssociation(f.ctx, admin, a); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	qids := []string{"financial-sustainability", "membership", "communications"}
	if got := f.dataset(t, f.svc, "c1"); got.Len() != 0 {
		t.Fatalf("empty campaign: %d rows", got.Len())
	}
	rng := rand.New(rand.NewPCG(5, 6))
	submitted := map[string]bool{}
	key := 0
	for step := range 60 {
		a, qid := ids[rng.IntN(len(ids))], qids[rng.IntN(len(qids))]
		ref := survey.ResponseRef{Campaign: "c1", Association: a, Questionnaire: qid}
		switch op := rng.IntN(6); {
		case op <= 2 && !submitted[ref.ID()]:
			q, _ := f.svc.Questionnaire(f.ctx, qid)
			ans, err := synthAnswers(q, uint64(step))
			if err != nil {
				t.Fatal(err)
			}
			key++
			if _, err := f.svc.Submit(f.ctx, admin, survey.SubmitInput{ResponseRef: ref, Key: fmt.Sprintf("key-%06d", key), Answers: ans}); err != nil {
				t.Fatalf("step %d: submit %s: %v", step, ref.ID(), err)
			}
			submitted[ref.ID()] = true
		case op == 3 && submitted[ref.ID()]:
			if _, err := f.svc.Reopen(f.ctx, admin, ref, "test"); err != nil {
				t.Fatalf("step %d: reopen %s: %v", step, ref.ID(), err)
			}
			submitted[ref.ID()] = false
		case op == 4:
			members := 20 + rng.IntN(5000)
			if _, err := f.svc.UpdateAssociation(f.ctx, admin, a, survey.AssociationPatch{Members: &members}); err != nil {
				t.Fatalf("step %d: update %s: %v", step, a, err)
			}
		}
	}
	live := f.dataset(t, f.svc, "c1")
	if live.Len() < 5 {
		t.Fatalf("only %d associations submitted: the test proves little", live.Len())
	}
	sameDataset(t, "in place vs loaded from the records", live, f.dataset(t, f.newService(t, f.store), "c1"))
	// A profile change shows in the open campaign's row.
	members := 9000
	moved := live.ID(0)
	if _, err := f.svc.UpdateAssociation(f.ctx, admin, moved, survey.AssociationPatch{Members: &members}); err != nil {
		t.Fatal(err)
	}
	d := f.dataset(t, f.svc, "c1")
	for row := range d.Len() {
		if d.ID(row) == moved && d.Attr(row, "size") != survey.SizeBand(9000) {
			t.Errorf("%s: size %s after the profile change, want %s", moved, d.Attr(row, "size"), survey.SizeBand(9000))
		}
	}
	if err := f.store.SetResultsLayout(f.ctx, "c1", 0); err != nil {
		t.Fatal(err)
	}
	sameDataset(t, "in place vs loaded from the responses", d, f.dataset(t, f.newService(t, f.store), "c1"))
	c, err := f.store.GetCampaign(f.ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	if c.ResultsLayout != 1 {
		t.Errorf("after loading from the responses the layout is %d, want 1", c.ResultsLayout)
	}
	sameDataset(t, "in place vs the records written by the migration", d, f.dataset(t, f.newService(t, f.store), "c1"))
}

// slowStore holds InsertResponse back until released: a writer whose
// generation was taken before another's but whose write lands after.
type slowStore struct {
	*mongostore.Store
	hold    chan struct{}
	started chan struct{}
}

func (s *slowStore) InsertResponse(ctx context.Context, r *survey.Response) error {
	close(s.started)
	<-s.hold
	return s.Store.InsertResponse(ctx, r)
}

// TestTwoServicesShareOneDatabase runs two instances on one database (not
// exclusive): each sees the other's submissions and reopenings, also one
// whose write lands after a later change was read.
func TestTwoServicesShareOneDatabase(t *testing.T) {
	f := newFixture(t)
	f.setup(t)
	if f.store.Exclusive() {
		t.Fatal("the test store is exclusive: the instances would not catch up")
	}
	other := f.newService(t, f.store)
	submit := func(svc *survey.Service, a, qid, key string) {
		t.Helper()
		q, _ := svc.Questionnaire(f.ctx, qid)
		ans, err := synthAnswers(q, uint64(len(key)))
		if err != nil {
			t.Fatal(err)
		}
		ref := survey.ResponseRef{Campaign: "c1", Association: a, Questionnaire: qid}
		if _, err := svc.Submit(f.ctx, admin, survey.SubmitInput{ResponseRef: ref, Key: key, Answers: ans}); err != nil {
			t.Fatal(err)
		}
	}
	has := func(svc *survey.Service, a string) bool {
		t.Helper()
		d := f.dataset(t, svc, "c1")
		for row := range d.Len() {
			if d.ID(row) == a {
				return true
			}
		}
		return false
	}
	f.dataset(t, other, "c1") // loaded before the changes
	submit(f.svc, "a1", "membership", "key-a1-membership")
	if !has(other, "a1") {
		t.Fatal("the other instance does not see a1's submission")
	}
	if _, err := f.svc.Reopen(f.ctx, admin, survey.ResponseRef{Campaign: "c1", Association: "a1", Questionnaire: "membership"}, "test"); err != nil {
		t.Fatal(err)
	}
	if has(other, "a1") {
		t.Fatal("the other instance still has a1 after its reopening")
	}

	// A slow writer takes its generation, then another writer's change
	// lands and is read; the slow write lands afterwards.
	slow := &slowStore{Store: f.store, hold: make(chan struct{}), started: make(chan struct{})}
	slowSvc := f.newService(t, slow)
	done := make(chan error, 1)
	go func() {
		q, _ := slowSvc.Questionnaire(f.ctx, "communications")
		ans, err := synthAnswers(q, 7)
		if err == nil {
			_, err = slowSvc.Submit(f.ctx, admin, survey.SubmitInput{ResponseRef: survey.ResponseRef{Campaign: "c1", Association: "a2",
				Questionnaire: "communications"}, Key: "key-a2-slow", Answers: ans})
		}
		done <- err
	}()
	<-slow.started
	submit(f.svc, "a1", "communications", "key-a1-communications")
	if !has(other, "a1") || has(other, "a2") {
		t.Fatal("before the slow write lands, the other instance should have a1 and not a2")
	}
	close(slow.hold)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	f.clock.set(f.clock.now().Add(2 * time.Second))
	if !has(other, "a2") {
		t.Error("the other instance missed the write that landed after it had read a later one")
	}
	sameDataset(t, "the two instances", f.dataset(t, f.svc, "c1"), f.dataset(t, other, "c1"))
}

// TestResultsOfAnEarlierDataDir opens a data dir written by the version
// before result records (testdata/layout-v1.sqlite.gz: campaign layout-v1,
// 24 associations with three questionnaires submitted, one of them
// reopened): the first load reads the responses and writes the records,
// and a later load from the records holds the same.
func TestResultsOfAnEarlierDataDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(filepath.Join("testdata", "layout-v1.sqlite.gz"))
	if err != nil {
		t.Fatalf("the fixture is missing: %v", err)
	}
	defer in.Close()
	zr, err := gzip.NewReader(in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.OpenFile(filepath.Join(dir, "assocbench.sqlite"), os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, zr); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := mongostore.Open(ctx, mongostore.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	now := func() time.Time { return time.Date(2026, 10, 2, 12, 0, 0, 0, time.UTC) }
	load := func() *scoring.Dataset {
		t.Helper()
		svc, err := survey.NewService(st, survey.Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		d, err := svc.ResultsDataset(ctx, admin, "layout-v1")
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	c, err := st.GetCampaign(ctx, "layout-v1")
	if err != nil {
		t.Fatal(err)
	}
	if c.ResultsLayout != 0 {
		t.Fatalf("the fixture's campaign has layout %d: it is not of the earlier version", c.ResultsLayout)
	}
	first := load()
	if first.Len() != 24 || len(first.Metrics()) != 115 {
		t.Fatalf("%d rows and %d metrics, want 24 and 115 (as the earlier version had them)", first.Len(), len(first.Metrics()))
	}
	if c, err = st.GetCampaign(ctx, "layout-v1"); err != nil || c.ResultsLayout != 1 {
		t.Fatalf("layout after the first load: %v %v", c, err)
	}
	records := 0
	if err := st.StreamResults(ctx, "layout-v1", func(*survey.ResultRecord) error { records++; return nil }); err != nil {
		t.Fatal(err)
	}
	if records != 24*3-1 {
		t.Errorf("%d result records written, want %d (one response reopened)", records, 24*3-1)
	}
	sameDataset(t, "loaded from the responses vs from the records", first, load())
	var membership int
	if m, ok := first.Metric(scoring.AreaMetric(questionnaires.AreaMembership)); ok {
		for row := range first.Len() {
			if _, ok := first.Value(row, m); ok {
				membership++
			}
		}
	}
	if membership != 23 {
		t.Errorf("%d associations with a membership score, want 23", membership)
	}
}
