package tui

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"rolo/model"
	"rolo/store"
)

// The drill-downs whose rows are deals: revenue, win rate, a conversion
// step (or the whole cohort), the sales cycle and the weighted pipeline.
// enter opens the deal, A its account.

// newDealDrill builds a deal drill-down over the figures r of period p.
func newDealDrill(c *appContext, p model.Period, r model.Report, name, define string, cols []column[model.MetricDeal]) *drillView[model.MetricDeal] {
	return &drillView[model.MetricDeal]{ctx: c, name: name, define: define, period: p, report: r, fresh: true,
		table:    newListTable(c, func(d model.MetricDeal) int64 { return d.ID }, cols),
		open:     func(d model.MetricDeal) tea.Cmd { return push(newDealView(c, d.ID)) },
		openWhat: "open deal",
		account:  func(d model.MetricDeal) int64 { return d.AccountID },
		empty:    "No deals.",
	}
}

// Columns shared by the deal drill-downs.

func dealTitleColumn() column[model.MetricDeal] {
	return column[model.MetricDeal]{title: "Deal", min: 16, max: 44, flex: true, text: func(d model.MetricDeal) string {
		return shortTitle(model.Deal{Title: d.Title, AccountName: d.AccountName})
	}}
}

func dealAccountColumn(c *appContext) column[model.MetricDeal] {
	return column[model.MetricDeal]{title: "Account", min: 10, max: 30, flex: true, keep: 5,
		text:  func(d model.MetricDeal) string { return model.Clean(d.AccountName) },
		style: func(model.MetricDeal) lipgloss.Style { return c.styles.Subtle }}
}

func dealDateColumn(c *appContext, title string, date func(model.MetricDeal) model.Date, keep int) column[model.MetricDeal] {
	return column[model.MetricDeal]{title: title, min: 6, keep: keep,
		text: func(d model.MetricDeal) string { return date(d).Short(c.clock.Today()) }}
}

func dealValueColumn() column[model.MetricDeal] {
	return column[model.MetricDeal]{title: "Value", right: true, min: 8, text: func(d model.MetricDeal) string { return d.Value.String() }}
}

func closedOf(d model.MetricDeal) model.Date  { return d.Closed }
func createdOf(d model.MetricDeal) model.Date { return d.Created }

// newRevenueDrill lists the deals of one kind won in the period.
func newRevenueDrill(c *appContext, p model.Period, r model.Report, kind model.DealKind) view {
	v := newDealDrill(c, p, r, kindLabel(kind), "revenue", []column[model.MetricDeal]{
		dealTitleColumn(), dealAccountColumn(c), dealDateColumn(c, "Won", closedOf, 0), dealValueColumn()})
	v.count = func(r model.Report) int { return r.RevenueDeals[kind] }
	v.summary = func(r model.Report) []string {
		return []string{fmt.Sprintf("%s: %s", plural(r.RevenueDeals[kind], string(kind)+" deal")+" won", totalsText(r.Revenue[kind])),
			"The values below sum to the figure in each currency, latest win first."}
	}
	v.pages = func(s *store.Store, p model.Period) pageFunc[model.MetricDeal] {
		return pageOf(func(ctx context.Context, pg store.Page) ([]model.MetricDeal, error) {
			return s.RevenueDeals(ctx, p, kind, pg)
		})
	}
	v.empty = "No " + string(kind) + " deal was won in this period."
	return v
}

// newWinRateDrill lists the new-business deals won or lost in the period.
func newWinRateDrill(c *appContext, p model.Period, r model.Report) view {
	result := column[model.MetricDeal]{title: "Result", min: 6, text: func(d model.MetricDeal) string {
		if d.Status == model.Won {
			return "✓ won"
		}
		return "✗ lost"
	}, style: func(d model.MetricDeal) lipgloss.Style {
		if d.Status == model.Won {
			return c.styles.Success
		}
		return c.styles.Danger
	}}
	v := newDealDrill(c, p, r, "Win rate (new business)", "win rate", []column[model.MetricDeal]{
		result, dealTitleColumn(), dealAccountColumn(c), dealDateColumn(c, "Closed", closedOf, 0), dealValueColumn()})
	v.count = func(r model.Report) int { return r.WinRate.Won + r.WinRate.Lost }
	v.summary = func(r model.Report) []string {
		w := r.WinRate
		return []string{fmt.Sprintf("%s won ÷ (%s won + %s lost) = %s", count(w.Won), count(w.Won), count(w.Lost), w.Rate().Percent(0)),
			"The new-business deals closed in the period: the won ones, then the lost ones."}
	}
	v.pages = func(s *store.Store, p model.Period) pageFunc[model.MetricDeal] {
		return pageOf(func(ctx context.Context, pg store.Page) ([]model.MetricDeal, error) {
			return s.WinRateDeals(ctx, p, pg)
		})
	}
	v.empty = "No new-business deal closed in this period."
	return v
}

