package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"rolo/model"
	"rolo/store"
)

// reportJSON is `rolo report --json`: one object whose keys and shapes
// scripts rely on (the issue lists them). Rates are fractions, scores as
// defined, money in minor units per currency; null where a denominator is
// 0. Keys may be added, never changed.
type reportJSON struct {
	From             string                      `json:"from"`
	To               string                      `json:"to"`
	Period           string                      `json:"period"` // the preset, or "custom"
	Revenue          map[string]map[string]int64 `json:"revenue"`
	WinRate          winRateJSON                 `json:"win_rate"`
	StageConversion  []conversionJSON            `json:"stage_conversion"`
	SalesCycleDays   *float64                    `json:"sales_cycle_days"`
	NewCustomers     int                         `json:"new_customers"`
	CAC              map[string]cacJSON          `json:"cac"`
	CSAT             csatJSON                    `json:"csat"`
	NPS              npsJSON                     `json:"nps"`
	Retention        map[string]retentionJSON    `json:"retention"`
	LogoRetention    logoJSON                    `json:"logo_retention"`
	WeightedPipeline map[string]float64          `json:"weighted_pipeline"`
}

type winRateJSON struct {
	Won  int      `json:"won"`
	Lost int      `json:"lost"`
	Rate *float64 `json:"rate"`
}

type conversionJSON struct {
	From        string   `json:"from"`
	To          string   `json:"to"`
	ReachedFrom int      `json:"reached_from"`
	ReachedTo   int      `json:"reached_to"`
	Rate        *float64 `json:"rate"`
}

type cacJSON struct {
	SpendMinor   int64    `json:"spend_minor"`
	NewCustomers int      `json:"new_customers"`
	CACMinor     *float64 `json:"cac_minor"`
}

type csatJSON struct {
	Responses int      `json:"responses"`
	Satisfied int      `json:"satisfied"`
	Score     *float64 `json:"score"`
}

type npsJSON struct {
	Responses  int      `json:"responses"`
	Promoters  int      `json:"promoters"`
	Detractors int      `json:"detractors"`
	Score      *float64 `json:"score"`
}

type retentionJSON struct {
	StartARRMinor    int64    `json:"start_arr_minor"`
	ChurnedMinor     int64    `json:"churned_minor"`
	ContractionMinor int64    `json:"contraction_minor"`
	ExpansionMinor   int64    `json:"expansion_minor"`
	GRR              *float64 `json:"grr"`
	NRR              *float64 `json:"nrr"`
}

type logoJSON struct {
	Start    int      `json:"start"`
	Retained int      `json:"retained"`
	Rate     *float64 `json:"rate"`
}

// number is a ratio as JSON: its value, or null without one.
func number(r model.Ratio) *float64 {
	if !r.Valid() {
		return nil
	}
	f := r.Float()
	return &f
}

func toReportJSON(r model.Report) reportJSON {
	out := reportJSON{From: r.Period.From.String(), To: r.Period.To.String(), Period: r.Period.Name(),
		Revenue:         map[string]map[string]int64{},
		WinRate:         winRateJSON{Won: r.WinRate.Won, Lost: r.WinRate.Lost, Rate: number(r.WinRate.Rate())},
		StageConversion: []conversionJSON{},
		SalesCycleDays:  number(r.SalesCycle.Median()),
		NewCustomers:    r.NewCustomers,
		CAC:             map[string]cacJSON{},
		CSAT:            csatJSON{Responses: r.CSAT.Responses, Satisfied: r.CSAT.Satisfied, Score: number(r.CSAT.Score())},
		NPS: npsJSON{Responses: r.NPS.Responses, Promoters: r.NPS.Promoters, Detractors: r.NPS.Detractors,
			Score: number(r.NPS.Score())},
		Retention:        map[string]retentionJSON{},
		LogoRetention:    logoJSON{Start: r.Logos.Start, Retained: r.Logos.Retained, Rate: number(r.Logos.Rate())},
		WeightedPipeline: map[string]float64{},
	}
	for _, k := range model.DealKinds {
		out.Revenue[string(k)] = map[string]int64{}
		for cur, v := range r.Revenue[k] {
			out.Revenue[string(k)][cur] = v
		}
	}
	for _, st := range r.Funnel.Steps() {
		out.StageConversion = append(out.StageConversion, conversionJSON{From: st.From.Name, To: st.To.Name,
			ReachedFrom: st.ReachedFrom, ReachedTo: st.ReachedTo, Rate: number(st.Rate())})
	}
	for cur, c := range r.CAC {
		out.CAC[cur] = cacJSON{SpendMinor: c.Spend, NewCustomers: c.NewCustomers, CACMinor: number(c.Value())}
	}
	for cur, x := range r.Retention {
		out.Retention[cur] = retentionJSON{StartARRMinor: x.Start, ChurnedMinor: x.Churned, ContractionMinor: x.Contraction,
			ExpansionMinor: x.Expansion, GRR: number(x.GRR()), NRR: number(x.NRR())}
	}
	for cur, w := range r.WeightedPipeline {
		out.WeightedPipeline[cur] = w.Float()
	}
	return out
}

