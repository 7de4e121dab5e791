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

// accountView is one account in full: a header (status, tier, ARR, the
// current contract, the check-in cadence and health with every component
// that made it) over six sections moved between with tab or [ ]: the
// whole timeline (paged), contacts, deals, issues, survey answers and
// contracts. It is pushed over the view it was opened from; esc goes
// back. Its rows are drawn in accountsections.go.
type accountView struct {
	ctx *appContext
	id  int64
	req uint64

	row         store.AccountRow
	contract    model.Contract // the current contract, if hasContract
	hasContract bool
	loaded      bool
	err         error

	section   section
	timeline  *pagedList[model.TimelineEntry]
	contacts  *pagedList[model.Contact]
	deals     *pagedList[model.Deal]
	issues    *pagedList[model.SupportIssue]
	surveys   *pagedList[store.SurveyRow]
	contracts *pagedList[model.Contract]
	layouts   [sectionCount]layoutCache

	width, height int
}

// section is one of the account page's sections.
type section int

const (
	secTimeline section = iota
	secContacts
	secDeals
	secIssues
	secSurveys
	secContracts
	sectionCount
)

var sectionNames = [sectionCount]string{"Timeline", "Contacts", "Deals", "Issues", "Surveys", "Contracts"}

type accountHeaderMsg struct {
	view        *accountView
	req         uint64
	row         store.AccountRow
	contract    model.Contract
	hasContract bool
	err         error
}

func newAccountView(c *appContext, id int64) *accountView {
	return &accountView{ctx: c, id: id,
		timeline:  newPagedList(c, timelineKey, 1),
		contacts:  newPagedList(c, func(ct model.Contact) int64 { return ct.ID }, 1),
		deals:     newPagedList(c, func(d model.Deal) int64 { return d.ID }, 1),
		issues:    newPagedList(c, func(i model.SupportIssue) int64 { return i.ID }, 1),
		surveys:   newPagedList(c, func(s store.SurveyRow) int64 { return s.ID }, 1),
		contracts: newPagedList(c, func(ct model.Contract) int64 { return ct.ID }, 1),
	}
}

// timelineKey tells entries of different kinds apart (an activity and an
// issue may share an id).
func timelineKey(e model.TimelineEntry) int64 {
	kinds := []model.TimelineKind{model.TimelineActivity, model.TimelineDeal, model.TimelineIssueOpened,
		model.TimelineIssueResolved, model.TimelineSurvey, model.TimelineContract}
	for i, k := range kinds {
		if k == e.Kind {
			return e.ID*8 + int64(i)
		}
	}
	return e.ID * 8
}

func (v *accountView) title() string {
	if v.loaded && v.err == nil {
		return "Account — " + model.Clean(v.row.Name)
	}
	return "Account"
}

func (v *accountView) hasSections() bool { return true }

// load reads the header and every section (keeping each section's
// cursor on the same record).
func (v *accountView) load() tea.Cmd {
	v.req++
	s, req, id, self := v.ctx.store, v.req, v.id, v
	header := func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		msg := accountHeaderMsg{view: self, req: req}
		if msg.row, msg.err = s.AccountRow(ctx, id); msg.err != nil {
			return msg
		}
		msg.contract, msg.hasContract, msg.err = s.CurrentContract(ctx, id)
		return msg
	}
	return tea.Batch(header,
		v.timeline.reload(func(ctx context.Context) (listLoad[model.TimelineEntry], error) {
			n, err := s.CountTimeline(ctx, id)
			return listLoad[model.TimelineEntry]{total: n, pages: func(ctx context.Context, offset, limit int) ([]model.TimelineEntry, error) {
				return s.Timeline(ctx, id, offset, limit)
			}}, err
		}),
		v.deals.reload(func(ctx context.Context) (listLoad[model.Deal], error) {
			n, err := s.CountAccountDeals(ctx, id)
			return listLoad[model.Deal]{total: n, pages: func(ctx context.Context, offset, limit int) ([]model.Deal, error) {
				return s.AccountDealsPage(ctx, id, offset, limit)
			}}, err
		}),
		v.contacts.reload(loadAll(func(ctx context.Context) ([]model.Contact, error) { return s.Contacts(ctx, id) })),
		v.issues.reload(loadAll(func(ctx context.Context) ([]model.SupportIssue, error) {
			rows, err := s.Issues(ctx, store.IssueQuery{AccountID: id})
			out := make([]model.SupportIssue, len(rows))
			for i, r := range rows {
				out[i] = r.SupportIssue
			}
			return out, err
		})),
		v.surveys.reload(loadAll(func(ctx context.Context) ([]store.SurveyRow, error) { return s.AccountSurveys(ctx, id) })),
		v.contracts.reload(loadAll(func(ctx context.Context) ([]model.Contract, error) { return s.AccountContracts(ctx, id) })),
	)
}

