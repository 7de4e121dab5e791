package tui

import (
	"context"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/model"
)

// Flow tests: a rep's keystrokes in, the screen and the database out.

// TestTodayQueueInUrgencyOrder opens the app (Today is the default tab) and
// reads the queue: overdue first (oldest due date first), then due today,
// then no next step, then stale, each row saying why it is there; deals
// with a next step later on are not in it.
func TestTodayQueueInUrgencyOrder(t *testing.T) {
	h := newHarness(t, 120, 30)
	h.wantScreen("2 overdue", "1 due today", "1 with no next step", "1 stale")
	want := []struct{ why, deal string }{
		{"⚠ 7d overdue", "Enterprise"},
		{"⚠ 3d overdue", "Fleet tracking"},
		{"● due today", "Initech expansion"},
		{"∅ no next step", "Globex pilot"},
		{"◷ stale 38d", "Hooli platform"},
	}
	var rows []string
	for _, l := range h.lines() {
		for _, w := range want {
			if strings.HasPrefix(strings.TrimLeft(strings.TrimSpace(l), "▸"), w.why) {
				rows = append(rows, l)
			}
		}
	}
	if len(rows) != len(want) {
		t.Fatalf("want %d queue rows, got %d:\n%s", len(want), len(rows), h.screen())
	}
	for i, w := range want {
		if !strings.Contains(rows[i], w.why) || !strings.Contains(rows[i], w.deal) {
			t.Errorf("row %d = %q, want %q for %q", i, rows[i], w.why, w.deal)
		}
	}
	// The overdue rows name their next step and account; the wide layout
	// has a due column.
	if l := h.lineWith("Fleet tracking"); !strings.Contains(l, "Acme Corp") || !strings.Contains(l, "Send proposal") ||
		!strings.Contains(l, "$12k") || !strings.Contains(l, "Nov 24") {
		t.Errorf("Acme row lacks account, next step, value or due date: %q", l)
	}
	h.notScreen("Umbrella onboarding", "Vandelay imports")
	if !strings.Contains(h.lines()[0], "Fri 2026-11-27") {
		t.Errorf("header does not show the pinned date: %q", h.lines()[0])
	}
	// The first row is selected and j/k move the selection: enter opens
	// the selected deal.
	h.do(km.List.Down, km.List.Down, km.List.Up, km.List.Open)
	h.wantScreen("Acme Corp — Fleet tracking", "Stage history")
}

// TestTabSwitching covers each tab's key (1–5), tab and shift+tab (which
// wraps).
func TestTabSwitching(t *testing.T) {
	h := newHarness(t, 100, 30)
	marks := map[int]string{
		todayTab:    "2 overdue",
		pipelineTab: "PROSPECTING",
		accountsTab: "7 accounts",
		renewalsTab: "Nothing to decide this week",
		metricsTab:  "changes against 1–27 October 2026",
	}
	check := func(tab int) {
		t.Helper()
		if h.m.active != tab {
			t.Fatalf("active tab = %d, want %d", h.m.active, tab)
		}
		h.wantScreen(marks[tab])
		if got := h.m.View().WindowTitle; got != "rolo — "+h.m.tabs[tab].name {
			t.Errorf("window title %q", got)
		}
	}
	check(todayTab)
	for _, tab := range []int{pipelineTab, accountsTab, renewalsTab, metricsTab, todayTab} {
		h.tab(tab)
		check(tab)
	}
	for want := 1; want <= 5; want++ {
		h.do(km.Global.NextTab)
		check(want % len(h.m.tabs))
	}
	h.do(km.Global.PrevTab)
	check(metricsTab)
	h.do(km.Global.PrevTab, km.Global.PrevTab)
	check(accountsTab)
}

// selectedCard returns the title row of the selected card on the board
// (the one drawn with the ▌ bar), trimmed to its column.
func (h *harness) selectedCard() string {
	h.t.Helper()
	for _, l := range h.lines() {
		if i := strings.Index(l, "▌ "); i >= 0 {
			rest := l[i+len("▌ "):]
			if j := strings.Index(rest, "│"); j >= 0 {
				rest = rest[:j]
			}
			return strings.Join(strings.Fields(rest), " ")
		}
	}
	h.t.Fatalf("no card is selected:\n%s", h.screen())
	return ""
}

// colCount reads the deal count in a board column's header
// ("PROSPECTING   2", "‹ QUALIFYING  20", "CLOSING  8 ›").
func (h *harness) colCount(stage string) int {
	h.t.Helper()
	for _, l := range h.lines() {
		for _, part := range strings.Split(l, "│") {
			var f []string
			for _, w := range strings.Fields(part) {
				if w != "‹" && w != "›" {
					f = append(f, w)
				}
			}
			if len(f) == 2 && f[0] == stage {
				if n, err := strconv.Atoi(strings.ReplaceAll(f[1], ",", "")); err == nil {
					return n
				}
			}
		}
	}
	h.t.Fatalf("no column %s on screen:\n%s", stage, h.screen())
	return -1
}

