package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"rolo/model"
	"rolo/store"
)

// The contract commands: renew and churn (the renewal decisions), add a
// contract, list contracts.

func (a *app) renewCommand() *cobra.Command {
	var value, uplift, term string
	var notice int
	var autoRenew bool
	cmd := &cobra.Command{
		Use:   "renew CONTRACT|ACCOUNT",
		Short: "Renew a contract: the next term starts the day after it ends",
		Long: `Records the renewal decision: a new contract term starting the day after the old one
ends, at the same value unless --value or --uplift says otherwise, for the same term
unless --term does, with its notice and auto-renewal (change them with --notice and
--auto-renew). The old contract becomes renewed. The open renewal deal working it is
won at the new value; if none is open, a won renewal deal records the renewal, so
revenue and win figures see it. 'rolo undo' takes it back.

Contracts ending the same day in the same currency (an add-on co-terminating with
the contract it joined) renew together: --value is their new value together, an
uplift applies to their sum, and one next term (on the first contract's term)
replaces them all.

CONTRACT is a contract id (12 or contract:12); an account (a name, or account:7)
means its active contract (with its add-ons).`,
		Example: `  rolo renew "Falconcrest Power" --uplift 5%
  rolo renew contract:12 --value 52k --term 2y
  rolo renew 12                     # confirm an auto-renewal at the same value`,
		Args: exactArgs(1, "a contract or an account"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if value != "" && uplift != "" {
				return usagef("give --value or --uplift, not both")
			}
			return a.withStore(ctx, writing, func(s *store.Store) error {
				c, err := s.FindContract(ctx, args[0])
				if err != nil {
					return asUsage(err)
				}
				with, err := s.RenewalGroup(ctx, c)
				if err != nil {
					return err
				}
				terms := store.SameTerms(c, with)
				was := terms.Value // the contract's value with its add-ons'
				switch {
				case value != "":
					if terms.Value, err = model.ParseRenewalValue(value, was); err != nil {
						return usagef("--value: %v", err)
					}
				case uplift != "":
					u := strings.TrimSpace(uplift)
					if !strings.HasSuffix(u, "%") {
						u += "%"
					}
					if terms.Value, err = model.ParseRenewalValue(u, was); err != nil {
						return usagef("--uplift: %v", err)
					}
				}
				if term != "" {
					if terms.Months, err = model.ParseTerm(term); err != nil {
						return usagef("--term: %v", err)
					}
				}
				if cmd.Flags().Changed("notice") {
					terms.NoticeDays = notice
				}
				if cmd.Flags().Changed("auto-renew") {
					terms.AutoRenew = autoRenew
				}
				res, err := s.RenewContract(ctx, c, terms)
				if err != nil {
					return refused(asUsage(err))
				}
				today := s.Clock().Today()
				change := model.UpliftText(model.GroupValue(res.Old, res.With), res.New.Value)
				if change != "" {
					change = " (" + change + ")"
				}
				fmt.Fprintf(a.out, "Renewed contract %d%s (%s): contract %d runs %s – %s at %s a year%s, notice %d days.\n",
					res.Old.ID, withText(res.With), model.Clean(res.Deal.AccountName), res.New.ID, res.New.Start.Short(today),
					res.New.End.Short(today), res.New.Value, change, res.New.NoticeDays)
				if res.DealCreated {
					fmt.Fprintf(a.out, "Recorded as won renewal deal %d (%s).\n", res.Deal.ID, model.Clean(res.Deal.Title))
				} else {
					fmt.Fprintf(a.out, "Won renewal deal %d (%s) at %s.\n", res.Deal.ID, model.Clean(res.Deal.Title), res.Deal.Value)
				}
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&value, "value", "", "the new value per year: 52k, EUR 52,000, or an uplift such as +5%")
	f.StringVar(&uplift, "uplift", "", "change the value by a percentage: 5%, -10%")
	f.StringVar(&term, "term", "", "the new term (default the old one): 12m, 2y")
	f.IntVar(&notice, "notice", 0, "notice days of the new term (default the old contract's)")
	f.BoolVar(&autoRenew, "auto-renew", false, "whether the new term renews itself (default the old contract's)")
	return cmd
}

// withText names the contracts decided with another (add-ons ending with
// it): " and contract 14", " and contracts 14, 15".
func withText(with []model.Contract) string {
	switch len(with) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf(" and contract %d", with[0].ID)
	}
	ids := make([]string, len(with))
	for i, c := range with {
		ids[i] = fmt.Sprint(c.ID)
	}
	return " and contracts " + strings.Join(ids, ", ")
}

func (a *app) churnCommand() *cobra.Command {
	var reason string
	var now bool
	cmd := &cobra.Command{
		Use:   "churn CONTRACT|ACCOUNT --reason R",
		Short: "Record that a customer is not renewing",
		Long: `Records the churn decision: the contract becomes churned with the reason, effective at
its end date (or today with --now: it then ends today). The open renewal deal working
it is lost with the same reason, and the account becomes churned when it has no other
active contract. An add-on ending with the contract churns with it. 'rolo undo'
takes it back.

CONTRACT is a contract id (12 or contract:12); an account (a name, or account:7)
means its active contract.`,
		Example: `  rolo churn Stormgrove --reason "switched to a competitor"
  rolo churn contract:12 --reason "budget cut" --now`,
		Args: exactArgs(1, "a contract or an account"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if strings.TrimSpace(reason) == "" {
				return usagef("say why the customer is leaving: --reason \"switched to a competitor\"")
			}
			return a.withStore(ctx, writing, func(s *store.Store) error {
				c, err := s.FindContract(ctx, args[0])
				if err != nil {
					return asUsage(err)
				}
				res, err := s.ChurnContract(ctx, c, store.ChurnTerms{Reason: reason, Now: now})
				if err != nil {
					return refused(asUsage(err))
				}
				acct, err := s.Account(ctx, c.AccountID)
				if err != nil {
					return err
				}
				today := s.Clock().Today()
				fmt.Fprintf(a.out, "Churned contract %d%s (%s): it ends %s (%s).\n", res.Contract.ID, withText(res.With),
					model.Clean(acct.Name), res.Contract.End.Short(today), model.Clean(res.Contract.ChurnReason))
				if res.Deal.ID != 0 {
					fmt.Fprintf(a.out, "Lost renewal deal %d (%s).\n", res.Deal.ID, model.Clean(res.Deal.Title))
				}
				if res.AccountChurned {
					fmt.Fprintf(a.out, "%s is now churned: it has no other active contract.\n", model.Clean(acct.Name))
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why the customer is leaving")
	cmd.Flags().BoolVar(&now, "now", false, "effective today (the contract ends today) instead of at its end date")
	return cmd
}

func (a *app) contractCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "contract",
		Short: "Add a contract",
		Args:  noArgs,
	}
	var value, start, term string
	var notice int
	var autoRenew bool
	add := &cobra.Command{
		Use:   "add ACCOUNT --value 48k --start DATE --term 12m",
		Short: "Add a contract to an account (it comes up for renewal at its notice deadline)",
		Example: `  rolo contract add "Acme Corp" --value 48k --start 2027-01-01 --term 12m --notice 60
  rolo contract add Acme --value "EUR 20k" --start today --term 2y --auto-renew`,
		Args: exactArgs(1, "the account"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if value == "" || start == "" || term == "" {
				return usagef("'rolo contract add' needs --value, --start and --term")
			}
			months, err := model.ParseTerm(term)
			if err != nil {
				return usagef("--term: %v", err)
			}
			if notice < 0 || notice > 365 {
				return usagef("--notice must be between 0 and 365 days")
			}
			return a.withStore(ctx, writing, func(s *store.Store) error {
				clock := s.Clock()
				from, err := optionalDate(clock, "--start", start)
				if err != nil {
					return err
				}
				settings, err := s.Settings(ctx)
				if err != nil {
					return err
				}
				money, err := model.ParseMoney(value, settings.Currency)
				if err != nil {
					return usagef("--value: %v", err)
				}
				acct, err := s.FindAccount(ctx, args[0])
				if err != nil {
					return asUsage(err)
				}
				c, err := s.CreateContract(ctx, model.Contract{AccountID: acct.ID, Value: money, Start: from,
					End: model.TermEnd(from, months), NoticeDays: notice, AutoRenew: autoRenew})
				if err != nil {
					return asUsage(err)
				}
				today := clock.Today()
				fmt.Fprintf(a.out, "Added contract %d for %s: %s a year, %s – %s, notice %d days (deadline %s).\n", c.ID,
					model.Clean(acct.Name), c.Value, c.Start.Short(today), c.End.Short(today), c.NoticeDays, c.NoticeDate().Short(today))
				return nil
			})
		},
	}
	f := add.Flags()
	f.StringVar(&value, "value", "", "value per year: 48k, EUR 20,000")
	f.StringVar(&start, "start", "", "first day: 2027-01-01, today, mon")
	f.StringVar(&term, "term", "", "length: 12m, 18m, 2y")
	f.IntVar(&notice, "notice", 30, "days before the end by which notice must be given")
	f.BoolVar(&autoRenew, "auto-renew", false, "the contract renews itself unless notice is given")
	cmd.AddCommand(add)
	return cmd
}

// contractJSON is a contract in every command's JSON (rolo contracts,
// today's renewal rows, rolo account).
type contractJSON struct {
	ID             int64     `json:"id"`
	Account        string    `json:"account"`
	Value          moneyJSON `json:"value"`
	Start          string    `json:"start"`
	End            string    `json:"end"`
	NoticeDays     int       `json:"notice_days"`
	NoticeDeadline string    `json:"notice_deadline"`
	AutoRenew      bool      `json:"auto_renew"`
	Status         string    `json:"status"`
	ChurnReason    string    `json:"churn_reason,omitempty"`
	RenewsID       int64     `json:"renews_id,omitempty"`
	DealID         int64     `json:"deal_id,omitempty"`
	SnoozedUntil   string    `json:"snoozed_until,omitempty"`
}

func toContractJSON(r store.ContractRow) *contractJSON {
	return &contractJSON{ID: r.ID, Account: r.AccountName, Value: toMoneyJSON(r.Value), Start: r.Start.String(),
		End: r.End.String(), NoticeDays: r.NoticeDays, NoticeDeadline: r.NoticeDate().String(), AutoRenew: r.AutoRenew,
		Status: string(r.Status), ChurnReason: r.ChurnReason, RenewsID: r.RenewsID, DealID: r.DealID,
		SnoozedUntil: r.SnoozedUntil.String()}
}

// renewalRow is a renewal row of `rolo today`'s table: why, id, what,
// account, value, next step, date.
func renewalRow(it store.TodayItem, today model.Date) []string {
	c := it.Contract
	why, due := "renewal: notice "+inDays(today.DaysUntil(c.NoticeDate())), c.NoticeDate()
	switch {
	case c.AwaitingAutoRenewal(today):
		why, due = "renewal: auto-renewed?", c.End
	case c.NoticePassed(today) && c.Ended(today):
		why, due = fmt.Sprintf("renewal: ended %dd ago", -c.DaysLeft(today)), c.End
	case c.NoticePassed(today):
		why, due = "renewal: ends "+inDays(c.DaysLeft(today)), c.End
	}
	next := "renew, churn or snooze"
	if it.Deal.NextStep != "" {
		next = it.Deal.NextStep
	}
	return []string{why, fmt.Sprintf("contract:%d", c.ID), "Renewal of " + c.Value.Short() + "/yr contract", it.Account.Name,
		c.Value.Short(), next, due.String()}
}

// inDays is "today" or "in 3d".
func inDays(n int) string {
	if n == 0 {
		return "today"
	}
	return "in " + strconv.Itoa(n) + "d"
}

func (a *app) contractsCommand() *cobra.Command {
	var asJSON bool
	var status string
	var limit int
	cmd := &cobra.Command{
		Use:   "contracts [ACCOUNT]",
		Short: "List contracts: an account's terms, or every active contract by end date",
		Example: `  rolo contracts "Falconcrest Power"   # its chain of renewals, newest first
  rolo contracts --json                  # active contracts, ending soonest first`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef("'rolo contracts' takes at most one account")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			q := store.ContractQuery{Status: model.ContractStatus(status), Limit: limit}
			switch status {
			case "", "active", "renewed", "churned":
			case "all":
				q.Status = ""
			default:
				return usagef("--status must be active, renewed, churned or all")
			}
			if len(args) == 0 && status == "" {
				q.Status = model.ContractActive
			}
			return a.withStore(ctx, reading, func(s *store.Store) error {
				if len(args) == 1 {
					acct, err := s.FindAccount(ctx, args[0])
					if err != nil {
						return asUsage(err)
					}
					q.AccountID = acct.ID
				}
				rows, err := s.Contracts(ctx, q)
				if err != nil {
					return err
				}
				if asJSON {
					out := make([]*contractJSON, len(rows))
					for i, r := range rows {
						out[i] = toContractJSON(r)
					}
					return printJSON(a.out, out)
				}
				if len(rows) == 0 {
					fmt.Fprintln(a.out, "No contracts.")
					return nil
				}
				t := newTable(a.out, ">ID", "Account", ">Value/yr", "Start", "End", "Notice by", "Auto", "Status", "Renews")
				for _, r := range rows {
					auto, renews := "", ""
					if r.AutoRenew {
						auto = "yes"
					}
					if r.RenewsID != 0 {
						renews = fmt.Sprint(r.RenewsID)
					}
					st := string(r.Status)
					if r.Status == model.ContractChurned {
						st += ": " + r.ChurnReason
					}
					if err := t.add(fmt.Sprint(r.ID), r.AccountName, r.Value.String(), r.Start.String(), r.End.String(), r.NoticeDate().String(),
						auto, st, renews); err != nil {
						return err
					}
				}
				return t.print()
			})
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, "print JSON for scripts")
	f.StringVar(&status, "status", "", "active, renewed, churned or all (default: all for an account, else active)")
	f.IntVar(&limit, "limit", 100, "show at most this many")
	return cmd
}

// printRenewalDecision says what closing a renewal deal did to the
// contract it works (rolo move X won|lost).
func (a *app) printRenewalDecision(s *store.Store, res store.CloseResult) {
	today := s.Clock().Today()
	switch {
	case res.Renewed != nil:
		n := res.Renewed.New
		fmt.Fprintf(a.out, "Renewed contract %d: contract %d runs %s – %s at %s a year.\n", res.Renewed.Old.ID, n.ID,
			n.Start.Short(today), n.End.Short(today), n.Value)
	case res.Churned != nil:
		c := res.Churned.Contract
		fmt.Fprintf(a.out, "Churned contract %d: it ends %s (%s).\n", c.ID, c.End.Short(today), model.Clean(c.ChurnReason))
		if res.Churned.AccountChurned {
			fmt.Fprintf(a.out, "%s is now churned: it has no other active contract.\n", model.Clean(res.Deal.AccountName))
		}
	}
}
