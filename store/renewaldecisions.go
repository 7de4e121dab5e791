package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"rolo/model"
)

// The decisions of the renewal review: renew, churn, snooze, open a
// renewal deal. Each is one immediate transaction that checks the
// contract (and the renewal deal) is still as the caller saw it, appends
// to the history of every deal it touches, and records how to undo it.

// What each decision depends on (see stale.go): renewing on the status
// and the terms it builds on (value and term), churning and opening a
// deal on the status, snoozing on the status and the snooze.
var (
	renewNeeds          = dependsOn(model.FieldStatus, model.FieldValue, model.FieldTerm)
	decideNeeds         = dependsOn(model.FieldStatus)
	contractSnoozeNeeds = dependsOn(model.FieldStatus, model.FieldSnooze)
)

// checkContract refuses a write based on seen when the stored contract
// cur was undone, or changed since in a way conflicts says matters.
func checkContract(seen, cur model.Contract, conflicts conflict) error {
	if err := seenVersion("contract", seen.ID, seen.Version); err != nil {
		return err
	}
	if cur.Archived && seen.Archived {
		return problem(ErrArchived, nil, "Contract %d was undone (archived), so it cannot be changed; nothing was saved", cur.ID)
	}
	if cur.Version == seen.Version {
		return nil
	}
	ch := model.ContractChanges(seen, cur)
	if ch.Has(model.FieldArchived) || conflicts(ch) {
		return &StaleError{Msg: ch.Sentence() + " elsewhere", Current: cur}
	}
	return nil
}

// CurrentContract is the stored contract, when the refused write was
// about one.
func (e *StaleError) CurrentContract() (model.Contract, bool) {
	c, ok := e.Current.(model.Contract)
	return c, ok
}

// undecided refuses a decision on a contract already decided.
func undecided(c model.Contract) error {
	if c.Status != model.ContractActive {
		return problem(ErrConflict, nil, "contract %d is already %s; undo that decision first if it was wrong", c.ID, c.Status)
	}
	return nil
}

// RenewTerms are what a renewal decides: the new term's value, length,
// notice and auto-renewal.
type RenewTerms struct {
	Value      model.Money
	Months     int
	NoticeDays int
	AutoRenew  bool
	// Deal is the renewal deal as the caller saw it (W on a renewal deal);
	// nil wins the open renewal deal working the contract, if there is one.
	Deal *model.Deal
}

// SameTerms renews c, and the contracts ending with it (with, see
// model.CoTerminating), as they are: their value together, and the term,
// notice and auto-renewal of the contract they joined (an
// "auto-renewed?" contract confirmed with one key).
func SameTerms(c model.Contract, with []model.Contract) RenewTerms {
	base := model.GroupBase(c, with)
	return RenewTerms{Value: model.GroupValue(c, with), Months: base.TermMonths(), NoticeDays: base.NoticeDays, AutoRenew: base.AutoRenew}
}

// RenewalGroup is what a decision on c decides with it: its account's
// other undecided contracts ending the same day in the same currency (an
// add-on and the contract it joined; see model.CoTerminating).
func (s *Store) RenewalGroup(ctx context.Context, c model.Contract) ([]model.Contract, error) {
	return s.renewalGroup(ctx, s.r, c)
}

func (s *Store) renewalGroup(ctx context.Context, q querier, c model.Contract) ([]model.Contract, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+contractColumns+` FROM contracts INDEXED BY contracts_active_account
		WHERE account_id = ? AND end_date = ? AND status = 'active' AND archived_at IS NULL ORDER BY start_date, id`,
		c.AccountID, c.End.String())
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	var all []model.Contract
	for rows.Next() {
		o, err := scanContract(rows)
		if err != nil {
			return nil, fmt.Errorf("reading contracts: %w", err)
		}
		all = append(all, o)
	}
	if err := rows.Err(); err != nil {
		return nil, explain(s.path, err)
	}
	return model.CoTerminating(c, all), nil
}

