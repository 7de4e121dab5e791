package tui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"rolo/model"
	"rolo/store"
)

// The harness drives the real app (Model) on a real SQLite file in
// t.TempDir(): it sends key messages to Update, runs the commands Update
// returns one at a time, in order (Batch flattened, Sequence kept in
// order), and feeds their messages back in until nothing is left. Timers
// are not run; a command that blocks fails the test.

// testNow is the pinned clock of every TUI test: Friday 27 November 2026,
// 10:00 UTC.
var testNow = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

func testClock() model.Clock { return model.FixedClock(testNow) }

// book is the hand-made data every flow test starts from. The Today queue
// it gives, most urgent first:
//
//	⚠ 7d overdue   Massive Dynamic — Enterprise (Closing, moved twice)
//	⚠ 3d overdue   Acme Corp — Fleet tracking (Prospecting, prospect)
//	● due today    Initech expansion (Qualifying, customer)
//	∅ no next step Globex pilot (Prospecting)
//	◷ stale 38d    Hooli platform (Presenting, untouched since Oct 20)
//
// and two deals with a next step later on, which are not in the queue:
// Umbrella onboarding (Qualifying) and Vandelay imports (Closing).
type book struct {
	acme, globex, initech, hooli, umbrella, massive, vandelay int64 // deal ids
	initechAccount, acmeAccount                               int64
	stages                                                    map[string]model.Stage
}

// harness is one running app on one database.
type harness struct {
	t      testing.TB
	s      *store.Store
	m      *Model
	clock  model.Clock
	book   book
	width  int
	height int
	// quit is set once a command returned tea.QuitMsg.
	quit bool
	// ticks counts the timer commands (status clearing) that were not run.
	ticks int
	// skip, when set, leaves out the commands it matches (a benchmark
	// timing the redraw leaves out work that follows it).
	skip func(tea.Cmd) bool
}

// openStore opens (creating) the database at path with clock.
func openStore(t testing.TB, path string, clock model.Clock) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), path, store.Options{Clock: clock})
	if err != nil {
		t.Fatalf("open store %s: %v", path, err)
	}
	return s
}

