package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"rolo/model"
	"rolo/store"
)

// renewalJSON is one row of `rolo renewals --json`.
type renewalJSON struct {
	ContractID     int64            `json:"contract_id"`
	Account        string           `json:"account"`
	Value          moneyJSON        `json:"value"`
	Start          string           `json:"start"`
	End            string           `json:"end"`
	NoticeDeadline string           `json:"notice_deadline"`
	DaysLeft       int              `json:"days_left"`
	AutoRenew      bool             `json:"auto_renew"`
	Status         string           `json:"status"`
	Health         healthJSON       `json:"health"`
	RenewalDeal    *renewalDealJSON `json:"renewal_deal"`
}

type renewalDealJSON struct {
	ID    int64  `json:"id"`
	Stage string `json:"stage"`
}

type healthJSON struct {
	Score   int          `json:"score"`
	Reasons []reasonJSON `json:"reasons"`
}

type reasonJSON struct {
	Points int    `json:"points"`
	Why    string `json:"why"`
}

func toRenewalJSON(r store.RenewalRow, today model.Date, stages map[int64]string) renewalJSON {
	c := r.Contract
	j := renewalJSON{ContractID: c.ID, Account: r.Account.Name, Value: toMoneyJSON(c.Value), Start: c.Start.String(),
		End: c.End.String(), NoticeDeadline: c.NoticeDate().String(), DaysLeft: c.DaysLeft(today), AutoRenew: c.AutoRenew,
		Status: string(c.Status), Health: healthJSON{Score: r.Health.Score, Reasons: []reasonJSON{}}}
	for _, why := range r.Health.Reasons {
		j.Health.Reasons = append(j.Health.Reasons, reasonJSON{Points: why.Points, Why: why.Why})
	}
	if r.Deal.ID != 0 {
		j.RenewalDeal = &renewalDealJSON{ID: r.Deal.ID, Stage: stages[r.Deal.StageID]}
	}
	return j
}

