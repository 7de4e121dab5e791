package model

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// ParseRenewalValue reads the value of a renewed term as people type it:
// an uplift on the current value ("+5%", "-10%", "2.5%", "0%") or an
// amount ("52k", "€52,000", "USD 52k"; in the current value's currency
// unless one is typed). An uplift is rounded half up to the currency's
// minor unit; a cut of 100% or more is refused (that is a churn).
func ParseRenewalValue(input string, current Money) (Money, error) {
	s := strings.TrimSpace(input)
	if s == "" {
		return Money{}, errors.New("enter the new value: an uplift such as +5% or -10%, or an amount such as 52k")
	}
	rest, isPercent := strings.CutSuffix(s, "%")
	if !isPercent {
		m, err := ParseMoney(s, current.Currency)
		if err != nil {
			return Money{}, fmt.Errorf("%w (or an uplift such as +5%%)", err)
		}
		return m, nil
	}
	bp, err := parseBasisPoints(strings.TrimSpace(rest))
	if err != nil {
		return Money{}, fmt.Errorf("%q: %w", s, err)
	}
	if bp <= -10000 {
		return Money{}, fmt.Errorf("%q: a cut of 100%% or more leaves nothing to renew; churn the contract instead", s)
	}
	// new = current × (10000 + bp) / 10000, rounded half up, exactly.
	n := new(big.Int).Mul(big.NewInt(current.Minor), big.NewInt(10000+bp))
	n.Add(n, big.NewInt(5000))
	n.Quo(n, big.NewInt(10000))
	if !n.IsInt64() || n.Int64() > MaxMinor {
		return Money{}, fmt.Errorf("%q: the new value would be too large", s)
	}
	return Money{Minor: n.Int64(), Currency: current.Currency}, nil
}

// parseBasisPoints reads "+5", "-10", "2.5", "+0.25" as hundredths of a
// percent (500, -1000, 250, 25).
func parseBasisPoints(s string) (int64, error) {
	sign := int64(1)
	switch {
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	case strings.HasPrefix(s, "-"), strings.HasPrefix(s, "−"):
		sign = -1
		s = strings.TrimLeft(s, "-−")
	}
	s = strings.TrimSpace(s)
	whole, frac, _ := strings.Cut(s, ".")
	bad := errors.New("write an uplift as a percentage: +5%, -10%, 2.5%")
	if whole == "" && frac == "" || len(frac) > 2 || strings.ContainsAny(whole+frac, "+-−") {
		return 0, bad
	}
	for _, part := range []string{whole, frac} {
		for _, r := range part {
			if r < '0' || r > '9' {
				return 0, bad
			}
		}
	}
	if whole == "" {
		whole = "0"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > 100000 {
		return 0, errors.New("that uplift is too large")
	}
	f, _ := strconv.ParseInt((frac + "00")[:2], 10, 64)
	return sign * (w*100 + f), nil
}

// UpliftText says how a renewed value compares with the old one: "+5%",
// "-10%", "+2.5%", "same value", or "" when the currencies differ.
func UpliftText(old, renewed Money) string {
	if old.Currency != renewed.Currency || old.Minor == 0 {
		return ""
	}
	if old.Minor == renewed.Minor {
		return "same value"
	}
	// Tenths of a percent, rounded half away from zero.
	diff := new(big.Int).Mul(big.NewInt(renewed.Minor-old.Minor), big.NewInt(1000))
	q, r := new(big.Int).QuoRem(diff, big.NewInt(old.Minor), new(big.Int))
	tenths := q.Int64()
	if 2*absInt64(r.Int64()) >= old.Minor {
		if diff.Sign() < 0 {
			tenths--
		} else {
			tenths++
		}
	}
	sign := "+"
	if tenths < 0 {
		sign, tenths = "-", -tenths
	}
	if tenths%10 == 0 {
		return fmt.Sprintf("%s%d%%", sign, tenths/10)
	}
	return fmt.Sprintf("%s%d.%d%%", sign, tenths/10, tenths%10)
}

func absInt64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
