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

// The account manager's dialogs: a check-in, logging anything on an
// account, a task done, a support issue (open, edit, resolve), a survey
// answer, a contact, the account itself, and the add-on contract a won
// expansion offers. Each saves with one store call (one transaction, one
// undo) and keeps what was typed when the record changed elsewhere.

// checkInDialog logs a check-in in one line: c, type, enter. Tab reaches
// the optional fields: who, another kind of touch, the next check-in date
// (instead of the cadence, once) and a task with its due date.
func checkInDialog(c *appContext, a model.Account) *form {
	f := newForm(c, "Check in — "+model.Clean(a.Name))
	clock := c.clock
	t := f.text("text", "What happened", "", "Quarterly check-in: happy, asked about SSO")
	t.required, t.submits, t.input.CharLimit = true, true, model.MaxTextLen
	t.hint = "enter saves · tab for who, the next check-in and a task"
	contactField(f, c, a)
	f.choose("kind", "Kind", []string{"check-in", "call", "email", "meeting", "note"}, "check-in")
	next := f.date("next check-in", "Next check-in", model.Date{}, "in 2 weeks, Jan 15", false)
	next.hint = cadenceHint(a, clock.Today())
	taskFields(f, c)
	f.rebase = func(current any) {
		if cur, ok := current.(model.Account); ok {
			a = cur
		}
	}
	f.save = func(f *form) (tea.Cmd, error) {
		act := model.Activity{Kind: model.ActivityKind(f.get("kind")), Text: f.get("text")}
		var err error
		if act.ContactID, err = pickedContact(f, a); err != nil {
			return nil, err
		}
		follow, err := followUpFrom(f, c)
		if err != nil {
			return nil, err
		}
		return logOnAccount(c, f, a, act, follow), nil
	}
	return f
}

// accountLogDialog logs any kind of touch on an account (a task: due on
// the day given) and, optionally, a follow-up task.
func accountLogDialog(c *appContext, a model.Account) *form {
	f := newForm(c, "Log — "+model.Clean(a.Name))
	clock := c.clock
	f.choose("kind", "Kind", []string{"call", "email", "meeting", "note", "check-in", "task"}, "call")
	t := f.text("text", "What happened", "", "Sent the renewal quote")
	t.required, t.input.CharLimit = true, model.MaxTextLen
	contactField(f, c, a)
	when := f.date("when", "When", model.Date{}, "now, yesterday, mon", true)
	when.hint = "blank means now · for a task, the day it is due"
	// A task is due on a future day; anything else happened in the past.
	when.preview = func(s string) (string, error) {
		d, err := logDay(clock, f.get("kind"), s)
		if err != nil {
			return "", err
		}
		return d.Long(clock.Today()), nil
	}
	when.check = func(s string) error { _, err := logDay(clock, f.get("kind"), s); return err }
	taskFields(f, c)
	f.rebase = func(current any) {
		if cur, ok := current.(model.Account); ok {
			a = cur
		}
	}
	f.save = func(f *form) (tea.Cmd, error) {
		act := model.Activity{Kind: model.ActivityKind(f.get("kind")), Text: f.get("text")}
		var err error
		if act.ContactID, err = pickedContact(f, a); err != nil {
			return nil, err
		}
		if act.Kind == model.Task {
			if f.get("when") == "" {
				return nil, &model.FieldError{Field: "when", Problem: "when is the task due? (tomorrow, fri, Dec 5)"}
			}
			act.Due, _ = clock.Parse(f.get("when"))
		} else if act.At, err = loggedAt(clock, f.get("when")); err != nil {
			return nil, &model.FieldError{Field: "when", Problem: err.Error()}
		}
		follow, err := followUpFrom(f, c)
		if err != nil {
			return nil, err
		}
		return logOnAccount(c, f, a, act, follow), nil
	}
	return f
}

// logDay reads a log dialog's day: a task's due day (today or later), or
// the day something happened (today or earlier).
func logDay(clock model.Clock, kind, s string) (model.Date, error) {
	if model.ActivityKind(kind) == model.Task {
		d, err := clock.Parse(s)
		if err == nil && d.Before(clock.Today()) {
			err = fmt.Errorf("%s is in the past; a task is due today or later", d.Short(clock.Today()))
		}
		return d, err
	}
	if strings.EqualFold(strings.TrimSpace(s), "now") {
		return clock.Today(), nil
	}
	d, err := clock.ParsePast(s)
	if err == nil && d.After(clock.Today()) {
		err = fmt.Errorf("%s is in the future; log what happened, add a task for what will", d.Short(clock.Today()))
	}
	return d, err
}

