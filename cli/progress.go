package cli

import (
	"fmt"
	"io"
	"time"
)

// progress shows how an import is going once it has taken more than half
// a second: a bar redrawn in place on a terminal (rows, rows/s, ETA), a
// plain line every few seconds otherwise.
type progress struct {
	w     io.Writer
	term  bool
	total int64 // bytes to read
	start time.Time
	last  time.Time
	rows  int
	shown bool
}

const progressAfter = 500 * time.Millisecond

func (a *app) newProgress(total int64) *progress {
	return &progress{w: a.errOut, term: isTerminal(a.errOut), total: total, start: time.Now()}
}

// tick counts a row; done is the bytes read so far.
func (p *progress) tick(done int64) {
	p.rows++
	if p.rows%1024 != 0 {
		return
	}
	now := time.Now()
	elapsed := now.Sub(p.start)
	if elapsed < progressAfter {
		return
	}
	every := 100 * time.Millisecond
	if !p.term {
		every = 2 * time.Second
	}
	if p.shown && now.Sub(p.last) < every {
		return
	}
	p.last, p.shown = now, true
	rate := float64(p.rows) / elapsed.Seconds()
	line := fmt.Sprintf("importing %s rows  %s rows/s", count(p.rows), count(int(rate)))
	if p.total > 0 && done > 0 {
		frac := float64(done) / float64(p.total)
		eta := time.Duration(float64(elapsed) * (1 - frac) / frac).Round(time.Second)
		line = fmt.Sprintf("%3.0f%%  %s  ETA %s", 100*frac, line, eta)
		if p.term { // a log gets plain text, not block characters
			line = bar(frac, 24) + " " + line
		}
	}
	if p.term {
		fmt.Fprintf(p.w, "\r\x1b[K%s", line)
	} else {
		fmt.Fprintln(p.w, line)
	}
}

// finish clears the bar.
func (p *progress) finish() {
	if p.shown && p.term {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

func bar(frac float64, width int) string {
	full := int(frac * float64(width))
	b := make([]rune, width)
	for i := range b {
		b[i] = '░'
		if i < full {
			b[i] = '█'
		}
	}
	return string(b)
}
