package store

import (
	"context"
	"os"
	"testing"

	"rolo/model"
)

// benchStore opens ROLO_BENCH_DB (a copy of the scale database: opening
// migrates it) at the clock it was made with.
func benchStore(b *testing.B) *Store {
	b.Helper()
	path := os.Getenv("ROLO_BENCH_DB")
	if path == "" {
		b.Skip("set ROLO_BENCH_DB to a copy of the scale database (see BENCHMARKS.md)")
	}
	s, err := Open(context.Background(), path, Options{MustExist: true, Clock: model.FixedClock(testNow)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

func benchPeriod(b *testing.B, s *Store, preset model.Preset) model.Period {
	p, err := model.PresetPeriod(preset, s.Clock().Today())
	if err != nil {
		b.Fatal(err)
	}
	return p
}

func BenchmarkMetricsQuarter(b *testing.B) {
	s := benchStore(b)
	p := benchPeriod(b, s, model.ThisQuarter)
	ctx := context.Background()
	for b.Loop() {
		if _, err := s.Metrics(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
}
