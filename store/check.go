package store

import (
	"context"
	"database/sql"
	"fmt"
)

// IntegrityCheck runs the full integrity and foreign-key checks and lists
// the problems. It reads the whole file, so the app does not run it on
// start; damage met while reading is reported as ErrCorrupt anyway.
func (s *Store) IntegrityCheck(ctx context.Context) ([]string, error) {
	problems, err := integrityRows(ctx, s.r, s.path, 20)
	if err != nil {
		return nil, err
	}
	more, err := s.Consistency(ctx)
	return append(problems, more...), err
}

// integrityRows is what SQLite's integrity_check reports (up to max
// lines), without its "ok".
func integrityRows(ctx context.Context, db *sql.DB, path string, max int) ([]string, error) {
	var problems []string
	rows, err := db.QueryContext(ctx, fmt.Sprintf("PRAGMA integrity_check(%d)", max))
	if err != nil {
		return nil, explain(path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, fmt.Errorf("reading integrity check: %w", err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	return problems, explain(path, rows.Err())
}

// Consistency checks what SQLite cannot: that every reference points at a
// row, and that the pipeline totals agree with the deals. It assumes a
// file that passed the integrity check.
func (s *Store) Consistency(ctx context.Context) ([]string, error) {
	var problems []string
	var drift int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM (
		SELECT * FROM (`+recomputedTotals+` EXCEPT `+storedTotals+`)
		UNION ALL SELECT * FROM (`+storedTotals+` EXCEPT `+recomputedTotals+`))`).Scan(&drift)
	if err != nil {
		return nil, explain(s.path, err)
	}
	if drift > 0 {
		problems = append(problems, fmt.Sprintf("the pipeline totals disagree with the deals in %d stage/currency pairs", drift))
	}
	fk, err := s.r.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer fk.Close()
	for fk.Next() {
		var table, parent string
		var rowid, idx any
		if err := fk.Scan(&table, &rowid, &parent, &idx); err != nil {
			return nil, fmt.Errorf("reading foreign key check: %w", err)
		}
		problems = append(problems, fmt.Sprintf("%s row %v points at a missing %s", table, rowid, parent))
	}
	return problems, explain(s.path, fk.Err())
}

// recomputedTotals and storedTotals are the pipeline totals from the deals
// themselves and as the triggers kept them; they must always agree.
const (
	recomputedTotals = `SELECT stage_id, currency, count(*), sum(value_minor),
		coalesce(sum(CASE WHEN probability IS NULL THEN value_minor END), 0), coalesce(sum(value_minor * probability), 0)
		FROM deals WHERE status = 'open' AND archived_at IS NULL GROUP BY stage_id, currency`
	storedTotals = `SELECT stage_id, currency, deals, total_minor, plain_minor, override_weighted FROM pipeline_totals WHERE deals > 0`
)
