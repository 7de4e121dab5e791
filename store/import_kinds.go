package store

import (
	"database/sql"
	"fmt"
	"strings"

	"rolo/model"
)

// rejected reports rec with reason, or passes a database error on.
func (im *Import) rejected(rec *model.Record, reason string, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	im.reject(rec, reason)
	return 0, nil
}

func (im *Import) addAccount(rec *model.Record) (int64, error) {
	a := *rec.Account
	a.Ref = rec.Ref
	a.Name = strings.TrimSpace(a.Name)
	if a.Status == "" {
		a.Status = model.Prospect
	}
	if !rec.Has(model.ImportCadence) && rec.Fields != nil {
		// As for an account added in rolo: its tier's cadence, none once
		// churned.
		a.CadenceDays = model.DefaultCadence(a.Tier)
		if a.Status == model.Churned {
			a.CadenceDays = 0
		}
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = im.now
	}
	id, err := upsert(im, accountsTable, rec, a, func(a *model.Account) error { return a.Validate() },
		func(a *model.Account) string { return a.Name })
	if id != 0 {
		if a.Ref.ExternalID != "" {
			im.accountByRef[a.Ref] = id
		}
		im.accountByName[strings.ToLower(a.Name)] = id
	}
	return id, err
}

func (im *Import) addContact(rec *model.Record) (int64, error) {
	c := *rec.Contact
	c.Ref = rec.Ref
	c.Name = strings.TrimSpace(c.Name)
	c.Email = strings.TrimSpace(c.Email)
	id, reason, err := im.accountFor(rec, rec.AccountLink)
	if err != nil || reason != "" {
		return im.rejected(rec, reason, err)
	}
	c.AccountID = id
	if c.CreatedAt.IsZero() {
		c.CreatedAt = im.now
	}
	cid, err := upsert(im, contactsTable, rec, c, func(c *model.Contact) error { return c.Validate() },
		func(c *model.Contact) string {
			if c.Email != "" {
				return c.Name + " <" + c.Email + ">"
			}
			return c.Name
		})
	if cid != 0 {
		im.rememberContact(cid, c)
	}
	return cid, err
}

func (im *Import) rememberContact(id int64, c model.Contact) {
	if c.Ref.ExternalID != "" {
		im.contactByRef[c.Ref] = id
	}
	if c.Email != "" {
		im.contactByKey["email:"+strings.ToLower(c.Email)] = id
	}
	im.contactByKey[fmt.Sprintf("%d:%s", c.AccountID, strings.ToLower(c.Name))] = id
}

func (im *Import) addDeal(rec *model.Record) (int64, error) {
	d := *rec.Deal
	d.Ref = rec.Ref
	d.Title = strings.TrimSpace(d.Title)
	id, reason, err := im.accountFor(rec, rec.AccountLink)
	if err != nil || reason != "" {
		return im.rejected(rec, reason, err)
	}
	d.AccountID = id
	if !rec.ContactLink.IsZero() {
		cid, reason, err := im.contactFor(rec, rec.ContactLink, d.AccountID, true)
		if err != nil || reason != "" {
			return im.rejected(rec, reason, err)
		}
		d.ContactID = cid
	}
	if d.Kind == "" {
		d.Kind = model.NewBusiness
	}
	if d.Status == "" {
		d.Status = model.Open
	}
	if d.StageID == 0 {
		im.reject(rec, "no stage; give the deal a stage rolo knows (--stage-map)")
		return 0, nil
	}
	if d.CreatedAt.IsZero() {
		// A file with no creation date: a closed deal existed at least
		// since it closed (the import's time would move its close, which
		// cannot come before its creation, to the import).
		d.CreatedAt = im.now
		if d.Status != model.Open && !d.ClosedAt.IsZero() && d.ClosedAt.Before(im.now) {
			d.CreatedAt = d.ClosedAt
		}
	}
	did, err := upsert(im, dealsTable, rec, d, func(d *model.Deal) error { return d.Validate() }, describeDeal)
	if did != 0 {
		if d.Ref.ExternalID != "" {
			im.dealByRef[d.Ref] = did
		}
		im.dealByKey[fmt.Sprintf("%d:%s", d.AccountID, strings.ToLower(d.Title))] = did
	}
	return did, err
}

