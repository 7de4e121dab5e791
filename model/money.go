package model

import (
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// MaxMinor caps every amount at 10^15 minor units so that sums of a whole
// book of business can never overflow an int64.
const MaxMinor int64 = 1_000_000_000_000_000

// Money is an exact amount in a currency's minor units (cents for USD, yen
// for JPY, fils for KWD). There are no floats anywhere in money.
type Money struct {
	Minor    int64
	Currency string // ISO 4217 code, upper case
}

// currencyExponents lists the active ISO 4217 codes with a minor-unit
// exponent other than 2; every other known code uses 2.
var currencyExponents = map[string]int{
	"BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0,
	"KRW": 0, "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0,
	"XAF": 0, "XOF": 0, "XPF": 0,
	"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
	"CLF": 4, "UYW": 4,
}

// knownCurrencies holds the active ISO 4217 codes (2026).
var knownCurrencies = func() map[string]bool {
	codes := strings.Fields(`AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND
	BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK
	DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD
	IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD
	MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN
	PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT
	TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD XCG XOF XPF
	YER ZAR ZMW ZWG`)
	m := make(map[string]bool, len(codes))
	for _, c := range codes {
		m[c] = true
	}
	return m
}()

// currencySymbols are the prefixes people type and we print. Only symbols
// that name one currency unambiguously are listed ("$" is read as USD).
var currencySymbols = map[string]string{"$": "USD", "€": "EUR", "£": "GBP"}

var symbolFor = map[string]string{"USD": "$", "EUR": "€", "GBP": "£"}

// IsCurrency reports whether code is an active ISO 4217 code.
func IsCurrency(code string) bool { return knownCurrencies[code] }

// Exponent returns the number of minor-unit digits of an ISO 4217 currency.
func Exponent(code string) int {
	if e, ok := currencyExponents[code]; ok {
		return e
	}
	return 2
}

// ParseCurrency normalises and checks a currency code typed by a person.
func ParseCurrency(s string) (string, error) {
	code := strings.ToUpper(strings.TrimSpace(s))
	if sym, ok := currencySymbols[code]; ok {
		return sym, nil
	}
	if !IsCurrency(code) {
		return "", fmt.Errorf("%q is not an ISO 4217 currency code; use three letters such as USD, EUR or JPY", s)
	}
	return code, nil
}

// ErrMoneyEmpty is returned for blank money input.
var ErrMoneyEmpty = errors.New("enter an amount, e.g. 12k, $1,200.50 or EUR 99")

// ParseMoney reads an amount as people type it: "12k", "$1,200.50",
// "1.2M", "EUR 99", "99 JPY", "1 200.50". A currency written in the input
// wins over defaultCurrency. It refuses anything it cannot read exactly
// ("1,20", "12.345" in USD, "1e5", negatives, more than 10^15 minor units)
// rather than guess.
func ParseMoney(input, defaultCurrency string) (Money, error) {
	s := strings.TrimSpace(input)
	if s == "" {
		return Money{}, ErrMoneyEmpty
	}
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "−") || strings.HasPrefix(s, "(") {
		return Money{}, fmt.Errorf("%q: amounts cannot be negative", input)
	}
	currency := ""
	for sym, code := range currencySymbols {
		if rest, ok := strings.CutPrefix(s, sym); ok {
			currency, s = code, strings.TrimSpace(rest)
			break
		}
	}
	if currency == "" {
		currency, s = cutCurrencyCode(s)
	}
	if currency == "" {
		currency = strings.ToUpper(strings.TrimSpace(defaultCurrency))
		if currency == "" {
			currency = "USD"
		}
	}
	if !IsCurrency(currency) {
		return Money{}, fmt.Errorf("%q is not an ISO 4217 currency code; use three letters such as USD, EUR or JPY", currency)
	}
	if strings.HasPrefix(s, "-") {
		return Money{}, fmt.Errorf("%q: amounts cannot be negative", input)
	}
	minor, err := parseAmount(s, Exponent(currency))
	if err != nil {
		return Money{}, fmt.Errorf("%q: %w", input, err)
	}
	return Money{Minor: minor, Currency: currency}, nil
}

