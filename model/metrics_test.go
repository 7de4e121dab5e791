package model

import (
	"math"
	"reflect"
	"testing"
	"time"
)

func TestRatio(t *testing.T) {
	cases := []struct {
		r       Ratio
		float   float64
		percent string // Percent(0)
		fixed1  string // Fixed(1, 1)
	}{
		{Ratio{21, 50}, 0.42, "42%", "0.4"},
		{Ratio{1, 3}, 1.0 / 3, "33%", "0.3"},
		{Ratio{2, 3}, 2.0 / 3, "67%", "0.7"},
		{Ratio{1, 8}, 0.125, "13%", "0.1"}, // 12.5 rounds away from zero
		{Ratio{-1, 8}, -0.125, "-13%", "-0.1"},
		{Ratio{0, 5}, 0, "0%", "0.0"},
		{Ratio{-1, 1000}, -0.001, "0%", "0.0"}, // no "-0"
		{Ratio{7, 0}, 0, "—", "—"},
	}
	for _, c := range cases {
		if c.r.Valid() != (c.r.Den != 0) || c.r.Float() != c.float || c.r.Percent(0) != c.percent || c.r.Fixed(1, 1) != c.fixed1 {
			t.Errorf("%+v: valid %v float %v percent %q fixed %q", c.r, c.r.Valid(), c.r.Float(), c.r.Percent(0), c.r.Fixed(1, 1))
		}
	}
	// Money rounds halves away from zero; an invalid ratio is nothing.
	for r, want := range map[Ratio]int64{{51666640, 100}: 516666, {51666650, 100}: 516667, {10, 3}: 3, {-5, 2}: -3, {5, 0}: 0} {
		if got := r.Money("USD"); got != (Money{want, "USD"}) {
			t.Errorf("%+v.Money = %v, want %d", r, got, want)
		}
	}
	if (Ratio{1, 3}).Cmp(Ratio{2, 6}) != 0 || (Ratio{1, 3}).Cmp(Ratio{1, 2}) >= 0 {
		t.Error("Cmp is not exact")
	}
}

func TestWinRate(t *testing.T) {
	for _, c := range []struct {
		w    WinRate
		want Ratio
	}{
		{WinRate{21, 29}, Ratio{21, 50}},
		{WinRate{0, 3}, Ratio{0, 3}},
		{WinRate{3, 0}, Ratio{3, 3}},
		{WinRate{}, Ratio{}}, // nothing closed: no figure, not 0
	} {
		if got := c.w.Rate(); got != c.want || got.Valid() != (c.w.Won+c.w.Lost > 0) {
			t.Errorf("%+v → %+v", c.w, got)
		}
	}
}

func TestFunnel(t *testing.T) {
	stages := DefaultStages()
	cases := []struct {
		name    string
		reaches []Reach
		reached []int
		cohort  int
		won     int
	}{
		{"empty cohort", nil, []int{0, 0, 0, 0}, 0, 0},
		{"created in the first stage, never moved", []Reach{{Position: 1, Deals: 3}}, []int{3, 0, 0, 0}, 3, 0},
		{"skipped to the third stage: reached the two it skipped", []Reach{{Position: 3, Deals: 1}}, []int{1, 1, 1, 0}, 1, 0},
		{"won from the second stage: reached every stage", []Reach{{Position: 2, Won: true, Deals: 2}}, []int{2, 2, 2, 2}, 2, 2},
		{"lost in the third stage: reached up to it", []Reach{{Position: 3, Deals: 1}}, []int{1, 1, 1, 0}, 1, 0},
		{"only in a stage since archived: reached none", []Reach{{Position: 0, Deals: 4}}, []int{0, 0, 0, 0}, 4, 0},
		{"a mix", []Reach{{Position: 1, Deals: 5}, {Position: 2, Deals: 3}, {Position: 4, Deals: 1}, {Position: 1, Won: true, Deals: 1}},
			[]int{10, 5, 2, 2}, 10, 1},
	}
	for _, c := range cases {
		f := NewFunnel(stages, c.reaches)
		var got []int
		for _, s := range f.Stages {
			got = append(got, s.Reached)
		}
		if !reflect.DeepEqual(got, c.reached) || f.Cohort != c.cohort || f.Won != c.won {
			t.Errorf("%s: reached %v cohort %d won %d, want %v %d %d", c.name, got, f.Cohort, f.Won, c.reached, c.cohort, c.won)
		}
		steps := f.Steps()
		if len(steps) != 3 {
			t.Fatalf("%s: %d steps for 4 stages", c.name, len(steps))
		}
		for i, st := range steps {
			want := Ratio{int64(c.reached[i+1]), int64(c.reached[i])}
			if st.Rate() != want || st.From.Name != stages[i].Name || st.To.Name != stages[i+1].Name || st.FromPosition != i+1 {
				t.Errorf("%s: step %d = %+v rate %+v", c.name, i, st, st.Rate())
			}
		}
	}
	if steps := NewFunnel(stages[:1], nil).Steps(); len(steps) != 0 {
		t.Errorf("one stage has steps: %+v", steps)
	}
}

