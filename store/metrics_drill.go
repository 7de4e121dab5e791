package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"rolo/model"
)

// The drill-downs: the records behind each figure of Metrics, a page at a
// time, in an order a person reads them in. Their count and sum are the
// figure's (a test holds every one to that).

// Page selects part of a drill-down list; Limit 0 means every row.
type Page struct{ Offset, Limit int }

// sql is the LIMIT clause for the page (SQLite reads LIMIT -1 as none).
func (pg Page) sql() string {
	limit := pg.Limit
	if limit <= 0 {
		limit = -1
	}
	return fmt.Sprintf(" LIMIT %d OFFSET %d", limit, max(0, pg.Offset))
}

const metricDealColumns = `d.id, d.account_id, a.name, d.title, d.kind, d.status, d.stage_id, coalesce(s.name, ''),
	d.value_minor, d.currency, d.created_at, d.closed_at`

const metricDealFrom = ` FROM deals d JOIN accounts a ON a.id = d.account_id LEFT JOIN stages s ON s.id = d.stage_id `

// queryMetricDeals reads metricDealColumns, then extra columns per row
// into the destinations fill returns.
func (s *Store) queryMetricDeals(ctx context.Context, query string, args []any, fill func(*model.MetricDeal) []any) ([]model.MetricDeal, error) {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	loc := s.loc()
	out := []model.MetricDeal{}
	for rows.Next() {
		var d model.MetricDeal
		var created, closed time.Time
		var n nullable
		dest := []any{&d.ID, &d.AccountID, &d.AccountName, &d.Title, &d.Kind, &d.Status, &d.StageID, &d.StageName,
			&d.Value.Minor, &d.Value.Currency, n.time(&created), n.time(&closed)}
		if fill != nil {
			dest = append(dest, fill(&d)...)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("reading deals: %w", err)
		}
		if err := n.finish(); err != nil {
			return nil, err
		}
		d.Created = model.DateOf(created.In(loc))
		if !closed.IsZero() {
			d.Closed = model.DateOf(closed.In(loc))
			d.CycleDays = model.CycleDays(created, closed, loc)
		}
		out = append(out, d)
	}
	return out, explain(s.path, rows.Err())
}

// RevenueDeals lists the deals of one kind won in the period, latest
// first: their values sum to the kind's revenue.
func (s *Store) RevenueDeals(ctx context.Context, p model.Period, kind model.DealKind, pg Page) ([]model.MetricDeal, error) {
	sp := s.span(p)
	return s.queryMetricDeals(ctx, `SELECT `+metricDealColumns+metricDealFrom+`
		WHERE d.status = 'won' AND d.closed_at >= ?1 AND d.closed_at < ?2 AND d.kind = ?3 AND d.archived_at IS NULL
		AND d.account_id`+liveAccount+` ORDER BY d.closed_at DESC, d.id DESC`+pg.sql(), []any{sp.lo, sp.hi, kind}, nil)
}

// WinRateDeals lists the new-business deals won or lost in the period:
// the won ones, then the lost ones, latest first within each.
func (s *Store) WinRateDeals(ctx context.Context, p model.Period, pg Page) ([]model.MetricDeal, error) {
	sp := s.span(p)
	return s.queryMetricDeals(ctx, `SELECT `+metricDealColumns+metricDealFrom+`
		WHERE d.status IN ('won', 'lost') AND d.closed_at >= ?1 AND d.closed_at < ?2 AND d.kind = 'new' AND d.archived_at IS NULL
		AND d.account_id`+liveAccount+` ORDER BY d.status DESC, d.closed_at DESC, d.id DESC`+pg.sql(), []any{sp.lo, sp.hi}, nil)
}

// SalesCycleDeals lists the new-business deals won in the period with
// their days from creation to win (CycleDays), latest first.
func (s *Store) SalesCycleDeals(ctx context.Context, p model.Period, pg Page) ([]model.MetricDeal, error) {
	sp := s.span(p)
	return s.queryMetricDeals(ctx, `SELECT `+metricDealColumns+metricDealFrom+`
		WHERE d.status = 'won' AND d.closed_at >= ?1 AND d.closed_at < ?2 AND d.kind = 'new' AND d.archived_at IS NULL
		AND d.account_id`+liveAccount+` ORDER BY d.closed_at DESC, d.id DESC`+pg.sql(), []any{sp.lo, sp.hi}, nil)
}

