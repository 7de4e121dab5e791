package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"rolo/model"
	"rolo/store"
)

// renewalBook is a week of renewals added to the flow tests' book, with
// the clock on Friday 27 Nov 2026 (the week is Mon 23 – Sun 29 Nov):
//
//	Wildford Renewables  $6.4k   ended Nov 20, auto-renews: "auto-renewed?"  (in: overdue);
//	                             an urgent issue open since Nov 24: health 65, at risk
//	Falconcrest Power    €88k    ends Nov 28, notice Sep 29; renewal deal in Closing at €90k  (in)
//	Greenshore Analytics $17.5k  ends Nov 28, notice Sep 29; renewal deal in Presenting  (in)
//	Stormgrove Trading   $16.1k  ends Dec 29, notice Sun Nov 29  (in: this week)
//	Sagegate Engineering $116k   ends Jan 6, notice Oct 8  (in: overdue)
//	Copperwave           €9k     ends Thu Dec 3, no notice  (out of the week; in Today)
//	Mapleford Solar      $52k    ends Jan 4, notice Dec 5  (out; in the next 30 days)
//
// and Initech's contract from the book (ends Dec 31, no notice: out of the
// week and of the next 30 days).
type renewalBook struct {
	wildford, falcon, green, storm, sage, copper, maple int64 // contract ids
	falconDeal, greenDeal                               int64
	falconAcct, greenAcct                               int64
}

func seedRenewals(t testing.TB, s *store.Store) renewalBook {
	t.Helper()
	ctx := context.Background()
	d := func(y int, m time.Month, day int) model.Date { return model.NewDate(y, m, day) }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seeding renewals: %v", err)
		}
	}
	stages, err := s.Stages(ctx)
	must(err)
	add := func(name, tier string, value model.Money, start, end model.Date, notice int, auto bool) (model.Account, model.Contract) {
		t.Helper()
		a, err := s.CreateAccount(ctx, model.Account{Name: name, Status: model.Customer, Tier: tier})
		must(err)
		c, err := s.CreateContract(ctx, model.Contract{AccountID: a.ID, Value: value, Start: start, End: end, NoticeDays: notice, AutoRenew: auto})
		must(err)
		return a, c
	}
	usd := func(n int64) model.Money { return model.Money{Minor: n * 100, Currency: "USD"} }
	eur := func(n int64) model.Money { return model.Money{Minor: n * 100, Currency: "EUR"} }
	var b renewalBook
	wa, c := add("Wildford Renewables", "smb", usd(6400), d(2025, 11, 21), d(2026, 11, 20), 30, true)
	b.wildford = c.ID
	_, err = s.CreateIssue(ctx, model.SupportIssue{AccountID: wa.ID, Title: "Inverter data stops syncing", Severity: model.SevUrgent,
		OpenedAt: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)})
	must(err)
	fa, c := add("Falconcrest Power", "enterprise", eur(88000), d(2025, 11, 29), d(2026, 11, 28), 60, false)
	b.falcon, b.falconAcct = c.ID, fa.ID
	ga, c := add("Greenshore Analytics", "mid-market", usd(17500), d(2025, 11, 29), d(2026, 11, 28), 60, false)
	b.green, b.greenAcct = c.ID, ga.ID
	_, c = add("Stormgrove Trading", "mid-market", usd(16100), d(2025, 12, 30), d(2026, 12, 29), 30, false)
	b.storm = c.ID
	_, c = add("Sagegate Engineering", "enterprise", usd(116000), d(2025, 1, 7), d(2027, 1, 6), 90, true)
	b.sage = c.ID
	_, c = add("Copperwave", "smb", eur(9000), d(2025, 12, 4), d(2026, 12, 3), 0, false)
	b.copper = c.ID
	_, c = add("Mapleford Solar", "mid-market", usd(52000), d(2026, 1, 5), d(2027, 1, 4), 30, false)
	b.maple = c.ID
	deal, err := s.CreateDeal(ctx, model.Deal{AccountID: fa.ID, Title: "Falconcrest Power — 2027 renewal", Kind: model.Renewal,
		StageID: stages[3].ID, Value: eur(90000), ExpectedClose: d(2026, 11, 28), NextStep: "Agree price uplift", NextDue: d(2026, 11, 30)})
	must(err)
	b.falconDeal = deal.ID
	deal, err = s.CreateDeal(ctx, model.Deal{AccountID: ga.ID, Title: "Greenshore Analytics — 2027 renewal", Kind: model.Renewal,
		StageID: stages[2].ID, Value: usd(17500), ExpectedClose: d(2026, 11, 28), NextStep: "Send renewal quote", NextDue: d(2026, 12, 1)})
	must(err)
	b.greenDeal = deal.ID
	return b
}

