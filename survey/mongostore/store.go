package mongostore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"

	"github.com/assocbench/assocbench/survey"
)

// Configuration defaults (DESIGN.md §8).
const (
	// DefaultDataDir is the data dir of the embedded server (ASSOCBENCH_DATA_DIR).
	DefaultDataDir = "data"
	// DefaultDatabase is the database name (ASSOCBENCH_DB).
	DefaultDatabase = "assocbench"
)

// Collection names (DESIGN.md §5).
const (
	collAssociations   = "associations"
	collQuestionnaires = "questionnaires"
	collCampaigns      = "campaigns"
	collResponses      = "responses"
	collTokens         = "tokens"
	collAudit          = "audit"
	collConsents       = "consents"
	collReleases       = "releases"
	collReleaseData    = "release_data"
	collMeetings       = "meetings"
	collPlans          = "plans"
	// collRaterPanels and collRaterResponses hold the raters (raters.go);
	// the results model never reads them.
	collRaterPanels    = "raters"
	collRaterResponses = "rater_responses"
	collPairs          = "mentoring_pairs"
	collPractices      = "practices"
	collPracticeFiles  = "practice_files"
)

// collections lists every collection of the store.
var collections = []string{collAssociations, collQuestionnaires, collCampaigns, collResponses, collTokens, collAudit,
	collConsents, collReleases, collReleaseData, collMeetings, collPlans, collRaterPanels, collRaterResponses, collPairs, collPractices, collPracticeFiles}

// Atomicity says how the store makes a read-modify-write of one document
// atomic: a revision-checked replace (ReplaceResponse), an increment
// (BumpGeneration), setting one field (CloseCampaign, RevokeToken).
type Atomicity int

const (
	// AtomicityAuto is AtomicityLocal when the server is FerretDB (the
	// embedded one or another) and AtomicityServer otherwise.
	AtomicityAuto Atomicity = iota
	// AtomicityServer leaves atomicity to the server, as MongoDB provides
	// it: ReplaceOne with the filter {_id, revision}, $inc, $set. Right for
	// any number of application processes sharing a MongoDB.
	//
	// It is not atomic on FerretDB v1, which evaluates the filter or the
	// update operators in Go between reading the document and writing it
	// back by _id, with no lock in between: two concurrent replaces from the
	// same revision can both succeed (one is lost), two $inc can add one.
	// (Measured: up to 8 of 20 concurrent saves from one revision won; 20
	// concurrent $inc left 4.) FerretDB also pushes no filter but {_id}
	// alone down to SQLite, so the {_id, revision} filter scans the
	// collection.
	AtomicityServer
	// AtomicityLocal serialises the operations on one document with a lock
	// in this process, and filters by _id alone: FindOne, compare the
	// revision, ReplaceOne by _id. Right when this process is the only
	// writer, as it is for the embedded server, whose data dir is locked by
	// one process (StartEmbedded).
	AtomicityLocal
)

// String names the mode.
func (a Atomicity) String() string {
	switch a {
	case AtomicityAuto:
		return "auto"
	case AtomicityServer:
		return "server"
	case AtomicityLocal:
		return "local"
	}
	return fmt.Sprintf("Atomicity(%d)", int(a))
}

// Config says where the store keeps its data.
type Config struct {
	// URI is the mongodb:// URI of the server (MONGODB_URI); empty starts
	// the embedded FerretDB in DataDir.
	URI string
	// DataDir is the embedded server's data dir (ASSOCBENCH_DATA_DIR;
	// default DefaultDataDir); unused when URI is set.
	DataDir string
	// Database is the database name (ASSOCBENCH_DB; default DefaultDatabase).
	Database string
	// Logger receives the store's and the embedded server's records; nil
	// discards them.
	Logger *slog.Logger
	// Atomicity selects how single-document read-modify-writes are made
	// atomic; the zero value, AtomicityAuto, picks the right one for the
	// server. Tests set it to exercise both on one server.
	Atomicity Atomicity
}

// Store implements survey.Store on MongoDB, or on the embedded FerretDB
// when no URI is configured. Create it with Open; release it with Close.
type Store struct {
	client   *mongo.Client
	db       *mongo.Database
	embedded *Embedded // nil with an external server
	ferret   bool      // the server is FerretDB
	// resultColls holds the results collections created by this process
	// (ensureResults).
	resultColls sync.Map
	atomic      Atomicity // AtomicityServer or AtomicityLocal
	logger      *slog.Logger

	locks keyedLock // per-document locks of AtomicityLocal

	closeOnce sync.Once
	closeErr  error
}

var _ survey.Store = (*Store)(nil)

