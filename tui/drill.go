package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/model"
	"rolo/store"
)

// A drill-down lists the records behind one figure of the Metrics tab: a
// header saying what the figure is and how the rows make it, then the
// rows, a page at a time from the store's paged query. Its count is the
// figure's (taken from the figures the tab computed, so it opens at
// once; after a change to the data it is computed again), and its rows
// sum to the figure. enter opens a row's record; esc goes back.

// drillView is a drill-down with one list.
type drillView[T any] struct {
	ctx    *appContext
	name   string // the figure, as the tab labels it
	define string // the metric's name in model.MetricDefinitions
	period model.Period
	report model.Report // the figures the list was counted from
	fresh  bool         // the first load counts from report
	table  listTable[T]
	count  func(model.Report) int
	// summary says what the figure is and how the rows make it.
	summary func(model.Report) []string
	pages   func(s *store.Store, p model.Period) pageFunc[T]
	// open opens a row's record (nil: rows do not open); openWhat names
	// it for the footer.
	open     func(T) tea.Cmd
	openWhat string
	// account is the row's account, which A opens (nil: no such key).
	account func(T) int64
	empty   string
	width   int
	height  int
}

func (v *drillView[T]) title() string { return "Metrics › " + v.name }

func (v *drillView[T]) load() tea.Cmd {
	s, p, r, fresh, count, pages := v.ctx.store, v.period, v.report, v.fresh, v.count, v.pages(v.ctx.store, v.period)
	v.fresh = false
	return v.table.list.reload(func(ctx context.Context) (listLoad[T], error) {
		if !fresh {
			var err error
			if r, err = s.Metrics(ctx, p); err != nil {
				return listLoad[T]{}, err
			}
		}
		return listLoad[T]{total: count(r), pages: pages, meta: r}, nil
	})
}

func (v *drillView[T]) update(msg tea.Msg) tea.Cmd {
	cmd := v.table.list.update(msg)
	if r, ok := v.table.list.meta.(model.Report); ok {
		v.report = r
	}
	return cmd
}

func (v *drillView[T]) key(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := v.ctx.keys
	if cmd, ok := v.table.list.navigate(msg, k.List, v.rows()); ok {
		return cmd, true
	}
	row, ok := v.table.list.selected()
	switch {
	case !ok:
		return nil, false
	case key.Matches(msg, k.List.Open) && v.open != nil:
		return v.open(row), true
	case key.Matches(msg, k.Deal.Account) && v.account != nil:
		return openAccount(v.ctx, v.account(row)), true
	}
	return nil, false
}

func (v *drillView[T]) setSize(w, h int) { v.width, v.height = w, h }
func (v *drillView[T]) capturing() bool  { return false }

// rows is how many rows fit under the title, the summary and the column
// header.
func (v *drillView[T]) rows() int { return max(1, v.height-3-len(v.summary(v.report))) }

func (v *drillView[T]) help() helpSet {
	k := v.ctx.keys
	_, any := v.table.list.selected()
	open := key.NewBinding(key.WithKeys(k.List.Open.Keys()...), key.WithHelp(k.List.Open.Help().Key, v.openWhat))
	open = when(open, v.open != nil && any)
	acct := when(k.Deal.Account, v.account != nil && any)
	return helpSet{
		short: []key.Binding{summary("j/k", "move"), open, acct, k.Global.Back},
		full:  [][]key.Binding{{k.List.Up, k.List.Down, k.List.Top, k.List.Bottom, k.List.PageDown, k.List.PageUp}, {open, acct, k.Global.Back}},
		notes: definitionOf(v.define),
	}
}

func (v *drillView[T]) view() string {
	st := v.ctx.styles
	lines := []string{" " + st.Title.Render(v.name) + st.Subtle.Render(" · "+v.period.Label())}
	for _, s := range v.summary(v.report) {
		lines = append(lines, st.Subtle.Render(" "+safe(s, v.width-1)))
	}
	lines = append(lines, v.table.draw(st, v.width, v.rows(), true, v.empty)...)
	return strings.Join(lines, "\n")
}

// definitionOf is one metric's entry in model.MetricDefinitions ("-
// revenue: …" and its continuation lines), for ? on a drill-down.
func definitionOf(name string) string {
	var out []string
	in := false
	for _, l := range strings.Split(model.MetricDefinitions, "\n") {
		switch {
		case strings.HasPrefix(l, "- "+name+":"):
			in = true
		case in && !strings.HasPrefix(l, "  "):
			in = false
		}
		if in {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// pageOf adapts a store drill-down query to the list's pages.
func pageOf[T any](q func(ctx context.Context, pg store.Page) ([]T, error)) pageFunc[T] {
	return func(ctx context.Context, offset, limit int) ([]T, error) {
		return q(ctx, store.Page{Offset: offset, Limit: limit})
	}
}

// totalsText is amounts per currency, largest first, never added:
// "$4,075,800.00 · £102,000.00"; "0" when there is none.
func totalsText(t model.Totals) string {
	amounts := t.Amounts()
	if len(amounts) == 0 {
		return "0"
	}
	parts := make([]string, len(amounts))
	for i, a := range amounts {
		parts[i] = a.String()
	}
	return strings.Join(parts, " · ")
}

// totalsShort is totalsText rounded for a column: "$120k · €30k"; "—"
// when there is none.
func totalsShort(t model.Totals) string {
	amounts := t.Amounts()
	if len(amounts) == 0 {
		return "—"
	}
	parts := make([]string, len(amounts))
	for i, a := range amounts {
		parts[i] = a.Short()
	}
	return strings.Join(parts, " · ")
}
