package cli

import (
	"fmt"
	"io"

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
	Kind          string    `json:"kind"`
	Value         moneyJSON `json:"value"`
	Probability   *int      `json:"probability,omitempty"`
	ExpectedClose string    `json:"expected_close,omitempty"`
	Source        string    `json:"source,omitempty"`
	NextStep      string    `json:"next_step,omitempty"`
	NextDue       string    `json:"next_due,omitempty"`
	LastTouch     string    `json:"last_touch,omitempty"`
}

func toDealJSON(d model.Deal, stage string) dealJSON {
	j := dealJSON{ID: d.ID, Title: d.Title, Account: d.AccountName, Stage: stage, Status: string(d.Status), Kind: string(d.Kind),
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
			if err := checkLimit(limit); err != nil {
				return err
			}
			ctx := cmd.Context()
			return a.withStore(ctx, reading, func(s *store.Store) error {
				sums, err := s.Pipeline(ctx)
				if err != nil {
					return err
				}
				cards := func(sum store.StageSummary, fn func(model.Deal) error) error {
					return s.EachBoardCard(ctx, store.BoardQuery{StageID: sum.Stage.ID, Limit: limit}, fn)
				}
				if !withDeals {
					cards = nil
				}
				if asJSON {
					return printPipelineJSON(a.out, sums, cards)
				}
				return a.printPipeline(sums, cards)
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	cmd.Flags().BoolVar(&withDeals, "deals", false, "list each stage's open deals too")
	cmd.Flags().IntVar(&limit, "limit", 50, "with --deals, at most this many deals per stage (0 = all)")
	return cmd
}

// printPipelineJSON streams the stages, and with cards each stage's
// deals, as they are read.
func printPipelineJSON(w io.Writer, sums []store.StageSummary, cards func(store.StageSummary, func(model.Deal) error) error) error {
	out := newJSONArray(w)
	for _, sum := range sums {
		st := stageJSON{Stage: sum.Stage.Name, Position: sum.Stage.Position, Probability: sum.Stage.Probability,
			Count: sum.Count, Total: totalsJSON(sum.Total), Weighted: totalsJSON(sum.Weighted)}
		if cards == nil {
			if err := out.add(st); err != nil {
				return err
			}
			continue
		}
		deals, err := out.addWithArray(st, "deals")
		if err != nil {
			return err
		}
		if err := cards(sum, func(d model.Deal) error { return deals.add(toDealJSON(d, sum.Stage.Name)) }); err != nil {
			return err
		}
		deals.end()
	}
	return out.finish()
}

func (a *app) printPipeline(sums []store.StageSummary, cards func(store.StageSummary, func(model.Deal) error) error) error {
	t := newTable(a.out, "Stage", ">Deals", ">Prob", ">Total", ">Weighted")
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
	if err := t.print(); err != nil || cards == nil {
		return err
	}
	for _, sum := range sums {
		fmt.Fprintf(a.out, "\n%s (%s)\n", model.Clean(sum.Stage.Name), count(sum.Count))
		dt := newTable(a.out, ">ID", "Deal", "Account", ">Value", "Next step", "Due")
		err := cards(sum, func(d model.Deal) error {
			return dt.add(fmt.Sprint(d.ID), d.Title, d.AccountName, d.Value.String(), d.NextStep, dateJSON(d.NextDue))
		})
		if err != nil {
			return err
		}
		if err := dt.print(); err != nil {
			return err
		}
	}
	return nil
}

// todayJSON is one row of the queue: the reason and the record — a deal,
// or (for renewals, check-ins due, tasks due and urgent issues) the
// account it concerns, with the contract (and its open renewal deal), the
// task or the issue.
type todayJSON struct {
	Reason  string       `json:"reason"`
	Deal    *dealJSON    `json:"deal,omitempty"` // a renewal row's open renewal deal, if any
	Account *accountJSON `json:"account,omitempty"`
	Task    *taskJSON    `json:"task,omitempty"`
	Issue   *issueJSON   `json:"issue,omitempty"`
	// Contract is a renewal row's contract.
	Contract *contractJSON `json:"contract,omitempty"`
}

func (a *app) todayCommand() *cobra.Command {
	var asJSON bool
	var limit int
	cmd := &cobra.Command{
		Use:   "today",
		Short: "The queue: renewals, urgent issues, follow-ups and tasks due, check-ins due, deals going stale",
		Long: `Lists what needs you today, most urgent first: renewals (undecided contracts whose
notice deadline falls within 7 days, or whose end does or has passed), urgent support
issues (open, high or urgent, raised over a day ago), next steps overdue, tasks due
today or overdue, next steps due today, customers due a check-in (most late first),
deals with no next step, and stale deals (untouched for longer than their stage's rot
days). Snoozed deals and contracts stay out until their day. In JSON, rows about an
account carry the account (with its health), and the task, the issue or the contract
(with its open renewal deal, if any).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkLimit(limit); err != nil {
				return err
			}
			ctx := cmd.Context()
			return a.withStore(ctx, reading, func(s *store.Store) error {
				c := s.Clock()
				today, now := c.Today(), c.Now()
				q, err := s.CountToday(ctx, today, now)
				if err != nil {
					return err
				}
				counts := q.Counts
				if limit == 0 {
					limit = counts.Total()
				}
				if asJSON {
					out := &todayWriter{ctx: ctx, s: s, out: newJSONArray(a.out)}
					if err := s.EachToday(ctx, q, 0, limit, out.add); err != nil {
						return err
					}
					if err := out.flush(); err != nil {
						return err
					}
					return out.out.finish()
				}
				if counts.Total() == 0 {
					fmt.Fprintln(a.out, "Nothing waiting: no renewal, follow-up, task or check-in is due, no urgent issue waits, every open deal has a next step, none is stale.")
					return nil
				}
				t := newTable(a.out, "Why", ">ID", "What", "Account", ">Value", "Next step", "Due")
				shown := 0
				err = s.EachToday(ctx, q, 0, limit, func(it store.TodayItem) error {
					shown++
					if aboutAccount(it) {
						return t.add(todayAccountCells(it, s.Clock())...)
					}
					why := it.Reason.String()
					switch it.Reason {
					case store.ReasonOverdue:
						why = fmt.Sprintf("overdue %dd", it.Deal.NextDue.DaysUntil(today))
					case store.ReasonStale:
						why = fmt.Sprintf("stale %dd", it.Deal.DaysIdle(now))
					}
					return t.add(why, fmt.Sprint(it.Deal.ID), it.Deal.Title, it.Deal.AccountName, it.Deal.Value.Short(), it.Deal.NextStep, dateJSON(it.Deal.NextDue))
				})
				if err != nil {
					return err
				}
				if err := t.print(); err != nil {
					return err
				}
				fmt.Fprintf(a.out, "\n%s renewals · %s overdue · %s due today · %s with no next step · %s stale", count(counts[store.ReasonRenewal]),
					count(counts[store.ReasonOverdue]), count(counts[store.ReasonDueToday]), count(counts[store.ReasonNoNextStep]), count(counts[store.ReasonStale]))
				fmt.Fprint(a.out, accountCounts(counts))
				if shown < counts.Total() {
					fmt.Fprintf(a.out, " (showing %s of %s; --limit 0 shows all)", count(shown), count(counts.Total()))
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