// seedBook writes the book into the database at path: each part with the
// clock pinned at the day it happened, so ages, stage history and the
// stale deal are real rows, not faked timestamps.
func seedBook(t testing.TB, path string) book {
	t.Helper()
	ctx := context.Background()
	at := func(day int, month time.Month, hour int) model.Clock {
		return model.FixedClock(time.Date(2026, month, day, hour, 0, 0, 0, time.UTC))
	}
	var b book
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seeding the book: %v", err)
		}
	}
	d := func(y int, m time.Month, day int) model.Date { return model.NewDate(y, m, day) }
	usd := func(units int64) model.Money { return model.Money{Minor: units * 100, Currency: "USD"} }

	// Oct 20: the Hooli deal is created and then left alone.
	s := openStore(t, path, at(20, time.October, 9))
	stages, err := s.Stages(ctx)
	must(err)
	b.stages = map[string]model.Stage{}
	for _, st := range stages {
		b.stages[st.Name] = st
	}
	hooli, err := s.CreateDeal(ctx, model.Deal{AccountName: "Hooli", Title: "Hooli platform", StageID: b.stages["Presenting"].ID,
		Value: usd(40000), NextStep: "Check in after their reorg", NextDue: d(2026, 12, 10), Source: model.SourceEvent})
	must(err)
	b.hooli = hooli.ID
	must(s.Close())

	// Nov 10: Massive Dynamic comes in, and Initech is a customer.
	s = openStore(t, path, at(10, time.November, 9))
	initech, err := s.CreateAccount(ctx, model.Account{Name: "Initech", Status: model.Customer, Tier: "mid-market", Industry: "Software"})
	must(err)
	b.initechAccount = initech.ID
	// It ends in 34 days (its health shows the renewal with no renewal
	// in progress) with no notice period, so its notice deadline is its
	// end, more than a week off: it is not in Today's queue, nor in the
	// next 30 days' renewals (renewals_test.go seeds renewals of its own).
	_, err = s.CreateContract(ctx, model.Contract{AccountID: initech.ID, Value: usd(30000), Start: d(2026, 1, 1), End: d(2026, 12, 31),
		NoticeDays: 0, Status: model.ContractActive})
	must(err)
	massive, err := s.CreateDeal(ctx, model.Deal{AccountName: "Massive Dynamic", ContactName: "Nina Sharp",
		Title: "Massive Dynamic — Enterprise", StageID: b.stages["Prospecting"].ID, Value: usd(60000),
		NextStep: "Send MSA", NextDue: d(2026, 11, 20), Source: model.SourceReferral, ExpectedClose: d(2026, 12, 18)})
	must(err)
	b.massive = massive.ID
	must(s.Close())

	// Nov 15: Massive Dynamic qualifies.
	s = openStore(t, path, at(15, time.November, 9))
	massive, err = s.MoveDeal(ctx, massive, b.stages["Qualifying"].ID)
	must(err)
	must(s.Close())

	// Nov 20: Massive Dynamic goes to Closing; the rest of the book arrives.
	s = openStore(t, path, at(20, time.November, 9))
	_, err = s.MoveDeal(ctx, massive, b.stages["Closing"].ID)
	must(err)
	_, err = s.LogActivity(ctx, model.Activity{DealID: b.massive, Kind: model.Meeting, Text: "Pricing workshop with Nina"}, store.NextStep{})
	must(err)
	acme, err := s.CreateDeal(ctx, model.Deal{AccountName: "Acme Corp", Title: "Acme Corp — Fleet tracking",
		StageID: b.stages["Prospecting"].ID, Value: usd(12000), NextStep: "Send proposal", NextDue: d(2026, 11, 24), Source: model.SourceInbound})
	must(err)
	b.acme, b.acmeAccount = acme.ID, acme.AccountID
	globex, err := s.CreateDeal(ctx, model.Deal{AccountName: "Globex", Title: "Globex pilot", StageID: b.stages["Prospecting"].ID, Value: usd(8000)})
	must(err)
	b.globex = globex.ID
	exp, err := s.CreateDeal(ctx, model.Deal{AccountID: initech.ID, Title: "Initech expansion", Kind: model.Expansion,
		StageID: b.stages["Qualifying"].ID, Value: usd(25000), NextStep: "Call the CFO", NextDue: d(2026, 11, 27)})
	must(err)
	b.initech = exp.ID
	umb, err := s.CreateDeal(ctx, model.Deal{AccountName: "Umbrella Health", Title: "Umbrella onboarding",
		StageID: b.stages["Qualifying"].ID, Value: usd(18500), NextStep: "Security questionnaire", NextDue: d(2026, 12, 4)})
	must(err)
	b.umbrella = umb.ID
	van, err := s.CreateDeal(ctx, model.Deal{AccountName: "Vandelay Industries", Title: "Vandelay imports",
		StageID: b.stages["Closing"].ID, Value: usd(9900), NextStep: "Legal review", NextDue: d(2026, 11, 30)})
	must(err)
	b.vandelay = van.ID
	must(s.Close())
	return b
}

// The book is written once per test binary into a template file; each
// harness starts on its own copy.
var template struct {
	once sync.Once
	dir  string
	path string
	book book
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if template.dir != "" {
		os.RemoveAll(template.dir)
	}
	os.Exit(code)
}

