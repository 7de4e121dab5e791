package tui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
)

// TestNoKeyMeansTwoThings: on every kind of screen — Today's rows of each
// kind, the Renewals tab, a contract's page, the account page's sections,
// the Accounts list, the Metrics tab — a key the footer or ? offers does
// one thing, global keys included (on Renewals q is this quarter, so quit
// is ctrl+c; on the account page tab moves between sections, not tabs).
func TestNoKeyMeansTwoThings(t *testing.T) {
	rowOf := func(h *harness, want func(string) bool) {
		h.t.Helper()
		h.do(km.List.Top)
		for range 40 {
			if want(h.lineWith("▸")) {
				return
			}
			h.do(km.List.Down)
		}
		h.t.Fatalf("no such row:\n%s", h.screen())
	}
	screens := []struct {
		name  string
		setup func(h *harness)
	}{
		{"Today, a renewal", func(h *harness) { rowOf(h, func(l string) bool { return strings.Contains(l, "⟳") }) }},
		{"Today, an urgent issue", func(h *harness) { rowOf(h, func(l string) bool { return strings.Contains(l, "! urgent") }) }},
		{"Today, a task", func(h *harness) { rowOf(h, func(l string) bool { return strings.Contains(l, "☐ task") }) }},
		{"Today, a check-in", func(h *harness) { rowOf(h, func(l string) bool { return strings.Contains(l, "◷ check-in") }) }},
		{"Today, a deal", func(h *harness) {
			rowOf(h, func(l string) bool { return strings.Contains(l, "overdue") && !strings.Contains(l, "task") })
		}},
		{"Renewals", func(h *harness) { h.tab(renewalsTab) }},
		{"a contract's page", func(h *harness) { h.tab(renewalsTab); h.do(km.Contract.Details) }},
		{"Accounts", func(h *harness) { h.tab(accountsTab) }},
		{"the account page", func(h *harness) { h.tab(accountsTab); h.selectRow("Wonka"); h.do(km.List.Open) }},
		{"the account page's Deals", func(h *harness) {
			h.tab(accountsTab)
			h.selectRow("Initech")
			h.do(km.List.Open, km.Account.NextSection, km.Account.NextSection)
		}},
		{"the account page's Issues", func(h *harness) {
			h.tab(accountsTab)
			h.selectRow("Wonka")
			h.do(km.List.Open, km.Account.NextSection, km.Account.NextSection, km.Account.NextSection)
		}},
		{"the account page's Contracts", func(h *harness) {
			h.tab(accountsTab)
			h.selectRow("Wonka")
			h.do(km.List.Open, km.Account.PrevSection)
		}},
		{"Pipeline", func(h *harness) { h.tab(pipelineTab) }},
		{"Metrics", func(h *harness) { h.tab(metricsTab) }},
	}
	for _, sc := range screens {
		t.Run(sc.name, func(t *testing.T) {
			h, _ := renewalHarness(t, 120, 40)
			h.amBook()
			h.send(changedMsg{})
			sc.setup(h)
			if h.dialog() != nil {
				t.Fatalf("a dialog is open:\n%s", h.screen())
			}
			hs := h.m.top().help()
			groups := append(append([][]key.Binding{hs.short}, hs.full...), h.m.globalHelp()...)
			meaning := map[string]string{}
			for _, g := range groups {
				for _, b := range g {
					if !b.Enabled() {
						continue
					}
					for _, k := range b.Keys() {
						d := b.Help().Desc
						if was, ok := meaning[k]; ok && was != d {
							t.Errorf("%s: %q means %q and %q", sc.name, k, was, d)
						}
						meaning[k] = d
					}
				}
			}
		})
	}
}
