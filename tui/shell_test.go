package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"rolo/model"
	"rolo/store"
)

// Tests of the shell: the view stack, help for the view on top, the
// paged list's lazy loading, and the seller's loop details of issue 6.
// They press keys through the keymap (km).

// TestViewStackKeepsPlace: a deal opened from a scrolled list, or from
// the board, closes back to exactly where the user was; each tab keeps
// its own stack.
func TestViewStackKeepsPlace(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.do(km.List.Down, km.List.Down, km.List.Down) // Globex pilot
	h.do(km.List.Open)
	h.wantScreen("Globex pilot", "Stage history", "Timeline")
	if got := h.m.View().WindowTitle; got != "rolo — Deal — Globex pilot" {
		t.Errorf("window title %q", got)
	}
	// Another tab, and back: the deal is still open on Today.
	h.tab(pipelineTab)
	h.wantScreen("PROSPECTING")
	h.tab(todayTab)
	h.wantScreen("Stage history", "Globex pilot")
	h.do(km.Global.Back)
	if it, ok := h.today().list.selected(); !ok || it.Deal.ID != h.book.globex {
		t.Fatalf("back on Today, selected %+v", it.Deal.Title)
	}
	if !strings.HasPrefix(h.lineWith("Globex pilot"), "▸") {
		t.Errorf("the selected row is not marked: %q", h.lineWith("Globex pilot"))
	}
	// From the board: the third column's card, then back to it.
	h.tab(pipelineTab)
	h.do(km.Board.Right, km.Board.Right, km.List.Open)
	h.wantScreen("Hooli platform", "Stage history")
	h.do(km.Global.Back)
	if got := h.selectedCard(); got != "Hooli platform ◷38d" {
		t.Errorf("back on the board, selected %q", got)
	}
	// esc on a tab's own view does nothing.
	h.do(km.Global.Back)
	h.wantScreen("PROSPECTING")
}

// TestHelpIsForTheViewOnTop: ? describes the view or dialog on top.
func TestHelpIsForTheViewOnTop(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.do(km.Global.Help)
	h.wantScreen("Keys — Today", "done + next", "The queue, most urgent first")
	h.press("x") // any key closes
	h.do(km.List.Open)
	h.do(km.Global.Help)
	h.wantScreen("Keys — Deal — Massive Dynamic — Enterprise", "advance stage", "won", "read in full")
	h.notScreen("Keys — Today")
	h.press("x")
	h.do(km.Global.Back)
	h.tab(pipelineTab)
	h.do(km.Global.Help)
	h.wantScreen("Keys — Pipeline", "board/table", "weighted = Σ value × probability")
}

// TestOverdueIsRed: urgency colours carry meaning: an overdue follow-up is
// drawn red on Today and on its card.
func TestOverdueIsRed(t *testing.T) {
	h := newHarness(t, 120, 40)
	red := sgrOf(h.m.ctx.styles.Danger)
	if !strings.Contains(h.raw(), red+"⚠ 3d overdue") {
		t.Errorf("the overdue reason on Today is not red (%q)", red)
	}
	h.tab(pipelineTab)
	if !strings.Contains(h.raw(), red+"⚠3d") {
		t.Errorf("the overdue card is not red")
	}
}

// sgrOf is the escape sequence a style opens with.
func sgrOf(st interface{ Render(...string) string }) string {
	s := st.Render("x")
	return s[:strings.Index(s, "x")]
}

// TestNoColorKeepsMeaning: without colour, the selected row, the chosen
// option and a placeholder still read as what they are.
func TestNoColorKeepsMeaning(t *testing.T) {
	h := newHarness(t, 100, 30)
	h.do(km.Deal.New)
	scr := h.screen()
	for _, want := range []string{"e.g. Fleet tracking rollout", "[Prospecting]", "[new]"} {
		if !strings.Contains(scr, want) {
			t.Errorf("the new-deal form lacks %q:\n%s", want, scr)
		}
	}
	h.closeModal()
	if !strings.HasPrefix(h.lineWith("Enterprise"), "▸") {
		t.Errorf("the selected row has no marker: %q", h.lineWith("Enterprise"))
	}
}

