package model

import (
	"strings"
	"time"
)

// CadenceNone asks for an account with no check-in cadence when creating
// one (a cadence of 0 given to a new account means its tier's default).
const CadenceNone = -1

// DefaultCadence is how often an account of tier expects a check-in:
// enterprise every 14 days, mid-market 30, smb 60, anything else 30.
func DefaultCadence(tier string) int {
	switch strings.ToLower(strings.TrimSpace(tier)) {
	case "enterprise":
		return 14
	case "smb":
		return 60
	}
	return DefaultCadenceDays
}

// CheckInDue is the day the account's next check-in is due: the next
// check-in date set on the last check-in, if any; else the day of the
// last touch (in loc) plus the cadence. An account never touched counts
// from the day it became a customer, else from the day it was added. Zero
// when the account has no cadence and no date set.
func (a Account) CheckInDue(loc *time.Location) Date {
	if !a.NextCheckIn.IsZero() {
		return a.NextCheckIn
	}
	if a.CadenceDays <= 0 {
		return Date{}
	}
	if from := a.cadenceStart(loc); !from.IsZero() {
		return from.AddDays(a.CadenceDays)
	}
	return Date{}
}

// cadenceStart is the day the cadence counts from: the last touch, else
// customer since, else the day the account was added.
func (a Account) cadenceStart(loc *time.Location) Date {
	if loc == nil {
		loc = time.Local
	}
	switch {
	case !a.LastTouchAt.IsZero():
		return DateOf(a.LastTouchAt.In(loc))
	case !a.CustomerSince.IsZero():
		return a.CustomerSince
	case !a.CreatedAt.IsZero():
		return DateOf(a.CreatedAt.In(loc))
	}
	return Date{}
}

// Rank orders severities: low 0, normal 1, high 2, urgent 3 (-1 if
// unknown).
func (s Severity) Rank() int {
	for i, v := range Severities {
		if v == s {
			return i
		}
	}
	return -1
}

// ParseSeverity reads a severity typed by a person ("urgent", "High").
func ParseSeverity(s string) (Severity, error) {
	v := Severity(strings.ToLower(strings.TrimSpace(s)))
	if v == "" {
		return SevNormal, nil
	}
	if err := oneOf("severity", v, Severities); err != nil {
		return "", err
	}
	return v, nil
}
