package store

import (
	"context"
	"database/sql"
	"fmt"

	"rolo/model"
)

// CreateContract starts a contract (for example when a new-business deal
// is won) so that its end date brings it into the renewals queue.
func (s *Store) CreateContract(ctx context.Context, c model.Contract) (model.Contract, error) {
	if c.Status == "" {
		c.Status = model.ContractActive
	}
	if err := c.Validate(); err != nil {
		return c, err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := s.liveAccount(ctx, tx, c.AccountID, "a contract"); err != nil {
			return err
		}
		if err := liveRow(ctx, tx, "deals", "deal", c.DealID); err != nil {
			return err
		}
		if err := liveRow(ctx, tx, "contracts", "contract", c.RenewsID); err != nil {
			return err
		}
		var err error
		if c.ID, err = s.insertContract(ctx, tx, c); err != nil {
			return err
		}
		return s.pushUndo(ctx, tx, "start contract", undoAction{ArchiveContract: c.ID})
	})
	if err != nil {
		return c, err
	}
	return s.contract(ctx, s.w, c.ID)
}

// insertContract adds c (already checked) and returns its id.
func (s *Store) insertContract(ctx context.Context, tx *sql.Tx, c model.Contract) (int64, error) {
	now := timestamp(s.now())
	res, err := tx.ExecContext(ctx, `INSERT INTO contracts(account_id, deal_id, renews_id, value_minor, currency, start_date,
		end_date, auto_renew, notice_days, status, churn_reason, snoozed_until, created_at, updated_at, source_system, external_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.AccountID, idArg(c.DealID), idArg(c.RenewsID), c.Value.Minor, c.Value.Currency, c.Start.String(), c.End.String(),
		boolArg(c.AutoRenew), c.NoticeDays, c.Status, c.ChurnReason, dateArg(c.SnoozedUntil), now, now,
		c.Ref.System, c.Ref.ExternalID)
	if err != nil {
		if isConstraint(err, "FOREIGN KEY") {
			return 0, problem(ErrNotFound, err, "the contract's account, deal or earlier contract no longer exists")
		}
		return 0, fmt.Errorf("adding contract: %w", err)
	}
	return res.LastInsertId()
}

// writeContract saves every column of c (used by edits and by undo).
func (s *Store) writeContract(ctx context.Context, tx *sql.Tx, c model.Contract) error {
	_, err := tx.ExecContext(ctx, `UPDATE contracts SET value_minor = ?, currency = ?, start_date = ?, end_date = ?,
		auto_renew = ?, notice_days = ?, status = ?, churn_reason = ?, snoozed_until = ?, updated_at = ? WHERE id = ?`,
		c.Value.Minor, c.Value.Currency, c.Start.String(), c.End.String(), boolArg(c.AutoRenew), c.NoticeDays, c.Status,
		c.ChurnReason, dateArg(c.SnoozedUntil), timestamp(s.now()), c.ID)
	if err != nil {
		return fmt.Errorf("saving contract %d: %w", c.ID, err)
	}
	return nil
}

const contractColumns = `id, account_id, coalesce(deal_id, 0), coalesce(renews_id, 0), value_minor, currency,
	start_date, end_date, auto_renew, notice_days, status, churn_reason, snoozed_until, created_at, updated_at,
	archived_at IS NOT NULL, source_system, external_id, version`

// scanContract reads contractColumns, then any extra columns into extra.
func scanContract(sc scanner, extra ...any) (model.Contract, error) {
	var c model.Contract
	var n nullable
	dest := append([]any{&c.ID, &c.AccountID, &c.DealID, &c.RenewsID, &c.Value.Minor, &c.Value.Currency,
		n.date(&c.Start), n.date(&c.End), &c.AutoRenew, &c.NoticeDays, &c.Status, &c.ChurnReason,
		n.date(&c.SnoozedUntil), n.time(&c.CreatedAt), n.time(&c.UpdatedAt), &c.Archived, &c.Ref.System, &c.Ref.ExternalID,
		&c.Version}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return c, err
	}
	return c, n.finish()
}

// contract reads one contract, archived or not.
func (s *Store) contract(ctx context.Context, q querier, id int64) (model.Contract, error) {
	c, err := scanContract(q.QueryRowContext(ctx, `SELECT `+contractColumns+` FROM contracts WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return c, problem(ErrNotFound, err, "contract %d does not exist", id)
	}
	if err != nil {
		return c, explain(s.path, err)
	}
	return c, nil
}

// AccountContracts lists an account's contracts, latest end first.
func (s *Store) AccountContracts(ctx context.Context, accountID int64) ([]model.Contract, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+contractColumns+`
		FROM contracts WHERE account_id = ? AND archived_at IS NULL ORDER BY end_date DESC, id DESC`, accountID)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	var out []model.Contract
	for rows.Next() {
		c, err := scanContract(rows)
		if err != nil {
			return nil, fmt.Errorf("reading contracts: %w", err)
		}
		out = append(out, c)
	}
	return out, explain(s.path, rows.Err())
}
