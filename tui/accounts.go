package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"rolo/model"
	"rolo/store"
)

// accountsPage lists the accounts by name, with the selected account's
// details, contacts, deals and recent activity beside the list (or under
// it on a narrow screen).
type accountsPage struct {
	env    *env
	req    uint64
	win    window[store.AccountRow]
	loaded bool
	err    error

	filter filterBox

	loads     latest
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

type accountsLoadedMsg struct {
	req    uint64
	offset int
	total  int
	rows   []store.AccountRow
	err    error
	cursor int // where to put the cursor; -1 keeps it
}

type accountDetailMsg struct {
	req    uint64
	detail *accountDetail
	err    error
}

// selectAccountMsg asks the accounts page to show an account.
type selectAccountMsg struct{ id int64 }

func newAccountsPage(e *env) *accountsPage {
	return &accountsPage{env: e, win: newWindow[store.AccountRow](), filter: newFilterBox("filter by name")}
}

func (p *accountsPage) load() tea.Cmd {
	p.req++
	return p.fetch(max(0, p.win.cursor-pageSize/2), true)
}

func (p *accountsPage) fetch(offset int, withTotal bool) tea.Cmd {
	s, req, q, total := p.env.store, p.req, store.AccountQuery{Filter: p.filter.value(), Offset: offset, Limit: pageSize}, p.win.total
	ctx, cancel := ctxTimeout()
	if withTotal {
		ctx, cancel = p.loads.next()
	}
	return func() tea.Msg {
		defer cancel()
		msg := accountsLoadedMsg{req: req, offset: offset, total: total, cursor: -1}
		if withTotal {
			if msg.total, msg.err = s.CountAccounts(ctx, q); msg.err != nil {
				return msg
			}
		}
		msg.rows, msg.err = s.Accounts(ctx, q)
		return msg
	}
}

// loadDetail reads the selected account's panel.
func (p *accountsPage) loadDetail() tea.Cmd {
	row, ok := p.win.selected()
	if !ok {
		p.detail = nil
		return nil
	}
	if p.detail != nil && p.detail.account.ID == row.ID {
		return nil
	}
	p.detailReq++
	s, req, id := p.env.store, p.detailReq, row.ID
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		var d accountDetail
		var err error
		if d.account, err = s.Account(ctx, id); err != nil {
			return accountDetailMsg{req: req, err: err}
		}
		if d.contacts, err = s.Contacts(ctx, id); err != nil {
			return accountDetailMsg{req: req, err: err}
		}
		if d.deals, err = s.AccountDeals(ctx, id, 8); err != nil {
			return accountDetailMsg{req: req, err: err}
		}
		if d.contracts, err = s.AccountContracts(ctx, id); err != nil {
			return accountDetailMsg{req: req, err: err}
		}
		d.activities, err = s.AccountActivities(ctx, id, 12)
		return accountDetailMsg{req: req, detail: &d, err: err}
	}
}

func (p *accountsPage) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case accountsLoadedMsg:
		if msg.req != p.req {
			return nil
		}
		p.loaded, p.err = true, msg.err
		if msg.err != nil {
			return nil
		}
		if msg.cursor >= 0 {
			p.filter.clear()
			p.win.cursor = msg.cursor
		}
		p.win.set(msg.offset, msg.rows, msg.total)
		p.detail = nil
		return p.loadDetail()
	case accountDetailMsg:
		if msg.req != p.detailReq {
			return nil
		}
		if msg.err != nil {
			p.err = msg.err
			return nil
		}
		p.detail = msg.detail
	case selectAccountMsg:
		return p.selectAccount(msg.id)
	case tea.PasteMsg:
		if p.filter.active {
			return p.filterKey(msg)
		}
	case tea.KeyPressMsg:
		if p.filter.active {
			return p.filterKey(msg)
		}
		return p.key(msg)
	}
	return nil
}

// selectAccount filters the list to the account's name and selects it.
func (p *accountsPage) selectAccount(id int64) tea.Cmd {
	s, req := p.env.store, p.req+1
	p.req = req
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		a, err := s.Account(ctx, id)
		if err != nil {
			return accountsLoadedMsg{req: req, err: err}
		}
		// Its position in the name order, so the right page loads.
		before, err := s.CountAccountsBefore(ctx, a)
		if err != nil {
			return accountsLoadedMsg{req: req, err: err}
		}
		total, err := s.CountAccounts(ctx, store.AccountQuery{})
		if err != nil {
			return accountsLoadedMsg{req: req, err: err}
		}
		offset := max(0, before-pageSize/2)
		rows, err := s.Accounts(ctx, store.AccountQuery{Offset: offset, Limit: pageSize})
		return accountsLoadedMsg{req: req, offset: offset, total: total, rows: rows, err: err, cursor: before}
	}
}

func (p *accountsPage) filterKey(msg tea.Msg) tea.Cmd {
	cmd, changed := p.filter.handle(msg)
	if changed {
		p.win.jump(0)
		return tea.Batch(cmd, p.load())
	}
	return cmd
}

func (p *accountsPage) key(msg tea.KeyPressMsg) tea.Cmd {
	k := p.env.keys
	switch {
	case p.win.navigate(msg, k, p.listRows()):
	case key.Matches(msg, k.Filter):
		return p.filter.start()
	case key.Matches(msg, k.Back):
		if p.filter.clear() {
			p.win.jump(0)
			return p.load()
		}
		return nil
	case key.Matches(msg, k.New):
		return newDealForm(p.env, model.Stage{})
	default:
		return nil
	}
	cmds := []tea.Cmd{p.loadDetail()}
	if off, ok := p.win.needFetch(); ok {
		cmds = append(cmds, p.fetch(off, false))
	}
	return tea.Batch(cmds...)
}

