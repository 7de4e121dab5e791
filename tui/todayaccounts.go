package tui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/model"
	"rolo/store"
)

// Today's rows about an account rather than a deal: a customer due a
// check-in, a task due, an urgent support issue. enter opens the account;
// the account's keys act on it, d marks a task done (and offers the next
// one), r resolves an issue.

func aboutAccount(it store.TodayItem) bool {
	switch it.Reason {
	case store.ReasonCheckIn, store.ReasonTask, store.ReasonIssue:
		return true
	}
	return false
}

// accountCells fills the queue's columns for an account row.
func (v *todayView) accountCells(it store.TodayItem) todayCells {
	clock := v.ctx.clock
	today := clock.Today()
	c := todayCells{account: model.Clean(it.Account.Name)}
	switch it.Reason {
	case store.ReasonCheckIn:
		a := it.Account
		c.what = "Check in"
		if a.CadenceDays > 0 {
			c.what += fmt.Sprintf(" (every %dd)", a.CadenceDays)
		}
		c.stage = model.Clean(a.Tier)
		c.next = "last touch " + agoLong(a.LastTouchAt, clock.Now())
		c.due = a.CheckInDue(clock.Loc).Short(today)
	case store.ReasonTask:
		c.what = model.Clean(it.Task.Text)
		c.stage = "task"
		if it.Deal.ID != 0 {
			c.next = "on " + shortTitle(it.Deal)
		}
		c.due = it.Task.Due.Short(today)
	case store.ReasonIssue:
		c.what = model.Clean(it.Issue.Title)
		c.stage = string(it.Issue.Severity)
		c.next = "opened " + clock.DateOf(it.Issue.OpenedAt).Short(today)

	}
	return c
}

// accountReasonText says why an account row is there: "◷ check-in 5d
// late", "☐ task 3d overdue", "! urgent 6d".
func accountReasonText(it store.TodayItem, today model.Date, clock model.Clock) string {
	switch it.Reason {
	case store.ReasonCheckIn:
		if late := it.Account.CheckInDue(clock.Loc).DaysUntil(today); late > 0 {
			return fmt.Sprintf("◷ check-in %dd late", late)
		}
		return "◷ check-in today"
	case store.ReasonTask:
		if late := it.Task.Due.DaysUntil(today); late > 0 {
			return fmt.Sprintf("☐ task %dd overdue", late)
		}
		return "☐ task today"
	}
	return fmt.Sprintf("! %s %s", it.Issue.Severity, ago(it.Issue.OpenedAt, clock.Now()))
}

// todayAccountKeys are the account actions on Today's rows: n stays
// Today's new deal.
func (v *todayView) todayAccountKeys() AccountKeys {
	k := v.ctx.keys.Account
	k.NewDeal = when(k.NewDeal, false)
	return k
}

func (v *todayView) accountRowKey(msg tea.KeyPressMsg, it store.TodayItem) (tea.Cmd, bool) {
	k := v.ctx.keys
	switch {
	case key.Matches(msg, k.List.Open):
		return openAccount(v.ctx, it.Account.ID), true
	case it.Reason == store.ReasonTask && key.Matches(msg, k.Account.TaskDone):
		return taskDoneDialog(v.ctx, it.Task, it.Account.Name).open(), true
	case it.Reason == store.ReasonIssue && key.Matches(msg, k.Account.Resolve):
		return resolveDialog(v.ctx, it.Issue).open(), true
	}
	return accountAction(v.ctx, v.todayAccountKeys(), msg, it.Account)
}

func (v *todayView) accountRowHelp(it store.TodayItem) helpSet {
	k := v.ctx.keys
	a := v.todayAccountKeys()
	open := key.NewBinding(key.WithKeys(k.List.Open.Keys()...), key.WithHelp(k.List.Open.Help().Key, "open account"))
	own := []key.Binding{when(a.TaskDone, it.Reason == store.ReasonTask), when(a.Resolve, it.Reason == store.ReasonIssue)}
	short := append(append([]key.Binding{summary("j/k", "move")}, own...), open, a.CheckIn, a.Log, a.Issue, a.Edit, k.Deal.New)
	return helpSet{
		short: short,
		full: [][]key.Binding{
			{k.List.Up, k.List.Down, k.List.Top, k.List.Bottom, k.List.PageDown, k.List.PageUp, open},
			append(own, accountHelp(a)...),
			{k.Deal.New},
		},
		notes: todayHelp,
	}
}