// wantCounts checks the board's column counts.
func (h *harness) wantCounts(counts ...int) {
	h.t.Helper()
	for i, name := range []string{"PROSPECTING", "QUALIFYING", "PRESENTING", "CLOSING"} {
		if got := h.colCount(name); got != counts[i] {
			h.t.Fatalf("%s shows %d deals, want %d:\n%s", name, got, counts[i], h.screen())
		}
	}
}

// TestBoardNavigation moves the selection with h/j/k/l and the arrows.
func TestBoardNavigation(t *testing.T) {
	h := newHarness(t, 120, 30)
	h.tab(pipelineTab)
	// Cards in a column: no next step first, then by due date.
	if got := h.selectedCard(); got != "Globex pilot" {
		t.Fatalf("first selected card = %q", got)
	}
	steps := []struct {
		b         key.Binding
		key, want string
	}{
		{km.List.Down, "j", "Fleet tracking"},
		{km.List.Down, "j", "Fleet tracking"}, // the bottom of the column
		{km.List.Up, "k", "Globex pilot"},
		{km.Board.Right, "l", "Initech expansion"},
		{km.List.Down, "down", "Umbrella onboarding"},
		{km.Board.Right, "right", "Hooli platform ◷38d"},
		{km.Board.Right, "l", "Enterprise"},
		{km.Board.Right, "l", "Enterprise"}, // the last column
		{km.List.Down, "down", "Vandelay imports"},
		{km.List.Up, "up", "Enterprise"},
		{km.Board.Left, "left", "Hooli platform ◷38d"},
		{km.Board.Left, "h", "Umbrella onboarding"}, // each column keeps its own cursor
		{km.List.Up, "k", "Initech expansion"},
	}
	for i, s := range steps {
		h.doKey(s.b, s.key)
		if got := h.selectedCard(); got != s.want {
			t.Fatalf("step %d (%s): selected %q, want %q\n%s", i, s.key, got, s.want, h.screen())
		}
	}
}

// TestMoveDealStages moves a card right with L and >, back with H, and
// undoes with u, checking the board and the stored stage and history.
func TestMoveDealStages(t *testing.T) {
	h := newHarness(t, 120, 30)
	pro, qual, pres := h.stage("Prospecting"), h.stage("Qualifying"), h.stage("Presenting")
	h.tab(pipelineTab)
	if got := h.selectedCard(); got != "Globex pilot" {
		t.Fatalf("selected %q", got)
	}
	h.doKey(km.Deal.MoveNext, "L")
	if got := h.selectedCard(); got != "Globex pilot" {
		t.Fatalf("after L the moved card is not selected: %q\n%s", got, h.screen())
	}
	if h.board().col != 1 {
		t.Errorf("selection did not follow the card to Qualifying")
	}
	h.wantScreen("Moved Globex pilot to Qualifying · u undoes")
	h.wantCounts(1, 3, 1, 2)
	d := h.deal(h.book.globex)
	if d.StageID != qual.ID {
		t.Fatalf("stored stage = %d, want Qualifying (%d)", d.StageID, qual.ID)
	}
	ev := h.events(h.book.globex)
	last := ev[len(ev)-1]
	if last.Kind != model.EventStage || last.FromStageID != pro.ID || last.ToStageID != qual.ID {
		t.Fatalf("last event = %+v, want a stage event Prospecting → Qualifying", last)
	}
	if !last.At.Equal(testNow) {
		t.Errorf("event time %v, want the pinned clock", last.At)
	}

	h.doKey(km.Deal.MoveNext, ">")
	if d := h.deal(h.book.globex); d.StageID != pres.ID {
		t.Fatalf("> did not move to Presenting: stage %d", d.StageID)
	}
	if got := h.selectedCard(); got != "Globex pilot" {
		t.Fatalf("after > selected %q", got)
	}

	h.do(km.Deal.MovePrev)
	if d := h.deal(h.book.globex); d.StageID != qual.ID {
		t.Fatalf("H did not move back to Qualifying: stage %d", d.StageID)
	}
	h.wantScreen("Moved Globex pilot to Qualifying")
	if got := len(h.events(h.book.globex)); got != len(ev)+2 {
		t.Errorf("want one stage event per move: %d events, had %d", got, len(ev))
	}

	// u undoes the last move (H), then the one before (>)...
	h.do(km.Global.Undo)
	h.wantScreen("Undid: move deal")
	if d := h.deal(h.book.globex); d.StageID != pres.ID {
		t.Fatalf("undo: stage %d, want Presenting", d.StageID)
	}
	h.do(km.Global.Undo, km.Global.Undo)
	if d := h.deal(h.book.globex); d.StageID != pro.ID {
		t.Fatalf("three undos: stage %d, want Prospecting", d.StageID)
	}
	h.wantCounts(2, 2, 1, 2)

	// The first column cannot go further left.
	h.do(km.Board.Left, km.Board.Left, km.Board.Left, km.Deal.MovePrev)
	h.wantScreen("Globex pilot is already in the first stage")
	if d := h.deal(h.book.globex); d.StageID != pro.ID {
		t.Fatalf("H in the first stage moved the deal")
	}
}

