package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The renewal commands as a shell calls them, with the clock pinned to
// Friday 27 Nov 2026 (this week: Mon 23 – Sun 29 Nov).

func TestRenewalsJSONRows(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	mustRun(t, "init", "--db", db)
	mustRun(t, "add", "account", "Falconcrest Power", "--status", "customer", "--db", db)
	out := mustRun(t, "contract", "add", "Falconcrest", "--value", "EUR 88k", "--start", "2025-11-29", "--term", "12m", "--notice", "60", "--db", db)
	if !strings.Contains(out, "Added contract 1 for Falconcrest Power: €88,000.00 a year, Nov 29 2025 – Nov 28, notice 60 days (deadline Sep 29)") {
		t.Fatalf("contract add: %q", out)
	}
	mustRun(t, "add", "account", "Later Co", "--status", "customer", "--db", db)
	mustRun(t, "contract", "add", "Later Co", "--value", "10k", "--start", "2026-06-01", "--term", "1y", "--db", db) // notice Apr 30: out
	mustRun(t, "issue", "add", "Falconcrest", "Exports fail", "--severity", "urgent", "--db", db)

	var rows []map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, "renewals", "--json", "--db", db)), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Fatalf("this week holds %d rows: %v", len(rows), rows)
	}
	row := rows[0]
	var keys []string
	for k := range row {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if got := strings.Join(keys, ","); got != "account,auto_renew,contract_id,days_left,end,health,notice_deadline,renewal_deal,start,status,value" {
		t.Fatalf("fields = %s", got)
	}
	value := row["value"].(map[string]any)
	if row["contract_id"] != 1.0 || row["account"] != "Falconcrest Power" || value["minor"] != 8_800_000.0 || value["currency"] != "EUR" ||
		value["display"] != "€88,000.00" || row["start"] != "2025-11-29" || row["end"] != "2026-11-28" || row["notice_deadline"] != "2026-09-29" ||
		row["days_left"] != 1.0 || row["auto_renew"] != false || row["status"] != "active" || row["renewal_deal"] != nil {
		t.Fatalf("row = %v", row)
	}
	// The account's health, as rolo accounts shows it: an urgent issue
	// (−20) and the contract ending with no renewal in progress (−15).
	health := row["health"].(map[string]any)
	if health["score"] != 65.0 || len(health["reasons"].([]any)) != 2 {
		t.Errorf("health = %v", health)
	}
	var accounts []map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, "accounts", "--json", "--db", db)), &accounts); err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(accounts[0]["health"]), fmt.Sprint(health); accounts[0]["name"] != "Falconcrest Power" || got != want {
		t.Errorf("the account's health %s, the renewal row's %s", got, want)
	}
	if table := mustRun(t, "renewals", "--db", db); !strings.Contains(table, "1 up for renewal (€88,000.00) · 1 at risk (€88,000.00)") {
		t.Errorf("table:\n%s", table)
	}

	// A renewal deal shows with its stage.
	mustRun(t, "add", "deal", "--account", "Falconcrest Power", "--title", "Falconcrest 2027 renewal", "--value", "EUR 90k",
		"--kind", "renewal", "--stage", "closing", "--close", "2026-11-28", "--db", db)
	var withDeal []renewalJSON
	if err := json.Unmarshal([]byte(mustRun(t, "renewals", "--json", "--db", db)), &withDeal); err != nil {
		t.Fatal(err)
	}
	if d := withDeal[0].RenewalDeal; d == nil || d.ID != 1 || d.Stage != "Closing" {
		t.Fatalf("renewal deal = %+v", d)
	}
	// The table says what the window is and what is in it (the renewal
	// deal lifted Falconcrest's health from 65, at risk, to 80).
	table := mustRun(t, "renewals", "--db", db)
	if !strings.Contains(table, "This week · Mon Nov 23 – Sun Nov 29: 1 up for renewal (€88,000.00) · 0 at risk (—)") ||
		!strings.Contains(table, "Falconcrest Power") || strings.Contains(table, "Later Co") {
		t.Errorf("table:\n%s", table)
	}
	// Wider windows.
	if out := mustRun(t, "renewals", "--all", "--db", db); !strings.Contains(out, "Later Co") {
		t.Errorf("--all:\n%s", out)
	}
	var within []renewalJSON
	json.Unmarshal([]byte(mustRun(t, "renewals", "--within", "6m", "--json", "--db", db)), &within)
	if len(within) != 2 {
		t.Errorf("--within 6m: %d rows", len(within))
	}
	var span []renewalJSON
	json.Unmarshal([]byte(mustRun(t, "renewals", "--from", "2027-05-01", "--to", "2027-05-31", "--json", "--db", db)), &span)
	if len(span) != 2 { // Later Co's notice (May 1) is in it, Falconcrest is overdue
		t.Errorf("--from/--to: %d rows", len(span))
	}
	for _, bad := range [][]string{{"--week", "--within", "30d"}, {"--from", "2027-01-01"}, {"--within", "soon"}, {"--from", "2027-02-01", "--to", "2027-01-01"}} {
		if code, _, errOut := run(t, append([]string{"renewals", "--db", db}, bad...)...); code != 2 || errOut == "" {
			t.Errorf("renewals %v: exit %d %q", bad, code, errOut)
		}
	}
}

