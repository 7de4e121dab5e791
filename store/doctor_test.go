package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"rolo/model"
)

// bookSize is how many accounts (each with one deal and one call) the
// damaged-book fixture holds: enough for the accounts table to span many
// pages.
const bookSize = 3000

// damagedBook makes a rolo database of bookSize accounts, deals and calls,
// backs it up (as `rolo backup` would, beside it), then overwrites one
// leaf page of the accounts table in the middle with garbage. It returns
// the path and the page number.
func damagedBook(t *testing.T) (string, int) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rolo.db")
	s := openAt(t, path)
	stages, err := s.Stages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	err = s.BulkLoad(ctx, func(b *Bulk) error {
		for i := range bookSize {
			a, err := b.Account(model.Account{Name: fmt.Sprintf("Account %04d", i), Status: model.Prospect,
				Notes: strings.Repeat("n", 100), CreatedAt: testNow, UpdatedAt: testNow})
			if err != nil {
				return err
			}
			d, err := b.Deal(model.Deal{AccountID: a, Title: fmt.Sprintf("Deal %04d", i), Kind: model.NewBusiness,
				StageID: stages[i%len(stages)].ID, Status: model.Open, Value: usd(int64(i) * 100),
				CreatedAt: testNow, UpdatedAt: testNow, StageEntered: testNow, LastTouchAt: testNow})
			if err != nil {
				return err
			}
			if _, err := b.Activity(model.Activity{AccountID: a, DealID: d, Kind: model.Call, Text: fmt.Sprintf("call %d", i),
				At: testNow, CreatedAt: testNow}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Backup(ctx, ""); err != nil {
		t.Fatal(err)
	}
	pages := queryColumn(t, s, `SELECT pageno FROM dbstat WHERE name = 'accounts' AND pagetype = 'leaf' ORDER BY pageno`)
	if len(pages) < 20 {
		t.Fatalf("the accounts table spans only %d leaf pages", len(pages))
	}
	page := int(pages[len(pages)/2])
	s.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const pageSize = 4096
	for i := (page - 1) * pageSize; i < page*pageSize; i++ {
		data[i] = byte(i*31 + 7)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, page
}

func queryColumn(t *testing.T, s *Store, query string) []int64 {
	t.Helper()
	rows, err := s.r.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// TestDiagnoseDamagedFile: doctor reports the rows SQLite's integrity
// check wrote (not just "damaged"), finds the backup beside the file, and
// leaves the damaged file exactly as it was, side files included.
func TestDiagnoseDamagedFile(t *testing.T) {
	path, page := damagedBook(t)
	// Another database's backup in the same folder is not offered.
	own, _ := findBackups(path)
	if len(own) != 1 {
		t.Fatalf("setup: backups %+v", own)
	}
	b, err := os.ReadFile(own[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(filepath.Dir(path), "other.db.20261101T000000Z.bak"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	fp, sides, entries := fingerprintOf(t, path), sideFiles(path), dirEntries(t, filepath.Dir(path))
	d, err := Diagnose(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if d.Healthy() || len(d.Integrity) == 0 {
		t.Fatalf("a damaged file diagnosed healthy: %+v", d)
	}
	if !slices.ContainsFunc(d.Integrity, func(l string) bool { return strings.Contains(l, fmt.Sprint(page)) }) {
		t.Errorf("the integrity rows do not name page %d: %q", page, d.Integrity)
	}
	if len(d.Backups) != 1 || !d.Backups[0].Rolo || d.Backups[0].Version != SchemaVersion() || !strings.HasSuffix(d.Backups[0].Path, ".bak") {
		t.Errorf("backups = %+v, want the one made before the damage", d.Backups)
	}
	if got := fingerprintOf(t, path); got != fp {
		t.Error("doctor wrote to the damaged file")
	}
	if got := sideFiles(path); !slices.Equal(got, sides) {
		t.Errorf("doctor left %v beside the damaged file (was %v)", got, sides)
	}
	if got := dirEntries(t, filepath.Dir(path)); !slices.Equal(got, entries) {
		t.Errorf("the folder now holds %v, was %v", got, entries)
	}
}

// TestDiagnoseHealthyFile: a sound file gets counts and no problems.
func TestDiagnoseHealthyFile(t *testing.T) {
	path := roloFile(t, t.TempDir(), "rolo.db")
	d, err := Diagnose(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Healthy() || d.Counts == nil || d.Counts.Deals != 1 || d.Version != SchemaVersion() || d.Journal != "wal" {
		t.Fatalf("diagnosis = %+v", d)
	}
}

// TestDiagnoseBadVersions: a schema version no rolo writes is reported,
// not a panic or a refusal, and the file is left alone.
func TestDiagnoseBadVersions(t *testing.T) {
	for _, v := range []int{-1, 0} {
		path := setVersion(t, roloFile(t, t.TempDir(), "rolo.db"), v)
		fp := fingerprintOf(t, path)
		d, err := Diagnose(context.Background(), path)
		if err != nil {
			t.Fatalf("v%d: %v", v, err)
		}
		found := strings.Join(d.Integrity, " ")
		if d.Healthy() || !strings.Contains(found, fmt.Sprintf("schema version is %d", v)) {
			t.Errorf("v%d: diagnosis = %+v", v, d)
		}
		if strings.Contains(found, "rolo doctor") {
			t.Errorf("v%d: doctor's finding tells the reader to run doctor: %q", v, found)
		}
		if fingerprintOf(t, path) != fp {
			t.Errorf("v%d: doctor changed the file", v)
		}
	}
}

// TestSalvage copies what can be read from a file with a page of
// accounts destroyed into a new file: every readable row arrives, deals
// whose account was lost keep a recreated account, the new file passes
// every check and opens normally, and the damaged file is untouched.
func TestSalvage(t *testing.T) {
	ctx := context.Background()
	path, _ := damagedBook(t)
	fp := fingerprintOf(t, path)
	dst := filepath.Join(t.TempDir(), "salvaged.db")
	rep, err := Salvage(ctx, path, dst, model.FixedClock(testNow))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("salvage: %+v", rep)
	if fingerprintOf(t, path) != fp || len(sideFiles(path)) != 0 {
		t.Error("salvage wrote to the damaged file")
	}
	if fi, err := os.Stat(dst); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("salvaged file: %v %v", fi, err)
	}
	byTable := map[string]TableSalvage{}
	for _, ts := range rep.Tables {
		byTable[ts.Table] = ts
	}
	accounts := byTable["accounts"]
	if !accounts.Lost() || accounts.Copied < bookSize*9/10 || accounts.Copied >= bookSize {
		t.Errorf("accounts: %+v, want most of %d copied and the damage reported", accounts, bookSize)
	}
	if d := byTable["deals"]; d.Copied != bookSize || d.Lost() {
		t.Errorf("deals: %+v, want all %d (their pages were not damaged)", d, bookSize)
	}
	if len(rep.Repairs) == 0 || !strings.Contains(rep.Repairs[0], "Recovered account") {
		t.Errorf("repairs = %q, want recreated accounts", rep.Repairs)
	}

	s, err := Open(ctx, dst, Options{MustExist: true, Clock: model.FixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	problems, err := s.IntegrityCheck(ctx)
	if err != nil || len(problems) > 0 {
		t.Fatalf("the salvaged file has problems: %v %v", problems, err)
	}
	c, err := s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.Accounts != bookSize || c.Deals != bookSize || c.Activities != bookSize {
		t.Errorf("salvaged counts = %+v, want %d accounts (some recreated), deals and activities", c, bookSize)
	}
	if _, err := s.FindAccount(ctx, "Account 0007"); err != nil {
		t.Errorf("an undamaged account is missing: %v", err)
	}
	sums, err := s.Pipeline(ctx)
	if err != nil {
		t.Fatal(err)
	}
	open := 0
	for _, sum := range sums {
		open += sum.Count
	}
	if open != bookSize {
		t.Errorf("the board counts %d open deals, want %d (totals recomputed)", open, bookSize)
	}
	// The salvaged file takes writes and undo like any other.
	if _, err := s.CreateAccount(ctx, model.Account{Name: "After Salvage Ltd"}); err != nil {
		t.Fatal(err)
	}

	// Salvage never writes over a file.
	if _, err := Salvage(ctx, path, dst, model.FixedClock(testNow)); !errors.Is(err, ErrConflict) {
		t.Errorf("salvage over an existing file: %v, want ErrConflict", err)
	}
}

// TestSalvageWithoutSchema: a file cut in half loses the pages that list
// its tables; salvage says so plainly and writes nothing.
func TestSalvageWithoutSchema(t *testing.T) {
	path := damagedFile(t, func(b []byte) []byte { return b[:len(b)/2/4096*4096] })
	dst := filepath.Join(t.TempDir(), "salvaged.db")
	_, err := Salvage(context.Background(), path, dst, model.FixedClock(testNow))
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "list of tables") || !strings.Contains(err.Error(), "restore a backup") {
		t.Fatalf("salvage of a file without its schema: %v", err)
	}
	if exists(dst) || len(dirEntries(t, filepath.Dir(dst))) != 0 {
		t.Errorf("a failed salvage left %v", dirEntries(t, filepath.Dir(dst)))
	}
}
