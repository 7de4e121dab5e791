package model

import (
	"strings"
	"testing"
	"time"
)

func TestRenewalWindows(t *testing.T) {
	tests := []struct {
		name      string
		kind      WindowKind
		today     Date
		weekStart time.Weekday
		from, to  Date
	}{
		{"week from a Friday", WindowWeek, friday, time.Monday, d(2026, 11, 23), d(2026, 11, 29)},
		{"week on its Monday", WindowWeek, d(2026, 11, 23), time.Monday, d(2026, 11, 23), d(2026, 11, 29)},
		{"week on its Sunday", WindowWeek, sunday, time.Monday, d(2026, 11, 23), d(2026, 11, 29)},
		{"Sunday-first week on a Sunday", WindowWeek, sunday, time.Sunday, d(2026, 11, 29), d(2026, 12, 5)},
		{"Sunday-first week on a Saturday", WindowWeek, d(2026, 11, 28), time.Sunday, d(2026, 11, 22), d(2026, 11, 28)},
		{"week across a month end", WindowWeek, d(2026, 12, 1), time.Monday, d(2026, 11, 30), d(2026, 12, 6)},
		{"week across the year end", WindowWeek, d(2026, 12, 31), time.Monday, d(2026, 12, 28), d(2027, 1, 3)},
		{"week starting in the old year", WindowWeek, d(2027, 1, 2), time.Monday, d(2026, 12, 28), d(2027, 1, 3)},
		{"week holding a leap day", WindowWeek, d(2028, 3, 1), time.Monday, d(2028, 2, 28), d(2028, 3, 5)},
		{"30 days", WindowNext30, friday, time.Monday, friday, d(2026, 12, 27)},
		{"30 days over a leap February", WindowNext30, d(2028, 2, 10), time.Monday, d(2028, 2, 10), d(2028, 3, 11)},
		{"30 days over a common February", WindowNext30, d(2027, 2, 10), time.Monday, d(2027, 2, 10), d(2027, 3, 12)},
		{"30 days over the year end", WindowNext30, d(2026, 12, 15), time.Monday, d(2026, 12, 15), d(2027, 1, 14)},
		{"quarter 4", WindowQuarter, friday, time.Monday, d(2026, 10, 1), d(2026, 12, 31)},
		{"quarter 4 on its last day", WindowQuarter, d(2026, 12, 31), time.Monday, d(2026, 10, 1), d(2026, 12, 31)},
		{"quarter 1 of a leap year", WindowQuarter, d(2028, 2, 29), time.Monday, d(2028, 1, 1), d(2028, 3, 31)},
		{"quarter 2 on its first day", WindowQuarter, d(2027, 4, 1), time.Monday, d(2027, 4, 1), d(2027, 6, 30)},
		{"quarter 3", WindowQuarter, d(2027, 9, 30), time.Monday, d(2027, 7, 1), d(2027, 9, 30)},
		{"all upcoming", WindowAll, friday, time.Monday, friday, d(2200, 12, 31)},
	}
	for _, tt := range tests {
		w := Window(tt.kind, tt.today, tt.weekStart)
		if w.From != tt.from || w.To != tt.to || w.Today != tt.today || w.Kind != tt.kind {
			t.Errorf("%s: Window(%v, %s) = %s…%s (kind %v), want %s…%s", tt.name, tt.kind, tt.today, w.From, w.To, w.Kind, tt.from, tt.to)
		}
	}
}

// TestRenewalWindowZones: "this week" is the week of today in the user's
// zone, so one instant falls in different weeks in different places.
func TestRenewalWindowZones(t *testing.T) {
	// Sunday 29 Nov 2026, 23:30 UTC: still Sunday in New York, already
	// Monday 30 Nov in Tokyo.
	instant := time.Date(2026, 11, 29, 23, 30, 0, 0, time.UTC)
	for _, tt := range []struct {
		zone     string
		from, to Date
	}{
		{"UTC", d(2026, 11, 23), d(2026, 11, 29)},
		{"America/New_York", d(2026, 11, 23), d(2026, 11, 29)},
		{"Asia/Tokyo", d(2026, 11, 30), d(2026, 12, 6)},
		{"Pacific/Kiritimati", d(2026, 11, 30), d(2026, 12, 6)},
	} {
		c := FixedClock(instant.In(mustLoc(t, tt.zone)))
		w := c.RenewalWindow(WindowWeek)
		if w.From != tt.from || w.To != tt.to {
			t.Errorf("%s: week = %s…%s, want %s…%s", tt.zone, w.From, w.To, tt.from, tt.to)
		}
	}
	// A day whose midnight does not exist (Santiago skips 00:00 on the
	// first Sunday of September): the window still runs whole days.
	santiago := mustLoc(t, "America/Santiago")
	c := FixedClock(time.Date(2026, 9, 6, 12, 0, 0, 0, santiago))
	c.WeekStart = time.Sunday
	if w := c.RenewalWindow(WindowWeek); w.From != d(2026, 9, 6) || w.To != d(2026, 9, 12) {
		t.Errorf("Santiago DST Sunday: week = %s…%s", w.From, w.To)
	}
}

