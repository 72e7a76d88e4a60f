package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/assocbench/assocbench/api"
	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/questionnaires/synth"
	"github.com/assocbench/assocbench/reports"
	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
	"github.com/assocbench/assocbench/web"
)

// paths: what users wait for, over HTTP against an in-process server on
// the bench database — the working group's dashboard, benchmarks, an
// association's scorecard, the session pack — warm and right after a
// submission, and the results model's load after a restart. Each is the
// median of three runs, with the process's peak RSS while it ran (the
// server, its embedded database and the harness share the process: the
// figure is an upper bound of the server's).
//
// The floors: for pages and API tables, an HTTP round trip (GET /healthz)
// plus the same tables read straight from the campaign's release in
// memory (what HTTP and the release cost, without the service and the
// templates); for the pack, the same cells
// written bare with excelize's StreamWriter; for the cold load, the
// driver's find and decode of the documents the load reads.

// pathsCampaign and pathsBase are the paths stage's campaigns: the base
// is the previous one, for the trends.
const (
	pathsCampaign = "paths"
	pathsBase     = "paths-base"
	pathsSpare    = 12 // associations kept back to submit during the stage
)

// pathsEnv is the paths stage's server and credentials.
type pathsEnv struct {
	base     string
	client   *http.Client
	admin    string
	analyst  string
	assoc    string // an association's token, for its scorecard
	assocID  string
	spare    []string // associations that have not submitted yet
	next     int
	submit   map[string][]byte // association -> a submission body
	question string            // a choice question of the benchmarks' questionnaire, for prevalence
}

func (b *bench) paths(ctx context.Context) error {
	b.progress("paths: two campaigns of %d associations (three questionnaires each), releases of both", b.n)
	ids, err := demo.Bulk(ctx, b.svc, demo.BulkOptions{Campaign: pathsBase, Associations: b.n, Seed: 11, IDPrefix: "path-", Consent: 1.0 / 3})
	if err != nil {
		return err
	}
	if _, err := demo.Bulk(ctx, b.svc, demo.BulkOptions{Campaign: pathsCampaign, Associations: b.n, Seed: 11, IDPrefix: "path-",
		Consent: 1.0 / 3, Previous: pathsBase}); err != nil {
		return err
	}
	for _, c := range []string{pathsBase, pathsCampaign} {
		if _, err := b.svc.Publish(ctx, survey.System, c, "bench"); err != nil {
			return err
		}
	}
	pe, stop, err := b.pathsServer(ctx, ids[0])
	if err != nil {
		return err
	}
	defer stop()
	if err := b.pathsSpare(ctx, pe); err != nil {
		return err
	}
	rel, err := b.svc.LatestRelease(ctx, survey.System, pathsCampaign)
	if err != nil {
		return err
	}
	tables := func() error { return readDashboardTables(rel, pe.question) }
	bq := "/api/v1/campaigns/" + pathsCampaign + "/benchmarks?questionnaire=" + benchQuestionnaire + "&group_by=region"
	for _, p := range []struct {
		name, path, token string
		after             bool
		floor             func() error
		floorWhat         string
	}{
		{"dashboard, warm", "/dashboard?campaign=" + pathsCampaign, pe.analyst, false, tables, "the dashboard's tables read from the release"},
		{"dashboard, after a submission", "/dashboard?campaign=" + pathsCampaign, pe.analyst, true, tables, "the dashboard's tables read from the release"},
		{"benchmarks, after a submission", bq, pe.analyst, true, func() error { _, err := rel.Table(nil, []string{"region"}); return err },
			"the same table read from the release"},
		{"prevalence, warm", "/api/v1/campaigns/" + pathsCampaign + "/prevalence?questionnaire=" + benchQuestionnaire + "&question=" + pe.question + "&group_by=region",
			pe.analyst, false, func() error {
				_, err := rel.Prevalence("choice:"+benchQuestionnaire+"/"+pe.question, []string{"region"})
				return err
			},
			"the same table read from the release"},
		{"mentoring, after a submission", "/api/v1/campaigns/" + pathsCampaign + "/mentoring", pe.analyst, true, func() error {
			_, err := b.svc.ListAssociations(ctx, survey.System, survey.AssociationFilter{})
			return err
		}, "a read of the directory the matches draw on"},
		{"another association's scorecard, after a submission", "/scorecard/" + pathsCampaign, pe.assoc, true, tables,
			"the dashboard's tables read from the release"},
	} {
		if err := b.timePath(ctx, pe, p.name, p.path, p.token, p.after, p.floor, p.floorWhat); err != nil {
			return err
		}
	}
	if err := b.timePack(ctx, pe); err != nil {
		return err
	}
	return b.timeColdLoad(ctx)
}