// Open connects to the server configured by cfg and returns the store.
//
// With an empty cfg.URI it first starts the embedded FerretDB in
// cfg.DataDir (see StartEmbedded; a data dir held by another store or
// process gives a *DataDirInUseError). The client has write concern
// majority and retryable writes (see connect). Open then creates the
// collections and their indexes, which is idempotent, and, on the embedded
// server, the SQLite _id path indexes (see sqliteindex.go).
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.DataDir == "" {
		cfg.DataDir = DefaultDataDir
	}
	if cfg.Database == "" {
		cfg.Database = DefaultDatabase
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	logger = logger.With(slog.String("component", "mongostore"))
	switch cfg.Atomicity {
	case AtomicityAuto, AtomicityServer, AtomicityLocal:
	default:
		return nil, fmt.Errorf("open store: unknown atomicity %v", cfg.Atomicity)
	}

	s := &Store{logger: logger}
	uri := cfg.URI
	if uri == "" {
		e, err := StartEmbedded(cfg.DataDir, cfg.Logger)
		if err != nil {
			return nil, fmt.Errorf("open store: %w", err)
		}
		s.embedded = e
		uri = e.URI()
	}
	client, err := connect(ctx, uri)
	if err != nil {
		s.closeEmbedded()
		return nil, fmt.Errorf("open store: %w", err)
	}
	s.client = client
	s.db = client.Database(cfg.Database)

	if err := s.setup(ctx); err != nil {
		_ = s.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("open store: %w", err)
	}
	s.atomic = cfg.Atomicity
	if s.atomic == AtomicityAuto {
		s.atomic = AtomicityServer
		if s.ferret {
			s.atomic = AtomicityLocal
		}
	}
	logger.Debug("store open", slog.Bool("embedded", s.embedded != nil), slog.Bool("ferretdb", s.ferret),
		slog.String("database", cfg.Database), slog.String("atomicity", s.atomic.String()))
	return s, nil
}

// setup finds out which server it is and creates the indexes.
func (s *Store) setup(ctx context.Context) error {
	var info bson.M
	if err := s.db.RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&info); err != nil {
		return fmt.Errorf("build info: %w", err)
	}
	_, s.ferret = info["ferretdbVersion"]

	if err := s.createIndexes(ctx); err != nil {
		return err
	}
	if s.embedded != nil {
		results, err := s.resultCollections(ctx)
		if err != nil {
			return err
		}
		if err := addSQLiteIDIndexes(ctx, s.embedded.Dir(), s.db.Name(), append(slices.Clone(collections), results...)); err != nil {
			s.logger.Warn("no SQLite _id path index: lookups by _id will scan", slog.Any("error", err))
		}
	}
	return nil
}

// indexes are the secondary indexes of each collection: what MongoDB needs
// for the store's filters and sorts. They are not created on FerretDB v1,
// which uses none of them for queries (it pushes down only {_id} filters,
// DESIGN.md §3) but would maintain each of them on every write.
var indexes = map[string][]bson.D{
	// StreamResponses and ListResponses: equality on campaign,
	// questionnaire and status (or campaign and status: every submitted
	// response of a campaign), then _id, the order of ListResponses
	// (StreamResponses asks for none); and one association's responses.
	collResponses: {
		{{Key: "campaign", Value: 1}, {Key: "questionnaire", Value: 1}, {Key: "status", Value: 1}, {Key: "_id", Value: 1}},
		{{Key: "campaign", Value: 1}, {Key: "status", Value: 1}, {Key: "_id", Value: 1}},
		{{Key: "association", Value: 1}, {Key: "_id", Value: 1}},
		// A results model catching up: a campaign's responses changed
		// after a generation.
		{{Key: "campaign", Value: 1}, {Key: "generation", Value: 1}},
	},
	// ListTokens: one association's tokens, newest first.
	collTokens: {
		{{Key: "association", Value: 1}, {Key: "created_at", Value: -1}},
	},
	// ListAudit: by target, and all events, newest first.
	collAudit: {
		{{Key: "target", Value: 1}, {Key: "at", Value: -1}},
		{{Key: "at", Value: -1}},
	},
	// ListConsents and ListReleases: one campaign's documents.
	collConsents: {
		{{Key: "campaign", Value: 1}, {Key: "_id", Value: 1}},
	},
	collReleases: {
		{{Key: "campaign", Value: 1}, {Key: "number", Value: 1}},
	},
	// ListMeetings: one campaign's meetings, by id.
	collMeetings: {
		{{Key: "campaign", Value: 1}, {Key: "_id", Value: 1}},
	},
	// ListPlans: one campaign's plans, by id.
	collPlans: {
		{{Key: "campaign", Value: 1}, {Key: "_id", Value: 1}},
	},
	// ListPairs: one campaign's mentoring pairs, by id.
	collPairs: {
		{{Key: "campaign", Value: 1}, {Key: "_id", Value: 1}},
	},
	// ListAssociations with region and type filters.
	collAssociations: {
		{{Key: "region", Value: 1}, {Key: "type", Value: 1}},
	},
}

