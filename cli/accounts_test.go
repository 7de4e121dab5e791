package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"rolo/model"
)

// The account manager's commands, run as a shell would on a real file.

// amDB is a fresh database with a customer (Initech) and a prospect.
func amDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "rolo.db")
	mustRun(t, "init", "--db", db)
	mustRun(t, "account", "add", "Initech", "--status", "customer", "--tier", "mid-market", "--db", db)
	mustRun(t, "add", "account", "Initrode", "--db", db)
	return db
}

func accountsJSON(t *testing.T, args ...string) []accountJSON {
	t.Helper()
	var out []accountJSON
	if err := json.Unmarshal([]byte(mustRun(t, append([]string{"accounts", "--json"}, args...)...)), &out); err != nil {
		t.Fatalf("accounts --json: %v", err)
	}
	return out
}

func TestAccountAddEditArchive(t *testing.T) {
	db := amDB(t)
	got := accountsJSON(t, "--db", db)
	if len(got) != 2 || got[0].Name != "Initech" || got[0].CadenceDays != 30 || got[0].CustomerSince != "2026-11-27" ||
		got[0].Health == nil || got[1].Health != nil {
		t.Fatalf("accounts = %+v", got)
	}
	want(t, 0, "Saved account Initech (account:1).", "account", "edit", "initech", "--cadence", "14", "--tier", "enterprise", "--db", db)
	want(t, 2, "say what to change", "account", "edit", "initech", "--db", db)
	want(t, 2, "churn reason: say why the customer left", "account", "edit", "initech", "--status", "churned", "--db", db)
	want(t, 2, "matches several accounts", "account", "edit", "init", "--cadence", "7", "--db", db)
	want(t, 2, "account:1  Initech", "account", "init", "--db", db)
	got = accountsJSON(t, "--db", db)
	if got[0].CadenceDays != 14 || got[0].Tier != "enterprise" || got[0].CheckInDue != "2026-12-11" {
		t.Fatalf("after editing: %+v", got[0])
	}
	mustRun(t, "add", "deal", "--account", "Initech", "--title", "Extra seats", "--value", "5k", "--kind", "expansion", "--db", db)
	want(t, 2, "Initech still has 1 open deal", "account", "archive", "Initech", "--db", db)
	want(t, 0, "Archived account Initrode (account:2); rolo undo brings it back.", "account", "archive", "Initrode", "--db", db)
	if got := accountsJSON(t, "--db", db); len(got) != 1 {
		t.Fatalf("archived account still listed: %+v", got)
	}
	want(t, 0, "Undid: archive account Initrode", "undo", "--db", db)
	// A new enterprise account gets the tier's cadence; --cadence 0 none.
	mustRun(t, "account", "add", "Big Co", "--tier", "enterprise", "--db", db)
	mustRun(t, "account", "add", "Quiet Co", "--cadence", "0", "--db", db)
	for _, a := range accountsJSON(t, "--db", db) {
		if (a.Name == "Big Co" && a.CadenceDays != 14) || (a.Name == "Quiet Co" && (a.CadenceDays != 0 || a.CheckInDue != "")) {
			t.Errorf("%s: cadence %d, due %q", a.Name, a.CadenceDays, a.CheckInDue)
		}
	}
}

