package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"rolo/model"
)

// Crash safety (DESIGN.md "Tests", notes §2.8 and §5.3): a child process
// commits writes through the store and prints an ACK line only after each
// call returns; the parent SIGKILLs it at random points, including in the
// middle of a bulk load holding thousands of uncommitted rows (and
// uncommitted updates and deletes of committed ones), then reopens the
// file and checks that it is intact, that every acknowledged write is
// there, and that nothing uncommitted is.

// TestCrashChild is not a test: TestCrashSafety re-executes the test binary
// to run it as the process that gets killed.
func TestCrashChild(t *testing.T) {
	if os.Getenv("ROLO_TEST_CHILD") != "crash" {
		t.Skip("helper process for TestCrashSafety")
	}
	ctx := context.Background()
	fail := func(format string, args ...any) {
		fmt.Printf("ERR "+format+"\n", args...)
		os.Exit(3)
	}
	s, err := Open(ctx, os.Getenv("ROLO_TEST_DB"), Options{Clock: model.SystemClock()})
	if err != nil {
		fail("open: %v", err)
	}
	iter := os.Getenv("ROLO_CRASH_ITER")
	acct, err := s.FindAccount(ctx, "Crash Co")
	if err != nil {
		fail("account: %v", err)
	}
	stages, err := s.Stages(ctx)
	if err != nil {
		fail("stages: %v", err)
	}
	bulk := os.Getenv("ROLO_CRASH_MODE") == "bulk"
	for n := 0; ; n++ {
		if bulk && n == 2 {
			break
		}
		tag := fmt.Sprintf("%s-%d", iter, n)
		d, err := s.CreateDeal(ctx, model.Deal{AccountID: acct.ID, Title: "crash deal " + tag, StageID: stages[0].ID, Value: usd(int64(n))})
		if err != nil {
			fail("create deal: %v", err)
		}
		fmt.Printf("ACK D %d %s\n", d.ID, tag)
		to := stages[1+n%(len(stages)-1)].ID
		moved, err := s.MoveDeal(ctx, d, to)
		if err != nil {
			fail("move deal: %v", err)
		}
		fmt.Printf("ACK M %d %d\n", d.ID, to)
		a, err := s.LogActivity(ctx, model.Activity{DealID: d.ID, Kind: model.Call, Text: "crash call " + tag},
			NextStep{Set: true, Step: "next " + tag, Due: model.NewDate(2026, 12, 1+n%28), Seen: moved})
		if err != nil {
			fail("log activity: %v", err)
		}
		fmt.Printf("ACK L %d %d %s\n", a.ID, d.ID, tag)
	}

	fmt.Println("BULK")
	err = s.BulkLoad(ctx, func(b *Bulk) error {
		// Change and delete committed rows inside the doomed transaction.
		for _, q := range []string{
			`UPDATE accounts SET notes = 'MUTATED'`,
			`UPDATE deals SET title = 'MUTATED', next_step = 'MUTATED'`,
			`DELETE FROM activities`,
			`DELETE FROM undo_log`,
		} {
			if _, err := b.tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		now := time.Now()
		pad := strings.Repeat("p", 200)
		for i := 0; i < 300_000; i++ {
			if i%1000 == 0 {
				fmt.Printf("ROWS %d\n", i)
			}
			if _, err := b.Account(model.Account{Name: fmt.Sprintf("uncommitted %d", i), Status: model.Prospect,
				Notes: pad, CreatedAt: now, UpdatedAt: now}); err != nil {
				return err
			}
		}
		return errors.New("the parent never killed the bulk load")
	})
	fail("bulk load ended: %v", err)
}

// crashAcks is everything the children acknowledged, across iterations.
type crashAcks struct {
	deals map[int64]string     // deal id → tag
	moves map[int64]int64      // deal id → stage
	acts  map[int64][2]string  // activity id → deal id, tag
	tags  map[string]time.Time // tags acknowledged as created
}

func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes repeatedly (a few seconds)")
	}
	t.Parallel()
	ctx := context.Background()
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv("ROLO_CRASH_SEED"); v != "" {
		seed, _ = strconv.ParseUint(v, 10, 64)
	}
	t.Logf("seed %d (set ROLO_CRASH_SEED to repeat)", seed)
	rng := rand.New(rand.NewPCG(seed, seed^0x726f6c6f))

	path := tempPath(t)
	s, err := Open(ctx, path, Options{Clock: model.FixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateAccount(ctx, model.Account{Name: "Crash Co"}); err != nil {
		t.Fatal(err)
	}
	wantIndexes := indexNames(t, s.w)
	s.Close()

	acks := crashAcks{deals: map[int64]string{}, moves: map[int64]int64{}, acts: map[int64][2]string{}, tags: map[string]time.Time{}}
	bulkKills := []int{0, 2000, 10_000, 40_000}
	iterations := 16
	if raceEnabled {
		bulkKills, iterations = []int{0, 2000, 5000}, 10
	}
	for iter := range iterations {
		bulk := iter%2 == 1
		killAfterAcks := 1 + rng.IntN(40)
		killAtRows := bulkKills[(iter/2)%len(bulkKills)]
		cctx, cancel := context.WithTimeout(ctx, time.Minute)
		mode := "writes"
		if bulk {
			mode = "bulk"
		}
		cmd := childCommand(cctx, "TestCrashChild", "ROLO_TEST_CHILD=crash", "ROLO_TEST_DB="+path,
			"ROLO_CRASH_MODE="+mode, fmt.Sprintf("ROLO_CRASH_ITER=%d", iter))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		killed, rows, nacks := false, -1, 0
		kill := func() {
			if !killed {
				killed = true
				if err := cmd.Process.Kill(); err != nil { // SIGKILL
					t.Errorf("kill: %v", err)
				}
			}
		}
		// Read every line the child wrote, including those still in the
		// pipe after the kill, before Wait closes it.
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			f := strings.Fields(line)
			switch {
			case len(f) == 0:
			case f[0] == "ACK":
				nacks++
				acks.record(t, f)
				if !bulk && nacks == killAfterAcks {
					time.Sleep(time.Duration(rng.IntN(3000)) * time.Microsecond)
					kill()
				}
			case f[0] == "ROWS":
				rows, _ = strconv.Atoi(f[1])
				if rows >= killAtRows {
					kill()
				}
			case f[0] == "BULK":
			case f[0] == "ERR":
				t.Errorf("iteration %d: child: %s", iter, line)
			}
		}
		werr := cmd.Wait()
		cancel()
		if !killed {
			t.Fatalf("iteration %d: the child ended on its own (%v) after %d acks", iter, werr, nacks)
		}
		if bulk {
			t.Logf("iteration %d: killed mid bulk load at %d uncommitted rows", iter, rows)
		} else {
			t.Logf("iteration %d: killed after %d acks", iter, nacks)
		}
		checkAfterCrash(t, path, iter, acks, wantIndexes)
		if t.Failed() {
			t.Fatalf("iteration %d failed (seed %d)", iter, seed)
		}
	}
}

