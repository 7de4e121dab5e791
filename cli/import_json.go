package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"rolo/interchange"
	"rolo/model"
	"rolo/store"
)

// importJSON imports rolo's own JSON export: into a blank database it is
// restored exactly (ids, history, stages, settings); into one that holds a
// book it is merged like any import.
func (a *app) importJSON(ctx context.Context, s *store.Store, file string, fl importFlags, stages *interchange.StageMap) error {
	open := func() (*os.File, error) {
		f, err := os.Open(file)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", file, err)
		}
		return f, nil
	}
	blank, err := s.IsBlank(ctx)
	if err != nil {
		return err
	}
	label := filepath.Base(file)
	if blank {
		f, err := open()
		if err != nil {
			return err
		}
		defer f.Close()
		fmt.Fprintf(a.out, "%s: a rolo JSON export; %s is empty, so it is restored exactly\n", model.Clean(file), model.Clean(s.Path()))
		if fl.dryRun {
			counts := map[string]int{}
			if _, err := interchange.ReadJSON(f, func(t string, _ []string, _ []any) error { counts[t]++; return nil }); err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
			fmt.Fprintln(a.out, "Dry run: nothing was written. The import would restore:")
			printTableCounts(a, counts)
			return nil
		}
		var header interchange.JSONHeader
		counts, err := s.Restore(ctx, label, func(r *store.Restorer) error {
			header, err = interchange.ReadJSON(f, func(t string, cols []string, vals []any) error { return r.Row(t, cols, vals) })
			if err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if header.Schema > store.SchemaVersion() {
			fmt.Fprintf(a.out, "note: the export was made by a newer rolo (schema v%d)\n", header.Schema)
		}
		printTableCounts(a, counts)
		fmt.Fprintf(a.out, "Restored into %s. 'rolo undo' takes it back.\n", model.Clean(s.Path()))
		return nil
	}
	f, err := open()
	if err != nil {
		return err
	}
	defer f.Close()
	fmt.Fprintf(a.out, "%s: a rolo JSON export, merged into the book in %s\n", model.Clean(file), model.Clean(s.Path()))
	merger := interchange.NewJSONMerger(file, stages)
	tables := map[model.RecordKind]string{model.KindAccount: "accounts", model.KindContact: "contacts", model.KindDeal: "deals",
		model.KindContract: "contracts"}
	rep, err := s.Import(ctx, store.ImportOptions{Label: label, DryRun: fl.dryRun, Theirs: fl.theirs}, func(im *store.Import) error {
		rows := map[string]int{}
		_, err := interchange.ReadJSON(f, func(t string, cols []string, vals []any) error {
			rows[t]++
			rec := merger.Record(t, cols, vals, rows[t])
			if rec == nil {
				return nil
			}
			id, err := im.Upsert(rec)
			if t, ok := tables[rec.Kind]; ok {
				merger.Imported(t, interchange.ExportID(rec), id)
			}
			return err
		})
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		if err := stages.StageError(); err != nil && !fl.dryRun {
			return err
		}
		return nil
	})
	if rep != nil && (err == nil || fl.dryRun) {
		a.printReport(rep, s, nil)
		if len(merger.Skipped) > 0 {
			var parts []string
			for t, n := range merger.Skipped {
				parts = append(parts, fmt.Sprintf("%d %s", n, strings.ReplaceAll(t, "_", " ")))
			}
			fmt.Fprintf(a.out, "Kept this database's own: %s (a merge brings records, not another file's history or settings).\n", strings.Join(parts, ", "))
		}
	}
	if err != nil {
		return err
	}
	return stages.StageError()
}

func printTableCounts(a *app, counts map[string]int) {
	for _, t := range store.BookTables {
		if n := counts[t]; n > 0 {
			fmt.Fprintf(a.out, "  %-18s %s\n", strings.ReplaceAll(t, "_", " ")+":", count(n))
		}
	}
}
