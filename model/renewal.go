package model

import (
	"fmt"
	"time"
)

// The renewal review's arithmetic: which contracts a window of days holds,
// when a contract must be decided, and the terms of the contract that
// renews it. Everything here is pure and works on civil dates, so "this
// week" is the same week for every instant of a day in the user's zone.

// WindowKind names the windows the Renewals tab and `rolo renewals` show.
type WindowKind int

const (
	WindowWeek    WindowKind = iota // this week, from the configured first day (Monday unless set) to the day before it
	WindowNext30                    // today through 30 days from today
	WindowQuarter                   // this calendar quarter (Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec)
	WindowAll                       // every contract still to be decided, however far off
	WindowCustom                    // a span given by the user (rolo renewals --from --to, --within)
)

// RenewalWindow is the span of days a renewal review covers, inclusive at
// both ends, and the day it is looked at from.
//
// An undecided (active) contract is in the window when its notice deadline
// or its end date falls in [From, To], or when it is overdue on Today: its
// notice deadline has passed with no decision (which includes every
// contract that ended and is still active). A decided (renewed or churned)
// contract shows in the window's "decided" part when its notice deadline
// or end falls in the window, or the decision was recorded in it.
type RenewalWindow struct {
	Kind     WindowKind
	From, To Date
	Today    Date
}

// lastDate is the end of "all upcoming".
var lastDate = Date{Year: MaxYear, Month: time.December, Day: 31}

// Window is the window of kind around today (weekStart begins the week).
// WindowCustom is not built here: see CustomWindow.
func Window(kind WindowKind, today Date, weekStart time.Weekday) RenewalWindow {
	w := RenewalWindow{Kind: kind, Today: today}
	switch kind {
	case WindowNext30:
		w.From, w.To = today, today.AddDays(30)
	case WindowQuarter:
		first := time.Month((int(today.Month)-1)/3*3 + 1)
		w.From = Date{Year: today.Year, Month: first, Day: 1}
		w.To = w.From.AddMonths(3).AddDays(-1)
	case WindowAll:
		w.From, w.To = today, lastDate
	default:
		w.Kind = WindowWeek
		w.From = WeekStart(today, weekStart)
		w.To = w.From.AddDays(6)
	}
	return w
}

// RenewalWindow is Window for the clock's today and week start.
func (c Clock) RenewalWindow(kind WindowKind) RenewalWindow {
	return Window(kind, c.Today(), c.WeekStart)
}

// CustomWindow is the span [from, to] seen from today.
func CustomWindow(from, to, today Date) (RenewalWindow, error) {
	if from.IsZero() || to.IsZero() {
		return RenewalWindow{}, fieldErr("window", "give both ends: --from DATE --to DATE")
	}
	if to.Before(from) {
		return RenewalWindow{}, fieldErr("window", "%s is before %s; the end must not be before the start", to, from)
	}
	return RenewalWindow{Kind: WindowCustom, From: from, To: to, Today: today}, nil
}

// Covers reports whether d is one of the window's days.
func (w RenewalWindow) Covers(d Date) bool { return !d.Before(w.From) && !d.After(w.To) }

// Holds reports whether an undecided contract is in the window (whether
// or not it is snoozed: the queue leaves snoozed ones out until their day).
func (w RenewalWindow) Holds(c Contract) bool {
	if c.Status != ContractActive || c.Archived {
		return false
	}
	return w.Covers(c.NoticeDate()) || w.Covers(c.End) || c.NoticeDate().Before(w.Today)
}

// HoldsDecided reports whether a decided contract shows in the window's
// decided part; decidedOn is the day the decision was recorded.
func (w RenewalWindow) HoldsDecided(c Contract, decidedOn Date) bool {
	if c.Status == ContractActive || c.Archived {
		return false
	}
	return w.Covers(c.NoticeDate()) || w.Covers(c.End) || w.Covers(decidedOn)
}

// Label names the window for a header: "this week · Mon Nov 23 – Sun Nov 29".
func (w RenewalWindow) Label() string {
	span := w.From.Long(w.Today) + " – " + w.To.Long(w.Today)
	switch w.Kind {
	case WindowWeek:
		return "this week · " + span
	case WindowNext30:
		return "next 30 days · " + span
	case WindowQuarter:
		return fmt.Sprintf("this quarter · Q%d %d · %s", (int(w.From.Month)-1)/3+1, w.From.Year, span)
	case WindowAll:
		return "all upcoming"
	}
	return span
}