// renewalHarness starts the app on the book plus the week of renewals.
func renewalHarness(t testing.TB, w, h int) (*harness, renewalBook) {
	t.Helper()
	hs := newHarness(t, w, h)
	b := seedRenewals(t, hs.s)
	hs.send(changedMsg{})
	return hs, b
}

func (h *harness) renewals() *renewalsView { return h.m.tabs[renewalsTab].stack[0].v.(*renewalsView) }

// reviewed lists the rows of the Renewals tab as loaded: account names.
func (h *harness) reviewed() []string {
	l := h.renewals().list
	var out []string
	for i := 0; i < l.total; i++ {
		r, ok := l.at(i)
		if !ok {
			h.t.Fatalf("row %d not loaded", i)
		}
		out = append(out, r.Account.Name)
	}
	return out
}

func (h *harness) contract(id int64) model.Contract {
	h.t.Helper()
	c, err := h.s.Contract(context.Background(), id)
	if err != nil {
		h.t.Fatalf("contract %d: %v", id, err)
	}
	return c
}

// TestRenewalReview is the issue's "done when": on a Friday the user
// opens Renewals, sees exactly this week's contracts and the overdue
// ones, and decides each from the keyboard — a renewal with a 5% uplift,
// a churn, a snooze — with the cursor staying put so the next contract is
// ready; u undoes each.
func TestRenewalReview(t *testing.T) {
	h, b := renewalHarness(t, 120, 40)
	ctx := context.Background()
	h.tab(renewalsTab)
	want := []string{"Wildford Renewables", "Falconcrest Power", "Greenshore Analytics", "Stormgrove Trading", "Sagegate Engineering"}
	if got := h.reviewed(); strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Fatalf("the week holds %v, want %v", got, want)
	}
	h.wantScreen("this week · Mon Nov 23 – Sun Nov 29", "5 up for renewal $156k + €88k", "auto-renewed?", "⚠ Sep 29", "● Nov 29")
	h.notScreen("Copperwave", "Mapleford", "Initech")

	// Renew Falconcrest with a 5% uplift: r, type over the prefilled
	// value, enter.
	h.do(km.List.Down)
	h.do(km.Contract.Renew)
	h.wantScreen("Renew — Falconcrest Power", "€90,000.00")
	h.typeText("+5%")
	h.wantScreen("€92,400.00 +5%")
	h.do(km.Form.Accept)
	if h.dialog() != nil {
		t.Fatalf("enter did not save:\n%s", h.screen())
	}
	old := h.contract(b.falcon)
	if old.Status != model.ContractRenewed {
		t.Fatalf("Falconcrest is %s", old.Status)
	}
	rows, err := h.s.Contracts(ctx, store.ContractQuery{AccountID: b.falconAcct})
	if err != nil || len(rows) != 2 {
		t.Fatalf("Falconcrest's contracts: %+v %v", rows, err)
	}
	next := rows[0].Contract
	if next.RenewsID != b.falcon || next.Value != (model.Money{Minor: 9_240_000, Currency: "EUR"}) ||
		next.Start != model.NewDate(2026, 11, 29) || next.End != model.NewDate(2027, 11, 28) || next.Status != model.ContractActive ||
		next.NoticeDays != 60 || next.DealID != b.falconDeal {
		t.Fatalf("the next term is %+v", next)
	}
	if d := h.deal(b.falconDeal); d.Status != model.Won || d.Value != next.Value {
		t.Fatalf("the renewal deal is %s at %s", d.Status, d.Value)
	}
	h.wantScreen("Renewed Falconcrest Power: Nov 29 – Nov 28 2027 at €92,400.00 (+5%) · won Falconcrest Power — 2027 renewal")
	// The row moved down to the decided part; the cursor stayed on the
	// second row, now Greenshore.
	if sel, _ := h.renewals().list.selected(); sel.Account.Name != "Greenshore Analytics" {
		t.Fatalf("after the renewal the cursor is on %s", sel.Account.Name)
	}
	h.wantScreen("✓ renewed → €92k to Nov", "decided: 1 renewed €88k") // cut to the column
	if r, _ := h.renewals().list.at(4); r.Contract.ID != b.falcon || healthText(r, model.NewDate(2026, 11, 27)) != "✓ renewed → €92k to Nov 28 2027" {
		t.Fatalf("the decided row: %+v", r)
	}

	// Churn Greenshore: x, the reason, enter, enter.
	h.do(km.Contract.Churn)
	h.wantScreen("Churn — Greenshore Analytics", "at its end (Nov 28)")
	h.typeText("switched to a competitor")
	h.do(km.Form.Accept, km.Form.Accept)
	if h.dialog() != nil {
		t.Fatalf("the churn did not save:\n%s", h.screen())
	}
	if c := h.contract(b.green); c.Status != model.ContractChurned || c.ChurnReason != "switched to a competitor" || c.End != model.NewDate(2026, 11, 28) {
		t.Fatalf("Greenshore's contract is %+v", c)
	}
	if d := h.deal(b.greenDeal); d.Status != model.Lost || d.LostReason != "switched to a competitor" {
		t.Fatalf("Greenshore's renewal deal is %s (%q)", d.Status, d.LostReason)
	}
	if a := h.account(b.greenAcct); a.Status != model.Churned || a.ChurnReason != "switched to a competitor" {
		t.Fatalf("Greenshore is %s", a.Status)
	}
	if sel, _ := h.renewals().list.selected(); sel.Account.Name != "Stormgrove Trading" {
		t.Fatalf("after the churn the cursor is on %s", sel.Account.Name)
	}

	// Snooze Stormgrove until Monday: it leaves the queue until then.
	h.do(km.Contract.Snooze)
	h.wantScreen("Snooze — Stormgrove Trading")
	h.typeText("mon")
	h.do(km.Form.Accept)
	if c := h.contract(b.storm); c.SnoozedUntil != model.NewDate(2026, 11, 30) {
		t.Fatalf("Stormgrove snoozed until %s", c.SnoozedUntil)
	}
	if sel, _ := h.renewals().list.selected(); sel.Account.Name != "Sagegate Engineering" {
		t.Fatalf("after the snooze the cursor is on %s", sel.Account.Name)
	}
	// The queue, then the snoozed, then the decided (latest decision
	// first; these two were made in the same second of the pinned clock,
	// so by end date, then id).
	want = []string{"Wildford Renewables", "Sagegate Engineering", "Stormgrove Trading", "Falconcrest Power", "Greenshore Analytics"}
	if got := h.reviewed(); strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Fatalf("after three decisions the review lists %v, want %v", got, want)
	}
	h.wantScreen("→ Nov 30", "1 snoozed", "✗ churned: switched", "decided: 1 renewed €88k, 1 churned $18k")

	// u undoes each, newest first, and selects the contract put back.
	h.do(km.Global.Undo)
	if c := h.contract(b.storm); !c.SnoozedUntil.IsZero() {
		t.Fatal("undo did not wake Stormgrove")
	}
	if sel, _ := h.renewals().list.selected(); sel.Account.Name != "Stormgrove Trading" {
		t.Fatalf("after undo the cursor is on %s", sel.Account.Name)
	}
	h.do(km.Global.Undo)
	if c := h.contract(b.green); c.Status != model.ContractActive || h.deal(b.greenDeal).Status != model.Open ||
		h.account(b.greenAcct).Status != model.Customer {
		t.Fatal("undo did not take the churn back")
	}
	h.do(km.Global.Undo)
	if c := h.contract(b.falcon); c.Status != model.ContractActive || h.deal(b.falconDeal).Status != model.Open ||
		!h.contract(next.ID).Archived {
		t.Fatal("undo did not take the renewal back")
	}
	want = []string{"Wildford Renewables", "Falconcrest Power", "Greenshore Analytics", "Stormgrove Trading", "Sagegate Engineering"}
	if got := h.reviewed(); strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Fatalf("after undoing everything the review lists %v", got)
	}
	h.wantScreen("nothing decided yet")
}

