package tui

import (
	"fmt"
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"rolo/model"
)

// tileText is a figure as the Metrics tab draws it (styles stripped).
func (h *harness) tileText(id string) string {
	h.t.Helper()
	p := h.metrics().layout()
	for _, s := range p.stops {
		if s.id == id {
			var out []string
			for _, l := range p.lines[s.y : s.y+s.h] {
				out = append(out, strings.TrimSpace(ansi.Strip(ansi.Cut(l, s.x, s.x+s.w))))
			}
			return strings.Join(out, "\n")
		}
	}
	h.t.Fatalf("no figure %q", id)
	return ""
}

// walkRows reads every row of a list the way a person does: from the top,
// one j at a time (the harness runs the page fetches the keys start).
func walkRows[T any](h *harness, l *pagedList[T]) []T {
	h.t.Helper()
	h.do(km.List.Top)
	var out []T
	for i := range l.total {
		row, ok := l.selected()
		if !ok || l.cursor != i {
			h.t.Fatalf("row %d of %d is not loaded (cursor %d)", i, l.total, l.cursor)
		}
		out = append(out, row)
		h.do(km.List.Down)
	}
	return out
}

// drillRows is the drill-down on top and all its rows.
func drillRows[T any](h *harness) (*drillView[T], []T) {
	h.t.Helper()
	v, ok := h.m.top().(*drillView[T])
	if !ok {
		var zero T
		h.t.Fatalf("the view on top is %T, want a drill-down of %T:\n%s", h.m.top(), zero, h.screen())
	}
	return v, walkRows(h, v.table.list)
}

// wantIn fails unless the figure's text holds every one of subs.
func wantIn(t *testing.T, id, text string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(text, s) {
			t.Errorf("%s: the figure shows %q, which lacks %q (from its records)", id, text, s)
		}
	}
}

// TestDrillDownsAddUpToTheFigures opens every figure of the Metrics tab,
// for two periods, reads all the records behind it through the list,
// and checks that their count and sum are the figure on the tab and the
// store's own computation; esc then returns to the same figure.
func TestDrillDownsAddUpToTheFigures(t *testing.T) {
	h := newDemoHarness(t, 120, 40)
	h.tab(metricsTab)
	for _, presses := range []int{0, 2} { // this month, then this quarter
		for range presses {
			h.do(km.Metrics.Period)
		}
		p := h.metrics().period
		want := h.report(p)
		var ids []string
		for _, s := range h.metrics().layout().stops {
			if s.open != nil {
				ids = append(ids, s.id)
			}
		}
		for _, family := range []string{"revenue:", "winrate", "conversion:", "cycle", "customers", "cac", "pipeline", "csat", "nps",
			"retention:", "logos", "funnel", "forecast"} {
			if !slices.ContainsFunc(ids, func(id string) bool { return strings.HasPrefix(id, family) }) {
				t.Errorf("%s: no figure %s… to drill into (figures %v)", p.Name(), family, ids)
			}
		}
		for _, id := range ids {
			t.Run(p.Name()+"/"+id, func(t *testing.T) {
				h.t = t
				h.selectFigure(id)
				tile := h.tileText(id)
				h.do(km.Metrics.Drill)
				checkDrill(t, h, id, tile, want)
				h.do(km.Global.Back)
				if _, ok := h.m.top().(*metricsView); !ok {
					t.Fatalf("esc from the drill-down of %s left %T on top", id, h.m.top())
				}
				if p := h.metrics().layout(); p.stops[p.selected].id != id {
					t.Errorf("esc from %s came back to %s", id, p.stops[p.selected].id)
				}
			})
		}
	}
}

