package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"rolo/model"
)

// textDialog shows a long text (a note, an activity) in full, wrapped and
// scrollable.
type textDialog struct {
	ctx    *appContext
	title  string
	text   string
	scroll int
}

func newTextDialog(c *appContext, title, text string) *textDialog {
	return &textDialog{ctx: c, title: title, text: text}
}

func (d *textDialog) update(msg tea.Msg) (tea.Cmd, bool) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, false
	}
	t := d.ctx.keys.Text
	switch {
	case key.Matches(k, t.Close):
		return nil, true
	case key.Matches(k, t.Down):
		d.scroll++
	case key.Matches(k, t.Up):
		d.scroll = max(0, d.scroll-1)
	case key.Matches(k, t.PageDown):
		d.scroll += 10
	case key.Matches(k, t.PageUp):
		d.scroll = max(0, d.scroll-10)
	}
	return nil, false
}

func (d *textDialog) help() helpSet {
	t := d.ctx.keys.Text
	return helpSet{short: []key.Binding{t.Down, t.Up, t.PageDown, t.Close}}
}

// lines is the text wrapped to w cells, each line cleaned.
func (d *textDialog) lines(w int) []string {
	var out []string
	for _, l := range model.CleanLines(d.text) {
		out = append(out, strings.Split(lipgloss.NewStyle().Width(w).Render(l), "\n")...)
	}
	return out
}

func (d *textDialog) view(width, height int) string {
	st := d.ctx.styles
	w := min(max(40, width-8), 90)
	lines := d.lines(w - 4)
	room := max(3, height-8)
	scroll := max(0, min(d.scroll, len(lines)-room))
	shown := lines[scroll:min(len(lines), scroll+room)]
	foot := "esc closes"
	if len(lines) > room {
		foot = "↓/↑ scroll · " + foot + " · " + model.Count(scroll+len(shown)) + "/" + model.Count(len(lines)) + " lines"
	}
	return st.Modal.Width(w).Render(st.Title.Render(safe(d.title, w-4)) + "\n\n" + strings.Join(shown, "\n") + "\n\n" + st.Faint.Render(foot))
}