func TestSalesCycle(t *testing.T) {
	for _, c := range []struct {
		days []int
		want Ratio
	}{
		{nil, Ratio{}},
		{[]int{12}, Ratio{12, 1}},
		{[]int{30, 10, 20}, Ratio{20, 1}},
		{[]int{40, 10, 20, 30}, Ratio{50, 2}}, // (20 + 30) / 2
		{[]int{3, 4}, Ratio{7, 2}},            // 3.5 days
		{[]int{0, 0, 5}, Ratio{0, 1}},         // won the day it was created
	} {
		got := SalesCycle{Days: c.days}.Median()
		if got != c.want {
			t.Errorf("median of %v = %+v, want %+v", c.days, got, c.want)
		}
	}
	auckland := mustLoc(t, "Pacific/Auckland")
	// Created 1 Nov 01:00 local (31 Oct in UTC), won 30 Nov 23:30 local
	// (the same day in UTC): 29 days locally, 30 by the UTC dates.
	created := time.Date(2026, 10, 31, 12, 0, 0, 0, time.UTC)
	won := time.Date(2026, 11, 30, 10, 30, 0, 0, time.UTC)
	if got := CycleDays(created, won, auckland); got != 29 {
		t.Errorf("cycle days in Auckland = %d, want 29", got)
	}
	if got := CycleDays(created, won, time.UTC); got != 30 {
		t.Errorf("cycle days in UTC = %d, want 30", got)
	}
	ny := mustLoc(t, "America/New_York")
	// Across the end of DST: 1 Nov 00:30 to 2 Nov 00:30 local is 25 hours
	// and one day.
	if got := CycleDays(time.Date(2026, 11, 1, 4, 30, 0, 0, time.UTC), time.Date(2026, 11, 2, 5, 30, 0, 0, time.UTC), ny); got != 1 {
		t.Errorf("cycle days across DST = %d, want 1", got)
	}
}

func TestCACAndSurveys(t *testing.T) {
	cac := NewCACs(Totals{"USD": 350_000, "EUR": 40_000}, 3)
	if cac["USD"].Value() != (Ratio{350_000, 3}) || cac["EUR"].Value() != (Ratio{40_000, 3}) || len(cac) != 2 {
		t.Errorf("CAC = %+v", cac)
	}
	if math.Abs(cac["USD"].Value().Float()-116666.66666666667) > 1e-9 {
		t.Errorf("CAC may be fractional: %v", cac["USD"].Value().Float())
	}
	if v := NewCACs(Totals{"USD": 100}, 0)["USD"].Value(); v.Valid() {
		t.Errorf("CAC with no new customer = %+v, want no figure", v)
	}
	if len(NewCACs(Totals{}, 4)) != 0 {
		t.Error("CAC without spend")
	}

	csat := NewCSAT(map[int]int{1: 2, 2: 1, 3: 3, 4: 3, 5: 1})
	if csat != (CSATScore{Responses: 10, Satisfied: 4}) || csat.Score() != (Ratio{400, 10}) || csat.Score().Float() != 40 {
		t.Errorf("CSAT = %+v %+v", csat, csat.Score())
	}
	if NewCSAT(nil).Score().Valid() {
		t.Error("CSAT without answers has a score")
	}
	nps := NewNPS(map[int]int{0: 1, 6: 2, 7: 4, 8: 1, 9: 3, 10: 1})
	if nps != (NPSScore{Responses: 12, Promoters: 4, Detractors: 3}) {
		t.Errorf("NPS counts = %+v", nps)
	}
	if got := nps.Score(); got != (Ratio{100, 12}) {
		t.Errorf("NPS = %+v, want 100/12 (8.33)", got)
	}
	if got := NewNPS(map[int]int{0: 3, 10: 1}).Score(); got.Fixed(1, 1) != "-50.0" {
		t.Errorf("a negative NPS = %s", got.Fixed(1, 1))
	}
	if NewNPS(nil).Score().Valid() {
		t.Error("NPS without answers has a score")
	}
	if w := WeightedValue(333_333, 80); w != (Ratio{26_666_640, 100}) || w.Float() != 266666.4 {
		t.Errorf("weighted = %+v", w)
	}
}

