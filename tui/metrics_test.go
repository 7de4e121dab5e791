package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"rolo/model"
	"rolo/store"
)

// TestMetricsPeriodKeys: p cycles the presets, [ and ] step to the
// previous and next period; the header names the period and what it is
// compared with, and the figures are the store's for that period, with
// their change against the previous one.
func TestMetricsPeriodKeys(t *testing.T) {
	h := newDemoHarness(t, 120, 40)
	h.tab(metricsTab)
	v := h.metrics()
	today := h.clock.Today()
	check := func(p model.Period) {
		t.Helper()
		if v.period.From != p.From || v.period.To != p.To {
			t.Fatalf("the tab shows %s, want %s", v.period, p)
		}
		h.wantScreen(" " + p.Label() + " · " + p.Phrase() + " · changes against " + p.Previous().Label())
		r, prev := h.report(p), h.report(p.Previous())
		tile := h.tileText("winrate")
		wantIn(t, "winrate", tile, r.WinRate.Rate().Percent(0), fmt.Sprintf("%s won / %s lost", count(r.WinRate.Won), count(r.WinRate.Lost)),
			model.Delta(r.WinRate.Rate(), prev.WinRate.Rate(), 100, 0, " pts"))
		wantIn(t, "customers", h.tileText("customers"), count(r.NewCustomers)+" ", model.CountDelta(r.NewCustomers, prev.NewCustomers))
	}
	preset := model.DefaultPreset
	for range len(model.Presets) + 1 {
		p, _ := model.PresetPeriod(preset, today)
		check(p)
		h.do(km.Metrics.Period)
		preset = preset.Next()
	}
	for v.period.Preset != model.ThisMonth {
		h.do(km.Metrics.Period)
	}
	october := model.Period{From: model.NewDate(2026, 10, 1), To: model.NewDate(2026, 10, 31), Preset: model.LastMonth}
	h.do(km.Metrics.PrevPeriod)
	check(october)
	h.wantScreen(" October 2026 · last month")
	h.do(km.Metrics.PrevPeriod)
	check(model.Period{From: model.NewDate(2026, 9, 1), To: model.NewDate(2026, 9, 30)})
	h.wantScreen(" September 2026 · custom · changes against August 2026")
	h.do(km.Metrics.NextPeriod, km.Metrics.NextPeriod)
	thisMonth, _ := model.PresetPeriod(model.ThisMonth, today)
	check(thisMonth)
	h.do(km.Metrics.NextPeriod)
	check(thisMonth)
	h.wantScreen("This period reaches today; ] cannot go further")
	for v.period.Preset != model.ThisQuarter {
		h.do(km.Metrics.Period)
	}
	h.do(km.Metrics.PrevPeriod)
	h.wantScreen(" Q3 2026 · last quarter · changes against Q2 2026")
}

// TestMetricsKeysNeverWait: a period key moves the header at once and
// draws the figures as pending; an answer that was superseded (by a
// later key, or by a change to the data) never reaches the screen.
func TestMetricsKeysNeverWait(t *testing.T) {
	h := newDemoHarness(t, 120, 40)
	h.tab(metricsTab)
	v := h.metrics()
	_, first := h.m.Update(keyOf(km.Metrics.Period)) // last month: its command is not run yet
	h.wantScreen(" October 2026 · last month", "computing…")
	if !strings.Contains(h.tileText("winrate"), "…") {
		t.Errorf("while the figures load the tile shows %q", h.tileText("winrate"))
	}
	_, second := h.m.Update(keyOf(km.Metrics.Period)) // this quarter
	h.run(second)
	quarter := v.period
	shown := h.screen()
	h.notScreen("computing…")
	h.run(first) // the superseded load answers late (it was cancelled)
	if v.period != quarter || h.screen() != shown || v.err != nil {
		t.Errorf("a superseded answer changed the screen (err %v):\n%s", v.err, h.screen())
	}
	// A late answer for another period is kept for it, never shown now.
	sept := model.Period{From: model.NewDate(2026, 9, 1), To: model.NewDate(2026, 9, 30)}
	h.send(figuresMsg{view: v, req: v.req - 1, gen: v.dataGen, period: sept, report: model.Report{Period: sept, WinRate: model.WinRate{Won: 999}}})
	if h.screen() != shown {
		t.Errorf("an answer for September changed the screen of %s:\n%s", quarter, h.screen())
	}
	// An answer computed before the data changed is dropped, even for
	// the period on screen.
	h.do(km.Metrics.PrevPeriod)
	h.send(figuresMsg{view: v, req: v.req, gen: v.dataGen - 1, period: v.period, report: model.Report{Period: v.period, WinRate: model.WinRate{Won: 999}}})
	h.notScreen("999 won")
	if want := h.report(v.period).WinRate; !strings.Contains(h.tileText("winrate"), fmt.Sprintf("%d won / %d lost", want.Won, want.Lost)) {
		t.Errorf("the win rate shows %q, want %+v", h.tileText("winrate"), want)
	}
}