func contract(start, end Date, notice int) Contract {
	return Contract{ID: 1, AccountID: 1, Value: Money{Minor: 100, Currency: "USD"}, Start: start, End: end,
		NoticeDays: notice, Status: ContractActive}
}

// TestRenewalWindowHolds: a contract is in the week when its notice
// deadline or end falls in it, or it is overdue (notice passed, which
// includes ended and still active). The clock is pinned to Friday
// 27 Nov 2026; the week is Mon 23 – Sun 29 Nov.
func TestRenewalWindowHolds(t *testing.T) {
	week := Window(WindowWeek, friday, time.Monday)
	for _, tt := range []struct {
		name string
		c    Contract
		in   bool
	}{
		{"ends tomorrow, notice long past", contract(d(2025, 11, 29), d(2026, 11, 28), 60), true},
		{"notice deadline on Sunday", contract(d(2026, 1, 1), d(2026, 12, 29), 30), true},
		{"notice deadline on Monday (passed)", contract(d(2026, 1, 1), d(2026, 12, 23), 30), true},
		{"notice deadline next Monday", contract(d(2026, 1, 1), d(2026, 12, 30), 30), false},
		{"ends next Thursday, no notice", contract(d(2026, 1, 1), d(2026, 12, 3), 0), false},
		{"ends on Sunday, no notice", contract(d(2026, 1, 1), d(2026, 11, 29), 0), true},
		{"ended last month, still active", contract(d(2025, 10, 1), d(2026, 10, 31), 30), true},
		{"notice passed a month ago, ends in January", contract(d(2026, 1, 15), d(2027, 1, 14), 90), true},
		{"ends next year", contract(d(2026, 6, 1), d(2027, 5, 31), 30), false},
	} {
		if got := week.Holds(tt.c); got != tt.in {
			t.Errorf("%s (notice %s, end %s): Holds = %v, want %v", tt.name, tt.c.NoticeDate(), tt.c.End, got, tt.in)
		}
	}
	renewed := contract(d(2025, 11, 24), d(2026, 11, 23), 30)
	renewed.Status = ContractRenewed
	if week.Holds(renewed) {
		t.Error("a renewed contract is not undecided")
	}
	if !week.HoldsDecided(renewed, d(2026, 10, 2)) {
		t.Error("a contract renewed early whose end is in the week shows as decided")
	}
	later := contract(d(2026, 3, 1), d(2027, 2, 28), 30)
	later.Status = ContractChurned
	if !week.HoldsDecided(later, d(2026, 11, 24)) || week.HoldsDecided(later, d(2026, 11, 20)) {
		t.Error("a contract churned this week shows as decided this week, one churned last week does not")
	}
	// A custom window in the future still holds what is overdue today.
	w, err := CustomWindow(d(2027, 1, 1), d(2027, 1, 31), friday)
	if err != nil {
		t.Fatal(err)
	}
	if !w.Holds(contract(d(2026, 1, 15), d(2027, 1, 14), 90)) || !w.Holds(contract(d(2025, 10, 1), d(2026, 10, 31), 30)) ||
		w.Holds(contract(d(2026, 1, 1), d(2026, 12, 31), 0)) {
		t.Error("custom window")
	}
	if _, err := CustomWindow(d(2027, 1, 31), d(2027, 1, 1), friday); err == nil {
		t.Error("a window ending before it starts must be refused")
	}
}

func TestContractDates(t *testing.T) {
	c := contract(d(2025, 11, 29), d(2026, 11, 28), 60)
	if got := c.NoticeDate(); got != d(2026, 9, 29) {
		t.Errorf("notice deadline = %s", got)
	}
	if c.DaysLeft(friday) != 1 || c.DecideBy(friday) != d(2026, 11, 28) || !c.NoticePassed(friday) || c.Ended(friday) {
		t.Errorf("days left %d, decide by %s", c.DaysLeft(friday), c.DecideBy(friday))
	}
	ahead := contract(d(2026, 1, 1), d(2026, 12, 31), 30)
	if ahead.DecideBy(friday) != d(2026, 12, 1) {
		t.Errorf("decide by = %s, want the notice deadline", ahead.DecideBy(friday))
	}
	// Notice over a leap day.
	if got := contract(d(2027, 4, 1), d(2028, 3, 30), 30).NoticeDate(); got != d(2028, 2, 29) {
		t.Errorf("notice over Feb 29 = %s", got)
	}
	auto := contract(d(2025, 11, 21), d(2026, 11, 20), 30)
	auto.AutoRenew = true
	if !auto.AwaitingAutoRenewal(friday) || auto.DaysLeft(friday) != -7 {
		t.Error("an auto-renew contract past its end awaits confirmation")
	}
	auto.Status = ContractRenewed
	if auto.AwaitingAutoRenewal(friday) {
		t.Error("a renewed contract does not")
	}
}

