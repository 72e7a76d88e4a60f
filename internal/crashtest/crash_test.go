package crashtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/questionnaires/synth"
	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/mongostore"
)

// The size of the run: about 30 s of killing and restarting here, plus
// the build of the binary.
const (
	// kills is how many times the server is killed with SIGKILL.
	kills = 10
	// workers is the number of concurrent clients; each owns its associations.
	workers = 6
	// associationsPerWorker times len(campaignIDs) times the four built-in
	// questionnaires is the work queue of one client.
	associationsPerWorker = 4
	// drafts is the number of draft saves before each submission.
	drafts = 2
	// minKillDelay and maxKillDelay bound the random moment of a kill,
	// counted from the moment the restarted server was checked.
	minKillDelay = 100 * time.Millisecond
	maxKillDelay = 1500 * time.Millisecond
	// startTimeout bounds one start of the server.
	startTimeout = time.Minute
	// maxErrors stops reporting after this many failed checks.
	maxErrors = 25
)

// adminToken is the ASSOCBENCH_ADMIN_TOKEN of the child process.
const adminToken = "abk_crash-test-admin-token-0123456789abcdef"

var (
	campaignIDs      = []string{"crash-1", "crash-2", "crash-3"}
	questionnaireIDs = []string{"profile", "financial-sustainability", "membership", "communications"}
	countries        = []string{"FR", "NG", "BR", "JP", "KE", "CA", "IN", "DE"}
)

// TestCrashSafety is issue 8's crash test; see the package documentation.
// It checks that
//   - the server starts cleanly on the data dir after every SIGKILL;
//   - every acknowledged draft save and submission survives every later
//     kill (the stored revision never goes below an acknowledged one, and
//     a submission stays submitted with its acknowledged revision and scores);
//   - a request whose answer was lost was applied entirely or not at all:
//     replaying it with the same Idempotency-Key (submissions) or the same
//     If-Match (draft saves) completes it, and a draft save that was
//     applied before the kill is found exactly at the next revision with
//     its answers;
//   - at the end every response that was touched is submitted exactly once:
//     at revision drafts+1, with the client's idempotency key and answers,
//     no history (never resubmitted), at most one submit audit event, and
//     no response the clients did not write exists.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test: builds the binary and kills it repeatedly (skipped with -short)")
	}
	began := time.Now()
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("CRASHTEST_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("CRASHTEST_SEED=%q: %v", s, err)
		}
		seed = v
	}
	t.Logf("seed %d (set CRASHTEST_SEED to repeat the kill moments)", seed)
	rng := rand.New(rand.NewPCG(seed, 0x5eed))

	bin := buildBinary(t)
	t.Logf("built %s in %s", filepath.Base(bin), time.Since(began).Round(time.Millisecond))
	dir := filepath.Join(t.TempDir(), "data")
	ctx := t.Context()
	st := &counters{}
	r := &run{t: t, st: st}

	srv := r.start(bin, dir)
	c := newClient(srv.base(), st)
	jobs, ws := r.setup(ctx, c)
	t.Logf("setup: %d campaigns, %d associations with their tokens, %d responses queued", len(campaignIDs), workers*associationsPerWorker, len(jobs))

	for k := 0; k < kills; k++ {
		if k > 0 {
			srv = r.start(bin, dir)
			c = newClient(srv.base(), st)
			r.verifyAll(ctx, c, ws)
		}
		delay := minKillDelay + time.Duration(rng.Int64N(int64(maxKillDelay-minKillDelay)))
		var wg sync.WaitGroup
		for _, w := range ws {
			wg.Go(func() { r.work(ctx, c, w, false) })
		}
		time.Sleep(delay)
		srv.kill()
		st.kills.Add(1)
		wg.Wait()
		c.close()
		if r.failed() {
			break
		}
	}

	// The last life: finish every response that was started, check, stop.
	srv = r.start(bin, dir)
	c = newClient(srv.base(), st)
	r.verifyAll(ctx, c, ws)
	var wg sync.WaitGroup
	for _, w := range ws {
		wg.Go(func() { r.work(ctx, c, w, true) })
	}
	wg.Wait()
	r.verifyAll(ctx, c, ws)
	c.close()
	if err := srv.stop(); err != nil {
		r.errorf("graceful stop after the run: %v; stderr:\n%s", err, srv.stderr)
	}
	r.checkStored(ctx, dir, jobs)

	touched, submitted := 0, 0
	for _, j := range jobs {
		if j.touched() {
			touched++
		}
		if j.done != nil {
			submitted++
		}
	}
	if st.lost.Load() == 0 {
		r.errorf("no request lost its answer to a kill: the run exercised nothing")
	}
	t.Logf("kills: %d (SIGKILL), server starts: %d", st.kills.Load(), st.starts.Load())
	t.Logf("requests: %d HTTP requests (%d draft saves and %d submissions acknowledged, %d rate-limited and resent, %d verification reads)",
		st.requests.Load(), st.draftAcks.Load(), st.submitAcks.Load(), st.rateLimited.Load(), st.verifyReads.Load())
	t.Logf("lost answers: %d; replays: %d; lost draft saves found applied: %d; lost submissions found applied: %d",
		st.lost.Load(), st.replays.Load(), st.appliedDrafts.Load(), st.appliedSubmits.Load())
	t.Logf("responses: %d of %d queued were touched, %d submitted exactly once; submit audit events missing (kill between the write and the audit record): %d",
		touched, len(jobs), submitted, st.auditMissing.Load())
	t.Logf("took %s", time.Since(began).Round(time.Millisecond))
	if t.Failed() {
		t.Logf("stderr of the last server:\n%s", srv.stderr)
	}
}

