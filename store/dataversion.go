package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// dataVersionWatch is the one connection DataVersion reads on, opened on
// first use: PRAGMA data_version is per connection, so it must always be
// asked on the same one, and not on the writer (whose own commits it
// does not count) nor in the reader pool (whose connections rotate).
type dataVersionWatch struct {
	mu   sync.Mutex
	db   *sql.DB
	conn *sql.Conn
}

// DataVersion is a number that changes whenever anything commits to the
// file: another process, another Store, or this Store's own writes (they
// are made on another connection, so they count as changes too). The app
// polls it on an idle tick and reloads what is on screen when it moves.
// It reads no table (a look at the WAL index), so it is cheap at any size;
// see BenchmarkDataVersion. Its value means nothing except compared with
// an earlier one from the same Store.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	w := &s.watch
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.conn == nil {
		db, err := connect(ctx, s.path, s.reads, 1)
		if err != nil {
			return 0, err
		}
		conn, err := db.Conn(ctx)
		if err != nil {
			db.Close()
			return 0, explain(s.path, err)
		}
		w.db, w.conn = db, conn
	}
	var v int64
	if err := w.conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err != nil {
		return 0, explain(s.path, err)
	}
	return v, nil
}

func (w *dataVersionWatch) close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.conn == nil {
		return nil
	}
	err := errors.Join(w.conn.Close(), w.db.Close())
	w.conn, w.db = nil, nil
	return err
}