// TestSnoozedComesBackOnItsDay: a contract snoozed until Monday is back
// in the queue when the app opens on Monday.
func TestSnoozedComesBackOnItsDay(t *testing.T) {
	h, b := renewalHarness(t, 100, 30)
	h.tab(renewalsTab)
	for range 3 {
		h.do(km.List.Down)
	}
	h.do(km.Contract.Snooze)
	h.typeText("mon")
	h.do(km.Form.Accept)
	h.notScreen("Snooze —")
	if r, _ := h.renewals().list.at(4); r.Contract.ID != b.storm || r.Part != store.PartSnoozed {
		t.Fatalf("the snoozed row is not below the queue: %+v", r)
	}
	monday := startAt(t, h.s.Path(), time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC), 100, 30)
	monday.tab(renewalsTab)
	if got := monday.reviewed(); !contains(got, "Stormgrove Trading") {
		t.Fatalf("on Monday the review lists %v", got)
	}
	if r, _ := monday.renewals().list.at(0); r.Part != store.PartQueue {
		t.Fatalf("first row on Monday: %+v", r)
	}
	monday.notScreen("snoozed")
}

// TestAutoRenewalConfirmedWithOneKey: an auto-renewing contract past its
// end shows as auto-renewed? and r, enter renews it at the same value,
// recording a won renewal deal (none was open).
func TestAutoRenewalConfirmedWithOneKey(t *testing.T) {
	h, b := renewalHarness(t, 120, 40)
	h.tab(renewalsTab)
	h.do(km.Contract.Renew, km.Form.Accept)
	if c := h.contract(b.wildford); c.Status != model.ContractRenewed {
		t.Fatalf("wildford is %s:\n%s", c.Status, h.screen())
	}
	h.wantScreen("Renewed Wildford Renewables: Nov 21 – Nov 20 2027 at $6,400.00 (same value) · recorded as a won renewal deal")
}

