package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"rolo/model"
)

// Bulk writes many rows fast inside one transaction (demo generation,
// imports): prepared statements, no undo entries, the secondary indexes
// dropped before the load and rebuilt once after it, foreign keys checked
// once at the end instead of per row, and the two biggest tables
// (activities and deal events) inserted many rows per statement. The
// caller supplies every timestamp. Either the whole load lands or none.
type Bulk struct {
	tx         *sql.Tx
	loc        *time.Location // the user's zone, for civil dates
	stmts      map[string]*sql.Stmt
	ctx        context.Context
	activities *batch
	events     *batch
}

// BulkLoad runs load in one transaction with the indexes dropped, then
// rebuilds them and checkpoints the write-ahead log.
func (s *Store) BulkLoad(ctx context.Context, load func(*Bulk) error) error {
	if s.w == nil {
		return problem(ErrReadOnly, nil, "%s was opened read-only; nothing was loaded", s.path)
	}
	// foreign_keys can only change outside a transaction; the writer pool
	// is one connection, so this is the connection the load runs on.
	if _, err := s.w.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return explain(s.path, err)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		indexes, err := dropIndexes(ctx, tx)
		if err != nil {
			return err
		}
		// The search index is rebuilt once at the end rather than kept
		// row by row (that tripled the time of a large load).
		if _, err := tx.ExecContext(ctx, dropSearchTriggers); err != nil {
			return fmt.Errorf("pausing the search index: %w", err)
		}
		b := &Bulk{tx: tx, loc: s.clock.Loc, stmts: map[string]*sql.Stmt{}, ctx: ctx,
			activities: newBatch(tx, "activities", activityBatchColumns),
			events:     newBatch(tx, "deal_events", eventBatchColumns)}
		defer b.close()
		if err := load(b); err != nil {
			return err
		}
		if err := b.activities.flush(ctx); err != nil {
			return err
		}
		if err := b.events.flush(ctx); err != nil {
			return err
		}
		var broken int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM pragma_foreign_key_check`).Scan(&broken); err != nil {
			return fmt.Errorf("checking references: %w", err)
		}
		if broken > 0 {
			return fmt.Errorf("%d rows point at rows that do not exist; nothing was written", broken)
		}
		for _, ix := range indexes {
			if _, err := tx.ExecContext(ctx, ix); err != nil {
				return fmt.Errorf("rebuilding index: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, rebuildSearchIndex+searchTriggers); err != nil {
			return fmt.Errorf("rebuilding the search index: %w", err)
		}
		return nil
	})
	if _, fkErr := s.w.ExecContext(ctx, `PRAGMA foreign_keys = ON`); fkErr != nil && err == nil {
		err = explain(s.path, fkErr)
	}
	if err != nil {
		return err
	}
	// Fold the large WAL back into the file now rather than on some later
	// write; ANALYZE (on a sample: the limit keeps it to a fraction of a
	// second) gives the planner real row counts for the new data.
	if _, err := s.w.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return explain(s.path, err)
	}
	_, err = s.w.ExecContext(ctx, `PRAGMA analysis_limit = 1000; ANALYZE`)
	return explain(s.path, err)
}

// dropIndexes drops every index we created and returns the SQL that
// recreates them.
func dropIndexes(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("listing indexes: %w", err)
	}
	var names, defs []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return nil, err
		}
		names, defs = append(names, name), append(defs, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, name := range names {
		// name comes from sqlite_schema, quoted as an identifier.
		if _, err := tx.ExecContext(ctx, `DROP INDEX "`+name+`"`); err != nil {
			return nil, fmt.Errorf("dropping index %s: %w", name, err)
		}
	}
	return defs, nil
}

func (b *Bulk) close() {
	for _, st := range b.stmts {
		st.Close()
	}
	b.activities.close()
	b.events.close()
}

// exec runs a cached prepared statement and returns the new row's id.
func (b *Bulk) exec(query string, args ...any) (int64, error) {
	st, ok := b.stmts[query]
	if !ok {
		var err error
		if st, err = b.tx.PrepareContext(b.ctx, query); err != nil {
			return 0, fmt.Errorf("preparing bulk insert: %w", err)
		}
		b.stmts[query] = st
	}
	res, err := st.ExecContext(b.ctx, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// Account inserts an account as given (timestamps included); its
// check-in due date follows from them.
func (b *Bulk) Account(a model.Account) (int64, error) {
	id, err := b.exec(`INSERT INTO accounts(name, status, tier, industry, website, cadence_days, churn_reason, notes,
		customer_since, last_touch_at, created_at, updated_at, source_system, external_id, next_checkin, checkin_due)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.Name, a.Status, a.Tier, a.Industry, a.Website, a.CadenceDays, a.ChurnReason, a.Notes, dateArg(a.CustomerSince),
		timeArg(a.LastTouchAt), timestamp(a.CreatedAt), timestamp(a.UpdatedAt), a.Ref.System, a.Ref.ExternalID,
		dateArg(a.NextCheckIn), dateArg(a.CheckInDue(b.loc)))
	if err != nil {
		return 0, fmt.Errorf("adding account %s: %w", model.Clean(a.Name), err)
	}
	return id, nil
}