func TestCheckInAndTheQueue(t *testing.T) {
	db := demoDB(t)
	var due []accountJSON
	if err := json.Unmarshal([]byte(mustRun(t, "accounts", "--due", "--json", "--db", db)), &due); err != nil || len(due) == 0 {
		t.Fatalf("accounts --due: %v %+v", err, due)
	}
	first := due[0]
	for i, a := range due {
		if a.Status != "customer" || a.CheckInDue > "2026-11-27" || (i > 0 && a.CheckInDue < due[i-1].CheckInDue) {
			t.Fatalf("--due lists customers due, most late first: %+v", due)
		}
		if a.Health == nil || a.Health.Score != 100+sumPoints(a.Health) {
			t.Fatalf("health must be 100 plus its reasons: %+v", a.Health)
		}
	}
	// Today carries the same rows, with the account.
	var items []todayJSON
	if err := json.Unmarshal([]byte(mustRun(t, "today", "--json", "--limit", "0", "--db", db)), &items); err != nil {
		t.Fatal(err)
	}
	checkIns := 0
	for _, it := range items {
		if it.Reason == "check-in due" {
			checkIns++
			if it.Account == nil || it.Deal != nil || it.Account.CheckInDue > "2026-11-27" {
				t.Fatalf("check-in row = %+v", it)
			}
		}
		if it.Reason == "task due" && (it.Task == nil || it.Account == nil || it.Task.Due > "2026-11-27") {
			t.Fatalf("task row = %+v", it)
		}
	}
	if checkIns != len(due) {
		t.Errorf("today has %d check-ins due, accounts --due %d", checkIns, len(due))
	}
	name := "account:" + itoa(first.ID)
	want(t, 0, "Logged check-in on account "+first.Name, "checkin", name, "Quarterly check-in: all good", "--db", db)
	for _, a := range accountsJSON(t, "--due", "--db", db) {
		if a.ID == first.ID {
			t.Fatalf("%s is still due after the check-in", first.Name)
		}
	}
	var page accountPageJSON
	if err := json.Unmarshal([]byte(mustRun(t, "account", name, "--json", "--db", db)), &page); err != nil {
		t.Fatal(err)
	}
	if page.Account.LastTouch != "2026-11-27T10:00:00Z" || page.Timeline.Entries[0].Label != "check-in" ||
		page.Timeline.Entries[0].Summary != "Quarterly check-in: all good" {
		t.Fatalf("after the check-in: %+v / %+v", page.Account, page.Timeline.Entries[0])
	}
	// --next sets the day of the next check-in instead of the cadence.
	want(t, 0, "Next check-in due 2027-01-15.", "checkin", name, "Renewal chat", "--next", "2027-01-15", "--task", "Send pricing", "--due", "fri", "--db", db)
	if err := json.Unmarshal([]byte(mustRun(t, "account", name, "--json", "--db", db)), &page); err != nil {
		t.Fatal(err)
	}
	if page.Account.CheckInDue != "2027-01-15" || page.Account.NextCheckIn != "2027-01-15" {
		t.Fatalf("next check-in: %+v", page.Account)
	}
	want(t, 2, "--task needs --due", "checkin", name, "x", "--task", "Send pricing", "--db", db)
	want(t, 2, "pick a day after today for the next check-in", "checkin", name, "x", "--next", "yesterday", "--db", db)
	want(t, 0, "Undid: check in with "+first.Name, "undo", "--db", db)
}

