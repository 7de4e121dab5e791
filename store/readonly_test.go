package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"rolo/model"
)

// TestReadOnlyOpenWritesNothing: a command that only reads leaves the
// folder exactly as it was — no -wal, -shm or lock file — and its store
// refuses writes with a plain message.
func TestReadOnlyOpenWritesNothing(t *testing.T) {
	ctx := context.Background()
	path := roloFile(t, t.TempDir(), "rolo.db")
	fp, entries := fingerprintOf(t, path), dirEntries(t, filepath.Dir(path))
	s, err := Open(ctx, path, Options{ReadOnly: true, Clock: model.FixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindDeal(ctx, "Acme analytics"); err != nil {
		t.Fatal(err)
	}
	_, err = s.CreateAccount(ctx, model.Account{Name: "Never Saved"})
	if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("a write through a read-only store: %v, want ErrReadOnly", err)
	}
	if err := s.BulkLoad(ctx, func(*Bulk) error { return nil }); !errors.Is(err, ErrReadOnly) {
		t.Errorf("a bulk load through a read-only store: %v, want ErrReadOnly", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if fingerprintOf(t, path) != fp {
		t.Error("a read-only open changed the file")
	}
	if got := dirEntries(t, filepath.Dir(path)); !slices.Equal(got, entries) {
		t.Errorf("a read-only open left %v (was %v)", got, entries)
	}
}

// A dry run's store (NoSideFiles) leaves the folder as it was even while
// it is open, so a dry run killed midway leaves nothing behind; a plain
// read-only store has its -wal and -shm while open (SQLite tidies them
// on close), which is why the option exists.
func TestNoSideFilesEvenWhileOpen(t *testing.T) {
	ctx := context.Background()
	path := roloFile(t, t.TempDir(), "rolo.db")
	entries := dirEntries(t, filepath.Dir(path))
	for _, noSide := range []bool{true, false} {
		s, err := Open(ctx, path, Options{ReadOnly: true, NoSideFiles: noSide, Clock: model.FixedClock(testNow)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindDeal(ctx, "Acme analytics"); err != nil {
			t.Fatal(err)
		}
		got := dirEntries(t, filepath.Dir(path))
		if same := slices.Equal(got, entries); same != noSide {
			t.Errorf("NoSideFiles=%v: while open the folder holds %v (was %v)", noSide, got, entries)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestReadOnlyNeverMigrates: a file at an older schema opened by a
// command that only reads is refused with what to do, and is not
// upgraded, backed up or touched; the next writing open upgrades it.
func TestReadOnlyNeverMigrates(t *testing.T) {
	ctx := context.Background()
	path := roloFile(t, t.TempDir(), "rolo.db")
	withMigrations(t, `CREATE TABLE test_later (id INTEGER PRIMARY KEY) STRICT;`)
	fp, entries := fingerprintOf(t, path), dirEntries(t, filepath.Dir(path))
	_, err := Open(ctx, path, Options{ReadOnly: true, Clock: model.FixedClock(testNow)})
	if !errors.Is(err, ErrOlder) || !strings.Contains(err.Error(), fmt.Sprintf("schema v%d", SchemaVersion()-1)) || !strings.Contains(err.Error(), "open it once in the app") {
		t.Fatalf("read-only open of an older file: %v, want ErrOlder saying how to upgrade", err)
	}
	if fingerprintOf(t, path) != fp || !slices.Equal(dirEntries(t, filepath.Dir(path)), entries) {
		t.Fatal("the refused file or its folder changed")
	}
	s := openAt(t, path)
	if got := queryInt(t, s.w, "PRAGMA user_version"); got != int64(SchemaVersion()) {
		t.Errorf("a writing open left user_version %d, want %d", got, SchemaVersion())
	}
}

// TestReadOnlyFile: a file someone made read-only (0400) is read without
// a side file appearing (one with the file's read-only permissions would
// block writes after `chmod 600`), writes are refused before SQLite
// touches it, and after chmod 600 writes work. Root obeys the mode bits
// here too: they say what the person wants.
func TestReadOnlyFile(t *testing.T) {
	ctx := context.Background()
	path := roloFile(t, t.TempDir(), "rolo.db")
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	entries := dirEntries(t, filepath.Dir(path))
	s, err := Open(ctx, path, Options{ReadOnly: true, Clock: model.FixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindDeal(ctx, "Acme analytics"); err != nil {
		t.Errorf("reading a read-only file: %v", err)
	}
	s.Close()
	if got := dirEntries(t, filepath.Dir(path)); !slices.Equal(got, entries) {
		t.Errorf("reading a read-only file left %v (was %v)", got, entries)
	}
	_, err = Open(ctx, path, Options{Clock: model.FixedClock(testNow)})
	if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "0400") || !strings.Contains(err.Error(), "chmod u+w") {
		t.Fatalf("a writing open of a read-only file: %v, want ErrReadOnly naming the mode and the fix", err)
	}
	if got := dirEntries(t, filepath.Dir(path)); !slices.Equal(got, entries) {
		t.Errorf("the refused open left %v (was %v)", got, entries)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	s = openAt(t, path)
	if _, err := s.CreateAccount(ctx, model.Account{Name: "Writable Again"}); err != nil {
		t.Fatalf("after chmod 600: %v", err)
	}
}

// TestSidePermissionsRepaired: -wal and -shm files left read-only (by an
// older rolo reading a read-only file) get the database's permissions
// back when it is opened for writing.
func TestSidePermissionsRepaired(t *testing.T) {
	path := roloFile(t, t.TempDir(), "rolo.db")
	for _, side := range []string{"-wal", "-shm"} {
		if err := os.WriteFile(path+side, nil, 0o400); err != nil {
			t.Fatal(err)
		}
	}
	s := openAt(t, path)
	if _, err := s.CreateAccount(context.Background(), model.Account{Name: "After Repair"}); err != nil {
		t.Fatal(err)
	}
	for _, side := range []string{"-wal", "-shm"} {
		if fi, err := os.Stat(path + side); err == nil && fi.Mode().Perm() != 0o600 {
			t.Errorf("%s is %v, want 0600", side, fi.Mode().Perm())
		}
	}
}

// TestReadOnlyFolder: a database in a folder nobody may write to (a
// read-only mount here, so it holds for root too) is read, and writes are
// refused with the folder named.
func TestReadOnlyFolder(t *testing.T) {
	ctx := context.Background()
	dir := mountTmpfs(t, "4m")
	path := roloFile(t, dir, "rolo.db")
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only: %v: %s", err, out)
	}
	s, err := Open(ctx, path, Options{ReadOnly: true, Clock: model.FixedClock(testNow)})
	if err != nil {
		t.Fatalf("reading from a read-only folder: %v", err)
	}
	if _, err := s.FindDeal(ctx, "Acme analytics"); err != nil {
		t.Errorf("reading from a read-only folder: %v", err)
	}
	s.Close()
	_, err = Open(ctx, path, Options{Clock: model.FixedClock(testNow)})
	if !errors.Is(err, ErrReadOnly) {
		t.Fatalf("writing open in a read-only folder: %v, want ErrReadOnly", err)
	}
}

// TestOpenWaitsForLocks: while another connection holds the file
// exclusively, opening (the check before opening included) waits like
// every other connection instead of failing "busy" at once.
func TestOpenWaitsForLocks(t *testing.T) {
	ctx := context.Background()
	path := roloFile(t, t.TempDir(), "rolo.db")
	for _, opts := range []Options{{ReadOnly: true}, {MustExist: true}} {
		holder := rawDB(t, path, "_pragma=locking_mode(EXCLUSIVE)", "_pragma=journal_mode(WAL)")
		if _, err := holder.Exec(`INSERT INTO settings(key, value) VALUES ('held', 'yes') ON CONFLICT DO NOTHING`); err != nil {
			t.Fatal(err)
		}
		release := time.AfterFunc(400*time.Millisecond, func() { holder.Close() })
		start := time.Now()
		opts.Clock = model.FixedClock(testNow)
		s, err := Open(ctx, path, opts)
		waited := time.Since(start)
		release.Stop()
		holder.Close()
		if err != nil {
			t.Fatalf("open (read-only %v) while another connection held the file: %v", opts.ReadOnly, err)
		}
		if _, err := s.Pipeline(ctx); err != nil {
			t.Errorf("reading after the wait: %v", err)
		}
		s.Close()
		if waited < 300*time.Millisecond {
			t.Errorf("open returned after %v: the holder had the file for 400 ms", waited)
		}
	}
}

// TestCreateChild is not a test: TestCreationSurvivesKill re-executes the
// test binary to create a database and be killed while doing it.
func TestCreateChild(t *testing.T) {
	if os.Getenv("ROLO_TEST_CHILD") != "create" {
		t.Skip("helper process for TestCreationSurvivesKill")
	}
	fmt.Println("START")
	s, err := Open(context.Background(), os.Getenv("ROLO_TEST_DB"), Options{Clock: model.SystemClock()})
	if err != nil {
		fmt.Printf("ERR %v\n", err)
		os.Exit(3)
	}
	s.Close()
	fmt.Println("DONE")
}

// TestCreationSurvivesKill kills the process creating a database at
// points through the creation: afterwards there is either no database or
// a whole one (never an empty or half-made file that rolo would refuse),
// and the next run creates or opens it.
func TestCreationSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes")
	}
	ctx := context.Background()
	start := time.Now()
	openAt(t, filepath.Join(t.TempDir(), "timing.db")).Close()
	took := time.Since(start)
	outcomes := map[string]int{}
	for i := range 12 {
		path := filepath.Join(t.TempDir(), "rolo.db")
		cmd := childCommand(ctx, "TestCreateChild", "ROLO_TEST_CHILD=create", "ROLO_TEST_DB="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 6)
		if _, err := out.Read(buf); err != nil {
			t.Fatal(err)
		}
		// Spread the kills over the time a creation takes (and a bit).
		time.Sleep(took * time.Duration(i) / 8)
		cmd.Process.Kill()
		cmd.Wait()
		fi, err := os.Stat(path)
		switch {
		case errors.Is(err, os.ErrNotExist):
			outcomes["no file yet"]++
		case err != nil:
			t.Fatal(err)
		case fi.Size() == 0:
			t.Fatalf("kill %d left an empty %s", i, path)
		default:
			outcomes["whole database"]++
			s, err := Open(ctx, path, Options{MustExist: true, Clock: model.FixedClock(testNow)})
			if err != nil {
				t.Fatalf("kill %d left a database that does not open: %v", i, err)
			}
			if stages, err := s.Stages(ctx); err != nil || len(stages) == 0 {
				t.Errorf("kill %d left a database without its stages: %v", i, err)
			}
			s.Close()
		}
		s, err := Open(ctx, path, Options{Clock: model.FixedClock(testNow)})
		if err != nil {
			t.Fatalf("after kill %d, the next run cannot open or create the database: %v", i, err)
		}
		s.Close()
	}
	t.Logf("creation takes %v; after the kills: %v", took, outcomes)
}

// TestOpenThroughSymlink: the lock file and SQLite's side files go beside
// the file a link points at, however it is reached.
func TestOpenThroughSymlink(t *testing.T) {
	real := roloFile(t, t.TempDir(), "rolo.db")
	linkDir := t.TempDir()
	link := filepath.Join(linkDir, "crm.db")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	s := openAt(t, link)
	if _, err := s.CreateAccount(context.Background(), model.Account{Name: "Linked Co"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if got := dirEntries(t, linkDir); !slices.Equal(got, []string{"crm.db"}) {
		t.Errorf("the link's folder holds %v", got)
	}
	if !exists(real + lockSuffix) {
		t.Error("no lock file beside the real database")
	}
}