// TestWinNewBusinessStartsContract wins a new-business deal on a prospect:
// the account becomes a customer and the contract form follows; ctrl+s
// saves the contract.
func TestWinNewBusinessStartsContract(t *testing.T) {
	h := newHarness(t, 120, 30)
	h.tab(pipelineTab)
	h.do(km.List.Down) // Acme Corp — Fleet tracking
	if got := h.selectedCard(); got != "Fleet tracking" {
		t.Fatalf("selected %q", got)
	}
	h.do(km.Deal.Won)
	// W says what will happen and waits for enter.
	h.wantScreen("Mark won?", "Acme Corp — Fleet tracking becomes won at $12,000.00", "Acme Corp becomes a customer")
	if d := h.deal(h.book.acme); d.Status != model.Open {
		t.Fatalf("W alone closed the deal: %s", d.Status)
	}
	h.do(km.Confirm.Yes)
	d := h.deal(h.book.acme)
	if d.Status != model.Won {
		t.Fatalf("deal status %s, want won", d.Status)
	}
	if d.StageID != h.stage("Prospecting").ID {
		t.Errorf("a won deal keeps its stage; got %d", d.StageID)
	}
	a := h.account(h.book.acmeAccount)
	if a.Status != model.Customer || a.CustomerSince != h.clock.Today() {
		t.Fatalf("account %s since %s, want customer since today", a.Status, a.CustomerSince)
	}
	h.wantScreen("Start the contract — Acme Corp", "Value per year", "Term", "Notice (days)", "Auto-renews")
	h.wantScreen("Won Acme Corp — Fleet tracking: Acme Corp is now a customer")
	// The card has left the board.
	h.wantCounts(1, 2, 1, 2)
	h.do(km.Form.Save)
	h.notScreen("Start the contract")
	h.wantScreen("Contract started: $12k a year, ends Nov 26 2027")
	cs, err := h.s.AccountContracts(context.Background(), h.book.acmeAccount)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 {
		t.Fatalf("want 1 contract, got %d", len(cs))
	}
	c := cs[0]
	if c.Value != (model.Money{Minor: 1200000, Currency: "USD"}) || c.Start != h.clock.Today() ||
		c.End != model.NewDate(2027, 11, 26) || c.NoticeDays != 30 || c.AutoRenew || c.DealID != h.book.acme {
		t.Errorf("contract = %+v", c)
	}
}

// TestWinThenSkipContract: esc on the offered contract form skips it.
func TestWinThenSkipContract(t *testing.T) {
	h := newHarness(t, 120, 30)
	h.tab(pipelineTab)
	h.do(km.List.Down, km.Deal.Won, km.Confirm.Yes)
	h.wantScreen("Start the contract")
	h.do(km.Form.Cancel)
	h.notScreen("Start the contract")
	cs, err := h.s.AccountContracts(context.Background(), h.book.acmeAccount)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 0 {
		t.Fatalf("esc still made a contract: %+v", cs)
	}
}

// TestLoseDealWithReason loses a deal with a reason typed into the dialog.
func TestLoseDealWithReason(t *testing.T) {
	h := newHarness(t, 120, 30)
	h.tab(pipelineTab)
	h.do(km.Board.Right, km.List.Down) // Qualifying: Umbrella onboarding
	if got := h.selectedCard(); got != "Umbrella onboarding" {
		t.Fatalf("selected %q", got)
	}
	h.do(km.Deal.Lost)
	h.wantScreen("Lost — Umbrella onboarding", "Why")
	// Saving without a reason is refused beside the field.
	h.do(km.Form.Save)
	h.wantScreen("✗ required")
	if d := h.deal(h.book.umbrella); d.Status != model.Open {
		t.Fatalf("saved without a reason: %s", d.Status)
	}
	h.typeText("went with a competitor")
	h.do(km.Form.Save)
	d := h.deal(h.book.umbrella)
	if d.Status != model.Lost || d.LostReason != "went with a competitor" || d.StageID != h.stage("Qualifying").ID {
		t.Fatalf("deal = %s %q stage %d, want lost in Qualifying with the reason", d.Status, d.LostReason, d.StageID)
	}
	if d.ClosedAt.IsZero() {
		t.Errorf("lost deal has no close time")
	}
	h.notScreen("Lost — Umbrella", "Umbrella Health")
	h.wantCounts(2, 1, 1, 2)
	h.wantScreen("Lost Umbrella onboarding (went with a competitor) · u undoes")

	// The reason is offered the next time.
	h.do(km.Deal.Lost)
	h.wantScreen("went with a competitor")
	h.do(km.Form.Cancel, km.Form.Cancel) // the suggestions, then the dialog
	h.notScreen("Lost — ")
}

