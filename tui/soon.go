package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// soonView holds a tab whose feature is not built yet. It says so plainly
// rather than showing anything made up.
type soonView struct {
	ctx           *appContext
	name, promise string
	width, height int
}

func newSoonView(c *appContext, name, promise string) *soonView {
	return &soonView{ctx: c, name: name, promise: promise}
}

func (v *soonView) title() string                       { return v.name }
func (v *soonView) load() tea.Cmd                       { return nil }
func (v *soonView) update(tea.Msg) tea.Cmd              { return nil }
func (v *soonView) key(tea.KeyPressMsg) (tea.Cmd, bool) { return nil, false }
func (v *soonView) setSize(w, h int)                    { v.width, v.height = w, h }
func (v *soonView) capturing() bool                     { return false }
func (v *soonView) help() helpSet                       { return helpSet{short: []key.Binding{v.ctx.keys.Global.NextTab}} }
func (v *soonView) view() string {
	st := v.ctx.styles
	text := st.Title.Render(v.name+" — coming soon") + "\n\n" +
		st.Subtle.Render(lipgloss.NewStyle().Width(min(60, max(10, v.width-4))).Render("This tab will show "+v.promise+"."))
	return lipgloss.Place(v.width, v.height, lipgloss.Center, lipgloss.Center, text)
}
