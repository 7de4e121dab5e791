package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"rolo/model"
)

// How undo works. Every user action records, in its own transaction, an
// undo entry: how to put things back (undoAction), who made it (the
// store's session and origin), and for every row it touched the row's
// version before and after, and the row as it left it (undo_rows).
//
// Undo never overwrites a later change: it first checks that every row
// the entry touched still has the version the action left. If one does
// not, or undoing would put a deal back in a stage removed since, or
// archive a row that gained live rows since, nothing is undone: the
// entry is marked refused with the reason, the error (ErrStale) says
// what changed, and the next undo goes to the change before it — so a
// refusal is said once and never blocks what is behind it.
//
// Undoing writes rows back, which bumps their versions; older entries
// that expect a restored row at the version it had before the undone
// action are moved on to the new version (the row's content is that
// version's again), so several undos in a row work.

// undoAction is one step that puts things back as they were before a user
// action. Nothing is ever deleted: undoing an addition archives the row,
// and undoing a change writes the old values back (a deal's history gains
// the reverse events, so it stays true).
type undoAction struct {
	Deal            *model.Deal     `json:"deal,omitempty"`
	Account         *model.Account  `json:"account,omitempty"`
	Contract        *model.Contract `json:"contract,omitempty"`
	Stage           *model.Stage    `json:"stage,omitempty"`
	ArchiveDeal     int64           `json:"archive_deal,omitempty"`
	ArchiveAccount  int64           `json:"archive_account,omitempty"`
	ArchiveContact  int64           `json:"archive_contact,omitempty"`
	ArchiveActivity int64           `json:"archive_activity,omitempty"`
	ArchiveContract int64           `json:"archive_contract,omitempty"`
	ArchiveStage    int64           `json:"archive_stage,omitempty"`

	Spend        *model.AcquisitionCost `json:"spend,omitempty"`         // put an edited or archived spend row back
	ArchiveSpend int64                  `json:"archive_spend,omitempty"` // undo adding a spend row

	// The account manager's records: contacts edited, tasks done, issues
	// resolved, and issues and survey answers added.
	Contact       *model.Contact      `json:"contact,omitempty"`
	Activity      *model.Activity     `json:"activity,omitempty"`
	Issue         *model.SupportIssue `json:"issue,omitempty"`
	ArchiveIssue  int64               `json:"archive_issue,omitempty"`
	ArchiveSurvey int64               `json:"archive_survey,omitempty"`

	// Import is an import, undone as a whole. Its rows (up to millions)
	// are not in undo_rows: the import keeps its own record of them, with
	// their versions, and checks them itself (import_undo.go).
	Import int64 `json:"import,omitempty"`
}

// row is the table and id of the row an action touches, and the row's
// version before the action (0 when the action created it).
func (a undoAction) row() (table string, id, before int64) {
	switch {
	case a.Deal != nil:
		return "deals", a.Deal.ID, a.Deal.Version
	case a.Account != nil:
		return "accounts", a.Account.ID, a.Account.Version
	case a.Contract != nil:
		return "contracts", a.Contract.ID, a.Contract.Version
	case a.Stage != nil:
		return "stages", a.Stage.ID, a.Stage.Version
	case a.Contact != nil:
		return "contacts", a.Contact.ID, a.Contact.Version
	case a.Activity != nil:
		return "activities", a.Activity.ID, a.Activity.Version
	case a.Issue != nil:
		return "support_issues", a.Issue.ID, a.Issue.Version
	case a.ArchiveIssue != 0:
		return "support_issues", a.ArchiveIssue, 0
	case a.ArchiveSurvey != 0:
		return "surveys", a.ArchiveSurvey, 0
	case a.ArchiveDeal != 0:
		return "deals", a.ArchiveDeal, 0
	case a.ArchiveAccount != 0:
		return "accounts", a.ArchiveAccount, 0
	case a.ArchiveContact != 0:
		return "contacts", a.ArchiveContact, 0
	case a.ArchiveActivity != 0:
		return "activities", a.ArchiveActivity, 0
	case a.ArchiveContract != 0:
		return "contracts", a.ArchiveContract, 0
	case a.ArchiveStage != 0:
		return "stages", a.ArchiveStage, 0
	case a.Spend != nil:
		return "acquisition_costs", a.Spend.ID, a.Spend.Version
	case a.ArchiveSpend != 0:
		return "acquisition_costs", a.ArchiveSpend, 0
	}
	return "", 0, 0
}

