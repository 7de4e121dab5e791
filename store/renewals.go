package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"rolo/model"
)

// The renewal review reads contracts in a window of days (see
// model.RenewalWindow): first the undecided ones, most urgent first (by
// the date each must be decided by: the notice deadline while it is ahead,
// else the end), then the snoozed ones (by the day they come back), then
// the ones already decided (the latest decision first). Counting reads
// the totals of the whole window; pages read ids in order, then the rows.

// RenewalPart is where a row of the review sits.
type RenewalPart int

const (
	PartQueue   RenewalPart = iota // undecided: renew, churn, snooze or check in
	PartSnoozed                    // undecided, snoozed past today
	PartDecided                    // renewed or churned
	partCount
)

// RenewalRow is one contract of the review with what its row shows.
type RenewalRow struct {
	Part     RenewalPart
	Contract model.Contract
	// Account is the contract's account, as stored (its version too).
	Account model.Account
	// Health is the account's health, exactly as the Accounts list and
	// the account page show it (model.HealthOf on the same facts); nil
	// when the account has none (a prospect or a churned account) or the
	// row was read without it (Today's renewal segment).
	Health     *model.Health
	OpenIssues int
	WorstIssue model.Severity // of the open issues; "" when none
	// Deal is the open renewal deal working the contract (ID 0 if none):
	// an account's open renewal deals work its undecided contracts that
	// end first.
	Deal model.Deal
	// Next is the term that renewed a renewed contract (ID 0 otherwise).
	Next model.Contract
	// With are the account's other undecided contracts ending the same
	// day in the same currency (an add-on co-terminating with the
	// contract it joined): a decision on the row decides them too.
	With []model.Contract
}

// Renewing is the yearly value a decision on the row decides: the
// contract's and those ending with it.
func (r RenewalRow) Renewing() model.Money {
	return model.GroupValue(r.Contract, r.With)
}

// Key identifies the row's contract for a list's cursor.
func (r RenewalRow) Key() int64 { return r.Contract.ID }

// RenewalQuery selects the contracts of a review.
type RenewalQuery struct {
	Window model.RenewalWindow
	Filter string // part of the account name
}

// RenewalTotals is a count and its value per year, per currency.
type RenewalTotals struct {
	Count int
	Value model.Totals
}

func (t *RenewalTotals) add(currency string, n int, minor int64) {
	if t.Value == nil {
		t.Value = model.Totals{}
	}
	t.Count += n
	t.Value[currency] += minor
}

// RenewalSummary is a review as counted at one moment: the header's
// figures, how many rows each part holds, and the rows' order, so pages
// can be read from any offset.
type RenewalSummary struct {
	Query RenewalQuery
	Now   time.Time
	// Up is every undecided contract of the window (snoozed ones too):
	// up for renewal; Snoozed those snoozed past today. (At risk is
	// RenewalsAtRisk.)
	Up, Snoozed RenewalTotals
	// Renewed and Churned are the decided part, at their value before
	// the decision.
	Renewed, Churned RenewalTotals
	Parts            [partCount]int
	ids              []int64 // the rows' contracts, in order
}

// Total is the number of rows of the review.
func (s RenewalSummary) Total() int { return len(s.ids) }

