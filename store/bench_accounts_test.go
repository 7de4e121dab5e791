package store

import (
	"context"
	"testing"
	"time"

	"rolo/model"
)

// The account manager's speed targets (BENCHMARKS.md, "The account
// manager's day"), on a copy of $ROLO_BENCH_DB made at 2026-11-27.

var benchNow = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

// BenchmarkTodayLoad is Today's whole load: count every segment and read
// the first page.
func BenchmarkTodayLoad(b *testing.B) {
	ctx := context.Background()
	s := benchStore(b)
	for b.Loop() {
		q, err := s.CountToday(ctx, model.DateOf(benchNow), benchNow)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.TodayPage(ctx, q, 0, 120); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTodayAccountSegments is what the account manager's segments
// (urgent issues, tasks due, check-ins due) add to Today's load: their
// three counts, and the first page's rows from them (the urgent issues
// open the queue; at the scale case they fill its first page).
func BenchmarkTodayAccountSegments(b *testing.B) {
	ctx := context.Background()
	s := benchStore(b)
	today := model.DateOf(benchNow)
	for b.Loop() {
		left := 120
		for _, sg := range []segment{s.issueSegment(benchNow), s.taskSegment(today), s.checkInSegment(today)} {
			n, err := sg.count(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if left > 0 && n > 0 {
				if _, err := sg.page(ctx, 0, min(left, n)); err != nil {
					b.Fatal(err)
				}
				left -= min(left, n)
			}
		}
	}
}

// BenchmarkTaskPage reads a page of 120 tasks due with their accounts
// and deals (scrolling Today's tasks).
func BenchmarkTaskPage(b *testing.B) {
	ctx := context.Background()
	s := benchStore(b)
	sg := s.taskSegment(model.DateOf(benchNow))
	for b.Loop() {
		if _, err := sg.page(ctx, 0, 120); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAccountPageHealth reads a page of 120 accounts with everything
// their health is computed from, in one query, and computes it.
func BenchmarkAccountPageHealth(b *testing.B) {
	ctx := context.Background()
	s := benchStore(b)
	l, err := s.ListAccounts(ctx, AccountQuery{})
	if err != nil {
		b.Fatal(err)
	}
	clock := model.FixedClock(benchNow)
	offset := 0
	for b.Loop() {
		rows, err := s.AccountPage(ctx, l, offset, 120)
		if err != nil || len(rows) != 120 {
			b.Fatalf("%d rows: %v", len(rows), err)
		}
		for _, r := range rows {
			model.HealthOf(r.Facts(), clock)
		}
		offset = (offset + 120) % (l.Len() - 120)
	}
}

// BenchmarkRankAccountsByHealth orders every account by health (the
// list's sort by health: one pass over 20,000 accounts).
func BenchmarkRankAccountsByHealth(b *testing.B) {
	ctx := context.Background()
	s := benchStore(b)
	for b.Loop() {
		if _, err := s.ListAccounts(ctx, AccountQuery{Sort: AccountsByHealth}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListAccountsByName orders every account by name (the list's
// first load).
func BenchmarkListAccountsByName(b *testing.B) {
	ctx := context.Background()
	s := benchStore(b)
	for b.Loop() {
		if _, err := s.ListAccounts(ctx, AccountQuery{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTodayDealPage reads the first page of overdue deals: the rows
// the account manager's segments take the place of on Today's first
// page (what they add is BenchmarkTodayAccountSegments less this).
func BenchmarkTodayDealPage(b *testing.B) {
	ctx := context.Background()
	s := benchStore(b)
	q, err := s.CountToday(ctx, model.DateOf(benchNow), benchNow)
	if err != nil {
		b.Fatal(err)
	}
	for _, sg := range q.segments {
		if sg.reason != ReasonOverdue {
			continue
		}
		for b.Loop() {
			if _, err := sg.page(ctx, 0, 120); err != nil {
				b.Fatal(err)
			}
		}
		return
	}
}

// BenchmarkTodayAccountCounts is the three counts alone (Today counts
// every segment on every load).
func BenchmarkTodayAccountCounts(b *testing.B) {
	ctx := context.Background()
	s := benchStore(b)
	today := model.DateOf(benchNow)
	for b.Loop() {
		for _, sg := range []segment{s.issueSegment(benchNow), s.taskSegment(today), s.checkInSegment(today)} {
			if _, err := sg.count(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
}
