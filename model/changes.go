package model

import (
	"fmt"
	"strings"
)

// Field names a part of a record that can change. A write based on an
// older copy of a record names the fields it depends on, and a
// description of what changed names them too.
type Field string

const (
	FieldArchived      Field = "archived"
	FieldStatus        Field = "status"
	FieldStage         Field = "stage"
	FieldNextStep      Field = "next step"
	FieldSnooze        Field = "snooze"
	FieldValue         Field = "value"
	FieldCloseDate     Field = "expected close date"
	FieldTitle         Field = "title"
	FieldAccount       Field = "account"
	FieldContact       Field = "contact"
	FieldKind          Field = "kind"
	FieldProbability   Field = "probability"
	FieldSource        Field = "source"
	FieldLostReason    Field = "lost reason"
	FieldNotes         Field = "notes"
	FieldTouched       Field = "last touch"
	FieldName          Field = "name"
	FieldTier          Field = "tier"
	FieldIndustry      Field = "industry"
	FieldWebsite       Field = "website"
	FieldCadence       Field = "cadence"
	FieldChurnReason   Field = "churn reason"
	FieldCustomerSince Field = "customer-since date"
	FieldPosition      Field = "position"
	FieldRotDays       Field = "rot days"
)

// Change is one way a record differs between two versions of it.
type Change struct {
	Field Field
	// Event says what happened, as a verb phrase: "was moved to Closing",
	// "was marked won", "had an activity logged". Empty means the field
	// was edited, and is described as "its <field> was changed".
	Event string
}

// Changes is how a record differs between the version someone saw and
// the one stored now, most telling first.
type Changes struct {
	Subject string // "Deal 13", "Account 7", "Stage Closing"
	List    []Change
}

// Has reports whether any of fields changed.
func (c Changes) Has(fields ...Field) bool {
	for _, ch := range c.List {
		for _, f := range fields {
			if ch.Field == f {
				return true
			}
		}
	}
	return false
}

// AnyBut reports whether a field other than those given changed.
func (c Changes) AnyBut(fields ...Field) bool {
	for _, ch := range c.List {
		ignored := false
		for _, f := range fields {
			ignored = ignored || ch.Field == f
		}
		if !ignored {
			return true
		}
	}
	return false
}

// Sentence says what changed: "Deal 13 was moved to Closing", "Deal 13's
// next step was changed", "Deal 13 was marked won and its notes were
// changed". A caller adds where it happened ("elsewhere").
func (c Changes) Sentence() string {
	events, attrs := c.split()
	switch {
	case len(events) == 0 && len(attrs) == 0:
		return c.Subject + " was saved again"
	case len(events) == 0:
		return c.Subject + "'s " + wereChanged(attrs)
	case len(attrs) == 0:
		return c.Subject + " " + joinEvents(events)
	}
	return c.Subject + " " + joinEvents(events) + " and its " + wereChanged(attrs)
}

// Predicate is Sentence without its subject, and without the first
// "was": "moved to Closing", "marked won and its notes were changed",
// "its next step was changed".
func (c Changes) Predicate() string {
	events, attrs := c.split()
	switch {
	case len(events) == 0 && len(attrs) == 0:
		return "saved again"
	case len(events) == 0:
		return "its " + wereChanged(attrs)
	}
	p := strings.TrimPrefix(joinEvents(events), "was ")
	if len(attrs) > 0 {
		p += " and its " + wereChanged(attrs)
	}
	return p
}

func (c Changes) split() (events, attrs []string) {
	for _, ch := range c.List {
		if ch.Event != "" {
			events = append(events, ch.Event)
		} else {
			attrs = append(attrs, string(ch.Field))
		}
	}
	return events, attrs
}

func (c *Changes) add(f Field, event string) { c.List = append(c.List, Change{Field: f, Event: event}) }

// edited adds f when its two values differ.
func (c *Changes) edited(f Field, differ bool) {
	if differ {
		c.add(f, "")
	}
}

// wereChanged: "next step was changed", "value and notes were changed".
func wereChanged(attrs []string) string {
	if len(attrs) == 1 && attrs[0] != string(FieldNotes) && attrs[0] != string(FieldRotDays) {
		return attrs[0] + " was changed"
	}
	return joinList(attrs) + " were changed"
}

// joinEvents joins verb phrases, dropping a repeated auxiliary: "was
// moved to Closing and marked won".
func joinEvents(events []string) string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = e
		if i > 0 {
			prev, _, _ := strings.Cut(events[i-1], " ")
			if aux, rest, ok := strings.Cut(e, " "); ok && aux == prev {
				out[i] = rest
			}
		}
	}
	return joinList(out)
}