// RenewResult is what a renewal wrote.
type RenewResult struct {
	Old model.Contract // now renewed
	// With are the contracts that ended with Old (add-ons), renewed with
	// it into the same next term.
	With []model.Contract
	New  model.Contract // the next term, pointing at the group's first contract
	Deal model.Deal     // the renewal deal, won at the new value
	// DealCreated is set when no renewal deal was open, so the renewal
	// was recorded as a won renewal deal (revenue and win figures see it).
	DealCreated bool
}

// RenewContract renews a contract as the caller saw it: the next term
// starts the day after it ends, on terms t; the old contract becomes
// renewed; the renewal deal working it (t.Deal, else the open one) is won
// at the new value, or, if none is open, a won renewal deal records it;
// an account that is not a customer becomes one. The contracts ending
// with it in the same currency (an add-on co-terminating with the
// contract it joined) renew with it: t.Value is their new value together,
// they all become renewed, and the one next term renews the first of them
// (model.GroupBase). One transaction, one undo.
func (s *Store) RenewContract(ctx context.Context, seen model.Contract, t RenewTerms) (RenewResult, error) {
	var res RenewResult
	err := s.decideContract(ctx, seen, renewNeeds, t.Deal, func(tx *sql.Tx, cur model.Contract, deal *model.Deal) ([]undoAction, string, error) {
		return s.renewTx(ctx, tx, cur, t, deal, &res)
	})
	return res, err
}

// decideContract records a renewal decision in one transaction with one
// undo: the contract, and the renewal deal the caller named (if any), are
// read again and checked against what the caller saw; then write records
// the decision and returns how to undo it and the undo's label.
func (s *Store) decideContract(ctx context.Context, seen model.Contract, needs conflict, seenDeal *model.Deal,
	write func(tx *sql.Tx, cur model.Contract, deal *model.Deal) ([]undoAction, string, error)) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := s.contract(ctx, tx, seen.ID)
		if err != nil {
			return err
		}
		if err := checkContract(seen, cur, needs); err != nil {
			return err
		}
		var deal *model.Deal
		if seenDeal != nil {
			d, err := s.deal(ctx, tx, seenDeal.ID)
			if err != nil {
				return err
			}
			if err := s.checkDeal(ctx, tx, *seenDeal, d, closeNeeds); err != nil {
				return err
			}
			deal = &d
		}
		undo, label, err := write(tx, cur, deal)
		if err != nil {
			return err
		}
		return s.pushUndo(ctx, tx, label, undo...)
	})
}

