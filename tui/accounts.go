package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"rolo/model"
	"rolo/store"
)

// accountsView lists the accounts by name, with the selected account's
// details, contacts, deals and recent activity beside the list (or under
// it on a narrow screen).
type accountsView struct {
	ctx    *appContext
	list   *pagedList[store.AccountRow]
	cols   []column[store.AccountRow]
	layout layoutCache
	filter filterBox

	detailReq uint64
	detail    *accountDetail
	width     int
	height    int
}

// accountDetail is what the side panel shows for one account.
type accountDetail struct {
	account    model.Account
	contacts   []model.Contact
	deals      []model.Deal
	activities []model.Activity
	contracts  []model.Contract
}

type accountDetailMsg struct {
	view   *accountsView
	req    uint64
	detail *accountDetail
	err    error
}

// selectAccountMsg asks the accounts view to show an account.
type selectAccountMsg struct{ id int64 }

func newAccountsView(c *appContext) *accountsView {
	v := &accountsView{ctx: c, list: newPagedList(c, func(r store.AccountRow) int64 { return r.ID }, 1),
		filter: newFilterBox(c, "filter by name")}
	v.cols = v.columns()
	return v
}

func (v *accountsView) title() string { return "Accounts" }

func (v *accountsView) load() tea.Cmd {
	s, filter := v.ctx.store, v.filter.value()
	var list store.AccountList
	v.list.locate = func(ctx context.Context, id int64) (int, bool, error) {
		i, ok := list.Index(id)
		return i, ok, nil
	}
	return v.list.reload(func(ctx context.Context) (listLoad[store.AccountRow], error) {
		l, err := s.ListAccounts(ctx, store.AccountQuery{Filter: filter})
		list = l
		return listLoad[store.AccountRow]{total: l.Len(), pages: func(ctx context.Context, offset, limit int) ([]store.AccountRow, error) {
			return s.AccountPage(ctx, l, offset, limit)
		}}, err
	})

}

// loadDetail reads the selected account's panel.
func (v *accountsView) loadDetail() tea.Cmd {
	row, ok := v.list.selected()
	if !ok {
		v.detail = nil
		return nil
	}
	if v.detail != nil && v.detail.account.ID == row.ID {
		return nil
	}
	v.detailReq++
	s, req, id, self := v.ctx.store, v.detailReq, row.ID, v
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		var d accountDetail
		var err error
		if d.account, err = s.Account(ctx, id); err != nil {
			return accountDetailMsg{view: self, req: req, err: err}
		}
		if d.contacts, err = s.Contacts(ctx, id); err != nil {
			return accountDetailMsg{view: self, req: req, err: err}
		}
		if d.deals, err = s.AccountDeals(ctx, id, 8); err != nil {
			return accountDetailMsg{view: self, req: req, err: err}
		}
		if d.contracts, err = s.AccountContracts(ctx, id); err != nil {
			return accountDetailMsg{view: self, req: req, err: err}
		}
		d.activities, err = s.AccountActivities(ctx, id, 12)
		return accountDetailMsg{view: self, req: req, detail: &d, err: err}
	}
}

func (v *accountsView) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case listMsg:
		cmd := v.list.update(msg)
		v.detail = nil
		return tea.Batch(cmd, v.loadDetail())
	case accountDetailMsg:
		if msg.view == v && msg.req == v.detailReq {
			v.detail = msg.detail
			if msg.err != nil {
				return errorCmd(msg.err)
			}
		}
	case selectAccountMsg:
		v.filter.clear()
		v.list.focus(msg.id)
		return v.load()
	case tea.PasteMsg:
		if v.filter.active {
			return v.filterKey(msg)
		}
	}
	return nil
}

func (v *accountsView) focus(r recordRef) {
	if r.kind == accountRecord {
		v.list.focus(r.id)
	}
}

