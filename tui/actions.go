package tui

import (
	"errors"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/model"
	"rolo/store"
)

// Deal actions live here, once: every view that shows a deal (Today, the
// board, the table, the deal itself, later the account page) hands its
// keys to dealAction with the deal it shows, and lists dealHelp in its
// footer. keys is the view's DealKeys (the board answers log on a only).

// dealAction runs the deal key msg on d; handled is false for other keys.
func dealAction(c *appContext, keys DealKeys, msg tea.KeyPressMsg, d model.Deal) (tea.Cmd, bool) {
	open := d.Status == model.Open
	switch {
	case key.Matches(msg, keys.Edit):
		return openDealForm(c, d, nil), true
	case key.Matches(msg, keys.Log):
		return logDialog(c, d, false).open(), true
	case key.Matches(msg, keys.Account):
		return openAccount(c, d.AccountID), true
	case key.Matches(msg, keys.Reopen) && !open:
		return reopenDeal(c.store, d), true
	case !open:
		return nil, false
	case key.Matches(msg, keys.Done):
		return logDialog(c, d, true).open(), true
	case key.Matches(msg, keys.Snooze):
		return snoozeDialog(c, d).open(), true
	case key.Matches(msg, keys.MoveNext, keys.MovePrev):
		dir := 1
		if key.Matches(msg, keys.MovePrev) {
			dir = -1
		}
		return moveBy(c, d, dir, msg), true
	case key.Matches(msg, keys.Won) && d.Kind == model.Renewal:
		return decideRenewalDeal(c.store, d, model.Won), true
	case key.Matches(msg, keys.Lost) && d.Kind == model.Renewal:
		return decideRenewalDeal(c.store, d, model.Lost), true
	case key.Matches(msg, keys.Won):
		return openDialog(wonDialog(c, d)), true
	case key.Matches(msg, keys.Lost):
		return lostDialog(c, d).open(), true
	}
	return nil, false
}

// dealHelp is the deal keys that apply to d (closed deals only edit, log
// and reopen).
func dealHelp(keys DealKeys, d model.Deal) []key.Binding {
	open := d.Status == model.Open
	return []key.Binding{when(keys.Done, open), keys.Log, when(keys.Snooze, open), when(keys.MoveNext, open),
		when(keys.MovePrev, open), when(keys.Won, open), when(keys.Lost, open), when(keys.Reopen, !open), keys.Edit, keys.Account}
}

// Contract actions live here too: every view that shows a contract up
// for renewal (the Renewals tab, Today, the contract's page) hands its
// keys to contractAction with the row it shows, and lists contractHelp.
// A decision takes the contracts ending with it too (r.With: an add-on
// and the contract it joined renew, churn and snooze together).

// contractAction runs the contract key msg on r; handled is false for
// other keys. A decided contract takes none; a snoozed one can be
// decided, or snoozed again.
func contractAction(c *appContext, keys ContractKeys, msg tea.KeyPressMsg, r store.RenewalRow) (tea.Cmd, bool) {
	undecided := r.Contract.Status == model.ContractActive
	switch {
	case key.Matches(msg, keys.Details):
		return push(newContractView(c, r.Contract.ID)), true
	case key.Matches(msg, keys.CheckIn):
		return checkInDialog(c, r.Account).open(), true
	case !undecided:
		return nil, false
	case key.Matches(msg, keys.Renew):
		// The value starts at what the renewal deal says, but an
		// auto-renewal is confirmed at the same value.
		// An add-on renews with the contract it joined: the value starts at
		// theirs together.
		var deal *model.Deal
		prefill := r.Renewing()
		if r.Deal.ID != 0 {
			deal = &r.Deal
			if !r.Contract.AwaitingAutoRenewal(c.clock.Today()) {
				prefill = r.Deal.Value
			}
		}
		return renewDialog(c, r.Contract, r.With, r.Account, deal, prefill).open(), true
	case key.Matches(msg, keys.Churn):
		var deal *model.Deal
		if r.Deal.ID != 0 {
			deal = &r.Deal
		}
		return churnDialog(c, r.Contract, r.With, r.Account, deal).open(), true
	case key.Matches(msg, keys.Snooze):
		return contractSnoozeDialog(c, r.Contract, r.With, r.Account).open(), true
	case key.Matches(msg, keys.OpenDeal) && r.Deal.ID != 0:
		return push(newDealView(c, r.Deal.ID)), true
	case key.Matches(msg, keys.OpenDeal):
		return openRenewalDealDialog(c, r.Contract, r.With, r.Account).open(), true
	}
	return nil, false
}

