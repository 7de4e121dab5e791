package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"rolo/model"
)

// The app undoes only its own session's changes: `u` undid a CLI-added
// deal the TUI never showed.
func TestAppUndoesOnlyItsOwnChanges(t *testing.T) {
	ctx := context.Background()
	app, cli, seen, st := twoWriters(t)
	if _, err := app.MoveDeal(ctx, seen, st["Presenting"].ID); err != nil {
		t.Fatal(err)
	}
	added, err := cli.CreateDeal(ctx, model.Deal{AccountName: "Globex", Title: "Globex pilot", StageID: st["Prospecting"].ID, Value: usd(8_000_00)})
	if err != nil {
		t.Fatal(err)
	}
	undone, err := app.Undo(ctx, app.Session())
	if err != nil {
		t.Fatal(err)
	}
	if undone.Label != "move deal Acme renewal" || undone.DealID != seen.ID || !undone.Mine || undone.Origin != "the app" {
		t.Fatalf("app undo = %+v, want its own move", undone)
	}
	if d := dealNow(t, app, added.ID); d.Archived {
		t.Fatal("the app's undo archived the deal the command line added")
	}
	if d := dealNow(t, app, seen.ID); d.StageID != st["Qualifying"].ID {
		t.Errorf("the app's move was not undone: stage %d", d.StageID)
	}
	// Nothing else of the app's is left; the command line's are not its.
	if _, err := app.Undo(ctx, app.Session()); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("second app undo: %v, want ErrNothingToUndo", err)
	}
	// `rolo undo` takes the newest of anyone's, and says whose.
	undone, err = app.Undo(ctx, AnySession)
	if err != nil || undone.Label != "add deal Globex pilot" || undone.Origin != "the command line" || undone.Mine {
		t.Fatalf("undo of any session = %+v %v", undone, err)
	}
	if !undone.At.Equal(testNow) {
		t.Errorf("undone.At = %v, want when the change was made (%v)", undone.At, testNow)
	}
}

