package model

import "math/big"

// Forecast sets each stage's configured probability beside the one this
// book's own history measures, and weighs the open pipeline both ways.
type Forecast struct {
	Window     Period // the last 12 months, ending today
	Stages     []StageForecast
	Configured map[string]Ratio // the weighted pipeline as configured (deal's own probability, else the stage's)
	Measured   Totals           // Σ open value × the stage's measured probability, rounded to whole minor units
	OpenDeals  int
}

// StageForecast is one stage of the honest forecast.
type StageForecast struct {
	Stage Stage
	// Won and Closed count the deals that first reached this stage (as
	// the conversion defines reaching) in the window and are closed now,
	// and how many of them were won: Measured = Won ÷ Closed.
	Won, Closed int
	OpenDeals   int
	Open        Totals // Σ value of the open deals in this stage now
}

// Measured is the share of closed deals that reached this stage and won.
func (s StageForecast) Measured() Ratio { return Ratio{Num: int64(s.Won), Den: int64(s.Closed)} }

// Used is the probability the measured forecast weighs this stage with:
// the measured one, or the configured one when no deal has closed yet.
func (s StageForecast) Used() Ratio {
	if m := s.Measured(); m.Valid() {
		return m
	}
	return Ratio{Num: int64(s.Stage.Probability), Den: 100}
}

// MeasuredPipeline weighs each stage's open value by the probability
// Used, exactly, and rounds each currency's sum once to a whole minor
// unit. Deals' own probabilities are not used: the point is to weigh by
// what happened, not by what anyone expected.
func MeasuredPipeline(stages []StageForecast) Totals {
	sums := map[string]*big.Rat{}
	for _, s := range stages {
		p := s.Used()
		for cur, v := range s.Open {
			if sums[cur] == nil {
				sums[cur] = new(big.Rat)
			}
			sums[cur].Add(sums[cur], new(big.Rat).Mul(big.NewRat(v, 1), big.NewRat(p.Num, p.Den)))
		}
	}
	out := Totals{}
	for cur, r := range sums {
		// r is non-negative with a denominator that fits an int64 only
		// by luck; round through Ratio's half-away rule on big values.
		q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
		if m.Lsh(m, 1).Cmp(r.Denom()) >= 0 {
			q.Add(q, big.NewInt(1))
		}
		out[cur] = q.Int64()
	}
	return out
}