// renewalSQL lists the review's rows: every undecided contract of the
// window (part 0, or 1 while snoozed) and every decided one (part 2) of
// the accounts matching the filter, with what counting and ordering them
// needs. Parameters: ?1 today, ?2 and ?3 the window's first and last
// days, ?4 the filter as a LIKE pattern (NULL for none), ?5 and ?6 the
// window's first and last instants (when a decision was recorded), ?7
// the last notice deadline of an undecided contract in a window that
// starts by today, ?8 a year after the window's end.
//
// An undecided contract is in the window when its notice deadline or end
// falls in it or its notice deadline has passed (model.RenewalWindow). A
// notice deadline is never after its contract's end, nor more than 365
// days before it, so for a window starting by today that is one range of
// the notice deadline (up to the window's end, or yesterday if later:
// ?7), and a decided contract whose deadline or end is in the window ends
// between the window's start and a year after its end (?8). Each part
// reads a covering index; a decision recorded in the window is found by
// when it was recorded (updated_at: nothing writes a decided contract
// but undo).
func renewalSQL(q RenewalQuery) string {
	w := q.Window
	undecided := `c.notice_date <= ?7`
	if w.From.After(w.Today) {
		undecided = `(c.notice_date BETWEEN ?2 AND ?3 OR c.end_date BETWEEN ?2 AND ?3 OR c.notice_date < ?1)`
	}
	// Undo never archives an account that has live contracts, so the
	// accounts are read only to filter by name.
	from, byName := ``, ``
	if strings.TrimSpace(q.Filter) != "" {
		from, byName = ` JOIN accounts a ON a.id = c.account_id`, ` AND a.name LIKE ?4 ESCAPE '\'`
	}
	const inWindow = `c.end_date BETWEEN ?2 AND ?8
		AND (date(c.end_date, '-' || c.notice_days || ' days') BETWEEN ?2 AND ?3 OR c.end_date BETWEEN ?2 AND ?3)`
	return `
	SELECT c.id, c.status, c.currency, c.value_minor, c.end_date, c.notice_date, c.snoozed_until, NULL AS updated_at,
		CASE WHEN c.snoozed_until > ?1 THEN 1 ELSE 0 END AS part
	FROM contracts c INDEXED BY contracts_active_notice` + from + `
	WHERE c.status = 'active' AND c.archived_at IS NULL AND ` + undecided + byName + `
	UNION ALL
	SELECT c.id, c.status, c.currency, c.value_minor, c.end_date, NULL, NULL, c.updated_at, 2
	FROM contracts c INDEXED BY contracts_decided` + from + `
	WHERE c.status <> 'active' AND c.archived_at IS NULL AND ` + inWindow + byName + `
	UNION ALL
	SELECT c.id, c.status, c.currency, c.value_minor, c.end_date, NULL, NULL, c.updated_at, 2
	FROM contracts c INDEXED BY contracts_decided_at` + from + `
	WHERE c.status <> 'active' AND c.archived_at IS NULL AND c.updated_at >= ?5 AND c.updated_at < ?6
		AND NOT (` + inWindow + `)` + byName
}

// renewalOrder sorts renewalSQL's rows as the review lists them.
const renewalOrder = `part,
	CASE part WHEN 0 THEN (CASE WHEN notice_date >= ?1 THEN notice_date ELSE end_date END) WHEN 1 THEN snoozed_until END,
	CASE WHEN part = 2 THEN updated_at END DESC, end_date, id`

func (s *Store) renewalArgs(q RenewalQuery) []any {
	w := q.Window
	var filter any
	if f := strings.TrimSpace(q.Filter); f != "" {
		filter = "%" + likeEscape(f) + "%"
	}
	loc := s.clock.Now().Location()
	bound := w.To
	if yesterday := w.Today.AddDays(-1); yesterday.After(bound) {
		bound = yesterday
	}
	return []any{w.Today.String(), w.From.String(), w.To.String(), filter,
		timestamp(w.From.Start(loc)), timestamp(w.To.AddDays(1).Start(loc)), bound.String(), w.To.AddDays(366).String()}
}

