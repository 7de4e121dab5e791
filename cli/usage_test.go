package cli

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// demoDB is a small demo database for a test.
func demoDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "rolo.db")
	mustRun(t, "demo", "--db", db)
	return db
}

// TestUsageExitsTwoWithPlainWords: every way of calling rolo wrongly
// exits 2 with a message that names the problem and the fix, and never a
// raw parser or driver message.
func TestUsageExitsTwoWithPlainWords(t *testing.T) {
	db := demoDB(t)
	long := strings.Repeat("x", 300)
	cases := []struct {
		args []string
		says string
	}{
		{[]string{"stages", "remove", "Prospecting"}, "move them to another stage first"},
		{[]string{"stages", "add", "Negotiating", "--position", "0"}, "--position 0 is off the board; use 1 to 5"},
		{[]string{"stages", "add", "Negotiating", "--position", "999"}, "off the board"},
		{[]string{"stages", "add", "Negotiating", "--position", "-5"}, "off the board"},
		{[]string{"stages", "move", "Closing", "9"}, "off the board"},
		{[]string{"stages", "set", "Closing", "--probability", "50.5"}, `--probability "50.5": must be a whole number`},
		{[]string{"stages", "set", "Closing", "--rot-days", "2w"}, `--rot-days "2w": must be a whole number`},
		{[]string{"today", "--limit", "abc"}, `--limit "abc": must be a whole number`},
		{[]string{"today", "--limit", "-5"}, "--limit -5: give a number of rows, or 0 for all"},
		{[]string{"pipeline", "--deals", "--limit", "-1"}, "or 0 for all"},
		{[]string{"accounts", "--limit", "-1"}, "or 0 for all"},
		{[]string{"move", "-1", "won"}, `"-1" is not something 'rolo move' takes`},
		{[]string{"log", "-7", "text"}, "put it after --"},
		{[]string{"today", "--bogus"}, `unknown flag "--bogus" for 'rolo today'`},
		{[]string{"move", "deal:999999", "won"}, "deal 999999 does not exist"},
		{[]string{"move", "account:3", "won"}, "account:3 is a account, not a deal"},
		{[]string{"move", "deal:0", "won"}, "ids are whole numbers from 1"},
		{[]string{"move", long, "won"}, "no deal has a title that long (300 characters"},
		{[]string{"log", "--account", long, "x"}, "no account has a name that long"},
		{[]string{"accounts", "--filter", long}, "--filter is 300 characters long"},
		{[]string{"add", "deal", "--account", "account:99999", "--title", "T", "--value", "1k"}, "account 99999 does not exist"},
		{[]string{"log", "contact:1", "x"}, "not a contact"},
		{[]string{"init"}, "already exists"},
	}
	for _, c := range cases {
		code, out, errOut := run(t, append(c.args, "--db", db)...)
		if code != 2 || !strings.Contains(errOut, c.says) {
			t.Errorf("%v: exit %d, %q; want 2 saying %q", c.args, code, errOut, c.says)
		}
		for _, raw := range []string{"strconv", "ParseInt", "LIKE or GLOB", "SQL logic error", "unknown shorthand flag", "invalid argument"} {
			if strings.Contains(errOut, raw) {
				t.Errorf("%v: raw message %q: %s", c.args, raw, errOut)
			}
		}
		if out != "" {
			t.Errorf("%v: printed %q on stdout", c.args, out)
		}
	}
}

// TestLongArgumentNeverEchoedWhole: a pasted 60 KB argument is quoted
// cut short, however it is refused.
func TestLongArgumentNeverEchoedWhole(t *testing.T) {
	db := demoDB(t)
	huge := strings.Repeat("pasted page ", 5000)
	for _, args := range [][]string{
		{"move", huge, "won"}, {"log", huge, "x"}, {"add", "account", huge}, {"today", "--" + huge},
		{"today", "--limit", huge}, {huge}, {"stages", "add", huge},
	} {
		code, _, errOut := run(t, append(args, "--db", db)...)
		if code != 2 || len(errOut) > 1000 {
			t.Errorf("%.20q…: exit %d, %d bytes of error: %.200q", args, code, len(errOut), errOut)
		}
	}
}

