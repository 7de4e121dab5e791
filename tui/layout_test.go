package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"rolo/model"
	"rolo/store"
)

// frameProblems lists where a frame does not fit w×h cells: text past the
// right edge is cut off by the terminal, and a frame of the wrong height
// scrolls or leaves stale rows. (Trailing blanks do not count: one over-wide
// row makes Lip Gloss pad every row to its width.)
func frameProblems(frame string, w, h int) (footerTooWide bool, problems []string) {
	lines := strings.Split(frame, "\n")
	if len(lines) != h {
		problems = append(problems, fmt.Sprintf("%d rows, want %d", len(lines), h))
	}
	for i, l := range lines {
		l = strings.TrimRight(ansi.Strip(l), " ")
		if lw := lipgloss.Width(l); lw > w {
			if i == len(lines)-1 {
				footerTooWide = true
				continue
			}
			problems = append(problems, fmt.Sprintf("row %d is %d cells wide, window %d: %q", i, lw, w, l))
		}
	}
	return footerTooWide, problems
}

// TestFramesFitTheWindow draws every screen at several sizes and checks
// each frame is exactly the window: no row wider, no row more or less.
func TestFramesFitTheWindow(t *testing.T) {
	screens := []struct {
		name  string
		setup func(h *harness)
	}{
		{"today", func(h *harness) {}},
		{"pipeline", func(h *harness) { h.tab(pipelineTab) }},
		{"pipeline last column", func(h *harness) {
			h.tab(pipelineTab)
			h.do(km.Board.Right, km.Board.Right, km.Board.Right)
		}},
		{"pipeline filter", func(h *harness) { h.tab(pipelineTab); h.do(km.List.Filter); h.typeText("o") }},
		{"table", func(h *harness) { h.tab(pipelineTab); h.do(km.Board.ToggleView) }},
		{"accounts", func(h *harness) { h.tab(accountsTab) }},
		{"accounts filter", func(h *harness) { h.tab(accountsTab); h.do(km.List.Filter); h.typeText("i") }},
		{"renewals", func(h *harness) { h.tab(renewalsTab) }},
		{"metrics", func(h *harness) { h.tab(metricsTab) }},
		{"deal detail", func(h *harness) { h.do(km.List.Open) }},
		{"new deal form", func(h *harness) { h.do(km.Deal.New) }},
		{"log dialog", func(h *harness) { h.do(km.Deal.Log) }},
		{"snooze dialog", func(h *harness) { h.do(km.Deal.Snooze) }},
		{"help today", func(h *harness) { h.do(km.Global.Help) }},
		{"palette", func(h *harness) { h.do(km.Global.Palette) }},
		{"status line", func(h *harness) { h.tab(pipelineTab); h.do(km.Deal.MoveNext) }},
	}
	sizes := [][2]int{{80, 24}, {100, 30}, {120, 40}, {60, 20}, {160, 50}}
	var footers []string
	for _, size := range sizes {
		w, ht := size[0], size[1]
		for _, sc := range screens {
			h := newHarness(t, w, ht)
			sc.setup(h)
			footer, problems := frameProblems(h.raw(), w, ht)
			if footer {
				footers = append(footers, fmt.Sprintf("%s at %dx%d: %q", sc.name, w, ht, strings.TrimRight(h.footer(), " ")))
			}
			for _, p := range problems {
				t.Errorf("%s at %dx%d: %s", sc.name, w, ht, p)
			}
		}
		// The first-run screen.
		h := newEmptyHarness(t, w, ht)
		if footer, problems := frameProblems(h.raw(), w, ht); footer || len(problems) > 0 {
			t.Errorf("first run at %dx%d: footer too wide %v, %v", w, ht, footer, problems)
		}
	}
	if len(footers) > 0 {
		t.Errorf("the footer is wider than the window:\n  %s", strings.Join(footers, "\n  "))
	}
}

