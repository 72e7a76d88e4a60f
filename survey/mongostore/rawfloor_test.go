package mongostore_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/mongostore"
)

func TestRawFloorRefusesOtherCollections(t *testing.T) {
	s := openStore(t, mongostore.AtomicityAuto)
	ctx := t.Context()
	checkErr(t, "InsertResponse", s.InsertResponse(ctx, draft("c", "a", "q")), nil)
	docs, err := s.RawResponseDocs([]*survey.Response{draft("c", "b", "q")})
	checkErr(t, "RawResponseDocs", err, nil)
	for _, name := range []string{
		"responses", "tokens", "", "bench_", "bench", "Bench_x", "bench_X", "bench_a.b", "bench_a$",
		"bench_a b", "bench_a/b", "bench_\x00", "x_bench_a", "bench_" + strings.Repeat("a", 65),
	} {
		if err := s.RawInsertMany(ctx, name, docs); err == nil {
			t.Errorf("RawInsertMany(%q) succeeded, want an error", name)
		}
		if n, err := s.RawDecodeAll(ctx, name, nil); err == nil {
			t.Errorf("RawDecodeAll(%q) = %d, succeeded, want an error", name, n)
		}
		if err := s.RawDropCollection(ctx, name); err == nil {
			t.Errorf("RawDropCollection(%q) succeeded, want an error", name)
		}
	}
	list, err := s.ListResponses(ctx, survey.ResponseFilter{})
	checkErr(t, "ListResponses", err, nil)
	if len(list) != 1 {
		t.Errorf("%d responses after the refused raw calls, want 1", len(list))
	}
}

// TestRawFloor: the raw documents are exactly those InsertResponse writes,
// RawDecodeAll reads them all, and RawDropCollection removes them.
func TestRawFloor(t *testing.T) {
	s := openStore(t, mongostore.AtomicityAuto)
	ctx := t.Context()
	const scratch = "bench_floor_1"
	var rs []*survey.Response
	for i := range 5 {
		rs = append(rs, fullResponse("c", fmt.Sprintf("a%d", i), "q"))
	}
	docs, err := s.RawResponseDocs(rs)
	checkErr(t, "RawResponseDocs", err, nil)
	checkErr(t, "RawInsertMany", s.RawInsertMany(ctx, scratch, docs), nil)
	checkErr(t, "RawInsertMany none", s.RawInsertMany(ctx, scratch, nil), nil)
	errs, err := s.InsertResponses(ctx, rs)
	checkErr(t, "InsertResponses", err, nil)
	for i, err := range errs {
		checkErr(t, fmt.Sprintf("InsertResponses[%d]", i), err, nil)
	}
	for _, r := range rs {
		filter := bson.D{{Key: "_id", Value: r.ID}}
		raw, err := s.Database().Collection(scratch).FindOne(ctx, filter).Raw()
		checkErr(t, "find in scratch", err, nil)
		stored, err := s.Database().Collection("responses").FindOne(ctx, filter).Raw()
		checkErr(t, "find in responses", err, nil)
		if diff := cmp.Diff(stored.String(), raw.String()); diff != "" {
			t.Errorf("raw document of %s (-InsertResponses +RawInsertMany):\n%s", r.ID, diff)
		}
	}

	var seen []int
	n, err := s.RawDecodeAll(ctx, scratch, func(n int) { seen = append(seen, n) })
	checkErr(t, "RawDecodeAll", err, nil)
	if diff := cmp.Diff([]int{1, 2, 3, 4, 5}, seen); n != 5 || diff != "" {
		t.Errorf("RawDecodeAll = %d, progress (-want +got):\n%s", n, diff)
	}

	checkErr(t, "RawDropCollection", s.RawDropCollection(ctx, scratch), nil)
	checkErr(t, "RawDropCollection again", s.RawDropCollection(ctx, scratch), nil)
	if n, err := s.RawDecodeAll(ctx, scratch, nil); err != nil || n != 0 {
		t.Errorf("RawDecodeAll after the drop = %d, %v; want 0, nil", n, err)
	}
	list, err := s.ListResponses(ctx, survey.ResponseFilter{Campaign: "c"})
	checkErr(t, "ListResponses", err, nil)
	if len(list) != len(rs) {
		t.Errorf("%d responses after the scratch drop, want %d", len(list), len(rs))
	}

	hostile := draft("c", "h", "q")
	hostile.Answers["a.b"] = hostile.Answers["choice"]
	if _, err := s.RawResponseDocs([]*survey.Response{hostile}); err == nil {
		t.Error("RawResponseDocs of a response with key a.b succeeded, want an error")
	}
}