// logOnAccount is the write of the check-in and log dialogs.
func logOnAccount(c *appContext, f *form, a model.Account, act model.Activity, follow store.FollowUp) tea.Cmd {
	s, today := c.store, c.clock.Today()
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		if _, err := s.LogOnAccount(ctx, a, act, follow); err != nil {
			return savedErr(f, err)
		}
		status := fmt.Sprintf("Logged %s on %s", act.Kind, model.Clean(a.Name))
		switch {
		case act.Kind == model.CheckIn:
			status = "Checked in with " + model.Clean(a.Name)
		case act.Kind == model.Task:
			status = fmt.Sprintf("Task for %s due %s", model.Clean(a.Name), act.Due.Short(today))
		}
		if !follow.NextCheckIn.IsZero() {
			status += " · next check-in " + follow.NextCheckIn.Short(today)
		}
		if follow.Task != "" {
			status += fmt.Sprintf(" · task %s due %s", model.Clean(follow.Task), follow.TaskDue.Short(today))
		}
		return formSavedMsg{form: f, changed: changedMsg{status: status + " · u undoes", focus: accountRef(a.ID)}}
	}
}

// cadenceHint says what a blank next check-in means.
func cadenceHint(a model.Account, today model.Date) string {
	if a.CadenceDays <= 0 {
		return "blank: no check-in planned (this account has no cadence)"
	}
	return fmt.Sprintf("blank: every %dd, so %s", a.CadenceDays, today.AddDays(a.CadenceDays).Short(today))
}

// taskFields adds the follow-up task and its due date.
func taskFields(f *form, c *appContext) {
	f.text("task", "Task", "", "Send the SSO pricing (optional)").input.CharLimit = model.MaxTextLen
	due := f.date("task due", "Task due", model.Date{}, "tomorrow, fri, Dec 5", false)
	due.check = futureDue(c, due)
}

// followUpFrom reads the next check-in and the task of a dialog.
func followUpFrom(f *form, c *appContext) (store.FollowUp, error) {
	var out store.FollowUp
	var err error
	if f.field("next check-in") != nil {
		if out.NextCheckIn, err = optionalDate(c, f.get("next check-in")); err != nil {
			return out, &model.FieldError{Field: "next check-in", Problem: err.Error()}
		}
	}
	out.Task = f.get("task")
	if out.TaskDue, err = optionalDate(c, f.get("task due")); err != nil {
		return out, &model.FieldError{Field: "task due", Problem: err.Error()}
	}
	switch {
	case out.Task != "" && out.TaskDue.IsZero():
		return out, &model.FieldError{Field: "task due", Problem: "when is the task due? (tomorrow, fri, Dec 5)"}
	case out.Task == "" && !out.TaskDue.IsZero():
		return out, &model.FieldError{Field: "task", Problem: "say what is due on " + out.TaskDue.Short(c.clock.Today())}
	}
	return out, nil
}

// contactField adds an optional pick of one of the account's contacts.
func contactField(f *form, c *appContext, a model.Account) *field {
	fl := f.pickOne("contact", "Contact", "", "who (optional; type to pick)", suggestContactsOf(c.store, a.ID))
	fl.hint = "one of the account's contacts (C on its page adds one)"
	return fl
}

// pickedContact is the contact picked in the dialog's contact field, 0
// when blank.
func pickedContact(f *form, a model.Account) (int64, error) {
	fl := f.field("contact")
	if p, ok := fl.pickedStill(); ok {
		return p.id, nil
	}
	if strings.TrimSpace(fl.value()) == "" {
		return 0, nil
	}
	return 0, &model.FieldError{Field: "contact", Problem: fmt.Sprintf("pick one of %s's contacts with ↓ and enter, or leave it blank", model.Clean(a.Name))}
}

