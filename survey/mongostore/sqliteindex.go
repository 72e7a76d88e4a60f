package mongostore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	// The SQLite driver FerretDB itself uses (already in the module graph
	// through FerretDB), registered as database/sql driver "sqlite".
	_ "modernc.org/sqlite"
)

// The _id path index: why the store reaches under FerretDB into SQLite.
//
// FerretDB v1's SQLite backend keeps each collection in a table with one
// column, _ferretdb_sjson, holding the document as JSON text. A query, update
// or delete whose filter is {_id: <string or ObjectID>} and nothing else is
// the only kind it pushes down to SQLite, as
//
//	SELECT _ferretdb_sjson FROM "<table>" WHERE _ferretdb_sjson->'$._id' = ?
//	UPDATE "<table>" SET _ferretdb_sjson = ? WHERE _ferretdb_sjson->'$._id' = ?
//
// (internal/backends/sqlite/collection.go, metadata.IDColumn). But the
// unique _id index FerretDB creates with every collection is on
// _ferretdb_sjson->"_id" (metadata/registry.go, indexesCreate), and SQLite
// uses an expression index only for the very same expression: '$._id' and
// "_id" select the same value but are different expressions, so EXPLAIN
// QUERY PLAN shows "SCAN <table>" for every _id lookup, and the lookups and
// the writes by _id grow linearly with the collection. Measured on this
// 2-core machine with 10 000 documents of about 2 KB: FindOne by _id 190 ms,
// ReplaceOne 735 ms, UpdateOne 794 ms; with the index below 1.5 ms, 2.4 ms
// and 2.2 ms, and the plan becomes "SEARCH <table> USING INDEX ...
// (<expr>=?)". BenchmarkByID measures the same with 10 000 realistic
// responses: two to three orders of magnitude.
//
// So, in the embedded mode only, Open adds to each of the store's tables a
// plain (not unique) index on exactly FerretDB's query expression,
// _ferretdb_sjson->'$._id', through a second database/sql connection to the
// same SQLite file, and closes that connection at once. This is safe:
//
//   - FerretDB does not know the index: it lists and drops only the indexes
//     recorded in its metadata table, _ferretdb_collections, which is left
//     alone; SQLite maintains the index on every write and drops it with
//     its table (a dropped collection or database);
//   - the driver is the same modernc.org/sqlite in the same process, the
//     database is in WAL mode (FerretDB's default), and the connection has
//     a busy timeout as FerretDB's have, so the short write lock of CREATE
//     INDEX only makes FerretDB's writers wait; FerretDB's connections
//     notice the schema change and re-prepare their statements;
//   - the index is part of the file, so it survives restarts; CREATE INDEX
//     IF NOT EXISTS makes the step idempotent and cheap at every Open;
//   - if the expected layout is not found (another FerretDB version), Open
//     logs a warning and goes on without the index: only speed is lost.
//
// A collection that is created after Open (none is, in normal use) has no
// such index until the next Open.

// sqliteIDIndexPrefix starts the names of the indexes added here; FerretDB
// names its own indexes "<table>_<index name>", with tables named after
// collections.
const sqliteIDIndexPrefix = "assocbench_id_path_"

// sqliteBusyTimeoutMS is how long a statement waits for a lock held by one of
// FerretDB's connections (FerretDB's own connections wait 10 s).
const sqliteBusyTimeoutMS = 10000

// ferretMetadataTable is FerretDB's table mapping collection names to table names.
const ferretMetadataTable = "_ferretdb_collections"

// sqliteDBPath returns the SQLite file of database dbName in the data dir,
// named as FerretDB's pool names it.
func sqliteDBPath(dir, dbName string) string {
	return filepath.Join(dir, dbName+".sqlite")
}

// openSQLite opens FerretDB's SQLite file of dbName in dir for a short
// maintenance step; the file must exist.
func openSQLite(dir, dbName string) (*sql.DB, error) {
	path := sqliteDBPath(dir, dbName)
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("sqlite file of database %s: %w", dbName, err)
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", sqliteBusyTimeoutMS))
	u := url.URL{Scheme: "file", Path: path, RawQuery: q.Encode()}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, fmt.Errorf("open sqlite file of database %s: %w", dbName, err)
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// sqliteTable returns the SQLite table FerretDB keeps collection coll in.
func sqliteTable(ctx context.Context, db *sql.DB, coll string) (string, error) {
	var table string
	err := db.QueryRowContext(ctx,
		fmt.Sprintf("SELECT table_name FROM %q WHERE name = ?", ferretMetadataTable), coll).Scan(&table)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("collection %s: no table in %s", coll, ferretMetadataTable)
	}
	if err != nil {
		return "", fmt.Errorf("collection %s: find its table: %w", coll, err)
	}
	return table, nil
}

// addSQLiteIDIndexes creates the _id path index (see above) on the tables of
// the collections colls of database dbName, which must exist.
func addSQLiteIDIndexes(ctx context.Context, dir, dbName string, colls []string) error {
	db, err := openSQLite(dir, dbName)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, coll := range colls {
		table, err := sqliteTable(ctx, db, coll)
		if err != nil {
			return err
		}
		q := fmt.Sprintf("CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')",
			sqliteIDIndexPrefix+table, table)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("collection %s: create _id path index: %w", coll, err)
		}
	}
	if err := db.Close(); err != nil {
		return fmt.Errorf("close sqlite file of database %s: %w", dbName, err)
	}
	return nil
}
