package mongostore

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// These tests exercise the embedded server itself, so each starts its own in
// a temporary directory rather than using mongotest (which imports this
// package and so cannot be imported by its internal tests). None of them runs
// in parallel: TestEmbeddedCloseReleasesResources counts goroutines.

// startEmbedded starts a server in dir that is closed when t ends.
func startEmbedded(t testing.TB, dir string, logger *slog.Logger) *Embedded {
	t.Helper()
	e, err := StartEmbedded(dir, logger)
	if err != nil {
		t.Fatalf("StartEmbedded(%q): %v", dir, err)
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return e
}

// newClient connects to uri with connect; the client is disconnected when t
// ends (before a server started earlier in the test is closed).
func newClient(t testing.TB, uri string, opts ...*options.ClientOptions) *mongo.Client {
	t.Helper()
	client, err := connect(context.Background(), uri, opts...)
	if err != nil {
		t.Fatalf("connect(%q): %v", uri, err)
	}
	t.Cleanup(func() { disconnect(t, client) })
	return client
}

// disconnect disconnects client unless it already is, failing t on error.
func disconnect(t testing.TB, client *mongo.Client) {
	t.Helper()
	if err := client.Disconnect(context.Background()); err != nil && !errors.Is(err, mongo.ErrClientDisconnected) {
		t.Errorf("Disconnect: %v", err)
	}
}

// testDoc is the document the tests store.
type testDoc struct {
	ID    string `bson:"_id"`
	Email string `bson:"email"`
	N     int    `bson:"n"`
}

func TestStartEmbeddedCreatesDataDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "data")
	e := startEmbedded(t, dir, nil)

	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatalf("data dir: %v", err)
	}
	if got, want := fi.Mode().Perm(), os.FileMode(0o700); !fi.IsDir() || got != want {
		t.Errorf("data dir mode = %v (dir %t), want %v (dir)", got, fi.IsDir(), want)
	}
	if got, want := e.Dir(), dir; got != want {
		t.Errorf("Dir() = %q, want %q", got, want)
	}
	sock := filepath.Join(dir, "ferretdb.sock")
	if got, want := e.URI(), "mongodb://"+url.PathEscape(sock)+"/"; got != want {
		t.Errorf("URI() = %q, want %q", got, want)
	}
	if fi, err := os.Lstat(sock); err != nil || fi.Mode().Type() != fs.ModeSocket {
		t.Errorf("socket %s: %v, %v; want a Unix socket", sock, fi, err)
	}

	client := newClient(t, e.URI())
	if _, err := client.Database("db").Collection("c").InsertOne(t.Context(), testDoc{ID: "x"}); err != nil {
		t.Fatalf("InsertOne: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "db.sqlite")); err != nil {
		t.Errorf("database file: %v", err)
	}
	disconnect(t, client)

	for i := range 2 {
		if err := e.Close(); err != nil {
			t.Errorf("Close #%d: %v", i+1, err)
		}
	}
}

func TestStartEmbeddedBadDataDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, dir, want string
	}{
		{"empty", "", "empty data dir"},
		{"a file", file, "create data dir"},
		{"under a file", filepath.Join(file, "sub"), "create data dir"},
		{"url metacharacter", filepath.Join(t.TempDir(), "a?b"), "must not contain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := StartEmbedded(tt.dir, nil)
			if err == nil {
				e.Close()
				t.Fatalf("StartEmbedded(%q) succeeded, want an error", tt.dir)
			}
			if got := err.Error(); !strings.Contains(got, tt.want) {
				t.Errorf("StartEmbedded(%q) = %q, want it to contain %q", tt.dir, got, tt.want)
			}
		})
	}
}

// ping inserts and reads back a document through the server at uri.
func ping(t *testing.T, uri string) {
	t.Helper()
	client := newClient(t, uri)
	coll := client.Database("db").Collection("c")
	if _, err := coll.InsertOne(t.Context(), testDoc{ID: "x"}); err != nil && !mongo.IsDuplicateKeyError(err) {
		t.Fatalf("InsertOne: %v", err)
	}
	if err := coll.FindOne(t.Context(), bson.D{{Key: "_id", Value: "x"}}).Err(); err != nil {
		t.Fatalf("FindOne: %v", err)
	}
	disconnect(t, client)
}