func TestTermEndAndMonths(t *testing.T) {
	for _, tt := range []struct {
		start  Date
		months int
		end    Date
	}{
		{d(2025, 11, 29), 12, d(2026, 11, 28)},
		{d(2026, 1, 1), 12, d(2026, 12, 31)},
		{d(2026, 12, 1), 1, d(2026, 12, 31)},
		{d(2026, 12, 15), 1, d(2027, 1, 14)},
		{d(2027, 1, 31), 1, d(2027, 2, 28)}, // no Feb 31: to the month's end
		{d(2028, 1, 31), 1, d(2028, 2, 29)},
		{d(2027, 1, 30), 1, d(2027, 2, 28)},
		{d(2028, 1, 30), 1, d(2028, 2, 29)},
		{d(2028, 1, 29), 1, d(2028, 2, 28)},
		{d(2028, 2, 29), 12, d(2029, 2, 28)}, // a leap-day start: the next term starts Mar 1
		{d(2028, 2, 29), 48, d(2032, 2, 28)},
		{d(2027, 3, 1), 12, d(2028, 2, 29)},
		{d(2026, 8, 31), 6, d(2027, 2, 28)},
		{d(2026, 1, 1), 24, d(2027, 12, 31)},
		{d(2026, 11, 29), 120, d(2036, 11, 28)},
	} {
		got := TermEnd(tt.start, tt.months)
		if got != tt.end {
			t.Errorf("TermEnd(%s, %d) = %s, want %s", tt.start, tt.months, got, tt.end)
			continue
		}
		if m := contract(tt.start, got, 30).TermMonths(); m != tt.months && !(tt.months == 48 && m == 48) {
			t.Errorf("TermMonths(%s–%s) = %d, want %d", tt.start, got, m, tt.months)
		}
	}
	// Terms that are no whole number of months round to the nearest.
	if m := contract(d(2026, 1, 1), d(2026, 12, 20), 30).TermMonths(); m != 12 {
		t.Errorf("an 11⅔-month term reads as %d months", m)
	}
	if m := contract(d(2026, 1, 1), d(2026, 1, 5), 0).TermMonths(); m != 1 {
		t.Errorf("a 5-day term reads as %d months", m)
	}
	// The next term starts the day after the old one ends.
	old := contract(d(2027, 3, 1), d(2028, 2, 29), 60)
	old.ID, old.AutoRenew = 7, true
	next := old.NextTerm(Money{Minor: 105, Currency: "USD"}, 12, 60, true)
	if next.Start != d(2028, 3, 1) || next.End != d(2029, 2, 28) || next.RenewsID != 7 || next.Status != ContractActive ||
		next.NoticeDays != 60 || !next.AutoRenew || next.Validate() != nil {
		t.Errorf("next term = %+v (%v)", next, next.Validate())
	}
	for months, want := range map[int]string{12: "12m", 18: "18m", 24: "2y", 36: "3y", 1: "1m"} {
		if got := FormatTerm(months); got != want {
			t.Errorf("FormatTerm(%d) = %q", months, got)
		}
		if back, err := ParseTerm(FormatTerm(months)); err != nil || back != months {
			t.Errorf("ParseTerm(FormatTerm(%d)) = %d, %v", months, back, err)
		}
	}
}

