package cli

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"rolo/interchange"
	"rolo/model"
	"rolo/store"
)

// listed is how many rejects and conflicts the report prints.
const listed = 50

// printReport says what an import did, per kind: created, updated,
// unchanged, conflicts and rejected, with the rows (a dry run also shows
// the first rows of each).
func (a *app) printReport(rep *store.ImportReport, s *store.Store, stages []model.Stage) {
	w := a.out
	if rep.DryRun {
		fmt.Fprintln(w, "Dry run: nothing was written. The import would give:")
	}
	total := store.KindCounts{}
	for _, k := range model.RecordKinds {
		c := rep.Counts[k]
		if c.Total() == 0 {
			continue
		}
		for o, n := range c {
			total[o] += n
		}
		fmt.Fprintf(w, "  %-15s %s\n", k.Plural()+":", countsLine(c))
		if rep.DryRun {
			for _, sm := range rep.Samples[k] {
				o := sm.Origin
				o.File = filepath.Base(o.File)
				fmt.Fprintf(w, "      %-9s %s: %s\n", sm.Outcome, where(o), model.Clean(sm.Text))
			}
		}
	}
	if total.Total() == 0 {
		fmt.Fprintln(w, "  the files hold no records")
		return
	}
	fmt.Fprintf(w, "  %-15s %s\n", "total:", countsLine(total))
	if n := total[store.Rejected]; n > 0 {
		fmt.Fprintf(w, "Rejected (%s), not imported:\n", count(n))
		for i, r := range rep.Rejects {
			if i == listed {
				fmt.Fprintf(w, "  … and %s more (--rejects FILE writes every one)\n", count(n-listed))
				break
			}
			fmt.Fprintf(w, "  %s: %s\n", where(r.Origin), model.Clean(r.Reason))
		}
	}
	if len(rep.Conflicts) > 0 {
		fmt.Fprintf(w, "Conflicts (%s): changed in the file and in rolo since the last import; rolo's value was kept (--theirs takes the file's):\n",
			count(len(rep.Conflicts)))
		for i, c := range rep.Conflicts {
			if i == listed {
				fmt.Fprintf(w, "  … and %s more\n", count(len(rep.Conflicts)-listed))
				break
			}
			fmt.Fprintf(w, "  %s: %s %s: rolo has %s, the file has %s\n", where(c.Origin), recordName(c.Kind, c.RowID), c.Field,
				display(c.Field, c.Yours, stages), display(c.Field, c.Theirs, stages))
		}
	}
	switch {
	case rep.DryRun:
	case rep.UndoLabel == "":
		fmt.Fprintln(w, "Nothing changed in "+model.Clean(s.Path())+".")
	default:
		fmt.Fprintf(w, "Imported into %s. 'rolo undo' takes it all back (%s).\n", model.Clean(s.Path()), model.Clean(rep.UndoLabel))
	}
}

func countsLine(c store.KindCounts) string {
	line := fmt.Sprintf("%s created, %s updated, %s unchanged, %s rejected", count(c[store.Created]), count(c[store.Updated]),
		count(c[store.Unchanged]), count(c[store.Rejected]))
	if n := c[store.Conflict]; n > 0 {
		line += fmt.Sprintf(", %s with conflicts", count(n))
	}
	return line
}

// where names a record's place: "deals.csv line 14 (record 9001)".
func where(o model.Origin) string {
	s := fmt.Sprintf("%s line %d", model.Clean(o.File), o.Line)
	if o.RecordID != "" {
		s += " (record " + model.Clean(o.RecordID) + ")"
	}
	return s
}

// recordName names a row in the report: by typed id ("deal:82") for the
// kinds the other commands take one for, else "activity 82".
func recordName(kind model.RecordKind, id int64) string {
	switch kind {
	case model.KindDeal, model.KindAccount, model.KindContact, model.KindContract:
		return model.TypedID(kind, id)
	}
	return fmt.Sprintf("%s %d", kind, id)
}

// display shows a compared value as a person reads it.
func display(field, v string, stages []model.Stage) string {
	switch field {
	case model.ImportValue:
		minor, cur, ok := strings.Cut(v, " ")
		if n, err := strconv.ParseInt(minor, 10, 64); ok && err == nil {
			return model.Money{Minor: n, Currency: cur}.String()
		}
	case model.ImportStage:
		for _, st := range stages {
			if strconv.FormatInt(st.ID, 10) == v {
				return model.Clean(st.Name)
			}
		}
	}
	if v == "" {
		return "(empty)"
	}
	return model.Quote(v)
}

// rejectWriter writes rejected rows, as they were in the file, to CSV
// files to fix and import again: the file's own header plus two columns
// saying where the row was and what is wrong. With several input files,
// each gets its own rejects file (FILE-<input>.csv).
type rejectWriter struct {
	path    string
	multi   bool
	headers map[string][]string
	out     map[string]*rejectFile
	err     error
}

type rejectFile struct {
	f        *os.File
	w        *csv.Writer
	lastLine int
}

func newRejectWriter(path string, readers []interchange.Reader) *rejectWriter {
	r := &rejectWriter{path: path, multi: len(readers) > 1, headers: map[string][]string{}, out: map[string]*rejectFile{}}
	for _, rd := range readers {
		r.headers[rd.File()] = rd.Header()
	}
	return r
}

func (r *rejectWriter) add(rec *model.Record, reason string) {
	if r.path == "" || r.err != nil || rec.Raw == nil {
		return
	}
	out, ok := r.out[rec.Origin.File]
	if !ok {
		path := r.path
		if r.multi {
			ext := filepath.Ext(path)
			base := strings.TrimSuffix(filepath.Base(rec.Origin.File), filepath.Ext(rec.Origin.File))
			path = strings.TrimSuffix(path, ext) + "-" + base + ext
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			r.err = fmt.Errorf("--rejects: %w", err)
			return
		}
		out = &rejectFile{f: f, w: csv.NewWriter(f)}
		r.out[rec.Origin.File] = out
		out.w.Write(append(append([]string{}, r.headers[rec.Origin.File]...), "rolo: line", "rolo: problem"))
	}
	if rec.Origin.Line == out.lastLine {
		return // a row that gave several records is written once
	}
	out.lastLine = rec.Origin.Line
	out.w.Write(append(append([]string{}, rec.Raw...), strconv.Itoa(rec.Origin.Line), reason))
}

func (r *rejectWriter) close() error {
	for name, out := range r.out {
		out.w.Flush()
		if err := out.w.Error(); err != nil && r.err == nil {
			r.err = fmt.Errorf("--rejects: %w", err)
		}
		if err := out.f.Close(); err != nil && r.err == nil {
			r.err = fmt.Errorf("--rejects: %w", err)
		}
		delete(r.out, name)
	}
	return r.err
}
