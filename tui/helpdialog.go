package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// helpDialog (?) lists every key of the view it was opened on, then the
// global ones, and the definitions of what that view shows. Any key
// closes it (but the keys that scroll definitions too long to fit).
type helpDialog struct {
	ctx    *appContext
	title  string
	groups [][]key.Binding
	notes  string
	// When the notes are longer than the screen has room for (the
	// Metrics definitions), they scroll with the text keys and any other
	// key closes.
	scroll int
}

func newHelpDialog(c *appContext, v view, global [][]key.Binding) *helpDialog {
	h := v.help()
	return &helpDialog{ctx: c, title: "Keys — " + v.title(), groups: append(append([][]key.Binding{}, h.full...), global...), notes: h.notes}
}

func (d *helpDialog) update(msg tea.Msg) (tea.Cmd, bool) {
	k, isKey := msg.(tea.KeyPressMsg)
	if !isKey {
		return nil, false
	}
	t := d.ctx.keys.Text
	if _, cut := d.draw(d.ctx.width, d.ctx.height); cut {
		switch {
		case key.Matches(k, t.Down):
			d.scroll++
			return nil, false
		case key.Matches(k, t.Up):
			d.scroll = max(0, d.scroll-1)
			return nil, false
		case key.Matches(k, t.PageDown):
			d.scroll += 10
			return nil, false
		case key.Matches(k, t.PageUp):
			d.scroll = max(0, d.scroll-10)
			return nil, false
		}
	}
	return nil, true
}

func (d *helpDialog) help() helpSet {
	closes := key.NewBinding(key.WithKeys("esc"), key.WithHelp("any key", "closes"))
	if _, cut := d.draw(d.ctx.width, d.ctx.height); cut {
		return helpSet{short: []key.Binding{summary("↓/↑ pgdn/pgup", "scroll the definitions"), closes}}
	}
	return helpSet{short: []key.Binding{closes}}
}

func (d *helpDialog) view(width, height int) string {
	out, _ := d.draw(width, height)
	return out
}

// draw is the dialog for a screen of width×height, and whether the notes
// had to be cut to fit (then they scroll).
func (d *helpDialog) draw(width, height int) (string, bool) {
	st := d.ctx.styles
	inner := max(20, min(width-6, 96))
	h := help.New()
	h.Styles = st.Help
	h.ShowAll = true
	title := st.Title.Render(d.title)
	body := packHelp(h, d.groups, inner)
	tail := "\n\n" + st.Faint.Render("any key closes")
	notes, cut := "", false
	if d.notes != "" {
		notes = "\n\n" + st.Subtle.Width(inner).Render(d.notes)
		// On a short screen the definitions scroll under the keys, or
		// give way to them when even a few lines would not fit.
		if lipgloss.Height(title+"\n\n"+body+notes+tail)+2 > height {
			var part string
			part, cut = d.scrolled(inner, height-lipgloss.Height(title+"\n\n"+body+tail)-5)
			notes = "\n\n" + part
		}
	}
	return st.Modal.Width(inner + 4).Render(title + "\n\n" + body + notes + tail), cut
}

// scrolled is the part of the notes that fits in room lines, with a line
// saying where it is, and true; "in the README" when fewer than four
// lines fit.
func (d *helpDialog) scrolled(inner, room int) (string, bool) {
	st := d.ctx.styles
	if room < 4 {
		return st.Subtle.Width(inner).Render("The definitions are in the README."), false
	}
	lines := strings.Split(st.Subtle.Width(inner).Render(d.notes), "\n")
	shown := room - 1
	d.scroll = max(0, min(d.scroll, len(lines)-shown))
	end := min(len(lines), d.scroll+shown)
	where := fmt.Sprintf("↓/↑ scroll · lines %d–%d of %d", d.scroll+1, end, len(lines))
	return strings.Join(lines[d.scroll:end], "\n") + "\n" + st.Faint.Render(where), true
}

// packHelp lays key groups side by side, starting a new row of groups
// when the next would not fit (bubbles' help would cut it off instead).
func packHelp(h help.Model, groups [][]key.Binding, width int) string {
	var rows, row []string
	used := 0
	for _, g := range groups {
		block := h.FullHelpView([][]key.Binding{g})
		if block == "" {
			continue
		}
		w := lipgloss.Width(block) + 4
		if len(row) > 0 && used+w > width {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, used = nil, 0
		}
		row = append(row, lipgloss.NewStyle().PaddingRight(4).Render(block))
		used += w
	}
	if len(row) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	}
	return strings.Join(rows, "\n\n")
}
