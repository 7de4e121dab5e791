package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
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
	// Account holds the fields the review shows: id, name, status, tier,
	// cadence, last touch and version.
	Account    model.Account
	Health     model.Health
	OpenIssues int
	WorstIssue model.Severity // of the open issues; "" when none
	// Deal is the open renewal deal working the contract (ID 0 if none):
	// an account's open renewal deals work its undecided contract that
	// ends first.
	Deal model.Deal
	// Next is the term that renewed a renewed contract (ID 0 otherwise).
	Next model.Contract
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
// health is below model.AtRiskBelow. It computes every such row's
// health, so it costs more than counting: the app shows the rest of the
// review first.
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
		facts, err := s.r.QueryContext(ctx, `SELECT r.currency, r.value_minor, r.end_date, `+healthFactsSQL+`
			FROM contracts r LEFT JOIN accounts a ON a.id = r.account_id WHERE r.id IN (`+placeholders(len(batch))+`)`, args...)
		if err != nil {
			return risk, explain(s.path, err)
		}
		today := sum.Query.Window.Today
		for facts.Next() {
			var currency string
			var minor int64
			var end sql.NullString
			var f healthFacts
			if err := facts.Scan(append([]any{&currency, &minor, &end}, f.dest()...)...); err != nil {
				facts.Close()
				return risk, fmt.Errorf("reading renewal health: %w", err)
			}
			endDate, err := parseDate(end)
			if err != nil {
				facts.Close()
				return risk, err
			}
			if h := f.health(endDate, sum.Now, today); h.AtRisk() {
				risk.add(currency, 1, minor)
			}
		}
		facts.Close()
		if err := facts.Err(); err != nil {
			return risk, explain(s.path, err)
		}
	}
	return risk, nil
}

// placeholders is "?,?,…" for n arguments.
func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

// RenewalPage reads rows [offset, offset+limit) of a counted review.
func (s *Store) RenewalPage(ctx context.Context, sum RenewalSummary, offset, limit int) ([]RenewalRow, error) {
	if offset >= len(sum.ids) {
		return nil, nil
	}
	return s.renewalRows(ctx, sum.ids[max(0, offset):min(len(sum.ids), offset+limit)], sum.Query.Window.Today, sum.Now, true)
}

// RenewalList reads every row of a counted review, for a script: as
// RenewalPage, but each row's Deal holds only its id and stage (what a
// script is told), which saves reading every deal whole.
func (s *Store) RenewalList(ctx context.Context, sum RenewalSummary) ([]RenewalRow, error) {
	return s.renewalRows(ctx, sum.ids, sum.Query.Window.Today, sum.Now, false)
}

// healthFactsSQL selects what a row's health is computed from, for a
// contract r on account a: the account's cadence and last touch, its
// open issues packed by severity (urgent × 10⁶ + high × 10³ + others),
// its latest CSAT and NPS answers ("at score|at score", one index probe
// each), and whether an open renewal deal works the contract (if it is
// undecided).
const healthFactsSQL = `a.cadence_days AS h_cadence, a.last_touch_at AS h_touch,
	(SELECT coalesce(sum(CASE i.severity WHEN 'urgent' THEN 1000000 WHEN 'high' THEN 1000 ELSE 1 END), 0)
		FROM support_issues i WHERE i.account_id = r.account_id AND i.resolved_at IS NULL AND i.archived_at IS NULL) AS h_issues,
	coalesce((SELECT sv.at || ' ' || sv.score FROM surveys sv WHERE sv.account_id = r.account_id AND sv.kind = 'csat'
			AND sv.archived_at IS NULL ORDER BY sv.at DESC LIMIT 1), '') || '|' ||
		coalesce((SELECT sv.at || ' ' || sv.score FROM surveys sv WHERE sv.account_id = r.account_id AND sv.kind = 'nps'
			AND sv.archived_at IS NULL ORDER BY sv.at DESC LIMIT 1), '') AS h_surveys,
	CASE WHEN r.status = 'active' THEN ` + renewalDealSQL + ` END AS h_deal`