// cutCurrencyCode strips a three-letter code written before or after the
// number ("EUR 99", "99eur").
func cutCurrencyCode(s string) (code, rest string) {
	isLetters := func(x string) bool {
		if len(x) != 3 {
			return false
		}
		for _, r := range x {
			if !unicode.IsLetter(r) || r > unicode.MaxASCII {
				return false
			}
		}
		return true
	}
	if len(s) > 3 && isLetters(s[:3]) {
		return strings.ToUpper(s[:3]), strings.TrimSpace(s[3:])
	}
	if len(s) > 3 && isLetters(s[len(s)-3:]) {
		return strings.ToUpper(s[len(s)-3:]), strings.TrimSpace(s[:len(s)-3])
	}
	return "", s
}

var multipliers = map[byte]int{'k': 3, 'K': 3, 'm': 6, 'M': 6, 'b': 9, 'B': 9}

// parseAmount turns "1,200.50" or "1.2k" into minor units, exactly.
func parseAmount(s string, exponent int) (int64, error) {
	if s == "" {
		return 0, errors.New("no number found; enter an amount such as 1200 or 12k")
	}
	scale := 0
	if m, ok := multipliers[s[len(s)-1]]; ok {
		scale = m
		s = strings.TrimSpace(s[:len(s)-1])
		if s == "" {
			return 0, errors.New("no number before the k/M/B; enter an amount such as 12k")
		}
	}
	intPart, frac, hasPoint := strings.Cut(s, ".")
	if hasPoint && frac == "" {
		return 0, errors.New("a decimal point must be followed by digits")
	}
	digits, err := ungroup(intPart)
	if err != nil {
		return 0, err
	}
	for _, r := range frac {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("unexpected %q after the decimal point; write amounts like 1,200.50", r)
		}
	}
	if len(digits)+len(frac) > 30 {
		return 0, errors.New("amount too large (the limit is 10^15 minor units)")
	}
	mantissa, ok := new(big.Int).SetString(digits+frac, 10)
	if !ok {
		return 0, errors.New("not a number; enter an amount such as 1200 or 12k")
	}
	// value = mantissa × 10^(scale + exponent − len(frac)) minor units
	shift := scale + exponent - len(frac)
	if shift >= 0 {
		mantissa.Mul(mantissa, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(shift)), nil))
	} else {
		div := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-shift)), nil)
		q, r := new(big.Int).QuoRem(mantissa, div, new(big.Int))
		if r.Sign() != 0 {
			if exponent == 0 {
				return 0, errors.New("this currency has no minor units; drop the decimals")
			}
			return 0, fmt.Errorf("too many decimals; this currency has %d", exponent)
		}
		mantissa = q
	}
	if !mantissa.IsInt64() || mantissa.Int64() > MaxMinor {
		return 0, errors.New("amount too large (the limit is 10^15 minor units)")
	}
	return mantissa.Int64(), nil
}

// ungroup accepts "1200", "1,200,000" and "1 200 000" (groups of exactly
// three) and returns the bare digits. "1,20" is refused: it could be a
// decimal comma.
func ungroup(s string) (string, error) {
	if s == "" {
		return "0", nil
	}
	sep := rune(0)
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
		case r == ',' || r == ' ' || r == '\u00a0' || r == '\u202f' || r == '_':
			if sep != 0 && sep != r {
				return "", errors.New("mixed digit separators; write amounts like 1,200.50")
			}
			sep = r
		default:
			return "", fmt.Errorf("unexpected %q; write amounts like 1,200.50, 12k or EUR 99", r)
		}
	}
	if sep == 0 {
		return s, nil
	}
	groups := strings.Split(s, string(sep))
	if len(groups[0]) < 1 || len(groups[0]) > 3 {
		return "", errors.New("digit groups must have three digits (1,200); use a point for decimals")
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return "", errors.New("digit groups must have three digits (1,200); use a point for decimals")
		}
	}
	return strings.Join(groups, ""), nil
}

