package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Diagnosis is what `rolo doctor` found in a database file.
type Diagnosis struct {
	Path    string
	Size    int64 // bytes
	Version int   // schema version, as the file says
	Journal string
	// Integrity lists what SQLite's integrity check reported (each line
	// as SQLite wrote it), or the error that stopped the file being read.
	Integrity []string
	// Problems are rolo's own checks on a file SQLite reads cleanly:
	// references to missing rows, totals that disagree with the deals.
	Problems []string
	// Counts is what the file holds, when it could be counted.
	Counts *Counts
	// Backups are the backup files beside the database, newest first.
	Backups []BackupFile
	// Leftovers are temporary files of backups or new databases that were
	// interrupted (killed, or the machine stopped); private, and safe to
	// delete when no rolo is running.
	Leftovers []string
}

// Healthy reports a file with nothing wrong.
func (d Diagnosis) Healthy() bool { return len(d.Integrity) == 0 && len(d.Problems) == 0 }

// BackupFile is a .bak file found beside a database.
type BackupFile struct {
	Path     string
	Modified time.Time
	Size     int64
	Version  int  // its schema version
	Rolo     bool // an SQLite file marked as rolo's
}

// Diagnose examines the database at path for `rolo doctor`, reading it
// without writing a byte: no upgrade, no recovery written back, no side
// files created unless the file already has a write-ahead log. A file that
// is not rolo's, or is from a newer rolo, is refused as Open refuses it;
// damage is reported, not returned as an error.
func Diagnose(ctx context.Context, path string) (Diagnosis, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return Diagnosis{}, err
	}
	d := Diagnosis{Path: abs}
	found, err := statDatabase(abs)
	if err != nil {
		return d, err
	}
	if !found {
		return d, problem(ErrMissing, nil, "there is no rolo database at %s; run `rolo init --db %s` to start an empty one", abs, abs)
	}
	if fi, err := os.Stat(abs); err == nil {
		d.Size = fi.Size()
	}
	if h, n, err := readHeader(abs); err == nil && isSQLite(h, n) {
		d.Journal = "rollback journal"
		if h[headerWriteVersion] == 2 {
			d.Journal = "wal"
		}
	}
	d.Version, err = inspect(ctx, abs)
	var bad badVersion
	switch {
	case errors.As(err, &bad):
		d.Integrity = append(d.Integrity, "the file's header says its "+bad.Error())
	case errors.Is(err, ErrCorrupt):
		d.Integrity = append(d.Integrity, err.Error())
	case err != nil:
		return d, err
	}
	d.Backups, d.Leftovers = findBackups(abs)

	s := &Store{path: abs}
	how := frozen
	if exists(abs + "-wal") {
		how = readOnlyFile
	}
	if s.r, err = connect(ctx, abs, how, 1); err != nil {
		d.Integrity = append(d.Integrity, err.Error())
		return d, nil
	}
	defer s.r.Close()
	rows, err := integrityRows(ctx, s.r, abs, 100)
	for _, r := range rows {
		// SQLite puts several findings in one row, line by line.
		for _, line := range strings.Split(r, "\n") {
			if line = strings.TrimSpace(line); line != "" && line != "*** in database main ***" {
				d.Integrity = append(d.Integrity, line)
			}
		}
	}
	switch {
	case err != nil && len(d.Integrity) > 0:
		d.Integrity = append(d.Integrity, "(the check stopped where the damage made the file unreadable)")
	case err != nil:
		d.Integrity = append(d.Integrity, "the file cannot be read: "+err.Error())
	}
	if len(d.Integrity) > 0 || d.Version != len(migrations) {
		// rolo's own checks read the latest schema from sound pages.
		return d, nil
	}
	if d.Problems, err = s.Consistency(ctx); err != nil {
		d.Problems = append(d.Problems, err.Error())
	}
	if c, err := s.Counts(ctx); err == nil {
		d.Counts = &c
	}
	return d, nil
}

// findBackups lists the database's .bak files in its folder, newest
// first, with what their headers say, and the temporary files interrupted
// backups and creations left there.
func findBackups(dbPath string) ([]BackupFile, []string) {
	dir := filepath.Dir(dbPath)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil
	}
	var out []BackupFile
	var leftovers []string
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, backupTempPrefix) || strings.HasPrefix(name, "."+filepath.Base(dbPath)+newSuffix) {
			leftovers = append(leftovers, filepath.Join(dir, name))
			continue
		}
		// rolo names a database's backups after it (rolo.db.20261127T…bak):
		// another database's backups in the same folder are not this one's.
		if !strings.HasSuffix(name, ".bak") || !strings.HasPrefix(name, filepath.Base(dbPath)+".") || !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		b := BackupFile{Path: filepath.Join(dir, e.Name()), Modified: info.ModTime(), Size: info.Size()}
		b.Rolo, b.Version = readMark(b.Path)
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b BackupFile) int { return b.Modified.Compare(a.Modified) })
	return out, leftovers
}

// readMark reads an SQLite header: whether it is rolo's, and its schema
// version.
func readMark(path string) (bool, int) {
	h, n, err := readHeader(path)
	if err != nil || !isSQLite(h, n) {
		return false, 0
	}
	return headerInt(h, headerApplicationID) == applicationID, int(headerInt(h, headerUserVersion))
}
