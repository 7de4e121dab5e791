package store

import (
	"fmt"
	"strings"
	"time"

	"rolo/model"
)

// Activities are the big table (a million rows is a normal history), so a
// first import of a source's activities skips the per-row lookup and
// inserts many rows per statement. The unique index on the source id
// still guards: a batch that hits an existing row is replayed row by row
// through the ordinary merge.

const (
	// Many rows per statement: each statement costs a statement journal
	// entry and a round through database/sql.
	activityBatchRows     = 512
	importActivityColumns = "id, account_id, deal_id, contact_id, kind, text, at, due, created_at, source_system, external_id, imported"
)

type pendingActivity struct {
	rec model.Record
	row row[model.Activity]
}

type activityBatch struct {
	im      *Import
	pending []pendingActivity
	nextID  int64
	fresh   map[string]bool // per source system: no activity of it exists yet
	args    []any
	loaded  int // rows inserted by batches
	// dropped holds the activities indexes taken down for a large first
	// load (CREATE statements), and firstID the first row it added.
	dropped []string
	firstID int64
	refs    activityRefs
}

// activityRefs are the rows batched activities point at: an import runs
// with foreign keys off (a check per row costs a page read each when the
// page cache is full of new rows), so they are checked once at the end.
type activityRefs struct {
	accounts, deals, contacts map[int64]bool
}

func (r *activityRefs) note(a *model.Activity) {
	if r.accounts == nil {
		r.accounts, r.deals, r.contacts = map[int64]bool{}, map[int64]bool{}, map[int64]bool{}
	}
	r.accounts[a.AccountID] = true
	if a.DealID != 0 {
		r.deals[a.DealID] = true
	}
	if a.ContactID != 0 {
		r.contacts[a.ContactID] = true
	}
}

// check confirms every row the batched activities point at exists.
func (r *activityRefs) check(im *Import) error {
	for table, ids := range map[string]map[int64]bool{"accounts": r.accounts, "deals": r.deals, "contacts": r.contacts} {
		for id := range ids {
			found, err := im.lookup(`SELECT id FROM `+table+` WHERE id = ?`, id)
			if err != nil {
				return err
			}
			if found == 0 {
				return fmt.Errorf("an imported activity points at %s %d, which does not exist; nothing was imported", table, id)
			}
		}
	}
	return nil
}

// bulkAfter is how many batched rows an import writes with the indexes in
// place before taking them down: past it, inserting into indexes larger
// than the page cache costs a disk read per row, and one sort at the end
// is far cheaper.
const bulkAfter = 50_000

// rebuildCacheKiB is the page cache while indexes are rebuilt.
const rebuildCacheKiB = 1024

// isFresh reports whether no activity from system is in the database yet.
func (b *activityBatch) isFresh(system string) (bool, error) {
	if b.fresh == nil {
		b.fresh = map[string]bool{}
	}
	if f, ok := b.fresh[system]; ok {
		return f, nil
	}
	var exists bool
	err := b.im.tx.QueryRowContext(b.im.ctx, `SELECT EXISTS (SELECT 1 FROM activities WHERE source_system = ? AND external_id <> '')`, system).Scan(&exists)
	if err != nil {
		return false, err
	}
	b.fresh[system] = !exists
	return !exists, nil
}

func (b *activityBatch) add(rec *model.Record, a model.Activity) error {
	r := row[model.Activity]{V: a}
	r.Imported = make([]uint64, len(activityFields))
	for i, fd := range activityFields {
		if fd.name == model.ImportArchived || rec.Fields == nil || rec.Has(fd.name) {
			r.Imported[i] = hashValue(fd.value(&r))
		}
	}
	b.pending = append(b.pending, pendingActivity{rec: *rec, row: r})
	if len(b.pending) == activityBatchRows {
		return b.flush()
	}
	return nil
}

