//go:build unix

package store

import (
	"os"
	"syscall"
)

// lockFile waits for the exclusive advisory lock on f. flock locks are
// separate from the fcntl locks SQLite uses on the database, and belong
// to the open file, so two Stores in one process exclude each other too.
func lockFile(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			return err
		}
	}
}

func unlockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
}
