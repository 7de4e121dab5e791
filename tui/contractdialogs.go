package tui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"rolo/model"
	"rolo/store"
)

// The renewal decisions' dialogs: renew, churn, snooze, open a renewal
// deal. Each is small, prefilled, and its save is one store call; a
// decision answers with decidedRef so the list keeps its place and the
// next contract is ready under the cursor.

// renewDialog renews ct and the contracts ending with it (with: an
// add-on renews with the contract it joined, into one next term): the
// value (an amount, or an uplift such as +5%, of their value together)
// starts at prefill and the term at the old one, with notice and
// auto-renewal carried over; enter saves from any field, so an
// auto-renewal is confirmed with r, enter. deal is the renewal deal as
// the caller saw it (won at the new value), nil if none is working it.
func renewDialog(c *appContext, ct model.Contract, with []model.Contract, acct model.Account, deal *model.Deal, prefill model.Money) *form {
	clock := c.clock
	today := clock.Today()
	title := "Renew — " + model.Clean(acct.Name)
	if ct.AwaitingAutoRenewal(today) {
		title = "Confirm the auto-renewal — " + model.Clean(acct.Name)
	}
	f := newForm(c, title)
	current := func() model.Money { return model.GroupValue(ct, with) }
	base := model.GroupBase(ct, with)
	v := f.textWith("value", "Value / year", prefill.String(), "+5%, -10%, 52k", func(s string) (string, error) {
		m, err := model.ParseRenewalValue(s, current())
		if err != nil {
			return "", err
		}
		if u := model.UpliftText(current(), m); u != "" && u != "same value" {
			return m.String() + " " + u, nil
		}
		return m.String(), nil
	})
	v.required, v.replaceOnType, v.submits = true, true, true
	v.check = func(s string) error { _, err := model.ParseRenewalValue(s, current()); return err }
	v.hint = fmt.Sprintf("now %s/yr · +5%%, -10%% or an amount", current())
	if len(with) > 0 {
		v.hint = fmt.Sprintf("now %s/yr with %s", current(), addOnsText(ct, with)) // renewed as one
	}
	start := ct.End.AddDays(1)
	t := f.textWith("term", "Term", model.FormatTerm(base.TermMonths()), "12m, 2y", func(s string) (string, error) {
		months, err := model.ParseTerm(s)
		if err != nil {
			return "", err
		}
		return "to " + model.TermEnd(start, months).Short(today), nil
	})
	t.required, t.replaceOnType, t.submits = true, true, true
	t.check = func(s string) error { _, err := model.ParseTerm(s); return err }
	t.hint = "the next term starts " + start.Long(today) + ", the day after this one ends"
	n := f.text("notice", "Notice (days)", fmt.Sprint(base.NoticeDays), "30 (days before the end)")
	n.check, n.submits = checkDays, true
	f.choose("auto renew", "Auto-renews", []string{"no", "yes"}, yesNo(base.AutoRenew)).submits = true
	f.rebase = func(stored any) {
		switch cur := stored.(type) {
		case model.Contract:
			ct = cur
		case model.Deal:
			deal = &cur
		}
	}
	f.save = func(f *form) (tea.Cmd, error) {
		value, err := model.ParseRenewalValue(f.get("value"), current())
		if err != nil {
			return nil, &model.FieldError{Field: "value", Problem: err.Error()}
		}
		months, err := model.ParseTerm(f.get("term"))
		if err != nil {
			return nil, &model.FieldError{Field: "term", Problem: err.Error()}
		}
		notice, err := parseDays(f.get("notice"))
		if err != nil {
			return nil, &model.FieldError{Field: "notice", Problem: err.Error()}
		}
		terms := store.RenewTerms{Value: value, Months: months, NoticeDays: notice, AutoRenew: f.get("auto renew") == "yes"}
		if deal != nil {
			seenDeal := *deal
			terms.Deal = &seenDeal
		}
		s, seen, name := c.store, ct, model.Clean(acct.Name)
		return func() tea.Msg {
			ctx, cancel := ctxTimeout()
			defer cancel()
			res, err := s.RenewContract(ctx, seen, terms)
			if err != nil {
				return savedErr(f, err)
			}
			status := fmt.Sprintf("Renewed %s: %s – %s at %s", name, res.New.Start.Short(today), res.New.End.Short(today), res.New.Value)
			if len(res.With) > 0 {
				status = fmt.Sprintf("Renewed %s with %s: %s – %s at %s", name, addOnsText(res.Old, res.With), res.New.Start.Short(today),
					res.New.End.Short(today), res.New.Value)
			}
			if u := model.UpliftText(model.GroupValue(res.Old, res.With), res.New.Value); u != "" {
				status += " (" + u + ")"
			}
			if res.DealCreated {
				status += " · recorded as a won renewal deal"
			} else {
				status += " · won " + model.Clean(res.Deal.Title)
			}
			return formSavedMsg{form: f, changed: changedMsg{status: status + " · u undoes", focus: decidedRef(seen.ID)}}
		}, nil
	}
	return f
}

