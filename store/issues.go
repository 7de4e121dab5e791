package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"rolo/model"
)

const issueColumns = `i.id, i.account_id, i.title, i.severity, i.opened_at, i.resolved_at, i.resolution,
	i.archived_at IS NOT NULL, i.source_system, i.external_id, i.version`

func scanIssue(sc scanner, extra ...any) (model.SupportIssue, error) {
	var i model.SupportIssue
	var n nullable
	dest := append([]any{&i.ID, &i.AccountID, &i.Title, &i.Severity, n.time(&i.OpenedAt), n.time(&i.ResolvedAt), &i.Resolution,
		&i.Archived, &i.Ref.System, &i.Ref.ExternalID, &i.Version}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return i, err
	}
	return i, n.finish()
}

// issue reads one support issue, archived or not.
func (s *Store) issue(ctx context.Context, q querier, id int64) (model.SupportIssue, error) {
	i, err := scanIssue(q.QueryRowContext(ctx, `SELECT `+issueColumns+` FROM support_issues i WHERE i.id = ?`, id))
	if err == sql.ErrNoRows {
		return i, problem(ErrNotFound, err, "issue %d does not exist", id)
	}
	if err != nil {
		return i, explain(s.path, err)
	}
	return i, nil
}

// Issue reads one support issue.
func (s *Store) Issue(ctx context.Context, id int64) (model.SupportIssue, error) {
	return s.issue(ctx, s.r, id)
}

// checkIssue refuses a write based on seen when the stored issue cur was
// undone, or changed since in a way conflicts says matters.
func checkIssue(seen, cur model.SupportIssue, conflicts conflict) error {
	if err := seenVersion("issue", seen.ID, seen.Version); err != nil {
		return err
	}
	if cur.Archived && seen.Archived {
		return problem(ErrArchived, nil, "Issue %d was undone (archived), so it cannot be changed; nothing was saved", cur.ID)
	}
	if cur.Version == seen.Version {
		return nil
	}
	ch := model.IssueChanges(seen, cur)
	if ch.Has(model.FieldArchived) || conflicts(ch) {
		return &StaleError{Msg: ch.Sentence() + " elsewhere", Current: cur}
	}
	return nil
}

// writeIssue saves every column of i (used by edits and by undo).
func (s *Store) writeIssue(ctx context.Context, tx *sql.Tx, i model.SupportIssue) error {
	var archived any
	if i.Archived {
		archived = timestamp(s.now())
	}
	_, err := tx.ExecContext(ctx, `UPDATE support_issues SET title = ?, severity = ?, opened_at = ?, resolved_at = ?, resolution = ?,
		archived_at = CASE WHEN ? IS NULL THEN NULL ELSE coalesce(archived_at, ?) END WHERE id = ?`,
		i.Title, i.Severity, timestamp(i.OpenedAt), timeArg(i.ResolvedAt), i.Resolution, archived, archived, i.ID)
	if err != nil {
		return fmt.Errorf("saving issue %d: %w", i.ID, err)
	}
	return nil
}

// CreateIssue opens a support issue on an account (opened now unless
// given). Opening it touches the account.
func (s *Store) CreateIssue(ctx context.Context, i model.SupportIssue) (model.SupportIssue, error) {
	i.Title = strings.TrimSpace(i.Title)
	if i.Severity == "" {
		i.Severity = model.SevNormal
	}
	if i.OpenedAt.IsZero() {
		i.OpenedAt = s.now()
	}
	if err := i.Validate(); err != nil {
		return i, err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		acct, err := s.liveAccount(ctx, tx, i.AccountID, "an issue")
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO support_issues(account_id, title, severity, opened_at, resolved_at, resolution,
			source_system, external_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, i.AccountID, i.Title, i.Severity, timestamp(i.OpenedAt),
			timeArg(i.ResolvedAt), i.Resolution, i.Ref.System, i.Ref.ExternalID)
		if err != nil {
			return fmt.Errorf("opening issue: %w", err)
		}
		if i.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		undo := []undoAction{{ArchiveIssue: i.ID}}
		touched, err := s.touchAccount(ctx, tx, acct, i.OpenedAt, false)
		if err != nil {
			return err
		}
		return s.pushUndo(ctx, tx, "open issue "+i.Title, append(undo, touched...)...)
	})
	if err != nil {
		return i, err
	}
	return s.issue(ctx, s.w, i.ID)
}

// UpdateIssue saves an issue's title and severity edited in a form; if
// either changed elsewhere since, or the issue was resolved or reopened,
// nothing is written.
func (s *Store) UpdateIssue(ctx context.Context, seen model.SupportIssue, title string, sev model.Severity) (model.SupportIssue, error) {
	return s.changeIssue(ctx, seen, "edit issue", dependsOn(model.FieldTitle, model.FieldSeverity, model.FieldStatus), false,
		func(_ *sql.Tx, i *model.SupportIssue) ([]undoAction, error) {
			i.Title, i.Severity = strings.TrimSpace(title), sev
			return nil, nil
		})
}