// TestNewDealFormValidation types a deal for a new account with a bad
// value, sees the error beside the field with everything kept, fixes it
// and saves.
func TestNewDealFormValidation(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.do(km.Deal.New)
	h.wantScreen("New deal", "Title", "Account", "Value", "Stage", "ctrl+s saves")
	h.typeText("Sensor retrofit")
	h.do(km.Form.Next)
	h.typeText("Wayne Enterprises")
	h.wantScreen("new — will be created")
	h.do(km.Form.Next, km.Form.Next) // past the contact
	h.typeText("12,5")
	h.do(km.Form.Save)
	valueLine := h.lineWith("› Value")
	if !strings.Contains(valueLine, "12,5") {
		t.Errorf("the bad value was not kept: %q", valueLine)
	}
	scr := h.screen()
	errAt := strings.Index(scr, "✗")
	if errAt < 0 {
		t.Fatalf("no error shown:\n%s", scr)
	}
	// The error is on the row after the Value field.
	ls := h.lines()
	for i, l := range ls {
		if strings.Contains(l, "› Value") {
			if i+1 >= len(ls) || !strings.Contains(ls[i+1], "✗") {
				t.Fatalf("the error is not beside Value:\n%s", scr)
			}
		}
	}
	h.wantScreen("Sensor retrofit", "Wayne Enterprises")
	if _, err := h.s.FindDeal(context.Background(), "Sensor retrofit"); err == nil {
		t.Fatal("a deal with a bad value was saved")
	}
	// The cursor is on Value: fix it.
	h.clear(4)
	h.typeText("12k")
	h.do(km.Form.Save)
	h.notScreen("New deal")
	h.wantScreen("Added Sensor retrofit · u undoes")
	d, err := h.s.FindDeal(context.Background(), "Sensor retrofit")
	if err != nil {
		t.Fatalf("the deal was not saved: %v", err)
	}
	if d.Value != (model.Money{Minor: 1200000, Currency: "USD"}) {
		t.Errorf("value = %+v, want 1,200,000 minor USD", d.Value)
	}
	if d.AccountName != "Wayne Enterprises" || d.StageID != h.stage("Prospecting").ID || d.Kind != model.NewBusiness || d.Status != model.Open {
		t.Errorf("deal = %+v", d)
	}
	a := h.account(d.AccountID)
	if a.Name != "Wayne Enterprises" || a.Status != model.Prospect {
		t.Errorf("new account = %+v", a)
	}
	// A new deal has no next step: it joins Today's queue.
	h.wantScreen("2 with no next step", "Sensor retrofit")
}

// TestNewDealOnBoardUsesColumnStage: n on the board starts the form in the
// selected column's stage, and the saved card is selected.
func TestNewDealOnBoardUsesColumnStage(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.tab(pipelineTab)
	h.do(km.Board.Right, km.Board.Right, km.Deal.New)
	if l := h.lineWith("Stage"); !strings.Contains(l, "Presenting") {
		t.Fatalf("stage row %q", l)
	}
	h.typeText("Data warehouse")
	h.do(km.Form.Next)
	h.typeText("Hooli")
	h.do(km.Form.Accept)               // take the suggested existing account
	h.do(km.Form.Accept, km.Form.Next) // on to the contact, then the value
	h.typeText("$5,000")
	h.do(km.Form.Save)
	d, err := h.s.FindDeal(context.Background(), "Data warehouse")
	if err != nil {
		t.Fatal(err)
	}
	if d.StageID != h.stage("Presenting").ID || d.AccountID != h.deal(h.book.hooli).AccountID || d.Value.Minor != 500000 {
		t.Errorf("deal = %+v", d)
	}
	if got := h.selectedCard(); got != "Data warehouse" {
		t.Errorf("the new card is not selected: %q", got)
	}
}

// TestFormEscAsksBeforeDiscarding: esc closes an untouched form at once,
// but asks first when something was typed.
func TestFormEscAsksBeforeDiscarding(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.do(km.Deal.New, km.Form.Cancel)
	h.notScreen("New deal")

	h.do(km.Deal.New)
	h.typeText("Half typed")
	h.do(km.Form.Cancel)
	h.wantScreen("Discard your changes?", "New deal")
	h.doKey(km.Confirm.No, "n") // keep editing: "n" must not be typed into the field
	h.notScreen("Discard your changes?")
	if l := h.lineWith("Title"); !strings.Contains(l, "Half typed") || strings.Contains(l, "Half typedn") {
		t.Fatalf("title after keeping: %q", l)
	}
	h.do(km.Form.Cancel, km.Confirm.Yes)
	h.notScreen("New deal", "Discard")
	if _, err := h.s.FindDeal(context.Background(), "Half typed"); err == nil {
		t.Fatal("a discarded form saved")
	}
}