// counters are the numbers the test reports.
type counters struct {
	kills, starts                 atomic.Int64
	requests, rateLimited, lost   atomic.Int64
	replays                       atomic.Int64
	draftAcks, submitAcks         atomic.Int64
	appliedDrafts, appliedSubmits atomic.Int64
	verifyReads, auditMissing     atomic.Int64
}

// run is the state shared by the test's goroutines.
type run struct {
	t      *testing.T
	st     *counters
	errors atomic.Int64
}

// errorf reports a failed check, up to maxErrors of them.
func (r *run) errorf(format string, args ...any) {
	r.t.Helper()
	if n := r.errors.Add(1); n <= maxErrors {
		r.t.Errorf(format, args...)
	} else if n == maxErrors+1 {
		r.t.Errorf("more than %d failed checks; not reporting more", maxErrors)
	}
}

func (r *run) failed() bool { return r.errors.Load() > 0 }

// buildBinary builds cmd/assocbench into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
		if _, serr := os.Stat(goTool); os.Getenv("GOROOT") == "" || serr != nil {
			t.Fatalf("find the go command: %v", err)
		}
	}
	bin := filepath.Join(t.TempDir(), "assocbench")
	cmd := exec.Command(goTool, "build", "-o", bin, "github.com/assocbench/assocbench/cmd/assocbench")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// server is one `assocbench serve` child process.
type server struct {
	cmd    *exec.Cmd
	addr   string
	stderr *tail
	exited chan struct{} // closed when the process has been waited for
	err    error         // Wait's result, set before exited is closed
}

// reListening finds the address in the line serve prints when it listens.
var reListening = regexp.MustCompile(`assocbench listening on (\S+)\s`)