// ResolveIssue marks an open issue, as the caller saw it, resolved now
// with a note saying what fixed it. Resolving touches the account.
func (s *Store) ResolveIssue(ctx context.Context, seen model.SupportIssue, note string) (model.SupportIssue, error) {
	return s.changeIssue(ctx, seen, "resolve issue", dependsOn(model.FieldStatus), true, func(_ *sql.Tx, i *model.SupportIssue) ([]undoAction, error) {
		if !i.Open() {
			return nil, problem(ErrConflict, nil, "issue %d is already resolved", i.ID)
		}
		i.ResolvedAt, i.Resolution = s.now(), strings.TrimSpace(note)
		return nil, nil
	})
}

// ReopenIssue opens a resolved issue again (it came back); that is a
// touch too. The issue holds one state, so the resolution it had goes to
// the account's timeline as a note logged in the same transaction.
func (s *Store) ReopenIssue(ctx context.Context, seen model.SupportIssue) (model.SupportIssue, error) {
	return s.changeIssue(ctx, seen, "reopen issue", dependsOn(model.FieldStatus), true, func(tx *sql.Tx, i *model.SupportIssue) ([]undoAction, error) {
		if i.Open() {
			return nil, problem(ErrConflict, nil, "issue %d is already open", i.ID)
		}
		text := fmt.Sprintf("Reopened issue: %s (resolved %s", i.Title, s.clock.DateOf(i.ResolvedAt))
		if i.Resolution != "" {
			text += ": " + i.Resolution
		}
		id, err := s.insertActivity(ctx, tx, model.Activity{AccountID: i.AccountID, Kind: model.Note, Text: text + ")", At: s.now()})
		if err != nil {
			return nil, err
		}
		i.ResolvedAt, i.Resolution = time.Time{}, ""
		return []undoAction{{ArchiveActivity: id}}, nil
	})
}

// changeIssue loads an issue in a write transaction, checks it against
// what the caller saw, lets edit change it (and write what goes with
// it), writes it (touching its account when touch) and records how to
// undo it.
func (s *Store) changeIssue(ctx context.Context, seen model.SupportIssue, label string, conflicts conflict, touch bool,
	edit func(*sql.Tx, *model.SupportIssue) ([]undoAction, error)) (model.SupportIssue, error) {
	var out model.SupportIssue
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := s.issue(ctx, tx, seen.ID)
		if err != nil {
			return err
		}
		if err := checkIssue(seen, old, conflicts); err != nil {
			return err
		}
		acct, err := s.liveAccount(ctx, tx, old.AccountID, "changing an issue")
		if err != nil {
			return err
		}
		i := old
		extra, err := edit(tx, &i)
		if err != nil {
			return err
		}
		if err := i.Validate(); err != nil {
			return err
		}
		if err := s.writeIssue(ctx, tx, i); err != nil {
			return err
		}
		undo := append([]undoAction{{Issue: &old}}, extra...)
		if touch {
			touched, err := s.touchAccount(ctx, tx, acct, s.now(), false)
			if err != nil {
				return err
			}
			undo = append(undo, touched...)
		}
		if err := s.pushUndo(ctx, tx, label+" "+old.Title, undo...); err != nil {
			return err
		}
		out, err = s.issue(ctx, tx, i.ID)
		return err
	})
	return out, err
}

// IssueRow is an issue with the name of its account.
type IssueRow struct {
	model.SupportIssue
	AccountName string
}

// IssueQuery selects issues for a list.
type IssueQuery struct {
	AccountID int64 // 0: every account
	OpenOnly  bool
	Limit     int // 0: 1,000; negative: all
}

// Issues lists live issues: open ones first, most severe and then oldest
// first, then resolved ones, latest resolved first.
func (s *Store) Issues(ctx context.Context, q IssueQuery) ([]IssueRow, error) {
	where, args := []string{"i.archived_at IS NULL", "a.archived_at IS NULL"}, []any{}
	if q.AccountID != 0 {
		where = append(where, "i.account_id = ?")
		args = append(args, q.AccountID)
	}
	if q.OpenOnly {
		where = append(where, "i.resolved_at IS NULL")
	}
	if q.Limit == 0 {
		q.Limit = 1000 // a negative limit is all of them
	}
	args = append(args, q.Limit)
	rows, err := s.r.QueryContext(ctx, `SELECT `+issueColumns+`, a.name FROM support_issues i JOIN accounts a ON a.id = i.account_id
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY i.resolved_at IS NOT NULL, CASE WHEN i.resolved_at IS NULL THEN `+severityRank+` END DESC,
			CASE WHEN i.resolved_at IS NULL THEN i.opened_at END, i.resolved_at DESC, i.id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	var out []IssueRow
	for rows.Next() {
		var r IssueRow
		if r.SupportIssue, err = scanIssue(rows, &r.AccountName); err != nil {
			return nil, fmt.Errorf("reading issues: %w", err)
		}
		out = append(out, r)
	}
	return out, explain(s.path, rows.Err())
}

// severityRank orders severities in SQL as model.Severity.Rank does.
const severityRank = `CASE i.severity WHEN 'urgent' THEN 3 WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0 END`