// sendTracing is harness.send that also lists every message delivered.
func (h *harness) sendTracing(msg tea.Msg, trace *[]tea.Msg) {
	h.t.Helper()
	*trace = append(*trace, msg)
	_, cmd := h.m.Update(msg)
	h.runTracing(cmd, trace)
}

func (h *harness) runTracing(cmd tea.Cmd, trace *[]tea.Msg) {
	h.t.Helper()
	if cmd == nil || isTimer(cmd) {
		return
	}
	msg := h.exec(cmd)
	if msg == nil {
		return
	}
	if cmds, ok := subCommands(msg); ok {
		for _, c := range cmds {
			h.runTracing(c, trace)
		}
		return
	}
	h.sendTracing(msg, trace)
}

// loadsIn counts the figures and trends loads answered in trace.
func loadsIn(trace []tea.Msg) (figures, trends int) {
	for _, m := range trace {
		switch m.(type) {
		case figuresMsg:
			figures++
		case trendsMsg:
			trends++
		}
	}
	return figures, trends
}

// TestMetricsTrendsLoadOncePerChange: period keys load figures, never the
// trends or the forecast; a change to the data loads them once; figures
// seen before are not computed again.
func TestMetricsTrendsLoadOncePerChange(t *testing.T) {
	h := newDemoHarness(t, 120, 40)
	var trace []tea.Msg
	h.sendTracing(keyOf(h.m.tabs[metricsTab].key), &trace)
	if f, tr := loadsIn(trace); f != 2 || tr != 1 {
		t.Errorf("opening the tab loaded figures %d times and trends %d times, want 2 (period and previous) and 1", f, tr)
	}
	trace = nil
	for _, k := range []tea.KeyPressMsg{keyOf(km.Metrics.PrevPeriod), keyOf(km.Metrics.NextPeriod), keyOf(km.Metrics.Period), keyOf(km.Metrics.Period)} {
		h.sendTracing(k, &trace)
	}
	// [ loads October and its previous, September; ] back to this
	// month finds both its figures kept; p to last month (October
	// again) too; p to this quarter loads it and its previous.
	if f, tr := loadsIn(trace); tr != 0 || f != 4 {
		t.Errorf("four period keys loaded figures %d times and trends %d times, want 4 and 0", f, tr)
	}
	trace = nil
	h.sendTracing(keyOf(km.Global.Reload), &trace)
	if _, tr := loadsIn(trace); tr != 1 {
		t.Errorf("a change to the data loaded the trends %d times, want once", tr)
	}
}

