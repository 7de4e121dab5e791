package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// filterBox is a list's live filter: / focuses it, each keystroke narrows
// the list, enter (or ↓) keeps the filter and returns to the list, esc
// clears it.
type filterBox struct {
	ctx    *appContext
	input  textinput.Model
	active bool
}

func newFilterBox(c *appContext, placeholder string) filterBox {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = placeholder
	in.CharLimit = 100
	in.SetStyles(inputStyles(c.styles))
	return filterBox{ctx: c, input: in}
}

func (f *filterBox) value() string { return f.input.Value() }

// shown reports whether the filter takes a line on screen.
func (f *filterBox) shown() bool { return f.active || f.input.Value() != "" }

func (f *filterBox) start() tea.Cmd {
	f.active = true
	return f.input.Focus()
}

// clear empties the filter and reports whether there was one.
func (f *filterBox) clear() bool {
	had := f.input.Value() != ""
	f.input.SetValue("")
	return had
}

// handle takes a key or paste while the filter is active and reports
// whether the filter's text changed (the list must reload).
func (f *filterBox) handle(msg tea.Msg) (tea.Cmd, bool) {
	k := f.ctx.keys.Filter
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(kp, k.Keep):
			f.active = false
			f.input.Blur()
			return nil, false
		case key.Matches(kp, k.Clear):
			f.active = false
			f.input.Blur()
			return nil, f.clear()
		}
	}
	return editInput(&f.input, msg)
}

func (f *filterBox) help() helpSet {
	k := f.ctx.keys.Filter
	return helpSet{short: []key.Binding{k.Keep, k.Clear}, full: [][]key.Binding{{k.Keep, k.Clear}}}
}

// view is the filter's line: the input while typing, else what it holds.
func (f *filterBox) view(st Styles, width int) string {
	if f.active {
		in := f.input
		in.SetWidth(max(10, width-4))
		return in.View()
	}
	return pad(st.Accent.Render("/ "+safe(f.input.Value(), width-16))+st.Faint.Render("  esc clears"), width)
}
