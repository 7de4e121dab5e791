package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"rolo/model"
	"rolo/store"
)

func (a *app) configCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Show or change your settings (default currency, date order, week start)",
		Long: `Settings live in the database, so the app and the command line agree:
  currency     the currency of an amount typed without one (USD, EUR, GBP…)
  date-order   how 12/5 reads: mdy (Dec 5, the default) or dmy (12 May)
  week-start   the first day of the week: monday (the default) or sunday`,
		Example: `  rolo config
  rolo config set currency EUR
  rolo config get date-order`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withStore(cmd.Context(), reading, func(s *store.Store) error {
				t := newTable(a.out, "Setting", "Value", "Meaning")
				for _, k := range store.SettingKeys() {
					v, err := s.Setting(cmd.Context(), k[0])
					if err != nil {
						return err
					}
					t.add(k[0], v, k[1])
				}
				return t.print()
			})
		},
	}
	get := &cobra.Command{
		Use:   "get KEY",
		Short: "Print one setting",
		Args:  exactArgs(1, "a setting's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withStore(cmd.Context(), reading, func(s *store.Store) error {
				v, err := s.Setting(cmd.Context(), args[0])
				if err != nil {
					return asUsage(err)
				}
				fmt.Fprintln(a.out, v)
				return nil
			})
		},
	}
	set := &cobra.Command{
		Use:   "set KEY VALUE",
		Short: "Change one setting",
		Args:  exactArgs(2, "a setting's name and its value"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withStore(cmd.Context(), writing, func(s *store.Store) error {
				v, err := s.SetSetting(cmd.Context(), args[0], args[1])
				var fe *model.FieldError
				if errors.As(err, &fe) {
					return usagef("%s: %s", fe.Field, fe.Problem)
				}
				if err != nil {
					return asUsage(err)
				}
				fmt.Fprintf(a.out, "%s is now %s.\n", args[0], v)
				return nil
			})
		},
	}
	cmd.AddCommand(get, set)
	return cmd
}
