package store

import (
	"encoding/binary"
	"hash/fnv"
	"strconv"
	"time"

	"rolo/model"
)

// row is one imported table row as the import engine handles it: the
// model value plus what the model does not carry.
type row[T any] struct {
	ID       int64
	V        T
	Archived bool
	Imported []uint64 // per field, the hash of what the last import wrote; 0 = never imported
}

// field is one importable column: its name (model.Field*), its canonical
// text (compared and hashed), and how to copy it from the file's row.
type field[T any] struct {
	name  string
	value func(*row[T]) string
	take  func(dst, src *row[T])
}

// hashValue is the stable 64-bit hash stored per field; 0 means "never
// imported", so a real 0 becomes 1.
func hashValue(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	if v := h.Sum64(); v != 0 {
		return v
	}
	return 1
}

func encodeHashes(hs []uint64) []byte {
	b := make([]byte, 8*len(hs))
	for i, h := range hs {
		binary.BigEndian.PutUint64(b[8*i:], h)
	}
	return b
}

func decodeHashes(b []byte, n int) []uint64 {
	hs := make([]uint64, n)
	for i := 0; i < n && 8*i+8 <= len(b); i++ {
		hs[i] = binary.BigEndian.Uint64(b[8*i:])
	}
	return hs
}

func tsText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return timestamp(t)
}

func idText(id int64) string { return strconv.FormatInt(id, 10) }

