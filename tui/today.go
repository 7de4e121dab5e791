package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"rolo/model"
	"rolo/store"
)

// todayView is the morning queue: contracts up for renewal, urgent
// support issues, overdue follow-ups, account tasks due, follow-ups due
// today, customers due a check-in, open deals with no next step, and
// stale deals (by stage) — most urgent first, each row saying why it is
// there. Renewal rows are drawn and keyed in todayrenewals.go, rows about
// an account in todayaccounts.go.
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
	case accountRecord:
		v.list.focus(store.TodayItem{Reason: store.ReasonCheckIn, Account: model.Account{ID: r.id}}.Key())
	case contractRecord:
		v.list.focus(store.TodayItem{Reason: store.ReasonRenewal, Contract: model.Contract{ID: r.id}}.Key())
	case decidedRecord:
		// The contract left the queue: the next row is under the cursor at
		// once, and the reload confirms it.
		v.list.stay()
		v.list.drop(store.TodayItem{Reason: store.ReasonRenewal, Contract: model.Contract{ID: r.id}}.Key())
	}
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
		return v.renewalRowKey(msg, it)
	}
	if aboutAccount(it) {
		return v.accountRowKey(msg, it)
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
		return v.renewalRowHelp(it)
	}
	if it, ok := v.list.selected(); ok && aboutAccount(it) {
		return v.accountRowHelp(it)
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
	"or whose end is, or has passed; r renews, x churns, z snoozes, c checks in), urgent issues (open, high or urgent, " +
	"raised over a day ago), overdue (the next step's due date has passed), tasks due (today or overdue), due today, " +
	"check-ins due (customers whose last touch plus cadence, or the check-in date set by hand, is today or past; most " +
	"late first), no next step (an open deal with nothing planned), stale (untouched — no activity, no stage move — for " +
	"longer than its stage's rot days; latest stage first). A record shows once, under its most urgent reason; a " +
	"snoozed deal or contract stays out until its day."

func (v *todayView) columns() []column[store.TodayItem] {
	st := func() Styles { return v.ctx.styles }
	today := func() model.Date { return v.ctx.clock.Today() }
	cells := func(it store.TodayItem) todayCells {
		switch {
		case it.Reason == store.ReasonRenewal:
			return renewalCells(it, today())
		case aboutAccount(it):
			return v.accountCells(it)
		}
		next := "—"
		if it.Deal.NextStep != "" {
			next = model.Clean(it.Deal.NextStep)
		}
		return todayCells{what: shortTitle(it.Deal), account: model.Clean(it.Deal.AccountName), stage: model.Clean(it.Stage.Name),
			value: it.Deal.Value.Short(), next: next, due: it.Deal.NextDue.Short(today())}
	}
	subtle := func(store.TodayItem) lipgloss.Style { return st().Subtle }
	return []column[store.TodayItem]{
		{title: "Why", min: 14, text: func(it store.TodayItem) string { return reasonText(it, today(), v.ctx.clock) },
			style: func(it store.TodayItem) lipgloss.Style { return rowReasonStyle(st(), it, today()) }},
		{title: "What", min: 18, max: 40, flex: true, text: func(it store.TodayItem) string { return cells(it).what }},
		{title: "Account", min: 10, max: 28, flex: true, keep: 3, text: func(it store.TodayItem) string { return cells(it).account }, style: subtle},
		{title: "Stage", min: 6, max: 14, keep: 2, text: func(it store.TodayItem) string { return cells(it).stage }, style: subtle},
		{title: "Value", right: true, min: 6, text: func(it store.TodayItem) string { return cells(it).value }},
		{title: "Next step", min: 10, max: 48, flex: true, keep: 4, text: func(it store.TodayItem) string { return cells(it).next }},
		{title: "Due", min: 6, keep: 1, text: func(it store.TodayItem) string { return cells(it).due }, style: subtle},
	}
}

// todayCells is what a queue row shows in each column.
type todayCells struct {
	what, account, stage, value, next, due string
}

func (v *todayView) view() string {
	st := v.ctx.styles
	if s := v.list.state("today's queue"); s != "" {
		return s
	}
	if v.list.total == 0 {
		return "\n" + st.Success.Render("  ✓ Nothing waiting.") + " " +
			st.Subtle.Render("No follow-up, task or check-in is due, no urgent issue waits, every open deal has a next step, none is going stale.") +
			"\n\n" + st.Faint.Render("  2 shows the pipeline · n adds a deal")
	}
	q, _ := v.list.meta.(store.TodayQueue)
	widths := tableWidths(&v.layout, v.cols, v.list, v.width-1)
	lines := []string{" " + todaySummary(st, q.Counts, v.width-1), st.TableHead.Render(pad(" "+tableHeader(v.cols, widths, -1, false), v.width))}
	lines = append(lines, v.list.draw(v.rows(), v.width, func(it store.TodayItem, selected bool) []string {
		return []string{tableRow(st, v.cols, widths, it, selected, v.width)}
	})...)
	return strings.Join(lines, "\n")
}

// reasonText says why a row is in the queue: "⚠ 3d overdue",
// "● due today", "∅ no next step", "◷ stale 21d", "⟳ notice in 3d".
func reasonText(it store.TodayItem, today model.Date, clock model.Clock) string {
	if aboutAccount(it) {
		return accountReasonText(it, today, clock)
	}
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

// rowReasonStyle colours a row's reason: a renewal by its contract,
// the rest by their reason.
func rowReasonStyle(st Styles, it store.TodayItem, today model.Date) lipgloss.Style {
	if it.Reason == store.ReasonRenewal {
		return renewalReasonStyle(st, it.Contract, today)
	}
	return reasonStyle(st, it.Reason)
}

// reasonStyle colours a reason by urgency: overdue and urgent issues red,
// today accent, the rest amber.
func reasonStyle(st Styles, r store.Reason) lipgloss.Style {
	switch r {
	case store.ReasonOverdue, store.ReasonIssue:
		return st.Danger
	case store.ReasonDueToday:
		return st.Accent
	}
	return st.Warning
}

// todaySummary counts the queue by reason, in the queue's order, in w
// cells: the deal reasons always (a zero says "none of these"), the others
// when they hold rows; shorter words and separators on a narrow screen.
func todaySummary(st Styles, c store.TodayCounts, w int) string {
	type part struct {
		r                    store.Reason
		one, many, shortMany string
		always               bool
	}
	parts := []part{
		{store.ReasonRenewal, "renewal", "renewals", "renewals", false},
		{store.ReasonIssue, "urgent issue", "urgent issues", "urgent", false},
		{store.ReasonOverdue, "overdue", "overdue", "overdue", true},
		{store.ReasonTask, "task due", "tasks due", "tasks", false},
		{store.ReasonDueToday, "due today", "due today", "today", true},
		{store.ReasonCheckIn, "check-in due", "check-ins due", "check-ins", false},
		{store.ReasonNoNextStep, "with no next step", "with no next step", "no next step", true},
		{store.ReasonStale, "stale", "stale", "stale", true},
	}
	render := func(short bool, sep string) string {
		var out []string
		for _, p := range parts {
			n := c[p.r]
			if n == 0 && (!p.always || short) {
				continue
			}
			label := p.many
			switch {
			case short:
				label = p.shortMany
			case n == 1:
				label = p.one
			}
			out = append(out, reasonStyle(st, p.r).Render(count(n)+" "+label))
		}
		return strings.Join(out, sep)
	}
	if s := render(false, "  ·  "); lipgloss.Width(s) <= w {
		return s
	}
	return ansi.Truncate(render(true, " · "), w, "…")
}
