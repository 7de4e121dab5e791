package interchange

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"rolo/model"
)

// DateOrder says how to read a date written with slashes or dots.
type DateOrder int

const (
	// DateAuto reads only unambiguous slash dates (13/04/2026, 4/13/2026)
	// and refuses 03/04/2026 with a hint.
	DateAuto DateOrder = iota
	DateMDY            // 3/4/2026 is March 4 (US; Salesforce reports)
	DateDMY            // 3/4/2026 is 3 April
)

// ParseDateOrder reads --dates.
func ParseDateOrder(s string) (DateOrder, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return DateAuto, nil
	case "mdy", "us", "m/d/y":
		return DateMDY, nil
	case "dmy", "d/m/y":
		return DateDMY, nil
	}
	return DateAuto, fmt.Errorf("--dates %q: use mdy (3/31/2026) or dmy (31/3/2026)", s)
}

// parseDay reads a calendar date as exports write them: 2026-03-04,
// 2026-03-04 10:22[:31], 2026-03-04T10:22:31Z, 3/4/2026 [10:22 AM],
// 04.03.2026. The time of day, if any, is dropped.
func parseDay(s string, order DateOrder) (model.Date, error) {
	s = strings.TrimSpace(s)
	day, _, _ := strings.Cut(strings.Replace(s, "T", " ", 1), " ")
	if len(day) == 10 && day[4] == '-' {
		return model.ParseISODate(day)
	}
	if strings.Count(day, "/") == 2 || strings.Count(day, ".") == 2 {
		sep := "/"
		if strings.Contains(day, ".") {
			sep = "."
			if order == DateAuto {
				order = DateDMY // 04.03.2026 is always day first
			}
		}
		parts := strings.Split(day, sep)
		if len(parts[0]) == 4 { // 2026/03/04
			return model.ParseISODate(parts[0] + "-" + pad2(parts[1]) + "-" + pad2(parts[2]))
		}
		a, errA := strconv.Atoi(parts[0])
		b, errB := strconv.Atoi(parts[1])
		if errA != nil || errB != nil || len(parts[2]) != 4 {
			return model.Date{}, fmt.Errorf("%q is not a date; write YYYY-MM-DD", s)
		}
		switch order {
		case DateMDY:
		case DateDMY:
			a, b = b, a
		default:
			switch {
			case a > 12 && b <= 12:
				a, b = b, a
			case b > 12 && a <= 12:
			case a == b:
			default:
				return model.Date{}, fmt.Errorf("%q could be day/month or month/day; write YYYY-MM-DD or pass --dates mdy (or dmy)", s)
			}
		}
		iso := fmt.Sprintf("%s-%02d-%02d", parts[2], a, b)
		d, err := model.ParseISODate(iso)
		if err != nil {
			return d, errors.New(strings.Replace(err.Error(), strconv.Quote(iso), strconv.Quote(s), 1))
		}
		return d, nil
	}
	return model.Date{}, fmt.Errorf("%q is not a date; write YYYY-MM-DD", s)
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

// parseMoment reads a date or a date and time. A bare date is noon, and a
// time without a zone is local (loc): the zone the user works in.
func parseMoment(s string, order DateOrder, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05.000Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Truncate(time.Second), nil
		}
	}
	d, err := parseDay(s, order)
	if err != nil {
		return time.Time{}, err
	}
	clock := ""
	if i := strings.IndexAny(s, " T"); i > 0 {
		clock = strings.TrimSpace(s[i+1:])
	}
	if clock == "" {
		return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, loc), nil
	}
	for _, layout := range []string{"15:04:05", "15:04", "3:04 PM", "3:04:05 PM", "3:04PM", "15:04:05.000"} {
		if c, err := time.Parse(layout, strings.ToUpper(clock)); err == nil {
			return time.Date(d.Year, d.Month, d.Day, c.Hour(), c.Minute(), c.Second(), 0, loc), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q: cannot read the time of day %q", s, clock)
}

// currencyMarks are the symbols exports put before or after amounts that
// name one currency. "$" is read as USD, as rolo does everywhere.
var currencyMarks = []struct{ mark, code string }{
	{"US$", "USD"}, {"USD", "USD"}, {"A$", "AUD"}, {"AU$", "AUD"}, {"C$", "CAD"}, {"CA$", "CAD"}, {"NZ$", "NZD"},
	{"HK$", "HKD"}, {"S$", "SGD"}, {"R$", "BRL"}, {"$", "USD"}, {"€", "EUR"}, {"£", "GBP"}, {"₹", "INR"}, {"₩", "KRW"},
	{"₽", "RUB"}, {"₺", "TRY"}, {"₪", "ILS"}, {"zł", "PLN"},
}

// ambiguousMarks name several currencies; an amount with one needs a
// currency column or --currency.
var ambiguousMarks = []string{"¥", "kr", "Fr."}

// parseAmount reads an amount as exports write it: "$12,000.00",
// "12000", "1.234,56 €" (in a file whose delimiter is ";"), "USD 9,500",
// "12 000". currency (a column of the row) wins over a symbol in the
// amount, which wins over def. Anything it cannot read exactly is refused.
func parseAmount(s, currency, def string, decimalComma bool) (model.Money, error) {
	raw := s
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "(") || strings.HasPrefix(s, "−") {
		return model.Money{}, fmt.Errorf("%q: amounts cannot be negative", raw)
	}
	inAmount := ""
	for changed := true; changed; {
		changed = false
		for _, m := range currencyMarks {
			if rest, ok := strings.CutPrefix(s, m.mark); ok {
				s, inAmount, changed = strings.TrimSpace(rest), m.code, true
			} else if rest, ok := strings.CutSuffix(s, m.mark); ok {
				s, inAmount, changed = strings.TrimSpace(rest), m.code, true
			}
		}
	}
	for _, m := range ambiguousMarks {
		if strings.Contains(s, m) {
			return model.Money{}, fmt.Errorf("%q: %s names several currencies; add a currency column or pass --currency", raw, m)
		}
	}
	if len(s) > 4 && isLetters(s[:3]) && s[3] == ' ' {
		inAmount, s = strings.ToUpper(s[:3]), strings.TrimSpace(s[4:])
	} else if len(s) > 4 && isLetters(s[len(s)-3:]) && s[len(s)-4] == ' ' {
		inAmount, s = strings.ToUpper(s[len(s)-3:]), strings.TrimSpace(s[:len(s)-4])
	}
	code := strings.ToUpper(strings.TrimSpace(currency))
	switch {
	case code != "" && inAmount != "" && code != inAmount:
		return model.Money{}, fmt.Errorf("%q is in %s but its currency column says %s", raw, inAmount, code)
	case code == "":
		code = inAmount
	}
	if code == "" {
		code = def
	}
	if !model.IsCurrency(code) {
		return model.Money{}, fmt.Errorf("currency %q is not one rolo knows (an ISO 4217 code such as USD, EUR, GBP)", code)
	}
	num, err := normaliseNumber(s, decimalComma)
	if err != nil {
		return model.Money{}, fmt.Errorf("%q is not an amount: %v", raw, err)
	}
	m, err := model.ParseMoney(num, code)
	if err != nil {
		return model.Money{}, fmt.Errorf("%q is not an amount rolo can keep exactly: %v", raw, err)
	}
	return m, nil
}

