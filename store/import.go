package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"rolo/model"
)

// ImportOptions say how an import treats the rows it is given.
type ImportOptions struct {
	// Label names what is imported for the undo entry and the report:
	// "hubspot-crm-exports-all-deals-2026-11-27.csv" or "3 files".
	Label string
	// DryRun writes nothing: the store must come from OpenReadOnly.
	DryRun bool
	// Theirs takes the file's value where the row was also changed in
	// rolo since the last import (by default rolo's value is kept and the
	// conflict reported).
	Theirs bool
	// CreateAccounts adds an account a row names that exists nowhere,
	// instead of rejecting the row.
	CreateAccounts bool
	// Samples is how many rows of each kind and outcome the report keeps
	// (default 5).
	Samples int
	// OnReject, if set, is told about every rejected record as it happens
	// (to write a rejects file).
	OnReject func(rec *model.Record, reason string)
}

// Outcome is what an import did with one record.
type Outcome string

const (
	Created   Outcome = "created"
	Updated   Outcome = "updated"
	Unchanged Outcome = "unchanged"
	Conflict  Outcome = "conflict" // changed both in the file and in rolo; rolo's value kept
	Rejected  Outcome = "rejected"
)

// Outcomes lists the outcomes in report order.
var Outcomes = []Outcome{Created, Updated, Unchanged, Conflict, Rejected}

// KindCounts counts the outcomes for one kind of record.
type KindCounts map[Outcome]int

// Total is the number of records of the kind.
func (c KindCounts) Total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

// Sample is one record of the report's listing.
type Sample struct {
	Outcome Outcome
	Origin  model.Origin
	Text    string // what it is, or what changed
}

// FieldConflict is a field changed both in the file and in rolo since the
// last import.
type FieldConflict struct {
	Kind   model.RecordKind
	Origin model.Origin
	RowID  int64
	Field  string
	Yours  string // rolo's value, kept unless --theirs
	Theirs string // the file's value
}

// Reject is a record that was not imported, and why.
type Reject struct {
	Kind   model.RecordKind
	Origin model.Origin
	Reason string
}

// ImportReport says what an import did (or, in a dry run, would do).
type ImportReport struct {
	Label     string
	DryRun    bool
	Counts    map[model.RecordKind]KindCounts
	Samples   map[model.RecordKind][]Sample
	Conflicts []FieldConflict // the first maxListed
	Rejects   []Reject        // the first maxListed
	// UndoLabel is what `rolo undo` will say ("" when nothing changed).
	UndoLabel string
}

// maxListed bounds the conflicts and rejects a report keeps in memory;
// the counts are always complete.
const maxListed = 1000

// Count is the number of records of kind with outcome o.
func (r *ImportReport) Count(kind model.RecordKind, o Outcome) int { return r.Counts[kind][o] }

// Total counts records with outcome o over all kinds.
func (r *ImportReport) Total(o Outcome) int {
	n := 0
	for _, c := range r.Counts {
		n += c[o]
	}
	return n
}

// Import is an import in progress: hand it records with Add.
type Import struct {
	s      *Store
	ctx    context.Context
	tx     *sql.Tx
	dry    bool
	opts   ImportOptions
	now    time.Time
	stmts  map[string]*sql.Stmt
	report *ImportReport

	id     int64            // this import's row in imports
	before map[string]int64 // per table, the largest id before the import: rows above it are its own
	fakeID int64            // dry run: ids handed to rows that would be created
	seen   map[string]int64 // dry run: rows that would be created, by kind and source id

	accountByRef  map[model.Ref]int64
	accountByName map[string]int64
	contactByRef  map[model.Ref]int64
	contactByKey  map[string]int64 // "email:x" or "<account id>:<name>"
	dealByRef     map[model.Ref]int64
	dealByKey     map[string]int64 // "<account id>:<title>"

	activities *activityBatch
	// Latest done activity per account and deal: applied once at the end
	// instead of an update per activity.
	touchAccount map[int64]time.Time
	touchDeal    map[int64]time.Time
}

