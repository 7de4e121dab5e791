// Package store keeps rolo's data in one SQLite file: it opens and checks
// the file, migrates it, backs it up, and runs every query and write,
// returning model values. Nothing else in rolo builds SQL.
package store

import (
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"rolo/model"
)

// Store is an open rolo database: one writer connection (SQLite allows one
// writer at a time; one connection keeps our own writes from queueing on
// the lock) and a small pool of read-only connections. A Store opened
// read-only has no writer at all.
type Store struct {
	path  string
	w     *sql.DB // nil when opened read-only
	r     *sql.DB
	reads access // how r (and backups) read the file
	queue *writeQueue
	clock model.Clock
	// session and origin mark this Store's undo entries: the app undoes
	// only its own session's; `rolo undo` says whose it undid.
	session string
	origin  string
	watch   dataVersionWatch
}

// Options control how Open treats the file.
type Options struct {
	// MustExist refuses a missing file instead of creating it. Only
	// `rolo init`, `rolo demo` and the app on its default path create
	// databases; every other command refuses a missing file.
	MustExist bool
	// ReadOnly opens the file for reading only: nothing is written to it,
	// not even a schema upgrade (a file at an older schema is refused with
	// what to do), and a read-only file or folder can still be read.
	ReadOnly bool
	// NoSideFiles (with ReadOnly) leaves the folder exactly as it was,
	// as a dry run promises: when no -wal is beside the file (no writer
	// has it open), the readers open it immutable, so SQLite creates no
	// -wal or -shm even for a moment. A writer that starts meanwhile is
	// not seen (should it fold its log into the file mid-read, the dry run
	// may fail and is run again); when a -wal is there, the file is read
	// as usual (its side files exist already).
	NoSideFiles bool
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

// readers is the size of the read-only pool. Each connection keeps its
// own page cache, so a few go a long way for one person's app; two let a
// background load run beside the one the screen waits for.
const readers = 2

// cacheKiB is the writer's page cache (SQLite's default is 2 MiB): a
// write touches pages of the table, its indexes, the history and the
// undo log, and a smaller cache made a stage move ~25 % slower.
// readerCacheKiB is each reader's: the app's memory budget is 30 MiB,
// every cached page costs about twice its size in modernc's allocator,
// and the OS caches the file anyway (BENCHMARKS.md, issue 6).
const (
	cacheKiB       = 1024
	readerCacheKiB = 256
)

// Open opens the database at path (creating it unless opts.MustExist),
// refusing with a plain message, and without writing a byte, any file that
// is not a rolo database, is from a newer rolo, or (read-only) needs an
// upgrade.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("resolving %s: %w", path, err)
	}
	found, err := statDatabase(abs)
	if err != nil {
		return nil, err
	}
	if found {
		// SQLite puts -wal and -shm beside the file a link points at; the
		// write queue's lock file goes there too, whichever link is used.
		if abs, err = filepath.EvalSymlinks(abs); err != nil {
			return nil, fmt.Errorf("resolving %s: %w", path, err)
		}
	}
	if !found {
		if opts.MustExist || opts.ReadOnly {
			return nil, problem(ErrMissing, nil, "there is no rolo database at %s; run `rolo init --db %s` to start an empty one, or `rolo demo --db %s` for sample data", abs, abs, abs)
		}
		if err := create(ctx, abs, opts.Clock); err != nil && !errors.Is(err, errExists) {
			return nil, err
		}
	}
	version, err := inspect(ctx, abs)
	if err != nil {
		return nil, err
	}
	s := &Store{path: abs, clock: opts.Clock, session: newSession(), origin: cmp.Or(opts.Origin, "rolo")}
	if opts.ReadOnly {
		if version < len(migrations) {
			return nil, problem(ErrOlder, nil, "%s uses schema v%d and this rolo reads v%d; open it once in the app (rolo --db %s) or run any command that changes data, which upgrades it after a backup — commands that only read never change a file", abs, version, len(migrations), abs)
		}
		if err := s.openReaders(ctx, opts.NoSideFiles); err != nil {
			return nil, err
		}
		s.applySettings(ctx)
		return s, nil
	}
	if err := s.openWriter(ctx); err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	s.reads = readOnly
	if s.r, err = connect(ctx, abs, readOnly, readers); err != nil {
		s.Close()
		return nil, err
	}
	s.applySettings(ctx)
	return s, nil
}

// OpenReadOnly opens an existing database for reading only (a dry run, an
// export, any command that only reads): Open with ReadOnly and MustExist.
func OpenReadOnly(ctx context.Context, path string, opts Options) (*Store, error) {
	opts.ReadOnly, opts.MustExist = true, true
	return Open(ctx, path, opts)
}

// openWriter checks that the file and its folder can be written (before
// SQLite creates anything beside it) and opens the writer.
func (s *Store) openWriter(ctx context.Context) error {
	if err := checkWritable(s.path); err != nil {
		return err
	}
	var err error
	if s.queue, err = openWriteQueue(s.path); err != nil {
		return problem(ErrReadOnly, err, "rolo cannot save changes to %s: its folder %s is read-only (%v); read it with `rolo today` or `rolo pipeline`, or copy it to a writable folder and use --db", s.path, filepath.Dir(s.path), errors.Unwrap(err))
	}
	repairSidePermissions(s.path)
	if s.w, err = connect(ctx, s.path, readWrite, 1); err != nil {
		s.Close()
		return err
	}
	return nil
}

