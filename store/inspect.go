package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

const sqliteMagic = "SQLite format 3\x00"

// Where SQLite keeps what inspect needs in the 100-byte file header.
const (
	headerSize          = 100
	headerWriteVersion  = 18 // 2 in WAL mode
	headerUserVersion   = 60
	headerApplicationID = 68
)

// inspect checks an existing file before anything may write to it and
// returns its schema version. The file's header says whether it is SQLite
// and rolo's, and which schema it has, without opening it in SQLite (which
// would create -wal and -shm files next to someone else's database). Only
// when a -wal file is beside it — commits the header may not show yet —
// is it opened, read-only, and with the busy timeout, so a writer
// checkpointing at that moment makes it wait instead of fail.
func inspect(ctx context.Context, path string) (int, error) {
	header, n, err := readHeader(path)
	if err != nil {
		return 0, err
	}
	wal := exists(path + "-wal")
	switch {
	case n == 0 && !wal:
		return 0, problem(ErrNotDatabase, nil, "%s is an empty file, not a rolo database (perhaps left by an interrupted first run); `rolo init --db %s` replaces an empty file with a new database, or choose another path with --db", path, path)
	case n > 0 && !isSQLite(header, n):
		return 0, problem(ErrNotDatabase, nil, "%s is not a rolo database (it is not an SQLite file); choose another path with --db", path)
	case !wal:
		version := headerInt(header, headerUserVersion)
		return int(version), checkIdentity(path, headerInt(header, headerApplicationID), version)
	}
	db, err := connect(ctx, path, readOnlyFile, 1)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var appID, version int64
	err = db.QueryRowContext(ctx, `SELECT (SELECT application_id FROM pragma_application_id),
		(SELECT user_version FROM pragma_user_version)`).Scan(&appID, &version)
	if err != nil {
		return 0, explain(path, err)
	}
	return int(version), checkIdentity(path, appID, version)
}

// checkIdentity refuses a file that is not rolo's, or has a schema
// version this rolo cannot use.
func checkIdentity(path string, appID, version int64) error {
	switch {
	case appID != applicationID:
		return problem(ErrForeign, nil, "%s is another application's SQLite database (or an empty one), not rolo's; rolo will not touch it — choose another path with --db, or start a new database with `rolo init --db NEWFILE`", path)
	case version > int64(len(migrations)):
		return problem(ErrNewer, nil, "%s was written by a newer rolo (schema v%d; this rolo knows v%d); upgrade rolo to open it — the file was not changed", path, version, len(migrations))
	case version <= 0:
		return problem(ErrCorrupt, badVersion(version), "%s is marked as rolo's but its %s; the file was not changed — run `rolo doctor --db %s`, or restore a backup",
			path, badVersion(version).Error(), path)
	}
	return nil
}

// badVersion is a rolo file's schema version that no rolo writes; doctor
// reports it as the finding, without the advice to run doctor.
type badVersion int64

func (v badVersion) Error() string {
	return fmt.Sprintf("schema version is %d, which no rolo writes: another program changed it, or it is damaged", int64(v))
}

// readHeader reads the first 100 bytes of path (fewer if it is shorter).
func readHeader(path string) ([]byte, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, problem(ErrReadOnly, err, "cannot read %s: %v", path, errors.Unwrap(err))
	}
	defer f.Close()
	header := make([]byte, headerSize)
	n, err := io.ReadFull(f, header)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, 0, fmt.Errorf("reading %s: %w", path, err)
	}
	return header, n, nil
}

// isSQLite reports a whole SQLite header.
func isSQLite(header []byte, n int) bool {
	return n == headerSize && bytes.Equal(header[:16], []byte(sqliteMagic))
}

// headerInt reads a signed 32-bit number from the header.
func headerInt(header []byte, at int) int64 {
	return int64(int32(binary.BigEndian.Uint32(header[at:])))
}
