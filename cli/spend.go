package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"rolo/model"
	"rolo/store"
)

type spendJSON struct {
	ID      int64     `json:"id"`
	Date    string    `json:"date"`
	Amount  moneyJSON `json:"amount"`
	Channel string    `json:"channel"`
	Note    string    `json:"note"`
}

func (a *app) spendCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "spend",
		Short: "Record what acquiring customers costs (the spend behind CAC)",
		Long: `Acquisition spend is what CAC divides by the new customers of a period: ads, events,
referral fees, tools and other costs of winning customers, each with its date.`,
		Args: noArgs,
	}
	cmd.AddCommand(a.spendAddCommand(), a.spendListCommand(), a.spendEditCommand(), a.spendArchiveCommand())
	return cmd
}

// spendDate reads a spend date: a month like 2026-11 means its first day.
func spendDate(c model.Clock, flag, s string) (model.Date, error) {
	if m, ok := model.ParseMonth(s); ok {
		return m, nil
	}
	d, err := c.ParsePast(s)
	if err != nil {
		return d, usagef("%s: %v (a month like 2026-11 means its first day)", flag, err)
	}
	return d, nil
}

func parseChannel(s string) (model.SpendChannel, error) {
	ch, err := model.ParseSpendChannel(s)
	if err != nil {
		return ch, usagef("--channel: %v", err)
	}
	return ch, nil
}

