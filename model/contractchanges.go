package model

import "fmt"

// Fields of a contract a write can depend on (besides status, value and
// snooze, shared with deals).
const (
	FieldTerm      Field = "term"
	FieldNotice    Field = "notice"
	FieldAutoRenew Field = "auto-renewal"
)

// ContractChanges says how now differs from was, two versions of one
// contract: "Contract 12 was renewed", "Contract 12 was snoozed until
// 2026-12-04", "Contract 12's value was changed". A contract undone
// (archived) is reported as only that.
func ContractChanges(was, now Contract) Changes {
	c := Changes{Subject: fmt.Sprintf("Contract %d", now.ID)}
	if archived(&c, was.Archived, now.Archived, "was undone (archived)") && now.Archived {
		return c
	}
	if was.Status != now.Status {
		switch now.Status {
		case ContractRenewed:
			c.add(FieldStatus, "was renewed")
		case ContractChurned:
			c.add(FieldStatus, "was churned")
		default:
			c.add(FieldStatus, "was made active again")
		}
	}
	if was.SnoozedUntil != now.SnoozedUntil {
		if now.SnoozedUntil.IsZero() {
			c.add(FieldSnooze, "was woken from its snooze")
		} else {
			c.add(FieldSnooze, "was snoozed until "+now.SnoozedUntil.String())
		}
	}
	c.edited(FieldValue, was.Value != now.Value)
	c.edited(FieldTerm, was.Start != now.Start || was.End != now.End)
	c.edited(FieldNotice, was.NoticeDays != now.NoticeDays)
	c.edited(FieldAutoRenew, was.AutoRenew != now.AutoRenew)
	c.edited(FieldChurnReason, was.ChurnReason != now.ChurnReason && was.Status == now.Status)
	c.edited(FieldAccount, was.AccountID != now.AccountID)
	return c
}
