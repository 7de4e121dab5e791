package tui

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/model"
)

// pageSize is how many rows one fetch reads; fetchMargin how close the
// cursor may come to the edge of the loaded rows before the next page is
// fetched in the background.
const (
	pageSize    = 120
	fetchMargin = 30
)

// healthPageSize is how many rows a list whose rows carry an account's
// health (Accounts, Renewals) reads at a time: each row costs a few index
// lookups, so two screens' worth, not pageSize — a write's reload of the
// Accounts list is ~2 ms shorter for it.
const healthPageSize = 72

// pageFunc reads rows [offset, offset+limit) of a list as it was counted.
type pageFunc[T any] func(ctx context.Context, offset, limit int) ([]T, error)

// listLoad is a counted list: its length and how to read its pages (the
// pages of that count: Today reads the segments it counted).
type listLoad[T any] struct {
	total int
	pages pageFunc[T]
	meta  any // what else the count found (Today's counts per reason)
}

// loadFunc counts a list. It runs in a command: it must capture values,
// never the view.
type loadFunc[T any] func(ctx context.Context) (listLoad[T], error)

// locateFunc finds the index of a record in the list's order, so a load
// can open on the page that holds it; ok is false when it is not there.
type locateFunc func(ctx context.Context, id int64) (index int, ok bool, err error)

// pagedList is the one list component: a cursor over a long ordered list
// of which only a page or two is in memory. It counts and loads in the
// background (dropping stale answers by request id, cancelling superseded
// loads), fetches the next page before the cursor reaches the edge, keeps
// the cursor on the same record across reloads, and draws only the
// visible rows with "↑ N above" / "↓ N more" markers. Keys move the cursor
// at once; rows not loaded yet draw as "loading…" until they arrive.
type pagedList[T any] struct {
	ctx       *appContext
	id        func(T) int64
	rowHeight int // lines per row: 1 for tables, 4 for board cards
	// size is how many rows one fetch reads: pageSize, less for a list
	// whose rows cost more to read (it must stay over 2 × fetchMargin).
	size int

	total  int
	offset int
	rows   []T
	pages  pageFunc[T]
	meta   any
	cursor int // absolute index
	top    int // absolute index of the first visible row

	loaded   bool
	err      error
	version  int // counts changes to the rows, for caches of their layout
	req      uint64
	fetching int // offset of the page fetch in flight, -1 if none
	loads    latest
	locate   locateFunc
	focusID  int64 // a record to select when the next load arrives
	// fromTop makes the next load start at the first row instead of
	// staying on the selected record (a new sort or filter).
	fromTop bool
	// keepPlace makes the next load keep the cursor's position rather
	// than follow the selected record (a decision moved it out of the
	// queue: the next record is ready at the same place).
	keepPlace bool
	// reordering is set from a new sort, filter or window until its load
	// arrives: the rows shown are still in the old order (a ranking at
	// the scale case takes a few hundred ms), and the view says so.
	reordering bool
	drawn      drawCache[rowKey, []string]
}

type rowKey struct {
	id       int64
	selected bool
}

// listMsg carries a load or a page to the list that asked for it.
type listMsg struct {
	list   any
	req    uint64
	offset int
	rows   any // []T
	load   any // *listLoad[T] for a load, nil for a page
	cursor int // for a load: the located record's index, else -1
	err    error
}

func newPagedList[T any](c *appContext, id func(T) int64, rowHeight int) *pagedList[T] {
	return &pagedList[T]{ctx: c, id: id, rowHeight: max(1, rowHeight), size: pageSize, fetching: -1}
}

// focus selects the record when the next load arrives (after a write that
// created or changed it).
func (l *pagedList[T]) focus(id int64) { l.focusID = id }

