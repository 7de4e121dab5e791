package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"rolo/model"
)

// timelineBranches are the entries of one account's history (?1), one
// SELECT per kind, each newest first and cut at ?2 rows (a page never
// needs more from one kind), in the same 17 columns: kind, id, at, day,
// sub (activity kind, event kind, severity, survey kind, contract
// status), text, deal id, deal title, from, to, contact, number (new
// value, score, contract value), currency, start, end, renews, extra
// (lost reason, resolution). A task still due sorts at the start of its
// due day; a contract at the start of its first day. Activities done are
// read through their index newest first, so a page of a history of
// thousands reads a page of them.
var timelineBranches = []string{
	`SELECT 'activity' AS kind, a.id AS id, a.at AS at, NULL, a.kind, a.text, coalesce(a.deal_id, 0), coalesce(d.title, ''), '', '',
		coalesce(c.name, ''), 0, '', NULL, NULL, 0, ''
	FROM activities a INDEXED BY activities_account LEFT JOIN deals d ON d.id = a.deal_id LEFT JOIN contacts c ON c.id = a.contact_id
	WHERE a.account_id = ?1 AND a.archived_at IS NULL AND a.at IS NOT NULL ORDER BY a.at DESC, a.id DESC LIMIT ?2`,
	`SELECT 'activity', a.id, a.due || 'T00:00:00Z', a.due, a.kind, a.text, coalesce(a.deal_id, 0), coalesce(d.title, ''), '', '',
		coalesce(c.name, ''), 0, '', NULL, NULL, 0, ''
	FROM activities a INDEXED BY activities_account LEFT JOIN deals d ON d.id = a.deal_id LEFT JOIN contacts c ON c.id = a.contact_id
	WHERE a.account_id = ?1 AND a.archived_at IS NULL AND a.at IS NULL ORDER BY a.due DESC, a.id DESC LIMIT ?2`,
	`SELECT 'deal', e.id, e.at, NULL, e.kind, '', d.id, d.title, coalesce(fs.name, ''), coalesce(ts.name, e.new_text, ''), '',
		coalesce(e.new_minor, 0), d.currency, NULL, NULL, 0, CASE WHEN e.new_text = 'lost' THEN d.lost_reason ELSE '' END
	FROM deals d JOIN deal_events e ON e.deal_id = d.id
		LEFT JOIN stages fs ON e.kind = 'stage' AND fs.id = e.from_stage_id
		LEFT JOIN stages ts ON e.kind <> 'status' AND ts.id = e.to_stage_id
	WHERE d.account_id = ?1 AND d.archived_at IS NULL AND e.kind IN ('created', 'stage', 'status') ORDER BY e.at DESC, e.id DESC LIMIT ?2`,
	`SELECT 'issue opened', i.id, i.opened_at, NULL, i.severity, i.title, 0, '', '', '', '', 0, '', NULL, NULL, 0, ''
	FROM support_issues i WHERE i.account_id = ?1 AND i.archived_at IS NULL ORDER BY i.opened_at DESC LIMIT ?2`,
	`SELECT 'issue resolved', i.id, i.resolved_at, NULL, i.severity, i.title, 0, '', '', '', '', 0, '', NULL, NULL, 0, i.resolution
	FROM support_issues i WHERE i.account_id = ?1 AND i.archived_at IS NULL AND i.resolved_at IS NOT NULL ORDER BY i.resolved_at DESC LIMIT ?2`,
	`SELECT 'survey', s.id, s.at, NULL, s.kind, s.comment, 0, '', '', '', coalesce(c.name, ''), s.score, '', NULL, NULL, 0, ''
	FROM surveys s LEFT JOIN contacts c ON c.id = s.contact_id WHERE s.account_id = ?1 AND s.archived_at IS NULL ORDER BY s.at DESC LIMIT ?2`,
	`SELECT 'contract', c.id, c.start_date || 'T00:00:00Z', c.start_date, c.status, '', 0, '', '', '', '', c.value_minor, c.currency,
		c.start_date, c.end_date, c.renews_id IS NOT NULL, ''
	FROM contracts c WHERE c.account_id = ?1 AND c.archived_at IS NULL ORDER BY c.start_date DESC LIMIT ?2`,
}

// timelineUnion is the branches together.
var timelineUnion = func() string {
	parts := make([]string, len(timelineBranches))
	for i, b := range timelineBranches {
		parts[i] = "SELECT * FROM (" + b + ")"
	}
	return strings.Join(parts, "\nUNION ALL\n")
}()

