package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// soonPage holds a tab whose feature is not built yet. It says so plainly
// rather than showing anything made up.
type soonPage struct {
	env           *env
	name, promise string
	width, height int
}

func newSoonPage(e *env, name, promise string) *soonPage {
	return &soonPage{env: e, name: name, promise: promise}
}

func (p *soonPage) load() tea.Cmd             { return nil }
func (p *soonPage) update(tea.Msg) tea.Cmd    { return nil }
func (p *soonPage) setSize(w, h int)          { p.width, p.height = w, h }
func (p *soonPage) capturing() bool           { return false }
func (p *soonPage) keepDeal(int64)            {}
func (p *soonPage) shortHelp() []key.Binding  { return []key.Binding{p.env.keys.NextTab} }
func (p *soonPage) fullHelp() [][]key.Binding { return nil }
func (p *soonPage) view() string {
	st := p.env.styles
	text := st.Title.Render(p.name+" — coming soon") + "\n\n" +
		st.Subtle.Render(lipgloss.NewStyle().Width(min(60, p.width-4)).Render("This tab will show "+p.promise+"."))
	return lipgloss.Place(p.width, p.height, lipgloss.Center, lipgloss.Center, text)
}
