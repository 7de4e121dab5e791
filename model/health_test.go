package model

import (
	"encoding/json"
	"slices"
	"testing"
	"time"
)

// healthNow is the pinned clock of the health tests: Friday 27 November
// 2026, 10:00 UTC.
var healthNow = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

func healthClock() Clock { return FixedClock(healthNow) }

func ago(days int) time.Time { return healthNow.AddDate(0, 0, -days) }

// healthy is a customer with nothing wrong: touched yesterday, a contract
// in force for another year.
func healthy() HealthFacts {
	return HealthFacts{
		Account:  Account{Status: Customer, CadenceDays: 30, LastTouchAt: ago(1)},
		Contract: ContractState{InForce: true, End: DateOf(healthNow).AddDays(365)},
	}
}

func TestHealthComponents(t *testing.T) {
	today := DateOf(healthNow)
	tests := []struct {
		name   string
		change func(f *HealthFacts)
		want   []HealthReason
	}{
		{"nothing wrong", func(f *HealthFacts) {}, nil},
		// Check-in cadence.
		{"check-in due today is not late", func(f *HealthFacts) { f.Account.LastTouchAt = ago(30) }, nil},
		{"one day past the cadence", func(f *HealthFacts) { f.Account.LastTouchAt = ago(31) },
			[]HealthReason{{-25, "last touch 31d ago, cadence 30d"}}},
		{"the issue's example", func(f *HealthFacts) { f.Account.LastTouchAt = ago(41) },
			[]HealthReason{{-25, "last touch 41d ago, cadence 30d"}}},
		{"exactly twice the cadence", func(f *HealthFacts) { f.Account.LastTouchAt = ago(60) },
			[]HealthReason{{-25, "last touch 60d ago, cadence 30d"}}},
		{"more than twice the cadence", func(f *HealthFacts) { f.Account.LastTouchAt = ago(61) },
			[]HealthReason{{-35, "last touch 61d ago, cadence 30d"}}},
		{"no cadence, never late", func(f *HealthFacts) { f.Account.CadenceDays, f.Account.LastTouchAt = 0, ago(400) }, nil},
		{"a next check-in date set by hand overrides the cadence", func(f *HealthFacts) {
			f.Account.LastTouchAt, f.Account.NextCheckIn = ago(50), today.AddDays(3)
		}, nil},
		{"… and is late on its own terms", func(f *HealthFacts) {
			f.Account.LastTouchAt, f.Account.NextCheckIn = ago(5), today.AddDays(-4)
		}, []HealthReason{{-25, "check-in set for Nov 23 is 4d late"}}},
		{"never touched counts from customer since", func(f *HealthFacts) {
			f.Account.LastTouchAt, f.Account.CustomerSince = time.Time{}, today.AddDays(-35)
		}, []HealthReason{{-25, "never touched, cadence 30d (due Nov 22)"}}},
		// Support issues.
		{"one urgent issue", func(f *HealthFacts) { f.Issues.Add(SevUrgent, ago(6)) },
			[]HealthReason{{-20, "1 urgent issue open 6d"}}},
		{"two high issues", func(f *HealthFacts) { f.Issues.Add(SevHigh, ago(2)); f.Issues.Add(SevHigh, ago(9)) },
			[]HealthReason{{-20, "2 high issues open, oldest 9d"}}},
		{"normal counts a little, low not at all", func(f *HealthFacts) { f.Issues.Add(SevNormal, ago(1)); f.Issues.Add(SevLow, ago(40)) },
			[]HealthReason{{-5, "1 normal issue open 1d"}}},
		// Satisfaction.
		{"CSAT 2", func(f *HealthFacts) { f.CSAT = Answer{2, ago(24)} }, []HealthReason{{-10, "CSAT 2/5 on Nov 3"}}},
		{"CSAT 1", func(f *HealthFacts) { f.CSAT = Answer{1, ago(1)} }, []HealthReason{{-10, "CSAT 1/5 on Nov 26"}}},
		{"CSAT 3", func(f *HealthFacts) { f.CSAT = Answer{3, ago(1)} }, []HealthReason{{-5, "CSAT 3/5 on Nov 26"}}},
		{"CSAT 4 is fine", func(f *HealthFacts) { f.CSAT = Answer{4, ago(1)} }, nil},
		{"a CSAT over a year old no longer counts", func(f *HealthFacts) { f.CSAT = Answer{1, ago(366)} }, nil},
		{"an NPS detractor", func(f *HealthFacts) { f.NPS = Answer{6, ago(56)} },
			[]HealthReason{{-10, "NPS 6/10 on Oct 2 (detractor)"}}},
		{"an NPS passive is fine", func(f *HealthFacts) { f.NPS = Answer{7, ago(1)} }, nil},
		// Contract.
		{"ends in 12 days, nothing renews it", func(f *HealthFacts) { f.Contract.End = today.AddDays(12) },
			[]HealthReason{{-15, "contract ends in 12d, no renewal in progress"}}},
		{"ends today", func(f *HealthFacts) { f.Contract.End = today },
			[]HealthReason{{-15, "contract ends today, no renewal in progress"}}},
		{"ends in 60 days", func(f *HealthFacts) { f.Contract.End = today.AddDays(60) },
			[]HealthReason{{-15, "contract ends in 60d, no renewal in progress"}}},
		{"ends in 61 days", func(f *HealthFacts) { f.Contract.End = today.AddDays(61) }, nil},
		{"ends soon but a renewal is in progress", func(f *HealthFacts) { f.Contract.End, f.Contract.Renewing = today.AddDays(5), true }, nil},
		{"no contract in force", func(f *HealthFacts) { f.Contract = ContractState{} }, []HealthReason{{-15, "no contract in force"}}},
		// Together, most costly first.
		{"everything at once", func(f *HealthFacts) {
			f.Account.LastTouchAt = ago(41)
			f.Issues.Add(SevUrgent, ago(6))
			f.CSAT = Answer{2, ago(24)}
			f.Contract.End = today.AddDays(12)
		}, []HealthReason{{-25, "last touch 41d ago, cadence 30d"}, {-20, "1 urgent issue open 6d"},
			{-15, "contract ends in 12d, no renewal in progress"}, {-10, "CSAT 2/5 on Nov 3"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := healthy()
			tc.change(&f)
			h, ok := HealthOf(f, healthClock())
			if !ok {
				t.Fatal("a customer has health")
			}
			if !slices.Equal(h.Reasons, tc.want) && !(len(h.Reasons) == 0 && len(tc.want) == 0) {
				t.Fatalf("reasons = %+v, want %+v", h.Reasons, tc.want)
			}
			want := 100
			for _, r := range tc.want {
				want += r.Points
			}
			if h.Score != want {
				t.Errorf("score = %d, want %d (100 plus the points)", h.Score, want)
			}
		})
	}
}

func TestHealthScoreStaysWithinBounds(t *testing.T) {
	f := healthy()
	for range 7 {
		f.Issues.Add(SevUrgent, ago(3))
	}
	h, _ := HealthOf(f, healthClock())
	if h.Score != 0 || h.Reasons[0].Points != -140 {
		t.Fatalf("seven urgent issues: %+v", h)
	}
}

func TestOnlyCustomersHaveHealth(t *testing.T) {
	for _, st := range []AccountStatus{Prospect, Churned} {
		f := healthy()
		f.Account.Status = st
		if _, ok := HealthOf(f, healthClock()); ok {
			t.Errorf("%s has health", st)
		}
	}
}

func TestHealthJSONShape(t *testing.T) {
	f := healthy()
	f.Account.LastTouchAt = ago(41)
	h, _ := HealthOf(f, healthClock())
	js, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(js), `{"score":75,"reasons":[{"points":-25,"why":"last touch 41d ago, cadence 30d"}]}`; got != want {
		t.Errorf("JSON = %s, want %s", got, want)
	}
	h, _ = HealthOf(healthy(), healthClock())
	if js, _ := json.Marshal(h); string(js) != `{"score":100,"reasons":[]}` {
		t.Errorf("JSON with no reasons = %s", js)
	}
}

func TestCheckInDue(t *testing.T) {
	loc := time.FixedZone("NYC", -5*3600)
	late := time.Date(2026, 11, 21, 2, 0, 0, 0, time.UTC) // 21:00 on Nov 20 in New York
	tests := []struct {
		name string
		a    Account
		loc  *time.Location
		want Date
	}{
		{"last touch plus cadence", Account{CadenceDays: 30, LastTouchAt: late}, time.UTC, NewDate(2026, 12, 21)},
		{"the day of the touch is the user's", Account{CadenceDays: 30, LastTouchAt: late}, loc, NewDate(2026, 12, 20)},
		{"a date set by hand wins", Account{CadenceDays: 30, LastTouchAt: late, NextCheckIn: NewDate(2027, 1, 15)}, time.UTC, NewDate(2027, 1, 15)},
		{"no cadence", Account{LastTouchAt: late}, time.UTC, Date{}},
		{"never touched: from customer since", Account{CadenceDays: 14, CustomerSince: NewDate(2026, 11, 1), CreatedAt: late}, time.UTC, NewDate(2026, 11, 15)},
		{"never touched: from the day it was added", Account{CadenceDays: 14, CreatedAt: late}, time.UTC, NewDate(2026, 12, 5)},
	}
	for _, tc := range tests {
		if got := tc.a.CheckInDue(tc.loc); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestDefaultCadenceByTier(t *testing.T) {
	for tier, want := range map[string]int{"enterprise": 14, "Mid-Market": 30, "smb": 60, "": 30, "strategic": 30} {
		if got := DefaultCadence(tier); got != want {
			t.Errorf("%q: %d, want %d", tier, got, want)
		}
	}
}

// TestAtRisk: a customer's health is at risk below AtRiskBelow, where its
// score turns amber — a check-in past due alone is not, with anything
// more it is.
func TestAtRisk(t *testing.T) {
	today := DateOf(healthNow)
	for _, tt := range []struct {
		name   string
		change func(f *HealthFacts)
		score  int
		risk   bool
	}{
		{"nothing wrong", func(f *HealthFacts) {}, 100, false},
		{"a check-in past due", func(f *HealthFacts) { f.Account.LastTouchAt = ago(41) }, 75, false},
		{"… and a normal issue", func(f *HealthFacts) { f.Account.LastTouchAt = ago(41); f.Issues.Add(SevNormal, ago(2)) }, 70, true},
		{"ending with no renewal and a high issue", func(f *HealthFacts) {
			f.Contract.End = today.AddDays(12)
			f.Issues.Add(SevHigh, ago(2))
		}, 75, false},
		{"ending with no renewal and an urgent issue", func(f *HealthFacts) {
			f.Contract.End = today.AddDays(12)
			f.Issues.Add(SevUrgent, ago(2))
		}, 65, true},
	} {
		f := healthy()
		tt.change(&f)
		h, ok := HealthOf(f, healthClock())
		if !ok || h.Score != tt.score || h.AtRisk() != tt.risk || (h.Score < AtRiskBelow) != tt.risk {
			t.Errorf("%s: score %d, at risk %v; want %d, %v (%+v)", tt.name, h.Score, h.AtRisk(), tt.score, tt.risk, h.Reasons)
		}
	}
}
