package mongostore

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/assocbench/assocbench/survey"
)

// TestStoreErr maps real driver errors from the embedded server.
func TestStoreErr(t *testing.T) {
	e := startEmbedded(t, t.TempDir(), nil)
	client := newClient(t, e.URI())
	coll := client.Database("errs").Collection("c")
	ctx := t.Context()
	if _, err := coll.Indexes().CreateOne(ctx, mongo.IndexModel{
		Keys: bson.D{{Key: "email", Value: 1}}, Options: options.Index().SetUnique(true),
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := coll.InsertMany(ctx, []testDoc{{ID: "a", Email: "a@x"}, {ID: "b", Email: "b@x"}}); err != nil {
		t.Fatal(err)
	}
	_, dupInsert := coll.InsertOne(ctx, testDoc{ID: "a"})
	_, dupUpdate := coll.UpdateOne(ctx, byID("b"), bson.D{{Key: "$set", Value: bson.D{{Key: "email", Value: "a@x"}}}})
	missing := coll.FindOne(ctx, byID("zz")).Err()
	canceledCtx, cancel := context.WithCancel(ctx)
	cancel()
	canceled := coll.FindOne(canceledCtx, byID("a")).Err()
	other := errors.New("something else")

	tests := []struct {
		name string
		err  error
		want error
	}{
		{"no documents", missing, survey.ErrNotFound},
		{"duplicate _id on insert", dupInsert, survey.ErrConflict},
		{"unique index on update (FerretDB InternalError)", dupUpdate, survey.ErrConflict},
		{"context canceled", canceled, context.Canceled},
		{"other", other, other},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil {
				t.Fatal("the operation did not fail")
			}
			got := storeErr(tt.err, "do %s", "x")
			if !errors.Is(got, tt.want) {
				t.Errorf("storeErr(%v) = %v, want it to wrap %v", tt.err, got, tt.want)
			}
			if !strings.HasPrefix(got.Error(), "do x: ") {
				t.Errorf("storeErr(...) = %q, want the prefix %q", got, "do x: ")
			}
		})
	}
	if got := storeErr(nil, "do x"); got != nil {
		t.Errorf("storeErr(nil) = %v, want nil", got)
	}
}

func TestKeyedLock(t *testing.T) {
	var k keyedLock
	ctx := t.Context()
	unlockA, err := k.lock(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	// Another key is independent.
	unlockB, err := k.lock(ctx, "b")
	if err != nil {
		t.Fatal(err)
	}
	unlockB()

	// The same key waits, and gives up with its context.
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := k.lock(short, "a"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("lock of a held key: error %v, want context.DeadlineExceeded", err)
	}

	got := make(chan struct{})
	go func() {
		unlock, err := k.lock(ctx, "a")
		if err != nil {
			t.Error(err)
			return
		}
		close(got)
		unlock()
	}()
	select {
	case <-got:
		t.Fatal("a held key was locked again")
	case <-time.After(20 * time.Millisecond):
	}
	unlockA()
	<-got
	// Entries go away with their last holder or waiter.
	deadline := time.Now().Add(time.Second)
	for k.size() != 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if n := k.size(); n != 0 {
		t.Errorf("%d entries left, want 0", n)
	}
}

func TestSafeKey(t *testing.T) {
	tests := []struct {
		key string
		ok  bool
	}{
		{"income_total", true},
		{"row-1", true},
		{"日本", true},
		{"a$", true},
		{"", false},
		{"$gt", false},
		{"$", false},
		{"a.b", false},
		{".", false},
		{"a\x00", false},
	}
	for _, tt := range tests {
		err := safeKey("answers", tt.key)
		var ve *survey.ValidationError
		switch {
		case tt.ok && err != nil:
			t.Errorf("safeKey(%q) = %v, want nil", tt.key, err)
		case !tt.ok && !errors.As(err, &ve):
			t.Errorf("safeKey(%q) = %v, want a *survey.ValidationError", tt.key, err)
		case !tt.ok && ve.Fields["answers"] == "":
			t.Errorf("safeKey(%q) = %v, want a message on field answers", tt.key, err)
		}
	}
}
