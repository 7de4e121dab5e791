package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"rolo/model"
)

// flagError words the flag parser's errors for people: the flag and the
// value named, what a good value looks like, nothing raw (no
// strconv.ParseInt), and typed text cleaned and cut short.
func flagError(cmd *cobra.Command, err error) error {
	var notExist *pflag.NotExistError
	var invalid *pflag.InvalidValueError
	var needs *pflag.ValueRequiredError
	var syntax *pflag.InvalidSyntaxError
	switch {
	case errors.As(err, &notExist) && notExist.GetSpecifiedShortnames() != "" && isNumber(notExist.GetSpecifiedShortnames()):
		return usagef("%s is not something '%s' takes: ids and positions are numbers from 1 (like deal:82); to pass text that starts with \"-\", put it after --",
			model.Quote("-"+notExist.GetSpecifiedShortnames()), cmd.CommandPath())
	case errors.As(err, &notExist) && notExist.GetSpecifiedShortnames() != "":
		return usagef("unknown flag %s in %s for '%s'; 'rolo %s --help' lists its flags",
			model.Quote("-"+notExist.GetSpecifiedName()), model.Quote("-"+notExist.GetSpecifiedShortnames()), cmd.CommandPath(), commandName(cmd))
	case errors.As(err, &notExist):
		return usagef("unknown flag %s for '%s'; 'rolo %s --help' lists its flags", model.Quote("--"+notExist.GetSpecifiedName()), cmd.CommandPath(), commandName(cmd))
	case errors.As(err, &invalid):
		f := invalid.GetFlag()
		return usagef("--%s %s: %s", f.Name, model.Quote(invalid.GetValue()), expected(f))
	case errors.As(err, &needs):
		return usagef("%s needs a value", strings.TrimSuffix(needs.Error()[len("flag needs an argument: "):], "."))
	case errors.As(err, &syntax):
		return usagef("%s is not a flag rolo understands", model.Quote(syntax.GetSpecifiedFlag()))
	}
	return usagef("%s", err.Error())
}

// expected says what a flag's value must look like.
func expected(f *pflag.Flag) string {
	switch f.Value.Type() {
	case "int", "int64", "int32", "uint":
		return "must be a whole number, like " + wholeExample(f)
	case "bool":
		return "must be true or false (or leave out the value)"
	}
	return "is not a valid value"
}

func wholeExample(f *pflag.Flag) string {
	if f.DefValue != "" && f.DefValue != "0" {
		return f.DefValue
	}
	return "30"
}

func commandName(cmd *cobra.Command) string {
	return strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
}

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// checkLimit refuses a negative --limit (0 means all).
func checkLimit(limit int) error {
	if limit < 0 {
		return usagef("--limit %d: give a number of rows, or 0 for all of them", limit)
	}
	return nil
}

// warnIfPast warns that a date given for a flag is already past: the
// command goes on (see the README: a follow-up due yesterday is a missed
// follow-up, shown overdue at once; a close date in the past is a deal
// that slipped), but a typo like 2020 for 2026 is caught at once.
func (a *app) warnIfPast(flag string, d, today model.Date, meaning string) {
	if d.IsZero() || !d.Before(today) {
		return
	}
	days := d.DaysUntil(today)
	a.warnf("%s %s is %s ago; %s", flag, d, plural(days, "day"), meaning)
}

func plural(n int, unit string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", unit)
	}
	return fmt.Sprintf("%s %ss", model.Count(n), unit)
}

// anyChanged reports whether any of the named flags was given.
func anyChanged(cmd *cobra.Command, names ...string) bool {
	for _, n := range names {
		if cmd.Flags().Changed(n) {
			return true
		}
	}
	return false
}
