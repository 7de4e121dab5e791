package store

import (
	"context"
	"database/sql"
	"time"

	"rolo/model"
)

// ReopenDeal puts a won or lost deal back in play, in the stage it closed
// in: its status returns to open (the history records it) and the lost
// reason is cleared. The account keeps its status: a customer stays one.
// A deal whose stage was removed since cannot reopen there.
func (s *Store) ReopenDeal(ctx context.Context, seen model.Deal) (model.Deal, error) {
	return s.changeDealWith(ctx, seen, "reopen deal", closeNeeds, func(tx *sql.Tx, d model.Deal, now time.Time) (model.Deal, []undoAction, error) {
		if d.Status == model.Open {
			return d, nil, problem(ErrConflict, nil, "%s is already open", model.Clean(d.Title))
		}
		if err := stageOnBoard(ctx, tx, d.StageID); err != nil {
			return d, nil, err
		}
		d.Status, d.ClosedAt, d.LostReason, d.LastTouchAt = model.Open, time.Time{}, "", now
		return d, nil, nil
	})
}
