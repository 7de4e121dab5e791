package model

import (
	"errors"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // zone tests must not depend on the machine's zoneinfo
)

func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return loc
}

func d(y int, m time.Month, day int) Date { return Date{Year: y, Month: m, Day: day} }

var (
	friday    = d(2026, 11, 27)
	wednesday = d(2026, 11, 25)
	sunday    = d(2026, 11, 29)
)

func TestFixturesWeekdays(t *testing.T) {
	for _, tt := range []struct {
		d    Date
		want time.Weekday
	}{{friday, time.Friday}, {wednesday, time.Wednesday}, {sunday, time.Sunday}, {d(2028, 2, 29), time.Tuesday}} {
		if got := tt.d.Weekday(); got != tt.want {
			t.Errorf("%s.Weekday() = %s, want %s", tt.d, got, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in        string
		today     Date
		weekStart time.Weekday
		want      Date
	}{
		// named days, from Friday 2026-11-27
		{"today", friday, time.Monday, friday},
		{"TODAY", friday, time.Monday, friday},
		{"  tod ", friday, time.Monday, friday},
		{"now", friday, time.Monday, friday},
		{"tomorrow", friday, time.Monday, d(2026, 11, 28)},
		{"tom", friday, time.Monday, d(2026, 11, 28)},
		{"tmr", friday, time.Monday, d(2026, 11, 28)},
		{"yesterday", friday, time.Monday, d(2026, 11, 26)},
		{"tomorrow", d(2026, 12, 31), time.Monday, d(2027, 1, 1)},
		{"yesterday", d(2026, 3, 1), time.Monday, d(2026, 2, 28)},

		// weekday names: the next one in the future; the same weekday is a week away
		{"fri", friday, time.Monday, d(2026, 12, 4)},
		{"Friday", friday, time.Monday, d(2026, 12, 4)},
		{"sat", friday, time.Monday, d(2026, 11, 28)},
		{"saturday", friday, time.Monday, d(2026, 11, 28)},
		{"sun", friday, time.Monday, d(2026, 11, 29)},
		{"mon", friday, time.Monday, d(2026, 11, 30)},
		{"monday", friday, time.Monday, d(2026, 11, 30)},
		{"tue", friday, time.Monday, d(2026, 12, 1)},
		{"tues", friday, time.Monday, d(2026, 12, 1)},
		{"wed", friday, time.Monday, d(2026, 12, 2)},
		{"thu", friday, time.Monday, d(2026, 12, 3)},
		{"thurs", friday, time.Monday, d(2026, 12, 3)},
		{"thursday", friday, time.Monday, d(2026, 12, 3)},
		{"wed", wednesday, time.Monday, d(2026, 12, 2)},
		{"wednesday", wednesday, time.Sunday, d(2026, 12, 2)},
		{"thu", wednesday, time.Monday, d(2026, 11, 26)},
		{"tue", wednesday, time.Monday, d(2026, 12, 1)},
		{"mon", wednesday, time.Monday, d(2026, 11, 30)},
		{"fri", wednesday, time.Monday, d(2026, 11, 27)},

		// offsets
		{"+3d", friday, time.Monday, d(2026, 11, 30)},
		{"3d", friday, time.Monday, d(2026, 11, 30)},
		{"3D", friday, time.Monday, d(2026, 11, 30)},
		{"0d", friday, time.Monday, friday},
		{"-1d", friday, time.Monday, d(2026, 11, 26)},
		{"10d", friday, time.Monday, d(2026, 12, 7)},
		{"2w", friday, time.Monday, d(2026, 12, 11)},
		{"+2w", friday, time.Monday, d(2026, 12, 11)},
		{"-2w", friday, time.Monday, d(2026, 11, 13)},
		{"1m", friday, time.Monday, d(2026, 12, 27)},
		{"2m", friday, time.Monday, d(2027, 1, 27)},
		{"-12m", friday, time.Monday, d(2025, 11, 27)},
		{"1y", friday, time.Monday, d(2027, 11, 27)},
		{"-1y", friday, time.Monday, d(2025, 11, 27)},
		{"1m", d(2026, 1, 31), time.Monday, d(2026, 2, 28)}, // clamped to the month's end
		{"1m", d(2028, 1, 31), time.Monday, d(2028, 2, 29)}, // leap year
		{"-1m", d(2026, 3, 31), time.Monday, d(2026, 2, 28)},
		{"3m", d(2026, 1, 31), time.Monday, d(2026, 4, 30)},
		{"1y", d(2028, 2, 29), time.Monday, d(2029, 2, 28)},
		{"4y", d(2028, 2, 29), time.Monday, d(2032, 2, 29)},
		{"1d", d(2028, 2, 28), time.Monday, d(2028, 2, 29)},
		{"36600d", friday, time.Monday, d(2127, 2, 11)}, // the largest count (2100 is no leap year)

		// week boundaries, Monday and Sunday starts
		{"sow", friday, time.Monday, d(2026, 11, 23)},
		{"eow", friday, time.Monday, d(2026, 11, 29)},
		{"sow", friday, time.Sunday, d(2026, 11, 22)},
		{"eow", friday, time.Sunday, d(2026, 11, 28)},
		{"sow", wednesday, time.Monday, d(2026, 11, 23)},
		{"eow", wednesday, time.Monday, d(2026, 11, 29)},
		{"sow", wednesday, time.Sunday, d(2026, 11, 22)},
		{"eow", wednesday, time.Sunday, d(2026, 11, 28)},
		{"sow", sunday, time.Monday, d(2026, 11, 23)}, // Sunday ends a Monday week
		{"eow", sunday, time.Monday, d(2026, 11, 29)},
		{"sow", sunday, time.Sunday, d(2026, 11, 29)}, // and starts a Sunday week
		{"eow", sunday, time.Sunday, d(2026, 12, 5)},
		{"sow", d(2026, 11, 23), time.Monday, d(2026, 11, 23)},
		{"eow", d(2026, 12, 31), time.Monday, d(2027, 1, 3)},

		// month, quarter, year
		{"som", friday, time.Monday, d(2026, 11, 1)},
		{"eom", friday, time.Monday, d(2026, 11, 30)},
		{"eom", d(2026, 12, 5), time.Monday, d(2026, 12, 31)},
		{"eom", d(2026, 2, 10), time.Monday, d(2026, 2, 28)},
		{"eom", d(2028, 2, 10), time.Monday, d(2028, 2, 29)},
		{"eom", d(2026, 1, 31), time.Monday, d(2026, 1, 31)},
		{"eoq", friday, time.Monday, d(2026, 12, 31)},
		{"eoq", d(2026, 1, 1), time.Monday, d(2026, 3, 31)},
		{"eoq", d(2026, 3, 31), time.Monday, d(2026, 3, 31)},
		{"eoq", d(2026, 4, 1), time.Monday, d(2026, 6, 30)},
		{"eoq", d(2026, 8, 15), time.Monday, d(2026, 9, 30)},
		{"eoy", friday, time.Monday, d(2026, 12, 31)},
		{"eoy", d(2026, 1, 1), time.Monday, d(2026, 12, 31)},

		// ISO dates
		{"2026-12-01", friday, time.Monday, d(2026, 12, 1)},
		{" 2026-12-01 ", friday, time.Monday, d(2026, 12, 1)},
		{"2024-02-29", friday, time.Monday, d(2024, 2, 29)},
		{"1900-01-01", friday, time.Monday, d(1900, 1, 1)},
		{"2200-12-31", friday, time.Monday, d(2200, 12, 31)},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in, tt.today, tt.weekStart)
		if err != nil {
			t.Errorf("ParseDate(%q, %s, %s) error: %v", tt.in, tt.today, tt.weekStart, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseDate(%q, %s, %s) = %s, want %s", tt.in, tt.today, tt.weekStart, got, tt.want)
		}
	}
}

func TestParseDateRefuses(t *testing.T) {
	tests := []struct {
		in   string
		want string // fragment of a readable message
	}{
		{"2026-02-30", "February has no day 30"},
		{"2026-02-29", "February has no day 29"},
		{"2026-04-31", "April has no day 31"},
		{"2026-01-32", "has no day 32"},
		{"2026-01-00", "has no day 0"},
		{"2026-13-01", "no month 13"},
		{"2026-00-10", "no month 0"},
		{"0000-01-01", "between 1900 and 2200"},
		{"1899-12-31", "between 1900 and 2200"},
		{"2201-01-01", "between 1900 and 2200"},
		{"9999-12-30", "between 1900 and 2200"},
		{"2026-1-1", "YYYY-MM-DD"},
		{"26-01-01", "YYYY-MM-DD"},
		{"2026-01-01T10:00", "YYYY-MM-DD"},
		{"+026-01-01", DateHelp},
		{"2026-+1-01", "YYYY-MM-DD"},
		{"2026--1-01", "no month -1"},
		{"++3d", DateHelp},
		{"+-3d", DateHelp},
		{"3dd", DateHelp},
		{"d", DateHelp},
		{"3", DateHelp},
		{"+d", DateHelp},
		{"3x", DateHelp},
		{"3h", DateHelp},
		{"36601d", DateHelp},
		{"next year", DateHelp},
		{"Dec 32", "no day 32"},
		{"Feb 30", "February has no day 30"},
		{"13/5", "no month 13"},
		{"12/5/1850", "between 1900 and 2200"},
		{"Mon Dec 4 2026", "Dec 4 2026 is a Friday, not a Monday"},
		{"in two weeks", DateHelp},
		{"in -2 weeks", DateHelp},
		{"dec", DateHelp},
		{"5", DateHelp},
		{"next", DateHelp},
		{"someday", DateHelp},
		{"frid", DateHelp},
		{"-127y", "between 1900 and 2200"},  // 1899
		{"-2027y", "between 1900 and 2200"}, // year -1
		{"175y", "between 1900 and 2200"},   // 2201
		{"3000m", "between 1900 and 2200"},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in, friday, time.Monday)
		if err == nil {
			t.Errorf("ParseDate(%q) = %s, want an error", tt.in, got)
			continue
		}
		if !got.IsZero() {
			t.Errorf("ParseDate(%q) returned %s alongside an error", tt.in, got)
		}
		if msg := err.Error(); !strings.Contains(msg, tt.want) {
			t.Errorf("ParseDate(%q) error %q does not say %q", tt.in, msg, tt.want)
		}
	}
	for _, in := range []string{"", "   "} {
		if _, err := ParseDate(in, friday, time.Monday); !errors.Is(err, ErrDateEmpty) {
			t.Errorf("ParseDate(%q) error = %v, want ErrDateEmpty", in, err)
		}
	}
}

func TestParseISODateRoundTrip(t *testing.T) {
	for _, s := range []string{"1900-01-01", "2026-11-27", "2028-02-29", "2200-12-31", "2000-02-29"} {
		got, err := ParseISODate(s)
		if err != nil {
			t.Fatalf("ParseISODate(%q): %v", s, err)
		}
		if got.String() != s {
			t.Errorf("ParseISODate(%q).String() = %q", s, got.String())
		}
	}
	if _, err := ParseISODate("1900-02-29"); err == nil { // 1900 was not a leap year
		t.Error("ParseISODate(1900-02-29) accepted")
	}
}

func TestDateBasics(t *testing.T) {
	if !(Date{}).IsZero() || friday.IsZero() {
		t.Error("IsZero wrong")
	}
	if got := (Date{}).String(); got != "" {
		t.Errorf("zero Date String() = %q, want empty", got)
	}
	if got := d(987, 3, 4).String(); got != "0987-03-04" {
		t.Errorf("String() = %q", got)
	}
	if got := NewDate(2026, 2, 30); got != d(2026, 3, 2) {
		t.Errorf("NewDate(2026-02-30) = %s, want normalised 2026-03-02", got)
	}
	if got := NewDate(2026, 13, 1); got != d(2027, 1, 1) {
		t.Errorf("NewDate(2026-13-01) = %s", got)
	}
	ordered := []Date{d(2025, 12, 31), d(2026, 1, 1), d(2026, 1, 2), d(2026, 2, 1)}
	for i := range ordered {
		for j := range ordered {
			a, b := ordered[i], ordered[j]
			want := cmpInt(i, j)
			if got := a.Compare(b); got != want {
				t.Errorf("%s.Compare(%s) = %d, want %d", a, b, got, want)
			}
			if a.Before(b) != (i < j) || a.After(b) != (i > j) {
				t.Errorf("Before/After wrong for %s, %s", a, b)
			}
		}
	}
	for _, tt := range []struct {
		a, b Date
		want int
	}{
		{friday, friday, 0},
		{friday, d(2026, 12, 4), 7},
		{d(2026, 12, 4), friday, -7},
		{d(2028, 2, 28), d(2028, 3, 1), 2},
		{d(2026, 3, 7), d(2026, 3, 9), 2}, // across US DST start: still whole days
		{d(2026, 1, 1), d(2027, 1, 1), 365},
		{d(2028, 1, 1), d(2029, 1, 1), 366},
	} {
		if got := tt.a.DaysUntil(tt.b); got != tt.want {
			t.Errorf("%s.DaysUntil(%s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
	if got := WeekStart(friday, time.Saturday); got != d(2026, 11, 21) {
		t.Errorf("WeekStart(fri, Saturday) = %s", got)
	}
}

func TestDateOfUsesLocation(t *testing.T) {
	tokyo, ny := mustLoc(t, "Asia/Tokyo"), mustLoc(t, "America/New_York")
	instant := time.Date(2026, 12, 4, 23, 30, 0, 0, time.UTC)
	if got := DateOf(instant.In(tokyo)); got != d(2026, 12, 5) {
		t.Errorf("DateOf(Tokyo) = %s, want 2026-12-05", got)
	}
	if got := DateOf(instant.In(ny)); got != d(2026, 12, 4) {
		t.Errorf("DateOf(New York) = %s, want 2026-12-04", got)
	}
}

func TestClockInZones(t *testing.T) {
	tokyo, ny := mustLoc(t, "Asia/Tokyo"), mustLoc(t, "America/New_York")
	instant := time.Date(2026, 12, 4, 23, 30, 0, 0, time.UTC)

	tk := FixedClock(instant.In(tokyo))
	if !tk.Now().Equal(instant) || tk.Now().Location() != tokyo {
		t.Errorf("FixedClock.Now() = %v, want %v in Tokyo", tk.Now(), instant)
	}
	if tk.WeekStart != time.Monday {
		t.Errorf("FixedClock.WeekStart = %s, want Monday", tk.WeekStart)
	}
	if got := tk.Today(); got != d(2026, 12, 5) {
		t.Errorf("Tokyo Today() = %s, want 2026-12-05", got)
	}
	nc := FixedClock(instant.In(ny))
	if got := nc.Today(); got != d(2026, 12, 4) {
		t.Errorf("New York Today() = %s, want 2026-12-04", got)
	}
	// Loc, not the pinned time's zone, decides the day.
	c := FixedClock(instant)
	c.Loc = tokyo
	if got := c.Today(); got != d(2026, 12, 5) {
		t.Errorf("UTC-pinned clock with Loc=Tokyo: Today() = %s, want 2026-12-05", got)
	}
	if got := c.DateOf(instant); got != d(2026, 12, 5) {
		t.Errorf("Clock.DateOf = %s", got)
	}
	if got, err := tk.Parse("tomorrow"); err != nil || got != d(2026, 12, 6) {
		t.Errorf("Tokyo Parse(tomorrow) = %s, %v", got, err)
	}
	if got, err := nc.Parse("tomorrow"); err != nil || got != d(2026, 12, 5) {
		t.Errorf("New York Parse(tomorrow) = %s, %v", got, err)
	}

	// 2026-12-06T23:30Z is Monday 12-07 in Tokyo but Sunday 12-06 in New York:
	// different weeks.
	edge := time.Date(2026, 12, 6, 23, 30, 0, 0, time.UTC)
	for _, tt := range []struct {
		loc        *time.Location
		weekStart  time.Weekday
		start, end Date
	}{
		{tokyo, time.Monday, d(2026, 12, 7), d(2026, 12, 14)},
		{ny, time.Monday, d(2026, 11, 30), d(2026, 12, 7)},
		{tokyo, time.Sunday, d(2026, 12, 6), d(2026, 12, 13)},
		{ny, time.Sunday, d(2026, 12, 6), d(2026, 12, 13)},
	} {
		c := FixedClock(edge.In(tt.loc))
		c.WeekStart = tt.weekStart
		start, end := c.Week()
		if start != tt.start || end != tt.end {
			t.Errorf("Week() in %s from %s = [%s, %s), want [%s, %s)", tt.loc, tt.weekStart, start, end, tt.start, tt.end)
		}
		if start.DaysUntil(end) != 7 {
			t.Errorf("Week() is not seven days: %s..%s", start, end)
		}
	}
}

func TestClockWithoutPinnedTime(t *testing.T) {
	tokyo := mustLoc(t, "Asia/Tokyo")
	c := Clock{Loc: tokyo}
	before := time.Now()
	now := c.Now()
	if now.Location() != tokyo {
		t.Errorf("Clock{Loc: Tokyo}.Now() is in %s, want Asia/Tokyo", now.Location())
	}
	if now.Before(before) || now.Sub(before) > time.Minute {
		t.Errorf("Clock{}.Now() = %v, not the current time", now)
	}
	if got, want := c.Today(), DateOf(time.Now().In(tokyo)); got != want && got != want.AddDays(-1) {
		t.Errorf("Clock{Loc: Tokyo}.Today() = %s, want %s", got, want)
	}
	var zero Clock
	if zero.Now().Location() != time.Local {
		t.Errorf("zero Clock.Now() is in %s, want Local", zero.Now().Location())
	}
	sys := SystemClock()
	if sys.Loc != time.Local || sys.WeekStart != time.Monday {
		t.Errorf("SystemClock() = %+v", sys)
	}
}

func TestParseNow(t *testing.T) {
	ny := mustLoc(t, "America/New_York")
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2026-11-27T09:00:00Z", time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)},
		{"2026-11-27T09:00:00+09:00", time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)},
		{"2026-11-27T09:00:00.5-05:00", time.Date(2026, 11, 27, 14, 0, 0, 5e8, time.UTC)},
		{"2026-11-27", time.Date(2026, 11, 27, 12, 0, 0, 0, ny)}, // a date is noon in loc
	}
	for _, tt := range tests {
		got, err := ParseNow(tt.in, ny)
		if err != nil {
			t.Errorf("ParseNow(%q) error: %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) || got.Location() != ny {
			t.Errorf("ParseNow(%q) = %v, want %v in New York", tt.in, got, tt.want)
		}
	}
	for _, in := range []string{"", "now", "2026-02-30", "2026-11-27 09:00", "2026-11-27T09:00", "0000-01-01", "1700000000"} {
		_, err := ParseNow(in, ny)
		if err == nil || !strings.Contains(err.Error(), "RFC 3339") {
			t.Errorf("ParseNow(%q) error = %v, want a message naming RFC 3339", in, err)
		}
	}
}

func TestClockFromEnv(t *testing.T) {
	t.Setenv("ROLO_NOW", "2026-11-27T09:00:00Z")
	c, err := ClockFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	if !c.Now().Equal(want) || !c.Now().Equal(c.Now()) {
		t.Errorf("ROLO_NOW clock Now() = %v, want pinned %v", c.Now(), want)
	}
	if got := c.Today(); got != DateOf(want.In(time.Local)) {
		t.Errorf("ROLO_NOW clock Today() = %s", got)
	}

	t.Setenv("ROLO_NOW", "2026-11-27")
	c, err = ClockFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Today(); got != friday {
		t.Errorf("ROLO_NOW=2026-11-27: Today() = %s", got)
	}

	t.Setenv("ROLO_NOW", "tomorrow")
	if _, err := ClockFromEnv(); err == nil || !strings.HasPrefix(err.Error(), "ROLO_NOW: ") {
		t.Errorf("bad ROLO_NOW: error = %v", err)
	}

	t.Setenv("ROLO_NOW", "")
	c, err = ClockFromEnv()
	if err != nil || c.Loc != time.Local || time.Since(c.Now()) > time.Minute {
		t.Errorf("unset ROLO_NOW: %+v, %v; want the system clock", c, err)
	}
}

func TestDateStartSkippedMidnight(t *testing.T) {
	santiago := mustLoc(t, "America/Santiago")
	day := d(2026, 9, 6) // Chile moves clocks from 00:00 to 01:00 this day
	start := day.Start(santiago)
	if got := DateOf(start); got != day {
		t.Fatalf("Start(%s) = %v, which is on %s", day, start, got)
	}
	if h, m := start.Hour(), start.Minute(); h != 1 || m != 0 {
		t.Errorf("Start(%s) = %v, want 01:00, the first instant that exists", day, start)
	}
	// Nothing on that date exists before it.
	if DateOf(start.Add(-time.Nanosecond)) == day {
		t.Errorf("an instant before Start(%s) is on the same date", day)
	}
	// The neighbours are ordinary midnights, and the short day is 23 hours.
	prev, next := day.AddDays(-1).Start(santiago), day.AddDays(1).Start(santiago)
	if prev.Hour() != 0 || next.Hour() != 0 {
		t.Errorf("neighbour starts: %v, %v", prev, next)
	}
	if got := next.Sub(start); got != 23*time.Hour {
		t.Errorf("length of %s = %v, want 23h", day, got)
	}
	if got := start.Sub(prev); got != 24*time.Hour {
		t.Errorf("length of %s = %v, want 24h", day.AddDays(-1), got)
	}
}

func TestAddDaysAcrossDST(t *testing.T) {
	ny := mustLoc(t, "America/New_York")
	tests := []struct {
		from Date
		n    int
		want Date
		span time.Duration // between the two local midnights
	}{
		{d(2026, 3, 2), 7, d(2026, 3, 9), 7*24*time.Hour - time.Hour}, // spring forward on 03-08
		{d(2026, 3, 7), 1, d(2026, 3, 8), 24 * time.Hour},
		{d(2026, 3, 8), 1, d(2026, 3, 9), 23 * time.Hour},
		{d(2026, 3, 9), -1, d(2026, 3, 8), -23 * time.Hour},
		{d(2026, 11, 1), 1, d(2026, 11, 2), 25 * time.Hour}, // fall back on 11-01
		{d(2026, 10, 26), 7, d(2026, 11, 2), 7*24*time.Hour + time.Hour},
		{d(2026, 12, 31), 1, d(2027, 1, 1), 24 * time.Hour},
		{d(2028, 2, 28), 2, d(2028, 3, 1), 48 * time.Hour},
		{d(2026, 3, 1), -1, d(2026, 2, 28), -24 * time.Hour},
	}
	for _, tt := range tests {
		got := tt.from.AddDays(tt.n)
		if got != tt.want {
			t.Errorf("%s.AddDays(%d) = %s, want %s", tt.from, tt.n, got, tt.want)
			continue
		}
		a, b := tt.from.Start(ny), got.Start(ny)
		if b.Hour() != 0 || b.Minute() != 0 {
			t.Errorf("%s.Start(New York) = %v, want local midnight", got, b)
		}
		if span := b.Sub(a); span != tt.span {
			t.Errorf("%s → %s spans %v in New York, want %v", tt.from, got, span, tt.span)
		}
	}
	// A clock pinned in New York right after the change still counts days.
	c := FixedClock(time.Date(2026, 3, 8, 23, 59, 0, 0, ny))
	if got := c.Today(); got != d(2026, 3, 8) {
		t.Errorf("Today() = %s", got)
	}
	if start, end := c.Week(); start != d(2026, 3, 2) || end != d(2026, 3, 9) {
		t.Errorf("Week() = [%s, %s)", start, end)
	}
}

// TestParseDateAsPrinted reads the forms people type and rolo prints:
// month names, slashed dates in either order, weekday words and spans.
func TestParseDateAsPrinted(t *testing.T) {
	tuesday := d(2026, 12, 1)
	tests := []struct {
		in    string
		today Date
		order DateOrder
		lean  Lean
		want  Date
	}{
		{"Dec 5", tuesday, MonthFirst, LeanFuture, d(2026, 12, 5)},
		{"dec 5th", tuesday, MonthFirst, LeanFuture, d(2026, 12, 5)},
		{"5 dec", tuesday, MonthFirst, LeanFuture, d(2026, 12, 5)},
		{"5 December 2027", tuesday, MonthFirst, LeanFuture, d(2027, 12, 5)},
		{"December 5, 2027", tuesday, MonthFirst, LeanFuture, d(2027, 12, 5)},
		{"Fri Dec 4", tuesday, MonthFirst, LeanFuture, d(2026, 12, 4)},
		{"Fri, Dec 4 2026", tuesday, MonthFirst, LeanFuture, d(2026, 12, 4)},
		{"Jan 3", tuesday, MonthFirst, LeanFuture, d(2027, 1, 3)},    // nearest: next month
		{"Nov 20", tuesday, MonthFirst, LeanFuture, d(2026, 11, 20)}, // nearest: last week
		{"Jun 1", tuesday, MonthFirst, LeanFuture, d(2027, 6, 1)},    // 182 days ahead beats 183 back
		{"Feb 29", tuesday, MonthFirst, LeanFuture, d(2028, 2, 29)},  // the only one within a year
		{"12/5", tuesday, MonthFirst, LeanFuture, d(2026, 12, 5)},
		{"12/5", tuesday, DayFirst, LeanFuture, d(2027, 5, 12)},
		{"5/12", tuesday, DayFirst, LeanFuture, d(2026, 12, 5)},
		{"12/5/2027", tuesday, MonthFirst, LeanFuture, d(2027, 12, 5)},
		{"12/5/27", tuesday, MonthFirst, LeanFuture, d(2027, 12, 5)},
		{"2026/12/05", tuesday, DayFirst, LeanFuture, d(2026, 12, 5)},
		{"fri", tuesday, MonthFirst, LeanFuture, d(2026, 12, 4)},
		{"fri", tuesday, MonthFirst, LeanPast, d(2026, 11, 27)},
		{"tue", tuesday, MonthFirst, LeanPast, d(2026, 11, 24)},
		{"this fri", tuesday, MonthFirst, LeanFuture, d(2026, 12, 4)},
		{"this mon", tuesday, MonthFirst, LeanFuture, d(2026, 11, 30)},
		{"next fri", tuesday, MonthFirst, LeanFuture, d(2026, 12, 11)},
		{"next mon", tuesday, MonthFirst, LeanFuture, d(2026, 12, 7)},
		{"last fri", tuesday, MonthFirst, LeanFuture, d(2026, 11, 27)},
		{"in 2 weeks", tuesday, MonthFirst, LeanFuture, d(2026, 12, 15)},
		{"in a week", tuesday, MonthFirst, LeanFuture, d(2026, 12, 8)},
		{"in 3 days", tuesday, MonthFirst, LeanFuture, d(2026, 12, 4)},
		{"in 1 month", tuesday, MonthFirst, LeanFuture, d(2027, 1, 1)},
		{"2 weeks", tuesday, MonthFirst, LeanFuture, d(2026, 12, 15)},
		{"3 days ago", tuesday, MonthFirst, LeanFuture, d(2026, 11, 28)},
		{"a week ago", tuesday, MonthFirst, LeanFuture, d(2026, 11, 24)},
		{"next week", tuesday, MonthFirst, LeanFuture, d(2026, 12, 7)},
		{"next month", tuesday, MonthFirst, LeanFuture, d(2027, 1, 1)},
		{"end of month", tuesday, MonthFirst, LeanFuture, d(2026, 12, 31)},
	}
	for _, tt := range tests {
		r := DateRules{Today: tt.today, WeekStart: time.Monday, Order: tt.order, Lean: tt.lean}
		got, err := r.Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q) error: %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("Parse(%q) from %s (%s) = %s, want %s", tt.in, tt.today, tt.order, got, tt.want)
		}
	}
}

// TestPrintedDatesReadBack: whatever the app prints for a date, typed back
// in, is the same date.
func TestPrintedDatesReadBack(t *testing.T) {
	today := d(2026, 12, 1)
	for off := -800; off <= 800; off += 7 {
		day := today.AddDays(off)
		for _, s := range []string{day.Short(today), day.Long(today)} {
			got, err := ParseDate(s, today, time.Monday)
			if err != nil || got != day {
				t.Errorf("%s printed as %q reads back as %s, %v", day, s, got, err)
			}
		}
	}
	if got := d(2026, 12, 4).Long(today); got != "Fri Dec 4" {
		t.Errorf("Long = %q", got)
	}
	if got := d(2027, 12, 4).Short(today); got != "Dec 4 2027" {
		t.Errorf("Short = %q", got)
	}
	// The next Feb 29 is over a year away: its year is said.
	if got := d(2028, 2, 29).Short(today); got != "Feb 29 2028" {
		t.Errorf("Short of the next leap day = %q", got)
	}
	if got := d(2027, 2, 28).Short(today); got != "Feb 28" {
		t.Errorf("Short of next February = %q", got)
	}
}