// flush inserts the pending activities in one statement.
func (b *activityBatch) flush() error {
	if len(b.pending) == 0 {
		return nil
	}
	im := b.im
	pending := b.pending
	b.pending = b.pending[:0]
	if b.nextID == 0 {
		if err := im.tx.QueryRowContext(im.ctx, `SELECT coalesce(max(id), 0) + 1 FROM activities`).Scan(&b.nextID); err != nil {
			return err
		}
	}
	b.args = b.args[:0]
	for i := range pending {
		a := &pending[i].row.V
		b.refs.note(a)
		b.args = append(b.args, b.nextID+int64(i), a.AccountID, idArg(a.DealID), idArg(a.ContactID), a.Kind, a.Text,
			timeArg(a.At), dateArg(a.Due), timestamp(a.CreatedAt), a.Ref.System, a.Ref.ExternalID, encodeHashes(pending[i].row.Imported))
	}
	query := `INSERT INTO activities(` + importActivityColumns + `) VALUES ` +
		strings.TrimSuffix(strings.Repeat("("+strings.TrimSuffix(strings.Repeat("?, ", 12), ", ")+"), ", len(pending)), ", ")
	st, err := im.stmt(query)
	if err != nil {
		return err
	}
	if _, err := st.ExecContext(im.ctx, b.args...); err != nil {
		if !isConstraint(err, "UNIQUE") {
			return err
		}
		// A row of the batch exists already (the file names it twice):
		// the statement wrote nothing; take the rows one at a time.
		b.nextID = 0
		for i := range pending {
			if err := im.upsertActivity(&pending[i].rec, pending[i].row.V); err != nil {
				return err
			}
		}
		return nil
	}
	b.nextID += int64(len(pending))
	b.loaded += len(pending)
	if b.loaded >= bulkAfter && b.dropped == nil {
		if err := b.dropIndexes(); err != nil {
			return err
		}
	}
	for i := range pending {
		im.touched(&pending[i].row.V)
		im.count(&pending[i].rec, Created, describeActivity(&pending[i].row.V))
	}
	return nil
}

// addActivity resolves what an activity is about, then batches it (first
// import of its source) or merges it row by row.
func (im *Import) addActivity(rec *model.Record) (int64, error) {
	a := *rec.Activity
	a.Ref = rec.Ref
	a.Text = strings.TrimRight(a.Text, " \t\r\n")
	if !rec.AccountLink.IsZero() || rec.DealLink.IsZero() {
		id, reason, err := im.accountFor(rec, rec.AccountLink)
		if err != nil || reason != "" {
			return im.rejected(rec, reason, err)
		}
		a.AccountID = id
	}
	if !rec.DealLink.IsZero() {
		id, acct, reason, err := im.dealFor(rec.DealLink, model.Link{ID: a.AccountID})
		if err != nil || reason != "" {
			return im.rejected(rec, reason, err)
		}
		a.DealID = id
		if a.AccountID == 0 {
			a.AccountID = acct
		}
	}
	if !rec.ContactLink.IsZero() {
		id, reason, err := im.contactFor(rec, rec.ContactLink, a.AccountID, false)
		if err != nil || reason != "" {
			return im.rejected(rec, reason, err)
		}
		a.ContactID = id
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = a.At
		if a.CreatedAt.IsZero() {
			a.CreatedAt = im.now
		}
	}
	if im.dry || rec.Identity != nil || rec.Archived || a.Ref.ExternalID == "" {
		return 0, im.upsertActivity(rec, a)
	}
	fresh, err := im.activities.isFresh(a.Ref.System)
	if err != nil {
		return 0, err
	}
	if !fresh {
		return 0, im.upsertActivity(rec, a)
	}
	if err := a.Validate(); err != nil {
		im.reject(rec, err.Error())
		return 0, nil
	}
	return 0, im.activities.add(rec, a)
}

func (im *Import) upsertActivity(rec *model.Record, a model.Activity) error {
	if len(im.activities.pending) > 0 {
		if err := im.activities.flush(); err != nil {
			return err
		}
	}
	if err := im.activities.rebuild(); err != nil { // a lookup needs the indexes
		return err
	}
	id, err := upsert(im, activitiesTable, rec, a, func(a *model.Activity) error { return a.Validate() }, describeActivity)
	if err == nil && id != 0 {
		im.touched(&a)
		im.activities.refs.note(&a)
	}
	return err
}

// touched notes a done activity's time for its account's and deal's last
// touch.
func (im *Import) touched(a *model.Activity) {
	if !a.Done() {
		return
	}
	im.touchedAt(a.AccountID, a.At)
	if a.DealID > 0 && !im.dry {
		if t, ok := im.touchDeal[a.DealID]; !ok || a.At.After(t) {
			im.touchDeal[a.DealID] = a.At
		}
	}
}

// touchedAt notes a touch of an account (an activity done, an issue
// opened or resolved, a survey answered), applied once at the end.
func (im *Import) touchedAt(accountID int64, at time.Time) {
	if im.dry || at.IsZero() {
		return
	}
	if t, ok := im.touchAccount[accountID]; !ok || at.After(t) {
		im.touchAccount[accountID] = at
	}
}

// touchAccountAt moves an account's last touch to at when that is later,
// and its check-in due date with it, as a touch made in rolo does (an
// imported check-in, being history, leaves a next check-in date set by
// hand alone).
func (im *Import) touchAccountAt(id int64, at time.Time) error {
	row, err := im.queryRow(`SELECT `+accountColumns+` FROM accounts a WHERE a.id = ?`, id)
	if err != nil {
		return err
	}
	a, err := scanAccount(row)
	if err != nil || !at.After(a.LastTouchAt) {
		return err
	}
	if err := keepBefore(im, accountsTable, id, a); err != nil {
		return err
	}
	a.LastTouchAt = at
	return im.exec(`UPDATE accounts SET last_touch_at = ?, checkin_due = ? WHERE id = ?`,
		timestamp(at), dateArg(a.CheckInDue(im.s.clock.Loc)), id)
}

