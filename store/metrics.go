package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"rolo/model"
)

// The metrics of model.MetricDefinitions, gathered in SQL and computed by
// the formulas in model. Every query keeps archived rows out, and rows of
// archived accounts; a period is the half-open range of UTC instants
// between the first instant of its first day and the first instant of
// the day after its last, in the user's zone (stored moments are
// fixed-width UTC RFC 3339, so they compare as text).

// liveAccount ends a condition on an account_id column: the account is
// not archived. The accounts_archived index makes it a probe into a
// (usually empty) set.
const liveAccount = ` NOT IN (SELECT id FROM accounts WHERE archived_at IS NOT NULL)`

// span is a period as the queries use it.
type span struct {
	lo, hi   string // [lo, hi) as stored timestamps
	from, to string // the civil dates
}

func (s *Store) span(p model.Period) span {
	lo, hi := p.Bounds(s.loc())
	return span{lo: timestamp(lo), hi: timestamp(hi), from: p.From.String(), to: p.To.String()}
}

// loc is the user's zone.
func (s *Store) loc() *time.Location {
	if s.clock.Loc == nil {
		return time.Local
	}
	return s.clock.Loc
}

// snapshot runs fn in one read transaction, so that every statement of a
// computation sees the same state of the file while others write.
func (s *Store) snapshot(ctx context.Context, fn func(q querier) error) error {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return explain(s.path, err)
	}
	defer tx.Rollback()
	return fn(tx)
}

// Metrics computes every figure of the report for period p.
func (s *Store) Metrics(ctx context.Context, p model.Period) (model.Report, error) {
	r := model.Report{Period: p}
	sp := s.span(p)
	err := s.snapshot(ctx, func(q querier) error {
		stages, err := s.stages(ctx, q)
		if err != nil {
			return err
		}
		for _, step := range []func() error{
			func() error { return s.funnel(ctx, q, sp, stages, &r) },
			func() error { return s.closedFigures(ctx, q, sp, &r) },
			func() error { return s.salesCycle(ctx, q, sp, &r) },
			func() error { return s.newCustomersAndCAC(ctx, q, sp, &r) },
			func() error { return s.surveyScores(ctx, q, sp, &r) },
			func() error { return s.retention(ctx, q, p, &r) },
			func() error { return s.weightedPipeline(ctx, q, &r) },
		} {
			if err := step(); err != nil {
				return err
			}
		}
		return nil
	})
	return r, err
}

// The statements of Metrics are named so that the benchmark can hand the
// very same SQL to the sqlite3 shell (see metrics_sql_test.go). ?1 and ?2
// are the period's [lo, hi) instants, or its first and last day.
const (
	closedSQL = `SELECT kind, status, currency, count(*), sum(value_minor) FROM deals
		WHERE status IN ('won', 'lost') AND closed_at >= ?1 AND closed_at < ?2 AND archived_at IS NULL AND account_id` + liveAccount + `
		GROUP BY kind, status, currency`
	cycleSQL = `SELECT created_at, closed_at FROM deals
		WHERE status = 'won' AND closed_at >= ?1 AND closed_at < ?2 AND kind = 'new' AND archived_at IS NULL
		AND account_id` + liveAccount
	newCustomersSQL = `SELECT count(DISTINCT d.account_id)` + firstWins
	spendSQL        = `SELECT currency, sum(amount_minor) FROM acquisition_costs
		WHERE date >= ?1 AND date <= ?2 AND archived_at IS NULL GROUP BY currency`
	surveysSQL = `SELECT kind, score, count(*) FROM surveys
		WHERE at >= ?1 AND at < ?2 AND archived_at IS NULL AND account_id` + liveAccount + ` GROUP BY kind, score`
)

