package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"rolo/model"
)

// safe cleans untrusted text and cuts it to w cells (with an ellipsis).
func safe(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return ansi.Truncate(model.Clean(s), w, "…")
}

// pad cuts or pads a (styled) string to exactly w cells.
func pad(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := lipgloss.Width(s)
	if sw > w {
		return ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", w-sw)
}

// padLeft right-aligns s in w cells.
func padLeft(s string, w int) string {
	sw := lipgloss.Width(s)
	if sw >= w {
		return ansi.Truncate(s, w, "…")
	}
	return strings.Repeat(" ", w-sw) + s
}

// spread puts left and right at the two ends of w cells, cutting left.
func spread(left, right string, w int) string {
	rw := lipgloss.Width(right)
	if rw >= w {
		return pad(right, w)
	}
	return pad(left, w-rw-1) + " " + right
}

// dueText describes a due date against today: "today", "tomorrow",
// "3d overdue", "Fri", "Dec 4".
func dueText(d, today model.Date) string {
	days := today.DaysUntil(d)
	switch {
	case d.IsZero():
		return ""
	case days == 0:
		return "today"
	case days == 1:
		return "tomorrow"
	case days < 0:
		return fmt.Sprintf("%dd overdue", -days)
	case days < 7:
		return d.Weekday().String()[:3]
	}
	return d.Short(today)
}

// ago is a compact age in calendar days: "today", "3d", "5w", "4mo", "2y".
func ago(t time.Time, now time.Time) string {
	if t.IsZero() {
		return "never"
	}
	// Calendar days in now's zone (the user's), as the command line and the
	// health reasons count them: touched yesterday evening is "1d" this
	// morning, not "today".
	days := model.DateOf(t.In(now.Location())).DaysUntil(model.DateOf(now))
	switch {
	case days <= 0:
		return "today"
	case days < 14:
		return fmt.Sprintf("%dd", days)
	case days < 60:
		return fmt.Sprintf("%dw", days/7)
	case days < 730:
		return fmt.Sprintf("%dmo", days/30)
	}
	return fmt.Sprintf("%dy", days/365)
}

// count formats an integer with thousands separators.
func count(n int) string { return model.Count(n) }

// plural is "1 deal", "3 deals".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return count(n) + " " + word + "s"
}

// shortTitle is a deal's title for places that show its account beside
// it: a leading "Account — " is dropped so the space goes to what the
// deal is. Cleaned for display.
func shortTitle(d model.Deal) string {
	t := model.Clean(d.Title)
	acct := model.Clean(d.AccountName)
	for _, sep := range []string{" — ", " – ", " - ", ": "} {
		if rest, ok := strings.CutPrefix(t, acct+sep); ok && strings.TrimSpace(rest) != "" {
			return rest
		}
	}
	return t
}

// drawCache keeps drawn rows (or cards) between frames: a keystroke
// usually only moves the selection, so most are drawn as they were. Reset
// it whenever the data changes; a new width or theme resets it too.
type drawCache[K comparable, V any] struct {
	drawn map[K]V
	dark  bool
	width int
}

func (c *drawCache[K, V]) reset() { c.drawn = nil }

func (c *drawCache[K, V]) get(k K, st Styles, width int, draw func() V) V {
	if c.drawn == nil || c.dark != st.isDark || c.width != width {
		c.drawn, c.dark, c.width = map[K]V{}, st.isDark, width
	}
	if v, ok := c.drawn[k]; ok {
		return v
	}
	v := draw()
	c.drawn[k] = v
	return v
}
