package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"rolo/model"
)

// AccountRow is an account with what the list shows beside it and what
// its health is computed from, all read in the one query that reads the
// page (never a query per account).
type AccountRow struct {
	model.Account
	OpenDeals int
	ARR       model.Totals // contracts in force today, per currency
	Issues    model.OpenIssues
	CSAT, NPS model.Answer // the latest answers
	Contract  model.ContractState
}

// Facts is what the row's health is computed from.
func (r AccountRow) Facts() model.HealthFacts {
	return model.HealthFacts{Account: r.Account, Issues: r.Issues, CSAT: r.CSAT, NPS: r.NPS, Contract: r.Contract}
}

// accountFacts are the columns read beside accountColumns for a row (?1
// is today): open deals; contracts in force; open issues; the latest
// CSAT and NPS; the current contract (in force, ending last); and whether
// a renewal is in progress (an open renewal deal, or a contract that
// starts after today).
const accountFacts = `,
	(SELECT count(*) FROM deals d INDEXED BY deals_open_account WHERE d.account_id = a.id AND d.status = 'open' AND d.archived_at IS NULL),
	(SELECT group_concat(c.currency || ' ' || c.value_minor) FROM contracts c
		WHERE c.account_id = a.id AND c.archived_at IS NULL AND c.start_date <= ?1 AND c.end_date >= ?1)` + healthFacts

// healthFacts are the columns of accountFacts that health reads: a query
// for health alone puts 0 and NULL for the open deals and the ARR before
// them (",0, NULL" + healthFacts) and scans with scanAccountRow.
const healthFacts = `,
	(SELECT group_concat(i.severity || ' ' || i.opened_at) FROM support_issues i
		WHERE i.account_id = a.id AND i.resolved_at IS NULL AND i.archived_at IS NULL),
	(SELECT s.score || ' ' || s.at FROM surveys s WHERE s.account_id = a.id AND s.kind = 'csat' AND s.archived_at IS NULL
		ORDER BY s.at DESC, s.id DESC LIMIT 1),
	(SELECT s.score || ' ' || s.at FROM surveys s WHERE s.account_id = a.id AND s.kind = 'nps' AND s.archived_at IS NULL
		ORDER BY s.at DESC, s.id DESC LIMIT 1),
	(SELECT c.end_date || ' ' || c.auto_renew || ' ' || c.status FROM contracts c
		WHERE c.account_id = a.id AND c.archived_at IS NULL AND c.start_date <= ?1 AND c.end_date >= ?1
		ORDER BY c.end_date DESC, c.start_date, c.id LIMIT 1),
	EXISTS (SELECT 1 FROM deals d INDEXED BY deals_open_renewals WHERE d.account_id = a.id AND d.kind = 'renewal' AND d.status = 'open'
		AND d.archived_at IS NULL)
		OR EXISTS (SELECT 1 FROM contracts c WHERE c.account_id = a.id AND c.archived_at IS NULL AND c.start_date > ?1)`

// scanAccountRow reads accountColumns and accountFacts.
func scanAccountRow(sc scanner) (AccountRow, error) {
	var r AccountRow
	var arr, issues, csat, nps, contract sql.NullString
	var renewing bool
	var err error
	r.Account, err = scanAccount(sc, &r.OpenDeals, &arr, &issues, &csat, &nps, &contract, &renewing)
	if err != nil {
		return r, err
	}
	r.ARR = model.Totals{}
	for _, part := range splitList(arr) {
		cur, minor, _ := strings.Cut(part, " ")
		v, err := strconv.ParseInt(minor, 10, 64)
		if err != nil {
			return r, fmt.Errorf("stored contract value %q: %w", part, err)
		}
		r.ARR[cur] += v
	}
	for _, part := range splitList(issues) {
		sev, opened, _ := strings.Cut(part, " ")
		at, err := parseTime(sql.NullString{String: opened, Valid: true})
		if err != nil {
			return r, err
		}
		r.Issues.Add(model.Severity(sev), at)
	}
	if r.CSAT, err = parseAnswer(csat); err != nil {
		return r, err
	}
	if r.NPS, err = parseAnswer(nps); err != nil {
		return r, err
	}
	if contract.Valid {
		f := strings.Fields(contract.String)
		if len(f) != 3 {
			return r, fmt.Errorf("stored contract %q is not end, auto-renew and status", contract.String)
		}
		if r.Contract.End, err = model.ParseISODate(f[0]); err != nil {
			return r, fmt.Errorf("stored contract end: %w", err)
		}
		r.Contract.InForce = true
		renewing = renewing || renews(model.ContractStatus(f[2]), f[1] == "1")
	}
	r.Contract.Renewing = renewing
	return r, nil
}

