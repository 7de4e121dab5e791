package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emersion/go-ical"

	"rolo/model"
	"rolo/store"
)

// richBook is a database with a bit of everything: the demo book (deals
// with history, activities, contracts, issues, surveys, spend), the
// HubSpot fixtures (imported rows with their source ids and hostile
// text), and an archived row.
func richBook(t *testing.T) string {
	t.Helper()
	db := newDB(t)
	if code, out, errOut := run(t, "demo", "--db", db, "--force"); code != 0 {
		t.Fatalf("demo: %s %s", out, errOut)
	}
	if code, out, _ := run(t, importArgs(db, hubspotFiles...)...); code != 0 {
		t.Fatalf("import: %s", out)
	}
	if code, out, _ := run(t, "add", "account", "Mirror\u202eCo \u009b31m", "--db", db); code != 0 {
		t.Fatalf("add: %s", out)
	}
	if code, out, _ := run(t, "add", "account", "Archived Co", "--db", db); code != 0 {
		t.Fatalf("add: %s", out)
	}
	if code, out, _ := run(t, "undo", "--db", db); code != 0 {
		t.Fatalf("undo: %s", out)
	}
	return db
}

func TestJSONExportRoundTripsByteForByte(t *testing.T) {
	db := richBook(t)
	dir := t.TempDir()
	first := filepath.Join(dir, "first.json")
	if code, _, errOut := run(t, "export", "--db", db, "--format", "json", "--out", first); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	empty := newDB(t)
	code, out, errOut := run(t, importArgs(empty, first)...)
	if code != 0 || !strings.Contains(out, "is empty, so it is restored exactly") {
		t.Fatalf("restore: %d\n%s\n%s", code, out, errOut)
	}
	second := filepath.Join(dir, "second.json")
	if code, _, errOut := run(t, "export", "--db", empty, "--format", "json", "--out", second); code != 0 {
		t.Fatalf("second export: %s", errOut)
	}
	a, _ := os.ReadFile(first)
	b, _ := os.ReadFile(second)
	if !bytes.Equal(a, b) {
		t.Fatalf("the round trip changed the export (%d vs %d bytes)", len(a), len(b))
	}
	// Text is verbatim: the terminal escape is encoded by JSON, not stripped,
	// and so are the characters a terminal acts on that JSON would pass
	// raw (C1 controls, bidi overrides): the file is inert when printed.
	if !bytes.Contains(a, []byte(`Initech \u001b[31mRed\u001b[0m`)) || !bytes.Contains(a, []byte(`Mirror\u202eCo \u009b31m`)) ||
		!bytes.Contains(a, []byte(`"archived_at":"2026-11-27T10:00:00Z"`)) {
		t.Error("the export lost escapes or archived rows")
	}
	// Columns SQLite computes (a contract's notice date) are not the
	// book's data: a restore could not write them.
	if bytes.Contains(a, []byte(`"notice_date"`)) {
		t.Error("the export holds a computed column")
	}
	for i, r := range string(a) {
		if r != '\n' && model.IsTerminalControl(r) {
			t.Fatalf("%U at byte %d of the JSON export: %q", r, i, around(string(a), i))
		}
	}
	var restored bool
	err := openDB(t, empty).Snapshot(context.Background(), func(sn *store.Snapshot) error {
		return sn.Accounts(func(x model.Account) error {
			restored = restored || x.Name == "Mirror\u202eCo \u009b31m"
			return nil
		})
	})
	if err != nil || !restored {
		t.Errorf("the restore did not give back the name with its controls (%v)", err)
	}
	// The restored book is the same book: the board agrees.
	s1, s2 := openDB(t, db), openDB(t, empty)
	p1, _ := s1.Pipeline(context.Background())
	p2, _ := s2.Pipeline(context.Background())
	if len(p1) != len(p2) {
		t.Fatal("pipelines differ")
	}
	for i := range p1 {
		if p1[i].Count != p2[i].Count || exact(p1[i].Total) != exact(p2[i].Total) {
			t.Errorf("stage %s: %d %s vs %d %s", p1[i].Stage.Name, p1[i].Count, exact(p1[i].Total), p2[i].Count, exact(p2[i].Total))
		}
	}
	// Importing the same export again changes nothing.
	code, out, _ = run(t, importArgs(empty, first)...)
	if code != 0 || !strings.Contains(out, " 0 created, 0 updated,") || strings.Contains(out, "rejected, ") {
		t.Fatalf("second JSON import: %d\n%s", code, out)
	}
	// Undo of the restore archives the whole book.
	s2.Close()
	if code, out, errOut := run(t, "undo", "--db", empty); code != 0 || !strings.Contains(out, "import of first.json") {
		t.Fatalf("undo restore: %s%s", out, errOut)
	}
}