// Undo refuses to overwrite a later change, says what changed, writes
// nothing, and the next undo goes to the change before it.
func TestUndoNeverOverwritesALaterChange(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name      string
		app       func(t *testing.T, app *Store, seen model.Deal, st map[string]model.Stage)
		elsewhere func(t *testing.T, cli *Store, seen model.Deal, st map[string]model.Stage)
		msg       string
	}{
		{
			name: "a move, then the next step changed elsewhere",
			app: func(t *testing.T, app *Store, seen model.Deal, st map[string]model.Stage) {
				if _, err := app.MoveDeal(ctx, seen, st["Presenting"].ID); err != nil {
					t.Fatal(err)
				}
			},
			elsewhere: func(t *testing.T, cli *Store, seen model.Deal, _ map[string]model.Stage) {
				if _, err := cli.LogActivity(ctx, model.Activity{DealID: seen.ID, Kind: model.Call, Text: "x"},
					NextStep{Set: true, Step: "CLI next step", Seen: dealNow(t, cli, seen.ID)}); err != nil {
					t.Fatal(err)
				}
			},
			msg: "cannot undo 'move deal Acme renewal': deal 1 was changed since (its next step was changed elsewhere); " +
				"nothing was undone (the next undo goes to the change before it)",
		},
		{
			name: "a move, then moved again elsewhere",
			app: func(t *testing.T, app *Store, seen model.Deal, st map[string]model.Stage) {
				if _, err := app.MoveDeal(ctx, seen, st["Presenting"].ID); err != nil {
					t.Fatal(err)
				}
			},
			elsewhere: func(t *testing.T, cli *Store, seen model.Deal, st map[string]model.Stage) {
				if _, err := cli.MoveDeal(ctx, dealNow(t, cli, seen.ID), st["Closing"].ID); err != nil {
					t.Fatal(err)
				}
			},
			msg: "cannot undo 'move deal Acme renewal': deal 1 was changed since (moved to Closing elsewhere); " +
				"nothing was undone (the next undo goes to the change before it)",
		},
		{
			name: "a win, then the customer edited elsewhere",
			app: func(t *testing.T, app *Store, seen model.Deal, _ map[string]model.Stage) {
				if _, err := app.CloseDeal(ctx, seen, model.Won, ""); err != nil {
					t.Fatal(err)
				}
			},
			elsewhere: func(t *testing.T, cli *Store, seen model.Deal, _ map[string]model.Stage) {
				a := accountNow(t, cli, seen.AccountID)
				edited := a
				edited.Tier = "enterprise"
				if _, err := cli.UpdateAccount(ctx, a, edited); err != nil {
					t.Fatal(err)
				}
			},
			msg: "cannot undo 'win deal Acme renewal': account 1 was changed since (its tier was changed elsewhere); " +
				"nothing was undone (the next undo goes to the change before it)",
		},
		{
			name: "an added deal, then a task logged on it elsewhere",
			app: func(t *testing.T, app *Store, seen model.Deal, st map[string]model.Stage) {
				if _, err := app.CreateDeal(ctx, model.Deal{AccountID: seen.AccountID, Title: "Acme upsell", Kind: model.Expansion,
					StageID: st["Prospecting"].ID, Value: usd(1_00)}); err != nil {
					t.Fatal(err)
				}
			},
			elsewhere: func(t *testing.T, cli *Store, _ model.Deal, _ map[string]model.Stage) {
				d, err := cli.FindDeal(ctx, "Acme upsell")
				if err != nil {
					t.Fatal(err)
				}
				// A task that is only due touches nothing: no version moves.
				if _, err := cli.LogActivity(ctx, model.Activity{DealID: d.ID, Kind: model.Task, Text: "prep",
					Due: model.NewDate(2026, 12, 1)}, NextStep{}); err != nil {
					t.Fatal(err)
				}
			},
			msg: "cannot undo 'add deal Acme upsell': deal 2 has gained activity 1 since; " +
				"nothing was undone (the next undo goes to the change before it)",
		},
		{
			name: "an added deal and account, then another deal on the account elsewhere",
			app: func(t *testing.T, app *Store, _ model.Deal, st map[string]model.Stage) {
				if _, err := app.CreateDeal(ctx, model.Deal{AccountName: "Initech", Title: "TPS reports",
					StageID: st["Prospecting"].ID, Value: usd(1_00)}); err != nil {
					t.Fatal(err)
				}
			},
			elsewhere: func(t *testing.T, cli *Store, _ model.Deal, st map[string]model.Stage) {
				if _, err := cli.CreateDeal(ctx, model.Deal{AccountName: "Initech", Title: "Staplers",
					StageID: st["Prospecting"].ID, Value: usd(1_00)}); err != nil {
					t.Fatal(err)
				}
			},
			msg: "cannot undo 'add deal TPS reports': account 3 (Initech) has gained deal 3 since; " +
				"nothing was undone (the next undo goes to the change before it)",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app, cli, seen, st := twoWriters(t)
			// An earlier change of the app's, for the undo after the refusal.
			if _, err := app.CreateAccount(ctx, model.Account{Name: "Earlier Co"}); err != nil {
				t.Fatal(err)
			}
			c.app(t, app, dealNow(t, app, seen.ID), st)
			c.elsewhere(t, cli, seen, st)
			before := dumpDB(t, app.r)
			_, err := app.Undo(ctx, app.Session())
			if !errors.Is(err, ErrStale) || err.Error() != c.msg {
				t.Fatalf("undo = %v, want ErrStale:\n%s", err, c.msg)
			}
			var stale *StaleError
			if errors.As(err, &stale); stale.Current == nil {
				t.Error("the refusal carries no stored row")
			}
			after := dumpDB(t, app.r)
			if stripUndoLog(after) != stripUndoLog(before) {
				t.Errorf("a refused undo changed data:\nbefore:\n%s\nafter:\n%s", before, after)
			}
			undone, err := app.Undo(ctx, app.Session())
			if err != nil || undone.Label != "add account Earlier Co" {
				t.Fatalf("the undo after a refusal = %q %v, want the change before it", undone.Label, err)
			}
		})
	}
}

// stripUndoLog drops the undo bookkeeping from a dump, leaving the data.
func stripUndoLog(dump string) string {
	var keep []string
	for line := range strings.Lines(dump) {
		if !strings.HasPrefix(line, "undo_log ") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "")
}

