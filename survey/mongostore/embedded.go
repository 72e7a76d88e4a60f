// Package mongostore is the MongoDB side of assocbench: it implements the
// survey store on top of the official driver (go.mongodb.org/mongo-driver/v2),
// owns the connection settings and indexes, and runs the embedded
// MongoDB-compatible server (FerretDB on SQLite) that is used when no MongoDB
// URI is configured. It is the only package that imports the driver or
// FerretDB, apart from its test-support package mongotest.
package mongostore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// lockFileName is the name of the lock file that StartEmbedded keeps inside
// the data dir. Its content is the pid of the process holding the lock; the
// lock itself is an exclusive flock(2) on the open file, so a crashed process
// never leaves a stale lock behind.
const lockFileName = "assocbench.lock"

// ferretMu serialises ferretdb.New: it writes a package-level variable of
// FerretDB (the build info's package name), so two concurrent calls race.
var ferretMu sync.Mutex

// Embedded is a FerretDB v1 server (SQLite backend) running inside this
// process and serving the MongoDB wire protocol on a Unix socket. Create it
// with StartEmbedded; stop it with Close.
//
// The server has no network listener: FerretDB has no authentication, so a
// TCP port, even on 127.0.0.1, would let any local user read every answer
// and insert an administrator token. The socket is DIR/ferretdb.sock inside
// the data dir, whose mode StartEmbedded keeps at 0700 or tighter, so only
// the data dir's owner can connect. When that path is longer than a socket
// address can be (107 bytes), the socket goes into a private directory
// made with os.MkdirTemp (mode 0700) instead, removed by Close.
type Embedded struct {
	dir     string
	uri     string
	sock    string // the socket's path
	sockDir string // the temporary directory holding the socket, or ""
	lock    *os.File

	cancel context.CancelFunc
	done   chan struct{} // closed when FerretDB's Run has returned

	closeOnce sync.Once
	closeErr  error
}

// DataDirInUseError is returned by StartEmbedded when another process (or
// another Embedded in this process) holds the data dir.
type DataDirInUseError struct {
	// Dir is the data dir as given to StartEmbedded, made absolute.
	Dir string
	// PID is the process id recorded by the holder, or 0 when unknown.
	PID int
}

// Error implements error.
func (e *DataDirInUseError) Error() string {
	if e.PID <= 0 {
		return fmt.Sprintf("data dir %s is in use by another assocbench process", e.Dir)
	}
	return fmt.Sprintf("data dir %s is in use by another assocbench process (pid %d)", e.Dir, e.PID)
}