// createCollection creates a collection unless it exists.
func (s *Store) createCollection(ctx context.Context, name string) error {
	err := s.db.CreateCollection(ctx, name)
	var ce mongo.CommandError
	if err != nil && !(errors.As(err, &ce) && ce.Name == "NamespaceExists") {
		return fmt.Errorf("create collection %s: %w", name, err)
	}
	return nil
}

// createIndexes creates every collection (a collection exists once it has
// an index) and the indexes above. Creating an index that exists with the
// same keys is a no-op on MongoDB and FerretDB alike, so Open can do it
// every time.
func (s *Store) createIndexes(ctx context.Context) error {
	for _, name := range collections {
		keys := indexes[name]
		if len(keys) == 0 || s.ferret {
			// Collections without secondary indexes are created explicitly,
			// so that the SQLite step finds their tables.
			if err := s.createCollection(ctx, name); err != nil {
				return err
			}
			continue
		}
		// One at a time: FerretDB v1.24 panics (and drops the connection)
		// on a createIndexes of several indexes that all exist already.
		for _, k := range keys {
			if _, err := s.db.Collection(name).Indexes().CreateOne(ctx, mongo.IndexModel{Keys: k}); err != nil {
				return fmt.Errorf("create index of %s: %w", name, err)
			}
		}
	}
	return nil
}

// Embedded reports whether the store runs the embedded FerretDB.
func (s *Store) Embedded() bool { return s.embedded != nil }

// Atomicity returns the mode in use: AtomicityServer or AtomicityLocal.
func (s *Store) Atomicity() Atomicity { return s.atomic }

// Ping checks that the server answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.client.Ping(ctx, readpref.Primary()); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

// Close disconnects from the server, then stops the embedded server if
// there is one. Later calls return the first call's result.
func (s *Store) Close(ctx context.Context) error {
	s.closeOnce.Do(func() {
		var errs []error
		if s.client != nil {
			if err := s.client.Disconnect(ctx); err != nil {
				errs = append(errs, fmt.Errorf("disconnect: %w", err))
			}
		}
		if err := s.closeEmbedded(); err != nil {
			errs = append(errs, err)
		}
		if len(errs) > 0 {
			s.closeErr = fmt.Errorf("close store: %w", errors.Join(errs...))
		}
	})
	return s.closeErr
}

// closeEmbedded stops the embedded server, if any.
func (s *Store) closeEmbedded() error {
	if s.embedded == nil {
		return nil
	}
	if err := s.embedded.Close(); err != nil {
		return fmt.Errorf("stop embedded database: %w", err)
	}
	return nil
}

// exclusive runs fn under the lock of document id of collection coll when
// the store is in AtomicityLocal mode, and directly otherwise.
func (s *Store) exclusive(ctx context.Context, coll, id string, fn func() error) error {
	if s.atomic != AtomicityLocal {
		return fn()
	}
	unlock, err := s.locks.lock(ctx, coll+"\x00"+id)
	if err != nil {
		return err
	}
	defer unlock()
	return fn()
}

// byID is the filter {_id: id}, the one filter FerretDB pushes down to SQLite.
func byID(id any) bson.D { return bson.D{{Key: "_id", Value: id}} }

// findOne reads the document with _id id of coll into doc.
func (s *Store) findOne(ctx context.Context, coll string, id string, doc any) error {
	return s.db.Collection(coll).FindOne(ctx, byID(id)).Decode(doc)
}

// insert inserts doc into coll.
func (s *Store) insert(ctx context.Context, coll string, doc any) error {
	_, err := s.db.Collection(coll).InsertOne(ctx, doc)
	return err
}

// findAll runs a query and returns every document found, decoded as a D
// and converted by conv.
func findAll[D any, T any](ctx context.Context, c *mongo.Collection, filter any, opts *options.FindOptionsBuilder, conv func(*D) T) ([]T, error) {
	cur, err := c.Find(ctx, filter, opts)
	if err != nil {
		return nil, err
	}
	defer cur.Close(context.WithoutCancel(ctx))
	var out []T
	for cur.Next(ctx) {
		var d D
		if err := cur.Decode(&d); err != nil {
			return nil, err
		}
		out = append(out, conv(&d))
	}
	if err := cur.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