// DaysLeft is the number of days from today to the contract's last day
// (0 on the last day, negative once it has ended).
func (c Contract) DaysLeft(today Date) int { return today.DaysUntil(c.End) }

// NoticePassed reports whether the last day to give notice is behind us.
func (c Contract) NoticePassed(today Date) bool { return c.NoticeDate().Before(today) }

// Ended reports whether the contract's last day is behind us.
func (c Contract) Ended(today Date) bool { return c.End.Before(today) }

// AwaitingAutoRenewal reports a contract that renews itself and has
// ended with no decision recorded: it shows as "auto-renewed?" until the
// user confirms the renewal (rolo never renews silently).
func (c Contract) AwaitingAutoRenewal(today Date) bool {
	return c.Status == ContractActive && c.AutoRenew && c.Ended(today)
}

// DecideBy is the date that orders the review, most urgent first: the
// notice deadline while it is still ahead, else the end date (the next
// thing that happens once notice can no longer be given).
func (c Contract) DecideBy(today Date) Date {
	if n := c.NoticeDate(); !n.Before(today) {
		return n
	}
	return c.End
}

// TermEnd is the last day of a term of months starting on start: the day
// before the same day of the month, months later; when that month has no
// such day (a term from Jan 31, or from Feb 29 into a common year), the
// term runs to the end of that month, so the next term starts on the 1st.
func TermEnd(start Date, months int) Date {
	first := Date{Year: start.Year, Month: start.Month, Day: 1}.AddMonths(months)
	last := first.AddMonths(1).AddDays(-1)
	if start.Day > last.Day {
		return last
	}
	return Date{Year: first.Year, Month: first.Month, Day: start.Day}.AddDays(-1)
}

// TermMonths is the contract's term in months as people count it (12 for
// Jan 1 – Dec 31): the number of months whose TermEnd is its end, else the
// nearest whole number of months (at least 1).
func (c Contract) TermMonths() int {
	for m := 1; m <= 120; m++ {
		if TermEnd(c.Start, m) == c.End {
			return m
		}
	}
	// An average month is 30.4375 days (487/16): round days to months.
	days := c.Start.DaysUntil(c.End) + 1
	return min(120, max(1, (days*32+487)/974))
}

// FormatTerm writes months as a term is typed: "12m", "18m", "2y".
func FormatTerm(months int) string {
	if months >= 24 && months%12 == 0 {
		return fmt.Sprintf("%dy", months/12)
	}
	return fmt.Sprintf("%dm", months)
}

// NextTerm is the contract that renews c: it starts the day after c ends
// and runs for months, at value, with the given notice and auto-renewal.
func (c Contract) NextTerm(value Money, months, noticeDays int, autoRenew bool) Contract {
	start := c.End.AddDays(1)
	return Contract{
		AccountID:  c.AccountID,
		RenewsID:   c.ID,
		Value:      value,
		Start:      start,
		End:        TermEnd(start, months),
		AutoRenew:  autoRenew,
		NoticeDays: noticeDays,
		Status:     ContractActive,
	}
}

// CoTerminating are the contracts among others that are decided with c:
// its account's other undecided, live contracts that end the same day in
// the same currency (an add-on joins the contract in force and ends with
// it). They renew as one, into one next term worth their sum; a churn or
// a snooze takes them all.
func CoTerminating(c Contract, others []Contract) []Contract {
	var out []Contract
	for _, o := range others {
		if o.ID != c.ID && o.AccountID == c.AccountID && o.Status == ContractActive && !o.Archived &&
			o.End == c.End && o.Value.Currency == c.Value.Currency {
			out = append(out, o)
		}
	}
	return out
}

// GroupValue is the value per year of c and the contracts ending with it.
func GroupValue(c Contract, with []Contract) Money {
	v := c.Value
	for _, o := range with {
		v.Minor += o.Value.Minor
	}
	return v
}

// GroupBase is the contract a group's next term renews (its renews_id):
// the one that started first, the first added on a tie — the contract
// the add-ons joined.
func GroupBase(c Contract, with []Contract) Contract {
	base := c
	for _, o := range with {
		if o.Start.Before(base.Start) || (o.Start == base.Start && o.ID < base.ID) {
			base = o
		}
	}
	return base
}
