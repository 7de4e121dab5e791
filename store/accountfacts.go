package store

import (
	"context"
	"time"

	"rolo/model"
)

// accountFacts reads, for the accounts of from matching where (?1 is
// today), the figures a derived sort needs — a pass over each table
// rather than a query per account: the contracts in force and signed for
// later, the open issues, the latest answers, the open renewal deals.
// Only accounts that have the figure get a row (for health, the
// customers; for ARR, accounts with a contract in force; …): the others
// sort after them by name and need no more than ids, so ranking 20,000
// accounts holds a few thousand rows, not all of them.
func (s *Store) accountFacts(ctx context.Context, sort AccountSort, matching map[int64]bool, from, where string, args []any) (map[int64]*AccountRow, error) {
	out := map[int64]*AccountRow{}
	health := sort == AccountsByHealth
	if health {
		// The account's own columns health reads, from the list's index
		// (the table is five times its size); only customers have health.
		err := s.each(ctx, func(sc scanner) error {
			var a model.Account
			var n nullable
			if err := sc.Scan(&a.ID, &a.Status, &a.Tier, n.time(&a.LastTouchAt), &a.CadenceDays, n.date(&a.NextCheckIn),
				n.date(&a.CustomerSince), n.time(&a.CreatedAt)); err != nil {
				return err
			}
			if err := n.finish(); err != nil {
				return err
			}
			out[a.ID] = &AccountRow{Account: a}
			return nil
		}, `SELECT a.id, a.status, a.tier, a.last_touch_at, a.cadence_days, a.next_checkin, a.customer_since, a.created_at
			FROM `+from+` WHERE `+where+` AND a.status = 'customer'`, args...)
		if err != nil {
			return nil, err
		}
	}
	// row is the account's row: for health only customers have one; for
	// the other sorts an account gets one when a figure of it turns up.
	row := func(id int64) *AccountRow {
		if r, ok := out[id]; ok || health || !matching[id] {
			return r
		}
		r := &AccountRow{Account: model.Account{ID: id}}
		out[id] = r
		return r
	}
	today := args[0].(string)
	if health || sort == AccountsByARR {
		// The contracts in force, and those signed to start later (a
		// renewal in progress). The current contract is the one in force
		// that ends last (the earlier start wins: an add-on ends with the
		// contract it joins).
		type inForce struct {
			start, end model.Date
			status     model.ContractStatus
			autoRenew  bool
		}
		current := map[int64]inForce{}
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
				if !health { // health does not read ARR: no map per customer
					if r.ARR == nil {
						r.ARR = model.Totals{}
					}
					r.ARR.Add(c.Value)
				}
				if was, ok := current[c.AccountID]; !ok || c.End.After(was.end) || (c.End == was.end && c.Start.Before(was.start)) {
					current[c.AccountID] = inForce{start: c.Start, end: c.End, status: c.Status, autoRenew: c.AutoRenew}
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
			r.Contract = model.ContractState{InForce: true, End: c.end, Renewing: r.Contract.Renewing || renews(c.status, c.autoRenew)}
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
