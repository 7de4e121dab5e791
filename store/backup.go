package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Backup writes a compact, consistent copy of the database to dst with
// VACUUM INTO, checks it, fsyncs it and renames it into place, so dst is
// either a whole good backup or absent.
func (s *Store) Backup(ctx context.Context, dst string) error {
	dst, err := filepath.Abs(dst)
	if err != nil {
		return fmt.Errorf("resolving %s: %w", dst, err)
	}
	if _, err := os.Stat(dst); err == nil {
		return problem(ErrReadOnly, nil, "%s already exists; choose another backup path", dst)
	}
	tmp := dst + ".tmp"
	_ = os.Remove(tmp)
	if _, err := s.w.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("backing up to %s: %w", dst, explain(dst, err))
	}
	if err := verifyBackup(ctx, tmp); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	if err := syncFile(tmp); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("backing up to %s: %w", dst, err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("backing up to %s: %w", dst, err)
	}
	return syncFile(filepath.Dir(dst))
}

func verifyBackup(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", fileURI(path, "mode=ro"))
	if err != nil {
		return fmt.Errorf("checking backup %s: %w", path, err)
	}
	defer db.Close()
	var result string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check(1)").Scan(&result); err != nil {
		return fmt.Errorf("checking backup %s: %w", path, err)
	}
	if result != "ok" {
		return fmt.Errorf("backup %s failed its integrity check: %s", path, result)
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
