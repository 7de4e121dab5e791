package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"rolo/model"
)

// metricsView is the Metrics tab: the period's figures in two panels
// (Selling, Account management), each with its change against the
// previous period of the same length, the trends, and the honest
// forecast. A cursor moves over the figures and charts; enter opens the
// records behind the one selected.
//
// The figures of a period are computed off the UI goroutine; keys never
// wait for them. Each answer is kept by its period until the data
// changes, so stepping back and forth redraws at once, and the screen
// always shows the answer for the period in the header (an answer for
// another period is kept, never shown). The trends and the forecast do
// not depend on the period: they load once per change to the data.
type metricsView struct {
	ctx    *appContext
	period model.Period

	// reports holds the figures computed since the data last changed, by
	// period; dataGen counts the changes, so an answer computed before
	// one is not kept.
	reports map[periodID]model.Report
	dataGen uint64
	req     uint64
	loads   latest
	err     error         // the last load of the period on screen failed
	shown   *model.Report // the figures last drawn: their tiles stay (values pending) while another period loads

	trends      *model.Trends
	forecast    *model.Forecast
	trendsAsked uint64 // the dataGen the trends in flight (or on screen) were asked for
	trendsErr   error
	trendLoads  latest

	spin     spinner.Model
	spinning bool

	cursor string // the selected stop's id
	top    int    // the first line of the page on screen
	width  int
	height int
	page   pageCache
}

// periodID identifies a period by its days (a preset and the same days
// typed by hand are the same figures).
type periodID struct{ from, to model.Date }

func idOf(p model.Period) periodID { return periodID{p.From, p.To} }

// figuresMsg answers a load of one period's figures.
type figuresMsg struct {
	view   *metricsView
	req    uint64
	gen    uint64
	period model.Period
	report model.Report
	err    error
}

// trendsMsg answers the load of the trends and the forecast.
type trendsMsg struct {
	view     *metricsView
	gen      uint64
	trends   model.Trends
	forecast model.Forecast
	err      error
}

func newMetricsView(c *appContext) *metricsView {
	return &metricsView{ctx: c, reports: map[periodID]model.Report{},
		spin: spinner.New(spinner.WithSpinner(spinner.MiniDot))}
}

func (v *metricsView) title() string { return "Metrics" }

// load starts over after a change to the data (or on first showing): the
// figures kept are dropped, a preset period follows today (this month
// moves on at midnight), and the trends are asked for again once the
// figures are in.
func (v *metricsView) load() tea.Cmd {
	v.dataGen++
	v.reports = map[periodID]model.Report{}
	v.err = nil
	today := v.ctx.clock.Today()
	switch {
	case v.period.From.IsZero():
		v.period, _ = model.PresetPeriod(model.DefaultPreset, today)
	case v.period.Preset != "":
		v.period, _ = model.PresetPeriod(v.period.Preset, today)
	}
	return v.fetch()
}

// report is the figures of the period on screen and of the one before
// it, each nil until computed.
func (v *metricsView) report() (cur, prev *model.Report) {
	if r, ok := v.reports[idOf(v.period)]; ok {
		cur = &r
	}
	if r, ok := v.reports[idOf(v.period.Previous())]; ok {
		prev = &r
	}
	return cur, prev
}

// loading reports whether figures for the screen are still on their way.
func (v *metricsView) loading() bool {
	cur, prev := v.report()
	return v.err == nil && (cur == nil || prev == nil)
}

// fetch computes what the screen lacks: the period's figures first, then
// the previous period's (for the changes), then the trends. Superseded
// loads are cancelled.
func (v *metricsView) fetch() tea.Cmd {
	want := v.period
	if _, ok := v.reports[idOf(want)]; ok {
		want = v.period.Previous()
		if _, ok := v.reports[idOf(want)]; ok {
			return v.fetchTrends()
		}
	}
	v.req++
	ctx, cancel := v.loads.next()
	s, req, gen, self := v.ctx.store, v.req, v.dataGen, v
	load := func() tea.Msg {
		defer cancel()
		r, err := s.Metrics(ctx, want)
		return figuresMsg{view: self, req: req, gen: gen, period: want, report: r, err: err}
	}
	return tea.Batch(load, v.startSpinner())
}