func (v *accountsView) filterKey(msg tea.Msg) tea.Cmd {
	cmd, changed := v.filter.handle(msg)
	if changed {
		v.list.restart()
		return tea.Batch(cmd, v.load())
	}
	return cmd
}

func (v *accountsView) key(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := v.ctx.keys
	if v.filter.active {
		return v.filterKey(msg), true
	}
	if cmd, ok := v.list.navigate(msg, k.List, v.listRows()); ok {
		return tea.Batch(cmd, v.loadDetail()), true
	}
	switch {
	case key.Matches(msg, k.List.Filter):
		return v.filter.start(), true
	case key.Matches(msg, k.Global.Back) && v.filter.clear():
		v.list.restart()
		return v.load(), true
	case key.Matches(msg, k.Deal.New):
		var acct model.Account
		if row, ok := v.list.selected(); ok {
			acct = row.Account
		}
		return openDealForm(v.ctx, newDealDraft(v.ctx, model.Stage{}, acct), nil), true
	}
	return nil, false
}

func (v *accountsView) setSize(w, h int) { v.width, v.height = w, h }
func (v *accountsView) capturing() bool  { return v.filter.active }

func (v *accountsView) help() helpSet {
	k := v.ctx.keys
	if v.filter.active {
		return v.filter.help()
	}
	return helpSet{
		short: []key.Binding{summary("j/k", "move"), k.List.Filter, only(k.Deal.New, "n"), k.Global.Palette},
		full:  [][]key.Binding{{k.List.Up, k.List.Down, k.List.Top, k.List.Bottom, k.List.PageDown, k.List.PageUp}, {k.List.Filter, k.Deal.New}},
	}
}

// sideBySide is true when the detail fits beside the list.
func (v *accountsView) sideBySide() bool { return v.width >= 80 }

func (v *accountsView) listWidth() int {
	if v.sideBySide() {
		return min(56, max(44, v.width*45/100))
	}
	return v.width
}

func (v *accountsView) listRows() int {
	h := v.height - 2 - v.filterHeight() // header and count lines
	if !v.sideBySide() {
		h /= 2
	}
	return max(1, h)
}

func (v *accountsView) filterHeight() int { return b2i(v.filter.shown()) }

func (v *accountsView) columns() []column[store.AccountRow] {
	now := func() time.Time { return v.ctx.clock.Now() }
	return []column[store.AccountRow]{
		{title: "Account", min: 12, flex: true, text: func(r store.AccountRow) string { return model.Clean(r.Name) },
			style: func(r store.AccountRow) lipgloss.Style {
				if r.Status == model.Churned {
					return v.ctx.styles.Faint
				}
				return v.ctx.styles.App
			}},
		{title: "Status", min: 8, text: func(r store.AccountRow) string { return string(r.Status) }},
		{title: "Open", right: true, min: 4, text: func(r store.AccountRow) string { return fmt.Sprint(r.OpenDeals) }},
		{title: "Touch", right: true, min: 5, text: func(r store.AccountRow) string { return ago(r.LastTouchAt, now()) }},
	}
}

func (v *accountsView) view() string {
	if s := v.list.state("accounts"); s != "" {
		return s
	}
	st := v.ctx.styles
	list := v.listView()
	detail := v.detailView()
	if v.sideBySide() {
		sep := st.Rule.Render(strings.TrimSuffix(strings.Repeat("│\n", max(1, v.height)), "\n"))
		return lipgloss.JoinHorizontal(lipgloss.Top, list, sep+" ", detail)
	}
	return list + "\n" + st.Rule.Render(strings.Repeat("─", v.width)) + "\n" + detail
}