// TestEditDeal edits the selected deal with e.
func TestEditDeal(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.tab(pipelineTab)
	h.do(km.Board.Right) // Initech expansion
	h.do(km.Deal.Edit)
	h.wantScreen("Edit deal", "Initech expansion", "25,000.00")
	// Title, account, contact, value: change the value.
	h.do(km.Form.Next, km.Form.Next, km.Form.Next)
	h.clear(len("USD 25,000.00"))
	h.typeText("30k")
	h.do(km.Form.Save)
	h.notScreen("Edit deal")
	h.wantScreen("Saved Initech expansion · u undoes")
	d := h.deal(h.book.initech)
	if d.Value.Minor != 3000000 || d.Title != "Initech expansion" || d.AccountID != h.book.initechAccount || d.Kind != model.Expansion {
		t.Fatalf("edited deal = %+v", d)
	}
	ev := h.events(h.book.initech)
	if last := ev[len(ev)-1]; last.Kind != model.EventValue || last.OldMinor != 2500000 || last.NewMinor != 3000000 {
		t.Errorf("last event %+v, want a value change", last)
	}
	if got := h.selectedCard(); got != "Initech expansion" {
		t.Errorf("selection after edit: %q", got)
	}
	h.wantScreen("$30k")
}

// TestLogActivityOnBoard: a logs (l moves between columns on the board),
// and the same dialog sets the next step.
func TestLogActivityOnBoard(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.tab(pipelineTab)
	h.do(km.Board.Right, km.Board.Right) // Hooli platform, stale
	if got := h.selectedCard(); got != "Hooli platform ◷38d" {
		t.Fatalf("selected %q", got)
	}
	h.do(h.board().boardDealKeys().Log)
	h.wantScreen("Log — Hooli platform", "What happened", "Next step", "Check in after their reorg")
	h.do(km.Form.ChooseNext) // kind: call → email
	h.do(km.Form.Next)
	h.typeText("Sent the reorg FAQ")
	h.do(km.Form.Next, km.Form.Next) // when (blank: now), next step
	h.clear(len("Check in after their reorg"))
	h.typeText("Book a demo")
	h.do(km.Form.Next) // the due date starts empty, whatever it was
	h.typeText("mon")
	h.wantScreen("→ Mon Nov 30")
	h.do(km.Form.Save)
	h.notScreen("Log — ")
	h.wantScreen("Logged email on Hooli platform · next: Book a demo Nov 30 · u undoes")
	acts := h.activities(h.book.hooli)
	if len(acts) != 1 || acts[0].Kind != model.Email || acts[0].Text != "Sent the reorg FAQ" || !acts[0].At.Equal(testNow) {
		t.Fatalf("activities = %+v", acts)
	}
	d := h.deal(h.book.hooli)
	if d.NextStep != "Book a demo" || d.NextDue != model.NewDate(2026, 11, 30) || !d.LastTouchAt.Equal(testNow) {
		t.Fatalf("deal next %q %s touched %v", d.NextStep, d.NextDue, d.LastTouchAt)
	}
	// Touched: no longer stale on the board, and selected still.
	if got := h.selectedCard(); got != "Hooli platform" {
		t.Errorf("selected after log: %q", got)
	}
	h.notScreen("◷38d")
	// And off Today's queue.
	h.tab(todayTab)
	h.wantScreen("0 stale")
	h.notScreen("◷ stale")
}

// TestLogActivityKeyL: elsewhere (Today) l logs. The next step is
// prefilled but its date is not: a touch asks when the step is due, and
// a date in the past is refused.
func TestLogActivityKeyL(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.do(km.List.Down) // Fleet tracking, 3d overdue
	h.do(km.Deal.Log)
	h.wantScreen("Log — Acme Corp — Fleet tracking", "Send proposal")
	h.do(km.Form.Next)
	h.typeText("Spoke to the buyer")
	h.do(km.Form.Save)
	h.wantScreen("✗ when? pick a day, today or later")
	if acts := h.activities(h.book.acme); len(acts) != 0 {
		t.Fatalf("saved without a due date: %+v", acts)
	}
	h.typeText("Nov 20") // the error put the cursor in the due field
	h.do(km.Form.Save)
	h.wantScreen("✗ Nov 20 is in the past")
	h.clear(len("Nov 20"))
	h.typeText("mon")
	h.do(km.Form.Save)
	acts := h.activities(h.book.acme)
	if len(acts) != 1 || acts[0].Kind != model.Call || acts[0].Text != "Spoke to the buyer" {
		t.Fatalf("activities = %+v", acts)
	}
	if d := h.deal(h.book.acme); d.NextStep != "Send proposal" || d.NextDue != model.NewDate(2026, 11, 30) {
		t.Errorf("next step %q %s, want the same step on Mon Nov 30", d.NextStep, d.NextDue)
	}
	h.wantScreen("1 overdue")
	h.notScreen("3d overdue")
}