// Undo never puts a deal back into a stage removed since: the board
// showed 64 open deals, the file 65, and doctor said ok.
func TestUndoIntoARemovedStageIsRefused(t *testing.T) {
	ctx := context.Background()
	app, cli, seen, st := twoWriters(t)
	if _, err := app.MoveDeal(ctx, seen, st["Presenting"].ID); err != nil {
		t.Fatal(err)
	}
	qual := st["Qualifying"]
	if err := cli.ArchiveStage(ctx, stageNow(t, cli, qual.ID)); err != nil {
		t.Fatal(err)
	}
	_, err := app.Undo(ctx, app.Session())
	want := "cannot undo 'move deal Acme renewal': it would put deal 1 back in stage Qualifying, which was removed since; " +
		"nothing was undone (the next undo goes to the change before it)"
	if !errors.Is(err, ErrStale) || err.Error() != want {
		t.Fatalf("undo = %v, want %q", err, want)
	}
	if d := dealNow(t, app, seen.ID); d.StageID != st["Presenting"].ID || d.Status != model.Open {
		t.Errorf("deal after the refused undo: stage %d %s", d.StageID, d.Status)
	}
	if problems, err := app.IntegrityCheck(ctx); err != nil || len(problems) != 0 {
		t.Errorf("doctor after the refusal: %v %v", problems, err)
	}
	// The removal itself is undoable; the refused move stays refused.
	undone, err := cli.Undo(ctx, AnySession)
	if err != nil || undone.Label != "remove stage Qualifying" {
		t.Fatalf("undo of the removal = %q %v", undone.Label, err)
	}
	if names := stageNames(t, app); !slices.Equal(names, []string{"Prospecting", "Qualifying", "Presenting", "Closing"}) {
		t.Errorf("stages after undoing the removal: %v", names)
	}
	if _, err := app.Undo(ctx, app.Session()); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("the refused entry came back: %v", err)
	}
}

func stageNames(t *testing.T, s *Store) []string {
	t.Helper()
	stages, err := s.Stages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for i, st := range stages {
		if st.Position != i+1 {
			t.Fatalf("positions are not 1..n: %+v", stages)
		}
		names = append(names, st.Name)
	}
	return names
}

// Several undos of one's own changes to one row work back to the start:
// each undo bumps the row's version, and older entries follow it.
func TestUndoingOwnChangesInARow(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	d := seedDeal(t, s, "Soylent", "Soylent green", 3_00)
	st := stageIDs(t, s)
	steps := []func(model.Deal) error{
		func(d model.Deal) error { _, err := s.MoveDeal(ctx, d, st[1]); return err },
		func(d model.Deal) error {
			_, err := s.LogActivity(ctx, model.Activity{DealID: d.ID, Kind: model.Call, Text: "hi"},
				NextStep{Set: true, Step: "demo", Due: model.NewDate(2026, 12, 1), Seen: d})
			return err
		},
		func(d model.Deal) error { _, err := s.CloseDeal(ctx, d, model.Won, ""); return err },
	}
	var history []model.Deal
	for _, step := range steps {
		history = append(history, dealNow(t, s, d.ID))
		if err := step(dealNow(t, s, d.ID)); err != nil {
			t.Fatal(err)
		}
	}
	for i := len(history) - 1; i >= 0; i-- {
		if _, err := s.Undo(ctx, s.Session()); err != nil {
			t.Fatalf("undo %d: %v", len(history)-i, err)
		}
		got, want := dealNow(t, s, d.ID), history[i]
		if ch := model.DealChanges(want, got, nil); ch.AnyBut() {
			t.Errorf("after undo %d: %s", len(history)-i, ch.Sentence())
		}
		if got.Version <= want.Version {
			t.Errorf("undo moved the version back: %d, was %d", got.Version, want.Version)
		}
	}
	if a := accountNow(t, s, d.AccountID); a.Status != model.Prospect {
		t.Errorf("account after undoing the win: %s", a.Status)
	}
	if problems, err := s.IntegrityCheck(ctx); err != nil || len(problems) != 0 {
		t.Errorf("doctor: %v %v", problems, err)
	}
}