// closedFigures sums the deals closed in the period: revenue by kind and
// the win rate of new business.
func (s *Store) closedFigures(ctx context.Context, q querier, sp span, r *model.Report) error {
	r.Revenue = map[model.DealKind]model.Totals{}
	r.RevenueDeals = map[model.DealKind]int{}
	for _, k := range model.DealKinds {
		r.Revenue[k] = model.Totals{}
	}
	rows, err := q.QueryContext(ctx, closedSQL, sp.lo, sp.hi)
	if err != nil {
		return explain(s.path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind model.DealKind
		var status model.DealStatus
		var currency string
		var n int
		var sum int64
		if err := rows.Scan(&kind, &status, &currency, &n, &sum); err != nil {
			return fmt.Errorf("summing closed deals: %w", err)
		}
		if status == model.Won {
			if r.Revenue[kind] == nil {
				r.Revenue[kind] = model.Totals{}
			}
			r.Revenue[kind][currency] += sum
			r.RevenueDeals[kind] += n
		}
		if kind == model.NewBusiness && status == model.Won {
			r.WinRate.Won += n
		} else if kind == model.NewBusiness {
			r.WinRate.Lost += n
		}
	}
	return explain(s.path, rows.Err())
}

// salesCycle reads the creation and win moments of the new-business deals
// won in the period; their local dates give the days.
func (s *Store) salesCycle(ctx context.Context, q querier, sp span, r *model.Report) error {
	rows, err := q.QueryContext(ctx, cycleSQL, sp.lo, sp.hi)
	if err != nil {
		return explain(s.path, err)
	}
	defer rows.Close()
	loc := s.loc()
	r.SalesCycle.Days = []int{}
	for rows.Next() {
		var created, closed string
		if err := rows.Scan(&created, &closed); err != nil {
			return fmt.Errorf("reading won deals: %w", err)
		}
		c, err1 := time.Parse(time.RFC3339, created)
		w, err2 := time.Parse(time.RFC3339, closed)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("a won deal has a malformed time (%q, %q); run `rolo doctor`", created, closed)
		}
		r.SalesCycle.Days = append(r.SalesCycle.Days, model.CycleDays(c, w, loc))
	}
	return explain(s.path, rows.Err())
}

// positionCase maps a stage id (in column col) to its 1-based place on
// today's board, 0 for a stage no longer on it. The ids come from the
// database, never from input.
func positionCase(col string, stages []model.Stage) string {
	var b strings.Builder
	b.WriteString("CASE " + col)
	for i, st := range stages {
		b.WriteString(" WHEN " + strconv.FormatInt(st.ID, 10) + " THEN " + strconv.Itoa(i+1))
	}
	b.WriteString(" ELSE 0 END")
	return b.String()
}

// The conversion cohort is the new-business deals created in the period.
// How far a deal got by the end of the period is read from its history
// before ?2 (the instant the period ends): reached is the furthest board
// position it was in (0 if only stages no longer on the board), won_at_end
// whether its latest status by then was won. History after the period
// does not count. A deal whose history shows no stage or status (imported
// without it) is judged by how it stands now.
const cohortWhere = `d.kind = 'new' AND d.created_at >= ?1 AND d.created_at < ?2 AND d.archived_at IS NULL AND d.account_id` + liveAccount

// maskPosition is the furthest board position among the stages whose bits
// are set in the deal's reach_mask, 0 if none.
func maskPosition(stages []model.Stage) string {
	var b strings.Builder
	b.WriteString("CASE")
	for i := len(stages) - 1; i >= 0; i-- {
		if id := stages[i].ID; id >= 0 && id <= 62 {
			fmt.Fprintf(&b, " WHEN d.reach_mask & %d THEN %d", int64(1)<<id, i+1)
		}
	}
	b.WriteString(" ELSE 0 END")
	return b.String()
}

// furthestBefore is the furthest board position deal d's history shows it
// in before the instant bound (a parameter), NULL when it shows no stage.
func furthestBefore(stages []model.Stage, bound string) string {
	return `(SELECT max(` + positionCase("e.to_stage_id", stages) + `) FROM deal_events e INDEXED BY deal_events_history
		WHERE e.deal_id = d.id AND e.at < ` + bound + ` AND e.kind IN ('created', 'stage'))`
}