// renews reports a current contract that renews itself: renewed
// already, or active and auto-renewing.
func renews(status model.ContractStatus, autoRenew bool) bool {
	return status == model.ContractRenewed || (status == model.ContractActive && autoRenew)
}

func splitList(ns sql.NullString) []string {
	if !ns.Valid || ns.String == "" {
		return nil
	}
	return strings.Split(ns.String, ",")
}

// parseAnswer reads "score at".
func parseAnswer(ns sql.NullString) (model.Answer, error) {
	if !ns.Valid {
		return model.Answer{}, nil
	}
	score, at, _ := strings.Cut(ns.String, " ")
	n, err := strconv.Atoi(score)
	if err != nil {
		return model.Answer{}, fmt.Errorf("stored survey score %q: %w", ns.String, err)
	}
	t, err := parseTime(sql.NullString{String: at, Valid: true})
	return model.Answer{Score: n, At: t}, err
}

// AccountSort is a column the account list sorts by.
type AccountSort int

const (
	AccountsByName    AccountSort = iota // A to Z
	AccountsByStatus                     // customers, prospects, churned
	AccountsByTier                       // enterprise, mid-market, smb, others, none
	AccountsByHealth                     // customers, worst first; others after
	AccountsByARR                        // per currency, largest first; none last
	AccountsByTouch                      // longest untouched first
	AccountsByCheckIn                    // customers' check-ins, most late first; others after
	AccountsByIssues                     // worst open issue first, then most issues
	AccountsBySurvey                     // lowest latest CSAT first (then NPS); none last
	accountSortCount
)

// AccountSortNames label the sorts (the list's header, rolo accounts --sort).
var AccountSortNames = [accountSortCount]string{"name", "status", "tier", "health", "ARR", "last touch", "check-in due",
	"open issues", "CSAT/NPS"}

// Next cycles through the sorts.
func (s AccountSort) Next() AccountSort { return (s + 1) % accountSortCount }

// accountSortWords are other words for sorts: the ones the --sort help
// lists ("touch", "issues", "csat") besides the labels.
var accountSortWords = map[string]AccountSort{"touch": AccountsByTouch, "issues": AccountsByIssues, "csat": AccountsBySurvey,
	"nps": AccountsBySurvey, "check-in": AccountsByCheckIn}

// ParseAccountSort reads a sort's name ("health", "check-in", "arr"), or
// the unique start of one.
func ParseAccountSort(name string) (AccountSort, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	if s, ok := accountSortWords[name]; ok {
		return s, nil
	}
	var found []AccountSort
	for i, n := range AccountSortNames {
		if strings.ToLower(n) == name {
			return AccountSort(i), nil
		}
		if strings.HasPrefix(strings.ToLower(n), name) && name != "" {
			found = append(found, AccountSort(i))
		}
	}
	if len(found) == 1 {
		return found[0], nil
	}
	return 0, problem(ErrNotFound, nil, "sort by %q? choose one of: %s", model.Clean(name), strings.Join(AccountSortNames[:], ", "))
}

// derived reports a sort on figures computed from other tables (or in
// Go): those rank every matching account once per load.
func (s AccountSort) derived() bool {
	switch s {
	case AccountsByHealth, AccountsByARR, AccountsByIssues, AccountsBySurvey:
		return true
	}
	return false
}

