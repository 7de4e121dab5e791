package tui

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"rolo/demo"
	"rolo/model"
)

// The Metrics tests run on a demo book (400 accounts, seed 2, made at the
// test clock): every figure has records behind it, in three currencies,
// and several lists run to more than a page. It is generated once per
// test binary; each harness works on its own copy.

var demoBook struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// metricsDemoAccounts sizes the demo book of the Metrics tests.
const metricsDemoAccounts = 400

// newDemoHarness starts the app at width×height on a fresh copy of the
// demo book.
func newDemoHarness(t testing.TB, width, height int) *harness {
	t.Helper()
	demoBook.once.Do(func() {
		if demoBook.dir, demoBook.err = os.MkdirTemp("", "rolo-tui-demo-"); demoBook.err != nil {
			return
		}
		demoBook.path = filepath.Join(demoBook.dir, "demo.db")
		s := openStore(t, demoBook.path, testClock())
		_, demoBook.err = demo.Generate(context.Background(), s, demo.Config{Seed: 2, Accounts: metricsDemoAccounts, Clock: testClock()}, nil)
		if err := s.Close(); demoBook.err == nil {
			demoBook.err = err
		}
	})
	if demoBook.err != nil {
		t.Fatal(demoBook.err)
	}
	path := filepath.Join(t.TempDir(), "rolo.db")
	for _, suffix := range []string{"", "-wal"} {
		if err := copyFile(demoBook.path+suffix, path+suffix); err != nil && suffix == "" {
			t.Fatal(err)
		}
	}
	return startApp(t, path, width, height)
}

// metrics is the Metrics tab's own view.
func (h *harness) metrics() *metricsView { return h.m.tabs[metricsTab].stack[0].v.(*metricsView) }

// report computes the figures of p straight from the store, as the
// independent side of the tab's tests.
func (h *harness) report(p model.Period) model.Report {
	h.t.Helper()
	r, err := h.s.Metrics(context.Background(), p)
	if err != nil {
		h.t.Fatalf("metrics of %s: %v", p, err)
	}
	return r
}

// selectFigure moves the cursor to the stop with id with the movement
// keys, as a person would: up or down to its row, then across.
func (h *harness) selectFigure(id string) {
	h.t.Helper()
	for range 80 {
		p := h.metrics().layout()
		var target stop
		found := false
		for _, s := range p.stops {
			if s.id == id {
				target, found = s, true
			}
		}
		if !found {
			h.t.Fatalf("no figure %q on the Metrics tab:\n%s", id, h.screen())
		}
		at := p.stops[p.selected]
		switch {
		case at.id == id:
			return
		case target.y < at.y && !overlaps(target.y, target.h, at.y, at.h):
			h.do(km.List.Up)
		case target.y >= at.y+at.h:
			h.do(km.List.Down)
		case target.x > at.x:
			h.do(km.Metrics.Right)
		default:
			h.do(km.Metrics.Left)
		}
	}
	h.t.Fatalf("the keys do not reach the figure %q:\n%s", id, h.screen())
}
