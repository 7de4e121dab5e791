package cli

import (
	"context"
	"fmt"

	"rolo/model"
	"rolo/store"
)

// Today's rows about an account on the command line: renewals,
// check-ins due, tasks due and urgent issues.

func aboutAccount(it store.TodayItem) bool {
	switch it.Reason {
	case store.ReasonRenewal, store.ReasonCheckIn, store.ReasonTask, store.ReasonIssue:
		return true
	}
	return false
}

// taskJSON is a task due.
type taskJSON struct {
	ID      int64  `json:"id"`
	Text    string `json:"text"`
	Due     string `json:"due"`
	Deal    int64  `json:"deal,omitempty"`
	Contact int64  `json:"contact,omitempty"`
}

// todayWriter writes the queue as JSON, in order: rows about accounts
// wait in small batches so each batch reads its accounts' rows (their
// health) in one query.
type todayWriter struct {
	ctx     context.Context
	s       *store.Store
	out     *jsonArray
	pending []store.TodayItem
}

const todayBatch = 200

func (w *todayWriter) add(it store.TodayItem) error {
	if !aboutAccount(it) {
		if err := w.flush(); err != nil {
			return err
		}
		d := toDealJSON(it.Deal, it.Stage.Name)
		return w.out.add(todayJSON{Reason: it.Reason.String(), Deal: &d})
	}
	w.pending = append(w.pending, it)
	if len(w.pending) == todayBatch {
		return w.flush()
	}
	return nil
}

func (w *todayWriter) flush() error {
	if len(w.pending) == 0 {
		return nil
	}
	ids := make([]int64, len(w.pending))
	for i, it := range w.pending {
		ids[i] = it.Account.ID
	}
	rows, err := w.s.AccountRows(w.ctx, ids)
	if err != nil {
		return err
	}
	byID := make(map[int64]store.AccountRow, len(rows))
	for _, r := range rows {
		byID[r.ID] = r
	}
	for _, it := range w.pending {
		acct := toAccountJSON(byID[it.Account.ID], w.s.Clock())
		j := todayJSON{Reason: it.Reason.String(), Account: &acct}
		switch it.Reason {
		case store.ReasonTask:
			j.Task = &taskJSON{ID: it.Task.ID, Text: it.Task.Text, Due: dateJSON(it.Task.Due), Deal: it.Task.DealID, Contact: it.Task.ContactID}
		case store.ReasonIssue:
			i := toIssueJSON(store.IssueRow{SupportIssue: it.Issue, AccountName: it.Account.Name})
			j.Issue = &i
		case store.ReasonRenewal:
			j.Contract = toContractJSON(store.ContractRow{Contract: it.Contract, AccountName: it.Account.Name})
			if it.Deal.ID != 0 {
				d := toDealJSON(it.Deal, it.Stage.Name)
				j.Deal = &d
			}
		}
		if err := w.out.add(j); err != nil {
			return err
		}
	}
	w.pending = w.pending[:0]
	return nil
}

// todayAccountCells is a row about an account in the queue's table.
func todayAccountCells(it store.TodayItem, c model.Clock) []string {
	today := c.Today()
	a := it.Account
	switch it.Reason {
	case store.ReasonRenewal:
		return renewalRow(it, today)
	case store.ReasonCheckIn:
		due := a.CheckInDue(c.Loc)
		why := "check-in today"
		if late := due.DaysUntil(today); late > 0 {
			why = fmt.Sprintf("check-in %dd late", late)
		}
		touch := "never touched"
		if !a.LastTouchAt.IsZero() {
			touch = "last touch " + c.DateOf(a.LastTouchAt).String()
		}
		return []string{why, model.TypedID(model.KindAccount, a.ID), fmt.Sprintf("check in (every %dd)", a.CadenceDays), a.Name, "", touch, due.String()}
	case store.ReasonTask:
		why := "task today"
		if late := it.Task.Due.DaysUntil(today); late > 0 {
			why = fmt.Sprintf("task %dd overdue", late)
		}
		on := ""
		if it.Deal.ID != 0 {
			on = "on " + it.Deal.Title
		}
		return []string{why, model.TypedID(model.KindAccount, a.ID), it.Task.Text, a.Name, "", on, it.Task.Due.String()}
	}
	days := int(c.Now().Sub(it.Issue.OpenedAt).Hours() / 24)
	return []string{fmt.Sprintf("%s issue %dd", it.Issue.Severity, days), fmt.Sprintf("issue:%d", it.Issue.ID), it.Issue.Title, a.Name, "",
		"opened " + c.DateOf(it.Issue.OpenedAt).String(), ""}
}

// accountCounts is the summary's part about accounts: " · 1 urgent issue
// · 5 tasks due · 3 check-ins due" (what there is).
func accountCounts(c store.TodayCounts) string {
	out := ""
	for _, p := range []struct {
		r         store.Reason
		one, many string
	}{{store.ReasonIssue, "urgent issue", "urgent issues"}, {store.ReasonTask, "task due", "tasks due"},
		{store.ReasonCheckIn, "check-in due", "check-ins due"}} {
		switch n := c[p.r]; {
		case n == 1:
			out += " · 1 " + p.one
		case n > 1:
			out += " · " + count(n) + " " + p.many
		}
	}
	return out
}
