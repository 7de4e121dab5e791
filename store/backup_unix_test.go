//go:build unix

package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"syscall"
	"testing"
)

// TestBackupPrivateFromTheStart watches the folder while a backup runs:
// no file in it may ever be readable by others, not even for a moment
// (the copy holds every customer), whatever the umask.
func TestBackupPrivateFromTheStart(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	path := bigBook(t)
	s := openAt(t, path)
	dir := filepath.Dir(path)
	var done atomic.Bool
	var exposed []string
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		for !done.Load() {
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if fi, err := e.Info(); err == nil && fi.Mode().Perm()&0o077 != 0 && !slices.Contains(exposed, e.Name()) {
					exposed = append(exposed, fmt.Sprintf("%s %v", e.Name(), fi.Mode().Perm()))
				}
			}
		}
	}()
	dst, err := s.Backup(context.Background(), "")
	done.Store(true)
	<-watched
	if err != nil {
		t.Fatal(err)
	}
	if len(exposed) > 0 {
		t.Errorf("readable by others during the backup: %v", exposed)
	}
	if fi, err := os.Stat(dst); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup %s: %v %v", dst, fi, err)
	}
}
