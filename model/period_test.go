package model

import (
	"strings"
	"testing"
	"time"
)

func TestPresetPeriods(t *testing.T) {
	cases := []struct {
		today    Date
		preset   Preset
		from, to Date
	}{
		{d(2026, 11, 27), ThisMonth, d(2026, 11, 1), d(2026, 11, 27)},
		{d(2026, 11, 27), LastMonth, d(2026, 10, 1), d(2026, 10, 31)},
		{d(2026, 3, 31), LastMonth, d(2026, 2, 1), d(2026, 2, 28)},
		{d(2026, 1, 5), LastMonth, d(2025, 12, 1), d(2025, 12, 31)},
		{d(2026, 11, 27), ThisQuarter, d(2026, 10, 1), d(2026, 11, 27)},
		{d(2026, 11, 27), LastQuarter, d(2026, 7, 1), d(2026, 9, 30)},
		{d(2026, 2, 10), LastQuarter, d(2025, 10, 1), d(2025, 12, 31)},
		{d(2026, 11, 27), YearToDate, d(2026, 1, 1), d(2026, 11, 27)},
		{d(2026, 11, 27), Last12M, d(2025, 11, 28), d(2026, 11, 27)},
		{d(2028, 2, 29), Last12M, d(2027, 3, 1), d(2028, 2, 29)},
		{d(2026, 1, 1), ThisMonth, d(2026, 1, 1), d(2026, 1, 1)},
	}
	for _, c := range cases {
		p, err := PresetPeriod(c.preset, c.today)
		if err != nil || p.From != c.from || p.To != c.to || p.Preset != c.preset {
			t.Errorf("%s on %s = %v (%v), want %s – %s", c.preset, c.today, p, err, c.from, c.to)
		}
	}
	if _, err := PresetPeriod("this-week", d(2026, 11, 27)); err == nil || !strings.Contains(err.Error(), "last-12m") {
		t.Errorf("unknown preset: %v", err)
	}
}

