package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"rolo/model"
)

// bookRecords is a small import: two companies, a contact, an open and a
// won deal, two activities and a bad deal.
func bookRecords(stages []model.Stage, dealValue int64) []*model.Record {
	ref := func(id string) model.Ref { return model.Ref{System: "hubspot", ExternalID: id} }
	created := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	closed := time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)
	return []*model.Record{
		{Kind: model.KindAccount, Ref: ref("c1"), Fields: []string{model.FieldName, model.FieldIndustry},
			Account: &model.Account{Name: "Acme Corp", Industry: "Logistics"}},
		{Kind: model.KindAccount, Ref: ref("c2"), Fields: []string{model.FieldName},
			Account: &model.Account{Name: "Globex"}},
		{Kind: model.KindContact, Ref: ref("p1"), Fields: []string{model.FieldName, model.FieldEmail},
			Contact: &model.Contact{Name: "Ada Lane", Email: "ada@acme.test"}, AccountLink: model.Link{Name: "acme corp"}},
		{Kind: model.KindDeal, Ref: ref("d1"), Fields: []string{model.FieldTitle, model.FieldStage, model.FieldValue, model.FieldCreated},
			Deal:        &model.Deal{Title: "Fleet pilot", StageID: stages[1].ID, Value: model.Money{Minor: dealValue, Currency: "USD"}, CreatedAt: created},
			AccountLink: model.Link{Name: "Acme Corp"}},
		{Kind: model.KindDeal, Ref: ref("d2"), Fields: []string{model.FieldTitle, model.FieldStage, model.FieldStatus, model.FieldValue, model.FieldCreated, model.FieldClosed},
			Deal: &model.Deal{Title: "Globex rollout", StageID: stages[3].ID, Status: model.Won, Value: model.Money{Minor: 5_000_000, Currency: "EUR"},
				CreatedAt: created, ClosedAt: closed},
			AccountLink: model.Link{Ref: ref("c2")}},
		{Kind: model.KindDeal, Ref: ref("d3"), Fields: []string{model.FieldTitle, model.FieldStage, model.FieldValue},
			Deal:        &model.Deal{Title: "Nowhere deal", StageID: stages[0].ID, Value: model.Money{Minor: 100, Currency: "USD"}},
			AccountLink: model.Link{Name: "Initech"}},
		{Kind: model.KindActivity, Ref: ref("a1"), Fields: []string{model.FieldKind, model.FieldText, model.FieldAt},
			Activity: &model.Activity{Kind: model.Call, Text: "Intro call", At: created}, AccountLink: model.Link{Name: "Acme Corp"}},
		{Kind: model.KindActivity, Ref: ref("a2"), Fields: []string{model.FieldKind, model.FieldText, model.FieldAt},
			Activity: &model.Activity{Kind: model.Email, Text: "Sent pricing", At: closed}, AccountLink: model.Link{Name: "Acme Corp"},
			DealLink: model.Link{Ref: ref("d1")}},
	}
}

