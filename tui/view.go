package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// A view is one screen of the body: a tab's page, or something opened
// over it (a deal, an account, a drill-down list). Each tab keeps a stack
// of views; esc pops back to the view below exactly as it was, cursor and
// scroll included. tui/RULES.md says how to add one.
type view interface {
	// title names the view in the window title and in "Keys — …".
	title() string
	// load (re)reads the view's data, keeping the cursor on the same
	// record. The root calls it when the view is first shown and whenever
	// the data changed since it last loaded.
	load() tea.Cmd
	// update gets every message that is not a key: data arriving for the
	// view (it drops what is not its own) and size or theme changes.
	update(tea.Msg) tea.Cmd
	// key gets a key press while the view is on top, after the global keys
	// (unless capturing). handled false lets the root treat esc as "back".
	key(tea.KeyPressMsg) (cmd tea.Cmd, handled bool)
	view() string
	setSize(w, h int)
	// help is the keys that work here now, for the footer and for ?.
	help() helpSet
	// capturing is true while a text field in the view has the keyboard,
	// so single-letter global keys must reach the field instead.
	capturing() bool
}

// sectioned is a view with sections of its own (the account page): tab
// and shift+tab move between them rather than between the app's tabs
// (the number keys still switch tabs).
type sectioned interface{ hasSections() bool }

func hasSections(v view) bool {
	s, ok := v.(sectioned)
	return ok && s.hasSections()
}

// focuser is a view that can select a record when it next loads (after a
// write that created or changed it).
type focuser interface {
	focus(recordRef)
}

// A dialog is drawn over the screen and gets the keys first. Dialogs
// stack too (a confirmation over a form).
type dialog interface {
	// update gets every message; done true closes the dialog.
	update(tea.Msg) (cmd tea.Cmd, done bool)
	view(width, height int) string
	help() helpSet
}

// helpSet is what the footer and the ? overlay show for the view on top.
type helpSet struct {
	short []key.Binding   // the footer
	full  [][]key.Binding // ?, in groups
	notes string          // definitions shown under the keys in ?
}

// recordKind names the kinds of record a view can be asked to select.
type recordKind int

const (
	dealRecord recordKind = iota + 1
	accountRecord
	contractRecord
	// decidedRecord is a contract just decided (renewed, churned or
	// snoozed): it left the queue, so a list keeps its cursor's place,
	// where the next contract now is.
	decidedRecord
	spendRecord
)

// recordRef points at one record.
type recordRef struct {
	kind recordKind
	id   int64
}

func dealRef(id int64) recordRef     { return recordRef{kind: dealRecord, id: id} }
func accountRef(id int64) recordRef  { return recordRef{kind: accountRecord, id: id} }
func contractRef(id int64) recordRef { return recordRef{kind: contractRecord, id: id} }
func decidedRef(id int64) recordRef  { return recordRef{kind: decidedRecord, id: id} }
func spendRef(id int64) recordRef    { return recordRef{kind: spendRecord, id: id} }

// keyClaimer is a view that takes some keys the root would otherwise
// treat as global (the Renewals tab's q picks this quarter, not quit).
type keyClaimer interface {
	claimed() []key.Binding
}

// claims reports whether the view v takes msg before the global keys.
func claims(v view, msg tea.KeyPressMsg) bool {
	c, ok := v.(keyClaimer)
	return ok && key.Matches(msg, c.claimed()...)
}

// claimsKeyOf reports whether the view v takes a key of b.
func claimsKeyOf(v view, b key.Binding) bool {
	c, ok := v.(keyClaimer)
	if !ok {
		return false
	}
	for _, mine := range c.claimed() {
		for _, k := range mine.Keys() {
			for _, theirs := range b.Keys() {
				if k == theirs && mine.Enabled() {
					return true
				}
			}
		}
	}
	return false
}
