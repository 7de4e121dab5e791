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

// todayView is the seller's morning queue: overdue follow-ups, follow-ups
// due today, open deals with no next step, and stale deals (by stage) —
// most urgent first, each row saying why it is there.
type todayView struct {
	ctx           *appContext
	list          *pagedList[store.TodayItem]
	cols          []column[store.TodayItem]
	layout        layoutCache
	width, height int
}

func newTodayView(c *appContext) *todayView {
	v := &todayView{ctx: c, list: newPagedList(c, store.TodayItem.Key, 1)}
	v.cols = v.columns()
	return v
}

func (v *todayView) title() string { return "Today" }

func (v *todayView) load() tea.Cmd {
	s, today, now := v.ctx.store, v.ctx.clock.Today(), v.ctx.clock.Now()
	return v.list.reload(func(ctx context.Context) (listLoad[store.TodayItem], error) {
		q, err := s.CountToday(ctx, today, now)
		if err != nil {
			return listLoad[store.TodayItem]{}, err
		}
		return listLoad[store.TodayItem]{total: q.Counts.Total(), meta: q,
			pages: func(ctx context.Context, offset, limit int) ([]store.TodayItem, error) {
				return s.TodayPage(ctx, q, offset, limit)
			}}, nil
	})
}

// dealLandedMsg follows a deal added from Today: if it is not in the
// queue, the board shows it where it landed.
type dealLandedMsg struct{ deal model.Deal }

func (v *todayView) update(msg tea.Msg) tea.Cmd {
	if m, ok := msg.(dealLandedMsg); ok {
		switch m.deal.NextStepState(v.ctx.clock.Today()) {
		case model.NextOverdue, model.NextToday, model.NextNone:
			return nil // it is in the queue, selected
		}
		return tea.Batch(statusCmd(fmt.Sprintf("Added %s to %s on the board: its next step is %s, so it is not due today",
			model.Clean(m.deal.Title), v.ctx.stageName(m.deal.StageID), m.deal.NextDue.Short(v.ctx.clock.Today())), false),
			func() tea.Msg { return switchTabMsg{tab: pipelineTab} })
	}
	return v.list.update(msg)
}

func (v *todayView) focus(r recordRef) {
	switch r.kind {
	case dealRecord:
		v.list.focus(store.TodayItem{Deal: model.Deal{ID: r.id}}.Key())
	case contractRecord:
		v.list.focus(store.TodayItem{Reason: store.ReasonRenewal, Contract: model.Contract{ID: r.id}}.Key())
	case decidedRecord:
		// The contract left the queue: the next row is under the cursor at
		// once, and the reload confirms it.
		v.list.stay()
		v.list.drop(store.TodayItem{Reason: store.ReasonRenewal, Contract: model.Contract{ID: r.id}}.Key())
	}
}

// renewalRowOf is a renewal row of the queue as the contract actions
// take it.
func renewalRowOf(it store.TodayItem) store.RenewalRow {
	return store.RenewalRow{Contract: it.Contract, Account: it.Account, Deal: it.Deal}
}

func (v *todayView) key(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := v.ctx.keys
	if cmd, ok := v.list.navigate(msg, k.List, v.rows()); ok {
		return cmd, true
	}
	if key.Matches(msg, k.Deal.New) {
		after := func(d model.Deal) tea.Msg { return dealLandedMsg{deal: d} }
		return openDealForm(v.ctx, newDealDraft(v.ctx, model.Stage{}, model.Account{}), after), true
	}
	it, ok := v.list.selected()
	if !ok {
		return nil, false
	}
	if it.Reason == store.ReasonRenewal {
		if key.Matches(msg, k.List.Open) {
			return openAccount(v.ctx, it.Contract.AccountID), true
		}
		return contractAction(v.ctx, k.Contract, msg, renewalRowOf(it))
	}
	if key.Matches(msg, k.List.Open) {
		return push(newDealView(v.ctx, it.Deal.ID)), true
	}
	return dealAction(v.ctx, k.Deal, msg, it.Deal)
}

