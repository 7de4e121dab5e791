package tui

import (
	"errors"

	tea "charm.land/bubbletea/v2"

	"rolo/store"
)

// Messages shared by the root and the pages. Every store call runs in a
// tea.Cmd that captures the values it needs and returns one of these.

type emptyCheckedMsg struct {
	empty bool
	err   error
}

type statusMsg struct {
	text  string
	isErr bool
}

type clearStatusMsg struct{ seq int }

// changedMsg follows every write: the status to show, or the error (the
// data is reloaded anyway when reload is set, so a failed optimistic move
// snaps back), and a command to run afterwards.
type changedMsg struct {
	status string
	err    error
	reload bool
	focus  int64 // a deal the reloaded pages should select
	then   tea.Cmd
}

type openModalMsg struct {
	modal modal
	cmd   tea.Cmd
}

// switchTabMsg shows a tab and then hands it a message (e.g. "select
// this deal").
type switchTabMsg struct {
	tab  int
	then tea.Msg
}

func checkEmpty(s *store.Store) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		empty, err := s.IsEmpty(ctx)
		return emptyCheckedMsg{empty: empty, err: err}
	}
}

func undo(s *store.Store) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		// The app undoes only its own changes; `rolo undo` reaches others.
		undone, err := s.Undo(ctx, s.Session())
		if errors.Is(err, store.ErrNothingToUndo) {
			return statusMsg{text: "Nothing to undo in this window"}
		}
		if err != nil {
			return changedMsg{err: err, reload: true}
		}
		// Keep the board on the deal that changed back.
		return changedMsg{status: "Undid: " + undone.Label, focus: undone.DealID}
	}
}
