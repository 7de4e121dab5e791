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

	"modernc.org/sqlite"

	"rolo/model"
)

// TestReadOnlyErrorMapping produces a real SQLITE_READONLY from a real
// read-only connection and checks explain turns it into ErrReadOnly. This
// runs everywhere, root or not.
func TestReadOnlyErrorMapping(t *testing.T) {
	path := roloFile(t, t.TempDir(), "rolo.db")
	ro := rawDB(t, path, "mode=ro")
	_, err := ro.Exec(`INSERT INTO settings(key, value) VALUES ('k', 'v')`)
	var se *sqlite.Error
	if !errors.As(err, &se) || se.Code()&0xff != codeReadOnly {
		t.Fatalf("read-only insert: %v, want SQLite code 8", err)
	}
	got := explain(path, fmt.Errorf("saving: %w", err))
	if !errors.Is(got, ErrReadOnly) {
		t.Fatalf("explain = %v, want ErrReadOnly", got)
	}
	if !strings.Contains(got.Error(), path) || !strings.Contains(got.Error(), "read-only") {
		t.Errorf("message %q should name the file and say it is read-only", got)
	}
	if !errors.Is(got, err) {
		t.Error("the driver error is no longer reachable with errors.Is")
	}
}

// TestBusyErrorMapping produces a real SQLITE_BUSY (a second writer with
// no busy timeout) and checks explain turns it into ErrBusy.
func TestBusyErrorMapping(t *testing.T) {
	path := roloFile(t, t.TempDir(), "rolo.db")
	holder := rawDB(t, path, "_txlock=immediate")
	tx, err := holder.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	other := rawDB(t, path)
	_, err = other.Exec(`INSERT INTO settings(key, value) VALUES ('k', 'v')`)
	var se *sqlite.Error
	if !errors.As(err, &se) || se.Code()&0xff != codeBusy {
		t.Fatalf("second writer: %v, want SQLite code 5", err)
	}
	got := explain(path, err)
	if !errors.Is(got, ErrBusy) || !strings.Contains(got.Error(), "another rolo is writing") || !strings.Contains(got.Error(), path) {
		t.Fatalf("explain = %v, want ErrBusy naming the file", got)
	}
}

// TestReadOnlyLocation opens a database that cannot be written and checks
// the refusal (at open or at the first write) is ErrReadOnly, names the
// file, and changed nothing. Permission bits do not stop root, so as root
// the same situation is made with a read-only mount or an immutable file.
func TestReadOnlyLocation(t *testing.T) {
	t.Run("permissions", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root ignores permission bits; the read-only mount and immutable-file subtests cover this as root")
		}
		dir := filepath.Join(t.TempDir(), "ro")
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		path := roloFile(t, dir, "rolo.db")
		if err := os.Chmod(path, 0o400); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o700); os.Chmod(path, 0o600) })
		assertReadOnlyRefusal(t, path)
	})
	t.Run("read-only mount", func(t *testing.T) {
		dir := mountTmpfs(t, "4m")
		path := roloFile(t, dir, "rolo.db")
		if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
			t.Skipf("cannot remount read-only: %v: %s", err, out)
		}
		assertReadOnlyRefusal(t, path)
	})
	t.Run("immutable file", func(t *testing.T) {
		path := roloFile(t, t.TempDir(), "rolo.db")
		if out, err := exec.Command("chattr", "+i", path).CombinedOutput(); err != nil {
			t.Skipf("cannot make the file immutable (chattr +i needs root and a filesystem that supports it): %v: %s", err, out)
		}
		t.Cleanup(func() { exec.Command("chattr", "-i", path).Run() })
		assertReadOnlyRefusal(t, path)
	})
}