func sumPoints(h *model.Health) int {
	n := 0
	for _, r := range h.Reasons {
		n += r.Points
	}
	return max(-100, n)
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestLogOnAnAccountAddsATask(t *testing.T) {
	db := amDB(t)
	want(t, 0, "Logged call on account Initech (account:1). Task: Send the deck, due 2026-12-04.",
		"log", "Initech", "--kind", "call", "Asked for a deck", "--next", "Send the deck", "--due", "fri", "--db", db)
	want(t, 0, "Task due 2026-12-01.", "log", "--account", "Initech", "--kind", "task", "Book the QBR", "--due", "tue", "--db", db)
	want(t, 2, "a task on an account is the text with --due", "log", "Initech", "--kind", "task", "Book the QBR", "--db", db)
	var page accountPageJSON
	if err := json.Unmarshal([]byte(mustRun(t, "account", "Initech", "--json", "--db", db)), &page); err != nil {
		t.Fatal(err)
	}
	dues := map[string]string{}
	for _, e := range page.Timeline.Entries {
		dues[e.Summary] = e.Due
	}
	if dues["Send the deck"] != "2026-12-04" || dues["Book the QBR"] != "2026-12-01" || dues["Asked for a deck"] != "" {
		t.Fatalf("timeline = %+v", page.Timeline.Entries)
	}
}

func TestContactsIssuesAndSurveys(t *testing.T) {
	db := amDB(t)
	want(t, 0, "Added Milton Waddams to Initech (contact:1).", "contact", "add", "Initech", "Milton Waddams", "--title", "Collator",
		"--email", "milton@initech.example", "--db", db)
	want(t, 2, "is not an email address", "contact", "add", "Initech", "Bob", "--email", "bob at initech", "--db", db)
	want(t, 0, "Saved Milton Waddams (contact:1).", "contact", "edit", "Initech", "milton", "--phone", "+1 555 0199", "--db", db)
	want(t, 2, "no contact of this account matches", "contact", "edit", "Initech", "lumbergh", "--phone", "1", "--db", db)
	var contacts []contactJSON
	if err := json.Unmarshal([]byte(mustRun(t, "contact", "list", "Initech", "--json", "--db", db)), &contacts); err != nil ||
		len(contacts) != 1 || contacts[0].Phone != "+1 555 0199" {
		t.Fatalf("contacts = %+v %v", contacts, err)
	}

	want(t, 0, "Opened issue 1 (urgent) on Initech: TPS reports fail", "issue", "add", "Initech", "TPS reports fail", "--severity", "urgent", "--db", db)
	want(t, 2, "--severity: \"blocker\" is not low, normal, high or urgent", "issue", "add", "Initech", "x", "--severity", "blocker", "--db", db)
	want(t, 2, "say what fixed it", "issue", "resolve", "1", "--db", db)
	want(t, 0, "Saved issue 1 (high)", "issue", "edit", "issue:1", "--severity", "high", "--db", db)
	want(t, 0, "Resolved issue 1 (high): TPS reports fail", "issue", "resolve", "1", "--note", "New cover sheet", "--db", db)
	want(t, 2, "issue 1 is already resolved", "issue", "resolve", "1", "--note", "again", "--db", db)
	var issues []issueJSON
	if err := json.Unmarshal([]byte(mustRun(t, "issue", "list", "Initech", "--json", "--db", db)), &issues); err != nil ||
		len(issues) != 1 || issues[0].Status != "resolved" || issues[0].Resolution != "New cover sheet" || issues[0].Account != "Initech" {
		t.Fatalf("issues = %+v %v", issues, err)
	}
	want(t, 0, "Reopened issue 1", "issue", "reopen", "1", "--db", db)
	want(t, 0, "No issues.", "issue", "list", "Initrode", "--db", db)
	want(t, 2, "is not an issue id", "issue", "reopen", "one", "--db", db)

	want(t, 0, "Recorded CSAT 4 from Initech (answer 1).", "survey", "add", "Initech", "--csat", "4", "--comment", "Fast fix", "--contact", "milton", "--db", db)
	want(t, 2, "score: a CSAT score is 1 to 5", "survey", "add", "Initech", "--csat", "9", "--db", db)
	want(t, 2, "one answer at a time", "survey", "add", "Initech", "--csat", "4", "--nps", "9", "--db", db)
	want(t, 2, "give the answer", "survey", "add", "Initech", "--db", db)
	want(t, 0, "Recorded NPS 3 from Initech", "survey", "add", "Initech", "--nps", "3", "--when", "yesterday", "--db", db)
	var surveys []surveyJSON
	if err := json.Unmarshal([]byte(mustRun(t, "survey", "list", "Initech", "--json", "--db", db)), &surveys); err != nil ||
		len(surveys) != 2 || surveys[0].Kind != "csat" || surveys[0].Contact != "Milton Waddams" || surveys[1].At != "2026-11-26T12:00:00Z" {
		t.Fatalf("surveys = %+v %v", surveys, err)
	}
	// The account's health sees all of it, in the documented JSON shape.
	out := mustRun(t, "accounts", "--json", "--filter", "initech", "--db", db)
	var raw []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	if got := string(raw[0]["health"]); !strings.Contains(got, `"score": 65`) || !strings.Contains(got, `"why": "no contract in force"`) ||
		!strings.Contains(got, `"why": "1 high issue open 0d"`) || !strings.Contains(got, `"why": "NPS 3/10 on Nov 26 (detractor)"`) {
		t.Errorf("health JSON = %s", got)
	}
	text := mustRun(t, "account", "Initech", "--db", db)
	for _, s := range []string{"Initech (account:1) · customer · mid-market", "Health:    65 = 100 · -15 no contract in force · -10 1 high issue open 0d",
		"Contacts (1)", "Milton Waddams", "Issues (1)", "TPS reports fail", "Surveys (2)", "Fast fix", "Timeline (newest"} {
		if !strings.Contains(text, s) {
			t.Errorf("the account page lacks %q:\n%s", s, text)
		}
	}
	want(t, 0, "Undid: record NPS 3 from Initech", "undo", "--db", db)
}

func TestAccountsSortsAndRefusals(t *testing.T) {
	db := demoDB(t)
	var byHealth []accountJSON
	if err := json.Unmarshal([]byte(mustRun(t, "accounts", "--json", "--status", "customer", "--sort", "health", "--limit", "0", "--db", db)), &byHealth); err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(byHealth); i++ {
		if byHealth[i].Health.Score < byHealth[i-1].Health.Score {
			t.Fatalf("not worst health first at %d: %d after %d", i, byHealth[i].Health.Score, byHealth[i-1].Health.Score)
		}
	}
	want(t, 2, "--sort: sort by \"size\"? choose one of: name, status, tier, health, ARR", "accounts", "--sort", "size", "--db", db)
	text := mustRun(t, "accounts", "--sort", "arr", "--limit", "3", "--db", db)
	if !strings.Contains(text, "Health  Main reason") || !strings.Contains(text, "Showing 3 of 80 accounts") {
		t.Errorf("accounts table:\n%s", text)
	}
}

// TestHostileTextOnTheAccountManagersPaths: names, titles and comments
// from the hostile-text corpus reach the account manager's commands —
// tables, the account page, messages and errors — inert.
func TestHostileTextOnTheAccountManagersPaths(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	mustRun(t, "init", "--db", db)
	for i, h := range model.HostileTexts() {
		if utf8.RuneCountInString(h.Text) > model.MaxNameLen {
			continue
		}
		id := "account:" + itoa(int64(i+1))
		code, out, errOut := run(t, "account", "add", h.Text, "--status", "customer", "--allow-duplicate", "--db", db)
		assertInert(t, h.Name+": account add", out+errOut)
		if code != 0 {
			t.Fatalf("%s: account add: %d %q", h.Name, code, errOut)
		}
		for _, args := range [][]string{
			{"checkin", id, h.Text, "--task", h.Text, "--due", "fri"},
			{"contact", "add", id, h.Text, "--title", h.Text},
			{"issue", "add", id, h.Text, "--severity", "high"},
			{"survey", "add", id, "--csat", "2", "--comment", h.Text},
			{"account", id},
			{"account", h.Text},
			{"issue", "list"},
			{"survey", "list", id},
			{"contact", "list", id},
		} {
			_, out, errOut := run(t, append(args, "--db", db)...)
			assertInert(t, h.Name+": "+args[0], out+errOut)
		}
	}
	for _, args := range [][]string{{"accounts"}, {"accounts", "--due"}, {"today"}, {"accounts", "--json"}, {"today", "--json"}} {
		_, out, errOut := run(t, append(args, "--db", db)...)
		assertInert(t, strings.Join(args, " "), out+errOut)
	}
}

// An account task is marked done from the command line as `d` does in the
// app: picked by a part of its text when there are several, with the next
// task in the same step, and undone by rolo undo.
func TestTaskDone(t *testing.T) {
	db := amDB(t)
	want(t, 2, "Initech has no open task", "task", "done", "Initech", "--db", db)
	want(t, 0, "Task due 2026-12-01.", "log", "--account", "Initech", "--kind", "task", "Book the QBR", "--due", "tue", "--db", db)
	want(t, 0, "Task due 2026-12-04.", "log", "--account", "Initech", "--kind", "task", "Send the pricing", "--due", "fri", "--db", db)
	want(t, 2, "Initech has 2 open tasks; add a part of one's text:\n  due 2026-12-01  Book the QBR\n  due 2026-12-04  Send the pricing",
		"task", "done", "Initech", "--db", db)
	want(t, 2, `Initech has no open task saying "invoice"`, "task", "done", "Initech", "invoice", "--db", db)
	want(t, 2, "--next needs --due", "task", "done", "Initech", "pricing", "--next", "Chase", "--db", db)
	want(t, 0, "Done: Send the pricing (Initech, due 2026-12-04). Next task: Chase the signature, due 2026-12-08.",
		"task", "done", "Initech", "PRICING", "--next", "Chase the signature", "--due", "2026-12-08", "--db", db)
	var page accountPageJSON
	if err := json.Unmarshal([]byte(mustRun(t, "account", "Initech", "--json", "--db", db)), &page); err != nil {
		t.Fatal(err)
	}
	if page.Account.LastTouch == "" || !strings.HasPrefix(page.Account.LastTouch, "2026-11-27") {
		t.Errorf("a task done is a touch: last touch %q", page.Account.LastTouch)
	}
	want(t, 0, "Done: Book the QBR", "task", "done", "Initech", "qbr", "--db", db)
	want(t, 0, "Undid: done: Book the QBR", "undo", "--db", db)
	want(t, 2, "Initech has 2 open tasks", "task", "done", "Initech", "--db", db)
}