func TestParseRenewalValue(t *testing.T) {
	eur := Money{Minor: 8_800_000, Currency: "EUR"} // €88,000.00
	odd := Money{Minor: 1_750_055, Currency: "USD"} // $17,500.55
	for _, tt := range []struct {
		in      string
		current Money
		want    Money
		uplift  string
	}{
		{"+5%", eur, Money{9_240_000, "EUR"}, "+5%"},
		{"5%", eur, Money{9_240_000, "EUR"}, "+5%"},
		{"-10%", eur, Money{7_920_000, "EUR"}, "-10%"},
		{"−10%", eur, Money{7_920_000, "EUR"}, "-10%"},
		{"+2.5%", eur, Money{9_020_000, "EUR"}, "+2.5%"},
		{" + 3 % ", eur, Money{9_064_000, "EUR"}, "+3%"},
		{"0%", eur, eur, "same value"},
		{"+5%", odd, Money{1_837_558, "USD"}, "+5%"}, // 1,837,557.75 rounds half up
		{"+0.01%", odd, Money{1_750_230, "USD"}, "+0%"},
		{"52k", eur, Money{5_200_000, "EUR"}, "-40.9%"},
		{"€92,400", eur, Money{9_240_000, "EUR"}, "+5%"},
		{"USD 90k", eur, Money{9_000_000, "USD"}, ""},
		{"100000 JPY", eur, Money{100_000, "JPY"}, ""},
		{"+5%", Money{Minor: 1001, Currency: "JPY"}, Money{1051, "JPY"}, "+5%"}, // ¥1,051.05 → ¥1,051
	} {
		got, err := ParseRenewalValue(tt.in, tt.current)
		if err != nil || got != tt.want {
			t.Errorf("ParseRenewalValue(%q, %s) = %s, %v; want %s", tt.in, tt.current, got, err, tt.want)
			continue
		}
		if u := UpliftText(tt.current, got); u != tt.uplift {
			t.Errorf("UpliftText(%s, %s) = %q, want %q", tt.current, got, u, tt.uplift)
		}
	}
	for _, in := range []string{"", "%", "+%", "5.123%", "five%", "-100%", "-150%", "++5%", "5%%", "1,20", "-5k", "1e5%"} {
		if got, err := ParseRenewalValue(in, eur); err == nil {
			t.Errorf("ParseRenewalValue(%q) = %s, want an error", in, got)
		} else if !strings.Contains(err.Error(), "%") && !strings.Contains(err.Error(), "amount") && !strings.Contains(err.Error(), "negative") {
			t.Errorf("ParseRenewalValue(%q) error %q does not say what to type", in, err)
		}
	}
}

func TestContractChanges(t *testing.T) {
	was := contract(d(2026, 1, 1), d(2026, 12, 31), 30)
	now := was
	now.Status = ContractRenewed
	if got := ContractChanges(was, now).Sentence(); got != "Contract 1 was renewed" {
		t.Errorf("renewed: %q", got)
	}
	now = was
	now.SnoozedUntil = d(2026, 12, 4)
	now.Value.Minor = 200
	if got := ContractChanges(was, now).Sentence(); got != "Contract 1 was snoozed until 2026-12-04 and its value was changed" {
		t.Errorf("snoozed: %q", got)
	}
	now = was
	now.Archived = true
	if ch := ContractChanges(was, now); !ch.Has(FieldArchived) || len(ch.List) != 1 {
		t.Errorf("archived: %+v", ch)
	}
}

// TestCoTerminating: an add-on ending with its contract is decided with
// it; a contract ending another day, in another currency, already
// decided, undone or of another account is not.
func TestCoTerminating(t *testing.T) {
	base := contract(d(2026, 1, 1), d(2026, 12, 31), 30)
	base.ID, base.AccountID, base.Value = 1, 7, Money{Minor: 3_000_000, Currency: "USD"}
	addOn := base
	addOn.ID, addOn.Start, addOn.Value.Minor = 2, d(2026, 6, 15), 1_000_000
	later := addOn
	later.ID, later.End = 3, d(2027, 3, 31)
	euro := addOn
	euro.ID, euro.Value.Currency = 4, "EUR"
	renewed := addOn
	renewed.ID, renewed.Status = 5, ContractRenewed
	undone := addOn
	undone.ID, undone.Archived = 6, true
	other := addOn
	other.ID, other.AccountID = 7, 8
	all := []Contract{base, addOn, later, euro, renewed, undone, other}

	with := CoTerminating(addOn, all)
	if len(with) != 1 || with[0].ID != base.ID {
		t.Fatalf("the add-on ends with %+v, want the base contract alone", with)
	}
	if with := CoTerminating(base, all); len(with) != 1 || with[0].ID != addOn.ID {
		t.Fatalf("the base ends with %+v, want the add-on alone", with)
	}
	if v := GroupValue(addOn, with); v.Minor != 4_000_000 || v.Currency != "USD" {
		t.Errorf("the group is worth %v, want $40,000", v)
	}
	if b := GroupBase(addOn, CoTerminating(addOn, all)); b.ID != base.ID {
		t.Errorf("the next term renews contract %d, want the base (%d)", b.ID, base.ID)
	}
	if with := CoTerminating(later, all); len(with) != 0 {
		t.Errorf("a contract ending another day renews alone, not with %+v", with)
	}
}
