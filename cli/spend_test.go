package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestSpendCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	if code, _, errOut := run(t, "init", "--db", db); code != 0 {
		t.Fatal(errOut)
	}
	adds := []struct {
		args []string
		says string
	}{
		{[]string{"2026-11", "4.8k", "--channel", "ads", "--note", "LinkedIn, November"}, "Added spend 1: 2026-11-01 ads $4,800.00"},
		{[]string{"yesterday", "EUR 2,500", "--channel", "Events"}, "Added spend 2: 2026-11-26 events €2,500.00"},
		{[]string{"2026-10-03", "150", "--channel", "referral-fees"}, "Added spend 3: 2026-10-03 referral fees $150.00"},
		{[]string{"2026-09-30", "99", "--channel", "tools"}, "Added spend 4: 2026-09-30 tools £99.00"},
	}
	for i, a := range adds {
		if i == len(adds)-1 { // an amount without a currency is in the default currency
			if code, _, errOut := run(t, "config", "set", "currency", "GBP", "--db", db); code != 0 {
				t.Fatal(errOut)
			}
		}
		code, out, errOut := run(t, append([]string{"spend", "add", "--db", db}, a.args...)...)
		if code != 0 || strings.TrimSpace(out) != a.says {
			t.Errorf("spend add %v: %d %q %q, want %q", a.args, code, out, errOut, a.says)
		}
	}
	bad := []struct {
		args []string
		says string
	}{
		{[]string{"2026-11", "100"}, "--channel ads, events, referral fees, tools or other"},
		{[]string{"2026-11", "100", "--channel", "tv"}, `"tv" is not a spend channel`},
		{[]string{"2026-11", "100", "--channel", "cold call"}, "not a spend channel"},
		{[]string{"2026-11-31", "100", "--channel", "ads"}, "November has no day 31"},
		{[]string{"2026-11", "12.345", "--channel", "ads"}, "too many decimals"},
		{[]string{"2026-11", "(5)", "--channel", "ads"}, "cannot be negative"},
		{[]string{"2026-11"}, "needs a date and an amount"},
	}
	for _, b := range bad {
		code, out, errOut := run(t, append([]string{"spend", "add", "--db", db}, b.args...)...)
		if code != 2 || !strings.Contains(errOut, b.says) || out != "" {
			t.Errorf("spend add %v: exit %d %q, want 2 and %q", b.args, code, errOut, b.says)
		}
	}

	code, out, _ := run(t, "spend", "list", "--db", db, "--json", "--from", "2026-10", "--to", "2026-11")
	var rows []spendJSON
	if code != 0 || json.Unmarshal([]byte(out), &rows) != nil {
		t.Fatalf("spend list --json: %d %s", code, out)
	}
	if len(rows) != 3 || rows[0].ID != 2 || rows[0].Date != "2026-11-26" || rows[0].Amount.Minor != 250000 || rows[0].Amount.Currency != "EUR" ||
		rows[2].Channel != "referral fees" || rows[1].Note != "LinkedIn, November" {
		t.Errorf("spend list = %+v", rows)
	}
	code, out, _ = run(t, "spend", "list", "--db", db)
	if code != 0 || !strings.Contains(out, "LinkedIn, November") || !strings.Contains(out, "4 rows") {
		t.Errorf("spend list table: %s", out)
	}
	if code, _, errOut := run(t, "spend", "list", "--db", db, "--from", "2026-11", "--to", "2026-10"); code != 2 || !strings.Contains(errOut, "swap") {
		t.Errorf("reversed range: %d %s", code, errOut)
	}

	// Edit, archive, undo.
	if code, out, errOut := run(t, "spend", "edit", "1", "--amount", "5200", "--db", db); code != 0 || !strings.Contains(out, "$5,200.00") {
		t.Errorf("edit: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := run(t, "spend", "edit", "1", "--db", db); code != 2 || !strings.Contains(errOut, "say what to change") {
		t.Errorf("edit nothing: %d %s", code, errOut)
	}
	if code, _, errOut := run(t, "spend", "edit", "99", "--note", "x", "--db", db); code != 2 || !strings.Contains(errOut, "no spend 99") {
		t.Errorf("edit a missing row: %d %s", code, errOut)
	}
	if code, out, _ := run(t, "spend", "archive", "1", "--db", db); code != 0 || !strings.Contains(out, "Archived spend 1") {
		t.Errorf("archive: %d %s", code, out)
	}
	r := reportJSONOf(t, "--db", db)
	if r["cac"].(map[string]any)["USD"] != nil {
		t.Errorf("archived spend still in CAC: %v", r["cac"])
	}
	if code, out, _ := run(t, "undo", "--db", db); code != 0 || !strings.Contains(out, "archive spend") {
		t.Errorf("undo: %d %s", code, out)
	}
	r = reportJSONOf(t, "--db", db)
	if got := r["cac"].(map[string]any)["USD"].(map[string]any)["spend_minor"]; got != 520000.0 {
		t.Errorf("after undo, November USD spend = %v, want the edited 5,200.00", got)
	}
	if code, _, errOut := run(t, "spend", "archive", "x1", "--db", db); code != 2 || !strings.Contains(errOut, "not a spend id") {
		t.Errorf("bad id: %d %s", code, errOut)
	}
}
