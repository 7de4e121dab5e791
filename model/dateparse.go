package model

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DateOrder says how a slashed date such as 12/5 reads: month first (the
// default, 12/5 is Dec 5) or day first (12/5 is 12 May). A date that
// starts with a four-digit year (2026/12/5) always reads year, month, day.
type DateOrder int

const (
	MonthFirst DateOrder = iota
	DayFirst
)

// ParseDateOrder reads a date-order setting: "mdy" / "month-first" or
// "dmy" / "day-first".
func ParseDateOrder(s string) (DateOrder, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "mdy", "md", "month-first", "us":
		return MonthFirst, nil
	case "dmy", "dm", "day-first":
		return DayFirst, nil
	}
	return MonthFirst, fmt.Errorf("%q is not a date order; use mdy (12/5 is Dec 5) or dmy (12/5 is 12 May)", s)
}

// String is the setting's name.
func (o DateOrder) String() string {
	if o == DayFirst {
		return "dmy"
	}
	return "mdy"
}

// Lean says which way a bare weekday goes: "fri" in a due-date field is
// the next Friday, in a "when did it happen" field the last one.
type Lean int

const (
	LeanFuture Lean = iota
	LeanPast
)

// DateRules are what reading a typed date depends on.
type DateRules struct {
	Today     Date
	WeekStart time.Weekday
	Order     DateOrder
	Lean      Lean
}

// DateHelp lists what ParseDate accepts, for error messages and help.
const DateHelp = "today, tomorrow, fri, next fri, Dec 5, 12/5, in 2 weeks, +3d, eom or 2026-12-05"

// ErrDateEmpty is returned for blank date input.
var ErrDateEmpty = errors.New("enter a date: " + DateHelp)

// ParseDate reads a date typed relative to today, weeks starting on
// weekStart, slashed dates month first and bare weekdays in the future.
func ParseDate(input string, today Date, weekStart time.Weekday) (Date, error) {
	return DateRules{Today: today, WeekStart: weekStart}.Parse(input)
}

// Parse reads a date as people type it (and as rolo prints it):
//
//   - named days: today, tomorrow, yesterday; sow/eow, som/eom, eoq, eoy
//     (start or end of this week, month, quarter, year); next week (its
//     first day), next month (its first day);
//   - weekdays: fri (the next Friday, or the last one when leaning to the
//     past), this fri (this week's), next fri (next week's), last fri;
//   - offsets: +3d, 3d, -1d, 2w, 1m, 1y; in 3 days, in 2 weeks, in a
//     month; 2 weeks ago;
//   - calendar dates: 2026-12-05, Dec 5, 5 Dec, December 5th 2027,
//     Fri Dec 4 (the weekday must agree), 12/5 and 12/5/2027 (in the
//     date order), 2026/12/5. A month and day without a year is the
//     occurrence nearest today, which is how rolo prints dates.
func (r DateRules) Parse(input string) (Date, error) {
	s := strings.ToLower(strings.TrimSpace(input))
	if s == "" {
		return Date{}, ErrDateEmpty
	}
	if len(s) >= 4 && s[0] >= '0' && s[0] <= '9' && strings.Contains(s, "-") && !strings.Contains(s, " ") {
		return ParseISODate(s)
	}
	words := strings.Fields(strings.ReplaceAll(s, ",", " "))
	d, err := r.parseWords(words)
	if err != nil {
		if errors.Is(err, errUnreadable) {
			return Date{}, fmt.Errorf("%q is not a date I can read; use %s", strings.TrimSpace(input), DateHelp)
		}
		return Date{}, fmt.Errorf("%q: %w", strings.TrimSpace(input), err)
	}
	if d.Year < MinYear || d.Year > MaxYear {
		return Date{}, fmt.Errorf("%q: the year must be between %d and %d", strings.TrimSpace(input), MinYear, MaxYear)
	}
	return d, nil
}

var errUnreadable = errors.New("unreadable date")

