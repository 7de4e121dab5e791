package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
)

// IsBlank reports whether the database holds no book yet (at most its
// settings and stages): a rolo JSON export is restored into it exactly,
// ids and all.
func (s *Store) IsBlank(ctx context.Context) (bool, error) {
	var any int
	err := s.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM accounts) OR EXISTS (SELECT 1 FROM deals)
		OR EXISTS (SELECT 1 FROM acquisition_costs) OR EXISTS (SELECT 1 FROM undo_log)`).Scan(&any)
	return any == 0, explain(s.path, err)
}

// Restorer writes the rows of a rolo JSON export verbatim.
type Restorer struct {
	ctx     context.Context
	tx      *sql.Tx
	types   map[string]map[string]string // table → column → declared type
	stmts   map[string]*sql.Stmt
	cleared map[string]bool
	Counts  map[string]int
}

// Restore fills a blank database (IsBlank) from a rolo JSON export, in one
// transaction and one undo entry: fn hands over the rows with Row.
// Its stages and settings replace the blank file's defaults.
func (s *Store) Restore(ctx context.Context, label string, fn func(*Restorer) error) (map[string]int, error) {
	r := &Restorer{ctx: ctx, types: map[string]map[string]string{}, stmts: map[string]*sql.Stmt{}, cleared: map[string]bool{},
		Counts: map[string]int{}}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		r.tx = tx
		defer func() {
			for _, st := range r.stmts {
				st.Close()
			}
		}()
		// The export lists rows by table, not by reference (a contract
		// can renew a later one): references are checked at commit.
		if _, err := tx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
			return err
		}
		var blank int
		if err := tx.QueryRowContext(ctx, `SELECT NOT (EXISTS (SELECT 1 FROM accounts) OR EXISTS (SELECT 1 FROM deals)
			OR EXISTS (SELECT 1 FROM acquisition_costs) OR EXISTS (SELECT 1 FROM undo_log))`).Scan(&blank); err != nil {
			return err
		}
		if blank == 0 {
			return problem(ErrConflict, nil, "%s is no longer empty; restore into a new database", s.path)
		}
		if err := fn(r); err != nil {
			return err
		}
		var broken int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM pragma_foreign_key_check`).Scan(&broken); err != nil {
			return err
		}
		if broken > 0 {
			return fmt.Errorf("the export has %d rows pointing at rows it does not contain; nothing was imported", broken)
		}
		ranges := map[string][2]int64{}
		for _, t := range importTables {
			var hi int64
			if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM `+t).Scan(&hi); err != nil {
				return err
			}
			if hi > 0 {
				ranges[t] = [2]int64{1, hi}
			}
		}
		created, err := json.Marshal(ranges)
		if err != nil {
			return err
		}
		undoLabel := "import of " + label + ": " + r.summary()
		res, err := tx.ExecContext(ctx, `INSERT INTO imports(at, label, created) VALUES (?, ?, ?)`, timestamp(s.now()), undoLabel, string(created))
		if err != nil {
			return err
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if err := recordVersions(ctx, tx, id, ranges); err != nil {
			return err
		}
		return s.pushUndo(ctx, tx, undoLabel, undoAction{Import: id})
	})
	if err != nil {
		return nil, err
	}
	_, err = s.w.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return r.Counts, explain(s.path, err)
}

func (r *Restorer) summary() string {
	var parts []string
	for _, t := range []string{"accounts", "contacts", "deals", "activities", "contracts", "support_issues", "surveys", "acquisition_costs"} {
		if n := r.Counts[t]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, strings.ReplaceAll(t, "_", " ")))
		}
	}
	if len(parts) == 0 {
		return "settings and stages"
	}
	return strings.Join(parts, ", ")
}

// Row writes one exported row: cols are column names, vals are JSON
// values (json.Number, string, nil; blobs as base64 text).
func (r *Restorer) Row(table string, cols []string, vals []any) error {
	if !isBookTable(table) {
		return fmt.Errorf("the file has a %q section, which is not a rolo table", table)
	}
	types, err := r.columnTypes(table)
	if err != nil {
		return err
	}
	if !r.cleared[table] && (table == "stages" || table == "settings") {
		// The blank file's default stages and settings give way to the
		// exported ones.
		if _, err := r.tx.ExecContext(r.ctx, `DELETE FROM `+table); err != nil {
			return err
		}
		r.cleared[table] = true
	}
	args := make([]any, len(vals))
	for i, c := range cols {
		typ, ok := types[c]
		if !ok {
			return fmt.Errorf("%s has a column %q this rolo does not know (was the file made by a newer rolo?)", table, c)
		}
		if args[i], err = restoreValue(vals[i], typ); err != nil {
			return fmt.Errorf("%s.%s: %w", table, c, err)
		}
	}
	query := `INSERT INTO ` + table + `(` + strings.Join(cols, ", ") + `) VALUES (` + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + `)`
	st, ok := r.stmts[query]
	if !ok {
		if st, err = r.tx.PrepareContext(r.ctx, query); err != nil {
			return fmt.Errorf("restoring %s: %w", table, err)
		}
		r.stmts[query] = st
	}
	if _, err := st.ExecContext(r.ctx, args...); err != nil {
		return fmt.Errorf("restoring %s: %w", table, err)
	}
	r.Counts[table]++
	return nil
}

func restoreValue(v any, typ string) (any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case json.Number:
		n, err := x.Int64()
		if err != nil {
			return nil, fmt.Errorf("%s is not a whole number", x)
		}
		return n, nil
	case string:
		if typ == "BLOB" {
			b, err := base64.StdEncoding.DecodeString(x)
			if err != nil {
				return nil, fmt.Errorf("not base64: %w", err)
			}
			return b, nil
		}
		return x, nil
	case bool:
		if x {
			return int64(1), nil
		}
		return int64(0), nil
	}
	return nil, fmt.Errorf("unexpected value %v", v)
}

// columnTypes reads a table's columns and declared types.
func (r *Restorer) columnTypes(table string) (map[string]string, error) {
	if t, ok := r.types[table]; ok {
		return t, nil
	}
	rows, err := r.tx.QueryContext(r.ctx, `SELECT name, upper(type) FROM pragma_table_info(?)`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	t := map[string]string{}
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			return nil, err
		}
		t[name] = typ
	}
	r.types[table] = t
	return t, rows.Err()
}