// fetchTrends loads the trends and the forecast unless they were asked
// for since the data last changed.
func (v *metricsView) fetchTrends() tea.Cmd {
	if v.trendsAsked == v.dataGen {
		return nil
	}
	v.trendsAsked = v.dataGen
	ctx, cancel := v.trendLoads.next()
	s, gen, today, self := v.ctx.store, v.dataGen, v.ctx.clock.Today(), v
	load := func() tea.Msg {
		defer cancel()
		msg := trendsMsg{view: self, gen: gen}
		if msg.trends, msg.err = s.MetricsTrends(ctx, today); msg.err != nil {
			return msg
		}
		msg.forecast, msg.err = s.Forecast(ctx, today)
		return msg
	}
	return tea.Batch(load, v.startSpinner())
}

func (v *metricsView) startSpinner() tea.Cmd {
	if v.spinning {
		return nil
	}
	v.spinning = true
	return v.spin.Tick
}

// busy reports whether anything on the screen is still loading (the
// spinner turns while it is).
func (v *metricsView) busy() bool {
	return v.loading() || v.trendsAsked != 0 && v.trends == nil && v.trendsErr == nil
}

func (v *metricsView) update(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case figuresMsg:
		if m.view != v {
			return nil
		}
		if m.err == nil && m.gen == v.dataGen {
			// Kept even when superseded: it is still that period's answer.
			v.reports[idOf(m.period)] = m.report
			if idOf(m.period) == idOf(v.period) {
				r := m.report
				v.shown = &r
			}
			v.page.reset()
		}
		if m.req != v.req {
			return nil
		}
		if m.err != nil {
			v.err = m.err
			v.page.reset()
			return v.fetchTrends()
		}
		return v.fetch()
	case trendsMsg:
		if m.view != v || m.gen != v.trendsAsked {
			return nil
		}
		v.trendsErr = m.err
		if m.err == nil {
			v.trends, v.forecast = &m.trends, &m.forecast
		}
		v.page.reset()
	case spinner.TickMsg:
		if m.ID != v.spin.ID() {
			return nil
		}
		if !v.busy() {
			v.spinning = false
			return nil
		}
		var cmd tea.Cmd
		v.spin, cmd = v.spin.Update(m)
		return cmd
	}
	return nil
}

// setPeriod shows another period, loading its figures unless kept.
func (v *metricsView) setPeriod(p model.Period) tea.Cmd {
	v.period, v.err = p, nil
	v.page.reset()
	return v.fetch()
}

func (v *metricsView) key(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := v.ctx.keys
	today := v.ctx.clock.Today()
	switch {
	case key.Matches(msg, k.Metrics.Period):
		p, _ := model.PresetPeriod(v.period.Preset.Next(), today)
		return v.setPeriod(p), true
	case key.Matches(msg, k.Metrics.PrevPeriod):
		return v.setPeriod(v.period.Step(-1, today)), true
	case key.Matches(msg, k.Metrics.NextPeriod):
		next := v.period.Step(1, today)
		if next == v.period {
			return statusCmd("This period reaches today; ] cannot go further", false), true
		}
		return v.setPeriod(next), true
	case key.Matches(msg, k.Metrics.Drill):
		if s, ok := v.layout().stop(v.cursor); ok && s.open != nil {
			return s.open(), true
		}
		return nil, true
	}
	if v.navigate(msg) {
		return nil, true
	}
	return nil, false
}

func (v *metricsView) setSize(w, h int) {
	v.width, v.height = w, h
	v.page.reset()
}

func (v *metricsView) capturing() bool { return false }

func (v *metricsView) help() helpSet {
	k := v.ctx.keys
	l, m := k.List, k.Metrics
	s, _ := v.layout().stop(v.cursor)
	drill := when(m.Drill, s.open != nil)
	return helpSet{
		short: []key.Binding{summary("hjkl", "move"), drill, m.Period, summary("[ ]", "step period")},
		full: [][]key.Binding{
			{l.Up, l.Down, m.Left, m.Right, l.Top, l.Bottom, l.PageDown, l.PageUp},
			{drill, m.Period, m.PrevPeriod, m.NextPeriod},
		},
		notes: metricsHelp,
	}
}

// metricsHelp is what ? shows under the keys: the definitions, word for
// word as `rolo report --help` and the README give them, and how this
// tab draws them.
const metricsHelp = model.MetricDefinitions + `

On this tab: ▲ and ▼ say which way a figure moved against the previous period (green when
that is good news). A measured probability behind fewer than ` + trustDealsText + ` closed deals is marked
⚠ few: too few to trust. Each currency has its own chart and sums; currencies are never added.`