// TestCheckInAndRenewalDeal: c logs a check-in and the row stays; o opens
// a renewal deal that the row then shows.
func TestCheckInAndRenewalDeal(t *testing.T) {
	h, b := renewalHarness(t, 120, 40)
	h.tab(renewalsTab)
	for range 4 {
		h.do(km.List.Down)
	}
	h.do(km.Contract.CheckIn)
	h.wantScreen("Check in — Sagegate Engineering")
	h.typeText("Happy; budget approved for next year")
	h.do(km.Form.Accept)
	h.wantScreen("Checked in with Sagegate Engineering")
	if sel, _ := h.renewals().list.selected(); sel.Contract.ID != b.sage || sel.Account.LastTouchAt.IsZero() {
		t.Fatalf("after the check-in the cursor is on %+v", sel)
	}
	h.wantScreen("today") // last touch
	h.do(km.Contract.OpenDeal)
	h.wantScreen("Open a renewal deal — Sagegate Engineering", "closing Jan 6")
	h.typeText("Book the renewal call")
	h.do(km.Form.Next)
	h.typeText("wed")
	h.do(km.Form.Accept)
	h.wantScreen("Opened Sagegate Engineering — 2027 renewal in Prospecting")
	sel, _ := h.renewals().list.selected()
	if sel.Deal.ID == 0 || sel.Deal.Kind != model.Renewal || sel.Deal.Value.Minor != 11_600_000 || sel.Deal.ExpectedClose != model.NewDate(2027, 1, 6) ||
		sel.Deal.NextDue != model.NewDate(2026, 12, 2) {
		t.Fatalf("the row's deal: %+v", sel.Deal)
	}
	// o now opens that deal.
	h.do(km.Contract.OpenDeal)
	h.wantScreen("Sagegate Engineering — 2027 renewal", "Stage history")
}

