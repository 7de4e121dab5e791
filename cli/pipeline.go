package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"rolo/model"
	"rolo/store"
)

type stageJSON struct {
	Stage       string      `json:"stage"`
	Position    int         `json:"position"`
	Probability int         `json:"probability"`
	Count       int         `json:"count"`
	Total       []moneyJSON `json:"total"`
	Weighted    []moneyJSON `json:"weighted"`
	Deals       []dealJSON  `json:"deals,omitempty"`
}

type dealJSON struct {
	ID            int64     `json:"id"`
	Title         string    `json:"title"`
	Account       string    `json:"account"`
	Stage         string    `json:"stage"`
	Status        string    `json:"status"`
	Value         moneyJSON `json:"value"`
	Probability   *int      `json:"probability,omitempty"`
	ExpectedClose string    `json:"expected_close,omitempty"`
	Source        string    `json:"source,omitempty"`
	NextStep      string    `json:"next_step,omitempty"`
	NextDue       string    `json:"next_due,omitempty"`
	LastTouch     string    `json:"last_touch,omitempty"`
}

func toDealJSON(d model.Deal, stage string) dealJSON {
	j := dealJSON{ID: d.ID, Title: d.Title, Account: d.AccountName, Stage: stage, Status: string(d.Status),
		Value: toMoneyJSON(d.Value), Probability: d.Probability, ExpectedClose: dateJSON(d.ExpectedClose),
		Source: string(d.Source), NextStep: d.NextStep, NextDue: dateJSON(d.NextDue)}
	if !d.LastTouchAt.IsZero() {
		j.LastTouch = d.LastTouchAt.UTC().Format("2006-01-02T15:04:05Z")
	}
	return j
}

