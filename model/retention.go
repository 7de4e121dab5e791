package model

import (
	"cmp"
	"slices"
)

// ContractTerm is what ARR needs of a contract: who pays, how much a
// year, and the first and last day of the term (both inclusive).
type ContractTerm struct {
	AccountID  int64
	Value      Money // per year
	Start, End Date
}

// ARRKey is one (account, currency) pair.
type ARRKey struct {
	AccountID int64
	Currency  string
}

// ARROn is the ARR on day d of every (account, currency) pair that has
// any: Σ yearly value of its contracts with start ≤ d ≤ end. Only the
// dates count, not a contract's status.
func ARROn(terms []ContractTerm, d Date) map[ARRKey]int64 {
	out := map[ARRKey]int64{}
	for _, c := range terms {
		if !c.Start.After(d) && !c.End.Before(d) && c.Value.Minor > 0 {
			out[ARRKey{c.AccountID, c.Value.Currency}] += c.Value.Minor
		}
	}
	return out
}

// ARRChange classifies a retention pair by its ARR at the end.
type ARRChange string

const (
	ARRChurned    ARRChange = "churned"    // no ARR left
	ARRContracted ARRChange = "contracted" // less than at the start
	ARRExpanded   ARRChange = "expanded"   // more than at the start
	ARRSteady     ARRChange = "steady"     // the same
)

// ARRPair is one (account, currency) pair of the retention cohort with its
// ARR on the period's first and last day.
type ARRPair struct {
	AccountID   int64
	AccountName string // filled by drill-down queries
	Currency    string
	Start, End  int64 // minor units per year
}

// Change is how the pair's ARR moved.
func (p ARRPair) Change() ARRChange {
	switch {
	case p.End == 0:
		return ARRChurned
	case p.End < p.Start:
		return ARRContracted
	case p.End > p.Start:
		return ARRExpanded
	}
	return ARRSteady
}

// RetentionPairs is the retention cohort: the pairs with ARR > 0 on the
// first day, each with its ARR on the last day, by account then currency.
func RetentionPairs(start, end map[ARRKey]int64) []ARRPair {
	out := make([]ARRPair, 0, len(start))
	for k, v := range start {
		if v > 0 {
			out = append(out, ARRPair{AccountID: k.AccountID, Currency: k.Currency, Start: v, End: end[k]})
		}
	}
	slices.SortFunc(out, func(a, b ARRPair) int {
		return cmp.Or(cmp.Compare(a.AccountID, b.AccountID), cmp.Compare(a.Currency, b.Currency))
	})
	return out
}

// Retention sums one currency's retention cohort.
type Retention struct {
	Start       int64 // ARR of the cohort on the first day
	Churned     int64 // start ARR of the pairs at 0 on the last day
	Contraction int64 // Σ (start − end) where 0 < end < start
	Expansion   int64 // Σ (end − start) where end > start
	Pairs       int   // pairs in the cohort
}

// GRR is (start − churned − contraction) ÷ start.
func (r Retention) GRR() Ratio { return Ratio{Num: r.Start - r.Churned - r.Contraction, Den: r.Start} }

// NRR is (start + expansion − contraction − churned) ÷ start.
func (r Retention) NRR() Ratio {
	return Ratio{Num: r.Start + r.Expansion - r.Contraction - r.Churned, Den: r.Start}
}

// RetentionOf sums the cohort per currency.
func RetentionOf(pairs []ARRPair) map[string]Retention {
	out := map[string]Retention{}
	for _, p := range pairs {
		r := out[p.Currency]
		r.Start += p.Start
		r.Pairs++
		switch p.Change() {
		case ARRChurned:
			r.Churned += p.Start
		case ARRContracted:
			r.Contraction += p.Start - p.End
		case ARRExpanded:
			r.Expansion += p.End - p.Start
		}
		out[p.Currency] = r
	}
	return out
}

// LogoRetention counts the accounts with ARR on the first day, and those
// of them that still have ARR (in any currency) on the last.
type LogoRetention struct{ Start, Retained int }

// Rate is retained ÷ start.
func (l LogoRetention) Rate() Ratio { return Ratio{Num: int64(l.Retained), Den: int64(l.Start)} }

// AccountARR is one account of the logo-retention cohort with its ARR per
// currency on the first and last day.
type AccountARR struct {
	AccountID   int64
	AccountName string // filled by drill-down queries
	Start, End  Totals
}

// Retained reports whether the account still has ARR on the last day.
func (a AccountARR) Retained() bool {
	for _, v := range a.End {
		if v > 0 {
			return true
		}
	}
	return false
}

// LogoCohort is the accounts with ARR > 0 on the first day, by id, with
// their ARR on both days.
func LogoCohort(start, end map[ARRKey]int64) []AccountARR {
	index := map[int64]int{}
	var out []AccountARR
	for k, v := range start {
		if v <= 0 {
			continue
		}
		i, ok := index[k.AccountID]
		if !ok {
			i = len(out)
			index[k.AccountID] = i
			out = append(out, AccountARR{AccountID: k.AccountID, Start: Totals{}, End: Totals{}})
		}
		out[i].Start[k.Currency] += v
	}
	for k, v := range end {
		if i, ok := index[k.AccountID]; ok && v > 0 {
			out[i].End[k.Currency] += v
		}
	}
	slices.SortFunc(out, func(a, b AccountARR) int { return cmp.Compare(a.AccountID, b.AccountID) })
	return out
}

// LogosOf counts a logo cohort.
func LogosOf(cohort []AccountARR) LogoRetention {
	l := LogoRetention{Start: len(cohort)}
	for _, a := range cohort {
		if a.Retained() {
			l.Retained++
		}
	}
	return l
}

// CompareARR sums the retention of every currency and the logo retention
// in one pass over the two days' ARR, without listing the pairs: what
// RetentionOf(RetentionPairs(…)) and LogosOf(LogoCohort(…)) give, for the
// trend of many periods.
func CompareARR(start, end map[ARRKey]int64) (map[string]Retention, LogoRetention) {
	ret := map[string]Retention{}
	accounts := map[int64]bool{} // in the cohort → still has ARR on the last day
	for k, s := range start {
		if s <= 0 {
			continue
		}
		p := ARRPair{Start: s, End: end[k]}
		r := ret[k.Currency]
		r.Start += s
		r.Pairs++
		switch p.Change() {
		case ARRChurned:
			r.Churned += s
		case ARRContracted:
			r.Contraction += p.Start - p.End
		case ARRExpanded:
			r.Expansion += p.End - p.Start
		}
		ret[k.Currency] = r
		accounts[k.AccountID] = false
	}
	for k, e := range end {
		if _, ok := accounts[k.AccountID]; ok && e > 0 {
			accounts[k.AccountID] = true
		}
	}
	logos := LogoRetention{Start: len(accounts)}
	for _, kept := range accounts {
		if kept {
			logos.Retained++
		}
	}
	return ret, logos
}