// ConversionDeals lists the conversion cohort, newest first, with how far
// each deal got by the end of the period (Reached, WonAtEnd). With step k
// (a 1-based board position) it lists the deals that reached stage k: the
// denominator of the conversion k → k+1, and ReachedStage(k+1) marks the
// numerator. Step 0 lists the whole cohort.
func (s *Store) ConversionDeals(ctx context.Context, p model.Period, step int, pg Page) ([]model.MetricDeal, error) {
	stages, err := s.Stages(ctx)
	if err != nil {
		return nil, err
	}
	sp := s.span(p)
	reached, won := reachColumns(stages)
	// SQLite evaluates the reach only for the rows it pages through: the
	// cohort is read newest first from deals_created_metrics.
	return s.queryMetricDeals(ctx, `SELECT `+metricDealColumns+`, r.reached, r.won_at_end FROM
		(SELECT d.id, d.created_at, `+reached+` AS reached, `+won+` AS won_at_end FROM deals d INDEXED BY deals_created_metrics
			WHERE `+cohortWhere+`) r
		CROSS JOIN deals d ON d.id = r.id JOIN accounts a ON a.id = d.account_id LEFT JOIN stages s ON s.id = d.stage_id
		WHERE ?3 = 0 OR r.won_at_end OR r.reached >= ?3
		ORDER BY r.created_at DESC, r.id DESC`+pg.sql(), []any{sp.lo, sp.hi, step},
		func(d *model.MetricDeal) []any { return []any{&d.Reached, &d.WonAtEnd} })
}

// NewCustomerList lists the accounts won in the period, each with its
// first won new-business deal, latest first.
func (s *Store) NewCustomerList(ctx context.Context, p model.Period, pg Page) ([]model.NewCustomer, error) {
	sp := s.span(p)
	// An account with several first wins in the period is listed once,
	// with the earliest.
	rows, err := s.r.QueryContext(ctx, `SELECT d.account_id, a.name, d.id, d.title, d.closed_at, d.value_minor, d.currency
		FROM deals d JOIN accounts a ON a.id = d.account_id
		WHERE d.id IN (SELECT (SELECT w.id FROM deals w INDEXED BY deals_first_win WHERE w.account_id = nc.account_id
				AND w.kind = 'new' AND w.status = 'won' AND w.archived_at IS NULL ORDER BY w.closed_at, w.id LIMIT 1)
			FROM (SELECT DISTINCT d.account_id`+firstWins+`) nc)
		ORDER BY d.closed_at DESC, d.id DESC`+pg.sql(), sp.lo, sp.hi)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	out := []model.NewCustomer{}
	for rows.Next() {
		var c model.NewCustomer
		var won time.Time
		var n nullable
		if err := rows.Scan(&c.AccountID, &c.AccountName, &c.DealID, &c.DealTitle, n.time(&won), &c.Value.Minor, &c.Value.Currency); err != nil {
			return nil, fmt.Errorf("reading new customers: %w", err)
		}
		if err := n.finish(); err != nil {
			return nil, err
		}
		c.Won = model.DateOf(won.In(s.loc()))
		out = append(out, c)
	}
	return out, explain(s.path, rows.Err())
}

// SurveyAnswers lists the period's answers of one kind (csat or nps),
// latest first.
func (s *Store) SurveyAnswers(ctx context.Context, p model.Period, kind model.SurveyKind, pg Page) ([]model.SurveyAnswer, error) {
	sp := s.span(p)
	rows, err := s.r.QueryContext(ctx, `SELECT v.id, v.account_id, a.name, coalesce(v.contact_id, 0), v.kind, v.score, v.comment, v.at
		FROM surveys v JOIN accounts a ON a.id = v.account_id
		WHERE v.at >= ?1 AND v.at < ?2 AND v.kind = ?3 AND v.archived_at IS NULL AND v.account_id`+liveAccount+`
		ORDER BY v.at DESC, v.id DESC`+pg.sql(), sp.lo, sp.hi, kind)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	out := []model.SurveyAnswer{}
	for rows.Next() {
		var v model.SurveyAnswer
		var n nullable
		if err := rows.Scan(&v.ID, &v.AccountID, &v.AccountName, &v.ContactID, &v.Kind, &v.Score, &v.Comment, n.time(&v.At)); err != nil {
			return nil, fmt.Errorf("reading survey answers: %w", err)
		}
		if err := n.finish(); err != nil {
			return nil, err
		}
		v.Date = model.DateOf(v.At.In(s.loc()))
		out = append(out, v)
	}
	return out, explain(s.path, rows.Err())
}