// loadAll is a load of a short list read whole (an account's contacts,
// issues, answers, contracts): its pages are slices of it.
func loadAll[T any](fetch func(context.Context) ([]T, error)) loadFunc[T] {
	return func(ctx context.Context) (listLoad[T], error) {
		rows, err := fetch(ctx)
		return listLoad[T]{total: len(rows), pages: func(_ context.Context, offset, limit int) ([]T, error) {
			if offset >= len(rows) {
				return nil, nil
			}
			return rows[offset:min(len(rows), offset+limit)], nil
		}}, err
	}
}

func (v *accountView) update(msg tea.Msg) tea.Cmd {
	if m, ok := msg.(accountHeaderMsg); ok {
		if m.view == v && m.req == v.req {
			v.loaded, v.err = true, m.err
			if m.err == nil {
				v.row, v.contract, v.hasContract = m.row, m.contract, m.hasContract
			}
		}
		return nil
	}
	return tea.Batch(v.timeline.update(msg), v.contacts.update(msg), v.deals.update(msg), v.issues.update(msg),
		v.surveys.update(msg), v.contracts.update(msg))
}

// focus selects a deal the page shows when it next loads (after a write
// on it).
func (v *accountView) focus(r recordRef) {
	if r.kind == dealRecord {
		v.deals.focus(r.id)
	}
}

func (v *accountView) setSize(w, h int) { v.width, v.height = w, h }
func (v *accountView) capturing() bool  { return false }

// sectionKeys are the keys of the section on top: enter's meaning and
// the section's own actions.
func (v *accountView) sectionKeys() (open key.Binding, own []key.Binding) {
	k := v.ctx.keys
	label := map[section]string{secTimeline: "read in full", secContacts: "edit contact", secDeals: "open deal",
		secIssues: "edit issue", secSurveys: "read in full", secContracts: "open contract"}[v.section]
	open = key.NewBinding(key.WithKeys(k.List.Open.Keys()...), key.WithHelp(k.List.Open.Help().Key, label))
	switch v.section {
	case secContacts:
		own = []key.Binding{when(k.Account.ArchiveContact, v.contacts.total > 0)}
	case secIssues:
		i, ok := v.issues.selected()
		own = []key.Binding{when(k.Account.Resolve, ok && i.Open()), when(k.Account.ReopenIssue, ok && !i.Open())}
	case secDeals:
		if d, ok := v.deals.selected(); ok {
			own = dealHelp(v.dealKeys(), d)
		}
	}
	return open, own
}

// dealKeys are the deal actions offered on the Deals section: those whose
// keys the account already uses (edit, log, new) stay with the account;
// enter opens the deal for them.
func (v *accountView) dealKeys() DealKeys {
	d := v.ctx.keys.Deal
	d.Edit, d.Log, d.New, d.Account = when(d.Edit, false), when(d.Log, false), when(d.New, false), when(d.Account, false)
	return d
}

func (v *accountView) key(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := v.ctx.keys
	if !v.loaded || v.err != nil {
		return nil, false
	}
	switch {
	case key.Matches(msg, k.Account.NextSection):
		v.section = (v.section + 1) % sectionCount
		return nil, true
	case key.Matches(msg, k.Account.PrevSection):
		v.section = (v.section + sectionCount - 1) % sectionCount
		return nil, true
	}
	if cmd, ok := v.navigate(msg); ok {
		return cmd, true
	}
	if cmd, ok := v.sectionKey(msg); ok {
		return cmd, true
	}
	return accountAction(v.ctx, k.Account, msg, v.row.Account)
}

// navigate moves the cursor of the section on top.
func (v *accountView) navigate(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k, rows := v.ctx.keys.List, v.listRows()
	switch v.section {
	case secContacts:
		return v.contacts.navigate(msg, k, rows)
	case secDeals:
		return v.deals.navigate(msg, k, rows)
	case secIssues:
		return v.issues.navigate(msg, k, rows)
	case secSurveys:
		return v.surveys.navigate(msg, k, rows)
	case secContracts:
		return v.contracts.navigate(msg, k, rows)
	}
	return v.timeline.navigate(msg, k, rows)
}