// TestSpendFromCAC: from the CAC figure's records, n adds spend, e edits
// it and x archives it, each one transaction that u undoes; the figure
// follows.
func TestSpendFromCAC(t *testing.T) {
	h := newDemoHarness(t, 100, 30)
	ctx := context.Background()
	h.tab(metricsTab)
	h.selectFigure("cac")
	h.do(km.Metrics.Drill)
	v, ok := h.m.top().(*cacView)
	if !ok {
		t.Fatalf("enter on CAC opened %T", h.m.top())
	}
	p := v.period
	spend := func() []model.AcquisitionCost {
		t.Helper()
		rows, err := h.s.SpendList(ctx, p.From, p.To)
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	before := spend()
	baseUSD := h.report(p).CAC["USD"].Spend

	h.do(km.Metrics.AddSpend)
	h.wantScreen("Add spend", "Fri Nov 27") // dated today unless changed
	h.do(km.Form.Next)
	h.typeText("1200")
	h.do(km.Form.Next, km.Form.ChooseNext) // ads → events
	h.do(km.Form.Next)
	h.typeText("Trade fair")
	h.do(km.Form.Save)
	h.wantScreen("Added spend: 2026-11-27 events $1,200.00 · u undoes")
	after := spend()
	if len(after) != len(before)+1 {
		t.Fatalf("adding spend left %d rows, was %d", len(after), len(before))
	}
	added := after[0]
	if added.Amount != (model.Money{Minor: 120000, Currency: "USD"}) || added.Channel != model.ChannelEvents || added.Note != "Trade fair" {
		t.Fatalf("added %+v", added)
	}
	if x, ok := v.spend.list.selected(); !ok || x.ID != added.ID {
		t.Errorf("the new row is not selected: %+v", x)
	}
	h.wantScreen(model.Money{Minor: baseUSD + 120000, Currency: "USD"}.String() + " spend ÷")

	h.do(km.Metrics.EditSpend)
	h.wantScreen("Edit spend")
	h.do(km.Form.Next)
	h.clear(len("$1,200.00"))
	h.typeText("1500")
	h.do(km.Form.Save)
	h.wantScreen("Saved spend: 2026-11-27 events $1,500.00")
	if got, _ := h.s.Spend(ctx, added.ID); got.Amount.Minor != 150000 {
		t.Fatalf("the edit saved %v", got.Amount)
	}

	h.do(km.Metrics.ArchiveSpend)
	h.wantScreen("Archived spend: 2026-11-27 events $1,500.00 · u undoes")
	if len(spend()) != len(before) {
		t.Fatalf("archiving left %d rows", len(spend()))
	}
	h.notScreen("Trade fair")

	h.do(km.Global.Undo) // the archiving
	if got, _ := h.s.Spend(ctx, added.ID); got.Archived || got.Amount.Minor != 150000 {
		t.Errorf("undoing the archiving left %+v", got)
	}
	h.wantScreen("Trade fair")
	h.do(km.Global.Undo) // the edit
	if got, _ := h.s.Spend(ctx, added.ID); got.Amount.Minor != 120000 {
		t.Errorf("undoing the edit left %v", got.Amount)
	}
	h.do(km.Global.Undo) // the add
	if len(spend()) != len(before) {
		t.Errorf("undoing the add left %d rows, want %d", len(spend()), len(before))
	}
	h.do(km.Global.Back)
	r := h.report(p)
	wantIn(t, "cac", h.tileText("cac"), r.CAC["USD"].Value().Money("USD").String())
	if r.CAC["USD"].Spend != baseUSD {
		t.Errorf("after three undos the USD spend is %d, was %d", r.CAC["USD"].Spend, baseUSD)
	}
}

// TestSpendFormRefusesBadInput: a bad amount or date stays in the form
// with the reason beside it, and nothing is written.
func TestSpendFormRefusesBadInput(t *testing.T) {
	h := newDemoHarness(t, 100, 30)
	h.tab(metricsTab)
	h.selectFigure("cac")
	h.do(km.Metrics.Drill, km.Metrics.AddSpend)
	h.clear(len("2026-11-27"))
	h.typeText("someday")
	h.do(km.Form.Next)
	h.typeText("12,34")
	h.do(km.Form.Save)
	h.wantScreen("Add spend", "✗")
	if _, ok := h.dialog().(*form); !ok {
		t.Fatalf("the form closed on bad input:\n%s", h.screen())
	}
	rows, err := h.s.SpendList(context.Background(), model.Date{}, model.Date{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Note == "" && r.Date == h.clock.Today() {
			t.Errorf("bad input wrote %+v", r)
		}
	}
}

// TestDrillDownsOpenRecords: enter on a deal opens the deal, esc walks
// back to the same row and then the same figure; enter on an account
// row shows the account.
func TestDrillDownsOpenRecords(t *testing.T) {
	h := newDemoHarness(t, 120, 40)
	h.tab(metricsTab)
	h.selectFigure("revenue:expansion")
	h.do(km.Metrics.Drill)
	dv := h.m.top().(*drillView[model.MetricDeal])
	h.do(km.List.Down)
	row, _ := dv.table.list.selected()
	h.do(km.List.Open)
	if d, ok := h.m.top().(*dealView); !ok || d.id != row.ID {
		t.Fatalf("enter opened %T, want the deal %d", h.m.top(), row.ID)
	}
	h.wantScreen(model.Clean(row.Title))
	h.do(km.Global.Back)
	if h.m.top() != view(dv) || dv.table.list.cursor != 1 {
		t.Fatalf("esc from the deal came back to %T at row %d", h.m.top(), dv.table.list.cursor)
	}
	h.do(km.Global.Back)
	if p := h.metrics().layout(); h.m.top() != view(h.metrics()) || p.stops[p.selected].id != "revenue:expansion" {
		t.Fatalf("esc from the drill-down came back to %T", h.m.top())
	}

	h.selectFigure("logos")
	h.do(km.Metrics.Drill)
	lv := h.m.top().(*drillView[model.AccountARR])
	acct, _ := lv.table.list.selected()
	h.do(km.List.Open)
	if h.m.top() == view(lv) {
		t.Fatalf("enter on an account row did nothing:\n%s", h.screen())
	}
	h.wantScreen(model.Clean(acct.AccountName))
	if h.m.active != metricsTab { // the account opened on its own tab
		h.tab(metricsTab)
	} else {
		h.do(km.Global.Back)
	}
	if h.m.top() != view(lv) {
		t.Errorf("the logo list is not where it was: %T", h.m.top())
	}
}

// TestMetricsHelpShowsDefinitions: ? on the tab shows its keys and the
// definitions, scrolling on a screen too short for them all; on a small
// screen it says where they are; on a drill-down it shows that figure's.
func TestMetricsHelpShowsDefinitions(t *testing.T) {
	h := newDemoHarness(t, 120, 40)
	h.tab(metricsTab)
	h.do(km.Global.Help)
	h.wantScreen("Keys — Metrics", "cycle period", "previous period", "records behind it", "A period is [`from`, `to`]", "- revenue: Σ value")
	h.notScreen("logo retention: accounts with ARR")
	for range 5 {
		h.do(km.Text.PageDown)
	}
	h.wantScreen("Keys — Metrics", "- logo retention: accounts with ARR", "⚠ few")
	h.do(km.Metrics.Period) // any other key closes it
	h.notScreen("Keys — Metrics")
	h.do(km.Metrics.Drill, km.Global.Help)
	h.wantScreen("- revenue: Σ value of deals won in the period")
	h.notScreen("- win rate")
	h.closeModal()

	small := newDemoHarness(t, 80, 24)
	small.tab(metricsTab)
	small.do(km.Global.Help)
	small.wantScreen("Keys — Metrics", "The definitions are in the README.")
}

// TestForecastMarksFewDeals: a measured probability behind fewer than
// trustDeals closed deals is marked, and one with none says so.
func TestForecastMarksFewDeals(t *testing.T) {
	h := newHarness(t, 120, 60)
	if _, err := h.s.CloseDeal(context.Background(), h.deal(h.book.vandelay), model.Won, ""); err != nil {
		t.Fatal(err)
	}
	h.tab(metricsTab)
	h.do(km.Global.Reload, km.List.Bottom)
	h.wantScreen("Honest forecast", "of 1 ⚠ few", "as configured", "as measured")
	if row := h.lineWith("Closing            80%"); !strings.Contains(row, "100%  of 1 ⚠ few") {
		t.Errorf("the won deal does not measure Closing at 100%% of 1: %q", row)
	}
}

// TestMetricsLegibleWithoutColour: with styles stripped (NO_COLOR) the
// stacked bars keep their glyphs and legend, changes their arrows, the
// selection its mark.
func TestMetricsLegibleWithoutColour(t *testing.T) {
	h := newDemoHarness(t, 120, 40)
	h.tab(metricsTab)
	h.wantScreen("▸ New-business revenue", "▲", "▼")
	h.selectFigure("trend:revenue")
	h.wantScreen("█ new  ▓ expansion  ░ renewal", "USD · ", "EUR · ", "GBP · ", "Dec Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov")
	for _, g := range []string{glyphNew, glyphExpansion, glyphRenewal} {
		if strings.Count(h.screen(), g) < 3 {
			t.Errorf("the revenue charts hardly use %q:\n%s", g, h.screen())
		}
	}
}

// TestMetricsNoDataSaysSo: a period with nothing in it shows "—" for
// rates and 0 for counts, never NaN, and its drill-downs say they are
// empty.
func TestMetricsNoDataSaysSo(t *testing.T) {
	h := newDemoHarness(t, 120, 40)
	h.tab(metricsTab)
	for h.metrics().period.Preset != model.Last12M {
		h.do(km.Metrics.Period)
	}
	for range 5 { // years back, before the demo book began
		h.do(km.Metrics.PrevPeriod)
	}
	h.notScreen("NaN", "Inf")
	wantIn(t, "winrate", h.tileText("winrate"), "—", "0 won / 0 lost")
	h.selectFigure("winrate")
	h.do(km.Metrics.Drill)
	h.wantScreen("No new-business deal closed in this period.")
}

// TestMetricsHostileText: names, stages, notes and comments from the
// database never reach the terminal raw on the tab or its drill-downs.
func TestMetricsHostileText(t *testing.T) {
	h := newHarness(t, 120, 40)
	ctx := context.Background()
	a, err := h.s.CreateAccount(ctx, model.Account{Name: evilAccount})
	if err != nil {
		t.Fatal(err)
	}
	st := h.book.stages["Prospecting"]
	if err := h.s.UpdateStage(ctx, st, model.Stage{ID: st.ID, Name: "Pro\x1b]8;;http://x.test\x07spect\u009b2J", Probability: 10}); err != nil {
		t.Fatal(err)
	}
	for _, status := range []model.DealStatus{model.Won, model.Lost} {
		d, err := h.s.CreateDeal(ctx, model.Deal{AccountID: a.ID, Title: evilDeal, StageID: st.ID, Value: model.Money{Minor: 500, Currency: "USD"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.s.CloseDeal(ctx, d, status, "price\x1b]52;c;DDDD\x07"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := h.s.AddSpend(ctx, model.AcquisitionCost{Date: h.clock.Today(), Amount: model.Money{Minor: 100, Currency: "USD"},
		Channel: model.ChannelAds, Note: "ads\x1b]52;c;EEEE\x07\u202e"}); err != nil {
		t.Fatal(err)
	}
	err = h.s.BulkLoad(ctx, func(b *store.Bulk) error {
		_, err := b.Survey(model.Survey{AccountID: a.ID, Kind: model.CSAT, Score: 5, Comment: "great\x1b[2J\r", At: testNow.Add(-time.Hour)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	h.tab(metricsTab)
	h.do(km.Global.Reload)
	checkNoRawControls(t, "metrics", h.raw())
	for _, id := range []string{"revenue:new", "winrate", "conversion:1", "cycle", "customers", "cac", "pipeline", "csat", "logos", "funnel"} {
		h.selectFigure(id)
		h.do(km.Metrics.Drill)
		checkNoRawControls(t, id, h.raw())
		if id == "winrate" || id == "cac" || id == "csat" {
			h.wantScreen("Evil") // the hostile rows are there, cleaned
		}
		h.do(km.Global.Back)
	}
	h.do(km.List.Bottom)
	checkNoRawControls(t, "forecast", h.raw())
}

// TestMetricsFramesFit draws the tab, its far end, every kind of
// drill-down, the spend form and the help at several sizes: each frame
// is exactly the window.
func TestMetricsFramesFit(t *testing.T) {
	screens := []struct {
		name  string
		setup func(h *harness)
	}{
		{"tab", func(h *harness) {}},
		{"tab end", func(h *harness) { h.do(km.List.Bottom) }},
		{"tab scrolled", func(h *harness) { h.do(km.List.Bottom, km.List.PageUp) }},
		{"help", func(h *harness) { h.do(km.Global.Help) }},
	}
	for _, id := range []string{"revenue:new", "winrate", "conversion:2", "cycle", "customers", "cac", "pipeline", "nps", "retention:USD", "logos", "funnel"} {
		screens = append(screens, struct {
			name  string
			setup func(h *harness)
		}{"drill " + id, func(h *harness) { h.selectFigure(id); h.do(km.Metrics.Drill) }})
	}
	screens = append(screens, struct {
		name  string
		setup func(h *harness)
	}{"spend form", func(h *harness) { h.selectFigure("cac"); h.do(km.Metrics.Drill, km.Metrics.AddSpend) }})
	for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}, {60, 20}, {160, 50}} {
		h := newDemoHarness(t, size[0], size[1])
		h.tab(metricsTab)
		for _, sc := range screens {
			h.do(km.List.Top)
			sc.setup(h)
			if footer, problems := frameProblems(h.raw(), size[0], size[1]); footer || len(problems) > 0 {
				t.Errorf("%s at %dx%d: footer too wide %v, %v", sc.name, size[0], size[1], footer, problems)
			}
			h.closeModal()
			for h.m.top() != view(h.metrics()) {
				h.do(km.Global.Back)
			}
		}
	}
}
