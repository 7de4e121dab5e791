package model

import (
	"slices"
	"testing"
	"time"
)

func TestDealChanges(t *testing.T) {
	stageNames := map[int64]string{1: "Qualifying", 2: "Closing", 3: "Evil\x1b]52;c;AAAA\x07"}
	name := func(id int64) string { return stageNames[id] }
	seventy := 70
	base := Deal{ID: 13, AccountID: 4, Title: "Acme renewal", Kind: NewBusiness, StageID: 1, Status: Open,
		Value: Money{Minor: 1_200_000, Currency: "USD"}, NextStep: "Call Bill", NextDue: NewDate(2026, 12, 1),
		LastTouchAt: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC), Version: 4}
	cases := []struct {
		name      string
		edit      func(was, now *Deal)
		fields    []Field
		sentence  string
		predicate string
	}{
		{"moved", func(_, d *Deal) { d.StageID = 2 }, []Field{FieldStage},
			"Deal 13 was moved to Closing", "moved to Closing"},
		{"won", func(_, d *Deal) { d.Status = Won }, []Field{FieldStatus},
			"Deal 13 was marked won", "marked won"},
		{"lost with its reason", func(_, d *Deal) { d.Status, d.LostReason = Lost, "price" }, []Field{FieldStatus, FieldLostReason},
			"Deal 13 was marked lost and its lost reason was changed", "marked lost and its lost reason was changed"},
		{"reopened", func(w, d *Deal) { w.Status = Won }, []Field{FieldStatus}, "Deal 13 was reopened", "reopened"},
		{"next step", func(_, d *Deal) { d.NextStep = "CLI next step" }, []Field{FieldNextStep},
			"Deal 13's next step was changed", "its next step was changed"},
		{"next step due only", func(_, d *Deal) { d.NextDue = NewDate(2026, 12, 2) }, []Field{FieldNextStep},
			"Deal 13's next step was changed", "its next step was changed"},
		{"undone", func(_, d *Deal) { d.Archived = true }, []Field{FieldArchived},
			"Deal 13 was undone (archived)", "undone (archived)"},
		{"undone says only that", func(_, d *Deal) { d.Archived, d.StageID, d.NextStep = true, 2, "" }, []Field{FieldArchived},
			"Deal 13 was undone (archived)", "undone (archived)"},
		{"restored, and what else changed", func(w, d *Deal) { w.Archived, d.StageID = true, 2 }, []Field{FieldArchived, FieldStage},
			"Deal 13 was restored and moved to Closing", "restored and moved to Closing"},
		{"moved and won", func(_, d *Deal) { d.StageID, d.Status = 2, Won }, []Field{FieldStatus, FieldStage},
			"Deal 13 was marked won and moved to Closing", "marked won and moved to Closing"},
		{"moved and re-planned", func(_, d *Deal) { d.StageID, d.NextStep = 2, "Send contract" }, []Field{FieldStage, FieldNextStep},
			"Deal 13 was moved to Closing and its next step was changed", "moved to Closing and its next step was changed"},
		{"three fields", func(_, d *Deal) {
			d.Value, d.Notes, d.Probability = Money{Minor: 1, Currency: "USD"}, "n", &seventy
		}, []Field{FieldValue, FieldProbability, FieldNotes},
			"Deal 13's value, probability and notes were changed", "its value, probability and notes were changed"},
		{"notes alone are plural", func(_, d *Deal) { d.Notes = "x" }, []Field{FieldNotes},
			"Deal 13's notes were changed", "its notes were changed"},
		{"snoozed", func(_, d *Deal) { d.SnoozedUntil = NewDate(2026, 12, 4) }, []Field{FieldSnooze},
			"Deal 13 was snoozed until 2026-12-04", "snoozed until 2026-12-04"},
		{"only touched", func(_, d *Deal) { d.LastTouchAt = d.LastTouchAt.Add(time.Hour) }, []Field{FieldTouched},
			"Deal 13 had an activity logged", "had an activity logged"},
		{"a touch beside a move is the move", func(_, d *Deal) { d.LastTouchAt, d.StageID = d.LastTouchAt.Add(time.Hour), 2 },
			[]Field{FieldStage}, "Deal 13 was moved to Closing", "moved to Closing"},
		{"nothing but the version", func(_, d *Deal) { d.Version++; d.UpdatedAt = time.Now() }, nil,
			"Deal 13 was saved again", "saved again"},
		{"hostile stage names are cleaned", func(_, d *Deal) { d.StageID = 3 }, []Field{FieldStage},
			"Deal 13 was moved to Evil^[]52;c;AAAA^G", "moved to Evil^[]52;c;AAAA^G"},
		{"same probability through another pointer", func(w, d *Deal) {
			a, b := 70, 70
			w.Probability, d.Probability = &a, &b
		}, nil, "Deal 13 was saved again", "saved again"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			was, now := base, base
			c.edit(&was, &now)
			got := DealChanges(was, now, name)
			var fields []Field
			for _, ch := range got.List {
				fields = append(fields, ch.Field)
			}
			if !slices.Equal(fields, c.fields) {
				t.Errorf("fields = %v, want %v", fields, c.fields)
			}
			if s := got.Sentence(); s != c.sentence {
				t.Errorf("Sentence() = %q, want %q", s, c.sentence)
			}
			if p := got.Predicate(); p != c.predicate {
				t.Errorf("Predicate() = %q, want %q", p, c.predicate)
			}
		})
	}
	if s := DealChanges(base, Deal{ID: 13, StageID: 2, Status: Open, Kind: NewBusiness, AccountID: 4, Title: base.Title,
		Value: base.Value, NextStep: base.NextStep, NextDue: base.NextDue}, nil).Sentence(); s != "Deal 13 was moved to another stage" {
		t.Errorf("without stage names: %q", s)
	}
}

