package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"rolo/model"
	"rolo/store"
)

// The account manager's day, driven through the app with keys from km:
// see who is due a check-in and log it in one key and one line, open an
// account and read its whole history, add a contact, open and resolve an
// issue, record a CSAT answer, win an expansion that raises ARR, and undo
// each of those.

// past writes to the harness's file as another rolo would have at an
// earlier time (the test's setup), then has the app reload.
func (h *harness) past(at time.Time, write func(s *store.Store)) {
	h.t.Helper()
	s, err := store.Open(context.Background(), h.s.Path(), store.Options{Clock: model.FixedClock(at)})
	if err != nil {
		h.t.Fatal(err)
	}
	write(s)
	s.Close()
	h.send(changedMsg{})
}

func daysBefore(n int) time.Time { return testNow.AddDate(0, 0, -n) }

// ok returns v, stopping the test run on an error: for setup and reads
// that cannot fail unless the test itself is broken.
func ok[T any](v T, err error) T {
	if err != nil {
		panic(fmt.Sprintf("test setup: %v", err))
	}
	return v
}

// selectRow goes to the top of the list on screen and down until the
// selected row (▸) holds sub.
func (h *harness) selectRow(sub string) {
	h.t.Helper()
	h.do(km.List.Top)
	for range 60 {

		for _, l := range h.lines() {
			if strings.HasPrefix(l, "▸") && strings.Contains(l, sub) {
				return
			}
		}
		h.do(km.List.Down)
	}
	h.t.Fatalf("no row holding %q could be selected:\n%s", sub, h.screen())
}

// wonka adds a customer last touched 57 days ago (its check-in was due 27
// days ago).
func (h *harness) wonka() model.Account {
	h.t.Helper()
	var a model.Account
	h.past(daysBefore(57), func(s *store.Store) {
		ctx := context.Background()
		a = ok(s.CreateAccount(ctx, model.Account{Name: "Wonka Industries", Status: model.Customer, Tier: "mid-market",
			CustomerSince: model.NewDate(2025, 6, 1)}))
		ok(s.LogOnAccount(ctx, a, model.Activity{Kind: model.Call, Text: "Kick-off call"}, store.FollowUp{}))
		ok(s.CreateContract(ctx, model.Contract{AccountID: a.ID, Value: model.Money{Minor: 4_000_000, Currency: "USD"},
			Start: model.NewDate(2026, 6, 1), End: model.NewDate(2027, 5, 31), NoticeDays: 60}))
	})
	return h.account(a.ID)
}

func (h *harness) accountActivities(id int64) []model.Activity {
	h.t.Helper()
	return ok(h.s.AccountActivities(context.Background(), id, 1000))
}

func TestCheckInFromTodayLeavesTheQueue(t *testing.T) {
	h := newHarness(t, 120, 40)
	w := h.wonka()
	h.wantScreen("1 check-in due", "◷ check-in 27d late", "Wonka Industries", "last touch 8w ago")
	h.selectRow("Wonka Industries")
	h.do(km.Account.CheckIn)
	h.wantScreen("Check in — Wonka Industries", "What happened", "enter saves")
	h.typeText("Quarterly check-in: happy, wants SSO")
	h.press("enter")
	h.notScreen("Check in — Wonka Industries", "◷ check-in")
	h.wantScreen("Checked in with Wonka Industries · u undoes")
	acts := h.accountActivities(w.ID)
	if acts[0].Kind != model.CheckIn || acts[0].Text != "Quarterly check-in: happy, wants SSO" || !acts[0].At.Equal(testNow) {
		t.Fatalf("logged %+v", acts[0])
	}
	if a := h.account(w.ID); !a.LastTouchAt.Equal(testNow) || a.CheckInDue(time.UTC) != model.NewDate(2026, 12, 27) {
		t.Fatalf("after the check-in: touch %v, due %s", a.LastTouchAt, a.CheckInDue(time.UTC))
	}
	h.do(km.Global.Undo)
	h.wantScreen("Undid: check in with Wonka Industries", "◷ check-in 27d late")
	if got := ok(h.s.Activity(context.Background(), acts[0].ID)); !got.Archived {
		t.Errorf("undo left the check-in: %+v", got)
	}
}

