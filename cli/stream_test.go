package cli

import (
	"bytes"
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"modernc.org/sqlite"
)

// TestTableStreams: columns are sized by the first rows; a later, wider
// text cell is cut to its column, a later, wider number is not.
func TestTableStreams(t *testing.T) {
	var b bytes.Buffer
	tb := newTable(&b, ">ID", "Name", "Note")
	for i := range sampleRows {
		tb.add(fmt.Sprint(i), "short", "n")
	}
	tb.add("1234567", "a much longer name than any before", "last column is never cut")
	if err := tb.print(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != sampleRows+2 {
		t.Fatalf("%d lines", len(lines))
	}
	if lines[1] != "  0  short  n" || lines[len(lines)-1] != "1234567  a mu…  last column is never cut" {
		t.Errorf("first row %q, last row %q", lines[1], lines[len(lines)-1])
	}
}

// TestFullListingsStream: listings longer than a table's sample and a
// JSON array of every open deal come out whole and consistent with the
// counts.
func TestFullListingsStream(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	mustRun(t, "demo", "--db", db, "--accounts", "300", "--deals", "1500", "--activities", "1000")
	out := mustRun(t, "pipeline", "--json", "--deals", "--limit", "0", "--db", db)
	var stages []stageJSON
	if err := json.Unmarshal([]byte(out), &stages); err != nil {
		t.Fatalf("pipeline --json --deals: %v", err)
	}
	total := 0
	for _, st := range stages {
		if len(st.Deals) != st.Count {
			t.Errorf("%s: %d deals listed, count %d", st.Stage, len(st.Deals), st.Count)
		}
		total += st.Count
	}
	if total < sampleRows {
		t.Fatalf("only %d open deals; the test wants more than a table's sample", total)
	}
	out = mustRun(t, "today", "--limit", "0", "--db", db)
	var items []todayJSON
	if err := json.Unmarshal([]byte(mustRun(t, "today", "--json", "--limit", "0", "--db", db)), &items); err != nil {
		t.Fatal(err)
	}
	if rows := strings.Count(out, "\n") - 3; rows != len(items) {
		t.Errorf("today --limit 0 printed %d rows, the JSON has %d", rows, len(items))
	}
	if !strings.Contains(out, "stale") {
		t.Error("today lists no stale deals")
	}
	out = mustRun(t, "accounts", "--limit", "0", "--db", db)
	if rows := strings.Count(out, "\n") - 1; rows != 300 {
		t.Errorf("accounts --limit 0 printed %d rows, want 300", rows)
	}
}

// TestEveryCommandConnectsDurably watches every SQLite connection the
// commands open — creating, demo data (the bulk loader imports use too),
// writes, reads, backups and their checks, doctor and salvage — and checks
// each has synchronous=FULL, foreign keys and the busy timeout, and WAL
// wherever it can write the database.
func TestEveryCommandConnectsDurably(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	var done atomic.Bool // hooks stay registered for the life of the binary
	defer done.Store(true)
	sqlite.RegisterConnectionHook(func(conn sqlite.ExecQuerierContext, dsn string) error {
		if done.Load() {
			return nil
		}
		var vals []string
		for _, p := range []string{"synchronous", "foreign_keys", "busy_timeout", "journal_mode", "query_only"} {
			rows, err := conn.QueryContext(context.Background(), "PRAGMA "+p, nil)
			if err != nil {
				return err
			}
			v := make([]driver.Value, 1)
			if err := rows.Next(v); err != nil && err != io.EOF {
				return err
			}
			rows.Close()
			vals = append(vals, fmt.Sprint(v[0]))
		}
		mu.Lock()
		seen = append(seen, strings.Join(vals, " ")+" "+dsn)
		mu.Unlock()
		return nil
	})
	dir := t.TempDir()
	db := filepath.Join(dir, "rolo.db")
	for _, args := range [][]string{
		{"init", "--db", db}, {"demo", "--db", filepath.Join(dir, "demo.db")}, {"add", "account", "A", "--db", db},
		{"log", "--account", "A", "x", "--db", db}, {"today", "--db", db}, {"pipeline", "--db", db}, {"backup", "--db", db},
		{"doctor", "--db", db}, {"doctor", "--db", db, "--salvage", filepath.Join(dir, "salvaged.db")}, {"undo", "--db", db},
	} {
		mustRun(t, args...)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) < 10 {
		t.Fatalf("only %d connections seen", len(seen))
	}
	for _, c := range seen {
		f := strings.Fields(c)
		synchronous, fk, busy, journal, queryOnly, dsn := f[0], f[1], f[2], f[3], f[4], strings.Join(f[5:], " ")
		if synchronous != "2" || fk != "1" || busy != "5000" {
			t.Errorf("synchronous=%s foreign_keys=%s busy_timeout=%s on %s", synchronous, fk, busy, dsn)
		}
		canWrite := !strings.Contains(dsn, "mode=ro") && queryOnly == "0"
		if canWrite && journal != "wal" && !(journal == "memory" && strings.Contains(dsn, ".new-")) {
			t.Errorf("journal_mode=%s on a connection that can write: %s", journal, dsn)
		}
	}
	t.Logf("%d connections, every one synchronous=FULL", len(seen))
}
