package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Period is the span a metric covers: From and To are civil dates in the
// user's time zone, both inclusive. A moment belongs to the period when
// its local date does.
type Period struct {
	From, To Date
	// Preset names the preset that made the period ("" for dates given by
	// hand, or a period reached by stepping that matches no preset).
	Preset Preset
}

// Preset is a named period relative to today.
type Preset string

const (
	ThisMonth   Preset = "this-month"   // the 1st of this month to today
	LastMonth   Preset = "last-month"   // the whole previous month
	ThisQuarter Preset = "this-quarter" // the 1st day of this quarter to today
	LastQuarter Preset = "last-quarter" // the whole previous quarter
	YearToDate  Preset = "ytd"          // 1 January to today
	Last12M     Preset = "last-12m"     // the twelve months ending today
)

// Presets lists the presets in the order the Metrics tab cycles them.
var Presets = []Preset{ThisMonth, LastMonth, ThisQuarter, LastQuarter, YearToDate, Last12M}

// DefaultPreset is the period `rolo report` and the Metrics tab open on.
const DefaultPreset = ThisMonth

// Next is the preset after p in Presets, wrapping round (the tab's `p`).
func (p Preset) Next() Preset {
	for i, q := range Presets {
		if q == p {
			return Presets[(i+1)%len(Presets)]
		}
	}
	return Presets[0]
}

// monthStart and monthEnd are the first and last day of d's month.
func monthStart(d Date) Date { return Date{Year: d.Year, Month: d.Month, Day: 1} }
func monthEnd(d Date) Date   { return monthStart(d).AddMonths(1).AddDays(-1) }

func quarterStart(d Date) Date {
	return Date{Year: d.Year, Month: time.Month((int(d.Month)-1)/3*3 + 1), Day: 1}
}

// PresetPeriod is the period a preset names, seen from today.
func PresetPeriod(p Preset, today Date) (Period, error) {
	var from, to Date
	switch p {
	case ThisMonth:
		from, to = monthStart(today), today
	case LastMonth:
		from = monthStart(today).AddMonths(-1)
		to = monthEnd(from)
	case ThisQuarter:
		from, to = quarterStart(today), today
	case LastQuarter:
		from = quarterStart(today).AddMonths(-3)
		to = from.AddMonths(3).AddDays(-1)
	case YearToDate:
		from, to = Date{Year: today.Year, Month: time.January, Day: 1}, today
	case Last12M:
		from, to = today.AddMonths(-12).AddDays(1), today
	default:
		names := make([]string, len(Presets))
		for i, q := range Presets {
			names[i] = string(q)
		}
		return Period{}, fmt.Errorf("%q is not a period; use %s, or --from and --to", string(p), strings.Join(names, ", "))
	}
	return Period{From: from, To: to, Preset: p}, nil
}

// NewPeriod checks a period given by its dates.
func NewPeriod(from, to Date) (Period, error) {
	switch {
	case from.IsZero() || to.IsZero():
		return Period{}, fmt.Errorf("a period needs both a start and an end date")
	case to.Before(from):
		return Period{}, fmt.Errorf("the period ends (%s) before it starts (%s); swap the dates", to, from)
	}
	if err := checkDate("from", from); err != nil {
		return Period{}, err
	}
	if err := checkDate("to", to); err != nil {
		return Period{}, err
	}
	return Period{From: from, To: to}, nil
}

// Days is the number of days in the period.
func (p Period) Days() int { return p.From.DaysUntil(p.To) + 1 }

// Contains reports whether d is one of the period's days.
func (p Period) Contains(d Date) bool { return !d.Before(p.From) && !d.After(p.To) }

// Bounds are the instants the period spans in loc: [start, end), from the
// first instant of From to the first instant of the day after To, so that
// a moment belongs to the period exactly when its local date does (DST
// included).
func (p Period) Bounds(loc *time.Location) (start, end time.Time) {
	return p.From.Start(loc), p.To.AddDays(1).Start(loc)
}

// String is "2026-11-01 – 2026-11-27".
func (p Period) String() string { return p.From.String() + " – " + p.To.String() }

// Name is the preset's name, or "custom".
func (p Period) Name() string {
	if p.Preset == "" {
		return "custom"
	}
	return string(p.Preset)
}

// Phrase names the period as a person says it ("this month", "year to
// date"), "custom" for dates given by hand; Name is the word
// `rolo report --period` takes.
func (p Period) Phrase() string {
	switch p.Preset {
	case ThisMonth:
		return "this month"
	case LastMonth:
		return "last month"
	case ThisQuarter:
		return "this quarter"
	case LastQuarter:
		return "last quarter"
	case YearToDate:
		return "year to date"
	case Last12M:
		return "last 12 months"
	}
	return p.Name()
}

