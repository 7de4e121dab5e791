package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// pageSize is how many rows one fetch loads; fetchMargin is how close the
// cursor may come to the edge of the loaded rows before the next page is
// fetched in the background.
const (
	pageSize    = 120
	fetchMargin = 30
)

// window is a cursor over a long ordered list of which only a slice is in
// memory: rows are items [offset, offset+len(rows)) of total. Keys move
// the cursor instantly; missing rows are fetched by a command and drawn
// as "loading" until they arrive.
type window[T any] struct {
	total   int
	offset  int
	rows    []T
	cursor  int // absolute index
	top     int // absolute index of the first visible row
	pending int // offset of the fetch in flight, -1 if none
}

func newWindow[T any]() window[T] { return window[T]{pending: -1} }

// set replaces the loaded slice.
func (w *window[T]) set(offset int, rows []T, total int) {
	w.offset, w.rows, w.total = offset, rows, total
	w.pending = -1
	w.clamp()
}

func (w *window[T]) clamp() {
	if w.cursor >= w.total {
		w.cursor = w.total - 1
	}
	if w.cursor < 0 {
		w.cursor = 0
	}
}

// move shifts the cursor by delta rows.
func (w *window[T]) move(delta int) {
	w.cursor += delta
	w.clamp()
}

// jump puts the cursor on an absolute index.
func (w *window[T]) jump(i int) {
	w.cursor = i
	w.clamp()
}

// at returns row i if it is loaded.
func (w *window[T]) at(i int) (T, bool) {
	var zero T
	if i < w.offset || i >= w.offset+len(w.rows) || i < 0 {
		return zero, false
	}
	return w.rows[i-w.offset], true
}

// selected is the row under the cursor, if loaded.
func (w *window[T]) selected() (T, bool) {
	if w.total == 0 {
		var zero T
		return zero, false
	}
	return w.at(w.cursor)
}

// visible scrolls so the cursor shows in a viewport of h rows and returns
// the absolute range [start, end) to draw.
func (w *window[T]) visible(h int) (start, end int) {
	if h < 1 {
		h = 1
	}
	if w.cursor < w.top {
		w.top = w.cursor
	}
	if w.cursor >= w.top+h {
		w.top = w.cursor - h + 1
	}
	if w.top > w.total-h {
		w.top = max(0, w.total-h)
	}
	return w.top, min(w.total, w.top+h)
}

// needFetch reports the offset to load when the cursor is near or past
// the edge of what is loaded and no fetch for it is in flight.
func (w *window[T]) needFetch() (int, bool) {
	if w.total == 0 {
		return 0, false
	}
	loadedEnd := w.offset + len(w.rows)
	nearStart := w.offset > 0 && w.cursor < w.offset+fetchMargin
	nearEnd := loadedEnd < w.total && w.cursor >= loadedEnd-fetchMargin
	if !nearStart && !nearEnd {
		return 0, false
	}
	want := max(0, w.cursor-pageSize/2)
	if want == w.pending {
		return 0, false
	}
	w.pending = want
	return want, true
}

// find returns the absolute index of the first loaded row matching pred.
func (w *window[T]) find(pred func(T) bool) (int, bool) {
	for i, r := range w.rows {
		if pred(r) {
			return w.offset + i, true
		}
	}
	return 0, false
}

// navigate moves the cursor for the list keys (up, down, top, bottom and
// a page of pageRows) and reports whether msg was one of them.
func (w *window[T]) navigate(msg tea.KeyPressMsg, k KeyMap, pageRows int) bool {
	switch {
	case key.Matches(msg, k.Up):
		w.move(-1)
	case key.Matches(msg, k.Down):
		w.move(1)
	case key.Matches(msg, k.Top):
		w.jump(0)
	case key.Matches(msg, k.Bottom):
		w.jump(w.total - 1)
	case key.Matches(msg, k.PageDown):
		w.move(pageRows)
	case key.Matches(msg, k.PageUp):
		w.move(-pageRows)
	default:
		return false
	}
	return true
}
