package mongostore_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/mongostore"
)

// These tests open stores with the embedded server (an empty URI), each in
// a data dir of its own, beside the test package's shared server.

// openEmbedded opens a store with the embedded server in dir; t's cleanup
// closes it unless the test did.
func openEmbedded(t testing.TB, dir string) *mongostore.Store {
	t.Helper()
	s, err := mongostore.Open(context.Background(), mongostore.Config{DataDir: dir})
	if err != nil {
		t.Fatalf("Open(DataDir %s): %v", dir, err)
	}
	t.Cleanup(func() {
		if err := s.Close(context.Background()); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func TestOpenEmbeddedPersistsAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	ctx := t.Context()
	s := openEmbedded(t, dir)
	if !s.Embedded() {
		t.Error("Embedded() = false with an empty URI")
	}
	if got, want := s.Atomicity(), mongostore.AtomicityLocal; got != want {
		t.Errorf("Atomicity() = %v, want %v", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, mongostore.DefaultDatabase+".sqlite")); err != nil {
		t.Errorf("database file: %v", err)
	}

	a := association("ala", "africa", "national")
	c := campaign("2026-midterm", at(0))
	r := fullResponse("2026-midterm", "ala", "finance")
	tok := token(hash("abc"), "ala", at(1))
	q := &survey.StoredQuestionnaire{Key: "finance@1", ID: "finance", Version: "1", Source: []byte("id: finance"), UploadedAt: at(0), UploadedBy: "x"}
	ev := &survey.AuditEvent{At: at(2), Actor: "x", Role: survey.RoleAdmin, Action: survey.ActionSubmit, Target: r.ID}
	checkErr(t, "CreateAssociation", s.CreateAssociation(ctx, a), nil)
	checkErr(t, "CreateCampaign", s.CreateCampaign(ctx, c), nil)
	checkErr(t, "InsertResponse", s.InsertResponse(ctx, r), nil)
	checkErr(t, "InsertToken", s.InsertToken(ctx, tok), nil)
	checkErr(t, "PutQuestionnaire", s.PutQuestionnaire(ctx, q), nil)
	checkErr(t, "AppendAudit", s.AppendAudit(ctx, ev), nil)
	if _, err := s.BumpGeneration(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	c.Generation = 1
	if err := s.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}

	s = openEmbedded(t, dir)
	gotA, err := s.GetAssociation(ctx, a.ID)
	checkErr(t, "GetAssociation", err, nil)
	gotC, err := s.GetCampaign(ctx, c.ID)
	checkErr(t, "GetCampaign", err, nil)
	gotR, err := s.GetResponse(ctx, r.ID)
	checkErr(t, "GetResponse", err, nil)
	gotT, err := s.GetToken(ctx, tok.Hash)
	checkErr(t, "GetToken", err, nil)
	gotQ, err := s.GetQuestionnaire(ctx, q.Key)
	checkErr(t, "GetQuestionnaire", err, nil)
	gotE, err := s.ListAudit(ctx, survey.AuditFilter{})
	checkErr(t, "ListAudit", err, nil)
	got := []any{gotA, gotC, gotR, gotT, gotQ, gotE}
	want := []any{a, c, r, tok, q, []*survey.AuditEvent{ev}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("documents after restart (-want +got):\n%s", diff)
	}
}

func TestOpenEmbeddedDataDirInUse(t *testing.T) {
	dir := t.TempDir()
	s := openEmbedded(t, dir)

	second, err := mongostore.Open(t.Context(), mongostore.Config{DataDir: dir})
	if err == nil {
		second.Close(t.Context())
		t.Fatal("second Open on the same data dir succeeded, want an error")
	}
	var inUse *mongostore.DataDirInUseError
	if !errors.As(err, &inUse) || inUse.Dir != dir || inUse.PID != os.Getpid() {
		t.Fatalf("second Open: error %v, want a *DataDirInUseError for %s and pid %d", err, dir, os.Getpid())
	}

	// The first store is unharmed; the dir is free after Close.
	checkErr(t, "Ping", s.Ping(t.Context()), nil)
	checkErr(t, "CreateAssociation", s.CreateAssociation(t.Context(), association("ala", "africa", "national")), nil)
	if err := s.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	s = openEmbedded(t, dir)
	_, err = s.GetAssociation(t.Context(), "ala")
	checkErr(t, "GetAssociation", err, nil)
}

// collections are the store's collections (DESIGN.md §5).
var collections = []string{"associations", "questionnaires", "campaigns", "responses", "tokens", "audit", "consents", "releases", "release_data", "meetings", "plans"}

// checkPlans checks that the SQLite plan of an _id lookup in every
// collection uses (or does not use) the _id path index.
func checkPlans(t *testing.T, s *mongostore.Store, indexed bool) {
	t.Helper()
	for _, coll := range collections {
		plan, err := mongostore.ExplainIDLookup(t.Context(), s, coll)
		if err != nil {
			t.Fatalf("explain %s: %v", coll, err)
		}
		uses := strings.Contains(plan, "SEARCH") && strings.Contains(plan, "USING INDEX "+mongostore.SQLiteIDIndexPrefix)
		if uses != indexed {
			t.Errorf("plan of an _id lookup in %s: %q; uses the _id path index: %t, want %t", coll, plan, uses, indexed)
		}
	}
}

func TestSQLiteIDIndex(t *testing.T) {
	dir := t.TempDir()
	ctx := t.Context()
	s := openEmbedded(t, dir)
	checkPlans(t, s, true)

	// Dropped, it comes back with the next Open; created, it survives restarts.
	if err := mongostore.DropSQLiteIDIndexes(ctx, s); err != nil {
		t.Fatal(err)
	}
	checkPlans(t, s, false)
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	s = openEmbedded(t, dir)
	checkPlans(t, s, true)

	// Indexes come and go while FerretDB writes to the same file: the
	// busy timeouts make each side wait for the other.
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 25 {
				r := draft("c", fmt.Sprintf("a%d-%d", w, i), "q")
				if err := s.InsertResponse(ctx, r); err != nil {
					t.Errorf("InsertResponse: %v", err)
					return
				}
				r.Revision = 2
				if err := s.ReplaceResponse(ctx, r, 1); err != nil {
					t.Errorf("ReplaceResponse: %v", err)
					return
				}
			}
		})
	}
	wg.Go(func() {
		for range 5 {
			if err := mongostore.DropSQLiteIDIndexes(ctx, s); err != nil {
				t.Errorf("drop indexes: %v", err)
			}
			if err := mongostore.AddSQLiteIDIndexes(ctx, s); err != nil {
				t.Errorf("add indexes: %v", err)
			}
			time.Sleep(5 * time.Millisecond)
		}
	})
	wg.Wait()
	checkPlans(t, s, true)
	n := 0
	err := s.StreamResponses(ctx, survey.ResponseFilter{Campaign: "c"}, func(r *survey.Response) error {
		n++
		if r.Revision != 2 {
			t.Errorf("response %s at revision %d, want 2", r.ID, r.Revision)
		}
		got, err := s.GetResponse(ctx, r.ID) // by _id, through the index
		if err != nil || got.Revision != 2 {
			t.Errorf("GetResponse(%s) = revision %v, %v; want 2", r.ID, got, err)
		}
		return nil
	})
	checkErr(t, "StreamResponses", err, nil)
	if n != 100 {
		t.Errorf("%d responses, want 100", n)
	}
}
