package tui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"rolo/model"
	"rolo/store"
)

// Write commands. Each captures the values it needs, runs one store call
// (one transaction) and answers with a changedMsg so the root reloads.

func statusCmd(text string, isErr bool) tea.Cmd {
	return func() tea.Msg { return statusMsg{text: text, isErr: isErr} }
}

func openModal(m modal) tea.Cmd {
	return func() tea.Msg { return openModalMsg{modal: m} }
}

// openDealMsg asks the root to show a deal's detail.
type openDealMsg struct{ id int64 }

func openDeal(id int64) tea.Cmd {
	return func() tea.Msg { return openDealMsg{id: id} }
}

func moveDeal(s *store.Store, d model.Deal, to model.Stage) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		if _, err := s.MoveDeal(ctx, d, to.ID); err != nil {
			return changedMsg{err: err, reload: true}
		}
		return changedMsg{status: fmt.Sprintf("Moved %s to %s · u undoes", model.Clean(d.Title), model.Clean(to.Name))}
	}
}

func closeDeal(s *store.Store, d model.Deal, status model.DealStatus, reason string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := ctxTimeout()
		defer cancel()
		res, err := s.CloseDeal(ctx, d, status, reason)
		if err != nil {
			return changedMsg{err: err, reload: true}
		}
		if status == model.Lost {
			return changedMsg{status: fmt.Sprintf("Lost %s (%s) · u undoes", model.Clean(d.Title), model.Clean(reason))}
		}
		msg := changedMsg{status: fmt.Sprintf("Won %s · u undoes", model.Clean(d.Title))}
		if res.BecameCustomer {
			msg.status = fmt.Sprintf("Won %s: %s is now a customer", model.Clean(d.Title), model.Clean(d.AccountName))
			msg.then = offerContract(res.Deal)
		}
		return msg
	}
}