// StartEmbedded starts an embedded FerretDB server that keeps its data in dir
// (one SQLite file per database) and returns once the server accepts
// connections; URI gives the address to connect to.
//
// dir is created with mode 0700 when missing. It must not be accessible to
// group or others (mode&0077 == 0): an existing dir that this process's user
// owns is tightened (its group and other permission bits cleared, logged at
// warning level), one that belongs to another user is refused. It is locked
// for the lifetime of the server with an exclusive flock on
// dir/assocbench.lock: a second StartEmbedded on the same dir, from this or
// any other process, fails with a *DataDirInUseError instead of sharing the
// SQLite files.
//
// The server listens on the Unix socket dir/ferretdb.sock (see Embedded); a
// socket left there by a process that crashed is removed once the lock is
// held, as no other process can be using it then.
//
// FerretDB's own log records go to logger, with the attribute
// component=ferretdb, filtered to slog.LevelWarn and above and without the
// dumps of failed commands' responses (see ferretLogHandler); a nil logger
// discards them.
//
// The caller must call Close, which stops the server and releases the dir.
func StartEmbedded(dir string, logger *slog.Logger) (*Embedded, error) {
	if dir == "" {
		return nil, errors.New("start embedded database: empty data dir")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("start embedded database: data dir %s: %w", dir, err)
	}
	// FerretDB takes the directory as the path of a "file:" URL and uses the
	// path without unescaping it; these characters would be misread.
	if strings.ContainsAny(abs, "?#%") {
		return nil, fmt.Errorf("start embedded database: data dir %s: must not contain '?', '#' or '%%'", abs)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("start embedded database: create data dir: %w", err)
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if err := securePrivateDir(abs, logger); err != nil {
		return nil, fmt.Errorf("start embedded database: %w", err)
	}

	lock, err := lockDataDir(abs)
	if err != nil {
		return nil, fmt.Errorf("start embedded database: %w", err)
	}
	sock, sockDir, err := socketPath(abs)
	if err != nil {
		unlockDataDir(lock)
		return nil, fmt.Errorf("start embedded database: %w", err)
	}
	if sockDir != "" {
		logger.Debug("embedded database: data dir path too long for a socket; socket in a private temporary directory",
			slog.String("socket", sock))
	}
	// release undoes the above when the server does not start.
	release := func() {
		if sockDir != "" {
			_ = os.RemoveAll(sockDir)
		}
		unlockDataDir(lock)
	}

	quiet := slog.New(&ferretLogHandler{next: logger.Handler()}).
		With(slog.String("component", "ferretdb"))

	ferretMu.Lock()
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{Unix: sock},
		Logger:    quiet,
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
	})
	ferretMu.Unlock()
	if err != nil {
		release()
		return nil, fmt.Errorf("start embedded database in %s: %w", abs, err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	e := &Embedded{
		dir: abs,
		// The listener is bound by New, so this does not block. The URI
		// has the socket's path percent-encoded as its host, e.g.
		// mongodb://%2Fdata%2Fferretdb.sock/.
		uri:     f.MongoDBURI(),
		sock:    sock,
		sockDir: sockDir,
		lock:    lock,
		cancel:  cancel,
		done:    make(chan struct{}),
	}
	go func() {
		defer close(e.done)
		// Run returns after the listener, every connection, the handler
		// and the SQLite databases are closed; its error is always nil.
		_ = f.Run(ctx)
	}()
	return e, nil
}

// URI returns the mongodb:// URI of the server: the path of its Unix socket,
// percent-encoded, as the host, e.g. "mongodb://%2Fdata%2Fferretdb.sock/".
func (e *Embedded) URI() string { return e.uri }

// Dir returns the absolute data dir.
func (e *Embedded) Dir() string { return e.dir }

// Close stops the server, waits until every connection, goroutine and SQLite
// file of it is closed, removes its socket (and the socket's temporary
// directory, if any) and releases the data dir. Clients should disconnect
// first: FerretDB gives connections still open at Close three seconds to go
// away before it cuts them. Close is safe to call more than once; later calls
// return the first call's result.
func (e *Embedded) Close() error {
	e.closeOnce.Do(func() {
		e.cancel()
		<-e.done
		// The listener unlinks its socket when it closes; this is for the
		// case it could not. It happens before the lock is released, when
		// the socket can only be ours.
		var errs []error
		if err := removeSocket(e.sock); err != nil {
			errs = append(errs, err)
		}
		if e.sockDir != "" {
			if err := os.RemoveAll(e.sockDir); err != nil {
				errs = append(errs, fmt.Errorf("remove socket dir: %w", err))
			}
		}
		if err := unlockDataDir(e.lock); err != nil {
			errs = append(errs, err)
		}
		e.closeErr = errors.Join(errs...)
	})
	return e.closeErr
}

// socketFileName is the name of FerretDB's Unix socket in the data dir.
const socketFileName = "ferretdb.sock"

// maxSocketPath is the longest path a Unix socket address can hold on
// Linux: sun_path is 108 bytes, including the terminating NUL.
const maxSocketPath = 107

// socketPath returns the path of the server's socket for the data dir dir,
// which the caller has locked: dir/ferretdb.sock, after removing a stale
// socket there; or, when that path is too long for a socket address, a
// socket in a new private temporary directory, returned as tmpDir for the
// caller to remove.
func socketPath(dir string) (sock, tmpDir string, err error) {
	sock = filepath.Join(dir, socketFileName)
	if len(sock) <= maxSocketPath {
		if err := removeSocket(sock); err != nil {
			return "", "", err
		}
		return sock, "", nil
	}
	// MkdirTemp creates the directory with mode 0700.
	tmpDir, err = os.MkdirTemp("", "assocbench-db-")
	if err != nil {
		return "", "", fmt.Errorf("socket dir: %w", err)
	}
	sock = filepath.Join(tmpDir, socketFileName)
	if len(sock) > maxSocketPath {
		_ = os.RemoveAll(tmpDir)
		return "", "", fmt.Errorf("socket path: data dir %s and temporary dir %s are both too long for a Unix socket path (at most %d bytes); set TMPDIR to a shorter directory",
			dir, os.TempDir(), maxSocketPath)
	}
	return sock, tmpDir, nil
}

// removeSocket removes the Unix socket at path, if there is one; anything
// else at that path is an error, not removed.
func removeSocket(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("stale socket: %w", err)
	}
	if fi.Mode().Type() != fs.ModeSocket {
		return fmt.Errorf("%s is in the way of the database socket: it is not a socket; move it away", path)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove stale socket: %w", err)
	}
	return nil
}

