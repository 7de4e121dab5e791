package store

import (
	"context"
	"time"

	"rolo/model"
)

// ReopenDeal puts a won or lost deal back in play, in the stage it closed
// in: its status returns to open (the history records it) and the lost
// reason is cleared. The account keeps its status: a customer stays one.
func (s *Store) ReopenDeal(ctx context.Context, id int64) (model.Deal, error) {
	return s.changeDeal(ctx, id, "reopen deal", func(d model.Deal, now time.Time) (model.Deal, error) {
		if d.Status == model.Open {
			return d, problem(ErrConflict, nil, "%s is already open", model.Clean(d.Title))
		}
		d.Status, d.ClosedAt, d.LostReason, d.LastTouchAt = model.Open, time.Time{}, "", now
		return d, nil
	})
}