func runImport(t *testing.T, s *Store, opts ImportOptions, recs []*model.Record) *ImportReport {
	t.Helper()
	rep, err := s.Import(context.Background(), opts, func(im *Import) error {
		for _, r := range recs {
			if err := im.Add(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return rep
}

func TestImportIsIdempotentMergesAndUndoes(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	stages, _ := s.Stages(ctx)
	rep := runImport(t, s, ImportOptions{Label: "book.csv"}, bookRecords(stages, 1_200_000))
	want := map[model.RecordKind]KindCounts{
		model.KindAccount:  {Created: 2},
		model.KindContact:  {Created: 1},
		model.KindDeal:     {Created: 2, Rejected: 1},
		model.KindActivity: {Created: 2},
	}
	for k, c := range want {
		for o, n := range c {
			if got := rep.Count(k, o); got != n {
				t.Errorf("%s %s = %d, want %d", k, o, got, n)
			}
		}
	}
	if len(rep.Rejects) != 1 || rep.Rejects[0].Reason == "" {
		t.Fatalf("rejects = %+v", rep.Rejects)
	}
	if rep.UndoLabel != "import of book.csv: 2 accounts, 1 contact, 2 deals, 2 activities" {
		t.Errorf("undo label %q", rep.UndoLabel)
	}
	sums, err := s.Pipeline(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var open int64
	for _, st := range sums {
		open += int64(st.Count)
	}
	if open != 1 {
		t.Errorf("open deals on the board = %d, want 1", open)
	}
	globex, err := s.FindAccount(ctx, "Globex")
	if err != nil || globex.Status != model.Customer || globex.CustomerSince.String() != "2026-06-30" {
		t.Errorf("Globex = %+v, %v; want a customer since 2026-06-30", globex, err)
	}

	// The same file again changes nothing.
	rep = runImport(t, s, ImportOptions{Label: "book.csv"}, bookRecords(stages, 1_200_000))
	if rep.Total(Created)+rep.Total(Updated) != 0 || rep.Total(Unchanged) != 7 || rep.UndoLabel != "" {
		t.Fatalf("second import: %+v", rep.Counts)
	}

	// The user edits the deal's title in rolo; the file changes its value.
	d, err := s.FindDeal(ctx, "Fleet pilot")
	if err != nil {
		t.Fatal(err)
	}
	d.Title = "Fleet pilot (EMEA)"
	if _, err := s.UpdateDeal(ctx, d); err != nil {
		t.Fatal(err)
	}
	rep = runImport(t, s, ImportOptions{Label: "book-v2.csv"}, bookRecords(stages, 1_500_000))
	if rep.Count(model.KindDeal, Updated) != 1 || len(rep.Conflicts) != 0 {
		t.Fatalf("edited import: %+v conflicts %+v", rep.Counts, rep.Conflicts)
	}
	d, _ = s.Deal(ctx, d.ID)
	if d.Title != "Fleet pilot (EMEA)" || d.Value.Minor != 1_500_000 {
		t.Fatalf("after merge: %q %d", d.Title, d.Value.Minor)
	}
	// Now both change the value: a conflict, rolo's kept; --theirs takes the file's.
	d.Value.Minor = 1_600_000
	if _, err := s.UpdateDeal(ctx, d); err != nil {
		t.Fatal(err)
	}
	rep = runImport(t, s, ImportOptions{Label: "book-v3.csv"}, bookRecords(stages, 1_700_000))
	if len(rep.Conflicts) != 1 || rep.Conflicts[0].Field != model.FieldValue || rep.Count(model.KindDeal, Conflict) != 1 {
		t.Fatalf("conflict import: %+v %+v", rep.Counts, rep.Conflicts)
	}
	if d, _ = s.Deal(ctx, d.ID); d.Value.Minor != 1_600_000 {
		t.Fatalf("conflict overwrote rolo's value: %d", d.Value.Minor)
	}
	rep = runImport(t, s, ImportOptions{Label: "book-v3.csv", Theirs: true}, bookRecords(stages, 1_700_000))
	if d, _ = s.Deal(ctx, d.ID); d.Value.Minor != 1_700_000 || rep.Count(model.KindDeal, Updated) != 1 {
		t.Fatalf("--theirs: value %d, %+v", d.Value.Minor, rep.Counts)
	}

	// Undo the last import puts the value back; undo of the first archives everything.
	u, err := s.Undo(ctx)
	if err != nil || u.Label != "import of book-v3.csv: 1 deal" {
		t.Fatalf("undo: %+v %v", u, err)
	}
	if d, _ = s.Deal(ctx, d.ID); d.Value.Minor != 1_600_000 {
		t.Fatalf("undo left value %d", d.Value.Minor)
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "rolo.db")
	s, err := Open(ctx, path, Options{Clock: model.FixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	stages, _ := s.Stages(ctx)
	s.Close()
	for _, side := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + side); err == nil {
			t.Fatalf("%s left after close", side)
		}
	}
	before, _ := os.ReadFile(path)
	ro, err := OpenReadOnly(ctx, path, Options{Clock: model.FixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	rep := runImport(t, ro, ImportOptions{Label: "book.csv", DryRun: true}, bookRecords(stages, 1_200_000))
	if rep.Count(model.KindDeal, Created) != 2 || rep.Count(model.KindActivity, Created) != 2 || rep.Count(model.KindDeal, Rejected) != 1 {
		t.Fatalf("dry run: %+v", rep.Counts)
	}
	if _, err := ro.Import(ctx, ImportOptions{}, func(*Import) error { return nil }); err == nil {
		t.Fatal("a real import on a read-only store must fail")
	}
	ro.Close()
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Fatal("the dry run changed the file")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("the dry run left files: %v", entries)
	}
}

func TestImportFailureWritesNothing(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	stages, _ := s.Stages(ctx)
	boom := errors.New("stop")
	_, err := s.Import(ctx, ImportOptions{Label: "x"}, func(im *Import) error {
		for _, r := range bookRecords(stages, 1) {
			if err := im.Add(r); err != nil {
				return err
			}
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	c, _ := s.Counts(ctx)
	if c.Accounts != 0 || c.Deals != 0 || c.Activities != 0 {
		t.Fatalf("a failed import wrote %+v", c)
	}
}

func TestUndoOfAnImportRefusesToOverwriteLaterChanges(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rolo.db")
	at := func(ts time.Time) *Store {
		s, err := Open(ctx, path, Options{Clock: model.FixedClock(ts)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	s := at(testNow)
	stages, _ := s.Stages(ctx)
	runImport(t, s, ImportOptions{Label: "book.csv"}, bookRecords(stages, 1_200_000))
	s.Close()
	later := at(testNow.Add(time.Hour))
	d, err := later.FindDeal(ctx, "Fleet pilot")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := later.SetNextStep(ctx, d.ID, "Call Ada", model.Date{}); err != nil {
		t.Fatal(err)
	}
	if _, err := later.Undo(ctx); err != nil { // undoes the next step
		t.Fatal(err)
	}
	_, err = later.Undo(ctx) // the import: its deal was saved since
	if !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "deal "+strconv.FormatInt(d.ID, 10)) {
		t.Fatalf("undo of the import = %v, want a refusal naming the deal", err)
	}
	if c, _ := later.Counts(ctx); c.Deals != 2 {
		t.Errorf("the refused undo changed the book: %+v", c)
	}
}