func describeDeal(d *model.Deal) string {
	return fmt.Sprintf("%s — %s, %s", d.Title, d.Value, d.Status)
}

func (im *Import) addContract(rec *model.Record) (int64, error) {
	c := *rec.Contract
	c.Ref = rec.Ref
	id, reason, err := im.accountFor(rec, rec.AccountLink)
	if err != nil || reason != "" {
		return im.rejected(rec, reason, err)
	}
	c.AccountID = id
	if !rec.DealLink.IsZero() {
		did, _, reason, err := im.dealFor(rec.DealLink, model.Link{ID: id})
		if err != nil || reason != "" {
			return im.rejected(rec, reason, err)
		}
		c.DealID = did
	}
	if c.Status == "" {
		c.Status = model.ContractActive
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = im.now
	}
	return upsert(im, contractsTable, rec, c, func(c *model.Contract) error { return c.Validate() },
		func(c *model.Contract) string { return fmt.Sprintf("%s a year, %s to %s", c.Value, c.Start, c.End) })
}

func (im *Import) addIssue(rec *model.Record) (int64, error) {
	i := *rec.Issue
	i.Ref = rec.Ref
	i.Title = strings.TrimSpace(i.Title)
	id, reason, err := im.accountFor(rec, rec.AccountLink)
	if err != nil || reason != "" {
		return im.rejected(rec, reason, err)
	}
	i.AccountID = id
	if i.Severity == "" {
		i.Severity = model.SevNormal
	}
	iid, err := upsert(im, issuesTable, rec, i, func(i *model.SupportIssue) error { return i.Validate() },
		func(i *model.SupportIssue) string { return string(i.Severity) + ": " + i.Title })
	if iid != 0 && !rec.Archived {
		// An issue opened or resolved is a touch of its account.
		im.touchedAt(i.AccountID, i.OpenedAt)
		im.touchedAt(i.AccountID, i.ResolvedAt)
	}
	return iid, err
}

// addSurvey files an answer under the contact its email names (and that
// contact's account), else under the named account.
func (im *Import) addSurvey(rec *model.Record) (int64, error) {
	v := *rec.Survey
	v.Ref = rec.Ref
	if !rec.ContactLink.IsZero() {
		cid, reason, err := im.contactFor(rec, rec.ContactLink, 0, false)
		if err != nil {
			return 0, err
		}
		if reason == "" {
			v.ContactID = cid
			if rec.AccountLink.IsZero() {
				if v.AccountID, err = im.contactAccount(cid); err != nil {
					return 0, err
				}
			}
		} else if rec.AccountLink.IsZero() {
			im.reject(rec, reason)
			return 0, nil
		}
	}
	if v.AccountID == 0 {
		id, reason, err := im.accountFor(rec, rec.AccountLink)
		if err != nil || reason != "" {
			return im.rejected(rec, reason, err)
		}
		v.AccountID = id
	}
	sid, err := upsert(im, surveysTable, rec, v, func(v *model.Survey) error { return v.Validate() },
		func(v *model.Survey) string {
			return fmt.Sprintf("%s %d on %s", strings.ToUpper(string(v.Kind)), v.Score, tsText(v.At))
		})
	if sid != 0 && !rec.Archived {
		im.touchedAt(v.AccountID, v.At) // an answer is a touch of its account
	}
	return sid, err
}

func (im *Import) addSpend(rec *model.Record) (int64, error) {
	c := *rec.Spend
	c.Ref = rec.Ref
	return upsert(im, spendTable, rec, c, func(c *model.AcquisitionCost) error { return c.Validate() },
		func(c *model.AcquisitionCost) string { return fmt.Sprintf("%s %s on %s", c.Amount, c.Channel, c.Date) })
}

