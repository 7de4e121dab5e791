package tui

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/model"
	"rolo/store"
)

// The spend behind CAC: the form that adds or edits an acquisition cost,
// and archiving one. Each is one transaction that u undoes.

// parseSpendDate reads a spend's date as `rolo spend add` does: a month
// like 2026-11 means its first day, anything else is a day in the past
// as people type it (yesterday, Nov 14, 2026-11-14).
func parseSpendDate(c model.Clock, s string) (model.Date, error) {
	if m, ok := model.ParseMonth(s); ok {
		return m, nil
	}
	return c.ParsePast(s)
}

// spendForm adds spend (seen.ID 0) or edits seen; p is the period the
// list behind it shows, so a row dated outside it can be said to leave.
func spendForm(c *appContext, seen model.AcquisitionCost, p model.Period) *form {
	title := "Add spend"
	if seen.ID != 0 {
		title = "Edit spend"
	}
	f := newForm(c, title)
	clock := c.clock
	currency := seen.Amount.Currency
	if currency == "" {
		currency = c.settings.Currency
	}
	date := f.textWith("date", "Date", seen.Date.String(), "Nov 14, yesterday, 2026-11 (its 1st)", func(s string) (string, error) {
		d, err := parseSpendDate(clock, s)
		if err != nil {
			return "", err
		}
		return d.Long(clock.Today()), nil
	})
	date.required = true
	date.check = func(s string) error { _, err := parseSpendDate(clock, s); return err }
	amount := ""
	if seen.ID != 0 {
		amount = seen.Amount.String()
	}
	a := f.money("amount", "Amount", amount, "4.8k, $1,200.50, EUR 900", currency)
	a.required, a.hint = true, "in "+currency+" unless you type another currency (EUR 900)"
	channels := make([]string, len(model.SpendChannels))
	for i, ch := range model.SpendChannels {
		channels[i] = string(ch)
	}
	channel := string(seen.Channel)
	if channel == "" {
		channel = string(model.ChannelAds)
	}
	f.choose("channel", "Channel", channels, channel)
	f.text("note", "Note", seen.Note, "LinkedIn ads, November")

	f.save = func(f *form) (tea.Cmd, error) {
		cost := seen
		var err error
		if cost.Date, err = parseSpendDate(clock, f.get("date")); err != nil {
			return nil, &model.FieldError{Field: "date", Problem: err.Error()}
		}
		if cost.Amount, err = model.ParseMoney(f.get("amount"), currency); err != nil {
			return nil, &model.FieldError{Field: "amount", Problem: err.Error()}
		}
		cost.Channel = model.SpendChannel(f.get("channel"))
		cost.Note = f.field("note").value()
		if err := cost.Validate(); err != nil {
			return nil, err
		}
		s, was := c.store, seen
		return saveRecord(f, cost.ID == 0,
			func(ctx context.Context) (model.AcquisitionCost, error) { return s.AddSpend(ctx, cost) },
			func(ctx context.Context) (model.AcquisitionCost, error) { return s.UpdateSpend(ctx, was, cost) },
			func(saved model.AcquisitionCost, verb string) changedMsg {
				status := fmt.Sprintf("%s spend: %s %s %s · u undoes", verb, saved.Date, model.Clean(string(saved.Channel)), saved.Amount)
				if !p.Contains(saved.Date) {
					status = fmt.Sprintf("%s spend dated %s, outside %s, so it is not in this list · u undoes", verb, saved.Date, p.Label())
				}
				return changedMsg{status: status, focus: spendRef(saved.ID)}
			}), nil
	}
	f.rebase = func(current any) {
		if cur, ok := current.(model.AcquisitionCost); ok {
			seen = cur
		}
		f.adopt("date", seen.Date.String())
		f.adopt("amount", seen.Amount.String())
		f.adopt("channel", string(seen.Channel))
		f.adopt("note", seen.Note)
	}
	return f
}

// spendAction runs a spend key on cost, a row of the spend dated in p:
// e (or enter) edits it, x archives it; handled is false for other keys.
func spendAction(c *appContext, msg tea.KeyPressMsg, cost model.AcquisitionCost, p model.Period) (tea.Cmd, bool) {
	k := c.keys
	switch {
	case key.Matches(msg, k.Metrics.EditSpend, k.List.Open):
		return spendForm(c, cost, p).open(), true
	case key.Matches(msg, k.Metrics.ArchiveSpend):
		return archiveSpend(c.store, cost), true
	}
	return nil, false
}

// archiveSpend takes a spend row, as the list showed it, out of CAC.
func archiveSpend(s *store.Store, cost model.AcquisitionCost) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		if _, err := s.ArchiveSpend(ctx, cost); err != nil {
			return changedMsg{err: staleHint(err, "look again before archiving it"), focus: spendRef(cost.ID)}
		}
		return changedMsg{status: fmt.Sprintf("Archived spend: %s %s %s · u undoes", cost.Date, model.Clean(string(cost.Channel)), cost.Amount)}
	}
}