func TestPeriodPrevious(t *testing.T) {
	today := d(2026, 11, 27)
	preset := func(p Preset) Period {
		out, err := PresetPeriod(p, today)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	custom := func(from, to Date) Period {
		p, err := NewPeriod(from, to)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		name     string
		p        Period
		from, to Date
	}{
		{"this month to date: last month to the same day", preset(ThisMonth), d(2026, 10, 1), d(2026, 10, 27)},
		{"last month: the month before", preset(LastMonth), d(2026, 9, 1), d(2026, 9, 30)},
		{"this quarter to date", preset(ThisQuarter), d(2026, 7, 1), d(2026, 8, 27)},
		{"last quarter", preset(LastQuarter), d(2026, 4, 1), d(2026, 6, 30)},
		{"year to date", preset(YearToDate), d(2025, 1, 1), d(2025, 11, 27)},
		{"last 12 months", preset(Last12M), d(2024, 11, 28), d(2025, 11, 27)},
		{"whole months typed by hand", custom(d(2026, 7, 1), d(2026, 9, 30)), d(2026, 4, 1), d(2026, 6, 30)},
		{"a month's last day stays one", custom(d(2026, 3, 1), d(2026, 3, 31)), d(2026, 2, 1), d(2026, 2, 28)},
		{"ten days: the ten before", custom(d(2026, 11, 11), d(2026, 11, 20)), d(2026, 11, 1), d(2026, 11, 10)},
		{"one day: the day before", custom(d(2026, 3, 1), d(2026, 3, 1)), d(2026, 2, 28), d(2026, 2, 28)},
	}
	for _, c := range cases {
		got := c.p.Previous()
		if got.From != c.from || got.To != c.to {
			t.Errorf("%s: previous of %s = %s, want %s – %s", c.name, c.p, got, c.from, c.to)
		}
	}
}

func TestPeriodStep(t *testing.T) {
	today := d(2026, 11, 27)
	month, _ := PresetPeriod(ThisMonth, today)
	back := month.Step(-1, today)
	if back.From != d(2026, 10, 1) || back.To != d(2026, 10, 31) || back.Preset != LastMonth {
		t.Errorf("this month stepped back = %+v, want the whole of October (last-month)", back)
	}
	if again := back.Step(-1, today); again.From != d(2026, 9, 1) || again.To != d(2026, 9, 30) || again.Preset != "" {
		t.Errorf("two months back = %+v", again)
	}
	if fwd := back.Step(1, today); fwd != month {
		t.Errorf("back and forward = %+v, want this month to date %+v", fwd, month)
	}
	if same := month.Step(1, today); same != month {
		t.Errorf("a step into the future moved: %+v", same)
	}
	q, _ := PresetPeriod(ThisQuarter, today)
	if prev := q.Step(-1, today); prev.From != d(2026, 7, 1) || prev.To != d(2026, 9, 30) || prev.Preset != LastQuarter {
		t.Errorf("quarter back = %+v", prev)
	}
	ytd, _ := PresetPeriod(YearToDate, today)
	if prev := ytd.Step(-1, today); prev.From != d(2025, 1, 1) || prev.To != d(2025, 12, 31) {
		t.Errorf("ytd back = %+v, want all of 2025", prev)
	}
	week, _ := NewPeriod(d(2026, 11, 9), d(2026, 11, 15))
	if prev := week.Step(-1, today); prev.From != d(2026, 11, 2) || prev.To != d(2026, 11, 8) {
		t.Errorf("a week back = %+v", prev)
	}
	if next := week.Step(2, today); next.From != d(2026, 11, 23) || next.To != today {
		t.Errorf("two weeks on = %+v, want it to end today", next)
	}
	for i, p := range Presets {
		if next := p.Next(); next != Presets[(i+1)%len(Presets)] {
			t.Errorf("after %s comes %s", p, next)
		}
	}
	if Preset("").Next() != Presets[0] {
		t.Error("no preset does not lead to the first")
	}
}

func TestNewPeriodAndBounds(t *testing.T) {
	if _, err := NewPeriod(d(2026, 11, 2), d(2026, 11, 1)); err == nil || !strings.Contains(err.Error(), "before it starts") {
		t.Errorf("to before from: %v", err)
	}
	if _, err := NewPeriod(Date{}, d(2026, 11, 1)); err == nil {
		t.Error("a period without a start was accepted")
	}
	if _, err := NewPeriod(d(2026, 2, 30), d(2026, 3, 1)); err == nil {
		t.Error("30 February was accepted")
	}
	ny := mustLoc(t, "America/New_York")
	// The day clocks go back has 25 hours; the period's instants cover it.
	p, _ := NewPeriod(d(2026, 11, 1), d(2026, 11, 1))
	lo, hi := p.Bounds(ny)
	if hi.Sub(lo) != 25*time.Hour || lo.UTC().Format(time.RFC3339) != "2026-11-01T04:00:00Z" {
		t.Errorf("bounds of 1 Nov in New York = %v – %v", lo.UTC(), hi.UTC())
	}
	santiago := mustLoc(t, "America/Santiago")
	// Chile skips midnight on the day DST starts: the day starts at 01:00.
	p, _ = NewPeriod(d(2026, 9, 6), d(2026, 9, 6))
	lo, hi = p.Bounds(santiago)
	if DateOf(lo.In(santiago)) != d(2026, 9, 6) || DateOf(hi.Add(-time.Second).In(santiago)) != d(2026, 9, 6) || hi.Sub(lo) != 23*time.Hour {
		t.Errorf("bounds on a day without midnight: %v – %v", lo, hi)
	}
}

func TestParseMonth(t *testing.T) {
	for in, want := range map[string]Date{"2026-11": d(2026, 11, 1), " 1999-01 ": d(1999, 1, 1)} {
		if got, ok := ParseMonth(in); !ok || got != want {
			t.Errorf("ParseMonth(%q) = %v %v", in, got, ok)
		}
	}
	for _, in := range []string{"2026-13", "2026-00", "2026-1", "26-11", "2026-11-01", "+026-11", "3000-01", "nov"} {
		if _, ok := ParseMonth(in); ok {
			t.Errorf("ParseMonth(%q) accepted", in)
		}
	}
}

func TestPeriodLabel(t *testing.T) {
	today := d(2026, 11, 27)
	want := map[Preset]string{ThisMonth: "1–27 November 2026", LastMonth: "October 2026", ThisQuarter: "Q4 2026 to 27 Nov",
		LastQuarter: "Q3 2026", YearToDate: "2026 to 27 Nov", Last12M: "28 Nov 2025 – 27 Nov 2026"}
	for preset, label := range want {
		p, _ := PresetPeriod(preset, today)
		if got := p.Label(); got != label {
			t.Errorf("%s: %q, want %q", preset, got, label)
		}
	}
	for _, c := range []struct {
		from, to Date
		want     string
	}{
		{d(2025, 1, 1), d(2025, 12, 31), "2025"},
		{d(2026, 3, 3), d(2026, 4, 5), "3 Mar – 5 Apr 2026"},
		{d(2026, 11, 27), d(2026, 11, 27), "27 November 2026"},
	} {
		if got := (Period{From: c.from, To: c.to}).Label(); got != c.want {
			t.Errorf("%s: %q, want %q", Period{From: c.from, To: c.to}, got, c.want)
		}
	}
}
