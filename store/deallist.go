package store

import (
	"context"
	"fmt"

	"rolo/model"
)

// DealSort is a column the deal table sorts by.
type DealSort int

const (
	SortNextDue   DealSort = iota // next step date, missing first, then soonest
	SortValue                     // value per currency (grouped by currency), largest first
	SortClose                     // expected close date, soonest first, none last
	SortAge                       // created, oldest first
	SortLastTouch                 // last touch, longest ago first
	sortCount
)

// SortNames label the sorts for the table's header.
var SortNames = [sortCount]string{"next step", "value", "close date", "age", "last touch"}

// NextSort cycles through the sorts.
func (s DealSort) Next() DealSort { return (s + 1) % sortCount }

// orderBy is the ORDER BY of a sort, reversed on request. Amounts in
// different currencies are never compared: the value sort groups deals
// by currency first. Deals with no date stay where the sort puts them
// (first for next step, last for close date) either way.
func (s DealSort) orderBy(reverse bool) string {
	dir, back := "", " DESC"
	if reverse {
		dir, back = " DESC", ""
	}
	switch s {
	case SortValue:
		return `d.currency, d.value_minor` + back + `, d.id` + back
	case SortClose:
		return `d.expected_close IS NULL, d.expected_close` + dir + `, d.id` + dir
	case SortAge:
		return `d.created_at` + dir + `, d.id` + dir
	case SortLastTouch:
		return `d.last_touch_at` + dir + `, d.id` + dir
	}
	return `d.next_due IS NOT NULL, d.next_due` + dir + `, d.id` + dir
}

// DealQuery selects a page of open deals for the table view.
type DealQuery struct {
	Filter  string
	Sort    DealSort
	Reverse bool
	Offset  int
	Limit   int
}

// OpenDeals lists open deals in the query's order.
func (s *Store) OpenDeals(ctx context.Context, q DealQuery) ([]model.Deal, error) {
	if q.Limit <= 0 {
		q.Limit = 100
	}
	if q.Sort < 0 || q.Sort >= sortCount {
		q.Sort = SortNextDue
	}
	f := openDealFilter(q.Filter)
	args := append(f.args, q.Limit, q.Offset)
	// Sort only ids and keys, then read the page's deals by id: sorting
	// whole joined rows makes SQLite hold every open deal in memory.
	rows, err := s.r.QueryContext(ctx, f.with+`SELECT d.id FROM deals d`+f.from+` WHERE `+f.where+` ORDER BY `+q.Sort.orderBy(q.Reverse)+` LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("reading deals: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, explain(s.path, err)
	}
	rows.Close()
	return s.DealsByID(ctx, ids)
}

// CountOpenDeals counts the open deals matching filter.
func (s *Store) CountOpenDeals(ctx context.Context, filter string) (int, error) {
	f := openDealFilter(filter)
	var n int
	err := s.r.QueryRowContext(ctx, f.with+`SELECT count(*) FROM deals d`+f.from+` WHERE `+f.where, f.args...).Scan(&n)
	return n, explain(s.path, err)
}

// AccountDeals lists an account's deals: open ones first, then the most
// recently closed.
func (s *Store) AccountDeals(ctx context.Context, accountID int64, limit int) ([]model.Deal, error) {
	return s.queryDeals(ctx, `SELECT `+dealColumns+dealFrom+`WHERE d.account_id = ? AND d.archived_at IS NULL
		ORDER BY d.status <> 'open', coalesce(d.closed_at, d.created_at) DESC, d.id DESC LIMIT ?`, accountID, limit)
}
