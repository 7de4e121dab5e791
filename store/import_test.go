package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"rolo/model"
)

// bookRecords is a small import: two companies, a contact, an open and a
// won deal, two activities and a bad deal.
func bookRecords(stages []model.Stage, dealValue int64) []*model.Record {
	ref := func(id string) model.Ref { return model.Ref{System: "hubspot", ExternalID: id} }
	created := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	closed := time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)
	return []*model.Record{
		{Kind: model.KindAccount, Ref: ref("c1"), Fields: []string{model.ImportName, model.ImportIndustry},
			Account: &model.Account{Name: "Acme Corp", Industry: "Logistics"}},
		{Kind: model.KindAccount, Ref: ref("c2"), Fields: []string{model.ImportName},
			Account: &model.Account{Name: "Globex"}},
		{Kind: model.KindContact, Ref: ref("p1"), Fields: []string{model.ImportName, model.ImportEmail},
			Contact: &model.Contact{Name: "Ada Lane", Email: "ada@acme.test"}, AccountLink: model.Link{Name: "acme corp"}},
		{Kind: model.KindDeal, Ref: ref("d1"), Fields: []string{model.ImportTitle, model.ImportStage, model.ImportValue, model.ImportCreated},
			Deal:        &model.Deal{Title: "Fleet pilot", StageID: stages[1].ID, Value: model.Money{Minor: dealValue, Currency: "USD"}, CreatedAt: created},
			AccountLink: model.Link{Name: "Acme Corp"}},
		{Kind: model.KindDeal, Ref: ref("d2"), Fields: []string{model.ImportTitle, model.ImportStage, model.ImportStatus, model.ImportValue, model.ImportCreated, model.ImportClosed},
			Deal: &model.Deal{Title: "Globex rollout", StageID: stages[3].ID, Status: model.Won, Value: model.Money{Minor: 5_000_000, Currency: "EUR"},
				CreatedAt: created, ClosedAt: closed},
			AccountLink: model.Link{Ref: ref("c2")}},
		{Kind: model.KindDeal, Ref: ref("d3"), Fields: []string{model.ImportTitle, model.ImportStage, model.ImportValue},
			Deal:        &model.Deal{Title: "Nowhere deal", StageID: stages[0].ID, Value: model.Money{Minor: 100, Currency: "USD"}},
			AccountLink: model.Link{Name: "Initech"}},
		{Kind: model.KindActivity, Ref: ref("a1"), Fields: []string{model.ImportKind, model.ImportText, model.ImportAt},
			Activity: &model.Activity{Kind: model.Call, Text: "Intro call", At: created}, AccountLink: model.Link{Name: "Acme Corp"}},
		{Kind: model.KindActivity, Ref: ref("a2"), Fields: []string{model.ImportKind, model.ImportText, model.ImportAt},
			Activity: &model.Activity{Kind: model.Email, Text: "Sent pricing", At: closed}, AccountLink: model.Link{Name: "Acme Corp"},
			DealLink: model.Link{Ref: ref("d1")}},
	}
}