// addOnsText names the contracts decided with ct, briefly: "its add-on
// ($10k)", "its 2 add-ons ($15k)", or, from an add-on, "its contract
// ($30k)", "its contract and 1 more add-on ($35k)".
func addOnsText(ct model.Contract, with []model.Contract) string {
	others := model.GroupValue(model.Contract{Value: model.Money{Currency: ct.Value.Currency}}, with).Short()
	switch {
	case model.GroupBase(ct, with).ID != ct.ID && len(with) == 1:
		return fmt.Sprintf("its contract (%s)", others)
	case model.GroupBase(ct, with).ID != ct.ID:
		return fmt.Sprintf("its contract and %s (%s)", plural(len(with)-1, "more add-on"), others)
	case len(with) == 1:
		return fmt.Sprintf("its add-on (%s)", others)
	}
	return fmt.Sprintf("its %d add-ons (%s)", len(with), others)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// churnDialog records that ct's customer is leaving: why (offering past
// reasons), effective at its end or today; the contracts ending with it
// (with) churn too. deal is the renewal deal as the caller saw it (the
// row's, or the one X was pressed on), lost with the same reason.
func churnDialog(c *appContext, ct model.Contract, with []model.Contract, acct model.Account, deal *model.Deal) *form {
	today := c.clock.Today()
	f := newForm(c, "Churn — "+model.Clean(acct.Name))
	r := f.pickOne("reason", "Why", "", "switched to a competitor, budget cut", suggestChurnReasons(c.store))
	r.required = true
	r.hint = "pick a past reason with ↓ and enter, or type a new one"
	atEnd := "at its end (" + ct.End.Short(today) + ")"
	if ct.Ended(today) {
		atEnd = "at its end (" + ct.End.Short(today) + ", passed)"
	}
	e := f.choose("effective", "Effective", []string{atEnd, "today"}, atEnd)
	e.hint = "the renewal deal is lost with this reason; the account churns when no other contract is active"
	if len(with) > 0 {
		e.hint = addOnsText(ct, with) + " churns with it; " + e.hint
	}
	f.rebase = func(stored any) {
		switch cur := stored.(type) {
		case model.Contract:
			ct = cur
		case model.Deal:
			deal = &cur
		}
	}
	f.save = func(f *form) (tea.Cmd, error) {
		terms := store.ChurnTerms{Reason: f.get("reason"), Now: f.get("effective") == "today"}
		if deal != nil {
			seenDeal := *deal
			terms.Deal = &seenDeal
		}
		s, seen, name := c.store, ct, model.Clean(acct.Name)
		return func() tea.Msg {
			ctx, cancel := ctxTimeout()
			defer cancel()
			res, err := s.ChurnContract(ctx, seen, terms)
			if err != nil {
				return savedErr(f, err)
			}
			status := fmt.Sprintf("Churned %s (%s): ends %s", name, model.Clean(terms.Reason), res.Contract.End.Short(today))
			if len(res.With) > 0 {
				status += " with " + addOnsText(res.Contract, res.With)
			}
			if res.Deal.ID != 0 {
				status += " · lost " + model.Clean(res.Deal.Title)
			}
			if res.AccountChurned {
				status += " · " + name + " is now churned"
			}
			return formSavedMsg{form: f, changed: changedMsg{status: status + " · u undoes", focus: decidedRef(seen.ID)}}
		}, nil
	}
	return f
}

// suggestChurnReasons offers the reasons customers left, most given
// first, that contain what is typed.
func suggestChurnReasons(s *store.Store) func(string) tea.Cmd {
	return suggestReasons(s.ChurnReasons)
}

// contractSnoozeDialog hides ct (and the contracts ending with it) from
// Renewals and Today until a day: a week by default, never past its end
// without asking.
func contractSnoozeDialog(c *appContext, ct model.Contract, with []model.Contract, acct model.Account) *form {
	clock := c.clock
	today := clock.Today()
	f := newForm(c, "Snooze — "+model.Clean(acct.Name))
	until := today.AddDays(7)
	if ct.End.After(today) && ct.End.Before(until) {
		until = ct.End
	}
	u := f.date("until", "Until", until, "mon, Dec 5, +1w", false)
	u.required, u.replaceOnType = true, true
	u.hint = "back in Renewals and Today on that day; the contract ends " + ct.End.Short(today)
	if len(with) > 0 {
		u.hint = "back in Renewals and Today on that day, with " + addOnsText(ct, with) + "; they end " + ct.End.Short(today)
	}
	f.rebase = func(stored any) {
		if cur, ok := stored.(model.Contract); ok {
			ct = cur
		}
	}
	f.save = func(f *form) (tea.Cmd, error) {
		day, err := clock.Parse(f.get("until"))
		if err != nil {
			return nil, &model.FieldError{Field: "until", Problem: err.Error()}
		}
		if !day.After(today) {
			return nil, &model.FieldError{Field: "until", Problem: "snooze to a day after today"}
		}
		pastEnd := day.After(ct.End) && !ct.Ended(today)
		if pastEnd && f.askOnce(fmt.Sprintf("%s is after the contract ends (%s): it would end undecided while snoozed. Snooze anyway?",
			day.Short(today), ct.End.Short(today)), f.trySave) {
			return nil, nil
		}
		s, seen, name := c.store, ct, model.Clean(acct.Name)
		return func() tea.Msg {
			ctx, cancel := ctxTimeout()
			defer cancel()
			if _, err := s.SnoozeContract(ctx, seen, day, pastEnd); err != nil {
				return savedErr(f, err)
			}
			return formSavedMsg{form: f, changed: changedMsg{status: fmt.Sprintf("Snoozed %s until %s · u undoes", name, day.Short(today)),
				focus: decidedRef(seen.ID)}}
		}, nil
	}
	return f
}

// openRenewalDealDialog starts a renewal deal for ct, to work it through
// the board: kind renewal, at the value of the contract and those ending
// with it (with), closing on its end date, in the first stage; the next
// step is asked (once, if left out).
func openRenewalDealDialog(c *appContext, ct model.Contract, with []model.Contract, acct model.Account) *form {
	clock := c.clock
	today := clock.Today()
	f := newForm(c, "Open a renewal deal — "+model.Clean(acct.Name))
	step := f.text("next step", "Next step", "", "Call to agree the renewal terms")
	first := "the first stage"
	if len(c.stages) > 0 {
		first = model.Clean(c.stages[0].Name)
	}
	step.hint = fmt.Sprintf("a renewal deal at %s, closing %s, in %s", model.GroupValue(ct, with).Short(), ct.End.Short(today), first)
	due := f.date("next step due", "Due", model.Date{}, "tomorrow, fri, Dec 5", false)
	due.check = futureDue(c, due)
	f.rebase = func(stored any) {
		if cur, ok := stored.(model.Contract); ok {
			ct = cur
		}
	}
	f.save = func(f *form) (tea.Cmd, error) {
		next, day := f.get("next step"), model.Date{}
		if s := f.get("next step due"); s != "" {
			var err error
			if day, err = clock.Parse(s); err != nil {
				return nil, &model.FieldError{Field: "next step due", Problem: err.Error()}
			}
		}
		switch {
		case next == "" && !day.IsZero():
			return nil, &model.FieldError{Field: "next step", Problem: "say what is due on " + day.Short(today)}
		case next != "" && day.IsZero():
			return nil, &model.FieldError{Field: "next step due", Problem: "when? pick a day, today or later (tomorrow, fri, Dec 5)"}
		case next == "" && f.askOnce("No next step? The deal will wait in Today under “no next step”.", f.trySave):
			return nil, nil
		}
		s, seen := c.store, ct
		return func() tea.Msg {
			ctx, cancel := ctxTimeout()
			defer cancel()
			d, err := s.OpenRenewalDeal(ctx, seen, next, day)
			if err != nil {
				return savedErr(f, err)
			}
			return formSavedMsg{form: f, changed: changedMsg{status: fmt.Sprintf("Opened %s in %s · u undoes", model.Clean(d.Title), first),
				focus: contractRef(seen.ID)}}
		}, nil
	}
	return f
}

// decisionMsg carries what W or X on a renewal deal needs: the contract
// the deal works, read in a command; the root opens the dialog in Update.
type decisionMsg struct {
	deal     model.Deal
	status   model.DealStatus
	contract model.Contract
	with     []model.Contract // the contracts ending with it
	account  model.Account
	found    bool
	err      error
}

// decideRenewalDeal reads the contract a renewal deal works, for W (won:
// renew it) or X (lost: churn it).
func decideRenewalDeal(s *store.Store, d model.Deal, status model.DealStatus) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		msg := decisionMsg{deal: d, status: status}
		msg.contract, msg.found, msg.err = s.ContractOfRenewalDeal(ctx, d)
		if msg.err == nil && msg.found {
			msg.account, msg.err = s.Account(ctx, d.AccountID)
		}
		if msg.err == nil && msg.found {
			msg.with, msg.err = s.RenewalGroup(ctx, msg.contract)
		}
		return msg
	}
}

// open shows the decision's dialog: renew or churn the contract the deal
// works, or, when its account has no active contract, close the deal as
// any other.
func (msg decisionMsg) open(c *appContext) tea.Cmd {
	d := msg.deal
	switch {
	case msg.err != nil:
		return errorCmd(msg.err)
	case !msg.found && msg.status == model.Won:
		return openDialog(wonDialog(c, d))
	case !msg.found:
		return lostDialog(c, d).open()
	case msg.status == model.Won:
		f := renewDialog(c, msg.contract, msg.with, msg.account, &d, d.Value)
		f.title = "Won — " + model.Clean(d.Title) + " (renews the contract)"
		return f.open()
	}
	f := churnDialog(c, msg.contract, msg.with, msg.account, &d)
	f.title = "Lost — " + model.Clean(d.Title) + " (churns the contract)"
	return f.open()
}
