package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

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
// exactly the names a fuzzy matcher could match.
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

// ftsPhrase quotes what a person typed as one FTS5 phrase, so quotes and
// operators in it are just characters.
func ftsPhrase(q string) string { return `"` + strings.ReplaceAll(q, `"`, `""`) + `"` }

// searchHits reads hits from a subquery m(kind, ref, name, class) already
// ranked and cut; it adds what each belongs to. Open deals and active
// accounts come first within a class.
const searchHits = `SELECT m.kind, m.ref, m.name,
	CASE m.kind WHEN 'account' THEN a.status WHEN 'deal' THEN da.name || ' · ' || d.status ELSE ca.name END,
	CASE m.kind WHEN 'account' THEN m.ref WHEN 'deal' THEN d.account_id ELSE c.account_id END
	FROM m
	LEFT JOIN accounts a ON m.kind = 'account' AND a.id = m.ref
	LEFT JOIN deals d ON m.kind = 'deal' AND d.id = m.ref
	LEFT JOIN accounts da ON da.id = d.account_id
	LEFT JOIN contacts c ON m.kind = 'contact' AND c.id = m.ref
	LEFT JOIN accounts ca ON ca.id = c.account_id
	ORDER BY m.class, coalesce(d.status, 'open') <> 'open', coalesce(a.status, '') = 'churned', length(m.name), m.name
	LIMIT ?9`

// matchClass ranks a name against q: 0 starts with it, 1 has a word
// starting with it, 2 merely contains it.
const matchClass = `CASE WHEN name LIKE ?2 ESCAPE '\' THEN 0
	WHEN name LIKE ?3 ESCAPE '\' OR name LIKE ?4 ESCAPE '\' OR name LIKE ?5 ESCAPE '\' THEN 1 ELSE 2 END`

// Search finds accounts, deals and contacts whose names contain query,
// up to limit: names starting with it first, then names with a word
// starting with it, then the rest; shorter names first. Three letters
// or more are looked up in the trigram index; one or two find the
// accounts whose names start with them.
func (s *Store) Search(ctx context.Context, query string, limit int) ([]Hit, error) {
	q := strings.TrimSpace(query)
	if q == "" || tooLong(q) {
		return nil, nil
	}
	e := likeEscape(q)
	args := []any{nil, e + "%", "% " + e + "%", "%-" + e + "%", "%(" + e + "%", nil, nil, nil, limit}
	var m string
	if utf8.RuneCountInString(q) >= 3 {
		args[0] = ftsPhrase(q)
		m = `WITH m AS (SELECT kind, ref, name, ` + matchClass + ` AS class FROM search_index WHERE search_index MATCH ?1
			ORDER BY class, length(name) LIMIT 200) `
	} else {
		// One or two letters: account names that start with them, read
		// from the name index (a trigram needs three letters).
		m = `WITH m AS (SELECT 'account' AS kind, id AS ref, name, 0 AS class FROM accounts
			WHERE archived_at IS NULL AND name LIKE ?2 ESCAPE '\' ORDER BY name COLLATE NOCASE LIMIT 200) `
	}
	return s.hits(ctx, m+searchHits, args...)
}

// SearchLoose finds names that hold query's letters in order without
// containing it ("mpl" finds Maple), for a palette that has shown the
// direct matches and looks further.
func (s *Store) SearchLoose(ctx context.Context, query string, limit int) ([]Hit, error) {
	q := strings.TrimSpace(query)
	if utf8.RuneCountInString(strings.ReplaceAll(q, " ", "")) < 2 || tooLong(q) {
		return nil, nil
	}
	m := `WITH m AS (SELECT kind, ref, name, 3 AS class FROM search_index
		WHERE name LIKE ?1 ESCAPE '\' AND name NOT LIKE ?2 ESCAPE '\' LIMIT 200) `
	return s.hits(ctx, m+searchHits, subsequence(q), "%"+likeEscape(q)+"%", nil, nil, nil, nil, nil, nil, limit)
}

func (s *Store) hits(ctx context.Context, query string, args ...any) ([]Hit, error) {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, explain(s.path, err)
	}
	defer rows.Close()
	var out []Hit
	for rows.Next() {
		var h Hit
		var note sql.NullString
		var acct sql.NullInt64
		if err := rows.Scan(&h.Kind, &h.ID, &h.Name, &note, &acct); err != nil {
			return nil, fmt.Errorf("reading search results: %w", err)
		}
		h.Note, h.AccountID = note.String, acct.Int64
		out = append(out, h)
	}
	return out, explain(s.path, rows.Err())
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
	return s.queryContacts(ctx, `SELECT `+contactColumns+` FROM contacts
		WHERE archived_at IS NULL AND account_id = ? AND name LIKE ? ESCAPE '\' ORDER BY name COLLATE NOCASE LIMIT ?`,
		accountID, "%"+likeEscape(strings.TrimSpace(q))+"%", limit)
}

// LostReasons lists the reasons deals were lost for, most used first, to
// offer when losing another.
func (s *Store) LostReasons(ctx context.Context, limit int) ([]string, error) {
	return column[string](ctx, s, `SELECT lost_reason FROM deals WHERE status = 'lost' AND lost_reason <> ''
		GROUP BY lost_reason COLLATE NOCASE ORDER BY count(*) DESC, lost_reason LIMIT ?`, limit)
}