// accountFor finds the account a link names: by id, by the source's id,
// else by name. A name found nowhere is a reason to reject the record,
// unless the import may create accounts.
func (im *Import) accountFor(rec *model.Record, l model.Link) (int64, string, error) {
	if l.ID != 0 {
		return l.ID, "", nil
	}
	if l.Ref.ExternalID != "" {
		if id, ok := im.accountByRef[l.Ref]; ok {
			return id, "", nil
		}
		id, err := im.lookup(`SELECT id FROM accounts WHERE source_system = ? AND external_id = ? AND external_id <> ''`, l.Ref.System, l.Ref.ExternalID)
		if err != nil {
			return 0, "", err
		}
		if id != 0 {
			im.accountByRef[l.Ref] = id
			return id, "", nil
		}
	}
	name := strings.TrimSpace(l.Name)
	if name == "" {
		if l.Ref.ExternalID != "" {
			return 0, fmt.Sprintf("company %s %s is not in rolo or in this import", l.Ref.System, l.Ref.ExternalID), nil
		}
		return 0, "no company: say which account it belongs to", nil
	}
	key := strings.ToLower(name)
	if id, ok := im.accountByName[key]; ok {
		return id, "", nil
	}
	id, err := im.lookup(`SELECT id FROM accounts WHERE archived_at IS NULL AND name = ? COLLATE NOCASE
		ORDER BY source_system = ? DESC, id LIMIT 1`, name, rec.Ref.System)
	if err != nil {
		return 0, "", err
	}
	if id != 0 {
		im.accountByName[key] = id
		return id, "", nil
	}
	if !im.opts.CreateAccounts && !l.Create {
		return 0, fmt.Sprintf("company %q is not in rolo or in this import (import its companies file in the same command, or pass --create-accounts)", name), nil
	}
	acct := &model.Record{Kind: model.KindAccount, Origin: rec.Origin, Fields: []string{model.ImportName},
		Ref: model.Ref{System: rec.Ref.System, ExternalID: "name:" + key}, Account: &model.Account{Name: name}}
	if _, err := im.addAccount(acct); err != nil {
		return 0, "", err
	}
	if id, ok := im.accountByName[key]; ok {
		return id, "", nil
	}
	return 0, fmt.Sprintf("company %q could not be added", name), nil
}

// contactFor finds the contact a link names: by id, source id, email, or
// name at the account. A named contact found nowhere is created at the
// account when create is set.
func (im *Import) contactFor(rec *model.Record, l model.Link, accountID int64, create bool) (int64, string, error) {
	if l.ID != 0 {
		return l.ID, "", nil
	}
	if l.Ref.ExternalID != "" {
		if id, ok := im.contactByRef[l.Ref]; ok {
			return id, "", nil
		}
		id, err := im.lookup(`SELECT id FROM contacts WHERE source_system = ? AND external_id = ? AND external_id <> ''`, l.Ref.System, l.Ref.ExternalID)
		if err != nil || id != 0 {
			im.contactByRef[l.Ref] = id
			return id, "", err
		}
	}
	if email := strings.TrimSpace(l.Email); email != "" {
		key := "email:" + strings.ToLower(email)
		if id, ok := im.contactByKey[key]; ok {
			return id, "", nil
		}
		id, err := im.lookup(`SELECT id FROM contacts WHERE archived_at IS NULL AND email = ? COLLATE NOCASE AND email <> ''
			ORDER BY id LIMIT 1`, email)
		if err != nil || id != 0 {
			im.contactByKey[key] = id
			return id, "", err
		}
	}
	name := strings.TrimSpace(l.Name)
	if name != "" && accountID != 0 {
		key := fmt.Sprintf("%d:%s", accountID, strings.ToLower(name))
		if id, ok := im.contactByKey[key]; ok {
			return id, "", nil
		}
		id, err := im.lookup(`SELECT id FROM contacts WHERE archived_at IS NULL AND account_id = ? AND name = ? COLLATE NOCASE
			ORDER BY id LIMIT 1`, accountID, name)
		if err != nil || id != 0 {
			im.contactByKey[key] = id
			return id, "", err
		}
		if create || l.Create {
			c := &model.Record{Kind: model.KindContact, Origin: rec.Origin, Fields: []string{model.ImportName, model.ImportEmail},
				Ref:     model.Ref{System: rec.Ref.System, ExternalID: fmt.Sprintf("name:%d:%s", accountID, strings.ToLower(name))},
				Contact: &model.Contact{Name: name, Email: l.Email}, AccountLink: model.Link{ID: accountID}}
			if _, err := im.addContact(c); err != nil {
				return 0, "", err
			}
			if id, ok := im.contactByKey[key]; ok {
				return id, "", nil
			}
		}
	}
	who := name
	if l.Email != "" {
		who = l.Email
	}
	if who == "" {
		who = l.Ref.System + " " + l.Ref.ExternalID
	}
	return 0, fmt.Sprintf("contact %q is not in rolo or in this import", who), nil
}

