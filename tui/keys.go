package tui

import "charm.land/bubbles/v2/key"

// KeyMap is every key binding in the app, in one place, grouped by the
// context it works in. A view binds the groups it uses and lists them in
// its help; a binding that does not apply right now is disabled (a copy
// with SetEnabled(false)), never special-cased.
type KeyMap struct {
	Global  GlobalKeys
	List    ListKeys
	Board   BoardKeys
	Deal    DealKeys
	Account AccountKeys
	// Contract acts on a contract up for renewal; Renewals picks the
	// Renewals tab's window.
	Contract ContractKeys
	Renewals RenewalsKeys
	Form     FormKeys
	Palette  PaletteKeys
	Filter   FilterKeys
	Text     TextKeys
	Confirm  ConfirmKeys
	Metrics  MetricsKeys
}

// GlobalKeys work on every view unless a text field has the keyboard.
type GlobalKeys struct {
	NextTab, PrevTab key.Binding
	Palette, Undo    key.Binding
	Reload           key.Binding
	Back, Help, Quit key.Binding
	ForceQuit        key.Binding
}

// ListKeys move through a list and act on it.
type ListKeys struct {
	Up, Down, Top, Bottom, PageUp, PageDown key.Binding
	Open, Filter, Sort, Reverse             key.Binding
}

// BoardKeys are the pipeline board's own.
type BoardKeys struct {
	Left, Right, ToggleView key.Binding
}

// DealKeys act on the selected (or open) deal, wherever it is shown.
type DealKeys struct {
	New, Edit, Log, Done, Snooze key.Binding
	MoveNext, MovePrev           key.Binding
	Won, Lost, Reopen            key.Binding
	Account                      key.Binding
}

// AccountKeys act on the selected (or open) account, wherever it is
// shown, and move between the sections of its page.
type AccountKeys struct {
	CheckIn, Log, Edit, NewDeal, NewAccount key.Binding
	Issue, Resolve, ReopenIssue, Survey     key.Binding
	AddContact, ArchiveContact              key.Binding
	StartContract, TaskDone                 key.Binding
	StatusFilter                            key.Binding
	NextSection, PrevSection                key.Binding
}

// ContractKeys decide the selected (or open) contract's renewal,
// wherever it is shown: the Renewals tab, Today, the contract's page,
// the account page's Contracts section.
type ContractKeys struct {
	Renew, Churn, Snooze, CheckIn key.Binding
	OpenDeal, Details             key.Binding
}

// RenewalsKeys choose the Renewals tab's window.
type RenewalsKeys struct {
	Week, Month, Quarter, All key.Binding
}

// FormKeys drive a dialog's fields.
type FormKeys struct {
	Next, Prev, Save, Cancel key.Binding
	Accept                   key.Binding
	ChoosePrev, ChooseNext   key.Binding
	SuggestUp, SuggestDown   key.Binding
}

// PaletteKeys drive the ctrl+k jump list.
type PaletteKeys struct {
	Up, Down, Open, Close key.Binding
}

// FilterKeys end typing in a list's filter box.
type FilterKeys struct {
	Keep, Clear key.Binding
}

// TextKeys scroll a long text shown in full.
type TextKeys struct {
	Up, Down, PageUp, PageDown, Close key.Binding
}

// ConfirmKeys answer a yes/no question.
type ConfirmKeys struct {
	Yes, No key.Binding
}

// MetricsKeys are the Metrics tab's and its drill-downs' own: the period,
// moving between figures laid out side by side, and the spend behind CAC.
type MetricsKeys struct {
	Period, PrevPeriod, NextPeriod key.Binding
	Left, Right                    key.Binding
	Drill                          key.Binding
	SwitchList                     key.Binding
	AddSpend, EditSpend            key.Binding
	ArchiveSpend                   key.Binding
}