// securePrivateDir makes sure that only its owner can use the directory
// dir: a dir with group or other permission bits that this process's user
// owns loses those bits (logged); one owned by another user is an error.
func securePrivateDir(dir string, logger *slog.Logger) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("data dir: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("data dir %s is not a directory", dir)
	}
	perm := fi.Mode().Perm()
	if perm&0o077 == 0 {
		return nil
	}
	uid := os.Geteuid()
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || int(st.Uid) != uid {
		owner := "another user"
		if ok {
			owner = fmt.Sprintf("uid %d", st.Uid)
		}
		return fmt.Errorf("data dir %s has mode %04o and belongs to %s, not to this process's user (uid %d): "+
			"it holds every answer and sign-in token, so no one else may read it; "+
			"run assocbench as its owner, or have the owner run chmod 700 %s, or use another data dir",
			dir, perm, owner, uid, dir)
	}
	tight := perm &^ 0o077
	if err := os.Chmod(dir, tight); err != nil {
		return fmt.Errorf("data dir %s has mode %04o: tighten it to %04o: %w", dir, perm, tight, err)
	}
	logger.Warn("data dir was accessible to other users; removed their permissions",
		slog.String("dir", dir), slog.String("mode", fmt.Sprintf("%04o", perm)), slog.String("now", fmt.Sprintf("%04o", tight)))
	return nil
}

// lockDataDir takes the exclusive lock on dir's lock file and records this
// process's pid in it.
func lockDataDir(dir string) (*os.File, error) {
	name := filepath.Join(dir, lockFileName)
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		pid := readPID(f)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, &DataDirInUseError{Dir: dir, PID: pid}
		}
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	// The pid is informative only (for the error above); the flock is what
	// excludes other processes.
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return f, nil
}

// readPID returns the pid recorded in a lock file, or 0.
func readPID(f *os.File) int {
	b, err := io.ReadAll(io.NewSectionReader(f, 0, 32))
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return 0
	}
	return pid
}

// unlockDataDir releases the lock taken by lockDataDir. The lock file stays:
// removing it would let a process that opened it just before block on a
// deleted inode while a third one locks a new file.
func unlockDataDir(f *os.File) error {
	_ = f.Truncate(0)
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_UN); err != nil {
		f.Close()
		return fmt.Errorf("unlock data dir: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close lock file: %w", err)
	}
	return nil
}

// ferretLogHandler passes FerretDB's log records on to next, keeping only
// those at slog.LevelWarn and above (FerretDB logs every connection and
// command at info and debug level), and dropping the warnings with which
// FerretDB dumps every failed command's response ("Response header: ..." and
// "Response message: ..."): the driver returns those errors to the caller,
// which handles or logs them, and a client's disconnect alone produces one,
// as FerretDB v1 lacks the endSessions command the driver sends then. Records
// at error level (FerretDB closing a connection) always pass.
//
// FerretDB derives a logger with attributes for every connection and
// command; the attributes are kept aside and handed to next only when a
// record passes, because handlers such as slog.TextHandler format them
// eagerly (it cost 11% of a bulk ingest's CPU time).
type ferretLogHandler struct {
	next slog.Handler
	ops  []func(slog.Handler) slog.Handler // pending WithAttrs/WithGroup, in order
}

// Enabled implements slog.Handler.
func (h *ferretLogHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return level >= slog.LevelWarn && h.next.Enabled(ctx, level)
}

// Handle implements slog.Handler.
func (h *ferretLogHandler) Handle(ctx context.Context, r slog.Record) error {
	if r.Level < slog.LevelWarn {
		return nil
	}
	if r.Level < slog.LevelError &&
		(strings.HasPrefix(r.Message, "Response header:") || strings.HasPrefix(r.Message, "Response message:")) {
		return nil
	}
	next := h.next
	for _, op := range h.ops {
		next = op(next)
	}
	return next.Handle(ctx, r)
}

// WithAttrs implements slog.Handler.
func (h *ferretLogHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return h
	}
	return &ferretLogHandler{next: h.next, ops: append(slices.Clip(h.ops), func(n slog.Handler) slog.Handler { return n.WithAttrs(attrs) })}
}

// WithGroup implements slog.Handler.
func (h *ferretLogHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	return &ferretLogHandler{next: h.next, ops: append(slices.Clip(h.ops), func(n slog.Handler) slog.Handler { return n.WithGroup(name) })}
}