// newHarness starts the app at width×height on a fresh copy of the book.
func newHarness(t testing.TB, width, height int) *harness {
	t.Helper()
	template.once.Do(func() {
		if template.dir, template.err = os.MkdirTemp("", "rolo-tui-book-"); template.err != nil {
			return
		}
		template.path = filepath.Join(template.dir, "book.db")
		template.err = errors.New("seeding the book failed (see the first test)")
		template.book = seedBook(t, template.path)
		template.err = nil
	})
	if template.err != nil {
		t.Fatal(template.err)
	}
	path := filepath.Join(t.TempDir(), "rolo.db")
	for _, suffix := range []string{"", "-wal"} {
		data, err := os.ReadFile(template.path + suffix)
		if suffix != "" && errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path+suffix, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	h := startApp(t, path, width, height)
	h.book = template.book
	return h
}

// newEmptyHarness starts the app on a brand-new database.
func newEmptyHarness(t testing.TB, width, height int) *harness {
	t.Helper()
	return startApp(t, filepath.Join(t.TempDir(), "rolo.db"), width, height)
}

// startApp opens path with the test clock, builds the app with the dark
// theme pinned (so nothing asks the terminal), sizes it and runs Init.
func startApp(t testing.TB, path string, width, height int) *harness {
	t.Helper()
	clock := testClock()
	s := openStore(t, path, clock)
	t.Cleanup(func() { s.Close() })
	dark := true
	h := &harness{t: t, s: s, clock: clock, width: width, height: height}
	h.m = New(Options{Store: s, Clock: clock, Dark: &dark})
	h.send(tea.WindowSizeMsg{Width: width, Height: height})
	h.run(h.m.Init())
	return h
}

// send delivers one message to Update and runs what it returns.
func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	if _, ok := msg.(tea.QuitMsg); ok {
		h.quit = true
		return
	}
	_, cmd := h.m.Update(msg)
	h.run(cmd)
}

// run executes cmd as the runtime would: a batch's commands one after the
// other, a sequence's in order, each message delivered to Update (and its
// commands run) before the next command starts. Timers (status clearing,
// cursor blinks) are not run: they would only block.
func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	if cmd == nil {
		return
	}
	if isTimer(cmd) {
		h.ticks++
		return
	}
	if h.skip != nil && h.skip(cmd) {
		return
	}
	msg := h.exec(cmd)
	if msg == nil {
		return
	}
	if cmds, ok := subCommands(msg); ok {
		for _, c := range cmds {
			h.run(c)
		}
		return
	}
	h.send(msg)
}

// exec runs one command, failing the test if it blocks: every command the
// app returns (other than timers) must answer promptly.
func (h *harness) exec(cmd tea.Cmd) tea.Msg {
	h.t.Helper()
	if cmd == nil {
		h.t.Fatal("no command to run")
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	select {
	case msg := <-done:
		return msg
	case <-time.After(10 * time.Second):
		h.t.Fatalf("a command (%s) did not answer within 10s", funcName(cmd))
		return nil
	}
}

// subCommands unpacks tea.BatchMsg and Bubble Tea's unexported sequence
// message (also a []tea.Cmd).
func subCommands(msg tea.Msg) ([]tea.Cmd, bool) {
	if b, ok := msg.(tea.BatchMsg); ok {
		return b, true
	}
	v := reflect.ValueOf(msg)
	if v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		out := make([]tea.Cmd, v.Len())
		for i := range out {
			out[i] = v.Index(i).Interface().(tea.Cmd)
		}
		return out, true
	}
	return nil, false
}

// isTimer recognises tea.Tick / tea.Every commands and the cursor blink
// by the function that implements them (inlining renames closures, e.g.
// "rolo/tui.(*Model).setStatus.Tick.func1", so match on the name).
func isTimer(cmd tea.Cmd) bool {
	name := funcName(cmd)
	for _, s := range []string{".Tick.func", ".Every.func", "cursor.(*Model).Blink.func"} {
		if strings.Contains(name, s) {
			return true
		}
	}
	return false
}

func funcName(f any) string {
	fn := runtime.FuncForPC(reflect.ValueOf(f).Pointer())
	if fn == nil {
		return "?"
	}
	return fn.Name()
}

