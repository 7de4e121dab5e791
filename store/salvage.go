package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"modernc.org/sqlite"

	"rolo/model"
)

// SalvageReport says what Salvage copied and what it could not.
type SalvageReport struct {
	Path   string // the new file
	Tables []TableSalvage
	// Repairs describes what was done so the copy holds together: rows
	// that lost the row they pointed at.
	Repairs []string
}

// TableSalvage is one table's part of a salvage.
type TableSalvage struct {
	Table    string
	Copied   int
	Rejected int // read, but not valid rows (damage that still parsed)
	Damaged  int // stretches of the table that could not be read
	Missing  bool
}

// Lost reports whether anything of the table was left behind.
func (t TableSalvage) Lost() bool { return t.Rejected > 0 || t.Damaged > 0 || t.Missing }

// Salvage copies what can still be read from the damaged database at
// path into a new database at dst, in the manner of SQLite's .recover:
// each table is read row by row in rowid order, and where a stretch cannot
// be read the scan skips ahead to the next row that can. The damaged file
// is only read (never written, not even recovered), and dst is built
// beside its final name and appears only when complete. Rows that point at
// rows lost to the damage are kept where possible: an account or stage
// that vanished is recreated as "Recovered account 17", an optional link
// is cleared, and only history that cannot stand alone is left out. The
// undo history is not carried over, and the pipeline totals are computed
// afresh.
func Salvage(ctx context.Context, path, dst string, clock model.Clock) (SalvageReport, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return SalvageReport{}, err
	}
	if dst, err = filepath.Abs(dst); err != nil {
		return SalvageReport{}, err
	}
	rep := SalvageReport{Path: dst}
	if found, err := statDatabase(abs); err != nil {
		return rep, err
	} else if !found {
		return rep, problem(ErrMissing, nil, "there is no database at %s to salvage", abs)
	}
	if exists(dst) {
		return rep, problem(ErrConflict, nil, "%s already exists; salvage into a new file", dst)
	}
	version, err := inspect(ctx, abs)
	if err != nil && !errors.Is(err, ErrCorrupt) {
		return rep, err
	}
	if version < 1 || version > len(migrations) {
		version = len(migrations) // a damaged header: copy into today's schema
	}
	how := frozen
	if exists(abs + "-wal") {
		how = readOnlyFile
	}
	src, err := connect(ctx, abs, how, 1)
	if errors.Is(err, ErrCorrupt) {
		// Not even the list of tables reads: copy nothing rather than guess.
		return rep, problem(ErrCorrupt, err, "the damage to %s reaches its list of tables, so rolo cannot tell which rows belong where and cannot salvage it; restore a backup (`rolo doctor` lists the ones beside it)", abs)
	} else if err != nil {
		return rep, fmt.Errorf("salvaging %s: %w", abs, err)
	}
	defer src.Close()

	if fi, err := os.Stat(filepath.Dir(dst)); err != nil || !fi.IsDir() {
		return rep, problem(ErrMissing, err, "cannot salvage into %s: there is no such folder", dst)
	}
	tmp, err := buildDatabase(ctx, filepath.Dir(dst), filepath.Base(dst), func(s *Store) error {
		return s.fillFromDamaged(ctx, src, version, &rep)
	}, clock)
	if err != nil {
		return rep, err
	}
	defer removeDatabase(tmp)
	if err := publish(tmp, dst); errors.Is(err, errExists) {
		return rep, problem(ErrConflict, nil, "%s appeared while salvaging; nothing was written over it", dst)
	} else if err != nil {
		return rep, err
	}
	return rep, nil
}

// derivedTables are rebuilt, not copied: the totals from the deals, the
// search index from the names, and the undo history (whose steps may
// refer to rows lost to the damage).
var derivedTables = map[string]bool{"pipeline_totals": true, "search_index": true, "undo_log": true, "undo_rows": true}

