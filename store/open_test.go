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

func TestOpenCreatesPrivateFile(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data", "rolo")
	path := filepath.Join(dir, "rolo.db")
	s, err := Open(ctx, path, Options{Clock: model.FixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("database file mode = %v (err %v), want 0600", fi.Mode().Perm(), err)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("folder mode = %v (err %v), want 0700", fi.Mode().Perm(), err)
	}
	for _, side := range []string{"-wal", "-shm"} {
		if fi, err := os.Stat(path + side); err == nil && fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s is readable by others: %v", side, fi.Mode().Perm())
		}
	}
	if got := queryInt(t, s.w, "PRAGMA user_version"); got != int64(SchemaVersion()) {
		t.Errorf("user_version = %d, want %d", got, SchemaVersion())
	}
	if got := queryInt(t, s.w, "PRAGMA application_id"); got != 0x726f6c6f {
		t.Errorf("application_id = %#x, want 0x726f6c6f", got)
	}
	// The pragmas the DSN asks for, read back on the writer connection.
	if got := queryString(t, s.w, "PRAGMA journal_mode"); got != "wal" {
		t.Errorf("journal_mode = %s, want wal", got)
	}
	if got := queryInt(t, s.w, "PRAGMA synchronous"); got != 2 {
		t.Errorf("synchronous = %d, want 2 (FULL)", got)
	}
	if got := queryInt(t, s.w, "PRAGMA foreign_keys"); got != 1 {
		t.Errorf("foreign_keys = %d, want 1", got)
	}
	if got := queryInt(t, s.w, "PRAGMA busy_timeout"); got != 5000 {
		t.Errorf("busy_timeout = %d, want 5000", got)
	}
	// The reader pool is query-only: it can never write, even by mistake.
	if got := queryInt(t, s.r, "PRAGMA query_only"); got != 1 {
		t.Errorf("reader query_only = %d, want 1", got)
	}
	if _, err := s.r.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES ('x', 'y')`); err == nil {
		t.Error("the reader pool accepted a write")
	}

	stages, err := s.Stages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, st := range stages {
		names = append(names, st.Name)
	}
	var want []string
	for _, st := range model.DefaultStages() {
		want = append(want, st.Name)
	}
	if !slices.Equal(names, want) {
		t.Fatalf("stages = %v, want the defaults %v", names, want)
	}
	seedDeal(t, s, "Acme Corp", "Acme analytics", 1_200_000)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	before := dumpDB(t, rawDB(t, path, "mode=ro"))
	entries := dirEntries(t, dir)
	s2, err := Open(ctx, path, Options{Clock: model.FixedClock(testNow.Add(48 * 3600e9))})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	if err := s2.Close(); err != nil {
		t.Fatal(err)
	}
	if after := dumpDB(t, rawDB(t, path, "mode=ro")); after != before {
		t.Fatalf("re-opening changed the file:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	// No backup or other file appeared: a current file needs no migration.
	if got := dirEntries(t, dir); !slices.Equal(withoutSide(got), withoutSide(entries)) {
		t.Fatalf("re-opening left files: %v (before %v)", got, entries)
	}
}

func withoutSide(names []string) []string {
	var out []string
	for _, n := range names {
		if !strings.HasSuffix(n, "-wal") && !strings.HasSuffix(n, "-shm") && !strings.HasSuffix(n, lockSuffix) {
			out = append(out, n)
		}
	}
	return out
}

// withMigrations appends extra migrations for one test.
func withMigrations(t *testing.T, extra ...string) {
	t.Helper()
	orig := migrations
	migrations = append(slices.Clone(orig), extra...)
	t.Cleanup(func() { migrations = orig })
}

func TestMigrateOlderFileBacksUpFirst(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rolo.db")
	s := openAt(t, path)
	if _, err := s.CreateAccount(ctx, model.Account{Name: "Old Co"}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	was := int64(SchemaVersion())
	withMigrations(t, `CREATE TABLE test_extra (id INTEGER PRIMARY KEY, note TEXT NOT NULL) STRICT;
		INSERT INTO test_extra(note) SELECT name FROM accounts;`)
	s2 := openAt(t, path)

	bak := path + fmt.Sprintf(".v%d-", was) + testNow.UTC().Format("20060102T150405Z") + ".bak"
	fi, err := os.Stat(bak)
	if err != nil {
		t.Fatalf("no backup before migrating: %v (folder holds %v)", err, dirEntries(t, filepath.Dir(path)))
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode = %v, want 0600", fi.Mode().Perm())
	}
	if _, err := os.Stat(bak + ".tmp"); err == nil {
		t.Error("the backup's temporary file was left behind")
	}
	old := rawDB(t, bak, "mode=ro")
	if got := queryString(t, old, "PRAGMA integrity_check"); got != "ok" {
		t.Fatalf("backup integrity_check = %s", got)
	}
	if got := queryInt(t, old, "PRAGMA user_version"); got != was {
		t.Errorf("backup user_version = %d, want %d", got, was)
	}
	if got := queryString(t, old, "SELECT name FROM accounts"); got != "Old Co" {
		t.Errorf("backup holds account %q, want Old Co", got)
	}
	if n := queryInt(t, old, "SELECT count(*) FROM sqlite_schema WHERE name = 'test_extra'"); n != 0 {
		t.Error("backup already has the new table")
	}

	if got := queryInt(t, s2.w, "PRAGMA user_version"); got != was+1 {
		t.Errorf("user_version after migrating = %d, want %d", got, was+1)
	}
	if got := queryString(t, s2.w, "SELECT note FROM test_extra"); got != "Old Co" {
		t.Errorf("the new migration saw %q, want Old Co", got)
	}
	if got := queryInt(t, s2.w, "PRAGMA application_id"); got != applicationID {
		t.Errorf("application_id = %#x", got)
	}
	// Opening again is a no-op: no second backup.
	s2.Close()
	s3 := openAt(t, path)
	s3.Close()
	var baks []string
	for _, n := range dirEntries(t, filepath.Dir(path)) {
		if strings.HasSuffix(n, ".bak") {
			baks = append(baks, n)
		}
	}
	if len(baks) != 1 {
		t.Errorf("backups = %v, want exactly one", baks)
	}
}

func TestFailedMigrationRollsBack(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rolo.db")
	s := openAt(t, path)
	seedDeal(t, s, "Keep Co", "Keep deal", 500_00)
	s.Close()
	before := dumpDB(t, rawDB(t, path, "mode=ro"))

	was := int64(SchemaVersion())
	withMigrations(t, `CREATE TABLE partial_a (x INTEGER) STRICT;
		INSERT INTO partial_a VALUES (1);
		ALTER TABLE accounts ADD COLUMN partial_col TEXT;
		INSERT INTO no_such_table VALUES (1);`)
	_, err := Open(ctx, path, Options{Clock: model.FixedClock(testNow)})
	if err == nil {
		t.Fatal("a failing migration opened the file")
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("migration %d", was+1)) {
		t.Errorf("error %q does not say which migration failed", err)
	}
	raw := rawDB(t, path, "mode=ro")
	if got := queryInt(t, raw, "PRAGMA user_version"); got != was {
		t.Errorf("user_version = %d after a failed migration, want %d", got, was)
	}
	if n := queryInt(t, raw, "SELECT count(*) FROM sqlite_schema WHERE name = 'partial_a'"); n != 0 {
		t.Error("the failed migration left a partial table")
	}
	if after := dumpDB(t, raw); after != before {
		t.Fatalf("the failed migration changed the file:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	raw.Close()

	// A brand-new file whose first migrations fail leaves nothing behind
	// that would block the next attempt.
	fresh := filepath.Join(t.TempDir(), "new.db")
	if _, err := Open(ctx, fresh, Options{Clock: model.FixedClock(testNow)}); err == nil {
		t.Fatal("a failing migration opened a new file")
	}
	migrations = migrations[:len(migrations)-1]
	s2, err := Open(ctx, fresh, Options{Clock: model.FixedClock(testNow)})
	if err != nil {
		t.Fatalf("after a failed first open, a good one fails: %v", err)
	}
	s2.Close()
	// And the old file opens with the good migrations, as it was.
	s3 := openAt(t, path)
	if _, err := s3.FindDeal(ctx, "Keep deal"); err != nil {
		t.Fatal(err)
	}
}

// refusal is a file Open must refuse without touching it.
type refusal struct {
	name  string
	setup func(t *testing.T, dir string) string // returns the path to open
	opts  Options
	want  error
	says  string // a phrase the message must contain
}

func TestOpenRefusesWithoutWriting(t *testing.T) {
	cases := []refusal{
		{name: "csv", want: ErrNotDatabase, says: "not an SQLite file", setup: func(t *testing.T, dir string) string {
			return writeFile(t, dir, "contacts.csv", []byte("name,email\nAcme,ops@acme.example\n"))
		}},
		{name: "random bytes", want: ErrNotDatabase, says: "not an SQLite file", setup: func(t *testing.T, dir string) string {
			data := make([]byte, 8192)
			for i := range data {
				data[i] = byte(i*7919 + i/13)
			}
			return writeFile(t, dir, "noise.db", data)
		}},
		{name: "zero-length file", want: ErrNotDatabase, says: "empty file", setup: func(t *testing.T, dir string) string {
			return writeFile(t, dir, "empty.db", nil)
		}},
		{name: "short SQLite header", want: ErrNotDatabase, says: "not an SQLite file", setup: func(t *testing.T, dir string) string {
			return writeFile(t, dir, "short.db", []byte(sqliteMagic+"abc"))
		}},
		{name: "unreadable format version", want: ErrNotDatabase, says: "not a rolo database", setup: func(t *testing.T, dir string) string {
			path := roloFile(t, dir, "future-format.db")
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			data[19] = 3 // the read-version byte of a format SQLite does not know
			return writeFile(t, dir, "future-format.db", data)
		}},
		{name: "directory", want: ErrNotDatabase, says: "folder", setup: func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "a-folder.db")
			if err := os.Mkdir(p, 0o700); err != nil {
				t.Fatal(err)
			}
			return p
		}},
		{name: "another application's database", want: ErrForeign, says: "another application", setup: foreignFile},
		{name: "another application's WAL database", want: ErrForeign, says: "another application", setup: func(t *testing.T, dir string) string {
			path := filepath.Join(dir, "app.sqlite")
			db := rawDB(t, path, "_pragma=journal_mode(WAL)")
			if _, err := db.Exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes(body) VALUES ('hi')`); err != nil {
				t.Fatal(err)
			}
			db.Close()
			return path
		}},
		{name: "foreign application_id, no tables", want: ErrForeign, says: "another application", setup: func(t *testing.T, dir string) string {
			path := filepath.Join(dir, "other-empty.db")
			db := rawDB(t, path)
			if _, err := db.Exec(`PRAGMA application_id = 1234`); err != nil {
				t.Fatal(err)
			}
			db.Close()
			return path
		}},
		{name: "newer rolo", want: ErrNewer, says: "newer rolo (schema v99", setup: func(t *testing.T, dir string) string {
			path := roloFile(t, dir, "newer.db")
			db := rawDB(t, path)
			if _, err := db.Exec(`PRAGMA user_version = 99`); err != nil {
				t.Fatal(err)
			}
			db.Close()
			return path
		}},
		{name: "missing with MustExist", want: ErrMissing, says: "rolo init", opts: Options{MustExist: true},
			setup: func(t *testing.T, dir string) string { return filepath.Join(dir, "not", "there", "rolo.db") }},
		{name: "missing, read-only", want: ErrMissing, says: "rolo init", opts: Options{ReadOnly: true},
			setup: func(t *testing.T, dir string) string { return filepath.Join(dir, "not", "there", "rolo.db") }},
		{name: "user_version -1", want: ErrCorrupt, says: "schema version is -1", setup: func(t *testing.T, dir string) string {
			return setVersion(t, roloFile(t, dir, "minus-one.db"), -1)
		}},
		{name: "user_version 0", want: ErrCorrupt, says: "schema version is 0", setup: func(t *testing.T, dir string) string {
			return setVersion(t, roloFile(t, dir, "zero.db"), 0)
		}},
		{name: "empty foreign SQLite file", want: ErrForeign, says: "not rolo's", setup: func(t *testing.T, dir string) string {
			path := filepath.Join(dir, "blank.sqlite")
			db := rawDB(t, path)
			if _, err := db.Exec(`CREATE TABLE scratch (a); DROP TABLE scratch`); err != nil {
				t.Fatal(err)
			}
			db.Close()
			return path
		}},
		{name: "dangling symlink", want: ErrMissing, says: "symbolic link to", setup: func(t *testing.T, dir string) string {
			link := filepath.Join(dir, "link.db")
			if err := os.Symlink(filepath.Join(dir, "gone.db"), link); err != nil {
				t.Fatal(err)
			}
			return link
		}},
	}
	// Every refusal holds for commands that write and for those that only
	// read.
	for _, c := range slices.Clone(cases) {
		if !c.opts.MustExist && !c.opts.ReadOnly {
			c.name += ", read-only"
			c.opts = Options{ReadOnly: true}
			cases = append(cases, c)
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := c.setup(t, dir)
			entries := dirEntries(t, dir)
			fi, statErr := os.Stat(path)
			isFile := statErr == nil && fi.Mode().IsRegular()
			var fp fingerprint
			var sides []string
			if isFile {
				fp = fingerprintOf(t, path)
				sides = sideFiles(path)
			}

			s, err := Open(context.Background(), path, c.opts)
			if err == nil {
				s.Close()
				t.Fatal("Open accepted it")
			}
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v (%T), want %v", err, err, c.want)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("message %q does not name the file", err)
			}
			if !strings.Contains(err.Error(), c.says) {
				t.Errorf("message %q does not say %q", err, c.says)
			}
			if strings.Contains(err.Error(), "(26)") || strings.Contains(err.Error(), "SQLITE_") {
				t.Errorf("message %q is a raw driver message", err)
			}
			if isFile {
				if got := fingerprintOf(t, path); got != fp {
					t.Errorf("the file changed: %+v, was %+v", got, fp)
				}
				if got := sideFiles(path); !slices.Equal(got, sides) {
					t.Errorf("left %v next to the file (was %v)", got, sides)
				}
			}
			if got := dirEntries(t, dir); !slices.Equal(got, entries) {
				t.Errorf("folder now holds %v, was %v", got, entries)
			}
			if c.want == ErrForeign && strings.HasSuffix(path, "places.sqlite") {
				data, _ := os.ReadFile(path)
				if data[18] != 1 || data[19] != 1 {
					t.Errorf("the foreign file was converted: header bytes 18,19 = %d,%d, want 1,1 (rollback journal)", data[18], data[19])
				}
				if got := queryString(t, rawDB(t, path, "mode=ro"), "PRAGMA journal_mode"); got != "delete" {
					t.Errorf("foreign file journal_mode = %s, want delete", got)
				}
			}
			if c.want == ErrMissing && filepath.Base(filepath.Dir(path)) == "there" {
				if _, err := os.Stat(filepath.Dir(path)); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("MustExist created the folder %s", filepath.Dir(path))
				}
			}
		})
	}
}

