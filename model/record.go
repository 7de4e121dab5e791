package model

import "fmt"

// RecordKind names the kind of row an imported record becomes.
type RecordKind string

const (
	KindAccount  RecordKind = "account"
	KindContact  RecordKind = "contact"
	KindDeal     RecordKind = "deal"
	KindActivity RecordKind = "activity"
	KindContract RecordKind = "contract"
	KindIssue    RecordKind = "issue"
	KindSurvey   RecordKind = "survey"
	KindSpend    RecordKind = "spend"
)

// RecordKinds lists the kinds in the order an import must write them:
// everything a record points at comes before it.
var RecordKinds = []RecordKind{KindAccount, KindContact, KindDeal, KindActivity, KindContract, KindIssue, KindSurvey, KindSpend}

// Plural is the kind's name for counts ("3 deals").
func (k RecordKind) Plural() string {
	switch k {
	case KindActivity:
		return "activities"
	case KindIssue:
		return "support issues"
	case KindSurvey:
		return "survey answers"
	case KindSpend:
		return "spend entries"
	}
	return string(k) + "s"
}

// The fields an import can set, per kind. A record lists the ones its file
// provides; a re-import compares and writes only those.
const (
	FieldAccount       = "account"
	FieldContact       = "contact"
	FieldDeal          = "deal"
	FieldName          = "name"
	FieldTitle         = "title"
	FieldStatus        = "status"
	FieldTier          = "tier"
	FieldIndustry      = "industry"
	FieldWebsite       = "website"
	FieldCadence       = "cadence"
	FieldChurnReason   = "churn_reason"
	FieldNotes         = "notes"
	FieldCustomerSince = "customer_since"
	FieldEmail         = "email"
	FieldPhone         = "phone"
	FieldKind          = "kind"
	FieldStage         = "stage"
	FieldValue         = "value"
	FieldProbability   = "probability"
	FieldExpectedClose = "expected_close"
	FieldSource        = "source"
	FieldNextStep      = "next_step"
	FieldNextDue       = "next_due"
	FieldLostReason    = "lost_reason"
	FieldCreated       = "created"
	FieldClosed        = "closed"
	FieldText          = "text"
	FieldAt            = "at"
	FieldDue           = "due"
	FieldStart         = "start"
	FieldEnd           = "end"
	FieldAutoRenew     = "auto_renew"
	FieldNoticeDays    = "notice_days"
	FieldSeverity      = "severity"
	FieldOpened        = "opened"
	FieldResolved      = "resolved"
	FieldScore         = "score"
	FieldComment       = "comment"
	FieldDate          = "date"
	FieldChannel       = "channel"
	FieldArchived      = "archived"
)

// Origin is where a record came from, for messages about it.
type Origin struct {
	File     string
	Line     int    // the line its row starts on (1-based)
	RecordID string // the file's own id for it, if any
}

// Link is how a record names another: by id in this database, by the
// source system's id, by name, or (contacts) by email.
type Link struct {
	ID    int64
	Ref   Ref
	Name  string
	Email string
	// Create is set when the file itself describes the party (a Pipedrive
	// deal row carries its organization; a vCard its ORG): found nowhere,
	// it is created rather than the record rejected.
	Create bool
}

// IsZero reports whether the link names nothing.
func (l Link) IsZero() bool { return l == Link{} }

// Identity is a row's id and creation time in the database that exported
// it (rolo's own JSON): a row made in rolo has no source id, and this
// recognises it when the same export is imported again.
type Identity struct {
	ID        int64
	CreatedAt string
}

// Record is one row read from an import file, as the store should write
// it. Exactly one of the entity pointers is set, matching Kind. Problems
// lists why the row cannot be imported (it is then reported, not written).
type Record struct {
	Kind     RecordKind
	Origin   Origin
	Ref      Ref
	Fields   []string // the fields the file provides
	Problems []string
	Raw      []string // the row's cells as read, for the rejects file
	Archived bool     // rolo's own JSON: the row was archived

	Account  *Account
	Contact  *Contact
	Deal     *Deal
	Activity *Activity
	Contract *Contract
	Issue    *SupportIssue
	Survey   *Survey
	Spend    *AcquisitionCost

	AccountLink Link
	ContactLink Link
	DealLink    Link
	Identity    *Identity
}

// Has reports whether the record's file provides field f.
func (r *Record) Has(f string) bool {
	for _, x := range r.Fields {
		if x == f {
			return true
		}
	}
	return false
}

// Problem adds a reason the record cannot be imported.
func (r *Record) Problem(format string, args ...any) {
	r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
}
