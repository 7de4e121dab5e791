package store

import (
	"context"
	"errors"
	"testing"

	"rolo/model"
)

func TestMoveWinUndo(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	d := seedDeal(t, s, "Acme Corp", "Acme analytics", 1_200_000)
	stages, _ := s.Stages(ctx)

	moved, err := s.MoveDeal(ctx, dealNow(t, s, d.ID), stages[2].ID)
	if err != nil {
		t.Fatal(err)
	}
	if moved.StageID != stages[2].ID {
		t.Fatalf("stage = %d, want %d", moved.StageID, stages[2].ID)
	}
	res, err := s.CloseDeal(ctx, dealNow(t, s, d.ID), model.Won, "")
	if err != nil {
		t.Fatal(err)
	}
	if !res.BecameCustomer || res.Deal.Status != model.Won || res.Deal.StageID != stages[2].ID {
		t.Fatalf("close result = %+v", res)
	}
	acct, _ := s.Account(ctx, d.AccountID)
	if acct.Status != model.Customer || acct.CustomerSince != model.DateOf(testNow) {
		t.Fatalf("account after win = %s since %s", acct.Status, acct.CustomerSince)
	}
	undone, err := s.Undo(ctx, AnySession)
	label := undone.Label
	if err != nil {
		t.Fatal(err)
	}
	if label != "win deal Acme analytics" || undone.DealID != d.ID {
		t.Fatalf("undo = %q on deal %d, want the win on deal %d", label, undone.DealID, d.ID)
	}
	back, _ := s.Deal(ctx, d.ID)
	acct, _ = s.Account(ctx, d.AccountID)
	if back.Status != model.Open || acct.Status != model.Prospect {
		t.Fatalf("after undo: deal %s account %s", back.Status, acct.Status)
	}
	events, _ := s.DealEvents(ctx, d.ID)
	var kinds []model.DealEventKind
	for _, e := range events {
		kinds = append(kinds, e.Kind)
	}
	want := []model.DealEventKind{model.EventCreated, model.EventStage, model.EventStatus, model.EventStatus}
	if len(kinds) != len(want) {
		t.Fatalf("events = %v, want %v", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Fatalf("events = %v, want %v", kinds, want)
		}
	}
	if _, err := s.CloseDeal(ctx, dealNow(t, s, d.ID), model.Lost, ""); model.FieldOf(err) != "lost reason" {
		t.Fatalf("lost without reason: err = %v", err)
	}
}

func TestPipelineWeighted(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	d1 := seedDeal(t, s, "A", "one", 100_000)
	seedDeal(t, s, "B", "two", 50_000)
	p := 50
	d1.Probability = &p
	if _, err := s.UpdateDeal(ctx, dealNow(t, s, d1.ID), d1); err != nil {
		t.Fatal(err)
	}
	sum, err := s.Pipeline(ctx)
	if err != nil {
		t.Fatal(err)
	}
	first := sum[0]
	if first.Count != 2 || first.Total["USD"] != 150_000 {
		t.Fatalf("first stage = %+v", first)
	}
	// 100,000 × 50% + 50,000 × 10% (Prospecting default)
	if got := first.Weighted["USD"]; got != 55_000 {
		t.Fatalf("weighted = %d, want 55000", got)
	}
	if _, err := s.Undo(ctx, AnySession); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Undo(ctx, AnySession); err != nil { // the second deal's creation
		t.Fatal(err)
	}
	sum, _ = s.Pipeline(ctx)
	if sum[0].Count != 1 || sum[0].Weighted["USD"] != 10_000 {
		t.Fatalf("after undo: %+v", sum[0])
	}
	for {
		if _, err := s.Undo(ctx, AnySession); err != nil {
			if !errors.Is(err, ErrNothingToUndo) {
				t.Fatal(err)
			}
			break
		}
	}
}
