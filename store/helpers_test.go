package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"rolo/model"
)

// testNow is the pinned clock every store test runs at: Friday 2026-11-27.
var testNow = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

// openTemp opens a fresh database in the test's temp dir.
func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "rolo.db"), Options{Clock: model.FixedClock(testNow)})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// seedDeal adds an account and an open deal in the first stage.
func seedDeal(t testing.TB, s *Store, account, title string, value int64) model.Deal {
	t.Helper()
	ctx := context.Background()
	a, err := s.CreateAccount(ctx, model.Account{Name: account})
	if err != nil {
		t.Fatalf("create account: %v", err)
	}
	stages, err := s.Stages(ctx)
	if err != nil {
		t.Fatalf("stages: %v", err)
	}
	d, err := s.CreateDeal(ctx, model.Deal{AccountID: a.ID, Title: title, StageID: stages[0].ID,
		Value: model.Money{Minor: value, Currency: "USD"}})
	if err != nil {
		t.Fatalf("create deal: %v", err)
	}
	return d
}

// dealNow reads a deal as a caller about to write it would: writes take
// the row as the caller saw it.
func dealNow(t *testing.T, s *Store, id int64) model.Deal {
	t.Helper()
	d, err := s.Deal(context.Background(), id)
	if err != nil {
		t.Fatalf("read deal %d: %v", id, err)
	}
	return d
}

func accountNow(t *testing.T, s *Store, id int64) model.Account {
	t.Helper()
	a, err := s.Account(context.Background(), id)
	if err != nil {
		t.Fatalf("read account %d: %v", id, err)
	}
	return a
}

func stageNow(t *testing.T, s *Store, id int64) model.Stage {
	t.Helper()
	st, err := s.stage(context.Background(), s.r, id)
	if err != nil {
		t.Fatalf("read stage %d: %v", id, err)
	}
	return st
}