// renewTx writes a renewal of cur (read in tx and checked) inside tx. deal
// is the renewal deal to win (read in tx), nil to find the open one.
func (s *Store) renewTx(ctx context.Context, tx *sql.Tx, cur model.Contract, t RenewTerms, deal *model.Deal, res *RenewResult) ([]undoAction, string, error) {
	if err := undecided(cur); err != nil {
		return nil, "", err
	}
	acct, err := s.liveAccount(ctx, tx, cur.AccountID, "a renewal")
	if err != nil {
		return nil, "", err
	}
	if t.Months < 1 || t.Months > 120 {
		return nil, "", &model.FieldError{Field: "term", Problem: "a term is 1 to 120 months (12m, 2y)"}
	}
	with, err := s.renewalGroup(ctx, tx, cur)
	if err != nil {
		return nil, "", err
	}
	next := model.GroupBase(cur, with).NextTerm(t.Value, t.Months, t.NoticeDays, t.AutoRenew)
	if err := next.Validate(); err != nil {
		return nil, "", err
	}
	if deal == nil {
		if deal, err = s.renewalDealOf(ctx, tx, cur); err != nil {
			return nil, "", err
		}
	} else if deal.Kind != model.Renewal || deal.Status != model.Open || deal.AccountID != cur.AccountID {
		return nil, "", problem(ErrConflict, nil, "deal %d is not an open renewal deal of %s", deal.ID, model.Clean(acct.Name))
	}
	now := s.now()
	var undo []undoAction
	if deal != nil {
		before := *deal
		d := before
		d.Status, d.Value, d.ClosedAt, d.LastTouchAt, d.LostReason = model.Won, next.Value, now, now, ""
		if err := s.writeDeal(ctx, tx, before, d, now); err != nil {
			return nil, "", err
		}
		undo = append(undo, undoAction{Deal: &before})
		next.DealID = d.ID
	} else {
		d, err := s.wonRenewalDeal(ctx, tx, acct, next)
		if err != nil {
			return nil, "", err
		}
		undo = append(undo, undoAction{ArchiveDeal: d})
		next.DealID, res.DealCreated = d, true
	}
	for _, c := range append([]model.Contract{cur}, with...) {
		before := c
		c.Status, c.SnoozedUntil = model.ContractRenewed, model.Date{}
		if err := s.writeContract(ctx, tx, c); err != nil {
			return nil, "", err
		}
		undo = append(undo, undoAction{Contract: &before})
	}
	if next.ID, err = s.insertContract(ctx, tx, next); err != nil {
		return nil, "", err
	}
	undo = append(undo, undoAction{ArchiveContract: next.ID})
	if acct.Status != model.Customer {
		was := acct
		acct.Status, acct.ChurnReason = model.Customer, ""
		if acct.CustomerSince.IsZero() {
			acct.CustomerSince = s.clock.DateOf(now)
		}
		if err := s.writeAccount(ctx, tx, acct); err != nil {
			return nil, "", err
		}
		undo = append(undo, undoAction{Account: &was})
	}
	if res.Old, err = s.contract(ctx, tx, cur.ID); err != nil {
		return nil, "", err
	}
	if res.With, err = s.reread(ctx, tx, with); err != nil {
		return nil, "", err
	}
	if res.New, err = s.contract(ctx, tx, next.ID); err != nil {
		return nil, "", err
	}
	if res.Deal, err = s.deal(ctx, tx, next.DealID); err != nil {
		return nil, "", err
	}
	return undo, "renew contract of " + acct.Name, nil
}

