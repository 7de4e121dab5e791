package demo

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"rolo/model"
	"rolo/store"
)

// testNow is Friday 2026-11-27, 10:00 UTC, the clock the store tests use.
var testNow = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

func openStore(t testing.TB, path string, clock model.Clock) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), path, store.Options{Clock: clock})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// readOnly opens the file for the test's own queries.
func readOnly(t testing.TB, path string) *sql.DB {
	t.Helper()
	u := url.URL{Scheme: "file", OmitHost: true, Path: filepath.ToSlash(path)}
	db, err := sql.Open("sqlite", u.String()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// generate makes a demo in a fresh file and returns the file's path.
func generate(t testing.TB, cfg Config) (string, Summary) {
	t.Helper()
	if cfg.Clock.Loc == nil {
		cfg.Clock = model.FixedClock(testNow)
	}
	path := filepath.Join(t.TempDir(), "demo.db")
	st := openStore(t, path, cfg.Clock)
	sum, err := Generate(context.Background(), st, cfg, nil)
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	return path, sum
}

var tables = []string{"accounts", "contacts", "deals", "deal_events", "activities", "contracts",
	"support_issues", "surveys", "acquisition_costs"}

// dump hashes every row of the demo tables, in id order.
func dump(t testing.TB, db *sql.DB) string {
	t.Helper()
	h := sha256.New()
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM ` + table + ` ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(h, "%s %v\n", table, vals)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return hex.EncodeToString(h.Sum(nil))
}

func count(t testing.TB, db *sql.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestDefaultBook(t *testing.T) {
	clock := model.FixedClock(testNow)
	path := filepath.Join(t.TempDir(), "demo.db")
	st := openStore(t, path, clock)
	perStage := map[string]int{}
	cfg := Default()
	cfg.Clock = clock
	sum, err := Generate(context.Background(), st, cfg, func(p Progress) {
		perStage[p.Stage]++
		if p.Done > p.Total {
			t.Errorf("progress %+v: done beyond total", p)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("default book: %+v (%d rows)", sum, sum.Rows())
	if sum.Accounts != 80 || sum.Deals != 180 || sum.Activities != 1500 {
		t.Errorf("summary %+v: want 80 accounts, 180 deals, 1500 activities", sum)
	}
	if sum.Contacts < 80 || sum.Contracts == 0 || sum.Issues == 0 || sum.Surveys == 0 || sum.Costs == 0 || sum.Events < sum.Deals {
		t.Errorf("summary %+v: something is missing", sum)
	}
	for stage, n := range perStage {
		if n > 22 {
			t.Errorf("progress for %s reported %d times; want about 20 at most", stage, n)
		}
	}
	for _, stage := range []string{"accounts", "deals", "activities", "costs", "indexes"} {
		if perStage[stage] == 0 {
			t.Errorf("no progress for %s", stage)
		}
	}
	c, err := st.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if c.Accounts != sum.Accounts || c.Deals != sum.Deals || c.Activities != sum.Activities || c.Contacts != sum.Contacts || c.Contracts != sum.Contracts {
		t.Errorf("store counts %+v disagree with summary %+v", c, sum)
	}
	checkBook(t, readOnly(t, path), clock, sum)
}

func TestMediumBookInAnotherZone(t *testing.T) {
	// 22:30 on Friday in UTC−5 is already Saturday in UTC: "today" and
	// "this week" must follow the user's zone.
	zone := time.FixedZone("UTC-5", -5*3600)
	clock := model.FixedClock(time.Date(2026, 11, 27, 22, 30, 0, 0, zone))
	path, sum := generate(t, Config{Seed: 7, Accounts: 2000, Clock: clock})
	t.Logf("medium book: %+v (%d rows, %.0f rows/s)", sum, sum.Rows(), float64(sum.Rows())/sum.Elapsed.Seconds())
	if sum.Accounts != 2000 || sum.Deals != 4500 || sum.Activities != 37500 {
		t.Errorf("summary %+v: want 2000 accounts, 4500 deals, 37500 activities", sum)
	}
	checkBook(t, readOnly(t, path), clock, sum)
}

func TestSameSeedSameData(t *testing.T) {
	cfg := Config{Seed: 42, Accounts: 120, Deals: 300, Activities: 2500}
	p1, s1 := generate(t, cfg)
	p2, s2 := generate(t, cfg)
	s1.Elapsed, s2.Elapsed = 0, 0
	if s1 != s2 {
		t.Errorf("summaries differ: %+v vs %+v", s1, s2)
	}
	h1, h2 := dump(t, readOnly(t, p1)), dump(t, readOnly(t, p2))
	if h1 != h2 {
		t.Errorf("same seed, different data: %s vs %s", h1, h2)
	}
	cfg.Seed = 43
	p3, _ := generate(t, cfg)
	if h3 := dump(t, readOnly(t, p3)); h3 == h1 {
		t.Error("a different seed gave the same data")
	}
}

func TestRefusesNonEmptyDatabase(t *testing.T) {
	clock := model.FixedClock(testNow)
	path := filepath.Join(t.TempDir(), "demo.db")
	st := openStore(t, path, clock)
	ctx := context.Background()
	cfg := Config{Seed: 3, Accounts: 10, Clock: clock}
	first, err := Generate(ctx, st, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	db := readOnly(t, path)
	before := dump(t, db)
	_, err = Generate(ctx, st, cfg, nil)
	if !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("second generate: got %v, want ErrNotEmpty", err)
	}
	if after := dump(t, db); after != before {
		t.Error("a refused generate changed the database")
	}
	cfg.Force = true
	second, err := Generate(ctx, st, cfg, nil)
	if err != nil {
		t.Fatalf("generate with Force: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM accounts`); n != first.Accounts+second.Accounts {
		t.Errorf("after Force: %d accounts, want %d", n, first.Accounts+second.Accounts)
	}
}

func TestCancelWritesNothing(t *testing.T) {
	clock := model.FixedClock(testNow)
	path := filepath.Join(t.TempDir(), "demo.db")
	st := openStore(t, path, clock)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := Generate(ctx, st, Config{Seed: 1, Accounts: 500, Clock: clock}, func(p Progress) {
		if p.Stage == "activities" && p.Done > 0 {
			cancel()
		}
	})
	if err == nil {
		t.Fatal("a cancelled generate succeeded")
	}
	empty, err := st.IsEmpty(context.Background())
	if err != nil || !empty {
		t.Errorf("after cancelling: empty=%v err=%v; want nothing written", empty, err)
	}
}

func TestSizes(t *testing.T) {
	for _, tc := range []struct {
		cfg                     Config
		accounts, deals, activs int
		bad                     bool
	}{
		{Config{}, 80, 180, 1500, false},
		{Default(), 80, 180, 1500, false},
		{Config{Accounts: 20000, Deals: 100000, Activities: 1000000}, 20000, 100000, 1000000, false},
		{Config{Accounts: 2000}, 2000, 4500, 37500, false},
		{Config{Deals: 10}, 80, 10, 1500, false},
		{Config{Accounts: -1}, 0, 0, 0, true},
		{Config{Accounts: MaxAccounts + 1}, 0, 0, 0, true},
	} {
		a, d, act, err := tc.cfg.sizes()
		if (err != nil) != tc.bad || a != tc.accounts || d != tc.deals || act != tc.activs {
			t.Errorf("%+v: got %d/%d/%d err %v", tc.cfg, a, d, act, err)
		}
	}
}

func TestTinyBooks(t *testing.T) {
	// Odd sizes must still give valid data (everything is validated as it
	// is written).
	for _, cfg := range []Config{
		{Seed: 1, Accounts: 1},
		{Seed: 2, Accounts: 3, Deals: 1, Activities: 1},
		{Seed: 3, Accounts: 5, Deals: 60, Activities: 5},
		{Seed: 4, Accounts: 30, Deals: 1, Activities: 2000},
	} {
		path, sum := generate(t, cfg)
		a, d, act, _ := cfg.sizes()
		if sum.Accounts != a || sum.Deals != d || sum.Activities != act {
			t.Errorf("%+v: summary %+v", cfg, sum)
		}
		checkIntegrity(t, readOnly(t, path))
	}
}

func checkIntegrity(t *testing.T, db *sql.DB) {
	t.Helper()
	if n := count(t, db, `SELECT count(*) FROM pragma_foreign_key_check`); n != 0 {
		t.Errorf("foreign_key_check: %d problems", n)
	}
	var ok string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity_check: %q %v", ok, err)
	}
}

// checkBook checks what a newcomer should see in a demo, relative to the
// clock's today, and that the data is consistent.
func checkBook(t *testing.T, db *sql.DB, clock model.Clock, sum Summary) {
	t.Helper()
	checkIntegrity(t, db)
	now := clock.Now()
	nowText := now.UTC().Format(time.RFC3339)
	today := clock.Today()
	weekStart, weekAfter := clock.Week()
	weekEnd := weekAfter.AddDays(-1)

	positive := map[string]string{
		"overdue next steps":       `SELECT count(*) FROM deals WHERE status = 'open' AND next_step <> '' AND next_due < ?1`,
		"next steps due today":     `SELECT count(*) FROM deals WHERE status = 'open' AND next_step <> '' AND next_due = ?1`,
		"next steps due later":     `SELECT count(*) FROM deals WHERE status = 'open' AND next_step <> '' AND next_due > ?1`,
		"open deals, no next step": `SELECT count(*) FROM deals WHERE status = 'open' AND next_step = '' AND next_due IS NULL`,
		"won deals":                `SELECT count(*) FROM deals WHERE status = 'won' AND closed_at IS NOT NULL`,
		"lost deals":               `SELECT count(*) FROM deals WHERE status = 'lost' AND lost_reason <> ''`,
		"expansion deals":          `SELECT count(*) FROM deals WHERE kind = 'expansion'`,
		"renewal deals":            `SELECT count(*) FROM deals WHERE kind = 'renewal'`,
		"probability overrides":    `SELECT count(*) FROM deals WHERE status = 'open' AND probability IS NOT NULL`,
		"non-USD deals":            `SELECT count(*) FROM deals WHERE currency <> 'USD'`,
		"contracts this week":      `SELECT count(*) FROM contracts WHERE status = 'active' AND end_date BETWEEN ?2 AND ?3`,
		"contracts within 90 days": `SELECT count(*) FROM contracts WHERE status = 'active' AND end_date > ?3 AND end_date <= ?4`,
		"renewed contracts":        `SELECT count(*) FROM contracts c WHERE status = 'renewed' AND EXISTS (SELECT 1 FROM contracts n WHERE n.renews_id = c.id)`,
		"churned contracts":        `SELECT count(*) FROM contracts WHERE status = 'churned' AND churn_reason <> ''`,
		"open issues":              `SELECT count(*) FROM support_issues WHERE resolved_at IS NULL`,
		"resolved issues":          `SELECT count(*) FROM support_issues WHERE resolved_at IS NOT NULL`,
		"CSAT responses":           `SELECT count(*) FROM surveys WHERE kind = 'csat'`,
		"NPS detractors":           `SELECT count(*) FROM surveys WHERE kind = 'nps' AND score <= 6`,
		"NPS promoters":            `SELECT count(*) FROM surveys WHERE kind = 'nps' AND score >= 9`,
		"acquisition costs":        `SELECT count(*) FROM acquisition_costs`,
		"customers":                `SELECT count(*) FROM accounts WHERE status = 'customer' AND customer_since IS NOT NULL`,
		"prospects":                `SELECT count(*) FROM accounts WHERE status = 'prospect'`,
		"churned accounts":         `SELECT count(*) FROM accounts WHERE status = 'churned' AND churn_reason <> ''`,
		"check-ins":                `SELECT count(*) FROM activities WHERE kind = 'check-in'`,
		"due tasks":                `SELECT count(*) FROM activities WHERE kind = 'task' AND at IS NULL AND due IS NOT NULL`,
		"customers overdue for a check-in": `SELECT count(*) FROM accounts WHERE status = 'customer' AND cadence_days > 0
			AND last_touch_at < strftime('%Y-%m-%dT%H:%M:%SZ', ?5, '-' || cadence_days || ' days')`,
		"customers due a check-in": `SELECT count(*) FROM accounts WHERE status = 'customer' AND checkin_due <= ?1`,
		"urgent issues over a day old": `SELECT count(*) FROM support_issues WHERE resolved_at IS NULL AND severity IN ('high', 'urgent')
			AND opened_at < strftime('%Y-%m-%dT%H:%M:%SZ', ?5, '-1 day')`,
	}
	args := []any{today.String(), laterDate(today, weekStart).String(), weekEnd.String(), today.AddDays(90).String(), nowText}
	for what, query := range positive {
		if n := count(t, db, query, args...); n == 0 {
			t.Errorf("the demo has no %s", what)
		}
	}
	zero := map[string]string{
		"lost deals without a reason":             `SELECT count(*) FROM deals WHERE status = 'lost' AND lost_reason = ''`,
		"closed deals with a next step":           `SELECT count(*) FROM deals WHERE status <> 'open' AND (next_step <> '' OR next_due IS NOT NULL)`,
		"open deals with closed_at":               `SELECT count(*) FROM deals WHERE status = 'open' AND closed_at IS NOT NULL`,
		"prospects with won new business":         `SELECT count(*) FROM deals d JOIN accounts a ON a.id = d.account_id WHERE a.status = 'prospect' AND d.status = 'won'`,
		"prospects with expansions":               `SELECT count(*) FROM deals d JOIN accounts a ON a.id = d.account_id WHERE a.status = 'prospect' AND d.kind <> 'new'`,
		"prospects with contracts":                `SELECT count(*) FROM contracts c JOIN accounts a ON a.id = c.account_id WHERE a.status = 'prospect'`,
		"check-ins on prospects":                  `SELECT count(*) FROM activities v JOIN accounts a ON a.id = v.account_id WHERE a.status = 'prospect' AND v.kind = 'check-in'`,
		"customers without active contract":       `SELECT count(*) FROM accounts a WHERE status = 'customer' AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.account_id = a.id AND c.status = 'active')`,
		"churned with an active contract":         `SELECT count(*) FROM contracts c JOIN accounts a ON a.id = c.account_id WHERE a.status = 'churned' AND c.status = 'active'`,
		"renewals that renew nothing":             `SELECT count(*) FROM contracts c WHERE renews_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM contracts p WHERE p.id = c.renews_id AND p.status = 'renewed' AND p.account_id = c.account_id AND p.end_date < c.start_date)`,
		"activities in the future":                `SELECT count(*) FROM activities WHERE at > ?5 OR created_at > ?5`,
		"deals created in the future":             `SELECT count(*) FROM deals WHERE created_at > ?5 OR last_touch_at > ?5 OR closed_at > ?5`,
		"tasks with a time":                       `SELECT count(*) FROM activities WHERE kind = 'task' AND at IS NOT NULL`,
		"activities before their account":         `SELECT count(*) FROM activities v JOIN accounts a ON a.id = v.account_id WHERE coalesce(v.at, v.created_at) < a.created_at`,
		"deals before their account":              `SELECT count(*) FROM deals d JOIN accounts a ON a.id = d.account_id WHERE d.created_at < a.created_at`,
		"activities on a deal of another account": `SELECT count(*) FROM activities v JOIN deals d ON d.id = v.deal_id WHERE d.account_id <> v.account_id`,
		"contacts of another account":             `SELECT count(*) FROM activities v JOIN contacts c ON c.id = v.contact_id WHERE c.account_id <> v.account_id`,
		"deal activities outside the deal's life": `SELECT count(*) FROM activities v JOIN deals d ON d.id = v.deal_id
			WHERE v.at IS NOT NULL AND (v.at < d.created_at OR v.at > d.last_touch_at)`,
		// A touch is an activity done, an issue opened or resolved, a
		// survey answer.
		"accounts whose last touch is not their latest touch": `SELECT count(*) FROM accounts a
			WHERE a.last_touch_at IS NOT (SELECT max(t) FROM (
				SELECT max(at) AS t FROM activities v WHERE v.account_id = a.id AND v.at IS NOT NULL
				UNION ALL SELECT max(opened_at) FROM support_issues i WHERE i.account_id = a.id
				UNION ALL SELECT max(resolved_at) FROM support_issues i WHERE i.account_id = a.id
				UNION ALL SELECT max(at) FROM surveys s WHERE s.account_id = a.id))`,
		"customers with no check-in due date": `SELECT count(*) FROM accounts WHERE status = 'customer' AND cadence_days > 0 AND checkin_due IS NULL`,
		"deals whose last touch is not their latest activity or move": `SELECT count(*) FROM deals d WHERE d.last_touch_at <> CASE
			WHEN d.status <> 'open' THEN d.closed_at
			ELSE max(d.stage_entered, coalesce((SELECT max(at) FROM activities v WHERE v.deal_id = d.id), '')) END`,
		"issues resolved before opened": `SELECT count(*) FROM support_issues WHERE resolved_at < opened_at`,
		"duplicate account names":       `SELECT count(*) - count(DISTINCT name) FROM accounts`,
		"emails off the account domain": `SELECT count(*) FROM contacts c JOIN accounts a ON a.id = c.account_id WHERE c.email NOT LIKE '%@' || a.website`,
	}
	for what, query := range zero {
		if n := count(t, db, query, args...); n != 0 {
			t.Errorf("the demo has %d %s", n, what)
		}
	}

	open := count(t, db, `SELECT count(*) FROM deals WHERE status = 'open'`)
	if share := float64(open) / float64(sum.Deals); share < 0.3 || share > 0.5 {
		t.Errorf("%.0f%% of deals are open; want about 40%%", share*100)
	}
	csat4 := count(t, db, `SELECT count(*) FROM surveys WHERE kind = 'csat' AND score >= 4`)
	if csat := count(t, db, `SELECT count(*) FROM surveys WHERE kind = 'csat'`); csat4*2 < csat {
		t.Errorf("only %d of %d CSAT answers are 4–5; want most", csat4, csat)
	}
	if n := count(t, db, `SELECT count(DISTINCT substr(date, 1, 7)) FROM acquisition_costs`); n != 18 {
		t.Errorf("acquisition costs span %d months, want 18", n)
	}
	if n := count(t, db, `SELECT count(*) FROM deals WHERE status <> 'open' AND closed_at < strftime('%Y-%m-%dT%H:%M:%SZ', ?1, '-18 months')
		AND NOT (kind = 'new' AND status = 'won') AND NOT (kind = 'renewal' AND status = 'won')`, nowText); n != 0 {
		t.Errorf("%d closed deals (other than the wins behind contracts) are older than 18 months", n)
	}
	checkStages(t, db, clock)
	checkEvents(t, db)
}

func laterDate(a, b model.Date) model.Date {
	if a.After(b) {
		return a
	}
	return b
}

// checkStages wants open deals in every stage and some of them rotting.
func checkStages(t *testing.T, db *sql.DB, clock model.Clock) {
	t.Helper()
	rows, err := db.Query(`SELECT s.id, s.rot_days, count(d.id),
		coalesce(sum(d.last_touch_at < strftime('%Y-%m-%dT%H:%M:%SZ', ?, '-' || s.rot_days || ' days')), 0)
		FROM stages s LEFT JOIN deals d ON d.stage_id = s.id AND d.status = 'open'
		WHERE s.archived_at IS NULL GROUP BY s.id ORDER BY s.position`, clock.Now().UTC().Format(time.RFC3339))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	rotting := 0
	for rows.Next() {
		var id, rot, n, stale int
		if err := rows.Scan(&id, &rot, &n, &stale); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Errorf("stage %d has no open deals", id)
		}
		if rot > 0 {
			rotting += stale
		}
	}
	if rotting == 0 {
		t.Error("no open deal is rotting")
	}
}

// checkEvents replays every deal's history and wants it to end where the
// deal is: its stage, status, and expected close date.
func checkEvents(t *testing.T, db *sql.DB) {
	t.Helper()
	type state struct {
		stage                                      int64
		status, created, entered, closed, expected string
	}
	deals := map[int64]*state{}
	rows, err := db.Query(`SELECT id, stage_id, status, created_at, stage_entered, coalesce(closed_at, ''), coalesce(expected_close, '') FROM deals`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		s := &state{}
		if err := rows.Scan(&id, &s.stage, &s.status, &s.created, &s.entered, &s.closed, &s.expected); err != nil {
			t.Fatal(err)
		}
		deals[id] = s
	}
	rows.Close()
	var first int64
	if err := db.QueryRow(`SELECT id FROM stages WHERE archived_at IS NULL ORDER BY position LIMIT 1`).Scan(&first); err != nil {
		t.Fatal(err)
	}
	next := map[int64]int64{} // stage → the stage after it
	srows, err := db.Query(`SELECT id, lead(id) OVER (ORDER BY position) FROM stages WHERE archived_at IS NULL`)
	if err != nil {
		t.Fatal(err)
	}
	for srows.Next() {
		var id int64
		var after sql.NullInt64
		if err := srows.Scan(&id, &after); err != nil {
			t.Fatal(err)
		}
		next[id] = after.Int64
	}
	srows.Close()

	type replay struct {
		stage                                  int64
		status, created, entered, closed, date string
		events                                 int
	}
	got := map[int64]*replay{}
	erows, err := db.Query(`SELECT deal_id, at, kind, coalesce(from_stage_id, 0), coalesce(to_stage_id, 0),
		coalesce(old_text, ''), coalesce(new_text, '') FROM deal_events ORDER BY deal_id, at, id`)
	if err != nil {
		t.Fatal(err)
	}
	defer erows.Close()
	bad := 0
	fail := func(format string, args ...any) {
		if bad++; bad <= 10 {
			t.Errorf(format, args...)
		}
	}
	for erows.Next() {
		var deal, from, to int64
		var at, kind, oldText, newText string
		if err := erows.Scan(&deal, &at, &kind, &from, &to, &oldText, &newText); err != nil {
			t.Fatal(err)
		}
		r := got[deal]
		if r == nil {
			if kind != string(model.EventCreated) {
				fail("deal %d: history starts with %s, not created", deal, kind)
				continue
			}
			got[deal] = &replay{}
			r = got[deal]
		}
		r.events++
		switch model.DealEventKind(kind) {
		case model.EventCreated:
			if r.events != 1 || to != first || newText != "open" {
				fail("deal %d: bad created event (stage %d, %q)", deal, to, newText)
			}
			r.stage, r.status, r.created, r.entered = to, newText, at, at
		case model.EventStage:
			if from != r.stage || to != next[from] || r.status != "open" {
				fail("deal %d: stage move %d→%d from stage %d (%s)", deal, from, to, r.stage, r.status)
			}
			r.stage, r.entered = to, at
		case model.EventStatus:
			if oldText != r.status || oldText != "open" {
				fail("deal %d: status %s→%s while %s", deal, oldText, newText, r.status)
			}
			r.status, r.closed = newText, at
		case model.EventCloseDate:
			if oldText >= newText {
				fail("deal %d: close date moved from %s to %s", deal, oldText, newText)
			}
			r.date = newText
		default:
			fail("deal %d: unexpected %s event", deal, kind)
		}
	}
	for id, d := range deals {
		r := got[id]
		switch {
		case r == nil:
			fail("deal %d has no history", id)
		case r.stage != d.stage || r.status != d.status:
			fail("deal %d: history ends in stage %d %s, deal is in %d %s", id, r.stage, r.status, d.stage, d.status)
		case r.created != d.created || r.entered != d.entered || r.closed != d.closed:
			fail("deal %d: history times %s/%s/%s, deal %s/%s/%s", id, r.created, r.entered, r.closed, d.created, d.entered, d.closed)
		case r.date != "" && r.date != d.expected:
			fail("deal %d: last close-date change to %s, deal expects %s", id, r.date, d.expected)
		}
	}
	if len(got) != len(deals) {
		fail("%d deals have history, %d deals exist", len(got), len(deals))
	}
}

// BenchmarkGenerateScale writes the scale case of DESIGN.md (20k accounts,
// 100k deals, 1M activities). Run it with
//
//	go test ./demo -run '^$' -bench GenerateScale -benchtime 1x
func BenchmarkGenerateScale(b *testing.B) {
	cfg := Config{Seed: 1, Accounts: 20000, Deals: 100000, Activities: 1000000, Clock: model.FixedClock(testNow)}
	for b.Loop() {
		path := filepath.Join(b.TempDir(), "scale.db")
		st, err := store.Open(context.Background(), path, store.Options{Clock: cfg.Clock})
		if err != nil {
			b.Fatal(err)
		}
		began := time.Now()
		var loaded time.Duration // inserts done; indexes, checkpoint and ANALYZE follow
		sum, err := Generate(context.Background(), st, cfg, func(p Progress) {
			if p.Stage == "indexes" && p.Done == 0 {
				loaded = time.Since(began)
			}
		})
		st.Close()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(sum.Rows()), "rows")
		b.ReportMetric(float64(sum.Rows())/sum.Elapsed.Seconds(), "rows/s")
		b.ReportMetric(loaded.Seconds(), "insert-s")
		b.ReportMetric((sum.Elapsed - loaded).Seconds(), "finish-s")
	}
}

// TestSearchFindsTheBook: a bulk load rebuilds the search index (it is
// not kept row by row during the load), and the index follows writes
// made afterwards.
func TestSearchFindsTheBook(t *testing.T) {
	clock := model.FixedClock(testNow)
	path := filepath.Join(t.TempDir(), "demo.db")
	st := openStore(t, path, clock)
	ctx := context.Background()
	if _, err := Generate(ctx, st, Config{Seed: 5, Accounts: 30, Clock: clock}, nil); err != nil {
		t.Fatal(err)
	}
	db := readOnly(t, path)
	want := count(t, db, `SELECT (SELECT count(*) FROM accounts WHERE archived_at IS NULL) + (SELECT count(*) FROM deals WHERE archived_at IS NULL)
		+ (SELECT count(*) FROM contacts WHERE archived_at IS NULL)`)
	if got := count(t, db, `SELECT count(*) FROM search_index`); got != want {
		t.Fatalf("the search index holds %d names, want %d", got, want)
	}
	var name string
	if err := db.QueryRow(`SELECT name FROM accounts ORDER BY id LIMIT 1`).Scan(&name); err != nil {
		t.Fatal(err)
	}
	hits, err := st.Search(ctx, name, 10)
	if err != nil || len(hits) == 0 || hits[0].Name != name {
		t.Fatalf("searching %q: %+v, %v", name, hits, err)
	}
	added, err := st.CreateAccount(ctx, model.Account{Name: "Zebrafish Optics"})
	if err != nil {
		t.Fatal(err)
	}
	if hits, err := st.Search(ctx, "zebraf", 10); err != nil || len(hits) != 1 || hits[0].ID != added.ID {
		t.Fatalf("a new account is not found: %+v, %v", hits, err)
	}
}

// TestBusiestAccount: a large book has one customer with 2,500
// activities (the account page's speed target is measured on it); the
// default book has none singled out, so it is as it was.
func TestBusiestAccount(t *testing.T) {
	clock := model.FixedClock(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
	most := func(accounts, deals, activities int) (int, int) {
		g := newGen(Config{Seed: 1, Clock: clock, Now: clock.Now()}, model.DefaultStages(), nil)
		g.plan(accounts, deals, activities)
		top, total := 0, 0
		for _, p := range g.accounts {
			top, total = max(top, p.activities), total+p.activities
		}
		return top, total
	}
	if top, total := most(20_000, 100_000, 1_000_000); top < 2000 || total != 1_000_000 {
		t.Errorf("the scale book's busiest account has %d activities (of %d)", top, total)
	}
	if top, _ := most(80, 180, 1500); top > 200 {
		t.Errorf("the default book's busiest account has %d activities", top)
	}
}
