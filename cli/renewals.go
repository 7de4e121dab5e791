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
	Health         *model.Health    `json:"health"` // the account's, as rolo accounts shows it; null for none
	RenewalDeal    *renewalDealJSON `json:"renewal_deal"`
}

type renewalDealJSON struct {
	ID    int64  `json:"id"`
	Stage string `json:"stage"`
}

func toRenewalJSON(r store.RenewalRow, today model.Date, stages map[int64]string) renewalJSON {
	c := r.Contract
	j := renewalJSON{ContractID: c.ID, Account: r.Account.Name, Value: toMoneyJSON(c.Value), Start: c.Start.String(),
		End: c.End.String(), NoticeDeadline: c.NoticeDate().String(), DaysLeft: c.DaysLeft(today), AutoRenew: c.AutoRenew,
		Status: string(c.Status), Health: r.Health}
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

Health is the account's, as 'rolo accounts' and 'rolo account' show it (null in
JSON for an account with none: a prospect or a churned account). At risk: an
undecided contract whose account's health is below ` + fmt.Sprint(model.AtRiskBelow) + `, where its score turns
amber. Totals are per currency. Contracts of an account ending the same day in the
same currency (an add-on and the contract it joined) are decided together: each
is a row, and 'rolo renew' or 'rolo churn' on one takes them all.

` + model.HealthRules,
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
			return a.withStore(ctx, reading, func(s *store.Store) error {
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
	shown := make([]store.RenewalRow, 0, len(rows))
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
		if r.Part != store.PartDecided && r.Health != nil && r.Health.AtRisk() {
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
	t := newTable(a.out, ">ID", "Account", ">Value/yr", "Ends", ">Left", "Notice by", "Auto", ">Health", "Main reason", "Renewal deal", "Status")
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
		score, reason := healthCells(r.Health)
		if err := t.add(fmt.Sprint(c.ID), r.Account.Name, c.Value.String(), c.End.String(), strconv.Itoa(c.DaysLeft(today)),
			c.NoticeDate().String(), auto, score, reason, deal, status); err != nil {
			return err
		}
	}
	return t.print()
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