// reload counts the list again with load and reads the page around the
// cursor, keeping the cursor on the selected record (or the one it asked
// to focus). Superseded loads are cancelled.
func (l *pagedList[T]) reload(load loadFunc[T]) tea.Cmd {
	l.req++
	switch {
	case l.fromTop:
		l.cursor, l.top, l.focusID, l.fromTop = 0, 0, 0, false
	case l.keepPlace:
		l.focusID, l.keepPlace = 0, false
	case l.focusID == 0:
		if r, ok := l.selected(); ok {
			l.focusID = l.id(r)
		}
	}
	req, cursor, focus, locate, self, size := l.req, l.cursor, l.focusID, l.locate, l, l.size
	ctx, cancel := l.loads.next()
	return func() tea.Msg {
		defer cancel()
		msg := listMsg{list: self, req: req, cursor: -1}
		ld, err := load(ctx)
		if err != nil {
			msg.err = err
			return msg
		}
		if focus != 0 && locate != nil {
			if i, ok, err := locate(ctx, focus); err == nil && ok {
				msg.cursor, cursor = i, i
			}
		}
		msg.offset = max(0, min(cursor, ld.total-1)-size/2)
		rows, err := ld.pages(ctx, msg.offset, size)
		msg.rows, msg.load, msg.err = rows, &ld, err
		return msg
	}
}

// update applies the list's own answers and fetches further pages when
// the cursor has moved on meanwhile: a list never waits for a key to
// finish loading.
func (l *pagedList[T]) update(msg tea.Msg) tea.Cmd {
	m, ok := msg.(listMsg)
	if !ok || m.list != any(l) || m.req != l.req {
		return nil
	}
	if m.offset == l.fetching || m.load != nil {
		l.fetching = -1
	}
	if m.load != nil || m.err != nil {
		l.reordering = false
	}
	if m.err != nil {
		if m.load != nil {
			l.loaded, l.err = true, m.err
		}
		return nil
	}
	rows, _ := m.rows.([]T)
	if ld, ok := m.load.(*listLoad[T]); ok {
		l.loaded, l.err = true, nil
		l.total, l.pages, l.meta = ld.total, ld.pages, ld.meta
		l.offset, l.rows = m.offset, rows
		if m.cursor >= 0 {
			l.cursor = m.cursor
		} else if l.focusID != 0 {
			if i, ok := l.find(l.focusID); ok {
				l.cursor = i
			}
		}
		l.focusID = 0
	} else {
		l.offset, l.rows = m.offset, rows
	}
	l.clamp()
	l.drawn.reset()
	l.version++
	return l.fetchIfNeeded()
}

// setData replaces the rows with a load done by the list's owner (the
// board reads all its columns in one command).
func (l *pagedList[T]) setData(total, offset int, rows []T, pages pageFunc[T]) {
	l.req++
	l.loaded, l.err = true, nil
	l.total, l.offset, l.rows, l.pages = total, offset, rows, pages
	l.fetching = -1
	l.clamp()
	l.drawn.reset()
	l.version++
}

func (l *pagedList[T]) clamp() {
	l.cursor = max(0, min(l.cursor, l.total-1))
}

// find is the absolute index of a loaded record.
func (l *pagedList[T]) find(id int64) (int, bool) {
	for i, r := range l.rows {
		if l.id(r) == id {
			return l.offset + i, true
		}
	}
	return 0, false
}

// at returns row i if it is loaded.
func (l *pagedList[T]) at(i int) (T, bool) {
	var zero T
	if i < l.offset || i >= l.offset+len(l.rows) || i < 0 {
		return zero, false
	}
	return l.rows[i-l.offset], true
}

// selected is the row under the cursor, if loaded.
func (l *pagedList[T]) selected() (T, bool) {
	if l.total == 0 {
		var zero T
		return zero, false
	}
	return l.at(l.cursor)
}

// restart makes the next load open at the first row.
func (l *pagedList[T]) restart() { l.fromTop, l.reordering = true, true }

// updating is what a list's summary line adds while a new order is on its
// way.
func (l *pagedList[T]) updating() string {
	if l.reordering {
		return " · updating…"
	}
	return ""
}

// stay makes the next load keep the cursor where it is.
func (l *pagedList[T]) stay() { l.keepPlace, l.focusID = true, 0 }

// drop takes a record out of the loaded rows at once (a decision moved it
// away; the reload that follows puts it where it now belongs), keeping
// the cursor's place, where the next record now is.
func (l *pagedList[T]) drop(id int64) {
	for i, r := range l.rows {
		if l.id(r) == id {
			l.rows = append(l.rows[:i:i], l.rows[i+1:]...)
			l.total--
			l.clamp()
			l.drawn.reset()
			l.version++
			return
		}
	}
}

// move shifts the cursor; jump puts it on an absolute index.
func (l *pagedList[T]) move(delta int) { l.cursor += delta; l.clamp() }
func (l *pagedList[T]) jump(i int)     { l.cursor = i; l.clamp() }

