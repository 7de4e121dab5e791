package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"rolo/demo"
	"rolo/store"
	"rolo/tui"
)

// runTUI opens the interactive app, on a fresh demo database with --demo.
func (a *app) runTUI(cmd *cobra.Command, _ []string) error {
	ctx := cmd.Context()
	if err := a.needTerminal(); err != nil {
		return err
	}
	a.origin = "the app"
	if a.demo {
		if a.dbPath != "" {
			return usagef("--demo makes its own temporary database; leave out --db (or use 'rolo demo --db %s' to fill that file)", a.dbPath)
		}
		dir, err := os.MkdirTemp("", "rolo-demo-")
		if err != nil {
			return fmt.Errorf("making a folder for the demo database: %w", err)
		}
		a.dbPath = filepath.Join(dir, "rolo.db")
		s, err := a.open(ctx, creating)
		if err != nil {
			return err
		}
		cfg := demo.Default()
		cfg.Clock = s.Clock()
		if _, err := demo.Generate(ctx, s, cfg, nil); err != nil {
			s.Close()
			return fmt.Errorf("making the demo data: %w", err)
		}
		defer fmt.Fprintf(a.errOut, "The demo database is %s (delete it when you are done, or keep using it with --db).\n", a.dbPath)
		return a.runApp(ctx, s)
	}
	// The app makes its database on first run at the default path only: a
	// path given with --db or $ROLO_DB that does not exist is a typo until
	// `rolo init` says otherwise.
	how := writing
	if a.atDefaultPath() {
		how = creating
	}
	s, err := a.open(ctx, how)
	if err != nil {
		return err
	}
	return a.runApp(ctx, s)
}

// needTerminal refuses to start the app where it cannot draw or read
// keys (a script, a pipe, cron), before anything is opened or created.
func (a *app) needTerminal() error {
	const msg = "rolo needs a terminal to open the app; in scripts use the commands instead: rolo today, rolo pipeline, rolo accounts (with --json), rolo add, rolo log, rolo move — 'rolo --help' lists them"
	if !isTerminal(a.out) {
		return usagef("%s", msg)
	}
	if isTerminal(os.Stdin) || runtime.GOOS == "windows" {
		return nil
	}
	// Bubble Tea reads keys from the controlling terminal when stdin is
	// not one; without it there is no way to type.
	tty, err := os.Open("/dev/tty")
	if err != nil {
		return usagef("%s", msg)
	}
	tty.Close()
	return nil
}

// appMemoryLimit is the Go runtime's soft memory limit while the app runs.
const appMemoryLimit = 12 << 20

func (a *app) runApp(ctx context.Context, s *store.Store) error {
	defer s.Close()
	// The app's budget is 30 MiB at the scale case; a third of that is
	// the binary itself. A soft limit makes the Go heap collect sooner
	// after a large load (sorting 20,000 accounts by health, the metrics)
	// instead of growing to twice what it holds; it is no hard cap.
	debug.SetMemoryLimit(appMemoryLimit)
	m := tui.New(tui.Options{Store: s, Clock: s.Clock()})
	p := tea.NewProgram(m, tea.WithContext(ctx))
	_, err := p.Run()
	if errors.Is(err, tea.ErrInterrupted) || errors.Is(err, tea.ErrProgramKilled) {
		return nil
	}
	if err != nil && strings.Contains(err.Error(), "tty") {
		return usagef("rolo needs a terminal to open the app (%v); in scripts use rolo today, rolo pipeline … instead", err)
	}
	if err != nil {
		return fmt.Errorf("running the app: %w", err)
	}
	return nil
}