// Stage edits are undoable like any change, and the board's positions
// come back exactly.
func TestStageEditsAreUndoable(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	def := stageNames(t, s)
	neg, err := s.AddStage(ctx, model.Stage{Name: "Negotiation", Probability: 70, RotDays: 14, Position: 2})
	if err != nil {
		t.Fatal(err)
	}
	pres, err := s.StageByName(ctx, "Presenting")
	if err != nil {
		t.Fatal(err)
	}
	renamed := pres
	renamed.Name, renamed.Probability = "Demo", 55
	if err := s.UpdateStage(ctx, pres, renamed); err != nil {
		t.Fatal(err)
	}
	if err := s.MoveStage(ctx, stageNow(t, s, neg.ID), 5); err != nil {
		t.Fatal(err)
	}
	closing, err := s.StageByName(ctx, "Closing")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ArchiveStage(ctx, closing); err != nil {
		t.Fatal(err)
	}
	if got := stageNames(t, s); !slices.Equal(got, []string{"Prospecting", "Qualifying", "Demo", "Negotiation"}) {
		t.Fatalf("after four edits: %v", got)
	}
	boards := [][]string{
		{"Prospecting", "Qualifying", "Demo", "Closing", "Negotiation"},
		{"Prospecting", "Negotiation", "Qualifying", "Demo", "Closing"},
		{"Prospecting", "Negotiation", "Qualifying", "Presenting", "Closing"},
		def,
	}
	labels := []string{"remove stage Closing", "move stage Negotiation", "rename stage Presenting", "add stage Negotiation"}
	for i, want := range boards {
		undone, err := s.Undo(ctx, s.Session())
		if err != nil || undone.Label != labels[i] {
			t.Fatalf("undo %d = %q %v, want %q", i+1, undone.Label, err, labels[i])
		}
		if got := stageNames(t, s); !slices.Equal(got, want) {
			t.Fatalf("after undoing %q: %v, want %v", labels[i], got, want)
		}
	}
	if p := stageNow(t, s, pres.ID); p.Probability != pres.Probability {
		t.Errorf("Presenting's probability after undo = %d, want %d", p.Probability, pres.Probability)
	}

	// Undoing an added stage that gained a deal since is refused.
	disc, err := s.AddStage(ctx, model.Stage{Name: "Discovery", Probability: 15})
	if err != nil {
		t.Fatal(err)
	}
	d := seedDeal(t, openAt(t, s.Path()), "Cyberdyne", "Skynet pilot", 1_00)
	other := openAt(t, s.Path())
	if _, err := other.MoveDeal(ctx, d, disc.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.Undo(ctx, s.Session())
	if !errors.Is(err, ErrStale) || !strings.Contains(err.Error(), "stage Discovery has gained open deal 1 since") {
		t.Fatalf("undo of a stage that holds a deal: %v", err)
	}
	// Undoing a removal whose name was taken since is refused too.
	if err := s.ArchiveStage(ctx, stageNow(t, s, disc.ID)); !errors.Is(err, ErrConflict) {
		t.Fatalf("removing a stage with a deal: %v", err)
	}
	if _, err := other.MoveDeal(ctx, dealNow(t, other, d.ID), stageIDs(t, s)[0]); err != nil {
		t.Fatal(err)
	}
	if err := s.ArchiveStage(ctx, stageNow(t, s, disc.ID)); err != nil {
		t.Fatal(err)
	}
	if _, err := other.AddStage(ctx, model.Stage{Name: "discovery", Probability: 20}); err != nil {
		t.Fatal(err)
	}
	_, err = s.Undo(ctx, s.Session())
	if !errors.Is(err, ErrStale) || !strings.Contains(err.Error(), "another stage is called Discovery now") {
		t.Fatalf("undo of a removal whose name was taken: %v", err)
	}
}

// Undo scope and bookkeeping: Undo needs a session, and entries and the
// rows they recorded are trimmed together.
func TestUndoBookkeeping(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	if _, err := s.Undo(ctx, ""); err == nil || errors.Is(err, ErrNothingToUndo) {
		t.Errorf("undo without a session: %v", err)
	}
	if _, err := s.Undo(ctx, s.Session()); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("undo on a new file: %v", err)
	}
	d := seedDeal(t, s, "Row Co", "Row deal", 1_00)
	if n := queryInt(t, s.r, `SELECT count(*) FROM undo_rows`); n != 2 {
		t.Errorf("undo_rows after adding an account and a deal = %d, want 2", n)
	}
	var after int64
	if err := s.r.QueryRowContext(ctx, `SELECT after_version FROM undo_rows WHERE tbl = 'deals' AND row_id = ?`, d.ID).Scan(&after); err != nil || after != d.Version {
		t.Errorf("recorded version %d (%v), want %d", after, err, d.Version)
	}
	for i := range undoKeep + 100 {
		if _, err := s.SetNextStep(ctx, dealNow(t, s, d.ID), "step", model.NewDate(2026, 12, 1+i%28)); err != nil {
			t.Fatal(err)
		}
	}
	entries := queryInt(t, s.r, `SELECT count(*) FROM undo_log`)
	rows := queryInt(t, s.r, `SELECT count(*) FROM undo_rows`)
	if entries > undoKeep+100 || rows != entries {
		t.Errorf("after %d changes: %d entries, %d recorded rows", undoKeep+102, entries, rows)
	}
}