// pathsServer starts the API and the pages on a loopback port and makes
// the tokens; stop closes it.
func (b *bench) pathsServer(ctx context.Context, assoc string) (*pathsEnv, func(), error) {
	srv, err := httpx.New(b.svc, httpx.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), RequestsPerSecond: 1e6, Burst: 1 << 20})
	if err != nil {
		return nil, nil, err
	}
	api.Mount(srv)
	if err := web.Mount(srv); err != nil {
		return nil, nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	pe := &pathsEnv{base: "http://" + ln.Addr().String(), client: &http.Client{Timeout: 5 * time.Minute}, assocID: assoc,
		admin: "paths-admin-token-" + strings.Repeat("a", 16), analyst: "paths-analyst-token-" + strings.Repeat("b", 16),
		assoc: "paths-assoc-token-" + strings.Repeat("c", 16), submit: map[string][]byte{}}
	for _, t := range []struct {
		raw, assoc string
		role       survey.Role
	}{{pe.admin, "", survey.RoleAdmin}, {pe.analyst, "", survey.RoleAnalyst}, {pe.assoc, assoc, survey.RoleAssociation}} {
		if _, err := b.svc.EnsureToken(ctx, t.raw, t.role, t.assoc, "bench paths"); err != nil {
			hs.Close()
			return nil, nil, err
		}
	}
	for _, qu := range b.q.Questions() {
		if qu.Type.IsChoice() && qu.ChoicesFrom == "" && pe.question == "" {
			pe.question = qu.ID
		}
	}
	return pe, func() { hs.Close() }, nil
}

// pathsSpare creates the associations that submit during the stage, with
// their answers (not measured).
func (b *bench) pathsSpare(ctx context.Context, pe *pathsEnv) error {
	for i := range pathsSpare {
		id := fmt.Sprintf("path-spare-%d", i)
		a := survey.Association{ID: id, Name: "Spare " + id, Country: "FR", Type: survey.AssociationTypes[i%len(survey.AssociationTypes)],
			Members: 100 + 50*i, BudgetBand: survey.BudgetBands[i%len(survey.BudgetBands)], Languages: []string{"en"}, TimeZone: "UTC"}
		if _, err := b.svc.CreateAssociation(ctx, survey.System, a); err != nil {
			return err
		}
		ans, err := synth.Answers(b.q, mrand.New(mrand.NewPCG(uint64(i), 99)), synth.Options{Propensity: 0.5, Skip: 0.1})
		if err != nil {
			return err
		}
		body, err := json.Marshal(map[string]any{"answers": ans})
		if err != nil {
			return err
		}
		pe.spare, pe.submit[id] = append(pe.spare, id), body
	}
	return nil
}

// submitOne submits the next spare association's response over HTTP.
func (pe *pathsEnv) submitOne() error {
	if pe.next >= len(pe.spare) {
		return fmt.Errorf("paths: no spare association left to submit")
	}
	id := pe.spare[pe.next]
	pe.next++
	_, _, err := pe.get("POST", "/api/v1/campaigns/"+pathsCampaign+"/responses/"+id+"/"+benchQuestionnaire+"/submit", pe.admin, pe.submit[id])
	return err
}

// get requests path with token and returns the body's size and the time
// to the last byte.
func (pe *pathsEnv) get(method, path, token string, body []byte) (int64, time.Duration, error) {
	req, err := http.NewRequest(method, pe.base+path, bytes.NewReader(body))
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", "bench-paths-"+path)
	}
	start := time.Now()
	resp, err := pe.client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return 0, 0, fmt.Errorf("%s %s: status %d: %s", method, path, resp.StatusCode, msg)
	}
	n, err := io.Copy(io.Discard, resp.Body)
	return n, time.Since(start), err
}

// timePath measures one path: the median of three requests (each after a
// fresh submission when after), against floor.
func (b *bench) timePath(ctx context.Context, pe *pathsEnv, name, path, token string, after bool, floor func() error, floorWhat string) error {
	b.progress("paths: %s", name)
	if _, _, err := pe.get("GET", path, token, nil); err != nil { // warm
		return err
	}
	var runs []time.Duration
	var rss uint64
	for range 3 {
		if after {
			if err := pe.submitOne(); err != nil {
				return err
			}
		}
		resetPeakRSS()
		_, took, err := pe.get("GET", path, token, nil)
		if err != nil {
			return err
		}
		runs, rss = append(runs, took), max(rss, peakRSS())
	}
	var floors []time.Duration
	for range 3 {
		t, _, err := timed(func() error {
			if _, _, err := pe.get("GET", "/healthz", "", nil); err != nil {
				return err
			}
			return floor()
		})
		if err != nil {
			return err
		}
		floors = append(floors, t)
	}
	b.add(stage{Name: name, Ours: "GET " + strings.SplitN(path, "?", 2)[0], Floor: "GET /healthz + " + floorWhat, N: b.n,
		OursSec: median(runs).Seconds(), FloorSec: median(floors).Seconds(),
		Note: fmt.Sprintf("median of 3 %v; process peak RSS %.0f MiB", roundAll(runs), float64(rss)/(1<<20))})
	return nil
}

