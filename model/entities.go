package model

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"
)

// Ref remembers where an imported row came from so that re-importing the
// same file updates it instead of adding a duplicate.
type Ref struct {
	System     string // "hubspot", "pipedrive", "csv", … ("" for rows made in rolo)
	ExternalID string
}

// AccountStatus is where an account is in its life with us.
type AccountStatus string

const (
	Prospect AccountStatus = "prospect"
	Customer AccountStatus = "customer"
	Churned  AccountStatus = "churned"
)

// AccountStatuses lists the statuses in display order.
var AccountStatuses = []AccountStatus{Prospect, Customer, Churned}

// DefaultCadenceDays is how often a customer expects a check-in unless set.
const DefaultCadenceDays = 30

// Account is a company we sell to or look after.
type Account struct {
	ID            int64
	Name          string
	Status        AccountStatus
	Tier          string // e.g. "enterprise", "mid-market", "smb"
	Industry      string
	Website       string
	CadenceDays   int // days between check-ins a customer expects
	ChurnReason   string
	Notes         string
	CustomerSince Date
	LastTouchAt   time.Time // latest activity done, issue opened or resolved, or survey answer; zero if never touched
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Archived      bool
	Ref           Ref
	Version       int64 // bumped by every change to the stored row; see store.ErrStale

	// NextCheckIn, when set, is the day the next check-in is due instead
	// of last touch + cadence; the next check-in logged clears it.
	NextCheckIn Date
}

// Validate checks an account before it is saved.
func (a Account) Validate() error {
	if err := checkName("name", a.Name); err != nil {
		return err
	}
	if err := oneOf("status", a.Status, AccountStatuses); err != nil {
		return err
	}
	if a.CadenceDays < 0 || a.CadenceDays > 3650 {
		return fieldErr("cadence", "must be between 0 (no cadence) and 3650 days")
	}
	if a.Status == Churned && strings.TrimSpace(a.ChurnReason) == "" {
		return fieldErr("churn reason", "say why the customer left")
	}
	for _, f := range []struct{ field, v string }{{"tier", a.Tier}, {"industry", a.Industry}, {"website", a.Website}} {
		if utf8.RuneCountInString(f.v) > MaxNameLen {
			return fieldErr(f.field, "too long (at most %d characters)", MaxNameLen)
		}
	}
	if err := checkDate("customer since", a.CustomerSince); err != nil {
		return err
	}
	if err := checkDate("next check-in", a.NextCheckIn); err != nil {
		return err
	}
	return checkText("notes", a.Notes)
}

// Contact is a person at an account.
type Contact struct {
	ID        int64
	AccountID int64
	Name      string
	Title     string
	Email     string
	Phone     string
	Notes     string
	CreatedAt time.Time
	UpdatedAt time.Time
	Archived  bool
	Ref       Ref
	Version   int64
}

// Validate checks a contact before it is saved.
func (c Contact) Validate() error {
	if c.AccountID == 0 {
		return fieldErr("account", "a contact belongs to an account; pick one")
	}
	if err := checkName("name", c.Name); err != nil {
		return err
	}
	if c.Email != "" && !looksLikeEmail(c.Email) {
		return fieldErr("email", "%q is not an email address (name@example.com)", c.Email)
	}
	return checkText("notes", c.Notes)
}

func looksLikeEmail(s string) bool {
	at := -1
	for i, r := range s {
		if r == '@' {
			if at >= 0 {
				return false
			}
			at = i
		}
		if r == ' ' || r < 0x20 {
			return false
		}
	}
	return at > 0 && at < len(s)-3 && containsDotAfter(s, at)
}

func containsDotAfter(s string, i int) bool {
	for j := i + 2; j < len(s)-1; j++ {
		if s[j] == '.' {
			return true
		}
	}
	return false
}

// ActivityKind is what kind of touch an activity was.
type ActivityKind string

const (
	Call    ActivityKind = "call"
	Email   ActivityKind = "email"
	Meeting ActivityKind = "meeting"
	Note    ActivityKind = "note"
	CheckIn ActivityKind = "check-in"
	Task    ActivityKind = "task"
)

// ActivityKinds lists the kinds in display order.
var ActivityKinds = []ActivityKind{Call, Email, Meeting, Note, CheckIn, Task}

// Activity is a touch with an account (and maybe a deal and a contact): a
// call made, an email sent, a check-in, or a task still due.
type Activity struct {
	ID        int64
	AccountID int64
	DealID    int64 // 0 if not about a deal
	ContactID int64 // 0 if nobody in particular
	Kind      ActivityKind
	Text      string
	At        time.Time // when it happened; zero while a task is not done
	Due       Date      // for tasks: when it is due
	CreatedAt time.Time
	Archived  bool
	Ref       Ref
	Version   int64
}

// Done reports whether the activity happened (as opposed to a task due).
func (a Activity) Done() bool { return !a.At.IsZero() }

// Validate checks an activity before it is saved.
func (a Activity) Validate() error {
	if a.AccountID == 0 {
		return fieldErr("account", "an activity belongs to an account; pick one")
	}
	if err := oneOf("kind", a.Kind, ActivityKinds); err != nil {
		return err
	}
	if a.At.IsZero() && a.Due.IsZero() {
		return fieldErr("when", "an activity is either done (a time) or due (a date)")
	}
	if a.Kind != Task && strings.TrimSpace(a.Text) == "" {
		return fieldErr("text", "say in one line what happened")
	}
	if err := checkDate("due", a.Due); err != nil {
		return err
	}
	return checkText("text", a.Text)
}

