package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"rolo/model"
)

// Every write path against a real file. Where a test needs time to pass
// (last touch, stage entered), it opens a second store on the same file
// with a later fixed clock.

func openWithClock(t *testing.T, path string, now time.Time) *Store {
	t.Helper()
	s, err := Open(context.Background(), path, Options{Clock: model.FixedClock(now)})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func tempPath(t *testing.T) string { return filepath.Join(t.TempDir(), "rolo.db") }

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	var fe *model.FieldError
	if !errors.As(err, &fe) || fe.Field != field {
		t.Fatalf("err = %v (%T), want a *model.FieldError on %q", err, err, field)
	}
}

func eventKinds(t *testing.T, s *Store, dealID int64) []model.DealEventKind {
	t.Helper()
	events, err := s.DealEvents(context.Background(), dealID)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []model.DealEventKind
	for _, e := range events {
		kinds = append(kinds, e.Kind)
	}
	return kinds
}

func lastEvent(t *testing.T, s *Store, dealID int64) model.DealEvent {
	t.Helper()
	events, err := s.DealEvents(context.Background(), dealID)
	if err != nil || len(events) == 0 {
		t.Fatalf("events: %v %v", events, err)
	}
	return events[len(events)-1]
}

func stageIDs(t *testing.T, s *Store) []int64 {
	t.Helper()
	stages, err := s.Stages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, st := range stages {
		ids = append(ids, st.ID)
	}
	return ids
}

func usd(minor int64) model.Money { return model.Money{Minor: minor, Currency: "USD"} }

func TestAccountsAndContacts(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	a, err := s.CreateAccount(ctx, model.Account{Name: "  Globex  "})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || a.Name != "Globex" || a.Status != model.Prospect || a.CadenceDays != model.DefaultCadenceDays {
		t.Fatalf("created account = %+v", a)
	}
	_, err = s.CreateAccount(ctx, model.Account{Name: "   "})
	wantField(t, err, "name")
	_, err = s.CreateAccount(ctx, model.Account{Name: "Gone Co", Status: model.Churned})
	wantField(t, err, "churn reason")

	seen := a
	a.Tier, a.Industry = "enterprise", "logistics"
	if _, err := s.UpdateAccount(ctx, seen, a); err != nil {
		t.Fatal(err)
	}
	got, err := s.Account(ctx, a.ID)
	if err != nil || got.Tier != "enterprise" || got.Industry != "logistics" {
		t.Fatalf("after update: %+v %v", got, err)
	}
	nobody := model.Account{ID: 9999, Name: "Nobody", Status: model.Prospect, Version: 1}
	if _, err := s.UpdateAccount(ctx, nobody, nobody); !errors.Is(err, ErrNotFound) {
		t.Fatalf("update of a missing account: %v, want ErrNotFound", err)
	}

	c, err := s.CreateContact(ctx, model.Contact{AccountID: a.ID, Name: "Hank Scorpio", Email: "hank@globex.example"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.CreateContact(ctx, model.Contact{AccountID: a.ID, Name: "Bad Mail", Email: "not-an-email"})
	wantField(t, err, "email")
	_, err = s.CreateContact(ctx, model.Contact{AccountID: 9999, Name: "Orphan"})
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("contact on a missing account: %v, want ErrNotFound", err)
	}
	contacts, err := s.Contacts(ctx, a.ID)
	if err != nil || len(contacts) != 1 || contacts[0].ID != c.ID {
		t.Fatalf("contacts = %+v %v", contacts, err)
	}

	// Undo: the contact goes, then the edit is reverted, then the account goes.
	for _, want := range []string{"add contact Hank Scorpio", "edit account Globex", "add account Globex"} {
		undone, err := s.Undo(ctx, AnySession)
		label := undone.Label
		if err != nil || label != want {
			t.Fatalf("undo = %q %v, want %q", label, err, want)
		}
	}
	if contacts, _ := s.Contacts(ctx, a.ID); len(contacts) != 0 {
		t.Errorf("undone contact still listed: %+v", contacts)
	}
	got, _ = s.Account(ctx, a.ID)
	if !got.Archived || got.Tier != "" {
		t.Errorf("after undoing everything: %+v", got)
	}
	if l, _ := s.ListAccounts(ctx, AccountQuery{}); l.Len() != 0 {
		n := l.Len()
		t.Errorf("archived account still counted: %d", n)
	}
}

func TestCreateDealValidation(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	a, err := s.CreateAccount(ctx, model.Account{Name: "Initech"})
	if err != nil {
		t.Fatal(err)
	}
	st := stageIDs(t, s)[0]
	ok := model.Deal{AccountID: a.ID, Title: "TPS reports", StageID: st, Value: usd(100)}
	hundredFifty := 150
	cases := []struct {
		field string
		edit  func(*model.Deal)
	}{
		{"account", func(d *model.Deal) { d.AccountID = 0 }},
		{"title", func(d *model.Deal) { d.Title = "  " }},
		{"stage", func(d *model.Deal) { d.StageID = 0 }},
		{"kind", func(d *model.Deal) { d.Kind = "upsell" }},
		{"value", func(d *model.Deal) { d.Value = usd(-1) }},
		{"value", func(d *model.Deal) { d.Value = model.Money{Minor: 1, Currency: "XYZ"} }},
		{"value", func(d *model.Deal) { d.Value = usd(model.MaxMinor + 1) }},
		{"probability", func(d *model.Deal) { d.Probability = &hundredFifty }},
		{"source", func(d *model.Deal) { d.Source = "carrier pigeon" }},
		{"expected close", func(d *model.Deal) { d.ExpectedClose = model.Date{Year: 2026, Month: 2, Day: 30} }},
		{"lost reason", func(d *model.Deal) { d.Status = model.Lost }},
	}
	for _, c := range cases {
		d := ok
		c.edit(&d)
		_, err := s.CreateDeal(ctx, d)
		wantField(t, err, c.field)
	}
	// A foreign key the model cannot see: the account does not exist.
	d := ok
	d.AccountID = 9999
	if _, err := s.CreateDeal(ctx, d); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deal on a missing account: %v, want ErrNotFound", err)
	}
	if c, _ := s.Counts(ctx); c.Deals != 0 {
		t.Fatalf("refused deals were saved: %+v", c)
	}
	created, err := s.CreateDeal(ctx, ok)
	if err != nil {
		t.Fatal(err)
	}
	if created.Kind != model.NewBusiness || created.Status != model.Open || !created.StageEntered.Equal(testNow) || created.AccountName != "Initech" {
		t.Fatalf("created deal = %+v", created)
	}
	e := lastEvent(t, s, created.ID)
	if e.Kind != model.EventCreated || e.ToStageID != st || e.NewMinor != 100 || e.NewText != "open" {
		t.Fatalf("created event = %+v", e)
	}
}