// checkDrill reads the drill-down on top for figure id and checks it
// against the figure's text on the tab and the store's report.
func checkDrill(t *testing.T, h *harness, id, tile string, r model.Report) {
	t.Helper()
	switch kind, cur, _ := strings.Cut(id, ":"); kind {
	case "revenue":
		_, rows := drillRows[model.MetricDeal](h)
		k := model.DealKind(cur)
		sum := model.Totals{}
		for _, d := range rows {
			if d.Kind != k || d.Status != model.Won || !r.Period.Contains(d.Closed) {
				t.Errorf("%s lists deal %d (%s, %s, closed %s)", id, d.ID, d.Kind, d.Status, d.Closed)
			}
			sum.Add(d.Value)
		}
		if len(rows) != r.RevenueDeals[k] || !maps(sum, r.Revenue[k]) {
			t.Errorf("%s: %d deals summing to %v, the store says %d and %v", id, len(rows), sum, r.RevenueDeals[k], r.Revenue[k])
		}
		wantIn(t, id, tile, plural(len(rows), "deal")+" won")
		for _, m := range sum.Amounts() {
			wantIn(t, id, tile, m.String())
		}
	case "winrate":
		_, rows := drillRows[model.MetricDeal](h)
		var won, lost int
		for _, d := range rows {
			if d.Status == model.Won {
				won++
			} else {
				lost++
			}
		}
		if won != r.WinRate.Won || lost != r.WinRate.Lost {
			t.Errorf("%s: %d won and %d lost listed, the store says %+v", id, won, lost, r.WinRate)
		}
		wantIn(t, id, tile, fmt.Sprintf("%s won / %s lost", count(won), count(lost)), model.Ratio{Num: int64(won), Den: int64(won + lost)}.Percent(0))
	case "conversion", "funnel":
		_, rows := drillRows[model.MetricDeal](h)
		if kind == "funnel" {
			if len(rows) != r.Funnel.Cohort {
				t.Errorf("funnel: %d deals listed, the cohort is %d", len(rows), r.Funnel.Cohort)
			}
			wantIn(t, id, tile, fmt.Sprintf("the %s created", plural(len(rows), "new deal")))
			return
		}
		var step int
		fmt.Sscan(cur, &step)
		on := 0
		for _, d := range rows {
			if !d.ReachedStage(step) {
				t.Errorf("%s lists deal %d, which did not reach the stage", id, d.ID)
			}
			if d.ReachedStage(step + 1) {
				on++
			}
		}
		st := r.Funnel.Steps()[step-1]
		if len(rows) != st.ReachedFrom || on != st.ReachedTo {
			t.Errorf("%s: %d reached and %d went on, the store says %d and %d", id, len(rows), on, st.ReachedFrom, st.ReachedTo)
		}
		wantIn(t, id, tile, fmt.Sprintf("%s of %s new deals went on", count(on), count(len(rows))),
			model.Ratio{Num: int64(on), Den: int64(len(rows))}.Percent(0))
	case "cycle":
		_, rows := drillRows[model.MetricDeal](h)
		days := make([]int, len(rows))
		for i, d := range rows {
			days[i] = d.CycleDays
		}
		median := model.SalesCycle{Days: days}.Median()
		if len(rows) != len(r.SalesCycle.Days) || median != r.SalesCycle.Median() {
			t.Errorf("%s: %d deals with median %v, the store says %d and %v", id, len(rows), median, len(r.SalesCycle.Days), r.SalesCycle.Median())
		}
		wantIn(t, id, tile, daysText(median), plural(len(rows), "new-business win"))
	case "customers":
		_, rows := drillRows[model.NewCustomer](h)
		if len(rows) != r.NewCustomers {
			t.Errorf("%s: %d accounts listed, the store says %d", id, len(rows), r.NewCustomers)
		}
		wantIn(t, id, tile, count(len(rows)))
	case "cac":
		v, ok := h.m.top().(*cacView)
		if !ok {
			t.Fatalf("CAC opened %T", h.m.top())
		}
		spend := walkRows(h, v.spend.list)
		h.do(km.Metrics.SwitchList)
		people := walkRows(h, v.customers.list)
		if len(people) != r.NewCustomers {
			t.Errorf("CAC lists %d new customers, the store says %d", len(people), r.NewCustomers)
		}
		sum := model.Totals{}
		for _, x := range spend {
			if !r.Period.Contains(x.Date) {
				t.Errorf("CAC lists spend dated %s", x.Date)
			}
			sum.Add(x.Amount)
		}
		for cur, minor := range sum {
			if r.CAC[cur].Spend != minor {
				t.Errorf("CAC: %s spend listed %d, the store says %d", cur, minor, r.CAC[cur].Spend)
			}
			if len(people) > 0 {
				wantIn(t, id, tile, model.Ratio{Num: minor, Den: int64(len(people))}.Money(cur).String())
			}
		}
		if len(sum) != len(r.CAC) {
			t.Errorf("CAC: spend in %v listed, the store has %v", sum, r.CAC)
		}
		wantIn(t, id, tile, plural(len(people), "new customer"))
	case "pipeline", "forecast":
		_, rows := drillRows[model.MetricDeal](h)
		weighted := map[string]*big.Rat{}
		for _, d := range rows {
			if d.Status != model.Open {
				t.Errorf("%s lists deal %d, which is %s", id, d.ID, d.Status)
			}
			if weighted[d.Value.Currency] == nil {
				weighted[d.Value.Currency] = new(big.Rat)
			}
			weighted[d.Value.Currency].Add(weighted[d.Value.Currency], big.NewRat(d.Value.Minor*int64(d.Probability), 100))
		}
		if len(rows) != r.OpenDeals {
			t.Errorf("%s: %d open deals listed, the store says %d", id, len(rows), r.OpenDeals)
		}
		for cur, w := range weighted {
			got := model.Ratio{Num: w.Num().Int64(), Den: w.Denom().Int64()}
			if got.Cmp(r.WeightedPipeline[cur]) != 0 {
				t.Errorf("%s: %s rows weigh %v, the store says %v", id, cur, got, r.WeightedPipeline[cur])
			}
			wantIn(t, id, tile, got.Money(cur).String())
		}
		if kind == "pipeline" {
			wantIn(t, id, tile, plural(len(rows), "open deal"))
		}
	case "csat", "nps":
		_, rows := drillRows[model.SurveyAnswer](h)
		scores := map[int]int{}
		for _, a := range rows {
			if string(a.Kind) != kind || !r.Period.Contains(a.Date) {
				t.Errorf("%s lists a %s answer of %s", id, a.Kind, a.Date)
			}
			scores[a.Score]++
		}
		if kind == "csat" {
			c := model.NewCSAT(scores)
			if c != r.CSAT {
				t.Errorf("csat: rows give %+v, the store %+v", c, r.CSAT)
			}
			wantIn(t, id, tile, c.Score().Fixed(1, 1), fmt.Sprintf("%s of %s were 4–5", count(c.Satisfied), plural(c.Responses, "answer")))
			return
		}
		n := model.NewNPS(scores)
		if n != r.NPS {
			t.Errorf("nps: rows give %+v, the store %+v", n, r.NPS)
		}
		wantIn(t, id, tile, n.Score().Fixed(1, 1), plural(n.Promoters, "promoter"), plural(n.Detractors, "detractor"), "of "+plural(n.Responses, "answer"))
	case "retention":
		_, rows := drillRows[model.ARRPair](h)
		for _, p := range rows {
			if p.Currency != cur {
				t.Errorf("%s lists a %s pair", id, p.Currency)
			}
		}
		x := model.RetentionOf(rows)[cur]
		if x != r.Retention[cur] {
			t.Errorf("%s: rows give %+v, the store %+v", id, x, r.Retention[cur])
		}
		wantIn(t, id, tile, "GRR "+x.GRR().Percent(1), "NRR "+x.NRR().Percent(1), plural(x.Pairs, "account"),
			"start "+model.Money{Minor: x.Start, Currency: cur}.Short(), "churned "+model.Money{Minor: x.Churned, Currency: cur}.Short())
	case "logos":
		_, rows := drillRows[model.AccountARR](h)
		l := model.LogosOf(rows)
		if l != r.Logos {
			t.Errorf("logos: rows give %+v, the store %+v", l, r.Logos)
		}
		wantIn(t, id, tile, l.Rate().Percent(0), fmt.Sprintf("%s of %s kept", count(l.Retained), plural(l.Start, "account")))
	default:
		t.Fatalf("no check for figure %s", id)
	}
}

// maps reports whether two totals hold the same amounts.
func maps(a, b model.Totals) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}
