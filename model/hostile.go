package model

import "strings"

// Hostile is one entry of the hostile-text corpus.
type Hostile struct {
	Name string
	Text string
}

// HostileTexts is the one corpus of untrusted text every output path is
// tested with (names and notes can come from imported files, and a
// terminal acts on what it is sent): escape sequences that write the
// clipboard, plant links, clear the screen or hide text; 8-bit C1
// controls, raw and encoded; bare control characters; text reordering and
// invisible characters; invalid UTF-8; and a 60 KB string. Tests assert
// that none of it reaches a terminal as anything but visible, inert text.
func HostileTexts() []Hostile {
	return []Hostile{
		{"OSC 52 clipboard write", "Acme\x1b]52;c;SGVsbG8=\x07 Corp"},
		{"OSC 8 hyperlink", "\x1b]8;;https://evil.example/\x07Click me\x1b]8;;\x07"},
		{"CSI 2J clear screen", "\x1b[2J\x1b[HAcme"},
		{"SGR 8 conceal", "Acme\x1b[8m hidden\x1b[0m"},
		{"C1 CSI U+009B", "Acme \u009b31mred"},
		{"C1 OSC U+009D … ST U+009C", "Acme \u009d52;c;SGVsbG8=\u009c"},
		{"raw byte 0x9B", "Acme \x9b31mred"},
		{"CR overwrite", "Legit Supplier Ltd\rEvil"},
		{"BS", "Acme\b\b\b\bEvil"},
		{"BEL", "Acme\a"},
		{"NUL", "Ac\x00me"},
		{"DCS XTGETTCAP", "Acme\x1bP+q544e\x1b\\"},
		{"APC kitty graphics", "Acme\x1b_Gf=100,a=T;AAAA\x1b\\"},
		{"unterminated OSC", "Acme\x1b]52;c;AAAA then more text"},
		{"U+202E bidi override", "invoice\u202Efdp.exe"},
		{"U+200B zero-width space", "Ac\u200Bme"},
		{"invalid UTF-8", "\xff\xfeAcme\xc3"},
		{"60 KB", strings.Repeat("Acme Corporation ", 60_000/17+1)},
	}
}
