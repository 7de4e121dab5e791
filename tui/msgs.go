package tui

import (
	"errors"

	tea "charm.land/bubbletea/v2"

	"rolo/model"
	"rolo/store"
)

// Messages the root handles for every view. Store calls run in commands
// that capture the values they need and answer with a message; views and
// dialogs are built in Update and travel in these messages only to reach
// the root.

type statusMsg struct {
	text  string
	isErr bool
}

type clearStatusMsg struct{ seq int }

// changedMsg follows every write: the status to show or the error. Either
// way the data may have changed (a failed optimistic move snaps back), so
// the root reloads what is on screen; focus asks the views to select a
// record; then runs afterwards (e.g. "start the contract").
type changedMsg struct {
	status string
	err    error
	focus  recordRef
	then   tea.Cmd
}

// pushMsg opens a view over the current one, on the active tab's stack.
type pushMsg struct{ v view }

// dialogMsg opens a dialog over everything.
type dialogMsg struct{ d dialog }

// switchTabMsg shows a tab, then hands its view a message.
type switchTabMsg struct {
	tab  int
	then tea.Msg
}

// bookMsg carries what every view shares and the root loads: whether the
// database is empty, the board's stages and the settings.
type bookMsg struct {
	empty    bool
	stages   []model.Stage
	settings store.Settings
	err      error
}

func push(v view) tea.Cmd {
	return func() tea.Msg { return pushMsg{v: v} }
}

func openDialog(d dialog) tea.Cmd {
	return func() tea.Msg { return dialogMsg{d: d} }
}

func statusCmd(text string, isErr bool) tea.Cmd {
	return func() tea.Msg { return statusMsg{text: text, isErr: isErr} }
}

func errorCmd(err error) tea.Cmd { return statusCmd(err.Error(), true) }

// loadBook reads what the root shares with every view.
func loadBook(s *store.Store) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		var msg bookMsg
		if msg.empty, msg.err = s.IsEmpty(ctx); msg.err != nil {
			return msg
		}
		if msg.stages, msg.err = s.Stages(ctx); msg.err != nil {
			return msg
		}
		msg.settings, msg.err = s.Settings(ctx)
		return msg
	}
}

// undo reverses the last change.
func undo(s *store.Store) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		undone, err := s.Undo(ctx, s.Session())
		if errors.Is(err, store.ErrNothingToUndo) {
			return statusMsg{text: "Nothing to undo"}
		}
		if err != nil {
			return changedMsg{err: err}
		}
		msg := changedMsg{status: "Undid: " + model.Clean(undone.Label)}
		switch {
		case undone.ContractID != 0: // a renewal decision: select the contract it put back
			msg.focus = contractRef(undone.ContractID)
		case undone.DealID != 0:
			msg.focus = dealRef(undone.DealID)
		}
		return msg
	}
}
