package model

import (
	"math/big"
	"strings"
)

// Ratio is an exact quotient Num ÷ Den of two integers: a rate (won ÷
// closed), a score (100 × satisfied ÷ answers), or a fractional amount of
// minor units (Σ value × probability ÷ 100). Keeping both integers means
// nothing is rounded until it is shown. Den == 0 is "no figure": a zero
// denominator, shown as "—" and written as null, never as 0 or NaN.
type Ratio struct{ Num, Den int64 }

// Valid reports whether the ratio has a value (a non-zero denominator).
func (r Ratio) Valid() bool { return r.Den != 0 }

func (r Ratio) rat() *big.Rat { return new(big.Rat).SetFrac64(r.Num, r.Den) }

// Float is the float64 nearest to Num ÷ Den; check Valid first (an invalid
// ratio gives 0).
func (r Ratio) Float() float64 {
	if !r.Valid() {
		return 0
	}
	f, _ := r.rat().Float64()
	return f
}

// Fixed renders Num ÷ Den × scale with the given decimals (halves away
// from zero), or "—" for an invalid ratio: Ratio{21, 50}.Fixed(100, 0) is
// "42".
func (r Ratio) Fixed(scale int64, decimals int) string {
	if !r.Valid() {
		return "—"
	}
	v := r.rat()
	v.Mul(v, new(big.Rat).SetInt64(scale))
	s := v.FloatString(decimals)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-") // no "-0"
	}
	return s
}

// Percent renders a fraction as a percentage: Ratio{21, 50}.Percent(0) is
// "42%"; "—" when invalid.
func (r Ratio) Percent(decimals int) string {
	if !r.Valid() {
		return "—"
	}
	return r.Fixed(100, decimals) + "%"
}

// Cmp compares two valid ratios exactly.
func (r Ratio) Cmp(o Ratio) int { return r.rat().Cmp(o.rat()) }

// Money rounds a ratio of minor units to a whole amount (halves away from
// zero), e.g. a weighted pipeline or a CAC to show on screen.
func (r Ratio) Money(currency string) Money {
	if !r.Valid() {
		return Money{Currency: currency}
	}
	v := r.rat()
	q, m := new(big.Int).QuoRem(v.Num(), v.Denom(), new(big.Int))
	m.Abs(m).Lsh(m, 1)
	if m.Cmp(v.Denom()) >= 0 {
		if v.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return Money{Minor: q.Int64(), Currency: currency}
}