// TestPastDatesWarn: a follow-up due in the past, or a close date that
// has passed, is taken (the README says why) with a warning on stderr.
func TestPastDatesWarn(t *testing.T) {
	db := demoDB(t)
	code, out, errOut := run(t, "add", "deal", "--account", "Past Co", "--title", "Old promise", "--value", "1k",
		"--next", "Call", "--due", "2020-01-01", "--close", "yesterday", "--db", db)
	if code != 0 || !strings.Contains(out, "Added deal") {
		t.Fatalf("add: %d %q %q", code, out, errOut)
	}
	for _, want := range []string{"warning: --due 2020-01-01 is 2,522 days ago; the follow-up is added as overdue",
		"warning: --close 2026-11-26 is 1 day ago"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr %q does not warn %q", errOut, want)
		}
	}
	code, _, errOut = run(t, "log", "Old promise", "--next", "Again", "--due", "2026-11-20", "x", "--db", db)
	if code != 0 || !strings.Contains(errOut, "--due 2026-11-20 is 7 days ago") {
		t.Errorf("log with a past --due: %d %q", code, errOut)
	}
	// A date today or later says nothing.
	if _, _, errOut := run(t, "log", "Old promise", "--next", "Again", "--due", "today", "x", "--db", db); errOut != "" {
		t.Errorf("log with --due today warned: %q", errOut)
	}
}

// TestTypedIDs: a bare number that is both a deal's and an account's id
// is refused with both readings; typed ids and --deal/--account choose.
// The case from the field: an ambiguous account name, then the id the
// message offered, must not log on the deal with that number.
func TestTypedIDs(t *testing.T) {
	db := demoDB(t)
	mustRun(t, "add", "account", "Twin Co", "--db", db)
	code, _, errOut := run(t, "add", "account", "twin co", "--db", db)
	if code != 2 || !strings.Contains(errOut, "there is already an account called \"Twin Co\" (account:81)") || !strings.Contains(errOut, "--allow-duplicate") {
		t.Fatalf("duplicate account: %d %q", code, errOut)
	}
	mustRun(t, "add", "account", "Twin Co", "--allow-duplicate", "--db", db)
	code, _, errOut = run(t, "log", "Twin Co", "called", "--db", db)
	if code != 2 || !strings.Contains(errOut, "account:81  Twin Co") || !strings.Contains(errOut, "account:82  Twin Co") {
		t.Fatalf("ambiguous account: %d %q", code, errOut)
	}
	code, _, errOut = run(t, "log", "82", "called", "--db", db)
	if code != 2 || !strings.Contains(errOut, "82 could be deal:82") || !strings.Contains(errOut, "or account:82 (Twin Co)") {
		t.Fatalf("a bare id that is both: %d %q", code, errOut)
	}
	if out := mustRun(t, "log", "account:82", "called", "--db", db); !strings.Contains(out, "Logged note on account Twin Co (account:82)") {
		t.Errorf("log account:82: %q", out)
	}
	if out := mustRun(t, "log", "--account", "82", "called", "--db", db); !strings.Contains(out, "on account Twin Co (account:82)") {
		t.Errorf("log --account 82: %q", out)
	}
	if out := mustRun(t, "log", "--deal", "82", "called", "--db", db); !strings.Contains(out, "(deal:82)") {
		t.Errorf("log --deal 82: %q", out)
	}
}

// TestInitAndMissingFiles: only init, demo and the app at its default
// path create a database; everything else refuses a missing file, names
// rolo init, and creates nothing.
func TestInitAndMissingFiles(t *testing.T) {
	dir := t.TempDir()
	typo := filepath.Join(dir, "typo.db")
	for _, args := range [][]string{
		{"add", "deal", "--account", "A", "--title", "T", "--value", "1k"}, {"add", "account", "A"}, {"log", "x", "y"},
		{"move", "x", "won"}, {"undo"}, {"stages", "add", "S"}, {"today"}, {"pipeline"}, {"accounts"}, {"stages"},
		{"backup"}, {"doctor"},
	} {
		code, _, errOut := run(t, append(args, "--db", typo)...)
		if code == 0 || !strings.Contains(errOut, "rolo init --db "+typo) {
			t.Errorf("%v on a missing file: exit %d %q", args, code, errOut)
		}
		if _, err := os.Stat(typo); err == nil {
			t.Fatalf("%v created %s", args, typo)
		}
	}
	out := mustRun(t, "init", "--db", typo)
	if !strings.Contains(out, "Created an empty rolo database at "+typo) {
		t.Errorf("init: %q", out)
	}
	if out := mustRun(t, "pipeline", "--db", typo); !strings.Contains(out, "Prospecting") {
		t.Errorf("a new database has the default stages: %q", out)
	}
	if code, _, errOut := run(t, "init", "--db", typo); code != 2 || !strings.Contains(errOut, "already exists") {
		t.Errorf("init over a database: %d %q", code, errOut)
	}
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := run(t, "today", "--db", empty); code != 1 || !strings.Contains(errOut, "rolo init --db "+empty+"` replaces an empty file") {
		t.Errorf("an empty file: %d %q", code, errOut)
	}
	mustRun(t, "init", "--db", empty)
	mustRun(t, "today", "--db", empty)
}

