package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"rolo/model"
	"rolo/store"
)

// cacView is the drill-down of CAC: the two lists it divides — the spend
// dated in the period, which n adds to, e (or enter) edits and x
// archives, and the new customers. ←/→ move between the lists.
type cacView struct {
	ctx       *appContext
	period    model.Period
	report    model.Report
	fresh     bool // the first load takes the figures the tab computed
	req       uint64
	loads     latest
	loaded    bool
	err       error
	spend     listTable[model.AcquisitionCost]
	customers listTable[model.NewCustomer]
	onPeople  bool  // the new customers have the keys
	focusID   int64 // a spend row to select when the list next loads
	width     int
	height    int
}

// cacMsg carries one load of both lists.
type cacMsg struct {
	view      *cacView
	req       uint64
	report    model.Report
	spend     []model.AcquisitionCost
	customers []model.NewCustomer // the first page
	err       error
}

func newCACView(c *appContext, p model.Period, r model.Report) view {
	v := &cacView{ctx: c, period: p, report: r, fresh: true}
	today := func() model.Date { return c.clock.Today() }
	v.spend = newListTable(c, func(x model.AcquisitionCost) int64 { return x.ID }, []column[model.AcquisitionCost]{
		{title: "Date", min: 6, text: func(x model.AcquisitionCost) string { return x.Date.Short(today()) }},
		{title: "Channel", min: 7, text: func(x model.AcquisitionCost) string { return model.Clean(string(x.Channel)) }},
		{title: "Amount", right: true, min: 8, text: func(x model.AcquisitionCost) string { return x.Amount.String() }},
		{title: "Note", min: 10, max: 60, flex: true, keep: 1, text: func(x model.AcquisitionCost) string { return model.Clean(x.Note) },
			style: func(model.AcquisitionCost) lipgloss.Style { return c.styles.Subtle }},
	})
	v.customers = newListTable(c, func(n model.NewCustomer) int64 { return n.AccountID }, newCustomerColumns(c))
	return v
}

func (v *cacView) title() string { return "Metrics › CAC" }

// load reads the period's spend (a short list: all of it) and the first
// page of new customers, with the figures computed again after a change.
func (v *cacView) load() tea.Cmd {
	v.req++
	s, p, r, fresh, req, self := v.ctx.store, v.period, v.report, v.fresh, v.req, v
	v.fresh = false
	ctx, cancel := v.loads.next()
	return func() tea.Msg {
		defer cancel()
		msg := cacMsg{view: self, req: req, report: r}
		if !fresh {
			if msg.report, msg.err = s.Metrics(ctx, p); msg.err != nil {
				return msg
			}
		}
		if msg.spend, msg.err = s.SpendList(ctx, p.From, p.To); msg.err != nil {
			return msg
		}
		msg.customers, msg.err = s.NewCustomerList(ctx, p, store.Page{Limit: pageSize})
		return msg
	}
}

func (v *cacView) update(msg tea.Msg) tea.Cmd {
	m, ok := msg.(cacMsg)
	if !ok {
		return tea.Batch(v.spend.list.update(msg), v.customers.list.update(msg))
	}
	if m.view != v || m.req != v.req {
		return nil
	}
	v.loaded, v.err = true, m.err
	if m.err != nil {
		return nil
	}
	v.report = m.report
	rows := m.spend
	v.spend.list.setData(len(rows), 0, rows, func(_ context.Context, offset, limit int) ([]model.AcquisitionCost, error) {
		return rows[min(offset, len(rows)):min(offset+limit, len(rows))], nil
	})
	if id := v.focusID; id != 0 {
		if i, ok := v.spend.list.find(id); ok {
			v.spend.list.jump(i)
		}
		v.focusID = 0
	}
	s, p := v.ctx.store, v.period
	v.customers.list.setData(m.report.NewCustomers, 0, m.customers, pageOf(func(ctx context.Context, pg store.Page) ([]model.NewCustomer, error) {
		return s.NewCustomerList(ctx, p, pg)
	}))
	return v.customers.list.fetchIfNeeded()
}

// focus selects a spend row (one just added or edited) when the lists
// next load.
func (v *cacView) focus(r recordRef) {
	if r.kind == spendRecord {
		v.focusID, v.onPeople = r.id, false
		v.spend.list.drawn.reset()
		v.customers.list.drawn.reset()
	}
}