// TestDatesAndMoneyPreview: every date and money field says what it will
// save as the user types, and reads dates the way the app prints them.
func TestDatesAndMoneyPreview(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.do(km.Deal.New)
	h.typeText("Sensor retrofit")
	h.do(km.Form.Next)
	h.typeText("Wayne Enterprises")
	h.do(km.Form.Next, km.Form.Next)
	h.typeText("12k")
	h.wantScreen("→ $12,000.00")
	for range 4 { // stage, kind, probability, expected close
		h.do(km.Form.Next)
	}
	for _, tc := range []struct{ typed, shows string }{
		{"Dec 18", "→ Fri Dec 18"}, {"fri", "→ Fri Dec 4"}, {"next fri", "→ Fri Dec 4"}, {"this fri", "→ Fri Nov 27"},
		{"in 2 weeks", "→ Fri Dec 11"}, {"12/5", "→ Sat Dec 5"}, {"Fri Dec 4", "→ Fri Dec 4"},
	} {
		h.typeText(tc.typed)
		h.wantScreen(tc.shows)
		h.clear(len(tc.typed))
	}
	h.typeText("Dec 18")
	h.do(km.Form.Save)
	d, err := h.s.FindDeal(context.Background(), "Sensor retrofit")
	if err != nil {
		t.Fatal(err)
	}
	if d.Value != (model.Money{Minor: 1_200_000, Currency: "USD"}) || d.ExpectedClose != model.NewDate(2026, 12, 18) {
		t.Errorf("saved %s closing %s", d.Value, d.ExpectedClose)
	}
}

// TestCurrencySetting: the default currency is a setting, not USD.
func TestCurrencySetting(t *testing.T) {
	h := newHarness(t, 120, 40)
	if _, err := h.s.SetSetting(context.Background(), "currency", "EUR"); err != nil {
		t.Fatal(err)
	}
	h.send(changedMsg{}) // as if another change: the app reloads its settings
	h.do(km.Deal.New)
	h.typeText("Euro deal")
	h.do(km.Form.Next)
	h.typeText("Acme Corp")
	h.do(km.Form.Next, km.Form.Next)
	h.wantScreen("in EUR unless you type another currency")
	h.typeText("9k")
	h.wantScreen("→ €9,000.00")
	h.do(km.Form.Save)
	if d, err := h.s.FindDeal(context.Background(), "Euro deal"); err != nil || d.Value.Currency != "EUR" {
		t.Fatalf("saved %+v, %v", d.Value, err)
	}
}

// TestNewDealOnAccountsFillsAccount: n on Accounts starts a deal on the
// selected account, an expansion when it is a customer.
func TestNewDealOnAccountsFillsAccount(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.tab(accountsTab)
	h.do(km.List.Down, km.List.Down, km.List.Down) // Initech, a customer
	h.do(km.Deal.New)
	h.wantScreen("New deal", "Initech", "[expansion]")
	h.typeText("Seats")
	h.do(km.Form.Next, km.Form.Next, km.Form.Next)
	h.typeText("5k")
	h.do(km.Form.Save)
	d, err := h.s.FindDeal(context.Background(), "Seats")
	if err != nil {
		t.Fatal(err)
	}
	if d.AccountID != h.book.initechAccount || d.Kind != model.Expansion {
		t.Errorf("deal on account %d kind %s", d.AccountID, d.Kind)
	}
}