func runImport(t *testing.T, s *Store, opts ImportOptions, recs []*model.Record) *ImportReport {
	t.Helper()
	rep, err := s.Import(context.Background(), opts, func(im *Import) error {
		for _, r := range recs {
			if err := im.Add(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return rep
}

func TestImportIsIdempotentMergesAndUndoes(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	stages, _ := s.Stages(ctx)
	rep := runImport(t, s, ImportOptions{Label: "book.csv"}, bookRecords(stages, 1_200_000))
	want := map[model.RecordKind]KindCounts{
		model.KindAccount:  {Created: 2},
		model.KindContact:  {Created: 1},
		model.KindDeal:     {Created: 2, Rejected: 1},
		model.KindActivity: {Created: 2},
	}
	for k, c := range want {
		for o, n := range c {
			if got := rep.Count(k, o); got != n {
				t.Errorf("%s %s = %d, want %d", k, o, got, n)
			}
		}
	}
	if len(rep.Rejects) != 1 || rep.Rejects[0].Reason == "" {
		t.Fatalf("rejects = %+v", rep.Rejects)
	}
	if rep.UndoLabel != "import of book.csv: 2 accounts, 1 contact, 2 deals, 2 activities" {
		t.Errorf("undo label %q", rep.UndoLabel)
	}
	sums, err := s.Pipeline(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var open int64
	for _, st := range sums {
		open += int64(st.Count)
	}
	if open != 1 {
		t.Errorf("open deals on the board = %d, want 1", open)
	}
	globex, err := s.FindAccount(ctx, "Globex")
	if err != nil || globex.Status != model.Customer || globex.CustomerSince.String() != "2026-06-30" {
		t.Errorf("Globex = %+v, %v; want a customer since 2026-06-30", globex, err)
	}

	// The same file again changes nothing, not even a row's version.
	d, err := s.FindDeal(ctx, "Fleet pilot")
	if err != nil {
		t.Fatal(err)
	}
	rep = runImport(t, s, ImportOptions{Label: "book.csv"}, bookRecords(stages, 1_200_000))
	if rep.Total(Created)+rep.Total(Updated) != 0 || rep.Total(Unchanged) != 7 || rep.UndoLabel != "" {
		t.Fatalf("second import: %+v", rep.Counts)
	}
	if again, _ := s.Deal(ctx, d.ID); again.Version != d.Version {
		t.Errorf("an unchanged re-import moved the deal from version %d to %d", d.Version, again.Version)
	}

	// The user edits the deal's title in rolo; the file changes its value.
	seen := d
	d.Title = "Fleet pilot (EMEA)"
	if _, err := s.UpdateDeal(ctx, seen, d); err != nil {
		t.Fatal(err)
	}
	rep = runImport(t, s, ImportOptions{Label: "book-v2.csv"}, bookRecords(stages, 1_500_000))
	if rep.Count(model.KindDeal, Updated) != 1 || len(rep.Conflicts) != 0 {
		t.Fatalf("edited import: %+v conflicts %+v", rep.Counts, rep.Conflicts)
	}
	edited := d
	d, _ = s.Deal(ctx, d.ID)
	if d.Title != "Fleet pilot (EMEA)" || d.Value.Minor != 1_500_000 {
		t.Fatalf("after merge: %q %d", d.Title, d.Value.Minor)
	}
	// The merge is a change: whoever saw the deal before must see it is not
	// the one they saw.
	if d.Version <= edited.Version+1 {
		t.Errorf("the merge left the deal at version %d (it was %d after the edit)", d.Version, edited.Version+1)
	}
	// Now both change the value: a conflict, rolo's kept; --theirs takes the file's.
	seen = d
	d.Value.Minor = 1_600_000
	if _, err := s.UpdateDeal(ctx, seen, d); err != nil {
		t.Fatal(err)
	}
	rep = runImport(t, s, ImportOptions{Label: "book-v3.csv"}, bookRecords(stages, 1_700_000))
	if len(rep.Conflicts) != 1 || rep.Conflicts[0].Field != model.ImportValue || rep.Count(model.KindDeal, Conflict) != 1 {
		t.Fatalf("conflict import: %+v %+v", rep.Counts, rep.Conflicts)
	}
	if d, _ = s.Deal(ctx, d.ID); d.Value.Minor != 1_600_000 {
		t.Fatalf("conflict overwrote rolo's value: %d", d.Value.Minor)
	}
	rep = runImport(t, s, ImportOptions{Label: "book-v3.csv", Theirs: true}, bookRecords(stages, 1_700_000))
	if d, _ = s.Deal(ctx, d.ID); d.Value.Minor != 1_700_000 || rep.Count(model.KindDeal, Updated) != 1 {
		t.Fatalf("--theirs: value %d, %+v", d.Value.Minor, rep.Counts)
	}

	// Undo the last import puts the value back; undo of the first archives everything.
	u, err := s.Undo(ctx, AnySession)
	if err != nil || u.Label != "import of book-v3.csv: 1 deal" {
		t.Fatalf("undo: %+v %v", u, err)
	}
	if d, _ = s.Deal(ctx, d.ID); d.Value.Minor != 1_600_000 {
		t.Fatalf("undo left value %d", d.Value.Minor)
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "rolo.db")
	s, err := Open(ctx, path, Options{Clock: model.FixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	stages, _ := s.Stages(ctx)
	s.Close()
	for _, side := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + side); err == nil {
			t.Fatalf("%s left after close", side)
		}
	}
	before, _ := os.ReadFile(path)
	files := dirEntries(t, dir)
	ro, err := OpenReadOnly(ctx, path, Options{Clock: model.FixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	rep := runImport(t, ro, ImportOptions{Label: "book.csv", DryRun: true}, bookRecords(stages, 1_200_000))
	if rep.Count(model.KindDeal, Created) != 2 || rep.Count(model.KindActivity, Created) != 2 || rep.Count(model.KindDeal, Rejected) != 1 {
		t.Fatalf("dry run: %+v", rep.Counts)
	}
	if _, err := ro.Import(ctx, ImportOptions{}, func(*Import) error { return nil }); err == nil {
		t.Fatal("a real import on a read-only store must fail")
	}
	ro.Close()
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Fatal("the dry run changed the file")
	}
	if got := dirEntries(t, dir); !slices.Equal(got, files) {
		t.Fatalf("the dry run left files: %v, was %v", got, files)
	}
}

func TestImportFailureWritesNothing(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	stages, _ := s.Stages(ctx)
	boom := errors.New("stop")
	_, err := s.Import(ctx, ImportOptions{Label: "x"}, func(im *Import) error {
		for _, r := range bookRecords(stages, 1) {
			if err := im.Add(r); err != nil {
				return err
			}
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	c, _ := s.Counts(ctx)
	if c.Accounts != 0 || c.Deals != 0 || c.Activities != 0 {
		t.Fatalf("a failed import wrote %+v", c)
	}
}

// importerAndApp opens two Stores on one new file, as two rolo processes
// would: a command line that imports, and the app in which someone works
// on the book meanwhile.
func importerAndApp(t *testing.T) (importer, app *Store) {
	path := tempPath(t)
	return openWithOrigin(t, path, "the command line"), openWithOrigin(t, path, "the app")
}

func TestUndoOfAnImportRefusesToOverwriteLaterChanges(t *testing.T) {
	ctx := context.Background()
	s, later := importerAndApp(t)
	stages, _ := s.Stages(ctx)
	runImport(t, s, ImportOptions{Label: "book.csv"}, bookRecords(stages, 1_200_000))
	d, err := later.FindDeal(ctx, "Fleet pilot")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := later.SetNextStep(ctx, d, "Call Ada", model.Date{}); err != nil {
		t.Fatal(err)
	}
	before, _ := s.Counts(ctx)
	// The importer undoes its own last change, the import: its deal was
	// saved since, so nothing is undone and the refusal names the deal.
	_, err = s.Undo(ctx, s.Session())
	if !errors.Is(err, ErrStale) || !strings.Contains(err.Error(), "deal "+strconv.FormatInt(d.ID, 10)) ||
		!strings.Contains(err.Error(), "nothing was undone") {
		t.Fatalf("undo of the import = %v, want a refusal naming deal %d", err, d.ID)
	}
	var stale *StaleError
	if errors.As(err, &stale) {
		if cur, ok := stale.CurrentDeal(); !ok || cur.NextStep != "Call Ada" {
			t.Errorf("the refusal carries %+v, want the deal as it is now", stale.Current)
		}
	}
	if c, _ := s.Counts(ctx); c != before {
		t.Errorf("the refused undo changed the book: %+v, was %+v", c, before)
	}
	if d2, _ := s.Deal(ctx, d.ID); d2.NextStep != "Call Ada" || d2.Archived {
		t.Errorf("the refused undo changed the deal: %+v", d2)
	}
	// A refusal is said once: the next undo goes to the change before it.
	if _, err := s.Undo(ctx, s.Session()); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("undo after a refusal = %v, want nothing to undo", err)
	}
}

func TestUndoOfAnImportAfterALaterChangeWasUndone(t *testing.T) {
	ctx := context.Background()
	s, later := importerAndApp(t)
	stages, _ := s.Stages(ctx)
	// Its activities touch Acme after the import wrote it: the import left
	// that account at a later version than 1, which undo must expect.
	runImport(t, s, ImportOptions{Label: "book.csv"}, bookRecords(stages, 1_200_000))
	d, err := later.FindDeal(ctx, "Fleet pilot")
	if err != nil {
		t.Fatal(err)
	}
	acme, err := later.FindAccount(ctx, "Acme Corp")
	if err != nil {
		t.Fatal(err)
	}
	if acme.Version == 1 || acme.LastTouchAt.IsZero() {
		t.Fatalf("the imported activities did not touch the account: %+v", acme)
	}
	if _, err := later.SetNextStep(ctx, d, "Call Ada", model.Date{}); err != nil {
		t.Fatal(err)
	}
	edited := acme
	edited.Tier = "A"
	if _, err := later.UpdateAccount(ctx, acme, edited); err != nil {
		t.Fatal(err)
	}
	// Both later changes are undone: the rows are as the import left them
	// (at later versions), so the import can be undone after all.
	for range 2 {
		if _, err := later.Undo(ctx, later.Session()); err != nil {
			t.Fatal(err)
		}
	}
	u, err := s.Undo(ctx, s.Session())
	if err != nil || !strings.HasPrefix(u.Label, "import of book.csv") {
		t.Fatalf("undo of the import = %+v, %v", u, err)
	}
	if c, _ := s.Counts(ctx); c.Accounts != 0 || c.Deals != 0 || c.Activities != 0 || c.Contacts != 0 {
		t.Errorf("after undoing the import the book holds %+v", c)
	}
	if hits, err := s.Search(ctx, "Acme", 10); err != nil || len(hits) != 0 {
		t.Errorf("search finds undone rows: %+v, %v", hits, err)
	}
	// Importing the file again brings everything back.
	rep := runImport(t, s, ImportOptions{Label: "book.csv"}, bookRecords(stages, 1_200_000))
	if rep.Count(model.KindAccount, Created) != 2 || rep.Count(model.KindDeal, Created) != 2 {
		t.Errorf("re-import after undo: %+v", rep.Counts)
	}
}

func TestUndoOfAnImportRefusesWhenRowsWereAddedToIt(t *testing.T) {
	ctx := context.Background()
	s, later := importerAndApp(t)
	stages, _ := s.Stages(ctx)
	runImport(t, s, ImportOptions{Label: "book.csv"}, bookRecords(stages, 1_200_000))
	globex, err := later.FindAccount(ctx, "Globex")
	if err != nil {
		t.Fatal(err)
	}
	c, err := later.CreateContact(ctx, model.Contact{AccountID: globex.ID, Name: "Hank Scorpio"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Undo(ctx, s.Session())
	if !errors.Is(err, ErrStale) || !strings.Contains(err.Error(), "Globex") ||
		!strings.Contains(err.Error(), "contact "+strconv.FormatInt(c.ID, 10)) {
		t.Fatalf("undo of the import = %v, want a refusal naming Globex's new contact", err)
	}
	if a, _ := s.Account(ctx, globex.ID); a.Archived {
		t.Error("the refused undo archived the account")
	}
}

func TestImportedRowsAreSearchableAndInTheMetrics(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	stages, _ := s.Stages(ctx)
	runImport(t, s, ImportOptions{Label: "book.csv"}, bookRecords(stages, 1_200_000))
	for _, q := range []string{"Acme", "Globex rollout", "Ada Lane"} {
		hits, err := s.Search(ctx, q, 10)
		if err != nil || len(hits) == 0 {
			t.Errorf("search %q = %+v, %v; want the imported row", q, hits, err)
		}
	}
	// Imported deals' history keeps each deal's summary of how far it got.
	for title, stage := range map[string]model.Stage{"Fleet pilot": stages[1], "Globex rollout": stages[3]} {
		d, err := s.FindDeal(ctx, title)
		if err != nil {
			t.Fatal(err)
		}
		var mask int64
		var at sql.NullString
		if err := s.r.QueryRowContext(ctx, `SELECT reach_mask, reach_at FROM deals WHERE id = ?`, d.ID).Scan(&mask, &at); err != nil {
			t.Fatal(err)
		}
		if mask&(1<<stage.ID) == 0 || !at.Valid {
			t.Errorf("%s: reach_mask %b reach_at %v, want stage %d reached", title, mask, at, stage.ID)
		}
	}
}

func TestAReImportThatAgreesWithAnEditLeavesTheVersion(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	stages, _ := s.Stages(ctx)
	recs := func(title string) []*model.Record {
		return []*model.Record{
			{Kind: model.KindAccount, Ref: model.Ref{System: "csv", ExternalID: "a1"}, Fields: []string{model.ImportName},
				Account: &model.Account{Name: "Acme"}},
			{Kind: model.KindDeal, Ref: model.Ref{System: "csv", ExternalID: "d1"}, Fields: []string{model.ImportTitle, model.ImportStage},
				Deal: &model.Deal{Title: title, StageID: stages[0].ID, Value: model.Money{Currency: "USD"}}, AccountLink: model.Link{Name: "Acme"}},
		}
	}
	if rep := runImport(t, s, ImportOptions{Label: "v1.csv"}, recs("Pilot")); rep.Total(Created) != 2 {
		t.Fatalf("first import: %+v %+v", rep.Counts, rep.Rejects)
	}
	seen, err := s.FindDeal(ctx, "Pilot")
	if err != nil {
		t.Fatal(err)
	}
	edited := seen
	edited.Title = "Pilot (EMEA)"
	if edited, err = s.UpdateDeal(ctx, seen, edited); err != nil {
		t.Fatal(err)
	}
	// The file now says what the user typed: nothing changes, but the
	// import notes it, so a later edit in the file is not a conflict.
	rep := runImport(t, s, ImportOptions{Label: "v2.csv"}, recs("Pilot (EMEA)"))
	if rep.Total(Unchanged) != 2 || rep.UndoLabel != "" {
		t.Fatalf("agreeing import: %+v", rep.Counts)
	}
	if d, _ := s.Deal(ctx, edited.ID); d.Version != edited.Version {
		t.Errorf("noting what the file says moved the deal from version %d to %d", edited.Version, d.Version)
	}
	rep = runImport(t, s, ImportOptions{Label: "v3.csv"}, recs("Pilot (EMEA, 2027)"))
	if rep.Count(model.KindDeal, Updated) != 1 || len(rep.Conflicts) != 0 {
		t.Fatalf("later file edit: %+v %+v", rep.Counts, rep.Conflicts)
	}
}

// An imported customer is on the account manager's check-in clock as one
// made in rolo: its tier's cadence, counted from its last touch, which
// activities, issues and survey answers in the import move.
func TestImportedCustomersAreDueForCheckIns(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	ref := func(id string) model.Ref { return model.Ref{System: "csv", ExternalID: id} }
	call := time.Date(2026, 10, 1, 15, 0, 0, 0, time.UTC)
	survey := time.Date(2026, 10, 20, 9, 0, 0, 0, time.UTC)
	recs := []*model.Record{
		{Kind: model.KindAccount, Ref: ref("a1"), Fields: []string{model.ImportName, model.ImportStatus, model.ImportTier},
			Account: &model.Account{Name: "Acme", Status: model.Customer, Tier: "enterprise"}},
		{Kind: model.KindAccount, Ref: ref("a2"), Fields: []string{model.ImportName, model.ImportStatus, model.ImportTier},
			Account: &model.Account{Name: "Initech", Status: model.Customer, Tier: "smb"}},
		{Kind: model.KindActivity, Ref: ref("x1"), Fields: []string{model.ImportKind, model.ImportText, model.ImportAt},
			Activity: &model.Activity{Kind: model.Call, Text: "QBR", At: call}, AccountLink: model.Link{Name: "Acme"}},
		{Kind: model.KindSurvey, Ref: ref("s1"), Fields: []string{model.ImportKind, model.ImportScore, model.ImportAt},
			Survey: &model.Survey{Kind: model.NPS, Score: 9, At: survey}, AccountLink: model.Link{Name: "Initech"}},
	}
	runImport(t, s, ImportOptions{Label: "book.csv"}, recs)
	for name, want := range map[string]struct {
		cadence int
		touch   time.Time
	}{"Acme": {14, call}, "Initech": {60, survey}} {
		a, err := s.FindAccount(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		var due sql.NullString
		if err := s.r.QueryRowContext(ctx, `SELECT checkin_due FROM accounts WHERE id = ?`, a.ID).Scan(&due); err != nil {
			t.Fatal(err)
		}
		wantDue := model.DateOf(want.touch).AddDays(want.cadence)
		if a.CadenceDays != want.cadence || !a.LastTouchAt.Equal(want.touch) || due.String != wantDue.String() {
			t.Errorf("%s: cadence %d, last touch %v, check-in due %v; want %d, %v, %s", name, a.CadenceDays, a.LastTouchAt,
				due, want.cadence, want.touch, wantDue)
		}
	}
	// ROLO_NOW is 2026-11-27 in these tests: Acme (due 2026-10-15) is late,
	// Initech (due 2026-12-19) is not.
	due, err := s.Accounts(ctx, AccountQuery{Due: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 1 || due[0].Name != "Acme" {
		t.Errorf("check-ins due: %+v, want Acme alone", due)
	}
}

// Undoing an import puts back the last touch (and check-in due date) of
// an account it only touched, and moves older undo entries on.
func TestUndoOfAnImportPutsBackTheTouchesItMade(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	acme, err := s.CreateAccount(ctx, model.Account{Name: "Acme", Status: model.Customer, Tier: "enterprise"})
	if err != nil {
		t.Fatal(err)
	}
	call := time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
	runImport(t, s, ImportOptions{Label: "calls.csv"}, []*model.Record{
		{Kind: model.KindActivity, Ref: model.Ref{System: "csv", ExternalID: "x1"}, Fields: []string{model.ImportKind, model.ImportText, model.ImportAt},
			Activity: &model.Activity{Kind: model.Call, Text: "QBR", At: call}, AccountLink: model.Link{Name: "Acme"}},
	})
	touched, _ := s.Account(ctx, acme.ID)
	if !touched.LastTouchAt.Equal(call) {
		t.Fatalf("the import did not touch Acme: %v", touched.LastTouchAt)
	}
	if u, err := s.Undo(ctx, AnySession); err != nil || !strings.HasPrefix(u.Label, "import of calls.csv") {
		t.Fatalf("undo: %+v %v", u, err)
	}
	back, _ := s.Account(ctx, acme.ID)
	if !back.LastTouchAt.Equal(acme.LastTouchAt) || back.CheckInDue(time.UTC) != acme.CheckInDue(time.UTC) || back.Archived {
		t.Errorf("after undo Acme is %+v, want it as before the import: %+v", back, acme)
	}
	// The account's creation can still be undone: its entry moved on.
	if u, err := s.Undo(ctx, AnySession); err != nil || !strings.HasPrefix(u.Label, "add account") {
		t.Fatalf("undo of the account: %+v %v", u, err)
	}
}

// An import whose undo entry was trimmed (a thousand changes later) leaves
// no record behind: nothing can undo it any more.
func TestImportRecordsGoWithTheirUndoEntry(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	stages, _ := s.Stages(ctx)
	runImport(t, s, ImportOptions{Label: "book.csv"}, bookRecords(stages, 1_200_000))
	d, err := s.FindDeal(ctx, "Fleet pilot")
	if err != nil {
		t.Fatal(err)
	}
	count := func() int64 {
		return queryInt(t, s.r, `SELECT (SELECT count(*) FROM imports) + (SELECT count(*) FROM import_versions) +
			(SELECT count(*) FROM import_undo)`)
	}
	if count() == 0 {
		t.Fatal("the import left no record for its undo")
	}
	for i := range undoKeep + 100 {
		if _, err := s.SetNextStep(ctx, dealNow(t, s, d.ID), "step", model.NewDate(2026, 12, 1+i%28)); err != nil {
			t.Fatal(err)
		}
	}
	if n := count(); n != 0 {
		t.Errorf("%d rows of the trimmed import's records are left", n)
	}
}