// reread reads contracts again (after a write in tx).
func (s *Store) reread(ctx context.Context, q querier, cs []model.Contract) ([]model.Contract, error) {
	out := make([]model.Contract, len(cs))
	for i, c := range cs {
		var err error
		if out[i], err = s.contract(ctx, q, c.ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// renewalTitle names a renewal deal: "Acme — 2027 renewal".
func renewalTitle(account string, year int) string {
	title := fmt.Sprintf("%s — %d renewal", account, year)
	if len([]rune(title)) > model.MaxNameLen {
		title = fmt.Sprintf("%d renewal", year)
	}
	return title
}

// wonRenewalDeal records a renewal no deal was open for as a won renewal
// deal (in the board's last stage), so revenue and win figures see it.
func (s *Store) wonRenewalDeal(ctx context.Context, tx *sql.Tx, acct model.Account, next model.Contract) (int64, error) {
	stages, err := s.stages(ctx, tx)
	if err != nil {
		return 0, err
	}
	if len(stages) == 0 {
		return 0, problem(ErrConflict, nil, "the board has no stages; add one (rolo stages add NAME) before renewing")
	}
	d := model.Deal{AccountID: acct.ID, Title: renewalTitle(acct.Name, next.Start.Year), Kind: model.Renewal,
		StageID: stages[len(stages)-1].ID, Status: model.Won, Value: next.Value, ExpectedClose: s.clock.Today()}
	if err := d.Validate(); err != nil {
		return 0, err
	}
	return s.insertDeal(ctx, tx, d)
}

// renewalDealOf reads the open renewal deal working c, nil if none.
func (s *Store) renewalDealOf(ctx context.Context, q querier, c model.Contract) (*model.Deal, error) {
	var id sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT `+renewalDealSQL+` FROM contracts r WHERE r.id = ?`, c.ID).Scan(&id)
	if err != nil || !id.Valid {
		return nil, explain(s.path, err)
	}
	d, err := s.deal(ctx, q, id.Int64)
	return &d, err
}

// ContractOfRenewalDeal is the contract an open renewal deal works (its
// account's undecided contract that ends first); ok is false when the
// account has no active contract.
func (s *Store) ContractOfRenewalDeal(ctx context.Context, d model.Deal) (c model.Contract, ok bool, err error) {
	return s.contractOfRenewalDeal(ctx, s.r, d)
}

func (s *Store) contractOfRenewalDeal(ctx context.Context, q querier, d model.Deal) (model.Contract, bool, error) {
	if d.Kind != model.Renewal {
		return model.Contract{}, false, nil
	}
	var id sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT (`+dealContractSQL+`) FROM deals d WHERE d.id = ?`, d.ID).Scan(&id)
	if err != nil || !id.Valid {
		return model.Contract{}, false, explain(s.path, err)
	}
	c, err := s.contract(ctx, q, id.Int64)
	return c, err == nil, err
}

// ChurnTerms are what a churn decides.
type ChurnTerms struct {
	Reason string
	// Now makes the churn effective today (the contract ends today)
	// instead of at its end date.
	Now bool
	// Deal is the renewal deal as the caller saw it (X on a renewal deal);
	// nil loses the open renewal deal working the contract, if any.
	Deal *model.Deal
}

// ChurnResult is what a churn wrote.
type ChurnResult struct {
	Contract model.Contract
	// With are the contracts that ended with it (add-ons), churned with
	// it.
	With           []model.Contract
	Deal           model.Deal // the renewal deal lost (ID 0 if none was open)
	AccountChurned bool       // the account had no other active contract
}

// ChurnContract churns a contract as the caller saw it: it becomes
// churned with the reason (ending today when t.Now, else at its end
// date), the renewal deal working it is lost with the same reason, and
// the account becomes churned when it has no other active contract. The
// contracts ending with it in the same currency (an add-on) churn with
// it. One transaction, one undo.
func (s *Store) ChurnContract(ctx context.Context, seen model.Contract, t ChurnTerms) (ChurnResult, error) {
	var res ChurnResult
	t.Reason = strings.TrimSpace(t.Reason)
	if t.Reason == "" {
		return res, &model.FieldError{Field: "reason", Problem: "say why the customer is leaving"}
	}
	err := s.decideContract(ctx, seen, decideNeeds, t.Deal, func(tx *sql.Tx, cur model.Contract, deal *model.Deal) ([]undoAction, string, error) {
		return s.churnTx(ctx, tx, cur, t, deal, &res)
	})
	return res, err
}

// churnTx writes a churn of cur (read in tx and checked) inside tx.
func (s *Store) churnTx(ctx context.Context, tx *sql.Tx, cur model.Contract, t ChurnTerms, deal *model.Deal, res *ChurnResult) ([]undoAction, string, error) {
	if err := undecided(cur); err != nil {
		return nil, "", err
	}
	acct, err := s.liveAccount(ctx, tx, cur.AccountID, "a churn")
	if err != nil {
		return nil, "", err
	}
	if deal == nil {
		if deal, err = s.renewalDealOf(ctx, tx, cur); err != nil {
			return nil, "", err
		}
	} else if deal.Kind != model.Renewal || deal.Status != model.Open || deal.AccountID != cur.AccountID {
		return nil, "", problem(ErrConflict, nil, "deal %d is not an open renewal deal of %s", deal.ID, model.Clean(acct.Name))
	}
	with, err := s.renewalGroup(ctx, tx, cur)
	if err != nil {
		return nil, "", err
	}
	now := s.now()
	today := s.clock.DateOf(now)
	var undo []undoAction
	group := append([]model.Contract{cur}, with...)
	for _, c := range group {
		before := c
		if t.Now && today.Before(c.End) {
			if !today.After(c.Start) {
				return nil, "", &model.FieldError{Field: "effective", Problem: fmt.Sprintf(
					"contract %d starts on %s, so it cannot end today; churn it at its end date (%s)", c.ID, c.Start, c.End)}
			}
			c.End = today
		}
		c.Status, c.ChurnReason, c.SnoozedUntil = model.ContractChurned, t.Reason, model.Date{}
		if err := s.writeContract(ctx, tx, c); err != nil {
			return nil, "", err
		}
		undo = append(undo, undoAction{Contract: &before})
	}
	if deal != nil {
		was := *deal
		d := was
		d.Status, d.LostReason, d.ClosedAt, d.LastTouchAt = model.Lost, t.Reason, now, now
		if err := s.writeDeal(ctx, tx, was, d, now); err != nil {
			return nil, "", err
		}
		undo = append(undo, undoAction{Deal: &was})
		if res.Deal, err = s.deal(ctx, tx, d.ID); err != nil {
			return nil, "", err
		}
	}
	var others int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM contracts WHERE account_id = ? AND status = 'active'
		AND archived_at IS NULL`, cur.AccountID).Scan(&others); err != nil {
		return nil, "", err
	}
	if others == 0 && acct.Status != model.Churned {
		was := acct
		acct.Status, acct.ChurnReason = model.Churned, t.Reason
		if err := s.writeAccount(ctx, tx, acct); err != nil {
			return nil, "", err
		}
		undo = append(undo, undoAction{Account: &was})
		res.AccountChurned = true
	}
	if res.Contract, err = s.contract(ctx, tx, cur.ID); err != nil {
		return nil, "", err
	}
	if res.With, err = s.reread(ctx, tx, with); err != nil {
		return nil, "", err
	}
	return undo, "churn contract of " + acct.Name, nil
}

// closeRenewal closes an open renewal deal as the renewal decision on the
// contract it works: won renews the contract at the deal's value on the
// same terms, lost churns it (at its end date) with the lost reason. ok
// is false when the deal is not an open renewal deal working a contract:
// the caller closes it as any deal.
func (s *Store) closeRenewal(ctx context.Context, seen model.Deal, status model.DealStatus, reason string) (res CloseResult, ok bool, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		d, err := s.deal(ctx, tx, seen.ID)
		if err != nil {
			return err
		}
		if err := s.checkDeal(ctx, tx, seen, d, closeNeeds); err != nil {
			return err
		}
		if d.Kind != model.Renewal || d.Status != model.Open {
			return nil
		}
		c, found, err := s.contractOfRenewalDeal(ctx, tx, d)
		if err != nil || !found {
			return err
		}
		var undo []undoAction
		var label string
		if status == model.Won {
			// Assigned, not declared: a := here would hide renewTx's
			// error from the check below the branches.
			var with []model.Contract
			if with, err = s.renewalGroup(ctx, tx, c); err != nil {
				return err
			}
			terms := SameTerms(c, with)
			terms.Value = d.Value
			var renewed RenewResult
			undo, label, err = s.renewTx(ctx, tx, c, terms, &d, &renewed)
			res.Deal, res.Renewed = renewed.Deal, &renewed
		} else {
			var churned ChurnResult
			undo, label, err = s.churnTx(ctx, tx, c, ChurnTerms{Reason: reason}, &d, &churned)
			res.Deal, res.Churned = churned.Deal, &churned
		}
		if err != nil {
			return err
		}
		ok = true
		return s.pushUndo(ctx, tx, label, undo...)
	})
	return res, ok, err
}

// SnoozeContract hides a contract, as the caller saw it, from the review
// and Today until a day after today, with the contracts ending with it
// (an add-on comes back with the contract it joined). A day after the
// contract's end is refused unless pastEnd (the user was warned it would
// end undecided).
func (s *Store) SnoozeContract(ctx context.Context, seen model.Contract, until model.Date, pastEnd bool) (model.Contract, error) {
	var out model.Contract
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := s.contract(ctx, tx, seen.ID)
		if err != nil {
			return err
		}
		if err := checkContract(seen, cur, contractSnoozeNeeds); err != nil {
			return err
		}
		if err := undecided(cur); err != nil {
			return err
		}
		today := s.clock.Today()
		if !until.After(today) {
			return &model.FieldError{Field: "until", Problem: "snooze to a day after today"}
		}
		if until.After(cur.End) && !cur.End.Before(today) && !pastEnd {
			return &model.FieldError{Field: "until", Problem: fmt.Sprintf("%s is after the contract ends (%s): it would end undecided while snoozed; snooze to %s or earlier",
				until, cur.End, cur.End)}
		}
		acct, err := s.liveAccount(ctx, tx, cur.AccountID, "a snooze")
		if err != nil {
			return err
		}
		with, err := s.renewalGroup(ctx, tx, cur)
		if err != nil {
			return err
		}
		var undo []undoAction
		for _, c := range append([]model.Contract{cur}, with...) {
			before := c
			c.SnoozedUntil = until
			if err := s.writeContract(ctx, tx, c); err != nil {
				return err
			}
			undo = append(undo, undoAction{Contract: &before})
		}
		if err := s.pushUndo(ctx, tx, "snooze contract of "+acct.Name, undo...); err != nil {
			return err
		}
		out, err = s.contract(ctx, tx, cur.ID)
		return err
	})
	return out, err
}

// OpenRenewalDeal starts a renewal deal for a contract as the caller saw
// it, to work it through the board: kind renewal, in the first stage, at
// the value of the contract and those ending with it (it renews them
// together), expected to close on its end date, with the next
// step given. A contract that already has an open renewal deal working it
// is refused (the message names the deal).
func (s *Store) OpenRenewalDeal(ctx context.Context, seen model.Contract, step string, due model.Date) (model.Deal, error) {
	var out model.Deal
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := s.contract(ctx, tx, seen.ID)
		if err != nil {
			return err
		}
		if err := checkContract(seen, cur, decideNeeds); err != nil {
			return err
		}
		if err := undecided(cur); err != nil {
			return err
		}
		acct, err := s.liveAccount(ctx, tx, cur.AccountID, "a renewal deal")
		if err != nil {
			return err
		}
		if open, err := s.renewalDealOf(ctx, tx, cur); err != nil || open != nil {
			if err != nil {
				return err
			}
			return problem(ErrConflict, nil, "deal %d (%s) is already working this renewal; open it instead", open.ID, model.Clean(open.Title))
		}
		stages, err := s.stages(ctx, tx)
		if err != nil {
			return err
		}
		if len(stages) == 0 {
			return problem(ErrConflict, nil, "the board has no stages; add one (rolo stages add NAME) first")
		}
		with, err := s.renewalGroup(ctx, tx, cur)
		if err != nil {
			return err
		}
		d := model.Deal{AccountID: acct.ID, Title: renewalTitle(acct.Name, cur.End.AddDays(1).Year), Kind: model.Renewal,
			StageID: stages[0].ID, Status: model.Open, Value: model.GroupValue(cur, with), ExpectedClose: cur.End,
			NextStep: strings.TrimSpace(step), NextDue: due}
		if err := d.Validate(); err != nil {
			return err
		}
		if d.ID, err = s.insertDeal(ctx, tx, d); err != nil {
			return err
		}
		if err := s.pushUndo(ctx, tx, "open renewal deal "+d.Title, undoAction{ArchiveDeal: d.ID}); err != nil {
			return err
		}
		out, err = s.deal(ctx, tx, d.ID)
		return err
	})
	return out, err
}
