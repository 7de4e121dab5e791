package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

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

// Contract reads one contract.
func (s *Store) Contract(ctx context.Context, id int64) (model.Contract, error) {
	return s.contract(ctx, s.r, id)
}

// FindContract resolves what a person typed to one contract: an id
// ("12" or "contract:12"), or an account ("account:7" or a name) whose
// undecided contract it is — several are ambiguous, none is not found.
func (s *Store) FindContract(ctx context.Context, name string) (model.Contract, error) {
	name = strings.TrimSpace(name)
	idText, isContract := strings.CutPrefix(strings.ToLower(name), "contract:")
	if !isContract {
		idText = name
	}
	if id, err := strconv.ParseInt(idText, 10, 64); err == nil && !strings.HasPrefix(strings.ToLower(name), "account:") {
		return s.Contract(ctx, id)
	}
	if isContract {
		return model.Contract{}, problem(ErrNotFound, nil, "%q is not a contract id; write contract:12", model.Clean(name))
	}
	acct, err := s.FindAccount(ctx, strings.TrimPrefix(strings.TrimPrefix(name, "account:"), "Account:"))
	if err != nil {
		return model.Contract{}, err
	}
	contracts, err := s.AccountContracts(ctx, acct.ID)
	if err != nil {
		return model.Contract{}, err
	}
	var active []model.Contract
	for _, c := range contracts {
		if c.Status == model.ContractActive {
			active = append(active, c)
		}
	}
	switch len(active) {
	case 0:
		return model.Contract{}, problem(ErrNotFound, nil, "%s has no active contract (rolo contracts %q lists its contracts)",
			model.Clean(acct.Name), model.Clean(acct.Name))
	case 1:
		return active[0], nil
	}
	if with := model.CoTerminating(active[0], active); len(with) == len(active)-1 {
		// One renewal: a contract and the add-ons ending with it.
		return model.GroupBase(active[0], with), nil
	}
	lines := make([]string, len(active))
	for i, c := range active {
		lines[i] = fmt.Sprintf("contract:%d  %s a year, %s – %s", c.ID, c.Value, c.Start, c.End)
	}
	return model.Contract{}, problem(ErrAmbiguous, nil, "%s has %d active contracts; name one:\n  %s", model.Clean(acct.Name),
		len(active), strings.Join(lines, "\n  "))
}

// ChurnReasons lists the reasons customers left, most given first.
func (s *Store) ChurnReasons(ctx context.Context, limit int) ([]string, error) {
	return column[string](ctx, s, `SELECT reason FROM (
			SELECT churn_reason AS reason FROM contracts WHERE status = 'churned' AND churn_reason <> ''
			UNION ALL SELECT churn_reason FROM accounts WHERE status = 'churned' AND churn_reason <> '')
		GROUP BY reason COLLATE NOCASE ORDER BY count(*) DESC, reason LIMIT ?`, limit)
}