func (v *todayView) setSize(w, h int) { v.width, v.height = w, h }

// rows is how many queue rows fit under the summary and the header.
func (v *todayView) rows() int { return max(1, v.height-2) }

func (v *todayView) capturing() bool { return false }

func (v *todayView) help() helpSet {
	k := v.ctx.keys
	d := k.Deal
	if it, ok := v.list.selected(); ok && it.Reason == store.ReasonRenewal {
		acts := contractHelp(k.Contract, renewalRowOf(it))
		account := key.NewBinding(key.WithKeys(k.List.Open.Keys()...), key.WithHelp(k.List.Open.Help().Key, "account"))
		return helpSet{
			short: append(append([]key.Binding{summary("j/k", "move")}, acts...), account, d.New),
			full:  [][]key.Binding{{k.List.Up, k.List.Down, k.List.Top, k.List.Bottom, k.List.PageDown, k.List.PageUp, account}, acts, {d.New}},
			notes: todayHelp,
		}
	}
	return helpSet{
		short: []key.Binding{summary("j/k", "move"), d.Done, d.Log, d.Snooze, k.List.Open, d.Edit, d.New},
		full: [][]key.Binding{
			{k.List.Up, k.List.Down, k.List.Top, k.List.Bottom, k.List.PageDown, k.List.PageUp, k.List.Open},
			{d.Done, d.Log, d.Snooze, d.Edit, d.MoveNext, d.MovePrev, d.Won, d.Lost, d.Account, d.New},
		},
		notes: todayHelp,
	}
}

// todayHelp defines the queue (README, "Definitions").
const todayHelp = "The queue, most urgent first: renewals (an undecided contract whose notice deadline is within 7 days, " +
	"or whose end is, or has passed; r renews, x churns, z snoozes, c checks in), overdue (the next step's due date has passed), due today, " +
	"no next step (an open deal with nothing planned), stale (untouched — no activity, no stage move — for longer " +
	"than its stage's rot days; latest stage first). A deal shows once, under its most urgent reason; a snoozed " +
	"deal stays out until its day."

func (v *todayView) columns() []column[store.TodayItem] {
	st := func() Styles { return v.ctx.styles }
	today := func() model.Date { return v.ctx.clock.Today() }
	renewal := func(it store.TodayItem) bool { return it.Reason == store.ReasonRenewal }
	return []column[store.TodayItem]{
		{title: "Why", min: 14, text: func(it store.TodayItem) string { return reasonText(it, today(), v.ctx.clock) },
			style: func(it store.TodayItem) lipgloss.Style { return reasonStyle(st(), it, today()) }},
		{title: "Deal", min: 18, max: 40, flex: true, text: func(it store.TodayItem) string {
			switch {
			case renewal(it) && it.Deal.ID != 0:
				return shortTitle(it.Deal)
			case renewal(it):
				return "contract renewal"
			}
			return shortTitle(it.Deal)
		}},
		{title: "Account", min: 10, max: 28, flex: true, keep: 3, text: func(it store.TodayItem) string {
			if renewal(it) {
				return model.Clean(it.Account.Name)
			}
			return model.Clean(it.Deal.AccountName)
		}, style: func(store.TodayItem) lipgloss.Style { return st().Subtle }},
		{title: "Stage", min: 6, max: 14, keep: 2, text: func(it store.TodayItem) string { return model.Clean(it.Stage.Name) },
			style: func(store.TodayItem) lipgloss.Style { return st().Subtle }},
		{title: "Value", right: true, min: 6, text: func(it store.TodayItem) string {
			if renewal(it) {
				return it.Contract.Value.Short()
			}
			return it.Deal.Value.Short()
		}},
		{title: "Next step", min: 10, max: 48, flex: true, keep: 4, text: func(it store.TodayItem) string {
			switch {
			case it.Deal.NextStep != "":
				return model.Clean(it.Deal.NextStep)
			case renewal(it):
				return "decide: renew, churn or snooze"
			}
			return "—"
		}},
		{title: "Due", min: 6, keep: 1, text: func(it store.TodayItem) string {
			if renewal(it) {
				return it.Contract.DecideBy(today()).Short(today())
			}
			return it.Deal.NextDue.Short(today())
		}, style: func(store.TodayItem) lipgloss.Style { return st().Subtle }},
	}
}

