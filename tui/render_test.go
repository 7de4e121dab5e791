package tui

import (
	"testing"
	"time"
)

// Ages count calendar days in the user's zone, as the command line and
// the health reasons do: an evening touch is "1d" the next morning, and
// three weeks to the day is "3w" whatever the hour.
func TestAgeCountsCalendarDays(t *testing.T) {
	berlin := time.FixedZone("CET", 3600) // Berlin in November
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, berlin)
	for _, tc := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 11, 27, 0, 5, 0, 0, berlin), "today"},
		{time.Date(2026, 11, 26, 23, 0, 0, 0, berlin), "1d"},
		{time.Date(2026, 11, 26, 22, 30, 0, 0, time.UTC), "1d"},    // 23:30 in Berlin
		{time.Date(2026, 11, 26, 23, 30, 0, 0, time.UTC), "today"}, // 00:30 in Berlin
		{time.Date(2026, 11, 14, 10, 0, 0, 0, berlin), "13d"},
		{time.Date(2026, 11, 6, 18, 0, 0, 0, berlin), "3w"},
		{time.Time{}, "never"},
	} {
		if got := ago(tc.at, now); got != tc.want {
			t.Errorf("ago(%s) = %q, want %q", tc.at, got, tc.want)
		}
	}
}
