package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"rolo/model"
)

// The Today queue's segments about accounts: check-ins due, tasks due and
// urgent issues. Each is counted through an index of its own.

// checkInSegment: customers whose check-in is due today or was due
// earlier (model.Account.CheckInDue), most late first.
func (s *Store) checkInSegment(today model.Date) segment {
	const where = ` FROM accounts a INDEXED BY accounts_checkin_due
		WHERE a.status = 'customer' AND a.archived_at IS NULL AND a.checkin_due <= ?1`
	day := today.String()
	return segment{
		reason: ReasonCheckIn,
		count: func(ctx context.Context) (int, error) {
			var n int
			err := s.r.QueryRowContext(ctx, `SELECT count(*)`+where, day).Scan(&n)
			return n, explain(s.path, err)
		},
		page: func(ctx context.Context, offset, limit int) ([]TodayItem, error) {
			rows, err := s.r.QueryContext(ctx, `SELECT `+accountColumns+where+` ORDER BY a.checkin_due, a.id LIMIT ?2 OFFSET ?3`,
				day, limit, offset)
			if err != nil {
				return nil, explain(s.path, err)
			}
			defer rows.Close()
			var out []TodayItem
			for rows.Next() {
				a, err := scanAccount(rows)
				if err != nil {
					return nil, fmt.Errorf("reading the check-ins due: %w", err)
				}
				out = append(out, TodayItem{Reason: ReasonCheckIn, Account: a})
			}
			return out, explain(s.path, rows.Err())
		},
	}
}

// taskSegment: tasks not done and due today or earlier, on any account
// or deal, most overdue first.
func (s *Store) taskSegment(today model.Date) segment {
	const where = ` FROM activities INDEXED BY activities_open_tasks
		WHERE at IS NULL AND kind = 'task' AND archived_at IS NULL AND due <= ?1`
	day := today.String()
	return segment{
		reason: ReasonTask,
		count: func(ctx context.Context) (int, error) {
			var n int
			err := s.r.QueryRowContext(ctx, `SELECT count(*)`+where, day).Scan(&n)
			return n, explain(s.path, err)
		},
		page: func(ctx context.Context, offset, limit int) ([]TodayItem, error) {
			rows, err := s.r.QueryContext(ctx, `SELECT `+activityColumns+where+` ORDER BY due, id LIMIT ?2 OFFSET ?3`, day, limit, offset)
			if err != nil {
				return nil, explain(s.path, err)
			}
			defer rows.Close()
			var out []TodayItem
			for rows.Next() {
				t, err := scanActivity(rows)
				if err != nil {
					return nil, fmt.Errorf("reading the tasks due: %w", err)
				}
				out = append(out, TodayItem{Reason: ReasonTask, Task: t})
			}
			if err := rows.Err(); err != nil {
				return nil, explain(s.path, err)
			}
			rows.Close()
			return out, s.fillParties(ctx, out)
		},
	}
}

// issueSegment: open issues of severity high or urgent opened more than a
// day before now, urgent first, then oldest first.
func (s *Store) issueSegment(now time.Time) segment {
	const where = ` FROM support_issues i INDEXED BY support_issues_open
		WHERE i.resolved_at IS NULL AND i.archived_at IS NULL AND i.severity IN ('urgent', 'high') AND i.opened_at < ?1`
	before := timestamp(now.Add(-24 * time.Hour))
	return segment{
		reason: ReasonIssue,
		count: func(ctx context.Context) (int, error) {
			var n int
			err := s.r.QueryRowContext(ctx, `SELECT count(*)`+where, before).Scan(&n)
			return n, explain(s.path, err)
		},
		page: func(ctx context.Context, offset, limit int) ([]TodayItem, error) {
			rows, err := s.r.QueryContext(ctx, `SELECT `+issueColumns+where+` ORDER BY `+severityRank+` DESC, i.opened_at, i.id
				LIMIT ?2 OFFSET ?3`, before, limit, offset)
			if err != nil {
				return nil, explain(s.path, err)
			}
			defer rows.Close()
			var out []TodayItem
			for rows.Next() {
				i, err := scanIssue(rows)
				if err != nil {
					return nil, fmt.Errorf("reading the urgent issues: %w", err)
				}
				out = append(out, TodayItem{Reason: ReasonIssue, Issue: i})
			}
			if err := rows.Err(); err != nil {
				return nil, explain(s.path, err)
			}
			rows.Close()
			return out, s.fillParties(ctx, out)
		},
	}
}

// fillParties reads the accounts (and a task's deal) of a page of task
// and issue rows, two queries for the page.
func (s *Store) fillParties(ctx context.Context, items []TodayItem) error {
	var accounts, deals []any
	for _, it := range items {
		accounts = append(accounts, it.Task.AccountID+it.Issue.AccountID)
		if it.Task.DealID != 0 {
			deals = append(deals, it.Task.DealID)
		}
	}
	if len(items) == 0 {
		return nil
	}
	byID := map[int64]model.Account{}
	rows, err := s.r.QueryContext(ctx, `SELECT `+accountColumns+` FROM accounts a WHERE a.id IN (`+marks(len(accounts))+`)`, accounts...)
	if err != nil {
		return explain(s.path, err)
	}
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			rows.Close()
			return fmt.Errorf("reading accounts: %w", err)
		}
		byID[a.ID] = a
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return explain(s.path, err)
	}
	dealsByID := map[int64]model.Deal{}
	if len(deals) > 0 {
		found, err := s.queryDeals(ctx, `SELECT `+dealColumns+dealFrom+`WHERE d.id IN (`+marks(len(deals))+`)`, deals...)
		if err != nil {
			return err
		}
		for _, d := range found {
			dealsByID[d.ID] = d
		}
	}
	for i := range items {
		it := &items[i]
		it.Account = byID[it.Task.AccountID+it.Issue.AccountID]
		if it.Task.DealID != 0 {
			it.Deal = dealsByID[it.Task.DealID]
		}
	}
	return nil
}

// marks is n "?" placeholders.
func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }
