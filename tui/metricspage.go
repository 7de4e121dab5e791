package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"rolo/model"
)

// The Metrics tab is one page taller than most screens: the two panels of
// figures, the trends and the forecast, one under the other (the panels
// side by side when there is room). The cursor rests on a stop — a figure
// or a chart — and the page scrolls to keep it in sight.

// stop is a place the cursor can rest: where it is drawn on the page
// (x, y, w, h) and what enter opens; reveal is the line the page scrolls
// up to when the stop comes into sight from below (its section's title).
type stop struct {
	id         string
	group      string // the panel or chart it belongs to
	x, y, w, h int
	reveal     int
	open       func() tea.Cmd
}

// metricsPage is the page as drawn for one size and theme, and which of
// its stops is selected.
type metricsPage struct {
	lines    []string
	stops    []stop
	selected int // index of the selected stop, -1 if none
}

// stop is the stop with id, else the selected one.
func (p metricsPage) stop(id string) (stop, bool) {
	for _, s := range p.stops {
		if s.id == id {
			return s, true
		}
	}
	if p.selected >= 0 {
		return p.stops[p.selected], true
	}
	return stop{}, false
}

// pageCache keeps the drawn page until the figures, the size or the
// theme change: moving the cursor only marks another stop (drawing the
// charts on every key or spinner tick would waste the frame budget).
type pageCache struct {
	valid bool
	dark  bool
	page  metricsPage
	last  int // index of the stop last selected, for when it goes away
}

func (c *pageCache) reset() { c.valid = false }

// Tiles are at least tileWidth cells wide, tileGap apart.
const (
	tileWidth = 34
	tileGap   = 2
)

// layout is the page (drawn, or from the cache) with the selected stop:
// the one under the cursor, else the one at the place last selected.
func (v *metricsView) layout() metricsPage {
	st := v.ctx.styles
	c := &v.page
	if !c.valid || c.dark != st.isDark {
		c.valid, c.dark, c.page = true, st.isDark, v.build()
	}
	p := c.page
	p.selected = -1
	for i, s := range p.stops {
		if s.id == v.cursor {
			p.selected = i
		}
	}
	if p.selected < 0 && len(p.stops) > 0 {
		p.selected = min(c.last, len(p.stops)-1)
	}
	if p.selected >= 0 {
		c.last = p.selected
	}
	return p
}

// pageBuilder collects the lines and stops of the page.
type pageBuilder struct {
	st    Styles
	w     int
	lines []string
	stops []stop
}

func (b *pageBuilder) add(lines ...string) {
	for _, l := range lines {
		b.lines = append(b.lines, pad(l, b.w))
	}
}

// section starts a titled part of the page and returns its title's line.
func (b *pageBuilder) section(name string) int {
	if len(b.lines) > 0 {
		b.add("")
	}
	b.add(sectionTitle(b.st, name, b.w))
	return len(b.lines) - 1
}

func sectionTitle(st Styles, name string, w int) string {
	return st.Title.Render(name) + " " + st.Rule.Render(strings.Repeat("─", max(0, w-lipgloss.Width(name)-1)))
}

// block adds lines as one stop.
func (b *pageBuilder) block(id string, reveal int, open func() tea.Cmd, lines []string) {
	b.stops = append(b.stops, stop{id: id, group: id, x: 0, y: len(b.lines), w: b.w, h: len(lines), reveal: reveal, open: open})
	b.add(lines...)
}

// build draws the page, nothing selected.
func (v *metricsView) build() metricsPage {
	st := v.ctx.styles
	w := max(20, v.width)
	b := &pageBuilder{st: st, w: w}
	cur, prev := v.report()
	shown := cur
	if shown == nil && v.shown != nil {
		shown = v.shown
	}
	switch {
	case v.err != nil && cur == nil:
		b.add(st.Danger.Render(safe("The figures could not be computed: "+v.err.Error(), w)),
			st.Subtle.Render("ctrl+r tries again."))
	case shown == nil:
		b.add(st.Subtle.Render("Computing the figures for " + v.period.Label() + "…"))
	default:
		selling, account := v.figureTiles(*shown, prev, cur == nil)
		v.panels(b, selling, account)
	}
	v.trendSections(b, cur)
	return metricsPage{lines: b.lines, stops: b.stops, selected: -1}
}

