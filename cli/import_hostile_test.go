package cli

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rolo/model"
)

// writeCSV writes rows as a CSV file and returns its path.
func writeCSV(t *testing.T, dir, name string, rows [][]string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestHostileTextThroughImports feeds the hostile-text corpus to an
// import as names, titles, stages and amounts, from a file whose own name
// is hostile: nothing active reaches the terminal from its report — the
// samples of a dry run, the rejects, the conflicts, the unknown-stage
// stop — nor from `rolo undo`; the text itself is stored verbatim.
func TestHostileTextThroughImports(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	accounts := [][]string{{"Name", "Industry"}}
	deals := [][]string{{"Deal Name", "Company", "Deal Stage", "Amount"}}
	stages := [][]string{{"Deal Name", "Company", "Deal Stage", "Amount"}}
	for _, h := range model.HostileTexts() {
		if len(h.Text) > model.MaxNameLen {
			continue
		}
		accounts = append(accounts, []string{h.Text, h.Text})
		deals = append(deals, []string{h.Text, h.Text, "Qualifying", "1,200"}, []string{"Bad " + h.Text, h.Text, "Qualifying", h.Text})
		stages = append(stages, []string{h.Text, h.Text, h.Text + " stage", "1"})
	}
	name := "deals\x1b]52;c;SGVsbG8=\x07\u202e.csv"
	accountsFile := writeCSV(t, dir, "accounts\x1b[2J.csv", accounts)
	dealsFile := writeCSV(t, dir, name, deals)
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{accountsFile, dealsFile, "--dry-run"}, "Dry run: nothing was written"},
		{[]string{accountsFile}, "Imported into"},
		{[]string{dealsFile}, "is not an amount"},
		{[]string{writeCSV(t, dir, "stages.csv", stages)}, "--stage-map"},
	} {
		_, out, errOut := run(t, importArgs(db, c.args...)...)
		if !strings.Contains(out+errOut, c.says) {
			t.Errorf("import %q: no %q in\n%s%s", c.args, c.says, out, errOut)
		}
		assertInert(t, "import "+strings.Join(c.args, " "), out+errOut)
	}
	// A re-import whose values changed in the file and in rolo: the
	// conflicts quote both.
	s := openDB(t, db)
	for _, d := range dealsByTitle(t, s) {
		edited := d
		edited.Notes = "edited in rolo"
		edited.Value.Minor++
		if _, err := s.UpdateDeal(t.Context(), d, edited); err != nil {
			t.Fatal(err)
		}
	}
	for i := 1; i < len(deals); i++ {
		deals[i][3] = "2,400"
	}
	code, out, errOut := run(t, importArgs(db, writeCSV(t, dir, name, deals))...)
	if code != 0 || !strings.Contains(out, "Conflicts (") {
		t.Fatalf("re-import: %d\n%s%s", code, out, errOut)
	}
	assertInert(t, "re-import with conflicts", out+errOut)
	_, out, errOut = run(t, "undo", "--db", db)
	if !strings.Contains(out, "Undid: import of deals") {
		t.Errorf("undo: %s%s", out, errOut)
	}
	assertInert(t, "undo of an import", out+errOut)
	// Stored verbatim.
	if _, ok := dealsByTitle(t, s)["Acme\x1b]52;c;SGVsbG8=\x07 Corp"]; !ok {
		t.Error("a deal title was not stored verbatim")
	}
}
