package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"rolo/model"
)

// assertInert fails if text that reaches a terminal could act on it:
// an escape or control character, a C1 control (encoded or as a raw
// byte), a bidi or zero-width character, or a line long enough to be a
// pasted page echoed back.
func assertInert(t *testing.T, what, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("%s: invalid UTF-8 reached the terminal", what)
	}
	for i, r := range out {
		if r == '\n' {
			continue
		}
		if model.IsTerminalControl(r) || r == utf8.RuneError && !strings.HasPrefix(out[i:], "\uFFFD") {
			t.Errorf("%s: %U at byte %d reached the terminal: %q", what, r, i, around(out, i))
			return
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if utf8.RuneCountInString(line) > 1000 {
			t.Errorf("%s: a %d-character line reached the terminal: %q…", what, utf8.RuneCountInString(line), line[:80])
			return
		}
	}
}

func around(s string, i int) string {
	return s[max(0, i-30):min(len(s), i+30)]
}

// TestHostileTextOnEveryPath stores every entry of the hostile-text
// corpus as an account, a deal (title and next step), a stage and an
// activity, then runs every command that prints it — tables, messages,
// errors and JSON — and checks nothing active reaches the terminal, while
// JSON still gives back the stored text exactly.
func TestHostileTextOnEveryPath(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	mustRun(t, "init", "--db", db)
	corpus := model.HostileTexts()
	var names []string // stored verbatim
	for _, h := range corpus {
		code, out, errOut := run(t, "add", "account", h.Text, "--allow-duplicate", "--db", db)
		assertInert(t, h.Name+": add account", out+errOut)
		if utf8.RuneCountInString(h.Text) > model.MaxNameLen {
			// Too long to be a name: refused, and never echoed back whole.
			if code != 2 || !strings.Contains(errOut, "too long") {
				t.Errorf("%s: add account: %d %q", h.Name, code, errOut)
			}
			continue
		}
		if code != 0 {
			t.Fatalf("%s: add account: %d %q", h.Name, code, errOut)
		}
		names = append(names, h.Text)
		id := strings.Fields(out)[2] // "Added account N: …"
		id = strings.TrimSuffix(id, ":")
		code, out, errOut = run(t, "add", "deal", "--account", "account:"+id, "--title", h.Text, "--value", "1k",
			"--next", h.Text, "--due", "today", "--db", db)
		assertInert(t, h.Name+": add deal", out+errOut)
		if code != 0 {
			t.Fatalf("%s: add deal: %d %q", h.Name, code, errOut)
		}
		dealID := strings.TrimSuffix(strings.Fields(out)[2], ":")
		_, out, errOut = run(t, "stages", "add", h.Text+" stage", "--db", db)
		assertInert(t, h.Name+": stages add", out+errOut)
		_, out, errOut = run(t, "log", "deal:"+dealID, h.Text, "--db", db)
		assertInert(t, h.Name+": log", out+errOut)
		_, out, errOut = run(t, "log", h.Text, "by name", "--db", db)
		assertInert(t, h.Name+": log by name", out+errOut)
		_, out, errOut = run(t, "move", h.Text, "no such stage", "--db", db)
		assertInert(t, h.Name+": move to a missing stage (lists the stages)", out+errOut)
		_, out, errOut = run(t, "move", "deal:"+dealID, h.Text, "--db", db)
		assertInert(t, h.Name+": move to a hostile stage name", out+errOut)
	}
	for _, args := range [][]string{
		{"accounts", "--limit", "0"}, {"pipeline", "--deals", "--limit", "0"}, {"today", "--limit", "0"}, {"stages"},
		{"undo"}, {"doctor"},
	} {
		code, out, errOut := run(t, append(args, "--db", db)...)
		if code != 0 {
			t.Errorf("%v: %d %q", args, code, errOut)
		}
		assertInert(t, fmt.Sprint(args), out+errOut)
	}

	// JSON: inert on the terminal too, and lossless.
	_, out, _ := run(t, "accounts", "--json", "--limit", "0", "--db", db)
	assertInert(t, "accounts --json", out)
	var accounts []accountJSON
	if err := json.Unmarshal([]byte(out), &accounts); err != nil {
		t.Fatalf("accounts --json: %v", err)
	}
	got := map[string]bool{}
	for _, a := range accounts {
		got[a.Name] = true
	}
	for _, n := range names {
		if want := strings.ToValidUTF8(n, "\uFFFD"); utf8.ValidString(n) && !got[want] {
			t.Errorf("accounts --json lost %q", n)
		}
	}
	for _, args := range [][]string{{"pipeline", "--json", "--deals", "--limit", "0"}, {"today", "--json", "--limit", "0"}, {"stages", "--json"}} {
		_, out, _ := run(t, append(args, "--db", db)...)
		assertInert(t, fmt.Sprint(args), out)
		if !json.Valid([]byte(out)) {
			t.Errorf("%v: not JSON", args)
		}
	}
	_, out, _ = run(t, "today", "--json", "--limit", "0", "--db", db)
	var items []todayJSON
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatal(err)
	}
	steps := map[string]bool{}
	for _, it := range items {
		steps[it.Deal.NextStep] = true
	}
	for _, n := range names {
		if utf8.ValidString(n) && !steps[n] {
			t.Errorf("today --json lost the next step %q", n)
		}
	}
	// Errors and messages that quote what was typed.
	for _, h := range corpus {
		for _, args := range [][]string{
			{"today", "--" + h.Text},
			{"today", "--limit", h.Text},
			{"today", "--db", filepath.Join(t.TempDir(), h.Text, "rolo.db")},
			{"move", h.Text, "won"},
			{"log", "--account", h.Text, "text"},
			{"accounts", "--filter", h.Text},
			{h.Text},
		} {
			if args[0] != "today" || args[1] != "--db" {
				args = append(args, "--db", db)
			}
			_, out, errOut := run(t, args...)
			assertInert(t, fmt.Sprintf("%s: %v", h.Name, args[:2]), out+errOut)
		}
	}
}

// TestJSONEscapesTerminalControls: C1, DEL, bidi and zero-width
// characters come out as \u escapes (a terminal shows JSON too), and
// decoding gives back the very same string, astral characters included.
func TestJSONEscapesTerminalControls(t *testing.T) {
	in := "a\u009b31m b\u202Ec\u200Bd\u007fe\U000E0041f 日本 😀 <&>"
	b, err := marshalJSON(map[string]string{"v": in}, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`\u009b`, `\u202e`, `\u200b`, `\u007f`, `\udb40\udc41`, "日本 😀"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s does not contain %s", b, want)
		}
	}
	assertInert(t, "JSON", string(b))
	var back map[string]string
	if err := json.Unmarshal(b, &back); err != nil || back["v"] != in {
		t.Fatalf("round trip: %q, %v; want %q", back["v"], err, in)
	}
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errOut := run(t, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errOut)
	}
	return out
}
