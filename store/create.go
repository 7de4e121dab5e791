package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"rolo/model"
)

// errExists says create found a file already at the path (made by
// someone else meanwhile).
var errExists = errors.New("a file is already there")

// Init creates a new, empty rolo database at path (`rolo init`). It
// refuses an existing file, except an empty one (0 bytes, nothing beside
// it), which holds nothing to lose and is what an interrupted first run of
// an older rolo left behind.
func Init(ctx context.Context, path string, clock model.Clock) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("resolving %s: %w", path, err)
	}
	found, err := statDatabase(abs)
	if err != nil {
		return "", err
	}
	if found {
		if fi, err := os.Stat(abs); err != nil || fi.Size() > 0 || exists(abs+"-wal") {
			return "", problem(ErrConflict, nil, "%s already exists; rolo init only creates new databases — open this one with --db %s, or choose another path", abs, abs)
		}
		if err := os.Remove(abs); err != nil {
			return "", fmt.Errorf("replacing the empty file %s: %w", abs, err)
		}
	}
	if err := create(ctx, abs, clock); errors.Is(err, errExists) {
		return "", problem(ErrConflict, err, "%s was created by another program while rolo was making it; open it with --db %s, or choose another path", abs, abs)
	} else if err != nil {
		return "", err
	}
	return abs, nil
}

// create makes a new database at path atomically: the file is built
// beside it under a temporary name (schema, default stages and rolo's mark
// all in), synced, and only then linked into place, so a kill or a full
// disk at any moment leaves either no database or a whole one — never a
// half-made file that every later run would refuse. It returns errExists
// if a file appeared at path meanwhile (left as it is).
func create(ctx context.Context, path string, clock model.Clock) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return problem(ErrReadOnly, err, "cannot create the folder for %s: %v", path, errors.Unwrap(err))
	}
	tmp, err := buildDatabase(ctx, dir, filepath.Base(path), func(s *Store) error { return s.migrateNew(ctx, len(migrations)) }, clock)
	if err != nil {
		return err
	}
	defer removeDatabase(tmp)
	return publish(tmp, path)
}

// newSuffix marks a database being built: .rolo.db.new-123456.
const newSuffix = ".new-"

// buildDatabase makes a new database file in dir under a temporary name
// (0600 from the start), lets fill put what it needs in, folds the
// write-ahead log into the file and syncs it. It returns the temporary
// path; the caller publishes or removes it.
func buildDatabase(ctx context.Context, dir, name string, fill func(*Store) error, clock model.Clock) (string, error) {
	f, err := os.CreateTemp(dir, "."+name+newSuffix+"*")
	if err != nil {
		return "", explainCreate(dir, name, err)
	}
	tmp := f.Name()
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return "", explainCreate(dir, name, err)
	}
	err = func() error {
		s := &Store{path: tmp, clock: clock, reads: readOnly}
		var err error
		if s.w, err = connect(ctx, tmp, building, 1); err != nil {
			return err
		}
		defer s.w.Close()
		if err := fill(s); err != nil {
			return err
		}
		// The finished file is in WAL mode like every rolo database, and
		// holds everything itself (no -wal) when it is put in place.
		var mode string
		if err := s.w.QueryRowContext(ctx, `PRAGMA journal_mode = WAL`).Scan(&mode); err != nil {
			return explain(filepath.Join(dir, name), err)
		}
		if mode != "wal" {
			return fmt.Errorf("%s: SQLite could not switch the new file to WAL mode (it reports %q); keep the database on a local disk", filepath.Join(dir, name), mode)
		}
		return nil
	}()
	if err == nil {
		err = syncFile(tmp)
	}
	if err != nil {
		removeDatabase(tmp)
		return "", err
	}
	return tmp, nil
}

// publish puts the finished file tmp at path without ever replacing a
// file there (a hard link fails if path exists), then syncs the folder so
// the new name survives a power loss.
func publish(tmp, path string) error {
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, os.ErrExist) {
			return errExists
		}
		// A filesystem without hard links: rename, having checked that
		// nothing is there (a narrow race, on such filesystems only).
		if exists(path) {
			return errExists
		}
		if err := os.Rename(tmp, path); err != nil {
			return fmt.Errorf("putting the new database at %s: %w", path, err)
		}
	}
	return syncDir(filepath.Dir(path))
}

// removeDatabase deletes a temporary database and any side files.
func removeDatabase(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		_ = os.Remove(path + suffix)
	}
}

func explainCreate(dir, name string, err error) error {
	path := filepath.Join(dir, name)
	switch {
	case errors.Is(err, os.ErrPermission):
		return problem(ErrReadOnly, err, "cannot create %s: the folder %s is not writable", path, dir)
	case isDiskFull(err):
		return problem(ErrDiskFull, err, "cannot create %s: the disk is full; free some space and try again", path)
	}
	return problem(ErrReadOnly, err, "cannot create %s: %v", path, errors.Unwrap(err))
}
