package model

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseTerm reads a contract term as people type it: "12" or "12m"
// (months), "2y" (years), "18 months", "1 year". It returns months, from
// 1 to 120.
func ParseTerm(s string) (int, error) {
	t := strings.ToLower(strings.Join(strings.Fields(s), ""))
	mult := 1
	for _, suffix := range []struct {
		text string
		mult int
	}{{"months", 1}, {"month", 1}, {"mo", 1}, {"m", 1}, {"years", 12}, {"year", 12}, {"yrs", 12}, {"yr", 12}, {"y", 12}} {
		if rest, ok := strings.CutSuffix(t, suffix.text); ok {
			t, mult = rest, suffix.mult
			break
		}
	}
	n, err := strconv.Atoi(t)
	if err != nil || n < 1 || n*mult > 120 || t[0] == '+' {
		return 0, fmt.Errorf("%q is not a term; write months or years: 12, 12m, 18 months, 2y (at most 10 years)", strings.TrimSpace(s))
	}
	return n * mult, nil
}
