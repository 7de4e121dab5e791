package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"rolo/model"
)

// FollowUp is what an account manager plans while logging a touch: the
// day of the next check-in (instead of last touch + cadence, once) and a
// task with its due date. Either may be left out.
type FollowUp struct {
	NextCheckIn model.Date
	Task        string
	TaskDue     model.Date
}

// validate checks a follow-up against today.
func (f FollowUp) validate(today model.Date) error {
	switch {
	case f.Task != "" && f.TaskDue.IsZero():
		return &model.FieldError{Field: "task due", Problem: "when is the task due? (tomorrow, fri, Dec 5)"}
	case f.Task == "" && !f.TaskDue.IsZero():
		return &model.FieldError{Field: "task", Problem: "say what is due on " + f.TaskDue.Short(today)}
	case !f.NextCheckIn.IsZero() && !f.NextCheckIn.After(today):
		return &model.FieldError{Field: "next check-in", Problem: "pick a day after today for the next check-in"}
	}
	if f.Task == "" {
		return nil
	}
	err := (model.Activity{AccountID: 1, Kind: model.Task, Text: f.Task, Due: f.TaskDue}).Validate()
	if fe, ok := err.(*model.FieldError); ok && fe.Field == "text" {
		fe.Field = "task"
	}
	return err

}

// LogOnAccount records an activity on an account, as the caller saw the
// account: a check-in, a call, a note… (done now unless At is set), or a
// task due on a day. In the same transaction it touches the account (a
// check-in also clears the next check-in date set by hand), sets the next
// check-in date and adds a follow-up task when asked. One undo reverses
// all of it. Setting the next check-in date is refused if it changed
// elsewhere since the caller read the account.
func (s *Store) LogOnAccount(ctx context.Context, seen model.Account, a model.Activity, f FollowUp) (model.Activity, error) {
	a.Text, f.Task = strings.TrimSpace(a.Text), strings.TrimSpace(f.Task)
	a.AccountID, a.DealID = seen.ID, 0
	if a.At.IsZero() && a.Due.IsZero() {
		a.At = s.now()
	}
	if err := a.Validate(); err != nil {
		return a, err
	}
	today := s.clock.Today()
	if a.At.After(s.now()) {
		return a, &model.FieldError{Field: "when", Problem: "that is in the future; log what happened, add a task for what will"}
	}
	if err := f.validate(today); err != nil {
		return a, err
	}
	conflicts := nothingElse
	if !f.NextCheckIn.IsZero() {
		conflicts = dependsOn(model.FieldNextCheckIn)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := s.account(ctx, tx, seen.ID)
		if err != nil {
			return err
		}
		if err := checkAccount(seen, cur, conflicts); err != nil {
			return err
		}
		if err := s.contactOf(ctx, tx, cur, a.ContactID); err != nil {
			return err
		}
		if a.ID, err = s.insertActivity(ctx, tx, a); err != nil {
			return err
		}
		undo := []undoAction{{ArchiveActivity: a.ID}}
		if f.Task != "" {
			id, err := s.insertActivity(ctx, tx, model.Activity{AccountID: cur.ID, ContactID: a.ContactID, Kind: model.Task, Text: f.Task, Due: f.TaskDue})
			if err != nil {
				return err
			}
			undo = append(undo, undoAction{ArchiveActivity: id})
		}
		acct := cur
		if a.Done() {
			touch(&acct, a.At, a.Kind == model.CheckIn)
		}
		if !f.NextCheckIn.IsZero() {
			acct.NextCheckIn = f.NextCheckIn
		}
		touched, err := s.saveAccountChange(ctx, tx, cur, acct)
		if err != nil {
			return err
		}
		label := fmt.Sprintf("log %s on %s", a.Kind, cur.Name)
		if a.Kind == model.CheckIn {
			label = "check in with " + cur.Name
		}
		return s.pushUndo(ctx, tx, label, append(undo, touched...)...)
	})
	if err != nil {
		return a, err
	}
	return s.activity(ctx, s.w, a.ID)
}

// contactOf refuses a contact that is not a live contact of acct.
func (s *Store) contactOf(ctx context.Context, q querier, acct model.Account, contactID int64) error {
	if contactID == 0 {
		return nil
	}
	c, err := s.contact(ctx, q, contactID)
	switch {
	case err != nil:
		return err
	case c.AccountID != acct.ID:
		return &model.FieldError{Field: "contact", Problem: fmt.Sprintf("%s is not a contact of %s", model.Clean(c.Name), model.Clean(acct.Name))}
	case c.Archived:
		return problem(ErrArchived, nil, "contact %d (%s) was archived; pick another; nothing was saved", c.ID, model.Clean(c.Name))
	}
	return nil
}

// Activity reads one activity, archived or not.
func (s *Store) Activity(ctx context.Context, id int64) (model.Activity, error) {
	return s.activity(ctx, s.r, id)
}

// checkActivity refuses a write based on seen when the stored activity
// cur was undone, or changed since in a way conflicts says matters.
func checkActivity(seen, cur model.Activity, conflicts conflict) error {
	if err := seenVersion("activity", seen.ID, seen.Version); err != nil {
		return err
	}
	if cur.Archived && seen.Archived {
		return problem(ErrArchived, nil, "Activity %d was undone (archived), so it cannot be changed; nothing was saved", cur.ID)
	}
	if cur.Version == seen.Version {
		return nil
	}
	ch := model.ActivityChanges(seen, cur)
	if ch.Has(model.FieldArchived) || conflicts(ch) {
		return &StaleError{Msg: ch.Sentence() + " elsewhere", Current: cur}
	}
	return nil
}