// start runs the server on the data dir and waits until it listens and
// is ready; a server that cannot start fails the test at once.
func (r *run) start(bin, dir string) *server {
	r.t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data-dir", dir, "--log-level", "warn")
	cmd.Env = serverEnv()
	out := &stdoutWatch{addr: make(chan string, 1)}
	s := &server{cmd: cmd, stderr: &tail{max: 64 << 10}, exited: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = out, s.stderr
	if err := cmd.Start(); err != nil {
		r.t.Fatalf("start server: %v", err)
	}
	r.st.starts.Add(1)
	go func() {
		s.err = cmd.Wait()
		close(s.exited)
	}()
	r.t.Cleanup(s.kill)
	select {
	case s.addr = <-out.addr:
	case <-s.exited:
		r.t.Fatalf("start %d: the server exited before listening (%v): the database did not open cleanly; stderr:\n%s", r.st.starts.Load(), s.err, s.stderr)
	case <-time.After(startTimeout):
		s.kill()
		r.t.Fatalf("start %d: the server did not listen within %s; stderr:\n%s", r.st.starts.Load(), startTimeout, s.stderr)
	}
	// listening implies the store is open; /readyz pings the database too
	resp, err := http.Get(s.base() + "/readyz")
	if err != nil {
		r.t.Fatalf("start %d: readyz: %v", r.st.starts.Load(), err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		r.t.Fatalf("start %d: readyz answered %s, want 200", r.st.starts.Load(), resp.Status)
	}
	return s
}

// serverEnv is the test's environment without any assocbench or MongoDB
// setting (the crash test is about the embedded database), plus the
// administrator token.
func serverEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "ASSOCBENCH_") || strings.HasPrefix(kv, "MONGODB_URI=") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "ASSOCBENCH_ADMIN_TOKEN="+adminToken)
}

func (s *server) base() string { return "http://" + s.addr }

// kill sends SIGKILL (when the process still runs) and waits for it.
func (s *server) kill() {
	_ = s.cmd.Process.Kill()
	<-s.exited
}

// stop sends SIGTERM and returns the exit status of the process.
func (s *server) stop() error {
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return fmt.Errorf("send SIGTERM: %w", err)
	}
	select {
	case <-s.exited:
		return s.err
	case <-time.After(time.Minute):
		s.kill()
		return errors.New("the server did not exit within a minute of SIGTERM")
	}
}

// stdoutWatch collects the server's stdout and sends the listening
// address on addr once.
type stdoutWatch struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	addr chan string
	sent bool
}

// Write implements io.Writer.
func (w *stdoutWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if !w.sent {
		if m := reListening.FindSubmatch(w.buf.Bytes()); m != nil {
			w.sent = true
			w.addr <- string(m[1])
		}
	}
	return len(p), nil
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	b   []byte
}

// Write implements io.Writer.
func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = append([]byte(nil), t.b[len(t.b)-t.max:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}

// client talks to one server process.
type client struct {
	base string
	hc   *http.Client
	st   *counters
}

func newClient(base string, st *counters) *client {
	return &client{base: base, st: st, hc: &http.Client{Timeout: 30 * time.Second,
		Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: workers * 2}}}
}

func (c *client) close() { c.hc.CloseIdleConnections() }

// reply is the answer to a request; lost means that none came (the
// connection failed or was cut).
type reply struct {
	status int
	body   []byte
	lost   bool
	err    error
}

// do sends a request; a 429 is waited out and sent again (the server
// refused it before doing anything).
func (c *client) do(ctx context.Context, method, path, token string, header map[string]string, body []byte) reply {
	for {
		var rd io.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
		if err != nil {
			return reply{lost: true, err: err}
		}
		req.Header.Set("Authorization", "Bearer "+token)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		for k, v := range header {
			req.Header.Set(k, v)
		}
		c.st.requests.Add(1)
		resp, err := c.hc.Do(req)
		if err != nil {
			c.st.lost.Add(1)
			return reply{lost: true, err: err}
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			c.st.lost.Add(1)
			return reply{lost: true, err: err}
		}
		if resp.StatusCode == http.StatusTooManyRequests {
			c.st.rateLimited.Add(1)
			select {
			case <-time.After(200 * time.Millisecond):
				continue
			case <-ctx.Done():
				return reply{lost: true, err: ctx.Err()}
			}
		}
		return reply{status: resp.StatusCode, body: b}
	}
}