// fillFromDamaged gives the new file the schema at version, then copies
// every table from src with triggers and reference checks off, repairs
// references, rebuilds the totals and puts the triggers back.
func (s *Store) fillFromDamaged(ctx context.Context, src *sql.DB, version int, rep *SalvageReport) error {
	if _, err := s.w.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return explain(s.path, err)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := applyMigrations(ctx, tx, 0, version); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
			return err
		}
		triggers, err := dropTriggers(ctx, tx)
		if err != nil {
			return err
		}
		tables, err := tableNames(ctx, tx)
		if err != nil {
			return err
		}
		for _, table := range tables {
			if derivedTables[table] {
				continue
			}
			ts, err := copyTable(ctx, src, tx, table)
			if err != nil {
				return err
			}
			rep.Tables = append(rep.Tables, ts)
		}
		if slices.Contains(tables, "search_index") {
			if _, err := tx.ExecContext(ctx, rebuildSearchIndex); err != nil {
				return fmt.Errorf("rebuilding the search index: %w", err)
			}
		}
		if rep.Repairs, err = s.repairReferences(ctx, tx); err != nil {
			return err
		}
		if err := ensureStages(ctx, tx); err != nil {
			return err
		}
		if version == len(migrations) {
			if _, err := tx.ExecContext(ctx, `INSERT INTO pipeline_totals `+recomputedTotals); err != nil {
				return fmt.Errorf("recomputing the pipeline totals: %w", err)
			}
		}
		for _, t := range triggers {
			if _, err := tx.ExecContext(ctx, t); err != nil {
				return fmt.Errorf("restoring a trigger: %w", err)
			}
		}
		return nil
	})
	if _, fkErr := s.w.ExecContext(ctx, `PRAGMA foreign_keys = ON`); err == nil && fkErr != nil {
		err = explain(s.path, fkErr)
	}
	if err != nil {
		return err
	}
	var result string
	if err := s.w.QueryRowContext(ctx, `PRAGMA integrity_check(1)`).Scan(&result); err != nil || result != "ok" {
		return fmt.Errorf("the salvaged copy failed its own check (%s, %v); nothing was written", result, err)
	}
	return nil
}

// copyTable copies one table's readable rows, skipping past damage.
func copyTable(ctx context.Context, src *sql.DB, tx *sql.Tx, table string) (TableSalvage, error) {
	ts := TableSalvage{Table: table}
	cols, err := sharedColumns(ctx, src, tx, table)
	if err != nil {
		return ts, err
	}
	if cols == nil {
		ts.Missing = true
		return ts, nil
	}
	list := `"` + strings.Join(cols, `", "`) + `"`
	insert, err := tx.PrepareContext(ctx, `INSERT INTO "`+table+`" (`+list+`) VALUES (?`+strings.Repeat(", ?", len(cols)-1)+`)`)
	if err != nil {
		return ts, fmt.Errorf("salvaging %s: %w", table, err)
	}
	defer insert.Close()
	read := `SELECT rowid, ` + list + ` FROM "` + table + `" WHERE rowid > ? ORDER BY rowid`
	after := int64(math.MinInt64)
	inDamage := false
	for restarts := 0; restarts < 10_000; restarts++ {
		start := after
		err := copyRows(ctx, src, insert, read, len(cols), &after, &ts)
		if err == nil {
			return ts, nil
		}
		if !unreadable(err) {
			return ts, fmt.Errorf("salvaging %s: %w", table, err)
		}
		// Restart past the damage: just after the last row read if that
		// moved on since the last restart (a new damaged stretch), else
		// past the restart that failed at once (the stretch goes on).
		floor := addCapped(after, 1)
		if inDamage && after == start {
			floor = addCapped(start, 2)
		} else {
			ts.Damaged++
		}
		inDamage = true
		next, ok, err := nextReadable(ctx, src, table, floor)
		if err != nil || !ok {
			return ts, err
		}
		after = next - 1
	}
	return ts, nil
}

// copyRows copies rows with rowid > *after in order until the table ends
// (nil) or a read fails (its error), keeping *after at the last row read.
func copyRows(ctx context.Context, src *sql.DB, insert *sql.Stmt, read string, n int, after *int64, ts *TableSalvage) error {
	rows, err := src.QueryContext(ctx, read, *after)
	if err != nil {
		return err
	}
	defer rows.Close()
	vals := make([]any, n+1)
	ptrs := make([]any, n+1)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		rowid, ok := vals[0].(int64)
		if !ok {
			return errGarbled
		}
		*after = rowid
		// A row the damage garbled may still parse; the new file's types
		// and checks refuse it, and it is counted rather than copied.
		if _, err := insert.ExecContext(ctx, vals[1:]...); err != nil {
			ts.Rejected++
			continue
		}
		ts.Copied++
	}
	return rows.Err()
}

