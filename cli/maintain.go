package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"rolo/store"
)

func (a *app) initCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "init",
		Short: "Create a new, empty database (at --db, else the default path)",
		Long: `Creates a new rolo database with the default sales stages and nothing else. It
refuses a file that already exists (an empty, 0-byte file is replaced). Every other
command refuses a missing database rather than start a new one by accident; 'rolo
demo' fills a new one with sample data, and the app creates its default database on
first run.`,
		Example: `  rolo init                       # at the default path
  rolo init --db ~/crm/team.db`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := a.path()
			if err != nil {
				return err
			}
			c, err := clock()
			if err != nil {
				return err
			}
			made, err := store.Init(cmd.Context(), path, c)
			if err != nil {
				return asUsage(err)
			}
			fmt.Fprintf(a.out, "Created an empty rolo database at %s.\n", made)
			if !a.atDefaultPath() {
				fmt.Fprintf(a.out, "Use it with --db %s (or set ROLO_DB to it).\n", shellPath(made))
			}
			return nil
		},
	}
}

func (a *app) backupCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "backup [FILE|FOLDER]",
		Short: "Write a checked copy of the database (default: next to it, dated)",
		Long: `Writes a compact copy of the database and checks it. With no argument the copy
goes next to the database as rolo.db.<date and time>.bak; given a folder, the dated
copy goes inside it; given a file name, that file (which must not exist yet). The copy
is private (0600) from its first byte and appears only when complete; the database
itself is only read.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef("'%s' takes one file or folder", cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withStore(cmd.Context(), reading, func(s *store.Store) error {
				dst := ""
				if len(args) == 1 {
					dst = args[0]
				}
				made, err := s.Backup(cmd.Context(), dst)
				if errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrMissing) {
					return asUsage(err)
				}
				if err != nil {
					return err
				}
				fi, err := os.Stat(made)
				if err != nil {
					return fmt.Errorf("checking backup: %w", err)
				}
				fmt.Fprintf(a.out, "Backed up to %s (%.1f MiB, integrity checked).\n", made, float64(fi.Size())/(1<<20))
				return nil
			})
		},
	}
}

func (a *app) doctorCommand() *cobra.Command {
	var salvage string
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check the database for damage and for states rolo's rules forbid, and say what to do",
		Long: `Reads the whole database file and checks it: SQLite's integrity check, then rolo's
