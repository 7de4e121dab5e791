package model

import (
	"testing"
	"time"
)

func TestAccountManagerChangeSentences(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	issue := SupportIssue{ID: 4, Title: "Export fails", Severity: SevHigh, OpenedAt: now}
	resolved := issue
	resolved.ResolvedAt, resolved.Resolution = now, "patched"
	edited := issue
	edited.Severity = SevUrgent
	archivedIssue := issue
	archivedIssue.Archived = true
	contact := Contact{ID: 9, Name: "Dana", Email: "d@x.example"}
	moved := contact
	moved.Email, moved.Phone = "dana@y.example", "+1 555"
	task := Activity{ID: 12, Kind: Task, Text: "Send deck", Due: DateOf(now)}
	done := task
	done.At = now
	account := Account{ID: 7, Name: "Acme"}
	replanned := account
	replanned.NextCheckIn = DateOf(now).AddDays(30)
	tests := []struct {
		got  Changes
		want string
	}{
		{IssueChanges(issue, resolved), "Issue 4 was resolved"},
		{IssueChanges(resolved, issue), "Issue 4 was reopened"},
		{IssueChanges(issue, edited), "Issue 4's severity was changed"},
		{IssueChanges(issue, archivedIssue), "Issue 4 was undone (archived)"},
		{ContactChanges(contact, moved), "Contact 9 (Dana)'s email and phone were changed"},
		{ActivityChanges(task, done), "Activity 12 was marked done"},
		{ActivityChanges(done, task), "Activity 12 was marked not done"},
		{AccountChanges(account, replanned), "Account 7's next check-in date was changed"},
	}
	for _, tc := range tests {
		if s := tc.got.Sentence(); s != tc.want {
			t.Errorf("%q, want %q", s, tc.want)
		}
	}
}