// unitMonths is how many whole months the period steps by, or 0 when it
// steps by days: a month for the month presets, three for the quarters,
// twelve for ytd and last-12m; a period typed by hand from the 1st of a
// month to the last day of a month steps by its own length in months.
func (p Period) unitMonths() int {
	switch p.Preset {
	case ThisMonth, LastMonth:
		return 1
	case ThisQuarter, LastQuarter:
		return 3
	case YearToDate, Last12M:
		return 12
	}
	if p.From.Day == 1 && p.To == monthEnd(p.To) {
		return (p.To.Year-p.From.Year)*12 + int(p.To.Month) - int(p.From.Month) + 1
	}
	return 0
}

// shiftMonths moves d by n months; a month's last day stays a month's last
// day (30 November − 1 month is 31 October).
func shiftMonths(d Date, n int) Date {
	if d == monthEnd(d) {
		return monthEnd(monthStart(d).AddMonths(n))
	}
	return d.AddMonths(n)
}

// Previous is the period a figure's change is measured against: the
// previous period of the same length. For the presets (and periods of
// whole months) that is the same span one unit earlier: this month to the
// 27th compares with last month to the 27th, a quarter with the quarter
// before, year to date with the same days last year. Any other period
// compares with as many days just before it.
func (p Period) Previous() Period {
	if u := p.unitMonths(); u > 0 {
		return Period{From: shiftMonths(p.From, -u), To: shiftMonths(p.To, -u)}
	}
	n := p.Days()
	return Period{From: p.From.AddDays(-n), To: p.From.AddDays(-1)}
}

// Step moves the period n units later (earlier when negative), as the
// Metrics tab's `]` and `[` do: from this month to last month, the month
// before, and back; from a quarter to the quarter before. A step never
// goes past today: a period reaching beyond it ends today, and a step that
// would start after today leaves the period as it is.
func (p Period) Step(n int, today Date) Period {
	var next Period
	switch u := p.unitMonths(); {
	case u > 0 && p.From.Day == 1:
		from := p.From.AddMonths(n * u)
		next = Period{From: from, To: from.AddMonths(u).AddDays(-1)}
	case u > 0:
		next = Period{From: shiftMonths(p.From, n*u), To: shiftMonths(p.To, n*u)}
	default:
		days := n * p.Days()
		next = Period{From: p.From.AddDays(days), To: p.To.AddDays(days)}
	}
	if next.From.After(today) {
		return p
	}
	if next.To.After(today) {
		next.To = today
	}
	for _, q := range Presets {
		if pp, _ := PresetPeriod(q, today); pp.From == next.From && pp.To == next.To {
			next.Preset = q
			break
		}
	}
	return next
}

// ParseMonth reads "YYYY-MM" as the first day of that month; ok is false
// for anything else.
func ParseMonth(s string) (first Date, ok bool) {
	s = strings.TrimSpace(s)
	if len(s) != 7 || s[4] != '-' {
		return Date{}, false
	}
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:])
	if err1 != nil || err2 != nil || s[0] == '+' || s[5] == '+' || m < 1 || m > 12 || y < MinYear || y > MaxYear {
		return Date{}, false
	}
	return Date{Year: y, Month: time.Month(m), Day: 1}, true
}

// MonthEnd is the last day of d's month.
func MonthEnd(d Date) Date { return monthEnd(d) }

// Label names the period for a header: "27 November 2026", "November
// 2026", "1–27 November 2026", "Q3 2026", "Q4 2026 to 27 Nov", "2025", "2026 to 27 Nov",
// "28 Nov 2025 – 27 Nov 2026".
func (p Period) Label() string {
	f, t := p.From, p.To
	short := func(d Date) string { return fmt.Sprintf("%d %s", d.Day, d.Month.String()[:3]) }
	switch {
	case f == t:
		return fmt.Sprintf("%d %s %d", f.Day, f.Month, f.Year)
	case f.Day == 1 && f.Month == t.Month && f.Year == t.Year && t == monthEnd(t):
		return fmt.Sprintf("%s %d", f.Month, f.Year)
	case f.Month == t.Month && f.Year == t.Year:
		return fmt.Sprintf("%d–%d %s %d", f.Day, t.Day, f.Month, f.Year)
	case f == quarterStart(f) && f.Year == t.Year && quarterStart(t) == f && t == monthEnd(f.AddMonths(2)):
		return fmt.Sprintf("Q%d %d", (int(f.Month)-1)/3+1, f.Year)
	case f == quarterStart(f) && quarterStart(t) == f:
		return fmt.Sprintf("Q%d %d to %s", (int(f.Month)-1)/3+1, f.Year, short(t))
	case f.Month == time.January && f.Day == 1 && f.Year == t.Year && t.Month == time.December && t.Day == 31:
		return fmt.Sprint(f.Year)
	case f.Month == time.January && f.Day == 1 && f.Year == t.Year:
		return fmt.Sprintf("%d to %s", f.Year, short(t))
	case f.Year == t.Year:
		return fmt.Sprintf("%s – %s %d", short(f), short(t), t.Year)
	}
	return fmt.Sprintf("%s %d – %s %d", short(f), f.Year, short(t), t.Year)
}
