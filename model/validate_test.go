package model

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// validationCase is one mutation of a valid value: wantField "" means it
// must still be valid, otherwise Validate must fail naming that field.
type validationCase[T interface{ Validate() error }] struct {
	name      string
	mutate    func(*T)
	wantField string
}

func runValidation[T interface{ Validate() error }](t *testing.T, valid T, cases []validationCase[T]) {
	t.Helper()
	if err := valid.Validate(); err != nil {
		t.Fatalf("the base value is invalid: %v", err)
	}
	for _, tc := range cases {
		v := valid
		tc.mutate(&v)
		err := v.Validate()
		switch {
		case tc.wantField == "" && err != nil:
			t.Errorf("%s: unexpected error %v", tc.name, err)
		case tc.wantField != "" && err == nil:
			t.Errorf("%s: accepted, want an error on %q", tc.name, tc.wantField)
		case tc.wantField != "":
			if got := FieldOf(err); got != tc.wantField {
				t.Errorf("%s: FieldOf(%v) = %q, want %q", tc.name, err, got, tc.wantField)
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Problem == "" || err.Error() != fe.Field+": "+fe.Problem {
				t.Errorf("%s: error %q is not a readable FieldError", tc.name, err)
			}
		}
	}
}

var (
	long201     = strings.Repeat("a", MaxNameLen+1)
	wide200     = strings.Repeat("é", MaxNameLen) // 200 characters, 400 bytes
	tooLongText = strings.Repeat("x", MaxTextLen+1)
	wideText    = strings.Repeat("日", MaxTextLen) // at the limit in characters
	badDate     = Date{Year: 2026, Month: 2, Day: 30}
	ancientDate = Date{Year: 1800, Month: 1, Day: 1}
	pinnedNow   = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
)

func intPtr(n int) *int { return &n }

func TestFieldError(t *testing.T) {
	err := fieldErr("value", "cannot be %s", "negative")
	if got := err.Error(); got != "value: cannot be negative" {
		t.Errorf("Error() = %q", got)
	}
	for _, tt := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{errors.New("plain"), ""},
		{err, "value"},
		{fmt.Errorf("saving deal: %w", err), "value"},
	} {
		if got := FieldOf(tt.err); got != tt.want {
			t.Errorf("FieldOf(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

func TestDealValidate(t *testing.T) {
	valid := Deal{AccountID: 1, Title: "Acme platform", Kind: NewBusiness, StageID: 1, Status: Open, Value: Money{1_000_000, "USD"}}
	runValidation(t, valid, []validationCase[Deal]{
		{"minimal deal", func(d *Deal) {}, ""},
		{"no account", func(d *Deal) { d.AccountID = 0 }, "account"},
		{"no title", func(d *Deal) { d.Title = "" }, "title"},
		{"blank title", func(d *Deal) { d.Title = "  \t" }, "title"},
		{"title too long", func(d *Deal) { d.Title = long201 }, "title"},
		{"wide title at the limit", func(d *Deal) { d.Title = wide200 }, ""},
		{"no kind", func(d *Deal) { d.Kind = "" }, "kind"},
		{"unknown kind", func(d *Deal) { d.Kind = "upsell" }, "kind"},
		{"expansion", func(d *Deal) { d.Kind = Expansion }, ""},
		{"renewal", func(d *Deal) { d.Kind = Renewal }, ""},
		{"no stage", func(d *Deal) { d.StageID = 0 }, "stage"},
		{"unknown status", func(d *Deal) { d.Status = "closed" }, "status"},
		{"won", func(d *Deal) { d.Status = Won }, ""},
		{"negative value", func(d *Deal) { d.Value.Minor = -1 }, "value"},
		{"zero value", func(d *Deal) { d.Value.Minor = 0 }, ""},
		{"value at the cap", func(d *Deal) { d.Value.Minor = MaxMinor }, ""},
		{"value over the cap", func(d *Deal) { d.Value.Minor = MaxMinor + 1 }, "value"},
		{"no currency", func(d *Deal) { d.Value.Currency = "" }, "value"},
		{"unknown currency", func(d *Deal) { d.Value.Currency = "XYZ" }, "value"},
		{"lower-case currency", func(d *Deal) { d.Value.Currency = "usd" }, "value"},
		{"probability -1", func(d *Deal) { d.Probability = intPtr(-1) }, "probability"},
		{"probability 101", func(d *Deal) { d.Probability = intPtr(101) }, "probability"},
		{"probability 0", func(d *Deal) { d.Probability = intPtr(0) }, ""},
		{"probability 100", func(d *Deal) { d.Probability = intPtr(100) }, ""},
		{"known source", func(d *Deal) { d.Source = SourceReferral }, ""},
		{"unknown source", func(d *Deal) { d.Source = "carrier pigeon" }, "source"},
		{"expected close impossible", func(d *Deal) { d.ExpectedClose = badDate }, "expected close"},
		{"expected close out of range", func(d *Deal) { d.ExpectedClose = ancientDate }, "expected close"},
		{"expected close fine", func(d *Deal) { d.ExpectedClose = friday }, ""},
		{"next due impossible", func(d *Deal) { d.NextDue = Date{2026, 13, 1} }, "next step due"},
		{"next step too long", func(d *Deal) { d.NextStep = long201 }, "next step"},
		{"wide next step at the limit", func(d *Deal) { d.NextStep = wide200 }, ""},
		{"lost without reason", func(d *Deal) { d.Status = Lost }, "lost reason"},
		{"lost with a blank reason", func(d *Deal) { d.Status, d.LostReason = Lost, "   " }, "lost reason"},
		{"lost with a reason", func(d *Deal) { d.Status, d.LostReason = Lost, "went with a competitor" }, ""},
		{"notes too long", func(d *Deal) { d.Notes = tooLongText }, "notes"},
		{"wide notes at the limit", func(d *Deal) { d.Notes = wideText }, ""},
	})
}

func TestAccountValidate(t *testing.T) {
	valid := Account{Name: "Acme", Status: Prospect}
	runValidation(t, valid, []validationCase[Account]{
		{"no name", func(a *Account) { a.Name = "" }, "name"},
		{"blank name", func(a *Account) { a.Name = " " }, "name"},
		{"name too long", func(a *Account) { a.Name = long201 }, "name"},
		{"a name starting with NUL", func(a *Account) { a.Name = "\x00abc\x00def" }, "name"},
		{"a NUL inside a name is kept", func(a *Account) { a.Name = "Ac\x00me" }, ""},
		{"no status", func(a *Account) { a.Status = "" }, "status"},
		{"unknown status", func(a *Account) { a.Status = "lead" }, "status"},
		{"customer", func(a *Account) { a.Status = Customer }, ""},
		{"negative cadence", func(a *Account) { a.CadenceDays = -1 }, "cadence"},
		{"cadence over ten years", func(a *Account) { a.CadenceDays = 3651 }, "cadence"},
		{"cadence at the limit", func(a *Account) { a.CadenceDays = 3650 }, ""},
		{"churned without reason", func(a *Account) { a.Status = Churned }, "churn reason"},
		{"churned with a blank reason", func(a *Account) { a.Status, a.ChurnReason = Churned, "\t" }, "churn reason"},
		{"churned with a reason", func(a *Account) { a.Status, a.ChurnReason = Churned, "budget cut" }, ""},
		{"tier too long", func(a *Account) { a.Tier = long201 }, "tier"},
		{"industry too long", func(a *Account) { a.Industry = long201 }, "industry"},
		{"website too long", func(a *Account) { a.Website = long201 }, "website"},
		{"wide tier at the limit", func(a *Account) { a.Tier = wide200 }, ""},
		{"wide industry at the limit", func(a *Account) { a.Industry = wide200 }, ""},
		{"customer since impossible", func(a *Account) { a.CustomerSince = badDate }, "customer since"},
		{"customer since fine", func(a *Account) { a.CustomerSince = friday }, ""},
		{"notes too long", func(a *Account) { a.Notes = tooLongText }, "notes"},
	})
	// Several bad fields: the same one is reported every time.
	a := Account{Name: "Acme", Status: Prospect, Tier: long201, Industry: long201, Website: long201}
	for range 50 {
		if got := FieldOf(a.Validate()); got != "tier" {
			t.Fatalf("with tier, industry and website all too long, FieldOf = %q, want tier every time", got)
		}
	}
}

func TestContactValidate(t *testing.T) {
	valid := Contact{AccountID: 1, Name: "Ann Lee"}
	runValidation(t, valid, []validationCase[Contact]{
		{"no account", func(c *Contact) { c.AccountID = 0 }, "account"},
		{"no name", func(c *Contact) { c.Name = "" }, "name"},
		{"name too long", func(c *Contact) { c.Name = long201 }, "name"},
		{"email", func(c *Contact) { c.Email = "ann@example.com" }, ""},
		{"short email", func(c *Contact) { c.Email = "a@b.co" }, ""},
		{"email without @", func(c *Contact) { c.Email = "ann.example.com" }, "email"},
		{"email without domain dot", func(c *Contact) { c.Email = "ann@example" }, "email"},
		{"email with two @", func(c *Contact) { c.Email = "ann@@example.com" }, "email"},
		{"email without local part", func(c *Contact) { c.Email = "@example.com" }, "email"},
		{"email with a space", func(c *Contact) { c.Email = "ann lee@example.com" }, "email"},
		{"email with a control", func(c *Contact) { c.Email = "ann@exa\nmple.com" }, "email"},
		{"email ending in a dot", func(c *Contact) { c.Email = "ann@example." }, "email"},
		{"notes too long", func(c *Contact) { c.Notes = tooLongText }, "notes"},
	})
}

func TestActivityValidate(t *testing.T) {
	valid := Activity{AccountID: 1, Kind: Call, Text: "Talked budget", At: pinnedNow}
	runValidation(t, valid, []validationCase[Activity]{
		{"no account", func(a *Activity) { a.AccountID = 0 }, "account"},
		{"no kind", func(a *Activity) { a.Kind = "" }, "kind"},
		{"unknown kind", func(a *Activity) { a.Kind = "sms" }, "kind"},
		{"check-in", func(a *Activity) { a.Kind = CheckIn }, ""},
		{"neither done nor due", func(a *Activity) { a.At = time.Time{} }, "when"},
		{"due task", func(a *Activity) { a.Kind, a.At, a.Due, a.Text = Task, time.Time{}, friday, "" }, ""},
		{"call without text", func(a *Activity) { a.Text = "" }, "text"},
		{"call with blank text", func(a *Activity) { a.Text = "  " }, "text"},
		{"due date impossible", func(a *Activity) { a.Due = badDate }, "due"},
		{"text too long", func(a *Activity) { a.Text = tooLongText }, "text"},
	})
	if !valid.Done() || (Activity{Due: friday}).Done() {
		t.Error("Done() wrong")
	}
}

func TestContractValidate(t *testing.T) {
	valid := Contract{AccountID: 1, Value: Money{12_000_000, "EUR"}, Start: d(2026, 1, 1), End: d(2026, 12, 31), Status: ContractActive}
	runValidation(t, valid, []validationCase[Contract]{
		{"no account", func(c *Contract) { c.AccountID = 0 }, "account"},
		{"negative value", func(c *Contract) { c.Value.Minor = -100 }, "value"},
		{"bad currency", func(c *Contract) { c.Value.Currency = "EURO" }, "value"},
		{"no start", func(c *Contract) { c.Start = Date{} }, "start"},
		{"no end", func(c *Contract) { c.End = Date{} }, "end"},
		{"impossible start", func(c *Contract) { c.Start = badDate }, "start"},
		{"impossible end", func(c *Contract) { c.End = Date{2026, 12, 32} }, "end"},
		{"start out of range", func(c *Contract) { c.Start = ancientDate }, "start"},
		{"end equals start", func(c *Contract) { c.End = c.Start }, "end"},
		{"end before start", func(c *Contract) { c.End = d(2025, 12, 31) }, "end"},
		{"one-day term", func(c *Contract) { c.End = d(2026, 1, 2) }, ""},
		{"negative notice", func(c *Contract) { c.NoticeDays = -1 }, "notice"},
		{"notice over a year", func(c *Contract) { c.NoticeDays = 366 }, "notice"},
		{"notice at the limit", func(c *Contract) { c.NoticeDays = 365 }, ""},
		{"no status", func(c *Contract) { c.Status = "" }, "status"},
		{"renewed", func(c *Contract) { c.Status = ContractRenewed }, ""},
		{"churned without reason", func(c *Contract) { c.Status = ContractChurned }, "churn reason"},
		{"churned with a blank reason", func(c *Contract) { c.Status, c.ChurnReason = ContractChurned, " " }, "churn reason"},
		{"churned with a reason", func(c *Contract) { c.Status, c.ChurnReason = ContractChurned, "moved to a competitor" }, ""},
		{"snoozed", func(c *Contract) { c.SnoozedUntil = friday }, ""},
		{"snoozed until an impossible date", func(c *Contract) { c.SnoozedUntil = badDate }, "snoozed until"},
	})
	for _, tt := range []struct {
		end    Date
		notice int
		want   Date
	}{
		{d(2026, 12, 31), 30, d(2026, 12, 1)},
		{d(2026, 12, 31), 0, d(2026, 12, 31)},
		{d(2027, 3, 1), 1, d(2027, 2, 28)},
		{d(2028, 3, 1), 1, d(2028, 2, 29)},
	} {
		c := Contract{End: tt.end, NoticeDays: tt.notice}
		if got := c.NoticeDate(); got != tt.want {
			t.Errorf("NoticeDate(end %s, %d days) = %s, want %s", tt.end, tt.notice, got, tt.want)
		}
	}
}

func TestSupportIssueValidate(t *testing.T) {
	valid := SupportIssue{AccountID: 1, Title: "SSO login fails", Severity: SevHigh, OpenedAt: pinnedNow}
	runValidation(t, valid, []validationCase[SupportIssue]{
		{"no account", func(i *SupportIssue) { i.AccountID = 0 }, "account"},
		{"no title", func(i *SupportIssue) { i.Title = "" }, "title"},
		{"title too long", func(i *SupportIssue) { i.Title = long201 }, "title"},
		{"no severity", func(i *SupportIssue) { i.Severity = "" }, "severity"},
		{"unknown severity", func(i *SupportIssue) { i.Severity = "critical" }, "severity"},
		{"urgent", func(i *SupportIssue) { i.Severity = SevUrgent }, ""},
		{"not opened", func(i *SupportIssue) { i.OpenedAt = time.Time{} }, "opened"},
		{"resolved before opened", func(i *SupportIssue) { i.ResolvedAt = pinnedNow.Add(-time.Second) }, "resolved"},
		{"resolved the moment it opened", func(i *SupportIssue) { i.ResolvedAt = pinnedNow }, ""},
		{"resolved later", func(i *SupportIssue) { i.ResolvedAt = pinnedNow.Add(48 * time.Hour) }, ""},
	})
	if !valid.Open() {
		t.Error("an unresolved issue is not Open()")
	}
	resolved := valid
	resolved.ResolvedAt = pinnedNow.Add(time.Hour)
	if resolved.Open() {
		t.Error("a resolved issue is Open()")
	}
}

func TestSurveyValidate(t *testing.T) {
	valid := Survey{AccountID: 1, Kind: CSAT, Score: 4, At: pinnedNow}
	runValidation(t, valid, []validationCase[Survey]{
		{"no account", func(s *Survey) { s.AccountID = 0 }, "account"},
		{"CSAT 0", func(s *Survey) { s.Score = 0 }, "score"},
		{"CSAT 1", func(s *Survey) { s.Score = 1 }, ""},
		{"CSAT 5", func(s *Survey) { s.Score = 5 }, ""},
		{"CSAT 6", func(s *Survey) { s.Score = 6 }, "score"},
		{"NPS -1", func(s *Survey) { s.Kind, s.Score = NPS, -1 }, "score"},
		{"NPS 0", func(s *Survey) { s.Kind, s.Score = NPS, 0 }, ""},
		{"NPS 10", func(s *Survey) { s.Kind, s.Score = NPS, 10 }, ""},
		{"NPS 11", func(s *Survey) { s.Kind, s.Score = NPS, 11 }, "score"},
		{"no kind", func(s *Survey) { s.Kind = "" }, "kind"},
		{"unknown kind", func(s *Survey) { s.Kind = "ces" }, "kind"},
		{"no date", func(s *Survey) { s.At = time.Time{} }, "date"},
		{"comment too long", func(s *Survey) { s.Comment = tooLongText }, "comment"},
	})
}

func TestAcquisitionCostValidate(t *testing.T) {
	valid := AcquisitionCost{Date: friday, Amount: Money{500_000, "USD"}, Channel: ChannelEvents}
	runValidation(t, valid, []validationCase[AcquisitionCost]{
		{"no date", func(c *AcquisitionCost) { c.Date = Date{} }, "date"},
		{"impossible date", func(c *AcquisitionCost) { c.Date = badDate }, "date"},
		{"date out of range", func(c *AcquisitionCost) { c.Date = Date{2201, 1, 1} }, "date"},
		{"negative amount", func(c *AcquisitionCost) { c.Amount.Minor = -1 }, "amount"},
		{"amount over the cap", func(c *AcquisitionCost) { c.Amount.Minor = MaxMinor + 1 }, "amount"},
		{"bad currency", func(c *AcquisitionCost) { c.Amount.Currency = "" }, "amount"},
		{"zero amount", func(c *AcquisitionCost) { c.Amount.Minor = 0 }, ""},
		{"no channel", func(c *AcquisitionCost) { c.Channel = "" }, "channel"},
		{"unknown channel", func(c *AcquisitionCost) { c.Channel = "tv" }, "channel"},
		{"a deal source is not a channel", func(c *AcquisitionCost) { c.Channel = SpendChannel(SourceColdCall) }, "channel"},
		{"referral fees", func(c *AcquisitionCost) { c.Channel = ChannelReferralFees }, ""},
		{"note too long", func(c *AcquisitionCost) { c.Note = tooLongText }, "note"},
	})
}

func TestStageValidate(t *testing.T) {
	valid := Stage{Name: "Qualifying", Position: 2, Probability: 25, RotDays: 14}
	runValidation(t, valid, []validationCase[Stage]{
		{"no name", func(s *Stage) { s.Name = "" }, "name"},
		{"name of 41 characters", func(s *Stage) { s.Name = strings.Repeat("s", 41) }, "name"},
		{"name of 40 wide characters", func(s *Stage) { s.Name = strings.Repeat("ß", 40) }, ""},
		{"probability -1", func(s *Stage) { s.Probability = -1 }, "probability"},
		{"probability 101", func(s *Stage) { s.Probability = 101 }, "probability"},
		{"probability 0", func(s *Stage) { s.Probability = 0 }, ""},
		{"probability 100", func(s *Stage) { s.Probability = 100 }, ""},
		{"negative rot days", func(s *Stage) { s.RotDays = -1 }, "rot days"},
		{"rot days over ten years", func(s *Stage) { s.RotDays = 3651 }, "rot days"},
		{"never rots", func(s *Stage) { s.RotDays = 0 }, ""},
	})
	stages := DefaultStages()
	if len(stages) == 0 {
		t.Fatal("no default stages")
	}
	for i, s := range stages {
		if err := s.Validate(); err != nil {
			t.Errorf("default stage %q: %v", s.Name, err)
		}
		if i > 0 && (s.Position <= stages[i-1].Position || s.Probability < stages[i-1].Probability) {
			t.Errorf("default stage %q is out of order", s.Name)
		}
	}
}

func TestDealProbabilityAndWeighted(t *testing.T) {
	tests := []struct {
		name       string
		value      Money
		override   *int
		stageProb  int
		wantProb   int
		wantWeight Money
	}{
		{"stage default", Money{1_000_000, "USD"}, nil, 25, 25, Money{250_000, "USD"}},
		{"override wins", Money{1_000_000, "USD"}, intPtr(90), 25, 90, Money{900_000, "USD"}},
		{"override of zero counts", Money{1_000_000, "USD"}, intPtr(0), 25, 0, Money{0, "USD"}},
		{"rounded down", Money{999, "USD"}, nil, 50, 50, Money{499, "USD"}},
		{"currency kept", Money{1500, "JPY"}, nil, 10, 10, Money{150, "JPY"}},
		{"certain", Money{MaxMinor, "EUR"}, intPtr(100), 10, 100, Money{MaxMinor, "EUR"}},
		{"no overflow at the cap", Money{MaxMinor, "EUR"}, nil, 99, 99, Money{MaxMinor / 100 * 99, "EUR"}},
	}
	for _, tt := range tests {
		deal := Deal{Value: tt.value, Probability: tt.override}
		if got := deal.EffectiveProbability(tt.stageProb); got != tt.wantProb {
			t.Errorf("%s: EffectiveProbability = %d, want %d", tt.name, got, tt.wantProb)
		}
		if got := deal.Weighted(tt.stageProb); got != tt.wantWeight {
			t.Errorf("%s: Weighted = %+v, want %+v", tt.name, got, tt.wantWeight)
		}
	}
}

func TestDealRottingAndIdle(t *testing.T) {
	day := 24 * time.Hour
	stage := Stage{Name: "Qualifying", Probability: 25, RotDays: 14}
	tests := []struct {
		name     string
		deal     Deal
		stage    Stage
		rotting  bool
		daysIdle int
	}{
		{"touched just now", Deal{Status: Open, LastTouchAt: pinnedNow, CreatedAt: pinnedNow.Add(-90 * day)}, stage, false, 0},
		{"exactly rot days", Deal{Status: Open, LastTouchAt: pinnedNow.Add(-14 * day)}, stage, false, 14},
		{"a second past rot days", Deal{Status: Open, LastTouchAt: pinnedNow.Add(-14*day - time.Second)}, stage, true, 14},
		{"3 days 23 hours", Deal{Status: Open, LastTouchAt: pinnedNow.Add(-4*day + time.Hour)}, stage, false, 3},
		{"never touched: creation counts", Deal{Status: Open, CreatedAt: pinnedNow.Add(-20 * day)}, stage, true, 20},
		{"never touched, new", Deal{Status: Open, CreatedAt: pinnedNow.Add(-2 * day)}, stage, false, 2},
		{"won deals do not rot", Deal{Status: Won, LastTouchAt: pinnedNow.Add(-100 * day)}, stage, false, 100},
		{"lost deals do not rot", Deal{Status: Lost, LastTouchAt: pinnedNow.Add(-100 * day)}, stage, false, 100},
		{"stage that never rots", Deal{Status: Open, LastTouchAt: pinnedNow.Add(-100 * day)}, Stage{RotDays: 0}, false, 100},
	}
	for _, tt := range tests {
		if got := tt.deal.IsRotting(tt.stage, pinnedNow); got != tt.rotting {
			t.Errorf("%s: IsRotting = %v, want %v", tt.name, got, tt.rotting)
		}
		if got := tt.deal.DaysIdle(pinnedNow); got != tt.daysIdle {
			t.Errorf("%s: DaysIdle = %d, want %d", tt.name, got, tt.daysIdle)
		}
	}
}

func TestDealNextStepState(t *testing.T) {
	today := friday
	tests := []struct {
		name string
		step string
		due  Date
		want NextStepState
	}{
		{"nothing planned", "", Date{}, NextNone},
		{"a step without a date", "send proposal", Date{}, NextLater},
		{"due yesterday", "call back", today.AddDays(-1), NextOverdue},
		{"due long ago", "call back", d(2025, 1, 1), NextOverdue},
		{"due today", "call back", today, NextToday},
		{"due tomorrow", "call back", today.AddDays(1), NextLater},
		{"a date without text, overdue", "", today.AddDays(-3), NextOverdue},
		{"a date without text, today", "", today, NextToday},
	}
	for _, tt := range tests {
		deal := Deal{NextStep: tt.step, NextDue: tt.due}
		if got := deal.NextStepState(today); got != tt.want {
			t.Errorf("%s: NextStepState = %d, want %d", tt.name, got, tt.want)
		}
	}
}
