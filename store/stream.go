package store

import (
	"context"
	"fmt"

	"rolo/model"
)

// Full listings (`rolo today --limit 0`, `rolo pipeline --json --deals`)
// can run to 100,000 rows; these hand each row over as it is read, so the
// command line writes it out and memory stays flat at any size.

// EachToday calls fn for rows [offset, offset+limit) of a counted queue,
// in order, as they are read: a segment that can stream is read in one
// pass, any other a chunk at a time, so a whole queue (a limit of its
// length) takes no more memory than a page.
// An error from fn stops the listing.
func (s *Store) EachToday(ctx context.Context, q TodayQueue, offset, limit int, fn func(TodayItem) error) error {
	const chunk = 500
	start, sent := 0, 0 // absolute index of the segment's first row; rows given to fn
	for _, sg := range q.segments {
		end := start + sg.n
		if pos := max(offset, start); sg.each != nil && pos < end && sent < limit {
			n := min(limit-sent, end-pos)
			if err := sg.each(ctx, pos-start, n, func(it TodayItem) error { sent++; return fn(it) }); err != nil {
				return err
			}
			start = end
			continue
		}
		for pos := max(offset, start); pos < end && sent < limit; {
			n := min(chunk, limit-sent, end-pos)
			items, err := sg.page(ctx, pos-start, n)
			if err != nil {
				return err
			}
			for _, it := range items {
				if err := fn(it); err != nil {
					return err
				}
			}
			sent += len(items)
			pos += len(items)
			if len(items) < n {
				break // the segment shrank since it was counted
			}
		}
		start = end
	}
	return nil
}

// EachBoardCard calls fn for a column's open deals in BoardCards' order,
// as they are read; a Limit of 0 means all of them.
func (s *Store) EachBoardCard(ctx context.Context, q BoardQuery, fn func(model.Deal) error) error {
	if q.Limit <= 0 {
		q.Limit = -1 // SQLite: no limit
	}
	return s.eachDeal(ctx, `SELECT `+dealColumns+dealFrom+`
		WHERE d.stage_id = ? AND `+openDealFilter("").where+` ORDER BY d.next_due, d.id LIMIT ? OFFSET ?`, []any{q.StageID, q.Limit, q.Offset}, fn)
}

// eachDeal runs a query of dealColumns and calls fn for each deal.
func (s *Store) eachDeal(ctx context.Context, query string, args []any, fn func(model.Deal) error) error {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return explain(s.path, err)
	}
	defer rows.Close()
	for rows.Next() {
		d, err := scanDeal(rows)
		if err != nil {
			return fmt.Errorf("reading deals: %w", err)
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	return explain(s.path, rows.Err())
}
