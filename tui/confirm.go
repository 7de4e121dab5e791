package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// confirmDialog says what an action will do and waits for enter (or y);
// esc (or n) cancels.
type confirmDialog struct {
	ctx   *appContext
	title string
	lines []string
	verb  string
	onYes func() tea.Cmd
}

func newConfirm(c *appContext, title string, lines []string, verb string, onYes func() tea.Cmd) *confirmDialog {
	return &confirmDialog{ctx: c, title: title, lines: lines, verb: verb, onYes: onYes}
}

func (d *confirmDialog) update(msg tea.Msg) (tea.Cmd, bool) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, false
	}
	switch {
	case key.Matches(k, d.ctx.keys.Confirm.Yes):
		return d.onYes(), true
	case key.Matches(k, d.ctx.keys.Confirm.No):
		return nil, true
	}
	return nil, false
}

func (d *confirmDialog) help() helpSet {
	c := d.ctx.keys.Confirm
	return helpSet{short: []key.Binding{
		key.NewBinding(key.WithKeys(c.Yes.Keys()...), key.WithHelp(c.Yes.Help().Key, d.verb)),
		key.NewBinding(key.WithKeys(c.No.Keys()...), key.WithHelp(c.No.Help().Key, "cancel")),
	}}
}

func (d *confirmDialog) view(width, _ int) string {
	st := d.ctx.styles
	w := dialogWidth(width)
	body := lipgloss.NewStyle().Width(w - 4).Render(strings.Join(d.lines, "\n"))
	return st.Modal.Width(w).Render(st.Title.Render(d.title) + "\n\n" + body + "\n\n" +
		st.Faint.Render("enter "+d.verb+" · esc cancels"))
}
