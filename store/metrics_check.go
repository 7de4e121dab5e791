package store

import (
	"context"
	"fmt"
)

// reachDrift counts the deals whose history summary (reach_mask,
// reach_at, kept by a trigger) disagrees with their events, for `rolo
// doctor`: the metrics would then count those deals wrongly.
func (s *Store) reachDrift(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM deals d WHERE
		d.reach_mask IS NOT coalesce((SELECT CASE WHEN max(e.to_stage_id) > 62 OR min(e.to_stage_id) < 0 THEN -1
			ELSE sum(DISTINCT 1 << e.to_stage_id) END
			FROM deal_events e WHERE e.deal_id = d.id AND e.kind IN ('created', 'stage') AND e.to_stage_id IS NOT NULL), 0)
		OR d.reach_at IS NOT (SELECT max(e.at) FROM deal_events e WHERE e.deal_id = d.id AND e.kind IN ('created', 'stage', 'status'))`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("checking the deals' history summary: %w", explain(s.path, err))
	}
	return n, nil
}
