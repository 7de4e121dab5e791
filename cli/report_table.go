package cli

import (
	"fmt"
	"io"
	"slices"

	"rolo/model"
)

// printReport prints the figures grouped Selling / Account management,
// each with its inputs and its change against the previous period.
func printReport(w io.Writer, r, prev model.Report, c model.Clock) error {
	zone := c.Now().Location().String()
	if zone == "Local" {
		zone = c.Now().Format("MST")
	}
	fmt.Fprintf(w, "%s (%s, %s – %s, %s)\nchanges against %s\n\n", r.Period.Label(), r.Period.Name(), r.Period.From, r.Period.To, zone, prev.Period.Label())
	t := newTable(w, "Selling", ">Figure", "Inputs", "Change")
	for _, k := range model.DealKinds {
		addMoney(t, "revenue, "+kindName(k), r.Revenue[k], prev.Revenue[k], plural(r.RevenueDeals[k], "deal")+" won")
	}
	t.add("win rate", r.WinRate.Rate().Percent(0), fmt.Sprintf("%s won / %s lost", count(r.WinRate.Won), count(r.WinRate.Lost)),
		model.Delta(r.WinRate.Rate(), prev.WinRate.Rate(), 100, 0, " pts"))
	prevSteps := prev.Funnel.Steps()
	for i, st := range r.Funnel.Steps() {
		change := ""
		if i < len(prevSteps) {
			change = model.Delta(st.Rate(), prevSteps[i].Rate(), 100, 0, " pts")
		}
		t.add(st.From.Name+" → "+st.To.Name, st.Rate().Percent(0),
			fmt.Sprintf("%s of %s new deals went on", count(st.ReachedTo), count(st.ReachedFrom)), change)
	}
	t.add("sales cycle", days(r.SalesCycle.Median()), "median of "+plural(len(r.SalesCycle.Days), "won new-business deal"),
		model.Delta(r.SalesCycle.Median(), prev.SalesCycle.Median(), 1, 1, " days"))
	t.add("new customers", count(r.NewCustomers), "accounts first won in the period", model.CountDelta(r.NewCustomers, prev.NewCustomers))
	addCAC(t, r, prev)
	weighted := model.Totals{}
	for cur, v := range r.WeightedPipeline {
		weighted[cur] = v.Money(cur).Minor
	}
	addMoney(t, "weighted pipeline", weighted, nil, plural(r.OpenDeals, "open deal")+" now")
	t.add("", "", "", "")
	t.add("Account management", "", "", "")
	t.add("CSAT", r.CSAT.Score().Fixed(1, 1), fmt.Sprintf("%s of %s answers 4–5", count(r.CSAT.Satisfied), count(r.CSAT.Responses)),
		model.Delta(r.CSAT.Score(), prev.CSAT.Score(), 1, 1, ""))
	t.add("NPS", r.NPS.Score().Fixed(1, 1), fmt.Sprintf("%s, %s of %s", plural(r.NPS.Promoters, "promoter"),
		plural(r.NPS.Detractors, "detractor"), plural(r.NPS.Responses, "answer")), model.Delta(r.NPS.Score(), prev.NPS.Score(), 1, 1, ""))
	currencies := make([]string, 0, len(r.Retention))
	for cur := range r.Retention {
		currencies = append(currencies, cur)
	}
	slices.Sort(currencies)
	if len(currencies) == 0 {
		t.add("GRR / NRR", "—", "no contract ran on "+r.Period.From.String(), "")
	}
	for _, cur := range currencies {
		x, p := r.Retention[cur], prev.Retention[cur]
		m := func(v int64) string { return model.Money{Minor: v, Currency: cur}.Short() }
		t.add("GRR "+cur, x.GRR().Percent(1), fmt.Sprintf("start %s − %s churned − %s down", m(x.Start), m(x.Churned), m(x.Contraction)),
			model.Delta(x.GRR(), p.GRR(), 100, 0, " pts"))
		t.add("NRR "+cur, x.NRR().Percent(1), fmt.Sprintf("%s expansion over %s", m(x.Expansion), plural(x.Pairs, "account")),
			model.Delta(x.NRR(), p.NRR(), 100, 0, " pts"))
	}
	t.add("logo retention", r.Logos.Rate().Percent(0), fmt.Sprintf("%s of %s accounts kept", count(r.Logos.Retained), count(r.Logos.Start)),
		model.Delta(r.Logos.Rate(), prev.Logos.Rate(), 100, 0, " pts"))
	if err := t.print(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "\n'rolo report --help' gives the exact definitions.")
	return err
}

// addCAC adds a row per currency of spend.
func addCAC(t *table, r, prev model.Report) {
	currencies := make([]string, 0, len(r.CAC))
	for cur := range r.CAC {
		currencies = append(currencies, cur)
	}
	slices.Sort(currencies)
	if len(currencies) == 0 {
		t.add("CAC", "—", "no spend recorded in the period ('rolo spend add')", "")
	}
	for _, cur := range currencies {
		c := r.CAC[cur]
		value := "—"
		if c.Value().Valid() {
			value = c.Value().Money(cur).String()
		}
		change := ""
		if p, ok := prev.CAC[cur]; ok && c.Value().Valid() && p.Value().Valid() {
			change = model.MoneyDelta(c.Value().Money(cur).Minor, p.Value().Money(cur).Minor)
		}
		t.add("CAC", value, fmt.Sprintf("%s spend / %s", model.Money{Minor: c.Spend, Currency: cur}, plural(c.NewCustomers, "new customer")), change)
	}
}

// addMoney adds an amount per currency, one row each, largest first, with
// its change against prev (none when prev is nil); "0" when there is none.
func addMoney(t *table, label string, cur, prev model.Totals, inputs string) {
	amounts := cur.Amounts()
	if len(amounts) == 0 {
		t.add(label, "0", inputs, "")
	}
	for i, m := range amounts {
		change := ""
		if prev != nil {
			change = model.MoneyDelta(m.Minor, prev[m.Currency])
		}
		if i > 0 {
			label, inputs = "", ""
		}
		t.add(label, m.String(), inputs, change)
	}
}

func kindName(k model.DealKind) string {
	if k == model.NewBusiness {
		return "new business"
	}
	return string(k)
}

// days renders a number of days: "38 days", "38.5 days", "—".
func days(r model.Ratio) string {
	if !r.Valid() {
		return "—"
	}
	if r.Num%r.Den == 0 {
		return r.Fixed(1, 0) + " days"
	}
	return r.Fixed(1, 1) + " days"
}