// reachColumns are the reach of deal d by the instant ?2. When the deal's
// history ends before ?2 its summary on the row answers (one pass over an
// index for a whole cohort); otherwise its events are read.
func reachColumns(stages []model.Stage) (reached, wonAtEnd string) {
	now := positionCase("d.stage_id", stages)
	reached = `CASE WHEN d.reach_at IS NULL THEN ` + now + `
		WHEN d.reach_at < ?2 AND d.reach_mask > 0 THEN ` + maskPosition(stages) + `
		WHEN d.reach_at < ?2 AND d.reach_mask = 0 THEN ` + now + `
		ELSE coalesce(` + furthestBefore(stages, "?2") + `, ` + now + `) END`
	wonAtEnd = `CASE WHEN d.reach_at IS NULL THEN d.status = 'won' AND d.closed_at < ?2
		WHEN d.reach_at < ?2 THEN d.status = 'won'
		ELSE coalesce((SELECT coalesce(e.new_text = 'won', 0) FROM deal_events e INDEXED BY deal_events_history
			WHERE e.deal_id = d.id AND e.at < ?2 AND e.kind IN ('created', 'status') ORDER BY e.at DESC, e.id DESC LIMIT 1),
			d.status = 'won' AND d.closed_at < ?2) END`
	return reached, wonAtEnd
}

// funnelSQL counts the cohort by reach.
func funnelSQL(stages []model.Stage) string {
	reached, won := reachColumns(stages)
	return `WITH c AS MATERIALIZED (SELECT ` + reached + ` AS reached, ` + won + ` AS won_at_end
			FROM deals d INDEXED BY deals_created_metrics WHERE ` + cohortWhere + `)
		SELECT reached, won_at_end, count(*) FROM c GROUP BY reached, won_at_end`
}

// funnel counts the conversion cohort by reach.
func (s *Store) funnel(ctx context.Context, q querier, sp span, stages []model.Stage, r *model.Report) error {
	rows, err := q.QueryContext(ctx, funnelSQL(stages), sp.lo, sp.hi)
	if err != nil {
		return explain(s.path, err)
	}
	defer rows.Close()
	var reaches []model.Reach
	for rows.Next() {
		var rc model.Reach
		if err := rows.Scan(&rc.Position, &rc.Won, &rc.Deals); err != nil {
			return fmt.Errorf("counting the conversion cohort: %w", err)
		}
		reaches = append(reaches, rc)
	}
	if err := rows.Err(); err != nil {
		return explain(s.path, err)
	}
	r.Funnel = model.NewFunnel(stages, reaches)
	return nil
}

// firstWins is the new-business deals won in the period that are their
// account's first won new-business deal ever (an account can have several
// in the period; all are listed, the account counted once).
const firstWins = ` FROM deals d
	WHERE d.status = 'won' AND d.closed_at >= ?1 AND d.closed_at < ?2 AND d.kind = 'new' AND d.archived_at IS NULL
	AND d.account_id` + liveAccount + `
	AND NOT EXISTS (SELECT 1 FROM deals f INDEXED BY deals_first_win WHERE f.account_id = d.account_id
		AND f.kind = 'new' AND f.status = 'won' AND f.archived_at IS NULL AND f.closed_at < ?1)`