func (a crashAcks) record(t *testing.T, f []string) {
	t.Helper()
	id := func(i int) int64 {
		n, err := strconv.ParseInt(f[i], 10, 64)
		if err != nil {
			t.Fatalf("bad ack %v", f)
		}
		return n
	}
	switch f[1] {
	case "D":
		a.deals[id(2)] = f[3]
		a.tags[f[3]] = time.Now()
	case "M":
		a.moves[id(2)] = id(3)
	case "L":
		a.acts[id(2)] = [2]string{f[3], f[4]}
	default:
		t.Fatalf("bad ack %v", f)
	}
}

func checkAfterCrash(t *testing.T, path string, iter int, acks crashAcks, wantIndexes []string) {
	t.Helper()
	ctx := context.Background()

	// A read-only look works straight after the crash (WAL recovers).
	ro := rawDB(t, path, "mode=ro")
	if n := queryInt(t, ro, `SELECT count(*) FROM deals`); n < int64(len(acks.deals)) {
		t.Errorf("read-only open sees %d deals, %d acknowledged", n, len(acks.deals))
	}
	ro.Close()

	s, err := Open(ctx, path, Options{Clock: model.FixedClock(testNow)})
	if err != nil {
		t.Fatalf("reopen after crash: %v", err)
	}
	defer s.Close()
	if got := queryString(t, s.w, "PRAGMA integrity_check"); got != "ok" {
		t.Errorf("integrity_check = %s", got)
	}
	rows, err := s.w.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		t.Fatal(err)
	}
	if rows.Next() {
		t.Error("foreign_key_check found dangling references")
	}
	rows.Close()
	if got := indexNames(t, s.w); !slices.Equal(got, wantIndexes) {
		t.Errorf("indexes = %v, want %v (the killed bulk load dropped them uncommitted)", got, wantIndexes)
	}

	for id, tag := range acks.deals {
		d, err := s.Deal(ctx, id)
		if err != nil || d.Title != "crash deal "+tag {
			t.Errorf("acknowledged deal %d (%s): %q %v", id, tag, d.Title, err)
			continue
		}
		if to, ok := acks.moves[id]; ok && d.StageID != to {
			t.Errorf("acknowledged move of deal %d to stage %d: it is in %d", id, to, d.StageID)
		}
	}
	for id, v := range acks.acts {
		dealID, tag := v[0], v[1]
		var gotDeal, text string
		var archived bool
		err := s.r.QueryRowContext(ctx, `SELECT deal_id, text, archived_at IS NOT NULL FROM activities WHERE id = ?`, id).Scan(&gotDeal, &text, &archived)
		if err != nil || gotDeal != dealID || text != "crash call "+tag || archived {
			t.Errorf("acknowledged activity %d (%s): deal %s %q archived %v, %v", id, tag, gotDeal, text, archived, err)
			continue
		}
		var id64 int64
		fmt.Sscan(dealID, &id64)
		if d, _ := s.Deal(ctx, id64); d.NextStep != "next "+tag {
			t.Errorf("acknowledged next step %q on deal %d: it is %q", "next "+tag, id64, d.NextStep)
		}
	}

	// Nothing uncommitted is visible.
	for q, what := range map[string]string{
		`SELECT count(*) FROM accounts WHERE name LIKE 'uncommitted %'`:               "uncommitted bulk rows",
		`SELECT count(*) FROM accounts WHERE notes = 'MUTATED'`:                       "uncommitted account updates",
		`SELECT count(*) FROM deals WHERE title = 'MUTATED' OR next_step = 'MUTATED'`: "uncommitted deal updates",
	} {
		if n := queryInt(t, s.r, q); n != 0 {
			t.Errorf("%d %s are visible", n, what)
		}
	}
	if n := queryInt(t, s.r, `SELECT count(*) FROM undo_log`); n < int64(len(acks.deals)+len(acks.moves)+len(acks.acts)) {
		t.Errorf("undo log has %d entries: the uncommitted DELETE took effect", n)
	}

	// At most one write of this iteration committed without its ACK (the
	// kill landed between COMMIT and the print).
	prefix := fmt.Sprintf("%d-", iter)
	unacked := 0
	dealRows, err := s.r.QueryContext(ctx, `SELECT id, title, stage_id, next_step FROM deals WHERE title LIKE ?`, "crash deal "+prefix+"%")
	if err != nil {
		t.Fatal(err)
	}
	first := stageIDs(t, s)[0]
	for dealRows.Next() {
		var id, stage int64
		var title, next string
		if err := dealRows.Scan(&id, &title, &stage, &next); err != nil {
			t.Fatal(err)
		}
		if _, ok := acks.deals[id]; !ok {
			unacked++
		}
		if _, ok := acks.moves[id]; !ok && stage != first {
			unacked++
		}
	}
	dealRows.Close()
	acted := queryInt(t, s.r, `SELECT count(*) FROM activities WHERE text LIKE ?`, "crash call "+prefix+"%")
	ackedActs := 0
	for _, v := range acks.acts {
		if strings.HasPrefix(v[1], prefix) {
			ackedActs++
		}
	}
	unacked += int(acted) - ackedActs
	if unacked > 1 {
		t.Errorf("%d writes committed without an ACK in one run; at most one can be in flight", unacked)
	}
}