// sectionKey runs enter and the section's own keys on its selected row.
func (v *accountView) sectionKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := v.ctx.keys
	open := key.Matches(msg, k.List.Open)
	clock := v.ctx.clock
	switch v.section {
	case secTimeline:
		if e, ok := v.timeline.selected(); ok && open {
			return openDialog(newTextDialog(v.ctx, fmt.Sprintf("%s — %s", capitalize(e.Label()), model.Clean(v.row.Name)), e.Full(clock))), true
		}
	case secContacts:
		ct, ok := v.contacts.selected()
		switch {
		case ok && open:
			return contactDialog(v.ctx, v.row.Account, ct).open(), true
		case ok && key.Matches(msg, k.Account.ArchiveContact):
			return openDialog(archiveContactDialog(v.ctx, ct)), true
		}
	case secDeals:
		d, ok := v.deals.selected()
		if ok && open {
			return push(newDealView(v.ctx, d.ID)), true
		}
		if ok {
			if cmd, handled := dealAction(v.ctx, v.dealKeys(), msg, d); handled {
				return cmd, true
			}
		}
	case secIssues:
		i, ok := v.issues.selected()
		switch {
		case ok && open:
			return issueDialog(v.ctx, v.row.Account, i).open(), true
		case ok && i.Open() && key.Matches(msg, k.Account.Resolve):
			return resolveDialog(v.ctx, i).open(), true
		case ok && !i.Open() && key.Matches(msg, k.Account.ReopenIssue):
			return reopenIssue(v.ctx.store, i), true
		}
	case secSurveys:
		if sv, ok := v.surveys.selected(); ok && open {
			return openDialog(newTextDialog(v.ctx, surveyTitle(sv.Survey)+" — "+model.Clean(v.row.Name), surveyText(sv, clock))), true
		}
	case secContracts:
		if ct, ok := v.contracts.selected(); ok && open {
			// The contract's page: its terms and chain, and its renewal
			// decided from there (r, x, z, o).
			return push(newContractView(v.ctx, ct.ID)), true
		}
	}
	return nil, false
}

func (v *accountView) help() helpSet {
	k := v.ctx.keys
	open, own := v.sectionKeys()
	sections := k.Account.NextSection
	nav := []key.Binding{k.Global.Back, sections, k.Account.PrevSection, k.List.Down, k.List.Up, k.List.PageDown, k.List.Top, k.List.Bottom, open}
	short := append([]key.Binding{k.Global.Back, summary("tab/[]", "section"), summary("j/k", "move"), open}, own...)
	return helpSet{
		short: append(short, accountHelp(k.Account)...),
		full:  [][]key.Binding{nav, accountHelp(k.Account), own},
		notes: accountPageHelp,
	}
}

// accountPageHelp defines what the page shows (README, "Definitions").
const accountPageHelp = "ARR is the yearly value of the contracts in force today, per currency. A check-in is due on the " +
	"last touch plus the cadence, or on the next check-in date set by hand with the last check-in (it holds until the next " +
	"check-in). A touch is any activity done on the account, one of its deals or with one of its contacts, an issue opened " +
	"or resolved, or a survey answer. " + model.HealthRules

// headerLines draws the header: name and status, facts, money and
// contract, cadence, health with every reason.
func (v *accountView) headerLines() []string {
	st := v.ctx.styles
	a, w := v.row.Account, v.width
	today := v.ctx.clock.Today()
	badge := string(a.Status)
	if a.Tier != "" {
		badge += " · " + model.Clean(a.Tier)
	}
	var facts []string
	if a.Industry != "" {
		facts = append(facts, model.Clean(a.Industry))
	}
	if !a.CustomerSince.IsZero() {
		facts = append(facts, "customer since "+a.CustomerSince.Short(today))
	}
	if a.Website != "" {
		facts = append(facts, model.Clean(a.Website))
	}
	facts = append(facts, plural(v.row.OpenDeals, "open deal"))
	lines := []string{
		spread(st.Title.Render(safe(a.Name, w-30)), statusStyle(st, a.Status).Render(badge), w),
		st.Subtle.Render(safe(strings.Join(facts, " · "), w)),
	}
	money := "ARR " + st.Bold.Render(exactTotals(v.row.ARR))
	if v.hasContract {
		c := v.contract
		terms := fmt.Sprintf(" · contract %s → %s (%s) · notice by %s", c.Start.Short(today), c.End.Short(today),
			endsIn(today.DaysUntil(c.End)), c.NoticeDate().Short(today))
		if c.AutoRenew {
			terms += " · auto-renews"
		} else {
			terms += " · no auto-renew"
		}
		money += terms
	} else {
		money += st.Subtle.Render(" · no contract in force — T starts one")
	}
	lines = append(lines, pad(money, w))
	lines = append(lines, cadenceLine(st, a, v.ctx.clock, w))
	if h, ok := model.HealthOf(v.row.Facts(), v.ctx.clock); ok {
		lines = append(lines, healthLines(st, h, w)...)
	} else {
		lines = append(lines, st.Faint.Render(pad("Health is for customers; this account is "+string(a.Status)+".", w)))
	}
	return lines

}

