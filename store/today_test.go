package store

import (
	"context"
	"testing"

	"rolo/model"
)

func TestTodayQueueReasons(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	today := model.DateOf(testNow)
	overdue := seedDeal(t, s, "A", "overdue deal", 100)
	if _, err := s.SetNextStep(ctx, dealNow(t, s, overdue.ID), "call back", today.AddDays(-3)); err != nil {
		t.Fatal(err)
	}
	dueToday := seedDeal(t, s, "B", "today deal", 100)
	if _, err := s.SetNextStep(ctx, dealNow(t, s, dueToday.ID), "send quote", today); err != nil {
		t.Fatal(err)
	}
	none := seedDeal(t, s, "C", "no step deal", 100)
	later := seedDeal(t, s, "D", "later deal", 100)
	if _, err := s.SetNextStep(ctx, dealNow(t, s, later.ID), "demo", today.AddDays(5)); err != nil {
		t.Fatal(err)
	}
	far := seedDeal(t, s, "E", "far deal", 100)
	if _, err := s.SetNextStep(ctx, dealNow(t, s, far.ID), "renewal talk", today.AddDays(40)); err != nil {
		t.Fatal(err)
	}
	q, err := s.CountToday(ctx, today, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if q.Counts != (TodayCounts{1, 1, 1, 0}) {
		t.Fatalf("counts = %v", q.Counts)
	}
	items, err := s.TodayPage(ctx, q, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{overdue.ID, dueToday.ID, none.ID}
	if len(items) != len(want) {
		t.Fatalf("items = %d, want %d", len(items), len(want))
	}
	for i, id := range want {
		if items[i].Deal.ID != id || items[i].Reason != Reason(i) {
			t.Fatalf("item %d = deal %d reason %v", i, items[i].Deal.ID, items[i].Reason)
		}
	}
	// Paging from the middle starts in the right reason.
	items, err = s.TodayPage(ctx, q, 2, 10)
	if err != nil || len(items) != 1 || items[0].Deal.ID != none.ID {
		t.Fatalf("page at 2 = %+v, %v", items, err)
	}
	later16 := testNow.AddDate(0, 0, 16)
	q, err = s.CountToday(ctx, model.DateOf(later16), later16)
	if err != nil {
		t.Fatal(err)
	}
	counts := q.Counts
	// Every dated step but the far one is overdue by then; the far deal,
	// untouched for 16 days in a 14-day stage, is stale.
	if counts[ReasonStale] != 1 || counts[ReasonOverdue] != 3 {
		t.Fatalf("counts 16 days on = %v", counts)
	}
	if _, err := s.Snooze(ctx, dealNow(t, s, overdue.ID), today.AddDays(2)); err != nil {
		t.Fatal(err)
	}
	q, _ = s.CountToday(ctx, today, testNow)
	if q.Counts[ReasonOverdue] != 0 {
		t.Fatalf("snoozed deal still overdue: %v", q.Counts)
	}
	snoozed, _ := s.Deal(ctx, overdue.ID)
	if snoozed.NextDue != today.AddDays(2) || snoozed.SnoozedUntil != today.AddDays(2) {
		t.Fatalf("snoozed deal = due %s until %s", snoozed.NextDue, snoozed.SnoozedUntil)
	}
}
