package tui

import (
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"rolo/model"
)

// Benchmarks of the Metrics tab at the scale case (see bench_test.go for
// the database; BENCHMARKS.md for the figures and how to rerun them).

// cpuTime is the CPU time this process has used, user and system: on a
// machine shared with other work it is steadier than the wall time, so
// the benchmarks report it beside (cpu-ms/op).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time per run since start; StopTimer spans
// count too, so benchmarks keep the untimed work small.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
}

// deliver runs cmd's commands once, as the runtime would off the UI
// goroutine, and hands their messages to Update, without running what
// Update returns for them; timers and the spinner's first tick are
// skipped.
func deliver(h *harness, cmd tea.Cmd) []tea.Cmd {
	if cmd == nil || isTimer(cmd) {
		return nil
	}
	msg := cmd()
	if cmds, ok := subCommands(msg); ok {
		var next []tea.Cmd
		for _, c := range cmds {
			next = append(next, deliver(h, c)...)
		}
		return next
	}
	if msg == nil {
		return nil
	}
	_, after := h.m.Update(msg)
	return []tea.Cmd{after}
}

// metricsScale opens the tab at the scale case, every load done.
func metricsScale(b *testing.B) *harness {
	b.Helper()
	h := startApp(b, scaleCopy(b), 120, 40)
	h.tab(metricsTab)
	return h
}

// BenchmarkMetricsPeriodKey: a period key → the new period's figures on
// screen (Update, the computation the key starts, Update with its
// answer, View), for each preset the key reaches. The figures kept are
// dropped first, as after a change to the data, so every key computes.
// "with changes" also computes the previous period, which the changes
// beside the figures need.
func BenchmarkMetricsPeriodKey(b *testing.B) {
	h := metricsScale(b)
	v := h.metrics()
	today := h.clock.Today()
	for _, p := range model.Presets {
		for _, changes := range []bool{false, true} {
			name := string(p)
			if changes {
				name += "/with-changes"
			}
			b.Run(name, func(b *testing.B) {
				defer reportCPU(b, cpuTime())
				for range b.N {
					b.StopTimer()
					v.reports = map[periodID]model.Report{}
					v.dataGen++
					before, _ := model.PresetPeriod(model.Presets[(len(model.Presets)+indexOf(p)-1)%len(model.Presets)], today)
					v.period = before
					b.StartTimer()
					_, cmd := h.m.Update(keyOf(km.Metrics.Period))
					next := deliver(h, cmd)
					if changes {
						for _, c := range next {
							deliver(h, c)
						}
					}
					_ = h.m.View()
				}
			})
		}
	}
}

func indexOf(p model.Preset) int {
	for i, q := range model.Presets {
		if q == p {
			return i
		}
	}
	return -1
}

// BenchmarkMetricsMoveKey: moving between figures (Update + View, the
// page redrawn for the new selection).
func BenchmarkMetricsMoveKey(b *testing.B) {
	h := metricsScale(b)
	keyLoop(b, h, keyOf(km.List.Down), keyOf(km.List.Up), 6)
}

// BenchmarkMetricsDrillDown: enter on a figure → its first page of
// records on screen, for each kind of drill-down, this quarter.
func BenchmarkMetricsDrillDown(b *testing.B) {
	h := metricsScale(b)
	h.do(km.Metrics.Period, km.Metrics.Period) // this quarter
	for _, id := range []string{"revenue:new", "winrate", "conversion:1", "cycle", "customers", "cac", "pipeline", "csat", "nps",
		"retention:USD", "logos", "funnel"} {
		b.Run(id, func(b *testing.B) {
			h.selectFigure(id)
			defer reportCPU(b, cpuTime())
			for range b.N {
				h.send(keyOf(km.Metrics.Drill))
				_ = h.m.View()
				b.StopTimer()
				if h.m.top() == view(h.metrics()) {
					b.Fatalf("enter on %s opened nothing", id)
				}
				h.send(keyOf(km.Global.Back))
				b.StartTimer()
			}
		})
	}
}

// BenchmarkMetricsTrends: the trends and the forecast, loaded once per
// change to the data (as the command runs them).
func BenchmarkMetricsTrends(b *testing.B) {
	h := metricsScale(b)
	v := h.metrics()
	defer reportCPU(b, cpuTime())
	for range b.N {
		v.trendsAsked = 0
		deliver(h, v.fetchTrends())
	}
}

// BenchmarkMetricsDraw: drawing the whole page again (as when figures
// arrive) and the frame: the tab's own share of a period key.
func BenchmarkMetricsDraw(b *testing.B) {
	h := metricsScale(b)
	v := h.metrics()
	b.ReportAllocs()
	for range b.N {
		v.page.reset()
		_ = h.m.View()
	}
}
