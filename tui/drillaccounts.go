package tui

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"rolo/model"
	"rolo/store"
)

// The drill-downs whose rows belong to accounts: the new customers, the
// survey answers behind CSAT and NPS, the retention cohort of a currency
// and the logo cohort. enter opens the account.

func accountOpener(c *appContext) func(id int64) tea.Cmd {
	return func(id int64) tea.Cmd { return openAccount(c, id) }
}

func accountNameColumn[T any](name func(T) string) column[T] {
	return column[T]{title: "Account", min: 12, max: 36, flex: true, text: func(r T) string { return model.Clean(name(r)) }}
}

// newCustomersDrill lists the accounts won in the period.
func newCustomersDrill(c *appContext, p model.Period, r model.Report) view {
	v := &drillView[model.NewCustomer]{ctx: c, name: "New customers", define: "new customers", period: p, report: r, fresh: true,
		table: newListTable(c, func(n model.NewCustomer) int64 { return n.AccountID }, newCustomerColumns(c)),
		count: func(r model.Report) int { return r.NewCustomers },
		summary: func(r model.Report) []string {
			return []string{plural(r.NewCustomers, "account") + " whose first won new-business deal closed in the period",
				"Each with that deal, latest first."}
		},
		pages: func(s *store.Store, p model.Period) pageFunc[model.NewCustomer] {
			return pageOf(func(ctx context.Context, pg store.Page) ([]model.NewCustomer, error) {
				return s.NewCustomerList(ctx, p, pg)
			})
		},
		open:     func(n model.NewCustomer) tea.Cmd { return accountOpener(c)(n.AccountID) },
		openWhat: "open account",
		empty:    "No new customer in this period.",
	}
	return v
}

func newCustomerColumns(c *appContext) []column[model.NewCustomer] {
	return []column[model.NewCustomer]{
		accountNameColumn(func(n model.NewCustomer) string { return n.AccountName }),
		{title: "First won deal", min: 14, max: 40, flex: true, keep: 3, text: func(n model.NewCustomer) string {
			return shortTitle(model.Deal{Title: n.DealTitle, AccountName: n.AccountName})
		}, style: func(model.NewCustomer) lipgloss.Style { return c.styles.Subtle }},
		{title: "Won", min: 6, text: func(n model.NewCustomer) string { return n.Won.Short(c.clock.Today()) }},
		{title: "Value", right: true, min: 8, text: func(n model.NewCustomer) string { return n.Value.String() }},
	}
}

// newSurveyDrill lists the answers behind CSAT or NPS.
func newSurveyDrill(c *appContext, p model.Period, r model.Report, kind model.SurveyKind) view {
	name, define := "CSAT", "CSAT"
	class := func(score int) string {
		if score >= 4 {
			return "✓ satisfied"
		}
		return "·"
	}
	responses := func(r model.Report) int { return r.CSAT.Responses }
	summary := func(r model.Report) []string {
		x := r.CSAT
		return []string{fmt.Sprintf("%s of %s were 4–5: %s ÷ %s × 100 = %s", count(x.Satisfied), plural(x.Responses, "answer"),
			count(x.Satisfied), count(x.Responses), x.Score().Fixed(1, 1)),
			"Answers 1–5 in the period, latest first."}
	}
	if kind == model.NPS {
		name, define = "NPS", "NPS"
		class = func(score int) string {
			switch {
			case score >= 9:
				return "▲ promoter"
			case score <= 6:
				return "▼ detractor"
			}
			return "· passive"
		}
		responses = func(r model.Report) int { return r.NPS.Responses }
		summary = func(r model.Report) []string {
			x := r.NPS
			pct := func(n int) string { return model.Ratio{Num: int64(n), Den: int64(x.Responses)}.Percent(1) }
			return []string{fmt.Sprintf("%s promoters (%s) − %s detractors (%s) of %s = %s", count(x.Promoters), pct(x.Promoters),
				count(x.Detractors), pct(x.Detractors), plural(x.Responses, "answer"), x.Score().Fixed(1, 1)),
				"Answers 0–10 in the period, latest first: 9–10 promote, 0–6 detract."}
		}
	}
	cols := []column[model.SurveyAnswer]{
		{title: "Date", min: 6, text: func(a model.SurveyAnswer) string { return a.Date.Short(c.clock.Today()) }},
		accountNameColumn(func(a model.SurveyAnswer) string { return a.AccountName }),
		{title: "Score", right: true, min: 5, text: func(a model.SurveyAnswer) string { return fmt.Sprint(a.Score) }},
		{title: "Counts as", min: 9, text: func(a model.SurveyAnswer) string { return class(a.Score) }},
		{title: "Comment", min: 10, max: 60, flex: true, keep: 2, text: func(a model.SurveyAnswer) string { return model.Clean(a.Comment) },
			style: func(model.SurveyAnswer) lipgloss.Style { return c.styles.Subtle }},
	}
	return &drillView[model.SurveyAnswer]{ctx: c, name: name, define: define, period: p, report: r, fresh: true,
		table:   newListTable(c, func(a model.SurveyAnswer) int64 { return a.ID }, cols),
		count:   responses,
		summary: summary,
		pages: func(s *store.Store, p model.Period) pageFunc[model.SurveyAnswer] {
			return pageOf(func(ctx context.Context, pg store.Page) ([]model.SurveyAnswer, error) {
				return s.SurveyAnswers(ctx, p, kind, pg)
			})
		},
		open:     func(a model.SurveyAnswer) tea.Cmd { return accountOpener(c)(a.AccountID) },
		openWhat: "open account",
		empty:    "No " + name + " answer in this period.",
	}
}

