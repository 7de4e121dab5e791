package tui

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/model"
	"rolo/store"
)

// renewalsView is the keyboard review of the contracts up for renewal:
// this week's (or the next 30 days', this quarter's, all upcoming) and
// everything overdue, most urgent first, each decided with one key —
// renew, churn, snooze — or worked on (check-in, a renewal deal). A
// decision moves the row to the dimmed part below (snoozed, then decided)
// and leaves the cursor where it was, on the next contract.
type renewalsView struct {
	ctx    *appContext
	kind   model.WindowKind
	list   *pagedList[store.RenewalRow]
	cols   []column[store.RenewalRow]
	layout layoutCache
	filter filterBox

	// seq numbers the loads; risk is the header's "at risk" for load
	// riskSeq, read after the rows (it computes every row's health).
	seq     int
	riskSeq int
	risk    *store.RenewalTotals
	riskErr error

	width, height int
}

// renewalsMeta is what a load found besides the rows.
type renewalsMeta struct {
	sum store.RenewalSummary
	seq int
}

// atRiskMsg carries the at-risk figure of one load.
type atRiskMsg struct {
	view *renewalsView
	seq  int
	risk store.RenewalTotals
	err  error
}

func newRenewalsView(c *appContext) *renewalsView {
	v := &renewalsView{ctx: c, list: newPagedList(c, store.RenewalRow.Key, 1), filter: newFilterBox(c, "filter by account")}
	v.list.size = healthPageSize
	v.cols = v.columns()
	return v
}

func (v *renewalsView) title() string { return "Renewals" }

// window is the review's window today, in the user's week.
func (v *renewalsView) window() model.RenewalWindow {
	return model.Window(v.kind, v.ctx.clock.Today(), v.ctx.settings.WeekStart)
}

func (v *renewalsView) load() tea.Cmd {
	v.seq++
	s, seq := v.ctx.store, v.seq
	q := store.RenewalQuery{Window: v.window(), Filter: v.filter.value()}
	return v.list.reload(func(ctx context.Context) (listLoad[store.RenewalRow], error) {
		sum, err := s.CountRenewals(ctx, q)
		if err != nil {
			return listLoad[store.RenewalRow]{}, err
		}
		return listLoad[store.RenewalRow]{total: sum.Total(), meta: renewalsMeta{sum: sum, seq: seq},
			pages: func(ctx context.Context, offset, limit int) ([]store.RenewalRow, error) {
				return s.RenewalPage(ctx, sum, offset, limit)
			}}, nil
	})
}

// atRisk computes the header's at-risk figure for a load.
func (v *renewalsView) atRisk(meta renewalsMeta) tea.Cmd {
	s, self := v.ctx.store, v
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		risk, err := s.RenewalsAtRisk(ctx, meta.sum)
		return atRiskMsg{view: self, seq: meta.seq, risk: risk, err: err}
	}
}

func (v *renewalsView) update(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case atRiskMsg:
		if m.view == v && m.seq == v.riskSeq {
			v.risk, v.riskErr = &m.risk, m.err
		}
		return nil
	case tea.PasteMsg:
		if v.filter.active {
			return v.filterKey(m)
		}
		return nil
	}
	cmd := v.list.update(msg)
	if meta, ok := v.list.meta.(renewalsMeta); ok && meta.seq != v.riskSeq {
		v.riskSeq, v.risk, v.riskErr = meta.seq, nil, nil
		return tea.Batch(cmd, v.atRisk(meta))
	}
	return cmd
}

// focus selects a contract after a write; after a decision the cursor
// keeps its place, where the next contract now is.
func (v *renewalsView) focus(r recordRef) {
	switch r.kind {
	case contractRecord:
		v.list.focus(r.id)
	case decidedRecord:
		v.list.stay()
		v.list.drop(r.id) // the next contract shows at once; the reload confirms
	}
}

func (v *renewalsView) filterKey(msg tea.Msg) tea.Cmd {
	cmd, changed := v.filter.handle(msg)
	if changed {
		v.list.restart()
		return tea.Batch(cmd, v.load())
	}
	return cmd
}

