package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"rolo/model"
)

// Settings are the user's preferences kept in the database, so the app
// and the command line agree: the currency a typed amount is in unless
// it names one, how a slashed date reads, and the first day of the week.
type Settings struct {
	Currency  string
	DateOrder model.DateOrder
	WeekStart time.Weekday
}

// DefaultSettings are what a new database starts with.
func DefaultSettings() Settings {
	return Settings{Currency: "USD", DateOrder: model.MonthFirst, WeekStart: time.Monday}
}

// setting is one key `rolo config` knows: how to read a typed value into
// Settings and how to print it.
type setting struct {
	help  string
	set   func(*Settings, string) error
	print func(Settings) string
}

var settingKeys = map[string]setting{
	"currency": {
		help: "the currency of an amount typed without one (ISO 4217: USD, EUR, GBP…)",
		set: func(s *Settings, v string) error {
			c, err := model.ParseCurrency(v)
			s.Currency = c
			return err
		},
		print: func(s Settings) string { return s.Currency },
	},
	"date-order": {
		help: "how 12/5 reads: mdy (Dec 5) or dmy (12 May)",
		set: func(s *Settings, v string) error {
			o, err := model.ParseDateOrder(v)
			s.DateOrder = o
			return err
		},
		print: func(s Settings) string { return s.DateOrder.String() },
	},
	"week-start": {
		help: "the first day of the week: monday or sunday",
		set: func(s *Settings, v string) error {
			switch strings.ToLower(strings.TrimSpace(v)) {
			case "monday", "mon":
				s.WeekStart = time.Monday
			case "sunday", "sun":
				s.WeekStart = time.Sunday
			default:
				return fmt.Errorf("%q is not a week start; use monday or sunday", v)
			}
			return nil
		},
		print: func(s Settings) string { return strings.ToLower(s.WeekStart.String()) },
	},
}

// SettingKeys lists the settings with what each means, sorted.
func SettingKeys() [][2]string {
	var out [][2]string
	for k, s := range settingKeys {
		out = append(out, [2]string{k, s.help})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// Settings reads the settings, defaults filling in what was never set.
func (s *Store) Settings(ctx context.Context) (Settings, error) {
	return s.settings(ctx, s.r)
}

func (s *Store) settings(ctx context.Context, q querier) (Settings, error) {
	out := DefaultSettings()
	rows, err := q.QueryContext(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return out, explain(s.path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return out, fmt.Errorf("reading settings: %w", err)
		}
		if def, ok := settingKeys[k]; ok {
			// A value this rolo cannot read keeps the default.
			_ = def.set(&out, v)
		}
	}
	return out, explain(s.path, rows.Err())
}

// Setting prints one setting's value.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	def, ok := settingKeys[key]
	if !ok {
		return "", unknownSetting(key)
	}
	all, err := s.Settings(ctx)
	return def.print(all), err
}

// SetSetting checks and saves one setting.
func (s *Store) SetSetting(ctx context.Context, key, value string) (string, error) {
	def, ok := settingKeys[key]
	if !ok {
		return "", unknownSetting(key)
	}
	var parsed Settings
	if err := def.set(&parsed, value); err != nil {
		return "", &model.FieldError{Field: key, Problem: err.Error()}
	}
	stored := def.print(parsed)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, stored)
		return err
	})
	if err == nil {
		s.applySettings(ctx)
	}
	return stored, err
}

func unknownSetting(key string) error {
	names := make([]string, 0, len(settingKeys))
	for k := range settingKeys {
		names = append(names, k)
	}
	sort.Strings(names)
	return problem(ErrNotFound, nil, "there is no setting %q; the settings are %s", model.Clean(key), strings.Join(names, ", "))
}

// applySettings gives the store's clock the user's week start and date
// order.
func (s *Store) applySettings(ctx context.Context) {
	if st, err := s.settings(ctx, s.r); err == nil {
		s.clock.WeekStart, s.clock.DateOrder = st.WeekStart, st.DateOrder
	}
}