// dealFactSQL is healthFactsSQL without what only health needs: for a
// list that shows the contract and its renewal deal, not the health.
const dealFactSQL = `a.cadence_days AS h_cadence, a.last_touch_at AS h_touch, 0 AS h_issues, '' AS h_surveys,
	CASE WHEN r.status = 'active' THEN ` + renewalDealSQL + ` END AS h_deal`

// healthFactColumns names healthFactsSQL's columns, in order.
const healthFactColumns = `h_cadence, h_touch, h_issues, h_surveys, h_deal`

// renewalDealSQL is the open renewal deal working contract r (NULL if
// none): an account's open renewal deals work its undecided contract
// that ends first (the first by id on a tie), and that contract shows the
// one expected to close first.
const renewalDealSQL = `(SELECT d.id FROM deals d INDEXED BY deals_open_renewal
		WHERE d.account_id = r.account_id AND d.kind = 'renewal' AND d.status = 'open' AND d.archived_at IS NULL
		AND r.id = (SELECT c2.id FROM contracts c2 WHERE c2.account_id = r.account_id AND c2.status = 'active'
			AND c2.archived_at IS NULL ORDER BY c2.end_date, c2.id LIMIT 1)
		ORDER BY d.expected_close IS NULL, d.expected_close, d.id LIMIT 1)`

// dealContractSQL is the contract an open renewal deal d works (see
// renewalDealSQL), or NULL when its account has no active contract.
const dealContractSQL = `SELECT c2.id FROM contracts c2 WHERE c2.account_id = d.account_id AND c2.status = 'active'
		AND c2.archived_at IS NULL ORDER BY c2.end_date, c2.id LIMIT 1`

// healthFacts scans healthFactsSQL.
type healthFacts struct {
	cadence int
	touch   sql.NullString
	issues  int64
	surveys sql.NullString
	deal    sql.NullInt64
}

func (f *healthFacts) dest() []any {
	return []any{&f.cadence, &f.touch, &f.issues, &f.surveys, &f.deal}
}

// survey reads a packed "at score" answer ("" for none).
func survey(packed string) (score int, on time.Time, ok bool) {
	at, n, found := strings.Cut(packed, " ")
	score, err1 := strconv.Atoi(n)
	t, err2 := time.Parse(time.RFC3339, at)
	if !found || err1 != nil || err2 != nil {
		return 0, time.Time{}, false
	}
	return score, t, true
}

// health is the row's health: computed here, in one place, by the
// provisional function until the account manager's score lands.
func (f healthFacts) health(contractEnd model.Date, now time.Time, today model.Date) model.Health {
	touch, _ := parseTime(f.touch)
	facts := model.HealthFacts{
		LastTouch: touch, CadenceDays: f.cadence,
		UrgentIssues: int(f.issues / 1_000_000), HighIssues: int(f.issues / 1000 % 1000), OtherIssues: int(f.issues % 1000),
		ContractEnd: contractEnd, RenewalInProgress: f.deal.Valid,
	}
	loc := now.Location()
	csat, nps, _ := strings.Cut(f.surveys.String, "|")
	if score, at, ok := survey(csat); ok {
		facts.CSAT, facts.CSATOn = score, model.DateOf(at.In(loc))
	}
	if score, at, ok := survey(nps); ok {
		facts.NPS, facts.HasNPS, facts.NPSOn = score, true, model.DateOf(at.In(loc))
	}
	return model.ProvisionalHealth(facts, now, today)
}

// worstIssue names the most severe of packed open issues.
func (f healthFacts) worstIssue() (int, model.Severity) {
	urgent, high, other := int(f.issues/1_000_000), int(f.issues/1000%1000), int(f.issues%1000)
	switch {
	case urgent > 0:
		return urgent + high + other, model.SevUrgent
	case high > 0:
		return high + other, model.SevHigh
	case other > 0:
		return other, model.SevNormal
	}
	return 0, ""
}

