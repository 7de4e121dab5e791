package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"rolo/model"
)

// Two Store handles on one file stand for two processes: "app" holds a
// view (it read the deal), "cli" writes meanwhile, then the app writes
// what it decided from what it saw. Each case is one of issue 7's lost
// updates; none may write anything, and each says what changed.

// twoWriters opens the app's and the command line's stores on one file,
// with a deal in Qualifying that has a next step.
func twoWriters(t *testing.T) (app, cli *Store, deal model.Deal, stages map[string]model.Stage) {
	t.Helper()
	path := tempPath(t)
	app = openWithOrigin(t, path, "the app")
	cli = openWithOrigin(t, path, "the command line")
	stages = map[string]model.Stage{}
	all, err := app.Stages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range all {
		stages[st.Name] = st
	}
	d := seedDeal(t, cli, "Acme Corp", "Acme renewal", 12_000_00)
	ctx := context.Background()
	if _, err := cli.MoveDeal(ctx, d, stages["Qualifying"].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := cli.SetNextStep(ctx, dealNow(t, cli, d.ID), "Call Bill", model.NewDate(2026, 11, 30)); err != nil {
		t.Fatal(err)
	}
	return app, cli, dealNow(t, app, d.ID), stages
}

func openWithOrigin(t *testing.T, path, origin string) *Store {
	t.Helper()
	s, err := Open(context.Background(), path, Options{Clock: model.FixedClock(testNow), Origin: origin})
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// wantStale checks that err is a refusal of kind ErrStale with msg, and
// that it carries the stored deal.
func wantStale(t *testing.T, err error, msg string, stored model.Deal) {
	t.Helper()
	var st *StaleError
	if !errors.As(err, &st) || !errors.Is(err, ErrStale) {
		t.Fatalf("err = %v (%T), want a *StaleError", err, err)
	}
	if st.Msg != msg {
		t.Errorf("message = %q, want %q", st.Msg, msg)
	}
	cur, ok := st.CurrentDeal()
	if !ok || cur.ID != stored.ID || cur.Version != stored.Version {
		t.Errorf("the error carries %+v, want the stored deal (version %d)", st.Current, stored.Version)
	}
}

func TestLostUpdatesAreRefused(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		// elsewhere is what the other process does after the app read
		// the deal; app is the app's write based on what it read.
		elsewhere func(t *testing.T, cli *Store, d model.Deal, st map[string]model.Stage)
		app       func(app *Store, seen model.Deal, st map[string]model.Stage) error
		msg       string
		// check looks at the stored deal afterwards.
		check func(t *testing.T, stored model.Deal, st map[string]model.Stage)
	}{
		{
			name: "an edit form opened before `rolo log 13 --next` is saved",
			elsewhere: func(t *testing.T, cli *Store, d model.Deal, _ map[string]model.Stage) {
				_, err := cli.LogActivity(ctx, model.Activity{DealID: d.ID, Kind: model.Call, Text: "Spoke to Bill"},
					NextStep{Set: true, Step: "CLI next step", Due: model.NewDate(2026, 12, 3), Seen: dealNow(t, cli, d.ID)})
				if err != nil {
					t.Fatal(err)
				}
			},
			app: func(app *Store, seen model.Deal, _ map[string]model.Stage) error {
				edited := seen
				edited.Notes = "typed in the form"
				_, err := app.UpdateDeal(ctx, seen, edited)
				return err
			},
			msg: "Deal 1's next step was changed elsewhere",
			check: func(t *testing.T, d model.Deal, st map[string]model.Stage) {
				if d.NextStep != "CLI next step" || d.Notes != "" || d.StageID != st["Qualifying"].ID {
					t.Errorf("stored: next step %q, notes %q, stage %d", d.NextStep, d.Notes, d.StageID)
				}
			},
		},
		{
			name: "L on a deal moved to Closing elsewhere",
			elsewhere: func(t *testing.T, cli *Store, d model.Deal, st map[string]model.Stage) {
				if _, err := cli.MoveDeal(ctx, dealNow(t, cli, d.ID), st["Closing"].ID); err != nil {
					t.Fatal(err)
				}
			},
			app: func(app *Store, seen model.Deal, st map[string]model.Stage) error {
				_, err := app.MoveDeal(ctx, seen, st["Presenting"].ID)
				return err
			},
			msg: "Deal 1 was moved to Closing elsewhere",
			check: func(t *testing.T, d model.Deal, st map[string]model.Stage) {
				if d.StageID != st["Closing"].ID {
					t.Errorf("stored stage %d, want Closing", d.StageID)
				}
			},
		},
		{
			name: "d (done, next step) on a deal won elsewhere",
			elsewhere: func(t *testing.T, cli *Store, d model.Deal, _ map[string]model.Stage) {
				if _, err := cli.CloseDeal(ctx, dealNow(t, cli, d.ID), model.Won, ""); err != nil {
					t.Fatal(err)
				}
			},
			app: func(app *Store, seen model.Deal, _ map[string]model.Stage) error {
				_, err := app.LogActivity(ctx, model.Activity{DealID: seen.ID, Kind: model.Call, Text: "Called Bill"},
					NextStep{Set: true, Step: "Send the order form", Due: model.NewDate(2026, 12, 1), Seen: seen})
				return err
			},
			msg: "Deal 1 was marked won elsewhere",
			check: func(t *testing.T, d model.Deal, _ map[string]model.Stage) {
				if d.Status != model.Won || d.NextStep != "Call Bill" {
					t.Errorf("stored: %s with next step %q", d.Status, d.NextStep)
				}
			},
		},
		{
			name: "W on a deal lost elsewhere",
			elsewhere: func(t *testing.T, cli *Store, d model.Deal, _ map[string]model.Stage) {
				if _, err := cli.CloseDeal(ctx, dealNow(t, cli, d.ID), model.Lost, "budget cut"); err != nil {
					t.Fatal(err)
				}
			},
			app: func(app *Store, seen model.Deal, _ map[string]model.Stage) error {
				_, err := app.CloseDeal(ctx, seen, model.Won, "")
				return err
			},
			msg: "Deal 1 was marked lost and its lost reason was changed elsewhere",
			check: func(t *testing.T, d model.Deal, _ map[string]model.Stage) {
				if d.Status != model.Lost {
					t.Errorf("stored status %s", d.Status)
				}
			},
		},
		{
			name: "z (snooze) on a deal re-planned elsewhere",
			elsewhere: func(t *testing.T, cli *Store, d model.Deal, _ map[string]model.Stage) {
				if _, err := cli.SetNextStep(ctx, dealNow(t, cli, d.ID), "Demo for the CFO", model.NewDate(2026, 12, 9)); err != nil {
					t.Fatal(err)
				}
			},
			app: func(app *Store, seen model.Deal, _ map[string]model.Stage) error {
				_, err := app.Snooze(ctx, seen, model.NewDate(2026, 12, 4))
				return err
			},
			msg: "Deal 1's next step was changed elsewhere",
			check: func(t *testing.T, d model.Deal, _ map[string]model.Stage) {
				if !d.SnoozedUntil.IsZero() || d.NextDue != model.NewDate(2026, 12, 9) {
					t.Errorf("stored: snoozed until %s, due %s", d.SnoozedUntil, d.NextDue)
				}
			},
		},
		{
			name: "L on a deal undone elsewhere",
			elsewhere: func(t *testing.T, cli *Store, d model.Deal, _ map[string]model.Stage) {
				// The newest three changes: next step, move, add deal.
				for range 3 {
					if _, err := cli.Undo(ctx, cli.Session()); err != nil {
						t.Fatal(err)
					}
				}
			},
			app: func(app *Store, seen model.Deal, st map[string]model.Stage) error {
				_, err := app.MoveDeal(ctx, seen, st["Presenting"].ID)
				return err
			},
			msg: "Deal 1 was undone (archived) elsewhere",
			check: func(t *testing.T, d model.Deal, _ map[string]model.Stage) {
				if !d.Archived {
					t.Error("the undone deal is live again")
				}
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app, cli, seen, st := twoWriters(t)
			c.elsewhere(t, cli, seen, st)
			before := dumpDB(t, app.r)
			err := c.app(app, seen, st)
			stored := dealNow(t, app, seen.ID)
			wantStale(t, err, c.msg, stored)
			if after := dumpDB(t, app.r); after != before {
				t.Errorf("a refused write changed the file:\nbefore:\n%s\nafter:\n%s", before, after)
			}
			c.check(t, stored, st)
		})
	}
}

// Changes a write does not depend on do not refuse it, and are kept: a
// call logged elsewhere neither blocks a move nor is undone by it.
func TestUnrelatedChangesElsewhereAreKept(t *testing.T) {
	ctx := context.Background()
	app, cli, seen, st := twoWriters(t)
	anHourLater := openWithClock(t, app.Path(), testNow.Add(time.Hour))
	if _, err := anHourLater.LogActivity(ctx, model.Activity{DealID: seen.ID, Kind: model.Note, Text: "FYI"}, NextStep{}); err != nil {
		t.Fatal(err)
	}
	if _, err := cli.UpdateDeal(ctx, dealNow(t, cli, seen.ID), withNotes(dealNow(t, cli, seen.ID), "from the CLI")); err != nil {
		t.Fatal(err)
	}
	moved, err := app.MoveDeal(ctx, seen, st["Presenting"].ID)
	if err != nil {
		t.Fatalf("a move refused over a note and an edit of notes: %v", err)
	}
	if moved.Notes != "from the CLI" || moved.StageID != st["Presenting"].ID || moved.Version != seen.Version+3 {
		t.Errorf("moved = notes %q stage %d version %d (seen %d)", moved.Notes, moved.StageID, moved.Version, seen.Version)
	}

	// An account form saved after a call was logged keeps the call's
	// touch (the form does not show it), but not after a rename.
	acct := accountNow(t, app, seen.AccountID)
	checkIn := testNow.Add(2 * time.Hour)
	if _, err := openWithClock(t, app.Path(), checkIn).LogActivity(ctx, model.Activity{AccountID: acct.ID, Kind: model.CheckIn,
		Text: "quarterly"}, NextStep{}); err != nil {
		t.Fatal(err)
	}
	edited := acct
	edited.Tier = "enterprise"
	saved, err := app.UpdateAccount(ctx, acct, edited)
	if err != nil {
		t.Fatalf("an account edit refused over a check-in: %v", err)
	}
	if saved.Tier != "enterprise" || !saved.LastTouchAt.Equal(checkIn) {
		t.Errorf("saved account: tier %q, last touch %v (the check-in was at %v)", saved.Tier, saved.LastTouchAt, checkIn)
	}
	renamed := saved
	renamed.Name = "Acme Inc"
	if _, err := cli.UpdateAccount(ctx, saved, renamed); err != nil {
		t.Fatal(err)
	}
	edited = saved
	edited.Industry = "logistics"
	_, err = app.UpdateAccount(ctx, saved, edited)
	var stale *StaleError
	if !errors.As(err, &stale) || stale.Msg != "Account 1's name was changed elsewhere" {
		t.Fatalf("account edit after a rename elsewhere: %v", err)
	}
	if cur, ok := stale.CurrentAccount(); !ok || cur.Name != "Acme Inc" || cur.Industry != "" {
		t.Errorf("carried account = %+v", stale.Current)
	}
}

func withNotes(d model.Deal, notes string) model.Deal {
	d.Notes = notes
	return d
}

// A caller must pass the row it read: a bare id is a programming error,
// not "changed elsewhere".
func TestWritesNeedTheRowAsRead(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	d := seedDeal(t, s, "Bare Co", "Bare deal", 1_00)
	stages := stageIDs(t, s)
	_, err := s.MoveDeal(ctx, model.Deal{ID: d.ID}, stages[1])
	if err == nil || errors.Is(err, ErrStale) || !strings.Contains(err.Error(), "as read from the store") {
		t.Fatalf("move with a bare id: %v", err)
	}
	_, err = s.LogActivity(ctx, model.Activity{DealID: d.ID, Kind: model.Call, Text: "x"}, NextStep{Set: true, Step: "y"})
	if err == nil || !strings.Contains(err.Error(), "NextStep.Seen") {
		t.Fatalf("next step without the deal as seen: %v", err)
	}
	if got := dealNow(t, s, d.ID); got.StageID != stages[0] || got.NextStep != "" {
		t.Errorf("refused writes changed the deal: %+v", got)
	}
}

// Archived (undone) rows take no writes by id: `rolo move 181 won` on an
// undone deal changed it and made its archived account a customer.
func TestUndoneRowsRefuseWrites(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	stages := stageIDs(t, s)
	d, err := s.CreateDeal(ctx, model.Deal{AccountName: "Ghost Co", ContactName: "Casper", Title: "Ghost deal",
		StageID: stages[0], Value: usd(5_00)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Undo(ctx, s.Session()); err != nil {
		t.Fatal(err)
	}
	gone := dealNow(t, s, d.ID)
	if !gone.Archived {
		t.Fatal("undoing the add did not archive the deal")
	}
	live, err := s.CreateAccount(ctx, model.Account{Name: "Live Co"})
	if err != nil {
		t.Fatal(err)
	}
	before := dumpDB(t, s.r)
	writes := []struct {
		name string
		err  func() error
		says string
	}{
		{"move", func() error { _, err := s.MoveDeal(ctx, gone, stages[1]); return err }, "Deal 1 was undone (archived)"},
		{"won", func() error { _, err := s.CloseDeal(ctx, gone, model.Won, ""); return err }, "Deal 1 was undone (archived)"},
		{"edit", func() error { _, err := s.UpdateDeal(ctx, gone, withNotes(gone, "x")); return err }, "Deal 1 was undone (archived)"},
		{"snooze", func() error { _, err := s.Snooze(ctx, gone, model.NewDate(2026, 12, 4)); return err }, "Deal 1 was undone (archived)"},
		{"log", func() error {
			_, err := s.LogActivity(ctx, model.Activity{DealID: gone.ID, Kind: model.Call, Text: "boo"}, NextStep{})
			return err
		}, "Deal 1 was undone (archived)"},
		{"log on the account", func() error {
			_, err := s.LogActivity(ctx, model.Activity{AccountID: gone.AccountID, Kind: model.CheckIn, Text: "boo"}, NextStep{})
			return err
		}, "account 1 (Ghost Co) was undone (archived)"},
		{"edit the account", func() error {
			a := accountNow(t, s, gone.AccountID)
			_, err := s.UpdateAccount(ctx, a, a)
			return err
		}, "Account 1 (Ghost Co) was undone (archived)"},
		{"a deal on the account", func() error {
			_, err := s.CreateDeal(ctx, model.Deal{AccountID: gone.AccountID, Title: "Another", StageID: stages[0], Value: usd(1)})
			return err
		}, "account 1 (Ghost Co) was undone (archived)"},
		{"a deal with the contact", func() error {
			_, err = s.CreateDeal(ctx, model.Deal{AccountID: live.ID, ContactID: gone.ContactID, Title: "Another", StageID: stages[0], Value: usd(1)})
			return err
		}, "contact 1 was undone (archived)"},
		{"a contact", func() error {
			_, err := s.CreateContact(ctx, model.Contact{AccountID: gone.AccountID, Name: "Boo"})
			return err
		}, "account 1 (Ghost Co) was undone (archived)"},
		{"a contract", func() error {
			_, err := s.CreateContract(ctx, model.Contract{AccountID: gone.AccountID, Value: usd(1), Start: model.NewDate(2026, 1, 1),
				End: model.NewDate(2026, 12, 31)})
			return err
		}, "account 1 (Ghost Co) was undone (archived)"},
	}
	for _, w := range writes {
		err := w.err()
		if !errors.Is(err, ErrArchived) || !strings.Contains(err.Error(), w.says) {
			t.Errorf("%s: err = %v, want ErrArchived saying %q", w.name, err, w.says)
		}
	}
	if after := dumpDB(t, s.r); after != before {
		t.Errorf("refused writes changed the file:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	if a := accountNow(t, s, gone.AccountID); a.Status != model.Prospect || !a.Archived {
		t.Errorf("the undone account is %s, archived %v", a.Status, a.Archived)
	}

	// A stage removed elsewhere is refused as stale; one seen removed as archived.
	neg, err := s.AddStage(ctx, model.Stage{Name: "Negotiation", Probability: 70})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ArchiveStage(ctx, neg); err != nil {
		t.Fatal(err)
	}
	renamed := neg
	renamed.Name = "Haggling"
	if err := s.UpdateStage(ctx, neg, renamed); !errors.Is(err, ErrStale) || err.Error() != "Stage Negotiation was removed elsewhere" {
		t.Errorf("rename of a stage removed since: %v", err)
	}
	removed := stageNow(t, s, neg.ID)
	if err := s.ArchiveStage(ctx, removed); !errors.Is(err, ErrArchived) {
		t.Errorf("removing a removed stage: %v, want ErrArchived", err)
	}
}