// leaveSocket creates a Unix socket file at path with nothing listening on
// it, as a process that crashed leaves behind.
func leaveSocket(t *testing.T, path string) {
	t.Helper()
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	l.SetUnlinkOnClose(false)
	l.Close()
	if fi, err := os.Lstat(path); err != nil || fi.Mode().Type() != fs.ModeSocket {
		t.Fatalf("stale socket %s: %v, %v", path, fi, err)
	}
}

func TestEmbeddedRemovesStaleSocket(t *testing.T) {
	dir := t.TempDir()
	sock := filepath.Join(dir, "ferretdb.sock")
	leaveSocket(t, sock)

	e := startEmbedded(t, dir, nil)
	ping(t, e.URI())
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(sock); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("socket after Close: %v, want it removed", err)
	}
}

func TestEmbeddedSocketPathInTheWay(t *testing.T) {
	dir := t.TempDir()
	sock := filepath.Join(dir, "ferretdb.sock")
	if err := os.WriteFile(sock, []byte("not a socket"), 0o600); err != nil {
		t.Fatal(err)
	}
	e, err := StartEmbedded(dir, nil)
	if err == nil {
		e.Close()
		t.Fatal("StartEmbedded with a regular file at ferretdb.sock succeeded, want an error")
	}
	if want := sock + " is in the way"; !strings.Contains(err.Error(), want) {
		t.Errorf("error = %q, want it to contain %q", err, want)
	}
	if b, err := os.ReadFile(sock); err != nil || string(b) != "not a socket" {
		t.Errorf("the file in the way was changed: %q, %v", b, err)
	}
	// the lock was released
	if err := os.Remove(sock); err != nil {
		t.Fatal(err)
	}
	startEmbedded(t, dir, nil)
}

// TestEmbeddedLongPathSocket: a data dir whose socket path would not fit
// in a socket address gets its socket in a private temporary directory,
// removed at Close.
func TestEmbeddedLongPathSocket(t *testing.T) {
	dir := filepath.Join(t.TempDir(), strings.Repeat("d", 60), strings.Repeat("e", 60))
	if n := len(filepath.Join(dir, "ferretdb.sock")); n <= maxSocketPath {
		t.Fatalf("test dir too short: the socket path has %d bytes", n)
	}
	e := startEmbedded(t, dir, nil)
	if e.sockDir == "" || filepath.Dir(e.sock) != e.sockDir || !strings.HasPrefix(e.sockDir, os.TempDir()) {
		t.Fatalf("socket %q in %q, want one in a new directory under %s", e.sock, e.sockDir, os.TempDir())
	}
	fi, err := os.Stat(e.sockDir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fi.Mode().Perm(), os.FileMode(0o700); got != want {
		t.Errorf("socket dir mode = %v, want %v", got, want)
	}
	if got, want := e.URI(), "mongodb://"+url.PathEscape(e.sock)+"/"; got != want {
		t.Errorf("URI() = %q, want %q", got, want)
	}
	if _, err := os.Lstat(filepath.Join(dir, "ferretdb.sock")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("socket in the data dir: %v, want none", err)
	}
	ping(t, e.URI())
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(e.sockDir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("socket dir after Close: %v, want it removed", err)
	}
}

func TestEmbeddedTightensDataDir(t *testing.T) {
	tests := []struct {
		mode, want os.FileMode
		logged     bool
	}{
		{0o700, 0o700, false},
		{0o750, 0o700, true},
		{0o755, 0o700, true},
		{0o770, 0o700, true},
		{0o777, 0o700, true},
		{0o701, 0o700, true},
	}
	for _, tt := range tests {
		t.Run(tt.mode.String(), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(dir, tt.mode); err != nil {
				t.Fatal(err)
			}
			rec := &recorder{}
			e := startEmbedded(t, dir, slog.New(rec))
			checkMode(t, dir, tt.want)
			var logged []string
			for _, r := range rec.snapshot() {
				if strings.Contains(r.Message, "data dir") {
					logged = append(logged, r.Message)
					if r.Level != slog.LevelWarn {
						t.Errorf("logged at %v, want %v", r.Level, slog.LevelWarn)
					}
				}
			}
			if got := len(logged) > 0; got != tt.logged {
				t.Errorf("logged %q; want a message: %t", logged, tt.logged)
			}
			ping(t, e.URI())
		})
	}
}

