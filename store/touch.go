package store

import (
	"context"
	"database/sql"
	"time"

	"rolo/model"
)

// touch records a touch of the account at the instant at: any activity
// done on the account (or on one of its deals, or with one of its
// contacts), an issue opened or resolved, a survey answered. The last
// touch moves to at if that is later, which resets the check-in clock; a
// check-in also clears a next check-in date set by hand (it was for this
// check-in).
func touch(a *model.Account, at time.Time, checkIn bool) {
	if at.After(a.LastTouchAt) {
		a.LastTouchAt = at
	}
	if checkIn {
		a.NextCheckIn = model.Date{}
	}
}

// touchAccount writes a touch of acct (as read in the caller's
// transaction) and returns how to undo it, or nothing when nothing
// changed.
func (s *Store) touchAccount(ctx context.Context, tx *sql.Tx, acct model.Account, at time.Time, checkIn bool) ([]undoAction, error) {
	before := acct
	touch(&acct, at, checkIn)
	return s.saveAccountChange(ctx, tx, before, acct)
}

// saveAccountChange writes acct over before if they differ and returns
// how to undo it.
func (s *Store) saveAccountChange(ctx context.Context, tx *sql.Tx, before, acct model.Account) ([]undoAction, error) {
	if acct.LastTouchAt.Equal(before.LastTouchAt) && acct.NextCheckIn == before.NextCheckIn {
		return nil, nil
	}
	if err := s.writeAccount(ctx, tx, acct); err != nil {
		return nil, err
	}
	return []undoAction{{Account: &before}}, nil
}