func (v *cacView) key(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := v.ctx.keys
	m := k.Metrics
	if !v.loaded || v.err != nil {
		return nil, false
	}
	if key.Matches(msg, m.SwitchList) {
		v.onPeople = !v.onPeople
		v.spend.list.drawn.reset()
		v.customers.list.drawn.reset()
		return nil, true
	}
	if v.onPeople {
		if cmd, ok := v.customers.list.navigate(msg, k.List, v.rows()); ok {
			return cmd, true
		}
	} else if cmd, ok := v.spend.list.navigate(msg, k.List, v.rows()); ok {
		return cmd, true
	}
	if key.Matches(msg, m.AddSpend) {
		today := v.ctx.clock.Today()
		draft := model.AcquisitionCost{Date: today, Amount: model.Money{Currency: v.ctx.settings.Currency}}
		if today.After(v.period.To) {
			draft.Date = v.period.To
		}
		return spendForm(v.ctx, draft, v.period).open(), true
	}
	if v.onPeople {
		n, ok := v.customers.list.selected()
		if ok && key.Matches(msg, k.List.Open, k.Deal.Account) {
			return openAccount(v.ctx, n.AccountID), true
		}
		return nil, false
	}
	if x, ok := v.spend.list.selected(); ok {
		return spendAction(v.ctx, msg, x, v.period)
	}
	return nil, false
}

func (v *cacView) setSize(w, h int) { v.width, v.height = w, h }
func (v *cacView) capturing() bool  { return false }

func (v *cacView) help() helpSet {
	k := v.ctx.keys
	m := k.Metrics
	_, spendRow := v.spend.list.selected()
	_, person := v.customers.list.selected()
	onSpend := !v.onPeople && spendRow
	open := when(key.NewBinding(key.WithKeys(k.List.Open.Keys()...), key.WithHelp(k.List.Open.Help().Key, "open account")), v.onPeople && person)
	edit, archive := when(m.EditSpend, onSpend), when(m.ArchiveSpend, onSpend)
	return helpSet{
		short: []key.Binding{summary("j/k", "move"), m.AddSpend, edit, archive, open, m.SwitchList, k.Global.Back},
		full: [][]key.Binding{{k.List.Up, k.List.Down, k.List.Top, k.List.Bottom, k.List.PageDown, k.List.PageUp, m.SwitchList},
			{m.AddSpend, edit, archive, k.Global.Undo, open, k.Global.Back}},
		notes: definitionOf("CAC") + "\n" + definitionOf("new customers"),
	}
}

// summary says how the figure is made, a line per currency of spend.
func (v *cacView) summary() []string {
	r := v.report
	if len(r.CAC) == 0 {
		return []string{"No spend is dated in this period: n adds it. CAC = spend ÷ " + plural(r.NewCustomers, "new customer") + "."}
	}
	var out []string
	for _, cur := range sortedKeys(r.CAC) {
		x := r.CAC[cur]
		out = append(out, fmt.Sprintf("%s: %s spend ÷ %s = %s", cur, model.Money{Minor: x.Spend, Currency: cur},
			plural(x.NewCustomers, "new customer"), cacValue(x, cur)))
	}
	return out
}

func cacValue(x model.CAC, cur string) string {
	if !x.Value().Valid() {
		return "—"
	}
	return x.Value().Money(cur).String()
}

// rows is how many rows each list shows: they share the room under the
// title and the summary, each with a title and a column header.
func (v *cacView) rows() int { return max(1, (v.height-1-len(v.summary())-4)/2) }

func (v *cacView) view() string {
	st := v.ctx.styles
	lines := []string{" " + st.Title.Render("CAC") + st.Subtle.Render(" · "+v.period.Label())}
	switch {
	case v.err != nil:
		return strings.Join(append(lines, " "+st.Danger.Render(safe(v.err.Error(), v.width-1))), "\n")
	case !v.loaded:
		return strings.Join(append(lines, " "+st.Subtle.Render("Loading the spend…")), "\n")
	}
	for _, s := range v.summary() {
		lines = append(lines, st.Subtle.Render(" "+safe(s, v.width-1)))
	}
	spent := model.Totals{}
	for cur, x := range v.report.CAC {
		spent[cur] = x.Spend
	}
	lines = append(lines, v.listTitle(fmt.Sprintf("Spend · %s · %s", plural(v.spend.list.total, "row"), totalsText(spent)), !v.onPeople))
	lines = append(lines, v.spend.draw(st, v.width, v.rows(), !v.onPeople, "No spend dated in this period: n adds it.")...)
	for len(lines) < 3+len(v.summary())+v.rows() {
		lines = append(lines, "")
	}
	lines = append(lines, v.listTitle("New customers · "+count(v.customers.list.total), v.onPeople))
	lines = append(lines, v.customers.draw(st, v.width, v.rows(), v.onPeople, "No new customer in this period.")...)
	return strings.Join(lines, "\n")
}

// listTitle heads one of the two lists; the one with the keys is marked.
func (v *cacView) listTitle(text string, focused bool) string {
	st := v.ctx.styles
	if focused {
		return st.ColumnHeadActive.Render(safe("▸ "+text, v.width))
	}
	return st.ColumnHead.Render(safe("  "+text, v.width))
}