// Import runs feed, which hands records to the import, in one
// transaction: if feed (or anything) fails, nothing is written. A dry run
// reads a snapshot and writes nothing at all. The import is one undo entry.
func (s *Store) Import(ctx context.Context, opts ImportOptions, feed func(*Import) error) (*ImportReport, error) {
	if opts.Samples == 0 {
		opts.Samples = 5
	}
	im := &Import{s: s, ctx: ctx, dry: opts.DryRun, opts: opts, now: s.now(), stmts: map[string]*sql.Stmt{},
		report: &ImportReport{Label: opts.Label, DryRun: opts.DryRun, Counts: map[model.RecordKind]KindCounts{},
			Samples: map[model.RecordKind][]Sample{}},
		seen:         map[string]int64{},
		accountByRef: map[model.Ref]int64{}, accountByName: map[string]int64{},
		contactByRef: map[model.Ref]int64{}, contactByKey: map[string]int64{},
		dealByRef: map[model.Ref]int64{}, dealByKey: map[string]int64{},
		touchAccount: map[int64]time.Time{}, touchDeal: map[int64]time.Time{}}
	if im.dry {
		tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return nil, explain(s.path, err)
		}
		im.tx = tx
		defer tx.Rollback()
		im.activities = &activityBatch{im: im}
		if err := feed(im); err != nil {
			return im.report, err
		}
		return im.report, im.activities.flush()
	}
	if s.w == nil {
		return nil, errors.New("this database was opened read-only; only a dry run can use it")
	}
	// A larger page cache keeps the pages being filled from spilling to
	// the log and being read back; it is reset afterwards.
	if _, err := s.w.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = %d; PRAGMA foreign_keys = OFF`, -importCacheKiB)); err != nil {
		return nil, explain(s.path, err)
	}
	defer s.w.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA cache_size = %d; PRAGMA foreign_keys = ON`, -cacheKiB))
	var created int
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		im.tx = tx
		defer im.closeStmts()
		im.activities = &activityBatch{im: im}
		before, err := maxIDs(ctx, tx)
		if err != nil {
			return err
		}
		im.before = before
		res, err := tx.ExecContext(ctx, `INSERT INTO imports(at, label, created) VALUES (?, ?, '{}')`, timestamp(im.now), opts.Label)
		if err != nil {
			return fmt.Errorf("recording the import: %w", err)
		}
		if im.id, err = res.LastInsertId(); err != nil {
			return err
		}
		if err := feed(im); err != nil {
			return err
		}
		if err := im.finish(); err != nil {
			return err
		}
		created = im.report.Total(Created) + im.report.Total(Updated)
		if created == 0 {
			// Nothing to undo: no undo entry, no trace of the import.
			_, err := tx.ExecContext(ctx, `DELETE FROM imports WHERE id = ?`, im.id)
			return err
		}
		return im.record(before)
	})
	if err != nil {
		return im.report, err
	}
	if created > 0 {
		// Fold a large write-ahead log back into the file now, not on some
		// later keystroke.
		if _, err := s.w.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			return im.report, explain(s.path, err)
		}
	}
	return im.report, nil
}

// importCacheKiB is the writer's page cache during an import; with the
// sorter that rebuilds indexes (it uses about as much) the import stays
// inside its 40 MiB budget.
const importCacheKiB = 2 * 1024

func (im *Import) closeStmts() {
	for _, st := range im.stmts {
		st.Close()
	}
}

