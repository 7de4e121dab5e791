package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
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

const stageColumns = `id, name, position, probability, rot_days, archived_at IS NOT NULL, version`

func scanStage(sc scanner) (model.Stage, error) {
	var st model.Stage
	err := sc.Scan(&st.ID, &st.Name, &st.Position, &st.Probability, &st.RotDays, &st.Archived, &st.Version)
	return st, err
}

func (s *Store) stages(ctx context.Context, q querier) ([]model.Stage, error) {
	return s.queryStages(ctx, q, `SELECT `+stageColumns+` FROM stages WHERE archived_at IS NULL ORDER BY position, id`)
}

// allStages lists every stage, removed ones too, by id.
func (s *Store) allStages(ctx context.Context, q querier) ([]model.Stage, error) {
	return s.queryStages(ctx, q, `SELECT `+stageColumns+` FROM stages ORDER BY id`)
}

func (s *Store) queryStages(ctx context.Context, q querier, query string) ([]model.Stage, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	var out []model.Stage
	for rows.Next() {
		st, err := scanStage(rows)
		if err != nil {
			return nil, fmt.Errorf("reading stages: %w", err)
		}
		out = append(out, st)
	}
	return out, explain(s.path, rows.Err())
}

// stage reads one stage, removed or not.
func (s *Store) stage(ctx context.Context, q querier, id int64) (model.Stage, error) {
	st, err := scanStage(q.QueryRowContext(ctx, `SELECT `+stageColumns+` FROM stages WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return st, problem(ErrNotFound, err, "stage %d does not exist", id)
	}
	if err != nil {
		return st, explain(s.path, err)
	}
	return st, nil
}

// stageName names a stage by id inside a transaction, for messages.
func stageName(ctx context.Context, q querier) func(int64) string {
	return func(id int64) string {
		var name string
		if err := q.QueryRowContext(ctx, `SELECT name FROM stages WHERE id = ?`, id).Scan(&name); err != nil {
			return fmt.Sprintf("stage %d", id)
		}
		return name
	}
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
// position > 0, shifting the others right). Undo removes it again.
func (s *Store) AddStage(ctx context.Context, st model.Stage) (model.Stage, error) {
	if err := st.Validate(); err != nil {
		return model.Stage{}, err
	}
	st.Name = strings.TrimSpace(st.Name)
	err := s.changeStages(ctx, "add stage "+st.Name, func(tx *sql.Tx) ([]undoAction, error) {
		stages, err := s.stages(ctx, tx)
		if err != nil {
			return nil, err
		}
		if err := uniqueStageName(stages, st.Name, 0); err != nil {
			return nil, err
		}
		if st.Position <= 0 || st.Position > len(stages) {
			st.Position = len(stages) + 1
		}
		if _, err := tx.ExecContext(ctx, `UPDATE stages SET position = position + 1 WHERE archived_at IS NULL AND position >= ?`, st.Position); err != nil {
			return nil, fmt.Errorf("making room for stage: %w", err)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO stages(name, position, probability, rot_days) VALUES (?, ?, ?, ?)`,
			st.Name, st.Position, st.Probability, st.RotDays)
		if err != nil {
			return nil, fmt.Errorf("adding stage: %w", err)
		}
		if st.ID, err = res.LastInsertId(); err != nil {
			return nil, err
		}
		return []undoAction{{ArchiveStage: st.ID}}, s.renumberStages(ctx, tx)
	})
	if err != nil {
		return model.Stage{}, err
	}
	return s.stage(ctx, s.w, st.ID)
}

// UpdateStage renames a stage or sets its probability and rot days.
// seen is the stage as the caller read it: if it was changed elsewhere
// since (anything but its position), nothing is written (ErrStale).
// Deals keep their history: events refer to stages by id.
func (s *Store) UpdateStage(ctx context.Context, seen, edited model.Stage) error {
	if edited.ID != seen.ID {
		return fmt.Errorf("internal error: UpdateStage of stage %d with the stage %d as seen", edited.ID, seen.ID)
	}
	if err := edited.Validate(); err != nil {
		return err
	}
	label := "edit stage " + seen.Name
	if strings.TrimSpace(edited.Name) != seen.Name {
		label = "rename stage " + seen.Name
	}
	return s.changeStages(ctx, label, func(tx *sql.Tx) ([]undoAction, error) {
		if err := s.checkStage(ctx, tx, seen, func(c model.Changes) bool { return c.AnyBut(model.FieldPosition) }); err != nil {
			return nil, err
		}
		stages, err := s.stages(ctx, tx)
		if err != nil {
			return nil, err
		}
		if err := uniqueStageName(stages, edited.Name, edited.ID); err != nil {
			return nil, err
		}
		_, err = tx.ExecContext(ctx, `UPDATE stages SET name = ?, probability = ?, rot_days = ? WHERE id = ?`,
			strings.TrimSpace(edited.Name), edited.Probability, edited.RotDays, edited.ID)
		if err != nil {
			return nil, fmt.Errorf("updating stage: %w", err)
		}
		return nil, nil
	})
}

