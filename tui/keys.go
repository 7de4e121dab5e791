package tui

import "charm.land/bubbles/v2/key"

// KeyMap is every key binding in the app, in one place. Pages enable the
// bindings that work in their context; the footer and help show only
// enabled ones.
type KeyMap struct {
	Tab1, Tab2, Tab3, Tab4, Tab5 key.Binding
	NextTab, PrevTab             key.Binding

	Up, Down, Left, Right key.Binding
	Top, Bottom           key.Binding
	PageUp, PageDown      key.Binding

	Open, Back, New, Edit, Log key.Binding
	Filter, Palette, Undo      key.Binding

	MoveNext, MovePrev, Won, Lost, ToggleView, Sort key.Binding
	Done, Snooze                                    key.Binding
	Stages                                          key.Binding

	Help, Quit key.Binding
}

// DefaultKeyMap is rolo's keyboard layout (README lists it).
func DefaultKeyMap() KeyMap {
	b := func(keys []string, helpKey, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, desc))
	}
	return KeyMap{
		Tab1:    b([]string{"1"}, "1", "today"),
		Tab2:    b([]string{"2"}, "2", "pipeline"),
		Tab3:    b([]string{"3"}, "3", "accounts"),
		Tab4:    b([]string{"4"}, "4", "renewals"),
		Tab5:    b([]string{"5"}, "5", "metrics"),
		NextTab: b([]string{"tab"}, "tab", "next tab"),
		PrevTab: b([]string{"shift+tab"}, "shift+tab", "prev tab"),

		Up:       b([]string{"up", "k"}, "↑/k", "up"),
		Down:     b([]string{"down", "j"}, "↓/j", "down"),
		Left:     b([]string{"left", "h"}, "←/h", "prev stage"),
		Right:    b([]string{"right", "l"}, "→/l", "next stage"),
		Top:      b([]string{"g", "home"}, "g", "top"),
		Bottom:   b([]string{"G", "end"}, "G", "bottom"),
		PageUp:   b([]string{"pgup", "ctrl+u"}, "pgup", "page up"),
		PageDown: b([]string{"pgdown", "ctrl+d"}, "pgdn", "page down"),

		Open:    b([]string{"enter"}, "enter", "open"),
		Back:    b([]string{"esc"}, "esc", "back"),
		New:     b([]string{"n"}, "n", "new deal"),
		Edit:    b([]string{"e"}, "e", "edit"),
		Log:     b([]string{"l", "a"}, "l/a", "log"),
		Filter:  b([]string{"/"}, "/", "filter"),
		Palette: b([]string{"ctrl+k"}, "ctrl+k", "jump to…"),
		Undo:    b([]string{"u"}, "u", "undo"),

		MoveNext:   b([]string{"L", ">"}, "L/>", "advance stage"),
		MovePrev:   b([]string{"H", "<"}, "H/<", "back a stage"),
		Won:        b([]string{"W"}, "W", "won"),
		Lost:       b([]string{"X"}, "X", "lost"),
		ToggleView: b([]string{"v"}, "v", "board/table"),
		Sort:       b([]string{"s"}, "s", "sort"),
		Done:       b([]string{"d"}, "d", "done + next"),
		Snooze:     b([]string{"z"}, "z", "snooze"),
		Stages:     b([]string{"S"}, "S", "stages"),

		Help: b([]string{"?"}, "?", "help"),
		Quit: b([]string{"q", "ctrl+c"}, "q", "quit"),
	}
}