// joinList: "a", "a and b", "a, b and c".
func joinList(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// DealChanges says how now differs from was, two versions of one deal.
// stageName names a stage by id (the deal holds only the id). Last touch
// is reported only when nothing else changed: moves and closes touch too.
// A deal undone (archived) is reported as only that: nothing else about
// it matters any more.
func DealChanges(was, now Deal, stageName func(int64) string) Changes {
	c := Changes{Subject: fmt.Sprintf("Deal %d", now.ID)}
	if archived(&c, was.Archived, now.Archived, "was undone (archived)") && now.Archived {
		return c
	}
	if was.Status != now.Status {
		switch now.Status {
		case Won:
			c.add(FieldStatus, "was marked won")
		case Lost:
			c.add(FieldStatus, "was marked lost")
		default:
			c.add(FieldStatus, "was reopened")
		}
	}
	if was.StageID != now.StageID {
		name := "another stage"
		if stageName != nil {
			name = Clean(stageName(now.StageID))
		}
		c.add(FieldStage, "was moved to "+name)
	}
	if was.SnoozedUntil != now.SnoozedUntil {
		if now.SnoozedUntil.IsZero() {
			c.add(FieldSnooze, "")
		} else {
			c.add(FieldSnooze, "was snoozed until "+now.SnoozedUntil.String())
		}
	}
	c.edited(FieldNextStep, was.NextStep != now.NextStep || was.NextDue != now.NextDue)
	c.edited(FieldValue, was.Value != now.Value)
	c.edited(FieldCloseDate, was.ExpectedClose != now.ExpectedClose)
	c.edited(FieldTitle, was.Title != now.Title)
	c.edited(FieldAccount, was.AccountID != now.AccountID)
	c.edited(FieldContact, was.ContactID != now.ContactID)
	c.edited(FieldKind, was.Kind != now.Kind)
	c.edited(FieldProbability, !samePercent(was.Probability, now.Probability))
	c.edited(FieldSource, was.Source != now.Source)
	c.edited(FieldLostReason, was.LostReason != now.LostReason)
	c.edited(FieldNotes, was.Notes != now.Notes)
	if len(c.List) == 0 && !was.LastTouchAt.Equal(now.LastTouchAt) {
		c.add(FieldTouched, "had an activity logged")
	}
	return c
}

func samePercent(a, b *int) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// AccountChanges says how now differs from was, two versions of one
// account. Last touch is reported only when nothing else changed, and
// undoing (archiving) alone when it happened.
func AccountChanges(was, now Account) Changes {
	c := Changes{Subject: fmt.Sprintf("Account %d", now.ID)}
	if archived(&c, was.Archived, now.Archived, "was undone (archived)") && now.Archived {
		return c
	}
	if was.Status != now.Status {
		switch now.Status {
		case Customer:
			c.add(FieldStatus, "became a customer")
		case Churned:
			c.add(FieldStatus, "was marked churned")
		default:
			c.add(FieldStatus, "became a prospect again")
		}
	}
	c.edited(FieldName, was.Name != now.Name)
	c.edited(FieldTier, was.Tier != now.Tier)
	c.edited(FieldIndustry, was.Industry != now.Industry)
	c.edited(FieldWebsite, was.Website != now.Website)
	c.edited(FieldCadence, was.CadenceDays != now.CadenceDays)
	c.edited(FieldChurnReason, was.ChurnReason != now.ChurnReason)
	c.edited(FieldNotes, was.Notes != now.Notes)
	c.edited(FieldCustomerSince, was.CustomerSince != now.CustomerSince)
	c.edited(FieldNextCheckIn, was.NextCheckIn != now.NextCheckIn)
	if len(c.List) == 0 && !was.LastTouchAt.Equal(now.LastTouchAt) {
		c.add(FieldTouched, "had an activity logged")
	}
	return c
}

// StageChanges says how now differs from was, two versions of one stage
// (removal alone, when it happened).
func StageChanges(was, now Stage) Changes {
	c := Changes{Subject: "Stage " + Clean(was.Name)}
	if archived(&c, was.Archived, now.Archived, "was removed") && now.Archived {
		return c
	}
	if was.Name != now.Name {
		c.add(FieldName, "was renamed to "+Clean(now.Name))
	}
	if was.Position != now.Position {
		c.add(FieldPosition, fmt.Sprintf("was moved to position %d", now.Position))
	}
	c.edited(FieldProbability, was.Probability != now.Probability)
	c.edited(FieldRotDays, was.RotDays != now.RotDays)
	return c
}

// RowChanges describes a record that has no field-by-field comparison
// (a contact, an activity, a contract): archived, restored or changed.
func RowChanges(subject string, wasArchived, nowArchived bool) Changes {
	c := Changes{Subject: subject}
	if !archived(&c, wasArchived, nowArchived, "was undone (archived)") {
		c.add("", "was changed")
	}
	return c
}

// archived adds the archiving or restoring of a record, if either
// happened, and reports whether one did.
func archived(c *Changes, was, now bool, gone string) bool {
	switch {
	case !was && now:
		c.add(FieldArchived, gone)
	case was && !now:
		c.add(FieldArchived, "was restored")
	default:
		return false
	}
	return true
}
