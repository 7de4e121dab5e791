package tui

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestGoldenMetrics pins the Metrics tab and every kind of drill-down on
// the demo book as a person sees them (styles stripped, so also what
// NO_COLOR shows) at 80×24 and 120×40. Regenerate with: go test ./tui/
// -run GoldenMetrics -update (and read every frame).
func TestGoldenMetrics(t *testing.T) {
	drill := func(id string) func(h *harness) {
		return func(h *harness) { h.selectFigure(id); h.do(km.Metrics.Drill) }
	}
	screens := []struct {
		name  string
		setup func(h *harness)
	}{
		{"tab", func(h *harness) {}},
		{"tab_account_management", func(h *harness) { h.selectFigure("csat") }},
		{"tab_trends", func(h *harness) { h.selectFigure("trend:quarters") }},
		{"tab_forecast", func(h *harness) { h.do(km.List.Bottom) }},
		{"tab_last_quarter", func(h *harness) { h.do(km.Metrics.Period, km.Metrics.Period, km.Metrics.PrevPeriod) }},
		{"help", func(h *harness) { h.do(km.Global.Help) }},
		{"drill_revenue", drill("revenue:new")},
		{"drill_win_rate", drill("winrate")},
		{"drill_conversion", drill("conversion:1")},
		{"drill_funnel_cohort", drill("funnel")},
		{"drill_sales_cycle", drill("cycle")},
		{"drill_new_customers", drill("customers")},
		{"drill_cac", drill("cac")},
		{"drill_cac_new_customers", func(h *harness) { drill("cac")(h); h.do(km.Metrics.SwitchList) }},
		{"spend_form", func(h *harness) { drill("cac")(h); h.do(km.Metrics.AddSpend) }},
		{"drill_pipeline", drill("pipeline")},
		{"drill_csat", drill("csat")},
		{"drill_nps", drill("nps")},
		{"drill_retention", drill("retention:USD")},
		{"drill_logo_retention", drill("logos")},
		{"drill_help", func(h *harness) { drill("cycle")(h); h.do(km.Global.Help) }},
	}
	for _, sc := range screens {
		t.Run(sc.name, func(t *testing.T) {
			for _, size := range [][2]int{{80, 24}, {120, 40}} {
				t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
					h := newDemoHarness(t, size[0], size[1])
					h.tab(metricsTab)
					sc.setup(h)
					golden.RequireEqual(t, []byte(h.screen()))
				})
			}
		})
	}
}
