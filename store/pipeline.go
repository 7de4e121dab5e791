package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

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
	b, err := s.newBoardSums(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT stage_id, currency, deals, total_minor, plain_minor, override_weighted
		FROM pipeline_totals WHERE deals > 0`)
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
		b.add(stageID, currency, count, total, plain, overridden)
	}
	if err := rows.Err(); err != nil {
		return nil, explain(s.path, err)
	}
	return b.summaries(), nil
}

// boardSums adds up columns the way pipeline_totals does: deals with no
// probability override are summed apart and weighted once by the stage's
// default; overrides are summed as value × probability. Integers
// throughout, one rounding per column and currency.
type boardSums struct {
	out   []StageSummary
	index map[int64]int
	plain []map[string]int64
	over  []map[string]int64
}

func (s *Store) newBoardSums(ctx context.Context) (*boardSums, error) {
	stages, err := s.Stages(ctx)
	if err != nil {
		return nil, err
	}
	b := &boardSums{out: make([]StageSummary, len(stages)), index: make(map[int64]int, len(stages)),
		plain: make([]map[string]int64, len(stages)), over: make([]map[string]int64, len(stages))}
	for i, st := range stages {
		b.out[i] = StageSummary{Stage: st, Total: model.Totals{}, Weighted: model.Totals{}}
		b.index[st.ID] = i
		b.plain[i], b.over[i] = map[string]int64{}, map[string]int64{}
	}
	return b, nil
}

// add counts deals into a column; it reports false for a stage not on the
// board (archived).
func (b *boardSums) add(stageID int64, currency string, count, total, plain, overridden int64) bool {
	i, ok := b.index[stageID]
	if !ok {
		return false
	}
	b.out[i].Count += int(count)
	b.out[i].Total[currency] += total
	b.plain[i][currency] += plain
	b.over[i][currency] += overridden
	return true
}

func (b *boardSums) summaries() []StageSummary {
	for i := range b.out {
		for c, plain := range b.plain[i] {
			b.out[i].Weighted[c] = (plain*int64(b.out[i].Stage.Probability) + b.over[i][c]) / 100
		}
	}
	return b.out
}

// BoardQuery selects a page of one column's cards.
type BoardQuery struct {
	StageID int64
	Offset  int
	Limit   int
}

// BoardCards lists a column's open deals, most urgent first: no next step,
// then the oldest due date, then later ones.
func (s *Store) BoardCards(ctx context.Context, q BoardQuery) ([]model.Deal, error) {
	if q.Limit <= 0 {
		q.Limit = 100
	}
	return s.queryDeals(ctx, `SELECT `+dealColumns+dealFrom+`
		WHERE d.stage_id = ? AND `+openDealFilter("").where+` ORDER BY d.next_due, d.id LIMIT ? OFFSET ?`, q.StageID, q.Limit, q.Offset)
}

// dealFilter selects open deals matching what a person typed: the query
// is with + "SELECT … FROM deals d" + from + " WHERE " + where.
type dealFilter struct {
	with, from, where string
	args              []any
}

// openDealFilter matches open deals by title, source, account or contact
// name. Three letters or more are looked up once in the trigram index,
// and the open deals are scanned on their covering index against the
// sets found; fewer letters are matched with LIKE.
func openDealFilter(filter string) dealFilter {
	where := `d.status = 'open' AND d.archived_at IS NULL`
	f := strings.TrimSpace(filter)
	if f == "" {
		return dealFilter{where: where}
	}
	p := "%" + likeEscape(f) + "%"
	if utf8.RuneCountInString(f) >= 3 {
		return dealFilter{
			with: `WITH hits AS MATERIALIZED (SELECT kind, ref FROM search_index WHERE search_index MATCH ?2) `,
			from: ` INDEXED BY deals_open_cards`,
			where: where + ` AND (d.source LIKE ?1 ESCAPE '\'
				OR d.id IN (SELECT ref FROM hits WHERE kind = 'deal')
				OR d.account_id IN (SELECT ref FROM hits WHERE kind = 'account')
				OR d.contact_id IN (SELECT ref FROM hits WHERE kind = 'contact'))`,
			args: []any{p, ftsPhrase(f)},
		}
	}
	// Account and contact names are matched once each, in subqueries SQLite
	// turns into a lookup set, rather than joined for every deal.
	return dealFilter{where: where + ` AND (d.title LIKE ?1 ESCAPE '\' OR d.source LIKE ?1 ESCAPE '\'
		OR d.account_id IN (SELECT id FROM accounts WHERE name LIKE ?1 ESCAPE '\')
		OR d.contact_id IN (SELECT id FROM contacts WHERE name LIKE ?1 ESCAPE '\'))`, args: []any{p}}
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
// BoardCards lists it), so the board can open the page that holds it. The
// count is split so each part is a range of the deals_open_cards index.
func (s *Store) BoardPosition(ctx context.Context, d model.Deal) (int, error) {
	where := openDealFilter("").where
	count := func(cond string, extra ...any) (int, error) {
		var n int
		err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM deals d WHERE d.stage_id = ? AND `+where+` AND `+cond,
			append([]any{d.StageID}, extra...)...).Scan(&n)
		return n, explain(s.path, err)
	}
	if d.NextDue.IsZero() {
		return count(`d.next_due IS NULL AND d.id < ?`, d.ID)
	}
	undated, err := count(`d.next_due IS NULL`)
	if err != nil {
		return 0, err
	}
	earlier, err := count(`d.next_due < ?`, d.NextDue.String())
	if err != nil {
		return 0, err
	}
	same, err := count(`d.next_due = ? AND d.id < ?`, d.NextDue.String(), d.ID)
	return undated + earlier + same, err
}

// FilteredBoard finds the open deals matching filter (title, source,
// account or contact name) in one pass over the board's covering index:
// each stage's summary, and its matching deal ids in board order (the
// column's pages are then read by id, with no further scans).
func (s *Store) FilteredBoard(ctx context.Context, filter string) ([]StageSummary, map[int64][]int64, error) {
	b, err := s.newBoardSums(ctx)
	if err != nil {
		return nil, nil, err
	}
	f := openDealFilter(filter)
	rows, err := s.r.QueryContext(ctx, f.with+`SELECT d.id, d.stage_id, d.currency, d.value_minor, d.probability FROM deals d`+f.from+`
		WHERE `+f.where+` ORDER BY d.stage_id, d.next_due, d.id`, f.args...)
	if err != nil {
		return nil, nil, explain(s.path, err)
	}
	defer rows.Close()
	ids := map[int64][]int64{}
	for rows.Next() {
		var id, stageID, value int64
		var currency string
		var prob sql.NullInt64
		if err := rows.Scan(&id, &stageID, &currency, &value, &prob); err != nil {
			return nil, nil, fmt.Errorf("filtering the board: %w", err)
		}
		plain, overridden := value, int64(0)
		if prob.Valid {
			plain, overridden = 0, value*prob.Int64
		}
		if b.add(stageID, currency, 1, value, plain, overridden) {
			ids[stageID] = append(ids[stageID], id)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, explain(s.path, err)
	}
	return b.summaries(), ids, nil
}

// DealsByID reads deals in the order of ids (missing ones are skipped).
func (s *Store) DealsByID(ctx context.Context, ids []int64) ([]model.Deal, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	deals, err := s.queryDeals(ctx, `SELECT `+dealColumns+dealFrom+`WHERE d.id IN (`+
		strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")+`)`, args...)
	if err != nil {
		return nil, err
	}
	found := make(map[int64]model.Deal, len(deals))
	for _, d := range deals {
		found[d.ID] = d
	}
	out := make([]model.Deal, 0, len(ids))
	for _, id := range ids {
		if d, ok := found[id]; ok {
			out = append(out, d)
		}
	}
	return out, nil
}
