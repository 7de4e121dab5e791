package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// migrate brings the schema to the latest version in one immediate
// transaction, after backing up an existing file that needs it.
func (s *Store) migrate(ctx context.Context, created bool) error {
	var version int
	if err := s.w.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return explain(s.path, err)
	}
	if version == len(migrations) {
		return nil
	}
	if version > 0 && !created {
		backup := fmt.Sprintf("%s.v%d-%s.bak", s.path, version, s.now().UTC().Format("20060102T150405Z"))
		if err := s.Backup(ctx, backup); err != nil {
			return fmt.Errorf("backing up before upgrading the schema (nothing was changed): %w", err)
		}
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		// Re-read inside the write lock: another rolo may have migrated.
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
			return err
		}
		for i := version; i < len(migrations); i++ {
			if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
				return fmt.Errorf("schema migration %d: %w", i+1, err)
			}
			// PRAGMA takes no bound parameters; i is ours, not input.
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", i+1)); err != nil {
				return fmt.Errorf("schema migration %d: %w", i+1, err)
			}
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
			return fmt.Errorf("marking the file as rolo's: %w", err)
		}
		if version == 0 {
			return seedStages(ctx, tx)
		}
		return nil
	})
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
// error rolls everything back. Errors are explained in plain words.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
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