// writeActivity saves every column of a (used by marking a task done and
// by undo).
func (s *Store) writeActivity(ctx context.Context, tx *sql.Tx, a model.Activity) error {
	var archived any
	if a.Archived {
		archived = timestamp(s.now())
	}
	_, err := tx.ExecContext(ctx, `UPDATE activities SET kind = ?, text = ?, at = ?, due = ?, contact_id = ?,
		archived_at = CASE WHEN ? IS NULL THEN NULL ELSE coalesce(archived_at, ?) END WHERE id = ?`,
		a.Kind, a.Text, timeArg(a.At), dateArg(a.Due), idArg(a.ContactID), archived, archived, a.ID)
	if err != nil {
		return fmt.Errorf("saving activity %d: %w", a.ID, err)
	}
	return nil
}

// CompleteTask marks a task, as the caller saw it, done now: a touch of
// its account (and of its deal, if it is about one). In the same
// transaction it adds the next task (on the same account, deal and
// contact) and sets the next check-in date when asked. If the task was
// marked done or undone elsewhere since, nothing is written.
func (s *Store) CompleteTask(ctx context.Context, seen model.Activity, f FollowUp) (model.Activity, error) {
	f.Task = strings.TrimSpace(f.Task)
	if err := f.validate(s.clock.Today()); err != nil {
		return seen, err
	}
	var out model.Activity
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := s.activity(ctx, tx, seen.ID)
		if err != nil {
			return err
		}
		if err := checkActivity(seen, old, dependsOn(model.FieldDone)); err != nil {
			return err
		}
		if old.Kind != model.Task || old.Done() {
			return problem(ErrConflict, nil, "activity %d is not a task still to do", old.ID)
		}
		acct, err := s.liveAccount(ctx, tx, old.AccountID, "a task")
		if err != nil {
			return err
		}
		now := s.now()
		done := old
		done.At = now
		if err := s.writeActivity(ctx, tx, done); err != nil {
			return err
		}
		undo := []undoAction{{Activity: &old}}
		if f.Task != "" {
			id, err := s.insertActivity(ctx, tx, model.Activity{AccountID: old.AccountID, DealID: old.DealID, ContactID: old.ContactID,
				Kind: model.Task, Text: f.Task, Due: f.TaskDue})
			if err != nil {
				return err
			}
			undo = append(undo, undoAction{ArchiveActivity: id})
		}
		after := acct
		touch(&after, now, false)
		if !f.NextCheckIn.IsZero() {
			after.NextCheckIn = f.NextCheckIn
		}
		touched, err := s.saveAccountChange(ctx, tx, acct, after)
		if err != nil {
			return err
		}
		undo = append(undo, touched...)
		if old.DealID != 0 {
			deal, err := s.deal(ctx, tx, old.DealID)
			if err != nil {
				return err
			}
			if !deal.Archived && now.After(deal.LastTouchAt) {
				updated := deal
				updated.LastTouchAt = now
				if err := s.writeDeal(ctx, tx, deal, updated, now); err != nil {
					return err
				}
				undo = append(undo, undoAction{Deal: &deal})
			}
		}
		if err := s.pushUndo(ctx, tx, "done: "+old.Text, undo...); err != nil {
			return err
		}
		out, err = s.activity(ctx, tx, old.ID)
		return err
	})
	return out, err
}

// ArchiveAccount takes an account, as the caller saw it, off every list
// (nothing is deleted: undo brings it back). An account with live
// business — open deals, contracts in force, open issues or tasks to do —
// is refused, saying what to settle first.
func (s *Store) ArchiveAccount(ctx context.Context, seen model.Account) (model.Account, error) {
	var out model.Account
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := s.account(ctx, tx, seen.ID)
		if err != nil {
			return err
		}
		if err := checkAccount(seen, old, everythingButTouch); err != nil {
			return err
		}
		if live, err := s.liveBusiness(ctx, tx, old.ID); err != nil || live != "" {
			if err == nil {
				err = problem(ErrConflict, nil, "%s still has %s; settle those first (close the deals, resolve the issues, mark the tasks done, let the contracts end); nothing was archived",
					model.Clean(old.Name), live)
			}
			return err
		}
		a := old
		a.Archived = true
		if err := s.writeAccount(ctx, tx, a); err != nil {
			return err
		}
		if err := s.pushUndo(ctx, tx, "archive account "+old.Name, undoAction{Account: &old}); err != nil {
			return err
		}
		out, err = s.account(ctx, tx, old.ID)
		return err
	})
	return out, err
}

// liveBusiness says what live business an account has ("2 open deals and
// 1 contract in force"), or "" for none.
func (s *Store) liveBusiness(ctx context.Context, tx *sql.Tx, id int64) (string, error) {
	today := s.clock.Today().String()
	var deals, contracts, issues, tasks int
	err := tx.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM deals WHERE account_id = ?1 AND status = 'open' AND archived_at IS NULL),
		(SELECT count(*) FROM contracts WHERE account_id = ?1 AND archived_at IS NULL AND end_date >= ?2),
		(SELECT count(*) FROM support_issues WHERE account_id = ?1 AND resolved_at IS NULL AND archived_at IS NULL),
		(SELECT count(*) FROM activities WHERE account_id = ?1 AND at IS NULL AND archived_at IS NULL)`, id, today).
		Scan(&deals, &contracts, &issues, &tasks)
	if err != nil {
		return "", err
	}
	var parts []string
	for _, p := range []struct {
		n            int
		one, several string
	}{{deals, "open deal", "open deals"}, {contracts, "contract in force or to come", "contracts in force or to come"},
		{issues, "open issue", "open issues"}, {tasks, "task to do", "tasks to do"}} {
		switch {
		case p.n == 1:
			parts = append(parts, "1 "+p.one)
		case p.n > 1:
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.several))
		}
	}
	return model.JoinList(parts), nil

}
