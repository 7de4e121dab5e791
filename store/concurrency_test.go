package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"rolo/model"
)

const writesPerWriter = 200

// TestWriterChild is not a test: TestConcurrentWriters re-executes the test
// binary to run it as a second process writing the same file.
func TestWriterChild(t *testing.T) {
	if os.Getenv("ROLO_TEST_CHILD") != "writer" {
		t.Skip("helper process for TestConcurrentWriters")
	}
	ctx := context.Background()
	s, err := Open(ctx, os.Getenv("ROLO_TEST_DB"), Options{Clock: model.SystemClock()})
	if err != nil {
		fmt.Printf("ERR open: %v\n", err)
		os.Exit(3)
	}
	dealID := envInt(t, "ROLO_TEST_DEAL")
	fmt.Println("READY")
	var slowest time.Duration
	for i := range writesPerWriter {
		took, err := oneWrite(ctx, s, "child", i, dealID)
		if err != nil {
			fmt.Printf("ERR %d: %v\n", i, err)
			os.Exit(4)
		}
		slowest = max(slowest, took)
		fmt.Printf("ACK %d\n", i)
	}
	fmt.Printf("SLOWEST %v\n", slowest)
	s.Close()
	os.Exit(0)
}

func envInt(t *testing.T, name string) int64 {
	var n int64
	if _, err := fmt.Sscan(os.Getenv(name), &n); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return n
}

// oneWrite alternates the two most common writes, a new account and a
// logged call on a shared deal, and returns how long the write took. The
// writers go back to back: the write queue (writequeue.go) hands the lock
// from one to the next, where SQLite's timed retries alone let a writer
// that commits back to back starve the others past the busy timeout.
func oneWrite(ctx context.Context, s *Store, who string, i int, dealID int64) (time.Duration, error) {
	start := time.Now()
	var err error
	if i%2 == 0 {
		_, err = s.CreateAccount(ctx, model.Account{Name: fmt.Sprintf("%s account %d", who, i)})
	} else {
		_, err = s.LogActivity(ctx, model.Activity{DealID: dealID, Kind: model.Call, Text: fmt.Sprintf("%s call %d", who, i)}, NextStep{})
	}
	return time.Since(start), err
}

// TestConcurrentWriters: two *Store values in this process (several
// goroutines each) and a second process write the same file at once. The
// immediate transactions and the busy timeout serialise them: no write
// fails with SQLITE_BUSY and every row is there afterwards.
func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	s1 := openAt(t, path)
	s2 := openAt(t, path)
	deal := seedDeal(t, s1, "Shared Co", "Shared deal", 1_00)

	cctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := childCommand(cctx, "TestWriterChild", "ROLO_TEST_CHILD=writer", "ROLO_TEST_DB="+path, fmt.Sprintf("ROLO_TEST_DEAL=%d", deal.ID))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 1024)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	if first := <-lines; first != "READY" {
		t.Fatalf("child: %q", first)
	}

	const goroutines = 2
	var wg sync.WaitGroup
	var mu sync.Mutex
	var slowest time.Duration
	errs := make(chan error, 2*writesPerWriter)
	start := time.Now()
	for si, s := range []*Store{s1, s2} {
		for g := range goroutines {
			wg.Go(func() {
				for i := g; i < writesPerWriter; i += goroutines {
					took, err := oneWrite(ctx, s, fmt.Sprintf("store%d", si+1), i, deal.ID)
					if err != nil {
						errs <- fmt.Errorf("store%d write %d: %w", si+1, i, err)
					}
					mu.Lock()
					slowest = max(slowest, took)
					mu.Unlock()
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	t.Logf("%d writes from two stores in %v; the slowest (lock and pool wait included) took %v; the busy timeout is 5 s", 2*writesPerWriter, time.Since(start), slowest)
	for err := range errs {
		if errors.Is(err, ErrBusy) {
			t.Errorf("busy surfaced: %v", err)
		} else {
			t.Error(err)
		}
	}
	acks := 0
	for line := range lines {
		if strings.HasPrefix(line, "ACK ") {
			acks++
		} else if strings.HasPrefix(line, "SLOWEST ") {
			t.Logf("the child's slowest write took %s", strings.TrimPrefix(line, "SLOWEST "))
		} else {
			t.Errorf("child: %s", line)
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("child process: %v", err)
	}
	if acks != writesPerWriter {
		t.Fatalf("child acknowledged %d writes, want %d", acks, writesPerWriter)
	}

	s3 := openAt(t, path)
	for _, who := range []string{"store1", "store2", "child"} {
		for i := range writesPerWriter {
			if i%2 == 0 {
				n := queryInt(t, s3.r, `SELECT count(*) FROM accounts WHERE name = ?`, fmt.Sprintf("%s account %d", who, i))
				if n != 1 {
					t.Fatalf("%s account %d: %d rows", who, i, n)
				}
			} else {
				n := queryInt(t, s3.r, `SELECT count(*) FROM activities WHERE text = ? AND deal_id = ?`, fmt.Sprintf("%s call %d", who, i), deal.ID)
				if n != 1 {
					t.Fatalf("%s call %d: %d rows", who, i, n)
				}
			}
		}
	}
	if got := queryString(t, s3.w, "PRAGMA integrity_check"); got != "ok" {
		t.Fatalf("integrity_check = %s", got)
	}
	// Every write pushed exactly one undo entry.
	if n := queryInt(t, s3.r, `SELECT count(*) FROM undo_log`); n != 3*writesPerWriter+2 {
		t.Errorf("undo entries = %d, want %d", n, 3*writesPerWriter+2)
	}
}