// TestWonAndLostRenewalDealsDecide: W on a renewal deal on the board renews
// its contract (value and term asked, prefilled from the deal); X churns it.
func TestWonAndLostRenewalDealsDecide(t *testing.T) {
	h, b := renewalHarness(t, 120, 40)
	h.tab(pipelineTab)
	h.board().focus(dealRef(b.falconDeal))
	h.send(changedMsg{})
	if d, ok := h.board().current().list.selected(); !ok || d.ID != b.falconDeal {
		t.Fatalf("the board did not select the renewal deal")
	}
	h.do(km.Deal.Won)
	h.wantScreen("Won — Falconcrest Power — 2027 renewal (renews the contract)", "€90,000.00")
	h.do(km.Form.Accept)
	if c := h.contract(b.falcon); c.Status != model.ContractRenewed {
		t.Fatalf("W left the contract %s", c.Status)
	}
	if d := h.deal(b.falconDeal); d.Status != model.Won || d.Value.Minor != 9_000_000 {
		t.Fatalf("the deal is %s at %s", d.Status, d.Value)
	}
	h.board().focus(dealRef(b.greenDeal))
	h.send(changedMsg{})
	h.do(km.Deal.Lost)
	h.wantScreen("Lost — Greenshore Analytics — 2027 renewal")
	h.typeText("price")
	h.do(km.Form.Accept, km.Form.Accept)
	if c := h.contract(b.green); c.Status != model.ContractChurned || c.ChurnReason != "price" {
		t.Fatalf("X left the contract %+v", c)
	}
}

// TestRenewalWindows: w/m/q/a switch the window, shown in the header.
func TestRenewalWindows(t *testing.T) {
	h, _ := renewalHarness(t, 120, 40)
	h.tab(renewalsTab)
	h.do(km.Renewals.Month)
	h.wantScreen("next 30 days · Fri Nov 27 – Sun Dec 27", "Copperwave", "Mapleford Solar")
	h.notScreen("Initech")
	h.do(km.Renewals.Quarter)
	h.wantScreen("this quarter · Q4 2026")
	if h.m.quitting {
		t.Fatal("q quit the app instead of showing the quarter")
	}
	h.wantFooter("ctrl+c quit")
	h.do(km.Renewals.All)
	h.wantScreen("every contract still to decide", "Initech", "8 up for renewal")
	h.do(km.Renewals.Week)
	h.wantScreen("this week")
	// The filter narrows by account.
	h.do(km.List.Filter)
	h.typeText("storm")
	h.do(km.Filter.Keep)
	if got := h.reviewed(); strings.Join(got, ",") != "Stormgrove Trading" {
		t.Fatalf("filtered: %v", got)
	}
	// Elsewhere q quits.
	h.tab(todayTab)
	h.press(km.Global.Quit.Keys()[0])
	if !h.m.quitting {
		t.Fatal("q on Today does not quit")
	}
}

// TestTodayRenewalRows: Today's renewal segment comes first, most urgent
// first, and its rows take the contract keys.
func TestTodayRenewalRows(t *testing.T) {
	h, b := renewalHarness(t, 120, 40)
	h.do(km.List.Top)
	h.wantScreen("5 renewals", "⟳ auto-renewed?", "⟳ ends tomorrow", "⟳ notice in 2d", "⟳ notice in 6d")
	if it, _ := h.today().list.selected(); it.Reason != store.ReasonRenewal || it.Contract.ID != b.wildford {
		t.Fatalf("first row: %+v", it)
	}
	h.do(km.List.Down)
	h.do(km.Contract.Churn)
	h.typeText("budget cut")
	h.do(km.Form.Accept, km.Form.Accept)
	if c := h.contract(b.falcon); c.Status != model.ContractChurned {
		t.Fatalf("x on Today left Falconcrest %s", c.Status)
	}
	if it, _ := h.today().list.selected(); it.Contract.ID != b.green {
		t.Fatalf("after the churn Today's cursor is on %+v", it.Contract)
	}
	h.wantScreen("4 renewals")
	h.do(km.Contract.Details)
	h.wantScreen("Greenshore Analytics — contract", "Terms (newest first)")
	h.do(km.Global.Back)
	h.do(km.List.Open)
	if v, ok := h.m.top().(*accountView); !ok || v.id != b.greenAcct || h.m.active != todayTab {
		t.Fatalf("enter on a renewal row does not open its account's page:\n%s", h.screen())
	}
	h.wantScreen("Greenshore Analytics", "[Timeline")
	h.do(km.Global.Back)
	if it, _ := h.today().list.selected(); it.Contract.ID != b.green {
		t.Fatalf("esc from the account page left Today's cursor on %+v", it.Contract)
	}
}

