package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assocbench/assocbench/httpx"
)

// sampleHeap runs f while a goroutine samples the heap every 100 µs and
// returns the largest growth over the heap before f (after a collection)
// that it saw, and f's duration.
func sampleHeap(f func()) (peak uint64, took time.Duration) {
	runtime.GC()
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	base := s[0].Value.Uint64()
	var mu sync.Mutex
	var top uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(100 * time.Microsecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			mu.Lock()
			top = max(top, s[0].Value.Uint64())
			mu.Unlock()
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	start := time.Now()
	f()
	took = time.Since(start)
	close(stop)
	<-done
	mu.Lock()
	defer mu.Unlock()
	if top > base {
		peak = top - base
	}
	return peak, took
}

// TestQuestionnaireUploadHostileNesting posts definitions like those of #11
// (50 000 nested flow sequences or mappings, 100-250 KB: 97 KB took the
// server from 56 MiB to 3.8 GiB before it answered) and checks that each is
// refused with a 422 naming the nesting limit, with less than 64 MiB of
// heap growth.
//
// The requests bypass the harness's validating transport: its YAML decoder
// would parse the hostile body in this process too.
func TestQuestionnaireUploadHostileNesting(t *testing.T) {
	h := newHarness(t, nil)
	bodies := []struct {
		name, contentType, body string
	}{
		{"flow sequences", "application/yaml", strings.Repeat("[x, ", 50000)},
		{"flow mappings", "application/yaml", strings.Repeat("{k: ", 50000)},
		{"JSON arrays", "application/json", strings.Repeat("[1, ", 50000)},
		// (50 000 of these, 300 KB, are refused sooner, as too many tokens)
		{"JSON objects", "application/json", strings.Repeat(`{"k": `, 35000)},
	}
	for _, b := range bodies {
		t.Run(b.name, func(t *testing.T) {
			var status int
			var resp []byte
			peak, took := sampleHeap(func() {
				req, err := http.NewRequest("POST", h.srv.URL+"/api/v1/questionnaires", strings.NewReader(b.body))
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Content-Type", b.contentType)
				req.Header.Set("Authorization", "Bearer "+adminToken)
				r, err := h.srv.Client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer r.Body.Close()
				status = r.StatusCode
				if resp, err = io.ReadAll(r.Body); err != nil {
					t.Fatal(err)
				}
			})
			t.Logf("%d bytes: %d in %v, heap peak +%.1f MiB", len(b.body), status, took.Round(time.Millisecond), float64(peak)/(1<<20))
			if status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422; body %s", status, clip(resp))
			}
			var e httpx.ErrorBody
			if err := json.Unmarshal(resp, &e); err != nil {
				t.Fatalf("error body %s: %v", clip(resp), err)
			}
			if want := "more than 64 levels"; !bytes.Contains(resp, []byte(want)) {
				t.Errorf("error %+v does not name the limit (%q)", e.Error, want)
			}
			if peak > 64<<20 {
				t.Errorf("heap grew by %.1f MiB while the upload was refused, want under 64 MiB", float64(peak)/(1<<20))
			}
		})
	}
}