// undoKeep is how many undo entries are kept.
const undoKeep = 1000

// AnySession makes Undo take the newest entry whoever made it (the
// command line's `rolo undo`); the app passes its own Session().
const AnySession = "*"

// pushUndo records, in the same transaction as the change, how to undo it
// and the version of every row it touched as the change left it.
func (s *Store) pushUndo(ctx context.Context, tx *sql.Tx, label string, actions ...undoAction) error {
	payload, err := json.Marshal(actions)
	if err != nil {
		return fmt.Errorf("recording undo: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO undo_log(at, label, payload, session, origin) VALUES (?, ?, ?, ?, ?)`,
		timestamp(s.now()), label, string(payload), s.session, s.origin)
	if err != nil {
		return fmt.Errorf("recording undo: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return err
	}
	for _, a := range actions {
		table, rowID, before := a.row()
		if table == "" { // an import: it records its rows itself
			continue
		}
		left, err := s.readRow(ctx, tx, table, rowID)
		if err != nil {
			return fmt.Errorf("recording undo: %w", err)
		}
		js, err := json.Marshal(left.value)
		if err != nil {
			return fmt.Errorf("recording undo: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO undo_rows(undo_id, tbl, row_id, before_version, after_version, after)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, id, table, rowID, before, left.version, string(js)); err != nil {
			return fmt.Errorf("recording undo: %w", err)
		}
	}
	if id%100 == 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM undo_rows WHERE undo_id <= ?`, id-undoKeep); err != nil {
			return fmt.Errorf("trimming undo: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM undo_log WHERE id <= ?`, id-undoKeep); err != nil {
			return fmt.Errorf("trimming undo: %w", err)
		}
		if err := trimImports(ctx, tx); err != nil {
			return fmt.Errorf("trimming undo: %w", err)
		}
	}
	return nil
}

// ErrNothingToUndo is returned by Undo when there is nothing left to undo.
var ErrNothingToUndo = errors.New("nothing to undo")

// Undone says what Undo reversed: the action's label ("move deal Acme
// renewal"), the deal it touched, if any, so a view can select it, and
// who made the change and when.
type Undone struct {
	Label  string
	DealID int64
	// ContractID is the contract it put back, if any (a renewal decision).
	ContractID int64
	Origin     string    // who made the change: "the app", "the command line"
	At         time.Time // when the change was made
	Mine       bool      // made by this Store (its Session)
}

// undoEntry is one row of undo_log with the rows it touched.
type undoEntry struct {
	id      int64
	label   string
	actions []undoAction
	rows    []undoRow
}

// undoRow is a row an action touched: its versions before and after the
// action (before is 0 when the action created it).
type undoRow struct {
	table             string
	id, before, after int64
	left              string // JSON of the row as the action left it
}

// Undo reverses the newest user action not yet undone (or refused) made
// by session: this Store's Session() for the app, which must only undo
// what it did itself, or AnySession. When the action's rows changed since,
// nothing is undone: the error is a *StaleError saying what changed
// ("cannot undo 'move deal X': deal 13 was changed since (moved to Closing
// elsewhere); …") and carrying the changed row, Undone still names the
// refused change, and the entry is passed over from then on.
func (s *Store) Undo(ctx context.Context, session string) (Undone, error) {
	if session == "" {
		return Undone{}, errors.New("internal error: Undo needs a session (Store.Session() or store.AnySession)")
	}
	var out Undone
	var refused error
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		e, err := s.newestUndo(ctx, tx, session, &out)
		if err != nil {
			return err
		}
		why, err := s.undoEntry(ctx, tx, e, &out)
		if err != nil {
			return err
		}
		if why != nil {
			out.DealID, out.ContractID = 0, 0
			refused = &StaleError{Msg: fmt.Sprintf("cannot undo '%s': %s; nothing was undone (the next undo goes to the change before it)",
				model.Clean(e.label), why.Msg), Current: why.Current}
			_, err = tx.ExecContext(ctx, `UPDATE undo_log SET refused = ? WHERE id = ?`, why.Msg, e.id)
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE undo_log SET undone = 1 WHERE id = ?`, e.id)
		return err
	})
	if err == nil {
		err = refused
	}
	return out, err
}

// Session names this Store's undo entries; the app passes it to Undo.
func (s *Store) Session() string { return s.session }

// newestUndo reads the entry Undo works on.
func (s *Store) newestUndo(ctx context.Context, tx *sql.Tx, session string, out *Undone) (undoEntry, error) {
	var e undoEntry
	var payload, at, by string
	err := tx.QueryRowContext(ctx, `SELECT id, at, label, payload, session, origin FROM undo_log
		WHERE undone = 0 AND refused IS NULL AND (?1 = '*' OR session = ?1) ORDER BY id DESC LIMIT 1`, session).
		Scan(&e.id, &at, &e.label, &payload, &by, &out.Origin)
	if err == sql.ErrNoRows {
		return e, ErrNothingToUndo
	}
	if err != nil {
		return e, err
	}
	out.Label, out.Mine = e.label, by == s.session
	if out.At, err = parseTime(sql.NullString{String: at, Valid: true}); err != nil {
		return e, err
	}
	if err := json.Unmarshal([]byte(payload), &e.actions); err != nil {
		return e, fmt.Errorf("reading undo entry %d: %w", e.id, err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT tbl, row_id, before_version, after_version, after FROM undo_rows WHERE undo_id = ?`, e.id)
	if err != nil {
		return e, err
	}
	defer rows.Close()
	for rows.Next() {
		var r undoRow
		if err := rows.Scan(&r.table, &r.id, &r.before, &r.after, &r.left); err != nil {
			return e, err
		}
		e.rows = append(e.rows, r)
	}
	return e, rows.Err()
}

// undoEntry puts back what e changed. A reason it must not (a
// *StaleError) is returned as why, with nothing written.
func (s *Store) undoEntry(ctx context.Context, tx *sql.Tx, e undoEntry, out *Undone) (why *StaleError, err error) {
	for _, r := range e.rows {
		if why, err := s.changedSince(ctx, tx, r); why != nil || err != nil {
			return why, err
		}
	}
	// Some refusals show only while putting back (a stage emptied by
	// archiving a deal first): undo inside a savepoint, roll back to it.
	if _, err := tx.ExecContext(ctx, `SAVEPOINT undo_entry`); err != nil {
		return nil, err
	}
	stages := false
	for i := len(e.actions) - 1; i >= 0; i-- {
		a := e.actions[i]
		err := s.applyUndo(ctx, tx, a)
		if errors.As(err, &why) {
			if _, err := tx.ExecContext(ctx, `ROLLBACK TO undo_entry`); err != nil {
				return nil, err
			}
			_, err = tx.ExecContext(ctx, `RELEASE undo_entry`)
			return why, err
		}
		if err != nil {
			return nil, fmt.Errorf("undoing %s: %w", model.Clean(e.label), err)
		}
		if d := a.Deal; d != nil {
			out.DealID = d.ID
		}
		if c := a.Contract; c != nil {
			out.ContractID = c.ID
		}
		stages = stages || a.Stage != nil || a.ArchiveStage != 0
	}
	if stages {
		if err := s.renumberStages(ctx, tx); err != nil {
			return nil, err
		}
	}
	if _, err := tx.ExecContext(ctx, `RELEASE undo_entry`); err != nil {
		return nil, err
	}
	return nil, s.moveOlderEntriesOn(ctx, tx, e)
}

// changedSince reports, as a refusal, a row that is no longer as the
// action left it.
func (s *Store) changedSince(ctx context.Context, tx *sql.Tx, r undoRow) (*StaleError, error) {
	cur, err := s.readRow(ctx, tx, r.table, r.id)
	if err != nil {
		return nil, err
	}
	if cur.version == r.after {
		return nil, nil
	}
	left, err := decodeRow(r.table, r.left)
	if err != nil {
		return nil, fmt.Errorf("reading undo entry: %w", err)
	}
	ch := s.describe(ctx, tx, r, left, cur.value)
	return &StaleError{Msg: fmt.Sprintf("%s was changed since (%s elsewhere)", lowerFirst(ch.Subject), ch.Predicate()),
		Current: cur.value}, nil
}

// moveOlderEntriesOn points older entries that expect a row this undo
// restored, at the version it had before the undone action, to its new
// version: the row holds that version's content again. Imports' own
// records of their rows' versions move on the same way.
func (s *Store) moveOlderEntriesOn(ctx context.Context, tx *sql.Tx, e undoEntry) error {
	rows := e.rows
	for _, a := range e.actions {
		if a.Import != 0 {
			changed, err := importChangedRows(ctx, tx, a.Import)
			if err != nil {
				return err
			}
			rows = append(rows, changed...)
		}
	}
	for _, r := range rows {
		if r.before == 0 {
			continue
		}
		// r.table is one of our constants, never input.
		var version int64
		if err := tx.QueryRowContext(ctx, `SELECT version FROM `+r.table+` WHERE id = ?`, r.id).Scan(&version); err != nil {
			return fmt.Errorf("updating older undo entries: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE undo_rows SET after_version = ? WHERE tbl = ? AND row_id = ? AND after_version = ? AND undo_id < ?`,
			version, r.table, r.id, r.before, e.id); err != nil {
			return fmt.Errorf("updating older undo entries: %w", err)
		}
		if err := moveImportsOn(ctx, tx, r.table, r.id, r.before, version); err != nil {
			return fmt.Errorf("updating older undo entries: %w", err)
		}
	}
	return nil
}

func (s *Store) applyUndo(ctx context.Context, tx *sql.Tx, a undoAction) error {
	switch {
	case a.Deal != nil:
		cur, err := s.deal(ctx, tx, a.Deal.ID)
		if err != nil {
			return err
		}
		if err := s.stageStillThere(ctx, tx, *a.Deal, cur); err != nil {
			return err
		}
		return s.writeDeal(ctx, tx, cur, *a.Deal, s.now())
	case a.Account != nil:
		return s.writeAccount(ctx, tx, *a.Account)
	case a.Contract != nil:
		return s.writeContract(ctx, tx, *a.Contract)
	case a.Stage != nil:
		return s.writeStage(ctx, tx, *a.Stage)
	case a.Contact != nil:
		return s.writeContact(ctx, tx, *a.Contact)
	case a.Activity != nil:
		return s.writeActivity(ctx, tx, *a.Activity)
	case a.Issue != nil:
		return s.writeIssue(ctx, tx, *a.Issue)
	case a.Spend != nil:
		return s.writeSpend(ctx, tx, *a.Spend)
	case a.Import != 0:
		return s.undoImport(ctx, tx, a.Import)
	}
	table, id, _ := a.row()
	if err := s.nothingLiveOn(ctx, tx, table, id); err != nil {
		return err
	}
	// table is one of our constants (from row), never input.
	_, err := tx.ExecContext(ctx, `UPDATE `+table+` SET archived_at = ? WHERE id = ? AND archived_at IS NULL`, timestamp(s.now()), id)
	return err
}

// stageStillThere refuses to put an open deal back in a stage that was
// removed since: it would vanish from the board while counting as open.
func (s *Store) stageStillThere(ctx context.Context, tx *sql.Tx, back, cur model.Deal) error {
	if back.Status != model.Open || back.Archived || (cur.StageID == back.StageID && cur.Status == model.Open && !cur.Archived) {
		return nil
	}
	st, err := s.stage(ctx, tx, back.StageID)
	if err != nil || !st.Archived {
		return err
	}
	return &StaleError{Msg: fmt.Sprintf("it would put deal %d back in stage %s, which was removed since", back.ID, model.Clean(st.Name)),
		Current: cur}
}

// liveOn finds, for a row about to be archived by undo, one live row that
// points at it (added since the action), as "table id" or "".
var liveOn = map[string][]struct{ what, query string }{
	"accounts": {
		{"deal", `SELECT id FROM deals WHERE account_id = ?1 AND archived_at IS NULL LIMIT 1`},
		{"contact", `SELECT id FROM contacts WHERE account_id = ?1 AND archived_at IS NULL LIMIT 1`},
		{"contract", `SELECT id FROM contracts WHERE account_id = ?1 AND archived_at IS NULL LIMIT 1`},
		{"activity", `SELECT id FROM activities WHERE account_id = ?1 AND archived_at IS NULL LIMIT 1`},
		{"issue", `SELECT id FROM support_issues WHERE account_id = ?1 AND archived_at IS NULL LIMIT 1`},
		{"survey answer", `SELECT id FROM surveys WHERE account_id = ?1 AND archived_at IS NULL LIMIT 1`},
	},
	// Deals and contracts are found through their account's index.
	"contacts": {
		{"deal", `SELECT id FROM deals WHERE account_id = (SELECT account_id FROM contacts WHERE id = ?1) AND contact_id = ?1 AND archived_at IS NULL LIMIT 1`},
	},
	"deals": {
		{"activity", `SELECT id FROM activities WHERE deal_id = ?1 AND archived_at IS NULL LIMIT 1`},
		{"contract", `SELECT id FROM contracts WHERE account_id = (SELECT account_id FROM deals WHERE id = ?1) AND deal_id = ?1 AND archived_at IS NULL LIMIT 1`},
	},
	"contracts": {
		{"contract", `SELECT id FROM contracts WHERE account_id = (SELECT account_id FROM contracts WHERE id = ?1) AND renews_id = ?1 AND archived_at IS NULL LIMIT 1`},
	},
	"stages": {
		{"open deal", `SELECT id FROM deals WHERE stage_id = ?1 AND status = 'open' AND archived_at IS NULL LIMIT 1`},
	},
}

// nothingLiveOn refuses to archive a row that live rows point at: they
// were added since the action being undone, and would be left on an
// archived account, deal or stage.
func (s *Store) nothingLiveOn(ctx context.Context, tx *sql.Tx, table string, id int64) error {
	for _, dep := range liveOn[table] {
		var child int64
		err := tx.QueryRowContext(ctx, dep.query, id).Scan(&child)
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return err
		}
		cur, err := s.readRow(ctx, tx, table, id)
		if err != nil {
			return err
		}
		return &StaleError{Msg: fmt.Sprintf("%s has gained %s %d since", lowerFirst(subject(table, cur.value)), dep.what, child),
			Current: cur.value}
	}
	return nil
}

// stored is a row read for undo: its model value and version.
type stored struct {
	value   any
	version int64
}

// readRow reads a row of one of the tables undo knows, archived or not.
func (s *Store) readRow(ctx context.Context, q querier, table string, id int64) (stored, error) {
	switch table {
	case "deals":
		d, err := s.deal(ctx, q, id)
		return stored{d, d.Version}, err
	case "accounts":
		a, err := s.account(ctx, q, id)
		return stored{a, a.Version}, err
	case "contacts":
		c, err := s.contact(ctx, q, id)
		return stored{c, c.Version}, err
	case "activities":
		a, err := s.activity(ctx, q, id)
		return stored{a, a.Version}, err
	case "contracts":
		c, err := s.contract(ctx, q, id)
		return stored{c, c.Version}, err
	case "stages":
		st, err := s.stage(ctx, q, id)
		return stored{st, st.Version}, err
	case "support_issues":
		i, err := s.issue(ctx, q, id)
		return stored{i, i.Version}, err
	case "surveys":
		sv, err := s.survey(ctx, q, id)
		return stored{sv, sv.Version}, err
	case "acquisition_costs":
		c, err := s.spend(ctx, q, id)
		return stored{c, c.Version}, err
	}
	return stored{}, fmt.Errorf("undo does not know table %q", table)
}

// decodeRow reads a row recorded by pushUndo.
func decodeRow(table, js string) (any, error) {
	var err error
	switch table {
	case "deals":
		var d model.Deal
		err = json.Unmarshal([]byte(js), &d)
		return d, err
	case "accounts":
		var a model.Account
		err = json.Unmarshal([]byte(js), &a)
		return a, err
	case "contacts":
		var c model.Contact
		err = json.Unmarshal([]byte(js), &c)
		return c, err
	case "activities":
		var a model.Activity
		err = json.Unmarshal([]byte(js), &a)
		return a, err
	case "contracts":
		var c model.Contract
		err = json.Unmarshal([]byte(js), &c)
		return c, err
	case "stages":
		var st model.Stage
		err = json.Unmarshal([]byte(js), &st)
		return st, err
	case "support_issues":
		var i model.SupportIssue
		err = json.Unmarshal([]byte(js), &i)
		return i, err
	case "surveys":
		var sv model.Survey
		err = json.Unmarshal([]byte(js), &sv)
		return sv, err
	case "acquisition_costs":
		var c model.AcquisitionCost
		err = json.Unmarshal([]byte(js), &c)
		return c, err
	}
	return nil, fmt.Errorf("undo does not know table %q", table)
}

// describe says how the row r changed from was (as the action left it)
// to now.
func (s *Store) describe(ctx context.Context, q querier, r undoRow, was, now any) model.Changes {
	switch w := was.(type) {
	case model.Deal:
		return model.DealChanges(w, now.(model.Deal), stageName(ctx, q))
	case model.Account:
		return model.AccountChanges(w, now.(model.Account))
	case model.Stage:
		return model.StageChanges(w, now.(model.Stage))
	case model.Contact:
		return model.ContactChanges(w, now.(model.Contact))
	case model.Activity:
		return model.ActivityChanges(w, now.(model.Activity))
	case model.SupportIssue:
		return model.IssueChanges(w, now.(model.SupportIssue))
	case model.Survey:
		return model.RowChanges(subject(r.table, w), w.Archived, now.(model.Survey).Archived)
	case model.Contract:
		return model.ContractChanges(w, now.(model.Contract))
	case model.AcquisitionCost:
		return model.RowChanges(subject(r.table, w), w.Archived, now.(model.AcquisitionCost).Archived)
	}
	return model.RowChanges(fmt.Sprintf("%s %d", r.table, r.id), false, false)
}

// subject names a row in a message: "Deal 13", "Account 7 (Acme)".
func subject(table string, row any) string {
	switch v := row.(type) {
	case model.Deal:
		return fmt.Sprintf("Deal %d", v.ID)
	case model.Account:
		return fmt.Sprintf("Account %d (%s)", v.ID, model.Clean(v.Name))
	case model.Contact:
		return fmt.Sprintf("Contact %d (%s)", v.ID, model.Clean(v.Name))
	case model.Activity:
		return fmt.Sprintf("Activity %d", v.ID)
	case model.Contract:
		return fmt.Sprintf("Contract %d", v.ID)
	case model.Stage:
		return "Stage " + model.Clean(v.Name)
	case model.SupportIssue:
		return fmt.Sprintf("Issue %d", v.ID)
	case model.Survey:
		return fmt.Sprintf("Survey answer %d", v.ID)
	case model.AcquisitionCost:
		return fmt.Sprintf("Spend %d", v.ID)
	}
	return table
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// writeStage saves every column of a stage as it was (used by undo). A
// stage name can be taken again once removed, so putting one back can
// meet a live namesake.
func (s *Store) writeStage(ctx context.Context, tx *sql.Tx, st model.Stage) error {
	_, err := tx.ExecContext(ctx, `UPDATE stages SET name = ?, position = ?, probability = ?, rot_days = ?,
		archived_at = CASE WHEN ? THEN coalesce(archived_at, ?) ELSE NULL END WHERE id = ?`,
		st.Name, st.Position, st.Probability, st.RotDays, st.Archived, timestamp(s.now()), st.ID)
	if isConstraint(err, "UNIQUE") {
		cur, _ := s.stage(ctx, tx, st.ID)
		return &StaleError{Msg: fmt.Sprintf("another stage is called %s now", model.Clean(st.Name)), Current: cur}
	}
	if err != nil {
		return fmt.Errorf("saving stage %s: %w", model.Clean(st.Name), err)
	}
	return nil
}
