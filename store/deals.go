package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"rolo/model"
)

const dealColumns = `d.id, d.account_id, a.name, coalesce(d.contact_id, 0), coalesce(c.name, ''), d.title, d.kind,
	d.stage_id, d.status, d.value_minor, d.currency, d.probability, d.expected_close, d.source, d.next_step,
	d.next_due, d.snoozed_until, d.lost_reason, d.notes, d.created_at, d.updated_at, d.closed_at, d.stage_entered,
	d.last_touch_at, d.archived_at IS NOT NULL, d.source_system, d.external_id, d.version`

const dealFrom = ` FROM deals d JOIN accounts a ON a.id = d.account_id LEFT JOIN contacts c ON c.id = d.contact_id `

func scanDeal(sc scanner) (model.Deal, error) {
	var d model.Deal
	var n nullable
	var prob sql.NullInt64
	err := sc.Scan(&d.ID, &d.AccountID, &d.AccountName, &d.ContactID, &d.ContactName, &d.Title, &d.Kind,
		&d.StageID, &d.Status, &d.Value.Minor, &d.Value.Currency, &prob, n.date(&d.ExpectedClose), &d.Source, &d.NextStep,
		n.date(&d.NextDue), n.date(&d.SnoozedUntil), &d.LostReason, &d.Notes, n.time(&d.CreatedAt), n.time(&d.UpdatedAt), n.time(&d.ClosedAt),
		n.time(&d.StageEntered), n.time(&d.LastTouchAt), &d.Archived, &d.Ref.System, &d.Ref.ExternalID, &d.Version)
	if err != nil {
		return d, err
	}
	if prob.Valid {
		p := int(prob.Int64)
		d.Probability = &p
	}
	return d, n.finish()
}

// queryDeals runs a query selecting dealColumns and reads every row.
func (s *Store) queryDeals(ctx context.Context, query string, args ...any) ([]model.Deal, error) {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	var out []model.Deal
	for rows.Next() {
		d, err := scanDeal(rows)
		if err != nil {
			return nil, fmt.Errorf("reading deals: %w", err)
		}
		out = append(out, d)
	}
	return out, explain(s.path, rows.Err())
}

func probArg(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

// Deal reads one deal.
func (s *Store) Deal(ctx context.Context, id int64) (model.Deal, error) {
	return s.deal(ctx, s.r, id)
}

func (s *Store) deal(ctx context.Context, q querier, id int64) (model.Deal, error) {
	d, err := scanDeal(q.QueryRowContext(ctx, `SELECT `+dealColumns+dealFrom+`WHERE d.id = ?`, id))
	if err == sql.ErrNoRows {
		return d, problem(ErrNotFound, err, "deal %d does not exist", id)
	}
	if err != nil {
		return d, explain(s.path, err)
	}
	return d, nil
}

// CreateDeal adds a deal and its "created" event, and returns it with its
// id. A deal with no AccountID but an AccountName goes to the account of
// that name, which is created if there is none; the same for a contact.
// An account or contact given by id must be live (not undone).
func (s *Store) CreateDeal(ctx context.Context, d model.Deal) (model.Deal, error) {
	if d.Kind == "" {
		d.Kind = model.NewBusiness
	}
	if d.Status == "" {
		d.Status = model.Open
	}
	d.Title = strings.TrimSpace(d.Title)
	if err := validateNewParties(d); err != nil {
		return d, err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		undo, err := s.resolveParties(ctx, tx, &d)
		if err != nil {
			return err
		}
		if err := d.Validate(); err != nil {
			return err
		}
		if err := stageOnBoard(ctx, tx, d.StageID); err != nil {
			return err
		}
		if d.ID, err = s.insertDeal(ctx, tx, d); err != nil {
			return err
		}
		undo = append(undo, undoAction{ArchiveDeal: d.ID})
		return s.pushUndo(ctx, tx, "add deal "+d.Title, undo...)
	})
	if err != nil {
		return d, err
	}
	return s.deal(ctx, s.w, d.ID)
}

