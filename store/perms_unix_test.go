//go:build unix

package store

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"rolo/model"
)

// Permission bits only bind people who are not root, and the test suite
// often runs as root. These tests run their checks in a child process as
// the unprivileged user nobody when they can, so a read-only file or
// folder means what it means for a person.

const nobody = 65534

// giveToPerson hands dir and everything in it to the user the permission
// children run as (nobody, when the suite runs as root), and opens the way
// down to it.
func giveToPerson(t *testing.T, dir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		return
	}
	for p := filepath.Dir(dir); p != "/" && p != "."; p = filepath.Dir(p) {
		if fi, err := os.Stat(p); err == nil && fi.Mode().Perm()&0o001 == 0 {
			if err := os.Chmod(p, fi.Mode().Perm()|0o011); err != nil {
				t.Fatal(err)
			}
		}
	}
	err := filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, nobody, nobody)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// asPerson runs the named child test with env as that user: as nobody
// (from a copy of the test binary nobody may run) when the suite runs as
// root, else as the current user. It returns what the child printed.
func asPerson(t *testing.T, child string, env ...string) string {
	t.Helper()
	bin := os.Args[0]
	var attr *syscall.SysProcAttr
	if os.Geteuid() == 0 {
		home := t.TempDir()
		giveToPerson(t, home)
		bin = filepath.Join(home, "store.test")
		if err := copyFile(os.Args[0], bin, 0o755); err != nil {
			t.Fatal(err)
		}
		attr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	}
	cmd := exec.Command(bin, "-test.run=^"+child+"$", "-test.count=1", "-test.v")
	cmd.SysProcAttr = attr
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child %s: %v\n%s", child, err, out)
	}
	return string(out)
}

func copyFile(from, to string, mode os.FileMode) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

// TestPermissionsChild is not a test: the permission tests run it as an
// unprivileged user. It prints one line per check: "ok …" or "FAIL …".
func TestPermissionsChild(t *testing.T) {
	scenario := os.Getenv("ROLO_TEST_CHILD")
	if !strings.HasPrefix(scenario, "perms-") {
		t.Skip("helper process for the permission tests")
	}
	ctx := context.Background()
	path := os.Getenv("ROLO_TEST_DB")
	clock := model.FixedClock(testNow)
	check := func(what string, err error) {
		if err != nil {
			fmt.Printf("FAIL %s: %v\n", what, err)
		} else {
			fmt.Printf("ok %s\n", what)
		}
	}
	read := func() error {
		s, err := Open(ctx, path, Options{ReadOnly: true, Clock: clock})
		if err != nil {
			return err
		}
		defer s.Close()
		_, err = s.FindDeal(ctx, "Acme analytics")
		return err
	}
	write := func() error {
		s, err := Open(ctx, path, Options{MustExist: true, Clock: clock})
		if err != nil {
			return err
		}
		defer s.Close()
		_, err = s.CreateAccount(ctx, model.Account{Name: "Written By Nobody"})
		return err
	}
	switch scenario {
	case "perms-read-only-file":
		check("read a 0400 file", read())
		check("no side files after the read", sidesAbsent(path))
		check("the write is refused", refused(write()))
		check("chmod 600", os.Chmod(path, 0o600))
		check("write after chmod 600", write())
	case "perms-read-only-folder":
		check("read in a 0500 folder", read())
		check("the write is refused", refused(write()))
	}
}

func sidesAbsent(path string) error {
	if s := sideFiles(path); len(s) > 0 {
		return fmt.Errorf("left %v", s)
	}
	return nil
}

func refused(err error) error {
	if err == nil {
		return fmt.Errorf("it succeeded")
	}
	if !strings.Contains(err.Error(), "read-only") {
		return fmt.Errorf("refused without saying it is read-only: %v", err)
	}
	return nil
}

func expectChecks(t *testing.T, out string, n int) {
	t.Helper()
	oks := 0
	for _, line := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(line, "FAIL "):
			t.Error(strings.TrimPrefix(line, "FAIL "))
		case strings.HasPrefix(line, "ok "):
			oks++
			t.Log(line)
		}
	}
	if oks+strings.Count(out, "\nFAIL ") != n {
		t.Fatalf("the child ran %d of %d checks:\n%s", oks, n, out)
	}
}

// TestReadOnlyFileAsPerson: a person reads their read-only (0400) file;
// no read-only -shm or -wal is left to block writes once they make it
// writable again.
func TestReadOnlyFileAsPerson(t *testing.T) {
	dir := t.TempDir()
	path := roloFile(t, dir, "rolo.db")
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	giveToPerson(t, dir)
	out := asPerson(t, "TestPermissionsChild", "ROLO_TEST_CHILD=perms-read-only-file", "ROLO_TEST_DB="+path)
	expectChecks(t, out, 5)
}

// TestReadOnlyFolderAsPerson: a database in a folder the person cannot
// write to can still be read; writes are refused plainly.
func TestReadOnlyFolderAsPerson(t *testing.T) {
	dir := t.TempDir()
	path := roloFile(t, dir, "rolo.db")
	giveToPerson(t, dir)
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	out := asPerson(t, "TestPermissionsChild", "ROLO_TEST_CHILD=perms-read-only-folder", "ROLO_TEST_DB="+path)
	expectChecks(t, out, 2)
}
