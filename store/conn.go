package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"modernc.org/sqlite"
)

func init() {
	// Every _pragma in our DSNs is a constant, but refuse multi-statement
	// pragmas anyway so a path can never smuggle SQL in.
	sqlite.StrictPragmas(true)
}

// access is how a connection may use the file.
type access int

const (
	// readWrite is the writer: WAL is switched on (it persists in the
	// file) and transactions take the write lock at BEGIN.
	readWrite access = iota
	// readOnly reads a file rolo could write: a normal read-write handle
	// (so SQLite tidies -wal and -shm away on close) that refuses every
	// statement that would change data, and leaves the journal mode as
	// the file has it.
	readOnly
	// readOnlyFile reads a file or folder that is not writable: SQLite
	// opens the file read-only and never tries to convert it.
	readOnlyFile
	// frozen reads a file nothing can be writing (not writable, and no
	// -wal beside it): SQLite takes no locks and creates no side files,
	// which a read-only folder needs.
	frozen
	// backupSource reads a writable file for VACUUM INTO, which
	// query_only forbids although it writes only the new file.
	backupSource
	// building fills a new file under a temporary name, which no one else
	// can see: the rollback journal is kept in memory, so a disk with room
	// for the database alone is enough (WAL would need room for every
	// page twice), and the builder switches the finished file to WAL.
	building
)

// Settings every connection must have, whatever it is for: FULL is the
// only synchronous level that lost no acknowledged commit in a simulated
// power loss (notes §2.9); foreign keys are per connection in SQLite; and
// a connection without the busy timeout fails at once when another
// process holds a lock, which is how "database is busy" used to reach
// people running two commands at once.
const (
	busyTimeoutMS = 5000
	syncFull      = 2
)

// connect is the only place rolo opens SQLite: every connection of every
// path (the app's store, command-line commands, the check before opening,
// backups and their verification, bulk loads and demo data, imports,
// salvage) is made here, so every one gets the settings above, read back
// before it is used (a misspelt _pragma is silently ignored by the driver,
// and WAL cannot be set on some filesystems).
func connect(ctx context.Context, path string, how access, conns int) (*sql.DB, error) {
	params := []string{
		fmt.Sprintf("_pragma=busy_timeout(%d)", busyTimeoutMS),
		"_pragma=synchronous(FULL)",
		"_pragma=foreign_keys(1)",
		fmt.Sprintf("_pragma=cache_size(%d)", -cacheFor(how)),
		"_txlock=immediate",
	}
	switch how {
	case readWrite:
		params = append(params, "_pragma=journal_mode(WAL)")
	case building:
		params = append(params, "_pragma=journal_mode(MEMORY)")
	case readOnly:
		params = append(params, "_query_only=1")
	case readOnlyFile:
		params = append(params, "mode=ro")
	case frozen:
		params = append(params, "mode=ro", "immutable=1")
	}
	db, err := sql.Open("sqlite", fileURI(path, params...))
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxIdleTime(0)
	if err := checkSettings(ctx, db, path, how); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// cacheFor is the page cache of a connection made for how.
func cacheFor(how access) int {
	if how == readWrite || how == building {
		return cacheKiB
	}
	return readerCacheKiB
}

// checkSettings reads the settings back on one of the pool's connections
// (the DSN applies them to each connection the same way).
func checkSettings(ctx context.Context, db *sql.DB, path string, how access) error {
	var journal string
	var sync, fk, busy, queryOnly, tables int
	// Counting sqlite_schema reads the file (and, in WAL mode, its
	// shared-memory index), so a file this handle cannot read fails here.
	err := db.QueryRowContext(ctx, `SELECT (SELECT journal_mode FROM pragma_journal_mode),
		(SELECT synchronous FROM pragma_synchronous), (SELECT foreign_keys FROM pragma_foreign_keys),
		(SELECT timeout FROM pragma_busy_timeout), (SELECT query_only FROM pragma_query_only),
		(SELECT count(*) FROM sqlite_schema)`).Scan(&journal, &sync, &fk, &busy, &queryOnly, &tables)
	if err != nil {
		return explain(path, err)
	}
	ok := sync == syncFull && fk == 1 && busy == busyTimeoutMS
	switch how {
	case readWrite:
		ok = ok && journal == "wal"
	case building:
		ok = ok && journal == "memory"
	case readOnly:
		ok = ok && queryOnly == 1
	}
	if !ok {
		return fmt.Errorf("%s: SQLite settings did not take (journal_mode=%s synchronous=%d foreign_keys=%d busy_timeout=%d query_only=%d); the filesystem may not support WAL — keep the database on a local disk",
			path, journal, sync, fk, busy, queryOnly)
	}
	return nil
}

// fileURI builds a file: URI (the form in which SQLite honours mode=ro and
// which modernc passes whole) with the path escaped.
func fileURI(path string, params ...string) string {
	u := url.URL{Scheme: "file", OmitHost: true, Path: filepath.ToSlash(path)}
	return u.String() + "?" + strings.Join(params, "&")
}
