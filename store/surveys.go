package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"rolo/model"
)

const surveyColumns = `s.id, s.account_id, coalesce(s.contact_id, 0), s.kind, s.score, s.comment, s.at,
	s.archived_at IS NOT NULL, s.source_system, s.external_id, s.version`

func scanSurvey(sc scanner, extra ...any) (model.Survey, error) {
	var sv model.Survey
	var n nullable
	dest := append([]any{&sv.ID, &sv.AccountID, &sv.ContactID, &sv.Kind, &sv.Score, &sv.Comment, n.time(&sv.At),
		&sv.Archived, &sv.Ref.System, &sv.Ref.ExternalID, &sv.Version}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return sv, err
	}
	return sv, n.finish()
}

// survey reads one survey answer, archived or not.
func (s *Store) survey(ctx context.Context, q querier, id int64) (model.Survey, error) {
	sv, err := scanSurvey(q.QueryRowContext(ctx, `SELECT `+surveyColumns+` FROM surveys s WHERE s.id = ?`, id))
	if err == sql.ErrNoRows {
		return sv, problem(ErrNotFound, err, "survey answer %d does not exist", id)
	}
	if err != nil {
		return sv, explain(s.path, err)
	}
	return sv, nil
}

// CreateSurvey records a CSAT or NPS answer (given now unless At is set,
// e.g. asked on yesterday's call). An answer is a touch of the account.
func (s *Store) CreateSurvey(ctx context.Context, sv model.Survey) (model.Survey, error) {
	sv.Comment = strings.TrimSpace(sv.Comment)
	if sv.At.IsZero() {
		sv.At = s.now()
	}
	if err := sv.Validate(); err != nil {
		return sv, err
	}
	if sv.At.After(s.now()) {
		return sv, &model.FieldError{Field: "date", Problem: "an answer cannot come from the future"}
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		acct, err := s.liveAccount(ctx, tx, sv.AccountID, "a survey answer")
		if err != nil {
			return err
		}
		if err := liveRow(ctx, tx, "contacts", "contact", sv.ContactID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO surveys(account_id, contact_id, kind, score, comment, at, source_system, external_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, sv.AccountID, idArg(sv.ContactID), sv.Kind, sv.Score, sv.Comment, timestamp(sv.At),
			sv.Ref.System, sv.Ref.ExternalID)
		if err != nil {
			return fmt.Errorf("recording the answer: %w", err)
		}
		if sv.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		undo := []undoAction{{ArchiveSurvey: sv.ID}}
		touched, err := s.touchAccount(ctx, tx, acct, sv.At, false)
		if err != nil {
			return err
		}
		label := fmt.Sprintf("record %s %d from %s", strings.ToUpper(string(sv.Kind)), sv.Score, acct.Name)
		return s.pushUndo(ctx, tx, label, append(undo, touched...)...)
	})
	if err != nil {
		return sv, err
	}
	return s.survey(ctx, s.w, sv.ID)
}

// SurveyRow is an answer with the name of the contact who gave it.
type SurveyRow struct {
	model.Survey
	ContactName string
}

// AccountSurveys lists an account's answers, latest first.
func (s *Store) AccountSurveys(ctx context.Context, accountID int64) ([]SurveyRow, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+surveyColumns+`, coalesce(c.name, '') FROM surveys s
		LEFT JOIN contacts c ON c.id = s.contact_id
		WHERE s.account_id = ? AND s.archived_at IS NULL ORDER BY s.at DESC, s.id DESC`, accountID)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	var out []SurveyRow
	for rows.Next() {
		var r SurveyRow
		if r.Survey, err = scanSurvey(rows, &r.ContactName); err != nil {
			return nil, fmt.Errorf("reading survey answers: %w", err)
		}
		out = append(out, r)
	}
	return out, explain(s.path, rows.Err())
}