// must sends a setup request, which no kill interrupts, and decodes the
// answer into dst (when not nil).
func (r *run) must(ctx context.Context, c *client, method, path string, body any, want int, dst any) {
	r.t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		r.t.Fatal(err)
	}
	rep := c.do(ctx, method, path, adminToken, nil, b)
	if rep.lost || rep.status != want {
		r.t.Fatalf("%s %s: got %d %s (%v), want %d", method, path, rep.status, clip(rep.body), rep.err, want)
	}
	if dst != nil {
		if err := json.Unmarshal(rep.body, dst); err != nil {
			r.t.Fatalf("%s %s: decode %s: %v", method, path, clip(rep.body), err)
		}
	}
}

func clip(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "..."
	}
	return string(b)
}

// job is one response's script: drafts draft saves, then the submission.
type job struct {
	campaign, association, questionnaire string
	token                                string // the association's token
	path                                 string // the response's API path
	q                                    *questionnaires.Questionnaire
	draftBodies                          [][]byte
	draftAnswers                         []questionnaires.Answers
	submitBody                           []byte
	key                                  string // the submission's Idempotency-Key
	answers                              questionnaires.Answers
	want                                 *survey.Scores // scores computed here

	// Only the owning worker touches the fields below.
	step     int   // the next request: draft saves 0..drafts-1, then the submission
	rev      int64 // the revision the next request is based on (If-Match)
	maxAcked int64 // the highest revision the server acknowledged
	lost     bool  // the request at step lost its answer: replay it
	done     *ack  // the acknowledged submission
	// appliedSeen: the lost submission was found stored before its replay.
	appliedSeen bool
	failed      bool // a check failed; the job is abandoned
}

// ack is an acknowledged submission.
type ack struct {
	revision int64
	scores   *survey.Scores
}

func (j *job) id() string { return survey.ResponseID(j.campaign, j.association, j.questionnaire) }

// touched reports whether a request of the job may have reached the server.
func (j *job) touched() bool { return j.step > 0 || j.lost }

// finished reports whether the job needs no more requests.
func (j *job) finished() bool { return j.failed || j.done != nil }

// worker is one client, with its own associations and job queue.
type worker struct {
	id   int
	jobs []*job
	next int // the job in progress
}

// setup creates the campaigns, the associations and their tokens through
// the API, and returns the jobs and the workers they are dealt to.
func (r *run) setup(ctx context.Context, c *client) ([]*job, []*worker) {
	qs := make([]*questionnaires.Questionnaire, len(questionnaireIDs))
	keys := make([]string, len(questionnaireIDs))
	for i, id := range questionnaireIDs {
		if qs[i] = questionnaires.Builtin(id); qs[i] == nil {
			r.t.Fatalf("no built-in questionnaire %s", id)
		}
		keys[i] = qs[i].Key()
	}
	for _, id := range campaignIDs {
		var got struct {
			Questionnaires []string `json:"questionnaires"`
		}
		r.must(ctx, c, http.MethodPost, "/api/v1/campaigns", map[string]any{
			"id": id, "title": map[string]string{"en": "Crash test " + id}, "questionnaires": questionnaireIDs,
			"closes": time.Now().Add(30 * 24 * time.Hour).UTC().Format(time.RFC3339),
		}, http.StatusCreated, &got)
		if diff := cmp.Diff(keys, got.Questionnaires); diff != "" {
			r.t.Fatalf("campaign %s questionnaires differ from the built-in ones here (-want +got):\n%s", id, diff)
		}
	}
	ws := make([]*worker, workers)
	var jobs []*job
	for w := range ws {
		ws[w] = &worker{id: w}
		type member struct {
			id, token string
			profile   questionnaires.Answers // the profile facts the record already holds
		}
		var assocs []member
		for a := 0; a < associationsPerWorker; a++ {
			rec := survey.Association{ID: fmt.Sprintf("crash-w%d-a%d", w, a), Country: countries[(w*associationsPerWorker+a)%len(countries)],
				Type: "national", Members: 100 + 37*a + 11*w, Languages: []string{"en"}, TimeZone: "UTC"}
			id := rec.ID
			r.must(ctx, c, http.MethodPost, "/api/v1/associations", map[string]any{
				"id": id, "name": "Crash test association " + id, "country": rec.Country,
				"type": rec.Type, "members": rec.Members, "languages": rec.Languages, "time_zone": rec.TimeZone,
			}, http.StatusCreated, nil)
			var tok struct {
				Token string `json:"token"`
			}
			r.must(ctx, c, http.MethodPost, "/api/v1/associations/"+id+"/tokens", map[string]any{"label": "crash test"}, http.StatusCreated, &tok)
			assocs = append(assocs, member{id, tok.Token, survey.ProfileAnswers(&rec)})
		}
		for _, cp := range campaignIDs {
			for _, a := range assocs {
				for _, q := range qs {
					var fixed questionnaires.Answers
					if q.Area == questionnaires.AreaProfile {
						fixed = a.profile
					}
					j := r.newJob(cp, a.id, a.token, q, fixed, uint64(len(jobs)))
					jobs = append(jobs, j)
					ws[w].jobs = append(ws[w].jobs, j)
				}
			}
		}
	}
	return jobs, ws
}

