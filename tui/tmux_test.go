package tui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBinaryInTmux builds the real rolo binary, fills a demo database,
// runs the app in a detached tmux session (its own server socket, no user
// config) and types into it like a person: Pipeline, move the selected
// card a stage right; a shell adds a deal, which the app shows by itself;
// then a renewal review on Renewals — renew with a 5% uplift, churn,
// snooze, undo the snooze — and quit. The command line then shows the
// move and each decision. A second session is an account manager's
// check-in, from the Accounts tab to the account page.
func TestBinaryInTmux(t *testing.T) {
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux is not on PATH")
	}
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	out, err := exec.Command(goBin, "env", "GOMOD").Output()
	gomod := strings.TrimSpace(string(out))
	if err != nil || gomod == "" || gomod == os.DevNull {
		t.Skipf("cannot find the module root: %v", err)
	}
	root := filepath.Dir(gomod)

	dir := t.TempDir()
	bin := filepath.Join(dir, "rolo")
	build := exec.Command(goBin, "build", "-o", bin, ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	const now = "ROLO_NOW=2026-11-27T10:00:00Z"
	db := filepath.Join(dir, "x.db")
	rolo := func(args ...string) []byte {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), now)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("rolo %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		return out
	}
	rolo("demo", "--db", db)
	counts := func() map[string]int {
		t.Helper()
		var stages []struct {
			Stage string `json:"stage"`
			Count int    `json:"count"`
		}
		if err := json.Unmarshal(rolo("pipeline", "--json", "--db", db), &stages); err != nil {
			t.Fatalf("pipeline --json: %v", err)
		}
		m := map[string]int{}
		for _, s := range stages {
			m[s.Stage] = s.Count
		}
		return m
	}
	before := counts()
	if before["Prospecting"] == 0 {
		t.Fatalf("the demo has no prospecting deals: %v", before)
	}

	socket := fmt.Sprintf("rolo-test-%d-%d", os.Getpid(), time.Now().UnixNano())
	session := "rolo"
	tm := func(args ...string) (string, error) {
		cmd := exec.Command(tmux, append([]string{"-L", socket, "-f", os.DevNull}, args...)...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	t.Cleanup(func() { tm("kill-server") })
	// An env prefix rather than new-session -e, which older tmux lacks.
	app := fmt.Sprintf("env %s TERM=xterm-256color %s --db %s", now, shq(bin), shq(db))
	if out, err := tm("new-session", "-d", "-s", session, "-x", "100", "-y", "30", app); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	capture := func() string {
		out, _ := tm("capture-pane", "-p", "-t", session)
		return out
	}
	waitPane := func(what string, cond func(string) bool) string {
		t.Helper()
		// Generous: other work on the machine can slow the app down.
		deadline := time.Now().Add(15 * time.Second)
		for {
			pane := capture()
			if cond(pane) {
				return pane
			}
			if time.Now().After(deadline) {
				t.Fatalf("waiting for %s; the pane shows:\n%s", what, pane)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	keys := func(k ...string) {
		t.Helper()
		if out, err := tm(append([]string{"send-keys", "-t", session}, k...)...); err != nil {
			t.Fatalf("tmux send-keys: %v\n%s", err, out)
		}
	}
	has := func(subs ...string) func(string) bool {
		return func(pane string) bool {
			for _, s := range subs {
				if !strings.Contains(pane, s) {
					return false
				}
			}
			return true
		}
	}

	waitPane("the Today queue", has("1 Today", "overdue", "Why", "What"))
	keys("2")
	waitPane("the board", has("PROSPECTING", "QUALIFYING", "▌"))
	keys("L")
	pane := waitPane("the move", has("Moved ", "to Qualifying"))
	moved := pane[strings.Index(pane, "Moved "):]
	moved = strings.TrimSpace(moved[:strings.Index(moved, "\n")+1])
	// Another writer (a shell beside the app) adds a deal: the app shows
	// it within a second or so, without a key.
	rolo("add", "deal", "--account", "Script Co", "--title", "Scripted from a shell", "--value", "1k", "--db", db)
	waitPane("the app to notice the other writer", has("Scripted from"))
	after := counts() // read while the app runs: reading never writes

	// The renewal review: renew this week's first contract with a 5%
	// uplift, churn the next, snooze the one after and undo the snooze.
	var week []struct {
		ContractID int64  `json:"contract_id"`
		Account    string `json:"account"`
		End        string `json:"end"`
		Value      struct {
			Minor    int64  `json:"minor"`
			Currency string `json:"currency"`
		} `json:"value"`
	}
	if err := json.Unmarshal(rolo("renewals", "--json", "--db", db), &week); err != nil || len(week) < 3 {
		t.Fatalf("the demo's week of renewals: %v (%d rows)", err, len(week))
	}
	renewed, churned, snoozed := week[0], week[1], week[2]
	keys("4")
	waitPane("the review", has("Renewals · this week", "up for renewal", shortName(renewed.Account), shortName(churned.Account)))
	keys("r")
	waitPane("the renew form", has("Renew", "enter saves"))
	keys("+5%", "Enter")
	waitPane("the renewal", has("Renewed ", "(+5%)"))
	keys("x")
	waitPane("the churn form", has("Churn — "+churned.Account))
	// A reason typed; ctrl+s saves from any field (the harness tests walk
	// the form with enter; here the suggestions arrive at their own pace).
	keys("budget cut")
	waitPane("the reason", has("budget cut"))
	keys("C-s")
	waitPane("the churn", has("Churned "+churned.Account))
	keys("z")
	waitPane("the snooze form", has("Snooze — "+snoozed.Account))
	keys("Enter")
	waitPane("the snooze", has("Snoozed "+snoozed.Account))
	keys("u")
	waitPane("the undo", has("Undid: snooze contract of"))
	keys("1")
	waitPane("Today", has("Why", "What"))
	keys("q")
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, err := tm("has-session", "-t", session); err != nil {
			break // the app exited and took the session with it
		}
		if time.Now().After(deadline) {
			t.Fatalf("q did not quit; the pane shows:\n%s", capture())
		}
		time.Sleep(50 * time.Millisecond)
	}

	type contractRow struct {
		ID           int64  `json:"id"`
		Status       string `json:"status"`
		Start        string `json:"start"`
		RenewsID     int64  `json:"renews_id"`
		ChurnReason  string `json:"churn_reason"`
		SnoozedUntil string `json:"snoozed_until"`
		Value        struct {
			Minor int64 `json:"minor"`
		} `json:"value"`
	}
	var contracts []contractRow
	if err := json.Unmarshal(rolo("contracts", "--status", "all", "--limit", "100000", "--json", "--db", db), &contracts); err != nil {
		t.Fatalf("contracts: %v", err)
	}
	byID, renewing := map[int64]contractRow{}, map[int64]contractRow{}
	for _, c := range contracts {
		byID[c.ID] = c
		if c.RenewsID != 0 {
			renewing[c.RenewsID] = c
		}
	}
	old, next := byID[renewed.ContractID], renewing[renewed.ContractID]
	if want := (renewed.Value.Minor*105 + 50) / 100; old.Status != "renewed" || next.Value.Minor != want || next.Start <= renewed.End {
		t.Errorf("after r +5%%: %+v then %+v (want %d from %s)", old, next, want, renewed.End)
	}
	if c := byID[churned.ContractID]; c.Status != "churned" || c.ChurnReason != "budget cut" {
		t.Errorf("after x: %+v", c)
	}
	if c := byID[snoozed.ContractID]; c.Status != "active" || c.SnoozedUntil != "" {
		t.Errorf("after z and u: %+v", c)
	}

	// The move took a deal out of Prospecting and the shell added one.
	if after["Prospecting"] != before["Prospecting"] || after["Qualifying"] != before["Qualifying"]+1 {
		t.Fatalf("%s, but the counts went %v → %v", moved, before, after)
	}
	for _, st := range []string{"Presenting", "Closing"} {
		if after[st] != before[st] {
			t.Errorf("%s count changed: %d → %d", st, before[st], after[st])
		}
	}

	// An account manager's morning: the customer most overdue for a
	// check-in is found on the Accounts tab, opened, and checked in with in
	// one key and one line; it leaves the check-ins due.
	type account struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	}
	dueAccounts := func() []account {
		t.Helper()
		var due []account
		if err := json.Unmarshal(rolo("accounts", "--due", "--json", "--db", db), &due); err != nil {
			t.Fatalf("accounts --due --json: %v", err)
		}
		return due
	}
	due := dueAccounts()
	if len(due) == 0 {
		t.Fatal("the demo has no customer due a check-in")
	}
	target := due[0]
	session = "am"
	if out, err := tm("new-session", "-d", "-s", session, "-x", "100", "-y", "30", app); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	waitPane("the Today queue", has("urgent", "Why"))
	keys("3")
	waitPane("the Accounts tab", has("sorted by name", "Health", "Check-in"))
	keys("/")
	keys("-l", target.Name)
	keys("Enter")
	waitPane("the filtered list", has("1 account ·"))
	keys("Enter")
	waitPane("the account page", has("[Timeline", "Check-in every", "late"))
	keys("c")
	waitPane("the check-in dialog", has("Check in —", "What happened"))
	keys("-l", "Called from tmux: all good")
	keys("Enter")
	waitPane("the check-in saved", has("Checked in with"))
	keys("q")
	deadline = time.Now().Add(5 * time.Second)
	for {
		if _, err := tm("has-session", "-t", session); err != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("q did not quit; the pane shows:\n%s", capture())
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, a := range dueAccounts() {
		if a.ID == target.ID {
			t.Fatalf("%s is still due a check-in after it", target.Name)
		}
	}
	var page struct {
		Timeline struct {
			Entries []struct {
				Label   string `json:"label"`
				Summary string `json:"summary"`
			} `json:"entries"`
		} `json:"timeline"`
	}
	if err := json.Unmarshal(rolo("account", fmt.Sprintf("account:%d", target.ID), "--json", "--db", db), &page); err != nil {
		t.Fatal(err)
	}
	if e := page.Timeline.Entries[0]; e.Label != "check-in" || e.Summary != "Called from tmux: all good" {
		t.Fatalf("the newest entry of %s is %+v", target.Name, e)
	}
}

// shortName is the start of an account's name, as a narrow table shows it.
func shortName(name string) string {
	r := []rune(name)
	return string(r[:min(len(r), 10)])
}

// shq quotes s for sh.
func shq(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