func TestARRAndRetention(t *testing.T) {
	usd := func(n int64) Money { return Money{n, "USD"} }
	eur := func(n int64) Money { return Money{n, "EUR"} }
	terms := []ContractTerm{
		// Account 1: USD all year; EUR renewed the day after it ended, up.
		{1, usd(1200), d(2026, 1, 1), d(2026, 12, 31)},
		{1, eur(500), d(2025, 11, 15), d(2026, 11, 14)},
		{1, eur(600), d(2026, 11, 15), d(2027, 11, 14)},
		// Account 2 churned mid-period (its end date is its last day).
		{2, usd(800), d(2025, 12, 1), d(2026, 11, 15)},
		// Account 3 contracted: one of two contracts ended.
		{3, usd(1000), d(2026, 6, 1), d(2027, 5, 31)},
		{3, usd(300), d(2026, 6, 1), d(2026, 11, 20)},
		// Account 4 renewed with a gap of one day: churned on that day.
		{4, usd(700), d(2025, 12, 1), d(2026, 11, 28)},
		{4, usd(700), d(2026, 11, 30), d(2027, 11, 29)},
		// Account 5 switched currency: its logo stays.
		{5, eur(100), d(2026, 1, 1), d(2026, 11, 10)},
		{5, usd(150), d(2026, 11, 11), d(2027, 11, 10)},
		// Account 6 is new in the period: not in the cohort.
		{6, usd(900), d(2026, 11, 21), d(2027, 11, 20)},
		// A contract worth nothing gives no ARR.
		{7, usd(0), d(2026, 1, 1), d(2027, 1, 1)},
	}
	from, to := d(2026, 11, 1), d(2026, 11, 30)
	start, end := ARROn(terms, from), ARROn(terms, to)
	if start[ARRKey{1, "EUR"}] != 500 || end[ARRKey{1, "EUR"}] != 600 || ARROn(terms, d(2026, 11, 14))[ARRKey{1, "EUR"}] != 500 ||
		ARROn(terms, d(2026, 11, 15))[ARRKey{1, "EUR"}] != 600 {
		t.Error("a renewal the day after the end should leave no gap and no overlap")
	}
	if ARROn(terms, d(2026, 11, 15))[ARRKey{2, "USD"}] != 800 || ARROn(terms, d(2026, 11, 16))[ARRKey{2, "USD"}] != 0 {
		t.Error("a contract counts up to and including its end date")
	}
	if ARROn(terms, d(2026, 11, 29))[ARRKey{4, "USD"}] != 0 {
		t.Error("the day between two contracts has no ARR")
	}
	if _, ok := start[ARRKey{7, "USD"}]; ok {
		t.Error("a zero-value contract made a pair")
	}
	pairs := RetentionPairs(start, end)
	changes := map[ARRKey]ARRChange{}
	for _, p := range pairs {
		changes[ARRKey{p.AccountID, p.Currency}] = p.Change()
	}
	wantChanges := map[ARRKey]ARRChange{{1, "USD"}: ARRSteady, {1, "EUR"}: ARRExpanded, {2, "USD"}: ARRChurned,
		{3, "USD"}: ARRContracted, {4, "USD"}: ARRSteady, {5, "EUR"}: ARRChurned}
	if !reflect.DeepEqual(changes, wantChanges) {
		t.Errorf("changes = %v, want %v", changes, wantChanges)
	}
	ret := RetentionOf(pairs)
	wantUSD := Retention{Start: 1200 + 800 + 1300 + 700, Churned: 800, Contraction: 300, Pairs: 4}
	wantEUR := Retention{Start: 600, Churned: 100, Expansion: 100, Pairs: 2}
	if ret["USD"] != wantUSD || ret["EUR"] != wantEUR || len(ret) != 2 {
		t.Errorf("retention = %+v", ret)
	}
	if ret["USD"].GRR() != (Ratio{2900, 4000}) || ret["USD"].NRR() != (Ratio{2900, 4000}) {
		t.Errorf("USD GRR %+v NRR %+v", ret["USD"].GRR(), ret["USD"].NRR())
	}
	if ret["EUR"].GRR() != (Ratio{500, 600}) || ret["EUR"].NRR() != (Ratio{600, 600}) {
		t.Errorf("EUR GRR %+v NRR %+v", ret["EUR"].GRR(), ret["EUR"].NRR())
	}
	if (Retention{}).GRR().Valid() || (Retention{}).NRR().Valid() {
		t.Error("retention of an empty cohort has a figure")
	}
	cohort := LogoCohort(start, end)
	logos := LogosOf(cohort)
	// Accounts 1–5 had ARR on the first day; 2 left (5 moved to USD).
	if logos != (LogoRetention{Start: 5, Retained: 4}) || logos.Rate() != (Ratio{4, 5}) {
		t.Errorf("logos = %+v", logos)
	}
	if cohort[0].AccountID != 1 || cohort[0].Start["USD"] != 1200 || cohort[0].End["EUR"] != 600 {
		t.Errorf("cohort = %+v", cohort)
	}
	if LogosOf(nil).Rate().Valid() {
		t.Error("logo retention of no accounts has a figure")
	}
	if r2, l2 := CompareARR(start, end); !reflect.DeepEqual(r2, ret) || l2 != logos {
		t.Errorf("CompareARR = %+v %+v, want %+v %+v", r2, l2, ret, logos)
	}
}

