package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/assocbench/assocbench/api"
	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/questionnaires/synth"
	"github.com/assocbench/assocbench/reports"
	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/mongostore"
)

// The benchmark harness measures each stage of assocbench against the raw
// floor of the dependency it stands on, on the same data in the same run,
// and prints the ratios. Absolute times depend on the machine; the ratios
// say what our code adds.

// stage is one measured pair.
type stage struct {
	Name      string  `json:"name"`
	Ours      string  `json:"ours"`
	Floor     string  `json:"floor"`
	N         int     `json:"n"`
	OursSec   float64 `json:"ours_seconds"`
	FloorSec  float64 `json:"floor_seconds"`
	Ratio     float64 `json:"ratio"`
	Target    float64 `json:"target,omitempty"`
	OursHeap  float64 `json:"ours_peak_live_heap_mib,omitempty"`
	FloorHeap float64 `json:"floor_peak_live_heap_mib,omitempty"`
	HeapRatio float64 `json:"heap_ratio,omitempty"`
	Note      string  `json:"note,omitempty"`
}

// load is the result of an HTTP load run.
type load struct {
	Name       string  `json:"name"`
	Requests   int     `json:"requests"`
	Clients    int     `json:"clients"`
	Seconds    float64 `json:"seconds"`
	Throughput float64 `json:"requests_per_second"`
	P50ms      float64 `json:"p50_ms"`
	P99ms      float64 `json:"p99_ms"`
	P999ms     float64 `json:"p99_9_ms"`
	Errors     int     `json:"errors"`
}

// benchReport is the output of `assocbench bench`.
type benchReport struct {
	Associations int     `json:"associations"`
	Database     string  `json:"database"`
	GoVersion    string  `json:"go_version"`
	CPUs         int     `json:"cpus"`
	Stages       []stage `json:"stages"`
	HTTP         []load  `json:"http"`
	Took         float64 `json:"took_seconds"`
}

// benchQuestionnaire is the questionnaire whose responses are ingested.
const benchQuestionnaire = "financial-sustainability"

func runBench(ctx context.Context, e *env, args []string) error {
	var c config
	fs := newFlags(e, "bench", "bench [--associations 10000] [--requests 2000] [--clients 8] [--json]")
	n := fs.Int("associations", 10000, "associations, each submitting one response")
	requests := fs.Int("requests", 2000, "HTTP requests per load test")
	clients := fs.Int("clients", 8, "concurrent HTTP clients")
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file (go tool pprof)")
	only := fs.String("stages", "ingest,scoring,benchmarks,publication,paths,export,mentoring,http", "stages to run, comma-separated")
	fs.StringVar(&c.mongoURI, "mongodb-uri", e.getenv("MONGODB_URI"), "MongoDB URI; empty uses a temporary embedded database (env MONGODB_URI)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("bench takes no arguments")
	}
	if *n < 20 || *n > 200000 || *requests < 10 || *clients < 1 || *clients > 256 {
		return usagef("--associations must be 20-200000, --requests at least 10, --clients 1-256")
	}
	b := &bench{e: e, n: *n, requests: *requests, clients: *clients, stages: map[string]bool{}, report: benchReport{Associations: *n,
		GoVersion: runtime.Version(), CPUs: runtime.NumCPU()}}
	for _, s := range strings.Split(*only, ",") {
		b.stages[strings.TrimSpace(s)] = true
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	if err := b.run(ctx, c.mongoURI); err != nil {
		return err
	}
	b.report.Took = time.Since(start).Seconds()
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(b.report)
	}
	return b.print(e.stdout)
}

type bench struct {
	e        *env
	n        int
	requests int
	clients  int
	report   benchReport
	stages   map[string]bool

	st    *mongostore.Store
	svc   *survey.Service
	q     *questionnaires.Questionnaire
	items []survey.BatchItem
	done  []*survey.Response
}

func (b *bench) progress(format string, args ...any) {
	fmt.Fprintf(b.e.stderr, "bench: "+format+"\n", args...)
}

// benchNow is the service clock of the harness, inside its campaign.
var benchNow = time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)

