package tui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"rolo/model"
	"rolo/store"
)

// Today's renewal rows: a contract whose notice deadline or end is near.
// The contract's keys decide it (r renew, x churn, z snooze, c check in,
// o its renewal deal, i the contract); enter opens its account's page.

// renewalRowOf is a renewal row of the queue as the contract actions
// take it.
func renewalRowOf(it store.TodayItem) store.RenewalRow {
	return store.RenewalRow{Contract: it.Contract, Account: it.Account, Deal: it.Deal}
}

func (v *todayView) renewalRowKey(msg tea.KeyPressMsg, it store.TodayItem) (tea.Cmd, bool) {
	if key.Matches(msg, v.ctx.keys.List.Open) {
		return openAccount(v.ctx, it.Contract.AccountID), true
	}
	return contractAction(v.ctx, v.ctx.keys.Contract, msg, renewalRowOf(it))
}

func (v *todayView) renewalRowHelp(it store.TodayItem) helpSet {
	k := v.ctx.keys
	acts := contractHelp(k.Contract, renewalRowOf(it))
	account := key.NewBinding(key.WithKeys(k.List.Open.Keys()...), key.WithHelp(k.List.Open.Help().Key, "open account"))
	return helpSet{
		short: append(append([]key.Binding{summary("j/k", "move")}, withOpen(acts, account)...), k.Deal.New),
		full:  [][]key.Binding{{k.List.Up, k.List.Down, k.List.Top, k.List.Bottom, k.List.PageDown, k.List.PageUp, account}, acts, {k.Deal.New}},
		notes: todayHelp,
	}
}

// renewalCells fills the queue's columns for a renewal row: its renewal
// deal (if one is open) or the contract, and the day it must be decided
// by.
func renewalCells(it store.TodayItem, today model.Date) todayCells {
	c := todayCells{what: "contract renewal", account: model.Clean(it.Account.Name), stage: model.Clean(it.Stage.Name),
		value: it.Contract.Value.Short(), next: "decide: renew, churn or snooze", due: it.Contract.DecideBy(today).Short(today)}
	if it.Deal.ID != 0 {
		c.what = shortTitle(it.Deal)
	}
	if it.Deal.NextStep != "" {
		c.next = model.Clean(it.Deal.NextStep)
	}
	return c
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

// renewalReasonStyle colours a renewal row's reason: red once its notice
// has passed, amber before.
func renewalReasonStyle(st Styles, c model.Contract, today model.Date) lipgloss.Style {
	if c.NoticePassed(today) {
		return st.Danger
	}
	return st.Warning
}
