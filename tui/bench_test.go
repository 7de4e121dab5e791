package tui

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"rolo/demo"
)

// Benchmarks for the speed targets in DESIGN.md, on the scale case
// (20,000 accounts, 100,000 deals, 1,000,000 activities). Set
// ROLO_BENCH_DB to a database made with
//
//	ROLO_NOW=2026-11-27T10:00:00Z rolo demo --db big.db --accounts 20000 --deals 100000 --activities 1000000
//
// or let the first benchmark make one (about 20 s). Each benchmark works
// on its own copy. See BENCHMARKS.md for the figures.

var scale struct {
	once sync.Once
	path string
	err  error
}

// scaleCopy returns a fresh copy of the scale database.
func scaleCopy(b *testing.B) string {
	b.Helper()
	scale.once.Do(func() {
		if p := os.Getenv("ROLO_BENCH_DB"); p != "" {
			scale.path = p
			return
		}
		dir, err := os.MkdirTemp("", "rolo-bench-")
		if err != nil {
			scale.err = err
			return
		}
		scale.path = filepath.Join(dir, "scale.db")
		s := openStore(b, scale.path, testClock())
		defer s.Close()
		_, scale.err = demo.Generate(context.Background(), s,
			demo.Config{Seed: 1, Accounts: 20_000, Deals: 100_000, Activities: 1_000_000, Clock: testClock()}, nil)
	})
	if scale.err != nil {
		b.Fatal(scale.err)
	}
	dst := filepath.Join(b.TempDir(), "scale.db")
	for _, suffix := range []string{"", "-wal"} {
		if err := copyFile(scale.path+suffix, dst+suffix); err != nil && suffix == "" {
			b.Fatal(err)
		}
	}
	return dst
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// BenchmarkFirstFrame: open the file, build the app, load the opening tab
// (Today) and draw it. The process start and the terminal are not in it
// (BENCHMARKS.md times the binary for those).
func BenchmarkFirstFrame(b *testing.B) {
	path := scaleCopy(b)
	b.ResetTimer()
	for range b.N {
		h := startApp(b, path, 120, 40)
		_ = h.m.View()
		b.StopTimer()
		h.s.Close()
		b.StartTimer()
	}
}

// keyLoop measures one keystroke's Update + View, alternating keys so the
// cursor stays in the loaded rows; the commands keys return (background
// page fetches) are not run, as they run off the event loop.
func keyLoop(b *testing.B, h *harness, fk, bk tea.KeyPressMsg, span int) {
	b.Helper()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		k := fk
		if i/span%2 == 1 {
			k = bk
		}
		h.m.Update(k)
		_ = h.m.View()
	}
}

func BenchmarkBoardKey(b *testing.B) {
	h := startApp(b, scaleCopy(b), 120, 40)
	h.tab(pipelineTab)
	keyLoop(b, h, keyOf(km.List.Down), keyOf(km.List.Up), 50)
}

func BenchmarkBoardColumnKey(b *testing.B) {
	h := startApp(b, scaleCopy(b), 120, 40)
	h.tab(pipelineTab)
	keyLoop(b, h, keyOf(km.Board.Right), keyOf(km.Board.Left), 3)
}

func BenchmarkTodayKey(b *testing.B) {
	h := startApp(b, scaleCopy(b), 120, 40)
	keyLoop(b, h, keyOf(km.List.Down), keyOf(km.List.Up), 50)
}

func BenchmarkAccountsKey(b *testing.B) {
	h := startApp(b, scaleCopy(b), 120, 40)
	h.tab(accountsTab)
	keyLoop(b, h, keyOf(km.List.Down), keyOf(km.List.Up), 50)
}

// BenchmarkFilterKey: typing in the board's filter (Update + View); the
// filtered reload runs in the background and is measured by
// BenchmarkFilterReload.
func BenchmarkFilterKey(b *testing.B) {
	h := startApp(b, scaleCopy(b), 120, 40)
	h.tab(pipelineTab)
	h.do(km.List.Filter)
	keyLoop(b, h, keyMsg("a"), keyMsg("backspace"), 1) // typed text
}

// BenchmarkFilterReload: the board's reload for a filter (headers and
// every column's first page), as the command runs it after a keystroke.
func BenchmarkFilterReload(b *testing.B) {
	h := startApp(b, scaleCopy(b), 120, 40)
	h.tab(pipelineTab)
	h.do(km.List.Filter)
	h.typeText("north")
	p := h.board()
	b.ResetTimer()
	for range b.N {
		_ = p.loadBoard()()
	}
}