func (v *accountsView) listView() string {
	st := v.ctx.styles
	w := v.listWidth()
	var lines []string
	if v.filter.shown() {
		lines = append(lines, v.filter.view(st, w))
	}
	widths := tableWidths(&v.layout, v.cols, v.list, w-1)
	lines = append(lines, st.TableHead.Render(pad(" "+tableHeader(v.cols, widths, 0, false), w)),
		st.Faint.Render(pad(" "+plural(v.list.total, "account"), w)))
	if v.list.total == 0 {
		lines = append(lines, st.Subtle.Render(" No accounts match."))
	}
	lines = append(lines, v.list.draw(v.listRows(), w, func(r store.AccountRow, selected bool) []string {
		return []string{tableRow(st, v.cols, widths, r, selected, w)}
	})...)
	return lipgloss.NewStyle().Width(w).Render(strings.Join(lines, "\n"))
}

// detailView is the selected account: facts, contacts, deals, contracts
// and recent activity.
func (v *accountsView) detailView() string {
	st := v.ctx.styles
	w := v.width - v.listWidth() - 2
	if !v.sideBySide() {
		w = v.width
	}
	if v.detail == nil {
		return ""
	}
	d := v.detail
	a := d.account
	today, now := v.ctx.clock.Today(), v.ctx.clock.Now()
	facts := []string{string(a.Status)}
	for _, s := range []string{a.Tier, a.Industry} {
		if s != "" {
			facts = append(facts, model.Clean(s))
		}
	}
	if !a.CustomerSince.IsZero() {
		facts = append(facts, "customer since "+a.CustomerSince.Short(today))
	}
	lines := []string{
		st.Title.Render(safe(a.Name, w)),
		st.Subtle.Render(safe(strings.Join(facts, " · "), w)),
		st.Subtle.Render(safe(fmt.Sprintf("last touch %s · check-in every %dd", agoLong(a.LastTouchAt, now), a.CadenceDays), w)),
	}
	if a.Website != "" {
		lines = append(lines, st.Faint.Render(safe(a.Website, w)))
	}
	section := func(title string) { lines = append(lines, "", st.ColumnHead.Render(title)) }
	section(fmt.Sprintf("Contacts (%d)", len(d.contacts)))
	if len(d.contacts) == 0 {
		lines = append(lines, st.Faint.Render("none yet"))
	}
	for i, c := range d.contacts {
		if i == 4 {
			lines = append(lines, st.Faint.Render(fmt.Sprintf("… %d more", len(d.contacts)-4)))
			break
		}
		lines = append(lines, safe(model.Clean(c.Name)+" · "+model.Clean(c.Title)+"  "+model.Clean(c.Email)+"  "+model.Clean(c.Phone), w))
	}
	section("Deals")
	if len(d.deals) == 0 {
		lines = append(lines, st.Faint.Render("none yet"))
	}
	for i, dl := range d.deals {
		if i == 4 {
			break
		}
		state := string(dl.Status)
		if dl.Status == model.Open && !dl.NextDue.IsZero() {
			state = "next " + dueText(dl.NextDue, today)
		}
		lines = append(lines, spread(shortTitle(dl), st.Subtle.Render(dl.Value.Short()+" "+state), w))
	}
	if len(d.contracts) > 0 {
		c := d.contracts[0]
		section("Contract")
		lines = append(lines, safe(fmt.Sprintf("%s/yr · %s → %s · %s · notice %dd", c.Value.Short(), c.Start, c.End, c.Status, c.NoticeDays), w))
	}
	section("Recent activity")
	if len(d.activities) == 0 {
		lines = append(lines, st.Faint.Render("nothing logged yet"))
	}
	for _, act := range d.activities {
		when := "due " + act.Due.Short(today)
		if act.Done() {
			when = v.ctx.clock.DateOf(act.At).Short(today)
		}
		lines = append(lines, st.Subtle.Render(pad(when, 12))+pad(string(act.Kind), 9)+safe(act.Text, w-21))
	}
	return strings.Join(lines, "\n")
}

// agoLong is "3 days ago", "never".
func agoLong(t, now time.Time) string {
	if t.IsZero() {
		return "never"
	}
	s := ago(t, now)
	if s == "today" {
		return s
	}
	return s + " ago"
}