func TestCSVExportGuardsFormulasAndReadsBack(t *testing.T) {
	db := newDB(t)
	if code, out, _ := run(t, importArgs(db, hubspotFiles...)...); code != 0 {
		t.Fatalf("import: %s", out)
	}
	code, out, errOut := run(t, "export", "--db", db, "--format", "csv", "--what", "deals")
	if code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	if !strings.Contains(out, "\r\n") {
		t.Error("CSV lines do not end in CRLF (RFC 4180)")
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("the export is not CSV: %v", err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	byTitle := map[string][]string{}
	for _, r := range rows[1:] {
		byTitle[r[col["title"]]] = r
	}
	if len(rows) != 13 {
		t.Fatalf("%d rows, want 12 deals and a header", len(rows))
	}
	if _, ok := byTitle[`'=HYPERLINK("http://evil.example","Click")`]; !ok {
		t.Errorf("the formula title was not defused: %q", rows)
	}
	for _, r := range rows[1:] {
		for _, cell := range r {
			if cell != "" && strings.ContainsRune("=+-@\t\r\n", rune(cell[0])) {
				t.Errorf("cell %q starts a formula", cell)
			}
		}
	}
	pilot := byTitle["Acme telematics add-on"]
	if pilot[col["value"]] != "1250.50" || pilot[col["currency"]] != "USD" || pilot[col["expected_close"]] != "2027-01-31" ||
		pilot[col["stage"]] != "Qualifying" || pilot[col["account"]] != "Acme Logistics" || pilot[col["created_at"]] != "2026-09-15T10:00:00Z" {
		t.Errorf("deal row = %q", pilot)
	}
	if r := byTitle["Initech evaluation"]; r[col["value"]] != "7500.00" || r[col["currency"]] != "EUR" || r[col["status"]] != "won" {
		t.Errorf("won deal row = %q", r)
	}
	// --what all writes one file per kind into a folder.
	dir := filepath.Join(t.TempDir(), "book")
	if code, _, errOut := run(t, "export", "--db", db, "--format", "csv", "--out", dir); code != 0 {
		t.Fatalf("export all: %s", errOut)
	}
	for _, f := range []string{"accounts.csv", "contacts.csv", "deals.csv", "activities.csv", "contracts.csv", "issues.csv", "surveys.csv", "spend.csv"} {
		fi, err := os.Stat(filepath.Join(dir, f))
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v %v", f, err, fi)
		}
	}
	// rolo reads its own CSV back: into a new file, every deal arrives.
	other := newDB(t)
	code, out, _ = run(t, importArgs(other, filepath.Join(dir, "accounts.csv"), filepath.Join(dir, "deals.csv"))...)
	if code != 0 || !strings.Contains(out, "deals:          12 created, 0 updated, 0 unchanged, 0 rejected") {
		t.Fatalf("re-import of the CSV export: %d\n%s", code, out)
	}
	if code, _, errOut := run(t, "export", "--db", db, "--format", "csv"); code != 2 || !strings.Contains(errOut, "give a folder with --out") {
		t.Errorf("csv --what all to stdout: %d %q", code, errOut)
	}
}

func TestICSExportHasStableAllDayEventsWithAlarms(t *testing.T) {
	db := newDB(t)
	if code, out, _ := run(t, importArgs(db, fixture("accounts.csv"), fixture("contracts.csv"), fixture("activities.csv"))...); code != 0 {
		t.Fatalf("import: %s", out)
	}
	if code, out, _ := run(t, "add", "deal", "--db", db, "--account", "Acme Logistics", "--title", "Fleet, phase 2; EMEA",
		"--value", "12k", "--next", "Send the order form", "--due", "2026-12-02"); code != 0 {
		t.Fatalf("add deal: %s", out)
	}
	code, first, errOut := run(t, "export", "--db", db, "--format", "ics")
	if code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	_, second, _ := run(t, "export", "--db", db, "--format", "ics")
	if first != second {
		t.Error("two exports of the same book differ (UIDs and stamps must be stable)")
	}
	cal, err := ical.NewDecoder(strings.NewReader(first)).Decode()
	if err != nil {
		t.Fatalf("not iCalendar: %v\n%s", err, first)
	}
	got := map[string]string{}
	for _, ev := range cal.Events() {
		uid, _ := ev.Props.Text(ical.PropUID)
		sum, _ := ev.Props.Text(ical.PropSummary)
		start := ev.Props.Get(ical.PropDateTimeStart)
		end := ev.Props.Get(ical.PropDateTimeEnd)
		if start.ValueType() != ical.ValueDate || end.ValueType() != ical.ValueDate {
			t.Errorf("%s is not an all-day event", uid)
		}
		if len(ev.Children) != 1 || ev.Children[0].Name != ical.CompAlarm {
			t.Errorf("%s has no VALARM", uid)
		}
		got[uid] = start.Value + " " + sum
	}
	deal, _ := openDB(t, db).FindDeal(context.Background(), "Fleet, phase 2")
	for uid, want := range map[string]string{
		"rolo-deal-" + model.Count(int(deal.ID)) + "-next-step@rolo": "20261202 Send the order form — Fleet, phase 2; EMEA",
		"rolo-contract-1-notice@rolo":                                "20261101 Notice deadline: Acme Logistics renewal",
		"rolo-contract-1-end@rolo":                                   "20261231 Contract ends: Acme Logistics",
		"rolo-contract-2-notice@rolo":                                "20270129 Notice deadline: Soylent Foods renewal",
		"rolo-contract-2-end@rolo":                                   "20270228 Contract ends: Soylent Foods",
	} {
		if got[uid] != want {
			t.Errorf("%s = %q, want %q", uid, got[uid], want)
		}
	}
	var task string
	for uid, v := range got {
		if strings.HasPrefix(uid, "rolo-task-") {
			task = v
		}
	}
	if task != "20261203 Prepare QBR deck — Soylent Foods" {
		t.Errorf("account task event = %q (all: %v)", task, got)
	}
	if len(got) != 6 {
		t.Errorf("%d events, want 6: %v", len(got), got)
	}
	for _, line := range strings.Split(first, "\r\n") {
		if len(line) > 75 {
			t.Errorf("line longer than 75 octets: %q", line)
		}
	}
}

func TestExportRefusesBadUsageAndWritesNothing(t *testing.T) {
	db := newDB(t)
	before := fileState(t, db)
	for _, args := range [][]string{{"export"}, {"export", "--format", "xml"}, {"export", "--format", "json", "--what", "deals"},
		{"export", "--format", "csv", "--what", "shoes"}} {
		if code, _, errOut := run(t, append(args, "--db", db)...); code != 2 || errOut == "" {
			t.Errorf("%v: %d %q", args, code, errOut)
		}
	}
	if code, _, errOut := run(t, "export", "--db", db, "--format", "json"); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	if fileState(t, db) != before {
		t.Error("an export wrote to the database or left files beside it")
	}
}

func TestExportToATerminalIsCleaned(t *testing.T) {
	var out bytes.Buffer
	c := &cleanLines{w: &out}
	c.Write([]byte("id,name\r\n1,Initech \x1b[31mRed\r\n2,ok"))
	c.flush()
	if got := out.String(); got != "id,name\n1,Initech ^[[31mRed\n2,ok" {
		t.Errorf("cleaned = %q", got)
	}
}
