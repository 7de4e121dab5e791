package cli

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"rolo/model"
	"rolo/store"
)

// want runs rolo and checks the exit code and that the output (stdout
// for 0, stderr otherwise) contains says.
func want(t *testing.T, code int, says string, args ...string) {
	t.Helper()
	got, out, errOut := run(t, args...)
	text := out
	if code != 0 {
		text = errOut
	}
	if got != code || !strings.Contains(text, says) {
		t.Fatalf("rolo %s: exit %d\nstdout: %s\nstderr: %s\nwant exit %d saying %q", strings.Join(args, " "), got, out, errOut, code, says)
	}
}

// openApp opens the file as the app would, beside the command line.
func openApp(t *testing.T, db string) *store.Store {
	t.Helper()
	t.Setenv("ROLO_NOW", "2026-11-27T10:00:00Z")
	c, err := model.ClockFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(context.Background(), db, store.Options{MustExist: true, Clock: c, Origin: "the app"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// `rolo move 181 won` on an undone deal exited 0 and made its archived
// account a customer.
func TestWritesOnAnUndoneDealAreRefused(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	mustRun(t, "init", "--db", db)
	want(t, 0, "Added deal 1: Ghost deal", "add", "deal", "--db", db, "--account", "Ghost Co", "--title", "Ghost deal", "--value", "5k")
	want(t, 0, "Undid: add deal Ghost deal (made by the command line, just now).", "undo", "--db", db)
	refusal := "Deal 1 was undone (archived), so it cannot be changed; nothing was saved"
	want(t, 1, refusal, "move", "1", "won", "--db", db)
	want(t, 1, refusal, "move", "1", "closing", "--db", db)
	want(t, 1, refusal, "log", "deal:1", "--db", db, "--kind", "call", "boo", "--next", "haunt", "--due", "fri")
	want(t, 1, refusal, "log", "deal:1", "--db", db, "boo")

	s := openApp(t, db)
	d, err := s.Deal(context.Background(), 1)
	if err != nil || !d.Archived || d.Status != model.Open {
		t.Fatalf("deal after refused writes: %+v %v", d, err)
	}
	if a, err := s.Account(context.Background(), d.AccountID); err != nil || a.Status != model.Prospect || !a.Archived {
		t.Fatalf("account after refused writes: %+v %v", a, err)
	}
	if acts, _ := s.DealActivities(context.Background(), 1, 0); len(acts) != 0 {
		t.Errorf("activities logged on an undone deal: %+v", acts)
	}
}

// `rolo undo` undoes the newest change of anyone's and says whose; it
// refuses one whose rows changed since, says what changed, exits 1, and
// the next `rolo undo` goes further back.
func TestUndoSaysWhoseChangeAndRefusesOverwriting(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "rolo.db")
	mustRun(t, "init", "--db", db)
	want(t, 0, "Added deal 1", "add", "deal", "--db", db, "--account", "Acme", "--title", "Acme renewal", "--value", "12k", "--stage", "qual")
	want(t, 0, "Moved deal 1 (Acme renewal) to Presenting.", "move", "1", "pres", "--db", db)

	app := openApp(t, db)
	seen, err := app.Deal(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.SetNextStep(ctx, seen, "Demo for the CFO", model.NewDate(2026, 12, 2)); err != nil {
		t.Fatal(err)
	}
	want(t, 0, "Logged call on deal Acme renewal (deal:1)", "log", "deal:1", "--db", db, "--kind", "call", "Spoke to Bill", "--next", "CLI next step", "--due", "fri")
	// The app's u: its own change, the next step, was overwritten since.
	_, err = app.Undo(ctx, app.Session())
	if !errors.Is(err, store.ErrStale) || !strings.Contains(err.Error(), "deal 1 was changed since (its next step was changed elsewhere)") {
		t.Fatalf("app undo: %v", err)
	}
	want(t, 0, "Undid: log call on Acme renewal (made by the command line, just now).", "undo", "--db", db)
	want(t, 1, "rolo: cannot undo 'move deal Acme renewal': deal 1 was changed since (its next step was changed elsewhere); "+
		"nothing was undone (the next undo goes to the change before it)", "undo", "--db", db)
	want(t, 1, "cannot undo 'add deal Acme renewal': deal 1 was changed since (moved to Presenting and its next step was changed elsewhere)",
		"undo", "--db", db)
	want(t, 0, "Nothing to undo.", "undo", "--db", db)
	if d, _ := app.Deal(ctx, 1); d.NextStep != "Demo for the CFO" || d.Archived {
		t.Errorf("after the refusals the deal is %+v", d)
	}

	// An app change is undone by `rolo undo` too, named as the app's.
	if _, err := app.MoveDeal(ctx, mustDeal(t, app, 1), mustStage(t, app, "closing").ID); err != nil {
		t.Fatal(err)
	}
	want(t, 0, "Undid: move deal Acme renewal (made by the app, just now).", "undo", "--db", db)
}

func mustDeal(t *testing.T, s *store.Store, id int64) model.Deal {
	t.Helper()
	d, err := s.Deal(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mustStage(t *testing.T, s *store.Store, name string) model.Stage {
	t.Helper()
	st, err := s.StageByName(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// Stage edits are undoable like any change.
func TestStageEditsUndo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	mustRun(t, "init", "--db", db)
	want(t, 0, "Added account 1: Acme", "add", "account", "Acme", "--db", db)
	want(t, 0, "Added stage Negotiation at position 2.", "stages", "add", "Negotiation", "--position", "2", "--db", db)
	want(t, 0, "Removed stage Closing ('rolo undo' puts it back).", "stages", "remove", "closing", "--db", db)
	want(t, 0, "Stage Demo", "stages", "rename", "presenting", "Demo", "--db", db)
	want(t, 0, "Undid: rename stage Presenting (made by the command line, just now).", "undo", "--db", db)
	want(t, 0, "Undid: remove stage Closing", "undo", "--db", db)
	want(t, 0, "Undid: add stage Negotiation", "undo", "--db", db)
	_, out, _ := run(t, "stages", "--db", db)
	var names []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		names = append(names, strings.Fields(line)[1])
	}
	if strings.Join(names, " ") != "Prospecting Qualifying Presenting Closing" {
		t.Errorf("stages after undoing three edits:\n%s", out)
	}
}

// doctor names states rolo's rules forbid and what to do, exit 1.
func TestDoctorSaysWhatToDo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	mustRun(t, "init", "--db", db)
	want(t, 0, "Added deal 1", "add", "deal", "--db", db, "--account", "Acme", "--title", "Acme renewal", "--value", "12k", "--stage", "qual")
	want(t, 0, "check:   ok", "doctor", "--db", db)
	// What an older rolo's undo could leave: an open deal in a removed stage.
	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE stages SET archived_at = '2026-11-27T10:00:00Z' WHERE name = 'Qualifying'`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	code, out, errOut := run(t, "doctor", "--db", db)
	if code != 1 || !strings.Contains(out, "problem: deal 1 (Acme renewal) is open in stage Qualifying, which was removed, "+
		"so the board does not show it: move it to a stage on the board (rolo move 1 STAGE)") ||
		!strings.Contains(errOut, "has 1 problem(s); each says above what to do") {
		t.Fatalf("doctor: exit %d\n%s\n%s", code, out, errOut)
	}
	want(t, 0, "Moved deal 1 (Acme renewal) to Closing.", "move", "1", "closing", "--db", db)
	want(t, 0, "check:   ok", "doctor", "--db", db)
}
