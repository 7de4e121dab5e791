package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"rolo/model"
	"rolo/store"
)

// The account manager's writes from the command line: check-ins,
// contacts, support issues and survey answers (and their listings).
// Each is one transaction, undone by `rolo undo`.

func (a *app) checkinCommand() *cobra.Command {
	var contact, next, kind, task, due, when string
	cmd := &cobra.Command{
		Use:   "checkin ACCOUNT TEXT",
		Short: "Log a check-in with an account (it resets the check-in clock)",
		Long: `Logs a check-in: the account's last touch becomes now, so its next check-in is due
a cadence from today. --next sets the day of the next check-in instead, once (the
following check-in goes back to the cadence). --task and --due add a task with it.`,
		Example: `  rolo checkin "Acme Corp" "Quarterly check-in: happy, wants SSO"
  rolo checkin acme "Renewal chat" --contact dana --next "Jan 15" --task "Send SSO pricing" --due fri`,
		Args: exactArgs(2, "an account and what happened"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := clock()
			if err != nil {
				return err
			}
			act := model.Activity{Kind: model.ActivityKind(kind), Text: args[1]}
			if act.Kind == model.Task {
				return usagef("--kind task is not a touch; use --task and --due for a task (or rolo log --kind task)")
			}
			if act.At, err = whenFlag(c, when); err != nil {
				return err
			}
			var follow store.FollowUp
			if follow.NextCheckIn, err = optionalDate(c, "--next", next); err != nil {
				return err
			}
			if follow, err = taskFlags(c, follow, task, due); err != nil {
				return err
			}
			ctx := cmd.Context()
			return a.withStore(ctx, writing, func(s *store.Store) error {
				acct, err := s.FindAccount(ctx, args[0])
				if err != nil {
					return asUsage(err)
				}
				if contact != "" {
					ct, err := s.FindContact(ctx, acct.ID, contact)
					if err != nil {
						return asUsage(err)
					}
					act.ContactID = ct.ID
				}
				if _, err := s.LogOnAccount(ctx, acct, act, follow); err != nil {
					return refused(asUsage(err))
				}
				saved, err := s.Account(ctx, acct.ID)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.out, "Logged %s on account %s (%s).", act.Kind, model.Clean(acct.Name), model.TypedID(model.KindAccount, acct.ID))
				if due := saved.CheckInDue(c.Loc); !due.IsZero() {
					fmt.Fprintf(a.out, " Next check-in due %s.", due)
				}
				if follow.Task != "" {
					fmt.Fprintf(a.out, " Task: %s, due %s.", model.Clean(follow.Task), follow.TaskDue)
				}
				fmt.Fprintln(a.out)
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&contact, "contact", "", "who it was with (one of the account's contacts)")
	f.StringVar(&next, "next", "", "the day of the next check-in, instead of the cadence (once)")
	f.StringVar(&kind, "kind", "check-in", "check-in, call, email, meeting or note")
	f.StringVar(&task, "task", "", "a task to add with it (needs --due)")
	f.StringVar(&due, "due", "", "when the task is due: fri, +3d, 2026-12-05")
	f.StringVar(&when, "when", "", "when it happened (default now): yesterday, mon, 2026-11-20")
	return cmd
}

// whenFlag reads --when: blank is now; a past day is that day at noon;
// the future is refused.
func whenFlag(c model.Clock, when string) (time.Time, error) {
	if strings.TrimSpace(when) == "" {
		return c.Now(), nil
	}
	day, err := c.Parse(when)
	if err != nil {
		return time.Time{}, usagef("--when: %v", err)
	}
	switch {
	case day.After(c.Today()):
		return time.Time{}, usagef("--when: %s is in the future; log what happened, add a --task for what will", day)
	case day == c.Today():
		return c.Now(), nil
	}
	return day.Start(c.Now().Location()).Add(12 * time.Hour), nil
}

// taskFlags reads --task and --due into a follow-up.
func taskFlags(c model.Clock, f store.FollowUp, task, due string) (store.FollowUp, error) {
	switch {
	case task != "" && due == "":
		return f, usagef("--task needs --due: when is it due? (fri, +3d, 2026-12-05)")
	case task == "" && due != "":
		return f, usagef("--due needs --task: say what is due")
	}
	f.Task = task
	var err error
	f.TaskDue, err = optionalDate(c, "--due", due)
	return f, err
}

// logOnAccountCmd is `rolo log` on an account: the touch (or, with
// --kind task, a task due on --due), and --next/--due as a follow-up task.
func logOnAccountCmd(cmd *cobra.Command, s *store.Store, c model.Clock, act model.Activity, next, due string) (string, error) {
	ctx := cmd.Context()
	acct, err := s.Account(ctx, act.AccountID)
	if err != nil {
		return "", err
	}
	var follow store.FollowUp
	if act.Kind == model.Task {
		if next != "" || due == "" {
			return "", usagef("a task on an account is the text with --due (when it is due); --next adds a task to another kind of touch")
		}
		if act.Due, err = optionalDate(c, "--due", due); err != nil {
			return "", err
		}
		act.At = time.Time{}
	} else if follow, err = taskFlags(c, follow, next, due); err != nil {
		return "", err
	}
	if _, err := s.LogOnAccount(ctx, acct, act, follow); err != nil {
		return "", refused(asUsage(err))
	}
	msg := ""
	switch {
	case act.Kind == model.Task:
		msg = fmt.Sprintf(" Task due %s.", act.Due)
	case follow.Task != "":
		msg = fmt.Sprintf(" Task: %s, due %s.", model.Clean(follow.Task), follow.TaskDue)
	}
	return msg, nil
}

func (a *app) contactCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "contact",
		Short: "Add, edit, archive or list an account's contacts",
		Args:  noArgs,
	}
	var email, phone, title, name string
	flags := func(c *cobra.Command, editing bool) {
		c.Flags().StringVar(&email, "email", "", "email address")
		c.Flags().StringVar(&phone, "phone", "", "phone number")
		c.Flags().StringVar(&title, "title", "", "job title")
		if editing {
			c.Flags().StringVar(&name, "name", "", "a new name")
		}
	}
	add := &cobra.Command{
		Use:     "add ACCOUNT NAME",
		Short:   "Add a contact to an account",
		Example: `  rolo contact add "Acme Corp" "Dana Whitaker" --title "VP Operations" --email dana@acme.example --phone "+1 415 555 0100"`,
		Args:    exactArgs(2, "an account and the contact's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.withStore(ctx, writing, func(s *store.Store) error {
				acct, err := s.FindAccount(ctx, args[0])
				if err != nil {
					return asUsage(err)
				}
				saved, err := s.CreateContact(ctx, model.Contact{AccountID: acct.ID, Name: args[1], Email: strings.TrimSpace(email),
					Phone: strings.TrimSpace(phone), Title: strings.TrimSpace(title)})
				if err != nil {
					return asUsage(err)
				}
				fmt.Fprintf(a.out, "Added %s to %s (%s).\n", model.Clean(saved.Name), model.Clean(acct.Name), model.TypedID(model.KindContact, saved.ID))
				return nil
			})
		},
	}
	flags(add, false)
	edit := &cobra.Command{
		Use:     "edit ACCOUNT NAME",
		Short:   "Change a contact's name, title, email or phone",
		Example: `  rolo contact edit acme dana --phone "+1 415 555 0199"`,
		Args:    exactArgs(2, "an account and the contact (part of the name, or contact:ID)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if !anyChanged(cmd, "name", "title", "email", "phone") {
				return usagef("say what to change: --name, --title, --email or --phone")
			}
			return a.withStore(ctx, writing, func(s *store.Store) error {
				seen, err := findContact(cmd, s, args[0], args[1])
				if err != nil {
					return err
				}
				edited := seen
				changed := cmd.Flags().Changed
				if changed("name") {
					edited.Name = name
				}
				if changed("title") {
					edited.Title = title
				}
				if changed("email") {
					edited.Email = email
				}
				if changed("phone") {
					edited.Phone = phone
				}
				saved, err := s.UpdateContact(ctx, seen, edited)
				if err != nil {
					return refused(asUsage(err))
				}
				fmt.Fprintf(a.out, "Saved %s (%s).\n", model.Clean(saved.Name), model.TypedID(model.KindContact, saved.ID))
				return nil
			})
		},
	}
	flags(edit, true)
	archive := &cobra.Command{
		Use:   "archive ACCOUNT NAME",
		Short: "Take a contact off the account (undo brings them back)",
		Args:  exactArgs(2, "an account and the contact (part of the name, or contact:ID)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.withStore(ctx, writing, func(s *store.Store) error {
				ct, err := findContact(cmd, s, args[0], args[1])
				if err != nil {
					return err
				}
				if _, err := s.ArchiveContact(ctx, ct); err != nil {
					return refused(asUsage(err))
				}
				fmt.Fprintf(a.out, "Archived %s (%s); rolo undo brings them back.\n", model.Clean(ct.Name), model.TypedID(model.KindContact, ct.ID))
				return nil
			})
		},
	}
	var asJSON bool
	list := &cobra.Command{
		Use:   "list ACCOUNT",
		Short: "List an account's contacts",
		Args:  exactArgs(1, "an account"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.withStore(ctx, reading, func(s *store.Store) error {
				acct, err := s.FindAccount(ctx, args[0])
				if err != nil {
					return asUsage(err)
				}
				contacts, err := s.Contacts(ctx, acct.ID)
				if err != nil {
					return err
				}
				if asJSON {
					out := []contactJSON{}
					for _, ct := range contacts {
						out = append(out, toContactJSON(ct))
					}
					return printJSON(a.out, out)
				}
				t := newTable(a.out, ">ID", "Name", "Title", "Email", "Phone")
				for _, ct := range contacts {
					t.add(fmt.Sprint(ct.ID), ct.Name, ct.Title, ct.Email, ct.Phone)
				}
				return t.print()
			})
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	cmd.AddCommand(add, edit, archive, list)
	return cmd
}

// findContact finds an account's contact by what was typed.
func findContact(cmd *cobra.Command, s *store.Store, account, contact string) (model.Contact, error) {
	acct, err := s.FindAccount(cmd.Context(), account)
	if err != nil {
		return model.Contact{}, asUsage(err)
	}
	ct, err := s.FindContact(cmd.Context(), acct.ID, contact)
	if err != nil {
		return ct, asUsage(err)
	}
	return ct, nil
}

type issueJSON struct {
	ID         int64  `json:"id"`
	Account    string `json:"account"`
	AccountID  int64  `json:"account_id"`
	Title      string `json:"title"`
	Severity   string `json:"severity"`
	Status     string `json:"status"`
	Opened     string `json:"opened"`
	Resolved   string `json:"resolved,omitempty"`
	Resolution string `json:"resolution,omitempty"`
}

func toIssueJSON(i store.IssueRow) issueJSON {
	status := "open"
	if !i.Open() {
		status = "resolved"
	}
	return issueJSON{ID: i.ID, Account: i.AccountName, AccountID: i.AccountID, Title: i.Title, Severity: string(i.Severity), Status: status,
		Opened: timeJSON(i.OpenedAt), Resolved: timeJSON(i.ResolvedAt), Resolution: i.Resolution}
}

func printIssues(w io.Writer, issues []issueJSON, withAccount bool) error {
	header := []string{">ID", "Severity", "Issue", "Status", "Opened", "Resolved", "Resolution"}
	if withAccount {
		header = append([]string{">ID", "Account"}, header[1:]...)
	}
	t := newTable(w, header...)
	for _, i := range issues {
		cells := []string{fmt.Sprint(i.ID), i.Severity, i.Title, i.Status, day(i.Opened), day(i.Resolved), i.Resolution}
		if withAccount {
			cells = append([]string{fmt.Sprint(i.ID), i.Account}, cells[1:]...)
		}
		t.add(cells...)
	}
	return t.print()
}

// day is the date part of a JSON time.
func day(ts string) string {
	if len(ts) < 10 {
		return ts
	}
	return ts[:10]
}

// issueID reads an issue's id: 12 or issue:12.
func issueID(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(strings.ToLower(s), "issue:"); ok {
		s = rest
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 1 {
		return 0, usagef("%s is not an issue id; give its number (rolo issue list shows them), like 12 or issue:12", model.Quote(s))
	}
	return id, nil
}

func (a *app) issueCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "issue",
		Short: "Open, edit, resolve, reopen or list support issues",
		Long: `Support issues have a title and a severity (low, normal, high or urgent). Open and high
or urgent issues raised over a day ago show in Today; every open one takes points off
the account's health. Opening or resolving one is a touch of the account.`,
		Args: noArgs,
	}
	var severity, note, title string
	add := &cobra.Command{
		Use:     "add ACCOUNT TITLE",
		Short:   "Open a support issue on an account",
		Example: `  rolo issue add "Acme Corp" "SSO login fails for admins" --severity urgent`,
		Args:    exactArgs(2, "an account and the issue's title"),
		RunE: func(cmd *cobra.Command, args []string) error {
			sev, err := model.ParseSeverity(severity)
			if err != nil {
				return usagef("--severity: %s is not low, normal, high or urgent", model.Quote(severity))
			}
			ctx := cmd.Context()
			return a.withStore(ctx, writing, func(s *store.Store) error {
				acct, err := s.FindAccount(ctx, args[0])
				if err != nil {
					return asUsage(err)
				}
				i, err := s.CreateIssue(ctx, model.SupportIssue{AccountID: acct.ID, Title: args[1], Severity: sev})
				if err != nil {
					return refused(asUsage(err))
				}
				fmt.Fprintf(a.out, "Opened issue %d (%s) on %s: %s\n", i.ID, i.Severity, model.Clean(acct.Name), model.Clean(i.Title))
				return nil
			})
		},
	}
	add.Flags().StringVar(&severity, "severity", "normal", "low, normal, high or urgent")
	resolve := &cobra.Command{
		Use:     "resolve ID",
		Short:   "Resolve an open issue, saying what fixed it",
		Example: `  rolo issue resolve 12 --note "Patched in 4.2; confirmed with Dana"`,
		Args:    exactArgs(1, "the issue's id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(note) == "" {
				return usagef("say what fixed it: --note \"Patched in 4.2\"")
			}
			return a.changeIssue(cmd, args[0], "Resolved", func(s *store.Store, i model.SupportIssue) (model.SupportIssue, error) {
				return s.ResolveIssue(cmd.Context(), i, note)
			})
		},
	}
	resolve.Flags().StringVar(&note, "note", "", "what fixed it")
	reopen := &cobra.Command{
		Use:   "reopen ID",
		Short: "Open a resolved issue again",
		Args:  exactArgs(1, "the issue's id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.changeIssue(cmd, args[0], "Reopened", func(s *store.Store, i model.SupportIssue) (model.SupportIssue, error) {
				return s.ReopenIssue(cmd.Context(), i)
			})
		},
	}
	var editSeverity string
	edit := &cobra.Command{
		Use:     "edit ID",
		Short:   "Change an issue's title or severity",
		Example: `  rolo issue edit 12 --severity high`,
		Args:    exactArgs(1, "the issue's id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !anyChanged(cmd, "title", "severity") {
				return usagef("say what to change: --title or --severity")
			}
			return a.changeIssue(cmd, args[0], "Saved", func(s *store.Store, i model.SupportIssue) (model.SupportIssue, error) {
				t, sev := i.Title, i.Severity
				if cmd.Flags().Changed("title") {
					t = title
				}
				if cmd.Flags().Changed("severity") {
					var err error
					if sev, err = model.ParseSeverity(editSeverity); err != nil {
						return i, usagef("--severity: %s is not low, normal, high or urgent", model.Quote(editSeverity))
					}
				}
				return s.UpdateIssue(cmd.Context(), i, t, sev)
			})
		},
	}
	edit.Flags().StringVar(&title, "title", "", "a new title")
	edit.Flags().StringVar(&editSeverity, "severity", "", "low, normal, high or urgent")
	var asJSON, open bool
	var limit int
	list := &cobra.Command{
		Use:   "list [ACCOUNT]",
		Short: "List support issues (of one account, or all): open ones first, most severe first",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef("'%s' takes at most one account", cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkLimit(limit); err != nil {
				return err
			}
			ctx := cmd.Context()
			return a.withStore(ctx, reading, func(s *store.Store) error {
				q := store.IssueQuery{OpenOnly: open, Limit: limit}
				if limit == 0 {
					q.Limit = -1
				}
				if len(args) == 1 {
					acct, err := s.FindAccount(ctx, args[0])
					if err != nil {
						return asUsage(err)
					}
					q.AccountID = acct.ID
				}
				rows, err := s.Issues(ctx, q)
				if err != nil {
					return err
				}
				out := []issueJSON{}
				for _, r := range rows {
					out = append(out, toIssueJSON(r))
				}
				if asJSON {
					return printJSON(a.out, out)
				}
				if len(out) == 0 {
					fmt.Fprintln(a.out, "No issues.")
					return nil
				}
				return printIssues(a.out, out, q.AccountID == 0)
			})
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	list.Flags().BoolVar(&open, "open", false, "only open issues")
	list.Flags().IntVar(&limit, "limit", 100, "show at most this many (0 = all)")
	cmd.AddCommand(add, resolve, reopen, edit, list)
	return cmd
}

// changeIssue reads the issue named and runs a write on it as read.
func (a *app) changeIssue(cmd *cobra.Command, text, verb string, write func(*store.Store, model.SupportIssue) (model.SupportIssue, error)) error {
	id, err := issueID(text)
	if err != nil {
		return err
	}
	return a.withStore(cmd.Context(), writing, func(s *store.Store) error {
		i, err := s.Issue(cmd.Context(), id)
		if err != nil {
			return asUsage(err)
		}
		if i.Archived {
			return usagef("issue %d was undone (archived); nothing was saved", id)
		}
		saved, err := write(s, i)
		if err != nil {
			return refused(asUsage(err))
		}
		fmt.Fprintf(a.out, "%s issue %d (%s): %s\n", verb, saved.ID, saved.Severity, model.Clean(saved.Title))
		return nil
	})
}

type surveyJSON struct {
	ID      int64  `json:"id"`
	Kind    string `json:"kind"`
	Score   int    `json:"score"`
	Comment string `json:"comment,omitempty"`
	Contact string `json:"contact,omitempty"`
	At      string `json:"at"`
}

func toSurveyJSON(s store.SurveyRow) surveyJSON {
	return surveyJSON{ID: s.ID, Kind: string(s.Kind), Score: s.Score, Comment: s.Comment, Contact: s.ContactName, At: timeJSON(s.At)}
}

func printSurveys(w io.Writer, surveys []surveyJSON) error {
	t := newTable(w, ">ID", "Date", "Kind", ">Score", "From", "Comment")
	for _, s := range surveys {
		t.add(fmt.Sprint(s.ID), day(s.At), strings.ToUpper(s.Kind), fmt.Sprint(s.Score), s.Contact, s.Comment)
	}
	return t.print()
}

func (a *app) surveyCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "survey",
		Short: "Record or list CSAT and NPS answers",
		Args:  noArgs,
	}
	var csat, nps int
	var comment, contact, when string
	add := &cobra.Command{
		Use:   "add ACCOUNT",
		Short: "Record a CSAT (1–5) or NPS (0–10) answer (a touch of the account)",
		Example: `  rolo survey add "Acme Corp" --csat 4 --comment "Fast fix, thanks"
  rolo survey add acme --nps 9 --contact dana --when yesterday`,
		Args: exactArgs(1, "an account"),
		RunE: func(cmd *cobra.Command, args []string) error {
			changed := cmd.Flags().Changed
			sv := model.Survey{Comment: comment}
			switch {
			case changed("csat") && changed("nps"):
				return usagef("one answer at a time: --csat N or --nps N")
			case changed("csat"):
				sv.Kind, sv.Score = model.CSAT, csat
			case changed("nps"):
				sv.Kind, sv.Score = model.NPS, nps
			default:
				return usagef("give the answer: --csat 1–5 or --nps 0–10")
			}
			c, err := clock()
			if err != nil {
				return err
			}
			if sv.At, err = whenFlag(c, when); err != nil {
				return err
			}
			ctx := cmd.Context()
			return a.withStore(ctx, writing, func(s *store.Store) error {
				acct, err := s.FindAccount(ctx, args[0])
				if err != nil {
					return asUsage(err)
				}
				sv.AccountID = acct.ID
				if contact != "" {
					ct, err := s.FindContact(ctx, acct.ID, contact)
					if err != nil {
						return asUsage(err)
					}
					sv.ContactID = ct.ID
				}
				saved, err := s.CreateSurvey(ctx, sv)
				if err != nil {
					return refused(asUsage(err))
				}
				fmt.Fprintf(a.out, "Recorded %s %d from %s (answer %d).\n", strings.ToUpper(string(saved.Kind)), saved.Score,
					model.Clean(acct.Name), saved.ID)
				return nil
			})
		},
	}
	f := add.Flags()
	f.IntVar(&csat, "csat", 0, "a CSAT answer, 1 to 5")
	f.IntVar(&nps, "nps", 0, "an NPS answer, 0 to 10")
	f.StringVar(&comment, "comment", "", "what they said")
	f.StringVar(&contact, "contact", "", "who answered (one of the account's contacts)")
	f.StringVar(&when, "when", "", "when they answered (default now): yesterday, mon, 2026-11-20")
	var asJSON bool
	list := &cobra.Command{
		Use:   "list ACCOUNT",
		Short: "List an account's answers, latest first",
		Args:  exactArgs(1, "an account"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.withStore(ctx, reading, func(s *store.Store) error {
				acct, err := s.FindAccount(ctx, args[0])
				if err != nil {
					return asUsage(err)
				}
				rows, err := s.AccountSurveys(ctx, acct.ID)
				if err != nil {
					return err
				}
				out := []surveyJSON{}
				for _, r := range rows {
					out = append(out, toSurveyJSON(r))
				}
				if asJSON {
					return printJSON(a.out, out)
				}
				return printSurveys(a.out, out)
			})
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	cmd.AddCommand(add, list)
	return cmd
}