// openReaders opens the read pool of a read-only Store: an ordinary
// handle that refuses writes when the file is writable (so SQLite tidies
// its side files away on close), else a read-only handle, else (a
// read-only folder, where SQLite cannot even create its shared-memory
// file) an immutable one — safe then, because nothing can be writing.
func (s *Store) openReaders(ctx context.Context, noSideFiles bool) error {
	wal := exists(s.path + "-wal")
	tries := []access{readOnly, readOnlyFile, frozen}
	switch {
	case (noSideFiles || !fileWritable(s.path)) && !wal:
		tries = []access{frozen}
	case !fileWritable(s.path):
		tries = []access{readOnlyFile}
	case wal:
		tries = tries[:2]
	}
	var err error
	for _, how := range tries {
		if s.r, err = connect(ctx, s.path, how, readers); err == nil {
			s.reads = how
			return nil
		}
		if !errors.Is(err, ErrReadOnly) {
			return err
		}
	}
	return err
}

// Path is the database file's absolute path.
func (s *Store) Path() string { return s.path }

// Clock is the store's notion of now.
func (s *Store) Clock() model.Clock { return s.clock }

// ReadOnly reports whether the store was opened for reading only.
func (s *Store) ReadOnly() bool { return s.w == nil }

// Close closes the pools, the change detector's connection and the write
// queue.
func (s *Store) Close() error {
	errs := []error{s.watch.close()}
	for _, db := range []*sql.DB{s.r, s.w} {
		if db != nil {
			errs = append(errs, db.Close())
		}
	}
	errs = append(errs, s.queue.close())
	return errors.Join(errs...)
}

// newSession names one Store's run: random, so two processes opened in the
// same instant still differ.
func newSession() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// statDatabase reports whether a database file is at path, refusing
// anything there that cannot be one.
func statDatabase(path string) (bool, error) {
	if li, err := os.Lstat(path); err == nil && li.Mode()&os.ModeSymlink != 0 {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			target, _ := os.Readlink(path)
			return false, problem(ErrMissing, err, "%s is a symbolic link to %s, which does not exist; fix or remove the link, or pass another path with --db", path, target)
		}
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return false, nil
	case err != nil:
		return false, problem(ErrReadOnly, err, "cannot read %s: %v", path, errors.Unwrap(err))
	case fi.IsDir():
		return false, problem(ErrNotDatabase, nil, "%s is a folder, not a database file; pass a file path with --db", path)
	case !fi.Mode().IsRegular():
		return false, problem(ErrNotDatabase, nil, "%s is not a regular file; pass a database file path with --db", path)
	}
	return true, nil
}

// fileWritable reports whether path may be written: its owner-write bit is
// set (a file someone made read-only stays so, even for root) and it opens
// for writing.
func fileWritable(path string) bool {
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm()&0o200 == 0 {
		return false
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return false
	}
	f.Close()
	return true
}

// checkWritable refuses, before SQLite opens it, a file that cannot be
// written: SQLite would open it read-only and create side files with its
// read-only permissions, which block writes even after a chmod.
func checkWritable(path string) error {
	if fileWritable(path) {
		return nil
	}
	const reads = "commands that only read (today, pipeline, accounts, doctor, backup) still work"
	fi, err := os.Stat(path)
	if err == nil && fi.Mode().Perm()&0o200 == 0 {
		return problem(ErrReadOnly, nil, "%s is read-only (permissions %04o), so rolo cannot save changes to it; %s, or make it writable with `chmod u+w %s`", path, fi.Mode().Perm(), reads, path)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err == nil {
		f.Close()
		return nil
	}
	if errors.Is(err, syscall.EROFS) {
		return problem(ErrReadOnly, err, "%s is on a read-only disk, so rolo cannot save changes to it; %s, or copy it to a writable disk and use --db", path, reads)
	}
	return problem(ErrReadOnly, err, "rolo cannot save changes to %s (%v); %s, or check the file's permissions and attributes", path, errors.Unwrap(err), reads)
}

// repairSidePermissions gives SQLite's -wal and -shm files back the
// database's write permission when a read of the read-only file left them
// without it (older rolos did): otherwise writes fail after the database
// itself is made writable again. Their contents are untouched.
func repairSidePermissions(path string) {
	db, err := os.Stat(path)
	if err != nil {
		return
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		fi, err := os.Stat(path + suffix)
		if err == nil && fi.Mode().Perm()&0o200 == 0 {
			_ = os.Chmod(path+suffix, db.Mode().Perm())
		}
	}
}

// exists reports whether something is at path.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// timestamp formats a moment as fixed-width UTC RFC 3339, which sorts as
// text.
func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

func (s *Store) now() time.Time { return s.clock.Now() }