func TestRenewChurnAndUndo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	mustRun(t, "init", "--db", db)
	mustRun(t, "add", "account", "Greenshore", "--status", "customer", "--db", db)
	mustRun(t, "contract", "add", "Greenshore", "--value", "17.5k", "--start", "2025-11-29", "--term", "12m", "--notice", "60", "--db", db)
	if code, _, errOut := run(t, "renew", "Greenshore", "--value", "52k", "--uplift", "5%", "--db", db); code != 2 || !strings.Contains(errOut, "not both") {
		t.Errorf("value and uplift: %d %q", code, errOut)
	}
	out := mustRun(t, "renew", "Greenshore", "--uplift", "5", "--term", "2y", "--db", db)
	if !strings.Contains(out, "Renewed contract 1 (Greenshore): contract 2 runs Nov 29 – Nov 28 2028 at $18,375.00 a year (+5%), notice 60 days.") ||
		!strings.Contains(out, "Recorded as won renewal deal 1 (Greenshore — 2026 renewal).") {
		t.Fatalf("renew: %q", out)
	}
	if code, _, errOut := run(t, "renew", "contract:1", "--db", db); code != 2 || !strings.Contains(errOut, "already renewed") {
		t.Errorf("renewing a renewed contract: %d %q", code, errOut)
	}
	var chain []contractJSON
	json.Unmarshal([]byte(mustRun(t, "contracts", "Greenshore", "--json", "--db", db)), &chain)
	if len(chain) != 2 || chain[0].ID != 2 || chain[0].RenewsID != 1 || chain[0].DealID != 1 || chain[1].Status != "renewed" {
		t.Fatalf("chain = %+v", chain)
	}
	// The new term has not started: it cannot end today.
	if code, _, errOut := run(t, "churn", "Greenshore", "--reason", "budget cut", "--now", "--db", db); code != 2 || !strings.Contains(errOut, "cannot end today") {
		t.Errorf("churn --now before the start: %d %q", code, errOut)
	}
	if code, _, errOut := run(t, "churn", "Greenshore", "--db", db); code != 2 || !strings.Contains(errOut, "--reason") {
		t.Errorf("churn without a reason: %d %q", code, errOut)
	}
	out = mustRun(t, "churn", "Greenshore", "--reason", "budget cut", "--db", db)
	if !strings.Contains(out, "Churned contract 2 (Greenshore): it ends Nov 28 2028 (budget cut).") || !strings.Contains(out, "Greenshore is now churned") {
		t.Fatalf("churn: %q", out)
	}
	var accounts []accountJSON
	json.Unmarshal([]byte(mustRun(t, "accounts", "--json", "--db", db)), &accounts)
	if accounts[0].Status != "churned" {
		t.Errorf("account = %+v", accounts[0])
	}
	if out := mustRun(t, "undo", "--db", db); !strings.Contains(out, "Undid: churn contract of Greenshore") {
		t.Errorf("undo: %q", out)
	}
	if out := mustRun(t, "undo", "--db", db); !strings.Contains(out, "Undid: renew contract of Greenshore") {
		t.Errorf("undo: %q", out)
	}
	json.Unmarshal([]byte(mustRun(t, "contracts", "Greenshore", "--json", "--db", db)), &chain)
	if len(chain) != 1 || chain[0].Status != "active" {
		t.Errorf("after undo: %+v", chain)
	}
	if code, _, errOut := run(t, "renew", "Nobody", "--db", db); code != 2 || !strings.Contains(errOut, "no account matches") {
		t.Errorf("unknown account: %d %q", code, errOut)
	}
}