// suggestContactsOf lists an account's contacts matching what is typed.
func suggestContactsOf(s *store.Store, accountID int64) func(string) tea.Cmd {
	return func(q string) tea.Cmd {
		return func() tea.Msg {
			ctx, cancel := ctxTimeout()
			defer cancel()
			contacts, err := s.SuggestContacts(ctx, accountID, q, 6)
			if err != nil {
				return []pick(nil)
			}
			out := make([]pick, len(contacts))
			for i, ct := range contacts {
				out[i] = pick{id: ct.ID, owner: ct.AccountID, label: ct.Name, note: ct.Title}
			}
			return out
		}
	}
}

// taskDoneDialog marks a task done and offers the next one: enter with
// nothing typed just marks it done.
func taskDoneDialog(c *appContext, t model.Activity, account string) *form {
	f := newForm(c, "Done — "+model.Clean(t.Text))
	f.note = "on " + model.Clean(account) + " · a task done is a touch: it resets the check-in clock"
	next := f.text("task", "Next task", "", "Book the QBR (optional)")
	next.submits, next.input.CharLimit = true, model.MaxTextLen
	next.hint = "enter saves · leave it blank for no next task"
	due := f.date("task due", "Due", model.Date{}, "tomorrow, fri, Dec 5", false)
	due.check = futureDue(c, due)
	f.rebase = func(current any) {
		if cur, ok := current.(model.Activity); ok {
			t = cur
		}
	}
	f.save = func(f *form) (tea.Cmd, error) {
		follow, err := followUpFrom(f, c)
		if err != nil {
			return nil, err
		}
		s, today := c.store, c.clock.Today()
		return func() tea.Msg {
			ctx, cancel := ctxTimeout()
			defer cancel()
			if _, err := s.CompleteTask(ctx, t, follow); err != nil {
				return savedErr(f, err)
			}
			status := "Done: " + model.Clean(t.Text)
			if follow.Task != "" {
				status += fmt.Sprintf(" · next: %s %s", model.Clean(follow.Task), follow.TaskDue.Short(today))
			}
			return formSavedMsg{form: f, changed: changedMsg{status: status + " · u undoes", focus: accountRef(t.AccountID)}}
		}, nil
	}
	return f
}

// severityNames are the severities as the dialogs offer them.
func severityNames() []string {
	out := make([]string, len(model.Severities))
	for i, s := range model.Severities {
		out[i] = string(s)
	}
	return out
}

// issueDialog opens a support issue on an account (i.ID 0) or edits one's
// title and severity.
func issueDialog(c *appContext, a model.Account, i model.SupportIssue) *form {
	title, sev := "Open an issue — "+model.Clean(a.Name), string(model.SevNormal)
	if i.ID != 0 {
		title, sev = fmt.Sprintf("Edit issue %d — %s", i.ID, model.Clean(a.Name)), string(i.Severity)
	}
	f := newForm(c, title)
	f.text("title", "Title", i.Title, "SSO login fails for admins").required = true
	f.choose("severity", "Severity", severityNames(), sev).hint = "urgent and high show in Today after a day"
	f.rebase = func(current any) {
		if cur, ok := current.(model.SupportIssue); ok {
			i = cur
		}
		f.adopt("title", i.Title)
		f.adopt("severity", string(i.Severity))
	}
	f.save = func(f *form) (tea.Cmd, error) {
		t, sev := f.get("title"), model.Severity(f.get("severity"))
		s := c.store
		return func() tea.Msg {
			ctx, cancel := ctxTimeout()
			defer cancel()
			var err error
			var saved model.SupportIssue
			if i.ID == 0 {
				saved, err = s.CreateIssue(ctx, model.SupportIssue{AccountID: a.ID, Title: t, Severity: sev})
			} else {
				saved, err = s.UpdateIssue(ctx, i, t, sev)
			}
			if err != nil {
				return savedErr(f, err)
			}
			verb := "Opened"
			if i.ID != 0 {
				verb = "Saved"
			}
			return formSavedMsg{form: f, changed: changedMsg{status: fmt.Sprintf("%s issue %d (%s): %s · u undoes", verb, saved.ID,
				saved.Severity, model.Clean(saved.Title)), focus: accountRef(a.ID)}}
		}, nil
	}
	return f
}

