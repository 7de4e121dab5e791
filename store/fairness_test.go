package store

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"rolo/model"
)

// Many hands on one file, as rolo is really used: separate processes,
// each write a whole command (open the file, write, close it), back to
// back, while other processes read in a loop. No write may fail or be
// lost, and none may wait long: waiting writers must take turns.

// stressLoad is how many writer processes write how many times each
// beside how many reader processes.
type stressLoad struct{ writers, writes, readers int }

func fullStress() stressLoad {
	if raceEnabled {
		return stressLoad{writers: 8, writes: 60, readers: 4}
	}
	return stressLoad{writers: 8, writes: 500, readers: 4}
}

// TestStressChild is not a test: runStress re-executes the test binary to
// run it as a writer or reader process.
func TestStressChild(t *testing.T) {
	role := os.Getenv("ROLO_TEST_CHILD")
	if role != "stress-writer" && role != "stress-reader" {
		t.Skip("helper process for TestManyWritersTakeTurns")
	}
	ctx := context.Background()
	path := os.Getenv("ROLO_TEST_DB")
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	if role == "stress-reader" {
		stressRead(ctx, path, out)
		return
	}
	who := os.Getenv("ROLO_TEST_WHO")
	writes, _ := strconv.Atoi(os.Getenv("ROLO_TEST_WRITES"))
	dealID := envInt(t, "ROLO_TEST_DEAL")
	// Most writes go through one open Store, back to back, as the app or
	// a long script writes; every tenth is a whole command of its own
	// (open, write, close), as `rolo log` in a shell loop is.
	long, err := Open(ctx, path, Options{MustExist: true, Clock: model.SystemClock()})
	if err != nil {
		fmt.Fprintf(out, "ERR open %v\n", err)
		return
	}
	defer long.Close()
	for i := range writes {
		start := time.Now()
		var err error
		if i%10 == 9 {
			err = stressCommand(ctx, path, who, i, dealID)
		} else {
			err = stressWrite(ctx, long, who, i, dealID)
		}
		took := time.Since(start)
		if err != nil {
			fmt.Fprintf(out, "ERR %d %v\n", i, err)
			continue
		}
		// The ack goes out only after the write returned, as a script
		// would see it.
		fmt.Fprintf(out, "ACK %d %d\n", i, took.Microseconds())
		out.Flush()
	}
}

// stressCommand is one command-line write: open, write, close.
func stressCommand(ctx context.Context, path, who string, i int, dealID int64) error {
	s, err := Open(ctx, path, Options{MustExist: true, Clock: model.SystemClock()})
	if err != nil {
		return fmt.Errorf("open: %w", err)
	}
	defer s.Close()
	return stressWrite(ctx, s, who, i, dealID)
}

// stressWrite alternates the two commonest writes: a new account, and a
// call logged on the shared deal.
func stressWrite(ctx context.Context, s *Store, who string, i int, dealID int64) error {
	var err error
	if i%2 == 0 {
		_, err = s.CreateAccount(ctx, model.Account{Name: fmt.Sprintf("%s account %d", who, i)})
	} else {
		_, err = s.LogActivity(ctx, model.Activity{DealID: dealID, Kind: model.Call, Text: fmt.Sprintf("%s call %d", who, i)}, NextStep{})
	}
	return err
}

// stressRead runs read-only commands in a loop until stdin closes.
func stressRead(ctx context.Context, path string, out io.Writer) {
	stop := make(chan struct{})
	go func() {
		io.Copy(io.Discard, os.Stdin)
		close(stop)
	}()
	reads := 0
	for {
		select {
		case <-stop:
			fmt.Fprintf(out, "READS %d\n", reads)
			return
		default:
		}
		s, err := Open(ctx, path, Options{ReadOnly: true, Clock: model.SystemClock()})
		if err == nil {
			_, err = s.Pipeline(ctx)
			if err == nil {
				_, err = s.Accounts(ctx, AccountQuery{Limit: 50})
			}
			s.Close()
		}
		if err != nil {
			fmt.Fprintf(out, "ERR read %d %v\n", reads, err)
		}
		reads++
	}
}

// stressResult is what the processes reported.
type stressResult struct {
	latencies []time.Duration // every acknowledged write
	acks      map[string][]int
	failures  []string
	reads     int
	elapsed   time.Duration
}

func (r stressResult) percentile(p float64) time.Duration {
	l := slices.Clone(r.latencies)
	slices.Sort(l)
	if len(l) == 0 {
		return 0
	}
	return l[min(len(l)-1, int(float64(len(l))*p))]
}