func (b *bench) run(ctx context.Context, uri string) error {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	var suffix [4]byte
	_, _ = rand.Read(suffix[:])
	cfg := mongostore.Config{URI: uri, Database: "assocbench_bench_" + hex.EncodeToString(suffix[:]), Logger: quiet}
	if uri == "" {
		dir, err := os.MkdirTemp("", "assocbench-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cfg.DataDir = dir
		b.report.Database = "embedded FerretDB (SQLite) in a temporary directory"
	} else {
		b.report.Database = "MongoDB at MONGODB_URI, database " + cfg.Database + " (dropped at the end)"
	}
	st, err := mongostore.Open(ctx, cfg)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer func() {
		if uri != "" {
			_ = st.DropDatabase(context.Background())
		}
		_ = st.Close(context.Background())
	}()
	b.st = st
	if b.svc, err = survey.NewService(st, survey.Options{Now: func() time.Time { return benchNow }, Logger: quiet}); err != nil {
		return err
	}
	if err := b.setup(ctx); err != nil {
		return err
	}
	for _, st := range []struct {
		name string
		f    func(context.Context) error
	}{{"ingest", b.ingest}, {"scoring", b.scoring}, {"benchmarks", b.benchmarks}, {"publication", b.publication}, {"paths", b.paths}, {"export", b.export}, {"mentoring", b.mentoring}, {"http", b.http}} {
		// later stages read what ingest wrote
		if !b.stages[st.name] && st.name != "ingest" {
			continue
		}
		if err := st.f(ctx); err != nil {
			return err
		}
	}
	return nil
}

// setup creates the associations and campaigns and the answers to submit (not measured).
func (b *bench) setup(ctx context.Context) error {
	b.progress("setting up %d associations and their answers", b.n)
	for _, id := range []string{"bench", "bench-api"} {
		if _, err := b.svc.CreateCampaign(ctx, survey.System, survey.CampaignInput{ID: id, Title: questionnaires.Text{"en": "Benchmark"},
			Questionnaires: []string{"profile", "financial-sustainability", "membership", "communications"},
			Opens:          benchNow.Add(-24 * time.Hour), Closes: benchNow.Add(365 * 24 * time.Hour)}); err != nil {
			return err
		}
	}
	var err error
	if b.q, err = b.svc.Questionnaire(ctx, benchQuestionnaire); err != nil {
		return err
	}
	rng := mrand.New(mrand.NewPCG(42, 7))
	regions := questionnaires.Regions
	countries := map[questionnaires.Region]string{questionnaires.RegionAfrica: "NG", questionnaires.RegionAsiaOceania: "IN",
		questionnaires.RegionEurope: "FR", questionnaires.RegionLatinAmerica: "BR", questionnaires.RegionMENA: "EG",
		questionnaires.RegionNorthAmerica: "CA"}
	b.items = make([]survey.BatchItem, b.n)
	for i := 0; i < b.n; i++ {
		id := fmt.Sprintf("assoc-%06d", i)
		r := regions[rng.IntN(len(regions))]
		a := survey.Association{ID: id, Name: "Association " + id, Country: countries[r], Type: survey.AssociationTypes[rng.IntN(len(survey.AssociationTypes))],
			Members: int(math.Exp(4 + rng.Float64()*5)), BudgetBand: survey.BudgetBands[rng.IntN(len(survey.BudgetBands))],
			Languages: []string{"en"}, TimeZone: "UTC"}
		if _, err := b.svc.CreateAssociation(ctx, survey.System, a); err != nil {
			return err
		}
		ans, err := synth.Answers(b.q, rng, synth.Options{Propensity: rng.Float64(), Skip: 0.1})
		if err != nil {
			return err
		}
		b.items[i] = survey.BatchItem{Association: id, Questionnaire: b.q.ID, Key: "bench-" + id, Answers: ans}
	}
	return nil
}

// watch samples probe every interval in a goroutine until the returned
// stop is called, which returns the largest value seen.
func watch(every time.Duration, probe func() uint64) (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			if v := probe(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak.Load()
	}
}

// mibAbove is how far peak rose above base, in MiB.
func mibAbove(peak, base uint64) float64 {
	if peak <= base {
		return 0
	}
	return float64(peak-base) / (1 << 20)
}

func readMetric(name string) uint64 {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// heapInUse reads the bytes of live and not yet swept heap objects.
func heapInUse() uint64 { return readMetric("/memory/classes/heap/objects:bytes") }

// liveHeap reads the live heap as of the last collection.
func liveHeap() uint64 { return readMetric("/gc/heap/live:bytes") }

// timed runs f and returns its duration and peak heap in MiB above the
// heap in use when it started.
func timed(f func() error) (time.Duration, float64, error) {
	runtime.GC()
	base := heapInUse()
	stop := watch(2*time.Millisecond, heapInUse)
	start := time.Now()
	err := f()
	took := time.Since(start)
	return took, mibAbove(stop(), base), err
}

// peakLive runs f while collecting garbage every 20 ms and returns the
// peak live heap above the live heap when it started, in MiB: what f
// needs, independent of how far the collector lets garbage grow. It is a
// separate run from the timed one (the forced collections slow f down).
func peakLive(f func() error) (float64, error) {
	runtime.GC()
	base := liveHeap()
	stop := watch(20*time.Millisecond, func() uint64 { runtime.GC(); return liveHeap() })
	err := f()
	return mibAbove(stop(), base), err
}

func (b *bench) add(s stage) {
	if s.FloorSec > 0 {
		s.Ratio = s.OursSec / s.FloorSec
	}
	if s.FloorHeap > 0 {
		s.HeapRatio = s.OursHeap / s.FloorHeap
	}
	b.report.Stages = append(b.report.Stages, s)
	b.progress("%s: ours %.3fs, floor %.3fs, ratio %.2f", s.Name, s.OursSec, s.FloorSec, s.Ratio)
}

// ingest: SubmitBatch (validation, scoring, store) against InsertMany of the same final documents.
func (b *bench) ingest(ctx context.Context) error {
	b.progress("ingest: submitting %d responses through survey.Service", b.n)
	const batch = 1000
	ours, _, err := timed(func() error {
		for i := 0; i < len(b.items); i += batch {
			res, err := b.svc.SubmitBatch(ctx, survey.System, "bench", b.items[i:min(i+batch, len(b.items))])
			if err != nil {
				return err
			}
			for j, r := range res {
				if r.Err != nil {
					return fmt.Errorf("ingest %s: %w", b.items[i+j].Association, r.Err)
				}
				b.done = append(b.done, r.Response)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	docs, err := b.st.RawResponseDocs(b.done)
	if err != nil {
		return err
	}
	if err := b.st.RawCreateLike(ctx, "bench_responses"); err != nil {
		return err
	}
	b.progress("ingest: inserting the same %d documents with the driver's InsertMany", len(docs))
	floor, _, err := timed(func() error {
		for i := 0; i < len(docs); i += batch {
			if err := b.st.RawInsertMany(ctx, "bench_responses", docs[i:min(i+batch, len(docs))]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	b.add(stage{Name: "ingest", Ours: "survey.Service.SubmitBatch: validate + score + InsertMany, batches of 1000",
		Floor: "driver InsertMany of the same final documents into a collection with the same indexes, batches of 1000", N: b.n,
		OursSec: ours.Seconds(), FloorSec: floor.Seconds(), Target: 1.3})
	return nil
}

// scoring: stream + decode + score every response against finding and decoding the same documents.
func (b *bench) scoring(ctx context.Context) error {
	b.progress("scoring: reading and scoring %d responses", b.n)
	count := 0
	ours, _, err := timed(func() error {
		return b.st.StreamResponses(ctx, survey.ResponseFilter{Campaign: "bench", Status: survey.StatusSubmitted}, func(r *survey.Response) error {
			scoring.Score(b.q, r.Answers)
			count++
			return nil
		})
	})
	if err != nil {
		return err
	}
	var decoded int
	floor, _, err := timed(func() error {
		var err error
		decoded, err = b.st.RawDecodeAll(ctx, "bench_responses", nil)
		return err
	})
	if err != nil {
		return err
	}
	if count != b.n || decoded != b.n {
		return fmt.Errorf("scoring stage read %d and %d documents, want %d", count, decoded, b.n)
	}
	b.add(stage{Name: "scoring", Ours: "StreamResponses + scoring.Score each", Floor: "driver Find + decode of the same documents to BSON",
		N: b.n, OursSec: ours.Seconds(), FloorSec: floor.Seconds(),
		Note: fmt.Sprintf("%.0f responses/s read and scored", float64(b.n)/ours.Seconds())})
	return nil
}

// groupings are what the benchmarks stage computes: every single dimension and region x size.
var groupings = [][]string{nil, {"region"}, {"size"}, {"budget"}, {"type"}, {"region", "size"}}

// benchmarks: every group statistic of the campaign against sorting the same values.
func (b *bench) benchmarks(ctx context.Context) error {
	b.progress("benchmarks: building the campaign's results")
	d, err := b.svc.ResultsDataset(ctx, survey.System, "bench")
	if err != nil {
		return err
	}
	ms := d.Metrics()
	// the floor's input: the values of each leaf cell of each grouping, per metric
	var cells [][]float64
	for _, g := range groupings {
		byCell := map[string][][]float64{}
		for row := 0; row < d.Len(); row++ {
			key := ""
			for _, dim := range g {
				key += d.Attr(row, dim) + "|"
			}
			vs := byCell[key]
			if vs == nil {
				vs = make([][]float64, len(ms))
				byCell[key] = vs
			}
			for j := range ms {
				if v, ok := d.Value(row, j); ok {
					vs[j] = append(vs[j], v)
				}
			}
		}
		for _, vs := range byCell {
			cells = append(cells, vs...)
		}
	}
	values := 0
	for _, c := range cells {
		values += len(c)
	}
	const rounds = 5
	b.progress("benchmarks: %d groupings x %d metrics, %d values, %d rounds", len(groupings), len(ms), values, rounds)
	ours, _, err := timed(func() error {
		for range rounds {
			for _, g := range groupings {
				scoring.BenchmarkDataset(d, ms, g, survey.DefaultK)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	work := make([][]float64, len(cells))
	var floor time.Duration
	for range rounds {
		for i, c := range cells {
			work[i] = append(work[i][:0], c...)
		}
		t, _, _ := timed(func() error {
			for _, w := range work {
				slices.Sort(w)
			}
			return nil
		})
		floor += t
	}
	b.add(stage{Name: "benchmarks", Ours: "scoring.BenchmarkDataset: n, mean, quantiles, suppression for 6 groupings",
		Floor: "slices.Sort of the same per-cell values", N: values, OursSec: ours.Seconds() / rounds,
		FloorSec: floor.Seconds() / rounds, Target: 1.5})
	return nil
}

// export: the raw responses export against the same cell matrix written
// bare with the StreamWriter, from the responses ingest returned (in
// memory, so that both sides only write); then the real export path,
// streaming from the database, for its memory.
func (b *bench) export(ctx context.Context) error {
	c, err := b.svc.GetCampaign(ctx, survey.System, "bench")
	if err != nil {
		return err
	}
	mem := func(yield func(*survey.Response) error) error {
		for _, r := range b.done {
			if err := yield(r); err != nil {
				return err
			}
		}
		return nil
	}
	o := reports.ResponsesOptions{Options: reports.Options{Lang: "en", Now: benchNow}, Campaign: c, Questionnaires: []*questionnaires.Questionnaire{b.q}}
	ours := func() error { _, err := reports.WriteResponses(&countingWriter{}, mem, o); return err }
	floor := func() error { return reports.WriteResponsesFloor(&countingWriter{}, b.q, mem, o) }
	b.progress("export: writing %d responses (time)", len(b.done))
	var size int64
	tOurs, _, err := timed(func() error {
		cw := &countingWriter{}
		_, err := reports.WriteResponses(cw, mem, o)
		size = cw.n
		return err
	})
	if err != nil {
		return err
	}
	tFloor, _, err := timed(floor)
	if err != nil {
		return err
	}
	b.progress("export: writing %d responses again (peak live heap)", len(b.done))
	hOurs, err := peakLive(ours)
	if err != nil {
		return err
	}
	hFloor, err := peakLive(floor)
	if err != nil {
		return err
	}
	b.progress("export: the real path, streaming from the database (peak live heap)")
	var streamed time.Duration
	hStream, err := peakLive(func() error {
		start := time.Now()
		_, err := reports.WriteResponses(&countingWriter{}, func(yield func(*survey.Response) error) error {
			return b.svc.StreamSubmitted(ctx, survey.System, "bench", b.q.ID, yield)
		}, o)
		streamed = time.Since(start)
		return err
	})
	if err != nil {
		return err
	}
	b.add(stage{Name: "export", Ours: "reports.WriteResponses (styles, sheets, number formats)", Floor: "the same cells with excelize's StreamWriter only",
		N: len(b.done), OursSec: tOurs.Seconds(), FloorSec: tFloor.Seconds(), OursHeap: hOurs, FloorHeap: hFloor, Target: 1.5,
		Note: fmt.Sprintf("file %.1f MiB; streamed from the database (the export command's path): peak live heap %.0f MiB, %.1fs with the collector forced every 20 ms",
			float64(size)/(1<<20), hStream, streamed.Seconds())})
	return nil
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// http: submissions and benchmark reads over loopback against the HTTP floor (/healthz).
func (b *bench) http(ctx context.Context) error {
	srv, err := httpx.New(b.svc, httpx.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), RequestsPerSecond: 1e6, Burst: 1 << 20})
	if err != nil {
		return err
	}
	api.Mount(srv)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	defer hs.Close()
	base := "http://" + ln.Addr().String()
	raw := "bench-admin-token-" + strings.Repeat("x", 16)
	if _, err := b.svc.EnsureToken(ctx, raw, survey.RoleAdmin, "", "bench"); err != nil {
		return err
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: b.clients}, Timeout: time.Minute}
	n := min(b.requests, len(b.items))
	bodies := make([][]byte, n)
	for i := range bodies {
		bs, err := json.Marshal(map[string]any{"answers": b.items[i].Answers})
		if err != nil {
			return err
		}
		bodies[i] = bs
	}
	run := func(name string, total int, req func(i int) (*http.Request, error)) error {
		b.progress("http: %s, %d requests from %d clients", name, total, b.clients)
		lat := make([]time.Duration, total)
		var next, errs atomic.Int64
		start := time.Now()
		var wg sync.WaitGroup
		for range b.clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := int(next.Add(1)) - 1
					if i >= total {
						return
					}
					r, err := req(i)
					if err != nil {
						errs.Add(1)
						continue
					}
					r.Header.Set("Authorization", "Bearer "+raw)
					t0 := time.Now()
					resp, err := client.Do(r)
					if err == nil {
						_, _ = io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						if resp.StatusCode >= 300 {
							err = fmt.Errorf("status %d", resp.StatusCode)
						}
					}
					lat[i] = time.Since(t0)
					if err != nil {
						errs.Add(1)
					}
				}
			}()
		}
		wg.Wait()
		took := time.Since(start)
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		pct := func(p float64) float64 {
			return float64(lat[min(total-1, int(math.Ceil(p*float64(total)))-1)].Microseconds()) / 1000
		}
		b.report.HTTP = append(b.report.HTTP, load{Name: name, Requests: total, Clients: b.clients, Seconds: took.Seconds(),
			Throughput: float64(total) / took.Seconds(), P50ms: pct(0.5), P99ms: pct(0.99), P999ms: pct(0.999), Errors: int(errs.Load())})
		return nil
	}
	if err := run("GET /healthz (HTTP floor)", b.requests, func(int) (*http.Request, error) {
		return http.NewRequest("GET", base+"/healthz", nil)
	}); err != nil {
		return err
	}
	if err := run("POST submit (new responses)", n, func(i int) (*http.Request, error) {
		it := b.items[i]
		r, err := http.NewRequest("POST", base+"/api/v1/campaigns/bench-api/responses/"+it.Association+"/"+it.Questionnaire+"/submit", bytes.NewReader(bodies[i]))
		if err == nil {
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("Idempotency-Key", "bench-api-"+it.Association)
		}
		return r, err
	}); err != nil {
		return err
	}
	return run("GET benchmarks by region", b.requests, func(i int) (*http.Request, error) {
		return http.NewRequest("GET", base+"/api/v1/campaigns/bench/benchmarks?questionnaire="+benchQuestionnaire+"&group_by=region", nil)
	})
}

func (b *bench) print(w io.Writer) error {
	fmt.Fprintf(w, "assocbench bench: %d associations, %s, %s on %d CPUs, %.0fs\n\n", b.report.Associations, b.report.Database, b.report.GoVersion, b.report.CPUs, b.report.Took)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STAGE\tN\tOURS\tFLOOR\tRATIO\tTARGET\tPEAK LIVE HEAP (OURS / FLOOR)\tWHAT")
	for _, s := range b.report.Stages {
		target, heap := "", ""
		if s.Target > 0 {
			mark := "met"
			if s.Ratio > s.Target {
				mark = "MISSED"
			}
			target = fmt.Sprintf("<= %.1f %s", s.Target, mark)
		}
		if s.OursHeap > 0 || s.FloorHeap > 0 {
			heap = fmt.Sprintf("%.0f / %.0f MiB (%.2f)", s.OursHeap, s.FloorHeap, s.HeapRatio)
		}
		fmt.Fprintf(tw, "%s\t%d\t%.3fs\t%.3fs\t%.2f\t%s\t%s\t%s vs %s\n", s.Name, s.N, s.OursSec, s.FloorSec, s.Ratio, target, heap, s.Ours, s.Floor)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, s := range b.report.Stages {
		if s.Note != "" {
			fmt.Fprintf(w, "  %s: %s\n", s.Name, s.Note)
		}
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "HTTP LOAD\tREQUESTS\tCLIENTS\tREQ/S\tP50\tP99\tP99.9\tERRORS")
	for _, l := range b.report.HTTP {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f\t%.2f ms\t%.2f ms\t%.2f ms\t%d\n", l.Name, l.Requests, l.Clients, l.Throughput, l.P50ms, l.P99ms, l.P999ms, l.Errors)
	}
	return tw.Flush()
}
