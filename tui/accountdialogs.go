package tui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"rolo/model"
	"rolo/store"
)

// checkInDialog logs a check-in on an account: one line, enter saves. (A
// minimal stand-in with the signature the account manager's day, issue
// 8, gives its full dialog; the lead keeps that one at merge.)
func checkInDialog(c *appContext, a model.Account) *form {
	f := newForm(c, "Check-in — "+model.Clean(a.Name))
	t := f.text("text", "What you heard", "", "Happy with the rollout; wants SSO next quarter")
	t.required, t.input.CharLimit = true, model.MaxTextLen
	t.hint = "one line; enter saves · it resets the account's check-in clock"
	f.save = func(f *form) (tea.Cmd, error) {
		act := model.Activity{AccountID: a.ID, Kind: model.CheckIn, Text: f.get("text"), At: c.clock.Now()}
		s, name := c.store, model.Clean(a.Name)
		return func() tea.Msg {
			ctx, cancel := ctxTimeout()
			defer cancel()
			if _, err := s.LogActivity(ctx, act, store.NextStep{}); err != nil {
				return savedErr(f, err)
			}
			return formSavedMsg{form: f, changed: changedMsg{status: fmt.Sprintf("Checked in with %s · u undoes", name), focus: accountRef(a.ID)}}
		}, nil
	}
	return f
}
