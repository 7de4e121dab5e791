package store

import (
	"context"
	"fmt"

	"rolo/model"
)

// ContractRow is a contract with its account's name, for lists.
type ContractRow struct {
	model.Contract
	AccountName string
}

// ContractQuery selects contracts for `rolo contracts`.
type ContractQuery struct {
	AccountID int64                // 0: every account
	Status    model.ContractStatus // "": any status
	Limit     int
}

// Contracts lists contracts that are not undone: one account's, newest
// term first (its chain of renewals), or every account's by end date,
// the soonest first.
func (s *Store) Contracts(ctx context.Context, q ContractQuery) ([]ContractRow, error) {
	if q.Limit <= 0 {
		q.Limit = 100
	}
	order := `end_date, id`
	if q.AccountID != 0 {
		order = `end_date DESC, id DESC`
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+contractColumns+`, a_name FROM (
		SELECT c.*, a.name AS a_name FROM contracts c JOIN accounts a ON a.id = c.account_id
		WHERE c.archived_at IS NULL AND (?1 = 0 OR c.account_id = ?1) AND (?2 = '' OR c.status = ?2))
		ORDER BY `+order+` LIMIT ?3`, q.AccountID, q.Status, q.Limit)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	var out []ContractRow
	for rows.Next() {
		var r ContractRow
		if r.Contract, err = scanContract(rows, &r.AccountName); err != nil {
			return nil, fmt.Errorf("reading contracts: %w", err)
		}
		out = append(out, r)
	}
	return out, explain(s.path, rows.Err())
}
