package model

import "fmt"

// The kinds of record an import writes beyond those a typed id can name
// (model.RecordKind in target.go).
const (
	KindActivity RecordKind = "activity"
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
	ImportAccount       = "account"
	ImportContact       = "contact"
	ImportDeal          = "deal"
	ImportName          = "name"
	ImportTitle         = "title"
	ImportStatus        = "status"
	ImportTier          = "tier"
	ImportIndustry      = "industry"
	ImportWebsite       = "website"
	ImportCadence       = "cadence"
	ImportChurnReason   = "churn_reason"
	ImportNotes         = "notes"
	ImportCustomerSince = "customer_since"
	ImportEmail         = "email"
	ImportPhone         = "phone"
	ImportKind          = "kind"
	ImportStage         = "stage"
	ImportValue         = "value"
	ImportProbability   = "probability"
	ImportExpectedClose = "expected_close"
	ImportSource        = "source"
	ImportNextStep      = "next_step"
	ImportNextDue       = "next_due"
	ImportLostReason    = "lost_reason"
	ImportCreated       = "created"
	ImportClosed        = "closed"
	ImportText          = "text"
	ImportAt            = "at"
	ImportDue           = "due"
	ImportStart         = "start"
	ImportEnd           = "end"
	ImportAutoRenew     = "auto_renew"
	ImportNoticeDays    = "notice_days"
	ImportSeverity      = "severity"
	ImportOpened        = "opened"
	ImportResolved      = "resolved"
	ImportScore         = "score"
	ImportComment       = "comment"
	ImportDate          = "date"
	ImportChannel       = "channel"
	ImportArchived      = "archived"
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