// TestRenewalRowOpensTheAccountPage: enter on a row of the review opens
// the account's page over it, whose health is the row's — score and main
// reason, as the Accounts list shows them; esc comes back to the same
// row.
func TestRenewalRowOpensTheAccountPage(t *testing.T) {
	h, b := renewalHarness(t, 120, 40)
	h.tab(renewalsTab)
	for range 3 {
		h.do(km.List.Down) // Stormgrove: its contract ends in 32 days with no renewal in progress
	}
	row, _ := h.renewals().list.selected()
	if row.Contract.ID != b.storm || row.Health == nil || row.Health.Score != 85 ||
		mainReason(*row.Health) != "−15 contract ends in 32d, no renewal in progress" {
		t.Fatalf("Stormgrove's row: %+v", row)
	}
	h.wantScreen("85 −15 contract ends in")
	h.do(km.List.Open)
	v, ok := h.m.top().(*accountView)
	if !ok || v.id != row.Account.ID {
		t.Fatalf("enter opened %T:\n%s", h.m.top(), h.screen())
	}
	h.wantScreen("Stormgrove Trading", "Health 85", "−15 contract ends in 32d, no renewal in progress")
	h.do(km.Global.Back)
	if sel, _ := h.renewals().list.selected(); sel.Contract.ID != b.storm {
		t.Fatalf("esc came back to %+v", sel.Contract)
	}
	// The Accounts list shows the same score and reason.
	h.tab(accountsTab)
	h.selectRow("Stormgrove")
	h.wantScreen("Stormgrove Trading", "−15 contract ends in 32d")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// startAt starts the app on the database at path with the clock at now.
func startAt(t testing.TB, path string, now time.Time, width, height int) *harness {
	t.Helper()
	clock := model.FixedClock(now)
	s := openStore(t, path, clock)
	t.Cleanup(func() { s.Close() })
	dark := true
	h := &harness{t: t, s: s, clock: clock, width: width, height: height}
	h.m = New(Options{Store: s, Clock: clock, Dark: &dark})
	h.send(tea.WindowSizeMsg{Width: width, Height: height})
	h.run(h.m.Init())
	return h
}

func (h *harness) wantFooter(sub string) {
	h.t.Helper()
	if !strings.Contains(h.footer(), sub) {
		h.t.Fatalf("footer %q lacks %q", h.footer(), sub)
	}
}

// TestSnoozePastTheEndAsks: a snooze past the contract's end is saved
// only after the user confirms it would end undecided.
func TestSnoozePastTheEndAsks(t *testing.T) {
	h, b := renewalHarness(t, 100, 30)
	h.tab(renewalsTab)
	for range 3 {
		h.do(km.List.Down) // Stormgrove, ends Dec 29
	}
	h.do(km.Contract.Snooze)
	h.wantScreen("Snooze — Stormgrove Trading", "Dec 4") // a week by default
	h.typeText("jan 5")
	h.do(km.Form.Accept)
	h.wantScreen("after the contract ends (Dec 29)", "Snooze anyway?")
	if c := h.contract(b.storm); !c.SnoozedUntil.IsZero() {
		t.Fatal("snoozed before the user confirmed")
	}
	h.do(km.Confirm.Yes)
	if c := h.contract(b.storm); c.SnoozedUntil != model.NewDate(2027, 1, 5) {
		t.Fatalf("snoozed until %s", c.SnoozedUntil)
	}
}

// TestChurnEffectiveToday: the churn can end the contract today instead
// of at its end date.
func TestChurnEffectiveToday(t *testing.T) {
	h, b := renewalHarness(t, 100, 30)
	h.tab(renewalsTab)
	for range 4 {
		h.do(km.List.Down) // Sagegate, ends Jan 6
	}
	h.do(km.Contract.Churn)
	h.typeText("project cancelled")
	h.do(km.Form.Next, km.Form.ChooseNext)
	h.wantScreen("[today]")
	h.do(km.Form.Accept)
	c := h.contract(b.sage)
	if c.Status != model.ContractChurned || c.End != model.NewDate(2026, 11, 27) || c.ChurnReason != "project cancelled" {
		t.Fatalf("churned now: %+v", c)
	}
	h.wantScreen("Churned Sagegate Engineering (project cancelled): ends Nov 27")
}

// TestStaleDecisionIsRefused: a contract churned in another window since
// the review loaded is not renewed over: the form says what changed.
func TestStaleDecisionIsRefused(t *testing.T) {
	h, b := renewalHarness(t, 120, 40)
	ctx := context.Background()
	h.tab(renewalsTab)
	h.do(km.List.Down) // Falconcrest
	other := openStore(t, h.s.Path(), testClock())
	defer other.Close()
	c, err := other.Contract(ctx, b.falcon)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.ChurnContract(ctx, c, store.ChurnTerms{Reason: "price"}); err != nil {
		t.Fatal(err)
	}
	h.do(km.Contract.Renew, km.Form.Accept)
	h.wantScreen("was churned elsewhere")
	if h.dialog() == nil {
		t.Fatal("the refused renewal closed the form")
	}
	if c := h.contract(b.falcon); c.Status != model.ContractChurned {
		t.Fatalf("the contract is %s", c.Status)
	}
	if rows, _ := h.s.Contracts(ctx, store.ContractQuery{AccountID: b.falconAcct}); len(rows) != 1 {
		t.Fatalf("a next term was written: %+v", rows)
	}
}

// TestAddOnRenewsWithItsContract: an add-on from a won expansion ends
// with Initech's contract; the review marks both rows, and renewing the
// add-on's row renews both into one next term at their value together
// (+5% of $40k) on the contract's own term; u takes it back.
func TestAddOnRenewsWithItsContract(t *testing.T) {
	h := newHarness(t, 120, 40)
	ctx := context.Background()
	cs, err := h.s.AccountContracts(ctx, h.book.initechAccount)
	if err != nil || len(cs) != 1 {
		t.Fatalf("Initech's contracts: %+v %v", cs, err)
	}
	base := cs[0]
	addOn, err := h.s.CreateContract(ctx, model.Contract{AccountID: base.AccountID, Value: model.Money{Minor: 1_000_000, Currency: "USD"},
		Start: model.NewDate(2026, 11, 27), End: base.End, NoticeDays: base.NoticeDays})
	if err != nil {
		t.Fatal(err)
	}
	h.send(changedMsg{})
	h.tab(renewalsTab)
	h.do(km.Renewals.All)
	h.wantScreen("Initech + add-on", "Initech (add-on)")
	for range 20 {
		if r, _ := h.renewals().list.selected(); r.Contract.ID == addOn.ID {
			break
		}
		h.do(km.List.Down)
	}
	h.do(km.Contract.Renew)
	h.wantScreen("Renew — Initech", "now $40,000.00/yr with its contract ($30k)", "12m")
	h.typeText("+5%")
	h.do(km.Form.Accept)
	if h.dialog() != nil {
		t.Fatalf("enter did not save:\n%s", h.screen())
	}
	h.wantScreen("Renewed Initech with its contract ($30k)", "$42,000.00 (+5%)")
	rows, err := h.s.Contracts(ctx, store.ContractQuery{AccountID: base.AccountID})
	if err != nil || len(rows) != 3 {
		t.Fatalf("Initech's contracts: %+v %v", rows, err)
	}
	next := rows[0].Contract
	if next.RenewsID != base.ID || next.Value.Minor != 4_200_000 || next.Start != model.NewDate(2027, 1, 1) || next.End != model.NewDate(2027, 12, 31) {
		t.Fatalf("the next term: %+v", next)
	}
	if h.contract(base.ID).Status != model.ContractRenewed || h.contract(addOn.ID).Status != model.ContractRenewed {
		t.Fatal("renewing the add-on left a contract undecided")
	}
	h.do(km.Global.Undo)
	if h.contract(base.ID).Status != model.ContractActive || h.contract(addOn.ID).Status != model.ContractActive || !h.contract(next.ID).Archived {
		t.Fatal("undo did not take the renewal back")
	}
}

// TestAccountPageOpensAContract: enter on the account page's Contracts
// opens the contract's page, where its renewal is decided; esc comes
// back to the account page.
func TestAccountPageOpensAContract(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.tab(accountsTab)
	h.selectRow("Initech")
	h.do(km.List.Open, km.Account.PrevSection)
	h.wantScreen("[Contracts 1]")
	h.do(km.List.Open)
	if _, ok := h.m.top().(*contractView); !ok {
		t.Fatalf("enter opened %T:\n%s", h.m.top(), h.screen())
	}
	h.wantScreen("Initech — contract", "Terms (newest first)", "r renew")
	h.do(km.Global.Back)
	if _, ok := h.m.top().(*accountView); !ok {
		t.Fatalf("esc went to %T", h.m.top())
	}
	h.wantScreen("[Contracts 1]")
}