own (every reference points at a row, the board's totals agree with the deals, no row is
in a state rolo's rules forbid). It only reads: a damaged file is left exactly as it is. When something is wrong it prints what
SQLite reported and what to do: restore one of the backups it lists, or salvage.

--salvage NEWFILE copies every row that can still be read into a new database (the
damaged file is not touched), recreating accounts and stages lost to the damage by
name so their deals survive. Check the new file, then use it with --db.`,
		Example: `  rolo doctor
  rolo doctor --salvage ~/rolo-salvaged.db`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := a.path()
			if err != nil {
				return err
			}
			if salvage != "" {
				return a.salvage(cmd, path, salvage)
			}
			d, err := store.Diagnose(cmd.Context(), path)
			if err != nil {
				return err
			}
			a.printDiagnosis(d)
			switch {
			case len(d.Integrity) > 0:
				return fmt.Errorf("%s is damaged (above); nothing was changed — restore a backup or salvage, as above", d.Path)
			case len(d.Problems) > 0:
				return fmt.Errorf("%s has %d problem(s); each says above what to do", d.Path, len(d.Problems))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&salvage, "salvage", "", "copy what can be read into this new file")
	return cmd
}

func (a *app) printDiagnosis(d store.Diagnosis) {
	w := a.out
	fmt.Fprintf(w, "file:    %s\n", d.Path)
	fmt.Fprintf(w, "schema:  v%d (this rolo writes v%d)\n", d.Version, store.SchemaVersion())
	fmt.Fprintf(w, "size:    %.1f MiB\n", float64(d.Size)/(1<<20))
	if d.Journal != "" {
		fmt.Fprintf(w, "journal: %s\n", d.Journal)
	}
	if c := d.Counts; c != nil {
		fmt.Fprintf(w, "holds:   %s accounts, %s contacts, %s deals (%s open), %s activities, %s contracts\n",
			count(c.Accounts), count(c.Contacts), count(c.Deals), count(c.OpenDeals), count(c.Activities), count(c.Contracts))
	}
	if d.Healthy() {
		fmt.Fprintln(w, "check:   ok (integrity, references and totals)")
	}
	if len(d.Integrity) > 0 {
		fmt.Fprintf(w, "\nThe file is damaged. SQLite's integrity check reported:\n")
		for _, line := range d.Integrity {
			fmt.Fprintf(w, "  %s\n", screenText(line))
		}
	}
	for _, p := range d.Problems {
		fmt.Fprintf(w, "problem: %s\n", screenText(p))
	}
	if len(d.Leftovers) > 0 {
		fmt.Fprintf(w, "\nLeft by interrupted backups or first runs (private; delete them when no rolo is running):\n")
		for _, l := range d.Leftovers {
			fmt.Fprintf(w, "  %s\n", screenText(l))
		}
	}
	if len(d.Integrity) == 0 {
		return // rolo's own findings each say what to do
	}
	fmt.Fprintf(w, "\nWhat to do — the damaged file was not changed:\n")
	var good []store.BackupFile
	for _, b := range d.Backups {
		if b.Rolo {
			good = append(good, b)
		}
	}
	if len(good) == 0 {
		fmt.Fprintf(w, "  There is no backup beside it (no rolo .bak file in the folder).\n")
	} else {
		fmt.Fprintf(w, "  1. Restore a backup (newest first; anything added since it was made is not in it):\n")
		for i, b := range good {
			if i == 10 {
				fmt.Fprintf(w, "       … and %d older\n", len(good)-10)
				break
			}
			fmt.Fprintf(w, "       %s  %s  %.1f MiB  schema v%d\n", b.Modified.Local().Format("2006-01-02 15:04"), screenText(b.Path), float64(b.Size)/(1<<20), b.Version)
		}
		fmt.Fprintf(w, "     With no rolo running, move the damaged file and its -wal and -shm aside, then copy the backup in:\n")
		fmt.Fprintf(w, "       mv %s %s.damaged; rm -f %s-wal %s-shm\n", shellPath(d.Path), shellPath(d.Path), shellPath(d.Path), shellPath(d.Path))
		fmt.Fprintf(w, "       cp %s %s\n", shellPath(good[0].Path), shellPath(d.Path))
	}
	salvage := "Salvage"
	if len(good) > 0 {
		salvage = "2. Or salvage"
	}
	fmt.Fprintf(w, "  %s what can still be read into a new file, and check it before using it:\n", salvage)
	fmt.Fprintf(w, "       rolo doctor --db %s --salvage %s\n", shellPath(d.Path), shellPath(d.Path+".salvaged"))
}

// shellPath quotes a path for a command line a person will paste.
func shellPath(p string) string {
	p = screenText(p)
	if strings.ContainsAny(p, " '\"$`\\!&;|<>()*?[]#~{}") {
		return "'" + strings.ReplaceAll(p, "'", `'\''`) + "'"
	}
	return p
}

func (a *app) salvage(cmd *cobra.Command, path, dst string) error {
	c, err := clock()
	if err != nil {
		return err
	}
	rep, err := store.Salvage(cmd.Context(), path, dst, c)
	if errors.Is(err, store.ErrConflict) {
		return asUsage(err)
	}
	if err != nil {
		return err
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	fmt.Fprintf(a.out, "Salvaged into %s (the damaged %s was not changed):\n", rep.Path, path)
	t := newTable(a.out, "Table", ">Rows copied", "Lost")
	for _, ts := range rep.Tables {
		lost := "—"
		switch {
		case ts.Missing:
			lost = "the whole table (unreadable)"
		case ts.Damaged > 0 && ts.Rejected > 0:
			lost = fmt.Sprintf("%s damaged stretch(es), %s garbled rows", count(ts.Damaged), count(ts.Rejected))
		case ts.Damaged > 0:
			lost = fmt.Sprintf("%s damaged stretch(es)", count(ts.Damaged))
		case ts.Rejected > 0:
			lost = fmt.Sprintf("%s garbled rows", count(ts.Rejected))
		}
		t.add(ts.Table, count(ts.Copied), lost)
	}
	if err := t.print(); err != nil {
		return err
	}
	for _, r := range rep.Repairs {
		fmt.Fprintf(a.out, "Repaired: %s\n", r)
	}
	fmt.Fprintf(a.out, "The undo history was not carried over. Check the new file (rolo doctor --db %s), then use it with --db.\n", shellPath(rep.Path))
	return nil
}
