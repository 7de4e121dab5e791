package store

import (
	"context"
	"fmt"
	"path/filepath"
)

// OpenReadOnly opens an existing database for reading only (a dry run, an
// export) and writes nothing at all: no migration, and not even the -wal
// and -shm files SQLite makes beside a file it opens, when none are there
// (the file then holds every commit and is read as immutable).
func OpenReadOnly(ctx context.Context, path string, opts Options) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("resolving %s: %w", path, err)
	}
	if _, err := prepareFile(abs, true); err != nil {
		return nil, err
	}
	if err := inspect(ctx, abs); err != nil {
		return nil, err
	}
	params := []string{"mode=ro", "_pragma=busy_timeout(5000)", fmt.Sprintf("_pragma=cache_size(%d)", -cacheKiB)}
	if !exists(abs+"-wal") && !exists(abs+"-journal") {
		params = append(params, "immutable=1")
	}
	r, err := openURI(fileURI(abs, params...), readers)
	if err != nil {
		return nil, err
	}
	s := &Store{path: abs, r: r, clock: opts.Clock}
	var version int
	if err := r.QueryRowContext(ctx, `SELECT user_version FROM pragma_user_version`).Scan(&version); err != nil {
		r.Close()
		return nil, explain(abs, err)
	}
	if version != len(migrations) {
		r.Close()
		return nil, problem(ErrNewer, nil, "%s has schema v%d and this rolo writes v%d; a read-only command cannot upgrade it: run `rolo doctor` once (it upgrades the file, after a backup), then try again", abs, version, len(migrations))
	}
	return s, nil
}