// MoveStage puts a stage (as the caller saw it) at a new 1-based
// position on the board.
func (s *Store) MoveStage(ctx context.Context, seen model.Stage, position int) error {
	return s.changeStages(ctx, "move stage "+seen.Name, func(tx *sql.Tx) ([]undoAction, error) {
		if err := s.checkStage(ctx, tx, seen, nothingElse); err != nil {
			return nil, err
		}
		stages, err := s.stages(ctx, tx)
		if err != nil {
			return nil, err
		}
		if position < 1 || position > len(stages) {
			return nil, problem(ErrNotFound, nil, "position %d is off the board; use 1 to %d", position, len(stages))
		}
		from := slices.IndexFunc(stages, func(st model.Stage) bool { return st.ID == seen.ID })
		moved := stages[from]
		stages = slices.Delete(stages, from, from+1)
		stages = slices.Insert(stages, position-1, moved)
		for i, st := range stages {
			if st.Position == i+1 {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE stages SET position = ? WHERE id = ?`, i+1, st.ID); err != nil {
				return nil, fmt.Errorf("reordering stages: %w", err)
			}
		}
		return nil, nil
	})
}

// ArchiveStage removes an empty stage (as the caller saw it) from the
// board. A stage that still holds open deals cannot go: move them first.
// Undo puts it back.
func (s *Store) ArchiveStage(ctx context.Context, seen model.Stage) error {
	return s.changeStages(ctx, "remove stage "+seen.Name, func(tx *sql.Tx) ([]undoAction, error) {
		if err := s.checkStage(ctx, tx, seen, nothingElse); err != nil {
			return nil, err
		}
		var open int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM deals WHERE stage_id = ? AND status = 'open' AND archived_at IS NULL`, seen.ID).Scan(&open); err != nil {
			return nil, err
		}
		if open > 0 {
			return nil, problem(ErrConflict, nil, "that stage still holds %d open deals; move them to another stage first", open)
		}
		var left int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM stages WHERE archived_at IS NULL AND id <> ?`, seen.ID).Scan(&left); err != nil {
			return nil, err
		}
		if left == 0 {
			return nil, problem(ErrConflict, nil, "the board needs at least one stage")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE stages SET archived_at = ? WHERE id = ?`, timestamp(s.now()), seen.ID); err != nil {
			return nil, err
		}
		return nil, s.renumberStages(ctx, tx)
	})
}

// changeStages runs a stage edit in one transaction and records how to
// undo it: every stage whose row the edit changed (renumbering shifts
// others), as it was, plus whatever edit returns.
func (s *Store) changeStages(ctx context.Context, label string, edit func(*sql.Tx) ([]undoAction, error)) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := s.allStages(ctx, tx)
		if err != nil {
			return err
		}
		extra, err := edit(tx)
		if err != nil {
			return err
		}
		after, err := s.allStages(ctx, tx)
		if err != nil {
			return err
		}
		version := make(map[int64]int64, len(after))
		for _, st := range after {
			version[st.ID] = st.Version
		}
		var undo []undoAction
		for _, st := range before {
			if version[st.ID] != st.Version {
				undo = append(undo, undoAction{Stage: &st})
			}
		}
		if undo = append(undo, extra...); len(undo) == 0 {
			return nil // nothing changed: nothing to undo
		}
		return s.pushUndo(ctx, tx, label, undo...)
	})
}

// checkStage refuses a write based on seen when the stored stage was
// removed, or changed since in a way conflicts says matters.
func (s *Store) checkStage(ctx context.Context, tx *sql.Tx, seen model.Stage, conflicts func(model.Changes) bool) error {
	cur, err := s.stage(ctx, tx, seen.ID)
	if err != nil {
		return err
	}
	if err := seenVersion("stage", seen.ID, seen.Version); err != nil {
		return err
	}
	if cur.Archived && seen.Archived {
		return problem(ErrArchived, nil, "stage %s was removed, so it cannot be changed; nothing was saved", model.Clean(cur.Name))
	}
	if cur.Version == seen.Version {
		return nil
	}
	ch := model.StageChanges(seen, cur)
	if ch.Has(model.FieldArchived) || conflicts(ch) {
		return &StaleError{Msg: ch.Sentence() + " elsewhere", Current: cur}
	}
	return nil
}

// renumberStages makes the board's positions 1..n again, writing only the
// stages whose position changes (each write bumps the row's version).
func (s *Store) renumberStages(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `WITH ranked AS (
		SELECT id, row_number() OVER (ORDER BY position, id) AS pos FROM stages WHERE archived_at IS NULL
	) UPDATE stages SET position = ranked.pos FROM ranked WHERE stages.id = ranked.id AND stages.position <> ranked.pos`)
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
