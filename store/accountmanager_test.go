package store

import (
	"context"
	"errors"
	"fmt"

	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"rolo/model"
)

// The account manager's writes and reads, on real files. Each test opens
// the same file with the clock pinned at the day something happened, so
// touches, ages and due dates are real rows.

func openAtTime(t *testing.T, path string, at time.Time) *Store {
	t.Helper()
	s, err := Open(context.Background(), path, Options{Clock: model.FixedClock(at)})
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func daysAgo(n int) time.Time { return testNow.AddDate(0, 0, -n) }

var today = model.DateOf(testNow)

// customer adds a customer on the file at the given time, with a cadence
// of 30 days and a call logged then (its last touch).
func customer(t *testing.T, path, name string, at time.Time) model.Account {
	t.Helper()
	ctx := context.Background()
	s := openAtTime(t, path, at)
	a, err := s.CreateAccount(ctx, model.Account{Name: name, Status: model.Customer, Tier: "mid-market", CustomerSince: model.DateOf(at)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.LogOnAccount(ctx, a, model.Activity{Kind: model.Call, Text: "kick-off call"}, FollowUp{}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	return a
}

func todayCounts(t *testing.T, s *Store) TodayCounts {
	t.Helper()
	q, err := s.CountToday(context.Background(), s.clock.Today(), s.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return q.Counts
}

func todayItems(t *testing.T, s *Store) []TodayItem {
	t.Helper()
	ctx := context.Background()
	q, err := s.CountToday(ctx, s.clock.Today(), s.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	items, err := s.TodayPage(ctx, q, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func TestCheckInLeavesTheQueueAndUndoPutsItBack(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rolo.db")
	late := customer(t, path, "Late Co", daysAgo(41))
	customer(t, path, "Fresh Co", daysAgo(3))
	s := openAt(t, path)

	a := accountNow(t, s, late.ID)
	if a.CadenceDays != 30 || a.CheckInDue(time.UTC) != today.AddDays(-11) {
		t.Fatalf("cadence %d, due %s; want 30 and %s", a.CadenceDays, a.CheckInDue(time.UTC), today.AddDays(-11))
	}
	items := todayItems(t, s)
	if len(items) != 1 || items[0].Reason != ReasonCheckIn || items[0].Account.ID != late.ID {
		t.Fatalf("Today = %+v, want Late Co's check-in only", items)
	}
	row, err := s.AccountRow(ctx, late.ID)
	if err != nil {
		t.Fatal(err)
	}
	h, ok := model.HealthOf(row.Facts(), s.clock)
	if !ok || h.Main() != (model.HealthReason{Points: -25, Why: "last touch 41d ago, cadence 30d"}) {
		t.Fatalf("health = %+v", h)
	}

	act, err := s.LogOnAccount(ctx, a, model.Activity{Kind: model.CheckIn, Text: "Quarterly check-in: happy"}, FollowUp{})
	if err != nil {
		t.Fatal(err)
	}
	a = accountNow(t, s, late.ID)
	if !a.LastTouchAt.Equal(testNow) || a.CheckInDue(time.UTC) != today.AddDays(30) || act.AccountID != late.ID {
		t.Fatalf("after the check-in: touch %v, due %s", a.LastTouchAt, a.CheckInDue(time.UTC))
	}
	if c := todayCounts(t, s); c[ReasonCheckIn] != 0 {
		t.Fatalf("still in the queue: %v", c)
	}
	undone, err := s.Undo(ctx, s.Session())
	if err != nil || undone.Label != "check in with Late Co" {
		t.Fatalf("undo = %+v, %v", undone, err)
	}
	if c := todayCounts(t, s); c[ReasonCheckIn] != 1 {
		t.Fatalf("undo did not put it back: %v", c)
	}
	if got, _ := s.Activity(ctx, act.ID); !got.Archived {
		t.Errorf("the check-in was not undone: %+v", got)
	}
}

func TestNextCheckInOverridesTheCadenceOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rolo.db")
	c := customer(t, path, "Override Co", daysAgo(10))
	s := openAtTime(t, path, daysAgo(2))
	_, err := s.LogOnAccount(ctx, accountNow(t, s, c.ID), model.Activity{Kind: model.CheckIn, Text: "call me after the launch"},
		FollowUp{NextCheckIn: today.AddDays(60)})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openAt(t, path)
	a := accountNow(t, s, c.ID)
	if a.NextCheckIn != today.AddDays(60) || a.CheckInDue(time.UTC) != today.AddDays(60) {
		t.Fatalf("due %s, next %s; want the date set", a.CheckInDue(time.UTC), a.NextCheckIn)
	}
	// Another touch resets the last touch but the date set stands.
	if _, err := s.LogOnAccount(ctx, a, model.Activity{Kind: model.Email, Text: "sent the release notes"}, FollowUp{}); err != nil {
		t.Fatal(err)
	}
	if a = accountNow(t, s, c.ID); a.CheckInDue(time.UTC) != today.AddDays(60) || !a.LastTouchAt.Equal(testNow) {
		t.Fatalf("after an email: due %s, touch %v", a.CheckInDue(time.UTC), a.LastTouchAt)
	}
	// The next check-in uses it up: the cadence counts again.
	if _, err := s.LogOnAccount(ctx, a, model.Activity{Kind: model.CheckIn, Text: "launch went well"}, FollowUp{}); err != nil {
		t.Fatal(err)
	}
	if a = accountNow(t, s, c.ID); !a.NextCheckIn.IsZero() || a.CheckInDue(time.UTC) != today.AddDays(30) {
		t.Fatalf("after the next check-in: due %s, next %s", a.CheckInDue(time.UTC), a.NextCheckIn)
	}
	// A date set elsewhere since the caller read the account is not
	// overwritten.
	seen := a
	if _, err := s.LogOnAccount(ctx, a, model.Activity{Kind: model.Note, Text: "n"}, FollowUp{NextCheckIn: today.AddDays(9)}); err != nil {
		t.Fatal(err)
	}
	_, err = s.LogOnAccount(ctx, seen, model.Activity{Kind: model.Note, Text: "m"}, FollowUp{NextCheckIn: today.AddDays(20)})
	if !errors.Is(err, ErrStale) || !strings.Contains(err.Error(), "next check-in date was changed") {
		t.Fatalf("stale next check-in: %v", err)
	}
	// A date today or earlier is refused.
	_, err = s.LogOnAccount(ctx, accountNow(t, s, c.ID), model.Activity{Kind: model.CheckIn, Text: "x"}, FollowUp{NextCheckIn: today})
	wantField(t, err, "next check-in")
}

func TestEveryKindOfTouchResetsTheClock(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rolo.db")
	c := customer(t, path, "Touch Co", daysAgo(50))
	touchedAt := func(s *Store) time.Time { return accountNow(t, s, c.ID).LastTouchAt }
	steps := []struct {
		name string
		ago  int
		do   func(s *Store) error
	}{
		{"an activity on a deal", 40, func(s *Store) error {
			st, _ := s.Stages(ctx)
			d, err := s.CreateDeal(ctx, model.Deal{AccountID: c.ID, Title: "Touch expansion", Kind: model.Expansion, StageID: st[0].ID,
				Value: model.Money{Minor: 100, Currency: "USD"}})
			if err != nil {
				return err
			}
			_, err = s.LogActivity(ctx, model.Activity{DealID: d.ID, Kind: model.Email, Text: "sent the quote"}, NextStep{})
			return err
		}},
		{"an activity with a contact", 30, func(s *Store) error {
			ct, err := s.CreateContact(ctx, model.Contact{AccountID: c.ID, Name: "Dana"})
			if err != nil {
				return err
			}
			_, err = s.LogOnAccount(ctx, accountNow(t, s, c.ID), model.Activity{Kind: model.Meeting, Text: "lunch", ContactID: ct.ID}, FollowUp{})
			return err
		}},
		{"an issue opened", 20, func(s *Store) error {
			_, err := s.CreateIssue(ctx, model.SupportIssue{AccountID: c.ID, Title: "Export fails", Severity: model.SevHigh})
			return err
		}},
		{"an issue resolved", 12, func(s *Store) error {
			is, err := s.Issues(ctx, IssueQuery{AccountID: c.ID})
			if err != nil {
				return err
			}
			_, err = s.ResolveIssue(ctx, is[0].SupportIssue, "patched")
			return err
		}},
		{"a survey answer", 5, func(s *Store) error {
			_, err := s.CreateSurvey(ctx, model.Survey{AccountID: c.ID, Kind: model.CSAT, Score: 4})
			return err
		}},
	}
	for _, st := range steps {
		at := daysAgo(st.ago)
		s := openAtTime(t, path, at)
		if err := st.do(s); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if got := touchedAt(s); !got.Equal(at) {
			t.Errorf("%s: last touch %v, want %v", st.name, got, at)
		}
		s.Close()
	}
	s := openAt(t, path)
	if a := accountNow(t, s, c.ID); a.CheckInDue(time.UTC) != today.AddDays(25) {
		t.Errorf("due %s, want 30 days after the survey answer", a.CheckInDue(time.UTC))
	}
	// A task still to do is not a touch.
	if _, err := s.LogOnAccount(ctx, accountNow(t, s, c.ID), model.Activity{Kind: model.Task, Text: "send QBR deck", Due: today.AddDays(3)}, FollowUp{}); err != nil {
		t.Fatal(err)
	}
	if got := touchedAt(s); !got.Equal(daysAgo(5)) {
		t.Errorf("a task due moved the last touch to %v", got)
	}
}

func TestIssueLifecycle(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rolo.db")
	c := customer(t, path, "Issue Co", daysAgo(5))
	s := openAtTime(t, path, daysAgo(2))
	urgent, err := s.CreateIssue(ctx, model.SupportIssue{AccountID: c.ID, Title: "  SSO login fails  ", Severity: model.SevUrgent})
	if err != nil {
		t.Fatal(err)
	}
	if urgent.Title != "SSO login fails" || !urgent.OpenedAt.Equal(daysAgo(2)) || !urgent.Open() {
		t.Fatalf("created = %+v", urgent)
	}
	if _, err := s.CreateIssue(ctx, model.SupportIssue{AccountID: c.ID, Title: "Typo in invoice", Severity: model.SevLow}); err != nil {
		t.Fatal(err)
	}
	_, err = s.CreateIssue(ctx, model.SupportIssue{AccountID: c.ID, Title: "x", Severity: "blocker"})
	wantField(t, err, "severity")
	s.Close()

	s = openAt(t, path)
	// Today: the urgent issue (over a day old); the low one is not urgent.
	items := todayItems(t, s)
	if len(items) != 1 || items[0].Reason != ReasonIssue || items[0].Issue.ID != urgent.ID || items[0].Account.Name != "Issue Co" {
		t.Fatalf("Today = %+v", items)
	}
	row, _ := s.AccountRow(ctx, c.ID)
	if row.Issues.Total() != 2 || row.Issues.Count[3] != 1 {
		t.Errorf("open issues = %+v", row.Issues)
	}
	seen, _ := s.Issue(ctx, urgent.ID)
	edited, err := s.UpdateIssue(ctx, seen, "SSO login fails for admins", model.SevHigh)
	if err != nil || edited.Severity != model.SevHigh || edited.Title != "SSO login fails for admins" {
		t.Fatalf("edit = %+v, %v", edited, err)
	}
	// Resolving depends only on the issue being open: the version read
	// before the edit resolves it; resolving it again is refused.
	if _, err := s.ResolveIssue(ctx, seen, "x"); err != nil {
		t.Fatalf("resolving after an edit of the title: %v (resolve depends only on the status)", err)
	}
	_, err = s.ResolveIssue(ctx, seen, "again")
	if !errors.Is(err, ErrStale) || !strings.Contains(err.Error(), fmt.Sprintf("Issue %d was resolved and its title and severity were changed elsewhere", urgent.ID)) {

		t.Fatalf("resolving twice: %v", err)
	}
	got, _ := s.Issue(ctx, urgent.ID)
	if got.Open() || got.Resolution != "x" || !got.ResolvedAt.Equal(testNow) {
		t.Fatalf("resolved = %+v", got)
	}
	if c := todayCounts(t, s); c[ReasonIssue] != 0 {
		t.Errorf("a resolved issue is still urgent: %v", c)
	}
	reopened, err := s.ReopenIssue(ctx, got)
	if err != nil || !reopened.Open() || reopened.Resolution != "" {
		t.Fatalf("reopen = %+v, %v", reopened, err)
	}
	entries, _ := s.Timeline(ctx, c.ID, 0, 50)
	if !slices.ContainsFunc(entries, func(e model.TimelineEntry) bool {
		return e.Kind == model.TimelineActivity && strings.Contains(e.Text, "Reopened issue: SSO login fails for admins (resolved 2026-11-27: x)")
	}) {
		t.Errorf("the reopening left no note on the timeline: %+v", entries)
	}
	// Undo: reopen, resolve, edit, in turn.
	for _, want := range []string{"reopen issue SSO login fails for admins", "resolve issue SSO login fails for admins", "edit issue SSO login fails"} {
		u, err := s.Undo(ctx, AnySession)
		if err != nil || u.Label != want {
			t.Fatalf("undo = %q, %v; want %q", u.Label, err, want)
		}
	}
	if got, _ := s.Issue(ctx, urgent.ID); !got.Open() || got.Severity != model.SevUrgent || got.Title != "SSO login fails" {
		t.Fatalf("after undoing: %+v", got)
	}
	list, err := s.Issues(ctx, IssueQuery{OpenOnly: true})
	if err != nil || len(list) != 2 || list[0].ID != urgent.ID || list[0].AccountName != "Issue Co" {
		t.Fatalf("open issues = %+v, %v", list, err)
	}
}

func TestSurveyAnswers(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rolo.db")
	c := customer(t, path, "Survey Co", daysAgo(60))
	s := openAt(t, path)
	ct, err := s.CreateContact(ctx, model.Contact{AccountID: c.ID, Name: "Pat Lee"})
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []model.Survey{
		{AccountID: c.ID, Kind: model.CSAT, Score: 6},
		{AccountID: c.ID, Kind: model.NPS, Score: 11},
		{AccountID: c.ID, Kind: model.CSAT, Score: 3, At: testNow.Add(time.Hour)},
	} {
		if _, err := s.CreateSurvey(ctx, bad); model.FieldOf(err) == "" {
			t.Errorf("%+v accepted: %v", bad, err)
		}
	}
	sv, err := s.CreateSurvey(ctx, model.Survey{AccountID: c.ID, ContactID: ct.ID, Kind: model.CSAT, Score: 2, Comment: " slow support "})
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := s.AccountSurveys(ctx, c.ID)
	if len(rows) != 1 || rows[0].Score != 2 || rows[0].Comment != "slow support" || rows[0].ContactName != "Pat Lee" {
		t.Fatalf("answers = %+v", rows)
	}
	row, _ := s.AccountRow(ctx, c.ID)
	h, _ := model.HealthOf(row.Facts(), s.clock)
	if !slices.Contains(h.Reasons, model.HealthReason{Points: -10, Why: "CSAT 2/5 on Nov 27"}) {
		t.Errorf("health reasons = %+v", h.Reasons)
	}
	if a := accountNow(t, s, c.ID); !a.LastTouchAt.Equal(testNow) {
		t.Errorf("an answer is a touch: %v", a.LastTouchAt)
	}
	if u, err := s.Undo(ctx, s.Session()); err != nil || u.Label != "record CSAT 2 from Survey Co" {
		t.Fatalf("undo = %+v, %v", u, err)
	}
	if got, _ := s.survey(ctx, s.r, sv.ID); !got.Archived {
		t.Errorf("undo left the answer: %+v", got)
	}
	if a := accountNow(t, s, c.ID); !a.LastTouchAt.Equal(daysAgo(60)) {
		t.Errorf("undo left the touch: %v", a.LastTouchAt)
	}
}

func TestContactEditArchiveAndFind(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	a, _ := s.CreateAccount(ctx, model.Account{Name: "Contact Co"})
	dana, err := s.CreateContact(ctx, model.Contact{AccountID: a.ID, Name: "Dana Scully", Email: "dana@x.example"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateContact(ctx, model.Contact{AccountID: a.ID, Name: "Dana Reyes"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindContact(ctx, a.ID, "dana"); !errors.Is(err, ErrAmbiguous) || !strings.Contains(err.Error(), "Dana Reyes") {
		t.Fatalf("ambiguous find: %v", err)
	}
	if got, err := s.FindContact(ctx, a.ID, "scully"); err != nil || got.ID != dana.ID {
		t.Fatalf("find scully = %+v, %v", got, err)
	}
	edited := dana
	edited.Phone, edited.Title = "+1 555 0100", "CTO"
	saved, err := s.UpdateContact(ctx, dana, edited)
	if err != nil || saved.Phone != "+1 555 0100" || saved.Title != "CTO" {
		t.Fatalf("update = %+v, %v", saved, err)
	}
	bad := saved
	bad.Email = "not an email"
	_, err = s.UpdateContact(ctx, saved, bad)
	wantField(t, err, "email")
	// An edit based on the contact before the first edit is refused.
	_, err = s.UpdateContact(ctx, dana, dana)
	if !errors.Is(err, ErrStale) || !strings.Contains(err.Error(), "title and phone were changed elsewhere") {
		t.Fatalf("stale edit: %v", err)
	}
	if _, err := s.ArchiveContact(ctx, saved); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.Contacts(ctx, a.ID); len(list) != 1 || list[0].Name != "Dana Reyes" {
		t.Fatalf("contacts after archiving = %+v", list)
	}
	if _, err := s.FindContact(ctx, a.ID, "scully"); !errors.Is(err, ErrNotFound) {
		t.Errorf("an archived contact is found: %v", err)
	}
	if u, err := s.Undo(ctx, s.Session()); err != nil || u.Label != "archive contact Dana Scully" {
		t.Fatalf("undo = %+v, %v", u, err)
	}
	if list, _ := s.Contacts(ctx, a.ID); len(list) != 2 {
		t.Errorf("undo did not bring the contact back: %+v", list)
	}
}

func TestTasksDueAndDone(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rolo.db")
	c := customer(t, path, "Task Co", daysAgo(3))
	s := openAtTime(t, path, daysAgo(2))
	_, err := s.LogOnAccount(ctx, accountNow(t, s, c.ID), model.Activity{Kind: model.Call, Text: "asked for a deck"},
		FollowUp{Task: "Send the QBR deck", TaskDue: today.AddDays(-1)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.LogOnAccount(ctx, accountNow(t, s, c.ID), model.Activity{Kind: model.Call, Text: "x"}, FollowUp{Task: "no date"})
	wantField(t, err, "task due")
	s.Close()

	s = openAt(t, path)
	items := todayItems(t, s)
	if len(items) != 1 || items[0].Reason != ReasonTask || items[0].Task.Text != "Send the QBR deck" || items[0].Account.ID != c.ID {
		t.Fatalf("Today = %+v", items)
	}
	task := items[0].Task
	done, err := s.CompleteTask(ctx, task, FollowUp{Task: "Book the QBR", TaskDue: today.AddDays(7)})
	if err != nil || !done.Done() || !done.At.Equal(testNow) {
		t.Fatalf("done = %+v, %v", done, err)
	}
	if c := todayCounts(t, s); c[ReasonTask] != 0 {
		t.Errorf("done task still due: %v", c)
	}
	if a := accountNow(t, s, c.ID); !a.LastTouchAt.Equal(testNow) {
		t.Errorf("a task done is a touch: %v", a.LastTouchAt)
	}
	_, err = s.CompleteTask(ctx, task, FollowUp{})
	if !errors.Is(err, ErrStale) || !strings.Contains(err.Error(), "was marked done elsewhere") {
		t.Fatalf("done twice: %v", err)
	}
	if _, err := s.Undo(ctx, s.Session()); err != nil {
		t.Fatal(err)
	}
	items = todayItems(t, s)
	if len(items) != 1 || items[0].Task.ID != task.ID {
		t.Fatalf("undo did not bring the task back: %+v", items)
	}
	entries, _ := s.Timeline(ctx, c.ID, 0, 50)
	if slices.ContainsFunc(entries, func(e model.TimelineEntry) bool { return e.Text == "Book the QBR" }) {
		t.Errorf("undo left the next task")
	}
}

func TestArchiveAccount(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	d := seedDeal(t, s, "Busy Co", "Busy deal", 100)
	_, err := s.ArchiveAccount(ctx, accountNow(t, s, d.AccountID))
	if !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "Busy Co still has 1 open deal") {
		t.Fatalf("archive with an open deal: %v", err)
	}
	quiet, _ := s.CreateAccount(ctx, model.Account{Name: "Quiet Co"})
	if _, err := s.ArchiveAccount(ctx, quiet); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindAccount(ctx, "Quiet Co"); !errors.Is(err, ErrNotFound) {
		t.Errorf("archived account still found: %v", err)
	}
	if _, err := s.Undo(ctx, s.Session()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindAccount(ctx, "Quiet Co"); err != nil {
		t.Errorf("undo did not restore it: %v", err)
	}
}

func TestTimelineHasEveryKindNewestFirst(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rolo.db")
	c := customer(t, path, "History Co", daysAgo(30))
	step := func(ago int, do func(s *Store)) {
		s := openAtTime(t, path, daysAgo(ago))
		do(s)
		s.Close()
	}
	var dealID int64
	step(25, func(s *Store) {
		st, _ := s.Stages(ctx)
		d, err := s.CreateDeal(ctx, model.Deal{AccountID: c.ID, Title: "History expansion", Kind: model.Expansion, StageID: st[0].ID,
			Value: model.Money{Minor: 500000, Currency: "USD"}})
		if err != nil {
			t.Fatal(err)
		}
		dealID = d.ID
		if _, err := s.MoveDeal(ctx, d, st[1].ID); err != nil {
			t.Fatal(err)
		}
	})
	step(20, func(s *Store) {
		if _, err := s.CloseDeal(ctx, dealNow(t, s, dealID), model.Won, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateContract(ctx, model.Contract{AccountID: c.ID, DealID: dealID, Value: model.Money{Minor: 500000, Currency: "USD"},
			Start: model.DateOf(daysAgo(20)), End: today.AddDays(200)}); err != nil {
			t.Fatal(err)
		}
	})
	step(15, func(s *Store) {
		if _, err := s.CreateIssue(ctx, model.SupportIssue{AccountID: c.ID, Title: "Sync stalls", Severity: model.SevNormal}); err != nil {
			t.Fatal(err)
		}
	})
	step(10, func(s *Store) {
		is, _ := s.Issues(ctx, IssueQuery{AccountID: c.ID})
		if _, err := s.ResolveIssue(ctx, is[0].SupportIssue, "restarted the worker"); err != nil {
			t.Fatal(err)
		}
	})
	step(5, func(s *Store) {
		if _, err := s.CreateSurvey(ctx, model.Survey{AccountID: c.ID, Kind: model.NPS, Score: 9, Comment: "great team"}); err != nil {
			t.Fatal(err)
		}
	})
	s := openAt(t, path)
	n, err := s.CountTimeline(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := s.Timeline(ctx, c.ID, 0, 100)
	if err != nil || len(entries) != n {
		t.Fatalf("%d entries of %d: %v", len(entries), n, err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Summary())
	}
	want := []string{
		"NPS 9/10 · great team",
		"Resolved: Sync stalls — restarted the worker",
		"Opened (normal): Sync stalls",
		"Won History expansion",
		"Contract started: $5,000.00 a year, " + model.DateOf(daysAgo(20)).String() + " → " + today.AddDays(200).String() + " (active)",
		"History expansion moved Prospecting → Qualifying",
		"New deal: History expansion ($5,000.00)",
		"kick-off call",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("timeline:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	page, _ := s.Timeline(ctx, c.ID, 3, 2)
	if len(page) != 2 || page[0].Summary() != want[3] {
		t.Errorf("page at 3 = %+v", page)
	}
}

func TestAccountListFiguresAndSorts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rolo.db")
	alpha := customer(t, path, "Alpha", daysAgo(5))
	bravo := customer(t, path, "Bravo", daysAgo(2))
	echo := customer(t, path, "Echo", daysAgo(40))
	s := openAt(t, path)
	charlie, _ := s.CreateAccount(ctx, model.Account{Name: "Charlie", Tier: "mid-market"})
	if _, err := s.CreateAccount(ctx, model.Account{Name: "Delta", Status: model.Churned, ChurnReason: "budget"}); err != nil {
		t.Fatal(err)
	}
	contract := func(a model.Account, minor int64, cur string, end model.Date, auto bool) {
		t.Helper()
		if _, err := s.CreateContract(ctx, model.Contract{AccountID: a.ID, Value: model.Money{Minor: minor, Currency: cur},
			Start: today.AddDays(-300), End: end, AutoRenew: auto}); err != nil {
			t.Fatal(err)
		}
	}
	contract(alpha, 10_000_000, "USD", today.AddDays(30), false)
	contract(alpha, 500_000, "USD", today.AddDays(30), false) // an add-on
	contract(bravo, 5_000_000, "EUR", today.AddDays(200), false)
	contract(echo, 2_000_000, "USD", today.AddDays(40), true)
	s.Close()
	s = openAtTime(t, path, daysAgo(1).Add(-time.Hour)) // the issue is over a day old by now
	if _, err := s.CreateIssue(ctx, model.SupportIssue{AccountID: alpha.ID, Title: "Outage", Severity: model.SevUrgent}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateSurvey(ctx, model.Survey{AccountID: alpha.ID, Kind: model.CSAT, Score: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateSurvey(ctx, model.Survey{AccountID: bravo.ID, Kind: model.CSAT, Score: 5}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openAt(t, path)

	rows, err := s.Accounts(ctx, AccountQuery{})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]AccountRow{}
	for _, r := range rows {
		byName[r.Name] = r
	}
	a := byName["Alpha"]
	if a.ARR["USD"] != 10_500_000 || !a.Contract.InForce || a.Contract.End != today.AddDays(30) || a.Contract.Renewing ||
		a.Issues.Count[3] != 1 || a.CSAT.Score != 2 {
		t.Fatalf("Alpha's figures = %+v", a)
	}
	h, _ := model.HealthOf(a.Facts(), s.clock)
	want := model.Health{Score: 55, Reasons: []model.HealthReason{
		{Points: -20, Why: "1 urgent issue open 1d"},
		{Points: -15, Why: "contract ends in 30d, no renewal in progress"},
		{Points: -10, Why: "CSAT 2/5 on Nov 26"},
	}}
	if !slices.Equal(h.Reasons, want.Reasons) || h.Score != want.Score {
		t.Fatalf("Alpha's health = %+v, want %+v", h, want)
	}
	if e := byName["Echo"]; !e.Contract.Renewing || e.ARR["USD"] != 2_000_000 {
		t.Errorf("Echo auto-renews: %+v", e.Contract)
	}
	if b := byName["Bravo"]; b.ARR["EUR"] != 5_000_000 || len(b.ARR) != 1 {
		t.Errorf("Bravo's ARR = %v", b.ARR)
	}

	names := func(q AccountQuery) []string {
		t.Helper()
		rows, err := s.Accounts(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range rows {
			out = append(out, r.Name)
		}
		return out
	}
	for _, tc := range []struct {
		q    AccountQuery
		want string
	}{
		{AccountQuery{}, "Alpha Bravo Charlie Delta Echo"},
		{AccountQuery{Reverse: true}, "Echo Delta Charlie Bravo Alpha"},
		{AccountQuery{Sort: AccountsByStatus}, "Alpha Bravo Echo Charlie Delta"},
		{AccountQuery{Sort: AccountsByHealth}, "Alpha Echo Bravo Charlie Delta"},
		{AccountQuery{Sort: AccountsByHealth, Reverse: true}, "Bravo Echo Alpha Charlie Delta"},
		{AccountQuery{Sort: AccountsByARR}, "Bravo Alpha Echo Charlie Delta"},
		{AccountQuery{Sort: AccountsByIssues}, "Alpha Bravo Charlie Delta Echo"},
		{AccountQuery{Sort: AccountsBySurvey}, "Alpha Bravo Charlie Delta Echo"},
		{AccountQuery{Sort: AccountsByCheckIn}, "Echo Alpha Bravo Charlie Delta"},
		{AccountQuery{Sort: AccountsByTouch}, "Charlie Delta Echo Alpha Bravo"},
		{AccountQuery{Due: true}, "Echo"},
		{AccountQuery{Status: model.Customer, Sort: AccountsByTier}, "Alpha Bravo Echo"},
		{AccountQuery{Filter: "ha"}, "Alpha Charlie"},
		{AccountQuery{Filter: "ha", Offset: 1, Limit: 1}, "Charlie"},
	} {
		if got := strings.Join(names(tc.q), " "); got != tc.want {
			t.Errorf("%+v: %s, want %s", tc.q, got, tc.want)
		}
	}
	// Where an account sits in a list (to open on its page): ranked, by
	// name either way, and absent from a list it does not match.
	for _, tc := range []struct {
		q  AccountQuery
		at int
		in bool
	}{
		{AccountQuery{Sort: AccountsByHealth}, 3, true},
		{AccountQuery{}, 2, true},
		{AccountQuery{Reverse: true}, 2, true},
		{AccountQuery{Filter: "ha"}, 1, true},
		{AccountQuery{Status: model.Customer}, 0, false},
		{AccountQuery{Sort: AccountsByTouch}, 0, true},
	} {
		l, err := s.ListAccounts(ctx, tc.q)
		if err != nil {
			t.Fatal(err)
		}
		i, in, err := s.AccountIndex(ctx, l, charlie.ID)
		if err != nil || in != tc.in || (in && i != tc.at) {
			t.Errorf("%+v: Charlie at %d (%v, %v), want %d (%v)", tc.q, i, in, err, tc.at, tc.in)
		}
	}
	if _, err := ParseAccountSort("che"); err != nil {
		t.Error(err)
	}
	if _, err := ParseAccountSort("c"); !errors.Is(err, ErrNotFound) {
		t.Errorf("an ambiguous sort name: %v", err)
	}
}

// TestMigrationFoldsIssuesAndSurveysIntoTheLastTouch: a file from before
// migrationAccountManager whose accounts had issues and answers after
// their last activity gets those as its last touch, and a check-in due
// date.
func TestMigrationFoldsIssuesAndSurveysIntoTheLastTouch(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	latest := migrations
	migrations = migrations[:slices.IndexFunc(migrations, func(m string) bool { return m == migrationAccountManager })]
	t.Cleanup(func() { migrations = latest })
	openAt(t, path).Close()
	raw := rawDB(t, path)
	for _, q := range []string{
		`INSERT INTO accounts(name, status, cadence_days, last_touch_at, created_at, updated_at)
			VALUES ('Old Co', 'customer', 30, '2026-10-01T10:00:00Z', '2026-01-01T10:00:00Z', '2026-01-01T10:00:00Z')`,
		`INSERT INTO accounts(name, status, cadence_days, created_at, updated_at)
			VALUES ('Quiet Co', 'customer', 14, '2026-11-01T10:00:00Z', '2026-11-01T10:00:00Z')`,
		`INSERT INTO support_issues(account_id, title, opened_at, resolved_at) VALUES (1, 'x', '2026-10-05T10:00:00Z', '2026-10-09T10:00:00Z')`,
		`INSERT INTO surveys(account_id, kind, score, at) VALUES (1, 'nps', 9, '2026-10-07T10:00:00Z')`,
	} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	migrations = latest
	s := openAt(t, path)
	old, quiet := accountNow(t, s, 1), accountNow(t, s, 2)
	if !old.LastTouchAt.Equal(time.Date(2026, 10, 9, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("Old Co's last touch = %v, want the resolution", old.LastTouchAt)
	}
	if n := queryInt(t, s.w, `SELECT count(*) FROM accounts WHERE id = 1 AND checkin_due = '2026-11-08'`); n != 1 {
		t.Errorf("Old Co's check-in due was not stored")
	}
	if !quiet.LastTouchAt.IsZero() || quiet.CheckInDue(time.UTC) != model.NewDate(2026, 11, 15) {
		t.Errorf("Quiet Co: touch %v, due %s", quiet.LastTouchAt, quiet.CheckInDue(time.UTC))
	}
	if c := todayCounts(t, s); c[ReasonCheckIn] != 2 {
		t.Errorf("check-ins due after migrating: %v", c)
	}
}

// Every word `rolo accounts --sort` offers names its sort, as do the
// labels the list shows and their unique starts.
func TestParseAccountSortTakesTheWordsTheHelpOffers(t *testing.T) {
	for word, want := range map[string]AccountSort{
		"name": AccountsByName, "status": AccountsByStatus, "tier": AccountsByTier, "health": AccountsByHealth,
		"arr": AccountsByARR, "touch": AccountsByTouch, "check-in": AccountsByCheckIn, "issues": AccountsByIssues,
		"csat": AccountsBySurvey, "last touch": AccountsByTouch, "open issues": AccountsByIssues, "Health": AccountsByHealth,
		"hea": AccountsByHealth,
	} {
		if got, err := ParseAccountSort(word); err != nil || got != want {
			t.Errorf("ParseAccountSort(%q) = %v, %v; want %v", word, got, err, want)
		}
	}
	if _, err := ParseAccountSort("banana"); err == nil || !strings.Contains(err.Error(), "choose one of") {
		t.Errorf("an unknown sort: %v", err)
	}
}
