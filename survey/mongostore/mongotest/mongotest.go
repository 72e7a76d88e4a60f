// Package mongotest gives tests a MongoDB wire server and a fresh database
// per test.
//
// A test package opts in from its TestMain:
//
//	func TestMain(m *testing.M) { mongotest.Main(m) }
//
// Main uses the server named by the MONGODB_URI environment variable when it
// is set (e.g. the docker-compose MongoDB), and otherwise starts one embedded
// FerretDB (mongostore.StartEmbedded) in a temporary directory for the whole
// test package, removed when the tests end. If the server cannot be reached
// or started, Main reports why and exits with status 1: the tests are not
// skipped.
//
// Each test then takes its own database, uniquely named (so that test
// packages sharing one MONGODB_URI do not collide) and dropped in t.Cleanup:
//
//   - NewDatabase(t) returns (uri, dbName) as plain strings, for packages
//     that must not import the driver (api, cmd) and pass them to the app's
//     configuration;
//   - Database(t) returns a *mongo.Database on a client shared by the test
//     package, for the tests of survey/mongostore itself. (Those tests must be
//     in the external package mongostore_test: mongotest imports mongostore.)
package mongotest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"

	"github.com/assocbench/assocbench/survey/mongostore"
)

// EnvURI is the environment variable naming an external server to test
// against instead of the embedded one.
const EnvURI = "MONGODB_URI"

// state of the test package's server, set by Main.
var (
	serverURI    string
	sharedClient *mongo.Client
	dbCounter    atomic.Int64
	runID        = randomHex(3) // tells apart test processes sharing a server
)

// Main runs the test package's tests against a MongoDB wire server and exits
// with their status; call it from TestMain and nothing after it. See the
// package documentation for where the server comes from.
func Main(m *testing.M) {
	os.Exit(run(m))
}

// run starts the server, runs the tests and stops the server.
func run(m *testing.M) int {
	uri := os.Getenv(EnvURI)
	if uri == "" {
		dir, err := os.MkdirTemp("", "mongotest-")
		if err != nil {
			fmt.Fprintf(os.Stderr, "mongotest: %v\n", err)
			return 1
		}
		defer os.RemoveAll(dir)

		// FerretDB's warnings and errors go to the test output.
		logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
		e, err := mongostore.StartEmbedded(dir, logger)
		if err != nil {
			fmt.Fprintf(os.Stderr, "mongotest: %v\n", err)
			return 1
		}
		defer e.Close()
		uri = e.URI()
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client, err := mongo.Connect(options.Client().ApplyURI(uri).
		SetAppName("assocbench-mongotest").
		SetServerSelectionTimeout(10 * time.Second))
	if err == nil {
		err = client.Ping(ctx, readpref.Primary())
		if err != nil {
			_ = client.Disconnect(context.Background())
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "mongotest: connect to the test server (%s): %v\n", source(), err)
		return 1
	}
	// Disconnect before the embedded server's Close (deferred above), which
	// otherwise waits for open connections.
	defer client.Disconnect(context.Background())

	serverURI = uri
	sharedClient = client
	return m.Run()
}

// source names where the server comes from, for messages; never the URI
// itself, which may hold a password.
func source() string {
	if os.Getenv(EnvURI) != "" {
		return EnvURI
	}
	return "embedded FerretDB"
}

// URI returns the mongodb:// URI of the test package's server. It fails t
// unless Main is running the tests.
func URI(t testing.TB) string {
	t.Helper()
	if serverURI == "" {
		t.Fatal("mongotest: no server: call mongotest.Main(m) from TestMain")
	}
	return serverURI
}

// NewDatabase returns the server's URI and the name of a database that no
// other test uses; the database does not exist yet and is dropped when t
// ends, whatever the code under test created in it.
func NewDatabase(t testing.TB) (uri, dbName string) {
	t.Helper()
	uri = URI(t)
	dbName = newName(t.Name())
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := sharedClient.Database(dbName).Drop(ctx); err != nil {
			t.Errorf("mongotest: drop database %s: %v", dbName, err)
		}
	})
	return uri, dbName
}

// Database is NewDatabase for tests that use the driver: it returns the new
// database on the test package's shared client (default settings, which the
// test must not disconnect).
func Database(t testing.TB) *mongo.Database {
	t.Helper()
	_, name := NewDatabase(t)
	return sharedClient.Database(name)
}

// maxTestNameLen keeps database names within MongoDB's 63-byte limit:
// "t_" + name + "_" + counter + "_" + 6 hex digits.
const maxTestNameLen = 40

// newName returns a database name made of the test's name, a counter and
// this process's random id, using only the characters both MongoDB and
// FerretDB accept in database names.
func newName(testName string) string {
	var b strings.Builder
	for _, r := range testName {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
		if b.Len() >= maxTestNameLen {
			break
		}
	}
	return fmt.Sprintf("t_%s_%d_%s", b.String(), dbCounter.Add(1), runID)
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never returns an error
	return hex.EncodeToString(b)
}
