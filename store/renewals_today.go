package store

import (
	"context"
	"fmt"
	"time"

	"rolo/model"
)

// renewalWithin is how far ahead Today looks for renewal deadlines.
const renewalWithin = 7

// renewalSegment is Today's renewal segment: undecided contracts, not
// snoozed past today, whose notice deadline falls within the next
// renewalWithin days or whose end date does (or has passed: ended and
// still active), most urgent first (by the date each must be decided
// by). Each row carries the contract, its account and its open renewal
// deal (in Deal and Stage).
func (s *Store) renewalSegment(today model.Date, now time.Time, stages map[int64]model.Stage) segment {
	// A notice deadline is never after its end, so every such contract's
	// deadline is on or before ?2: one range of the covering index.
	const where = `c.status = 'active' AND c.archived_at IS NULL AND c.notice_date <= ?2
		AND (c.notice_date >= ?1 OR c.end_date <= ?2) AND (c.snoozed_until IS NULL OR c.snoozed_until <= ?1)`
	args := []any{today.String(), today.AddDays(renewalWithin).String()}
	return segment{
		reason: ReasonRenewal,
		count: func(ctx context.Context) (int, error) {
			var n int
			err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM contracts c INDEXED BY contracts_active_notice WHERE `+where, args...).Scan(&n)
			return n, explain(s.path, err)
		},
		page: func(ctx context.Context, offset, limit int) ([]TodayItem, error) {
			rows, err := s.r.QueryContext(ctx, `SELECT c.id FROM contracts c INDEXED BY contracts_active_notice WHERE `+where+`
				ORDER BY CASE WHEN c.notice_date >= ?1 THEN c.notice_date ELSE c.end_date END, c.end_date, c.id
				LIMIT ?3 OFFSET ?4`, append(args, limit, offset)...)
			if err != nil {
				return nil, explain(s.path, err)
			}
			var ids []int64
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return nil, fmt.Errorf("reading the Today queue: %w", err)
				}
				ids = append(ids, id)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, explain(s.path, err)
			}
			found, err := s.contractRows(ctx, ids, today, false, true) // Today shows no health
			if err != nil {
				return nil, fmt.Errorf("reading the Today queue: %w", err)
			}
			out := make([]TodayItem, len(found))
			for i, r := range found {
				out[i] = TodayItem{Reason: ReasonRenewal, Contract: r.Contract, Account: r.Account, Deal: r.Deal, Stage: stages[r.Deal.StageID]}
			}
			return out, nil
		},
	}
}