// assertReadOnlyRefusal opens path and, if that works, tries a write; one
// of the two must fail with ErrReadOnly, and the file must be unchanged.
func assertReadOnlyRefusal(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	fp := fingerprintOf(t, path)
	sides := sideFiles(path)
	s, err := Open(ctx, path, Options{Clock: model.FixedClock(testNow)})
	opened := err == nil
	if opened {
		// A read-only connection in a writable folder creates -wal and
		// -shm and cannot remove them at close (SQLite's behaviour; the
		// database file itself is untouched), so they are only logged.
		defer func() {
			s.Close()
			if got := sideFiles(path); !slices.Equal(got, sides) {
				t.Logf("SQLite left %v next to the read-only file", got)
			}
		}()
		// Reading works on a read-only file: the store opened it.
		if _, rerr := s.FindDeal(ctx, "Acme analytics"); rerr != nil {
			t.Errorf("reading a read-only database: %v", rerr)
		}
		_, err = s.CreateAccount(ctx, model.Account{Name: "Never Saved"})
		if err == nil {
			t.Fatal("a write to a read-only database succeeded")
		}
		t.Logf("opened read-only; the write failed: %v", err)
	} else {
		t.Logf("refused at open: %v", err)
	}
	if !errors.Is(err, ErrReadOnly) {
		t.Fatalf("err = %v, want ErrReadOnly", err)
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("message %q does not name the file", err)
	}
	if got := fingerprintOf(t, path); got != fp {
		t.Errorf("the read-only file changed: %+v, was %+v", got, fp)
	}
	if got := sideFiles(path); !opened && !slices.Equal(got, sides) {
		t.Errorf("left %v next to the read-only file (was %v)", got, sides)
	}
}