func (r DateRules) parseWords(w []string) (Date, error) {
	today := r.Today
	switch strings.Join(w, " ") {
	case "today", "tod", "now":
		return today, nil
	case "tomorrow", "tom", "tmr":
		return today.AddDays(1), nil
	case "yesterday":
		return today.AddDays(-1), nil
	case "sow", "start of week":
		return WeekStart(today, r.WeekStart), nil
	case "eow", "end of week":
		return WeekStart(today, r.WeekStart).AddDays(6), nil
	case "som", "start of month":
		return Date{Year: today.Year, Month: today.Month, Day: 1}, nil
	case "eom", "end of month":
		return Date{Year: today.Year, Month: today.Month, Day: 1}.AddMonths(1).AddDays(-1), nil
	case "eoq", "end of quarter":
		qEnd := time.Month((int(today.Month)-1)/3*3 + 3)
		return Date{Year: today.Year, Month: qEnd, Day: 1}.AddMonths(1).AddDays(-1), nil
	case "eoy", "end of year":
		return Date{Year: today.Year, Month: time.December, Day: 31}, nil
	case "next week":
		return WeekStart(today, r.WeekStart).AddDays(7), nil
	case "next month":
		return Date{Year: today.Year, Month: today.Month, Day: 1}.AddMonths(1), nil
	}
	if len(w) == 1 {
		if wd, ok := weekdayNames[w[0]]; ok {
			if r.Lean == LeanPast {
				return lastWeekday(today, wd), nil
			}
			return nextWeekday(today, wd), nil
		}
		if d, err := parseOffset(w[0], today); err == nil {
			return d, nil
		}
	}
	if len(w) == 2 {
		if wd, ok := weekdayNames[w[1]]; ok {
			switch w[0] {
			case "next":
				return WeekStart(today, r.WeekStart).AddDays(7 + (int(wd)-int(r.WeekStart)+7)%7), nil
			case "this":
				return WeekStart(today, r.WeekStart).AddDays((int(wd) - int(r.WeekStart) + 7) % 7), nil
			case "last":
				return lastWeekday(today, wd), nil
			}
		}
	}
	if d, ok := parseSpan(w, today); ok {
		return d, nil
	}
	return r.parseCalendar(w)
}

// nextWeekday is the first wd after today (a week away on the day itself).
func nextWeekday(today Date, wd time.Weekday) Date {
	ahead := (int(wd) - int(today.Weekday()) + 7) % 7
	if ahead == 0 {
		ahead = 7
	}
	return today.AddDays(ahead)
}

// lastWeekday is the last wd before today.
func lastWeekday(today Date, wd time.Weekday) Date {
	back := (int(today.Weekday()) - int(wd) + 7) % 7
	if back == 0 {
		back = 7
	}
	return today.AddDays(-back)
}

// parseOffset reads "+3d", "3d", "-2w", "1m", "1y".
func parseOffset(s string, today Date) (Date, error) {
	sign := 1
	switch {
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	case strings.HasPrefix(s, "-"):
		sign, s = -1, s[1:]
	}
	if len(s) < 2 {
		return Date{}, errUnreadable
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n < 0 || n > 100*366 || s[0] < '0' || s[0] > '9' {
		return Date{}, errUnreadable
	}
	return addUnit(today, sign*n, s[len(s)-1:])
}

func addUnit(d Date, n int, unit string) (Date, error) {
	switch unit {
	case "d", "day", "days":
		return d.AddDays(n), nil
	case "w", "wk", "wks", "week", "weeks":
		return d.AddDays(7 * n), nil
	case "m", "mo", "mos", "month", "months":
		return d.AddMonths(n), nil
	case "y", "yr", "yrs", "year", "years":
		return d.AddMonths(12 * n), nil
	}
	return Date{}, errUnreadable
}

// parseSpan reads "in 3 days", "in a week", "2 weeks", "3 days ago".
func parseSpan(w []string, today Date) (Date, bool) {
	sign := 1
	if len(w) > 0 && w[0] == "in" {
		w = w[1:]
	} else if len(w) > 0 && w[len(w)-1] == "ago" {
		sign, w = -1, w[:len(w)-1]
	}
	if len(w) != 2 {
		return Date{}, false
	}
	n := 1
	if w[0] != "a" && w[0] != "an" && w[0] != "one" {
		var err error
		if n, err = strconv.Atoi(w[0]); err != nil || n < 0 || n > 100*366 || w[0][0] == '+' || w[0][0] == '-' {
			return Date{}, false
		}
	}
	d, err := addUnit(today, sign*n, w[1])
	return d, err == nil
}

var weekdayNames = map[string]time.Weekday{
	"sun": time.Sunday, "sunday": time.Sunday,
	"mon": time.Monday, "monday": time.Monday,
	"tue": time.Tuesday, "tues": time.Tuesday, "tuesday": time.Tuesday,
	"wed": time.Wednesday, "wednesday": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "thursday": time.Thursday,
	"fri": time.Friday, "friday": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday,
}

var monthNames = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
	"sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
	"dec": 12, "december": 12,
}

// parseCalendar reads a calendar date with an optional weekday first:
// "Dec 5", "5 dec 2027", "fri dec 4", "12/5", "12/5/27", "2026/12/5".
func (r DateRules) parseCalendar(w []string) (Date, error) {
	weekday, hasWeekday := time.Weekday(0), false
	if len(w) > 1 {
		if wd, ok := weekdayNames[w[0]]; ok {
			weekday, hasWeekday, w = wd, true, w[1:]
		}
	}
	var d Date
	var err error
	switch {
	case len(w) == 1 && strings.Contains(w[0], "/"):
		d, err = r.parseSlashed(w[0])
	case len(w) == 2 || len(w) == 3:
		d, err = r.parseNamed(w)
	default:
		return Date{}, errUnreadable
	}
	if err != nil {
		return Date{}, err
	}
	if hasWeekday && d.Weekday() != weekday {
		return Date{}, fmt.Errorf("%s %d %d is a %s, not a %s", d.Month.String()[:3], d.Day, d.Year, d.Weekday(), weekday)
	}
	return d, nil
}