// TestMoveRenewalDeal: rolo move X won|lost on a renewal deal is the
// renewal decision on its contract.
func TestMoveRenewalDeal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	mustRun(t, "init", "--db", db)
	mustRun(t, "add", "account", "Stormgrove", "--status", "customer", "--db", db)
	mustRun(t, "contract", "add", "Stormgrove", "--value", "16.1k", "--start", "2025-12-12", "--term", "12m", "--db", db)
	mustRun(t, "add", "deal", "--account", "Stormgrove", "--title", "Stormgrove renewal", "--value", "16.5k", "--kind", "renewal", "--db", db)
	out := mustRun(t, "move", "Stormgrove renewal", "won", "--db", db)
	if !strings.Contains(out, "Marked deal 1 (Stormgrove renewal) won.") ||
		!strings.Contains(out, "Renewed contract 1: contract 2 runs Dec 12 – Dec 11 2027 at $16,500.00 a year.") {
		t.Fatalf("move won: %q", out)
	}
	mustRun(t, "undo", "--db", db)
	out = mustRun(t, "move", "Stormgrove renewal", "lost", "--reason", "price", "--db", db)
	if !strings.Contains(out, "Churned contract 1: it ends Dec 11 (price).") || !strings.Contains(out, "Stormgrove is now churned") {
		t.Fatalf("move lost: %q", out)
	}
	var contracts []contractJSON
	json.Unmarshal([]byte(mustRun(t, "contracts", "--status", "all", "--json", "--db", db)), &contracts)
	if len(contracts) != 1 || contracts[0].Status != "churned" || contracts[0].ChurnReason != "price" {
		t.Errorf("contracts = %+v", contracts)
	}
}

// TestRenewWithAddOn: an account whose add-on ends with its contract has
// one renewal: rolo renew ACCOUNT renews both into one next term, the
// uplift on their value together.
func TestRenewWithAddOn(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	mustRun(t, "init", "--db", db)
	mustRun(t, "add", "account", "Acme", "--status", "customer", "--db", db)
	mustRun(t, "contract", "add", "Acme", "--value", "30k", "--start", "2026-01-01", "--term", "12m", "--db", db)
	mustRun(t, "contract", "add", "Acme", "--value", "10k", "--start", "2026-07-01", "--term", "6m", "--db", db) // ends Dec 31 too
	out := mustRun(t, "renew", "Acme", "--uplift", "5%", "--db", db)
	if !strings.Contains(out, "Renewed contract 1 and contract 2 (Acme): contract 3 runs Jan 1 – Dec 31 2027 at $42,000.00 a year (+5%)") {
		t.Fatalf("renew: %q", out)
	}
	var chain []contractJSON
	json.Unmarshal([]byte(mustRun(t, "contracts", "Acme", "--status", "all", "--json", "--db", db)), &chain)
	if len(chain) != 3 || chain[0].ID != 3 || chain[0].RenewsID != 1 || chain[1].Status != "renewed" || chain[2].Status != "renewed" {
		t.Fatalf("contracts = %+v", chain)
	}
}
