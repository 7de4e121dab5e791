package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"rolo/model"
)

// Spend is what acquiring customers costs (the numerator of CAC): rows
// added, edited and archived one undoable transaction at a time.

const spendColumns = `id, date, amount_minor, currency, channel, note, archived_at IS NOT NULL, version`

func scanSpend(sc scanner) (model.AcquisitionCost, error) {
	var c model.AcquisitionCost
	var n nullable
	if err := sc.Scan(&c.ID, n.date(&c.Date), &c.Amount.Minor, &c.Amount.Currency, &c.Channel, &c.Note, &c.Archived, &c.Version); err != nil {
		return c, err
	}
	return c, n.finish()
}

// spendLabel names a spend row in undo labels: "2026-11-01 ads $1,200.00".
func spendLabel(c model.AcquisitionCost) string {
	return fmt.Sprintf("%s %s %s", c.Date, c.Channel, c.Amount)
}

// AddSpend records an acquisition cost.
func (s *Store) AddSpend(ctx context.Context, c model.AcquisitionCost) (model.AcquisitionCost, error) {
	c.Note = strings.TrimSpace(c.Note)
	c.Archived = false
	if err := c.Validate(); err != nil {
		return c, err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO acquisition_costs(date, amount_minor, currency, channel, note) VALUES (?, ?, ?, ?, ?)`,
			c.Date.String(), c.Amount.Minor, c.Amount.Currency, c.Channel, c.Note)
		if err != nil {
			return fmt.Errorf("adding spend: %w", err)
		}
		if c.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if err := s.pushUndo(ctx, tx, "add spend "+spendLabel(c), undoAction{ArchiveSpend: c.ID}); err != nil {
			return err
		}
		c, err = s.spend(ctx, tx, c.ID)
		return err
	})
	return c, err
}

// checkSpend refuses a write based on seen when the stored row cur was
// archived or changed since.
func checkSpend(seen, cur model.AcquisitionCost) error {
	if err := seenVersion("spend", seen.ID, seen.Version); err != nil {
		return err
	}
	if cur.Archived {
		return problem(ErrArchived, nil, "spend %d is archived, so it cannot be changed; undo the archiving first (nothing was saved)", cur.ID)
	}
	if cur.Version != seen.Version {
		return &StaleError{Msg: model.RowChanges(fmt.Sprintf("Spend %d", cur.ID), seen.Archived, cur.Archived).Sentence() + " elsewhere",
			Current: cur}
	}
	return nil
}

// UpdateSpend saves an acquisition cost edited from seen (as the caller
// read it); a row changed or archived since is not overwritten
// (*StaleError, ErrArchived).
func (s *Store) UpdateSpend(ctx context.Context, seen, edited model.AcquisitionCost) (model.AcquisitionCost, error) {
	c := edited
	if c.ID != seen.ID {
		return c, fmt.Errorf("internal error: UpdateSpend of spend %d with spend %d as seen", c.ID, seen.ID)
	}
	c.Note = strings.TrimSpace(c.Note)
	if err := c.Validate(); err != nil {
		return c, err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := s.spend(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		if err := checkSpend(seen, old); err != nil {
			return err
		}
		c.Archived = false
		if err := s.writeSpend(ctx, tx, c); err != nil {
			return err
		}
		if err := s.pushUndo(ctx, tx, "edit spend "+spendLabel(old), undoAction{Spend: &old}); err != nil {
			return err
		}
		c, err = s.spend(ctx, tx, c.ID)
		return err
	})
	return c, err
}

// ArchiveSpend takes an acquisition cost, as the caller saw it, out of
// every figure and list; undo puts it back.
func (s *Store) ArchiveSpend(ctx context.Context, seen model.AcquisitionCost) (model.AcquisitionCost, error) {
	var old model.AcquisitionCost
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if old, err = s.spend(ctx, tx, seen.ID); err != nil {
			return err
		}
		if err := checkSpend(seen, old); err != nil {
			return err
		}
		archived := old
		archived.Archived = true
		if err := s.writeSpend(ctx, tx, archived); err != nil {
			return err
		}
		return s.pushUndo(ctx, tx, "archive spend "+spendLabel(old), undoAction{Spend: &old})
	})
	return old, err
}

// Spend reads one acquisition cost, archived or not.
func (s *Store) Spend(ctx context.Context, id int64) (model.AcquisitionCost, error) {
	return s.spend(ctx, s.r, id)
}

func (s *Store) spend(ctx context.Context, q querier, id int64) (model.AcquisitionCost, error) {
	c, err := scanSpend(q.QueryRowContext(ctx, `SELECT `+spendColumns+` FROM acquisition_costs WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return c, problem(ErrNotFound, err, "there is no spend %d; `rolo spend list` shows the ids", id)
	}
	if err != nil {
		return c, explain(s.path, err)
	}
	return c, nil
}

// writeSpend saves every column of c (used by edits, archiving and undo).
func (s *Store) writeSpend(ctx context.Context, tx *sql.Tx, c model.AcquisitionCost) error {
	var archived any
	if c.Archived {
		archived = timestamp(s.now())
	}
	_, err := tx.ExecContext(ctx, `UPDATE acquisition_costs SET date = ?, amount_minor = ?, currency = ?, channel = ?, note = ?,
		archived_at = CASE WHEN ? IS NULL THEN NULL ELSE coalesce(archived_at, ?) END WHERE id = ?`,
		c.Date.String(), c.Amount.Minor, c.Amount.Currency, c.Channel, c.Note, archived, archived, c.ID)
	if err != nil {
		return fmt.Errorf("saving spend %d: %w", c.ID, err)
	}
	return nil
}

// SpendList lists the live acquisition costs dated from from to to (both
// inclusive; a zero date leaves that end open), latest first: within a
// period, the spend behind CAC.
func (s *Store) SpendList(ctx context.Context, from, to model.Date) ([]model.AcquisitionCost, error) {
	lo, hi := "0000-00-00", "9999-99-99"
	if !from.IsZero() {
		lo = from.String()
	}
	if !to.IsZero() {
		hi = to.String()
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+spendColumns+` FROM acquisition_costs
		WHERE date >= ? AND date <= ? AND archived_at IS NULL ORDER BY date DESC, id DESC`, lo, hi)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	out := []model.AcquisitionCost{}
	for rows.Next() {
		c, err := scanSpend(rows)
		if err != nil {
			return nil, fmt.Errorf("reading spend: %w", err)
		}
		out = append(out, c)
	}
	return out, explain(s.path, rows.Err())
}
