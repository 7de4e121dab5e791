package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"rolo/model"
	"rolo/store"
)

// logDialog logs a touch on a deal and asks for the next step with a date
// today or later. done marks the current follow-up finished: the step
// starts empty. Otherwise the step is prefilled (not its old, perhaps
// past, due date). Saving with no next step asks once.
func logDialog(c *appContext, d model.Deal, done bool) *form {
	title, kind, text, step := "Log — "+model.Clean(d.Title), "call", "", d.NextStep
	if done {
		title, kind, step = "Done — what's next? "+model.Clean(d.Title), "task", ""
		if d.NextStep != "" {
			text = "Done: " + d.NextStep
		} else {
			kind = "call"
		}
	}
	f := newForm(c, title)
	clock := c.clock
	f.choose("kind", "Kind", []string{"call", "email", "meeting", "note", "check-in", "task"}, kind)
	t := f.text("text", "What happened", text, "Left voicemail re: pricing")
	t.required, t.input.CharLimit = true, model.MaxTextLen
	f.date("when", "When", model.Date{}, "now, yesterday, mon, Nov 20", true).hint = "blank means now"
	open := d.Status == model.Open // a closed deal has no next step
	f.rebase = func(current any) {
		if cur, ok := current.(model.Deal); ok {
			d = cur
		}
		open = d.Status == model.Open
		f.adopt("next step", d.NextStep)
	}
	if open {
		f.text("next step", "Next step", step, "Send revised proposal")
		due := f.date("next step due", "Due", model.Date{}, "tomorrow, fri, Dec 5", false)
		due.check = futureDue(c, due)
	}
	f.save = func(f *form) (tea.Cmd, error) {
		at, err := loggedAt(clock, f.get("when"))
		if err != nil {
			return nil, &model.FieldError{Field: "when", Problem: err.Error()}
		}
		kind := model.ActivityKind(f.get("kind"))
		a := model.Activity{AccountID: d.AccountID, DealID: d.ID, ContactID: d.ContactID, Kind: kind, Text: f.get("text"), At: at}
		// A deal closed elsewhere since the form opened (rebase) keeps no
		// next step: what was typed there is not saved, and the status says so.
		next, typed := store.NextStep{Set: open, Seen: d}, strings.TrimSpace(f.get("next step"))
		if open {
			next.Step = typed
			if due := f.get("next step due"); due != "" {
				if next.Due, err = clock.Parse(due); err != nil {
					return nil, &model.FieldError{Field: "next step due", Problem: err.Error()}
				}
			}
		}
		switch {
		case next.Step == "" && !next.Due.IsZero():
			return nil, &model.FieldError{Field: "next step", Problem: "say what is due on " + next.Due.Short(clock.Today())}
		case next.Step != "" && next.Due.IsZero():
			return nil, &model.FieldError{Field: "next step due", Problem: "when? pick a day, today or later (tomorrow, fri, Dec 5)"}
		case open && next.Step == "" && f.askOnce("No next step? The deal will wait in Today under “no next step”.", f.trySave):
			return nil, nil
		}
		s := c.store
		return func() tea.Msg {
			ctx, cancel := ctxTimeout()
			defer cancel()
			if _, err := s.LogActivity(ctx, a, next); err != nil {
				return savedErr(f, err)
			}
			status := fmt.Sprintf("Logged %s on %s", kind, model.Clean(d.Title))
			switch {
			case next.Step != "":
				status += fmt.Sprintf(" · next: %s %s", model.Clean(next.Step), next.Due.Short(clock.Today()))
			case !open && typed != "":
				status += fmt.Sprintf(" · it is %s now, so the next step you typed was not kept", d.Status)
			}
			return formSavedMsg{form: f, changed: changedMsg{status: status + " · u undoes", focus: dealRef(d.ID)}}
		}, nil
	}
	return f
}

// loggedAt reads when an activity happened: blank is now; a past day is
// that day at noon; the future is refused.
func loggedAt(clock model.Clock, s string) (time.Time, error) {
	now := clock.Now()
	if strings.TrimSpace(s) == "" || strings.EqualFold(strings.TrimSpace(s), "now") {
		return now, nil
	}
	d, err := clock.ParsePast(s)
	if err != nil {
		return time.Time{}, err
	}
	today := clock.Today()
	if d.After(today) {
		return time.Time{}, fmt.Errorf("%s is in the future; log what happened, set a next step for what will", d.Short(today))
	}
	if d == today {
		return now, nil
	}
	return d.Start(now.Location()).Add(12 * time.Hour), nil
}

// snoozeDialog hides a deal from Today until a date.
func snoozeDialog(c *appContext, d model.Deal) *form {
	f := newForm(c, "Snooze — "+model.Clean(d.Title))
	clock := c.clock
	u := f.date("until", "Until", clock.Today().AddDays(1), "tomorrow, mon, Dec 5", false)
	u.required, u.hint = true, "it comes back to Today on that day"
	f.rebase = func(current any) {
		if cur, ok := current.(model.Deal); ok {
			d = cur
		}
	}
	f.save = func(f *form) (tea.Cmd, error) {
		until, err := clock.Parse(f.get("until"))
		if err != nil {
			return nil, &model.FieldError{Field: "until", Problem: err.Error()}
		}
		s := c.store
		return func() tea.Msg {
			ctx, cancel := ctxTimeout()
			defer cancel()
			if _, err := s.Snooze(ctx, d, until); err != nil {
				return savedErr(f, err)
			}
			return formSavedMsg{form: f, changed: changedMsg{status: fmt.Sprintf("Snoozed %s until %s · u undoes",
				model.Clean(d.Title), until.Short(clock.Today())), focus: dealRef(d.ID)}}
		}, nil
	}
	return f
}