// newJob makes the deterministic requests of one response: synthetic
// answers that pass submission, drafts that hold growing prefixes of them,
// and the scores the server must compute. fixed answers (the profile
// facts of the association) are kept as they are.
func (r *run) newJob(campaign, association, token string, q *questionnaires.Questionnaire, fixed questionnaires.Answers, n uint64) *job {
	r.t.Helper()
	rng := rand.New(rand.NewPCG(n, 0xc0ffee))
	gen, err := synth.Answers(q, rng, synth.Options{Propensity: 0.15 + 0.7*rng.Float64(), Skip: 0.1, Fixed: fixed})
	if err != nil {
		r.t.Fatal(err)
	}
	raw := rawAnswers(r.t, gen)
	answers, fe := q.ParseAnswers(raw, "en")
	if fe != nil {
		r.t.Fatalf("synthetic answers to %s do not parse: %v", q.Key(), fe)
	}
	if fe := q.Validate(answers, questionnaires.Submit, ""); fe != nil {
		r.t.Fatalf("synthetic answers to %s do not pass submission: %v", q.Key(), fe)
	}
	j := &job{campaign: campaign, association: association, questionnaire: q.ID, token: token, q: q,
		path:    "/api/v1/campaigns/" + campaign + "/responses/" + association + "/" + q.ID,
		key:     fmt.Sprintf("crash-%d-%s", n, survey.ResponseID(campaign, association, q.ID)),
		answers: answers, want: survey.CompactScores(scoring.Score(q, answers))}
	j.submitBody = mustJSON(r.t, map[string]any{"answers": raw})
	var order []string
	for _, qu := range q.Questions() {
		if _, ok := raw[qu.ID]; ok {
			order = append(order, qu.ID)
		}
	}
	for k := 1; k <= drafts; k++ {
		n := (len(order)*k + drafts) / (drafts + 1)
		part := map[string]json.RawMessage{}
		for _, id := range order[:n] {
			part[id] = raw[id]
		}
		pa, fe := q.ParseAnswers(part, "en")
		if fe != nil {
			r.t.Fatalf("draft answers to %s do not parse: %v", q.Key(), fe)
		}
		j.draftBodies = append(j.draftBodies, mustJSON(r.t, map[string]any{"answers": part}))
		j.draftAnswers = append(j.draftAnswers, pa)
	}
	return j
}

