package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"modernc.org/sqlite"

	"rolo/model"
)

// Power loss is not a process kill: only fsync at the right moments keeps
// acknowledged commits, and SQLite does that with synchronous=FULL. These
// tests prove that every connection rolo opens has FULL (and foreign keys
// and the busy timeout; and WAL wherever it writes the database), on every
// path, by watching each connection as the driver opens it.

// connSeen is what one new connection reported, right after the driver
// set it up.
type connSeen struct {
	dsn                   string
	journal               string
	sync, fk, busy, qOnly int64
	readOnly              bool
}

var (
	watchOnce sync.Once
	watchMu   sync.Mutex
	watching  bool
	seen      []connSeen
)

// watchConnections records every connection the sqlite driver opens
// from now until the returned function is called.
func watchConnections(t *testing.T) func() []connSeen {
	t.Helper()
	watchOnce.Do(func() {
		sqlite.RegisterConnectionHook(func(conn sqlite.ExecQuerierContext, dsn string) error {
			watchMu.Lock()
			on := watching
			watchMu.Unlock()
			if !on {
				return nil
			}
			c := connSeen{dsn: dsn, readOnly: strings.Contains(dsn, "mode=ro")}
			for _, p := range []struct {
				pragma string
				dst    any
			}{{"journal_mode", &c.journal}, {"synchronous", &c.sync}, {"foreign_keys", &c.fk}, {"busy_timeout", &c.busy}, {"query_only", &c.qOnly}} {
				if err := pragmaValue(conn, p.pragma, p.dst); err != nil {
					return fmt.Errorf("reading %s: %w", p.pragma, err)
				}
			}
			watchMu.Lock()
			seen = append(seen, c)
			watchMu.Unlock()
			return nil
		})
	})
	watchMu.Lock()
	watching, seen = true, nil
	watchMu.Unlock()
	return func() []connSeen {
		watchMu.Lock()
		defer watchMu.Unlock()
		watching = false
		return seen
	}
}

func pragmaValue(conn sqlite.ExecQuerierContext, pragma string, dst any) error {
	rows, err := conn.QueryContext(context.Background(), "PRAGMA "+pragma, nil)
	if err != nil {
		return err
	}
	defer rows.Close()
	v := make([]driver.Value, 1)
	if err := rows.Next(v); err != nil && err != io.EOF {
		return err
	}
	switch d := dst.(type) {
	case *string:
		*d = fmt.Sprint(v[0])
	case *int64:
		n, _ := v[0].(int64)
		*d = n
	}
	return nil
}

// checkDurable asserts the settings on every recorded connection.
func checkDurable(t *testing.T, path string, conns []connSeen) {
	t.Helper()
	if len(conns) == 0 {
		t.Fatalf("%s: no connection was opened", path)
	}
	for _, c := range conns {
		if c.sync != syncFull || c.fk != 1 || c.busy != busyTimeoutMS {
			t.Errorf("%s: a connection has synchronous=%d foreign_keys=%d busy_timeout=%d, want 2 (FULL), 1, %d: %s",
				path, c.sync, c.fk, c.busy, busyTimeoutMS, c.dsn)
		}
		// A connection that can write the database writes through the
		// write-ahead log; the only exception is the builder of a new
		// file, which nobody else sees until it is complete, synced and
		// switched to WAL (checked below on the finished files).
		canWrite := !c.readOnly && c.qOnly == 0
		if canWrite && c.journal != "wal" && !(c.journal == "memory" && strings.Contains(c.dsn, ".new-")) {
			t.Errorf("%s: a connection that can write uses journal_mode=%s: %s", path, c.journal, c.dsn)
		}
	}
}

// TestEveryConnectionIsDurable walks every path that opens the database —
// creating it, the app's and the command line's stores (writing and
// read-only), the check before opening, schema upgrades and their backup,
// bulk loads (demo data and imports), backups and their verification,
// doctor and salvage — and checks every connection each one opened.
func TestEveryConnectionIsDurable(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "rolo.db")
	clock := model.FixedClock(testNow)
	paths := []struct {
		name string
		run  func() error
	}{
		{"rolo init", func() error { _, err := Init(ctx, path, clock); return err }},
		{"a writing command (and the app)", func() error {
			s, err := Open(ctx, path, Options{MustExist: true, Clock: clock})
			if err != nil {
				return err
			}
			defer s.Close()
			_, err = s.CreateAccount(ctx, model.Account{Name: "Durable Co"})
			return err
		}},
		{"a reading command", func() error {
			s, err := Open(ctx, path, Options{ReadOnly: true, Clock: clock})
			if err != nil {
				return err
			}
			defer s.Close()
			_, err = s.Pipeline(ctx)
			return err
		}},
		{"bulk load (demo data, imports)", func() error {
			s, err := Open(ctx, path, Options{MustExist: true, Clock: clock})
			if err != nil {
				return err
			}
			defer s.Close()
			return s.BulkLoad(ctx, func(b *Bulk) error {
				_, err := b.Account(model.Account{Name: "Bulk Co", Status: model.Prospect, CreatedAt: testNow, UpdatedAt: testNow})
				return err
			})
		}},
		{"backup and its check", func() error {
			s, err := Open(ctx, path, Options{ReadOnly: true, Clock: clock})
			if err != nil {
				return err
			}
			defer s.Close()
			_, err = s.Backup(ctx, "")
			return err
		}},
		{"schema upgrade and the backup before it", func() error {
			withMigrations(t, `CREATE TABLE test_durable (id INTEGER PRIMARY KEY) STRICT;`)
			s, err := Open(ctx, path, Options{MustExist: true, Clock: clock})
			if err != nil {
				return err
			}
			return s.Close()
		}},
		{"the check before opening, with a write-ahead log beside the file", func() error {
			holder, err := Open(ctx, path, Options{MustExist: true, Clock: clock})
			if err != nil {
				return err
			}
			defer holder.Close()
			s, err := Open(ctx, path, Options{ReadOnly: true, Clock: clock})
			if err != nil {
				return err
			}
			return s.Close()
		}},
		{"doctor", func() error { _, err := Diagnose(ctx, path); return err }},
		{"salvage", func() error { _, err := Salvage(ctx, path, filepath.Join(dir, "salvaged.db"), clock); return err }},
	}
	for _, p := range paths {
		stop := watchConnections(t)
		err := p.run()
		conns := stop()
		if err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
		checkDurable(t, p.name, conns)
		t.Logf("%s: %d connections, all synchronous=FULL", p.name, len(conns))
	}
	// Every file rolo made is in WAL mode (header bytes 18 and 19 are 2).
	for _, f := range []string{path, filepath.Join(dir, "salvaged.db")} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if data[18] != 2 || data[19] != 2 {
			t.Errorf("%s is not in WAL mode (header bytes %d, %d)", f, data[18], data[19])
		}
	}
}

// TestOnlyConnectOpensSQLite: no rolo code outside store/conn.go calls
// sql.Open, so the settings above cannot be bypassed by a new feature.
func TestOnlyConnectOpensSQLite(t *testing.T) {
	_, here, _, _ := runtime.Caller(0)
	root := filepath.Dir(filepath.Dir(here))
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if strings.Contains(string(src), "sql.Open(") && filepath.ToSlash(rel) != "store/conn.go" {
			t.Errorf("%s opens SQLite itself; use store's connect so the connection is durable", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
