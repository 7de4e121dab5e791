package tui

import (
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"rolo/model"
)

// A tile is one figure of the Metrics tab as drawn: its name, its value
// large (one line per currency where money is involved) with the change
// against the previous period, the inputs it was computed from, and the
// drill-down that lists the records behind it.
type tile struct {
	id     string
	label  string
	lines  []tileLine
	inputs string         // one or two lines ("\n")
	open   func() tea.Cmd // nil: nothing to list
}

// tileLine is one value of a tile: "GRR " "98.9%" "▲ 1 pts". short is
// the value to show when the exact one does not fit.
type tileLine struct {
	prefix, value, short string
	change               string
	lowerIsBetter        bool // a fall is good news (sales cycle, CAC)
}

// kindLabel names a kind of revenue.
func kindLabel(k model.DealKind) string {
	switch k {
	case model.NewBusiness:
		return "New-business revenue"
	case model.Expansion:
		return "Expansion revenue"
	}
	return "Renewal revenue"
}

// figureTiles builds the two panels from the period's figures r and the
// previous period's (nil while they load). pending draws the tiles of r
// with their values not known yet (another period is loading).
func (v *metricsView) figureTiles(r model.Report, prev *model.Report, pending bool) (selling, account []tile) {
	c, p := v.ctx, r.Period
	var pr model.Report
	if prev != nil {
		pr = *prev
	}
	// change is "" until the previous period is in.
	change := func(f func() string) string {
		if prev == nil || pending {
			return ""
		}
		return f()
	}
	open := func(f func() view) func() tea.Cmd {
		if pending {
			return nil
		}
		return func() tea.Cmd { return push(f()) }
	}

	for _, k := range model.DealKinds {
		t := tile{id: "revenue:" + string(k), label: kindLabel(k), inputs: plural(r.RevenueDeals[k], "deal") + " won",
			open: open(func() view { return newRevenueDrill(c, p, r, k) })}
		t.lines = moneyLines(r.Revenue[k], func(m model.Money) string {
			return change(func() string { return model.MoneyDelta(m.Minor, pr.Revenue[k][m.Currency]) })
		})
		selling = append(selling, t)
	}
	w := r.WinRate
	selling = append(selling, tile{id: "winrate", label: "Win rate (new business)",
		lines: []tileLine{{value: w.Rate().Percent(0), change: change(func() string {
			return model.Delta(w.Rate(), pr.WinRate.Rate(), 100, 0, " pts")
		})}},
		inputs: fmt.Sprintf("%s won / %s lost", count(w.Won), count(w.Lost)),
		open:   open(func() view { return newWinRateDrill(c, p, r) })})
	prevSteps := pr.Funnel.Steps()
	for i, s := range r.Funnel.Steps() {
		selling = append(selling, tile{id: fmt.Sprintf("conversion:%d", s.FromPosition),
			label: model.Clean(s.From.Name) + " → " + model.Clean(s.To.Name),
			lines: []tileLine{{value: s.Rate().Percent(0), change: change(func() string {
				if i >= len(prevSteps) {
					return ""
				}
				return model.Delta(s.Rate(), prevSteps[i].Rate(), 100, 0, " pts")
			})}},
			inputs: fmt.Sprintf("%s of %s new deals went on", count(s.ReachedTo), count(s.ReachedFrom)),
			open:   open(func() view { return newConversionDrill(c, p, r, s.FromPosition) })})
	}
	cycle := r.SalesCycle.Median()
	selling = append(selling, tile{id: "cycle", label: "Sales cycle (median)",
		lines: []tileLine{{value: daysText(cycle), lowerIsBetter: true, change: change(func() string {
			return model.Delta(cycle, pr.SalesCycle.Median(), 1, 1, " days")
		})}},
		inputs: "created → won, " + plural(len(r.SalesCycle.Days), "new-business win"),
		open:   open(func() view { return newCycleDrill(c, p, r) })})
	selling = append(selling, tile{id: "customers", label: "New customers",
		lines: []tileLine{{value: count(r.NewCustomers), change: change(func() string {
			return model.CountDelta(r.NewCustomers, pr.NewCustomers)
		})}},
		inputs: "accounts first won in the period",
		open:   open(func() view { return newCustomersDrill(c, p, r) })})
	selling = append(selling, cacTile(r, pr, change, open(func() view { return newCACView(c, p, r) })))
	weighted := model.Totals{}
	for cur, x := range r.WeightedPipeline {
		weighted[cur] = x.Money(cur).Minor
	}
	pipe := tile{id: "pipeline", label: "Weighted pipeline (now)", inputs: plural(r.OpenDeals, "open deal") + " × probability",
		open: open(func() view { return newPipelineDrill(c, p, r) })}
	pipe.lines = moneyLines(weighted, func(model.Money) string { return "" })
	selling = append(selling, pipe)

	cs := r.CSAT
	account = append(account, tile{id: "csat", label: "CSAT",
		lines: []tileLine{{value: cs.Score().Fixed(1, 1), change: change(func() string {
			return model.Delta(cs.Score(), pr.CSAT.Score(), 1, 1, "")
		})}},
		inputs: fmt.Sprintf("%s of %s were 4–5", count(cs.Satisfied), plural(cs.Responses, "answer")),
		open:   open(func() view { return newSurveyDrill(c, p, r, model.CSAT) })})
	n := r.NPS
	account = append(account, tile{id: "nps", label: "NPS",
		lines: []tileLine{{value: n.Score().Fixed(1, 1), change: change(func() string {
			return model.Delta(n.Score(), pr.NPS.Score(), 1, 1, "")
		})}},
		inputs: fmt.Sprintf("%s − %s\nof %s", plural(n.Promoters, "promoter"), plural(n.Detractors, "detractor"), plural(n.Responses, "answer")),
		open:   open(func() view { return newSurveyDrill(c, p, r, model.NPS) })})
	account = append(account, retentionTiles(r, pr, change, open, v)...)
	l := r.Logos
	account = append(account, tile{id: "logos", label: "Logo retention",
		lines: []tileLine{{value: l.Rate().Percent(0), change: change(func() string {
			return model.Delta(l.Rate(), pr.Logos.Rate(), 100, 0, " pts")
		})}},
		inputs: fmt.Sprintf("%s of %s kept", count(l.Retained), plural(l.Start, "account")),
		open:   open(func() view { return newLogoDrill(c, p, r) })})

	if pending {
		for _, ts := range [][]tile{selling, account} {
			for i := range ts {
				for j := range ts[i].lines {
					ts[i].lines[j].value, ts[i].lines[j].short = "…", "…"
				}
				ts[i].inputs = "computing…"
			}
		}
	}
	return selling, account
}

