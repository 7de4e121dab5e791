package store

import (
	"context"
	"os"
	"syscall"
	"testing"
	"time"

	"rolo/model"
)

// The metrics at the scale case. ROLO_METRICS_DB names a copy of the
// scale database that is opened in place (the first open migrates it,
// once; never point it at the original):
//
//	cp /work/scale/scale-v1.db /tmp/m.db
//	ROLO_METRICS_DB=/tmp/m.db go test ./store -run '^$' -bench Metrics -benchtime 20x

func metricsStore(b *testing.B) *Store {
	b.Helper()
	path := os.Getenv("ROLO_METRICS_DB")
	if path == "" {
		b.Skip("set ROLO_METRICS_DB to a copy of the scale database (see BENCHMARKS.md)")
	}
	s, err := Open(context.Background(), path, Options{MustExist: true, Clock: model.FixedClock(testNow)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loop runs fn b.N times and reports the CPU time per run beside the
// wall time: on a machine shared with other work the CPU time is the
// steadier figure.
func loop(b *testing.B, fn func() error) {
	b.Helper()
	start := cpuTime()
	for b.Loop() {
		if err := fn(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
}

func benchPeriod(b *testing.B, s *Store, preset model.Preset) model.Period {
	b.Helper()
	p, err := model.PresetPeriod(preset, s.Clock().Today())
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkMetrics is every figure of a period, as the Metrics tab and
// `rolo report` compute them.
func BenchmarkMetrics(b *testing.B) {
	s := metricsStore(b)
	for _, preset := range []model.Preset{model.ThisQuarter, model.LastQuarter, model.ThisMonth, model.Last12M} {
		p := benchPeriod(b, s, preset)
		b.Run(string(preset), func(b *testing.B) {
			loop(b, func() error { _, err := s.Metrics(context.Background(), p); return err })
		})
	}
}

func BenchmarkMetricsTrends(b *testing.B) {
	s := metricsStore(b)
	loop(b, func() error { _, err := s.MetricsTrends(context.Background(), s.Clock().Today()); return err })
}

func BenchmarkMetricsForecast(b *testing.B) {
	s := metricsStore(b)
	loop(b, func() error { _, err := s.Forecast(context.Background(), s.Clock().Today()); return err })
}

// BenchmarkMetricsDrill opens each drill-down on its first page, as a
// list shows it, for this quarter.
func BenchmarkMetricsDrill(b *testing.B) {
	s := metricsStore(b)
	ctx := context.Background()
	p := benchPeriod(b, s, model.ThisQuarter)
	pg := Page{Limit: 200}
	drills := []struct {
		name string
		run  func() error
	}{
		{"revenue", func() error { _, err := s.RevenueDeals(ctx, p, model.Expansion, pg); return err }},
		{"win-rate", func() error { _, err := s.WinRateDeals(ctx, p, pg); return err }},
		{"conversion", func() error { _, err := s.ConversionDeals(ctx, p, 2, pg); return err }},
		{"sales-cycle", func() error { _, err := s.SalesCycleDeals(ctx, p, pg); return err }},
		{"new-customers", func() error { _, err := s.NewCustomerList(ctx, p, pg); return err }},
		{"spend", func() error { _, err := s.SpendList(ctx, p.From, p.To); return err }},
		{"csat", func() error { _, err := s.SurveyAnswers(ctx, p, model.CSAT, pg); return err }},
		{"retention", func() error { _, err := s.RetentionPairs(ctx, p, "", pg); return err }},
		{"logos", func() error { _, err := s.LogoCohort(ctx, p, pg); return err }},
		{"pipeline", func() error { _, err := s.PipelineDeals(ctx, pg); return err }},
	}
	for _, d := range drills {
		b.Run(d.name, func(b *testing.B) { loop(b, d.run) })
	}
}
