package model

import "math/big"

// Delta describes how a figure moved against the previous period, as the
// Metrics tab and `rolo report` show it beside the figure: (cur − prev) ×
// scale with the given decimals, then unit: Delta(42%, 38%, 100, 0, " pts")
// is "▲ 4 pts", a fall is "▼ …", no change "= 0 pts". It is "" when
// either period has no figure.
func Delta(cur, prev Ratio, scale int64, decimals int, unit string) string {
	if !cur.Valid() || !prev.Valid() {
		return ""
	}
	diff := new(big.Rat).Sub(cur.rat(), prev.rat())
	diff.Mul(diff, new(big.Rat).SetInt64(scale))
	s := new(big.Rat).Abs(diff).FloatString(decimals)
	rounded, _ := new(big.Rat).SetString(s)
	switch {
	case rounded.Sign() == 0:
		return "= " + s + unit
	case diff.Sign() > 0:
		return "▲ " + s + unit
	}
	return "▼ " + s + unit
}

// CountDelta is Delta for whole numbers: "▲ 2".
func CountDelta(cur, prev int) string {
	return Delta(Ratio{Num: int64(cur), Den: 1}, Ratio{Num: int64(prev), Den: 1}, 1, 0, "")
}

// MoneyDelta is the relative change of an amount in one currency, "▲ 12%";
// "" when the previous period had none of it.
func MoneyDelta(cur, prev int64) string {
	if prev == 0 {
		return ""
	}
	return Delta(Ratio{Num: cur, Den: prev}, Ratio{Num: 1, Den: 1}, 100, 0, "%")
}
