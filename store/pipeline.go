package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"rolo/model"
)

// StageSummary is one board column's header: how many open deals, their
// total value and weighted value, per currency (never added across
// currencies).
type StageSummary struct {
	Stage    model.Stage
	Count    int
	Total    model.Totals
	Weighted model.Totals // Σ value × (deal probability, else stage default) ÷ 100
}

// Pipeline sums the open deals per stage, in board order. Every active
// stage appears, empty ones included. It reads pipeline_totals, which
// triggers keep exact on every deal write.
func (s *Store) Pipeline(ctx context.Context) ([]StageSummary, error) {
	return s.PipelineFiltered(ctx, "")
}

// PipelineFiltered is Pipeline over the open deals matching filter (title,
// account, contact or source); an empty filter is the whole board.
func (s *Store) PipelineFiltered(ctx context.Context, filter string) ([]StageSummary, error) {
	stages, err := s.Stages(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]StageSummary, len(stages))
	byID := make(map[int64]*StageSummary, len(stages))
	for i, st := range stages {
		out[i] = StageSummary{Stage: st, Total: model.Totals{}, Weighted: model.Totals{}}
		byID[st.ID] = &out[i]
	}
	// Deals with no override are weighted by the stage default, so sum
	// their values apart and multiply once; overrides are summed as
	// value × probability. Integers throughout.
	const sums = `SELECT d.stage_id, d.currency, count(*), sum(d.value_minor),
		coalesce(sum(CASE WHEN d.probability IS NULL THEN d.value_minor END), 0),
		coalesce(sum(d.value_minor * d.probability), 0)`
	var rows *sql.Rows
	if strings.TrimSpace(filter) == "" {
		rows, err = s.r.QueryContext(ctx, `SELECT stage_id, currency, deals, total_minor, plain_minor, override_weighted
			FROM pipeline_totals WHERE deals > 0`)
	} else {
		where, args := openDealWhere(filter)
		rows, err = s.r.QueryContext(ctx, sums+dealFrom+`WHERE `+where+` GROUP BY d.stage_id, d.currency`, args...)
	}
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var stageID, count, total, plain, overridden int64
		var currency string
		if err := rows.Scan(&stageID, &currency, &count, &total, &plain, &overridden); err != nil {
			return nil, fmt.Errorf("summing the pipeline: %w", err)
		}
		sum, ok := byID[stageID]
		if !ok {
			continue // deals in an archived stage are not on the board
		}
		sum.Count += int(count)
		sum.Total[currency] += total
		sum.Weighted[currency] += (plain*int64(sum.Stage.Probability) + overridden) / 100
	}
	return out, explain(s.path, rows.Err())
}

// BoardQuery selects a page of one column's cards.
type BoardQuery struct {
	StageID int64
	Filter  string // matches title, account, contact or source
	Offset  int
	Limit   int
}

// BoardCards lists a column's open deals, most urgent first: no next step,
// then the oldest due date, then later ones.
func (s *Store) BoardCards(ctx context.Context, q BoardQuery) ([]model.Deal, error) {
	if q.Limit <= 0 {
		q.Limit = 100
	}
	where, args := openDealWhere(q.Filter)
	args = append([]any{q.StageID}, args...)
	args = append(args, q.Limit, q.Offset)
	rows, err := s.r.QueryContext(ctx, `SELECT `+dealColumns+dealFrom+`
		WHERE d.stage_id = ? AND `+where+` ORDER BY d.next_due, d.id LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	var out []model.Deal
	for rows.Next() {
		d, err := scanDeal(rows)
		if err != nil {
			return nil, fmt.Errorf("reading deals: %w", err)
		}
		out = append(out, d)
	}
	return out, explain(s.path, rows.Err())
}

// CountBoard counts a filtered column's open deals.
func (s *Store) CountBoard(ctx context.Context, stageID int64, filter string) (int, error) {
	where, args := openDealWhere(filter)
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*)`+dealFrom+`WHERE d.stage_id = ? AND `+where,
		append([]any{stageID}, args...)...).Scan(&n)
	return n, explain(s.path, err)
}

func openDealWhere(filter string) (string, []any) {
	where := `d.status = 'open' AND d.archived_at IS NULL`
	f := strings.TrimSpace(filter)
	if f == "" {
		return where, nil
	}
	p := "%" + likeEscape(f) + "%"
	return where + ` AND (d.title LIKE ? ESCAPE '\' OR a.name LIKE ? ESCAPE '\' OR c.name LIKE ? ESCAPE '\' OR d.source LIKE ? ESCAPE '\')`,
		[]any{p, p, p, p}
}

// Counts is how much the database holds.
type Counts struct {
	Accounts, Contacts, Deals, OpenDeals, Activities, Contracts int
}

// Counts counts the active rows of the main tables.
func (s *Store) Counts(ctx context.Context) (Counts, error) {
	var c Counts
	err := s.r.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM accounts WHERE archived_at IS NULL),
		(SELECT count(*) FROM contacts WHERE archived_at IS NULL),
		(SELECT count(*) FROM deals WHERE archived_at IS NULL),
		(SELECT count(*) FROM deals WHERE status = 'open' AND archived_at IS NULL),
		(SELECT count(*) FROM activities WHERE archived_at IS NULL),
		(SELECT count(*) FROM contracts WHERE archived_at IS NULL)`).
		Scan(&c.Accounts, &c.Contacts, &c.Deals, &c.OpenDeals, &c.Activities, &c.Contracts)
	return c, explain(s.path, err)
}

// IsEmpty reports whether the database holds no accounts yet (a first run).
func (s *Store) IsEmpty(ctx context.Context) (bool, error) {
	var any int
	err := s.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM accounts)`).Scan(&any)
	return any == 0, explain(s.path, err)
}

// BoardPosition is the index of a deal within its column's order (as
// BoardCards lists it), so the board can open the page that holds it.
func (s *Store) BoardPosition(ctx context.Context, d model.Deal, filter string) (int, error) {
	where, args := openDealWhere(filter)
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*)`+dealFrom+`WHERE d.stage_id = ? AND `+where+` AND
		CASE WHEN ? IS NULL THEN d.next_due IS NULL AND d.id < ?
		ELSE d.next_due IS NULL OR d.next_due < ? OR (d.next_due = ? AND d.id < ?) END`,
		append(append([]any{d.StageID}, args...), dateArg(d.NextDue), d.ID, dateArg(d.NextDue), dateArg(d.NextDue), d.ID)...).Scan(&n)
	return n, explain(s.path, err)
}
