package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
)

// column is one column of a list drawn as a table. Widths come from the
// content: a column is as wide as its widest loaded cell (and its title),
// within [min, max]; flex columns share what is left of the screen, and
// when the screen is too narrow the columns with the lowest keep are
// dropped first.
type column[T any] struct {
	title string
	right bool
	min   int
	max   int  // 0 = no limit
	flex  bool // takes the room left over
	keep  int  // drop order when too narrow: lower goes first; 0 never goes
	// hideEmpty drops the column while no loaded row has text in it.
	hideEmpty bool
	text      func(T) string
	// style colours the cell when its row is not selected (nil = plain).
	style func(T) lipgloss.Style
}

// tableLayout is the widths chosen for the columns (0 = dropped).
type tableLayout []int

// layoutColumns fits cols into width cells, from the widths of rows.
func layoutColumns[T any](cols []column[T], rows []T, width int) tableLayout {
	natural := make([]int, len(cols))
	for i, c := range cols {
		w := lipgloss.Width(c.title) + 1 // room for a sort arrow
		empty := true
		for _, r := range rows {
			cell := lipgloss.Width(c.text(r))
			w, empty = max(w, cell), empty && cell == 0
		}
		if c.hideEmpty && empty {
			continue // width 0: dropped
		}
		if c.max > 0 {
			w = min(w, c.max)
		}
		natural[i] = max(w, c.min)
	}
	widths := append(tableLayout{}, natural...)
	used := func() int {
		n, shown := 0, 0
		for _, w := range widths {
			if w > 0 {
				n += w
				shown++
			}
		}
		return n + max(0, shown-1) // one space between columns
	}
	// Too wide: take a cell at a time from the widest flex column (so
	// they end up even, each no narrower than its minimum), then drop
	// columns from the lowest keep up.
	for over := used() - width; over > 0; over-- {
		widest := -1
		for i, c := range cols {
			if c.flex && widths[i] > c.min && (widest < 0 || widths[i] > widths[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			break
		}
		widths[widest]--
	}
	for used() > width {
		drop := -1
		for i, c := range cols {
			if widths[i] > 0 && c.keep > 0 && (drop < 0 || c.keep < cols[drop].keep) {
				drop = i
			}
		}
		if drop < 0 {
			break
		}
		widths[drop] = 0
	}
	// Room left: the flex columns share it.
	if left := width - used(); left > 0 {
		var flex []int
		for i, c := range cols {
			if c.flex && widths[i] > 0 {
				flex = append(flex, i)
			}
		}
		for j, i := range flex {
			share := left / len(flex)
			if j == len(flex)-1 {
				share = left - share*(len(flex)-1)
			}
			widths[i] += share
		}
	}
	return widths
}

// header draws the column titles; sorted is the index of the sorted
// column (-1 none) and desc its direction.
func tableHeader[T any](cols []column[T], widths tableLayout, sorted int, desc bool) string {
	var parts []string
	for i, c := range cols {
		if widths[i] == 0 {
			continue
		}
		title := c.title
		if i == sorted {
			if desc {
				title += "▼"
			} else {
				title += "▲"
			}
		}
		parts = append(parts, cellText(title, widths[i], c.right))
	}
	return strings.Join(parts, " ")
}

// tableRow draws one row, width cells wide including a one-cell gutter:
// the selected row is one highlighted bar with a ▸ in the gutter (so the
// selection shows without colour too); others carry their cells' colours.
func tableRow[T any](st Styles, cols []column[T], widths tableLayout, r T, selected bool, width int) string {
	var parts []string
	for i, c := range cols {
		if widths[i] == 0 {
			continue
		}
		cell := cellText(c.text(r), widths[i], c.right)
		if !selected && c.style != nil {
			cell = c.style(r).Render(cell)
		}
		parts = append(parts, cell)
	}
	line := strings.Join(parts, " ")
	if selected {
		return st.RowSelected.Render(pad("▸"+line, width))
	}
	return " " + line
}

func cellText(s string, w int, right bool) string {
	if right {
		return padLeft(s, w)
	}
	return pad(s, w)
}

// layoutCache keeps a table's widths until its rows or the width change
// (measuring every cell on every frame would cost a keystroke's budget).
type layoutCache struct {
	version, width int
	widths         tableLayout
}

// tableWidths lays out cols for the list's loaded rows in width cells.
func tableWidths[T any](c *layoutCache, cols []column[T], l *pagedList[T], width int) tableLayout {
	if c.widths == nil || c.version != l.version || c.width != width {
		c.widths, c.version, c.width = layoutColumns(cols, l.rows, width), l.version, width
	}
	return c.widths
}

// listTable is a paged list drawn as a table: the list's loading or
// error line, column titles, the rows with widths from their content, and
// a line for an empty list. A pushed view that lists records keeps one.
type listTable[T any] struct {
	list   *pagedList[T]
	cols   []column[T]
	layout layoutCache
}

func newListTable[T any](c *appContext, id func(T) int64, cols []column[T]) listTable[T] {
	return listTable[T]{list: newPagedList(c, id, 1), cols: cols}
}

// draw is the table's header and rows in w cells and rows lines; the
// cursor shows only when the table has the keys.
func (t *listTable[T]) draw(st Styles, w, rows int, focused bool, empty string) []string {
	if s := t.list.state("the records"); s != "" {
		return []string{" " + s}
	}
	widths := tableWidths(&t.layout, t.cols, t.list, w-1)
	lines := []string{st.TableHead.Render(pad(" "+tableHeader(t.cols, widths, -1, false), w))}
	if t.list.total == 0 {
		return append(lines, st.Subtle.Render(" "+empty))
	}
	return append(lines, t.list.draw(rows, w, func(r T, selected bool) []string {
		return []string{tableRow(st, t.cols, widths, r, selected && focused, w)}
	})...)
}
