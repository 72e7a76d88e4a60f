package reports

import (
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/questionnaires/synth"
	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
)

// countWriter counts the bytes written (the file size).
type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// measurement is the cost of one run.
type measurement struct {
	took time.Duration
	peak uint64 // live heap above the starting point, sampled every millisecond
	size int64
}

// measure runs fn, sampling the live heap.
func measure(t *testing.T, fn func(w io.Writer) error) measurement {
	t.Helper()
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	var peak uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			if h := read(); h > peak {
				peak = h
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	var cw countWriter
	start := time.Now()
	err := fn(&cw)
	took := time.Since(start)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if h := read(); h > peak {
		peak = h
	}
	if peak < base {
		peak = base
	}
	return measurement{took: took, peak: peak - base, size: cw.n}
}

// syntheticResponses returns a source of n submitted responses to q,
// cycling through a pool of distinct synthetic answers.
func syntheticResponses(t *testing.T, q *questionnaires.Questionnaire, n int) ResponseSource {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	regions := []string{"africa", "asia-oceania", "europe", "latin-america-caribbean", "mena", "north-america"}
	pool := make([]survey.Response, 64)
	at := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)
	for i := range pool {
		a, err := synth.Answers(q, rng, synth.Options{Propensity: rng.Float64(), Skip: 0.1})
		if err != nil {
			t.Fatal(err)
		}
		sub := at.Add(time.Duration(i) * time.Hour)
		pool[i] = survey.Response{Campaign: "scale", Questionnaire: q.ID, Version: q.Version, Status: survey.StatusSubmitted,
			Answers: a, SubmittedAt: &sub, Scores: survey.CompactScores(scoring.Score(q, a)),
			Peer: &survey.Peer{Region: regions[i%len(regions)], Size: survey.SizeBands[i%4], Budget: survey.BudgetBands[i%5], Type: "national", Country: "FR"}}
	}
	return func(yield func(*survey.Response) error) error {
		for i := 0; i < n; i++ {
			r := pool[i%len(pool)]
			r.Association = "association-" + strconv.Itoa(i)
			r.ID = survey.ResponseID(r.Campaign, r.Association, r.Questionnaire)
			if err := yield(&r); err != nil {
				return err
			}
		}
		return nil
	}
}

// TestResponsesScale measures the raw responses export at 5 000 and
// 10 000 responses against the same cells written bare, and checks that
// memory stays flat: twice the rows may not take much more memory. (Up
// to about 3 000 rows of this questionnaire, the StreamWriter keeps the
// sheet in memory: it moves it to a temporary file when its 16 MiB chunk
// is full, so memory grows up to that point and then stays.) Run with -v
// for the figures.
func TestResponsesScale(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 30 000 responses")
	}
	q := questionnaires.Builtin("financial-sustainability")
	o := ResponsesOptions{Options: Options{Lang: "en"}, Questionnaires: []*questionnaires.Questionnaire{q},
		Name: func(id string) string { return "Library Association " + id }}
	results := map[int][2]measurement{}
	for _, n := range scaleSizes {
		src := syntheticResponses(t, q, n)
		export := measure(t, func(w io.Writer) error {
			got, err := WriteResponses(w, src, o)
			if err == nil && got != n {
				err = fmt.Errorf("wrote %d responses, want %d", got, n)
			}
			return err
		})
		plain := measure(t, func(w io.Writer) error { return WriteResponsesFloor(w, q, src, o) })
		results[n] = [2]measurement{export, plain}
		t.Logf("%6d responses: export %8v peak heap %6.1f MiB file %6.1f MiB | bare StreamWriter %8v peak heap %6.1f MiB file %6.1f MiB | ratio time %.2f heap %.2f",
			n, export.took.Round(time.Millisecond), mib(export.peak), mib(uint64(export.size)),
			plain.took.Round(time.Millisecond), mib(plain.peak), mib(uint64(plain.size)),
			export.took.Seconds()/plain.took.Seconds(), float64(export.peak)/float64(max(plain.peak, 1)))
	}
	small, large := results[scaleSizes[0]][0], results[scaleSizes[1]][0]
	// Memory is flat: twice the rows cost less than half as much memory
	// again (without streaming it would double).
	if limit := small.peak * 3 / 2; large.peak > limit {
		t.Errorf("peak heap grows with the rows: %.1f MiB at %d responses, %.1f MiB at %d (limit %.1f MiB)",
			mib(small.peak), scaleSizes[0], mib(large.peak), scaleSizes[1], mib(limit))
	}
}

// scaleSizes are the numbers of responses TestResponsesScale writes.
var scaleSizes = []int{5000, 10000}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }
