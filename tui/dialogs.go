package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"rolo/model"
	"rolo/store"
)

// newLogDialog logs an activity on a deal in one line, and offers to set
// the next step at the same time ("done, and schedule the next one").
func newLogDialog(e *env, d model.Deal) *form {
	return logDialog(e, d, "Log activity — "+model.Clean(d.Title), "call", "", false)
}

// newDoneDialog marks a deal's follow-up done and asks for the next one.
func newDoneDialog(e *env, d model.Deal) *form {
	text := ""
	if d.NextStep != "" {
		text = "Done: " + d.NextStep
	}
	return logDialog(e, d, "Done — what's next? "+model.Clean(d.Title), "task", text, true)
}

// logDialog logs an activity and, when the next step fields change, sets
// the deal's next step in the same transaction. done marks the current
// follow-up finished: the fields start empty and whatever is in them
// (nothing clears it) becomes the next step.
func logDialog(e *env, d model.Deal, title, kind, text string, done bool) *form {
	nextStep, nextDue := d.NextStep, d.NextDue.String()
	if done {
		nextStep, nextDue = "", ""
	}
	f := newForm(e, title)
	clock := e.clock
	kinds := []string{"call", "email", "meeting", "note", "task"}
	if kind == "task" && text == "" {
		kind = "call"
	}
	f.choose("kind", "Kind", kinds, kind)
	t := f.text("text", "What happened", text, "Left voicemail re: pricing", nil)
	t.required = true
	t.input.CharLimit = model.MaxTextLen
	f.text("when", "When", "", "now (or yesterday, mon, 2026-11-20)", func(s string) error {
		_, err := loggedAt(clock, s)
		return err
	}).hint = "blank means now"
	f.text("next step", "Next step", nextStep, "Send revised proposal", nil)
	f.text("next step due", "Due", nextDue, "tomorrow, mon, +3d", func(s string) error {
		_, err := clock.Parse(s)
		return err
	})
	originalStep, originalDue := nextStep, nextDue
	f.save = func(f *form) (tea.Cmd, error) {
		at, err := loggedAt(clock, f.get("when"))
		if err != nil {
			return nil, &model.FieldError{Field: "when", Problem: err.Error()}
		}
		kind := model.ActivityKind(f.get("kind"))
		a := model.Activity{AccountID: d.AccountID, DealID: d.ID, ContactID: d.ContactID, Kind: kind, Text: f.get("text"), At: at}
		next := store.NextStep{Seen: d}
		step, due := f.get("next step"), f.get("next step due")
		if done || step != originalStep || due != originalDue {
			next.Set, next.Step = true, step
			if due != "" {
				if next.Due, err = clock.Parse(due); err != nil {
					return nil, &model.FieldError{Field: "next step due", Problem: err.Error()}
				}
			}
			if step == "" && due != "" {
				return nil, &model.FieldError{Field: "next step", Problem: "say what is due on " + next.Due.String()}
			}
		}
		s := e.store
		return func() tea.Msg {
			ctx, cancel := ctxTimeout()
			defer cancel()
			if _, err := s.LogActivity(ctx, a, next); err != nil {
				return formSavedMsg{form: f, err: err}
			}
			status := fmt.Sprintf("Logged %s on %s", kind, model.Clean(d.Title))
			if next.Set && next.Step != "" {
				status += fmt.Sprintf(" · next: %s %s", model.Clean(next.Step), next.Due)
			}
			return formSavedMsg{form: f, changed: changedMsg{status: status + " · u undoes"}}
		}, nil
	}
	return f
}

// loggedAt reads when an activity happened: blank is now; a past day is
// that day at the current time of day; the future is refused.
func loggedAt(clock model.Clock, s string) (time.Time, error) {
	now := clock.Now()
	if strings.TrimSpace(s) == "" || strings.EqualFold(strings.TrimSpace(s), "now") {
		return now, nil
	}
	d, err := clock.Parse(s)
	if err != nil {
		return time.Time{}, err
	}
	today := clock.Today()
	if d.After(today) {
		return time.Time{}, fmt.Errorf("%s is in the future; log what happened, set a next step for what will", d)
	}
	if d == today {
		return now, nil
	}
	return d.Start(now.Location()).Add(12 * time.Hour), nil
}