// ContractStatus is where a contract is in its term.
type ContractStatus string

const (
	ContractActive  ContractStatus = "active"
	ContractRenewed ContractStatus = "renewed" // replaced by the contract that renews it
	ContractChurned ContractStatus = "churned" // ended without renewal
)

// ContractStatuses lists the statuses.
var ContractStatuses = []ContractStatus{ContractActive, ContractRenewed, ContractChurned}

// Contract is what a customer pays for a term. Its end date brings it into
// the renewals queue.
type Contract struct {
	ID           int64
	AccountID    int64
	DealID       int64 // the deal that won it, 0 if none
	RenewsID     int64 // the contract this one renews, 0 if first
	Value        Money // per year
	Start        Date
	End          Date // last day of the term
	AutoRenew    bool
	NoticeDays   int // days before End the customer must give notice
	Status       ContractStatus
	ChurnReason  string
	SnoozedUntil Date
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Archived     bool
	Ref          Ref
	Version      int64
}

// Validate checks a contract before it is saved.
func (c Contract) Validate() error {
	if c.AccountID == 0 {
		return fieldErr("account", "a contract belongs to an account; pick one")
	}
	if err := checkMoney("value", c.Value); err != nil {
		return err
	}
	if c.Start.IsZero() {
		return fieldErr("start", "required")
	}
	if c.End.IsZero() {
		return fieldErr("end", "required")
	}
	if err := checkDate("start", c.Start); err != nil {
		return err
	}
	if err := checkDate("end", c.End); err != nil {
		return err
	}
	if !c.End.After(c.Start) {
		return fieldErr("end", "must be after the start (%s)", c.Start)
	}
	if c.NoticeDays < 0 || c.NoticeDays > 365 {
		return fieldErr("notice", "must be between 0 and 365 days")
	}
	if err := oneOf("status", c.Status, ContractStatuses); err != nil {
		return err
	}
	if c.Status == ContractChurned && strings.TrimSpace(c.ChurnReason) == "" {
		return fieldErr("churn reason", "say why the customer left")
	}
	return checkDate("snoozed until", c.SnoozedUntil)
}

// NoticeDate is the last day the customer can give notice.
func (c Contract) NoticeDate() Date { return c.End.AddDays(-c.NoticeDays) }

// Severity ranks a support issue.
type Severity string

const (
	SevLow    Severity = "low"
	SevNormal Severity = "normal"
	SevHigh   Severity = "high"
	SevUrgent Severity = "urgent"
)

// Severities lists severities from least to most severe.
var Severities = []Severity{SevLow, SevNormal, SevHigh, SevUrgent}

// SupportIssue is a problem a customer raised.
type SupportIssue struct {
	ID         int64
	AccountID  int64
	Title      string
	Severity   Severity
	OpenedAt   time.Time
	ResolvedAt time.Time // zero while open
	Resolution string    // what fixed it, said when resolving
	Archived   bool
	Ref        Ref
	Version    int64
}

// Open reports whether the issue is unresolved.
func (i SupportIssue) Open() bool { return i.ResolvedAt.IsZero() }

// Validate checks a support issue before it is saved.
func (i SupportIssue) Validate() error {
	if i.AccountID == 0 {
		return fieldErr("account", "an issue belongs to an account; pick one")
	}
	if err := checkName("title", i.Title); err != nil {
		return err
	}
	if err := oneOf("severity", i.Severity, Severities); err != nil {
		return err
	}
	if i.OpenedAt.IsZero() {
		return fieldErr("opened", "required")
	}
	if !i.ResolvedAt.IsZero() && i.ResolvedAt.Before(i.OpenedAt) {
		return fieldErr("resolved", "cannot be before the issue was opened")
	}
	return checkText("resolution", i.Resolution)
}

// SurveyKind is which question a survey response answers.
type SurveyKind string

const (
	CSAT SurveyKind = "csat" // "how satisfied were you?" 1–5
	NPS  SurveyKind = "nps"  // "how likely to recommend us?" 0–10
)

// Survey is one customer's answer.
type Survey struct {
	ID        int64
	AccountID int64
	ContactID int64
	Kind      SurveyKind
	Score     int
	Comment   string
	At        time.Time
	Archived  bool
	Ref       Ref
	Version   int64
}

// Validate checks a survey response before it is saved.
func (s Survey) Validate() error {
	if s.AccountID == 0 {
		return fieldErr("account", "a response belongs to an account; pick one")
	}
	switch s.Kind {
	case CSAT:
		if s.Score < 1 || s.Score > 5 {
			return fieldErr("score", "a CSAT score is 1 to 5")
		}
	case NPS:
		if s.Score < 0 || s.Score > 10 {
			return fieldErr("score", "an NPS score is 0 to 10")
		}
	default:
		return fieldErr("kind", "%q is not csat or nps", string(s.Kind))
	}
	if s.At.IsZero() {
		return fieldErr("date", "required")
	}
	return checkText("comment", s.Comment)
}

// ErrNotFound is returned when a named thing does not exist.
var ErrNotFound = errors.New("not found")