// TestNewDealFromTodayShowsWhereItLanded: a deal whose next step is not
// due today is shown, selected, on the board.
func TestNewDealFromTodayShowsWhereItLanded(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.do(km.Deal.New)
	h.typeText("Later deal")
	h.do(km.Form.Next)
	h.typeText("Globex")
	h.do(km.Form.Next, km.Form.Next)
	h.typeText("3k")
	for range 6 { // stage, kind, probability, close, source, next step
		h.do(km.Form.Next)
	}
	h.typeText("Kickoff call")
	h.do(km.Form.Next)
	h.typeText("wed")
	h.do(km.Form.Save)
	if h.m.active != pipelineTab {
		t.Fatalf("still on tab %d", h.m.active)
	}
	if got := h.selectedCard(); got != "Later deal" {
		t.Errorf("selected %q", got)
	}
	h.wantScreen("Added Later deal to Prospecting on the board")
	// A deal with no next step lands in Today's queue, selected.
	h.tab(todayTab)
	h.do(km.Deal.New)
	h.typeText("Unplanned deal")
	h.do(km.Form.Next)
	h.typeText("Globex")
	h.do(km.Form.Next, km.Form.Next)
	h.typeText("2k")
	h.do(km.Form.Save)
	if h.m.active != todayTab {
		t.Fatalf("left Today for tab %d", h.m.active)
	}
	if it, ok := h.today().list.selected(); !ok || it.Deal.Title != "Unplanned deal" {
		t.Errorf("selected %q", it.Deal.Title)
	}
}

// TestReopenClosedDeal: o puts a won or lost deal back on the board.
func TestReopenClosedDeal(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.tab(pipelineTab)
	h.do(km.List.Down, km.Deal.Lost) // Fleet tracking
	h.typeText("no budget")
	h.do(km.Form.Save)
	if d := h.deal(h.book.acme); d.Status != model.Lost {
		t.Fatalf("status %s", d.Status)
	}
	h.send(pushMsg{v: newDealView(h.m.ctx, h.book.acme)})
	h.wantScreen("lost in Prospecting: no budget")
	h.notScreen("probability", "weighted")
	h.do(km.Deal.Reopen)
	d := h.deal(h.book.acme)
	if d.Status != model.Open || d.LostReason != "" || !d.ClosedAt.IsZero() {
		t.Fatalf("reopened deal = %s %q %v", d.Status, d.LostReason, d.ClosedAt)
	}
	h.wantScreen("open · Prospecting", "Reopened Acme Corp — Fleet tracking")
	if ev := h.events(h.book.acme); ev[len(ev)-1].Kind != model.EventStatus || ev[len(ev)-1].NewText != "open" {
		t.Errorf("last event %+v", ev[len(ev)-1])
	}
}

// TestLostReasonEnterTakesSuggestion: enter takes the highlighted past
// reason into the field; a second enter saves.
func TestLostReasonEnterTakesSuggestion(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.tab(pipelineTab)
	h.do(km.List.Down, km.Deal.Lost)
	h.typeText("went elsewhere")
	h.do(km.Form.Save) // Fleet tracking lost: the reason is now a past one
	h.do(km.Deal.Lost) // Globex pilot
	h.typeText("went")
	h.wantScreen("▸ went elsewhere")
	h.do(km.Form.Accept)
	if d := h.deal(h.book.globex); d.Status != model.Open {
		t.Fatalf("the first enter saved")
	}
	if l := h.lineWith("› Why"); !strings.Contains(l, "went elsewhere") {
		t.Fatalf("the suggestion was not taken: %q", l)
	}
	h.do(km.Form.Accept)
	if d := h.deal(h.book.globex); d.Status != model.Lost || d.LostReason != "went elsewhere" {
		t.Fatalf("deal %s %q", d.Status, d.LostReason)
	}
}

// TestTimelineReadsInFull: enter on a timeline entry or the notes shows
// the whole text; notes are edited in a multi-line field.
func TestTimelineReadsInFull(t *testing.T) {
	h := newHarness(t, 120, 40)
	long := strings.Repeat("The CFO wants the rollout phased by depot. ", 12) + "End of note."
	if _, err := h.s.LogActivity(context.Background(), model.Activity{DealID: h.book.massive, Kind: model.Meeting,
		Text: "Line one\nLine two " + long}, store.NextStep{}); err != nil {
		t.Fatal(err)
	}
	h.do(km.List.Open) // Massive Dynamic
	h.wantScreen("Timeline (2)")
	h.do(km.List.Open)
	h.wantScreen("Line one", "End of note.")
	h.do(km.Text.Close)
	h.notScreen("End of note.")
	// Notes: edit them in the form over several lines, then read them.
	h.do(km.Deal.Edit)
	for range 11 {
		h.do(km.Form.Next)
	}
	h.typeText("First line")
	h.do(km.Form.Accept)
	h.typeText("Second line")
	h.do(km.Form.Save)
	if d := h.deal(h.book.massive); d.Notes != "First line\nSecond line" {
		t.Fatalf("notes %q", d.Notes)
	}
	h.do(km.List.Top, km.List.Open)
	h.wantScreen("Notes — Massive Dynamic — Enterprise", "First line", "Second line")
}

