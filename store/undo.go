package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"rolo/model"
)

// undoAction is one step that puts things back as they were before a user
// action. Nothing is ever deleted: undoing an addition archives the row,
// and undoing a change writes the old values back (a deal's history gains
// the reverse events, so it stays true).
type undoAction struct {
	Deal            *model.Deal     `json:"deal,omitempty"`
	Account         *model.Account  `json:"account,omitempty"`
	Contract        *model.Contract `json:"contract,omitempty"`
	ArchiveDeal     int64           `json:"archive_deal,omitempty"`
	ArchiveAccount  int64           `json:"archive_account,omitempty"`
	ArchiveContact  int64           `json:"archive_contact,omitempty"`
	ArchiveActivity int64           `json:"archive_activity,omitempty"`
	ArchiveContract int64           `json:"archive_contract,omitempty"`

	Spend        *model.AcquisitionCost `json:"spend,omitempty"`         // put an edited or archived spend row back
	ArchiveSpend int64                  `json:"archive_spend,omitempty"` // undo adding a spend row
}

// undoKeep is how many undo entries are kept.
const undoKeep = 1000

// pushUndo records, in the same transaction as the change, how to undo it.
func (s *Store) pushUndo(ctx context.Context, tx *sql.Tx, label string, actions ...undoAction) error {
	payload, err := json.Marshal(actions)
	if err != nil {
		return fmt.Errorf("recording undo: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO undo_log(at, label, payload) VALUES (?, ?, ?)`, timestamp(s.now()), label, string(payload))
	if err != nil {
		return fmt.Errorf("recording undo: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return err
	}
	if id%100 == 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM undo_log WHERE id <= ?`, id-undoKeep); err != nil {
			return fmt.Errorf("trimming undo: %w", err)
		}
	}
	return nil
}

// ErrNothingToUndo is returned by Undo when there is nothing left to undo.
var ErrNothingToUndo = errors.New("nothing to undo")

// Undone says what Undo reversed: the action's label ("move deal Acme
// renewal") and the deal it touched, if any, so a view can select it.
type Undone struct {
	Label  string
	DealID int64
}

// Undo reverses the most recent user action not yet undone.
func (s *Store) Undo(ctx context.Context) (Undone, error) {
	var out Undone
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var id int64
		var payload string
		err := tx.QueryRowContext(ctx, `SELECT id, label, payload FROM undo_log WHERE undone = 0 ORDER BY id DESC LIMIT 1`).
			Scan(&id, &out.Label, &payload)
		if err == sql.ErrNoRows {
			return ErrNothingToUndo
		}
		if err != nil {
			return err
		}
		var actions []undoAction
		if err := json.Unmarshal([]byte(payload), &actions); err != nil {
			return fmt.Errorf("reading undo entry %d: %w", id, err)
		}
		for i := len(actions) - 1; i >= 0; i-- {
			if err := s.applyUndo(ctx, tx, actions[i]); err != nil {
				return fmt.Errorf("undoing %s: %w", model.Clean(out.Label), err)
			}
			if d := actions[i].Deal; d != nil {
				out.DealID = d.ID
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE undo_log SET undone = 1 WHERE id = ?`, id)
		return err
	})
	return out, err
}

func (s *Store) applyUndo(ctx context.Context, tx *sql.Tx, a undoAction) error {
	now := timestamp(s.now())
	archive := func(table string, id int64) error {
		// table is one of our constants below, never input.
		_, err := tx.ExecContext(ctx, `UPDATE `+table+` SET archived_at = ? WHERE id = ? AND archived_at IS NULL`, now, id)
		return err
	}
	switch {
	case a.Deal != nil:
		cur, err := s.deal(ctx, tx, a.Deal.ID)
		if err != nil {
			return err
		}
		return s.writeDeal(ctx, tx, cur, *a.Deal, s.now())
	case a.Account != nil:
		return s.writeAccount(ctx, tx, *a.Account)
	case a.Contract != nil:
		return s.writeContract(ctx, tx, *a.Contract)
	case a.ArchiveDeal != 0:
		return archive("deals", a.ArchiveDeal)
	case a.ArchiveAccount != 0:
		return archive("accounts", a.ArchiveAccount)
	case a.ArchiveContact != 0:
		return archive("contacts", a.ArchiveContact)
	case a.ArchiveActivity != 0:
		return archive("activities", a.ArchiveActivity)
	case a.ArchiveContract != 0:
		return archive("contracts", a.ArchiveContract)
	case a.Spend != nil:
		return s.writeSpend(ctx, tx, *a.Spend)
	case a.ArchiveSpend != 0:
		return archive("acquisition_costs", a.ArchiveSpend)
	}
	return nil
}
