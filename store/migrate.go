package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
)

// migrate brings an existing file's schema to the latest version in one
// immediate transaction, after backing it up.
func (s *Store) migrate(ctx context.Context) error {
	var version int64
	if err := s.w.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return explain(s.path, err)
	}
	var appID int64
	if err := s.w.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return explain(s.path, err)
	}
	// inspect checked the header; check again what SQLite itself reads,
	// which includes commits still in the write-ahead log.
	if err := checkIdentity(s.path, appID, version); err != nil {
		return err
	}
	if version == int64(len(migrations)) {
		return nil
	}
	stamp := s.now().UTC().Format("20060102T150405Z")
	if _, err := s.backup(ctx, filepath.Dir(s.path), fmt.Sprintf("%s.v%d-%s", filepath.Base(s.path), version, stamp)); err != nil {
		return fmt.Errorf("backing up before upgrading the schema (nothing was changed): %w", err)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		// Re-read inside the write lock: another rolo may have migrated.
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
			return err
		}
		if err := checkIdentity(s.path, appID, version); err != nil {
			return err
		}
		return applyMigrations(ctx, tx, int(version), len(migrations))
	})
}

// migrateNew gives a new, empty file the schema up to version to (all of
// it, for a database people will use), rolo's mark and, with the whole
// schema, the default stages.
func (s *Store) migrateNew(ctx context.Context, to int) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := applyMigrations(ctx, tx, 0, to); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
			return fmt.Errorf("marking the file as rolo's: %w", err)
		}
		if to == len(migrations) {
			return seedStages(ctx, tx)
		}
		return nil
	})
}

// applyMigrations runs migrations from+1 … to, each followed by its
// user_version, inside tx.
func applyMigrations(ctx context.Context, tx *sql.Tx, from, to int) error {
	if from < 0 || to > len(migrations) {
		return fmt.Errorf("no migrations from schema v%d to v%d", from, to)
	}
	for i := from; i < to; i++ {
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			return fmt.Errorf("schema migration %d: %w", i+1, err)
		}
		// PRAGMA takes no bound parameters; i is ours, not input.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", i+1)); err != nil {
			return fmt.Errorf("schema migration %d: %w", i+1, err)
		}
	}
	return nil
}

// seedStages writes the default sales process into a new database.
func seedStages(ctx context.Context, tx *sql.Tx) error {
	for _, st := range defaultStages() {
		if _, err := tx.ExecContext(ctx, `INSERT INTO stages(name, position, probability, rot_days) VALUES (?, ?, ?, ?)`,
			st.Name, st.Position, st.Probability, st.RotDays); err != nil {
			return fmt.Errorf("adding default stage %s: %w", st.Name, err)
		}
	}
	return nil
}

// SchemaVersion is the schema version this build writes.
func SchemaVersion() int { return len(migrations) }

// inTx runs fn in one immediate write transaction and commits it; any
// error rolls everything back. It first waits its turn behind other rolo
// writers (see writeQueue). Errors are explained in plain words.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	if s.w == nil {
		return problem(ErrReadOnly, nil, "%s was opened read-only; nothing was saved", s.path)
	}
	if s.queue != nil {
		done, err := s.queue.wait(ctx, s.path)
		if err != nil {
			return err
		}
		defer done()
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return explain(s.path, err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return explain(s.path, err)
	}
	if err := tx.Commit(); err != nil {
		return explain(s.path, err)
	}
	return nil
}

// isConstraint reports a SQLite constraint failure (a CHECK, UNIQUE or
// foreign key) so callers can word it.
func isConstraint(err error, detail string) bool {
	return err != nil && strings.Contains(err.Error(), "constraint failed") && strings.Contains(err.Error(), detail)
}