// resolveDialog resolves an open issue with a note saying what fixed it.
func resolveDialog(c *appContext, i model.SupportIssue) *form {
	f := newForm(c, "Resolve — "+model.Clean(i.Title))
	n := f.text("resolution", "What fixed it", "", "Patched in 4.2; confirmed with Dana")
	n.required, n.submits, n.input.CharLimit = true, true, model.MaxTextLen
	n.hint = "enter resolves it · resolving is a touch of the account"
	f.rebase = func(current any) {
		if cur, ok := current.(model.SupportIssue); ok {
			i = cur
		}
	}
	f.save = func(f *form) (tea.Cmd, error) {
		note, s := f.get("resolution"), c.store
		return func() tea.Msg {
			ctx, cancel := ctxTimeout()
			defer cancel()
			if _, err := s.ResolveIssue(ctx, i, note); err != nil {
				return savedErr(f, err)
			}
			return formSavedMsg{form: f, changed: changedMsg{status: fmt.Sprintf("Resolved issue %d: %s · u undoes", i.ID,
				model.Clean(i.Title)), focus: accountRef(i.AccountID)}}
		}, nil
	}
	return f
}

// reopenIssue opens a resolved issue again.
func reopenIssue(s *store.Store, i model.SupportIssue) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		if _, err := s.ReopenIssue(ctx, i); err != nil {
			return changedMsg{err: staleHint(err, "look again before reopening it"), focus: accountRef(i.AccountID)}
		}
		return changedMsg{status: fmt.Sprintf("Reopened issue %d: %s · u undoes", i.ID, model.Clean(i.Title)), focus: accountRef(i.AccountID)}
	}
}

// surveyDialog records a CSAT (1–5) or NPS (0–10) answer: s, the score,
// enter. Tab reaches the kind, a comment, who and when.
func surveyDialog(c *appContext, a model.Account) *form {
	f := newForm(c, "Survey answer — "+model.Clean(a.Name))
	clock := c.clock
	score := f.text("score", "Score", "", "4 (CSAT 1–5) or 9 (NPS 0–10)")
	score.required, score.submits = true, true
	score.hint = "enter saves as the kind below · tab to change it, add a comment or who"
	score.check = func(s string) error { _, err := surveyScore(f.get("kind"), s); return err }
	f.choose("kind", "Kind", []string{"CSAT", "NPS"}, "CSAT")
	f.text("comment", "Comment", "", "Fast fix, thanks").input.CharLimit = model.MaxTextLen
	contactField(f, c, a)
	f.date("when", "When", model.Date{}, "now, yesterday, mon", true).hint = "blank means now"
	f.save = func(f *form) (tea.Cmd, error) {
		kind := model.SurveyKind(strings.ToLower(f.get("kind")))
		n, err := surveyScore(f.get("kind"), f.get("score"))
		if err != nil {
			return nil, &model.FieldError{Field: "score", Problem: err.Error()}
		}
		at, err := loggedAt(clock, f.get("when"))
		if err != nil {
			return nil, &model.FieldError{Field: "when", Problem: err.Error()}
		}
		sv := model.Survey{AccountID: a.ID, Kind: kind, Score: n, Comment: f.get("comment"), At: at}
		if sv.ContactID, err = pickedContact(f, a); err != nil {
			return nil, err
		}
		s := c.store
		return func() tea.Msg {
			ctx, cancel := ctxTimeout()
			defer cancel()
			if _, err := s.CreateSurvey(ctx, sv); err != nil {
				return savedErr(f, err)
			}
			out := 5
			if kind == model.NPS {
				out = 10
			}
			return formSavedMsg{form: f, changed: changedMsg{status: fmt.Sprintf("Recorded %s %d/%d from %s · u undoes",
				strings.ToUpper(string(kind)), n, out, model.Clean(a.Name)), focus: accountRef(a.ID)}}
		}, nil
	}
	return f
}

// surveyScore reads a score for its kind.
func surveyScore(kind, s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	lo, hi := 1, 5
	if strings.EqualFold(kind, "nps") {
		lo, hi = 0, 10
	}
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("a %s score is a whole number from %d to %d", strings.ToUpper(kind), lo, hi)
	}
	return n, nil
}