func TestUpdateDealAppendsEvents(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	d := seedDeal(t, s, "Umbrella", "Umbrella rollout", 10_000_00)

	d.Notes = "only notes changed"
	d, err := s.UpdateDeal(ctx, dealNow(t, s, d.ID), d)
	if err != nil {
		t.Fatal(err)
	}
	if got := eventKinds(t, s, d.ID); !slices.Equal(got, []model.DealEventKind{model.EventCreated}) {
		t.Fatalf("a notes edit appended events: %v", got)
	}

	d.Value = usd(12_500_00)
	d.ExpectedClose = model.NewDate(2026, 12, 31)
	d, err = s.UpdateDeal(ctx, dealNow(t, s, d.ID), d)
	if err != nil {
		t.Fatal(err)
	}
	events, _ := s.DealEvents(ctx, d.ID)
	if len(events) != 3 {
		t.Fatalf("events = %+v", events)
	}
	v, cd := events[1], events[2]
	if v.Kind != model.EventValue || v.OldMinor != 10_000_00 || v.NewMinor != 12_500_00 || v.NewText != "USD" {
		t.Errorf("value event = %+v", v)
	}
	if cd.Kind != model.EventCloseDate || cd.OldText != "" || cd.NewText != "2026-12-31" {
		t.Errorf("close date event = %+v", cd)
	}
	// Slipping the close date again records old and new.
	d.ExpectedClose = model.NewDate(2027, 1, 15)
	if _, err := s.UpdateDeal(ctx, dealNow(t, s, d.ID), d); err != nil {
		t.Fatal(err)
	}
	if e := lastEvent(t, s, d.ID); e.Kind != model.EventCloseDate || e.OldText != "2026-12-31" || e.NewText != "2027-01-15" {
		t.Errorf("slip event = %+v", e)
	}
	d.Title = ""
	_, err = s.UpdateDeal(ctx, dealNow(t, s, d.ID), d)
	wantField(t, err, "title")
}

