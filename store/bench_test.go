package store

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"rolo/model"
)

// benchStore opens a copy of $ROLO_BENCH_DB (the scale database; never
// opened in place), else a small new file.
func benchStore(b *testing.B) *Store {
	b.Helper()
	path := filepath.Join(b.TempDir(), "rolo.db")
	if src := os.Getenv("ROLO_BENCH_DB"); src != "" {
		for _, suffix := range []string{"", "-wal"} {
			if err := copyFileTo(src+suffix, path+suffix); err != nil && suffix == "" {
				b.Fatal(err)
			}
		}
	}
	s, err := Open(context.Background(), path, Options{Clock: model.SystemClock()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

func copyFileTo(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// BenchmarkDataVersion is the cost of one idle-tick poll for changes.
func BenchmarkDataVersion(b *testing.B) {
	ctx := context.Background()
	s := benchStore(b)
	if _, err := s.DataVersion(ctx); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.DataVersion(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMoveDeal is one checked stage move, back and forth: the row
// check, the write with its event and version bump, and the undo entry
// with the versions it records, in one FULL-sync transaction.
func BenchmarkMoveDeal(b *testing.B) {
	ctx := context.Background()
	s := benchStore(b)
	stages, err := s.Stages(ctx)
	if err != nil {
		b.Fatal(err)
	}
	cards, err := s.BoardCards(ctx, BoardQuery{StageID: stages[0].ID, Limit: 1})
	if err != nil {
		b.Fatal(err)
	}
	d := seedDeal(b, s, "Bench Co", "Bench deal", 1_00)
	if len(cards) > 0 {
		d = cards[0]
	}
	i := 0
	for b.Loop() {
		if d, err = s.MoveDeal(ctx, d, stages[1-i%2].ID); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkRenewalsWeek: the Renewals tab's load for this week (counts
// and totals, then the first page with every row's health), as the app
// runs it before the first draw.
func BenchmarkRenewalsWeek(b *testing.B) {
	ctx := context.Background()
	s := benchStore(b)
	q := RenewalQuery{Window: model.Window(model.WindowWeek, model.DateOf(testNow), time.Monday)}
	for b.Loop() {
		sum, err := s.CountRenewals(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.RenewalPage(ctx, sum, 0, 120); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenewalsAtRisk: the header's "at risk" for this week, which
// computes the health of every undecided contract of the window.
func BenchmarkRenewalsAtRisk(b *testing.B) {
	ctx := context.Background()
	s := benchStore(b)
	q := RenewalQuery{Window: model.Window(model.WindowWeek, model.DateOf(testNow), time.Monday)}
	sum, err := s.CountRenewals(ctx, q)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.RenewalsAtRisk(ctx, sum); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenewContract: the renewal decision's write — the old contract
// renewed, the next term added, the renewal deal won with its history,
// the undo entry with its row versions, one FULL-sync transaction — and
// its undo, alternately (each round is one renewal and one undo).
func BenchmarkRenewContract(b *testing.B) {
	ctx := context.Background()
	s := benchStore(b)
	q := RenewalQuery{Window: model.Window(model.WindowWeek, model.DateOf(testNow), time.Monday)}
	sum, err := s.CountRenewals(ctx, q)
	if err != nil {
		b.Fatal(err)
	}
	var c model.Contract
	if sum.Total() > 0 {
		c, err = s.Contract(ctx, sum.ids[0])
	} else {
		_, c = customerWithContract(b, s, "Bench Co", model.Money{Minor: 100, Currency: "USD"}, model.NewDate(2025, 12, 1), model.NewDate(2026, 11, 30), 30)
	}
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.RenewContract(ctx, c, SameTerms(c, nil)); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Undo(ctx, s.Session()); err != nil {
			b.Fatal(err)
		}
		if c, err = s.Contract(ctx, c.ID); err != nil {
			b.Fatal(err)
		}
	}
}
