package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"modernc.org/sqlite"
)

// Backup writes a compact, checked copy of the database and returns the
// path it wrote. dst "" puts a dated copy beside the database
// (rolo.db.20261127T100000Z.bak); a folder gets the dated copy inside it;
// any other path must not exist yet. A second backup in the same second
// gets -2, -3… rather than failing. The copy is built under a temporary
// name that is private (0600) from its first byte, checked, synced, and
// only then linked into place, so the destination is either a whole good
// backup or absent; the database itself is only read.
func (s *Store) Backup(ctx context.Context, dst string) (string, error) {
	stem := filepath.Base(s.path) + "." + s.now().UTC().Format("20060102T150405Z")
	if dst == "" {
		return s.backup(ctx, filepath.Dir(s.path), stem)
	}
	dst, err := filepath.Abs(dst)
	if err != nil {
		return "", fmt.Errorf("resolving %s: %w", dst, err)
	}
	fi, err := os.Stat(dst)
	switch {
	case err == nil && fi.IsDir():
		return s.backup(ctx, dst, stem)
	case err == nil:
		return "", problem(ErrConflict, nil, "%s already exists; choose a new backup file name, or a folder to put a dated backup in", dst)
	case !errors.Is(err, os.ErrNotExist):
		return "", fmt.Errorf("backing up to %s: %w", dst, err)
	}
	return s.writeBackup(ctx, filepath.Dir(dst), func(int) string { return dst }, 1)
}

// backup writes a dated backup into dir named stem.bak, or stem-2.bak…
// when that is taken.
func (s *Store) backup(ctx context.Context, dir, stem string) (string, error) {
	return s.writeBackup(ctx, dir, func(i int) string {
		if i == 1 {
			return filepath.Join(dir, stem+".bak")
		}
		return filepath.Join(dir, fmt.Sprintf("%s-%d.bak", stem, i))
	}, 1000)
}

// writeBackup copies the database into a new private temporary file in
// dir, checks and syncs it, and links it at the first of names(1),
// names(2)… (up to tries) that is free.
func (s *Store) writeBackup(ctx context.Context, dir string, names func(int) string, tries int) (string, error) {
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return "", problem(ErrMissing, err, "cannot back up into %s: there is no such folder", dir)
	}
	removeStaleBackupTemps(dir, time.Now())
	f, err := os.CreateTemp(dir, backupTempPrefix+"*.tmp")
	if err != nil {
		return "", explainCreate(dir, filepath.Base(names(1)), err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("backing up: %w", err)
	}
	if err := s.vacuumInto(ctx, tmp, names(1)); err != nil {
		return "", err
	}
	if err := verifyCopy(ctx, tmp, s.path); err != nil {
		return "", err
	}
	if err := syncFile(tmp); err != nil {
		return "", err
	}
	for i := 1; i <= tries; i++ {
		dst := names(i)
		err := publish(tmp, dst)
		if errors.Is(err, errExists) && tries > 1 {
			continue
		}
		if errors.Is(err, errExists) {
			return "", problem(ErrConflict, nil, "%s already exists; choose a new backup file name", dst)
		}
		if err != nil {
			return "", err
		}
		return dst, nil
	}
	return "", fmt.Errorf("backing up: %s and %d more names are taken; choose a file name", names(1), tries-1)
}

// staleBackupTemp is how old a backup's temporary file must be before a
// later backup takes it for the leftover of one that was killed: a backup
// of the scale case takes seconds.
const staleBackupTemp = time.Hour

// removeStaleBackupTemps deletes, in dir, the temporary files of backups
// that were killed (hidden, private, and each as large as the database);
// doctor lists any still there.
func removeStaleBackupTemps(dir string, now time.Time) {
	matches, _ := filepath.Glob(filepath.Join(dir, backupTempPrefix+"*.tmp"))
	for _, m := range matches {
		if fi, err := os.Lstat(m); err == nil && fi.Mode().IsRegular() && now.Sub(fi.ModTime()) > staleBackupTemp {
			_ = os.Remove(m)
		}
	}
}

// backupTempPrefix names a backup being written (hidden, and never a
// name a person would use).
const backupTempPrefix = ".rolo-backup-"

// vacuumInto writes a compact copy of the database into the empty file
// tmp, on a connection of its own that only reads the database.
func (s *Store) vacuumInto(ctx context.Context, tmp, dst string) error {
	how := s.reads
	if how == readOnly {
		how = backupSource
	}
	src, err := connect(ctx, s.path, how, 1)
	if err != nil {
		return err
	}
	defer src.Close()
	if _, err := src.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		// Damage is the source's; anything else (a full disk, a
		// read-only folder) is the destination's.
		var se *sqlite.Error
		if errors.As(err, &se) && (se.Code()&0xff == codeCorrupt || se.Code()&0xff == codeNotADB) {
			return fmt.Errorf("cannot back up: %w", explain(s.path, err))
		}
		return fmt.Errorf("cannot write the backup %s: %w", dst, explain(dst, err))
	}
	return nil
}

// verifyCopy runs the full integrity check on a new copy of source.
func verifyCopy(ctx context.Context, path, source string) error {
	db, err := connect(ctx, path, frozen, 1)
	if err != nil {
		return fmt.Errorf("checking the copy of %s: %w", source, err)
	}
	defer db.Close()
	var result string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check(1)").Scan(&result); err != nil && err != sql.ErrNoRows {
		return fmt.Errorf("checking the copy of %s: %w", source, explain(source, err))
	}
	if result != "ok" {
		return problem(ErrCorrupt, nil, "the copy of %s failed its integrity check (%s), so %s is probably damaged; nothing was written — run `rolo doctor --db %s`", source, result, source, source)
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("syncing %s: %w", path, err)
	}
	err = f.Sync()
	return errors.Join(err, f.Close())
}

// syncDir makes a new name in dir survive a power loss. Windows cannot
// sync a folder (its filesystem journals names itself).
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	return syncFile(dir)
}