// orderBy is the ORDER BY of a sort done in SQL. Rows without the figure
// (no check-in due, never touched…) stay where the sort puts them either
// way.
func (s AccountSort) orderBy(reverse bool) string {
	dir := ""
	if reverse {
		dir = " DESC"
	}
	name := `a.name COLLATE NOCASE` + dir + `, a.id` + dir
	switch s {
	case AccountsByStatus:
		return `CASE a.status WHEN 'customer' THEN 0 WHEN 'prospect' THEN 1 ELSE 2 END` + dir + `, ` + name
	case AccountsByTier:
		return `a.tier = '', CASE lower(a.tier) WHEN 'enterprise' THEN 0 WHEN 'mid-market' THEN 1 WHEN 'smb' THEN 2 ELSE 3 END` + dir +
			`, a.tier COLLATE NOCASE` + dir + `, ` + name
	case AccountsByTouch:
		return `a.last_touch_at IS NOT NULL, a.last_touch_at` + dir + `, ` + name
	case AccountsByCheckIn:
		return `a.status <> 'customer' OR a.checkin_due IS NULL, CASE WHEN a.status = 'customer' THEN a.checkin_due END` + dir +
			`, ` + name

	}
	return name
}

// AccountQuery selects accounts for a list.
type AccountQuery struct {
	Filter  string              // part of the name, case-insensitive
	Status  model.AccountStatus // "" for all
	Due     bool                // only customers whose check-in is due today or earlier
	Sort    AccountSort
	Reverse bool
	Offset  int // for Accounts
	Limit   int
}

// from is the table the list reads, through the index that serves it:
// the check-ins due (a few hundred of 20,000) through their own, every
// other list through the list's covering index.
func (q AccountQuery) from() string {
	if q.Due {
		return "accounts a INDEXED BY accounts_checkin_due"
	}
	return "accounts a INDEXED BY accounts_list"
}

func (q AccountQuery) where(today model.Date) (string, []any) {
	where := []string{"a.archived_at IS NULL"}
	args := []any{today.String()}
	if f := strings.TrimSpace(q.Filter); tooLong(f) {
		where = append(where, "0") // longer than any name: nothing matches
	} else if f != "" {
		args = append(args, "%"+likeEscape(f)+"%")
		where = append(where, fmt.Sprintf("a.name LIKE ?%d ESCAPE '\\'", len(args)))
	}
	if q.Status != "" {
		args = append(args, q.Status)
		where = append(where, fmt.Sprintf("a.status = ?%d", len(args)))
	}
	if q.Due {
		where = append(where, "a.status = 'customer' AND a.checkin_due <= ?1")
	}
	return strings.Join(where, " AND "), args
}

// AccountList is the accounts a query selects, counted and in order; its
// pages are read with Store.AccountPage. A list by name reads its pages
// from the list's index as they are asked for; other orders are ranked
// once, into ids.
type AccountList struct {
	n   int
	ids []int64 // nil for a list by name
	// A list by name: its table, conditions (args[0] is today) and
	// direction.
	from, where string
	args        []any
	reverse     bool
}

// Len is how many accounts the list holds.
func (l AccountList) Len() int { return l.n }