func (p *accountsPage) setSize(w, h int) {
	p.width, p.height = w, h
}

func (p *accountsPage) capturing() bool { return p.filter.active }
func (p *accountsPage) keepDeal(int64)  {}

func (p *accountsPage) shortHelp() []key.Binding {
	k := p.env.keys
	if p.filter.active {
		return filterHelp
	}
	return []key.Binding{listMove, k.Filter, k.New, k.Palette}
}

func (p *accountsPage) fullHelp() [][]key.Binding {
	k := p.env.keys
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.PageDown, k.PageUp}, {k.Filter, k.Back, k.New}}
}

// sideBySide is true when the detail fits beside the list.
func (p *accountsPage) sideBySide() bool { return p.width >= 80 }

func (p *accountsPage) listWidth() int {
	if p.sideBySide() {
		return min(56, max(44, p.width*45/100))
	}
	return p.width
}

func (p *accountsPage) listRows() int {
	h := p.height - 2 // header and count lines
	if p.filter.shown() {
		h--
	}
	if !p.sideBySide() {
		h = h / 2
	}
	return max(1, h)
}

func (p *accountsPage) view() string {
	st := p.env.styles
	switch {
	case p.err != nil:
		return st.Danger.Render(p.err.Error())
	case !p.loaded:
		return st.Subtle.Render("Loading accounts…")
	}
	list := p.listView()
	detail := p.detailView()
	if p.sideBySide() {
		sep := st.Rule.Render(strings.TrimSuffix(strings.Repeat("│\n", max(1, p.height)), "\n"))
		return lipgloss.JoinHorizontal(lipgloss.Top, list, sep+" ", detail)
	}
	return list + "\n" + st.Rule.Render(strings.Repeat("─", p.width)) + "\n" + detail
}

func (p *accountsPage) listView() string {
	st := p.env.styles
	w := p.listWidth()
	var lines []string
	if p.filter.shown() {
		lines = append(lines, p.filter.view(st, w))
	}
	statusW, dealsW, touchW := 8, 4, 5
	nameW := w - statusW - dealsW - touchW - 3
	lines = append(lines, st.TableHead.Render(pad("Account", nameW)+" "+pad("Status", statusW)+" "+padLeft("Open", dealsW)+" "+padLeft("Touch", touchW)),
		st.Faint.Render(pad(plural(p.win.total, "account"), w)))
	if p.win.total == 0 {
		lines = append(lines, st.Subtle.Render("No accounts match."))
	}
	start, end := p.win.visible(p.listRows())
	now := p.env.clock.Now()
	for i := start; i < end; i++ {
		row, ok := p.win.at(i)
		if !ok {
			lines = append(lines, st.Faint.Render("loading…"))
			continue
		}
		status := string(row.Status)
		line := pad(safe(row.Name, nameW), nameW) + " " + pad(status, statusW) + " " + padLeft(fmt.Sprint(row.OpenDeals), dealsW) + " " + padLeft(ago(row.LastTouchAt, now), touchW)
		if i == p.win.cursor {
			line = st.RowSelected.Render(pad(line, w))
		} else if row.Status == model.Churned {
			line = st.Faint.Render(line)
		}
		lines = append(lines, line)
	}
	return lipgloss.NewStyle().Width(w).Render(strings.Join(lines, "\n"))
}

// detailView is the selected account: facts, contacts, deals, contracts
// and recent activity.
func (p *accountsPage) detailView() string {
	st := p.env.styles
	w := p.width - p.listWidth() - 2
	if !p.sideBySide() {
		w = p.width
	}
	if p.detail == nil {
		return st.Faint.Render("")
	}
	d := p.detail
	a := d.account
	today, now := p.env.clock.Today(), p.env.clock.Now()
	facts := []string{string(a.Status)}
	for _, s := range []string{a.Tier, a.Industry} {
		if s != "" {
			facts = append(facts, model.Clean(s))
		}
	}
	if !a.CustomerSince.IsZero() {
		facts = append(facts, "customer since "+shortDate(a.CustomerSince, today))
	}
	lines := []string{
		st.Title.Render(safe(a.Name, w)),
		st.Subtle.Render(safe(strings.Join(facts, " · "), w)),
		st.Subtle.Render(safe(fmt.Sprintf("last touch %s · check-in every %dd", agoLong(a.LastTouchAt, now), a.CadenceDays), w)),
	}
	if a.Website != "" {
		lines = append(lines, st.Faint.Render(safe(a.Website, w)))
	}
	section := func(title string) {
		lines = append(lines, "", st.ColumnHead.Render(title))
	}
	section(fmt.Sprintf("Contacts (%d)", len(d.contacts)))
	if len(d.contacts) == 0 {
		lines = append(lines, st.Faint.Render("none yet"))
	}
	for i, c := range d.contacts {
		if i == 4 {
			lines = append(lines, st.Faint.Render(fmt.Sprintf("… %d more", len(d.contacts)-4)))
			break
		}
		lines = append(lines, pad(model.Clean(c.Name)+st.Subtle.Render(" · "+model.Clean(c.Title)+"  "+model.Clean(c.Email)), w))
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
		when := "due " + shortDate(act.Due, today)
		if act.Done() {
			when = shortDate(p.env.clock.DateOf(act.At), today)
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