// finish writes what was gathered during the import: the last activity
// batch and the last-touch times.
func (im *Import) finish() error {
	if err := im.activities.flush(); err != nil {
		return err
	}
	if err := im.activities.rebuild(); err != nil {
		return err
	}
	if err := im.checkReferences(); err != nil {
		return err
	}
	// In id order, the rows and index pages touched follow one another
	// through the page cache instead of churning it.
	for _, id := range slices.Sorted(maps.Keys(im.touchAccount)) {
		if err := im.touchAccountAt(id, im.touchAccount[id]); err != nil {
			return fmt.Errorf("updating last touch: %w", err)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(im.touchDeal)) {
		if err := im.touchDealAt(id, im.touchDeal[id]); err != nil {
			return fmt.Errorf("updating last touch: %w", err)
		}
	}
	return nil
}

// checkReferences does once what foreign keys would have done per row
// (an import runs with them off): every row written points at rows that
// exist. Activities (the big table) are checked by the ids they use.
func (im *Import) checkReferences() error {
	if err := im.activities.refs.check(im); err != nil {
		return err
	}
	for _, t := range []struct {
		kind  model.RecordKind
		table string
	}{{model.KindContact, "contacts"}, {model.KindDeal, "deals"}, {model.KindContract, "contracts"},
		{model.KindIssue, "support_issues"}, {model.KindSurvey, "surveys"}} {
		c := im.report.Counts[t.kind]
		if c[Created]+c[Updated] == 0 {
			continue
		}
		var broken int
		// t.table is one of ours.
		if err := im.tx.QueryRowContext(im.ctx, `SELECT count(*) FROM pragma_foreign_key_check('`+t.table+`')`).Scan(&broken); err != nil {
			return fmt.Errorf("checking references: %w", err)
		}
		if broken > 0 {
			return fmt.Errorf("%d imported %s point at rows that do not exist; nothing was imported", broken, t.kind.Plural())
		}
	}
	return nil
}

// maxIDs reads the largest id of each table an import writes: the rows
// an import adds are those above it (the import holds the write lock).
func maxIDs(ctx context.Context, tx *sql.Tx) (map[string]int64, error) {
	out := map[string]int64{}
	for _, t := range importTables {
		var id int64
		// t is one of our table names.
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM `+t).Scan(&id); err != nil {
			return nil, fmt.Errorf("reading %s: %w", t, err)
		}
		out[t] = id
	}
	return out, nil
}

// record remembers the import (which rows it added) and makes it one
// undo entry: "import of deals.csv: 57 deals".
func (im *Import) record(before map[string]int64) error {
	after, err := maxIDs(im.ctx, im.tx)
	if err != nil {
		return err
	}
	ranges := map[string][2]int64{}
	for t, b := range before {
		if after[t] > b {
			ranges[t] = [2]int64{b + 1, after[t]}
		}
	}
	created, err := json.Marshal(ranges)
	if err != nil {
		return err
	}
	if _, err := im.tx.ExecContext(im.ctx, `UPDATE imports SET created = ? WHERE id = ?`, string(created), im.id); err != nil {
		return fmt.Errorf("recording the import: %w", err)
	}
	if err := recordVersions(im.ctx, im.tx, im.id, ranges); err != nil {
		return err
	}
	var parts []string
	for _, k := range model.RecordKinds {
		if n := im.report.Count(k, Created) + im.report.Count(k, Updated); n > 0 {
			parts = append(parts, fmt.Sprintf("%s %s", model.Count(n), plural(k, n)))
		}
	}
	label := "import of " + im.opts.Label + ": " + strings.Join(parts, ", ")
	if _, err := im.tx.ExecContext(im.ctx, `UPDATE imports SET label = ? WHERE id = ?`, label, im.id); err != nil {
		return fmt.Errorf("recording the import: %w", err)
	}
	im.report.UndoLabel = label
	return im.s.pushUndo(im.ctx, im.tx, label, undoAction{Import: im.id})
}

func plural(k model.RecordKind, n int) string {
	if n == 1 {
		switch k {
		case model.KindActivity:
			return "activity"
		case model.KindIssue:
			return "support issue"
		case model.KindSurvey:
			return "survey answer"
		case model.KindSpend:
			return "spend entry"
		}
		return string(k)
	}
	return k.Plural()
}

// Report is the report so far (for progress).
func (im *Import) Report() *ImportReport { return im.report }

// count records an outcome and keeps the first few of each as samples.
func (im *Import) count(rec *model.Record, o Outcome, text string) {
	c := im.report.Counts[rec.Kind]
	if c == nil {
		c = KindCounts{}
		im.report.Counts[rec.Kind] = c
	}
	c[o]++
	if c[o] <= im.opts.Samples {
		im.report.Samples[rec.Kind] = append(im.report.Samples[rec.Kind], Sample{Outcome: o, Origin: rec.Origin, Text: text})
	}
}

// reject reports a record that cannot be imported.
func (im *Import) reject(rec *model.Record, reason string) {
	im.count(rec, Rejected, reason)
	if len(im.report.Rejects) < maxListed {
		im.report.Rejects = append(im.report.Rejects, Reject{Kind: rec.Kind, Origin: rec.Origin, Reason: reason})
	}
	if im.opts.OnReject != nil {
		im.opts.OnReject(rec, reason)
	}
}

// Add imports one record: it is created, updated, left unchanged, kept
// with a conflict reported, or rejected with a reason. Only a failure of
// the database itself is returned as an error.
func (im *Import) Add(rec *model.Record) error {
	_, err := im.Upsert(rec)
	return err
}

// Upsert is Add, returning the row's id (0 when the record was rejected,
// or is an activity still waiting in a batch).
func (im *Import) Upsert(rec *model.Record) (int64, error) {
	if err := im.ctx.Err(); err != nil {
		return 0, err
	}
	if len(rec.Problems) > 0 {
		im.reject(rec, strings.Join(rec.Problems, "; "))
		return 0, nil
	}
	if rec.Kind != model.KindActivity {
		// Everything but activities goes row by row; pending activities
		// must land first if a later record is about to read them.
		if err := im.activities.flush(); err != nil {
			return 0, err
		}
	}
	var id int64
	var err error
	switch rec.Kind {
	case model.KindAccount:
		id, err = im.addAccount(rec)
	case model.KindContact:
		id, err = im.addContact(rec)
	case model.KindDeal:
		id, err = im.addDeal(rec)
	case model.KindActivity:
		id, err = im.addActivity(rec)
	case model.KindContract:
		id, err = im.addContract(rec)
	case model.KindIssue:
		id, err = im.addIssue(rec)
	case model.KindSurvey:
		id, err = im.addSurvey(rec)
	case model.KindSpend:
		id, err = im.addSpend(rec)
	default:
		im.reject(rec, fmt.Sprintf("rolo cannot import %q records", rec.Kind))
	}
	if err != nil {
		return 0, explain(im.s.path, err)
	}
	return id, nil
}