// timePack measures the session pack export against writing its cells
// bare.
func (b *bench) timePack(ctx context.Context, pe *pathsEnv) error {
	b.progress("paths: the session pack")
	path := "/api/v1/campaigns/" + pathsCampaign + "/exports/pack?questionnaire=" + benchQuestionnaire
	var runs []time.Duration
	var rss uint64
	var size int64
	for range 3 {
		resetPeakRSS()
		n, took, err := pe.get("GET", path, pe.analyst, nil)
		if err != nil {
			return err
		}
		runs, rss, size = append(runs, took), max(rss, peakRSS()), n
	}
	// the floor: the pack's cells, read back, written bare
	var buf bytes.Buffer
	req, _ := http.NewRequest("GET", pe.base+path, nil)
	req.Header.Set("Authorization", "Bearer "+pe.analyst)
	resp, err := pe.client.Do(req)
	if err != nil {
		return err
	}
	_, err = io.Copy(&buf, resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	sheets, cells, err := reports.ReadCells(buf.Bytes())
	if err != nil {
		return err
	}
	var floors []time.Duration
	for range 3 {
		t, _, err := timed(func() error { return reports.WriteCellsFloor(io.Discard, sheets) })
		if err != nil {
			return err
		}
		floors = append(floors, t)
	}
	b.add(stage{Name: "session pack", Ours: "GET /campaigns/{c}/exports/pack (charts, styles, every sheet)", Floor: "the same cells written bare with excelize's StreamWriter",
		N: b.n, OursSec: median(runs).Seconds(), FloorSec: median(floors).Seconds(),
		Note: fmt.Sprintf("%d sheets, %d cells, %.1f KiB; median of 3 %v; process peak RSS %.0f MiB",
			len(sheets), cells, float64(size)/1024, roundAll(runs), float64(rss)/(1<<20))})
	return nil
}

// timeColdLoad measures the results model's load by a new service on the
// same database (as after a restart) against the driver's find and decode
// of the same documents.
func (b *bench) timeColdLoad(ctx context.Context) error {
	b.progress("paths: the results model's load after a restart")
	var runs []time.Duration
	var heap float64
	for range 3 {
		svc, err := survey.NewService(b.st, survey.Options{Now: func() time.Time { return benchNow }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			return err
		}
		t, h, err := timed(func() error { _, err := svc.ResultsDataset(ctx, survey.System, pathsCampaign); return err })
		if err != nil {
			return err
		}
		runs, heap = append(runs, t), max(heap, h)
	}
	var floors []time.Duration
	var docs int
	for range 3 {
		t, _, err := timed(func() error {
			var err error
			docs, err = b.st.RawDecodeResults(ctx, pathsCampaign)
			return err
		})
		if err != nil {
			return err
		}
		floors = append(floors, t)
	}
	b.add(stage{Name: "results model, cold load", Ours: "a new survey.Service's first read of the campaign's results",
		Floor: "driver find + decode of the documents it reads", N: b.n, OursSec: median(runs).Seconds(), FloorSec: median(floors).Seconds(), OursHeap: heap,
		Note: fmt.Sprintf("%d documents; median of 3 %v", docs, roundAll(runs))})
	return nil
}

// readDashboardTables reads from rel what the dashboard shows: the
// overall and area benchmarks by region, a prevalence table by region.
func readDashboardTables(rel *scoring.Release, question string) error {
	if _, err := rel.Table(nil, []string{"region"}); err != nil {
		return err
	}
	if _, err := rel.Table([]string{scoring.AreaMetric(questionnaires.AreaFinancial)}, []string{"region"}); err != nil {
		return err
	}
	_, err := rel.Prevalence("choice:"+benchQuestionnaire+"/"+question, []string{"region"})
	return err
}

// median returns the middle of ds (the upper one of an even count).
func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// roundAll rounds ds to the millisecond, for notes.
func roundAll(ds []time.Duration) []time.Duration {
	out := make([]time.Duration, len(ds))
	for i, d := range ds {
		out[i] = d.Round(time.Millisecond)
	}
	return out
}

// resetPeakRSS resets the kernel's peak resident set size of the process
// (VmHWM), where Linux allows it.
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS reads the process's peak resident set size (VmHWM) in bytes, or
// 0 where /proc is not there.
func peakRSS() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
