package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"rolo/store"
)

func (a *app) backupCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "backup [FILE]",
		Short: "Write a checked copy of the database (default: next to it, dated)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withStore(cmd.Context(), true, func(s *store.Store) error {
				dst := s.Path() + "." + s.Clock().Now().UTC().Format("20060102T150405Z") + ".bak"
				if len(args) == 1 {
					dst = args[0]
				}
				if err := s.Backup(cmd.Context(), dst); err != nil {
					return err
				}
				abs, _ := filepath.Abs(dst)
				fi, err := os.Stat(abs)
				if err != nil {
					return fmt.Errorf("checking backup: %w", err)
				}
				fmt.Fprintf(a.out, "Backed up to %s (%.1f MiB, integrity checked).\n", abs, float64(fi.Size())/(1<<20))
				return nil
			})
		},
	}
}

func (a *app) doctorCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "doctor",
		Short: "Check the database for damage and for states rolo's rules forbid, and say what to do",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			return a.withStore(ctx, true, func(s *store.Store) error {
				desc, err := s.Describe(ctx)
				if err != nil {
					return err
				}
				fmt.Fprintln(a.out, desc)
				c, err := s.Counts(ctx)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.out, "holds:   %s accounts, %s contacts, %s deals (%s open), %s activities, %s contracts\n",
					count(c.Accounts), count(c.Contacts), count(c.Deals), count(c.OpenDeals), count(c.Activities), count(c.Contracts))
				problems, err := s.IntegrityCheck(ctx)
				if err != nil {
					return err
				}
				if len(problems) == 0 {
					fmt.Fprintln(a.out, "check:   ok (integrity and foreign keys)")
					return nil
				}
				for _, p := range problems {
					fmt.Fprintln(a.out, "problem: "+p)
				}
				return fmt.Errorf("%s has %d problem(s); each says above what to do (damage: restore a backup)", s.Path(), len(problems))
			})
		},
	}
}
