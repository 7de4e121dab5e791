package model

import (
	"fmt"
	"strings"
	"time"
)

// TimelineKind names what an entry of an account's timeline records.
type TimelineKind string

const (
	TimelineActivity      TimelineKind = "activity"       // a touch logged, or a task
	TimelineDeal          TimelineKind = "deal"           // a deal created, moved, won, lost or reopened
	TimelineIssueOpened   TimelineKind = "issue opened"   // a support issue raised
	TimelineIssueResolved TimelineKind = "issue resolved" // … and resolved
	TimelineSurvey        TimelineKind = "survey"         // a CSAT or NPS answer
	TimelineContract      TimelineKind = "contract"       // a contract starting (a renewal, an add-on)
)

// TimelineEntry is one event of an account's history, newest first on
// the account page.
type TimelineEntry struct {
	Kind TimelineKind
	ID   int64     // the activity, deal event, issue, survey answer or contract
	At   time.Time // when it happened
	// Day is the civil day of entries that are days, not moments: a task
	// still due, a contract's start.
	Day Date

	Activity ActivityKind // activities
	Text     string       // an activity's text, a survey comment, a resolution note, a lost reason
	DealID   int64        // deal events, and activities about a deal
	Deal     string       // the deal's title
	Event    DealEventKind
	From, To string // a stage move's stages; a status event's new status in To
	Contact  string // who: an activity's or an answer's contact
	Issue    string // an issue's title
	Severity Severity
	Survey   SurveyKind
	Score    int
	Value    Money // a new deal's value, a contract's value per year
	Start    Date  // contracts
	End      Date
	Renews   bool // a contract renewing an earlier one
}

// Due reports a task not done yet.
func (e TimelineEntry) Due() bool { return e.Kind == TimelineActivity && e.At.IsZero() }

// Label is the entry's kind in a word or two: "call", "task", "deal",
// "issue", "CSAT", "contract".
func (e TimelineEntry) Label() string {
	switch e.Kind {
	case TimelineActivity:
		return string(e.Activity)
	case TimelineIssueOpened, TimelineIssueResolved:
		return "issue"
	case TimelineSurvey:
		return strings.ToUpper(string(e.Survey))
	}
	return string(e.Kind)
}

// Summary says what happened in one line (not cleaned for display).
func (e TimelineEntry) Summary() string {
	switch e.Kind {
	case TimelineActivity:
		s := e.Text
		if e.Deal != "" {
			s += " · on " + e.Deal
		}
		if e.Contact != "" {
			s += " · with " + e.Contact
		}
		return s
	case TimelineDeal:
		switch e.Event {
		case EventCreated:
			return fmt.Sprintf("New deal: %s (%s)", e.Deal, e.Value.String())
		case EventStage:
			return fmt.Sprintf("%s moved %s → %s", e.Deal, e.From, e.To)
		}
		switch DealStatus(e.To) {
		case Won:
			return "Won " + e.Deal
		case Lost:
			return "Lost " + e.Deal + ": " + e.Text
		}
		return "Reopened " + e.Deal
	case TimelineIssueOpened:
		return fmt.Sprintf("Opened (%s): %s", e.Severity, e.Issue)
	case TimelineIssueResolved:
		if e.Text == "" {
			return "Resolved: " + e.Issue
		}
		return "Resolved: " + e.Issue + " — " + e.Text
	case TimelineSurvey:
		s := e.Answer()
		if e.Text != "" {
			s += " · " + e.Text
		}
		if e.Contact != "" {
			s += " — " + e.Contact
		}
		return s
	}
	what := "Contract started"
	if e.Renews {
		what = "Renewal started"
	}
	return fmt.Sprintf("%s: %s a year, %s → %s (%s)", what, e.Value.String(), e.Start, e.End, e.To)
}

// Answer is a survey entry's score: "CSAT 4/5", "NPS 9/10".
func (e TimelineEntry) Answer() string {
	if e.Survey == NPS {
		return fmt.Sprintf("NPS %d/10", e.Score)
	}
	return fmt.Sprintf("CSAT %d/5", e.Score)
}

// When is the entry's day and time as a person reads it: "Fri Nov 20
// 14:05", or "due Dec 5" for a task, "Jan 1 2026" for a contract's start.
func (e TimelineEntry) When(clock Clock) string {
	today := clock.Today()
	switch {
	case e.Due():
		return "due " + e.Day.Long(today)
	case e.Kind == TimelineContract:
		return e.Start.Long(today)
	}
	t := e.At.In(clock.Now().Location())
	return DateOf(t).Long(today) + " " + t.Format("15:04")
}

// Date is the entry's civil day: the due day of a task, the start of a
// contract, else the day it happened in the clock's zone.
func (e TimelineEntry) Date(clock Clock) Date {

	if !e.Day.IsZero() {
		return e.Day
	}
	return clock.DateOf(e.At)
}

// Full is the whole entry, every line of it, for reading in full (not
// cleaned for display).
func (e TimelineEntry) Full(clock Clock) string {
	lines := []string{e.When(clock) + " · " + e.Label()}
	add := func(label, v string) {
		if strings.TrimSpace(v) != "" {
			lines = append(lines, label+": "+v)
		}
	}
	switch e.Kind {
	case TimelineActivity:
		add("Deal", e.Deal)
		add("With", e.Contact)
		lines = append(lines, "", e.Text)
	case TimelineDeal:
		lines = append(lines, "", e.Summary())
	case TimelineIssueOpened, TimelineIssueResolved:
		add("Issue", e.Issue)
		add("Severity", string(e.Severity))
		add("Resolution", e.Text)
	case TimelineSurvey:
		add("Answer", e.Answer())
		add("From", e.Contact)
		if e.Text != "" {
			lines = append(lines, "", e.Text)
		}
	case TimelineContract:
		lines = append(lines, "", e.Summary())
	}
	return strings.Join(lines, "\n")
}