func (a *app) pipelineCommand() *cobra.Command {
	var asJSON, withDeals bool
	var limit int
	cmd := &cobra.Command{
		Use:   "pipeline",
		Short: "Open deals per stage: count, total and weighted total",
		Long: `Shows every stage of the board with its open deals' count, total value and weighted
value. weighted = Σ value × probability ÷ 100, using the deal's own probability when
set, else the stage's default. Different currencies are never added together.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			return a.withStore(ctx, true, func(s *store.Store) error {
				sums, err := s.Pipeline(ctx)
				if err != nil {
					return err
				}
				out := make([]stageJSON, len(sums))
				for i, sum := range sums {
					out[i] = stageJSON{Stage: sum.Stage.Name, Position: sum.Stage.Position, Probability: sum.Stage.Probability,
						Count: sum.Count, Total: totalsJSON(sum.Total), Weighted: totalsJSON(sum.Weighted)}
					if withDeals {
						deals, err := s.BoardCards(ctx, store.BoardQuery{StageID: sum.Stage.ID, Limit: limit})
						if err != nil {
							return err
						}
						out[i].Deals = []dealJSON{}
						for _, d := range deals {
							out[i].Deals = append(out[i].Deals, toDealJSON(d, sum.Stage.Name))
						}
					}
				}
				if asJSON {
					return printJSON(a.out, out)
				}
				return a.printPipeline(sums, out, withDeals)
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	cmd.Flags().BoolVar(&withDeals, "deals", false, "list each stage's open deals too")
	cmd.Flags().IntVar(&limit, "limit", 50, "with --deals, at most this many deals per stage")
	return cmd
}

func (a *app) printPipeline(sums []store.StageSummary, out []stageJSON, withDeals bool) error {
	t := newTable("Stage", ">Deals", ">Prob", ">Total", ">Weighted")
	all, weighted, n := model.Totals{}, model.Totals{}, 0
	for _, sum := range sums {
		t.add(sum.Stage.Name, count(sum.Count), fmt.Sprintf("%d%%", sum.Stage.Probability), exact(sum.Total), exact(sum.Weighted))
		n += sum.Count
		for c, v := range sum.Total {
			all[c] += v
		}
		for c, v := range sum.Weighted {
			weighted[c] += v
		}
	}
	t.add("All open", count(n), "", exact(all), exact(weighted))
	if err := t.print(a.out); err != nil {
		return err
	}
	if !withDeals {
		return nil
	}
	for _, st := range out {
		fmt.Fprintf(a.out, "\n%s (%s)\n", model.Clean(st.Stage), count(st.Count))
		dt := newTable(">ID", "Deal", "Account", ">Value", "Next step", "Due")
		for _, d := range st.Deals {
			dt.add(fmt.Sprint(d.ID), d.Title, d.Account, d.Value.Display, d.NextStep, d.NextDue)
		}
		if err := dt.print(a.out); err != nil {
			return err
		}
	}
	return nil
}

type todayJSON struct {
	Reason string    `json:"reason"`
	Deal   *dealJSON `json:"deal,omitempty"` // a renewal row's open renewal deal, if any
	// Contract is a renewal row's contract.
	Contract *contractJSON `json:"contract,omitempty"`
}

func (a *app) todayCommand() *cobra.Command {
	var asJSON bool
	var limit int
	cmd := &cobra.Command{
		Use:   "today",
		Short: "Today's queue: renewals, overdue, due today, no next step, stale",
		Long: `Lists what needs you today, most urgent first: renewals (undecided contracts whose
notice deadline falls within 7 days, or whose end does or has passed), next steps
overdue, next steps due today, deals with no next step, and stale deals (untouched for
longer than their stage's rot days). Snoozed deals and contracts stay out until their day.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			return a.withStore(ctx, true, func(s *store.Store) error {
				c := s.Clock()
				today, now := c.Today(), c.Now()
				q, err := s.CountToday(ctx, today, now)
				if err != nil {
					return err
				}
				counts := q.Counts
				if limit <= 0 {
					limit = counts.Total()
				}
				items, err := s.TodayPage(ctx, q, 0, limit)
				if err != nil {
					return err
				}
				if asJSON {
					out := make([]todayJSON, len(items))
					for i, it := range items {
						out[i] = todayJSON{Reason: it.Reason.String()}
						if it.Deal.ID != 0 {
							d := toDealJSON(it.Deal, it.Stage.Name)
							out[i].Deal = &d
						}
						if it.Reason == store.ReasonRenewal {
							out[i].Contract = toContractJSON(store.ContractRow{Contract: it.Contract, AccountName: it.Account.Name})
						}
					}
					return printJSON(a.out, out)
				}
				if counts.Total() == 0 {
					fmt.Fprintln(a.out, "Nothing waiting: no follow-up is overdue or due today, every open deal has a next step, none is stale.")
					return nil
				}
				t := newTable("Why", ">ID", "Deal", "Account", ">Value", "Next step", "Due")
				for _, it := range items {
					if it.Reason == store.ReasonRenewal {
						t.add(renewalRow(it, today)...)
						continue
					}
					why := it.Reason.String()
					switch it.Reason {
					case store.ReasonOverdue:
						why = fmt.Sprintf("overdue %dd", it.Deal.NextDue.DaysUntil(today))
					case store.ReasonStale:
						why = fmt.Sprintf("stale %dd", it.Deal.DaysIdle(now))
					}
					t.add(why, fmt.Sprint(it.Deal.ID), it.Deal.Title, it.Deal.AccountName, it.Deal.Value.Short(), it.Deal.NextStep, dateJSON(it.Deal.NextDue))
				}
				if err := t.print(a.out); err != nil {
					return err
				}
				fmt.Fprintf(a.out, "\n%s renewals · %s overdue · %s due today · %s with no next step · %s stale", count(counts[store.ReasonRenewal]),
					count(counts[store.ReasonOverdue]), count(counts[store.ReasonDueToday]), count(counts[store.ReasonNoNextStep]), count(counts[store.ReasonStale]))
				if len(items) < counts.Total() {
					fmt.Fprintf(a.out, " (showing %s of %s; --limit 0 shows all)", count(len(items)), count(counts.Total()))
				}
				fmt.Fprintln(a.out)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	cmd.Flags().IntVar(&limit, "limit", 50, "show at most this many rows (0 = all)")
	return cmd
}

type accountJSON struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Status      string `json:"status"`
	Tier        string `json:"tier,omitempty"`
	Industry    string `json:"industry,omitempty"`
	OpenDeals   int    `json:"open_deals"`
	LastTouch   string `json:"last_touch,omitempty"`
	CadenceDays int    `json:"cadence_days"`
}

func (a *app) accountsCommand() *cobra.Command {
	var asJSON bool
	var filter, status string
	var limit int
	cmd := &cobra.Command{
		Use:   "accounts",
		Short: "List accounts by name",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if status != "" && status != "prospect" && status != "customer" && status != "churned" {
				return usagef("--status must be prospect, customer or churned")
			}
			return a.withStore(ctx, true, func(s *store.Store) error {
				rows, err := s.Accounts(ctx, store.AccountQuery{Filter: filter, Status: model.AccountStatus(status), Limit: limit})
				if err != nil {
					return err
				}
				if asJSON {
					out := make([]accountJSON, len(rows))
					for i, r := range rows {
						out[i] = accountJSON{ID: r.ID, Name: r.Name, Status: string(r.Status), Tier: r.Tier, Industry: r.Industry,
							OpenDeals: r.OpenDeals, CadenceDays: r.CadenceDays}
						if !r.LastTouchAt.IsZero() {
							out[i].LastTouch = r.LastTouchAt.UTC().Format("2006-01-02T15:04:05Z")
						}
					}
					return printJSON(a.out, out)
				}
				t := newTable(">ID", "Account", "Status", "Tier", ">Open deals", "Last touch")
				for _, r := range rows {
					touch := "never"
					if !r.LastTouchAt.IsZero() {
						touch = s.Clock().DateOf(r.LastTouchAt).String()
					}
					t.add(fmt.Sprint(r.ID), r.Name, string(r.Status), r.Tier, count(r.OpenDeals), touch)
				}
				return t.print(a.out)
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	cmd.Flags().StringVar(&filter, "filter", "", "only accounts whose name contains this")
	cmd.Flags().StringVar(&status, "status", "", "only prospect, customer or churned accounts")
	cmd.Flags().IntVar(&limit, "limit", 100, "show at most this many")
	return cmd
}
