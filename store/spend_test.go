package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"rolo/model"
)

func TestSpendAddEditArchiveUndo(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	nov := model.Date{Year: 2026, Month: 11, Day: 1}
	c, err := s.AddSpend(ctx, model.AcquisitionCost{Date: nov, Amount: usd(120_000), Channel: model.ChannelAds, Note: "  LinkedIn  "})
	if err != nil || c.ID == 0 || c.Note != "LinkedIn" {
		t.Fatalf("add: %+v %v", c, err)
	}
	if _, err := s.AddSpend(ctx, model.AcquisitionCost{Date: nov, Amount: usd(1), Channel: "cold call"}); model.FieldOf(err) != "channel" {
		t.Errorf("a deal source as channel: %v", err)
	}
	list := func(from, to model.Date) []model.AcquisitionCost {
		t.Helper()
		out, err := s.SpendList(ctx, from, to)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if got := list(model.Date{}, model.Date{}); len(got) != 1 || got[0] != c {
		t.Fatalf("list = %+v", got)
	}

	edited := c
	edited.Amount, edited.Channel, edited.Date = model.Money{Minor: 90_000, Currency: "EUR"}, model.ChannelEvents, nov.AddDays(14)
	saved, err := s.UpdateSpend(ctx, c, edited)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateSpend(ctx, c, edited); !errors.Is(err, ErrStale) {
		t.Errorf("an edit from a stale read: %v", err)
	}
	edited = saved
	if got := list(nov, nov.AddDays(13)); len(got) != 0 {
		t.Errorf("the edit did not move the date: %+v", got)
	}
	if got := list(nov.AddDays(14), nov.AddDays(14)); len(got) != 1 || got[0] != edited {
		t.Errorf("after edit: %+v", got)
	}
	if _, err := s.ArchiveSpend(ctx, saved); err != nil {
		t.Fatal(err)
	}
	if got := list(model.Date{}, model.Date{}); len(got) != 0 {
		t.Errorf("archived spend still listed: %+v", got)
	}
	if _, err := s.UpdateSpend(ctx, saved, saved); !errors.Is(err, ErrArchived) {
		t.Errorf("editing archived spend: %v", err)
	}
	if _, err := s.ArchiveSpend(ctx, model.AcquisitionCost{ID: 999, Version: 1}); !errors.Is(err, ErrNotFound) {
		t.Errorf("archiving a missing row: %v", err)
	}

	// Undo walks back: unarchive, then the edit, then the addition.
	undone, err := s.Undo(ctx, AnySession)
	if err != nil || undone.Label != "archive spend 2026-11-15 events €900.00" {
		t.Fatalf("undo archive: %+v %v", undone, err)
	}
	same := func(a, b model.AcquisitionCost) bool { a.Version, b.Version = 0, 0; return a == b }
	if got := list(model.Date{}, model.Date{}); len(got) != 1 || !same(got[0], edited) {
		t.Errorf("after undoing the archive: %+v", got)
	}
	if _, err := s.Undo(ctx, AnySession); err != nil {
		t.Fatal(err)
	}
	if got := list(model.Date{}, model.Date{}); len(got) != 1 || !same(got[0], c) {
		t.Errorf("after undoing the edit: %+v, want %+v", got, c)
	}
	if _, err := s.Undo(ctx, AnySession); err != nil {
		t.Fatal(err)
	}
	if got := list(model.Date{}, model.Date{}); len(got) != 0 {
		t.Errorf("after undoing the addition: %+v", got)
	}
	if got, err := s.Spend(ctx, c.ID); err != nil || !got.Archived {
		t.Errorf("undoing an addition archives the row, it does not delete it: %+v %v", got, err)
	}
}

// TestMigrationOfAnOlderFile opens a schema-1 file whose deals have
// history and whose spend is on the old channels.
func TestMigrationOfAnOlderFile(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	latest := migrations
	migrations = migrations[:1]
	t.Cleanup(func() { migrations = latest })
	openWithClock(t, path, testNow).Close()
	// Schema 1's writes, as an older rolo made them: a deal created in the
	// first stage and moved to the fourth.
	raw := rawDB(t, path, "")
	stmts := []string{
		`INSERT INTO accounts(name, created_at, updated_at) VALUES ('Old Co', '2026-11-01T10:00:00Z', '2026-11-01T10:00:00Z')`,
		`INSERT INTO deals(account_id, title, stage_id, value_minor, currency, created_at, updated_at, stage_entered, last_touch_at)
			VALUES (1, 'Old deal', 4, 100, 'USD', '2026-11-01T10:00:00Z', '2026-11-02T10:00:00Z', '2026-11-02T10:00:00Z', '2026-11-02T10:00:00Z')`,
		`INSERT INTO deal_events(deal_id, at, kind, to_stage_id, new_text, new_minor) VALUES (1, '2026-11-01T10:00:00Z', 'created', 1, 'open', 100)`,
		`INSERT INTO deal_events(deal_id, at, kind, from_stage_id, to_stage_id) VALUES (1, '2026-11-02T10:00:00Z', 'stage', 1, 4)`,
	}
	for _, ch := range []string{"cold call", "email", "social", "referral", "inbound", "event", "other"} {
		stmts = append(stmts, `INSERT INTO acquisition_costs(date, amount_minor, currency, channel) VALUES ('2026-11-01', 100, 'USD', '`+ch+`')`)
	}
	for _, q := range stmts {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	migrations = latest

	s := openWithClock(t, path, testNow)
	// The migration summarised the history written before it, without
	// touching the deal's version.
	if problems, err := s.IntegrityCheck(ctx); err != nil || len(problems) != 0 {
		t.Errorf("after the migration: %v %v", problems, err)
	}
	d, err := s.Deal(ctx, 1)
	if err != nil || d.Version != 1 {
		t.Fatalf("deal after the migration: %+v %v", d, err)
	}
	var mask int64
	if err := s.r.QueryRowContext(ctx, `SELECT reach_mask FROM deals WHERE id = 1`).Scan(&mask); err != nil || mask != 1<<1|1<<4 {
		t.Errorf("reach_mask after the migration = %b (%v)", mask, err)
	}
	got := map[model.SpendChannel]int{}
	list, err := s.SpendList(ctx, model.Date{}, model.Date{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		got[c.Channel]++
		if err := c.Validate(); err != nil {
			t.Errorf("%+v: %v", c, err)
		}
	}
	want := map[model.SpendChannel]int{model.ChannelAds: 1, model.ChannelEvents: 1, model.ChannelReferralFees: 1, model.ChannelTools: 1, model.ChannelOther: 3}
	if len(got) != len(want) {
		t.Errorf("channels = %v, want %v", got, want)
	}
	for ch, n := range want {
		if got[ch] != n {
			t.Errorf("channels = %v, want %v", got, want)
		}
	}
}

// TestDoctorSeesADriftedHistorySummary checks that the summary the
// metrics trust is kept by the writes, and that a broken one is reported.
func TestDoctorSeesADriftedHistorySummary(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	s := openWithClock(t, path, testNow)
	d := seedDeal(t, s, "Acme", "Acme fleet", 100)
	ids := stageIDs(t, s)
	moved, err := s.MoveDeal(ctx, d, ids[2])
	if err != nil {
		t.Fatal(err)
	}
	if moved.Version != d.Version+1 {
		t.Errorf("a move took the version from %d to %d: the summary's update must not bump it", d.Version, moved.Version)
	}
	if _, err := s.CloseDeal(ctx, moved, model.Won, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Undo(ctx, AnySession); err != nil {
		t.Fatal(err)
	}
	if problems, err := s.IntegrityCheck(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("a healthy file: %v %v", problems, err)
	}
	var mask int64
	if err := s.r.QueryRowContext(ctx, `SELECT reach_mask FROM deals WHERE id = ?`, d.ID).Scan(&mask); err != nil {
		t.Fatal(err)
	}
	if want := int64(1)<<ids[0] | int64(1)<<ids[2]; mask != want {
		t.Errorf("reach_mask = %b, want %b (the first and third stages)", mask, want)
	}
	raw := rawDB(t, path, "")
	if _, err := raw.Exec(`UPDATE deals SET reach_mask = 0 WHERE id = ?`, d.ID); err != nil {
		t.Fatal(err)
	}
	problems, err := s.IntegrityCheck(ctx)
	if err != nil || len(problems) != 1 || !strings.Contains(problems[0], "history summary of 1 deals") {
		t.Errorf("a drifted summary: %v %v", problems, err)
	}
}
