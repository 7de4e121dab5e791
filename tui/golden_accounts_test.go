package tui

import (
	"context"
	"fmt"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"rolo/model"
	"rolo/store"
)

// amBook adds an account manager's week to the book: Wonka Industries (a
// customer past its check-in, with contacts, an urgent issue, answers and
// a task overdue) and a contact, an answer and a resolved issue on
// Initech.
func (h *harness) amBook() {
	h.t.Helper()
	w := h.wonka()
	ctx := context.Background()
	h.past(daysBefore(20), func(s *store.Store) {
		charlie := ok(s.CreateContact(ctx, model.Contact{AccountID: w.ID, Name: "Charlie Bucket", Title: "COO",
			Email: "charlie@wonka.example", Phone: "+1 555 0142"}))
		ok(s.CreateContact(ctx, model.Contact{AccountID: w.ID, Name: "Augustus Gloop", Title: "Head of Procurement", Email: "augustus@wonka.example"}))
		ok(s.CreateSurvey(ctx, model.Survey{AccountID: w.ID, ContactID: charlie.ID, Kind: model.CSAT, Score: 2,
			Comment: "Support took a week to answer about the fudge room outage"}))
		ok(s.CreateSurvey(ctx, model.Survey{AccountID: w.ID, Kind: model.NPS, Score: 6}))
		i := ok(s.CreateIssue(ctx, model.SupportIssue{AccountID: h.book.initechAccount, Title: "TPS report export times out", Severity: model.SevNormal}))
		ok(s.ResolveIssue(ctx, i, "Raised the export limit; confirmed with Bill"))
		ok(s.CreateContact(ctx, model.Contact{AccountID: h.book.initechAccount, Name: "Bill Lumbergh", Title: "Division VP",
			Email: "bill@initech.example", Phone: "+1 555 0100"}))
	})
	h.past(daysBefore(3), func(s *store.Store) {
		ok(s.CreateIssue(ctx, model.SupportIssue{AccountID: w.ID, Title: "Chocolate river pump fails nightly", Severity: model.SevUrgent}))
		ok(s.LogOnAccount(ctx, ok(s.Account(ctx, h.book.initechAccount)), model.Activity{Kind: model.Email, Text: "Sent the Q4 usage report"},
			store.FollowUp{Task: "Walk Bill through the usage report", TaskDue: model.NewDate(2026, 11, 25)}))
		ok(s.CreateSurvey(ctx, model.Survey{AccountID: h.book.initechAccount, Kind: model.NPS, Score: 9, Comment: "Great onboarding"}))
	})
	// The urgent issue touched Wonka three days ago; its check-in comes
	// due again from then. Set one by hand that has passed.
	h.past(daysBefore(2), func(s *store.Store) {
		ok(s.LogOnAccount(ctx, ok(s.Account(ctx, w.ID)), model.Activity{Kind: model.Note, Text: "Pump vendor engaged"},
			store.FollowUp{NextCheckIn: model.NewDate(2026, 11, 26)}))
	})
}

// TestGoldenAccounts pins the account manager's screens at 80×24 and
// 120×40: the Accounts list, the account page's sections and help, Today
// with rows about accounts, and every account dialog. Regenerate with:
// go test ./tui/ -run GoldenAccounts -update (and read every frame).
func TestGoldenAccounts(t *testing.T) {
	page := func(h *harness, name string) {
		h.tab(accountsTab)
		h.selectRow(name)
		h.do(km.List.Open)
	}
	section := func(n int) func(h *harness) {
		return func(h *harness) {
			page(h, "Wonka")
			for range n {
				h.do(km.Account.NextSection)
			}
		}
	}
	screens := []struct {
		name  string
		setup func(h *harness)
	}{
		{"today_account_rows", func(h *harness) {}},
		{"today_task_help", func(h *harness) { h.selectRow("Walk Bill"); h.do(km.Global.Help) }},
		{"accounts_list", func(h *harness) { h.tab(accountsTab) }},
		{"accounts_by_health", func(h *harness) { h.tab(accountsTab); h.do(km.List.Sort, km.List.Sort, km.List.Sort) }},
		{"accounts_customers", func(h *harness) { h.tab(accountsTab); h.do(km.Account.StatusFilter) }},
		{"accounts_help", func(h *harness) { h.tab(accountsTab); h.do(km.Global.Help) }},
		{"account_timeline", section(0)},
		{"account_contacts", section(1)},
		{"account_deals", func(h *harness) { page(h, "Initech"); h.do(km.Account.NextSection, km.Account.NextSection) }},
		{"account_issues", section(3)},
		{"account_surveys", section(4)},
		{"account_contracts", section(5)},
		{"account_help", section(0)},
		{"account_entry", func(h *harness) { section(4)(h); h.do(km.List.Open) }},
		{"account_prospect", func(h *harness) { page(h, "Massive") }},
		{"check_in_dialog", func(h *harness) { h.selectRow("check-in"); h.do(km.Account.CheckIn) }},
		{"account_log_dialog", func(h *harness) { page(h, "Wonka"); h.do(km.Account.Log) }},
		{"task_done_dialog", func(h *harness) { h.selectRow("Walk Bill"); h.do(km.Account.TaskDone) }},
		{"issue_dialog", func(h *harness) { page(h, "Wonka"); h.do(km.Account.Issue) }},
		{"resolve_dialog", func(h *harness) { section(3)(h); h.do(km.Account.Resolve) }},
		{"survey_dialog", func(h *harness) { page(h, "Wonka"); h.do(km.Account.Survey) }},
		{"contact_dialog", func(h *harness) { section(1)(h); h.do(km.List.Open) }},
		{"account_form", func(h *harness) { page(h, "Wonka"); h.do(km.Account.Edit) }},
		{"new_account_form", func(h *harness) { h.tab(accountsTab); h.do(km.Account.NewAccount) }},
		{"add_on_form", func(h *harness) {
			page(h, "Initech")
			h.do(km.Account.NextSection, km.Account.NextSection, km.Deal.Won, km.Confirm.Yes)
		}},
	}
	for _, sc := range screens {
		t.Run(sc.name, func(t *testing.T) {
			for _, size := range [][2]int{{80, 24}, {120, 40}} {
				t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
					h := newHarness(t, size[0], size[1])
					h.amBook()
					sc.setup(h)
					if sc.name == "account_help" {
						h.do(km.Global.Help)
					}
					golden.RequireEqual(t, []byte(h.screen()))
				})
			}
		})
	}
}