// CountRenewals lists the review of q in order and sums its header
// figures (all but at risk: RenewalsAtRisk).
func (s *Store) CountRenewals(ctx context.Context, q RenewalQuery) (RenewalSummary, error) {
	sum := RenewalSummary{Query: q, Now: s.clock.Now()}
	rows, err := s.r.QueryContext(ctx, `SELECT id, part, status, currency, value_minor FROM (`+renewalSQL(q)+`)
		ORDER BY `+renewalOrder, s.renewalArgs(q)...)
	if err != nil {
		return sum, explain(s.path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var part RenewalPart
		var status model.ContractStatus
		var currency string
		var minor int64
		if err := rows.Scan(&id, &part, &status, &currency, &minor); err != nil {
			return sum, fmt.Errorf("counting renewals: %w", err)
		}
		sum.ids = append(sum.ids, id)
		sum.Parts[part]++
		switch {
		case part == PartSnoozed:
			sum.Snoozed.add(currency, 1, minor)
			sum.Up.add(currency, 1, minor)
		case part == PartQueue:
			sum.Up.add(currency, 1, minor)
		case status == model.ContractRenewed:
			sum.Renewed.add(currency, 1, minor)
		default:
			sum.Churned.add(currency, 1, minor)
		}
	}
	return sum, explain(s.path, rows.Err())
}

// RenewalsAtRisk sums the undecided contracts of a counted review whose
// account's health is at risk (below model.AtRiskBelow). It computes the
// health of every such row's account, so it costs more than counting: the
// app shows the rest of the review first.
func (s *Store) RenewalsAtRisk(ctx context.Context, sum RenewalSummary) (RenewalTotals, error) {
	var risk RenewalTotals
	undecided := sum.ids[:sum.Parts[PartQueue]+sum.Parts[PartSnoozed]]
	for len(undecided) > 0 {
		n := min(len(undecided), 500)
		batch := undecided[:n]
		undecided = undecided[n:]
		args := make([]any, len(batch))
		for i, id := range batch {
			args[i] = id
		}
		type value struct {
			account, minor int64
			currency       string
		}
		var values []value
		var accounts []int64
		seen := map[int64]bool{}
		err := s.each(ctx, func(sc scanner) error {
			var v value
			if err := sc.Scan(&v.account, &v.currency, &v.minor); err != nil {
				return err
			}
			values = append(values, v)
			if !seen[v.account] {
				seen[v.account] = true
				accounts = append(accounts, v.account)
			}
			return nil
		}, `SELECT account_id, currency, value_minor FROM contracts WHERE id IN (`+placeholders(len(batch))+`)`, args...)
		if err != nil {
			return risk, err
		}
		rows, err := s.AccountRows(ctx, accounts)
		if err != nil {
			return risk, err
		}
		atRisk := map[int64]bool{}
		for _, r := range rows {
			h, ok := model.HealthOf(r.Facts(), s.clock)
			atRisk[r.ID] = ok && h.AtRisk()
		}
		for _, v := range values {
			if atRisk[v.account] {
				risk.add(v.currency, 1, v.minor)
			}
		}
	}
	return risk, nil
}

// RenewalPage reads rows [offset, offset+limit) of a counted review.
func (s *Store) RenewalPage(ctx context.Context, sum RenewalSummary, offset, limit int) ([]RenewalRow, error) {
	if offset >= len(sum.ids) {
		return nil, nil
	}
	return s.renewalRows(ctx, sum.ids[max(0, offset):min(len(sum.ids), offset+limit)], sum.Query.Window.Today, true)
}

// RenewalList reads every row of a counted review, for a script: as
// RenewalPage, but each row's Deal holds only its id and stage (what a
// script is told), which saves reading every deal whole.
func (s *Store) RenewalList(ctx context.Context, sum RenewalSummary) ([]RenewalRow, error) {
	return s.renewalRows(ctx, sum.ids, sum.Query.Window.Today, false)
}

// renewalDealSQL is the open renewal deal working contract r (NULL if
// none). An open renewal deal works its account's undecided contract that
// ends on the deal's expected close date, else the one that ends first
// (dealEndSQL); the contracts ending that day with it (an add-on ends with
// the contract it joined, and renews with it) show it too, and of several
// deals the one expected to close first.
const renewalDealSQL = `(SELECT d.id FROM deals d INDEXED BY deals_open_renewals
		WHERE d.account_id = r.account_id AND d.kind = 'renewal' AND d.status = 'open' AND d.archived_at IS NULL
		AND r.end_date = (` + dealEndSQL + `)
		ORDER BY d.expected_close IS NULL, d.expected_close, d.id LIMIT 1)`

// dealContractOrder puts first the contract an open renewal deal d works.
const dealContractOrder = `FROM contracts c2 WHERE c2.account_id = d.account_id AND c2.status = 'active' AND c2.archived_at IS NULL
		ORDER BY c2.end_date = d.expected_close DESC, c2.end_date, c2.id LIMIT 1`

// dealEndSQL is the end date of the contract d works.
const dealEndSQL = `SELECT c2.end_date ` + dealContractOrder

// dealContractSQL is the contract an open renewal deal d works (of
// several ending that day, the first), or NULL when its account has no
// active contract.
const dealContractSQL = `SELECT c2.id ` + dealContractOrder

// renewalRows reads the rows of contracts ids, in that order, with each
// account's health, a few hundred at a time (a script may ask for every
// row); wholeDeals reads each row's renewal deal whole, else only its id
// and stage.
func (s *Store) renewalRows(ctx context.Context, ids []int64, today model.Date, wholeDeals bool) ([]RenewalRow, error) {
	out := make([]RenewalRow, 0, len(ids)) // a row is ~1.5 KB: no copies while it grows
	for len(ids) > 0 {
		n := min(len(ids), 500)
		rows, err := s.contractRows(ctx, ids[:n], today, true, wholeDeals)
		if err != nil {
			return nil, err
		}
		out, ids = append(out, rows...), ids[n:]
	}
	return out, nil
}

// contractRows reads the rows of contracts ids, in that order: each
// contract with its account, its renewal deal, the term that renewed it
// and the contracts ending with it; withHealth adds the account's health
// and open issues (read in one query for the page's accounts, as the
// Accounts list reads them).
func (s *Store) contractRows(ctx context.Context, ids []int64, today model.Date, withHealth, wholeDeals bool) ([]RenewalRow, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	found := make(map[int64]RenewalRow, len(ids))
	var dealIDs, nextIDs, accountIDs, activeAccounts []int64
	seenAccount, seenActive := make(map[int64]bool, len(ids)), make(map[int64]bool, len(ids))
	err := s.each(ctx, func(sc scanner) error {
		var r RenewalRow
		var deal, next sql.NullInt64
		c, err := scanContract(sc, &deal, &next)
		if err != nil {
			return err
		}
		r.Contract = c
		switch {
		case c.Status != model.ContractActive:
			r.Part = PartDecided
		case c.SnoozedUntil.After(today):
			r.Part = PartSnoozed
		}
		if !seenAccount[c.AccountID] {
			seenAccount[c.AccountID] = true
			accountIDs = append(accountIDs, c.AccountID)
		}
		if c.Status == model.ContractActive && !seenActive[c.AccountID] {
			seenActive[c.AccountID] = true
			activeAccounts = append(activeAccounts, c.AccountID)
		}
		if deal.Valid {
			r.Deal.ID = deal.Int64
			dealIDs = append(dealIDs, deal.Int64)
		}
		if next.Valid {
			r.Next.ID = next.Int64
			nextIDs = append(nextIDs, next.Int64)
		}
		found[c.ID] = r
		return nil
	}, `SELECT `+contractColumns+`, h_deal, next_id
		FROM (SELECT r.*, CASE WHEN r.status = 'active' THEN `+renewalDealSQL+` END AS h_deal,
			CASE WHEN r.status = 'renewed' THEN (SELECT n.id FROM contracts n WHERE n.account_id = r.account_id AND n.renews_id = r.id
				AND n.archived_at IS NULL ORDER BY n.id LIMIT 1) END AS next_id
		FROM contracts r WHERE r.id IN (`+placeholders(len(ids))+`))`, args...)
	if err != nil {
		return nil, fmt.Errorf("reading renewals: %w", err)
	}
	accounts := make(map[int64]model.Account, len(accountIDs))
	facts := make(map[int64]AccountRow, len(accountIDs))
	if withHealth {
		rows, err := s.AccountRows(ctx, accountIDs)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			accounts[r.ID], facts[r.ID] = r.Account, r
		}
	} else if accounts, err = s.accountsByID(ctx, accountIDs); err != nil {
		return nil, err
	}
	active, err := s.activeContracts(ctx, activeAccounts)
	if err != nil {
		return nil, err
	}
	var deals []model.Deal
	if wholeDeals {
		deals, err = s.DealsByID(ctx, dealIDs)
	} else {
		deals, err = s.dealStages(ctx, dealIDs)
	}
	if err != nil {
		return nil, err
	}
	dealByID := make(map[int64]model.Deal, len(deals))
	for _, d := range deals {
		dealByID[d.ID] = d
	}
	nexts, err := s.contractsByID(ctx, nextIDs)
	if err != nil {
		return nil, err
	}
	out := make([]RenewalRow, 0, len(ids))
	for _, id := range ids {
		r, ok := found[id]
		if !ok {
			continue // undone between the two reads
		}
		r.Account = accounts[r.Contract.AccountID]
		r.Deal = dealByID[r.Deal.ID]
		r.Next = nexts[r.Next.ID]
		if r.Contract.Status == model.ContractActive {
			r.With = model.CoTerminating(r.Contract, active[r.Contract.AccountID])
		}
		if f, ok := facts[r.Contract.AccountID]; ok {
			if h, ok := model.HealthOf(f.Facts(), s.clock); ok {
				r.Health = &h
			}
			r.OpenIssues = f.Issues.Total()
			r.WorstIssue, _ = f.Issues.Worst()
		}
		out = append(out, r)
	}
	return out, nil
}

