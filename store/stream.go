package store

import (
	"context"
	"fmt"
	"strings"

	"rolo/model"
)

// Full listings (`rolo today --limit 0`, `rolo pipeline --json --deals`)
// can run to 100,000 rows; these hand each row over as it is read, so the
// command line writes it out and memory stays flat at any size.

// EachToday calls fn for rows [offset, offset+limit) of a counted queue,
// in order, as they are read. An error from fn stops the listing.
func (s *Store) EachToday(ctx context.Context, q TodayQueue, offset, limit int, fn func(TodayItem) error) error {
	stages, err := s.Stages(ctx)
	if err != nil {
		return err
	}
	byID := make(map[int64]model.Stage, len(stages))
	for _, st := range stages {
		byID[st.ID] = st
	}
	start, sent := 0, 0 // absolute index of the segment's first row; rows given to fn
	for _, sg := range q.segments {
		end := start + sg.count
		if offset < end && sent < limit {
			skip := max(0, offset-start)
			n := min(limit-sent, sg.count-skip)
			args := append(append([]any{}, sg.args...), n, skip)
			lim := len(sg.args) + 1
			// The planner, left alone, picks the board's index for some
			// segments and reads the table row by row; name the covering one.
			from := strings.Replace(dealFrom, "deals d", "deals d INDEXED BY "+sg.index, 1)
			err := s.eachDeal(ctx, `SELECT `+dealColumns+from+`WHERE `+openUnsnoozed+sg.where+
				fmt.Sprintf(` ORDER BY %s LIMIT ?%d OFFSET ?%d`, sg.order, lim, lim+1), args, func(d model.Deal) error {
				sent++
				return fn(TodayItem{Reason: sg.reason, Deal: d, Stage: byID[d.StageID]})
			})
			if err != nil {
				return err
			}
			offset = end
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
	where, _ := openDealWhere("")
	return s.eachDeal(ctx, `SELECT `+dealColumns+dealFrom+`
		WHERE d.stage_id = ? AND `+where+` ORDER BY d.next_due, d.id LIMIT ? OFFSET ?`, []any{q.StageID, q.Limit, q.Offset}, fn)
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
