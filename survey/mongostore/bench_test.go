package mongostore_test

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/mongostore"
)

// benchDocs is the collection size the benchmarks measure at.
const benchDocs = 10_000

// benchResponse is a submitted response of realistic size (about 1.5 KB):
// 25 answers of the usual kinds and compact scores.
func benchResponse(i int) *survey.Response {
	r := fullResponse("2026-midterm", fmt.Sprintf("assoc-%05d", i), "finance")
	r.History = nil
	r.Answers = questionnaires.Answers{}
	for j := range 25 {
		id := fmt.Sprintf("q%02d", j)
		switch j % 5 {
		case 0:
			r.Answers[id] = questionnaires.Str("yes")
		case 1:
			r.Answers[id] = questionnaires.Num(float64(i*j) / 7)
		case 2:
			r.Answers[id] = questionnaires.List("social_media", "newsletter", "events")
		case 3:
			r.Answers[id] = questionnaires.Matrix(map[string]float64{"a": 1, "b": 0, "c": 3})
		default:
			r.Answers[id] = questionnaires.Rubric(2, "we have a written plan, reviewed yearly", "")
		}
	}
	return r
}

// seedBench opens an embedded store in a temporary dir holding benchDocs
// responses; the store is closed when b ends.
func seedBench(b *testing.B) *mongostore.Store {
	b.Helper()
	s := openEmbedded(b, b.TempDir())
	start := time.Now()
	const chunk = 1000
	for i := 0; i < benchDocs; i += chunk {
		rs := make([]*survey.Response, chunk)
		for j := range rs {
			rs[j] = benchResponse(i + j)
		}
		errs, err := s.InsertResponses(b.Context(), rs)
		if err == nil {
			err = errors.Join(errs...)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("seeded %d responses in %v", benchDocs, time.Since(start))
	return s
}

// BenchmarkByID measures the operations by _id on the embedded server at
// 10 000 responses, without and with the SQLite _id path index (see
// sqliteindex.go); each phase works on responses of its own:
//
//	go test ./survey/mongostore -run '^$' -bench '^BenchmarkByID$' -benchtime 20x
func BenchmarkByID(b *testing.B) {
	s := seedBench(b)
	ctx := b.Context()
	coll := s.Database().Collection("responses")

	for phase, indexed := range []bool{false, true} {
		name := "without index"
		if indexed {
			name = "with index"
			if err := mongostore.AddSQLiteIDIndexes(ctx, s); err != nil {
				b.Fatal(err)
			}
		} else if err := mongostore.DropSQLiteIDIndexes(ctx, s); err != nil {
			b.Fatal(err)
		}
		// ids returns the id of the i-th response of an operation of this
		// phase, spread over the collection.
		ids := func(op, i int) string {
			n := (phase*4+op)*1000 + i%1000
			return survey.ResponseID("2026-midterm", fmt.Sprintf("assoc-%05d", (n*7919)%benchDocs), "finance")
		}
		b.Run(name+"/FindOne", func(b *testing.B) {
			i := 0
			for b.Loop() {
				i++
				if _, err := s.GetResponse(ctx, ids(0, i)); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/ReplaceOne", func(b *testing.B) {
			// The documents are replaced by themselves, read beforehand.
			raw := make([]bson.Raw, 100)
			for i := range raw {
				var err error
				if raw[i], err = coll.FindOne(ctx, bson.D{{Key: "_id", Value: ids(1, i)}}).Raw(); err != nil {
					b.Fatal(err)
				}
			}
			i := 0
			for b.Loop() {
				i++
				res, err := coll.ReplaceOne(ctx, bson.D{{Key: "_id", Value: ids(1, i%len(raw))}}, raw[i%len(raw)])
				if err != nil || res.MatchedCount != 1 {
					b.Fatal(res, err)
				}
			}
		})
		b.Run(name+"/UpdateOne", func(b *testing.B) {
			i := 0
			for b.Loop() {
				i++
				res, err := coll.UpdateOne(ctx, bson.D{{Key: "_id", Value: ids(2, i)}},
					bson.D{{Key: "$set", Value: bson.D{{Key: "position", Value: fmt.Sprint(i)}}}})
				if err != nil || res.MatchedCount != 1 {
					b.Fatal(res, err)
				}
			}
		})
		b.Run(name+"/ReplaceResponse", func(b *testing.B) {
			// A draft save as the service does it: read, then the
			// revision-checked replace (FindOne and ReplaceOne under the lock).
			i := 0
			for b.Loop() {
				i++
				r, err := s.GetResponse(ctx, ids(3, i))
				if err != nil {
					b.Fatal(err)
				}
				r.Revision++
				r.Position = fmt.Sprint(i)
				if err := s.ReplaceResponse(ctx, r, r.Revision-1); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkStreamResponses streams 10 000 submitted responses of one
// campaign and questionnaire from the embedded server and reports
// documents per second, the peak heap in use (the embedded server's
// included) and the size of a response document, as BSON and as the JSON
// text FerretDB keeps in SQLite:
//
//	go test ./survey/mongostore -run '^$' -bench '^BenchmarkStreamResponses$' -benchtime 3x
func BenchmarkStreamResponses(b *testing.B) {
	s := seedBench(b)
	ctx := b.Context()
	f := survey.ResponseFilter{Campaign: "2026-midterm", Questionnaire: "finance", Status: survey.StatusSubmitted}
	peak := sampleHeap(b)
	total := 0
	start := time.Now()
	for b.Loop() {
		n := 0
		err := s.StreamResponses(ctx, f, func(r *survey.Response) error {
			n++
			if len(r.Answers) != 25 {
				return fmt.Errorf("response %s has %d answers, want 25", r.ID, len(r.Answers))
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		if n != benchDocs {
			b.Fatalf("streamed %d responses, want %d", n, benchDocs)
		}
		total += n
	}
	b.ReportMetric(float64(total)/time.Since(start).Seconds(), "docs/s")
	b.ReportMetric(float64(peak()>>20), "peak-heap-MB")
	reportDocSize(b, s)
}

// reportDocSize reports the size of a benchmark response as the driver
// reads it (BSON) and as FerretDB keeps it in SQLite (JSON), on average.
func reportDocSize(b *testing.B, s *mongostore.Store) {
	b.Helper()
	ctx := b.Context()
	raw, err := s.Database().Collection("responses").FindOne(ctx,
		bson.D{{Key: "_id", Value: survey.ResponseID("2026-midterm", "assoc-00042", "finance")}}).Raw()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(len(raw)), "bson-B/doc")
	stored, err := mongostore.StoredJSONSize(ctx, s, "responses")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(stored, "sqlite-B/doc")
}

// sampleHeap samples the heap in use every 10 ms until b ends and returns
// a function that gives the largest sample so far. With the embedded
// server, this includes the server's memory.
func sampleHeap(b *testing.B) func() uint64 {
	runtime.GC()
	var mu sync.Mutex
	var peak uint64
	done := make(chan struct{})
	b.Cleanup(func() { close(done) })
	go func() {
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			mu.Lock()
			peak = max(peak, m.HeapInuse)
			mu.Unlock()
			select {
			case <-done:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	return func() uint64 {
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}