func boolText(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func moneyText(m model.Money) string { return strconv.FormatInt(m.Minor, 10) + " " + m.Currency }

func archivedField[T any]() field[T] {
	return field[T]{model.ImportArchived, func(r *row[T]) string { return boolText(r.Archived) },
		func(d, s *row[T]) { d.Archived = s.Archived }}
}

// f builds a field from a getter and a setter on the model value.
func f[T any](name string, get func(*T) string, set func(dst, src *T)) field[T] {
	return field[T]{name, func(r *row[T]) string { return get(&r.V) }, func(d, s *row[T]) { set(&d.V, &s.V) }}
}

var accountFields = []field[model.Account]{
	f(model.ImportName, func(a *model.Account) string { return a.Name }, func(d, s *model.Account) { d.Name = s.Name }),
	f(model.ImportStatus, func(a *model.Account) string { return string(a.Status) }, func(d, s *model.Account) { d.Status = s.Status }),
	f(model.ImportTier, func(a *model.Account) string { return a.Tier }, func(d, s *model.Account) { d.Tier = s.Tier }),
	f(model.ImportIndustry, func(a *model.Account) string { return a.Industry }, func(d, s *model.Account) { d.Industry = s.Industry }),
	f(model.ImportWebsite, func(a *model.Account) string { return a.Website }, func(d, s *model.Account) { d.Website = s.Website }),
	f(model.ImportCadence, func(a *model.Account) string { return strconv.Itoa(a.CadenceDays) }, func(d, s *model.Account) { d.CadenceDays = s.CadenceDays }),
	f(model.ImportChurnReason, func(a *model.Account) string { return a.ChurnReason }, func(d, s *model.Account) { d.ChurnReason = s.ChurnReason }),
	f(model.ImportNotes, func(a *model.Account) string { return a.Notes }, func(d, s *model.Account) { d.Notes = s.Notes }),
	f(model.ImportCustomerSince, func(a *model.Account) string { return a.CustomerSince.String() }, func(d, s *model.Account) { d.CustomerSince = s.CustomerSince }),
	f(model.ImportCreated, func(a *model.Account) string { return tsText(a.CreatedAt) }, func(d, s *model.Account) { d.CreatedAt = s.CreatedAt }),
	archivedField[model.Account](),
}

var contactFields = []field[model.Contact]{
	f(model.ImportAccount, func(c *model.Contact) string { return idText(c.AccountID) }, func(d, s *model.Contact) { d.AccountID = s.AccountID }),
	f(model.ImportName, func(c *model.Contact) string { return c.Name }, func(d, s *model.Contact) { d.Name = s.Name }),
	f(model.ImportTitle, func(c *model.Contact) string { return c.Title }, func(d, s *model.Contact) { d.Title = s.Title }),
	f(model.ImportEmail, func(c *model.Contact) string { return c.Email }, func(d, s *model.Contact) { d.Email = s.Email }),
	f(model.ImportPhone, func(c *model.Contact) string { return c.Phone }, func(d, s *model.Contact) { d.Phone = s.Phone }),
	f(model.ImportNotes, func(c *model.Contact) string { return c.Notes }, func(d, s *model.Contact) { d.Notes = s.Notes }),
	f(model.ImportCreated, func(c *model.Contact) string { return tsText(c.CreatedAt) }, func(d, s *model.Contact) { d.CreatedAt = s.CreatedAt }),
	archivedField[model.Contact](),
}

var dealFields = []field[model.Deal]{
	f(model.ImportAccount, func(d *model.Deal) string { return idText(d.AccountID) }, func(d, s *model.Deal) { d.AccountID = s.AccountID }),
	f(model.ImportContact, func(d *model.Deal) string { return idText(d.ContactID) }, func(d, s *model.Deal) { d.ContactID = s.ContactID }),
	f(model.ImportTitle, func(d *model.Deal) string { return d.Title }, func(d, s *model.Deal) { d.Title = s.Title }),
	f(model.ImportKind, func(d *model.Deal) string { return string(d.Kind) }, func(d, s *model.Deal) { d.Kind = s.Kind }),
	f(model.ImportStage, func(d *model.Deal) string { return idText(d.StageID) }, func(d, s *model.Deal) { d.StageID = s.StageID }),
	f(model.ImportStatus, func(d *model.Deal) string { return string(d.Status) }, func(d, s *model.Deal) { d.Status = s.Status }),
	f(model.ImportValue, func(d *model.Deal) string { return moneyText(d.Value) }, func(d, s *model.Deal) { d.Value = s.Value }),
	f(model.ImportProbability, func(d *model.Deal) string {
		if d.Probability == nil {
			return ""
		}
		return strconv.Itoa(*d.Probability)
	}, func(d, s *model.Deal) { d.Probability = s.Probability }),
	f(model.ImportExpectedClose, func(d *model.Deal) string { return d.ExpectedClose.String() }, func(d, s *model.Deal) { d.ExpectedClose = s.ExpectedClose }),
	f(model.ImportSource, func(d *model.Deal) string { return string(d.Source) }, func(d, s *model.Deal) { d.Source = s.Source }),
	f(model.ImportNextStep, func(d *model.Deal) string { return d.NextStep }, func(d, s *model.Deal) { d.NextStep = s.NextStep }),
	f(model.ImportNextDue, func(d *model.Deal) string { return d.NextDue.String() }, func(d, s *model.Deal) { d.NextDue = s.NextDue }),
	f(model.ImportLostReason, func(d *model.Deal) string { return d.LostReason }, func(d, s *model.Deal) { d.LostReason = s.LostReason }),
	f(model.ImportNotes, func(d *model.Deal) string { return d.Notes }, func(d, s *model.Deal) { d.Notes = s.Notes }),
	f(model.ImportCreated, func(d *model.Deal) string { return tsText(d.CreatedAt) }, func(d, s *model.Deal) { d.CreatedAt = s.CreatedAt }),
	f(model.ImportClosed, func(d *model.Deal) string { return tsText(d.ClosedAt) }, func(d, s *model.Deal) { d.ClosedAt = s.ClosedAt }),
	archivedField[model.Deal](),
}

var activityFields = []field[model.Activity]{
	f(model.ImportAccount, func(a *model.Activity) string { return idText(a.AccountID) }, func(d, s *model.Activity) { d.AccountID = s.AccountID }),
	f(model.ImportDeal, func(a *model.Activity) string { return idText(a.DealID) }, func(d, s *model.Activity) { d.DealID = s.DealID }),
	f(model.ImportContact, func(a *model.Activity) string { return idText(a.ContactID) }, func(d, s *model.Activity) { d.ContactID = s.ContactID }),
	f(model.ImportKind, func(a *model.Activity) string { return string(a.Kind) }, func(d, s *model.Activity) { d.Kind = s.Kind }),
	f(model.ImportText, func(a *model.Activity) string { return a.Text }, func(d, s *model.Activity) { d.Text = s.Text }),
	f(model.ImportAt, func(a *model.Activity) string { return tsText(a.At) }, func(d, s *model.Activity) { d.At = s.At }),
	f(model.ImportDue, func(a *model.Activity) string { return a.Due.String() }, func(d, s *model.Activity) { d.Due = s.Due }),
	f(model.ImportCreated, func(a *model.Activity) string { return tsText(a.CreatedAt) }, func(d, s *model.Activity) { d.CreatedAt = s.CreatedAt }),
	archivedField[model.Activity](),
}

var contractFields = []field[model.Contract]{
	f(model.ImportAccount, func(c *model.Contract) string { return idText(c.AccountID) }, func(d, s *model.Contract) { d.AccountID = s.AccountID }),
	f(model.ImportDeal, func(c *model.Contract) string { return idText(c.DealID) }, func(d, s *model.Contract) { d.DealID = s.DealID }),
	f(model.ImportValue, func(c *model.Contract) string { return moneyText(c.Value) }, func(d, s *model.Contract) { d.Value = s.Value }),
	f(model.ImportStart, func(c *model.Contract) string { return c.Start.String() }, func(d, s *model.Contract) { d.Start = s.Start }),
	f(model.ImportEnd, func(c *model.Contract) string { return c.End.String() }, func(d, s *model.Contract) { d.End = s.End }),
	f(model.ImportAutoRenew, func(c *model.Contract) string { return boolText(c.AutoRenew) }, func(d, s *model.Contract) { d.AutoRenew = s.AutoRenew }),
	f(model.ImportNoticeDays, func(c *model.Contract) string { return strconv.Itoa(c.NoticeDays) }, func(d, s *model.Contract) { d.NoticeDays = s.NoticeDays }),
	f(model.ImportStatus, func(c *model.Contract) string { return string(c.Status) }, func(d, s *model.Contract) { d.Status = s.Status }),
	f(model.ImportChurnReason, func(c *model.Contract) string { return c.ChurnReason }, func(d, s *model.Contract) { d.ChurnReason = s.ChurnReason }),
	f(model.ImportCreated, func(c *model.Contract) string { return tsText(c.CreatedAt) }, func(d, s *model.Contract) { d.CreatedAt = s.CreatedAt }),
	archivedField[model.Contract](),
}

var issueFields = []field[model.SupportIssue]{
	f(model.ImportAccount, func(i *model.SupportIssue) string { return idText(i.AccountID) }, func(d, s *model.SupportIssue) { d.AccountID = s.AccountID }),
	f(model.ImportTitle, func(i *model.SupportIssue) string { return i.Title }, func(d, s *model.SupportIssue) { d.Title = s.Title }),
	f(model.ImportSeverity, func(i *model.SupportIssue) string { return string(i.Severity) }, func(d, s *model.SupportIssue) { d.Severity = s.Severity }),
	f(model.ImportOpened, func(i *model.SupportIssue) string { return tsText(i.OpenedAt) }, func(d, s *model.SupportIssue) { d.OpenedAt = s.OpenedAt }),
	f(model.ImportResolved, func(i *model.SupportIssue) string { return tsText(i.ResolvedAt) }, func(d, s *model.SupportIssue) { d.ResolvedAt = s.ResolvedAt }),
	archivedField[model.SupportIssue](),
}

var surveyFields = []field[model.Survey]{
	f(model.ImportAccount, func(v *model.Survey) string { return idText(v.AccountID) }, func(d, s *model.Survey) { d.AccountID = s.AccountID }),
	f(model.ImportContact, func(v *model.Survey) string { return idText(v.ContactID) }, func(d, s *model.Survey) { d.ContactID = s.ContactID }),
	f(model.ImportKind, func(v *model.Survey) string { return string(v.Kind) }, func(d, s *model.Survey) { d.Kind = s.Kind }),
	f(model.ImportScore, func(v *model.Survey) string { return strconv.Itoa(v.Score) }, func(d, s *model.Survey) { d.Score = s.Score }),
	f(model.ImportComment, func(v *model.Survey) string { return v.Comment }, func(d, s *model.Survey) { d.Comment = s.Comment }),
	f(model.ImportAt, func(v *model.Survey) string { return tsText(v.At) }, func(d, s *model.Survey) { d.At = s.At }),
	archivedField[model.Survey](),
}

var spendFields = []field[model.AcquisitionCost]{
	f(model.ImportDate, func(c *model.AcquisitionCost) string { return c.Date.String() }, func(d, s *model.AcquisitionCost) { d.Date = s.Date }),
	f(model.ImportValue, func(c *model.AcquisitionCost) string { return moneyText(c.Amount) }, func(d, s *model.AcquisitionCost) { d.Amount = s.Amount }),
	f(model.ImportChannel, func(c *model.AcquisitionCost) string { return string(c.Channel) }, func(d, s *model.AcquisitionCost) { d.Channel = s.Channel }),
	f(model.ImportNotes, func(c *model.AcquisitionCost) string { return c.Note }, func(d, s *model.AcquisitionCost) { d.Note = s.Note }),
	archivedField[model.AcquisitionCost](),
}

// FieldNames lists the fields an import can set for a kind, for --map help
// and for records that provide everything (rolo's own JSON).
func FieldNames(k model.RecordKind) []string {
	switch k {
	case model.KindAccount:
		return names(accountFields)
	case model.KindContact:
		return names(contactFields)
	case model.KindDeal:
		return names(dealFields)
	case model.KindActivity:
		return names(activityFields)
	case model.KindContract:
		return names(contractFields)
	case model.KindIssue:
		return names(issueFields)
	case model.KindSurvey:
		return names(surveyFields)
	case model.KindSpend:
		return names(spendFields)
	}
	return nil
}

func names[T any](fs []field[T]) []string {
	out := make([]string, len(fs))
	for i, x := range fs {
		out[i] = x.name
	}
	return out
}