// ListAccounts finds the accounts q selects, in its order, as of the
// store's today. Sorts on figures from other tables rank every matching
// account here, once, so reading a page later is as cheap for them as
// for a sort by name.
func (s *Store) ListAccounts(ctx context.Context, q AccountQuery) (AccountList, error) {
	if q.Sort < 0 || q.Sort >= accountSortCount {
		q.Sort = AccountsByName
	}
	today := s.clock.Today()
	where, args := q.where(today)
	switch {
	case q.Sort.derived():
		return s.rankAccounts(ctx, q, where, args)
	case q.Sort == AccountsByName:
		l := AccountList{from: q.from(), where: where, args: args, reverse: q.Reverse}
		err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM `+l.from+` WHERE `+where, args...).Scan(&l.n)
		return l, explain(s.path, err)
	}
	// The list's covering index: ordering every account reads it alone.
	l := AccountList{}
	err := s.each(ctx, func(sc scanner) error {
		var id int64
		if err := sc.Scan(&id); err != nil {
			return err
		}
		l.ids = append(l.ids, id)
		return nil
	}, `SELECT a.id FROM `+q.from()+` WHERE `+where+` ORDER BY `+q.Sort.orderBy(q.Reverse), args...)
	l.n = len(l.ids)
	return l, err
}

// AccountIndex is the position of an account in a list, and whether it
// is in it (so a list can open on the page that holds it).
func (s *Store) AccountIndex(ctx context.Context, l AccountList, id int64) (int, bool, error) {
	if l.ids != nil {
		i := slices.Index(l.ids, id)
		return i, i >= 0, nil
	}
	var name string
	var in bool
	err := s.r.QueryRowContext(ctx, `SELECT a.name, `+l.where+` FROM accounts a WHERE a.id = ?`+fmt.Sprint(len(l.args)+1),
		append(append([]any{}, l.args...), id)...).Scan(&name, &in)
	if err == sql.ErrNoRows || (err == nil && !in) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, explain(s.path, err)
	}
	before := fmt.Sprintf(`(a.name < ?%[1]d COLLATE NOCASE OR (a.name = ?%[1]d COLLATE NOCASE AND a.id < ?%[2]d))`, len(l.args)+1, len(l.args)+2)
	if l.reverse {
		before = strings.NewReplacer("<", ">").Replace(before)
	}
	var n int
	err = s.r.QueryRowContext(ctx, `SELECT count(*) FROM `+l.from+` WHERE `+l.where+` AND `+before,
		append(append([]any{}, l.args...), name, id)...).Scan(&n)
	return n, true, explain(s.path, err)
}

// rankAccounts orders the matching accounts by a figure computed from
// other tables (health is computed in Go, as everywhere). Health is
// ranked from the customers' rows, a batch at a time (eachCustomerRow);
// the other figures are read table by table (rankByFacts), never with a
// query per account; accounts without the figure come after, by name.
func (s *Store) rankAccounts(ctx context.Context, q AccountQuery, where string, args []any) (AccountList, error) {
	type ranked struct {
		id    int64
		name  string
		has   bool
		key   []int64
		group string // ARR: the currency
	}
	// Counted first, so the ranking's memory is allocated once.
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM `+q.from()+` WHERE `+where, args...).Scan(&n); err != nil {
		return AccountList{}, explain(s.path, err)
	}
	all := make([]ranked, 0, n)
	at := make(map[int64]int, n) // where each account is in all
	err := s.each(ctx, func(sc scanner) error {
		var k ranked
		if err := sc.Scan(&k.id, &k.name); err != nil {
			return err
		}
		k.name = strings.ToLower(k.name)
		at[k.id] = len(all)
		all = append(all, k)
		return nil
	}, `SELECT a.id, a.name FROM `+q.from()+` WHERE `+where, args...)
	if err != nil {
		return AccountList{}, err
	}
	rank := func(r AccountRow) {
		if i, ok := at[r.ID]; ok {
			all[i].has, all[i].group, all[i].key = rankKey(q.Sort, r, s.clock)
		}
	}
	if q.Sort == AccountsByHealth {
		err = s.eachCustomerRow(ctx, q, where, args, rank)
	} else {
		err = s.rankByFacts(ctx, q.Sort, at, args[0].(string), rank)
	}
	if err != nil {
		return AccountList{}, err
	}
	slices.SortFunc(all, func(a, b ranked) int {
		if a.has != b.has {
			if a.has {
				return -1
			}
			return 1
		}
		c := cmp.Compare(a.group, b.group)
		if c == 0 {
			c = slices.Compare(a.key, b.key)
		}
		if q.Reverse {
			c = -c
		}
		return cmp.Or(c, cmp.Compare(a.name, b.name), cmp.Compare(a.id, b.id))
	})
	l := AccountList{n: len(all), ids: make([]int64, len(all))}
	for i, k := range all {
		l.ids[i] = k.id
	}
	return l, nil
}