// BenchmarkStageMove: key → redrawn board for a stage move, including the
// write (one transaction, fsynced) and the reload; L and H alternate so
// the deal goes back and forth.
func BenchmarkStageMove(b *testing.B) {
	h := startApp(b, scaleCopy(b), 120, 40)
	h.tab(pipelineTab)
	keys := []tea.KeyPressMsg{keyOf(km.Deal.MoveNext), keyOf(km.Deal.MovePrev)}
	b.ResetTimer()
	for i := range b.N {
		_, cmd := h.m.Update(keys[i%2])
		h.run(cmd)
		_ = h.m.View()
	}
}

// BenchmarkRenewalsTab: key 4 → the Renewals tab's first frame for this
// week at the scale case: the count of the window, the first page of
// rows with their health, and the draw. The header's at-risk figure is
// computed after this frame (BenchmarkRenewalsAtRisk in store).
func BenchmarkRenewalsTab(b *testing.B) {
	h := startApp(b, scaleCopy(b), 120, 40)
	four := keyOf(h.m.tabs[renewalsTab].key)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		h.m.active = todayTab
		h.m.gen++ // the data changed: the tab reloads when shown
		b.StartTimer()
		_, load := h.m.Update(four)
		h.m.Update(h.exec(load)) // the rows arrive; the at-risk command it returns is not run
		_ = h.m.View()
	}
}

// BenchmarkRenewalDecision: a decision key → saved and redrawn: enter in
// the renew form (prefilled, so r, enter renews) writes the renewal in
// one FULL-sync transaction, the form closes and the review shows the
// next contract under the cursor at once (the decided row leaves it).
// ns/op stops at that frame; reloaded-ns/op goes on through the reload
// that confirms it (counts, the page around the cursor, the draw).
// Opening the form and undoing the renewal between rounds are not timed.
func BenchmarkRenewalDecision(b *testing.B) {
	h := startApp(b, scaleCopy(b), 120, 40)
	reloading := false
	h.skip = func(cmd tea.Cmd) bool {
		name := funcName(cmd)
		return strings.Contains(name, "atRisk") || !reloading && strings.Contains(name, "loadBook")
	}
	h.tab(renewalsTab)
	enter := keyOf(km.Form.Accept)
	var reloaded time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		reloading = true
		h.do(km.Contract.Renew)
		reloading = false
		b.StartTimer()
		start := time.Now()
		_, cmd := h.m.Update(enter)
		h.run(cmd) // saved, the form closed, the row gone; the reload is not run yet
		_ = h.m.View()
		b.StopTimer()
		reloading = true
		h.run(loadBook(h.s)) // what the change started: the reload
		_ = h.m.View()
		reloaded += time.Since(start)
		if h.dialog() != nil || !strings.Contains(h.footer(), "Renewed") {
			b.Fatalf("the renewal was not saved:\n%s", h.screen())
		}
		h.do(km.Global.Undo)
		b.StartTimer()
	}
	b.ReportMetric(float64(reloaded.Nanoseconds())/float64(b.N), "reloaded-ns/op")
}

// BenchmarkRenewalsKey: a keystroke's Update + View on the Renewals tab.
func BenchmarkRenewalsKey(b *testing.B) {
	h := startApp(b, scaleCopy(b), 120, 40)
	h.tab(renewalsTab)
	keyLoop(b, h, keyOf(km.List.Down), keyOf(km.List.Up), 30)
}

// BenchmarkFormKeyOverBoard: a key typed into the new-deal form over the
// board (Update + View); the board under the dialog is not redrawn.
func BenchmarkFormKeyOverBoard(b *testing.B) {
	h := startApp(b, scaleCopy(b), 120, 40)
	h.tab(pipelineTab)
	h.do(km.Deal.New)
	keyLoop(b, h, keyMsg("a"), keyMsg("backspace"), 1)
}

// BenchmarkPaletteSearch: the palette's answer to a typed name (the
// direct search the palette shows first), key by key of "maple".
func BenchmarkPaletteSearch(b *testing.B) {
	h := startApp(b, scaleCopy(b), 120, 40)
	ctx := context.Background()
	queries := []string{"m", "ma", "map", "mapl", "maple"}
	b.ResetTimer()
	for i := range b.N {
		if _, err := h.s.Search(ctx, queries[i%len(queries)], paletteRows); err != nil {
			b.Fatal(err)
		}
	}
}