// TestBusyWithDeadline: another connection holds the write lock; a store
// write whose context ends while waiting gives up with ErrBusy, and the
// store works again once the lock is released.
func TestBusyWithDeadline(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	s := openAt(t, path)
	holder := rawDB(t, path, "_txlock=immediate")
	tx, err := holder.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO settings(key, value) VALUES ('held', 'yes')`); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = s.CreateAccount(ctx, model.Account{Name: "Blocked Co"})
	elapsed := time.Since(start)
	tx.Rollback()
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("err = %v, want ErrBusy", err)
	}
	if !strings.Contains(err.Error(), "another rolo is writing") || !strings.Contains(err.Error(), path) {
		t.Errorf("message %q should say another rolo is writing to the file", err)
	}
	if elapsed > 3*time.Second {
		t.Errorf("gave up after %v; the context allowed 300ms", elapsed)
	}
	if _, err := s.CreateAccount(context.Background(), model.Account{Name: "Later Co"}); err != nil {
		t.Fatalf("the store is stuck after a busy write: %v", err)
	}
	if _, err := s.FindAccount(context.Background(), "Blocked Co"); !errors.Is(err, ErrNotFound) {
		t.Errorf("the busy write was saved after all: %v", err)
	}
}

// TestBusyPastTimeout holds the write lock for longer than the store's 5 s
// busy timeout, with no deadline on the store's call.
func TestBusyPastTimeout(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out the 5 s busy timeout")
	}
	t.Parallel()
	path := filepath.Join(t.TempDir(), "rolo.db")
	s := openAt(t, path)
	d := seedDeal(t, s, "Acme Corp", "Acme analytics", 1_000)
	holder := rawDB(t, path, "_txlock=immediate")
	tx, err := holder.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	start := time.Now()
	_, err = s.LogActivity(context.Background(), model.Activity{DealID: d.ID, Kind: model.Call, Text: "left a voicemail"}, NextStep{})
	elapsed := time.Since(start)
	if !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), "another rolo is writing") {
		t.Fatalf("err = %v, want ErrBusy saying another rolo is writing", err)
	}
	if elapsed < 4500*time.Millisecond || elapsed > 15*time.Second {
		t.Errorf("gave up after %v, want about the 5 s busy timeout", elapsed)
	}
}

// TestDiskFull fills a 2 MiB tmpfs: the write that does not fit fails with
// ErrDiskFull, and every earlier commit survives a reopen.
func TestDiskFull(t *testing.T) {
	ctx := context.Background()
	dir := mountTmpfs(t, "2m")
	path := filepath.Join(dir, "rolo.db")
	// Room to free later, as a person would: enough for a new database
	// (its write-ahead log holds the whole schema before the checkpoint).
	filler := filepath.Join(dir, "filler")
	if err := os.WriteFile(filler, make([]byte, 512<<10), 0o600); err != nil { // a new database (schema and its write-ahead log) must fit in it
		t.Fatal(err)
	}
	s, err := Open(ctx, path, Options{Clock: model.FixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	var saved []string
	for i := 0; ; i++ {
		if i > 1000 {
			t.Fatal("a 2 MiB disk never filled")
		}
		name := fmt.Sprintf("Account %03d", i)
		_, err = s.CreateAccount(ctx, model.Account{Name: name, Notes: strings.Repeat("n", 16_000)})
		if err != nil {
			break
		}
		saved = append(saved, name)
	}
	if !errors.Is(err, ErrDiskFull) {
		t.Fatalf("err = %v, want ErrDiskFull", err)
	}
	if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "full") {
		t.Errorf("message %q should name the file and say the disk is full", err)
	}
	if len(saved) < 5 {
		t.Fatalf("only %d commits fitted before the disk was full", len(saved))
	}
	t.Logf("%d commits, then: %v", len(saved), err)
	// The store still reads after the failure.
	if _, err := s.FindAccount(ctx, saved[0]); err != nil {
		t.Errorf("reading after disk full: %v", err)
	}
	s.Close()

	// A new database on the full disk is refused, and leaves nothing that
	// would block a later attempt.
	fresh := filepath.Join(dir, "fresh.db")
	if s, err := Open(ctx, fresh, Options{Clock: model.FixedClock(testNow)}); err == nil {
		s.Close()
		t.Log("a new database still fitted on the full disk")
	} else {
		if !errors.Is(err, ErrDiskFull) {
			t.Errorf("new database on a full disk: %v, want ErrDiskFull", err)
		}
		if fi, err := os.Stat(fresh); err == nil && fi.Size() == 0 {
			t.Errorf("the failed first open left an empty %s behind", fresh)
		}
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	s2 := openAt(t, path)
	if got := queryString(t, s2.w, "PRAGMA integrity_check"); got != "ok" {
		t.Fatalf("integrity_check = %s", got)
	}
	rows, err := s2.Accounts(ctx, AccountQuery{Limit: 10_000})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range rows {
		names = append(names, r.Name)
	}
	if !slices.Equal(names, saved) {
		t.Fatalf("after reopening: %d accounts, want the %d committed", len(names), len(saved))
	}
	if s3, err := Open(ctx, fresh, Options{Clock: model.FixedClock(testNow)}); err != nil {
		t.Errorf("after freeing space, a new database still fails: %v", err)
	} else {
		s3.Close()
	}
}

// damagedFile makes a rolo database with a few thousand rows (so it spans
// many pages) and lets damage change its bytes.
func damagedFile(t *testing.T, damage func([]byte) []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "damaged.db")
	s := openAt(t, path)
	err := s.BulkLoad(context.Background(), func(b *Bulk) error {
		for i := range 3000 {
			if _, err := b.Account(model.Account{Name: fmt.Sprintf("Account %04d", i), Status: model.Prospect,
				Notes: strings.Repeat("n", 100), CreatedAt: testNow, UpdatedAt: testNow}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, damage(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestDamagedFiles: a truncated file, and one with a page overwritten,
// are reported as ErrCorrupt (at open, or by the quick check the app runs
// after opening) naming the file, and are not written to.
func TestDamagedFiles(t *testing.T) {
	cases := map[string]func([]byte) []byte{
		"truncated to half": func(b []byte) []byte { return b[:len(b)/2/4096*4096] },
		"page overwritten": func(b []byte) []byte {
			const page = 4096
			for i := 20 * page; i < 21*page && i < len(b); i++ {
				b[i] = byte(i*31 + 7)
			}
			return b
		},
	}
	for name, damage := range cases {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			path := damagedFile(t, damage)
			fp := fingerprintOf(t, path)
			s, err := Open(ctx, path, Options{Clock: model.FixedClock(testNow)})
			if err == nil {
				// Damage Open cannot see is for the full check to find:
				// either it lists problems or reading fails as corrupt.
				var problems []string
				problems, err = s.IntegrityCheck(ctx)
				s.Close()
				if err == nil && len(problems) == 0 {
					t.Fatal("IntegrityCheck found nothing wrong")
				}
				if err == nil {
					if got := fingerprintOf(t, path); got != fp {
						t.Errorf("the damaged file was written to: %+v, was %+v", got, fp)
					}
					return
				}
			}
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("err = %v, want ErrCorrupt", err)
			}
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "damaged") {
				t.Errorf("message %q should name the file and say it is damaged", err)
			}
			if got := fingerprintOf(t, path); got != fp {
				t.Errorf("the damaged file was written to: %+v, was %+v", got, fp)
			}
		})
	}
}