// navigate moves the cursor for the list keys and fetches what the new
// position needs; handled is false for any other key.
func (l *pagedList[T]) navigate(msg tea.KeyPressMsg, k ListKeys, pageRows int) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, k.Up):
		l.move(-1)
	case key.Matches(msg, k.Down):
		l.move(1)
	case key.Matches(msg, k.Top):
		l.jump(0)
	case key.Matches(msg, k.Bottom):
		l.jump(l.total - 1)
	case key.Matches(msg, k.PageDown):
		l.move(max(1, pageRows))
	case key.Matches(msg, k.PageUp):
		l.move(-max(1, pageRows))
	default:
		return nil, false
	}
	return l.fetchIfNeeded(), true
}

// fetchIfNeeded reads the page around the cursor when the cursor is near
// or past the edge of what is loaded and no fetch that covers it is in
// flight.
func (l *pagedList[T]) fetchIfNeeded() tea.Cmd {
	if l.total == 0 || l.pages == nil {
		return nil
	}
	loadedEnd := l.offset + len(l.rows)
	nearStart := l.offset > 0 && l.cursor < l.offset+fetchMargin
	nearEnd := loadedEnd < l.total && l.cursor >= loadedEnd-fetchMargin
	if !nearStart && !nearEnd {
		return nil
	}
	want := max(0, min(l.cursor-l.size/2, l.total-l.size))
	if f := l.fetching; f >= 0 && (f == want || l.cursor >= f+fetchMargin/2 && l.cursor < f+l.size-fetchMargin/2) {
		return nil // the page in flight will cover it
	}
	l.fetching = want
	req, pages, self, size := l.req, l.pages, l, l.size
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		rows, err := pages(ctx, want, size)
		return listMsg{list: self, req: req, offset: want, rows: rows, cursor: -1, err: err}
	}
}

// window scrolls so the cursor shows in h lines and returns the rows to
// draw, [start, end), and whether a marker line goes above and below.
func (l *pagedList[T]) window(h int) (start, end int, above, below bool) {
	if l.total <= h/l.rowHeight {
		l.top = 0
		return 0, l.total, false, false
	}
	above, below = l.top > 0, true
	for range 3 {
		rows := max(1, (h-b2i(above)-b2i(below))/l.rowHeight)
		if l.cursor < l.top {
			l.top = l.cursor
		}
		if l.cursor >= l.top+rows {
			l.top = l.cursor - rows + 1
		}
		l.top = max(0, min(l.top, l.total-rows))
		a, b := l.top > 0, l.top+rows < l.total
		if a == above && b == below {
			return l.top, min(l.total, l.top+rows), above, below
		}
		above, below = a, b
	}
	rows := max(1, (h-b2i(above)-b2i(below))/l.rowHeight)
	return l.top, min(l.total, l.top+rows), above, below
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// draw renders the visible rows in h lines of width cells: drawRow draws
// a loaded row (its lines are cached until the data, width or theme
// changes), missing rows show "loading…", and markers say what is above
// and below.
func (l *pagedList[T]) draw(h, width int, drawRow func(row T, selected bool) []string) []string {
	st := l.ctx.styles
	start, end, above, below := l.window(h)
	var lines []string
	if above {
		lines = append(lines, st.Faint.Render(pad(fmt.Sprintf("  ↑ %s above", model.Count(start)), width)))
	}
	for i := start; i < end; i++ {
		row, ok := l.at(i)
		if !ok {
			lines = append(lines, st.Faint.Render(pad("  loading…", width)))
			for range l.rowHeight - 1 {
				lines = append(lines, "")
			}
			continue
		}
		selected := i == l.cursor
		lines = append(lines, l.drawn.get(rowKey{l.id(row), selected}, st, width, func() []string {
			return drawRow(row, selected)
		})...)
	}
	if below {
		lines = append(lines, st.Faint.Render(pad(fmt.Sprintf("  ↓ %s more", model.Count(l.total-end)), width)))
	}
	return lines
}

// state is what to show instead of rows: the error, "loading", or "".
func (l *pagedList[T]) state(what string) string {
	st := l.ctx.styles
	switch {
	case l.err != nil:
		return st.Danger.Render(l.err.Error())
	case !l.loaded:
		return st.Subtle.Render("Loading " + what + "…")
	}
	return ""
}