// setVersion sets user_version as another program could, and returns path.
func setVersion(t *testing.T, path string, v int) string {
	t.Helper()
	db := rawDB(t, path)
	if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = %d", v)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	return path
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// roloFile makes a closed rolo database holding one deal.
func roloFile(t *testing.T, dir, name string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	s, err := Open(context.Background(), path, Options{Clock: model.FixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	seedDeal(t, s, "Acme Corp", "Acme analytics", 1_200_000)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// foreignFile is a Firefox-like history database in rollback-journal mode.
func foreignFile(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "places.sqlite")
	db := rawDB(t, path, "_pragma=journal_mode(DELETE)")
	for _, q := range []string{
		`CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT, title TEXT, visit_count INTEGER DEFAULT 0)`,
		`CREATE TABLE moz_historyvisits (id INTEGER PRIMARY KEY, place_id INTEGER, visit_date INTEGER)`,
		`INSERT INTO moz_places(url, title) VALUES ('https://example.com/', 'Example')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if got := queryString(t, db, "PRAGMA journal_mode"); got != "delete" {
		t.Fatalf("foreign file journal_mode = %s", got)
	}
	db.Close()
	return path
}

// A path is not SQL and not a URI: characters that mean something in a
// file: URI (?, #, %, spaces, quotes) must reach the file system as typed.
func TestOpenOddPaths(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for _, name := range []string{"my crm.db", "what?mode=ro.db", "hash#tag.db", "50%off.db", `quote'"s.db`, "naïve.db"} {
		path := filepath.Join(dir, name)
		s, err := Open(ctx, path, Options{Clock: model.FixedClock(testNow)})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := s.CreateAccount(ctx, model.Account{Name: "Odd Path Co"}); err != nil {
			t.Fatalf("%s: write: %v", name, err)
		}
		if s.Path() != path {
			t.Errorf("Path() = %q, want %q", s.Path(), path)
		}
		s.Close()
		if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
			t.Fatalf("%s: the data went elsewhere: %v", name, err)
		}
		s = openAt(t, path)
		if _, err := s.FindAccount(ctx, "Odd Path Co"); err != nil {
			t.Errorf("%s: reopen: %v", name, err)
		}
		s.Close()
	}
	var want []string
	for _, n := range dirEntries(t, dir) {
		if !strings.HasSuffix(n, "-wal") && !strings.HasSuffix(n, "-shm") && !strings.HasSuffix(n, lockSuffix) {
			want = append(want, n)
		}
	}
	if len(want) != 6 {
		t.Errorf("folder holds %v; some path was cut short", dirEntries(t, dir))
	}
	// A relative path is made absolute.
	t.Chdir(dir)
	s := openAt(t, "relative.db")
	if s.Path() != filepath.Join(dir, "relative.db") {
		t.Errorf("relative path became %q", s.Path())
	}
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("ROLO_DB", "/srv/crm/team.db")
	t.Setenv("XDG_DATA_HOME", "/xdg")
	if p, _ := DefaultPath(); p != "/srv/crm/team.db" {
		t.Errorf("with ROLO_DB: %s", p)
	}
	t.Setenv("ROLO_DB", "")
	if p, _ := DefaultPath(); p != "/xdg/rolo/rolo.db" {
		t.Errorf("with XDG_DATA_HOME: %s", p)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "/home/rep")
	if p, _ := DefaultPath(); p != "/home/rep/.local/share/rolo/rolo.db" {
		t.Errorf("default: %s", p)
	}
}