// TestTodayDoneAndNext: d marks the follow-up done and sets the next one;
// the row leaves the queue and the cursor stays on the row after it.
func TestTodayDoneAndNext(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.do(km.Deal.Done) // Massive Dynamic, 7d overdue
	h.wantScreen("Done — what's next? Massive Dynamic — Enterprise", "Done: Send MSA")
	h.do(km.Form.Next, km.Form.Next, km.Form.Next)
	h.typeText("Countersign")
	h.do(km.Form.Next)
	h.typeText("tue")
	h.do(km.Form.Save)
	acts := h.activities(h.book.massive)
	if len(acts) != 2 || acts[0].Kind != model.Task || acts[0].Text != "Done: Send MSA" {
		t.Fatalf("activities = %+v", acts)
	}
	d := h.deal(h.book.massive)
	if d.NextStep != "Countersign" || d.NextDue != model.NewDate(2026, 12, 1) {
		t.Fatalf("next step %q %s", d.NextStep, d.NextDue)
	}
	h.wantScreen("1 overdue")
	h.notScreen("7d overdue", "Send MSA")
	if l := h.lineWith("3d overdue"); !strings.Contains(l, "Fleet tracking") {
		t.Errorf("the queue did not close up: %q", l)
	}
	// Saving with a due date and no next step is refused beside the field.
	h.do(km.Deal.Done, km.Form.Next, km.Form.Next, km.Form.Next, km.Form.Next)
	h.typeText("fri")
	h.do(km.Form.Save)
	h.wantScreen("✗ say what is due on Dec 4")
	h.do(km.Form.Cancel, km.Confirm.Yes)

	// Done with no next step asks once, then saves without one.
	h.do(km.Deal.Done) // Fleet tracking
	h.do(km.Form.Save)
	h.wantScreen("No next step?")
	if d := h.deal(h.book.acme); d.NextStep != "Send proposal" {
		t.Fatalf("saved before the answer: %q", d.NextStep)
	}
	h.do(km.Confirm.Yes)
	if d := h.deal(h.book.acme); d.NextStep != "" || !d.NextDue.IsZero() {
		t.Fatalf("next step %q %s, want none", d.NextStep, d.NextDue)
	}
	h.wantScreen("∅ no next step Fleet tracking")
}

// TestTodaySnooze: z snoozes to tomorrow and the row leaves the queue.
func TestTodaySnooze(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.do(km.List.Down, km.List.Down, km.List.Down) // Globex pilot, no next step
	h.do(km.Deal.Snooze)
	h.wantScreen("Snooze — Globex pilot", "2026-11-28", "→ Sat Nov 28")
	h.do(km.Form.Save)
	h.notScreen("Snooze —", "∅ no next step")
	h.wantScreen("Snoozed Globex pilot until Nov 28 · u undoes", "0 with no next step")
	if d := h.deal(h.book.globex); d.SnoozedUntil != model.NewDate(2026, 11, 28) {
		t.Fatalf("snoozed until %s", d.SnoozedUntil)
	}
	h.do(km.Global.Undo)
	h.wantScreen("∅ no next step Globex pilot", "1 with no next step")
	if d := h.deal(h.book.globex); !d.SnoozedUntil.IsZero() {
		t.Fatalf("undo left it snoozed until %s", d.SnoozedUntil)
	}
}

// TestDealDetail: enter on Today opens the deal with its stage history
// and activity; esc goes back.
func TestDealDetail(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.do(km.List.Open)
	h.wantScreen("Massive Dynamic — Enterprise", "open · Closing", "Massive Dynamic · Nina Sharp · new business · from referral",
		"Stage history", "Timeline (1)", "Pricing workshop with Nina",
		"Prospecting  Nov 10 → Nov 15", "Qualifying   Nov 15 → Nov 20", "Closing      Nov 20 → now",
		"Nov 15  Prospecting → Qualifying", "Nov 20  Qualifying → Closing", "Nov 10  created in Prospecting",
		"⚠ 7d overdue", "Send MSA", "$60,000.00", "close Dec 18")
	h.notScreen("2 overdue")
	// Moves work from here too.
	h.do(km.Deal.MovePrev)
	if d := h.deal(h.book.massive); d.StageID != h.stage("Presenting").ID {
		t.Fatalf("H in detail: stage %d", d.StageID)
	}
	h.wantScreen("open · Presenting", "Nov 27  Closing → Presenting", "Closing      Nov 20 → Nov 27")
	h.do(km.Global.Back)
	h.wantScreen("2 overdue")
	h.notScreen("Stage history")
}