// checkMode checks dir's permission bits.
func checkMode(t *testing.T, dir string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("data dir mode = %v, want %v", got, want)
	}
}

// TestEmbeddedRefusesOthersDataDir: a data dir open to others that belongs
// to another user is refused, and left as it is.
func TestEmbeddedRefusesOthersDataDir(t *testing.T) {
	dir := "/usr"
	if os.Geteuid() == 0 {
		// root owns /usr: give a dir to nobody instead.
		dir = filepath.Join(t.TempDir(), "data")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(dir, 65534, 65534); err != nil {
			t.Skipf("cannot give a dir to another user: %v", err)
		}
	}
	fi, err := os.Stat(dir)
	if err != nil {
		t.Skip(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	if int(st.Uid) == os.Geteuid() || fi.Mode().Perm()&0o077 == 0 {
		t.Skipf("%s is ours or private", dir)
	}
	e, err := StartEmbedded(dir, nil)
	if err == nil {
		e.Close()
		t.Fatalf("StartEmbedded(%q) succeeded, want an error", dir)
	}
	for _, want := range []string{"data dir " + dir, fmt.Sprintf("mode %04o", fi.Mode().Perm()), fmt.Sprintf("uid %d", st.Uid), "chmod 700"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error = %q, want it to contain %q", err, want)
		}
	}
	checkMode(t, dir, fi.Mode().Perm())
	if _, err := os.Lstat(filepath.Join(dir, lockFileName)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("lock file in the refused dir: %v", err)
	}
}

func TestEmbeddedPersistsAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	want := testDoc{ID: "2026-midterm/ala/finance", Email: "a@example.org", N: 7}

	start := time.Now()
	e1 := startEmbedded(t, dir, nil)
	t.Logf("cold start (empty dir): %v", time.Since(start))
	client := newClient(t, e1.URI())
	if _, err := client.Database("assoc").Collection("responses").InsertOne(t.Context(), want); err != nil {
		t.Fatalf("InsertOne: %v", err)
	}
	disconnect(t, client)
	if err := e1.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	start = time.Now()
	e2 := startEmbedded(t, dir, nil)
	t.Logf("warm start (one database): %v", time.Since(start))
	client = newClient(t, e2.URI())
	var got testDoc
	filter := bson.D{{Key: "_id", Value: want.ID}}
	if err := client.Database("assoc").Collection("responses").FindOne(t.Context(), filter).Decode(&got); err != nil {
		t.Fatalf("FindOne after restart: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("document after restart (-want +got):\n%s", diff)
	}
}

func TestEmbeddedDataDirInUseInProcess(t *testing.T) {
	dir := t.TempDir()
	e := startEmbedded(t, dir, nil)

	second, err := StartEmbedded(dir, nil)
	if err == nil {
		second.Close()
		t.Fatal("second StartEmbedded on the same dir succeeded, want an error")
	}
	checkInUse(t, err, dir, os.Getpid())

	// The first server is unharmed, and the dir is free again after Close.
	client := newClient(t, e.URI())
	if _, err := client.Database("db").Collection("c").InsertOne(t.Context(), testDoc{ID: "x"}); err != nil {
		t.Fatalf("InsertOne on the first server: %v", err)
	}
	disconnect(t, client)
	if err := e.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	startEmbedded(t, dir, nil)
}

// envHoldDir names the data dir that TestHelperHoldDataDir holds.
const envHoldDir = "MONGOSTORE_TEST_HOLD_DIR"

func TestEmbeddedDataDirInUseByOtherProcess(t *testing.T) {
	dir := t.TempDir()

	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldDataDir$")
	cmd.Env = append(os.Environ(), envHoldDir+"="+dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start helper process: %v", err)
	}
	defer func() {
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			t.Errorf("helper process: %v", err)
		}
	}()
	ready := false
	for sc := bufio.NewScanner(stdout); sc.Scan(); {
		if sc.Text() == "ready" {
			ready = true
			break
		}
	}
	if !ready {
		t.Fatal("helper process did not report ready")
	}
	go io.Copy(io.Discard, stdout)

	e, err := StartEmbedded(dir, nil)
	if err == nil {
		e.Close()
		t.Fatal("StartEmbedded on a dir held by another process succeeded, want an error")
	}
	checkInUse(t, err, dir, cmd.Process.Pid)
}

