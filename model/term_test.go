package model

import "testing"

func TestParseTerm(t *testing.T) {
	for in, want := range map[string]int{"12": 12, "12m": 12, "12 months": 12, "1 month": 1, "2y": 24, "1 year": 12,
		"10y": 120, " 18 mo ": 18, "3yrs": 36} {
		if got, err := ParseTerm(in); err != nil || got != want {
			t.Errorf("ParseTerm(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "-1", "+12", "11y", "121", "twelve", "12w", "1.5y", "m"} {
		if got, err := ParseTerm(in); err == nil {
			t.Errorf("ParseTerm(%q) = %d, want an error", in, got)
		}
	}
}