// parseNamed reads "dec 5", "5 dec", with an optional year after.
func (r DateRules) parseNamed(w []string) (Date, error) {
	month, ok := monthNames[w[0]]
	dayWord := w[1]
	if !ok {
		if month, ok = monthNames[w[1]]; !ok {
			return Date{}, errUnreadable
		}
		dayWord = w[0]
	}
	day, ok := dayNumber(dayWord)
	if !ok {
		return Date{}, errUnreadable
	}
	if len(w) == 3 {
		year, ok := yearNumber(w[2])
		if !ok {
			return Date{}, errUnreadable
		}
		return exactDate(year, month, day)
	}
	return r.nearest(month, day)
}

// parseSlashed reads "12/5", "12/5/2027", "12/5/27" in the date order, and
// "2026/12/5".
func (r DateRules) parseSlashed(s string) (Date, error) {
	parts := strings.Split(s, "/")
	if len(parts) < 2 || len(parts) > 3 {
		return Date{}, errUnreadable
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		if p == "" || len(p) > 4 || strings.Trim(p, "0123456789") != "" {
			return Date{}, errUnreadable
		}
		nums[i], _ = strconv.Atoi(p)
	}
	if len(parts[0]) == 4 {
		if len(parts) != 3 {
			return Date{}, errUnreadable
		}
		return exactDate(nums[0], time.Month(nums[1]), nums[2])
	}
	month, day := nums[0], nums[1]
	if r.Order == DayFirst {
		month, day = day, month
	}
	if month < 1 || month > 12 {
		return Date{}, fmt.Errorf("there is no month %d (dates read %s; `rolo config set date-order` changes that)", month, r.Order.example())
	}
	if len(parts) == 3 {
		year, ok := yearNumber(parts[2])
		if !ok {
			return Date{}, errUnreadable
		}
		return exactDate(year, time.Month(month), day)
	}
	return r.nearest(time.Month(month), day)
}

func (o DateOrder) example() string {
	if o == DayFirst {
		return "day/month"
	}
	return "month/day"
}

// dayNumber reads 5, 05, 5th, 1st, 22nd, 3rd.
func dayNumber(s string) (int, bool) {
	for _, suffix := range []string{"st", "nd", "rd", "th"} {
		s = strings.TrimSuffix(s, suffix)
	}
	if s == "" || len(s) > 2 || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, _ := strconv.Atoi(s)
	return n, true
}

// yearNumber reads 2027 or 27 (= 2027).
func yearNumber(s string) (int, bool) {
	if (len(s) != 2 && len(s) != 4) || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, _ := strconv.Atoi(s)
	if len(s) == 2 {
		n += 2000
	}
	return n, true
}

// exactDate is y-m-d, refusing days the month does not have.
func exactDate(y int, m time.Month, day int) (Date, error) {
	if m < 1 || m > 12 {
		return Date{}, fmt.Errorf("there is no month %d", m)
	}
	if y < MinYear || y > MaxYear {
		return Date{}, fmt.Errorf("the year must be between %d and %d", MinYear, MaxYear)
	}
	d := NewDate(y, m, day)
	if day < 1 || d.Month != m {
		return Date{}, fmt.Errorf("%s %d has no day %d", m, y, day)
	}
	return d, nil
}

// nearest is the month and day in whichever year puts it closest to
// today (Jan 3 typed in December is next January; Nov 20 is last week).
func (r DateRules) nearest(m time.Month, day int) (Date, error) {
	best, found := Date{}, false
	// Four years either way, so Feb 29 finds a leap year.
	for y := r.Today.Year - 4; y <= r.Today.Year+4; y++ {
		d := NewDate(y, m, day)
		if day < 1 || d.Month != m {
			continue
		}
		if !found || absInt(r.Today.DaysUntil(d)) < absInt(r.Today.DaysUntil(best)) {
			best, found = d, true
		}
	}
	if !found {
		return Date{}, fmt.Errorf("%s has no day %d", m, day)
	}
	return best, nil
}

func absInt(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// Short prints the date as the app shows it: "Dec 4" when that is the
// nearest Dec 4 to today (so typing it back gives the same day), else
// "Dec 4 2027".
func (d Date) Short(today Date) string {
	if d.IsZero() {
		return "—"
	}
	s := d.Month.String()[:3] + " " + strconv.Itoa(d.Day)
	// The year goes unsaid only for the nearest such day, and never two
	// years out: "Feb 29" seen in 2026 would read as the next February,
	// though it does name Feb 29 2028.
	if n, err := (DateRules{Today: today}).nearest(d.Month, d.Day); err != nil || n != d || d.Year-today.Year > 1 || today.Year-d.Year > 1 {
		s += " " + strconv.Itoa(d.Year)
	}
	return s
}

// Long is Short with the weekday: "Fri Dec 4".
func (d Date) Long(today Date) string {
	if d.IsZero() {
		return "—"
	}
	return d.Weekday().String()[:3] + " " + d.Short(today)
}