func TestCheckInWithTheOptionalFields(t *testing.T) {
	h := newHarness(t, 120, 40)
	w := h.wonka()
	h.past(daysBefore(1), func(s *store.Store) {
		ok(s.CreateContact(context.Background(), model.Contact{AccountID: w.ID, Name: "Charlie Bucket", Title: "COO"}))
	})
	h.tab(accountsTab)
	h.selectRow("Wonka Industries")
	h.do(km.Account.CheckIn)
	h.typeText("Renewal chat")
	h.do(km.Form.Next)
	h.typeText("char")
	h.wantScreen("Charlie Bucket")
	h.press("enter") // take the suggestion
	h.do(km.Form.Next)
	h.press("right") // a call, not a check-in
	h.do(km.Form.Next)
	h.wantScreen("blank: every 30d, so Dec 27")
	h.typeText("Jan 15")

	h.wantScreen("→ Fri Jan 15")
	h.do(km.Form.Next)
	h.typeText("Send the SSO pricing")
	h.do(km.Form.Next)
	h.typeText("tue")
	h.do(km.Form.Save)
	h.wantScreen("Logged call on Wonka Industries · next check-in Jan 15 · task Send the SSO pricing due Dec 1 · u undoes")
	a := h.account(w.ID)
	if a.NextCheckIn != model.NewDate(2027, 1, 15) || a.CheckInDue(time.UTC) != model.NewDate(2027, 1, 15) {
		t.Fatalf("next check-in %s", a.NextCheckIn)
	}
	acts := h.accountActivities(w.ID)
	var task, call model.Activity
	for _, act := range acts {
		switch act.Kind {
		case model.Task:
			task = act
		case model.Call:
			if act.Text == "Renewal chat" {
				call = act
			}
		}
	}
	if task.Text != "Send the SSO pricing" || task.Due != model.NewDate(2026, 12, 1) || task.Done() || call.ContactID == 0 {
		t.Fatalf("task %+v, call %+v", task, call)
	}
	// One undo takes all of it back.
	h.do(km.Global.Undo)
	if a := h.account(w.ID); !a.NextCheckIn.IsZero() {
		t.Errorf("undo left the next check-in: %s", a.NextCheckIn)
	}
	if got := ok(h.s.Activity(context.Background(), task.ID)); !got.Archived {
		t.Errorf("undo left the task")
	}
}