// TestHelperHoldDataDir is not a test: TestEmbeddedDataDirInUseByOtherProcess
// runs it in a child process to hold a data dir until its stdin closes.
func TestHelperHoldDataDir(t *testing.T) {
	dir := os.Getenv(envHoldDir)
	if dir == "" {
		t.Skip("helper process for TestEmbeddedDataDirInUseByOtherProcess")
	}
	e, err := StartEmbedded(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("ready")
	_, _ = io.Copy(io.Discard, os.Stdin)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
}

// checkInUse checks that err says dir is in use by pid.
func checkInUse(t *testing.T, err error, dir string, pid int) {
	t.Helper()
	var inUse *DataDirInUseError
	if !errors.As(err, &inUse) {
		t.Fatalf("error = %v (%T), want a *DataDirInUseError", err, err)
	}
	if diff := cmp.Diff(&DataDirInUseError{Dir: dir, PID: pid}, inUse); diff != "" {
		t.Errorf("DataDirInUseError (-want +got):\n%s", diff)
	}
	want := fmt.Sprintf("data dir %s is in use by another assocbench process (pid %d)", dir, pid)
	if got := err.Error(); !strings.Contains(got, want) {
		t.Errorf("error = %q, want it to contain %q", got, want)
	}
}

// recorder is a slog.Handler that keeps every record it is given.
type recorder struct {
	mu      sync.Mutex
	records []slog.Record
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }

func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.records = append(r.records, rec.Clone())
	return nil
}

func (r *recorder) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *recorder) WithGroup(string) slog.Handler      { return r }

// snapshot returns the records so far.
func (r *recorder) snapshot() []slog.Record {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]slog.Record(nil), r.records...)
}

func TestEmbeddedLogsWarningsOnly(t *testing.T) {
	rec := &recorder{}
	e, err := StartEmbedded(t.TempDir(), slog.New(rec))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()

	// Ordinary work logs at debug and info level only.
	client := newClient(t, e.URI())
	coll := client.Database("db").Collection("c")
	if _, err := coll.InsertOne(t.Context(), testDoc{ID: "x"}); err != nil {
		t.Fatalf("InsertOne: %v", err)
	}
	if err := coll.FindOne(t.Context(), bson.D{{Key: "_id", Value: "x"}}).Err(); err != nil {
		t.Fatalf("FindOne: %v", err)
	}
	disconnect(t, client)

	// A client speaking another protocol makes FerretDB warn.
	conn, err := net.Dial("unix", e.sock)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, conn) // until the server hangs up
	conn.Close()
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}

	records := rec.snapshot()
	if len(records) == 0 {
		t.Fatal("no log record reached the logger, want FerretDB's warning about the bad client")
	}
	for _, r := range records {
		if r.Level < slog.LevelWarn {
			t.Errorf("record at level %v reached the logger: %q", r.Level, r.Message)
		}
		// The driver's endSessions at Disconnect fails on FerretDB v1;
		// its response dump must not reach the logger.
		if strings.Contains(r.Message, "endSessions") {
			t.Errorf("dump of the endSessions failure reached the logger: %q", r.Message)
		}
	}
	for _, r := range records {
		t.Logf("%v %q", r.Level, r.Message)
	}
}

