package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Moving over the Metrics page: j/k go to the stop below or above
// (preferring one in the same column), h/l to the one beside (else the
// previous or next in reading order, so they reach every stop), g/G to
// the first and last, pgdn/pgup a screen at a time.

// navigate moves the cursor for a movement key; false for other keys.
func (v *metricsView) navigate(msg tea.KeyPressMsg) bool {
	l, m := v.ctx.keys.List, v.ctx.keys.Metrics
	p := v.layout()
	if len(p.stops) == 0 {
		return key.Matches(msg, l.Up, l.Down, m.Left, m.Right, l.Top, l.Bottom, l.PageUp, l.PageDown)
	}
	at := p.stops[p.selected]
	next := p.selected
	switch {
	case key.Matches(msg, l.Down):
		next = nearestVertical(p.stops, p.selected, 1)
	case key.Matches(msg, l.Up):
		next = nearestVertical(p.stops, p.selected, -1)
	case key.Matches(msg, m.Right):
		next = nearestBeside(p.stops, p.selected, 1)
	case key.Matches(msg, m.Left):
		next = nearestBeside(p.stops, p.selected, -1)
	case key.Matches(msg, l.Top):
		next = 0
	case key.Matches(msg, l.Bottom):
		next = len(p.stops) - 1
	case key.Matches(msg, l.PageDown, l.PageUp):
		dir := 1
		if key.Matches(msg, l.PageUp) {
			dir = -1
		}
		for i := next; ; {
			j := nearestVertical(p.stops, i, dir)
			if j == i {
				break
			}
			i, next = j, j
			if abs(p.stops[j].y-at.y) >= v.pageRows()-1 {
				break
			}
		}
	default:
		return false
	}
	v.cursor = p.stops[next].id
	return true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// overlaps reports whether [a, a+aw) and [b, b+bw) share a cell.
func overlaps(a, aw, b, bw int) bool { return a < b+bw && b < a+aw }

// nearestVertical is the stop below (dir 1) or above (-1) stop i: in
// the same panel, the nearest row and in it the nearest column; past the
// panel's edge, the nearest stop in line with it (so j from the last
// figure of Selling goes on to what is under it, not across to Account
// management); i if none.
func nearestVertical(stops []stop, i, dir int) int {
	at := stops[i]
	best, bestScore := i, [4]int{}
	for j, s := range stops {
		dy := (s.y - at.y) * dir
		if j == i || dy <= 0 {
			continue
		}
		dx := abs(s.x - at.x)
		score := [4]int{b2i(s.group != at.group), 0, dy, dx}
		if s.group != at.group {
			score[1] = b2i(!overlaps(s.x, s.w, at.x, at.w))
		}
		if best == i || less(score, bestScore) {
			best, bestScore = j, score
		}
	}
	return best
}

// nearestBeside is the stop right (dir 1) or left (-1) of stop i on the
// same lines, else the next or previous stop in reading order.
func nearestBeside(stops []stop, i, dir int) int {
	at := stops[i]
	best, bestDX := -1, 0
	for j, s := range stops {
		dx := (s.x - at.x) * dir
		if j == i || dx <= 0 || !overlaps(s.y, s.h, at.y, at.h) {
			continue
		}
		if best < 0 || dx < bestDX || dx == bestDX && abs(s.y-at.y) < abs(stops[best].y-at.y) {
			best, bestDX = j, dx
		}
	}
	if best >= 0 {
		return best
	}
	return max(0, min(len(stops)-1, i+dir))
}

func less(a, b [4]int) bool {
	for k := range a {
		if a[k] != b[k] {
			return a[k] < b[k]
		}
	}
	return false
}

// pageRows is how many lines of the page show under the period line.
func (v *metricsView) pageRows() int { return max(1, v.height-1) }

// scroll moves the page so the selected stop shows, with its section's
// title when it is the first of its section.
func (v *metricsView) scroll(p metricsPage) {
	rows := v.pageRows()
	if p.selected >= 0 {
		s := p.stops[p.selected]
		bottom := s.y + s.h
		if s.y < v.top {
			v.top = s.reveal
			if s.y-s.reveal >= rows {
				v.top = s.y
			}
		}
		if bottom > v.top+rows {
			v.top = min(s.y, bottom-rows)
			if s.reveal < v.top && bottom-s.reveal <= rows {
				v.top = s.reveal
			}
		}
	}
	v.top = max(0, min(v.top, len(p.lines)-rows))
}

func (v *metricsView) view() string {
	st := v.ctx.styles
	p := v.layout()
	v.scroll(p)
	rows := v.pageRows()
	end := min(len(p.lines), v.top+rows)
	more := ""
	switch {
	case v.top > 0 && end < len(p.lines):
		more = "↑↓ more"
	case v.top > 0:
		more = "↑ more"
	case end < len(p.lines):
		more = "↓ more"
	}
	lines := []string{v.header(st.Faint.Render(more))}
	for y := v.top; y < end; y++ {
		lines = append(lines, p.marked(st, y))
	}
	return strings.Join(lines, "\n")
}

// header is the period line: which period, what it is compared with, a
// spinner while figures are on their way, and right the scroll state.
func (v *metricsView) header(right string) string {
	st := v.ctx.styles
	spin := ""
	if v.busy() {
		spin = " " + v.spin.View()
	}
	left := " " + st.Title.Render(v.period.Label()) + st.Subtle.Render(" · "+v.period.Phrase()+" · changes against "+v.period.Previous().Label()) + spin
	return spread(left, right, v.width)
}