// newCustomersAndCAC counts the new customers and divides the period's
// spend by them.
func (s *Store) newCustomersAndCAC(ctx context.Context, q querier, sp span, r *model.Report) error {
	if err := q.QueryRowContext(ctx, newCustomersSQL, sp.lo, sp.hi).Scan(&r.NewCustomers); err != nil {
		return explain(s.path, err)
	}
	spend := model.Totals{}
	rows, err := q.QueryContext(ctx, spendSQL, sp.from, sp.to)
	if err != nil {
		return explain(s.path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var cur string
		var sum int64
		if err := rows.Scan(&cur, &sum); err != nil {
			return fmt.Errorf("summing spend: %w", err)
		}
		spend[cur] = sum
	}
	if err := rows.Err(); err != nil {
		return explain(s.path, err)
	}
	r.CAC = model.NewCACs(spend, r.NewCustomers)
	return nil
}

// surveyScores counts the period's CSAT and NPS answers by score.
func (s *Store) surveyScores(ctx context.Context, q querier, sp span, r *model.Report) error {
	rows, err := q.QueryContext(ctx, surveysSQL, sp.lo, sp.hi)
	if err != nil {
		return explain(s.path, err)
	}
	defer rows.Close()
	csat, nps := map[int]int{}, map[int]int{}
	for rows.Next() {
		var kind model.SurveyKind
		var score, n int
		if err := rows.Scan(&kind, &score, &n); err != nil {
			return fmt.Errorf("counting survey answers: %w", err)
		}
		if kind == model.CSAT {
			csat[score] += n
		} else {
			nps[score] += n
		}
	}
	if err := rows.Err(); err != nil {
		return explain(s.path, err)
	}
	r.CSAT, r.NPS = model.NewCSAT(csat), model.NewNPS(nps)
	return nil
}

// contractTerms reads the live contracts that run on any day of [from, to].
func (s *Store) contractTerms(ctx context.Context, q querier, from, to model.Date) ([]model.ContractTerm, error) {
	rows, err := q.QueryContext(ctx, `SELECT account_id, currency, value_minor, start_date, end_date FROM contracts
		WHERE start_date <= ? AND end_date >= ? AND archived_at IS NULL AND account_id`+liveAccount, to.String(), from.String())
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	var out []model.ContractTerm
	for rows.Next() {
		var c model.ContractTerm
		var start, end string
		if err := rows.Scan(&c.AccountID, &c.Value.Currency, &c.Value.Minor, &start, &end); err != nil {
			return nil, fmt.Errorf("reading contracts: %w", err)
		}
		var err1, err2 error
		c.Start, err1 = model.ParseISODate(start)
		c.End, err2 = model.ParseISODate(end)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("a contract has a malformed date (%q, %q); run `rolo doctor`", start, end)
		}
		out = append(out, c)
	}
	return out, explain(s.path, rows.Err())
}

// arrPairs is each live (account, currency) pair's ARR on day ?1 (s) and
// day ?2 (e), from the contracts running on either.
const arrPairs = `SELECT account_id, currency,
		sum(CASE WHEN start_date <= ?1 AND end_date >= ?1 THEN value_minor ELSE 0 END) AS s,
		sum(CASE WHEN start_date <= ?2 AND end_date >= ?2 THEN value_minor ELSE 0 END) AS e
	FROM contracts WHERE start_date <= ?2 AND end_date >= ?1 AND archived_at IS NULL AND account_id` + liveAccount + `
	GROUP BY account_id, currency`

// retentionSQL sums the pairs per currency, and counts the logos.
const retentionSQL = `WITH pairs AS MATERIALIZED (` + arrPairs + `)
	SELECT currency, count(*), sum(s), sum(CASE WHEN e = 0 THEN s ELSE 0 END),
		sum(CASE WHEN e > 0 AND e < s THEN s - e ELSE 0 END), sum(CASE WHEN e > s THEN e - s ELSE 0 END)
	FROM pairs WHERE s > 0 GROUP BY currency
	UNION ALL
	SELECT '', count(*), coalesce(sum(e > 0), 0), 0, 0, 0
	FROM (SELECT sum(s) AS s, sum(e) AS e FROM pairs GROUP BY account_id) WHERE s > 0`