// marked is line y of the page as drawn, with the selection mark when it
// belongs to the selected stop: a bar down its left edge, ▸ on its first
// line, so the selection shows with or without colour.
func (p metricsPage) marked(st Styles, y int) string {
	if p.selected < 0 {
		return p.lines[y]
	}
	s := p.stops[p.selected]
	switch {
	case y == s.y:
		return overwrite(p.lines[y], s.x, st.Accent.Render("▸"))
	case y > s.y && y < s.y+s.h:
		return overwrite(p.lines[y], s.x, st.Accent.Render("┃"))
	}
	return p.lines[y]
}

// overwrite replaces the cell at x of a (styled) line with glyph.
func overwrite(line string, x int, glyph string) string {
	return ansi.Cut(line, 0, x) + glyph + ansi.Cut(line, x+1, lipgloss.Width(line))
}

// panels lays out Selling and Account management: side by side when at
// least three tiles fit across (the columns split so the two end level),
// else one under the other.
func (v *metricsView) panels(b *pageBuilder, selling, account []tile) {
	st, w := b.st, b.w
	cols := max(1, (w+tileGap)/(tileWidth+tileGap))
	if cols < 3 {
		top := b.section("Selling")
		v.grid(b, "selling", selling, 0, w, cols, top)
		top = b.section("Account management")
		v.grid(b, "account", account, 0, w, cols, top)
		return
	}
	const sep = 3 // " │ "
	best, bestH := 1, -1
	for cs := 1; cs < cols; cs++ {
		h := max(gridHeight(selling, cs), gridHeight(account, cols-cs))
		if bestH < 0 || h < bestH {
			best, bestH = cs, h
		}
	}
	ws := (w - sep) * best / cols
	wa := w - sep - ws
	left := &pageBuilder{st: st, w: ws}
	left.add(sectionTitle(st, "Selling", ws))
	v.grid(left, "selling", selling, 0, ws, best, 0)
	right := &pageBuilder{st: st, w: wa}
	right.add(sectionTitle(st, "Account management", wa))
	v.grid(right, "account", account, 0, wa, cols-best, 0)
	y0 := len(b.lines)
	rule := st.Rule.Render(" │ ")
	for i := range max(len(left.lines), len(right.lines)) {
		l, r := strings.Repeat(" ", ws), strings.Repeat(" ", wa)
		if i < len(left.lines) {
			l = left.lines[i]
		}
		if i < len(right.lines) {
			r = right.lines[i]
		}
		b.lines = append(b.lines, l+rule+r)
	}
	for _, s := range left.stops {
		s.y += y0
		s.reveal += y0
		b.stops = append(b.stops, s)
	}
	for _, s := range right.stops {
		s.x += ws + sep
		s.y += y0
		s.reveal += y0
		b.stops = append(b.stops, s)
	}
}

// tileHeight is the lines a tile takes.
func tileHeight(t tile) int {
	h := 1 + len(t.lines)
	if t.inputs != "" {
		h += strings.Count(t.inputs, "\n") + 1
	}
	return h
}

// gridHeight is the lines tiles take in cols columns (a blank line
// between rows).
func gridHeight(tiles []tile, cols int) int {
	h := 0
	for i := 0; i < len(tiles); i += cols {
		row := 0
		for _, t := range tiles[i:min(i+cols, len(tiles))] {
			row = max(row, tileHeight(t))
		}
		h += row + 1
	}
	return h
}

// grid adds tiles in rows of cols, each row as tall as its tallest tile;
// reveal is the line of the panel's title (shown with the first row);
// group names the panel.
func (v *metricsView) grid(b *pageBuilder, group string, tiles []tile, x0, w, cols, reveal int) {
	st := b.st
	tw := (w - (cols-1)*tileGap) / cols
	for i := 0; i < len(tiles); i += cols {
		row := tiles[i:min(i+cols, len(tiles))]
		h := 0
		for _, t := range row {
			h = max(h, tileHeight(t))
		}
		y := len(b.lines)
		cells := make([][]string, len(row))
		x := x0
		for j, t := range row {
			cw := tw
			if j == cols-1 {
				cw = w - x // the last column takes what division left over
			}
			cells[j] = drawTile(st, t, cw, h)
			b.stops = append(b.stops, stop{id: t.id, group: group, x: x, y: y, w: cw, h: tileHeight(t), reveal: min(reveal, y), open: t.open})
			if i > 0 {
				b.stops[len(b.stops)-1].reveal = y
			}
			x += cw + tileGap
		}
		for line := range h {
			var sb strings.Builder
			for j, c := range cells {
				if j > 0 {
					sb.WriteString(strings.Repeat(" ", tileGap))
				}
				sb.WriteString(c[line])
			}
			b.add(sb.String())
		}
		b.add("")
	}
}

