package store

import (
	"database/sql"
	"fmt"
	"time"

	"rolo/model"
)

// scanner is what *sql.Row and *sql.Rows share.
type scanner interface{ Scan(dest ...any) error }

// dateArg stores a civil date as YYYY-MM-DD, or NULL when unset.
func dateArg(d model.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// timeArg stores a moment as UTC RFC 3339, or NULL when unset.
func timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return timestamp(t)
}

func boolArg(b bool) int {
	if b {
		return 1
	}
	return 0
}

// idArg stores an optional reference: 0 means NULL.
func idArg(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func parseDate(ns sql.NullString) (model.Date, error) {
	if !ns.Valid || ns.String == "" {
		return model.Date{}, nil
	}
	d, err := model.ParseISODate(ns.String)
	if err != nil {
		return model.Date{}, fmt.Errorf("stored date: %w", err)
	}
	return d, nil
}

func parseTime(ns sql.NullString) (time.Time, error) {
	if !ns.Valid || ns.String == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, ns.String)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", ns.String, err)
	}
	return t, nil
}

// nullable collects NULL-able text columns and converts them after Scan,
// keeping scan functions flat.
type nullable struct {
	dates []*dateDest
	times []*timeDest
}

type dateDest struct {
	src sql.NullString
	dst *model.Date
}

type timeDest struct {
	src sql.NullString
	dst *time.Time
}

func (n *nullable) date(dst *model.Date) *sql.NullString {
	d := &dateDest{dst: dst}
	n.dates = append(n.dates, d)
	return &d.src
}

func (n *nullable) time(dst *time.Time) *sql.NullString {
	t := &timeDest{dst: dst}
	n.times = append(n.times, t)
	return &t.src
}

func (n *nullable) finish() error {
	for _, d := range n.dates {
		v, err := parseDate(d.src)
		if err != nil {
			return err
		}
		*d.dst = v
	}
	for _, t := range n.times {
		v, err := parseTime(t.src)
		if err != nil {
			return err
		}
		*t.dst = v
	}
	return nil
}
