package tui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"rolo/model"
	"rolo/store"
)

// Hostile names: an OSC 52 clipboard write, a hyperlink, a screen clear,
// a bare carriage return, a bidi override and a C1 CSI. Text is stored
// verbatim; none of it may reach the terminal raw.
const (
	evilAccount = "Evil\x1b]52;c;AAAA\x07 Corp\r\u202e"
	evilDeal    = "Pwn\x1b[2J\x1b]8;;http://x.test\x07link\x1b]8;;\x07 deal\r\u202eevil\u009b31m\u200b"
	evilStep    = "Call\x1b[1;1H back\x07"
)

// checkNoRawControls fails if the frame holds any escape other than SGR,
// or any of the control characters an attacker would use.
func checkNoRawControls(t *testing.T, where, frame string) {
	t.Helper()
	rest := sgr.ReplaceAllString(frame, "")
	if i := strings.IndexByte(rest, '\x1b'); i >= 0 {
		t.Errorf("%s: a non-SGR escape reaches the terminal: %q", where, rest[i:min(len(rest), i+30)])
	}
	for _, bad := range []string{"\x1b]", "\r", "\u202e", "\x07", "\u009b", "\u200b", "\x1b[2J", "\x1b[1;1H"} {
		if strings.Contains(frame, bad) {
			t.Errorf("%s: the frame contains %q", where, bad)
		}
	}
}

// TestHostileNamesNeverReachTheTerminal walks every screen that shows the
// hostile account and deal and checks the raw View().Content.
func TestHostileNamesNeverReachTheTerminal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	s := openStore(t, path, testClock())
	ctx := context.Background()
	a, err := s.CreateAccount(ctx, model.Account{Name: evilAccount, Website: "http://x\x1b]8;;\x07", Notes: "n\x1b[31m"})
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.Stages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// A stage named with a link, colours and a C1 CSI (the deal form's
	// Stage choice showed these raw).
	if err := s.UpdateStage(ctx, st[1], model.Stage{ID: st[1].ID, Name: "Qual\x1b]8;;http://x.test\x07ify\x1b[5m\u009b2J", Probability: 25,
		RotDays: 14}); err != nil {
		t.Fatal(err)
	}
	d, err := s.CreateDeal(ctx, model.Deal{AccountID: a.ID, ContactName: "Eve\x1b]0;title\x07", Title: evilDeal, StageID: st[0].ID,
		Value: model.Money{Minor: 100, Currency: "USD"}, NextStep: evilStep, NextDue: testClock().Today(), Notes: "x\x1b]52;c;BBBB\x07"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.LogActivity(ctx, model.Activity{DealID: d.ID, Kind: model.Call, Text: "said \x1b]52;c;CCCC\x07 hi\r"}, store.NextStep{}); err != nil {
		t.Fatal(err)
	}
	// A lost deal with a hostile reason, for the lost-reason suggestions.
	d2, err := s.CreateDeal(ctx, model.Deal{AccountID: a.ID, Title: "Other", StageID: st[0].ID, Value: model.Money{Currency: "USD"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CloseDeal(ctx, d2, model.Lost, "price\x1b]52;c;DDDD\x07\u202e"); err != nil {
		t.Fatal(err)
	}
	s.Close()

	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		h := startApp(t, path, size[0], size[1])
		check := func(where string) {
			t.Helper()
			checkNoRawControls(t, where, h.raw())
			if testing.Verbose() {
				t.Logf("%s:\n%s", where, h.screen())
			}
		}
		check("today")
		if !strings.Contains(h.screen(), "Evil") || !strings.Contains(h.screen(), "Pwn") {
			t.Fatalf("the hostile rows are not on Today:\n%s", h.screen())
		}
		h.do(km.List.Open)
		check("deal detail")
		h.do(km.Global.Back)
		h.tab(pipelineTab)
		check("board")
		h.do(km.List.Filter)
		h.typeText("pwn")
		check("board filtered")
		h.do(km.Filter.Clear, km.Board.ToggleView)
		check("table")
		h.do(km.Board.ToggleView, km.Deal.Edit)
		check("edit form")
		h.closeModal()
		h.do(h.board().boardDealKeys().Log)
		check("log dialog")
		h.closeModal()
		h.do(km.Deal.Lost)
		check("lost dialog with past reasons")
		h.closeModal()
		h.do(km.Deal.MoveNext)
		check("status after a move")
		h.tab(accountsTab)
		check("accounts")
		h.do(km.Global.Palette)
		h.typeText("evil")
		check("palette")
		h.closeModal()
		h.tab(todayTab)
		h.do(km.Global.Help)
		check("help")
	}
}

// TestPastedEscapesInFormsAreNotDrawn pastes hostile text into a form
// field: whatever the field keeps, the frame must not carry it raw.
func TestPastedEscapesInFormsAreNotDrawn(t *testing.T) {
	h := newHarness(t, 100, 30)
	h.do(km.Deal.New)
	h.send(tea.PasteMsg{Content: evilDeal})
	frame := h.raw()
	// textinput drops C0/C1 controls itself; what is left is bidi and
	// zero-width format characters, drawn as typed.
	if strings.Contains(frame, "\u202e") || strings.Contains(frame, "\u200b") {
		t.Error("a pasted U+202E or U+200B reaches the terminal from a form field")
	}
	checkNoRawControls(t, "new deal form after paste", frame)
	h.do(km.Form.Next)
	h.send(tea.PasteMsg{Content: evilAccount})
	checkNoRawControls(t, "account field after paste", h.raw())
}

// TestEditKeepsAccountWithReplacementChar: a name holding U+FFFD (what a
// badly decoded import leaves behind) survives an edit that does not
// touch it.
func TestEditKeepsAccountWithReplacementChar(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	s := openStore(t, path, testClock())
	ctx := context.Background()
	st, err := s.Stages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.CreateDeal(ctx, model.Deal{AccountName: "Caf\ufffd Corp", Title: "Espresso machines", StageID: st[0].ID,
		Value: model.Money{Minor: 100, Currency: "USD"}})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	h := startApp(t, path, 100, 30)
	h.tab(pipelineTab)
	h.do(km.Deal.Edit)
	dirty := h.dialog().(*form).dirty()
	h.do(km.Form.Save)
	after := h.deal(d.ID)
	if after.AccountID != d.AccountID {
		t.Errorf("editing a deal whose account name holds U+FFFD moved it to account %q (id %d, was %d) without anything typed", after.AccountName, after.AccountID, d.AccountID)
	}
	if dirty {
		t.Errorf("an untouched edit form is dirty")
	}
}
