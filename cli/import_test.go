package cli

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"rolo/model"
	"rolo/store"
)

// fixture is a file in the shape a tool exports (see interchange/testdata).
func fixture(name string) string { return filepath.Join("..", "interchange", "testdata", name) }

var hubspotFiles = []string{
	fixture("hubspot-crm-exports-all-deals-2026-11-27.csv"), // deals first: rolo orders the files itself
	fixture("hubspot-crm-exports-all-companies-2026-11-27.csv"),
	fixture("hubspot-crm-exports-all-contacts-2026-11-27.csv"),
}

// newDB makes an empty database as `rolo init` does and returns its path.
func newDB(t testing.TB) string {
	t.Helper()
	path, err := store.Init(context.Background(), filepath.Join(t.TempDir(), "rolo.db"),
		model.FixedClock(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)))
	if err != nil {
		t.Fatal(err)
	}
	return path
}

func openDB(t *testing.T, path string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), path, store.Options{MustExist: true,
		Clock: model.FixedClock(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func importArgs(db string, extra ...string) []string {
	return append([]string{"import", "--db", db}, extra...)
}

// dealsByTitle reads every deal, archived ones included.
func dealsByTitle(t *testing.T, s *store.Store) map[string]model.Deal {
	t.Helper()
	out := map[string]model.Deal{}
	err := s.Snapshot(context.Background(), func(sn *store.Snapshot) error {
		return sn.Deals(func(d model.Deal) error { out[d.Title] = d; return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestImportHubSpotExports(t *testing.T) {
	db := newDB(t)
	code, out, errOut := run(t, importArgs(db, hubspotFiles...)...)
	if code != 0 {
		t.Fatalf("import: %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{
		"hubspot-crm-exports-all-deals-2026-11-27.csv: read as a HubSpot deals file",
		"accounts:       5 created, 0 updated, 0 unchanged, 1 rejected",
		"contacts:       2 created, 0 updated, 0 unchanged, 2 rejected",
		"deals:          12 created, 0 updated, 0 unchanged, 5 rejected",
		// every bad row: file, line, record id, reason
		`hubspot-crm-exports-all-companies-2026-11-27.csv line 6 (record 105): no name`,
		`hubspot-crm-exports-all-contacts-2026-11-27.csv line 4 (record 203): company "Hooli" is not in rolo or in this import`,
		`hubspot-crm-exports-all-deals-2026-11-27.csv line 14 (record 311): amount: "twelve" is not an amount`,
		`hubspot-crm-exports-all-deals-2026-11-27.csv line 15 (record 312): close date: "2026-02-30": February has no day 30`,
		`hubspot-crm-exports-all-deals-2026-11-27.csv line 16 (record 313): company "Hooli" is not in rolo or in this import`,
		`hubspot-crm-exports-all-deals-2026-11-27.csv line 17 (record 314): amount: currency "XYZ" is not one rolo knows`,
		`hubspot-crm-exports-all-deals-2026-11-27.csv line 18 (record 315): no deal name`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q\n%s", want, out)
		}
	}
	if strings.ContainsAny(out, "\x1b\x07") {
		t.Errorf("terminal controls reached the output unescaped:\n%q", out)
	}

	s := openDB(t, db)
	ctx := context.Background()
	stages, _ := s.Stages(ctx)
	stageName := map[int64]string{}
	for _, st := range stages {
		stageName[st.ID] = st.Name
	}
	deals := dealsByTitle(t, s)
	type want struct {
		stage, status string
		minor         int64
		currency      string
		kind          model.DealKind
		account       string
	}
	esc := "\x1b"
	for title, w := range map[string]want{
		"Acme fleet pilot":                          {"Prospecting", "open", 1_200_000, "USD", model.NewBusiness, "Acme Logistics"},
		"Acme telematics add-on":                    {"Qualifying", "open", 125_050, "USD", model.Expansion, "Acme Logistics"},
		"Globex rollout":                            {"Presenting", "open", 4_800_000, "USD", model.NewBusiness, "Globex Corporation"},
		"Globex support plan":                       {"Closing", "open", 999_999, "USD", model.Expansion, "Globex Corporation"},
		"Umbrella clinics":                          {"Closing", "open", 7_500_000, "USD", model.Expansion, "Umbrella Health"},
		"Umbrella pilot":                            {"Closing", "won", 2_000_000, "USD", model.NewBusiness, "Umbrella Health"},
		"Globex first try":                          {"Prospecting", "lost", 500_000, "USD", model.NewBusiness, "Globex Corporation"},
		"Initech evaluation":                        {"Closing", "won", 750_000, "EUR", model.NewBusiness, "Initech " + esc + "[31mRed" + esc + "[0m"},
		"Acme multi-line":                           {"Prospecting", "open", 300_000, "USD", model.NewBusiness, "Acme Logistics"},
		`=HYPERLINK("http://evil.example","Click")`: {"Prospecting", "open", 10_000, "USD", model.NewBusiness, "Acme Logistics"},
		"Escape " + esc + "]8;;http://x.example\x07link deal": {"Prospecting", "open", 100, "USD", model.NewBusiness, "Acme Logistics"},
		"Blank amount deal": {"Prospecting", "open", 0, "USD", model.NewBusiness, "Acme Logistics"},
	} {
		d, ok := deals[title]
		if !ok {
			t.Errorf("deal %q missing", title)
			continue
		}
		got := want{stageName[d.StageID], string(d.Status), d.Value.Minor, d.Value.Currency, d.Kind, d.AccountName}
		if got != w {
			t.Errorf("%q = %+v, want %+v", title, got, w)
		}
	}
	if len(deals) != 12 {
		t.Errorf("%d deals, want 12", len(deals))
	}
	// encoding/csv reads a line break inside a quoted field as LF.
	if d := deals["Acme multi-line"]; d.Notes != "Line one\nLine two, with a comma\n\"Quoted\" line" {
		t.Errorf("multi-line description = %q", d.Notes)
	}
	if d := deals["Globex first try"]; d.LostReason != "Went with a competitor" || d.ClosedAt.Format(time.DateOnly) != "2026-05-15" {
		t.Errorf("lost deal: reason %q closed %v", d.LostReason, d.ClosedAt)
	}
	if d := deals["Acme fleet pilot"]; d.ExpectedClose.String() != "2026-12-15" || d.CreatedAt.Format(time.DateTime) != "2026-09-01 09:00:00" {
		t.Errorf("dates: close %s created %v", d.ExpectedClose, d.CreatedAt)
	}

	// The board's totals, kept by triggers, match the deals to the cent.
	sums, err := s.Pipeline(ctx)
	if err != nil {
		t.Fatal(err)
	}
	board := map[string]string{}
	for _, st := range sums {
		board[st.Stage.Name] = strings.Join([]string{countOf(st.Count), exact(st.Total)}, " ")
	}
	for stage, w := range map[string]string{"Prospecting": "5 $15,101.00", "Qualifying": "1 $1,250.50",
		"Presenting": "1 $48,000.00", "Closing": "2 $84,999.99"} {
		if board[stage] != w {
			t.Errorf("board %s = %q, want %q", stage, board[stage], w)
		}
	}

	// History for metrics: created at the file's create date, and the
	// status change on the close date for closed deals.
	ev, err := s.DealEvents(ctx, deals["Umbrella pilot"].ID)
	if err != nil || len(ev) != 2 || ev[0].Kind != model.EventCreated || ev[0].At.Format(time.DateOnly) != "2026-03-01" ||
		ev[1].Kind != model.EventStatus || ev[1].NewText != "won" || ev[1].At.Format(time.DateOnly) != "2026-06-30" {
		t.Errorf("won deal history = %+v (%v)", ev, err)
	}
	if ev, _ := s.DealEvents(ctx, deals["Globex rollout"].ID); len(ev) != 1 || ev[0].Kind != model.EventCreated {
		t.Errorf("open deal history = %+v", ev)
	}
	// Winning new business made the prospect a customer, from that day.
	initech, err := s.Account(ctx, deals["Initech evaluation"].AccountID)
	if err != nil || initech.Status != model.Customer || initech.CustomerSince.String() != "2026-10-10" {
		t.Errorf("Initech = %+v %v", initech, err)
	}
	acme, _ := s.Account(ctx, deals["Acme fleet pilot"].AccountID)
	if acme.Status != model.Customer || acme.Website != "acme-logistics.example" || acme.Industry != "Transportation" {
		t.Errorf("Acme = %+v", acme)
	}

	// The same files again: nothing changes.
	code, out, _ = run(t, importArgs(db, hubspotFiles...)...)
	if code != 0 || !strings.Contains(out, "total:          0 created, 0 updated, 19 unchanged, 8 rejected") ||
		!strings.Contains(out, "Nothing changed") {
		t.Fatalf("second import: %d\n%s", code, out)
	}

	// Undo takes the first import back as a whole.
	code, out, _ = run(t, "undo", "--db", db)
	if code != 0 || !strings.Contains(out, "Undid: import of hubspot-crm-exports-all-deals-2026-11-27.csv, hubspot-crm-exports-all-companies-2026-11-27.csv, hubspot-crm-exports-all-contacts-2026-11-27.csv: 5 accounts, 2 contacts, 12 deals") {
		t.Fatalf("undo: %d %q", code, out)
	}
	c, _ := s.Counts(ctx)
	if c.OpenDeals != 0 || c.Accounts != 0 {
		t.Errorf("after undo: %+v", c)
	}
	if sums, _ := s.Pipeline(ctx); totalOpen(sums) != 0 {
		t.Errorf("board after undo still shows %d deals", totalOpen(sums))
	}
	// Importing again after the undo brings the rows back.
	code, out, _ = run(t, importArgs(db, hubspotFiles...)...)
	if code != 0 || !strings.Contains(out, "total:          19 created, 0 updated, 0 unchanged, 8 rejected") {
		t.Fatalf("import after undo: %d\n%s", code, out)
	}
}

func countOf(n int) string { return model.Count(n) }

func totalOpen(sums []store.StageSummary) int {
	n := 0
	for _, st := range sums {
		n += st.Count
	}
	return n
}

// editFixture copies a fixture with replacements applied.
func editFixture(t *testing.T, name string, replace ...string) string {
	t.Helper()
	b, err := os.ReadFile(fixture(name))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for i := 0; i+1 < len(replace); i += 2 {
		if !strings.Contains(s, replace[i]) {
			t.Fatalf("%s has no %q", name, replace[i])
		}
		s = strings.Replace(s, replace[i], replace[i+1], 1)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestEditedExportUpdatesAndReportsConflicts(t *testing.T) {
	db := newDB(t)
	if code, out, _ := run(t, importArgs(db, hubspotFiles...)...); code != 0 {
		t.Fatalf("first import: %s", out)
	}
	s := openDB(t, db)
	ctx := context.Background()
	deals := dealsByTitle(t, s)
	// In rolo, the user renames one deal and changes another's value.
	d := deals["Acme telematics add-on"]
	seen := d
	d.Title = "Acme telematics (renamed in rolo)"
	if _, err := s.UpdateDeal(ctx, seen, d); err != nil {
		t.Fatal(err)
	}
	g := deals["Globex rollout"]
	seen = g
	g.Value.Minor = 5_000_000
	if _, err := s.UpdateDeal(ctx, seen, g); err != nil {
		t.Fatal(err)
	}
	// The new export changes the renamed deal's amount (no clash), the
	// re-valued deal's amount (a clash) and one untouched deal's stage.
	edited := editFixture(t, "hubspot-crm-exports-all-deals-2026-11-27.csv",
		`"302","Acme telematics add-on","Qualified To Buy","2027-01-31","Ana Ruiz","$1,250.50"`,
		`"302","Acme telematics add-on","Qualified To Buy","2027-01-31","Ana Ruiz","$1,500.00"`,
		`"303","Globex rollout","presentationscheduled","2026-12-20","Ana Ruiz","$ 48,000.00"`,
		`"303","Globex rollout","presentationscheduled","2026-12-20","Ana Ruiz","$ 52,000.00"`,
		`"301","Acme fleet pilot","appointmentscheduled"`, `"301","Acme fleet pilot","contractsent"`,
		`"307","Globex first try","closedlost"`, `"307","Globex first try","closedwon"`)
	files := []string{edited, hubspotFiles[1], hubspotFiles[2]}
	code, out, _ := run(t, importArgs(db, files...)...)
	if code != 0 || !strings.Contains(out, "deals:          0 created, 3 updated, 8 unchanged, 5 rejected, 1 with conflicts") {
		t.Fatalf("edited import: %d\n%s", code, out)
	}
	if !strings.Contains(out, "deal:"+itoaID(g.ID)+" value: rolo has $50,000.00, the file has $52,000.00") {
		t.Errorf("conflict not reported:\n%s", out)
	}
	deals = dealsByTitle(t, s)
	if d := deals["Acme telematics (renamed in rolo)"]; d.Value.Minor != 150_000 {
		t.Errorf("renamed deal: value %d (the file's change should apply, the rename stay)", d.Value.Minor)
	}
	if d := deals["Globex rollout"]; d.Value.Minor != 5_000_000 {
		t.Errorf("conflict overwrote rolo's value: %d", d.Value.Minor)
	}
	if d := deals["Acme fleet pilot"]; d.StageID != closingID(t, s) {
		t.Errorf("stage change not applied")
	}
	// A deal the file now says was won: its history says so, and winning
	// new business made the prospect a customer from the close date.
	won := deals["Globex first try"]
	if won.Status != model.Won {
		t.Errorf("status change not applied: %s", won.Status)
	}
	// (closedwon also puts it in the last stage: created, lost, stage, won.)
	if ev, _ := s.DealEvents(ctx, won.ID); len(ev) != 4 || ev[3].Kind != model.EventStatus || ev[3].OldText != "lost" || ev[3].NewText != "won" ||
		won.ClosedAt.Format(time.DateOnly) != "2026-05-15" {
		t.Errorf("history after the status change: %+v", ev)
	}
	if globex, _ := s.Account(ctx, won.AccountID); globex.Status != model.Customer || globex.CustomerSince.String() != "2026-05-15" {
		t.Errorf("Globex = %s since %s", globex.Status, globex.CustomerSince)
	}
	// --theirs takes the file's value.
	code, out, _ = run(t, importArgs(db, append(files, "--theirs")...)...)
	if code != 0 || !strings.Contains(out, "deals:          0 created, 1 updated, 11 unchanged, 5 rejected") {
		t.Fatalf("--theirs: %d\n%s", code, out)
	}
	if d := dealsByTitle(t, s)["Globex rollout"]; d.Value.Minor != 5_200_000 {
		t.Errorf("--theirs left %d", d.Value.Minor)
	}
	// Undo of that import puts rolo's value back, with the history saying so.
	if code, out, _ := run(t, "undo", "--db", db); code != 0 || !strings.Contains(out, ": 1 deal") {
		t.Fatalf("undo: %q", out)
	}
	if d := dealsByTitle(t, s)["Globex rollout"]; d.Value.Minor != 5_000_000 {
		t.Errorf("undo left %d", d.Value.Minor)
	}
}

func itoaID(id int64) string { return model.Count(int(id)) }

func closingID(t *testing.T, s *store.Store) int64 {
	st, err := s.StageByName(context.Background(), "Closing")
	if err != nil {
		t.Fatal(err)
	}
	return st.ID
}

func TestImportPipedriveDeals(t *testing.T) {
	db := newDB(t)
	code, out, _ := run(t, importArgs(db, fixture("pipedrive-deals-export.csv"), "--currency", "EUR")...)
	if code != 0 || !strings.Contains(out, "read as a Pipedrive deals file") ||
		!strings.Contains(out, "accounts:       3 created") || !strings.Contains(out, "contacts:       2 created") ||
		!strings.Contains(out, "deals:          5 created, 0 updated, 0 unchanged, 1 rejected") ||
		!strings.Contains(out, `pipedrive-deals-export.csv line 7 (record 6): amount: "abc" is not an amount`) {
		t.Fatalf("pipedrive: %d\n%s", code, out)
	}
	s := openDB(t, db)
	stages, _ := s.Stages(context.Background())
	name := map[int64]string{}
	for _, st := range stages {
		name[st.ID] = st.Name
	}
	deals := dealsByTitle(t, s)
	for title, w := range map[string]string{
		"Northwind renewal":   "Closing open 1500000 EUR Northwind Traders Nina North",
		"Northwind upsell":    "Presenting won 250050 EUR Northwind Traders Nina North",
		"Contoso intro":       "Prospecting lost 80000 GBP Contoso Ltd ",
		"Fabrikam demo":       "Presenting open 120000 USD Fabrikam Inc Frank Fab",
		"Contoso second look": "Qualifying open 30000 GBP Contoso Ltd ",
	} {
		d := deals[title]
		got := strings.Join([]string{name[d.StageID], string(d.Status), itoa64(d.Value.Minor), d.Value.Currency, d.AccountName, d.ContactName}, " ")
		if got != w {
			t.Errorf("%s = %q, want %q", title, got, w)
		}
	}
	if d := deals["Contoso intro"]; d.LostReason != "Budget cut" || d.ClosedAt.Format(time.DateTime) != "2026-06-20 12:00:00" {
		t.Errorf("lost: %q %v", d.LostReason, d.ClosedAt)
	}
	if d := deals["Northwind upsell"]; d.ClosedAt.Format(time.DateTime) != "2026-10-02 15:30:00" {
		t.Errorf("won time %v", d.ClosedAt)
	}
	if p := deals["Fabrikam demo"].Probability; p == nil || *p != 40 {
		t.Errorf("probability %v", p)
	}
	// Idempotent, organizations and people included (those the file names
	// without an id were added by name and are now simply found).
	if _, out, _ := run(t, importArgs(db, fixture("pipedrive-deals-export.csv"), "--currency", "EUR")...); !strings.Contains(out, "total:          0 created, 0 updated, 8 unchanged, 1 rejected") {
		t.Fatalf("second pipedrive import:\n%s", out)
	}
}

func itoa64(n int64) string { return strings.ReplaceAll(model.Count(int(n)), ",", "") }

func TestUnknownStagesStopTheImport(t *testing.T) {
	db := newDB(t)
	code, out, errOut := run(t, importArgs(db, fixture("pipedrive-deals-unknown-stages.csv"))...)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, errOut)
	}
	for _, want := range []string{`2 deal stage(s) in the file are not rolo stages, so nothing was imported`,
		`"Discovery" (1 deal)`, `"Legal review" (1 deal)`,
		`--stage-map "Discovery=Qualifying"`, `--stage-map "Legal review=Closing"`} {
		if !strings.Contains(errOut, want) {
			t.Errorf("message lacks %q:\n%s", want, errOut)
		}
	}
	s := openDB(t, db)
	if c, _ := s.Counts(context.Background()); c.Deals != 0 || c.Accounts != 0 {
		t.Fatalf("an import stopped by stages wrote %+v", c)
	}
	// The lines it suggested make it go through.
	code, out, errOut = run(t, importArgs(db, fixture("pipedrive-deals-unknown-stages.csv"),
		"--stage-map", "Discovery=Qualifying", "--stage-map", "Legal review=closing")...)
	if code != 0 || !strings.Contains(out, "deals:          3 created") {
		t.Fatalf("with --stage-map: %d\n%s%s", code, out, errOut)
	}
	// A --stage-map onto a stage rolo lacks is bad usage.
	if code, _, errOut := run(t, importArgs(db, fixture("pipedrive-deals-unknown-stages.csv"), "--stage-map", "Discovery=Nope")...); code != 2 ||
		!strings.Contains(errOut, `"Nope" is not a rolo stage`) {
		t.Fatalf("bad --stage-map: %d %q", code, errOut)
	}
}

func TestImportSalesforceReports(t *testing.T) {
	db := newDB(t)
	code, out, _ := run(t, importArgs(db, fixture("salesforce-opportunities-report.csv"), fixture("salesforce-accounts-report.csv"))...)
	if code != 0 || !strings.Contains(out, "accounts:       4 created, 0 updated, 0 unchanged, 0 rejected") ||
		!strings.Contains(out, "deals:          5 created, 0 updated, 0 unchanged, 1 rejected") ||
		!strings.Contains(out, `salesforce-opportunities-report.csv line 7: close date: "2/30/2027": February has no day 30`) ||
		!strings.Contains(out, "skipped 5 report footer line(s)") {
		t.Fatalf("salesforce: %d\n%s", code, out)
	}
	s := openDB(t, db)
	deals := dealsByTitle(t, s)
	for title, w := range map[string]string{
		"Acme EMEA expansion": "open 2450000 USD 2026-12-15 expansion referral",
		"Globex platform":     "open 106000000 USD 2027-01-31 new inbound",
		"Umbrella add-on":     "won 525075 USD 2026-09-30 expansion inbound",
		"Initech pilot":       "lost 800000 USD 2026-08-15 new event",
		"Initech first call":  "open 0 USD 2027-03-01 new cold call",
	} {
		d := deals[title]
		got := strings.Join([]string{string(d.Status), itoa64(d.Value.Minor), d.Value.Currency, d.ExpectedClose.String(), string(d.Kind), string(d.Source)}, " ")
		if got != w {
			t.Errorf("%s = %q, want %q", title, got, w)
		}
	}
	if d := deals["Globex platform"]; d.Probability == nil || *d.Probability != 90 || d.CreatedAt.Format(time.DateOnly) != "2026-11-17" {
		t.Errorf("Globex platform: %v %v", d.Probability, d.CreatedAt)
	}
	if d := deals["Initech pilot"]; d.LostReason != "no reason given in the Salesforce export" {
		t.Errorf("lost reason %q", d.LostReason)
	}
	if d := deals["Acme EMEA expansion"]; d.NextStep != "Send proposal" {
		t.Errorf("next step %q", d.NextStep)
	}
}

func TestImportGenericCSVOfEveryKind(t *testing.T) {
	db := newDB(t)
	files := []string{fixture("spend.csv"), fixture("csat.csv"), fixture("nps-responses.tsv"), fixture("issues.csv"),
		fixture("contracts.csv"), fixture("activities.csv"), fixture("contacts-for-activities.csv"), fixture("accounts.csv")}
	code, out, _ := run(t, importArgs(db, files...)...)
	if code != 0 {
		t.Fatalf("generic: %d\n%s", code, out)
	}
	for _, want := range []string{
		"accounts:       3 created, 0 updated, 0 unchanged, 0 rejected",
		"contacts:       2 created, 0 updated, 0 unchanged, 0 rejected",
		"activities:     4 created, 0 updated, 0 unchanged, 4 rejected",
		"contracts:      2 created, 0 updated, 0 unchanged, 1 rejected",
		"support issues: 2 created, 0 updated, 0 unchanged, 1 rejected",
		"survey answers: 5 created, 0 updated, 0 unchanged, 2 rejected",
		"spend entries:  3 created, 0 updated, 0 unchanged, 0 rejected",
		"activities.csv line 3: the line has 7 fields but the header has 6",
		`activities.csv line 7: company "Nowhere Inc" is not in rolo or in this import`,
		`activities.csv line 8: type: "Carrier pigeon" is not a call, email, meeting, note, check-in or task`,
		"contracts.csv line 4: end: must be after the start (2026-03-01)",
		`issues.csv line 4 (record T-3): status "closed" but no date it was resolved`,
		`nps-responses.tsv line 4 (record R3): contact "ghost@nowhere.example" is not in rolo or in this import`,
		`nps-responses.tsv line 5 (record R4): score: an NPS score is 0 to 10`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	s := openDB(t, db)
	var contracts, spend, surveys, issues []string
	err := s.Snapshot(context.Background(), func(sn *store.Snapshot) error {
		sn.Contracts(func(c model.Contract, account string) error {
			contracts = append(contracts, strings.Join([]string{account, c.Value.String(), c.Start.String(), c.End.String(),
				boolWord(c.AutoRenew), countOf(c.NoticeDays), c.NoticeDate().String()}, " "))
			return nil
		})
		sn.Spend(func(c model.AcquisitionCost) error {
			spend = append(spend, strings.Join([]string{c.Date.String(), c.Amount.String(), string(c.Channel), c.Note}, " "))
			return nil
		})
		sn.Surveys(func(v model.Survey, account, email string) error {
			surveys = append(surveys, strings.Join([]string{account, email, string(v.Kind), countOf(v.Score), v.At.Format(time.DateOnly)}, " "))
			return nil
		})
		return sn.Issues(func(i model.SupportIssue, account string) error {
			issues = append(issues, strings.Join([]string{account, string(i.Severity), i.Title, i.OpenedAt.Format(time.DateTime), isoOrOpen(i.ResolvedAt)}, " "))
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	wantList(t, "contracts", contracts, "Acme Logistics $120,000.00 2026-01-01 2026-12-31 yes 60 2026-11-01",
		"Soylent Foods €9,600.00 2026-03-01 2027-02-28 no 30 2027-01-29")
	wantList(t, "spend", spend, "2026-10-01 $2,400.00 ads Q4 campaign", "2026-11-01 $7,800.00 events SaaStr booth",
		"2026-11-01 €500.00 referral fees Partner bonus")
	wantList(t, "surveys", surveys, "Acme Logistics  csat 5 2026-11-10", "Soylent Foods  csat 3 2026-11-11",
		"Acme Logistics  csat 4 2026-11-12", "Acme Logistics ada@acme.example nps 9 2026-11-03", "Soylent Foods sam@soylent.example nps 6 2026-11-04")
	wantList(t, "issues", issues, "Acme Logistics urgent Login fails for SSO users 2026-11-20 08:00:00 open",
		"Soylent Foods low Invoice address wrong 2026-10-02 09:30:00 2026-10-03 11:00:00")
	// The account's last touch is its latest imported touch: a call on
	// 2026-11-02, answers on 11-03, 11-10 and 11-12, and the SSO issue
	// opened on 11-20 (the meeting's row is rejected). Its check-in is
	// due a cadence later.
	acme, _ := s.FindAccount(context.Background(), "Acme Logistics")
	if acme.LastTouchAt.Format(time.DateTime) != "2026-11-20 08:00:00" || acme.CadenceDays != 14 || acme.Tier != "enterprise" ||
		acme.CheckInDue(time.UTC).String() != "2026-12-04" {
		t.Errorf("Acme = %+v", acme)
	}
	// Files without ids are recognised again by what identifies each row.
	if _, out, _ := run(t, importArgs(db, files...)...); !strings.Contains(out, "total:          0 created, 0 updated, 21 unchanged, 8 rejected") {
		t.Errorf("second generic import:\n%s", out)
	}
}

func boolWord(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func isoOrOpen(t time.Time) string {
	if t.IsZero() {
		return "open"
	}
	return t.Format(time.DateTime)
}

func wantList(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

func TestImportVCards(t *testing.T) {
	db := newDB(t)
	code, out, _ := run(t, importArgs(db, fixture("contacts.vcf"))...)
	if code != 0 || !strings.Contains(out, "contacts:       3 created, 0 updated, 0 unchanged, 1 rejected") ||
		!strings.Contains(out, "contacts.vcf line 20: no ORG") {
		t.Fatalf("vcard: %d\n%s", code, out)
	}
	s := openDB(t, db)
	var got []string
	s.Snapshot(context.Background(), func(sn *store.Snapshot) error {
		return sn.Contacts(func(c model.Contact, account string) error {
			got = append(got, strings.Join([]string{c.Name, account, c.Title, c.Email, c.Phone, c.Notes}, "|"))
			return nil
		})
	})
	wantList(t, "contacts", got,
		"Ada Lane|Acme Logistics|COO|ada@acme.example|+1 555 0101|Met at the Denver expo, 2025",
		"Bo Chen|Globex, Inc.|Head of Operations|bo@globex.example|+1-555-0102|",
		"Kim Long-Name|Umbrella Health|Director of Clinical Operations and Patient Experience|||")
	if _, out, _ := run(t, importArgs(db, fixture("contacts.vcf"))...); !strings.Contains(out, "0 created, 0 updated, 3 unchanged, 1 rejected") {
		t.Errorf("second vcard import:\n%s", out)
	}
}

// fileState is a file's checksum, and the names in its folder.
func fileState(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sum := sha256.Sum256(b)
	return string(sum[:]) + strings.Join(names, ",")
}

func TestDryRunAndStrictWriteNothing(t *testing.T) {
	db := newDB(t)
	before := fileState(t, db)
	code, out, _ := run(t, importArgs(db, append(hubspotFiles, "--dry-run")...)...)
	if code != 0 || !strings.Contains(out, "Dry run: nothing was written") ||
		!strings.Contains(out, "deals:          12 created, 0 updated, 0 unchanged, 5 rejected") ||
		!strings.Contains(out, "created   hubspot-crm-exports-all-deals-2026-11-27.csv line 2 (record 301): Acme fleet pilot — $12,000.00, open") {
		t.Fatalf("dry run: %d\n%s", code, out)
	}
	if after := fileState(t, db); after != before {
		t.Fatal("the dry run changed the database or left files beside it (a -wal?)")
	}
	code, out, errOut := run(t, importArgs(db, append(hubspotFiles, "--strict")...)...)
	if code != 1 || !strings.Contains(errOut, "--strict: 8 row(s) are bad, so nothing was imported") {
		t.Fatalf("strict: %d\n%s\n%s", code, out, errOut)
	}
	s := openDB(t, db)
	if c, _ := s.Counts(context.Background()); c.Accounts+c.Contacts+c.Deals != 0 {
		t.Fatalf("--strict wrote %+v", c)
	}
	if _, err := s.Undo(context.Background(), store.AnySession); err == nil {
		t.Fatal("a strict import that wrote nothing left an undo entry")
	}
	// A dry run of a file with good rows only, into a database that holds
	// them already, says unchanged.
	if code, _, _ := run(t, importArgs(db, fixture("accounts.csv"))...); code != 0 {
		t.Fatal("import accounts")
	}
	if _, out, _ := run(t, importArgs(db, fixture("accounts.csv"), "--dry-run")...); !strings.Contains(out, "accounts:       0 created, 0 updated, 3 unchanged, 0 rejected") {
		t.Errorf("dry run of an imported file:\n%s", out)
	}
	// A dry run of an edited export says which deal it would update, and
	// still writes nothing (a deal's update used to try to write).
	if code, _, errOut := run(t, importArgs(db, hubspotFiles...)...); code != 0 {
		t.Fatalf("import the HubSpot files: %d %s", code, errOut)
	}
	deals, err := os.ReadFile(hubspotFiles[0])
	if err != nil {
		t.Fatal(err)
	}
	edited := filepath.Join(t.TempDir(), "hubspot-crm-exports-all-deals-2026-11-28.csv")
	if err := os.WriteFile(edited, []byte(strings.Replace(string(deals), `"Acme fleet pilot","appointmentscheduled","2026-12-15","Ana Ruiz","12000"`,
		`"Acme fleet pilot","appointmentscheduled","2026-12-15","Ana Ruiz","12500"`, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	before = fileState(t, db)
	code, out, errOut = run(t, importArgs(db, edited, "--dry-run")...)
	if code != 0 || !strings.Contains(out, "deals:          0 created, 1 updated, 11 unchanged") ||
		!strings.Contains(out, "Acme fleet pilot — $12,500.00, open (changed: value)") {
		t.Errorf("dry run of an edited deal: %d\n%s\n%s", code, out, errOut)
	}
	if after := fileState(t, db); after != before {
		t.Error("the dry run of an edited deal changed the database or left files beside it")
	}
}

func TestRejectsFileCanBeFixedAndImported(t *testing.T) {
	db := newDB(t)
	rejects := filepath.Join(t.TempDir(), "fix.csv")
	deals := fixture("hubspot-crm-exports-all-deals-2026-11-27.csv")
	if code, out, _ := run(t, importArgs(db, deals, fixture("hubspot-crm-exports-all-companies-2026-11-27.csv"), "--rejects", rejects)...); code != 0 {
		t.Fatalf("import: %s", out)
	}
	// Two inputs: one rejects file per input that had rejects.
	path := strings.TrimSuffix(rejects, ".csv") + "-hubspot-crm-exports-all-deals-2026-11-27.csv"
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 || rows[0][0] != "Record ID" || rows[0][len(rows[0])-1] != "rolo: problem" || rows[1][0] != "311" ||
		rows[1][len(rows[1])-2] != "14" || !strings.Contains(rows[1][len(rows[1])-1], `"twelve" is not an amount`) {
		t.Fatalf("rejects file:\n%q", rows)
	}
	// Fix the amount of the first one and import the rejects file: it lands.
	rows[1][5] = "12"
	fixed := filepath.Join(t.TempDir(), "fixed.csv")
	out, _ := os.Create(fixed)
	csv.NewWriter(out).WriteAll(rows)
	out.Close()
	code, stdout, _ := run(t, importArgs(db, fixed)...)
	if code != 0 || !strings.Contains(stdout, "read as a HubSpot deals file") || !strings.Contains(stdout, "deals:          1 created, 0 updated, 0 unchanged, 4 rejected") {
		t.Fatalf("fixed import: %d\n%s", code, stdout)
	}
	if d := dealsByTitle(t, openDB(t, db))["Twelve deal"]; d.Value.Minor != 1200 {
		t.Errorf("fixed deal value %d", d.Value.Minor)
	}
}

func TestImportRefusesBadUsage(t *testing.T) {
	db := newDB(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--from", "excel", fixture("accounts.csv")}, "--from \"excel\""},
		{[]string{"--currency", "EURO", fixture("accounts.csv")}, "--currency"},
		{[]string{"--map", "Nope=name", fixture("accounts.csv")}, `there is no column "nope"`},
		{[]string{"--map", "Name=shoe size", fixture("accounts.csv")}, `"shoe size" is not a field of accounts`},
		{[]string{fixture("does-not-exist.csv")}, "cannot read"},
	} {
		code, _, errOut := run(t, importArgs(db, c.args...)...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: %d %q, want exit 2 and %q", c.args, code, errOut, c.want)
		}
	}
	// A missing file is not made: the message says how to start a book.
	dir := t.TempDir()
	typo := filepath.Join(dir, "typo.db")
	for _, extra := range [][]string{nil, {"--dry-run"}} {
		args := append(importArgs(typo, fixture("accounts.csv")), extra...)
		if code, _, errOut := run(t, args...); code != 1 || !strings.Contains(errOut, "no rolo database") ||
			!strings.Contains(errOut, "rolo init --db "+typo) {
			t.Errorf("import %v into a missing file: %d %q", extra, code, errOut)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("an import into a missing file left %v", entries)
	}
}

// An import (and its undo) is a change like any other: the command line's
// `rolo undo` takes it back, and refuses when that would lose a later
// change that is still there.
func TestUndoOfAnImportFromTheCommandLine(t *testing.T) {
	db := newDB(t)
	if code, out, errOut := run(t, importArgs(db, hubspotFiles...)...); code != 0 {
		t.Fatalf("import: %s%s", out, errOut)
	}
	// The app gives an imported deal a next step, then the command line
	// moves it: the app's own undo is refused (the deal moved since).
	app := openApp(t, db)
	ctx := context.Background()
	d := dealsByTitle(t, app)["Acme fleet pilot"]
	id := "deal:" + itoaID(d.ID)
	if _, err := app.SetNextStep(ctx, d, "Send the contract", model.Date{}); err != nil {
		t.Fatal(err)
	}
	want(t, 0, "Moved", "move", id, "closing", "--db", db)
	if _, err := app.Undo(ctx, app.Session()); !errors.Is(err, store.ErrStale) {
		t.Fatalf("the app's undo = %v, want a refusal", err)
	}
	// `rolo undo` takes the move back, passes over the refused next step,
	// and refuses the import: the next step is still on its deal.
	want(t, 0, "Undid: move", "undo", "--db", db)
	want(t, 1, "deal "+itoaID(d.ID)+" was changed since the import", "undo", "--db", db)
	if c, _ := app.Counts(ctx); c.Deals != 12 {
		t.Errorf("the refused undo changed the book: %+v", c)
	}
	// A later import with nothing after it is undone at once.
	if code, out, errOut := run(t, importArgs(db, fixture("accounts.csv"))...); code != 0 {
		t.Fatalf("second import: %s%s", out, errOut)
	}
	want(t, 0, "Undid: import of accounts.csv: 3 accounts (made by the command line", "undo", "--db", db)
	if c, _ := app.Counts(ctx); c.Accounts != 5 {
		t.Errorf("after undoing the second import: %d accounts, want HubSpot's 5", c.Accounts)
	}
}

func TestImportPipedriveExportsTogether(t *testing.T) {
	db := newDB(t)
	files := []string{fixture("pipedrive-activities.csv"), fixture("pipedrive-people.csv"), fixture("pipedrive-deals-export.csv"),
		fixture("pipedrive-organizations.csv")}
	code, out, _ := run(t, importArgs(db, files...)...)
	if code != 0 || !strings.Contains(out, "pipedrive-people.csv: read as a Pipedrive contacts file") ||
		!strings.Contains(out, "accounts:       3 created, 0 updated, 2 unchanged, 0 rejected") ||
		!strings.Contains(out, "contacts:       3 created, 0 updated, 1 unchanged, 0 rejected") ||
		!strings.Contains(out, "activities:     3 created, 0 updated, 0 unchanged, 0 rejected") {
		t.Fatalf("pipedrive exports: %d\n%s", code, out)
	}
	s := openDB(t, db)
	var acts, people []string
	s.Snapshot(context.Background(), func(sn *store.Snapshot) error {
		sn.Contacts(func(c model.Contact, account string) error {
			people = append(people, strings.Join([]string{c.Name, account, c.Title, c.Email, c.Phone}, "|"))
			return nil
		})
		return sn.Activities(func(a model.Activity, n store.ActivityNames) error {
			when := a.Due.String()
			if a.Done() {
				when = a.At.Format(time.DateTime)
			}
			acts = append(acts, strings.Join([]string{string(a.Kind), when, a.Text, n.Account, n.Deal, n.Contact}, "|"))
			return nil
		})
	})
	// The people file gives Nina's phone; the deals file, which names her
	// too but has no phone column, must not clear it.
	wantList(t, "people", people, "Nina North|Northwind Traders|Buyer|nina@northwind.example|+1 206 555 0111",
		"Carl Cont|Contoso Ltd|CTO|carl@contoso.example|", "Frank Fab|Fabrikam Inc||frank@fabrikam.example|")
	wantList(t, "activities", acts, "call|2026-11-02 10:00:00|Kick-off call\nAgreed the plan|Northwind Traders|Northwind renewal|Nina North",
		"task|2026-12-04|Send the order form|Northwind Traders|Northwind renewal|Nina North",
		"meeting|2026-11-20 12:30:00|Lunch with Carl|Contoso Ltd||Carl Cont")
}

// Amounts that name no currency are in --currency, else in the book's.
func TestImportCurrencyDefaultsToTheBooks(t *testing.T) {
	db := newDB(t)
	mustRun(t, "config", "set", "currency", "EUR", "--db", db)
	file := writeCSV(t, t.TempDir(), "deals.csv", [][]string{{"Title", "Company", "Stage", "Value"},
		{"Fleet pilot", "Acme", "Qualifying", "1,200"}, {"Rollout", "Acme", "Qualifying", "$500"}})
	if code, out, errOut := run(t, importArgs(db, file, "--create-accounts")...); code != 0 {
		t.Fatalf("import: %s%s", out, errOut)
	}
	deals := dealsByTitle(t, openDB(t, db))
	if v := deals["Fleet pilot"].Value; v != (model.Money{Minor: 120_000, Currency: "EUR"}) {
		t.Errorf("an amount with no currency became %v, want the book's EUR", v)
	}
	if v := deals["Rollout"].Value; v != (model.Money{Minor: 50_000, Currency: "USD"}) {
		t.Errorf("an amount in dollars became %v", v)
	}
	other := writeCSV(t, t.TempDir(), "more.csv", [][]string{{"Title", "Company", "Stage", "Value"}, {"Expansion", "Acme", "Qualifying", "900"}})
	if code, out, errOut := run(t, importArgs(db, other, "--currency", "GBP")...); code != 0 {
		t.Fatalf("import: %s%s", out, errOut)
	}
	if v := dealsByTitle(t, openDB(t, db))["Expansion"].Value; v != (model.Money{Minor: 90_000, Currency: "GBP"}) {
		t.Errorf("--currency GBP gave %v", v)
	}
}

// A stray or unclosed quote in a generic CSV rejects that line with its
// number and imports the others (it used to panic).
func TestImportGenericCSVWithBrokenQuotes(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	for _, tc := range []struct{ name, text, want, counts string }{
		{"stray.csv", "Name,Industry\n\"A \"b\" c\",x\nOk Inc,y\n", "stray.csv line 2: the line is not valid CSV",
			"accounts:       1 created, 0 updated, 0 unchanged, 1 rejected"},
		{"unclosed.csv", "Name,Industry\nLater Ltd,y\n\"Unterminated,x\n", "unclosed.csv line 3: the line is not valid CSV",
			"accounts:       1 created, 0 updated, 0 unchanged, 1 rejected"},
	} {
		path := filepath.Join(dir, tc.name)
		if err := os.WriteFile(path, []byte(tc.text), 0o600); err != nil {
			t.Fatal(err)
		}
		code, out, errOut := run(t, importArgs(db, path, "--what", "accounts")...)
		if code != 0 || !strings.Contains(out, tc.want) || !strings.Contains(out, tc.counts) {
			t.Errorf("%s: %d\n%s\n%s", tc.name, code, out, errOut)
		}
	}
}

// A people file from a spreadsheet or Outlook is read as contacts from its
// columns — a person's name, e-mail or position beside a company — and
// keeps their e-mail.
func TestImportPeopleFilesAreContacts(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	for _, tc := range []struct{ name, text, company, email string }{
		{"people.tsv", "Full name\tCompany\tE-mail\tPosition\nAnna Schmidt\tFoo GmbH\tanna@foo.example\tCEO\n", "Foo GmbH", "anna@foo.example"},
		{"outlook.csv", "First Name,Last Name,E-mail Address,Company,Job Title\nKarl,Klein,karl@bar.example,Bar AG,CFO\n", "Bar AG", "karl@bar.example"},
	} {
		path := filepath.Join(dir, tc.name)
		if err := os.WriteFile(path, []byte(tc.text), 0o600); err != nil {
			t.Fatal(err)
		}
		code, out, errOut := run(t, importArgs(db, path, "--create-accounts")...)
		if code != 0 || !strings.Contains(out, "read as a CSV contacts file") || !strings.Contains(out, "contacts:       1 created") {
			t.Errorf("%s: %d\n%s\n%s", tc.name, code, out, errOut)
		}
		s := openDB(t, db)
		acct, err := s.FindAccount(context.Background(), tc.company)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if cts, err := s.Contacts(context.Background(), acct.ID); err != nil || len(cts) != 1 || cts[0].Email != tc.email {
			t.Errorf("%s: contacts of %s: %+v %v", tc.name, tc.company, cts, err)
		}
	}
}

// A generic deals file's "closed" column is when the deal closed; a
// Salesforce report's Closed and Won checkboxes are left to the stage.
func TestImportClosedColumns(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	generic := filepath.Join(dir, "deals.csv")
	if err := os.WriteFile(generic, []byte("Title,Account,Stage,Status,Value,Currency,Closed\n"+
		"Fleet pilot,Acme Logistics,Closing,won,12000,USD,2026-10-31\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	sf, err := os.ReadFile(fixture("salesforce-opportunities-report.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(sf), "\n")
	for i, l := range lines[:7] { // the header and the data rows before the footer
		switch {
		case i == 0:
			lines[i] = l + `,"Closed","Won"`
		case strings.HasPrefix(l, `"`):
			lines[i] = l + `,"0","0"`
		}
	}
	report := filepath.Join(dir, "salesforce-opportunities-report.csv")
	if err := os.WriteFile(report, []byte(strings.Join(lines, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, importArgs(db, generic, "--create-accounts")...)
	if code != 0 || strings.Contains(out, "skipped: Closed") {
		t.Fatalf("generic deals: %d\n%s\n%s", code, out, errOut)
	}
	if d := dealsByTitle(t, openDB(t, db))["Fleet pilot"]; d.Status != "won" || d.ClosedAt.Format(time.DateOnly) != "2026-10-31" {
		t.Errorf("Fleet pilot closed %v (%s), want 2026-10-31", d.ClosedAt, d.Status)
	}
	code, out, errOut = run(t, importArgs(db, report, fixture("salesforce-accounts-report.csv"))...)
	if code != 0 || !strings.Contains(out, "deals:          5 created, 0 updated, 0 unchanged, 1 rejected") {
		t.Errorf("a Salesforce report with its checkboxes: %d\n%s\n%s", code, out, errOut)
	}
}