// contactDialog adds a contact to an account (ct.ID 0) or edits one.
func contactDialog(c *appContext, a model.Account, ct model.Contact) *form {
	title := "Add a contact — " + model.Clean(a.Name)
	if ct.ID != 0 {
		title = "Edit contact — " + model.Clean(a.Name)
	}
	f := newForm(c, title)
	f.text("name", "Name", ct.Name, "Dana Whitaker").required = true
	f.text("title", "Title", ct.Title, "VP Operations")
	f.text("email", "Email", ct.Email, "dana@acme.example")
	f.text("phone", "Phone", ct.Phone, "+1 415 555 0100")
	f.rebase = func(current any) {
		if cur, ok := current.(model.Contact); ok {
			ct = cur
		}
		for k, v := range map[string]string{"name": ct.Name, "title": ct.Title, "email": ct.Email, "phone": ct.Phone} {
			f.adopt(k, v)
		}
	}
	f.save = func(f *form) (tea.Cmd, error) {
		edited := ct
		edited.AccountID = a.ID
		edited.Name, edited.Title = f.field("name").value(), f.field("title").value()
		edited.Email, edited.Phone = f.get("email"), f.field("phone").value()
		if err := edited.Validate(); err != nil {
			return nil, err
		}
		s, seen := c.store, ct
		return saveRecord(f, seen.ID == 0,
			func(ctx context.Context) (model.Contact, error) { return s.CreateContact(ctx, edited) },
			func(ctx context.Context) (model.Contact, error) { return s.UpdateContact(ctx, seen, edited) },
			func(saved model.Contact, verb string) changedMsg {
				return changedMsg{status: fmt.Sprintf("%s %s at %s · u undoes", verb, model.Clean(saved.Name), model.Clean(a.Name)),
					focus: accountRef(a.ID)}
			}), nil
	}
	return f
}

// archiveContactDialog asks before taking a contact off the account.
func archiveContactDialog(c *appContext, ct model.Contact) *confirmDialog {
	lines := []string{fmt.Sprintf("%s leaves the account's contacts. Deals and activities that name them keep the name; u brings them back.",
		model.Clean(ct.Name))}
	s := c.store
	return newConfirm(c, "Archive contact?", lines, "archive", func() tea.Cmd {
		return func() tea.Msg {
			ctx, cancel := ctxTimeout()
			defer cancel()
			if _, err := s.ArchiveContact(ctx, ct); err != nil {
				return changedMsg{err: staleHint(err, "look again before archiving"), focus: accountRef(ct.AccountID)}
			}
			return changedMsg{status: fmt.Sprintf("Archived %s · u undoes", model.Clean(ct.Name)), focus: accountRef(ct.AccountID)}
		}
	})
}

// accountForm creates an account (a.ID 0) or edits one. A blank cadence
// is the tier's default; 0 means no check-ins.
func accountForm(c *appContext, a model.Account) *form {
	title := "New account"
	if a.ID != 0 {
		title = "Edit account — " + model.Clean(a.Name)
	}
	f := newForm(c, title)
	f.text("name", "Name", a.Name, "Acme Corp").required = true
	status := string(a.Status)
	if status == "" {
		status = string(model.Prospect)
	}
	f.choose("status", "Status", []string{"prospect", "customer", "churned"}, status)
	f.text("tier", "Tier", a.Tier, "enterprise, mid-market, smb")
	f.text("industry", "Industry", a.Industry, "Logistics")
	f.text("website", "Website", a.Website, "acme.example")
	cadence := ""
	if a.ID != 0 {
		cadence = strconv.Itoa(a.CadenceDays)
	}
	cd := f.text("cadence", "Check-in every", cadence, "30 (days; blank: the tier's default; 0: none)")
	cd.check = func(s string) error { _, err := parseCadence(s); return err }
	cd.hint = "days between check-ins: enterprise 14, mid-market 30, smb 60 unless you say"
	f.text("churn reason", "Churn reason", a.ChurnReason, "went in-house (when churned)")
	f.notes("notes", "Notes", a.Notes, "who decides, what they care about")
	f.rebase = func(current any) {
		if cur, ok := current.(model.Account); ok {
			a = cur
		}
		for k, v := range map[string]string{"name": a.Name, "status": string(a.Status), "tier": a.Tier, "industry": a.Industry,
			"website": a.Website, "cadence": strconv.Itoa(a.CadenceDays), "churn reason": a.ChurnReason, "notes": a.Notes} {
			f.adopt(k, v)
		}
	}
	f.save = func(f *form) (tea.Cmd, error) {
		edited := a
		edited.Name, edited.Status = f.field("name").value(), model.AccountStatus(f.get("status"))
		edited.Tier, edited.Industry, edited.Website = f.get("tier"), f.field("industry").value(), f.get("website")
		edited.ChurnReason, edited.Notes = f.field("churn reason").value(), f.field("notes").value()
		days, _ := parseCadence(f.get("cadence"))
		switch {
		case days < 0 && a.ID == 0:
			edited.CadenceDays = 0 // the store gives a new account its tier's default
		case days < 0:
			edited.CadenceDays = model.DefaultCadence(edited.Tier)
		case days == 0 && a.ID == 0:
			edited.CadenceDays = model.CadenceNone
		default:
			edited.CadenceDays = days
		}
		if edited.Status == model.Customer && edited.CustomerSince.IsZero() {
			edited.CustomerSince = c.clock.Today()
		}
		if edited.Status != model.Churned {
			edited.ChurnReason = ""
		}
		check := edited
		check.CadenceDays = max(0, check.CadenceDays)
		if err := check.Validate(); err != nil {
			return nil, err
		}
		s, seen := c.store, a
		return saveRecord(f, seen.ID == 0,
			func(ctx context.Context) (model.Account, error) { return s.CreateAccount(ctx, edited) },
			func(ctx context.Context) (model.Account, error) { return s.UpdateAccount(ctx, seen, edited) },
			func(saved model.Account, verb string) changedMsg {
				return changedMsg{status: fmt.Sprintf("%s %s · u undoes", verb, model.Clean(saved.Name)), focus: accountRef(saved.ID)}
			}), nil
	}
	return f
}