func TestMoveDeal(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	s := openWithClock(t, path, testNow)
	d := seedDeal(t, s, "Hooli", "Hooli XYZ", 50_000_00)
	st := stageIDs(t, s)

	later := testNow.Add(72 * time.Hour)
	s2 := openWithClock(t, path, later)
	moved, err := s2.MoveDeal(ctx, dealNow(t, s2, d.ID), st[1])
	if err != nil {
		t.Fatal(err)
	}
	if moved.StageID != st[1] || !moved.StageEntered.Equal(later) || !moved.LastTouchAt.Equal(later) {
		t.Fatalf("moved = stage %d entered %v touched %v", moved.StageID, moved.StageEntered, moved.LastTouchAt)
	}
	e := lastEvent(t, s2, d.ID)
	if e.Kind != model.EventStage || e.FromStageID != st[0] || e.ToStageID != st[1] || !e.At.Equal(later) {
		t.Fatalf("stage event = %+v", e)
	}
	if _, err := s2.MoveDeal(ctx, dealNow(t, s2, d.ID), 9999); !errors.Is(err, ErrNotFound) {
		t.Errorf("move to a missing stage: %v, want ErrNotFound", err)
	}
	if _, err := s2.MoveDeal(ctx, model.Deal{ID: 9999, Version: 1}, st[1]); !errors.Is(err, ErrNotFound) {
		t.Errorf("move of a missing deal: %v, want ErrNotFound", err)
	}
	if _, err := s2.CloseDeal(ctx, dealNow(t, s2, d.ID), model.Won, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s2.MoveDeal(ctx, dealNow(t, s2, d.ID), st[2]); !errors.Is(err, ErrConflict) {
		t.Fatalf("moving a won deal: %v, want ErrConflict", err)
	}
	if got, _ := s2.Deal(ctx, d.ID); got.StageID != st[1] {
		t.Errorf("refused move changed the stage to %d", got.StageID)
	}
}

func TestCloseDeal(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	st := stageIDs(t, s)

	t.Run("lost keeps its stage and reason", func(t *testing.T) {
		d := seedDeal(t, s, "Lost Co", "Lost deal", 1_000_00)
		if _, err := s.MoveDeal(ctx, dealNow(t, s, d.ID), st[2]); err != nil {
			t.Fatal(err)
		}
		_, err := s.CloseDeal(ctx, dealNow(t, s, d.ID), model.Lost, "  ")
		wantField(t, err, "lost reason")
		res, err := s.CloseDeal(ctx, dealNow(t, s, d.ID), model.Lost, "went with a competitor")
		if err != nil {
			t.Fatal(err)
		}
		if res.Deal.Status != model.Lost || res.Deal.StageID != st[2] || res.Deal.LostReason != "went with a competitor" ||
			!res.Deal.ClosedAt.Equal(testNow) || res.BecameCustomer {
			t.Fatalf("lost = %+v", res)
		}
		e := lastEvent(t, s, d.ID)
		if e.Kind != model.EventStatus || e.OldText != "open" || e.NewText != "lost" {
			t.Errorf("status event = %+v", e)
		}
		if acct, _ := s.Account(ctx, d.AccountID); acct.Status != model.Prospect {
			t.Errorf("losing changed the account to %s", acct.Status)
		}
		if _, err := s.CloseDeal(ctx, dealNow(t, s, d.ID), model.Won, ""); !errors.Is(err, ErrConflict) {
			t.Errorf("closing a closed deal: %v, want ErrConflict", err)
		}
	})

	t.Run("winning new business makes a customer", func(t *testing.T) {
		d := seedDeal(t, s, "New Co", "New deal", 2_000_00)
		res, err := s.CloseDeal(ctx, dealNow(t, s, d.ID), model.Won, "")
		if err != nil {
			t.Fatal(err)
		}
		acct, _ := s.Account(ctx, d.AccountID)
		if !res.BecameCustomer || acct.Status != model.Customer || acct.CustomerSince != model.DateOf(testNow) {
			t.Fatalf("became customer %v: %s since %s", res.BecameCustomer, acct.Status, acct.CustomerSince)
		}
	})

	t.Run("winning an expansion leaves the account alone", func(t *testing.T) {
		since := model.NewDate(2024, 3, 1)
		a, err := s.CreateAccount(ctx, model.Account{Name: "Expand Co", Status: model.Customer, CustomerSince: since})
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.CreateAccount(ctx, model.Account{Name: "Expand Prospect"})
		if err != nil {
			t.Fatal(err)
		}
		for _, acct := range []model.Account{a, p} {
			d, err := s.CreateDeal(ctx, model.Deal{AccountID: acct.ID, Title: "More seats " + acct.Name, Kind: model.Expansion,
				StageID: st[0], Value: usd(5_000_00)})
			if err != nil {
				t.Fatal(err)
			}
			res, err := s.CloseDeal(ctx, dealNow(t, s, d.ID), model.Won, "")
			if err != nil {
				t.Fatal(err)
			}
			after, _ := s.Account(ctx, acct.ID)
			if res.BecameCustomer || after.Status != acct.Status || after.CustomerSince != acct.CustomerSince {
				t.Errorf("expansion win changed %s: %s since %s (became customer %v)", acct.Name, after.Status, after.CustomerSince, res.BecameCustomer)
			}
		}
	})

	t.Run("winning back a churned account", func(t *testing.T) {
		a, err := s.CreateAccount(ctx, model.Account{Name: "Churned Co", Status: model.Churned, ChurnReason: "budget"})
		if err != nil {
			t.Fatal(err)
		}
		d, err := s.CreateDeal(ctx, model.Deal{AccountID: a.ID, Title: "Win back", StageID: st[0], Value: usd(1)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CloseDeal(ctx, dealNow(t, s, d.ID), model.Won, ""); err != nil {
			t.Fatal(err)
		}
		after, _ := s.Account(ctx, a.ID)
		if after.Status != model.Customer || after.ChurnReason != "" {
			t.Errorf("won-back account = %s (%q)", after.Status, after.ChurnReason)
		}
		if _, err := s.Undo(ctx, AnySession); err != nil {
			t.Fatal(err)
		}
		after, _ = s.Account(ctx, a.ID)
		if after.Status != model.Churned || after.ChurnReason != "budget" {
			t.Errorf("undo of the win-back: %s (%q)", after.Status, after.ChurnReason)
		}
	})
	if _, err := s.CloseDeal(ctx, dealNow(t, s, 1), "maybe", ""); err == nil {
		t.Error("closing as neither won nor lost was accepted")
	}
}

func TestSetNextStep(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	d := seedDeal(t, s, "Vandelay", "Latex imports", 1_00)
	due := model.NewDate(2026, 12, 2)
	got, err := s.SetNextStep(ctx, dealNow(t, s, d.ID), "  send the proposal ", due)
	if err != nil {
		t.Fatal(err)
	}
	if got.NextStep != "send the proposal" || got.NextDue != due {
		t.Fatalf("next step = %q due %s", got.NextStep, got.NextDue)
	}
	_, err = s.SetNextStep(ctx, dealNow(t, s, d.ID), strings.Repeat("x", model.MaxNameLen+1), due)
	wantField(t, err, "next step")
	if got, _ := s.Deal(ctx, d.ID); got.NextStep != "send the proposal" {
		t.Errorf("a refused next step was saved: %q", got.NextStep)
	}
	got, err = s.SetNextStep(ctx, dealNow(t, s, d.ID), "", model.Date{})
	if err != nil || got.NextStep != "" || !got.NextDue.IsZero() {
		t.Fatalf("cleared next step = %q %s %v", got.NextStep, got.NextDue, err)
	}
	if undone, err := s.Undo(ctx, AnySession); err != nil || undone.Label != "set next step Latex imports" {
		t.Fatalf("undo = %q %v", undone.Label, err)
	}
	if got, _ := s.Deal(ctx, d.ID); got.NextStep != "send the proposal" || got.NextDue != due {
		t.Errorf("after undo: %q %s", got.NextStep, got.NextDue)
	}
}

func TestLogActivity(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	s := openWithClock(t, path, testNow)
	d := seedDeal(t, s, "Stark", "Stark armour", 9_000_00)
	if _, err := s.SetNextStep(ctx, dealNow(t, s, d.ID), "call back", model.NewDate(2026, 11, 30)); err != nil {
		t.Fatal(err)
	}
	beforeDeal, _ := s.Deal(ctx, d.ID)
	beforeAcct, _ := s.Account(ctx, d.AccountID)

	later := testNow.Add(50 * time.Hour)
	s2 := openWithClock(t, path, later)
	_, err := s2.LogActivity(ctx, model.Activity{DealID: d.ID, Kind: "carrier pigeon", Text: "x"}, NextStep{})
	wantField(t, err, "kind")
	_, err = s2.LogActivity(ctx, model.Activity{DealID: d.ID, Kind: model.Call}, NextStep{})
	wantField(t, err, "text")
	_, err = s2.LogActivity(ctx, model.Activity{DealID: d.ID, Kind: model.Call, Text: "ok"},
		NextStep{Set: true, Step: strings.Repeat("y", model.MaxNameLen+1), Seen: dealNow(t, s2, d.ID)})
	wantField(t, err, "next step")
	if acts, _ := s2.DealActivities(ctx, d.ID, 0); len(acts) != 0 {
		t.Fatalf("refused activities were saved: %+v", acts)
	}

	nextDue := model.NewDate(2026, 12, 4)
	a, err := s2.LogActivity(ctx, model.Activity{DealID: d.ID, Kind: model.Call, Text: " talked budget "},
		NextStep{Set: true, Step: "send pricing", Due: nextDue, Seen: dealNow(t, s2, d.ID)})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || a.AccountID != d.AccountID || !a.At.Equal(later) || a.Text != "talked budget" {
		t.Fatalf("activity = %+v", a)
	}
	deal, _ := s2.Deal(ctx, d.ID)
	acct, _ := s2.Account(ctx, d.AccountID)
	if !deal.LastTouchAt.Equal(later) || !acct.LastTouchAt.Equal(later) {
		t.Fatalf("last touch: deal %v account %v, want %v", deal.LastTouchAt, acct.LastTouchAt, later)
	}
	if deal.NextStep != "send pricing" || deal.NextDue != nextDue {
		t.Fatalf("next step = %q %s", deal.NextStep, deal.NextDue)
	}
	if !deal.StageEntered.Equal(beforeDeal.StageEntered) {
		t.Errorf("logging moved stage_entered to %v", deal.StageEntered)
	}
	// A task that is only due touches nothing.
	if _, err := s2.LogActivity(ctx, model.Activity{DealID: d.ID, Kind: model.Task, Text: "prep deck", Due: nextDue}, NextStep{}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s2.Deal(ctx, d.ID); !got.LastTouchAt.Equal(later) || got.NextStep != "send pricing" {
		t.Errorf("a due task changed the deal: %+v", got)
	}
	if acts, _ := s2.DealActivities(ctx, d.ID, 0); len(acts) != 2 {
		t.Fatalf("activities = %+v", acts)
	}
	if _, err := s2.Undo(ctx, AnySession); err != nil { // the task
		t.Fatal(err)
	}

	undone, err := s2.Undo(ctx, AnySession)
	label := undone.Label
	if err != nil || label != "log call on Stark armour" {
		t.Fatalf("undo = %q %v", label, err)
	}
	if acts, _ := s2.DealActivities(ctx, d.ID, 0); len(acts) != 0 {
		t.Errorf("undone activity still listed: %+v", acts)
	}
	if n := queryInt(t, s2.r, `SELECT count(*) FROM activities WHERE archived_at IS NOT NULL`); n != 2 {
		t.Errorf("archived activities = %d, want 2 (undo archives, never deletes)", n)
	}
	deal, _ = s2.Deal(ctx, d.ID)
	acct, _ = s2.Account(ctx, d.AccountID)
	if !deal.LastTouchAt.Equal(beforeDeal.LastTouchAt) || deal.NextStep != "call back" || deal.NextDue != beforeDeal.NextDue {
		t.Errorf("deal after undo = touched %v, next %q %s", deal.LastTouchAt, deal.NextStep, deal.NextDue)
	}
	if !acct.LastTouchAt.Equal(beforeAcct.LastTouchAt) {
		t.Errorf("account last touch after undo = %v, want %v", acct.LastTouchAt, beforeAcct.LastTouchAt)
	}

	// An account-only check-in resets the account's clock.
	ci, err := s2.LogActivity(ctx, model.Activity{AccountID: d.AccountID, Kind: model.CheckIn, Text: "quarterly check-in"}, NextStep{})
	if err != nil || ci.DealID != 0 {
		t.Fatalf("check-in = %+v %v", ci, err)
	}
	if acct, _ := s2.Account(ctx, d.AccountID); !acct.LastTouchAt.Equal(later) {
		t.Errorf("check-in left account last touch at %v", acct.LastTouchAt)
	}
	if _, err := s2.LogActivity(ctx, model.Activity{DealID: 9999, Kind: model.Call, Text: "x"}, NextStep{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("activity on a missing deal: %v, want ErrNotFound", err)
	}
}

func TestCreateContract(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	a, err := s.CreateAccount(ctx, model.Account{Name: "Wayne Enterprises", Status: model.Customer})
	if err != nil {
		t.Fatal(err)
	}
	c := model.Contract{AccountID: a.ID, Value: usd(120_000_00), Start: model.NewDate(2026, 1, 1), End: model.NewDate(2025, 12, 31), NoticeDays: 60}
	_, err = s.CreateContract(ctx, c)
	wantField(t, err, "end")
	c.End = c.Start
	_, err = s.CreateContract(ctx, c)
	wantField(t, err, "end")
	c.End = model.NewDate(2026, 12, 31)
	c.AccountID = 9999
	if _, err := s.CreateContract(ctx, c); !errors.Is(err, ErrNotFound) {
		t.Fatalf("contract on a missing account: %v, want ErrNotFound", err)
	}
	c.AccountID = a.ID
	got, err := s.CreateContract(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.AccountContracts(ctx, a.ID)
	if err != nil || len(list) != 1 || list[0].ID != got.ID || list[0].Status != model.ContractActive ||
		list[0].End != c.End || list[0].Value != c.Value || list[0].NoticeDays != 60 {
		t.Fatalf("contracts = %+v %v", list, err)
	}
	if _, err := s.Undo(ctx, AnySession); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.AccountContracts(ctx, a.ID); len(list) != 0 {
		t.Errorf("undone contract still listed: %+v", list)
	}
}

func TestStages(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	names := func() []string {
		stages, err := s.Stages(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for i, st := range stages {
			if st.Position != i+1 {
				t.Fatalf("positions are not 1..n: %+v", stages)
			}
			out = append(out, st.Name)
		}
		return out
	}
	def := names()

	neg, err := s.AddStage(ctx, model.Stage{Name: "Negotiation", Probability: 70, RotDays: 14})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(); !slices.Equal(got, append(slices.Clone(def), "Negotiation")) {
		t.Fatalf("after add at end: %v", got)
	}
	disc, err := s.AddStage(ctx, model.Stage{Name: "Discovery", Probability: 15, Position: 2})
	if err != nil {
		t.Fatal(err)
	}
	want := append([]string{def[0], "Discovery"}, def[1:]...)
	want = append(want, "Negotiation")
	if got := names(); !slices.Equal(got, want) {
		t.Fatalf("after add at 2: %v, want %v", got, want)
	}
	_, err = s.AddStage(ctx, model.Stage{Name: "discovery", Probability: 10})
	wantField(t, err, "name")
	_, err = s.AddStage(ctx, model.Stage{Name: "Too likely", Probability: 101})
	wantField(t, err, "probability")

	// Rename: the deal stays in the stage and its history still points at it.
	d := seedDeal(t, s, "Cyberdyne", "Skynet pilot", 1_00)
	if _, err := s.MoveDeal(ctx, dealNow(t, s, d.ID), disc.ID); err != nil {
		t.Fatal(err)
	}
	disc.Name, disc.Probability = "Discovery call", 20
	if err := s.UpdateStage(ctx, stageNow(t, s, disc.ID), disc); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Deal(ctx, d.ID); got.StageID != disc.ID {
		t.Fatalf("renaming moved the deal to stage %d", got.StageID)
	}
	if e := lastEvent(t, s, d.ID); e.ToStageID != disc.ID {
		t.Fatalf("history lost the renamed stage: %+v", e)
	}
	if st, err := s.StageByName(ctx, "discovery c"); err != nil || st.ID != disc.ID || st.Probability != 20 {
		t.Fatalf("renamed stage = %+v %v", st, err)
	}
	dup := disc
	dup.Name = def[0]
	wantField(t, s.UpdateStage(ctx, stageNow(t, s, dup.ID), dup), "name")
	ghost := model.Stage{ID: 9999, Name: "Ghost", Probability: 1, Version: 1}
	if err := s.UpdateStage(ctx, ghost, ghost); !errors.Is(err, ErrNotFound) {
		t.Errorf("update of a missing stage: %v", err)
	}

	// Move Negotiation to the front.
	if err := s.MoveStage(ctx, stageNow(t, s, neg.ID), 1); err != nil {
		t.Fatal(err)
	}
	if got := names(); got[0] != "Negotiation" || got[2] != "Discovery call" || len(got) != len(def)+2 {
		t.Fatalf("after move: %v", got)
	}
	if err := s.MoveStage(ctx, stageNow(t, s, neg.ID), 99); !errors.Is(err, ErrNotFound) {
		t.Errorf("move off the board: %v", err)
	}

	// Archive: refused while it holds an open deal, allowed once it is empty.
	if err := s.ArchiveStage(ctx, stageNow(t, s, disc.ID)); !errors.Is(err, ErrConflict) {
		t.Fatalf("archiving a stage with an open deal: %v, want ErrConflict", err)
	}
	if _, err := s.MoveDeal(ctx, dealNow(t, s, d.ID), neg.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.ArchiveStage(ctx, stageNow(t, s, disc.ID)); err != nil {
		t.Fatal(err)
	}
	got := names()
	if slices.Contains(got, "Discovery call") || len(got) != len(def)+1 {
		t.Fatalf("after archive: %v", got)
	}
	// The archived stage's history is intact, and its name is free again.
	if kinds := eventKinds(t, s, d.ID); len(kinds) != 3 {
		t.Errorf("events after archive = %v", kinds)
	}
	if _, err := s.AddStage(ctx, model.Stage{Name: "Discovery call", Probability: 20}); err != nil {
		t.Errorf("re-adding an archived stage's name: %v", err)
	}
	if sum, _ := s.Pipeline(ctx); len(sum) != len(def)+2 {
		t.Errorf("pipeline columns = %d", len(sum))
	}
}

func TestUndoIsLIFO(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	d := seedDeal(t, s, "Soylent", "Soylent green", 3_00)
	st := stageIDs(t, s)
	if _, err := s.MoveDeal(ctx, dealNow(t, s, d.ID), st[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MoveDeal(ctx, dealNow(t, s, d.ID), st[2]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetNextStep(ctx, dealNow(t, s, d.ID), "demo", model.NewDate(2026, 12, 1)); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		label string
		check func(model.Deal) bool
	}{
		{"set next step Soylent green", func(d model.Deal) bool { return d.NextStep == "" && d.StageID == st[2] }},
		{"move deal Soylent green", func(d model.Deal) bool { return d.StageID == st[1] }},
		{"move deal Soylent green", func(d model.Deal) bool { return d.StageID == st[0] }},
		{"add deal Soylent green", func(d model.Deal) bool { return d.Archived }},
		{"add account Soylent", func(model.Deal) bool { return true }},
	}
	for _, step := range steps {
		undone, err := s.Undo(ctx, AnySession)
		label := undone.Label
		if err != nil || label != step.label {
			t.Fatalf("undo = %q %v, want %q", label, err, step.label)
		}
		got, _ := s.Deal(ctx, d.ID)
		if !step.check(got) {
			t.Fatalf("after undoing %q: %+v", label, got)
		}
	}
	if _, err := s.Undo(ctx, AnySession); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("undo past the start: %v, want ErrNothingToUndo", err)
	}
	// History only grows: two reverse stage events were appended.
	kinds := eventKinds(t, s, d.ID)
	want := []model.DealEventKind{model.EventCreated, model.EventStage, model.EventStage, model.EventStage, model.EventStage}
	if !slices.Equal(kinds, want) {
		t.Fatalf("events = %v, want %v", kinds, want)
	}
}

func TestDealEventsAreAppendOnly(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	d := seedDeal(t, s, "Tyrell", "Nexus 6", 6_00)
	for _, q := range []string{
		`UPDATE deal_events SET kind = 'stage' WHERE deal_id = ?`,
		`UPDATE deal_events SET at = '2000-01-01T00:00:00Z' WHERE deal_id = ?`,
		`DELETE FROM deal_events WHERE deal_id = ?`,
	} {
		_, err := s.w.ExecContext(ctx, q, d.ID)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want the append-only trigger", q, err)
		}
	}
	// Also inside a transaction, as the store writes.
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM deal_events`)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("delete in a transaction: %v", err)
	}
	if kinds := eventKinds(t, s, d.ID); !slices.Equal(kinds, []model.DealEventKind{model.EventCreated}) {
		t.Fatalf("events = %v", kinds)
	}
}

func TestFind(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	acme := seedDeal(t, s, "Acme", "Acme renewal 2027", 1_00)
	acmeCorp := seedDeal(t, s, "Acme Corporation", "Acme Corporation expansion", 1_00)
	seedDeal(t, s, "Acme Labs", "Labs pilot", 1_00)
	seedDeal(t, s, "100% Natural", "Juice deal", 1_00)

	// Accounts: id, exact name (even though it is part of others), unique
	// part, ambiguous part, nothing.
	if a, err := s.FindAccount(ctx, fmt.Sprint(acmeCorp.AccountID)); err != nil || a.Name != "Acme Corporation" {
		t.Errorf("by id: %+v %v", a, err)
	}
	if a, err := s.FindAccount(ctx, "acme"); err != nil || a.ID != acme.AccountID {
		t.Errorf("exact name among several matches: %+v %v", a, err)
	}
	if a, err := s.FindAccount(ctx, "labs"); err != nil || a.Name != "Acme Labs" {
		t.Errorf("unique part: %+v %v", a, err)
	}
	_, err := s.FindAccount(ctx, "Acme ")
	if err != nil {
		t.Errorf("exact name with a trailing space: %v", err)
	}
	_, err = s.FindAccount(ctx, "acme c")
	if err != nil {
		t.Errorf("unique prefix: %v", err)
	}
	_, err = s.FindAccount(ctx, "cme")
	if !errors.Is(err, ErrAmbiguous) {
		t.Fatalf("ambiguous: %v, want ErrAmbiguous", err)
	}
	for _, name := range []string{"Acme", "Acme Corporation", "Acme Labs"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("ambiguity message %q does not list %s", err, name)
		}
	}
	if _, err := s.FindAccount(ctx, "Initech"); !errors.Is(err, ErrNotFound) {
		t.Errorf("no match: %v", err)
	}
	if a, err := s.FindAccount(ctx, "100%"); err != nil || a.Name != "100% Natural" {
		t.Errorf("a literal %%: %+v %v", a, err)
	}
	if _, err := s.FindAccount(ctx, "%"); err != nil {
		t.Errorf("%% is a literal, matching one account: %v", err)
	}
	if _, err := s.FindAccount(ctx, "9999"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing id: %v", err)
	}

	// Deals.
	if d, err := s.FindDeal(ctx, fmt.Sprint(acme.ID)); err != nil || d.ID != acme.ID {
		t.Errorf("deal by id: %v", err)
	}
	if d, err := s.FindDeal(ctx, "ACME RENEWAL 2027"); err != nil || d.ID != acme.ID {
		t.Errorf("deal by exact title: %v", err)
	}
	if d, err := s.FindDeal(ctx, "pilot"); err != nil || d.Title != "Labs pilot" {
		t.Errorf("deal by unique part: %v", err)
	}
	_, err = s.FindDeal(ctx, "acme")
	if !errors.Is(err, ErrAmbiguous) || !strings.Contains(err.Error(), "Acme renewal 2027") || !strings.Contains(err.Error(), "Acme Corporation expansion") {
		t.Fatalf("ambiguous deal: %v", err)
	}
	// Once one of them is closed, the open one wins.
	if _, err := s.CloseDeal(ctx, dealNow(t, s, acmeCorp.ID), model.Lost, "no budget"); err != nil {
		t.Fatal(err)
	}
	if d, err := s.FindDeal(ctx, "acme"); err != nil || d.ID != acme.ID {
		t.Errorf("only one open match: %+v %v", d, err)
	}
	if _, err := s.FindDeal(ctx, "nothing like it"); !errors.Is(err, ErrNotFound) {
		t.Errorf("no deal: %v", err)
	}
}

// Renewal deals are often titled alike ("Renewal 2027"); an exact title
// shared by several open deals, or a name shared by several accounts,
// must not silently pick one.
func TestFindDuplicateNamesAreAmbiguous(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	a := seedDeal(t, s, "Acme", "Renewal 2027", 1_00)
	b := seedDeal(t, s, "Globex", "Renewal 2027", 1_00)
	_, err := s.FindDeal(ctx, "Renewal 2027")
	if !errors.Is(err, ErrAmbiguous) {
		t.Fatalf("two open deals with the same title: %v, want ErrAmbiguous", err)
	}
	if !strings.Contains(err.Error(), fmt.Sprint(a.ID)) || !strings.Contains(err.Error(), fmt.Sprint(b.ID)) ||
		!strings.Contains(err.Error(), "Acme") || !strings.Contains(err.Error(), "Globex") {
		t.Errorf("message %q should list both deals with their accounts", err)
	}
	// With one of them closed, the open one is meant.
	if _, err := s.CloseDeal(ctx, dealNow(t, s, b.ID), model.Won, ""); err != nil {
		t.Fatal(err)
	}
	if d, err := s.FindDeal(ctx, "renewal 2027"); err != nil || d.ID != a.ID {
		t.Fatalf("one open exact match: %+v %v", d, err)
	}

	if _, err := s.CreateAccount(ctx, model.Account{Name: "acme"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindAccount(ctx, "Acme"); !errors.Is(err, ErrAmbiguous) {
		t.Fatalf("two accounts named acme: %v, want ErrAmbiguous", err)
	}
}

func TestPipeline(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	st := stageIDs(t, s)
	a, _ := s.CreateAccount(ctx, model.Account{Name: "Multi"})
	mk := func(title string, stage int64, m model.Money, prob *int) model.Deal {
		d, err := s.CreateDeal(ctx, model.Deal{AccountID: a.ID, Title: title, StageID: stage, Value: m, Probability: prob})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	ninety := 90
	mk("usd 1", st[0], usd(1_000_00), nil)
	mk("usd 2", st[0], usd(3_000_00), &ninety)
	mk("eur 1", st[0], model.Money{Minor: 2_000_00, Currency: "EUR"}, nil)
	mk("jpy 1", st[2], model.Money{Minor: 500_000, Currency: "JPY"}, nil)
	won := mk("won", st[0], usd(7_777_00), nil)
	lost := mk("lost", st[0], usd(8_888_00), nil)
	mk("archived", st[0], usd(9_999_00), nil)
	if _, err := s.Undo(ctx, AnySession); err != nil { // archives "archived"
		t.Fatal(err)
	}
	if _, err := s.CloseDeal(ctx, dealNow(t, s, won.ID), model.Won, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CloseDeal(ctx, dealNow(t, s, lost.ID), model.Lost, "timing"); err != nil {
		t.Fatal(err)
	}

	sum, err := s.Pipeline(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum) != len(st) {
		t.Fatalf("pipeline has %d columns, want every stage (%d)", len(sum), len(st))
	}
	first := sum[0]
	p0 := int64(first.Stage.Probability)
	if first.Count != 3 || len(first.Total) != 2 || first.Total["USD"] != 4_000_00 || first.Total["EUR"] != 2_000_00 {
		t.Fatalf("first column = %+v", first)
	}
	if want := (1_000_00*p0 + 3_000_00*90) / 100; first.Weighted["USD"] != want {
		t.Errorf("weighted USD = %d, want %d", first.Weighted["USD"], want)
	}
	if want := 2_000_00 * p0 / 100; first.Weighted["EUR"] != want {
		t.Errorf("weighted EUR = %d, want %d", first.Weighted["EUR"], want)
	}
	if sum[1].Count != 0 || len(sum[1].Total) != 0 || sum[1].Total == nil {
		t.Errorf("empty column = %+v", sum[1])
	}
	if sum[2].Count != 1 || sum[2].Total["JPY"] != 500_000 || len(sum[2].Total) != 1 {
		t.Errorf("JPY column = %+v", sum[2])
	}
}

func TestBoardCards(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	st := stageIDs(t, s)
	a, _ := s.CreateAccount(ctx, model.Account{Name: "Board Co"})
	b, _ := s.CreateAccount(ctx, model.Account{Name: "Zeta Widgets"})
	c, err := s.CreateContact(ctx, model.Contact{AccountID: b.ID, Name: "Quentin Contact"})
	if err != nil {
		t.Fatal(err)
	}
	mk := func(acct int64, title string, due model.Date, src model.Source, contact int64) model.Deal {
		d, err := s.CreateDeal(ctx, model.Deal{AccountID: acct, ContactID: contact, Title: title, StageID: st[0],
			Value: usd(1_00), NextDue: due, Source: src})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	late := mk(a.ID, "late", model.NewDate(2026, 12, 10), "", 0)
	early := mk(a.ID, "early", model.NewDate(2026, 11, 20), model.SourceReferral, 0)
	none1 := mk(a.ID, "none one", model.Date{}, "", 0)
	mid := mk(b.ID, "mid", model.NewDate(2026, 11, 28), "", c.ID)
	none2 := mk(a.ID, "none two", model.Date{}, model.SourceInbound, 0)
	other, _ := s.CreateDeal(ctx, model.Deal{AccountID: a.ID, Title: "other column", StageID: st[1], Value: usd(1)})
	closed := mk(a.ID, "closed", model.NewDate(2026, 1, 1), "", 0)
	if _, err := s.CloseDeal(ctx, dealNow(t, s, closed.ID), model.Won, ""); err != nil {
		t.Fatal(err)
	}

	cards, err := s.BoardCards(ctx, BoardQuery{StageID: st[0]})
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, d := range cards {
		got = append(got, d.ID)
	}
	want := []int64{none1.ID, none2.ID, early.ID, mid.ID, late.ID}
	if !slices.Equal(got, want) {
		t.Fatalf("card order = %v, want %v (no due first, then oldest due)", got, want)
	}
	if cards[3].ContactName != "Quentin Contact" || cards[3].AccountName != "Zeta Widgets" {
		t.Errorf("card names = %q / %q", cards[3].AccountName, cards[3].ContactName)
	}
	page, _ := s.BoardCards(ctx, BoardQuery{StageID: st[0], Offset: 1, Limit: 2})
	if len(page) != 2 || page[0].ID != none2.ID || page[1].ID != early.ID {
		t.Errorf("page = %+v", page)
	}

	filters := map[string][]int64{
		"none":     {none1.ID, none2.ID}, // title
		"ZETA":     {mid.ID},             // account, any case
		"quentin":  {mid.ID},             // contact
		"referr":   {early.ID},           // source
		"inbound":  {none2.ID},
		"board co": {none1.ID, none2.ID, early.ID, late.ID},
		"%":        nil, // literal, matches nothing
		"other":    nil, // another column
	}
	for f, want := range filters {
		sums, ids, err := s.FilteredBoard(ctx, f)
		if err != nil || sums[0].Count != len(want) || !slices.Equal(ids[st[0]], want) {
			t.Errorf("FilteredBoard(%q) first column = %d %v %v, want %v", f, sums[0].Count, ids[st[0]], err, want)
		}
	}
	if sums, _ := s.Pipeline(ctx); sums[1].Count != 1 {
		t.Errorf("second column count = %d (deal %d)", sums[1].Count, other.ID)
	}
}

func TestBulkLoad(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	st := stageIDs(t, s)
	before := indexNames(t, s.w)
	if len(before) < len(v1Indexes) {
		t.Fatalf("indexes before = %v", before)
	}
	n := 2000
	if raceEnabled {
		n = 400
	}
	at := testNow.Add(-24 * time.Hour)
	err := s.BulkLoad(ctx, func(b *Bulk) error {
		for i := range n {
			id, err := b.Account(model.Account{Name: fmt.Sprintf("Bulk %04d", i), Status: model.Prospect, CadenceDays: 30,
				CreatedAt: at, UpdatedAt: at, Ref: model.Ref{System: "csv", ExternalID: fmt.Sprint(i)}})
			if err != nil {
				return err
			}
			did, err := b.Deal(model.Deal{AccountID: id, Title: fmt.Sprintf("Bulk deal %04d", i), Kind: model.NewBusiness,
				StageID: st[i%len(st)], Status: model.Open, Value: usd(int64(i)), CreatedAt: at, UpdatedAt: at, StageEntered: at, LastTouchAt: at})
			if err != nil {
				return err
			}
			if err := b.Event(model.DealEvent{DealID: did, At: at, Kind: model.EventCreated, ToStageID: st[i%len(st)], NewText: "open", NewMinor: int64(i)}); err != nil {
				return err
			}
			if _, err := b.Activity(model.Activity{AccountID: id, DealID: did, Kind: model.Call, Text: "intro", At: at, CreatedAt: at}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := s.Counts(ctx)
	if c.Accounts != n || c.Deals != n || c.Activities != n {
		t.Fatalf("counts after bulk load = %+v", c)
	}
	if after := indexNames(t, s.w); !slices.Equal(after, before) {
		t.Fatalf("indexes after bulk load = %v, want %v", after, before)
	}
	if got := queryString(t, s.w, "PRAGMA integrity_check"); got != "ok" {
		t.Fatalf("integrity_check = %s", got)
	}
	// The unique import-reference index is enforced again.
	_, err = s.CreateAccount(ctx, model.Account{Name: "dup", Ref: model.Ref{System: "csv", ExternalID: "7"}})
	if err == nil {
		t.Error("a duplicate import reference was accepted after the bulk load")
	}
	sum, _ := s.Pipeline(ctx)
	if sum[0].Count != (n+len(st)-1)/len(st) {
		t.Errorf("first column count = %d", sum[0].Count)
	}

	// A failing load leaves nothing behind, indexes included.
	dump := dumpDB(t, s.w)
	boom := errors.New("boom")
	err = s.BulkLoad(ctx, func(b *Bulk) error {
		for i := range 500 {
			if _, err := b.Account(model.Account{Name: fmt.Sprintf("Doomed %d", i), Status: model.Prospect, CreatedAt: at, UpdatedAt: at}); err != nil {
				return err
			}
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("failing load: %v, want boom", err)
	}
	if got := dumpDB(t, s.w); got != dump {
		t.Fatal("a failed bulk load changed the database")
	}
	// And a load that breaks a unique index when it is rebuilt fails whole.
	err = s.BulkLoad(ctx, func(b *Bulk) error {
		_, err := b.Account(model.Account{Name: "Dup ref", Status: model.Prospect, CreatedAt: at, UpdatedAt: at,
			Ref: model.Ref{System: "csv", ExternalID: "7"}})
		return err
	})
	if err == nil {
		t.Fatal("a duplicate import reference survived the index rebuild")
	}
	if got := dumpDB(t, s.w); got != dump {
		t.Fatal("a bulk load refused at the index rebuild changed the database")
	}
}

// A deal put in an archived stage would vanish from the board and the
// pipeline while still counting as open; ArchiveStage's guard would be
// bypassed too.
func TestNoDealsIntoArchivedStages(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	st := stageIDs(t, s)
	d := seedDeal(t, s, "Stale Board Co", "Stale board deal", 1_00)
	if err := s.ArchiveStage(ctx, stageNow(t, s, st[3])); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MoveDeal(ctx, dealNow(t, s, d.ID), st[3]); !errors.Is(err, ErrNotFound) {
		t.Errorf("move into an archived stage: %v, want ErrNotFound", err)
	}
	if _, err := s.CreateDeal(ctx, model.Deal{AccountID: d.AccountID, Title: "into the void", StageID: st[3], Value: usd(1)}); !errors.Is(err, ErrNotFound) {
		t.Errorf("create in an archived stage: %v, want ErrNotFound", err)
	}
	d.StageID = st[3]
	if _, err := s.UpdateDeal(ctx, dealNow(t, s, d.ID), d); !errors.Is(err, ErrNotFound) {
		t.Errorf("edit into an archived stage: %v, want ErrNotFound", err)
	}
	if got, _ := s.Deal(ctx, d.ID); got.StageID != st[0] {
		t.Errorf("the deal moved to stage %d", got.StageID)
	}
	sum, _ := s.Pipeline(ctx)
	total := 0
	for _, col := range sum {
		total += col.Count
	}
	if c, _ := s.Counts(ctx); c.OpenDeals != total {
		t.Errorf("%d open deals, %d on the board", c.OpenDeals, total)
	}
}
