package mongostore

import (
	"context"
	"fmt"
	"regexp"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/assocbench/assocbench/survey"
)

// The raw floor: direct driver access to scratch collections, for
// measurement only.
//
// The benchmark harness (assocbench bench) times the store's own path
// (InsertResponses, StreamResponses) against the floor of the same
// dependency on the same data: the driver and the server doing a plain
// InsertMany of the very documents the store writes, and a plain find that
// decodes each document generically, with none of the store's conversions.
// The difference is what the store's encoding and conversions cost. The
// harness may not import the driver (only this package does), so the floor
// is reached through the Raw methods below.
//
// They are not part of survey.Store and must never be given user input:
// they work only on scratch collections whose names match
// ^bench_[a-z0-9_]{1,64}$ (never one of the store's collections), and take
// documents only from RawResponseDocs.

// scratchName is the pattern of the collections the Raw methods accept.
var scratchName = regexp.MustCompile(`^bench_[a-z0-9_]{1,64}$`)

// checkScratch returns an error unless collection is a scratch collection name.
func checkScratch(collection string) error {
	if !scratchName.MatchString(collection) {
		return fmt.Errorf("collection %.80q: not a scratch collection (want %s)", collection, scratchName)
	}
	return nil
}

// RawResponseDocs returns, for measurement, the documents InsertResponse
// would write for rs, in order, as opaque values for RawInsertMany. The
// conversion (checks and JSON encoding included) is done here, so that
// RawInsertMany times the driver and the server alone. A response that
// cannot be stored gives its *survey.ValidationError, wrapped.
func (s *Store) RawResponseDocs(rs []*survey.Response) ([]any, error) {
	docs := make([]any, len(rs))
	for i, r := range rs {
		d, err := fromResponse(r)
		if err != nil {
			return nil, fmt.Errorf("raw response docs: response %s: %w", r.ID, err)
		}
		docs[i] = d
	}
	return docs, nil
}

// RawInsertMany inserts docs (from RawResponseDocs) into the scratch
// collection with one plain InsertMany, unordered, as InsertResponses does;
// any write error fails it. It exists for measurement only.
func (s *Store) RawInsertMany(ctx context.Context, collection string, docs []any) error {
	if err := checkScratch(collection); err != nil {
		return fmt.Errorf("raw insert many: %w", err)
	}
	if len(docs) == 0 {
		return nil
	}
	_, err := s.db.Collection(collection).InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	if err != nil {
		return fmt.Errorf("raw insert many into %s: %w", collection, err)
	}
	return nil
}

// RawDecodeAll reads every document of the scratch collection with a plain
// find (empty filter, no sort: storage order; batches of 200, as
// StreamResponses asks for) and decodes each into a generic bson.M, without
// converting it to a survey type or parsing its JSON text. After each
// document it calls fn, when not nil, with the number decoded so far; it
// returns the total. It exists for measurement only.
func (s *Store) RawDecodeAll(ctx context.Context, collection string, fn func(n int)) (int, error) {
	if err := checkScratch(collection); err != nil {
		return 0, fmt.Errorf("raw decode all: %w", err)
	}
	cur, err := s.db.Collection(collection).Find(ctx, bson.D{}, options.Find().SetBatchSize(streamBatchSize))
	if err != nil {
		return 0, fmt.Errorf("raw decode all of %s: %w", collection, err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	n := 0
	for cur.Next(ctx) {
		var m bson.M
		if err := cur.Decode(&m); err != nil {
			return n, fmt.Errorf("raw decode all of %s: document %d: %w", collection, n, err)
		}
		n++
		if fn != nil {
			fn(n)
		}
	}
	if err := cur.Err(); err != nil {
		return n, fmt.Errorf("raw decode all of %s: %w", collection, err)
	}
	return n, nil
}

// RawDropCollection drops the scratch collection; dropping one that does
// not exist is not an error. It exists for measurement only.
func (s *Store) RawDropCollection(ctx context.Context, collection string) error {
	if err := checkScratch(collection); err != nil {
		return fmt.Errorf("raw drop collection: %w", err)
	}
	if err := s.db.Collection(collection).Drop(ctx); err != nil {
		return fmt.Errorf("raw drop collection %s: %w", collection, err)
	}
	return nil
}

// RawCreateLike creates the scratch collection with the same storage
// layout as the store's responses collection: the same secondary indexes
// (none on FerretDB) and, on the embedded server, the same SQLite _id path
// index (sqliteindex.go), so that the floor pays the same index upkeep.
func (s *Store) RawCreateLike(ctx context.Context, collection string) error {
	if err := checkScratch(collection); err != nil {
		return err
	}
	if err := s.db.CreateCollection(ctx, collection); err != nil {
		return fmt.Errorf("raw create %s: %w", collection, err)
	}
	if !s.ferret {
		for _, k := range indexes[collResponses] {
			if _, err := s.db.Collection(collection).Indexes().CreateOne(ctx, mongo.IndexModel{Keys: k}); err != nil {
				return fmt.Errorf("raw create %s: index: %w", collection, err)
			}
		}
	}
	if s.embedded != nil {
		if err := addSQLiteIDIndexes(ctx, s.embedded.Dir(), s.db.Name(), []string{collection}); err != nil {
			return fmt.Errorf("raw create %s: %w", collection, err)
		}
	}
	return nil
}

// RawDecodeResults reads the result records of a campaign (what loading
// its results model reads) with a plain find and decodes each into a
// generic bson.M: the floor of that load. It returns how many it read. It
// exists for measurement only.
func (s *Store) RawDecodeResults(ctx context.Context, campaign string) (int, error) {
	cur, err := s.db.Collection(resultsCollection(campaign)).Find(ctx, bson.D{}, options.Find().SetBatchSize(streamBatchSize))
	if err != nil {
		return 0, fmt.Errorf("raw decode results of %s: %w", campaign, err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	n := 0
	for cur.Next(ctx) {
		var m bson.M
		if err := cur.Decode(&m); err != nil {
			return n, fmt.Errorf("raw decode results of %s: document %d: %w", campaign, n, err)
		}
		n++
	}
	if err := cur.Err(); err != nil {
		return n, fmt.Errorf("raw decode results of %s: %w", campaign, err)
	}
	return n, nil
}
