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

// accountsView is the Accounts tab: every account with what an account
// manager works from — status, tier, health and its main reason, ARR,
// last touch, when the next check-in is due, open issues and the latest
// CSAT/NPS — sorted by any of them (s cycles, S reverses), filtered by
// name (/) and by status (f). enter opens the account's page.
type accountsView struct {
	ctx     *appContext
	list    *pagedList[store.AccountRow]
	cols    []column[store.AccountRow]
	layout  layoutCache
	filter  filterBox
	sort    store.AccountSort
	reverse bool
	status  int // index into statusFilters
	health  healthCache

	width, height int
}

// statusFilters are what f cycles through.
var statusFilters = []struct {
	label  string
	status model.AccountStatus
}{{"all accounts", ""}, {"customers", model.Customer}, {"prospects", model.Prospect}, {"churned", model.Churned}}

// healthCache keeps the health of the loaded rows until they change
// (three columns and the layout read it).
type healthCache struct {
	version int
	scores  map[int64]healthOf
}

type healthOf struct {
	h  model.Health
	ok bool
}

func (c *healthCache) of(r store.AccountRow, version int, clock model.Clock) (model.Health, bool) {
	if c.scores == nil || c.version != version {
		c.scores, c.version = map[int64]healthOf{}, version
	}
	if got, ok := c.scores[r.ID]; ok {
		return got.h, got.ok
	}
	h, ok := model.HealthOf(r.Facts(), clock)
	c.scores[r.ID] = healthOf{h, ok}
	return h, ok
}

func newAccountsView(c *appContext) *accountsView {
	v := &accountsView{ctx: c, list: newPagedList(c, func(r store.AccountRow) int64 { return r.ID }, 1),
		filter: newFilterBox(c, "filter by name")}
	v.list.size = healthPageSize
	v.cols = v.columns()
	return v
}

func (v *accountsView) title() string { return "Accounts" }

func (v *accountsView) query() store.AccountQuery {
	return store.AccountQuery{Filter: v.filter.value(), Status: statusFilters[v.status].status, Sort: v.sort, Reverse: v.reverse}
}

func (v *accountsView) load() tea.Cmd {
	s, q := v.ctx.store, v.query()
	// The list found by the load is where the record to focus is looked
	// up; both run in the load's command, one after the other.
	var found store.AccountList
	v.list.locate = func(ctx context.Context, id int64) (int, bool, error) { return s.AccountIndex(ctx, found, id) }
	return v.list.reload(func(ctx context.Context) (listLoad[store.AccountRow], error) {
		l, err := s.ListAccounts(ctx, q)
		found = l
		return listLoad[store.AccountRow]{total: l.Len(), pages: func(ctx context.Context, offset, limit int) ([]store.AccountRow, error) {
			return s.AccountPage(ctx, l, offset, limit)
		}}, err
	})
}

