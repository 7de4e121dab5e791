package interchange

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"rolo/model"
)

// JSONMerger turns the rows of a rolo JSON export into records, for a
// database that already holds a book (a blank one is restored verbatim
// instead). Rows keep their source ids; rows made in rolo are recognised
// by their id and creation time, so importing the same export twice
// changes nothing. References are translated to this database's ids.
// Deal history, stages and settings stay with the database.
type JSONMerger struct {
	file    string
	stages  *StageMap
	stageOf map[int64]string           // the export's stage ids → names
	ids     map[string]map[int64]int64 // table → export id → this database's id
	Skipped map[string]int             // rows not merged, by table
}

// NewJSONMerger prepares a merge of file, mapping its stages by name.
func NewJSONMerger(file string, stages *StageMap) *JSONMerger {
	return &JSONMerger{file: file, stages: stages, stageOf: map[int64]string{}, ids: map[string]map[int64]int64{},
		Skipped: map[string]int{}}
}

// jsonRow reads one exported row's columns.
type jsonRow struct {
	m    map[string]any
	rec  *model.Record
	line int
}

func (r *jsonRow) str(c string) string {
	if s, ok := r.m[c].(string); ok {
		return s
	}
	return ""
}

func (r *jsonRow) num(c string) int64 {
	if n, ok := r.m[c].(json.Number); ok {
		v, _ := n.Int64()
		return v
	}
	return 0
}

func (r *jsonRow) isNull(c string) bool { return r.m[c] == nil }

func (r *jsonRow) date(c string) model.Date {
	s := r.str(c)
	if s == "" {
		return model.Date{}
	}
	d, err := model.ParseISODate(s)
	if err != nil {
		r.rec.Problem("%s: %v", c, err)
	}
	return d
}

func (r *jsonRow) moment(c string) time.Time {
	s := r.str(c)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		r.rec.Problem("%s: %q is not a time", c, s)
	}
	return t
}

