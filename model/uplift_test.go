package model

import "testing"

// FuzzParseRenewalValue: whatever is typed, the parser never panics, and
// a value it accepts is a real amount: not negative, within MaxMinor, in
// a known currency; an uplift keeps the contract's currency.
func FuzzParseRenewalValue(f *testing.F) {
	for _, s := range []string{"+5%", "-10%", "2.5%", "0%", "52k", "€92,400", "USD 90k", "-100%", "1e5%", "+999999%", " % ", "5.%"} {
		f.Add(s, int64(8_800_000))
	}
	f.Fuzz(func(t *testing.T, s string, minor int64) {
		if minor < 0 {
			minor = -(minor + 1)
		}
		current := Money{Minor: minor % (MaxMinor + 1), Currency: "EUR"}
		m, err := ParseRenewalValue(s, current)
		if err != nil {
			return
		}
		if m.Minor < 0 || m.Minor > MaxMinor || !IsCurrency(m.Currency) {
			t.Fatalf("ParseRenewalValue(%q, %s) = %+v", s, current, m)
		}
		if len(s) > 0 && s[len(s)-1] == '%' && m.Currency != current.Currency {
			t.Fatalf("an uplift changed the currency: %q → %s", s, m)
		}
	})
}
