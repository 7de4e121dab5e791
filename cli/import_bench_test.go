package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"rolo/model"
)

// BenchmarkImportActivities imports a generic CSV of activities (no ids,
// so each row's id is a hash of its fields) into a book of 2,000 accounts,
// then the same file again.
// ROLO_BENCH_ROWS sets the size (default 200,000). The 1M-row figure in
// BENCHMARKS.md comes from scripts/bench-import.sh, which also measures
// peak memory.
func BenchmarkImportActivities(b *testing.B) {
	rows := 200_000
	if n, err := strconv.Atoi(os.Getenv("ROLO_BENCH_ROWS")); err == nil && n > 0 {
		rows = n
	}
	dir := b.TempDir()
	accounts := filepath.Join(dir, "accounts.csv")
	activities := filepath.Join(dir, "activities.csv")
	writeFile(b, accounts, func(w *bufio.Writer) {
		w.WriteString("name,industry\n")
		for i := range 2000 {
			fmt.Fprintf(w, "Company %d,Logistics\n", i)
		}
	})
	writeFile(b, activities, func(w *bufio.Writer) {
		w.WriteString("account,type,date,subject\n")
		kinds := []string{"Call", "Email", "Meeting", "Note", "Check-in"}
		for i := range rows {
			fmt.Fprintf(w, "Company %d,%s,2026-%02d-%02d %02d:%02d,Followed up on the order form (%d)\n",
				i%2000, kinds[i%5], 1+i%11, 1+i%28, 8+i%10, i%60, i)
		}
	})
	b.Setenv("ROLO_NOW", "2026-11-27T10:00:00Z")
	for b.Loop() {
		b.StopTimer()
		db := newDB(b)
		var out, errOut bytes.Buffer
		if code := Execute(context.Background(), []string{"import", "--db", db, accounts}, &out, &errOut); code != 0 {
			b.Fatalf("accounts: %s", errOut.String())
		}
		b.StartTimer()
		start := time.Now()
		if code := Execute(context.Background(), []string{"import", "--db", db, activities}, &out, &errOut); code != 0 {
			b.Fatalf("activities: %s", errOut.String())
		}
		b.ReportMetric(float64(rows)/time.Since(start).Seconds(), "rows/s")
		// The same file again: every row is recognised and unchanged.
		start = time.Now()
		out.Reset()
		if code := Execute(context.Background(), []string{"import", "--db", db, activities}, &out, &errOut); code != 0 ||
			!bytes.Contains(out.Bytes(), []byte(" 0 created, 0 updated, "+model.Count(rows)+" unchanged")) {
			b.Fatalf("re-import: %s", out.String())
		}
		b.ReportMetric(float64(rows)/time.Since(start).Seconds(), "again-rows/s")
	}
}

func writeFile(b *testing.B, path string, fill func(*bufio.Writer)) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fill(w)
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
}
