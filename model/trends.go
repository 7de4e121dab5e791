package model

// Trends are the figures the Metrics tab draws over time.
type Trends struct {
	// Months is revenue by month for the last 12 months, oldest first;
	// the last is this month to today.
	Months []MonthRevenue
	// Quarters is retention and win rate for the last 8 quarters, oldest
	// first; the last is this quarter to today.
	Quarters []QuarterTrend
}

// MonthRevenue is one month's won revenue by kind.
type MonthRevenue struct {
	Month   Period
	Revenue map[DealKind]Totals
}

// QuarterTrend is one quarter's retention and win rate.
type QuarterTrend struct {
	Quarter   Period
	WinRate   WinRate
	Retention map[string]Retention
	Logos     LogoRetention
}

// TrendMonths are the 12 months ending with today's month, oldest first,
// the last one to today.
func TrendMonths(today Date) []Period {
	out := make([]Period, 12)
	first := monthStart(today).AddMonths(-11)
	for i := range out {
		from := first.AddMonths(i)
		out[i] = Period{From: from, To: monthEnd(from)}
	}
	out[11].To, out[11].Preset = today, ThisMonth
	return out
}

// TrendQuarters are the 8 quarters ending with today's quarter, oldest
// first, the last one to today.
func TrendQuarters(today Date) []Period {
	out := make([]Period, 8)
	first := quarterStart(today).AddMonths(-21)
	for i := range out {
		from := first.AddMonths(3 * i)
		out[i] = Period{From: from, To: from.AddMonths(3).AddDays(-1)}
	}
	out[7].To, out[7].Preset = today, ThisQuarter
	return out
}