func (v *accountsView) update(msg tea.Msg) tea.Cmd {
	if p, ok := msg.(tea.PasteMsg); ok && v.filter.active {
		return v.filterKey(p)
	}
	return v.list.update(msg)
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

// accountKeys are the account actions the list offers: s sorts here, so
// it records no survey (the account's page does).
func (v *accountsView) accountKeys() AccountKeys {
	k := v.ctx.keys.Account
	k.Survey = when(k.Survey, false)
	return k
}

func (v *accountsView) key(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := v.ctx.keys
	if v.filter.active {
		return v.filterKey(msg), true
	}
	if cmd, ok := v.list.navigate(msg, k.List, v.listRows()); ok {
		return cmd, true
	}
	switch {
	case key.Matches(msg, k.List.Filter):
		return v.filter.start(), true
	case key.Matches(msg, k.Global.Back) && v.filter.clear():
		v.list.restart()
		return v.load(), true
	case key.Matches(msg, k.List.Sort):
		v.sort, v.reverse = v.sort.Next(), false
		v.list.restart()
		return v.load(), true
	case key.Matches(msg, k.List.Reverse):
		v.reverse = !v.reverse
		v.list.restart()
		return v.load(), true
	case key.Matches(msg, k.Account.StatusFilter):
		v.status = (v.status + 1) % len(statusFilters)
		v.list.restart()
		return v.load(), true
	case key.Matches(msg, k.Account.NewAccount):
		return accountForm(v.ctx, model.Account{}).open(), true
	}
	row, ok := v.list.selected()
	if !ok {
		return nil, false
	}
	if key.Matches(msg, k.List.Open) {
		return openAccount(v.ctx, row.ID), true
	}
	return accountAction(v.ctx, v.accountKeys(), msg, row.Account)
}

func (v *accountsView) setSize(w, h int) { v.width, v.height = w, h }
func (v *accountsView) capturing() bool  { return v.filter.active }

func (v *accountsView) help() helpSet {
	k := v.ctx.keys
	if v.filter.active {
		return v.filter.help()
	}
	a := v.accountKeys()
	return helpSet{
		short: []key.Binding{summary("j/k", "move"), k.List.Open, a.CheckIn, a.Log, a.NewDeal, a.Edit, a.NewAccount, k.List.Filter,
			k.List.Sort, a.StatusFilter},
		full: [][]key.Binding{
			{k.List.Up, k.List.Down, k.List.Top, k.List.Bottom, k.List.PageDown, k.List.PageUp, k.List.Open},
			{k.List.Filter, k.List.Sort, k.List.Reverse, a.StatusFilter, a.NewAccount},
			accountHelp(a),
		},
		notes: accountsHelp,
	}
}

// accountsHelp defines the list's columns (README, "Definitions").
const accountsHelp = "ARR: the yearly value of the contracts in force today, per currency. Touch: days since the last " +
	"touch (an activity done on the account, its deals or contacts; an issue opened or resolved; a survey answer). " +
	"Check-in: when the next check-in is due — last touch plus the cadence, or the date set with the last check-in — " +
	"red when late (customers only). Issues: open ones and the worst severity. CSAT · NPS: the latest answers. " +
	model.HealthRules

// listRows is how many accounts fit under the filter, the column titles
// and the count line.
func (v *accountsView) listRows() int { return max(1, v.height-2-b2i(v.filter.shown())) }

// sortColumnOf is the column each sort orders by.
var sortColumnOf = map[store.AccountSort]string{store.AccountsByName: "Account", store.AccountsByStatus: "Status",
	store.AccountsByTier: "Tier", store.AccountsByHealth: "Health", store.AccountsByARR: "ARR", store.AccountsByTouch: "Touch",
	store.AccountsByCheckIn: "Check-in", store.AccountsByIssues: "Issues", store.AccountsBySurvey: "CSAT·NPS"}

func (v *accountsView) columns() []column[store.AccountRow] {
	st := func() Styles { return v.ctx.styles }
	clock := v.ctx.clock
	health := func(r store.AccountRow) (model.Health, bool) { return v.health.of(r, v.list.version, clock) }
	subtle := func(store.AccountRow) lipgloss.Style { return st().Subtle }
	customer := func(r store.AccountRow) bool { return r.Status == model.Customer }
	return []column[store.AccountRow]{
		{title: "Account", min: 18, max: 36, flex: true, text: func(r store.AccountRow) string { return model.Clean(r.Name) },
			style: func(r store.AccountRow) lipgloss.Style {
				if r.Status == model.Churned {
					return st().Faint
				}
				return st().App
			}},
		{title: "Status", min: 8, keep: 4, text: func(r store.AccountRow) string { return string(r.Status) },
			style: func(r store.AccountRow) lipgloss.Style { return statusStyle(st(), r.Status) }},
		{title: "Tier", min: 4, max: 11, keep: 2, text: func(r store.AccountRow) string { return model.Clean(r.Tier) }, style: subtle},
		{title: "Health", right: true, min: 6, text: func(r store.AccountRow) string {
			if h, ok := health(r); ok {
				return fmt.Sprint(h.Score)
			}
			return "—"
		}, style: func(r store.AccountRow) lipgloss.Style {
			if h, ok := health(r); ok {
				return healthStyle(st(), h.Score)
			}
			return st().Faint
		}},
		{title: "Main reason", min: 12, max: 40, flex: true, keep: 6, text: func(r store.AccountRow) string {
			if h, ok := health(r); ok {
				return mainReason(h)
			}
			return ""
		}, style: subtle},
		{title: "ARR", right: true, min: 5, keep: 7, text: func(r store.AccountRow) string {
			if len(r.ARR) == 0 {
				return "—"
			}
			return r.ARR.Short()
		}},
		{title: "Touch", right: true, min: 5, keep: 5, text: func(r store.AccountRow) string { return ago(r.LastTouchAt, clock.Now()) }, style: subtle},
		{title: "Check-in", min: 8, text: func(r store.AccountRow) string {
			if !customer(r) {
				return "—"
			}
			return checkInText(r.CheckInDue(clock.Loc), clock.Today())
		}, style: func(r store.AccountRow) lipgloss.Style {
			if customer(r) && r.CheckInDue(clock.Loc).Before(clock.Today()) {
				return st().Danger
			}
			return st().App
		}},
		{title: "Issues", min: 6, keep: 3, text: func(r store.AccountRow) string {
			worst, ok := r.Issues.Worst()
			if !ok {
				return ""
			}
			return fmt.Sprintf("%d · %s", r.Issues.Total(), worst)
		}, style: func(r store.AccountRow) lipgloss.Style {
			switch worst, _ := r.Issues.Worst(); worst {
			case model.SevUrgent:
				return st().Danger
			case model.SevHigh:
				return st().Warning
			}
			return st().App
		}},
		{title: "CSAT·NPS", min: 8, keep: 1, text: func(r store.AccountRow) string {
			if r.CSAT.At.IsZero() && r.NPS.At.IsZero() {
				return ""
			}
			return answerText(r.CSAT) + " · " + answerText(r.NPS)
		}},
	}
}

// answerText is a latest answer's score, or "—".
func answerText(a model.Answer) string {
	if a.At.IsZero() {
		return "—"
	}
	return fmt.Sprint(a.Score)
}

func (v *accountsView) view() string {
	if s := v.list.state("accounts"); s != "" {
		return s
	}
	st := v.ctx.styles
	w := v.width
	var lines []string
	if v.filter.shown() {
		lines = append(lines, v.filter.view(st, w))
	}
	sorted := -1
	for i, c := range v.cols {
		if c.title == sortColumnOf[v.sort] {
			sorted = i
		}
	}
	widths := tableWidths(&v.layout, v.cols, v.list, w-1)
	order := store.AccountSortNames[v.sort]
	if v.reverse {
		order += ", reversed"
	}
	// The summary sits above the column titles, as on Today, so the titles
	// stay next to the rows they name.
	lines = append(lines, st.Faint.Render(pad(fmt.Sprintf(" %s · %s · sorted by %s%s · s sort · S reverse · f status · / filter",
		plural(v.list.total, "account"), statusFilters[v.status].label, order, v.list.updating()), w)),
		st.TableHead.Render(pad(" "+tableHeader(v.cols, widths, sorted, v.reverse), w)))
	if v.list.total == 0 {
		lines = append(lines, st.Subtle.Render(" No accounts match. N adds one."))
	}
	lines = append(lines, v.list.draw(v.listRows(), w, func(r store.AccountRow, selected bool) []string {
		return []string{tableRow(st, v.cols, widths, r, selected, w)}
	})...)
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
