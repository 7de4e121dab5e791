package model

import (
	"slices"
	"time"
)

// Report holds every figure of the metrics for one period, exactly as
// MetricDefinitions defines them. The store gathers the inputs; the
// formulas here turn them into figures. Maps are keyed by ISO currency
// code: money in different currencies is never added.
type Report struct {
	Period Period

	// Selling
	Revenue          map[DealKind]Totals // Σ value of deals won in the period, by kind
	RevenueDeals     map[DealKind]int    // how many won deals make each kind's revenue
	WinRate          WinRate
	Funnel           Funnel // stage conversion: the cohort's reached counts
	SalesCycle       SalesCycle
	NewCustomers     int
	CAC              map[string]CAC // by currency of spend
	WeightedPipeline map[string]Ratio
	OpenDeals        int // the open deals behind the weighted pipeline

	// Account management
	CSAT      CSATScore
	NPS       NPSScore
	Retention map[string]Retention // GRR and NRR, by currency
	Logos     LogoRetention
}

// WinRate counts the new-business deals closed in the period.
type WinRate struct{ Won, Lost int }

// Rate is won ÷ (won + lost).
func (w WinRate) Rate() Ratio { return Ratio{Num: int64(w.Won), Den: int64(w.Won + w.Lost)} }

// Reach says how far one deal of the conversion cohort got by the end of
// the period: the furthest stage it had been in (its 1-based place on
// today's board, 0 if none of today's stages) and whether it stood won.
// Deals counts how many deals share this reach (the store groups them).
type Reach struct {
	Position int
	Won      bool
	Deals    int
}

// Reached reports whether a deal with this reach reached the stage at
// 1-based board position k: it was in k or a later stage, or it was won.
func (r Reach) Reached(k int) bool { return r.Won || r.Position >= k }

// StageReached is one bar of the funnel.
type StageReached struct {
	Stage   Stage
	Reached int
}

// Funnel is the conversion cohort (new-business deals created in the
// period) counted by the stages they reached, in board order.
type Funnel struct {
	Cohort int // deals created in the period
	Won    int // of them, won by the end of the period
	Stages []StageReached
}

// NewFunnel counts the cohort's reaches against the board's stages.
func NewFunnel(stages []Stage, reaches []Reach) Funnel {
	f := Funnel{Stages: make([]StageReached, len(stages))}
	for i, st := range stages {
		f.Stages[i].Stage = st
	}
	for _, r := range reaches {
		f.Cohort += r.Deals
		if r.Won {
			f.Won += r.Deals
		}
		for i := range f.Stages {
			if r.Reached(i + 1) {
				f.Stages[i].Reached += r.Deals
			}
		}
	}
	return f
}

// ConversionStep is the conversion from one stage to the next.
type ConversionStep struct {
	From, To               Stage
	FromPosition           int // 1-based board position of From; To is the next one
	ReachedFrom, ReachedTo int
}

// Rate is reached(k+1) ÷ reached(k).
func (c ConversionStep) Rate() Ratio {
	return Ratio{Num: int64(c.ReachedTo), Den: int64(c.ReachedFrom)}
}

// Steps are the conversions between each pair of adjacent stages.
func (f Funnel) Steps() []ConversionStep {
	var out []ConversionStep
	for i := 0; i+1 < len(f.Stages); i++ {
		out = append(out, ConversionStep{From: f.Stages[i].Stage, To: f.Stages[i+1].Stage, FromPosition: i + 1,
			ReachedFrom: f.Stages[i].Reached, ReachedTo: f.Stages[i+1].Reached})
	}
	return out
}

// SalesCycle holds the days from creation to win of the new-business
// deals won in the period.
type SalesCycle struct{ Days []int }

// CycleDays is a deal's sales cycle: local date closed − local date
// created, in days.
func CycleDays(created, closed time.Time, loc *time.Location) int {
	return DateOf(created.In(loc)).DaysUntil(DateOf(closed.In(loc)))
}

// Median is the median number of days (the mean of the two middle values
// when the count is even); invalid when no deal was won.
func (c SalesCycle) Median() Ratio {
	n := len(c.Days)
	if n == 0 {
		return Ratio{}
	}
	d := slices.Clone(c.Days)
	slices.Sort(d)
	if n%2 == 1 {
		return Ratio{Num: int64(d[n/2]), Den: 1}
	}
	return Ratio{Num: int64(d[n/2-1]) + int64(d[n/2]), Den: 2}
}

// CAC is the acquisition cost per new customer in one currency of spend.
type CAC struct {
	Spend        int64 // minor units spent in the period
	NewCustomers int
}

// Value is spend ÷ new customers, in minor units.
func (c CAC) Value() Ratio { return Ratio{Num: c.Spend, Den: int64(c.NewCustomers)} }

// NewCACs divides the period's spend in each currency by the new
// customers; a currency with no spend has no CAC.
func NewCACs(spend Totals, newCustomers int) map[string]CAC {
	out := make(map[string]CAC, len(spend))
	for cur, minor := range spend {
		out[cur] = CAC{Spend: minor, NewCustomers: newCustomers}
	}
	return out
}

// CSATScore counts the CSAT answers (1–5) in the period.
type CSATScore struct{ Responses, Satisfied int }

// NewCSAT counts answers given as a histogram score → answers.
func NewCSAT(scores map[int]int) CSATScore {
	var c CSATScore
	for score, n := range scores {
		c.Responses += n
		if score >= 4 {
			c.Satisfied += n
		}
	}
	return c
}

// Score is answers 4–5 ÷ all answers × 100.
func (c CSATScore) Score() Ratio {
	return Ratio{Num: 100 * int64(c.Satisfied), Den: int64(c.Responses)}
}

// NPSScore counts the NPS answers (0–10) in the period.
type NPSScore struct{ Responses, Promoters, Detractors int }

// NewNPS counts answers given as a histogram score → answers.
func NewNPS(scores map[int]int) NPSScore {
	var p NPSScore
	for score, n := range scores {
		p.Responses += n
		switch {
		case score >= 9:
			p.Promoters += n
		case score <= 6:
			p.Detractors += n
		}
	}
	return p
}

// Score is % of 9–10 − % of 0–6 (from −100 to 100).
func (p NPSScore) Score() Ratio {
	return Ratio{Num: 100 * int64(p.Promoters-p.Detractors), Den: int64(p.Responses)}
}

// WeightedValue is a deal's value × probability ÷ 100, exactly.
func WeightedValue(value int64, probability int) Ratio {
	return Ratio{Num: value * int64(probability), Den: 100}
}
