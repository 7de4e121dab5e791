package store

import (
	"context"
	"fmt"
	"os"
	"time"
)

// writeQueue makes rolo's writers take turns. SQLite alone does not queue
// them: a writer that finds the file locked sleeps on a timer and tries
// again, so a process committing back to back can win the lock every time
// and hold another off for seconds (past the busy timeout, with 8 writers
// at once). Before each write transaction rolo takes an advisory lock on a
// small file beside the database (flock on Unix, LockFileEx on Windows);
// the kernel wakes a waiter the moment the lock is free, so writers follow
// one another within microseconds instead of polling. SQLite's own locking
// still guards the data: the queue only decides who goes next, so a
// filesystem without advisory locks, or a writer that is not rolo, is
// merely slower.
type writeQueue struct {
	turn chan struct{} // one write at a time from this Store
	file *os.File      // nil when the lock file cannot be opened
}

// lockSuffix names the lock file: rolo.db-lock beside rolo.db.
const lockSuffix = "-lock"

func openWriteQueue(dbPath string) (*writeQueue, error) {
	f, err := os.OpenFile(dbPath+lockSuffix, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	return &writeQueue{turn: make(chan struct{}, 1), file: f}, nil
}

// wait blocks until it is this caller's turn to write, for at most the
// busy timeout, and returns the function that hands the turn on.
func (q *writeQueue) wait(ctx context.Context, path string) (func(), error) {
	busy := func(cause error) error {
		return problem(ErrBusy, cause, "%s is busy: another rolo is writing to it; try again in a moment (nothing was saved)", path)
	}
	select {
	case q.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, busy(ctx.Err())
	}
	locked := make(chan error, 1)
	go func() { locked <- lockFile(q.file) }()
	timeout := time.NewTimer(busyTimeoutMS * time.Millisecond)
	defer timeout.Stop()
	var cause error
	select {
	case err := <-locked:
		if err != nil {
			// No advisory locks here (some network filesystems): go on,
			// and let SQLite's busy timeout do the waiting.
			return func() { <-q.turn }, nil
		}
		return func() {
			_ = unlockFile(q.file)
			<-q.turn
		}, nil
	case <-ctx.Done():
		cause = ctx.Err()
	case <-timeout.C:
		cause = fmt.Errorf("waited %d ms for the write lock", busyTimeoutMS)
	}
	// Give up, but keep this Store's turn until the pending lock call
	// returns, so the lock is never held by nobody or taken twice.
	go func() {
		if <-locked == nil {
			_ = unlockFile(q.file)
		}
		<-q.turn
	}()
	return nil, busy(cause)
}

func (q *writeQueue) close() error {
	if q == nil || q.file == nil {
		return nil
	}
	// Wait for an abandoned lock call to finish before closing its file.
	q.turn <- struct{}{}
	err := q.file.Close()
	<-q.turn
	return err
}