func isLetters(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII || !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// normaliseNumber turns "1,234.56", "1.234,56", "1 234" into "1234.56".
func normaliseNumber(s string, decimalComma bool) (string, error) {
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", "'", "", "_", "").Replace(s)
	if s == "" {
		return "", fmt.Errorf("no digits")
	}
	comma, dot := strings.LastIndex(s, ","), strings.LastIndex(s, ".")
	switch {
	case comma >= 0 && dot >= 0:
		decimalComma = comma > dot
	case comma >= 0 && !decimalComma:
		// One comma followed by one or two digits is a decimal comma
		// ("12,50"); otherwise commas group thousands.
		decimalComma = strings.Count(s, ",") == 1 && len(s)-comma-1 < 3
	}
	group, point := ",", "."
	if decimalComma {
		group, point = ".", ","
	}
	if i := strings.LastIndex(s, group); i >= 0 {
		for _, g := range strings.Split(s, group)[1:] {
			if len(g) < 3 || (len(g) > 3 && !strings.Contains(g, point)) {
				return "", fmt.Errorf("digit groups must have three digits")
			}
		}
		s = strings.ReplaceAll(s, group, "")
	}
	s = strings.Replace(s, point, ".", 1)
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return "", fmt.Errorf("unexpected %q", r)
		}
	}
	if strings.HasPrefix(s, ".") {
		s = "0" + s
	}
	return s, nil
}

// parsePercent reads "25", "25%", "25.0" as a whole percentage.
func parsePercent(s string) (int, error) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	t = strings.TrimSuffix(strings.TrimSuffix(t, ".00"), ".0")
	p, err := strconv.Atoi(t)
	if err != nil || p < 0 || p > 100 {
		return 0, fmt.Errorf("%q is not a percentage from 0 to 100", s)
	}
	return p, nil
}

// parseBool reads yes/no, true/false, 1/0, done/to do, x.
func parseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y", "true", "1", "x", "done", "on":
		return true, nil
	case "no", "n", "false", "0", "", "to do", "todo", "off", "not done":
		return false, nil
	}
	return false, fmt.Errorf("%q is not yes or no", s)
}
