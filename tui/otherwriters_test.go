package tui

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"rolo/model"
	"rolo/store"
)

// Many hands on one file: another rolo (a second store on the same file,
// as `rolo log` in a script would be) writes while the app holds a view.
// The app notices within a poll, and no stale write of the app's undoes
// the other's change.

// other opens a second store on the harness's file.
func (h *harness) other() *store.Store {
	h.t.Helper()
	s, err := store.Open(context.Background(), h.s.Path(), store.Options{Clock: h.clock, Origin: "the command line"})
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { s.Close() })
	return s
}

// poll runs the app's idle check for other writers, as its ticker would.
func (h *harness) poll() {
	h.t.Helper()
	h.send(pollMsg{})
}

func TestAppSeesOtherWriters(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.poll()                                       // the first poll notes where the file is
	h.do(km.List.Down, km.List.Down, km.List.Down) // Globex pilot
	cli := h.other()
	ctx := context.Background()
	globex, err := cli.Deal(ctx, h.book.globex)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cli.LogActivity(ctx, model.Activity{DealID: globex.ID, Kind: model.Call, Text: "From a script"},
		store.NextStep{Set: true, Step: "CLI next step", Due: model.NewDate(2026, 11, 27), Seen: globex}); err != nil {
		t.Fatal(err)
	}
	h.wantScreen("∅ no next step Globex pilot")
	h.poll()
	h.wantScreen("CLI next step", "2 due today")
	// The cursor stays on the same deal, which moved to "due today".
	if it, ok := h.today().list.selected(); !ok || it.Deal.ID != h.book.globex {
		t.Errorf("selected %q after the reload", it.Deal.Title)
	}
	// ctrl+r reloads by hand.
	if _, err := cli.CreateDeal(ctx, model.Deal{AccountName: "Script Co", Title: "Scripted deal", StageID: h.stage("Prospecting").ID,
		Value: model.Money{Minor: 100, Currency: "USD"}}); err != nil {
		t.Fatal(err)
	}
	h.do(km.Global.Reload)
	h.wantScreen("Scripted deal")
	// u undoes only what this app did: the script's deal stays.
	h.do(km.Global.Undo)
	h.wantScreen("Nothing to undo")
	if _, err := h.s.FindDeal(ctx, "Scripted deal"); err != nil {
		t.Errorf("the app's undo removed the script's deal: %v", err)
	}
}

// TestStaleEditFormKeepsTypingAndOthersChange: an edit form opened before
// another process set the next step does not write the old step back;
// the typed change is kept and the stored values shown.
func TestStaleEditFormKeepsTypingAndOthersChange(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.tab(pipelineTab)
	h.do(km.List.Down) // Fleet tracking
	h.do(km.Deal.Edit)
	cli := h.other()
	ctx := context.Background()
	acme, _ := cli.Deal(ctx, h.book.acme)
	if _, err := cli.LogActivity(ctx, model.Activity{DealID: acme.ID, Kind: model.Note, Text: "script"},
		store.NextStep{Set: true, Step: "CLI next step", Due: model.NewDate(2026, 12, 2), Seen: acme}); err != nil {
		t.Fatal(err)
	}
	if _, err := cli.MoveDeal(ctx, mustDeal(t, cli, acme.ID), h.stage("Qualifying").ID); err != nil {
		t.Fatal(err)
	}
	// The user changes the title only, and saves.
	h.clear(len("Acme Corp — Fleet tracking"))
	h.typeText("Fleet tracking, phase 1")
	h.do(km.Form.Save)
	h.wantScreen("changed elsewhere", "your changes are kept")
	d := h.deal(h.book.acme)
	if d.Title != "Acme Corp — Fleet tracking" || d.NextStep != "CLI next step" || d.StageID != h.stage("Qualifying").ID {
		t.Fatalf("a stale save wrote: %q %q stage %d", d.Title, d.NextStep, d.StageID)
	}
	// The untouched fields now show what is stored; saving again keeps it.
	if l := h.lineWith("Next step"); !strings.Contains(l, "CLI next step") {
		t.Errorf("the next step field did not take the stored value: %q", l)
	}
	h.do(km.Form.Save)
	d = h.deal(h.book.acme)
	if d.Title != "Fleet tracking, phase 1" || d.NextStep != "CLI next step" || d.StageID != h.stage("Qualifying").ID {
		t.Fatalf("after the second save: %q %q stage %d", d.Title, d.NextStep, d.StageID)
	}
}

