package mongostore

import (
	"context"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/mongo"
)

// This file gives the external tests (package mongostore_test) access to
// internals they check or measure.

// FerretDB reports whether the store's server is FerretDB.
func (s *Store) FerretDB() bool { return s.ferret }

// LockedKeys returns the number of documents with a lock entry.
func (s *Store) LockedKeys() int { return s.locks.size() }

// ExplainIDLookup returns SQLite's query plan for FerretDB's form of an _id
// lookup in collection coll of an embedded store.
func ExplainIDLookup(ctx context.Context, s *Store, coll string) (string, error) {
	db, err := openSQLite(s.embedded.Dir(), s.db.Name())
	if err != nil {
		return "", err
	}
	defer db.Close()
	table, err := sqliteTable(ctx, db, coll)
	if err != nil {
		return "", err
	}
	rows, err := db.QueryContext(ctx,
		fmt.Sprintf("EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM %q WHERE _ferretdb_sjson->'$._id' = ?", table), `"x"`)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var details []string
	for rows.Next() {
		var id, parent, notUsed int
		var detail string
		if err := rows.Scan(&id, &parent, &notUsed, &detail); err != nil {
			return "", err
		}
		details = append(details, detail)
	}
	return strings.Join(details, "; "), rows.Err()
}

// StoredJSONSize returns the average length in bytes of the JSON text
// FerretDB's SQLite backend keeps for each document of collection coll of
// an embedded store.
func StoredJSONSize(ctx context.Context, s *Store, coll string) (float64, error) {
	db, err := openSQLite(s.embedded.Dir(), s.db.Name())
	if err != nil {
		return 0, err
	}
	defer db.Close()
	table, err := sqliteTable(ctx, db, coll)
	if err != nil {
		return 0, err
	}
	var size float64
	err = db.QueryRowContext(ctx, fmt.Sprintf("SELECT avg(length(_ferretdb_sjson)) FROM %q", table)).Scan(&size)
	return size, err
}

// SQLiteIDIndexPrefix is the name prefix of the _id path indexes.
const SQLiteIDIndexPrefix = sqliteIDIndexPrefix

// DropSQLiteIDIndexes drops the _id path indexes of an embedded store (to
// measure without them); the next Open creates them again.
func DropSQLiteIDIndexes(ctx context.Context, s *Store) error {
	db, err := openSQLite(s.embedded.Dir(), s.db.Name())
	if err != nil {
		return err
	}
	defer db.Close()
	for _, coll := range collections {
		table, err := sqliteTable(ctx, db, coll)
		if err != nil {
			return err
		}
		if _, err := db.ExecContext(ctx, fmt.Sprintf("DROP INDEX IF EXISTS %q", sqliteIDIndexPrefix+table)); err != nil {
			return err
		}
	}
	return db.Close()
}

// AddSQLiteIDIndexes creates the _id path indexes of an embedded store again.
func AddSQLiteIDIndexes(ctx context.Context, s *Store) error {
	return addSQLiteIDIndexes(ctx, s.embedded.Dir(), s.db.Name(), collections)
}

// Database returns the store's database handle, for benchmarks of the raw
// driver operations.
func (s *Store) Database() *mongo.Database { return s.db }
