package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// Progress past half a second: a bar redrawn in place on a terminal, a
// plain line (no block characters, no escapes) in a log.
func TestProgressOnATerminalAndInALog(t *testing.T) {
	for _, term := range []bool{false, true} {
		var out bytes.Buffer
		p := &progress{w: &out, term: term, total: 1000, start: time.Now().Add(-time.Second)}
		for range 2048 {
			p.tick(400)
		}
		p.finish()
		got := out.String()
		if !strings.Contains(got, "40%") || !strings.Contains(got, "rows/s") || !strings.Contains(got, "ETA") {
			t.Errorf("term=%v: %q lacks the figures", term, got)
		}
		fancy := strings.ContainsAny(got, "█░\x1b\r")
		if fancy != term {
			t.Errorf("term=%v: %q (a bar and escapes only on a terminal)", term, got)
		}
	}
}