// contractHelp is the contract keys that apply to r.
func contractHelp(keys ContractKeys, r store.RenewalRow) []key.Binding {
	undecided := r.Contract.Status == model.ContractActive
	open := keys.OpenDeal
	if r.Deal.ID != 0 {
		open = key.NewBinding(key.WithKeys(open.Keys()...), key.WithHelp(open.Help().Key, "open its deal"))
	}
	return []key.Binding{when(keys.Renew, undecided), when(keys.Churn, undecided), when(keys.Snooze, undecided), keys.CheckIn,
		when(open, undecided), keys.Details}
}

// withOpen puts enter (open) before the last of the contract keys (i,
// the contract's page), so a narrow footer drops that one first.
func withOpen(acts []key.Binding, open key.Binding) []key.Binding {
	n := len(acts)
	return append(append(append([]key.Binding{}, acts[:n-1]...), open), acts[n-1])
}

// moveBy moves d one stage along the board, or says why it cannot; k is
// the key that asked (named if the move must be asked again).
func moveBy(c *appContext, d model.Deal, dir int, k tea.KeyPressMsg) tea.Cmd {
	to, ok := c.stageAfter(d.StageID, dir)
	if !ok {
		if dir < 0 {
			return statusCmd(model.Clean(d.Title)+" is already in the first stage", false)
		}
		return statusCmd(model.Clean(d.Title)+" is in the last stage: W marks it won, X lost", false)
	}
	again := key.NewBinding(key.WithKeys(k.String()), key.WithHelp(k.String(), ""))
	return moveDeal(c.store, d, to, again)
}

// staleHint finishes the message of a write refused because the record
// changed elsewhere: the view reloads, and the user is told what to do.
func staleHint(err error, todo string) error {
	if errors.Is(err, store.ErrStale) {
		return fmt.Errorf("%w — reloaded; %s", err, todo)
	}
	return err
}

// Write commands. Each captures the values it needs, runs one store call
// (one transaction) and answers with a changedMsg so the views reload.

func moveDeal(s *store.Store, d model.Deal, to model.Stage, again key.Binding) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		if _, err := s.MoveDeal(ctx, d, to.ID); err != nil {
			return changedMsg{err: staleHint(err, "press "+again.Help().Key+" again to move it"), focus: dealRef(d.ID)}
		}
		return changedMsg{status: fmt.Sprintf("Moved %s to %s · u undoes", model.Clean(d.Title), model.Clean(to.Name)),
			focus: dealRef(d.ID)}
	}
}

func closeDeal(s *store.Store, d model.Deal, status model.DealStatus, reason string) tea.Cmd {
	return func() tea.Msg { return closeDealNow(s, d, status, reason) }
}

// closeDealNow runs the write of closeDeal (a form's save calls it from
// its own command).
func closeDealNow(s *store.Store, d model.Deal, status model.DealStatus, reason string) changedMsg {
	ctx, cancel := ctxTimeout()
	defer cancel()
	res, err := s.CloseDeal(ctx, d, status, reason)
	if err != nil {
		return changedMsg{err: staleHint(err, "look again before closing it"), focus: dealRef(d.ID)}
	}
	if status == model.Lost {
		return changedMsg{status: fmt.Sprintf("Lost %s (%s) · u undoes", model.Clean(d.Title), model.Clean(reason)), focus: dealRef(d.ID)}
	}
	msg := changedMsg{status: fmt.Sprintf("Won %s · u undoes", model.Clean(d.Title)), focus: dealRef(d.ID)}
	won := res.Deal
	switch {
	case res.BecameCustomer:
		msg.status = fmt.Sprintf("Won %s: %s is now a customer", model.Clean(d.Title), model.Clean(d.AccountName))
		msg.then = func() tea.Msg { return startContractMsg{deal: won} }
	case won.Kind == model.Expansion:
		msg.then = offerAddOn(s, won)
	}
	return msg
}