func TestAccountPageReadsTheWholeHistory(t *testing.T) {
	h := newHarness(t, 100, 30)
	long := strings.Repeat("word ", 100) + "THE END"
	acme := h.book.acmeAccount
	h.past(daysBefore(300), func(s *store.Store) {
		ok(s.LogOnAccount(context.Background(), ok(s.Account(context.Background(), acme)),
			model.Activity{Kind: model.Meeting, Text: long}, store.FollowUp{}))
	})
	h.past(daysBefore(2), func(s *store.Store) {
		err := s.BulkLoad(context.Background(), func(b *store.Bulk) error {
			for i := range 2100 {
				at := daysBefore(250).Add(time.Duration(i) * time.Hour)
				if _, err := b.Activity(model.Activity{AccountID: acme, Kind: model.Email, Text: fmt.Sprintf("Email %04d", i), At: at, CreatedAt: at}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
	h.tab(accountsTab)
	h.selectRow("Acme Corp")
	h.do(km.List.Open)
	// 2,100 emails, the meeting, and the deal's creation.
	h.wantScreen("Acme Corp", "[Timeline 2,102]", "New deal: Acme Corp — Fleet tracking", "Email 2099")
	h.do(km.List.Bottom)
	h.wantScreen("meeting  word word")
	h.notScreen("loading…")
	h.do(km.List.Open)
	h.wantScreen("Meeting — Acme Corp", "THE END")
	h.press("esc")
	h.notScreen("THE END")
	// Paging back up loads as it goes.
	for range 3 {
		h.do(km.List.PageUp)
	}
	h.notScreen("loading…")
	h.do(km.Global.Back)
	if got := h.m.top().title(); got != "Accounts" {
		t.Fatalf("esc went to %q", got)
	}
	if row, ok := h.accounts().list.selected(); !ok || row.Name != "Acme Corp" {
		t.Errorf("back on the list, selected %+v", row)
	}
}

func TestAddAContactAndUndo(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.tab(accountsTab)
	h.selectRow("Initech")
	h.do(km.List.Open, km.Account.NextSection)
	h.wantScreen("[Contacts 0]", "No contacts yet — C adds one.")
	h.do(km.Account.AddContact)
	h.wantScreen("Add a contact — Initech", "Name", "Title", "Email", "Phone")
	h.typeText("Milton Waddams")
	h.do(km.Form.Next)
	h.typeText("Collator")
	h.do(km.Form.Next)
	h.typeText("not-an-email")
	h.do(km.Form.Save)
	h.wantScreen("is not an email address")
	h.clear(len("not-an-email"))
	h.typeText("milton@initech.example")
	h.do(km.Form.Next)
	h.typeText("+1 555 0199")
	h.do(km.Form.Save)
	h.wantScreen("Added Milton Waddams at Initech · u undoes", "[Contacts 1]", "Milton Waddams", "Collator",
		"milton@initech.example", "+1 555 0199")
	cs := ok(h.s.Contacts(context.Background(), h.book.initechAccount))
	if len(cs) != 1 || cs[0].Phone != "+1 555 0199" {
		t.Fatalf("contacts = %+v", cs)
	}
	// enter edits it.
	h.do(km.List.Open)
	h.wantScreen("Edit contact — Initech")
	h.do(km.Form.Next)
	h.clear(len("Collator"))
	h.typeText("Senior collator")
	h.do(km.Form.Save)
	h.wantScreen("Saved Milton Waddams at Initech", "Senior collator")
	h.do(km.Global.Undo, km.Global.Undo)
	h.wantScreen("[Contacts 0]")
}

func TestOpenAndResolveAnIssue(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.tab(accountsTab)
	h.selectRow("Initech")
	h.do(km.List.Open, km.Account.Issue)
	h.wantScreen("Open an issue — Initech", "Severity", "[normal]")
	h.typeText("TPS reports fail to export")
	h.do(km.Form.Next)
	h.press("right") // high
	h.do(km.Form.Save)
	h.wantScreen("Opened issue 1 (high): TPS reports fail to export · u undoes", "Opened (high): TPS reports fail to export")
	h.wantScreen("−10 1 high issue open 0d")
	for range 3 {
		h.do(km.Account.NextSection)
	}
	h.wantScreen("[Issues 1 open]", "high", "open today")
	h.do(km.Account.Resolve)
	h.wantScreen("Resolve — TPS reports fail to export", "What fixed it")
	h.typeText("New cover sheet template")
	h.press("enter")
	h.wantScreen("Resolved issue 1: TPS reports fail to export · u undoes", "resolved Nov 27", "New cover sheet template")
	i := ok(h.s.Issue(context.Background(), 1))
	if i.Open() || i.Resolution != "New cover sheet template" || i.Severity != model.SevHigh {
		t.Fatalf("issue = %+v", i)
	}
	h.notScreen("1 high issue open")
	h.do(km.Account.ReopenIssue)
	h.wantScreen("Reopened issue 1", "open today")
	h.do(km.Global.Undo, km.Global.Undo)
	if i := ok(h.s.Issue(context.Background(), 1)); !i.Open() {
		t.Errorf("undoing the reopen and the resolve: %+v", i)
	}
	h.do(km.Global.Undo)
	if i := ok(h.s.Issue(context.Background(), 1)); !i.Archived {
		t.Errorf("undoing the opening: %+v", i)
	}
	h.wantScreen("Issues 0")
}

func TestRecordACSATAnswer(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.tab(accountsTab)
	h.selectRow("Initech")
	h.do(km.List.Open, km.Account.Survey)
	h.wantScreen("Survey answer — Initech", "Score", "[CSAT]")
	h.typeText("9")
	h.press("enter")
	h.wantScreen("a CSAT score is a whole number from 1 to 5")
	h.clear(1)
	h.typeText("2")
	h.press("enter")
	h.wantScreen("Recorded CSAT 2/5 from Initech · u undoes", "CSAT 2/5", "−10 CSAT 2/5 on Nov 27")
	rows := ok(h.s.AccountSurveys(context.Background(), h.book.initechAccount))
	if len(rows) != 1 || rows[0].Kind != model.CSAT || rows[0].Score != 2 {
		t.Fatalf("answers = %+v", rows)
	}
	if a := h.account(h.book.initechAccount); !a.LastTouchAt.Equal(testNow) {
		t.Errorf("an answer is a touch: %v", a.LastTouchAt)
	}
	h.do(km.Global.Undo)
	h.wantScreen("Undid: record CSAT 2 from Initech")
	h.notScreen("CSAT 2/5")
}

func TestWinAnExpansionRaisesARR(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.tab(accountsTab)
	h.selectRow("Initech")
	h.do(km.List.Open)
	h.wantScreen("ARR $30,000.00")
	h.do(km.Account.NewDeal)
	h.wantScreen("New deal", "[expansion]")
	h.typeText("Initech — Extra seats")
	for range 3 {
		h.do(km.Form.Next)
	}
	h.typeText("10k")
	h.do(km.Form.Save)
	h.wantScreen("Added Initech — Extra seats", "Deals 2")
	h.do(km.Account.NextSection, km.Account.NextSection)
	h.selectRow("Extra seats")
	h.do(km.Deal.Won)
	h.wantScreen("Mark won?")
	h.do(km.Confirm.Yes)
	h.wantScreen("Add to ARR — Initech", "ends with the current contract ($30k/yr, ends Dec 31)", "Value per year")
	h.do(km.Form.Save)
	h.wantScreen("Added $10k a year to Initech's ARR (ends Dec 31) · u undoes", "ARR $40,000.00")
	cs := ok(h.s.AccountContracts(context.Background(), h.book.initechAccount))
	var addOn model.Contract
	for _, c := range cs {
		if c.DealID != 0 {
			addOn = c
		}
	}
	if addOn.Value.Minor != 1_000_000 || addOn.Start != model.NewDate(2026, 11, 27) || addOn.End != model.NewDate(2026, 12, 31) {
		t.Fatalf("add-on = %+v", addOn)
	}
	h.do(km.Global.Undo)
	h.wantScreen("ARR $30,000.00")
	h.do(km.Global.Undo)
	h.wantScreen("Undid: win deal Initech — Extra seats")
	h.do(km.Global.Undo)
	h.wantScreen("Deals 1")
}

func TestADealOpenedFromTheAccountPageGoesBackToIt(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.tab(accountsTab)
	h.selectRow("Massive Dynamic")
	h.do(km.List.Open, km.Account.NextSection, km.Account.NextSection)
	h.wantScreen("[Deals 1]")
	h.do(km.List.Open)
	h.wantScreen("Massive Dynamic — Enterprise", "Stage history")
	h.do(km.Global.Help)
	h.wantScreen("Keys — Deal — Massive Dynamic — Enterprise", "advance stage")
	h.press("esc")
	h.do(km.Deal.Account) // A opens its account: a page over the deal
	h.wantScreen("[Timeline")
	h.do(km.Global.Back, km.Global.Back)
	h.wantScreen("[Deals 1]", "Enterprise")
	h.do(km.Account.PrevSection, km.Account.PrevSection, km.Global.Help)
	h.wantScreen("Keys — Account — Massive Dynamic", "next section", "check in", "starts at 100 and loses points")

}

func TestTheAccountsList(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.wonka()
	h.tab(accountsTab)
	h.wantScreen("8 accounts · all accounts · sorted by name", "Account▲", "Health", "Main reason", "ARR", "Touch", "Check-in",
		"Issues", "CSAT·NPS")
	if l := h.lineWith("Wonka Industries"); !strings.Contains(l, "customer") || !strings.Contains(l, "75") ||
		!strings.Contains(l, "−25 last touch 57d ago") || !strings.Contains(l, "$40k") || !strings.Contains(l, "27d late") {

		t.Errorf("Wonka's row = %q", l)
	}
	h.do(km.Account.StatusFilter)
	h.wantScreen("2 accounts · customers")
	h.do(km.List.Sort, km.List.Sort, km.List.Sort) // name → status → tier → health
	h.wantScreen("sorted by health", "Health▲")
	if ls := h.lines(); !strings.Contains(ls[4], "Wonka") {
		t.Errorf("worst health first:\n%s", h.screen())
	}
	h.do(km.List.Reverse)
	h.wantScreen("sorted by health, reversed")
	if ls := h.lines(); !strings.Contains(ls[4], "Initech") {
		t.Errorf("best health first when reversed:\n%s", h.screen())
	}
	// While a new order is on its way the old rows stay, and the summary
	// says so until it arrives.
	_, cmd := h.m.Update(keyOf(km.List.Sort))
	h.wantScreen("sorted by ARR · updating…")
	h.run(cmd)
	h.wantScreen("sorted by ARR · s sort")
	h.notScreen("updating…")
	h.do(km.Account.StatusFilter, km.Account.StatusFilter, km.Account.StatusFilter) // all again
	h.do(km.List.Filter)
	h.typeText("dyn")
	h.press("enter")
	h.wantScreen("1 account", "Massive Dynamic")
	// N adds an account; e edits the selected one.
	h.do(km.Account.NewAccount)
	h.wantScreen("New account", "Check-in every")
	h.typeText("Soylent")
	h.do(km.Form.Next)
	h.press("right") // customer
	h.do(km.Form.Next)
	h.typeText("enterprise")
	h.do(km.Form.Save)
	h.wantScreen("Added Soylent · u undoes")
	a := ok(h.s.FindAccount(context.Background(), "Soylent"))
	if a.Status != model.Customer || a.CadenceDays != 14 || a.CustomerSince != model.NewDate(2026, 11, 27) {
		t.Fatalf("new account = %+v", a)
	}
	h.press("esc") // clear the filter
	h.selectRow("Soylent")
	h.do(km.Account.Edit)
	h.wantScreen("Edit account — Soylent")
	for range 5 {
		h.do(km.Form.Next)
	}
	h.clear(2)
	h.typeText("0")
	h.do(km.Form.Save)
	h.wantScreen("Saved Soylent")
	if a := h.account(a.ID); a.CadenceDays != 0 {
		t.Errorf("cadence 0 means none: %d", a.CadenceDays)
	}
}

func TestTodayTaskDoneAndTheNextOne(t *testing.T) {
	h := newHarness(t, 120, 40)
	w := h.wonka()
	h.past(daysBefore(3), func(s *store.Store) {
		ok(s.LogOnAccount(context.Background(), ok(s.Account(context.Background(), w.ID)),
			model.Activity{Kind: model.Email, Text: "Asked for a usage report"},
			store.FollowUp{Task: "Send the usage report", TaskDue: model.NewDate(2026, 11, 25)}))
	})
	h.wantScreen("1 task due", "☐ task 2d overdue", "Send the usage report")
	h.selectRow("Send the usage report")
	h.do(km.Account.TaskDone)
	h.wantScreen("Done — Send the usage report", "Next task")
	h.typeText("Review the report with them")
	h.press("enter")
	h.wantScreen("when is the task due?")
	h.typeText("fri")
	h.do(km.Form.Save)
	h.wantScreen("Done: Send the usage report · next: Review the report with them Dec 4 · u undoes")
	h.notScreen("☐ task")
	acts := h.accountActivities(w.ID)
	var done, next model.Activity
	for _, a := range acts {
		switch a.Text {
		case "Send the usage report":
			done = a
		case "Review the report with them":
			next = a
		}
	}
	if !done.Done() || next.Done() || next.Due != model.NewDate(2026, 12, 4) {
		t.Fatalf("done %+v, next %+v", done, next)
	}
	h.do(km.Global.Undo)
	h.wantScreen("☐ task 2d overdue")
}

func TestTodayUrgentIssueResolves(t *testing.T) {
	h := newHarness(t, 120, 40)
	w := h.wonka()
	h.past(daysBefore(2), func(s *store.Store) {
		ok(s.CreateIssue(context.Background(), model.SupportIssue{AccountID: w.ID, Title: "Chocolate river leaks", Severity: model.SevUrgent}))
	})
	h.wantScreen("1 urgent issue", "! urgent 2d", "Chocolate river leaks")
	h.selectRow("Chocolate river leaks")
	h.do(km.Account.Resolve)
	h.typeText("Patched the pipe")
	h.press("enter")
	h.wantScreen("Resolved issue")
	h.notScreen("! urgent")
	h.do(km.Global.Help)
	h.wantScreen("Keys — Today", "urgent issues", "(open, high or urgent, raised over a day ago)")
}

func TestArchiveAContactAndUndo(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.amBook()
	h.tab(accountsTab)
	h.selectRow("Wonka")
	h.do(km.List.Open, km.Account.NextSection)
	h.wantScreen("[Contacts 2]", "Augustus Gloop")
	h.do(km.Account.ArchiveContact)
	h.wantScreen("Archive contact?", "Augustus Gloop leaves the account's contacts")
	h.do(km.Confirm.Yes)
	h.wantScreen("Archived Augustus Gloop · u undoes", "[Contacts 1]")
	h.notScreen("Augustus Gloop  ")
	h.do(km.Global.Undo)
	h.wantScreen("Undid: archive contact Augustus Gloop", "[Contacts 2]")
}

// TestAContactEditedElsewhere: a contact changed by another rolo while
// the form is open is not overwritten; the form keeps what was typed and
// shows the stored value beside it, and a second save keeps both.
func TestAContactEditedElsewhere(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.amBook()
	h.tab(accountsTab)
	h.selectRow("Wonka")
	h.do(km.List.Open, km.Account.NextSection)
	h.selectRow("Charlie Bucket")
	h.do(km.List.Open)
	h.wantScreen("Edit contact — Wonka Industries")
	other := h.other()
	ctx := context.Background()
	w := ok(other.FindAccount(ctx, "Wonka Industries"))
	stored := ok(other.FindContact(ctx, w.ID, "Charlie Bucket"))
	edited := stored
	edited.Phone = "+1 555 9999"
	ok(other.UpdateContact(ctx, stored, edited))
	h.do(km.Form.Next) // the title
	h.clear(len("COO"))
	h.typeText("Chief Operating Officer")
	h.do(km.Form.Save)
	h.wantScreen(fmt.Sprintf("Contact %d (Charlie Bucket)'s phone was changed elsewhere", stored.ID), "your changes",
		"stored now: COO", "+1 555 9999")
	h.do(km.Form.Save)
	h.wantScreen("Saved Charlie Bucket at Wonka Industries")
	got := ok(h.s.Contact(ctx, stored.ID))
	if got.Title != "Chief Operating Officer" || got.Phone != "+1 555 9999" {
		t.Fatalf("after saving over the other change: %+v", got)
	}
}

// TestTheAccountPageSeesOtherWriters: a check-in logged by a script
// shows on the open page within a poll, the cursor where it was.
func TestTheAccountPageSeesOtherWriters(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.amBook()
	h.poll()
	h.tab(accountsTab)
	h.selectRow("Wonka")
	h.do(km.List.Open, km.List.Down)
	h.wantScreen("[Timeline 6]")
	other := h.other()
	ctx := context.Background()
	w := ok(other.FindAccount(ctx, "Wonka Industries"))
	ok(other.LogOnAccount(ctx, w, model.Activity{Kind: model.CheckIn, Text: "Logged from a script"}, store.FollowUp{}))
	h.poll()
	h.wantScreen("[Timeline 7]", "Logged from a script")
	if sel := h.lineWith("▸"); !strings.Contains(sel, "Chocolate river pump fails nightly") {
		t.Errorf("the cursor moved: %q", sel)
	}
}
