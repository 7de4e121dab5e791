package store

import (
	"strings"

	"rolo/model"
)

// Activities are the big table (a million rows is a normal history), so a
// first import of a source's activities skips the per-row lookup and
// inserts many rows per statement. The unique index on the source id
// still guards: a batch that hits an existing row is replayed row by row
// through the ordinary merge.

const (
	activityBatchRows     = 64
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
}

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
		if fd.name == model.FieldArchived || rec.Fields == nil || rec.Has(fd.name) {
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
	id, err := upsert(im, activitiesTable, rec, a, func(a *model.Activity) error { return a.Validate() }, describeActivity)
	if err == nil && id != 0 {
		im.touched(&a)
	}
	return err
}

// touched notes a done activity's time for its account's and deal's last
// touch.
func (im *Import) touched(a *model.Activity) {
	if !a.Done() || im.dry {
		return
	}
	if t, ok := im.touchAccount[a.AccountID]; !ok || a.At.After(t) {
		im.touchAccount[a.AccountID] = a.At
	}
	if a.DealID > 0 {
		if t, ok := im.touchDeal[a.DealID]; !ok || a.At.After(t) {
			im.touchDeal[a.DealID] = a.At
		}
	}
}

func describeActivity(a *model.Activity) string {
	when := tsText(a.At)
	if when == "" {
		when = "due " + a.Due.String()
	}
	return string(a.Kind) + " " + when + ": " + a.Text
}
