package store

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"rolo/model"
)

// Finding the record a person means, from what they typed: a typed id
// ("deal:82"), a bare id where the command takes one kind of record, or a
// part of a name that only one record has. Several matches are an
// ErrAmbiguous listing them with their typed ids; no match is ErrNotFound.

// FindDeal resolves what a person typed to one deal: "deal:82", a bare
// id, or a part of a title that only one deal has (an exact title wins,
// and among several exact titles the only open one).
func (s *Store) FindDeal(ctx context.Context, text string) (model.Deal, error) {
	t, err := parseTarget(text, model.KindDeal)
	if err != nil {
		return model.Deal{}, err
	}
	if t.ID != 0 {
		return s.Deal(ctx, t.ID)
	}
	name := t.Text
	if tooLong(name) {
		return model.Deal{}, problem(ErrNotFound, nil, "no deal has a title that long (%d characters; titles are at most %d)", utf8.RuneCountInString(name), model.MaxNameLen)
	}
	found, err := s.queryDeals(ctx, `SELECT `+dealColumns+dealFrom+`
		WHERE d.archived_at IS NULL AND d.title LIKE ? ESCAPE '\'
		ORDER BY d.title = ? COLLATE NOCASE DESC, d.status = 'open' DESC, d.title LIMIT 8`,
		"%"+likeEscape(name)+"%", name)
	if err != nil {
		return model.Deal{}, err
	}
	if len(found) == 0 {
		return model.Deal{}, problem(ErrNotFound, nil, "no deal matches %s", model.Quote(name))
	}
	if len(found) == 1 {
		return found[0], nil
	}
	// An exact title wins over titles that merely contain it, but renewals
	// are often titled alike: several exact matches are narrowed to the
	// open one, else they are ambiguous.
	var exact []model.Deal
	for _, d := range found {
		if strings.EqualFold(d.Title, name) {
			exact = append(exact, d)
		}
	}
	if len(exact) == 1 {
		return exact[0], nil
	}
	if len(exact) > 1 {
		found = exact
	}
	var open []model.Deal
	for _, d := range found {
		if d.Status == model.Open {
			open = append(open, d)
		}
	}
	if len(open) == 1 {
		return open[0], nil
	}
	lines := make([]string, len(found))
	for i, d := range found {
		lines[i] = fmt.Sprintf("%s  %s (%s, %s)", model.TypedID(model.KindDeal, d.ID), model.Clean(d.Title), model.Clean(d.AccountName), d.Status)
	}
	return model.Deal{}, problem(ErrAmbiguous, nil, "%s matches several deals; name one by its id (like %s) or more of the title:\n  %s",
		model.Quote(name), model.TypedID(model.KindDeal, found[0].ID), strings.Join(lines, "\n  "))
}

// FindAccount resolves what a person typed to one account: "account:82",
// a bare id, an exact name (ignoring case), or a part of a name that only
// one account has. Two accounts with the same name are ambiguous.
func (s *Store) FindAccount(ctx context.Context, text string) (model.Account, error) {
	t, err := parseTarget(text, model.KindAccount)
	if err != nil {
		return model.Account{}, err
	}
	if t.ID != 0 {
		return s.Account(ctx, t.ID)
	}
	name := t.Text
	if tooLong(name) {
		return model.Account{}, problem(ErrNotFound, nil, "no account has a name that long (%d characters; names are at most %d)", utf8.RuneCountInString(name), model.MaxNameLen)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+accountColumns+` FROM accounts a
		WHERE a.archived_at IS NULL AND a.name LIKE ? ESCAPE '\' ORDER BY a.name = ? COLLATE NOCASE DESC, a.name LIMIT 6`,
		"%"+likeEscape(name)+"%", name)
	if err != nil {
		return model.Account{}, explain(s.path, err)
	}
	defer rows.Close()
	var found []model.Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return model.Account{}, fmt.Errorf("reading accounts: %w", err)
		}
		found = append(found, a)
	}
	if err := rows.Err(); err != nil {
		return model.Account{}, explain(s.path, err)
	}
	// An exact name wins over names that merely contain it, but two
	// accounts with the same name are as ambiguous as two partial matches.
	var exact []model.Account
	for _, a := range found {
		if strings.EqualFold(a.Name, name) {
			exact = append(exact, a)
		}
	}
	switch {
	case len(found) == 0:
		return model.Account{}, problem(ErrNotFound, nil, "no account matches %s", model.Quote(name))
	case len(found) == 1:
		return found[0], nil
	case len(exact) == 1:
		return exact[0], nil
	case len(exact) > 1:
		found = exact
	}
	names := make([]string, len(found))
	for i, a := range found {
		names[i] = fmt.Sprintf("%s  %s (%s)", model.TypedID(model.KindAccount, a.ID), model.Clean(a.Name), a.Status)
	}
	return model.Account{}, problem(ErrAmbiguous, nil, "%s matches several accounts; name one by its id (like %s) or more of the name:\n  %s",
		model.Quote(name), model.TypedID(model.KindAccount, found[0].ID), strings.Join(names, "\n  "))
}

// AccountsNamed lists the active accounts with exactly this name (ignoring
// case), so adding one more can ask first.
func (s *Store) AccountsNamed(ctx context.Context, name string) ([]model.Account, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+accountColumns+` FROM accounts a
		WHERE a.archived_at IS NULL AND a.name = ? COLLATE NOCASE ORDER BY a.id`, strings.TrimSpace(name))
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

// parseTarget reads text as a target for a command that takes records of
// one kind: a bare id is of that kind; an id typed as another kind is
// refused.
func parseTarget(text string, want model.RecordKind) (model.Target, error) {
	t, err := model.ParseTarget(text)
	if err != nil {
		return t, problem(ErrNotFound, err, "%v", err)
	}
	if t.Kind != "" && t.Kind != want {
		return t, problem(ErrNotFound, nil, "%s is a %s, not a %s; name a %s (like %s:12) or part of its name", t, t.Kind, want, want, want)
	}
	return t, nil
}

// tooLong reports a name longer than any stored name can be, which could
// only fail to match (and would make SQLite's LIKE give up).
func tooLong(name string) bool { return utf8.RuneCountInString(name) > model.MaxNameLen }
