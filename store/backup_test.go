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
	"time"

	"rolo/model"
)

// bigBook is a database large enough that a backup takes a while.
func bigBook(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rolo.db")
	s := openAt(t, path)
	err := s.BulkLoad(context.Background(), func(b *Bulk) error {
		for i := range 20_000 {
			if _, err := b.Account(model.Account{Name: fmt.Sprintf("Account %05d", i), Status: model.Prospect,
				Notes: strings.Repeat("n", 200), CreatedAt: testNow, UpdatedAt: testNow}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	return path
}

// TestBackupLeavesOtherFilesAlone: backing up to "report" must not touch
// a "report.tmp" the person keeps there.
func TestBackupLeavesOtherFilesAlone(t *testing.T) {
	s := openTemp(t)
	dir := t.TempDir()
	mine := writeFile(t, dir, "report.tmp", []byte("quarterly numbers"))
	dst, err := s.Backup(context.Background(), filepath.Join(dir, "report"))
	if err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(mine); err != nil || string(data) != "quarterly numbers" {
		t.Errorf("report.tmp after the backup: %q %v", data, err)
	}
	if got := dirEntries(t, dir); !slices.Equal(got, []string{"report", "report.tmp"}) || dst != filepath.Join(dir, "report") {
		t.Errorf("folder holds %v, backup at %s", got, dst)
	}
	// An existing file is never replaced.
	if _, err := s.Backup(context.Background(), mine); !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("backup over an existing file: %v", err)
	}
}

// A backup clears the temporary files killed backups left in its folder
// over an hour ago (each as large as the database), and leaves a recent
// one alone: another backup may be writing it.
func TestBackupClearsStaleTemporaryFiles(t *testing.T) {
	s := openTemp(t)
	dir := t.TempDir()
	stale := writeFile(t, dir, backupTempPrefix+"123.tmp", []byte("half a copy"))
	old := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	recent := writeFile(t, dir, backupTempPrefix+"456.tmp", []byte("being written"))
	dst, err := s.Backup(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := dirEntries(t, dir); !slices.Equal(got, []string{filepath.Base(recent), filepath.Base(dst)}) {
		t.Errorf("folder holds %v after the backup", got)
	}
}

// TestBackupsInTheSameSecond: the clock is pinned, so every default
// backup wants the same dated name; each still succeeds.
func TestBackupsInTheSameSecond(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	var names []string
	for range 3 {
		dst, err := s.Backup(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, filepath.Base(dst))
		if got := queryString(t, rawDB(t, dst, "mode=ro"), "PRAGMA integrity_check"); got != "ok" {
			t.Errorf("%s: %s", dst, got)
		}
	}
	want := []string{"rolo.db.20261127T100000Z.bak", "rolo.db.20261127T100000Z-2.bak", "rolo.db.20261127T100000Z-3.bak"}
	if !slices.Equal(names, want) {
		t.Errorf("backups = %v, want %v", names, want)
	}
}

// TestBackupIntoFolder: a folder as the target gets the dated file.
func TestBackupIntoFolder(t *testing.T) {
	s := openTemp(t)
	dir := t.TempDir()
	dst, err := s.Backup(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if dst != filepath.Join(dir, "rolo.db.20261127T100000Z.bak") || !exists(dst) {
		t.Errorf("backup into a folder went to %s", dst)
	}
	_, err = s.Backup(context.Background(), filepath.Join(dir, "no", "such", "folder", "x.bak"))
	if !errors.Is(err, ErrMissing) || !strings.Contains(err.Error(), "no such folder") {
		t.Errorf("backup into a missing folder: %v", err)
	}
}

// TestBackupOfDamagedSource: the message blames the damaged database,
// names it, and no backup (or temporary file) is left.
func TestBackupOfDamagedSource(t *testing.T) {
	path, _ := damagedBook(t)
	s, err := Open(context.Background(), path, Options{ReadOnly: true, Clock: model.FixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	dir := t.TempDir()
	dst := filepath.Join(dir, "copy.bak")
	_, err = s.Backup(context.Background(), dst)
	if err == nil {
		t.Fatal("a damaged database was backed up without a word")
	}
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), path+" ") || strings.Contains(err.Error(), dst) {
		t.Errorf("message %q should blame %s, not the destination", err, path)
	}
	if got := dirEntries(t, dir); len(got) != 0 {
		t.Errorf("left %v in the destination folder", got)
	}
}

// TestBackupReadsOnly: backing up from a read-only store (as `rolo
// backup` does) writes nothing beside the database but the backup.
func TestBackupReadsOnly(t *testing.T) {
	path := roloFile(t, t.TempDir(), "rolo.db")
	fp, entries := fingerprintOf(t, path), dirEntries(t, filepath.Dir(path))
	s, err := Open(context.Background(), path, Options{ReadOnly: true, Clock: model.FixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	dst, err := s.Backup(context.Background(), "")
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	if fingerprintOf(t, path) != fp {
		t.Error("the backup changed the database")
	}
	want := append(slices.Clone(entries), filepath.Base(dst))
	slices.Sort(want)
	if got := dirEntries(t, filepath.Dir(path)); !slices.Equal(got, want) {
		t.Errorf("folder holds %v, want %v", got, want)
	}
}

// TestBackupChild is not a test: TestKilledBackup re-executes the test
// binary to back up a big database and be killed doing it.
func TestBackupChild(t *testing.T) {
	if os.Getenv("ROLO_TEST_CHILD") != "backup" {
		t.Skip("helper process for TestKilledBackup")
	}
	s, err := Open(context.Background(), os.Getenv("ROLO_TEST_DB"), Options{ReadOnly: true, Clock: model.SystemClock()})
	if err != nil {
		fmt.Printf("ERR %v\n", err)
		os.Exit(3)
	}
	fmt.Println("START")
	for {
		if _, err := s.Backup(context.Background(), os.Getenv("ROLO_TEST_DST")); err != nil {
			fmt.Printf("ERR %v\n", err)
			os.Exit(3)
		}
	}
}

// TestKilledBackup kills backups part way: nothing left behind is
// readable by anyone but the owner.
func TestKilledBackup(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes")
	}
	path := bigBook(t)
	dst := t.TempDir()
	for i := range 4 {
		cmd := childCommand(context.Background(), "TestBackupChild", "ROLO_TEST_CHILD=backup", "ROLO_TEST_DB="+path, "ROLO_TEST_DST="+dst)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 6)
		if _, err := out.Read(buf); err != nil || string(buf) != "START\n" {
			t.Fatalf("child: %q %v", buf, err)
		}
		time.Sleep(time.Duration(10+25*i) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
	}
	entries, err := os.ReadDir(dst)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s is readable by others (%v) after a killed backup", e.Name(), fi.Mode().Perm())
		}
		if strings.HasSuffix(e.Name(), ".bak") {
			if got := queryString(t, rawDB(t, filepath.Join(dst, e.Name()), "mode=ro"), "PRAGMA integrity_check"); got != "ok" {
				t.Errorf("%s is a finished name for an unfinished backup: %s", e.Name(), got)
			}
		}
	}
	t.Logf("after the kills the backup folder holds %d files", len(entries))
	if _, leftovers := findBackups(filepath.Join(dst, "rolo.db")); len(leftovers) == 0 {
		t.Error("doctor would not find the killed backups' temporary files")
	}
}
