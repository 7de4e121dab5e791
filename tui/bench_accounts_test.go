package tui

import (
	"context"
	"testing"

	"rolo/store"
)

// The account manager's speed targets (BENCHMARKS.md, "The account
// manager's day") on the scale case: the busiest account's page, a key on
// the Accounts list, a check-in saved and redrawn.

// busiest finds the account with the longest history (the demo gives a
// large book's first enterprise customer 2,500 activities) and filters
// the Accounts list to it.
func busiest(b *testing.B, h *harness) store.AccountRow {
	b.Helper()
	ctx := context.Background()
	var top store.AccountRow
	most := 0
	for id := int64(1); id <= 300; id++ {
		n, err := h.s.CountTimeline(ctx, id)
		if err != nil {
			b.Fatal(err)
		}
		if n > most {
			row, err := h.s.AccountRow(ctx, id)
			if err != nil {
				b.Fatal(err)
			}
			top, most = row, n
		}
	}
	if most < 2000 {
		b.Fatalf("the busiest account has %d timeline entries; the scale demo should have one with 2,000 activities", most)
	}
	b.Logf("busiest: %s (%d timeline entries)", top.Name, most)
	h.tab(accountsTab)
	h.do(km.List.Filter)
	h.typeText(top.Name)
	h.do(km.Filter.Keep)
	return top
}

// BenchmarkAccountPageOpen: enter on the busiest account → its page
// loaded (header with health, the first page of every section) and drawn.
func BenchmarkAccountPageOpen(b *testing.B) {
	h := startApp(b, scaleCopy(b), 120, 40)
	busiest(b, h)
	open, back := keyOf(km.List.Open), keyOf(km.Global.Back)
	b.ResetTimer()
	for range b.N {
		h.send(open)
		_ = h.m.View()
		b.StopTimer()
		h.send(back)
		b.StartTimer()
	}
}

// BenchmarkAccountsKeyByHealth: a key on the Accounts list sorted by
// health (Update + View).
func BenchmarkAccountsKeyByHealth(b *testing.B) {
	h := startApp(b, scaleCopy(b), 120, 40)
	h.tab(accountsTab)
	h.do(km.List.Sort, km.List.Sort, km.List.Sort)
	keyLoop(b, h, keyOf(km.List.Down), keyOf(km.List.Up), 50)
}

// BenchmarkCheckInSave: on the busiest account's page, the check-in's
// enter → saved (one FULL-sync transaction with its undo entry) →
// the page reloaded → drawn. Opening the dialog and typing are not timed.
func BenchmarkCheckInSave(b *testing.B) {
	h := startApp(b, scaleCopy(b), 120, 40)
	busiest(b, h)
	h.do(km.List.Open)
	save := keyOf(km.Form.Accept)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		h.do(km.Account.CheckIn)
		h.typeText("Weekly check-in")
		b.StartTimer()
		h.send(save)
		_ = h.m.View()
	}
	b.StopTimer()
	h.wantScreen("Checked in with")
}

// BenchmarkCheckInSaveOnTheList is the same check-in from the Accounts
// list (c on the selected account): the list reloads instead of the page.
func BenchmarkCheckInSaveOnTheList(b *testing.B) {
	h := startApp(b, scaleCopy(b), 120, 40)
	h.tab(accountsTab)
	save := keyOf(km.Form.Accept)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		h.do(km.Account.CheckIn)
		h.typeText("Weekly check-in")
		b.StartTimer()
		h.send(save)
		_ = h.m.View()
	}
}
