package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"rolo/demo"
	"rolo/model"
	"rolo/store"
)

// demoStore writes the demo book into a temp file with the clock pinned
// to now in zone loc.
func demoStore(t *testing.T, loc *time.Location, cfg demo.Config) *store.Store {
	t.Helper()
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC).In(loc)
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "rolo.db"), store.Options{Clock: model.FixedClock(now)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := demo.Generate(context.Background(), s, cfg, nil); err != nil {
		t.Fatal(err)
	}
	return s
}

// periodsFor is every preset seen from the store's today, and periods
// typed by hand: a single day, a span across both DST changes, a month
// long ago with nothing in it, and a span ending in the future.
func periodsFor(t *testing.T, s *store.Store) []model.Period {
	t.Helper()
	today := s.Clock().Today()
	var out []model.Period
	for _, pr := range model.Presets {
		p, err := model.PresetPeriod(pr, today)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p, p.Previous())
	}
	for _, ft := range [][2]string{{"2026-11-27", "2026-11-27"}, {"2026-03-08", "2026-11-01"}, {"2019-01-01", "2019-01-31"},
		{"2025-09-28", "2026-04-05"}, {"2026-10-01", "2027-03-31"}} {
		from, _ := model.ParseISODate(ft[0])
		to, _ := model.ParseISODate(ft[1])
		p, err := model.NewPeriod(from, to)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// TestMetricsMatchOracleOnDemo compares every figure with the oracle on the
// demo book in zones where the local date and the UTC date differ in both
// directions, across DST, for every preset and hand-typed periods.
func TestMetricsMatchOracleOnDemo(t *testing.T) {
	for _, zone := range []string{"UTC", "Pacific/Auckland", "America/Los_Angeles", "Asia/Kolkata", "Europe/Berlin"} {
		t.Run(zone, func(t *testing.T) {
			loc, err := time.LoadLocation(zone)
			if err != nil {
				t.Skipf("no zone data for %s: %v", zone, err)
			}
			cfg := demo.Default()
			if zone == "America/Los_Angeles" {
				cfg.Accounts, cfg.Deals, cfg.Activities = 600, 2400, 600 // a bigger book, fewer activities (the metrics read none)
			}
			s := demoStore(t, loc, cfg)
			checkAgainstOracle(t, s, periodsFor(t, s))
		})
	}
}

// TestMetricsOracleOnReshapedBoard reorders the board (so stage ids and
// places differ), adds a stage whose id does not fit the reach summary's
// bits, and moves deals through it, then compares with the oracle again.
func TestMetricsOracleOnReshapedBoard(t *testing.T) {
	s := demoStore(t, time.UTC, demo.Default())
	ctx := context.Background()
	path := s.Path()
	s.Close()
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO stages(id, name, position, probability, rot_days) VALUES (100, 'Legal', 5, 90, 7)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	later := time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC)
	s, err = store.Open(ctx, path, store.Options{Clock: model.FixedClock(later)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	stages, err := s.Stages(ctx)
	if err != nil || len(stages) != 5 {
		t.Fatalf("stages %v %v", stages, err)
	}
	if err := s.MoveStage(ctx, stages[2], 1); err != nil { // Presenting first
		t.Fatal(err)
	}
	open, err := s.PipelineDeals(ctx, store.Page{Limit: 6})
	if err != nil || len(open) < 6 {
		t.Fatalf("open deals: %v %v", open, err)
	}
	for i, row := range open {
		d, err := s.Deal(ctx, row.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d, err = s.MoveDeal(ctx, d, 100); err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			if _, err := s.CloseDeal(ctx, d, model.Won, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	checkAgainstOracle(t, s, periodsFor(t, s))
	for _, p := range periodsFor(t, s)[:4] {
		checkDrills(t, s, p)
	}
}
