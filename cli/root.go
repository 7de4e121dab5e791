// Package cli is rolo's command line: the subcommands (fang + cobra) that
// open the store, call it, and print a table or JSON. Without a
// subcommand it starts the interactive app.
package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"charm.land/fang/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"rolo/model"
	"rolo/store"
)

// Version is set at build time with -ldflags "-X rolo/cli.Version=v1.2.3".
var Version = ""

// UsageError marks a mistake in how rolo was called (exit code 2), as
// opposed to something that went wrong while running (exit code 1).
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func usagef(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

// app holds what every command shares: the global flags and the streams.
type app struct {
	dbPath string
	demo   bool
	out    io.Writer
	errOut io.Writer
	// origin is recorded with every change, so `rolo undo` can say whose
	// change it undid: the command line, unless the app is running.
	origin string
}

// Execute runs rolo with args and returns the process exit code: 0 ok,
// 1 error, 2 bad usage.
func Execute(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a := &app{out: stdout, errOut: stderr}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := fang.Execute(ctx, root,
		fang.WithVersion(version()),
		fang.WithErrorHandler(func(w io.Writer, _ fang.Styles, err error) {
			fmt.Fprintln(w, "rolo: "+screenText(strings.TrimSuffix(err.Error(), ".")))
			if isUsage(err) {
				fmt.Fprintln(w, "Run 'rolo --help' (or 'rolo COMMAND --help') for usage.")
			}
		}),
	)
	switch {
	case err == nil:
		return 0
	case isUsage(err):
		return 2
	}
	return 1
}

// screenText makes a message safe and readable on a terminal, whatever it
// quotes (a stored name, a path, an argument): each line is cleaned, a
// line longer than maxLine is cut with "…", and at most maxLines are kept.
func screenText(msg string) string {
	const maxLine, maxLines = 400, 40
	lines := strings.Split(msg, "\n")
	if len(lines) > maxLines {
		lines = append(lines[:maxLines-1], fmt.Sprintf("… and %d more lines", len(lines)-maxLines+1))
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(model.Clean(l), maxLine, "…")
	}
	return strings.Join(lines, "\n")
}

// warnf prints a warning on stderr: the command goes on.
func (a *app) warnf(format string, args ...any) {
	fmt.Fprintln(a.errOut, "rolo: warning: "+screenText(fmt.Sprintf(format, args...)))
}

// isUsage reports a bad-usage error: ours, a name that matched several
// things, or one of cobra's flag and argument errors.
func isUsage(err error) bool {
	var u *UsageError
	if errors.As(err, &u) || errors.Is(err, store.ErrAmbiguous) {
		return true
	}
	s := err.Error()
	for _, prefix := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument",
		"invalid argument", "accepts ", "requires at least", "requires at most", "required flag", "if any flags in the group"} {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

func version() string {
	if Version != "" {
		return Version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "rolo",
		Short: "A keyboard-driven CRM for one seller, in the terminal",
		Long: `rolo keeps your deals, customers, contracts and activity in one local SQLite file
and opens on today's queue: renewals about to pass a deadline, overdue follow-ups, deals
due today, deals with no next step and deals going stale. No server, no account, no
network.

Without a subcommand, rolo opens the app on the database (--db, else $ROLO_DB, else
$XDG_DATA_HOME/rolo/rolo.db). 'rolo --demo' opens it on a fresh demo database.`,
		Example: `  rolo                      # open the app
  rolo --demo               # try it on realistic demo data
  rolo today                # the follow-up queue, as a table
  rolo pipeline --json      # stage counts and totals for scripts
  rolo renewals             # this week's renewals and everything overdue`,
		Args: noArgs,
		RunE: a.runTUI,
	}
	root.PersistentFlags().StringVar(&a.dbPath, "db", "", "database file (default $ROLO_DB, else $XDG_DATA_HOME/rolo/rolo.db)")
	root.Flags().BoolVar(&a.demo, "demo", false, "open the app on a new demo database in a temporary file")
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(a.demoCommand(), a.pipelineCommand(), a.todayCommand(), a.accountsCommand(), a.addCommand(),
		a.moveCommand(), a.logCommand(), a.stagesCommand(), a.undoCommand(), a.backupCommand(), a.doctorCommand(),
		a.versionCommand())
	root.AddCommand(a.initCommand())
	root.AddCommand(a.accountCommand(), a.checkinCommand(), a.taskCommand(), a.contactCommand(), a.issueCommand(), a.surveyCommand())
	root.AddCommand(a.configCommand())
	root.AddCommand(a.reportCommand(), a.spendCommand())
	root.AddCommand(a.renewalsCommand(), a.renewCommand(), a.churnCommand(), a.contractCommand(), a.contractsCommand())
	root.AddCommand(a.importCommand(), a.exportCommand())
	refuseUnknownSubcommands(root)
	return root
}

// refuseUnknownSubcommands makes every group of commands (rolo add, rolo
// issue…) answer a word it does not know with a usage error, exit 2, as
// rolo itself does; cobra would print the group's help and exit 0. The
// group alone still shows its help.
func refuseUnknownSubcommands(cmd *cobra.Command) {
	for _, sub := range cmd.Commands() {
		refuseUnknownSubcommands(sub)
	}
	if !cmd.HasParent() || !cmd.HasSubCommands() || cmd.Runnable() {
		return
	}
	cmd.Args = func(c *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usagef("unknown command %s for '%s'; 'rolo %s --help' lists its commands", model.Quote(args[0]),
				c.CommandPath(), c.Name())
		}
		return nil
	}
	cmd.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
}

// noArgs refuses stray arguments with a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	switch {
	case len(args) > 0 && !cmd.HasParent():
		return usagef("unknown command %s; 'rolo --help' lists the commands", model.Quote(args[0]))
	case len(args) > 0:
		return usagef("unexpected argument %s for '%s'", model.Quote(args[0]), cmd.CommandPath())
	}
	return nil
}