// TestResizeKeepsFrameFitting: after a resize the frame follows.
func TestResizeKeepsFrameFitting(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.tab(pipelineTab)
	h.do(km.Board.Right, km.Board.Right, km.Board.Right) // the last column, so the board must scroll at 60 cols
	for _, size := range [][2]int{{80, 24}, {60, 20}, {200, 60}, {100, 30}} {
		h.resize(size[0], size[1])
		if _, problems := frameProblems(h.raw(), size[0], size[1]); len(problems) > 0 {
			t.Errorf("at %dx%d: %v", size[0], size[1], problems)
		}
		if got := h.selectedCard(); got != "Enterprise" {
			t.Errorf("at %dx%d the selected card is %q", size[0], size[1], got)
		}
	}
	// Narrow: fewer columns, with the arrows saying more are off-screen.
	h.resize(60, 20)
	h.wantScreen("‹ QUALIFYING", "CLOSING")
	h.notScreen("PROSPECTING")
	h.do(km.Board.Left, km.Board.Left, km.Board.Left)
	h.wantScreen("PROSPECTING", "›")
}

// TestPipelineHelpFitsWindow: the help over the board fits the window.
func TestPipelineHelpFitsWindow(t *testing.T) {
	for _, size := range [][2]int{{120, 40}, {100, 30}, {80, 24}} {
		h := newHarness(t, size[0], size[1])
		h.tab(pipelineTab)
		h.do(km.Global.Help)
		h.wantScreen("Keys — Pipeline")
		if size[1] >= 30 {
			h.wantScreen("weighted = Σ value")
		}
		if _, problems := frameProblems(h.raw(), size[0], size[1]); len(problems) > 0 {
			t.Errorf("at %dx%d the help dialog does not fit: %s", size[0], size[1], problems[0])
		}
	}
}

// TestTodayHeaderHasNoStrayEllipsis: the queue's header row is cut only
// when it does not fit.
func TestTodayHeaderHasNoStrayEllipsis(t *testing.T) {
	for _, w := range []int{80, 100, 109} {
		h := newHarness(t, w, 30)
		head := strings.TrimRight(h.lineWith("Why "), " ")
		if strings.HasSuffix(head, "…") {
			t.Errorf("the header is cut with a stray ellipsis at width %d: %q", w, head)
		}
	}
}

// TestLongValuesStayOnOneRowInForms: a field's text longer than the field
// scrolls inside it instead of wrapping the dialog.
func TestLongValuesStayOnOneRowInForms(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	s := openStore(t, path, testClock())
	ctx := context.Background()
	st, err := s.Stages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	long := "Massive Dynamic — fleet telematics rollout for all forty depots in EMEA"
	if _, err := s.CreateDeal(ctx, model.Deal{AccountName: "Massive Dynamic", Title: long, StageID: st[0].ID,
		Value: model.Money{Minor: 100, Currency: "USD"}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	h := startApp(t, path, 100, 30)
	h.tab(pipelineTab)
	h.do(km.Deal.Edit)
	ls := h.lines()
	for i, l := range ls {
		if strings.Contains(l, "› Title") {
			if i+1 < len(ls) && !strings.Contains(ls[i+1], "Account") {
				t.Errorf("a value longer than its field wraps onto the next row: edit a deal titled %q at 100x30:\n%s", long, h.screen())
			}
			return
		}
	}
	t.Fatalf("no title row:\n%s", h.screen())
}

// TestFormDialogFitsSmallWindow: the new-deal form with account
// suggestions open still fits 80×24.
func TestFormDialogFitsSmallWindow(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.do(km.Deal.New, km.Form.Save) // every required field shows its error
	h.wantScreen("✗ required")
	h.do(km.Form.Next)
	h.typeText("e")          // six accounts hold an "e"
	h.wantScreen("▸ Globex") // the shortest match first
	if _, problems := frameProblems(h.raw(), 80, 24); len(problems) > 0 {
		t.Errorf("the new-deal dialog with suggestions and errors does not fit 80x24: %v\n%s", problems, h.screen())
	}
	h.wantScreen("ctrl+s saves", "╰")
}

// TestTableMarksOneSortColumn: the table header marks the sorted column.
func TestTableMarksOneSortColumn(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.tab(pipelineTab)
	h.do(km.Board.ToggleView)
	for range 5 {
		head := h.lineWith("Deal ")
		if n := strings.Count(head, "▲") + strings.Count(head, "▼"); n != 1 {
			t.Errorf("sorted by %q the header marks %d columns: %q", store.SortNames[h.board().table.sort], n, strings.TrimSpace(head))
		}
		h.do(km.List.Sort)
	}
}
