package tui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"rolo/model"
	"rolo/store"
)

// newDealDraft is the deal a new-deal form starts from: in stage (or the
// first), on account if one is given (an expansion when it is already a
// customer), in the user's default currency.
func newDealDraft(c *appContext, stage model.Stage, account model.Account) model.Deal {
	d := model.Deal{StageID: stage.ID, Kind: model.NewBusiness, Status: model.Open,
		Value: model.Money{Currency: c.settings.Currency}}
	if d.StageID == 0 && len(c.stages) > 0 {
		d.StageID = c.stages[0].ID
	}
	if account.ID != 0 {
		d.AccountID, d.AccountName = account.ID, account.Name
		if account.Status == model.Customer {
			d.Kind = model.Expansion
		}
	}
	return d
}

// openDealForm opens the form for a new deal (d.ID 0) or an edit. after,
// if set, turns the saved deal into a message for the view that opened
// the form (Today shows a new deal where it landed).
func openDealForm(c *appContext, d model.Deal, after func(model.Deal) tea.Msg) tea.Cmd {
	return dealForm(c, d, after).open()
}

// dealForm builds the create/edit form. Every field takes what people
// type: values like 12k or $1,200.50, dates like fri, Dec 5 or +2w.
func dealForm(c *appContext, d model.Deal, after func(model.Deal) tea.Msg) *form {
	title := "New deal"
	if d.ID != 0 {
		title = "Edit deal"
	}
	f := newForm(c, title)
	currency := d.Value.Currency
	if currency == "" {
		currency = c.settings.Currency
	}
	f.text("title", "Title", d.Title, "Fleet tracking rollout").required = true
	acct := f.pickOne("account", "Account", d.AccountName, "Acme Corp (type to search, or a new name)", suggestAccounts(c.store))
	acct.required, acct.createsNew = true, true
	if d.AccountID != 0 {
		acct.startPicked(pick{id: d.AccountID, label: d.AccountName})
	}
	contact := f.pickOne("contact", "Contact", d.ContactName, "Dana Whitaker (optional)", suggestContacts(c.store, f))
	contact.createsNew = true
	if d.ContactID != 0 {
		contact.startPicked(pick{id: d.ContactID, owner: d.AccountID, label: d.ContactName})
	}
	value := ""
	if d.ID != 0 {
		value = d.Value.String()
	}
	v := f.money("value", "Value", value, "12k, $1,200.50, EUR 99", currency)
	v.required, v.hint = true, "in "+currency+" unless you type another currency (EUR 99, £5)"
	names := make([]string, len(c.stages))
	current := ""
	for i, st := range c.stages {
		names[i] = model.Clean(st.Name)
		if st.ID == d.StageID {
			current = names[i]
		}
	}
	f.choose("stage", "Stage", names, current)
	kinds := make([]string, len(model.DealKinds))
	for i, k := range model.DealKinds {
		kinds[i] = string(k)
	}
	f.choose("kind", "Kind", kinds, string(d.Kind))
	prob := ""
	if d.Probability != nil {
		prob = strconv.Itoa(*d.Probability)
	}
	p := f.text("probability", "Probability %", prob, "40 (blank: the stage's default)")
	p.check, p.hint = checkPercent, "blank uses the stage's default"
	f.date("expected close", "Expected close", d.ExpectedClose, "eom, Dec 18, +2w", false)
	sources := []string{"—"}
	for _, s := range model.Sources {
		sources = append(sources, string(s))
	}
	src := string(d.Source)
	if src == "" {
		src = "—"
	}
	f.choose("source", "Source", sources, src)
	f.text("next step", "Next step", d.NextStep, "Book demo with the CFO")
	due := f.date("next step due", "Due", d.NextDue, "tomorrow, mon, Dec 5", false)
	due.check = futureDue(c, due)
	f.notes("notes", "Notes", d.Notes, "what was agreed, who decides")

	f.save = func(f *form) (tea.Cmd, error) {
		nd, err := dealFromForm(f, d, c)
		if err != nil {
			return nil, err
		}
		s, seen := c.store, d
		return saveRecord(f, nd.ID == 0,
			func(ctx context.Context) (model.Deal, error) { return s.CreateDeal(ctx, nd) },
			func(ctx context.Context) (model.Deal, error) { return s.UpdateDeal(ctx, seen, nd) },
			func(saved model.Deal, verb string) changedMsg {
				changed := changedMsg{status: fmt.Sprintf("%s %s · u undoes", verb, model.Clean(saved.Title)), focus: dealRef(saved.ID)}
				if after != nil {
					changed.then = func() tea.Msg { return after(saved) }
				}
				return changed
			}), nil
	}
	f.rebase = func(current any) {
		if cur, ok := current.(model.Deal); ok {
			d = cur
		}
		prob, source := "", "—"
		if d.Probability != nil {
			prob = strconv.Itoa(*d.Probability)
		}
		if d.Source != "" {
			source = string(d.Source)
		}
		for key, v := range map[string]string{"title": d.Title, "value": d.Value.String(), "stage": c.stageName(d.StageID),
			"kind": string(d.Kind), "probability": prob, "expected close": d.ExpectedClose.String(), "source": source,
			"next step": d.NextStep, "next step due": d.NextDue.String(), "notes": d.Notes} {
			f.adopt(key, v)
		}
		f.adoptPick("account", pick{id: d.AccountID, label: d.AccountName})
		f.adoptPick("contact", pick{id: d.ContactID, owner: d.AccountID, label: d.ContactName})
	}
	return f
}

