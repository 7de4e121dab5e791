package model

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Date is a civil date (a day on the calendar, no time, no zone): close
// dates, due dates, contract ends. The zero Date means "not set".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// MinYear and MaxYear bound the dates rolo accepts; anything outside is a
// typo, not a deal.
const (
	MinYear = 1900
	MaxYear = 2200
)

// NewDate builds a Date, normalising overflow the way time.Date does.
func NewDate(y int, m time.Month, d int) Date {
	return DateOf(time.Date(y, m, d, 12, 0, 0, 0, time.UTC))
}

// DateOf is the calendar date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == Date{} }

// noon is the date at 12:00 UTC: calendar arithmetic there never crosses a
// DST gap or a skipped midnight.
func (d Date) noon() time.Time { return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC) }

// String is the ISO form YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// AddDays returns the date n calendar days later (earlier if negative).
func (d Date) AddDays(n int) Date { return DateOf(d.noon().AddDate(0, 0, n)) }

// AddMonths adds calendar months, clamping to the month's last day
// (Jan 31 + 1 month = Feb 28/29), which is what people mean.
func (d Date) AddMonths(n int) Date {
	first := time.Date(d.Year, d.Month+time.Month(n), 1, 12, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return Date{Year: first.Year(), Month: first.Month(), Day: min(d.Day, last)}
}

// Weekday is the day of the week.
func (d Date) Weekday() time.Weekday { return d.noon().Weekday() }

// Before, After and Compare order dates.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }
func (d Date) After(o Date) bool  { return d.Compare(o) > 0 }
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmpInt(d.Year, o.Year)
	case d.Month != o.Month:
		return cmpInt(int(d.Month), int(o.Month))
	default:
		return cmpInt(d.Day, o.Day)
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// DaysUntil is the number of calendar days from d to o (negative if o is
// earlier).
func (d Date) DaysUntil(o Date) int {
	return int(o.noon().Sub(d.noon()).Hours() / 24)
}

// Start is the first instant of the date in loc. On a day whose midnight
// is skipped by DST it is the first instant that exists.
func (d Date) Start(loc *time.Location) time.Time {
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
	if DateOf(t) != d { // midnight did not exist; time.Date went back an hour
		t = time.Date(d.Year, d.Month, d.Day, 1, 0, 0, 0, loc)
	}
	return t
}

// ParseISODate reads YYYY-MM-DD and refuses impossible dates
// (2026-02-30) and years outside 1900–2200.
func ParseISODate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("%q is not a date; write YYYY-MM-DD", s)
	}
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:7])
	d, err3 := strconv.Atoi(s[8:])
	if err1 != nil || err2 != nil || err3 != nil || s[0] == '+' || s[5] == '+' || s[8] == '+' {
		return Date{}, fmt.Errorf("%q is not a date; write YYYY-MM-DD", s)
	}
	if y < MinYear || y > MaxYear {
		return Date{}, fmt.Errorf("%q: the year must be between %d and %d", s, MinYear, MaxYear)
	}
	if m < 1 || m > 12 {
		return Date{}, fmt.Errorf("%q: there is no month %d", s, m)
	}
	date := NewDate(y, time.Month(m), d)
	if d < 1 || date.Month != time.Month(m) {
		return Date{}, fmt.Errorf("%q: %s has no day %d", s, time.Month(m), d)
	}
	return date, nil
}

// WeekStart is the first day of the week holding d.
func WeekStart(d Date, start time.Weekday) Date {
	back := (int(d.Weekday()) - int(start) + 7) % 7
	return d.AddDays(-back)
}

// Clock is the one source of "now" and "today". Today and this week are
// computed in the user's zone; ROLO_NOW pins the clock for tests and demos.
type Clock struct {
	now       func() time.Time
	Loc       *time.Location
	WeekStart time.Weekday
	// DateOrder says how a slashed date such as 12/5 is read.
	DateOrder DateOrder
}

// SystemClock follows the real time in the local zone, weeks from Monday.
func SystemClock() Clock {
	return Clock{now: time.Now, Loc: time.Local, WeekStart: time.Monday}
}

// FixedClock always answers t (in t's location), weeks from Monday.
func FixedClock(t time.Time) Clock {
	return Clock{now: func() time.Time { return t }, Loc: t.Location(), WeekStart: time.Monday}
}

// ClockAt answers whatever now returns, in loc, weeks from Monday: a
// clock a test can move (across midnight, say).
func ClockAt(now func() time.Time, loc *time.Location) Clock {
	return Clock{now: now, Loc: loc, WeekStart: time.Monday}
}

// ClockFromEnv pins the clock when ROLO_NOW is set (an RFC 3339 time, or
// a date meaning noon of that day locally); otherwise it is the system clock.
func ClockFromEnv() (Clock, error) {
	v := strings.TrimSpace(os.Getenv("ROLO_NOW"))
	if v == "" {
		return SystemClock(), nil
	}
	t, err := ParseNow(v, time.Local)
	if err != nil {
		return Clock{}, fmt.Errorf("ROLO_NOW: %w", err)
	}
	return FixedClock(t), nil
}

// ParseNow reads a pinned "now": RFC 3339, or YYYY-MM-DD (noon in loc).
func ParseNow(v string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.In(loc), nil
	}
	d, err := ParseISODate(v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither an RFC 3339 time (2026-11-27T09:00:00Z) nor a date (2026-11-27)", v)
	}
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, loc), nil
}

// Now is the current instant.
func (c Clock) Now() time.Time {
	if c.now == nil {
		return time.Now().In(c.loc())
	}
	return c.now().In(c.loc())
}

func (c Clock) loc() *time.Location {
	if c.Loc == nil {
		return time.Local
	}
	return c.Loc
}

// Today is the calendar date now, in the user's zone.
func (c Clock) Today() Date { return DateOf(c.Now()) }

// Week is this week as the half-open civil range [start, start+7).
func (c Clock) Week() (start, end Date) {
	start = WeekStart(c.Today(), c.WeekStart)
	return start, start.AddDays(7)
}

// Parse reads a date typed by a person relative to today; a bare weekday
// is the next one (for due dates, close dates, snoozes).
func (c Clock) Parse(s string) (Date, error) { return c.rules(LeanFuture).Parse(s) }

// ParsePast reads a date that has happened: a bare weekday is the last
// one ("mon" on a Wednesday is two days ago), for "when was it" fields.
func (c Clock) ParsePast(s string) (Date, error) { return c.rules(LeanPast).Parse(s) }

func (c Clock) rules(lean Lean) DateRules {
	return DateRules{Today: c.Today(), WeekStart: c.WeekStart, Order: c.DateOrder, Lean: lean}
}

// DateOf is the date of instant t in the user's zone.
func (c Clock) DateOf(t time.Time) Date { return DateOf(t.In(c.loc())) }
