package store

import (
	"context"
	"database/sql"
	"fmt"

	"rolo/model"
)

// table describes how the import engine reads and writes one kind of row.
type table[T any] struct {
	kind   model.RecordKind
	name   string // SQL table (a constant, never input)
	fields []field[T]
	// identity is the column that, with the id, recognises a row made in
	// rolo when its own JSON export comes back (see model.Identity).
	identity string
	load     func(ctx context.Context, q querier, id int64) (T, error)
	insert   func(im *Import, r *row[T]) (int64, error)
	update   func(im *Import, old, r *row[T]) error
	ref      func(*T) model.Ref
}

// archivedArg is the archived_at to store: now for a newly archived row,
// the old moment for one already archived, NULL otherwise.
func (im *Import) archivedArg(archived bool) any {
	if !archived {
		return nil
	}
	return timestamp(im.now)
}

const keepArchived = `archived_at = CASE WHEN ? IS NULL THEN NULL ELSE coalesce(archived_at, ?) END`

var accountsTable = &table[model.Account]{
	kind: model.KindAccount, name: "accounts", fields: accountFields, identity: "created_at",
	load: func(ctx context.Context, q querier, id int64) (model.Account, error) {
		return scanAccount(q.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM accounts a WHERE a.id = ?`, id))
	},
	insert: func(im *Import, r *row[model.Account]) (int64, error) {
		a := r.V
		return im.insert(`INSERT INTO accounts(name, status, tier, industry, website, cadence_days, churn_reason, notes,
			customer_since, last_touch_at, created_at, updated_at, source_system, external_id, imported, archived_at,
			next_checkin, checkin_due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.Name, a.Status, a.Tier, a.Industry, a.Website, a.CadenceDays, a.ChurnReason, a.Notes, dateArg(a.CustomerSince),
			timeArg(a.LastTouchAt), timestamp(a.CreatedAt), timestamp(im.now), a.Ref.System, a.Ref.ExternalID,
			encodeHashes(r.Imported), im.archivedArg(r.Archived), dateArg(a.NextCheckIn), dateArg(a.CheckInDue(im.s.clock.Loc)))
	},
	// The last touch and next check-in are not the file's to change, but
	// an undo puts them back with the rest (the due date follows).
	update: func(im *Import, _, r *row[model.Account]) error {
		a := r.V
		arch := im.archivedArg(r.Archived)
		return im.exec(`UPDATE accounts SET name = ?, status = ?, tier = ?, industry = ?, website = ?, cadence_days = ?,
			churn_reason = ?, notes = ?, customer_since = ?, last_touch_at = ?, next_checkin = ?, checkin_due = ?, created_at = ?,
			updated_at = ?, imported = ?, `+keepArchived+` WHERE id = ?`,
			a.Name, a.Status, a.Tier, a.Industry, a.Website, a.CadenceDays, a.ChurnReason, a.Notes, dateArg(a.CustomerSince),
			timeArg(a.LastTouchAt), dateArg(a.NextCheckIn), dateArg(a.CheckInDue(im.s.clock.Loc)), timestamp(a.CreatedAt),
			timestamp(im.now), encodeHashes(r.Imported), arch, arch, r.ID)
	},
	ref: func(a *model.Account) model.Ref { return a.Ref },
}

var contactsTable = &table[model.Contact]{
	kind: model.KindContact, name: "contacts", fields: contactFields, identity: "created_at",
	load: func(ctx context.Context, q querier, id int64) (model.Contact, error) {
		var c model.Contact
		var n nullable
		err := q.QueryRowContext(ctx, `SELECT id, account_id, name, title, email, phone, notes, created_at, updated_at,
			archived_at IS NOT NULL, source_system, external_id FROM contacts WHERE id = ?`, id).
			Scan(&c.ID, &c.AccountID, &c.Name, &c.Title, &c.Email, &c.Phone, &c.Notes, n.time(&c.CreatedAt), n.time(&c.UpdatedAt),
				&c.Archived, &c.Ref.System, &c.Ref.ExternalID)
		if err != nil {
			return c, err
		}
		return c, n.finish()
	},
	insert: func(im *Import, r *row[model.Contact]) (int64, error) {
		c := r.V
		return im.insert(`INSERT INTO contacts(account_id, name, title, email, phone, notes, created_at, updated_at,
			source_system, external_id, imported, archived_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.AccountID, c.Name, c.Title, c.Email, c.Phone, c.Notes, timestamp(c.CreatedAt), timestamp(im.now),
			c.Ref.System, c.Ref.ExternalID, encodeHashes(r.Imported), im.archivedArg(r.Archived))
	},
	update: func(im *Import, _, r *row[model.Contact]) error {
		c := r.V
		arch := im.archivedArg(r.Archived)
		return im.exec(`UPDATE contacts SET account_id = ?, name = ?, title = ?, email = ?, phone = ?, notes = ?,
			created_at = ?, updated_at = ?, imported = ?, `+keepArchived+` WHERE id = ?`,
			c.AccountID, c.Name, c.Title, c.Email, c.Phone, c.Notes, timestamp(c.CreatedAt), timestamp(im.now),
			encodeHashes(r.Imported), arch, arch, r.ID)
	},
	ref: func(c *model.Contact) model.Ref { return c.Ref },
}

var dealsTable = &table[model.Deal]{
	kind: model.KindDeal, name: "deals", fields: dealFields, identity: "created_at",
	load: func(ctx context.Context, q querier, id int64) (model.Deal, error) {
		return scanDeal(q.QueryRowContext(ctx, `SELECT `+dealColumns+dealFrom+`WHERE d.id = ?`, id))
	},
	insert: func(im *Import, r *row[model.Deal]) (int64, error) { return im.insertDeal(r) },
	update: func(im *Import, old, r *row[model.Deal]) error {
		d := r.V
		d.Archived = r.Archived
		if err := im.s.writeDeal(im.ctx, im.tx, old.V, d, im.now); err != nil {
			return err
		}
		// writeDeal keeps the creation time and the history's clock; an
		// import also sets when the deal was made and when it closed.
		if err := im.exec(`UPDATE deals SET created_at = ?, closed_at = ?, imported = ? WHERE id = ?`,
			timestamp(d.CreatedAt), timeArg(d.ClosedAt), encodeHashes(r.Imported), r.ID); err != nil {
			return err
		}
		if d.Status == model.Won && old.V.Status != model.Won && d.Kind == model.NewBusiness && !r.Archived {
			closed := d.ClosedAt
			if closed.IsZero() {
				closed = im.now
			}
			return im.promote(d.AccountID, im.s.clock.DateOf(closed))
		}
		return nil
	},
	ref: func(d *model.Deal) model.Ref { return d.Ref },
}

var activitiesTable = &table[model.Activity]{
	kind: model.KindActivity, name: "activities", fields: activityFields, identity: "created_at",
	load: func(ctx context.Context, q querier, id int64) (model.Activity, error) {
		return scanActivity(q.QueryRowContext(ctx, `SELECT `+activityColumns+` FROM activities WHERE id = ?`, id))
	},
	insert: func(im *Import, r *row[model.Activity]) (int64, error) {
		a := r.V
		im.activities.nextID = 0 // the batch must read the largest id again
		return im.insert(`INSERT INTO activities(account_id, deal_id, contact_id, kind, text, at, due, created_at, source_system,
			external_id, imported, archived_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.AccountID, idArg(a.DealID), idArg(a.ContactID), a.Kind, a.Text, timeArg(a.At), dateArg(a.Due),
			timestamp(a.CreatedAt), a.Ref.System, a.Ref.ExternalID, encodeHashes(r.Imported), im.archivedArg(r.Archived))
	},
	update: func(im *Import, _, r *row[model.Activity]) error {
		a := r.V
		arch := im.archivedArg(r.Archived)
		return im.exec(`UPDATE activities SET account_id = ?, deal_id = ?, contact_id = ?, kind = ?, text = ?, at = ?, due = ?,
			created_at = ?, imported = ?, `+keepArchived+` WHERE id = ?`,
			a.AccountID, idArg(a.DealID), idArg(a.ContactID), a.Kind, a.Text, timeArg(a.At), dateArg(a.Due),
			timestamp(a.CreatedAt), encodeHashes(r.Imported), arch, arch, r.ID)
	},
	ref: func(a *model.Activity) model.Ref { return a.Ref },
}

var contractsTable = &table[model.Contract]{
	kind: model.KindContract, name: "contracts", fields: contractFields, identity: "created_at",
	load: func(ctx context.Context, q querier, id int64) (model.Contract, error) {
		var c model.Contract
		var n nullable
		err := q.QueryRowContext(ctx, `SELECT id, account_id, coalesce(deal_id, 0), coalesce(renews_id, 0), value_minor, currency,
			start_date, end_date, auto_renew, notice_days, status, churn_reason, snoozed_until, created_at, updated_at,
			source_system, external_id FROM contracts WHERE id = ?`, id).
			Scan(&c.ID, &c.AccountID, &c.DealID, &c.RenewsID, &c.Value.Minor, &c.Value.Currency, n.date(&c.Start), n.date(&c.End),
				&c.AutoRenew, &c.NoticeDays, &c.Status, &c.ChurnReason, n.date(&c.SnoozedUntil), n.time(&c.CreatedAt),
				n.time(&c.UpdatedAt), &c.Ref.System, &c.Ref.ExternalID)
		if err != nil {
			return c, err
		}
		return c, n.finish()
	},
	insert: func(im *Import, r *row[model.Contract]) (int64, error) {
		c := r.V
		return im.insert(`INSERT INTO contracts(account_id, deal_id, renews_id, value_minor, currency, start_date, end_date,
			auto_renew, notice_days, status, churn_reason, created_at, updated_at, source_system, external_id, imported, archived_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.AccountID, idArg(c.DealID), idArg(c.RenewsID), c.Value.Minor, c.Value.Currency, c.Start.String(), c.End.String(),
			boolArg(c.AutoRenew), c.NoticeDays, c.Status, c.ChurnReason, timestamp(c.CreatedAt), timestamp(im.now),
			c.Ref.System, c.Ref.ExternalID, encodeHashes(r.Imported), im.archivedArg(r.Archived))
	},
	update: func(im *Import, _, r *row[model.Contract]) error {
		c := r.V
		arch := im.archivedArg(r.Archived)
		return im.exec(`UPDATE contracts SET account_id = ?, deal_id = ?, value_minor = ?, currency = ?, start_date = ?,
			end_date = ?, auto_renew = ?, notice_days = ?, status = ?, churn_reason = ?, created_at = ?, updated_at = ?,
			imported = ?, `+keepArchived+` WHERE id = ?`,
			c.AccountID, idArg(c.DealID), c.Value.Minor, c.Value.Currency, c.Start.String(), c.End.String(), boolArg(c.AutoRenew),
			c.NoticeDays, c.Status, c.ChurnReason, timestamp(c.CreatedAt), timestamp(im.now), encodeHashes(r.Imported), arch, arch, r.ID)
	},
	ref: func(c *model.Contract) model.Ref { return c.Ref },
}

var issuesTable = &table[model.SupportIssue]{
	kind: model.KindIssue, name: "support_issues", fields: issueFields, identity: "opened_at",
	load: func(ctx context.Context, q querier, id int64) (model.SupportIssue, error) {
		var i model.SupportIssue
		var n nullable
		err := q.QueryRowContext(ctx, `SELECT id, account_id, title, severity, opened_at, resolved_at, source_system, external_id
			FROM support_issues WHERE id = ?`, id).
			Scan(&i.ID, &i.AccountID, &i.Title, &i.Severity, n.time(&i.OpenedAt), n.time(&i.ResolvedAt), &i.Ref.System, &i.Ref.ExternalID)
		if err != nil {
			return i, err
		}
		return i, n.finish()
	},
	insert: func(im *Import, r *row[model.SupportIssue]) (int64, error) {
		i := r.V
		return im.insert(`INSERT INTO support_issues(account_id, title, severity, opened_at, resolved_at, source_system,
			external_id, imported, archived_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			i.AccountID, i.Title, i.Severity, timestamp(i.OpenedAt), timeArg(i.ResolvedAt), i.Ref.System, i.Ref.ExternalID,
			encodeHashes(r.Imported), im.archivedArg(r.Archived))
	},
	update: func(im *Import, _, r *row[model.SupportIssue]) error {
		i := r.V
		arch := im.archivedArg(r.Archived)
		return im.exec(`UPDATE support_issues SET account_id = ?, title = ?, severity = ?, opened_at = ?, resolved_at = ?,
			imported = ?, `+keepArchived+` WHERE id = ?`,
			i.AccountID, i.Title, i.Severity, timestamp(i.OpenedAt), timeArg(i.ResolvedAt), encodeHashes(r.Imported), arch, arch, r.ID)
	},
	ref: func(i *model.SupportIssue) model.Ref { return i.Ref },
}

var surveysTable = &table[model.Survey]{
	kind: model.KindSurvey, name: "surveys", fields: surveyFields, identity: "at",
	load: func(ctx context.Context, q querier, id int64) (model.Survey, error) {
		var v model.Survey
		var n nullable
		err := q.QueryRowContext(ctx, `SELECT id, account_id, coalesce(contact_id, 0), kind, score, comment, at, source_system,
			external_id FROM surveys WHERE id = ?`, id).
			Scan(&v.ID, &v.AccountID, &v.ContactID, &v.Kind, &v.Score, &v.Comment, n.time(&v.At), &v.Ref.System, &v.Ref.ExternalID)
		if err != nil {
			return v, err
		}
		return v, n.finish()
	},
	insert: func(im *Import, r *row[model.Survey]) (int64, error) {
		v := r.V
		return im.insert(`INSERT INTO surveys(account_id, contact_id, kind, score, comment, at, source_system, external_id,
			imported, archived_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			v.AccountID, idArg(v.ContactID), v.Kind, v.Score, v.Comment, timestamp(v.At), v.Ref.System, v.Ref.ExternalID,
			encodeHashes(r.Imported), im.archivedArg(r.Archived))
	},
	update: func(im *Import, _, r *row[model.Survey]) error {
		v := r.V
		arch := im.archivedArg(r.Archived)
		return im.exec(`UPDATE surveys SET account_id = ?, contact_id = ?, kind = ?, score = ?, comment = ?, at = ?,
			imported = ?, `+keepArchived+` WHERE id = ?`,
			v.AccountID, idArg(v.ContactID), v.Kind, v.Score, v.Comment, timestamp(v.At), encodeHashes(r.Imported), arch, arch, r.ID)
	},
	ref: func(v *model.Survey) model.Ref { return v.Ref },
}

var spendTable = &table[model.AcquisitionCost]{
	kind: model.KindSpend, name: "acquisition_costs", fields: spendFields, identity: "date",
	load: func(ctx context.Context, q querier, id int64) (model.AcquisitionCost, error) {
		var c model.AcquisitionCost
		var n nullable
		err := q.QueryRowContext(ctx, `SELECT id, date, amount_minor, currency, channel, note, source_system, external_id
			FROM acquisition_costs WHERE id = ?`, id).
			Scan(&c.ID, n.date(&c.Date), &c.Amount.Minor, &c.Amount.Currency, &c.Channel, &c.Note, &c.Ref.System, &c.Ref.ExternalID)
		if err != nil {
			return c, err
		}
		return c, n.finish()
	},
	insert: func(im *Import, r *row[model.AcquisitionCost]) (int64, error) {
		c := r.V
		return im.insert(`INSERT INTO acquisition_costs(date, amount_minor, currency, channel, note, source_system, external_id,
			imported, archived_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.Date.String(), c.Amount.Minor, c.Amount.Currency, c.Channel, c.Note, c.Ref.System, c.Ref.ExternalID,
			encodeHashes(r.Imported), im.archivedArg(r.Archived))
	},
	update: func(im *Import, _, r *row[model.AcquisitionCost]) error {
		c := r.V
		arch := im.archivedArg(r.Archived)
		return im.exec(`UPDATE acquisition_costs SET date = ?, amount_minor = ?, currency = ?, channel = ?, note = ?,
			imported = ?, `+keepArchived+` WHERE id = ?`,
			c.Date.String(), c.Amount.Minor, c.Amount.Currency, c.Channel, c.Note, encodeHashes(r.Imported), arch, arch, r.ID)
	},
	ref: func(c *model.AcquisitionCost) model.Ref { return c.Ref },
}

// importTables are the tables an import writes, for the created-id
// ranges that undo archives.
var importTables = []string{"accounts", "contacts", "deals", "activities", "contracts", "support_issues", "surveys", "acquisition_costs"}

// insertDeal adds a deal with the history metrics read: "created" when it
// was made (in its stage, as open) and, for a closed deal, its status
// change when it closed. Winning new business makes a prospect account a
// customer, as closing one by hand does.
func (im *Import) insertDeal(r *row[model.Deal]) (int64, error) {
	d := r.V
	if d.CreatedAt.IsZero() {
		d.CreatedAt = im.now
	}
	if d.Status != model.Open && d.ClosedAt.IsZero() {
		d.ClosedAt = im.now
	}
	if d.Status != model.Open && d.ClosedAt.Before(d.CreatedAt) {
		d.ClosedAt = d.CreatedAt
	}
	if d.LastTouchAt.IsZero() {
		d.LastTouchAt = d.CreatedAt
		if d.Status != model.Open {
			d.LastTouchAt = d.ClosedAt
		}
	}
	stageEntered := d.CreatedAt
	id, err := im.insert(`INSERT INTO deals(account_id, contact_id, title, kind, stage_id, status, value_minor, currency,
		probability, expected_close, source, next_step, next_due, lost_reason, notes, created_at, updated_at, closed_at,
		stage_entered, last_touch_at, source_system, external_id, imported, archived_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.AccountID, idArg(d.ContactID), d.Title, d.Kind, d.StageID, d.Status, d.Value.Minor, d.Value.Currency,
		probArg(d.Probability), dateArg(d.ExpectedClose), d.Source, d.NextStep, dateArg(d.NextDue), d.LostReason, d.Notes,
		timestamp(d.CreatedAt), timestamp(im.now), timeArg(d.ClosedAt), timestamp(stageEntered), timestamp(d.LastTouchAt),
		d.Ref.System, d.Ref.ExternalID, encodeHashes(r.Imported), im.archivedArg(r.Archived))
	if err != nil {
		return 0, err
	}
	if im.dry {
		return id, nil
	}
	if err := im.s.appendEvent(im.ctx, im.tx, model.DealEvent{DealID: id, At: d.CreatedAt, Kind: model.EventCreated,
		ToStageID: d.StageID, NewText: string(model.Open), NewMinor: d.Value.Minor}); err != nil {
		return 0, err
	}
	if d.Status != model.Open {
		if err := im.s.appendEvent(im.ctx, im.tx, model.DealEvent{DealID: id, At: d.ClosedAt, Kind: model.EventStatus,
			OldText: string(model.Open), NewText: string(d.Status)}); err != nil {
			return 0, err
		}
	}
	if d.Status == model.Won && d.Kind == model.NewBusiness && !r.Archived {
		return id, im.promote(d.AccountID, im.s.clock.DateOf(d.ClosedAt))
	}
	return id, nil
}

// insert runs an INSERT (or, in a dry run, hands out a made-up id) and
// returns the new row's id.
func (im *Import) insert(query string, args ...any) (int64, error) {
	if im.dry {
		im.fakeID--
		return im.fakeID, nil
	}
	st, err := im.stmt(query)
	if err != nil {
		return 0, err
	}
	res, err := st.ExecContext(im.ctx, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// exec runs a write (nothing in a dry run).
func (im *Import) exec(query string, args ...any) error {
	if im.dry {
		return nil
	}
	st, err := im.stmt(query)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(im.ctx, args...)
	return err
}

// queryRow reads one row through a statement prepared once per import.
func (im *Import) queryRow(query string, args ...any) (*sql.Row, error) {
	st, err := im.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.QueryRowContext(im.ctx, args...), nil
}

func (im *Import) stmt(query string) (*sql.Stmt, error) {
	if st, ok := im.stmts[query]; ok {
		return st, nil
	}
	st, err := im.tx.PrepareContext(im.ctx, query)
	if err != nil {
		return nil, fmt.Errorf("preparing import statement: %w", err)
	}
	im.stmts[query] = st
	return st, nil
}
