package store

import (
	"context"
	"fmt"
	"strings"

	"rolo/model"
)

// bucketed sums won and lost deals closed in each of several periods: a
// VALUES table of the periods' bounds joined to the closed deals, so
// SQLite reads each period as one range of deals_closed_metrics.
func (s *Store) bucketed(ctx context.Context, q querier, periods []model.Period, where string,
	each func(i int, kind model.DealKind, status model.DealStatus, currency string, n int, sum int64)) error {
	values := make([]string, len(periods))
	args := make([]any, 0, 2*len(periods))
	for i, p := range periods {
		sp := s.span(p)
		values[i] = fmt.Sprintf("(%d, ?, ?)", i)
		args = append(args, sp.lo, sp.hi)
	}
	rows, err := q.QueryContext(ctx, `WITH b(i, lo, hi) AS (VALUES `+strings.Join(values, ", ")+`)
		SELECT b.i, d.kind, d.status, d.currency, count(*), sum(d.value_minor)
		FROM b CROSS JOIN deals d INDEXED BY deals_closed_metrics
		WHERE d.status IN ('won', 'lost') AND d.closed_at >= b.lo AND d.closed_at < b.hi AND d.archived_at IS NULL
		AND d.account_id`+liveAccount+` AND `+where+`
		GROUP BY b.i, d.kind, d.status, d.currency`, args...)
	if err != nil {
		return explain(s.path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var i, n int
		var kind model.DealKind
		var status model.DealStatus
		var cur string
		var sum int64
		if err := rows.Scan(&i, &kind, &status, &cur, &n, &sum); err != nil {
			return fmt.Errorf("summing closed deals: %w", err)
		}
		each(i, kind, status, cur, n, sum)
	}
	return explain(s.path, rows.Err())
}

// MetricsTrends is what the Metrics tab draws over time, seen from today:
// revenue by month for the last 12 months by kind, and retention and
// win rate for the last 8 quarters.
func (s *Store) MetricsTrends(ctx context.Context, today model.Date) (model.Trends, error) {
	var t model.Trends
	for _, m := range model.TrendMonths(today) {
		rev := map[model.DealKind]model.Totals{}
		for _, k := range model.DealKinds {
			rev[k] = model.Totals{}
		}
		t.Months = append(t.Months, model.MonthRevenue{Month: m, Revenue: rev})
	}
	err := s.snapshot(ctx, func(q querier) error { return s.trends(ctx, q, today, &t) })
	return t, err
}

// trends fills t from one snapshot.
func (s *Store) trends(ctx context.Context, q querier, today model.Date, t *model.Trends) error {
	months := make([]model.Period, len(t.Months))
	for i, m := range t.Months {
		months[i] = m.Month
	}
	quarters := model.TrendQuarters(today)
	for _, qu := range quarters {
		t.Quarters = append(t.Quarters, model.QuarterTrend{Quarter: qu})
	}
	err := s.bucketed(ctx, q, months, `d.status = 'won'`, func(i int, kind model.DealKind, _ model.DealStatus, cur string, _ int, sum int64) {
		if rev := t.Months[i].Revenue; rev[kind] != nil {
			rev[kind][cur] += sum
		}
	})
	if err != nil {
		return err
	}
	err = s.bucketed(ctx, q, quarters, `d.kind = 'new'`, func(i int, _ model.DealKind, status model.DealStatus, _ string, n int, _ int64) {
		if status == model.Won {
			t.Quarters[i].WinRate.Won += n
		} else {
			t.Quarters[i].WinRate.Lost += n
		}
	})
	if err != nil {
		return err
	}
	terms, err := s.contractTerms(ctx, q, quarters[0].From, today)
	if err != nil {
		return err
	}
	for i, qu := range quarters {
		t.Quarters[i].Retention, t.Quarters[i].Logos = model.CompareARR(model.ARROn(terms, qu.From), model.ARROn(terms, qu.To))
	}
	return nil
}