// CountTimeline counts the entries of an account's history.
func (s *Store) CountTimeline(ctx context.Context, accountID int64) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM activities INDEXED BY activities_account WHERE account_id = ?1 AND archived_at IS NULL) +
		(SELECT count(*) FROM deals d JOIN deal_events e ON e.deal_id = d.id
			WHERE d.account_id = ?1 AND d.archived_at IS NULL AND e.kind IN ('created', 'stage', 'status')) +
		(SELECT count(*) + count(resolved_at) FROM support_issues WHERE account_id = ?1 AND archived_at IS NULL) +
		(SELECT count(*) FROM surveys WHERE account_id = ?1 AND archived_at IS NULL) +
		(SELECT count(*) FROM contracts WHERE account_id = ?1 AND archived_at IS NULL)`, accountID).Scan(&n)
	return n, explain(s.path, err)
}

// Timeline reads entries [offset, offset+limit) of an account's history,
// newest first.
func (s *Store) Timeline(ctx context.Context, accountID int64, offset, limit int) ([]model.TimelineEntry, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT * FROM (`+timelineUnion+`) ORDER BY at DESC, kind, id DESC LIMIT ?3 OFFSET ?4`,
		accountID, offset+limit, limit, offset)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	var out []model.TimelineEntry
	for rows.Next() {
		e, err := scanTimelineEntry(rows)
		if err != nil {
			return nil, fmt.Errorf("reading the timeline: %w", err)
		}
		out = append(out, e)
	}
	return out, explain(s.path, rows.Err())
}

func scanTimelineEntry(sc scanner) (model.TimelineEntry, error) {
	var e model.TimelineEntry
	var n nullable
	var at string
	var sub, currency, extra string
	var num int64
	err := sc.Scan(&e.Kind, &e.ID, &at, n.date(&e.Day), &sub, &e.Text, &e.DealID, &e.Deal, &e.From, &e.To, &e.Contact,
		&num, &currency, n.date(&e.Start), n.date(&e.End), &e.Renews, &extra)
	if err != nil {
		return e, err
	}
	if err := n.finish(); err != nil {
		return e, err
	}
	switch e.Kind {
	case model.TimelineActivity:
		e.Activity = model.ActivityKind(sub)
		if e.Day.IsZero() {
			e.At, err = parseTime(sql.NullString{String: at, Valid: true})
		}
		return e, err
	case model.TimelineDeal:
		e.Event, e.Text = model.DealEventKind(sub), extra
		e.Value = model.Money{Minor: num, Currency: currency}
	case model.TimelineIssueOpened, model.TimelineIssueResolved:
		e.Severity, e.Issue, e.Text = model.Severity(sub), e.Text, extra
	case model.TimelineSurvey:
		e.Survey, e.Score = model.SurveyKind(sub), int(num)
	case model.TimelineContract:
		e.To, e.Value = sub, model.Money{Minor: num, Currency: currency}
	}
	e.At, err = parseTime(sql.NullString{String: at, Valid: true})
	return e, err
}

// CountAccountDeals counts an account's live deals.
func (s *Store) CountAccountDeals(ctx context.Context, accountID int64) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM deals d WHERE d.account_id = ? AND d.archived_at IS NULL`, accountID).Scan(&n)
	return n, explain(s.path, err)
}

// AccountDealsPage reads deals [offset, offset+limit) of an account in
// AccountDeals' order: open ones first, then the most recently closed.
func (s *Store) AccountDealsPage(ctx context.Context, accountID int64, offset, limit int) ([]model.Deal, error) {
	return s.queryDeals(ctx, `SELECT `+dealColumns+dealFrom+`WHERE d.account_id = ? AND d.archived_at IS NULL
		ORDER BY d.status <> 'open', coalesce(d.closed_at, d.created_at) DESC, d.id DESC LIMIT ? OFFSET ?`, accountID, limit, offset)
}

// CurrentContract is an account's contract in force today that ends last
// (an add-on ends with the contract it joins; the earlier start wins), and
// whether there is one.
func (s *Store) CurrentContract(ctx context.Context, accountID int64) (model.Contract, bool, error) {
	today := s.clock.Today().String()
	c, err := scanContract(s.r.QueryRowContext(ctx, `SELECT `+contractColumns+` FROM contracts
		WHERE account_id = ? AND archived_at IS NULL AND start_date <= ? AND end_date >= ?
		ORDER BY end_date DESC, start_date, id LIMIT 1`, accountID, today, today))
	if err == sql.ErrNoRows {
		return c, false, nil
	}
	if err != nil {
		return c, false, explain(s.path, err)
	}
	return c, true, nil
}

// StageNames names every stage by id, removed ones included (a closed
// deal keeps the stage it closed in).
func (s *Store) StageNames(ctx context.Context) (map[int64]string, error) {
	stages, err := s.allStages(ctx, s.r)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(stages))
	for _, st := range stages {
		out[st.ID] = st.Name
	}
	return out, nil
}