// drawTile draws a tile w cells wide and h lines tall: its label, its
// values large with their changes at the right, and its inputs. The
// first cell of each line is left for the selection mark.
func drawTile(st Styles, t tile, w, h int) []string {
	cw := max(1, w-2)
	out := []string{"  " + pad(st.ColumnHead.Render(ansi.Truncate(t.label, cw, "…")), cw)}
	for _, l := range t.lines {
		value := l.value
		if l.short != "" && lipgloss.Width(l.prefix+value)+1+lipgloss.Width(l.change) > cw {
			value = l.short
		}
		left := st.Subtle.Render(l.prefix) + st.Figure.Render(value)
		out = append(out, "  "+spread(left, changeStyle(st, l).Render(l.change), cw))
	}
	if t.inputs != "" {
		for _, in := range strings.Split(t.inputs, "\n") {
			out = append(out, "  "+st.Subtle.Render(pad(ansi.Truncate(in, cw, "…"), cw)))
		}
	}
	for len(out) < h {
		out = append(out, strings.Repeat(" ", w))
	}
	for i, l := range out {
		out[i] = pad(l, w)
	}
	return out
}

// changeStyle colours a change by whether it is good news.
func changeStyle(st Styles, l tileLine) lipgloss.Style {
	d := changeDirection(l.change)
	if l.lowerIsBetter {
		d = -d
	}
	switch d {
	case 1:
		return st.Success
	case -1:
		return st.Danger
	}
	return st.Subtle
}

// trendSections adds the trends (revenue by month, the quarters, the
// funnel of the period r) and the honest forecast.
func (v *metricsView) trendSections(b *pageBuilder, r *model.Report) {
	st, w := b.st, b.w
	today := v.ctx.clock.Today()
	top := b.section("Trends")
	switch {
	case v.trendsErr != nil:
		b.add(st.Danger.Render(safe("The trends could not be computed: "+v.trendsErr.Error(), w)))
	case v.trends == nil:
		b.add(st.Subtle.Render("Drawing the trends…"))
	default:
		t := v.trends
		lines := []string{st.Bold.Render("Revenue won by month") + st.Subtle.Render(" · "+monthSpan(t.Months)+" (to date) · a chart per currency, never added"),
			revenueLegend(st)}
		currencies := revenueCurrencies(t.Months)
		if len(currencies) == 0 {
			lines = append(lines, st.Subtle.Render("No deal won in the last 12 months."))
		}
		h := 5
		if v.height >= 30 {
			h = 7
		}
		room := w - 2 // the charts are indented
		per := max(1, min(len(currencies), (room+2)/(revenueChartWidth+2)))
		cw := (room - (per-1)*2) / per
		for i := 0; i < len(currencies); i += per {
			var charts [][]string
			for _, cur := range currencies[i:min(i+per, len(currencies))] {
				charts = append(charts, revenueChart(st, t.Months, cur, cw, h))
			}
			for line := range charts[0] {
				parts := make([]string, len(charts))
				for j := range charts {
					parts[j] = charts[j][line]
				}
				lines = append(lines, strings.Join(parts, "  "))
			}
		}
		b.block("trend:revenue", top, nil, indent(lines))
		b.add("")
		q := append([]string{st.Bold.Render("By quarter, last 8") + st.Subtle.Render(" · "+quarterSpan(t.Quarters))},
			quarterLines(st, t.Quarters, w-2)...)
		b.block("trend:quarters", top, nil, indent(q))
	}
	if r != nil {
		b.add("")
		f := append([]string{st.Bold.Render("Funnel") + st.Subtle.Render(fmt.Sprintf(" · the %s created in the period, by furthest stage",
			plural(r.Funnel.Cohort, "new deal")))}, funnelLines(st, r.Funnel, w-2)...)
		c, p, rep := v.ctx, r.Period, *r
		b.block("funnel", top, func() tea.Cmd { return push(newConversionDrill(c, p, rep, 0)) }, indent(f))
	}
	top = b.section("Honest forecast")
	switch {
	case v.trendsErr != nil:
		b.add(st.Subtle.Render("Not available: the trends failed to load."))
	case v.forecast == nil:
		b.add(st.Subtle.Render("Weighing the pipeline…"))
	default:
		c, p := v.ctx, v.period
		var rep model.Report
		if r != nil {
			rep = *r
		}
		open := func() tea.Cmd { return push(newPipelineDrill(c, p, rep)) }
		if r == nil {
			open = nil
		}
		b.block("forecast", top, open, indent(forecastLines(st, *v.forecast, w-2, today)))
	}
}

// indent shifts lines right by two cells (room for the selection mark).
func indent(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = "  " + l
	}
	return out
}