// futureDue wraps a due-date field's check: a next step is planned for
// today or later, never the past (a date left as it was stored is kept).
func futureDue(c *appContext, fl *field) func(string) error {
	check := fl.check
	return func(s string) error {
		if err := check(s); err != nil {
			return err
		}
		d, _ := c.clock.Parse(s)
		if d.Before(c.clock.Today()) && s != strings.TrimSpace(fl.raw) {
			return fmt.Errorf("%s is in the past; plan the next step for today or later", d.Short(c.clock.Today()))
		}
		return nil
	}
}

func checkPercent(s string) error {
	_, err := parsePercent(s)
	return err
}

func parsePercent(s string) (*int, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if s == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 100 {
		return nil, &model.FieldError{Field: "probability", Problem: "a whole percentage from 0 to 100, or blank for the stage's default"}
	}
	return &n, nil
}

// dealFromForm reads the form into a deal, keeping what the form does not
// show from base.
func dealFromForm(f *form, base model.Deal, c *appContext) (model.Deal, error) {
	d := base
	d.Title = f.get("title")
	d.AccountName = f.get("account")
	d.AccountID = 0
	if p, ok := f.field("account").pickedStill(); ok {
		d.AccountID, d.AccountName = p.id, p.label
	}
	d.ContactName = f.get("contact")
	d.ContactID = 0
	if p, ok := f.field("contact").pickedStill(); ok && p.owner == d.AccountID {
		d.ContactID, d.ContactName = p.id, p.label
	}
	currency := base.Value.Currency
	if currency == "" {
		currency = c.settings.Currency
	}
	var err error
	if d.Value, err = model.ParseMoney(f.get("value"), currency); err != nil {
		return d, &model.FieldError{Field: "value", Problem: err.Error()}
	}
	for _, st := range c.stages {
		if model.Clean(st.Name) == f.get("stage") {
			d.StageID = st.ID
		}
	}
	d.Kind = model.DealKind(f.get("kind"))
	if d.Probability, err = parsePercent(f.get("probability")); err != nil {
		return d, err
	}
	if d.ExpectedClose, err = optionalDate(c, f.get("expected close")); err != nil {
		return d, &model.FieldError{Field: "expected close", Problem: err.Error()}
	}
	d.Source = ""
	if src := f.get("source"); src != "—" {
		d.Source = model.Source(src)
	}
	d.NextStep = f.field("next step").value()
	if d.NextDue, err = optionalDate(c, f.get("next step due")); err != nil {
		return d, &model.FieldError{Field: "next step due", Problem: err.Error()}
	}
	if strings.TrimSpace(d.NextStep) == "" && !d.NextDue.IsZero() {
		return d, &model.FieldError{Field: "next step", Problem: "say what is due on " + d.NextDue.Short(c.clock.Today())}
	}
	if strings.TrimSpace(d.NextStep) != "" && d.NextDue.IsZero() && d.NextStep != base.NextStep {
		return d, &model.FieldError{Field: "next step due", Problem: "when? a next step needs a date (tomorrow, fri, Dec 5)"}
	}
	d.Notes = f.field("notes").value()
	return d, nil
}

func optionalDate(c *appContext, s string) (model.Date, error) {
	if strings.TrimSpace(s) == "" {
		return model.Date{}, nil
	}
	return c.clock.Parse(s)
}

// suggestAccounts searches accounts by name as the field is typed in.
func suggestAccounts(s *store.Store) func(string) tea.Cmd {
	return func(q string) tea.Cmd {
		return func() tea.Msg {
			if strings.TrimSpace(q) == "" {
				return []pick(nil)
			}
			ctx, cancel := ctxTimeout()
			defer cancel()
			accts, err := s.SuggestAccounts(ctx, q, 6)
			if err != nil {
				return []pick(nil)
			}
			out := make([]pick, len(accts))
			for i, a := range accts {
				out[i] = pick{id: a.ID, label: a.Name, note: string(a.Status)}
			}
			return out
		}
	}
}

// suggestContacts lists the picked account's contacts.
func suggestContacts(s *store.Store, f *form) func(string) tea.Cmd {
	return func(q string) tea.Cmd {
		acct, ok := f.field("account").pickedStill()
		if !ok {
			return func() tea.Msg { return []pick(nil) }
		}
		accountID := acct.id
		return func() tea.Msg {
			ctx, cancel := ctxTimeout()
			defer cancel()
			contacts, err := s.SuggestContacts(ctx, accountID, q, 6)
			if err != nil {
				return []pick(nil)
			}
			out := make([]pick, len(contacts))
			for i, c := range contacts {
				out[i] = pick{id: c.ID, owner: c.AccountID, label: c.Name, note: c.Title}
			}
			return out
		}
	}
}
