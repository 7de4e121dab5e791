package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"rolo/model"
)

// undoImport reverses an import as a whole: the rows it changed get their
// earlier values back (a deal's history gains the reverse events), and
// the rows it added are archived and forgotten as imported, so that
// importing the same file again brings them back. Undo never overwrites
// a later change: when a row of the import is no longer at the version
// it left, or a row added since points at one it added, it refuses with
// a *StaleError (the caller rolls back what was done).
func (s *Store) undoImport(ctx context.Context, tx *sql.Tx, importID int64) error {
	var created string
	if err := tx.QueryRowContext(ctx, `SELECT created FROM imports WHERE id = ?`, importID).Scan(&created); err != nil {
		return fmt.Errorf("reading import %d: %w", importID, err)
	}
	ranges := map[string][2]int64{}
	if err := json.Unmarshal([]byte(created), &ranges); err != nil {
		return fmt.Errorf("reading import %d: %w", importID, err)
	}
	if err := s.importChangedSince(ctx, tx, importID, ranges); err != nil {
		return err
	}
	im := &Import{s: s, ctx: ctx, tx: tx, now: s.now(), stmts: map[string]*sql.Stmt{}, activities: &activityBatch{}}
	defer im.closeStmts()
	rows, err := tx.QueryContext(ctx, `SELECT entity, row_id, before FROM import_undo WHERE import_id = ? ORDER BY rowid DESC`, importID)
	if err != nil {
		return err
	}
	type change struct {
		table  string
		id     int64
		before string
	}
	var changes []change
	for rows.Next() {
		var c change
		if err := rows.Scan(&c.table, &c.id, &c.before); err != nil {
			rows.Close()
			return err
		}
		changes = append(changes, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range changes {
		if err := putBack(im, c.table, c.id, c.before); err != nil {
			return fmt.Errorf("putting back %s %d: %w", c.table, c.id, err)
		}
	}
	now := timestamp(s.now())
	for _, t := range importTables {
		r, ok := ranges[t]
		if !ok {
			continue
		}
		// t is one of our table names.
		if _, err := tx.ExecContext(ctx, `UPDATE `+t+` SET archived_at = coalesce(archived_at, ?), imported = NULL WHERE id BETWEEN ? AND ?`,
			now, r[0], r[1]); err != nil {
			return fmt.Errorf("archiving imported %s: %w", t, err)
		}
	}
	if err := s.nothingLiveOnImported(ctx, tx, ranges); err != nil {
		return err
	}
	return nil
}

// putBack writes a row's before-image over it.
func putBack(im *Import, tableName string, id int64, before string) error {
	switch tableName {
	case "accounts":
		return putBackRow(im, accountsTable, id, before)
	case "contacts":
		return putBackRow(im, contactsTable, id, before)
	case "deals":
		return putBackRow(im, dealsTable, id, before)
	case "activities":
		return putBackRow(im, activitiesTable, id, before)
	case "contracts":
		return putBackRow(im, contractsTable, id, before)
	case "support_issues":
		return putBackRow(im, issuesTable, id, before)
	case "surveys":
		return putBackRow(im, surveysTable, id, before)
	case "acquisition_costs":
		return putBackRow(im, spendTable, id, before)
	}
	return fmt.Errorf("unknown table %q", tableName)
}

func putBackRow[T any](im *Import, t *table[T], id int64, before string) error {
	var old row[T]
	if err := json.Unmarshal([]byte(before), &old); err != nil {
		return err
	}
	v, err := t.load(im.ctx, im.tx, id)
	if err != nil {
		return err
	}
	var archived bool
	if err := im.tx.QueryRowContext(im.ctx, `SELECT archived_at IS NOT NULL FROM `+t.name+` WHERE id = ?`, id).Scan(&archived); err != nil {
		return err
	}
	cur := row[T]{ID: id, V: v, Archived: archived}
	old.ID = id
	return t.update(im, &cur, &old)
}

// promote makes a prospect account a customer when an imported deal won
// new business, as winning it in rolo does.
func (im *Import) promote(accountID int64, since model.Date) error {
	a, err := im.s.account(im.ctx, im.tx, accountID)
	if err != nil || a.Status != model.Prospect {
		return err
	}
	if err := keepBefore(im, accountsTable, accountID, a); err != nil {
		return err
	}
	a.Status, a.ChurnReason, a.CustomerSince = model.Customer, "", since
	return im.exec(`UPDATE accounts SET status = 'customer', churn_reason = '', customer_since = ?, checkin_due = ?, updated_at = ?
		WHERE id = ?`, since.String(), dateArg(a.CheckInDue(im.s.clock.Loc)), timestamp(im.now), accountID)
}

// keepBefore saves, for undo, a row that the import is about to change
// beyond what its file says (a last touch, a customer since). A row the
// import added needs none: undo archives it.
func keepBefore[T any](im *Import, t *table[T], id int64, v T) error {
	if im.dry || id > im.before[t.name] {
		return nil
	}
	var imported []byte
	var archived bool
	// t.name is one of our table names.
	r, err := im.queryRow(`SELECT imported, archived_at IS NOT NULL FROM `+t.name+` WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if err := r.Scan(&imported, &archived); err != nil {
		return err
	}
	return im.saveBefore(t.name, id, &row[T]{ID: id, V: v, Archived: archived, Imported: decodeHashes(imported, len(t.fields))})
}

// recordVersions notes, as an import (or restore) ends, the version it
// left on each row it changed, and on each row it added that is not at
// version 1 (the import updated it again: a last touch, a customer since,
// a row the file names twice). Rows it added at version 1 need no note:
// versions only grow.
func recordVersions(ctx context.Context, tx *sql.Tx, importID int64, created map[string][2]int64) error {
	for _, t := range importTables {
		// t is one of our table names.
		if _, err := tx.ExecContext(ctx, `INSERT INTO import_versions(import_id, tbl, row_id, version)
			SELECT DISTINCT ?1, ?2, u.row_id, x.version FROM import_undo u JOIN `+t+` x ON x.id = u.row_id
			WHERE u.import_id = ?1 AND u.entity = ?2 ON CONFLICT DO NOTHING`, importID, t); err != nil {
			return fmt.Errorf("recording the import's %s: %w", t, err)
		}
		r, ok := created[t]
		if !ok {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO import_versions(import_id, tbl, row_id, version)
			SELECT ?1, ?2, id, version FROM `+t+` WHERE id BETWEEN ?3 AND ?4 AND version <> 1 ON CONFLICT DO NOTHING`,
			importID, t, r[0], r[1]); err != nil {
			return fmt.Errorf("recording the import's %s: %w", t, err)
		}
	}
	return nil
}

// trimImports forgets the records of imports whose undo entries were
// trimmed: nothing can undo them any more.
func trimImports(ctx context.Context, tx *sql.Tx) error {
	const kept = `(SELECT json_extract(a.value, '$.import') FROM undo_log u, json_each(u.payload) a
		WHERE json_extract(a.value, '$.import') IS NOT NULL)`
	for _, q := range []string{
		`DELETE FROM import_versions WHERE import_id NOT IN ` + kept,
		`DELETE FROM import_undo WHERE import_id NOT IN ` + kept,
		`DELETE FROM imports WHERE id NOT IN ` + kept,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// importChangedRows lists the rows an import changed (not those it
// added), each with its version before the import, for undo to move
// older entries on once it has put them back.
func importChangedRows(ctx context.Context, tx *sql.Tx, importID int64) ([]undoRow, error) {
	rows, err := tx.QueryContext(ctx, `SELECT entity, row_id, min(before_version) FROM import_undo WHERE import_id = ?
		GROUP BY entity, row_id`, importID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []undoRow
	for rows.Next() {
		var r undoRow
		if err := rows.Scan(&r.table, &r.id, &r.before); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// moveImportsOn is moveOlderEntriesOn for imports: an import that expects
// the row restored by an undo at version before (as it left the row),
// expects it at version now from then on. A row an import added is
// expected at version 1 unless import_versions says otherwise.
func moveImportsOn(ctx context.Context, tx *sql.Tx, table string, id, before, now int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE import_versions SET version = ? WHERE tbl = ? AND row_id = ? AND version = ?`,
		now, table, id, before); err != nil {
		return err
	}
	if before != 1 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO import_versions(import_id, tbl, row_id, version)
		SELECT id, ?1, ?2, ?3 FROM imports
		WHERE ?2 BETWEEN json_extract(created, '$.' || ?1 || '[0]') AND json_extract(created, '$.' || ?1 || '[1]')
		ON CONFLICT DO NOTHING`, table, id, now)
	return err
}

// maxNamed is how many changed rows a refusal names.
const maxNamed = 5

// importChangedSince refuses to undo an import whose rows were changed
// after it (undo never overwrites a later change): a row it added or
// changed that is no longer at the version it left.
func (s *Store) importChangedSince(ctx context.Context, tx *sql.Tx, importID int64, ranges map[string][2]int64) error {
	var changed []importRow
	for _, t := range importTables {
		want, err := importVersions(ctx, tx, importID, t)
		if err != nil {
			return err
		}
		r, added := ranges[t]
		if added {
			// Added rows at version 1 are as the import left them unless it
			// noted otherwise; the others are read from the table itself.
			// t is one of our table names.
			rows, err := tx.QueryContext(ctx, `SELECT id, version FROM `+t+` WHERE id BETWEEN ? AND ? AND version <> 1`, r[0], r[1])
			if err != nil {
				return err
			}
			for rows.Next() && len(changed) <= maxNamed {
				var id, v int64
				if err := rows.Scan(&id, &v); err != nil {
					rows.Close()
					return err
				}
				if want[id] != v {
					changed = append(changed, importRow{t, id})
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		for id, v := range want {
			if len(changed) > maxNamed {
				break
			}
			if added && id >= r[0] && id <= r[1] {
				continue // read above
			}
			var cur int64
			if err := tx.QueryRowContext(ctx, `SELECT version FROM `+t+` WHERE id = ?`, id).Scan(&cur); err != nil {
				return fmt.Errorf("reading %s %d: %w", t, id, err)
			}
			if cur != v {
				changed = append(changed, importRow{t, id})
			}
		}
	}
	if len(changed) == 0 {
		return nil
	}
	slices.SortFunc(changed, func(a, b importRow) int { return cmp.Or(cmp.Compare(a.table, b.table), cmp.Compare(a.id, b.id)) })
	var names []string
	var current any
	for i, r := range changed {
		if i == maxNamed {
			names = append(names, "other rows")
			break
		}
		name, value, err := s.nameRow(ctx, tx, r.table, r.id)
		if err != nil {
			return err
		}
		if current == nil {
			current = value
		}
		names = append(names, name)
	}
	what := "was changed since the import, and undoing it would overwrite that change"
	if len(changed) > 1 {
		what = "were changed since the import, and undoing it would overwrite those changes"
	}
	list := names[0]
	if n := len(names); n > 1 {
		list = strings.Join(names[:n-1], ", ") + " and " + names[n-1]
	}
	return &StaleError{Msg: list + " " + what, Current: current}
}

// importRow is a row of an imported table.
type importRow struct {
	table string
	id    int64
}

// importVersions reads the versions an import noted for a table's rows.
func importVersions(ctx context.Context, tx *sql.Tx, importID int64, table string) (map[int64]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT row_id, version FROM import_versions WHERE import_id = ? AND tbl = ?`, importID, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, v int64
		if err := rows.Scan(&id, &v); err != nil {
			return nil, err
		}
		out[id] = v
	}
	return out, rows.Err()
}

// nameRow names a row in a refusal ("account 7 (Acme)", "survey answer
// 3") and reads it, when undo knows its kind, for StaleError.Current.
func (s *Store) nameRow(ctx context.Context, tx *sql.Tx, table string, id int64) (string, any, error) {
	switch table {
	case "support_issues":
		return fmt.Sprintf("support issue %d", id), nil, nil
	case "surveys":
		return fmt.Sprintf("survey answer %d", id), nil, nil
	}
	cur, err := s.readRow(ctx, tx, table, id)
	if err != nil {
		return "", nil, err
	}
	return lowerFirst(subject(table, cur.value)), cur.value, nil
}

// importChildren are the references a row added since an import can make
// to a row the import added: undoing the import would archive the row and
// leave the new one pointing at it (as liveOn in undo.go).
var importChildren = []struct{ parent, child, column, what string }{
	{"accounts", "deals", "account_id", "deal"},
	{"accounts", "contacts", "account_id", "contact"},
	{"accounts", "contracts", "account_id", "contract"},
	{"accounts", "activities", "account_id", "activity"},
	{"contacts", "deals", "contact_id", "deal"},
	{"deals", "activities", "deal_id", "activity"},
	{"deals", "contracts", "deal_id", "contract"},
	{"contracts", "contracts", "renews_id", "contract"},
}

// nothingLiveOnImported refuses, once the import's rows are archived, when
// a live row still points at one of them: it was added (or pointed there)
// since the import.
func (s *Store) nothingLiveOnImported(ctx context.Context, tx *sql.Tx, ranges map[string][2]int64) error {
	for _, c := range importChildren {
		r, ok := ranges[c.parent]
		if !ok {
			continue
		}
		var child, parent int64
		// The names are our constants, never input.
		err := tx.QueryRowContext(ctx, `SELECT id, `+c.column+` FROM `+c.child+` WHERE `+c.column+` BETWEEN ? AND ?
			AND archived_at IS NULL LIMIT 1`, r[0], r[1]).Scan(&child, &parent)
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return err
		}
		name, value, err := s.nameRow(ctx, tx, c.parent, parent)
		if err != nil {
			return err
		}
		return &StaleError{Msg: fmt.Sprintf("%s has gained %s %d since the import", name, c.what, child), Current: value}
	}
	return nil
}
