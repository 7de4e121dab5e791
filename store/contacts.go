package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"rolo/model"
)

// Contact reads one contact, archived or not.
func (s *Store) Contact(ctx context.Context, id int64) (model.Contact, error) {
	return s.contact(ctx, s.r, id)
}

// checkContact refuses a write based on seen when the stored contact cur
// was archived, or changed since in a way conflicts says matters.
func checkContact(seen, cur model.Contact, conflicts conflict) error {
	if err := seenVersion("contact", seen.ID, seen.Version); err != nil {
		return err
	}
	if cur.Archived && seen.Archived {
		return problem(ErrArchived, nil, "Contact %d (%s) was archived, so it cannot be changed; nothing was saved", cur.ID, model.Clean(cur.Name))
	}
	if cur.Version == seen.Version {
		return nil
	}
	ch := model.ContactChanges(seen, cur)
	if ch.Has(model.FieldArchived) || conflicts(ch) {
		return &StaleError{Msg: ch.Sentence() + " elsewhere", Current: cur}
	}
	return nil
}

// writeContact saves every column of c (used by edits, archiving and
// undo).
func (s *Store) writeContact(ctx context.Context, tx *sql.Tx, c model.Contact) error {
	var archived any
	if c.Archived {
		archived = timestamp(s.now())
	}
	_, err := tx.ExecContext(ctx, `UPDATE contacts SET name = ?, title = ?, email = ?, phone = ?, notes = ?, updated_at = ?,
		archived_at = CASE WHEN ? IS NULL THEN NULL ELSE coalesce(archived_at, ?) END WHERE id = ?`,
		c.Name, c.Title, c.Email, c.Phone, c.Notes, timestamp(s.now()), archived, archived, c.ID)
	if err != nil {
		return fmt.Errorf("saving contact %s: %w", model.Clean(c.Name), err)
	}
	return nil
}

// UpdateContact saves a contact edited in a form. seen is the contact as
// the form opened on it; if anything it shows changed elsewhere since,
// nothing is written (*StaleError carrying the stored contact).
func (s *Store) UpdateContact(ctx context.Context, seen, edited model.Contact) (model.Contact, error) {
	if edited.ID != seen.ID {
		return edited, fmt.Errorf("internal error: UpdateContact of contact %d with contact %d as seen", edited.ID, seen.ID)
	}
	c := edited
	c.Name, c.Email, c.Phone, c.Title = strings.TrimSpace(c.Name), strings.TrimSpace(c.Email), strings.TrimSpace(c.Phone), strings.TrimSpace(c.Title)
	if err := c.Validate(); err != nil {
		return c, err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := s.contact(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		if err := checkContact(seen, old, everythingButTouch); err != nil {
			return err
		}
		c.AccountID, c.Archived = old.AccountID, old.Archived
		if err := s.writeContact(ctx, tx, c); err != nil {
			return err
		}
		if err := s.pushUndo(ctx, tx, "edit contact "+old.Name, undoAction{Contact: &old}); err != nil {
			return err
		}
		c, err = s.contact(ctx, tx, c.ID)
		return err
	})
	return c, err
}

// ArchiveContact takes a contact, as the caller saw it, off its account's
// lists (nothing is deleted: undo brings it back). Deals and activities
// that name the contact keep it.
func (s *Store) ArchiveContact(ctx context.Context, seen model.Contact) (model.Contact, error) {
	var c model.Contact
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := s.contact(ctx, tx, seen.ID)
		if err != nil {
			return err
		}
		if err := checkContact(seen, old, nothingElse); err != nil {
			return err
		}
		c = old
		c.Archived = true
		if err := s.writeContact(ctx, tx, c); err != nil {
			return err
		}
		if err := s.pushUndo(ctx, tx, "archive contact "+old.Name, undoAction{Contact: &old}); err != nil {
			return err
		}
		c, err = s.contact(ctx, tx, c.ID)
		return err
	})
	return c, err
}

// FindContact resolves what a person typed to one live contact of an
// account: an id, an exact name (ignoring case), or a part of a name only
// one contact has. Several matches are an ErrAmbiguous listing them.
func (s *Store) FindContact(ctx context.Context, accountID int64, name string) (model.Contact, error) {
	name = strings.TrimSpace(name)
	if id, err := strconv.ParseInt(name, 10, 64); err == nil {
		c, err := s.Contact(ctx, id)
		if err == nil && (c.AccountID != accountID || c.Archived) {
			return c, problem(ErrNotFound, nil, "contact %d is not a contact of this account", id)
		}
		return c, err
	}
	found, err := s.queryContacts(ctx, `SELECT `+contactColumns+` FROM contacts WHERE account_id = ? AND archived_at IS NULL
		AND name LIKE ? ESCAPE '\' ORDER BY name = ? COLLATE NOCASE DESC, name LIMIT 6`, accountID, "%"+likeEscape(name)+"%", name)
	if err != nil {
		return model.Contact{}, err
	}
	var exact []model.Contact
	for _, c := range found {
		if strings.EqualFold(c.Name, name) {
			exact = append(exact, c)
		}
	}
	switch {
	case len(found) == 0:
		return model.Contact{}, problem(ErrNotFound, nil, "no contact of this account matches %q", model.Clean(name))
	case len(found) == 1:
		return found[0], nil
	case len(exact) == 1:
		return exact[0], nil
	case len(exact) > 1:
		found = exact
	}
	names := make([]string, len(found))
	for i, c := range found {
		names[i] = fmt.Sprintf("%d %s", c.ID, model.Clean(c.Name))
	}
	return model.Contact{}, problem(ErrAmbiguous, nil, "%q matches several contacts; use the id or more of the name:\n  %s",
		model.Clean(name), strings.Join(names, "\n  "))
}
