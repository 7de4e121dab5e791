package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"rolo/model"
)

// undoImport reverses an import as a whole: the rows it changed get their
// earlier values back (a deal's history gains the reverse events), and
// the rows it added are archived and forgotten as imported, so that
// importing the same file again brings them back.
func (s *Store) undoImport(ctx context.Context, tx *sql.Tx, importID int64) error {
	var created, at string
	if err := tx.QueryRowContext(ctx, `SELECT created, at FROM imports WHERE id = ?`, importID).Scan(&created, &at); err != nil {
		return fmt.Errorf("reading import %d: %w", importID, err)
	}
	ranges := map[string][2]int64{}
	if err := json.Unmarshal([]byte(created), &ranges); err != nil {
		return fmt.Errorf("reading import %d: %w", importID, err)
	}
	if err := changedSince(ctx, tx, importID, at, ranges); err != nil {
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
	if r, ok := ranges["activities"]; ok {
		// The archived activities no longer count as touches.
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET last_touch_at = (SELECT max(at) FROM activities
			WHERE account_id = accounts.id AND archived_at IS NULL AND at IS NOT NULL)
			WHERE id IN (SELECT DISTINCT account_id FROM activities WHERE id BETWEEN ? AND ?)`, r[0], r[1]); err != nil {
			return fmt.Errorf("recomputing last touch: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE deals SET last_touch_at = max(stage_entered, coalesce((SELECT max(at) FROM activities
			WHERE deal_id = deals.id AND archived_at IS NULL AND at IS NOT NULL), ''))
			WHERE id IN (SELECT DISTINCT deal_id FROM activities WHERE id BETWEEN ? AND ? AND deal_id IS NOT NULL)`, r[0], r[1]); err != nil {
			return fmt.Errorf("recomputing last touch: %w", err)
		}
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
// new business, keeping the account as it was for undo.
func (im *Import) promote(accountID int64, since model.Date) error {
	a, err := im.s.account(im.ctx, im.tx, accountID)
	if err != nil || a.Status != model.Prospect {
		return err
	}
	var imported []byte
	var archived bool
	if err := im.tx.QueryRowContext(im.ctx, `SELECT imported, archived_at IS NOT NULL FROM accounts WHERE id = ?`, accountID).
		Scan(&imported, &archived); err != nil {
		return err
	}
	if err := im.saveBefore("accounts", accountID, &row[model.Account]{ID: accountID, V: a, Archived: archived,
		Imported: decodeHashes(imported, len(accountFields))}); err != nil {
		return err
	}
	return im.exec(`UPDATE accounts SET status = 'customer', churn_reason = '', customer_since = ?, updated_at = ? WHERE id = ?`,
		since.String(), timestamp(im.now), accountID)
}

// changedSince refuses to undo an import whose rows were changed after it
// (undo never overwrites a later change): the rows it added or changed
// that have been saved since, in the tables that record when.
func changedSince(ctx context.Context, tx *sql.Tx, importID int64, at string, ranges map[string][2]int64) error {
	var found []string
	for _, t := range []string{"accounts", "contacts", "deals", "contracts"} {
		// t is one of our table names.
		rows, err := tx.QueryContext(ctx, `SELECT id FROM `+t+` WHERE updated_at > ? AND (id BETWEEN ? AND ?
			OR id IN (SELECT row_id FROM import_undo WHERE import_id = ? AND entity = ?)) ORDER BY id LIMIT 5`,
			at, ranges[t][0], ranges[t][1], importID, t)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			found = append(found, fmt.Sprintf("%s %d", strings.TrimSuffix(t, "s"), id))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	if len(found) > 0 {
		return problem(ErrConflict, nil, "rows of this import were changed after it (%s); undoing it would overwrite those changes, so nothing was undone",
			strings.Join(found, ", "))
	}
	return nil
}