func (a *app) spendAddCommand() *cobra.Command {
	var channel, note string
	cmd := &cobra.Command{
		Use:   "add DATE AMOUNT --channel ads|events|referral fees|tools|other",
		Short: "Record an acquisition cost",
		Long: `Records money spent to win customers. DATE is a day (2026-11-14, yesterday) or a month
(2026-11 means its first day); AMOUNT is like 1200, 12k, $1,200.50 or EUR 900 (an amount
without a currency is in your default currency: rolo config set currency EUR).`,
		Example: `  rolo spend add 2026-11 4800 --channel ads --note "LinkedIn, November"
  rolo spend add yesterday "EUR 2,500" --channel events --note "Trade show booth"
  rolo spend add 2026-11-03 150 --channel "referral fees"`,
		Args: exactArgs(2, "a date and an amount"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(channel) == "" {
				return usagef("say what the money went on: --channel %s", model.ChannelList())
			}
			cost := model.AcquisitionCost{Note: note}
			var err error
			if cost.Channel, err = parseChannel(channel); err != nil {
				return err
			}
			ctx := cmd.Context()
			return a.withStore(ctx, writing, func(s *store.Store) error {
				settings, err := s.Settings(ctx)
				if err != nil {
					return err
				}
				if cost.Date, err = spendDate(s.Clock(), "DATE", args[0]); err != nil {
					return err
				}
				if cost.Amount, err = model.ParseMoney(args[1], settings.Currency); err != nil {
					return usagef("AMOUNT: %v", err)
				}
				saved, err := s.AddSpend(ctx, cost)
				if err != nil {
					return asUsage(err)
				}
				fmt.Fprintf(a.out, "Added spend %d: %s %s %s\n", saved.ID, saved.Date, saved.Channel, saved.Amount)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&channel, "channel", "", model.ChannelList())
	cmd.Flags().StringVar(&note, "note", "", "what it paid for")
	return cmd
}

func (a *app) spendListCommand() *cobra.Command {
	var asJSON bool
	var from, to string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List acquisition costs, latest first",
		Example: `  rolo spend list --from 2026-07 --to 2026-09
  rolo spend list --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			return a.withStore(ctx, reading, func(s *store.Store) error {
				var lo, hi model.Date
				var err error
				if from != "" {
					if lo, err = periodDate(s.Clock(), "--from", from, false); err != nil {
						return err
					}
				}
				if to != "" {
					if hi, err = periodDate(s.Clock(), "--to", to, true); err != nil {
						return err
					}
				}
				if !lo.IsZero() && !hi.IsZero() && hi.Before(lo) {
					return usagef("--to (%s) is before --from (%s); swap them", hi, lo)
				}
				rows, err := s.SpendList(ctx, lo, hi)
				if err != nil {
					return err
				}
				if asJSON {
					out := make([]spendJSON, len(rows))
					for i, r := range rows {
						out[i] = spendJSON{ID: r.ID, Date: r.Date.String(), Amount: toMoneyJSON(r.Amount), Channel: string(r.Channel), Note: r.Note}
					}
					return printJSON(a.out, out)
				}
				if len(rows) == 0 {
					fmt.Fprintln(a.out, "No spend recorded in that range; add some with 'rolo spend add DATE AMOUNT --channel ads'.")
					return nil
				}
				t := newTable(a.out, ">ID", "Date", "Channel", ">Amount", "Note")
				total := model.Totals{}
				for _, r := range rows {
					t.add(fmt.Sprint(r.ID), r.Date.String(), string(r.Channel), r.Amount.String(), r.Note)
					total.Add(r.Amount)
				}
				t.add("", "", "total", exact(total), plural(len(rows), "row"))
				return t.print()
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	cmd.Flags().StringVar(&from, "from", "", "first day: 2026-07-01, or a month (2026-07)")
	cmd.Flags().StringVar(&to, "to", "", "last day, inclusive: 2026-09-30, or a month (2026-09)")
	return cmd
}

// spendID reads the id `rolo spend list` shows.
func spendID(s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("%q is not a spend id; 'rolo spend list' shows them", model.Clean(s))
	}
	return id, nil
}

func (a *app) spendEditCommand() *cobra.Command {
	var date, amount, channel, note string
	cmd := &cobra.Command{
		Use:     "edit ID [--date D] [--amount A] [--channel C] [--note N]",
		Short:   "Change an acquisition cost",
		Example: `  rolo spend edit 12 --amount 5200 --note "LinkedIn, November (final invoice)"`,
		Args:    exactArgs(1, "the id of the spend to change"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := spendID(args[0])
			if err != nil {
				return err
			}
			f := cmd.Flags()
			if !f.Changed("date") && !f.Changed("amount") && !f.Changed("channel") && !f.Changed("note") {
				return usagef("say what to change: --date, --amount, --channel or --note")
			}
			ctx := cmd.Context()
			return a.withStore(ctx, writing, func(s *store.Store) error {
				seen, err := s.Spend(ctx, id)
				if err != nil {
					return asUsage(err)
				}
				cost := seen
				if f.Changed("date") {
					if cost.Date, err = spendDate(s.Clock(), "--date", date); err != nil {
						return err
					}
				}
				if f.Changed("amount") {
					if cost.Amount, err = model.ParseMoney(amount, cost.Amount.Currency); err != nil {
						return usagef("--amount: %v", err)
					}
				}
				if f.Changed("channel") {
					if cost.Channel, err = parseChannel(channel); err != nil {
						return err
					}
				}
				if f.Changed("note") {
					cost.Note = note
				}
				saved, err := s.UpdateSpend(ctx, seen, cost)
				if err != nil {
					return asUsage(err)
				}
				fmt.Fprintf(a.out, "Changed spend %d: %s %s %s\n", saved.ID, saved.Date, saved.Channel, saved.Amount)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&date, "date", "", "a day, or a month for its first day")
	cmd.Flags().StringVar(&amount, "amount", "", "the amount (in the row's currency unless it names one)")
	cmd.Flags().StringVar(&channel, "channel", "", model.ChannelList())
	cmd.Flags().StringVar(&note, "note", "", "what it paid for")
	return cmd
}

func (a *app) spendArchiveCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "archive ID",
		Short: "Take an acquisition cost out of CAC and the lists ('rolo undo' puts it back)",
		Args:  exactArgs(1, "the id of the spend to archive"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := spendID(args[0])
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			return a.withStore(ctx, writing, func(s *store.Store) error {
				seen, err := s.Spend(ctx, id)
				if err != nil {
					return asUsage(err)
				}
				old, err := s.ArchiveSpend(ctx, seen)
				if err != nil {
					return asUsage(err)
				}
				fmt.Fprintf(a.out, "Archived spend %d: %s %s %s ('rolo undo' puts it back)\n", old.ID, old.Date, old.Channel, old.Amount)
				return nil
			})
		},
	}
}