// rawAnswers turns answers into the JSON object the API takes.
func rawAnswers(t *testing.T, a questionnaires.Answers) map[string]json.RawMessage {
	t.Helper()
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(mustJSON(t, a), &raw); err != nil {
		t.Fatal(err)
	}
	return raw
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// responseView is the part of a response the checks read.
type responseView struct {
	Status   survey.ResponseStatus      `json:"status"`
	Revision int64                      `json:"revision"`
	Answers  map[string]json.RawMessage `json:"answers"`
	Scores   *survey.Scores             `json:"scores"`
	History  []json.RawMessage          `json:"history"`
}

// work runs w's queue until a request's answer is lost (the server was
// killed) or the queue is empty; with drain it only finishes the response
// in progress (and the lost requests) and then stops.
func (r *run) work(ctx context.Context, c *client, w *worker, drain bool) {
	for w.next < len(w.jobs) && !r.failed() {
		j := w.jobs[w.next]
		if j.finished() {
			w.next++
			continue
		}
		if drain && !j.touched() {
			return
		}
		if !r.advance(ctx, c, j) {
			if drain {
				r.errorf("%s: answer lost without a kill", j.id())
				j.failed = true
			}
			return
		}
	}
}

// advance sends the job's next request, or replays the one whose answer
// was lost, and checks the answer. It returns false when the answer was
// lost (again).
func (r *run) advance(ctx context.Context, c *client, j *job) bool {
	replay := j.lost
	if replay {
		c.st.replays.Add(1)
	}
	if j.step < len(j.draftBodies) {
		rep := c.do(ctx, http.MethodPut, j.path, j.token, map[string]string{"If-Match": etag(j.rev)}, j.draftBodies[j.step])
		if rep.lost {
			j.lost = true
			return false
		}
		switch {
		case rep.status == http.StatusOK:
			var got responseView
			if !r.decode(j, "draft save", rep, &got) {
				return true
			}
			if got.Status != survey.StatusDraft || got.Revision != j.rev+1 {
				r.errorf("%s: draft save %d from revision %d answered %s revision %d, want draft revision %d", j.id(), j.step, j.rev, got.Status, got.Revision, j.rev+1)
				j.failed = true
				return true
			}
			c.st.draftAcks.Add(1)
			j.rev, j.maxAcked = got.Revision, got.Revision
		case rep.status == http.StatusPreconditionFailed && replay:
			// The lost save was applied before the kill: the response must
			// be exactly one revision further, holding that save's answers.
			got, ok := r.read(ctx, c, j)
			if !ok {
				return false // the replay is repeated in the next life
			}
			if got.Status != survey.StatusDraft || got.Revision != j.rev+1 {
				r.errorf("%s: lost draft save %d from revision %d: stored %s revision %d, want draft revision %d", j.id(), j.step, j.rev, got.Status, got.Revision, j.rev+1)
				j.failed = true
				return true
			}
			if diff := r.answersDiff(j, got, j.draftAnswers[j.step]); diff != "" {
				r.errorf("%s: lost draft save %d applied with other answers (-want +got):\n%s", j.id(), j.step, diff)
				j.failed = true
				return true
			}
			c.st.appliedDrafts.Add(1)
			j.rev = got.Revision
		default:
			r.errorf("%s: draft save %d (replay: %v) answered %d %s, want 200", j.id(), j.step, replay, rep.status, clip(rep.body))
			j.failed = true
			return true
		}
		j.lost = false
		j.step++
		return true
	}

	rep := c.do(ctx, http.MethodPost, j.path+"/submit", j.token, map[string]string{"Idempotency-Key": j.key}, j.submitBody)
	if rep.lost {
		j.lost = true
		return false
	}
	j.lost = false
	if rep.status != http.StatusOK {
		r.errorf("%s: submission (replay: %v) answered %d %s, want 200", j.id(), replay, rep.status, clip(rep.body))
		j.failed = true
		return true
	}
	var got responseView
	if !r.decode(j, "submission", rep, &got) {
		return true
	}
	if got.Status != survey.StatusSubmitted || got.Revision != j.rev+1 {
		r.errorf("%s: submission from revision %d answered %s revision %d, want submitted revision %d", j.id(), j.rev, got.Status, got.Revision, j.rev+1)
		j.failed = true
		return true
	}
	if diff := cmp.Diff(j.want, got.Scores, cmpopts.EquateApprox(0, 1e-9), cmpopts.EquateEmpty()); diff != "" {
		r.errorf("%s: acknowledged scores differ from the scores of the answers (-want +got):\n%s", j.id(), diff)
		j.failed = true
		return true
	}
	if replay && j.appliedSeen {
		c.st.appliedSubmits.Add(1)
	}
	c.st.submitAcks.Add(1)
	j.rev, j.maxAcked = got.Revision, got.Revision
	j.done = &ack{revision: got.Revision, scores: got.Scores}
	j.step++
	return true
}

// decode reads an answer body, failing the job when it is not a response.
func (r *run) decode(j *job, what string, rep reply, dst *responseView) bool {
	if err := json.Unmarshal(rep.body, dst); err != nil {
		r.errorf("%s: %s: decode %s: %v", j.id(), what, clip(rep.body), err)
		j.failed = true
		return false
	}
	return true
}

// read GETs the job's response; ok is false when the answer was lost.
func (r *run) read(ctx context.Context, c *client, j *job) (got responseView, ok bool) {
	rep := c.do(ctx, http.MethodGet, j.path, j.token, nil, nil)
	if rep.lost {
		return got, false
	}
	c.st.verifyReads.Add(1)
	if rep.status != http.StatusOK {
		r.errorf("%s: GET answered %d %s, want 200", j.id(), rep.status, clip(rep.body))
		return got, true
	}
	if err := json.Unmarshal(rep.body, &got); err != nil {
		r.errorf("%s: GET: decode %s: %v", j.id(), clip(rep.body), err)
	}
	return got, true
}

// answersDiff compares the stored answers with the expected ones, both in
// the questionnaire's own JSON form.
func (r *run) answersDiff(j *job, got responseView, want questionnaires.Answers) string {
	parsed, fe := j.q.ParseAnswers(got.Answers, "en")
	if fe != nil {
		return fmt.Sprintf("stored answers do not parse: %v", fe)
	}
	return cmp.Diff(string(mustJSON(r.t, want)), string(mustJSON(r.t, parsed)))
}

// etag is the If-Match value of a revision.
func etag(rev int64) string { return `"` + strconv.FormatInt(rev, 10) + `"` }

// verifyAll checks, after a restart, every response the workers touched.
func (r *run) verifyAll(ctx context.Context, c *client, ws []*worker) {
	var wg sync.WaitGroup
	for _, w := range ws {
		wg.Go(func() {
			for _, j := range w.jobs {
				if j.touched() && !j.failed {
					r.verify(ctx, c, j)
				}
			}
		})
	}
	wg.Wait()
}

// verify checks one response against what the client knows: exactly the
// revision it has (one more when the last request lost its answer and
// was applied), never below an acknowledged revision, and a submission
// with its acknowledged revision and scores.
func (r *run) verify(ctx context.Context, c *client, j *job) {
	got, ok := r.read(ctx, c, j)
	if !ok {
		r.errorf("%s: verification read lost with no kill", j.id())
		return
	}
	if got.Revision < j.maxAcked {
		r.errorf("%s: revision went backwards: stored %d, acknowledged %d", j.id(), got.Revision, j.maxAcked)
		j.failed = true
		return
	}
	if j.done != nil {
		if got.Status != survey.StatusSubmitted || got.Revision != j.done.revision || len(got.History) != 0 {
			r.errorf("%s: acknowledged submission (revision %d) stored as %s revision %d with %d earlier submissions",
				j.id(), j.done.revision, got.Status, got.Revision, len(got.History))
			j.failed = true
			return
		}
		if diff := cmp.Diff(j.done.scores, got.Scores, cmpopts.EquateEmpty()); diff != "" {
			r.errorf("%s: stored scores differ from the acknowledged ones (-ack +stored):\n%s", j.id(), diff)
			j.failed = true
		}
		return
	}
	switch {
	case got.Revision == j.rev && got.Status == survey.StatusDraft:
	case j.lost && got.Revision == j.rev+1:
		// the last request was applied before the kill; its replay tells which
		if j.step == len(j.draftBodies) && got.Status == survey.StatusSubmitted {
			j.appliedSeen = true
		}
	default:
		r.errorf("%s: stored %s revision %d, the client is at revision %d (last answer lost: %v)", j.id(), got.Status, got.Revision, j.rev, j.lost)
		j.failed = true
	}
}

// checkStored opens the data dir in this process once the server has
// stopped (the data-dir lock must be free) and checks the final state
// where the API does not show it: idempotency keys, answer hashes and the
// audit log.
func (r *run) checkStored(ctx context.Context, dir string, jobs []*job) {
	st, err := mongostore.Open(ctx, mongostore.Config{DataDir: dir})
	if err != nil {
		r.t.Fatalf("open the data dir after the run: %v", err)
	}
	defer func() {
		if err := st.Close(context.WithoutCancel(ctx)); err != nil {
			r.errorf("close the store: %v", err)
		}
	}()
	stored := map[string]*survey.Response{}
	for _, cp := range campaignIDs {
		err := st.StreamResponses(ctx, survey.ResponseFilter{Campaign: cp}, func(x *survey.Response) error {
			stored[x.ID] = x
			return nil
		})
		if err != nil {
			r.t.Fatalf("read the responses: %v", err)
		}
	}
	events, err := st.ListAudit(ctx, survey.AuditFilter{Action: survey.ActionSubmit})
	if err != nil {
		r.t.Fatalf("read the audit log: %v", err)
	}
	audits := map[string]int{}
	for _, e := range events {
		audits[e.Target]++
	}
	known := map[string]bool{}
	for _, j := range jobs {
		known[j.id()] = true
		x, ok := stored[j.id()]
		switch {
		case j.failed:
			continue
		case !j.touched():
			if ok {
				r.errorf("%s: stored although no request for it was sent", j.id())
			}
			continue
		case !ok:
			r.errorf("%s: missing", j.id())
			continue
		case j.done == nil:
			r.errorf("%s: touched but never submitted (the drain did not finish it)", j.id())
			continue
		}
		hash, err := survey.AnswersHash(j.answers)
		if err != nil {
			r.t.Fatal(err)
		}
		if x.Status != survey.StatusSubmitted || x.Revision != drafts+1 || x.Revision != j.done.revision || len(x.History) != 0 {
			r.errorf("%s: stored %s revision %d with %d earlier submissions, want submitted once at revision %d (acknowledged %d)",
				j.id(), x.Status, x.Revision, len(x.History), drafts+1, j.done.revision)
		}
		if x.IdempotencyKey != j.key || x.BodyHash != hash {
			r.errorf("%s: stored idempotency key %q and answers hash %s, want %q and %s", j.id(), x.IdempotencyKey, x.BodyHash, j.key, hash)
		}
		if diff := cmp.Diff(j.done.scores, x.Scores, cmpopts.EquateEmpty()); diff != "" {
			r.errorf("%s: stored scores differ from the acknowledged ones (-ack +stored):\n%s", j.id(), diff)
		}
		switch n := audits[j.id()]; {
		case n > 1:
			r.errorf("%s: %d submit audit events, want one", j.id(), n)
		case n == 0:
			r.st.auditMissing.Add(1)
		}
	}
	for id := range stored {
		if !known[id] {
			r.errorf("%s: stored, but no client wrote it", id)
		}
	}
}
