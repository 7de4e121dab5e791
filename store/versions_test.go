package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"rolo/model"
)

// versionedTables are the tables whose rows can change.
var versionedTables = []string{"stages", "accounts", "contacts", "deals", "activities", "contracts", "support_issues", "surveys", "acquisition_costs"}

// Every UPDATE bumps the row's version by one, whoever makes it (a raw
// UPDATE stands for any future path), and leaves other rows alone.
func TestEveryUpdateBumpsTheVersion(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	d := seedDeal(t, s, "Umbrella", "Umbrella rollout", 10_000_00)
	if _, err := s.LogActivity(ctx, model.Activity{DealID: d.ID, Kind: model.Call, Text: "hi"}, NextStep{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateContact(ctx, model.Contact{AccountID: d.AccountID, Name: "Alice"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateContract(ctx, model.Contract{AccountID: d.AccountID, Value: usd(1_00), Start: model.NewDate(2026, 1, 1),
		End: model.NewDate(2026, 12, 31)}); err != nil {
		t.Fatal(err)
	}
	err := s.BulkLoad(ctx, func(b *Bulk) error {
		if _, err := b.Issue(model.SupportIssue{AccountID: d.AccountID, Title: "Login", Severity: model.SevHigh, OpenedAt: testNow}); err != nil {
			return err
		}
		if _, err := b.Survey(model.Survey{AccountID: d.AccountID, Kind: model.NPS, Score: 9, At: testNow}); err != nil {
			return err
		}
		_, err := b.Cost(model.AcquisitionCost{Date: model.NewDate(2026, 11, 1), Amount: usd(500_00), Channel: model.ChannelEvents})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range versionedTables {
		id := queryInt(t, s.w, `SELECT min(id) FROM `+table)
		others := queryInt(t, s.w, `SELECT coalesce(sum(version), 0) FROM `+table+` WHERE id <> ?`, id)
		before := queryInt(t, s.w, `SELECT version FROM `+table+` WHERE id = ?`, id)
		if _, err := s.w.ExecContext(ctx, `UPDATE `+table+` SET id = id WHERE id = ?`, id); err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		if got := queryInt(t, s.w, `SELECT version FROM `+table+` WHERE id = ?`, id); got != before+1 {
			t.Errorf("%s: version %d after an update, was %d", table, got, before)
		}
		if got := queryInt(t, s.w, `SELECT coalesce(sum(version), 0) FROM `+table+` WHERE id <> ?`, id); got != others {
			t.Errorf("%s: an update of one row changed the others' versions", table)
		}
		// An UPDATE that sets the version itself is left alone.
		if _, err := s.w.ExecContext(ctx, `UPDATE `+table+` SET version = 40 WHERE id = ?`, id); err != nil {
			t.Fatal(err)
		}
		if got := queryInt(t, s.w, `SELECT version FROM `+table+` WHERE id = ?`, id); got != 40 {
			t.Errorf("%s: version = %d after setting 40", table, got)
		}
	}
	// One store write is one bump, and the board's totals stay exact
	// through moves, closes, edits and their undoing.
	st := stageIDs(t, s)
	cur := dealNow(t, s, d.ID)
	moved, err := s.MoveDeal(ctx, cur, st[2])
	if err != nil {
		t.Fatal(err)
	}
	if moved.Version != cur.Version+1 {
		t.Errorf("a move took the version from %d to %d", cur.Version, moved.Version)
	}
	edited := moved
	edited.Value, edited.Probability = usd(12_345_00), new(int)
	if _, err := s.UpdateDeal(ctx, moved, edited); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CloseDeal(ctx, dealNow(t, s, d.ID), model.Lost, "timing"); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := s.Undo(ctx, s.Session()); err != nil {
			t.Fatal(err)
		}
		if problems, err := s.IntegrityCheck(ctx); err != nil || len(problems) != 0 {
			t.Fatalf("doctor: %v %v", problems, err)
		}
	}
}

// The bulk loader drops and rebuilds every index; the version triggers
// and undo's index survive it, and loaded rows start at version 1.
func TestBulkLoadKeepsVersions(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	before := indexNames(t, s.w)
	st := stageIDs(t, s)
	var dealID int64
	err := s.BulkLoad(ctx, func(b *Bulk) error {
		a, err := b.Account(model.Account{Name: "Bulk Co", Status: model.Prospect, CreatedAt: testNow, UpdatedAt: testNow})
		if err != nil {
			return err
		}
		dealID, err = b.Deal(model.Deal{AccountID: a, Title: "Bulk deal", Kind: model.NewBusiness, StageID: st[0], Status: model.Open,
			Value: usd(1_00), CreatedAt: testNow, UpdatedAt: testNow, StageEntered: testNow, LastTouchAt: testNow})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if after := indexNames(t, s.w); !slices.Equal(after, before) || !slices.Contains(after, "undo_rows_row") {
		t.Errorf("indexes after a bulk load: %v, before %v", after, before)
	}
	triggers := queryInt(t, s.w, `SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '%\_version' ESCAPE '\'`)
	if triggers != int64(len(versionedTables)) {
		t.Errorf("%d version triggers, want %d", triggers, len(versionedTables))
	}
	d := dealNow(t, s, dealID)
	if d.Version != 1 {
		t.Errorf("a loaded deal has version %d", d.Version)
	}
	moved, err := s.MoveDeal(ctx, d, st[1])
	if err != nil || moved.Version != 2 {
		t.Fatalf("move after a bulk load: version %d, %v", moved.Version, err)
	}
	if problems, err := s.IntegrityCheck(ctx); err != nil || len(problems) != 0 {
		t.Errorf("doctor: %v %v", problems, err)
	}
}

// A schema-1 file gains versions (all 1), and its undo entries, which
// recorded none, are dropped rather than undone unchecked.
func TestMigrationAddsVersions(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	latest := migrations
	migrations = migrations[:1]
	t.Cleanup(func() { migrations = latest })
	openAt(t, path).Close()
	// Schema 1's writes, as an older rolo made them.
	raw := rawDB(t, path)
	for _, q := range []string{
		`INSERT INTO accounts(name, created_at, updated_at) VALUES ('Old Co', '2026-11-01T10:00:00Z', '2026-11-01T10:00:00Z')`,
		`INSERT INTO deals(account_id, title, stage_id, value_minor, currency, created_at, updated_at, stage_entered, last_touch_at)
			VALUES (1, 'Old deal', 1, 100, 'USD', '2026-11-01T10:00:00Z', '2026-11-01T10:00:00Z', '2026-11-01T10:00:00Z', '2026-11-01T10:00:00Z')`,
		`UPDATE deals SET notes = 'edited'`,
		`INSERT INTO undo_log(at, label, payload) VALUES ('2026-11-01T10:00:00Z', 'add deal Old deal', '[{"archive_deal":1}]')`,
	} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	migrations = latest

	s := openAt(t, path)
	d := dealNow(t, s, 1)
	for _, table := range versionedTables {
		want := 1
		if table == "accounts" {
			want = 2 // migrationAccountManager writes every account's check-in due date
		}
		if n := queryInt(t, s.w, `SELECT count(*) FROM `+table+` WHERE version <> ?`, want); n != 0 {
			t.Errorf("%s: %d rows with a version other than %d", table, n, want)
		}
	}
	if _, err := s.Undo(ctx, AnySession); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("undo of a schema-1 entry: %v, want ErrNothingToUndo", err)
	}
	moved, err := s.MoveDeal(ctx, dealNow(t, s, d.ID), stageIDs(t, s)[1])
	if err != nil || moved.Version != 2 || moved.Notes != "edited" {
		t.Fatalf("move after migrating: %+v %v", moved, err)
	}
	if _, err := s.Undo(ctx, s.Session()); err != nil {
		t.Fatal(err)
	}
}

// doctor finds the states rolo's rules forbid, and says what to do.
func TestDoctorFindsInconsistentStates(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	st := stageIDs(t, s)
	d := seedDeal(t, s, "Acme Corp", "Acme renewal", 1_00)
	other := seedDeal(t, s, "Gone Co", "Orphan deal", 2_00)
	if _, err := s.CreateContract(ctx, model.Contract{AccountID: other.AccountID, Value: usd(1_00), Start: model.NewDate(2026, 1, 1),
		End: model.NewDate(2026, 12, 31)}); err != nil {
		t.Fatal(err)
	}
	if problems, err := s.IntegrityCheck(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("a healthy file: %v %v", problems, err)
	}
	// What older rolos' undo could leave: an open deal in a removed stage,
	// and a deal and a contract on an undone account.
	for _, q := range []string{
		fmt.Sprintf(`UPDATE stages SET archived_at = '2026-11-27T10:00:00Z' WHERE id = %d`, st[0]),
		fmt.Sprintf(`UPDATE deals SET stage_id = %d WHERE id = %d`, st[1], other.ID),
		fmt.Sprintf(`UPDATE accounts SET archived_at = '2026-11-27T10:00:00Z' WHERE id = %d`, other.AccountID),
		`UPDATE pipeline_totals SET total_minor = total_minor + 1`,
	} {
		if _, err := s.w.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	problems, err := s.IntegrityCheck(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"the board's totals disagree with the deals in 2 stage/currency pairs",
		fmt.Sprintf("deal %d (Acme renewal) is open in stage Prospecting, which was removed, so the board does not show it: move it to a stage on the board (rolo move %d STAGE)", d.ID, d.ID),
		fmt.Sprintf("deal %d (Orphan deal) belongs to account %d (Gone Co), which was undone (archived)", other.ID, other.AccountID),
		fmt.Sprintf("active contract 1 belongs to account %d (Gone Co), which was undone (archived)", other.AccountID),
	}
	if len(problems) != len(want) {
		t.Fatalf("problems = %q", problems)
	}
	for i, w := range want {
		if !strings.HasPrefix(problems[i], w) {
			t.Errorf("problem %d = %q, want it to start %q", i, problems[i], w)
		}
	}
}

// DataVersion moves when anything commits: another Store, another
// process (see TestLostUpdateFromAnotherProcess) and this Store's own
// writes; not otherwise.
func TestDataVersion(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	app, cli := openAt(t, path), openAt(t, path)
	v0, err := app.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Stages(ctx); err != nil {
		t.Fatal(err)
	}
	if v, _ := app.DataVersion(ctx); v != v0 {
		t.Errorf("a read moved the data version from %d to %d", v0, v)
	}
	d := seedDeal(t, cli, "Acme", "Acme deal", 1_00)
	v1, _ := app.DataVersion(ctx)
	if v1 == v0 {
		t.Error("another store's write did not move the data version")
	}
	if _, err := app.MoveDeal(ctx, d, stageIDs(t, app)[1]); err != nil {
		t.Fatal(err)
	}
	if v2, _ := app.DataVersion(ctx); v2 == v1 {
		t.Error("the store's own write did not move its data version")
	}
	if err := app.Close(); err != nil {
		t.Fatalf("close with the watch connection open: %v", err)
	}
}

// TestLostUpdateChild is not a test: TestLostUpdateFromAnotherProcess
// re-executes the test binary to run it as `rolo move 1 closing` and
// `rolo add deal` in a second process.
func TestLostUpdateChild(t *testing.T) {
	if os.Getenv("ROLO_TEST_CHILD") != "lostupdate" {
		t.Skip("helper process for TestLostUpdateFromAnotherProcess")
	}
	ctx := context.Background()
	s, err := Open(ctx, os.Getenv("ROLO_TEST_DB"), Options{Clock: model.FixedClock(testNow), Origin: "the command line"})
	if err != nil {
		fmt.Printf("ERR open: %v\n", err)
		os.Exit(3)
	}
	d, err := s.Deal(ctx, envInt(t, "ROLO_TEST_DEAL"))
	if err == nil {
		var closing model.Stage
		if closing, err = s.StageByName(ctx, "closing"); err == nil {
			_, err = s.MoveDeal(ctx, d, closing.ID)
		}
	}
	if err == nil {
		_, err = s.CreateDeal(ctx, model.Deal{AccountName: "Child Co", Title: "Child deal", StageID: d.StageID, Value: usd(1_00)})
	}
	if err != nil {
		fmt.Printf("ERR %v\n", err)
		os.Exit(4)
	}
	s.Close()
	fmt.Println("DONE")
	os.Exit(0)
}

// A real second process writes while the app holds a view: the app
// notices (data version), its stale move is refused with what changed,
// and its undo neither undoes the other process's deal nor overwrites
// its move.
func TestLostUpdateFromAnotherProcess(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	app := openWithOrigin(t, path, "the app")
	d := seedDeal(t, app, "Acme Corp", "Acme renewal", 12_000_00)
	st := stageIDs(t, app)
	seen, err := app.MoveDeal(ctx, d, st[1])
	if err != nil {
		t.Fatal(err)
	}
	polled, err := app.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}

	cctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	out, err := childCommand(cctx, "TestLostUpdateChild", "ROLO_TEST_CHILD=lostupdate", "ROLO_TEST_DB="+path,
		fmt.Sprintf("ROLO_TEST_DEAL=%d", seen.ID)).Output()
	if err != nil || !strings.Contains(string(out), "DONE") {
		t.Fatalf("child: %v\n%s", err, out)
	}

	if v, err := app.DataVersion(ctx); err != nil || v == polled {
		t.Errorf("the app's data version did not move after another process wrote: %d → %d (%v)", polled, v, err)
	}
	_, err = app.MoveDeal(ctx, seen, st[2])
	wantStale(t, err, "Deal 1 was moved to Closing elsewhere", dealNow(t, app, seen.ID))

	_, err = app.Undo(ctx, app.Session())
	if !errors.Is(err, ErrStale) || !strings.Contains(err.Error(), "deal 1 was changed since (moved to Closing elsewhere)") {
		t.Fatalf("app undo after the other process moved the deal: %v", err)
	}
	child, err := app.FindDeal(ctx, "Child deal")
	if err != nil || child.Archived {
		t.Fatalf("the other process's deal: %+v %v", child, err)
	}
	if got := dealNow(t, app, seen.ID); got.StageID != st[3] {
		t.Errorf("deal stage %d, want Closing (%d)", got.StageID, st[3])
	}
}