// claimed: q picks this quarter here (ctrl+c quits).
func (v *renewalsView) claimed() []key.Binding {
	return []key.Binding{v.ctx.keys.Renewals.Quarter}
}

func (v *renewalsView) key(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := v.ctx.keys
	if v.filter.active {
		return v.filterKey(msg), true
	}
	if cmd, ok := v.list.navigate(msg, k.List, v.rows()); ok {
		return cmd, true
	}
	w := k.Renewals
	switch {
	case key.Matches(msg, k.List.Filter):
		return v.filter.start(), true
	case key.Matches(msg, k.Global.Back) && v.filter.clear():
		v.list.restart()
		return v.load(), true
	case key.Matches(msg, w.Week, w.Month, w.Quarter, w.All):
		kind := model.WindowWeek
		switch {
		case key.Matches(msg, w.Month):
			kind = model.WindowNext30
		case key.Matches(msg, w.Quarter):
			kind = model.WindowQuarter
		case key.Matches(msg, w.All):
			kind = model.WindowAll
		}
		if kind == v.kind {
			return nil, true
		}
		v.kind = kind
		v.list.restart()
		return v.load(), true
	}
	r, ok := v.list.selected()
	if !ok {
		return nil, false
	}
	if key.Matches(msg, k.List.Open) {
		return openAccount(v.ctx, r.Contract.AccountID), true
	}
	return contractAction(v.ctx, k.Contract, msg, r)
}

func (v *renewalsView) setSize(w, h int) { v.width, v.height = w, h }
func (v *renewalsView) capturing() bool  { return v.filter.active }

// rows is how many table rows fit under the header lines.
func (v *renewalsView) rows() int { return max(1, v.height-3-b2i(v.filter.shown())) }

func (v *renewalsView) help() helpSet {
	k := v.ctx.keys
	if v.filter.active {
		return v.filter.help()
	}
	r, _ := v.list.selected()
	acts := contractHelp(k.Contract, r)
	if v.list.total == 0 {
		for i := range acts {
			acts[i] = when(acts[i], false)
		}
	}
	account := key.NewBinding(key.WithKeys(k.List.Open.Keys()...), key.WithHelp(k.List.Open.Help().Key, "open account"))
	w := k.Renewals
	return helpSet{
		short: append(append([]key.Binding{summary("j/k", "move")}, withOpen(acts, when(account, v.list.total > 0))...),
			summary("w/m/q/a", "window"), k.List.Filter),
		full: [][]key.Binding{
			{k.List.Up, k.List.Down, k.List.Top, k.List.Bottom, k.List.PageDown, k.List.PageUp, when(account, v.list.total > 0), k.List.Filter},
			acts,
			{w.Week, w.Month, w.Quarter, w.All},
		},
		notes: renewalsHelp,
	}
}

// renewalsHelp defines what the tab shows (README, "Definitions").
var renewalsHelp = "Notice deadline: the end date minus the notice days, the last day either side can give notice " +
	"(⚠ when passed, ● when this week). Up for renewal: from the notice deadline until a decision (renew or churn) is " +
	"recorded. The window holds the undecided contracts whose notice deadline or end date falls in it, plus everything " +
	"overdue (notice deadline passed, or ended and still active), most urgent first; snoozed ones wait below until their " +
	"day, decided ones below them. Totals are per currency. Contracts of an account ending the same day in the same " +
	"currency (an add-on and the contract it joined) are decided together: renewing one renews them all into one next " +
	"term at their value together, and a churn or a snooze takes them all. An auto-renewing contract past its end " +
	"shows as auto-renewed? until you confirm it (r, enter): rolo never renews by itself. Here q is this quarter, so " +
	"ctrl+c quits. Health is the account's, as on the Accounts tab; at risk: health below " + fmt.Sprint(model.AtRiskBelow) +
	" (it shows amber or red). " + model.HealthRules