// DefaultKeyMap is rolo's keyboard layout (the README lists it).
func DefaultKeyMap() KeyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		Global: GlobalKeys{
			NextTab:   b("tab", "next tab", "tab"),
			PrevTab:   b("shift+tab", "prev tab", "shift+tab"),
			Palette:   b("ctrl+k", "jump to…", "ctrl+k"),
			Undo:      b("u", "undo", "u"),
			Reload:    b("ctrl+r", "reload", "ctrl+r"),
			Back:      b("esc", "back", "esc"),
			Help:      b("?", "help", "?"),
			Quit:      b("q", "quit", "q"),
			ForceQuit: b("ctrl+c", "quit", "ctrl+c"),
		},
		List: ListKeys{
			Up:       b("↑/k", "up", "up", "k"),
			Down:     b("↓/j", "down", "down", "j"),
			Top:      b("g", "top", "g", "home"),
			Bottom:   b("G", "bottom", "G", "end"),
			PageUp:   b("pgup", "page up", "pgup", "ctrl+u"),
			PageDown: b("pgdn", "page down", "pgdown", "ctrl+d"),
			Open:     b("enter", "open", "enter"),
			Filter:   b("/", "filter", "/"),
			Sort:     b("s", "sort", "s"),
			Reverse:  b("S", "reverse sort", "S"),
		},
		Board: BoardKeys{
			Left:       b("←/h", "prev stage", "left", "h"),
			Right:      b("→/l", "next stage", "right", "l"),
			ToggleView: b("v", "board/table", "v"),
		},
		Deal: DealKeys{
			New:      b("n", "new deal", "n"),
			Edit:     b("e", "edit", "e"),
			Log:      b("l/a", "log", "l", "a"),
			Done:     b("d", "done + next", "d"),
			Snooze:   b("z", "snooze", "z"),
			MoveNext: b("L/>", "advance stage", "L", ">"),
			MovePrev: b("H/<", "back a stage", "H", "<"),
			Won:      b("W", "won", "W"),
			Lost:     b("X", "lost", "X"),
			Reopen:   b("o", "reopen", "o"),
			Account:  b("A", "open account", "A"),
		},
		Account: AccountKeys{
			CheckIn:        b("c", "check in", "c"),
			Log:            b("l/a", "log", "l", "a"),
			Edit:           b("e", "edit account", "e"),
			NewDeal:        b("n", "new deal", "n"),
			NewAccount:     b("N", "new account", "N"),
			Issue:          b("i", "open issue", "i"),
			Resolve:        b("r", "resolve issue", "r"),
			ReopenIssue:    b("o", "reopen issue", "o"),
			Survey:         b("s", "record CSAT/NPS", "s"),
			AddContact:     b("C", "add contact", "C"),
			ArchiveContact: b("x", "archive contact", "x"),
			StartContract:  b("T", "start a contract", "T"),
			TaskDone:       b("d", "done + next", "d"),
			StatusFilter:   b("f", "customers/prospects/…", "f"),
			NextSection:    b("tab/]", "next section", "tab", "]"),
			PrevSection:    b("shift+tab/[", "prev section", "shift+tab", "["),
		},
		Contract: ContractKeys{
			Renew:    b("r", "renew", "r"),
			Churn:    b("x", "churn", "x"),
			Snooze:   b("z", "snooze", "z"),
			CheckIn:  b("c", "check in", "c"),
			OpenDeal: b("o", "renewal deal", "o"),
			Details:  b("i", "contract", "i"),
		},
		Renewals: RenewalsKeys{
			Week:    b("w", "this week", "w"),
			Month:   b("m", "30 days", "m"),
			Quarter: b("q", "quarter", "q"),
			All:     b("a", "all upcoming", "a"),
		},
		Form: FormKeys{
			Next:        b("tab/↓", "next field", "tab", "down"),
			Prev:        b("shift+tab/↑", "previous", "shift+tab", "up"),
			Save:        b("ctrl+s", "save", "ctrl+s"),
			Cancel:      b("esc", "cancel", "esc"),
			Accept:      b("enter", "next / save", "enter"),
			ChoosePrev:  b("←", "previous choice", "left", "h"),
			ChooseNext:  b("→", "next choice", "right", "l", "space"),
			SuggestUp:   b("↑", "choose", "up"),
			SuggestDown: b("↓", "choose", "down"),
		},
		Palette: PaletteKeys{
			Up:    b("↑", "up", "up", "ctrl+p"),
			Down:  b("↓", "down", "down", "ctrl+n"),
			Open:  b("enter", "open", "enter"),
			Close: b("esc", "close", "esc"),
		},
		Filter: FilterKeys{
			Keep:  b("enter", "keep filter", "enter", "down"),
			Clear: b("esc", "clear", "esc"),
		},
		Text: TextKeys{
			Up:       b("↑/k", "up", "up", "k"),
			Down:     b("↓/j", "down", "down", "j"),
			PageUp:   b("pgup", "page up", "pgup"),
			PageDown: b("pgdn", "page down", "pgdown", "space"),
			Close:    b("esc", "close", "esc", "enter", "q"),
		},
		Confirm: ConfirmKeys{
			Yes: b("enter/y", "yes", "enter", "y", "Y"),
			No:  b("esc/n", "no", "esc", "n", "N"),
		},
		Metrics: MetricsKeys{
			Period:       b("p", "cycle period", "p"),
			PrevPeriod:   b("[", "previous period", "["),
			NextPeriod:   b("]", "next period", "]"),
			Left:         b("←/h", "figure left", "left", "h"),
			Right:        b("→/l", "figure right", "right", "l"),
			Drill:        b("enter", "records behind it", "enter"),
			SwitchList:   b("←/→", "spend ⇄ customers", "left", "right", "h", "l"),
			AddSpend:     b("n", "add spend", "n"),
			EditSpend:    b("e", "edit", "e"),
			ArchiveSpend: b("x", "archive", "x"),
		},
	}
}

// tabKey is the binding that shows tab i (keys 1–9).
func tabKey(i int, name string) key.Binding {
	k := string(rune('1' + i))
	return key.NewBinding(key.WithKeys(k), key.WithHelp(k, name))
}

// only returns a copy of b answering to just one of its keys, with the
// help saying so (on the board, l moves between columns, so only a logs).
func only(b key.Binding, k string) key.Binding {
	return key.NewBinding(key.WithKeys(k), key.WithHelp(k, b.Help().Desc))
}

// when returns b enabled or disabled: context keys that do not apply now
// are hidden from the footer and help, and do not match.
func when(b key.Binding, enabled bool) key.Binding {
	b.SetEnabled(enabled)
	return b
}

// summary is a footer-only binding that stands for several keys
// ("hjkl move").
func summary(keys, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys), key.WithHelp(keys, desc))
}
