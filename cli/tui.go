package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"rolo/demo"
	"rolo/store"
	"rolo/tui"
)

// runTUI opens the interactive app, on a fresh demo database with --demo.
func (a *app) runTUI(cmd *cobra.Command, _ []string) error {
	ctx := cmd.Context()
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
		s, err := a.open(ctx, false)
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
	s, err := a.open(ctx, false)
	if err != nil {
		return err
	}
	return a.runApp(ctx, s)
}

func (a *app) runApp(ctx context.Context, s *store.Store) error {
	defer s.Close()
	m := tui.New(tui.Options{Store: s, Clock: s.Clock()})
	p := tea.NewProgram(m, tea.WithContext(ctx))
	_, err := p.Run()
	if errors.Is(err, tea.ErrInterrupted) || errors.Is(err, tea.ErrProgramKilled) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("running the app: %w", err)
	}
	return nil
}
