package model

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// Run one at a time with a count budget, e.g.
//
//	go test ./model -run '^$' -fuzz '^FuzzParseMoney$' -fuzztime=300000x
//
// Failures are written to testdata/fuzz/<Name>/ and kept as regressions.

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{
		"12k", "$1,200.50", "1.2M", "EUR 99", "99 JPY", "1.5k JPY", "1.234 KWD", "1 200.50",
		"1.500", "£5", "€5", "eur 99", "99jpy", "1,20", "1.200,50", "12.345", "1.5 JPY", "1e5",
		"NaN", "-5", "$-5", "99999999999999999999", "10,000,000,000,000.00", "10,000,000,000,000.01",
		"k", "$", "", "XYZ 5", ".5", "0.29", "1\u00a0200", "1_200", "(5)", "−5", "1.2345 CLF",
		"9223372036854775807", "1.000000000000000000000000000", "0000000000000000000000000000001B",
	} {
		f.Add(s, "USD")
	}
	f.Add("1.5", "JPY")
	f.Add("1.5", "kwd")
	f.Add("5", "")
	f.Add("5", "XYZ")
	f.Fuzz(func(t *testing.T, input, def string) {
		m, err := ParseMoney(input, def)
		if err != nil {
			if m != (Money{}) {
				t.Fatalf("ParseMoney(%q, %q) = %+v with error %v", input, def, m, err)
			}
			if err.Error() == "" {
				t.Fatalf("ParseMoney(%q, %q): empty error message", input, def)
			}
			return
		}
		if m.Minor < 0 || m.Minor > MaxMinor {
			t.Fatalf("ParseMoney(%q, %q) = %d minor units, outside [0, 10^15]", input, def, m.Minor)
		}
		if !IsCurrency(m.Currency) {
			t.Fatalf("ParseMoney(%q, %q) currency %q is not ISO 4217", input, def, m.Currency)
		}
		s := m.String()
		for _, other := range []string{def, "USD", "JPY"} {
			back, err := ParseMoney(s, other)
			if err != nil {
				t.Fatalf("ParseMoney(%q) = %+v, but its String %q does not parse: %v", input, m, s, err)
			}
			if back != m {
				t.Fatalf("ParseMoney(%q) = %+v; String %q re-parses to %+v", input, m, s, back)
			}
		}
		if m.Short() == "" {
			t.Fatalf("%+v.Short() is empty", m)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"today", "tomorrow", "yesterday", "fri", "wed", "Sunday", "+3d", "3d", "-1d", "2w", "1m",
		"1y", "-12m", "36600d", "-127y", "sow", "eow", "som", "eom", "eoq", "eoy", "2026-12-01",
		"2026-02-30", "0000-01-01", "2026-13-01", "1900-01-01", "2200-12-31", "2201-01-01", "++3d",
		"3dd", "next week", "", "+026-01-01", "2026--1-01", "9999999999d", "-0d",
	} {
		f.Add(s, int16(0), false)
	}
	f.Add("1m", int16(-300), true) // today 2026-01-31
	f.Add("eom", int16(-1001), false)
	f.Add("1y", int16(32767), true)
	f.Add("-1y", int16(-32768), false)
	f.Fuzz(func(t *testing.T, input string, dayOffset int16, sundayStart bool) {
		today := friday.AddDays(int(dayOffset))
		weekStart := time.Monday
		if sundayStart {
			weekStart = time.Sunday
		}
		got, err := ParseDate(input, today, weekStart)
		if err != nil {
			if !got.IsZero() {
				t.Fatalf("ParseDate(%q) = %s with error %v", input, got, err)
			}
			if err.Error() == "" {
				t.Fatalf("ParseDate(%q): empty error message", input)
			}
			return
		}
		if got.Year < MinYear || got.Year > MaxYear {
			t.Fatalf("ParseDate(%q, %s) = %s, year outside %d–%d", input, today, got, MinYear, MaxYear)
		}
		if NewDate(got.Year, got.Month, got.Day) != got {
			t.Fatalf("ParseDate(%q, %s) = %+v, not a real date", input, today, got)
		}
		back, err := ParseISODate(got.String())
		if err != nil || back != got {
			t.Fatalf("ParseDate(%q, %s) = %s; ParseISODate(String()) = %s, %v", input, today, got, back, err)
		}
		if again, err := ParseDate(got.String(), today, weekStart); err != nil || again != got {
			t.Fatalf("ParseDate(%q) = %s; ParseDate(String()) = %s, %v", input, got, again, err)
		}
	})
}

// FuzzDateRules reads dates in every date order and lean: whatever is
// accepted is a real date in range, and prints (Short, Long, ISO) back to
// the same date.
func FuzzDateRules(f *testing.F) {
	for _, s := range []string{
		"Dec 5", "5 dec", "December 5th 2027", "Fri Dec 4", "fri, dec 4 2026", "Mon Dec 4 2026", "12/5", "5/12",
		"12/5/27", "2026/12/05", "13/5", "2/30", "Feb 29", "next fri", "this mon", "last sun", "in 2 weeks",
		"in a month", "3 days ago", "2 weeks", "next week", "next month", "end of quarter", "0/0", "1/1/1",
		"31 feb", "dec 0", "jan 3", "in 36600 days", "in 99999 years",
	} {
		f.Add(s, int16(4), uint8(0))
	}
	f.Add("12/5", int16(-200), uint8(3))
	f.Fuzz(func(t *testing.T, input string, dayOffset int16, flags uint8) {
		r := DateRules{Today: friday.AddDays(int(dayOffset)), WeekStart: time.Monday}
		if flags&1 != 0 {
			r.Order = DayFirst
		}
		if flags&2 != 0 {
			r.Lean = LeanPast
		}
		if flags&4 != 0 {
			r.WeekStart = time.Sunday
		}
		got, err := r.Parse(input)
		if err != nil {
			if !got.IsZero() || err.Error() == "" {
				t.Fatalf("Parse(%q) = %s, %q", input, got, err)
			}
			return
		}
		if got.Year < MinYear || got.Year > MaxYear || NewDate(got.Year, got.Month, got.Day) != got {
			t.Fatalf("Parse(%q) = %+v: not a real date in range", input, got)
		}
		for _, printed := range []string{got.String(), got.Short(r.Today), got.Long(r.Today)} {
			if back, err := r.Parse(printed); err != nil || back != got {
				t.Fatalf("Parse(%q) = %s, printed %q reads back as %s, %v", input, got, printed, back, err)
			}
		}
	})
}

// forbiddenOnScreen reports a rune Clean must never let through.
func forbiddenOnScreen(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	case r >= 0x200b && r <= 0x200d, r == 0x2060, r == 0xfeff:
		return true
	}
	return false
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{
		"Acme", "", "\x1b]52;c;SGVsbG8=\x07", "\x1b]8;;https://evil.example/\x07Click\x1b]8;;\x07",
		"\x1b]0;title\x07", "\x1b[2J", "\x1b[8mhidden\x1b[0m", "\u009b31m", "\u009d52;c;AAAA\u009c",
		"\x9b31m", "a\rb", "a\bb", "\a", "a\x00b", "a\nb", "a\r\nb", "a\tb", "\x1bP+q544e\x1b\\",
		"\x1b_Gf=100;AAAA\x1b\\", "Acme\x1b]52;c;AAAA then more", "abc\u202Efdp.exe", "Ac\u200Bme",
		"\uFEFFName", "\r\u200b\n", "\xff\xfe", "\xed\xa0\x80", "\xc2\x9b", "\xe2\x80", "Zoë 日本 😀",
		"\u2028\u2029\u0085", "\U000E0041",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Clean(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Clean(%q) = %q is not valid UTF-8", s, out)
		}
		for i, r := range out {
			if forbiddenOnScreen(r) {
				t.Fatalf("Clean(%q) = %q holds %U at byte %d", s, out, r, i)
			}
		}
		if again := Clean(out); again != out {
			t.Fatalf("Clean is not idempotent on %q: %q then %q", s, out, again)
		}
		if utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r >= 0x7f }) && out != s {
			t.Fatalf("Clean changed printable ASCII %q to %q", s, out)
		}
		for _, line := range CleanLines(s) {
			if Clean(line) != line || strings.ContainsFunc(line, forbiddenOnScreen) {
				t.Fatalf("CleanLines(%q) returned an unclean line %q", s, line)
			}
		}
	})
}
