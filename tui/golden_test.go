package tui

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestGolden pins every main screen as a person sees it (styles stripped)
// at 80×24 and 120×40, with the clock and the theme pinned. Regenerate
// with: go test ./tui/ -run Golden -update (and read the diff).
func TestGolden(t *testing.T) {
	screens := []struct {
		name  string
		empty bool
		setup func(h *harness)
	}{
		{"today", false, func(h *harness) {}},
		{"pipeline_board", false, func(h *harness) { h.tab(pipelineTab) }},
		{"pipeline_table", false, func(h *harness) { h.tab(pipelineTab); h.do(km.Board.ToggleView) }},
		{"accounts", false, func(h *harness) { h.tab(accountsTab) }},
		{"renewals", false, func(h *harness) { h.tab(renewalsTab) }},
		{"renewals_review", false, func(h *harness) { withRenewals(h); h.tab(renewalsTab) }},
		{"renewals_decided", false, func(h *harness) {
			withRenewals(h)
			h.tab(renewalsTab)
			h.do(km.List.Down, km.Contract.Renew)
			h.typeText("+5%")
			h.do(km.Form.Accept, km.Contract.Snooze, km.Form.Accept, km.List.Down)
		}},
		{"renew_form", false, func(h *harness) { withRenewals(h); h.tab(renewalsTab); h.do(km.List.Down, km.Contract.Renew) }},
		{"contract_detail", false, func(h *harness) { withRenewals(h); h.tab(renewalsTab); h.do(km.List.Down, km.Contract.Details) }},
		{"today_renewals", false, func(h *harness) { withRenewals(h); h.do(km.List.Top) }},
		{"metrics", false, func(h *harness) { h.tab(metricsTab) }},
		{"first_run", true, func(h *harness) {}},
		{"new_deal_form", false, func(h *harness) { h.do(km.Deal.New) }},
		{"deal_detail", false, func(h *harness) { h.do(km.List.Open) }},
	}
	for _, sc := range screens {
		t.Run(sc.name, func(t *testing.T) {
			for _, size := range [][2]int{{80, 24}, {120, 40}} {
				t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
					var h *harness
					if sc.empty {
						h = startApp(t, fixedLengthPath(t), size[0], size[1])
					} else {
						h = newHarness(t, size[0], size[1])
					}
					sc.setup(h)
					golden.RequireEqual(t, []byte(strings.ReplaceAll(h.screen(), h.s.Path(), goldenPath)))
				})
			}
		})
	}
}

// withRenewals adds renewalBook's week of renewals to the book.
func withRenewals(h *harness) {
	seedRenewals(h.t, h.s)
	h.send(changedMsg{})
}

// goldenPath stands in for the database path the first-run screen shows;
// fixedLengthPath makes the real one the same length, so the centred
// layout is the same on every run.
const goldenPath = "/tmp/rolo-golden-XXXXXXXX/rolo.db"

func fixedLengthPath(t *testing.T) string {
	t.Helper()
	if fi, err := os.Stat("/tmp"); err != nil || !fi.IsDir() {
		t.Skip("the first-run golden needs /tmp (its path is on the screen)")
	}
	dir := fmt.Sprintf("/tmp/rolo-golden-%08x", rand.Uint32())
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Skipf("cannot make %s: %v", dir, err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	p := filepath.Join(dir, "rolo.db")
	if len(p) != len(goldenPath) {
		t.Fatalf("path %s is not as long as %s", p, goldenPath)
	}
	return p
}
