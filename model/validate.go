package model

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// FieldError says which field is wrong and how to fix it, so a form can
// show the message next to the field.
type FieldError struct {
	Field   string
	Problem string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Problem }

func fieldErr(field, format string, args ...any) error {
	return &FieldError{Field: field, Problem: fmt.Sprintf(format, args...)}
}

// FieldOf returns the field an error is about, or "" if it is not a
// FieldError.
func FieldOf(err error) string {
	var fe *FieldError
	if errors.As(err, &fe) {
		return fe.Field
	}
	return ""
}

// Limits on free text so that one pasted novel cannot bloat the file or a
// screen.
const (
	MaxNameLen = 200
	MaxTextLen = 20_000
)

func checkName(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return fieldErr(field, "required")
	}
	if utf8.RuneCountInString(v) > MaxNameLen {
		return fieldErr(field, "too long (at most %d characters)", MaxNameLen)
	}
	// Text is kept verbatim, NUL included, but SQLite's text functions
	// stop at a NUL, so a name that starts with one reads as empty there.
	if i := strings.IndexByte(v, 0); i >= 0 && strings.TrimSpace(v[:i]) == "" {
		return fieldErr(field, "starts with a NUL character, which rolo cannot keep as a name (if it comes from a file, save the file as UTF-8)")
	}
	return nil
}

func checkText(field, v string) error {
	if utf8.RuneCountInString(v) > MaxTextLen {
		return fieldErr(field, "too long (at most %d characters)", MaxTextLen)
	}
	return nil
}

func checkMoney(field string, m Money) error {
	if m.Minor < 0 {
		return fieldErr(field, "cannot be negative")
	}
	if m.Minor > MaxMinor {
		return fieldErr(field, "too large (the limit is 10^15 minor units)")
	}
	if !IsCurrency(m.Currency) {
		return fieldErr(field, "%q is not an ISO 4217 currency code", m.Currency)
	}
	return nil
}

func checkPercent(field string, p int) error {
	if p < 0 || p > 100 {
		return fieldErr(field, "must be between 0 and 100")
	}
	return nil
}

func checkDate(field string, d Date) error {
	if d.IsZero() {
		return nil
	}
	if d.Year < MinYear || d.Year > MaxYear {
		return fieldErr(field, "the year must be between %d and %d", MinYear, MaxYear)
	}
	if NewDate(d.Year, d.Month, d.Day) != d {
		return fieldErr(field, "%04d-%02d-%02d is not a real date", d.Year, d.Month, d.Day)
	}
	return nil
}

func oneOf[T ~string](field string, v T, allowed []T) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	return fieldErr(field, "%q is not one of %s", string(v), strings.Join(names, ", "))
}
