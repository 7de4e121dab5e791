package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"rolo/model"
)

// Every write to an existing row is given the row as its caller saw it
// ("seen"). Inside the write's transaction the stored row is read again:
// if its version is unchanged, the write goes ahead; if it changed, the
// two are compared field by field, and the write is refused with a
// *StaleError when a field it depends on changed (a key press depends on
// the deal's stage and status, a form on everything it shows). Otherwise
// it goes ahead over the stored row, so the other change is kept. A row
// that was undone (archived) since is always a conflict.

// conflict says whether a change since the caller's read defeats a write.
type conflict func(model.Changes) bool

// dependsOn is a write that depends on fields.
func dependsOn(fields ...model.Field) conflict {
	return func(c model.Changes) bool { return c.Has(fields...) }
}

// nothingElse is a write that depends only on the row still being there
// (archiving always conflicts).
func nothingElse(model.Changes) bool { return false }

// everythingButTouch is a form's save, which writes every field but the
// last touch: any change but a logged activity's touch defeats it.
func everythingButTouch(c model.Changes) bool { return c.AnyBut(model.FieldTouched) }

// seenVersion refuses a "seen" row that was not read from the store:
// every stored row has a version of at least 1.
func seenVersion(what string, id, version int64) error {
	if version == 0 {
		return fmt.Errorf("internal error: a write on %s %d must pass the row as read from the store (it has no version)", what, id)
	}
	return nil
}

// checkDeal refuses a write based on seen when the stored deal cur was
// undone, or changed since in a way conflicts says matters.
func (s *Store) checkDeal(ctx context.Context, q querier, seen, cur model.Deal, conflicts conflict) error {
	if err := seenVersion("deal", seen.ID, seen.Version); err != nil {
		return err
	}
	if cur.Archived && seen.Archived {
		return problem(ErrArchived, nil, "Deal %d was undone (archived), so it cannot be changed; nothing was saved", cur.ID)
	}
	if cur.Version == seen.Version {
		return nil
	}
	ch := model.DealChanges(seen, cur, stageName(ctx, q))
	if ch.Has(model.FieldArchived) || conflicts(ch) {
		return &StaleError{Msg: ch.Sentence() + " elsewhere", Current: cur}
	}
	return nil
}

// checkAccount is checkDeal for accounts.
func checkAccount(seen, cur model.Account, conflicts conflict) error {
	if err := seenVersion("account", seen.ID, seen.Version); err != nil {
		return err
	}
	if cur.Archived && seen.Archived {
		return problem(ErrArchived, nil, "Account %d (%s) was undone (archived), so it cannot be changed; nothing was saved",
			cur.ID, model.Clean(cur.Name))
	}
	if cur.Version == seen.Version {
		return nil
	}
	ch := model.AccountChanges(seen, cur)
	if ch.Has(model.FieldArchived) || conflicts(ch) {
		return &StaleError{Msg: ch.Sentence() + " elsewhere", Current: cur}
	}
	return nil
}

// liveAccount reads an account a new row will point at, refusing one
// that was undone (archived).
func (s *Store) liveAccount(ctx context.Context, q querier, id int64, doing string) (model.Account, error) {
	a, err := s.account(ctx, q, id)
	if err != nil {
		return a, err
	}
	if a.Archived {
		return a, problem(ErrArchived, nil, "account %d (%s) was undone (archived); %s needs a live account, so nothing was saved",
			id, model.Clean(a.Name), doing)
	}
	return a, nil
}

// liveRow refuses a reference to a contact, deal or contract that does
// not exist or was undone (archived). table is one of ours, never input.
func liveRow(ctx context.Context, q querier, table, what string, id int64) error {
	if id == 0 {
		return nil
	}
	var archived bool
	err := q.QueryRowContext(ctx, `SELECT archived_at IS NOT NULL FROM `+table+` WHERE id = ?`, id).Scan(&archived)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return problem(ErrNotFound, err, "%s %d does not exist", what, id)
	case err != nil:
		return err
	case archived:
		return problem(ErrArchived, nil, "%s %d was undone (archived), so nothing can be added to it; nothing was saved", what, id)
	}
	return nil
}
