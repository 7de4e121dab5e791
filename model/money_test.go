package model

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestParseMoneyAccepts(t *testing.T) {
	tests := []struct {
		in, def string
		want    Money
	}{
		{"12k", "USD", Money{1_200_000, "USD"}},
		{"12K", "USD", Money{1_200_000, "USD"}},
		{"$1,200.50", "USD", Money{120050, "USD"}},
		{"$1,200.50", "EUR", Money{120050, "USD"}}, // the symbol wins over the default
		{"1.2M", "USD", Money{120_000_000, "USD"}},
		{"1.2m", "USD", Money{120_000_000, "USD"}},
		{"2B", "USD", Money{200_000_000_000, "USD"}},
		{"EUR 99", "USD", Money{9900, "EUR"}},
		{"EUR99", "USD", Money{9900, "EUR"}},
		{"eur 99", "USD", Money{9900, "EUR"}},
		{"99 JPY", "USD", Money{99, "JPY"}},
		{"99 jpy", "USD", Money{99, "JPY"}},
		{"99jpy", "USD", Money{99, "JPY"}},
		{"1.5k JPY", "USD", Money{1500, "JPY"}},
		{"1.234 KWD", "USD", Money{1234, "KWD"}},
		{"KWD 1.2", "USD", Money{1200, "KWD"}},
		{"1 200.50", "USD", Money{120050, "USD"}},
		{"1\u00a0200.50", "USD", Money{120050, "USD"}},
		{"1,200,000", "USD", Money{120_000_000, "USD"}},
		{"1_200", "USD", Money{120000, "USD"}},
		{"1.500", "USD", Money{150, "USD"}}, // trailing zeros are exact
		{"£5", "USD", Money{500, "GBP"}},
		{"€5", "USD", Money{500, "EUR"}},
		{"$ 5", "USD", Money{500, "USD"}},
		{"  42  ", "USD", Money{4200, "USD"}},
		{"42", "eur", Money{4200, "EUR"}}, // default currency is normalised
		{"42", "", Money{4200, "USD"}},    // no default at all: USD
		{"0", "USD", Money{0, "USD"}},
		{".5", "USD", Money{50, "USD"}},
		{"0.29", "USD", Money{29, "USD"}}, // the float bug: 0.29*100 = 28.999…
		{"1.15", "USD", Money{115, "USD"}},
		{"4.35", "USD", Money{435, "USD"}},
		{"$1,200.10", "USD", Money{120010, "USD"}},
		{"1.0 JPY", "USD", Money{1, "JPY"}},
		{"1.2345 CLF", "USD", Money{12345, "CLF"}},
		{"10,000,000,000,000", "USD", Money{MaxMinor, "USD"}}, // exactly the cap
		{"1,000,000,000,000,000 JPY", "USD", Money{MaxMinor, "JPY"}},
	}
	for _, tt := range tests {
		got, err := ParseMoney(tt.in, tt.def)
		if err != nil {
			t.Errorf("ParseMoney(%q, %q) error: %v", tt.in, tt.def, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseMoney(%q, %q) = %+v, want %+v", tt.in, tt.def, got, tt.want)
		}
	}
}

func TestParseMoneyRefuses(t *testing.T) {
	tests := []struct {
		in   string
		want string // a fragment the message must contain, to be readable
	}{
		{"1,20", "three digits"},
		{"1,2345", "three digits"},
		{"1.200,50", "decimal point"},
		{"12.345", "too many decimals"},
		{"1.5 JPY", "no minor units"},
		{"1.2345 KWD", "too many decimals"},
		{"1e5", "unexpected 'e'"},
		{"NaN", "unexpected"},
		{"Inf", "unexpected"},
		{"-5", "negative"},
		{"$-5", "negative"},
		{"-$5", "negative"},
		{"EUR -5", "negative"},
		{"−5", "negative"}, // U+2212 minus sign
		{"(5)", "negative"},
		{"99999999999999999999", "too large"},
		{"10,000,000,000,000.01", "too large"}, // one cent over 10^15 minor units
		{"1,000,000,000,000,001 JPY", "too large"},
		{"9223372036854775808", "too large"},
		{"k", "no number"},
		{"$", "no number"},
		{"EUR", "unexpected"},
		{"XYZ 5", "ISO 4217"},
		{"5 xyz", "ISO 4217"},
		{"1.", "followed by digits"},
		{"1.2.3", "after the decimal point"},
		{"1,200 300", "mixed digit separators"},
		{"1,,200", "three digits"},
		{"١٢", "unexpected"}, // Arabic-Indic digits are not read
		{"12kk", "unexpected"},
		{"$5 EUR", "unexpected"},
	}
	for _, tt := range tests {
		got, err := ParseMoney(tt.in, "USD")
		if err == nil {
			t.Errorf("ParseMoney(%q) = %+v, want an error", tt.in, got)
			continue
		}
		if got != (Money{}) {
			t.Errorf("ParseMoney(%q) returned %+v alongside an error", tt.in, got)
		}
		if msg := err.Error(); !strings.Contains(msg, tt.want) {
			t.Errorf("ParseMoney(%q) error %q does not say %q", tt.in, msg, tt.want)
		}
	}
}

func TestParseMoneyEmpty(t *testing.T) {
	for _, in := range []string{"", "   ", "\t"} {
		if _, err := ParseMoney(in, "USD"); !errors.Is(err, ErrMoneyEmpty) {
			t.Errorf("ParseMoney(%q) error = %v, want ErrMoneyEmpty", in, err)
		}
	}
}

func TestParseMoneyBadDefaultCurrency(t *testing.T) {
	_, err := ParseMoney("5", "ABC")
	if err == nil || !strings.Contains(err.Error(), `"ABC" is not an ISO 4217 currency code`) {
		t.Errorf("ParseMoney with default ABC: error = %v", err)
	}
}

func TestParseCurrency(t *testing.T) {
	for in, want := range map[string]string{"usd": "USD", " EUR ": "EUR", "$": "USD", "£": "GBP", "€": "EUR", "jpy": "JPY"} {
		got, err := ParseCurrency(in)
		if err != nil || got != want {
			t.Errorf("ParseCurrency(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "US", "USDD", "XYZ", "dollars"} {
		if got, err := ParseCurrency(in); err == nil {
			t.Errorf("ParseCurrency(%q) = %q, want an error", in, got)
		}
	}
}

func TestExponent(t *testing.T) {
	for code, want := range map[string]int{"USD": 2, "EUR": 2, "GBP": 2, "JPY": 0, "KRW": 0, "CLP": 0, "KWD": 3, "BHD": 3, "TND": 3, "CLF": 4, "UYW": 4} {
		if got := Exponent(code); got != want {
			t.Errorf("Exponent(%s) = %d, want %d", code, got, want)
		}
		if !IsCurrency(code) {
			t.Errorf("IsCurrency(%s) = false", code)
		}
	}
	// Every code with a special exponent must also be a known currency.
	for code := range currencyExponents {
		if !IsCurrency(code) {
			t.Errorf("%s has an exponent but is not in knownCurrencies", code)
		}
	}
}

func TestMoneyString(t *testing.T) {
	tests := []struct {
		m    Money
		want string
	}{
		{Money{0, "USD"}, "$0.00"},
		{Money{5, "USD"}, "$0.05"},
		{Money{120050, "USD"}, "$1,200.50"},
		{Money{123456789, "USD"}, "$1,234,567.89"},
		{Money{MaxMinor, "USD"}, "$10,000,000,000,000.00"},
		{Money{99, "EUR"}, "€0.99"},
		{Money{100000, "EUR"}, "€1,000.00"},
		{Money{500, "GBP"}, "£5.00"},
		{Money{0, "JPY"}, "JPY 0"},
		{Money{1500, "JPY"}, "JPY 1,500"},
		{Money{999, "JPY"}, "JPY 999"},
		{Money{1234, "KWD"}, "KWD 1.234"},
		{Money{5, "KWD"}, "KWD 0.005"},
		{Money{1234567, "KWD"}, "KWD 1,234.567"},
		{Money{12345, "CLF"}, "CLF 1.2345"},
		{Money{100, "CHF"}, "CHF 1.00"},
		{Money{-150, "USD"}, "-$1.50"},
		{Money{-123456789, "USD"}, "-$1,234,567.89"},
		{Money{-1500, "JPY"}, "-JPY 1,500"},
		{Money{math.MinInt64, "JPY"}, "-JPY 9,223,372,036,854,775,808"},
	}
	for _, tt := range tests {
		if got := tt.m.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.m, got, tt.want)
		}
	}
}

func TestMoneyStringRoundTrip(t *testing.T) {
	amounts := []int64{0, 1, 9, 10, 99, 100, 101, 999, 1000, 1001, 99999, 100000, 1234567, 1_000_000_000, MaxMinor - 1, MaxMinor}
	for _, code := range []string{"USD", "EUR", "GBP", "JPY", "KWD", "CLF", "CHF", "SEK", "DKK", "BAM"} {
		for _, minor := range amounts {
			m := Money{minor, code}
			// The default currency must not matter: String names it.
			for _, def := range []string{"USD", "JPY"} {
				got, err := ParseMoney(m.String(), def)
				if err != nil {
					t.Errorf("ParseMoney(%q) error: %v", m.String(), err)
					continue
				}
				if got != m {
					t.Errorf("ParseMoney(%q) = %+v, want %+v", m.String(), got, m)
				}
			}
		}
	}
}

func TestMoneyShort(t *testing.T) {
	tests := []struct {
		m    Money
		want string
	}{
		{Money{0, "USD"}, "$0"},
		{Money{49, "USD"}, "$0"},
		{Money{50, "USD"}, "$1"}, // rounded half up
		{Money{99900, "USD"}, "$999"},
		{Money{99_949, "USD"}, "$999"},
		{Money{99_950, "USD"}, "$1k"},
		{Money{100000, "USD"}, "$1k"},
		{Money{120000, "USD"}, "$1.2k"},
		{Money{125000, "USD"}, "$1.3k"},
		{Money{999_900, "USD"}, "$10k"},
		{Money{1_250_000, "USD"}, "$13k"}, // ≥ 10k: whole thousands
		{Money{1_200_000, "USD"}, "$12k"},
		{Money{12_345_600, "USD"}, "$123k"},
		{Money{99_949_900, "USD"}, "$999k"},
		{Money{99_950_000, "USD"}, "$1M"}, // not "$1000k"
		{Money{99_999_900, "USD"}, "$1M"},
		{Money{120_000_000, "EUR"}, "€1.2M"},
		{Money{123_456_789_00, "EUR"}, "€123.5M"},
		{Money{99_994_999_900, "USD"}, "$999.9M"},
		{Money{99_995_000_000, "USD"}, "$1B"}, // not "$1000M"
		{Money{250_000_000_000, "GBP"}, "£2.5B"},
		{Money{MaxMinor, "USD"}, "$10000B"},
		{Money{980, "JPY"}, "JPY 980"},
		{Money{1500, "JPY"}, "JPY 1.5k"},
		{Money{1_234_567, "JPY"}, "JPY 1.2M"},
		{Money{1234, "KWD"}, "KWD 1"},
		{Money{1_500_000, "KWD"}, "KWD 1.5k"},
		{Money{-120_000_000, "USD"}, "-$1.2M"},
		{Money{-50, "USD"}, "-$1"},
		{Money{math.MinInt64, "USD"}, "-$92233720.4B"},
		{Money{math.MaxInt64, "JPY"}, "JPY 9223372036.9B"},
	}
	for _, tt := range tests {
		if got := tt.m.Short(); got != tt.want {
			t.Errorf("%+v.Short() = %q, want %q", tt.m, got, tt.want)
		}
	}
}

func TestTotals(t *testing.T) {
	tot := Totals{}
	if got := tot.Short(); got != "—" {
		t.Errorf("empty Totals.Short() = %q, want —", got)
	}
	if got := tot.Amounts(); len(got) != 0 {
		t.Errorf("empty Totals.Amounts() = %v", got)
	}
	for _, m := range []Money{
		{10_000_000, "USD"}, {2_000_000, "USD"}, // $100k + $20k
		{3_000_000, "EUR"},           // €30k
		{3_000_000, "GBP"},           // £30k, ties €30k on minor units
		{500_000, "JPY"}, {1, "JPY"}, // JPY 500,001
		{0, "CHF"}, // a zero total is still listed
	} {
		tot.Add(m)
	}
	// Never adds different currencies: one entry each, exact sums.
	want := Totals{"USD": 12_000_000, "EUR": 3_000_000, "GBP": 3_000_000, "JPY": 500_001, "CHF": 0}
	if len(tot) != len(want) {
		t.Fatalf("Totals = %v, want %v", tot, want)
	}
	for c, v := range want {
		if tot[c] != v {
			t.Errorf("Totals[%s] = %d, want %d", c, tot[c], v)
		}
	}
	// Largest (in minor units) first, ties by code; stable across calls.
	wantOrder := []Money{{12_000_000, "USD"}, {3_000_000, "EUR"}, {3_000_000, "GBP"}, {500_001, "JPY"}, {0, "CHF"}}
	for range 20 { // map iteration order varies; the result must not
		got := tot.Amounts()
		if len(got) != len(wantOrder) {
			t.Fatalf("Amounts() = %v, want %v", got, wantOrder)
		}
		for i := range got {
			if got[i] != wantOrder[i] {
				t.Fatalf("Amounts() = %v, want %v", got, wantOrder)
			}
		}
	}
	if got, want := tot.Short(), "$120k + €30k + £30k + JPY 500k + CHF 0"; got != want {
		t.Errorf("Totals.Short() = %q, want %q", got, want)
	}
	one := Totals{}
	one.Add(Money{1_250_000, "USD"})
	if got := one.Short(); got != "$13k" {
		t.Errorf("single Totals.Short() = %q, want $13k", got)
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 1234567: "1,234,567", -41411: "-41,411"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}
