package store

import (
	"context"
	"time"

	"rolo/model"
)

// Reason says why a deal is in the Today queue. The queue is ordered by
// reason, most urgent first.
type Reason int

const (
	ReasonOverdue    Reason = iota // its next step's due date has passed
	ReasonDueToday                 // its next step is due today
	ReasonNoNextStep               // an open deal with nothing planned
	ReasonStale                    // untouched for longer than its stage's rot days
	reasonCount
)

// String names the reason for the queue's row.
func (r Reason) String() string {
	return [...]string{"overdue", "due today", "no next step", "stale"}[r]
}

// TodayItem is one row of the Today queue.
type TodayItem struct {
	Reason Reason
	Deal   model.Deal
	Stage  model.Stage
}

// TodayCounts is how many rows each reason holds.
type TodayCounts [reasonCount]int

// Total is the queue's length.
func (c TodayCounts) Total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

// TodayQueue is the queue as counted at one moment: its segments in
// order, each a condition on open, unsnoozed deals with its own order and
// row count. Stale deals come one segment per stage (latest stage first:
// those are closest to money), so each segment reads a covering index
// range instead of the whole table.
type TodayQueue struct {
	Today    model.Date
	Now      time.Time
	Counts   TodayCounts
	segments []segment
}

type segment struct {
	reason Reason
	index  string // the covering index that answers the segment
	where  string
	args   []any
	order  string
	count  int
}

// openUnsnoozed limits every segment to open deals not snoozed past today
// (?1 is always today).
const openUnsnoozed = `d.status = 'open' AND d.archived_at IS NULL AND (d.snoozed_until IS NULL OR d.snoozed_until <= ?1) AND `

// CountToday builds and counts the queue for today and now. A deal
// appears under its most urgent reason only.
func (s *Store) CountToday(ctx context.Context, today model.Date, now time.Time) (TodayQueue, error) {
	q := TodayQueue{Today: today, Now: now}
	day := today.String()
	q.segments = []segment{
		{reason: ReasonOverdue, index: "deals_open_due", where: `d.next_due < ?1`, args: []any{day}, order: `d.next_due, d.id`},
		{reason: ReasonDueToday, index: "deals_open_due", where: `d.next_due = ?1`, args: []any{day}, order: `d.id`},
		{reason: ReasonNoNextStep, index: "deals_open_due", where: `d.next_due IS NULL AND d.next_step = ''`, args: []any{day}, order: `d.id`},
	}
	stages, err := s.Stages(ctx)
	if err != nil {
		return q, err
	}
	for i := len(stages) - 1; i >= 0; i-- {
		st := stages[i]
		if st.RotDays <= 0 {
			continue
		}
		threshold := timestamp(now.Add(-time.Duration(st.RotDays) * 24 * time.Hour))
		q.segments = append(q.segments, segment{reason: ReasonStale, index: "deals_open_touch",
			where: `d.stage_id = ?2 AND d.last_touch_at < ?3 AND (d.next_due > ?1 OR (d.next_due IS NULL AND d.next_step <> ''))`,
			args:  []any{day, st.ID, threshold}, order: `d.last_touch_at, d.id`})
	}
	for i := range q.segments {
		sg := &q.segments[i]
		if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM deals d INDEXED BY `+sg.index+` WHERE `+openUnsnoozed+sg.where, sg.args...).Scan(&sg.count); err != nil {
			return q, explain(s.path, err)
		}
		q.Counts[sg.reason] += sg.count
	}
	return q, nil
}

// TodayPage lists rows [offset, offset+limit) of a counted queue.
func (s *Store) TodayPage(ctx context.Context, q TodayQueue, offset, limit int) ([]TodayItem, error) {
	var out []TodayItem
	err := s.EachToday(ctx, q, offset, limit, func(it TodayItem) error {
		out = append(out, it)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Snooze hides a deal from the Today queue until a date. A follow-up due
// before then moves to that date, so it is not shown overdue meanwhile.
func (s *Store) Snooze(ctx context.Context, id int64, until model.Date) (model.Deal, error) {
	return s.changeDeal(ctx, id, "snooze", func(d model.Deal, now time.Time) (model.Deal, error) {
		if !until.After(s.clock.DateOf(now)) {
			return d, &model.FieldError{Field: "until", Problem: "snooze to a day after today"}
		}
		if !d.NextDue.IsZero() && d.NextDue.Before(until) {
			d.NextDue = until
		}
		d.SnoozedUntil = until
		return d, nil
	})
}
