package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// helpDialog (?) lists every key of the view it was opened on, then the
// global ones, and the definitions of what that view shows. Any key
// closes it.
type helpDialog struct {
	ctx    *appContext
	title  string
	groups [][]key.Binding
	notes  string
}

func newHelpDialog(c *appContext, v view, global [][]key.Binding) *helpDialog {
	h := v.help()
	return &helpDialog{ctx: c, title: "Keys — " + v.title(), groups: append(append([][]key.Binding{}, h.full...), global...), notes: h.notes}
}

func (d *helpDialog) update(msg tea.Msg) (tea.Cmd, bool) {
	_, isKey := msg.(tea.KeyPressMsg)
	return nil, isKey
}

func (d *helpDialog) help() helpSet {
	return helpSet{short: []key.Binding{key.NewBinding(key.WithKeys("esc"), key.WithHelp("any key", "closes"))}}
}

func (d *helpDialog) view(width, height int) string {
	st := d.ctx.styles
	inner := max(20, min(width-6, 96))
	h := help.New()
	h.Styles = st.Help
	h.ShowAll = true
	title := st.Title.Render(d.title)
	body := packHelp(h, d.groups, inner)
	tail := "\n\n" + st.Faint.Render("any key closes")
	notes := ""
	if d.notes != "" {
		notes = "\n\n" + st.Subtle.Width(inner).Render(d.notes)
		// On a short screen the definitions give way to the keys.
		if lipgloss.Height(title+"\n\n"+body+notes+tail)+2 > height {
			notes = "\n\n" + st.Subtle.Width(inner).Render("The definitions are in the README.")
		}
	}
	return st.Modal.Width(inner + 4).Render(title + "\n\n" + body + notes + tail)
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