// dealFor finds the deal a link names (by id, source id, or title at the
// linked account) and returns it with its account.
func (im *Import) dealFor(l model.Link, account model.Link) (id, accountID int64, reason string, err error) {
	if l.ID != 0 {
		err = im.tx.QueryRowContext(im.ctx, `SELECT account_id FROM deals WHERE id = ?`, l.ID).Scan(&accountID)
		if err == sql.ErrNoRows {
			return 0, 0, fmt.Sprintf("deal %d does not exist", l.ID), nil
		}
		return l.ID, accountID, "", err
	}
	if l.Ref.ExternalID != "" {
		id, ok := im.dealByRef[l.Ref]
		if !ok {
			if id, err = im.lookup(`SELECT id FROM deals WHERE source_system = ? AND external_id = ? AND external_id <> ''`, l.Ref.System, l.Ref.ExternalID); err != nil {
				return 0, 0, "", err
			}
		}
		if id > 0 {
			im.dealByRef[l.Ref] = id
			err = im.tx.QueryRowContext(im.ctx, `SELECT account_id FROM deals WHERE id = ?`, id).Scan(&accountID)
			return id, accountID, "", err
		}
		if id < 0 { // a deal this dry run would create
			return id, account.ID, "", nil
		}
	}
	title := strings.TrimSpace(l.Name)
	if title != "" && account.ID != 0 {
		key := fmt.Sprintf("%d:%s", account.ID, strings.ToLower(title))
		if id, ok := im.dealByKey[key]; ok {
			return id, account.ID, "", nil
		}
		id, err := im.lookup(`SELECT id FROM deals WHERE archived_at IS NULL AND account_id = ? AND title = ? COLLATE NOCASE
			ORDER BY status = 'open' DESC, id DESC LIMIT 1`, account.ID, title)
		if err != nil || id != 0 {
			return id, account.ID, "", err
		}
	}
	what := title
	if what == "" {
		what = l.Ref.System + " " + l.Ref.ExternalID
	}
	return 0, 0, fmt.Sprintf("deal %q is not in rolo or in this import", what), nil
}

func (im *Import) contactAccount(contactID int64) (int64, error) {
	if contactID < 0 {
		return 0, nil // a contact this dry run would create; its account is unknown here
	}
	return im.lookup(`SELECT account_id FROM contacts WHERE id = ?`, contactID)
}

// lookup runs a query for one id; 0 when there is no row.
func (im *Import) lookup(query string, args ...any) (int64, error) {
	st, err := im.stmt(query)
	if err != nil {
		return 0, err
	}
	var id int64
	err = st.QueryRowContext(im.ctx, args...).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return id, err
}