// insertDeal adds d (already checked, its account and stage resolved)
// with its "created" event, created and touched now, and returns its id.
func (s *Store) insertDeal(ctx context.Context, tx *sql.Tx, d model.Deal) (int64, error) {
	now := s.now()
	if d.Status != model.Open {
		d.ClosedAt = now
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO deals(account_id, contact_id, title, kind, stage_id, status, value_minor,
		currency, probability, expected_close, source, next_step, next_due, lost_reason, notes, created_at, updated_at,
		closed_at, stage_entered, last_touch_at, source_system, external_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.AccountID, idArg(d.ContactID), d.Title, d.Kind, d.StageID, d.Status, d.Value.Minor, d.Value.Currency,
		probArg(d.Probability), dateArg(d.ExpectedClose), d.Source, d.NextStep, dateArg(d.NextDue), d.LostReason,
		d.Notes, timestamp(now), timestamp(now), timeArg(d.ClosedAt), timestamp(now), timestamp(now),
		d.Ref.System, d.Ref.ExternalID)
	if err != nil {
		return 0, s.dealWriteError(err, d)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	return id, s.appendEvent(ctx, tx, model.DealEvent{DealID: id, At: now, Kind: model.EventCreated,
		ToStageID: d.StageID, NewText: string(d.Status), NewMinor: d.Value.Minor})
}

// validateNewParties checks the names of an account or contact the deal
// would create, before any transaction starts.
func validateNewParties(d model.Deal) error {
	if d.AccountID == 0 && strings.TrimSpace(d.AccountName) == "" {
		return &model.FieldError{Field: "account", Problem: "a deal needs an account; pick one or type a new name"}
	}
	if d.AccountID == 0 {
		if err := (model.Account{Name: d.AccountName, Status: model.Prospect}).Validate(); err != nil {
			return &model.FieldError{Field: "account", Problem: err.(*model.FieldError).Problem}
		}
	}
	return nil
}

// resolveParties finds or creates the account and contact a deal names
// but does not yet point at, inside the deal's transaction.
func (s *Store) resolveParties(ctx context.Context, tx *sql.Tx, d *model.Deal) ([]undoAction, error) {
	var undo []undoAction
	if d.AccountID != 0 {
		if _, err := s.liveAccount(ctx, tx, d.AccountID, "a deal"); err != nil {
			return nil, err
		}
	}
	if err := liveRow(ctx, tx, "contacts", "contact", d.ContactID); err != nil {
		return nil, err
	}
	if d.AccountID == 0 {
		name := strings.TrimSpace(d.AccountName)
		err := tx.QueryRowContext(ctx, `SELECT id FROM accounts WHERE archived_at IS NULL AND name = ? COLLATE NOCASE ORDER BY id LIMIT 1`, name).Scan(&d.AccountID)
		if err == sql.ErrNoRows {
			a, err := s.insertAccount(ctx, tx, model.Account{Name: name, Status: model.Prospect, CadenceDays: model.DefaultCadenceDays})
			if err != nil {
				return nil, err
			}
			d.AccountID = a.ID
			undo = append(undo, undoAction{ArchiveAccount: a.ID})
		} else if err != nil {
			return nil, err
		}
	}
	if d.ContactID == 0 && strings.TrimSpace(d.ContactName) != "" {
		name := strings.TrimSpace(d.ContactName)
		err := tx.QueryRowContext(ctx, `SELECT id FROM contacts WHERE archived_at IS NULL AND account_id = ? AND name = ? COLLATE NOCASE ORDER BY id LIMIT 1`,
			d.AccountID, name).Scan(&d.ContactID)
		if err == sql.ErrNoRows {
			c := model.Contact{AccountID: d.AccountID, Name: name}
			if err := c.Validate(); err != nil {
				return nil, &model.FieldError{Field: "contact", Problem: err.(*model.FieldError).Problem}
			}
			now := timestamp(s.now())
			res, err := tx.ExecContext(ctx, `INSERT INTO contacts(account_id, name, created_at, updated_at) VALUES (?, ?, ?, ?)`,
				d.AccountID, name, now, now)
			if err != nil {
				return nil, fmt.Errorf("adding contact %s: %w", model.Clean(name), err)
			}
			if d.ContactID, err = res.LastInsertId(); err != nil {
				return nil, err
			}
			undo = append(undo, undoAction{ArchiveContact: d.ContactID})
		} else if err != nil {
			return nil, err
		}
	}
	return undo, nil
}

// dealWriteError words a constraint failure on a deal write.
func (s *Store) dealWriteError(err error, d model.Deal) error {
	switch {
	case isConstraint(err, "FOREIGN KEY"):
		return problem(ErrNotFound, err, "the deal's account, contact or stage no longer exists; pick another")
	case isConstraint(err, "UNIQUE"):
		return problem(ErrConflict, err, "a deal imported from %s with id %s already exists", d.Ref.System, d.Ref.ExternalID)
	}
	return fmt.Errorf("saving deal %s: %w", model.Clean(d.Title), err)
}

// What each kind of deal write depends on (see stale.go): a move on the
// deal's stage and status, a close on its status, a new next step on the
// one it replaces, a snooze also on the snooze.
var (
	moveNeeds     = dependsOn(model.FieldStatus, model.FieldStage)
	closeNeeds    = dependsOn(model.FieldStatus)
	nextStepNeeds = dependsOn(model.FieldStatus, model.FieldNextStep)
	snoozeNeeds   = dependsOn(model.FieldStatus, model.FieldNextStep, model.FieldSnooze)
)

// UpdateDeal saves a deal edited in a form. seen is the deal the form was
// opened on, edited what to save. If anything it would write changed
// elsewhere since (anything but the last touch, which it keeps), nothing
// is written and the error is a *StaleError carrying the stored deal. Changes to its stage, status, value or
// expected close date are appended to its history in the same
// transaction. Like CreateDeal, it creates a newly named account or
// contact.
func (s *Store) UpdateDeal(ctx context.Context, seen, edited model.Deal) (model.Deal, error) {
	if edited.ID != seen.ID {
		return edited, fmt.Errorf("internal error: UpdateDeal of deal %d with deal %d as seen", edited.ID, seen.ID)
	}
	edited.Title = strings.TrimSpace(edited.Title)
	if err := validateNewParties(edited); err != nil {
		return edited, err
	}
	return s.changeDealWith(ctx, seen, "edit deal", everythingButTouch, func(tx *sql.Tx, old model.Deal, now time.Time) (model.Deal, []undoAction, error) {
		d := edited
		undo, err := s.resolveParties(ctx, tx, &d)
		if err != nil {
			return d, nil, err
		}
		if err := d.Validate(); err != nil {
			return d, nil, err
		}
		d.CreatedAt, d.StageEntered, d.LastTouchAt, d.ClosedAt, d.Archived = old.CreatedAt, old.StageEntered, old.LastTouchAt, old.ClosedAt, old.Archived
		if d.StageID != old.StageID {
			if err := stageOnBoard(ctx, tx, d.StageID); err != nil {
				return d, nil, err
			}
			d.StageEntered, d.LastTouchAt = now, now
		}
		if d.Status != old.Status {
			d.ClosedAt = closedAt(d.Status, now)
		}
		return d, undo, nil
	})
}

func closedAt(status model.DealStatus, now time.Time) time.Time {
	if status == model.Open {
		return time.Time{}
	}
	return now
}

// MoveDeal puts an open deal, as the caller saw it, in another stage.
// Moving touches the deal (it resets the rot clock). If the deal's stage
// or status changed elsewhere since, nothing is written (*StaleError:
// "Deal 13 was moved to Closing elsewhere").
func (s *Store) MoveDeal(ctx context.Context, seen model.Deal, stageID int64) (model.Deal, error) {
	return s.changeDealWith(ctx, seen, "move deal", moveNeeds, func(tx *sql.Tx, d model.Deal, now time.Time) (model.Deal, []undoAction, error) {
		if d.Status != model.Open {
			return d, nil, problem(ErrConflict, nil, "%s is %s; reopen it (undo) before moving it", model.Clean(d.Title), d.Status)
		}
		if d.StageID == stageID {
			return d, nil, nil
		}
		if err := stageOnBoard(ctx, tx, stageID); err != nil {
			return d, nil, err
		}
		d.StageID, d.StageEntered, d.LastTouchAt = stageID, now, now
		return d, nil, nil
	})
}

// CloseResult says what closing a deal did besides the deal itself.
type CloseResult struct {
	Deal model.Deal
	// BecameCustomer is set when a won new-business deal turned its
	// prospect account into a customer: the moment to start a contract.
	BecameCustomer bool
	// Renewed or Churned is set when the deal was a renewal deal working
	// a contract: closing it decided the renewal (see CloseDeal).
	Renewed *RenewResult
	Churned *ChurnResult
}

// CloseDeal marks an open deal, as the caller saw it, won or lost (lost
// needs a reason). The deal keeps the stage it closed in. Winning new
// business turns a prospect (or churned) account into a customer in the
// same transaction. Winning or losing a renewal deal that works a
// contract is that contract's renewal decision: won renews it at the
// deal's value on its current terms (RenewContract), lost churns it at
// its end date with the lost reason (ChurnContract). If the deal's status
// changed elsewhere since, or it or its account was undone, nothing is
// written.
func (s *Store) CloseDeal(ctx context.Context, seen model.Deal, status model.DealStatus, reason string) (CloseResult, error) {
	var res CloseResult
	if status != model.Won && status != model.Lost {
		return res, fmt.Errorf("close a deal as won or lost, not %q", status)
	}
	reason = strings.TrimSpace(reason)
	if status == model.Lost && reason == "" {
		return res, &model.FieldError{Field: "lost reason", Problem: "say why the deal was lost"}
	}
	if seen.Kind == model.Renewal {
		if res, ok, err := s.closeRenewal(ctx, seen, status, reason); ok || err != nil {
			return res, err
		}
	}
	label := "win deal"
	if status == model.Lost {
		label = "lose deal"
	}
	d, err := s.changeDealWith(ctx, seen, label, closeNeeds, func(tx *sql.Tx, d model.Deal, now time.Time) (model.Deal, []undoAction, error) {
		if d.Status != model.Open {
			return d, nil, problem(ErrConflict, nil, "%s is already %s", model.Clean(d.Title), d.Status)
		}
		d.Status, d.ClosedAt, d.LastTouchAt = status, now, now
		if status == model.Lost {
			d.LostReason = reason
		}
		if status != model.Won || d.Kind != model.NewBusiness {
			return d, nil, nil
		}
		acct, err := s.account(ctx, tx, d.AccountID)
		if err != nil {
			return d, nil, err
		}
		if acct.Archived {
			return d, nil, problem(ErrArchived, nil, "Deal %d's account %d (%s) was undone (archived), so winning the deal cannot make it a customer; nothing was saved (`rolo doctor` says how to fix this)",
				d.ID, acct.ID, model.Clean(acct.Name))
		}
		if acct.Status == model.Customer {
			return d, nil, nil
		}
		before := acct
		acct.Status, acct.ChurnReason = model.Customer, ""
		acct.CustomerSince = s.clock.DateOf(now)
		if err := s.writeAccount(ctx, tx, acct); err != nil {
			return d, nil, err
		}
		res.BecameCustomer = true
		return d, []undoAction{{Account: &before}}, nil
	})
	res.Deal = d
	return res, err
}

// SetNextStep sets (or clears, with an empty step) the next step of a
// deal as the caller saw it; if its next step or status changed elsewhere
// since, nothing is written.
func (s *Store) SetNextStep(ctx context.Context, seen model.Deal, step string, due model.Date) (model.Deal, error) {
	step = strings.TrimSpace(step)
	return s.changeDeal(ctx, seen, "set next step", nextStepNeeds, func(d model.Deal, now time.Time) (model.Deal, error) {
		d.NextStep, d.NextDue = step, due
		return d, d.Validate()
	})
}

// changeDeal loads a deal in a write transaction, checks it against what
// the caller saw, lets edit change it, writes it with its events and
// records how to undo it.
func (s *Store) changeDeal(ctx context.Context, seen model.Deal, label string, conflicts conflict, edit func(model.Deal, time.Time) (model.Deal, error)) (model.Deal, error) {
	return s.changeDealWith(ctx, seen, label, conflicts, func(_ *sql.Tx, d model.Deal, now time.Time) (model.Deal, []undoAction, error) {
		d, err := edit(d, now)
		return d, nil, err
	})
}

func (s *Store) changeDealWith(ctx context.Context, seen model.Deal, label string, conflicts conflict,
	edit func(*sql.Tx, model.Deal, time.Time) (model.Deal, []undoAction, error)) (model.Deal, error) {
	var out model.Deal
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := s.deal(ctx, tx, seen.ID)
		if err != nil {
			return err
		}
		if err := s.checkDeal(ctx, tx, seen, old, conflicts); err != nil {
			return err
		}
		now := s.now()
		d, extra, err := edit(tx, old, now)
		if err != nil {
			return err
		}
		if err := s.writeDeal(ctx, tx, old, d, now); err != nil {
			return err
		}
		undo := append([]undoAction{{Deal: &old}}, extra...)
		if err := s.pushUndo(ctx, tx, label+" "+old.Title, undo...); err != nil {
			return err
		}
		out, err = s.deal(ctx, tx, seen.ID)
		return err
	})
	return out, err
}

