package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"rolo/model"
)

const accountColumns = `a.id, a.name, a.status, a.tier, a.industry, a.website, a.cadence_days, a.churn_reason,
	a.notes, a.customer_since, a.last_touch_at, a.created_at, a.updated_at, a.archived_at IS NOT NULL,
	a.source_system, a.external_id, a.version, a.next_checkin`

// scanAccount reads accountColumns, then any extra columns into extra.
func scanAccount(sc scanner, extra ...any) (model.Account, error) {
	var a model.Account
	var n nullable
	dest := append([]any{&a.ID, &a.Name, &a.Status, &a.Tier, &a.Industry, &a.Website, &a.CadenceDays, &a.ChurnReason,
		&a.Notes, n.date(&a.CustomerSince), n.time(&a.LastTouchAt), n.time(&a.CreatedAt), n.time(&a.UpdatedAt), &a.Archived,
		&a.Ref.System, &a.Ref.ExternalID, &a.Version, n.date(&a.NextCheckIn)}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return a, err
	}
	return a, n.finish()
}

// CreateAccount adds an account and returns it with its id. A cadence of
// 0 means the tier's default (model.DefaultCadence); model.CadenceNone
// asks for no cadence.
func (s *Store) CreateAccount(ctx context.Context, a model.Account) (model.Account, error) {
	if a.Status == "" {
		a.Status = model.Prospect
	}
	switch {
	case a.CadenceDays == model.CadenceNone:
		a.CadenceDays = 0
	case a.CadenceDays == 0 && a.Status != model.Churned:
		a.CadenceDays = model.DefaultCadence(a.Tier)
	}
	a.Name = strings.TrimSpace(a.Name)
	if err := a.Validate(); err != nil {
		return a, err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		a, err = s.insertAccount(ctx, tx, a)
		if err != nil {
			return err
		}
		return s.pushUndo(ctx, tx, "add account "+a.Name, undoAction{ArchiveAccount: a.ID})
	})
	if err != nil {
		return a, err
	}
	return s.account(ctx, s.w, a.ID)
}

func (s *Store) insertAccount(ctx context.Context, tx *sql.Tx, a model.Account) (model.Account, error) {
	now := s.now()
	a.CreatedAt, a.UpdatedAt = now, now
	res, err := tx.ExecContext(ctx, `INSERT INTO accounts(name, status, tier, industry, website, cadence_days, churn_reason,
		notes, customer_since, last_touch_at, created_at, updated_at, source_system, external_id, next_checkin, checkin_due)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.Name, a.Status, a.Tier, a.Industry, a.Website, a.CadenceDays, a.ChurnReason, a.Notes,
		dateArg(a.CustomerSince), timeArg(a.LastTouchAt), timestamp(now), timestamp(now), a.Ref.System, a.Ref.ExternalID,
		dateArg(a.NextCheckIn), dateArg(a.CheckInDue(s.clock.Loc)))
	if err != nil {
		return a, fmt.Errorf("adding account %s: %w", model.Clean(a.Name), err)
	}
	a.ID, err = res.LastInsertId()
	return a, err
}

// writeAccount saves every column of a (used by edits and by undo).
func (s *Store) writeAccount(ctx context.Context, tx *sql.Tx, a model.Account) error {
	var archived any
	if a.Archived {
		archived = timestamp(s.now())
	}
	_, err := tx.ExecContext(ctx, `UPDATE accounts SET name = ?, status = ?, tier = ?, industry = ?, website = ?,
		cadence_days = ?, churn_reason = ?, notes = ?, customer_since = ?, last_touch_at = ?, updated_at = ?,
		archived_at = CASE WHEN ? IS NULL THEN NULL ELSE coalesce(archived_at, ?) END,
		next_checkin = ?, checkin_due = ?
		WHERE id = ?`,
		a.Name, a.Status, a.Tier, a.Industry, a.Website, a.CadenceDays, a.ChurnReason, a.Notes,
		dateArg(a.CustomerSince), timeArg(a.LastTouchAt), timestamp(s.now()), archived, archived,
		dateArg(a.NextCheckIn), dateArg(a.CheckInDue(s.clock.Loc)), a.ID)
	if err != nil {
		return fmt.Errorf("saving account %s: %w", model.Clean(a.Name), err)
	}
	return nil
}

// UpdateAccount saves an account edited in a form. seen is the account
// the form was opened on, edited what to save. If anything it would write
// changed elsewhere since (anything but the last touch, which it keeps),
// nothing is written and the error is a *StaleError carrying the stored
// account.
func (s *Store) UpdateAccount(ctx context.Context, seen, edited model.Account) (model.Account, error) {
	if edited.ID != seen.ID {
		return edited, fmt.Errorf("internal error: UpdateAccount of account %d with account %d as seen", edited.ID, seen.ID)
	}
	a := edited
	a.Name = strings.TrimSpace(a.Name)
	if err := a.Validate(); err != nil {
		return a, err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := s.account(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		if err := checkAccount(seen, old, everythingButTouch); err != nil {
			return err
		}
		a.LastTouchAt, a.Archived = old.LastTouchAt, old.Archived
		if err := s.writeAccount(ctx, tx, a); err != nil {
			return err
		}
		if err := s.pushUndo(ctx, tx, "edit account "+old.Name, undoAction{Account: &old}); err != nil {
			return err
		}
		a, err = s.account(ctx, tx, a.ID)
		return err
	})
	return a, err
}

// Account reads one account.
func (s *Store) Account(ctx context.Context, id int64) (model.Account, error) {
	return s.account(ctx, s.r, id)
}

func (s *Store) account(ctx context.Context, q querier, id int64) (model.Account, error) {
	a, err := scanAccount(q.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM accounts a WHERE a.id = ?`, id))
	if err == sql.ErrNoRows {
		return a, problem(ErrNotFound, err, "account %d does not exist", id)
	}
	if err != nil {
		return a, explain(s.path, err)
	}
	return a, nil
}