// TestTableReverseAndCurrencies: S reverses the sort; a sort by value
// groups currencies instead of comparing $ with € by raw amount; a past
// expected close is flagged.
func TestTableReverseAndCurrencies(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	s := openStore(t, path, testClock())
	ctx := context.Background()
	st, err := s.Stages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []struct {
		title string
		value model.Money
		close model.Date
	}{
		{"Dollar small", model.Money{Minor: 5_000_00, Currency: "USD"}, model.Date{}},
		{"Euro big", model.Money{Minor: 90_000_00, Currency: "EUR"}, model.NewDate(2026, 11, 20)},
		{"Dollar big", model.Money{Minor: 50_000_00, Currency: "USD"}, model.Date{}},
		{"Euro small", model.Money{Minor: 1_000_00, Currency: "EUR"}, model.Date{}},
	} {
		if _, err := s.CreateDeal(ctx, model.Deal{AccountName: "Acme", Title: d.title, StageID: st[0].ID, Value: d.value,
			ExpectedClose: d.close}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	h := startApp(t, path, 120, 30)
	h.tab(pipelineTab)
	h.do(km.Board.ToggleView, km.List.Sort)
	rows := func() string {
		var out []string
		for _, l := range h.lines() {
			for _, title := range []string{"Dollar small", "Dollar big", "Euro small", "Euro big"} {
				if strings.Contains(l, title) {
					out = append(out, title)
				}
			}
		}
		return strings.Join(out, ",")
	}
	h.wantScreen("sorted by value")
	if got := rows(); got != "Euro big,Euro small,Dollar big,Dollar small" {
		t.Errorf("value order %s", got)
	}
	h.do(km.List.Reverse)
	h.wantScreen("sorted by value, reversed", "Value▲")
	if got := rows(); got != "Euro small,Euro big,Dollar small,Dollar big" {
		t.Errorf("reversed value order %s", got)
	}
	if l := h.lineWith("Euro big"); !strings.Contains(l, "Nov 20 ⚠") {
		t.Errorf("a passed close date is not flagged: %q", l)
	}
}

// TestPaletteRanksWordStartsFirst: names where the text starts a word
// come before names that only hold its letters.
func TestPaletteRanksWordStartsFirst(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	s := openStore(t, path, testClock())
	ctx := context.Background()
	for _, name := range []string{"Mostly Apples Ltd", "Big Maple Farms", "Maplewood", "Ampleton Maple", "Hemp Lens"} {
		if _, err := s.CreateAccount(ctx, model.Account{Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	h := startApp(t, path, 100, 30)
	h.do(km.Global.Palette)
	h.typeText("maple")
	var order []string
	for _, l := range h.lines() {
		for _, name := range []string{"Mostly Apples Ltd", "Big Maple Farms", "Maplewood", "Ampleton Maple"} {
			if strings.Contains(l, name) {
				order = append(order, name)
			}
		}
	}
	// The name starting with it, then the two with a word starting with
	// it (shorter first), then the one that only holds its letters.
	if got := strings.Join(order, ","); got != "Maplewood,Ampleton Maple,Big Maple Farms,Mostly Apples Ltd" {
		t.Errorf("palette order %s:\n%s", got, h.screen())
	}
	h.notScreen("Hemp Lens")
}

// TestLazyPaging: a board column longer than a page loads the rest as the
// cursor goes; out-of-order page answers end on the right rows, and an
// answer from before a reload is dropped.
func TestLazyPaging(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	s := openStore(t, path, testClock())
	ctx := context.Background()
	st, err := s.Stages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const n = 3*pageSize + 7
	for i := range n {
		if _, err := s.CreateDeal(ctx, model.Deal{AccountName: "Bulk", Title: fmt.Sprintf("Deal %03d", i), StageID: st[0].ID,
			Value: model.Money{Minor: 100, Currency: "USD"}}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	h := startApp(t, path, 100, 30)
	h.tab(pipelineTab)
	col := h.board().cols[0].list
	if len(col.rows) != pageSize {
		t.Fatalf("first load holds %d rows, want a page of %d", len(col.rows), pageSize)
	}
	h.wantScreen("Deal 000", fmt.Sprintf("↓ %d more", n-5))

	// G: the cursor goes to the end at once; its page follows.
	_, fetchEnd := h.m.Update(keyMsg(km.List.Bottom.Keys()[0]))
	if fetchEnd == nil {
		t.Fatal("G fetched nothing")
	}
	h.wantScreen("loading…", fmt.Sprintf("↑ %d above", n-5))
	// Paging up before it arrives: a second fetch, for the middle.
	var fetchMiddle tea.Cmd
	for i := 0; fetchMiddle == nil && i < n; i++ {
		_, fetchMiddle = h.m.Update(keyMsg(km.List.PageUp.Keys()[0]))
	}
	middle := col.cursor
	// The answers arrive out of order: the middle first, then the end,
	// which no longer holds the cursor; the list fetches the middle again
	// by itself, with no key pressed.
	middleMsg, endMsg := h.exec(fetchMiddle), h.exec(fetchEnd)
	h.send(middleMsg)
	h.send(endMsg)
	if got, ok := col.selected(); !ok || got.Title != fmt.Sprintf("Deal %03d", middle) {
		t.Fatalf("the selected row (%d) is not loaded: %q\n%s", middle, got.Title, h.screen())
	}
	h.notScreen("loading…")

	// A page answer from before a reload is dropped.
	_, stale := h.m.Update(keyMsg(km.List.Bottom.Keys()[0]))
	h.send(changedMsg{})
	h.send(h.exec(stale))
	h.wantScreen(fmt.Sprintf("Deal %03d", n-1))
	if got, ok := col.selected(); !ok || got.Title != fmt.Sprintf("Deal %03d", n-1) {
		t.Fatalf("after the reload the last deal is not selected: %+v", got.Title)
	}
}

// TestFormsBuiltOnTheUIGoroutine: a form's commands run while the window
// is resized and the theme changes; run with -race, nothing they touch
// may be written by Update meanwhile.
func TestFormsBuiltOnTheUIGoroutine(t *testing.T) {
	h := newHarness(t, 100, 30)
	for _, keys := range [][]string{
		{km.Deal.New.Keys()[0]},
		{km.Deal.Log.Keys()[0]},
		{km.Deal.Snooze.Keys()[0]},
		{km.Global.Palette.Keys()[0], "a", "c"},
		{"2", km.Deal.Lost.Keys()[0]},
	} {
		var cmds []tea.Cmd
		for _, k := range keys {
			_, cmd := h.m.Update(keyMsg(k))
			cmds = append(cmds, cmd)
		}
		done := make(chan []tea.Msg)
		go func() { done <- runAll(tea.Batch(cmds...)) }()
		for i := range 30 {
			h.m.Update(tea.WindowSizeMsg{Width: 60 + i, Height: 20 + i%10})
			h.m.Update(tea.BackgroundColorMsg{})
			_ = h.m.View()
		}
		for _, msg := range <-done {
			h.send(msg)
		}
		h.closeModal()
	}
}

// runAll runs a command and every command inside it (batches flattened),
// skipping timers, and returns their messages.
func runAll(cmd tea.Cmd) []tea.Msg {
	if cmd == nil || isTimer(cmd) {
		return nil
	}
	msg := cmd()
	if cmds, ok := subCommands(msg); ok {
		var out []tea.Msg
		for _, c := range cmds {
			out = append(out, runAll(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}