func TestFerretLogHandler(t *testing.T) {
	rec := &recorder{}
	logger := slog.New(&ferretLogHandler{next: rec}).With("k", "v").WithGroup("g")
	logger.Debug("debug")
	logger.Info("info")
	logger.Warn("warn")
	logger.Warn("Response header: length: 1")
	logger.Warn("Response message:\n{}")
	logger.Error("error")
	logger.Error("Response header: length: 2")

	var got []string
	for _, r := range rec.snapshot() {
		got = append(got, r.Message)
	}
	want := []string{"warn", "error", "Response header: length: 2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("messages logged (-want +got):\n%s", diff)
	}
}

func TestEmbeddedCloseReleasesResources(t *testing.T) {
	baseline := runtime.NumGoroutine()
	dir := t.TempDir()

	e, err := StartEmbedded(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	client, err := connect(t.Context(), e.URI())
	if err != nil {
		t.Fatal(err)
	}
	for _, db := range []string{"one", "two"} {
		if _, err := client.Database(db).Collection("c").InsertOne(t.Context(), testDoc{ID: "x"}); err != nil {
			t.Fatalf("InsertOne: %v", err)
		}
	}
	if open := openFilesUnder(t, dir); len(open) == 0 {
		t.Errorf("no open file under the data dir while the server runs; the check below proves nothing")
	}
	disconnect(t, client)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}

	if open := openFilesUnder(t, dir); len(open) > 0 {
		t.Errorf("files still open under the data dir after Close: %v", open)
	}
	// Goroutines of closed connections may take a moment to return.
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > baseline && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if got := runtime.NumGoroutine(); got > baseline {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		t.Errorf("%d goroutines after Close, %d before start:\n%s", got, baseline, buf)
	}
}

// openFilesUnder lists the files under dir that this process has open.
func openFilesUnder(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("cannot list open files: %v", err)
	}
	var open []string
	for _, ent := range entries {
		target, err := os.Readlink(filepath.Join("/proc/self/fd", ent.Name()))
		if err == nil && strings.HasPrefix(target, dir+string(filepath.Separator)) {
			open = append(open, target)
		}
	}
	return open
}

func TestConnectWriteConcern(t *testing.T) {
	e := startEmbedded(t, t.TempDir(), nil)

	tests := []struct {
		name  string
		query string
		want  any
	}{
		{"default majority", "", "majority"},
		{"uri overrides", "?w=1", int32(1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			sent := map[string]any{} // command name -> writeConcern.w
			monitor := &event.CommandMonitor{Started: func(_ context.Context, ev *event.CommandStartedEvent) {
				var wc struct {
					WriteConcern *struct {
						W any `bson:"w"`
					} `bson:"writeConcern"`
				}
				if err := bson.Unmarshal(ev.Command, &wc); err != nil || wc.WriteConcern == nil {
					return
				}
				mu.Lock()
				defer mu.Unlock()
				sent[ev.CommandName] = wc.WriteConcern.W
			}}
			client := newClient(t, e.URI()+tt.query, options.Client().SetMonitor(monitor))

			// Every write kind the store uses is accepted with this write concern.
			db := client.Database("wc")
			coll := db.Collection("c")
			ctx := t.Context()
			if _, err := coll.Indexes().CreateOne(ctx, mongo.IndexModel{
				Keys:    bson.D{{Key: "email", Value: 1}},
				Options: options.Index().SetUnique(true),
			}); err != nil {
				t.Fatalf("CreateOne index: %v", err)
			}
			if _, err := coll.InsertOne(ctx, testDoc{ID: "x", Email: "x@example.org"}); err != nil {
				t.Fatalf("InsertOne: %v", err)
			}
			if _, err := coll.UpdateOne(ctx, bson.D{{Key: "_id", Value: "x"}},
				bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: 1}}}}); err != nil {
				t.Fatalf("UpdateOne: %v", err)
			}
			if _, err := coll.DeleteOne(ctx, bson.D{{Key: "_id", Value: "x"}}); err != nil {
				t.Fatalf("DeleteOne: %v", err)
			}
			if err := db.Drop(ctx); err != nil {
				t.Fatalf("Drop: %v", err)
			}

			mu.Lock()
			defer mu.Unlock()
			for _, cmd := range []string{"createIndexes", "insert", "update", "delete", "dropDatabase"} {
				if got, ok := sent[cmd]; !ok || !cmp.Equal(got, tt.want) {
					t.Errorf("%s sent writeConcern.w = %#v (sent: %t), want %#v", cmd, got, ok, tt.want)
				}
			}
		})
	}
}

