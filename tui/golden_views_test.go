package tui

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestGoldenViews pins the views and dialogs of the shell as a person sees
// them (styles stripped) at 80×24 and 120×40: help on each kind of view,
// the deal dialogs, a text read in full, the palette with results.
// Regenerate with: go test ./tui/ -run GoldenViews -update (and read the
// diff).
func TestGoldenViews(t *testing.T) {
	screens := []struct {
		name  string
		setup func(h *harness)
	}{
		{"help_today", func(h *harness) { h.do(km.Global.Help) }},
		{"help_pipeline", func(h *harness) { h.tab(pipelineTab); h.do(km.Global.Help) }},
		{"help_deal", func(h *harness) { h.do(km.List.Open, km.Global.Help) }},
		{"log_dialog", func(h *harness) { h.do(km.Deal.Log) }},
		{"done_dialog", func(h *harness) { h.do(km.Deal.Done) }},
		{"done_no_next_step", func(h *harness) { h.do(km.List.Down, km.Deal.Done, km.Form.Save) }},
		{"snooze_dialog", func(h *harness) { h.do(km.Deal.Snooze) }},
		{"won_dialog", func(h *harness) { h.tab(pipelineTab); h.do(km.List.Down, km.Deal.Won) }},
		{"lost_dialog", func(h *harness) { h.tab(pipelineTab); h.do(km.Deal.Lost) }},
		{"deal_timeline_entry", func(h *harness) { h.do(km.List.Open, km.List.Open) }},
		{"palette_hits", func(h *harness) { h.do(km.Global.Palette); h.typeText("vand") }},
		{"table_reversed", func(h *harness) { h.tab(pipelineTab); h.do(km.Board.ToggleView, km.List.Sort, km.List.Reverse) }},
	}
	for _, sc := range screens {
		t.Run(sc.name, func(t *testing.T) {
			for _, size := range [][2]int{{80, 24}, {120, 40}} {
				t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
					h := newHarness(t, size[0], size[1])
					sc.setup(h)
					golden.RequireEqual(t, []byte(h.screen()))
				})
			}
		})
	}
}
