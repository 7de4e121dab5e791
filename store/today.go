package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"rolo/model"
)

// Reason says why a row is in the Today queue. The queue's segments come
// in the order CountToday lists them, most urgent first; each row is one
// record under its most urgent reason.
type Reason int

const (
	ReasonOverdue    Reason = iota // a deal's next step is past its due date
	ReasonDueToday                 // a deal's next step is due today
	ReasonNoNextStep               // an open deal with nothing planned
	ReasonStale                    // a deal untouched for longer than its stage's rot days
	ReasonCheckIn                  // a customer past its check-in cadence
	ReasonTask                     // an account task due today or overdue
	ReasonIssue                    // an urgent or high support issue open for over a day
	ReasonRenewal                  // a contract whose notice deadline or end is within 7 days
	reasonCount
)

// String names the reason for the queue's row (and its JSON).
func (r Reason) String() string {
	return [...]string{"overdue", "due today", "no next step", "stale", "check-in due", "task due", "urgent issue", "renewal"}[r]
}

// TodayItem is one row of the Today queue: a deal (with its stage), or a
// row about an account — a check-in due, a task, an issue, a contract
// up for renewal — with the account it concerns.
type TodayItem struct {
	Reason   Reason
	Deal     model.Deal
	Stage    model.Stage
	Account  model.Account
	Task     model.Activity
	Issue    model.SupportIssue
	Contract model.Contract
}

// Key identifies the row's record across kinds (a deal and a task may
// share an id), for a list to keep its cursor on it.
func (it TodayItem) Key() int64 {
	switch it.Reason {
	case ReasonCheckIn:
		return it.Account.ID*8 + 1
	case ReasonTask:
		return it.Task.ID*8 + 2
	case ReasonIssue:
		return it.Issue.ID*8 + 3
	case ReasonRenewal:
		return it.Contract.ID*8 + 4
	}
	return it.Deal.ID * 8
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
// order, each counted, so pages can be read from any offset. A segment is
// one query answered by an index (stale deals come one segment per stage,
// latest stage first: those are closest to money).
type TodayQueue struct {
	Today    model.Date
	Now      time.Time
	Counts   TodayCounts
	segments []segment
}

// segment is one part of the queue: how to count it and read a page of
// it. Segments of deals are built by dealSegment; other kinds supply
// their own queries.
type segment struct {
	reason Reason
	count  func(ctx context.Context) (int, error)
	page   func(ctx context.Context, offset, limit int) ([]TodayItem, error)
	// each, when set, hands the rows of a page over one by one as they
	// are read (a whole queue listed streams in constant memory).
	each func(ctx context.Context, offset, limit int, fn func(TodayItem) error) error
	n    int
}

// openUnsnoozed limits every deal segment to open deals not snoozed past
// today (?1 is always today).
const openUnsnoozed = `d.status = 'open' AND d.archived_at IS NULL AND (d.snoozed_until IS NULL OR d.snoozed_until <= ?1) AND `

// dealSegment is a segment of open, unsnoozed deals matching where, in
// order, read through the covering index named (the planner, left alone,
// picks the board's index for some and reads the table row by row).
func (s *Store) dealSegment(reason Reason, index, where, order string, stages map[int64]model.Stage, args ...any) segment {
	each := func(ctx context.Context, offset, limit int, fn func(TodayItem) error) error {
		lim := len(args) + 1
		from := strings.Replace(dealFrom, "deals d", "deals d INDEXED BY "+index, 1)
		err := s.eachDeal(ctx, `SELECT `+dealColumns+from+`WHERE `+openUnsnoozed+where+
			fmt.Sprintf(` ORDER BY %s LIMIT ?%d OFFSET ?%d`, order, lim, lim+1), append(append([]any{}, args...), limit, offset),
			func(d model.Deal) error { return fn(TodayItem{Reason: reason, Deal: d, Stage: stages[d.StageID]}) })
		if err != nil {
			return fmt.Errorf("reading the Today queue: %w", err)
		}
		return nil
	}
	return segment{
		reason: reason,
		count: func(ctx context.Context) (int, error) {
			var n int
			err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM deals d INDEXED BY `+index+` WHERE `+openUnsnoozed+where, args...).Scan(&n)
			return n, explain(s.path, err)
		},
		each: each,
		page: func(ctx context.Context, offset, limit int) ([]TodayItem, error) {
			var out []TodayItem
			err := each(ctx, offset, limit, func(it TodayItem) error {
				out = append(out, it)
				return nil
			})
			return out, err
		},
	}
}

// CountToday builds and counts the queue for today and now. A record
// appears under its most urgent reason only. The order, most urgent
// first: renewals about to pass a deadline, urgent support issues,
// overdue follow-ups, account tasks due, follow-ups due today, check-ins
// due, deals with no next step, stale deals.
func (s *Store) CountToday(ctx context.Context, today model.Date, now time.Time) (TodayQueue, error) {
	q := TodayQueue{Today: today, Now: now}
	day := today.String()
	stages, err := s.Stages(ctx)
	if err != nil {
		return q, err
	}
	byID := make(map[int64]model.Stage, len(stages))
	for _, st := range stages {
		byID[st.ID] = st
	}
	q.segments = []segment{
		s.renewalSegment(today, now, byID),
		s.issueSegment(now),
		s.dealSegment(ReasonOverdue, "deals_open_due", `d.next_due < ?1`, `d.next_due, d.id`, byID, day),
		s.taskSegment(today),
		s.dealSegment(ReasonDueToday, "deals_open_due", `d.next_due = ?1`, `d.id`, byID, day),
		s.checkInSegment(today),
		s.dealSegment(ReasonNoNextStep, "deals_open_due", `d.next_due IS NULL AND d.next_step = ''`, `d.id`, byID, day),
	}
	for i := len(stages) - 1; i >= 0; i-- {
		st := stages[i]
		if st.RotDays <= 0 {
			continue
		}
		threshold := timestamp(now.Add(-time.Duration(st.RotDays) * 24 * time.Hour))
		q.segments = append(q.segments, s.dealSegment(ReasonStale, "deals_open_touch",
			`d.stage_id = ?2 AND d.last_touch_at < ?3 AND (d.next_due > ?1 OR (d.next_due IS NULL AND d.next_step <> ''))`,
			`d.last_touch_at, d.id`, byID, day, st.ID, threshold))
	}
	for i := range q.segments {
		sg := &q.segments[i]
		if sg.n, err = sg.count(ctx); err != nil {
			return q, err
		}
		q.Counts[sg.reason] += sg.n
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

// Snooze hides a deal, as the caller saw it, from the Today queue until a
// date. A follow-up due before then moves to that date, so it is not
// shown overdue meanwhile. If the deal's status, next step or snooze
// changed elsewhere since, nothing is written.
func (s *Store) Snooze(ctx context.Context, seen model.Deal, until model.Date) (model.Deal, error) {
	return s.changeDeal(ctx, seen, "snooze", snoozeNeeds, func(d model.Deal, now time.Time) (model.Deal, error) {
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