// TestFilterBoardLive filters the board as each letter is typed.
func TestFilterBoardLive(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.tab(pipelineTab)
	h.do(km.List.Filter)
	h.typeText("ho")
	// "ho" matches Hooli (and nothing else); the counts follow.
	h.wantScreen("Hooli platform")
	h.wantCounts(0, 0, 1, 0)
	h.notScreen("Globex pilot", "Enterprise", "Umbrella onboarding")
	// Global keys are typed while filtering: "2" and "q" do nothing else.
	h.typeText("q")
	if h.quit {
		t.Fatal("q quit while typing a filter")
	}
	h.wantScreen("/ hoq")
	h.wantScreen("no deals")
	h.press("backspace")
	h.do(km.Filter.Keep)
	h.wantScreen("/ ho", "esc clears", "Hooli platform")
	h.notScreen("Globex pilot")
	h.do(km.Global.Back) // the kept filter: esc clears it
	h.wantScreen("Globex pilot", "Hooli platform")
	h.wantCounts(2, 2, 1, 2)
	h.notScreen("(esc clears)")
}

// TestTableToggleAndSort: v shows the table, s cycles its sort.
func TestTableToggleAndSort(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.tab(pipelineTab)
	h.do(km.Board.ToggleView)
	h.wantScreen("7 deals open · sorted by next step · s changes the sort", "Deal", "Account", "Stage", "Value")
	order := func() []string {
		var out []string
		for _, l := range h.lines() {
			for _, title := range []string{"Enterprise", "Fleet tracking", "Initech expansion", "Globex pilot", "Hooli platform", "Umbrella onboarding", "Vandelay imports"} {
				if strings.HasPrefix(strings.TrimLeft(strings.TrimSpace(l), "▸"), title) {
					out = append(out, title)
				}
			}
		}
		return out
	}
	if got := strings.Join(order(), ","); got != "Globex pilot,Enterprise,Fleet tracking,Initech expansion,Vandelay imports,Umbrella onboarding,Hooli platform" {
		t.Errorf("next-step order: %s", got)
	}
	h.do(km.List.Sort)
	h.wantScreen("sorted by value")
	if got := strings.Join(order(), ","); got != "Enterprise,Hooli platform,Initech expansion,Umbrella onboarding,Fleet tracking,Vandelay imports,Globex pilot" {
		t.Errorf("value order: %s", got)
	}
	for _, want := range []string{"close date", "age", "last touch", "next step"} {
		h.do(km.List.Sort)
		h.wantScreen("sorted by " + want)
	}
	// L on the table moves the selected deal (the first row).
	h.do(km.Deal.MoveNext)
	if d := h.deal(h.book.globex); d.StageID != h.stage("Qualifying").ID {
		t.Fatalf("L in the table did not move the deal: stage %d", d.StageID)
	}
	// v goes back to the board with the same deal selected.
	h.do(km.Board.ToggleView)
	h.wantScreen("PROSPECTING")
	if got := h.selectedCard(); got != "Globex pilot" {
		t.Errorf("back on the board, selected %q", got)
	}
}

// TestPaletteJumps: ctrl+k finds a deal (opens its detail) or an account
// (opens its page); each opens over the view the user was on.
func TestPaletteJumps(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.do(km.Global.Palette)
	h.wantScreen("Jump to…", "type part of a name")
	if p, ok := h.dialog().(*palette); !ok || !p.input.Focused() {
		t.Fatal("the palette's input does not have the keyboard")
	}
	h.typeText("vandel")
	h.wantScreen("Vandelay Industries", "Vandelay imports")
	h.typeText("imp")
	h.do(km.Palette.Open)
	h.notScreen("Jump to…")
	h.wantScreen("Vandelay imports", "Stage history", "open · Closing")

	h.do(km.Global.Palette)
	h.typeText("umbrella h")
	h.wantScreen("account  Umbrella Health")
	h.do(km.Palette.Open)
	if got := h.m.top().title(); got != "Account — Umbrella Health" || h.m.active != todayTab {
		t.Fatalf("the account jump opened %q on tab %d", got, h.m.active)
	}
	h.wantScreen("Umbrella Health", "prospect", "New deal: Umbrella onboarding ($18,500.00)", "[Timeline 1]")
	h.do(km.Global.Back)
	h.wantScreen("Vandelay imports", "Stage history")
	h.do(km.Global.Palette)
	h.typeText("zzzz")
	h.wantScreen("no match")
	h.do(km.Palette.Close)
	h.notScreen("Jump to…")
}

// TestPaletteRowsFit: each hit is one row inside the dialog.
func TestPaletteRowsFit(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.do(km.Global.Palette)
	h.typeText("vandel")
	// The input, a blank row, one row per hit, the bottom border.
	ls := h.lines()
	for i, l := range ls {
		if strings.Contains(l, "› vandel") {
			if i+4 >= len(ls) || !strings.Contains(ls[i+2], "Vandelay") || !strings.Contains(ls[i+3], "Vandelay") || !strings.Contains(ls[i+4], "╰") {
				t.Fatalf("each hit must be one row inside the dialog:\n%s", h.screen())
			}
			return
		}
	}
	t.Fatalf("no palette input row:\n%s", h.screen())
}