// touchDealAt moves a deal's last touch to at when that is later.
func (im *Import) touchDealAt(id int64, at time.Time) error {
	row, err := im.queryRow(`SELECT `+dealColumns+dealFrom+`WHERE d.id = ?`, id)
	if err != nil {
		return err
	}
	d, err := scanDeal(row)
	if err != nil || !at.After(d.LastTouchAt) {
		return err
	}
	if err := keepBefore(im, dealsTable, id, d); err != nil {
		return err
	}
	return im.exec(`UPDATE deals SET last_touch_at = ? WHERE id = ?`, timestamp(at), id)
}

func describeActivity(a *model.Activity) string {
	when := tsText(a.At)
	if when == "" {
		when = "due " + a.Due.String()
	}
	return string(a.Kind) + " " + when + ": " + a.Text
}

// dropIndexes takes the activities indexes down for the rest of a large
// first load; rebuild puts them back.
func (b *activityBatch) dropIndexes() error {
	im := b.im
	rows, err := im.tx.QueryContext(im.ctx, `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'activities' AND sql IS NOT NULL`)
	if err != nil {
		return err
	}
	var names []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return err
		}
		names, b.dropped = append(names, name), append(b.dropped, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, st := range im.stmts {
		st.Close() // prepared statements may use the indexes
	}
	clear(im.stmts)
	for _, n := range names {
		// n comes from sqlite_schema, quoted as an identifier.
		if _, err := im.tx.ExecContext(im.ctx, `DROP INDEX "`+n+`"`); err != nil {
			return fmt.Errorf("dropping index %s: %w", n, err)
		}
	}
	b.firstID = b.nextID - int64(b.loaded)
	return nil
}

// rebuild puts dropped indexes back. The source-id index is unique, and
// while it was down a file could name the same activity twice: if
// building it fails so, the later rows of each such group are folded
// into the first (they are the same record) and it is built again.
func (b *activityBatch) rebuild() error {
	if b.dropped == nil {
		return nil
	}
	im := b.im
	// The sorter that builds an index takes about as much memory as the
	// page cache is allowed; a small one keeps the import in its budget.
	if _, err := im.tx.ExecContext(im.ctx, fmt.Sprintf(`PRAGMA cache_size = %d`, -rebuildCacheKiB)); err != nil {
		return err
	}
	for _, def := range b.dropped {
		_, err := im.tx.ExecContext(im.ctx, def)
		if err != nil && isConstraint(err, "UNIQUE") {
			if err = b.foldDuplicates(); err == nil {
				_, err = im.tx.ExecContext(im.ctx, def)
			}
		}
		if err != nil {
			return fmt.Errorf("rebuilding index: %w", err)
		}
	}
	if _, err := im.tx.ExecContext(im.ctx, fmt.Sprintf(`PRAGMA cache_size = %d`, -importCacheKiB)); err != nil {
		return err
	}
	b.dropped = nil
	b.nextID = 0
	return nil
}

// foldDuplicates merges the activities this load added twice under one
// source id: the last row is what the file finally says.
func (b *activityBatch) foldDuplicates() error {
	im := b.im
	rows, err := im.tx.QueryContext(im.ctx, `SELECT min(id), max(id), count(*) FROM activities WHERE id >= ? AND external_id <> ''
		GROUP BY source_system, external_id HAVING count(*) > 1`, b.firstID)
	if err != nil {
		return err
	}
	type dup struct{ first, last, n int64 }
	var dups []dup
	for rows.Next() {
		var d dup
		if err := rows.Scan(&d.first, &d.last, &d.n); err != nil {
			rows.Close()
			return err
		}
		dups = append(dups, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, d := range dups {
		if _, err := im.tx.ExecContext(im.ctx, `UPDATE activities SET (account_id, deal_id, contact_id, kind, text, at, due, created_at, imported) =
			(SELECT account_id, deal_id, contact_id, kind, text, at, due, created_at, imported FROM activities WHERE id = ?) WHERE id = ?`, d.last, d.first); err != nil {
			return err
		}
		if _, err := im.tx.ExecContext(im.ctx, `DELETE FROM activities WHERE id > ? AND id <= ? AND (source_system, external_id) =
			(SELECT source_system, external_id FROM activities WHERE id = ?)`, d.first, d.last, d.first); err != nil {
			return err
		}
		c := im.report.Counts[model.KindActivity]
		c[Created] -= int(d.n - 1)
		c[Unchanged] += int(d.n - 1)
	}
	return nil
}