// newConversionDrill lists the deals of the conversion cohort that
// reached the stage at board position step, marking those that went on
// to the next; step 0 lists the whole cohort.
func newConversionDrill(c *appContext, p model.Period, r model.Report, step int) view {
	// Positions are places on the board as it is now.
	stageName := func(pos int) string {
		if pos < 1 || pos > len(c.stages) {
			return "—"
		}
		return model.Clean(c.stages[pos-1].Name)
	}
	furthest := column[model.MetricDeal]{title: "Furthest", min: 8, max: 16, keep: 2, text: func(d model.MetricDeal) string {
		if d.WonAtEnd {
			return "won"
		}
		return stageName(d.Reached)
	}}
	cols := []column[model.MetricDeal]{dealTitleColumn(), dealAccountColumn(c), dealDateColumn(c, "Created", createdOf, 1), furthest}
	name := "Funnel: the cohort"
	if step > 0 {
		name = stageName(step) + " → " + stageName(step+1)
		cols = append(cols, column[model.MetricDeal]{title: "Went on", min: 7, text: func(d model.MetricDeal) string {
			if d.ReachedStage(step + 1) {
				return "✓"
			}
			return "·"
		}, style: func(d model.MetricDeal) lipgloss.Style {
			if d.ReachedStage(step + 1) {
				return c.styles.Success
			}
			return c.styles.Faint
		}})
	}
	cols = append(cols, dealValueColumn())
	v := newDealDrill(c, p, r, name, "stage conversion", cols)
	v.count = func(r model.Report) int {
		if step > 0 && step <= len(r.Funnel.Stages) {
			return r.Funnel.Stages[step-1].Reached
		}
		if step > 0 {
			return 0
		}
		return r.Funnel.Cohort
	}
	v.summary = func(r model.Report) []string {
		if step == 0 {
			return []string{fmt.Sprintf("%s created in the period; %s won by its end", plural(r.Funnel.Cohort, "new-business deal"), count(r.Funnel.Won)),
				"Furthest: the furthest stage on the board each had reached by then."}
		}
		reached, on := v.count(r), 0
		for _, s := range r.Funnel.Steps() {
			if s.FromPosition == step {
				on = s.ReachedTo
			}
		}
		return []string{fmt.Sprintf("%s of the %s that reached %s went on to %s (✓) = %s", count(on), plural(reached, "new deal"),
			stageName(step), stageName(step+1), model.Ratio{Num: int64(on), Den: int64(reached)}.Percent(0)),
			"Reached: by the period's end, in the stage or a later one, or won."}
	}
	v.pages = func(s *store.Store, p model.Period) pageFunc[model.MetricDeal] {
		return pageOf(func(ctx context.Context, pg store.Page) ([]model.MetricDeal, error) {
			return s.ConversionDeals(ctx, p, step, pg)
		})
	}
	v.empty = "No new-business deal of this period reached the stage."
	return v
}

// newCycleDrill lists the new-business deals won in the period with their
// days from creation to win.
func newCycleDrill(c *appContext, p model.Period, r model.Report) view {
	v := newDealDrill(c, p, r, "Sales cycle", "sales cycle", []column[model.MetricDeal]{
		dealTitleColumn(), dealAccountColumn(c), dealDateColumn(c, "Created", createdOf, 1), dealDateColumn(c, "Won", closedOf, 2),
		{title: "Days", right: true, min: 4, text: func(d model.MetricDeal) string { return fmt.Sprint(d.CycleDays) }},
		dealValueColumn()})
	v.count = func(r model.Report) int { return len(r.SalesCycle.Days) }
	v.summary = func(r model.Report) []string {
		return []string{fmt.Sprintf("median of %s = %s", plural(len(r.SalesCycle.Days), "cycle"), daysText(r.SalesCycle.Median())),
			"Days from created to won (local dates), of the new-business deals won."}
	}
	v.pages = func(s *store.Store, p model.Period) pageFunc[model.MetricDeal] {
		return pageOf(func(ctx context.Context, pg store.Page) ([]model.MetricDeal, error) {
			return s.SalesCycleDeals(ctx, p, pg)
		})
	}
	v.empty = "No new-business deal was won in this period."
	return v
}

// newPipelineDrill lists the open deals behind the weighted pipeline, in
// board order, with the probability each is weighted by.
func newPipelineDrill(c *appContext, p model.Period, r model.Report) view {
	v := newDealDrill(c, p, r, "Weighted pipeline", "weighted pipeline", []column[model.MetricDeal]{
		dealTitleColumn(), dealAccountColumn(c),
		{title: "Stage", min: 6, max: 14, keep: 3, text: func(d model.MetricDeal) string { return model.Clean(d.StageName) }},
		dealValueColumn(),
		{title: "Prob", right: true, min: 5, text: func(d model.MetricDeal) string {
			if d.OwnProb {
				return fmt.Sprintf("%d%%*", d.Probability)
			}
			return fmt.Sprintf("%d%% ", d.Probability)
		}},
		{title: "Weighted", right: true, min: 8, text: func(d model.MetricDeal) string { return d.Weighted().Money(d.Value.Currency).String() }},
	})
	v.count = func(r model.Report) int { return r.OpenDeals }
	v.summary = func(r model.Report) []string {
		t := model.Totals{}
		for cur, x := range r.WeightedPipeline {
			t[cur] = x.Money(cur).Minor
		}
		return []string{fmt.Sprintf("%s now, weighted: %s", plural(r.OpenDeals, "open deal"), totalsText(t)),
			"Value × probability ÷ 100: the deal's own probability (*), else its stage's."}
	}
	v.pages = func(s *store.Store, _ model.Period) pageFunc[model.MetricDeal] {
		return pageOf(func(ctx context.Context, pg store.Page) ([]model.MetricDeal, error) { return s.PipelineDeals(ctx, pg) })
	}
	v.empty = "No open deals."
	return v
}