// moneyLines is one line per currency, largest first; "0" when there is
// none. change gives each amount's change.
func moneyLines(t model.Totals, change func(model.Money) string) []tileLine {
	amounts := t.Amounts()
	if len(amounts) == 0 {
		return []tileLine{{value: "0"}}
	}
	out := make([]tileLine, len(amounts))
	for i, m := range amounts {
		out[i] = tileLine{value: m.String(), short: m.Short(), change: change(m)}
	}
	return out
}

// cacTile is CAC per currency of spend.
func cacTile(r, pr model.Report, change func(func() string) string, open func() tea.Cmd) tile {
	t := tile{id: "cac", label: "CAC", open: open}
	currencies := sortedKeys(r.CAC)
	spend := model.Totals{}
	for _, cur := range currencies {
		x := r.CAC[cur]
		spend[cur] = x.Spend
		line := tileLine{value: x.Value().Money(cur).String(), short: x.Value().Money(cur).Short(), lowerIsBetter: true}
		if !x.Value().Valid() {
			line.value, line.short = "—", "—"
		}
		line.prefix = cur + " "
		line.change = change(func() string {
			p, ok := pr.CAC[cur]
			if !ok || !x.Value().Valid() || !p.Value().Valid() {
				return ""
			}
			return model.MoneyDelta(x.Value().Money(cur).Minor, p.Value().Money(cur).Minor)
		})
		t.lines = append(t.lines, line)
	}
	if len(t.lines) == 0 {
		t.lines = []tileLine{{value: "—"}}
		t.inputs = "no spend recorded: enter adds it"
		return t
	}
	if len(t.lines) == 1 {
		t.lines[0].prefix = ""
	}
	t.inputs = totalsShort(spend) + " spend ÷ " + plural(r.NewCustomers, "new customer")
	return t
}

// retentionTiles is GRR and NRR, one tile per currency.
func retentionTiles(r, pr model.Report, change func(func() string) string, open func(func() view) func() tea.Cmd, v *metricsView) []tile {
	c, p := v.ctx, r.Period
	currencies := sortedKeys(r.Retention)
	if len(currencies) == 0 {
		return []tile{{id: "retention", label: "GRR / NRR", lines: []tileLine{{value: "—"}},
			inputs: "no contract ran on " + p.From.Short(c.clock.Today())}}
	}
	var out []tile
	for _, cur := range currencies {
		x, px := r.Retention[cur], pr.Retention[cur]
		m := func(v int64) string { return model.Money{Minor: v, Currency: cur}.Short() }
		out = append(out, tile{id: "retention:" + cur, label: "Retention " + cur,
			lines: []tileLine{
				{prefix: "GRR ", value: x.GRR().Percent(1), change: change(func() string { return model.Delta(x.GRR(), px.GRR(), 100, 0, " pts") })},
				{prefix: "NRR ", value: x.NRR().Percent(1), change: change(func() string { return model.Delta(x.NRR(), px.NRR(), 100, 0, " pts") })},
			},
			inputs: fmt.Sprintf("start %s · %s\nchurned %s · down %s · up %s", m(x.Start), plural(x.Pairs, "account"),
				m(x.Churned), m(x.Contraction), m(x.Expansion)),
			open: open(func() view { return newRetentionDrill(c, p, r, cur) })})
	}
	return out
}

// daysText renders a number of days: "38 days", "38.5 days", "—".
func daysText(r model.Ratio) string {
	switch {
	case !r.Valid():
		return "—"
	case r.Num%r.Den == 0:
		return r.Fixed(1, 0) + " days"
	}
	return r.Fixed(1, 1) + " days"
}

// sortedKeys is a map's currency codes in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// changeDirection reads a change as Delta writes it: +1 up, -1 down, 0
// none.
func changeDirection(s string) int {
	switch {
	case strings.HasPrefix(s, "▲"):
		return 1
	case strings.HasPrefix(s, "▼"):
		return -1
	}
	return 0
}
