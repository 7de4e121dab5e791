package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"rolo/model"
)

// welcomeView greets a new user on an empty database and says how to
// start. It stands in for the tabs until the first record is saved.
type welcomeView struct {
	ctx           *appContext
	width, height int
}

func newWelcomeView(c *appContext) *welcomeView { return &welcomeView{ctx: c} }

func (v *welcomeView) title() string          { return "Welcome" }
func (v *welcomeView) load() tea.Cmd          { return nil }
func (v *welcomeView) update(tea.Msg) tea.Cmd { return nil }
func (v *welcomeView) setSize(w, h int)       { v.width, v.height = w, h }
func (v *welcomeView) capturing() bool        { return false }

func (v *welcomeView) key(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if key.Matches(msg, v.ctx.keys.Deal.New) {
		return openDealForm(v.ctx, newDealDraft(v.ctx, model.Stage{}, model.Account{}), nil), true
	}
	return nil, false
}

func (v *welcomeView) help() helpSet {
	return helpSet{short: []key.Binding{v.ctx.keys.Deal.New}, full: [][]key.Binding{{v.ctx.keys.Deal.New}}}
}

func (v *welcomeView) view() string {
	st := v.ctx.styles
	path := v.ctx.store.Path()
	lines := []string{
		st.Title.Render("Welcome to rolo"),
		"",
		"Your book of business is empty. This database lives at",
		"  " + st.Accent.Render(model.Clean(path)),
		"",
		st.Bold.Render("Add your first deal") + ": press " + st.Accent.Render("n") + " here, or from a shell:",
		"  rolo add deal --account \"Acme Corp\" --title \"Pilot\" --value 12k",
		"",
		st.Bold.Render("Look around first") + ": quit and load realistic sample data:",
		"  rolo demo --db " + shellQuote(path) + "   (fills this file)",
		"  rolo --demo               (a throwaway demo database)",
		"",
		st.Subtle.Render("Press ? for keys, q to quit."),
	}
	return lipgloss.Place(v.width, v.height, lipgloss.Center, lipgloss.Center, strings.Join(lines, "\n"))
}

// shellQuote quotes a path for a copy-pasteable command.
func shellQuote(s string) string {
	s = model.Clean(s)
	if strings.ContainsAny(s, " '\"$`\\!*?[]{}()<>|&;#~") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}
