// Package store keeps rolo's data in one SQLite file: it opens and checks
// the file, migrates it, backs it up, and runs every query and write,
// returning model values. Nothing else in rolo builds SQL.
package store

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"modernc.org/sqlite"

	"rolo/model"
)

func init() {
	// Every _pragma in our DSNs is a constant, but refuse multi-statement
	// pragmas anyway so a path can never smuggle SQL in.
	sqlite.StrictPragmas(true)
}

// Store is an open rolo database: one writer connection (SQLite allows one
// writer at a time; one connection keeps our own writes from queueing on
// the lock) and a small pool of read-only connections.
type Store struct {
	path  string
	w     *sql.DB
	r     *sql.DB
	clock model.Clock
	// session and origin mark this Store's undo entries: the app undoes
	// only its own session's; `rolo undo` says whose it undid.
	session string
	origin  string
	watch   dataVersionWatch
}

// Options control how Open treats the file.
type Options struct {
	// MustExist refuses a missing file instead of creating it (for
	// commands that only read).
	MustExist bool
	// Clock is "now" for every timestamp the store writes.
	Clock model.Clock
	// Origin says who writes through this Store, in words recorded with
	// each undo entry ("the app", "the command line"); default "rolo".
	Origin string
}

// DefaultPath is $ROLO_DB, else $XDG_DATA_HOME/rolo/rolo.db, else
// ~/.local/share/rolo/rolo.db.
func DefaultPath() (string, error) {
	if p := os.Getenv("ROLO_DB"); p != "" {
		return p, nil
	}
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "rolo", "rolo.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("finding the default database: %w; pass --db PATH", err)
	}
	return filepath.Join(home, ".local", "share", "rolo", "rolo.db"), nil
}

const sqliteMagic = "SQLite format 3\x00"

// readers is the size of the read-only pool. Each connection keeps its
// own page cache, so a few go a long way for one person's app; two let a
// background load run beside the one the screen waits for.
const readers = 2

// cacheKiB is each connection's page cache (SQLite's default is 2 MiB):
// the app's memory budget is 30 MiB and the OS caches the file anyway.
const cacheKiB = 1024

// Open opens (or creates) the database at path, refusing with a plain
// message, and without writing a byte, any file that is not a rolo
// database or is from a newer rolo.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("resolving %s: %w", path, err)
	}
	created, err := prepareFile(abs, opts.MustExist)
	if err != nil {
		return nil, err
	}
	if !created {
		if err := inspect(ctx, abs); err != nil {
			return nil, err
		}
	}
	opened := false
	if created {
		// A new file that never got its schema (the disk was full, say)
		// must not stay behind: the next Open would refuse it as an
		// empty file that is not a rolo database.
		defer func() {
			if fi, err := os.Stat(abs); !opened && err == nil && fi.Size() == 0 {
				_ = os.Remove(abs)
			}
		}()
	}
	s := &Store{path: abs, clock: opts.Clock, session: newSession(), origin: cmp.Or(opts.Origin, "rolo")}
	if s.w, err = openPool(abs, 1, false); err != nil {
		return nil, err
	}
	if err := s.checkPragmas(ctx); err != nil {
		s.w.Close()
		return nil, err
	}
	if err := s.migrate(ctx, created); err != nil {
		s.w.Close()
		return nil, err
	}
	if s.r, err = openPool(abs, readers, true); err != nil {
		s.w.Close()
		return nil, err
	}
	opened = true
	s.applySettings(ctx)
	return s, nil
}

// Path is the database file's absolute path.
func (s *Store) Path() string { return s.path }

// Clock is the store's notion of now.
func (s *Store) Clock() model.Clock { return s.clock }

// Close closes both pools (and the change detector's connection).
func (s *Store) Close() error {
	return errors.Join(s.watch.close(), s.r.Close(), s.w.Close())
}