// periodFlags are how a command names a period.
type periodFlags struct {
	preset, from, to string
}

func (f *periodFlags) register(cmd *cobra.Command) {
	names := make([]string, len(model.Presets))
	for i, p := range model.Presets {
		names[i] = string(p)
	}
	cmd.Flags().StringVar(&f.preset, "period", "", strings.Join(names, ", ")+" (default "+string(model.DefaultPreset)+")")
	cmd.Flags().StringVar(&f.from, "from", "", "first day: 2026-07-01, 2026-07 (its 1st), yesterday, -30d")
	cmd.Flags().StringVar(&f.to, "to", "", "last day, inclusive: 2026-09-30, 2026-09 (its last day), today (default today)")
}

// period resolves the flags against today.
func (f *periodFlags) period(c model.Clock) (model.Period, error) {
	today := c.Today()
	switch {
	case f.preset != "" && (f.from != "" || f.to != ""):
		return model.Period{}, usagef("give either --period or --from/--to, not both")
	case f.to != "" && f.from == "":
		return model.Period{}, usagef("--to needs --from: say where the period starts")
	case f.from == "":
		preset := model.Preset(strings.ToLower(strings.TrimSpace(f.preset)))
		if preset == "" {
			preset = model.DefaultPreset
		}
		p, err := model.PresetPeriod(preset, today)
		if err != nil {
			return p, usagef("--period: %v", err)
		}
		return p, nil
	}
	from, err := periodDate(c, "--from", f.from, false)
	if err != nil {
		return model.Period{}, err
	}
	to := today
	if f.to != "" {
		if to, err = periodDate(c, "--to", f.to, true); err != nil {
			return model.Period{}, err
		}
	}
	p, err := model.NewPeriod(from, to)
	if err != nil {
		return p, usagef("%v", err)
	}
	return p, nil
}

// periodDate reads a period's end: a month means its first day (or, for
// the last day of a period, its last).
func periodDate(c model.Clock, flag, s string, last bool) (model.Date, error) {
	if m, ok := model.ParseMonth(s); ok {
		if last {
			return model.MonthEnd(m), nil
		}
		return m, nil
	}
	d, err := c.ParsePast(s)
	if err != nil {
		return d, usagef("%s: %v", flag, err)
	}
	return d, nil
}

func (a *app) reportCommand() *cobra.Command {
	var asJSON bool
	var pf periodFlags
	cmd := &cobra.Command{
		Use:   "report",
		Short: "The metrics for a period: selling and account management",
		Long: `Shows the metrics for a period (this month to today unless told otherwise): revenue,
win rate, stage conversion, sales cycle, new customers and CAC, the weighted pipeline;
CSAT, NPS, gross and net revenue retention and logo retention. Each figure comes with
its inputs, and its change against the previous period of the same length. With
--json, one object with the keys from, to, period, revenue, win_rate, stage_conversion,
sales_cycle_days, new_customers, cac, csat, nps, retention, logo_retention and
weighted_pipeline (rates as fractions, money in minor units per currency, null where
a denominator is 0).

Definitions

` + model.MetricDefinitions,
		Example: `  rolo report                              # this month to today
  rolo report --period last-quarter
  rolo report --from 2026-07 --to 2026-09  # July to September
  rolo report --period ytd --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			return a.withStore(ctx, reading, func(s *store.Store) error {
				c := s.Clock() // the user's zone, week start and date order
				p, err := pf.period(c)
				if err != nil {
					return err
				}
				r, err := s.Metrics(ctx, p)
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(a.out, toReportJSON(r))
				}
				prev, err := s.Metrics(ctx, p.Previous())
				if err != nil {
					return err
				}
				return printReport(a.out, r, prev, c)
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object for scripts")
	pf.register(cmd)
	return cmd
}