// accountsByID reads accounts by id.
func (s *Store) accountsByID(ctx context.Context, ids []int64) (map[int64]model.Account, error) {
	out := map[int64]model.Account{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	err := s.each(ctx, func(sc scanner) error {
		a, err := scanAccount(sc)
		out[a.ID] = a
		return err
	}, `SELECT `+accountColumns+` FROM accounts a WHERE a.id IN (`+placeholders(len(ids))+`)`, args...)
	return out, err
}

// activeContracts reads the undecided contracts of the given accounts,
// by account.
func (s *Store) activeContracts(ctx context.Context, accountIDs []int64) (map[int64][]model.Contract, error) {
	out := map[int64][]model.Contract{}
	if len(accountIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(accountIDs))
	for i, id := range accountIDs {
		args[i] = id
	}
	err := s.each(ctx, func(sc scanner) error {
		c, err := scanContract(sc)
		out[c.AccountID] = append(out[c.AccountID], c)
		return err
	}, `SELECT `+contractColumns+` FROM contracts INDEXED BY contracts_active_account
		WHERE status = 'active' AND archived_at IS NULL AND account_id IN (`+placeholders(len(accountIDs))+`) ORDER BY start_date, id`, args...)
	return out, err
}

// dealStages reads deals by id, only their id and stage.
func (s *Store) dealStages(ctx context.Context, ids []int64) ([]model.Deal, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, stage_id FROM deals WHERE id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	out := make([]model.Deal, 0, len(ids))
	for rows.Next() {
		var d model.Deal
		if err := rows.Scan(&d.ID, &d.StageID); err != nil {
			return nil, fmt.Errorf("reading renewal deals: %w", err)
		}
		out = append(out, d)
	}
	return out, explain(s.path, rows.Err())
}

// contractsByID reads contracts by id.
func (s *Store) contractsByID(ctx context.Context, ids []int64) (map[int64]model.Contract, error) {
	out := map[int64]model.Contract{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+contractColumns+` FROM contracts WHERE id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanContract(rows)
		if err != nil {
			return nil, fmt.Errorf("reading contracts: %w", err)
		}
		out[c.ID] = c
	}
	return out, explain(s.path, rows.Err())
}

// RenewalRowOf reads one contract as the review shows it (for the
// contract's own page, and to act on a contract named by id).
func (s *Store) RenewalRowOf(ctx context.Context, contractID int64) (RenewalRow, error) {
	rows, err := s.renewalRows(ctx, []int64{contractID}, s.clock.Today(), true)
	if err != nil {
		return RenewalRow{}, err
	}
	if len(rows) == 0 {
		return RenewalRow{}, problem(ErrNotFound, nil, "contract %d does not exist", contractID)
	}
	return rows[0], nil
}
