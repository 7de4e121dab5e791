package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"rolo/model"
)

// The chrome around the view on top: the tab bar, the footer (status or
// keys) and the frame fitting.

// headerView is the tab bar, with the date on the right, and a rule.
func (m *Model) headerView() string {
	st := m.ctx.styles
	parts := []string{st.Brand.Render("rolo")}
	for i, t := range m.tabs {
		label := t.key.Help().Key + " " + t.name
		switch {
		case m.empty:
			parts = append(parts, st.Faint.Padding(0, 1).Render(label))
		case i == m.active:
			parts = append(parts, st.TabActive.Render(label))
		default:
			parts = append(parts, st.Tab.Render(label))
		}
	}
	left := strings.Join(parts, "")
	today := m.ctx.clock.Today()
	right := st.HeaderInfo.Render(today.Weekday().String()[:3] + " " + today.String() + " ")
	w := m.ctx.width
	line := left
	if gap := w - lipgloss.Width(left) - lipgloss.Width(right); gap > 0 {
		line += strings.Repeat(" ", gap) + right
	}
	return ansi.Truncate(line, w, "") + "\n" + st.Rule.Render(strings.Repeat("─", max(0, w)))
}

// bodyView is the view on top, cut or padded to the body's size.
func (m *Model) bodyView() string {
	if !m.ready {
		return fit("", m.ctx.width, m.ctx.bodyHeight())
	}
	return fit(m.top().view(), m.ctx.width, m.ctx.bodyHeight())
}

// footerView shows the status message, else the keys that work here:
// those of the top dialog, else of the view on top, with "? help" and
// "q quit" kept at the right.
func (m *Model) footerView() string {
	st := m.ctx.styles
	w := m.ctx.width
	if m.status != "" {
		style := st.StatusOK
		if m.statusErr {
			style = st.StatusErr
		}
		return ansi.Truncate(style.Render(model.Clean(m.status)), w, "…")
	}
	var keys, tail []key.Binding
	switch {
	case len(m.dialogs) > 0:
		keys = m.dialogs[len(m.dialogs)-1].help().short
	case !m.ready:
	default:
		keys = m.top().help().short
		if !m.top().capturing() {
			g := m.ctx.keys.Global
			tail = []key.Binding{g.Help, g.Quit}
			if claimsKeyOf(m.top(), g.Quit) {
				tail[1] = g.ForceQuit // q means something else here
			}
		}
	}
	right := ""
	if len(tail) > 0 {
		right = m.help.ShortHelpView(tail)
	}
	room := w
	if right != "" {
		room -= lipgloss.Width(right) + 3
	}
	left := shortHelp(m.help, keys, max(0, room))
	if right == "" {
		return left
	}
	return left + strings.Repeat(" ", max(1, w-lipgloss.Width(left)-lipgloss.Width(right))) + right
}

// shortHelp renders bindings on one line of at most w cells, dropping the
// ones that do not fit (bubbles' help can overrun its width).
func shortHelp(h help.Model, keys []key.Binding, w int) string {
	var shown []key.Binding
	out := ""
	for _, b := range keys {
		if !b.Enabled() {
			continue
		}
		next := h.ShortHelpView(append(shown, b))
		if lipgloss.Width(next) > w {
			break
		}
		shown, out = append(shown, b), next
	}
	return out
}

// globalHelp is the group of keys that work on every view.
func (m *Model) globalHelp() [][]key.Binding {
	g := m.ctx.keys.Global
	var tabs []key.Binding
	for _, t := range m.tabs {
		tabs = append(tabs, when(t.key, !m.empty))
	}
	sections := !m.empty && m.ready && hasSections(m.top())
	tabs = append(tabs, when(g.NextTab, !m.empty && !sections), when(g.PrevTab, !m.empty && !sections))
	quit := g.Quit
	if claimsKeyOf(m.top(), g.Quit) {
		quit = g.ForceQuit // q means something else here
	}
	return [][]key.Binding{tabs, {g.Palette, when(g.Undo, !m.empty), g.Reload, g.Back, g.Help, quit}}
}

// fit pads or cuts s to exactly w×h cells so the footer never moves.
func fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if lipgloss.Width(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// overlay draws a dialog centred over the screen; a dialog taller than
// the screen is cut so the frame keeps its size. Only the rows the dialog
// covers are rebuilt (cut left of it, the dialog, the rest after it):
// composing the whole screen on every key cost more than a keystroke's
// budget.
func overlay(base, dialog string, w, h int) string {
	dialog = fit(dialog, min(w, lipgloss.Width(dialog)), min(h, lipgloss.Height(dialog)))
	rows := strings.Split(dialog, "\n")
	dw := lipgloss.Width(dialog)
	x, y := max(0, (w-dw)/2), max(0, (h-len(rows))/2)
	lines := strings.Split(base, "\n")
	for i, row := range rows {
		r := y + i
		if r >= len(lines) {
			break
		}
		left := ansi.Truncate(lines[r], x, "")
		if lw := lipgloss.Width(left); lw < x {
			left += strings.Repeat(" ", x-lw)
		}
		// The reset keeps the screen's colours out of the dialog; the
		// right part replays the row's own styles before its text.
		lines[r] = left + "\x1b[m" + pad(row, dw) + "\x1b[m" + ansi.TruncateLeft(lines[r], x+dw, "")
	}
	return strings.Join(lines, "\n")
}