// retention compares the ARR on the period's first and last day, summed
// in SQL per currency (the drill-down lists the same pairs through
// model.RetentionPairs). The row with currency ” is the logo count.
func (s *Store) retention(ctx context.Context, q querier, p model.Period, r *model.Report) error {
	rows, err := q.QueryContext(ctx, retentionSQL, p.From.String(), p.To.String())
	if err != nil {
		return explain(s.path, err)
	}
	defer rows.Close()
	r.Retention = map[string]model.Retention{}
	for rows.Next() {
		var cur string
		var x model.Retention
		if err := rows.Scan(&cur, &x.Pairs, &x.Start, &x.Churned, &x.Contraction, &x.Expansion); err != nil {
			return fmt.Errorf("comparing ARR: %w", err)
		}
		if cur == "" {
			r.Logos = model.LogoRetention{Start: x.Pairs, Retained: int(x.Start)}
		} else {
			r.Retention[cur] = x
		}
	}
	return explain(s.path, rows.Err())
}

// openStage is one stage's open deals now, per currency.
type openStage struct {
	deals    map[string]int64
	total    map[string]int64
	weighted map[string]int64 // Σ value × probability (the deal's own, else the stage's), in hundredths of a minor unit
}

// openByStage sums the open deals of each stage on the board.
// pipeline_totals holds, per stage and currency, Σ value of the deals that
// use the stage's probability and Σ value × probability of the others,
// kept exact by triggers; open deals of archived accounts are then taken
// back out.
func (s *Store) openByStage(ctx context.Context, q querier) (map[int64]*openStage, error) {
	out := map[int64]*openStage{}
	add := func(query string, sign int64) error {
		rows, err := q.QueryContext(ctx, query)
		if err != nil {
			return explain(s.path, err)
		}
		defer rows.Close()
		for rows.Next() {
			var stage, n, total, weighted int64
			var cur string
			if err := rows.Scan(&stage, &cur, &n, &total, &weighted); err != nil {
				return fmt.Errorf("summing the pipeline: %w", err)
			}
			o := out[stage]
			if o == nil {
				o = &openStage{deals: map[string]int64{}, total: map[string]int64{}, weighted: map[string]int64{}}
				out[stage] = o
			}
			o.deals[cur] += sign * n
			o.total[cur] += sign * total
			o.weighted[cur] += sign * weighted
		}
		return explain(s.path, rows.Err())
	}
	if err := add(pipelineTotalsSQL, 1); err != nil {
		return nil, err
	}
	err := add(archivedOpenSQL, -1)
	return out, err
}

const (
	pipelineTotalsSQL = `SELECT t.stage_id, t.currency, t.deals, t.total_minor, t.plain_minor * s.probability + t.override_weighted
		FROM pipeline_totals t JOIN stages s ON s.id = t.stage_id AND s.archived_at IS NULL WHERE t.deals > 0`
	// CROSS JOIN keeps SQLite starting from the few archived accounts.
	archivedOpenSQL = `SELECT d.stage_id, d.currency, count(*), sum(d.value_minor), sum(d.value_minor * coalesce(d.probability, s.probability))
		FROM accounts a CROSS JOIN deals d ON d.account_id = a.id JOIN stages s ON s.id = d.stage_id AND s.archived_at IS NULL
		WHERE a.archived_at IS NOT NULL AND d.status = 'open' AND d.archived_at IS NULL
		GROUP BY d.stage_id, d.currency`
)

// weightedPipeline weighs the open deals now.
func (s *Store) weightedPipeline(ctx context.Context, q querier, r *model.Report) error {
	open, err := s.openByStage(ctx, q)
	if err != nil {
		return err
	}
	r.WeightedPipeline, r.OpenDeals = weighPipeline(open)
	return nil
}

// weighPipeline adds up the stages: Σ value × probability ÷ 100 per
// currency, exactly, over the currencies that have open deals.
func weighPipeline(open map[int64]*openStage) (map[string]model.Ratio, int) {
	num, deals := map[string]int64{}, map[string]int64{}
	for _, o := range open {
		for cur, n := range o.deals {
			deals[cur] += n
			num[cur] += o.weighted[cur]
		}
	}
	out, count := map[string]model.Ratio{}, 0
	for cur, n := range deals {
		if n > 0 {
			out[cur] = model.Ratio{Num: num[cur], Den: 100}
			count += int(n)
		}
	}
	return out, count
}