// newSession names one Store's run: random, so two processes opened in the
// same instant still differ.
func newSession() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// prepareFile makes sure a regular file is at path, creating an empty
// 0600 one (in a 0700 folder) if allowed. It reports whether it created it.
func prepareFile(path string, mustExist bool) (bool, error) {
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return false, problem(ErrNotDatabase, nil, "%s is a folder, not a database file; pass a file path with --db", path)
	case err == nil && !fi.Mode().IsRegular():
		return false, problem(ErrNotDatabase, nil, "%s is not a regular file; pass a database file path with --db", path)
	case err == nil && fi.Size() == 0:
		return false, problem(ErrNotDatabase, nil, "%s is an empty file, not a rolo database; delete it or choose another path with --db (rolo creates new databases itself)", path)
	case err == nil:
		return false, nil
	case !errors.Is(err, os.ErrNotExist):
		return false, problem(ErrReadOnly, err, "cannot read %s: %v", path, err)
	case mustExist:
		return false, problem(ErrMissing, err, "there is no rolo database at %s yet; run `rolo` to start one, or `rolo demo --db %s` for sample data", path, path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return false, problem(ErrReadOnly, err, "cannot create the folder for %s: %v", path, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return false, problem(ErrReadOnly, err, "cannot create %s: %v", path, err)
	}
	if err := f.Close(); err != nil {
		return false, fmt.Errorf("creating %s: %w", path, err)
	}
	return true, nil
}

// inspect checks an existing file before anything may write to it: its
// header must be SQLite's, and a read-only look inside must show a rolo
// database no newer than this build.
func inspect(ctx context.Context, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return problem(ErrReadOnly, err, "cannot read %s: %v", path, err)
	}
	header := make([]byte, 100)
	n, err := io.ReadFull(f, header)
	f.Close()
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	if n < 100 || !bytes.Equal(header[:16], []byte(sqliteMagic)) {
		return problem(ErrNotDatabase, nil, "%s is not a rolo database (it is not an SQLite file); choose another path with --db", path)
	}
	// Look inside read-only: no pragma that could convert the file runs.
	// Even a mode=ro connection creates -wal and -shm next to a WAL-mode
	// file (someone else's, or one from a newer rolo). When there is no
	// -wal or -journal, the file alone holds every commit, so read it as
	// immutable, which creates nothing; otherwise the side files already
	// exist and hold commits that must be seen.
	params := []string{"mode=ro"}
	if !exists(path+"-wal") && !exists(path+"-journal") {
		params = append(params, "immutable=1")
	}
	db, err := sql.Open("sqlite", fileURI(path, params...))
	if err != nil {
		return fmt.Errorf("opening %s: %w", path, err)
	}
	defer db.Close()
	var appID, version, tables int64
	err = db.QueryRowContext(ctx, `SELECT (SELECT application_id FROM pragma_application_id),
		(SELECT user_version FROM pragma_user_version),
		(SELECT count(*) FROM sqlite_schema)`).Scan(&appID, &version, &tables)
	if err != nil {
		return explain(path, err)
	}
	if appID != applicationID && (appID != 0 || tables > 0) {
		return problem(ErrForeign, nil, "%s is another application's SQLite database, not rolo's; rolo will not touch it; choose another path with --db", path)
	}
	if version > int64(len(migrations)) {
		return problem(ErrNewer, nil, "%s was written by a newer rolo (schema v%d; this rolo knows v%d); upgrade rolo to open it — the file was not changed", path, version, len(migrations))
	}
	// Corruption is looked for by `rolo doctor` (IntegrityCheck reads the
	// whole file) and reported as ErrCorrupt wherever a read meets it.
	return nil
}

// exists reports whether something is at path.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// fileURI builds a file: URI (the form in which SQLite honours mode=ro and
// which modernc passes whole) with the path escaped.
func fileURI(path string, params ...string) string {
	u := url.URL{Scheme: "file", OmitHost: true, Path: filepath.ToSlash(path)}
	return u.String() + "?" + strings.Join(params, "&")
}

// openPool opens connections with the pragmas DESIGN.md prescribes:
// WAL, synchronous FULL (the only mode that lost no acknowledged commit in
// a simulated power loss), foreign keys, a 5 s busy timeout and immediate
// write transactions.
func openPool(path string, conns int, readOnly bool) (*sql.DB, error) {
	params := []string{
		"_pragma=busy_timeout(5000)",
		"_pragma=journal_mode(WAL)",
		"_pragma=synchronous(FULL)",
		"_pragma=foreign_keys(1)",
		fmt.Sprintf("_pragma=cache_size(%d)", -cacheKiB),
		"_txlock=immediate",
	}
	if readOnly {
		params = append(params, "_query_only=1")
	}
	db, err := sql.Open("sqlite", fileURI(path, params...))
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxIdleTime(0)
	return db, nil
}

// checkPragmas reads the settings back: a misspelt _pragma is silently
// ignored by the driver, and WAL cannot be set on some filesystems.
func (s *Store) checkPragmas(ctx context.Context) error {
	var journal string
	var sync, fk, busy int
	err := s.w.QueryRowContext(ctx, `SELECT (SELECT journal_mode FROM pragma_journal_mode),
		(SELECT synchronous FROM pragma_synchronous),
		(SELECT foreign_keys FROM pragma_foreign_keys),
		(SELECT timeout FROM pragma_busy_timeout)`).Scan(&journal, &sync, &fk, &busy)
	if err != nil {
		return explain(s.path, err)
	}
	if journal != "wal" || sync != 2 || fk != 1 || busy != 5000 {
		return fmt.Errorf("%s: SQLite settings did not take (journal_mode=%s synchronous=%d foreign_keys=%d busy_timeout=%d); the filesystem may not support WAL — keep the database on a local disk", s.path, journal, sync, fk, busy)
	}
	return nil
}

// timestamp formats a moment as fixed-width UTC RFC 3339, which sorts as
// text.
func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

func (s *Store) now() time.Time { return s.clock.Now() }
