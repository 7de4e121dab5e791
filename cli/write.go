package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"rolo/model"
	"rolo/store"
)

func (a *app) addCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "add",
		Short: "Add a deal or an account",
		Args:  noArgs,
	}
	cmd.AddCommand(a.addDealCommand(), a.addAccountCommand())
	return cmd
}

func (a *app) addDealCommand() *cobra.Command {
	var account, contact, title, value, stage, closeDate, next, due, source, kind, probability, notes string
	cmd := &cobra.Command{
		Use:   "deal",
		Short: "Add a deal (creating its account if new)",
		Example: `  rolo add deal --account "Acme Corp" --title "Fleet pilot" --value 12k
  rolo add deal --account Acme --title Renewal --value "EUR 40k" --stage closing --close eom \
      --next "Send order form" --due tomorrow`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if strings.TrimSpace(account) == "" || strings.TrimSpace(title) == "" || strings.TrimSpace(value) == "" {
				return usagef("'rolo add deal' needs --account, --title and --value")
			}
			c, err := clock()
			if err != nil {
				return err
			}
			d := model.Deal{Title: title, ContactName: contact, NextStep: next, Notes: notes, Status: model.Open,
				Kind: model.DealKind(kind), Source: model.Source(source)}
			if d.ExpectedClose, err = optionalDate(c, "--close", closeDate); err != nil {
				return err
			}
			if d.NextDue, err = optionalDate(c, "--due", due); err != nil {
				return err
			}
			if !d.NextDue.IsZero() && strings.TrimSpace(next) == "" {
				return usagef("--due needs --next: say what is due")
			}
			a.warnIfPast("--close", d.ExpectedClose, c.Today(), "the deal is added as one whose expected close has slipped")
			a.warnIfPast("--due", d.NextDue, c.Today(), "the follow-up is added as overdue")
			if probability != "" {
				p, err := strconv.Atoi(strings.TrimSuffix(probability, "%"))
				if err != nil || p < 0 || p > 100 {
					return usagef("--probability must be a whole percentage from 0 to 100")
				}
				d.Probability = &p
			}
			ctx := cmd.Context()
			return a.withStore(ctx, writing, func(s *store.Store) error {
				settings, err := s.Settings(ctx)
				if err != nil {
					return err
				}
				if d.Value, err = model.ParseMoney(value, settings.Currency); err != nil {
					return usagef("--value: %v", err)
				}
				if stage == "" {
					stages, err := s.Stages(ctx)
					if err != nil {
						return err
					}
					if len(stages) == 0 {
						return fmt.Errorf("%s has no stages on its board (the file was changed by another program); add one with rolo stages add NAME", s.Path())
					}
					d.StageID = stages[0].ID
				} else {
					st, err := s.StageByName(ctx, stage)
					if err != nil {
						return asUsage(err)
					}
					d.StageID = st.ID
				}
				acct, err := s.FindAccount(ctx, account)
				t, _ := model.ParseTarget(account)
				switch {
				case err == nil:
					d.AccountID = acct.ID
				case errors.Is(err, store.ErrNotFound) && t.Text != "":
					d.AccountName = account // a new name: created with the deal
				default:
					return asUsage(err)
				}
				saved, err := s.CreateDeal(ctx, d)
				if err != nil {
					return asUsage(err)
				}
				fmt.Fprintf(a.out, "Added deal %d: %s (%s, %s)\n", saved.ID, model.Clean(saved.Title), model.Clean(saved.AccountName), saved.Value)
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&account, "account", "", "account: a name (an existing one, or a new account to create) or account:ID")
	f.StringVar(&title, "title", "", "what the deal is")
	f.StringVar(&value, "value", "", "value: 12k, $1,200.50, EUR 99, 1.2M")
	f.StringVar(&stage, "stage", "", "stage name or unique start of it (default: the first stage)")
	f.StringVar(&closeDate, "close", "", "expected close: fri, +2w, eom, 2026-12-31")
	f.StringVar(&next, "next", "", "the next step")
	f.StringVar(&due, "due", "", "when the next step is due: tomorrow, mon, +3d")
	f.StringVar(&contact, "contact", "", "contact name at the account (created if new)")
	f.StringVar(&source, "source", "", "cold call, email, social, referral, inbound, event or other")
	f.StringVar(&kind, "kind", "new", "new, expansion or renewal")
	f.StringVar(&probability, "probability", "", "win probability in percent (default: the stage's)")
	f.StringVar(&notes, "notes", "", "notes")
	return cmd
}

func (a *app) addAccountCommand() *cobra.Command { return a.newAccountCommand("account") }

// newAccountCommand adds an account: `rolo add account` and `rolo
// account add` (use is its name).
func (a *app) newAccountCommand(use string) *cobra.Command {
	var status, tier, industry, website string
	var cadence int
	var allowDuplicate bool
	cmd := &cobra.Command{
		Use:   use + " NAME",
		Short: "Add an account",
		Long: `Adds an account. If an account with the same name (ignoring case) exists, rolo asks
for --allow-duplicate, so a second "Acme Corp" is never made by accident.`,
		Args: exactArgs(1, "the account's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			acct := model.Account{Name: args[0], Status: model.AccountStatus(status), Tier: tier, Industry: industry,
				Website: website, CadenceDays: cadence}
			switch {
			case !cmd.Flags().Changed("cadence"):
				acct.CadenceDays = 0 // the tier's default
			case cadence == 0:
				acct.CadenceDays = model.CadenceNone
			}
			if acct.Status == model.Customer {
				c, err := clock()
				if err != nil {
					return err
				}
				acct.CustomerSince = c.Today()
			}
			check := acct
			check.CadenceDays = max(0, check.CadenceDays)
			if err := check.Validate(); err != nil {
				return asUsage(err)
			}
			return a.withStore(ctx, writing, func(s *store.Store) error {
				same, err := s.AccountsNamed(ctx, acct.Name)
				if err != nil {
					return err
				}
				if len(same) > 0 && !allowDuplicate {
					ids := make([]string, len(same))
					for i, x := range same {
						ids[i] = model.TypedID(model.KindAccount, x.ID)
					}
					return usagef("there is already an account called %s (%s); use it by its id, or add --allow-duplicate to create another",
						model.Quote(same[0].Name), strings.Join(ids, ", "))
				}
				saved, err := s.CreateAccount(ctx, acct)
				if err != nil {
					return asUsage(err)
				}
				fmt.Fprintf(a.out, "Added account %d: %s (%s)\n", saved.ID, model.Clean(saved.Name), model.TypedID(model.KindAccount, saved.ID))
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&status, "status", "prospect", "prospect or customer")
	f.StringVar(&tier, "tier", "", "e.g. enterprise, mid-market, smb")
	f.StringVar(&industry, "industry", "", "industry")
	f.StringVar(&website, "website", "", "website")
	f.IntVar(&cadence, "cadence", 0, "days between check-ins, 0 for none (default: the tier's — enterprise 14, mid-market 30, smb 60, else 30)")
	f.BoolVar(&allowDuplicate, "allow-duplicate", false, "add it even if an account has this name")
	return cmd
}

// optionalDate parses a date flag, blank meaning unset.
func optionalDate(c model.Clock, flag, s string) (model.Date, error) {
	if strings.TrimSpace(s) == "" {
		return model.Date{}, nil
	}
	d, err := c.Parse(s)
	if err != nil {
		return d, usagef("%s: %v", flag, err)
	}
	return d, nil
}

// asUsage turns a request the store refused as asked (a bad field, an
// unknown or ambiguous name, something not allowed as things stand, like
// removing a stage that holds deals) into a usage error: exit code 2.
func asUsage(err error) error {
	var fe *model.FieldError
	if errors.As(err, &fe) || errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrAmbiguous) || errors.Is(err, store.ErrConflict) {
		return &UsageError{Msg: err.Error()}
	}
	return err
}

func (a *app) moveCommand() *cobra.Command {
	var reason string
	cmd := &cobra.Command{
		Use:   "move DEAL STAGE|won|lost",
		Short: "Move a deal to a stage, or mark it won or lost",
		Long: `Moves an open deal to another stage, or closes it: 'won', or 'lost' with --reason.
DEAL is deal:ID (or just the id), or an unambiguous part of the title; STAGE a stage
name or the unique start of one. Winning new business turns a prospect into a customer.`,
		Example: `  rolo move deal:42 closing
  rolo move "fleet pilot" won
  rolo move acme lost --reason "went with a competitor"`,
		Args: exactArgs(2, "a deal and a stage (or won / lost)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			to := strings.ToLower(strings.TrimSpace(args[1]))
			if to == "lost" && strings.TrimSpace(reason) == "" {
				return usagef("say why it was lost: --reason \"went with a competitor\"")
			}
			return a.withStore(ctx, writing, func(s *store.Store) error {
				d, err := s.FindDeal(ctx, args[0])
				if err != nil {
					return asUsage(err)
				}
				switch to {
				case "won", "lost":
					res, err := s.CloseDeal(ctx, d, model.DealStatus(to), reason)
					if err != nil {
						return refused(asUsage(err))
					}
					fmt.Fprintf(a.out, "Marked deal %d (%s) %s.\n", d.ID, model.Clean(d.Title), to)
					if res.BecameCustomer {
						fmt.Fprintf(a.out, "%s is now a customer.\n", model.Clean(d.AccountName))
					}
					a.printRenewalDecision(s, res)
					return nil
				}
				st, err := s.StageByName(ctx, args[1])
				if err != nil {
					return asUsage(err)
				}
				if _, err := s.MoveDeal(ctx, d, st.ID); err != nil {
					return refused(asUsage(err))
				}
				fmt.Fprintf(a.out, "Moved deal %d (%s) to %s.\n", d.ID, model.Clean(d.Title), model.Clean(st.Name))
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why the deal was lost")
	return cmd
}

func (a *app) logCommand() *cobra.Command {
	var kind, next, due, when, dealFlag, accountFlag string
	cmd := &cobra.Command{
		Use:   "log DEAL|ACCOUNT TEXT", // fang moves a bracketed argument to the end; the target may also come from --deal or --account
		Short: "Log a call, email, meeting, note or check-in",
		Long: `Logs one line of activity on a deal or an account; it resets the deal's rot clock
and the account's last touch. Name what it is about with --deal or --account (an id or
a name), or as the first argument: deal:82 or account:82, or a name — an exact account
name logs on the account, otherwise a deal matching the name, otherwise an account. A
bare number that is both a deal's and an account's id is refused: say which.`,
		Example: `  rolo log deal:42 --kind call "Left voicemail re: pricing" --next "Call back" --due fri
  rolo log --account "Acme Corp" --kind check-in "Quarterly check-in: happy, wants SSO"
  rolo log "fleet pilot" "Sent the order form"`,
		Args: func(cmd *cobra.Command, args []string) error {
			switch {
			case (dealFlag != "" || accountFlag != "") && len(args) != 1:
				return usagef("with --deal or --account, '%s' needs just the text", cmd.CommandPath())
			case dealFlag == "" && accountFlag == "" && len(args) != 2:
				return usagef("'%s' needs a deal or account (or --deal/--account), and the text", cmd.CommandPath())
			case dealFlag != "" && accountFlag != "":
				return usagef("give --deal or --account, not both")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			c, err := clock()
			if err != nil {
				return err
			}
			act := model.Activity{Kind: model.ActivityKind(kind), Text: args[len(args)-1], At: c.Now()}
			if when != "" {
				day, err := c.Parse(when)
				if err != nil {
					return usagef("--when: %v", err)
				}
				if day.After(c.Today()) {
					return usagef("--when: %s is in the future; log what happened, set --next for what will", day)
				}
				if day != c.Today() {
					act.At = day.Start(c.Now().Location()).Add(12 * time.Hour)
				}
			}
			var step store.NextStep
			// A task logged on an account takes --due alone (when it is due).
			accountTask := model.ActivityKind(kind) == model.Task && next == ""
			if next != "" || (due != "" && !accountTask) {
				if next == "" {
					return usagef("--due needs --next: say what is due")
				}
				step.Set, step.Step = true, next
				if step.Due, err = optionalDate(c, "--due", due); err != nil {
					return err
				}
				a.warnIfPast("--due", step.Due, c.Today(), "the follow-up is set as overdue")
			}
			return a.withStore(ctx, writing, func(s *store.Store) error {
				var target string
				var err error
				switch {
				case dealFlag != "":
					target, err = logOnDeal(cmd, s, dealFlag, &act, &step.Seen)
				case accountFlag != "":
					target, err = logOnAccount(cmd, s, accountFlag, &act)
				default:
					target, err = logTarget(cmd, s, args[0], &act, &step.Seen)
				}
				if err != nil {
					return err
				}
				if act.DealID != 0 && !step.Set && due != "" {
					return usagef("--due needs --next: say what is due")
				}
				if act.DealID == 0 {
					// On an account, --next and --due are a task to do.
					more, err := logOnAccountCmd(cmd, s, c, act, next, due)
					if err != nil {
						return err
					}
					fmt.Fprintf(a.out, "Logged %s on %s.%s\n", act.Kind, target, more)
					return nil
				}
				if _, err := s.LogActivity(ctx, act, step); err != nil {
					return refused(asUsage(err))
				}
				fmt.Fprintf(a.out, "Logged %s on %s.\n", act.Kind, target)
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&kind, "kind", "note", "call, email, meeting, note, check-in or task")
	f.StringVar(&when, "when", "", "when it happened (default now): yesterday, mon, 2026-11-20")
	f.StringVar(&next, "next", "", "set the deal's next step too (on an account: add a task)")
	f.StringVar(&due, "due", "", "when the next step (or task) is due")
	f.StringVar(&dealFlag, "deal", "", "log on this deal (an id or part of its title)")
	f.StringVar(&accountFlag, "account", "", "log on this account (an id or its name)")
	return cmd
}

// logOnDeal fills act's ids from the deal text names, and seen with the
// deal as read (a next step is only set if it has not changed since).
func logOnDeal(cmd *cobra.Command, s *store.Store, text string, act *model.Activity, seen *model.Deal) (string, error) {
	d, err := s.FindDeal(cmd.Context(), text)
	if err != nil {
		return "", asUsage(err)
	}
	*seen = d
	act.DealID, act.AccountID, act.ContactID = d.ID, d.AccountID, d.ContactID
	return fmt.Sprintf("deal %s (%s)", model.Clean(d.Title), model.TypedID(model.KindDeal, d.ID)), nil
}

// logOnAccount fills act's ids from the account text names.
func logOnAccount(cmd *cobra.Command, s *store.Store, text string, act *model.Activity) (string, error) {
	acct, err := s.FindAccount(cmd.Context(), text)
	if err != nil {
		return "", asUsage(err)
	}
	act.AccountID = acct.ID
	return fmt.Sprintf("account %s (%s)", model.Clean(acct.Name), model.TypedID(model.KindAccount, acct.ID)), nil
}

// logTarget resolves what an activity is about from the first argument:
// a typed id; a bare id only if it is not both a deal's and an account's;
// an exact account name; a deal matching the name; an account matching it.
func logTarget(cmd *cobra.Command, s *store.Store, text string, act *model.Activity, seen *model.Deal) (string, error) {
	ctx := cmd.Context()
	t, err := model.ParseTarget(text)
	if err != nil {
		return "", usagef("%v", err)
	}
	switch t.Kind {
	case model.KindDeal:
		return logOnDeal(cmd, s, text, act, seen)
	case model.KindAccount:
		return logOnAccount(cmd, s, text, act)
	case model.KindContact, model.KindContract:
		return "", usagef("activities are logged on a deal or an account, not a %s; use deal:ID or account:ID", t.Kind)
	}
	if t.ID != 0 {
		d, dealErr := s.Deal(ctx, t.ID)
		acct, accErr := s.Account(ctx, t.ID)
		switch {
		case dealErr == nil && accErr == nil:
			return "", usagef("%d could be deal:%d (%s) or account:%d (%s); say which: rolo log deal:%d … or rolo log account:%d …",
				t.ID, t.ID, model.Clean(d.Title), t.ID, model.Clean(acct.Name), t.ID, t.ID)
		case dealErr == nil:
			return logOnDeal(cmd, s, model.TypedID(model.KindDeal, t.ID), act, seen)
		case accErr == nil:
			return logOnAccount(cmd, s, model.TypedID(model.KindAccount, t.ID), act)
		case errors.Is(dealErr, store.ErrNotFound) && errors.Is(accErr, store.ErrNotFound):
			return "", usagef("there is no deal or account %d", t.ID)
		case !errors.Is(dealErr, store.ErrNotFound):
			return "", dealErr
		}
		return "", accErr
	}
	acct, accErr := s.FindAccount(ctx, text)
	if accErr == nil && strings.EqualFold(acct.Name, strings.TrimSpace(text)) {
		return logOnAccount(cmd, s, model.TypedID(model.KindAccount, acct.ID), act)
	}
	if _, err := s.FindDeal(ctx, text); err == nil || !errors.Is(err, store.ErrNotFound) {
		return logOnDeal(cmd, s, text, act, seen)
	}
	if accErr != nil {
		if errors.Is(accErr, store.ErrNotFound) {
			return "", usagef("no deal or account matches %s", model.Quote(text))
		}
		return "", asUsage(accErr)
	}
	return logOnAccount(cmd, s, model.TypedID(model.KindAccount, acct.ID), act)
}

func (a *app) undoCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "undo",
		Short: "Undo the last change (from the app or the command line)",
		Long: `Undoes the latest change to the database, whoever made it: this or another
command, or the app (the app's own u key undoes only what that window did).
Undo never overwrites a later change: if anything the change touched was changed
since, or it would put a deal back in a stage removed since, nothing is undone,
rolo says why, and the next 'rolo undo' goes to the change before it.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withStore(cmd.Context(), writing, func(s *store.Store) error {
				undone, err := s.Undo(cmd.Context(), store.AnySession)
				if errors.Is(err, store.ErrNothingToUndo) {
					fmt.Fprintln(a.out, "Nothing to undo.")
					return nil
				}
				if err != nil {
					return err
				}
				fmt.Fprintf(a.out, "Undid: %s (made by %s, %s).\n", model.Clean(undone.Label), model.Clean(undone.Origin),
					ago(s.Clock().Now(), undone.At))
				return nil
			})
		},
	}
}

// refused adds to a write refused because its row changed since it was
// read that nothing was saved.
func refused(err error) error {
	if errors.Is(err, store.ErrStale) {
		return fmt.Errorf("%w; nothing was saved (check it, then run the command again if it still applies)", err)
	}
	return err
}

// ago says how long before now t was, roughly: "just now", "5 minutes
// ago", "2 hours ago", "3 days ago".
func ago(now, t time.Time) string {
	d := now.Sub(t)
	plural := func(n int, unit string) string {
		if n == 1 {
			return "1 " + unit + " ago"
		}
		return fmt.Sprintf("%d %ss ago", n, unit)
	}
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute")
	case d < 48*time.Hour:
		return plural(int(d/time.Hour), "hour")
	}
	return plural(int(d/(24*time.Hour)), "day")
}