// newRetentionDrill lists one currency's retention cohort: churned first,
// then contracted, expanded and steady, with their ARR on the first and
// last day.
func newRetentionDrill(c *appContext, p model.Period, r model.Report, currency string) view {
	money := func(v int64) string { return model.Money{Minor: v, Currency: currency}.String() }
	today := c.clock.Today()
	cols := []column[model.ARRPair]{
		accountNameColumn(func(a model.ARRPair) string { return a.AccountName }),
		{title: "Change", min: 10, text: func(a model.ARRPair) string {
			switch a.Change() {
			case model.ARRChurned:
				return "✗ churned"
			case model.ARRContracted:
				return "▼ contracted"
			case model.ARRExpanded:
				return "▲ expanded"
			}
			return "= steady"
		}, style: func(a model.ARRPair) lipgloss.Style {
			switch a.Change() {
			case model.ARRChurned, model.ARRContracted:
				return c.styles.Danger
			case model.ARRExpanded:
				return c.styles.Success
			}
			return c.styles.Subtle
		}},
		{title: "ARR " + p.From.Short(today), right: true, min: 10, text: func(a model.ARRPair) string { return money(a.Start) }},
		{title: "ARR " + p.To.Short(today), right: true, min: 10, text: func(a model.ARRPair) string { return money(a.End) }},
		{title: "Difference", right: true, min: 10, keep: 2, text: func(a model.ARRPair) string {
			if a.End == a.Start {
				return "—"
			}
			return money(a.End - a.Start)
		}},
	}
	return &drillView[model.ARRPair]{ctx: c, name: "Retention " + currency, define: "GRR / NRR", period: p, report: r, fresh: true,
		table: newListTable(c, func(a model.ARRPair) int64 { return a.AccountID }, cols),
		count: func(r model.Report) int { return r.Retention[currency].Pairs },
		summary: func(r model.Report) []string {
			x := r.Retention[currency]
			return []string{
				fmt.Sprintf("GRR %s · NRR %s · %s with %s ARR on %s", x.GRR().Percent(1), x.NRR().Percent(1), plural(x.Pairs, "account"),
					currency, p.From.Short(today)),
				fmt.Sprintf("start %s − churned %s − down %s; NRR + up %s", money(x.Start), money(x.Churned),
					money(x.Contraction), money(x.Expansion)),
			}
		},
		pages: func(s *store.Store, p model.Period) pageFunc[model.ARRPair] {
			return pageOf(func(ctx context.Context, pg store.Page) ([]model.ARRPair, error) {
				return s.RetentionPairs(ctx, p, currency, pg)
			})
		},
		open:     func(a model.ARRPair) tea.Cmd { return accountOpener(c)(a.AccountID) },
		openWhat: "open account",
		empty:    "No account had " + currency + " ARR on the period's first day.",
	}
}

// newLogoDrill lists the accounts with ARR on the period's first day,
// those lost first.
func newLogoDrill(c *appContext, p model.Period, r model.Report) view {
	today := c.clock.Today()
	cols := []column[model.AccountARR]{
		accountNameColumn(func(a model.AccountARR) string { return a.AccountName }),
		{title: "Kept", min: 7, text: func(a model.AccountARR) string {
			if a.Retained() {
				return "✓ kept"
			}
			return "✗ lost"
		}, style: func(a model.AccountARR) lipgloss.Style {
			if a.Retained() {
				return c.styles.Success
			}
			return c.styles.Danger
		}},
		{title: "ARR " + p.From.Short(today), right: true, min: 10, text: func(a model.AccountARR) string { return totalsShort(a.Start) }},
		{title: "ARR " + p.To.Short(today), right: true, min: 10, text: func(a model.AccountARR) string { return totalsShort(a.End) }},
	}
	return &drillView[model.AccountARR]{ctx: c, name: "Logo retention", define: "logo retention", period: p, report: r, fresh: true,
		table: newListTable(c, func(a model.AccountARR) int64 { return a.AccountID }, cols),
		count: func(r model.Report) int { return r.Logos.Start },
		summary: func(r model.Report) []string {
			l := r.Logos
			return []string{fmt.Sprintf("%s of %s kept ARR to %s = %s", count(l.Retained), plural(l.Start, "account"), p.To.Short(today), l.Rate().Percent(0)),
				"The accounts with ARR on the first day, those lost first."}
		},
		pages: func(s *store.Store, p model.Period) pageFunc[model.AccountARR] {
			return pageOf(func(ctx context.Context, pg store.Page) ([]model.AccountARR, error) { return s.LogoCohort(ctx, p, pg) })
		},
		open:     func(a model.AccountARR) tea.Cmd { return accountOpener(c)(a.AccountID) },
		openWhat: "open account",
		empty:    "No account had ARR on the period's first day.",
	}
}
