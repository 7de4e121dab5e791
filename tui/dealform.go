package tui

import (
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"rolo/model"
	"rolo/store"
)

// defaultCurrency is used when a typed value names none.
const defaultCurrency = "USD"

// newDealForm opens the form for a new deal, in stage (or the first).
func newDealForm(e *env, stage model.Stage) tea.Cmd {
	return loadStagesThen(e, func(stages []model.Stage) modal {
		if stage.ID == 0 && len(stages) > 0 {
			stage = stages[0]
		}
		return dealForm(e, stages, model.Deal{StageID: stage.ID, Kind: model.NewBusiness,
			Value: model.Money{Currency: defaultCurrency}}, "New deal")
	})
}

// editDealForm opens the form on an existing deal.
func editDealForm(e *env, d model.Deal) tea.Cmd {
	return loadStagesThen(e, func(stages []model.Stage) modal {
		return dealForm(e, stages, d, "Edit deal")
	})
}

// loadStagesThen reads the stages (forms need their names) and opens the
// modal build returns.
func loadStagesThen(e *env, build func([]model.Stage) modal) tea.Cmd {
	s := e.store
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		stages, err := s.Stages(ctx)
		if err != nil {
			return statusMsg{text: err.Error(), isErr: true}
		}
		return openModalMsg{modal: build(stages)}
	}
}

// dealForm builds the create/edit form. Every field takes what people
// type: values like 12k or $1,200.50, dates like fri, +2w or eom.
func dealForm(e *env, stages []model.Stage, d model.Deal, title string) *form {
	f := newForm(e, title)
	clock := e.clock
	checkDate := func(s string) error { _, err := clock.Parse(s); return err }
	currency := d.Value.Currency
	if currency == "" {
		currency = defaultCurrency
	}

	f.text("title", "Title", d.Title, "Fleet tracking rollout", nil).required = true
	acct := f.pickOne("account", "Account", d.AccountName, "type to search, or a new name", suggestAccounts(e.store))
	acct.required = true
	if d.AccountID != 0 {
		acct.setPicked(pick{id: d.AccountID, label: d.AccountName})
		acct.initial = acct.input.Value()
	}
	contact := f.pickOne("contact", "Contact", d.ContactName, "optional", suggestContacts(e.store, f))
	if d.ContactID != 0 {
		contact.setPicked(pick{id: d.ContactID, owner: d.AccountID, label: d.ContactName})
		contact.initial = contact.input.Value()
	}
	value := ""
	if d.ID != 0 {
		value = d.Value.String()
	}
	v := f.text("value", "Value", value, "12k, $1,200.50, EUR 99", func(s string) error {
		_, err := model.ParseMoney(s, currency)
		return err
	})
	v.required, v.hint = true, "currency "+currency+" unless you type one (EUR 99, £5)"

	names := make([]string, len(stages))
	current := ""
	for i, st := range stages {
		names[i] = st.Name
		if st.ID == d.StageID {
			current = st.Name
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
	f.text("probability", "Probability %", prob, "blank = the stage's default", checkPercent).hint = "blank uses the stage's default"
	f.text("expected close", "Expected close", d.ExpectedClose.String(), "fri, +2w, eom, 2026-12-31", checkDate)
	sources := []string{"—"}
	for _, s := range model.Sources {
		sources = append(sources, string(s))
	}
	src := string(d.Source)
	if src == "" {
		src = "—"
	}
	f.choose("source", "Source", sources, src)
	f.text("next step", "Next step", d.NextStep, "Book demo with the CFO", nil)
	f.text("next step due", "Due", d.NextDue.String(), "tomorrow, mon, +3d", checkDate)
	notes := f.text("notes", "Notes", d.Notes, "optional", nil)
	notes.input.CharLimit = model.MaxTextLen

	f.save = func(f *form) (tea.Cmd, error) {
		nd, err := dealFromForm(f, d, stages, clock, currency)
		if err != nil {
			return nil, err
		}
		s := e.store
		return func() tea.Msg {
			ctx, cancel := ctxTimeout()
			defer cancel()
			var saved model.Deal
			var err error
			if nd.ID == 0 {
				saved, err = s.CreateDeal(ctx, nd)
			} else {
				saved, err = s.UpdateDeal(ctx, d, nd)
			}
			if err != nil {
				return formSavedMsg{form: f, err: err}
			}
			verb := "Added"
			if nd.ID != 0 {
				verb = "Saved"
			}
			return formSavedMsg{form: f, changed: changedMsg{
				status: fmt.Sprintf("%s %s · u undoes", verb, model.Clean(saved.Title)),
				focus:  saved.ID,
			}}
		}, nil
	}
	return f
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
func dealFromForm(f *form, base model.Deal, stages []model.Stage, clock model.Clock, currency string) (model.Deal, error) {
	d := base
	d.Title = f.get("title")
	d.AccountName = f.get("account")
	d.AccountID = 0
	if p, ok := f.field("account").pickedStill(); ok {
		d.AccountID = p.id
	}
	d.ContactName = f.get("contact")
	d.ContactID = 0
	if p, ok := f.field("contact").pickedStill(); ok && p.owner == d.AccountID {
		d.ContactID = p.id
	}
	var err error
	if d.Value, err = model.ParseMoney(f.get("value"), currency); err != nil {
		return d, &model.FieldError{Field: "value", Problem: err.Error()}
	}
	for _, st := range stages {
		if st.Name == f.get("stage") {
			d.StageID = st.ID
		}
	}
	d.Kind = model.DealKind(f.get("kind"))
	if d.Probability, err = parsePercent(f.get("probability")); err != nil {
		return d, err
	}
	if d.ExpectedClose, err = optionalDate(clock, f.get("expected close")); err != nil {
		return d, &model.FieldError{Field: "expected close", Problem: err.Error()}
	}
	d.Source = ""
	if src := f.get("source"); src != "—" {
		d.Source = model.Source(src)
	}
	d.NextStep = f.get("next step")
	if d.NextDue, err = optionalDate(clock, f.get("next step due")); err != nil {
		return d, &model.FieldError{Field: "next step due", Problem: err.Error()}
	}
	if d.NextStep == "" && !d.NextDue.IsZero() {
		return d, &model.FieldError{Field: "next step", Problem: "say what is due on " + d.NextDue.String()}
	}
	d.Notes = f.field("notes").value()
	return d, nil
}

func optionalDate(clock model.Clock, s string) (model.Date, error) {
	if strings.TrimSpace(s) == "" {
		return model.Date{}, nil
	}
	return clock.Parse(s)
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