// String prints the exact amount, e.g. "$1,200.50", "JPY 1,500",
// "KWD 1.234". ParseMoney reads it back to the same value. A negative
// amount (a difference, never a parsed value) prints as "-$1.50".
func (m Money) String() string {
	sign, abs := signAbs(m.Minor)
	exp := Exponent(m.Currency)
	units, frac := splitMinor(abs, exp)
	num := group(units)
	if exp > 0 {
		num += "." + frac
	}
	if sym, ok := symbolFor[m.Currency]; ok {
		return sign + sym + num
	}
	return sign + m.Currency + " " + num
}

// Short prints a compact, rounded amount for cards and columns: "$1.5k",
// "$125k", "€1.2M", "JPY 980" (one decimal below 10k, whole thousands from
// 10k to 1M).
func (m Money) Short() string {
	sign, abs := signAbs(m.Minor)
	div := pow10(Exponent(m.Currency))
	units := abs/div + (abs%div*2)/div // whole units, rounded half up
	var num string
	switch {
	case units < 1000:
		num = strconv.FormatUint(units, 10)
	case units < 10_000:
		num = oneDecimal(units, 1000) + "k"
	case (units+500)/1000 < 1000: // 999,500 would round to "1000k": show "1M"
		num = strconv.FormatUint((units+500)/1000, 10) + "k"
	case (units+50_000)/100_000 < 10_000: // likewise 999.95M is "1B"
		num = oneDecimal(units, 1_000_000) + "M"
	default:
		num = oneDecimal(units, 1_000_000_000) + "B"
	}
	if sym, ok := symbolFor[m.Currency]; ok {
		return sign + sym + num
	}
	return sign + m.Currency + " " + num
}

// signAbs splits n into its sign and magnitude (math.MinInt64 included).
func signAbs(n int64) (string, uint64) {
	if n < 0 {
		return "-", -uint64(n)
	}
	return "", uint64(n)
}

func pow10(exp int) uint64 {
	div := uint64(1)
	for range exp {
		div *= 10
	}
	return div
}

// oneDecimal renders n/unit with one rounded decimal, dropping ".0".
// unit is a power of ten of at least 1000.
func oneDecimal(n, unit uint64) string {
	tenths := (n + unit/20) / (unit / 10)
	if tenths%10 == 0 {
		return strconv.FormatUint(tenths/10, 10)
	}
	return fmt.Sprintf("%d.%d", tenths/10, tenths%10)
}

func splitMinor(minor uint64, exp int) (units uint64, frac string) {
	div := pow10(exp)
	return minor / div, fmt.Sprintf("%0*d", exp, minor%div)
}

// Count formats a count with thousands separators: 1,204.
func Count(n int) string {
	if n < 0 {
		return "-" + group(uint64(-n))
	}
	return group(uint64(n))
}

func group(n uint64) string {
	s := strconv.FormatUint(n, 10)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	lead := len(s) % 3
	if lead > 0 {
		b.WriteString(s[:lead])
	}
	for i := lead; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// Totals sums amounts per currency; different currencies are never added
// together.
type Totals map[string]int64

// Add adds m to its currency's total.
func (t Totals) Add(m Money) { t[m.Currency] += m.Minor }

// Amounts returns one Money per currency, largest first (ties by code) so
// output is stable.
func (t Totals) Amounts() []Money {
	out := make([]Money, 0, len(t))
	for c, v := range t {
		out = append(out, Money{Minor: v, Currency: c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Minor != out[j].Minor {
			return out[i].Minor > out[j].Minor
		}
		return out[i].Currency < out[j].Currency
	})
	return out
}

// Short renders the totals compactly, e.g. "$120k + €30k"; "—" when empty.
func (t Totals) Short() string {
	amounts := t.Amounts()
	if len(amounts) == 0 {
		return "—"
	}
	parts := make([]string, len(amounts))
	for i, a := range amounts {
		parts[i] = a.Short()
	}
	return strings.Join(parts, " + ")
}
