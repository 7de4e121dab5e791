package interchange

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"rolo/model"
)

// CSV exports are RFC 4180 (CRLF, quotes where needed), UTF-8, one file
// per kind of record, with headers rolo's own CSV import reads back.
// Money is a decimal in major units beside a currency column; dates and
// times are ISO 8601.

// guard defuses a text cell a spreadsheet would run as a formula
// (OWASP CSV injection): one starting with = + - @, tab, CR or LF gets a
// leading apostrophe.
func guard(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', '\n':
		return "'" + s
	}
	return s
}

// Major prints an amount in major units: 1234.50 (USD), 1500 (JPY).
func Major(m model.Money) string {
	exp := model.Exponent(m.Currency)
	s := strconv.FormatInt(m.Minor, 10)
	if exp == 0 {
		return s
	}
	for len(s) <= exp {
		s = "0" + s
	}
	return s[:len(s)-exp] + "." + s[len(s)-exp:]
}

func isoTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func idCell(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// csvOut writes rows; text cells go through guard, the rest (numbers,
// dates, codes rolo made) as they are.
type csvOut struct {
	w *csv.Writer
}

func newCSVOut(w io.Writer, header ...string) *csvOut {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	cw.Write(header)
	return &csvOut{w: cw}
}

func (o *csvOut) row(cells ...string) error { return o.w.Write(cells) }

func (o *csvOut) done() error {
	o.w.Flush()
	return o.w.Error()
}

// Each streams records of one kind to a callback (the store's snapshot
// readers have these shapes).
type (
	EachAccount  func(func(model.Account) error) error
	EachContact  func(func(model.Contact, string) error) error
	EachDeal     func(func(model.Deal) error) error
	EachActivity func(func(model.Activity, ActivityNames) error) error
	EachContract func(func(model.Contract, string) error) error
	EachIssue    func(func(model.SupportIssue, string) error) error
	EachSurvey   func(func(model.Survey, string, string) error) error
	EachSpend    func(func(model.AcquisitionCost) error) error
)

// ActivityNames are the names of what an activity is about.
type ActivityNames struct{ Account, Deal, Contact string }

// WriteAccountsCSV writes accounts.
func WriteAccountsCSV(w io.Writer, each EachAccount) error {
	o := newCSVOut(w, "id", "name", "status", "tier", "industry", "website", "cadence_days", "customer_since", "churn_reason",
		"last_touch", "notes", "created_at", "source_system", "external_id")
	if err := each(func(a model.Account) error {
		return o.row(idCell(a.ID), guard(a.Name), string(a.Status), guard(a.Tier), guard(a.Industry), guard(a.Website),
			strconv.Itoa(a.CadenceDays), a.CustomerSince.String(), guard(a.ChurnReason), isoTime(a.LastTouchAt), guard(a.Notes),
			isoTime(a.CreatedAt), guard(a.Ref.System), guard(a.Ref.ExternalID))
	}); err != nil {
		return err
	}
	return o.done()
}

// WriteContactsCSV writes contacts with their account's name.
func WriteContactsCSV(w io.Writer, each EachContact) error {
	o := newCSVOut(w, "id", "account", "name", "title", "email", "phone", "notes", "created_at", "source_system", "external_id")
	if err := each(func(c model.Contact, account string) error {
		return o.row(idCell(c.ID), guard(account), guard(c.Name), guard(c.Title), guard(c.Email), guard(c.Phone), guard(c.Notes),
			isoTime(c.CreatedAt), guard(c.Ref.System), guard(c.Ref.ExternalID))
	}); err != nil {
		return err
	}
	return o.done()
}

// WriteDealsCSV writes deals; stage names come from stages.
func WriteDealsCSV(w io.Writer, stages map[int64]string, each EachDeal) error {
	o := newCSVOut(w, "id", "title", "account", "contact", "kind", "stage", "status", "value", "currency", "probability",
		"expected_close", "source", "next_step", "next_step_due", "lost_reason", "notes", "created_at", "closed_at",
		"source_system", "external_id")
	if err := each(func(d model.Deal) error {
		prob := ""
		if d.Probability != nil {
			prob = strconv.Itoa(*d.Probability)
		}
		return o.row(idCell(d.ID), guard(d.Title), guard(d.AccountName), guard(d.ContactName), string(d.Kind), guard(stages[d.StageID]),
			string(d.Status), Major(d.Value), d.Value.Currency, prob, d.ExpectedClose.String(), guard(string(d.Source)),
			guard(d.NextStep), d.NextDue.String(), guard(d.LostReason), guard(d.Notes), isoTime(d.CreatedAt), isoTime(d.ClosedAt),
			guard(d.Ref.System), guard(d.Ref.ExternalID))
	}); err != nil {
		return err
	}
	return o.done()
}

// WriteActivitiesCSV writes activities (done ones with "at", tasks with "due").
func WriteActivitiesCSV(w io.Writer, each EachActivity) error {
	o := newCSVOut(w, "id", "account", "deal", "contact", "kind", "text", "at", "due", "source_system", "external_id")
	if err := each(func(a model.Activity, n ActivityNames) error {
		return o.row(idCell(a.ID), guard(n.Account), guard(n.Deal), guard(n.Contact), string(a.Kind), guard(a.Text), isoTime(a.At),
			a.Due.String(), guard(a.Ref.System), guard(a.Ref.ExternalID))
	}); err != nil {
		return err
	}
	return o.done()
}

// WriteContractsCSV writes contracts; value is per year.
func WriteContractsCSV(w io.Writer, each EachContract) error {
	o := newCSVOut(w, "id", "account", "value", "currency", "start", "end", "auto_renew", "notice_days", "notice_date", "status",
		"churn_reason", "renews_id", "source_system", "external_id")
	if err := each(func(c model.Contract, account string) error {
		auto := "no"
		if c.AutoRenew {
			auto = "yes"
		}
		return o.row(idCell(c.ID), guard(account), Major(c.Value), c.Value.Currency, c.Start.String(), c.End.String(), auto,
			strconv.Itoa(c.NoticeDays), c.NoticeDate().String(), string(c.Status), guard(c.ChurnReason), idCell(c.RenewsID),
			guard(c.Ref.System), guard(c.Ref.ExternalID))
	}); err != nil {
		return err
	}
	return o.done()
}

// WriteIssuesCSV writes support issues.
func WriteIssuesCSV(w io.Writer, each EachIssue) error {
	o := newCSVOut(w, "id", "account", "title", "severity", "opened_at", "resolved_at", "source_system", "external_id")
	if err := each(func(i model.SupportIssue, account string) error {
		return o.row(idCell(i.ID), guard(account), guard(i.Title), string(i.Severity), isoTime(i.OpenedAt), isoTime(i.ResolvedAt),
			guard(i.Ref.System), guard(i.Ref.ExternalID))
	}); err != nil {
		return err
	}
	return o.done()
}

// WriteSurveysCSV writes CSAT and NPS answers.
func WriteSurveysCSV(w io.Writer, each EachSurvey) error {
	o := newCSVOut(w, "id", "account", "contact_email", "kind", "score", "comment", "at", "source_system", "external_id")
	if err := each(func(v model.Survey, account, email string) error {
		return o.row(idCell(v.ID), guard(account), guard(email), string(v.Kind), strconv.Itoa(v.Score), guard(v.Comment), isoTime(v.At),
			guard(v.Ref.System), guard(v.Ref.ExternalID))
	}); err != nil {
		return err
	}
	return o.done()
}

// WriteSpendCSV writes acquisition spend.
func WriteSpendCSV(w io.Writer, each EachSpend) error {
	o := newCSVOut(w, "id", "date", "amount", "currency", "channel", "note", "source_system", "external_id")
	if err := each(func(c model.AcquisitionCost) error {
		return o.row(idCell(c.ID), c.Date.String(), Major(c.Amount), c.Amount.Currency, guard(string(c.Channel)), guard(c.Note),
			guard(c.Ref.System), guard(c.Ref.ExternalID))
	}); err != nil {
		return err
	}
	return o.done()
}

// CSVKinds are the kinds a CSV export writes, with their file names.
var CSVKinds = []struct {
	Kind model.RecordKind
	File string
}{
	{model.KindAccount, "accounts.csv"}, {model.KindContact, "contacts.csv"}, {model.KindDeal, "deals.csv"},
	{model.KindActivity, "activities.csv"}, {model.KindContract, "contracts.csv"}, {model.KindIssue, "issues.csv"},
	{model.KindSurvey, "surveys.csv"}, {model.KindSpend, "spend.csv"},
}

// Book is where an export reads the records from (the store's snapshot).
type Book struct {
	Stages     map[int64]string
	Accounts   EachAccount
	Contacts   EachContact
	Deals      EachDeal
	Activities EachActivity
	Contracts  EachContract
	Issues     EachIssue
	Surveys    EachSurvey
	Spend      EachSpend
}

// WriteCSV writes one kind of record from the book.
func WriteCSV(w io.Writer, kind model.RecordKind, b Book) error {
	switch kind {
	case model.KindAccount:
		return WriteAccountsCSV(w, b.Accounts)
	case model.KindContact:
		return WriteContactsCSV(w, b.Contacts)
	case model.KindDeal:
		return WriteDealsCSV(w, b.Stages, b.Deals)
	case model.KindActivity:
		return WriteActivitiesCSV(w, b.Activities)
	case model.KindContract:
		return WriteContractsCSV(w, b.Contracts)
	case model.KindIssue:
		return WriteIssuesCSV(w, b.Issues)
	case model.KindSurvey:
		return WriteSurveysCSV(w, b.Surveys)
	case model.KindSpend:
		return WriteSpendCSV(w, b.Spend)
	}
	return fmt.Errorf("rolo cannot export %q as CSV", kind)
}