func mustDeal(t *testing.T, s *store.Store, id int64) model.Deal {
	t.Helper()
	d, err := s.Deal(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestStaleMoveAndDone: L on a deal moved elsewhere does not move it back;
// done on a deal won elsewhere writes no next step onto it.
func TestStaleMoveAndDone(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.tab(pipelineTab)
	h.do(km.Board.Right) // Qualifying: Initech expansion
	cli := h.other()
	ctx := context.Background()
	if _, err := cli.MoveDeal(ctx, mustDeal(t, cli, h.book.initech), h.stage("Closing").ID); err != nil {
		t.Fatal(err)
	}
	h.do(km.Deal.MoveNext)
	h.wantScreen("was moved to Closing elsewhere — reloaded; press L again to move it")
	if d := h.deal(h.book.initech); d.StageID != h.stage("Closing").ID {
		t.Fatalf("the stale move wrote: stage %d", d.StageID)
	}
	h.wantCounts(2, 1, 1, 3)

	h.tab(todayTab)
	h.do(km.List.Top, km.List.Down) // Fleet tracking
	h.do(km.Deal.Done)
	if _, err := cli.CloseDeal(ctx, mustDeal(t, cli, h.book.acme), model.Won, ""); err != nil {
		t.Fatal(err)
	}
	h.do(km.Form.Next, km.Form.Next, km.Form.Next)
	h.typeText("Follow up")
	h.do(km.Form.Next)
	h.typeText("mon")
	h.do(km.Form.Save)
	h.wantScreen("marked won elsewhere")
	if d := h.deal(h.book.acme); d.NextStep != "Send proposal" || d.Status != model.Won {
		t.Fatalf("done on a won deal wrote %q (%s)", d.NextStep, d.Status)
	}
	// Saved again, the touch is logged, and the status says the typed next
	// step was not kept rather than claiming it.
	h.do(km.Form.Save)
	h.wantScreen("it is won now, so the next step you typed was not kept")
	h.notScreen("next: Follow up")
	if d := h.deal(h.book.acme); d.NextStep != "Send proposal" || d.Status != model.Won {
		t.Fatalf("the second save wrote %q (%s)", d.NextStep, d.Status)
	}
}

// TestTodayRollsOverAtMidnight: left open overnight, the app moves to the
// new day on its next poll: the header's date, and what is due or
// overdue.
func TestTodayRollsOverAtMidnight(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.s.Close()
	now := time.Date(2026, 11, 27, 23, 59, 30, 0, time.UTC)
	clock := model.ClockAt(func() time.Time { return now }, time.UTC)
	s, err := store.Open(context.Background(), h.s.Path(), store.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	dark := true
	h.s, h.clock = s, clock
	h.m = New(Options{Store: s, Clock: clock, Dark: &dark})
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	h.run(h.m.Init())
	h.poll()
	h.wantScreen("Fri 2026-11-27", "1 due today", "● due today    Initech expansion")
	now = now.Add(time.Minute)
	h.poll()
	h.wantScreen("Sat 2026-11-28", "0 due today", "⚠ 1d overdue   Initech expansion")
}

// TestAnotherProcessWrites: a real second process (this test binary,
// re-run as a child) moves a deal while the app holds the board; the app
// shows it after its next poll, and its own stale move is refused.
func TestAnotherProcessWrites(t *testing.T) {
	if path := os.Getenv("ROLO_TUI_CHILD_DB"); path != "" {
		t.Skip("child process; see childMove")
	}
	h := newHarness(t, 120, 40)
	h.poll()
	h.tab(pipelineTab)
	h.do(km.Board.Right) // Initech expansion, in Qualifying
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildMove$")
	cmd.Env = append(os.Environ(), "ROLO_TUI_CHILD_DB="+h.s.Path(), fmt.Sprintf("ROLO_TUI_CHILD_DEAL=%d", h.book.initech),
		fmt.Sprintf("ROLO_TUI_CHILD_STAGE=%d", h.stage("Closing").ID))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	h.poll()
	h.wantCounts(2, 1, 1, 3)
	h.do(km.Deal.MoveNext) // the app had the old place selected
	if d := h.deal(h.book.initech); d.StageID != h.stage("Closing").ID {
		t.Fatalf("deal in stage %d", d.StageID)
	}
}

// TestChildMove is the second process of TestAnotherProcessWrites.
func TestChildMove(t *testing.T) {
	path := os.Getenv("ROLO_TUI_CHILD_DB")
	if path == "" {
		t.Skip("run as a child of TestAnotherProcessWrites")
	}
	var deal, stage int64
	fmt.Sscan(os.Getenv("ROLO_TUI_CHILD_DEAL"), &deal)
	fmt.Sscan(os.Getenv("ROLO_TUI_CHILD_STAGE"), &stage)
	s, err := store.Open(context.Background(), path, store.Options{Clock: testClock(), Origin: "the command line"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, err := s.Deal(context.Background(), deal)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.MoveDeal(context.Background(), d, stage); err != nil {
		t.Fatal(err)
	}
}
