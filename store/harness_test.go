package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
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

// Helpers shared by the hardening tests: file fingerprints (to prove a
// refused file was never written), raw connections that bypass the store,
// and mounting scratch filesystems when the test runs as root.

// fingerprint is what must not change when rolo refuses a file.
type fingerprint struct {
	sum   [32]byte
	size  int64
	mtime time.Time
	mode  os.FileMode
}

func fingerprintOf(t *testing.T, path string) fingerprint {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("stat %s: %v", path, err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return fingerprint{sum: sha256.Sum256(data), size: fi.Size(), mtime: fi.ModTime(), mode: fi.Mode()}
}

// sideFiles lists which of SQLite's companion files exist next to path.
func sideFiles(path string) []string {
	var out []string
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Lstat(path + suffix); err == nil {
			out = append(out, suffix)
		}
	}
	return out
}

// dirEntries lists a folder's names, sorted.
func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("read dir %s: %v", dir, err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// rawDB opens path with database/sql and modernc directly (no store), with
// the given URI parameters (e.g. "mode=ro").
func rawDB(t *testing.T, path string, params ...string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", fileURI(path, params...))
	if err != nil {
		t.Fatalf("raw open %s: %v", path, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func queryInt(t *testing.T, q querier, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := q.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func queryString(t *testing.T, q querier, query string, args ...any) string {
	t.Helper()
	var s string
	if err := q.QueryRowContext(context.Background(), query, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return s
}

// dumpDB renders the schema and every row of every table, in a stable
// order, so two states of a file can be compared.
func dumpDB(t *testing.T, q querier) string {
	t.Helper()
	ctx := context.Background()
	rows, err := q.QueryContext(ctx, `SELECT type, name, coalesce(sql, '') FROM sqlite_schema ORDER BY type, name`)
	if err != nil {
		t.Fatalf("dump schema: %v", err)
	}
	var b strings.Builder
	var tables []string
	for rows.Next() {
		var typ, name, def string
		if err := rows.Scan(&typ, &name, &def); err != nil {
			t.Fatalf("dump schema: %v", err)
		}
		fmt.Fprintf(&b, "%s %s %s\n", typ, name, def)
		if typ == "table" {
			tables = append(tables, name)
		}
	}
	rows.Close()
	for _, table := range tables {
		// Rendered rows are sorted: some tables are WITHOUT ROWID.
		rows, err := q.QueryContext(ctx, `SELECT * FROM "`+table+`"`)
		if err != nil {
			t.Fatalf("dump %s: %v", table, err)
		}
		cols, _ := rows.Columns()
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatalf("dump %s: %v", table, err)
			}
			lines = append(lines, fmt.Sprintf("%s %v\n", table, vals))
		}
		rows.Close()
		slices.Sort(lines)
		b.WriteString(strings.Join(lines, ""))
	}
	for _, p := range []string{"user_version", "application_id"} {
		fmt.Fprintf(&b, "%s=%d\n", p, queryInt(t, q, "PRAGMA "+p))
	}
	return b.String()
}

// indexNames lists the explicitly created indexes in sqlite_schema.
func indexNames(t *testing.T, q querier) []string {
	t.Helper()
	rows, err := q.QueryContext(context.Background(), `SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`)
	if err != nil {
		t.Fatalf("index names: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

func openAt(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), path, Options{Clock: model.FixedClock(testNow)})
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// mountTmpfs mounts a fresh tmpfs of the given size at a new folder and
// unmounts it when the test ends. It skips the test when mounting is not
// possible (not root, or no CAP_SYS_ADMIN in this container).
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a scratch tmpfs needs root; run the store tests as root (as CI does) to cover this")
	}
	dir := filepath.Join(t.TempDir(), "mnt")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size+",mode=0700", "tmpfs", dir).CombinedOutput()
	if err != nil {
		t.Skipf("cannot mount a tmpfs here (%v: %s); this container lacks CAP_SYS_ADMIN", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Logf("umount %s: %v: %s; trying a lazy unmount", dir, err, out)
			_ = exec.Command("umount", "-l", dir).Run()
		}
	})
	return dir
}

// childEnv is the environment of a re-executed test binary acting as a
// helper process.
func childCommand(ctx context.Context, test string, env ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^"+test+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = os.Stderr
	return cmd
}
