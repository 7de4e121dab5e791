package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"rolo/model"
)

func defaultStages() []model.Stage { return model.DefaultStages() }

// Stages lists the active stages in board order.
func (s *Store) Stages(ctx context.Context) ([]model.Stage, error) {
	return s.stages(ctx, s.r)
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *Store) stages(ctx context.Context, q querier) ([]model.Stage, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, position, probability, rot_days FROM stages
		WHERE archived_at IS NULL ORDER BY position, id`)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	var out []model.Stage
	for rows.Next() {
		var st model.Stage
		if err := rows.Scan(&st.ID, &st.Name, &st.Position, &st.Probability, &st.RotDays); err != nil {
			return nil, fmt.Errorf("reading stages: %w", err)
		}
		out = append(out, st)
	}
	return out, explain(s.path, rows.Err())
}

// StageByName finds an active stage by name, ignoring case; a unique
// prefix is enough ("qual" finds Qualifying).
func (s *Store) StageByName(ctx context.Context, name string) (model.Stage, error) {
	stages, err := s.Stages(ctx)
	if err != nil {
		return model.Stage{}, err
	}
	return matchStage(stages, name)
}

func matchStage(stages []model.Stage, name string) (model.Stage, error) {
	want := strings.ToLower(strings.TrimSpace(name))
	var prefix []model.Stage
	for _, st := range stages {
		n := strings.ToLower(st.Name)
		if n == want {
			return st, nil
		}
		if strings.HasPrefix(n, want) {
			prefix = append(prefix, st)
		}
	}
	names := make([]string, len(stages))
	for i, st := range stages {
		names[i] = model.Clean(st.Name)
	}
	switch {
	case len(prefix) == 1 && want != "":
		return prefix[0], nil
	case len(prefix) > 1 && want != "":
		return model.Stage{}, problem(ErrAmbiguous, nil, "stage %s could be %s; type more of the name", model.Quote(name), joinNames(prefix))
	}
	return model.Stage{}, problem(ErrNotFound, nil, "there is no stage %s; the stages are %s", model.Quote(name), strings.Join(names, ", "))
}

func joinNames(stages []model.Stage) string {
	names := make([]string, len(stages))
	for i, st := range stages {
		names[i] = model.Clean(st.Name)
	}
	return strings.Join(names, " or ")
}

// AddStage appends a stage at the end of the board (or at position if
// position > 0, shifting the others right).
func (s *Store) AddStage(ctx context.Context, st model.Stage) (model.Stage, error) {
	if err := st.Validate(); err != nil {
		return model.Stage{}, err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		stages, err := s.stages(ctx, tx)
		if err != nil {
			return err
		}
		if err := uniqueStageName(stages, st.Name, 0); err != nil {
			return err
		}
		if st.Position <= 0 || st.Position > len(stages) {
			st.Position = len(stages) + 1
		}
		if _, err := tx.ExecContext(ctx, `UPDATE stages SET position = position + 1 WHERE archived_at IS NULL AND position >= ?`, st.Position); err != nil {
			return fmt.Errorf("making room for stage: %w", err)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO stages(name, position, probability, rot_days) VALUES (?, ?, ?, ?)`,
			strings.TrimSpace(st.Name), st.Position, st.Probability, st.RotDays)
		if err != nil {
			return fmt.Errorf("adding stage: %w", err)
		}
		st.ID, err = res.LastInsertId()
		if err != nil {
			return err
		}
		return s.renumberStages(ctx, tx)
	})
	return st, err
}

// UpdateStage renames a stage or sets its probability and rot days. Deals
// keep their history: events refer to stages by id.
func (s *Store) UpdateStage(ctx context.Context, st model.Stage) error {
	if err := st.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		stages, err := s.stages(ctx, tx)
		if err != nil {
			return err
		}
		if err := uniqueStageName(stages, st.Name, st.ID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE stages SET name = ?, probability = ?, rot_days = ? WHERE id = ? AND archived_at IS NULL`,
			strings.TrimSpace(st.Name), st.Probability, st.RotDays, st.ID)
		if err != nil {
			return fmt.Errorf("updating stage: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return problem(ErrNotFound, nil, "stage %d does not exist", st.ID)
		}
		return nil
	})
}

// MoveStage puts a stage at a new 1-based position on the board.
func (s *Store) MoveStage(ctx context.Context, id int64, position int) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		stages, err := s.stages(ctx, tx)
		if err != nil {
			return err
		}
		from := -1
		for i, st := range stages {
			if st.ID == id {
				from = i
			}
		}
		if from < 0 {
			return problem(ErrNotFound, nil, "stage %d does not exist", id)
		}
		if position < 1 || position > len(stages) {
			return problem(ErrNotFound, nil, "position %d is off the board; use 1 to %d", position, len(stages))
		}
		moved := stages[from]
		stages = append(stages[:from], stages[from+1:]...)
		stages = append(stages[:position-1], append([]model.Stage{moved}, stages[position-1:]...)...)
		for i, st := range stages {
			if _, err := tx.ExecContext(ctx, `UPDATE stages SET position = ? WHERE id = ?`, i+1, st.ID); err != nil {
				return fmt.Errorf("reordering stages: %w", err)
			}
		}
		return nil
	})
}

// ArchiveStage removes an empty stage from the board. A stage that still
// holds open deals cannot go: move them first.
func (s *Store) ArchiveStage(ctx context.Context, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var open int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM deals WHERE stage_id = ? AND status = 'open' AND archived_at IS NULL`, id).Scan(&open); err != nil {
			return err
		}
		if open > 0 {
			return problem(ErrConflict, nil, "that stage still holds %d open deals; move them to another stage first", open)
		}
		var left int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM stages WHERE archived_at IS NULL AND id <> ?`, id).Scan(&left); err != nil {
			return err
		}
		if left == 0 {
			return problem(ErrConflict, nil, "the board needs at least one stage")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE stages SET archived_at = ? WHERE id = ?`, timestamp(s.now()), id); err != nil {
			return err
		}
		return s.renumberStages(ctx, tx)
	})
}

func (s *Store) renumberStages(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE stages SET position = (
		SELECT count(*) FROM stages o WHERE o.archived_at IS NULL AND (o.position < stages.position OR (o.position = stages.position AND o.id <= stages.id))
	) WHERE archived_at IS NULL`)
	if err != nil {
		return fmt.Errorf("renumbering stages: %w", err)
	}
	return nil
}

func uniqueStageName(stages []model.Stage, name string, self int64) error {
	for _, st := range stages {
		if st.ID != self && strings.EqualFold(st.Name, strings.TrimSpace(name)) {
			return &model.FieldError{Field: "name", Problem: fmt.Sprintf("there is already a stage called %s", model.Clean(st.Name))}
		}
	}
	return nil
}

// stageOnBoard refuses a stage that does not exist or was archived: a deal
// put there would vanish from the board and the pipeline while still
// counting as open.
func stageOnBoard(ctx context.Context, tx *sql.Tx, id int64) error {
	var name string
	err := tx.QueryRowContext(ctx, `SELECT name FROM stages WHERE id = ? AND archived_at IS NULL`, id).Scan(&name)
	if err == sql.ErrNoRows {
		return problem(ErrNotFound, nil, "stage %d is not on the board; pick one of the board's stages", id)
	}
	return err
}