func TestConnectErrors(t *testing.T) {
	// A port nothing listens on: bind one, then free it.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "mongodb://" + l.Addr().String() + "/"
	l.Close()

	tests := []struct {
		name, uri, want string
	}{
		{"empty", "", "empty uri"},
		{"not a mongodb uri", "http://localhost/", "connect to mongodb"},
		{"nothing listening", closed, "ping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), time.Second)
			defer cancel()
			client, err := connect(ctx, tt.uri)
			if err == nil {
				disconnect(t, client)
				t.Fatalf("connect(%q) succeeded, want an error", tt.uri)
			}
			if got := err.Error(); !strings.Contains(got, tt.want) {
				t.Errorf("connect(%q) = %q, want it to contain %q", tt.uri, got, tt.want)
			}
		})
	}
}

func TestEmbeddedDriverCRUD(t *testing.T) {
	e := startEmbedded(t, t.TempDir(), nil)
	client := newClient(t, e.URI())
	coll := client.Database("crud").Collection("associations")
	ctx := t.Context()

	if _, err := coll.Indexes().CreateOne(ctx, mongo.IndexModel{
		Keys:    bson.D{{Key: "email", Value: 1}},
		Options: options.Index().SetUnique(true),
	}); err != nil {
		t.Fatalf("CreateOne index: %v", err)
	}
	if _, err := coll.InsertMany(ctx, []testDoc{
		{ID: "ala", Email: "ala@example.org", N: 1},
		{ID: "cla", Email: "cla@example.org", N: 1},
	}); err != nil {
		t.Fatalf("InsertMany: %v", err)
	}

	byID := func(id string) bson.D { return bson.D{{Key: "_id", Value: id}} }
	find := func(id string) testDoc {
		t.Helper()
		var got testDoc
		if err := coll.FindOne(ctx, byID(id)).Decode(&got); err != nil {
			t.Fatalf("FindOne(%s): %v", id, err)
		}
		return got
	}

	res, err := coll.UpdateOne(ctx, byID("ala"), bson.D{
		{Key: "$set", Value: bson.D{{Key: "email", Value: "info@ala.org"}}},
		{Key: "$inc", Value: bson.D{{Key: "n", Value: 2}}},
	})
	if err != nil {
		t.Fatalf("UpdateOne: %v", err)
	}
	if got, want := [2]int64{res.MatchedCount, res.ModifiedCount}, [2]int64{1, 1}; got != want {
		t.Errorf("UpdateOne matched, modified = %v, want %v", got, want)
	}
	if diff := cmp.Diff(testDoc{ID: "ala", Email: "info@ala.org", N: 3}, find("ala")); diff != "" {
		t.Errorf("after UpdateOne (-want +got):\n%s", diff)
	}

	if _, err := coll.UpdateOne(ctx, byID("new"), bson.D{{Key: "$set", Value: bson.D{{Key: "email", Value: "new@example.org"}}}},
		options.UpdateOne().SetUpsert(true)); err != nil {
		t.Fatalf("upsert: %v", err)
	}
	if diff := cmp.Diff(testDoc{ID: "new", Email: "new@example.org"}, find("new")); diff != "" {
		t.Errorf("after upsert (-want +got):\n%s", diff)
	}
	if err := coll.FindOne(ctx, byID("missing")).Err(); !errors.Is(err, mongo.ErrNoDocuments) {
		t.Errorf("FindOne(missing) error = %v, want mongo.ErrNoDocuments", err)
	}

	inserts := []struct {
		name string
		doc  testDoc
	}{
		{"same _id", testDoc{ID: "ala", Email: "other@example.org"}},
		{"same unique email", testDoc{ID: "other", Email: "cla@example.org"}},
	}
	for _, tt := range inserts {
		t.Run("insert "+tt.name, func(t *testing.T) {
			_, err := coll.InsertOne(ctx, tt.doc)
			if !mongo.IsDuplicateKeyError(err) {
				t.Errorf("InsertOne(%+v) error = %v, want a duplicate key error", tt.doc, err)
			}
		})
	}

	// DESIGN.md §3: on FerretDB an update that breaks a unique index fails,
	// but not with a duplicate key error; the store has to map both.
	_, err = coll.UpdateOne(ctx, byID("cla"), bson.D{{Key: "$set", Value: bson.D{{Key: "email", Value: "info@ala.org"}}}})
	if err == nil {
		t.Fatal("UpdateOne to a taken unique email succeeded, want an error")
	}
	t.Logf("update breaking a unique index: IsDuplicateKeyError = %t, error = %v", mongo.IsDuplicateKeyError(err), err)
	if diff := cmp.Diff(testDoc{ID: "cla", Email: "cla@example.org", N: 1}, find("cla")); diff != "" {
		t.Errorf("after the failed update (-want +got):\n%s", diff)
	}
}

