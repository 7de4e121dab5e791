package model

import (
	"slices"
	"strings"
	"testing"
)

// The payloads of the terminal-safety notes (§3.2): each must reach the
// screen as inert, visible text.
func TestClean(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain ASCII", "Acme Corp, Inc. (EMEA) #1", "Acme Corp, Inc. (EMEA) #1"},
		{"empty", "", ""},
		{"non-Latin text survives", "Zoë Ünal — Café 日本 😀 שלום e\u0301", "Zoë Ünal — Café 日本 😀 שלום e\u0301"},
		{"a real U+FFFD stays", "a\uFFFDb", "a\uFFFDb"},

		{"OSC 52 clipboard write", "\x1b]52;c;SGVsbG8=\x07", "^[]52;c;SGVsbG8=^G"},
		{"OSC 8 hyperlink, BEL", "\x1b]8;;https://evil.example/\x07Click\x1b]8;;\x07", "^[]8;;https://evil.example/^GClick^[]8;;^G"},
		{"OSC 8 hyperlink, ST", "\x1b]8;;http://x.example\x1b\\Acme\x1b]8;;\x1b\\", "^[]8;;http://x.example^[\\Acme^[]8;;^[\\"},
		{"OSC 0 window title", "\x1b]0;pwned\x07Name", "^[]0;pwned^GName"},
		{"CSI 2J clear screen", "\x1b[2JAcme", "^[[2JAcme"},
		{"CSI 1A cursor up", "Acme\x1b[1A\x1b[2K", "Acme^[[1A^[[2K"},
		{"SGR 8 conceal", "\x1b[8mhidden\x1b[0m", "^[[8mhidden^[[0m"},
		{"C1 CSI U+009B", "\u009b31mRed", "<U+009B>31mRed"},
		{"C1 OSC U+009D … ST U+009C", "\u009d52;c;AAAA\u009c", "<U+009D>52;c;AAAA<U+009C>"},
		{"C1 DCS and APC", "\u0090q\u009f", "<U+0090>q<U+009F>"},
		{"C1 U+0080", "\u0080", "<U+0080>"},
		{"raw byte 0x9B", "\x9b31mRed", "\uFFFD31mRed"},
		{"raw bytes 0x9D…0x9C", "\x9d52;c;AAAA\x9c", "\uFFFD52;c;AAAA\uFFFD"},
		{"CR overwrite spoof", "Legit Supplier Ltd\rEvil", "Legit Supplier Ltd Evil"},
		{"trailing CR", "Acme\r", "Acme "},
		{"BS", "abc\b\b\bXYZ", "abc^H^H^HXYZ"},
		{"BEL", "ding\a", "ding^G"},
		{"NUL", "a\x00b", "a^@b"},
		{"ESC alone", "\x1b", "^["},
		{"unit separator", "\x1f", "^_"},
		{"DEL", "a\x7fb", "a^?b"},
		{"LF", "line one\nline two", "line one line two"},
		{"CRLF is one space", "line one\r\nline two", "line one line two"},
		{"two CRLFs", "a\r\n\r\nb", "a  b"},
		{"LF CR", "a\n\rb", "a  b"},
		{"tab", "Name\tValue", "Name Value"},
		{"VT and FF", "a\vb\fc", "a b c"},
		{"NEL U+0085 is a line break", "a\u0085b", "a b"},
		{"LS and PS", "a\u2028b\u2029c", "a b c"},
		{"DCS XTGETTCAP", "\x1bP+q544e\x1b\\", "^[P+q544e^[\\"},
		{"APC kitty graphics", "\x1b_Gf=100,a=T;AAAA\x1b\\", "^[_Gf=100,a=T;AAAA^[\\"},
		{"unterminated OSC keeps the text after it", "Acme\x1b]52;c;AAAA then more text", "Acme^[]52;c;AAAA then more text"},
		{"XTVERSION loop (CVE-2022-46663)", "\x1b]8;;\x1b0m\x1b[>0q", "^[]8;;^[0m^[[>0q"},
		{"U+202E bidi override", "invoice\u202Efdp.exe", "invoicefdp.exe"},
		{"all bidi controls", "a\u202Ab\u202Bc\u202Cd\u202De\u2066f\u2067g\u2068h\u2069i\u200Ej\u200Fk\u061Cl", "abcdefghijkl"},
		{"U+200B zero-width space", "Ac\u200Bme", "Acme"},
		{"zero-width joiners and word joiner", "a\u200Cb\u200Dc\u2060d", "abcd"},
		{"U+FEFF BOM", "\uFEFFName", "Name"},
		{"invisible operators and tags", "a\u2062b\u180Ec\U000E0041\U000E007Fd\uFFF9e", "abcde"},
		{"invalid UTF-8", "\xff\xfeAcme", "\uFFFD\uFFFDAcme"},
		{"truncated sequence", "Caf\xc3", "Caf\uFFFD"},
		{"overlong encoding", "\xc0\xaf", "\uFFFD\uFFFD"},
		{"surrogate half", "\xed\xa0\x80", "\uFFFD\uFFFD\uFFFD"},
		{"mixed", "\x1b[31m\u202eRED\u200b\r\n\x00", "^[[31mRED ^@"},
	}
	for _, tt := range tests {
		got := Clean(tt.in)
		if got != tt.want {
			t.Errorf("%s: Clean(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
		if again := Clean(got); again != got {
			t.Errorf("%s: Clean is not idempotent: %q → %q", tt.name, got, again)
		}
		if strings.ContainsAny(got, "\x1b\r\n\t\x07\x08\x00\u009b\u009d") {
			t.Errorf("%s: Clean(%q) = %q still holds a control character", tt.name, tt.in, got)
		}
	}
}

func TestCleanLines(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", []string{""}},
		{"one line", []string{"one line"}},
		{"line one\r\nline two\nthree", []string{"line one", "line two", "three"}},
		{"ends with a break\n", []string{"ends with a break", ""}},
		{"a\n\nb", []string{"a", "", "b"}},
		{"lone CR\rstays on the line", []string{"lone CR stays on the line"}},
		{"tab\there\n\x1b[2Jwipe\n\u202eevil", []string{"tab here", "^[[2Jwipe", "evil"}},
		{"\u009d52;c;AAAA\u009c\r\nnext", []string{"<U+009D>52;c;AAAA<U+009C>", "next"}},
	}
	for _, tt := range tests {
		if got := CleanLines(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("CleanLines(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCleanHostileCorpus: every entry of the shared corpus comes out of
// Clean inert (nothing a terminal acts on or hides) and stable.
func TestCleanHostileCorpus(t *testing.T) {
	for _, h := range HostileTexts() {
		out := Clean(h.Text)
		for _, r := range out {
			if IsTerminalControl(r) {
				t.Errorf("%s: %U survived Clean", h.Name, r)
				break
			}
		}
		if Clean(out) != out {
			t.Errorf("%s: Clean is not idempotent", h.Name)
		}
		if q := Quote(h.Text); len([]rune(q)) > quoteMax+2 {
			t.Errorf("%s: Quote is %d characters long", h.Name, len([]rune(q)))
		}
	}
}