// TestAppNeedsATerminal: without a terminal the app says what to use
// instead, exits 2, and does not create its default database.
func TestAppNeedsATerminal(t *testing.T) {
	xdg := t.TempDir()
	t.Setenv("XDG_DATA_HOME", xdg)
	t.Setenv("ROLO_DB", "")
	code, _, errOut := run(t)
	if code != 2 || !strings.Contains(errOut, "rolo needs a terminal") || !strings.Contains(errOut, "rolo today") {
		t.Errorf("the app without a terminal: %d %q", code, errOut)
	}
	if entries, _ := os.ReadDir(xdg); len(entries) != 0 {
		t.Errorf("the app without a terminal created %v", entries)
	}
}

// TestDoctorAndBackupCommands: backup only reads and numbers backups in
// the same second; doctor reports a healthy file.
func TestDoctorAndBackupCommands(t *testing.T) {
	db := demoDB(t)
	first := mustRun(t, "backup", "--db", db)
	second := mustRun(t, "backup", "--db", db)
	if !strings.Contains(first, db+".20261127T100000Z.bak") || !strings.Contains(second, db+".20261127T100000Z-2.bak") {
		t.Errorf("two backups in one second: %q %q", first, second)
	}
	folder := t.TempDir()
	if out := mustRun(t, "backup", folder, "--db", db); !strings.Contains(out, filepath.Join(folder, "rolo.db.20261127T100000Z.bak")) {
		t.Errorf("backup into a folder: %q", out)
	}
	if code, _, errOut := run(t, "backup", filepath.Join(folder, "rolo.db.20261127T100000Z.bak"), "--db", db); code != 2 || !strings.Contains(errOut, "already exists") {
		t.Errorf("backup over a file: %d %q", code, errOut)
	}
	if out := mustRun(t, "doctor", "--db", db); !strings.Contains(out, "check:   ok") || !strings.Contains(out, "80 accounts") {
		t.Errorf("doctor: %q", out)
	}
}

// TestDoctorOnDamagedFile: doctor prints what SQLite's check found and
// what to do — the backup to restore, or salvage — without touching the
// file; salvage makes a new file that checks out.
func TestDoctorOnDamagedFile(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	mustRun(t, "demo", "--db", db, "--accounts", "400")
	backup := strings.TrimSpace(strings.TrimPrefix(strings.Split(mustRun(t, "backup", "--db", db), " (")[0], "Backed up to "))
	data, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	pages := len(data) / 4096
	for i := pages / 2 * 4096; i < (pages/2+3)*4096; i++ {
		data[i] = byte(i*31 + 7)
	}
	if err := os.WriteFile(db, data, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "doctor", "--db", db)
	for _, want := range []string{"SQLite's integrity check reported:", "page", "Restore a backup", backup,
		"rm -f " + db + "-wal " + db + "-shm", "rolo doctor --db " + db + " --salvage " + db + ".salvaged"} {
		if !strings.Contains(out, want) {
			t.Errorf("doctor output lacks %q:\n%s", want, out)
		}
	}
	if code != 1 || !strings.Contains(errOut, "nothing was changed") {
		t.Errorf("doctor on a damaged file: exit %d %q", code, errOut)
	}
	after, _ := os.ReadFile(db)
	if string(after) != string(data) {
		t.Error("doctor changed the damaged file")
	}
	salvaged := db + ".salvaged"
	out = mustRun(t, "doctor", "--db", db, "--salvage", salvaged)
	if !strings.Contains(out, "Salvaged into "+salvaged) || !strings.Contains(out, "accounts") {
		t.Errorf("salvage: %q", out)
	}
	if out := mustRun(t, "doctor", "--db", salvaged); !strings.Contains(out, "check:   ok") {
		t.Errorf("the salvaged file: %q", out)
	}
	if code, _, errOut := run(t, "doctor", "--db", db, "--salvage", salvaged); code != 2 || !strings.Contains(errOut, "already exists") {
		t.Errorf("salvage over a file: %d %q", code, errOut)
	}
}

// TestNoStagesNoPanic: a file another program emptied of stages gets a
// plain answer from every command, not a crash.
func TestNoStagesNoPanic(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	mustRun(t, "init", "--db", db)
	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE stages SET archived_at = '2026-01-01T00:00:00Z'`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	for _, args := range [][]string{
		{"add", "deal", "--account", "A", "--title", "T", "--value", "1k"}, {"pipeline", "--deals"}, {"today"},
		{"stages"}, {"move", "x", "won"}, {"doctor"},
	} {
		code, _, errOut := run(t, append(args, "--db", db)...)
		if code == 1 && !strings.Contains(errOut, "rolo") {
			t.Errorf("%v: %d %q", args, code, errOut)
		}
	}
	if code, _, errOut := run(t, "add", "deal", "--account", "A", "--title", "T", "--value", "1k", "--db", db); code != 1 || !strings.Contains(errOut, "no stages") {
		t.Errorf("add deal with no stages: %d %q", code, errOut)
	}
}