// Contact inserts a contact.
func (b *Bulk) Contact(c model.Contact) (int64, error) {
	id, err := b.exec(`INSERT INTO contacts(account_id, name, title, email, phone, notes, created_at, updated_at, source_system, external_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.AccountID, c.Name, c.Title, c.Email, c.Phone, c.Notes,
		timestamp(c.CreatedAt), timestamp(c.UpdatedAt), c.Ref.System, c.Ref.ExternalID)
	if err != nil {
		return 0, fmt.Errorf("adding contact %s: %w", model.Clean(c.Name), err)
	}
	return id, nil
}

// Deal inserts a deal as given; its history is added with Event.
func (b *Bulk) Deal(d model.Deal) (int64, error) {
	id, err := b.exec(`INSERT INTO deals(account_id, contact_id, title, kind, stage_id, status, value_minor, currency,
		probability, expected_close, source, next_step, next_due, lost_reason, notes, created_at, updated_at, closed_at,
		stage_entered, last_touch_at, source_system, external_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.AccountID, idArg(d.ContactID), d.Title, d.Kind, d.StageID, d.Status, d.Value.Minor, d.Value.Currency,
		probArg(d.Probability), dateArg(d.ExpectedClose), d.Source, d.NextStep, dateArg(d.NextDue), d.LostReason, d.Notes,
		timestamp(d.CreatedAt), timestamp(d.UpdatedAt), timeArg(d.ClosedAt), timestamp(d.StageEntered),
		timestamp(d.LastTouchAt), d.Ref.System, d.Ref.ExternalID)
	if err != nil {
		return 0, fmt.Errorf("adding deal %s: %w", model.Clean(d.Title), err)
	}
	return id, nil
}

// Event appends a deal event.
func (b *Bulk) Event(e model.DealEvent) error {
	var oldMinor, newMinor any
	if e.Kind == model.EventValue || e.Kind == model.EventCreated {
		oldMinor, newMinor = e.OldMinor, e.NewMinor
	}
	_, err := b.events.add(b.ctx, e.DealID, timestamp(e.At), e.Kind, idArg(e.FromStageID), idArg(e.ToStageID),
		nullText(e.OldText), nullText(e.NewText), oldMinor, newMinor)
	if err != nil {
		return fmt.Errorf("adding deal history: %w", err)
	}
	return nil
}

// Activity inserts an activity and returns its id. It does not update
// last-touch columns: the caller sets those on the account and deal.
func (b *Bulk) Activity(a model.Activity) (int64, error) {
	id, err := b.activities.add(b.ctx, a.AccountID, idArg(a.DealID), idArg(a.ContactID), a.Kind, a.Text,
		timeArg(a.At), dateArg(a.Due), timestamp(a.CreatedAt), a.Ref.System, a.Ref.ExternalID)
	if err != nil {
		return 0, fmt.Errorf("adding activity: %w", err)
	}
	return id, nil
}

const (
	activityBatchColumns = "account_id, deal_id, contact_id, kind, text, at, due, created_at, source_system, external_id"
	eventBatchColumns    = "deal_id, at, kind, from_stage_id, to_stage_id, old_text, new_text, old_minor, new_minor"
	batchRows            = 64
)

// batch gathers rows of one table and inserts batchRows of them per
// statement, numbering them itself so it can hand out ids at once (safe:
// the bulk transaction holds the write lock).
type batch struct {
	tx      *sql.Tx
	table   string
	columns string
	width   int
	args    []any
	rows    int
	nextID  int64
	full    *sql.Stmt
}

func newBatch(tx *sql.Tx, table, columns string) *batch {
	return &batch{tx: tx, table: table, columns: columns, width: strings.Count(columns, ",") + 2}
}

// add queues one row (without its id) and returns the id it will have.
func (bt *batch) add(ctx context.Context, values ...any) (int64, error) {
	if bt.nextID == 0 {
		// table is one of our constants.
		if err := bt.tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1 FROM `+bt.table).Scan(&bt.nextID); err != nil {
			return 0, err
		}
	}
	id := bt.nextID
	bt.nextID++
	bt.args = append(append(bt.args, id), values...)
	bt.rows++
	if bt.rows == batchRows {
		return id, bt.flush(ctx)
	}
	return id, nil
}

// flush inserts the queued rows.
func (bt *batch) flush(ctx context.Context) error {
	if bt.rows == 0 {
		return nil
	}
	var err error
	if bt.rows == batchRows {
		if bt.full == nil {
			if bt.full, err = bt.tx.PrepareContext(ctx, bt.insertSQL(batchRows)); err != nil {
				return err
			}
		}
		_, err = bt.full.ExecContext(ctx, bt.args...)
	} else {
		_, err = bt.tx.ExecContext(ctx, bt.insertSQL(bt.rows), bt.args...)
	}
	bt.args, bt.rows = bt.args[:0], 0
	return err
}

func (bt *batch) insertSQL(rows int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", bt.width), ", ") + ")"
	return `INSERT INTO ` + bt.table + `(id, ` + bt.columns + `) VALUES ` + strings.TrimSuffix(strings.Repeat(row+", ", rows), ", ")
}

func (bt *batch) close() {
	if bt.full != nil {
		bt.full.Close()
	}
}

// Contract inserts a contract.
func (b *Bulk) Contract(c model.Contract) (int64, error) {
	id, err := b.exec(`INSERT INTO contracts(account_id, deal_id, renews_id, value_minor, currency, start_date, end_date,
		auto_renew, notice_days, status, churn_reason, snoozed_until, created_at, updated_at, source_system, external_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.AccountID, idArg(c.DealID), idArg(c.RenewsID), c.Value.Minor, c.Value.Currency, c.Start.String(), c.End.String(),
		boolArg(c.AutoRenew), c.NoticeDays, c.Status, c.ChurnReason, dateArg(c.SnoozedUntil), timestamp(c.CreatedAt),
		timestamp(c.UpdatedAt), c.Ref.System, c.Ref.ExternalID)
	if err != nil {
		return 0, fmt.Errorf("adding contract: %w", err)
	}
	return id, nil
}

// Issue inserts a support issue.
func (b *Bulk) Issue(i model.SupportIssue) (int64, error) {
	id, err := b.exec(`INSERT INTO support_issues(account_id, title, severity, opened_at, resolved_at, resolution, source_system, external_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, i.AccountID, i.Title, i.Severity, timestamp(i.OpenedAt), timeArg(i.ResolvedAt),
		i.Resolution, i.Ref.System, i.Ref.ExternalID)
	if err != nil {
		return 0, fmt.Errorf("adding support issue: %w", err)
	}
	return id, nil
}

// Survey inserts a CSAT or NPS response.
func (b *Bulk) Survey(sv model.Survey) (int64, error) {
	id, err := b.exec(`INSERT INTO surveys(account_id, contact_id, kind, score, comment, at, source_system, external_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, sv.AccountID, idArg(sv.ContactID), sv.Kind, sv.Score, sv.Comment, timestamp(sv.At),
		sv.Ref.System, sv.Ref.ExternalID)
	if err != nil {
		return 0, fmt.Errorf("adding survey response: %w", err)
	}
	return id, nil
}

// Cost inserts an acquisition cost.
func (b *Bulk) Cost(c model.AcquisitionCost) (int64, error) {
	id, err := b.exec(`INSERT INTO acquisition_costs(date, amount_minor, currency, channel, note) VALUES (?, ?, ?, ?, ?)`,
		c.Date.String(), c.Amount.Minor, c.Amount.Currency, c.Channel, c.Note)
	if err != nil {
		return 0, fmt.Errorf("adding acquisition cost: %w", err)
	}
	return id, nil
}

// UpdateTouch sets an account's last touch (and so its check-in due
// date) after its issues and answers were loaded: they are touches too.
func (b *Bulk) UpdateTouch(a model.Account) error {
	_, err := b.exec(`UPDATE accounts SET last_touch_at = ?, checkin_due = ?, updated_at = max(updated_at, ?) WHERE id = ?`,
		timeArg(a.LastTouchAt), dateArg(a.CheckInDue(b.loc)), timestamp(a.LastTouchAt), a.ID)
	if err != nil {
		return fmt.Errorf("touching account %s: %w", model.Clean(a.Name), err)
	}
	return nil
}