// renewalRows reads the rows of contracts ids, in that order, a few
// hundred at a time (a script may ask for every row); wholeDeals reads
// each row's renewal deal whole, else only its id and stage.
func (s *Store) renewalRows(ctx context.Context, ids []int64, today model.Date, now time.Time, wholeDeals bool) ([]RenewalRow, error) {
	var out []RenewalRow
	for len(ids) > 0 {
		n := min(len(ids), 500)
		rows, err := s.contractRows(ctx, ids[:n], healthFactsSQL, today, now, wholeDeals)
		if err != nil {
			return nil, err
		}
		out, ids = append(out, rows...), ids[n:]
	}
	return out, nil
}

// contractRows reads the rows of contracts ids, in that order, with the
// facts facts selects (healthFactsSQL, or dealFactSQL when the health is
// not shown: Health is then the account's touch alone).
func (s *Store) contractRows(ctx context.Context, ids []int64, facts string, today model.Date, now time.Time, wholeDeals bool) ([]RenewalRow, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+contractColumns+`, a_name, a_status, a_tier, a_version, `+healthFactColumns+`, next_id
		FROM (SELECT r.*, a.name AS a_name, a.status AS a_status, a.tier AS a_tier, a.version AS a_version, `+facts+`,
			CASE WHEN r.status = 'renewed' THEN (SELECT n.id FROM contracts n WHERE n.account_id = r.account_id AND n.renews_id = r.id
				AND n.archived_at IS NULL ORDER BY n.id LIMIT 1) END AS next_id
		FROM contracts r LEFT JOIN accounts a ON a.id = r.account_id
		WHERE r.id IN (`+placeholders(len(ids))+`))`, args...)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	found := map[int64]RenewalRow{}
	var dealIDs, nextIDs []int64
	factsOf := map[int64]healthFacts{}
	for rows.Next() {
		var r RenewalRow
		var f healthFacts
		var next sql.NullInt64
		dest := []any{&r.Account.Name, &r.Account.Status, &r.Account.Tier, &r.Account.Version}
		dest = append(append(dest, f.dest()...), &next)
		c, err := scanContract(rows, dest...)
		if err != nil {
			return nil, fmt.Errorf("reading renewals: %w", err)
		}
		r.Contract = c
		r.Account.ID = c.AccountID
		r.Account.CadenceDays = f.cadence
		if r.Account.LastTouchAt, err = parseTime(f.touch); err != nil {
			return nil, err
		}
		r.OpenIssues, r.WorstIssue = f.worstIssue()
		switch {
		case c.Status != model.ContractActive:
			r.Part = PartDecided
		case c.SnoozedUntil.After(today):
			r.Part = PartSnoozed
		}
		if f.deal.Valid {
			r.Deal.ID = f.deal.Int64
			dealIDs = append(dealIDs, f.deal.Int64)
		}
		if next.Valid {
			r.Next.ID = next.Int64
			nextIDs = append(nextIDs, next.Int64)
		}
		found[c.ID] = r
		factsOf[c.ID] = f
	}
	if err := rows.Err(); err != nil {
		return nil, explain(s.path, err)
	}
	rows.Close()
	var deals []model.Deal
	if wholeDeals {
		deals, err = s.DealsByID(ctx, dealIDs)
	} else {
		deals, err = s.dealStages(ctx, dealIDs)
	}
	if err != nil {
		return nil, err
	}
	dealByID := map[int64]model.Deal{}
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
		r.Deal = dealByID[r.Deal.ID]
		r.Next = nexts[r.Next.ID]
		// A decided contract's renewal is no longer a risk to its health.
		end := r.Contract.End
		if r.Part == PartDecided {
			end = model.Date{}
		}
		r.Health = factsOf[id].health(end, now, today)
		out = append(out, r)
	}
	return out, nil
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
	var out []model.Deal
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
	c := s.clock
	rows, err := s.renewalRows(ctx, []int64{contractID}, c.Today(), c.Now(), true)
	if err != nil {
		return RenewalRow{}, err
	}
	if len(rows) == 0 {
		return RenewalRow{}, problem(ErrNotFound, nil, "contract %d does not exist", contractID)
	}
	return rows[0], nil
}
