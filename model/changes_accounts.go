package model

import "fmt"

// Fields of the records an account manager works with.
const (
	FieldNextCheckIn Field = "next check-in date"
	FieldSeverity    Field = "severity"
	FieldResolution  Field = "resolution"
	FieldEmail       Field = "email"
	FieldPhone       Field = "phone"
	FieldText        Field = "text"
	FieldDue         Field = "due date"
	FieldDone        Field = "done"
)

// ContactChanges says how now differs from was, two versions of one
// contact (undoing alone, when it happened).
func ContactChanges(was, now Contact) Changes {
	c := Changes{Subject: fmt.Sprintf("Contact %d (%s)", now.ID, Clean(now.Name))}
	if archived(&c, was.Archived, now.Archived, "was archived") && now.Archived {
		return c
	}
	c.edited(FieldName, was.Name != now.Name)
	c.edited(FieldTitle, was.Title != now.Title)
	c.edited(FieldEmail, was.Email != now.Email)
	c.edited(FieldPhone, was.Phone != now.Phone)
	c.edited(FieldNotes, was.Notes != now.Notes)
	return c
}

// IssueChanges says how now differs from was, two versions of one
// support issue.
func IssueChanges(was, now SupportIssue) Changes {
	c := Changes{Subject: fmt.Sprintf("Issue %d", now.ID)}
	if archived(&c, was.Archived, now.Archived, "was undone (archived)") && now.Archived {
		return c
	}
	switch {
	case was.Open() && !now.Open():
		c.add(FieldStatus, "was resolved")
	case !was.Open() && now.Open():
		c.add(FieldStatus, "was reopened")
	}
	c.edited(FieldTitle, was.Title != now.Title)
	c.edited(FieldSeverity, was.Severity != now.Severity)
	c.edited(FieldResolution, was.Resolution != now.Resolution && !c.Has(FieldStatus))
	return c
}

// ActivityChanges says how now differs from was, two versions of one
// activity (a task marked done, or undone).
func ActivityChanges(was, now Activity) Changes {
	c := Changes{Subject: fmt.Sprintf("Activity %d", now.ID)}
	if archived(&c, was.Archived, now.Archived, "was undone (archived)") && now.Archived {
		return c
	}
	switch {
	case !was.Done() && now.Done():
		c.add(FieldDone, "was marked done")
	case was.Done() && !now.Done():
		c.add(FieldDone, "was marked not done")
	}
	c.edited(FieldText, was.Text != now.Text)
	c.edited(FieldDue, was.Due != now.Due)
	c.edited(FieldContact, was.ContactID != now.ContactID)
	return c
}

// JoinList joins phrases as a sentence does: "a", "a and b", "a, b and c".
func JoinList(items []string) string { return joinList(items) }
