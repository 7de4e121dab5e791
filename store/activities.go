package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"rolo/model"
)

// NextStep optionally sets a deal's next step in the same transaction as
// logging an activity ("done, and schedule the next one").
type NextStep struct {
	Set  bool
	Step string
	Due  model.Date
	// Seen is the deal as the caller saw it. It is required when Set (the
	// new step replaces the one seen: if the deal's next step or status
	// changed elsewhere since, nothing is written) and otherwise optional
	// (a deal undone since is then reported as changed elsewhere).
	Seen model.Deal
}

// LogActivity records a touch. A done activity resets the deal's rot
// clock and the account's last touch; next, when set, replaces the deal's
// next step. All of it is one transaction and one undo. Nothing is logged
// on a deal, account or contact that was undone (archived).
func (s *Store) LogActivity(ctx context.Context, a model.Activity, next NextStep) (model.Activity, error) {
	a.Text = strings.TrimSpace(a.Text)
	if a.DealID == 0 {
		a.DealID = next.Seen.ID
	}
	switch {
	case next.Set && a.DealID == 0:
		return a, &model.FieldError{Field: "next step", Problem: "a next step belongs to a deal; log this on a deal"}
	case next.Set && next.Seen.ID != a.DealID:
		return a, fmt.Errorf("internal error: setting deal %d's next step needs the deal as the caller saw it (NextStep.Seen)", a.DealID)
	}
	if a.At.IsZero() && a.Due.IsZero() {
		a.At = s.now()
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var undo []undoAction
		var deal model.Deal
		if a.DealID != 0 {
			var err error
			if deal, err = s.deal(ctx, tx, a.DealID); err != nil {
				return err
			}
			if err := s.checkLogDeal(ctx, tx, deal, next); err != nil {
				return err
			}
			if a.AccountID == 0 {
				a.AccountID = deal.AccountID
			}
		}
		if err := a.Validate(); err != nil {
			return err
		}
		acct, err := s.liveAccount(ctx, tx, a.AccountID, "an activity")
		if err != nil {
			return err
		}
		if err := liveRow(ctx, tx, "contacts", "contact", a.ContactID); err != nil {
			return err
		}
		if a.ID, err = s.insertActivity(ctx, tx, a); err != nil {
			return err
		}
		undo = append(undo, undoAction{ArchiveActivity: a.ID})
		if a.Done() {
			touched, err := s.touchAccount(ctx, tx, acct, a.At, a.Kind == model.CheckIn)
			if err != nil {
				return err
			}
			undo = append(undo, touched...)
		}
		if a.DealID != 0 && (a.Done() || next.Set) {
			updated := deal
			if a.Done() && a.At.After(deal.LastTouchAt) {
				updated.LastTouchAt = a.At
			}
			if next.Set {
				updated.NextStep, updated.NextDue = strings.TrimSpace(next.Step), next.Due
				if err := updated.Validate(); err != nil {
					return err
				}
			}
			if err := s.writeDeal(ctx, tx, deal, updated, s.now()); err != nil {
				return err
			}
			undo = append(undo, undoAction{Deal: &deal})
		}
		on := acct.Name
		if a.DealID != 0 {
			on = deal.Title
		}
		return s.pushUndo(ctx, tx, fmt.Sprintf("log %s on %s", a.Kind, on), undo...)
	})
	if err != nil {
		return a, err
	}
	return s.activity(ctx, s.w, a.ID)
}

// insertActivity adds an activity (created now) in the caller's
// transaction and returns its id.
func (s *Store) insertActivity(ctx context.Context, tx *sql.Tx, a model.Activity) (int64, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO activities(account_id, deal_id, contact_id, kind, text, at, due, created_at, source_system, external_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.AccountID, idArg(a.DealID), idArg(a.ContactID), a.Kind, a.Text,
		timeArg(a.At), dateArg(a.Due), timestamp(s.now()), a.Ref.System, a.Ref.ExternalID)
	if err != nil {
		if isConstraint(err, "FOREIGN KEY") {
			return 0, problem(ErrNotFound, err, "the activity's account, deal or contact no longer exists")
		}
		return 0, fmt.Errorf("logging activity: %w", err)
	}
	return res.LastInsertId()
}

// checkLogDeal refuses logging on a deal that was undone, and replacing
// a next step that changed since the caller saw it.
func (s *Store) checkLogDeal(ctx context.Context, tx *sql.Tx, deal model.Deal, next NextStep) error {
	switch {
	case next.Seen.ID != 0 && next.Set:
		return s.checkDeal(ctx, tx, next.Seen, deal, nextStepNeeds)
	case next.Seen.ID != 0:
		return s.checkDeal(ctx, tx, next.Seen, deal, nothingElse)
	case deal.Archived:
		return problem(ErrArchived, nil, "Deal %d was undone (archived), so nothing can be logged on it; nothing was saved", deal.ID)
	}
	return nil
}

const activityColumns = `id, account_id, coalesce(deal_id, 0), coalesce(contact_id, 0), kind, text, at, due, created_at,
	archived_at IS NOT NULL, source_system, external_id, version`

func scanActivity(sc scanner) (model.Activity, error) {
	var a model.Activity
	var n nullable
	if err := sc.Scan(&a.ID, &a.AccountID, &a.DealID, &a.ContactID, &a.Kind, &a.Text, n.time(&a.At), n.date(&a.Due), n.time(&a.CreatedAt),
		&a.Archived, &a.Ref.System, &a.Ref.ExternalID, &a.Version); err != nil {
		return a, err
	}
	return a, n.finish()
}

// activity reads one activity, archived or not.
func (s *Store) activity(ctx context.Context, q querier, id int64) (model.Activity, error) {
	a, err := scanActivity(q.QueryRowContext(ctx, `SELECT `+activityColumns+` FROM activities WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return a, problem(ErrNotFound, err, "activity %d does not exist", id)
	}
	if err != nil {
		return a, explain(s.path, err)
	}
	return a, nil
}

// AccountActivities lists an account's most recent activities, newest first
// (due tasks by due date).
func (s *Store) AccountActivities(ctx context.Context, accountID int64, limit int) ([]model.Activity, error) {
	return s.activities(ctx, `account_id = ?`, accountID, limit)
}

// DealActivities lists a deal's activities, newest first.
func (s *Store) DealActivities(ctx context.Context, dealID int64, limit int) ([]model.Activity, error) {
	return s.activities(ctx, `deal_id = ?`, dealID, limit)
}

// OpenTasks lists an account's tasks still to do, the one due first first.
func (s *Store) OpenTasks(ctx context.Context, accountID int64) ([]model.Activity, error) {
	var out []model.Activity
	err := s.each(ctx, func(sc scanner) error {
		a, err := scanActivity(sc)
		if err != nil {
			return err
		}
		out = append(out, a)
		return nil
	}, `SELECT `+activityColumns+` FROM activities WHERE account_id = ? AND kind = 'task' AND at IS NULL AND archived_at IS NULL
		ORDER BY due IS NULL, due, id`, accountID)
	return out, err
}

func (s *Store) activities(ctx context.Context, where string, id int64, limit int) ([]model.Activity, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+activityColumns+` FROM activities
		WHERE `+where+` AND archived_at IS NULL ORDER BY coalesce(at, due) DESC, id DESC LIMIT ?`, id, limit)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	var out []model.Activity
	for rows.Next() {
		a, err := scanActivity(rows)
		if err != nil {
			return nil, fmt.Errorf("reading activities: %w", err)
		}
		out = append(out, a)
	}
	return out, explain(s.path, rows.Err())
}
