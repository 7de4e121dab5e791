package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"rolo/model"
)

// Snapshot reads the whole book as of one moment, streaming row by row
// (exports never hold a table in memory).
type Snapshot struct {
	s   *Store
	ctx context.Context
	tx  *sql.Tx
}

// Snapshot runs fn over one consistent read of the database.
func (s *Store) Snapshot(ctx context.Context, fn func(*Snapshot) error) error {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return explain(s.path, err)
	}
	defer tx.Rollback()
	return fn(&Snapshot{s: s, ctx: ctx, tx: tx})
}

// each runs query and hands every row to scan.
func (sn *Snapshot) each(query string, scan func(*sql.Rows) error) error {
	rows, err := sn.tx.QueryContext(sn.ctx, query)
	if err != nil {
		return explain(sn.s.path, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return explain(sn.s.path, rows.Err())
}

// StageNames maps every stage id (archived ones too) to its name.
func (sn *Snapshot) StageNames() (map[int64]string, error) {
	out := map[int64]string{}
	err := sn.each(`SELECT id, name FROM stages`, func(r *sql.Rows) error {
		var id int64
		var name string
		if err := r.Scan(&id, &name); err != nil {
			return err
		}
		out[id] = name
		return nil
	})
	return out, err
}

// Accounts streams the accounts that are not archived, by id.
func (sn *Snapshot) Accounts(fn func(model.Account) error) error {
	return sn.each(`SELECT `+accountColumns+` FROM accounts a WHERE a.archived_at IS NULL ORDER BY a.id`, func(r *sql.Rows) error {
		a, err := scanAccount(r)
		if err != nil {
			return fmt.Errorf("reading accounts: %w", err)
		}
		return fn(a)
	})
}

// Contacts streams the contacts that are not archived, with their
// account's name.
func (sn *Snapshot) Contacts(fn func(c model.Contact, account string) error) error {
	return sn.each(`SELECT c.id, c.account_id, a.name, c.name, c.title, c.email, c.phone, c.notes, c.created_at, c.updated_at,
		c.source_system, c.external_id FROM contacts c JOIN accounts a ON a.id = c.account_id
		WHERE c.archived_at IS NULL ORDER BY c.id`, func(r *sql.Rows) error {
		var c model.Contact
		var account string
		var n nullable
		if err := r.Scan(&c.ID, &c.AccountID, &account, &c.Name, &c.Title, &c.Email, &c.Phone, &c.Notes, n.time(&c.CreatedAt),
			n.time(&c.UpdatedAt), &c.Ref.System, &c.Ref.ExternalID); err != nil {
			return fmt.Errorf("reading contacts: %w", err)
		}
		if err := n.finish(); err != nil {
			return err
		}
		return fn(c, account)
	})
}

// Deals streams the deals that are not archived, with account and
// contact names.
func (sn *Snapshot) Deals(fn func(model.Deal) error) error {
	return sn.each(`SELECT `+dealColumns+dealFrom+`WHERE d.archived_at IS NULL ORDER BY d.id`, func(r *sql.Rows) error {
		d, err := scanDeal(r)
		if err != nil {
			return fmt.Errorf("reading deals: %w", err)
		}
		return fn(d)
	})
}

// ActivityNames are the names of what an activity is about.
type ActivityNames struct {
	Account, Deal, Contact string
}

// Activities streams the activities that are not archived.
func (sn *Snapshot) Activities(fn func(model.Activity, ActivityNames) error) error {
	return sn.each(`SELECT x.id, x.account_id, coalesce(x.deal_id, 0), coalesce(x.contact_id, 0), x.kind, x.text, x.at, x.due,
		x.created_at, x.source_system, x.external_id, a.name, coalesce(d.title, ''), coalesce(c.name, '')
		FROM activities x JOIN accounts a ON a.id = x.account_id LEFT JOIN deals d ON d.id = x.deal_id
		LEFT JOIN contacts c ON c.id = x.contact_id WHERE x.archived_at IS NULL ORDER BY x.id`, func(r *sql.Rows) error {
		var x model.Activity
		var names ActivityNames
		var n nullable
		if err := r.Scan(&x.ID, &x.AccountID, &x.DealID, &x.ContactID, &x.Kind, &x.Text, n.time(&x.At), n.date(&x.Due),
			n.time(&x.CreatedAt), &x.Ref.System, &x.Ref.ExternalID, &names.Account, &names.Deal, &names.Contact); err != nil {
			return fmt.Errorf("reading activities: %w", err)
		}
		if err := n.finish(); err != nil {
			return err
		}
		return fn(x, names)
	})
}

// Contracts streams the contracts that are not archived, with their
// account's name.
func (sn *Snapshot) Contracts(fn func(c model.Contract, account string) error) error {
	return sn.each(`SELECT c.id, c.account_id, a.name, coalesce(c.deal_id, 0), coalesce(c.renews_id, 0), c.value_minor, c.currency,
		c.start_date, c.end_date, c.auto_renew, c.notice_days, c.status, c.churn_reason, c.snoozed_until, c.created_at,
		c.updated_at, c.source_system, c.external_id FROM contracts c JOIN accounts a ON a.id = c.account_id
		WHERE c.archived_at IS NULL ORDER BY c.id`, func(r *sql.Rows) error {
		var c model.Contract
		var account string
		var n nullable
		if err := r.Scan(&c.ID, &c.AccountID, &account, &c.DealID, &c.RenewsID, &c.Value.Minor, &c.Value.Currency, n.date(&c.Start),
			n.date(&c.End), &c.AutoRenew, &c.NoticeDays, &c.Status, &c.ChurnReason, n.date(&c.SnoozedUntil), n.time(&c.CreatedAt),
			n.time(&c.UpdatedAt), &c.Ref.System, &c.Ref.ExternalID); err != nil {
			return fmt.Errorf("reading contracts: %w", err)
		}
		if err := n.finish(); err != nil {
			return err
		}
		return fn(c, account)
	})
}

// Issues streams the support issues that are not archived.
func (sn *Snapshot) Issues(fn func(i model.SupportIssue, account string) error) error {
	return sn.each(`SELECT i.id, i.account_id, a.name, i.title, i.severity, i.opened_at, i.resolved_at, i.source_system, i.external_id
		FROM support_issues i JOIN accounts a ON a.id = i.account_id WHERE i.archived_at IS NULL ORDER BY i.id`, func(r *sql.Rows) error {
		var i model.SupportIssue
		var account string
		var n nullable
		if err := r.Scan(&i.ID, &i.AccountID, &account, &i.Title, &i.Severity, n.time(&i.OpenedAt), n.time(&i.ResolvedAt),
			&i.Ref.System, &i.Ref.ExternalID); err != nil {
			return fmt.Errorf("reading support issues: %w", err)
		}
		if err := n.finish(); err != nil {
			return err
		}
		return fn(i, account)
	})
}

// Surveys streams the survey answers that are not archived, with the
// account's name and the contact's email.
func (sn *Snapshot) Surveys(fn func(v model.Survey, account, email string) error) error {
	return sn.each(`SELECT v.id, v.account_id, a.name, coalesce(v.contact_id, 0), coalesce(c.email, ''), v.kind, v.score, v.comment,
		v.at, v.source_system, v.external_id FROM surveys v JOIN accounts a ON a.id = v.account_id
		LEFT JOIN contacts c ON c.id = v.contact_id WHERE v.archived_at IS NULL ORDER BY v.id`, func(r *sql.Rows) error {
		var v model.Survey
		var account, email string
		var n nullable
		if err := r.Scan(&v.ID, &v.AccountID, &account, &v.ContactID, &email, &v.Kind, &v.Score, &v.Comment, n.time(&v.At),
			&v.Ref.System, &v.Ref.ExternalID); err != nil {
			return fmt.Errorf("reading surveys: %w", err)
		}
		if err := n.finish(); err != nil {
			return err
		}
		return fn(v, account, email)
	})
}

// Spend streams the acquisition costs that are not archived.
func (sn *Snapshot) Spend(fn func(model.AcquisitionCost) error) error {
	return sn.each(`SELECT id, date, amount_minor, currency, channel, note, source_system, external_id FROM acquisition_costs
		WHERE archived_at IS NULL ORDER BY id`, func(r *sql.Rows) error {
		var c model.AcquisitionCost
		var n nullable
		if err := r.Scan(&c.ID, n.date(&c.Date), &c.Amount.Minor, &c.Amount.Currency, &c.Channel, &c.Note, &c.Ref.System,
			&c.Ref.ExternalID); err != nil {
			return fmt.Errorf("reading spend: %w", err)
		}
		if err := n.finish(); err != nil {
			return err
		}
		return fn(c)
	})
}

// BookTables are the tables a full (lossless) export holds, in the order
// a restore writes them. Derived tables (pipeline totals) and this file's
// own bookkeeping (undo, imports) are left out.
var BookTables = []string{"settings", "stages", "accounts", "contacts", "deals", "deal_events", "activities", "contracts",
	"support_issues", "surveys", "acquisition_costs"}

// Rows streams every row of one of BookTables, archived ones included,
// column by column exactly as stored (ints, text, NULL, blobs; columns
// SQLite computes are not stored, and left out).
func (sn *Snapshot) Rows(table string, fn func(cols []string, vals []any) error) error {
	if !isBookTable(table) {
		return fmt.Errorf("%q is not a table rolo exports", table)
	}
	order := "id"
	if table == "settings" {
		order = "key"
	}
	cols, err := sn.storedColumns(table)
	if err != nil {
		return err
	}
	// The names come from the table's own definition.
	rows, err := sn.tx.QueryContext(sn.ctx, `SELECT "`+strings.Join(cols, `", "`)+`" FROM `+table+` ORDER BY `+order)
	if err != nil {
		return explain(sn.s.path, err)
	}
	defer rows.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("reading %s: %w", table, err)
		}
		if err := fn(cols, vals); err != nil {
			return err
		}
	}
	return explain(sn.s.path, rows.Err())
}

// storedColumns lists a table's columns in order, leaving out those
// SQLite computes (contracts' notice date): they are not the book's data,
// and a restore could not write them.
func (sn *Snapshot) storedColumns(table string) ([]string, error) {
	rows, err := sn.tx.QueryContext(sn.ctx, `SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0 ORDER BY cid`, table)
	if err != nil {
		return nil, explain(sn.s.path, err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("reading %s's columns: %w", table, err)
		}
		cols = append(cols, c)
	}
	return cols, explain(sn.s.path, rows.Err())
}

func isBookTable(t string) bool {
	for _, b := range BookTables {
		if b == t {
			return true
		}
	}
	return false
}
