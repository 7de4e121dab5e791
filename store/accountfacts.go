package store

import (
	"context"
	"fmt"
	"time"

	"rolo/model"
)

// allAccountRows reads the rows of every account of from matching where (?1 is
// today) with the figures a derived sort needs, a pass over each table
// rather than a query per account: the contracts in force and signed for
// later, the open issues, the latest answers, the open renewal deals.
func (s *Store) allAccountRows(ctx context.Context, sort AccountSort, from, where string, args []any) ([]AccountRow, error) {
	// Rows are large: count them first rather than grow the slice.
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM `+from+` WHERE `+where, args...).Scan(&n); err != nil {
		return nil, explain(s.path, err)
	}
	out := make([]AccountRow, 0, n)
	index := make(map[int64]int, n)
	// What ranking needs of the account itself is in the list's index
	// (the table is five times its size).
	err := s.each(ctx, func(sc scanner) error {
		var a model.Account
		var n nullable
		if err := sc.Scan(&a.ID, &a.Name, &a.Status, &a.Tier, n.time(&a.LastTouchAt), &a.CadenceDays, n.date(&a.NextCheckIn),
			n.date(&a.CustomerSince), n.time(&a.CreatedAt)); err != nil {
			return err
		}
		if err := n.finish(); err != nil {
			return err
		}
		index[a.ID] = len(out)
		out = append(out, AccountRow{Account: a, ARR: model.Totals{}})
		return nil
	}, `SELECT a.id, a.name, a.status, a.tier, a.last_touch_at, a.cadence_days, a.next_checkin, a.customer_since, a.created_at
		FROM `+from+` WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	row := func(id int64) *AccountRow {
		if i, ok := index[id]; ok {
			return &out[i]
		}
		return nil
	}
	today := args[0].(string)
	health := sort == AccountsByHealth
	if health || sort == AccountsByARR {
		// The contracts in force, and those signed to start later (a
		// renewal in progress). The current contract is the one in force
		// that ends last (the earlier start wins: an add-on ends with the
		// contract it joins).
		current := map[int64]model.Contract{}
		err := s.each(ctx, func(sc scanner) error {
			var c model.Contract
			var n nullable
			if err := sc.Scan(&c.AccountID, &c.ID, &c.Value.Currency, &c.Value.Minor, n.date(&c.Start), n.date(&c.End), &c.AutoRenew, &c.Status); err != nil {
				return err
			}
			if err := n.finish(); err != nil {
				return err
			}
			r := row(c.AccountID)
			switch {
			case r == nil:
			case c.Start.String() > today:
				r.Contract.Renewing = true
			default:
				r.ARR.Add(c.Value)
				if was, ok := current[c.AccountID]; !ok || c.End.After(was.End) || (c.End == was.End && c.Start.Before(was.Start)) {
					current[c.AccountID] = c
				}
			}
			return nil
		}, `SELECT account_id, id, currency, value_minor, start_date, end_date, auto_renew, status FROM contracts
			WHERE archived_at IS NULL AND end_date >= ?1 ORDER BY id`, today)
		if err != nil {
			return nil, err
		}
		for id, c := range current {
			r := row(id)
			r.Contract = model.ContractState{InForce: true, End: c.End, Renewing: r.Contract.Renewing || renews(c.Status, c.AutoRenew)}
		}
	}
	if health {
		// A renewal in progress: an open renewal deal.
		err := s.each(ctx, func(sc scanner) error {
			var id int64
			if err := sc.Scan(&id); err != nil {
				return err
			}
			if r := row(id); r != nil {
				r.Contract.Renewing = true
			}
			return nil
		}, `SELECT DISTINCT account_id FROM deals INDEXED BY deals_open_renewals WHERE kind = 'renewal' AND status = 'open' AND archived_at IS NULL`)
		if err != nil {
			return nil, err
		}
	}
	if health || sort == AccountsByIssues {
		err := s.each(ctx, func(sc scanner) error {
			var id int64
			var sev model.Severity
			var opened time.Time
			var n nullable
			if err := sc.Scan(&id, &sev, n.time(&opened)); err != nil {
				return err
			}
			if err := n.finish(); err != nil {
				return err
			}
			if r := row(id); r != nil {
				r.Issues.Add(sev, opened)
			}
			return nil
		}, `SELECT account_id, severity, opened_at FROM support_issues WHERE resolved_at IS NULL AND archived_at IS NULL`)
		if err != nil {
			return nil, err
		}
	}
	if health || sort == AccountsBySurvey {
		// SQLite takes the bare column (score) from the row that has the
		// max(at) of its group: the latest answer of each kind.
		err := s.each(ctx, func(sc scanner) error {
			var id int64
			var kind model.SurveyKind
			var a model.Answer
			var n nullable
			if err := sc.Scan(&id, &kind, &a.Score, n.time(&a.At)); err != nil {
				return err
			}
			if err := n.finish(); err != nil {
				return err
			}
			if r := row(id); r != nil {
				if kind == model.NPS {
					r.NPS = a
				} else {
					r.CSAT = a
				}
			}
			return nil
		}, `SELECT account_id, kind, score, max(at) FROM surveys INDEXED BY surveys_account_kind WHERE archived_at IS NULL
			GROUP BY account_id, kind`)
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// each runs a query on the readers and hands every row to fn.
func (s *Store) each(ctx context.Context, fn func(scanner) error, query string, args ...any) error {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return explain(s.path, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return fmt.Errorf("reading a row: %w", err)
		}
	}
	return explain(s.path, rows.Err())
}