// exactArgs wants n arguments, named in the message.
func exactArgs(n int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("'%s' needs %s", cmd.CommandPath(), names)
		}
		return nil
	}
}

// rangeArgs wants from min to max arguments, named in the message.
func rangeArgs(min, max int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < min || len(args) > max {
			return usagef("'%s' needs %s", cmd.CommandPath(), names)
		}
		return nil
	}
}

// path is the database file these flags point at.
func (a *app) path() (string, error) {
	if a.dbPath != "" {
		return a.dbPath, nil
	}
	return store.DefaultPath()
}

// atDefaultPath reports that no path was given (--db or $ROLO_DB), so the
// app may create its database on first run.
func (a *app) atDefaultPath() bool { return a.dbPath == "" && os.Getenv("ROLO_DB") == "" }

// clock is "now" for this run (ROLO_NOW pins it).
func clock() (model.Clock, error) {
	c, err := model.ClockFromEnv()
	if err != nil {
		return c, &UsageError{Msg: err.Error()}
	}
	return c, nil
}

// access is what a command does with the database.
type access int

const (
	reading  access = iota // only reads: never writes, never upgrades, never creates
	writing                // changes data: the file must exist (rolo init makes it)
	creating               // the demo and the app's first run: made if missing
	dryRun                 // reads leaving the folder as it was: no -wal or -shm, even for a moment
)

// open opens the database for what the command does.
func (a *app) open(ctx context.Context, how access) (*store.Store, error) {
	path, err := a.path()
	if err != nil {
		return nil, err
	}
	c, err := clock()
	if err != nil {
		return nil, err
	}
	return store.Open(ctx, path, store.Options{MustExist: how != creating, ReadOnly: how == reading || how == dryRun,
		NoSideFiles: how == dryRun, Clock: c,
		Origin: cmp.Or(a.origin, "the command line")})
}

// withStore opens the database, runs fn and closes it.
func (a *app) withStore(ctx context.Context, how access, fn func(*store.Store) error) error {
	s, err := a.open(ctx, how)
	if err != nil {
		return err
	}
	defer s.Close()
	return fn(s)
}

func (a *app) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print rolo's version and schema version",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(a.out, "rolo %s (database schema v%d)\n", version(), store.SchemaVersion())
			return nil
		},
	}
}

// isTerminal reports whether w is a terminal (progress and colours only
// go to terminals).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