// lostDialog asks why a deal was lost, offering past reasons: enter takes
// the highlighted one into the field, a second enter saves.
func lostDialog(c *appContext, d model.Deal) *form {
	s := c.store
	f := newForm(c, "Lost — "+model.Clean(d.Title))
	r := f.pickOne("reason", "Why", "", "price, competitor, no budget", suggestLostReasons(s))
	r.required = true
	r.hint = "pick a past reason with ↓ and enter, or type a new one"
	f.save = func(f *form) (tea.Cmd, error) {
		reason := f.get("reason")
		return func() tea.Msg {
			c := closeDealNow(s, d, model.Lost, reason)
			if c.err != nil {
				return formSavedMsg{form: f, err: c.err}
			}
			return formSavedMsg{form: f, changed: c}
		}, nil
	}
	return f
}

// suggestLostReasons offers the reasons deals were lost for, most used
// first, that contain what is typed.
func suggestLostReasons(s *store.Store) func(string) tea.Cmd {
	return suggestReasons(s.LostReasons)
}

// suggestReasons offers up to six of the reasons read gives (most given
// first) that contain what is typed.
func suggestReasons(read func(ctx context.Context, limit int) ([]string, error)) func(string) tea.Cmd {
	return func(q string) tea.Cmd {
		return func() tea.Msg {
			ctx, cancel := ctxTimeout()
			defer cancel()
			reasons, err := read(ctx, 50)
			if err != nil {
				return []pick(nil)
			}
			q := strings.ToLower(strings.TrimSpace(q))
			var out []pick
			for _, r := range reasons {
				if q == "" || strings.Contains(strings.ToLower(r), q) {
					out = append(out, pick{label: r})
				}
				if len(out) == 6 {
					break
				}
			}
			return out
		}
	}
}

// wonDialog says what winning the deal will do and waits for enter.
func wonDialog(c *appContext, d model.Deal) *confirmDialog {
	lines := []string{
		fmt.Sprintf("%s becomes won at %s.", model.Clean(d.Title), d.Value.String()),
	}
	if d.Kind == model.NewBusiness {
		lines = append(lines, fmt.Sprintf("New business: %s becomes a customer (if it is not one yet),", model.Clean(d.AccountName)),
			"and the form to start its contract opens next.")
	}
	return newConfirm(c, "Mark won?", lines, "won", func() tea.Cmd { return closeDeal(c.store, d, model.Won, "") })
}

// contractForm follows a won new-business deal: the account just became a
// customer, so start its contract (value per year, start, term) so its
// renewal comes round later. esc skips; T on the account page opens it
// later (with no deal: d names only the account and the currency).
func contractForm(c *appContext, d model.Deal) *form {
	f := newForm(c, "Start the contract — "+model.Clean(d.AccountName))
	clock := c.clock
	currency := d.Value.Currency
	value := ""
	if d.Value.Minor > 0 {
		value = d.Value.String()
	}
	f.money("value", "Value per year", value, "the annual contract value", currency).required = true
	f.date("start", "Start", clock.Today(), "today, mon, Jan 1", false).required = true
	term := f.text("term", "Term", "12m", "12m, 2y")
	term.required, term.check = true, func(s string) error { _, err := model.ParseTerm(s); return err }
	f.text("notice", "Notice (days)", "30", "30 (days before the end)").check = checkDays
	f.choose("auto renew", "Auto-renews", []string{"no", "yes"}, "no")
	f.save = func(f *form) (tea.Cmd, error) {
		value, err := model.ParseMoney(f.get("value"), currency)
		if err != nil {
			return nil, &model.FieldError{Field: "value", Problem: err.Error()}
		}
		start, err := clock.Parse(f.get("start"))
		if err != nil {
			return nil, &model.FieldError{Field: "start", Problem: err.Error()}
		}
		months, err := model.ParseTerm(f.get("term"))
		if err != nil {
			return nil, &model.FieldError{Field: "term", Problem: err.Error()}
		}
		notice, err := parseDays(f.get("notice"))
		if err != nil {
			return nil, &model.FieldError{Field: "notice", Problem: err.Error()}
		}
		ct := model.Contract{AccountID: d.AccountID, DealID: d.ID, Value: value, Start: start,
			End: start.AddMonths(months).AddDays(-1), NoticeDays: notice, AutoRenew: f.get("auto renew") == "yes",
			Status: model.ContractActive}
		if err := ct.Validate(); err != nil {
			return nil, err
		}
		s := c.store
		return func() tea.Msg {
			ctx, cancel := ctxTimeout()
			defer cancel()
			saved, err := s.CreateContract(ctx, ct)
			if err != nil {
				return formSavedMsg{form: f, err: err}
			}
			return formSavedMsg{form: f, changed: changedMsg{status: fmt.Sprintf("Contract started: %s a year, ends %s",
				saved.Value.Short(), saved.End.Short(clock.Today()))}}
		}, nil
	}
	return f
}

func checkDays(s string) error {
	_, err := parseDays(s)
	return err
}

func parseDays(s string) (int, error) {
	var n int
	if _, err := fmt.Sscanf(strings.TrimSpace(s), "%d", &n); err != nil || n < 0 || n > 365 || fmt.Sprint(n) != strings.TrimSpace(s) {
		return 0, fmt.Errorf("a whole number of days from 0 to 365")
	}
	return n, nil
}