// writeDeal saves d over old, appending a deal event for each change to
// the stage, status, value or expected close date.
func (s *Store) writeDeal(ctx context.Context, tx *sql.Tx, old, d model.Deal, now time.Time) error {
	var events []model.DealEvent
	if d.StageID != old.StageID {
		events = append(events, model.DealEvent{Kind: model.EventStage, FromStageID: old.StageID, ToStageID: d.StageID})
	}
	if d.Status != old.Status {
		events = append(events, model.DealEvent{Kind: model.EventStatus, OldText: string(old.Status), NewText: string(d.Status)})
	}
	if d.Value != old.Value {
		events = append(events, model.DealEvent{Kind: model.EventValue, OldMinor: old.Value.Minor, NewMinor: d.Value.Minor,
			OldText: old.Value.Currency, NewText: d.Value.Currency})
	}
	if d.ExpectedClose != old.ExpectedClose {
		events = append(events, model.DealEvent{Kind: model.EventCloseDate, OldText: old.ExpectedClose.String(), NewText: d.ExpectedClose.String()})
	}
	var archived any
	if d.Archived {
		archived = timestamp(now)
	}
	_, err := tx.ExecContext(ctx, `UPDATE deals SET account_id = ?, contact_id = ?, title = ?, kind = ?, stage_id = ?, status = ?,
		value_minor = ?, currency = ?, probability = ?, expected_close = ?, source = ?, next_step = ?, next_due = ?,
		snoozed_until = ?, lost_reason = ?, notes = ?, updated_at = ?, closed_at = ?, stage_entered = ?, last_touch_at = ?,
		archived_at = CASE WHEN ? IS NULL THEN NULL ELSE coalesce(archived_at, ?) END
		WHERE id = ?`,
		d.AccountID, idArg(d.ContactID), d.Title, d.Kind, d.StageID, d.Status, d.Value.Minor, d.Value.Currency,
		probArg(d.Probability), dateArg(d.ExpectedClose), d.Source, d.NextStep, dateArg(d.NextDue), dateArg(d.SnoozedUntil),
		d.LostReason, d.Notes, timestamp(now), timeArg(d.ClosedAt), timeArg(d.StageEntered), timeArg(d.LastTouchAt), archived, archived, d.ID)
	if err != nil {
		return s.dealWriteError(err, d)
	}
	for _, e := range events {
		e.DealID, e.At = d.ID, now
		if err := s.appendEvent(ctx, tx, e); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) appendEvent(ctx context.Context, tx *sql.Tx, e model.DealEvent) error {
	var oldMinor, newMinor any
	if e.Kind == model.EventValue || e.Kind == model.EventCreated {
		oldMinor, newMinor = e.OldMinor, e.NewMinor
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO deal_events(deal_id, at, kind, from_stage_id, to_stage_id, old_text, new_text, old_minor, new_minor)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.DealID, timestamp(e.At), e.Kind, idArg(e.FromStageID), idArg(e.ToStageID),
		nullText(e.OldText), nullText(e.NewText), oldMinor, newMinor)
	if err != nil {
		return fmt.Errorf("recording deal history: %w", err)
	}
	return nil
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// DealEvents is a deal's history, oldest first.
func (s *Store) DealEvents(ctx context.Context, dealID int64) ([]model.DealEvent, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, deal_id, at, kind, coalesce(from_stage_id, 0), coalesce(to_stage_id, 0),
		coalesce(old_text, ''), coalesce(new_text, ''), coalesce(old_minor, 0), coalesce(new_minor, 0)
		FROM deal_events WHERE deal_id = ? ORDER BY at, id`, dealID)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	var out []model.DealEvent
	for rows.Next() {
		var e model.DealEvent
		var n nullable
		if err := rows.Scan(&e.ID, &e.DealID, n.time(&e.At), &e.Kind, &e.FromStageID, &e.ToStageID, &e.OldText, &e.NewText,
			&e.OldMinor, &e.NewMinor); err != nil {
			return nil, fmt.Errorf("reading deal history: %w", err)
		}
		if err := n.finish(); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, explain(s.path, rows.Err())
}