// nextReadable finds the first row at or after floor that a seek can
// reach: it seeks ever further ahead (0, 1, 2, 4… rowids) until a seek
// lands, then narrows back so as few readable rows as possible are
// skipped. ok is false when no readable row follows.
func nextReadable(ctx context.Context, src *sql.DB, table string, floor int64) (int64, bool, error) {
	probe := func(from int64) (int64, bool, error) {
		var id int64
		err := src.QueryRowContext(ctx, `SELECT rowid FROM "`+table+`" WHERE rowid >= ? ORDER BY rowid LIMIT 1`, from).Scan(&id)
		switch {
		case err == nil && id >= from:
			return id, true, nil
		case err == nil || unreadable(err):
			return 0, false, errSeekFailed // damage that parsed, or did not
		case errors.Is(err, sql.ErrNoRows):
			return 0, false, nil
		}
		return 0, false, err
	}
	failed := floor - 1 // the last start known not to work
	for step := uint64(0); ; step = max(1, step*2) {
		from := addCapped(floor, step)
		id, ok, err := probe(from)
		if errors.Is(err, errSeekFailed) {
			if from == math.MaxInt64 {
				return 0, false, nil
			}
			failed = from
			continue
		}
		if err != nil || !ok {
			return 0, false, err
		}
		// Seeking from 'from' works; find the earliest start after the
		// last failure that also works.
		lo, hi, best := failed+1, from, id
		for lo < hi {
			mid := lo + (hi-lo)/2
			got, ok, err := probe(mid)
			switch {
			case err == nil && ok:
				best, hi = got, mid
			case err == nil || errors.Is(err, errSeekFailed):
				lo = mid + 1
			default:
				return 0, false, err
			}
		}
		return best, true, nil
	}
}

var (
	errSeekFailed = errors.New("seek failed")
	errGarbled    = errors.New("a row without a rowid") // damage that still parsed
)

// addCapped is after+step, stopping at the largest rowid.
func addCapped(after int64, step uint64) int64 {
	if step > uint64(math.MaxInt64) || after > math.MaxInt64-int64(step) {
		return math.MaxInt64
	}
	return after + int64(step)
}

// unreadable reports an error reading damaged pages.
func unreadable(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case codeCorrupt, codeNotADB, codeIOErr:
			return true
		}
	}
	return errors.Is(err, errGarbled)
}

// sharedColumns lists the columns table has in both files (nil if the
// damaged file has no such table it can read).
func sharedColumns(ctx context.Context, src *sql.DB, tx *sql.Tx, table string) ([]string, error) {
	have := map[string]bool{}
	rows, err := src.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, table)
	if err != nil {
		if unreadable(err) {
			return nil, nil
		}
		return nil, err
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return nil, err
		}
		have[name] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil && !unreadable(err) {
		return nil, err
	}
	if len(have) == 0 {
		return nil, nil
	}
	rows, err = tx.QueryContext(ctx, `SELECT name FROM pragma_table_info(?) ORDER BY cid`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		if have[name] {
			cols = append(cols, name)
		}
	}
	return cols, rows.Err()
}

