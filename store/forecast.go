package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"rolo/model"
)

// Forecast is the honest forecast seen from today: for each stage on the
// board, its configured probability beside the one measured from the
// last 12 months (of the deals that first reached the stage in the window
// and are closed now, the share won; a deal reaches a stage as the
// conversion defines it, and a won deal reaches every stage when it is
// won), and the open pipeline weighed both ways.
func (s *Store) Forecast(ctx context.Context, today model.Date) (model.Forecast, error) {
	window, err := model.PresetPeriod(model.Last12M, today)
	if err != nil {
		return model.Forecast{}, err
	}
	f := model.Forecast{Window: window}
	err = s.snapshot(ctx, func(q querier) error { return s.forecast(ctx, q, &f) })
	return f, err
}

// forecast fills f from one snapshot.
func (s *Store) forecast(ctx context.Context, q querier, f *model.Forecast) error {
	stages, err := s.stages(ctx, q)
	if err != nil {
		return err
	}
	open, err := s.openByStage(ctx, q)
	if err != nil {
		return err
	}
	f.Configured, f.OpenDeals = weighPipeline(open)
	f.Stages = make([]model.StageForecast, len(stages))
	for i, st := range stages {
		f.Stages[i] = model.StageForecast{Stage: st, Open: model.Totals{}}
		if o := open[st.ID]; o != nil {
			for cur, n := range o.deals {
				if n > 0 {
					f.Stages[i].OpenDeals += int(n)
					f.Stages[i].Open[cur] = o.total[cur]
				}
			}
		}
	}
	if len(stages) > 0 {
		if err := s.measure(ctx, q, f.Window, stages, f.Stages); err != nil {
			return err
		}
	}
	f.Measured = model.MeasuredPipeline(f.Stages)
	return nil
}

// measure counts, per stage, the closed deals that first reached it in
// the window and how many of them were won. A deal only moves while it is
// open, so the deals to look at are those closed since the window began;
// one first reached stage k in the window when it reached k at all (by
// its stages, or by winning) but not before the window began. Only deals
// created before the window need their history read for that.
func (s *Store) measure(ctx context.Context, q querier, window model.Period, stages []model.Stage, out []model.StageForecast) error {
	sp := s.span(window)
	now := positionCase("d.stage_id", stages)
	ever := `CASE WHEN d.reach_mask < 0 THEN coalesce(` + furthestBefore(stages, "?2") + `, 0)
		WHEN d.reach_mask = 0 THEN ` + now + ` ELSE ` + maskPosition(stages) + ` END`
	before := `CASE WHEN d.created_at >= ?1 THEN 0
		ELSE coalesce(` + furthestBefore(stages, "?1") + `, CASE WHEN d.reach_mask = 0 THEN ` + now + ` ELSE 0 END) END`
	counts := make([]string, len(stages))
	for i := range stages {
		k := strconv.Itoa(i + 1)
		counts[i] = `coalesce(sum((won OR ever >= ` + k + `) AND before < ` + k + `), 0), coalesce(sum(won AND before < ` + k + `), 0)`
	}
	query := `SELECT ` + strings.Join(counts, ", ") + ` FROM (
		SELECT d.status = 'won' AS won, ` + ever + ` AS ever, ` + before + ` AS before
		FROM deals d INDEXED BY deals_closed_metrics
		WHERE d.status IN ('won', 'lost') AND d.closed_at >= ?1 AND d.archived_at IS NULL AND d.account_id` + liveAccount + `)`
	dest := make([]any, 0, 2*len(stages))
	for i := range out {
		dest = append(dest, &out[i].Closed, &out[i].Won)
	}
	err := q.QueryRowContext(ctx, query, sp.lo, sp.hi).Scan(dest...)
	if err != nil && err != sql.ErrNoRows {
		return fmt.Errorf("measuring stage probabilities: %w", explain(s.path, err))
	}
	return nil
}
