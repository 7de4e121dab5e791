package cli

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"rolo/demo"
	"rolo/store"
)

func (a *app) demoCommand() *cobra.Command {
	cfg := demo.Default()
	var force bool
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Fill the database with a realistic, invented book of business",
		Long: `Writes invented accounts, contacts, deals (open, won and lost over 18 months),
activities, contracts, support issues, survey responses and acquisition costs into
--db, all relative to today (or ROLO_NOW). The same --seed gives the same data.

It refuses a database that already holds data unless --force. --accounts, --deals
and --activities scale it, e.g. for benchmarks:
  rolo demo --db big.db --accounts 20000 --deals 100000 --activities 1000000`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cfg.Accounts < 0 || cfg.Deals < 0 || cfg.Activities < 0 {
				return usagef("--accounts, --deals and --activities must not be negative")
			}
			if cfg.Accounts > demo.MaxAccounts || cfg.Deals > demo.MaxDeals || cfg.Activities > demo.MaxActivities {
				return usagef("that is too much demo data (at most %d accounts, %d deals, %d activities)",
					demo.MaxAccounts, demo.MaxDeals, demo.MaxActivities)
			}
			cfg.Force = force
			return a.withStore(cmd.Context(), creating, func(s *store.Store) error {
				cfg.Clock = s.Clock()
				progress := a.progressPrinter()
				sum, err := demo.Generate(cmd.Context(), s, cfg, progress)
				if errors.Is(err, demo.ErrNotEmpty) {
					return fmt.Errorf("%s already holds data; use --force to add demo data anyway, or choose another file with --db", s.Path())
				}
				if err != nil {
					return err
				}
				fmt.Fprintf(a.out, "Wrote %s accounts, %s contacts, %s deals, %s activities, %s contracts into %s (%s rows in %.1fs).\n",
					count(sum.Accounts), count(sum.Contacts), count(sum.Deals), count(sum.Activities), count(sum.Contracts), s.Path(),
					count(sum.Rows()), sum.Elapsed.Seconds())
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.Int64Var(&cfg.Seed, "seed", cfg.Seed, "random seed: the same seed gives the same data")
	f.IntVar(&cfg.Accounts, "accounts", 0, "number of accounts (default: a small book of 80)")
	f.IntVar(&cfg.Deals, "deals", 0, "number of deals (default: scales with accounts)")
	f.IntVar(&cfg.Activities, "activities", 0, "number of activities (default: scales with accounts)")
	f.BoolVar(&force, "force", false, "add demo data even if the database already holds data")
	return cmd
}

// progressPrinter shows generation progress on a terminal (one line,
// rewritten), and nothing when stderr is a file or pipe.
func (a *app) progressPrinter() func(demo.Progress) {
	if !isTerminal(a.errOut) {
		return nil
	}
	start := time.Now()
	return func(p demo.Progress) {
		if p.Stage == "indexes" {
			fmt.Fprintf(a.errOut, "\r\x1b[Kbuilding indexes…")
			if p.Done == p.Total {
				fmt.Fprintf(a.errOut, "\r\x1b[K")
			}
			return
		}
		pct := 0
		if p.Total > 0 {
			pct = p.Done * 100 / p.Total
		}
		fmt.Fprintf(a.errOut, "\r\x1b[K%-12s %3d%%  %s/%s  (%.0fs)", p.Stage, pct, count(p.Done), count(p.Total), time.Since(start).Seconds())
	}
}