// cadenceLine is "Check-in every 30d · last touch 41d ago · due Nov 16,
// 11d late" (late in red).
func cadenceLine(st Styles, a model.Account, clock model.Clock, w int) string {
	today, now := clock.Today(), clock.Now()
	due := a.CheckInDue(clock.Loc)
	line := "Check-ins: none planned"
	if a.CadenceDays > 0 {
		line = fmt.Sprintf("Check-in every %dd", a.CadenceDays)
	}
	line += " · last touch " + agoLong(a.LastTouchAt, now)
	if due.IsZero() || a.Status != model.Customer {
		return pad(line, w) // check-ins are kept with customers
	}

	set := ""
	if !a.NextCheckIn.IsZero() {
		set = " (set by hand)"
	}
	when := fmt.Sprintf(" · next due %s%s", due.Short(today), set)
	if late := due.DaysUntil(today); late > 0 {
		return pad(line+when+" · "+st.Danger.Render(fmt.Sprintf("%dd late", late)), w)
	}
	return pad(line+when+" · "+checkInText(due, today), w)
}

// healthLines is "Health 55 = 100 −25 last touch 41d ago, cadence 30d −20
// 1 urgent issue open 6d", wrapped to the width.
func healthLines(st Styles, h model.Health, w int) []string {
	head := st.Bold.Render(fmt.Sprintf("Health %d", h.Score))
	if len(h.Reasons) == 0 {
		return []string{pad(head+st.Success.Render(" = 100, nothing takes points off"), w)}
	}
	parts := []string{head + " = 100"}
	for _, r := range h.Reasons {
		parts = append(parts, healthStyle(st, h.Score).Render(signed(r.Points))+" "+model.Clean(r.Why))
	}
	var lines []string
	line := ""
	for _, p := range parts {
		switch {
		case line == "":
			line = p
		case lipgloss.Width(line)+3+lipgloss.Width(p) <= w:
			line += " · " + p
		default:
			lines = append(lines, line)
			line = "  " + p
		}
	}
	return append(lines, line)
}

// exactTotals prints amounts per currency in full: "$30,000.00 +
// €5,000.00", "—" for none.
func exactTotals(t model.Totals) string {
	amounts := t.Amounts()
	if len(amounts) == 0 {
		return "—"
	}
	parts := make([]string, len(amounts))
	for i, a := range amounts {
		parts[i] = a.String()
	}
	return strings.Join(parts, " + ")
}

// signed prints points with a real minus sign: "−25".

func signed(n int) string {
	if n < 0 {
		return fmt.Sprintf("−%d", -n)
	}
	return fmt.Sprintf("+%d", n)
}

// sectionTabs is the row naming the sections with their counts, the one
// on top in brackets (so it shows without colour too).
func (v *accountView) sectionTabs() string {
	st := v.ctx.styles
	counts := [sectionCount]int{v.timeline.total, v.contacts.total, v.deals.total, v.issues.total, v.surveys.total, v.contracts.total}
	var parts []string
	for i, name := range sectionNames {
		label := fmt.Sprintf("%s %s", name, count(counts[i]))
		if section(i) == secIssues && v.row.Issues.Total() > 0 {
			label = fmt.Sprintf("%s %d open", name, v.row.Issues.Total())
		}
		if section(i) == v.section {
			parts = append(parts, st.TabActive.Render("["+label+"]"))
		} else {
			parts = append(parts, st.Tab.Render(label))
		}
	}
	return pad(strings.Join(parts, ""), v.width)
}

// listRows is how many rows of a section fit under the header, the
// section tabs and the column titles.
func (v *accountView) listRows() int {
	return max(1, v.height-len(v.headerLines())-3)
}

func (v *accountView) view() string {
	st := v.ctx.styles
	if v.err != nil {
		return st.Danger.Render(v.err.Error()) + "\n\n" + st.Faint.Render("esc goes back")
	}
	if !v.loaded {
		return st.Subtle.Render("Loading the account…")
	}
	lines := append(v.headerLines(), "", v.sectionTabs())
	return strings.Join(append(lines, v.sectionView(v.listRows())...), "\n")
}
