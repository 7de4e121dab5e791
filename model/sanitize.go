package model

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Clean makes untrusted text (names, notes, imported fields, anything a
// person or a file supplied) safe to draw in one terminal cell or line:
// invalid UTF-8 becomes U+FFFD; tabs and line breaks become spaces; other
// C0 controls and DEL are shown in caret form (^[, ^?); C1 controls are
// written as <U+009B>; bidi and zero-width controls are dropped. Nothing
// that reaches the terminal can start an escape sequence, move the cursor
// or reorder text. Text is stored verbatim and cleaned only for display;
// Clean(Clean(s)) == Clean(s).
func Clean(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			b.WriteRune(utf8.RuneError)
			i++
			continue
		}
		i += size
		switch {
		case r == '\r' && i < len(s) && s[i] == '\n':
			// CRLF becomes one space, like LF.
		case r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == '\u2028' || r == '\u2029' || r == '\u0085':
			b.WriteByte(' ')
		case r < 0x20:
			b.WriteByte('^')
			b.WriteByte(byte(r) + 0x40)
		case r == 0x7f:
			b.WriteString("^?")
		case r >= 0x80 && r <= 0x9f:
			fmt.Fprintf(&b, "<U+%04X>", r)
		case IsInvisibleControl(r):
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// CleanLines splits multi-line text (notes) into cleaned display lines.
func CleanLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Clean(l)
	}
	return lines
}

// isClean is the fast path: plain printable ASCII needs no work.
func isClean(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// IsInvisibleControl reports bidi controls, zero-width characters and
// other invisible format characters that can reorder or hide text.
func IsInvisibleControl(r rune) bool {
	switch {
	case r == '\u061c', r == '\u200e', r == '\u200f', r == '\u180e':
		return true
	case r >= '\u202a' && r <= '\u202e':
		return true
	case r >= '\u2066' && r <= '\u2069':
		return true
	case r >= '\u200b' && r <= '\u200d', r == '\u2060', r == '\ufeff':
		return true
	case r >= '\u2061' && r <= '\u2064', r >= '\u206a' && r <= '\u206f':
		return true
	case r >= '\ufff9' && r <= '\ufffb':
		return true
	case r >= 0xe0000 && r <= 0xe007f: // tag characters
		return true
	}
	return false
}

// IsTerminalControl reports a character a terminal acts on or hides
// rather than shows: C0 controls, DEL, C1 controls, and invisible format
// characters. JSON output escapes these (as \u009b) so a script's output
// piped to a terminal is as inert as rolo's own tables.
func IsTerminalControl(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == '\u2028' || r == '\u2029' || IsInvisibleControl(r)
}

// quoteMax is how much of a piece of typed text a message echoes.
const quoteMax = 60

// Quote shows text a person typed inside a message: cleaned like every
// other string on the screen, cut to 60 characters with "…" (a pasted
// page is never echoed back whole), and in double quotes.
func Quote(s string) string {
	s = Clean(s)
	if utf8.RuneCountInString(s) > quoteMax {
		s = string([]rune(s)[:quoteMax-1]) + "…"
	}
	return `"` + s + `"`
}