// runStress starts the processes on path (a database holding deal) and
// waits for the writers, then stops the readers.
func runStress(t testing.TB, path string, deal int64, load stressLoad) stressResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	res := stressResult{acks: map[string][]int{}}
	var mu sync.Mutex
	collect := func(who string, r io.Reader) {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			mu.Lock()
			switch {
			case len(f) == 3 && f[0] == "ACK":
				i, _ := strconv.Atoi(f[1])
				us, _ := strconv.ParseInt(f[2], 10, 64)
				res.acks[who] = append(res.acks[who], i)
				res.latencies = append(res.latencies, time.Duration(us)*time.Microsecond)
			case len(f) == 1 && f[0] == "PASS":
				// the test binary's own last word
			case len(f) == 2 && f[0] == "READS":
				n, _ := strconv.Atoi(f[1])
				res.reads += n
			default:
				res.failures = append(res.failures, who+": "+sc.Text())
			}
			mu.Unlock()
		}
	}
	start := func(role, who string, env ...string) (*exec.Cmd, io.WriteCloser, chan struct{}) {
		cmd := childCommand(ctx, "TestStressChild", append(env, "ROLO_TEST_CHILD="+role, "ROLO_TEST_DB="+path, "ROLO_TEST_WHO="+who)...)
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() {
			collect(who, stdout)
			close(done)
		}()
		return cmd, stdin, done
	}
	type proc struct {
		cmd   *exec.Cmd
		stdin io.WriteCloser
		done  chan struct{}
	}
	var readers, writers []proc
	for i := range load.readers {
		cmd, in, done := start("stress-reader", fmt.Sprintf("reader%d", i))
		readers = append(readers, proc{cmd, in, done})
	}
	began := time.Now()
	for i := range load.writers {
		cmd, in, done := start("stress-writer", fmt.Sprintf("writer%d", i),
			fmt.Sprintf("ROLO_TEST_WRITES=%d", load.writes), fmt.Sprintf("ROLO_TEST_DEAL=%d", deal))
		writers = append(writers, proc{cmd, in, done})
	}
	wait := func(p proc) {
		<-p.done // drain stdout before Wait closes it
		if err := p.cmd.Wait(); err != nil {
			mu.Lock()
			res.failures = append(res.failures, fmt.Sprintf("process %v: %v", p.cmd.Env[len(p.cmd.Env)-1], err))
			mu.Unlock()
		}
	}
	for _, p := range writers {
		wait(p)
	}
	res.elapsed = time.Since(began)
	for _, p := range readers {
		p.stdin.Close()
		wait(p)
	}
	return res
}

// stressFile makes the database the stress processes share.
func stressFile(t testing.TB) (string, int64) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rolo.db")
	s, err := Open(context.Background(), path, Options{Clock: model.FixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.CreateAccount(context.Background(), model.Account{Name: "Shared Co"})
	if err != nil {
		t.Fatal(err)
	}
	stages, _ := s.Stages(context.Background())
	d, err := s.CreateDeal(context.Background(), model.Deal{AccountID: a.ID, Title: "Shared deal", StageID: stages[0].ID, Value: usd(100)})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	return path, d.ID
}

// TestManyWritersTakeTurns: 8 writer processes × 500 writes, back to
// back, and 4 processes reading in a loop. Required: no failure of any
// kind (no false "busy" for readers or writers), every acknowledged write
// in the file exactly once, and each write — open, write, close — done
// within 1 s at the 99th percentile.
func TestManyWritersTakeTurns(t *testing.T) {
	load := fullStress()
	path, deal := stressFile(t)
	res := runStress(t, path, deal, load)
	t.Logf("%d writes by %d processes in %v beside %d reads by %d processes; per write p50 %v, p99 %v, max %v",
		len(res.latencies), load.writers, res.elapsed.Round(time.Millisecond), res.reads, load.readers,
		res.percentile(0.50), res.percentile(0.99), res.percentile(1))
	for i, f := range res.failures {
		if i == 20 {
			t.Errorf("… and %d more", len(res.failures)-20)
			break
		}
		t.Errorf("failure: %s", f)
	}
	if res.reads == 0 {
		t.Error("the readers never read")
	}
	// The race detector slows modernc's translated C by an order of
	// magnitude, so only a normal build is held to the 1 s bound.
	if p99 := res.percentile(0.99); p99 > time.Second && !raceEnabled {
		t.Errorf("99th percentile write took %v, want ≤ 1 s", p99)
	}

	s := openAt(t, path)
	for w := range load.writers {
		who := fmt.Sprintf("writer%d", w)
		if got := len(res.acks[who]); got != load.writes {
			t.Errorf("%s acknowledged %d writes, want %d", who, got, load.writes)
		}
		accounts := queryInt(t, s.r, `SELECT count(*) FROM accounts WHERE name LIKE ?`, who+" account %")
		calls := queryInt(t, s.r, `SELECT count(DISTINCT text) FROM activities WHERE deal_id = ? AND text LIKE ?`, deal, who+" call %")
		dupes := queryInt(t, s.r, `SELECT count(*) - count(DISTINCT text) FROM activities WHERE deal_id = ? AND text LIKE ?`, deal, who+" call %")
		if want := int64((load.writes + 1) / 2); accounts != want {
			t.Errorf("%s: %d accounts in the file, want %d", who, accounts, want)
		}
		if want := int64(load.writes / 2); calls != want || dupes != 0 {
			t.Errorf("%s: %d calls (%d duplicated) in the file, want %d", who, calls, dupes, want)
		}
	}
	if got := queryString(t, s.r, "PRAGMA integrity_check"); got != "ok" {
		t.Fatalf("integrity_check = %s", got)
	}
}

// BenchmarkManyWriters runs the same load once per b.N and reports each
// write's latency (open, write, close, in its own process) at the 50th and
// 99th percentile. Run: go test ./store -run '^$' -bench ManyWriters -benchtime 1x
func BenchmarkManyWriters(b *testing.B) {
	load := fullStress()
	var all []time.Duration
	var failures int
	var elapsed time.Duration
	for range b.N {
		path, deal := stressFile(b)
		res := runStress(b, path, deal, load)
		all = append(all, res.latencies...)
		failures += len(res.failures)
		elapsed += res.elapsed
	}
	res := stressResult{latencies: all}
	b.ReportMetric(float64(res.percentile(0.50).Microseconds())/1000, "p50-ms/write")
	b.ReportMetric(float64(res.percentile(0.99).Microseconds())/1000, "p99-ms/write")
	b.ReportMetric(float64(res.percentile(1).Microseconds())/1000, "max-ms/write")
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "writes/s")
	b.ReportMetric(float64(failures), "failures")
}
