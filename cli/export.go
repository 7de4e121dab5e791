package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"rolo/interchange"
	"rolo/model"
	"rolo/store"
)

func (a *app) exportCommand() *cobra.Command {
	var format, what, out string
	cmd := &cobra.Command{
		Use:   "export --format csv|json|ics",
		Short: "Export the book as CSV, rolo's JSON, or an iCalendar file",
		Long: `Writes the book out, reading a snapshot of the database (it never writes to it).

  csv   RFC 4180, UTF-8, one file per kind of record: --what all (the default) writes
        accounts.csv, contacts.csv, deals.csv, activities.csv, contracts.csv, issues.csv,
        surveys.csv and spend.csv into the folder --out; --what deals (etc.) writes one
        CSV to --out FILE or to standard output. Money is a decimal in major units with a
        currency column, dates ISO 8601. Text cells starting with = + - @, tab, CR or LF
        get a leading ' so spreadsheets do not run them as formulas.
  json  the whole book, lossless (archived rows, history, stages, settings): importing it
        into an empty database and exporting again gives the same bytes.
  ics   deals' next steps, account tasks, and contracts' notice deadlines and end dates
        as all-day events with a reminder; stable UIDs, so re-importing the file into a
        calendar updates the events instead of doubling them.`,
		Example: `  rolo export --format csv --out book/
  rolo export --format csv --what deals > deals.csv
  rolo export --format json --out rolo-backup.json
  rolo export --format ics --out rolo.ics`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runExport(cmd.Context(), format, what, out) },
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", "", "csv, json or ics")
	f.StringVar(&what, "what", "all", "csv: all, accounts, contacts, deals, activities, contracts, issues, surveys or spend")
	f.StringVar(&out, "out", "-", "file (or, for --format csv --what all, folder) to write; - for standard output")
	return cmd
}

func (a *app) runExport(ctx context.Context, format, what, out string) error {
	format = strings.ToLower(strings.TrimSpace(format))
	var kind model.RecordKind
	if w := strings.ToLower(strings.TrimSpace(what)); w != "all" && w != "" {
		var err error
		if kind, err = interchange.ParseKind(w); err != nil {
			return usagef("%v", err)
		}
	}
	switch format {
	case "csv":
		if kind == "" && (out == "-" || out == "") {
			return usagef("--format csv --what all writes one file per kind of record: give a folder with --out, or one kind with --what deals")
		}
	case "json", "ics":
		if kind != "" {
			return usagef("--format %s exports the whole book; --what is for csv", format)
		}
	case "":
		return usagef("say which format: --format csv, json or ics")
	default:
		return usagef("--format %q: choose csv, json or ics", format)
	}
	s, err := a.open(ctx, reading)
	if err != nil {
		return err
	}
	defer s.Close()
	return s.Snapshot(ctx, func(sn *store.Snapshot) error {
		book, err := bookOf(sn)
		if err != nil {
			return err
		}
		switch {
		case format == "json":
			return a.writeTo(out, func(w io.Writer) error {
				return interchange.WriteJSON(w, store.SchemaVersion(), store.BookTables, sn.Rows)
			})
		case format == "ics":
			return a.writeTo(out, func(w io.Writer) error {
				return interchange.WriteICS(w, s.Clock().Now(), interchange.CalendarBook{Deals: book.Deals,
					Activities: book.Activities, Contracts: book.Contracts})
			})
		case kind != "":
			return a.writeTo(out, func(w io.Writer) error { return interchange.WriteCSV(w, kind, book) })
		}
		if err := os.MkdirAll(out, 0o700); err != nil {
			return fmt.Errorf("creating %s: %w", out, err)
		}
		for _, k := range interchange.CSVKinds {
			if err := a.writeTo(filepath.Join(out, k.File), func(w io.Writer) error { return interchange.WriteCSV(w, k.Kind, book) }); err != nil {
				return err
			}
		}
		return nil
	})
}

// bookOf adapts the snapshot's readers to what the writers take.
func bookOf(sn *store.Snapshot) (interchange.Book, error) {
	stages, err := sn.StageNames()
	if err != nil {
		return interchange.Book{}, err
	}
	return interchange.Book{
		Stages:   stages,
		Accounts: sn.Accounts,
		Contacts: sn.Contacts,
		Deals:    sn.Deals,
		Activities: func(fn func(model.Activity, interchange.ActivityNames) error) error {
			return sn.Activities(func(x model.Activity, n store.ActivityNames) error {
				return fn(x, interchange.ActivityNames{Account: n.Account, Deal: n.Deal, Contact: n.Contact})
			})
		},
		Contracts: sn.Contracts,
		Issues:    sn.Issues,
		Surveys:   sn.Surveys,
		Spend:     sn.Spend,
	}, nil
}

// writeTo writes to standard output for "-", else to a private file
// (0600: it is the user's book) made beside the target and renamed into
// place, so a failed export never leaves half a file.
func (a *app) writeTo(out string, write func(io.Writer) error) error {
	if out == "-" || out == "" {
		if isTerminal(a.out) {
			// On a terminal the export is being looked at, not saved: no
			// escape sequence from the data may reach the screen.
			cw := &cleanLines{w: a.out}
			if err := write(cw); err != nil {
				return err
			}
			return cw.flush()
		}
		return write(a.out)
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", out, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	fmt.Fprintf(a.errOut, "wrote %s\n", model.Clean(out))
	return nil
}

// cleanLines passes text through model.Clean line by line.
type cleanLines struct {
	w   io.Writer
	buf []byte
}

func (c *cleanLines) Write(p []byte) (int, error) {
	c.buf = append(c.buf, p...)
	for {
		i := bytes.IndexByte(c.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		line := bytes.TrimSuffix(c.buf[:i], []byte("\r"))
		if _, err := io.WriteString(c.w, model.Clean(string(line))+"\n"); err != nil {
			return 0, err
		}
		c.buf = c.buf[i+1:]
	}
}

func (c *cleanLines) flush() error {
	if len(c.buf) == 0 {
		return nil
	}
	_, err := io.WriteString(c.w, model.Clean(string(c.buf)))
	c.buf = nil
	return err
}