// keyMsg builds the KeyPressMsg a terminal sends for a key written the way
// key.Matches prints it: "a", "L", "?", "enter", "shift+tab", "ctrl+s"…
func keyMsg(k string) tea.KeyPressMsg {
	named := map[string]rune{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "backspace": tea.KeyBackspace,
		"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"home": tea.KeyHome, "end": tea.KeyEnd, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "delete": tea.KeyDelete,
	}
	if k == "space" {
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	if code, ok := named[k]; ok {
		return tea.KeyPressMsg{Code: code}
	}
	if rest, ok := strings.CutPrefix(k, "shift+"); ok {
		msg := keyMsg(rest)
		msg.Mod |= tea.ModShift
		return msg
	}
	if rest, ok := strings.CutPrefix(k, "ctrl+"); ok {
		msg := keyMsg(rest)
		msg.Mod |= tea.ModCtrl
		msg.Text = ""
		return msg
	}
	if rest, ok := strings.CutPrefix(k, "alt+"); ok {
		msg := keyMsg(rest)
		msg.Mod |= tea.ModAlt
		msg.Text = ""
		return msg
	}
	r, size := utf8.DecodeRuneInString(k)
	if size != len(k) {
		panic("keyMsg: unknown key " + k)
	}
	if r >= 'A' && r <= 'Z' {
		// What a terminal reports for shift+letter.
		return tea.KeyPressMsg{Code: r + ('a' - 'A'), ShiftedCode: r, Mod: tea.ModShift, Text: k}
	}
	return tea.KeyPressMsg{Code: r, Text: k}
}

// km is the keymap the tests drive the app through: a test presses a
// binding (h.do(km.Deal.Won)), not a letter, so a remapped key does not
// break it.
var km = DefaultKeyMap()

// do presses the first key of each binding.
func (h *harness) do(bs ...key.Binding) {
	h.t.Helper()
	for _, b := range bs {
		h.send(keyOf(b))
	}
}

// doKey presses k, one of b's keys, for a test about that key in
// particular (j as well as ↓; n, a letter, answering a question in a
// form); it fails if b does not answer to k.
func (h *harness) doKey(b key.Binding, k string) {
	h.t.Helper()
	if !slices.Contains(b.Keys(), k) {
		h.t.Fatalf("%q is not a key of the binding %q (keys %q)", k, b.Help().Desc, b.Keys())
	}
	h.press(k)
}

// keyOf is the message pressing b's first key sends.
func keyOf(b key.Binding) tea.KeyPressMsg { return keyMsg(b.Keys()[0]) }

// tab shows tab i with its own key.
func (h *harness) tab(i int) {
	h.t.Helper()
	h.do(h.m.tabs[i].key)
}

// press sends keys, one message each, running every command in between.
func (h *harness) press(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		h.send(keyMsg(k))
	}
}