func TestMeasuredPipeline(t *testing.T) {
	stages := DefaultStages()
	fs := []StageForecast{
		{Stage: stages[0], Won: 1, Closed: 4, Open: Totals{"USD": 1000, "EUR": 10}}, // measured 25%
		{Stage: stages[1], Won: 0, Closed: 0, Open: Totals{"USD": 1000}},            // nothing closed: configured 25%
		{Stage: stages[2], Won: 2, Closed: 3, Open: Totals{"USD": 1}},               // 2/3 of 1 cent
	}
	if fs[1].Measured().Valid() || fs[1].Used() != (Ratio{25, 100}) || fs[0].Used() != (Ratio{1, 4}) {
		t.Errorf("used = %+v %+v", fs[0].Used(), fs[1].Used())
	}
	// USD: 250 + 250 + 0.67 = 500.67 → 501; EUR: 2.5 → 3.
	if got := MeasuredPipeline(fs); !reflect.DeepEqual(got, Totals{"USD": 501, "EUR": 3}) {
		t.Errorf("measured = %v", got)
	}
}

func TestTrendPeriods(t *testing.T) {
	months := TrendMonths(d(2026, 11, 27))
	if len(months) != 12 || months[0].From != d(2025, 12, 1) || months[0].To != d(2025, 12, 31) ||
		months[11].From != d(2026, 11, 1) || months[11].To != d(2026, 11, 27) || months[1].To != d(2026, 1, 31) {
		t.Errorf("months = %v … %v", months[0], months[11])
	}
	qs := TrendQuarters(d(2026, 11, 27))
	if len(qs) != 8 || qs[0].From != d(2025, 1, 1) || qs[0].To != d(2025, 3, 31) || qs[7].From != d(2026, 10, 1) || qs[7].To != d(2026, 11, 27) {
		t.Errorf("quarters = %v … %v", qs[0], qs[7])
	}
	for i := 1; i < len(qs); i++ {
		if qs[i].From != qs[i-1].To.AddDays(1) {
			t.Errorf("quarters %d and %d are not adjacent", i-1, i)
		}
	}
}

func TestDelta(t *testing.T) {
	cases := []struct{ got, want string }{
		{Delta(Ratio{42, 100}, Ratio{38, 100}, 100, 0, " pts"), "▲ 4 pts"},
		{Delta(Ratio{38, 100}, Ratio{42, 100}, 100, 0, " pts"), "▼ 4 pts"},
		{Delta(Ratio{1, 3}, Ratio{1, 3}, 100, 0, " pts"), "= 0 pts"},
		{Delta(Ratio{1001, 1000}, Ratio{1, 1}, 100, 0, " pts"), "= 0 pts"}, // 0.1 pt rounds to nothing
		{Delta(Ratio{1, 2}, Ratio{}, 100, 0, " pts"), ""},
		{Delta(Ratio{}, Ratio{1, 2}, 100, 0, " pts"), ""},
		{Delta(Ratio{-50, 1}, Ratio{31, 1}, 1, 1, ""), "▼ 81.0"},
		{CountDelta(12, 10), "▲ 2"},
		{CountDelta(0, 3), "▼ 3"},
		{MoneyDelta(112, 100), "▲ 12%"},
		{MoneyDelta(50, 100), "▼ 50%"},
		{MoneyDelta(50, 0), ""},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("case %d: %q, want %q", i, c.got, c.want)
		}
	}
}