// RetentionPairs lists the retention cohort of one currency ("" for all):
// the (account, currency) pairs with ARR on the first day and their ARR
// on the last; churned first, then contracted, expanded and steady, the
// largest start ARR first within each.
func (s *Store) RetentionPairs(ctx context.Context, p model.Period, currency string, pg Page) ([]model.ARRPair, error) {
	order := `CASE WHEN x.e = 0 THEN 0 WHEN x.e < x.s THEN 1 WHEN x.e > x.s THEN 2 ELSE 3 END, x.s DESC, x.account_id, x.currency`
	rows, err := s.r.QueryContext(ctx, `SELECT x.account_id, a.name, x.currency, x.s, x.e FROM
		(SELECT * FROM (`+arrPairs+`) x WHERE x.s > 0 AND (?3 = '' OR x.currency = ?3) ORDER BY `+order+pg.sql()+`) x
		JOIN accounts a ON a.id = x.account_id ORDER BY `+order, p.From.String(), p.To.String(), currency)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	out := []model.ARRPair{}
	for rows.Next() {
		var pr model.ARRPair
		if err := rows.Scan(&pr.AccountID, &pr.AccountName, &pr.Currency, &pr.Start, &pr.End); err != nil {
			return nil, fmt.Errorf("reading the retention cohort: %w", err)
		}
		out = append(out, pr)
	}
	return out, explain(s.path, rows.Err())
}

// LogoCohort lists the accounts with ARR on the period's first day and
// their ARR per currency on both days, those lost first, then by name.
func (s *Store) LogoCohort(ctx context.Context, p model.Period, pg Page) ([]model.AccountARR, error) {
	rows, err := s.r.QueryContext(ctx, `WITH pairs AS MATERIALIZED (`+arrPairs+`),
		page AS MATERIALIZED (SELECT x.account_id, a.name, x.kept FROM
			(SELECT account_id, max(e > 0) AS kept FROM pairs GROUP BY account_id HAVING max(s) > 0) x
			JOIN accounts a ON a.id = x.account_id ORDER BY x.kept, a.name COLLATE NOCASE, a.id`+pg.sql()+`)
		SELECT page.account_id, page.name, p.currency, p.s, p.e FROM page JOIN pairs p ON p.account_id = page.account_id
		ORDER BY page.kept, page.name COLLATE NOCASE, page.account_id`, p.From.String(), p.To.String())
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	out := []model.AccountARR{}
	for rows.Next() {
		var id, start, end int64
		var name, cur string
		if err := rows.Scan(&id, &name, &cur, &start, &end); err != nil {
			return nil, fmt.Errorf("reading the logo cohort: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].AccountID != id {
			out = append(out, model.AccountARR{AccountID: id, AccountName: name, Start: model.Totals{}, End: model.Totals{}})
		}
		a := &out[len(out)-1]
		if start > 0 {
			a.Start[cur] += start
		}
		if end > 0 {
			a.End[cur] += end
		}
	}
	return out, explain(s.path, rows.Err())
}

// PipelineDeals lists the open deals behind the weighted pipeline in
// board order (stage by stage, as the board's columns list them), each
// with the probability it is weighted by.
func (s *Store) PipelineDeals(ctx context.Context, pg Page) ([]model.MetricDeal, error) {
	stages, err := s.Stages(ctx)
	if err != nil {
		return nil, err
	}
	if len(stages) == 0 {
		return []model.MetricDeal{}, nil
	}
	// One SELECT per stage, joined by UNION ALL, so each reads the board's
	// index in its order and a page stops reading when it is full.
	parts := make([]string, len(stages))
	for i, st := range stages {
		parts[i] = fmt.Sprintf(`SELECT * FROM (SELECT %d AS place, d.id, d.next_due, coalesce(d.probability, %d) AS prob,
			d.probability IS NOT NULL AS own FROM deals d INDEXED BY deals_open_cards
			WHERE d.stage_id = %d AND d.status = 'open' AND d.archived_at IS NULL AND d.account_id`+liveAccount+`
			ORDER BY d.next_due, d.id)`, i, st.Probability, st.ID)
	}
	return s.queryMetricDeals(ctx, `SELECT `+metricDealColumns+`, o.prob, o.own FROM (`+strings.Join(parts, " UNION ALL ")+pg.sql()+`) o
		CROSS JOIN deals d ON d.id = o.id JOIN accounts a ON a.id = d.account_id LEFT JOIN stages s ON s.id = d.stage_id
		ORDER BY o.place, o.next_due, o.id`,
		nil, func(d *model.MetricDeal) []any { return []any{&d.Probability, &d.OwnProb} })
}