func (a *app) renewalsCommand() *cobra.Command {
	var asJSON, week, quarter, all bool
	var within, from, to, filter string
	cmd := &cobra.Command{
		Use:   "renewals",
		Short: "The contracts up for renewal: this week and everything overdue",
		Long: `Lists the contracts to decide, most urgent first, then the ones already decided.

A contract's notice deadline is its end date minus its notice days: the last day
either side can give notice. A contract is up for renewal from its notice deadline
until a decision (renew or churn) is recorded. The window (this week by default,
Monday to Sunday in your time zone, or from 'rolo config set week-start sunday')
holds the undecided contracts whose notice deadline or end date falls in it, plus
everything overdue: notice deadline passed with no decision, or ended and still
active. Snoozed contracts stay out until their day. Decided contracts show when
their notice deadline or end falls in the window or the decision was made in it.

At risk: an undecided contract whose account's health is below ` + fmt.Sprint(model.AtRiskBelow) + `. Health is 100
minus: a last touch older than the cadence (−15; twice the cadence or never: −25),
open issues (−20 urgent, −10 high, −3 other; at most −40), the latest CSAT 1–2
(−15) or 3 (−5), the latest NPS 0–6 (−10) or 7–8 (−5), and the contract ending
within 30 days with no renewal deal open (−15). Totals are per currency.`,
		Example: `  rolo renewals                 # this week and everything overdue
  rolo renewals --within 30d
  rolo renewals --from 2027-01-01 --to 2027-03-31 --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			chosen := 0
			for _, on := range []bool{week, quarter, all, within != "", from != "" || to != ""} {
				if on {
					chosen++
				}
			}
			if chosen > 1 {
				return usagef("choose one window: --week, --within 30d, --quarter, --all, or --from DATE --to DATE")
			}
			return a.withStore(ctx, true, func(s *store.Store) error {
				clock := s.Clock()
				today := clock.Today()
				w := clock.RenewalWindow(model.WindowWeek)
				var err error
				switch {
				case quarter:
					w = clock.RenewalWindow(model.WindowQuarter)
				case all:
					w = clock.RenewalWindow(model.WindowAll)
				case within != "":
					end, err := withinEnd(today, within)
					if err != nil {
						return err
					}
					if w, err = model.CustomWindow(today, end, today); err != nil {
						return usagef("%v", err)
					}
				case from != "" || to != "":
					if from == "" || to == "" {
						return usagef("give both ends: --from DATE --to DATE")
					}
					var f, t model.Date
					if f, err = optionalDate(clock, "--from", from); err != nil {
						return err
					}
					if t, err = optionalDate(clock, "--to", to); err != nil {
						return err
					}
					if w, err = model.CustomWindow(f, t, today); err != nil {
						return usagef("%s", strings.TrimPrefix(err.Error(), "window: "))
					}
				}
				return a.printRenewals(cmd, s, store.RenewalQuery{Window: w, Filter: filter}, asJSON)
			})
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, "print JSON for scripts")
	f.BoolVar(&week, "week", false, "this week and everything overdue (the default)")
	f.StringVar(&within, "within", "", "from today to this far ahead, and everything overdue: 30d, 6w, 3m")
	f.BoolVar(&quarter, "quarter", false, "this calendar quarter and everything overdue")
	f.BoolVar(&all, "all", false, "every contract still to decide")
	f.StringVar(&from, "from", "", "with --to: a window of your own (dates as anywhere: 2027-01-01, mon, eom)")
	f.StringVar(&to, "to", "", "the window's last day")
	f.StringVar(&filter, "filter", "", "only accounts whose name contains this")
	return cmd
}

// withinEnd reads --within: days (30, 30d), weeks (6w), months (3m) or
// years (1y) from today.
func withinEnd(today model.Date, s string) (model.Date, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	unit := "d"
	if n := len(t); n > 0 && strings.ContainsAny(t[n-1:], "dwmy") {
		unit, t = t[n-1:], t[:n-1]
	}
	n, err := strconv.Atoi(t)
	if err != nil || n < 0 || n > 3650 || strings.HasPrefix(t, "+") {
		return model.Date{}, usagef("--within %q: write a span such as 7d, 30d, 6w, 3m or 1y", s)
	}
	switch unit {
	case "w":
		return today.AddDays(7 * n), nil
	case "m":
		return today.AddMonths(n), nil
	case "y":
		return today.AddMonths(12 * n), nil
	}
	return today.AddDays(n), nil
}

func (a *app) printRenewals(cmd *cobra.Command, s *store.Store, q store.RenewalQuery, asJSON bool) error {
	ctx := cmd.Context()
	sum, err := s.CountRenewals(ctx, q)
	if err != nil {
		return err
	}
	rows, err := s.RenewalList(ctx, sum)
	if err != nil {
		return err
	}
	stages, err := stageNames(cmd, s)
	if err != nil {
		return err
	}
	today := q.Window.Today
	// Snoozed contracts have left the queue until their day.
	var shown []store.RenewalRow
	for _, r := range rows {
		if r.Part != store.PartSnoozed {
			shown = append(shown, r)
		}
	}
	if asJSON {
		out := make([]renewalJSON, len(shown))
		for i, r := range shown {
			out[i] = toRenewalJSON(r, today, stages)
		}
		return printJSON(a.out, out)
	}
	// At risk, from the health every undecided row (snoozed too) has.
	risk, riskValue := 0, model.Totals{}
	for _, r := range rows {
		if r.Part != store.PartDecided && r.Health.AtRisk() {
			risk++
			riskValue.Add(r.Contract.Value)
		}
	}
	label := q.Window.Label()
	fmt.Fprintf(a.out, "%s%s: %s up for renewal (%s) · %s at risk (%s)", strings.ToUpper(label[:1]), label[1:],
		count(sum.Up.Count), exact(sum.Up.Value), count(risk), exact(riskValue))
	if n := sum.Snoozed.Count; n > 0 {
		fmt.Fprintf(a.out, " · %s snoozed", count(n))
	}
	fmt.Fprintf(a.out, " · decided: %s renewed (%s), %s churned (%s)\n\n", count(sum.Renewed.Count), exact(sum.Renewed.Value),
		count(sum.Churned.Count), exact(sum.Churned.Value))
	if len(shown) == 0 {
		fmt.Fprintln(a.out, "Nothing to decide in this window.")
		return nil
	}
	t := newTable(">ID", "Account", ">Value/yr", "Ends", ">Left", "Notice by", "Auto", ">Health", "Main reason", "Renewal deal", "Status")
	for _, r := range shown {
		c := r.Contract
		auto := ""
		if c.AutoRenew {
			auto = "yes"
		}
		status := string(c.Status)
		if c.AwaitingAutoRenewal(today) {
			status = "auto-renewed?"
		}
		deal := ""
		if r.Deal.ID != 0 {
			deal = fmt.Sprintf("%d %s", r.Deal.ID, stages[r.Deal.StageID])
		}
		t.add(fmt.Sprint(c.ID), r.Account.Name, c.Value.String(), c.End.String(), strconv.Itoa(c.DaysLeft(today)),
			c.NoticeDate().String(), auto, strconv.Itoa(r.Health.Score), r.Health.Main(), deal, status)
	}
	return t.print(a.out)
}

// stageNames names the board's stages by id (removed ones too are named
// by the deal's own stage id, so a missing one prints blank).
func stageNames(cmd *cobra.Command, s *store.Store) (map[int64]string, error) {
	stages, err := s.Stages(cmd.Context())
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(stages))
	for _, st := range stages {
		out[st.ID] = st.Name
	}
	return out, nil
}

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

CONTRACT is a contract id (12 or contract:12); an account (a name, or account:7)
means its active contract.`,
		Example: `  rolo renew "Falconcrest Power" --uplift 5%
  rolo renew contract:12 --value 52k --term 2y
  rolo renew 12                     # confirm an auto-renewal at the same value`,
		Args: exactArgs(1, "a contract or an account"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if value != "" && uplift != "" {
				return usagef("give --value or --uplift, not both")
			}
			return a.withStore(ctx, true, func(s *store.Store) error {
				c, err := s.FindContract(ctx, args[0])
				if err != nil {
					return asUsage(err)
				}
				terms := store.SameTerms(c)
				switch {
				case value != "":
					if terms.Value, err = model.ParseRenewalValue(value, c.Value); err != nil {
						return usagef("--value: %v", err)
					}
				case uplift != "":
					u := strings.TrimSpace(uplift)
					if !strings.HasSuffix(u, "%") {
						u += "%"
					}
					if terms.Value, err = model.ParseRenewalValue(u, c.Value); err != nil {
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
				change := model.UpliftText(res.Old.Value, res.New.Value)
				if change != "" {
					change = " (" + change + ")"
				}
				fmt.Fprintf(a.out, "Renewed contract %d (%s): contract %d runs %s – %s at %s a year%s, notice %d days.\n",
					res.Old.ID, model.Clean(res.Deal.AccountName), res.New.ID, res.New.Start.Short(today), res.New.End.Short(today),
					res.New.Value, change, res.New.NoticeDays)
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

func (a *app) churnCommand() *cobra.Command {
	var reason string
	var now bool
	cmd := &cobra.Command{
		Use:   "churn CONTRACT|ACCOUNT --reason R",
		Short: "Record that a customer is not renewing",
		Long: `Records the churn decision: the contract becomes churned with the reason, effective at
its end date (or today with --now: it then ends today). The open renewal deal working
it is lost with the same reason, and the account becomes churned when it has no other
active contract. 'rolo undo' takes it back.

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
			return a.withStore(ctx, true, func(s *store.Store) error {
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
				fmt.Fprintf(a.out, "Churned contract %d (%s): it ends %s (%s).\n", res.Contract.ID, model.Clean(acct.Name),
					res.Contract.End.Short(today), model.Clean(res.Contract.ChurnReason))
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
			return a.withStore(ctx, true, func(s *store.Store) error {
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
	why := "renewal: notice in " + strconv.Itoa(today.DaysUntil(c.NoticeDate())) + "d"
	due := c.NoticeDate()
	switch {
	case c.AwaitingAutoRenewal(today):
		why, due = "renewal: auto-renewed?", c.End
	case c.NoticePassed(today) && c.Ended(today):
		why, due = fmt.Sprintf("renewal: ended %dd ago", -c.DaysLeft(today)), c.End
	case c.NoticePassed(today):
		why, due = fmt.Sprintf("renewal: ends in %dd", c.DaysLeft(today)), c.End
	}
	next := "renew, churn or snooze"
	if it.Deal.NextStep != "" {
		next = it.Deal.NextStep
	}
	return []string{why, fmt.Sprintf("contract:%d", c.ID), "Renewal of " + c.Value.Short() + "/yr contract", it.Account.Name,
		c.Value.Short(), next, due.String()}
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
			return a.withStore(ctx, true, func(s *store.Store) error {
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
				t := newTable(">ID", "Account", ">Value/yr", "Start", "End", "Notice by", "Auto", "Status", "Renews")
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
					t.add(fmt.Sprint(r.ID), r.AccountName, r.Value.String(), r.Start.String(), r.End.String(), r.NoticeDate().String(),
						auto, st, renews)
				}
				return t.print(a.out)
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