func TestChangesHasAndAnyBut(t *testing.T) {
	was := Deal{ID: 1, StageID: 1, Status: Open, LastTouchAt: time.Unix(0, 0)}
	touched := was
	touched.LastTouchAt = time.Unix(3600, 0)
	moved := was
	moved.StageID = 2
	cases := []struct {
		name      string
		now       Deal
		hasStage  bool
		anyButTch bool
	}{
		{"unchanged", was, false, false},
		{"touched", touched, false, false},
		{"moved", moved, true, true},
	}
	for _, c := range cases {
		ch := DealChanges(was, c.now, nil)
		if got := ch.Has(FieldArchived, FieldStage); got != c.hasStage {
			t.Errorf("%s: Has(archived, stage) = %v", c.name, got)
		}
		if got := ch.AnyBut(FieldTouched); got != c.anyButTch {
			t.Errorf("%s: AnyBut(touched) = %v", c.name, got)
		}
	}
}

func TestAccountChanges(t *testing.T) {
	base := Account{ID: 7, Name: "Acme", Status: Prospect, CadenceDays: 30, LastTouchAt: time.Unix(0, 0)}
	cases := []struct {
		name     string
		edit     func(*Account)
		sentence string
	}{
		{"became a customer", func(a *Account) { a.Status, a.CustomerSince = Customer, NewDate(2026, 11, 27) },
			"Account 7 became a customer and its customer-since date was changed"},
		{"churned", func(a *Account) { a.Status, a.ChurnReason = Churned, "budget" },
			"Account 7 was marked churned and its churn reason was changed"},
		{"undone", func(a *Account) { a.Archived = true }, "Account 7 was undone (archived)"},
		{"renamed and re-tiered", func(a *Account) { a.Name, a.Tier = "Acme Inc", "smb" }, "Account 7's name and tier were changed"},
		{"touched", func(a *Account) { a.LastTouchAt = time.Unix(60, 0) }, "Account 7 had an activity logged"},
		{"cadence", func(a *Account) { a.CadenceDays = 14 }, "Account 7's cadence was changed"},
	}
	for _, c := range cases {
		now := base
		c.edit(&now)
		if got := AccountChanges(base, now).Sentence(); got != c.sentence {
			t.Errorf("%s: %q, want %q", c.name, got, c.sentence)
		}
	}
	back := base
	back.Status = Prospect
	was := base
	was.Status = Customer
	if got := AccountChanges(was, back).Predicate(); got != "became a prospect again" {
		t.Errorf("back to prospect: %q", got)
	}
}

func TestStageAndRowChanges(t *testing.T) {
	base := Stage{ID: 2, Name: "Closing", Position: 4, Probability: 80, RotDays: 10}
	cases := []struct {
		name     string
		edit     func(*Stage)
		sentence string
	}{
		{"removed", func(s *Stage) { s.Archived = true }, "Stage Closing was removed"},
		{"renamed and moved", func(s *Stage) { s.Name, s.Position = "Negotiation", 3 },
			"Stage Closing was renamed to Negotiation and moved to position 3"},
		{"tuned", func(s *Stage) { s.Probability, s.RotDays = 85, 7 }, "Stage Closing's probability and rot days were changed"},
		{"rot days alone", func(s *Stage) { s.RotDays = 7 }, "Stage Closing's rot days were changed"},
	}
	for _, c := range cases {
		now := base
		c.edit(&now)
		if got := StageChanges(base, now).Sentence(); got != c.sentence {
			t.Errorf("%s: %q, want %q", c.name, got, c.sentence)
		}
	}
	if got := RowChanges("Contact 5", false, true).Sentence(); got != "Contact 5 was undone (archived)" {
		t.Errorf("archived contact: %q", got)
	}
	if got := RowChanges("Contract 3", false, false).Predicate(); got != "changed" {
		t.Errorf("changed contract: %q", got)
	}
}