// newLostDialog asks why a deal was lost, offering past reasons.
func newLostDialog(e *env, d model.Deal) tea.Cmd {
	s := e.store
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		reasons, err := s.LostReasons(ctx, 50)
		if err != nil {
			return statusMsg{text: err.Error(), isErr: true}
		}
		f := newForm(e, "Lost — "+model.Clean(d.Title))
		r := f.pickOne("reason", "Why", "", "price, competitor, no budget…", func(q string) tea.Cmd {
			return func() tea.Msg { return matchReasons(reasons, q) }
		})
		r.required = true
		r.hint = "pick a past reason with ↓ and enter, or type a new one"
		f.save = func(f *form) (tea.Cmd, error) {
			reason := f.get("reason")
			return func() tea.Msg {
				msg := closeDeal(s, d, model.Lost, reason)()
				c, _ := msg.(changedMsg)
				if c.err != nil && !c.reload {
					return formSavedMsg{form: f, err: c.err}
				}
				return formSavedMsg{form: f, changed: c}
			}, nil
		}
		return openModalMsg{modal: f}
	}
}

// matchReasons keeps the past reasons containing q (all when q is blank).
func matchReasons(reasons []string, q string) []pick {
	q = strings.ToLower(strings.TrimSpace(q))
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

// offerContract follows a won new-business deal: the account just became
// a customer, so offer to start its contract (value per year, start,
// term) so its renewal comes round later. esc skips.
func offerContract(d model.Deal) tea.Cmd {
	return func() tea.Msg { return offerContractMsg{deal: d} }
}

type offerContractMsg struct{ deal model.Deal }

func newContractDialog(e *env, d model.Deal) *form {
	f := newForm(e, "Start the contract — "+model.Clean(d.AccountName))
	clock := e.clock
	currency := d.Value.Currency
	f.text("value", "Value per year", d.Value.String(), "the annual contract value", func(s string) error {
		_, err := model.ParseMoney(s, currency)
		return err
	}).required = true
	f.text("start", "Start", clock.Today().String(), "today, mon, 2027-01-01", func(s string) error {
		_, err := clock.Parse(s)
		return err
	}).required = true
	f.text("term", "Term (months)", "12", "12", checkTerm).required = true
	f.text("notice", "Notice (days)", "30", "days before the end", checkDays).required = true
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
		months, _ := strconv.Atoi(strings.TrimSpace(f.get("term")))
		notice, _ := strconv.Atoi(strings.TrimSpace(f.get("notice")))
		c := model.Contract{AccountID: d.AccountID, DealID: d.ID, Value: value, Start: start,
			End: start.AddMonths(months).AddDays(-1), NoticeDays: notice, AutoRenew: f.get("auto renew") == "yes",
			Status: model.ContractActive}
		if err := c.Validate(); err != nil {
			return nil, err
		}
		s := e.store
		return func() tea.Msg {
			ctx, cancel := ctxTimeout()
			defer cancel()
			saved, err := s.CreateContract(ctx, c)
			if err != nil {
				return formSavedMsg{form: f, err: err}
			}
			return formSavedMsg{form: f, changed: changedMsg{status: fmt.Sprintf("Contract started: %s a year, renews by %s",
				saved.Value.Short(), saved.End)}}
		}, nil
	}
	return f
}

func checkTerm(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 || n > 120 {
		return fmt.Errorf("a whole number of months from 1 to 120")
	}
	return nil
}

func checkDays(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > 365 {
		return fmt.Errorf("a whole number of days from 0 to 365")
	}
	return nil
}

// newSnoozeDialog hides a deal from Today until a date.
func newSnoozeDialog(e *env, d model.Deal) *form {
	f := newForm(e, "Snooze — "+model.Clean(d.Title))
	clock := e.clock
	u := f.text("until", "Until", "tomorrow", "tomorrow, mon, +3d", func(s string) error {
		_, err := clock.Parse(s)
		return err
	})
	u.required = true
	u.hint = "it comes back to Today on that day"
	f.save = func(f *form) (tea.Cmd, error) {
		until, err := clock.Parse(f.get("until"))
		if err != nil {
			return nil, &model.FieldError{Field: "until", Problem: err.Error()}
		}
		s := e.store
		return func() tea.Msg {
			ctx, cancel := ctxTimeout()
			defer cancel()
			if _, err := s.Snooze(ctx, d, until); err != nil {
				return formSavedMsg{form: f, err: err}
			}
			return formSavedMsg{form: f, changed: changedMsg{status: fmt.Sprintf("Snoozed %s until %s · u undoes",
				model.Clean(d.Title), shortDate(until, clock.Today()))}}
		}, nil
	}
	return f
}