func (v *todayView) view() string {
	st := v.ctx.styles
	if s := v.list.state("today's queue"); s != "" {
		return s
	}
	if v.list.total == 0 {
		return "\n" + st.Success.Render("  ✓ Nothing waiting.") + " " +
			st.Subtle.Render("No overdue or due follow-ups, every open deal has a next step, none is going stale.") +
			"\n\n" + st.Faint.Render("  2 shows the pipeline · n adds a deal")
	}
	q, _ := v.list.meta.(store.TodayQueue)
	c := q.Counts
	summary := fmt.Sprintf("%s  ·  %s  ·  %s  ·  %s",
		st.Danger.Render(count(c[store.ReasonOverdue])+" overdue"),
		st.Accent.Render(count(c[store.ReasonDueToday])+" due today"),
		st.Warning.Render(count(c[store.ReasonNoNextStep])+" with no next step"),
		st.Warning.Render(count(c[store.ReasonStale])+" stale"))
	if n := c[store.ReasonRenewal]; n > 0 {
		summary = st.Warning.Render(plural(n, "renewal")) + "  ·  " + summary
	}
	widths := tableWidths(&v.layout, v.cols, v.list, v.width-1)
	lines := []string{" " + summary, st.TableHead.Render(pad(" "+tableHeader(v.cols, widths, -1, false), v.width))}
	lines = append(lines, v.list.draw(v.rows(), v.width, func(it store.TodayItem, selected bool) []string {
		return []string{tableRow(st, v.cols, widths, it, selected, v.width)}
	})...)
	return strings.Join(lines, "\n")
}

// reasonText says why a row is in the queue: "⚠ 3d overdue",
// "● due today", "∅ no next step", "◷ stale 21d", "⟳ notice in 3d".
func reasonText(it store.TodayItem, today model.Date, clock model.Clock) string {
	switch it.Reason {
	case store.ReasonRenewal:
		return "⟳ " + renewalWhy(it.Contract, today)
	case store.ReasonOverdue:
		return "⚠ " + dueText(it.Deal.NextDue, today)
	case store.ReasonDueToday:
		return "● due today"
	case store.ReasonNoNextStep:
		return "∅ no next step"
	}
	return fmt.Sprintf("◷ stale %dd", it.Deal.DaysIdle(clock.Now()))
}

// renewalWhy says what makes a contract urgent: "auto-renewed?",
// "ended 3d ago", "ends tomorrow", "ends in 5d", "notice today",
// "notice in 2d".
func renewalWhy(c model.Contract, today model.Date) string {
	in := func(days int) string {
		switch days {
		case 0:
			return "today"
		case 1:
			return "tomorrow"
		}
		return fmt.Sprintf("in %dd", days)
	}
	switch left := c.DaysLeft(today); {
	case c.AwaitingAutoRenewal(today):
		return "auto-renewed?"
	case left < 0:
		return fmt.Sprintf("ended %dd ago", -left)
	case c.NoticePassed(today):
		return "ends " + in(left)
	}
	return "notice " + in(today.DaysUntil(c.NoticeDate()))
}

// reasonStyle colours a reason by urgency: overdue (and a renewal whose
// notice has passed) red, today accent, the rest amber.
func reasonStyle(st Styles, it store.TodayItem, today model.Date) lipgloss.Style {
	switch it.Reason {
	case store.ReasonRenewal:
		if it.Contract.NoticePassed(today) {
			return st.Danger
		}
		return st.Warning
	case store.ReasonOverdue:
		return st.Danger
	case store.ReasonDueToday:
		return st.Accent
	}
	return st.Warning
}