// tableNames lists the new file's tables that hold rows (virtual
// tables, but not their shadow tables, which belong to them), in the
// order they were created.
func tableNames(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT s.name FROM sqlite_schema s JOIN pragma_table_list l ON l.name = s.name AND l.schema = 'main'
		WHERE s.type = 'table' AND l.type IN ('table', 'virtual') AND s.name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY s.rowid`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// dropTriggers drops every trigger and returns the SQL that recreates
// them: copied rows are history as it was, not new writes.
func dropTriggers(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'`)
	if err != nil {
		return nil, err
	}
	var names, defs []string
	for rows.Next() {
		var n, d string
		if err := rows.Scan(&n, &d); err != nil {
			rows.Close()
			return nil, err
		}
		names, defs = append(names, n), append(defs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, n := range names {
		if _, err := tx.ExecContext(ctx, `DROP TRIGGER "`+n+`"`); err != nil {
			return nil, err
		}
	}
	return defs, nil
}

// repairReferences mends rows whose referenced row was lost: a lost
// account or stage is recreated under a plain name, an optional link is
// cleared, and anything else (history of a deal that is gone) is left out.
func (s *Store) repairReferences(ctx context.Context, tx *sql.Tx) ([]string, error) {
	counts := map[string]int{}
	var order []string
	note := func(what string) {
		if counts[what] == 0 {
			order = append(order, what)
		}
		counts[what]++
	}
	for round := 0; ; round++ {
		broken, err := brokenReferences(ctx, tx)
		if err != nil || len(broken) == 0 {
			out := make([]string, len(order))
			for i, what := range order {
				out[i] = fmt.Sprintf("%d %s", counts[what], what)
			}
			return out, err
		}
		if round > 10 {
			return nil, fmt.Errorf("references still broken after repair: %s row %d", broken[0].table, broken[0].rowid)
		}
		for _, b := range broken {
			switch {
			case b.parent == "accounts" && b.notNull:
				if err := s.placeholder(ctx, tx, b, `INSERT OR IGNORE INTO accounts(id, name, created_at, updated_at) VALUES (?1, 'Recovered account ' || ?1, ?2, ?2)`); err != nil {
					return nil, err
				}
				note("accounts recreated as \"Recovered account N\" (their rows were lost; their deals, contacts and activities were not)")
			case b.parent == "stages" && b.notNull:
				if err := s.placeholder(ctx, tx, b, `INSERT OR IGNORE INTO stages(id, name, position, probability, rot_days) VALUES (?1, 'Recovered stage ' || ?1, 1000 + ?1, 0, 0)`); err != nil {
					return nil, err
				}
				note("stages recreated as \"Recovered stage N\" (rename them with rolo stages)")
			case !b.notNull:
				if _, err := tx.ExecContext(ctx, `UPDATE "`+b.table+`" SET "`+b.column+`" = NULL WHERE rowid = ?`, b.rowid); err != nil {
					return nil, err
				}
				note(fmt.Sprintf("%s rows no longer linked to a lost %s", b.table, strings.TrimSuffix(b.parent, "s")))
			default:
				if _, err := tx.ExecContext(ctx, `DELETE FROM "`+b.table+`" WHERE rowid = ?`, b.rowid); err != nil {
					return nil, err
				}
				note(fmt.Sprintf("%s rows left out because their %s was lost", b.table, strings.TrimSuffix(b.parent, "s")))
			}
		}
	}
}

// brokenReference is one row of foreign_key_check, with the column.
type brokenReference struct {
	table, parent, column string
	rowid                 int64
	notNull               bool
}

func brokenReferences(ctx context.Context, tx *sql.Tx) ([]brokenReference, error) {
	rows, err := tx.QueryContext(ctx, `SELECT c."table", c.rowid, c.parent, f."from", coalesce(i."notnull", 0)
		FROM pragma_foreign_key_check c
		JOIN pragma_foreign_key_list(c."table") f ON f.id = c.fkid
		LEFT JOIN pragma_table_info(c."table") i ON i.name = f."from"`)
	if err != nil {
		return nil, fmt.Errorf("checking references: %w", err)
	}
	defer rows.Close()
	var out []brokenReference
	for rows.Next() {
		var b brokenReference
		if err := rows.Scan(&b.table, &b.rowid, &b.parent, &b.column, &b.notNull); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// placeholder inserts a stand-in for the row b points at.
func (s *Store) placeholder(ctx context.Context, tx *sql.Tx, b brokenReference, insert string) error {
	var id int64
	if err := tx.QueryRowContext(ctx, `SELECT "`+b.column+`" FROM "`+b.table+`" WHERE rowid = ?`, b.rowid).Scan(&id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, insert, id, timestamp(s.now())); err != nil {
		return fmt.Errorf("recreating %s %d: %w", strings.TrimSuffix(b.parent, "s"), id, err)
	}
	return nil
}

// ensureStages gives a file whose stages were all lost the default ones,
// so the board has somewhere to put deals.
func ensureStages(ctx context.Context, tx *sql.Tx) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM stages WHERE archived_at IS NULL`).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	return seedStages(ctx, tx)
}