// Record turns an exported row into a record, or nil for rows a merge
// does not import (n is the row's number in its table, for messages).
func (m *JSONMerger) Record(table string, cols []string, vals []any, n int) *model.Record {
	r := &jsonRow{m: make(map[string]any, len(cols)), line: n}
	for i, c := range cols {
		r.m[c] = vals[i]
	}
	if table == "stages" {
		m.stageOf[r.num("id")] = r.str("name")
		return nil
	}
	kind, ok := map[string]model.RecordKind{"accounts": model.KindAccount, "contacts": model.KindContact, "deals": model.KindDeal,
		"activities": model.KindActivity, "contracts": model.KindContract, "support_issues": model.KindIssue,
		"surveys": model.KindSurvey, "acquisition_costs": model.KindSpend}[table]
	if !ok {
		m.Skipped[table]++
		return nil
	}
	id := r.num("id")
	rec := &model.Record{Kind: kind, Origin: model.Origin{File: m.file, Line: n, RecordID: fmt.Sprintf("%s %d", table, id)},
		Archived: !r.isNull("archived_at")}
	r.rec = rec
	rec.Ref = model.Ref{System: r.str("source_system"), ExternalID: r.str("external_id")}
	if rec.Ref.ExternalID == "" {
		rec.Ref = model.Ref{System: "rolo", ExternalID: strconv.FormatInt(id, 10)}
		created := r.str("created_at")
		switch table {
		case "support_issues":
			created = r.str("opened_at")
		case "surveys":
			created = r.str("at")
		case "acquisition_costs":
			created = r.str("date")
		}
		rec.Identity = &model.Identity{ID: id, CreatedAt: created}
	}
	link := func(t, c string) model.Link {
		fileID := r.num(c)
		if fileID == 0 {
			return model.Link{}
		}
		if dbID, ok := m.ids[t][fileID]; ok && dbID != 0 {
			return model.Link{ID: dbID}
		}
		rec.Problem("%s points at %s %d, which this import did not bring in", c, t, fileID)
		return model.Link{}
	}
	switch kind {
	case model.KindAccount:
		rec.Account = &model.Account{Name: r.str("name"), Status: model.AccountStatus(r.str("status")), Tier: r.str("tier"),
			Industry: r.str("industry"), Website: r.str("website"), CadenceDays: int(r.num("cadence_days")),
			ChurnReason: r.str("churn_reason"), Notes: r.str("notes"), CustomerSince: r.date("customer_since"),
			LastTouchAt: r.moment("last_touch_at"), CreatedAt: r.moment("created_at")}
	case model.KindContact:
		rec.AccountLink = link("accounts", "account_id")
		rec.Contact = &model.Contact{Name: r.str("name"), Title: r.str("title"), Email: r.str("email"), Phone: r.str("phone"),
			Notes: r.str("notes"), CreatedAt: r.moment("created_at")}
	case model.KindDeal:
		rec.AccountLink = link("accounts", "account_id")
		rec.ContactLink = link("contacts", "contact_id")
		d := &model.Deal{Title: r.str("title"), Kind: model.DealKind(r.str("kind")), Status: model.DealStatus(r.str("status")),
			Value:         model.Money{Minor: r.num("value_minor"), Currency: r.str("currency")},
			ExpectedClose: r.date("expected_close"), Source: model.Source(r.str("source")), NextStep: r.str("next_step"),
			NextDue: r.date("next_due"), LostReason: r.str("lost_reason"), Notes: r.str("notes"), CreatedAt: r.moment("created_at"),
			ClosedAt: r.moment("closed_at"), LastTouchAt: r.moment("last_touch_at")}
		if !r.isNull("probability") {
			p := int(r.num("probability"))
			d.Probability = &p
		}
		name, ok := m.stageOf[r.num("stage_id")]
		if !ok {
			rec.Problem("stage %d is not in the export's stages", r.num("stage_id"))
		} else if id, _, ok := m.stages.Resolve(name, m.file); ok {
			d.StageID = id
		} else {
			rec.Problem("stage %q is not mapped to a rolo stage (see the --stage-map lines below)", name)
		}
		rec.Deal = d
	case model.KindActivity:
		rec.AccountLink = link("accounts", "account_id")
		rec.DealLink = link("deals", "deal_id")
		rec.ContactLink = link("contacts", "contact_id")
		rec.Activity = &model.Activity{Kind: model.ActivityKind(r.str("kind")), Text: r.str("text"), At: r.moment("at"),
			Due: r.date("due"), CreatedAt: r.moment("created_at")}
	case model.KindContract:
		rec.AccountLink = link("accounts", "account_id")
		rec.DealLink = link("deals", "deal_id")
		rec.Contract = &model.Contract{Value: model.Money{Minor: r.num("value_minor"), Currency: r.str("currency")},
			Start: r.date("start_date"), End: r.date("end_date"), AutoRenew: r.num("auto_renew") == 1,
			NoticeDays: int(r.num("notice_days")), Status: model.ContractStatus(r.str("status")), ChurnReason: r.str("churn_reason"),
			CreatedAt: r.moment("created_at")}
	case model.KindIssue:
		rec.AccountLink = link("accounts", "account_id")
		rec.Issue = &model.SupportIssue{Title: r.str("title"), Severity: model.Severity(r.str("severity")),
			OpenedAt: r.moment("opened_at"), ResolvedAt: r.moment("resolved_at")}
	case model.KindSurvey:
		rec.AccountLink = link("accounts", "account_id")
		rec.ContactLink = link("contacts", "contact_id")
		rec.Survey = &model.Survey{Kind: model.SurveyKind(r.str("kind")), Score: int(r.num("score")), Comment: r.str("comment"),
			At: r.moment("at")}
	case model.KindSpend:
		rec.Spend = &model.AcquisitionCost{Date: r.date("date"), Amount: model.Money{Minor: r.num("amount_minor"),
			Currency: r.str("currency")}, Channel: model.SpendChannel(r.str("channel")), Note: r.str("note")}
	}
	return rec
}

// Imported records which row of this database an exported row became.
func (m *JSONMerger) Imported(table string, exportID, id int64) {
	if m.ids[table] == nil {
		m.ids[table] = map[int64]int64{}
	}
	m.ids[table][exportID] = id
}

// ExportID is the id a record had in the exported database.
func ExportID(rec *model.Record) int64 {
	var table string
	var id int64
	fmt.Sscanf(rec.Origin.RecordID, "%s %d", &table, &id)
	return id
}