// rankKey is a row's place in a derived sort, smallest first: whether it
// has the figure at all, a group it is compared within (the currency of
// ARR: amounts in different currencies are never compared), and the key.
func rankKey(sort AccountSort, r AccountRow, clock model.Clock) (has bool, group string, key []int64) {
	switch sort {
	case AccountsByHealth:
		h, ok := model.HealthOf(r.Facts(), clock)
		return ok, "", []int64{int64(h.Score)}
	case AccountsByARR:
		amounts := r.ARR.Amounts()
		if len(amounts) == 0 {
			return false, "", nil
		}
		return true, amounts[0].Currency, []int64{-amounts[0].Minor}
	case AccountsByIssues:
		worst, ok := r.Issues.Worst()
		if !ok {
			return false, "", nil
		}
		r0 := worst.Rank()
		return true, "", []int64{-int64(r0), -int64(r.Issues.Total()), r.Issues.Oldest[r0].Unix()}
	case AccountsBySurvey:
		if r.CSAT.At.IsZero() && r.NPS.At.IsZero() {
			return false, "", nil
		}
		csat, nps := int64(6), int64(11) // no answer sorts after the worst
		if !r.CSAT.At.IsZero() {
			csat = int64(r.CSAT.Score)
		}
		if !r.NPS.At.IsZero() {
			nps = int64(r.NPS.Score)
		}
		return true, "", []int64{csat, nps}
	}
	return true, "", nil
}

// AccountPage reads rows [offset, offset+limit) of a list.
func (s *Store) AccountPage(ctx context.Context, l AccountList, offset, limit int) ([]AccountRow, error) {
	if offset >= l.n || offset < 0 {
		return nil, nil
	}
	if l.ids != nil {
		return s.AccountRows(ctx, l.ids[offset:min(l.n, offset+limit)])
	}
	var ids []int64
	k := len(l.args)
	err := s.each(ctx, func(sc scanner) error {
		var id int64
		err := sc.Scan(&id)
		ids = append(ids, id)
		return err
	}, fmt.Sprintf(`SELECT a.id FROM %s WHERE %s ORDER BY %s LIMIT ?%d OFFSET ?%d`,
		l.from, l.where, AccountsByName.orderBy(l.reverse), k+1, k+2), append(append([]any{}, l.args...), limit, offset)...)
	if err != nil {
		return nil, err
	}
	return s.AccountRows(ctx, ids)
}

// AccountRows reads the rows of the given accounts, in that order, in one
// query.
func (s *Store) AccountRows(ctx context.Context, ids []int64) ([]AccountRow, error) {
	return s.accountRows(ctx, accountFacts, ids)
}

// accountRows reads ids' rows with facts, accountFacts or the columns
// health reads and blanks for the rest.
func (s *Store) accountRows(ctx context.Context, facts string, ids []int64) ([]AccountRow, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := []any{s.clock.Today().String()}
	marks := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		marks[i] = fmt.Sprintf("?%d", i+2)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+accountColumns+facts+` FROM accounts a WHERE a.id IN (`+
		strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	byID := make(map[int64]AccountRow, len(ids))
	for rows.Next() {
		r, err := scanAccountRow(rows)
		if err != nil {
			return nil, fmt.Errorf("reading accounts: %w", err)
		}
		byID[r.ID] = r
	}
	if err := rows.Err(); err != nil {
		return nil, explain(s.path, err)
	}
	out := make([]AccountRow, 0, len(ids))
	for _, id := range ids {
		if r, ok := byID[id]; ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// Accounts lists a page of the accounts q selects (Offset, Limit: default
// 200).
func (s *Store) Accounts(ctx context.Context, q AccountQuery) ([]AccountRow, error) {
	l, err := s.ListAccounts(ctx, q)
	if err != nil {
		return nil, err
	}
	if q.Limit <= 0 {
		q.Limit = 200
	}
	return s.AccountPage(ctx, l, q.Offset, q.Limit)
}

// AccountRow reads one account's row.
func (s *Store) AccountRow(ctx context.Context, id int64) (AccountRow, error) {
	rows, err := s.AccountRows(ctx, []int64{id})
	if err != nil {
		return AccountRow{}, err
	}
	if len(rows) == 0 {
		return AccountRow{}, problem(ErrNotFound, nil, "account %d does not exist", id)
	}
	return rows[0], nil
}
