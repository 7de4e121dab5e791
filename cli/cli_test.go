package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rolo/store"
)

// run calls rolo as a shell would, with the clock pinned, and returns the
// exit code and both streams.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv("ROLO_NOW", "2026-11-27T10:00:00Z")
	var out, errOut bytes.Buffer
	code := Execute(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestDemoPipelineTodayJSON(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	if code, out, errOut := run(t, "demo", "--db", db); code != 0 || !strings.Contains(out, "Wrote 80 accounts") {
		t.Fatalf("demo: %d %q %q", code, out, errOut)
	}
	// A second demo into the same file is refused (exit 1) and says how.
	if code, _, errOut := run(t, "demo", "--db", db); code != 1 || !strings.Contains(errOut, "--force") {
		t.Fatalf("second demo: %d %q", code, errOut)
	}

	code, out, errOut := run(t, "pipeline", "--json", "--db", db)
	if code != 0 {
		t.Fatalf("pipeline: %d %q", code, errOut)
	}
	var stages []stageJSON
	if err := json.Unmarshal([]byte(out), &stages); err != nil {
		t.Fatalf("pipeline --json is not JSON: %v\n%s", err, out)
	}
	if len(stages) != 4 || stages[0].Stage != "Prospecting" {
		t.Fatalf("stages = %+v", stages)
	}
	open := 0
	for _, st := range stages {
		open += st.Count
		if st.Count > 0 && len(st.Total) == 0 {
			t.Errorf("%s has deals but no total", st.Stage)
		}
	}
	if open == 0 {
		t.Fatal("no open deals in the demo")
	}

	code, out, _ = run(t, "today", "--json", "--limit", "0", "--db", db)
	var items []todayJSON
	if code != 0 || json.Unmarshal([]byte(out), &items) != nil || len(items) == 0 {
		t.Fatalf("today --json: %d %q", code, out)
	}
	// Renewals about to pass a deadline come first, then urgent issues
	// (the demo always has one); rows about accounts carry the account
	// and its health.
	if it := items[0]; it.Reason != "renewal" || it.Contract == nil || it.Contract.NoticeDeadline == "" || it.Account == nil {
		t.Errorf("the queue should start with renewals and their accounts, starts with %+v", it)
	}
	for _, it := range items {
		if it.Reason != "renewal" {
			if it.Reason != "urgent issue" || it.Account == nil || it.Issue == nil || it.Account.Name != it.Issue.Account {
				t.Errorf("after the renewals come urgent issues and their accounts, not %+v", it)
			}
			break
		}
	}
	code, out, _ = run(t, "today", "--db", db)
	if code != 0 || !strings.Contains(out, "overdue ·") {
		t.Errorf("today table: %d %q", code, out)
	}
}

func TestAddMoveLogAndAmbiguity(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	if code, out, errOut := run(t, "init", "--db", db); code != 0 || !strings.Contains(out, "Created an empty rolo database at "+db) {
		t.Fatalf("init: %d %q %q", code, out, errOut)
	}
	code, out, errOut := run(t, "add", "deal", "--db", db, "--account", "Acme Corp", "--title", "Acme renewal 2027",
		"--value", "12k", "--stage", "qual", "--next", "Call Bill", "--due", "tomorrow")
	if code != 0 || !strings.Contains(out, "Added deal 1: Acme renewal 2027 (Acme Corp, $12,000.00)") {
		t.Fatalf("add deal: %d %q %q", code, out, errOut)
	}
	if code, _, _ := run(t, "add", "deal", "--db", db, "--account", "Beta Ltd", "--title", "Beta renewal 2027", "--value", "EUR 5k"); code != 0 {
		t.Fatal("second deal")
	}
	// A value rolo cannot read exactly is bad usage, with the reason.
	if code, _, errOut := run(t, "add", "deal", "--db", db, "--account", "X", "--title", "Y", "--value", "1,20"); code != 2 || !strings.Contains(errOut, "three digits") {
		t.Errorf("bad value: %d %q", code, errOut)
	}
	// "renewal" names two deals: exit 2 and both listed.
	code, _, errOut = run(t, "move", "renewal", "closing", "--db", db)
	if code != 2 || !strings.Contains(errOut, "Acme renewal 2027") || !strings.Contains(errOut, "Beta renewal 2027") {
		t.Errorf("ambiguous move: %d %q", code, errOut)
	}
	if code, out, _ := run(t, "move", "acme", "closing", "--db", db); code != 0 || !strings.Contains(out, "to Closing") {
		t.Errorf("move: %d %q", code, out)
	}
	if code, _, errOut := run(t, "move", "acme", "lost", "--db", db); code != 2 || !strings.Contains(errOut, "--reason") {
		t.Errorf("lost without reason: %d %q", code, errOut)
	}
	if code, out, _ := run(t, "log", "acme renewal", "--db", db, "--kind", "call", "Bill liked it", "--next", "Send quote", "--due", "mon"); code != 0 || !strings.Contains(out, "Logged call on deal Acme renewal 2027 (deal:1)") {
		t.Errorf("log: %d %q", code, out)
	}
	code, out, _ = run(t, "pipeline", "--json", "--deals", "--db", db)
	var stages []stageJSON
	if code != 0 || json.Unmarshal([]byte(out), &stages) != nil {
		t.Fatalf("pipeline --deals: %d %q", code, out)
	}
	closing := stages[3]
	if closing.Count != 1 || len(closing.Deals) != 1 || closing.Deals[0].NextStep != "Send quote" || closing.Deals[0].NextDue != "2026-11-30" {
		t.Errorf("closing = %+v", closing)
	}
	if code, out, _ := run(t, "undo", "--db", db); code != 0 || !strings.Contains(out, "Undid: log call on Acme renewal 2027") {
		t.Errorf("undo: %d %q", code, out)
	}
}

func TestRefusalsAndUsage(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "contacts.csv")
	if err := os.WriteFile(csv, []byte("name,email\nAcme,a@example.com\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, "pipeline", "--db", csv)
	if code != 1 || !strings.Contains(errOut, "not a rolo database") || strings.Contains(errOut, "(26)") {
		t.Errorf("csv as database: %d %q", code, errOut)
	}
	if data, _ := os.ReadFile(csv); string(data) != "name,email\nAcme,a@example.com\n" {
		t.Error("the CSV file was changed")
	}
	missing := filepath.Join(dir, "nope.db")
	if code, _, errOut := run(t, "today", "--db", missing); code != 1 || !strings.Contains(errOut, "no rolo database") || !strings.Contains(errOut, "rolo init") {
		t.Errorf("missing database: %d %q", code, errOut)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("a reading command created the database")
	}
	for _, args := range [][]string{{"nonsense"}, {"today", "--bogus"}, {"move", "one"}, {"stages", "set", "Closing"}} {
		if code, _, errOut := run(t, args...); code != 2 || errOut == "" {
			t.Errorf("%v: exit %d %q, want 2 with a message", args, code, errOut)
		}
	}
	if code, out, _ := run(t, "version"); code != 0 || !strings.Contains(out, fmt.Sprintf("schema v%d", store.SchemaVersion())) {
		t.Errorf("version: %d %q", code, out)
	}
}

// TestConfigCurrency: the default currency is a setting that typed values
// without a currency follow; bad values and names are usage errors.
func TestConfigCurrency(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	mustRun(t, "init", "--db", db)
	if code, _, errOut := run(t, "add", "account", "Acme", "--db", db); code != 0 {
		t.Fatalf("add account: %d %s", code, errOut)
	}
	if code, out, _ := run(t, "config", "get", "currency", "--db", db); code != 0 || out != "USD\n" {
		t.Fatalf("default currency: %d %q", code, out)
	}
	if code, out, errOut := run(t, "config", "set", "currency", "eur", "--db", db); code != 0 || !strings.Contains(out, "currency is now EUR") {
		t.Fatalf("set currency: %d %q %q", code, out, errOut)
	}
	if code, out, errOut := run(t, "add", "deal", "--account", "Acme", "--title", "Pilot", "--value", "12k", "--db", db); code != 0 ||
		!strings.Contains(out, "€12,000.00") {
		t.Fatalf("add deal after set currency: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := run(t, "config", "set", "currency", "XYZ", "--db", db); code != 2 || !strings.Contains(errOut, "ISO 4217") {
		t.Fatalf("bad currency: %d %q", code, errOut)
	}
	if code, _, errOut := run(t, "config", "set", "colour", "blue", "--db", db); code != 2 || !strings.Contains(errOut, "the settings are currency, date-order, week-start") {
		t.Fatalf("unknown setting: %d %q", code, errOut)
	}
	if code, out, _ := run(t, "config", "--db", db); code != 0 || !strings.Contains(out, "date-order") || !strings.Contains(out, "EUR") {
		t.Fatalf("config list: %d %q", code, out)
	}
}

// A group of commands refuses a word it does not know with exit 2, as
// rolo itself does, and shows its help when given nothing.
func TestGroupsRefuseUnknownCommands(t *testing.T) {
	for _, group := range []string{"add", "issue", "contract", "contact", "spend", "survey", "task"} {
		code, _, errOut := run(t, group, "bogus")
		if code != 2 || !strings.Contains(errOut, `unknown command "bogus" for 'rolo `+group+`'`) {
			t.Errorf("rolo %s bogus: exit %d, %q", group, code, errOut)
		}
		if code, out, _ := run(t, group); code != 0 || !strings.Contains(out, "USAGE") {
			t.Errorf("rolo %s: exit %d, %q", group, code, out)
		}
	}
}