// addOnMsg follows a won expansion deal on a customer with a contract in
// force: the form to add its value to the customer's ARR as an add-on
// contract opens (built in Update).
type addOnMsg struct {
	deal     model.Deal
	contract model.Contract
}

// offerAddOn looks up the contract a won expansion would join: with one in
// force the add-on form follows, without one (a customer whose contract
// lapsed) the form to start a contract.
func offerAddOn(s *store.Store, won model.Deal) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		acct, err := s.Account(ctx, won.AccountID)
		if err != nil || acct.Status != model.Customer {
			return nil
		}
		current, ok, err := s.CurrentContract(ctx, won.AccountID)
		switch {
		case err != nil:
			return statusMsg{text: err.Error(), isErr: true}
		case !ok:
			return startContractMsg{deal: won}
		}
		return addOnMsg{deal: won, contract: current}
	}
}

func reopenDeal(s *store.Store, d model.Deal) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		if _, err := s.ReopenDeal(ctx, d); err != nil {
			return changedMsg{err: staleHint(err, "look again before reopening it"), focus: dealRef(d.ID)}
		}
		return changedMsg{status: fmt.Sprintf("Reopened %s · u undoes", model.Clean(d.Title)), focus: dealRef(d.ID)}
	}
}

// startContractMsg follows a won new-business deal: the account just
// became a customer, so the contract form opens (built in Update).
type startContractMsg struct{ deal model.Deal }

// Account actions live here too: the Accounts list, the account page and
// Today's rows about an account hand their keys to accountAction with the
// account they show, and list accountHelp in their footer. keys is the
// view's AccountKeys, with what does not apply there disabled (on the
// Accounts list s sorts, so it records no survey).

// accountAction runs the account key msg on a; handled is false for other
// keys.
func accountAction(c *appContext, keys AccountKeys, msg tea.KeyPressMsg, a model.Account) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, keys.CheckIn):
		return checkInDialog(c, a).open(), true
	case key.Matches(msg, keys.Log):
		return accountLogDialog(c, a).open(), true
	case key.Matches(msg, keys.Edit):
		return accountForm(c, a).open(), true
	case key.Matches(msg, keys.NewDeal):
		return openDealForm(c, newDealDraft(c, model.Stage{}, a), nil), true
	case key.Matches(msg, keys.Issue):
		return issueDialog(c, a, model.SupportIssue{}).open(), true
	case key.Matches(msg, keys.Survey):
		return surveyDialog(c, a).open(), true
	case key.Matches(msg, keys.AddContact):
		return contactDialog(c, a, model.Contact{}).open(), true
	case key.Matches(msg, keys.StartContract):
		return contractForm(c, model.Deal{AccountID: a.ID, AccountName: a.Name, Value: model.Money{Currency: c.settings.Currency}}).open(), true
	}
	return nil, false
}

// accountHelp is the account keys, in the order the footer shows them.
func accountHelp(keys AccountKeys) []key.Binding {
	return []key.Binding{keys.CheckIn, keys.Log, keys.Issue, keys.Survey, keys.NewDeal, keys.Edit, keys.AddContact, keys.StartContract}
}

// openAccount opens an account's page over the current view (from the
// Accounts list, the palette, a deal, Today, Renewals).
func openAccount(c *appContext, id int64) tea.Cmd {
	return push(newAccountView(c, id))
}