// BenchmarkStartEmbedded measures StartEmbedded in an empty dir (cold) and in
// a dir holding a database of 1000 documents (warm).
func BenchmarkStartEmbedded(b *testing.B) {
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			dir := filepath.Join(b.TempDir(), "data")
			b.StartTimer()
			e, err := StartEmbedded(dir, nil)
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			e.Close()
			b.StartTimer()
		}
	})
	b.Run("warm", func(b *testing.B) {
		dir := b.TempDir()
		e, err := StartEmbedded(dir, nil)
		if err != nil {
			b.Fatal(err)
		}
		client, err := connect(b.Context(), e.URI())
		if err != nil {
			b.Fatal(err)
		}
		seed(b, client.Database("bench").Collection("c"), 1000)
		client.Disconnect(b.Context())
		e.Close()
		for b.Loop() {
			e, err := StartEmbedded(dir, nil)
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			e.Close()
			b.StartTimer()
		}
	})
}

// BenchmarkEmbeddedByID measures the hot-path operations on a collection of
// about 1000 documents, each through the driver.
func BenchmarkEmbeddedByID(b *testing.B) {
	e := startEmbedded(b, b.TempDir(), nil)
	client := newClient(b, e.URI())
	db := client.Database("bench")
	ctx := b.Context()
	const n = 1000

	b.Run("InsertOne", func(b *testing.B) {
		coll := db.Collection("insert")
		seed(b, coll, n)
		i := n
		for b.Loop() {
			i++
			if _, err := coll.InsertOne(ctx, testDoc{ID: fmt.Sprintf("doc%06d", i), Email: fmt.Sprintf("%d@example.org", i)}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("FindOne", func(b *testing.B) {
		coll := db.Collection("find")
		seed(b, coll, n)
		i := 0
		for b.Loop() {
			i++
			var d testDoc
			if err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: fmt.Sprintf("doc%06d", i%n)}}).Decode(&d); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("UpdateOne", func(b *testing.B) {
		coll := db.Collection("update")
		seed(b, coll, n)
		i := 0
		for b.Loop() {
			i++
			if _, err := coll.UpdateOne(ctx, bson.D{{Key: "_id", Value: fmt.Sprintf("doc%06d", i%n)}},
				bson.D{{Key: "$set", Value: bson.D{{Key: "n", Value: i}}}}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// seed inserts n documents doc000000... into coll, which has a unique index
// on email.
func seed(b *testing.B, coll *mongo.Collection, n int) {
	b.Helper()
	ctx := b.Context()
	if _, err := coll.Indexes().CreateOne(ctx, mongo.IndexModel{
		Keys:    bson.D{{Key: "email", Value: 1}},
		Options: options.Index().SetUnique(true),
	}); err != nil {
		b.Fatal(err)
	}
	docs := make([]testDoc, n)
	for i := range docs {
		docs[i] = testDoc{ID: fmt.Sprintf("doc%06d", i), Email: fmt.Sprintf("%d@example.org", i)}
	}
	if _, err := coll.InsertMany(ctx, docs); err != nil {
		b.Fatal(err)
	}
}