// likeEscape makes user text literal inside a LIKE pattern.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

const contactColumns = `id, account_id, name, title, email, phone, notes, created_at, updated_at, archived_at IS NOT NULL,
	source_system, external_id, version`

func scanContact(sc scanner) (model.Contact, error) {
	var c model.Contact
	var n nullable
	if err := sc.Scan(&c.ID, &c.AccountID, &c.Name, &c.Title, &c.Email, &c.Phone, &c.Notes, n.time(&c.CreatedAt), n.time(&c.UpdatedAt),
		&c.Archived, &c.Ref.System, &c.Ref.ExternalID, &c.Version); err != nil {
		return c, err
	}
	return c, n.finish()
}

// Contacts lists an account's active contacts by name.
func (s *Store) Contacts(ctx context.Context, accountID int64) ([]model.Contact, error) {
	return s.queryContacts(ctx, `SELECT `+contactColumns+` FROM contacts
		WHERE account_id = ? AND archived_at IS NULL ORDER BY name COLLATE NOCASE, id`, accountID)
}

func (s *Store) queryContacts(ctx context.Context, query string, args ...any) ([]model.Contact, error) {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	var out []model.Contact
	for rows.Next() {
		c, err := scanContact(rows)
		if err != nil {
			return nil, fmt.Errorf("reading contacts: %w", err)
		}
		out = append(out, c)
	}
	return out, explain(s.path, rows.Err())
}

// contact reads one contact, archived or not.
func (s *Store) contact(ctx context.Context, q querier, id int64) (model.Contact, error) {
	c, err := scanContact(q.QueryRowContext(ctx, `SELECT `+contactColumns+` FROM contacts WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return c, problem(ErrNotFound, err, "contact %d does not exist", id)
	}
	if err != nil {
		return c, explain(s.path, err)
	}
	return c, nil
}

// CreateContact adds a person to an account.
func (s *Store) CreateContact(ctx context.Context, c model.Contact) (model.Contact, error) {
	c.Name = strings.TrimSpace(c.Name)
	if err := c.Validate(); err != nil {
		return c, err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := s.liveAccount(ctx, tx, c.AccountID, "a contact"); err != nil {
			return err
		}
		now := s.now()
		c.CreatedAt, c.UpdatedAt = now, now
		res, err := tx.ExecContext(ctx, `INSERT INTO contacts(account_id, name, title, email, phone, notes, created_at, updated_at, source_system, external_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.AccountID, c.Name, c.Title, c.Email, c.Phone, c.Notes,
			timestamp(now), timestamp(now), c.Ref.System, c.Ref.ExternalID)
		if err != nil {
			if isConstraint(err, "FOREIGN KEY") {
				return problem(ErrNotFound, err, "account %d does not exist", c.AccountID)
			}
			return fmt.Errorf("adding contact: %w", err)
		}
		if c.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return s.pushUndo(ctx, tx, "add contact "+c.Name, undoAction{ArchiveContact: c.ID})
	})
	if err != nil {
		return c, err
	}
	return s.contact(ctx, s.w, c.ID)
}
