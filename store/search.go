package store

import (
	"context"
	"fmt"
	"strings"

	"rolo/model"
)

// HitKind is what a search hit points at.
type HitKind string

const (
	HitAccount HitKind = "account"
	HitDeal    HitKind = "deal"
	HitContact HitKind = "contact"
)

// Hit is one search result: a name and what it belongs to.
type Hit struct {
	Kind      HitKind
	ID        int64
	Name      string
	Note      string // the account a deal or contact belongs to; a deal's status
	AccountID int64
}

// subsequence turns "acm" into the LIKE pattern "%a%c%m%", which keeps
// exactly the names a fuzzy matcher could match, so the fuzzy ranking in
// the palette only sees candidates.
func subsequence(q string) string {
	var b strings.Builder
	b.WriteByte('%')
	for _, r := range strings.TrimSpace(q) {
		if r == ' ' {
			continue
		}
		b.WriteString(likeEscape(string(r)))
		b.WriteByte('%')
	}
	return b.String()
}

// Search finds accounts, deals and contacts whose names hold the query's
// letters in order, up to limit of each kind, open deals and active
// accounts first.
func (s *Store) Search(ctx context.Context, query string, limit int) ([]Hit, error) {
	if strings.TrimSpace(query) == "" || tooLong(query) {
		return nil, nil
	}
	p := subsequence(query)
	queries := []struct {
		kind HitKind
		sql  string
	}{
		{HitAccount, `SELECT id, name, status, id FROM accounts WHERE archived_at IS NULL AND name LIKE ?1 ESCAPE '\'
			ORDER BY instr(lower(name), lower(?2)) = 0, length(name), name LIMIT ?3`},
		{HitDeal, `SELECT d.id, d.title, a.name || ' · ' || d.status, d.account_id FROM deals d JOIN accounts a ON a.id = d.account_id
			WHERE d.archived_at IS NULL AND d.title LIKE ?1 ESCAPE '\'
			ORDER BY d.status <> 'open', instr(lower(d.title), lower(?2)) = 0, length(d.title), d.title LIMIT ?3`},
		{HitContact, `SELECT c.id, c.name, a.name, c.account_id FROM contacts c JOIN accounts a ON a.id = c.account_id
			WHERE c.archived_at IS NULL AND c.name LIKE ?1 ESCAPE '\'
			ORDER BY instr(lower(c.name), lower(?2)) = 0, length(c.name), c.name LIMIT ?3`},
	}
	var out []Hit
	for _, q := range queries {
		rows, err := s.r.QueryContext(ctx, q.sql, p, strings.TrimSpace(query), limit)
		if err != nil {
			return nil, explain(s.path, err)
		}
		for rows.Next() {
			h := Hit{Kind: q.kind}
			if err := rows.Scan(&h.ID, &h.Name, &h.Note, &h.AccountID); err != nil {
				rows.Close()
				return nil, fmt.Errorf("reading search results: %w", err)
			}
			out = append(out, h)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, explain(s.path, err)
		}
	}
	return out, nil
}

// SuggestAccounts lists accounts whose name holds q's letters in order
// (a fuzzy match: "acmc" finds "Acme Corp"), names starting with q first,
// then names containing it, then the rest; for the deal form's account
// field.
func (s *Store) SuggestAccounts(ctx context.Context, q string, limit int) ([]model.Account, error) {
	q = strings.TrimSpace(q)
	if tooLong(q) {
		return nil, nil
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+accountColumns+` FROM accounts a
		WHERE a.archived_at IS NULL AND a.name LIKE ?1 ESCAPE '\'
		ORDER BY a.name NOT LIKE ?2 ESCAPE '\', a.name NOT LIKE ?3 ESCAPE '\', length(a.name), a.name COLLATE NOCASE LIMIT ?4`,
		subsequence(q), likeEscape(q)+"%", "%"+likeEscape(q)+"%", limit)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	var out []model.Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, fmt.Errorf("reading accounts: %w", err)
		}
		out = append(out, a)
	}
	return out, explain(s.path, rows.Err())
}

// SuggestContacts lists an account's contacts whose name contains q.
func (s *Store) SuggestContacts(ctx context.Context, accountID int64, q string, limit int) ([]model.Contact, error) {
	if tooLong(q) {
		return nil, nil
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, account_id, name, title, email FROM contacts
		WHERE archived_at IS NULL AND account_id = ? AND name LIKE ? ESCAPE '\' ORDER BY name COLLATE NOCASE LIMIT ?`,
		accountID, "%"+likeEscape(strings.TrimSpace(q))+"%", limit)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	var out []model.Contact
	for rows.Next() {
		var c model.Contact
		if err := rows.Scan(&c.ID, &c.AccountID, &c.Name, &c.Title, &c.Email); err != nil {
			return nil, fmt.Errorf("reading contacts: %w", err)
		}
		out = append(out, c)
	}
	return out, explain(s.path, rows.Err())
}

// LostReasons lists the reasons deals were lost for, most used first, to
// offer when losing another.
func (s *Store) LostReasons(ctx context.Context, limit int) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT lost_reason FROM deals WHERE status = 'lost' AND lost_reason <> ''
		GROUP BY lost_reason COLLATE NOCASE ORDER BY count(*) DESC, lost_reason LIMIT ?`, limit)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, fmt.Errorf("reading lost reasons: %w", err)
		}
		out = append(out, r)
	}
	return out, explain(s.path, rows.Err())
}
