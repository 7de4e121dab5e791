package store

import (
	"context"
	"database/sql"
	"fmt"

	"rolo/model"
)

// IntegrityCheck runs the full integrity and foreign-key checks, then
// looks for states rolo's rules forbid (see inconsistencies), and lists
// the problems with what to do about each. It reads the whole file, so
// the app does not run it on start; damage met while reading is reported
// as ErrCorrupt anyway.
func (s *Store) IntegrityCheck(ctx context.Context) ([]string, error) {
	// A connection of its own: FTS5's check of the search index, run on a
	// pooled connection that read the index before another connection
	// wrote to it, reports a checksum mismatch that is not there.
	check, err := connect(ctx, s.path, s.reads, 1)
	if err != nil {
		return nil, err
	}
	defer check.Close()
	problems, err := integrityRows(ctx, check, s.path, 20)
	if err != nil {
		return nil, err
	}
	more, err := s.Consistency(ctx)
	return append(problems, more...), err
}

// integrityRows is what SQLite's integrity_check reports (up to max
// rows), without its "ok".
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

// Consistency checks what SQLite cannot, in a file that passed its
// integrity check: the board's totals agree with the deals, no row is in
// a state rolo's rules forbid, and every reference points at a row.
func (s *Store) Consistency(ctx context.Context) ([]string, error) {
	var problems []string
	var drift int
	// A pair that differs shows on both sides of the comparison: count it once.
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM (
		SELECT stage_id, currency FROM (`+recomputedTotals+` EXCEPT `+storedTotals+`)
		UNION SELECT stage_id, currency FROM (`+storedTotals+` EXCEPT `+recomputedTotals+`))`).Scan(&drift)
	if err != nil {
		return nil, explain(s.path, err)
	}
	if drift > 0 {
		problems = append(problems, fmt.Sprintf("the board's totals disagree with the deals in %d stage/currency pairs; the deals themselves are intact, "+
			"so restore the latest backup from before this appeared, or report it as a bug", drift))
	}
	if n, err := s.reachDrift(ctx); err != nil {
		return nil, err
	} else if n > 0 {
		problems = append(problems, fmt.Sprintf("the history summary of %d deals disagrees with their events, so the metrics would miscount them; "+
			"restore the latest backup from before this appeared, or report it as a bug", n))
	}
	found, err := s.inconsistencies(ctx)
	if err != nil {
		return nil, err
	}
	problems = append(problems, found...)
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

// inconsistency is a query for rows in a state rolo's writes never leave
// (older versions, or an edit outside rolo, could) and how to word one.
type inconsistency struct {
	query string // selects id, text, id, text
	say   func(id int64, name string, otherID int64, other string) string
}

// maxEach caps how many rows of one kind doctor lists.
const maxEach = 20

var inconsistencies = []inconsistency{
	{
		// An open deal in a removed stage counts as open but is on no
		// column of the board.
		query: `SELECT d.id, d.title, st.id, st.name FROM stages st JOIN deals d ON d.stage_id = st.id
			WHERE st.archived_at IS NOT NULL AND d.status = 'open' AND d.archived_at IS NULL ORDER BY d.id`,
		say: func(id int64, title string, _ int64, stage string) string {
			return fmt.Sprintf("deal %d (%s) is open in stage %s, which was removed, so the board does not show it: "+
				"move it to a stage on the board (rolo move %d STAGE)", id, model.Clean(title), model.Clean(stage), id)
		},
	},
	{
		// A live deal on an undone account still counts in the pipeline
		// and revenue while its account is gone from every list.
		query: `SELECT d.id, d.title, a.id, a.name FROM accounts a JOIN deals d ON d.account_id = a.id
			WHERE a.archived_at IS NOT NULL AND d.archived_at IS NULL ORDER BY d.id`,
		say: func(id int64, title string, acct int64, name string) string {
			return fmt.Sprintf("deal %d (%s) belongs to account %d (%s), which was undone (archived), so it counts in the "+
				"pipeline and revenue without an account: open the deal in the app (e) and pick a live account", id,
				model.Clean(title), acct, model.Clean(name))
		},
	},
	{
		// Likewise a contract: it counts in ARR and renewals.
		query: `SELECT c.id, c.status, a.id, a.name FROM accounts a JOIN contracts c ON c.account_id = a.id
			WHERE a.archived_at IS NOT NULL AND c.archived_at IS NULL AND c.status = 'active' ORDER BY c.id`,
		say: func(id int64, _ string, acct int64, name string) string {
			return fmt.Sprintf("active contract %d belongs to account %d (%s), which was undone (archived), so it counts in "+
				"ARR and renewals without an account: restore the latest backup from before the account was undone", id, acct,
				model.Clean(name))
		},
	},
}

// inconsistencies lists rows in states rolo's rules forbid. Contacts left
// on an undone account, and activities on an undone deal, are not among
// them: they are only reached through the account (and an activity is a
// true touch of its account whatever became of the deal).
func (s *Store) inconsistencies(ctx context.Context) ([]string, error) {
	var out []string
	for _, inc := range inconsistencies {
		rows, err := s.r.QueryContext(ctx, inc.query)
		if err != nil {
			return nil, explain(s.path, err)
		}
		n := 0
		for rows.Next() {
			var id, other int64
			var name, otherName string
			if err := rows.Scan(&id, &name, &other, &otherName); err != nil {
				rows.Close()
				return nil, fmt.Errorf("checking the data: %w", err)
			}
			if n++; n <= maxEach {
				out = append(out, inc.say(id, name, other, otherName))
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, explain(s.path, err)
		}
		if n > maxEach {
			out = append(out, fmt.Sprintf("… and %d more like the one above", n-maxEach))
		}
	}
	return out, nil
}
