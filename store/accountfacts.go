package store

import (
	"context"
	"time"

	"rolo/model"
)

// rankByFacts ranks the accounts in matching that have the figure of a
// derived sort other than health, read in one pass over its table rather
// than a query per account (today is YYYY-MM-DD): ARR from the contracts
// in force, the open issues, the latest answers. Only the figure is kept
// per account, and only for accounts that have it: the others sort after
// them by name.
func (s *Store) rankByFacts(ctx context.Context, sort AccountSort, matching map[int64]int, today string, rank func(AccountRow)) error {
	has := func(id int64) bool { _, ok := matching[id]; return ok }
	switch sort {
	case AccountsByARR:
		arr := map[int64][]model.Money{}
		err := s.each(ctx, func(sc scanner) error {
			var id int64
			var m model.Money
			if err := sc.Scan(&id, &m.Currency, &m.Minor); err != nil {
				return err
			}
			if has(id) {
				arr[id] = append(arr[id], m)
			}
			return nil
		}, `SELECT account_id, currency, value_minor FROM contracts
			WHERE archived_at IS NULL AND start_date <= ?1 AND end_date >= ?1 ORDER BY id`, today)
		for id, amounts := range arr {
			r := AccountRow{Account: model.Account{ID: id}, ARR: model.Totals{}}
			for _, m := range amounts {
				r.ARR.Add(m)
			}
			rank(r)
		}
		return err
	case AccountsByIssues:
		issues := map[int64]model.OpenIssues{}
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
			if has(id) {
				o := issues[id]
				o.Add(sev, opened)
				issues[id] = o
			}
			return nil
		}, `SELECT account_id, severity, opened_at FROM support_issues WHERE resolved_at IS NULL AND archived_at IS NULL`)
		for id, o := range issues {
			rank(AccountRow{Account: model.Account{ID: id}, Issues: o})
		}
		return err
	case AccountsBySurvey:
		answers := map[int64][2]model.Answer{} // CSAT, NPS
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
			if has(id) {
				both := answers[id]
				if kind == model.NPS {
					both[1] = a
				} else {
					both[0] = a
				}
				answers[id] = both
			}
			return nil
		}, `SELECT account_id, kind, score, max(at) FROM surveys INDEXED BY surveys_account_kind WHERE archived_at IS NULL
			GROUP BY account_id, kind`)
		for id, both := range answers {
			rank(AccountRow{Account: model.Account{ID: id}, CSAT: both[0], NPS: both[1]})
		}
		return err
	}
	return nil
}

// healthBatch is how many customers' rows the health ranking reads at a
// time.
const healthBatch = 500

// eachCustomerRow hands the row of every matching customer to fn, read as
// the list reads its pages (less the open deals and ARR health does not
// read), healthBatch accounts a query: health needs every fact of an
// account at once, and holding them for all 7,000 customers of the scale
// case at once cost ~8 MiB (BENCHMARKS.md, issue 6).
func (s *Store) eachCustomerRow(ctx context.Context, q AccountQuery, where string, args []any, fn func(AccountRow)) error {
	ids, err := column[int64](ctx, s, `SELECT a.id FROM `+q.from()+` WHERE `+where+` AND a.status = 'customer'`, args...)
	if err != nil {
		return err
	}
	for len(ids) > 0 {
		n := min(len(ids), healthBatch)
		rows, err := s.accountRows(ctx, `, 0, NULL`+healthFacts, ids[:n])
		if err != nil {
			return err
		}
		for _, r := range rows {
			fn(r)
		}
		ids = ids[n:]
	}
	return nil
}