// TestHelpOverlay: ? shows every key of the tab and any key closes it.
func TestHelpOverlay(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.tab(pipelineTab)
	h.do(km.Global.Help)
	h.wantScreen("Keys — Pipeline", "advance stage", "board/table", "jump to…", "weighted = Σ value × probability", "any key closes")
	h.do(km.List.Down)
	h.notScreen("Keys — Pipeline")
	if got := h.selectedCard(); got != "Globex pilot" {
		t.Errorf("the key that closed help also acted: selected %q", got)
	}
	h.tab(todayTab)
	h.do(km.Global.Help)
	h.wantScreen("Keys — Today", "done + next", "snooze")
	h.do(km.Global.Back)
	h.notScreen("Keys — Today")
}

// TestFirstRunScreen: an empty database says how to start, n opens the
// form, and saving the first deal leaves the welcome behind.
func TestFirstRunScreen(t *testing.T) {
	h := newEmptyHarness(t, 100, 30)
	h.wantScreen("Welcome to rolo", "Your book of business is empty", h.s.Path(), "press n here",
		`rolo add deal --account "Acme Corp"`, "rolo demo --db "+h.s.Path(), "rolo --demo")
	h.do(km.List.Down) // nothing to move to
	h.tab(pipelineTab) // tabs stay on the welcome
	h.wantScreen("Welcome to rolo")
	h.do(km.Deal.New)
	h.wantScreen("New deal")
	h.typeText("First deal")
	h.do(km.Form.Next)
	h.typeText("Pied Piper")
	h.do(km.Form.Next, km.Form.Next)
	h.typeText("1k")
	h.do(km.Form.Save)
	h.notScreen("Welcome to rolo", "New deal")
	h.wantScreen("First deal", "Pied Piper")
}

// TestQuit: q quits from a page, from the deal detail and from the first
// run screen, but not while a dialog has the keyboard.
func TestQuit(t *testing.T) {
	h := newHarness(t, 100, 30)
	h.do(km.Deal.New, km.Global.Quit)
	if h.quit {
		t.Fatal("q in a form quit")
	}
	h.do(km.Form.Cancel, km.Confirm.Yes)
	h.do(km.Global.Quit)
	if !h.quit {
		t.Fatal("q did not quit")
	}
	if h.m.View().Content != "" {
		t.Errorf("the last frame is not blank")
	}

	h = newHarness(t, 100, 30)
	h.do(km.List.Open, km.Global.Quit)
	if !h.quit {
		t.Fatal("q in the deal detail did not quit")
	}

	h = newEmptyHarness(t, 100, 30)
	h.do(km.Global.Quit)
	if !h.quit {
		t.Fatal("q on the first-run screen did not quit")
	}

	h = newHarness(t, 100, 30)
	h.do(km.Deal.New, km.Global.ForceQuit)
	if !h.quit {
		t.Fatal("ctrl+c in a form did not quit")
	}
}

// TestViewIsAltScreen: the app takes the whole screen.
func TestViewIsAltScreen(t *testing.T) {
	h := newHarness(t, 100, 30)
	if v := h.m.View(); !v.AltScreen {
		t.Error("View().AltScreen is false")
	}
	var _ tea.Model = h.m
}

// TestFirstRunHelpKey: the welcome screen says "Press ? for keys".
func TestFirstRunHelpKey(t *testing.T) {
	h := newEmptyHarness(t, 100, 30)
	h.wantScreen("Press ? for keys")
	h.do(km.Global.Help)
	if _, ok := h.dialog().(*helpDialog); !ok {
		t.Fatal("? on the first-run screen does not show the keys")
	}
	h.wantScreen("Keys — ")
}

// TestRandomKeysNeverPanic types long random sequences of the app's keys
// (writes included) at random sizes; nothing may panic.
func TestRandomKeysNeverPanic(t *testing.T) {
	keys := []string{"1", "2", "3", "4", "5", "tab", "shift+tab", "j", "k", "h", "l", "up", "down", "left", "right", "g", "G",
		"pgdown", "pgup", "enter", "esc", "n", "e", "a", "/", "ctrl+k", "u", "L", "H", ">", "<", "W", "X", "v", "s", "d", "z",
		"?", "x", "y", "ctrl+s", "backspace", "space", "S"}
	for seed := uint64(1); seed <= 3; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		h := newHarness(t, 60+r.IntN(100), 16+r.IntN(40))
		for i := range 250 {
			k := keys[r.IntN(len(keys))]
			func() {
				defer func() {
					if e := recover(); e != nil {
						t.Fatalf("seed %d, key %d (%q): panic: %v\n%s", seed, i, k, e, h.screen())
					}
				}()
				h.press(k)
				_ = h.raw()
			}()
			if r.IntN(50) == 0 {
				h.resize(40+r.IntN(160), 10+r.IntN(60))
			}
		}
		if h.quit {
			t.Errorf("seed %d: quit without q", seed)
		}
	}
}