// typeText types text one key per rune.
func (h *harness) typeText(text string) {
	h.t.Helper()
	for _, r := range text {
		if r == ' ' {
			h.send(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
			continue
		}
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// clear deletes n characters before the cursor of the focused field.
func (h *harness) clear(n int) {
	h.t.Helper()
	for range n {
		h.press("backspace")
	}
}

// closeModal closes dialogs until none is left, each with its own key
// (a form's cancel, then yes to discarding what was typed).
func (h *harness) closeModal() {
	h.t.Helper()
	for i := 0; h.dialog() != nil; i++ {
		if i == 5 {
			h.t.Fatalf("the dialog does not close:\n%s", h.screen())
		}
		switch d := h.dialog().(type) {
		case *form:
			if d.question != "" {
				h.do(km.Confirm.Yes)
			} else {
				h.do(km.Form.Cancel)
			}
		case *palette:
			h.do(km.Palette.Close)
		case *textDialog:
			h.do(km.Text.Close)
		case *confirmDialog:
			h.do(km.Confirm.No)
		default: // help: any key closes it
			h.do(km.Global.Back)
		}
	}
}

// dialog is the dialog on top, nil if none.
func (h *harness) dialog() dialog {
	if n := len(h.m.dialogs); n > 0 {
		return h.m.dialogs[n-1]
	}
	return nil
}

// board, accounts and today are the tabs' own views.
func (h *harness) board() *boardView       { return h.m.tabs[pipelineTab].stack[0].v.(*boardView) }
func (h *harness) accounts() *accountsView { return h.m.tabs[accountsTab].stack[0].v.(*accountsView) }
func (h *harness) today() *todayView       { return h.m.tabs[todayTab].stack[0].v.(*todayView) }

// resize changes the window size.
func (h *harness) resize(w, hgt int) {
	h.t.Helper()
	h.width, h.height = w, hgt
	h.send(tea.WindowSizeMsg{Width: w, Height: hgt})
}

// raw is View().Content as the terminal would get it.
func (h *harness) raw() string { return h.m.View().Content }

// screen is the frame as a person reads it: View().Content without styles.
func (h *harness) screen() string { return ansi.Strip(h.raw()) }

// lines is the screen split in rows.
func (h *harness) lines() []string { return strings.Split(h.screen(), "\n") }

// wantScreen fails unless the screen holds every one of subs.
func (h *harness) wantScreen(subs ...string) {
	h.t.Helper()
	scr := h.screen()
	for _, s := range subs {
		if !strings.Contains(scr, s) {
			h.t.Fatalf("screen lacks %q:\n%s", s, scr)
		}
	}
}

// notScreen fails if the screen holds any of subs.
func (h *harness) notScreen(subs ...string) {
	h.t.Helper()
	scr := h.screen()
	for _, s := range subs {
		if strings.Contains(scr, s) {
			h.t.Fatalf("screen should not show %q:\n%s", s, scr)
		}
	}
}

// lineWith returns the first screen row holding sub.
func (h *harness) lineWith(sub string) string {
	h.t.Helper()
	for _, l := range h.lines() {
		if strings.Contains(l, sub) {
			return l
		}
	}
	h.t.Fatalf("no row holds %q:\n%s", sub, h.screen())
	return ""
}

// footer is the last row (status or keys).
func (h *harness) footer() string {
	ls := h.lines()
	return ls[len(ls)-1]
}

// Store reads for assertions.

func (h *harness) deal(id int64) model.Deal {
	h.t.Helper()
	d, err := h.s.Deal(context.Background(), id)
	if err != nil {
		h.t.Fatalf("deal %d: %v", id, err)
	}
	return d
}

func (h *harness) events(id int64) []model.DealEvent {
	h.t.Helper()
	ev, err := h.s.DealEvents(context.Background(), id)
	if err != nil {
		h.t.Fatalf("events of deal %d: %v", id, err)
	}
	return ev
}

func (h *harness) activities(id int64) []model.Activity {
	h.t.Helper()
	acts, err := h.s.DealActivities(context.Background(), id, 100)
	if err != nil {
		h.t.Fatalf("activities of deal %d: %v", id, err)
	}
	return acts
}

func (h *harness) account(id int64) model.Account {
	h.t.Helper()
	a, err := h.s.Account(context.Background(), id)
	if err != nil {
		h.t.Fatalf("account %d: %v", id, err)
	}
	return a
}

func (h *harness) stage(name string) model.Stage {
	h.t.Helper()
	st, ok := h.book.stages[name]
	if !ok {
		h.t.Fatalf("no stage %q in the book", name)
	}
	return st
}

// sgr matches the styling sequences Lip Gloss emits (Select Graphic
// Rendition); nothing else may reach the terminal from View.
var sgr = regexp.MustCompile("\x1b\\[[0-9;:]*m")

// TestKeyMsgStrings pins the harness's keys to what key.Matches compares
// against, so the flows below press the keys a terminal would send.
func TestKeyMsgStrings(t *testing.T) {
	for _, k := range []string{"a", "L", "H", "W", "X", "?", "/", ">", "<", "1", "enter", "esc", "tab", "shift+tab",
		"up", "down", "left", "right", "backspace", "space", "ctrl+s", "ctrl+k", "ctrl+c", "pgdown"} {
		if got := keyMsg(k).String(); got != k {
			t.Errorf("keyMsg(%q).String() = %q", k, got)
		}
	}
}

// TestHarnessSkipsTimers checks the harness recognises the commands it
// must not run.
func TestHarnessSkipsTimers(t *testing.T) {
	if !isTimer(tea.Tick(time.Hour, func(time.Time) tea.Msg { return nil })) {
		t.Errorf("tea.Tick not recognised: %s", funcName(tea.Tick(time.Hour, nil)))
	}
	h := newHarness(t, 100, 30)
	if cmd := h.m.setStatus("hello", false); !isTimer(cmd) {
		t.Errorf("setStatus's clearing tick not recognised: %s", funcName(cmd))
	}
	// Moving a card sets a status: its tick is counted, not run.
	before := h.ticks
	h.tab(pipelineTab)
	h.do(km.Deal.MoveNext)
	if h.ticks == before {
		t.Errorf("the status tick after a move was not seen")
	}
	h.wantScreen("Moved Globex pilot")
	// Delivering the tick's message clears the status.
	h.send(clearStatusMsg{seq: h.m.statusSeq})
	h.notScreen("Moved Globex pilot")
}
