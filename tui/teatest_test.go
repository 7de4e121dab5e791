package tui

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"rolo/model"
)

// End-to-end flows through a real tea.Program (teatest): the runtime runs
// the commands concurrently, ticks and all. Output is matched on
// substrings only (WaitFor consumes what it reads); the final state is
// checked on the store and on the final model's View.

// program is a running app and the last frame its event loop drew.
type program struct {
	*teatest.TestModel
	mu   sync.Mutex
	last string
}

// probeMsg is a message the app ignores; sending it makes the event loop
// take a fresh snapshot.
type probeMsg struct{}

func startProgram(t *testing.T) (*harness, *program) {
	t.Helper()
	h := newHarness(t, 100, 30) // the store and book; its model is not used
	dark := true
	m := New(Options{Store: h.s, Clock: h.clock, Dark: &dark})
	p := &program{}
	// The filter runs on the event loop before each Update, so it can read
	// the model without racing it: it keeps the frame as of that moment.
	snapshot := func(m tea.Model, msg tea.Msg) tea.Msg {
		if mm, ok := m.(*Model); ok {
			frame := ansi.Strip(mm.View().Content)
			p.mu.Lock()
			p.last = frame
			p.mu.Unlock()
		}
		return msg
	}
	p.TestModel = teatest.NewTestModel(t, m,
		teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(
			tea.WithColorProfile(colorprofile.Ascii),
			tea.WithEnvironment([]string{"TERM=xterm-256color"}),
			tea.WithFilter(snapshot),
		))
	t.Cleanup(func() { _ = p.Quit() })
	return h, p
}

// settle waits until the app's current frame holds every one of subs:
// the screen after the commands in flight (reloads after a write) have
// landed, which the output stream cannot tell apart from diffs.
func (p *program) settle(t *testing.T, subs ...string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		p.Send(probeMsg{})
		time.Sleep(10 * time.Millisecond)
		p.mu.Lock()
		frame := p.last
		p.mu.Unlock()
		ok := true
		for _, s := range subs {
			ok = ok && strings.Contains(frame, s)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the screen never showed %q; last frame:\n%s", subs, frame)
		}
	}
}

func waitFor(t *testing.T, tm *program, subs ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, s := range subs {
			if !bytes.Contains(b, []byte(s)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

func sendKeys(tm *program, keys ...string) {
	for _, k := range keys {
		tm.Send(keyMsg(k))
	}
}

func finalScreen(t *testing.T, tm *program) (*Model, string) {
	t.Helper()
	fm, ok := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	if !ok {
		t.Fatalf("final model is not *Model")
	}
	return fm, ansi.Strip(fm.View().Content)
}

// TestProgramMoveDealAndQuit: open, go to the board, move the selected
// card a stage right, quit with q.
func TestProgramMoveDealAndQuit(t *testing.T) {
	h, tm := startProgram(t)
	waitFor(t, tm, "2 overdue", "Hooli platform")
	sendKeys(tm, "2")
	waitFor(t, tm, "PROSPECTING", "QUALIFYING", "Globex pilot")
	sendKeys(tm, "L")
	waitFor(t, tm, "Moved Globex pilot to Qualifying")
	sendKeys(tm, "q")
	fm, scr := finalScreen(t, tm)
	if scr != "" {
		t.Errorf("the last frame after q is not blank: %q", scr)
	}
	if fm.active != pipelineTab {
		t.Errorf("final tab %d", fm.active)
	}
	if d := h.deal(h.book.globex); d.StageID != h.stage("Qualifying").ID {
		t.Fatalf("stored stage %d, want Qualifying", d.StageID)
	}
	ev := h.events(h.book.globex)
	if last := ev[len(ev)-1]; last.Kind != model.EventStage || last.ToStageID != h.stage("Qualifying").ID {
		t.Errorf("last event %+v", last)
	}
}

// TestProgramNewDeal: n, type the fields, ctrl+s; the board shows the
// card selected in its column and the store has it.
func TestProgramNewDeal(t *testing.T) {
	h, tm := startProgram(t)
	waitFor(t, tm, "2 overdue")
	sendKeys(tm, "2")
	waitFor(t, tm, "PROSPECTING")
	sendKeys(tm, "l", "n")
	waitFor(t, tm, "New deal")
	tm.Type("Rollout")
	sendKeys(tm, "tab")
	tm.Type("Tyrell")
	sendKeys(tm, "tab", "tab")
	tm.Type("EUR 7.5k")
	sendKeys(tm, "ctrl+s")
	waitFor(t, tm, "Added Rollout")
	tm.settle(t, "Tyrell", "€7.5k")
	_ = tm.Quit()
	fm, scr := finalScreen(t, tm)
	if !strings.Contains(scr, "Rollout") || !strings.Contains(scr, "Tyrell") || !strings.Contains(scr, "€7.5k") {
		t.Errorf("the board does not show the new card:\n%s", scr)
	}
	p := fm.tabs[pipelineTab].stack[0].v.(*boardView)
	if sel, ok := p.cols[p.col].list.selected(); !ok || sel.Title != "Rollout" {
		t.Errorf("selected card %q", sel.Title)
	}
	d, err := h.s.FindDeal(context.Background(), "Rollout")
	if err != nil {
		t.Fatal(err)
	}
	if d.Value != (model.Money{Minor: 750000, Currency: "EUR"}) || d.StageID != h.stage("Qualifying").ID || d.AccountName != "Tyrell" {
		t.Errorf("stored deal %+v", d)
	}
}

// TestProgramSnoozeFromToday: z, ctrl+s on the selected row.
func TestProgramSnoozeFromToday(t *testing.T) {
	h, tm := startProgram(t)
	waitFor(t, tm, "2 overdue", "Enterprise")
	sendKeys(tm, "z")
	waitFor(t, tm, "Snooze — Massive Dynamic")
	sendKeys(tm, "ctrl+s")
	waitFor(t, tm, "Snoozed Massive Dynamic")
	tm.settle(t, "1 overdue")
	_ = tm.Quit()
	_, scr := finalScreen(t, tm)
	if !strings.Contains(scr, "1 overdue") || strings.Contains(scr, "7d overdue") {
		t.Errorf("the snoozed row is still in the queue:\n%s", scr)
	}
	if d := h.deal(h.book.massive); d.SnoozedUntil != model.NewDate(2026, 11, 28) || d.NextDue != model.NewDate(2026, 11, 28) {
		t.Errorf("snoozed until %s, next due %s", d.SnoozedUntil, d.NextDue)
	}
}