// parseCadence reads days between check-ins: blank is -1 (the tier's
// default).
func parseCadence(s string) (int, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "d"))
	if s == "" {
		return -1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 3650 {
		return 0, fmt.Errorf("a whole number of days from 0 (no check-ins) to 3650")
	}
	return n, nil
}

// addOnForm follows a won expansion deal on a customer: its value joins
// the customer's ARR as an add-on contract that starts on the win date
// and ends with the current contract. esc skips.
func addOnForm(c *appContext, d model.Deal, current model.Contract) *form {
	f := newForm(c, "Add to ARR — "+model.Clean(d.AccountName))
	clock := c.clock
	today := clock.Today()
	f.note = fmt.Sprintf("%s is won. Add its value to the customer's ARR as an add-on that ends with the current contract "+
		"(%s/yr, ends %s), so retention figures see the expansion? esc skips.", model.Clean(d.Title), current.Value.Short(),
		current.End.Short(today))
	currency := d.Value.Currency
	f.money("value", "Value per year", d.Value.String(), "the add-on's yearly value", currency).required = true
	start := clock.DateOf(d.ClosedAt)
	if d.ClosedAt.IsZero() {
		start = today
	}
	f.date("start", "Start", start, "the win date", false).required = true
	f.date("end", "End", current.End, "the current contract's end", false).required = true
	f.save = func(f *form) (tea.Cmd, error) {
		value, err := model.ParseMoney(f.get("value"), currency)
		if err != nil {
			return nil, &model.FieldError{Field: "value", Problem: err.Error()}
		}
		from, err := clock.Parse(f.get("start"))
		if err != nil {
			return nil, &model.FieldError{Field: "start", Problem: err.Error()}
		}
		to, err := clock.Parse(f.get("end"))
		if err != nil {
			return nil, &model.FieldError{Field: "end", Problem: err.Error()}
		}
		ct := model.Contract{AccountID: d.AccountID, DealID: d.ID, Value: value, Start: from, End: to,
			NoticeDays: current.NoticeDays, AutoRenew: current.AutoRenew, Status: model.ContractActive}
		if err := ct.Validate(); err != nil {
			return nil, err
		}
		s := c.store
		return func() tea.Msg {
			ctx, cancel := ctxTimeout()
			defer cancel()
			saved, err := s.CreateContract(ctx, ct)
			if err != nil {
				return savedErr(f, err)
			}
			return formSavedMsg{form: f, changed: changedMsg{status: fmt.Sprintf("Added %s a year to %s's ARR (ends %s) · u undoes",
				saved.Value.Short(), model.Clean(d.AccountName), saved.End.Short(today)), focus: accountRef(d.AccountID)}}
		}, nil
	}
	return f
}
