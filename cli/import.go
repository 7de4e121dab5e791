package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"rolo/interchange"
	"rolo/model"
	"rolo/store"
)

// importGoMemory is the soft limit on Go's memory during an import: at
// 1M rows into the scale book, 24 MiB peaked at 38.5–41.4 MiB in all,
// 18 MiB at 37.1–37.5 MiB for the same CPU time (16 MiB cost 10 % more).
const importGoMemory = 18 << 20

// importFlags are rolo import's options.
type importFlags struct {
	from, what, currency, dates, rejects string
	maps, stageMaps                      []string
	dryRun, strict, theirs, create       bool
}

func (a *app) importCommand() *cobra.Command {
	var fl importFlags
	cmd := &cobra.Command{
		Use:   "import FILE...",
		Short: "Import from HubSpot, Pipedrive, Salesforce, CSV, vCard or rolo's JSON",
		Long: `Imports exports of HubSpot (companies, contacts, deals), Pipedrive (organizations,
people, deals, activities), Salesforce reports (accounts, contacts, opportunities), CSV
of any shape (accounts, contacts, deals, activities, contracts, issues, surveys, spend;
delimiter , ; or tab), vCard files (3.0 and 4.0) and rolo's own JSON export, into the
database (start a new one with 'rolo init').

Give every file of one move in one command, in any order (rolo writes companies, then
people, then deals…). The whole import is one transaction and one 'rolo undo'.

Importing the same file again changes nothing; an edited export updates the rows that
changed in the file, and a row you also changed in rolo since is a conflict: your value
is kept and reported (--theirs takes the file's). Bad rows are listed with file, line,
record id and reason; the good rows are imported (--strict: nothing is, if any row is
bad). Stages map by the tool's preset (see the README), by name, or by --stage-map; an
unknown stage stops the import and prints the --stage-map lines to add. Amounts that
name no currency are in --currency, else the book's ('rolo config set currency EUR').

Fields for --map COLUMN=FIELD (or COLUMN=- to skip a column):
  accounts    name status tier industry website cadence notes customer_since created id
  contacts    name first_name last_name account account_id title email phone notes id
  deals       title account account_id contact contact_email stage status value currency
              probability close closed kind source next_step next_due lost_reason notes
              created id
  activities  account deal contact contact_email kind text notes at due done id
  contracts   account deal value currency start end auto_renew notice_days status id
  issues      account title severity opened resolved status id
  surveys     kind score nps csat at contact_email account comment id
  spend       date value currency channel notes id`,
		Example: `  rolo import hubspot-crm-exports-all-companies-2026-11-27.csv hubspot-crm-exports-all-deals-2026-11-27.csv
  rolo import deals.csv --from pipedrive --currency EUR --dry-run
  rolo import opportunities.csv --stage-map "Discovery=Qualifying" --rejects fix-me.csv
  rolo import answers.csv --what surveys --map "How likely are you to recommend us?=nps"
  rolo import contacts.vcf
  rolo import rolo-export.json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("'rolo import' needs at least one file")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return a.runImport(cmd.Context(), args, fl) },
	}
	f := cmd.Flags()
	f.StringVar(&fl.from, "from", "", "hubspot, pipedrive, salesforce, csv, vcard or json (default: detected)")
	f.StringVar(&fl.what, "what", "", "what a CSV holds: accounts, contacts, deals, activities, contracts, issues, surveys, spend (default: detected)")
	f.BoolVar(&fl.dryRun, "dry-run", false, "show what would be created, updated, unchanged and rejected; write nothing")
	f.BoolVar(&fl.strict, "strict", false, "import nothing if any row is bad")
	f.BoolVar(&fl.theirs, "theirs", false, "where a row changed both in the file and in rolo, take the file's values")
	f.StringArrayVar(&fl.maps, "map", nil, "COLUMN=FIELD: read a column as a rolo field (repeatable)")
	f.StringArrayVar(&fl.stageMaps, "stage-map", nil, `"Their stage=Our stage" (or =won / =lost) (repeatable)`)
	f.StringVar(&fl.currency, "currency", "", "currency of amounts that name none (default: the book's, 'rolo config get currency')")
	f.StringVar(&fl.dates, "dates", "", "how to read 3/4/2026: mdy or dmy (default: only unambiguous dates; mdy for Salesforce)")
	f.StringVar(&fl.rejects, "rejects", "", "write the rejected rows to this CSV file, to fix and import again")
	f.BoolVar(&fl.create, "create-accounts", false, "add the companies rows name that exist nowhere, instead of rejecting the rows")
	return cmd
}

func (a *app) runImport(ctx context.Context, files []string, fl importFlags) error {
	// A million rows pass through here: without a limit the Go heap grows
	// to twice what it holds before the collector runs, and takes the
	// import past its 40 MiB (SQLite's cache and the program take the rest).
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(importGoMemory))
	from, err := interchange.ParseSource(fl.from)
	if err != nil {
		return usagef("%v", err)
	}
	what, err := interchange.ParseKind(fl.what)
	if err != nil {
		return usagef("%v", err)
	}
	dates, err := interchange.ParseDateOrder(fl.dates)
	if err != nil {
		return usagef("%v", err)
	}
	var currency string
	if fl.currency != "" {
		if currency, err = model.ParseCurrency(fl.currency); err != nil {
			return usagef("--currency: %v", err)
		}
	}
	sources := make([]interchange.Source, len(files))
	for i, f := range files {
		if sources[i] = from; sources[i] == "" {
			if sources[i], err = interchange.Sniff(f); err != nil {
				return usagef("%v", err)
			}
		}
	}
	if slices.Contains(sources, interchange.JSON) && len(files) > 1 {
		return usagef("a rolo JSON export is imported on its own: 'rolo import %s'", model.Clean(files[slices.Index(sources, interchange.JSON)]))
	}
	s, err := a.openForImport(ctx, fl.dryRun)
	if err != nil {
		return err
	}
	defer s.Close()
	if currency == "" {
		// Amounts that name no currency are in the one the user keeps
		// the book in (rolo config currency; USD unless set).
		set, err := s.Settings(ctx)
		if err != nil {
			return err
		}
		currency = set.Currency
	}
	stages, err := s.Stages(ctx)
	if err != nil {
		return err
	}
	maps := map[interchange.Source]*interchange.StageMap{}
	stageMap := func(src interchange.Source) *interchange.StageMap {
		if m, ok := maps[src]; ok {
			return m
		}
		m, _ := interchange.NewStageMap(stages, src, fl.stageMaps) // checked below
		maps[src] = m
		return m
	}
	if _, err := interchange.NewStageMap(stages, from, fl.stageMaps); err != nil {
		return usagef("%v", err)
	}
	if sources[0] == interchange.JSON {
		return a.importJSON(ctx, s, files[0], fl, stageMap(interchange.JSON))
	}
	opts := interchange.Options{From: from, What: what, Map: fl.maps, Currency: currency, Dates: dates,
		Loc: s.Clock().Now().Location(), StageMap: stageMap}
	readers := make([]interchange.Reader, 0, len(files))
	defer func() {
		for _, r := range readers {
			r.Close()
		}
	}()
	for _, f := range files {
		r, err := interchange.Open(f, opts)
		if err != nil {
			return usagef("%s", strings.TrimPrefix(err.Error(), "rolo: "))
		}
		readers = append(readers, r)
	}
	// Write what others point at first: companies, then people, then deals…
	slices.SortStableFunc(readers, func(x, y interchange.Reader) int {
		return slices.Index(model.RecordKinds, x.Kind()) - slices.Index(model.RecordKinds, y.Kind())
	})
	for _, r := range readers {
		fmt.Fprintf(a.out, "%s: read as a %s %s file\n", model.Clean(r.File()), r.Source().Name(), r.Kind().Plural())
	}
	rej := newRejectWriter(fl.rejects, readers)
	defer rej.close()
	label := importLabel(files)
	prog := a.newProgress(totalSize(readers))
	iopts := store.ImportOptions{Label: label, DryRun: fl.dryRun, Theirs: fl.theirs, CreateAccounts: fl.create, OnReject: rej.add}
	errStrict := errors.New("strict")
	rep, err := s.Import(ctx, iopts, func(im *store.Import) error {
		batches, stop := readAll(readers, prog)
		defer stop()
		for b := range batches {
			if b.err != nil {
				return b.err
			}
			for _, rec := range b.recs {
				if err := im.Add(rec); err != nil {
					return err
				}
			}
		}
		for _, src := range []interchange.Source{interchange.HubSpot, interchange.Pipedrive, interchange.Salesforce, interchange.CSV} {
			if m, ok := maps[src]; ok {
				if err := m.StageError(); err != nil {
					if fl.dryRun {
						return nil // a dry run reports, then says so below
					}
					return err
				}
			}
		}
		if fl.strict && im.Report().Total(store.Rejected) > 0 {
			return errStrict
		}
		return nil
	})
	if rep != nil && (err == nil || errors.Is(err, errStrict) || fl.dryRun) {
		for _, r := range readers {
			for _, n := range r.Notes() {
				fmt.Fprintln(a.out, model.Clean(n))
			}
		}
		a.printReport(rep, s, stages)
	}
	if cerr := rej.close(); cerr != nil && err == nil {
		err = cerr
	}
	switch {
	case errors.Is(err, errStrict):
		return fmt.Errorf("--strict: %d row(s) are bad, so nothing was imported; fix them (see above) and import again", rep.Total(store.Rejected))
	case err != nil:
		return err
	}
	for _, m := range maps {
		if err := m.StageError(); err != nil {
			return err
		}
	}
	return nil
}

// openForImport opens the database: read-only for a dry run (nothing is
// written, and the folder is left as it was: no -wal, even for a moment),
// else for writing. Either way the file must exist: an import into a new
// book starts with `rolo init`.
func (a *app) openForImport(ctx context.Context, dry bool) (*store.Store, error) {
	if dry {
		return a.open(ctx, dryRun)
	}
	return a.open(ctx, writing)
}

func totalSize(readers []interchange.Reader) int64 {
	var n int64
	for _, r := range readers {
		_, size := r.Progress()
		n += size
	}
	return n
}

func readBytes(readers []interchange.Reader) int64 {
	var n int64
	for _, r := range readers {
		done, _ := r.Progress()
		n += done
	}
	return n
}

// importLabel names the files of an import for its undo entry.
func importLabel(files []string) string {
	names := make([]string, 0, len(files))
	for i, f := range files {
		if i == 3 {
			return strings.Join(names, ", ") + fmt.Sprintf(" and %d more", len(files)-3)
		}
		names = append(names, filepath.Base(f))
	}
	return strings.Join(names, ", ")
}

// recordBatch is records read ahead, or the error that stopped reading.
type recordBatch struct {
	recs []*model.Record
	err  error
}

// readAll reads the files in a goroutine of its own, so that parsing runs
// beside the database's work, and hands the records over in batches.
// stop ends the reading early and waits for it.
func readAll(readers []interchange.Reader, prog *progress) (<-chan recordBatch, func()) {
	out := make(chan recordBatch, 2)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		defer close(out)
		defer prog.finish()
		send := func(b recordBatch) bool {
			select {
			case out <- b:
				return true
			case <-done:
				return false
			}
		}
		var recs []*model.Record
		for _, r := range readers {
			for {
				rec, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					send(recordBatch{err: err})
					return
				}
				if recs = append(recs, rec); len(recs) == 128 {
					if !send(recordBatch{recs: recs}) {
						return
					}
					recs = nil
				}
				prog.tick(readBytes(readers))
			}
		}
		if len(recs) > 0 {
			send(recordBatch{recs: recs})
		}
	}()
	return out, func() {
		close(done)
		<-finished
	}
}
